/**
 * Soak: runs the service (`npm start`'s command, as a child process) for a set
 * time under trading, market-data subscribers (some stalled and re-subscribing)
 * and malformed frames, and prints the service's memory at intervals: RSS, and its
 * anonymous part split into the V8 heap's committed size, external memory (array
 * buffers and native objects V8 is told of) and the rest (native memory outside both),
 * from its /metrics (prom-client) and /proc/<pid>/status. Memory must level off: at
 * the end it compares the last third of the samples with the middle third.
 *
 *   npm run soak                      # 10 minutes
 *   npm run soak -- --minutes 2 --every 10 --backpressure-kib 4096
 *
 * One 10-minute run is the soak's measurement (run it once, not 5 times). For the
 * collector (support/figures.ts) it reports the samples of the last two thirds of the run
 * (after the first third's warm-up: RSS, anonymous, file-backed, heap) as one figure each,
 * whose median and range are over the run's sampling intervals, not over runs; and its
 * one-per-run figures (growth of the last third over the middle one, the journal's
 * file-backed growth per minute, orders/s, slow consumers cut). Every figure's name says
 * `one <N>-min run`, so a shorter soak's figures are not mixed with the 10-minute ones.
 *
 * Settlement is off: the soak is about the exchange process's memory; the embedded
 * chain is a separate process (anvil) with its own bounded state. The demo
 * participants trade with the broker as on a first start.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Wallet } from 'ethers';
import { MarketDataClient, TradingClient, wire } from '../src/client/index.js';
import { freePort } from '../src/settlement/index.js';
import { loadavg, reportFigure } from './support/figures.js';
import { serviceNodeFlags } from './support/load.js';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '10' }, every: { type: 'string', default: '30' }, traders: { type: 'string', default: '8' }, subscribers: { type: 'string', default: '20' }, stalled: { type: 'string', default: '10' }, 'backpressure-kib': { type: 'string', default: '256' } } });
const MINUTES = Number(values.minutes);
const EVERY_S = Number(values.every);
const TRADERS = Number(values.traders);
const SUBSCRIBERS = Number(values.subscribers);
const STALLED = Number(values.stalled);
const BACKPRESSURE_KIB = Number(values['backpressure-kib']);
for (const [k, v] of Object.entries({ MINUTES, EVERY_S, TRADERS, SUBSCRIBERS, STALLED, BACKPRESSURE_KIB })) if (!Number.isFinite(v) || v <= 0) throw new Error(`--${k.toLowerCase()} must be a positive number`);

console.log(`soak ${new Date().toISOString()}; node ${process.version}; load average at start ${loadavg()}`);
const root = path.resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'patx-soak-'));
// A backpressure limit small enough that stalled sockets reach it within the run (the default
// 4 MiB takes longer than a soak behind loopback's kernel buffers): cuts and replacements are
// part of the steady state measured, so memory per stalled socket must stay bounded.
const configFile = path.join(dataDir, 'soak.config.json');
writeFileSync(configFile, JSON.stringify({ gateway: { maxBackpressureBytes: BACKPRESSURE_KIB * 1024 } }));
const port = await freePort();
const marketDataPort = await freePort();
const child = spawn(process.execPath, [...serviceNodeFlags(root), 'bin/start.js'], {
  cwd: root,
  env: { ...process.env, PATX_CONFIG: configFile, PATX_DATA_DIR: dataDir, PATX_PORT: String(port), PATX_MARKET_DATA_PORT: String(marketDataPort), PATX_SETTLEMENT: 'off', PATX_LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const http = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  if ((await fetch(`${http}/healthz`).then((r) => r.ok, () => false)) === true) break;
  if (i > 600 || child.exitCode !== null) throw new Error('the service did not start');
  await new Promise((r) => setTimeout(r, 100));
}

let stopping = false;
const errors = { trading: 0, first: '' };

// Trading: providers keep a few resting asks above the broker's bid, cancel and replace them.
async function trader(i: number): Promise<void> {
  const c = await TradingClient.connect(`ws://127.0.0.1:${port}/v1/trade`, { wallet: Wallet.createRandom(), role: wire.Role.PROVIDER, cancelOnDisconnect: true });
  const series = (await c.series()).filter((s) => s.status === wire.SeriesStatus.TRADING).map((s) => Number(s.seriesId));
  for (const s of series) {
    await c.declareCapacity(s, 1_000_000_000);
    await c.mint(s, 1_000_000);
  }
  let clientOrderId = 1;
  const resting: Array<{ orderId: number }> = [];
  while (!stopping) {
    try {
      const seriesId = series[clientOrderId % series.length]!;
      const ack = await c.newOrder({ seriesId, clientOrderId: clientOrderId++, side: wire.Side.SELL, priceMicros: 1_000_000 + ((clientOrderId * 7 + i) % 400) * 1_000, qty: 1 + (clientOrderId % 5) });
      const report = ack.reports?.[0];
      const orderId = Number(report?.orderId ?? 0);
      if (orderId > 0) resting.push({ orderId });
      if (resting.length > 50) await c.cancel(resting.shift()!);
    } catch (error) {
      errors.trading++;
      errors.first ||= String(error);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  await c.close();
}

// Market data: readers that keep up, and stalled sockets that re-subscribe and never read.
async function reader(): Promise<MarketDataClient> {
  const md = await MarketDataClient.connect(`ws://127.0.0.1:${marketDataPort}/v1/market`);
  for (const s of await md.series()) await md.subscribe(Number(s.seriesId));
  return md;
}

function rawSocket(p: number, pathName: string): Promise<Socket> {
  return new Promise((resolve) => {
    const s = connect(p, '127.0.0.1', () => {
      s.write(`GET ${pathName} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
      resolve(s);
    });
    s.on('error', () => undefined);
  });
}

function maskedFrame(payload: Uint8Array): Buffer {
  const head = payload.length < 126 ? Buffer.from([0x82, 0x80 | payload.length]) : Buffer.from([0x82, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([head, Buffer.alloc(4), Buffer.from(payload)]); // a zero mask leaves the payload as it is
}

const stalled: Socket[] = [];
/**
 * Each stalled socket re-subscribes to every live series every 250 ms (each answer is a
 * snapshot of the series' book) and never reads. Series 1 alone brought about 2 KiB/s on the
 * demo market (measured 2026-11-23), too little to fill the kernel's buffers and the limit
 * within a 10-minute run: no socket was cut.
 */
async function stalledSubscribers(): Promise<void> {
  const lister = await MarketDataClient.connect(`ws://127.0.0.1:${marketDataPort}/v1/market`);
  const seriesIds = (await lister.series()).map((s) => Number(s.seriesId));
  await lister.close();
  const subscribe = Buffer.concat(seriesIds.map((seriesId) => maskedFrame(wire.ClientFrame.encode({ requestId: 1, subscribe: { seriesId } }).finish())));
  while (!stopping) {
    while (stalled.length < STALLED) {
      const s = await rawSocket(marketDataPort, '/v1/market');
      s.pause();
      stalled.push(s);
    }
    for (const [i, s] of stalled.entries()) {
      if (s.destroyed || !s.writable) stalled.splice(i, 1); // cut by the server: a new one takes its place
      else s.write(subscribe);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

// Malformed frames on both endpoints, over fresh connections.
async function malformed(): Promise<void> {
  while (!stopping) {
    for (const [p, route] of [[port, '/v1/trade'], [marketDataPort, '/v1/market']] as const) {
      const s = await rawSocket(p, route);
      s.write(Buffer.concat([maskedFrame(randomBytes(40)), maskedFrame(Buffer.from([0x0a, 0xff, 0xff, 0xff])), Buffer.from([0x81, 0x85, 0, 0, 0, 0, 0x68, 0x65, 0x6c, 0x6c, 0x6f])]));
      setTimeout(() => s.destroy(), 500);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Sample {
  rssMb: number;
  /** Anonymous memory (heap, buffers, native allocations): what a leak grows. */
  anonMb: number;
  /** File-backed pages mapped in: LMDB's journal pages, which grow with the journal and the OS can reclaim. */
  fileMb: number;
  heapMb: number;
  /** The V8 heap's committed size (what the heap holds from the OS, used or not). */
  heapTotalMb: number;
  /** Memory V8 tracks outside its heap: array buffers, Buffers, and native objects that report themselves (uWS, lmdb). */
  externalMb: number;
  /** Seconds since the soak's load started. */
  elapsedS: number;
}

/** Anonymous memory that is neither the heap nor external: code, stacks, the allocator's own and untracked native memory. A floor: committed heap pages not yet touched are not resident. */
function nativeMb(s: Sample): number {
  return s.anonMb - s.heapTotalMb - s.externalMb;
}

/** One value from the service's /metrics text, as printed ('?' when absent). */
function metric(text: string, name: string): string {
  return new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? '?';
}

/** A sample from the service's /metrics text (`text`) and /proc. */
function sample(text: string): Sample {
  const read = (name: string): number => Number(metric(text, name));
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
  const mb = (name: string): number => read(name) / 2 ** 20;
  return {
    rssMb: mb('process_resident_memory_bytes'),
    anonMb: kb('RssAnon'),
    fileMb: kb('RssFile'),
    heapMb: mb('nodejs_heap_size_used_bytes'),
    heapTotalMb: mb('nodejs_heap_size_total_bytes'),
    externalMb: mb('nodejs_external_memory_bytes'),
    elapsedS: (Date.now() - started) / 1000,
  };
}

const workers = [...Array.from({ length: TRADERS }, (_, i) => trader(i)), stalledSubscribers(), malformed()];
const readers = await Promise.all(Array.from({ length: SUBSCRIBERS }, () => reader()));
console.log(`soak: ${MINUTES} min, ${TRADERS} traders, ${SUBSCRIBERS} subscribers, ${STALLED} stalled re-subscribing sockets (backpressure limit ${BACKPRESSURE_KIB} KiB), malformed frames; sample every ${EVERY_S} s`);
console.log('elapsed_s  rss_mb  anon_mb  file_mb  heap_used_mb  heap_total_mb  external_mb  native_mb  slow_consumers_cut  orders_received');
const samples: Sample[] = [];
const started = Date.now();
let lastCounters = { cut: NaN, orders: NaN, elapsedS: NaN };
while (Date.now() - started < MINUTES * 60_000) {
  await new Promise((r) => setTimeout(r, EVERY_S * 1_000));
  const text = await (await fetch(`${http}/metrics`)).text();
  const s = sample(text);
  samples.push(s);
  const counter = (name: string): string => metric(text, name);
  lastCounters = { cut: Number(counter('patx_slow_consumers_cut_total')), orders: Number(counter('patx_orders_received_total')), elapsedS: (Date.now() - started) / 1000 };
  console.log(`${String(Math.round((Date.now() - started) / 1000)).padStart(9)}  ${s.rssMb.toFixed(1).padStart(6)}  ${s.anonMb.toFixed(1).padStart(7)}  ${s.fileMb.toFixed(1).padStart(7)}  ${s.heapMb.toFixed(1).padStart(12)}  ${s.heapTotalMb.toFixed(1).padStart(13)}  ${s.externalMb.toFixed(1).padStart(11)}  ${nativeMb(s).toFixed(1).padStart(9)}  ${counter('patx_slow_consumers_cut_total').padStart(18)}  ${counter('patx_orders_received_total').padStart(15)}`);
}
stopping = true;
await Promise.allSettled(workers);
await Promise.allSettled(readers.map((r) => r.close()));
for (const s of stalled) s.destroy();
const third = Math.floor(samples.length / 3);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const middle = samples.slice(third, 2 * third);
const last = samples.slice(2 * third);
const growth = (pick: (s: Sample) => number): number => (mean(last.map(pick)) / mean(middle.map(pick)) - 1) * 100;
const trading = `trading errors: ${errors.trading}${errors.first === '' ? '' : `, first: ${errors.first}`}`;
if (third === 0) console.log(`levelled off? too few samples (${samples.length}) to compare thirds (${trading})`);
else console.log(`levelled off? last third vs middle third: RSS ${growth((s) => s.rssMb).toFixed(1)}%, anonymous ${growth((s) => s.anonMb).toFixed(1)}%, file-backed (LMDB pages) ${growth((s) => s.fileMb).toFixed(1)}%, heap ${growth((s) => s.heapMb).toFixed(1)}%, heap committed ${growth((s) => s.heapTotalMb).toFixed(1)}%, external ${growth((s) => s.externalMb).toFixed(1)}%, native rest ${growth(nativeMb).toFixed(1)}% (${trading})`);
// Least-squares slope of the file-backed pages (LMDB's journal, mapped) over the run.
const fileSlope = ((): number => {
  const xs = samples.map((s) => s.elapsedS / 60);
  const ys = samples.map((s) => s.fileMb);
  const mx = mean(xs);
  const my = mean(ys);
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return sxx === 0 ? NaN : xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0) / sxx;
})();
const ordersPerSec = lastCounters.orders / lastCounters.elapsedS;
console.log(`file-backed pages grew ${Number.isNaN(fileSlope) ? '-' : fileSlope.toFixed(2)} MiB a minute; ${Math.round(ordersPerSec).toLocaleString('en-US')} orders/s received on average`);

// The service is stopped before the figures are handed over: a figure that cannot be reported (not finite) throws.
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
rmSync(dataDir, { recursive: true, force: true });

// For the collector. The sample figures' values are this run's sampling intervals after the first third
// (warm-up: the heap's first cycle, the stalled sockets' first cuts), not runs; the others are one value,
// one run. Both are marked by the name: `one N-min run`.
const run = `soak, one ${MINUTES}-min run`;
const steady = samples.slice(third);
const every = `${EVERY_S}-s samples after the first third`;
reportFigure(`${run}: RSS, ${every}`, 'MiB', steady.map((s) => s.rssMb), 'lower', 'samples');
reportFigure(`${run}: anonymous memory, ${every}`, 'MiB', steady.map((s) => s.anonMb), 'lower', 'samples');
reportFigure(`${run}: file-backed memory, ${every}`, 'MiB', steady.map((s) => s.fileMb), 'lower', 'samples');
reportFigure(`${run}: heap used, ${every}`, 'MiB', steady.map((s) => s.heapMb), 'lower', 'samples');
reportFigure(`${run}: heap committed, ${every}`, 'MiB', steady.map((s) => s.heapTotalMb), 'lower', 'samples');
reportFigure(`${run}: external memory, ${every}`, 'MiB', steady.map((s) => s.externalMb), 'lower', 'samples');
reportFigure(`${run}: anonymous memory outside heap and external, ${every}`, 'MiB', steady.map(nativeMb), 'lower', 'samples');
if (third > 0) {
  reportFigure(`${run}: RSS growth, last third over middle third`, '%', [growth((s) => s.rssMb)], 'lower');
  reportFigure(`${run}: anonymous memory growth, last third over middle third`, '%', [growth((s) => s.anonMb)], 'lower');
  reportFigure(`${run}: file-backed memory growth, last third over middle third`, '%', [growth((s) => s.fileMb)], 'lower');
  reportFigure(`${run}: heap used growth, last third over middle third`, '%', [growth((s) => s.heapMb)], 'lower');
  reportFigure(`${run}: anonymous memory outside heap and external, growth last third over middle third`, '%', [growth(nativeMb)], 'lower');
}
if (!Number.isNaN(fileSlope)) reportFigure(`${run}: file-backed memory growth per minute`, 'MiB/min', [fileSlope], 'lower');
reportFigure(`${run}: orders received`, 'orders/s', [ordersPerSec], 'higher');
// Stalled sockets are meant to be cut and replaced within the run (memory per stalled socket stays bounded).
reportFigure(`${run}: slow consumers cut`, 'sockets', [lastCounters.cut], 'higher');
