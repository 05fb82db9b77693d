/**
 * Forwards in the running service (real LMDB journal, the quoter, the listing
 * schedule; docs/forwards.md): the schedule lists the next weekly windows forward,
 * the broker quotes them, a provider sells forward against its pledge and a consumer
 * buys; at the window's open the schedule delivers (in bounded commands) and a
 * restart keeps the result. The timers are off: the test moves the injected clock and
 * calls `runSchedule()` and the quoter's `tick()`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startService, type Service } from '../../src/service.js';
import {
  CommandKind,
  DeliveryPhase,
  EventType,
  Journal,
  OrderType,
  recover,
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
const NOW = Date.UTC(2026, 10, 21, 12);
const CONTRACT = 'AUTO_INTENT|7D|0.70-0.85';
const logger = createLogger('silent');
let dir: string;
let config: Config;
let now = NOW;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-forwards-'));
  now = NOW;
  config = loadConfig({}, {
    dataDir: dir,
    sequencer: { maxBatchCommands: 64, maxQueuedCommands: 10_000, maxUncommittedCommands: 1024, snapshotEveryCommands: 0, snapshotEveryMs: 0 },
    quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 60_000, params: { 'quoting.levels': 2 } },
    gateway: { port: 0, marketDataPort: 0 },
    settlement: { enabled: false },
    scheduleIntervalMs: 3_600_000,
  });
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function send(svc: Service, cmd: Command): Promise<EngineEvent[]> {
  return (await svc.sequencer.submit(cmd)).events;
}

function order(actor: number, seriesId: number, side: Side, priceMicros: number, qty: number): Command {
  return { kind: CommandKind.NEW_ORDER, actor, seriesId, clientOrderId: 0, side, orderType: OrderType.LIMIT, tif: TimeInForce.IOC, priceMicros, qty, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST };
}

async function account(svc: Service, role: Role, ref: string): Promise<number> {
  const opened = (await send(svc, { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role, address: '' })).find((e) => e.type === EventType.ACCOUNT_OPENED);
  if (opened === undefined) throw new Error('account not opened');
  await send(svc, { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: opened.accountId, amountWei: 10n ** 21n, ref });
  // What the catalog sends once a provider's listing for the segment is published.
  if (role === Role.PROVIDER) await send(svc, { kind: CommandKind.SET_PROVIDER_LISTING, actor: SYSTEM_ACTOR, accountId: opened.accountId, segment: 'AUTO_INTENT', listingId: 1, listingVersion: 1 });
  return opened.accountId;
}

function forwardsOf(svc: Service): Series[] {
  return svc.engine.series.filter((s): s is Series => s !== undefined && s.spec.contract === CONTRACT && s.spec.kind === SeriesKind.FORWARD).sort((a, b) => a.spec.openAtMs - b.spec.openAtMs);
}

async function quoteTurn(svc: Service): Promise<void> {
  svc.quoting!.tick();
  await svc.sequencer.drain();
}

describe('forwards in the service', () => {
  it('lists the next 4 weekly windows forward, quotes them, trades them, and delivers the first at its open', async () => {
    let svc = await startService(config, logger, () => now);
    try {
      const forwards = forwardsOf(svc);
      expect(forwards).toHaveLength(4);
      expect(forwards.map((s) => (s.spec.openAtMs - forwards[0]!.spec.openAtMs) / (7 * 86_400_000))).toEqual([0, 1, 2, 3]);
      await quoteTurn(svc);
      const f = forwards[0]!;
      // The broker quotes both sides: it may sell short (risk.brokerMaxForwardShort) against collateral.
      expect(f.quoteBidIds.length).toBeGreaterThan(0);
      expect(f.quoteAskIds.length).toBeGreaterThan(0);
      const bid = svc.engine.orders.get(f.quoteBidIds[0]!)!.priceMicros;
      const ask = svc.engine.orders.get(f.quoteAskIds[0]!)!.priceMicros;

      const provider = await account(svc, Role.PROVIDER, 'p');
      const consumer = await account(svc, Role.CONSUMER, 'c');
      expect(await send(svc, { kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId: f.id, capacity: 20 })).toEqual([expect.objectContaining({ type: EventType.CAPACITY_DECLARED })]);
      const sold = (await send(svc, order(provider, f.id, Side.SELL, bid, 8))).filter((e) => e.type === EventType.FILL);
      expect(sold.reduce((n, e) => n + (e.type === EventType.FILL ? e.qty : 0), 0)).toBe(8);
      const bought = (await send(svc, order(consumer, f.id, Side.BUY, ask, 5))).filter((e) => e.type === EventType.FILL);
      expect(bought.reduce((n, e) => n + (e.type === EventType.FILL ? e.qty : 0), 0)).toBe(5);
      const providerPat = svc.engine.account(provider)!.availableMicros + svc.engine.account(provider)!.lockedMicros;
      expect(svc.engine.account(provider)!.lockedMicros).toBeGreaterThan(8 * bid);

      // The window opens: the schedule lists its spot series and delivers the forward.
      now = f.spec.openAtMs + 1_000;
      await svc.runSchedule();
      expect(f.status).toBe(SeriesStatus.EXPIRED);
      expect(f.forward!.phase).toBe(DeliveryPhase.DONE);
      const spot = svc.engine.series[f.forward!.spotSeriesId]!;
      expect(spot.spec.kind).toBe(SeriesKind.SPOT);
      expect(spot.spec.openAtMs).toBe(f.spec.openAtMs);
      expect(svc.engine.account(consumer)!.positions.get(spot.id)!.available).toBe(5);
      // The provider delivered all 8 (to the broker) and was paid: escrow and collateral released.
      expect(svc.engine.account(provider)!.lockedMicros).toBe(0);
      expect(svc.engine.account(provider)!.availableMicros).toBe(providerPat);
      expect(svc.engine.account(provider)!.positions.get(spot.id)!.minted).toBe(8);
      // A new forward took its place four windows out.
      expect(forwardsOf(svc).filter((s) => s.status !== SeriesStatus.EXPIRED)).toHaveLength(4);

      // The daily forwards whose windows passed while the clock jumped five days lapsed: refunded, nothing pending.
      expect(svc.engine.series.filter((s) => s?.forward !== undefined && s.spec.openAtMs <= now && s.forward.phase !== DeliveryPhase.DONE)).toEqual([]);
      const hash = svc.sequencer.stateHash();
      await svc.stop();
      const journal = Journal.open(dir, { durability: 'commit', readOnly: true });
      expect(recover(journal).stateHash).toBe(hash);
      await journal.close();
      svc = await startService(config, logger, () => now);
      // The consumer uses what was delivered: an exercise redeems the provider's delivered supply.
      const ex = (await send(svc, { kind: CommandKind.EXERCISE, actor: consumer, seriesId: spot.id, qty: 5 })).find((e) => e.type === EventType.RIGHTS_EXERCISED);
      expect(ex).toBeDefined();
      expect(ex!.type === EventType.RIGHTS_EXERCISED && ex!.redemptions.map((r) => r.providerAccountId)).toEqual([provider]);
    } finally {
      await svc.stop();
    }
  });
});
