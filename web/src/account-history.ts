/**
 * The account's own fills and cash settlements as the account page reads them (GET /v1/fills and
 * GET /v1/settlements through the client's listFills / listSettlements, wallet-signed; docs/protocol.md):
 * the newest HISTORY_PER_PAGE rows, read at sign-in and again when the account view changes (a trade, a
 * window's close settling a position), and older pages on "More", each from the previous page's `next`.
 * A read the exchange refused says so by name: the first read's refusal instead of the table (never
 * "No fills yet"), a later one's under the rows already shown. No JSX: account-fills.tsx shows them.
 */
import { PatxHttpError } from '../../src/client/http.js';

/** Rows one read asks for (the newest ones first; "More" asks for as many again). */
export const HISTORY_PER_PAGE = 50;

/**
 * How long to wait before each read again of a history that has not caught up with what the session
 * knows happened (the exchange keeps fills and settlements from released turns, a moment after the ack).
 */
const CATCH_UP_RETRY_MS = [300, 800, 1_500, 3_000];

export interface HistoryPage<T> {
  rows: T[];
  /** The `before` of the following page; null on the last. */
  next: number | null;
}

/** A refused read by name: the API's error code (or UNREACHABLE, TIMEOUT) and its message. */
export interface Refusal {
  reason: string;
  message: string;
}

export function refusalOf(error: unknown): Refusal {
  if (error instanceof PatxHttpError) return { reason: error.code, message: error.detail };
  return { reason: 'ERROR', message: error instanceof Error ? error.message : String(error) };
}

/**
 * One of the account's histories, newest first. `read(before)` reads one page; `orderOf` is a row's
 * place in the paging (a fill's trade id, a settlement's seq: what `before` is compared with), `keyOf`
 * its identity (a close settles several series under one seq).
 */
export class AccountHistory<T> {
  /** The first read's state: `refused` only while nothing was ever read (then `error` says why). */
  state: 'loading' | 'ok' | 'refused' = 'loading';
  rows: T[] = [];
  next: number | null = null;
  /** The last read that failed (the first, a read again, a "More"), by name; cleared by the next that succeeds. */
  error: Refusal | undefined;
  /** A "More" is under way. */
  loadingMore = false;
  /** Bumped by each read of the newest page: a "More" answered after one is dropped (its rows may be stale). */
  private generation = 0;

  constructor(
    private readonly read: (before?: number) => Promise<HistoryPage<T>>,
    readonly keyOf: (row: T) => string,
    private readonly orderOf: (row: T) => number,
    private readonly changed: () => void,
  ) {}

  /** The newest row's place (0 when there is none): what a caller compares a read again with. */
  newestOrder(): number {
    const first = this.rows[0];
    return first === undefined ? 0 : this.orderOf(first);
  }

  /**
   * Reads the newest page and puts it before the older pages already shown (so a "More" read before
   * stays); while `caughtUp` says the page does not have what the session knows happened yet, reads
   * again a few times.
   */
  async reload(caughtUp: (newestOrder: number) => boolean = () => true): Promise<void> {
    const generation = ++this.generation;
    for (let attempt = 0; ; attempt++) {
      let page: HistoryPage<T>;
      try {
        page = await this.read();
      } catch (error) {
        if (generation !== this.generation) return;
        this.error = refusalOf(error);
        if (this.state !== 'ok') this.state = 'refused';
        this.changed();
        return;
      }
      if (generation !== this.generation) return;
      this.takeNewest(page);
      this.changed();
      if (caughtUp(this.newestOrder()) || attempt >= CATCH_UP_RETRY_MS.length) return;
      await new Promise((r) => setTimeout(r, CATCH_UP_RETRY_MS[attempt]));
      if (generation !== this.generation) return;
    }
  }

  /** Reads the page after the rows shown ("More"), from the last page's `next`. */
  async more(): Promise<void> {
    const before = this.next;
    if (before === null || this.loadingMore) return;
    const generation = this.generation;
    this.loadingMore = true;
    this.changed();
    try {
      const page = await this.read(before);
      if (generation === this.generation && before === this.next) {
        const shown = new Set(this.rows.map(this.keyOf));
        this.rows = [...this.rows, ...page.rows.filter((r) => !shown.has(this.keyOf(r)))];
        this.next = page.next;
        this.error = undefined;
      }
    } catch (error) {
      if (generation === this.generation) this.error = refusalOf(error);
    } finally {
      this.loadingMore = false;
      this.changed();
    }
  }

  /**
   * The newest page, then the rows shown before that are older than all of it (and the paging on from
   * them) when the page reaches back to them; with a gap between (more new rows than a page) the older
   * rows go and "More" reads on from the page.
   */
  private takeNewest(page: HistoryPage<T>): void {
    const oldest = page.rows.reduce((min, r) => Math.min(min, this.orderOf(r)), Number.POSITIVE_INFINITY);
    const reaches = page.rows.length > 0 && this.rows.length > 0 && oldest <= this.newestOrder();
    const older = reaches ? this.rows.filter((r) => this.orderOf(r) < oldest) : [];
    this.rows = [...page.rows, ...older];
    this.next = older.length > 0 ? this.next : page.next;
    this.state = 'ok';
    this.error = undefined;
  }
}
