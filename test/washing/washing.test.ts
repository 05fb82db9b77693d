/**
 * Washing (issue 73, item 3): trust cannot be bought by the provider's own second wallet. The
 * finding: the provider's second wallet bought 10 of its rights and receipted them, every
 * receipt counted and nothing noticed. Now a receipt or a rating by a consumer related on-chain
 * to the provider (PAT moved between their wallets) is kept and shown, marked not counting with
 * why, leaves the listing's delivery and rating as they were, and the operator sees a flag.
 *
 * Real service (LMDB, uWS, the grant ledger, the catalog), the real reference provider server
 * over HTTP, real signatures; settlement off, so the PAT transfers the chain watcher would read
 * (test/washing/washing-chain.test.ts reads them from a real chain) are recorded directly.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet, type HDNodeWallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadWithGrant, grantsOfAck, signedRequest, TradingClient, wire, type SignedGrant } from '../../src/client/index.js';
import { loadConfig, type Config } from '../../src/app/config.js';
import { DEMO_PROVIDER_KEY, publishDemoListings } from '../../src/demo/index.js';
import { CommandKind, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { freePort } from '../../src/runtime/free-port.js';
import { signGateRequest } from '../../src/gate/index.js';
import type { GrantLedger } from '../../src/grants/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { startDemoProviderServer } from '../../src/demo/provider-servers.js';
import type { ProviderServer } from '../../src/provider-server/server.js';
import { startService, type Service } from '../../src/app/service.js';
import type { WashFlag, Washing } from '../../src/washing/index.js';
import { openAutoIntentSeries, providerSellsToBroker } from '../support/broker-rights.js';
import { removeDir } from '../support/exchange-fixture.js';

const logger = createLogger('silent');
const DISPUTE_MS = 3_600_000;
const OPERATOR_TOKEN = 'washing-test-operator-token-0123456789';
const LISTING = 1;
let dir: string;
let config: Config;
let service: Service;
let server: ProviderServer;
let seriesId: number;
const provider = new Wallet(DEMO_PROVIDER_KEY);
const honest = Wallet.createRandom();
/** The provider's second wallet, funded from the provider's own. */
const second = Wallet.createRandom();
/** A consumer that later sends its PAT on to the provider. */
const later = Wallet.createRandom();
const traders = new Map<string, TradingClient>();
const base = () => `http://127.0.0.1:${service.gateway.port}`;
const ledger = (): GrantLedger => service.grants()!;
const washing = (): Washing => service.washing()!;
let providerId: number;
let block = 1;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-washing-'));
  const serverPort = await freePort();
  config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0, operatorToken: OPERATOR_TOKEN }, scheduleIntervalMs: 60_000, settlement: { enabled: false }, quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 60_000, params: { 'risk.disputeWindowMs': DISPUTE_MS } } });
  service = await startService(config, logger);
  await publishDemoListings(service.catalog, service.engine, service.sequencer, Date.now, logger, `http://127.0.0.1:${serverPort}/records`);
  server = await startDemoProviderServer({ dataDir: dir, host: '127.0.0.1', port: serverPort, exchangeUrl: base(), log: logger });
  const now = Date.now();
  seriesId = openAutoIntentSeries(service, now).id;
  await providerSellsToBroker(service, provider.address, seriesId, { mint: 40, sell: 30 });
  providerId = service.engine.accountIdByAddress.get(provider.address.toLowerCase())!;
});

afterAll(async () => {
  for (const t of traders.values()) await t.close().catch(() => undefined);
  await server?.close().catch(() => undefined);
  await service?.stop();
  removeDir(dir);
});

/** A PAT transfer on-chain, as the transfer watcher records it. */
function transfer(from: string, to: string): Promise<{ grants: number; ratings: number }> {
  const n = block++;
  return washing().recordTransfers([{ from, to, ref: `0x${n.toString(16).padStart(64, '0')}:0`, blockNumber: n }]);
}

async function trader(wallet: HDNodeWallet): Promise<TradingClient> {
  let t = traders.get(wallet.address);
  if (t === undefined) {
    t = await TradingClient.connect(`ws://127.0.0.1:${service.gateway.port}/v1/trade`, { wallet });
    await service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: t.accountId, amountWei: 10n ** 20n, ref: `washing-test:${wallet.address}` });
    traders.set(wallet.address, t);
  }
  return t;
}

let clientOrderId = 1;
/** The wallet buys `qty` rights from the broker and exercises them: one grant, the demo provider's. */
async function buyAndExercise(wallet: HDNodeWallet, qty: number): Promise<SignedGrant> {
  const t = await trader(wallet);
  // The broker's ask shows a few rights at a time: buy until `qty` filled, the quoter requoting between.
  for (let bought = 0, tries = 0; bought < qty; tries++) {
    expect(tries).toBeLessThan(10);
    service.quoting!.tick();
    await service.sequencer.drain();
    const ask = service.engine.seriesById(seriesId)!.brokerSells.bestAskMicros();
    if (ask <= 0) {
      await providerSellsToBroker(service, provider.address, seriesId, { mint: 10, sell: 10, capacity: 200 });
      continue;
    }
    const ack = await t.newOrder({ seriesId, clientOrderId: clientOrderId++, side: wire.Side.BUY, timeInForce: wire.TimeInForce.IOC, priceMicros: ask, qty: qty - bought });
    for (const r of ack.reports ?? []) if (r.execType === wire.ExecType.EXEC_TRADE) bought += r.lastQty ?? 0;
  }
  const grants = grantsOfAck(await t.exercise(seriesId, qty));
  expect(grants).toHaveLength(1);
  await ledger().get(grants[0]!.grant.grantId);
  return grants[0]!;
}

/** Buys, exercises, downloads and receipts (the consumer's client does it all): the receipt accepted. */
async function receipted(wallet: HDNodeWallet, qty: number): Promise<SignedGrant> {
  const g = await buyAndExercise(wallet, qty);
  const d = await downloadWithGrant(base(), wallet, g);
  expect(d.outcome).toBe('received');
  if (d.outcome === 'received') expect(d.receipt).toMatchObject({ state: 'accepted', delivered: qty, counted: qty });
  await server.settled();
  return g;
}

async function grantView(wallet: HDNodeWallet, grantId: number): Promise<{ counted: number; delivered: number; notCountedForListing: { reason: string; why: string } | null }> {
  const r = await signedRequest<{ counted: number; delivered: number; notCountedForListing: { reason: string; why: string } | null }>(base(), wallet, 'GET', `/v1/grants/mine/${grantId}`);
  expect(r.status).toBe(200);
  return r.body;
}

async function flags(): Promise<{ status: number; body: { total: number; flags: WashFlag[] } }> {
  const res = await fetch(`${base()}/operator/wash-flags`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
  return { status: res.status, body: (await res.json()) as { total: number; flags: WashFlag[] } };
}

function rate(wallet: HDNodeWallet, stars: number): Promise<{ status: number }> {
  return signedRequest(base(), wallet, 'POST', `/v1/ratings/${LISTING}`, { stars, review: `${stars} stars` });
}

const delivered = (): number => ledger().deliveryOf(LISTING)?.delivered ?? 0;
const ratingsCounted = (): number => service.catalog.score(service.catalog.get(LISTING)).ratings;
const accountOf = (w: HDNodeWallet): number => service.engine.accountIdByAddress.get(w.address.toLowerCase())!;

describe('washing', () => {
  it("reproduces the finding: the provider's second wallet, funded from the provider's, buys 10 rights and receipts them; the listing's delivered count does not move and a flag appears", async () => {
    const h = await receipted(honest, 2);
    expect(delivered()).toBe(2);
    expect((await grantView(honest, h.grant.grantId)).notCountedForListing).toBeNull();

    // The provider's wallet funds the second wallet with PAT before it opens an account.
    await transfer(provider.address, second.address);
    const g = await receipted(second, 10);
    // The receipt is kept and counted on the grant (its escrow is released to the provider as for any delivery)...
    const v = await grantView(second, g.grant.grantId);
    expect(v).toMatchObject({ delivered: 10, counted: 10, notCountedForListing: { reason: 'washing' } });
    expect(v.notCountedForListing!.why).toContain(provider.address.toLowerCase());
    expect(ledger().receiptsOf(g.grant.grantId)).toHaveLength(1);
    // ...but not on the listing: its reliability is what the honest consumer's receipt made it.
    expect(delivered()).toBe(2);

    // The operator's flag: the pair, the shared address, why, what was left out; and an alarm on the operator page.
    const f = await flags();
    expect(f.status).toBe(200);
    expect(f.body.flags).toEqual([
      expect.objectContaining({ providerAccountId: providerId, consumerAccountId: accountOf(second), sharedAddress: provider.address.toLowerCase(), kind: 'funded-from', excluded: { grants: 1, rights: 10, ratings: 0 }, grantIds: [g.grant.grantId] }),
    ]);
    expect(service.alarms.get('wash-suspected', `provider #${providerId}, consumer #${accountOf(second)}`)).toMatchObject({ active: true, severity: 'warning' });
  });

  it("a related consumer's rating is kept and shown, marked not counting; a critic's low stars still count", async () => {
    expect((await rate(honest, 4)).status).toBe(201);
    expect(ratingsCounted()).toBe(1);
    expect((await rate(second, 5)).status).toBe(201);
    expect(ratingsCounted()).toBe(1);
    const listing = service.catalog.get(LISTING);
    expect(listing.ratings.find((r) => r.consumerAccountId === accountOf(second))).toMatchObject({ stars: 5, status: 'visible', notCounted: { reason: 'washing' } });
    // The public reviews show it, marked.
    const reviews = ((await (await fetch(`${base()}/v1/listings/${LISTING}`)).json()) as { reviews: { stars: number; counted: boolean }[] }).reviews;
    expect(reviews.map((r) => [r.stars, r.counted])).toEqual([
      [5, false],
      [4, true],
    ]);
    expect((await flags()).body.flags[0]!.excluded).toEqual({ grants: 1, rights: 10, ratings: 1 });
    // One star from a related account cannot buy trust, and a provider could relate itself to a critic: it counts.
    expect((await rate(second, 1)).status).toBe(201);
    expect(ratingsCounted()).toBe(2);
    expect((await rate(second, 5)).status).toBe(201);
    expect(ratingsCounted()).toBe(1);
  });

  it("a relation found later (the consumer sends its PAT on to the provider's wallet) takes back what counted", async () => {
    const g = await receipted(later, 3);
    expect((await rate(later, 5)).status).toBe(201);
    expect(delivered()).toBe(5);
    expect(ratingsCounted()).toBe(2);
    expect(await transfer(later.address, provider.address)).toEqual({ grants: 1, ratings: 1 });
    expect(delivered()).toBe(2);
    expect(ratingsCounted()).toBe(1);
    expect((await grantView(later, g.grant.grantId)).notCountedForListing).toMatchObject({ reason: 'washing' });
    expect(service.catalog.get(LISTING).ratings.find((r) => r.consumerAccountId === accountOf(later))!.notCounted).toMatchObject({ reason: 'washing' });
    const flag = (await flags()).body.flags.find((x) => x.consumerAccountId === accountOf(later));
    expect(flag).toMatchObject({ sharedAddress: provider.address.toLowerCase(), kind: 'sent-to', excluded: { grants: 1, rights: 3, ratings: 1 } });
    // Again: nothing more to take back.
    expect(await transfer(later.address, provider.address)).toEqual({ grants: 0, ratings: 0 });
    expect(delivered()).toBe(2);
  });

  it('dust from a stranger to the provider and its consumer relates nobody: anyone can send PAT to anyone', async () => {
    const stranger = Wallet.createRandom();
    await transfer(stranger.address, provider.address);
    await transfer(stranger.address, honest.address);
    expect(washing().guard.relation(accountOf(honest), providerId)).toBeUndefined();
    await receipted(honest, 1);
    expect(delivered()).toBe(3);
    expect(ratingsCounted()).toBe(1);
  });

  it("the provider's own report on a related consumer's grant, undisputed, does not count for the listing either", async () => {
    const g = await buyAndExercise(second, 2);
    const request = await signGateRequest(second, g, 2, { domain: ledger().signer.domain, endpoint: server.endpoint });
    const res = await fetch(`http://127.0.0.1:${server.port}/records`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
    expect(res.status).toBe(200);
    await server.settled();
    const before = ledger().deliveryOf(LISTING)!;
    await ledger().sweep(Date.now() + DISPUTE_MS + 1_000);
    expect((await ledger().get(g.grant.grantId))!.counted).toBe(2);
    expect(ledger().deliveryOf(LISTING)!.delivered).toBe(before.delivered);
    expect((await flags()).body.flags.find((x) => x.consumerAccountId === accountOf(second))!.excluded).toMatchObject({ grants: 2, rights: 12 });
  });

  it('a restart keeps the links, the flags and the counts', async () => {
    const counts = ledger().deliveryOf(LISTING);
    const kept = (await flags()).body;
    for (const t of traders.values()) await t.close().catch(() => undefined);
    traders.clear();
    await server.close();
    await service.stop();
    service = await startService(config, logger);
    expect(ledger().deliveryOf(LISTING)).toEqual(counts);
    expect(washing().guard.relation(accountOf(second), providerId)).toMatchObject({ kind: 'funded-from', sharedAddress: provider.address.toLowerCase() });
    expect(washing().links.cursor()).toBeUndefined(); // settlement off: no chain read
    expect((await flags()).body).toEqual(kept);
    // The board starts empty: the kept flags are raised again.
    expect(service.alarms.get('wash-suspected', `provider #${providerId}, consumer #${accountOf(second)}`)?.active).toBe(true);
    expect(ratingsCounted()).toBe(1);
  });
});
