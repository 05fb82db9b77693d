/**
 * The trade ticket's pure parts (web/src/trade-ticket-logic.ts), without a browser: what is
 * refused before an order is sent, when it asks for a confirmation, and what an ack comes to
 * in words. The ticket in the page: test/web/trade-ticket.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { wire } from '../../src/proto/index.js';
import { checkOrder, CONFIRM_ABOVE_MICROS, outcomeOfAck, outcomeText, parsePrice, plainReason, type TicketOrder } from '../../web/src/trade-ticket-logic.js';

const order = (o: Partial<TicketOrder> = {}): TicketOrder => ({ side: 'buy', qty: 3, priceMicros: 600_000, tif: 'ioc', notionalMicros: 1_800_000, confirm: false, ...o });
const trade = (qty: number, priceMicros: number, leaves: number) => ({ execType: wire.ExecType.EXEC_TRADE, ordStatus: leaves > 0 ? wire.OrdStatus.ORDER_PARTIALLY_FILLED : wire.OrdStatus.ORDER_FILLED, orderId: 9, lastQty: qty, lastPriceMicros: priceMicros, leavesQty: leaves });

describe('the trade ticket: checks before sending', () => {
  it('takes PAT with at most 4 decimals, and whole quantities of 1 or more', () => {
    expect(parsePrice('0.6')).toBe(600_000);
    expect(parsePrice(' 1.2345 ')).toBe(1_234_500);
    expect(parsePrice('0.12345')).toBeUndefined();
    expect(parsePrice('-1')).toBeUndefined();
    expect(parsePrice('1e3')).toBeUndefined();
    const ok = checkOrder({ side: 'buy', qtyText: '3', priceText: '0.6000', tif: 'ioc' });
    expect(ok).toEqual({ ok: true, order: order() });
    for (const qtyText of ['0', '', '1.5', '-2', 'two']) expect(checkOrder({ side: 'buy', qtyText, priceText: '0.6', tif: 'gtc' })).toMatchObject({ ok: false, field: 'qty' });
    expect(checkOrder({ side: 'buy', qtyText: '1', priceText: '0.12345', tif: 'gtc' })).toEqual({ ok: false, field: 'price', error: 'Price: at most 4 decimals (0.0001 PAT is the finest price step).' });
    // Zeros past the last digit are no decimals of their own: 0.600000 is 0.6.
    expect(checkOrder({ side: 'buy', qtyText: '3', priceText: '0.600000', tif: 'ioc' })).toEqual({ ok: true, order: order() });
    expect(checkOrder({ side: 'buy', qtyText: '1', priceText: '0.123450', tif: 'gtc' })).toMatchObject({ ok: false, field: 'price' });
    for (const priceText of ['0', '', 'abc', '0.0000']) expect(checkOrder({ side: 'buy', qtyText: '1', priceText, tif: 'gtc' })).toMatchObject({ ok: false, field: 'price' });
  });

  it("checks the series' tick, limits, lot and largest order when it knows them", () => {
    const rules = { tickMicros: 1_000, lotSize: 1, minPriceMicros: 10_000, maxPriceMicros: 5_000_000, maxOrderQty: 1_000 };
    const check = (qtyText: string, priceText: string) => checkOrder({ side: 'buy', qtyText, priceText, tif: 'gtc' }, rules);
    expect(check('1', '0.6015')).toEqual({ ok: false, field: 'price', error: "Price: a multiple of this series' tick, 0.0010 PAT." });
    expect(check('1', '0.0050')).toMatchObject({ ok: false, error: 'Price: at least 0.0100 PAT in this series.' });
    expect(check('1', '6')).toMatchObject({ ok: false, error: 'Price: at most 5.0000 PAT in this series.' });
    expect(check('1001', '0.6')).toMatchObject({ ok: false, error: 'Quantity: at most 1000 in one order in this series.' });
    expect(checkOrder({ side: 'buy', qtyText: '3', priceText: '0.6', tif: 'gtc' }, { lotSize: 2 })).toMatchObject({ ok: false, error: 'Quantity: a multiple of the lot size, 2.' });
    expect(check('10', '0.6010')).toMatchObject({ ok: true });
  });

  it('asks for a confirmation above the threshold, not at it', () => {
    const at = checkOrder({ side: 'buy', qtyText: '10', priceText: '1', tif: 'gtc' });
    expect(at.ok && at.order.notionalMicros).toBe(CONFIRM_ABOVE_MICROS);
    expect(at.ok && at.order.confirm).toBe(false);
    const above = checkOrder({ side: 'buy', qtyText: '10', priceText: '1.0001', tif: 'gtc' });
    expect(above.ok && above.order.confirm).toBe(true);
  });
});

describe('the trade ticket: what an order came to', () => {
  it('a fill, a fill at several prices, a rest, an IOC with nothing to meet, and a refusal in plain words', () => {
    expect(outcomeText(outcomeOfAck({ reports: [trade(3, 600_000, 0)] }), order())).toBe('Bought 3 @ 0.6000 PAT (1.8000 PAT).');
    expect(outcomeText(outcomeOfAck({ reports: [trade(1, 600_000, 2), trade(2, 610_000, 0)] }), order({ priceMicros: 610_000 }))).toBe('Bought 3 @ 0.6066 PAT on average (1.8200 PAT).');
    const partIoc = outcomeOfAck({ reports: [trade(1, 600_000, 2), { execType: wire.ExecType.EXEC_CANCELED, ordStatus: wire.OrdStatus.ORDER_CANCELED, orderId: 9, canceledQty: 2, leavesQty: 0 }] });
    expect(outcomeText(partIoc, order())).toBe('Bought 1 @ 0.6000 PAT (0.6000 PAT); the other 2 cancelled (IOC).');
    const partRest = outcomeOfAck({ reports: [trade(1, 600_000, 2)] });
    expect(outcomeText(partRest, order({ tif: 'gtc' }))).toBe('Bought 1 @ 0.6000 PAT (0.6000 PAT); the other 2 rest @ 0.6000 PAT in the book.');
    const rest = outcomeOfAck({ reports: [{ execType: wire.ExecType.EXEC_NEW, ordStatus: wire.OrdStatus.ORDER_NEW, orderId: 9, leavesQty: 150 }] });
    expect(rest).toMatchObject({ kind: 'done', orderId: 9, restingQty: 150, filledQty: 0 });
    expect(outcomeText(rest, order({ qty: 150, priceMicros: 100_000, tif: 'gtc' }))).toBe('Resting: buy 150 @ 0.1000 PAT in the book.');
    const none = outcomeOfAck({ reports: [{ execType: wire.ExecType.EXEC_CANCELED, ordStatus: wire.OrdStatus.ORDER_CANCELED, orderId: 9, canceledQty: 3 }] });
    expect(outcomeText(none, order())).toBe('Nothing bought: no offer at 0.6000 PAT or less, so the order was cancelled (IOC).');
    expect(outcomeText(none, order({ side: 'sell' }))).toBe('Nothing sold: no bid at 0.6000 PAT or more, so the order was cancelled (IOC).');
    const refused = outcomeOfAck({ reports: [{ execType: wire.ExecType.EXEC_REJECTED, ordStatus: wire.OrdStatus.ORDER_REJECTED, rejectReason: wire.RejectReason.INSUFFICIENT_BALANCE }] });
    expect(refused).toEqual({ kind: 'refused', reason: 'INSUFFICIENT_BALANCE', words: 'more than your available PAT' });
    expect(outcomeText(refused, order())).toBe('Refused: more than your available PAT.');
    expect(plainReason('SOME_NEW_REASON')).toBe('some new reason');
  });
});
