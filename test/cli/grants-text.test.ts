/**
 * `patx grants`' lines (src/cli/grants.ts; pure: a grant view in, a line out): the REFUND column of a usage grant an
 * operator's dispute decision refunded showed `-` (an outside provider review), as only its settlement's refund was read.
 */
import { describe, expect, it } from 'vitest';
import { grantLine, grantsText } from '../../src/cli/grants.js';
import type { GrantView } from '../../src/client/grants.js';

/** A grant view as GET /v1/grants/mine gives it, with only what the line reads. */
const view = (o: { escrow: Partial<NonNullable<GrantView['escrow']>> | null; usage: GrantView['usage'] }): GrantView =>
  ({
    grant: { grantId: 7, seriesId: 3, listingId: 4, listingVersion: 2, quantity: 3, expiresAtMs: Date.UTC(2026, 11, 3) },
    delivered: 0,
    escrow: o.escrow === null ? null : { state: 'held', claim: null, dispute: null, refund: null, ...o.escrow },
    usage: o.usage,
  }) as unknown as GrantView;

const usage = { unit: 'records' as const, perRight: 10, units: 30, usedUnits: 5, leftUnits: 5, settled: null };
const decided = { atMs: 1, undeliveredQty: 2, refundMicros: 800_000, fromHeldMicros: 500_000, fromProviderMicros: 250_000, shortfallMicros: 50_000 };

describe('patx grants: REFUND PAT', () => {
  it("a usage grant refunded by the operator's decision shows that refund; at its settlement the unused units' share adds to it", () => {
    expect(grantLine(view({ escrow: { refund: decided }, usage })).refundMicros).toBe(750_000);
    expect(grantLine(view({ escrow: { refund: decided, state: 'released' }, usage: { ...usage, settled: { atMs: 1, usedUnits: 5, refundMicros: 40_000, releasedMicros: 10_000 } } })).refundMicros).toBe(790_000);
    expect(grantLine(view({ escrow: null, usage: { ...usage, settled: { atMs: 1, usedUnits: 5, refundMicros: 40_000, releasedMicros: 10_000 } } })).refundMicros).toBe(40_000);
    const none = grantLine(view({ escrow: {}, usage }));
    expect(none.refundMicros).toBeNull();
    expect(grantsText([grantLine(view({ escrow: { refund: decided }, usage })), none], 2).split('\n').map((l) => l.trim().split(/\s{2,}/).at(-1))).toEqual(['REFUND PAT', '0.7500', '-']);
  });

  it("a one-time grant's claim refund is the refund paid, as before", () => {
    expect(grantLine(view({ escrow: { refund: decided }, usage: null })).refundMicros).toBe(750_000);
  });
});

describe('patx grants: nothing listed', () => {
  // `patx grants --exercise 999` on a wallet with grants said "no grants yet": the wallet had some, none of that exercise.
  it('says what was asked: every grant, one exercise\'s, or the organisation\'s', () => {
    expect(grantsText([], 0)).toBe('no grants yet: patx exercise <series> <qty> makes one');
    expect(grantsText([], 0, { exercise: 999 })).toBe('no grants of exercise 999 among yours (an exercise of another account\'s, or none of that id): patx grants lists all of yours');
    expect(grantsText([], 0, { org: true })).toBe('no grants yet for your organisation: an admin or trader makes one with patx exercise <series> <qty> --org');
  });
});
