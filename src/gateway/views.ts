/**
 * Read-only views of engine state for queries (WebSocket and HTTP). They are
 * captured through `Sequencer.read`, so they hold only journaled state.
 */
import {
  DeliveryPhase,
  enumName,
  EventType,
  formatPat,
  microsToWei,
  Role,
  SeriesKind,
  SeriesStatus,
  Side,
  TimeInForce,
  WEI_PER_MICRO,
  payoutsHeld,
  type Account,
  type Engine,
  type EngineEvent,
  type Sequencer,
  type Series,
  type SyntheticMarked,
} from '../engine/index.js';
import { wire, type patx } from '../proto/index.js';
import type { PublishedIndex, PublishedIndexes } from './published-indexes.js';

export function accountView(engine: Engine, account: Account): patx.v1.IAccountView {
  const positions: patx.v1.IPositionView[] = [];
  for (const p of account.positions.values()) {
    const kind = engine.series[p.seriesId]?.spec.kind ?? SeriesKind.SPOT;
    const view: patx.v1.IPositionView = { seriesId: p.seriesId, available: p.available, held: p.held, capacity: p.capacity, minted: p.minted, exercised: p.exercised, kind };
    if (kind === SeriesKind.FORWARD) {
      view.escrowWei = microsToWei(p.escrowMicros).toString();
      view.collateralWei = microsToWei(p.collateralMicros).toString();
      view.costWei = microsToWei(p.costMicros).toString();
    } else if (isCashSettledKind(kind)) {
      // A synthetic's margin and signed cost; an option writer's writing margin (a bought option's premium is paid: nothing locked).
      view.collateralWei = microsToWei(p.collateralMicros).toString();
      if (kind === SeriesKind.SYNTHETIC) view.costWei = microsToWei(p.costMicros).toString();
    }
    positions.push(view);
  }
  // In series order: the account's map keeps the order positions were first made, which a snapshot's decode does not
  // (`patx positions` listed the same rows in another order after a restart).
  positions.sort((a, b) => Number(a.seriesId) - Number(b.seriesId));
  return {
    accountId: account.id,
    role: account.role,
    address: account.address,
    availableWei: (microsToWei(account.availableMicros) + account.remainderWei).toString(),
    heldWei: microsToWei(account.heldMicros).toString(),
    pendingWithdrawalWei: account.pendingWithdrawalWei.toString(),
    openOrders: account.openOrders,
    positions,
    asOfSeq: engine.lastSeq,
    lockedWei: microsToWei(account.lockedMicros).toString(),
    verifiedProvider: account.verified,
    payoutsHeld: payoutsHeld(account, engine.risk),
    ownDepositsWei: account.role === Role.PROVIDER ? account.ownDepositsFreeWei(WEI_PER_MICRO).toString() : '',
  };
}

/** A wei string as PAT for people ('' stays ''). */
function patOf(wei: string | null | undefined): string {
  return formatPat(BigInt(wei === null || wei === undefined || wei === '' ? '0' : wei));
}

/** A position for HTTP JSON: the kind by name; a forward's escrow, collateral and cost (a cash-settled position's collateral, a synthetic's cost) in PAT beside their wei. */
function positionJson(p: patx.v1.IPositionView): Record<string, unknown> {
  const out: Record<string, unknown> = { ...p, kind: enumName(SeriesKind, p.kind ?? SeriesKind.SPOT) };
  if (p.kind === SeriesKind.FORWARD) out.escrow = patOf(p.escrowWei);
  if (p.collateralWei !== undefined && p.collateralWei !== null && p.collateralWei !== '') out.collateral = patOf(p.collateralWei);
  if (p.costWei !== undefined && p.costWei !== null && p.costWei !== '') out.cost = patOf(p.costWei);
  return out;
}

/** SYNTHETIC, CALL and PUT: settled in PAT at the window's settlement index (no rights delivered). */
export function isCashSettledKind(kind: SeriesKind): boolean {
  return kind === SeriesKind.SYNTHETIC || kind === SeriesKind.CALL || kind === SeriesKind.PUT;
}

/** The account view as JSON for HTTP: wei as strings, with PAT for people beside them. */
export function accountJson(view: patx.v1.IAccountView): Record<string, unknown> {
  return {
    accountId: view.accountId,
    role: enumName(Role, view.role ?? 0),
    address: view.address,
    availableWei: view.availableWei,
    available: formatPat(BigInt(view.availableWei ?? '0')),
    heldWei: view.heldWei,
    held: formatPat(BigInt(view.heldWei ?? '0')),
    pendingWithdrawalWei: view.pendingWithdrawalWei,
    lockedWei: view.lockedWei,
    locked: patOf(view.lockedWei),
    openOrders: view.openOrders,
    positions: (view.positions ?? []).map(positionJson),
    asOfSeq: view.asOfSeq,
    // Only "verified" is public of a provider's identity; the record is the operator's (docs/providers.md).
    ...(view.role === Role.PROVIDER ? providerJson(view) : {}),
  };
}

/** A provider's part of the account view: verified, payouts held, and its own deposits a held provider may still withdraw. */
function providerJson(view: patx.v1.IAccountView): Record<string, unknown> {
  const ownDepositsWei = view.ownDepositsWei || '0';
  return { verifiedProvider: view.verifiedProvider === true, payoutsHeld: view.payoutsHeld === true, ownDepositsWei, ownDeposits: patOf(ownDepositsWei) };
}

/** The most orders one `OpenOrders` page holds (and the page size when a query names none). */
export const OPEN_ORDERS_PAGE_MAX = 1_000;

/**
 * One page of an account's open orders: at most `limit`, after order id `afterOrderId`, in the account's list order,
 * which is ascending by order id (an order joins the list's tail when it first rests, and ids only grow). Built on the
 * engine's thread, so bounded: an account may hold 100,000 orders, and one answer of them all was a 4 MB frame.
 * `nextAfterOrderId` is the page's last order id when more follow (0: none).
 */
export function openOrdersView(engine: Engine, account: Account, seriesId: number, limit = OPEN_ORDERS_PAGE_MAX, afterOrderId = 0): patx.v1.IOpenOrders {
  const orders: patx.v1.IOrderView[] = [];
  // Start past the cursor's order when it is still this account's (the usual case while paging); else walk to it.
  const after = afterOrderId > 0 ? engine.orders.get(afterOrderId) : undefined;
  let o = after !== undefined && after.owner === account ? after.accountNext : account.firstOrder;
  while (o !== null && o.orderId <= afterOrderId) o = o.accountNext;
  let nextAfterOrderId = 0;
  for (; o !== null; o = o.accountNext) {
    if (seriesId !== 0 && o.seriesId !== seriesId) continue;
    if (orders.length === limit) {
      nextAfterOrderId = orders[limit - 1]!.orderId as number;
      break;
    }
    orders.push({
      orderId: o.orderId,
      clientOrderId: o.clientOrderId,
      seriesId: o.seriesId,
      side: o.side,
      priceMicros: o.priceMicros,
      orderQty: o.orderQty,
      cumQty: o.cumQty,
      leavesQty: o.leavesQty,
      isQuote: o.isQuote,
      timeInForce: o.tif,
      postOnly: o.postOnly,
      expireAtMs: o.tif === TimeInForce.GTD ? (engine.expiries.expiryOf(o.orderId) ?? 0) : 0,
    });
  }
  return { orders, asOfSeq: engine.lastSeq, nextAfterOrderId };
}

/**
 * A series as clients see it; `riskMaxOrderQty` (risk.maxOrderQty, 0: none) bounds `maxOrderQty` too: the largest order
 * the exchange takes in the series is the lower of the two (an order between them was refused ORDER_SIZE_LIMIT while the
 * view said the series took it).
 */
export function seriesInfo(s: Series, riskMaxOrderQty = 0): patx.v1.ISeriesInfo {
  return {
    seriesId: s.id,
    contract: s.spec.contract,
    kind: s.spec.kind,
    status: s.status,
    openAtMs: s.spec.openAtMs,
    closeAtMs: s.spec.closeAtMs,
    tickMicros: s.spec.tickMicros,
    lotSize: s.spec.lotSize,
    minPriceMicros: s.spec.minPriceMicros,
    maxPriceMicros: s.spec.maxPriceMicros,
    maxOrderQty: riskMaxOrderQty > 0 && riskMaxOrderQty < s.spec.maxOrderQty ? riskMaxOrderQty : s.spec.maxOrderQty,
    referencePriceMicros: s.referencePriceMicros,
    lastTradeMicros: s.lastTradeMicros,
    delivery: deliveryState(s),
    // Set only where they mean something, so other kinds' views are unchanged (0 on the wire).
    ...(s.spec.strikeMicros > 0 ? { strikeMicros: s.spec.strikeMicros } : {}),
    ...(s.cashSettled !== undefined ? { spotSeriesId: s.cashSettled.spotSeriesId } : {}),
  };
}

/** Where a forward's delivery stands, on the wire (the engine's phase + 1, so that 0 means "not a forward"). */
function deliveryState(s: Series): patx.v1.DeliveryState {
  const f = s.forward;
  if (f === undefined) return wire.DeliveryState.DELIVERY_STATE_UNSPECIFIED;
  switch (f.phase) {
    case DeliveryPhase.NONE:
      return wire.DeliveryState.DELIVERY_PENDING;
    case DeliveryPhase.PROVIDERS:
      return wire.DeliveryState.DELIVERING_PROVIDERS;
    case DeliveryPhase.BUYERS:
      return wire.DeliveryState.DELIVERING_BUYERS;
    default:
      return wire.DeliveryState.DELIVERED;
  }
}

/**
 * A series for HTTP JSON: enums by name ("TRADING", "SPOT"), not protobuf numbers; a
 * forward's delivery state ("DELIVERY_PENDING"…), none for other kinds; a CALL's or PUT's
 * strike in PAT beside `strikeMicros`; a cash-settled series' `spotSeriesId`.
 */
export function seriesJson(info: patx.v1.ISeriesInfo): Record<string, unknown> {
  const { delivery, ...rest } = info;
  const json: Record<string, unknown> = { ...rest, kind: enumName(SeriesKind, info.kind ?? 0), status: enumName(SeriesStatus, info.status ?? 0) };
  if ((delivery ?? 0) !== 0) json.delivery = wire.DeliveryState[delivery!];
  if (Number(info.strikeMicros ?? 0) > 0) json.strike = formatPat(microsToWei(Number(info.strikeMicros)));
  return json;
}

/** Series that are listed and not expired, by id. */
export function liveSeries(engine: Engine, includeExpired = false): patx.v1.ISeriesInfo[] {
  const out: patx.v1.ISeriesInfo[] = [];
  for (const s of engine.series) {
    if (s === undefined || (!includeExpired && s.status === SeriesStatus.EXPIRED)) continue;
    out.push(seriesInfo(s, engine.risk.maxOrderQty));
  }
  return out;
}

export interface BookLevel {
  priceMicros: number;
  qty: number;
}

/**
 * The book as an order meets it (GET /v1/series/{id}): the levels an order on the other side can take. Under the
 * BROKER rule (spot and forward series) a buy meets only the broker's asks and a sale only its bids; the customers' own resting
 * orders there (consumers' bids, providers' asks) wait for the broker and are listed apart as `waiting`. Merged with
 * them, a provider's ask below the broker's showed as the best ask: a consumer's buy at it was refused NOT_FILLED,
 * and a market buy's protection, anchored there, fell short of the broker's ask (an outside review). An OPEN series
 * (synthetics, options) has one book: everything in it can be taken. The market-data feed's BOOK is the same book
 * (market-feed.ts, `takeableOrders`), without `waiting`.
 */
export function takeableBook(engine: Engine, seriesId: number, maxLevels: number): { bids: BookLevel[]; asks: BookLevel[]; waiting?: { bids: BookLevel[]; asks: BookLevel[] } } {
  const series = engine.series[seriesId];
  if (series === undefined) return { bids: [], asks: [] };
  const levels = (book: Series['brokerSells'], side: Side): BookLevel[] => book.depth(side, maxLevels).map(([priceMicros, qty]) => ({ priceMicros, qty }));
  const { brokerBuys, brokerSells } = series;
  if (brokerBuys === brokerSells) return { bids: levels(brokerSells, Side.BUY), asks: levels(brokerSells, Side.SELL) };
  return { bids: levels(brokerBuys, Side.BUY), asks: levels(brokerSells, Side.SELL), waiting: { bids: levels(brokerSells, Side.BUY), asks: levels(brokerBuys, Side.SELL) } };
}

/**
 * What the gateway keeps of cash-settled series (SYNTHETIC, CALL, PUT) from released turns, for
 * `GET /v1/series/{id}/settlement`: the last mark's event (the engine's state keeps the
 * mark's price and instant, not its method) and the published settlement index with its
 * inputs and every intermediate (the engine keeps only the index's value). Marks are kept in
 * memory; an index published before this process started comes from `published` (the
 * service's PublishedIndexes, derived from the journal), and without one (a gateway alone,
 * or a data directory whose journal no longer holds that expiry) shows its value from the
 * engine's state without the computation (`detail: false`).
 */
export class SyntheticViews {
  private readonly marks = new Map<number, { event: SyntheticMarked; timeMs: number }>();
  private readonly indexes = new Map<number, PublishedIndex>();

  constructor(private readonly published?: Pick<PublishedIndexes, 'get'>) {}

  /** A released event: marks and published indexes are kept, the rest ignored. */
  record(e: EngineEvent, timeMs: number): void {
    if (e.type === EventType.SYNTHETIC_MARKED) this.marks.set(e.seriesId, { event: e, timeMs });
    else if (e.type === EventType.SETTLEMENT_INDEX_PUBLISHED) {
      this.indexes.set(e.seriesId, { event: e, timeMs });
      this.marks.delete(e.seriesId); // a settled series is marked no more: its index is what counts
    }
  }

  /**
   * The settlement view of a series, read through `sequencer` at its place in the queue, or
   * why there is none. `NOT_A_SYNTHETIC` (the engine's reason for the same case) means not
   * cash-settled: a spot or forward series. A CALL or PUT adds its strike and what one unit
   * is worth at the mark and at the index (`valueMicros`).
   *
   * In two steps, because the marks and indexes kept here come from released turns: the
   * engine's side is captured where the read stands in the queue (`capture`), and joined with
   * what was released (`complete`) only once the read is delivered and its turn's listeners
   * have run (a promise's continuation runs after the release that resolved it). Joined at the
   * capture, a read in the turn of the expiry itself, or behind a turn still being journaled,
   * found the engine settled and no index released yet, and answered `detail: false`.
   */
  read(sequencer: Pick<Sequencer, 'read'>, seriesId: number): Promise<SettlementView> {
    return new Promise<SettlementCapture | SettlementRefusal>((resolve, reject) => sequencer.read((engine) => this.capture(engine, seriesId), resolve, reject)).then((c) =>
      c.status === 404 ? c : this.complete(c),
    );
  }

  /** The engine's side of the view, copied at the read's place in the queue. */
  capture(engine: Engine, seriesId: number): SettlementCapture | SettlementRefusal {
    const s = engine.series[seriesId];
    if (s === undefined) return { status: 404, code: 'UNKNOWN_SERIES' };
    const st = s.cashSettled;
    if (st === undefined) return { status: 404, code: 'NOT_A_SYNTHETIC' };
    const option = isOptionSeries(s);
    const valueAt = (indexMicros: number): Record<string, unknown> => {
      const v = unitValueMicros(s, indexMicros);
      return { valueMicros: v, value: formatPat(microsToWei(v)) };
    };
    return {
      status: 200,
      seriesId,
      asOfSeq: engine.lastSeq,
      markAtMs: st.markAtMs,
      mark: st.markAtMs === 0 ? null : { markMicros: st.markMicros, mark: formatPat(microsToWei(st.markMicros)), markAtMs: st.markAtMs, ...(option ? valueAt(st.markMicros) : {}) },
      settled:
        st.settledIndexMicros === 0
          ? null
          : { spotSeriesId: st.spotSeriesId, cutoffAtMs: s.spec.closeAtMs, indexMicros: st.settledIndexMicros, index: formatPat(microsToWei(st.settledIndexMicros)), ...valueAt(st.settledIndexMicros) },
      valueAt: (indexMicros) => valueAt(indexMicros),
      body: {
        seriesId,
        contract: s.spec.contract,
        kind: enumName(SeriesKind, s.spec.kind),
        ...(option ? { strikeMicros: s.spec.strikeMicros, strike: formatPat(microsToWei(s.spec.strikeMicros)) } : {}),
        status: enumName(SeriesStatus, s.status),
        openAtMs: s.spec.openAtMs,
        closeAtMs: s.spec.closeAtMs,
        spotSeriesId: st.spotSeriesId,
        holders: st.holders.length,
      },
    };
  }

  /** The capture joined with the mark's event and the published index released by the time it is delivered (none after its seq). */
  complete(c: SettlementCapture): { status: 200; body: Record<string, unknown> } {
    const mark = this.marks.get(c.seriesId);
    const markView =
      c.mark === null
        ? null
        : {
            ...c.mark,
            // The event of that same mark, when this process released it.
            ...(mark !== undefined && mark.event.markAtMs === c.markAtMs
              ? { method: mark.event.method, holders: mark.event.holders, liquidations: mark.event.liquidations, seq: mark.event.seq, timeMs: mark.timeMs }
              : {}),
          };
    const published = c.settled === null ? undefined : (this.indexes.get(c.seriesId) ?? this.published?.get(c.seriesId));
    let index: Record<string, unknown> | null = c.settled === null ? null : { detail: false, ...c.settled };
    if (published !== undefined && published.event.seq <= c.asOfSeq) {
      const e = published.event;
      index = {
        detail: true,
        seq: e.seq,
        timeMs: published.timeMs,
        spotSeriesId: e.spotSeriesId,
        cutoffAtMs: e.cutoffAtMs,
        indexMicros: e.indexMicros,
        index: formatPat(microsToWei(e.indexMicros)),
        ...c.valueAt(e.indexMicros),
        method: e.method,
        computation: e.index,
        inputs: e.inputs,
      };
    }
    return { status: 200, body: { ...c.body, mark: markView, settlementIndex: index, asOfSeq: c.asOfSeq } };
  }
}

export type SettlementRefusal = { status: 404; code: 'UNKNOWN_SERIES' | 'NOT_A_SYNTHETIC' };
export type SettlementView = { status: 200; body: Record<string, unknown> } | SettlementRefusal;

/** What `SyntheticViews.capture` copies of the engine for one read. */
export interface SettlementCapture {
  status: 200;
  seriesId: number;
  asOfSeq: number;
  markAtMs: number;
  mark: Record<string, unknown> | null;
  /** The index the engine settled at (its value only), null before the expiry. */
  settled: Record<string, unknown> | null;
  /** What one unit is worth at an index. */
  valueAt: (indexMicros: number) => Record<string, unknown>;
  /** The view's fields that come from the engine alone. */
  body: Record<string, unknown>;
}

function isOptionSeries(s: Series): boolean {
  return s.spec.kind === SeriesKind.CALL || s.spec.kind === SeriesKind.PUT;
}

/**
 * What one unit of a cash-settled series is worth at an index level, as the engine pays it
 * at expiry (src/engine/products/options.ts `intrinsicMicros`): the index for a SYNTHETIC,
 * max(index − strike, 0) for a CALL, max(strike − index, 0) for a PUT.
 */
export function unitValueMicros(s: Series, indexMicros: number): number {
  if (s.spec.kind === SeriesKind.CALL) return Math.max(indexMicros - s.spec.strikeMicros, 0);
  if (s.spec.kind === SeriesKind.PUT) return Math.max(s.spec.strikeMicros - indexMicros, 0);
  return indexMicros;
}
