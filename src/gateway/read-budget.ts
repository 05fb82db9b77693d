/**
 * Each account's budget of reads built on the engine's thread (gateway.readRateLimitPerAccount), shared by its
 * order-entry sessions (OpenOrdersQuery, AccountQuery, OrderStatusQuery) and its wallet-signed HTTP reads
 * (GET /v1/account, /v1/fills and its kin): a token bucket in read units, one unit about the work of ten rows of an
 * answer built and encoded (~25 µs on the engine's thread). A read costs its units up front, from what it may hold;
 * over the budget it is refused RATE_LIMITED with when to retry, nothing read.
 *
 * Apart from the order budget (orderRateLimitPerAccount, 10,000 commands at once) and far smaller: with reads paid
 * from that one, an account's full burst was 98 pages of 1,000 open orders asked at once, ~250 ms of the engine's
 * thread in one go, every other client's order waiting behind them (an audit, 2026-12-05). At the default 200 units
 * at once (a page of 1,000 costs 102) a burst holds the thread ~5 ms, ~10 ms at the very worst (a cost above what is
 * left passes from a full bucket, and leaves it in debt).
 */
import type { RateLimit } from './request-limits.js';
import { MessageThrottle } from './throttle.js';

/** Orders an open-orders page may hold for one read unit (a page's view and encoding, ~2.5 µs an order). */
export const OPEN_ORDERS_PER_UNIT = 10;
/** The account's open orders a page may walk past (a series filter skips the others) for one read unit. */
export const OPEN_ORDERS_WALKED_PER_UNIT = 1_000;
/** An account view's units before its positions (its balances as wei strings: ~70 µs with one position). */
export const ACCOUNT_VIEW_UNITS = 2;
/** Positions an account view may hold for one read unit. */
export const POSITIONS_PER_UNIT = 10;
/** Accounts whose buckets are remembered; past it the longest idle is dropped (it comes back full, as it would have refilled). */
const MAX_ACCOUNTS = 100_000;

/**
 * An open-orders page: one, one per OPEN_ORDERS_PER_UNIT orders it can hold (the account's open orders now, at most the
 * page's limit), and one per OPEN_ORDERS_WALKED_PER_UNIT open orders its walk may pass. A page of an account with a few
 * orders costs 2; a full page of 1,000, 102.
 */
export function openOrdersPageCost(openOrders: number, pageLimit: number): number {
  return 1 + Math.ceil(Math.min(openOrders, pageLimit) / OPEN_ORDERS_PER_UNIT) + Math.floor(openOrders / OPEN_ORDERS_WALKED_PER_UNIT);
}

/** An account view (AccountQuery, GET /v1/account): ACCOUNT_VIEW_UNITS and one per POSITIONS_PER_UNIT positions. */
export function accountViewCost(positions: number): number {
  return ACCOUNT_VIEW_UNITS + Math.ceil(positions / POSITIONS_PER_UNIT);
}

export class AccountReadBudgets {
  /** Least recently used first (a bucket is moved to the end when used). */
  private readonly buckets = new Map<number, MessageThrottle>();

  constructor(readonly limit: RateLimit) {}

  /**
   * Takes `cost` units of the account's budget; undefined when taken, else the ms until it would be (nothing taken).
   * `nowMs` on the monotonic clock (performance.now()), whoever asks: the service's clock is the exchange's time.
   */
  take(accountId: number, nowMs: number, cost: number): number | undefined {
    let b = this.buckets.get(accountId);
    if (b === undefined) b = new MessageThrottle(this.limit.perSecond, nowMs, this.limit.burst);
    else this.buckets.delete(accountId);
    this.buckets.set(accountId, b);
    if (this.buckets.size > MAX_ACCOUNTS) this.buckets.delete(this.buckets.keys().next().value!);
    return b.take(nowMs, cost) ? undefined : b.retryAfterMs(cost);
  }

  /** The refusal's words: the budget, what this read counted as, when to retry. */
  refusal(cost: number, what: string, retryAfterMs: number): string {
    return `this account's reads asked more than its budget of ${this.limit.burst} read units at once or ${this.limit.perSecond} a second (${what} counts as ${cost}): nothing was read, retry after ${retryAfterMs} ms`;
  }
}
