/**
 * One exchange per data directory and per port. A second PATX started by mistake
 * on the same data directory (LMDB would let it append to the same journal) or the
 * same ports (uWS's default SO_REUSEPORT would let it share them) must refuse to
 * start, name what is in use, and leave the running one untouched.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MarketDataClient } from '../../src/client/index.js';
import { loadConfig, type Config } from '../../src/app/config.js';
import { DATA_DIR_LOCK_FILE, DataDirInUseError, DataDirLock } from '../../src/app/data-dir-lock.js';
import { CommandKind, Role, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { isZombie } from '../../src/runtime/process-stat.js';
import { startService, type Service } from '../../src/app/service.js';
import { freePort } from '../../src/settlement/index.js';
import { until } from '../support/exchange-fixture.js';

const NOW = Date.UTC(2026, 10, 21, 12);
const logger = createLogger('silent');
const dirs: string[] = [];
const children: ChildProcess[] = [];

/** Root with setpriv, in a checkout whose sources and tsx user 65534 can read. */
function nobodyCanReadTheCheckout(): boolean {
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/setpriv')) return false;
  const files = [path.resolve('src/app/data-dir-lock.ts'), path.resolve('node_modules/tsx/package.json')];
  return spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'test', '-r', files[0]!, '-a', '-r', files[1]!]).status === 0;
}

function newDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-one-'));
  dirs.push(dir);
  return dir;
}

function configOn(dataDir: string, gateway: { port?: number; marketDataPort?: number } = {}): Config {
  return loadConfig({}, {
    dataDir,
    gateway: { port: 0, marketDataPort: 0, ...gateway },
    sequencer: { snapshotEveryCommands: 0, snapshotEveryMs: 0 },
    quoting: { enabled: false },
    settlement: { enabled: false },
  });
}

function startFailure(config: Config): Promise<unknown> {
  return startService(config, logger, () => NOW).then(
    async (service) => {
      await service.stop();
      return undefined;
    },
    (error: unknown) => error,
  );
}

/** `npm start`'s entry point in a process of its own, on `dataDir`, with any free ports. */
function mainProcess(dataDir: string, env: Record<string, string> = {}): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['bin/start.js'], {
    env: { ...process.env, PATX_DATA_DIR: dataDir, PATX_PORT: '0', PATX_MARKET_DATA_PORT: '0', PATX_PROVIDER_PORT: '0', PATX_SETTLEMENT: 'off', PATX_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

/** The pid of a process that has exited (and so holds nothing). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}

/**
 * A process that has exited but is not reaped: the background child of a shell that then becomes
 * `sleep`, which never waits for it (as a service killed with its process group waits for init).
 * The child exits only once its parent is `sleep` (in `$$`, the shell's pid in a subshell too): a
 * child that exited while the shell still ran could be reaped by it, and once was under load.
 * Its parent is stopped with the test's other children.
 */
async function zombiePid(): Promise<number> {
  const script = '( while [ "$(cat /proc/$$/comm)" != sleep ]; do sleep 0.01; done ) & echo $!; exec sleep 30';
  const parent = spawn('/bin/sh', ['-c', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(parent);
  const pid = await new Promise<number>((resolve) => parent.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
  await until(() => isZombie(pid), 'the child to exit, unreaped');
  return pid;
}

let running: Service[] = [];

beforeEach(() => {
  running = [];
});

afterEach(async () => {
  for (const service of running) await service.stop();
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('one exchange per data directory', () => {
  it('refuses a second service on the same data directory, writing nothing; the first trades on, and the directory is free once it stops', async () => {
    const dir = newDir();
    const first = await startService(configOn(dir), logger, () => NOW);
    running.push(first);
    const seq = first.engine.lastSeq;
    const hash = first.sequencer.stateHash();

    const failure = await startFailure(configOn(dir));
    expect(failure).toBeInstanceOf(DataDirInUseError);
    expect(failure).toMatchObject({ dataDir: dir, ownerPid: process.pid });
    expect((failure as Error).message).toContain(path.join(dir, DATA_DIR_LOCK_FILE));
    expect(first.engine.lastSeq).toBe(seq);
    expect(first.journal.lastSeq()).toBe(seq);
    expect(first.sequencer.stateHash()).toBe(hash);
    await first.sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: '' });
    expect(first.engine.lastSeq).toBe(seq + 1);

    await first.stop();
    running = [];
    const next = await startService(configOn(dir), logger, () => NOW);
    running.push(next);
    expect(next.engine.lastSeq).toBe(seq + 1);
  });

  it('another process (npm start) holds it while it lives: a second npm start exits 1 naming it; once killed, its lock is stale and a start recovers its state', async () => {
    const dir = newDir();
    const owner = mainProcess(dir);
    await until(() => owner.output().includes('PATX is running'), 'the first npm start');

    // Refused before the order path's rehearsal (its own scratch exchange: seconds of CPU beside the running one).
    const second = mainProcess(dir, { PATX_REHEARSAL_ORDERS: '2000' });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`in use by process ${owner.child.pid}`);
    expect(second.output()).not.toContain('order path rehearsed');
    expect(await startFailure(configOn(dir))).toMatchObject({ name: 'DataDirInUseError', ownerPid: owner.child.pid });

    owner.child.kill('SIGKILL');
    await owner.exited;
    const recovered = await startService(configOn(dir), logger, () => NOW);
    running.push(recovered);
    expect(recovered.engine.series.some((s) => s !== undefined)).toBe(true); // the demo listings the killed process journaled
  });

  it("takes over a lock copied with its directory (a backup restored beside the running service): it names the original, by inode; the original's own lock still holds, also under another path to it", () => {
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30_000)'], { stdio: 'ignore' }); // the original's holder: another live node
    try {
      const namespace = readlinkSync('/proc/self/ns/pid');
      const original = newDir();
      const { dev, ino } = statSync(original, { bigint: true });
      writeFileSync(path.join(original, DATA_DIR_LOCK_FILE), `${live.pid}\n${namespace}\n${dev}:${ino}\n`);
      expect(() => DataDirLock.take(original)).toThrow(DataDirInUseError);
      const alias = `${original}-alias`;
      symlinkSync(original, alias);
      expect(() => DataDirLock.take(alias)).toThrow(DataDirInUseError);
      // The copy's lock names the original's live holder: it is the original's, not the copy's.
      const copy = newDir();
      cpSync(path.join(original, DATA_DIR_LOCK_FILE), path.join(copy, DATA_DIR_LOCK_FILE));
      DataDirLock.take(copy).release();
      // A file from before the directory was written (pid and namespace only) still holds while its pid lives.
      writeFileSync(path.join(copy, DATA_DIR_LOCK_FILE), `${live.pid}\n${namespace}\n`);
      expect(() => DataDirLock.take(copy)).toThrow(DataDirInUseError);
    } finally {
      live.kill('SIGKILL');
    }
  });

  it('takes over a lock naming a live process that is not node (after a reboot on a persistent volume, its pid is another program\'s)', async () => {
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await until(() => existsSync(`/proc/${other.pid}/cmdline`), 'sleep runs');
      const dir = newDir();
      writeFileSync(path.join(dir, DATA_DIR_LOCK_FILE), `${other.pid}\n${readlinkSync('/proc/self/ns/pid')}\n`);
      DataDirLock.take(dir).release();
    } finally {
      other.kill('SIGKILL');
    }
  });

  // EPERM (the lock's pid is another user's) arises only for a process that is not root: the taking runs as nobody,
  // so only where this test runs as root and nobody can read the checkout (not one under a private home).
  it.skipIf(!nobodyCanReadTheCheckout())('seen by another user (its signal refused): a lock naming a node process is held, one naming a process that is not node is taken', async () => {
    const holders = [spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }), spawn('sleep', ['30'], { stdio: 'ignore' })];
    try {
      await until(() => holders.every((h) => existsSync(`/proc/${h.pid}/cmdline`)), 'the holders run');
      const outcomes: string[] = [];
      for (const holder of holders) {
        const dir = newDir();
        chmodSync(dir, 0o777);
        // Readable by nobody whatever umask an earlier test's service left this process with.
        writeFileSync(path.join(dir, DATA_DIR_LOCK_FILE), `${holder.pid}\n${readlinkSync('/proc/self/ns/pid')}\n`);
        chmodSync(path.join(dir, DATA_DIR_LOCK_FILE), 0o644);
        const take = `import { DataDirLock } from ${JSON.stringify(path.resolve('src/app/data-dir-lock.ts'))};
try { DataDirLock.take(${JSON.stringify(dir)}).release(); console.log('taken'); } catch (e) { console.log(e.constructor.name); }`;
        const out = execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--import', 'tsx', '--input-type=module', '-e', take], {
          encoding: 'utf8',
          env: { ...process.env, HOME: dir, TSX_DISABLE_CACHE: '1' },
        });
        outcomes.push(out.trim());
      }
      expect(outcomes).toEqual(['DataDirInUseError', 'taken']);
    } finally {
      for (const h of holders) h.kill('SIGKILL');
    }
  });

  it.skipIf(!nobodyCanReadTheCheckout())('refuses, and leaves in place, a lock file another user wrote and this one may not read', () => {
    const dir = newDir();
    chmodSync(dir, 0o777); // nobody may remove the file: only reading it is refused
    const file = path.join(dir, DATA_DIR_LOCK_FILE);
    writeFileSync(file, `${process.pid}\n${readlinkSync('/proc/self/ns/pid')}\n`);
    chmodSync(file, 0o600);
    const take = `import { DataDirLock } from ${JSON.stringify(path.resolve('src/app/data-dir-lock.ts'))};
try { DataDirLock.take(${JSON.stringify(dir)}).release(); console.log('taken'); } catch (e) { console.log(e.constructor.name, e.unreadable, e.message); }`;
    const out = execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--import', 'tsx', '--input-type=module', '-e', take], {
      encoding: 'utf8',
      env: { ...process.env, HOME: dir, TSX_DISABLE_CACHE: '1' },
    });
    expect(out.trim()).toBe(`DataDirInUseError true data directory ${dir} has a lock file (${DATA_DIR_LOCK_FILE}) this user may not read: another user's PATX may run on it; start as that user, or, if no PATX runs on it, remove the file`);
    expect(readFileSync(file, 'utf8')).toBe(`${process.pid}\n${readlinkSync('/proc/self/ns/pid')}\n`);
  });

  it('takes over a lock file left by a process that is gone, or exited and not yet reaped, one holding no pid, or one naming this pid from a former life (container restart)', async () => {
    const dir = newDir();
    const file = path.join(dir, DATA_DIR_LOCK_FILE);
    const zombie = await zombiePid();
    expect(() => process.kill(zombie, 0)).not.toThrow(); // signal 0 still reaches it
    for (const leftover of [`${await deadPid()}\n`, `${zombie}\n`, '', 'not a pid\n', `${process.pid}\n`]) {
      writeFileSync(file, leftover);
      const lock = DataDirLock.take(dir);
      expect(() => DataDirLock.take(dir)).toThrow(DataDirInUseError);
      lock.release();
      lock.release(); // idempotent
    }
  });
});

describe('one exchange per port', () => {
  it('refuses a second service on a port in use, naming it, and frees its data directory; the first serves on, and its restart takes the same ports again', async () => {
    // Fixed ports, as `npm start` uses: a port the kernel chose (port 0) is never shared anyway.
    const port = await freePort();
    const marketDataPort = await freePort();
    const first = await startService(configOn(newDir(), { port, marketDataPort }), logger, () => NOW);
    running.push(first);

    const dir = newDir();
    const onGatewayPort = await startFailure(configOn(dir, { port }));
    expect((onGatewayPort as Error).message).toBe(`gateway cannot listen on 127.0.0.1:${port}: port ${port} is in use (another PATX, or another program; pick another port)`);
    const onMarketDataPort = await startFailure(configOn(dir, { marketDataPort }));
    expect((onMarketDataPort as Error).message).toBe(`market data cannot listen on 127.0.0.1:${marketDataPort}: port ${marketDataPort} is in use (another PATX, or another program; pick another port)`);

    // The failed starts gave the directory up, and the first still answers on its ports.
    running.push(await startService(configOn(dir), logger, () => NOW));
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const marketData = await MarketDataClient.connect(`ws://127.0.0.1:${marketDataPort}/v1/market`);

    // A restart takes the same ports again while the connections it closed linger in TIME_WAIT.
    const closed = new Promise((resolve) => marketData.once('closed', resolve));
    await first.stop();
    running.splice(running.indexOf(first), 1);
    await closed;
    running.push(await startService(configOn(newDir(), { port, marketDataPort }), logger, () => NOW));
  });
});
