/**
 * Washing through a crowded wallet (an outside audit, 2026-12-06). An address keeps at most
 * MAX_LINKS_PER_ADDRESS counterparties (beyond, it is a hub: an exchange's hot wallet), and a
 * crowded counterparty relates nobody. But the two wallets of the relation are no hub: a
 * provider that first sprays dust to 512 fresh addresses (gas only) made its own wallet
 * crowded, so the PAT it then sent its second wallet related nothing (the direct link was
 * skipped, and on its side not even kept); a second wallet filled with dust the same way did
 * too. Its receipts then raised the listing's delivered count, as before issue 73.
 *
 * Issue 73's setup (test/washing/washing.test.ts):: trust cannot be bought by the provider's own second wallet. The
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
import type { GrantLedger } from '../../src/grants/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { startDemoProviderServer } from '../../src/demo/provider-servers.js';
import type { ProviderServer } from '../../src/provider-server/server.js';
import { startService, type Service } from '../../src/app/service.js';
import { MAX_LINKS_PER_ADDRESS, type WashFlag, type Washing } from '../../src/washing/index.js';
import { openAutoIntentSeries, providerSellsToBroker } from '../support/broker-rights.js';
import { removeDir } from '../support/exchange-fixture.js';

const logger = createLogger('silent');
const DISPUTE_MS = 3_600_000;
const OPERATOR_TOKEN = 'washing-crowded-operator-tok-0123456789';
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
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-washing-crowded-'));
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

const delivered = (): number => ledger().deliveryOf(LISTING)?.delivered ?? 0;
const accountOf = (w: HDNodeWallet): number => service.engine.accountIdByAddress.get(w.address.toLowerCase())!;

/** `n` PAT transfers between `wallet` and fresh addresses (dust: either way), recorded in one range as the watcher does. */
function dust(wallet: string, n: number, direction: 'from' | 'to'): Promise<{ grants: number; ratings: number }> {
  const transfers = Array.from({ length: n }, () => {
    const other = Wallet.createRandom().address;
    const b = block++;
    return { from: direction === 'from' ? wallet : other, to: direction === 'from' ? other : wallet, ref: `0x${b.toString(16).padStart(64, '0')}:0`, blockNumber: b };
  });
  return washing().recordTransfers(transfers);
}

describe('washing through a crowded wallet', () => {
  it("a second wallet filled with dust before the provider funds it is related all the same (the link read on the provider's side)", async () => {
    const third = Wallet.createRandom();
    await dust(third.address, MAX_LINKS_PER_ADDRESS, 'to');
    expect(washing().links.crowded(third.address)).toBe(true);
    await transfer(provider.address, third.address);
    const g = await receipted(third, 2);
    expect((await grantView(third, g.grant.grantId)).notCountedForListing).toMatchObject({ reason: 'washing' });
    expect(delivered()).toBe(0);
  });

  it("the provider's own wallet filled with dust first: its second wallet's receipts still do not count, and a flag appears", async () => {
    await dust(provider.address, MAX_LINKS_PER_ADDRESS, 'from');
    expect(washing().links.crowded(provider.address)).toBe(true);
    await transfer(provider.address, second.address);
    const g = await receipted(second, 3);
    expect(washing().guard.relation(accountOf(second), providerId)).toMatchObject({ kind: 'funded-from', sharedAddress: provider.address.toLowerCase() });
    expect(await grantView(second, g.grant.grantId)).toMatchObject({ delivered: 3, counted: 3, notCountedForListing: { reason: 'washing' } });
    expect(delivered()).toBe(0);
    expect((await flags()).body.flags.filter((f) => f.consumerAccountId === accountOf(second))).toEqual([expect.objectContaining({ providerAccountId: providerId, consumerAccountId: accountOf(second), kind: 'funded-from', excluded: { grants: 1, rights: 3, ratings: 0 } })]);
  });

  it('a consumer found later to have sent PAT to the crowded provider wallet has what counted taken back', async () => {
    const g = await receipted(later, 2);
    expect(delivered()).toBe(2);
    expect(await transfer(later.address, provider.address)).toEqual({ grants: 1, ratings: 0 });
    expect(delivered()).toBe(0);
    expect((await grantView(later, g.grant.grantId)).notCountedForListing).toMatchObject({ reason: 'washing' });
  });

  it('dust from a crowded stranger still relates nobody', async () => {
    const hub = Wallet.createRandom().address;
    await dust(hub, MAX_LINKS_PER_ADDRESS, 'from');
    await transfer(hub, provider.address);
    await transfer(hub, honest.address);
    await receipted(honest, 1);
    expect(washing().guard.relation(accountOf(honest), providerId)).toBeUndefined();
    expect(delivered()).toBe(1);
  });
});
