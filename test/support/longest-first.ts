/**
 * The order vitest hands test files to its two forks (vitest.config.ts, `sequence.sequencer`): the
 * longest first, so that the run does not end with one long file alone on a fork while the other
 * idles. vitest's own sequencer does that only from its cache of the last run's durations, which
 * lives under node_modules and so was gone on every CI run (`npm ci` removes node_modules): it
 * then ordered by file size, and a short file that runs long (test/sandbox/minute-windows.test.ts:
 * about 1 KB, 100 s) came last. So a file's weight here is its last duration when the cache has
 * one (vitest.config.ts keeps the cache out of node_modules), else the seconds below for the files
 * known to be long (the suite of 2026-12-06; only the order depends on them), else its size at
 * about 2 KB a second. Ordering changes nothing a test checks: the files already ran in whatever
 * order their durations gave.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Seconds of the files that took 40 s or more in the suite (a run without cached durations orders by these). */
export const KNOWN_LONG_FILES: Readonly<Record<string, number>> = {
  'test/app/signals.test.ts': 126,
  'test/sandbox/minute-windows.test.ts': 100,
  'test/grants/receipts.test.ts': 90,
  'test/catalog/model-feeds.test.ts': 72,
  'test/web/console-layout.test.ts': 71,
  'test/readme-tour.test.ts': 68,
  'test/app/service.test.ts': 65,
  'test/engine/crash.test.ts': 57,
  'test/catalog/catalog.test.ts': 57,
  'test/settlement/restart.test.ts': 55,
  'test/web/operator-moderation.test.ts': 55,
  'test/web/wallet.test.ts': 53,
  'test/web/account.test.ts': 53,
  'test/gateway/strangers.test.ts': 50,
  'test/replication/nats-server-death.test.ts': 50,
  'test/replication/edge-failover.test.ts': 48,
  'test/replication/failover.test.ts': 43,
};

/** Bytes of a test file taken for a second of its run when nothing better is known. */
const BYTES_PER_SECOND = 2_000;

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const seconds = (spec: TestSpecification): number => {
      const file = relative(root, spec.moduleId).split('\\').join('/');
      const key = `${spec.project.name}:${file}`;
      const last = this.ctx.cache.getFileTestResults(key);
      if (last !== undefined) return last.duration / 1_000;
      return KNOWN_LONG_FILES[file] ?? (this.ctx.cache.getFileStats(key)?.size ?? 0) / BYTES_PER_SECOND;
    };
    const weight = new Map(files.map((spec) => [spec, seconds(spec)]));
    return [...files].sort((a, b) => weight.get(b)! - weight.get(a)!);
  }
}
