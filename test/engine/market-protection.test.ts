/**
 * A market order's protection by engine rules (src/engine/products/rules.ts, version 6): from
 * rules 6 it is anchored at the best opposite price at entry (as CME's market orders with
 * protection, and as the CLI and MCP send an order with no limit: src/client/order-protection.ts),
 * moved by the series' band and kept within the risk band around the reference; under 0–5 at the
 * reference. The demo's case: the broker quotes around its forecast, 8% above a lagging reference,
 * beyond a 5% band from it. A journal written under rules 5 recovers as it was recorded.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CancelReason,
  CommandKind,
  CURRENT_RULES,
  EventType,
  Journal,
  OrderType,
  RejectReason,
  Role,
  recover,
  Side,
  stateHash,
  SYSTEM_ACTOR,
  TimeInForce,
  type Command,
  type EngineEvent,
  type JournalBatch,
} from '../../src/engine/index.js';
import { TOUCH_PROTECTION_RULES } from '../../src/engine/core/order-entry.js';
import { protectedLimitMicros } from '../../src/client/order-protection.js';
import { accepted, canceled, createFixture, EngineFixture, expectEvent, expectRefused, fills, PAT, type FixtureOptions } from '../support/engine-fixture.js';

const { BUY, SELL } = Side;
/** The service's risk band (config: risk.priceBandBps 2,000); the fixture's series band is 5%. */
const RISK_BAND_BPS = 2_000;

/** The demo's numbers: the reference lags at 0.8700, the broker asks 0.9410 (8% above it), then 0.9880 and 0.9890. */
const REFERENCE = 870_000;
const ASK = 941_000;
/** ASK + 5% = 988,050, rounded down onto the 0.001 tick: the last price a market buy may pay under rules 6. */
const ASK_PLUS_BAND = 988_000;

function adopt(fx: EngineFixture, version: number): void {
  expectEvent(fx.submit({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version }), EventType.RULES_ADOPTED);
}

function setRiskBand(fx: EngineFixture, bps: number): void {
  expectEvent(fx.submit({ kind: CommandKind.SET_PARAM, actor: fx.operator, name: 'risk.priceBandBps', value: bps }), EventType.PARAM_CHANGED);
}

/** A fixture under `rules` (adopted before anything is minted, as the service does at start) with the service's risk band. */
function market(rules: number, opts: FixtureOptions = {}): EngineFixture {
  const fx = createFixture({ ...opts, providerMint: 0, brokerRights: 0 });
  adopt(fx, rules);
  for (const p of fx.providers) expectEvent(fx.mint(p, 500), EventType.RIGHTS_MINTED);
  // The broker's stock, bought from the first provider.
  fx.sell(fx.providers[0]!, 500_000, 200);
  expect(fills(fx.buy(fx.broker, 500_000, 200)).reduce((n, f) => n + f.qty, 0)).toBe(200);
  setRiskBand(fx, RISK_BAND_BPS);
  return fx;
}

/** The broker's asks of the demo, the reference lagging below them. */
function demoAsks(fx: EngineFixture): void {
  fx.place(fx.broker, SELL, ASK, 5);
  fx.place(fx.broker, SELL, ASK_PLUS_BAND, 2);
  fx.place(fx.broker, SELL, ASK_PLUS_BAND + 1_000, 4);
  fx.setReference(REFERENCE);
}

function marketBuy(fx: EngineFixture, qty: number): EngineEvent[] {
  return fx.order(fx.consumers[0]!, { orderType: OrderType.MARKET, side: BUY, qty });
}

const filled = (ev: EngineEvent[]): number[][] => fills(ev).map((f) => [f.priceMicros, f.qty]);

describe('market order protection', () => {
  it('rules 6 is in force from 6 on (7 is current), and ADOPT_RULES 6 asks nothing more of the state', () => {
    expect(TOUCH_PROTECTION_RULES).toBe(6);
    expect(CURRENT_RULES).toBeGreaterThanOrEqual(TOUCH_PROTECTION_RULES);
    const fx = market(5);
    demoAsks(fx);
    expect(fx.engine.rules.keptBy(6)).toBe(true);
    adopt(fx, 6);
    expect(fx.engine.rulesVersion).toBe(6);
  });

  it('under rules 6 a market buy fills against a broker ask 8% above the reference, up to that ask plus the band', () => {
    const fx = market(6);
    demoAsks(fx);
    const c = fx.consumers[0]!;
    const before = fx.available(c);
    const ev = marketBuy(fx, 10);
    expect(accepted(ev)[0]!.priceMicros).toBe(ASK_PLUS_BAND); // the protection limit
    expect(filled(ev)).toEqual([
      [ASK, 5],
      [ASK_PLUS_BAND, 2],
    ]);
    // The level one tick beyond the ask plus the band is left.
    expect(canceled(ev)).toEqual([expect.objectContaining({ reason: CancelReason.MARKET_PROTECTION, canceledQty: 3, cumQty: 7 })]);
    expect(fx.series().brokerSells.depth(SELL, 5)).toEqual([[ASK_PLUS_BAND + 1_000, 4, 1]]);
    // Paid the trade prices; the hold at the protection limit came back.
    expect(fx.available(c)).toBe(before - (5 * ASK + 2 * ASK_PLUS_BAND));
    expect(fx.held(c)).toBe(0);
  });

  it('under rules 5 the same market buy is protected from the reference and cancelled with nothing filled', () => {
    const fx = market(5);
    demoAsks(fx);
    const c = fx.consumers[0]!;
    const before = fx.available(c);
    const ev = marketBuy(fx, 10);
    expect(accepted(ev)[0]!.priceMicros).toBe(913_000); // 0.8700 + 5%, below the ask
    expect(fills(ev)).toEqual([]);
    expect(canceled(ev)).toEqual([expect.objectContaining({ reason: CancelReason.MARKET_PROTECTION, canceledQty: 10, cumQty: 0 })]);
    expect(fx.available(c)).toBe(before);
    expect(fx.series().brokerSells.depth(SELL, 5)).toHaveLength(3);
  });

  it('the sell side is symmetric: down to the best bid less the band under rules 6, nothing under rules 5', () => {
    const bids = (fx: EngineFixture): void => {
      fx.place(fx.broker, BUY, 920_000, 2); // 8% below the reference
      fx.place(fx.broker, BUY, 874_000, 3); // 920,000 − 5%: the last price a market sell may take
      fx.place(fx.broker, BUY, 873_000, 4);
      fx.setReference(1_000_000);
    };
    const marketSell = (fx: EngineFixture): EngineEvent[] => fx.order(fx.providers[1]!, { orderType: OrderType.MARKET, side: SELL, qty: 10 });

    const six = market(6);
    bids(six);
    const p = six.providers[1]!;
    const before = six.available(p) + six.acct(p).lockedMicros;
    const sold = marketSell(six);
    expect(accepted(sold)[0]!.priceMicros).toBe(874_000);
    expect(filled(sold)).toEqual([
      [920_000, 2],
      [874_000, 3],
    ]);
    expect(canceled(sold)).toEqual([expect.objectContaining({ reason: CancelReason.MARKET_PROTECTION, canceledQty: 5 })]);
    expect(six.series().brokerBuys.depth(BUY, 5)).toEqual([[873_000, 4, 1]]);
    expect(six.available(p) + six.acct(p).lockedMicros).toBe(before + 2 * 920_000 + 3 * 874_000);

    const five = market(5);
    bids(five);
    const unsold = marketSell(five);
    expect(accepted(unsold)[0]!.priceMicros).toBe(950_000);
    expect(fills(unsold)).toEqual([]);
    expect(canceled(unsold)).toEqual([expect.objectContaining({ reason: CancelReason.MARKET_PROTECTION, canceledQty: 10 })]);
  });

  it('under rules 6 it never trades past the risk band around the reference, where a limit order is refused', () => {
    const fx = market(6);
    const edge = 1_044_000; // 0.8700 + 20%
    fx.place(fx.broker, SELL, 1_000_000, 3);
    fx.place(fx.broker, SELL, edge, 1);
    fx.place(fx.broker, SELL, edge + 1_000, 2); // within the ask plus 5%, beyond the risk band
    fx.setReference(REFERENCE);
    expectRefused(fx, RejectReason.PRICE_OUTSIDE_BAND, () => fx.buy(fx.consumers[1]!, edge + 1_000, 1, { tif: TimeInForce.IOC }));
    const ev = marketBuy(fx, 10);
    expect(accepted(ev)[0]!.priceMicros).toBe(edge);
    expect(filled(ev)).toEqual([
      [1_000_000, 3],
      [edge, 1],
    ]);
    expect(canceled(ev)).toEqual([expect.objectContaining({ reason: CancelReason.MARKET_PROTECTION, canceledQty: 6 })]);

    // An ask wholly beyond the risk band: nothing trades (the client's IOC limit there is refused).
    const far = market(6);
    far.place(far.broker, SELL, 1_100_000, 3);
    far.setReference(REFERENCE);
    const none = marketBuy(far, 2);
    expect(fills(none)).toEqual([]);
    expect(canceled(none)).toEqual([expect.objectContaining({ reason: CancelReason.MARKET_PROTECTION, canceledQty: 2 })]);
  });

  it('under rules 6 with nothing opposite: cancelled NO_LIQUIDITY with a reference, refused NO_REFERENCE_PRICE without, as before', () => {
    const fx = market(6);
    expectRefused(fx, RejectReason.NO_REFERENCE_PRICE, () => marketBuy(fx, 1));
    expectRefused(fx, RejectReason.NO_REFERENCE_PRICE, () => fx.order(fx.providers[1]!, { orderType: OrderType.MARKET, side: SELL, qty: 1 }));
    fx.setReference(REFERENCE);
    const c = fx.consumers[0]!;
    const before = fx.available(c);
    const ev = marketBuy(fx, 3);
    expect(ev.map((e) => e.type)).toEqual([EventType.ORDER_ACCEPTED, EventType.ORDER_CANCELED]);
    expect(canceled(ev)[0]).toMatchObject({ reason: CancelReason.NO_LIQUIDITY, canceledQty: 3 });
    expect(fx.available(c)).toBe(before);
  });

  it("the engine's limit under rules 6 is the client's limit for an order with no limit (one formula)", () => {
    const fx = market(6);
    demoAsks(fx);
    const s = fx.series();
    const book = { bids: [], asks: s.brokerSells.depth(SELL, 1).map(([priceMicros]) => ({ priceMicros: priceMicros! })) };
    const clientLimit = protectedLimitMicros({ ...s, book }, 'BUY');
    expect(clientLimit).toBe(ASK_PLUS_BAND);
    expect(accepted(marketBuy(fx, 1))[0]!.priceMicros).toBe(clientLimit);

    // Where the risk band around the reference binds, the client's bound is its edge too (the engine's; an IOC limit past it is refused).
    const banded = market(6);
    banded.place(banded.broker, SELL, 1_000_000, 3);
    banded.setReference(REFERENCE);
    const b = banded.series();
    const asks = b.brokerSells.depth(SELL, 1).map(([priceMicros]) => ({ priceMicros: priceMicros! }));
    const view = { ...b, referencePriceMicros: REFERENCE, book: { bids: [], asks } };
    expect(protectedLimitMicros(view, 'BUY')).toBe(1_050_000); // an exchange that names no risk band: the touch's bound
    const bounded = protectedLimitMicros({ ...view, priceBandBps: RISK_BAND_BPS }, 'BUY');
    expect(bounded).toBe(1_044_000);
    expect(accepted(marketBuy(banded, 1))[0]!.priceMicros).toBe(bounded);
    expect(filled(banded.buy(banded.consumers[1]!, bounded!, 1, { tif: TimeInForce.IOC }))).toEqual([[1_000_000, 1]]);
  });

  it('at a price of a few ticks: under rules 11 the band floor (5 ticks) is the risk band\'s edge; from rules 15 the touch\'s band is 5 ticks too, the engine and the client agree', () => {
    const cheapUnder = (rules: number) => {
      const cheap = market(rules);
      cheap.place(cheap.broker, SELL, 3_000, 3); // an ask 3 ticks above a reference of 1 tick
      cheap.setReference(1_000);
      const c = cheap.series();
      const asks = c.brokerSells.depth(SELL, 1).map(([priceMicros]) => ({ priceMicros: priceMicros! }));
      return { cheap, view: { ...c, referencePriceMicros: 1_000, priceBandBps: RISK_BAND_BPS, book: { bids: [], asks } } };
    };
    const { cheap, view } = cheapUnder(15);
    // The 20% band alone is under a tick (the edge the reference itself), so the ask was out of reach.
    expect(protectedLimitMicros(view, 'BUY')).toBe(1_000);
    // The touch's bound: 3 ticks + 5% rounded down is the touch itself (3,000), where a tick's move left the buy unfilled;
    // at least 5 ticks past it, 8,000, capped by the risk band's floor of 5 ticks around the reference: 6,000.
    const floored = protectedLimitMicros({ ...view, priceBandMinMicros: 5 * 1_000 }, 'BUY');
    expect(floored).toBe(6_000);
    expect(accepted(marketBuy(cheap, 1))[0]!.priceMicros).toBe(floored);
    expect(filled(cheap.buy(cheap.consumers[1]!, floored!, 1, { tif: TimeInForce.IOC }))).toEqual([[3_000, 1]]);
    // Under rules 11 the engine's own market order stopped at the touch's 3,000.
    expect(accepted(marketBuy(cheapUnder(11).cheap, 1))[0]!.priceMicros).toBe(3_000);
  });
});

describe('a journal written under rules 5', () => {
  let dir = '';
  afterEach(() => {
    if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  it('recovers as recorded: the market buy unfilled, still under rules 5 until ADOPT_RULES 6', async () => {
    // Every command the fixture applies is journaled as its own batch, with its time.
    const fx = new EngineFixture();
    const batches: JournalBatch[] = [];
    const apply = fx.submit.bind(fx);
    fx.submit = (cmd: Command, timeMs = fx.nowMs): EngineEvent[] => {
      batches.push({ firstSeq: fx.engine.lastSeq + 1, timeMs, commands: [cmd] });
      return apply(cmd, timeMs);
    };
    fx.operator = fx.newAccount(Role.OPERATOR);
    fx.broker = fx.newAccount(Role.BROKER);
    fx.consumers.push(fx.newAccount(Role.CONSUMER));
    fx.seriesId = fx.newSeries();
    adopt(fx, 5);
    expectEvent(fx.deposit(fx.broker, 1_000 * PAT), EventType.DEPOSIT_CREDITED);
    expectEvent(fx.deposit(fx.consumers[0]!, 1_000 * PAT), EventType.DEPOSIT_CREDITED);
    fx.providers.push(fx.newAccount(Role.PROVIDER));
    expectEvent(fx.declareCapacity(fx.providers[0]!, 1_000), EventType.CAPACITY_DECLARED);
    expectEvent(fx.mint(fx.providers[0]!, 200), EventType.RIGHTS_MINTED);
    fx.sell(fx.providers[0]!, 500_000, 200);
    fx.buy(fx.broker, 500_000, 200);
    setRiskBand(fx, RISK_BAND_BPS);
    demoAsks(fx);
    const live = marketBuy(fx, 10);
    expect(fills(live)).toEqual([]);
    const recorded = stateHash(fx.engine);

    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patx-market-protection-'));
    const journal = Journal.open(dir, { durability: 'commit' });
    try {
      for (const b of batches) await journal.append(b);
      const recovered = recover(journal, {}, true);
      expect(recovered.replayedCommands).toBe(batches.length);
      expect(recovered.engine.rulesVersion).toBe(5);
      expect(recovered.stateHash).toBe(recorded);
    } finally {
      await journal.close();
    }

    // Going on under this code, the engine keeps the journal's rules: the same buy is still cancelled, until rules 6 are adopted.
    expect(fills(marketBuy(fx, 10))).toEqual([]);
    adopt(fx, 6);
    expect(filled(marketBuy(fx, 10))).toEqual([
      [ASK, 5],
      [ASK_PLUS_BAND, 2],
    ]);
  });
});
