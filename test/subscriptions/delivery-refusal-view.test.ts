/**
 * A provider sees the exchange's refusal to deliver at its endpoint (docs/delivery.md, "Endpoints
 * the exchange connects to"): the subscription courier sends nothing to an endpoint that names or
 * resolves to an address the exchange does not POST to (ENDPOINT_NOT_ALLOWED), and the listing's
 * provider reads the last such refusal on its own listings (`lastDeliveryRefusal`), where it
 * reads their state. Real service (the demo on, no settlement chain), the demo provider's gate on
 * 127.0.0.1 at a free port that the operator did not allow (catalog.endpointAllow empty), a
 * subscriber's webhook on 127.0.0.1 that is allowed, real signatures.
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedRequest, signPushAuthorisation, type SignedGrant } from '../../src/client/index.js';
import { DEMO_PROVIDER_KEY } from '../../src/demo/index.js';
import { ENDPOINT_NOT_ALLOWED } from '../../src/gate/push-registration.js';
import { createLogger } from '../../src/runtime/log.js';
import type { HandoffRefusal, SubscriptionActivity, SubscriptionRecord } from '../../src/subscriptions/index.js';
import { DeliveryRefusals, MAX_LISTINGS_KEPT, providerMessage } from '../../src/subscriptions/delivery-refusals.js';
import { fundedConsumer, startDemoGateService, startWebhookReceiver, type DemoGateService, type WebhookReceiver } from '../support/demo-gate.js';

const logger = createLogger('silent');
let x: DemoGateService;
let hook: WebhookReceiver;
const received: string[] = [];
const consumer = Wallet.createRandom();
const provider = new Wallet(DEMO_PROVIDER_KEY);

interface RefusalView {
  code: string;
  message: string;
  atMs: number;
  version: number;
  grantId: number;
}

beforeAll(async () => {
  hook = await startWebhookReceiver((body) => {
    received.push(body);
    return 204;
  });
  // The gate's loopback address:port is not allowed (startDemoGateService allows it unless told otherwise): the courier may not POST there.
  x = await startDemoGateService('delivery-refusal', {
    logger,
    config: { subscriptions: { webhookAllow: [hook.allow] }, catalog: { endpointAllow: [] } },
    webhookAllow: [hook.allow],
    stock: { mint: 10, sell: 5 },
  });
  await (await fundedConsumer(x.service, x.wsUrl, consumer, 'delivery-refusal-test')).close();
}, 120_000);

afterAll(async () => {
  await x?.close();
  await hook?.close();
});

describe("a listing's provider", () => {
  it('sees the last time the courier refused its endpoint, on its listings, with the version and grant, and nothing before', async () => {
    const listings = async (): Promise<{ id: number; lastDeliveryRefusal?: RefusalView | null }[]> => (await signedRequest<{ id: number; lastDeliveryRefusal?: RefusalView | null }[]>(x.base, provider, 'GET', '/v1/provider/listings')).body;
    const before = await listings();
    expect(before.length).toBeGreaterThan(0);
    expect(before.map((l) => l.lastDeliveryRefusal)).toEqual(before.map(() => null));

    const domain = x.service.grants()!.signer.domain;
    const url = `http://127.0.0.1:${hook.port}/patx`;
    const a = await signPushAuthorisation(consumer, { domain, url, untilMs: Date.now() + 3_600_000 });
    const contract = x.service.engine.seriesById(x.seriesId)!.spec.contract;
    const made = await signedRequest<SubscriptionRecord>(x.base, consumer, 'POST', '/v1/subscriptions', {
      contract, qtyPerWindow: 1, capPriceMicros: 10_000_000, budgetMicros: 100_000_000,
      delivery: { mode: 'webhook', url, authorisation: { untilMs: a.untilMs, nonce: a.nonce, consumerSignature: a.consumerSignature } },
    });
    expect(made.status).toBe(201);
    await x.service.runSubscriptions();
    const activity = (await signedRequest<{ activity: SubscriptionActivity[] }>(x.base, consumer, 'GET', `/v1/subscriptions/${made.body.subscriptionId}`)).body.activity;
    const exercised = activity.find((e): e is Extract<SubscriptionActivity, { type: 'exercised' }> => e.type === 'exercised');
    expect(exercised).toBeDefined();
    const signed = (await signedRequest<{ grants: SignedGrant[] }>(x.base, consumer, 'GET', `/v1/grants/mine?exercise=${exercised!.exerciseId}`)).body.grants[0]!;

    const sentFrom = Date.now();
    await x.service.deliverSubscriptions();
    // Nothing sent to the gate: the handoff is done with, the grant waits in the consumer's /v1/grants/mine.
    expect(x.service.subscriptions()!.pendingHandoffs(10)).toEqual([]);
    expect(x.server.gate.used(signed.grant.grantId)).toBe(0);
    expect(received).toEqual([]);

    const after = await listings();
    const refused = after.find((l) => l.id === Number(signed.grant.listingId))!;
    expect(refused.lastDeliveryRefusal).toEqual({ code: ENDPOINT_NOT_ALLOWED, message: expect.stringMatching(/127\.0\.0\.1 is .*loopback/), atMs: expect.any(Number), version: Number(signed.grant.listingVersion), grantId: signed.grant.grantId });
    expect(refused.lastDeliveryRefusal!.atMs).toBeGreaterThanOrEqual(sentFrom);
    expect(refused.lastDeliveryRefusal!.atMs).toBeLessThanOrEqual(Date.now());
    // The provider's other listings were refused nothing.
    expect(after.filter((l) => l.id !== refused.id).map((l) => l.lastDeliveryRefusal)).toEqual(after.filter((l) => l.id !== refused.id).map(() => null));
    // The listing's own page says the same.
    const one = await signedRequest<{ id: number; lastDeliveryRefusal: RefusalView | null }>(x.base, provider, 'GET', `/v1/provider/listings/${refused.id}`);
    expect(one.status).toBe(200);
    expect(one.body.lastDeliveryRefusal).toEqual(refused.lastDeliveryRefusal);
  }, 60_000);
});

describe("the refusal's words for the provider", () => {
  const refusal = (endpoint: string, message: string, listingId = 1): HandoffRefusal => ({ reason: ENDPOINT_NOT_ALLOWED, subscriptionId: 1, exerciseId: 1001, grantId: 10, listingId, listingVersion: 2, endpoint, message, atMs: 5 });

  it('keep what the endpoint wrote, and never the address a name resolved to inside the exchange', () => {
    expect(providerMessage('http://127.0.0.1:9610/x', '127.0.0.1 is loopback: webhooks go to globally routable addresses')).toBe('127.0.0.1 is loopback: webhooks go to globally routable addresses');
    expect(providerMessage('http://foo.localhost/x', 'foo.localhost is a special-use name (localhost): webhooks go to public hosts')).toMatch(/^foo\.localhost is a special-use name/);
    const resolved = providerMessage('https://db.corp.example/x', 'db.corp.example resolves to 10.1.2.3 is private-use: webhooks go to globally routable addresses');
    expect(resolved).toMatch(/^db\.corp\.example resolved, when the exchange sent the registration, to an address that is not globally routable and not allowed/);
    expect(resolved).not.toContain('10.1.2.3');
  });

  it('are kept per listing, the last one, for at most MAX_LISTINGS_KEPT listings (the least recently refused dropped)', () => {
    const kept = new DeliveryRefusals();
    kept.note(refusal('https://db.corp.example/x', 'db.corp.example resolves to 10.1.2.3 is private-use', 1));
    kept.note({ ...refusal('http://127.0.0.1:9610/x', '127.0.0.1 is loopback', 1), grantId: 11, atMs: 6 });
    expect(kept.lastOf(1)).toEqual({ code: ENDPOINT_NOT_ALLOWED, message: '127.0.0.1 is loopback', atMs: 6, version: 2, grantId: 11 });
    expect(kept.lastOf(2)).toBeUndefined();
    for (let id = 2; id <= MAX_LISTINGS_KEPT + 1; id++) kept.note(refusal('http://127.0.0.1:9610/x', 'loopback', id));
    expect(kept.lastOf(1)).toBeUndefined();
    expect(kept.lastOf(2)).toBeDefined();
    expect(kept.lastOf(MAX_LISTINGS_KEPT + 1)).toBeDefined();
  });
});
