/**
 * The engine's rules by version (src/engine/products/rules.ts): an engine starts under rules 0,
 * which bound nothing, and moves up only by ADOPT_RULES from the system, refused when
 * its state already breaks the newer rules. Rules 1 bound the rights in one spot or
 * forward position at MAX_POSITION_RIGHTS: every command that would take a position
 * past it is refused POSITION_LIMIT and changes nothing. The version rides in snapshots.
 */
import { describe, expect, it } from 'vitest';
import {
  CommandKind,
  CURRENT_RULES,
  decodeState,
  encodeState,
  EventType,
  MAX_POSITION_RIGHTS,
  RejectReason,
  SeriesKind,
  StateCodecError,
  stateHash,
  SYSTEM_ACTOR,
  type EngineEvent,
} from '../../src/engine/index.js';
import { BinaryWriter } from '../../src/engine/durability/binary.js';
import { PAT, Side, T0, WINDOW_MS, createFixture, expectEvent, expectRefused, orderIdOf, rejectionName, type EngineFixture } from '../support/engine-fixture.js';

const BOUND = MAX_POSITION_RIGHTS;

/** Prices of 1..1,000 µPAT, so a bid for close to 10^9 rights is affordable. */
function market(): EngineFixture {
  return createFixture({
    series: { tickMicros: 1, minPriceMicros: 1, maxPriceMicros: 1_000, maxOrderQty: 2 * BOUND },
    consumerMicros: 10_000 * PAT,
    brokerMicros: 10_000 * PAT,
    seedPriceMicros: 500,
  });
}

function adopt(fx: EngineFixture, version = CURRENT_RULES, actor = SYSTEM_ACTOR): EngineEvent[] {
  return fx.submit({ kind: CommandKind.ADOPT_RULES, actor, version });
}

describe('engine rules', () => {
  it('an engine starts under rules 0, which bound nothing', () => {
    const fx = market();
    expect(fx.ee.engine.rulesVersion).toBe(0);
    expectEvent(fx.declareCapacity(fx.providers[0]!, 1e12), EventType.CAPACITY_DECLARED);
    expectEvent(fx.buy(fx.consumers[0]!, 1, BOUND + 1), EventType.ORDER_ACCEPTED);
  });

  it('ADOPT_RULES comes from the system only, names a newer version this code knows, and is refused while a position is past the bound', () => {
    const fx = market();
    expectRefused(fx, RejectReason.ROLE_NOT_ALLOWED, () => adopt(fx, CURRENT_RULES, fx.operator));
    for (const version of [0, CURRENT_RULES + 1, 0.5, -1, Number.NaN]) expectRefused(fx, RejectReason.UNKNOWN_RULES, () => adopt(fx, version));
    expectEvent(fx.declareCapacity(fx.providers[0]!, BOUND + 1), EventType.CAPACITY_DECLARED);
    expectRefused(fx, RejectReason.RULES_NOT_MET, () => adopt(fx));
    expectEvent(fx.declareCapacity(fx.providers[0]!, BOUND), EventType.CAPACITY_DECLARED);
    // Rights held plus open bids count too.
    const bid = fx.place(fx.consumers[0]!, 1, 1, BOUND + 1 - fx.rights(fx.consumers[0]!)[0]);
    expectRefused(fx, RejectReason.RULES_NOT_MET, () => adopt(fx));
    expectEvent(fx.cancel(fx.consumers[0]!, bid), EventType.ORDER_CANCELED);
    const ev = adopt(fx);
    expect(ev).toEqual([{ type: EventType.RULES_ADOPTED, seq: fx.ee.engine.lastSeq, version: CURRENT_RULES }]);
    expect(fx.ee.engine.rulesVersion).toBe(CURRENT_RULES);
    expectRefused(fx, RejectReason.UNKNOWN_RULES, () => adopt(fx));
  });

  it('from rules 1 no declaration, mint, bid, amend or bid ladder takes a position past the bound; up to it exactly is allowed', () => {
    const fx = market();
    expectEvent(adopt(fx), EventType.RULES_ADOPTED);
    const [provider] = fx.providers as [number];
    const [consumer] = fx.consumers as [number];
    const owned = fx.rights(consumer)[0];
    expectRefused(fx, RejectReason.POSITION_LIMIT, () => fx.declareCapacity(provider, BOUND + 1));
    expectEvent(fx.declareCapacity(provider, BOUND), EventType.CAPACITY_DECLARED);
    // A provider only sells and holds at most what it minted, within its capacity: the bound holds there.
    const minted = fx.ee.engine.accounts[provider]!.positions.get(fx.seriesId)!.minted;
    expectRefused(fx, RejectReason.CAPACITY_EXCEEDED, () => fx.mint(provider, BOUND - minted + 1));
    expectEvent(fx.mint(provider, BOUND - minted), EventType.RIGHTS_MINTED);

    // A consumer's rights plus open bids plus the new bid.
    const first = fx.place(consumer, 1, 1, 600_000_000);
    expectRefused(fx, RejectReason.POSITION_LIMIT, () => fx.buy(consumer, 1, BOUND - 600_000_000 - owned + 1));
    expectRefused(fx, RejectReason.POSITION_LIMIT, () => fx.buy(consumer, 1, BOUND + 1));
    const second = fx.place(consumer, 1, 1, BOUND - 600_000_000 - owned);
    expectRefused(fx, RejectReason.POSITION_LIMIT, () => fx.buy(consumer, 1, 1));
    // A larger bid is an amend that adds; a smaller one always passes, and frees room.
    expectRefused(fx, RejectReason.POSITION_LIMIT, () => fx.amend(consumer, first, 600_000_001, 1));
    expect(rejectionName(fx.amend(consumer, first, 500_000_000, 1))).toBe('NONE');
    expect(rejectionName(fx.amend(consumer, second, BOUND - 500_000_000 - owned, 1))).toBe('NONE');
    // Selling is never bounded.
    expect(orderIdOf(fx.sell(provider, 900, 1_000))).toBeGreaterThan(0);

    // The broker's bid ladder: what it owns, its other bids and the new ladder.
    const brokerOwned = fx.rights(fx.broker)[0];
    expectRefused(fx, RejectReason.POSITION_LIMIT, () => fx.massQuote([[2, BOUND - brokerOwned], [1, 1]], [[990, 10]]));
    expect(rejectionName(fx.massQuote([[2, BOUND - brokerOwned - 1], [1, 1]], [[990, 10]]))).toBe('NONE');
    // Replacing the ladder with one no larger is not refused, however full the position.
    expect(rejectionName(fx.massQuote([[2, 100]], [[990, 10]]))).toBe('NONE');
  });

  it('from rules 1 a forward pledge is bounded too', () => {
    const fx = market();
    expectEvent(adopt(fx), EventType.RULES_ADOPTED);
    fx.newSeries({ openAtMs: T0 + WINDOW_MS });
    const forward = fx.newSeries({ openAtMs: T0 + WINDOW_MS, seriesKind: SeriesKind.FORWARD });
    expectRefused(fx, RejectReason.POSITION_LIMIT, () => fx.declareCapacity(fx.providers[0]!, BOUND + 1, forward));
    expectEvent(fx.declareCapacity(fx.providers[0]!, BOUND, forward), EventType.CAPACITY_DECLARED);
  });

  it('from rules 2 an amend that enlarges a bid meets the position and exposure limits, and a ladder that adds nothing meets none; under rules 1 (older journals) neither', () => {
    for (const version of [1, 2]) {
      const fx = createFixture(); // prices around 1 PAT; the broker owns 200 rights
      expectEvent(adopt(fx, version), EventType.RULES_ADOPTED);
      const setParam = (name: string, value: number): void => expectEvent(fx.submit({ kind: CommandKind.SET_PARAM, actor: fx.operator, name, value }), EventType.PARAM_CHANGED);
      const outcome = (ev: EngineEvent[]): string => rejectionName(ev);
      const [consumer] = fx.consumers as [number];
      setParam('risk.maxPositionQty', 10);
      const bid = fx.place(consumer, Side.BUY, 500_000, 8); // below the broker's asks to come
      // The consumer's long would be 11: a new buy of 3 is refused under both, an amend to 11 from rules 2.
      expectRefused(fx, RejectReason.POSITION_LIMIT, () => fx.buy(consumer, 500_000, 3));
      if (version === 2) {
        expectRefused(fx, RejectReason.POSITION_LIMIT, () => fx.amend(consumer, bid, 11, 500_000)); // and nothing changed
        expect(outcome(fx.amend(consumer, bid, 10, 500_000))).toBe('NONE'); // up to the limit exactly
      } else {
        expect(outcome(fx.amend(consumer, bid, 11, 500_000))).toBe('NONE');
      }

      // The broker: 200 owned + 50 quote bids = 250, then a bid of 10 of its own.
      setParam('risk.brokerMaxLongSeries', 300);
      expect(outcome(fx.massQuote([[400_000, 50]], [[900_000, 10]]))).toBe('NONE');
      const own = fx.place(fx.broker, Side.BUY, 300_000, 10);
      expect(outcome(fx.amend(fx.broker, own, 50, 300_000))).toBe('NONE'); // 300: at the limit
      expect(outcome(fx.amend(fx.broker, own, 51, 300_000))).toBe(version === 2 ? 'EXPOSURE_LIMIT_SERIES' : 'NONE');
      // The limit lowered below the broker's long: re-pricing the same bids adds nothing.
      setParam('risk.brokerMaxLongSeries', 240);
      expect(outcome(fx.massQuote([[410_000, 50]], [[900_000, 10]]))).toBe(version === 2 ? 'NONE' : 'EXPOSURE_LIMIT_SERIES');
      expect(outcome(fx.massQuote([[410_000, 40], [400_000, 9]], [[900_000, 10]]))).toBe(version === 2 ? 'NONE' : 'EXPOSURE_LIMIT_SERIES');
      expectRefused(fx, RejectReason.EXPOSURE_LIMIT_SERIES, () => fx.massQuote([[410_000, 51]], [[900_000, 10]]));
    }
  });

  it('the version rides in snapshots: decoded under rules 1 the bound holds; format 5 decodes under rules 0; unknown rules are refused', () => {
    const fx = market();
    expectEvent(adopt(fx), EventType.RULES_ADOPTED);
    const bytes = encodeState(fx.ee.engine);
    const decoded = decodeState(bytes);
    expect(decoded.rulesVersion).toBe(CURRENT_RULES);
    expect(stateHash(decoded)).toBe(stateHash(fx.ee.engine));
    expect(decoded.maxPositionRights).toBe(BOUND);
    expect(decodeState(encodeState(fx.ee.engine, 5)).rulesVersion).toBe(0);
    // In format 6 the version is the snapshot's last number (format 7 writes the escrow section after it): rewrite it.
    const six = encodeState(fx.ee.engine, 6);
    const head = six.subarray(0, six.length - 1);
    expect(six[six.length - 1]).toBe(CURRENT_RULES); // a compact number below 128 is one byte
    for (const bad of [CURRENT_RULES + 1, 0.5, -1]) {
      const w = new BinaryWriter(16);
      w.number(bad);
      const tail = w.toBytes();
      const forged = new Uint8Array(head.length + tail.length);
      forged.set(head);
      forged.set(tail, head.length);
      expect(() => decodeState(forged), String(bad)).toThrow(StateCodecError);
    }
  });
});
