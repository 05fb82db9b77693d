/**
 * The subscription courier against providers' gates that misbehave (src/subscriptions/courier.ts,
 * src/gate/push-registration.ts): a gate is a provider's server, so one may accept connections and
 * never answer, drip its answer for ever, or answer megabytes. None of them may hold up the other
 * providers' subscribers, nor the exchange's memory. Real LMDB ledger fed the engine's events, real
 * grants signed by the exchange's key, real HTTP servers on 127.0.0.1; the grant ledger is its one
 * read the courier makes (grantsBefore), answered from those signed grants.
 */
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_PUSH_ANSWER_BYTES, registerPush } from '../../src/gate/push-registration.js';
import { WebhookAllowance } from '../../src/gate/webhook-target.js';
import { GrantSigner } from '../../src/grants/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { GATES_IN_FLIGHT, SubscriptionCourier } from '../../src/subscriptions/courier.js';
import { freePort } from '../../src/runtime/free-port.js';
import { pendingHandoffs } from '../support/courier-handoffs.js';
import type { SubscriptionLedger } from '../../src/subscriptions/ledger.js';
import { accessGrant, GATE_DOMAIN, gateParties } from '../support/gate-fixture.js';

// Free ports (src/runtime/free-port.ts; another process may hold any fixed one); their numbers go into the endpoints and the allowance.
const [SILENT_PORT, ANSWERING_PORT, SLOW_PORT, DRIP_PORT, INSIDE_PORT, REDIRECT_PORT] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort(), freePort()]);
const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/**
 * A gate that accepts every connection and never answers; counts the requests sent to it (connections that carried one: fetch
 * may open a spare), and when (performance.now()) each arrived and its connection was closed (by the courier, at its timeout).
 */
async function silentGate(port: number): Promise<{ connections: () => number; asked: number[]; closed: number[] }> {
  let n = 0;
  const asked: number[] = [];
  const closed: number[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    let carried = false;
    s.once('data', () => {
      n++;
      carried = true;
      asked.push(performance.now());
    });
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => {
      sockets.delete(s);
      if (carried) closed.push(performance.now());
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  closers.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { connections: () => n, asked, closed };
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

/** A gate answering each registration as registered, `delayMs` after it arrived; the grants it took in order, when (performance.now()), and the most it was asked at once. */
async function answeringGate(port: number, delayMs: number): Promise<{ registered: number[]; at: number[]; mostAtOnce: () => number }> {
  const registered: number[] = [];
  const at: number[] = [];
  let open = 0;
  let most = 0;
  await httpServer(port, (_req, body, res) => {
    open++;
    most = Math.max(most, open);
    const grantId = (JSON.parse(body) as { grant: { grantId: number } }).grant.grantId;
    setTimeout(() => {
      open--;
      registered.push(grantId);
      at.push(performance.now());
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ created: true, registration: { grantId, url: 'https://hooks.example/patx', untilMs: Date.now() + 3_600_000, delivered: 0 } }));
    }, delayMs);
  });
  return { registered, at, mostAtOnce: () => most };
}

describe('one sweep registers at different gates at once', () => {
  it("hands an answering gate's grants, in their handoffs' order, before the silent gates ahead of it time out; each silent gate asked once", async () => {
    // Long enough that the answering gate's five registrations (20 ms each) are far inside it on any host; the assertions are orderings against it.
    const TIMEOUT_MS = 5_000;
    const [s1, s2, s3, s4, answeringPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    const silent = await Promise.all([s1, s2, s3, s4].map((port) => silentGate(port)));
    const answering = await answeringGate(answeringPort, 20);
    // Listings 1-4 behind the silent gates, listing 5 behind the answering one.
    const endpoints: Record<number, string> = { 1: `http://127.0.0.1:${s1}/records`, 2: `http://127.0.0.1:${s2}/records`, 3: `http://127.0.0.1:${s3}/records`, 4: `http://127.0.0.1:${s4}/records`, 5: `http://127.0.0.1:${answeringPort}/records` };
    // The oldest four handoffs each wait on a silent gate; then the answering gate's (grants 50; 60, 61; 71; 80), subscription 7's first grant at silent gate 1 again.
    const { ledger, grants: grantLedger } = await pendingHandoffs([[1], [2], [3], [4], [5], [5, 5], [1, 5], [5]], closers);
    const courier = new SubscriptionCourier({
      ledger,
      grants: () => grantLedger,
      endpointOf: (listingId) => endpoints[listingId],
      clock: Date.now,
      log: createLogger('silent'),
      registerTimeoutMs: TIMEOUT_MS,
      endpointAllowance: new WebhookAllowance([s1, s2, s3, s4, answeringPort].map((p) => `127.0.0.1:${p}`)),
    });

    await courier.sweep();
    // The connections the courier ended at their timeouts may reach the gates a moment after the sweep.
    const deadline = Date.now() + 5_000;
    while (silent.some((g) => g.closed.length === 0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));

    // The answering gate took its grants one at a time, in the order of their handoffs.
    expect(answering.registered).toEqual([50, 60, 61, 71, 80]);
    expect(answering.mostAtOnce()).toBe(1);
    // Every one of them before any silent gate's timeout ended its connection: nothing waited on a silent gate.
    const firstTimeout = Math.min(...silent.flatMap((g) => g.closed));
    expect(Math.max(...answering.at)).toBeLessThan(firstTimeout);
    // The silent gates were asked together (each before the first timeout), once each: subscription 7's grant at gate 1 waits for the next sweep.
    expect(silent.map((g) => g.connections())).toEqual([1, 1, 1, 1]);
    expect(Math.max(...silent.flatMap((g) => g.asked))).toBeLessThan(firstTimeout);
    expect(ledger.pendingHandoffs(100).map((h) => h.subscriptionId)).toEqual([1, 2, 3, 4, 7]);
  }, 30_000);

  it(`has at most ${GATES_IN_FLIGHT} gates' registrations out at once, however many gates wait`, async () => {
    const ports = await Promise.all(Array.from({ length: GATES_IN_FLIGHT + 2 }, () => freePort()));
    for (const port of ports) await silentGate(port);
    const { ledger, grants: grantLedger } = await pendingHandoffs(ports.map((_p, i) => [i + 1]), closers);
    let out = 0;
    let most = 0;
    const counted: typeof registerPush = async (...args) => {
      out++;
      most = Math.max(most, out);
      try {
        return await registerPush(...args);
      } finally {
        out--;
      }
    };
    const courier = new SubscriptionCourier({
      ledger,
      grants: () => grantLedger,
      endpointOf: (listingId) => `http://127.0.0.1:${ports[listingId - 1]}/records`,
      clock: Date.now,
      log: createLogger('silent'),
      register: counted,
      registerTimeoutMs: 1_000,
      endpointAllowance: new WebhookAllowance(ports.map((p) => `127.0.0.1:${p}`)),
    });
    await courier.sweep();
    expect(most).toBe(GATES_IN_FLIGHT);
    // Every gate was asked in the sweep (the last two once a place was free), and every handoff waits for the next.
    expect(ledger.pendingHandoffs(100)).toHaveLength(ports.length);
  }, 30_000);
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

describe('one handoff that cannot be read', () => {
  it("does not stop the sweep: unreadable push terms give that handoff up, a failing grant read leaves it for the next sweep, and the others are handed", async () => {
    const gate = await answeringGate(ANSWERING_PORT, 0);
    // Three webhook subscriptions, one grant each, all to the answering gate.
    const { ledger, grants } = await pendingHandoffs([[1], [1], [1]], closers);
    // Subscription 1's stored push authorisation is not JSON (a damaged record); subscription 2's grants cannot be read now.
    const damaged = Object.assign(Object.create(ledger) as SubscriptionLedger, {
      pushTerms: (id: number) => (id === 1 ? { ...ledger.pushTerms(id)!, authorisation: '{not json' } : ledger.pushTerms(id)),
    });
    const courier = new SubscriptionCourier({
      ledger: damaged,
      grants: () => ({
        grantsBefore: async (who, accountId, after, limit, exerciseId) => {
          if (exerciseId === 1_002) throw new Error('the grant ledger could not be read');
          return grants.grantsBefore(who, accountId, after, limit, exerciseId);
        },
      }),
      endpointOf: () => `http://127.0.0.1:${ANSWERING_PORT}/records`,
      clock: Date.now,
      log: createLogger('silent'),
      registerTimeoutMs: 2_000,
      endpointAllowance: new WebhookAllowance([`127.0.0.1:${ANSWERING_PORT}`]),
    });
    await courier.sweep();
    // Subscription 3's grant (30) was handed; 1's handoff is given up (it could never be read), 2's waits for the next sweep.
    expect(gate.registered).toEqual([30]);
    expect(ledger.pendingHandoffs(10).map((h) => h.subscriptionId)).toEqual([2]);
  });
});
