/**
 * The sandbox's milestone lines say what their numbers are (issue 77): an option that expired
 * out of the money is "expired worthless", never "paid"; a forward's delivery names whose count
 * each number is (what buyers received, from providers or the broker's reserve, what providers
 * delivered); PAT with exactly 4 decimals.
 */
import { describe, expect, it } from 'vitest';
import { cashSettledText, forwardDeliveredText } from '../../src/sandbox/milestone-text.js';

describe('sandbox milestone lines', () => {
  it('an out-of-the-money option expires worthless; only in-the-money positions are paid', () => {
    const otm = cashSettledText({ kind: 'call', strikeMicros: 700_000, indexMicros: 612_345, contract: 'AUTO_INTENT|1h', seriesId: 9, withValue: 0, worthless: 1 });
    expect(otm).toContain('call struck at 0.7000 PAT cash-settled at the index 0.6123 PAT');
    expect(otm).toContain('1 position(s) out of the money, expired worthless');
    expect(otm).not.toMatch(/\bpaid\b/);
    const mixed = cashSettledText({ kind: 'put', strikeMicros: 700_000, indexMicros: 650_000, contract: 'C', seriesId: 3, withValue: 2, worthless: 0 });
    expect(mixed).toContain('2 position(s) in the money, paid');
    expect(mixed).not.toContain('worthless');
    const synthetic = cashSettledText({ kind: 'synthetic', strikeMicros: 0, indexMicros: 1_000_000, contract: 'C', seriesId: 4, withValue: 3, worthless: 0 });
    expect(synthetic).toContain('synthetic cash-settled at the index 1.0000 PAT: 3 position(s) settled');
  });

  it("a forward's delivery says what buyers received and from where, beside what providers delivered", () => {
    // The case: buyers got 36, providers delivered 34: the other 2 came from the broker's reserve.
    const text = forwardDeliveredText({ contract: 'AUTO_INTENT|1h', seriesId: 5, spotSeriesId: 6, providerDeliveredQty: 34, buyerLongQty: 36, buyerDeliveredQty: 36 });
    expect(text).toContain('buyers received 36 of the 36 right(s) they held forward (34 from providers\' deliveries, 2 from the broker\'s reserve)');
    expect(text).toContain('providers delivered 34');
    expect(text).not.toContain('short');
    // Providers delivered more than the buyers held: the rest is the broker's; a shortfall is named.
    const over = forwardDeliveredText({ contract: 'C', seriesId: 5, spotSeriesId: 6, providerDeliveredQty: 40, buyerLongQty: 36, buyerDeliveredQty: 36 });
    expect(over).toContain('(36 from providers\' deliveries)');
    expect(over).toContain("providers delivered 40 (4 beyond the buyers' longs went to the broker)");
    const short = forwardDeliveredText({ contract: 'C', seriesId: 5, spotSeriesId: 6, providerDeliveredQty: 30, buyerLongQty: 36, buyerDeliveredQty: 33 });
    expect(short).toContain('buyers received 33 of the 36 right(s) they held forward (30 from providers\' deliveries, 3 from the broker\'s reserve), 3 short (compensated)');
  });
});
