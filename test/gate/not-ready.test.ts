/**
 * The gate's readiness probe (GateOptions.hasRecords: a model feed's window before its first
 * signal has no records): asked last before a right is counted, for pull and push alike. A pull
 * and a stream's opening are refused NOT_READY (425, not reportable); a stream's or a webhook's
 * later period whose window is still empty counts and sends nothing and waits for the next one,
 * until the window closes (WINDOW_CLOSED ends it as ever). Real signatures, real LMDB, a real
 * webhook receiver on 127.0.0.1; the gate's clock is driven by the test, a period at a time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Gate, GateError, pushNonce, Pusher, signGateRequest, signPushAuthorisation, signStreamRequest, StreamHub, type PushBatchMaker, type PushEndReason, type PushPayload, type StreamEnd } from '../../src/gate/index.js';
import { GrantSigner, type AccessGrant, type GrantDomain } from '../../src/grants/index.js';

const NOW = Date.UTC(2026, 10, 22, 12);
const PERIOD_MS = 20;
const domain: GrantDomain = { name: 'PATX', version: '1', chainId: 31337, verifyingContract: '0x' + '5f'.repeat(20) };
const exchange = Wallet.createRandom();
const provider = Wallet.createRandom();
const consumer = Wallet.createRandom();
const signer = new GrantSigner(exchange.privateKey, domain);
const ENDPOINT = 'https://data.provider.example/patx/records';

function grant(over: Partial<AccessGrant> = {}): AccessGrant {
  return { grantId: 7, consumer: consumer.address, provider: provider.address, listingId: 3, listingVersion: 2, seriesId: 1, windowOpenMs: NOW - 3_600_000, windowCloseMs: NOW + 3_600_000, quantity: 5, expiresAtMs: NOW + 86_400_000, nonce: 99, ...over };
}

/** One right's batch (unsigned: the probe, not the statement, is under test here). */
const batch: PushBatchMaker = (g, seq, remaining): PushPayload => ({ grantId: g.grantId, seq, remaining, records: [{ seq }], delivery: { grantId: g.grantId, use: 1, nonce: pushNonce(seq), records: 1, sha256: '' }, deliverySignature: '0x' });

let dir: string;
let gate: Gate;
let now = NOW;
/** Whether the window has records, and how often the gate asked. */
let ready = false;
let probes = 0;
const cleanups: Array<() => Promise<void> | void> = [];
const openGate = (webhookAllow: string[] = []) =>
  new Gate({ domain, exchangeSigner: exchange.address, provider: provider.address, endpoint: ENDPOINT, serves: () => true, dir, clock: () => now, webhookAllow, hasRecords: () => (probes++, ready) });

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-gate-not-ready-'));
  now = NOW;
  ready = false;
  probes = 0;
  gate = openGate();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await gate.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Moves the gate's clock a period at a time until `condition` holds (the push's timers fire in between). */
async function periodsUntil(condition: () => boolean): Promise<void> {
  while (!condition()) {
    now += PERIOD_MS;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

async function refusal(run: () => unknown): Promise<GateError | 'admitted'> {
  try {
    await run();
    return 'admitted';
  } catch (error) {
    if (error instanceof GateError) return error;
    throw error;
  }
}

describe('a right whose window has no records yet', () => {
  it('is refused NOT_READY to a pull, after the checks that come first, counting nothing and reporting nothing; served once there are records', async () => {
    const signed = signer.sign(grant());
    const early = await refusal(async () => gate.admit(await signGateRequest(consumer, signed, 1, { domain, endpoint: ENDPOINT, timeMs: now })));
    expect(early).toMatchObject({ code: 'NOT_READY', status: 425, grantId: 7, consumerSigned: false });
    // A stranger's request is refused for what it is, before the window is asked about.
    expect(await refusal(async () => gate.admit(await signGateRequest(Wallet.createRandom(), signed, 1, { domain, endpoint: ENDPOINT, timeMs: now })))).toMatchObject({ code: 'NOT_CONSUMER' });
    expect(gate.used(7)).toBe(0);
    ready = true;
    expect(await gate.admit(await signGateRequest(consumer, signed, 1, { domain, endpoint: ENDPOINT, timeMs: now }))).toMatchObject({ use: 1, remaining: 4 });
  });

  it("refuses a stream's opening (its slot given back); a later empty period sends nothing and waits; the window's close ends it", async () => {
    const hub = new StreamHub(gate, { batch, periodMs: () => PERIOD_MS, maxStreamsPerGrant: 1 });
    const signed = signer.sign(grant({ windowCloseMs: NOW + 2_000 }));
    for (const nonce of ['a', 'b']) expect(await refusal(async () => hub.openStream(await signStreamRequest(consumer, signed, 10, { domain, endpoint: ENDPOINT, timeMs: now, nonce })))).toMatchObject({ code: 'NOT_READY' });
    expect(gate.used(7)).toBe(0);

    ready = true;
    const stream = await hub.openStream(await signStreamRequest(consumer, signed, 10, { domain, endpoint: ENDPOINT, timeMs: now, nonce: 'c' }));
    const sent: number[] = [];
    let ended: StreamEnd | undefined;
    stream.start({ batch: (p) => sent.push(p.seq), end: (e) => (ended = e), heartbeat: () => undefined });
    await until(() => sent.length === 1); // its first right, counted at the opening (the clock stands still: no second)
    expect(sent).toEqual([1]);

    // Two periods with nothing in the window: nothing counted or sent, the stream still open.
    ready = false;
    const asked = probes;
    await periodsUntil(() => probes >= asked + 2 || ended !== undefined);
    expect(sent).toEqual([1]);
    expect(gate.used(7)).toBe(1);
    expect(ended).toBeUndefined();
    expect(hub.open).toBe(1);

    ready = true;
    await periodsUntil(() => sent.length === 2);
    expect(sent).toEqual([1, 2]);

    // Empty again until the window closes: it ends there, having counted only what it sent.
    ready = false;
    await periodsUntil(() => ended !== undefined);
    expect(ended).toEqual({ grantId: 7, reason: 'window-closed', delivered: 2, remaining: 3 });
    expect(sent).toEqual([1, 2]);
    expect(gate.used(7)).toBe(2);
    expect(hub.open).toBe(0);
  });

  it("keeps a webhook registered while its window is empty, sending and counting nothing, until the window's close ends it", async () => {
    const received: string[] = [];
    const receiver = createServer((req, res) => {
      req.on('data', (c: Buffer) => received.push(c.toString('utf8')));
      req.on('end', () => res.writeHead(200).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    await gate.close();
    gate = openGate([new URL(url).host]);
    const endings: PushEndReason[] = [];
    const pusher = new Pusher(gate, { batch, periodMs: () => PERIOD_MS, onEnded: (_r, reason) => endings.push(reason) });
    cleanups.push(() => pusher.close());
    const signed = signer.sign(grant({ windowCloseMs: NOW + 1_000 }));
    const authorisation = await signPushAuthorisation(consumer, { domain, url, untilMs: NOW + 3_600_000, nonce: 'hook-1' });
    expect(await pusher.register({ grant: signed.grant, signature: signed.signature, domain, authorisation })).toMatchObject({ created: true });

    const asked = probes;
    await periodsUntil(() => probes >= asked + 2 || endings.length > 0);
    expect(endings).toEqual([]);
    expect(pusher.view(7, url)).toMatchObject({ delivered: 0, pending: null });
    await periodsUntil(() => endings.length > 0);
    expect(endings).toEqual(['window-closed']);
    expect(received).toEqual([]);
    expect(gate.used(7)).toBe(0);
    expect(pusher.registrations).toBe(0);
  });
});
