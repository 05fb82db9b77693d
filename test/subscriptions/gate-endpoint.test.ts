/**
 * The exchange's POSTs to a provider's gate go where the webhook rules let them (an outside audit:
 * src/subscriptions/gate-post.ts, endpoint-address.ts). A listing's delivery endpoint
 * is the provider's to write, and the subscription courier POSTs to `<endpoint>/push` from inside
 * the exchange's network, with the grant and the subscriber's push authorisation: an endpoint on
 * loopback, in a private range or at the metadata address, named or resolving there, is sent
 * nothing unless its exact address:port is allowed (catalog.endpointAllow, the reference provider
 * servers). Real LMDB ledger, grants signed by the exchange's key, real HTTP servers on 127.0.0.1;
 * the resolver is stubbed where a name must answer an address.
 */
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { endpointAllowance, loadConfig } from '../../src/app/config.js';
import { Role } from '../../src/engine/index.js';
import { WebhookAllowance } from '../../src/gate/webhook-target.js';
import type { WebhookLookup } from '../../src/gate/webhook-post.js';
import { signedRequest } from '../../src/client/index.js';
import { SubscriptionCourier } from '../../src/subscriptions/courier.js';
import { endpointAddressProblem } from '../../src/subscriptions/endpoint-address.js';
import { localhostTarget } from '../../src/subscriptions/gate-post.js';
import { SubscriptionLedger } from '../../src/subscriptions/ledger.js';
import { openWalletAccount, startCatalogService } from '../support/catalog-service.js';
import { listingInput } from '../support/catalog-fixture.js';
import { freePort } from '../../src/runtime/free-port.js';
import { removeDir } from '../support/exchange-fixture.js';
import { pendingHandoffs } from '../support/courier-handoffs.js';

// Free ports (src/runtime/free-port.ts; another process may hold any fixed one); their numbers go into the endpoints and the allowance.
const [INSIDE_PORT, ALLOWED_PORT] = await Promise.all([freePort(), freePort()]);
const ROOT = path.join(os.tmpdir(), 'patx-gate-endpoint-test');
const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** An HTTP server on 127.0.0.1 answering every request as a gate registering it; the requests it took (path and Host). */
async function gateOn(port: number): Promise<{ requests: { path: string; host: string }[] }> {
  const requests: { path: string; host: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push({ path: req.url ?? '', host: req.headers.host ?? '' });
      const grantId = (JSON.parse(body) as { grant: { grantId: number } }).grant.grantId;
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ created: true, registration: { grantId, url: 'https://hooks.example/patx', untilMs: Date.now() + 3_600_000, delivered: 0 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { requests };
}


/** A courier with one webhook subscription's exercise to hand per endpoint (listing i+1 at endpoints[i]); its log lines as JSON. */
async function courierFor(endpoints: readonly string[], allowance: WebhookAllowance, lookup?: WebhookLookup): Promise<{ courier: SubscriptionCourier; ledger: SubscriptionLedger; logged: Record<string, unknown>[] }> {
  const { ledger, grants: grantLedger } = await pendingHandoffs(endpoints.map((_e, i) => [i + 1]), closers);
  const logged: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line !== '') logged.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const courier = new SubscriptionCourier({
    ledger,
    grants: () => grantLedger,
    endpointOf: (listingId) => endpoints[listingId - 1],
    clock: Date.now,
    log: pino({ level: 'info' }, sink),
    registerTimeoutMs: 2_000,
    endpointAllowance: allowance,
    ...(lookup === undefined ? {} : { lookup }),
  });
  return { courier, ledger, logged };
}

const refusalsIn = (logged: Record<string, unknown>[]): { reason: string; grantId: number; endpoint: string; message: string }[] =>
  logged.flatMap((l) => (l.refusal === undefined ? [] : [l.refusal as { reason: string; grantId: number; endpoint: string; message: string }]));

describe("the courier POSTs to a provider's gate only where the webhook rules let it", () => {
  it('sends nothing to an endpoint on loopback, in a private range or at the metadata address: the grant is given up as ENDPOINT_NOT_ALLOWED', async () => {
    const inside = await gateOn(INSIDE_PORT);
    const endpoints = [`http://127.0.0.1:${INSIDE_PORT}/x`, 'https://10.0.0.5/x', 'https://169.254.169.254/latest', `https://[::ffff:127.0.0.1]:${INSIDE_PORT}/x`, `https://0.0.0.0:${INSIDE_PORT}/x`, `http://localhost:${INSIDE_PORT}/x`];
    const { courier, ledger, logged } = await courierFor(endpoints, new WebhookAllowance());
    await courier.sweep();
    expect(inside.requests).toEqual([]);
    // Every handoff is done with (nothing left to retry), each grant's refusal typed.
    expect(ledger.pendingHandoffs(100)).toEqual([]);
    // By grant: a sweep talks to different gates at once, so their refusals are logged in the order they came.
    const refusals = refusalsIn(logged).sort((a, b) => a.grantId - b.grantId);
    expect(refusals.map((r) => [r.reason, r.grantId, r.endpoint])).toEqual(endpoints.map((e, i) => ['ENDPOINT_NOT_ALLOWED', (i + 1) * 10, e]));
    expect(refusals[0]!.message).toMatch(/127\.0\.0\.1 is .*loopback/i);
  });

  it('refuses a public-looking name that resolves inside when the POST is sent (DNS rebinding), and connects to the checked address when allowed', async () => {
    const inside = await gateOn(INSIDE_PORT);
    const allowed = await gateOn(ALLOWED_PORT);
    // The name answers loopback now, whatever it answered when the listing was published.
    const lookup: WebhookLookup = async () => [{ address: '127.0.0.1', family: 4 }];
    const endpoints = [`http://gate.provider.example:${INSIDE_PORT}/records`, `http://gate.provider.example:${ALLOWED_PORT}/records`];
    const { courier, ledger, logged } = await courierFor(endpoints, new WebhookAllowance([`127.0.0.1:${ALLOWED_PORT}`]), lookup);
    await courier.sweep();
    expect(inside.requests).toEqual([]);
    expect(refusalsIn(logged).map((r) => [r.grantId, r.message])).toEqual([[10, expect.stringMatching(/gate\.provider\.example resolves to 127\.0\.0\.1/)]]);
    // The allowed pair: sent to the address checked, the name still the request's Host.
    expect(allowed.requests).toEqual([{ path: '/records/push', host: `gate.provider.example:${ALLOWED_PORT}` }]);
    expect(ledger.pendingHandoffs(100)).toEqual([]);
  });

  it('takes `localhost` as its loopback address, sent to exactly as 127.0.0.1 at that port would be (never looked up), and nothing more', async () => {
    const allowed = await gateOn(ALLOWED_PORT);
    const inside = await gateOn(INSIDE_PORT);
    const looked: string[] = [];
    const lookup: WebhookLookup = async (hostname) => {
      looked.push(hostname);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const endpoints = [
      `http://localhost:${ALLOWED_PORT}/records`, // the allowed pair's port: sent, to 127.0.0.1
      `http://localhost:${INSIDE_PORT}/records`, // 127.0.0.1 at this port is not allowed: neither is localhost
      `http://foo.localhost:${ALLOWED_PORT}/records`, // a special-use name, not localhost
      `http://localhost.:${ALLOWED_PORT}/records`, // nor is localhost with a trailing dot
    ];
    const { courier, ledger, logged } = await courierFor(endpoints, new WebhookAllowance([`127.0.0.1:${ALLOWED_PORT}`]), lookup);
    await courier.sweep();
    // Connected to 127.0.0.1 (the only address the gate listens on), the name kept as the request's Host.
    expect(allowed.requests).toEqual([{ path: '/records/push', host: `localhost:${ALLOWED_PORT}` }]);
    expect(inside.requests).toEqual([]);
    const refusals = refusalsIn(logged).sort((a, b) => a.grantId - b.grantId);
    expect(refusals.map((r) => [r.reason, r.grantId])).toEqual([['ENDPOINT_NOT_ALLOWED', 20], ['ENDPOINT_NOT_ALLOWED', 30], ['ENDPOINT_NOT_ALLOWED', 40]]);
    expect(refusals[0]!.message).toContain(`127.0.0.1:${INSIDE_PORT}`);
    expect(refusals[1]!.message).toMatch(/foo\.localhost is a special-use name/);
    expect(refusals[2]!.message).toMatch(/localhost\. is a special-use name/);
    // No name was resolved: localhost is not the resolver's to answer, the others were refused by their form.
    expect(looked).toEqual([]);
    expect(ledger.pendingHandoffs(100)).toEqual([]);
  });

  it('sends a `localhost` endpoint to the first of 127.0.0.1 and ::1 whose exact address:port is allowed', () => {
    const at = (allow: string[]) => localhostTarget(new URL('http://localhost:9610/records'), new WebhookAllowance(allow));
    expect(at(['[::1]:9610'])).toEqual({ address: '::1', family: 6 });
    expect(at(['[::1]:9610', '127.0.0.1:9610'])).toEqual({ address: '127.0.0.1', family: 4 });
    expect(at(['127.0.0.1:9611', '127.0.0.2:9610'])).toEqual({ refused: expect.stringMatching(/127\.0\.0\.1:9610 or \[::1\]:9610/) });
    expect(localhostTarget(new URL('https://localhost/records'), new WebhookAllowance(['127.0.0.1:443']))).toEqual({ address: '127.0.0.1', family: 4 });
    for (const other of ['http://foo.localhost:9610/x', 'http://localhost.:9610/x', 'http://127.0.0.1:9610/x', 'http://gate.provider.example:9610/x']) {
      expect([other, localhostTarget(new URL(other), new WebhookAllowance(['127.0.0.1:9610']))]).toEqual([other, undefined]);
    }
  });

  it('allows the exchange its own reference provider servers and the pairs in catalog.endpointAllow, nothing wider', () => {
    const demo = endpointAllowance(loadConfig({}, { dataDir: `${ROOT}/config`, settlement: { enabled: false } }));
    expect([demo.allows('127.0.0.1', 8490), demo.allows('127.0.0.1', 8491), demo.allows('127.0.0.1', 8492), demo.allows('127.0.0.2', 8490)]).toEqual([true, true, false, false]);
    const off = endpointAllowance(loadConfig({}, { dataDir: `${ROOT}/config`, settlement: { enabled: false }, providerServer: { enabled: false }, catalog: { endpointAllow: ['10.0.0.5:443'] } }));
    expect([off.allows('127.0.0.1', 8490), off.allows('10.0.0.5', 443), off.allows('10.0.0.5', 80)]).toEqual([false, true, false]);
    expect(() => loadConfig({}, { dataDir: `${ROOT}/config`, catalog: { endpointAllow: ['10.0.0.0/8'] } })).toThrow(/not an exact address:port/);
  });
});

describe('a delivery endpoint written as an address inside a network', () => {
  it('is judged by the webhook rules, loopback left to the courier', () => {
    const none = new WebhookAllowance();
    for (const e of ['https://10.0.0.5/x', 'https://169.254.169.254/latest', 'https://192.168.1.1:8443/x', 'https://0.0.0.0/x', 'https://[::ffff:10.0.0.5]/x', 'https://[64:ff9b:1::a00:5]/x', 'https://[fd00::1]/x']) {
      expect([e, endpointAddressProblem(e, none)]).toEqual([e, expect.stringMatching(/catalog\.endpointAllow/)]);
    }
    for (const e of ['https://provider.example/records', 'https://8.8.8.8/x', 'http://127.0.0.1:9610/x', 'http://[::1]:9610/x', 'http://localhost:9610/x']) expect([e, endpointAddressProblem(e, none)]).toEqual([e, undefined]);
    expect(endpointAddressProblem('https://10.0.0.5/x', new WebhookAllowance(['10.0.0.5:443']))).toBeUndefined();
  });

  it('is refused at publication ENDPOINT_NOT_ALLOWED, nothing stored, unless its exact address:port is allowed', async () => {
    mkdirSync(ROOT, { recursive: true });
    const { dir, svc } = await startCatalogService('ssrf-publish', false, { catalog: { endpointAllow: ['10.0.0.7:443'] } });
    closers.push(async () => {
      await svc.stop();
      removeDir(dir);
    });
    const base = `http://127.0.0.1:${svc.gateway.port}`;
    const provider = await openWalletAccount(svc, Role.PROVIDER);
    const refused = await signedRequest<{ error?: string; message?: string }>(base, provider.wallet, 'POST', '/v1/provider/listings', listingInput({ deliveryEndpoint: 'https://10.0.0.5/x' }));
    expect([refused.status, refused.body.error]).toEqual([400, 'ENDPOINT_NOT_ALLOWED']);
    expect(refused.body.message).toMatch(/10\.0\.0\.5:443 is .*private/i);
    expect(((await signedRequest<unknown[]>(base, provider.wallet, 'GET', '/v1/provider/listings')).body).length).toBe(0);
    const allowed = await signedRequest<{ id?: number }>(base, provider.wallet, 'POST', '/v1/provider/listings', listingInput({ deliveryEndpoint: 'https://10.0.0.7/x' }));
    expect(allowed.status).toBe(201);
    // An update to an address inside is refused the same, and the draft keeps its endpoint.
    const moved = await signedRequest<{ error?: string }>(base, provider.wallet, 'PUT', `/v1/provider/listings/${allowed.body.id}`, listingInput({ deliveryEndpoint: 'https://169.254.169.254/latest' }));
    expect([moved.status, moved.body.error]).toEqual([400, 'ENDPOINT_NOT_ALLOWED']);
    const mine = (await signedRequest<{ versions: { deliveryEndpoint: string }[] }>(base, provider.wallet, 'GET', `/v1/provider/listings/${allowed.body.id}`)).body;
    expect(mine.versions.map((v) => v.deliveryEndpoint)).toEqual(['https://10.0.0.7/x']);
  }, 30_000);
});
