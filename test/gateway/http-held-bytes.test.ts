/**
 * What strangers can make the HTTP port hold, from outside over raw TCP on 127.0.0.1 (each
 * client address a different 127.0.0.x): request bodies cost the bytes received, not the
 * length declared; the bodies held are bounded in total (503 BODY_BUFFER_UNAVAILABLE) and per
 * address (429 TOO_MANY_BODY_BYTES_PER_ADDRESS), nothing done; a reply a client does not read
 * is not copied into uWS's buffer, and an address leaving too much unread has its connection closed.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MountedRoute, Operation } from '../../src/http-registry/index.js';
import { until } from '../support/exchange-fixture.js';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';

const KIB = 1024;
const MIB = 1024 * KIB;
/** The reply of GET /test/big: larger than what the kernel's socket buffers take for a client that does not read. */
const BIG_REPLY_BYTES = 16 * MIB;
const limits = { httpMaxBufferedBodyBytes: 10 * MIB, httpMaxBufferedBodyBytesPerAddress: 8 * MIB, httpMaxUnsentReplyBytesPerAddress: 16 * MIB };

let fx: GatewayFixture;
let port = 0;
const handled: number[] = [];
/** The last body the echo route was handed, as JSON. */
let lastBody = '';
const sockets: Socket[] = [];

const row = (method: 'GET' | 'POST', path: string, operationId: string): Operation => ({ method, path, operationId, summary: operationId, tags: ['test'], security: 'public', responses: { 200: { description: 'ok' } } });
const route: MountedRoute = {
  operations: [row('POST', '/test/echo', 'postTestEcho'), row('GET', '/test/big', 'getTestBig')],
  maxBodyBytes: 8 * MIB,
  async handle(req) {
    if (req.method === 'GET') return { status: 200, body: 'a'.repeat(BIG_REPLY_BYTES), contentType: 'text/plain' };
    lastBody = JSON.stringify(req.body);
    handled.push(lastBody.length);
    return { status: 200, body: { ok: true } };
  },
};

beforeAll(async () => {
  const unlimited = { burst: 1_000_000, perSecond: 1_000_000 };
  fx = await startGatewayFixture({ ...limits, httpRateLimitPerAddress: unlimited }, {}, [route]);
  port = fx.service.gateway.port;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await fx.stop();
});

/** A connection from `local` (a 127.0.0.x: its own client address). */
function open(local: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port, localAddress: local });
    sockets.push(s);
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

/** The first response on a connection: its status and JSON body (read whole by its content-length). */
function response(s: Socket): Promise<{ status: number; body: { error?: string } }> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (d: Buffer): void => {
      text += d.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/content-length: *(\d+)/i.exec(text.slice(0, end))?.[1] ?? 0);
      if (text.length < end + 4 + length) return;
      s.off('data', onData);
      resolve({ status: Number(text.slice(9, 12)), body: JSON.parse(text.slice(end + 4, end + 4 + length) || '{}') as { error?: string } });
    };
    s.on('data', onData);
    s.once('close', () => reject(new Error(`closed before a response: ${JSON.stringify(text.slice(0, 200))}`)));
  });
}

function post(s: Socket, declared: number | 'chunked', bodyPart: string | Buffer = ''): void {
  const length = declared === 'chunked' ? 'transfer-encoding: chunked' : `content-length: ${declared}`;
  s.write(`POST /test/echo HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n${length}\r\n\r\n`);
  if (bodyPart.length > 0) s.write(bodyPart);
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${fx.httpUrl}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
}

describe('request bodies held', () => {
  it('costs the bytes received, not the content-length declared', async () => {
    const before = process.memoryUsage().arrayBuffers;
    const clients = await Promise.all(Array.from({ length: 20 }, (_, i) => open(`127.0.1.${i + 1}`)));
    // Each declares 8 MiB (the route's limit) and sends one byte: the old reader allocated the 8 MiB at once.
    for (const s of clients) post(s, 8 * MIB, ' ');
    // The server runs in this process: its buffers are this process's. Done when the bytes are held (or 8 MiB each were allocated).
    const grown = (): number => process.memoryUsage().arrayBuffers - before;
    await until(async () => grown() > 100 * MIB || (await metric('patx_http_body_bytes_held')) === 20 * 64 * KIB, 'the bodies taken', 10_000);
    expect(grown()).toBeLessThan(20 * MIB);
    expect(await metric('patx_http_body_bytes_held')).toBe(20 * 64 * KIB);
    for (const s of clients) s.destroy();
    await until(async () => (await metric('patx_http_body_bytes_held')) === 0, 'the bodies let go', 10_000);
  });

  it('are bounded per address (429) and in total (503), before and while bodies are read, and nothing is done', async () => {
    const calls = handled.length;
    // A holds its address's whole share: an 8 MiB body, all but its last byte sent.
    const a = await open('127.0.2.1');
    post(a, 8 * MIB, Buffer.concat([Buffer.from('"'), Buffer.alloc(8 * MIB - 2, 0x61)]));
    await until(async () => (await metric('patx_http_body_bytes_held')) === 8 * MIB, "A's body held", 10_000);
    // Another request of A's address: refused before a byte of its body is read.
    const b = await open('127.0.2.1');
    post(b, 100 * KIB);
    const refusedB = await response(b);
    expect([refusedB.status, refusedB.body.error]).toEqual([429, 'TOO_MANY_BODY_BYTES_PER_ADDRESS']);
    // Another address whose declared body does not fit in what is left of the total (2 MiB).
    const c = await open('127.0.2.2');
    post(c, 4 * MIB);
    const refusedC = await response(c);
    expect([refusedC.status, refusedC.body.error]).toEqual([503, 'BODY_BUFFER_UNAVAILABLE']);
    // A chunked body (no length declared) is refused the moment its buffer would pass the total.
    const d = await open('127.0.2.3');
    post(d, 'chunked', `${(3 * MIB).toString(16)}\r\n"${'a'.repeat(3 * MIB - 2)}"\r\n`);
    const refusedD = await response(d);
    expect([refusedD.status, refusedD.body.error]).toEqual([503, 'BODY_BUFFER_UNAVAILABLE']);
    expect(handled.length).toBe(calls);
    // A's last byte: it is answered, and what it held is let go, so B's address may send again.
    const answered = response(a);
    a.write('"');
    expect((await answered).status).toBe(200);
    expect(handled.length).toBe(calls + 1);
    await until(async () => (await metric('patx_http_body_bytes_held')) === 0, "A's body let go", 10_000);
    const again = await open('127.0.2.1');
    const body = JSON.stringify('x'.repeat(100 * KIB - 2));
    post(again, body.length, body);
    expect((await response(again)).status).toBe(200);
    expect(await metric('patx_http_body_refused_total{limit="address"}')).toBe(1);
    expect(await metric('patx_http_body_refused_total{limit="total"}')).toBe(2);
  });
});

describe('large bodies', () => {
  it('are read byte for byte into blocks of memory kept and reused, declared or chunked, in chunks of any size', async () => {
    // Distinct strings (at most 4,096 values a body), so a block out of place or written twice shows; lengths not a multiple of 64 KiB.
    const body = (n: number): string => JSON.stringify(Array.from({ length: n }, (_, i) => `r${i}-${'x'.repeat(2_000 + (i % 97))}`));
    const declared = body(1_000); // ~2 MiB
    const s = await open('127.0.5.1');
    post(s, declared.length);
    // Sent in pieces of odd sizes, so uWS hands the server chunks that straddle blocks.
    for (let at = 0; at < declared.length; at += 77_777) s.write(declared.slice(at, at + 77_777));
    expect((await response(s)).status).toBe(200);
    expect(lastBody).toBe(declared);
    // Settled: memory is also written ahead of need, off the engine's thread, and joins when that is done.
    let kept = -1;
    await until(async () => {
      const before = kept;
      kept = await metric('patx_http_body_memory_bytes');
      await new Promise((r) => setTimeout(r, 300));
      return kept === before;
    }, 'the memory kept settled', 10_000);
    expect(kept).toBeGreaterThan(0);
    // A chunked one, then five more declared: the same memory serves each (given back once each is answered).
    const chunkedBody = body(500);
    const c = await open('127.0.5.2');
    post(c, 'chunked', `${chunkedBody.length.toString(16)}\r\n${chunkedBody}\r\n0\r\n\r\n`);
    expect((await response(c)).status).toBe(200);
    expect(lastBody).toBe(chunkedBody);
    for (let i = 0; i < 5; i++) {
      const again = body(1_000 + i);
      const x = await open(`127.0.5.${3 + i}`);
      post(x, again.length, again);
      expect((await response(x)).status).toBe(200);
      expect(lastBody).toBe(again);
    }
    expect(await metric('patx_http_body_memory_bytes')).toBe(kept);
    expect(await metric('patx_http_body_bytes_held')).toBe(0);
  });
});

describe('replies not read', () => {
  it('are not copied into the server: an address leaving more unread than allowed has its connection closed; a reader gets it whole', async () => {
    // Clients of one address ask for the 16 MiB reply and never read it: the first's unsent rest fits the
    // address's 16 MiB, the next cannot.
    const idle = await Promise.all(Array.from({ length: 3 }, () => open('127.0.3.1')));
    for (const s of idle) {
      s.pause();
      s.write('GET /test/big HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n');
    }
    await until(async () => (await metric('patx_http_reply_connections_closed_total')) >= 2, 'the connections over the address\'s unread bytes closed', 10_000);
    expect(await metric('patx_http_reply_bytes_unsent')).toBeLessThanOrEqual(16 * MIB);
    // A client that reads gets the whole reply, written as its socket takes it.
    const reader = await open('127.0.3.2');
    const got = new Promise<number>((resolve) => {
      let bytes = 0;
      reader.on('data', (d: Buffer) => {
        bytes += d.length;
        if (bytes >= BIG_REPLY_BYTES) resolve(bytes);
      });
    });
    reader.write('GET /test/big HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n');
    expect(await got).toBeGreaterThan(BIG_REPLY_BYTES);
    for (const s of idle) s.destroy();
    await until(async () => (await metric('patx_http_reply_bytes_unsent')) === 0, 'the unread replies let go', 10_000);
  });
});

describe('a body sent with a read', () => {
  it('is refused 413 before a byte is read, declared or chunked, on a route whose writes take 8 MiB (it was read and held)', async () => {
    for (const [i, framing] of ['content-length: 5000000', 'transfer-encoding: chunked'].entries()) {
      const s = await open(`127.0.4.${i + 1}`);
      s.write(`GET /test/big HTTP/1.1\r\nhost: 127.0.0.1\r\n${framing}\r\n\r\n${framing.startsWith('transfer') ? '10\r\n0123456789abcdef\r\n' : 'x'.repeat(1000)}`);
      const answer = await response(s);
      expect([answer.status, answer.body.error, (answer.body as { message?: string }).message]).toEqual([413, 'PAYLOAD_TOO_LARGE', 'a GET carries no body']);
    }
    expect(await metric('patx_http_body_bytes_held')).toBe(0);
  });
});
