/**
 * A PATX service for gateway benchmarks, run as its own process (so it has a
 * core of its own, as in production): a fresh data dir, `BENCH_SERIES` spot
 * series, every series stocked with broker inventory and quoted, and every
 * account a wallet opens credited with PAT (standing in for the chain watcher).
 * Prints one JSON line {port, seriesIds} when ready; stops on SIGTERM.
 */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/app/config.js';
import type { ContractSpec } from '../../src/engine/core/listing-schedule.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService } from '../../src/app/service.js';
import { rehearseOrderPath } from '../../src/app/rehearsal.js';
import { fundWalletsAsTheyOpen, stockTheBroker } from '../../src/app/broker-stock.js';
import { BENCH_ASK_MICROS, BENCH_BID_MICROS } from './bench-market.js';
import { benchRealtimePriority } from './bench-priority.js';
import { startHeapSampling, stopHeapSampling } from './heap-sample.js';
import { watchPauses } from './pause-diagnostics.js';

const SERIES = Number(process.env.BENCH_SERIES ?? 1);

function letters(i: number): string {
  let s = '';
  do {
    s = String.fromCharCode(65 + (i % 26)) + s;
    i = Math.floor(i / 26) - 1;
  } while (i >= 0);
  return s;
}

const contracts: ContractSpec[] = Array.from({ length: SERIES }, (_, i) => ({
  contract: `BENCH${letters(i)}_INTENT|7D|0.70-0.85`,
  tickMicros: 1_000,
  lotSize: 1,
  minPriceMicros: 1_000,
  maxPriceMicros: 10_000_000,
  maxOrderQty: 10_000_000, // the broker's stock is bought in one order
  bandBps: 500,
  listAheadMs: 86_400_000,
}));

const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-bench-'));
// BENCH_TMPFS_DIRS=orders,fills,...: those stores of the data dir in /dev/shm (symlinked), to see whether their writes
// to the journal's filesystem cost the journal's fsync (a diagnostic: a venue keeps them on its disk).
const onTmpfs = (process.env.BENCH_TMPFS_DIRS ?? '').split(',').filter(Boolean).map((name) => {
  const target = mkdtempSync(path.join('/dev/shm', `patx-bench-${name}-`));
  symlinkSync(target, path.join(dir, name));
  return target;
});
const config = loadConfig({}, {
  dataDir: dir,
  contracts,
  gateway: {
    port: 0,
    marketDataPort: 0,
    operatorToken: 'bench-operator-token-0123456789', // 128 bits at least (src/operator/token-strength.ts)
    maxMessagesPerSecond: 1_000_000,
    heartbeatTimeoutMs: 60_000,
    maxBackpressureBytes: 16 * 1024 * 1024,
    // Every load client connects from 127.0.0.1: the per-address limits would count them as one client.
    maxConnectionsPerAddress: 1_000_000,
    connectRateLimitPerAddress: { burst: 1_000_000, perSecond: 1_000_000 },
    maxAccountsOpenedPerAddressPerHour: 1_000_000,
    maxQueuedBytesPerAddress: 2 ** 40,
    subscribeRateLimitPerAddress: { burst: 1_000_000, perSecond: 1_000_000 },
    // BENCH_MARKET_DATA_NICE: the market-data thread's nice, to compare its cost to order entry's tail.
    ...(process.env.BENCH_MARKET_DATA_NICE ? { marketDataNice: Number(process.env.BENCH_MARKET_DATA_NICE) } : {}),
    // BENCH_MARKET_DATA_INTERVAL_MS: the publication interval, which sets how often the market-data thread polls (feedPollMs).
    ...(process.env.BENCH_MARKET_DATA_INTERVAL_MS ? { marketDataIntervalMs: Number(process.env.BENCH_MARKET_DATA_INTERVAL_MS) } : {}),
  },
  // The sequencer snapshots as in production (every 1M commands or 60 s): each stops the engine's thread a few ms,
  // which the tail a user meets includes (until 2026-11-29 the bench turned them off).
  engineRealtimePriority: benchRealtimePriority(),
  // The side threads in the background, as a deployment that owns its cores runs them (backgroundThreads);
  // BENCH_BACKGROUND_THREADS=0: at normal scheduling, to see what the background saves the wire.
  backgroundThreads: process.env.BENCH_BACKGROUND_THREADS !== '0',
  // Order entry is measured alone: the broker's quotes are set once below, and nothing settles on-chain.
  quoting: { enabled: false },
  settlement: { enabled: false },
  // BENCH_REHEARSAL_ORDERS and BENCH_WARM_UP_ORDERS: the start's warm-ups, as `npm start` runs them (both 0: a cold start).
  ...(process.env.BENCH_REHEARSAL_ORDERS ? { rehearsalOrders: Number(process.env.BENCH_REHEARSAL_ORDERS) } : {}),
  ...(process.env.BENCH_WARM_UP_ORDERS ? { warmUpOrders: Number(process.env.BENCH_WARM_UP_ORDERS) } : {}),
  // BENCH_STATEMENT=1 / 0: with or without the account statement (statement.enabled; 'auto', the default, keeps it only on 4 cores or more), to see what its thread costs the wire.
  ...(process.env.BENCH_STATEMENT === '1' || process.env.BENCH_STATEMENT === '0' ? { statement: { enabled: process.env.BENCH_STATEMENT === '1' } } : {}),
});
// As `npm start` does (src/main.ts): a rehearsal on a scratch exchange, then the start with its last warm-up.
const rehearsal = await rehearseOrderPath(config, createLogger('warn'));
if (rehearsal !== undefined) process.stderr.write(`bench server: rehearsed ${rehearsal.orders.toLocaleString('en-US')} orders on a scratch exchange in ${rehearsal.ms} ms\n`);
const service = await startService(config, createLogger('warn'), Date.now, { warmUp: true });
const { sequencer, engine } = service;
fundWalletsAsTheyOpen(sequencer, 'bench');
const seriesIds = engine.series.filter((s) => s !== undefined && s.spec.contract.startsWith('BENCH') && s.status === 1).map((s) => s!.id);
const STOCK = 1_000_000;
await stockTheBroker(sequencer, seriesIds, {
  stock: STOCK,
  tradeAtMicros: 1_000_000,
  bids: { priceMicros: [BENCH_BID_MICROS, BENCH_BID_MICROS - 1_000], qty: [1_000, 1_000] },
  asks: { priceMicros: [BENCH_ASK_MICROS, BENCH_ASK_MICROS + 1_000], qty: [STOCK / 2 - 1_000, 1_000] },
  referencePriceMicros: 1_900_000,
}, 'bench');
process.stdout.write(JSON.stringify({ port: service.gateway.port, marketDataPort: service.gateway.marketData.port, seriesIds }) + '\n');

// Diagnostics for the latency runs: event-loop delay, GC pauses and the snapshots' pauses, printed to stderr at exit.
const pauses = watchPauses('bench server');
const snapshotPauses: number[] = [];
sequencer.onSnapshotPause((ms) => snapshotPauses.push(ms));

process.on('SIGTERM', () => {
  process.stderr.write(pauses());
  process.stderr.write(`bench server: snapshots ${snapshotPauses.length}, each held the engine's thread ${snapshotPauses.map((ms) => ms.toFixed(1)).join(', ') || '-'} ms\n`);
  void service.stop().then(() => {
    rmSync(dir, { recursive: true, force: true });
    for (const target of onTmpfs) rmSync(target, { recursive: true, force: true });
    process.exit(0);
  });
});
// BENCH_HEAP_SAMPLE=<file>: profile what survives young GCs (BENCH_HEAP_SAMPLE_ALL=1: all allocations; BENCH_HEAP_SAMPLE_RETAINED=1: what is still alive after a full GC at the stop)
// from 1.5 s to 4.5 s after ready, or over BENCH_HEAP_SAMPLE_MS=<from>,<to> (ms after ready; see heap-sample.ts).
const heapSampleFile = process.env.BENCH_HEAP_SAMPLE;
if (heapSampleFile) {
  const mode = process.env.BENCH_HEAP_SAMPLE_ALL === '1' ? 'everything' : process.env.BENCH_HEAP_SAMPLE_RETAINED === '1' ? 'retained' : 'promoted';
  if (process.env.BENCH_HEAP_SAMPLE_MS === 'signal') {
    // The driver decides the window (bench/wire-alloc.ts: a first SIGUSR2 starts, a second stops and writes the files),
    // so it can count the orders acked inside it. Not SIGUSR1: Node keeps it for its inspector.
    let sampling = false;
    process.on('SIGUSR2', () => {
      sampling = !sampling;
      void (sampling ? startHeapSampling(mode) : stopHeapSampling(heapSampleFile));
    });
  } else {
    const [fromMs, toMs] = (process.env.BENCH_HEAP_SAMPLE_MS ?? '1500,4500').split(',').map(Number);
    setTimeout(() => void startHeapSampling(mode), fromMs);
    setTimeout(() => void stopHeapSampling(heapSampleFile), toMs);
  }
}
