/** A grant as the ledger keeps it (ledger.ts, LMDB): what was issued, what was delivered and counted, and its escrow as the journal tells it. */
import type { GrantDomain, SignedGrant } from './grant.js';

export interface GrantRecord {
  signed: SignedGrant;
  domain: GrantDomain;
  exerciseId: number;
  /**
   * The webhook or pull subscription whose exercise issued the grant (from SUBSCRIPTION_EXERCISED in the same turn);
   * absent for a grant bought and exercised by hand, and on records stored before 2026-12-04.
   */
  subscriptionId?: number;
  /** The journal seq of the exercise. */
  seq: number;
  issuedAtMs: number;
  consumerAccountId: number;
  providerAccountId: number;
  /** Rights the consumer receipted (at most the quantity): delivered on the consumer's word. */
  delivered: number;
  /** Receipts accepted (one per gate request). */
  receipts: number;
  /** Rights the provider reported delivered (its word alone; at most the quantity). */
  reportedByProvider: number;
  /** When the dispute time of the provider's unreceipted reports ends (its last delivered report + the dispute time); 0: none pending. */
  disputeEndsAtMs: number;
  /**
   * When the last dispute time the sweep acted on ended: kept apart because the sweep sets `disputeEndsAtMs` to 0
   * ("none pending", which the due index and the next report rely on), and the view still says when it ended.
   * Absent on records stored before 2026-12-02 and on grants whose dispute time never ended.
   */
  disputeEndedAtMs?: number;
  /** Rights of the provider's reports whose dispute time passed undisputed. */
  undisputed: number;
  /** The grant was disputed when its dispute time ended: the provider's unreceipted reports do not count. */
  disputed: boolean;
  /** Rights counted toward reliability and payout: the larger of `delivered` and `undisputed`. */
  counted: number;
  /** When rights not counted by then count as undelivered for the listing (0: never, e.g. no listing). */
  dueAtMs: number;
  /** Past `dueAtMs`: rights counted later still take back what was counted undelivered. */
  lapsed: boolean;
  /** Refusals of consumer-signed requests the provider reported, one per reason. */
  refusals: number;
  refusalReasons: string[];
  /** The consumer's report that the endpoint could not be reached (once per grant). */
  unreachable?: { atMs: number; reason: string };
  /** The provider's last report. */
  lastReport?: { atMs: number; outcome: string };
  /** The sale proceeds held behind the grant (rules 3; absent for grants issued before): from the engine's journaled events. */
  escrow?: GrantEscrowRecord;
  /**
   * Rights with evidence of delivery from both sides (rules 5): downloads the provider reported with
   * the consumer's signed request and its own signed statement, pushes a webhook the consumer
   * authorised took, and receipts; each request (nonce) once. Absent on grants stored before.
   */
  evidenced?: number;
  /** Its counted rights do not move the listing's delivery, and why (washing: src/washing/); they still release its escrow. */
  notCountedForListing?: NotCounted;
}

/** Why an operator decided a dispute as it did: kept beside the journal (the decision is journaled; its reason is words for people). */
export interface DecisionNote {
  text: string;
  operator: string;
  atMs: number;
}

/** One request's evidence of delivery, as the provider's report carried it (docs/delivery.md, "Evidence, claims and disputes"). */
export interface DeliveryEvidence {
  kind: 'download' | 'push' | 'stream';
  use: number;
  records: number;
  sha256: string;
  deliverySignature: string;
  /** When the exchange received it. */
  atMs: number;
  /** A push: the URL the consumer authorised and what answered it. */
  push?: { url: string; seq: number; status: number; answeredAtMs: number; address?: string };
  /** A streamed batch: the right's number and the nonce of the stream request the consumer signed. */
  stream?: { seq: number; request: string };
}

/** Why evidence is kept but does not count toward a listing's trust. */
export interface NotCounted {
  /** 'washing': the consumer is related on-chain to the provider. */
  reason: string;
  why: string;
  atMs: number;
}

/**
 * A grant's escrow as the journal tells it (src/engine/products/escrow.ts): what was held at the
 * exercise, what was released to the provider and why, the rights confirmed delivered by the
 * consumer's receipts, the claim and its refund.
 */
export interface GrantEscrowRecord {
  /** Held at the exercise, µPAT. */
  escrowedMicros: number;
  /** Still held now. */
  heldMicros: number;
  /** Released to the provider so far (delivered, dispute window over, or left over after a refund). */
  releasedMicros: number;
  /** Rights confirmed delivered (CONFIRM_DELIVERY, on the consumer's receipts). */
  confirmedQty: number;
  disputeEndsAtMs: number;
  /** 'held' while anything is held or claimed; then how it ended. */
  state: 'held' | 'delivered' | 'released' | 'refunded';
  claim?: { filedAtMs: number; dueAtMs: number; undeliveredQty: number };
  /** Rules 5: rights the engine holds evidence of delivering (DELIVERY_EVIDENCED). */
  evidencedQty?: number;
  /** Rules 5: the consumer's dispute of evidenced delivery, and the operator's decision once made. */
  dispute?: { filedAtMs: number; reason: 'missing-records' | 'nonconforming' | 'not-received'; undeliveredQty: number; evidencedQty: number; decision?: { atMs: number; refundQty: number; upheldQty: number; chargeProviderMicros: number; decidedBy: number; note?: DecisionNote } };
  /** The last refund (a claim's, or a dispute decision's): CLAIM_RESOLVED. */
  refund?: { atMs: number; undeliveredQty: number; refundMicros: number; fromHeldMicros: number; fromProviderMicros: number; shortfallMicros: number };
  /** Rights refunded in all: a claim's and a decision's after it (absent on records stored before 2026-11-30: the one refund's). */
  refundedQty?: number;
  /**
   * Rights the provider's gate must no longer serve (`GET /v1/provider/revocations`): refunded rights no
   * evidence shows served. A claim's are all of its refund (it refunds only what nothing evidences); a
   * decision's are those it refunds beyond the evidenced rights, which the consumer was served. A usage
   * grant's are units: those unused when it settled with a refund.
   */
  revokedQty?: number;
  /**
   * A usage grant (issue 81; docs/delivery.md "Usage grants"): its unit, units per right and in all,
   * the units the engine holds evidence of (RECORD_USAGE), and how it settled at its end: the
   * unused units' share refunded to the consumer, the rest released to the provider.
   */
  usage?: UsageRecord;
}

export interface UsageRecord {
  unit: 'records' | 'requests';
  perRight: number;
  units: number;
  usedUnits: number;
  settled?: { atMs: number; usedUnits: number; refundMicros: number; releasedMicros: number };
}

/** What a listing's grants came to (reliability, src/catalog/trust.ts). */
export interface ListingDelivery {
  /** Rights counted delivered: receipted, or reported and undisputed past the dispute time. */
  delivered: number;
  /** Rights of grants past their due time that were not counted delivered. */
  undelivered: number;
  /** The provider's failures: refusals of consumer-signed requests for its own reasons, and unreachable reports, once per grant (and reason). */
  failed: number;
}

/** A receipt a consumer signs after a download: the provider's delivery statement and its signature. */
export interface Receipt {
  use: number;
  nonce: string;
  records: number;
  sha256: string;
  deliverySignature: string;
}

/** A receipt as stored. */
export interface StoredReceipt extends Receipt {
  atMs: number;
  /** The member's account that receipted an organisation's grant (docs/organisations.md); absent: the grant's consumer did. */
  byMemberAccountId?: number;
  /** Its records were checked against the listing (docs/catalog.md, "Conformance"): once per receipt. */
  conformance?: 'checking' | 'conforms' | 'diverges';
}
