import { invalidInput } from "./errors.js";

/** One page as a paginator sees it. */
export interface Page<T> {
  items: T[];
  /** True when another page may follow. */
  more: boolean;
  /** This page's number (1-based), when the paginator knows it. */
  page?: number;
  /** How many items match in all, where the API says so. */
  total?: number | undefined;
  /** How many pages there are in all, where the API says so. */
  pageCount?: number | undefined;
}

/** Options for {@link paginate}. */
export interface PaginateOptions {
  /** Stop after this many items. */
  maxItems?: number;
  /**
   * Fetch the next page while the caller works through the current one, so a bulk export overlaps network
   * and processing. Off by default: it may fetch one page that is never read.
   */
  prefetch?: boolean;
  /** First page number (default 1). */
  startPage?: number;
}

/** Checks paging options; a bad one is a {@link ValidationError} naming it. */
export function checkPaging(vendor: string, options: PaginateOptions): void {
  const { maxItems, startPage } = options;
  if (maxItems !== undefined && !(maxItems === Number.POSITIVE_INFINITY || (Number.isInteger(maxItems) && maxItems >= 0))) {
    throw invalidInput(vendor, "maxItems", `must be a whole number ≥ 0, got ${maxItems}`);
  }
  if (startPage !== undefined && !(Number.isInteger(startPage) && startPage >= 1)) {
    throw invalidInput(vendor, "startPage", `must be a whole number ≥ 1, got ${startPage}`);
  }
  if (options.prefetch !== undefined && typeof options.prefetch !== "boolean") throw invalidInput(vendor, "prefetch", "must be true or false");
}

/**
 * Iterates over the pages of a paged collection, fetching them lazily (one page ahead with `prefetch`).
 * Stops after the last page, an empty page, or once `enough` says so.
 */
export async function* pagesOf<T>(
  fetchPage: (page: number) => Promise<Page<T>>,
  options: PaginateOptions & { enough?: (page: Page<T>) => boolean } = {},
): AsyncGenerator<Page<T>, void, undefined> {
  let number = options.startPage ?? 1;
  let next: Promise<Page<T>> | undefined = fetchPage(number);
  try {
    while (next) {
      const current: Page<T> = await next;
      next = undefined;
      const more = current.more && current.items.length > 0 && !options.enough?.(current);
      if (more && options.prefetch) {
        next = fetchPage(++number);
        // Handled when the loop reaches it; until then a rejection must not count as unhandled.
        next.catch(() => {});
      }
      yield current;
      if (more && !options.prefetch) next = fetchPage(++number);
    }
  } finally {
    // A page fetched ahead that nobody will read must not surface as an unhandled rejection.
    next?.catch(() => {});
  }
}

/**
 * Iterates over every item of a paged collection, page by page (see {@link pagesOf}), up to `maxItems`.
 * Bad options are a {@link ValidationError} when iteration starts.
 */
export async function* paginate<T>(
  fetchPage: (page: number) => Promise<Page<T>>,
  options: PaginateOptions & { vendor?: string } = {},
): AsyncGenerator<T, void, undefined> {
  checkPaging(options.vendor ?? "callspec", options);
  const max = options.maxItems ?? Number.POSITIVE_INFINITY;
  if (max === 0) return;
  let yielded = 0;
  const enough = (page: Page<T>) => yielded + page.items.length >= max;
  for await (const page of pagesOf(fetchPage, { ...options, enough })) {
    for (const item of page.items) {
      yield item;
      if (++yielded >= max) return;
    }
  }
}
