/**
 * Forwards in the running service (real LMDB journal, the quoter, the listing
 * schedule; docs/forwards.md): the schedule lists the next weekly windows forward,
 * the broker quotes them, a provider sells forward against its pledge and a consumer
 * buys; at the window's open the schedule delivers (in bounded commands) and a
 * restart keeps the result. The timers are off: the test moves the injected clock and
 * calls `runSchedule()` and the quoter's `tick()`.
 */
import { describe, expect, it } from 'vitest';
import type { Service } from '../../src/app/service.js';
import {
  CommandKind,
  DeliveryPhase,
  EventType,
  Journal,
  recover,
  Role,
  SeriesKind,
  SeriesStatus,
  Side,
  SYSTEM_ACTOR,
  type Series,
} from '../../src/engine/index.js';
import { CONTRACT, iocOrder as order, quoteTurn, send, useQuotingService } from '../support/quoting-service.js';

const qs = useQuotingService('patx-forwards-', { quotingParams: { 'quoting.levels': 2 } });

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

describe('forwards in the service', () => {
  it('lists the next 4 weekly windows forward, quotes them, trades them, and delivers the first at its open', async () => {
    let svc = await qs.start();
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
      qs.now = f.spec.openAtMs + 1_000;
      await svc.runSchedule();
      expect(f.status).toBe(SeriesStatus.EXPIRED);
      expect(f.forward!.phase).toBe(DeliveryPhase.DONE);
      const spot = svc.engine.series[f.forward!.spotSeriesId]!;
      expect(spot.spec.kind).toBe(SeriesKind.SPOT);
      expect(spot.spec.openAtMs).toBe(f.spec.openAtMs);
      expect(svc.engine.account(consumer)!.positions.get(spot.id)!.available).toBe(5);
      // The provider delivered all 8 (to the broker): its collateral is free again; under rules 3 (which the service
      // adopts) delivery is a sale, so the forward proceeds stay held until consumers are served (docs/delivery.md).
      const proceeds = 8 * bid;
      expect(svc.engine.account(provider)!.lockedMicros).toBe(proceeds);
      expect(svc.engine.account(provider)!.proceedsHeldMicros).toBe(proceeds);
      expect(svc.engine.account(provider)!.availableMicros).toBe(providerPat - proceeds);
      expect(svc.engine.account(provider)!.positions.get(spot.id)!.minted).toBe(8);
      // A new forward took its place four windows out.
      expect(forwardsOf(svc).filter((s) => s.status !== SeriesStatus.EXPIRED)).toHaveLength(4);

      // The daily forwards whose windows passed while the clock jumped five days lapsed: refunded, nothing pending.
      expect(svc.engine.series.filter((s) => s?.forward !== undefined && s.spec.openAtMs <= qs.now && s.forward.phase !== DeliveryPhase.DONE)).toEqual([]);
      const hash = svc.sequencer.stateHash();
      await svc.stop();
      const journal = Journal.open(qs.dir, { durability: 'commit', readOnly: true });
      expect(recover(journal).stateHash).toBe(hash);
      await journal.close();
      svc = await qs.start();
      // The consumer uses what was delivered: an exercise redeems the provider's delivered supply.
      const ex = (await send(svc, { kind: CommandKind.EXERCISE, actor: consumer, seriesId: spot.id, qty: 5 })).find((e) => e.type === EventType.RIGHTS_EXERCISED);
      expect(ex).toBeDefined();
      expect(ex!.type === EventType.RIGHTS_EXERCISED && ex!.redemptions.map((r) => r.providerAccountId)).toEqual([provider]);
      // Their share of the held proceeds now stands behind the consumer's grant.
      const escrowed = svc.engine.escrow.grants.get(ex!.type === EventType.RIGHTS_EXERCISED ? ex!.redemptions[0]!.grantId : 0);
      expect(escrowed).toMatchObject({ providerAccountId: provider, consumerAccountId: consumer, qty: 5, heldMicros: 5 * bid });
    } finally {
      await svc.stop();
    }
  });
});
