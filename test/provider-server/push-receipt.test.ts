/**
 * Pushed records are receipted as downloads are (docs/delivery.md, "Push delivery"): with the
 * running service and the demo provider's server (`npm start`'s wiring: its listings' cadence,
 * webhooks to the test receiver by its exact address:port), a consumer buys 3 rights, pulls one, streams one
 * and has one pushed to its webhook; the exchange takes the receipt of each pushed batch's
 * signed statement (nonce push-<seq>), and the grant counts 3 delivered. Real service (LMDB,
 * uWS, the grant ledger), real HTTP on 127.0.0.1, real signatures; settlement off.
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadWithGrant, grantsOfAck, registerPush, signedRequest, signPushAuthorisation, streamRecords, TradingClient, wire, type PushPayload, type SignedGrant, type StreamEvent } from '../../src/client/index.js';
import { createLogger } from '../../src/runtime/log.js';
import type { ProviderServer } from '../../src/provider-server/server.js';
import type { Service } from '../../src/app/service.js';
import { fundedConsumer, startDemoGateService, startWebhookReceiver, type DemoGateService, type WebhookReceiver } from '../support/demo-gate.js';

const logger = createLogger('silent');
let x: DemoGateService;
let service: Service;
let server: ProviderServer;
let trader: TradingClient;
let hook: WebhookReceiver;
const hookBodies: string[] = [];
const consumer = Wallet.createRandom();
const base = () => x.base;
let seriesId: number;

beforeAll(async () => {
  // The consumer's webhook first: the demo server reaches it by its exact address and port, nothing else inside.
  hook = await startWebhookReceiver((body) => {
    hookBodies.push(body);
    return 204;
  });
  x = await startDemoGateService('push-receipt', { logger, webhookAllow: [hook.allow], stock: { mint: 10, sell: 5 } });
  ({ service, server, seriesId } = x);
  trader = await fundedConsumer(service, x.wsUrl, consumer, 'push-receipt-test');
});

afterAll(async () => {
  await trader?.close().catch(() => undefined);
  await x?.close();
  await hook?.close();
});

async function newGrant(qty: number): Promise<SignedGrant> {
  const ask = service.engine.seriesById(seriesId)!.brokerSells.bestAskMicros();
  await trader.newOrder({ seriesId, clientOrderId: 1, side: wire.Side.BUY, timeInForce: wire.TimeInForce.IOC, priceMicros: ask, qty });
  const grants = grantsOfAck(await trader.exercise(seriesId, qty));
  expect(grants).toHaveLength(1);
  await service.grants()!.get(grants[0]!.grant.grantId);
  return grants[0]!;
}

/** The consumer's receipt of a pushed batch, as of a download: the statement and the provider's signature. */
async function receipt(p: PushPayload): Promise<{ status: number; delivered: number | undefined }> {
  const d = p.delivery;
  const r = await signedRequest<{ grant?: { delivered: number } }>(base(), consumer, 'POST', `/v1/grants/${p.grantId}/receipts`, { use: d.use, nonce: d.nonce, records: d.records, sha256: d.sha256, deliverySignature: p.deliverySignature });
  return { status: r.status, delivered: r.body.grant?.delivered };
}

describe('pushed records', () => {
  it('are receipted by the exchange as downloads are: pull one, stream one, push one to a webhook; 3 delivered', async () => {
    const signed = await newGrant(3);
    const domain = service.grants()!.signer.domain;
    const pulled = await downloadWithGrant(base(), consumer, signed, 1, { checkConformance: false });
    expect(pulled).toMatchObject({ outcome: 'received', receipt: { state: 'accepted', delivered: 1 } });

    const events: StreamEvent[] = [];
    for await (const e of streamRecords(consumer, signed, { endpoint: server.endpoint, domain, rights: 1 })) events.push(e);
    expect(events.map((e) => e.type)).toEqual(['batch', 'end']);
    const streamed = (events[0] as { payload: PushPayload }).payload;
    expect(streamed).toMatchObject({ seq: 2, remaining: 1, delivery: { nonce: 'push-2', use: 1, records: 25 } });
    expect(events[1]).toMatchObject({ reason: 'complete', remaining: 1 });
    expect(await receipt(streamed)).toEqual({ status: 200, delivered: 2 });

    const url = `http://127.0.0.1:${hook.port}/patx`;
    const authorisation = await signPushAuthorisation(consumer, { domain, url, untilMs: Date.now() + 3_600_000 });
    expect(await registerPush(server.endpoint, signed, authorisation, domain)).toMatchObject({ outcome: 'registered', created: true });
    while (hookBodies.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const pushed = JSON.parse(hookBodies[0]!) as PushPayload;
    expect(pushed).toMatchObject({ seq: 3, remaining: 0, delivery: { nonce: 'push-3' } });
    expect(await receipt(pushed)).toEqual({ status: 200, delivered: 3 });
    // The same batch again: receipted once.
    expect((await receipt(pushed)).status).toBe(409);
    while (server.pusher.registrations > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.gate.used(signed.grant.grantId)).toBe(3);
  });
});
