/**
 * vitest globalSetup: compiles the `patx` CLI (dist/cli, scripts/build-cli.mjs) once before any test when a
 * source changed since, and names its entry in TEST_PATX_CLI_ENTRY (not PATX_*: services the tests start inherit it, and warn of an unknown PATX_ variable) for the test workers: test/support/patx-cli.ts
 * then runs that build (test/support/cli-runner.mjs does what bin/patx.js does with it) instead of compiling
 * src/cli/main.ts through tsx in every child, about 1 s of CPU a call saved (a journal read: 1.5 s of CPU through
 * tsx, 0.5 s compiled). The build is named rather than found per call so that a test which makes the build look
 * stale (test/cli/compiled-cli.test.ts) cannot make a call in the other fork compile it again, and it is held
 * (test/support/build-held.ts) while the run lasts so that no later build's prune removes it.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { heldFreshBuild } from './build-held.js';

export default async function setup(): Promise<void> {
  const root = path.resolve(import.meta.dirname, '../..');
  const build = (await import(pathToFileURL(path.join(root, 'scripts/build-cli.mjs')).href)) as { cliEntry: () => string; cliBuildIsFresh: (dir?: string) => boolean };
  const buildDir = (): string | undefined => {
    try {
      return path.dirname(build.cliEntry());
    } catch {
      return undefined; // not built
    }
  };
  const dir = await heldFreshBuild(root, 'scripts/build-cli.mjs', { buildDir, isFresh: build.cliBuildIsFresh });
  // Only a build of these sources: otherwise the calls run the sources through tsx.
  if (dir === undefined) return;
  // The held build's entry (the newest build may be another by now).
  process.env.TEST_PATX_CLI_ENTRY = path.join(dir, path.basename(build.cliEntry()));
}

