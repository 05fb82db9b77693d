#!/usr/bin/env node
/**
 * Compiles the service (src/main.ts, what `npm start` runs, and its worker threads' entry
 * points) into dist/service/<build id>/ (scripts/bundle.mjs): a start then loads JavaScript instead of
 * tsx compiling some 250 modules, on the main thread and again in each worker. `npm run
 * build:service` runs it; so does `npm ci` (`prepare`, with --if-possible) and bin/start.js
 * when a source changed since the last build (about a second).
 *
 * Each build's workers.json maps each worker's source entry (relative to the repository, as
 * the code names it with `new URL('./x.ts', import.meta.url)`) to its compiled file:
 * src/gateway/worker-boot.mjs loads that one when the service runs compiled.
 */
import { bundle, isMainScript } from './bundle.mjs';

/** Each worker thread's compiled name and its source entry (scripts/build-bench-servers.mjs compiles them too). */
export const WORKERS = {
  'worker-market-data': 'src/gateway/market-data-worker.ts',
  'worker-lease': 'src/replication/lease-worker.ts',
  'worker-intake': 'src/intake/worker.ts',
  'worker-purchases': 'src/catalog/purchase-worker.ts',
  'worker-order-history': 'src/gateway/order-history-worker.ts',
  'worker-statement': 'src/gateway/statement-worker.ts',
  'worker-chain-dump': 'src/settlement/chain-dump-worker.ts',
  // Not a thread: the demo's provider servers run forked, in processes of their own (src/demo/provider-process.ts).
  'demo-provider-child': 'src/demo/provider-child.ts',
};
const workersMap = Object.fromEntries(Object.entries(WORKERS).map(([entry, source]) => [source, `${entry}.js`]));

/** The folders whose modules do no I/O: a worker's bundle leaves out those it uses nothing of (bundle.mjs, sideEffectFree). */
export const SIDE_EFFECT_FREE_FOLDERS = ['src/engine/', 'src/risk/'];

// Each worker's entry compiled alone (bundle.mjs, `standalone`): a thread loads only the code it runs, and none of the
// engine's or risk's modules it uses nothing of (their top levels only build their own tables).
const service = bundle({
  name: 'service',
  entries: { main: 'src/main.ts' },
  standalone: WORKERS,
  sideEffectFreeFolders: SIDE_EFFECT_FREE_FOLDERS,
  script: import.meta.url,
  files: { 'workers.json': `${JSON.stringify(workersMap)}\n` },
});

export const SERVICE_DIST = service.dist;
/** The newest build's directory (what PATX_SERVICE_DIST names for the worker threads). */
export const serviceBuildDir = service.buildDir;
/** The newest build's compiled service. */
export const serviceEntry = () => service.entryFile('main');
export const serviceBuildIsFresh = service.isFresh;
export const buildService = service.build;

if (isMainScript(import.meta.url)) service.runAsScript('patx service');
