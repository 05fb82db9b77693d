/**
 * The audit trail: every operator change (parameters, kill switches, halts and
 * resumes, MMP) and the risk events that stand beside them, with who, when, old
 * and new. Derived from the journal, kept in LMDB under <dataDir>/audit so it
 * survives restarts and is paged, not held in memory.
 *
 * Each released turn's audit events are written as they are released (the engine's
 * own events carry old and new values; the time is the turn's sequencer-stamped time;
 * the actor is the command's). How far the trail has read the journal is saved each
 * second and at close; at open, what the journal holds beyond it (a crash between a
 * commit and its release, or a data directory from before the trail) is re-derived by
 * replaying those commands on an engine rebuilt as of that seq, so the trail equals
 * what the journal says.
 *
 * Operators' own actions outside the engine (an operator created or revoked: operators.json; an
 * alarm cleared: the alarm board) are journaled as NOTE_OPERATOR_ACTION (src/engine/core/operator-notes.ts),
 * so every node's trail, and one rebuilt from the journal, holds them as it holds the rest. Stores
 * written before that (2026-12-06) kept them beside the journal, in `notes`, at the seq after the
 * last read, each with its `note` number: still read, never written now; and copied beside the trail
 * (src/operator/audit-notes-copy.ts), so a trail derived again, even from a data file cut short, keeps them.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, RootDatabase } from 'lmdb';
import { openStore } from '../runtime/lmdb-file.js';
import type { AuditEntry } from './audit-entry.js';
import { readNotesCopy, writeNotesCopy, type NoteBeforeJournaled } from './audit-notes-copy.js';
import {
  CommandKind,
  enumName,
  EventType,
  KillScope,
  OperatorAction,
  SeriesStatus,
  type Command,
  type EngineEvent,
  type EngineLimits,
  type Journal,
  type ReleasedBatch,
} from '../engine/index.js';
import { engineAt } from '../read-models/replay.js';
import type { JournalFollowing } from '../read-models/journal-following.js';
import { derivedStoreFlags, type DerivedStoreOptions } from '../read-models/derived-store.js';

export type { AuditEntry } from './audit-entry.js';

const LAST_SEQ_KEY = 'lastSeq';
const SAVE_EVERY_MS = 1_000;

export class AuditTrail implements JournalFollowing {
  private lastSeq: number;
  private savedSeq: number;
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly env: RootDatabase,
    private readonly entries: Database<AuditEntry, number>,
    private readonly meta: Database<number, string>,
    /** Actions noted beside the journal before they were journaled, by [seq, note]: read only. */
    private readonly notes: Database<AuditEntry, [number, number]>,
  ) {
    this.lastSeq = meta.get(LAST_SEQ_KEY) ?? 0;
    this.savedSeq = this.lastSeq;
    this.timer = setInterval(() => this.saveProgress(), SAVE_EVERY_MS);
    this.timer.unref();
  }

  /** Opens the trail under the data directory and catches up with the journal. */
  static open(dataDir: string, journal: Journal, limits: Partial<EngineLimits> = {}): AuditTrail {
    const trail = AuditTrail.create(dataDir);
    trail.catchUp(journal, limits);
    return trail;
  }

  /** Opens the trail under the data directory as it was left; turns come through `take` (src/read-models/journal-following.ts). */
  static create(dataDir: string, options: DerivedStoreOptions = {}): AuditTrail {
    const dir = join(dataDir, 'audit');
    mkdirSync(dir, { recursive: true });
    // Its progress is saved with putSync on the engine's thread every second: with an fsync, that thread waited for the disk.
    const env = openStore({ path: dir, maxDbs: 3, ...derivedStoreFlags(options) });
    const trail = new AuditTrail(env, env.openDB<AuditEntry, number>({ name: 'entries' }), env.openDB<number, string>({ name: 'meta' }), env.openDB<AuditEntry, [number, number]>({ name: 'notes' }));
    trail.keepNotesCopied(dataDir);
    return trail;
  }

  /** The operators' actions noted beside the journal before they were journaled (2026-12-06), by [seq, note]: the journal does not hold them. */
  notesBeforeJournaled(): NoteBeforeJournaled[] {
    return [...this.notes.getRange()].map(({ key, value }) => ({ key, value }));
  }

  /** Writes such notes into a trail being derived again from the journal (read-model-stores.ts), so they are not lost with the old one. */
  keepNotesBeforeJournaled(notes: readonly NoteBeforeJournaled[]): void {
    if (notes.length === 0) return;
    this.env.transactionSync(() => {
      for (const { key, value } of notes) void this.notes.put(key, value);
    });
  }

  /**
   * The notes before journaled outlive this trail's directory (src/operator/audit-notes-copy.ts): copied beside it while
   * it holds them and no copy is there; put back from the copy when it lacks any (derived again, or its data file was
   * cut short and removed: it could not be read to carry them across).
   */
  private keepNotesCopied(dataDir: string): void {
    const copy = readNotesCopy(dataDir);
    if (copy !== undefined) {
      this.keepNotesBeforeJournaled(copy.filter(({ key }) => this.notes.get(key) === undefined));
      return;
    }
    const held = this.notesBeforeJournaled();
    if (held.length > 0) writeNotesCopy(dataDir, held);
  }

  /** The last journal seq the trail has read. */
  get seq(): number {
    return this.lastSeq;
  }

  take(turn: Pick<ReleasedBatch, 'firstSeq' | 'timeMs' | 'commands' | 'events'>): void {
    this.record(turn);
  }

  saveNow(): void {
    this.saveProgress();
  }

  /** A released turn: its audit events go to the trail. */
  record(batch: Pick<ReleasedBatch, 'firstSeq' | 'timeMs' | 'commands' | 'events'>): void {
    const lastSeq = batch.firstSeq + batch.commands.length - 1;
    if (lastSeq <= this.lastSeq) return;
    // Indexed, not for-of: unoptimized, for-of allocates an iterator result per event (issue 79).
    for (let k = 0; k < batch.events.length; k++) {
      const e = batch.events[k]!;
      if (e.seq <= this.lastSeq) continue;
      const entry = auditEntryOf(e, batch.timeMs, batch.commands[e.seq - batch.firstSeq]);
      if (entry !== undefined) this.entries.putSync(entry.seq, entry);
    }
    this.lastSeq = lastSeq;
  }

  /** Entries from `fromSeq` on, oldest first (a seq's journal entry before its notes), at least `limit` unless fewer are left: a seq's entries are never split. */
  page(fromSeq: number, limit: number): AuditEntry[] {
    const journal: AuditEntry[] = [];
    for (const { value } of this.entries.getRange({ start: fromSeq, limit: limit + 1 })) journal.push(value);
    const notes: AuditEntry[] = [];
    for (const { value } of this.notes.getRange({ start: [fromSeq, 0], limit: limit + 1 })) notes.push(value);
    const out: AuditEntry[] = [];
    let j = 0;
    let n = 0;
    while (j < journal.length || n < notes.length) {
      const next = n >= notes.length || (j < journal.length && journal[j]!.seq <= notes[n]!.seq) ? journal[j++]! : notes[n++]!;
      if (out.length >= limit && next.seq !== out[out.length - 1]!.seq) break;
      out.push(next);
    }
    // A seq's notes past the ones read (more than limit + 1 at one seq): read on so the seq is whole.
    if (out.length > 0 && n === notes.length && notes.length === limit + 1) {
      const last = out[out.length - 1]!;
      for (const { value } of this.notes.getRange({ start: [last.seq, last.note ?? 0], end: [last.seq + 1, 0] })) if (value.note !== last.note) out.push(value);
    }
    return out;
  }

  /** The newest `limit` entries, oldest first (the journal's and the notes'). */
  latest(limit: number): AuditEntry[] {
    const out: AuditEntry[] = [];
    for (const { value } of this.entries.getRange({ reverse: true, limit })) out.push(value);
    for (const { value } of this.notes.getRange({ reverse: true, limit })) out.push(value);
    out.sort((a, b) => a.seq - b.seq || (a.note ?? 0) - (b.note ?? 0));
    return out.slice(-limit);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.saveProgress();
    await this.env.close();
  }

  private saveProgress(): void {
    if (this.lastSeq === this.savedSeq) return;
    this.meta.putSync(LAST_SEQ_KEY, this.lastSeq);
    this.savedSeq = this.lastSeq;
  }

  private catchUp(journal: Journal, limits: Partial<EngineLimits>): void {
    if (journal.lastSeq() <= this.lastSeq) return;
    const engine = engineAt(journal, this.lastSeq, limits);
    for (const r of journal.read(this.lastSeq + 1)) {
      const events: EngineEvent[] = [];
      for (let i = 0; i < r.commands.length; i++) {
        const seq = r.firstSeq + i;
        if (seq > engine.lastSeq) engine.apply(r.commands[i]!, seq, r.timeMs, events);
      }
      this.record({ firstSeq: r.firstSeq, timeMs: r.timeMs, commands: r.commands, events });
    }
    this.saveProgress();
  }
}

/** The audit entry an event makes, if it is one the audit keeps. */
export function auditEntryOf(e: EngineEvent, timeMs: number, command: Command | undefined): AuditEntry | undefined {
  const actor = command?.actor ?? 0;
  switch (e.type) {
    case EventType.PARAM_CHANGED:
      return { seq: e.seq, timeMs, actor, event: 'PARAM_CHANGED', detail: { name: e.name, oldValue: e.oldValue, newValue: e.newValue } };
    case EventType.KILL_SWITCH_CHANGED:
      return { seq: e.seq, timeMs, actor, event: 'KILL_SWITCH_CHANGED', detail: { scope: enumName(KillScope, e.scope), targetId: e.targetId, engaged: e.engaged } };
    case EventType.MMP_TRIGGERED:
      // Triggered by fills, not by whoever sent the last order: the system acts.
      return { seq: e.seq, timeMs, actor: 0, event: 'MMP_TRIGGERED', detail: { seriesId: e.seriesId, filledQty: e.filledQty, frozenUntilMs: e.frozenUntilMs } };
    case EventType.MMP_RESET:
      return { seq: e.seq, timeMs, actor, event: 'MMP_RESET', detail: { seriesId: e.seriesId } };
    case EventType.RULES_ADOPTED:
      return { seq: e.seq, timeMs, actor, event: 'RULES_ADOPTED', detail: { version: e.version } };
    case EventType.INSTITUTION_SET:
      return { seq: e.seq, timeMs, actor, event: 'INSTITUTION_SET', detail: { accountId: e.accountId, qualified: e.qualified } };
    case EventType.PROVIDER_VERIFIED:
      // The flag only: the identity record (name, jurisdiction, KYC reference) never enters the journal.
      return { seq: e.seq, timeMs, actor, event: 'PROVIDER_VERIFIED', detail: { accountId: e.accountId, verified: e.verified } };
    case EventType.PAYOUTS_FROZEN:
      return { seq: e.seq, timeMs, actor, event: 'PAYOUTS_FROZEN', detail: { accountId: e.accountId, frozen: e.frozen } };
    case EventType.SERIES_STATUS_CHANGED:
      return { seq: e.seq, timeMs, actor, event: 'SERIES_STATUS_CHANGED', detail: { seriesId: e.seriesId, status: enumName(SeriesStatus, e.status) } };
    // Claims and refunds (rules 3): every refund leaves an audit trail (docs/delivery.md, "Escrow, claims and refunds").
    case EventType.CLAIM_FILED:
      return { seq: e.seq, timeMs, actor, event: 'CLAIM_FILED', detail: { grantId: e.grantId, consumerAccountId: e.consumerAccountId, providerAccountId: e.providerAccountId, undeliveredQty: e.undeliveredQty, dueAtMs: e.dueAtMs } };
    case EventType.CLAIM_RESOLVED:
      // An operator's decision on a dispute (rules 5) journals DISPUTE_DECIDED and this at one seq: one entry, named for the decision.
      if (command?.kind === CommandKind.DECIDE_DISPUTE) {
        const decision = command;
        return {
          seq: e.seq, timeMs, actor, event: 'DISPUTE_DECIDED',
          detail: { grantId: e.grantId, consumerAccountId: e.consumerAccountId, providerAccountId: e.providerAccountId, refundQty: decision.refundQty, chargeProviderMicros: decision.chargeProviderMicros, refundMicros: e.refundMicros, fromHeldMicros: e.fromHeldMicros, fromProviderMicros: e.fromProviderMicros, shortfallMicros: e.shortfallMicros, releasedMicros: e.releasedMicros },
        };
      }
      return {
        seq: e.seq, timeMs, actor, event: 'CLAIM_RESOLVED',
        detail: { grantId: e.grantId, consumerAccountId: e.consumerAccountId, providerAccountId: e.providerAccountId, undeliveredQty: e.undeliveredQty, refundMicros: e.refundMicros, fromHeldMicros: e.fromHeldMicros, fromProviderMicros: e.fromProviderMicros, shortfallMicros: e.shortfallMicros },
      };
    // Disputes (rules 5): who disputed what; the decision is the CLAIM_RESOLVED entry above.
    case EventType.DISPUTE_FILED:
      return { seq: e.seq, timeMs, actor, event: 'DISPUTE_FILED', detail: { grantId: e.grantId, consumerAccountId: e.consumerAccountId, providerAccountId: e.providerAccountId, reason: e.reason, undeliveredQty: e.undeliveredQty, evidencedQty: e.evidencedQty } };
    // Usage grants (issue 81): the listing terms the engine holds, and every refund of unused units.
    case EventType.USAGE_LISTING_SET:
      return { seq: e.seq, timeMs, actor, event: 'USAGE_LISTING_SET', detail: { accountId: e.accountId, segment: e.segment, listingId: e.listingId, listingVersion: e.listingVersion, usageUnit: e.usageUnit, unitsPerRight: e.unitsPerRight } };
    case EventType.USAGE_SETTLED:
      return { seq: e.seq, timeMs, actor, event: 'USAGE_SETTLED', detail: { grantId: e.grantId, consumerAccountId: e.consumerAccountId, providerAccountId: e.providerAccountId, units: e.units, usedUnits: e.usedUnits, refundMicros: e.refundMicros, releasedMicros: e.releasedMicros } };
    // An operator's action outside the engine (src/engine/core/operator-notes.ts): its name, who, and what it was about.
    case EventType.OPERATOR_ACTION_NOTED:
      return { seq: e.seq, timeMs, actor, event: enumName(OperatorAction, e.action), detail: { ...noteDetail(e.detail), by: e.by } };
    // Fee revenue moved to the treasury (docs/fees.md, "Sweeping the fee account"): who, how much, to whom, what is left.
    case EventType.FEES_SWEPT:
      return { seq: e.seq, timeMs, actor, event: 'FEES_SWEPT', detail: { treasuryAccountId: e.treasuryAccountId, feeRecipient: e.feeRecipient, amountMicros: e.amountMicros, feeAccountMicros: e.feeAccountMicros } };
    default:
      return undefined;
  }
}

/** A note's detail as the operator API wrote it (a JSON object); any other text kept as `text`. */
function noteDetail(detail: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(detail);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Not JSON: kept as it came.
  }
  return detail === '' ? {} : { text: detail };
}
