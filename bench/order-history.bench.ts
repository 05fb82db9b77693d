/**
 * What the order history (src/gateway/order-history.ts) costs the engine's thread: released turns of real engine
 * events fed to it as the sequencer feeds its listeners, its flushes (LMDB, `noSync` as under `commit` durability)
 * and retention included, against the account fills model (src/gateway/account-fills.ts) on the same turns.
 *
 *   npm run bench:orders -- [--ops 200000] [--runs 5]
 *
 * Two mixes, each run through a real engine once and cut into turns of 20 commands (the wire bench's median turn
 * holds 11–14 orders):
 * - `engine`: bench/workload.ts's mixed workload (60% limit orders, a quarter crossing; 30% cancels of resting orders
 *   picked at random, so orders rest for a while; 10% market orders); half of the orders are the broker's.
 * - `wire`: bench/support/load.ts's mix, each of 50 consumers in turn: a resting bid, its cancel, a resting bid, its
 *   cancel, an IOC buy that takes the broker's ask; every order a client's, most open and close between flushes.
 * Each run opens fresh stores in a temporary directory; the figure is µs of the engine's thread per order the
 * model keeps (a non-broker order), the median over the runs (range), and the run's longest turn (a flush falls on
 * the turn that makes it: the tail a client sees). The order history's writes run on a thread of their own
 * (src/gateway/order-history-writer.ts): its engine-thread figures leave out the time the engine's thread waited
 * for that thread to make room (here turns come back to back, as in a replay at start; on the wire flushes come tens
 * of ms apart and it does not wait); `replayed until committed` is the whole run until every flush is committed,
 * waits included (the writer thread's pace).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CommandKind, EmbeddedEngine, EventType, Side, TimeInForce, OrderType, type Command, type EngineEvent } from '../src/engine/index.js';
import { AccountFills } from '../src/gateway/account-fills.js';
import { OrderHistory } from '../src/gateway/order-history.js';
import type { ReplayedTurn } from '../src/read-models/replay.js';
import { generateWorkload, order, WORKLOAD_START_MS } from './workload.js';
import { loadavg } from './support/figures.js';

const { values } = parseArgs({ options: { ops: { type: 'string', default: '200000' }, runs: { type: 'string', default: '5' } } });
const OPS = Number(values.ops);
const RUNS = Number(values.runs);
const TURN = 20;
const BROKER = 1;

/** The commands cut into turns, with the events a real engine made of them. */
function turnsOf(setup: readonly Command[], ops: readonly Command[]): { turns: ReplayedTurn[]; kept: number; fills: number } {
  const sim = new EmbeddedEngine({}, WORKLOAD_START_MS);
  const scratch: EngineEvent[] = [];
  for (const cmd of setup) sim.submitInto(cmd, scratch);
  const turns: ReplayedTurn[] = [];
  let kept = 0;
  let fills = 0;
  for (let i = 0; i < ops.length; i += TURN) {
    const commands = ops.slice(i, i + TURN);
    const firstSeq = sim.engine.lastSeq + 1;
    const events: EngineEvent[] = [];
    for (const cmd of commands) sim.submitInto(cmd, events, WORKLOAD_START_MS + i);
    for (const e of events) {
      if (e.type === EventType.ORDER_ACCEPTED && e.accountId !== BROKER) kept++;
      if (e.type === EventType.FILL) fills++;
    }
    turns.push({ firstSeq, lastSeq: firstSeq + commands.length - 1, timeMs: WORKLOAD_START_MS + i, commands, events });
  }
  return { turns, kept, fills };
}

/** bench/support/load.ts's mix for 50 consumers against the broker's ask (the broker restocked and requoted as it goes). */
function wireMix(count: number): { setup: Command[]; ops: Command[] } {
  const setup: Command[] = generateWorkload(0).setup;
  const ops: Command[] = [];
  const consumers = Array.from({ length: 50 }, (_, k) => 2 + k);
  let clientOrderId = 1_000_000;
  const lastResting = new Map<number, number>();
  for (let i = 0; ops.length < count; i++) {
    const actor = consumers[i % consumers.length]!;
    const phase = Math.floor(i / consumers.length) % 5;
    if (phase === 4) {
      if (i % consumers.length === 0) ops.push(order(BROKER, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 5_100_000, consumers.length, clientOrderId++));
      ops.push(order(actor, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 5_100_000, 1, clientOrderId++));
    } else if (phase % 2 === 0) {
      const id = clientOrderId++;
      lastResting.set(actor, id);
      ops.push(order(actor, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 4_000_000 - 1_000 * (i % 50), 1 + (i % 3), id));
    } else ops.push({ kind: CommandKind.CANCEL_ORDER, actor, orderId: 0, clientOrderId: lastResting.get(actor)! });
  }
  return { setup, ops };
}

type Model = { take(turn: ReplayedTurn): void; flush(): void; close(): Promise<void>; committed?: () => Promise<void>; waitedMs?: () => number };

/** The whole run's ms, and each turn's (a flush's cost falls on the turn that makes it: the tail a client sees). */
async function time(turns: readonly ReplayedTurn[], open: (dir: string) => Model | Promise<Model>): Promise<{ ms: number; turnMs: Float64Array; committedMs: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patx-orders-bench-'));
  try {
    const model = await open(dir);
    const turnMs = new Float64Array(turns.length);
    const t0 = performance.now();
    const waited = model.waitedMs ?? ((): number => 0);
    for (let i = 0; i < turns.length; i++) {
      const t = performance.now();
      const w = waited();
      model.take(turns[i]!);
      turnMs[i] = performance.now() - t - (waited() - w);
    }
    model.flush();
    const ms = performance.now() - t0 - waited();
    await model.committed?.();
    const committedMs = performance.now() - t0;
    await model.close();
    return { ms, turnMs, committedMs };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The order history with its writer thread started. */
const orderHistory = async (dir: string): Promise<Model> => {
  const h = OrderHistory.create(dir, () => BROKER, undefined, { noSync: true });
  await h.ready();
  return { take: (t) => h.model.take(t), flush: () => h.flush(), close: () => h.close(), committed: async () => void (await h.pageOf(0, { limit: 1 })), waitedMs: () => h.waitedForWriterMs };
};
const accountFills = (dir: string): Model => {
  const f = AccountFills.create(dir, () => false, () => BROKER, { noSync: true });
  // Its flush is private: a read writes what it gathered, as a GET would.
  return { take: (t) => f.model.take(t), flush: () => void f.fillsOf(0, 1), close: () => f.close() };
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  console.log(`order history bench: ${OPS} commands a mix, turns of ${TURN}, ${RUNS} runs; load ${loadavg()}`);
  const engineMix = generateWorkload(OPS);
  for (const [name, mix] of [['engine', engineMix], ['wire', wireMix(OPS)]] as const) {
    const { turns, kept, fills: traded } = turnsOf(mix.setup, mix.ops);
    const history: number[] = [];
    const fills: number[] = [];
    const replay: number[] = [];
    const historyWorst: number[] = [];
    const fillsWorst: number[] = [];
    for (let run = 0; run < RUNS + 1; run++) {
      // Alternated; the first round warms the code and is not counted.
      const h = await time(turns, orderHistory);
      const f = await time(turns, accountFills);
      if (run === 0) continue;
      history.push((h.ms * 1000) / kept);
      fills.push((f.ms * 1000) / kept);
      replay.push((h.committedMs * 1000) / kept);
      historyWorst.push(Math.max(...h.turnMs));
      fillsWorst.push(Math.max(...f.turnMs));
    }
    const fmt = (xs: number[], unit: string, digits: number): string => `${median(xs).toFixed(digits)} ${unit} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;
    console.log(`${name}: ${kept} client orders, ${traded} fills in ${turns.length} turns`);
    console.log(`  order history ${fmt(history, 'µs', 3)} a client order, its longest turn ${fmt(historyWorst, 'ms', 2)}`);
    console.log(`  account fills ${fmt(fills, 'µs', 3)} a client order, its longest turn ${fmt(fillsWorst, 'ms', 2)}`);
    console.log(`  order history replayed until committed (its writer thread's pace) ${fmt(replay, 'µs', 3)} a client order`);
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
