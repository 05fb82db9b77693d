/**
 * Each account's own fills and cash settlements (GET /v1/fills, GET /v1/settlements;
 * docs/protocol.md, "HTTP"): what a trader reads back after the fact, as
 * Coinbase's /fills, Binance's myTrades and Deribit's user trades and settlement history do.
 * Kept in LMDB under <dataDir>/fills and derived from the journal as the trade history is
 * (journal-read-model.ts), so it answers the same after a restart and a new store is built
 * from the journal at its first open.
 *
 * - A fill is kept for each side that is not the broker (the broker is a side of nearly every
 *   trade; its fills are the series' trades, GET /v1/trades): the account's side, price, rights,
 *   the fee it paid, maker or taker, and its order. Packed as float64 fields (FIELDS), gathered per
 *   account and written as one record per account per flush under [accountId, first tradeId], as
 *   trade-history.ts does and for its reason (no LMDB write per turn on the release path). An
 *   account's trades are then contiguous and in trade order: the newest N are a reverse range read.
 *   A trade at or below the last one kept for its account was taken before (a turn taken again after
 *   a crash) and is skipped.
 * - A cash settlement (SYNTHETIC_SETTLED: a synthetic's or an option's position at its window's
 *   close) is kept under [accountId, seq, seriesId] (twice is once), written with the fills. An
 *   option's position carries no cost in the engine (its premium moves at the fill), so the premium
 *   each account paid net in each option series is summed here from its fills (kept under
 *   [seriesId, accountId] until the series settles) and joins its settlement: its P&L is the payout
 *   less that premium.
 * - A margin event (MARGIN_TOPPED_UP: free PAT a mark moved into a synthetic's or written option's lock;
 *   SYNTHETIC_LIQUIDATED: the position taken over by the broker at the mark) is kept under
 *   [accountId, seq, seriesId, kind], the broker's top-ups too, written with the fills (GET /v1/margin-events).
 */
import type { Database } from 'lmdb';
import { EventType, Side, type EngineEvent, type ForwardDelivered, type MarginToppedUp, type SyntheticLiquidated, type SyntheticSettled } from '../engine/index.js';
import { JournalReadModel, type DerivedStoreOptions } from '../read-models/journal-read-model.js';
import type { ReplayedTurn } from '../read-models/replay.js';
import { GatheredRows } from '../read-models/gathered-rows.js';

/** An account's side of one fill. */
export interface AccountFillRecord {
  tradeId: number;
  /** The seq of the command that made the trade. */
  seq: number;
  /** The sequencer's time of that command's turn. */
  timeMs: number;
  seriesId: number;
  side: Side;
  priceMicros: number;
  qty: number;
  /** What this side paid the fee account for the fill (0 under a zero schedule). */
  feeMicros: number;
  /** Its order rested and was taken (false: its order took). */
  maker: boolean;
  orderId: number;
  clientOrderId: number;
  /** What its order still had open after the fill. */
  leavesQty: number;
}

/**
 * An account's cash settlement of one synthetic or option position: its SYNTHETIC_SETTLED event's figures,
 * with the turn's time and, for an option, the premium it paid net over its fills in the series (+ paid,
 * − received; 0 for a synthetic).
 */
export type CashSettlementRecord = Omit<SyntheticSettled, 'type' | 'accountId'> & { timeMs: number; premiumMicros: number };

/** A settlement that moved nothing: no position, no cost, no PAT either way. */
function isNothing(s: Omit<SyntheticSettled, 'type' | 'accountId'>): boolean {
  return s.positionQty === 0 && s.costMicros === 0 && s.payoutMicros === 0 && s.shortfallMicros === 0 && s.haircutMicros === 0;
}

/**
 * A mark's margin event for one of the account's cash-settled positions: `TOP_UP`, free PAT moved into its lock
 * (`topUpMicros`); `LIQUIDATION`, the position taken over by the broker at the mark (`penaltyMicros` paid to it,
 * `owedMicros` the loss owed at settlement, or for an option writer what it could not pay). `lockedMicros` is the
 * position's lock after it.
 */
export interface MarginEventRecord {
  event: 'TOP_UP' | 'LIQUIDATION';
  seq: number;
  timeMs: number;
  seriesId: number;
  positionQty: number;
  markMicros: number;
  topUpMicros: number;
  penaltyMicros: number;
  owedMicros: number;
  lockedMicros: number;
}

/** What a margin event's kind is in its key: a top-up sorts before the liquidation it preceded. */
const MARGIN_KIND = { TOP_UP: 0, LIQUIDATION: 1 } as const;

function marginEvent(e: MarginToppedUp | SyntheticLiquidated, timeMs: number): MarginEventRecord {
  const topUp = e.type === EventType.MARGIN_TOPPED_UP;
  return {
    event: topUp ? 'TOP_UP' : 'LIQUIDATION',
    seq: e.seq,
    timeMs,
    seriesId: e.seriesId,
    positionQty: e.positionQty,
    markMicros: e.markMicros,
    topUpMicros: topUp ? e.topUpMicros : 0,
    penaltyMicros: topUp ? 0 : e.penaltyMicros,
    owedMicros: topUp ? 0 : e.owedMicros,
    lockedMicros: e.lockedMicros,
  };
}

type FillKey = [accountId: number, firstTradeId: number];
type SettlementKey = [accountId: number, seq: number, seriesId: number];
type PremiumKey = [seriesId: number, accountId: number];
type MarginKey = [accountId: number, seq: number, seriesId: number, kind: number];

/**
 * A deposit credited to the account, or a withdrawal it asked for (GET /v1/transfers): a withdrawal is `pending` until
 * the batch that pays it is recorded, then `paid` with that batch and its transaction. Amounts in wei, as strings.
 */
export interface TransferRecord {
  /**
   * `organisation-in`/`-out`: PAT moved between an organisation's account and a member's (ORGANISATION_FUNDS_MOVED);
   * `fee-sweep`: fee revenue an operator swept into the treasury account (FEES_SWEPT; docs/fees.md).
   */
  kind: 'deposit' | 'withdrawal' | 'organisation-in' | 'organisation-out' | 'fee-sweep';
  seq: number;
  timeMs: number;
  amountWei: string;
  /** An organisation move's other account: the organisation's for its member, the member's for the organisation. */
  counterpartyAccountId?: number;
  /** A deposit's reference: its transaction and the vault's log (`txHash:logIndex`), or an off-chain credit's name. */
  ref?: string;
  withdrawalId?: number;
  state?: 'pending' | 'paid';
  batchId?: number;
  txHash?: string;
  paidAtMs?: number;
}
type TransferKey = [accountId: number, seq: number, withdrawalId: number];

/**
 * A forward position's delivery at its window's open (FORWARD_DELIVERED, GET /v1/forward-deliveries): what was delivered,
 * what fell short and the PAT each side got or gave for it, with the turn's time.
 */
export type ForwardDeliveryRecord = Omit<ForwardDelivered, 'type' | 'accountId'> & { timeMs: number };
type DeliveryKey = [accountId: number, seq: number, seriesId: number];

/** wei per µPAT: an organisation move is counted in µPAT, transfers in wei. */
const WEI_PER_MICRO = 10n ** 12n;

/** The store's layout. */
const FILLS_VERSION = 5; // 2: deposits and withdrawals (transfers) kept too; 3: margin events too; 4: organisation moves and forward deliveries too; 5: fee sweeps too (version 4 stores of 2026-12-02 09:31-12:25 went past sweeps without them). An older store is derived again from the journal
/** A fill's fields in a packed record, in this order. */
const FIELDS = 12;
/** The most fills and settlements gathered in memory before they are written anyway. */
const MAX_GATHERED_FILLS = 4_096;
/** The most fills or settlements one read returns. */
export const MAX_ACCOUNT_ROWS_PER_READ = 1_000;
/** The most of an account's fills one read looks at (a series filter in a long history: the rest on the next page). */
export const MAX_FILLS_SCANNED = 20_000;

export class AccountFills {
  /** Fills taken and not written yet, per account (gathered-rows.ts). */
  private readonly gathered = new GatheredRows(FIELDS, 8);
  /** Settlements taken and not written yet (written with the fills, so a read sees them). */
  private readonly pendingSettlements: Array<{ accountId: number; record: CashSettlementRecord }> = [];
  /** Margin events taken and not written yet. */
  private readonly pendingMargin: Array<{ key: MarginKey; record: MarginEventRecord }> = [];
  /** Net option premiums by series then account, as read or summed since the open; `changedPremiums` those to write (0: delete). */
  private readonly premiums = new Map<number, Map<number, number>>();
  private readonly changedPremiums = new Map<number, Set<number>>();
  /** Forward deliveries taken and not written yet. */
  private readonly pendingDeliveries: Array<{ key: DeliveryKey; record: ForwardDeliveryRecord }> = [];
  /** Transfers taken and not written yet, by key (a withdrawal paid in the same stretch updates its own). */
  private readonly pendingTransfers = new Map<string, { key: TransferKey; record: TransferRecord }>();
  /** Per account, the last trade id written or gathered: a trade at or below it was taken before. */
  private readonly lastTradeIds = new Map<number, number>();

  private constructor(
    readonly model: JournalReadModel,
    private readonly fills: Database<Buffer, FillKey>,
    private readonly settlements: Database<CashSettlementRecord, SettlementKey>,
    private readonly premiumsDb: Database<number, PremiumKey>,
    private readonly transfers: Database<TransferRecord, TransferKey>,
    private readonly margin: Database<MarginEventRecord, MarginKey>,
    /** A withdrawal's row: its account and the seq it was asked at. */
    private readonly withdrawalRows: Database<TransferKey, number>,
    private readonly deliveries: Database<ForwardDeliveryRecord, DeliveryKey>,
    /** Whether a series is an option (a call or a put): its fills' premiums are summed. */
    private readonly isOption: (seriesId: number) => boolean,
    /** The broker's account (known once the first turns opened it): its side of a fill is not kept. */
    private readonly brokerId: () => number,
  ) {}

  /** Opens the store under the data directory; it takes turns through `model.take`. */
  static create(dataDir: string, isOption: (seriesId: number) => boolean, brokerId: () => number, options: DerivedStoreOptions = {}): AccountFills {
    const model = new JournalReadModel(dataDir, 'fills', 7, FILLS_VERSION, options);
    const fills = model.env.openDB<Buffer, FillKey>({ name: 'fills', encoding: 'binary' });
    const settlements = model.env.openDB<CashSettlementRecord, SettlementKey>({ name: 'settlements' });
    const premiums = model.env.openDB<number, PremiumKey>({ name: 'premiums' });
    const transfers = model.env.openDB<TransferRecord, TransferKey>({ name: 'transfers' });
    const margin = model.env.openDB<MarginEventRecord, MarginKey>({ name: 'margin' });
    const withdrawalRows = model.env.openDB<TransferKey, number>({ name: 'withdrawal-rows' });
    const deliveries = model.env.openDB<ForwardDeliveryRecord, DeliveryKey>({ name: 'forward-deliveries' });
    const ledger = new AccountFills(model, fills, settlements, premiums, transfers, margin, withdrawalRows, deliveries, isOption, brokerId);
    model.recordWith((turn) => ledger.record(turn));
    model.flushWith(() => ledger.flush());
    return ledger;
  }

  private record(turn: ReplayedTurn): void {
    const brokerId = this.brokerId();
    // The batch a turn recorded: its withdrawals' WITHDRAWAL_COMPLETED follow it in the same turn.
    let paidBy: { batchId: number; txHash: string } | undefined;
    // Indexed, not for-of: the release path (trade-history.ts says why).
    for (let k = 0; k < turn.events.length; k++) {
      const e = turn.events[k]!;
      if (e.type === EventType.DEPOSIT_CREDITED) {
        this.putTransfer([e.accountId, e.seq, 0], { kind: 'deposit', seq: e.seq, timeMs: turn.timeMs, amountWei: e.amountWei.toString(), ref: e.ref });
      } else if (e.type === EventType.WITHDRAWAL_REQUESTED) {
        this.putTransfer([e.accountId, e.seq, e.withdrawalId], { kind: 'withdrawal', seq: e.seq, timeMs: turn.timeMs, amountWei: e.amountWei.toString(), withdrawalId: e.withdrawalId, state: 'pending' });
      } else if (e.type === EventType.ORGANISATION_FUNDS_MOVED) {
        const amountWei = (BigInt(e.amountMicros) * WEI_PER_MICRO).toString();
        this.putTransfer([e.fromAccountId, e.seq, 0], { kind: 'organisation-out', seq: e.seq, timeMs: turn.timeMs, amountWei, counterpartyAccountId: e.toAccountId });
        this.putTransfer([e.toAccountId, e.seq, 0], { kind: 'organisation-in', seq: e.seq, timeMs: turn.timeMs, amountWei, counterpartyAccountId: e.fromAccountId });
      } else if (e.type === EventType.FEES_SWEPT) {
        // PAT the treasury may now withdraw: a money move into it as a deposit is (the vault already held it at its address).
        this.putTransfer([e.treasuryAccountId, e.seq, 0], { kind: 'fee-sweep', seq: e.seq, timeMs: turn.timeMs, amountWei: (BigInt(e.amountMicros) * WEI_PER_MICRO).toString() });
      } else if (e.type === EventType.FORWARD_DELIVERED && e.accountId !== brokerId) {
        const { type: _type, accountId, ...delivered } = e;
        this.pendingDeliveries.push({ key: [accountId, e.seq, e.seriesId], record: { ...delivered, timeMs: turn.timeMs } });
      } else if (e.type === EventType.SETTLEMENT_RECORDED) {
        paidBy = { batchId: e.batchId, txHash: e.txHash };
      } else if (e.type === EventType.WITHDRAWAL_COMPLETED) {
        this.paid(e.withdrawalId, paidBy, turn.timeMs);
      } else if (e.type === EventType.FILL) {
        if (e.makerAccountId !== brokerId) this.gather(e.makerAccountId, e, turn.timeMs, true);
        if (e.takerAccountId !== brokerId) this.gather(e.takerAccountId, e, turn.timeMs, false);
      } else if (e.type === EventType.MARGIN_TOPPED_UP || e.type === EventType.SYNTHETIC_LIQUIDATED) {
        const record = marginEvent(e, turn.timeMs);
        this.pendingMargin.push({ key: [e.accountId, e.seq, e.seriesId, MARGIN_KIND[record.event]], record });
      } else if (e.type === EventType.SYNTHETIC_SETTLED && e.accountId !== brokerId) {
        const { type: _type, accountId, ...settled } = e;
        const premiumMicros = this.premiumOf(e.seriesId, accountId);
        if (premiumMicros !== 0) this.setPremium(e.seriesId, accountId, 0);
        // A holder whose orders never filled (the engine settles every account that ordered) had nothing to settle: no row.
        if (isNothing(settled) && premiumMicros === 0) continue;
        this.pendingSettlements.push({ accountId, record: { ...settled, timeMs: turn.timeMs, premiumMicros } });
      }
    }
    // A close settles every holder of a window's series in one turn: those wait no longer than fills do.
    if (this.gathered.rows + this.pendingSettlements.length + this.pendingMargin.length + this.pendingTransfers.size + this.pendingDeliveries.length >= MAX_GATHERED_FILLS) this.flush();
  }

  /** Gathered by key: a deposit or an organisation move by its account and seq, a withdrawal by its id (so its payment finds it before it is written). */
  private putTransfer(key: TransferKey, record: TransferRecord): void {
    this.pendingTransfers.set(record.withdrawalId === undefined ? `d${key[0]}:${key[1]}` : `w${record.withdrawalId}`, { key, record });
  }

  /** A withdrawal paid by the batch just recorded: its row (gathered, or written) says so. */
  private paid(withdrawalId: number, by: { batchId: number; txHash: string } | undefined, timeMs: number): void {
    let row = this.pendingTransfers.get(`w${withdrawalId}`);
    if (row === undefined) {
      const key = this.withdrawalRows.get(withdrawalId);
      const record = key === undefined ? undefined : this.transfers.get(key);
      if (key === undefined || record === undefined) return; // asked before the store began (a store derived after a snapshot)
      row = { key, record };
    }
    this.putTransfer(row.key, { ...row.record, state: 'paid', paidAtMs: timeMs, ...(by === undefined ? {} : { batchId: by.batchId, txHash: by.txHash }) });
  }

  private gather(accountId: number, e: Extract<EngineEvent, { type: typeof EventType.FILL }>, timeMs: number, maker: boolean): void {
    if (e.tradeId <= (this.lastTradeIds.get(accountId) ?? this.lastStoredTradeId(accountId))) return;
    this.lastTradeIds.set(accountId, e.tradeId);
    const f = this.gathered.append(accountId);
    const at = this.gathered.at;
    f[at] = e.tradeId;
    f[at + 1] = e.seq;
    f[at + 2] = timeMs;
    f[at + 3] = e.seriesId;
    f[at + 4] = !maker ? e.takerSide : e.takerSide === Side.BUY ? Side.SELL : Side.BUY;
    f[at + 5] = e.priceMicros;
    f[at + 6] = e.qty;
    f[at + 7] = (maker ? e.makerFeeMicros : e.takerFeeMicros) ?? 0;
    f[at + 8] = maker ? 1 : 0;
    f[at + 9] = maker ? e.makerOrderId : e.takerOrderId;
    f[at + 10] = maker ? e.makerClientOrderId : e.takerClientOrderId;
    f[at + 11] = maker ? e.makerLeavesQty : e.takerLeavesQty;
    if (this.isOption(e.seriesId)) {
      const paid = (f[at + 4] === Side.BUY ? 1 : -1) * e.priceMicros * e.qty;
      this.setPremium(e.seriesId, accountId, this.premiumOf(e.seriesId, accountId) + paid);
    }
  }

  /** The account's net premium in an option series so far (0: none). */
  private premiumOf(seriesId: number, accountId: number): number {
    let bySeries = this.premiums.get(seriesId);
    if (bySeries === undefined) this.premiums.set(seriesId, (bySeries = new Map()));
    let micros = bySeries.get(accountId);
    if (micros === undefined) bySeries.set(accountId, (micros = this.premiumsDb.get([seriesId, accountId]) ?? 0));
    return micros;
  }

  private setPremium(seriesId: number, accountId: number, micros: number): void {
    this.premiums.get(seriesId)!.set(accountId, micros);
    let changed = this.changedPremiums.get(seriesId);
    if (changed === undefined) this.changedPremiums.set(seriesId, (changed = new Set()));
    changed.add(accountId);
  }

  /** The last trade id stored for an account (0: none), read once per account after an open. */
  private lastStoredTradeId(accountId: number): number {
    for (const { value } of this.fills.getRange({ start: [accountId, Number.MAX_SAFE_INTEGER], end: [accountId, 0], reverse: true, limit: 1 })) {
      return value.readDoubleLE((value.byteLength / 8 - FIELDS) * 8);
    }
    return 0;
  }

  /** Writes what was gathered in one synchronous transaction, so a read right after sees it. */
  private flush(): void {
    if (this.gathered.rows === 0 && this.pendingSettlements.length === 0 && this.pendingMargin.length === 0 && this.changedPremiums.size === 0 && this.pendingTransfers.size === 0 && this.pendingDeliveries.length === 0) return;
    this.model.env.transactionSync(() => {
      this.gathered.forEachRecord((accountId, firstTradeId, bytes) => this.fills.putSync([accountId, firstTradeId], bytes));
      for (const { accountId, record } of this.pendingSettlements) this.settlements.putSync([accountId, record.seq, record.seriesId], record);
      for (const { key, record } of this.pendingMargin) this.margin.putSync(key, record);
      for (const { key, record } of this.pendingDeliveries) this.deliveries.putSync(key, record);
      for (const { key, record } of this.pendingTransfers.values()) {
        this.transfers.putSync(key, record);
        if (record.state === 'pending') this.withdrawalRows.putSync(record.withdrawalId!, key);
        else if (record.state === 'paid') this.withdrawalRows.removeSync(record.withdrawalId!);
      }
      for (const [seriesId, accounts] of this.changedPremiums) {
        for (const accountId of accounts) {
          const micros = this.premiums.get(seriesId)!.get(accountId)!;
          if (micros === 0) this.premiumsDb.removeSync([seriesId, accountId]);
          else this.premiumsDb.putSync([seriesId, accountId], micros);
        }
      }
    });
    this.pendingSettlements.length = 0;
    this.pendingMargin.length = 0;
    this.pendingDeliveries.length = 0;
    this.pendingTransfers.clear();
    this.changedPremiums.clear();
    // A settled series' premiums are all 0 and written: what it held in memory goes (a series lives a window).
    for (const [seriesId, bySeries] of this.premiums) {
      let open = false;
      for (const micros of bySeries.values()) if (micros !== 0) open = true;
      if (!open) this.premiums.delete(seriesId);
    }
    this.gathered.written();
  }

  /**
   * The account's fills, newest first: at most `limit`, below trade id `beforeTradeId` when given, in
   * one series when `seriesId` is; `next`, the `before` of the following page (null: none). A read
   * runs on the engine's thread, so it looks at no more than MAX_FILLS_SCANNED of the account's fills:
   * a series filter that finds fewer than `limit` in them stops there with `next` where it stopped.
   */
  fillsOf(accountId: number, limit: number, beforeTradeId = Number.MAX_SAFE_INTEGER, seriesId?: number): { fills: AccountFillRecord[]; next: number | null } {
    this.flush();
    const wanted = Math.min(limit, MAX_ACCOUNT_ROWS_PER_READ);
    const fills: AccountFillRecord[] = [];
    let scanned = 0;
    for (const { value } of this.fills.getRange({ start: [accountId, beforeTradeId - 1], end: [accountId, 0], reverse: true })) {
      const field = (i: number): number => value.readDoubleLE(i * 8);
      for (let i = value.byteLength / 8 - FIELDS; i >= 0; i -= FIELDS) {
        const tradeId = field(i);
        if (tradeId >= beforeTradeId) continue; // the record holding `before` itself
        if (fills.length === wanted) return { fills, next: fills[fills.length - 1]!.tradeId };
        if (++scanned > MAX_FILLS_SCANNED) return { fills, next: tradeId + 1 };
        if (seriesId !== undefined && field(i + 3) !== seriesId) continue;
        fills.push({
          tradeId,
          seq: field(i + 1),
          timeMs: field(i + 2),
          seriesId: field(i + 3),
          side: field(i + 4) as Side,
          priceMicros: field(i + 5),
          qty: field(i + 6),
          feeMicros: field(i + 7),
          maker: field(i + 8) === 1,
          orderId: field(i + 9),
          clientOrderId: field(i + 10),
          leavesQty: field(i + 11),
        });
      }
    }
    return { fills, next: null };
  }

  /**
   * The account's cash settlements, newest first, below seq `beforeSeq` when given, in one series when
   * `seriesId` is: at least `limit` unless fewer exist, a page ending at a whole seq (one close settles a
   * window's synthetic and options together), so the next page, before `next`, misses none. As fillsOf, a
   * read looks at no more than MAX_FILLS_SCANNED rows (at a whole seq), `next` saying where to go on.
   */
  settlementsOf(accountId: number, limit: number, beforeSeq = Number.MAX_SAFE_INTEGER, seriesId?: number): { settlements: CashSettlementRecord[]; next: number | null } {
    this.flush();
    const page = pageBySeq(this.settlements, accountId, limit, beforeSeq, seriesId);
    return { settlements: page.rows, next: page.next };
  }

  /**
   * The account's margin events (top-ups and liquidations at marks), newest first, paged as settlementsOf: one mark
   * command may top up or liquidate positions in many series, so a page ends at a whole seq.
   */
  marginEventsOf(accountId: number, limit: number, beforeSeq = Number.MAX_SAFE_INTEGER, seriesId?: number): { marginEvents: MarginEventRecord[]; next: number | null } {
    this.flush();
    const page = pageBySeq(this.margin, accountId, limit, beforeSeq, seriesId);
    return { marginEvents: page.rows, next: page.next };
  }

  /** The account's forward deliveries, newest first, paged as settlementsOf (one open delivers a window's forwards in one turn). */
  forwardDeliveriesOf(accountId: number, limit: number, beforeSeq = Number.MAX_SAFE_INTEGER, seriesId?: number): { forwardDeliveries: ForwardDeliveryRecord[]; next: number | null } {
    this.flush();
    const page = pageBySeq(this.deliveries, accountId, limit, beforeSeq, seriesId);
    return { forwardDeliveries: page.rows, next: page.next };
  }

  /**
   * The account's deposits, withdrawals and organisation moves, newest first, below seq `beforeSeq` when given: at most `limit`, `next` the
   * `before` of the following page (null: none).
   */
  transfersOf(accountId: number, limit: number, beforeSeq = Number.MAX_SAFE_INTEGER): { transfers: TransferRecord[]; next: number | null } {
    this.flush();
    const wanted = Math.min(limit, MAX_ACCOUNT_ROWS_PER_READ);
    const out: TransferRecord[] = [];
    for (const { value } of this.transfers.getRange({ start: [accountId, beforeSeq - 1, Number.MAX_SAFE_INTEGER], end: [accountId, 0], reverse: true })) {
      if (value.seq >= beforeSeq) continue;
      if (out.length === wanted) return { transfers: out, next: out.at(-1)!.seq };
      out.push(value);
    }
    return { transfers: out, next: null };
  }

  close(): Promise<void> {
    return this.model.close();
  }
}

/**
 * Rows keyed [accountId, seq, …], newest first, below seq `beforeSeq`, in one series when `seriesId` is: at least
 * `limit` unless fewer exist, a page ending at a whole seq so that the next page, before `next`, misses none. A read
 * looks at no more than MAX_FILLS_SCANNED rows (at a whole seq), `next` saying where to go on.
 */
function pageBySeq<R extends { seq: number; seriesId: number }>(
  db: Database<R, [accountId: number, seq: number, ...rest: number[]]>,
  accountId: number,
  limit: number,
  beforeSeq: number,
  seriesId: number | undefined,
): { rows: R[]; next: number | null } {
  const wanted = Math.min(limit, MAX_ACCOUNT_ROWS_PER_READ);
  const out: R[] = [];
  let scanned = 0;
  for (const { value } of db.getRange({ start: [accountId, beforeSeq - 1, Number.MAX_SAFE_INTEGER], end: [accountId, 0], reverse: true })) {
    if (value.seq >= beforeSeq) continue;
    const newSeq = value.seq !== out.at(-1)?.seq;
    if (out.length >= wanted && newSeq) return { rows: out, next: out.at(-1)!.seq };
    if (++scanned > MAX_FILLS_SCANNED && newSeq) return { rows: out, next: value.seq + 1 };
    if (seriesId === undefined || value.seriesId === seriesId) out.push(value);
  }
  return { rows: out, next: null };
}
