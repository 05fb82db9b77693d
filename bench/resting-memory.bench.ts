/**
 * Memory per resting order (issue 21: at most 200 bytes at 1M resting orders).
 * Prints figures; bench/RESULTS.md records them.
 *
 *   npm run bench:resting -- [--orders 1000000] [--runs 5] [--breakdown]
 *
 * Each run: a fresh engine with the mixed workload's setup (bench/workload.ts: the
 * broker, 100 consumers, 100 providers, one series of the demo's 7D terms), then
 * `--orders` GTC limit orders that all rest: consumers' bids over ticks 4,000–4,799,
 * providers' asks over 5,201–6,000 (no price crosses), qty 1–100, each with its own
 * client order id, numbered up from a time in ms as the demo market's bots and many clients do
 * (ids past 2^31: until 2026-11-27 such ids made every order 16 bytes larger, 191 B a resting
 * order, while ids counted from 1 gave 175), 5,000 per account at 1M. The figure is the
 * growth of heap + array buffers after a full gc, divided by the orders: everything
 * the engine keeps for them (the order objects, their levels, the engine's index by
 * order id, each account's index by client order id, positions' holds).
 *
 * An account's index by client order id is made at its first look-up by client id
 * (src/engine/core/account.ts): the headline is the hard case, every account having looked one up
 * before its orders rest (a cancel by an unknown client id, refused, changes nothing else); the
 * second figure is accounts that only ever name their orders by order id, with no such index;
 * the third, every order GTD (each also in the engine's expiry queue).
 *
 * --breakdown: after the last run, a heap snapshot of that engine, its self sizes
 * summed by constructor, the top 12 (what the bytes per order are made of).
 *
 * Needs --expose-gc (the npm script sets it).
 */
import { parseArgs } from 'node:util';
import {
  CommandKind,
  EmbeddedEngine,
  EventType,
  OrderType,
  rejectReasonName,
  SelfTradePrevention,
  Side,
  TimeInForce,
  type EngineEvent,
  type NewOrder,
} from '../src/engine/index.js';
import { fmt, loadavg, median, printHeapByConstructor, reportFigure, settledMemory, stat } from './support/figures.js';
import { CONSUMERS, FIRST_CONSUMER, FIRST_PROVIDER, generateWorkload, PROVIDERS, prng, TICK_MICROS, WORKLOAD_START_MS } from './workload.js';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '5' },
    breakdown: { type: 'boolean', default: false },
  },
});
const ORDERS = Number(values.orders);
const RUNS = Number(values.runs);

const bytes = (n: number): string => `${n.toFixed(0)} B`;

interface RunResult {
  bytesPerOrder: number;
  restPerSec: number;
  engine: EmbeddedEngine;
}

/** Client order ids count up from here: a time in ms, as `Date.now()` gives the demo market's bots (src/demo). */
const CLIENT_ID_BASE = WORKLOAD_START_MS;
/** A GTD order's expiry: a day after the workload's clock starts. */
const GTD_EXPIRY_MS = WORKLOAD_START_MS + 86_400_000;

/** One run: a fresh engine, `ORDERS` orders rested into it, its growth measured after gc; `lookedUp`: each account first looked an order up by client id; `gtd`: every order GTD. */
function run(seed: number, lookedUp: boolean, gtd = false): RunResult {
  const { setup } = generateWorkload(0, seed);
  const engine = new EmbeddedEngine({}, WORKLOAD_START_MS);
  const out: EngineEvent[] = [];
  for (const cmd of setup) engine.submitInto(cmd, out);
  if (lookedUp) {
    for (const first of [FIRST_CONSUMER, FIRST_PROVIDER]) {
      for (let a = 0; a < (first === FIRST_CONSUMER ? CONSUMERS : PROVIDERS); a++) {
        engine.submitInto({ kind: CommandKind.CANCEL_ORDER, actor: first + a, orderId: 0, clientOrderId: 999_999_999 }, out);
      }
    }
  }
  out.length = 0;
  const restingBefore = engine.engine.orders.size;
  const before = settledMemory();
  // One command object, refilled for each order: the bench holds no list of 1M commands.
  const order: NewOrder = {
    kind: CommandKind.NEW_ORDER,
    actor: 0,
    seriesId: 1,
    clientOrderId: 0,
    side: Side.BUY,
    orderType: OrderType.LIMIT,
    tif: gtd ? TimeInForce.GTD : TimeInForce.GTC,
    priceMicros: 0,
    qty: 0,
    expireAtMs: gtd ? GTD_EXPIRY_MS : 0,
    postOnly: false,
    stp: SelfTradePrevention.CANCEL_NEWEST,
  };
  const rand = prng(seed ^ 0x0de5);
  const t0 = performance.now();
  for (let k = 0; k < ORDERS; k++) {
    const bid = (k & 1) === 0;
    const account = k >>> 1;
    order.actor = bid ? FIRST_CONSUMER + (account % CONSUMERS) : FIRST_PROVIDER + (account % PROVIDERS);
    order.clientOrderId = CLIENT_ID_BASE + k;
    order.side = bid ? Side.BUY : Side.SELL;
    order.priceMicros = (bid ? 4_000 + Math.floor(rand() * 800) : 5_201 + Math.floor(rand() * 800)) * TICK_MICROS;
    order.qty = 1 + Math.floor(rand() * 100);
    engine.submitInto(order, out);
    for (const e of out) {
      if (e.type === EventType.ORDER_REJECTED || e.type === EventType.COMMAND_REJECTED) throw new Error(`order ${k} rejected: ${rejectReasonName(e.reason)}`);
      if (e.type === EventType.FILL) throw new Error(`order ${k} traded: every order should rest`);
    }
    out.length = 0;
  }
  const restPerSec = (ORDERS / (performance.now() - t0)) * 1000;
  const after = settledMemory();
  const resting = engine.engine.orders.size - restingBefore;
  if (resting !== ORDERS) throw new Error(`${resting} orders rest, expected ${ORDERS}`);
  return { bytesPerOrder: (after.heap + after.buffers - before.heap - before.buffers) / ORDERS, restPerSec, engine };
}

async function main(): Promise<void> {
  console.log(`resting orders=${fmt(ORDERS)} runs=${RUNS}; node ${process.version}; load average at start ${loadavg()}; ${new Date().toISOString()}`);
  const perOrder: number[] = [];
  const rates: number[] = [];
  const perOrderById: number[] = [];
  const perOrderGtd: number[] = [];
  let last: RunResult | undefined;
  for (let r = 0; r < RUNS; r++) {
    last = undefined; // the previous run's engine is garbage before this one measures
    last = run(42 + r, false);
    perOrderById.push(last.bytesPerOrder);
    last = undefined;
    last = run(42 + r, true, true);
    perOrderGtd.push(last.bytesPerOrder);
    last = undefined;
    last = run(42 + r, true);
    perOrder.push(last.bytesPerOrder);
    rates.push(last.restPerSec);
    console.log(`run ${r + 1}: ${bytes(last.bytesPerOrder)} per resting order; rested at ${fmt(last.restPerSec)} orders/s; ${bytes(perOrderById[r]!)} with no account looking up by client id; ${bytes(perOrderGtd[r]!)} with every order GTD`);
  }
  console.log(`\nbytes per resting order at ${fmt(ORDERS)}: ${stat(perOrder, bytes)} (targets: ≤ 200 B, issue 21; ≤ 175 B, issue 58); resting ${stat(rates)} orders/s`);
  console.log(`with no account looking an order up by client id (no client-id index): ${stat(perOrderById, bytes)}`);
  console.log(`with every order GTD (each in the expiry queue too): ${stat(perOrderGtd, bytes)}`);
  reportFigure(`bytes per resting order at ${fmt(ORDERS)}`, 'bytes', perOrder, 'lower');
  reportFigure(`bytes per resting order at ${fmt(ORDERS)}, no client-id look-ups`, 'bytes', perOrderById, 'lower');
  reportFigure(`bytes per resting order at ${fmt(ORDERS)}, every order GTD`, 'bytes', perOrderGtd, 'lower');
  reportFigure(`resting ${fmt(ORDERS)} orders`, 'orders/s', rates, 'higher');
  if (values.breakdown && last !== undefined) {
    console.log(`\nheap snapshot with the last run's engine alive (the whole process), self size by constructor, top 12 (B/order: ÷ ${fmt(ORDERS)}):`);
    await printHeapByConstructor(12, ORDERS);
  }
  if (last !== undefined && median(perOrder) < 0) throw new Error('unreachable: keeps the last engine alive through the snapshot');
  console.log(`load average at the end ${loadavg()}`);
}

await main();
