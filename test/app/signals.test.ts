/**
 * The service as a container runs it: the Dockerfile's own CMD (parsed from the
 * Dockerfile, so the test follows it) with node as the process that receives
 * signals. SIGTERM (`docker stop`), SIGINT (Ctrl-C, to the process or its whole group) and SIGHUP
 * (the terminal closed) stop it cleanly: exit
 * 0, 'stopped' logged with the state hash, the data directory's lock released, the
 * local chain child gone, and a restart recovers the same state hash. Start-up
 * failures print one line and exit 2 (configuration) or 1 (anything else).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATA_DIR_LOCK_FILE } from '../../src/app/data-dir-lock.js';
import { processStat } from '../../src/runtime/process-stat.js';
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

/** The Dockerfile's ENV (one instruction, `KEY=VALUE` pairs continued with backslashes). */
function dockerEnv(): Record<string, string> {
  const lines = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith('ENV '));
  if (start < 0) throw new Error('the Dockerfile has no ENV');
  let text = '';
  for (let i = start; i < lines.length; i++) {
    text += ' ' + lines[i]!.replace(/\\\s*$/, '');
    if (!/\\\s*$/.test(lines[i]!)) break;
  }
  return Object.fromEntries(
    text
      .replace(/^\s*ENV\s+/, '')
      .trim()
      .split(/\s+/)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
}

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

/** `ownGroup`: in a process group of its own, as a terminal runs a job (Ctrl-C signals the whole group). */
function run(env: Record<string, string>, ownGroup = false): Run {
  const [command, ...args] = dockerCmd();
  const child = spawn(command === 'node' ? process.execPath : command!, args, {
    cwd: ROOT,
    env: { ...process.env, PATX_PORT: '0', PATX_MARKET_DATA_PORT: '0', PATX_CHAIN_PORT: '0', PATX_PROVIDER_PORT: '0', PATX_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: ownGroup,
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
    // undefined: not a process, or it ended while we looked
    if (/^\d+$/.test(entry) && processStat(Number(entry))?.ppid === pid) found.push(Number(entry));
  }
  return found;
}

/** Whether a process's command line holds `text` (false once it is gone). */
function commandHas(pid: number, text: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
  } catch {
    return false;
  }
}

/**
 * The service started in a process group of its own, as a terminal's job, running with its local chain and the demo's
 * two provider servers (processes of their own, in the service's group: src/demo/provider-process.ts); their pids.
 */
async function runningAsATerminalJob(): Promise<{ dir: string; service: Run; chain: number[]; providers: number[] }> {
  const dir = newDir();
  const service = run({ PATX_DATA_DIR: dir }, true);
  await until(() => service.output().includes('PATX is running'), 'the service to start', 120_000);
  let providers: number[] = [];
  await until(() => (providers = childrenOf(service.child.pid!).filter((pid) => commandHas(pid, 'provider-child'))).length === 2, "the demo's provider servers", 60_000);
  const chain = childrenOf(service.child.pid!).filter((pid) => commandHas(pid, 'anvil'));
  expect(chain.length).toBeGreaterThan(0);
  return { dir, service, chain, providers };
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

// A hang guard, no timing threshold: the waits inside allow a start 120 s on a loaded host, so the tests allow more than that.
describe("the Dockerfile's environment (every server on 0.0.0.0)", { timeout: 180_000 }, () => {
  /** The image's ENV with a fresh data dir and free ports (only 127.0.0.1 is ever dialled). */
  const imageEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
    ...dockerEnv(),
    PATX_DATA_DIR: newDir(),
    PATX_PORT: '0',
    PATX_MARKET_DATA_PORT: '0',
    PATX_CHAIN_PORT: '0',
    PATX_PROVIDER_PORT: '0',
    ...extra,
  });

  it('names PATX_HOST=0.0.0.0 and the embedded chain on 0.0.0.0 (the filter), and runs as the node user', () => {
    expect(dockerEnv()).toMatchObject({ PATX_HOST: '0.0.0.0', PATX_CHAIN_HOST: '0.0.0.0', PATX_PROVIDER_HOST: '0.0.0.0' });
    expect(dockerEnv().PATX_ALLOW_PLAINTEXT).toBeUndefined();
    const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^RUN mkdir -p \/app\/data && chown node:node \/app\/data/m);
  });

  it('refuses plaintext as the image stands: a configuration error (exit 2), PLAINTEXT_NOT_LOOPBACK, nothing started or written', async () => {
    const dir = path.join(newDir(), 'never-created');
    const service = run(imageEnv({ PATX_DATA_DIR: dir }));
    expect(await service.exited).toBe(2);
    expect(service.output()).toBe('patx: PLAINTEXT_NOT_LOOPBACK: gateway would listen on 0.0.0.0 without TLS: set PATX_TLS_CERT and PATX_TLS_KEY (PEM files), or PATX_ALLOW_PLAINTEXT=1 when a TLS-terminating proxy is in front, or listen on 127.0.0.1 (docs/security.md, "TLS")\n');
    // Before, the data directory was made and journaled (accounts, parameter seeds, secrets) before the refusal.
    expect(existsSync(dir)).toBe(false);
    // A certificate that cannot be read is a configuration error too.
    const tls = run(imageEnv({ PATX_DATA_DIR: dir, PATX_TLS_CERT: '/nonexistent/cert.pem', PATX_TLS_KEY: '/nonexistent/key.pem' }));
    expect(await tls.exited).toBe(2);
    expect(tls.output()).toMatch(/^patx: TLS_FILE_UNREADABLE: cannot read the TLS certificate \/nonexistent\/cert\.pem/);
    expect(existsSync(dir)).toBe(false);
  });

  it('starts behind a TLS-terminating proxy (PATX_ALLOW_PLAINTEXT=1): anvil on loopback behind its filter, and stops on SIGTERM', async () => {
    const service = run(imageEnv({ PATX_ALLOW_PLAINTEXT: '1', PATX_SETTLEMENT: 'on' }));
    await until(() => service.output().includes('PATX is running'), 'the service to start', 120_000);
    const chain = service.output().split('\n').find((l) => l.includes('"msg":"embedded chain (anvil) started"'));
    expect(JSON.parse(chain!)).toMatchObject({ rpcUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
  });

  it('serves TLS with certificates mounted: https /healthz, and the demo trades, deposits through the filter and redeems a grant over https/wss', async () => {
    const dir = newDir();
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync('/usr/bin/openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
    // No PATX_PUBLIC_RPC_URL: its 8545 is not this test's port; depositors are then given the filter's own URL.
    const service = run(imageEnv({ PATX_TLS_CERT: cert, PATX_TLS_KEY: key, NODE_EXTRA_CA_CERTS: cert, PATX_PUBLIC_RPC_URL: '' }));
    await until(() => service.output().includes('PATX is running'), 'the service to start', 120_000);
    const listening = JSON.parse(service.output().split('\n').find((l) => l.includes('"msg":"gateway listening"'))!) as { port: number };
    const health = await new Promise<number>((resolve, reject) =>
      httpsGet(`https://127.0.0.1:${listening.port}/healthz`, { ca: readFileSync(cert) }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject),
    );
    expect(health).toBe(200);
    await until(() => service.output().includes('demo consumer deposited 1000 PAT on-chain'), 'the demo deposit through the RPC filter', 120_000);
    // Records received from the reference provider server over https (the listing names it so), its delivery report sent back over https.
    const redeemed = (): boolean => service.output().split('\n').some((l) => l.includes('"msg":"demo consumer used a grant"') && l.includes('"outcome":"received"') && l.includes('"endpoint":"https://127.0.0.1:'));
    await until(redeemed, 'the demo to redeem a grant at the provider server over https', 120_000);
    expect(service.output()).not.toContain('delivery report not sent');
    expect(service.output()).not.toContain('the exchange refused a delivery report');
    expect(service.output()).not.toContain('did not start');
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
  });
});

// A hang guard, no timing threshold: the waits inside allow a start 120 s on a loaded host, so the tests allow more than that.
describe('signals stop the service cleanly', { timeout: 180_000 }, () => {
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

  it('SIGINT (Ctrl-C) the same, after a start with its warm-ups (the rehearsal on a scratch exchange, the order path on a scratch engine)', async () => {
    const dir = newDir();
    // The suite turns the warm-ups off (vitest.config.ts); this start runs them, smaller than npm start's.
    const service = run({ PATX_DATA_DIR: dir, PATX_SETTLEMENT: 'off', PATX_REHEARSAL_ORDERS: '2000', PATX_WARM_UP_ORDERS: '10000' });
    await until(() => service.output().includes('PATX is running'), 'the service to start', 60_000);
    const said = service.output();
    expect(said).toContain('"orders":2000,');
    expect(said.indexOf('"msg":"order path rehearsed on a scratch exchange"')).toBeGreaterThan(-1);
    expect(said.indexOf('"msg":"order path warmed (scratch engine and journal)"')).toBeGreaterThan(said.indexOf('"msg":"order path rehearsed on a scratch exchange"'));
    expect(said.indexOf('"msg":"gateway listening"')).toBeGreaterThan(said.indexOf('"msg":"order path warmed (scratch engine and journal)"'));
    service.child.kill('SIGINT');
    expect(await service.exited).toBe(0);
    expect(service.output()).toContain('"msg":"stopped"');
    expect(existsSync(path.join(dir, DATA_DIR_LOCK_FILE))).toBe(false);
  });

  // A terminal's Ctrl-C signals every process of the foreground group. The chain used to be in it and
  // stop at once, while the shutdown still settled: a batch in flight met a closed port.
  it('Ctrl-C in a terminal (SIGINT to the whole process group): the local chain is not in the group; the service stops it, last', async () => {
    const { dir, service, chain, providers } = await runningAsATerminalJob();
    for (const pid of chain) expect(processStat(pid)!.pgrp).not.toBe(processStat(service.child.pid!)!.pgrp);
    process.kill(-service.child.pid!, 'SIGINT');
    expect(await service.exited).toBe(0);
    expect(service.output()).toContain('"msg":"stopped"');
    expect(service.output()).not.toContain('settlement waits');
    // The provider servers got the SIGINT too and left their stop to the service: none was restarted on its way out.
    expect(service.output()).not.toContain('demo provider server process exited');
    expect(existsSync(path.join(dir, DATA_DIR_LOCK_FILE))).toBe(false);
    await until(() => chain.every((pid) => !alive(pid)), 'the service to stop the local chain');
    await until(() => providers.every((pid) => !alive(pid)), "the service to stop the demo's provider servers");
  });

  it('SIGHUP (the terminal closed) stops it the same, the local chain with it', async () => {
    const { service, chain, providers } = await runningAsATerminalJob();
    process.kill(-service.child.pid!, 'SIGHUP');
    expect(await service.exited).toBe(0);
    expect(service.output()).toContain('"signal":"SIGHUP"');
    expect(service.output()).toContain('"msg":"stopped"');
    await until(() => chain.every((pid) => !alive(pid)), 'the service to stop the local chain');
    await until(() => providers.every((pid) => !alive(pid)), "the service to stop the demo's provider servers");
  });

  it("Ctrl-C (its whole group) while the demo's provider servers start: what the stop cut short is said at info level, no warning", async () => {
    const service = run({ PATX_DATA_DIR: newDir() }, true);
    await until(() => service.output().includes('"module":"provider-server"'), 'the first provider server', 120_000);
    process.kill(-service.child.pid!, 'SIGINT');
    expect(await service.exited).toBe(0);
    expect(service.output()).toContain('"msg":"stopped"');
    expect(service.output().split('\n').filter((l) => /"level":[4-6]0/.test(l))).toEqual([]);
  }, 150_000);

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
