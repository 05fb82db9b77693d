/**
 * Closing the intake while its workers recover signatures (2026-11-29: CI's suite died with
 * "FATAL ERROR: Error::Error napi_create_reference" in the keccak add-on, on an intake worker
 * terminated in the middle of its warm-up recovery: a worker stopped inside a native call
 * takes the whole process down). The pool now asks each worker to exit between jobs and
 * terminates only one that does not within its wait. Run in a process of its own
 * (test/support/intake-close-child.ts): the crash is an abort, which would take a test
 * runner's worker with it. Before the change about one run in six aborted.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { sourcePath } from '../support/child-script.js';

describe('closing the intake', () => {
  it('closes 20 times in the middle of recoveries, warm-ups included, without taking the process down; every job is answered or refused', async () => {
    // Not execFileSync: the child runs 45–60 s on a busy machine, and a test worker whose thread is blocked that long
    // misses vitest's own calls (a run of 2026-11-29 failed with "Timeout calling onTaskUpdate" after 61 s here).
    const { stdout: out } = await promisify(execFile)(process.execPath, ['--import', 'tsx', sourcePath('test/support/intake-close-child.ts')], { encoding: 'utf8', cwd: sourcePath('.'), maxBuffer: 64 * 2 ** 20 });
    const outcomes = JSON.parse(out.trim().split('\n').pop()!) as { answered: number; refused: number; other: number };
    expect(outcomes.other).toBe(0);
    expect(outcomes.answered + outcomes.refused).toBe(20 * 200);
    expect(outcomes.answered).toBeGreaterThan(0);
  }, 120_000);
});
