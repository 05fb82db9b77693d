/**
 * The service as a container runs it: the Dockerfile's own CMD (parsed from the
 * Dockerfile, so the test follows it) with node as the process that receives
 * signals. SIGTERM (`docker stop`) and SIGINT (Ctrl-C) both stop it cleanly: exit
 * 0, 'stopped' logged with the state hash, the data directory's lock released, the
 * local chain child gone, and a restart recovers the same state hash. Start-up
 * failures print one line and exit 2 (configuration) or 1 (anything else).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATA_DIR_LOCK_FILE } from '../../src/data-dir-lock.js';
import { until } from '../support/exchange-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
const children: ChildProcess[] = [];

afterAll(async () => {
  // SIGTERM first: a SIGKILLed service would leave its local chain running.
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  await until(() => children.every((c) => c.exitCode !== null || c.signalCode !== null), 'the services to stop', 30_000).catch(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The Dockerfile's CMD, exec form (a JSON array). */
function dockerCmd(): string[] {
  const line = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith('CMD '));
  if (line === undefined) throw new Error('the Dockerfile has no CMD');
  const cmd = JSON.parse(line.slice(4)) as unknown;
  if (!Array.isArray(cmd)) throw new Error(`CMD is not in exec form: ${line}`);
  return cmd as string[];
}

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function run(env: Record<string, string>): Run {
  const [command, ...args] = dockerCmd();
  const child = spawn(command === 'node' ? process.execPath : command!, args, {
    cwd: ROOT,
    env: { ...process.env, PATX_PORT: '0', PATX_MARKET_DATA_PORT: '0', PATX_CHAIN_PORT: '0', PATX_PROVIDER_PORT: '0', PATX_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

function newDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-signals-'));
  dirs.push(dir);
  return dir;
}

/** Pids of the live processes whose parent is `pid` (from /proc). */
function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function stateHashes(text: string, msg: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.includes(`"msg":"${msg}"`))
    .map((l) => (JSON.parse(l) as { stateHash: string }).stateHash);
}

describe('the Dockerfile runs node itself, with the flags of npm start', () => {
  it('CMD is exec form and matches package.json start', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
    expect(dockerCmd().join(' ')).toBe(pkg.scripts.start);
  });
});

describe('signals stop the service cleanly', () => {
  it('SIGTERM, with the local chain running: exit 0, stopped, lock released, chain child gone, restart reaches the same hash', async () => {
    const dir = newDir();
    const first = run({ PATX_DATA_DIR: dir });
    await until(() => first.output().includes('PATX is running'), 'the service to start', 120_000);
    const chainChildren = childrenOf(first.child.pid!);
    expect(chainChildren.length).toBeGreaterThan(0); // the local chain
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('"signal":"SIGTERM"');
    const [stopped] = stateHashes(first.output(), 'stopped');
    expect(stopped).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(path.join(dir, DATA_DIR_LOCK_FILE))).toBe(false);
    await until(() => chainChildren.every((pid) => !alive(pid)), 'the local chain to exit');

    const second = run({ PATX_DATA_DIR: dir, PATX_SETTLEMENT: 'off' });
    await until(() => second.output().includes('"msg":"recovered"'), 'the restart to recover', 60_000);
    expect(stateHashes(second.output(), 'recovered')[0]).toBe(stopped);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });

  it('SIGINT (Ctrl-C) the same', async () => {
    const dir = newDir();
    const service = run({ PATX_DATA_DIR: dir, PATX_SETTLEMENT: 'off' });
    await until(() => service.output().includes('PATX is running'), 'the service to start', 60_000);
    service.child.kill('SIGINT');
    expect(await service.exited).toBe(0);
    expect(service.output()).toContain('"msg":"stopped"');
    expect(existsSync(path.join(dir, DATA_DIR_LOCK_FILE))).toBe(false);
  });

  it('SIGTERM during start-up (the chain still starting) stops once start-up finishes, leaving no children', async () => {
    const dir = newDir();
    const service = run({ PATX_DATA_DIR: dir });
    await until(() => service.output().includes('"msg":"recovered"'), 'recovery', 60_000);
    const pid = service.child.pid!;
    let seen: number[] = [];
    await until(() => (seen = childrenOf(pid)).length > 0, 'the local chain child');
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(service.output()).not.toContain('PATX is running');
    expect(service.output()).toContain('"msg":"stopped"');
    await until(() => seen.every((p) => !alive(p)), 'the local chain to exit');
  });
});

describe('start-up failures: one line, a distinct exit code', () => {
  it('a bad configuration exits 2 listing every problem, without a stack trace, and starts nothing', async () => {
    const dir = path.join(newDir(), 'never-created');
    const service = run({ PATX_DATA_DIR: dir, PATX_SETTLEMENT: 'no', PATX_PORT: 'abc' });
    expect(await service.exited).toBe(2);
    expect(service.output()).toBe(
      'patx: invalid configuration (environment):\n  - PATX_PORT="abc": expected a whole number from 0 to 65535\n  - PATX_SETTLEMENT="no": expected on|off (also true|false, 1|0)\n',
    );
    expect(existsSync(dir)).toBe(false);
  });

  it('a host that is not this machine\'s says so (not "in use?") and exits 1', async () => {
    // TEST-NET-1: never local. Plaintext allowed, or the start would stop earlier (PLAINTEXT_NOT_LOOPBACK) without trying to bind.
    const service = run({ PATX_DATA_DIR: newDir(), PATX_SETTLEMENT: 'off', PATX_HOST: '192.0.2.1', PATX_ALLOW_PLAINTEXT: '1' });
    expect(await service.exited).toBe(1);
    expect(service.output()).toMatch(/\npatx: cannot start: (gateway|market data) cannot listen on 192\.0\.2\.1:0: 192\.0\.2\.1 is not an address of this machine/);
    expect(service.output()).not.toMatch(/\n\s+at /);
  });
});
