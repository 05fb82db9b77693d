/**
 * Reproduces the market-making simulation of Avellaneda & Stoikov (2008),
 * "High-frequency trading in a limit order book", section 3.3, through PATX's
 * own skew code (`avellanedaStoikov` in src/quoting/spread.ts).
 *
 *   npm run bench:as [-- --paths 1000 --seed 7]
 *
 * s0 = 100, T = 1, σ = 2, dt = 0.005 (200 steps), q0 = 0, k = 1.5, A = 140.
 * Each step: the strategy quotes bid/ask; each side fills (one unit) with
 * probability A·e^(−kδ)·dt, δ its distance from the mid; then the mid moves
 * ±σ√dt with probability 1/2. The inventory strategy quotes around the
 * reservation price r = s − qγσ²(T−t); the symmetric one quotes the same total
 * spread γσ²(T−t) + (2/γ)ln(1+γ/k) around the mid. Profit = cash + q·s_T.
 * Seeded PRNG (mulberry32), so every run prints the same table.
 */
import { parseArgs } from 'node:util';
import { avellanedaStoikov, D } from '../src/quoting/index.js';
import { prng } from './workload.js';

const { values } = parseArgs({ options: { paths: { type: 'string', default: '1000' }, seed: { type: 'string', default: '7' } } });
const PATHS = Number(values.paths);
const SEED = Number(values.seed);

const S0 = 100;
const T = 1;
const SIGMA = 2;
const DT = 0.005;
const STEPS = Math.round(T / DT);
const K = 1.5;
const A = 140;

export interface Stats {
  meanSpread: number;
  meanProfit: number;
  stdProfit: number;
  meanQ: number;
  stdQ: number;
}

function meanStd(xs: number[]): [number, number] {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) * (b - m), 0) / xs.length;
  return [m, Math.sqrt(v)];
}

/** One strategy over all paths; the same seed gives both strategies the same price paths and fill draws. */
export function simulate(gamma: number, inventoryAware: boolean, paths: number, seed: number): Stats {
  const rand = prng(seed);
  const profits: number[] = [];
  const finalQ: number[] = [];
  let spreadSum = 0;
  let spreadCount = 0;
  const sqrtDt = Math.sqrt(DT);
  for (let p = 0; p < paths; p++) {
    let s = S0;
    let q = 0;
    let cash = 0;
    for (let i = 0; i < STEPS; i++) {
      const tau = T - i * DT;
      const quote = avellanedaStoikov({ s: new D(s), q: inventoryAware ? q : 0, gamma, sigma: SIGMA, tau, k: K, arrivalA: A });
      const half = quote.spread.div(2);
      const bid = quote.reservation.minus(half).toNumber();
      const ask = quote.reservation.plus(half).toNumber();
      spreadSum += ask - bid;
      spreadCount++;
      const deltaBid = s - bid;
      const deltaAsk = ask - s;
      const uBid = rand();
      const uAsk = rand();
      if (uBid < A * Math.exp(-K * deltaBid) * DT) {
        q += 1;
        cash -= bid;
      }
      if (uAsk < A * Math.exp(-K * deltaAsk) * DT) {
        q -= 1;
        cash += ask;
      }
      s += rand() < 0.5 ? SIGMA * sqrtDt : -SIGMA * sqrtDt;
    }
    profits.push(cash + q * s);
    finalQ.push(q);
  }
  const [meanProfit, stdProfit] = meanStd(profits);
  const [meanQ, stdQ] = meanStd(finalQ);
  return { meanSpread: spreadSum / spreadCount, meanProfit, stdProfit, meanQ, stdQ };
}

function row(gamma: number, name: string, x: Stats): string {
  const f = (n: number, d = 2) => n.toFixed(d).padStart(8);
  return `| ${gamma.toString().padEnd(5)} | ${name.padEnd(9)} | ${f(x.meanSpread)} | ${f(x.meanProfit)} | ${f(x.stdProfit)} | ${f(x.meanQ)} | ${f(x.stdQ)} |`;
}

function main(): void {
  const t0 = performance.now();
  console.log(`Avellaneda–Stoikov §3.3 through PATX skew code: ${PATHS} paths, seed ${SEED}, s=${S0} T=${T} σ=${SIGMA} dt=${DT} k=${K} A=${A}`);
  console.log('| γ     | strategy  |   spread |   profit | std(pr.) | final q  | std(q)   |');
  console.log('|-------|-----------|----------|----------|----------|----------|----------|');
  for (const gamma of [0.01, 0.1, 0.5]) {
    console.log(row(gamma, 'inventory', simulate(gamma, true, PATHS, SEED)));
    console.log(row(gamma, 'symmetric', simulate(gamma, false, PATHS, SEED)));
  }
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}

main();
