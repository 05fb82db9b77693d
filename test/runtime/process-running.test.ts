/** isRunning (src/runtime/process-stat.ts): what freePort's notes ask of the process that wrote one. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isRunning } from '../../src/runtime/process-stat.js';

describe('isRunning', () => {
  it('is true of this process and of a child while it runs, false once it has exited, and of no process', async () => {
    expect(isRunning(process.pid)).toBe(true);
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    await once(child, 'spawn');
    expect(isRunning(child.pid!)).toBe(true);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(isRunning(child.pid!)).toBe(false);
    expect(isRunning(2 ** 22 + 1)).toBe(false); // past Linux's largest pid
  });
});
