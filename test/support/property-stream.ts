/**
 * The property tests' seeded command streams (test/engine/property.test.ts), shared
 * with the golden replay (test/engine/golden-replay.test.ts): the setup, then random
 * commands built from the reference model's state, so a stream depends on its seed alone.
 */
import { prng } from '../../bench/workload.js';
import {
  CommandKind,
  MassCancelScope,
  OrderType,
  Role,
  SelfTradePrevention,
  SeriesKind,
  SeriesStatus,
  Side,
  SYSTEM_ACTOR,
  TimeInForce,
  type Command,
  type NewOrder,
  type QuoteLadder,
} from '../../src/engine/core/commands.js';
import type { EngineLimits } from '../../src/engine/engine.js';
import { ReferenceExchange, type BookName, type RefOrder, type ReferenceLimits } from './reference-exchange.js';


export const TICK = 1_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const START_MS = Date.UTC(2026, 0, 5);
export const WEI_PER_MICRO = 1_000_000_000_000n;
export const SERIES_ID = 1;

export const BROKER = 1;
/** Buy-only accounts: two consumers and an institution. */
export const BUYERS = [2, 3, 4];
export const PROVIDERS = [5, 6, 7];
export const OPERATOR = 8;
export const ACCOUNTS = [BROKER, ...BUYERS, ...PROVIDERS, OPERATOR];

export type Rand = () => number;

const int = (rand: Rand, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
function pick<T>(rand: Rand, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

/** What one seed varies: series shape and engine limits, so rejects of every bound occur somewhere. */
export interface Scenario {
  /** A 7-day window, or one hour, which closes about 80% into a stream: trading after the close is refused. */
  window: '7D' | '1h';
  lotSize: number;
  bandBps: number;
  maxPriceTicks: number;
  maxOrderQty: number;
  limits: ReferenceLimits;
}

export function scenarioFor(seed: number): Scenario {
  const rand = prng(seed ^ 0x5eed);
  const tight = rand() < 0.35;
  return {
    window: rand() < 0.2 ? '1h' : '7D',
    lotSize: rand() < 0.25 ? 5 : 1,
    bandBps: pick(rand, [50, 300, 1_000, 10_000]),
    // Over 1024 levels, so the level bitset's summary spans several words.
    maxPriceTicks: 3_000,
    maxOrderQty: 500,
    limits: {
      maxOrders: tight ? 20 : 100_000,
      maxOpenOrdersPerAccount: tight ? 8 : 100_000,
      recentClientIdsPerAccount: 16,
      maxQuoteLevels: 4,
      maxRefLength: 200,
    },
  };
}

export function engineLimits(s: Scenario): Partial<EngineLimits> {
  return { ...s.limits };
}

// ------------------------------------------------------------------ commands

export function newOrder(actor: number, side: Side, fields: Partial<NewOrder> = {}): NewOrder {
  return {
    kind: CommandKind.NEW_ORDER,
    actor,
    seriesId: SERIES_ID,
    clientOrderId: 0,
    side,
    orderType: OrderType.LIMIT,
    tif: TimeInForce.GTC,
    priceMicros: 0,
    qty: 1,
    expireAtMs: 0,
    postOnly: false,
    stp: SelfTradePrevention.CANCEL_NEWEST,
    ...fields,
  };
}

export function setupCommands(s: Scenario): Command[] {
  const cmds: Command[] = [];
  const open = (role: Role): void => void cmds.push({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role, address: '' });
  open(Role.BROKER);
  open(Role.CONSUMER);
  open(Role.CONSUMER);
  open(Role.INSTITUTION);
  for (const _ of PROVIDERS) open(Role.PROVIDER);
  open(Role.OPERATOR);
  cmds.push({
    kind: CommandKind.LIST_SERIES,
    actor: SYSTEM_ACTOR,
    contract: `AUTO_INTENT|${s.window}|0.70-0.85`,
    seriesKind: SeriesKind.SPOT,
    openAtMs: START_MS,
    closeAtMs: START_MS + (s.window === '1h' ? HOUR_MS : 7 * DAY_MS),
    tickMicros: TICK,
    lotSize: s.lotSize,
    minPriceMicros: TICK,
    maxPriceMicros: s.maxPriceTicks * TICK,
    maxOrderQty: s.maxOrderQty,
    bandBps: s.bandBps,
  });
  const fund = (accountId: number, micros: number): void =>
    void cmds.push({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId, amountWei: BigInt(micros) * WEI_PER_MICRO, ref: `setup:${accountId}` });
  fund(BROKER, 20_000_000_000);
  // One buyer is poor, so what it can pay is a boundary orders often meet.
  for (const id of BUYERS) fund(id, id === BUYERS[1] ? 100_000_000 : 2_000_000_000);
  for (const id of PROVIDERS) fund(id, 1_000_000);
  for (const id of PROVIDERS) {
    cmds.push({ kind: CommandKind.DECLARE_CAPACITY, actor: id, seriesId: SERIES_ID, capacity: 50_000 });
    cmds.push({ kind: CommandKind.MINT, actor: id, seriesId: SERIES_ID, qty: 2_000 });
  }
  // The broker's starting inventory, bought from the first provider.
  const qty = 100 * s.lotSize;
  cmds.push(newOrder(PROVIDERS[0]!, Side.SELL, { priceMicros: 990 * TICK, qty, clientOrderId: 1 }));
  cmds.push(newOrder(BROKER, Side.BUY, { priceMicros: 990 * TICK, qty, tif: TimeInForce.IOC, clientOrderId: 1 }));
  return cmds;
}

/**
 * Builds the next command from the reference model's state (never the engine's),
 * so a stream depends only on its seed and can be replayed on any engine.
 */
export class StreamGenerator {
  private readonly rand: Rand;
  private midTicks = 1_000;
  private nowMs = START_MS + 60_000;
  private nextClientId = 100;
  private nextRef = 1;
  private readonly usedClientIds = new Map<number, number[]>();
  private readonly depositRefs: string[] = [];

  constructor(
    seed: number,
    private readonly s: Scenario,
  ) {
    this.rand = prng(seed);
  }

  next(ref: ReferenceExchange, index: number): { cmd: Command; timeMs: number } {
    const r = this.rand;
    this.nowMs += int(r, 0, 3_000);
    if (index % 50 === 0) this.midTicks = Math.min(2_700, Math.max(300, this.midTicks + int(r, -6, 6)));
    return { cmd: this.command(ref), timeMs: this.nowMs };
  }

  private command(ref: ReferenceExchange): Command {
    // Halts are short: most commands should meet a trading series.
    if (ref.series?.status === SeriesStatus.HALTED && this.rand() < 0.25) return this.setStatus(ref);
    const x = this.rand();
    if (x < 0.3) return this.limitOrder(ref);
    if (x < 0.38) return this.marketOrder(ref);
    if (x < 0.53) return this.cancel(ref);
    if (x < 0.63) return this.amend(ref);
    if (x < 0.73) return this.massQuote(ref);
    if (x < 0.78) return this.badOrder(ref);
    if (x < 0.8) return this.setReference();
    if (x < 0.82) return this.expireOrders();
    if (x < 0.84) return this.deposit();
    if (x < 0.855) return this.withdraw(ref);
    if (x < 0.865) return this.completeWithdrawal(ref);
    if (x < 0.885) return this.mint(ref);
    if (x < 0.905) return this.exercise(ref);
    if (x < 0.915) return this.setStatus(ref);
    if (x < 0.925) return this.massCancel();
    return this.limitOrder(ref);
  }

  // ---------------------------------------------------------------- orders

  private qty(): number {
    const r = this.rand;
    const lots = r() < 0.05 ? int(r, 40, Math.floor(this.s.maxOrderQty / this.s.lotSize)) : int(r, 1, 30);
    return lots * this.s.lotSize;
  }

  private clientId(ref: ReferenceExchange, actor: number): number {
    const r = this.rand;
    const used = this.usedClientIds.get(actor) ?? [];
    const y = r();
    if (y < 0.15) return 0;
    if (y < 0.18) {
      // The id of one of the account's live orders, however old: always refused.
      const live = ref.restingOrders().filter((o) => o.owner.id === actor && o.clientOrderId > 0);
      if (live.length > 0) return pick(r, live).clientOrderId;
    }
    // A retry of a recent id: refused while the account remembers it (the last
    // recentClientIdsPerAccount ids) or the order is live, accepted once forgotten.
    if (y < 0.25 && used.length > 0) return pick(r, used.slice(-(this.s.limits.recentClientIdsPerAccount + 8)));
    const id = this.nextClientId++;
    used.push(id);
    this.usedClientIds.set(actor, used);
    return id;
  }

  /** Who trades: the broker either side, a consumer buying, a provider selling. */
  private trader(): { actor: number; side: Side } {
    const r = this.rand;
    const y = r();
    if (y < 0.45) return { actor: BROKER, side: r() < 0.5 ? Side.BUY : Side.SELL };
    if (y < 0.75) return { actor: pick(r, BUYERS), side: Side.BUY };
    return { actor: pick(r, PROVIDERS), side: Side.SELL };
  }

  /** Where a book's prices gather: the broker sells above mid, buys below it. */
  private centerTicks(book: BookName): number {
    return book === 'brokerSells' ? this.midTicks + 3 : this.midTicks - 3;
  }

  /** A limit price near the book's center: usually passive, sometimes through it, rarely at the far limits. */
  private priceTicks(side: Side, book: BookName, aggressive = 0.25): number {
    const r = this.rand;
    if (r() < 0.03) return side === Side.BUY ? int(r, 1, 5) : int(r, this.s.maxPriceTicks - 5, this.s.maxPriceTicks);
    const passive = side === Side.BUY ? -1 : 1;
    const offset = r() < aggressive ? -int(r, 0, 6) : int(r, 0, 8);
    return this.centerTicks(book) + passive * offset;
  }

  private limitOrder(ref: ReferenceExchange): Command {
    const r = this.rand;
    const { actor, side } = this.trader();
    const book: BookName = (side === Side.SELL) === (actor === BROKER) ? 'brokerSells' : 'brokerBuys';
    const y = r();
    const tif = y < 0.6 ? TimeInForce.GTC : y < 0.72 ? TimeInForce.GTD : y < 0.87 ? TimeInForce.IOC : TimeInForce.FOK;
    const resting = tif === TimeInForce.GTC || tif === TimeInForce.GTD;
    const priceMicros = this.priceTicks(side, book, resting ? 0.25 : 0.7) * TICK;
    return newOrder(actor, side, {
      clientOrderId: this.clientId(ref, actor),
      tif,
      priceMicros,
      qty: r() < 0.2 ? this.probeQty(ref, actor, side, tif, priceMicros) : this.qty(),
      expireAtMs: tif === TimeInForce.GTD ? this.nowMs + int(r, 1, 120_000) : 0,
      postOnly: resting && r() < 0.15,
      stp: int(r, 1, 4) as SelfTradePrevention,
    });
  }

  private marketOrder(ref: ReferenceExchange): Command {
    const r = this.rand;
    const { actor, side } = this.trader();
    const tif = r() < 0.7 ? TimeInForce.IOC : TimeInForce.FOK;
    const limit = ref.marketLimitFor(side, actor === BROKER);
    return newOrder(actor, side, {
      orderType: OrderType.MARKET,
      clientOrderId: this.clientId(ref, actor),
      tif,
      qty: limit > 0 && r() < 0.3 ? this.probeQty(ref, actor, side, tif, limit) : this.qty(),
      stp: int(r, 1, 4) as SelfTradePrevention,
    });
  }

  /**
   * A quantity on a boundary the engine must get exactly right: just what the
   * book can fill (FOK), just what the account can pay or deliver, or one lot more.
   */
  private probeQty(ref: ReferenceExchange, actor: number, side: Side, tif: TimeInForce, limitMicros: number): number {
    const a = ref.accounts.get(actor)!;
    if (tif === TimeInForce.FOK) return this.onBoundary(ref.liquidityFor(actor, side, limitMicros));
    if (side === Side.BUY) return this.onBoundary(Math.floor(a.availableMicros / limitMicros));
    return this.onBoundary(a.rights.available);
  }

  /** The most whole lots within `exact`, or one lot more. */
  private onBoundary(exact: number): number {
    const lot = this.s.lotSize;
    const q = Math.floor(exact / lot) * lot + (this.rand() < 0.5 ? 0 : lot);
    return Math.max(lot, Math.min(q, this.s.maxOrderQty));
  }

  /** Occasional bad input: each should be refused with a precise reason and change nothing. */
  private badOrder(ref: ReferenceExchange): Command {
    const r = this.rand;
    const { actor, side } = this.trader();
    const book: BookName = (side === Side.SELL) === (actor === BROKER) ? 'brokerSells' : 'brokerBuys';
    const good = newOrder(actor, side, { clientOrderId: this.clientId(ref, actor), priceMicros: this.priceTicks(side, book) * TICK, qty: this.qty() });
    const variants: Array<() => NewOrder> = [
      () => ({ ...good, priceMicros: good.priceMicros + int(r, 1, TICK - 1) }), // off tick
      () => ({ ...good, qty: 0 }),
      () => ({ ...good, qty: -this.s.lotSize }),
      () => ({ ...good, qty: 1.5 }),
      () => ({ ...good, qty: this.s.maxOrderQty + this.s.lotSize }),
      () => ({ ...good, qty: this.s.lotSize > 1 ? good.qty + 1 : good.qty }),
      () => ({ ...good, priceMicros: 0 }),
      () => ({ ...good, priceMicros: (this.s.maxPriceTicks + 1) * TICK }),
      () => ({ ...good, seriesId: 2 }),
      () => ({ ...good, actor: 99 }),
      () => ({ ...good, actor: OPERATOR }),
      () => ({ ...good, actor: pick(r, BUYERS), side: Side.SELL }),
      () => ({ ...good, actor: pick(r, PROVIDERS), side: Side.BUY }),
      () => ({ ...good, orderType: OrderType.MARKET, tif: TimeInForce.GTC }),
      () => ({ ...good, orderType: 7 as OrderType }),
      () => ({ ...good, tif: TimeInForce.IOC, postOnly: true }),
      () => ({ ...good, tif: 9 as TimeInForce }),
      () => ({ ...good, stp: 0 as SelfTradePrevention }),
      () => ({ ...good, side: 3 as Side }),
      () => ({ ...good, tif: TimeInForce.GTD, expireAtMs: this.nowMs - int(r, 0, 1_000) }),
      () => ({ ...good, expireAtMs: this.nowMs + 1_000 }),
      () => ({ ...good, clientOrderId: -1 }),
    ];
    return pick(r, variants)();
  }

  // ------------------------------------------------------ cancel and amend

  private cancel(ref: ReferenceExchange): Command {
    const r = this.rand;
    const live = ref.restingOrders();
    const y = r();
    const kind = CommandKind.CANCEL_ORDER;
    if (live.length === 0 || y < 0.1) {
      // Mostly an id that existed (and probably has left), sometimes one never issued.
      const dead = r() < 0.8 ? int(r, 1, Math.max(1, ref.lastOrderId)) : int(r, 1, 100_000);
      return { kind, actor: pick(r, ACCOUNTS), orderId: dead, clientOrderId: 0 };
    }
    const o = pick(r, live);
    if (y < 0.15) return { kind, actor: pick(r, ACCOUNTS.filter((a) => a !== o.owner.id && a !== OPERATOR)), orderId: o.orderId, clientOrderId: 0 };
    if (y < 0.2) return { kind, actor: r() < 0.5 ? OPERATOR : SYSTEM_ACTOR, orderId: o.orderId, clientOrderId: 0 };
    if (y < 0.3) return { kind, actor: o.owner.id, orderId: 0, clientOrderId: o.clientOrderId > 0 ? o.clientOrderId : int(r, 1, 50) };
    return { kind, actor: o.owner.id, orderId: o.orderId, clientOrderId: 0 };
  }

  private amend(ref: ReferenceExchange): Command {
    const r = this.rand;
    const kind = CommandKind.AMEND_ORDER;
    const live = ref.restingOrders();
    if (live.length === 0) return { kind, actor: BROKER, orderId: int(r, 1, 1_000), newQty: 5, newPriceMicros: 500 * TICK };
    const o: RefOrder = pick(r, live);
    const lot = this.s.lotSize;
    const base = { kind, actor: o.owner.id, orderId: o.orderId, newQty: o.orderQty, newPriceMicros: o.priceMicros } as const;
    const y = r();
    if (y < 0.1) {
      // Re-priced to just what the owner can cover, or one lot more.
      const price = Math.max(TICK, o.priceMicros + int(r, -3, 3) * TICK);
      const a = o.owner;
      const coverable = o.side === Side.BUY ? Math.floor((a.availableMicros + o.holdPriceMicros * o.leavesQty) / price) : a.rights.available + o.leavesQty;
      return { ...base, newPriceMicros: price, newQty: Math.min(this.s.maxOrderQty, o.cumQty + this.onBoundary(coverable)) };
    }
    if (y < 0.3) return { ...base, newQty: lot * int(r, Math.floor(o.cumQty / lot), o.orderQty / lot - 1) };
    if (y < 0.45) return { ...base, newQty: o.orderQty + lot * int(r, 1, 20) };
    if (y < 0.75) {
      const away = o.side === Side.BUY ? -1 : 1;
      const ticks = r() < 0.4 ? -int(r, 1, 8) : int(r, 1, 5);
      const price = Math.max(TICK, o.priceMicros + away * ticks * TICK);
      return { ...base, newPriceMicros: price, newQty: r() < 0.5 ? o.orderQty : o.cumQty + lot * int(r, 1, 30) };
    }
    if (y < 0.8) return base; // no change
    if (y < 0.84) return { ...base, newQty: 0 };
    if (y < 0.88) return { ...base, newPriceMicros: o.priceMicros + 1 };
    if (y < 0.92) return { ...base, newQty: o.cumQty };
    if (y < 0.96) return { ...base, actor: pick(r, ACCOUNTS.filter((a) => a !== o.owner.id)) };
    return { ...base, orderId: int(r, 1, Math.max(1, ref.lastOrderId)) };
  }

  // ------------------------------------------------------------ mass quote

  private ladder(ref: ReferenceExchange, side: Side): QuoteLadder {
    const r = this.rand;
    const s = ref.series!;
    const currentIds = side === Side.BUY ? s.quoteIds.bids : s.quoteIds.asks;
    const current = currentIds.map((id) => ref.order(id)).filter((o): o is RefOrder => o !== undefined);
    const levels = r() < 0.03 ? 5 : int(r, 0, 4);
    const away = side === Side.BUY ? -1 : 1;
    const lot = this.s.lotSize;
    if (current.length > 0 && r() < 0.5) {
      // Mostly the same prices: some sizes kept, some cut, some grown, a level dropped or added.
      const prices = current.map((o) => o.priceMicros);
      const qty = current.map((o) => {
        const y = r();
        if (y < 0.4) return o.leavesQty;
        if (y < 0.7) return lot * int(r, 1, Math.max(1, Math.floor(o.leavesQty / lot)));
        return o.leavesQty + lot * int(r, 1, 10);
      });
      if (r() < 0.3 && prices.length > 0) {
        const drop = int(r, 0, prices.length - 1);
        prices.splice(drop, 1);
        qty.splice(drop, 1);
      }
      if (r() < 0.3) {
        const last = prices[prices.length - 1];
        prices.push(last === undefined ? this.quotePrice(side, 0) : last + away * int(r, 1, 3) * TICK);
        qty.push(lot * int(r, 1, 20));
      }
      return { priceMicros: prices, qty };
    }
    const prices: number[] = [];
    let p = this.quotePrice(side, r() < 0.2 ? -int(r, 1, 4) : int(r, 0, 3));
    for (let i = 0; i < levels; i++) {
      prices.push(p);
      p += away * int(r, 1, 3) * TICK;
    }
    const ladder = { priceMicros: prices, qty: prices.map(() => lot * int(r, 1, 20)) };
    if (levels > 1 && r() < 0.03) ladder.priceMicros.reverse(); // not best first
    if (levels > 0 && r() < 0.02) ladder.priceMicros[0]! += 7; // off tick
    if (levels > 0 && r() < 0.02) ladder.qty.pop(); // lengths differ
    return ladder;
  }

  /** A quote price `offset` ticks away from the broker's side of mid (negative: toward and through it). */
  private quotePrice(side: Side, offset: number): number {
    const book: BookName = side === Side.SELL ? 'brokerSells' : 'brokerBuys';
    const away = side === Side.BUY ? -1 : 1;
    return Math.max(1, this.centerTicks(book) + away * offset) * TICK;
  }

  private massQuote(ref: ReferenceExchange): Command {
    const r = this.rand;
    const bids = this.ladder(ref, Side.BUY);
    const asks = this.ladder(ref, Side.SELL);
    if (asks.qty.length > 0 && asks.qty.length === asks.priceMicros.length && r() < 0.15) {
      // Size the ladder's last level to exactly what the broker can deliver (or one lot more).
      const quoted = ref.series!.quoteIds.asks.reduce((sum, id) => sum + (ref.order(id)?.leavesQty ?? 0), 0);
      const deliverable = ref.accounts.get(BROKER)!.rights.available + quoted;
      const others = asks.qty.slice(0, -1).reduce((sum, q) => sum + q, 0);
      if (deliverable - others >= this.s.lotSize) asks.qty[asks.qty.length - 1] = this.onBoundary(deliverable - others);
    }
    const y = r();
    const referencePriceMicros = y < 0.5 ? 0 : y < 0.97 ? (this.midTicks + int(r, -2, 2)) * TICK : this.midTicks * TICK + 3;
    const actor = r() < 0.97 ? BROKER : pick(r, BUYERS);
    return { kind: CommandKind.MASS_QUOTE, actor, seriesId: r() < 0.98 ? SERIES_ID : 2, bids, asks, referencePriceMicros };
  }

  // --------------------------------------------------------------- others

  private setReference(): Command {
    const r = this.rand;
    const actor = pick(r, [BROKER, BROKER, SYSTEM_ACTOR, OPERATOR, BUYERS[0]!]);
    const priceMicros = r() < 0.95 ? (this.midTicks + int(r, -10, 10)) * TICK : this.midTicks * TICK + 1;
    return { kind: CommandKind.SET_REFERENCE_PRICE, actor, seriesId: SERIES_ID, priceMicros };
  }

  private expireOrders(): Command {
    const r = this.rand;
    return { kind: CommandKind.EXPIRE_ORDERS, actor: r() < 0.95 ? SYSTEM_ACTOR : BROKER, cutoffMs: this.nowMs };
  }

  private deposit(): Command {
    const r = this.rand;
    // Mostly the buyers, whose PAT only ever flows out.
    const y = r();
    const accountId = y < 0.7 ? pick(r, BUYERS) : y < 0.95 ? pick(r, ACCOUNTS) : 99;
    const micros = BigInt(int(r, 1, 500_000_000));
    const amountWei = micros * WEI_PER_MICRO + (r() < 0.5 ? BigInt(int(r, 0, 999_999_999)) * 1000n : 0n);
    const dup = this.depositRefs.length > 0 && r() < 0.05;
    const ref = dup ? pick(r, this.depositRefs) : `tx:${this.nextRef++}`;
    if (!dup) this.depositRefs.push(ref);
    return { kind: CommandKind.CREDIT_DEPOSIT, actor: r() < 0.97 ? SYSTEM_ACTOR : BROKER, accountId, amountWei, ref };
  }

  private withdraw(ref: ReferenceExchange): Command {
    const r = this.rand;
    const actor = pick(r, ACCOUNTS);
    const a = ref.accounts.get(actor)!;
    const freeWei = BigInt(a.availableMicros) * WEI_PER_MICRO + a.remainderWei;
    // Everything free, or one wei more, now and then; the broker, which must keep quoting, takes little.
    const y = actor === BROKER ? 0 : r();
    const amountWei = y < 0.75 ? (freeWei * BigInt(int(r, 0, 100))) / 1000n + 1n : y < 0.88 ? freeWei : freeWei + 1n;
    return { kind: CommandKind.REQUEST_WITHDRAWAL, actor, amountWei };
  }

  private completeWithdrawal(ref: ReferenceExchange): Command {
    const r = this.rand;
    const pending = ref.pendingWithdrawalIds();
    const withdrawalId = pending.length > 0 && r() < 0.85 ? pick(r, pending) : int(r, 1, 1_000);
    return { kind: CommandKind.COMPLETE_WITHDRAWAL, actor: SYSTEM_ACTOR, withdrawalId };
  }

  private mint(ref: ReferenceExchange): Command {
    const r = this.rand;
    if (r() < 0.1) return { kind: CommandKind.DECLARE_CAPACITY, actor: pick(r, PROVIDERS), seriesId: SERIES_ID, capacity: int(r, 0, 80_000) };
    const actor = r() < 0.95 ? pick(r, PROVIDERS) : pick(r, BUYERS);
    const rights = ref.accounts.get(actor)!.rights;
    const y = r();
    const qty = y < 0.85 ? int(r, 1, 300) : y < 0.97 ? rights.capacity - rights.minted + int(r, 0, 1) : 0;
    return { kind: CommandKind.MINT, actor, seriesId: SERIES_ID, qty };
  }

  private exercise(ref: ReferenceExchange): Command {
    const r = this.rand;
    const actor = r() < 0.95 ? pick(r, BUYERS) : pick(r, PROVIDERS);
    const available = ref.accounts.get(actor)!.rights.available;
    return { kind: CommandKind.EXERCISE, actor, seriesId: SERIES_ID, qty: int(r, 0, available + 2) };
  }

  private setStatus(ref: ReferenceExchange): Command {
    const r = this.rand;
    // Mostly flip the status; sometimes ask for the one it already has.
    const current = ref.series!.status;
    const flip = current === SeriesStatus.TRADING ? SeriesStatus.HALTED : SeriesStatus.TRADING;
    const status = r() < 0.85 ? flip : current;
    return { kind: CommandKind.SET_SERIES_STATUS, actor: SYSTEM_ACTOR, seriesId: SERIES_ID, status: status as typeof SeriesStatus.TRADING };
  }

  private massCancel(): Command {
    const r = this.rand;
    const kind = CommandKind.MASS_CANCEL;
    const y = r();
    if (y < 0.5) return { kind, actor: BROKER, scope: MassCancelScope.ACCOUNT, accountId: 0, seriesId: SERIES_ID };
    if (y < 0.7) {
      const actor = pick(r, [...BUYERS, ...PROVIDERS]);
      return { kind, actor, scope: MassCancelScope.ACCOUNT, accountId: actor, seriesId: 0 };
    }
    if (y < 0.8) return { kind, actor: BUYERS[0]!, scope: MassCancelScope.ACCOUNT, accountId: BROKER, seriesId: 0 };
    if (y < 0.85) return { kind, actor: BUYERS[0]!, scope: MassCancelScope.SERIES, accountId: 0, seriesId: SERIES_ID };
    if (y < 0.95) return { kind, actor: OPERATOR, scope: MassCancelScope.SERIES, accountId: 0, seriesId: SERIES_ID };
    return { kind, actor: SYSTEM_ACTOR, scope: MassCancelScope.ALL, accountId: 0, seriesId: 0 };
  }
}

export interface Step {
  cmd: Command;
  timeMs: number;
  setup: boolean;
}

/**
 * A seed's commands: the setup, then `count` random ones built from the
 * reference's state. The caller applies each command to `ref` before asking
 * for the next, so the stream depends on the seed alone.
 */
/**
 * A seed's stream: the setup, then `count` commands. Under `rules` 3 (or 6) the setup starts with
 * ADOPT_RULES 3 (rights by sale, proceeds held; 6: market orders protected from the best opposite
 * price too); the commands that follow are the same kinds.
 */
export function* commandStream(seed: number, ref: ReferenceExchange, count: number, rules = 0): Generator<Step> {
  const scenario = scenarioFor(seed);
  if (rules > 0) yield { cmd: { kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: rules }, timeMs: START_MS + 1_000, setup: true };
  for (const cmd of setupCommands(scenario)) yield { cmd, timeMs: START_MS + 1_000, setup: true };
  const gen = new StreamGenerator(seed, scenario);
  for (let i = 0; i < count; i++) yield { ...gen.next(ref, i), setup: false };
}

/** A seed's whole stream as steps (setup, then `count` commands), built against a fresh reference. */
export function recordedSteps(seed: number, count: number, rules = 0): Step[] {
  const ref = new ReferenceExchange(scenarioFor(seed).limits);
  const steps: Step[] = [];
  for (const step of commandStream(seed, ref, count, rules)) {
    ref.apply(step.cmd, step.timeMs);
    steps.push(step);
  }
  return steps;
}
