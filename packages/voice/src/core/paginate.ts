/** One page as a paginator sees it. */
export interface Page<T> {
  items: T[];
  /** True when another page may follow. */
  more: boolean;
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

/**
 * Iterates over every item of a paged collection, fetching pages lazily (one page ahead with `prefetch`).
 * Stops on the last page, an empty page, or `maxItems`.
 */
export async function* paginate<T>(fetchPage: (page: number) => Promise<Page<T>>, options: PaginateOptions = {}): AsyncGenerator<T, void, undefined> {
  const max = options.maxItems ?? Number.POSITIVE_INFINITY;
  let page = options.startPage ?? 1;
  if (!(max === Number.POSITIVE_INFINITY || (Number.isInteger(max) && max >= 0))) throw new RangeError(`maxItems must be a whole number ≥ 0, got ${max}`);
  if (!(Number.isInteger(page) && page >= 1)) throw new RangeError(`startPage must be a whole number ≥ 1, got ${page}`);
  if (max === 0) return;
  let yielded = 0;
  let next: Promise<Page<T>> | undefined = fetchPage(page);
  try {
    while (next) {
      const current: Page<T> = await next;
      next = undefined;
      const more = current.more && current.items.length > 0 && yielded + current.items.length < max;
      if (more && options.prefetch) {
        next = fetchPage(++page);
        // Handled when the loop reaches it; until then a rejection must not count as unhandled.
        next.catch(() => {});
      }
      for (const item of current.items) {
        yield item;
        if (++yielded >= max) return;
      }
      if (more && !options.prefetch) next = fetchPage(++page);
    }
  } finally {
    // A page fetched ahead that nobody will read must not surface as an unhandled rejection.
    next?.catch(() => {});
  }
}
