/**
 * A webhook subscription end to end (docs/subscriptions.md, "Delivery"): the subscriber signs
 * a push authorisation once; the exchange buys and exercises the window, its courier hands
 * the grant with the authorisation to the provider's gate (the demo provider's server), and
 * the gate POSTs the records, signed by the provider, to the subscriber's webhook, which has
 * done nothing since it subscribed. A failing webhook is retried by the gate with the same
 * batch. Real service, real provider server, real HTTP on 127.0.0.1, real signatures. The demo
 * runs (no settlement chain, as under `npm start`), and the webhook on 127.0.0.1 is reached only
 * because its exact address:port is allowed (`subscriptions.webhookAllow`); nothing else inside is.
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushPayloadProblem, signedRequest, signPushAuthorisation, type PushPayload, type SignedGrant } from '../../src/client/index.js';
import { demoEnabled, loadConfig } from '../../src/app/config.js';
import { createLogger } from '../../src/runtime/log.js';
import type { ProviderServer } from '../../src/provider-server/server.js';
import type { Service } from '../../src/app/service.js';
import type { SubscriptionActivity, SubscriptionRecord } from '../../src/subscriptions/index.js';
import { fundedConsumer, startDemoGateService, startWebhookReceiver, type DemoGateService, type WebhookReceiver } from '../support/demo-gate.js';

const logger = createLogger('silent');
let x: DemoGateService;
let service: Service;
let server: ProviderServer;
let hook: WebhookReceiver;
/** What the webhook received, and how many of the first requests it fails (500). */
const received: Array<{ body: string; signature: string | undefined }> = [];
let failFirst = 2;
const consumer = Wallet.createRandom();
const base = () => x.base;
let contract: string;

beforeAll(async () => {
  // The subscriber's webhook first: its exact address and port is the one private target allowed.
  hook = await startWebhookReceiver((body, req) => {
    if (failFirst-- > 0) return 500;
    received.push({ body, signature: req.headers['patx-delivery-signature'] as string | undefined });
    return 204;
  });
  // As `npm start` runs it (the demo on: no settlement chain), with the receiver allowed by address:port, as an operator would configure it.
  // Webhooks are retried quickly here (the demo's retry rule with a short first delay); the allowance as src/demo/run.ts passes it.
  x = await startDemoGateService('subscription-webhook', {
    logger,
    config: { subscriptions: { webhookAllow: [hook.allow] } },
    retry: { firstDelayMs: 50, maxDelayMs: 200, maxAttempts: 10 },
    webhookAllow: [hook.allow],
    stock: { mint: 10, sell: 5 },
  });
  ({ service, server } = x);
  expect(demoEnabled(x.config)).toBe(true);
  contract = service.engine.seriesById(x.seriesId)!.spec.contract;
  await (await fundedConsumer(service, x.wsUrl, consumer, 'subscription-webhook-test')).close();
}, 120_000);

afterAll(async () => {
  await x?.close();
  await hook?.close();
});

describe('a webhook subscription', () => {
  it('is refused, under the demo, for every address inside but the exact address:port allowed (issue 74)', async () => {
    const domain = service.grants()!.signer.domain;
    const port = hook.port;
    const inside = [
      `http://127.0.0.1:${port === 65_535 ? 1 : port + 1}/operator/kill`, // loopback, another port than the one allowed
      `http://127.0.0.2:${port}/patx`, // another address, the allowed port
      'http://169.254.169.254/latest/meta-data/',
      'http://localhost./patx',
      'http://[64:ff9b::7f00:1]/patx',
    ];
    for (const url of inside) {
      // Signed by the subscriber for that very URL: only where it points is wrong.
      const a = await signPushAuthorisation(consumer, { domain, url, untilMs: Date.now() + 3_600_000 });
      const refused = await signedRequest<{ error?: string; message?: string }>(base(), consumer, 'POST', '/v1/subscriptions', {
        contract, qtyPerWindow: 1, capPriceMicros: 10_000_000, budgetMicros: 100_000_000,
        delivery: { mode: 'webhook', url: a.url, authorisation: { untilMs: a.untilMs, nonce: a.nonce, consumerSignature: a.consumerSignature } },
      });
      expect([refused.status, refused.body.error], url).toEqual([400, 'BAD_WEBHOOK']);
    }
    expect(x.config.subscriptions.webhookAllow).toEqual([`127.0.0.1:${port}`]);
    // `npm start` allows none unless configured: the demo on no longer opens private webhooks to everyone.
    expect(loadConfig({}, { dataDir: x.dir, settlement: { enabled: false } }).subscriptions.webhookAllow).toEqual([]);
  });

  it("receives the window's records at its webhook with no further request, retried through failures", async () => {
    const domain = service.grants()!.signer.domain;
    const url = `http://127.0.0.1:${hook.port}/patx`;
    const authorisation = await signPushAuthorisation(consumer, { domain, url, untilMs: Date.now() + 3_600_000 });
    // Signed for another URL: refused before anything is made.
    const wrong = await signedRequest<{ error?: string }>(base(), consumer, 'POST', '/v1/subscriptions', {
      contract, qtyPerWindow: 1, capPriceMicros: 10_000_000, budgetMicros: 100_000_000,
      delivery: { mode: 'webhook', url: `${url}/other`, authorisation: { untilMs: authorisation.untilMs, nonce: authorisation.nonce, consumerSignature: authorisation.consumerSignature } },
    });
    expect([wrong.status, wrong.body.error]).toEqual([400, 'BAD_AUTHORISATION']);
    const made = await signedRequest<SubscriptionRecord>(base(), consumer, 'POST', '/v1/subscriptions', {
      contract, qtyPerWindow: 1, capPriceMicros: 10_000_000, budgetMicros: 100_000_000,
      delivery: { mode: 'webhook', url, authorisation: { untilMs: authorisation.untilMs, nonce: authorisation.nonce, consumerSignature: authorisation.consumerSignature } },
    });
    expect(made.status).toBe(201);
    expect(made.body.delivery).toEqual({ mode: 'webhook', url });
    await service.runSubscriptions();
    const one = await signedRequest<{ activity: SubscriptionActivity[] }>(base(), consumer, 'GET', `/v1/subscriptions/${made.body.subscriptionId}`);
    expect(one.body.activity[0]).toMatchObject({ type: 'exercised', qty: 1 });
    await service.deliverSubscriptions();
    const deadline = Date.now() + 30_000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received).toHaveLength(1);
    const payload = JSON.parse(received[0]!.body) as PushPayload;
    const grants = await signedRequest<{ grants: SignedGrant[] }>(base(), consumer, 'GET', `/v1/grants/mine?exercise=${(one.body.activity[0] as { exerciseId: number }).exerciseId}`);
    const signed = grants.body.grants[0]!;
    expect(pushPayloadProblem(payload, { grant: signed.grant, signature: signed.signature }, domain)).toBeUndefined();
    expect(payload).toMatchObject({ grantId: signed.grant.grantId, seq: 1, remaining: 0 });
    expect(payload.records.length).toBe(25);
    // Handed once: another sweep hands nothing more, and the gate never sends more than the grant holds.
    await service.deliverSubscriptions();
    expect(service.subscriptions()!.pendingHandoffs(10)).toEqual([]);
    expect(server.gate.used(signed.grant.grantId)).toBe(1);
    // The gate's report of the push is evidence of delivery: the courier handed this grant with this authorisation.
    const grantId = signed.grant.grantId;
    const deadlineEvidence = Date.now() + 30_000;
    while (service.engine.escrow.grants.get(grantId)?.evidencedQty !== 1 && Date.now() < deadlineEvidence) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(service.grants()!.evidenceOf(grantId)).toEqual([expect.objectContaining({ kind: 'push', use: 1, records: 25, push: expect.objectContaining({ url, seq: 1, status: 204 }) })]);
    expect(service.engine.escrow.grants.get(grantId)?.evidencedQty).toBe(1);
  });
});
