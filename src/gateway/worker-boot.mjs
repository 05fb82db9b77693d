// Starts a worker thread on its entry point (workerData.entry: the TypeScript source's URL), or
// a child process forked on this file (its first argument: the entry's URL; src/demo/provider-process.ts).
// When the service runs compiled (bin/start.js sets PATX_SERVICE_DIST), the entry's compiled
// module named by the build's workers.json; otherwise the source through tsx: worker threads do
// not inherit the parent's --import hooks, so tsx's loader is registered here first.
import { readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { workerData } from 'node:worker_threads';

function compiledEntry(entry) {
  const dist = process.env.PATX_SERVICE_DIST;
  if (dist === undefined || dist === '') return undefined;
  const root = path.resolve(dist, '..', '..', '..'); // a build is <root>/dist/service/<build id>
  const source = path.relative(root, fileURLToPath(entry)).split(path.sep).join('/');
  const compiled = JSON.parse(readFileSync(path.join(dist, 'workers.json'), 'utf8'))[source];
  if (compiled === undefined) throw new Error(`no compiled worker for ${source} in ${dist}/workers.json (scripts/build-service.mjs lists them)`);
  return pathToFileURL(path.join(dist, compiled)).href;
}

// A thread kept in the background (src/runtime/background-threads.ts) says its thread id, which only it can read.
if (workerData?.tidCell !== undefined) {
  try {
    Atomics.store(workerData.tidCell, 0, Number(readlinkSync('/proc/thread-self').split('/').pop()));
  } catch {
    // no /proc: the thread runs as any other
  }
}
const entry = workerData?.entry ?? process.argv[2];
if (entry === undefined) throw new Error('worker-boot.mjs: no entry (workerData.entry, or the first argument of a forked process)');
const compiled = compiledEntry(entry);
if (compiled !== undefined) {
  await import(compiled);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(entry);
}
