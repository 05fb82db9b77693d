/**
 * The side threads in the background (src/runtime/background-threads.ts): the policy alone, then real threads in a
 * process of their own (test/support/background-threads-main.ts) whose scheduling is read from /proc: a thread
 * started with `background` is put under SCHED_IDLE; one that waits for a core window after window, or whose owner
 * says its work piles up, comes back to normal scheduling; a process without CAP_SYS_NICE (util-linux's setpriv drops it) puts no thread there at all.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BACKGROUND_LIMITS, BackgroundPolicy, backgroundRefusal } from '../../src/runtime/background-threads.js';

const SCHED_OTHER = 0;
const SCHED_IDLE = 5;
const MAIN = new URL('../support/background-threads-main.ts', import.meta.url).pathname;

function run(args: string[], prefix: string[] = []): Array<Record<string, unknown>> {
  const [command, ...rest] = [...prefix, process.execPath, '--import', 'tsx', MAIN, ...args];
  // The probe thread is a test's source, not a compiled service's worker.
  const out = execFileSync(command!, rest, { encoding: 'utf8', timeout: 30_000, env: { ...process.env, PATX_SERVICE_DIST: '' } });
  return out.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('background policy', () => {
  const window = BACKGROUND_LIMITS.windowMs;
  const calmWindows = BACKGROUND_LIMITS.firstCalmMs / window;

  it('goes to the background after a calm spell, back to normal after starved windows in a row, and waits twice as long before trying again', () => {
    const p = new BackgroundPolicy();
    for (let i = 1; i < calmWindows; i++) expect(p.observe(0, window)).toBeUndefined();
    expect(p.observe(0, window)).toBe('background');
    p.switched('background');
    expect(p.observe(window * 0.9, window)).toBeUndefined();
    expect(p.observe(window * 0.9, window)).toBeUndefined();
    expect(p.observe(window * 0.1, window)).toBeUndefined(); // a window with a core breaks the run
    for (let i = 1; i < BACKGROUND_LIMITS.starvedWindows; i++) expect(p.observe(window * 0.9, window)).toBeUndefined();
    expect(p.observe(window * 0.9, window)).toBe('normal');
    p.switched('normal');
    for (let i = 1; i < calmWindows * 2; i++) expect(p.observe(window * 0.05, window)).toBeUndefined();
    expect(p.observe(0, window)).toBe('background');
  });

  it('counts a calm spell only while every window is calm', () => {
    const p = new BackgroundPolicy();
    for (let i = 1; i < calmWindows; i++) p.observe(0, window);
    expect(p.observe(window * 0.5, window)).toBeUndefined();
    expect(p.observe(0, window)).toBeUndefined();
  });

  it('never waits longer than the longest calm spell', () => {
    const p = new BackgroundPolicy();
    for (let n = 0; n < 10; n++) p.switched('normal');
    for (let i = 1; i < BACKGROUND_LIMITS.mostCalmMs / window; i++) expect(p.observe(0, window)).toBeUndefined();
    expect(p.observe(0, window)).toBe('background');
  });
});

// A process that could not bring a thread back puts none there (the last test makes one with setpriv), so these need CAP_SYS_NICE.
describe.runIf(backgroundRefusal() === undefined)('background threads', () => {
  it('puts a side thread under SCHED_IDLE', () => {
    const lines = run(['default', '800']);
    expect(lines).toContainEqual({ switched: 'background', thread: 'probe', ok: true });
    expect(lines.filter((l) => 'policy' in l).at(-1)).toEqual({ policy: SCHED_IDLE });
    expect(lines.at(-1)).toEqual({ counts: { inBackground: 1, returnedBehind: 0, returnedStarved: 0 } });
  });

  it.each([
    ['that waited window after window', 'starving', '1500', { returnedBehind: 0, returnedStarved: 1 }],
    ['whose owner says its work piles up (at once)', 'behind', '600', { returnedBehind: 1, returnedStarved: 0 }],
  ])('brings a thread %s back to normal scheduling', (_, mode, ms, returned) => {
    const lines = run([mode, ms]);
    const policies = lines.filter((l) => 'policy' in l).map((l) => l.policy);
    expect(policies).toContain(SCHED_IDLE);
    expect(policies.at(-1)).toBe(SCHED_OTHER);
    expect(lines).toContainEqual({ switched: 'normal', thread: 'probe', ok: true });
    expect(lines.at(-1)).toEqual({ counts: { inBackground: 0, ...returned } });
  });

  it('leaves every thread at normal scheduling in a process that could not bring one back', () => {
    const lines = run(['default', '500'], ['setpriv', '--inh-caps=-sys_nice', '--bounding-set=-sys_nice']);
    expect(lines[0]).toEqual({ refused: expect.stringContaining('CAP_SYS_NICE') as unknown });
    expect(lines.filter((l) => 'policy' in l)).toEqual([{ policy: SCHED_OTHER }]);
  });
});
