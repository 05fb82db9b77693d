/**
 * The exchange the washing tests run (issue 73, test/washing/washing.test.ts, crowded-wallet.test.ts): a real service
 * (LMDB, uWS, the grant ledger, the catalog) with the demo listings, the real reference provider server over HTTP, an
 * AUTO_INTENT series the demo provider sold rights of to the broker, settlement off (the PAT transfers the chain watcher
 * would read are recorded directly: `transfer`), and the steps a consumer takes: funded trading clients, buying and
 * exercising at the broker's ask, downloading and receipting. Stopped by the file's afterAll (`stop`).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet, type HDNodeWallet } from 'ethers';
import { expect } from 'vitest';
import { downloadWithGrant, grantsOfAck, signedRequest, TradingClient, wire, type SignedGrant } from '../../src/client/index.js';
import { loadConfig, type Config } from '../../src/app/config.js';
import { startService, type Service } from '../../src/app/service.js';
import { DEMO_PROVIDER_KEY, publishDemoListings } from '../../src/demo/index.js';
import { startDemoProviderServer } from '../../src/demo/provider-servers.js';
import { CommandKind, SYSTEM_ACTOR } from '../../src/engine/index.js';
import type { GrantLedger } from '../../src/grants/index.js';
import type { ProviderServer } from '../../src/provider-server/server.js';
import { freePort } from '../../src/runtime/free-port.js';
import { createLogger } from '../../src/runtime/log.js';
import type { WashFlag, Washing } from '../../src/washing/index.js';
import { openAutoIntentSeries, providerSellsToBroker } from './broker-rights.js';
import { removeDir } from './exchange-fixture.js';

const logger = createLogger('silent');
/** The dispute window the quoter's parameters seed: long, so nothing the tests receipt lapses. */
export const DISPUTE_MS = 3_600_000;
/** The demo listing whose rights the tests buy (the demo provider's first, publishDemoListings). */
export const LISTING = 1;

type GrantView = { counted: number; delivered: number; notCountedForListing: { reason: string; why: string } | null };

export class WashingExchange {
  /** The demo listings' provider. */
  readonly provider = new Wallet(DEMO_PROVIDER_KEY);
  service!: Service;
  server!: ProviderServer;
  seriesId = 0;
  providerId = 0;
  readonly traders = new Map<string, TradingClient>();
  private config!: Config;
  private dir = '';
  private block = 1;
  private clientOrderId = 1;

  /** `name` names its data directory; `operatorToken` is the operator's, for /operator/wash-flags. */
  constructor(
    private readonly name: string,
    readonly operatorToken: string,
  ) {}

  async start(): Promise<void> {
    this.dir = mkdtempSync(path.join(os.tmpdir(), `patx-${this.name}-`));
    const serverPort = await freePort();
    this.config = loadConfig({}, { dataDir: this.dir, gateway: { port: 0, marketDataPort: 0, operatorToken: this.operatorToken }, scheduleIntervalMs: 60_000, settlement: { enabled: false }, quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 60_000, params: { 'risk.disputeWindowMs': DISPUTE_MS } } });
    this.service = await startService(this.config, logger);
    await publishDemoListings(this.service.catalog, this.service.engine, this.service.sequencer, Date.now, logger, `http://127.0.0.1:${serverPort}/records`);
    this.server = await startDemoProviderServer({ dataDir: this.dir, host: '127.0.0.1', port: serverPort, exchangeUrl: this.base(), log: logger });
    this.seriesId = openAutoIntentSeries(this.service, Date.now()).id;
    await providerSellsToBroker(this.service, this.provider.address, this.seriesId, { mint: 40, sell: 30 });
    this.providerId = this.service.engine.accountIdByAddress.get(this.provider.address.toLowerCase())!;
  }

  /** Stops the clients, the provider server and the service, and starts the service again on the same data directory. */
  async restartService(): Promise<void> {
    await this.closeTraders();
    await this.server.close();
    await this.service.stop();
    this.service = await startService(this.config, logger);
  }

  async stop(): Promise<void> {
    await this.closeTraders();
    await this.server?.close().catch(() => undefined);
    await this.service?.stop();
    if (this.dir !== '') removeDir(this.dir);
  }

  base(): string {
    return `http://127.0.0.1:${this.service.gateway.port}`;
  }

  ledger(): GrantLedger {
    return this.service.grants()!;
  }

  washing(): Washing {
    return this.service.washing()!;
  }

  accountOf(w: HDNodeWallet | Wallet): number {
    return this.service.engine.accountIdByAddress.get(w.address.toLowerCase())!;
  }

  /** The block of the next transfer recorded (each its own). */
  nextBlock(): number {
    return this.block++;
  }

  /** A PAT transfer on-chain, as the transfer watcher records it. */
  transfer(from: string, to: string): Promise<{ grants: number; ratings: number }> {
    const n = this.nextBlock();
    return this.washing().recordTransfers([{ from, to, ref: `0x${n.toString(16).padStart(64, '0')}:0`, blockNumber: n }]);
  }

  /** The wallet's trading client, its account opened and funded the first time. */
  async trader(wallet: HDNodeWallet): Promise<TradingClient> {
    let t = this.traders.get(wallet.address);
    if (t === undefined) {
      t = await TradingClient.connect(`ws://127.0.0.1:${this.service.gateway.port}/v1/trade`, { wallet });
      await this.service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: t.accountId, amountWei: 10n ** 20n, ref: `washing-test:${wallet.address}` });
      this.traders.set(wallet.address, t);
    }
    return t;
  }

  /** The wallet buys `qty` rights from the broker and exercises them: one grant, the demo provider's. */
  async buyAndExercise(wallet: HDNodeWallet, qty: number): Promise<SignedGrant> {
    const t = await this.trader(wallet);
    // The broker's ask shows a few rights at a time: buy until `qty` filled, the quoter requoting between.
    for (let bought = 0, tries = 0; bought < qty; tries++) {
      expect(tries).toBeLessThan(10);
      this.service.quoting!.tick();
      await this.service.sequencer.drain();
      const ask = this.service.engine.seriesById(this.seriesId)!.brokerSells.bestAskMicros();
      if (ask <= 0) {
        await providerSellsToBroker(this.service, this.provider.address, this.seriesId, { mint: 10, sell: 10, capacity: 200 });
        continue;
      }
      const ack = await t.newOrder({ seriesId: this.seriesId, clientOrderId: this.clientOrderId++, side: wire.Side.BUY, timeInForce: wire.TimeInForce.IOC, priceMicros: ask, qty: qty - bought });
      for (const r of ack.reports ?? []) if (r.execType === wire.ExecType.EXEC_TRADE) bought += r.lastQty ?? 0;
    }
    const grants = grantsOfAck(await t.exercise(this.seriesId, qty));
    expect(grants).toHaveLength(1);
    await this.ledger().get(grants[0]!.grant.grantId);
    return grants[0]!;
  }

  /** Buys, exercises, downloads and receipts (the consumer's client does it all): the receipt accepted. */
  async receipted(wallet: HDNodeWallet, qty: number): Promise<SignedGrant> {
    const g = await this.buyAndExercise(wallet, qty);
    const d = await downloadWithGrant(this.base(), wallet, g);
    expect(d.outcome).toBe('received');
    if (d.outcome === 'received') expect(d.receipt).toMatchObject({ state: 'accepted', delivered: qty, counted: qty });
    await this.server.settled();
    return g;
  }

  async grantView(wallet: HDNodeWallet, grantId: number): Promise<GrantView> {
    const r = await signedRequest<GrantView>(this.base(), wallet, 'GET', `/v1/grants/mine/${grantId}`);
    expect(r.status).toBe(200);
    return r.body;
  }

  /** The operator's wash flags (GET /operator/wash-flags). */
  async flags(): Promise<{ status: number; body: { total: number; flags: WashFlag[] } }> {
    const res = await fetch(`${this.base()}/operator/wash-flags`, { headers: { authorization: `Bearer ${this.operatorToken}` } });
    return { status: res.status, body: (await res.json()) as { total: number; flags: WashFlag[] } };
  }

  private async closeTraders(): Promise<void> {
    for (const t of this.traders.values()) await t.close().catch(() => undefined);
    this.traders.clear();
  }
}

/**
 * The exchange's steps as plain functions, as the washing tests call them (`const { transfer, receipted } = washingSteps(ex)`),
 * and the listing's delivered count.
 */
export function washingSteps(ex: WashingExchange) {
  return {
    provider: ex.provider,
    base: (): string => ex.base(),
    ledger: (): GrantLedger => ex.ledger(),
    washing: (): Washing => ex.washing(),
    transfer: (from: string, to: string) => ex.transfer(from, to),
    buyAndExercise: (wallet: HDNodeWallet, qty: number) => ex.buyAndExercise(wallet, qty),
    receipted: (wallet: HDNodeWallet, qty: number) => ex.receipted(wallet, qty),
    grantView: (wallet: HDNodeWallet, grantId: number) => ex.grantView(wallet, grantId),
    flags: () => ex.flags(),
    accountOf: (w: HDNodeWallet): number => ex.accountOf(w),
    /** The listing's delivered rights, as its reliability counts them. */
    delivered: (): number => ex.ledger().deliveryOf(LISTING)?.delivered ?? 0,
  };
}
