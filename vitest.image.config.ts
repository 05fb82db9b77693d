import { defineConfig } from 'vitest/config';

// `npm run test:image`: the PATX image built and run under a real Docker engine (test/deploy/).
// Apart from `npm test` because it needs a Docker engine (root) and minutes for a first build;
// .ci/run installs and starts one, then runs this.
export default defineConfig({
  test: {
    include: ['test/deploy/**/*.test.ts'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 1, minForks: 1 } },
    testTimeout: 600_000,
    hookTimeout: 20 * 60_000,
  },
});
