/** The HSDS 3 `Page` envelope of a list response. */
export type HsdsPage<T> = {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
};

/** Where page `page` (1-based) of `perPage` starts and ends in a list of `total`. */
export function pageWindow(
  total: number,
  page: number,
  perPage: number,
): { start: number; end: number } {
  const start = Math.min((page - 1) * perPage, total);
  return { start, end: Math.min(start + perPage, total) };
}

/**
 * The envelope for `contents`, page `page` of `perPage` out of `total`. An empty list has one
 * (empty) page; a page past the end is empty and is neither first nor last unless it is page 1.
 */
export function pageOf<T>(
  contents: T[],
  total: number,
  page: number,
  perPage: number,
): HsdsPage<T> {
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page === totalPages,
    empty: contents.length === 0,
    contents,
  };
}
