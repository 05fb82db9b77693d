/**
 * Quoting performance (issue 4). Prints figures; bench/RESULTS.md records them.
 *
 *   npm run bench:quoting [-- --series 1000 --ops 1000000 --runs 5]
 *
 * 1. Repricing: `computeQuote` (reference price, skew, widening, ladder, all
 *    with decimal.js) for N series with varied inputs; median wall time of
 *    runs for all N. Then one quoting-service turn over N listed series, which
 *    also reads the broker's state and builds/enqueues the mass quotes.
 * 2. Throughput cost: the engine benchmark's journaled workload (bench/workload.ts)
 *    through the Sequencer into LMDB, with N extra series listed, without the
 *    quoter and with it running on its timer (production defaults: 50 ms tick,
 *    every series requoted at least each second, event-driven requotes at most
 *    every 100 ms) on a real-time clock, in two variants: as configured (no
 *    turn while more than 1,000 commands wait) and never yielding to the queue;
 *    rotating order; commands/s from first enqueue to last ack. --runs rounds of the
 *    three variants.
 *
 * Each figure is printed as a median with its runs and handed to the collector
 * (bench/measure-all.ts) as a `FIGURE` line with every run's value: 15 rounds (after 5
 * warm-up rounds) for repricing and the service turn, --runs for the journaled figures
 * and the ratios derived from them (the slowdown per round against that round's run
 * without the quoter, the quoter's own share of each run).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CommandKind, Journal, recover, Sequencer, SeriesKind, SYSTEM_ACTOR, type Command } from '../src/engine/index.js';
import { computeQuote, DEFAULT_QUOTING_PARAMS, referencePrice, startQuoting, type PricingInputs, type QuoteMarket, type QuoteTerms } from '../src/quoting/index.js';
import { fmt, loadavg, machine, median, reportFigure } from './support/figures.js';
import { sequenceAll } from './support/sequence-all.js';
import { generateWorkload, prng, WORKLOAD_START_MS } from './workload.js';

const { values } = parseArgs({ options: { series: { type: 'string', default: '1000' }, ops: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '5' } } });
const SERIES = Number(values.series);
const OPS = Number(values.ops);
const RUNS = Number(values.runs);
const DAY_MS = 86_400_000;

function repricePure(): number[] {
  const rand = prng(11);
  const terms: QuoteTerms = { tickMicros: 1_000, minPriceMicros: 1_000, maxPriceMicros: 10_000_000, lotSize: 1, maxLevelQty: 100_000 };
  const series = Array.from({ length: SERIES }, (_, i) => ({
    inputs: {
      segment: `SEG_${i % 50}`,
      openAtMs: WORKLOAD_START_MS,
      closeAtMs: WORKLOAD_START_MS + 7 * DAY_MS,
      windowMs: 7 * DAY_MS,
      confidenceLoBps: 7_000,
      confidenceHiBps: 8_500,
      segmentValueMicros: 500_000 + rand() * 1_000_000,
      anchorMicros: rand() < 0.5 ? 0 : 500_000 + rand() * 1_000_000,
      anchorQty: rand() * 200,
      burnRate: rand() * 50,
      mintRate: rand() * 50,
      substituteInventory: rand() * 500,
    } satisfies PricingInputs,
    market: {
      openAtMs: WORKLOAD_START_MS,
      closeAtMs: WORKLOAD_START_MS + 7 * DAY_MS,
      sigmaRelPerSqrtHour: rand() * 0.02,
      tradesPerHour: rand() * 20,
      k: 20 + rand() * 40,
      arrivalAPerHour: rand() * 100,
      inventoryUnit: 1 + rand() * 5,
      saleRatePerHour: rand() * 50,
    } satisfies QuoteMarket,
  }));
  const broker = { ownedRights: 150, sellableRights: 150, spendableMicros: 1e12, longHeadroom: 500, avgCostMicros: 900_000 };
  const times: number[] = [];
  for (let r = 0; r < 20; r++) {
    const now = WORKLOAD_START_MS + DAY_MS + r * 60_000;
    const t0 = performance.now();
    for (const x of series) computeQuote(DEFAULT_QUOTING_PARAMS, referencePrice(DEFAULT_QUOTING_PARAMS, x.inputs, terms, now), x.market, terms, broker, now);
    times.push(performance.now() - t0);
  }
  return times.slice(5); // after warm-up
}

/** N extra series (10 segments × 4 bands × windows) for the broker to quote. */
function extraSeries(n: number): Command[] {
  const cmds: Command[] = [];
  const bands = ['0.50-0.60', '0.60-0.70', '0.70-0.85', '0.85-1.00'];
  for (let i = 0; i < n; i++) {
    const segment = `BENCH_${Math.floor(i / 4)}`;
    cmds.push({
      kind: CommandKind.LIST_SERIES, actor: SYSTEM_ACTOR, contract: `${segment}|7D|${bands[i % 4]}`, seriesKind: SeriesKind.SPOT,
      openAtMs: WORKLOAD_START_MS, closeAtMs: WORKLOAD_START_MS + 7 * DAY_MS, tickMicros: 1_000, lotSize: 1,
      minPriceMicros: 1_000, maxPriceMicros: 10_000_000, maxOrderQty: 100_000, bandBps: 500,
    });
  }
  return cmds;
}

async function serviceTurn(setup: readonly Command[]): Promise<number[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-qbench-'));
  try {
    const journal = Journal.open(dir, { durability: 'commit' });
    const { engine } = recover(journal);
    let now = WORKLOAD_START_MS + DAY_MS;
    const sequencer = new Sequencer(engine, journal, () => now, { snapshotEveryCommands: 0, snapshotEveryMs: 0 });
    for (const c of [...setup, ...extraSeries(SERIES)]) sequencer.enqueue(c);
    await sequencer.drain();
    const quoter = startQuoting({ engine, sequencer, clock: () => now, tickMs: 0, params: { maxQuotesPerTurn: 100_000 } });
    const times: number[] = [];
    for (let r = 0; r < 20; r++) {
      now += 3_600_000; // an hour later: freshness moved, every quote changes
      quoter.tick();
      times.push(quoter.stats.lastRepriceMs);
      await sequencer.drain();
    }
    quoter.stop();
    await sequencer.stop();
    await journal.close();
    return times.slice(5); // after warm-up, as for the pure repricing
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function journaled(all: readonly Command[], withQuoter: boolean, maxQueueDepth: number): Promise<{ rate: number; quotes: number; busyShare: number; eventsShare: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-qbench-'));
  try {
    const journal = Journal.open(dir, { durability: 'commit' });
    const { engine } = recover(journal);
    const t0 = performance.now();
    const clock = (): number => WORKLOAD_START_MS + DAY_MS + Math.floor(performance.now() - t0); // real time, as in production
    const sequencer = new Sequencer(engine, journal, clock, { snapshotEveryCommands: 0, snapshotEveryMs: 0, maxQueuedCommands: all.length + 1 });
    const setupCount = all.length - OPS;
    for (let i = 0; i < setupCount; i++) sequencer.enqueue(all[i]!);
    await sequencer.drain();
    const quoter = withQuoter ? startQuoting({ engine, sequencer, clock, maxQueueDepth }) : undefined;
    const start = performance.now();
    await sequenceAll(sequencer, all, setupCount);
    const ms = performance.now() - start;
    const quotes = quoter?.stats.quotesSent ?? 0;
    const busyShare = (quoter?.stats.busyMs ?? 0) / ms;
    const eventsShare = (quoter?.stats.eventsMs ?? 0) / ms;
    quoter?.stop();
    await sequencer.stop();
    await journal.close();
    return { rate: (OPS / ms) * 1000, quotes, busyShare, eventsShare };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const t0 = performance.now();
  console.log(`${new Date().toISOString()}; load average at start ${loadavg()}`);
  console.log(`node ${process.version}, ${machine()}, series=${SERIES}, ops=${OPS}, runs=${RUNS}`);
  const pure = repricePure();
  console.log(`computeQuote × ${SERIES}: median ${median(pure).toFixed(2)} ms (min ${Math.min(...pure).toFixed(2)}, max ${Math.max(...pure).toFixed(2)})`);
  reportFigure(`repricing ${SERIES} series`, 'ms', pure, 'lower');
  const { setup, ops } = generateWorkload(OPS, 42);
  const turns = await serviceTurn(setup);
  console.log(`quoting service turn over ${SERIES + 1} series (compute + broker state + enqueue): median ${median(turns).toFixed(2)} ms (max ${Math.max(...turns).toFixed(2)})`);
  reportFigure(`one quoting-service turn over ${SERIES + 1} series`, 'ms', turns, 'lower');
  const all = [...setup, ...extraSeries(SERIES), ...ops];
  const base: number[] = [];
  const quoted: number[] = [];
  const eager: number[] = [];
  let quotes = 0;
  let eagerQuotes = 0;
  const quotedBusy: number[] = [];
  const eagerBusy: number[] = [];
  const quotedEvents: number[] = [];
  const eagerEvents: number[] = [];
  // The order of the three variants rotates from round to round, so heap and GC state favour none.
  const variants = [
    async () => base.push((await journaled(all, false, 0)).rate),
    async () => {
      const q = await journaled(all, true, 1_000);
      quoted.push(q.rate);
      quotes = q.quotes;
      quotedBusy.push(q.busyShare);
      quotedEvents.push(q.eventsShare);
    },
    async () => {
      const e = await journaled(all, true, Infinity);
      eager.push(e.rate);
      eagerQuotes = e.quotes;
      eagerBusy.push(e.busyShare);
      eagerEvents.push(e.eventsShare);
    },
  ];
  for (let r = 0; r < RUNS; r++) for (let v = 0; v < variants.length; v++) await variants[(r + v) % variants.length]!();
  const b = median(base);
  console.log(`journaled workload, no quoter:            median ${fmt(b)} commands/s (runs ${base.map(fmt).join(', ')})`);
  console.log(`with quoter (yields when queue > 1000):   median ${fmt(median(quoted))} (${(100 * (1 - median(quoted) / b)).toFixed(1)}% slower; runs ${quoted.map(fmt).join(', ')}), ${quotes} mass quotes in the last run`);
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(`quoter's own time as a share of the run (median): ${pct(median(quotedBusy))} as configured, ${pct(median(eagerBusy))} never yielding`);
  // stats.eventsMs: the part spent on released events (the estimates); the rest is timer turns (repricing, mass quotes).
  console.log(`  of which handling events (median): ${pct(median(quotedEvents))} as configured, ${pct(median(eagerEvents))} never yielding; runs as configured ${quotedBusy.map(pct).join(', ')}`);
  console.log(`with quoter (never yields to the queue):  median ${fmt(median(eager))} (${(100 * (1 - median(eager) / b)).toFixed(1)}% slower; runs ${eager.map(fmt).join(', ')}), ${eagerQuotes} mass quotes in the last run`);
  // Per round: the slowdown against the same round's run without the quoter (the "% slower" above is of the medians).
  const slowdown = (xs: number[]): number[] => xs.map((x, r) => 100 * (1 - x / base[r]!));
  console.log(`slowdown per round: as configured ${slowdown(quoted).map((x) => `${x.toFixed(1)}%`).join(', ')}; never yielding ${slowdown(eager).map((x) => `${x.toFixed(1)}%`).join(', ')}`);
  reportFigure('journaled workload, no quoter', 'commands/s', base, 'higher');
  reportFigure('journaled workload, with the quoter as configured', 'commands/s', quoted, 'higher');
  reportFigure('journaled workload, with the quoter never yielding', 'commands/s', eager, 'higher');
  reportFigure('slowdown with the quoter as configured', '%', slowdown(quoted), 'lower');
  reportFigure('slowdown with the quoter never yielding', '%', slowdown(eager), 'lower');
  reportFigure("quoter's own time, as configured", '% of the run', quotedBusy.map((x) => 100 * x), 'lower');
  reportFigure("quoter's own time, never yielding", '% of the run', eagerBusy.map((x) => 100 * x), 'lower');
  console.log(`(${((performance.now() - t0) / 1000).toFixed(0)} s; load average at the end ${loadavg()})`);
}

await main();
