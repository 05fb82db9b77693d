/**
 * What `patx provider serve` raises a new gate's counts to (src/cli/grant-use.ts): a one-time grant's rights served as
 * the exchange knows them (the provider's reports, the evidence, the consumer's receipts: the most of them), a usage
 * grant's units used. The whole path, a new store refusing a used grant, is in provider-serve.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { usedOf } from '../../src/cli/grant-use.js';

describe("a grant's use as the exchange holds it", () => {
  it('a one-time grant: the most of reported, evidenced and receipted rights; a usage grant: its units used', () => {
    expect(usedOf({ delivered: 1, reportedByProvider: 2, escrow: null, usage: null })).toBe(2);
    expect(usedOf({ delivered: 3, reportedByProvider: 0, escrow: null, usage: null })).toBe(3);
    // Only evidencedQty of the escrow is read: the rest of its fields are left out.
    expect(usedOf({ delivered: 0, reportedByProvider: 1, escrow: { evidencedQty: 2 } as never, usage: null })).toBe(2);
    expect(usedOf({ delivered: 0, reportedByProvider: 0, escrow: null, usage: { unit: 'records', perRight: 10, units: 30, usedUnits: 30, leftUnits: 0, settled: null } })).toBe(30);
  });
});
