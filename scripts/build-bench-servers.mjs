#!/usr/bin/env node
/**
 * Compiles the order-entry bench servers into dist/bench-servers/<build id>/ (scripts/bundle.mjs), as
 * scripts/build-service.mjs compiles what `npm start` runs: bench/support/bench-server.ts (PATX), the
 * bare uWebSockets.js + LMDB server beside it, and the service's worker threads (workers.json, read by
 * src/gateway/worker-boot.mjs through PATX_SERVICE_DIST). The benches then measure the JavaScript a
 * user runs, not tsx's: tsx keeps every function's name with a call at each closure's creation (0.7%
 * of the engine's thread at 50k orders/s), and starts a loader thread beside each worker.
 *
 * bench/support/load.ts runs it with --if-stale before it spawns a server; BENCH_SOURCES=1 runs the
 * servers' TypeScript through tsx instead.
 */
import { bundle, isMainScript } from './bundle.mjs';
import { SIDE_EFFECT_FREE_FOLDERS, WORKERS } from './build-service.mjs';

const workersMap = Object.fromEntries(Object.entries(WORKERS).map(([entry, source]) => [source, `${entry}.js`]));

const benchServers = bundle({
  name: 'bench-servers',
  entries: { 'bench-server': 'bench/support/bench-server.ts', 'bare-order-server': 'bench/support/bare-order-server.ts' },
  // The workers compiled as the service's are (scripts/build-service.mjs): each alone.
  standalone: WORKERS,
  sideEffectFreeFolders: SIDE_EFFECT_FREE_FOLDERS,
  script: import.meta.url,
  files: { 'workers.json': `${JSON.stringify(workersMap)}\n` },
});

if (isMainScript(import.meta.url)) benchServers.runAsScript('the bench servers');
