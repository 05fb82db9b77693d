/**
 * Series: listing rules (phase 1 lists SPOT only), halting and resuming, expiry
 * of a series at the end of its window, and the reference price.
 */
import { describe, expect, it } from 'vitest';

import {
  CommandKind,
  EventType,
  RejectReason,
  SeriesKind,
  SeriesStatus,
  Side,
  TimeInForce,
} from '../../src/engine/index.js';
import {
  CONTRACT,
  DAY_MS,
  HOUR_MS,
  MAX_PRICE,
  MIN_PRICE,
  T0,
  TICK,
  WINDOW_MS,
  canceled,
  createFixture,
  fills,
  ofType,
  rejection,
  rejectionName,
  seriesSpec,
  stateSummary,
  expectRefused,
} from '../support/engine-fixture.js';

const { BUY, SELL } = Side;


describe('listing', () => {
  it('lists a SPOT series with the next id and reports it', () => {
    const fx = createFixture();
    const ev = fx.listSeries({ contract: 'HOME_INTENT|2W|0.75-0.90', openAtMs: T0 + DAY_MS, closeAtMs: T0 + 15 * DAY_MS });
    expect(ev).toEqual([
      {
        type: EventType.SERIES_LISTED,
        seq: fx.engine.lastSeq,
        seriesId: 2,
        contract: 'HOME_INTENT|2W|0.75-0.90',
        seriesKind: SeriesKind.SPOT,
        openAtMs: T0 + DAY_MS,
        closeAtMs: T0 + 15 * DAY_MS,
      },
    ]);
    const s = fx.series(2);
    expect(s.status).toBe(SeriesStatus.TRADING);
    expect(s.spec).toMatchObject({ tickMicros: TICK, minPriceMicros: MIN_PRICE, maxPriceMicros: MAX_PRICE, lotSize: 1 });
    expect(s.referencePriceMicros).toBe(0);
    expect(s.rightsOutstanding).toBe(0);
  });

  it('lists FORWARD in phase 2 (open without a vote), beside the same window\'s spot series', () => {
    const fx = createFixture();
    const spot = fx.newSeries({ openAtMs: T0 + WINDOW_MS });
    const forward = fx.newSeries({ seriesKind: SeriesKind.FORWARD, openAtMs: T0 + WINDOW_MS });
    expect(forward).toBe(spot + 1);
    expect(fx.engine.series[forward]!.forward).toBeDefined();
    expectRefused(fx, RejectReason.SERIES_ALREADY_LISTED, () => fx.listSeries({ seriesKind: SeriesKind.FORWARD, openAtMs: T0 + WINDOW_MS }));
  });

  it('refuses FORWARD: PHASE_NOT_ENABLED while the governance phase is below 2', () => {
    const fx = createFixture();
    fx.engine.governancePhase = 1; // a chain whose governance starts in phase 1 (ours opens 1 and 2 from the start)
    expectRefused(fx, RejectReason.PHASE_NOT_ENABLED, () => fx.listSeries({ seriesKind: SeriesKind.FORWARD, openAtMs: T0 + WINDOW_MS }));
  });

  it.each([
    ['SYNTHETIC', SeriesKind.SYNTHETIC],
    ['CALL', SeriesKind.CALL],
    ['PUT', SeriesKind.PUT],
  ])('refuses %s: PHASE_NOT_ENABLED until the on-chain governance enables its phase', (_name, kind) => {
    const fx = createFixture();
    expectRefused(fx, RejectReason.PHASE_NOT_ENABLED, () => fx.listSeries({ seriesKind: kind, openAtMs: T0 + WINDOW_MS }));
  });

  it('refuses an unknown kind as a bad spec', () => {
    const fx = createFixture();
    expectRefused(fx, RejectReason.INVALID_SERIES_SPEC, () => fx.listSeries({ seriesKind: 9 as SeriesKind, openAtMs: T0 + WINDOW_MS }));
    expectRefused(fx, RejectReason.INVALID_SERIES_SPEC, () => fx.listSeries({ seriesKind: 0 as SeriesKind, openAtMs: T0 + WINDOW_MS }));
  });

  it.each([
    'AUTO_INTENT|7D',
    'auto_intent|7D|0.70-0.85',
    'AUTO_INTENT|7X|0.70-0.85',
    'AUTO_INTENT|0D|0.70-0.85',
    'AUTO_INTENT|7D|0.85-0.70',
    'AUTO_INTENT|7D|0.70-1.50',
    '',
    'A|B|C|D',
  ])('refuses the malformed key %j: INVALID_CONTRACT_KEY', (contract) => {
    const fx = createFixture();
    expectRefused(fx, RejectReason.INVALID_CONTRACT_KEY, () => fx.submit({ ...seriesSpec({ openAtMs: T0 + WINDOW_MS }), contract }));
  });

  it('refuses the same window twice SERIES_ALREADY_LISTED; another window or contract is fine', () => {
    const fx = createFixture();
    expectRefused(fx, RejectReason.SERIES_ALREADY_LISTED, () => fx.listSeries());
    expectRefused(fx, RejectReason.SERIES_ALREADY_LISTED, () => fx.listSeries({ tickMicros: 2_000, minPriceMicros: 2_000, maxOrderQty: 5 }));
    expect(ofType(fx.listSeries({ openAtMs: T0 + WINDOW_MS }), EventType.SERIES_LISTED)).toHaveLength(1);
    expect(ofType(fx.listSeries({ openAtMs: T0 + DAY_MS }), EventType.SERIES_LISTED)).toHaveLength(1); // overlapping windows are separate series
    expect(ofType(fx.listSeries({ contract: 'AUTO_INTENT|7D|0.85-1.00' }), EventType.SERIES_LISTED)).toHaveLength(1);
  });

  it('14D and 2W name the same window: listed once', () => {
    const fx = createFixture();
    expect(ofType(fx.listSeries({ contract: 'HOME_INTENT|14D|0.75-0.90', openAtMs: T0, closeAtMs: T0 + 14 * DAY_MS }), EventType.SERIES_LISTED)).toHaveLength(1);
    expectRefused(fx, RejectReason.SERIES_ALREADY_LISTED, () =>
      fx.listSeries({ contract: 'HOME_INTENT|2W|0.75-0.90', openAtMs: T0, closeAtMs: T0 + 14 * DAY_MS }),
    );
  });

  it('one contract window cannot be listed twice under another spelling of its key', () => {
    const fx = createFixture();
    // 'AUTO_INTENT|7D|0.7-0.85' is CONTRACT, already listed at T0: only the canonical spelling is accepted.
    expectRefused(fx, RejectReason.INVALID_CONTRACT_KEY, () => fx.listSeries({ contract: 'AUTO_INTENT|7D|0.7-0.85' }));
    expectRefused(fx, RejectReason.INVALID_CONTRACT_KEY, () => fx.listSeries({ contract: 'AUTO_INTENT|7D|0.700-0.85' }));
    expect(fx.engine.series.length).toBe(2);
    // Also for a window not listed yet.
    expectRefused(fx, RejectReason.INVALID_CONTRACT_KEY, () => fx.listSeries({ contract: 'AUTO_INTENT|24h|0.70-0.85' }));
    expect(ofType(fx.listSeries({ contract: 'AUTO_INTENT|1D|0.70-0.85' }), EventType.SERIES_LISTED)).toHaveLength(1);
  });

  it('needs closeAtMs = openAtMs + the window length: INVALID_SERIES_SPEC', () => {
    const fx = createFixture();
    const open = T0 + WINDOW_MS;
    expectRefused(fx, RejectReason.INVALID_SERIES_SPEC, () => fx.listSeries({ openAtMs: open, closeAtMs: open + WINDOW_MS + 1 }));
    expectRefused(fx, RejectReason.INVALID_SERIES_SPEC, () => fx.listSeries({ openAtMs: open, closeAtMs: open + WINDOW_MS - 1 }));
    expectRefused(fx, RejectReason.INVALID_SERIES_SPEC, () => fx.listSeries({ openAtMs: open, closeAtMs: open + DAY_MS }));
    expectRefused(fx, RejectReason.INVALID_SERIES_SPEC, () => fx.listSeries({ contract: 'AUTO_INTENT|1h|0.70-0.85', openAtMs: open, closeAtMs: open + DAY_MS }));
    expect(ofType(fx.listSeries({ contract: 'AUTO_INTENT|1h|0.70-0.85', openAtMs: open, closeAtMs: open + HOUR_MS }), EventType.SERIES_LISTED)).toHaveLength(1);
  });

  it.each<[string, Parameters<typeof seriesSpec>[0]]>([
    ['tick not dividing the minimum price', { minPriceMicros: 1_500 }],
    ['tick not dividing the maximum price', { maxPriceMicros: 9_999_500 }],
    ['tick not dividing either limit', { tickMicros: 3_000, minPriceMicros: 3_000, maxPriceMicros: 10_000_000 }],
    ['minimum above maximum', { minPriceMicros: 5_000_000, maxPriceMicros: 4_000_000 }],
    ['zero tick', { tickMicros: 0 }],
    ['negative tick', { tickMicros: -1_000 }],
    ['fractional tick', { tickMicros: 1_000.5 }],
    ['zero lot', { lotSize: 0 }],
    ['zero minimum price', { minPriceMicros: 0 }],
    ['zero max order quantity', { maxOrderQty: 0 }],
    ['zero band', { bandBps: 0 }],
    ['band above 100 %', { bandBps: 10_001 }],
    ['negative open time', { openAtMs: -WINDOW_MS, closeAtMs: 0 }],
    ['notional beyond a safe integer', { maxPriceMicros: 1_000_000_000_000, maxOrderQty: 10_000 }],
  ])('refuses a bad spec (%s): INVALID_SERIES_SPEC', (_name, overrides) => {
    const fx = createFixture();
    expectRefused(fx, RejectReason.INVALID_SERIES_SPEC, () => fx.listSeries({ openAtMs: T0 + WINDOW_MS, ...overrides }));
  });

  it('bounds the price levels per book and the number of series', () => {
    // The default series has (10 PAT − 0.001) / 0.001 + 1 = 10 000 levels: exactly the limit.
    const fx = createFixture({ limits: { maxPriceLevels: 10_000, maxSeries: 3 } });
    expectRefused(fx, RejectReason.INVALID_SERIES_SPEC, () => fx.listSeries({ openAtMs: T0 + WINDOW_MS, maxPriceMicros: MAX_PRICE + TICK }));
    expect(ofType(fx.listSeries({ openAtMs: T0 + WINDOW_MS }), EventType.SERIES_LISTED)).toHaveLength(1);
    expect(ofType(fx.listSeries({ openAtMs: T0 + 2 * WINDOW_MS }), EventType.SERIES_LISTED)).toHaveLength(1);
    expectRefused(fx, RejectReason.INVALID_SERIES_SPEC, () => fx.listSeries({ openAtMs: T0 + 3 * WINDOW_MS }));
  });

  it('only the operator (or the system) lists', () => {
    const fx = createFixture();
    for (const who of [fx.broker, fx.consumers[0]!, fx.providers[0]!]) {
      expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.listSeries({ actor: who, openAtMs: T0 + WINDOW_MS }));
    }
    expect(ofType(fx.listSeries({ actor: fx.operator, openAtMs: T0 + WINDOW_MS }), EventType.SERIES_LISTED)).toHaveLength(1);
  });
});

describe('halt and resume', () => {
  it('a halted series refuses orders with the state unchanged; resumed, it trades again', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const ask = fx.place(fx.broker, SELL, 1_000_000, 5);
    const bid = fx.place(c, BUY, 900_000, 5);
    const ev = fx.setStatus(SeriesStatus.HALTED);
    expect(ev).toEqual([{ type: EventType.SERIES_STATUS_CHANGED, seq: fx.engine.lastSeq, seriesId: fx.seriesId, status: SeriesStatus.HALTED }]);
    // Resting orders stay.
    expect(fx.isLive(ask) && fx.isLive(bid)).toBe(true);
    expectRefused(fx, RejectReason.SERIES_HALTED, () => fx.buy(c, 1_000_000, 1));
    expectRefused(fx, RejectReason.SERIES_HALTED, () => fx.sell(fx.providers[0]!, 1_000_000, 1));
    expectRefused(fx, RejectReason.SERIES_HALTED, () => fx.amend(c, bid, 5, 1_000_000));
    expectRefused(fx, RejectReason.SERIES_HALTED, () => fx.massQuote([[800_000, 1]], []));
    expectRefused(fx, RejectReason.INVALID_STATUS_CHANGE, () => fx.setStatus(SeriesStatus.HALTED));
    // Cancelling is still allowed.
    expect(canceled(fx.cancel(c, bid))).toHaveLength(1);

    expect(ofType(fx.setStatus(SeriesStatus.TRADING), EventType.SERIES_STATUS_CHANGED)).toHaveLength(1);
    expect(fills(fx.buy(c, 1_000_000, 2))).toHaveLength(1);
    expectRefused(fx, RejectReason.INVALID_STATUS_CHANGE, () => fx.setStatus(SeriesStatus.TRADING));
  });

  it('only the operator halts; EXPIRED is not a status one can set', () => {
    const fx = createFixture();
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.setStatus(SeriesStatus.HALTED, fx.seriesId, fx.broker));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.setStatus(SeriesStatus.HALTED, fx.seriesId, fx.consumers[0]!));
    expectRefused(fx, RejectReason.UNKNOWN_SERIES, () => fx.setStatus(SeriesStatus.HALTED, 99));
    expectRefused(fx, RejectReason.INVALID_STATUS_CHANGE, () =>
      fx.submit({ kind: CommandKind.SET_SERIES_STATUS, actor: fx.operator, seriesId: fx.seriesId, status: SeriesStatus.EXPIRED as typeof SeriesStatus.HALTED }),
    );
    expect(ofType(fx.setStatus(SeriesStatus.HALTED, fx.seriesId, 0), EventType.SERIES_STATUS_CHANGED)).toHaveLength(1);
  });
});

describe('expiry of a series', () => {
  it('once the window has closed, new orders and amends are refused SERIES_EXPIRED before the expiry command; cancels still work', () => {
    const fx = createFixture();
    const consumer = fx.consumers[0]!;
    const orderId = fx.place(consumer, BUY, MIN_PRICE, 1);
    const closeAtMs = fx.series().spec.closeAtMs;
    const before = stateSummary(fx);
    const late = fx.submit(
      { kind: CommandKind.NEW_ORDER, actor: consumer, seriesId: fx.seriesId, clientOrderId: 999, side: BUY, orderType: 1, tif: TimeInForce.GTC, priceMicros: MIN_PRICE, qty: 1, expireAtMs: 0, postOnly: false, stp: 1 },
      closeAtMs,
    );
    expect(rejectionName(late)).toBe('SERIES_EXPIRED');
    expect(rejectionName(fx.submit({ kind: CommandKind.AMEND_ORDER, actor: consumer, orderId, newQty: 2, newPriceMicros: MIN_PRICE }, closeAtMs))).toBe('SERIES_EXPIRED');
    expect(stateSummary(fx)).toEqual(before);
    expect(canceled(fx.submit({ kind: CommandKind.CANCEL_ORDER, actor: consumer, orderId, clientOrderId: 0 }, closeAtMs))).toHaveLength(1);
  });

  function world() {
    const fx = createFixture();
    const other = fx.newSeries({ contract: 'AUTO_INTENT|1D|0.70-0.85' });
    const c = fx.consumers[0]!;
    const p = fx.providers[1]!;
    const orders = {
      cBid: fx.place(c, BUY, 900_000, 5),
      bAsk: fx.place(fx.broker, SELL, 1_000_000, 5),
      bBid: fx.place(fx.broker, BUY, 700_000, 5),
      pAsk: fx.place(p, SELL, 800_000, 5),
      gtd: fx.place(c, BUY, 800_000, 1, { tif: TimeInForce.GTD, expireAtMs: T0 + 30 * DAY_MS }),
      otherBid: fx.place(c, BUY, 500_000, 1, { seriesId: other }),
    };
    fx.massQuote([[750_000, 2]], [[1_100_000, 2]]);
    return { fx, other, c, p, orders };
  }

  it('is refused before the window closes: EXPIRY_TOO_EARLY', () => {
    const { fx } = world();
    expectRefused(fx, RejectReason.EXPIRY_TOO_EARLY, () => fx.expireSeries(T0 + WINDOW_MS - 1));
    expectRefused(fx, RejectReason.EXPIRY_TOO_EARLY, () => fx.expireSeries(0));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.expireSeries(T0 + WINDOW_MS, fx.seriesId, fx.broker));
    expectRefused(fx, RejectReason.UNKNOWN_SERIES, () => fx.expireSeries(T0 + WINDOW_MS, 99));
  });

  it('at or after the close it expires every resting order, releases holds and ends trading', () => {
    const { fx, other, c, p, orders } = world();
    const cAvail = fx.available(c) + fx.held(c) - 500_000; // minus the other series' bid
    const quotes = [...fx.series().quoteBidIds, ...fx.series().quoteAskIds];
    expect(quotes).toHaveLength(2);
    const ev = fx.expireSeries(T0 + WINDOW_MS);
    const expired = ofType(ev, EventType.ORDER_EXPIRED);
    expect(expired).toHaveLength(7);
    expect(new Set(expired.map((e) => e.orderId))).toEqual(new Set([orders.cBid, orders.bAsk, orders.bBid, orders.pAsk, orders.gtd, ...quotes]));
    expect(ev.at(-1)).toEqual({ type: EventType.SERIES_STATUS_CHANGED, seq: fx.engine.lastSeq, seriesId: fx.seriesId, status: SeriesStatus.EXPIRED });
    expect(fx.series().status).toBe(SeriesStatus.EXPIRED);
    expect(fx.series().quoteBidIds).toEqual([]);
    expect(fx.series().quoteAskIds).toEqual([]);
    expect(fx.available(c)).toBe(cAvail);
    expect(fx.held(c)).toBe(500_000);
    expect(fx.held(fx.broker)).toBe(0);
    expect(fx.rights(fx.broker)).toEqual([200, 0]);
    expect(fx.rights(p)).toEqual([500, 0]);
    // The other series is untouched.
    expect(fx.isLive(orders.otherBid)).toBe(true);
    expect(fx.series(other).status).toBe(SeriesStatus.TRADING);

    expectRefused(fx, RejectReason.SERIES_EXPIRED, () => fx.buy(c, 1_000_000, 1));
    expectRefused(fx, RejectReason.SERIES_EXPIRED, () => fx.massQuote([[800_000, 1]], []));
    expectRefused(fx, RejectReason.SERIES_EXPIRED, () => fx.setStatus(SeriesStatus.HALTED));
    expectRefused(fx, RejectReason.SERIES_EXPIRED, () => fx.expireSeries(T0 + 2 * WINDOW_MS));
    expectRefused(fx, RejectReason.SERIES_EXPIRED, () => fx.setReference(1_000_000));
    expectRefused(fx, RejectReason.UNKNOWN_ORDER, () => fx.cancel(c, orders.cBid));
    // The GTD order's queue entry is skipped later.
    expect(ofType(fx.expireOrders(T0 + 60 * DAY_MS), EventType.ORDER_EXPIRED)).toEqual([]);
  });

  it('a halted series can be expired', () => {
    const { fx } = world();
    fx.setStatus(SeriesStatus.HALTED);
    const ev = fx.expireSeries(T0 + WINDOW_MS + 1);
    expect(ofType(ev, EventType.ORDER_EXPIRED)).toHaveLength(7);
    expect(fx.series().status).toBe(SeriesStatus.EXPIRED);
  });

  it('expired orders report what had filled', () => {
    const { fx, c, orders } = world();
    fx.sell(fx.broker, 900_000, 2, { tif: TimeInForce.IOC });
    const e = ofType(fx.expireSeries(T0 + WINDOW_MS), EventType.ORDER_EXPIRED).find((x) => x.orderId === orders.cBid);
    expect(e).toMatchObject({ accountId: c, orderQty: 5, cumQty: 2, expiredQty: 3 });
  });
});

describe('reference price', () => {
  it('the operator or the broker sets it; others may not; it must be a valid price', () => {
    const fx = createFixture();
    expect(fx.setReference(1_000_000)).toEqual([{ type: EventType.REFERENCE_PRICE_SET, seq: fx.engine.lastSeq, seriesId: fx.seriesId, priceMicros: 1_000_000 }]);
    expect(ofType(fx.setReference(1_010_000, fx.seriesId, fx.broker), EventType.REFERENCE_PRICE_SET)).toHaveLength(1);
    expect(fx.series().referencePriceMicros).toBe(1_010_000);
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.setReference(1_000_000, fx.seriesId, fx.consumers[0]!));
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => fx.setReference(1_000_000, fx.seriesId, fx.providers[0]!));
    expectRefused(fx, RejectReason.INVALID_TICK, () => fx.setReference(1_000_500));
    expectRefused(fx, RejectReason.PRICE_OUT_OF_LIMITS, () => fx.setReference(MAX_PRICE + TICK));
    expectRefused(fx, RejectReason.INVALID_PRICE, () => fx.setReference(0));
    expectRefused(fx, RejectReason.UNKNOWN_SERIES, () => fx.setReference(1_000_000, 99));
  });
});

describe('default fixture', () => {
  it('lists CONTRACT at T0 for one window', () => {
    const fx = createFixture();
    expect(fx.series().spec).toMatchObject({ contract: CONTRACT, openAtMs: T0, closeAtMs: T0 + WINDOW_MS });
    expect(rejection(fx.listSeries())).toBe(RejectReason.SERIES_ALREADY_LISTED);
  });
});
