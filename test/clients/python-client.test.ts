/**
 * The Python client (clients/python) against the real service: the service with its demo (the
 * broker quoting, the demo provider's listings served by the reference provider server) on
 * 127.0.0.1 with ports 0 and settlement off; fresh keys credited PAT through the sequencer, as the
 * system credits a deposit. Then Debian's /usr/bin/python3 runs the client's unittest suite (the
 * shared conformance cases, and the live cases: login, signed HTTP, a trade with the broker, an
 * exercise and a download with its receipt, a book kept in sync by sequence and checksum,
 * subscriptions), both examples, mypy in strict mode, and a `pip install` of the package into a fresh venv.
 *
 * Python or its Debian packages missing is a failure that says what to install, never a skip
 * (.ci/run installs them).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { startService, type Service } from '../../src/app/service.js';
import { startDemo, type RunningDemo } from '../../src/demo/run.js';
import { Role } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { removeDir, until } from '../support/exchange-fixture.js';
import { credit, openAccount } from '../support/subscription-market.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLIENT = path.join(ROOT, 'clients/python');
const PYTHON = '/usr/bin/python3';
/** The Debian packages the client and these tests need, and the module each provides. */
const DEBIAN_PACKAGES = { 'python3-protobuf': 'google.protobuf', 'python3-websocket': 'websocket', 'python3-ecdsa': 'ecdsa', 'python3-pycryptodome': 'Cryptodome', 'python3-venv': 'ensurepip', 'python3-mypy': 'mypy' };

const logger = createLogger(process.env.PATX_TEST_LOG ?? 'silent');
let dir: string;
let service: Service;
let demo: RunningDemo;
let httpUrl: string;
const tester = Wallet.createRandom();
const buyer = Wallet.createRandom();

interface Run {
  code: number | null;
  out: string;
}

/** Runs Debian's python3 in clients/python, the client on its path as if installed, with `env` added; its exit code and output (stdout and stderr). */
function python(args: string[], env: Record<string, string> = {}, cwd = CLIENT): Promise<Run> {
  const child = spawn(PYTHON, args, { cwd, env: { ...process.env, PYTHONPATH: CLIENT, ...env, PYTHONDONTWRITEBYTECODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    }),
  );
}

/** The packages missing, by Debian name (all of them when there is no /usr/bin/python3). */
function missingPackages(): string[] {
  return Object.entries(DEBIAN_PACKAGES)
    .filter(([, module]) => spawnSync(PYTHON, ['-c', `import ${module}`], { stdio: 'ignore' }).status !== 0)
    .map(([pkg]) => pkg);
}

/** Whether a listed spot series open now has a broker ask (the broker asks only what it holds: the demo's providers sell it more). */
async function aSpotAsked(): Promise<boolean> {
  const { listings } = (await (await fetch(`${httpUrl}/v1/listings`)).json()) as { listings?: { id: number }[] };
  for (const l of listings ?? []) {
    const { series } = (await (await fetch(`${httpUrl}/v1/series?listing=${l.id}&kind=SPOT&status=TRADING`)).json()) as { series?: { seriesId: number; openAtMs: number }[] };
    for (const s of (series ?? []).filter((x) => x.openAtMs <= Date.now())) {
      // Polled until the demo's first asks: past this address's rate the answer is 429 (no book), asked again at the next poll.
      const one = (await (await fetch(`${httpUrl}/v1/series/${s.seriesId}`)).json()) as { book?: { asks: unknown[] } };
      if (one.book !== undefined && one.book.asks.length > 0) return true;
    }
  }
  return false;
}

beforeAll(async () => {
  const missing = missingPackages();
  if (missing.length > 0) throw new Error(`the Python client's tests need Debian's ${PYTHON} with ${missing.join(', ')}: apt-get install ${missing.join(' ')} (.ci/run installs them)`);
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-python-client-'));
  // The test's own polls, the Python suite and the demo's provider server all come from 127.0.0.1: one address's rate
  // (docs/security.md) would refuse their sum, which is this test's arrangement, not what the client does (each case is a few requests).
  const config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0, httpRateLimitPerAddress: { burst: 10_000, perSecond: 10_000 } }, settlement: { enabled: false }, demo: { enabled: true }, providerServer: { port: 0 } });
  service = await startService(config, logger);
  demo = await startDemo(service, config, logger);
  httpUrl = `http://127.0.0.1:${service.gateway.port}`;
  for (const wallet of [tester, buyer]) await credit(service, await openAccount(service, Role.CONSUMER, wallet.address.toLowerCase()), 1_000n * 10n ** 18n);
  // A listing's spot series the broker asks in: what the trade, the download and the example buy.
  await until(aSpotAsked, 'a listed spot series with a broker ask', 120_000);
}, 180_000);

afterAll(async () => {
  await demo?.stop();
  await service?.stop();
  if (dir !== undefined) removeDir(dir);
});

describe('the Python client (clients/python)', () => {
  it("passes its unittest suite against the service: conformance cases, a connection's end, and live cases, none skipped", async () => {
    const run = await python(['-m', 'unittest', '-v', 'tests.test_conformance', 'tests.test_frames', 'tests.test_http', 'tests.test_live'], { PATX_URL: httpUrl, PATX_TEST_KEY: tester.privateKey, PATX_OPERATOR_TOKEN: readFileSync(path.join(dir, 'operator-token'), 'utf8').trim() });
    expect(run.code, run.out).toBe(0);
    const ran = /^Ran (\d+) tests? in/m.exec(run.out);
    expect(Number(ran?.[1]), run.out).toBe(29);
    expect(run.out).not.toMatch(/skipped/);
    for (const name of ['test_trade_with_the_broker_then_exercise_and_download_with_a_receipt', 'test_download_an_ndjson_file_typed_by_the_listing_with_its_statement_beside', 'test_download_a_usage_grant_takes_its_units_left_by_default', 'test_market_data_book_is_what_an_order_can_take', 'test_what_became_of_an_order_over_the_socket_and_http', 'test_signed_requests', 'test_book_from_frames', 'test_grants_left', 'test_a_dropped_connection_is_1006', 'test_receipts_are_listed_page_by_page', 'test_a_long_wait_is_typed_and_not_waited_for', 'test_a_read_refused_for_a_short_wait_is_sent_again_once', 'test_a_write_is_never_sent_again']) expect(run.out).toMatch(new RegExp(`${name} .*\\.\\.\\. ok`));
  }, 300_000);

  it('example.py lists the series with their broker quotes, from PATX_URL alone', async () => {
    // The live cases before it bought what the broker held: its asks come back as the demo's providers sell to it.
    await until(aSpotAsked, 'a listed spot series with a broker ask again', 120_000);
    const run = await python(['example.py'], { PATX_URL: httpUrl });
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain(`PATX at ${httpUrl}: order entry ws://127.0.0.1:${service.gateway.port}/v1/trade, market data ws://127.0.0.1:${service.gateway.marketData.port}/v1/market`);
    // A spot series quoted by the broker: its id, kind, contract, then bid and ask in PAT with four decimals.
    expect(run.out).toMatch(/^\s+\d+\s+SPOT\s+\S+\|\S+\|\S+\s+bid \d+\.\d{4} x \d+\s+ask \d+\.\d{4} x \d+$/m);
  }, 120_000);

  it('examples/buy_and_load.py buys a right, downloads its records with a receipt and loads them', async () => {
    const run = await python(['examples/buy_and_load.py'], { PATX_URL: httpUrl, PATX_KEY: buyer.privateKey });
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/^bought 1; grant \d+ for 1 download\(s\)$/m);
    expect(run.out).toMatch(/^received: [1-9]\d* records; receipt sent$/m);
    expect(run.out).toMatch(/DataFrame: [1-9]\d* rows|pandas is not installed: [1-9]\d* records as dicts/);
  }, 120_000);

  it('type-checks: mypy --strict over the package, the examples and the tests (PEP 561: py.typed)', async () => {
    const run = await python(['-m', 'mypy', '--cache-dir', path.join(dir, 'mypy-cache'), 'patx', 'example.py', 'examples', 'tests']);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/^Success: no issues found in \d+ source files$/m);
  }, 180_000);

  it('installs with pip into a venv over the system packages, and imports from anywhere', async () => {
    const venv = path.join(dir, 'venv');
    expect((await python(['-m', 'venv', '--system-site-packages', venv])).code).toBe(0);
    // From a copy: pip builds in the tree it is given (build/, *.egg-info), and the checkout stays as it was.
    const source = path.join(dir, 'python-client');
    cpSync(CLIENT, source, { recursive: true, filter: (from) => !/(^|\/)(build|[^/]*\.egg-info|\.mypy_cache|__pycache__)$/.test(from) });
    const install = spawnSync(path.join(venv, 'bin/pip'), ['install', '--no-build-isolation', '--no-index', source], { encoding: 'utf8', env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1' } });
    expect(install.status, install.stdout + install.stderr).toBe(0);
    const imported = spawnSync(path.join(venv, 'bin/python'), ['-c', 'import patx, pathlib; print(pathlib.Path(patx.__file__).parent.name, (pathlib.Path(patx.__file__).parent / "py.typed").exists(), patx.Wallet.create().address[:2])'], { cwd: os.tmpdir(), encoding: 'utf8' });
    expect(imported.stdout.trim(), imported.stderr).toBe('patx True 0x');
  }, 120_000);
});
