/**
 * vitest globalSetup: compiles the service (dist/service, scripts/build-service.mjs) once before
 * any test when a source changed since, so the tests that start it as `npm start` does
 * (bin/start.js) run the current code and never compile it concurrently.
 *
 * It also names that build in PATX_SERVICE_DIST for the test workers, as bin/start.js does for the
 * service: the services tests start in their own process (startService) then run their worker
 * threads (market data, the intake's, the purchase writer, the lease) on the build's compiled
 * entries (src/gateway/worker-boot.mjs), compiled from the same sources a moment before, instead
 * of each thread registering tsx and compiling its modules again: a start and stop took about
 * 2.3 s of CPU that way, 0.85 s on the build (the suite starts a few hundred). The main thread
 * still runs the sources under vitest; test/app/compiled-service.test.ts boots a worker both ways.
 *
 * The build is held while the run lasts (test/support/build-held.ts): another vitest run at the same time, or a test
 * that builds, pruned it under the workers of this one (their threads' entries gone: ERR_MODULE_NOT_FOUND).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { heldFreshBuild } from './build-held.js';

export default async function setup(): Promise<void> {
  const root = path.resolve(import.meta.dirname, '../..');
  const build = (await import(pathToFileURL(path.join(root, 'scripts/build-service.mjs')).href)) as { serviceBuildDir: () => string | undefined; serviceBuildIsFresh: (dir?: string) => boolean };
  const dir = await heldFreshBuild(root, 'scripts/build-service.mjs', { buildDir: build.serviceBuildDir, isFresh: build.serviceBuildIsFresh });
  if (dir !== undefined) process.env.PATX_SERVICE_DIST = dir;
}
