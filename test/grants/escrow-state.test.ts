/**
 * A grant's escrow state as the ledger projects it from the engine's CLAIM_RESOLVED (src/grants/ledger.ts
 * `escrowUpdateOf`): a dispute the operator upheld in full refunds nothing and releases everything held to the
 * provider, which is `released`; only a refund is `refunded` (an outside review saw a provider paid in full shown
 * "refunded", 0.0000).
 */
import { describe, expect, it } from 'vitest';
import { EventType, type EngineEvent } from '../../src/engine/index.js';
import { escrowUpdateOf } from '../../src/grants/ledger.js';
import type { GrantRecord } from '../../src/grants/grant-record.js';

const held = { signed: { grant: { grantId: 9, quantity: 2 } }, escrow: { escrowedMicros: 1_000_000, heldMicros: 1_000_000, releasedMicros: 0, confirmedQty: 0, disputeEndsAtMs: 0, state: 'held' } } as unknown as GrantRecord;

function resolved(refundMicros: number, releasedMicros: number): GrantRecord['escrow'] {
  const e = { type: EventType.CLAIM_RESOLVED, seq: 1, grantId: 9, seriesId: 1, consumerAccountId: 3, providerAccountId: 4, undeliveredQty: refundMicros > 0 ? 2 : 0, refundMicros, fromHeldMicros: refundMicros, fromProviderMicros: 0, shortfallMicros: 0, releasedMicros } as EngineEvent;
  const [grantId, update] = escrowUpdateOf(e, 1_000)!;
  expect(grantId).toBe(9);
  return update(held).escrow;
}

describe("a resolved claim's escrow state", () => {
  it('is released when nothing was refunded (a dispute upheld in full), refunded when something was', () => {
    expect(resolved(0, 1_000_000)).toMatchObject({ state: 'released', heldMicros: 0, releasedMicros: 1_000_000 });
    expect(resolved(1_000_000, 0)).toMatchObject({ state: 'refunded', heldMicros: 0 });
    expect(resolved(400_000, 600_000)).toMatchObject({ state: 'refunded', heldMicros: 0, releasedMicros: 600_000 });
  });
});
