/**
 * A right whose window has nothing to serve yet (a model feed before its first signal in that
 * window; issue 77) is refused NOT_READY (425) before the gate counts it: no right is spent, no
 * receipt can confirm an empty delivery, and the same right is served once there are records.
 * The same for pull, a stream's opening and a webhook's periods (the gate's readiness probe,
 * GateOptions.hasRecords). A real provider server on loopback with a gate and a real webhook
 * receiver; the exchange is only a signing key here. No timing is asserted: only what arrived,
 * after the probe was asked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterEach, describe, expect, it } from 'vitest';
import { pushPayloadProblem, registerPush, signPushAuthorisation, streamRecords, StreamError, type PushPayload, type StreamEvent } from '../../src/client/index.js';
import { signGateRequest } from '../../src/gate/index.js';
import { GrantSigner, type AccessGrant, type GrantDomain, type SignedGrant } from '../../src/grants/index.js';
import { startProviderServer, type ProviderServer } from '../../src/provider-server/server.js';
import { createLogger } from '../../src/runtime/log.js';

const domain: GrantDomain = { name: 'PATX', version: '1', chainId: 31337, verifyingContract: '0x0000000000000000000000000000000000000000' };
const exchange = Wallet.createRandom();
const provider = Wallet.createRandom();
const consumer = Wallet.createRandom();

/** What the window holds: nothing until a test puts a signal in it. */
let signals: Record<string, string | number>[] = [];
/** How often the gate asked whether the window has records while it had none (the probe asks for one record). */
let emptyProbes = 0;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  signals = [];
  emptyProbes = 0;
});

/** A model feed's provider server (its records are the window's signals), pushing every 50 ms, its webhooks allowed to these receivers. */
async function feedServer(hooks: { url: string }[] = []): Promise<ProviderServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-provider-not-ready-'));
  const server = await startProviderServer({
    providerKey: provider.privateKey,
    domain,
    exchangeSigner: exchange.address,
    serves: (listingId) => listingId === 4,
    segmentOf: () => 'AUTO_SIGNAL',
    records: () => undefined,
    windowRecords: (_grant, _first, count) => {
      if (signals.length === 0 && count === 1) emptyProbes++;
      return signals;
    },
    dir,
    host: '127.0.0.1',
    port: 0,
    log: createLogger('silent'),
    webhookAllow: hooks.map((h) => new URL(h.url).host),
    push: { periodMs: 50 },
  });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => server.close());
  return server;
}

function grant(grantId: number, quantity = 1, over: Partial<AccessGrant> = {}): SignedGrant {
  const now = Date.now();
  return new GrantSigner(exchange.privateKey, domain).sign({ grantId, consumer: consumer.address, provider: provider.address, listingId: 4, listingVersion: 1, seriesId: 1, windowOpenMs: now - 60_000, windowCloseMs: now + 3_600_000, quantity, expiresAtMs: now + 86_400_000, nonce: grantId, ...over });
}

const signal = () => ({ signal_id: 's1', signal_time: new Date().toISOString(), instrument: '1', position: 0.5, model_config_sha: 'x' });

async function post(server: ProviderServer, body: unknown): Promise<{ status: number; body: { error?: string; records?: unknown[]; remaining?: number } }> {
  const res = await fetch(`http://127.0.0.1:${server.port}/records`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { error?: string; records?: unknown[]; remaining?: number } };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

/** A webhook receiver on 127.0.0.1 that takes every POST and keeps its body. */
async function receiver(): Promise<{ url: string; received: PushPayload[] }> {
  const received: PushPayload[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as PushPayload);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  cleanups.push(() => server.closeAllConnections());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

describe('a right with nothing in its window yet', () => {
  it('is refused NOT_READY without being spent, and served in full once its window has records', async () => {
    const server = await feedServer();
    const signed = grant(7);

    const early = await post(server, await signGateRequest(consumer, signed, 1, { domain, endpoint: server.endpoint }));
    expect(early).toMatchObject({ status: 425, body: { error: 'NOT_READY' } });
    // A stranger's request for the same grant is still the gate's to refuse (its signature checked first).
    const forged = await post(server, await signGateRequest(Wallet.createRandom(), signed, 1, { domain, endpoint: server.endpoint }));
    expect(forged).toMatchObject({ status: 401, body: { error: 'NOT_CONSUMER' } });
    expect(server.gate.used(7)).toBe(0);

    signals = [signal()];
    // The grant's one right was not spent by the refusal: it serves now, and then it is used up.
    const served = await post(server, await signGateRequest(consumer, signed, 1, { domain, endpoint: server.endpoint }));
    expect(served).toMatchObject({ status: 200, body: { records: signals, remaining: 0 } });
    const again = await post(server, await signGateRequest(consumer, signed, 1, { domain, endpoint: server.endpoint }));
    expect(again.body.error).toBe('EXHAUSTED');
  });

  it('refuses a stream NOT_READY at its opening, counting nothing and keeping no slot; it opens once the window has records', async () => {
    const server = await feedServer();
    const signed = grant(8, 2);
    // More tries than a grant's stream slots (4): each refusal gave its slot back, or the last would be TOO_MANY_STREAMS.
    for (let i = 0; i < server.streams.maxStreamsPerGrant + 1; i++) {
      const refused = await collect(streamRecords(consumer, signed, { endpoint: server.endpoint, domain })).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(StreamError);
      expect(refused).toMatchObject({ code: 'NOT_READY', status: 425 });
    }
    expect(server.gate.used(8)).toBe(0);
    expect(server.streams.open).toBe(0);

    signals = [signal()];
    const events = await collect(streamRecords(consumer, signed, { endpoint: server.endpoint, domain }));
    const batches = events.flatMap((e) => (e.type === 'batch' ? [e.payload] : []));
    expect(batches.map((p) => [p.seq, p.records])).toEqual([
      [1, signals],
      [2, signals],
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'end', reason: 'exhausted', remaining: 0 });
  });

  it('lets a webhook wait, counting and sending nothing, until the window has records; then it gets its first batch', async () => {
    const hook = await receiver();
    const server = await feedServer([hook]);
    const signed = grant(9);
    const registered = await registerPush(server.endpoint, signed, await signPushAuthorisation(consumer, { domain, url: hook.url, untilMs: Date.now() + 3_600_000, nonce: 'hook-1' }), domain);
    expect(registered).toMatchObject({ outcome: 'registered', created: true });
    // Its first period and the next found nothing: nothing counted, nothing sent, the registration still there.
    await until(() => emptyProbes >= 2);
    expect(hook.received).toEqual([]);
    expect(server.gate.used(9)).toBe(0);
    expect(server.pusher.view(9, hook.url)).toMatchObject({ delivered: 0, pending: null });

    signals = [signal()];
    await until(() => server.pusher.registrations === 0);
    expect(hook.received.map((p) => [p.seq, p.records])).toEqual([[1, signals]]);
    expect(pushPayloadProblem(hook.received[0]!, signed, domain)).toBeUndefined();
    expect(server.gate.used(9)).toBe(1);
  });
});
