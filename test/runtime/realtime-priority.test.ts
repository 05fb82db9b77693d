/**
 * Real-time priority for the engine's thread (src/runtime/realtime-priority.ts), in a child
 * process so the test runner keeps its own scheduling: the main thread goes to
 * SCHED_FIFO at the priority asked, every other thread, including a worker started
 * afterwards (reset-on-fork), stays at normal scheduling; under RealtimePriorityByLoad
 * the thread gives real-time up when it is kept busy and takes it back when it idles.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { takeRealtimePriority, type BusyShares, type RealtimePriorityOutcome } from '../../src/runtime/realtime-priority.js';
import { processScheduling, SCHED_FIFO, SCHED_OTHER, type ThreadScheduling } from '../support/thread-scheduling.js';

interface ChildLine {
  outcome: RealtimePriorityOutcome;
  scheduling: ThreadScheduling;
  switchedTo?: 'realtime' | 'normal';
  busy?: BusyShares;
  switches?: number;
}

/** Starts test/support/realtime-child.ts; `next()` resolves with each JSON line it prints. */
function child(mode: 'take' | 'by-load', priority: number): { pid: number; next: () => Promise<ChildLine>; kill: () => void } {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/support/realtime-child.ts', mode, String(priority)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: ChildLine[] = [];
  const waiting: Array<(line: ChildLine) => void> = [];
  let exited: Error | undefined;
  createInterface({ input: proc.stdout }).on('line', (text) => {
    const line = JSON.parse(text) as ChildLine;
    const waiter = waiting.shift();
    if (waiter) waiter(line);
    else lines.push(line);
  });
  proc.once('exit', (code) => (exited = new Error(`child exited (${code})`)));
  return {
    pid: proc.pid!,
    next: () =>
      new Promise((resolve, reject) => {
        const line = lines.shift();
        if (line) return resolve(line);
        if (exited) return reject(exited);
        waiting.push(resolve);
        proc.once('exit', () => reject(exited));
      }),
    kill: () => proc.kill('SIGKILL'),
  };
}

const root = process.getuid?.() === 0; // here and in CI: the switches must then happen

describe('engine thread real-time priority', () => {
  it.runIf(process.platform === 'linux')('puts only the main thread under SCHED_FIFO at the priority asked; threads started later stay normal', async () => {
    const proc = child('take', 7);
    try {
      const { outcome } = await proc.next();
      const threads = processScheduling(proc.pid);
      expect(threads.size).toBeGreaterThan(2); // V8's helpers and the worker started after
      const main = threads.get(proc.pid)!;
      const others = [...threads].filter(([tid]) => tid !== proc.pid).map(([, s]) => s);
      expect(others.every((s) => s.policy === SCHED_OTHER && s.rtPriority === 0)).toBe(true);
      if (outcome.ok) {
        expect(main).toEqual({ policy: SCHED_FIFO, rtPriority: 7 });
      } else {
        // A machine without CAP_SYS_NICE: the refusal says why and nothing changed.
        expect(outcome.reason).not.toBe('');
        expect(main).toEqual({ policy: SCHED_OTHER, rtPriority: 0 });
      }
      if (root) expect(outcome).toEqual({ ok: true });
    } finally {
      proc.kill();
    }
  });

  it.runIf(process.platform === 'linux' && root)('by load: gives real-time up while the thread is kept busy, and takes it back once it idles', async () => {
    const proc = child('by-load', 9);
    try {
      const started = await proc.next();
      expect(started.outcome).toEqual({ ok: true });
      expect(started.scheduling).toEqual({ policy: SCHED_FIFO, rtPriority: 9 });

      const released = await proc.next(); // the child spins in 5-ms slices until this
      expect(released.switchedTo).toBe('normal');
      expect(released.outcome).toEqual({ ok: true });
      expect(released.busy!.thread).toBeGreaterThan(0.85);
      expect(released.scheduling).toEqual({ policy: SCHED_OTHER, rtPriority: 0 });

      const retaken = await proc.next(); // then idles: two calm windows
      expect(retaken.switchedTo).toBe('realtime');
      expect(retaken.outcome).toEqual({ ok: true });
      expect(retaken.busy!.thread).toBeLessThan(0.5);
      expect(retaken.scheduling).toEqual({ policy: SCHED_FIFO, rtPriority: 9 });
      expect(retaken.switches).toBe(2);
    } finally {
      proc.kill();
    }
  });

  it('refuses a priority outside 1-99 without touching the thread', () => {
    for (const priority of [0, 100, 1.5, -1, Number.NaN]) {
      const outcome = takeRealtimePriority(priority);
      expect(outcome.ok).toBe(false);
      expect(outcome.ok ? '' : outcome.reason).toMatch(/1-99/);
    }
  });

  it('is off by default; the config takes 0-99 from the file or PATX_ENGINE_REALTIME_PRIORITY', () => {
    expect(loadConfig({}).engineRealtimePriority).toBe(0);
    expect(loadConfig({ PATX_ENGINE_REALTIME_PRIORITY: '20' }).engineRealtimePriority).toBe(20);
    expect(() => loadConfig({ PATX_ENGINE_REALTIME_PRIORITY: '100' })).toThrow(/PATX_ENGINE_REALTIME_PRIORITY=100: out of range, expected 0 to 99/);
    expect(() => loadConfig({}, { engineRealtimePriority: -1 })).toThrow(/engineRealtimePriority/);
  });
});
