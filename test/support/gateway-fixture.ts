/**
 * A whole PATX service (real LMDB journal, real uWS server on 127.0.0.1, port
 * chosen by the OS) for gateway tests, plus helpers that set up a market
 * through the sequencer the way the rest of the system would: the chain watcher
 * credits deposits, providers mint and sell to the broker, the broker quotes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { keccak256, toUtf8Bytes, Wallet } from 'ethers';
import { loadConfig, type Config } from '../../src/app/config.js';
import {
  CommandKind,
  EventType,
  Role,
  Side,
  SYSTEM_ACTOR,
  TimeInForce,
  WEI_PER_MICRO,
  type Command,
  type CommandResult,
  type EngineEvent,
  type SeriesKind,
} from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService, type Service } from '../../src/app/service.js';
import { limitOrder } from './exchange-fixture.js';
import type { MountedRoute } from '../../src/gateway/index.js';
import { MarketDataClient, TradingClient, wire, type TradingClientOptions } from '../../src/client/index.js';

export const OPERATOR_TOKEN = 'test-operator-token-0123456789';
export const PAT_MICROS = 1_000_000;

/** A deterministic wallet per index (tests must replay the same way). */
export function testWallet(i: number): Wallet {
  return new Wallet(keccak256(toUtf8Bytes(`patx-test-wallet-${i}`)));
}

export interface GatewayFixture {
  service: Service;
  config: Config;
  dir: string;
  tradeUrl: string;
  marketUrl: string;
  httpUrl: string;
  /** The first live demo series. */
  seriesId: number;
  submit(cmd: Command): Promise<CommandResult>;
  /** Submits a command; throws if it (or its order) is refused. Returns its events. */
  submitOk(cmd: Command): Promise<EngineEvent[]>;
  /** Lists a series (tick 0.001 PAT, lot 1, prices 0.001–10 PAT, orders up to 100,000); returns its id. */
  listSeries(spec: { contract: string; kind: SeriesKind; openAtMs: number; closeAtMs: number; bandBps: number; strikeMicros?: number }): Promise<number>;
  /** The broker's bid in a spot series with a reference price: with no two-sided sample and no trade, the index is the reference. */
  quoteReference(spotSeriesId: number, referencePriceMicros: number): Promise<EngineEvent[]>;
  connect(wallet: Wallet, options?: Omit<TradingClientOptions, 'wallet'>): Promise<TradingClient>;
  market(): Promise<MarketDataClient>;
  /** Credits PAT to an account as the chain watcher would. */
  fund(accountId: number, pat: number): Promise<void>;
  /** Gives the broker `qty` rights in the series, bought from a fresh provider at `priceMicros`. */
  stockBroker(qty: number, priceMicros: number): Promise<void>;
  /** Broker quotes (mass quote) with one level a side. */
  quote(bid: { priceMicros: number; qty: number } | undefined, ask: { priceMicros: number; qty: number } | undefined): Promise<CommandResult>;
  stop(): Promise<void>;
}

let refCounter = 0;

/** `clock`: the service's clock (the wall clock unless a test drives time itself). */
export async function startGatewayFixture(
  gateway: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
  routes: readonly MountedRoute[] = [],
  clock: () => number = Date.now,
): Promise<GatewayFixture> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-gw-'));
  const config = loadConfig(
    {},
    {
      dataDir: dir,
      // A raw feed (every turn publishes) unless a test asks for pacing: tests count the messages turns make.
      // Every test client is 127.0.0.1, so a test's wallets all open their accounts from one address.
      gateway: { port: 0, marketDataPort: 0, operatorToken: OPERATOR_TOKEN, heartbeatIntervalMs: 1_000, heartbeatTimeoutMs: 10_000, marketDataIntervalMs: 0, maxAccountsOpenedPerAddressPerHour: 1_000, ...gateway },
      sequencer: { maxBatchCommands: 1024, maxQueuedCommands: 100_000, maxUncommittedCommands: 8192, snapshotEveryCommands: 0, snapshotEveryMs: 0 },
      // The tests quote for the broker themselves (`quote`), so that books are what they set up.
      quoting: { enabled: false },
      settlement: { enabled: false }, // settlement has its own tests with a real chain (test/settlement)
      // The start lists the current series; a schedule run mid-test (the hourly series lists at
      // hh:50 and rolls at hh:00) would add commands to tests that count the engine's seqs.
      scheduleIntervalMs: 3_600_000,
      ...extra,
    },
  );
  // A start that fails (the TLS and plaintext tests' refusals) leaves no data directory behind.
  const service = await startService(config, createLogger(process.env.PATX_TEST_LOG ?? 'silent'), clock, { routes }).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  const base = `127.0.0.1:${service.gateway.port}`;
  const marketUrl = `ws://127.0.0.1:${service.gateway.marketData.port}/v1/market`;
  const seriesId = service.engine.series.find((s) => s !== undefined && s.status === 1)!.id;
  const submit = (cmd: Command): Promise<CommandResult> => service.sequencer.submit(cmd);
  const brokerId = service.engine.brokerId;
  const fund = async (accountId: number, pat: number): Promise<void> => {
    const r = await submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId, amountWei: BigInt(pat) * BigInt(PAT_MICROS) * WEI_PER_MICRO, ref: `test:${++refCounter}` });
    if (r.events[0]?.type !== EventType.DEPOSIT_CREDITED) throw new Error(`deposit refused: ${JSON.stringify(r.events)}`);
  };
  const submitOk = async (cmd: Command): Promise<EngineEvent[]> => {
    const { events } = await submit(cmd);
    const refused = events.find((e) => e.type === EventType.COMMAND_REJECTED || e.type === EventType.ORDER_REJECTED);
    if (refused !== undefined) throw new Error(`refused: ${JSON.stringify(refused)}`);
    return events;
  };
  return {
    service,
    config,
    dir,
    tradeUrl: `ws://${base}/v1/trade`,
    marketUrl,
    httpUrl: `http://${base}`,
    seriesId,
    submit,
    submitOk,
    async listSeries({ contract, kind, openAtMs, closeAtMs, bandBps, strikeMicros }) {
      const events = await submitOk({
        kind: CommandKind.LIST_SERIES,
        actor: SYSTEM_ACTOR,
        contract,
        seriesKind: kind,
        openAtMs,
        closeAtMs,
        tickMicros: 1_000,
        lotSize: 1,
        minPriceMicros: 1_000,
        maxPriceMicros: 10 * PAT_MICROS,
        maxOrderQty: 100_000,
        bandBps,
        ...(strikeMicros !== undefined ? { strikeMicros } : {}),
      });
      const listed = events.find((e) => e.type === EventType.SERIES_LISTED);
      if (listed?.type !== EventType.SERIES_LISTED) throw new Error('not listed');
      return listed.seriesId;
    },
    quoteReference(spotSeriesId, referencePriceMicros) {
      return submitOk({
        kind: CommandKind.MASS_QUOTE,
        actor: brokerId,
        seriesId: spotSeriesId,
        bids: { priceMicros: [referencePriceMicros - 100_000], qty: [1] },
        asks: { priceMicros: [], qty: [] },
        referencePriceMicros,
      });
    },
    connect: (wallet, options = {}) => TradingClient.connect(`ws://${base}/v1/trade`, { ...options, wallet }),
    market: () => MarketDataClient.connect(marketUrl),
    fund,
    async stockBroker(qty, priceMicros) {
      const opened = await submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '' });
      const provider = (opened.events[0] as { accountId: number }).accountId;
      await fund(brokerId, Math.ceil((qty * priceMicros) / PAT_MICROS) + 10_000); // and cash to quote bids with
      await submit({ kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId, capacity: qty });
      await submit({ kind: CommandKind.MINT, actor: provider, seriesId, qty });
      await submit(limitOrder(provider, seriesId, Side.SELL, priceMicros, qty));
      const bought = await submit(limitOrder(brokerId, seriesId, Side.BUY, priceMicros, qty, TimeInForce.IOC));
      if (!bought.events.some((e) => e.type === EventType.FILL)) throw new Error(`broker did not buy: ${JSON.stringify(bought.events)}`);
    },
    async quote(bid, ask) {
      const r = await submit({
        kind: CommandKind.MASS_QUOTE,
        actor: brokerId,
        seriesId,
        bids: { priceMicros: bid ? [bid.priceMicros] : [], qty: bid ? [bid.qty] : [] },
        asks: { priceMicros: ask ? [ask.priceMicros] : [], qty: ask ? [ask.qty] : [] },
        referencePriceMicros: 0,
      });
      if (r.events.some((e) => e.type === EventType.COMMAND_REJECTED)) throw new Error(`quote refused: ${JSON.stringify(r.events)}`);
      return r;
    },
    async stop() {
      try {
        await service.stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * The broker's bids, one at each of the series' lowest `levels` prices: a book that deep makes every snapshot
 * of it tens of KB (the slow-consumer and shutdown tests). The broker's: under the BROKER rule a customer's bid
 * waits for the broker's asks and is on no BOOK (market-feed.ts).
 */
export async function restDeepBook(fx: GatewayFixture, levels: number): Promise<void> {
  const brokerId = fx.service.engine.brokerId;
  await fx.fund(brokerId, 1_000_000);
  const { minPriceMicros, tickMicros } = fx.service.engine.series[fx.seriesId]!.spec;
  await Promise.all(Array.from({ length: levels }, (_, i) => fx.submitOk(limitOrder(brokerId, fx.seriesId, Side.BUY, minPriceMicros + i * tickMicros, 1))));
}

/** A wallet with a PROVIDER account (its first login opens it), logged out again. */
export async function openProvider(fx: Pick<GatewayFixture, 'connect'>, i: number): Promise<Wallet> {
  const w = testWallet(i);
  const c = await fx.connect(w, { role: wire.Role.PROVIDER });
  await c.close();
  return w;
}
