/**
 * What a cache miss costs on this machine (issue 21): the time of one dependent load from a
 * working set of S MiB, for several S. The many-series gap is first touches of memory that
 * is no longer in cache, one after another (the series, its book, the level, the order, the
 * position), so this is the yardstick for how small the engine's state over 1,000 series
 * must be for those touches to stay cheap. Prints figures; bench/RESULTS.md records them.
 *
 *   npm run bench:latency -- [--runs 5] [--sizes 1,4,8,16,32,64,128] [--loads 4000000] [--seed 42]
 *
 * Each size: an Int32Array with one slot in use per 64-byte cache line, the used slots
 * linked into a single random cycle (seeded), walked `loads` times, each load's address the
 * previous load's value, so no two loads overlap (a pointer chase, as an order's chain of
 * objects is). ns per load, median and range over `runs` walks, each on a fresh array.
 */
import { parseArgs } from 'node:util';
import { loadavg, reportFigure, stat } from './support/figures.js';
import { prng } from './workload.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    sizes: { type: 'string', default: '1,4,8,16,32,64,128' },
    loads: { type: 'string', default: '4000000' },
    seed: { type: 'string', default: '42' },
  },
});
const runs = Number(values.runs);
const sizesMiB = values.sizes.split(',').map(Number);
const loads = Number(values.loads);
const seed = Number(values.seed);
const SLOTS_PER_LINE = 16; // 64-byte lines of 4-byte slots

/** A single random cycle through one slot of every line of `mib` MiB. */
function chain(mib: number, random: () => number): Int32Array {
  const lines = Math.floor((mib * 2 ** 20) / 64);
  const order = new Int32Array(lines);
  for (let i = 0; i < lines; i++) order[i] = i;
  for (let i = lines - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const slots = new Int32Array(lines * SLOTS_PER_LINE);
  for (let i = 0; i < lines; i++) slots[order[i]! * SLOTS_PER_LINE] = order[(i + 1) % lines]! * SLOTS_PER_LINE;
  return slots;
}

/** ns per dependent load over `count` loads (after one untimed pass over a tenth as many). */
function walk(slots: Int32Array, count: number): { ns: number; end: number } {
  let at = 0;
  for (let i = 0; i < count / 10; i++) at = slots[at]!;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < count; i++) at = slots[at]!;
  const ns = Number(process.hrtime.bigint() - t0) / count;
  return { ns, end: at };
}

console.log(`node ${process.version}, load average at start ${loadavg()}; runs=${runs} loads=${loads} seed=${seed}`);
let sink = 0; // the walk's end, used, so the loop is not dropped
for (const mib of sizesMiB) {
  const ns: number[] = [];
  for (let r = 0; r < runs; r++) {
    const w = walk(chain(mib, prng(seed + r)), loads);
    ns.push(w.ns);
    sink ^= w.end;
  }
  console.log(`${String(mib).padStart(4)} MiB: ${stat(ns, (n) => `${n.toFixed(1)} ns`)} per dependent load`);
  reportFigure(`dependent load, ${mib} MiB working set`, 'ns', ns, 'lower');
}
if (sink === -1) console.log(sink);
