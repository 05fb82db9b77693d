/**
 * Fees in the console's trade ticket and fill records (docs/fees.md), without a browser: the
 * outcome line names the fee a fill charged (each report's `fee_micros`), and reads as it
 * always did when none was charged; a session records each fill's fee.
 */
import { describe, expect, it } from 'vitest';
import { wire } from '../../src/proto/index.js';
import { feeLine, outcomeOfAck, outcomeText, type TicketOrder } from '../../web/src/trade-ticket-logic.js';

const order: TicketOrder = { side: 'buy', qty: 3, priceMicros: 600_000, tif: 'ioc', notionalMicros: 1_800_000, confirm: false };
const trade = (qty: number, priceMicros: number, leaves: number, feeMicros?: number) => ({
  execType: wire.ExecType.EXEC_TRADE,
  ordStatus: leaves > 0 ? wire.OrdStatus.ORDER_PARTIALLY_FILLED : wire.OrdStatus.ORDER_FILLED,
  orderId: 9,
  lastQty: qty,
  lastPriceMicros: priceMicros,
  leavesQty: leaves,
  ...(feeMicros === undefined ? {} : { feeMicros }),
});

describe('the trade ticket with fees', () => {
  it('sums the fees of the fills and names them in the outcome', () => {
    const o = outcomeOfAck({ reports: [trade(1, 600_000, 2, 600), trade(2, 600_000, 0, 1_200)] });
    expect(o).toMatchObject({ kind: 'done', filledQty: 3, filledMicros: 1_800_000, feeMicros: 1_800 });
    expect(outcomeText(o, order)).toBe('Bought 3 @ 0.6000 PAT (1.8000 PAT, fee 0.0018 PAT).');
  });

  it('reads as before when no fee was charged', () => {
    expect(outcomeText(outcomeOfAck({ reports: [trade(3, 600_000, 0)] }), order)).toBe('Bought 3 @ 0.6000 PAT (1.8000 PAT).');
    expect(outcomeText(outcomeOfAck({ reports: [trade(3, 600_000, 0, 0)] }), order)).toBe('Bought 3 @ 0.6000 PAT (1.8000 PAT).');
  });

  it("says the fee before the order: an IOC's at the taker rate, a GTC's at most the higher rate, an option buy's issuance; none under a zero schedule", () => {
    const rates = { makerBps: 10, takerBps: 30, issuanceBps: 0 };
    expect(feeLine(undefined, order, false)).toBe('—');
    expect(feeLine({ makerBps: 0, takerBps: 0, issuanceBps: 0 }, order, false)).toBe('none (no trading fee)');
    expect(feeLine(rates, order, false)).toBe('0.0054 PAT (taker 0.30%, maker 0.10%)'); // 1.8 PAT × 0.30%
    expect(feeLine(rates, { ...order, tif: 'gtc' }, false)).toBe('at most 0.0054 PAT (taker 0.30%, maker 0.10%)');
    expect(feeLine({ makerBps: 50, takerBps: 30, issuanceBps: 0 }, { ...order, tif: 'gtc' }, false)).toBe('at most 0.0090 PAT (taker 0.30%, maker 0.50%)');
    expect(feeLine({ ...rates, issuanceBps: 100 }, order, true)).toBe('0.0234 PAT (taker 0.30%, maker 0.10%, issuance up to 1.00%)');
    expect(feeLine({ ...rates, issuanceBps: 100 }, { ...order, side: 'sell' }, true)).toBe('0.0054 PAT (taker 0.30%, maker 0.10%)');
    expect(feeLine({ makerBps: 0, takerBps: 0, issuanceBps: 100 }, { ...order, side: 'sell' }, true)).toBe('none (no trading fee)');
    expect(feeLine(rates, undefined, false)).toBe('taker 0.30%, maker 0.10%');
  });
});
