/**
 * Where a page of a list starts and where its Newer / Older buttons lead: the one rule the
 * console's pagers follow, whether the rows are all loaded (the payout statement's batches and
 * months, the sales: `usePaged`); and the deliveries owed, fetched a page at a time newest first
 * (GET /v1/provider/grants?before=&limit=: `GrantPages`). No JSX, so tests read it without a browser.
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

/**
 * The deliveries owed, a page at a time as the API pages a newest-first list: the first page without `before` (by
 * offset 0, so it says the total, counted up to 10,000), each older one `before` the page above's `next` (its last
 * grant id), with `count=1` so it says the total too: "of N" is as current on every page as on the first (it said
 * the first page's count, read again only back on the first page). Offsets stopped at 10,000 (OFFSET_TOO_DEEP) and skipped every row above the page; a cursor reads only
 * the page. Kept here: the `before` of each page from the first to the one shown (a stack: Older pushes the shown
 * page's `next`, Newer pops back to the page above).
 */
export class GrantPages {
  private readonly befores: number[] = [];

  constructor(readonly perPage: number) {}

  /** The first row shown (0-based): every page above it is full. */
  get from(): number {
    return this.befores.length * this.perPage;
  }

  /** Whether the page shown is the first (Newer has nowhere to go). */
  get atFirst(): boolean {
    return this.befores.length === 0;
  }

  /** The query of the page shown: `limit=`, and past the first page `before=` with `count=1` (the total counted as the first page's). */
  query(): string {
    const before = this.befores.at(-1);
    return before === undefined ? `limit=${this.perPage}` : `before=${before}&count=1&limit=${this.perPage}`;
  }

  /** To the page below the one shown, whose `next` this is. */
  older(next: number): void {
    this.befores.push(next);
  }

  /** Back to the page above (the first stays the first). */
  newer(): void {
    this.befores.pop();
  }

  /** Back to the first page. */
  first(): void {
    this.befores.length = 0;
  }
}
