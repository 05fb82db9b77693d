/**
 * Catalog figures (issue 18). Prints them; bench/RESULTS.md records them.
 *
 *   npm run bench:catalog [-- --listings 100000 --queries 2000 --runs 5]
 *
 * Every figure is measured `--runs` times (5 by default) and printed per run and as a
 * median with its range; each goes to the collector as a FIGURE line (support/figures.ts)
 * with all runs' values. The listings are written to LMDB once; each run loads them into
 * a new Catalog, builds its index, and runs the same seeded searches.
 *
 * 1. Search: a catalog of N published listings (real LMDB, loaded at start), then
 *    a seeded mix of searches as /v1/listings serves them (text, segment, minimum
 *    trust, minimum quality metrics, licence use; sorted by trust, update time or
 *    title; a page of 50); the time of each, p50/p99/max, after the index is built
 *    (its build time is printed too: the first search after a change pays it).
 *    Then searches with changes pending in the index's overlay (listings changed since
 *    the build: a change never rebuilds the index; it is rebuilt past 2% of the listings).
 * 2. Quality: parse and measure a 10 MB CSV sample (about 180,000 rows × 6 columns),
 *    median of the runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Catalog, CatalogStore, schemaSchema, type CatalogDeps, type Listing, type ListingFilters } from '../src/catalog/index.js';
import { measureSample } from '../src/catalog/measure.js';
import { SearchIndex } from '../src/catalog/search-index.js';
import type { DiscoveryFacts } from '../src/catalog/discovery.js';

const UNRATED: DiscoveryFacts = { capacityRights: Number.NaN, riskBand: 'unrated', disclosure: 0.5, stability: Number.NaN };
import { Journal, recover, Sequencer } from '../src/engine/index.js';
import { prng } from './workload.js';
import { loadavg, median, ms, reportFigure, stat } from './support/figures.js';

const { values } = parseArgs({ options: { listings: { type: 'string', default: '100000' }, queries: { type: 'string', default: '2000' }, runs: { type: 'string', default: '5' } } });
const N = Number(values.listings);
const QUERIES = Number(values.queries);
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs must be a positive integer');
/** The listings' count as the figures' names carry it: `100,000 listings`. */
const LISTINGS = `${N.toLocaleString('en-US')} listings`;
const PENDING = [1, 100, 1_000, 2_000];
const NOW = Date.UTC(2026, 10, 22);
const SEGMENTS = Array.from({ length: 200 }, (_, i) => `SEG_${i}`);
const WORDS = ['auto', 'travel', 'home', 'intent', 'signals', 'hashed', 'eu', 'us', 'daily', 'weekly', 'retail', 'finance', 'health', 'fitness', 'media', 'gaming'];
const USES = ['analytics', 'model-training', 'advertising', 'personalization', 'research'] as const;

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

function listing(id: number, rand: () => number): Listing {
  const words = Array.from({ length: 6 }, () => WORDS[Math.floor(rand() * WORDS.length)]!).join(' ');
  const q = () => 0.6 + 0.4 * rand();
  return {
    id,
    segment: SEGMENTS[Math.floor(rand() * SEGMENTS.length)]!,
    providerAccountId: 1 + Math.floor(rand() * 5_000),
    providerAddress: '0x0000000000000000000000000000000000000001',
    status: 'published',
    createdAtMs: NOW - 30 * 86_400_000,
    updatedAtMs: NOW - Math.floor(rand() * 30 * 86_400_000),
    publishedVersion: 1,
    ratings: [],
    refreshes: [NOW - 30 * 86_400_000],
    versions: [
      {
        version: 1,
        createdAtMs: NOW - 30 * 86_400_000,
        title: `Listing ${id}: ${words}`,
        description: `${words} ${words}`,
        schema: schemaSchema.parse({ columns: [{ name: 'id', type: 'integer' }] }),
        provenance: { source: 's', collectionMethod: 'm', legalBasis: 'consent', personalData: false, sensitiveCategories: [] },
        licence: { permittedUses: USES.filter(() => rand() < 0.5).concat(['analytics']), retentionDays: 30, redistribution: false },
        cadence: 'daily',
        deliveryEndpoint: 'https://p.example/r',
        changeLog: '',
        sample: { sha256: '0'.repeat(64), format: 'csv', bytes: 100 },
        quality: { completeness: q(), validity: q(), uniqueness: q(), timeliness: q(), consistency: q(), accuracy: null, rows: 100, columns: 1 },
        lineage: { schemaSha256: '0'.repeat(64), sampleSha256: '0'.repeat(64), versionSha256: '0'.repeat(64) },
      },
    ],
  };
}

/** What one run of the search bench measured (ms). */
interface SearchRun {
  loadMs: number;
  indexMs: number;
  p50: number;
  p99: number;
  max: number;
  /** Per count of pending changes (PENDING), searches' p50 and p99 with them in the overlay. */
  overlay: Array<{ p50: number; p99: number }>;
  /** The median time of one change into the overlay. */
  changeMs: number;
}

/** One run over the listings already in `store`: load them, build the index, search; then searches with changes pending. */
function searchRun(store: CatalogStore, engine: CatalogDeps['engine'], sequencer: Sequencer, all: readonly Listing[]): SearchRun {
  let t0 = performance.now();
  const catalog = new Catalog({ store, engine, sequencer, clock: () => NOW });
  const loadMs = performance.now() - t0;
  t0 = performance.now();
  catalog.search({ limit: 1 });
  const indexMs = performance.now() - t0;
  // The same seeded queries in every run: runs differ only by the machine.
  const q = prng(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(q() * xs.length)]!;
  const times: number[] = [];
  const bySort = new Map<string, number[]>();
  let matched = 0;
  for (let i = 0; i < QUERIES; i++) {
    const f: ListingFilters = { sort: pick(['trust', 'updated', 'title'] as const), limit: 50, offset: Math.floor(q() * 3) * 50 };
    if (q() < 0.5) f.text = pick(WORDS);
    if (q() < 0.4) f.segment = pick(SEGMENTS);
    if (q() < 0.4) f.minTrust = 0.6 + 0.3 * q();
    if (q() < 0.3) f.minQuality = { completeness: 0.7 + 0.2 * q(), validity: 0.7 };
    if (q() < 0.3) f.permittedUse = pick(USES);
    const t = performance.now();
    matched += catalog.search(f).total;
    const dt = performance.now() - t;
    times.push(dt);
    const key = `${f.sort}${f.text !== undefined ? '+text' : ''}${f.segment !== undefined ? '+seg' : ''}`;
    bySort.set(key, [...(bySort.get(key) ?? []), dt]);
  }
  const p50 = percentile(times, 50);
  const p99 = percentile(times, 99);
  const max = Math.max(...times);
  console.log(`  p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, max ${max.toFixed(2)} ms; ${Math.round(matched / QUERIES)} matches per query on average; loading ${loadMs.toFixed(0)} ms, building the index ${indexMs.toFixed(0)} ms`);
  if (process.env.CATALOG_BENCH_DEBUG === '1') for (const [k, v] of bySort) console.log(`  ${k}: p50 ${percentile(v, 50).toFixed(2)} p99 ${percentile(v, 99).toFixed(2)}`);
  // Changes pending in the overlay: each changed listing is a new version (another title), then searches as above.
  const index = new SearchIndex(all, () => ({ trust: 0.8, facts: UNRATED }), NOW);
  const r2 = prng(9);
  let changed = 0;
  const overlay: SearchRun['overlay'] = [];
  const allChangeTimes: number[] = [];
  for (const pending of PENDING) {
    const changeTimes: number[] = [];
    for (; changed < pending; changed++) {
      const l = all[Math.floor(r2() * all.length)]!;
      const v = l.versions[0]!;
      const t = performance.now();
      index.change({ ...l, updatedAtMs: NOW, versions: [{ ...v, title: `${v.title} v2` }] });
      changeTimes.push(performance.now() - t);
    }
    allChangeTimes.push(...changeTimes);
    const overlayTimes: number[] = [];
    for (let i = 0; i < Math.min(QUERIES, 500); i++) {
      const f: ListingFilters = { sort: pick(['trust', 'updated', 'title'] as const), limit: 50 };
      if (q() < 0.5) f.text = pick(WORDS);
      if (q() < 0.4) f.minTrust = 0.6 + 0.3 * q();
      const t = performance.now();
      index.search(f);
      overlayTimes.push(performance.now() - t);
    }
    overlay.push({ p50: percentile(overlayTimes, 50), p99: percentile(overlayTimes, 99) });
    console.log(`    with ${index.changes.toLocaleString()} changed listings in the overlay: search p50 ${percentile(overlayTimes, 50).toFixed(2)} ms, p99 ${percentile(overlayTimes, 99).toFixed(2)} ms${changeTimes.length > 0 ? `; a change ${percentile(changeTimes, 50).toFixed(3)} ms` : ''}`);
  }
  return { loadMs, indexMs, p50, p99, max, overlay, changeMs: median(allChangeTimes) };
}

async function searchBench(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-catbench-'));
  try {
    const store = CatalogStore.open(dir);
    const rand = prng(18);
    const t0 = performance.now();
    const all: Listing[] = [];
    for (let id = 1; id <= N; id++) all.push(listing(id, rand));
    store.importListings(all);
    const fillMs = performance.now() - t0;
    const journal = Journal.open(dir, { durability: 'commit' });
    const { engine } = recover(journal);
    const sequencer = new Sequencer(engine, journal, () => NOW, { snapshotEveryCommands: 0, snapshotEveryMs: 0 });
    console.log(`search over ${N.toLocaleString()} published listings (${QUERIES} seeded queries, a page of 50; writing them to LMDB took ${(fillMs / 1000).toFixed(1)} s), ${RUNS} runs:`);
    const runs: SearchRun[] = [];
    for (let r = 0; r < RUNS; r++) {
      console.log(` run ${r + 1}:`);
      runs.push(searchRun(store, engine, sequencer, all));
    }
    const of = (pick: (run: SearchRun) => number): number[] => runs.map(pick);
    const f2 = (n: number): string => n.toFixed(2);
    console.log(` over ${RUNS} runs, median (range), ms: p50 ${stat(of((r) => r.p50), f2)}, p99 ${stat(of((r) => r.p99), f2)}, max ${stat(of((r) => r.max), f2)}`);
    for (const [i, pending] of PENDING.entries()) console.log(`  with ${pending.toLocaleString()} change${pending === 1 ? '' : 's'} pending: p50 ${stat(of((r) => r.overlay[i]!.p50), f2)}, p99 ${stat(of((r) => r.overlay[i]!.p99), f2)}`);
    console.log(`  a change ${stat(of((r) => r.changeMs), (n) => n.toFixed(3))} ms; loading ${N.toLocaleString()} listings at start ${stat(of((r) => r.loadMs), ms)}; building the search index with trust scores ${stat(of((r) => r.indexMs), ms)}`);
    reportFigure(`catalog search p50, ${LISTINGS}`, 'ms', of((r) => r.p50), 'lower');
    reportFigure(`catalog search p99, ${LISTINGS}`, 'ms', of((r) => r.p99), 'lower');
    reportFigure(`catalog search max, ${LISTINGS}`, 'ms', of((r) => r.max), 'lower');
    for (const [i, pending] of PENDING.entries()) {
      const changes = `${pending.toLocaleString('en-US')} change${pending === 1 ? '' : 's'} pending`;
      reportFigure(`catalog search p50 with ${changes}, ${LISTINGS}`, 'ms', of((r) => r.overlay[i]!.p50), 'lower');
      reportFigure(`catalog search p99 with ${changes}, ${LISTINGS}`, 'ms', of((r) => r.overlay[i]!.p99), 'lower');
    }
    reportFigure(`catalog listing change into the search overlay`, 'µs', of((r) => r.changeMs * 1_000), 'lower');
    reportFigure(`catalog loading at start, ${LISTINGS}`, 's', of((r) => r.loadMs / 1_000), 'lower');
    reportFigure(`catalog building the search index, ${LISTINGS}`, 's', of((r) => r.indexMs / 1_000), 'lower');
    await sequencer.stop();
    await journal.close();
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function qualityBench(): Promise<void> {
  const rand = prng(3);
  const lines = ['id,seen,city,score,segment,flag'];
  let size = lines[0]!.length + 1;
  for (let i = 0; size < 10 * 1024 * 1024; i++) {
    const line = `${i},${new Date(NOW - Math.floor(rand() * 86_400_000)).toISOString()},${WORDS[i % WORDS.length]},${(rand() * 100).toFixed(3)},SEG_${i % 200},${rand() < 0.5}`;
    lines.push(line);
    size += line.length + 1;
  }
  const bytes = new TextEncoder().encode(`${lines.join('\n')}\n`);
  const schema = schemaSchema.parse({
    columns: [
      { name: 'id', type: 'integer' },
      { name: 'seen', type: 'timestamp' },
      { name: 'city', type: 'string' },
      { name: 'score', type: 'number' },
      { name: 'segment', type: 'string' },
      { name: 'flag', type: 'boolean' },
    ],
    timestampColumn: 'seen',
    keyColumns: ['id'],
  });
  const times: number[] = [];
  let rows = 0;
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    const m = await measureSample(bytes, 'csv', schema, NOW, 7 * 86_400_000, 11 * 1024 * 1024);
    times.push(performance.now() - t);
    rows = m.summary.rows;
  }
  const mb = (bytes.length / 1024 / 1024).toFixed(0);
  console.log(`quality of a ${(bytes.length / 1024 / 1024).toFixed(1)} MB CSV sample (${rows.toLocaleString()} rows × 6 columns): median ${median(times).toFixed(0)} ms (runs ${times.map((t) => t.toFixed(0)).join(', ')})`);
  reportFigure(`catalog quality of a ${mb} MB CSV sample`, 'ms', times, 'lower');
}

console.log(`bench:catalog ${new Date().toISOString()}; node ${process.version}; load average at start ${loadavg()}; ${RUNS} runs`);
if (process.env.CATALOG_BENCH_ONLY !== "quality") await searchBench();
if (process.env.CATALOG_BENCH_ONLY !== "search") await qualityBench();
