/**
 * The service's threads get V8's own young generation, not the engine's thread's (src/runtime/worker-thread.ts,
 * sizeThreadHeaps): a process started with `npm start`'s `--min-semi-space-size=64 --max-semi-space-size=64` keeps
 * its 64 MB semi-spaces on the main thread, and a thread booted by bootThread starts small. Before, every thread of
 * the process committed 128 MB of young generation. A real process with those flags, a real worker thread.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';

const MB = 1024 * 1024;

describe('the threads of a process with a large young generation', () => {
  it('a thread booted by bootThread starts at V8’s small young generation while the main thread keeps 64 MB semi-spaces', { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, ['--min-semi-space-size=64', '--max-semi-space-size=64', '--import', 'tsx', 'test/support/young-generation-main.ts'], {
      // The thread from its source (a test's entry is in no build's workers.json).
      env: { ...process.env, PATX_SERVICE_DIST: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    const { main, thread } = JSON.parse(out.trim()) as { main: number; thread: number };
    // The main thread's young generation as its flags say (two 64 MB semi-spaces); the thread's a few MB.
    expect(main).toBeGreaterThanOrEqual(64 * MB);
    expect(thread).toBeLessThanOrEqual(8 * MB);
  });
});
