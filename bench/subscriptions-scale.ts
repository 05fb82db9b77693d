/**
 * Subscriptions at the engine's limit (100,000 live): what the runner's question and
 * RUN_SUBSCRIPTIONS cost the engine's thread (issue 58).
 *
 *   npm run bench:subscriptions [-- --engine DIR] [--subscriptions 100000] [--contracts 10]
 *
 * The runner asks `anyDue` every second (src/subscriptions/runner.ts) on the engine's thread,
 * and submits RUN_SUBSCRIPTIONS while it says yes. 1,563 consumers hold 64 subscriptions each
 * (the per-account limit) over `--contracts` contracts, each to the next window (ON_OPEN, not the
 * current one). Timed, each the median of its repeats:
 *  1. nothing due (the next window not open): `anyDue`, and a RUN_SUBSCRIPTIONS of 1,000 actions;
 *  2. the next windows opened half a window ago with no ask: every subscription skips the window
 *     NO_ASK, RUN_SUBSCRIPTIONS of 1,000 actions after another until none is due; each run's time.
 * `--engine DIR` loads another checkout's src/engine (the code before a change), so the same
 * script measures both sides.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type * as EngineApi from '../src/engine/index.js';
import { fmt, loadavg, median } from './support/figures.js';

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: '.' },
    subscriptions: { type: 'string', default: '100000' },
    contracts: { type: 'string', default: '10' },
  },
});
const api = (await import(pathToFileURL(path.resolve(values.engine, 'src/engine/index.ts')).href)) as typeof EngineApi;
const { CommandKind, EmbeddedEngine, EventType, Role, SeriesKind, SubscriptionDelivery, SubscriptionTrigger, SYSTEM_ACTOR } = api;

const SUBSCRIPTIONS = Number(values.subscriptions);
const CONTRACTS = Number(values.contracts);
const PER_ACCOUNT = 64;
const DAY_MS = 86_400_000;
const WINDOW_MS = 7 * DAY_MS;
const T0 = Date.UTC(2026, 10, 16);
const PAT_WEI = 10n ** 18n;

const ee = new EmbeddedEngine({}, T0 + 3_600_000);
function submit(cmd: EngineApi.Command, timeMs?: number): EngineApi.EngineEvent[] {
  const events = ee.submit(cmd, timeMs);
  const refused = events.find((e) => e.type === EventType.COMMAND_REJECTED || e.type === EventType.ORDER_REJECTED);
  if (refused !== undefined) throw new Error(`refused: ${JSON.stringify(cmd, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))} → ${JSON.stringify(refused)}`);
  return events;
}

function openAccount(role: EngineApi.Role): number {
  const opened = submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role, address: '' }).find((e) => e.type === EventType.ACCOUNT_OPENED);
  return (opened as { accountId: number }).accountId;
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

const setupStart = performance.now();
submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: 3 });
openAccount(Role.OPERATOR);
openAccount(Role.BROKER);
const contracts = Array.from({ length: CONTRACTS }, (_, k) => `BENCH${k}|7D|0.70-0.85`);
for (const contract of contracts) {
  for (const openAtMs of [T0, T0 + WINDOW_MS]) {
    submit({
      kind: CommandKind.LIST_SERIES, actor: SYSTEM_ACTOR, contract, seriesKind: SeriesKind.SPOT, openAtMs, closeAtMs: openAtMs + WINDOW_MS,
      tickMicros: 1_000, lotSize: 1, minPriceMicros: 1_000, maxPriceMicros: 10_000_000, maxOrderQty: 100_000, bandBps: 500,
    });
  }
}
let made = 0;
while (made < SUBSCRIPTIONS) {
  const consumer = openAccount(Role.CONSUMER);
  submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: consumer, amountWei: 10n * PAT_WEI, ref: `bench:${consumer}` });
  for (let i = 0; i < PER_ACCOUNT && made < SUBSCRIPTIONS; i++, made++) {
    submit({
      kind: CommandKind.SUBSCRIBE, actor: consumer, contract: contracts[made % CONTRACTS]!, qtyPerWindow: 1, capPriceMicros: 800_000, budgetMicros: 5_000_000,
      trigger: SubscriptionTrigger.ON_OPEN, autoExercise: true, maxSkips: 3, includeCurrent: false, delivery: SubscriptionDelivery.PULL, webhookUrl: '', pushAuthorisation: '',
    });
  }
}
console.log(`node ${process.version}, load average at start ${loadavg()}; engine ${path.resolve(values.engine)}`);
console.log(`${fmt(ee.engine.subscriptions.live.size)} live subscriptions over ${CONTRACTS} contracts, set up in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`);

const subs = ee.engine.subscriptions;
const now = ee.nowMs;
const asks = Array.from({ length: 31 }, () => time(() => subs.anyDue(now)));
if (subs.anyDue(now)) throw new Error('something is due before the next window opens');
const idleRuns = Array.from({ length: 11 }, () => time(() => submit({ kind: CommandKind.RUN_SUBSCRIPTIONS, actor: SYSTEM_ACTOR, maxActions: 1_000 })));
console.log(`1. nothing due: anyDue ${median(asks).toFixed(3)} ms (${Math.min(...asks).toFixed(3)}–${Math.max(...asks).toFixed(3)}, 31 asks); RUN_SUBSCRIPTIONS ${median(idleRuns).toFixed(3)} ms (${Math.min(...idleRuns).toFixed(3)}–${Math.max(...idleRuns).toFixed(3)}, 11 runs)`);

// Half a window after the next windows opened, with no ask: every subscription skips.
const due = T0 + WINDOW_MS + WINDOW_MS / 2;
const runs: number[] = [];
let skipped = 0;
let asked = 0;
while (subs.anyDue(due)) {
  asked++;
  let events: EngineApi.EngineEvent[] = [];
  runs.push(time(() => (events = submit({ kind: CommandKind.RUN_SUBSCRIPTIONS, actor: SYSTEM_ACTOR, maxActions: 1_000 }, due))));
  skipped += events.filter((e) => e.type === EventType.SUBSCRIPTION_SKIPPED).length;
}
console.log(`2. every subscription due: ${runs.length} runs of 1,000 actions skipped ${fmt(skipped)} windows NO_ASK; a run ${median(runs).toFixed(2)} ms (${Math.min(...runs).toFixed(2)}–${Math.max(...runs).toFixed(2)}), all ${runs.reduce((a, b) => a + b, 0).toFixed(0)} ms (${asked} anyDue asks between)`);
console.log(`load average at the end ${loadavg()}`);
