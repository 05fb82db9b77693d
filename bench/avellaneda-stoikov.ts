/**
 * Reproduces the market-making simulation of Avellaneda & Stoikov (2008),
 * "High-frequency trading in a limit order book", section 3.3, through PATX's
 * production quoting path: `computeQuote` (src/quoting/quote.ts), with the
 * parameters set so that its model is the paper's:
 *
 *   - no widening (base, volatility and thin parts 0), no caps (10,000 bps),
 *     no expiry rule, no cost floor, the whole markup (markupShare 1), inventory
 *     measured from zero (inventoryTargetHours 0), one level of one right, tick 1 µPAT;
 *   - γ and k are per unit of the reference price in PATX, so each step sets
 *     gamma = γ·s and k = k·s (the paper's γ and k are per dollar);
 *   - σ relative per √hour = σ / s / √(hours per model unit), one model unit = T.
 *
 *   npm run bench:as [-- --paths 1000 --seed 7] [--move-first]
 *
 * s0 = 100, T = 1, σ = 2, dt = 0.005 (200 steps), q0 = 0, k = 1.5, A = 140.
 * Each step: the strategy quotes bid/ask; each side fills one unit with
 * probability A·e^(−kδ)·dt, δ its distance from the mid; then the mid moves
 * ±σ√dt with probability 1/2 (with --move-first the mid moves first and δ is
 * measured from the moved mid: the fills then carry a little adverse selection). The paper's two strategies:
 *
 *   - inventory: quotes around the reservation price r = s − qγσ²(T−t) with
 *     total spread γσ²(T−t) + (2/γ)ln(1 + γ/k): computeQuote with q and σ;
 *   - symmetric: quotes around the mid with the constant spread term only,
 *     (2/γ)ln(1 + γ/k): computeQuote with q = 0 and σ = 0.
 *
 * Profit = cash + q·s_T. Seeded PRNG (mulberry32): both strategies see the same
 * price paths and fill draws, and every run prints the same table.
 */
import { parseArgs } from 'node:util';
import { computeQuote, DEFAULT_QUOTING_PARAMS, type QuotingParams, type ReferencePrice } from '../src/quoting/index.js';
import { prng } from './workload.js';
import { reportFigure } from './support/figures.js';

const { values } = parseArgs({ options: { paths: { type: 'string', default: '1000' }, seed: { type: 'string', default: '7' }, 'move-first': { type: 'boolean', default: false } } });
/** The paper does not say whether a step's fills are drawn before or after its price move; --move-first draws them against the moved mid. */
const MOVE_FIRST = values['move-first'];
const PATHS = Number(values.paths);
const SEED = Number(values.seed);

const S0 = 100;
const T = 1;
const SIGMA = 2;
const DT = 0.005;
const STEPS = Math.round(T / DT);
const K = 1.5;
const A = 140;
/** One model time unit = T; any length works, a day reads naturally. */
const UNIT_MS = 86_400_000;
const UNIT_HOURS = UNIT_MS / 3_600_000;
const START_MS = Date.UTC(2026, 0, 1);

/** The paper's model, nothing of PATX's own rules on top. */
const PAPER: QuotingParams = {
  ...DEFAULT_QUOTING_PARAMS,
  baseHalfSpreadBps: 0,
  volMultiplier: 0,
  thinHalfSpreadBps: 0,
  maxSkewBps: 10_000,
  maxHalfSpreadBps: 10_000,
  expiryRule: 0,
  costFloor: 0,
  markupShare: 1,
  kMin: 0,
  inventoryTargetHours: 0,
  modelTimeUnitMs: UNIT_MS,
  inventoryUnit: 1,
  levels: 1,
  levelQty: 1,
};
const TERMS = { tickMicros: 1, minPriceMicros: 1, maxPriceMicros: 1e12, lotSize: 1, maxLevelQty: 1 };

/** A reference price of exactly s (the paper's mid), as pricing.ts would hand it over. */
function referenceAt(sMicros: number): ReferencePrice {
  return { exactMicros: sMicros, priceMicros: sMicros, modelMicros: sMicros, segmentValueMicros: sMicros, freshness: 1, contract: 1, flow: 1, seats: 1, anchorMicros: 0, anchorWeight: 0 };
}

export interface Stats {
  meanSpread: number;
  profit: number[];
  finalQ: number[];
}

/** One strategy over all paths; the same seed gives both strategies the same price paths and fill draws. */
export function simulate(gamma: number, inventoryAware: boolean, paths: number, seed: number): Stats {
  const rand = prng(seed);
  const profit: number[] = [];
  const finalQ: number[] = [];
  let spreadSum = 0;
  let spreadCount = 0;
  const sqrtDt = Math.sqrt(DT);
  for (let p = 0; p < paths; p++) {
    let s = S0;
    let q = 0;
    let cash = 0;
    for (let i = 0; i < STEPS; i++) {
      const now = START_MS + Math.round(i * DT * UNIT_MS);
      const sMicros = Math.round(s * 1e6);
      const params: QuotingParams = { ...PAPER, gamma: gamma * s, k: K * s };
      const quote = computeQuote(
        params,
        referenceAt(sMicros),
        {
          openAtMs: START_MS,
          closeAtMs: START_MS + T * UNIT_MS,
          sigmaRelPerSqrtHour: inventoryAware ? SIGMA / s / Math.sqrt(UNIT_HOURS) : 0,
          tradesPerHour: 0,
          k: K * s,
          arrivalAPerHour: 0,
          inventoryUnit: 1,
          saleRatePerHour: 0,
        },
        TERMS,
        { ownedRights: inventoryAware ? q : 0, sellableRights: 1, spendableMicros: 1e15, longHeadroom: 1, avgCostMicros: 0 },
        now,
      );
      const bid = quote.bids.priceMicros[0]! / 1e6;
      const ask = quote.asks.priceMicros[0]! / 1e6;
      spreadSum += ask - bid;
      spreadCount++;
      const move = rand() < 0.5 ? SIGMA * sqrtDt : -SIGMA * sqrtDt;
      const mid = MOVE_FIRST ? s + move : s;
      const uBid = rand();
      const uAsk = rand();
      if (uBid < A * Math.exp(-K * (mid - bid)) * DT) {
        q += 1;
        cash -= bid;
      }
      if (uAsk < A * Math.exp(-K * (ask - mid)) * DT) {
        q -= 1;
        cash += ask;
      }
      s += move;
    }
    profit.push(cash + q * s);
    finalQ.push(q);
  }
  return { meanSpread: spreadSum / spreadCount, profit, finalQ };
}

/** Mean and standard deviation with their standard errors (σ/√n and σ/√(2(n−1))). */
function moments(xs: number[]): { mean: number; std: number; seMean: number; seStd: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) * (b - mean), 0) / (n - 1));
  return { mean, std, seMean: std / Math.sqrt(n), seStd: std / Math.sqrt(2 * (n - 1)) };
}

/** The paper's Tables 1–3 (spread, profit, std(profit), final q, std(final q)), as recalled: not re-checked against the PDF here. */
const PAPER_TABLE: Record<string, Record<'inventory' | 'symmetric', [number, number, number, number, number]>> = {
  '0.1': { inventory: [1.29, 62.94, 5.89, 0.1, 2.8], symmetric: [1.29, 67.21, 13.43, -0.018, 8.66] },
  '0.01': { inventory: [1.33, 66.78, 8.76, -0.02, 4.7], symmetric: [1.33, 67.36, 13.4, -0.31, 8.65] },
  '0.5': { inventory: [1.15, 33.92, 4.72, -0.02, 1.88], symmetric: [1.15, 66.2, 14.53, 0.25, 9.06] },
};

/** A cell: ours ± its standard error, the paper's value, and whether they agree within 2 standard errors. */
function cell(ours: number, se: number, paper: number, tally: { agree: number; total: number; disagree: string[] }, name: string): string {
  const agree = Math.abs(ours - paper) <= 2 * se;
  tally.total++;
  if (agree) tally.agree++;
  else tally.disagree.push(`${name}: ${ours.toFixed(2)} ± ${se.toFixed(2)} vs ${paper}`);
  return `${ours.toFixed(2)} ± ${se.toFixed(2)} (${paper}) ${agree ? '✓' : '✗'}`;
}

function main(): void {
  const t0 = performance.now();
  console.log(`Avellaneda–Stoikov §3.3 through computeQuote: ${PATHS} paths, seed ${SEED}, s=${S0} T=${T} σ=${SIGMA} dt=${DT} k=${K} A=${A}, ${MOVE_FIRST ? 'mid moves before the fills' : 'fills before the mid moves'}`);
  console.log('Each cell: ours ± standard error (the paper) ✓ within 2 standard errors / ✗ not.');
  console.log('| γ | strategy | mean spread | mean profit | std(profit) | mean final q | std(final q) |');
  console.log('|---|---|---|---|---|---|---|');
  const tally = { agree: 0, total: 0, disagree: [] as string[] };
  for (const gamma of [0.1, 0.01, 0.5]) {
    for (const strategy of ['inventory', 'symmetric'] as const) {
      const x = simulate(gamma, strategy === 'inventory', PATHS, SEED);
      const paper = PAPER_TABLE[String(gamma)]![strategy];
      const pr = moments(x.profit);
      const q = moments(x.finalQ);
      const name = `γ=${gamma} ${strategy}`;
      console.log(
        `| ${gamma} | ${strategy} | ${x.meanSpread.toFixed(3)} (${paper[0]}) | ${cell(pr.mean, pr.seMean, paper[1], tally, `${name} profit`)} | ${cell(pr.std, pr.seStd, paper[2], tally, `${name} std(profit)`)} | ${cell(q.mean, q.seMean, paper[3], tally, `${name} final q`)} | ${cell(q.std, q.seStd, paper[4], tally, `${name} std(q)`)} |`,
      );
    }
  }
  console.log(`\n${tally.agree} of ${tally.total} cells agree with the paper within 2 standard errors.`);
  reportFigure('cells agreeing with the paper within 2 standard errors', `of ${tally.total}`, [tally.agree], 'higher', 'exact');
  if (tally.disagree.length > 0) console.log(`Cells that do not agree:\n${tally.disagree.map((d) => `  - ${d}`).join('\n')}`);
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}

main();
