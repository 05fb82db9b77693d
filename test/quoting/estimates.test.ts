/**
 * The quoter's estimates, fed with engine events as the sequencer releases
 * them: flows, the trade anchor and the segment value, σ from trade marks,
 * fill-intensity calibration, the broker's cost basis, and save/restore.
 */
import { describe, expect, it } from 'vitest';
import { CommandKind, EventType, SeriesKind, SeriesStatus, Side, type Command, type EngineEvent } from '../../src/engine/index.js';
import {
  DEFAULT_QUOTING_PARAMS,
  QuoterEstimates,
  addDecayed,
  addExposure,
  addFill,
  decayed,
  fitIntensity,
  intensityState,
  ratePerHour,
  referencePrice,
  volSamplesAt,
  type EstimatesData,
  type PricingInputs,
  type QuotingParams,
  type SeriesEstimates,
  type Turn,
} from '../../src/quoting/index.js';
import { prng as mulberry32 } from '../../bench/workload.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OPEN = Date.UTC(2026, 10, 16);
const CONTRACT = 'AUTO_INTENT|7D|0.70-0.85';
const BROKER = 1;
const CONSUMER = 2;
const PROVIDER = 3;
const FLAT: QuotingParams = { ...DEFAULT_QUOTING_PARAMS, freshnessOpen: 1, freshnessClose: 1, baseValueMicros: { AUTO_INTENT: 1_000_000 }, quality: { AUTO_INTENT: 1 } };
const TERMS = { tickMicros: 1, minPriceMicros: 1, maxPriceMicros: 100_000_000 };

/** Builds turns with consecutive seqs, one command per event group. */
class Feed {
  seq = 0;
  constructor(readonly est: QuoterEstimates) {}

  turn(timeMs: number, events: (seq: number) => EngineEvent[], command: Command = { kind: CommandKind.SET_PARAM, actor: 0, name: 'x', value: 0 }): Turn {
    const seq = ++this.seq;
    const turn: Turn = { firstSeq: seq, timeMs, commands: [command], events: events(seq) };
    this.est.apply(turn);
    return turn;
  }

  list(timeMs = OPEN): void {
    this.turn(timeMs, (seq) => [{ type: EventType.SERIES_LISTED, seq, seriesId: 1, contract: CONTRACT, seriesKind: SeriesKind.SPOT, openAtMs: OPEN, closeAtMs: OPEN + 7 * DAY }]);
  }

  reference(priceMicros: number, timeMs: number): void {
    this.turn(timeMs, (seq) => [{ type: EventType.REFERENCE_PRICE_SET, seq, seriesId: 1, priceMicros }]);
  }

  /** A fill: `buyer` buys from `seller`; the taker is the one who is not the broker (the broker's quotes rest). */
  fill(buyer: number, seller: number, priceMicros: number, qty: number, timeMs: number): void {
    const takerSide = buyer === BROKER ? Side.SELL : Side.BUY;
    const taker = takerSide === Side.BUY ? buyer : seller;
    const maker = takerSide === Side.BUY ? seller : buyer;
    this.turn(timeMs, (seq) => [{
      type: EventType.FILL, seq, seriesId: 1, tradeId: seq, priceMicros, qty, takerSide,
      makerOrderId: 1, makerAccountId: maker, makerClientOrderId: 0, makerOrderQty: qty, makerCumQty: qty, makerLeavesQty: 0,
      takerOrderId: 2, takerAccountId: taker, takerClientOrderId: 0, takerOrderQty: qty, takerCumQty: qty, takerLeavesQty: 0,
    }]);
  }

  /** The broker's mass quote (best bid and ask; 0 = that side empty) and the reference it sent, as the engine releases it. */
  quote(bidMicros: number, askMicros: number, referenceMicros: number, timeMs: number): void {
    const ladder = (p: number) => (p > 0 ? { priceMicros: [p], qty: [10] } : { priceMicros: [], qty: [] });
    this.turn(timeMs, (seq) => [
      { type: EventType.REFERENCE_PRICE_SET, seq, seriesId: 1, priceMicros: referenceMicros },
      { type: EventType.QUOTES_REPLACED, seq, seriesId: 1, bidLevels: bidMicros > 0 ? 1 : 0, askLevels: askMicros > 0 ? 1 : 0 },
    ], { kind: CommandKind.MASS_QUOTE, actor: BROKER, seriesId: 1, bids: ladder(bidMicros), asks: ladder(askMicros), referencePriceMicros: referenceMicros });
  }

  mint(qty: number, timeMs: number): void {
    this.turn(timeMs, (seq) => [{ type: EventType.RIGHTS_MINTED, seq, accountId: PROVIDER, seriesId: 1, qty }]);
  }
}

function fresh(params: QuotingParams = FLAT): Feed {
  const f = new Feed(new QuoterEstimates(params, BROKER));
  f.list();
  return f;
}

/** The pricing inputs the service would build from the estimates. */
function inputsOf(est: QuoterEstimates, s: SeriesEstimates, now: number): PricingInputs {
  const anchor = est.anchor(s, now);
  return {
    segment: s.segment, openAtMs: s.openAtMs, closeAtMs: s.closeAtMs, windowMs: s.windowMs, confidenceLoBps: s.confidenceLoBps, confidenceHiBps: s.confidenceHiBps,
    segmentValueMicros: est.segmentValue(s.segment, now), anchorMicros: anchor.micros, anchorQty: anchor.qty,
    burnRate: est.burnRate(s, now), mintRate: est.mintRate(s, now), substituteInventory: 0,
  };
}

function referenceNow(est: QuoterEstimates, now: number): number {
  return referencePrice(est.params, inputsOf(est, est.get(1)!, now), TERMS, now).priceMicros;
}

describe('decayed sums', () => {
  it('a steady flow reads as its rate; the sum halves each half-life', () => {
    const d = decayed();
    for (let t = 1; t <= 20 * 60; t++) addDecayed(d, 1, t * 60_000, HOUR); // one per minute = 60 per hour
    expect(ratePerHour(d, 20 * HOUR, HOUR)).toBeGreaterThan(58);
    expect(ratePerHour(d, 20 * HOUR, HOUR)).toBeLessThan(62);
    expect(ratePerHour(d, 21 * HOUR, HOUR)).toBeCloseTo(ratePerHour(d, 20 * HOUR, HOUR) / 2, 9);
  });
});

describe('what one event can do to the reference price', () => {
  it('a mint of 50 rights moves it by less than 5% (and by the documented bound)', () => {
    const f = fresh({ ...DEFAULT_QUOTING_PARAMS, baseValueMicros: { AUTO_INTENT: 1_000_000 } });
    const now = OPEN + DAY;
    const before = referenceNow(f.est, now);
    f.mint(50, now);
    const after = referenceNow(f.est, now);
    const move = Math.abs(Math.log(after / before));
    expect(after).toBeLessThan(before);
    expect(move).toBeLessThan(0.05);
    const x = (50 * Math.LN2 * HOUR) / DEFAULT_QUOTING_PARAMS.velocityHalfLifeMs;
    expect(move).toBeLessThanOrEqual((DEFAULT_QUOTING_PARAMS.flowSensitivity * x) / (x + DEFAULT_QUOTING_PARAMS.velocityEpsilon) + 1e-5);
  });

  it('a trade far from the reference counts at most tradeClampBps away, weighted by its share of the traded rights', () => {
    const f = fresh();
    const now = OPEN + DAY;
    f.reference(1_000_000, now);
    for (let i = 0; i < 10; i++) f.fill(CONSUMER, BROKER, 1_000_000, 5, now);
    const before = referenceNow(f.est, now);
    f.fill(CONSUMER, PROVIDER, 3_000_000, 5, now); // someone pays 3× in a stale order
    const after = referenceNow(f.est, now);
    // anchor and model agree here: each moves by at most q/(Q + q) of the clamp (the model by less: the segment prior weighs too)
    const bound = (5 / (50 + 5)) * (FLAT.tradeClampBps / 10_000);
    expect(after / before - 1).toBeGreaterThan(0);
    expect(after / before - 1).toBeLessThanOrEqual(bound + 1e-6);
  });

  it("the broker's own fills are not flow: they move neither the burn nor the mint rate", () => {
    const f = fresh();
    const now = OPEN + DAY;
    f.reference(1_000_000, now);
    f.fill(CONSUMER, BROKER, 1_010_000, 40, now);
    f.fill(BROKER, PROVIDER, 990_000, 40, now);
    const s = f.est.get(1)!;
    expect(f.est.burnRate(s, now)).toBe(0);
    expect(f.est.mintRate(s, now)).toBe(0);
  });

  it('trades teach the segment value; an operator base value resets what they taught', () => {
    const f = fresh();
    const now = OPEN + DAY;
    f.reference(1_000_000, now);
    for (let i = 0; i < 40; i++) f.fill(100 + i, BROKER, 1_080_000, 5, now + i * 1000); // forty consumers
    expect(f.est.segmentValue('AUTO_INTENT', now + 60_000)).toBeGreaterThan(1_050_000);
    f.turn(now + 61_000, (seq) => [{ type: EventType.PARAM_CHANGED, seq, actor: 0, timeMs: now + 61_000, name: 'quoting.baseValueMicros:AUTO_INTENT', oldValue: 1_000_000, newValue: 900_000 }]);
    expect(f.est.segmentValue('AUTO_INTENT', now + 62_000)).toBe(900_000);
  });
});

describe('the trade anchor under adversity', () => {
  const now = OPEN + DAY;

  it("counts a trade with the quote's skew taken out (anchorSkewShare 1): a broker skewed 3% down does not read its own lower prices as the market", () => {
    const f = fresh({ ...FLAT, anchorSkewShare: 1 });
    // Reference 1 PAT; the quote centred 3% below it (long inventory): bid 0.95, ask 0.99.
    f.quote(950_000, 990_000, 1_000_000, now);
    f.fill(CONSUMER, BROKER, 990_000, 5, now + 1_000);
    expect(f.est.anchor(f.est.get(1)!, now + 1_000).micros).toBeCloseTo(1_020_000, 0); // the ask 2% above the value, as quoted
  });

  it('keeps 1 − anchorSkewShare of the skew in the anchor: a quarter of a 3% lean reaches it at 0.75 (the default)', () => {
    expect(DEFAULT_QUOTING_PARAMS.anchorSkewShare).toBe(0.75);
    const f = fresh(FLAT);
    f.quote(950_000, 990_000, 1_000_000, now);
    f.fill(CONSUMER, BROKER, 990_000, 5, now + 1_000);
    expect(f.est.anchor(f.est.get(1)!, now + 1_000).micros).toBeCloseTo(1_012_500, 0); // 990,000 + 0.75 × 30,000
  });

  it('weighs one account trading ten times the market as one heavy opinion, not ten', () => {
    const many = fresh();
    const one = fresh();
    for (const f of [many, one]) {
      f.quote(990_000, 1_010_000, 1_000_000, now);
      for (let i = 0; i < 10; i++) f.fill(100 + i, BROKER, 1_010_000, 5, now + i * 1_000); // ten buyers at the ask
    }
    for (let i = 0; i < 10; i++) many.fill(BROKER, 200 + i, 990_000, 50, now + 20_000 + i * 1_000); // ten sellers, 50 each
    for (let i = 0; i < 10; i++) one.fill(BROKER, 200, 990_000, 50, now + 20_000 + i * 1_000); // one seller, 500
    const at = now + 31_000;
    const manyLevel = many.est.anchor(many.est.get(1)!, at).micros;
    const oneLevel = one.est.anchor(one.est.get(1)!, at).micros;
    expect(manyLevel).toBeLessThan(994_000); // ten sellers' 500 rights against 50: near the sellers' price
    // one account's 500 count like a hundred: the level stays over three times as far from the sellers' price
    expect(oneLevel - 990_000).toBeGreaterThan(3 * (manyLevel - 990_000));
  });

  it('holds its level when trades stop; its weight fades with anchorHoldMs, not within minutes', () => {
    const f = fresh();
    f.quote(990_000, 1_010_000, 1_000_000, now);
    for (let i = 0; i < 10; i++) f.fill(100 + i, BROKER, 1_010_000, 5, now + i * 1_000);
    const s = f.est.get(1)!;
    const level = f.est.anchor(s, now + 10_000);
    const later = f.est.anchor(s, now + 10_000 + FLAT.anchorHoldMs);
    expect(later.micros).toBe(level.micros);
    expect(later.qty).toBeCloseTo(level.qty / 2, 6);
  });

  it('drifts toward the stale side: an ask nobody lifts for hours (no bid) moves the level down, at the documented pace and bound', () => {
    const f = fresh();
    f.quote(990_000, 1_010_000, 1_000_000, now);
    for (let i = 0; i < 4; i++) f.fill(100 + i, BROKER, 1_010_000, 5, now + i * 1_000);
    const s = f.est.get(1)!;
    const level = f.est.anchor(s, now + 4_000).micros;
    f.quote(0, 1_010_000, 1_000_000, now + 5_000); // at its long limit: asks only, then nothing fills
    f.quote(0, 1_010_000, 1_000_000, now + 5_000 + HOUR);
    const stale = (HOUR + 2_000 - FLAT.staleSideMs) / HOUR; // hours past the grace, counted from the last ask fill (now + 3 s)
    expect(f.est.anchor(s, now + HOUR).micros / level).toBeCloseTo(Math.exp((-stale * FLAT.staleDriftBpsPerHour) / 10_000), 6);
    f.quote(0, 1_010_000, 1_000_000, now + 5_000 + 10 * HOUR);
    expect(f.est.anchor(s, now + 10 * HOUR).micros / level).toBeCloseTo(1 - FLAT.staleDriftMaxBps / 10_000, 6);
    // Both sides quoted and stale (a quiet market): no evidence either way.
    const q = fresh();
    q.quote(990_000, 1_010_000, 1_000_000, now);
    q.fill(100, BROKER, 1_010_000, 5, now + 1_000);
    q.fill(BROKER, 200, 990_000, 5, now + 2_000);
    const before = q.est.anchor(q.est.get(1)!, now + 2_000).micros;
    q.quote(990_000, 1_010_000, 1_000_000, now + 3 * HOUR);
    // (the bid's last fill came a second after the ask's: a second's drift up, nothing more)
    expect(Math.abs(q.est.anchor(q.est.get(1)!, now + 3 * HOUR).micros / before - 1)).toBeLessThan(1e-4);
  });
});

describe('σ from trade prices over time', () => {
  /**
   * A day of trades around a hidden random walk of known σ: each trade at the broker's ask or bid,
   * `half` either side of a quote that itself jitters around the fair value (`jitter`, the quoter's
   * re-estimates), one every `stepMs` on average. The estimator sees only the trade prices.
   */
  function day(
    sigmaBpsPerSqrtHour: number,
    seed: number,
    o: { half?: number; jitter?: number; stepMs?: number; hours?: number; jump?: { atHour: number; factor: number; repricedOverHours: number } } = {},
  ): { f: Feed; end: number } {
    const rand = mulberry32(seed);
    const gauss = () => Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand());
    const half = o.half ?? 0.01;
    const jitter = o.jitter ?? 0.002;
    const stepMs = o.stepMs ?? 20_000;
    const f = fresh();
    let fair = 1_000_000;
    let t = OPEN + HOUR;
    let lastT = t;
    let fairJumped = false;
    const end = t + (o.hours ?? 48) * HOUR;
    while (t < end) {
      // exponential gaps: trades arrive at random
      t += Math.max(1, Math.round(-Math.log(Math.max(rand(), 1e-12)) * stepMs));
      fair *= Math.exp((sigmaBpsPerSqrtHour / 10_000) * Math.sqrt((t - lastT) / HOUR) * gauss());
      lastT = t;
      // A jump in the value, which the quote reaches in a straight walk over `repricedOverHours` (a market that
      // reprices in steps: the broker's quotes follow the trades), then follows as before.
      let lag = 1;
      const j = o.jump;
      if (j !== undefined) {
        const since = (t - (OPEN + HOUR)) / HOUR - j.atHour;
        if (since >= 0 && fairJumped === false) { fair *= j.factor; fairJumped = true; }
        if (since >= 0) lag = Math.pow(1 / j.factor, Math.max(0, 1 - since / j.repricedOverHours));
      }
      const ref = Math.round(fair * lag * (1 + jitter * gauss()));
      f.reference(ref, t);
      if (rand() < 0.5) f.fill(CONSUMER, BROKER, Math.round(ref * (1 + half)), 1 + Math.floor(rand() * 5), t);
      else f.fill(BROKER, PROVIDER, Math.round(ref * (1 - half)), 1 + Math.floor(rand() * 5), t);
    }
    return { f, end };
  }

  function sigmaRead(f: Feed, end: number): number {
    const v = volSamplesAt(f.est.get(1)!.vol, end, FLAT);
    return Math.sqrt(v.sum / v.hours) * 10_000;
  }

  it('reads the true σ within ±25% through the bid/ask bounce (five seeds, two days each)', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { f, end } = day(150, seed);
      const sigma = sigmaRead(f, end);
      expect(sigma, `seed ${seed}`).toBeGreaterThan(150 * 0.75);
      expect(sigma, `seed ${seed}`).toBeLessThan(150 * 1.25);
    }
  });

  it('reads it within ±30% through a 10% half-spread and a quote jittering 1% around the value (five seeds, two days each)', () => {
    for (const seed of [11, 12, 13, 14, 15]) {
      const { f, end } = day(150, seed, { half: 0.1, jitter: 0.01 });
      const sigma = sigmaRead(f, end);
      expect(sigma, `seed ${seed}`).toBeGreaterThan(150 * 0.7);
      expect(sigma, `seed ${seed}`).toBeLessThan(150 * 1.3);
    }
  });

  it('reads a thin series (a trade every 20 minutes, 10% either side) within ±35% over three days (three seeds)', () => {
    for (const seed of [21, 22, 23]) {
      const { f, end } = day(150, seed, { half: 0.1, jitter: 0.005, stepMs: 20 * 60_000, hours: 72 });
      const sigma = sigmaRead(f, end);
      expect(sigma, `seed ${seed}`).toBeGreaterThan(150 * 0.65);
      expect(sigma, `seed ${seed}`).toBeLessThan(150 * 1.35);
    }
  });

  it('reads a −20% jump the quotes walk to over 2 hours as a jump: 4 hours on, it adds < 0.7 σ² (five seeds)', () => {
    // Each step of the walk is under the per-return bound; the run since the side last crossed zero is not. What is
    // left is the walk's first steps: on a path read at its true σ, σ within 1.3× (√1.7). Counted as variance (the
    // code before the run bound) it added 7.9 σ²: read 3×.
    for (const seed of [31, 32, 33, 34, 35]) {
      const jumped = day(150, seed, { hours: 24, jump: { atHour: 20, factor: 0.8, repricedOverHours: 2 } });
      const calm = day(150, seed, { hours: 24 });
      expect((sigmaRead(jumped.f, jumped.end) ** 2 - sigmaRead(calm.f, calm.end) ** 2) / 150 ** 2, `seed ${seed}`).toBeLessThan(0.7);
    }
  });

  it('does not read a calm series as volatile from the bounce and the jitter alone', () => {
    const { f, end } = day(0, 4, { half: 0.05, jitter: 0.005 });
    expect(sigmaRead(f, end)).toBeLessThan(40);
  });
});

describe('fill intensity calibration', () => {
  it('recovers k and A from exposure and fills at several distances', () => {
    const s = intensityState();
    const k = 30;
    const a = 200;
    for (const d of [0.0025, 0.0125, 0.0225, 0.0325, 0.0425]) {
      addExposure(s, d, 10, OPEN, DAY, 50);
      addFill(s, d, 10 * a * Math.exp(-k * d), OPEN, DAY, 50);
    }
    const fit = fitIntensity([s], 50, 40, 0);
    expect(fit.k).toBeCloseTo(k, 6);
    expect(fit.aPerHour).toBeCloseTo(a, 6);
    // with the prior weighing as many fills as were seen, k sits halfway
    expect(fitIntensity([s], 50, 40, fit.fills).k).toBeCloseTo((k + 40) / 2, 6);
  });

  it('keeps the prior when fills were seen at one distance only', () => {
    const s = intensityState();
    addExposure(s, 0.01, 10, OPEN, DAY, 50);
    addFill(s, 0.01, 100, OPEN, DAY, 50);
    expect(fitIntensity([s], 50, 40, 30).k).toBe(40);
  });
});

describe("the broker's cost basis and P&L", () => {
  it('average cost, realized P&L on sales, and the cost of rights that expire unsold', () => {
    const f = fresh();
    const t = OPEN + DAY;
    f.reference(700_000, t);
    f.fill(BROKER, PROVIDER, 600_000, 10, t);
    f.fill(BROKER, PROVIDER, 800_000, 10, t);
    f.fill(CONSUMER, BROKER, 900_000, 5, t);
    const c = f.est.get(1)!.cost;
    expect(c.qty).toBe(15);
    expect(c.costMicros / c.qty).toBeCloseTo(700_000, 6);
    expect(c.realizedMicros).toBeCloseTo(5 * 200_000, 6);
    f.turn(OPEN + 7 * DAY, (seq) => [{ type: EventType.SERIES_STATUS_CHANGED, seq, seriesId: 1, status: SeriesStatus.EXPIRED }]);
    expect(f.est.broker.expiredMicros).toBeCloseTo(15 * 700_000, 6);
    expect(f.est.broker.realizedMicros).toBeCloseTo(1_000_000 - 15 * 700_000, 6);
    expect(f.est.get(1)).toBeUndefined();
  });
});

describe('save and restore', () => {
  it('estimates saved (through JSON), restored and fed the rest of the turns equal those that never stopped', () => {
    const rand = mulberry32(9);
    const a = new Feed(new QuoterEstimates(FLAT, BROKER));
    const turns: Turn[] = [];
    const record = (feed: Feed) => {
      const apply = feed.est.apply.bind(feed.est);
      feed.est.apply = (turn: Turn) => {
        turns.push(turn);
        apply(turn);
      };
    };
    record(a);
    a.list();
    let t = OPEN + HOUR;
    for (let i = 0; i < 400; i++, t += 30_000) {
      a.reference(1_000_000 + Math.round(20_000 * (rand() - 0.5)), t);
      if (rand() < 0.5) a.fill(CONSUMER, BROKER, 1_010_000, 3, t);
      else a.fill(BROKER, PROVIDER, 990_000, 4, t);
      if (rand() < 0.1) a.mint(10, t);
    }
    const cut = 250 * 3; // about the middle
    const saved = JSON.parse(JSON.stringify(restoredFrom(turns.slice(0, cut)).toData())) as EstimatesData;
    const restored = new QuoterEstimates(FLAT, BROKER, saved);
    for (const turn of turns.slice(cut)) restored.apply(turn);
    expect(JSON.stringify(restored.toData())).toBe(JSON.stringify(a.est.toData()));
    // Restored into the same classes as fresh estimates (whose float fields V8 updates in place;
    // a decoded object's allocate at every store), so a restarted quoter is as fast as a fresh one.
    const fresh = a.est.get(1)!;
    const back = restored.get(1)!;
    expect(back).not.toBe(saved.series[0]);
    for (const [x, y] of [[back, fresh], [back.anchorQty, fresh.anchorQty], [back.vol, fresh.vol], [back.vol.squares, fresh.vol.squares], [back.vol.sides[0], fresh.vol.sides[0]], [back.intensity, fresh.intensity], [back.cost, fresh.cost], [restored.broker, a.est.broker]] as const) {
      expect(Object.getPrototypeOf(x)).toBe(Object.getPrototypeOf(y));
      expect(Object.getPrototypeOf(x)).not.toBe(Object.prototype);
    }
  });
});

function restoredFrom(turns: Turn[]): QuoterEstimates {
  const est = new QuoterEstimates(FLAT, BROKER);
  for (const t of turns) est.apply(t);
  return est;
}
