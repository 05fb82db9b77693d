/**
 * The provider's and the operator's text a first provider's review found wrong or missing (pure: values in, text out):
 * the statement's fees rounded as `patx sell` rounds them (0.0390 in both for 38,964 µPAT; the statement cut it to
 * 0.0389), its withdrawals labelled, its held-payouts line saying how verification happens and its line for open
 * claims and disputes; a provider's unsold rights in positions; a dispute decision's numbers each named (due, paid,
 * shortfall); a listing the operator publishes in one line; the listing template passing every disclosure check.
 */
import { describe, expect, it } from 'vitest';
import { owedGrantLine, owedGrantsText, statementText, type Statement } from '../../src/cli/provider.js';
import { ownListingsText } from '../../src/cli/provider-supply.js';
import type { OwnListing } from '../../src/client/provider.js';
import type { GrantView } from '../../src/client/grants.js';
import { balanceText, orderText, positionState, type OrderOutcome } from '../../src/cli/trading-format.js';
import { formatDecision, formatListingMoved } from '../../src/operator/cli-format.js';
import { listingTemplate } from '../../src/catalog/listing-template.js';
import { disclosureChecks } from '../../src/catalog/trust.js';
import type { ListingVersion } from '../../src/catalog/listing.js';

const cells = (line: string): string[] => line.trim().split(/\s{2,}/);

describe('provider statement', () => {
  const statement: Statement = {
    entries: [{ batchId: 4, settledAtMs: Date.UTC(2026, 11, 1, 3, 0), fills: 1, qty: 2, grossMicros: 779_280, feesMicros: 38_964, netWei: '740316000000000000', escrow: { heldMicros: 740_316, releasedMicros: 0, refundedMicros: 0 } }],
    payouts: { verifiedProvider: false, held: true, heldWei: '740316000000000000' },
    months: [{ month: '2026-12', batches: 1, netWei: '740316000000000000', withdrawals: { count: 2, amountWei: '6100000000000000000' }, heldWei: '0' }],
  };

  it('rounds the fee as patx sell does, labels the withdrawals, says how held payouts end, and counts open claims and disputes', () => {
    const sell: OrderOutcome = { orderId: 1, seriesId: 11, contract: 'AUTO_INTENT|1D|0.70-0.85', kind: 'SPOT', side: 'SELL', qty: 2, limitMicros: 380_000, timeInForce: 'IOC', protectedMarket: true, status: 'FILLED', fills: [{ qty: 2, priceMicros: 389_640, feeMicros: 38_964 }], filledQty: 2, notionalMicros: 779_280, feeMicros: 38_964, restingQty: 0 };
    expect(orderText(sell)).toContain('less a fee of 0.0390 PAT');
    const text = statementText(statement, { claims: 1, disputes: 2, scanned: 40, total: 40 });
    const lines = text.split('\n');
    expect(cells(lines[0]!)).toEqual(['BATCH', 'SETTLED', 'FILLS', 'RIGHTS', 'GROSS PAT', 'FEES PAT', 'HELD PAT', 'RELEASED PAT', 'REFUNDED PAT', 'NET PAT']);
    expect(cells(lines[1]!)).toEqual(['4', '2026-12-01 03:00 UTC', '1', '2', '0.7793', '0.0390', '0.7403', '0.0000', '0.0000', '0.7403']);
    expect(cells(lines[3]!)).toEqual(['MONTH', 'BATCHES', 'NET PAT', 'WITHDRAWALS', 'WITHDRAWN PAT', 'SETTLED WHILE HELD PAT']);
    expect(cells(lines[4]!)).toEqual(['2026-12', '1', '0.7403', '2', '6.1000', '0.0000']);
    expect(text).toContain('\npayouts held: your sales\' proceeds wait until the operator verifies your identity (only your own deposits may leave meanwhile); your sales still settle into your balance. Ask the exchange\'s operator to verify you');
    expect(text).toContain('patx providers verify, docs/providers.md "Held payouts")');
    expect(lines.at(-1)).toBe('open claims/disputes: 3 (1 claim(s), 2 dispute(s)): patx provider grants --open');
    // None open: no line; only the newest grants looked at: said.
    expect(statementText(statement, { claims: 0, disputes: 0, scanned: 40, total: 40 })).not.toContain('open claims');
    expect(statementText({ entries: [] }, { claims: 1, disputes: 0, scanned: 2_000, total: 2_500 })).toBe('no settled batch with your sales yet\n\nopen claims/disputes: 1 (1 claim(s), 0 dispute(s)) in your newest 2000 grants of 2500: patx provider grants --open');
  });
});

describe("provider statement's refunds (an outside audit, 2026-12-02)", () => {
  it('says what the provider repaid on refunds, of it from free PAT, and the shortfall nobody paid; batches and months tie: gross − fees − refunded = net', () => {
    const text = statementText({
      entries: [
        { batchId: 4, settledAtMs: Date.UTC(2026, 11, 1, 3, 0), fills: 1, qty: 1, grossMicros: 1_050_000, feesMicros: 26_985, netWei: '1023015000000000000', escrow: { heldMicros: 1_023_015, releasedMicros: 0, refundedMicros: 0, refundedFromFreeMicros: 0, shortfallMicros: 0 } },
        { batchId: 5, settledAtMs: Date.UTC(2026, 11, 2, 3, 0), fills: 0, qty: 0, grossMicros: 0, netWei: '-1123015000000000000', escrow: { heldMicros: 0, releasedMicros: 0, refundedMicros: 1_123_015, refundedFromFreeMicros: 100_000, shortfallMicros: 14_985 } },
        // An entry written before the split was kept: unknown, not zero.
        { batchId: 3, settledAtMs: Date.UTC(2026, 10, 30, 3, 0), fills: 0, qty: 0, grossMicros: 0, netWei: '-500000000000000000', escrow: { heldMicros: 0, releasedMicros: 0, refundedMicros: 500_000 } },
      ],
      months: [{ month: '2026-12', batches: 2, sales: { grossMicros: 1_050_000, forwardGrossMicros: 0 }, feesMicros: 26_985, refunds: { refundedMicros: 1_123_015, fromFreeMicros: 100_000, shortfallMicros: 14_985 }, netWei: '-100000000000000000', withdrawals: { count: 0, amountWei: '0' }, heldWei: '0' }],
    });
    const lines = text.split('\n');
    expect(cells(lines[0]!)).toEqual(['BATCH', 'SETTLED', 'FILLS', 'RIGHTS', 'GROSS PAT', 'FEES PAT', 'HELD PAT', 'RELEASED PAT', 'REFUNDED PAT', 'OF IT FROM FREE PAT', 'SHORTFALL UNPAID PAT', 'NET PAT']);
    expect(cells(lines[1]!)).toEqual(['4', '2026-12-01 03:00 UTC', '1', '1', '1.0500', '0.0270', '1.0230', '0.0000', '0.0000', '0.0000', '0.0000', '1.0230']);
    expect(cells(lines[2]!)).toEqual(['5', '2026-12-02 03:00 UTC', '0', '0', '0.0000', '0.0000', '0.0000', '0.0000', '1.1230', '0.1000', '0.0150', '-1.1230']);
    expect(cells(lines[3]!)).toEqual(['3', '2026-11-30 03:00 UTC', '0', '0', '0.0000', '0.0000', '0.0000', '0.0000', '0.5000', '-', '0.0000', '-0.5000']);
    expect(cells(lines[5]!)).toEqual(['MONTH', 'BATCHES', 'GROSS PAT', 'FEES PAT', 'REFUNDED PAT', 'OF IT FROM FREE PAT', 'NET PAT', 'WITHDRAWALS', 'WITHDRAWN PAT', 'SETTLED WHILE HELD PAT']);
    expect(cells(lines[6]!)).toEqual(['2026-12', '2', '1.0500', '0.0270', '1.1230', '0.1000', '-0.1000', '0', '0.0000', '0.0000']);
  });
});

describe('positions of a provider', () => {
  it("its spot rights are unsold mints to sell, burned at the close; a consumer's are exercisable", () => {
    const open = Date.UTC(2026, 11, 1);
    const close = Date.UTC(2026, 11, 2);
    const now = open + 3_600_000;
    expect(positionState('SPOT', 'OPEN', open, close, now, 'PROVIDER')).toBe("unsold: sell them (patx sell); burned at the window's close");
    expect(positionState('SPOT', 'OPEN', open, close, now, 'CONSUMER')).toBe('exercisable now');
    expect(positionState('SPOT', 'OPEN', open, close, now)).toBe('exercisable now');
    expect(positionState('SPOT', 'EXPIRED', open, close, close + 1, 'PROVIDER')).toBe('expired');
  });
});

describe("the operator's one-liners", () => {
  it('a dispute decision names what is due, what was paid and from where, and the shortfall (the review: "refund 0.3910" beside 0.3750 back)', () => {
    const answer = { grantId: 89, refundQty: 1, upheldQty: 1, refundMicros: 391_000, fromHeldMicros: 375_000, fromProviderMicros: 0, shortfallMicros: 16_000, releasedMicros: 375_000, note: null };
    const lines = formatDecision(JSON.stringify(answer)).split('\n');
    expect(lines[0]).toBe('decided grant 89: 1 right(s) refunded, 1 upheld as delivered');
    const byLabel = Object.fromEntries(lines.slice(1).map((l) => /^(.+):\s+(\S+ PAT)$/.exec(l)!.slice(1, 3).map((v) => v.trim())));
    expect(byLabel).toEqual({
      "refund due (the consumer's price for them)": '0.3910 PAT',
      'paid from the proceeds held for them': '0.3750 PAT',
      "paid from the provider's free PAT (--charge)": '0.0000 PAT',
      'refunded to the consumer in all': '0.3750 PAT',
      'shortfall (due, not paid: beyond the held proceeds and the charge)': '0.0160 PAT',
      'released to the provider': '0.3750 PAT',
    });
    // Not an answer of that shape: as it came, formatted.
    expect(formatDecision('{"error":"x"}')).toBe('error: x');
  });

  it('a published listing in one line (the answer is the whole listing, every version)', () => {
    const listing = { id: 5, segment: 'AUTO_INTENT', title: 'Intent', status: 'published', providerAccountId: 7, version: 1, versions: [{ version: 1, description: 'x'.repeat(2_000) }] };
    expect(formatListingMoved('published')(JSON.stringify(listing))).toBe('published listing 5 v1 (AUTO_INTENT, provider account 7): published');
    expect(formatListingMoved('rejected')(JSON.stringify({ ...listing, status: 'rejected', reason: 'no consent record' }))).toBe('rejected listing 5 v1 (AUTO_INTENT, provider account 7): rejected (no consent record)');
  });
});

describe('the listing template', () => {
  it('passes every disclosure check of the trust score as it is (sensitive categories named: ["none"])', () => {
    const t = listingTemplate('AUTO_INTENT');
    expect(t.provenance.sensitiveCategories).toEqual(['none']);
    const version = { ...t, version: 1, changeLog: t.changeLog ?? '' } as unknown as ListingVersion;
    expect(disclosureChecks(version)).toEqual({ descriptionOfSubstance: true, columnsDescribed: true, timestampDeclared: true, keyDeclared: true, sensitiveCategoriesNamed: true, changeLogKept: true });
  });
});

describe('patx balance', () => {
  const balance = { accountId: 7, address: '0xabc', availableWei: '1000000000000000000', heldWei: '0', pendingWithdrawalWei: '0', lockedWei: '740316000000000000', openOrders: 0, payoutsHeld: false };

  it('says what locked PAT is and where it is itemised, by role; nothing when none is locked', () => {
    const provider = balanceText({ ...balance, role: 'PROVIDER' }).split('\n');
    expect(provider).toContain('locked                      0.7403 PAT');
    expect(provider.find((l) => l.startsWith('  locked:'))).toMatch(/sale proceeds held until the rights are delivered.*patx provider statement/);
    expect(balanceText({ ...balance, role: 'CONSUMER' })).toMatch(/\n {2}locked: margin and collateral .*patx positions/);
    expect(balanceText({ ...balance, role: 'CONSUMER', lockedWei: '0' })).not.toMatch(/locked/);
  });
});

describe('patx provider grants', () => {
  /** A grant view as GET /v1/provider/grants gives it, with only what the line reads. */
  const view = (o: { quantity: number; delivered: number; usage: GrantView['usage'] }): GrantView =>
    ({
      grant: { grantId: 9, seriesId: 3, listingId: 4, listingVersion: 1, consumer: '0x1234567890abcdef1234567890abcdef12345678', quantity: o.quantity },
      delivered: o.delivered, usage: o.usage, escrow: null, unreachable: null, refusals: 0, refusalReasons: [],
    }) as unknown as GrantView;

  it("counts a usage grant's receipted units as the rights they reach into, and shows the units apart (RIGHTS and RECEIPTED both in rights)", () => {
    const usage = { unit: 'records' as const, perRight: 100, units: 200, usedUnits: 150, leftUnits: 50, settled: null };
    const line = owedGrantLine(view({ quantity: 2, delivered: 150, usage }));
    expect(line).toMatchObject({ rights: 2, served: 2, receipted: 2, units: '150/200 records' });
    expect(owedGrantLine(view({ quantity: 2, delivered: 100, usage: { ...usage, usedUnits: 100 } }))).toMatchObject({ receipted: 1, served: 1 });
    const oneTime = owedGrantLine(view({ quantity: 5, delivered: 3, usage: null }));
    expect(oneTime).toMatchObject({ rights: 5, receipted: 3, units: null });
    const text = owedGrantsText([line, oneTime], 2, { onlyOpen: false, offset: 0 }).split('\n');
    expect(text[0]).toMatch(/RECEIPTED\s+UNITS USED/);
    expect(owedGrantsText([oneTime], 1, { onlyOpen: false, offset: 0 })).not.toContain('UNITS USED');
  });

  it("lists against the grant only the refusals that are the gate's fault; the consumer's own (used up, replayed) apart (an outside review)", () => {
    const refused = (reasons: string[]): GrantView => ({ ...view({ quantity: 1, delivered: 1, usage: null }), refusals: reasons.length, refusalReasons: reasons }) as GrantView;
    const consumers = owedGrantLine(refused(['EXHAUSTED', 'REPLAYED']));
    expect(consumers).toMatchObject({ against: [], refused: 'EXHAUSTED, REPLAYED' });
    const text = owedGrantsText([consumers], 1, { onlyOpen: false, offset: 0 }).split('\n');
    expect(cells(text[0]!).slice(-2)).toEqual(['REFUSED (NOT AGAINST YOU)', 'AGAINST IT']);
    expect(cells(text[1]!).slice(-2)).toEqual(['EXHAUSTED, REPLAYED', '-']);
    const fault = owedGrantLine(refused(['LISTING_NOT_SERVED', 'EXHAUSTED']));
    expect(fault).toMatchObject({ against: ['your gate refused requests it should have served (LISTING_NOT_SERVED)'], refused: 'EXHAUSTED' });
    // No refusal anywhere: no column.
    expect(owedGrantsText([owedGrantLine(refused([]))], 1, { onlyOpen: false, offset: 0 })).not.toContain('REFUSED');
  });

  it('says the --before of the next page (a deep --offset is refused past 10,000), with the count only on a page by offset', () => {
    const line = owedGrantLine(view({ quantity: 1, delivered: 0, usage: null }));
    expect(owedGrantsText([line], 300, { onlyOpen: false, offset: 0, next: 41 })).toContain('1–1 of 300: --before 41 shows more');
    const beforeId = owedGrantsText([line], undefined, { onlyOpen: false, offset: 0, next: 40 });
    expect(beforeId).toContain('\n--before 40 shows more');
    expect(beforeId).not.toContain(' of ');
    expect(owedGrantsText([line], undefined, { onlyOpen: false, offset: 0, next: null })).not.toContain('shows more');
    expect(owedGrantsText([], undefined, { onlyOpen: false, offset: 0, next: null })).toBe('no grants older than that one');
  });
});

describe('patx provider listings', () => {
  it("names a version the operator rejected and why, beside the one still live (only --json had it: an outside review)", () => {
    const listing = { id: 5, segment: 'TRAVEL_INTENT', title: 'Travel intent', status: 'published', version: 2, rejectedVersion: { version: 3, reason: 'the sample names people', atMs: Date.UTC(2026, 11, 1, 17, 5) } } as unknown as OwnListing;
    const lines = ownListingsText([listing]).split('\n');
    expect(cells(lines[1]!).slice(0, 5)).toEqual(['5', 'TRAVEL_INTENT', 'Travel intent', 'published', '2 (3 rejected)']);
    expect(lines[2]).toBe('listing 5: version 3 rejected 2026-12-01 17:05 UTC: the sample names people');
  });
});
