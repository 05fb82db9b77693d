/**
 * Issue 74 item 5 against a real gateway on loopback, over raw sockets (so each request goes
 * on the wire exactly as written): a wallet-signed request has one spelling. A trailing slash,
 * a bare '?' or HEAD on a signed route is refused 401
 * NON_CANONICAL_REQUEST naming the spelling to sign, whichever spelling was signed, and a
 * signature used on the canonical spelling is not good for another one. A correctly signed body
 * sent chunked is accepted (its hash is that of the bytes as sent); a chunked body past the
 * route's limit is refused 413 as soon as it passes it, without waiting for its end.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { signedRequest } from '../../src/client/index.js';
import { CommandKind, Role, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { signRequestHeaders, type MountedRoute } from '../../src/gateway/index.js';
import type { Operation } from '../../src/http-registry/index.js';
import { startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';

const LIMIT_BYTES = 4096;
let fx: GatewayFixture;
let host: string;
const seen: Array<{ method: string; path: string; body: unknown }> = [];

const row = (method: 'GET' | 'POST', operationId: string): Operation => ({ method, path: '/v1/spelling', operationId, summary: operationId, tags: ['test'], security: 'wallet', query: z.object({ x: z.string().optional() }), responses: { 200: { description: 'ok' } } });
const echo: MountedRoute = {
  operations: [row('GET', 'getSpelling'), row('POST', 'postSpelling')],
  maxBodyBytes: LIMIT_BYTES,
  handle: async (req) => {
    seen.push({ method: req.method, path: req.path, body: req.body });
    return { status: 200, body: { accountId: req.accountId, body: req.body ?? null } };
  },
};

beforeAll(async () => {
  fx = await startGatewayFixture({ httpRateLimitPerAddress: { burst: 10_000, perSecond: 10_000 }, httpRateLimitPerAccount: { burst: 10_000, perSecond: 10_000 } }, {}, [echo]);
  host = new URL(fx.httpUrl).host;
  await fx.submitOk({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: testWallet(1).address.toLowerCase() });
});
afterAll(async () => {
  await fx.stop();
});

interface Reply {
  status: number;
  body: { error?: string; message?: string; details?: { canonical?: string }; [k: string]: unknown } | undefined;
}

function open(): Promise<Socket> {
  const url = new URL(fx.httpUrl);
  return new Promise((resolve, reject) => {
    const s = connect(Number(url.port), url.hostname, () => resolve(s));
    s.on('error', reject);
  });
}

/** Reads one response (status, JSON body if any) from `s`; `head`: a HEAD's, with no body. */
function response(s: Socket, head = false): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let data = Buffer.alloc(0);
    const done = (): boolean => {
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) return false;
      const lines = data.subarray(0, end).toString('latin1').split('\r\n');
      const status = Number(lines[0]!.split(' ')[1]);
      const length = Number(lines.find((l) => /^content-length:/i.test(l))?.split(':')[1] ?? 0);
      if (head) return finish({ status, body: undefined });
      if (data.length < end + 4 + length) return false;
      const text = data.subarray(end + 4, end + 4 + length).toString('utf8');
      return finish({ status, body: text === '' ? undefined : (JSON.parse(text) as Reply['body']) });
    };
    const finish = (r: Reply): boolean => {
      s.off('data', onData);
      resolve(r);
      return true;
    };
    const onData = (chunk: Buffer): void => {
      data = Buffer.concat([data, chunk]);
      done();
    };
    s.on('data', onData);
    s.once('close', () => reject(new Error(`the connection closed before a response: ${data.toString('latin1').slice(0, 200)}`)));
  });
}

/** One request as written: `target` is the request line's path and query, byte for byte. */
async function send(method: string, target: string, headers: Record<string, string>, body?: string, hostHeader = host): Promise<Reply> {
  const s = await open();
  try {
    const lines = [`${method} ${target} HTTP/1.1`, `host: ${hostHeader}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    if (body !== undefined) lines.push('content-type: application/json', `content-length: ${Buffer.byteLength(body)}`);
    s.write(`${lines.join('\r\n')}\r\n\r\n${body ?? ''}`);
    return await response(s, method.toUpperCase() === 'HEAD');
  } finally {
    s.destroy();
  }
}

function sign(method: string, pathAndQuery: string, bodyText?: string, signedHost = host): Promise<Record<string, string>> {
  return signRequestHeaders(testWallet(1), { method, host: signedHost, pathAndQuery, chainId: 31_337, ...(bodyText === undefined ? {} : { bodyText }) });
}

/** A body as HTTP/1.1 chunks of `sizes` bytes (the rest in one more), then the last chunk unless `unfinished`. */
function chunked(body: string, sizes: number[], unfinished = false): string {
  const bytes = Buffer.from(body, 'utf8');
  const parts: string[] = [];
  let at = 0;
  for (const n of [...sizes, bytes.length]) {
    const piece = bytes.subarray(at, Math.min(bytes.length, at + n));
    if (piece.length === 0) continue;
    parts.push(`${piece.length.toString(16)}\r\n${piece.toString('latin1')}\r\n`);
    at += piece.length;
    if (at >= bytes.length) break;
  }
  return parts.join('') + (unfinished ? '' : '0\r\n\r\n');
}

async function sendChunked(target: string, headers: Record<string, string>, wire: string): Promise<Reply> {
  const s = await open();
  try {
    const lines = [`POST ${target} HTTP/1.1`, `host: ${host}`, 'content-type: application/json', 'transfer-encoding: chunked', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    s.write(`${lines.join('\r\n')}\r\n\r\n`);
    s.write(Buffer.from(wire, 'latin1'));
    return await response(s);
  } finally {
    s.destroy();
  }
}

/** The other spellings of a canonical GET: what a router serves as the same request. */
const OTHER_SPELLINGS = (path: string): Array<[method: string, target: string]> => [
  ['GET', `${path}/`],
  ['GET', `${path}?`],
  ['GET', `${path}/?`],
  ['HEAD', path],
];

describe('a wallet-signed request has one spelling', () => {
  for (const path of ['/v1/account', '/v1/spelling']) {
    it(`GET ${path}: the signature of the canonical request is good for no other spelling, and a replay on one is refused`, async () => {
      // The canonical request is served.
      expect((await send('GET', path, await sign('GET', path))).status).toBe(200);
      for (const [method, target] of OTHER_SPELLINGS(path)) {
        // Signed for the canonical spelling, sent in another: refused, naming the canonical one.
        const headers = await sign('GET', path);
        const r = await send(method, target, headers);
        expect(r.status, `${method} ${target}`).toBe(401);
        if (method !== 'HEAD') expect(r.body, `${method} ${target}`).toMatchObject({ error: 'NON_CANONICAL_REQUEST', details: { canonical: `GET ${path}` } });
        // Signed for that very spelling: refused as well (never a second valid spelling).
        const own = await send(method, target, await sign(method, target));
        expect(own.status, `${method} ${target} signed as sent`).toBe(401);
        if (method !== 'HEAD') expect(own.body?.error).toBe('NON_CANONICAL_REQUEST');
        // The refusal came before the signature was looked at: the canonical request those headers sign is still good once.
        expect((await send('GET', path, headers)).status, `${method} ${target}: then the canonical request`).toBe(200);
        expect((await send('GET', path, headers)).body?.error).toBe('NONCE_REUSED');
        // ... and a replay of the used signature on the other spelling is refused too.
        expect((await send(method, target, headers)).status, `${method} ${target}: replayed`).toBe(401);
      }
    });
  }

  it('a lower-case method is not served at all (uWS closes the connection), so it is no second spelling', async () => {
    const served = await send('get', '/v1/spelling', await sign('GET', '/v1/spelling')).then(
      (r) => r.status,
      () => 'closed',
    );
    expect(served).toBe('closed');
  });

  it('a POST with a trailing slash or a bare "?" is refused before its body is read', async () => {
    const body = JSON.stringify({ n: 1 });
    for (const target of ['/v1/spelling/', '/v1/spelling?']) {
      const r = await send('POST', target, await sign('POST', target, body), body);
      expect([r.status, r.body?.error], target).toEqual([401, 'NON_CANONICAL_REQUEST']);
      expect(r.body?.details?.canonical).toBe('POST /v1/spelling');
    }
    // A query is part of the spelling as sent: signed and sent with it, served.
    const q = await send('GET', '/v1/spelling?x=1', await sign('GET', '/v1/spelling?x=1'));
    expect(q.status).toBe(200);
  });

  it("the client's signedRequest sends what it signs: a bare '?' it is given is in neither (Node's fetch sends pathname + search)", async () => {
    expect((await signedRequest(fx.httpUrl, testWallet(1), 'GET', '/v1/account?')).status).toBe(200);
    expect((await signedRequest(fx.httpUrl, testWallet(1), 'GET', '/v1/spelling?x=1')).status).toBe(200);
  });

  it('public and operator routes keep their other spellings (nothing is signed there)', async () => {
    expect((await send('GET', '/v1/series/', {})).status).toBe(200);
    expect((await send('GET', '/v1/series?', {})).status).toBe(200);
    expect((await send('HEAD', '/v1/series', {})).status).toBe(200);
  });
});

describe('a wallet-signed request names this exchange', () => {
  it('one signed for another host, sent here with that Host, is refused WRONG_HOST before its signature is looked at; a loopback name at the port is this exchange', async () => {
    // An outside review: signed for other-exchange.example (a phishing relay, a staging deployment on the same chain) and sent here unchanged, it was served.
    const port = new URL(fx.httpUrl).port;
    const body = JSON.stringify({ n: 2 });
    for (const other of ['other-exchange.example', `patx-staging.example:${port}`, '127.0.0.1:1']) {
      const r = await send('POST', '/v1/spelling', await sign('POST', '/v1/spelling', body, other), body, other);
      expect([r.status, r.body?.error], other).toEqual([401, 'WRONG_HOST']);
    }
    const before = seen.length;
    const local = `localhost:${port}`;
    const headers = await sign('POST', '/v1/spelling', body, local);
    expect((await send('POST', '/v1/spelling', headers, body, local)).status).toBe(200);
    expect(seen.length).toBe(before + 1);
  });
});

describe('a signed body sent chunked', () => {
  it('is accepted: the hash is that of the bytes as sent, whatever the chunking', async () => {
    const body = JSON.stringify({ text: 'é'.repeat(600), list: [1, 2, 3] }); // over 1 KiB, multi-byte characters split across chunks
    const before = seen.length;
    const r = await sendChunked('/v1/spelling', await sign('POST', '/v1/spelling', body), chunked(body, [1, 7, 300, 511]));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body?.body).toEqual(JSON.parse(body));
    expect(seen.slice(before)).toEqual([{ method: 'POST', path: '/v1/spelling', body: JSON.parse(body) }]);
    // One chunk, and an empty body (only the last chunk) signed as the empty body: accepted too.
    expect((await sendChunked('/v1/spelling', await sign('POST', '/v1/spelling', body), chunked(body, []))).status).toBe(200);
    expect((await sendChunked('/v1/spelling', await sign('POST', '/v1/spelling'), chunked('', []))).status).toBe(200);
  });

  it('is refused when it is not the body signed', async () => {
    const r = await sendChunked('/v1/spelling', await sign('POST', '/v1/spelling', JSON.stringify({ n: 1 })), chunked(JSON.stringify({ n: 2 }), [3]));
    expect([r.status, r.body?.error]).toEqual([400, 'BODY_HASH_MISMATCH']);
  });

  it('up to the limit is accepted; past it, 413 as soon as the bytes pass the limit, before the body ends', async () => {
    const pad = (bytes: number): string => JSON.stringify({ pad: 'x'.repeat(bytes - 10) });
    const atLimit = pad(LIMIT_BYTES);
    expect(Buffer.byteLength(atLimit)).toBe(LIMIT_BYTES);
    expect((await sendChunked('/v1/spelling', await sign('POST', '/v1/spelling', atLimit), chunked(atLimit, [1000, 1000]))).status).toBe(200);
    // One byte more, never finished: the refusal does not wait for the last chunk.
    const over = pad(LIMIT_BYTES + 1);
    const r = await sendChunked('/v1/spelling', await sign('POST', '/v1/spelling', over), chunked(over, [1000, 1000], true));
    expect([r.status, r.body?.error]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    // And a far larger one sent whole: the same.
    const big = pad(LIMIT_BYTES * 64);
    const r2 = await sendChunked('/v1/spelling', await sign('POST', '/v1/spelling', big), chunked(big, [LIMIT_BYTES]));
    expect([r2.status, r2.body?.error]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });
});
