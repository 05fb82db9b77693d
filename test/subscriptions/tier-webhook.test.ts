/**
 * A tier subscription delivered by push (issue 81; docs/subscriptions.md, "Tiers" and "Delivery"):
 * the demo provider's AUTO_INTENT listing offers a tier of two contracts; a subscriber signs a push
 * authorisation once and subscribes to the tier with `delivery: {mode: 'webhook'}`. Each contract's
 * subscription is a WEBHOOK one: the exchange buys and exercises both windows, its courier hands
 * every grant with the authorisation to the provider's gate (the demo provider's real server), and
 * the gate POSTs each grant's records, signed by the provider, to the subscriber's webhook. A
 * webhook not allowed, or an authorisation for another URL, is refused before anything is made.
 * Real service, real provider server and gate, real HTTP on 127.0.0.1, real signatures.
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushPayloadProblem, signedRequest, signPushAuthorisation, type PushPayload, type SignedGrant } from '../../src/client/index.js';
import { DEMO_PROVIDER_KEY, setDemoListingTerms } from '../../src/demo/index.js';
import { SubscriptionDelivery } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import type { ProviderServer } from '../../src/provider-server/server.js';
import type { Service } from '../../src/app/service.js';
import type { SubscriptionRecord } from '../../src/subscriptions/index.js';
import { providerSellsToBroker } from '../support/broker-rights.js';
import { fundedConsumer, startDemoGateService, startWebhookReceiver, type DemoGateService, type WebhookReceiver } from '../support/demo-gate.js';

const logger = createLogger('silent');
let x: DemoGateService;
let service: Service;
let server: ProviderServer;
let hook: WebhookReceiver;
/** What the webhook received: each POST's body. */
const received: string[] = [];
const consumer = Wallet.createRandom();
const base = () => x.base;
let listingId: number;
let contracts: string[];
/** The AUTO_INTENT spot windows open now. */
function openSpots(svc: Service) {
  const now = Date.now();
  return svc.engine.series.filter((s) => s !== undefined && s.segment === 'AUTO_INTENT' && s.isSpot && s.status === 1 && s.spec.openAtMs <= now && now < s.spec.closeAtMs);
}

beforeAll(async () => {
  hook = await startWebhookReceiver((body) => {
    received.push(body);
    return 204;
  });
  // The receiver's exact address:port allowed, as an operator would configure it (docs/security.md).
  const webhookAllow = [hook.allow];
  x = await startDemoGateService('tier-webhook', {
    logger,
    config: { subscriptions: { webhookAllow } },
    retry: { firstDelayMs: 50, maxDelayMs: 200, maxAttempts: 10 },
    webhookAllow,
    beforeGate: async (svc) => {
      // Two AUTO_INTENT spot contracts with a window open now: the tier's, each one right a window at the ask.
      contracts = [...new Set(openSpots(svc).map((s) => s!.spec.contract))].slice(0, 2);
      expect(contracts).toHaveLength(2);
      listingId = await setDemoListingTerms(svc.catalog, 'AUTO_INTENT', { tiers: [{ name: 'pro', contracts, seats: 5, price: { rule: 'ask' } }] }, Date.now);
    },
  });
  ({ service, server } = x);
  const open = openSpots(service);
  for (const contract of contracts) {
    const series = open.filter((s) => s!.spec.contract === contract).sort((a, b) => b!.spec.closeAtMs - a!.spec.closeAtMs)[0]!;
    await providerSellsToBroker(service, new Wallet(DEMO_PROVIDER_KEY).address, series.id, { mint: 10, sell: 5 });
  }
  await (await fundedConsumer(service, x.wsUrl, consumer, 'tier-webhook-test')).close();
}, 120_000);

afterAll(async () => {
  await x?.close();
  await hook?.close();
});

describe('a tier subscription by push', () => {
  it('refuses a webhook not allowed, and an authorisation signed for another URL, before anything is made', async () => {
    const domain = service.grants()!.signer.domain;
    const port = hook.port;
    const elsewhere = `http://127.0.0.1:${port === 65_535 ? 1 : port + 1}/patx`;
    const a = await signPushAuthorisation(consumer, { domain, url: elsewhere, untilMs: Date.now() + 3_600_000 });
    const notAllowed = await signedRequest<{ error?: string }>(base(), consumer, 'POST', '/v1/tier-subscriptions', {
      listingId, tier: 'pro', budgetMicros: 50_000_000,
      delivery: { mode: 'webhook', url: elsewhere, authorisation: { untilMs: a.untilMs, nonce: a.nonce, consumerSignature: a.consumerSignature } },
    });
    expect([notAllowed.status, notAllowed.body.error]).toEqual([400, 'BAD_WEBHOOK']);
    const url = `http://127.0.0.1:${port}/patx`;
    const other = await signPushAuthorisation(consumer, { domain, url: `${url}/other`, untilMs: Date.now() + 3_600_000 });
    const wrong = await signedRequest<{ error?: string }>(base(), consumer, 'POST', '/v1/tier-subscriptions', {
      listingId, tier: 'pro', budgetMicros: 50_000_000,
      delivery: { mode: 'webhook', url, authorisation: { untilMs: other.untilMs, nonce: other.nonce, consumerSignature: other.consumerSignature } },
    });
    expect([wrong.status, wrong.body.error]).toEqual([400, 'BAD_AUTHORISATION']);
    expect(service.engine.tiers.live.size).toBe(0);
    expect(service.engine.subscriptions.live.size).toBe(0);
  });

  it("receives every contract's records at its webhook with no further request", async () => {
    const domain = service.grants()!.signer.domain;
    const url = `http://127.0.0.1:${hook.port}/patx`;
    const a = await signPushAuthorisation(consumer, { domain, url, untilMs: Date.now() + 3_600_000 });
    const made = await signedRequest<{ tierSubscriptionId: number; subscriptionIds: number[]; subscriptions: SubscriptionRecord[] }>(base(), consumer, 'POST', '/v1/tier-subscriptions', {
      listingId, tier: 'pro', budgetMicros: 50_000_000,
      delivery: { mode: 'webhook', url, authorisation: { untilMs: a.untilMs, nonce: a.nonce, consumerSignature: a.consumerSignature } },
    });
    expect(made.status).toBe(201);
    expect(made.body.subscriptionIds).toHaveLength(2);
    expect(made.body.subscriptions.map((s) => s.delivery)).toEqual([{ mode: 'webhook', url }, { mode: 'webhook', url }]);
    expect(made.body.subscriptionIds.map((id) => service.engine.subscriptions.live.get(id)!.delivery)).toEqual([SubscriptionDelivery.WEBHOOK, SubscriptionDelivery.WEBHOOK]);

    await service.runSubscriptions();
    const exercises: number[] = [];
    for (const id of made.body.subscriptionIds) {
      const one = await signedRequest<{ activity: Array<{ type: string; exerciseId?: number }> }>(base(), consumer, 'GET', `/v1/subscriptions/${id}`);
      const exercised = one.body.activity.find((x) => x.type === 'exercised');
      expect(exercised, `subscription ${id}`).toBeDefined();
      exercises.push(exercised!.exerciseId!);
    }
    await service.deliverSubscriptions();
    const deadline = Date.now() + 30_000;
    while (received.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received).toHaveLength(2);
    // Each push is one grant's records, signed by the provider for this subscriber's grant.
    const payloads = received.map((body) => JSON.parse(body) as PushPayload);
    for (const exerciseId of exercises) {
      const grants = await signedRequest<{ grants: SignedGrant[] }>(base(), consumer, 'GET', `/v1/grants/mine?exercise=${exerciseId}`);
      const signed = grants.body.grants[0]!;
      const payload = payloads.find((p) => p.grantId === signed.grant.grantId);
      expect(payload, `grant ${signed.grant.grantId}`).toBeDefined();
      expect(pushPayloadProblem(payload!, { grant: signed.grant, signature: signed.signature }, domain)).toBeUndefined();
      expect(payload!.records.length).toBeGreaterThan(0);
      expect(server.gate.used(signed.grant.grantId)).toBe(1);
    }
    // Handed once: another sweep hands nothing more.
    await service.deliverSubscriptions();
    expect(service.subscriptions()!.pendingHandoffs(10)).toEqual([]);
  });
});
