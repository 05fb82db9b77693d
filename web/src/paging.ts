/**
 * Where a page of a list starts and where its Newer / Older buttons lead: the one rule the
 * console's pagers follow, whether the rows are all loaded (the payout statement's batches and
 * months, the sales: `usePaged`) or fetched a page at a time (the deliveries owed:
 * GET /v1/provider/grants?offset=&limit=). No JSX, so tests read it without a browser.
 */

/** Deliveries (grants owed) per page on the provider page: what it asks GET /v1/provider/grants for. */
export const DELIVERIES_PER_PAGE = 10;

export interface PageWindow {
  /** The first row shown (0-based). */
  start: number;
  /** One past the last row shown. */
  end: number;
  /** Where Newer leads (the page before), or undefined on the first page. */
  newer: number | undefined;
  /** Where Older leads (the page after), or undefined on the last page. */
  older: number | undefined;
}

/**
 * The page from `from` of `total` rows, `perPage` a page; a `from` past the end (the list
 * shrank) shows the last page instead.
 */
export function pageWindow(total: number, from: number, perPage: number): PageWindow {
  const start = from >= total ? Math.max(0, Math.floor((total - 1) / perPage) * perPage) : Math.max(0, from);
  return { start, end: Math.min(total, start + perPage), ...pageSteps(start, total, perPage) };
}

/** Where Newer and Older lead from a page starting at `from` of `total` rows. */
export function pageSteps(from: number, total: number, perPage: number): Pick<PageWindow, 'newer' | 'older'> {
  return { newer: from === 0 ? undefined : Math.max(0, from - perPage), older: from + perPage >= total ? undefined : from + perPage };
}
