/**
 * The grant ledger: every access grant the exchange signed, who it is for and
 * whose rights it redeems, and what the provider's gate reported delivering.
 * LMDB under `<dataDir>/grants`.
 *
 * Grants are derived, never decided here: each comes from a journaled exercise
 * (src/grants/issue.ts) and is signed deterministically, so the ledger follows
 * the released turns, stores them asynchronously with the journal seq it reaches,
 * and catches up from the journal at start (like the purchase ledger). Delivery
 * reports are the providers' word, stored synchronously as they come.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import { EventType, ReleaseReason, type Engine, type EngineEvent, type Journal, type RightsExercised, type Sequencer } from '../engine/index.js';
import { followTurns, type ReplayedTurn } from '../settlement/replay.js';
import { GrantSigner, type GrantDomain, type SignedGrant } from './grant.js';
import { grantsOfExercise } from './issue.js';

export interface GrantRecord {
  signed: SignedGrant;
  domain: GrantDomain;
  exerciseId: number;
  /** The journal seq of the exercise. */
  seq: number;
  issuedAtMs: number;
  consumerAccountId: number;
  providerAccountId: number;
  /** Rights the provider's gate reported served under this grant (at most the quantity). */
  delivered: number;
  /** Requests the gate reported refusing, and the last outcome it reported. */
  refusals: number;
  lastReport?: { atMs: number; outcome: string };
  /** The sale proceeds held behind the grant (rules 3; absent for grants issued before): from the engine's journaled events. */
  escrow?: GrantEscrowRecord;
}

/**
 * A grant's escrow as the journal tells it (src/engine/escrow.ts): what was held at the
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
  refund?: { atMs: number; undeliveredQty: number; refundMicros: number; fromHeldMicros: number; fromProviderMicros: number; shortfallMicros: number };
}

/** How one escrow event changes a grant's record. */
type EscrowUpdate = (r: GrantRecord) => GrantRecord;

function escrowOf(r: GrantRecord): GrantEscrowRecord {
  // Events after the exercise follow GRANT_ESCROWED, which made the record's escrow.
  return r.escrow ?? { escrowedMicros: 0, heldMicros: 0, releasedMicros: 0, confirmedQty: 0, disputeEndsAtMs: 0, state: 'held' };
}

/** The escrow events of a turn, as updates by grant id (in event order). */
function escrowUpdates(events: readonly EngineEvent[], timeMs: number): Array<[number, EscrowUpdate]> {
  const out: Array<[number, EscrowUpdate]> = [];
  for (const e of events) {
    if (e.type === EventType.GRANT_ESCROWED) {
      out.push([e.grantId, (r) => ({ ...r, escrow: { escrowedMicros: e.heldMicros, heldMicros: e.heldMicros, releasedMicros: 0, confirmedQty: 0, disputeEndsAtMs: e.disputeEndsAtMs, state: 'held' } })]);
    } else if (e.type === EventType.ESCROW_RELEASED && e.grantId !== 0) {
      out.push([
        e.grantId,
        (r) => {
          const x = escrowOf(r);
          const delivered = e.reason === ReleaseReason.DELIVERED;
          const confirmedQty = x.confirmedQty + (delivered ? e.qty : 0);
          const heldMicros = x.heldMicros - e.releasedMicros;
          const done = delivered ? confirmedQty >= r.signed.grant.quantity : true;
          return { ...r, escrow: { ...x, confirmedQty, heldMicros, releasedMicros: x.releasedMicros + e.releasedMicros, state: done ? (delivered ? 'delivered' : 'released') : 'held' } };
        },
      ]);
    } else if (e.type === EventType.CLAIM_FILED) {
      out.push([e.grantId, (r) => ({ ...r, escrow: { ...escrowOf(r), claim: { filedAtMs: timeMs, dueAtMs: e.dueAtMs, undeliveredQty: e.undeliveredQty } } })]);
    } else if (e.type === EventType.CLAIM_RESOLVED) {
      out.push([
        e.grantId,
        (r) => {
          const x = escrowOf(r);
          const refund = { atMs: timeMs, undeliveredQty: e.undeliveredQty, refundMicros: e.refundMicros, fromHeldMicros: e.fromHeldMicros, fromProviderMicros: e.fromProviderMicros, shortfallMicros: e.shortfallMicros };
          return { ...r, escrow: { ...x, heldMicros: 0, releasedMicros: x.releasedMicros + e.releasedMicros, state: 'refunded', refund } };
        },
      ]);
    }
  }
  return out;
}

/** Why a claim is refused (POST /v1/grants/{id}/claims), besides UNKNOWN_GRANT and NOT_YOUR_GRANT. */
export type ClaimRefusal = 'ALREADY_DELIVERED' | 'CLAIM_EXISTS' | 'DISPUTE_WINDOW_CLOSED' | 'NO_ESCROW' | 'ESCROW_CLOSED';

export class GrantError extends Error {
  override readonly name = 'GrantError';
  constructor(
    readonly code: 'UNKNOWN_GRANT' | 'NOT_YOUR_GRANT' | 'MALFORMED_REPORT' | ClaimRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** Delivery outcomes a gate reports (src/gate/): 'delivered', or the code it refused with. */
export const DELIVERY_OUTCOMES = ['delivered', 'FORGED_GRANT', 'FOREIGN_DOMAIN', 'WRONG_PROVIDER', 'LISTING_NOT_SERVED', 'NOT_YET_OPEN', 'EXPIRED', 'NOT_CONSUMER', 'REPLAYED', 'EXHAUSTED', 'MALFORMED_REQUEST', 'WRONG_ENDPOINT', 'OUTDATED_REQUEST'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

export const GRANT_PROGRESS_SAVE_MS = 5_000;

export class GrantLedger {
  private throughSeq: number;
  private savedSeq: number;
  private writes: Promise<unknown> = Promise.resolve();
  /**
   * Grants already signed for an exercise's ack, waiting for the ledger to record them: the
   * sequencer sends a turn's acks just before its release listeners, so each is signed once.
   */
  private readonly signedForAck = new Map<number, SignedGrant>();
  /** Delivery reports are applied one after another (each reads what the last wrote). */
  private reports: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly env: RootDatabase,
    private readonly grants: Database<GrantRecord, number>,
    private readonly byConsumer: Database<number, [number, number]>,
    private readonly byProvider: Database<number, [number, number]>,
    private readonly meta: Database<number, string>,
    /** Per listing: rights delivered and requests refused for the provider's reasons (reliability). */
    private readonly listingDelivery: Database<{ delivered: number; failed: number }, number>,
    private readonly engine: Engine,
    readonly signer: GrantSigner,
    private readonly clock: () => number,
  ) {
    this.throughSeq = meta.get('throughSeq') ?? 0;
    this.savedSeq = this.throughSeq;
  }

  /** Opens the ledger, catches it up from the journal, and follows every released turn. */
  static start(deps: { dataDir: string; engine: Engine; journal: Journal; sequencer: Sequencer; signer: GrantSigner; clock: () => number }): GrantLedger {
    const dir = join(deps.dataDir, 'grants');
    mkdirSync(dir, { recursive: true });
    const env = open({ path: dir, maxDbs: 5 });
    const ledger = new GrantLedger(
      env,
      env.openDB<GrantRecord, number>({ name: 'grants' }),
      env.openDB<number, [number, number]>({ name: 'by-consumer' }),
      env.openDB<number, [number, number]>({ name: 'by-provider' }),
      env.openDB<number, string>({ name: 'meta' }),
      env.openDB<{ delivered: number; failed: number }, number>({ name: 'listing-delivery' }),
      deps.engine,
      deps.signer,
      deps.clock,
    );
    followTurns(deps.journal, deps.sequencer, ledger.throughSeq, deps.engine.limits, (turn) => ledger.record(turn));
    return ledger;
  }

  /** The signed grants of an exercise event (what its ack carries); the ledger records these same ones. */
  signedGrantsOf(e: RightsExercised, timeMs: number): SignedGrant[] {
    const signed = this.sign(e, timeMs);
    for (const s of signed) this.signedForAck.set(s.grant.grantId, s);
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
    for (const e of turn.events) {
      if (e.type !== EventType.RIGHTS_EXERCISED) continue;
      const signed = this.sign(e, turn.timeMs);
      for (const s of signed) this.signedForAck.delete(s.grant.grantId);
      e.redemptions.forEach((r, i) => {
        records.push({ signed: signed[i]!, domain: this.signer.domain, exerciseId: e.exerciseId, seq: e.seq, issuedAtMs: turn.timeMs, consumerAccountId: e.accountId, providerAccountId: r.providerAccountId, delivered: 0, refusals: 0 });
      });
    }
    this.throughSeq = turn.lastSeq;
    const updates = escrowUpdates(turn.events, turn.timeMs);
    if (records.length > 0 || updates.length > 0) this.save(records, updates);
  }

  private save(records: GrantRecord[], updates: Array<[number, EscrowUpdate]> = []): void {
    this.savedSeq = this.throughSeq;
    const through = this.throughSeq;
    this.writes = this.env.transaction(() => {
      const written = new Map<number, GrantRecord>();
      for (const r of records) {
        const id = r.signed.grant.grantId;
        // A replayed grant keeps the delivery reports already stored for it (its escrow is derived again below).
        const stored = this.grants.get(id);
        const record = stored === undefined ? r : { ...r, delivered: stored.delivered, refusals: stored.refusals, ...(stored.lastReport === undefined ? {} : { lastReport: stored.lastReport }) };
        written.set(id, record);
        void this.grants.put(id, record);
        void this.byConsumer.put([r.consumerAccountId, id], id);
        void this.byProvider.put([r.providerAccountId, id], id);
      }
      for (const [id, update] of updates) {
        const current = written.get(id) ?? this.grants.get(id);
        if (current === undefined) continue; // a grant the ledger never recorded (it started after its exercise)
        const next = update(current);
        written.set(id, next);
        void this.grants.put(id, next);
      }
      void this.meta.put('throughSeq', through);
    });
  }

  /** Saves the seq reached, if it moved (timer and stop). */
  saveProgress(): Promise<unknown> {
    if (this.savedSeq !== this.throughSeq) this.save([]);
    return this.writes;
  }

  /** One grant, once every grant released so far is on disk. */
  async get(grantId: number): Promise<GrantRecord | undefined> {
    await this.writes;
    return this.grants.get(grantId);
  }

  /**
   * Every grant issued by the exercises in journal seqs (afterSeq, throughSeq], oldest first:
   * a settlement batch's grants (grant ids grow with the seq, so the scan stops past the range).
   */
  async grantsInSeqs(afterSeq: number, throughSeq: number): Promise<GrantRecord[]> {
    await this.writes;
    const out: GrantRecord[] = [];
    for (const { value } of this.grants.getRange()) {
      if (value.seq > throughSeq) break;
      if (value.seq > afterSeq) out.push(value);
    }
    return out;
  }

  /** A consumer's or a provider's grants, newest first. */
  async grantsOf(who: 'consumer' | 'provider', accountId: number, offset: number, limit: number, exerciseId?: number): Promise<{ total: number; grants: GrantRecord[] }> {
    await this.writes;
    const index = who === 'consumer' ? this.byConsumer : this.byProvider;
    const out: GrantRecord[] = [];
    let total = 0;
    for (const { value: id } of index.getRange({ start: [accountId, Number.MAX_SAFE_INTEGER], end: [accountId, -1], reverse: true })) {
      const r = this.grants.get(id);
      if (r === undefined || (exerciseId !== undefined && r.exerciseId !== exerciseId)) continue;
      if (total >= offset && out.length < limit) out.push(r);
      total++;
    }
    return { total, grants: out };
  }

  /** A provider's gate reports what it served (or refused) under one of its grants. */
  reportDelivery(providerAccountId: number, grantId: number, rights: number, outcome: string): Promise<GrantRecord> {
    const next = this.reports.catch(() => undefined).then(() => this.applyReport(providerAccountId, grantId, rights, outcome));
    this.reports = next;
    return next;
  }

  private async applyReport(providerAccountId: number, grantId: number, rights: number, outcome: string): Promise<GrantRecord> {
    if (!Number.isSafeInteger(rights) || rights < 0) throw new GrantError('MALFORMED_REPORT', 'rights: a non-negative integer');
    if (!(DELIVERY_OUTCOMES as readonly string[]).includes(outcome)) throw new GrantError('MALFORMED_REPORT', `outcome: one of ${DELIVERY_OUTCOMES.join(', ')}`);
    if (outcome !== 'delivered' && rights !== 0) throw new GrantError('MALFORMED_REPORT', 'a refusal delivers 0 rights');
    const r = await this.get(grantId);
    if (r === undefined) throw new GrantError('UNKNOWN_GRANT', `no grant ${grantId}`);
    if (r.providerAccountId !== providerAccountId) throw new GrantError('NOT_YOUR_GRANT', `grant ${grantId} is another provider's`);
    const updated: GrantRecord = {
      ...r,
      delivered: Math.min(r.signed.grant.quantity, r.delivered + rights),
      refusals: r.refusals + (outcome === 'delivered' ? 0 : 1),
      lastReport: { atMs: this.clock(), outcome },
    };
    const listingId = r.signed.grant.listingId;
    const counts = this.listingDelivery.get(listingId) ?? { delivered: 0, failed: 0 };
    const delivered = updated.delivered - r.delivered;
    const failed = outcome === 'LISTING_NOT_SERVED' ? 1 : 0;
    await this.env.transaction(() => {
      void this.grants.put(grantId, updated);
      if (listingId !== 0 && (delivered > 0 || failed > 0)) void this.listingDelivery.put(listingId, { delivered: counts.delivered + delivered, failed: counts.failed + failed });
    });
    return updated;
  }

  /** What the gates reported on a listing's grants: rights delivered, and requests refused because the provider does not serve it. */
  deliveryOf(listingId: number): { delivered: number; failed: number } | undefined {
    return this.listingDelivery.get(listingId);
  }

  async close(): Promise<void> {
    await this.saveProgress();
    await this.env.close();
  }
}

/**
 * A provider's grants, newest first, read from a data directory's grant ledger (read-only: the
 * service may be running). For `patx redemptions`.
 */
export async function readProviderGrants(dataDir: string, providerAccountId: number, limit: number): Promise<GrantRecord[]> {
  const dir = join(dataDir, 'grants');
  if (!existsSync(dir)) return [];
  const env = open({ path: dir, maxDbs: 5, readOnly: true });
  try {
    const grants = env.openDB<GrantRecord, number>({ name: 'grants' });
    const byProvider = env.openDB<number, [number, number]>({ name: 'by-provider' });
    const out: GrantRecord[] = [];
    for (const { value: id } of byProvider.getRange({ start: [providerAccountId, Number.MAX_SAFE_INTEGER], end: [providerAccountId, -1], reverse: true })) {
      const r = grants.get(id);
      if (r !== undefined) out.push(r);
      if (out.length >= limit) break;
    }
    return out;
  } finally {
    await env.close();
  }
}
