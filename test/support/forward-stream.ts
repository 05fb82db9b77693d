/**
 * Seeded random command streams over forwards (test/engine/forwards-property.test.ts):
 * a spot series open now, the next window's spot series and its FORWARD, and a later
 * window's forward and spot series. Providers pledge and sell forward (limit, IOC, GTD,
 * FOK, market), the broker bids, offers and mass-quotes forward, consumers and an
 * institution buy; cancels, amends, risk parameters, catalog listings, spot trading,
 * mints and exercises run meanwhile. Then time moves to each forward's open and
 * DELIVER_FORWARDS runs in random chunks, interleaved (optionally) with spot orders,
 * exercises, the later forward's trading, listing and parameter changes.
 *
 * The generator reads the engine it drives (a stream depends on its seed and on the
 * engine's answers); every command is recorded with its time, so a run can be replayed
 * command for command on a fresh engine.
 */
import { prng } from '../../bench/workload.js';
import {
  CommandKind,
  DeliveryPhase,
  KillScope,
  OrderType,
  Role,
  SelfTradePrevention,
  SeriesKind,
  Side,
  SYSTEM_ACTOR,
  TimeInForce,
  WEI_PER_MICRO,
  type Command,
  type Engine,
  type EngineEvent,
  type EngineLimits,
  type NewOrder,
  type QuoteLadder,
} from '../../src/engine/index.js';
import type { RestingOrder } from '../../src/engine/core/order.js';
import { CONTRACT, HOUR_MS, PAT, T0, WINDOW_MS, seriesSpec } from './engine-fixture.js';

export const NEXT_OPEN = T0 + WINDOW_MS;
export const LATER_OPEN = NEXT_OPEN + WINDOW_MS;
export const SEGMENT = CONTRACT.slice(0, CONTRACT.indexOf('|'));
export const TICK = 1_000;
/** Setup time: one hour into the current spot window. */
export const START_MS = T0 + HOUR_MS;

// Accounts and series in setup order (ids are assigned in order, from 1).
export const OPERATOR = 1;
export const BROKER = 2;
/** Two consumers and one that setup qualifies as an institution. */
export const BUYERS = [3, 4, 5] as const;
export const INSTITUTION = 5;
export const PROVIDERS = [6, 7, 8] as const;
export const ACCOUNTS = [OPERATOR, BROKER, ...BUYERS, ...PROVIDERS];
/** The spot series open now, the next window's spot and forward, the later window's forward and spot. */
export const SPOT0 = 1;
export const SPOT1 = 2;
export const FWD1 = 3;
export const FWD2 = 4;
export const SPOT2 = 5;
export const FORWARDS = [FWD1, FWD2] as const;
/** Each forward's window spot series and open. */
export const WINDOW_OF: Record<number, { spot: number; openAtMs: number }> = {
  [FWD1]: { spot: SPOT1, openAtMs: NEXT_OPEN },
  [FWD2]: { spot: SPOT2, openAtMs: LATER_OPEN },
};

export interface Step {
  cmd: Command;
  timeMs: number;
}

export type Rand = () => number;
export const int = (rand: Rand, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
export function pick<T>(rand: Rand, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

/** What a seed varies besides its commands. */
export interface ForwardScenario {
  /** The broker has little PAT: its collateral, not its limits, bounds its forward sales. */
  poorBroker: boolean;
  /** Few open orders per account: TOO_MANY_OPEN_ORDERS is met. */
  tightOrders: boolean;
  /** Deliver the first forward only after its window closed (a lapsed window). */
  lapseFirst: boolean;
  /** Expire the first window's spot series before a lapsed delivery (else it lapses by time alone). */
  expireSpotBeforeLapse: boolean;
  /** Deliver the second forward after its window closed. */
  lapseSecond: boolean;
  initialCollateralBps: number;
  initialBrokerMaxForwardShort: number;
  initialMintRequiresListing: 0 | 1;
}

export function scenarioFor(seed: number): ForwardScenario {
  const r = prng(seed ^ 0xf0e1);
  return {
    poorBroker: r() < 0.3,
    tightOrders: r() < 0.25,
    lapseFirst: r() < 0.1,
    expireSpotBeforeLapse: r() < 0.5,
    lapseSecond: r() < 0.1,
    initialCollateralBps: pick(r, [2_000, 2_000, 0, 500, 5_000, 10_000]),
    initialBrokerMaxForwardShort: pick(r, [0, 0, 30, 100]),
    initialMintRequiresListing: r() < 0.5 ? 1 : 0,
  };
}

export function limitsFor(s: ForwardScenario): Partial<EngineLimits> {
  return s.tightOrders ? { maxOpenOrdersPerAccount: 6, maxQuoteLevels: 4 } : { maxQuoteLevels: 4 };
}

export interface DriveOptions {
  /** Random commands before the first window opens. */
  commands: number;
  /** Positions per DELIVER_FORWARDS; default: a random size per command (1, 2, 3, up to the holders, or everything). */
  chunk?: (rand: Rand, holders: number) => number;
  /** Random commands between delivery chunks (default true). */
  interleave?: boolean;
  /** Stop just before the first window's open (the pre-delivery stream only). */
  stopAtOpen?: boolean;
  /** Deliver only the first forward. */
  firstOnly?: boolean;
  /** Steps to run just before time moves to the first open (after the random commands). */
  beforeOpen?: (engine: Engine, rand: Rand, timeMs: number) => Step[];
  /** Commands run after the set-up, before the random ones (a fee schedule, docs/fees.md). */
  afterSetup?: Step['cmd'][];
}

/**
 * Runs a seed's stream: `submit` applies one step to the engine under test (and may
 * check it) and returns its events; `engine()` is that engine, read to build the next
 * command. Returns every step, in order.
 */
export function driveForwardStream(seed: number, opts: DriveOptions, submit: (step: Step) => EngineEvent[], engine: () => Engine): Step[] {
  const scenario = scenarioFor(seed);
  const gen = new ForwardStreamGenerator(seed, scenario, engine);
  const steps: Step[] = [];
  const run = (step: Step): EngineEvent[] => {
    steps.push(step);
    return submit(step);
  };
  for (const cmd of setupCommands(scenario)) run({ cmd, timeMs: START_MS });
  for (const cmd of opts.afterSetup ?? []) run({ cmd, timeMs: START_MS });
  const r = gen.rand;

  // Before the first open: everything trades.
  let t = START_MS + 1_000;
  const end = NEXT_OPEN - 10 * 60_000;
  const meanGap = Math.max(1, Math.floor((end - t) / Math.max(1, opts.commands)));
  for (let i = 0; i < opts.commands; i++) {
    t = Math.min(end, t + int(r, 0, 2 * meanGap));
    if (i % 40 === 0) gen.drift();
    run({ cmd: gen.command(t), timeMs: t });
  }
  t = NEXT_OPEN - 5 * 60_000;
  if (opts.beforeOpen) for (const step of opts.beforeOpen(engine(), r, t)) run(step);
  if (opts.stopAtOpen) return steps;

  const deliverAll = (forward: number, lapse: boolean): void => {
    const { spot, openAtMs } = WINDOW_OF[forward]!;
    const spotClose = openAtMs + WINDOW_MS;
    t = Math.max(t, lapse ? spotClose + int(r, 0, HOUR_MS) : openAtMs + int(r, 0, 2 * HOUR_MS));
    if (lapse && scenario.expireSpotBeforeLapse) run({ cmd: { kind: CommandKind.EXPIRE_SERIES, actor: SYSTEM_ACTOR, seriesId: spot, cutoffMs: t }, timeMs: t });
    // After the open, before delivery: the forward refuses new orders, amends and pledges; cancels still work.
    for (let i = int(r, 0, 4); i > 0; i--) run({ cmd: gen.atOpen(t, forward), timeMs: t });
    const f = engine().series[forward]!.forward!;
    const done = (): boolean => f.phase === DeliveryPhase.DONE;
    let guard = 0;
    while (!done()) {
      if (guard++ > 10_000) throw new Error(`seed ${seed}: delivery of series ${forward} does not finish`);
      const maxPositions = opts.chunk ? opts.chunk(r, f.holders.length) : gen.chunk(f.holders.length);
      run({ cmd: { kind: CommandKind.DELIVER_FORWARDS, actor: SYSTEM_ACTOR, seriesId: forward, cutoffMs: t, maxPositions }, timeMs: t });
      if (opts.interleave !== false && !done()) {
        for (let i = r() < 0.4 ? 0 : int(r, 1, 4); i > 0; i--) {
          t += int(r, 0, 20_000);
          run({ cmd: gen.duringDelivery(t, forward), timeMs: t });
        }
      }
    }
    // Once done, it is refused.
    run({ cmd: { kind: CommandKind.DELIVER_FORWARDS, actor: SYSTEM_ACTOR, seriesId: forward, cutoffMs: t, maxPositions: 10 }, timeMs: t });
  };

  deliverAll(FWD1, scenario.lapseFirst);
  if (opts.firstOnly) return steps;
  // The first window runs: its spot series trades and is exercised, the later forward still trades.
  const end2 = LATER_OPEN - 10 * 60_000;
  for (let i = Math.floor(opts.commands / 4); i > 0 && t < end2; i--) {
    t = Math.min(end2, t + int(r, 0, 2 * HOUR_MS));
    run({ cmd: gen.command(t), timeMs: t });
  }
  deliverAll(FWD2, scenario.lapseSecond);
  for (let i = 0; i < 10; i++) {
    t += int(r, 0, 60_000);
    run({ cmd: gen.command(t), timeMs: t });
  }
  return steps;
}

export function setupCommands(s: ForwardScenario): Command[] {
  const cmds: Command[] = [];
  const open = (role: Role): void => void cmds.push({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role, address: '' });
  open(Role.OPERATOR);
  open(Role.BROKER);
  for (const _ of BUYERS) open(Role.CONSUMER);
  for (const _ of PROVIDERS) open(Role.PROVIDER);
  const spec = { bandBps: 1_000 };
  cmds.push(seriesSpec({ ...spec, openAtMs: T0 }));
  cmds.push(seriesSpec({ ...spec, openAtMs: NEXT_OPEN }));
  cmds.push(seriesSpec({ ...spec, openAtMs: NEXT_OPEN, seriesKind: SeriesKind.FORWARD }));
  cmds.push(seriesSpec({ ...spec, openAtMs: LATER_OPEN, seriesKind: SeriesKind.FORWARD }));
  cmds.push(seriesSpec({ ...spec, openAtMs: LATER_OPEN }));
  cmds.push({ kind: CommandKind.SET_INSTITUTION, actor: OPERATOR, accountId: INSTITUTION, qualified: true });
  const fund = (accountId: number, micros: number): void =>
    void cmds.push({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId, amountWei: BigInt(micros) * WEI_PER_MICRO, ref: `setup:${accountId}` });
  fund(BROKER, s.poorBroker ? 12 * PAT : 10_000 * PAT);
  for (const id of BUYERS) fund(id, id === BUYERS[1] ? 15 * PAT : 1_000 * PAT);
  for (const id of PROVIDERS) fund(id, id === PROVIDERS[2] ? 3 * PAT : 60 * PAT);
  for (const id of PROVIDERS) {
    cmds.push({ kind: CommandKind.SET_PROVIDER_LISTING, actor: SYSTEM_ACTOR, accountId: id, segment: SEGMENT, listingId: 100 + id, listingVersion: 1 });
    cmds.push({ kind: CommandKind.DECLARE_CAPACITY, actor: id, seriesId: SPOT0, capacity: 1_000 });
    cmds.push({ kind: CommandKind.MINT, actor: id, seriesId: SPOT0, qty: 300 });
  }
  const param = (name: string, value: number): void => void cmds.push({ kind: CommandKind.SET_PARAM, actor: OPERATOR, name, value });
  if (s.initialCollateralBps !== 2_000) param('risk.forwardCollateralBps', s.initialCollateralBps);
  if (s.initialBrokerMaxForwardShort !== 0) param('risk.brokerMaxForwardShort', s.initialBrokerMaxForwardShort);
  if (s.initialMintRequiresListing === 1) param('risk.mintRequiresListing', 1);
  return cmds;
}

export function newOrder(actor: number, seriesId: number, side: Side, fields: Partial<NewOrder> = {}): NewOrder {
  return {
    kind: CommandKind.NEW_ORDER,
    actor,
    seriesId,
    clientOrderId: 0,
    side,
    orderType: OrderType.LIMIT,
    tif: TimeInForce.GTC,
    priceMicros: 500 * TICK,
    qty: 1,
    expireAtMs: 0,
    postOnly: false,
    stp: SelfTradePrevention.CANCEL_NEWEST,
    ...fields,
  };
}

/** Builds the next command from the engine's state. */
export class ForwardStreamGenerator {
  readonly rand: Rand;
  /** Mid prices in ticks, per series; they drift. */
  private readonly mid = new Map<number, number>();
  private nowMs = START_MS;
  private nextClientId = 1_000;
  private nextRef = 1;

  constructor(
    seed: number,
    private readonly s: ForwardScenario,
    private readonly engine: () => Engine,
  ) {
    this.rand = prng(seed);
    for (const id of [SPOT0, SPOT1, FWD1, FWD2, SPOT2]) this.mid.set(id, int(this.rand, 350, 650));
  }

  drift(): void {
    for (const [id, m] of this.mid) this.mid.set(id, Math.min(900, Math.max(100, m + int(this.rand, -8, 8))));
  }

  /** A delivery command's size: mostly small, sometimes exactly the holders, sometimes everything. */
  chunk(holders: number): number {
    const r = this.rand;
    const y = r();
    if (y < 0.35) return 1;
    if (y < 0.6) return int(r, 2, 3);
    if (y < 0.85) return int(r, 1, Math.max(1, holders));
    return r() < 0.5 ? holders + int(r, 0, 2) : 1_000_000;
  }

  // ------------------------------------------------------------- choosers

  private get e(): Engine {
    return this.engine();
  }

  private tradable(seriesId: number): boolean {
    const s = this.e.series[seriesId]!;
    return s.status !== 3 && this.nowMs < s.tradingEndsAtMs;
  }

  /** A forward to trade: mostly one still trading. */
  private forward(): number {
    const live = FORWARDS.filter((f) => this.tradable(f));
    return live.length > 0 && this.rand() < 0.95 ? pick(this.rand, live) : pick(this.rand, FORWARDS);
  }

  /** A spot series: mostly the next window's (the one forwards deliver into), while it trades. */
  private spot(): number {
    const r = this.rand;
    const y = r();
    const choice = y < 0.55 ? SPOT1 : y < 0.8 ? SPOT0 : SPOT2;
    if (this.tradable(choice) || r() < 0.05) return choice;
    const live = [SPOT1, SPOT2, SPOT0].filter((s) => this.tradable(s));
    return live[0] ?? choice;
  }

  private price(seriesId: number, ticksFromMid: number): number {
    return Math.min(10_000, Math.max(1, this.mid.get(seriesId)! + ticksFromMid)) * TICK;
  }

  private clientId(): number {
    const r = this.rand;
    const y = r();
    if (y < 0.7) return 0;
    if (y < 0.95) return this.nextClientId++;
    return int(r, 1_000, Math.max(1_000, this.nextClientId - 1)); // maybe a duplicate
  }

  private tif(): { tif: TimeInForce; expireAtMs: number } {
    const r = this.rand;
    const y = r();
    if (y < 0.5) return { tif: TimeInForce.GTC, expireAtMs: 0 };
    if (y < 0.7) return { tif: TimeInForce.IOC, expireAtMs: 0 };
    if (y < 0.88) return { tif: TimeInForce.GTD, expireAtMs: this.nowMs + int(r, 1, 3 * 24 * HOUR_MS) };
    return { tif: TimeInForce.FOK, expireAtMs: 0 };
  }

  private qty(): number {
    const r = this.rand;
    return r() < 0.07 ? int(r, 40, 400) : int(r, 1, 30);
  }

  private position(accountId: number, seriesId: number) {
    return this.e.accounts[accountId]?.positions.get(seriesId);
  }

  private liveOrders(): RestingOrder[] {
    const out: RestingOrder[] = [];
    for (const s of this.e.series) if (s !== undefined) out.push(...this.e.orderEntry.restingOrdersOf(s));
    return out;
  }

  // ------------------------------------------------------------- commands

  /** Any command of the stream at `nowMs` (forwards that have opened refuse orders). */
  command(nowMs: number): Command {
    this.nowMs = nowMs;
    const x = this.rand();
    if (x < 0.12) return this.providerForwardSell();
    if (x < 0.18) return this.brokerForwardOrder(Side.BUY);
    if (x < 0.24) return this.brokerForwardOrder(Side.SELL);
    if (x < 0.31) return this.forwardMassQuote();
    if (x < 0.43) return this.buyerForwardOrder();
    if (x < 0.49) return this.pledge();
    if (x < 0.55) return this.cancel();
    if (x < 0.61) return this.amend();
    if (x < 0.67) return this.param();
    if (x < 0.7) return this.listing();
    if (x < 0.88) return this.spotCommand();
    if (x < 0.9) return this.deposit();
    if (x < 0.91) return this.withdraw();
    if (x < 0.93) return { kind: CommandKind.EXPIRE_ORDERS, actor: SYSTEM_ACTOR, cutoffMs: nowMs };
    if (x < 0.94) return { kind: CommandKind.SET_INSTITUTION, actor: OPERATOR, accountId: pick(this.rand, BUYERS), qualified: this.rand() < 0.5 };
    if (x < 0.95) return this.badDelivery();
    if (x < 0.96) return this.killSwitch();
    return this.buyerForwardOrder();
  }

  /** Between delivery chunks: the window's spot trading and exercises, the other forward, listings, parameters, refusals. */
  duringDelivery(nowMs: number, delivering: number): Command {
    this.nowMs = nowMs;
    const r = this.rand;
    const x = r();
    const spot = WINDOW_OF[delivering]!.spot;
    if (x < 0.3) return this.spotCommand(spot);
    if (x < 0.4) return this.exercise(spot);
    if (x < 0.55) return this.command(nowMs);
    if (x < 0.63) return this.listing();
    if (x < 0.68) return this.param();
    if (x < 0.75) {
      // An order or a pledge in the forward being delivered: refused.
      return r() < 0.5 ? newOrder(pick(r, BUYERS), delivering, Side.BUY, { priceMicros: this.price(delivering, 5), qty: 1 }) : { kind: CommandKind.DECLARE_CAPACITY, actor: pick(r, PROVIDERS), seriesId: delivering, capacity: 10 };
    }
    if (x < 0.8) return { kind: CommandKind.DELIVER_FORWARDS, actor: pick(r, [OPERATOR, BROKER]), seriesId: delivering, cutoffMs: nowMs, maxPositions: 1 };
    return this.spotCommand(spot);
  }

  /** At a forward's open, before its delivery: orders, amends and pledges in it (refused), cancels (accepted). */
  atOpen(nowMs: number, forward: number): Command {
    this.nowMs = nowMs;
    const r = this.rand;
    const y = r();
    const own = this.liveOrders().filter((o) => o.seriesId === forward);
    if (y < 0.35 && own.length > 0) {
      const o = pick(r, own);
      return { kind: CommandKind.CANCEL_ORDER, actor: o.owner.id, orderId: o.orderId, clientOrderId: 0 };
    }
    if (y < 0.5 && own.length > 0) {
      const o = pick(r, own);
      return { kind: CommandKind.AMEND_ORDER, actor: o.owner.id, orderId: o.orderId, newQty: o.orderQty + 1, newPriceMicros: o.priceMicros };
    }
    if (y < 0.65) return { kind: CommandKind.DECLARE_CAPACITY, actor: pick(r, PROVIDERS), seriesId: forward, capacity: int(r, 0, 100) };
    if (y < 0.8) return newOrder(pick(r, BUYERS), forward, Side.BUY, { priceMicros: this.price(forward, 5), qty: int(r, 1, 10) });
    if (y < 0.9) return newOrder(pick(r, PROVIDERS), forward, Side.SELL, { priceMicros: this.price(forward, -5), qty: int(r, 1, 10) });
    return { kind: CommandKind.MASS_QUOTE, actor: BROKER, seriesId: forward, bids: { priceMicros: [this.price(forward, -5)], qty: [5] }, asks: { priceMicros: [this.price(forward, 5)], qty: [5] }, referencePriceMicros: 0 };
  }

  private providerForwardSell(): Command {
    const r = this.rand;
    const actor = pick(r, PROVIDERS);
    const seriesId = this.forward();
    const { tif, expireAtMs } = this.tif();
    const p = this.position(actor, seriesId);
    const headroom = (p?.available ?? 0) + (p?.capacity ?? 0);
    const qty = r() < 0.25 ? Math.max(1, headroom + (r() < 0.5 ? 0 : 1)) : this.qty();
    if (r() < 0.06) {
      return newOrder(actor, seriesId, Side.SELL, { orderType: OrderType.MARKET, tif: r() < 0.7 ? TimeInForce.IOC : TimeInForce.FOK, priceMicros: 0, qty, clientOrderId: this.clientId() });
    }
    return newOrder(actor, seriesId, Side.SELL, { priceMicros: this.price(seriesId, -int(r, -6, 15)), qty, tif, expireAtMs, clientOrderId: this.clientId(), postOnly: tif === TimeInForce.GTC && r() < 0.1 });
  }

  private brokerForwardOrder(side: Side): Command {
    const r = this.rand;
    const seriesId = this.forward();
    const away = side === Side.BUY ? -1 : 1;
    const tif = r() < 0.8 ? TimeInForce.GTC : TimeInForce.IOC;
    return newOrder(BROKER, seriesId, side, { priceMicros: this.price(seriesId, away * int(r, -2, 10)), qty: r() < 0.1 ? int(r, 50, 300) : int(r, 1, 40), tif, clientOrderId: this.clientId() });
  }

  private forwardMassQuote(): Command {
    const r = this.rand;
    const seriesId = this.forward();
    const bids = this.ladder(seriesId, Side.BUY);
    const asks = this.ladder(seriesId, Side.SELL);
    if (asks.qty.length > 0 && r() < 0.3) this.sizeLastAskToCover(seriesId, bids, asks);
    return { kind: CommandKind.MASS_QUOTE, actor: r() < 0.97 ? BROKER : pick(r, BUYERS), seriesId, bids, asks, referencePriceMicros: r() < 0.6 ? 0 : this.price(seriesId, int(r, -2, 2)) };
  }

  /**
   * A boundary: the ladder's last ask sized to just the collateral the broker can post
   * (free PAT, less the new bids, plus what its current quotes hold and would free), or one more.
   */
  private sizeLastAskToCover(seriesId: number, bids: QuoteLadder, asks: QuoteLadder): void {
    const e = this.e;
    const s = e.series[seriesId]!;
    const broker = e.accounts[BROKER]!;
    let free = broker.availableMicros;
    for (let i = 0; i < bids.qty.length; i++) free -= (bids.priceMicros[i] ?? 0) * bids.qty[i]!;
    for (const id of [...s.quoteBidIds, ...s.quoteAskIds]) {
      const o = e.orders.get(id);
      if (o !== undefined) free += o.side === Side.BUY ? o.priceMicros * o.leavesQty : o.collateralPerUnitMicros * o.leavesQty;
    }
    const last = asks.qty.length - 1;
    for (let i = 0; i < last; i++) free -= e.forwards.collateralPerUnitMicros(asks.priceMicros[i]!) * asks.qty[i]!;
    const perUnit = e.forwards.collateralPerUnitMicros(asks.priceMicros[last]!);
    if (perUnit === 0 || free <= 0) return;
    asks.qty[last] = Math.max(1, Math.min(5_000, Math.floor(free / perUnit) + (this.rand() < 0.5 ? 0 : 1)));
  }

  /** A quote ladder: often the current levels again (kept in place, some shrunk, one added), else fresh levels. */
  private ladder(seriesId: number, side: Side): QuoteLadder {
    const r = this.rand;
    const s = this.e.series[seriesId]!;
    const away = side === Side.BUY ? -1 : 1;
    const current = (side === Side.BUY ? s.quoteBidIds : s.quoteAskIds).map((id) => this.e.orders.get(id)).filter((o): o is RestingOrder => o !== undefined);
    if (current.length > 0 && r() < 0.6) {
      const prices = current.map((o) => o.priceMicros);
      const qty = current.map((o) => (r() < 0.6 ? o.leavesQty : r() < 0.5 ? int(r, 1, o.leavesQty) : o.leavesQty + int(r, 1, 10)));
      if (r() < 0.5 && prices.length < 4) {
        prices.push(prices[prices.length - 1]! + away * int(r, 1, 3) * TICK);
        qty.push(int(r, 1, 20));
      }
      return { priceMicros: prices, qty };
    }
    const levels = int(r, 0, 3);
    const prices: number[] = [];
    let p = this.price(seriesId, away * int(r, 1, 6));
    for (let i = 0; i < levels; i++) {
      prices.push(p);
      p += away * int(r, 1, 3) * TICK;
    }
    return { priceMicros: prices.filter((x) => x >= TICK), qty: prices.filter((x) => x >= TICK).map(() => (r() < 0.1 ? int(r, 30, 150) : int(r, 1, 20))) };
  }

  private buyerForwardOrder(): Command {
    const r = this.rand;
    const actor = pick(r, BUYERS);
    const seriesId = this.forward();
    const y = r();
    const qty = r() < 0.15 ? Math.max(1, Math.floor((this.e.accounts[actor]?.availableMicros ?? 0) / this.price(seriesId, 10)) + int(r, 0, 1)) : this.qty();
    if (y < 0.2) return newOrder(actor, seriesId, Side.BUY, { orderType: OrderType.MARKET, tif: r() < 0.7 ? TimeInForce.IOC : TimeInForce.FOK, priceMicros: 0, qty, clientOrderId: this.clientId() });
    const { tif, expireAtMs } = this.tif();
    return newOrder(actor, seriesId, Side.BUY, { priceMicros: this.price(seriesId, int(r, -6, 15)), qty, tif, expireAtMs, clientOrderId: this.clientId() });
  }

  /** A provider's pledge: raised, lowered (often below what it sold: an announced shortfall), or invalid. */
  private pledge(): Command {
    const r = this.rand;
    const actor = r() < 0.97 ? pick(r, PROVIDERS) : pick(r, BUYERS);
    const seriesId = this.forward();
    const p = this.position(actor, seriesId);
    const sold = p === undefined ? 0 : Math.max(0, -(p.available + p.held));
    const y = r();
    const resting = p?.held ?? 0;
    const capacity = y < 0.55 ? sold + resting + int(r, 0, 100) : y < 0.78 ? int(r, 0, 200) : y < 0.97 ? int(r, 0, sold) : -1;
    return { kind: CommandKind.DECLARE_CAPACITY, actor, seriesId, capacity };
  }

  private cancel(): Command {
    const r = this.rand;
    const live = this.liveOrders();
    if (live.length === 0 || r() < 0.08) return { kind: CommandKind.CANCEL_ORDER, actor: pick(r, ACCOUNTS), orderId: int(r, 1, Math.max(1, this.e.nextOrderId)), clientOrderId: 0 };
    const o = pick(r, live);
    const y = r();
    if (y < 0.08) return { kind: CommandKind.CANCEL_ORDER, actor: pick(r, ACCOUNTS.filter((a) => a !== o.owner.id && a !== OPERATOR)), orderId: o.orderId, clientOrderId: 0 };
    if (y < 0.2 && o.clientOrderId > 0) return { kind: CommandKind.CANCEL_ORDER, actor: o.owner.id, orderId: 0, clientOrderId: o.clientOrderId };
    if (y < 0.25) return { kind: CommandKind.MASS_CANCEL, actor: o.owner.id, scope: 1, accountId: 0, seriesId: r() < 0.5 ? o.seriesId : 0 };
    return { kind: CommandKind.CANCEL_ORDER, actor: o.owner.id, orderId: o.orderId, clientOrderId: 0 };
  }

  private amend(): Command {
    const r = this.rand;
    const live = this.liveOrders();
    if (live.length === 0) return { kind: CommandKind.AMEND_ORDER, actor: BROKER, orderId: int(r, 1, 1_000), newQty: 5, newPriceMicros: 500 * TICK };
    const o = pick(r, live);
    const base = { kind: CommandKind.AMEND_ORDER, actor: o.owner.id, orderId: o.orderId, newQty: o.orderQty, newPriceMicros: o.priceMicros } as const;
    const y = r();
    const away = o.side === Side.BUY ? -1 : 1;
    if (y < 0.3) return { ...base, newQty: o.cumQty + int(r, 1, Math.max(1, o.leavesQty - 1)) }; // smaller: keeps priority
    if (y < 0.5) return { ...base, newQty: o.orderQty + int(r, 1, r() < 0.2 ? 300 : 20) };
    if (y < 0.85) return { ...base, newPriceMicros: Math.max(TICK, o.priceMicros + away * int(r, -8, 5) * TICK), newQty: r() < 0.5 ? o.orderQty : o.cumQty + int(r, 1, 30) };
    if (y < 0.9) return { ...base, newQty: o.cumQty };
    if (y < 0.95) return base;
    return { ...base, actor: pick(r, ACCOUNTS.filter((a) => a !== o.owner.id)) };
  }

  private param(): Command {
    const r = this.rand;
    const actor = r() < 0.95 ? OPERATOR : pick(r, [BROKER, BUYERS[0]]);
    const y = r();
    if (y < 0.45) return { kind: CommandKind.SET_PARAM, actor, name: 'risk.forwardCollateralBps', value: r() < 0.8 ? pick(r, [0, 500, 2_000, 2_000, 5_000, 10_000]) : int(r, 0, 10_000) };
    if (y < 0.63) return { kind: CommandKind.SET_PARAM, actor, name: 'risk.brokerMaxForwardShort', value: pick(r, [0, 0, 10, 50, 200]) };
    if (y < 0.72) return { kind: CommandKind.SET_PARAM, actor, name: 'risk.brokerMaxForwardShortWindow', value: pick(r, [0, 0, 40, 300]) };
    if (y < 0.9) return { kind: CommandKind.SET_PARAM, actor, name: 'risk.mintRequiresListing', value: r() < 0.5 ? 1 : 0 };
    if (y < 0.95) return { kind: CommandKind.SET_PARAM, actor, name: 'risk.mmpQty', value: pick(r, [0, 0, 30, 80]) };
    return { kind: CommandKind.SET_PARAM, actor, name: 'risk.mmpFreezeMs', value: pick(r, [0, 60_000, HOUR_MS]) };
  }

  /** Kill switches (mostly released soon after) and market-maker protection resets. */
  private killSwitch(): Command {
    const r = this.rand;
    const e = this.e;
    const killedAccount = ACCOUNTS.find((id) => e.accounts[id]?.killed === true);
    const killedSeries = [SPOT0, SPOT1, FWD1, FWD2, SPOT2].find((id) => e.series[id]?.killed === true);
    if (e.killAll) return { kind: CommandKind.SET_KILL_SWITCH, actor: OPERATOR, scope: KillScope.GLOBAL, targetId: 0, engaged: false };
    if (killedAccount !== undefined && r() < 0.8) return { kind: CommandKind.SET_KILL_SWITCH, actor: OPERATOR, scope: KillScope.ACCOUNT, targetId: killedAccount, engaged: false };
    if (killedSeries !== undefined && r() < 0.8) return { kind: CommandKind.SET_KILL_SWITCH, actor: OPERATOR, scope: KillScope.SERIES, targetId: killedSeries, engaged: false };
    const y = r();
    if (y < 0.35) return { kind: CommandKind.RESET_MMP, actor: OPERATOR, seriesId: this.forward() };
    if (y < 0.65) return { kind: CommandKind.SET_KILL_SWITCH, actor: OPERATOR, scope: KillScope.ACCOUNT, targetId: pick(r, [BROKER, ...BUYERS, ...PROVIDERS]), engaged: true };
    if (y < 0.95) return { kind: CommandKind.SET_KILL_SWITCH, actor: OPERATOR, scope: KillScope.SERIES, targetId: r() < 0.7 ? this.forward() : this.spot(), engaged: true };
    return { kind: CommandKind.SET_KILL_SWITCH, actor: OPERATOR, scope: KillScope.GLOBAL, targetId: 0, engaged: true };
  }

  /** The catalog publishes a provider's listing (id > 0) or takes it down (0). */
  private listing(): Command {
    const r = this.rand;
    const accountId = r() < 0.95 ? pick(r, PROVIDERS) : pick(r, BUYERS);
    const publish = r() < 0.5;
    return {
      kind: CommandKind.SET_PROVIDER_LISTING,
      actor: r() < 0.95 ? SYSTEM_ACTOR : OPERATOR,
      accountId,
      segment: SEGMENT,
      listingId: publish ? int(r, 1, 1_000) : 0,
      listingVersion: publish ? int(r, 1, 5) : 0,
    };
  }

  /** Spot: providers declare, mint and sell, the broker buys and offers, buyers buy and exercise. */
  private spotCommand(seriesId = this.spot()): Command {
    const r = this.rand;
    const x = r();
    if (x < 0.35) {
      // A provider: sells what it has minted, or declares capacity and mints first.
      const actor = pick(r, PROVIDERS);
      const p = this.position(actor, seriesId);
      const available = p?.available ?? 0;
      if (available > 0 && r() < 0.75) {
        return newOrder(actor, seriesId, Side.SELL, { priceMicros: this.price(seriesId, -int(r, 0, 10)), qty: r() < 0.9 ? int(r, 1, Math.min(available, 50)) : available + 1, tif: r() < 0.7 ? TimeInForce.GTC : TimeInForce.IOC });
      }
      const qty = int(r, 1, 80);
      if (p === undefined || p.capacity - p.minted < qty) return { kind: CommandKind.DECLARE_CAPACITY, actor, seriesId, capacity: (p?.minted ?? 0) + int(r, qty, 300) };
      return { kind: CommandKind.MINT, actor, seriesId, qty };
    }
    if (x < 0.37) return newOrder(BROKER, seriesId, Side.BUY, { priceMicros: this.price(seriesId, -int(r, 0, 8)), qty: int(r, 1, 40) });
    // Takes the providers' offers (they are at or below mid; the broker's own asks are above it).
    if (x < 0.47) return newOrder(BROKER, seriesId, Side.BUY, { priceMicros: this.price(seriesId, int(r, 0, 2)), qty: int(r, 1, 60), tif: TimeInForce.IOC });
    if (x < 0.62) {
      const available = this.position(BROKER, seriesId)?.available ?? 0;
      return newOrder(BROKER, seriesId, Side.SELL, { priceMicros: this.price(seriesId, int(r, 3, 12)), qty: available > 0 ? int(r, 1, Math.min(available, 40)) : int(r, 1, 5) });
    }
    if (x < 0.67) return { kind: CommandKind.MASS_QUOTE, actor: BROKER, seriesId, bids: this.ladder(seriesId, Side.BUY), asks: this.ladder(seriesId, Side.SELL), referencePriceMicros: 0 };
    if (x < 0.88) {
      const y = r();
      if (y < 0.15) return newOrder(pick(r, BUYERS), seriesId, Side.BUY, { orderType: OrderType.MARKET, tif: TimeInForce.IOC, priceMicros: 0, qty: int(r, 1, 20) });
      return newOrder(pick(r, BUYERS), seriesId, Side.BUY, { priceMicros: this.price(seriesId, int(r, 0, 15)), qty: int(r, 1, 20), tif: y < 0.6 ? TimeInForce.GTC : y < 0.85 ? TimeInForce.IOC : TimeInForce.FOK });
    }
    return this.exercise(seriesId);
  }

  private exercise(seriesId: number): Command {
    const r = this.rand;
    const actor = pick(r, BUYERS);
    const available = this.position(actor, seriesId)?.available ?? 0;
    return { kind: CommandKind.EXERCISE, actor, seriesId, qty: available > 0 && r() < 0.9 ? int(r, 1, available) : int(r, 1, 3) };
  }

  private deposit(): Command {
    const r = this.rand;
    const accountId = pick(r, [BROKER, ...PROVIDERS, ...BUYERS]);
    const micros = int(r, 1, this.s.poorBroker && accountId === BROKER ? 5 * PAT : 50 * PAT);
    return { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId, amountWei: BigInt(micros) * WEI_PER_MICRO, ref: `tx:${this.nextRef++}` };
  }

  private withdraw(): Command {
    const r = this.rand;
    const actor = pick(r, [BROKER, ...PROVIDERS, ...BUYERS]);
    const free = this.e.accounts[actor]?.availableMicros ?? 0;
    const micros = r() < 0.8 ? Math.floor(free * r() * 0.3) + 1 : free + int(r, 0, 1);
    return { kind: CommandKind.REQUEST_WITHDRAWAL, actor, amountWei: BigInt(micros) * WEI_PER_MICRO };
  }

  /** A delivery the engine must refuse: too early, not the system, not a forward, no positions. */
  private badDelivery(): Command {
    const r = this.rand;
    const seriesId = this.forward();
    const cutoffMs = WINDOW_OF[seriesId]!.openAtMs;
    const y = r();
    if (y < 0.4) return { kind: CommandKind.DELIVER_FORWARDS, actor: SYSTEM_ACTOR, seriesId, cutoffMs: cutoffMs - int(r, 1, HOUR_MS), maxPositions: 10 };
    if (y < 0.6) return { kind: CommandKind.DELIVER_FORWARDS, actor: OPERATOR, seriesId, cutoffMs, maxPositions: 10 };
    if (y < 0.8) return { kind: CommandKind.DELIVER_FORWARDS, actor: SYSTEM_ACTOR, seriesId: WINDOW_OF[seriesId]!.spot, cutoffMs, maxPositions: 10 };
    return { kind: CommandKind.DELIVER_FORWARDS, actor: SYSTEM_ACTOR, seriesId, cutoffMs, maxPositions: 0 };
  }
}
