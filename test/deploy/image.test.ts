/**
 * The PATX image as users run it, built and started by a real Docker engine: the base from
 * Debian 13 packages and Node 24 from the npm registry (scripts/docker/build-base.sh), the
 * image from this checkout's Dockerfile (scripts/docker/build-image.sh; Docker's layer cache
 * makes a rebuild of unchanged sources take seconds). One container, `--network host` with
 * every server on 127.0.0.1 and on ports 0 (so nothing here collides with another service on
 * the machine, and nothing listens beyond loopback), TLS from a certificate made here and
 * mounted read-only, its data on a named volume. It checks: Node 24 loads uWS natively on
 * glibc 2.41; GET /readyz over TLS; a signed order over wss acknowledged as accepted; `docker
 * stop` exits 0 (SIGTERM handled, not 143 nor 137) with the state hash logged; `docker start`
 * recovers that same hash from the volume and takes orders again. Prints the image's size.
 *
 * Needs a Docker engine (root): not part of `npm test`, run by `npm run test:image`
 * (vitest.image.config.ts), which .ci/run calls after installing docker.io and mmdebstrap and
 * starting dockerd. Without an engine it fails at once, saying so.
 */
import { execFile as execFileCb, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ackOutcome, TradingClient, wire, type patx } from '../../src/client/index.js';
import { HARDHAT_KEYS } from '../../src/settlement/hardhat-keys.js';
import { until } from '../support/exchange-fixture.js';

const execFile = promisify(execFileCb);
const ROOT = path.resolve(import.meta.dirname, '../..');
const IMAGE = process.env.PATX_TEST_IMAGE ?? 'patx:latest';
const suffix = `${process.pid}-${Date.now().toString(36)}`;
const CONTAINER = `patx-image-test-${suffix}`;
const VOLUME = `patx-image-test-${suffix}`;
/** The demo market's consumer (src/demo/demo-market.ts): it deposits 1000 PAT at start, so its orders are funded. */
const TRADER_KEY = HARDHAT_KEYS[6]!;
/** Above any id the demo's own client uses for this account. */
const CLIENT_ORDER_ID = 7_000_000_001;
/** Logged once the service serves (src/main.ts). */
const RUNNING = 'PATX is running; Ctrl-C to stop';

let tlsDir = '';
let ca = Buffer.alloc(0);

async function docker(...args: string[]): Promise<string> {
  const { stdout } = await execFile('docker', args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim();
}

/**
 * The container's log (stdout and stderr: pino's JSON lines and the service's own stderr lines),
 * followed by one `docker logs -f` per start of the container: it ends when the container stops.
 */
interface Follower {
  text: () => string;
  ended: Promise<void>;
}
let follower: Follower | undefined;

function follow(): Follower {
  const child = spawn('docker', ['logs', '-f', CONTAINER], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const ended = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return { text: () => text, ended };
}

function lines(text: string, msg: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l.includes(`"msg":"${msg}"`))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function state(): Promise<{ running: boolean; exitCode: number }> {
  const [running, exitCode] = (await docker('inspect', '-f', '{{.State.Running}} {{.State.ExitCode}}', CONTAINER)).split(' ');
  return { running: running === 'true', exitCode: Number(exitCode) };
}

/** Until the log holds `count` lines with this message; fails at once (with the log's tail) if the container stops. */
async function untilLogged(msg: string, count: number, timeoutMs: number): Promise<string> {
  const f = follower!;
  let stopped = false;
  void f.ended.then(() => (stopped = true));
  await until(
    () => {
      if (lines(f.text(), msg).length >= count) return true;
      if (stopped) throw new Error(`the container stopped before logging "${msg}":\n${f.text().split('\n').slice(-40).join('\n')}`);
      return false;
    },
    `"${msg}" in the container's log (${count})`,
    timeoutMs,
  );
  return f.text();
}

function httpsStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) =>
    httpsGet(url, { ca }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject),
  );
}

/** The port of the gateway the container's last start opened (its servers listen on ports 0). */
function gatewayPort(text: string): number {
  const listening = lines(text, 'gateway listening');
  return listening[listening.length - 1]!.port as number;
}

async function connectTrader(port: number): Promise<TradingClient> {
  return TradingClient.connect(`wss://127.0.0.1:${port}/v1/trade`, { wallet: new Wallet(TRADER_KEY), tls: { ca } });
}

beforeAll(async () => {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore' });
  } catch {
    throw new Error('no Docker engine answers `docker info`: this test needs one (as root: apt-get install docker.io mmdebstrap, then start dockerd); .ci/run does both before `npm run test:image`');
  }
  // Built, or reused from Docker's cache when nothing changed (its output: how long, how large).
  // Asynchronously: a first build takes minutes, and a blocked worker loses its line to vitest.
  const built = await execFile('bash', [path.join(ROOT, 'scripts/docker/build-image.sh')], { cwd: ROOT, env: { ...process.env, IMAGE_TAG: IMAGE }, maxBuffer: 256 * 1024 * 1024 }).catch((error: unknown) => {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`scripts/docker/build-image.sh failed:\n${`${stdout ?? ''}${stderr ?? ''}`.split('\n').slice(-60).join('\n')}`);
  });
  process.stdout.write(built.stdout.split('\n').filter((l) => /^build-(base|image):/.test(l)).join('\n') + '\n');

  tlsDir = mkdtempSync(path.join(os.tmpdir(), 'patx-image-tls-'));
  const cert = path.join(tlsDir, 'cert.pem');
  const key = path.join(tlsDir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
  // Readable by the container's `node` user (uid 1000), the mount being read-only: a throwaway key.
  chmodSync(tlsDir, 0o755);
  chmodSync(key, 0o644);
  ca = readFileSync(cert);
  await docker('volume', 'create', VOLUME);
}, 20 * 60_000);

afterAll(async () => {
  await execFile('docker', ['rm', '-f', CONTAINER]).catch(() => undefined);
  await execFile('docker', ['volume', 'rm', '-f', VOLUME]).catch(() => undefined);
  if (tlsDir !== '') rmSync(tlsDir, { recursive: true, force: true });
}, 120_000);

describe('the PATX image (Debian 13, Node 24) under Docker', () => {
  let orderSeq = 0;
  let stoppedHash = '';
  let stoppedSeq = 0;
  let orderId = 0;
  let seriesId = 0;
  let priceMicros = 0;
  let qty = 0;

  it('reports its size', async () => {
    const size = await docker('image', 'ls', '--format', '{{.Size}}', IMAGE);
    const base = JSON.parse(await docker('image', 'inspect', '-f', '{{json .Config.Labels}}', IMAGE)) as Record<string, string> | null;
    process.stdout.write(`image ${IMAGE}: ${size} (docker image ls)${base?.['patx.base.node'] ? `, Node ${base['patx.base.node']}, glibc ${base['patx.base.glibc']}` : ''}\n`);
    expect(size).toMatch(/^\d+(\.\d+)?[kMG]?B$/);
  });

  it('starts on host networking, bound to 127.0.0.1 with TLS, Node 24 loading uWS natively on glibc 2.41; /readyz answers 200 over TLS', async () => {
    await docker(
      'run', '-d', '--name', CONTAINER, '--network', 'host',
      '-v', `${VOLUME}:/app/data`, '-v', `${tlsDir}:/tls:ro`,
      // Host networking: the container's interfaces are the host's; loopback only, and TLS.
      '-e', 'PATX_HOST=127.0.0.1', '-e', 'PATX_CHAIN_HOST=127.0.0.1', '-e', 'PATX_PROVIDER_HOST=127.0.0.1',
      '-e', 'PATX_PORT=0', '-e', 'PATX_MARKET_DATA_PORT=0', '-e', 'PATX_CHAIN_PORT=0', '-e', 'PATX_PROVIDER_PORT=0',
      '-e', 'PATX_TLS_CERT=/tls/cert.pem', '-e', 'PATX_TLS_KEY=/tls/key.pem',
      // The demo inside dials the service's own https/wss endpoints; depositors get the chain filter's own URL.
      '-e', 'NODE_EXTRA_CA_CERTS=/tls/cert.pem', '-e', 'PATX_PUBLIC_RPC_URL=',
      IMAGE,
    );
    follower = follow();
    const text = await untilLogged(RUNNING, 1, 300_000);
    const uws = lines(text, 'uWS native binding loaded')[0]!;
    expect(uws).toMatchObject({ node: expect.stringMatching(/^v24\./), abi: '137', glibc: '2.41', package: 'uWebSockets.js' });
    expect(text).not.toMatch(/falling back|fallback implementation/i);
    expect(lines(text, 'gateway listening')[0]).toMatchObject({ host: '127.0.0.1' });
    const port = gatewayPort(text);
    let status = 0;
    await until(async () => (status = await httpsStatus(`https://127.0.0.1:${port}/readyz`)) === 200, '/readyz to answer 200 over TLS', 180_000);
    expect(status).toBe(200);
    // The same port refuses to speak plaintext.
    await expect(fetch(`http://127.0.0.1:${port}/readyz`)).rejects.toThrow();
  }, 420_000);

  it('acknowledges a signed order over wss as accepted, once the demo consumer’s deposit is credited', async () => {
    const trader = await connectTrader(gatewayPort(follower!.text()));
    try {
      // The demo deposits 1000 PAT for this account on the embedded chain at start; credited after its confirmations.
      await until(async () => BigInt((await trader.account()).availableWei || '0') > 0n || (await new Promise((r) => setTimeout(r, 500)), false), 'the demo consumer’s deposit to be credited', 240_000);
      const spot = (await trader.series()).filter((s) => s.kind === wire.SeriesKind.SPOT && s.status === wire.SeriesStatus.TRADING);
      expect(spot.length).toBeGreaterThan(0);
      const series = spot[0]!;
      const tick = Number(series.tickMicros);
      const price = Math.ceil(Number(series.minPriceMicros) / tick) * tick;
      seriesId = Number(series.seriesId);
      priceMicros = price;
      qty = Number(series.lotSize) || 1;
      const ack: patx.v1.ICommandAck = await trader.newOrder({ seriesId, clientOrderId: CLIENT_ORDER_ID, side: wire.Side.BUY, priceMicros, qty });
      expect(ackOutcome(ack)).toBe('accepted');
      // The order's own report: NEW, resting (a refused order has order_id 0 and EXEC_REJECTED).
      const report = (ack.reports ?? []).find((r) => Number(r.clientOrderId) === CLIENT_ORDER_ID);
      expect(report).toMatchObject({ execType: wire.ExecType.EXEC_NEW, ordStatus: wire.OrdStatus.ORDER_NEW });
      orderSeq = Number(ack.seq);
      orderId = Number(report!.orderId);
      expect(orderId).toBeGreaterThan(0);
      expect(orderSeq).toBeGreaterThan(0);
      expect((await trader.openOrders()).map((o) => Number(o.orderId))).toContain(orderId);
    } finally {
      await trader.close();
    }
  }, 300_000);

  it('a second container on the same volume is refused, naming the first, which serves on; the image has its health check', async () => {
    const port = gatewayPort(follower!.text());
    // As the first was started (ports 0: nothing collides but the volume). Every container's node is pid 1: the lock
    // names its pid namespace and is kept fresh, so the second cannot take it for a stale one of its own (it did, and
    // the first died of SIGBUS: an outside review, 2026-12-01).
    const second = await execFile('docker', [
      'run', '--rm', '--name', `${CONTAINER}-second`, '--network', 'host', '-v', `${VOLUME}:/app/data`, '-v', `${tlsDir}:/tls:ro`,
      '-e', 'PATX_HOST=127.0.0.1', '-e', 'PATX_CHAIN_HOST=127.0.0.1', '-e', 'PATX_PROVIDER_HOST=127.0.0.1',
      '-e', 'PATX_PORT=0', '-e', 'PATX_MARKET_DATA_PORT=0', '-e', 'PATX_CHAIN_PORT=0', '-e', 'PATX_PROVIDER_PORT=0',
      '-e', 'PATX_TLS_CERT=/tls/cert.pem', '-e', 'PATX_TLS_KEY=/tls/key.pem', '-e', 'NODE_EXTRA_CA_CERTS=/tls/cert.pem',
      IMAGE,
    ], { maxBuffer: 64 * 1024 * 1024 }).then(
      () => ({ exitCode: 0, output: '' }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({ exitCode: error.code ?? -1, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
    );
    expect(second.exitCode).not.toBe(0);
    expect(second.output).toContain('in use by a PATX in another container');
    expect(await state()).toMatchObject({ running: true });
    expect(await httpsStatus(`https://127.0.0.1:${port}/readyz`)).toBe(200);
    // The image's HEALTHCHECK is bin/healthcheck.js (GET /readyz on PATX_PORT: here 0, so not run against this container;
    // test/app/healthcheck.test.ts runs it against a real gateway).
    expect(await docker('image', 'inspect', '-f', '{{json .Config.Healthcheck.Test}}', IMAGE)).toBe('["CMD","node","bin/healthcheck.js"]');
  }, 300_000);

  it('`docker stop` ends it cleanly: exit 0 (SIGTERM handled), the state hash logged', async () => {
    await docker('stop', '-t', '120', CONTAINER);
    const after = await state();
    expect(after.running).toBe(false);
    expect(after.exitCode).toBe(0);
    await follower!.ended;
    const stopped = lines(follower!.text(), 'stopped');
    expect(stopped).toHaveLength(1);
    stoppedHash = stopped[0]!.stateHash as string;
    stoppedSeq = stopped[0]!.seq as number;
    expect(stoppedHash).toMatch(/^[0-9a-f]{16,}$/);
    expect(stoppedSeq).toBeGreaterThanOrEqual(orderSeq);
    process.stdout.write(`docker stop: exit ${after.exitCode}, stopped at seq ${stoppedSeq}, state hash ${stoppedHash}\n`);
  }, 180_000);

  it('`docker start` recovers the same state hash from the volume and takes orders again; a second stop is clean too', async () => {
    expect(stoppedHash).not.toBe('');
    await docker('start', CONTAINER);
    follower = follow();
    const text = await untilLogged(RUNNING, 2, 300_000);
    const recovered = lines(text, 'recovered');
    expect(recovered).toHaveLength(2);
    expect(recovered[1]).toMatchObject({ seq: stoppedSeq, stateHash: stoppedHash });
    process.stdout.write(`docker start: recovered seq ${String(recovered[1]!.seq)}, state hash ${String(recovered[1]!.stateHash)}\n`);
    const port = gatewayPort(text);
    await until(async () => (await httpsStatus(`https://127.0.0.1:${port}/readyz`)) === 200, '/readyz after the restart', 180_000);
    // The account and its balance came back with the journal: it orders again (its first order was
    // cancelled at the stop, with the demo's session that asked for cancel-on-disconnect).
    const trader = await connectTrader(port);
    try {
      const ack = await trader.newOrder({ seriesId, clientOrderId: CLIENT_ORDER_ID + 1, side: wire.Side.BUY, priceMicros, qty });
      expect(ackOutcome(ack)).toBe('accepted');
      expect((ack.reports ?? []).find((r) => Number(r.clientOrderId) === CLIENT_ORDER_ID + 1)).toMatchObject({ execType: wire.ExecType.EXEC_NEW });
      expect(Number(ack.seq)).toBeGreaterThan(stoppedSeq);
    } finally {
      await trader.close();
    }
    await docker('stop', '-t', '120', CONTAINER);
    expect((await state()).exitCode).toBe(0);
    await follower!.ended;
    expect(lines(follower!.text(), 'stopped')).toHaveLength(2);
  }, 600_000);
});
