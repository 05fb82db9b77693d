/**
 * A provider that unpublishes its listing still delivers the rights it sold under it (engine rules 9; a
 * first provider's review found the grants issued after an unpublish named no listing, their downloads
 * refused UNKNOWN_LISTING and the consumers' claims refunded from the provider's held proceeds). On a
 * running service with the demo provider's gate (real LMDB, uWS on loopback, the quoter on): the demo
 * provider sells to the broker, unpublishes listing 1, and a consumer who then buys at the broker's ask
 * and exercises gets a grant under listing 1, reads where to download (its disclosures, though the
 * listing left the catalog's search), downloads the records and its receipt is accepted. No new mint.
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadWithGrant } from '../../src/client/delivery.js';
import type { TradingClient } from '../../src/client/trading-client.js';
import { DEMO_PROVIDER_KEY } from '../../src/demo/index.js';
import { CommandKind, EventType } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { grantAtAsk } from '../support/broker-rights.js';
import { fundedConsumer, startDemoGateService, type DemoGateService } from '../support/demo-gate.js';

const logger = createLogger('silent');
let svc: DemoGateService;
let trader: TradingClient;
const consumer = new Wallet(Wallet.createRandom().privateKey);

beforeAll(async () => {
  svc = await startDemoGateService('unpublished-delivery', { logger, stock: { mint: 20, sell: 10 } });
  trader = await fundedConsumer(svc.service, svc.wsUrl, consumer, 'unpublished-delivery');
}, 120_000);

afterAll(async () => {
  await trader?.close();
  await svc?.close();
});

describe('a listing unpublished by its provider', () => {
  it('still names the grants for the rights sold under it, and they are downloaded and receipted; the listing leaves search; no new mint', async () => {
    const { service, base } = svc;
    const provider = service.engine.accountIdByAddress.get(new Wallet(DEMO_PROVIDER_KEY).address.toLowerCase())!;
    const listing = service.catalog.get(1);
    expect(listing.status).toBe('published');
    service.catalog.unpublish(1, provider);
    await service.catalog.syncProviderListings();
    const account = service.engine.accounts[provider]!;
    expect(account.providerListings.has(listing.segment)).toBe(false);
    expect(account.retiredListings.get(listing.segment)).toEqual({ listingId: 1, listingVersion: listing.publishedVersion });
    const mint = await service.sequencer.submit({ kind: CommandKind.MINT, actor: provider, seriesId: svc.seriesId, qty: 1 });
    expect(mint.events[0]).toMatchObject({ type: EventType.COMMAND_REJECTED });

    const grant = await grantAtAsk(service, trader, svc.seriesId, 2);
    expect(grant.grant).toMatchObject({ listingId: 1, listingVersion: listing.publishedVersion });
    expect((await fetch(`${base}/v1/listings/1`)).status).toBe(404); // off the catalog's page and search
    const disclosures = (await (await fetch(`${base}/v1/listings/1/disclosures`)).json()) as { status: string; deliveryEndpoint: string };
    expect(disclosures).toMatchObject({ status: 'unpublished', deliveryEndpoint: svc.endpoint });
    const d = await downloadWithGrant(base, consumer, grant, 2);
    if (d.outcome !== 'received') throw new Error(`download: ${JSON.stringify(d)}`);
    expect(d.records.length).toBeGreaterThan(0);
    expect(d.receipt.state).toBe('accepted');
    // One never published, or taken down by the operator, tells nobody where to download.
    service.catalog.takeDown(1, 'test', 'taken down to check the refusal');
    expect((await fetch(`${base}/v1/listings/1/disclosures`)).status).toBe(404);
  });
});
