/**
 * What `patx fills` and `patx settlements` print for people (src/cli/fills.ts): a row a fill with its
 * side, price, fee and maker or taker; a row a cash settlement with its signed position, index, value,
 * payout and P&L, shortfall and haircut only when the page has any; a footer naming the next page's
 * --before; an empty page in words (what narrowed it, when something did). `patx margin`: a row a top-up or
 * liquidation, the penalty and owed columns only when the page has a liquidation.
 */
import { describe, expect, it } from 'vitest';
import type { AccountFill, CashSettlement, MarginEvent } from '../../src/client/market.js';
import { fillsText, forwardDeliveriesText, marginEventsText, settlementsText, transfersText } from '../../src/cli/fills.js';

const lines = (line: string): string[] => line.trim().split(/\s{2,}/);

const T = Date.UTC(2026, 11, 1, 0, 14, 30);
const CONTRACT = 'AUTO_INTENT|1D|0.70-0.85';

const fill = (over: Partial<AccountFill>): AccountFill => ({
  tradeId: 622, seq: 9001, timeMs: T, seriesId: 11, contract: CONTRACT, kind: 'SPOT', side: 'BUY', priceMicros: 473_000, qty: 2,
  notionalMicros: 946_000, feeMicros: 9_460, liquidity: 'TAKER', orderId: 40, clientOrderId: 1, leavesQty: 0, ...over,
});

const settlement = (over: Partial<CashSettlement>): CashSettlement => ({
  seq: 7000, timeMs: T, seriesId: 31, contract: CONTRACT, kind: 'SYNTHETIC', positionQty: 3, costMicros: 1_500_000, premiumMicros: 0, indexMicros: 612_500,
  valueMicros: 612_500, payoutMicros: 337_500, shortfallMicros: 0, haircutMicros: 0, pnlMicros: 337_500, ...over,
});

const cells = (line: string): string[] => line.split(/\s{2,}/);

describe('patx fills, as text', () => {
  it('a row a fill, newest first as the page has them: time, trade, series, contract, kind, side, qty, price, fee, maker/taker, order', () => {
    const text = fillsText({ fills: [fill({ tradeId: 700, side: 'SELL', kind: 'CALL', priceMicros: 51_200, qty: 5, feeMicros: 0, liquidity: 'MAKER', orderId: 41, seriesId: 44 }), fill({})], next: null });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^TIME\s+TRADE\s+SERIES\s+CONTRACT\s+KIND\s+SIDE\s+QTY\s+PRICE PAT\s+FEE PAT\s+LIQ\s+ORDER$/);
    expect(cells(lines[1]!)).toEqual(['2026-12-01 00:14 UTC', '700', '44', CONTRACT, 'CALL', 'SELL', '5', '0.0512', '0.0000', 'maker', '41']);
    expect(cells(lines[2]!)).toEqual(['2026-12-01 00:14 UTC', '622', '11', CONTRACT, 'SPOT', 'BUY', '2', '0.4730', '0.0095', 'taker', '40']);
    expect(lines.at(-1)).toBe('2 fill(s)');
    expect(lines).toHaveLength(4);
  });

  it('a page with more behind it names the next --before', () => {
    expect(fillsText({ fills: [fill({})], next: 622 }).split('\n').at(-1)).toBe('1 fill(s); --before 622 for more');
  });

  it('an empty page: none yet, or none where it looked', () => {
    expect(fillsText({ fills: [], next: null })).toBe('no fills yet');
    expect(fillsText({ fills: [], next: null }, { seriesId: 11 })).toBe('no fills in series 11');
    expect(fillsText({ fills: [], next: null }, { seriesId: 11, before: 90 })).toBe('no fills in series 11 before trade 90');
  });
});

describe('patx settlements, as text', () => {
  it('a row a settlement: signed position, its cost (a synthetic\'s, or an option\'s net premium), index, value a unit, payout (− paid) and P&L; no shortfall or haircut columns when all are zero', () => {
    const short = settlement({ seq: 7100, seriesId: 32, kind: 'PUT', positionQty: -4, costMicros: 0, premiumMicros: -200_000, indexMicros: 612_500, valueMicros: 87_500, payoutMicros: -350_000, pnlMicros: -150_000 });
    const lines = settlementsText({ settlements: [short, settlement({})], next: null }).split('\n');
    expect(lines[0]).toMatch(/^TIME\s+SERIES\s+CONTRACT\s+KIND\s+POSITION\s+COST PAT\s+INDEX\s+VALUE\s+PAYOUT PAT\s+P&L PAT$/);
    expect(cells(lines[1]!)).toEqual(['2026-12-01 00:14 UTC', '32', CONTRACT, 'PUT', '-4', '-0.2000', '0.6125', '0.0875', '-0.3500', '-0.1500']);
    expect(cells(lines[2]!)).toEqual(['2026-12-01 00:14 UTC', '31', CONTRACT, 'SYNTHETIC', '3', '1.5000', '0.6125', '0.6125', '0.3375', '0.3375']);
    expect(lines.at(-1)).toBe('2 settlement(s)');
  });

  it('shortfall and haircut columns when the page has any, blank where a row has none; the next page', () => {
    const loser = settlement({ positionQty: -3, payoutMicros: -1_000_000, shortfallMicros: 337_500, pnlMicros: -1_337_500 });
    const winner = settlement({ seq: 6990, payoutMicros: 300_000, haircutMicros: 37_500 });
    const lines = settlementsText({ settlements: [loser, winner], next: 6990 }).split('\n');
    expect(lines[0]).toMatch(/P&L PAT\s+SHORTFALL PAT\s+HAIRCUT PAT$/);
    expect(cells(lines[1]!).slice(-3)).toEqual(['-1.0000', '-1.3375', '0.3375']); // no haircut: the blank cell trimmed at the line's end
    expect(lines[2]!).toMatch(/\s0\.3375\s{2,}\s+0\.0375$/); // no shortfall: blank
    expect(lines.at(-1)).toBe('2 settlement(s); --before 6990 for more');
  });

  it('an empty page: none yet and when they come, or none where it looked', () => {
    expect(settlementsText({ settlements: [], next: null })).toBe("no settlements yet (cash-settled synthetics and options settle at their window's close)");
    expect(settlementsText({ settlements: [], next: null }, { before: 7000 })).toBe('no settlements before seq 7000');
  });
});

describe('patx transfers', () => {
  it('lists deposits with their reference and withdrawals pending or paid with the batch transaction; says when there are none', () => {
    const text = transfersText({
      transfers: [
        { kind: 'withdrawal', seq: 9, timeMs: Date.UTC(2026, 11, 1, 7, 30), amountWei: '2500000000000000000', withdrawalId: 4, state: 'paid', batchId: 12, txHash: '0xabc', paidAtMs: Date.UTC(2026, 11, 1, 7, 31) },
        { kind: 'withdrawal', seq: 8, timeMs: Date.UTC(2026, 11, 1, 7, 29), amountWei: '10000000000000000', withdrawalId: 3, state: 'pending' },
        { kind: 'deposit', seq: 2, timeMs: Date.UTC(2026, 11, 1, 7, 0), amountWei: '50000000000000000000', ref: '0xdep:1' },
      ],
      next: null,
    }).split('\n');
    expect(lines(text[0]!)).toEqual(['TIME', 'KIND', 'AMOUNT PAT', 'STATE', 'TX / REF']);
    expect(lines(text[1]!)).toEqual(['2026-12-01 07:30 UTC', 'WITHDRAWAL', '2.5000', 'paid 2026-12-01 07:31 UTC (batch 12)', '0xabc']);
    expect(lines(text[2]!)).toEqual(['2026-12-01 07:29 UTC', 'WITHDRAWAL', '0.0100', 'pending: the next batch pays it', 'withdrawal 3']);
    expect(lines(text[3]!)).toEqual(['2026-12-01 07:00 UTC', 'DEPOSIT', '50.0000', 'credited', '0xdep:1']);
    expect(text[4]).toBe('3 transfer(s)');
    expect(transfersText({ transfers: [], next: null })).toBe('no deposits, withdrawals or organisation moves yet');
    const moves = transfersText({
      transfers: [
        { kind: 'organisation-in', seq: 12, timeMs: Date.UTC(2026, 11, 1, 8, 0), amountWei: '1234567000000000000', counterpartyAccountId: 41 },
        { kind: 'organisation-out', seq: 11, timeMs: Date.UTC(2026, 11, 1, 7, 59), amountWei: '3500000000000000000', counterpartyAccountId: 41 },
      ],
      next: null,
    }).split('\n');
    expect(lines(moves[1]!)).toEqual(['2026-12-01 08:00 UTC', 'ORGANISATION-IN', '1.234567', 'moved in', 'account 41']);
    expect(lines(moves[2]!)).toEqual(['2026-12-01 07:59 UTC', 'ORGANISATION-OUT', '3.5000', 'moved out', 'account 41']);
  });

  it('a row a forward delivery: the position, delivered and short, and the PAT each way; none in words', () => {
    const text = forwardDeliveriesText({
      forwardDeliveries: [
        { seq: 70, timeMs: T, seriesId: 102, contract: CONTRACT, kind: 'FORWARD', spotSeriesId: 5, counterpartyId: 2, positionQty: 3, deliveredQty: 1, shortfallQty: 2, proceedsMicros: 0, collateralReturnedMicros: 0, refundMicros: 2_294_000, compensationMicros: 458_800 },
      ],
      next: 70,
    }).split('\n');
    expect(text[0]).toMatch(/^TIME\s+SERIES\s+CONTRACT\s+POSITION\s+DELIVERED\s+SHORT\s+PROCEEDS PAT\s+COLLATERAL BACK PAT\s+REFUND PAT\s+COMPENSATION PAT$/);
    expect(text[1]).toMatch(/102\s+\S+\s+3\s+1\s+2\s+0\.0000\s+0\.0000\s+2\.2940\s+0\.4588$/);
    expect(text[2]).toBe('1 forward delivery(s); --before 70 for more');
    expect(forwardDeliveriesText({ forwardDeliveries: [], next: null })).toMatch(/^no forward deliveries yet/);
    expect(forwardDeliveriesText({ forwardDeliveries: [], next: null }, { seriesId: 102 })).toBe('no forward deliveries in series 102');
  });

  it('a row a margin event: a top-up with the PAT it moved, a liquidation with its penalty and what is owed (columns only when the page has one); none in words', () => {
    const event = (over: Partial<MarginEvent>): MarginEvent => ({
      event: 'TOP_UP', seq: 9001, timeMs: T, seriesId: 31, contract: CONTRACT, kind: 'SYNTHETIC', positionQty: -10, markMicros: 800_000, topUpMicros: 1_200_000,
      penaltyMicros: 0, owedMicros: 0, lockedMicros: 2_600_000, ...over,
    });
    const liquidated = event({ event: 'LIQUIDATION', seq: 9120, markMicros: 900_000, topUpMicros: 0, penaltyMicros: 180_000, owedMicros: 2_000_000, lockedMicros: 2_000_000 });
    const lines = marginEventsText({ marginEvents: [liquidated, event({ seq: 9120, markMicros: 900_000, topUpMicros: 200_000, lockedMicros: 2_800_000 }), event({})], next: 9000 }).split('\n');
    expect(lines[0]).toMatch(/^TIME\s+SERIES\s+CONTRACT\s+KIND\s+EVENT\s+POSITION\s+MARK\s+TOP-UP PAT\s+PENALTY PAT\s+OWED PAT\s+LOCKED PAT$/);
    expect(lines[1]).toMatch(/liquidated\s+-10\s+0\.9000\s+0\.1800\s+2\.0000\s+2\.0000$/);
    expect(lines[2]).toMatch(/top-up\s+-10\s+0\.9000\s+0\.2000\s+2\.8000$/);
    expect(lines.at(-1)).toBe('3 margin event(s); --before 9000 for more');
    const topUpsOnly = marginEventsText({ marginEvents: [event({})], next: null }).split('\n');
    expect(topUpsOnly[0]).not.toContain('PENALTY');
    expect(marginEventsText({ marginEvents: [], next: null })).toMatch(/^no margin top-ups or liquidations/);
    expect(marginEventsText({ marginEvents: [], next: null }, { seriesId: 31 })).toBe('no margin events in series 31');
  });
});
