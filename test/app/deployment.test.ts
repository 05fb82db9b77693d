/**
 * Secrets and deployment (docs/security.md, "Secrets and deployment"), on a real service:
 * the data dir is 700 and every file in it 600 (the journal, catalog, grant stores, the
 * operator files, the lock file, the embedded chain's state), an old 755/644 data dir is
 * tightened at start and the change logged; the start is refused on a chain other than
 * the local one while a well-known development key is configured (and nothing is
 * created); operator tokens under 128 bits are refused at start.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { computeAddress } from 'ethers';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/app/config.js';
import { DevKeyOnPublicChainError, refuseDevKeysOffLocalChain } from '../../src/app/dev-keys.js';
import { createLogger } from '../../src/runtime/log.js';
import { WeakOperatorTokenError } from '../../src/operator/index.js';
import { startService, type Service } from '../../src/app/service.js';
import { HARDHAT_KEYS, WELL_KNOWN_DEV_KEYS } from '../../src/settlement/index.js';
import { removeDir } from '../support/exchange-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TOKEN = 'deployment-test-token-0123456789';
const logger = createLogger('silent');
const dirs: string[] = [];
let service: Service | undefined;

afterEach(async () => {
  await service?.stop();
  service = undefined;
  delete process.env.PATX_SETTLER_KEY;
  for (const d of dirs.splice(0)) removeDir(d);
});

function newDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `patx-${prefix}-`));
  dirs.push(dir);
  return dir;
}

/** A start that should have been refused: kept for afterEach to stop, reported as a word (not the whole Service). */
function started(s: Service): string {
  service = s;
  return 'started';
}

/** Every path under `dir` (itself included) with its permission bits, octal. */
function modes(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (full: string): void => {
    const st = lstatSync(full);
    out.set(path.relative(dir, full) || '.', `${st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : 'f'}${(st.mode & 0o777).toString(8)}`);
    if (st.isDirectory()) for (const name of readdirSync(full)) visit(path.join(full, name));
  };
  visit(dir);
  return out;
}

/** The paths whose mode is not 700 (directories) or 600 (files). */
function loose(dir: string): string[] {
  return [...modes(dir)].filter(([, m]) => m !== 'd700' && m !== 'f600').map(([p, m]) => `${p} ${m}`);
}

describe('the data directory: 700, files 600', () => {
  it('a fresh data dir, with the embedded chain: every directory 700 and every file 600, running and stopped', async () => {
    const dir = path.join(newDir('modes'), 'data');
    const config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0, operatorToken: TOKEN }, scheduleIntervalMs: 60_000, demo: { enabled: false }, settlement: { localChainPort: 0, pollIntervalMs: 50, batchIntervalMs: 100, localBlockIntervalMs: 50 } });
    service = await startService(config, logger);
    expect(service.settlement).toBeDefined();
    // An operator, so operators.json exists too.
    const res = await fetch(`http://127.0.0.1:${service.gateway.port}/operator/operators`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'olga', roles: ['risk'] }) });
    expect(res.status).toBe(201);
    const running = modes(dir);
    // What the issue found at 755/644 is here, and the lock file, LMDB's lock files and the chain's state too.
    for (const p of ['.', 'data.mdb', 'lock.mdb', 'patx.pid', 'operators.json', 'grant-signer.key', 'catalog/data.mdb', 'grants/data.mdb', 'chain/state.json', 'settlement/deployment.json']) expect(running.has(p), p).toBe(true);
    expect(running.size).toBeGreaterThan(25);
    expect(loose(dir)).toEqual([]);
    await service.stop();
    service = undefined;
    expect(loose(dir)).toEqual([]);
    expect(modes(dir).get('chain/state.json')).toBe('f600'); // written by anvil (a child process) as it stopped
  }, 120_000);

  it('an existing data dir of 755 and 644 is tightened at start, and the change is logged', async () => {
    const dir = newDir('old-modes');
    chmodSync(dir, 0o755);
    mkdirSync(path.join(dir, 'catalog-old'), { mode: 0o755 });
    chmodSync(path.join(dir, 'catalog-old'), 0o755);
    writeFileSync(path.join(dir, 'catalog-old', 'notes.txt'), 'kept\n', { mode: 0o644 });
    chmodSync(path.join(dir, 'catalog-old', 'notes.txt'), 0o644);
    writeFileSync(path.join(dir, 'operator-token'), `${TOKEN}\n`, { mode: 0o644 });
    chmodSync(path.join(dir, 'operator-token'), 0o644);
    const lines: string[] = [];
    const logged = pino({ level: 'info' }, { write: (s: string) => lines.push(s) });
    service = await startService(loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 60_000, settlement: { enabled: false } }), logged);
    expect(loose(dir)).toEqual([]);
    const line = lines.map((l) => JSON.parse(l) as { msg: string; changed?: Array<{ path: string; from: string; to: string }>; count?: number }).find((l) => l.msg.startsWith('data dir permissions tightened'));
    expect(line?.changed).toEqual(
      expect.arrayContaining([
        { path: '.', from: '755', to: '700' },
        { path: 'catalog-old', from: '755', to: '700' },
        { path: path.join('catalog-old', 'notes.txt'), from: '644', to: '600' },
        { path: 'operator-token', from: '644', to: '600' },
      ]),
    );
    expect(line?.count).toBe(4);
  });
});

describe('development keys off the local chain', () => {
  const SEPOLIA = 11155111;
  /** A config on Sepolia through an RPC that is never reached: the check comes first. */
  const onSepolia = (dataDir: string, over: Record<string, unknown> = {}, env: Record<string, string> = {}) =>
    loadConfig({ PATX_RPC_URL: 'http://127.0.0.1:9', PATX_CHAIN_ID: String(SEPOLIA), ...env }, { dataDir, gateway: { port: 0, marketDataPort: 0, operatorToken: TOKEN }, ...over });

  it("refuses to start with the issue's set-up (dev settler, dev council, the demo on) and names each key and its fix; nothing is created", async () => {
    const dataDir = path.join(newDir('devkeys'), 'data');
    process.env.PATX_SETTLER_KEY = HARDHAT_KEYS[0];
    const council = HARDHAT_KEYS.slice(1, 4).map((k) => computeAddress(k));
    const config = onSepolia(dataDir, { settlement: { council, threshold: 2 } }, { PATX_DEMO: 'on' });
    const error = await startService(config, logger).then(started, (e: unknown) => e);
    expect(error).toBeInstanceOf(DevKeyOnPublicChainError);
    const refused = error as DevKeyOnPublicChainError;
    expect(refused.code).toBe('DEV_KEY_ON_PUBLIC_CHAIN');
    expect(refused.chainId).toBe(SEPOLIA);
    expect(refused.uses.map((u) => u.use)).toEqual(['settler', 'council', 'council', 'council', 'demo', 'provider server']);
    expect(refused.message).toMatch(/chain 11155111 is not the local chain \(31337\)/);
    expect(refused.message).toMatch(/PATX_SETTLER_KEY is dev key #0; set PATX_SETTLER_KEY to a key of your own/);
    expect(refused.message).toMatch(/PATX_DEMO=off/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('each use alone is refused: the grant signer (any of the 20 keys, configured or kept), the broker, the reference provider server', async () => {
    const dataDir = newDir('devkeys-each');
    const uses = (config: ReturnType<typeof onSepolia>): string[] => {
      try {
        refuseDevKeysOffLocalChain(config, {});
        return [];
      } catch (error) {
        return (error as DevKeyOnPublicChainError).uses.map((u) => u.use);
      }
    };
    // Key #19: the list holds all twenty, not only the ten a local chain funds.
    expect(uses(onSepolia(dataDir, {}, { PATX_GRANT_SIGNER_KEY: WELL_KNOWN_DEV_KEYS[19]! }))).toEqual(['grant signer']);
    expect(uses(onSepolia(dataDir, { settlement: { brokerAddress: computeAddress(WELL_KNOWN_DEV_KEYS[12]!) } }))).toEqual(['broker']);
    expect(uses(onSepolia(dataDir, { settlement: { feeRecipient: computeAddress(WELL_KNOWN_DEV_KEYS[13]!) } }))).toEqual(['fee recipient']);
    expect(uses(onSepolia(dataDir, { providerServer: { enabled: true } }))).toEqual(['provider server']);
    // A key of one's own: accepted.
    expect(uses(onSepolia(dataDir, {}, { PATX_GRANT_SIGNER_KEY: `0x${'3c'.repeat(32)}` }))).toEqual([]);
    // The kept key from an earlier (local) start counts too.
    writeFileSync(path.join(dataDir, 'grant-signer.key'), `${WELL_KNOWN_DEV_KEYS[7]}\n`);
    expect(uses(onSepolia(dataDir))).toEqual(['grant signer']);
    // The settler key alone, given the settlement is on.
    expect(() => refuseDevKeysOffLocalChain(onSepolia(newDir('devkeys-settler')), { PATX_SETTLER_KEY: WELL_KNOWN_DEV_KEYS[15]!.slice(2).toUpperCase() })).toThrow(/settler \(PATX_SETTLER_KEY is dev key #15/);
    // On the local chain every one of them is fine (that is what they are for).
    const local = loadConfig({ PATX_GRANT_SIGNER_KEY: WELL_KNOWN_DEV_KEYS[19]!, PATX_DEMO: 'on' }, { dataDir });
    expect(() => refuseDevKeysOffLocalChain(local, { PATX_SETTLER_KEY: HARDHAT_KEYS[0]! })).not.toThrow();
  });
});

describe('operator tokens of at least 128 bits', () => {
  it('PATX_OPERATOR_TOKEN and gateway.operatorToken under 128 bits are refused by name; 22 base64url characters or 32 hex digits pass', () => {
    const problem = (token: string): string | undefined => {
      try {
        loadConfig({ PATX_OPERATOR_TOKEN: token });
        return undefined;
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).problems.join('\n');
      }
    };
    expect(problem('a')).toMatch(/^gateway\.operatorToken \(PATX_OPERATOR_TOKEN\): WEAK_OPERATOR_TOKEN: 1 character is under 128 bits/);
    expect(problem('A'.repeat(21))).toMatch(/WEAK_OPERATOR_TOKEN/);
    expect(problem('A-_'.repeat(7) + 'z')).toBeUndefined(); // 22
    expect(problem('0123456789abcdef'.repeat(2).slice(0, 31))).toMatch(/WEAK_OPERATOR_TOKEN/); // 31 hex digits: 124 bits
    expect(problem('0123456789abcdef'.repeat(2))).toBeUndefined(); // 32 hex digits: 128 bits
    expect(problem('token with spaces in it, long enough')).toMatch(/printable ASCII without spaces/);
    expect(() => loadConfig({}, { gateway: { operatorToken: 'short' } })).toThrow(/WEAK_OPERATOR_TOKEN/);
  });

  it('the token generated at first start is 32 base64url characters (192 bits), kept 600', async () => {
    const dir = newDir('generated');
    service = await startService(loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 60_000, settlement: { enabled: false } }), logger);
    expect(readFileSync(path.join(dir, 'operator-token'), 'utf8')).toMatch(/^[A-Za-z0-9_-]{32}\n$/);
    expect(modes(dir).get('operator-token')).toBe('f600');
  });

  it('a kept <dataDir>/operator-token under 128 bits stops the start with WeakOperatorTokenError', async () => {
    const dir = newDir('weak-kept');
    writeFileSync(path.join(dir, 'operator-token'), 'hunter2\n');
    const error = await startService(loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, settlement: { enabled: false } }), logger).then(started, (e: unknown) => e);
    expect(error).toBeInstanceOf(WeakOperatorTokenError);
    expect((error as WeakOperatorTokenError).code).toBe('WEAK_OPERATOR_TOKEN');
  });

  it('npm start with PATX_OPERATOR_TOKEN=a exits 2 naming the error, and creates nothing', async () => {
    const dir = path.join(newDir('weak-start'), 'never-created');
    const child = spawn(process.execPath, ['bin/start.js'], { cwd: ROOT, env: { ...process.env, PATX_DATA_DIR: dir, PATX_SETTLEMENT: 'off', PATX_OPERATOR_TOKEN: 'a', PATX_PORT: '0', PATX_MARKET_DATA_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (c: Buffer) => (text += c.toString()));
    child.stderr.on('data', (c: Buffer) => (text += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // A start that was not refused keeps running: stop it after a while rather than leave it behind.
    const timer = setTimeout(() => child.kill('SIGTERM'), 30_000);
    const code = await exited;
    clearTimeout(timer);
    expect(code).toBe(2);
    expect(text).toMatch(/gateway\.operatorToken \(PATX_OPERATOR_TOKEN\): WEAK_OPERATOR_TOKEN/);
    expect(existsSync(dir)).toBe(false);
  });
});
