import type { ClientCore } from "./client.js";
import { call } from "./client.js";
import { invalidInput, ServerError } from "./errors.js";
import { checkPaging, pagesOf, paginate, type Page, type PaginateOptions } from "./paginate.js";
import type { PaginationDefinition } from "./vendor.js";

/** Options of a client's `paginate` and `pages`: paging, the list's path parameters, and its other query parameters. */
export type ListOptions = PaginateOptions & { path?: Record<string, unknown> } & Record<string, unknown>;

/** Every item of a list, page by page, as the vendor pages (`paginate`). Bad options throw a ValidationError at once. */
export function listItems(core: ClientCore, path: string, options: ListOptions = {}): AsyncGenerator<unknown, void, undefined> {
  const fetchPage = pageFetcher(core, path, options);
  return paginate(fetchPage, { ...options, vendor: core.def.id });
}

/** The pages of a list with their totals, where the vendor sends them (`pages`). */
export function listPages(core: ClientCore, path: string, options: ListOptions = {}): AsyncGenerator<Page<unknown>, void, undefined> {
  const fetchPage = pageFetcher(core, path, options);
  return pagesOf(fetchPage, options);
}

/**
 * Checks the options once, before any page is asked for, and returns the function fetching page `n`.
 * The query is prepared (a filter parsed and checked) once for all pages.
 */
function pageFetcher(core: ClientCore, path: string, options: ListOptions): (page: number) => Promise<Page<unknown>> {
  const paging = core.def.pagination;
  const vendor = core.def.id;
  if (!paging) throw invalidInput(vendor, "paginate", `${core.def.name} has no paged lists`);
  if (/\}$/.test(path)) throw invalidInput(vendor, "path", `${path} is a single resource, not a list`);
  checkPaging(vendor, options);
  const { maxItems: _max, prefetch: _ahead, startPage, path: pathParams, ...rest } = options;
  const size = pageSize(vendor, paging, rest[paging.sizeParam]);
  const start = startPage ?? 1;
  const asked = { ...rest, [paging.sizeParam]: size, [paging.pageParam]: start };
  const query = core.def.prepareQuery ? core.def.prepareQuery(asked, core.queryMemo) : asked;
  // Items before the start page count as seen, against a total that counts every match.
  let seen = (start - 1) * size;
  return async (page) => {
    const params = { query: { ...query, [paging.pageParam]: page }, ...(pathParams ? { path: pathParams } : {}) };
    const result = (await call(core, "GET", path, { params }, { mode: "throw", queryPrepared: true })) as { data: unknown; response: Response };
    const read = paging.readPage(result.data);
    if (!read) {
      const status = result.response.status;
      throw new ServerError({
        vendor,
        status,
        method: "GET",
        url: path,
        message: `${core.def.name} answered HTTP ${status} without a list body (GET ${path})`,
      });
    }
    seen += read.items.length;
    // Not `length >= size` where the vendor says more: a server may cap pages below the size asked for.
    const more = read.pageCount !== undefined ? page < read.pageCount : read.total !== undefined ? seen < read.total : read.items.length >= size;
    return { items: read.items, more, page, total: read.total, pageCount: read.pageCount };
  };
}

function pageSize(vendor: string, paging: PaginationDefinition, value: unknown): number {
  if (value === undefined) return paging.defaultSize;
  const max = paging.maxSize ?? Number.MAX_SAFE_INTEGER;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    throw invalidInput(vendor, paging.sizeParam, `must be a whole number from 1 to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}
