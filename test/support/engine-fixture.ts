import { expect } from 'vitest';
import { BinaryReader } from '../../src/engine/durability/binary.js';
/**
 * A small builder for engine unit tests: an EmbeddedEngine with an operator, the
 * broker, consumers and providers, one SPOT series listed, PAT deposited and
 * provider rights minted; helpers that submit commands and return their events;
 * and `conservation`, which checks the engine's accounting invariants (every
 * helper runs it after every command unless `autoCheck` is turned off).
 */
import { DeliveryPhase } from '../../src/engine/core/series.js';
import {
  CommandKind,
  type Account,
  EmbeddedEngine,
  encodeState,
  Engine,
  EventType,
  MassCancelScope,
  OrderType,
  Role,
  SelfTradePrevention,
  SeriesKind,
  Side,
  SYSTEM_ACTOR,
  TimeInForce,
  WEI_PER_MICRO,
  WRITER_SALES_MARGIN_RULES,
  parseContractKey,
  rejectReasonName,
  type Command,
  type EngineEvent,
  type EngineLimits,
  type Fill,
  type ListSeries,
  type OrderAccepted,
  type OrderCanceled,
  type RejectReason,
  type SeriesStatus,
} from '../../src/engine/index.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** Window open of the default series (a Monday, 00:00 UTC). */
export const T0 = Date.UTC(2025, 0, 6);
export const CONTRACT = 'AUTO_INTENT|7D|0.70-0.85';
export const WINDOW_MS = parseContractKey(CONTRACT).windowMs;
/** Default series: tick 0.001 PAT, prices 0.001..10 PAT, lot 1, max 10 000 per order, band 5 %. */
export const TICK = 1_000;
export const MIN_PRICE = 1_000;
export const MAX_PRICE = 10_000_000;
export const MAX_QTY = 10_000;
export const BAND_BPS = 500;
/** One PAT in µPAT. */
export const PAT = 1_000_000;

export function microsToWei(micros: number): bigint {
  return BigInt(micros) * WEI_PER_MICRO;
}

/** The default ListSeries command (window open at T0), with overrides. */
export function seriesSpec(overrides: Partial<Omit<ListSeries, 'kind'>> = {}): ListSeries {
  const openAtMs = overrides.openAtMs ?? T0;
  const contract = overrides.contract ?? CONTRACT;
  let windowMs = WINDOW_MS;
  try {
    windowMs = parseContractKey(contract).windowMs;
  } catch {
    // a bad key under test: any close time will do
  }
  return {
    kind: CommandKind.LIST_SERIES,
    actor: SYSTEM_ACTOR,
    contract,
    seriesKind: SeriesKind.SPOT,
    openAtMs,
    closeAtMs: openAtMs + windowMs,
    tickMicros: TICK,
    lotSize: 1,
    minPriceMicros: MIN_PRICE,
    maxPriceMicros: MAX_PRICE,
    maxOrderQty: MAX_QTY,
    bandBps: BAND_BPS,
    ...overrides,
  };
}

export interface OrderOpts {
  seriesId?: number;
  side?: Side;
  orderType?: OrderType;
  tif?: TimeInForce;
  priceMicros?: number;
  qty?: number;
  clientOrderId?: number;
  expireAtMs?: number;
  postOnly?: boolean;
  stp?: SelfTradePrevention;
}

export interface FixtureOptions {
  consumers?: number;
  providers?: number;
  /** µPAT deposited for each consumer. */
  consumerMicros?: number;
  /** µPAT deposited for the broker. */
  brokerMicros?: number;
  /** Capacity declared and rights minted for each provider in the default series. */
  providerCapacity?: number;
  providerMint?: number;
  /** Rights the broker buys from the first provider during setup (at `seedPriceMicros`). */
  brokerRights?: number;
  seedPriceMicros?: number;
  series?: Partial<Omit<ListSeries, 'kind'>>;
  limits?: Partial<EngineLimits>;
  /** Engine clock; default one hour into the default window. */
  startMs?: number;
}

export class EngineFixture {
  readonly ee: EmbeddedEngine;
  /** Run `conservation` after every command submitted through this fixture. */
  autoCheck = true;
  operator = 0;
  broker = 0;
  consumers: number[] = [];
  providers: number[] = [];
  seriesId = 0;
  private nextRef = 1;

  constructor(limits: Partial<EngineLimits> = {}, startMs = T0 + HOUR_MS) {
    this.ee = new EmbeddedEngine(limits, startMs);
  }

  get engine(): Engine {
    return this.ee.engine;
  }

  get nowMs(): number {
    return this.ee.nowMs;
  }

  set nowMs(ms: number) {
    this.ee.nowMs = ms;
  }

  /** Applies a command at the fixture's time; checks conservation afterwards. */
  submit(cmd: Command, timeMs = this.ee.nowMs): EngineEvent[] {
    const events = this.ee.submit(cmd, timeMs);
    if (this.autoCheck) conservation(this.engine);
    return events;
  }

  // ----------------------------------------------------------- admin

  openAccount(role: Role, actor: number = SYSTEM_ACTOR, address = ''): EngineEvent[] {
    return this.submit({ kind: CommandKind.OPEN_ACCOUNT, actor, role, address });
  }

  /** Opens an account and returns its id (throws if refused). */
  newAccount(role: Role, address = ''): number {
    const ev = this.openAccount(role, SYSTEM_ACTOR, address);
    const opened = ev.find((e) => e.type === EventType.ACCOUNT_OPENED);
    if (opened === undefined) throw new Error(`could not open account: ${show(ev)}`);
    return opened.accountId;
  }

  listSeries(overrides: Partial<Omit<ListSeries, 'kind'>> = {}): EngineEvent[] {
    return this.submit(seriesSpec(overrides));
  }

  /** Lists a series and returns its id (throws if refused). */
  newSeries(overrides: Partial<Omit<ListSeries, 'kind'>> = {}): number {
    const ev = this.listSeries(overrides);
    const listed = ev.find((e) => e.type === EventType.SERIES_LISTED);
    if (listed === undefined) throw new Error(`could not list series: ${show(ev)}`);
    return listed.seriesId;
  }

  setStatus(status: typeof SeriesStatus.TRADING | typeof SeriesStatus.HALTED, seriesId = this.seriesId, actor = this.operator): EngineEvent[] {
    return this.submit({ kind: CommandKind.SET_SERIES_STATUS, actor, seriesId, status });
  }

  expireSeries(cutoffMs: number, seriesId = this.seriesId, actor = this.operator): EngineEvent[] {
    return this.submit({ kind: CommandKind.EXPIRE_SERIES, actor, seriesId, cutoffMs });
  }

  expireOrders(cutoffMs: number, actor = this.operator): EngineEvent[] {
    return this.submit({ kind: CommandKind.EXPIRE_ORDERS, actor, cutoffMs });
  }

  setReference(priceMicros: number, seriesId = this.seriesId, actor = this.operator): EngineEvent[] {
    return this.submit({ kind: CommandKind.SET_REFERENCE_PRICE, actor, seriesId, priceMicros });
  }

  // ----------------------------------------------------------- money

  depositWei(accountId: number, amountWei: bigint, ref = `ref-${this.nextRef++}`, actor = this.operator): EngineEvent[] {
    return this.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor, accountId, amountWei, ref });
  }

  deposit(accountId: number, micros: number, ref?: string): EngineEvent[] {
    return this.depositWei(accountId, microsToWei(micros), ref);
  }

  requestWithdrawal(actor: number, amountWei: bigint): EngineEvent[] {
    return this.submit({ kind: CommandKind.REQUEST_WITHDRAWAL, actor, amountWei });
  }

  completeWithdrawal(withdrawalId: number, actor = this.operator): EngineEvent[] {
    return this.submit({ kind: CommandKind.COMPLETE_WITHDRAWAL, actor, withdrawalId });
  }

  // ---------------------------------------------------------- rights

  declareCapacity(actor: number, capacity: number, seriesId = this.seriesId): EngineEvent[] {
    return this.submit({ kind: CommandKind.DECLARE_CAPACITY, actor, seriesId, capacity });
  }

  mint(actor: number, qty: number, seriesId = this.seriesId): EngineEvent[] {
    return this.submit({ kind: CommandKind.MINT, actor, seriesId, qty });
  }

  exercise(actor: number, qty: number, seriesId = this.seriesId, timeMs = this.ee.nowMs): EngineEvent[] {
    return this.submit({ kind: CommandKind.EXERCISE, actor, seriesId, qty }, timeMs);
  }

  // ---------------------------------------------------------- orders

  order(actor: number, o: OrderOpts = {}): EngineEvent[] {
    return this.submit(this.orderCommand(actor, o));
  }

  /** The NEW_ORDER command `order` submits (also for an engine restored from this one's state). */
  orderCommand(actor: number, o: OrderOpts = {}): Command {
    const orderType = o.orderType ?? OrderType.LIMIT;
    return {
      kind: CommandKind.NEW_ORDER,
      actor,
      seriesId: o.seriesId ?? this.seriesId,
      clientOrderId: o.clientOrderId ?? 0,
      side: o.side ?? Side.BUY,
      orderType,
      tif: o.tif ?? (orderType === OrderType.MARKET ? TimeInForce.IOC : TimeInForce.GTC),
      priceMicros: o.priceMicros ?? (orderType === OrderType.MARKET ? 0 : PAT),
      qty: o.qty ?? 1,
      expireAtMs: o.expireAtMs ?? 0,
      postOnly: o.postOnly ?? false,
      stp: o.stp ?? SelfTradePrevention.CANCEL_NEWEST,
    };
  }

  buy(actor: number, priceMicros: number, qty: number, o: OrderOpts = {}): EngineEvent[] {
    return this.order(actor, { ...o, side: Side.BUY, priceMicros, qty });
  }

  sell(actor: number, priceMicros: number, qty: number, o: OrderOpts = {}): EngineEvent[] {
    return this.order(actor, { ...o, side: Side.SELL, priceMicros, qty });
  }

  /** Places a limit order that must be accepted; returns its order id. */
  place(actor: number, side: Side, priceMicros: number, qty: number, o: OrderOpts = {}): number {
    const ev = this.order(actor, { ...o, side, priceMicros, qty });
    const acc = accepted(ev)[0];
    if (acc === undefined) throw new Error(`order not accepted: ${show(ev)}`);
    return acc.orderId;
  }

  cancel(actor: number, orderId: number): EngineEvent[] {
    return this.submit({ kind: CommandKind.CANCEL_ORDER, actor, orderId, clientOrderId: 0 });
  }

  cancelByClientId(actor: number, clientOrderId: number): EngineEvent[] {
    return this.submit({ kind: CommandKind.CANCEL_ORDER, actor, orderId: 0, clientOrderId });
  }

  amend(actor: number, orderId: number, newQty: number, newPriceMicros: number): EngineEvent[] {
    return this.submit({ kind: CommandKind.AMEND_ORDER, actor, orderId, newQty, newPriceMicros });
  }

  massCancel(actor: number, scope: MassCancelScope, accountId = 0, seriesId = 0): EngineEvent[] {
    return this.submit({ kind: CommandKind.MASS_CANCEL, actor, scope, accountId, seriesId });
  }

  /** Mass quote from the broker: levels as [price, qty], best first. */
  massQuote(
    bids: Array<[number, number]>,
    asks: Array<[number, number]>,
    referencePriceMicros = 0,
    actor = this.broker,
    seriesId = this.seriesId,
  ): EngineEvent[] {
    return this.submit({
      kind: CommandKind.MASS_QUOTE,
      actor,
      seriesId,
      bids: { priceMicros: bids.map((l) => l[0]), qty: bids.map((l) => l[1]) },
      asks: { priceMicros: asks.map((l) => l[0]), qty: asks.map((l) => l[1]) },
      referencePriceMicros,
    });
  }

  // --------------------------------------------------------- queries

  acct(id: number) {
    const a = this.engine.account(id);
    if (a === undefined) throw new Error(`no account ${id}`);
    return a;
  }

  available(id: number): number {
    return this.acct(id).availableMicros;
  }

  held(id: number): number {
    return this.acct(id).heldMicros;
  }

  /** [available, held] rights of an account in a series. */
  rights(id: number, seriesId = this.seriesId): [number, number] {
    const p = this.acct(id).positions.get(seriesId);
    return [p?.available ?? 0, p?.held ?? 0];
  }

  series(seriesId = this.seriesId) {
    const s = this.engine.seriesById(seriesId);
    if (s === undefined) throw new Error(`no series ${seriesId}`);
    return s;
  }

  /** Live order ids of a book side in priority order. `book`: where customers' buys rest ('sells', broker asks) or customers' sells rest ('buys', broker bids). */
  bookOrders(book: 'brokerSells' | 'brokerBuys', side: Side, seriesId = this.seriesId): number[] {
    return [...this.series(seriesId)[book].orders(side)].map((o) => o.orderId);
  }

  isLive(orderId: number): boolean {
    return this.engine.orders.get(orderId) !== undefined;
  }

  liveOrder(orderId: number) {
    const o = this.engine.orders.get(orderId);
    if (o === undefined) throw new Error(`order ${orderId} is not live`);
    return o;
  }
}

/**
 * The standard world: operator, broker, consumers, providers; one SPOT series on
 * CONTRACT opening at T0; PAT for the broker and consumers; providers with rights;
 * and (by default) rights bought by the broker from the first provider, so the
 * broker can quote asks. Setup leaves no resting order.
 */
export function createFixture(opts: FixtureOptions = {}): EngineFixture {
  const fx = new EngineFixture(opts.limits ?? {}, opts.startMs ?? T0 + HOUR_MS);
  fx.operator = fx.newAccount(Role.OPERATOR);
  fx.broker = fx.newAccount(Role.BROKER);
  for (let i = 0; i < (opts.consumers ?? 2); i++) fx.consumers.push(fx.newAccount(Role.CONSUMER));
  for (let i = 0; i < (opts.providers ?? 2); i++) fx.providers.push(fx.newAccount(Role.PROVIDER));
  fx.seriesId = fx.newSeries(opts.series ?? {});
  expectEvent(fx.deposit(fx.broker, opts.brokerMicros ?? 10_000 * PAT), EventType.DEPOSIT_CREDITED);
  const consumerMicros = opts.consumerMicros ?? 1_000 * PAT;
  if (consumerMicros > 0) for (const c of fx.consumers) expectEvent(fx.deposit(c, consumerMicros), EventType.DEPOSIT_CREDITED);
  for (const p of fx.providers) {
    expectEvent(fx.declareCapacity(p, opts.providerCapacity ?? 1_000), EventType.CAPACITY_DECLARED);
    const mint = opts.providerMint ?? 500;
    if (mint > 0) expectEvent(fx.mint(p, mint), EventType.RIGHTS_MINTED);
  }
  const seed = opts.brokerRights ?? 200;
  if (seed > 0) {
    const price = opts.seedPriceMicros ?? 500_000;
    const provider = fx.providers[0]!;
    fx.sell(provider, price, seed);
    const ev = fx.buy(fx.broker, price, seed, { tif: TimeInForce.IOC });
    if (fills(ev).reduce((n, f) => n + f.qty, 0) !== seed) throw new Error(`seeding broker rights failed: ${show(ev)}`);
  }
  return fx;
}

// ------------------------------------------------------------ events

export function accepted(events: EngineEvent[]): OrderAccepted[] {
  return events.filter((e): e is OrderAccepted => e.type === EventType.ORDER_ACCEPTED);
}

export function fills(events: EngineEvent[]): Fill[] {
  return events.filter((e): e is Fill => e.type === EventType.FILL);
}

export function canceled(events: EngineEvent[]): OrderCanceled[] {
  return events.filter((e): e is OrderCanceled => e.type === EventType.ORDER_CANCELED);
}

export function ofType<T extends EngineEvent['type']>(events: EngineEvent[], type: T): Array<Extract<EngineEvent, { type: T }>> {
  return events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
}

/** The id of the order a NEW_ORDER accepted (throws if none). */
export function orderIdOf(events: EngineEvent[]): number {
  const a = accepted(events)[0];
  if (a === undefined) throw new Error(`no ORDER_ACCEPTED in ${show(events)}`);
  return a.orderId;
}

/** The reason of the single ORDER_REJECTED or COMMAND_REJECTED event, or NONE (0) if there is none. */
export function rejection(events: EngineEvent[]): RejectReason | 0 {
  for (const e of events) {
    if (e.type === EventType.ORDER_REJECTED || e.type === EventType.COMMAND_REJECTED) return e.reason;
  }
  return 0;
}

/** Name of the rejection reason, for readable assertions: 'NONE' when accepted. */
export function rejectionName(events: EngineEvent[]): string {
  return rejectReasonName(rejection(events));
}

/** Throws unless `events` contains one of `type`. */
export function expectEvent(events: EngineEvent[], type: EngineEvent['type']): void {
  if (!events.some((e) => e.type === type)) throw new Error(`expected event type ${type}, got ${show(events)}`);
}

export function show(events: EngineEvent[]): string {
  return JSON.stringify(events, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
}

// -------------------------------------------------------- invariants

function engineOf(e: Engine | EmbeddedEngine | EngineFixture): Engine {
  if (e instanceof EngineFixture) return e.engine;
  if (e instanceof EmbeddedEngine) return e.engine;
  return e;
}

/**
 * Every accounting invariant the engine must keep, as a list of broken ones
 * (empty when all hold):
 *   - PAT: Σ (available + held) µPAT over accounts + the fee account = engine.totalMicros; no
 *     negative balance; each account's held = Σ (price + fee held) × leaves of its live buys;
 *   - rights: per series, Σ (available + held) over positions = rightsOutstanding = the supply queue's total;
 *     each position's held = Σ leaves of its live sells; nothing negative;
 *   - orders: leaves > 0, cumQty ≥ 0 (OrderQty is their sum by construction), price on the tick and in
 *     limits; each level's total = Σ leaves; the order index, each account's
 *     order list and openOrders agree with the books;
 *   - books: bids strictly descending, asks ascending; no book crossed.
 */
export function conservationProblems(target: Engine | EmbeddedEngine | EngineFixture): string[] {
  const engine = engineOf(target);
  const problems: string[] = [];
  const heldByAccount = new Map<number, number>();
  const heldRights = new Map<string, number>();
  const openByAccount = new Map<number, number>();
  /** Rules 21: an option's resting sales that hold no writing margin, in units, by account/series. */
  const unmarginedSales = new Map<string, number>();
  let liveOrders = 0;

  for (const series of engine.series) {
    if (series === undefined) continue;
    const spec = series.spec;
    for (const book of series.books()) {
      for (const side of [Side.BUY, Side.SELL] as const) {
        let prevPrice = -1;
        let levelPrice = -1;
        let levelSum = 0;
        const depth = book.depth(side, Number.MAX_SAFE_INTEGER);
        const levelSums: number[] = [];
        for (const o of book.orders(side)) {
          liveOrders++;
          const where = `series ${series.id} order ${o.orderId}`;
          if (!(o.leavesQty > 0)) problems.push(`${where}: resting with leaves ${o.leavesQty}`);
          if (o.cumQty < 0) problems.push(`${where}: negative cumQty`);
          if (o.side !== side) problems.push(`${where}: on the wrong side`);
          if (o.seriesId !== series.id) problems.push(`${where}: seriesId ${o.seriesId}`);
          if (o.priceMicros % spec.tickMicros !== 0 || o.priceMicros < spec.minPriceMicros || o.priceMicros > spec.maxPriceMicros) {
            problems.push(`${where}: price ${o.priceMicros} off tick or limits`);
          }
          if (!o.resting || !o.indexed) problems.push(`${where}: resting=${o.resting} indexed=${o.indexed}`);
          if (engine.orders.get(o.orderId) !== o) problems.push(`${where}: not in the order index`);
          // The client-id index once made (it is made at the first look-up by client id, from the account's orders): never read here, so checking makes none.
          const byClientId = (o.owner as unknown as { clientIndex: { get(id: number): unknown } | undefined }).clientIndex;
          if (o.clientOrderId > 0 && byClientId !== undefined && byClientId.get(o.clientOrderId) !== o) {
            problems.push(`${where}: not indexed by client order id ${o.clientOrderId}`);
          }
          // Phase 1 routing: broker orders are asks in brokerSells and bids in brokerBuys.
          if (series.brokerSells !== series.brokerBuys) {
            const isBroker = o.owner.role === Role.BROKER;
            if (series.bookFor(o.side, isBroker) !== book) problems.push(`${where}: in the wrong book`);
          }
          if (prevPrice >= 0 && (side === Side.BUY ? o.priceMicros > prevPrice : o.priceMicros < prevPrice)) {
            problems.push(`${where}: book side out of price order`);
          }
          prevPrice = o.priceMicros;
          if (o.priceMicros !== levelPrice) {
            if (levelPrice >= 0) levelSums.push(levelSum);
            levelPrice = o.priceMicros;
            levelSum = 0;
          }
          levelSum += o.leavesQty;
          openByAccount.set(o.owner.id, (openByAccount.get(o.owner.id) ?? 0) + 1);
          if (series.synthetic !== undefined) {
            // A synthetic order holds initial margin on either side, no price and no rights.
            if (!o.cashSettled || o.collateralPerUnitMicros <= 0) problems.push(`${where}: a synthetic order without its margin`);
            heldByAccount.set(o.owner.id, (heldByAccount.get(o.owner.id) ?? 0) + o.collateralPerUnitMicros * o.leavesQty);
          } else if (o.side === Side.BUY) {
            // With the fee a buy holds per unit (docs/fees.md; 0 under a zero schedule), in µPAT: never a rate.
            heldByAccount.set(o.owner.id, (heldByAccount.get(o.owner.id) ?? 0) + (o.priceMicros + o.collateralPerUnitMicros) * o.leavesQty);
            if (o.feeHoldBps !== 0) problems.push(`${where}: a buy outside a synthetic with a fee hold rate`);
          } else {
            const key = `${o.owner.id}/${series.id}`;
            heldRights.set(key, (heldRights.get(key) ?? 0) + o.leavesQty);
            if (series.option !== undefined && o.collateralPerUnitMicros === 0) unmarginedSales.set(key, (unmarginedSales.get(key) ?? 0) + o.leavesQty);
            heldByAccount.set(o.owner.id, (heldByAccount.get(o.owner.id) ?? 0) + o.collateralPerUnitMicros * o.leavesQty);
            if (o.collateralPerUnitMicros !== 0 && series.forward === undefined && series.option === undefined) problems.push(`${where}: holds collateral outside a forward or an option`);
            if (o.feeHoldBps !== 0 && series.forward === undefined) problems.push(`${where}: a sale outside a forward or a synthetic with a fee hold rate`);
          }
        }
        if (levelPrice >= 0) levelSums.push(levelSum);
        const depthSums = depth.map((l) => l[1]);
        if (JSON.stringify(depthSums) !== JSON.stringify(levelSums)) {
          problems.push(`series ${series.id} side ${side}: level totals ${JSON.stringify(depthSums)} != Σ leaves ${JSON.stringify(levelSums)}`);
        }
      }
      const bid = book.bestBidMicros();
      const ask = book.bestAskMicros();
      if (bid !== 0 && ask !== 0 && bid >= ask) problems.push(`series ${series.id}: book crossed, bid ${bid} >= ask ${ask}`);
    }
    let rights = 0;
    let syntheticNet = 0;
    let syntheticCost = 0;
    for (const a of engine.accounts) {
      const p = a?.positions.get(series.id);
      if (p === undefined) continue;
      if (series.synthetic !== undefined) {
        // Positions are signed and zero-sum, as their costs are; margin is never negative.
        syntheticNet += p.available;
        syntheticCost += p.costMicros;
        if (p.collateralMicros < 0 || p.held !== 0 || p.escrowMicros !== 0) problems.push(`account ${a!.id} series ${series.id}: synthetic position ${JSON.stringify({ ...p, owner: undefined })}`);
        if (!series.synthetic.holders.includes(p)) problems.push(`account ${a!.id} series ${series.id}: a synthetic position not among the holders`);
        continue;
      }
      // In a forward a seller (provider or broker) may be short: a promise to deliver.
      // In an option a writer is short: any account that may write (docs/options.md).
      const mayBeShort = (series.forward !== undefined && (a!.role === Role.PROVIDER || a!.role === Role.BROKER)) || series.option !== undefined;
      if (series.option !== undefined && !series.option.holders.includes(p)) problems.push(`account ${a!.id} series ${series.id}: an option position not among the holders`);
      if (series.option !== undefined && (p.costMicros !== 0 || p.escrowMicros !== 0)) problems.push(`account ${a!.id} series ${series.id}: an option position with forward money`);
      if ((p.available < 0 && !mayBeShort) || p.held < 0) problems.push(`account ${a!.id} series ${series.id}: negative rights ${p.available}/${p.held}`);
      if (p.escrowMicros < 0 || p.collateralMicros < 0 || p.costMicros < 0) problems.push(`account ${a!.id} series ${series.id}: negative forward money`);
      if (series.forward === undefined && series.option === undefined && (p.escrowMicros !== 0 || p.collateralMicros !== 0 || p.costMicros !== 0)) problems.push(`account ${a!.id} series ${series.id}: forward money outside a forward`);
      if (series.option !== undefined && p.collateralMicros > 0 && p.available + p.held >= 0) problems.push(`account ${a!.id} series ${series.id}: option margin locked without a written position`);
      if (series.option !== undefined && engine.rulesVersion >= WRITER_SALES_MARGIN_RULES && a!.role !== Role.BROKER) {
        // Rules 21 (docs/options.md, "Selling"): a written position holds its writing margin. Each unit written locked at
        // least its premium (the series' minimum price; a put's margin is capped at its strike), a mark only adds to the
        // lock or liquidates, buying back frees it pro rata: so a lock below that is a unit written without margin. And
        // once the account's resting sales exceed its long, each holds writing margin, so any of them that fills writes
        // with margin. The broker is left out: its margin goes as far as its PAT (liquidations it takes over, marks).
        const net = p.available + p.held;
        const short = net < 0 ? -net : 0;
        const perUnit = series.spec.kind === SeriesKind.PUT ? Math.min(series.spec.minPriceMicros, series.spec.strikeMicros) : series.spec.minPriceMicros;
        if (short > 0 && p.collateralMicros < short * perUnit) problems.push(`account ${a!.id} series ${series.id}: written option position of ${short} locks ${p.collateralMicros} µPAT, below its writing margin (at least ${short * perUnit})`);
        const unmargined = unmarginedSales.get(`${a!.id}/${series.id}`) ?? 0;
        if (p.held > Math.max(net, 0) && unmargined > 0) problems.push(`account ${a!.id} series ${series.id}: resting sales of ${p.held} beyond its long ${Math.max(net, 0)}, ${unmargined} of them without writing margin`);
      }
      if (p.minted > p.capacity) problems.push(`account ${a!.id} series ${series.id}: minted ${p.minted} > capacity ${p.capacity}`);
      const expectHeld = heldRights.get(`${a!.id}/${series.id}`) ?? 0;
      if (p.held !== expectHeld) problems.push(`account ${a!.id} series ${series.id}: rights held ${p.held} != Σ live sells ${expectHeld}`);
      rights += p.available + p.held;
    }
    if (syntheticNet !== 0 || syntheticCost !== 0) problems.push(`series ${series.id}: synthetic positions sum to ${syntheticNet} units, cost ${syntheticCost}`);
    // Rights in flight: delivered by providers or set aside by the broker for buyers, not yet in a buyer's account.
    const inFlight = rightsInDelivery(engine, series.id);
    const forwardDelivering = series.forward !== undefined && series.forward.phase !== DeliveryPhase.NONE && series.forward.phase !== DeliveryPhase.DONE;
    if (rights + inFlight !== series.rightsOutstanding && !forwardDelivering) problems.push(`series ${series.id}: Σ rights ${rights} + in delivery ${inFlight} != outstanding ${series.rightsOutstanding}`);
    // Rules 3: the supply holds the rights outstanding outside the providers' own unsold stock (all of them before).
    let ownUnsold = 0;
    for (const a of engine.accounts) {
      const p = a?.positions.get(series.id);
      if (p === undefined) continue;
      if (p.ownUnsold < 0 || (p.ownUnsold > 0 && p.ownUnsold > p.available + p.held)) problems.push(`account ${a!.id} series ${series.id}: own unsold ${p.ownUnsold} beyond its rights ${p.available}+${p.held}`);
      if (p.ownUnsold > 0 && !series.isMinter(a!.id)) problems.push(`account ${a!.id} series ${series.id}: unsold stock but not among the minters`);
      ownUnsold += p.ownUnsold;
    }
    if (series.supply.total !== series.rightsOutstanding - ownUnsold) problems.push(`series ${series.id}: supply ${series.supply.total} != outstanding ${series.rightsOutstanding} - own unsold ${ownUnsold}`);
    for (const lot of series.supply.live()) if (lot.qty <= 0 || lot.heldMicros < 0) problems.push(`series ${series.id}: supply lot ${JSON.stringify(lot)}`);
  }

  // Held sale proceeds (rules 3): in supply lots and open grant escrows, each provider's share of its lock.
  const proceedsHeld = new Map<number, number>();
  const addHeld = (id: number, m: number): void => void proceedsHeld.set(id, (proceedsHeld.get(id) ?? 0) + m);
  for (const series of engine.series) if (series !== undefined) for (const lot of series.supply.live()) addHeld(lot.providerAccountId, lot.heldMicros);
  for (const g of engine.escrow.grants.values()) {
    addHeld(g.providerAccountId, g.heldMicros);
    if (g.heldMicros < 0 || g.undeliveredQty <= 0 || g.undeliveredQty > g.qty) problems.push(`grant ${g.grantId}: escrow ${JSON.stringify(g)}`);
    // Rules 5: evidence within the quantity; a dispute is an open claim with no clock.
    if (g.evidencedQty < 0 || g.evidencedQty > g.qty || g.refundedQty < 0 || g.undeliveredQty + g.refundedQty > g.qty || (g.disputed && (g.claimedAtMs === 0 || g.claimDueAtMs !== 0))) problems.push(`grant ${g.grantId}: evidence or dispute ${JSON.stringify(g)}`);
  }
  let micros = 0;
  for (const a of engine.accounts) {
    if (a === undefined) continue;
    if (a.proceedsHeldMicros !== (proceedsHeld.get(a.id) ?? 0)) problems.push(`account ${a.id}: proceeds held ${a.proceedsHeldMicros} != Σ lots and grants ${proceedsHeld.get(a.id) ?? 0}`);
    if (a.availableMicros < 0 || a.heldMicros < 0) problems.push(`account ${a.id}: negative balance ${a.availableMicros}/${a.heldMicros}`);
    if (!Number.isSafeInteger(a.availableMicros) || !Number.isSafeInteger(a.heldMicros)) problems.push(`account ${a.id}: balance not a safe integer`);
    if (a.remainderWei < 0n || a.remainderWei >= WEI_PER_MICRO) problems.push(`account ${a.id}: remainder ${a.remainderWei} out of range`);
    const expectHeld = heldByAccount.get(a.id) ?? 0;
    if (a.heldMicros !== expectHeld) problems.push(`account ${a.id}: held ${a.heldMicros} != Σ live buys ${expectHeld}`);
    const open = openByAccount.get(a.id) ?? 0;
    if (a.openOrders !== open) problems.push(`account ${a.id}: openOrders ${a.openOrders} != resting ${open}`);
    let listed = 0;
    for (let o = a.firstOrder; o !== null && listed <= open; o = o.accountNext) listed++;
    if (listed !== open) problems.push(`account ${a.id}: order list has ${listed}, books have ${open}`);
    let locked = 0;
    for (const p of a.positions.values()) locked += p.escrowMicros + p.collateralMicros;
    locked += a.proceedsHeldMicros;
    if (a.lockedMicros !== locked) problems.push(`account ${a.id}: locked ${a.lockedMicros} != Σ escrow and collateral ${locked} (with proceeds held)`);
    micros += a.availableMicros + a.heldMicros + a.lockedMicros;
  }
  if (engine.feeAccountMicros < 0) problems.push(`fee account ${engine.feeAccountMicros} µPAT`);
  micros += engine.feeAccountMicros; // the exchange's fee account (docs/fees.md)
  if (micros !== engine.totalMicros) problems.push(`Σ PAT ${micros} µPAT != totalMicros ${engine.totalMicros}`);
  if (engine.orders.size !== liveOrders) problems.push(`order index holds ${engine.orders.size}, books ${liveOrders}`);
  if (engine.pool.liveCount !== liveOrders) problems.push(`pool live ${engine.pool.liveCount}, books ${liveOrders}`);
  return problems;
}

/** Spot rights a forward delivery into this series has created or set aside and not yet handed to a buyer. */
function rightsInDelivery(engine: Engine, spotSeriesId: number): number {
  let n = 0;
  for (const s of engine.series) if (s?.forward !== undefined && s.forward.spotSeriesId === spotSeriesId) n += s.forward.rightsInTransit();
  return n;
}

/** Throws if any invariant of `conservationProblems` is broken. */
/** Live orders of the account with a client order id, by its order list (not its client-id index, which reading would make). */
function liveClientIdCount(a: Account): number {
  let n = 0;
  for (let o = a.firstOrder; o !== null; o = o.accountNext) if (o.clientOrderId > 0) n++;
  return n;
}

export function conservation(target: Engine | EmbeddedEngine | EngineFixture): void {
  const problems = conservationProblems(target);
  if (problems.length > 0) throw new Error(`engine invariants broken:\n  ${problems.join('\n  ')}`);
}

/**
 * A deep, plain summary of the state a command could change: balances, positions,
 * every live order in book priority order, series state and the engine's
 * counters. Two summaries are equal iff nothing observable changed.
 */
export function stateSummary(target: Engine | EmbeddedEngine | EngineFixture): unknown {
  const engine = engineOf(target);
  const accounts = engine.accounts.filter((a) => a !== undefined).map((a) => ({
    id: a.id,
    role: a.role,
    verified: a.verified,
    available: a.availableMicros,
    held: a.heldMicros,
    locked: a.lockedMicros,
    proceedsHeld: a.proceedsHeldMicros,
    remainderWei: a.remainderWei.toString(),
    pendingWei: a.pendingWithdrawalWei.toString(),
    openOrders: a.openOrders,
    recentClientIds: [...a.recentClientIds.values()],
    liveClientIds: liveClientIdCount(a),
    positions: [...a.positions.values()]
      .map((p) => ({ ...p }))
      .sort((x, y) => x.seriesId - y.seriesId),
  }));
  const expiries = engine.expiries; // a live GTD order's expiry is in the queue
  const series = engine.series.filter((s) => s !== undefined).map((s) => ({
    id: s.id,
    status: s.status,
    reference: s.referencePriceMicros,
    lastTrade: s.lastTradeMicros,
    rightsOutstanding: s.rightsOutstanding,
    supply: s.supply.live().map((lot) => ({ ...lot })),
    quoteBidIds: [...s.quoteBidIds],
    quoteAskIds: [...s.quoteAskIds],
    books: s.books().map((b) =>
      [Side.BUY, Side.SELL].map((side) =>
        [...b.orders(side as Side)].map((o) => ({
          id: o.orderId,
          owner: o.owner.id,
          clOrdId: o.clientOrderId,
          price: o.priceMicros,
          qty: o.orderQty,
          cum: o.cumQty,
          leaves: o.leavesQty,
          expireAtMs: o.tif === TimeInForce.GTD ? expiries.expiryOf(o.orderId) : 0,
        })),
      ),
    ),
  }));
  return {
    totalMicros: engine.totalMicros,
    brokerId: engine.brokerId,
    nextOrderId: engine.nextOrderId,
    nextTradeId: engine.nextTradeId,
    nextWithdrawalId: engine.nextWithdrawalId,
    nextExerciseId: engine.nextExerciseId,
    governancePhase: engine.governancePhase,
    rulesVersion: engine.rulesVersion,
    settledBatchId: engine.settledBatchId,
    settledThroughSeq: engine.settledThroughSeq,
    withdrawals: [...engine.withdrawals.entries()].map(([id, w]) => [id, w.accountId, w.amountWei.toString()]),
    depositRefs: [...engine.depositRefs],
    seriesByWindow: [...engine.seriesByWindow.entries()],
    liveOrders: engine.orders.size,
    expiries: engine.expiries.size,
    accounts,
    series,
    grantEscrows: [...engine.escrow.grants.values()].map((g) => ({ ...g })),
  };
}

/** The workload's deterministic PRNG (mulberry32), for randomized tests. */
export { prng } from '../../bench/workload.js';

/** Expects `run` to be refused with `reason` (one rejection event) and to change nothing; returns its events. */
export function expectRefused(fx: EngineFixture, reason: RejectReason, run: () => EngineEvent[]): EngineEvent[] {
  const before = stateSummary(fx);
  const ev = run();
  expect(rejectionName(ev)).toBe(rejectReasonName(reason));
  expect(ev).toHaveLength(1);
  expect(stateSummary(fx)).toEqual(before);
  return ev;
}

export { CommandKind, EventType, MassCancelScope, OrderType, Role, SelfTradePrevention, SeriesKind, Side, SYSTEM_ACTOR, TimeInForce };

/**
 * The bytes a version-2 engine would have written for this state: version 3
 * without the trailing catalog section. No account may have a provider listing
 * and no grant may have been issued.
 */
export function versionTwoSnapshot(engine: Engine): Uint8Array {
  if (engine.accounts.some((a) => a !== undefined && a.providerListings.size > 0)) throw new Error('a version-2 snapshot has no provider listings');
  if (engine.nextGrantId !== 1) throw new Error('a version-2 snapshot has no grants');
  if (engine.accounts.some((a) => a !== undefined && a.qualifiedBy !== 0)) throw new Error('a version-2 snapshot has no institution qualifications');
  return encodeState(engine, 2);
}

/**
 * The bytes a version-1 engine would have written for this state: version 2
 * without the three settlement numbers after the header counters and without
 * the trailing risk section. The state's risk must be at its defaults (the
 * section is then 2 bytes + 3 per account + 5 per series).
 */
export function versionOneSnapshot(engine: Engine): Uint8Array {
  const v2 = versionTwoSnapshot(engine);
  const riskBytes = 2 + 3 * (engine.accounts.length - 1) + 5 * (engine.series.length - 1);
  const r = new BinaryReader(v2);
  r.u32();
  r.u8();
  for (let i = 0; i < 8; i++) r.number();
  const settlementStart = r.offset;
  for (let i = 0; i < 3; i++) r.number();
  const v1 = new Uint8Array([...v2.subarray(0, settlementStart), ...v2.subarray(r.offset, v2.length - riskBytes)]);
  v1[4] = 1;
  return v1;
}
