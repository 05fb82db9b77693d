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
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushPayloadProblem, signedRequest, signPushAuthorisation, TradingClient, type PushPayload, type SignedGrant } from '../../src/client/index.js';
import { loadConfig, type Config } from '../../src/app/config.js';
import { DEMO_PROVIDER_KEY, publishDemoListings, setDemoListingTerms } from '../../src/demo/index.js';
import { CommandKind, SubscriptionDelivery, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { freePort } from '../../src/runtime/free-port.js';
import { createLogger } from '../../src/runtime/log.js';
import { startDemoProviderServer } from '../../src/demo/provider-servers.js';
import type { ProviderServer } from '../../src/provider-server/server.js';
import { startService, type Service } from '../../src/app/service.js';
import type { SubscriptionRecord } from '../../src/subscriptions/index.js';
import { providerSellsToBroker } from '../support/broker-rights.js';
import { removeDir } from '../support/exchange-fixture.js';

const logger = createLogger('silent');
let dir: string;
let config: Config;
let service: Service;
let server: ProviderServer;
let hook: Server;
/** What the webhook received: each POST's body. */
const received: string[] = [];
const consumer = Wallet.createRandom();
const base = () => `http://127.0.0.1:${service.gateway.port}`;
let listingId: number;
let contracts: string[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-tier-webhook-'));
  const serverPort = await freePort();
  hook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  // The receiver's exact address:port allowed, as an operator would configure it (docs/security.md).
  config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 60_000, settlement: { enabled: false }, quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 60_000, params: {} }, subscriptions: { webhookAllow: [`127.0.0.1:${(hook.address() as AddressInfo).port}`] } });
  service = await startService(config, logger);
  await publishDemoListings(service.catalog, service.engine, service.sequencer, Date.now, logger, `http://127.0.0.1:${serverPort}/records`);
  // Two AUTO_INTENT spot contracts with a window open now: the tier's, each one right a window at the ask.
  const now = Date.now();
  const open = service.engine.series.filter((s) => s !== undefined && s.segment === 'AUTO_INTENT' && s.isSpot && s.status === 1 && s.spec.openAtMs <= now && now < s.spec.closeAtMs);
  contracts = [...new Set(open.map((s) => s!.spec.contract))].slice(0, 2);
  expect(contracts).toHaveLength(2);
  listingId = await setDemoListingTerms(service.catalog, 'AUTO_INTENT', { tiers: [{ name: 'pro', contracts, seats: 5, price: { rule: 'ask' } }] }, Date.now);
  server = await startDemoProviderServer(service, { dataDir: dir, host: '127.0.0.1', port: serverPort, exchangeUrl: base(), log: logger, retry: { firstDelayMs: 50, maxDelayMs: 200, maxAttempts: 10 }, webhookAllow: config.subscriptions.webhookAllow });
  for (const contract of contracts) {
    const series = open.filter((s) => s!.spec.contract === contract).sort((a, b) => b!.spec.closeAtMs - a!.spec.closeAtMs)[0]!;
    await providerSellsToBroker(service, new Wallet(DEMO_PROVIDER_KEY).address, series.id, { mint: 10, sell: 5 });
  }
  const trader = await TradingClient.connect(`ws://127.0.0.1:${service.gateway.port}/v1/trade`, { wallet: consumer });
  await service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: trader.accountId, amountWei: 10n ** 20n, ref: 'tier-webhook-test' });
  await trader.close();
}, 120_000);

afterAll(async () => {
  await server?.close();
  await new Promise<void>((resolve) => hook?.close(() => resolve()));
  await service?.stop();
  removeDir(dir);
});

describe('a tier subscription by push', () => {
  it('refuses a webhook not allowed, and an authorisation signed for another URL, before anything is made', async () => {
    const domain = service.grants()!.signer.domain;
    const port = (hook.address() as AddressInfo).port;
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
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/patx`;
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
