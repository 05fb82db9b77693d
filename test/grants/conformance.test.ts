/**
 * Conformance evidence (issue 53 part 6): the consumer's client sends back the records of a
 * receipted download, the exchange checks they are the ones the provider signed for, measures
 * them on the intake against the listing version they were sold under, and a divergence lowers
 * the listing's trust and queues it for the operator. Records the provider did not sign for
 * move nothing. Real service (LMDB, uWS, the intake's workers), a real reference provider
 * server over HTTP whose records the test can spoil, real signatures; settlement off. Each
 * accepted receipt also releases the sale proceeds held behind its rights (CONFIRM_DELIVERY).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadWithGrant, grantsOfAck, signedRequest, TradingClient, wire, type SignedGrant } from '../../src/client/index.js';
import { qualityComponent } from '../../src/catalog/trust.js';
import { loadConfig } from '../../src/app/config.js';
import { DEMO_PROVIDER_KEY, demoRecords, publishDemoListings } from '../../src/demo/index.js';
import { CommandKind, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { freePort } from '../../src/runtime/free-port.js';
import { createLogger } from '../../src/runtime/log.js';
import { startProviderServer, type ProviderServer } from '../../src/provider-server/server.js';
import { startService, type Service } from '../../src/app/service.js';
import { openAutoIntentSeries, providerSellsToBroker } from '../support/broker-rights.js';
import { removeDir, until } from '../support/exchange-fixture.js';

const logger = createLogger('silent');
let dir: string;
let service: Service;
let server: ProviderServer;
let trader: TradingClient;
let seriesId: number;
const consumer = Wallet.createRandom();
const provider = new Wallet(DEMO_PROVIDER_KEY);
const base = () => `http://127.0.0.1:${service.gateway.port}`;
/** While true, the provider's server delivers records with the (required) household id blanked. */
let spoil = false;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-conformance-'));
  const port = await freePort();
  service = await startService(loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 60_000, settlement: { enabled: false }, quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 60_000, params: {} } }), logger);
  await publishDemoListings(service.catalog, service.engine, service.sequencer, Date.now, logger, `http://127.0.0.1:${port}/records`);
  const grants = service.grants()!;
  server = await startProviderServer({
    providerKey: DEMO_PROVIDER_KEY,
    domain: grants.signer.domain,
    exchangeSigner: grants.signer.address,
    serves: (listingId) => service.catalog.find(listingId)?.status === 'published',
    segmentOf: (listingId) => service.catalog.find(listingId)?.segment,
    records: (segment, first, count, atMs) => demoRecords(segment, first, count, atMs)?.map((r) => (spoil ? { ...r, household_hash: '' } : r)),
    dir: path.join(dir, 'provider-server'),
    host: '127.0.0.1',
    port,
    exchangeUrl: base(),
    log: logger,
  });
  const now = Date.now();
  seriesId = openAutoIntentSeries(service, now).id;
  await providerSellsToBroker(service, provider.address, seriesId, { mint: 30, sell: 20 });
  trader = await TradingClient.connect(`ws://127.0.0.1:${service.gateway.port}/v1/trade`, { wallet: consumer });
  await service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: trader.accountId, amountWei: 10n ** 20n, ref: 'conformance-test' });
}, 60_000);

afterAll(async () => {
  await trader?.close();
  await server?.close();
  await service?.stop();
  removeDir(dir);
});

let clientOrderId = 1;
async function newGrant(qty: number): Promise<SignedGrant> {
  const ask = service.engine.seriesById(seriesId)!.brokerSells.bestAskMicros();
  await trader.newOrder({ seriesId, clientOrderId: clientOrderId++, side: wire.Side.BUY, timeInForce: wire.TimeInForce.IOC, priceMicros: ask, qty });
  const grants = grantsOfAck(await trader.exercise(seriesId, qty));
  expect(grants).toHaveLength(1);
  await service.grants()!.get(grants[0]!.grant.grantId);
  return grants[0]!;
}

const evidence = (grantId: number, body: unknown, wallet: Wallet | typeof consumer = consumer) => signedRequest<{ error?: string; conforms?: boolean }>(base(), wallet, 'POST', `/v1/grants/${grantId}/conformance`, body);
const listing = () => service.catalog.get(1);
const quality = () => service.catalog.score(listing()).quality;

describe('conformance of delivered records', () => {
  let grant: SignedGrant;
  let nonce: string;
  let records: unknown[];

  it("the client sends a receipted download's records; they conform, and count", async () => {
    const promised = qualityComponent(listing().versions[0]!);
    expect(quality()).toBeCloseTo(promised, 9);
    grant = await newGrant(3);
    const d = await downloadWithGrant(base(), consumer, grant, 1);
    if (d.outcome !== 'received') throw new Error(`download: ${d.outcome}`);
    expect(d.receipt.state).toBe('accepted');
    expect(d.conformance).toEqual({ state: 'checked', conforms: true, divergences: [] });
    expect(listing().conformance).toEqual({ checks: 1, divergent: 0 });
    // The receipt released the sale proceeds held behind the one right it covers (CONFIRM_DELIVERY).
    await until(() => service.engine.escrow.grants.get(grant.grant.grantId)?.undeliveredQty === 2, 'the receipt confirmed in the escrow');
    expect(quality()).toBeCloseTo(promised, 9);
    nonce = d.delivery!.nonce;
    records = d.records;
  });

  it('records the provider did not sign for, a second check, an unreceipted request or another consumer are refused and change nothing', async () => {
    const id = grant.grant.grantId;
    const forged = records.map((r) => ({ ...(r as object), household_hash: '' }));
    expect(await evidence(id, { nonce, records })).toMatchObject({ status: 409, body: { error: 'CONFORMANCE_CHECKED' } });
    expect(await evidence(id, { nonce: 'never-receipted', records })).toMatchObject({ status: 409, body: { error: 'NOT_RECEIPTED' } });
    expect(await evidence(id, { nonce, records: 'all' })).toMatchObject({ status: 400, body: { error: 'MALFORMED_EVIDENCE' } });
    expect(await evidence(id, { nonce, records }, provider)).toMatchObject({ status: 403, body: { error: 'NOT_YOUR_GRANT' } });
    // A receipted download whose records were not sent yet: spoilt records in their place are not the ones signed.
    const d = await downloadWithGrant(base(), consumer, grant, 1, { checkConformance: false });
    if (d.outcome !== 'received') throw new Error(`download: ${d.outcome}`);
    expect(d.conformance).toBeUndefined();
    expect(await evidence(id, { nonce: d.delivery!.nonce, records: forged })).toMatchObject({ status: 422, body: { error: 'RECORDS_NOT_AS_SIGNED' } });
    expect(listing().conformance).toEqual({ checks: 1, divergent: 0 });
    // The true ones still may be sent: the refusal did not use up the receipt.
    expect(await evidence(id, { nonce: d.delivery!.nonce, records: d.records })).toMatchObject({ status: 200, body: { conforms: true } });
    expect(listing().conformance).toEqual({ checks: 2, divergent: 0 });
  });

  it('records that diverge from the sample lower the quality the broker prices from and queue the listing for the operator', async () => {
    const promised = qualityComponent(listing().versions[0]!);
    spoil = true;
    try {
      const d = await downloadWithGrant(base(), consumer, grant, 1);
      if (d.outcome !== 'received') throw new Error(`download: ${d.outcome}`);
      expect(d.receipt.state).toBe('accepted');
      expect(d.conformance).toMatchObject({ state: 'checked', conforms: false });
      if (d.conformance?.state !== 'checked') return;
      expect(d.conformance.divergences.map((x) => x.metric)).toContain('validity');
    } finally {
      spoil = false;
    }
    // Every right of the grant is receipted now: its escrow is closed, the proceeds the provider's.
    await until(() => !service.engine.escrow.grants.has(grant.grant.grantId), 'the grant delivered in the escrow');
    expect(listing().conformance).toMatchObject({ checks: 3, divergent: 1, review: { grantId: grant.grant.grantId, version: 1, rows: 25 } });
    expect(quality()).toBeCloseTo(promised * (3 / 4), 9); // (1 + 3 − 1) / (1 + 3) of the sample's
    const row = (await service.operatorApi.handle({ method: 'GET', path: '/operator/listings', body: undefined, query: new URLSearchParams(), operator: 'admin' })).body as { id: number; conformanceReview?: { grantId: number } }[];
    expect(row.find((l) => l.id === 1)!.conformanceReview).toMatchObject({ grantId: grant.grant.grantId });
    expect(service.catalog.audit(1, 1_000, 1).filter((a) => a.action === 'conformance_divergence')).toHaveLength(1);
  });

  it('the operator dismisses the divergence with a reason: off the queue, audited; its count stays in the score', async () => {
    const dismiss = (body: unknown) => service.operatorApi.handle({ method: 'POST', path: '/operator/listings/1/dismiss-conformance', body, query: new URLSearchParams(), operator: 'admin' });
    expect(await dismiss({})).toMatchObject({ status: 400, body: { error: 'MALFORMED_LISTING' } });
    expect((await dismiss({ reason: 'a one-off export bug, fixed' })).status).toBe(200);
    expect(listing().conformance).toEqual({ checks: 3, divergent: 1 });
    expect(await dismiss({ reason: 'again' })).toMatchObject({ status: 409, body: { error: 'BAD_TRANSITION' } });
    expect(service.catalog.audit(1, 1_000, 1).map((a) => [a.action, a.actor])).toContainEqual(['dismiss_conformance', 'operator:admin']);
  });
});
