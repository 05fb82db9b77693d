/**
 * The session's spending limit (src/mcp/spending-limit.ts): a buy counts its worst case
 * before it is sent and is refused past the limit with what is committed and left; the
 * exchange's answer replaces the worst case by what was paid plus what still rests; fills of
 * a resting buy count their price, a cancel gives its rest back.
 */
import { describe, expect, it } from 'vitest';
import { ToolRefusal } from '../../src/mcp/refusal.js';
import { NOTHING_DONE, SpendingLimit } from '../../src/mcp/spending-limit.js';
import { PatxHttpError } from '../../src/client/http.js';

function refusal(f: () => void): ToolRefusal {
  try {
    f();
  } catch (error) {
    return error as ToolRefusal;
  }
  throw new Error('not refused');
}

describe('SpendingLimit', () => {
  it('refuses a buy whose worst case is past the limit, saying what is committed and left, and commits nothing', () => {
    const limit = new SpendingLimit(3_000_000);
    limit.commit(1_800_000, 'buying 2');
    const r = refusal(() => limit.commit(1_800_000, 'buying 2 more'));
    expect(r.code).toBe('SPENDING_LIMIT');
    expect(r.message).toContain('buying 2 more could cost up to 1.8 PAT, more than this session has left: 1.8 PAT of its 3 PAT limit is committed, 1.2 PAT left. Nothing was sent.');
    expect(r.details).toEqual({ limitMicros: 3_000_000, committedMicros: 1_800_000, leftMicros: 1_200_000, askedMicros: 1_800_000 });
    expect(limit.status()).toEqual({ limit: '3', committed: '1.8', left: '1.2' });
    limit.commit(1_200_000, 'exactly what is left');
    expect(limit.leftMicros).toBe(0);
  });

  it('a limit of 0 says how to raise it', () => {
    const r = refusal(() => new SpendingLimit(0).commit(1, 'a buy'));
    expect(r.message).toContain('--max-spend <PAT> (or PATX_MCP_MAX_SPEND)');
  });

  it('an answered buy counts what it paid and its resting rest at the limit; fills and cancels of the rest adjust it', () => {
    const limit = new SpendingLimit(10_000_000);
    limit.commit(4 * 900_000, 'buying 4 at 0.9');
    limit.settleBuy(4 * 900_000, 800_000, 7, 3, 900_000); // 1 filled at 0.8, 3 rest at 0.9
    expect(limit.committedMicros).toBe(800_000 + 2_700_000);
    limit.restingFilled(7, 1, 850_000);
    expect(limit.committedMicros).toBe(800_000 + 850_000 + 1_800_000);
    limit.restingEnded(7, 2);
    expect(limit.committedMicros).toBe(1_650_000);
    limit.restingEnded(7, 2); // already ended: nothing more given back
    limit.restingFilled(99, 5, 1); // not this session's order
    expect(limit.committedMicros).toBe(1_650_000);
  });

  it('a refused buy and an unspent budget are given back', () => {
    const limit = new SpendingLimit(5_000_000);
    limit.commit(5_000_000, 'a subscription');
    limit.giveBack(3_400_000);
    expect(limit.status()).toEqual({ limit: '5', committed: '1.6', left: '3.4' });
    limit.commit(1_000_000, 'a buy');
    limit.settleBuy(1_000_000, 0, 0, 0, 1_000_000); // rejected: nothing paid, nothing rests
    expect(limit.committedMicros).toBe(1_600_000);
  });

  it('an unanswered buy stays counted until its outcome is known; resting buys found at start are counted; fills count their fee', () => {
    const limit = new SpendingLimit(5_000_000);
    limit.countRestingBuy(3, 4, 550_000); // an earlier session's: 4 resting at 0.5 with a 10% fee held
    expect(limit.committedMicros).toBe(2_200_000);
    limit.restingFilled(3, 1, 500_000, 50_000);
    expect(limit.committedMicros).toBe(2_200_000); // paid exactly its worst
    limit.commit(2_000_000, 'buying 4 at 0.5');
    limit.holdUnsettled({ clientOrderId: 77, side: 'buy', seriesId: 1, qty: 4, priceMicros: 500_000, perUnitMicros: 500_000, worstMicros: 2_000_000, sentOn: undefined });
    expect(limit.committedMicros).toBe(4_200_000);
    expect(limit.placedAfterAll(77)).toBeUndefined();
    limit.settleUnsettled(77, { orderId: 9, filledQty: 0, paidMicros: 0, leavesQty: 4 }); // found resting, nothing filled
    expect(limit.unsettledOrders()).toEqual([]);
    expect(limit.placedAfterAll(77)?.clientOrderId).toBe(77);
    expect(limit.committedMicros).toBe(4_200_000);
    limit.restingEnded(9, 4);
    expect(limit.committedMicros).toBe(2_200_000);
  });

  it("a spend over HTTP whose answer never came (TIMEOUT, UNREACHABLE) stays counted and says where to look; one the exchange refused is given back", () => {
    const limit = new SpendingLimit(5_000_000);
    limit.commit(2_000_000, 'a subscription');
    const lost = limit.failedSpend(2_000_000, new PatxHttpError('TIMEOUT', 'the gateway at http://127.0.0.1:1 did not answer in time', 0), 'list_subscriptions');
    expect(lost).toBeInstanceOf(ToolRefusal);
    expect((lost as ToolRefusal).code).toBe('TIMEOUT');
    expect((lost as ToolRefusal).message).toMatch(/may have been made: list_subscriptions shows it.*stay counted/);
    expect(limit.committedMicros).toBe(2_000_000);
    limit.commit(1_000_000, 'a bundle');
    const refused = new PatxHttpError('UNKNOWN_BUNDLE', 'no bundle nope', 404);
    expect(limit.failedSpend(1_000_000, refused, 'get_balances')).toBe(refused);
    expect(limit.committedMicros).toBe(2_000_000);
  });
});

describe('a sale that can hold PAT (order-cost.ts saleWorstPerRightMicros, SpendingLimit.settleSale)', () => {
  const terms = { priceMicros: 800_000, qty: 10, immediate: false, maxPriceMicros: 2_000_000, heldAvailable: 0, feeBps: 0 };

  it('counts nothing for a spot sale or one that only closes a long, the collateral for a forward, twice the highest price for an opening short', async () => {
    const { saleWorstPerRightMicros } = await import('../../src/mcp/order-cost.js');
    expect(saleWorstPerRightMicros({ ...terms, kind: 'SPOT' })).toBe(0);
    expect(saleWorstPerRightMicros({ ...terms, kind: 'FORWARD' })).toBe(800_000);
    expect(saleWorstPerRightMicros({ ...terms, kind: 'FORWARD', feeBps: 100 })).toBe(808_000);
    expect(saleWorstPerRightMicros({ ...terms, kind: 'SYNTHETIC' })).toBe(4_000_000);
    expect(saleWorstPerRightMicros({ ...terms, kind: 'CALL', feeBps: 100 })).toBe(4_020_000);
    expect(saleWorstPerRightMicros({ ...terms, kind: 'PUT', heldAvailable: 9 })).toBe(4_000_000); // writes one
    expect(saleWorstPerRightMicros({ ...terms, kind: 'PUT', heldAvailable: 10 })).toBe(0); // closes: no margin
    expect(saleWorstPerRightMicros({ ...terms, kind: 'SYNTHETIC', heldAvailable: 10 })).toBe(4_000_000); // rests: holds margin
    expect(saleWorstPerRightMicros({ ...terms, kind: 'SYNTHETIC', heldAvailable: 10, immediate: true })).toBe(0);
  });

  it('keeps a margined sale\'s fills counted at their worst, gives back what neither filled nor rests, and a cancelled rest', () => {
    const limit = new SpendingLimit(50_000_000);
    limit.commit(40_000_000, 'selling 10');
    limit.settleSale(40_000_000, 3, 7, 5, 4_000_000); // 3 filled, 5 rest, 2 cancelled at once
    expect(limit.committedMicros).toBe(32_000_000);
    limit.restingFilled(7, 2, 800_000, 0);
    expect(limit.committedMicros).toBe(32_000_000);
    limit.restingEnded(7, 3);
    expect(limit.committedMicros).toBe(20_000_000);
  });

  it('an unanswered sale stays counted at its worst until known; then its fills stay counted, its rest until it ends, the rest is given back', () => {
    const limit = new SpendingLimit(50_000_000);
    limit.commit(40_000_000, 'selling 10');
    limit.holdUnsettled({ clientOrderId: 5, side: 'sell', seriesId: 2, qty: 10, priceMicros: 800_000, perUnitMicros: 4_000_000, worstMicros: 40_000_000, sentOn: undefined });
    expect(limit.committedMicros).toBe(40_000_000);
    limit.settleUnsettled(5, { orderId: 12, filledQty: 3, paidMicros: 0, leavesQty: 4 }); // 3 filled, 4 rest, 3 cancelled
    expect(limit.unsettledOrders()).toEqual([]);
    expect(limit.committedMicros).toBe(28_000_000);
    limit.restingFilled(12, 1, 800_000, 0); // a margined fill: still its worst
    limit.restingEnded(12, 3);
    expect(limit.committedMicros).toBe(16_000_000);
    // One found refused (or never placed, asked where it was sent) gives all of it back.
    limit.commit(8_000_000, 'selling 2');
    limit.holdUnsettled({ clientOrderId: 6, side: 'sell', seriesId: 2, qty: 2, priceMicros: 800_000, perUnitMicros: 4_000_000, worstMicros: 8_000_000, sentOn: undefined });
    limit.settleUnsettled(6, NOTHING_DONE);
    expect(limit.committedMicros).toBe(16_000_000);
    expect(limit.placedAfterAll(6)).toBeUndefined();
  });

  it("counts a sale that holds PAT resting from before the session at its worst, keeps its fills, gives back its cancelled rest", () => {
    const limit = new SpendingLimit(10_000_000);
    limit.countRestingSale(4, 2, 4_000_000);
    limit.countRestingSale(4, 2, 4_000_000); // counted once
    limit.countRestingSale(8, 3, 0); // holds nothing: not counted
    expect(limit.committedMicros).toBe(8_000_000);
    limit.restingFilled(4, 1, 900_000, 0);
    expect(limit.committedMicros).toBe(8_000_000);
    limit.restingEnded(4, 1);
    expect(limit.committedMicros).toBe(4_000_000);
  });
});
