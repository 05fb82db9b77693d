/**
 * The dispute time of a provider's unreceipted reports as the grant view says it (src/grants/grant-view.ts
 * `grantView`): an outside audit (2026-12-02) found `disputeEndsAtMs` read null once the window had passed,
 * since the ledger's sweep sets the record's `disputeEndsAtMs` to 0 ("none pending"). The record now keeps
 * when it ended (`disputeEndedAtMs`) and the view says it, with `disputeWindow`; records stored before
 * read null for the time they did not keep.
 */
import { describe, expect, it } from 'vitest';
import { grantView } from '../../src/grants/grant-view.js';
import type { GrantRecord } from '../../src/grants/grant-record.js';

const ENDS = Date.UTC(2026, 11, 2, 12, 0);
const base = {
  signed: { grant: { grantId: 7, quantity: 2 }, signature: '0x' },
  domain: {},
  exerciseId: 1,
  seq: 1,
  issuedAtMs: ENDS - 86_400_000,
  consumerAccountId: 3,
  providerAccountId: 4,
  delivered: 0,
  receipts: 0,
  reportedByProvider: 2,
  disputeEndsAtMs: 0,
  undisputed: 0,
  disputed: false,
  counted: 0,
  dueAtMs: 0,
  lapsed: false,
  refusals: 0,
  refusalReasons: [],
} as unknown as GrantRecord;

const viewOf = (r: Partial<GrantRecord>): { disputeEndsAtMs: number | null; disputeWindow: string | null } => grantView({ ...base, ...r }) as { disputeEndsAtMs: number | null; disputeWindow: string | null };

describe("a grant view's dispute window", () => {
  it('open while the ledger has one pending: when it ends', () => {
    expect(viewOf({ disputeEndsAtMs: ENDS })).toMatchObject({ disputeEndsAtMs: ENDS, disputeWindow: 'open' });
  });

  it('ended once the sweep acted (the record says 0, none pending): still when it ended, undisputed or disputed', () => {
    expect(viewOf({ disputeEndsAtMs: 0, disputeEndedAtMs: ENDS, undisputed: 2, counted: 2 })).toMatchObject({ disputeEndsAtMs: ENDS, disputeWindow: 'ended' });
    expect(viewOf({ disputeEndsAtMs: 0, disputeEndedAtMs: ENDS, disputed: true })).toMatchObject({ disputeEndsAtMs: ENDS, disputeWindow: 'ended' });
  });

  it('a later report opens it again: the new time, open', () => {
    expect(viewOf({ disputeEndsAtMs: ENDS + 60_000, disputeEndedAtMs: ENDS, undisputed: 1 })).toMatchObject({ disputeEndsAtMs: ENDS + 60_000, disputeWindow: 'open' });
  });

  it('a record stored before the time was kept: ended, the time unknown (null); none when nothing was reported', () => {
    expect(viewOf({ disputeEndsAtMs: 0, undisputed: 2, counted: 2 })).toMatchObject({ disputeEndsAtMs: null, disputeWindow: 'ended' });
    expect(viewOf({ disputeEndsAtMs: 0, disputed: true })).toMatchObject({ disputeEndsAtMs: null, disputeWindow: 'ended' });
    expect(viewOf({ disputeEndsAtMs: 0, reportedByProvider: 0 })).toMatchObject({ disputeEndsAtMs: null, disputeWindow: null });
  });
});
