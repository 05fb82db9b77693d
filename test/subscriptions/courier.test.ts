/**
 * The subscription courier against providers' gates that misbehave (src/subscriptions/courier.ts,
 * src/gate/push-registration.ts): a gate is a provider's server, so one may accept connections and
 * never answer, drip its answer for ever, or answer megabytes. None of them may hold up the other
 * providers' subscribers, nor the exchange's memory. Real LMDB ledger fed the engine's events, real
 * grants signed by the exchange's key, real HTTP servers on 127.0.0.1; the grant ledger is its one
 * read the courier makes (grantsOf), answered from those signed grants.
 */
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_PUSH_ANSWER_BYTES, registerPush } from '../../src/gate/push-registration.js';
import { WebhookAllowance } from '../../src/gate/webhook-target.js';
import { GrantSigner } from '../../src/grants/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { SubscriptionCourier } from '../../src/subscriptions/courier.js';
import { freePort } from '../../src/runtime/free-port.js';
import { pendingHandoffs } from '../support/courier-handoffs.js';
import { accessGrant, GATE_DOMAIN, gateParties } from '../support/gate-fixture.js';

// Free ports (src/runtime/free-port.ts; another process may hold any fixed one); their numbers go into the endpoints and the allowance.
const [SILENT_PORT, ANSWERING_PORT, SLOW_PORT, DRIP_PORT, INSIDE_PORT, REDIRECT_PORT] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort(), freePort()]);
const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A gate that accepts every connection and never answers; counts the requests sent to it (connections that carried one: fetch may open a spare). */
async function silentGate(port: number): Promise<{ connections: () => number }> {
  let n = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    s.once('data', () => n++);
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  closers.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { connections: () => n };
}

/** An HTTP server on 127.0.0.1 answering each request with `answer`. */
async function httpServer(port: number, answer: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void): Promise<void> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => answer(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
}


describe('the subscription courier and gates that do not answer', () => {
  it("hands the answering provider's grants in the same sweep a silent gate is given one timeout, however many grants wait on the silent one", async () => {
    const silent = await silentGate(SILENT_PORT);
    const registered: number[] = [];
    await httpServer(ANSWERING_PORT, (_req, body, res) => {
      const grantId = (JSON.parse(body) as { grant: { grantId: number } }).grant.grantId;
      registered.push(grantId);
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ created: true, registration: { grantId, url: 'https://hooks.example/patx', untilMs: Date.now() + 3_600_000, delivered: 0 } }));
    });
    const endpoints: Record<number, string> = { 1: `http://127.0.0.1:${SILENT_PORT}/records`, 2: `http://127.0.0.1:${ANSWERING_PORT}/records` };

    // 55 webhook subscriptions of one account, each with an exercise waiting to be handed: the oldest 52 to the silent
    // provider's listing (3 grants each), the newest 3 to the answering one's. More than a sweep takes (50).
    const SUBSCRIPTIONS = 55;
    const { ledger, grants: grantLedger } = await pendingHandoffs(Array.from({ length: SUBSCRIPTIONS }, (_x, i) => (i + 1 <= 52 ? [1, 1, 1] : [2, 2, 2])), closers);
    expect(ledger.pendingHandoffs(100)).toHaveLength(SUBSCRIPTIONS);

    const courier = new SubscriptionCourier({
      ledger,
      grants: () => grantLedger,
      endpointOf: (listingId) => endpoints[listingId],
      clock: Date.now,
      log: createLogger('silent'),
      registerTimeoutMs: 300,
      // Both gates are on loopback: each allowed by its exact address and port, as an operator would (catalog.endpointAllow).
      endpointAllowance: new WebhookAllowance([`127.0.0.1:${SILENT_PORT}`, `127.0.0.1:${ANSWERING_PORT}`]),
    });

    // Two sweeps: the first takes the oldest 50, the second goes on from there (and round to the start).
    const started = Date.now();
    await courier.sweep();
    await courier.sweep();
    const took = Date.now() - started;

    // Each sweep asked the silent gate once (one timeout each), not once per grant waiting on it (156).
    expect(silent.connections()).toBeLessThanOrEqual(2);
    expect(took).toBeLessThan(10_000);
    // The answering provider's 9 grants were handed, and their handoffs are done.
    expect(registered.sort((a, b) => a - b)).toEqual([530, 531, 532, 540, 541, 542, 550, 551, 552]);
    const left = ledger.pendingHandoffs(100).map((h) => h.subscriptionId);
    expect(left).toHaveLength(52);
    expect(left.every((id) => id <= 52)).toBe(true);
  }, 20_000);
});

describe("registering a push at a provider's gate", () => {
  const grantOf = () => {
    const p = gateParties();
    const signed = new GrantSigner(p.exchange.privateKey, GATE_DOMAIN).sign(accessGrant(p, Date.now()));
    return { signed, authorisation: { url: 'https://hooks.example/patx', untilMs: Date.now() + 3_600_000, nonce: 'n1', consumerSignature: '0x' + '11'.repeat(65) } };
  };

  it('gives up on a gate that drips its answer for ever, within its timeout', async () => {
    await httpServer(SLOW_PORT, (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"registration":');
      const drip = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(drip));
    });
    const { signed, authorisation } = grantOf();
    const started = Date.now();
    await expect(registerPush(`http://127.0.0.1:${SLOW_PORT}/records`, signed, authorisation, GATE_DOMAIN, { timeoutMs: 500 })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(3_000);
  }, 10_000);

  it('refuses an answer larger than a registration could be, without reading it', async () => {
    let written = 0;
    await httpServer(DRIP_PORT, (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }); // no content-length: chunked, read until it passes the bound
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const more = (): void => {
        while (written < 512 * 1024 * 1024 && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    });
    const { signed, authorisation } = grantOf();
    const r = await registerPush(`http://127.0.0.1:${DRIP_PORT}/records`, signed, authorisation, GATE_DOMAIN, { timeoutMs: 5_000 });
    expect(r).toMatchObject({ outcome: 'refused', status: 200, error: 'ANSWER_TOO_LARGE' });
    // Cancelled soon after the bound: nowhere near the 512 MiB the gate would have sent.
    expect(written).toBeLessThan(64 * MAX_PUSH_ANSWER_BYTES);
  }, 10_000);

  it('does not follow a gate that redirects: the grant and the authorisation go to the endpoint listed, nowhere else', async () => {
    let inside = 0;
    await httpServer(INSIDE_PORT, (_req, _body, res) => {
      inside++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await httpServer(REDIRECT_PORT, (_req, _body, res) => {
      res.writeHead(307, { location: `http://127.0.0.1:${INSIDE_PORT}/latest/meta-data` }).end();
    });
    const { signed, authorisation } = grantOf();
    const r = await registerPush(`http://127.0.0.1:${REDIRECT_PORT}/records`, signed, authorisation, GATE_DOMAIN, { timeoutMs: 2_000 });
    expect(r).toMatchObject({ outcome: 'refused', status: 307 });
    expect(inside).toBe(0);
  });
});
