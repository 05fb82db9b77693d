/**
 * The running service with the quoter on, for the quoting-service tests (test/quoting/*.test.ts,
 * test/app/forwards.test.ts): a fresh data directory and config per test, off-chain (the
 * broker float is then a direct credit), the quoter's timer and the snapshots off, and a clock
 * the test moves (`q.now`); the quoter runs when the test calls `quoteTurn`, the listing
 * schedule when it calls `svc.runSchedule()` (and once at start).
 *
 * The schedule's own timer is an hour here, not the service's 1 s: the clock is the test's, so a
 * wall-clock timer means nothing but a schedule run at an unknown point between a test's steps
 * (on a loaded machine it listed phase 4's strike grid between an options test's turns).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { loadConfig, type Config } from '../../src/app/config.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService, type Service } from '../../src/app/service.js';
import { openSpots } from './spot-windows.js';
import {
  CommandKind,
  EventType,
  OrderType,
  Role,
  SelfTradePrevention,
  SeriesKind,
  SeriesStatus,
  Side,
  SYSTEM_ACTOR,
  TimeInForce,
  type Command,
  type EngineEvent,
  type Series,
} from '../../src/engine/index.js';

/** A Saturday noon: weekly windows (epoch 0) open on Thursdays. */
export const NOW = Date.UTC(2026, 10, 21, 12);
export const CONTRACT = 'AUTO_INTENT|7D|0.70-0.85';
/** The listing schedule's timer in these tests: longer than any test, so it never fires (the schedule runs when a test calls it). */
export const SCHEDULE_OUT_OF_THE_WAY_MS = 3_600_000;
/** The operator's account in a fresh service. */
export const OPERATOR = 2;
export const logger = createLogger('silent');

export interface QuotingService {
  /** This test's data directory. */
  readonly dir: string;
  /** This test's config (a test may replace it before `start`). */
  config: Config;
  /** The service's clock, reset to NOW before each test. */
  now: number;
  /** Starts the service on `config` and the clock `now`. */
  start(): Promise<Service>;
}

/**
 * Registers a fresh directory and config before each test (removed after it): the quoter on with
 * `quotingParams` (by default two levels and orders up to 50,000), `extra` beside the rest.
 */
export function useQuotingService(
  prefix: string,
  opts: { quotingParams?: Record<string, number>; extra?: Record<string, unknown> } = {},
): QuotingService {
  let dir = '';
  const q: QuotingService = {
    get dir() {
      return dir;
    },
    config: undefined as unknown as Config,
    now: NOW,
    start: () => startService(q.config, logger, () => q.now),
  };
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    q.now = NOW;
    q.config = loadConfig({}, {
      dataDir: dir,
      sequencer: { maxBatchCommands: 64, maxQueuedCommands: 10_000, maxUncommittedCommands: 1024, snapshotEveryCommands: 0, snapshotEveryMs: 0 },
      quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 60_000, params: opts.quotingParams ?? { 'quoting.levels': 2, 'risk.maxOrderQty': 50_000 } },
      gateway: { port: 0, marketDataPort: 0 },
      // Off-chain: the broker float is then a direct credit (with settlement on it is a vault deposit; test/settlement/embedded.test.ts).
      settlement: { enabled: false },
      // The schedule runs when the test says (svc.runSchedule()), never by a wall-clock timer mid-test: see above.
      scheduleIntervalMs: SCHEDULE_OUT_OF_THE_WAY_MS,
      ...opts.extra,
    });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return q;
}

export async function send(svc: Service, cmd: Command): Promise<EngineEvent[]> {
  return (await svc.sequencer.submit(cmd)).events;
}

/** One quoting turn, then wait until its mass quotes are journaled and released. */
export async function quoteTurn(svc: Service): Promise<number> {
  const n = svc.quoting!.tick();
  await svc.sequencer.drain();
  return n;
}

/** An immediate-or-cancel limit order. */
export function iocOrder(actor: number, seriesId: number, side: Side, priceMicros: number, qty: number): Command {
  return { kind: CommandKind.NEW_ORDER, actor, seriesId, clientOrderId: 0, side, orderType: OrderType.LIMIT, tif: TimeInForce.IOC, priceMicros, qty, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST };
}

/**
 * A started service ready for options on its open spot window: mints need no listing, the spot quoted once (it has a
 * reference), phase 4. Answers the spot series.
 */
/** A new provider sells `qty` rights into the broker's best bid (capacity declared, minted first); returns the fill's seq. */
export async function providerSellsIntoBid(svc: Service, seriesId: number, qty: number): Promise<number> {
  const provider = (await send(svc, { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '' })).find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
  await send(svc, { kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId, capacity: qty });
  await send(svc, { kind: CommandKind.MINT, actor: provider, seriesId, qty });
  const bid = svc.engine.orders.get(svc.engine.series[seriesId]!.quoteBidIds[0]!)!.priceMicros;
  const fill = (await send(svc, iocOrder(provider, seriesId, Side.SELL, bid, qty))).find((e) => e.type === EventType.FILL);
  expect(fill, `the provider's sale of ${qty} into the bid ${bid} filled`).toBeDefined();
  return fill!.seq;
}

/** The quantities of a series' trades, newest first, as GET /v1/trades lists them. */
export async function tradeQtys(svc: Service, seriesId: number): Promise<number[]> {
  const res = await fetch(`http://127.0.0.1:${svc.gateway.port}/v1/trades?seriesId=${seriesId}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { trades: Array<{ qty: number }> }).trades.map((t) => t.qty);
}

export async function optionsWindow(svc: Service, nowMs: number): Promise<Series> {
  await send(svc, { kind: CommandKind.SET_PARAM, actor: OPERATOR, name: 'risk.mintRequiresListing', value: 0 });
  const spot = openSpot(svc, nowMs);
  await quoteTurn(svc);
  await send(svc, { kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 4 });
  return spot;
}

/** The broker's P&L in rights alone (what a derivative's fill must leave as it was). */
export function rightsPnl(svc: Service): object {
  const { realizedMicros, unrealizedMicros, expiredMicros, inventoryCostMicros, inventoryValueMicros, boughtQty, soldQty } = svc.quoting!.pnl();
  return { realizedMicros, unrealizedMicros, expiredMicros, inventoryCostMicros, inventoryValueMicros, boughtQty, soldQty };
}

/** The contract's spot series open at `nowMs`. */
export function openSpot(svc: Service, nowMs: number, contract = CONTRACT): Series {
  return openSpots(svc.engine, nowMs, { contract, trading: false })[0]!;
}

/** Lists a series of `kind` on the spot's window (the spot's spec with `overrides`); fails unless listed. */
export async function listOnWindow(svc: Service, spot: Series, kind: SeriesKind, overrides: Record<string, number> = {}): Promise<Series> {
  const listed = await send(svc, { ...spot.spec, kind: CommandKind.LIST_SERIES, actor: OPERATOR, seriesKind: kind, ...overrides });
  const ev = listed.find((e) => e.type === EventType.SERIES_LISTED);
  if (ev === undefined) throw new Error(`series of kind ${kind} not listed: ${JSON.stringify(listed)}`);
  return svc.engine.seriesById(ev.seriesId)!;
}

/** A consumer account the operator qualifies as an institution, credited 1,000 PAT; returns its id. */
export async function openInstitution(svc: Service): Promise<number> {
  const opened = (await send(svc, { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: '' })).find((e) => e.type === EventType.ACCOUNT_OPENED)!;
  const institution = opened.accountId;
  await send(svc, { kind: CommandKind.SET_INSTITUTION, actor: OPERATOR, accountId: institution, qualified: true });
  await send(svc, { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: institution, amountWei: 10n ** 21n, ref: 'inst' });
  return institution;
}

/**
 * A quote in `series` refused backs off (doubling) instead of being resent every turn: a halt
 * queued ahead of the next quote (made to differ) has it computed while the series trades and
 * refused when applied; the quoter waits a second before computing another, and once the series
 * trades again its next quote is accepted and the backoff ends. Stops the service.
 */
export async function expectRefusedQuoteBacksOff(svc: Service, qs: QuotingService, series: Series): Promise<void> {
  const sq = svc.quoting!.series(series.id)!;
  await send(svc, { kind: CommandKind.SET_PARAM, actor: OPERATOR, name: 'quoting.levelQty', value: 5 }); // the next quote differs
  const halt = svc.sequencer.submit({ kind: CommandKind.SET_SERIES_STATUS, actor: OPERATOR, seriesId: series.id, status: SeriesStatus.HALTED });
  qs.now += 1_000;
  svc.quoting!.tick();
  await halt;
  await svc.sequencer.drain();
  expect(svc.quoting!.stats.quotesRejected).toBe(1);
  expect(sq.backoffMs).toBe(1_000);
  expect(sq.retryAtMs).toBe(qs.now + 1_000);
  await send(svc, { kind: CommandKind.SET_SERIES_STATUS, actor: OPERATOR, seriesId: series.id, status: SeriesStatus.TRADING });
  const refusedAt = sq.lastQuotedAtMs;
  await quoteTurn(svc); // still backing off: not even computed
  expect(sq.lastQuotedAtMs).toBe(refusedAt);
  qs.now += 1_000;
  await quoteTurn(svc);
  expect(sq.lastQuotedAtMs).toBe(qs.now);
  expect(sq.backoffMs).toBe(0); // accepted: back to normal
  expect(series.quoteBidIds.length).toBeGreaterThan(0);
  await svc.stop();
}
