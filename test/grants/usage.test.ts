/**
 * A usage grant through the running service and the demo provider's server as `npm start` wires
 * them (issue 81, item 1; docs/delivery.md "Usage grants"): the provider's listing version sells
 * 100 records a right; a consumer buys 3 rights at the broker's ask and exercises them: a grant of
 * 300 records. It downloads 120, then 200 (refused EXHAUSTED: 180 left), then 30; the gate's reports
 * (its signed statements with the consumer's signed requests) are the evidence the engine records
 * (RECORD_USAGE), with no receipt needed. A claim is refused USAGE_GRANT. At the dispute window's
 * end the sweeper settles it: the consumer gets back half of what was held (150 of 300 unused),
 * the provider the other half. A restart of the service replays it as it was. The demo consumer's
 * downloads take a usage grant's units whole.
 * Real service (LMDB, uWS, the grant ledger), real HTTP on 127.0.0.1, real signatures; settlement off;
 * the service's clock is the test's so the window passes without waiting.
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadWithGrant, getMyGrant, signedRequest, TradingClient, type SignedGrant } from '../../src/client/index.js';
import type { Config } from '../../src/app/config.js';
import { DEMO_PROVIDER_KEY, setDemoListingTerms } from '../../src/demo/index.js';
import { DemoDownloads } from '../../src/demo/demo-downloads.js';
import { UsageUnit } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import type { ProviderServer } from '../../src/provider-server/server.js';
import { startService, type Service } from '../../src/app/service.js';
import { grantAtAsk } from '../support/broker-rights.js';
import { fundedConsumer, startDemoGateService } from '../support/demo-gate.js';
import { removeDir, until } from '../support/exchange-fixture.js';

const logger = createLogger('silent');
const OPERATOR_TOKEN = 'usage-test-operator-token-0123456789';
/** The grant the first test settles: the restart test reads it back. */
let settledGrantId = 0;
let dir: string;
let config: Config;
let service: Service;
let server: ProviderServer | undefined;
let trader: TradingClient;
let offsetMs = 0;
const clock = (): number => Date.now() + offsetMs;
const consumer = Wallet.createRandom();
const base = () => `http://127.0.0.1:${service.gateway.port}`;
let seriesId: number;
let providerId: number;
let listingId: number;

beforeAll(async () => {
  // The listing's version sells 100 records a right, set before any grant so the grants name it.
  const x = await startDemoGateService('usage', {
    logger,
    config: { gateway: { operatorToken: OPERATOR_TOKEN } },
    clock,
    beforeGate: async (svc) => (listingId = await setDemoListingTerms(svc.catalog, 'AUTO_INTENT', { usage: { unit: 'records', perRight: 100 } }, Date.now)),
    stock: { mint: 30, sell: 20 },
  });
  ({ dir, config, service, server, seriesId } = x);
  providerId = service.engine.accountIdByAddress.get(new Wallet(DEMO_PROVIDER_KEY).address.toLowerCase())!;
  trader = await fundedConsumer(service, x.wsUrl, consumer, 'usage-test');
});

afterAll(async () => {
  await trader?.close().catch(() => undefined);
  await server?.close();
  await service?.stop();
  removeDir(dir);
});

const newGrant = (qty: number): Promise<SignedGrant> => grantAtAsk(service, trader, seriesId, qty);

const usedUnits = (grantId: number, units: number) => until(() => service.engine.escrow.grants.get(grantId)?.usedUnits === units, `grant ${grantId}: ${units} units used`);

describe('a usage grant of records', () => {
  it("an operator's refund of rights withdraws their units from the gate: the consumer gets no more than the rights upheld carry", async () => {
    const signed = await newGrant(3);
    const grantId = signed.grant.grantId;
    const used = await downloadWithGrant(base(), consumer, signed, 170, { report: false });
    expect(used).toMatchObject({ outcome: 'received', remaining: 130 });
    await usedUnits(grantId, 170);
    const disputed = await signedRequest<{ dispute?: unknown }>(base(), consumer, 'POST', `/v1/grants/${grantId}/claims`, { reason: 'nonconforming' }, { timeMs: clock() });
    expect(disputed.status).toBe(201);
    const decided = await fetch(`${base()}/operator/disputes/${grantId}/decision`, { method: 'POST', headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ refundQty: 2 }) });
    expect(decided.status).toBe(200);
    // 1 right upheld carries 100 records and 170 were used: the other 130 are withdrawn, none is left on either side.
    await until(async () => (await service.grants()!.get(grantId))?.escrow?.revokedQty === 130, 'the grant revoked 130 units');
    expect((await getMyGrant({ url: base(), wallet: consumer, clock }, grantId)).usage).toMatchObject({ usedUnits: 170, leftUnits: 0 });
    await until(() => server!.gate.usageCount(signed.grant)?.leftUnits === 0, 'the gate read the revocation');
    expect(server!.gate.usageCount(signed.grant)).toMatchObject({ usedUnits: 170, leftUnits: 0 });
    expect(await downloadWithGrant(base(), consumer, signed, 1, { report: false })).toMatchObject({ outcome: 'refused', error: 'REVOKED' });
  });

  it('is metered at the gate, evidenced by its reports, refused past its units, and its unused part refunded at the end', async () => {
    expect(service.engine.accounts[providerId]!.providerListings.get('AUTO_INTENT')).toMatchObject({ listingId, usage: { usageUnit: UsageUnit.RECORDS, unitsPerRight: 100 } });
    const signed = await newGrant(3);
    const grantId = signed.grant.grantId;
    settledGrantId = grantId;
    expect(signed.grant.listingVersion).toBe(2);
    const escrow = service.engine.escrow.grants.get(grantId)!;
    expect({ units: escrow.units, perRight: escrow.unitsPerRight }).toEqual({ units: 300, perRight: 100 });
    const held = escrow.heldMicros;
    expect(held).toBeGreaterThan(0);

    // 120 records: the gate counts them, the provider signs a statement of 120 and reports it with our signed request.
    const first = await downloadWithGrant(base(), consumer, signed, 120, { report: false });
    expect(first).toMatchObject({ outcome: 'received', remaining: 180, usage: { unit: 'records', units: 300, usedUnits: 120, leftUnits: 180 } });
    expect(first.outcome === 'received' && first.records).toHaveLength(120);
    await usedUnits(grantId, 120);
    const tooMany = await downloadWithGrant(base(), consumer, signed, 200, { report: false });
    expect(tooMany).toMatchObject({ outcome: 'refused', status: 429, error: 'EXHAUSTED' });
    // This one receipted too: the same request counts once (the report and the receipt are one piece of evidence).
    const third = await downloadWithGrant(base(), consumer, signed, 30);
    expect(third).toMatchObject({ outcome: 'received', remaining: 150, receipt: { state: 'accepted' } });
    await usedUnits(grantId, 150);

    const view = await getMyGrant({ url: base(), wallet: consumer, clock }, grantId);
    expect(view.usage).toEqual({ unit: 'records', perRight: 100, units: 300, usedUnits: 150, leftUnits: 150, settled: null });
    const claim = await signedRequest<{ error?: string; message?: string }>(base(), consumer, 'POST', `/v1/grants/${grantId}/claims`, {}, { timeMs: clock() });
    expect([claim.status, claim.body.error]).toEqual([409, 'USAGE_GRANT']);

    // The dispute window ends: half of what was held goes back to the consumer, half to the provider.
    const consumerFree = service.engine.accounts[trader.accountId]!.availableMicros;
    const providerFree = service.engine.accounts[providerId]!.availableMicros;
    offsetMs = escrow.disputeEndsAtMs - Date.now() + 1_000;
    await service.sweepEscrow();
    expect(service.engine.escrow.grants.get(grantId)).toBeUndefined();
    // 150 of 300 records unused: their share (rounded down) refunded; the rest released to the provider.
    const refund = Math.floor((held * 150) / 300);
    expect(service.engine.accounts[trader.accountId]!.availableMicros - consumerFree).toBe(refund);
    expect(service.engine.accounts[providerId]!.availableMicros - providerFree).toBe(held - refund);
    // Every 100 ms: a signed read counts against the account's 20 requests a second (burst 100), which a poll every
    // 20 ms empties in about 3 s; a slow host's wait that long had the next read refused RATE_LIMITED.
    await until(async () => (await getMyGrant({ url: base(), wallet: consumer, clock }, grantId)).usage?.settled !== null, 'the grant view settled', 30_000, 100);
    const settled = await getMyGrant({ url: base(), wallet: consumer, clock }, grantId);
    expect(settled.usage!.settled).toMatchObject({ usedUnits: 150, refundMicros: refund, releasedMicros: held - refund });
    // The unused 150 went back to the consumer: none is left, and the grant's revocation withdraws them from the gate.
    expect(settled.usage).toMatchObject({ usedUnits: 150, leftUnits: 0 });
    expect(settled.escrow).toMatchObject({ revokedQty: 150 });
    expect(settled.escrow).toMatchObject({ state: 'refunded', heldMicros: 0 });
  });

  it('a restart replays the journal: the settled grant, the consumer\'s refund and the listing\'s usage terms are as they were', async () => {
    const free = service.engine.accounts[trader.accountId]!.availableMicros;
    const grantId = settledGrantId;
    await trader.close();
    await server?.close();
    server = undefined;
    await service.stop();
    service = await startService(config, logger, clock);
    expect(service.engine.accounts[trader.accountId]!.availableMicros).toBe(free);
    expect(service.engine.escrow.grants.get(grantId)).toBeUndefined();
    expect(service.engine.accounts[providerId]!.providerListings.get('AUTO_INTENT')!.usage).toEqual({ usageUnit: UsageUnit.RECORDS, unitsPerRight: 100 });
    expect((await getMyGrant({ url: base(), wallet: consumer, clock }, grantId)).usage).toMatchObject({ usedUnits: 150, settled: { usedUnits: 150 } });
  });
});

describe("the demo consumer's downloads", () => {
  it('take all of a usage grant\'s units, not one record for the right (DemoDownloads)', async () => {
    const x = await startDemoGateService('usage-demo', {
      logger,
      beforeGate: (svc) => setDemoListingTerms(svc.catalog, 'AUTO_INTENT', { usage: { unit: 'records', perRight: 100 } }, Date.now),
      stock: { mint: 5, sell: 5 },
    });
    const wallet = new Wallet(Wallet.createRandom().privateKey);
    const client = await fundedConsumer(x.service, x.wsUrl, wallet, 'usage-demo');
    try {
      const signed = await grantAtAsk(x.service, client, x.seriesId, 1);
      await new DemoDownloads(x.base, wallet, logger).use(signed);
      await until(() => x.service.engine.escrow.grants.get(signed.grant.grantId)?.usedUnits === 100, 'the grant\'s 100 units used');
      expect((await getMyGrant({ url: x.base, wallet }, signed.grant.grantId)).usage).toMatchObject({ units: 100, usedUnits: 100, leftUnits: 0 });
    } finally {
      await client.close();
      await x.close();
    }
  });
});
