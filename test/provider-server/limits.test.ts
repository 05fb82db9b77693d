/**
 * The reference provider server open to the internet (src/provider-server/server.ts): a
 * client that never finishes its headers is cut off (node's headersTimeout answers 408
 * and closes), connections beyond the cap are closed as they arrive while those within
 * it are served, one address's connections beyond its own cap too (issue 74: 1,000 slow
 * connections from one address made 2 of 12 honest downloads fail), and the delivery
 * reports wait in a bounded queue: with the exchange not answering, reports beyond the
 * bound are dropped and counted, the rest sent once it does; refusals (which a consumer makes
 * at will) have a bound of their own, so they never take a delivery's place. One address's
 * requests beyond its rate are answered 429 before anything is read; another's are served.
 * Real sockets on loopback: the attacker is 127.0.0.1, an honest consumer 127.0.0.2 (its
 * sockets bound there with `localAddress`; all of 127.0.0.0/8 is loopback on Linux). The
 * only bound on time is the test's timeout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/runtime/log.js';
import { open } from 'lmdb';
import { demoRecords } from '../../src/demo/index.js';
import { freePort } from '../../src/runtime/free-port.js';
import { signGateRequest, type GateRequest } from '../../src/gate/index.js';
import { GrantSigner, type GrantDomain, type SignedGrant } from '../../src/grants/index.js';
import { ReportQueue, type DeliveryReport, type SendOutcome } from '../../src/provider-server/report-queue.js';
import type { ProviderServer, ProviderServerLimits, ProviderServerOptions } from '../../src/provider-server/server.js';
import { until } from '../support/exchange-fixture.js';
import { startBareProviderServer } from '../support/bare-provider-server.js';

/** A gate request's shape for the queue (the queue only carries it; the exchange is a stub here). */
const REQUEST: GateRequest = {
  grant: { grantId: 1, consumer: '0x' + '11'.repeat(20), provider: '0x' + '22'.repeat(20), listingId: 1, listingVersion: 1, seriesId: 1, windowOpenMs: 0, windowCloseMs: 1, quantity: 1, expiresAtMs: 2, nonce: 1 },
  signature: '0x',
  domain: { name: 'PATX', version: '1', chainId: 31337, verifyingContract: '0x' + '00'.repeat(20) },
  endpoint: 'http://127.0.0.1/records',
  use: 1,
  timeMs: 0,
  nonce: 'n',
  consumerSignature: '0x',
};

const logger = createLogger('silent');
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const domain: GrantDomain = { name: 'PATX', version: '1', chainId: 31337, verifyingContract: '0x0000000000000000000000000000000000000000' };

async function providerServer(limits: Partial<ProviderServerLimits>, over: Partial<ProviderServerOptions> = {}): Promise<ProviderServer> {
  const server = await startBareProviderServer({ domain, log: logger, limits, ...over });
  cleanups.push(() => server.close());
  return server;
}

/** A raw TCP connection (from `localAddress`); resolves `closed` with everything the server sent before it closed. */
async function rawSocket(port: number, localAddress = '127.0.0.1'): Promise<{ socket: Socket; closed: Promise<string> }> {
  const socket = connect({ port, host: '127.0.0.1', localAddress });
  cleanups.push(() => void socket.destroy());
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  socket.on('error', () => undefined);
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(text)));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, closed };
}

async function healthz(port: number): Promise<number> {
  return (await fetch(`http://127.0.0.1:${port}/healthz`)).status;
}

describe('the reference provider server under a hostile client', () => {
  it('cuts off a client that never finishes its headers, and serves the next', async () => {
    const server = await providerServer({ headersTimeoutMs: 300, requestTimeoutMs: 1_000 });
    const { socket, closed } = await rawSocket(server.port);
    socket.write('POST /records HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n'); // and never the blank line
    const answered = await closed;
    expect(answered).toMatch(/^HTTP\/1\.1 408 /);
    expect(await healthz(server.port)).toBe(200);
  });

  it('closes connections beyond the cap as they arrive; those within it are served', async () => {
    const server = await providerServer({ maxConnections: 2, headersTimeoutMs: 60_000, requestTimeoutMs: 60_000 });
    const first = await rawSocket(server.port);
    const second = await rawSocket(server.port);
    const third = await rawSocket(server.port);
    expect(await third.closed).toBe(''); // closed without a byte
    // The two within the cap still talk.
    for (const c of [first, second]) c.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect(await first.closed).toMatch(/^HTTP\/1\.1 200 /);
    expect(await second.closed).toMatch(/^HTTP\/1\.1 200 /);
  });
});

describe('connections per client address', () => {
  const ATTACKERS = 60;
  const PER_ADDRESS = 16;
  const DOWNLOADS = 12;
  const exchange = Wallet.createRandom();
  const provider = Wallet.createRandom();
  const consumer = Wallet.createRandom();
  const signer = new GrantSigner(exchange.privateKey, domain);
  const grant = (grantId: number): SignedGrant => {
    const now = Date.now();
    return signer.sign({ grantId, consumer: consumer.address, provider: provider.address, listingId: 3, listingVersion: 1, seriesId: 1, windowOpenMs: now - 3_600_000, windowCloseMs: now + 3_600_000, quantity: 1, expiresAtMs: now + 86_400_000, nonce: grantId });
  };

  /** One right's download (POST /records) on its own connection from 127.0.0.2: the status and the records' count, or the socket's error. */
  async function download(server: ProviderServer, grantId: number): Promise<string> {
    const body = JSON.stringify(await signGateRequest(consumer, grant(grantId), 1, { domain, endpoint: server.endpoint }));
    return new Promise((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port: server.port, localAddress: '127.0.0.2', path: '/records', method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(`${res.statusCode} ${res.statusCode === 200 ? (JSON.parse(text) as { records: unknown[] }).records.length : text}`));
      });
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      req.end(body);
    });
  }

  it("one address's requests past its rate are answered 429 RATE_LIMITED with Retry-After, before the body is read; another address's download is served", async () => {
    const server = await providerServer(
      { requestsPerAddress: { burst: 3, perSecond: 0.1 } },
      { providerKey: provider.privateKey, exchangeSigner: exchange.address, serves: (listingId) => listingId === 3, segmentOf: () => 'AUTO_INTENT', records: demoRecords },
    );
    const junk = async (): Promise<Response> => fetch(`http://127.0.0.1:${server.port}/records`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"junk":1}' });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await junk()).status);
    expect(statuses).not.toContain(429);
    const limited = await junk();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('ratelimit-policy')).toBe('"address";q=3;w=30');
    expect(((await limited.json()) as { error: string }).error).toBe('RATE_LIMITED');
    // A GET of its health is not a request the bucket counts; another address's download is served.
    expect(await healthz(server.port)).toBe(200);
    expect(await download(server, 1)).toBe('200 25');
  });

  it("one address's slow connections beyond its cap are closed as they arrive; another address's downloads are all served", async () => {
    // The total cap is the attacker's number: without a cap per address, its slow connections take every place.
    const server = await providerServer(
      { maxConnections: ATTACKERS, maxConnectionsPerAddress: PER_ADDRESS, headersTimeoutMs: 60_000, requestTimeoutMs: 60_000 },
      { providerKey: provider.privateKey, exchangeSigner: exchange.address, serves: (listingId) => listingId === 3, segmentOf: () => 'AUTO_INTENT', records: demoRecords },
    );
    // Slowloris from 127.0.0.1: headers begun and never finished.
    const attackers = [];
    for (let i = 0; i < ATTACKERS; i++) attackers.push(await rawSocket(server.port));
    let closed = 0;
    for (const a of attackers) {
      a.socket.write('POST /records HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      void a.closed.then(() => closed++);
    }
    await until(() => closed >= ATTACKERS - PER_ADDRESS, `the attacker's connections beyond ${PER_ADDRESS} closed`, 10_000);
    expect(server.connectionsRefusedPerAddress).toBe(ATTACKERS - PER_ADDRESS);
    // Twelve consumers' downloads at once from another address: every one served.
    const answers = await Promise.all(Array.from({ length: DOWNLOADS }, (_, i) => download(server, i + 1)));
    expect(answers).toEqual(Array.from({ length: DOWNLOADS }, () => '200 25'));
    // The attacker's connections within its cap are still open (a slow client is the header timeout's to cut), and no more of its are let in.
    expect(closed).toBe(ATTACKERS - PER_ADDRESS);
    const more = await rawSocket(server.port);
    expect(await more.closed).toBe('');
    expect(server.connectionsRefusedPerAddress).toBe(ATTACKERS - PER_ADDRESS + 1);
    // 127.0.0.2 has a cap of its own, as full as the attacker's: its connections beyond it are closed as they arrive too.
    const honest = [];
    for (let i = 0; i < PER_ADDRESS; i++) honest.push(await rawSocket(server.port, '127.0.0.2'));
    const beyond = await rawSocket(server.port, '127.0.0.2');
    expect(await beyond.closed).toBe('');
    for (const h of honest) h.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    for (const h of honest) expect(await h.closed).toMatch(/^HTTP\/1\.1 200 /);
  });
});

describe('the delivery-report queue', () => {
  it('holds at most its bound while the exchange does not answer; the rest are dropped and counted, the held ones sent after', async () => {
    // The exchange, stalled: it holds every request until released.
    const held: Array<() => void> = [];
    let received = 0;
    const exchange: Server = createServer((_req, res) => {
      received++;
      held.push(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((resolve) => exchange.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => exchange.close(() => resolve())));
    cleanups.push(() => exchange.closeAllConnections());
    const url = `http://127.0.0.1:${(exchange.address() as AddressInfo).port}/v1/deliveries`;
    const queue = new ReportQueue(async (r) => void (await fetch(url, { method: 'POST', body: JSON.stringify(r) })), 3, logger);

    const outcomes = Array.from({ length: 10 }, (_, i) => queue.add({ grantId: i + 1, rights: 1, outcome: 'delivered', request: REQUEST }));
    // Three waiting, the one in flight among them (it waits until answered): the other seven dropped.
    expect(outcomes).toEqual([true, true, true, false, false, false, false, false, false, false]);
    expect(queue.queued).toBe(3);
    expect(queue.dropped).toBe(7);
    // Released one at a time, the three held ones reach the exchange, in order, one after another.
    for (let sent = 0; sent < 3; sent++) {
      while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      held.shift()!();
    }
    await queue.settled();
    expect(received).toBe(3);
    expect(queue.sent).toBe(3);
    expect(queue.queued).toBe(0);
    // Room again.
    expect(queue.add({ grantId: 11, rights: 1, outcome: 'delivered', request: REQUEST })).toBe(true);
    while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    held.shift()!();
    await queue.settled();
    expect(queue.sent).toBe(4);
  });
});

describe('the delivery-report queue: refusals apart', () => {
  it("holds at most a tenth of its bound in refusals, never in a delivery's place: a flood of them leaves every delivery's evidence queued", async () => {
    // The exchange never answers while the test runs: everything added waits.
    const queue = new ReportQueue(() => new Promise<'answered'>(() => undefined), 20, logger);
    const refusals = Array.from({ length: 500 }, (_, i) => queue.add({ grantId: 1, rights: 0, outcome: i % 2 === 0 ? 'REPLAYED' : 'EXHAUSTED', request: REQUEST }));
    expect(refusals.filter(Boolean)).toHaveLength(2);
    expect(queue.maxQueuedRefusals).toBe(2);
    const deliveries = Array.from({ length: 21 }, (_, i) => queue.add({ grantId: i + 2, rights: 1, outcome: i % 2 === 0 ? 'delivered' : 'pushed', request: REQUEST }));
    expect(deliveries.slice(0, 20).every(Boolean)).toBe(true);
    expect(deliveries[20]).toBe(false);
    expect([queue.queued, queue.dropped]).toEqual([22, 499]);
  });
});

describe('the delivery-report queue, kept in LMDB (a report is a delivery\'s evidence)', () => {
  it('sends a report again while the exchange cannot take it (5xx, no connection), and keeps what waits across a restart', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-reports-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const env = open({ path: dir });
    cleanups.push(() => env.close());
    const db = env.openDB<DeliveryReport, number>({ name: 'reports' });
    const statuses = [503, 502, 200, 200, 200];
    const received: number[] = [];
    const exchange: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push((JSON.parse(Buffer.concat(chunks).toString('utf8')) as DeliveryReport).grantId);
        res.writeHead(statuses.shift() ?? 200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => exchange.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => exchange.close(() => resolve())));
    const url = `http://127.0.0.1:${(exchange.address() as AddressInfo).port}/v1/deliveries`;
    const send = async (r: DeliveryReport): Promise<SendOutcome> => {
      const res = await fetch(url, { method: 'POST', body: JSON.stringify(r) });
      return res.status >= 500 ? 'retry' : 'answered';
    };
    const fast = { firstDelayMs: 5, maxDelayMs: 20 };
    const queue = new ReportQueue(send, 100, logger, db, fast);
    queue.add({ grantId: 1, rights: 1, outcome: 'delivered', request: REQUEST });
    queue.add({ grantId: 2, rights: 1, outcome: 'delivered', request: REQUEST });
    await queue.settled();
    // Grant 1's report three times (two 5xx), then grant 2's: in order, each answered once.
    expect(received).toEqual([1, 1, 1, 2]);
    expect([queue.sent, queue.retried, queue.queued]).toEqual([2, 2, 0]);
    expect([...db.getKeys({})]).toEqual([]);

    // The exchange gone: what waits stays on disk when the server stops, and the next run sends it.
    const gone = `http://127.0.0.1:${await freePort()}/v1/deliveries`;
    const away = new ReportQueue(async (r) => ((await fetch(gone, { method: 'POST', body: JSON.stringify(r) })).ok ? 'answered' : 'retry'), 100, logger, db, fast);
    away.add({ grantId: 3, rights: 1, outcome: 'delivered', request: REQUEST });
    while (away.retried < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await away.close();
    expect([...db.getKeys({})]).toHaveLength(1);
    const next = new ReportQueue(send, 100, logger, db, fast);
    await next.settled();
    expect(received.at(-1)).toBe(3);
    expect([...db.getKeys({})]).toEqual([]);
  });

  it('has a report on disk once close() resolves, however soon after it was added (the write is awaited, not left in flight)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-reports-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    for (let round = 0; round < 20; round++) {
      const env = open({ path: dir });
      const db = env.openDB<DeliveryReport, number>({ name: 'reports' });
      await db.clearAsync();
      // The exchange refuses at once and the service stops at once: what close() leaves must be readable.
      const queue = new ReportQueue(async () => 'retry', 100, logger, db, { firstDelayMs: 0, maxDelayMs: 0 });
      queue.add({ grantId: round, rights: 1, outcome: 'delivered', request: REQUEST });
      await queue.close();
      expect([...db.getKeys({})]).toEqual([1]);
      await env.close();
    }
  });
});
