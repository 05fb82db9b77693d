/**
 * Marking and margining synthetic positions after an index move (issue 22). Prints
 * figures; bench/RESULTS.md ("Synthetics: marking") records them.
 *
 *   npm run bench:marking -- [--positions 100000] [--runs 5] [--liquidate-share 0.1] [--profile]
 *
 * Target: marking and margining 100,000 open positions after an index move takes under
 * 50 ms.
 *
 * The state, built through EmbeddedEngine by ordinary commands (untimed): phase 3, one
 * spot window and a SYNTHETIC on it; N institutions, each long 1–10 units bought at 1 PAT
 * from the broker's resting sell (so N + 1 positions); the spot series' reference price
 * 1 PAT, no broker quotes, so the index takes its REFERENCE_PRICE rung (computing it is
 * the same few samples either way). The move: the reference price falls to 0.85 PAT.
 * Every long then carries a 15% loss against 20% initial margin: equity 5% of its value,
 * under the 10% maintenance, so each position is margined: institutions with free PAT
 * (all but `--liquidate-share` of them) are topped up back to initial margin, the others
 * are liquidated to the broker (their resting orders cancelled first: they have none).
 * Timed: the one MARK_SYNTHETICS command's `apply`, events included, on a fresh state per
 * run after a full GC, once the marking code has run (untimed) on three small states. Checked: the number of liquidations and that PAT is conserved.
 */
import { parseArgs } from 'node:util';
import { CommandKind, EmbeddedEngine, EventType, OrderType, Role, SelfTradePrevention, SeriesKind, Side, SYSTEM_ACTOR, TimeInForce, type Command, type EngineEvent } from '../src/engine/index.js';
import { loadavg, median, printTopSelf, profiled, reportFigure } from './support/figures.js';

const { values } = parseArgs({
  options: {
    positions: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '5' },
    'liquidate-share': { type: 'string', default: '0.1' },
    profile: { type: 'boolean', default: false },
  },
});
const N = Number(values.positions);
const RUNS = Number(values.runs);
const LIQUIDATE_SHARE = Number(values['liquidate-share']);

const PAT = 1_000_000;
const OPEN_MS = Date.UTC(2026, 11, 7);
const CONTRACT = 'AUTO_INTENT|7D|0.70-0.85';
const CLOSE_MS = OPEN_MS + 7 * 86_400_000;
const START_MS = OPEN_MS + 3_600_000;
const BROKER = 1;
const SPOT = 1;
const SYNTH = 2;

function listing(seriesKind: SeriesKind): Command {
  return {
    kind: CommandKind.LIST_SERIES, actor: SYSTEM_ACTOR, contract: CONTRACT, seriesKind, openAtMs: OPEN_MS, closeAtMs: CLOSE_MS,
    tickMicros: 1_000, lotSize: 1, minPriceMicros: 1_000, maxPriceMicros: 10 * PAT, maxOrderQty: 1_000_000, bandBps: 500,
  };
}

function order(actor: number, side: Side, priceMicros: number, qty: number, tif: TimeInForce): Command {
  return {
    kind: CommandKind.NEW_ORDER, actor, seriesId: SYNTH, clientOrderId: 0, side, orderType: OrderType.LIMIT, tif, priceMicros, qty,
    expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST,
  };
}

function must(ee: EmbeddedEngine, cmd: Command, timeMs = START_MS): EngineEvent[] {
  const ev = ee.submit(cmd, timeMs);
  const refused = ev.find((e) => e.type === EventType.COMMAND_REJECTED || e.type === EventType.ORDER_REJECTED);
  if (refused !== undefined) throw new Error(`setup refused: ${JSON.stringify(refused)} for command kind ${cmd.kind}`);
  return ev;
}

/** n institutions long against the broker; returns the engine and the units held long. */
function build(n = N): { ee: EmbeddedEngine; longQty: number } {
  const ee = new EmbeddedEngine({ maxAccounts: n + 10 }, START_MS);
  must(ee, { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.BROKER, address: '' });
  must(ee, { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: BROKER, amountWei: 10n ** 24n, ref: 'broker' });
  must(ee, listing(SeriesKind.SPOT));
  must(ee, { kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 3 });
  must(ee, listing(SeriesKind.SYNTHETIC));
  must(ee, { kind: CommandKind.SET_REFERENCE_PRICE, actor: SYSTEM_ACTOR, seriesId: SPOT, priceMicros: PAT });
  must(ee, order(BROKER, Side.SELL, PAT, 10 * n, TimeInForce.GTC));
  let longQty = 0;
  for (let i = 0; i < n; i++) {
    const id = BROKER + 1 + i;
    const qty = 1 + (i % 10);
    longQty += qty;
    // Initial margin is 20% of qty PAT; the ones to liquidate get exactly that, the others 1 PAT more than they need.
    const micros = qty * 200_000 + ((i / n) < LIQUIDATE_SHARE ? 0 : PAT);
    must(ee, { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: '' });
    must(ee, { kind: CommandKind.SET_INSTITUTION, actor: SYSTEM_ACTOR, accountId: id, qualified: true });
    must(ee, { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: id, amountWei: BigInt(micros) * 10n ** 12n, ref: `d${id}` });
    must(ee, order(id, Side.BUY, PAT, qty, TimeInForce.IOC));
  }
  must(ee, { kind: CommandKind.SET_REFERENCE_PRICE, actor: SYSTEM_ACTOR, seriesId: SPOT, priceMicros: 850_000 });
  return { ee, longQty };
}

function totalMicros(ee: EmbeddedEngine): number {
  let sum = 0;
  for (const a of ee.engine.accounts) if (a !== undefined) sum += a.availableMicros + a.heldMicros + a.lockedMicros;
  return sum;
}

/** --profile: one more mark under the V8 sampling profiler, its top functions by self time. */
async function profile(): Promise<void> {
  const { ee } = build();
  const p = await profiled(() => {
    for (let i = 0; i < 1; i++) ee.submit({ kind: CommandKind.MARK_SYNTHETICS, actor: SYSTEM_ACTOR, seriesId: 0 }, START_MS + 3_600_000);
  });
  printTopSelf(p, 12);
}

function main(): void {
  // Warm-up (untimed): the marking code compiled on a small state, as in a service that has marked before.
  for (let i = 0; i < 3; i++) build(2_000).ee.submit({ kind: CommandKind.MARK_SYNTHETICS, actor: SYSTEM_ACTOR, seriesId: 0 }, START_MS + 3_600_000);
  console.log(`${new Date().toISOString()}; node ${process.version}; load average at start ${loadavg()}; positions ${N}, runs ${RUNS}, liquidate share ${LIQUIDATE_SHARE}`);
  const times: number[] = [];
  const setups: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    const { ee } = build();
    setups.push(performance.now() - t0);
    const before = totalMicros(ee);
    globalThis.gc?.();
    const markAtMs = START_MS + 3_600_000;
    const start = performance.now();
    const ev = ee.submit({ kind: CommandKind.MARK_SYNTHETICS, actor: SYSTEM_ACTOR, seriesId: 0 }, markAtMs);
    const elapsed = performance.now() - start;
    times.push(elapsed);
    const marked = ev.find((e) => e.type === EventType.SYNTHETIC_MARKED);
    const liquidations = ev.filter((e) => e.type === EventType.SYNTHETIC_LIQUIDATED).length;
    if (marked === undefined || marked.markMicros !== 850_000) throw new Error(`unexpected mark: ${JSON.stringify(marked)}`);
    if (liquidations !== Math.ceil(N * LIQUIDATE_SHARE)) throw new Error(`${liquidations} liquidations, expected ${Math.ceil(N * LIQUIDATE_SHARE)}`);
    if (totalMicros(ee) !== before) throw new Error('PAT not conserved by the mark');
    console.log(`run ${run + 1}: setup ${(setups[run]! / 1000).toFixed(1)} s; MARK_SYNTHETICS over ${marked.holders} holders: ${elapsed.toFixed(1)} ms, ${liquidations} liquidated, ${ev.length} events`);
  }
  reportFigure(`marking and margining ${N} synthetic positions after a 15% index move`, 'ms', times, 'lower');
  console.log(`median ${median(times).toFixed(1)} ms (range ${Math.min(...times).toFixed(1)}–${Math.max(...times).toFixed(1)}); target < 50 ms`);
}

main();
if (values.profile) await profile();
