import type { Account } from './account.js';
import type { EventSink } from './event-log.js';
import type { ExpiryQueue } from './expiry-queue.js';
import type { IndexTrack } from './index-track.js';
import type { OrderPool } from './order.js';
import type { BookStore } from './order-book.js';
import type { OrderIdIndex } from './order-id-index.js';
import type { RejectReason } from './reject-reason.js';
import type { Series } from './series.js';
import type { FeeSchedule, RiskParams } from '../../risk/index.js';

/**
 * The engine's state as its concern modules see it (order entry, rights supply, escrow, …):
 * the collections, counters and per-command context that `Engine` (engine.ts) holds, and the few
 * helpers over them. Each concern takes a `Pick` of it (what it reads and writes) plus narrow
 * views of the other concerns it calls, never the whole engine: so no concern imports engine.ts,
 * and the engine passes itself, which satisfies them all (types only: nothing changes at run time).
 */
export interface EngineState {
  readonly limits: EngineLimits;
  /** Index = account id; 0 is the system and never an account. */
  readonly accounts: (Account | undefined)[];
  /** Settlement address to account (addresses are lower case; each belongs to one account). */
  readonly accountIdByAddress: Map<string, number>;
  /** Index = series id; 0 unused. */
  readonly series: (Series | undefined)[];
  /** Series listed and not expired. Derived (counted at listing and expiry, and on decode). */
  liveSeries: number;
  /** Live resting orders by order id. */
  readonly orders: OrderIdIndex;
  readonly pool: OrderPool;
  readonly books: BookStore;
  readonly expiries: ExpiryQueue;
  /** Deposit references already credited (idempotency), in credit order. */
  readonly depositRefs: Set<string>;
  /** Withdrawals requested and not yet paid, by id. */
  readonly withdrawals: Map<number, { accountId: number; amountWei: bigint }>;
  /** Series by `contract@openAtMs/kind`. */
  readonly seriesByWindow: Map<string, number>;
  brokerId: number;
  nextOrderId: number;
  nextTradeId: number;
  nextWithdrawalId: number;
  nextExerciseId: number;
  nextGrantId: number;
  /** PAT in all accounts' available, held and locked balances, in µPAT. */
  totalMicros: number;
  governancePhase: number;
  rulesVersion: number;
  /** Derived from `rulesVersion`: the most rights an order or declaration may take one position to. */
  maxPositionRights: number;
  settledBatchId: number;
  settledThroughSeq: number;
  /** Risk parameters the pre-trade checks read (mirrors the `risk.*` entries of `params`). */
  risk: RiskParams;
  /** Every parameter an operator has set (risk and quoting), by name, in the order first set. */
  readonly params: Map<string, number>;
  /** The fee schedule (mirrors the `fee.*` entries of `params`; src/risk/fees.ts). Derived. */
  readonly fees: FeeSchedule;
  /**
   * The exchange's fee account: µPAT charged as fees (docs/fees.md), part of `totalMicros`, in
   * no participant's balance. The settlement batch pays it to the fee address.
   */
  feeAccountMicros: number;
  killAll: boolean;
  /** Live series grouped by segment, window length and kind. Derived. */
  readonly windowGroups: Map<string, Series[]>;
  /** Cash-settled series in id order, live and expired, for marking. Derived. */
  readonly cashSettledSeries: Series[];

  // The command being applied (set by the engine before it dispatches).
  /** Where the command being applied writes its events. */
  readonly out: EventSink;
  /** False while commands whose events nobody reads are applied: the hot paths skip making them. */
  readonly emitsEvents: boolean;
  readonly seq: number;
  readonly nowMs: number;

  /** The system, or an account with the OPERATOR role. */
  isOperator(actor: number): boolean;
  /** Refuses a command: one COMMAND_REJECTED event, nothing else changes. */
  rejectCommand(commandKind: number, actor: number, reason: RejectReason): void;
  /** Puts the state under `version` of the rules. */
  setRules(version: number): void;
  /** A parameter's value now: what an operator set, else the registry default. */
  paramValue(name: string): number;
  /** Drops quote ids whose orders are gone. */
  forgetQuotes(series: Series): void;
  /** Adds a listed series to its segment's window group. */
  indexWindowGroup(series: Series): void;
  /** A listed cash-settled series joins the marking list. */
  indexCashSettled(series: Series): void;
  /** Starts sampling a spot series. */
  addIndexTrack(track: IndexTrack): void;
  /** Stops sampling a spot series. */
  removeIndexTrack(spot: Series): void;
  /** Appends an account and indexes its address. */
  addAccount(account: Account): void;
}

/** Every bound the engine enforces, so no structure grows without limit. */
export interface EngineLimits {
  maxAccounts: number;
  maxSeries: number;
  /** Live orders across all books (the order pool's capacity). */
  maxOrders: number;
  maxOpenOrdersPerAccount: number;
  /** How many finished client order ids per account are remembered to refuse retries. */
  recentClientIdsPerAccount: number;
  maxQuoteLevels: number;
  /** Price levels per book: (maxPrice - minPrice) / tick + 1. */
  maxPriceLevels: number;
  maxRefLength: number;
}
