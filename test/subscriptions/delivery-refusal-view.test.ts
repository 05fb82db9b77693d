/**
 * A provider sees the exchange's refusal to deliver at its endpoint (docs/delivery.md, "Endpoints
 * the exchange connects to"): the subscription courier sends nothing to an endpoint that names or
 * resolves to an address the exchange does not POST to (ENDPOINT_NOT_ALLOWED), and the listing's
 * provider reads the last such refusal on its own listings (`lastDeliveryRefusal`), where it
 * reads their state and in the reply to its write of a listing; the operator on its view of every
 * listing; another provider never. It is kept in the subscriptions' LMDB store: the service restarted
 * on the same data directory shows it again. Real service (the demo on, no settlement chain), the
 * demo provider's gate on 127.0.0.1 at a free port that the operator did not allow
 * (catalog.endpointAllow empty), a subscriber's webhook on 127.0.0.1 that is allowed, real signatures.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type Service } from '../../src/app/service.js';
import { signedRequest, signPushAuthorisation, type SignedGrant } from '../../src/client/index.js';
import { DEMO_PROVIDER_KEY } from '../../src/demo/index.js';
import { Role } from '../../src/engine/index.js';
import { ENDPOINT_NOT_ALLOWED } from '../../src/gate/push-registration.js';
import { createLogger } from '../../src/runtime/log.js';
import type { HandoffRefusal, SubscriptionActivity, SubscriptionRecord } from '../../src/subscriptions/index.js';
import { openStore } from '../../src/runtime/lmdb-file.js';
import { DeliveryRefusals, providerMessage } from '../../src/subscriptions/delivery-refusals.js';
import { listingInput } from '../support/catalog-fixture.js';
import { openWalletAccount } from '../support/catalog-service.js';
import { fundedConsumer, startDemoGateService, startWebhookReceiver, type DemoGateService, type WebhookReceiver } from '../support/demo-gate.js';
import { removeDir } from '../support/exchange-fixture.js';

const logger = createLogger('silent');
let x: DemoGateService;
/** The service started again on x's data directory (the test's restart), stopped in its place. */
let restarted: Service | undefined;
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
  if (restarted !== undefined) {
    await restarted.stop();
    await x.server.close();
    removeDir(x.dir);
  } else await x?.close();
  await hook?.close();
});

/** The operator's view of one listing or of them all (the operator API's handler, as its HTTP route calls it). */
async function operatorGet<T>(service: Service, urlPath: string): Promise<T> {
  const r = await service.operatorApi.handle({ method: 'GET', path: urlPath, body: undefined, query: new URLSearchParams(), operator: 'admin' });
  expect(r.status).toBe(200);
  return r.body as T;
}

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
    const seen = refused.lastDeliveryRefusal;

    // The operator sees it on the listing and in the list of every listing; the others have none.
    expect((await operatorGet<{ lastDeliveryRefusal: RefusalView | null }>(x.service, `/operator/listings/${refused.id}`)).lastDeliveryRefusal).toEqual(seen);
    const all = await operatorGet<{ id: number; lastDeliveryRefusal: RefusalView | null }[]>(x.service, '/operator/listings');
    expect(all.filter((l) => l.lastDeliveryRefusal !== null).map((l) => [l.id, l.lastDeliveryRefusal])).toEqual([[refused.id, seen]]);
    // Another provider reads neither the listing nor its refusal, and its own listings carry none.
    const stranger = (await openWalletAccount(x.service, Role.PROVIDER)).wallet;
    const theirs = await signedRequest<Record<string, unknown>>(x.base, stranger, 'GET', `/v1/provider/listings/${refused.id}`);
    expect([theirs.status, theirs.body.error, JSON.stringify(theirs.body).includes(seen!.message)]).toEqual([403, 'NOT_OWNER', false]);
    const made2 = await signedRequest<{ id: number; lastDeliveryRefusal: RefusalView | null }>(x.base, stranger, 'POST', '/v1/provider/listings', listingInput());
    expect([made2.status, made2.body.lastDeliveryRefusal]).toEqual([201, null]);

    // The provider writes a new version of the listing: the reply says the last refusal, of the version before.
    const written = await signedRequest<{ versions: { version: number }[]; pendingReview?: { version: number }; lastDeliveryRefusal: RefusalView | null }>(x.base, provider, 'PUT', `/v1/provider/listings/${refused.id}`, listingInput({ deliveryEndpoint: x.endpoint }));
    expect(written.status).toBe(200);
    expect(written.body.lastDeliveryRefusal).toEqual(seen);
    // The version written (live, or awaiting review when the change is material) is newer than the one refused.
    expect(written.body.pendingReview?.version ?? Math.max(...written.body.versions.map((v) => v.version))).toBeGreaterThan(seen!.version);

    // Restarted on the same data directory: the provider and the operator see the same refusal again.
    await x.service.stop();
    restarted = await startService(x.config, logger);
    const base = `http://127.0.0.1:${restarted.gateway.port}`;
    const again = await signedRequest<{ lastDeliveryRefusal: RefusalView | null }>(base, provider, 'GET', `/v1/provider/listings/${refused.id}`);
    expect([again.status, again.body.lastDeliveryRefusal]).toEqual([200, seen]);
    expect((await operatorGet<{ lastDeliveryRefusal: RefusalView | null }>(restarted, `/operator/listings/${refused.id}`)).lastDeliveryRefusal).toEqual(seen);
  }, 90_000);
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

  it('are kept per listing, the last one: one row each, overwritten, read at once and after the store is opened again', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-delivery-refusals-'));
    try {
      let env = openStore({ path: dir, maxDbs: 2 });
      const kept = DeliveryRefusals.openIn(env);
      const noted = kept.note(refusal('https://db.corp.example/x', 'db.corp.example resolves to 10.1.2.3 is private-use', 1));
      expect(kept.lastOf(1)!.message).not.toContain('10.1.2.3'); // read at once, before the put commits
      await noted;
      await kept.note({ ...refusal('http://127.0.0.1:9610/x', '127.0.0.1 is loopback', 1), grantId: 11, atMs: 6 });
      await kept.note(refusal('http://127.0.0.1:9611/x', 'loopback', 3));
      expect(kept.lastOf(1)).toEqual({ code: ENDPOINT_NOT_ALLOWED, message: '127.0.0.1 is loopback', atMs: 6, version: 2, grantId: 11 });
      expect(kept.lastOf(2)).toBeUndefined();
      expect(kept.size).toBe(2);
      await env.close();
      env = openStore({ path: dir, maxDbs: 2 });
      const reopened = DeliveryRefusals.openIn(env);
      expect([reopened.size, reopened.lastOf(1)?.grantId, reopened.lastOf(3)?.version]).toEqual([2, 11, 2]);
      await env.close();
    } finally {
      removeDir(dir);
    }
  });
});
