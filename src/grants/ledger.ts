/**
 * The grant ledger: every access grant the exchange signed, who it is for and
 * whose rights it redeems, and what became of its delivery. LMDB under `<dataDir>/grants`.
 *
 * Grants are derived, never decided here: each comes from a journaled exercise
 * (src/grants/issue.ts) and is signed deterministically, so the ledger follows
 * the released turns, stores them asynchronously with the journal seq it reaches,
 * and catches up from the journal at start (like the purchase ledger).
 *
 * Delivery counts only with the consumer's word (docs/delivery.md, "What counts as
 * delivered"): a right counts toward the listing's reliability and the provider's
 * payout when the consumer receipted it (its signed receipt carries the provider's signed
 * delivery statement), or when the provider reported it delivered (with the consumer's
 * signed request) and the dispute time passed with no dispute. A refusal counts against
 * the provider only when its report carries a request the grant's consumer signed, once
 * per grant and reason; an unreachable endpoint, when the consumer reports it (once per
 * grant). Rights neither counted nor disputed once a grant's due time passed count as
 * undelivered. Every update is checked first and changes nothing when refused.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, RangeOptions, RootDatabase } from 'lmdb';
import { openStore } from '../runtime/lmdb-file.js';
import { DisputeReason, EventType, ReleaseReason, UsageUnit, type Engine, type EngineEvent, type Journal, type RightsExercised, type Sequencer } from '../engine/index.js';
import { deliveryStatementText, type DeliveryStatement } from './delivery-statement.js';
import { pushAuthorisationText, pushNonce, streamRequestText, type PushAuthorisation } from './push-request.js';
import { gateEndpoint, gateRequestText } from './gate-request.js';
import { followTurns, type ReplayedTurn } from '../read-models/replay.js';
import { GrantSigner, messageSignedBy, sameSignature, type AccessGrant, type SignedGrant } from './grant.js';
import { membershipProblem, membershipSigner, type SignedMembership } from './membership.js';
import { grantsOfExercise } from './issue.js';
import type { JournalFollowing } from '../read-models/journal-following.js';
// The bodies arrive checked by their schemas (their types, and the outcomes that deliver).
import { GATE_FAULT_OUTCOMES } from './gate-faults.js';
import { DELIVERED_OUTCOMES, type DeliveryFailure, type DeliveryReportBody, type GateRequestBody, type ReceiptBody } from './bodies.js';
import { GrantError, unknownGrant } from './grant-error.js';
import { parseGrantLedgerWrite, REPLICATED_GRANT_WAIT_MS, type GrantLedgerReplication, type GrantLedgerWrite } from './ledger-replication.js';
import { applyGrantSeed, applyListingSeed, grantLedgerSeeds, isSeedOp, parseGrantLedgerSeed, type GrantLedgerSeed, type SeedTables } from './ledger-seed.js';
import type { DecisionNote, DeliveryEvidence, GrantEscrowRecord, GrantRecord, ListingDelivery, NotCounted, StoredReceipt, UsageRecord } from './grant-record.js';
import { current, NO_DELIVERY } from './provider-grants.js';
import { exerciseGrantsBefore, exerciseGrantsAtOffset, grantsBefore, grantsAtOffset, type GrantCursorPage, type GrantIndex, type GrantOffsetPage, type GrantReader } from './grant-pages.js';
import { isRefused, RevocationWaits } from './revocation-waits.js';

/** Asked as rights of a grant start to count (`qty` more): why they must not move its listing's delivery, or undefined. */
export type ListingCountFilter = (r: GrantRecord, qty: number) => NotCounted | undefined;

/** How one escrow event changes a grant's record. */
type EscrowUpdate = (r: GrantRecord) => GrantRecord;

/** A turn's escrow updates in event order: [grant id, update, the command's journal seq]. */
type EscrowUpdates = Array<[number, EscrowUpdate, number]>;

function escrowOf(r: GrantRecord): GrantEscrowRecord {
  // Events after the exercise follow GRANT_ESCROWED, which made the record's escrow.
  return r.escrow ?? { escrowedMicros: 0, heldMicros: 0, releasedMicros: 0, confirmedQty: 0, disputeEndsAtMs: 0, state: 'held' };
}

/** The event types escrowUpdateOf reads (every other event changes no grant's escrow). */
const ESCROW_EVENT_TYPES: ReadonlySet<number> = new Set([
  EventType.GRANT_ESCROWED,
  EventType.ESCROW_RELEASED,
  EventType.CLAIM_FILED,
  EventType.CLAIM_RESOLVED,
  EventType.DELIVERY_EVIDENCED,
  EventType.DISPUTE_FILED,
  EventType.USAGE_GRANT_OPENED,
  EventType.USAGE_RECORDED,
  EventType.USAGE_SETTLED,
  EventType.DISPUTE_DECIDED,
]);

/**
 * The escrow events of a turn, as updates by grant id (in event order). The updates' closures are
 * made in escrowUpdateOf, called only for escrow events: in this loop they made V8 allocate a
 * context for every event of every turn, every order's included (issue 79).
 */
function escrowUpdates(events: readonly EngineEvent[], timeMs: number): EscrowUpdates {
  const out: EscrowUpdates = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (!ESCROW_EVENT_TYPES.has(e.type)) continue;
    const update = escrowUpdateOf(e, timeMs);
    if (update !== undefined) out.push([update[0], update[1], e.seq]);
  }
  return out;
}

/** @internal How one escrow event changes its grant's record (none for an escrow release that is not a grant's). */
export function escrowUpdateOf(e: EngineEvent, timeMs: number): [number, EscrowUpdate] | undefined {
  if (e.type === EventType.GRANT_ESCROWED) {
    return [e.grantId, (r) => ({ ...r, escrow: { escrowedMicros: e.heldMicros, heldMicros: e.heldMicros, releasedMicros: 0, confirmedQty: 0, disputeEndsAtMs: e.disputeEndsAtMs, state: 'held' } })];
  } else if (e.type === EventType.ESCROW_RELEASED && e.grantId !== 0) {
    return [
      e.grantId,
      (r) => {
        const x = escrowOf(r);
        const delivered = e.reason === ReleaseReason.DELIVERED;
        const confirmedQty = x.confirmedQty + (delivered ? e.qty : 0);
        const heldMicros = x.heldMicros - e.releasedMicros;
        const done = delivered ? confirmedQty >= r.signed.grant.quantity : true;
        return { ...r, escrow: { ...x, confirmedQty, heldMicros, releasedMicros: x.releasedMicros + e.releasedMicros, state: done ? (delivered ? 'delivered' : 'released') : 'held' } };
      },
    ];
  } else if (e.type === EventType.CLAIM_FILED) {
    return [e.grantId, (r) => ({ ...r, escrow: { ...escrowOf(r), claim: { filedAtMs: timeMs, dueAtMs: e.dueAtMs, undeliveredQty: e.undeliveredQty } } })];
  } else if (e.type === EventType.CLAIM_RESOLVED) {
    return [
      e.grantId,
      (r) => {
        const x = escrowOf(r);
        const refund = { atMs: timeMs, undeliveredQty: e.undeliveredQty, refundMicros: e.refundMicros, fromHeldMicros: e.fromHeldMicros, fromProviderMicros: e.fromProviderMicros, shortfallMicros: e.shortfallMicros };
        const refundedQty = (x.refundedQty ?? 0) + e.undeliveredQty;
        const revokedQty = x.usage === undefined ? (x.revokedQty ?? 0) + revokedBy(x, e.undeliveredQty) : usageRevoked(r.signed.grant.quantity, x, refundedQty);
        // Rules 5: a claim refunds only rights nothing evidences; the evidenced stay held (and the claim is over).
        const heldMicros = x.heldMicros - e.fromHeldMicros - e.releasedMicros;
        if (heldMicros > 0) {
          const { claim: _over, ...rest } = x;
          return { ...r, escrow: { ...rest, heldMicros, releasedMicros: x.releasedMicros + e.releasedMicros, state: 'held', refund, refundedQty, revokedQty } };
        }
        // Nothing refunded (a dispute upheld in full) is the provider paid: 'refunded' told it otherwise (an outside review).
        return { ...r, escrow: { ...x, heldMicros: 0, releasedMicros: x.releasedMicros + e.releasedMicros, state: e.refundMicros > 0 ? 'refunded' : 'released', refund, refundedQty, revokedQty } };
      },
    ];
  } else if (e.type === EventType.DELIVERY_EVIDENCED) {
    return [e.grantId, (r) => ({ ...r, escrow: { ...escrowOf(r), evidencedQty: e.evidencedQty } })];
  } else if (e.type === EventType.DISPUTE_FILED) {
    const reason = e.reason === DisputeReason.MISSING_RECORDS ? 'missing-records' : e.reason === DisputeReason.NONCONFORMING ? 'nonconforming' : 'not-received';
    return [e.grantId, (r) => ({ ...r, escrow: { ...escrowOf(r), dispute: { filedAtMs: timeMs, reason, undeliveredQty: e.undeliveredQty, evidencedQty: e.evidencedQty } } })];
  } else if (e.type === EventType.USAGE_GRANT_OPENED) {
    const usage: UsageRecord = { unit: e.usageUnit === UsageUnit.RECORDS ? 'records' : 'requests', perRight: e.unitsPerRight, units: e.units, usedUnits: 0 };
    return [e.grantId, (r) => ({ ...r, escrow: { ...escrowOf(r), usage } })];
  } else if (e.type === EventType.USAGE_RECORDED) {
    return [e.grantId, (r) => (r.escrow?.usage === undefined ? r : { ...r, escrow: { ...r.escrow, usage: { ...r.escrow.usage, usedUnits: e.usedUnits } } })];
  } else if (e.type === EventType.USAGE_SETTLED) {
    const settled = { atMs: timeMs, usedUnits: e.usedUnits, refundMicros: e.refundMicros, releasedMicros: e.releasedMicros };
    // After its ESCROW_RELEASED (the used share): nothing is held; refunded when anything went back. The unused units the
    // consumer has its PAT back for leave the provider's gate (a usage grant's revocation is in units): the grant may
    // outlive its dispute window when risk.disputeWindowMs is shorter than the gate's day of grace.
    const revokedQty = e.refundMicros > 0 ? e.units - e.usedUnits : 0;
    return [e.grantId, (r) => (r.escrow?.usage === undefined ? r : { ...r, escrow: { ...r.escrow, heldMicros: 0, state: e.refundMicros > 0 ? 'refunded' : 'released', usage: { ...r.escrow.usage, settled }, ...(revokedQty > 0 ? { revokedQty } : {}) } })];
  } else if (e.type === EventType.DISPUTE_DECIDED) {
    return [
      e.grantId,
      (r) => {
        const x = escrowOf(r);
        const decision = { atMs: timeMs, refundQty: e.refundQty, upheldQty: e.upheldQty, chargeProviderMicros: e.chargeProviderMicros, decidedBy: e.decidedBy };
        return x.dispute === undefined ? r : { ...r, escrow: { ...x, dispute: { ...x.dispute, decision } } };
      },
    ];
  }
  return undefined;
}

/**
 * Of `refundedQty` rights a CLAIM_RESOLVED refunds, those the provider's gate must no longer serve. A claim's
 * refund (no decision on the grant: a claim is resolved before any dispute, and a decision closes the
 * escrow) is of rights nothing evidences: all of them. An operator's decision refunds rights of a dispute,
 * which needs evidence: as many as were evidenced and not confirmed are taken as served (their records
 * were wrong, the consumer has them), and only the rest are withdrawn, so a consumer refunded for a bad
 * download keeps the rights it has not used yet.
 */
function revokedBy(x: GrantEscrowRecord, refundedQty: number): number {
  if (x.dispute?.decision === undefined) return refundedQty;
  const served = Math.max(0, (x.evidencedQty ?? 0) - x.confirmedQty);
  return Math.max(0, refundedQty - served);
}

/**
 * A usage grant's revocation after rights of it were refunded (an operator's decision): in units, as the gate counts it
 * (USAGE_SETTLED's too), every unit beyond those the rights kept carry and beyond those used already. Rights were
 * withdrawn as units before (an outside review: 2 rights refunded of 3 × 10 records withdrew 2 records, and the
 * consumer downloaded 11 more for the one right upheld). Never less than withdrawn before.
 */
function usageRevoked(quantity: number, x: GrantEscrowRecord, refundedQty: number): number {
  const u = x.usage!;
  const kept = Math.max(0, quantity - refundedQty) * u.perRight;
  return Math.max(x.revokedQty ?? 0, u.units - Math.max(u.usedUnits, kept));
}

/** What a grant's uses are counted in: its rights, or a usage grant's units. */
function capacityOf(r: GrantRecord): number {
  return r.escrow?.usage?.units ?? r.signed.grant.quantity;
}

/**
 * What one request evidences: its use (rights, or a usage grant's requests), or for a usage grant by
 * records the records the provider's signed statement names, never more than the consumer signed
 * for: a provider cannot count more than was asked for, nor a consumer less than it was sent.
 */
function unitsOf(r: GrantRecord, use: number, records: number): number {
  return r.escrow?.usage?.unit === 'records' ? Math.min(use, records) : use;
}

/** How far ahead of the exchange's clock a push's answer may be stamped (the provider's clock). */
const ANSWER_SKEW_MS = 60_000;

/** How often the service looks for dispute times and due times that passed. */
export const GRANT_SWEEP_MS = 60_000;

// The records kept per grant and listing (receipts, delivery counts) are grant-record.ts's, so the seed (ledger-seed.ts) reads them without this module.
export type { ListingDelivery, Receipt, StoredReceipt } from './grant-record.js';

/**
 * Whether the signer may act as the grant's holder `holderAccountId` (its consumer), asked inside the
 * ledger's serial update so the answer is the exchange's state at that moment: a member of the
 * organisation that holds it (docs/organisations.md, "Receipts by members"). Absent: only the holder.
 */
export type ActsFor = (holderAccountId: number) => boolean;

/** Records a consumer sends as conformance evidence for one receipted request: at most this many (read on the intake: src/intake/evidence.ts). */
export { MAX_EVIDENCE_RECORDS } from './evidence-digest.js';

/** Told when rights start to count (a receipt, or an undisputed report): `qty` more, `total` counted on the grant now. */
export type DeliveryCountedListener = (e: { grantId: number; qty: number; total: number; by: 'receipt' | 'undisputed'; providerAccountId: number; listingId: number }) => void;

/** Told when a grant's rights with evidence of delivery grow: `evidenced` in all (rules 5: the service records them in the engine). */
export type EvidenceListener = (e: { grantId: number; evidenced: number }) => void;

/**
 * The push authorisation a subscription carries (its JSON, as the courier hands it to the provider's gate), or undefined:
 * asked when a provider reports a push of a grant the subscription's exercise issued.
 */
export type PushTermsSource = (subscriptionId: number) => string | undefined;

/** Whether the consumer holds a grant's delivery in question (a claim, or a dispute not yet decided): asked when a dispute time ends. */
export type DisputeSource = (grantId: number) => boolean | Promise<boolean>;

type DueKind = 'lapse' | 'dispute';

/**
 * A provider's grants issued in one UTC month (by `issuedAtMs`): how many, their rights, and the span of their grant ids
 * (ids rise with time, so the month's grants are read newest first from `lastGrantId` down, never past `firstGrantId`).
 * Counted as each grant is first written (save), built once for a ledger written before them (PROVIDER_MONTHS_VERSION).
 */
export interface ProviderMonth {
  month: string;
  count: number;
  qty: number;
  firstGrantId: number;
  lastGrantId: number;
}

/** The version the provider-month rows were built to (meta 'providerMonthsVersion'). */
export const PROVIDER_MONTHS_VERSION = 1;

const utcMonthOf = (atMs: number): string => new Date(atMs).toISOString().slice(0, 7);

function addToMonth(months: Map<string, ProviderMonth>, key: string, stored: ProviderMonth | undefined, r: GrantRecord): void {
  const id = r.signed.grant.grantId;
  const m = months.get(key) ?? (stored === undefined ? { month: utcMonthOf(r.issuedAtMs), count: 0, qty: 0, firstGrantId: id, lastGrantId: id } : { ...stored });
  m.count++;
  m.qty += r.signed.grant.quantity;
  m.firstGrantId = Math.min(m.firstGrantId, id);
  m.lastGrantId = Math.max(m.lastGrantId, id);
  months.set(key, m);
}

export const GRANT_PROGRESS_SAVE_MS = 5_000;

/** Receipts or evidence of one grant read at once by default: a page (receiptsOf, evidenceOf). */
export const DETAIL_PAGE = 200;

export class GrantLedger implements JournalFollowing {
  private throughSeq: number;
  private savedSeq: number;
  private writes: Promise<unknown> = Promise.resolve();
  /**
   * Grants already signed for an exercise's ack, waiting for the ledger to record them: the
   * sequencer sends a turn's acks just before its release listeners, so each is signed once.
   * Bounded by one turn's exercises: filled by a turn's acks, emptied when the ledger records that
   * same turn (or finds it recorded already), right after.
   */
  private readonly signedForAck = new Map<number, SignedGrant>();
  /** Delivery updates (reports, receipts, failures, sweeps) are applied one after another (each reads what the last wrote). */
  private updates: Promise<unknown> = Promise.resolve();
  private disputed: DisputeSource = () => false;
  private pushTermsOf: PushTermsSource = () => undefined;
  private listingFilter: ListingCountFilter = () => undefined;
  private readonly counted = new Set<DeliveryCountedListener>();
  private readonly evidenceListeners = new Set<EvidenceListener>();
  /** Long polls of the revocations feed, woken once a provider's revocations are on disk (revocation-waits.ts). */
  private readonly revocationWaits = new RevocationWaits();
  /** `read`, bound once (the pages call it per grant). */
  private readonly reader: GrantReader = (id) => this.read(id);
  /** The leader of a replicated group tells it every write the journal does not hold (replicateTo). */
  private replication: GrantLedgerReplication | undefined;
  /** While a standby applies a leader's write: that write's time, so the same write stores the same times. */
  private replayAtMs: number | undefined;

  private constructor(
    private readonly env: RootDatabase,
    private readonly grants: Database<GrantRecord, number>,
    private readonly byConsumer: Database<number, [number, number]>,
    private readonly byProvider: Database<number, [number, number]>,
    private readonly meta: Database<number, string>,
    /** Per listing: what its grants came to (reliability). */
    private readonly listingDelivery: Database<ListingDelivery, number>,
    /** Receipts by [grant, nonce]: once per gate request. */
    private readonly receipts: Database<StoredReceipt, [number, string]>,
    /** What the provider reported, by [grant, 'delivered', nonce] or [grant, 'refused', reason] (a timestamp: once each), and the batches reported under each stream request by [grant, 'stream', request nonce] (a count). */
    private readonly reported: Database<number, [number, string, string]>,
    /** Dispute times and due times to act on, by [atMs, grant, kind]. */
    private readonly due: Database<true, [number, number, DueKind]>,
    /** Evidence of delivery by [grant, request nonce]: once per request (rules 5). */
    private readonly evidence: Database<DeliveryEvidence, [number, string]>,
    /** The operator's note on a dispute's decision, by grant: shown with the decision to both parties. */
    private readonly decisionNotes: Database<DecisionNote, number>,
    /** Rights withdrawn from grants by refunds, by [provider, journal seq, grant] → the grant's revokedQty then: each provider's feed. */
    private readonly revocations: Database<number, [number, number, number]>,
    /** Each provider's grants per UTC month, by [provider, 'YYYY-MM'] (ProviderMonth): its payout statement's redemptions. */
    private readonly providerMonthRows: Database<ProviderMonth, [number, string]>,
    private readonly engine: Engine,
    readonly signer: GrantSigner,
    private readonly baseClock: () => number,
    /** A fixed dispute window (tests that run the ledger alone); undefined: the engine's journaled risk.disputeWindowMs. */
    private readonly fixedDisputeMs: number | undefined,
  ) {
    this.throughSeq = meta.get('throughSeq') ?? 0;
    this.savedSeq = this.throughSeq;
  }

  /** Opens the ledger, catches it up from the journal, and follows every released turn. */
  static start(deps: { dataDir: string; engine: Engine; journal: Journal; sequencer: Sequencer; signer: GrantSigner; clock: () => number; disputeMs?: number; isDisputed?: DisputeSource }): GrantLedger {
    const ledger = GrantLedger.open(deps);
    followTurns(deps.journal, deps.sequencer, ledger.throughSeq, deps.engine.limits, (turn) => ledger.record(turn));
    return ledger;
  }

  /**
   * Opens the ledger as it was left; turns come through `take` (src/read-models/journal-following.ts): a
   * standby's follower feeds it while it waits to lead, so its grants are signed under the
   * domain it was opened with, which must be the one it leads under.
   */
  static open(deps: { dataDir: string; engine: Engine; signer: GrantSigner; clock: () => number; disputeMs?: number; isDisputed?: DisputeSource }): GrantLedger {
    const dir = join(deps.dataDir, 'grants');
    mkdirSync(dir, { recursive: true });
    const env = openStore({ path: dir, maxDbs: 16 });
    const ledger = new GrantLedger(
      env,
      env.openDB<GrantRecord, number>({ name: 'grants' }),
      env.openDB<number, [number, number]>({ name: 'by-consumer' }),
      env.openDB<number, [number, number]>({ name: 'by-provider' }),
      env.openDB<number, string>({ name: 'meta' }),
      // Not 'listing-delivery': what was kept there before receipts is the providers' word alone, and counts no more.
      env.openDB<ListingDelivery, number>({ name: 'listing-reliability' }),
      env.openDB<StoredReceipt, [number, string]>({ name: 'receipts' }),
      env.openDB<number, [number, string, string]>({ name: 'reported' }),
      env.openDB<true, [number, number, DueKind]>({ name: 'due' }),
      env.openDB<DeliveryEvidence, [number, string]>({ name: 'evidence' }),
      env.openDB<DecisionNote, number>({ name: 'decision-notes' }),
      env.openDB<number, [number, number, number]>({ name: 'revocations' }),
      env.openDB<ProviderMonth, [number, string]>({ name: 'provider-months' }),
      deps.engine,
      deps.signer,
      deps.clock,
      deps.disputeMs,
    );
    if (deps.isDisputed !== undefined) ledger.setDisputeSource(deps.isDisputed);
    ledger.buildProviderMonths();
    return ledger;
  }

  /** A ledger written before the provider-month rows: built once from every grant, in one transaction with the version. */
  private buildProviderMonths(): void {
    if (this.meta.get('providerMonthsVersion') === PROVIDER_MONTHS_VERSION) return;
    this.env.transactionSync(() => {
      for (const key of this.providerMonthRows.getKeys()) this.providerMonthRows.removeSync(key);
      const months = new Map<string, ProviderMonth>();
      const keys = new Map<string, [number, string]>();
      for (const { value: r } of this.grants.getRange()) {
        const key: [number, string] = [r.providerAccountId, utcMonthOf(r.issuedAtMs)];
        const k = `${key[0]}/${key[1]}`;
        keys.set(k, key);
        addToMonth(months, k, undefined, r);
      }
      for (const [k, m] of months) this.providerMonthRows.putSync(keys.get(k)!, m);
      this.meta.putSync('providerMonthsVersion', PROVIDER_MONTHS_VERSION);
    });
  }

  /**
   * How long a consumer has to dispute an unreceipted report, and to receipt a usable grant: the one
   * dispute window, the engine's journaled risk.disputeWindowMs (the claim window's length too).
   */
  get disputeMs(): number {
    return this.fixedDisputeMs ?? this.engine.risk.disputeWindowMs;
  }

  /** Now, or the time of the leader's write a standby applies. */
  private clock(): number {
    return this.replayAtMs ?? this.baseClock();
  }

  /**
   * From now on every write the journal does not hold (receipts, reports, failures, conformance verdicts, decision
   * notes) is also told to `replication` (the catalog shipper of a replicated group's leader), and its route answers
   * once the stream holds it: a receipt a consumer saw accepted is on the next leader (docs/replication.md).
   */
  replicateTo(replication: GrantLedgerReplication): void {
    this.replication = replication;
  }

  /** `write` told to the replication, then `answer` once the stream holds it (at once without replication). */
  private async shipped<T>(answer: T, write: GrantLedgerWrite): Promise<T> {
    if (this.replication === undefined) return answer;
    this.replication.grantLedgerWrote(write);
    try {
      await this.replication.replicated();
    } catch (error) {
      // Stored here, not on the stream (this node no longer leads): the write is not answered as taken, as the catalog's routes answer it.
      throw new GrantError('NOT_REPLICATED', `stored on this node, not replicated (it no longer leads?): ${(error as Error).message}`);
    }
    return answer;
  }

  /**
   * A write the leader's ledger made, as a standby's applies it (the catalog stream's `grant-ledger` record): the same
   * update, checked and counted as the leader's was, at the leader's time. Idempotent: a receipt, a report, a failure
   * already applied is refused by the update's own checks and changes nothing. Waits (at most `waitMs`, while
   * `keepWaiting`: not once a takeover applied the journal to its end) for the grant, which this node's journal follower
   * may not have applied yet; a write it cannot apply is dropped and said.
   */
  async applyReplicated(value: unknown, keepWaiting: () => boolean = () => true, waitMs = REPLICATED_GRANT_WAIT_MS): Promise<{ applied: boolean; reason?: string }> {
    if (typeof value === 'object' && value !== null && isSeedOp((value as Record<string, unknown>)['op'])) return this.applySeed(parseGrantLedgerSeed(value as Record<string, unknown>), keepWaiting);
    const write = parseGrantLedgerWrite(value);
    const deadline = Date.now() + waitMs;
    while ((await this.get(write.grantId)) === undefined) {
      if (Date.now() >= deadline || !keepWaiting()) return { applied: false, reason: `grant ${write.grantId} is not in this node's ledger` };
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const anyHolder: ActsFor = () => true; // the leader checked who may act for the grant
    try {
      await this.seriallyAt(write.atMs, async () => {
        if (write.op === 'receipt') {
          // What the leader's washing guard found, not this node's (its guard runs only where it leads).
          const filter = this.listingFilter;
          this.listingFilter = () => write.notCounted;
          try {
            await this.applyReceipt(write.accountId, write.grantId, write.receipt, anyHolder);
          } finally {
            this.listingFilter = filter;
          }
        } else if (write.op === 'exclude') await this.applyExclusion(write.grantId, write.notCounted);
        else if (write.op === 'report') await this.applyReport(write.accountId, write.report);
        else if (write.op === 'failure') await this.applyFailure(write.accountId, write.grantId, write.reason, anyHolder);
        else if (write.op === 'conformance') await this.applyConformance(write.grantId, write.nonce, write.conforms);
        else await this.decisionNotes.put(write.grantId, write.note);
      });
      return { applied: true };
    } catch (error) {
      if (error instanceof GrantError) return { applied: false, reason: `${error.code}: ${error.message}` };
      throw error;
    }
  }

  /**
   * What this ledger keeps beside the journal, as seed records (ledger-seed.ts): what the first leader on an empty
   * catalog stream ships before its own writes, so a group whose catalog stream is new keeps its receipts and reports
   * on every node. Read a page at a time, once the updates and writes begun are on disk.
   */
  async *seeds(): AsyncGenerator<GrantLedgerSeed> {
    await this.updates.catch(() => undefined);
    await this.writes;
    yield* grantLedgerSeeds(this.seedTables());
  }

  /**
   * A seed record as a standby applies it: a listing's counts at once; a grant's once the grant is here, waiting for it
   * while this node's journal follower is short of the grant's exercise (a standby that joined replays the whole
   * journal: no deadline) and `keepWaiting` (not once a takeover applied the journal to its end, nor once stopping).
   */
  private async applySeed(seed: GrantLedgerSeed, keepWaiting: () => boolean): Promise<{ applied: boolean; reason?: string }> {
    if (seed.op === 'seed-listing') return this.serially(() => applyListingSeed(this.seedTables(), seed));
    for (;;) {
      const past = this.throughSeq >= seed.journalSeq;
      if ((await this.get(seed.grantId)) !== undefined) break;
      if (past || !keepWaiting()) return { applied: false, reason: `grant ${seed.grantId} is not in this node's ledger` };
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.serially(() => applyGrantSeed(this.seedTables(), seed, this.grants.get(seed.grantId)!));
  }

  private seedTables(): SeedTables {
    const { env, grants, receipts, evidence, reported, decisionNotes, due, listingDelivery } = this;
    return { env, grants, receipts, evidence, reported, decisionNotes, due, listingDelivery };
  }

  /** The last journal seq the ledger has taken. */
  get seq(): number {
    return this.throughSeq;
  }

  take(turn: ReplayedTurn): void {
    this.record(turn);
  }

  saveNow(): void {
    void this.saveProgress();
  }

  /** Where disputes come from (the claims route): asked for a grant when its dispute time ends. */
  setDisputeSource(source: DisputeSource): void {
    this.disputed = source;
  }

  /** Where a subscription's push authorisation comes from (the subscription ledger): what makes a push evidence. */
  setPushTermsSource(source: PushTermsSource): void {
    this.pushTermsOf = source;
  }

  /** What decides that a grant's counted rights do not move its listing's delivery (the washing guard, src/washing/). */
  setListingCountFilter(filter: ListingCountFilter): void {
    this.listingFilter = filter;
  }

  /**
   * Calls `listener` each time rights of a grant start to count (after they are on disk): a
   * receipt accepted, or a report undisputed past its dispute time. Returns the unsubscribe.
   */
  onDeliveryCounted(listener: DeliveryCountedListener): () => void {
    this.counted.add(listener);
    return () => this.counted.delete(listener);
  }

  /** Calls `listener` each time a grant's rights with evidence of delivery grow (after they are on disk). Returns the unsubscribe. */
  onEvidence(listener: EvidenceListener): () => void {
    this.evidenceListeners.add(listener);
    return () => this.evidenceListeners.delete(listener);
  }

  /** A grant's evidence of delivery by nonce, the first `limit` (one a request: see receiptsOf). */
  evidenceOf(grantId: number, limit = DETAIL_PAGE): (DeliveryEvidence & { nonce: string })[] {
    return [...this.evidence.getRange({ start: [grantId, ''], end: [grantId + 1, ''], limit })].map(({ key, value }) => ({ ...value, nonce: key[1] }));
  }

  /** The signed grants of an exercise event (what its ack carries); the ledger records these same ones. */
  signedGrantsOf(e: RightsExercised, timeMs: number): SignedGrant[] {
    const signed = this.sign(e, timeMs);
    // Kept for the ledger's record of the turn, unless it has recorded it already (a subscription's
    // exercise, which the gateway hears of after the ledger): the signatures are deterministic, so these are the recorded ones.
    if (e.seq > this.throughSeq) for (const s of signed) this.signedForAck.set(s.grant.grantId, s);
    return signed;
  }

  private sign(e: RightsExercised, timeMs: number): SignedGrant[] {
    return grantsOfExercise(this.engine, e, timeMs).map((g) => this.signedForAck.get(g.grantId) ?? this.signer.sign(g));
  }

  private record(turn: ReplayedTurn): void {
    if (turn.lastSeq <= this.throughSeq) {
      // Recorded already (replayed at start before its release): drop what its ack signed.
      for (const e of turn.events) if (e.type === EventType.RIGHTS_EXERCISED) for (const r of e.redemptions) this.signedForAck.delete(r.grantId);
      return;
    }
    const records: GrantRecord[] = [];
    const events = turn.events;
    // Indexed, each exercise recorded apart: a closure in this loop made V8 allocate a context for every event (issue 79).
    let bySubscription: Map<number, number> | undefined;
    for (let k = 0; k < events.length; k++) {
      const e = events[k]!;
      if (e.type === EventType.SUBSCRIPTION_EXERCISED) (bySubscription ??= new Map()).set(e.exerciseId, e.subscriptionId);
    }
    for (let k = 0; k < events.length; k++) {
      const e = events[k]!;
      if (e.type === EventType.RIGHTS_EXERCISED) this.recordExercise(e, turn.timeMs, records, bySubscription?.get(e.exerciseId));
    }
    this.throughSeq = turn.lastSeq;
    const updates = escrowUpdates(turn.events, turn.timeMs);
    if (records.length > 0 || updates.length > 0) this.save(records, updates);
  }

  /** An exercise's grants, signed, onto `records`. */
  private recordExercise(e: RightsExercised, timeMs: number, records: GrantRecord[], subscriptionId: number | undefined): void {
    const signed = this.sign(e, timeMs);
    for (const s of signed) this.signedForAck.delete(s.grant.grantId);
    e.redemptions.forEach((r, i) => {
      const g = signed[i]!.grant;
      records.push({
        signed: signed[i]!,
        domain: this.signer.domain,
        exerciseId: e.exerciseId,
        ...(subscriptionId === undefined ? {} : { subscriptionId }),
        seq: e.seq,
        issuedAtMs: timeMs,
        consumerAccountId: e.accountId,
        providerAccountId: r.providerAccountId,
        ...NO_DELIVERY,
        // The consumer has the dispute time from when the grant is usable to receipt it; a grant with no listing is served by no gate.
        dueAtMs: g.listingId === 0 ? 0 : Math.max(timeMs, g.windowOpenMs) + this.disputeMs,
      });
    });
  }

  private save(records: GrantRecord[], updates: EscrowUpdates = []): void {
    this.savedSeq = this.throughSeq;
    const through = this.throughSeq;
    const revokedFor = new Set<number>();
    this.writes = this.env.transaction(() => {
      const written = new Map<number, GrantRecord>();
      const months = new Map<string, ProviderMonth>();
      for (const r of records) {
        const id = r.signed.grant.grantId;
        // A replayed grant keeps what its delivery came to (the grant itself is the same: deterministic);
        // its escrow is derived again below from the replayed events (its exercise's turn is among them).
        const stored = this.grants.get(id);
        let record = r;
        if (stored !== undefined) {
          const { escrow: _derivedAgain, ...delivery } = stored;
          record = delivery;
        } else {
          if (r.dueAtMs > 0) void this.due.put([r.dueAtMs, id, 'lapse'], true);
          // A grant first written: counted in its provider's month (a replayed one was counted when first written).
          const k = `${r.providerAccountId}/${utcMonthOf(r.issuedAtMs)}`;
          if (!written.has(id)) addToMonth(months, k, months.has(k) ? undefined : this.providerMonthRows.get([r.providerAccountId, utcMonthOf(r.issuedAtMs)]), r);
        }
        written.set(id, record);
        void this.grants.put(id, record);
        void this.byConsumer.put([r.consumerAccountId, id], id);
        void this.byProvider.put([r.providerAccountId, id], id);
      }
      for (const [id, update, seq] of updates) {
        const current = written.get(id) ?? this.grants.get(id);
        if (current === undefined) continue; // a grant the ledger never recorded (it started after its exercise)
        const next = update(current);
        written.set(id, next);
        void this.grants.put(id, next);
        const revoked = next.escrow?.revokedQty ?? 0;
        // Keyed by the refund's own command (one grant's), so a page never ends inside a seq; a replayed turn puts the same entry again.
        if (revoked > (current.escrow?.revokedQty ?? 0)) {
          void this.revocations.put([next.providerAccountId, seq, id], revoked);
          revokedFor.add(next.providerAccountId);
        }
      }
      for (const [k, m] of months) {
        const slash = k.indexOf('/');
        void this.providerMonthRows.put([Number(k.slice(0, slash)), k.slice(slash + 1)], m);
      }
      void this.meta.put('throughSeq', through);
    });
    void this.writes.then(() => {
      if (revokedFor.size > 0) this.revocationWaits.wake(revokedFor);
    }, () => undefined);
  }

  /** Saves the seq reached, if it moved (timer and stop). */
  saveProgress(): Promise<unknown> {
    if (this.savedSeq !== this.throughSeq) this.save([]);
    return this.writes;
  }

  /** One grant, once every grant released so far is on disk. */
  async get(grantId: number): Promise<GrantRecord | undefined> {
    await this.writes;
    return this.read(grantId);
  }

  private read(grantId: number): GrantRecord | undefined {
    const r = this.grants.get(grantId);
    if (r === undefined) return undefined;
    const decision = r.escrow?.dispute?.decision;
    const note = decision === undefined ? undefined : this.decisionNotes.get(grantId);
    if (note === undefined) return current(r);
    return current({ ...r, escrow: { ...r.escrow!, dispute: { ...r.escrow!.dispute!, decision: { ...decision!, note } } } });
  }

  /** Keeps an operator's note on its decision of a grant's dispute (once decided: the decision is the journal's). */
  async noteDecision(grantId: number, note: DecisionNote): Promise<void> {
    await this.decisionNotes.put(grantId, note);
    await this.shipped(undefined, { op: 'decision-note', atMs: note.atMs, grantId, note });
  }

  /**
   * Every grant issued by the exercises in journal seqs (afterSeq, throughSeq], oldest first:
   * a settlement batch's grants (grant ids grow with the seq, so the scan stops past the range).
   */
  async grantsInSeqs(afterSeq: number, throughSeq: number): Promise<GrantRecord[]> {
    await this.writes;
    const out: GrantRecord[] = [];
    const start = this.firstGrantAfter(afterSeq);
    if (start === undefined) return out;
    for (const { value } of this.grants.getRange({ start })) {
      if (value.seq > throughSeq) break;
      out.push(current(value));
    }
    return out;
  }

  /**
   * The first grant id whose exercise is past journal seq `afterSeq`, found by halving the ids (they grow with the seq):
   * about 2 log2(ids) reads. The scan for a batch's grants began at the first grant ever issued, so a proof of a grant in
   * the newest batch read every grant the exchange had issued, on the engine's thread.
   */
  private firstGrantAfter(afterSeq: number): number | undefined {
    const firstAtOrAbove = (id: number): { key: number; value: GrantRecord } | undefined => [...this.grants.getRange({ start: id, limit: 1 })][0];
    const newest = [...this.grants.getRange({ reverse: true, limit: 1 })][0];
    if (newest === undefined || newest.value.seq <= afterSeq) return undefined;
    let hi = newest.key;
    let lo = -1;
    // The smallest id whose first grant at or above it is past afterSeq is in (lo, hi].
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (firstAtOrAbove(mid)!.value.seq > afterSeq) hi = mid;
      else lo = mid;
    }
    return firstAtOrAbove(hi)!.key;
  }

  /**
   * A provider's revocations after journal seq `afterSeq`, oldest first, at most `limit`: each grant's rights
   * withdrawn by refunds (cumulative) as of that seq. Entries are written in seq order and read once every
   * turn released so far is on disk, so a reader that asks again after the last seq it saw misses none.
   */
  async revocationsOf(providerAccountId: number, afterSeq: number, limit: number): Promise<Array<{ seq: number; grantId: number; revokedQty: number }>> {
    await this.writes;
    const out: Array<{ seq: number; grantId: number; revokedQty: number }> = [];
    for (const { key, value } of this.revocations.getRange({ start: [providerAccountId, afterSeq + 1], end: [providerAccountId + 1], limit })) {
      out.push({ seq: key[1], grantId: key[2], revokedQty: value });
    }
    return out;
  }

  /**
   * `revocationsOf`, waiting up to `waitMs` (a long poll) while there are none: answers as soon as one of the
   * provider's revocations is on disk, or when `gone` aborts. Without a wait to spare (too many held, or too many of
   * unverified providers: revocation-waits.ts) it answers at once.
   */
  async revocationsAwaited(providerAccountId: number, afterSeq: number, limit: number, waitMs: number, gone?: AbortSignal): Promise<Array<{ seq: number; grantId: number; revokedQty: number }>> {
    // Registered before the read: a revocation written between the two still wakes it. Only a provider some grant names
    // waits: any other account's feed stays empty, and its waits would only take the places real providers' polls need.
    const taken = waitMs > 0 && this.namesProvider(providerAccountId) ? this.revocationWaits.wait(providerAccountId, waitMs, this.engine.account(providerAccountId)?.verified === true) : undefined;
    const wait = taken === undefined || isRefused(taken) ? undefined : taken;
    const list = await this.revocationsOf(providerAccountId, afterSeq, limit);
    if (wait === undefined) return list;
    if (list.length > 0) {
      wait.cancel();
      return list;
    }
    // A client gone away lets go of its place at once (an answer to it would be written nowhere).
    if (gone !== undefined) {
      if (gone.aborted) wait.cancel();
      else gone.addEventListener('abort', () => wait.cancel(), { once: true });
    }
    await wait.settled;
    return this.revocationsOf(providerAccountId, afterSeq, limit);
  }

  /** Whether any grant recorded names `accountId` as its provider. */
  private namesProvider(accountId: number): boolean {
    for (const _ of this.byProvider.getKeys({ start: [accountId, 0], end: [accountId + 1], limit: 1 })) return true;
    return false;
  }

  /** Long polls of the revocations feed held now (tests). */
  get revocationWaitsHeld(): number {
    return this.revocationWaits.size;
  }

  /**
   * A consumer's or a provider's grants, newest first, from the `offset`-th (at most MAX_GRANTS_OFFSET, else
   * OFFSET_TOO_DEEP), with their count up to MAX_GRANTS_COUNTED (of one exercise of the consumer's, with `exerciseId`):
   * what the routes' older clients page by. The count and the skip visit up to 10,000 keys each; a page after a cursor
   * (grantsBefore) reads only its own.
   */
  async grantsOf(who: 'consumer' | 'provider', accountId: number, offset: number, limit: number, exerciseId?: number): Promise<GrantOffsetPage> {
    await this.writes;
    const index = this.indexOf(who);
    const read = this.reader;
    return exerciseId === undefined ? grantsAtOffset(index, read, accountId, offset, limit) : exerciseGrantsAtOffset(index, read, accountId, exerciseId, offset, limit);
  }

  /**
   * A consumer's or a provider's grants, newest first, after the cursor `after` (the last grant id of the page before;
   * from the newest when undefined), at most `limit`, with the cursor of the next page (undefined on the last): reads
   * the page's keys and one more, never counting or skipping (grant-pages.ts). Of one exercise with `exerciseId`.
   */
  async grantsBefore(who: 'consumer' | 'provider', accountId: number, after: number | undefined, limit: number, exerciseId?: number): Promise<GrantCursorPage> {
    await this.writes;
    const index = this.indexOf(who);
    const read = this.reader;
    return exerciseId === undefined ? grantsBefore(index, read, accountId, after, limit) : exerciseGrantsBefore(index, read, accountId, exerciseId, after, limit);
  }

  private indexOf(who: 'consumer' | 'provider'): GrantIndex {
    return who === 'consumer' ? this.byConsumer : this.byProvider;
  }

  /**
   * A provider's grants per UTC month, newest first, at most `limit` (a read of that many rows); with `month`, that
   * month's row alone (none when it has no grants). What its payout statement counts as its monthly redemptions.
   */
  async providerMonths(providerAccountId: number, limit: number, month?: string): Promise<ProviderMonth[]> {
    await this.writes;
    if (month !== undefined) {
      const m = this.providerMonthRows.get([providerAccountId, month]);
      return m === undefined ? [] : [m];
    }
    const out: ProviderMonth[] = [];
    for (const { value } of this.providerMonthRows.getRange({ start: [providerAccountId, '\uffff'], end: [providerAccountId, ''], reverse: true, limit })) out.push(value);
    return out;
  }

  /**
   * A provider's newest grants, at most `limit`; with `month`, of that UTC month only, read from its newest grant id down
   * to its first (its ProviderMonth row's span). Unlike grantsOf, no count of all its grants: reads at most what it
   * returns (and, in a month, grants of other months whose ids fall inside its span: none while time only moves on).
   */
  async providerGrants(providerAccountId: number, limit: number, month?: string): Promise<GrantRecord[]> {
    await this.writes;
    let range: RangeOptions = { start: [providerAccountId, Number.MAX_SAFE_INTEGER], end: [providerAccountId, -1], reverse: true, limit };
    if (month !== undefined) {
      const m = this.providerMonthRows.get([providerAccountId, month]);
      if (m === undefined) return [];
      range = { start: [providerAccountId, m.lastGrantId], end: [providerAccountId, m.firstGrantId - 1], reverse: true };
    }
    const grants: GrantRecord[] = [];
    for (const { value: id } of this.byProvider.getRange(range)) {
      const r = this.read(id);
      if (r === undefined || (month !== undefined && utcMonthOf(r.issuedAtMs) !== month)) continue;
      grants.push(r);
      if (grants.length >= limit) break;
    }
    return grants;
  }

  /**
   * Receipts accepted on a grant, by nonce, at most `limit` after nonce `after` (from the first when ''). A grant may hold
   * one per request up to its quantity or usage units, so they are read a page at a time.
   */
  receiptsOf(grantId: number, after = '', limit = DETAIL_PAGE): (StoredReceipt & { nonce: string })[] {
    const page: (StoredReceipt & { nonce: string })[] = [];
    for (const { key, value } of this.receipts.getRange({ start: [grantId, after], end: [grantId + 1, ''] })) {
      if (key[1] === after) continue;
      page.push({ ...value, nonce: key[1] });
      if (page.length === limit) break;
    }
    return page;
  }

  /** Runs one update after the ones before it (each reads what the last wrote). */
  private serially<T>(run: () => Promise<T>): Promise<T> {
    const next = this.updates.catch(() => undefined).then(run);
    this.updates = next;
    return next;
  }

  /**
   * `run` in the updates' order with the clock held at one time throughout (`atMs`, or now): a write and a standby's
   * application of it store the same times (its report's dispute time, a receipt's time).
   */
  private seriallyAt<T>(atMs: number | undefined, run: () => Promise<T>): Promise<{ atMs: number; result: T }> {
    return this.serially(async () => {
      const at = atMs ?? this.baseClock();
      this.replayAtMs = at;
      try {
        return { atMs: at, result: await run() };
      } finally {
        this.replayAtMs = undefined;
      }
    });
  }

  /**
   * A provider's gate reports what it served (or refused) under one of its grants, with the
   * gate request the grant's consumer signed. Counted once per request (delivered) or reason
   * (refused); a report repeated is answered and changes nothing.
   */
  async reportDelivery(providerAccountId: number, report: DeliveryReportBody): Promise<GrantRecord> {
    const { atMs, result } = await this.seriallyAt(undefined, () => this.applyReport(providerAccountId, report));
    return this.shipped(result, { op: 'report', atMs, grantId: report.grantId, accountId: providerAccountId, report });
  }

  /** `report` as its schema checked it (bodies.ts `parseDeliveryReport`): its shape is not checked again here. */
  private async applyReport(providerAccountId: number, b: DeliveryReportBody): Promise<GrantRecord> {
    const { grantId, rights, outcome } = b;
    const r = await this.get(grantId);
    // Its consumer knows the grant (NOT_YOUR_GRANT: it does not report); to anyone else it is not there, as an unknown id.
    if (r === undefined || (r.providerAccountId !== providerAccountId && r.consumerAccountId !== providerAccountId)) throw unknownGrant(grantId);
    if (r.providerAccountId !== providerAccountId) throw new GrantError('NOT_YOUR_GRANT', `grant ${grantId} is yours to use: its provider reports on it`);
    const delivered = DELIVERED_OUTCOMES.has(outcome);
    let nonce: string;
    let streamKey: [number, string, string] | undefined;
    let consumerAsked = true;
    if (outcome === 'pushed') {
      const push = b.push!; // the schema: a push carries push, not request
      if (rights !== 1) throw new GrantError('MALFORMED_REPORT', 'rights: a push delivers 1');
      this.checkPush(r, push);
      consumerAsked = this.handedForPush(r, push.authorisation);
      nonce = pushNonce(push.seq);
    } else if (outcome === 'streamed') {
      const stream = b.stream!; // the schema: a streamed batch carries stream
      if (rights !== 1) throw new GrantError('MALFORMED_REPORT', 'rights: a streamed batch delivers 1');
      streamKey = this.checkStream(r, stream);
      // A right's number is one batch, whichever way it went (the gate counts pushes and streams alike).
      nonce = pushNonce(stream.seq);
    } else {
      const req = this.consumerRequest(r, b.request!);
      if (outcome === 'delivered' && rights !== req.use) throw new GrantError('MALFORMED_REPORT', `rights: the request used ${req.use}`);
      nonce = req.nonce;
    }
    const now = this.clock();
    // The provider's signed statement of what it served: with the consumer's signed request (or authorisation), a delivery's evidence.
    // A push under an authorisation the exchange did not hand for this grant is no evidence, nor the provider's word (below; see handedForPush).
    const evidence = delivered && b.delivery !== undefined && consumerAsked ? this.statementEvidence(r, b, nonce, now) : undefined;
    const key: [number, string, string] = delivered ? [grantId, 'delivered', nonce] : [grantId, 'refused', outcome];
    const newEvidence = evidence !== undefined && this.evidence.get([grantId, nonce]) === undefined;
    const firstReport = this.reported.get(key) === undefined;
    if (!firstReport && !newEvidence) return r; // told already: nothing more to count
    // A stream request evidences at most the rights its consumer signed for.
    const streamed = streamKey === undefined ? 0 : (this.reported.get(streamKey) ?? 0) + 1;
    if (streamKey !== undefined && streamed > b.stream!.request.rights) throw new GrantError('MALFORMED_REPORT', `stream.request: it asked for ${b.stream!.request.rights} right(s), and that many batches were reported under it`);
    const updated: GrantRecord = { ...r, lastReport: { atMs: now, outcome } };
    const listingId = r.signed.grant.listingId;
    const counts = { ...(this.listingDelivery.get(listingId) ?? NO_LISTING_DELIVERY) };
    let dispute: number | undefined;
    // A push not handed for this grant counts for nothing, not even as the provider's word: its authorisation names no grant,
    // so nothing the consumer signed says it asked for this grant at all. Counted past its dispute time, it released the
    // escrow of a grant never pushed on an authorisation the consumer gave for another (its claim then ALREADY_DELIVERED:
    // an audit, 2026-12-05). The consumer's receipts of pushed batches count as any receipt.
    if (delivered && firstReport && consumerAsked) {
      updated.reportedByProvider = Math.min(capacityOf(r), r.reportedByProvider + unitsOf(r, rights, b.delivery?.records ?? rights));
      // The provider's word waits for the consumer: it counts once the dispute time after the last report passed with no dispute.
      if (updated.reportedByProvider > updated.counted) {
        dispute = now + this.disputeMs;
        updated.disputeEndsAtMs = dispute;
      }
    } else if (!delivered) {
      updated.refusals = r.refusals + 1;
      updated.refusalReasons = [...r.refusalReasons, outcome];
      if (GATE_FAULT_OUTCOMES.has(outcome)) counts.failed++;
    }
    // A request receipted already is evidenced already (each request once).
    if (newEvidence && this.receipts.get([grantId, nonce]) === undefined) updated.evidenced = Math.min(capacityOf(r), (r.evidenced ?? 0) + unitsOf(r, rights, evidence!.records));
    await this.env.transaction(() => {
      if (firstReport) void this.reported.put(key, now);
      if (streamKey !== undefined) void this.reported.put(streamKey, streamed);
      if (newEvidence) void this.evidence.put([grantId, nonce], evidence!);
      void this.grants.put(grantId, updated);
      if (dispute !== undefined) {
        if (r.disputeEndsAtMs > 0) void this.due.remove([r.disputeEndsAtMs, grantId, 'dispute']);
        void this.due.put([dispute, grantId, 'dispute'], true);
      }
      if (listingId !== 0) void this.listingDelivery.put(listingId, counts);
    });
    this.tellEvidence(r, updated);
    return updated;
  }

  /**
   * A report's delivery statement as evidence: for this grant and request (its nonce and the rights it
   * used), signed by the grant's provider over the statement text under this exchange's domain.
   */
  private statementEvidence(r: GrantRecord, b: DeliveryReportBody, nonce: string, now: number): DeliveryEvidence {
    const d = b.delivery!;
    const g = r.signed.grant;
    if (d.grantId !== g.grantId || d.nonce !== nonce || d.use !== b.rights) throw new GrantError('MALFORMED_REPORT', `delivery: the statement is for grant ${d.grantId}, request ${d.nonce}, ${d.use} right(s); the report is for grant ${g.grantId}, request ${nonce}, ${b.rights}`);
    if (!messageSignedBy(deliveryStatementText(this.signer.domain, g, d), b.deliverySignature!, g.provider.toLowerCase())) throw new GrantError('BAD_DELIVERY_SIGNATURE', `the delivery statement is not signed by grant ${g.grantId}'s provider ${g.provider}`);
    // A statement of no records says nothing was delivered: as evidence it made a consumer's claim EVIDENCE_OF_DELIVERY for
    // rights of which it got nothing (an audit, 2026-12-05). A gate serves no empty window (NOT_READY, counting nothing).
    if (d.records === 0) throw new GrantError('MALFORMED_REPORT', `delivery.records: the statement says 0 records were delivered for request ${d.nonce}; that is no delivery (a window without records is refused NOT_READY and counts nothing)`);
    const kind = b.push !== undefined ? 'push' : b.stream !== undefined ? 'stream' : 'download';
    const evidence: DeliveryEvidence = { kind, use: d.use, records: d.records, sha256: d.sha256, deliverySignature: b.deliverySignature!, atMs: now };
    if (b.stream !== undefined) evidence.stream = { seq: b.stream.seq, request: b.stream.request.nonce };
    if (b.push !== undefined) {
      const { seq, authorisation, answer } = b.push;
      evidence.push = { url: authorisation.url, seq, status: answer.status, answeredAtMs: answer.atMs, ...(answer.address === undefined ? {} : { address: answer.address }) };
    }
    return evidence;
  }

  /**
   * A streamed batch's stream request: for this grant as the exchange signed it, signed by the grant's consumer (or
   * the member its membership statement names) over the stream request's text under this exchange's domain, for a
   * right within the grant. Its key in `reported`, where the batches reported under it are counted.
   */
  private checkStream(r: GrantRecord, stream: NonNullable<DeliveryReportBody['stream']>): [number, string, string] {
    const g = r.signed.grant;
    const q = stream.request;
    if (stream.seq > g.quantity) throw new GrantError('MALFORMED_REPORT', `stream.seq: grant ${g.grantId} has ${g.quantity} rights`);
    this.checkConsumerSigned(r, q, 'stream request', () => {
      try {
        return streamRequestText({ domain: this.signer.domain, provider: g.provider, endpoint: gateEndpoint(q.endpoint), grantId: g.grantId, rights: q.rights, timeMs: q.timeMs, nonce: q.nonce });
      } catch (error) {
        throw new GrantError('MALFORMED_REPORT', `stream.request: ${(error as Error).message}`);
      }
    });
    return [g.grantId, 'stream', q.nonce];
  }

  /**
   * A push's authorisation: the grant's consumer signed it under this exchange's domain for the URL
   * the push went to, and the answer came before it expired, for a right within the grant.
   */
  private checkPush(r: GrantRecord, push: NonNullable<DeliveryReportBody['push']>): void {
    const g = r.signed.grant;
    const { authorisation: a, seq, answer } = push;
    if (seq > g.quantity) throw new GrantError('MALFORMED_REPORT', `push.seq: grant ${g.grantId} has ${g.quantity} rights`);
    let text: string;
    try {
      text = pushAuthorisationText({ domain: this.signer.domain, consumer: g.consumer, url: a.url, untilMs: a.untilMs, nonce: a.nonce });
    } catch (error) {
      throw new GrantError('MALFORMED_REPORT', `push.authorisation: ${(error as Error).message}`);
    }
    // A member's authorisation of its organisation's grant: the text names the member its statement names (valid when the push was answered).
    let user = g.consumer.toLowerCase();
    let untilMs = a.untilMs;
    if (a.membership !== undefined) {
      let m: SignedMembership;
      try {
        m = this.statedMembership(g, a.membership, answer.atMs);
      } catch (error) {
        throw new GrantError('FORGED_PUSH', `push.authorisation.membership: ${(error as Error).message}`);
      }
      user = m.statement.member.toLowerCase();
      text = pushAuthorisationText({ domain: this.signer.domain, consumer: user, url: a.url, untilMs: a.untilMs, nonce: a.nonce });
      untilMs = Math.min(untilMs, m.statement.expiresAtMs);
    }
    if (!messageSignedBy(text, a.consumerSignature, user)) throw new GrantError('FORGED_PUSH', `the push authorisation is not signed by grant ${g.grantId}'s consumer${a.membership === undefined ? '' : ' or the member its membership statement names'}`);
    if (answer.atMs > untilMs) throw new GrantError('FORGED_PUSH', `the push was answered after its authorisation expired (${untilMs})`);
    if (answer.atMs > this.clock() + ANSWER_SKEW_MS) throw new GrantError('MALFORMED_REPORT', 'push.answer.atMs: in the future');
  }

  /**
   * Whether the consumer asked for this grant to be pushed under `a`: its webhook subscription's exercise issued the
   * grant and the exchange's courier handed it with that very authorisation. An authorisation names no grant and no
   * provider, so a provider that holds one (handed for a subscription's grant, or shown by the consumer registering one
   * of its grants) could otherwise report pushes of any of that consumer's grants with it, and so make evidence the
   * consumer never gave (an outside review, 2026-12-04). Such a report counts for nothing, not even as the provider's word (an audit, 2026-12-05).
   */
  private handedForPush(r: GrantRecord, a: Pick<PushAuthorisation, 'url' | 'untilMs' | 'nonce' | 'consumerSignature'>): boolean {
    if (r.subscriptionId === undefined) return false;
    const terms = this.pushTermsOf(r.subscriptionId);
    if (terms === undefined) return false;
    const handed = JSON.parse(terms) as PushAuthorisation; // the subscription's own, as its route checked it
    // The same signature in any form a gate takes (its v flipped, or s high): the gate pushed under it as under the one handed.
    return handed.url === a.url && handed.untilMs === a.untilMs && handed.nonce === a.nonce && sameSignature(handed.consumerSignature, a.consumerSignature);
  }

  private tellEvidence(before: GrantRecord, after: GrantRecord): void {
    const evidenced = after.evidenced ?? 0;
    if (evidenced <= (before.evidenced ?? 0)) return;
    for (const listener of this.evidenceListeners) listener({ grantId: after.signed.grant.grantId, evidenced });
  }

  /**
   * The gate request a report forwards, checked as the gate checks it: this grant as the
   * exchange signed it, and the signature of its consumer over the request text under the
   * exchange's domain, the grant's provider and the endpoint the request names.
   */
  private consumerRequest(r: GrantRecord, q: GateRequestBody): { use: number; nonce: string } {
    const { use, timeMs, nonce, endpoint, consumerSignature } = q;
    let normalized: string;
    try {
      normalized = gateEndpoint(endpoint);
    } catch {
      throw new GrantError('MALFORMED_REPORT', 'request.endpoint: an http(s) URL');
    }
    const g = r.signed.grant;
    this.checkConsumerSigned(r, { ...q, consumerSignature }, 'request', () => gateRequestText({ domain: this.signer.domain, provider: g.provider, endpoint: normalized, grantId: g.grantId, use, timeMs, nonce }));
    return { use, nonce };
  }

  /**
   * A request the grant's consumer signed (a gate request, a stream request): for grant `r` as the exchange signed it,
   * and signed over its text (`text`, made once the grant holds) by the grant's consumer, or by the member its
   * membership statement names. Else FORGED_REQUEST.
   */
  private checkConsumerSigned(r: GrantRecord, q: { signature?: unknown; grant?: unknown; membership?: unknown; timeMs: number; consumerSignature: string }, what: string, text: () => string): void {
    const g = r.signed.grant;
    // Checked as a gate checks them (signer-keys.ts): the exchange's signature and the consumer's in any of the forms a gate
    // serves on, or a consumer could have the records served and the provider's evidence of them refused (grant.ts, messageSignedBy).
    if (typeof q.signature !== 'string' || !sameSignature(q.signature, r.signed.signature) || !sameGrant(q.grant, g)) throw new GrantError('FORGED_REQUEST', `the ${what} is not for grant ${g.grantId} as the exchange signed it`);
    const signed = text();
    const user = q.membership === undefined ? g.consumer.toLowerCase() : this.statedMembership(g, q.membership, q.timeMs).statement.member.toLowerCase();
    if (!messageSignedBy(signed, q.consumerSignature, user)) throw new GrantError('FORGED_REQUEST', `the ${what} is not signed by grant ${g.grantId}'s consumer${q.membership === undefined ? '' : ' or the member its membership statement names'}`);
  }

  /**
   * A forwarded request's (or push authorisation's) membership statement, once it holds as the gate
   * checked it: signed by this exchange's grant key, for the grant's consumer (the organisation), not
   * expired at the request's time. Else FORGED_REQUEST.
   */
  private statedMembership(g: AccessGrant, membership: unknown, requestTimeMs: number): SignedMembership {
    const problem = membershipProblem(membership);
    if (problem !== undefined) throw new GrantError('FORGED_REQUEST', `request.${problem}`);
    const m = membership as SignedMembership;
    if (membershipSigner(this.signer.domain, m) !== this.signer.address.toLowerCase()) throw new GrantError('FORGED_REQUEST', 'request.membership: not signed by this exchange');
    if (m.statement.organisation.toLowerCase() !== g.consumer.toLowerCase()) throw new GrantError('FORGED_REQUEST', `request.membership: for ${m.statement.organisation}, not grant ${g.grantId}'s holder`);
    if (requestTimeMs > m.statement.expiresAtMs) throw new GrantError('FORGED_REQUEST', 'request.membership: expired before the request');
    return m;
  }

  /**
   * The grant, when `accountId` is its consumer or may act for it now (`actsFor`); else NOT_YOUR_GRANT for its provider
   * (it knows the grant), and for anyone else UNKNOWN_GRANT exactly as for an id that names no grant.
   */
  private async consumersGrant(accountId: number, grantId: number, actsFor: ActsFor | undefined): Promise<GrantRecord> {
    const r = await this.get(grantId);
    if (r !== undefined && (r.consumerAccountId === accountId || actsFor?.(r.consumerAccountId) === true)) return r;
    if (r !== undefined && r.providerAccountId === accountId) throw new GrantError('NOT_YOUR_GRANT', `grant ${grantId} is yours to serve: its consumer sends this`);
    throw unknownGrant(grantId);
  }

  /**
   * The consumer's receipt for a download: the provider's delivery statement for one gate request
   * and its signature. Checked (the grant's consumer, the provider's signature over the statement,
   * once per request nonce, within the grant's quantity), then counted.
   */
  async receipt(consumerAccountId: number, grantId: number, receipt: ReceiptBody, actsFor?: ActsFor): Promise<{ record: GrantRecord; receipt: StoredReceipt }> {
    const { atMs, result } = await this.seriallyAt(undefined, () => this.applyReceipt(consumerAccountId, grantId, receipt, actsFor));
    const notCounted = result.record.notCountedForListing;
    return this.shipped(result, { op: 'receipt', atMs, grantId, accountId: consumerAccountId, receipt, ...(notCounted === undefined ? {} : { notCounted }) });
  }

  private async applyReceipt(consumerAccountId: number, grantId: number, receipt: ReceiptBody, actsFor: ActsFor | undefined): Promise<{ record: GrantRecord; receipt: StoredReceipt }> {
    const r = await this.consumersGrant(consumerAccountId, grantId, actsFor);
    const g = r.signed.grant;
    const statement: DeliveryStatement = { grantId, use: receipt.use, nonce: receipt.nonce, records: receipt.records, sha256: receipt.sha256 };
    const text = deliveryStatementText(this.signer.domain, g, statement);
    if (!messageSignedBy(text, receipt.deliverySignature, g.provider.toLowerCase())) throw new GrantError('BAD_DELIVERY_SIGNATURE', `the delivery statement is not signed by grant ${grantId}'s provider ${g.provider}`);
    if (this.receipts.get([grantId, receipt.nonce]) !== undefined) throw new GrantError('RECEIPT_REPLAYED', `request ${receipt.nonce} of grant ${grantId} is receipted already`);
    const capacity = capacityOf(r);
    const units = unitsOf(r, receipt.use, receipt.records);
    const what = r.escrow?.usage?.unit ?? 'rights';
    if (r.delivered + units > capacity) throw new GrantError('OVER_QUANTITY', `grant ${grantId} has ${capacity} ${what}, ${r.delivered} receipted; this receipt is for ${units}`);
    const now = this.clock();
    const stored: StoredReceipt = { ...receipt, atMs: now, ...(r.consumerAccountId === consumerAccountId ? {} : { byMemberAccountId: consumerAccountId }) };
    const updated: GrantRecord = { ...r, delivered: r.delivered + units, receipts: r.receipts + 1 };
    // The consumer's own word that it received: evidence too, unless the provider's report of this request was.
    if (this.evidence.get([grantId, receipt.nonce]) === undefined) updated.evidenced = Math.min(capacity, (r.evidenced ?? 0) + units);
    const counted = await this.commitCount(r, updated, () => void this.receipts.put([grantId, receipt.nonce], stored));
    this.tell(updated, counted, 'receipt');
    this.tellEvidence(r, updated);
    return { record: updated, receipt: stored };
  }

  /**
   * Conformance evidence: the records a consumer received for one receipted request, as the intake
   * read them (src/intake/evidence.ts: their count and SHA-256, hashed off this thread). They must be
   * the records the provider's signed statement names, so nobody can make a listing diverge with
   * records it did not deliver; once per receipt. The receipt is marked 'checking' at once (a second
   * post is refused); `conformanceChecked` records the verdict, or clears the mark when measuring
   * failed so the consumer may send it again.
   */
  conformanceEvidence(consumerAccountId: number, grantId: number, b: { nonce: string; count: number; sha256: string }, actsFor?: ActsFor): Promise<{ record: GrantRecord; nonce: string }> {
    return this.serially(async () => {
      const r = await this.consumersGrant(consumerAccountId, grantId, actsFor);
      const receipt = this.receipts.get([grantId, b.nonce]);
      if (r.signed.grant.listingId === 0) throw new GrantError('NO_LISTING', `grant ${grantId} names no listing to measure its records against`);
      if (receipt === undefined) throw new GrantError('NOT_RECEIPTED', `request ${b.nonce} of grant ${grantId} has no receipt: send the receipt first`);
      if (receipt.conformance !== undefined) throw new GrantError('CONFORMANCE_CHECKED', `the records of request ${b.nonce} were checked already`);
      if (b.count !== receipt.records || b.sha256 !== receipt.sha256) throw new GrantError('RECORDS_NOT_AS_SIGNED', `these are not the ${receipt.records} records the provider signed for request ${b.nonce} (their SHA-256 differs)`);
      await this.receipts.put([grantId, b.nonce], { ...receipt, conformance: 'checking' });
      return { record: r, nonce: b.nonce };
    });
  }

  /** The verdict on a receipt's records, or (undefined) measuring failed and the evidence may be sent again. */
  async conformanceChecked(grantId: number, nonce: string, conforms: boolean | undefined): Promise<void> {
    await this.applyConformance(grantId, nonce, conforms);
    // A verdict only: a measuring that failed leaves the receipt as it was on the standbys (never 'checking' there).
    if (conforms !== undefined) await this.shipped(undefined, { op: 'conformance', atMs: this.clock(), grantId, nonce, conforms });
  }

  private async applyConformance(grantId: number, nonce: string, conforms: boolean | undefined): Promise<void> {
    const receipt = this.receipts.get([grantId, nonce]);
    if (receipt === undefined) return;
    const { conformance: _was, ...rest } = receipt;
    await this.receipts.put([grantId, nonce], conforms === undefined ? rest : { ...rest, conformance: conforms ? 'conforms' : 'diverges' });
  }

  /**
   * The consumer reports that its client could not get records at the grant's endpoint
   * (connection refused, a timeout, a 5xx): a failure of the provider's, once per grant.
   */
  async deliveryFailure(consumerAccountId: number, grantId: number, reason: DeliveryFailure, actsFor?: ActsFor): Promise<GrantRecord> {
    const { atMs, result } = await this.seriallyAt(undefined, () => this.applyFailure(consumerAccountId, grantId, reason, actsFor));
    return this.shipped(result, { op: 'failure', atMs, grantId, accountId: consumerAccountId, reason });
  }

  private async applyFailure(consumerAccountId: number, grantId: number, reason: DeliveryFailure, actsFor: ActsFor | undefined): Promise<GrantRecord> {
    const r = await this.consumersGrant(consumerAccountId, grantId, actsFor);
    if (r.unreachable !== undefined) throw new GrantError('ALREADY_REPORTED', `grant ${grantId}'s endpoint was reported ${r.unreachable.reason} already`);
    if (r.counted >= r.signed.grant.quantity) throw new GrantError('NOTHING_OWED', `every right of grant ${grantId} counts as delivered`);
    // As a claim is: what the provider evidenced (the consumer's own signed request answered, with its signed statement) was reached.
    // Unchecked, a consumer that downloaded everything could still count a failure against the listing (an outside review).
    if ((r.evidenced ?? 0) >= capacityOf(r)) throw new GrantError('EVIDENCE_OF_DELIVERY', `the provider holds evidence of delivering every right of grant ${grantId} (your signed request or stream request and its signed statement of what it served): its endpoint was reached; if the records were wrong, file a dispute: {"reason": "missing-records"} or {"reason": "nonconforming"} to POST /v1/grants/${grantId}/claims`);
    const updated: GrantRecord = { ...r, unreachable: { atMs: this.clock(), reason } };
    const listingId = r.signed.grant.listingId;
    const counts = this.listingDelivery.get(listingId) ?? NO_LISTING_DELIVERY;
    await this.env.transaction(() => {
      void this.grants.put(grantId, updated);
      if (listingId !== 0) void this.listingDelivery.put(listingId, { ...counts, failed: counts.failed + 1 });
    });
    return updated;
  }

  /**
   * Writes a grant whose delivered or undisputed rights grew, what it changes in its
   * listing's counts, and `more` in the same transaction; returns the rights newly counted.
   */
  private async commitCount(before: GrantRecord, updated: GrantRecord, more: () => void): Promise<number> {
    const g = before.signed.grant;
    const target = Math.min(g.quantity, Math.max(updated.delivered, updated.undisputed));
    const qty = Math.max(0, target - before.counted);
    updated.counted = before.counted + qty;
    const counts = { ...(this.listingDelivery.get(g.listingId) ?? NO_LISTING_DELIVERY) };
    const notCounted = g.listingId !== 0 && qty > 0 ? (this.listingFilter(updated, qty) ?? before.notCountedForListing) : before.notCountedForListing;
    if (notCounted === undefined) counts.delivered += qty;
    else updated.notCountedForListing = notCounted;
    // Counted after its due time: takes back what was counted undelivered then.
    if (before.lapsed) counts.undelivered = Math.max(0, counts.undelivered - qty);
    await this.env.transaction(() => {
      void this.grants.put(g.grantId, updated);
      if (g.listingId !== 0 && qty > 0) void this.listingDelivery.put(g.listingId, counts);
      more();
    });
    return qty;
  }

  /**
   * A grant whose rights counted before its consumer was found related to its provider: what it
   * added to its listing's delivered count is taken back, and it is marked. Once per grant.
   */
  async excludeFromListing(grantId: number, notCounted: NotCounted): Promise<GrantRecord | undefined> {
    const { atMs, result } = await this.seriallyAt(undefined, () => this.applyExclusion(grantId, notCounted));
    return result === undefined ? undefined : this.shipped(result, { op: 'exclude', atMs, grantId, notCounted });
  }

  private async applyExclusion(grantId: number, notCounted: NotCounted): Promise<GrantRecord | undefined> {
    const r = await this.get(grantId);
    if (r === undefined || r.notCountedForListing !== undefined || r.signed.grant.listingId === 0) return undefined;
    const listingId = r.signed.grant.listingId;
    const counts = this.listingDelivery.get(listingId) ?? NO_LISTING_DELIVERY;
    const updated: GrantRecord = { ...r, notCountedForListing: notCounted };
    await this.env.transaction(() => {
      void this.grants.put(grantId, updated);
      if (r.counted > 0) void this.listingDelivery.put(listingId, { ...counts, delivered: Math.max(0, counts.delivered - r.counted) });
    });
    return updated;
  }

  private tell(r: GrantRecord, qty: number, by: 'receipt' | 'undisputed'): void {
    if (qty === 0) return;
    const e = { grantId: r.signed.grant.grantId, qty, total: r.counted, by, providerAccountId: r.providerAccountId, listingId: r.signed.grant.listingId };
    for (const listener of this.counted) listener(e);
  }

  /**
   * Acts on the dispute times and due times that passed by `nowMs` (the service runs it every
   * GRANT_SWEEP_MS): a provider's unreceipted report counts unless the grant is disputed; a grant
   * past its due time counts its uncounted rights undelivered. Returns how many it acted on.
   */
  sweep(nowMs = this.clock(), max = 10_000): Promise<number> {
    return this.serially(async () => {
      await this.writes;
      const dueNow = [...this.due.getKeys({ start: [0], end: [nowMs + 1], limit: max })];
      for (const key of dueNow) {
        const [atMs, grantId, kind] = key;
        const r = this.read(grantId);
        if (r === undefined) {
          await this.due.remove(key);
          continue;
        }
        if (kind === 'dispute') {
          if (r.disputeEndsAtMs !== atMs) {
            await this.due.remove(key); // a later report moved it
            continue;
          }
          const disputed = await this.disputed(grantId);
          // 0 keeps meaning "none pending"; the time it ended stays on the record for the view (grantView).
          const updated: GrantRecord = { ...r, disputeEndsAtMs: 0, disputeEndedAtMs: atMs, disputed, undisputed: disputed ? r.undisputed : r.reportedByProvider };
          const qty = await this.commitCount(r, updated, () => void this.due.remove(key));
          this.tell(updated, qty, 'undisputed');
        } else {
          const g = r.signed.grant;
          const updated: GrantRecord = { ...r, lapsed: true };
          const counts = this.listingDelivery.get(g.listingId) ?? NO_LISTING_DELIVERY;
          await this.env.transaction(() => {
            void this.due.remove(key);
            if (r.lapsed) return;
            void this.grants.put(grantId, updated);
            if (g.listingId !== 0) void this.listingDelivery.put(g.listingId, { ...counts, undelivered: counts.undelivered + (g.quantity - r.counted) });
          });
        }
      }
      return dueNow.length;
    });
  }

  /** What a listing's grants came to: rights counted delivered, rights undelivered past their due time, the provider's failures. */
  deliveryOf(listingId: number): ListingDelivery | undefined {
    return this.listingDelivery.get(listingId);
  }

  async close(): Promise<void> {
    this.revocationWaits.close();
    await this.updates.catch(() => undefined);
    await this.saveProgress();
    await this.env.close();
  }
}

const NO_LISTING_DELIVERY: ListingDelivery = { delivered: 0, undelivered: 0, failed: 0 };

/** A new grant's delivery: nothing yet. */
function sameGrant(a: unknown, b: AccessGrant): boolean {
  if (typeof a !== 'object' || a === null) return false;
  const x = a as Record<string, unknown>;
  const keys = Object.keys(b) as (keyof AccessGrant)[];
  return Object.keys(x).length === keys.length && keys.every((k) => (typeof b[k] === 'string' ? typeof x[k] === 'string' && (x[k] as string).toLowerCase() === (b[k] as string).toLowerCase() : x[k] === b[k]));
}
