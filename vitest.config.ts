import { configDefaults, defineConfig } from 'vitest/config';
import { LongestFirst } from './test/support/longest-first.js';

export default defineConfig({
  // vitest's cache (the last run's durations per file, which orders the files below) out of node_modules: `npm ci`
  // (CI's first step) removes node_modules, and with it every duration. Git ignores .cache/.
  cacheDir: '.cache/vite',
  test: {
    include: ['test/**/*.test.ts'],
    // The image under Docker: `npm run test:image` (vitest.image.config.ts), which needs a Docker engine.
    exclude: [...configDefaults.exclude, 'test/deploy/**'],
    // Builds web/dist once when stale (the console's assets, served at /; src/web-build.ts).
    // Compiles the service (dist/service) when stale: tests start it as `npm start` does (bin/start.js).
    // Compiles the patx CLI (dist/cli) when stale and names it for test/support/patx-cli.ts (test/support/build-cli.ts).
    globalSetup: ['test/support/build-web.ts', 'test/support/build-service.ts', 'test/support/build-cli.ts'],
    // Two cores on these machines: keep workers to the core count.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    // The longest files first, so the run does not end on one long file alone (test/support/longest-first.ts).
    sequence: { sequencer: LongestFirst },
    // Test files share their fork's modules instead of each starting a fresh process: importing the service's graph
    // anew for each of ~300 files took 590 s of the suite's CPU (2026-11-30: 1,585 s → 1,158 s wall, every test
    // passing either way). So a file leaves the process as it found it: it restores any environment variable it
    // changes and stops what it starts.
    isolate: false,
    // The start's warm-ups (src/app/rehearsal.ts, src/app/order-path-warm-up.ts: ~3 s of a core per start) are off
    // for the services tests spawn, which inherit this; test/app/order-path-warm-up.test.ts and the SIGINT test in
    // test/app/signals.test.ts run them.
    env: { PATX_REHEARSAL_ORDERS: '0', PATX_WARM_UP_ORDERS: '0' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
