#!/usr/bin/env node
// Entry for `npm start` (and the container's command): runs the service compiled to JavaScript
// (dist/service, scripts/build-service.mjs) instead of tsx compiling its modules on every start.
// `npm ci` compiles it (the `prepare` script); when a source changed since, it is compiled again
// first (about a second, said on stderr). If it cannot be (a read-only checkout, no esbuild), or
// PATX_SERVICE_SOURCES=1, the TypeScript sources run through tsx (much slower to start).
// node's flags (heap, inlining) are given by whoever runs this file: package.json's `start`, the Dockerfile.
import { pathToFileURL } from 'node:url';

async function compiledEntry() {
  const { buildService, serviceBuildIsFresh, serviceBuildDir, serviceEntry } = await import('../scripts/build-service.mjs');
  if (!serviceBuildIsFresh()) {
    process.stderr.write('patx: compiling the service (not built yet, or its sources changed since)…\n');
    const ms = await buildService();
    process.stderr.write(`patx: service compiled in ${Math.round(ms)} ms\n`);
  }
  // The build's own directory: a later build (after an edit) goes beside it and leaves this one to the running service,
  // which holds it (scripts/bundle.mjs, holdBuild) so that no later build's prune removes it while it runs.
  const dist = serviceBuildDir();
  await holdWhileRunning(dist);
  return { dist, entry: serviceEntry() };
}

/** Marks `dir` held by this process; a build this process cannot write to (a read-only image) is never pruned either. */
async function holdWhileRunning(dir) {
  try {
    const { holdBuild } = await import('../scripts/bundle.mjs');
    holdBuild(dir);
  } catch {
    // read-only: nothing prunes it
  }
}

let compiled;
if (process.env.PATX_SERVICE_SOURCES !== '1') {
  try {
    compiled = await compiledEntry();
  } catch (error) {
    process.stderr.write(`patx: cannot compile the service (${error instanceof Error ? error.message : String(error)}); running its TypeScript sources through tsx, slower to start\n`);
  }
}
if (compiled !== undefined) {
  // Read by src/gateway/worker-boot.mjs: each worker thread loads its compiled entry too.
  process.env.PATX_SERVICE_DIST = compiled.dist;
  await import(pathToFileURL(compiled.entry).href);
} else {
  delete process.env.PATX_SERVICE_DIST; // the workers run their sources too
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
