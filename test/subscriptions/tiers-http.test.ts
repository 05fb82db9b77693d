/**
 * Tiers and bundles through the service (docs/subscriptions.md, "Tiers"; docs/catalog.md,
 * "Bundles"): a provider's listing version defines them in `terms` (refused by field when out of
 * range); the catalog journals the tiers (SET_LISTING_TIERS); the public sees a tier's price at
 * the asks now and a bundle's quote; a bundle with a leg the asks cannot fill is refused naming
 * the leg, nothing bought; a tier subscription holds a seat, buys its contracts each window and
 * cancels as one; a restart (snapshot + journal) holds the same tiers and subscriptions.
 * Real LMDB, the real gateway on loopback, wallet-signed requests.
 */
import { rmSync } from 'node:fs';
import { Wallet } from 'ethers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/app/config.js';
import { startService, type Service } from '../../src/app/service.js';
import { grantsOfAck, rejectName, signedRequest, TradingClient } from '../../src/client/index.js';
import { CommandKind, EventType, Role, SeriesKind, SeriesStatus, Side, stateHash, SYSTEM_ACTOR, TimeInForce, type Command } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { httpReads } from '../../src/mcp/exchange-reads.js';
import { createPatxMcpServer } from '../../src/mcp/server.js';
import { patOfMicros } from '../../src/client/pat.js';
import { SpendingLimit } from '../../src/mcp/spending-limit.js';
import { WalletSession } from '../../src/mcp/wallet-session.js';
import { listingInput as input } from '../support/catalog-fixture.js';
import { limitOrder } from '../support/exchange-fixture.js';
import { getJson, openWalletAccount, startCatalogService } from '../support/catalog-service.js';

const C1 = 'AUTO_INTENT|7D|0.70-0.85';
const C2 = 'AUTO_INTENT|7D|0.85-1.00';
const logger = createLogger('silent');
let dir: string;
let config: Config;
let svc: Service;

beforeEach(async () => {
  ({ dir, config, svc } = await startCatalogService('tiers', false, { demo: { enabled: false } }));
});

afterEach(async () => {
  await svc.stop();
  rmSync(dir, { recursive: true, force: true });
});

const base = (): string => `http://127.0.0.1:${svc.gateway.port}`;

async function submit(cmd: Command): Promise<void> {
  const r = await svc.sequencer.submit(cmd);
  if (r.events[0]?.type === EventType.COMMAND_REJECTED) throw new Error(`refused: ${JSON.stringify(r.events[0])}`);
}

async function account(role: Role): Promise<{ wallet: Wallet; id: number }> {
  const opened = await openWalletAccount(svc, role);
  if (role === Role.CONSUMER) await submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: opened.id, amountWei: 10n ** 20n, ref: `tiers-${opened.id}` });
  return opened;
}

const signed = (wallet: Wallet, method: string, urlPath: string, body?: unknown) => signedRequest(base(), wallet, method, urlPath, body);

const get = (urlPath: string): Promise<{ status: number; body: Record<string, unknown> }> => getJson(base(), urlPath);

async function operator(method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await svc.operatorApi.handle({ method, path: urlPath, body, query: new URLSearchParams(), operator: 'admin' });
  return { status: r.status, body: r.body as Record<string, unknown> };
}

async function published(provider: { wallet: Wallet }, over: Record<string, unknown>): Promise<number> {
  const created = await signed(provider.wallet, 'POST', '/v1/provider/listings', input(over));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as number;
  await signed(provider.wallet, 'POST', `/v1/provider/listings/${id}/submit`);
  expect((await operator('POST', `/operator/listings/${id}/publish`)).body.status).toBe('published');
  return id;
}

/** The contract's window open now. */
function openWindow(contract: string): number {
  const now = Date.now();
  const s = svc.engine.series.find((x) => x !== undefined && x.spec.contract === contract && x.spec.kind === SeriesKind.SPOT && x.status === SeriesStatus.TRADING && x.spec.openAtMs <= now && now < x.spec.closeAtMs);
  if (s === undefined) throw new Error(`no open ${contract} window`);
  return s.id;
}

/** A provider (a new one unless given) sells `qty` to the broker in the series, which asks them at `askMicros`. */
async function stock(seriesId: number, askMicros: number, qty = 20, seller?: { id: number }): Promise<void> {
  seller ??= await account(Role.PROVIDER);
  const broker = svc.engine.brokerId;
  await submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: broker, amountWei: 10n ** 22n, ref: `broker-${seriesId}-${seller.id}` });
  await submit({ kind: CommandKind.DECLARE_CAPACITY, actor: seller.id, seriesId, capacity: 1_000 });
  await submit({ kind: CommandKind.MINT, actor: seller.id, seriesId, qty });
  await submit(limitOrder(seller.id, seriesId, Side.SELL, 500_000, qty));
  await submit(limitOrder(broker, seriesId, Side.BUY, 500_000, qty, TimeInForce.IOC));
  await submit(limitOrder(broker, seriesId, Side.SELL, askMicros, qty));
}

const TERMS = {
  tiers: [
    { name: 'pro', contracts: [C1, C2], qtyPerContract: 1, seats: 1, price: { rule: 'ask-capped', capBps: 1_000 } },
    { name: 'retail', contracts: [C1], everyWindows: 2, seats: 100, price: { rule: 'ask' } },
  ],
  bundles: [{ name: 'both', legs: [{ contract: C1 }, { contract: C2, qty: 2 }] }],
};

describe('tiers and bundles over HTTP', () => {
  it('refuses tiers out of range by field, storing nothing: a contract outside the segment, zero seats, a bad price rule', async () => {
    const provider = await account(Role.PROVIDER);
    const bad = [
      { tiers: [{ name: 'pro', contracts: ['HEALTH_INTENT|7D|0.70-0.85'], seats: 1, price: { rule: 'ask' } }] },
      { tiers: [{ name: 'pro', contracts: [C1], seats: 0, price: { rule: 'ask' } }] },
      { tiers: [{ name: 'pro', contracts: [C1], seats: 1, price: { rule: 'fixed', priceMicros: 5 } }] },
      { tiers: [{ name: 'pro', contracts: [C1], seats: 1, price: { rule: 'ask-capped' } }] },
      { bundles: [{ name: 'x', legs: [{ contract: C1 }, { contract: C1 }] }] },
      { bundles: [{ name: 'x', legs: [{ contract: C1 }, { listingId: 999, contract: C2 }] }] },
    ];
    for (const terms of bad) {
      const r = await signed(provider.wallet, 'POST', '/v1/provider/listings', input({ terms }));
      expect([r.status, r.body.error], JSON.stringify(terms)).toEqual([400, 'MALFORMED_LISTING']);
    }
    expect((await signed(provider.wallet, 'GET', '/v1/provider/listings')).body).toEqual([]);
    expect(svc.engine.tiers.byListing.size).toBe(0);
  });

  it('a bundle is all or none; a tier subscription holds a seat, buys its contracts, cancels as one; a restart holds them', async () => {
    const provider = await account(Role.PROVIDER);
    const [a, b] = [await account(Role.CONSUMER), await account(Role.CONSUMER)];
    const id = await published(provider, { terms: TERMS });
    expect([...svc.engine.tiers.byListing.get(id)!.tiers.keys()]).toEqual(['pro', 'retail']);
    const s1 = openWindow(C1);
    const s2 = openWindow(C2);
    await stock(s1, 700_000, 20, provider);

    // C2 has no ask: the tier's window price and the bundle's quote are unknown, the purchase refused naming leg 1.
    const tiers = await get(`/v1/listings/${id}/tiers`);
    const pro = (tiers.body.tiers as Array<Record<string, unknown>>)[0]!;
    expect(pro).toMatchObject({ name: 'pro', seats: 1, seatsTaken: 0, windowCostMicros: null });
    expect(tiers.body.bundles).toEqual([{ name: 'both', legs: [{ listingId: id, contract: C1, qty: 1 }, { listingId: id, contract: C2, qty: 2 }] }]);
    expect((await get(`/v1/listings/${id}/bundles/both`)).body).toMatchObject({ costMicros: null, unfillableLeg: 1 });
    const before = svc.engine.account(a.id)!.availableMicros;
    const refused = await signed(a.wallet, 'POST', `/v1/listings/${id}/bundles/both/buy`, { maxCostMicros: 10_000_000 });
    expect([refused.status, refused.body.error, (refused.body.details as { leg: number }).leg]).toEqual([409, 'BUNDLE_LEG_UNFILLABLE', 1]);
    expect(svc.engine.account(a.id)!.availableMicros).toBe(before);
    expect(svc.engine.account(a.id)!.positions.get(s1)?.available ?? 0).toBe(0);
    expect((await get(`/v1/listings/${id}/bundles/nope`)).status).toBe(404);

    await stock(s2, 900_000, 5); // another provider's, sold first: an exercise redeems them first unless a listing is named
    await stock(s2, 900_000, 20, provider);
    const quote = await get(`/v1/listings/${id}/bundles/both`);
    expect(quote.body).toMatchObject({ costMicros: 700_000 + 2 * 900_000, unfillableLeg: null });
    const moved = await signed(a.wallet, 'POST', `/v1/listings/${id}/bundles/both/buy`, { maxCostMicros: 2_499_999 });
    expect(moved.body.error).toBe('BUNDLE_PRICE_MOVED');
    const bought = await signed(a.wallet, 'POST', `/v1/listings/${id}/bundles/both/buy`, { maxCostMicros: 2_500_000 });
    expect(bought.status, JSON.stringify(bought.body)).toBe(200);
    expect(bought.body).toMatchObject({ costMicros: 2_500_000, legs: [{ contract: C1, seriesId: s1, qty: 1 }, { contract: C2, seriesId: s2, qty: 2 }] });
    expect(svc.engine.account(a.id)!.positions.get(s2)!.available).toBe(2);
    expect((await signed(a.wallet, 'POST', `/v1/listings/${id}/bundles/both/buy`, { maxCostMicros: 0 })).body.error).toBe('MALFORMED_BUNDLE_BUY');

    // The tier's price now at the asks; one seat: the second subscriber is refused, nothing made.
    expect(((await get(`/v1/listings/${id}/tiers`)).body.tiers as Array<Record<string, unknown>>)[0]).toMatchObject({ windowCostMicros: 700_000 + 900_000 });
    const made = await signed(a.wallet, 'POST', '/v1/tier-subscriptions', { listingId: id, tier: 'pro', budgetMicros: 20_000_000 });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ tier: 'pro', capPriceMicros: [770_000, 990_000], seatsTaken: 1, seats: 1 });
    const full = await signed(b.wallet, 'POST', '/v1/tier-subscriptions', { listingId: id, tier: 'pro', budgetMicros: 20_000_000 });
    expect([full.status, full.body.error]).toEqual([409, 'TIER_SEATS_FULL']);
    expect((await signed(b.wallet, 'POST', '/v1/tier-subscriptions', { listingId: id, tier: 'gold', budgetMicros: 20_000_000 })).body.error).toBe('UNKNOWN_TIER');
    expect(svc.engine.subscriptions.live.size).toBe(2);

    await svc.runSubscriptions();
    const mine = await signed(a.wallet, 'GET', '/v1/tier-subscriptions');
    const live = (mine.body.tierSubscriptions as Array<Record<string, unknown>>)[0]!;
    expect(live).toMatchObject({ tier: 'pro', spentMicros: 700_000 + 900_000 });
    expect((live.subscriptions as Array<Record<string, unknown>>).map((s) => [s.contract, s.windowsBought])).toEqual([[C1, 1], [C2, 1]]);
    // Rules 10: what the tier bought is delivered under its listing (the bundle bought before is any provider's, as any purchase).
    const tierGrants = (await svc.grants()!.grantsOf('consumer', a.id, 0, 10)).grants.map((r) => r.signed.grant).filter((g) => g.listingId === id).sort((x, y) => x.seriesId - y.seriesId);
    expect(tierGrants.map((g) => [g.seriesId, g.quantity, g.provider])).toEqual([[s1, 1, provider.wallet.address], [s2, 1, provider.wallet.address]]);
    // The bundle's rights of C2, exercised over the WebSocket: plainly, the oldest sale's (the other provider's, no listing);
    // naming the listing (Exercise.listing_id), its provider's; a listing not of the series refused by name.
    const trader = await TradingClient.connect(`ws://127.0.0.1:${svc.gateway.port}/v1/trade`, { wallet: a.wallet });
    try {
      expect(grantsOfAck(await trader.exercise(s2, 1)).map((g) => [g.grant.listingId, g.grant.provider === provider.wallet.address])).toEqual([[0, false]]);
      expect(grantsOfAck(await trader.exercise(s2, 1, id)).map((g) => [g.grant.listingId, g.grant.provider])).toEqual([[id, provider.wallet.address]]);
      expect(rejectName(await trader.exercise(s1, 1, 999))).toBe('LISTING_NOT_IN_SERIES');
    } finally {
      await trader.close();
    }

    // A restart: the snapshot-less journal replays to the same state, tiers and the live tier subscription included.
    const hash = stateHash(svc.engine);
    await svc.stop();
    svc = await startService(config, logger);
    expect(stateHash(svc.engine)).toBe(hash);
    expect(svc.engine.tiers.live.size).toBe(1);

    const tierSubscriptionId = live.tierSubscriptionId as number;
    // Another's id answers as an unknown one does: a stranger learns nothing of which are live.
    const othersCancel = await signed(b.wallet, 'POST', `/v1/tier-subscriptions/${tierSubscriptionId}/cancel`);
    expect([othersCancel.status, othersCancel.body]).toEqual([404, { error: 'UNKNOWN_TIER_SUBSCRIPTION', message: `no live tier subscription ${tierSubscriptionId}` }]);
    expect((await signed(b.wallet, 'POST', '/v1/tier-subscriptions/999999/cancel')).body).toEqual({ error: 'UNKNOWN_TIER_SUBSCRIPTION', message: 'no live tier subscription 999999' });
    const cancelled = await signed(a.wallet, 'POST', `/v1/tier-subscriptions/${tierSubscriptionId}/cancel`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    expect(svc.engine.subscriptions.live.size).toBe(0);
    expect(((await signed(a.wallet, 'GET', '/v1/subscriptions')).body.subscriptions as Array<{ status: string }>).map((s) => s.status)).toEqual(['cancelled', 'cancelled']);
    expect((await signed(b.wallet, 'POST', '/v1/tier-subscriptions', { listingId: id, tier: 'pro', budgetMicros: 20_000_000 })).status).toBe(201);
  });

  it('the MCP tools read tiers and quotes, subscribe and buy within the spending limit; a change of tiers waits for review', async () => {
    const provider = await account(Role.PROVIDER);
    const a = await account(Role.CONSUMER);
    const id = await published(provider, { terms: TERMS });
    await stock(openWindow(C1), 700_000);
    await stock(openWindow(C2), 900_000);
    const session = new WalletSession({ gatewayUrl: base(), wallet: a.wallet, limit: new SpendingLimit(30_000_000) });
    const server = createPatxMcpServer({ reads: httpReads(base()), mode: 'stdio', session });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'tiers-test', version: '1.0.0' });
    await client.connect(clientSide);
    const call = async (name: string, args: Record<string, unknown>): Promise<CallToolResult> => (await client.callTool({ name, arguments: args })) as CallToolResult;
    try {
      const tiers = await call('list_tiers', { listing_id: id });
      expect((tiers.structuredContent as { tiers: Array<{ name: string; windowCostMicros: number }> }).tiers[0]).toMatchObject({ name: 'pro', windowCostMicros: 1_600_000 });
      expect((await call('quote_bundle', { listing_id: id, name: 'both' })).structuredContent).toMatchObject({ costMicros: 2_500_000, cost: '2.5' });
      const tooMuch = await call('subscribe_tier', { listing_id: id, tier: 'pro', budget: '31' });
      expect([tooMuch.isError, (tooMuch.content[0] as { text: string }).text.split(':')[0]]).toEqual([true, 'SPENDING_LIMIT']);
      expect((await call('subscribe_tier', { listing_id: id, tier: 'pro', budget: '20' })).structuredContent).toMatchObject({ tierSubscription: { tier: 'pro' }, spending: { committed: '20' } });
      expect((await call('buy_bundle', { listing_id: id, name: 'both', max_cost: '3' })).structuredContent).toMatchObject({ cost: '2.5', spending: { committed: '22.5' } });
      // The subscription may have bought its first window already (the runner is not held back here): the budget
      // comes back less exactly what it spent, as the cancel reports it.
      const cancelled = (await call('cancel_tier_subscription', { tier_subscription_id: 1 })).structuredContent as { cancelled: { spentMicros: number }; spending: { committed: string } };
      const spent = cancelled.cancelled.spentMicros;
      expect(spent).toBeGreaterThanOrEqual(0);
      expect(svc.engine.subscriptions.live.size).toBe(0);
      expect(cancelled.spending.committed).toBe(patOfMicros(2_500_000 + spent));
    } finally {
      await client.close();
    }

    // Terms are material: a new version changing the tiers waits for the operator; the engine keeps the live ones until approved.
    const changed = await signed(provider.wallet, 'PUT', `/v1/provider/listings/${id}`, input({ terms: { tiers: [{ name: 'pro', contracts: [C1], seats: 3, price: { rule: 'ask' } }] }, changeLog: 'pro on one contract' }));
    expect(changed.body).toMatchObject({ version: 1, pendingReview: { changes: ['terms'] } });
    expect(svc.engine.tiers.byListing.get(id)!.tiers.get('pro')!.contracts).toEqual([C1, C2]);
    await operator('POST', `/operator/listings/${id}/approve-version`);
    await svc.catalog.syncProviderListings();
    expect([...svc.engine.tiers.byListing.get(id)!.tiers.values()].map((t) => [t.name, t.contracts, t.seats])).toEqual([['pro', [C1], 3]]);
  });
});
