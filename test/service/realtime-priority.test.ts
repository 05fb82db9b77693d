/**
 * Real-time priority for the engine's thread (src/realtime-priority.ts), in a child
 * process so the test runner keeps its own scheduling: the main thread goes to
 * SCHED_FIFO at the priority asked, and every other thread, including a worker
 * started afterwards (reset-on-fork), stays at normal scheduling.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { takeRealtimePriority, type RealtimePriorityOutcome } from '../../src/realtime-priority.js';

const SCHED_OTHER = 0;
const SCHED_FIFO = 1;

/** Each thread's scheduling policy and real-time priority (/proc/<pid>/task/<tid>/stat fields 41 and 40). */
function threadScheduling(pid: number): Map<number, { policy: number; rtPriority: number }> {
  const out = new Map<number, { policy: number; rtPriority: number }>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd on
    out.set(Number(tid), { rtPriority: Number(fields[40 - 3]), policy: Number(fields[41 - 3]) });
  }
  return out;
}

async function childAt(priority: number): Promise<{ pid: number; outcome: RealtimePriorityOutcome; kill: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/realtime-child.ts', String(priority)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`child exited (${code})`)));
  });
  return { pid: child.pid!, outcome: (JSON.parse(line) as { outcome: RealtimePriorityOutcome }).outcome, kill: () => child.kill('SIGKILL') };
}

describe('engine thread real-time priority', () => {
  it.runIf(process.platform === 'linux')('puts only the main thread under SCHED_FIFO at the priority asked; threads started later stay normal', async () => {
    const child = await childAt(7);
    try {
      const threads = threadScheduling(child.pid);
      expect(threads.size).toBeGreaterThan(2); // V8's helpers and the worker started after
      const main = threads.get(child.pid)!;
      const others = [...threads].filter(([tid]) => tid !== child.pid).map(([, s]) => s);
      expect(others.every((s) => s.policy === SCHED_OTHER && s.rtPriority === 0)).toBe(true);
      if (child.outcome.ok) {
        expect(main).toEqual({ policy: SCHED_FIFO, rtPriority: 7 });
      } else {
        // A machine without CAP_SYS_NICE: the refusal says why and nothing changed.
        expect(child.outcome.reason).not.toBe('');
        expect(main).toEqual({ policy: SCHED_OTHER, rtPriority: 0 });
      }
      if (process.getuid?.() === 0) expect(child.outcome).toEqual({ ok: true }); // root here and in CI
    } finally {
      child.kill();
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
    expect(() => loadConfig({ PATX_ENGINE_REALTIME_PRIORITY: '100' })).toThrow(/engineRealtimePriority/);
    expect(() => loadConfig({}, { engineRealtimePriority: -1 })).toThrow(/engineRealtimePriority/);
  });
});
