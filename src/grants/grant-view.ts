/**
 * A grant as its consumer or provider reads it over HTTP (GET /v1/grants/mine…, the owed grants, the answers to a
 * receipt or a report): the signed grant, its delivery, its escrow and its usage, from the ledger's record.
 */
import type { GrantRecord } from './grant-record.js';

/** Where the dispute time of a grant's unreceipted reports stands (docs/delivery.md, "What counts as delivered"). */
export type DisputeWindowState = 'open' | 'ended' | null;

/**
 * The dispute time of the provider's unreceipted reports as the view says it: while one is pending (the record's
 * `disputeEndsAtMs` > 0, which the ledger's sweep acts on) 'open' and when it ends; once the sweep acted, 'ended'
 * and when it ended (`disputeEndedAtMs`: the record's `disputeEndsAtMs` is 0 then, "none pending"). A record stored
 * before the sweep kept that time says 'ended' with the time null when its outcome shows the sweep acted (disputed,
 * or undisputed rights); a grant with no report never had one: null, null.
 */
export function disputeWindowOf(r: GrantRecord): { disputeEndsAtMs: number | null; disputeWindow: DisputeWindowState } {
  if (r.disputeEndsAtMs > 0) return { disputeEndsAtMs: r.disputeEndsAtMs, disputeWindow: 'open' };
  if (r.disputeEndedAtMs !== undefined) return { disputeEndsAtMs: r.disputeEndedAtMs, disputeWindow: 'ended' };
  return { disputeEndsAtMs: null, disputeWindow: r.disputed || r.undisputed > 0 ? 'ended' : null };
}

/**
 * A grant as its consumer or provider sees it: the signed grant (what the gate takes), the domain,
 * and its delivery: `delivered` is what the consumer receipted, `reportedByProvider` the provider's
 * word, `counted` what counts toward reliability and payout (receipted, or reported and undisputed
 * past `disputeEndsAtMs`; `disputeWindow` says whether that time is still open or has ended).
 */
export function grantView(r: GrantRecord): object {
  return {
    grant: r.signed.grant,
    signature: r.signed.signature,
    domain: r.domain,
    exerciseId: r.exerciseId,
    seq: r.seq,
    issuedAtMs: r.issuedAtMs,
    delivered: r.delivered,
    receipts: r.receipts,
    reportedByProvider: r.reportedByProvider,
    counted: r.counted,
    ...disputeWindowOf(r),
    disputed: r.disputed,
    dueAtMs: r.dueAtMs === 0 ? null : r.dueAtMs,
    refusals: r.refusals,
    refusalReasons: r.refusalReasons,
    unreachable: r.unreachable ?? null,
    lastReport: r.lastReport,
    escrow: escrowView(r),
    usage: usageView(r),
    // Its receipts are kept and shown, but count for nothing on the listing: why (washing, docs/delivery.md).
    notCountedForListing: r.notCountedForListing ?? null,
  };
}

/** A grant's escrow for people: held, released, the claim and its refund, in µPAT (null for a grant issued before escrow). */
export function escrowView(r: GrantRecord): object | null {
  const x = r.escrow;
  if (x === undefined) return null;
  return {
    state: x.state,
    escrowedMicros: x.escrowedMicros,
    heldMicros: x.heldMicros,
    releasedMicros: x.releasedMicros,
    confirmedQty: x.confirmedQty,
    disputeEndsAtMs: x.disputeEndsAtMs,
    claim: x.claim ?? null,
    evidencedQty: x.evidencedQty ?? 0,
    dispute: x.dispute ?? null,
    refund: x.refund ?? null,
    refundedQty: x.refundedQty ?? x.refund?.undeliveredQty ?? 0,
    revokedQty: x.revokedQty ?? 0,
  };
}

/**
 * A usage grant's units (issue 81; null for one-time rights): its unit, units per right and in all,
 * those used as the exchange holds evidence of them (the engine's, RECORD_USAGE) and left, and how
 * it settled at its end.
 */
export function usageView(r: GrantRecord): object | null {
  const u = r.escrow?.usage;
  if (u === undefined) return null;
  // Settled: the unused units went back to the consumer (and leave the provider's gate), so none is left.
  // Units refunded away (an operator's decision) are no longer there to use, as the gate's revocation says.
  return { unit: u.unit, perRight: u.perRight, units: u.units, usedUnits: u.usedUnits, leftUnits: u.settled === undefined ? Math.max(0, u.units - u.usedUnits - (r.escrow?.revokedQty ?? 0)) : 0, settled: u.settled ?? null };
}
