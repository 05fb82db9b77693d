/**
 * Writes the engine benchmark's operation stream (bench/workload.ts) as a compact binary
 * file for the C++ book (bench/cpp/book.cpp), and the engine-side command list that
 * matches it record for record, with what the engine did on it (fills, rejects) so the
 * runner can check the C++ book produced the same fills.
 *
 *   node --import tsx bench/cpp/export-workload.ts [--ops 1000000] [--seed 42] [--prefill 0] [--out FILE]
 *
 * File: a 32-byte header ("PATXOPS1", prefill count, op count, band bps, min and max
 * price in ticks) then 16-byte little-endian records: kind (0 limit GTC, 1 market,
 * 2 cancel), side (0 buy, 1 sell), broker flag (the engine routes by it), the sender's account id (a byte), price in
 * ticks (0 for market), qty, cancel target. The first `prefill` records are applied
 * before timing (the deep-book variant); the C++ book numbers orders by record index.
 *
 * Order ids: the engine numbers orders itself (one id per accepted order, setup orders
 * and market orders included; a rejected order takes none), and the workload's cancels
 * name those engine ids. So the stream is run through a real engine here: each engine
 * id is mapped to the index of the record that created it, and a cancel's target is
 * written as that record index. With a prefill the engine's ids shift, so cancels are
 * renumbered for the engine too (by the op that created the order, not by arithmetic: if
 * the prefill changed whether an order was accepted, the cancel names no live order in
 * either book, as in the original run it named the order its op created).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import {
  CommandKind,
  EmbeddedEngine,
  EventType,
  OrderType,
  Role,
  SelfTradePrevention,
  Side,
  SYSTEM_ACTOR,
  TimeInForce,
  type Command,
  type EngineEvent,
  type EngineLimits,
  type ListSeries,
  type NewOrder,
} from '../../src/engine/index.js';
import { generateWorkload, prng, TICK_MICROS, WORKLOAD_START_MS } from '../workload.js';
import { KIND_CANCEL, KIND_LIMIT, KIND_MARKET, STREAM_HEADER_BYTES as HEADER_BYTES, STREAM_RECORD_BYTES as RECORD_BYTES } from './stream-header.js';

export { STREAM_HEADER_BYTES as HEADER_BYTES, STREAM_RECORD_BYTES as RECORD_BYTES } from './stream-header.js';
/** The broker's account in the workload (bench/workload.ts opens it first). */
const BROKER = 1;
const CONSUMERS = { first: 2, count: 100 };
const PROVIDERS = { first: 102, count: 100 };
/** A cancel whose target order the engine never accepted (see above) names this id, which no order has. */
const NO_SUCH_ORDER = 2 ** 31 - 1;

/** Fills as both sides report them, in order: what must agree. */
export interface FillSummary {
  fills: number;
  qty: number;
  /** FNV-1a (32-bit) over (price in ticks, qty) of every fill, in order. */
  hashPriceQty: number;
  /** FNV-1a (32-bit) over (maker's record index, taker's record index) of every fill. */
  hashOrders: number;
}

export interface Stream {
  /** Commands that open accounts, list the series, fund everyone (untimed; nothing rests after them). */
  setup: Command[];
  /** Untimed commands after setup that build the deep book (empty for the default workload). */
  prefill: Command[];
  /** The measured commands, for the engine. */
  ops: Command[];
  /** Engine limits the stream needs (the deep book's broker has more open orders than the default allows). */
  limits: Partial<EngineLimits>;
  /** The C++ book's file contents. */
  bytes: Uint8Array;
  /** What the engine produced on `ops`. */
  engine: FillSummary & {
    rejects: Record<string, number>;
    restingAfterPrefill: number;
    restingMin: number;
    restingMax: number;
    restingEnd: number;
  };
}

function fnv(h: number, w: number): number {
  return Math.imul(h ^ w, 16777619) >>> 0;
}

const FNV_OFFSET = 2166136261;

/** No fills yet (the hashes at FNV-1a's offset basis, as book.cpp's FillSink starts). */
export function emptyFillSummary(): FillSummary {
  return { fills: 0, qty: 0, hashPriceQty: FNV_OFFSET, hashOrders: FNV_OFFSET };
}

/** Adds one fill, in the order fills happen: the same arithmetic as book.cpp's FillSink::fill. */
export function addFill(summary: FillSummary, priceTicks: number, qty: number, makerRecord: number, takerRecord: number): void {
  summary.fills++;
  summary.qty += qty;
  summary.hashPriceQty = fnv(fnv(summary.hashPriceQty, priceTicks), qty);
  summary.hashOrders = fnv(fnv(summary.hashOrders, makerRecord), takerRecord);
}

function newOrder(actor: number, side: Side, priceTicks: number, qty: number, tif: TimeInForce = TimeInForce.GTC): NewOrder {
  return {
    kind: CommandKind.NEW_ORDER,
    actor,
    seriesId: 1,
    clientOrderId: 0,
    side,
    orderType: OrderType.LIMIT,
    tif,
    priceMicros: priceTicks * TICK_MICROS,
    qty,
    expireAtMs: 0,
    postOnly: false,
    stp: SelfTradePrevention.CANCEL_NEWEST,
  };
}

/**
 * Where the deep book's orders rest: `behind` the workload's prices, or at the `touch`, the
 * prices where the workload's own orders rest, trade and are cancelled.
 */
export type DeepPlacement = 'behind' | 'touch';

/**
 * The deep-book prefill: `count` GTC orders, a quarter on each side of each of the two
 * books: consumers' bids and the broker's asks ("broker sells" book), the broker's bids and
 * providers' asks ("broker buys" book), qty 1–100. `behind` (the default): behind the
 * workload's prices (which stay within ticks 4,884–5,101 for seed 42), bids spread over
 * ticks 4,000–4,799, asks over 5,201–6,000 (about 156 orders a level per side and book at
 * 500k). `touch`: on the 20 ticks either side of each book's starting centre, where the
 * workload's resting orders go (bench/workload.ts: 5,025 ± 1..20 in the broker-sells book,
 * 4,975 ± 1..20 in the broker-buys book; 6,250 orders a level at 500k), so the workload's
 * orders queue behind them, its cancels take orders out of the middle of long queues and its
 * crossing orders trade into them. Before them the broker gets the PAT and rights that many
 * resting orders hold (a deposit, and rights bought from providers by IOC, which rest nothing).
 */
export function deepPrefill(count: number, seed: number, placement: DeepPlacement = 'behind'): { commands: Command[]; restingFrom: number } {
  const commands: Command[] = [];
  if (count === 0) return { commands, restingFrom: 0 };
  commands.push({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: BROKER, amountWei: 10n ** 27n, ref: 'deep:broker' });
  for (let i = 0; i < PROVIDERS.count; i++) {
    commands.push(newOrder(PROVIDERS.first + i, Side.SELL, 5_000, 100_000));
    commands.push(newOrder(BROKER, Side.BUY, 5_000, 100_000, TimeInForce.IOC));
  }
  const restingFrom = commands.length;
  const rand = prng(seed ^ 0x5eed);
  for (let k = 0; k < count; k++) {
    const r = rand();
    let bidTicks = 4_000 + Math.floor(r * 800);
    let askTicks = 5_201 + Math.floor(rand() * 800);
    const qty = 1 + Math.floor(rand() * 100);
    if (placement === 'touch') {
      // 1..20 ticks from the centre of the order's book (k % 4 < 2: the broker-sells book), the same draw for either side.
      const centre = k % 4 < 2 ? 5_025 : 4_975;
      const offset = 1 + Math.floor(r * 20);
      bidTicks = centre - offset;
      askTicks = centre + offset;
    }
    switch (k % 4) {
      case 0:
        commands.push(newOrder(CONSUMERS.first + ((k >>> 2) % CONSUMERS.count), Side.BUY, bidTicks, qty));
        break;
      case 1:
        commands.push(newOrder(BROKER, Side.SELL, askTicks, qty));
        break;
      case 2:
        commands.push(newOrder(BROKER, Side.BUY, bidTicks, qty));
        break;
      default:
        commands.push(newOrder(PROVIDERS.first + ((k >>> 2) % PROVIDERS.count), Side.SELL, askTicks, qty));
    }
  }
  return { commands, restingFrom };
}

/** Engine order id → index of the op that created it, from a run of the workload as generated. */
function originalIdToOp(setup: readonly Command[], ops: readonly Command[]): Map<number, number> {
  const engine = new EmbeddedEngine({}, WORKLOAD_START_MS);
  const out: EngineEvent[] = [];
  for (const c of setup) engine.submitInto(c, out);
  out.length = 0;
  const map = new Map<number, number>();
  for (let i = 0; i < ops.length; i++) {
    engine.submitInto(ops[i]!, out);
    for (const e of out) if (e.type === EventType.ORDER_ACCEPTED) map.set(e.orderId, i);
    out.length = 0;
  }
  return map;
}

/**
 * Builds the stream of the workload (`opCount`, `seed`) with `prefillCount` deep-book
 * orders: the engine's commands, the C++ book's bytes, and the engine's own fills.
 * `original` (engine id → op index in the plain workload) can be shared between variants.
 */
export function buildStream(
  opCount: number,
  seed: number,
  prefillCount: number,
  shared?: { setup: Command[]; ops: Command[]; original: Map<number, number> },
  placement: DeepPlacement = 'behind',
): Stream {
  const { setup, ops: originalOps, original } = shared ?? baseWorkload(opCount, seed);
  const listing = setup.find((c): c is ListSeries => c.kind === CommandKind.LIST_SERIES)!;
  const limits: Partial<EngineLimits> = prefillCount > 0 ? { maxOpenOrdersPerAccount: 1_000_000 } : {};
  const { commands: prefill, restingFrom } = deepPrefill(prefillCount, seed, placement);

  const engine = new EmbeddedEngine(limits, WORKLOAD_START_MS);
  const out: EngineEvent[] = [];
  for (const c of setup) engine.submitInto(c, out);
  if (engine.engine.orders.size !== 0) throw new Error('setup left resting orders: the C++ book would not start from the same book');
  out.length = 0;

  const records = prefillCount + originalOps.length;
  const bytes = new Uint8Array(HEADER_BYTES + records * RECORD_BYTES);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode('PATXOPS1'), 0);
  view.setUint32(8, prefillCount, true);
  view.setUint32(12, originalOps.length, true);
  view.setUint32(16, listing.bandBps, true);
  view.setUint32(20, listing.minPriceMicros / listing.tickMicros, true);
  view.setUint32(24, listing.maxPriceMicros / listing.tickMicros, true);

  /** Engine order id → record index (orders created by records only). */
  const recordOfId = new Map<number, number>();
  const roleOf = (actor: number): Role => engine.engine.accounts[actor]!.role;
  const writeOrder = (rec: number, cmd: NewOrder): void => {
    const at = HEADER_BYTES + rec * RECORD_BYTES;
    bytes[at] = cmd.orderType === OrderType.MARKET ? KIND_MARKET : KIND_LIMIT;
    if (cmd.orderType !== OrderType.MARKET && cmd.tif !== TimeInForce.GTC) throw new Error('the C++ stream has GTC limit orders only');
    bytes[at + 1] = cmd.side === Side.BUY ? 0 : 1;
    bytes[at + 2] = roleOf(cmd.actor) === Role.BROKER ? 1 : 0;
    if (cmd.actor > 255) throw new Error(`account ${cmd.actor}: the C++ stream names accounts in a byte`);
    bytes[at + 3] = cmd.actor;
    view.setUint32(at + 4, cmd.priceMicros / listing.tickMicros, true);
    view.setUint32(at + 8, cmd.qty, true);
  };
  const noteAccepted = (rec: number): number => {
    let id = 0;
    for (const e of out) {
      if (e.type === EventType.ORDER_ACCEPTED) {
        recordOfId.set(e.orderId, rec);
        id = e.orderId;
      }
    }
    return id;
  };

  for (let k = 0; k < prefill.length; k++) {
    const cmd = prefill[k]!;
    engine.submitInto(cmd, out);
    const rejected = out.find((e) => e.type === EventType.ORDER_REJECTED || e.type === EventType.COMMAND_REJECTED);
    if (rejected !== undefined) throw new Error(`prefill command ${k} rejected: ${JSON.stringify(rejected)}`);
    if (k >= restingFrom) {
      const rec = k - restingFrom;
      writeOrder(rec, cmd as NewOrder);
      noteAccepted(rec);
      if (out.some((e) => e.type === EventType.FILL)) throw new Error(`prefill order ${rec} traded: the deep book's orders only rest`);
    } else if (k === restingFrom - 1 && engine.engine.orders.size !== 0) {
      throw new Error('the broker\'s inventory purchase left resting orders');
    }
    out.length = 0;
  }
  const restingAfterPrefill = engine.engine.orders.size;

  // The measured ops: cancels renumbered to the ids this engine gave their orders.
  const idOfOp = new Int32Array(originalOps.length);
  const ops: Command[] = [];
  const summary = emptyFillSummary();
  const rejects: Record<string, number> = {};
  let restingMin = restingAfterPrefill;
  let restingMax = restingAfterPrefill;
  for (let i = 0; i < originalOps.length; i++) {
    const rec = prefillCount + i;
    const at = HEADER_BYTES + rec * RECORD_BYTES;
    let cmd = originalOps[i]!;
    if (cmd.kind === CommandKind.NEW_ORDER) {
      writeOrder(rec, cmd);
    } else if (cmd.kind === CommandKind.CANCEL_ORDER) {
      const op = original.get(cmd.orderId);
      if (op === undefined) throw new Error(`op ${i} cancels order ${cmd.orderId}, which no op created`);
      bytes[at] = KIND_CANCEL;
      view.setUint32(at + 12, prefillCount + op, true);
      const id = idOfOp[op]! > 0 ? idOfOp[op]! : NO_SUCH_ORDER;
      if (id !== cmd.orderId) cmd = { ...cmd, orderId: id };
    } else {
      throw new Error(`op ${i}: command kind ${cmd.kind} is not in the C++ stream`);
    }
    ops.push(cmd);
    engine.submitInto(cmd, out);
    idOfOp[i] = noteAccepted(rec);
    for (const e of out) {
      if (e.type === EventType.FILL) {
        addFill(summary, e.priceMicros / listing.tickMicros, e.qty, recordOfId.get(e.makerOrderId)!, recordOfId.get(e.takerOrderId)!);
      } else if (e.type === EventType.ORDER_REJECTED || e.type === EventType.COMMAND_REJECTED) {
        rejects[e.reason] = (rejects[e.reason] ?? 0) + 1;
      }
    }
    out.length = 0;
    const resting = engine.engine.orders.size;
    if (resting < restingMin) restingMin = resting;
    if (resting > restingMax) restingMax = resting;
  }
  return {
    setup,
    prefill,
    ops,
    limits,
    bytes,
    engine: { ...summary, rejects, restingAfterPrefill, restingMin, restingMax, restingEnd: engine.engine.orders.size },
  };
}

/** The workload as generated, with its id map: build once, share between variants. */
export function baseWorkload(opCount: number, seed: number): { setup: Command[]; ops: Command[]; original: Map<number, number> } {
  return withIdMap(generateWorkload(opCount, seed));
}

/**
 * A workload already generated (one series, as generateWorkload made it), with its id map:
 * for a bench that holds the workload's commands and must not generate them twice.
 */
export function withIdMap(w: { setup: Command[]; ops: Command[] }): { setup: Command[]; ops: Command[]; original: Map<number, number> } {
  return { setup: w.setup, ops: w.ops, original: originalIdToOp(w.setup, w.ops) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      ops: { type: 'string', default: '1000000' },
      seed: { type: 'string', default: '42' },
      prefill: { type: 'string', default: '0' },
      out: { type: 'string', default: 'workload.bin' },
    },
  });
  const stream = buildStream(Number(values.ops), Number(values.seed), Number(values.prefill));
  writeFileSync(values.out, stream.bytes);
  const { rejects, ...rest } = stream.engine;
  console.log(`${values.out}: ${stream.bytes.length} bytes; engine on it:`, rest, 'rejects by reason:', rejects);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
