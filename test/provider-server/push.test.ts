/**
 * Push delivery at the reference provider server (docs/delivery.md, "Push delivery: streams
 * and webhooks"): Server-Sent Events streams and webhooks, metered with pull in one
 * allowance, never more than granted (pull, two streams and a webhook at once; across a
 * restart), ended by the window's close; a failing webhook gets the same batch again, and a
 * restart resumes it. Real server and webhook receivers on 127.0.0.1, real LMDB, real
 * signatures; the push period is ~100 ms. No timing is asserted: only what arrived.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterEach, describe, expect, it } from 'vitest';
import { pushPayloadProblem, registerPush, signPushAuthorisation, streamRecords, StreamError, type MessageSigner, type PushPayload, type StreamEvent } from '../../src/client/index.js';
import { demoRecords } from '../../src/demo/index.js';
import { signGateRequest, signStreamRequest } from '../../src/gate/index.js';
import { GrantSigner, type AccessGrant, type GrantDomain, type SignedGrant } from '../../src/grants/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { startProviderServer, type ProviderServer } from '../../src/provider-server/server.js';

const domain: GrantDomain = { name: 'PATX', version: '1', chainId: 31337, verifyingContract: '0x0000000000000000000000000000000000000000' };
const exchange = Wallet.createRandom();
const provider = Wallet.createRandom();
const consumer = Wallet.createRandom();
const signer = new GrantSigner(exchange.privateKey, domain);
const logger = createLogger('silent');
/** Grants from this id on are pushed once a minute (streams that stay open while a test looks at them). */
const SLOW_GRANTS = 100;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function grant(over: Partial<AccessGrant> = {}): SignedGrant {
  const now = Date.now();
  return signer.sign({ grantId: 7, consumer: consumer.address, provider: provider.address, listingId: 3, listingVersion: 1, seriesId: 1, windowOpenMs: now - 3_600_000, windowCloseMs: now + 3_600_000, quantity: 3, expiresAtMs: now + 86_400_000, nonce: 1, ...over });
}

function newDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-provider-push-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The reference provider server with a short push period, its webhooks allowed to these receivers (their exact address:port); closed after the test unless closed before. */
async function providerServer(dir: string, hooks: { url: string }[] = []): Promise<ProviderServer> {
  const server = await startProviderServer({
    providerKey: provider.privateKey,
    domain,
    exchangeSigner: exchange.address,
    serves: (listingId) => listingId === 3,
    segmentOf: () => 'AUTO_INTENT',
    records: demoRecords,
    dir,
    host: '127.0.0.1',
    port: 0,
    log: logger,
    webhookAllow: hooks.map((h) => new URL(h.url).host), // the receivers are on 127.0.0.1: each allowed by its exact address and port, nothing else private
    push: { periodMs: (g) => (g.grantId >= SLOW_GRANTS ? 60_000 : 100), retry: { firstDelayMs: 50, maxDelayMs: 200, maxAttempts: 3 }, maxStreamsPerGrant: 2, maxPushesPerGrant: 2 },
  });
  let closed = false;
  const close = server.close.bind(server);
  server.close = async () => {
    if (closed) return;
    closed = true;
    await close();
  };
  cleanups.push(() => server.close());
  return server;
}

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1: answers each POST with the next of `statuses` (then 200; 'stall': never), and keeps what came. */
async function receiver(statuses: (number | 'stall')[] = []): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = statuses.shift() ?? 200;
      if (status !== 'stall') res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  cleanups.push(() => server.closeAllConnections());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

const seqsOf = (events: StreamEvent[]) => events.flatMap((e) => (e.type === 'batch' ? [e.payload.seq] : []));
const endOf = (events: StreamEvent[]) => events.at(-1)!;

async function pull(server: ProviderServer, signed: SignedGrant, use: number): Promise<{ status: number; body: { error?: string; remaining?: number } }> {
  const request = await signGateRequest(consumer, signed, use, { domain, endpoint: server.endpoint });
  const res = await fetch(server.endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
  return { status: res.status, body: (await res.json()) as { error?: string; remaining?: number } };
}

async function register(server: ProviderServer, signed: SignedGrant, url: string, untilMs = Date.now() + 3_600_000, wallet: MessageSigner = consumer) {
  return registerPush(server.endpoint, signed, await signPushAuthorisation(wallet, { domain, url, untilMs, nonce: 'hook-1' }), domain);
}

describe('a stream of records (Server-Sent Events)', () => {
  it('sends one signed batch a period, the first at once, then ends exhausted; nothing is left to pull', async () => {
    const server = await providerServer(newDir());
    const signed = grant();
    const events = await collect(streamRecords(consumer, signed, { endpoint: server.endpoint, domain }));
    expect(seqsOf(events)).toEqual([1, 2, 3]);
    for (const e of events) if (e.type === 'batch') expect(e.payload.records).toHaveLength(25);
    expect(endOf(events)).toEqual({ type: 'end', reason: 'exhausted', delivered: 3, remaining: 0 });
    // Each batch is the records POST /records serves for that right, under the provider's signed statement (checked by streamRecords; again here).
    const batches = events.flatMap((e) => (e.type === 'batch' ? [e.payload] : []));
    expect(batches.map((p) => p.delivery.nonce)).toEqual(['push-1', 'push-2', 'push-3']);
    expect(pushPayloadProblem({ ...batches[0]!, records: batches[1]!.records }, signed, domain)).toMatch(/does not match/);
    expect(server.gate.used(7)).toBe(3);
    expect(await pull(server, signed, 1)).toMatchObject({ status: 429, body: { error: 'EXHAUSTED' } });
    expect(server.streams.open).toBe(0);
  });

  it('ends complete after the rights its request asked for', async () => {
    const server = await providerServer(newDir());
    const events = await collect(streamRecords(consumer, grant({ quantity: 5 }), { endpoint: server.endpoint, domain, rights: 2 }));
    expect(seqsOf(events)).toEqual([1, 2]);
    expect(endOf(events)).toMatchObject({ type: 'end', reason: 'complete', remaining: 3 });
  });

  it("ends when the grant's window closes: pushes stop there, pull is served to the expiry", async () => {
    const server = await providerServer(newDir());
    const signed = grant({ quantity: 1_000, windowCloseMs: Date.now() + 500 });
    const events = await collect(streamRecords(consumer, signed, { endpoint: server.endpoint, domain }));
    expect(endOf(events)).toMatchObject({ type: 'end', reason: 'window-closed' });
    const sent = seqsOf(events);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent).toEqual(Array.from({ length: sent.length }, (_, i) => i + 1));
    expect(server.gate.used(7)).toBe(sent.length); // every right counted was sent
    const again = await collect(streamRecords(consumer, signed, { endpoint: server.endpoint, domain })).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(StreamError);
    expect(again).toMatchObject({ code: 'WINDOW_CLOSED', status: 410 });
    expect(await pull(server, signed, 1)).toMatchObject({ status: 200 });
  });

  it('is refused by name, counting nothing: a stranger, another endpoint, a replayed request, too many streams on a grant', async () => {
    const server = await providerServer(newDir());
    const signed = grant({ grantId: SLOW_GRANTS, quantity: 10 });
    const refusal = (p: Promise<unknown>) => p.then(() => 'opened', (e: unknown) => (e instanceof StreamError ? `${e.status} ${e.code}` : e));
    const stranger = Wallet.createRandom();
    expect(await refusal(collect(streamRecords(stranger, signed, { endpoint: server.endpoint, domain })))).toBe('401 NOT_CONSUMER');
    const misdirected = await signStreamRequest(consumer, signed, 1, { domain, endpoint: 'http://collector.attacker.example/records' });
    const res = await fetch(`${server.endpoint}/stream`, { method: 'POST', body: JSON.stringify(misdirected) });
    expect([res.status, ((await res.json()) as { error: string }).error]).toEqual([403, 'WRONG_ENDPOINT']);
    expect(server.gate.used(SLOW_GRANTS)).toBe(0);
    // Two open streams (the bound on a grant here), each has its first batch; a third is refused.
    const open = [new AbortController(), new AbortController()];
    const first: PushPayload[] = [];
    const streams = open.map(async (ctl, i) => {
      try {
        for await (const e of streamRecords(consumer, signed, { endpoint: server.endpoint, domain, signal: ctl.signal, nonce: `open-${i}` })) if (e.type === 'batch') first.push(e.payload);
      } catch {
        // aborted below
      }
    });
    await until(() => first.length === 2);
    expect(await refusal(collect(streamRecords(consumer, signed, { endpoint: server.endpoint, domain })))).toBe('429 TOO_MANY_STREAMS');
    for (const ctl of open) ctl.abort();
    await Promise.all(streams);
    await until(() => server.streams.open === 0);
    // The same stream request twice: its nonce is used.
    expect(await refusal(collect(streamRecords(consumer, signed, { endpoint: server.endpoint, domain, nonce: 'open-0' })))).toBe('409 REPLAYED');
    expect(server.gate.used(SLOW_GRANTS)).toBe(2);
  });
});

describe('never more than granted', () => {
  it('with pull, two streams and a webhook at once, and after a restart', async () => {
    const dir = newDir();
    const hook = await receiver();
    let server = await providerServer(dir, [hook]);
    const signed = grant({ quantity: 8 });
    expect(await pull(server, signed, 2)).toMatchObject({ status: 200, body: { remaining: 6 } });
    const registered = await register(server, signed, hook.url);
    expect(registered).toMatchObject({ outcome: 'registered', created: true });
    const [a, b] = await Promise.all([collect(streamRecords(consumer, signed, { endpoint: server.endpoint, domain })), collect(streamRecords(consumer, signed, { endpoint: server.endpoint, domain }))]);
    await until(() => server.pusher.registrations === 0); // the webhook's registration ended too
    const pushed = hook.received.map((r) => (JSON.parse(r.body) as PushPayload).seq);
    const all = [...seqsOf(a), ...seqsOf(b), ...pushed].sort((x, y) => x - y);
    expect(all).toEqual([3, 4, 5, 6, 7, 8]); // each right once, across the three
    for (const events of [a, b]) expect(endOf(events)).toMatchObject({ type: 'end', reason: 'exhausted', remaining: 0 });
    expect(server.gate.used(7)).toBe(8);
    await server.close();
    server = await providerServer(dir, [hook]);
    expect(await pull(server, signed, 1)).toMatchObject({ status: 429, body: { error: 'EXHAUSTED' } });
    expect(await register(server, signed, hook.url)).toMatchObject({ outcome: 'refused', status: 429, error: 'EXHAUSTED' });
    expect(await collect(streamRecords(consumer, signed, { endpoint: server.endpoint, domain })).catch((e: unknown) => e)).toMatchObject({ code: 'EXHAUSTED' });
    expect(server.gate.used(7)).toBe(8);
  });
});

describe('webhooks', () => {
  it('retry a batch the receiver did not take with the same payload and seq, counting no other right; the provider signs each POST', async () => {
    const hook = await receiver([500, 503]); // fails twice, then takes
    const server = await providerServer(newDir(), [hook]);
    const signed = grant({ quantity: 2 });
    await register(server, signed, hook.url);
    await until(() => server.pusher.registrations === 0);
    const seqs = hook.received.map((r) => (JSON.parse(r.body) as PushPayload).seq);
    expect(seqs).toEqual([1, 1, 1, 2]);
    expect(new Set(hook.received.slice(0, 3).map((r) => r.body)).size).toBe(1); // the very same bytes
    for (const r of hook.received) {
      const payload = JSON.parse(r.body) as PushPayload;
      expect(pushPayloadProblem(payload, signed, domain)).toBeUndefined();
      expect(r.headers['patx-delivery-signature']).toBe(payload.deliverySignature);
      expect(r.headers['patx-push-id']).toBe(`7-${payload.seq}`);
    }
    expect(server.gate.used(7)).toBe(2);
  });

  it('give up a batch after the last attempt (the registration ends failed) and count nothing more', async () => {
    const hook = await receiver([500, 500, 500]);
    const server = await providerServer(newDir(), [hook]);
    await register(server, grant({ quantity: 5 }), hook.url);
    await until(() => server.pusher.registrations === 0);
    expect(hook.received.map((r) => (JSON.parse(r.body) as PushPayload).seq)).toEqual([1, 1, 1]);
    expect(server.gate.used(7)).toBe(1);
  });

  it('resume a pending batch after a restart of the provider server: the same seq and bytes, no right counted twice', async () => {
    const dir = newDir();
    const hook = await receiver(['stall']); // the first POST is never answered
    let server = await providerServer(dir, [hook]);
    const signed = grant({ quantity: 2 });
    await register(server, signed, hook.url);
    await until(() => hook.received.length === 1);
    await server.close(); // the batch is pending: its POST cut by the close
    server = await providerServer(dir, [hook]);
    await until(() => server.pusher.registrations === 0);
    const seqs = hook.received.map((r) => (JSON.parse(r.body) as PushPayload).seq);
    expect(seqs.slice(0, 2)).toEqual([1, 1]);
    expect(hook.received[1]!.body).toBe(hook.received[0]!.body);
    expect([...new Set(seqs)]).toEqual([1, 2]);
    expect(server.gate.used(7)).toBe(2);
  });

  it('refuse forged, foreign, expired and misdirected registrations by name, counting nothing; the same one again is the one there is', async () => {
    const hook = await receiver();
    const server = await providerServer(newDir(), [hook]);
    const signed = grant({ grantId: SLOW_GRANTS, quantity: 10 });
    const stranger = Wallet.createRandom();
    const authorisation = await signPushAuthorisation(consumer, { domain, url: hook.url, untilMs: Date.now() + 3_600_000, nonce: 'hook-1' });
    const post = async (body: unknown) => {
      const res = await fetch(`${server.endpoint}/push`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
      return `${res.status} ${((await res.json()) as { error?: string }).error ?? 'registered'}`;
    };
    const body = { grant: signed.grant, signature: signed.signature, domain, authorisation };
    expect(await post({ ...body, authorisation: await signPushAuthorisation(stranger, { domain, url: hook.url, untilMs: Date.now() + 3_600_000 }) })).toBe('401 NOT_CONSUMER');
    expect(await post({ ...body, authorisation: { ...authorisation, url: `${hook.url}/elsewhere` } })).toBe('401 NOT_CONSUMER');
    expect(await post({ ...body, authorisation: await signPushAuthorisation(consumer, { domain: { ...domain, chainId: 1 }, url: hook.url, untilMs: Date.now() + 3_600_000 }) })).toBe('401 NOT_CONSUMER');
    expect(await post({ ...body, authorisation: await signPushAuthorisation(consumer, { domain, url: hook.url, untilMs: Date.now() - 1 }) })).toBe('410 AUTHORISATION_EXPIRED');
    expect(await post({ ...body, grant: { ...signed.grant, quantity: 1_000 } })).toBe('403 FORGED_GRANT');
    expect(await post({ ...body, domain: { ...domain, chainId: 5 } })).toBe('403 FOREIGN_DOMAIN');
    expect(await post({ ...body, authorisation: { ...authorisation, url: 'ftp://127.0.0.1/hook' } })).toBe('400 BAD_WEBHOOK_URL');
    // Loopback at another port than the receiver's allowed one, and the cloud's metadata address: refused though signed by the consumer.
    const port = Number(new URL(hook.url).port);
    expect(await post({ ...body, authorisation: await signPushAuthorisation(consumer, { domain, url: `http://127.0.0.1:${port === 65_535 ? 1 : port + 1}/operator/kill`, untilMs: Date.now() + 3_600_000 }) })).toBe('400 BAD_WEBHOOK_URL');
    expect(await post({ ...body, authorisation: await signPushAuthorisation(consumer, { domain, url: 'http://169.254.169.254/latest/meta-data/', untilMs: Date.now() + 3_600_000 }) })).toBe('400 BAD_WEBHOOK_URL');
    expect(await post({ ...body, authorisation: { ...authorisation, url: `${hook.url}?${'x'.repeat(2_100)}` } })).toBe('400 BAD_WEBHOOK_URL');
    expect(await post('{"grant":')).toBe('400 MALFORMED_REQUEST');
    expect(await post({ ...body, authorisation: undefined })).toBe('400 MALFORMED_REQUEST');
    expect(server.pusher.registrations).toBe(0);
    expect(server.gate.used(SLOW_GRANTS)).toBe(0);
    // Accepted; the same again answers the registration there is; two URLs are this grant's bound.
    expect(await post(body)).toBe('201 registered');
    expect(await registerPush(server.endpoint, signed, authorisation, domain)).toMatchObject({ outcome: 'registered', created: false, registration: { grantId: SLOW_GRANTS, url: hook.url } });
    expect(await register(server, signed, `${hook.url}/2`)).toMatchObject({ outcome: 'registered', created: true });
    expect(await register(server, signed, `${hook.url}/3`)).toMatchObject({ outcome: 'refused', status: 429, error: 'TOO_MANY_PUSHES' });
    expect(server.pusher.registrations).toBe(2);
  });
});
