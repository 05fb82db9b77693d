/**
 * Forwards (phase 2, docs/forwards.md): pledges, forward sales with collateral and
 * escrow, the broker's short limits, and delivery at the window's open with its
 * shortfall rules. Every command goes through the fixture, which checks the engine's
 * accounting invariants after each one.
 */
import { describe, expect, it } from 'vitest';
import {
  CommandKind,
  EventType,
  RejectReason,
  SeriesKind,
  SeriesStatus,
  SYSTEM_ACTOR,
  Side,
  TimeInForce,
  decodeState,
  encodeState,
  stateHash,
  type EngineEvent,
  type ForwardDelivered,
} from '../../src/engine/index.js';
import { DAY_MS, HOUR_MS, PAT, T0, WINDOW_MS, createFixture, expectRefused, fills, ofType, rejectionName, type EngineFixture } from '../support/engine-fixture.js';

/** The next window: its spot series and its forward, listed now (the default series' window is open). */
const NEXT_OPEN = T0 + WINDOW_MS;

interface ForwardMarket {
  fx: EngineFixture;
  spot: number;
  forward: number;
}

function forwardMarket(opts: { collateralBps?: number } = {}): ForwardMarket {
  const fx = createFixture({ consumers: 3, providers: 2, brokerRights: 0 });
  if (opts.collateralBps !== undefined) setParam(fx, 'risk.forwardCollateralBps', opts.collateralBps);
  const spot = fx.newSeries({ openAtMs: NEXT_OPEN });
  const forward = fx.newSeries({ openAtMs: NEXT_OPEN, seriesKind: SeriesKind.FORWARD });
  for (const p of fx.providers) fx.deposit(p, 100 * PAT);
  return { fx, spot, forward };
}

function setParam(fx: EngineFixture, name: string, value: number): void {
  const ev = fx.submit({ kind: CommandKind.SET_PARAM, actor: fx.operator, name, value });
  expect(rejectionName(ev)).toBe('NONE');
}

function pledge(fx: EngineFixture, provider: number, qty: number, seriesId: number): EngineEvent[] {
  return fx.declareCapacity(provider, qty, seriesId);
}

function deliver(fx: EngineFixture, seriesId: number, maxPositions = 1_000, cutoffMs = NEXT_OPEN): EngineEvent[] {
  return fx.submit({ kind: CommandKind.DELIVER_FORWARDS, actor: SYSTEM_ACTOR, seriesId, cutoffMs, maxPositions }, Math.max(fx.nowMs, cutoffMs));
}

function deliveredTo(events: EngineEvent[], accountId: number): ForwardDelivered {
  const e = ofType(events, EventType.FORWARD_DELIVERED).find((d) => d.accountId === accountId);
  if (e === undefined) throw new Error(`no delivery for account ${accountId}`);
  return e;
}

describe('forward sales', () => {
  it('a provider sells forward within its pledge; the fill locks proceeds in escrow and collateral (20% of the price)', () => {
    const { fx, forward } = forwardMarket();
    const [provider] = fx.providers as [number];
    expect(rejectionName(fx.sell(provider, 500_000, 10, { seriesId: forward }))).toBe('CAPACITY_EXCEEDED');
    pledge(fx, provider, 100, forward);
    const before = fx.available(provider);
    fx.sell(provider, 500_000, 10, { seriesId: forward });
    // The resting sale holds 10 × 20% × 0.5 PAT of collateral.
    expect(fx.held(provider)).toBe(1 * PAT);
    expect(fx.available(provider)).toBe(before - 1 * PAT);
    const ev = fx.buy(fx.broker, 500_000, 10, { seriesId: forward, tif: TimeInForce.IOC });
    expect(fills(ev)).toHaveLength(1);
    const p = fx.acct(provider).positions.get(forward)!;
    expect(p.available).toBe(-10);
    expect(p.escrowMicros).toBe(5 * PAT);
    expect(p.collateralMicros).toBe(1 * PAT);
    expect(fx.acct(provider).lockedMicros).toBe(6 * PAT);
    expect(fx.held(provider)).toBe(0);
    // Proceeds are not free until delivery.
    expect(fx.available(provider)).toBe(before - 1 * PAT);
    expect(fx.acct(fx.broker).positions.get(forward)!.available).toBe(10);
    expect(fx.acct(fx.broker).positions.get(forward)!.costMicros).toBe(5 * PAT);
  });

  it('refuses a provider without collateral, and one beyond its pledge', () => {
    const { fx, forward } = forwardMarket();
    const poor = fx.newAccount(2);
    pledge(fx, poor, 100, forward);
    expectRefused(fx, RejectReason.INSUFFICIENT_COLLATERAL, () => fx.sell(poor, 500_000, 10, { seriesId: forward }));
    const [provider] = fx.providers as [number];
    pledge(fx, provider, 5, forward);
    expectRefused(fx, RejectReason.CAPACITY_EXCEEDED, () => fx.sell(provider, 500_000, 6, { seriesId: forward }));
  });

  it('consumers buy and never sell; forwards are neither minted nor exercised', () => {
    const { fx, forward } = forwardMarket();
    const [c] = fx.consumers as [number];
    const [provider] = fx.providers as [number];
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.sell(c, 500_000, 1, { seriesId: forward }));
    pledge(fx, provider, 10, forward);
    expectRefused(fx, RejectReason.NOT_EXERCISABLE, () => fx.mint(provider, 1, forward));
    expectRefused(fx, RejectReason.NOT_EXERCISABLE, () => fx.exercise(c, 1, forward));
  });

  it('the broker sells short within its forward limits, per series and per window group', () => {
    const { fx, forward } = forwardMarket();
    setParam(fx, 'risk.brokerMaxForwardShort', 20);
    expectRefused(fx, RejectReason.EXPOSURE_LIMIT_SERIES, () => fx.sell(fx.broker, 600_000, 21, { seriesId: forward }));
    fx.sell(fx.broker, 600_000, 20, { seriesId: forward });
    expect(fx.acct(fx.broker).positions.get(forward)!.available).toBe(-20);
    const later = fx.newSeries({ openAtMs: NEXT_OPEN + WINDOW_MS, seriesKind: SeriesKind.FORWARD });
    setParam(fx, 'risk.brokerMaxForwardShortWindow', 30);
    expectRefused(fx, RejectReason.EXPOSURE_LIMIT_WINDOW, () => fx.sell(fx.broker, 600_000, 11, { seriesId: later }));
    fx.sell(fx.broker, 600_000, 10, { seriesId: later });
  });

  it('trading stops at the window open; spot windows are unaffected by forward books', () => {
    const { fx, forward } = forwardMarket();
    fx.nowMs = NEXT_OPEN;
    expectRefused(fx, RejectReason.SERIES_EXPIRED, () => fx.buy(fx.consumers[0]!, 600_000, 1, { seriesId: forward }));
    expectRefused(fx, RejectReason.DELIVERY_REQUIRED, () => fx.expireSeries(NEXT_OPEN + WINDOW_MS, forward));
  });

  it('an amend re-checks the sale at its new price and moves the collateral hold', () => {
    const { fx, forward } = forwardMarket();
    const [provider] = fx.providers as [number];
    pledge(fx, provider, 100, forward);
    const id = fx.place(provider, Side.SELL, 500_000, 10, { seriesId: forward });
    expect(fx.held(provider)).toBe(1 * PAT);
    expect(rejectionName(fx.amend(provider, id, 10, 1_000_000))).toBe('NONE');
    expect(fx.held(provider)).toBe(2 * PAT);
    expect(rejectionName(fx.amend(provider, id, 200, 1_000_000))).toBe('CAPACITY_EXCEEDED');
    fx.cancel(provider, id);
    expect(fx.held(provider)).toBe(0);
  });
});

/** Provider 0 sells 10 forward to the broker at 0.5; consumers buy 6 and 4 from the broker at 0.6. */
function tradedForward(opts: { collateralBps?: number } = {}): ForwardMarket & { provider: number; c1: number; c2: number } {
  const m = forwardMarket(opts);
  const { fx, forward } = m;
  const [provider] = fx.providers as [number];
  const [c1, c2] = fx.consumers as [number, number];
  pledge(fx, provider, 10, forward);
  fx.sell(provider, 500_000, 10, { seriesId: forward });
  fx.buy(fx.broker, 500_000, 10, { seriesId: forward, tif: TimeInForce.IOC });
  fx.sell(fx.broker, 600_000, 10, { seriesId: forward });
  fx.buy(c1, 600_000, 6, { seriesId: forward });
  fx.buy(c2, 600_000, 4, { seriesId: forward });
  return { ...m, provider, c1, c2 };
}

describe('delivery at the window open', () => {
  it('refuses before the open, for a non-forward, and from anyone but the system', () => {
    const { fx, forward, spot } = tradedForward();
    expectRefused(fx, RejectReason.EXPIRY_TOO_EARLY, () => fx.submit({ kind: CommandKind.DELIVER_FORWARDS, actor: SYSTEM_ACTOR, seriesId: forward, cutoffMs: NEXT_OPEN - 1, maxPositions: 10 }));
    expectRefused(fx, RejectReason.NOT_A_FORWARD, () => deliver(fx, spot));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.submit({ kind: CommandKind.DELIVER_FORWARDS, actor: fx.operator, seriesId: forward, cutoffMs: NEXT_OPEN, maxPositions: 10 }));
    expectRefused(fx, RejectReason.INVALID_QUANTITY, () => deliver(fx, forward, 0));
  });

  it('delivers in full: providers mint into the spot series, buyers receive, escrow and collateral are released', () => {
    const { fx, forward, spot, provider, c1, c2 } = tradedForward();
    const providerPat = fx.available(provider) + fx.acct(provider).lockedMicros;
    const brokerPat = fx.available(fx.broker) + fx.acct(fx.broker).lockedMicros;
    const ev = deliver(fx, forward);
    expect(fx.series(forward).status).toBe(SeriesStatus.EXPIRED);
    const done = ofType(ev, EventType.FORWARD_DELIVERY_COMPLETED)[0]!;
    expect(done).toMatchObject({ spotSeriesId: spot, providerDeliveredQty: 10, buyerLongQty: 10, buyerDeliveredQty: 10, buyerShortfallQty: 0 });
    expect(deliveredTo(ev, provider)).toMatchObject({ positionQty: -10, deliveredQty: 10, shortfallQty: 0, proceedsMicros: 5 * PAT, collateralReturnedMicros: 1 * PAT, refundMicros: 0, compensationMicros: 0 });
    expect(deliveredTo(ev, c1)).toMatchObject({ positionQty: 6, deliveredQty: 6, refundMicros: 0 });
    expect(fx.rights(c1, spot)).toEqual([6, 0]);
    expect(fx.rights(c2, spot)).toEqual([4, 0]);
    // The provider is paid what it sold for; the broker keeps its spread.
    expect(fx.available(provider)).toBe(providerPat);
    expect(fx.acct(provider).lockedMicros).toBe(0);
    expect(fx.available(fx.broker)).toBe(brokerPat);
    expect(fx.acct(fx.broker).lockedMicros).toBe(0);
    // The delivered rights trace to the provider's supply: an exercise redeems them under its listing.
    fx.nowMs = NEXT_OPEN + HOUR_MS;
    const ex = ofType(fx.exercise(c1, 6, spot), EventType.RIGHTS_EXERCISED)[0]!;
    expect(ex.redemptions).toEqual([expect.objectContaining({ providerAccountId: provider, qty: 6 })]);
    expectRefused(fx, RejectReason.SERIES_EXPIRED, () => deliver(fx, forward));
  });

  it('a provider without a published listing forfeits: the broker is repaid and takes the collateral; buyers are refunded pro rata with the broker\'s collateral', () => {
    const { fx, forward, spot, provider, c1, c2 } = tradedForward();
    setParam(fx, 'risk.mintRequiresListing', 1);
    // The provider's listing was taken down before the open (it was never published in this fixture).
    const brokerBefore = fx.available(fx.broker) + fx.acct(fx.broker).lockedMicros;
    const c1Before = fx.available(c1);
    const ev = deliver(fx, forward);
    expect(deliveredTo(ev, provider)).toMatchObject({ deliveredQty: 0, shortfallQty: 10, proceedsMicros: 0, collateralReturnedMicros: 0, refundMicros: -5 * PAT, compensationMicros: -1 * PAT });
    // The broker has no spot inventory: buyers get their price back and the broker's collateral (20% of 0.6 per right).
    expect(deliveredTo(ev, c1)).toMatchObject({ deliveredQty: 0, shortfallQty: 6, refundMicros: 3_600_000, compensationMicros: 720_000 });
    expect(deliveredTo(ev, c2)).toMatchObject({ deliveredQty: 0, shortfallQty: 4, refundMicros: 2_400_000, compensationMicros: 480_000 });
    expect(fx.rights(c1, spot)).toEqual([0, 0]);
    expect(fx.available(c1)).toBe(c1Before + 3_600_000 + 720_000);
    // The broker got its 5 PAT back plus 1 PAT of the provider's collateral, refunded the buyers' 6 PAT
    // from escrow and paid them 1.2 PAT of its own collateral.
    expect(fx.acct(fx.broker).lockedMicros).toBe(0);
    expect(fx.available(fx.broker) - brokerBefore).toBe(5 * PAT + 1 * PAT - 6 * PAT - 1_200_000);
  });

  it('the broker delivers from its own spot inventory what providers do not (cancelling its asks if it must)', () => {
    const { fx, forward, spot, c1, c2 } = tradedForward();
    setParam(fx, 'risk.mintRequiresListing', 1);
    // The broker holds 7 spot rights of the window, 5 of them offered in an ask.
    const [, seller] = fx.providers as [number, number];
    fx.declareCapacity(seller, 7, spot);
    setParam(fx, 'risk.mintRequiresListing', 0);
    fx.mint(seller, 7, spot);
    fx.sell(seller, 400_000, 7, { seriesId: spot });
    fx.buy(fx.broker, 400_000, 7, { seriesId: spot, tif: TimeInForce.IOC });
    fx.sell(fx.broker, 900_000, 5, { seriesId: spot });
    setParam(fx, 'risk.mintRequiresListing', 1);
    const ev = deliver(fx, forward);
    expect(ofType(ev, EventType.ORDER_CANCELED).map((c) => c.reason)).toContain(22);
    const done = ofType(ev, EventType.FORWARD_DELIVERY_COMPLETED)[0]!;
    expect(done).toMatchObject({ providerDeliveredQty: 0, buyerDeliveredQty: 7, buyerShortfallQty: 3 });
    // Pro rata by running sums: 6 × 7/10 = 4.2 → 4, then 7 − 4 = 3.
    expect(fx.rights(c1, spot)).toEqual([4, 0]);
    expect(fx.rights(c2, spot)).toEqual([3, 0]);
    expect(fx.rights(fx.broker, spot)).toEqual([0, 0]);
    expect(deliveredTo(ev, c1)).toMatchObject({ shortfallQty: 2, refundMicros: 1_200_000 });
    expect(deliveredTo(ev, c2)).toMatchObject({ shortfallQty: 1, refundMicros: 600_000 });
  });

  it('gives the same result whether delivered in one command or one position at a time, and survives a snapshot between', () => {
    const one = tradedForward();
    deliver(one.fx, one.forward, 1_000);
    const many = tradedForward();
    let commands = 0;
    while (many.fx.series(many.forward).forward!.phase !== 3) {
      deliver(many.fx, many.forward, 1);
      commands++;
      if (commands === 3) {
        const copy = decodeState(encodeState(many.fx.engine));
        expect(stateHash(copy)).toBe(stateHash(many.fx.engine));
      }
    }
    expect(commands).toBeGreaterThan(4);
    for (const id of [one.c1, one.c2, one.provider, one.fx.broker]) {
      expect(many.fx.available(id)).toBe(one.fx.available(id));
      expect(many.fx.rights(id, many.spot)).toEqual(one.fx.rights(id, one.spot));
    }
  });

  it('a lapsed window (its spot series expired before delivery) refunds everyone and forfeits nothing', () => {
    const { fx, forward, spot, provider, c1 } = tradedForward();
    const providerPat = fx.available(provider) + fx.acct(provider).lockedMicros;
    const c1Pat = fx.available(c1) + fx.acct(c1).heldMicros;
    fx.nowMs = NEXT_OPEN + WINDOW_MS;
    fx.expireSeries(NEXT_OPEN + WINDOW_MS, spot);
    const ev = deliver(fx, forward, 1_000, NEXT_OPEN + WINDOW_MS);
    expect(deliveredTo(ev, provider)).toMatchObject({ deliveredQty: 0, refundMicros: -5 * PAT, compensationMicros: 0, collateralReturnedMicros: 1 * PAT });
    expect(fx.available(provider)).toBe(providerPat - 5 * PAT);
    expect(fx.available(c1)).toBe(c1Pat + 3_600_000);
  });
});

describe('a forward whose window has no spot series', () => {
  it('waits for the schedule to list it while the window is open, and lapses once it has closed', () => {
    const fx = createFixture({ consumers: 1, providers: 1, brokerRights: 0 });
    const forward = fx.newSeries({ openAtMs: NEXT_OPEN, seriesKind: SeriesKind.FORWARD });
    const [provider] = fx.providers as [number];
    const [c] = fx.consumers as [number];
    fx.deposit(provider, 100 * PAT);
    pledge(fx, provider, 5, forward);
    fx.sell(provider, 500_000, 5, { seriesId: forward });
    fx.buy(fx.broker, 500_000, 5, { seriesId: forward, tif: TimeInForce.IOC });
    fx.sell(fx.broker, 600_000, 5, { seriesId: forward });
    fx.buy(c, 600_000, 5, { seriesId: forward });
    const cPat = fx.available(c);
    expectRefused(fx, RejectReason.SPOT_SERIES_NOT_LISTED, () => deliver(fx, forward, 100, NEXT_OPEN + HOUR_MS));
    const ev = deliver(fx, forward, 100, NEXT_OPEN + WINDOW_MS);
    expect(ofType(ev, EventType.FORWARD_DELIVERY_COMPLETED)[0]).toMatchObject({ spotSeriesId: 0, providerDeliveredQty: 0, buyerDeliveredQty: 0, buyerShortfallQty: 5 });
    expect(fx.available(c)).toBe(cPat + 3 * PAT);
    expect(fx.acct(provider).lockedMicros).toBe(0);
  });
});

describe('institutions', () => {
  it('buy forwards as consumers do', () => {
    const { fx, forward } = forwardMarket();
    const inst = fx.consumers[2]!;
    expect(rejectionName(fx.submit({ kind: CommandKind.SET_INSTITUTION, actor: fx.operator, accountId: inst, qualified: true }))).toBe('NONE');
    fx.sell(fx.broker, 600_000, 5, { seriesId: forward });
    expect(fills(fx.buy(inst, 600_000, 5, { seriesId: forward }))).toHaveLength(1);
    void DAY_MS;
  });
});
