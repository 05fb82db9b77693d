/**
 * One exchange per data directory across pid namespaces (src/app/data-dir-lock.ts): two containers on
 * one volume each run node as pid 1, so the pid alone made a live lock look like our own stale one,
 * and a second container took the directory from a running first (found by a Docker review: the first
 * died of SIGBUS). Real namespaces: each holder runs under `unshare --pid --fork` as pid 1, as in a
 * container. Where unshare cannot make a namespace (not root), those tests are skipped and say so; the
 * lock file's own rules are tested beside them with files written as another namespace's holder would.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATA_DIR_LOCK_FILE, DataDirInUseError, DataDirLock, HEARTBEAT_MS, STALE_MS } from '../../src/app/data-dir-lock.js';
import { sourcePath } from '../support/child-script.js';
import { until } from '../support/exchange-fixture.js';

const dirs: string[] = [];
const children: ChildProcess[] = [];
const locks: DataDirLock[] = [];

afterEach(() => {
  for (const lock of locks.splice(0)) lock.release();
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function newDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-lock-ns-'));
  dirs.push(dir);
  return dir;
}

/** Whether this process may make a pid namespace (root, or user namespaces allowed). */
function canUnshare(): boolean {
  try {
    return execFileSync('unshare', ['--pid', '--fork', '--mount-proc', 'sh', '-c', 'echo $$'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() === '1';
  } catch {
    return false;
  }
}
const UNSHARE = canUnshare();

/**
 * A node in a pid namespace of its own (pid 1 there) that takes the lock on `dir`: prints `held` and keeps it until
 * its stdin ends, or prints `refused <elsewhere> <ownerPid>` and exits 3.
 */
function holder(dir: string): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const script = `
    import { DataDirInUseError, DataDirLock } from ${JSON.stringify(sourcePath('src/app/data-dir-lock.ts'))};
    try {
      DataDirLock.take(${JSON.stringify(dir)});
      console.log('held pid ' + process.pid);
      process.stdin.resume();
      process.stdin.on('end', () => process.exit(0));
    } catch (error) {
      if (!(error instanceof DataDirInUseError)) throw error;
      console.log('refused ' + error.elsewhere + ' ' + error.ownerPid);
      process.exit(3);
    }`;
  const child = spawn('unshare', ['--pid', '--fork', '--mount-proc', process.execPath, '--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

describe('the data directory lock across pid namespaces (containers on one volume)', () => {
  it.skipIf(!UNSHARE)('a second pid 1 in another namespace is refused while the first holds it; once the first is killed, a third takes it within the stale time', { timeout: 30_000 }, async () => {
    const dir = newDir();
    const first = holder(dir);
    await until(() => first.output().includes('held pid 1'), 'the first holder, pid 1 in its namespace');

    const second = holder(dir);
    expect(await second.exited, second.output()).toBe(3);
    expect(second.output()).toContain('refused true 1');
    // Its own pid namespace's view of the host: from here, a foreign lock refreshed just now is refused to a reader too.
    expect(() => DataDirLock.refuseForeignHolder(dir)).toThrow(DataDirInUseError);

    first.child.kill('SIGKILL');
    await first.exited;
    const killedAt = Date.now();
    const third = holder(dir);
    await until(() => third.output().includes('held pid 1'), 'the third holder, once the killed one is stale', 20_000);
    expect(Date.now() - killedAt).toBeLessThan(STALE_MS + 5_000);
    third.child.stdin!.end();
    expect(await third.exited).toBe(0);
  });

  it.skipIf(UNSHARE)('(skipped where unshare cannot make a pid namespace: the tests below cover the lock file rules)', () => {});

  it("a lock from another namespace whose time moves is held: take() refuses it, naming the other container, and writes nothing", () => {
    const dir = newDir();
    const file = path.join(dir, DATA_DIR_LOCK_FILE);
    writeFileSync(file, '1\npid:[1]\n');
    const before = statSync(file).mtimeMs;
    // The other holder's heartbeat, as the sleep passes: the file's time moves on.
    let refreshed = 0;
    const sleep = (): void => {
      refreshed++;
      const t = new Date(before + 1_000 * refreshed);
      utimesSync(file, t, t);
    };
    let failure: unknown;
    try {
      locks.push(DataDirLock.take(dir, sleep));
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(DataDirInUseError);
    expect(failure).toMatchObject({ ownerPid: 1, elsewhere: true });
    expect((failure as Error).message).toMatch(/in use by a PATX in another container \(its pid 1 there/);
    expect(refreshed).toBe(1);
  });

  it('a lock from another namespace untouched for the stale time is taken over at once; one touched a moment ago is taken over once it has been still that long', () => {
    const dir = newDir();
    const file = path.join(dir, DATA_DIR_LOCK_FILE);
    writeFileSync(file, '1\npid:[1]\n');
    const old = new Date(Date.now() - STALE_MS - 1_000);
    utimesSync(file, old, old);
    expect(() => DataDirLock.refuseForeignHolder(dir)).not.toThrow();
    let slept = 0;
    const lock = DataDirLock.take(dir, () => slept++);
    locks.push(lock);
    expect(slept).toBe(0);
    lock.release();

    writeFileSync(file, '1\npid:[1]\n');
    const recent = new Date(Date.now() - STALE_MS + 300);
    utimesSync(file, recent, recent);
    expect(() => DataDirLock.refuseForeignHolder(dir)).toThrow(DataDirInUseError);
    const start = Date.now();
    locks.push(DataDirLock.take(dir));
    expect(Date.now() - start).toBeGreaterThanOrEqual(200);
  });

  it("the holder's heartbeat keeps its lock's time fresh (on a thread of its own, so a busy main thread does not stale it)", async () => {
    const dir = newDir();
    const file = path.join(dir, DATA_DIR_LOCK_FILE);
    locks.push(DataDirLock.take(dir));
    // First the heartbeat's thread running (its start takes seconds on a loaded host: CI, 2026-12-02, load 8).
    const stale = (): void => {
      const old = new Date(Date.now() - 60_000);
      utimesSync(file, old, old);
    };
    stale();
    await until(() => Date.now() - statSync(file).mtimeMs < HEARTBEAT_MS * 2, 'the heartbeat thread running');
    stale();
    // The main thread busy for longer than a heartbeat: the time moves all the same.
    const until1 = Date.now() + HEARTBEAT_MS * 2.5;
    while (Date.now() < until1) {
      // busy
    }
    expect(Date.now() - statSync(file).mtimeMs).toBeLessThan(HEARTBEAT_MS * 2);
    await until(() => Date.now() - statSync(file).mtimeMs < HEARTBEAT_MS * 2, 'a fresh lock');
  });
});
