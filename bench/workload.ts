/**
 * The mixed workload of the engine benchmarks, generated deterministically from a
 * seed: 60% new limit orders around a slowly moving mid (a quarter of them priced
 * through the opposite side), 30% cancels of resting orders, 10% market orders,
 * on one series. The broker, 100 consumers and 100 providers trade under the
 * phase-1 rule (every trade has the broker on one side).
 *
 * Generation runs the commands through a real engine to know which orders rest
 * (so cancels name live orders); timed runs then replay the same command list
 * on fresh engines.
 */
import { mulberry32 } from '../src/quoting/mulberry32.js';
import {
  CommandKind,
  CURRENT_RULES,
  EmbeddedEngine,
  EventLog,
  EventType,
  MAX_POSITION_RIGHTS,
  OrderType,
  Role,
  SelfTradePrevention,
  SeriesKind,
  Side,
  SYSTEM_ACTOR,
  TimeInForce,
  type Command,
  type EngineEvent,
  type NewOrder,
} from '../src/engine/index.js';
import { keepCompiledCode } from './support/compiled-code.js';
import { PREFETCH_GROUP } from '../src/engine/durability/prefetch.js';

export const TICK_MICROS = 1_000;
const DAY_MS = 86_400_000;
export const WORKLOAD_START_MS = Date.UTC(2026, 10, 16);
/** Accounts 2..101 are consumers, 102..201 providers (account 1 is the broker). */
export const CONSUMERS = 100;
export const PROVIDERS = 100;
export const FIRST_CONSUMER = 2;
export const FIRST_PROVIDER = FIRST_CONSUMER + CONSUMERS;

/** Mulberry32 (src/quoting/mulberry32.ts): a tiny deterministic PRNG, so any run replays from its seed. */
export const prng = mulberry32;

export interface Workload {
  /** Commands that open accounts, list the series and fund everyone. */
  setup: Command[];
  /** The measured operations. */
  ops: Command[];
}

/**
 * Rules 1 and later (src/engine/products/rules.ts), as the service runs: providers declare and mint
 * 10^9 rights, the bound on one position. Rules 0 is the stream as it was before rules
 * existed (10^12 declared, 10^11 minted), which the golden replay keeps recovering.
 */
export function setupCommands(rules: number): Command[] {
  const cmds: Command[] = [];
  if (rules > 0) cmds.push({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: rules });
  const capacity = rules > 0 ? MAX_POSITION_RIGHTS : 1e12;
  const minted = rules > 0 ? MAX_POSITION_RIGHTS : 1e11;
  const open = (role: Role): void => {
    cmds.push({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role, address: '' });
  };
  open(Role.BROKER); // account 1
  for (let i = 0; i < CONSUMERS; i++) open(Role.CONSUMER); // 2..101
  for (let i = 0; i < PROVIDERS; i++) open(Role.PROVIDER); // 102..201
  cmds.push({
    kind: CommandKind.LIST_SERIES,
    actor: SYSTEM_ACTOR,
    contract: 'AUTO_INTENT|7D|0.70-0.85',
    seriesKind: SeriesKind.SPOT,
    openAtMs: WORKLOAD_START_MS,
    closeAtMs: WORKLOAD_START_MS + 7 * DAY_MS,
    tickMicros: TICK_MICROS,
    lotSize: 1,
    minPriceMicros: TICK_MICROS,
    maxPriceMicros: 10_000 * TICK_MICROS,
    maxOrderQty: 100_000,
    bandBps: 500,
  });
  for (let id = 1; id < FIRST_PROVIDER + PROVIDERS; id++) {
    cmds.push({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: id, amountWei: 10n ** 25n, ref: `setup:${id}` });
  }
  for (let id = FIRST_PROVIDER; id < FIRST_PROVIDER + PROVIDERS; id++) {
    cmds.push({ kind: CommandKind.DECLARE_CAPACITY, actor: id, seriesId: 1, capacity });
    cmds.push({ kind: CommandKind.MINT, actor: id, seriesId: 1, qty: minted });
  }
  // The broker buys its starting inventory from every provider.
  for (let id = FIRST_PROVIDER; id < FIRST_PROVIDER + PROVIDERS; id++) {
    cmds.push(order(id, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 5_000 * TICK_MICROS, 10_000, 0));
    cmds.push(order(1, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 5_000 * TICK_MICROS, 10_000, 0));
  }
  return cmds;
}

export function order(actor: number, side: Side, orderType: OrderType, tif: TimeInForce, priceMicros: number, qty: number, clientOrderId: number): Command {
  return newOrderLiteral({
    actor,
    seriesId: 1,
    clientOrderId,
    side,
    orderType,
    tif,
    priceMicros: orderType === OrderType.MARKET ? 0 : priceMicros,
    qty,
    expireAtMs: 0,
    postOnly: false,
    stp: SelfTradePrevention.CANCEL_NEWEST,
  });
}

/**
 * A NEW_ORDER as a literal in the field order the gateway and the journal make commands in
 * (src/gateway/wire-commands.ts, src/engine/durability/command-codec.ts): the shape the benches time the
 * engine on. Not `{ ...order, seriesId }`: the engine ran the one-series flow about 10% slower on
 * spread copies (bench/RESULTS.md, Many series, "Issue 58, 2026-11-27").
 */
export function newOrderLiteral(o: Omit<NewOrder, 'kind'>): NewOrder {
  return {
    kind: CommandKind.NEW_ORDER,
    actor: o.actor,
    seriesId: o.seriesId,
    clientOrderId: o.clientOrderId,
    side: o.side,
    orderType: o.orderType,
    tif: o.tif,
    priceMicros: o.priceMicros,
    qty: o.qty,
    expireAtMs: o.expireAtMs,
    postOnly: o.postOnly,
    stp: o.stp,
  };
}

/** Picks who sends an order: the broker on either side, a consumer buying, or a provider selling. */
function pickActor(rand: () => number): { actor: number; side: Side } {
  const r = rand();
  if (r < 0.5) return { actor: 1, side: rand() < 0.5 ? Side.BUY : Side.SELL };
  if (r < 0.75) return { actor: FIRST_CONSUMER + Math.floor(rand() * CONSUMERS), side: Side.BUY };
  return { actor: FIRST_PROVIDER + Math.floor(rand() * PROVIDERS), side: Side.SELL };
}

export function generateWorkload(opCount: number, seed = 42, rules = CURRENT_RULES): Workload {
  const rand = prng(seed);
  const setup = setupCommands(rules);
  const sim = new EmbeddedEngine({}, WORKLOAD_START_MS);
  const events: EngineEvent[] = [];
  for (const cmd of setup) sim.submitInto(cmd, events);
  const live = new LiveOrders();
  events.length = 0;
  const ops: Command[] = [];
  let midTicks = 5_000;
  let clientOrderId = 1;
  for (let i = 0; i < opCount; i++) {
    if (i % 1000 === 0) midTicks = Math.min(9_000, Math.max(1_000, midTicks + Math.round((rand() - 0.5) * 10)));
    const r = rand();
    let cmd: Command;
    if (r < 0.6) {
      const { actor, side } = pickActor(rand);
      const crossing = rand() < 0.25;
      const offset = 1 + Math.floor(rand() * 20);
      const away = side === Side.BUY ? -offset : offset;
      // Phase-1 books: broker asks meet consumer bids around mid+25, broker bids
      // meet provider asks around mid-25, so the broker never crosses itself.
      const brokerSellsBook = (actor === 1) === (side === Side.SELL);
      const centerTicks = brokerSellsBook ? midTicks + 25 : midTicks - 25;
      const priceTicks = crossing ? centerTicks - away : centerTicks + away;
      cmd = order(actor, side, OrderType.LIMIT, TimeInForce.GTC, priceTicks * TICK_MICROS, 1 + Math.floor(rand() * 100), clientOrderId++);
    } else if (r < 0.9 && live.size > 0) {
      cmd = live.cancelOne(rand);
    } else {
      const { actor, side } = pickActor(rand);
      cmd = order(actor, side, OrderType.MARKET, TimeInForce.IOC, 0, 1 + Math.floor(rand() * 100), clientOrderId++);
    }
    sim.submitInto(cmd, events);
    live.track(events);
    events.length = 0;
    ops.push(cmd);
  }
  return { setup, ops };
}

/** The orders resting in a generator's engine, in a swap-remove array for O(1) random picks: so cancels name live orders. */
export class LiveOrders {
  private readonly ids: number[] = [];
  private readonly owner = new Map<number, number>();
  private readonly position = new Map<number, number>();

  get size(): number {
    return this.ids.length;
  }

  /** Follows one command's events: accepted orders join, cancelled, expired and filled ones leave. */
  track(events: readonly EngineEvent[]): void {
    for (const e of events) {
      if (e.type === EventType.ORDER_ACCEPTED) {
        this.position.set(e.orderId, this.ids.length);
        this.ids.push(e.orderId);
        this.owner.set(e.orderId, e.accountId);
      } else if (e.type === EventType.ORDER_CANCELED || e.type === EventType.ORDER_EXPIRED) {
        this.remove(e.orderId);
      } else if (e.type === EventType.FILL) {
        if (e.makerLeavesQty === 0) this.remove(e.makerOrderId);
        if (e.takerLeavesQty === 0) this.remove(e.takerOrderId);
      }
    }
  }

  /** A cancel of a resting order picked at random, by its owner. */
  cancelOne(rand: () => number): Command {
    const id = this.ids[Math.floor(rand() * this.ids.length)]!;
    return { kind: CommandKind.CANCEL_ORDER, actor: this.owner.get(id)!, orderId: id, clientOrderId: 0 };
  }

  private remove(id: number): void {
    const at = this.position.get(id);
    if (at === undefined) return;
    const last = this.ids.pop()!;
    if (last !== id) {
      this.ids[at] = last;
      this.position.set(last, at);
    }
    this.position.delete(id);
    this.owner.delete(id);
  }
}

/**
 * The timed loop of the in-process figures (bench/engine.bench.ts, bench:cpp, bench:series):
 * `ops` through `engine`, wall time of the loop only. The events gather ~1,024 at a time, as
 * a sequencer turn gathers its events and lets them go: written to a record log (the order
 * path's events as numbers, src/engine/core/event-log.ts) and counted; or, with `objects`, made
 * into objects by `Engine.apply` as the sequencer has them made for its readers (the loop as
 * it was before the records). The first engine timed here is kept alive, so each later run
 * measures compiled code rather than a recompilation (bench/support/compiled-code.ts). One copy, so every bench that compares with the engine bench
 * times the same thing.
 */
/**
 * A timed run's rate: ops per second of wall time, and per second of the process's CPU time (user + system)
 * over the same loop, which a loaded machine's waits for a core leave out (no GC runs inside a timed run at
 * the benches' 64 MB semi-space, so it is the engine's thread: bench/RESULTS.md, Many series).
 */
export interface TimedOps {
  opsPerSec: number;
  cpuOpsPerSec: number;
  events: number;
}

/** Starts a timed loop's clocks; the returned function ends them for `count` ops. */
function timing(count: number): () => { opsPerSec: number; cpuOpsPerSec: number } {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  return () => {
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    return { opsPerSec: (count / ms) * 1000, cpuOpsPerSec: (count / (cpu.user + cpu.system)) * 1e6 };
  };
}

export function runOps(engine: EmbeddedEngine, ops: readonly Command[], objects = false): TimedOps {
  keepCompiledCode(engine); // later runs start on compiled code (support/compiled-code.ts)
  return objects ? runOpsAsObjects(engine, ops) : runOpsAsRecords(engine, ops);
}

function runOpsAsRecords(engine: EmbeddedEngine, ops: readonly Command[]): TimedOps {
  return runOpsIntoLog(engine, ops, new EventLog());
}

/**
 * The records loop over any build's engine and event log (bench:ab times two checkouts' engines
 * with it). Each group of PREFETCH_GROUP commands is read ahead first, as the sequencer reads
 * ahead each batch it applies (src/engine/durability/prefetch.ts), by builds that have it.
 */
export function runOpsIntoLog<L extends { count: number; clear(): void }>(
  engine: { submitToLog(cmd: Command, log: L): void; prefetch?(cmds: readonly Command[], from: number, to: number): void },
  ops: readonly Command[],
  log: L,
): TimedOps {
  let events = 0;
  const done = timing(ops.length);
  for (let i = 0; i < ops.length; i++) {
    if (i % PREFETCH_GROUP === 0 && engine.prefetch !== undefined) engine.prefetch(ops, i, Math.min(ops.length, i + PREFETCH_GROUP));
    engine.submitToLog(ops[i]!, log);
    if (log.count >= 1024) {
      events += log.count;
      log.clear();
    }
  }
  events += log.count;
  return { ...done(), events };
}

/**
 * The event objects' loop (the production path: the sequencer has every event made an object) over any build's
 * engine (bench:ab --objects times two checkouts' engines with it), read ahead as runOpsIntoLog is.
 */
export function runOpsAsObjects(
  engine: { submitInto(cmd: Command, out: EngineEvent[]): void; prefetch?(cmds: readonly Command[], from: number, to: number): void },
  ops: readonly Command[],
): TimedOps {
  // A fresh array per ~1,024: truncating one after every op (out.length = 0, a runtime call in
  // V8) cost the loop itself 1.14–1.26× in alternating runs (2026-11-23), not the engine's cost.
  let out: EngineEvent[] = [];
  let events = 0;
  const done = timing(ops.length);
  for (let i = 0; i < ops.length; i++) {
    if (i % PREFETCH_GROUP === 0 && engine.prefetch !== undefined) engine.prefetch(ops, i, Math.min(ops.length, i + PREFETCH_GROUP));
    engine.submitInto(ops[i]!, out);
    if (out.length >= 1024) {
      events += out.length;
      out = [];
    }
  }
  events += out.length;
  return { ...done(), events };
}
