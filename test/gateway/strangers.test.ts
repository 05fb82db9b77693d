/**
 * Open to the internet (issue 52): what a stranger sends over HTTP never stops the exchange,
 * and a signature authorises exactly what it covers. Each attack here was answered wrongly
 * before: a body parsed on the engine's thread froze order entry until heartbeats closed the
 * sessions; a signature over method, path and time was good for any body, any query, any
 * host and any number of times.
 */
import { connect } from 'node:net';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedRequest } from '../../src/client/signed-http.js';
import { publicGet } from '../../src/client/http.js';
import { wire } from '../../src/client/index.js';
import { signRequestHeaders } from '../../src/gateway/index.js';
import { listingInput } from '../support/catalog-fixture.js';
import { runAttacker } from '../support/http-attacker.js';
import { PAT_MICROS, openProvider, startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;
let host: string;

beforeAll(async () => {
  // Heartbeats every 200 ms, silence closes after 1.5 s: a stall of the engine's thread longer than that closes every session.
  fx = await startGatewayFixture({ heartbeatIntervalMs: 200, heartbeatTimeoutMs: 1_500 });
  host = new URL(fx.httpUrl).host;
});
afterAll(async () => {
  await fx.stop();
});

/** Sends raw bytes on a fresh connection; resolves with the first response's status line and body, without waiting for the request's body to be sent. */
function rawRequest(head: string, body?: Buffer): Promise<{ status: number; text: string; bodySent: boolean }> {
  return new Promise((resolve, reject) => {
    const url = new URL(fx.httpUrl);
    const socket = connect(Number(url.port), '127.0.0.1');
    let response = '';
    let bodySent = false;
    socket.on('connect', () => {
      socket.write(head);
      if (body !== undefined) socket.write(body, () => (bodySent = true));
    });
    socket.on('data', (d) => {
      response += d.toString('latin1');
      const end = response.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(response);
      if (end >= 0 && length !== null && response.length >= end + 4 + Number(length[1])) {
        socket.destroy();
        resolve({ status: Number(response.slice(9, 12)), text: response.slice(end + 4), bodySent });
      }
    });
    socket.on('error', reject);
  });
}

/**
 * One connection: `head` alone, its answer read; then `body` (the rest of that request) and a
 * second request. The second's status, or 'closed' when the connection ended before it came.
 */
function refusedThenNext(head: string, body: Buffer, next: string): Promise<{ first: number; second: number | 'closed' }> {
  return new Promise((resolve, reject) => {
    const url = new URL(fx.httpUrl);
    const socket = connect(Number(url.port), '127.0.0.1');
    let response = '';
    const statuses: number[] = [];
    socket.on('connect', () => socket.write(head));
    socket.on('data', (d) => {
      response += d.toString('latin1');
      for (;;) {
        const end = response.indexOf('\r\n\r\n');
        const length = /content-length: (\d+)/i.exec(response);
        if (end < 0 || length === null || response.length < end + 4 + Number(length[1])) return;
        statuses.push(Number(response.slice(9, 12)));
        response = response.slice(end + 4 + Number(length[1]));
        if (statuses.length === 1) {
          socket.write(body);
          socket.write(next);
        } else {
          socket.destroy();
          return resolve({ first: statuses[0]!, second: statuses[1]! });
        }
      }
    });
    socket.on('close', () => resolve({ first: statuses[0] ?? 0, second: 'closed' }));
    socket.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
  });
}

describe('a refusal before the body is read', () => {
  it('drains a body declared within the route\'s limit (uWS drops it), so the answer is never lost to a reset and the connection carries the next request; a chunked body closes', async () => {
    const stranger = Wallet.createRandom();
    const bytes = 14 * 1024 * 1024;
    const body = Buffer.alloc(bytes, 0x78);
    const headers = await signRequestHeaders(stranger, { method: 'POST', host, pathAndQuery: '/v1/provider/listings', chainId: 31_337, bodyText: body.toString('latin1') });
    const next = `GET /v1/series HTTP/1.1\r\nhost: ${host}\r\n\r\n`;
    const signedHead = `POST /v1/provider/listings HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\ncontent-length: ${bytes}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
    // A wallet with no account: refused on the intake while the body waits paused, then drained.
    expect(await refusedThenNext(signedHead, body, next)).toEqual({ first: 404, second: 200 });
    // No signature at all: refused before a reader was made.
    expect(await refusedThenNext(`POST /v1/provider/listings HTTP/1.1\r\nhost: ${host}\r\ncontent-length: 65536\r\n\r\n`, Buffer.alloc(65_536, 0x78), next)).toEqual({ first: 401, second: 200 });
    // No such route (the default 64 KiB limit).
    expect(await refusedThenNext(`POST /v1/nowhere HTTP/1.1\r\nhost: ${host}\r\ncontent-length: 65536\r\n\r\n`, Buffer.alloc(65_536, 0x78), next)).toEqual({ first: 404, second: 200 });
    // Chunked, no end declared: not read, the connection closes after the refusal.
    const chunked = await refusedThenNext(`POST /v1/nowhere HTTP/1.1\r\nhost: ${host}\r\ntransfer-encoding: chunked\r\n\r\n`, Buffer.from('10000\r\n' + 'x'.repeat(65_536) + '\r\n'), next);
    expect(chunked).toEqual({ first: 404, second: 'closed' });
  });
});

describe('a stranger cannot freeze trading', () => {
  it('a 14 MB nested body and three 10 MiB samples are read off the engine thread: orders keep their acks, no session is closed', async () => {
    await fx.stockBroker(1_000, PAT_MICROS);
    await fx.quote(undefined, { priceMicros: 2 * PAT_MICROS, qty: 1_000 });
    const trader = await fx.connect(testWallet(30));
    await fx.fund(trader.accountId, 100_000);
    await openProvider(fx, 31);
    const closedBefore = fx.service.gateway.metrics.sessionsClosed;
    // The attacker is a process of its own: building and hashing its bodies must not cost this thread, which runs the exchange.
    const attacker = runAttacker(fx.httpUrl, testWallet(31).privateKey);
    let acks = 0;
    let running = true;
    const trading = (async () => {
      for (let id = 1; running; id++) {
        const ack = await trader.newOrder({ seriesId: fx.seriesId, clientOrderId: id, side: wire.Side.BUY, priceMicros: 2 * PAT_MICROS, qty: 1 });
        expect(ack.rejectReason ?? 0).toBe(0);
        acks++;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    // Trading stops when the attack ends, however it ends (a loop left running rejects at the fixture's stop, unhandled).
    const result = await attacker.finally(() => (running = false));
    await trading;
    // Statuses beside the requests that got none, so a failure names the error, not just a 0.
    expect({ stranger: result.stranger, nested: result.nested, samples: result.samples, errors: result.errors }).toEqual({
      stranger: [404, 404], // UNKNOWN_ACCOUNT, before the bodies were read
      nested: 400, // JSON_TOO_DEEP, on a worker
      samples: [201, 201, 201],
      errors: [],
    });
    expect(acks).toBeGreaterThan(3);
    // The session lived through it (a stall past 1.5 s would have closed it) and still trades.
    expect(fx.service.gateway.metrics.sessionsClosed).toBe(closedBefore);
    const after = await trader.newOrder({ seriesId: fx.seriesId, clientOrderId: 1_000_000, side: wire.Side.BUY, priceMicros: 2 * PAT_MICROS, qty: 1 });
    expect(after.rejectReason ?? 0).toBe(0);
    await trader.close();
  }, 240_000);

  it('wide bodies (1.2 million keys, a flat number array, small objects, four at once) are refused on a worker: nothing crosses, no session is closed', async () => {
    // Issue 74: each was parsed on a worker, then copied back to the engine's thread: 4–8 s with trading frozen, past this fixture's 1.5 s heartbeat timeout.
    const trader = await fx.connect(testWallet(32));
    await fx.fund(trader.accountId, 100_000);
    const closedBefore = fx.service.gateway.metrics.sessionsClosed;
    const attacker = runAttacker(fx.httpUrl, testWallet(31).privateKey, 'wide');
    let acks = 0;
    let running = true;
    const trading = (async () => {
      for (let id = 1; running; id++) {
        const ack = await trader.newOrder({ seriesId: fx.seriesId, clientOrderId: id, side: wire.Side.BUY, priceMicros: 2 * PAT_MICROS, qty: 1 });
        expect(ack.rejectReason ?? 0).toBe(0);
        acks++;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const result = await attacker.finally(() => (running = false));
    await trading;
    expect({ wide: result.wide, parallel: result.parallel, errors: result.errors }).toEqual({
      wide: [413, 413, 413, 413], // JSON_TOO_WIDE, counted on the worker before parsing
      parallel: [413, 413, 413, 413],
      errors: [],
    });
    expect(acks).toBeGreaterThan(3);
    expect(fx.service.gateway.metrics.sessionsClosed).toBe(closedBefore);
    await trader.close();
  }, 240_000);

  it('a wallet with no account is refused before its body is read; an unsigned upload too', async () => {
    const stranger = Wallet.createRandom();
    const headers = await signRequestHeaders(stranger, { method: 'POST', host, pathAndQuery: '/v1/provider/listings', chainId: 31_337, bodyText: 'x'.repeat(14 * 1024 * 1024) });
    const head = `POST /v1/provider/listings HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\ncontent-length: ${14 * 1024 * 1024}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
    // Only the head is sent: the answer comes without the 14 MB.
    const r = await rawRequest(head);
    expect(r.status).toBe(404);
    expect(JSON.parse(r.text)).toMatchObject({ error: 'UNKNOWN_ACCOUNT' });
    const unsigned = await rawRequest(`POST /v1/provider/listings HTTP/1.1\r\nhost: ${host}\r\ncontent-length: ${14 * 1024 * 1024}\r\n\r\n`);
    expect(unsigned.status).toBe(401);
    // Declared larger than the route takes: 413 at once.
    const tooLarge = await rawRequest(`POST /v1/provider/listings HTTP/1.1\r\nhost: ${host}\r\ncontent-length: ${64 * 1024 * 1024}\r\n\r\n`);
    expect(tooLarge.status).toBe(413);
  });

  it('a body declared as anything but JSON is refused 415 and nothing is done; JSON with parameters is read', async () => {
    const w = await openProvider(fx, 34);
    const body = { contract: 'AUTO_INTENT|1D|0.70-0.85', qtyPerWindow: 1, capPriceMicros: 1, budgetMicros: 1 };
    const bodyText = JSON.stringify(body);
    const post = async (type: string | undefined): Promise<{ status: number; error?: string }> => {
      const signed = await signRequestHeaders(w, { method: 'POST', host, pathAndQuery: '/v1/subscriptions', chainId: 31_337, bodyText });
      const res = await fetch(`${fx.httpUrl}/v1/subscriptions`, { method: 'POST', headers: { ...(type === undefined ? {} : { 'content-type': type }), ...signed }, body: bodyText });
      return { status: res.status, ...((await res.json()) as { error?: string }) };
    };
    for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded']) {
      expect([type, await post(type)]).toEqual([type, { status: 415, error: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('send content-type: application/json') }]);
    }
    // Read as JSON (and refused for what it says, not for its type).
    for (const type of ['application/json; charset=utf-8', 'application/merge-patch+json']) expect((await post(type)).status).not.toBe(415);
  });
});

describe('a signature authorises exactly what it covers', () => {
  it('is accepted once, for its body, its query, its host and its chain; the old text is refused by name', async () => {
    const w = await openProvider(fx, 32);
    const path = '/v1/provider/listings';
    const send = async (pathAndQuery: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<{ status: number; error?: string }> => {
      const res = await fetch(fx.httpUrl + pathAndQuery, { method, headers: { 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body }) });
      const json = (await res.json()) as { error?: string };
      return { status: res.status, ...(json.error === undefined ? {} : { error: json.error }) };
    };
    // Once: the same headers again are a replay.
    const once = await signRequestHeaders(w, { method: 'GET', host, pathAndQuery: path, chainId: 31_337 });
    expect((await send(path, once)).status).toBe(200);
    expect(await send(path, once)).toEqual({ status: 401, error: 'NONCE_REUSED' });
    // A query added to a signed GET: a field the route takes is not what was signed; one it does not take is refused first.
    const fills = await signRequestHeaders(w, { method: 'GET', host, pathAndQuery: '/v1/fills', chainId: 31_337 });
    expect(await send('/v1/fills?limit=1', fills)).toMatchObject({ status: 401, error: 'AUTH_FAILED' });
    const plain = await signRequestHeaders(w, { method: 'GET', host, pathAndQuery: path, chainId: 31_337 });
    expect(await send(`${path}?status=draft`, plain)).toMatchObject({ status: 400, error: 'INVALID_FIELD' });
    // Signed for another host, another chain.
    expect(await send(path, await signRequestHeaders(w, { method: 'GET', host: 'patx.example', pathAndQuery: path, chainId: 31_337 }))).toMatchObject({ status: 401, error: 'AUTH_FAILED' });
    expect(await send(path, await signRequestHeaders(w, { method: 'GET', host, pathAndQuery: path, chainId: 1 }))).toMatchObject({ status: 401, error: 'AUTH_FAILED' });
    // A body other than the one signed: nothing stored.
    const listed = fx.service.catalog.all().length;
    const bodyText = JSON.stringify(listingInput({ title: 'the signed one' }));
    const forBody = await signRequestHeaders(w, { method: 'POST', host, pathAndQuery: path, chainId: 31_337, bodyText });
    expect(await send(path, forBody, 'POST', JSON.stringify(listingInput({ title: 'another one' })))).toEqual({ status: 400, error: 'BODY_HASH_MISMATCH' });
    expect(fx.service.catalog.all().length).toBe(listed);
    // The version-1 text (method, path, time): refused by name.
    const time = Date.now();
    const v1 = { 'x-patx-address': w.address, 'x-patx-time': String(time), 'x-patx-signature': await w.signMessage(`PATX GET ${path}\ntime: ${time}`) };
    expect(await send(path, v1)).toEqual({ status: 401, error: 'SIGNATURE_FORMAT_OUTDATED' });
    // GET /v1/account follows the same rules.
    const account = await signRequestHeaders(w, { method: 'GET', host, pathAndQuery: '/v1/account', chainId: 31_337 });
    expect((await send('/v1/account', account)).status).toBe(200);
    expect(await send('/v1/account', account)).toEqual({ status: 401, error: 'NONCE_REUSED' });
    expect((await signedRequest(fx.httpUrl, w, 'GET', '/v1/account')).status).toBe(200);
  });
});

describe('request rates', () => {
  it('per address and per account: 429 with Retry-After and the RateLimit fields, and nothing done', async () => {
    const limited = await startGatewayFixture({ httpRateLimitPerAddress: { burst: 6, perSecond: 0.5 }, httpRateLimitPerAccount: { burst: 2, perSecond: 0.1 } });
    try {
      const w = await openProvider(limited, 33);
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await signedRequest(limited.httpUrl, w, 'GET', '/v1/provider/listings')).status);
      expect(statuses).toEqual([200, 200, 429]);
      const third = await signedRequest(limited.httpUrl, w, 'GET', '/v1/provider/listings');
      expect(third.body).toMatchObject({ error: 'RATE_LIMITED' });
      expect(third.headers.get('ratelimit-policy')).toBe('"account";q=2;w=20');
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // The address's own bucket: 6 requests in all, then public routes are refused too.
      const publicStatuses: number[] = [];
      for (let i = 0; i < 3; i++) publicStatuses.push((await fetch(`${limited.httpUrl}/v1/listings`)).status);
      expect(publicStatuses).toEqual([200, 200, 429]);
      const res = await fetch(`${limited.httpUrl}/v1/listings`);
      expect(res.status).toBe(429);
      expect(res.headers.get('ratelimit-policy')).toBe('"address";q=6;w=12');
      expect(res.headers.get('ratelimit')).toMatch(/^"address";r=0;t=\d+$/);
      // The gateway's own public reads and probes count too (they did not: a flood of them slowed order entry).
      for (const route of ['/v1/series', '/v1/series/1', '/healthz', '/openapi.json', '/v1/fees']) {
        expect([route, (await fetch(`${limited.httpUrl}${route}`)).status]).toEqual([route, 429]);
      }
    } finally {
      await limited.stop();
    }
  });

  it("the client's public GET waits out a short Retry-After once and gets its answer; a long one is RATE_LIMITED at once", async () => {
    const quick = await startGatewayFixture({ httpRateLimitPerAddress: { burst: 2, perSecond: 1 } });
    try {
      const got: unknown[] = [];
      for (let i = 0; i < 3; i++) got.push(await publicGet({ url: quick.httpUrl }, '/v1/fees'));
      expect(got).toHaveLength(3); // the third was refused 429 (retry after 1 s), waited, and answered
    } finally {
      await quick.stop();
    }
    const slow = await startGatewayFixture({ httpRateLimitPerAddress: { burst: 1, perSecond: 0.1 } });
    try {
      await publicGet({ url: slow.httpUrl }, '/v1/fees');
      await expect(publicGet({ url: slow.httpUrl }, '/v1/fees')).rejects.toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    } finally {
      await slow.stop();
    }
  });

  it("GET /v1/account takes the account's rate as the other wallet-signed routes do; the console's files take the address's", async () => {
    const limited = await startGatewayFixture({ httpRateLimitPerAddress: { burst: 40, perSecond: 0.01 }, httpRateLimitPerAccount: { burst: 2, perSecond: 0.01 } });
    try {
      const w = await openProvider(limited, 34);
      const statuses: number[] = [];
      for (let i = 0; i < 2; i++) statuses.push((await signedRequest(limited.httpUrl, w, 'GET', '/v1/provider/listings')).status);
      const account = await signedRequest(limited.httpUrl, w, 'GET', '/v1/account');
      expect([...statuses, account.status]).toEqual([200, 200, 429]); // it answered every request before (300 a second in a review)
      expect(account.headers.get('ratelimit-policy')).toBe('"account";q=2;w=200');
    } finally {
      await limited.stop();
    }
    const files = await startGatewayFixture({ httpRateLimitPerAddress: { burst: 3, perSecond: 0.01 } });
    try {
      const statuses: number[] = [];
      for (const route of ['/favicon.svg', '/favicon.svg', '/favicon.svg', '/favicon.svg', '/assets/none.js']) statuses.push((await fetch(`${files.httpUrl}${route}`)).status);
      expect(statuses.slice(3)).toEqual([429, 429]); // not served past the address's rate, built or not
      expect(statuses.slice(0, 3).every((s) => s === 200 || s === 404)).toBe(true);
    } finally {
      await files.stop();
    }
  });

  it('the large documents weigh 10 requests: one /openapi.json takes ten of the address\'s tokens', async () => {
    const limited = await startGatewayFixture({ httpRateLimitPerAddress: { burst: 12, perSecond: 0.01 } });
    try {
      const statuses: number[] = [];
      for (const route of ['/openapi.json', '/openapi.json', '/docs', '/v1/series', '/v1/series', '/v1/series']) statuses.push((await fetch(`${limited.httpUrl}${route}`)).status);
      expect(statuses).toEqual([200, 429, 429, 200, 200, 429]);
    } finally {
      await limited.stop();
    }
  });
});
