import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The image under Docker: `npm run test:image` (vitest.image.config.ts), which needs a Docker engine.
    exclude: [...configDefaults.exclude, 'test/deploy/**'],
    // Builds web/dist once when stale (the console's assets, served at /; src/web-build.ts).
    // Compiles the service (dist/service) when stale: tests start it as `npm start` does (bin/start.js).
    globalSetup: ['test/support/build-web.ts', 'test/support/build-service.ts'],
    // Two cores on these machines: keep workers to the core count.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    // The start's warm-ups (src/app/rehearsal.ts, src/app/order-path-warm-up.ts: ~3 s of a core per start) are off
    // for the services tests spawn, which inherit this; test/app/order-path-warm-up.test.ts and the SIGINT test in
    // test/app/signals.test.ts run them.
    env: { PATX_REHEARSAL_ORDERS: '0', PATX_WARM_UP_ORDERS: '0' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
