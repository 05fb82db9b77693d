/**
 * Data delivery end to end, as `npm start` runs it: the demo listings, the reference
 * provider server behind its gate, a consumer who buys from the broker over the real
 * gateway, exercises, gets signed grants in the ack, and downloads records over HTTP.
 * A replayed or forged request is refused; the gate's delivery report reaches the
 * exchange; the grants survive a restart. Real LMDB, real HTTP and WebSocket, real
 * signatures; settlement off (the grant domain then names no registry).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Wallet, type HDNodeWallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantsOfAck, signedRequest, TradingClient, wire, type SignedGrant } from '../../src/client/index.js';
import { loadConfig, type Config } from '../../src/app/config.js';
import { DEMO_PROVIDER_KEY, publishDemoListings } from '../../src/demo/index.js';
import { CommandKind, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { signGateRequest } from '../../src/gate/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { deliveryRate, reliabilityComponent } from '../../src/catalog/trust.js';
import { startDemoProviderServer } from '../../src/demo/provider-servers.js';
import { RECORDS_PER_RIGHT, type ProviderServer } from '../../src/provider-server/server.js';
import { startService, type Service } from '../../src/app/service.js';
import { openAutoIntentSeries, providerSellsToBroker } from '../support/broker-rights.js';
import { removeDir } from '../support/exchange-fixture.js';
import { prng } from '../support/engine-fixture.js';

const logger = createLogger('silent');
let dir: string;
let config: Config;
let service: Service;
let server: ProviderServer;
const consumer = Wallet.createRandom();
const base = () => `http://127.0.0.1:${service.gateway.port}`;

async function startAll(): Promise<void> {
  service = await startService(config, logger);
  await publishDemoListings(service.catalog, service.engine, service.sequencer, Date.now, logger);
  server = await startDemoProviderServer({ dataDir: dir, host: '127.0.0.1', port: 0, exchangeUrl: base(), log: logger });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-delivery-'));
  config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 60_000, settlement: { enabled: false }, quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 60_000, params: {} } });
  await startAll();
});

afterAll(async () => {
  await server.close();
  await service.stop();
  removeDir(dir);
});

/** The demo provider mints and sells to the broker's bid; the broker quotes an ask. */
function brokerHoldsRights(seriesId: number): Promise<void> {
  return providerSellsToBroker(service, new Wallet(DEMO_PROVIDER_KEY).address, seriesId, { mint: 20, sell: 10 });
}

/** A consumer's request for `use` rights, signed for `endpoint` (the real gate's by default) under the exchange's grant domain. */
function sign(wallet: Wallet | HDNodeWallet, signed: SignedGrant, use: number, endpoint = server.endpoint): ReturnType<typeof signGateRequest> {
  return signGateRequest(wallet, signed, use, { domain: service.grants()!.signer.domain, endpoint });
}

async function gate(body: unknown): Promise<{ status: number; body: { records?: unknown[]; error?: string; remaining?: number } }> {
  const res = await fetch(`http://127.0.0.1:${server.port}/records`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { records?: unknown[]; error?: string } };
}

describe('delivery', () => {
  let signed: SignedGrant;

  it('a consumer buys, exercises, gets a signed grant in the ack, and downloads the records at the provider gate', async () => {
    const now = Date.now();
    // The open AUTO_INTENT series with the most time left: near a close the broker rightly stops bidding, which must not depend on when the suite runs.
    const series = openAutoIntentSeries(service, now);
    await brokerHoldsRights(series.id);
    const trader = await TradingClient.connect(`ws://127.0.0.1:${service.gateway.port}/v1/trade`, { wallet: consumer });
    try {
      await service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: trader.accountId, amountWei: 10n ** 20n, ref: 'delivery-test' });
      const ask = service.engine.seriesById(series.id)!.brokerSells.bestAskMicros();
      const bought = await trader.newOrder({ seriesId: series.id, clientOrderId: 1, side: wire.Side.BUY, timeInForce: wire.TimeInForce.IOC, priceMicros: ask, qty: 3 });
      expect((bought.reports ?? []).some((r) => r.execType === wire.ExecType.EXEC_TRADE)).toBe(true);
      const ack = await trader.exercise(series.id, 3);
      const grants = grantsOfAck(ack);
      expect(grants).toHaveLength(1);
      signed = grants[0]!;
      expect(signed.grant).toMatchObject({ consumer: consumer.address, provider: new Wallet(DEMO_PROVIDER_KEY).address, listingId: 1, listingVersion: 1, seriesId: series.id, quantity: 3 });
    } finally {
      await trader.close();
    }
    const first = await gate(await sign(consumer, signed, 2));
    expect(first.status).toBe(200);
    expect(first.body.records).toHaveLength(2 * RECORDS_PER_RIGHT);
    expect(first.body.remaining).toBe(1);
    // With the provider's signed statement of what it delivered (what the consumer's receipt carries).
    expect((first.body as { delivery?: unknown }).delivery).toMatchObject({ grantId: signed.grant.grantId, use: 2, records: 2 * RECORDS_PER_RIGHT });
    expect(Object.keys(first.body.records![0] as object)).toEqual(['event_time', 'household_hash', 'make', 'region', 'intent_score']);
  });

  it('a wrong endpoint that receives a request cannot redeem it at the real gate: it is signed for that endpoint only', async () => {
    // The wrong endpoint (a typo'd or hostile delivery endpoint) forwards whatever it receives to the real gate.
    const taken: { status: number; body: { records?: unknown[]; error?: string } }[] = [];
    const relay = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void gate(JSON.parse(Buffer.concat(chunks).toString('utf8'))).then((answer) => {
          taken.push(answer);
          res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'UNAVAILABLE', message: 'try again later' }));
        });
      });
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    try {
      const wrong = `http://127.0.0.1:${(relay.address() as AddressInfo).port}/records`;
      const res = await fetch(wrong, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(await sign(consumer, signed, 1, wrong)) });
      expect(res.status).toBe(502);
      expect(taken).toEqual([{ status: 403, body: { error: 'WRONG_ENDPOINT', message: expect.stringContaining(server.endpoint) } }]);
      expect(server.gate.used(signed.grant.grantId)).toBe(2); // nothing taken: the right is still the consumer's
    } finally {
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    }
  });

  it("refuses a replayed, a forged, an exhausted and a stranger's request; the exchange hears what was delivered", async () => {
    const once = await sign(consumer, signed, 1);
    expect((await gate(once)).status).toBe(200);
    expect(await gate(once)).toMatchObject({ status: 409, body: { error: 'REPLAYED' } });
    const forged = await sign(consumer, { ...signed, grant: { ...signed.grant, quantity: 100 } }, 1);
    expect(await gate(forged)).toMatchObject({ status: 403, body: { error: 'FORGED_GRANT' } });
    expect(await gate(await sign(consumer, signed, 1))).toMatchObject({ status: 429, body: { error: 'EXHAUSTED' } });
    expect(await gate(await sign(Wallet.createRandom(), signed, 1))).toMatchObject({ status: 401, body: { error: 'NOT_CONSUMER' } });
    expect(await gate('nonsense')).toMatchObject({ status: 400, body: { error: 'MALFORMED_REQUEST' } });
    await server.settled();
    const view = await signedRequest<{ delivered: number; reportedByProvider: number; counted: number; refusals: number; refusalReasons: string[]; lastReport: { outcome: string } }>(base(), consumer, 'GET', `/v1/grants/mine/${signed.grant.grantId}`);
    expect(view.status).toBe(200);
    // The provider's word: 3 served; nothing receipted by the consumer (these requests were sent by hand), so nothing delivered or counted yet.
    expect(view.body).toMatchObject({ delivered: 0, reportedByProvider: 3, counted: 0 });
    // Reported: only refusals of requests the consumer signed (replayed, exhausted); not the wrong endpoint's nor the stranger's.
    expect(view.body.refusalReasons).toEqual(['REPLAYED', 'EXHAUSTED']);
    const owed = await signedRequest<{ total: number; grants: { grant: { grantId: number }; reportedByProvider: number }[] }>(base(), new Wallet(DEMO_PROVIDER_KEY), 'GET', '/v1/provider/grants');
    expect(owed.body.grants.find((g) => g.grant.grantId === signed.grant.grantId)?.reportedByProvider).toBe(3);
    // The owed grants are a provider's question: the consumer is told it is none (it read an empty list, as a provider owed nothing).
    const asConsumer = await signedRequest<{ error?: string; message?: string }>(base(), consumer, 'GET', '/v1/provider/grants');
    expect([asConsumer.status, asConsumer.body.error]).toEqual([403, 'NOT_A_PROVIDER']);
    // Nobody else sees it; a stranger cannot report on it.
    expect((await signedRequest(base(), Wallet.createRandom(), 'GET', `/v1/grants/mine/${signed.grant.grantId}`)).body.error).toBe('UNKNOWN_ACCOUNT');
    const report = await signedRequest(base(), consumer, 'POST', '/v1/deliveries', { grantId: signed.grant.grantId, rights: 1, outcome: 'delivered', request: once });
    expect([report.status, report.body.error]).toEqual([403, 'NOT_YOUR_GRANT']);
    // The provider's unreceipted word does not reach reliability (before its dispute time): the listing has the prior, not a delivery record.
    const listing = service.catalog.get(1);
    const score = ((await (await fetch(`${base()}/v1/scores`)).json()) as { listingId: number; reliability: number }[]).find((x) => x.listingId === 1)!;
    expect(score.reliability).toBeCloseTo((reliabilityComponent(listing, Date.now()) + deliveryRate({ delivered: 0, undelivered: 0, failed: 0 })) / 2, 3);
    expect(deliveryRate({ delivered: 3, undelivered: 0, failed: 0 })).toBeCloseTo(22 / 23, 10);
    expect(deliveryRate({ delivered: 3, undelivered: 0, failed: 1 })).toBeCloseTo(22 / 24, 10);
  });

  it('the provider server answers 1,000 malformed requests with typed errors, never a 5xx, and keeps serving (seeded)', async () => {
    const rand = prng(19);
    const valid = await sign(consumer, signed, 1);
    const bodies: string[] = ['', 'null', '[]', '{', '"x"', '1e999', JSON.stringify({ ...valid, grant: null }), 'x'.repeat(20_000)];
    for (let i = 0; i < 1_000; i++) {
      const body = JSON.parse(JSON.stringify(valid)) as Record<string, unknown>;
      const target = rand() < 0.5 ? (body.grant as Record<string, unknown>) : body;
      const keys = Object.keys(target);
      target[keys[Math.floor(rand() * keys.length)]!] = [null, -1, 2 ** 70, '', 'zz', {}, [], true][Math.floor(rand() * 8)];
      bodies.push(i % 10 === 0 ? JSON.stringify(body).slice(0, Math.floor(rand() * 200)) : JSON.stringify(body));
    }
    for (const body of bodies) {
      const res = await fetch(`http://127.0.0.1:${server.port}/records`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status, body.slice(0, 80)).toBeLessThan(500);
      const answer = (await res.json()) as { error?: string };
      expect(answer.error, body.slice(0, 80)).toMatch(/^[A-Z_]+$/);
    }
    expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
  });

  it('a restart keeps the grants and what was delivered, and the gate its metering', async () => {
    await server.close();
    await service.stop();
    await startAll();
    const view = await signedRequest<{ reportedByProvider: number; signature: string }>(base(), consumer, 'GET', `/v1/grants/mine/${signed.grant.grantId}`);
    expect(view.body).toMatchObject({ reportedByProvider: 3, signature: signed.signature });
    expect(await gate(await sign(consumer, signed, 1))).toMatchObject({ status: 429, body: { error: 'EXHAUSTED' } });
    const signer = (await (await fetch(`${base()}/v1/grants/signer`)).json()) as { signer: string };
    expect(signer.signer).toBe(service.grants()!.signer.address);
  });
});
