/**
 * The subscription ledger (issue 56; docs/subscriptions.md): what each subscription is and
 * everything it did, derived from the journal's events and kept in LMDB under
 * `<dataDir>/subscriptions`. The engine holds only live subscriptions (what it needs to act);
 * this model keeps them all, cancelled and ended included, with their purchases, skips (and
 * why), exercises and status changes, so a subscriber can see what happened while it was
 * away, across restarts (a restart replays the journal past its saved progress).
 *
 * Reads must see a turn's writes at once (a subscriber reads right after its command's ack),
 * while lmdb-js commits puts asynchronously: what was put and not yet committed is read from
 * `pending` until its commit.
 */
import type { Database } from 'lmdb';
import {
  EventType,
  enumName,
  rejectReasonName,
  RejectReason,
  SkipReason,
  SubscriptionChange,
  SubscriptionDelivery,
  SubscriptionStatus,
  SubscriptionTrigger,
  type EngineEvent,
} from '../engine/index.js';
import { JournalReadModel } from '../read-models/journal-read-model.js';
import { MAX_RUN_ACTIONS } from '../engine/index.js';
import type { ReplayedTurn } from '../read-models/replay.js';

/** The store's layout version (another is rebuilt from the journal): 2 since ended subscriptions are pruned. */
const SUBSCRIPTIONS_VERSION = 2;
/**
 * Cancelled and ended subscriptions kept per account, the newest (by id) first: past it the
 * oldest goes with its activity. Subscribing again and cancelling, over and over, would
 * otherwise grow an account's history (and each `GET /v1/subscriptions`) without end. Keeping
 * the largest ids is a top-k, so a replay from an earlier saved seq prunes to the same set.
 */
export const ENDED_KEPT_PER_ACCOUNT = 100;
/** The most activity entries one read returns. */
export const MAX_ACTIVITY_PER_READ = 200;
/** Entries one subscription can write in one turn: a purchase, an exercise and a status change a window, and one RUN acts on at most MAX_RUN_ACTIONS. */
const MAX_RUN_ENTRIES = 3 * MAX_RUN_ACTIONS;

export type SubscriptionStatusName = 'active' | 'paused' | 'cancelled' | 'ended';

/** A subscription as its subscriber sees it. Prices and money in µPAT. */
export interface SubscriptionRecord {
  subscriptionId: number;
  accountId: number;
  contract: string;
  qtyPerWindow: number;
  capPriceMicros: number;
  budgetMicros: number;
  spentMicros: number;
  trigger: 'list' | 'open';
  autoExercise: boolean;
  maxSkips: number;
  delivery: { mode: 'pull' } | { mode: 'webhook'; url: string };
  status: SubscriptionStatusName;
  createdAtMs: number;
  updatedAtMs: number;
  windowsBought: number;
  rightsBought: number;
  windowsSkipped: number;
  skipsInRow: number;
  exercises: number;
  /** The last thing it did (the newest activity entry). */
  last: SubscriptionActivity | null;
}

/** One thing a subscription did, in journal order. */
export type SubscriptionActivity =
  | { type: 'filled'; seq: number; atMs: number; seriesId: number; requestedQty: number; qty: number; costMicros: number }
  | { type: 'skipped'; seq: number; atMs: number; seriesId: number; reason: string; askMicros: number; rejectReason: string | null; skipsInRow: number; message: string }
  | { type: 'exercised'; seq: number; atMs: number; seriesId: number; exerciseId: number; qty: number }
  | { type: 'status'; seq: number; atMs: number; status: SubscriptionStatusName; change: string };

/** The push authorisation a WEBHOOK subscription carries, for the courier (never shown in views). */
export interface PushTerms {
  url: string;
  authorisation: string;
}

type ActivityKey = [number, number, number];

/** A WEBHOOK subscription's exercise whose grants the courier has still to hand to their providers' gates. */
export interface Handoff {
  subscriptionId: number;
  accountId: number;
  exerciseId: number;
  atMs: number;
}

const STATUS_NAMES: Record<number, SubscriptionStatusName> = {
  [SubscriptionStatus.ACTIVE]: 'active',
  [SubscriptionStatus.PAUSED]: 'paused',
  [SubscriptionStatus.CANCELLED]: 'cancelled',
  [SubscriptionStatus.ENDED]: 'ended',
};

const SKIP_MESSAGES: Record<number, string> = {
  [SkipReason.CAP_BELOW_ASK]: "the broker's ask was above your cap: raise the cap to buy at the ask",
  [SkipReason.INSUFFICIENT_FUNDS]: 'your free PAT did not cover one right at the ask: deposit PAT',
  [SkipReason.NO_ASK]: 'the broker did not offer rights in this window in time',
  [SkipReason.ORDER_REJECTED]: "the exchange's checks refused the purchase (see rejectReason)",
  [SkipReason.NO_PROVIDER_SUPPLY]: "the listing's provider had no rights on sale in this window in time (a tier delivers only its listing's data)",
};

export class SubscriptionLedger {
  private readonly pending = new Map<number, SubscriptionRecord>();
  private readonly pendingActivity = new Map<string, SubscriptionActivity>();
  private readonly pendingPush = new Map<number, PushTerms>();

  private constructor(
    readonly model: JournalReadModel,
    private readonly subs: Database<SubscriptionRecord, number>,
    private readonly byAccount: Database<null, [number, number]>,
    private readonly activity: Database<SubscriptionActivity, ActivityKey>,
    private readonly push: Database<PushTerms, number>,
    private readonly handoffs: Database<Handoff, [number, number]>,
    /** By [account, subscription]: the account's cancelled and ended subscriptions. */
    private readonly endedIndex: Database<null, [number, number]>,
  ) {
    for (const { key } of endedIndex.getRange()) this.noteEnded(key[0], key[1]);
    model.recordWith((turn) => this.record(turn));
  }

  /** Per account, its cancelled and ended subscription ids, ascending (at most ENDED_KEPT_PER_ACCOUNT after each prune). */
  private readonly ended = new Map<number, number[]>();
  /** Subscriptions pruned by the turn being recorded (the turn that ended one may also have pruned it). */
  private readonly prunedInTurn = new Set<number>();

  /** Opens the store under the data directory; it takes turns through `model.take` (JournalModels feeds it). */
  static create(dataDir: string): SubscriptionLedger {
    // Six databases of its own, and the courier's delivery refusals beside them (delivery-refusals.ts).
    const model = new JournalReadModel(dataDir, 'subscriptions', 7, SUBSCRIPTIONS_VERSION);
    return new SubscriptionLedger(
      model,
      model.env.openDB<SubscriptionRecord, number>({ name: 'subscriptions' }),
      model.env.openDB<null, [number, number]>({ name: 'by-account' }),
      model.env.openDB<SubscriptionActivity, ActivityKey>({ name: 'activity' }),
      model.env.openDB<PushTerms, number>({ name: 'push' }),
      model.env.openDB<Handoff, [number, number]>({ name: 'handoffs' }),
      model.env.openDB<null, [number, number]>({ name: 'ended' }),
    );
  }

  get(subscriptionId: number): SubscriptionRecord | undefined {
    return this.pending.get(subscriptionId) ?? this.subs.get(subscriptionId);
  }

  /** A WEBHOOK subscription's URL and push authorisation. */
  pushTerms(subscriptionId: number): PushTerms | undefined {
    return this.pendingPush.get(subscriptionId) ?? this.push.get(subscriptionId);
  }

  /** An account's subscriptions, newest first: one key range read from the newest, never the account's whole history. */
  ofAccount(accountId: number, offset: number, limit: number): { total: number; subscriptions: SubscriptionRecord[] } {
    const range = { start: [accountId, Number.MAX_SAFE_INTEGER] as [number, number], end: [accountId, -1] as [number, number], reverse: true };
    const ids = new Set<number>();
    for (const key of this.byAccount.getKeys({ ...range, limit: offset + limit })) ids.add(key[1]);
    // Made in a turn whose puts have not committed yet: newer than every committed one.
    let uncommitted = 0;
    for (const r of this.pending.values()) {
      if (r.accountId !== accountId || ids.has(r.subscriptionId)) continue;
      ids.add(r.subscriptionId);
      if (this.byAccount.get([accountId, r.subscriptionId]) === undefined) uncommitted++;
    }
    const sorted = [...ids].sort((a, b) => b - a);
    const total = this.byAccount.getKeysCount({ start: [accountId, -1], end: [accountId, Number.MAX_SAFE_INTEGER] }) + uncommitted;
    return { total, subscriptions: sorted.slice(offset, offset + limit).map((id) => this.get(id)).filter((r) => r !== undefined) };
  }

  /** A subscription's activity, newest first, before `beforeSeq` (exclusive; 0 = from the newest). */
  activityOf(subscriptionId: number, limit: number, beforeSeq = 0): SubscriptionActivity[] {
    const out = new Map<string, SubscriptionActivity>();
    const top = beforeSeq > 0 ? beforeSeq : Number.MAX_SAFE_INTEGER;
    // Past `limit`, enough to finish the last turn (one RUN_SUBSCRIPTIONS writes a few entries a subscription).
    for (const { key, value } of this.activity.getRange({ start: [subscriptionId, top, 0], end: [subscriptionId, 0, 0], reverse: true, limit: limit + MAX_RUN_ENTRIES })) {
      if (key[1] < top) out.set(key.join('/'), value);
    }
    for (const [key, value] of this.pendingActivity) {
      const [id, seq] = key.split('/').map(Number);
      if (id === subscriptionId && seq! < top) out.set(key, value);
    }
    const sorted = [...out.entries()].sort((a, b) => compareKeys(b[0], a[0])).map(([, v]) => v);
    // A page never splits a turn (a purchase and its exercise share a seq), so `beforeSeq` = the last entry's seq pages on exactly.
    let end = Math.min(limit, sorted.length);
    while (end > 0 && end < sorted.length && sorted[end]!.seq === sorted[end - 1]!.seq) end++;
    return sorted.slice(0, end);
  }

  /** Exercises waiting to be handed to the providers' gates, oldest first (at most `limit`). */
  pendingHandoffs(limit: number, after?: Handoff): Handoff[] {
    const out: Handoff[] = [];
    // After a handoff: the ones keyed past it (the courier goes round, so handoffs still being retried never keep later ones out of its sweeps).
    const range = after === undefined ? { limit } : { start: [after.subscriptionId, after.exerciseId] as [number, number], limit: limit + 1 };
    for (const { key, value } of this.handoffs.getRange(range)) {
      if (after !== undefined && key[0] === after.subscriptionId && key[1] === after.exerciseId) continue;
      if (out.length < limit) out.push(value);
    }
    return out;
  }

  /** The courier handed (or gave up on) an exercise's grants. */
  async handedOff(h: Handoff): Promise<void> {
    await this.handoffs.remove([h.subscriptionId, h.exerciseId]);
  }

  async close(): Promise<void> {
    await this.model.close();
  }

  // ------------------------------------------------------------------ recording

  private record(turn: ReplayedTurn): void {
    let n = 0;
    // Indexed, not for-of: unoptimized, for-of allocates an iterator result per event (issue 79).
    for (let k = 0; k < turn.events.length; k++) {
      const e = turn.events[k]!;
      const entry = this.apply(e, turn.timeMs);
      if (entry === undefined) continue;
      const [record, activity] = entry;
      if (this.prunedInTurn.has(record.subscriptionId)) continue;
      this.putActivity(record.subscriptionId, e.seq, n++, activity);
      record.last = activity;
      record.updatedAtMs = turn.timeMs;
      this.putRecord(record);
    }
    // Only when something was pruned: clear() gives a Set a new table even when empty, allocated in the old space
    // when the Set is there: ~120 B of old garbage every turn, at 50k orders/s seven tenths of what the engine's
    // thread added to its old space (bench/RESULTS.md, 2026-12-04 19:20–19:55; test/read-models/idle-turn-garbage.test.ts).
    if (this.prunedInTurn.size > 0) this.prunedInTurn.clear();
  }

  private apply(e: EngineEvent, atMs: number): [SubscriptionRecord, SubscriptionActivity] | undefined {
    switch (e.type) {
      case EventType.SUBSCRIPTION_CREATED: {
        const record: SubscriptionRecord = {
          subscriptionId: e.subscriptionId, accountId: e.accountId, contract: e.contract, qtyPerWindow: e.qtyPerWindow, capPriceMicros: e.capPriceMicros,
          budgetMicros: e.budgetMicros, spentMicros: 0, trigger: e.trigger === SubscriptionTrigger.ON_LIST ? 'list' : 'open', autoExercise: e.autoExercise,
          maxSkips: e.maxSkips, delivery: e.delivery === SubscriptionDelivery.WEBHOOK ? { mode: 'webhook', url: e.webhookUrl } : { mode: 'pull' },
          status: 'active', createdAtMs: atMs, updatedAtMs: atMs, windowsBought: 0, rightsBought: 0, windowsSkipped: 0, skipsInRow: 0, exercises: 0, last: null,
        };
        void this.byAccount.put([e.accountId, e.subscriptionId], null);
        if (e.delivery === SubscriptionDelivery.WEBHOOK) this.keepPushTerms(e.subscriptionId, { url: e.webhookUrl, authorisation: e.pushAuthorisation });
        return [record, { type: 'status', seq: e.seq, atMs, status: 'active', change: 'CREATED' }];
      }
      case EventType.SUBSCRIPTION_FILLED: {
        const record = this.copyOf(e.subscriptionId);
        if (record === undefined) return undefined;
        record.spentMicros = e.spentMicros;
        record.windowsBought++;
        record.rightsBought += e.qty;
        record.skipsInRow = 0;
        return [record, { type: 'filled', seq: e.seq, atMs, seriesId: e.seriesId, requestedQty: e.requestedQty, qty: e.qty, costMicros: e.costMicros }];
      }
      case EventType.SUBSCRIPTION_SKIPPED: {
        const record = this.copyOf(e.subscriptionId);
        if (record === undefined) return undefined;
        record.windowsSkipped++;
        record.skipsInRow = e.skipsInRow;
        const rejectReason = e.rejectReason === RejectReason.NONE ? null : rejectReasonName(e.rejectReason);
        return [record, { type: 'skipped', seq: e.seq, atMs, seriesId: e.seriesId, reason: enumName(SkipReason, e.reason), askMicros: e.askMicros, rejectReason, skipsInRow: e.skipsInRow, message: SKIP_MESSAGES[e.reason] ?? '' }];
      }
      case EventType.SUBSCRIPTION_EXERCISED: {
        const record = this.copyOf(e.subscriptionId);
        if (record === undefined) return undefined;
        record.exercises++;
        // Written with the turn, so a replay after a crash finds it again (handing twice is once: the gate keeps one registration per grant and URL).
        if (record.delivery.mode === 'webhook') void this.handoffs.put([e.subscriptionId, e.exerciseId], { subscriptionId: e.subscriptionId, accountId: e.accountId, exerciseId: e.exerciseId, atMs });
        return [record, { type: 'exercised', seq: e.seq, atMs, seriesId: e.seriesId, exerciseId: e.exerciseId, qty: e.qty }];
      }
      case EventType.SUBSCRIPTION_STATUS_CHANGED: {
        const record = this.copyOf(e.subscriptionId);
        if (record === undefined) return undefined;
        record.status = STATUS_NAMES[e.status] ?? 'active';
        if (e.change === SubscriptionChange.RESUMED) record.skipsInRow = 0;
        if (record.status === 'cancelled' || record.status === 'ended') this.endedNow(record.accountId, record.subscriptionId);
        return [record, { type: 'status', seq: e.seq, atMs, status: record.status, change: enumName(SubscriptionChange, e.change) }];
      }
      default:
        return undefined;
    }
  }

  /**
   * A webhook subscription's push terms, held until written. Apart from apply: a closure there made V8
   * allocate a context on every call, for every event of every turn (issue 79).
   */
  private keepPushTerms(subscriptionId: number, terms: PushTerms): void {
    this.pendingPush.set(subscriptionId, terms);
    void this.push.put(subscriptionId, terms).then(() => this.pendingPush.delete(subscriptionId));
  }

  /** A subscription ended: indexed, and the account's oldest ended one pruned past ENDED_KEPT_PER_ACCOUNT. */
  private endedNow(accountId: number, subscriptionId: number): void {
    void this.endedIndex.put([accountId, subscriptionId], null);
    const pruned = this.noteEnded(accountId, subscriptionId);
    if (pruned !== undefined) this.prune(accountId, pruned);
  }

  /** Adds an ended id to the account's list (once); returns the id that falls out past the bound. */
  private noteEnded(accountId: number, subscriptionId: number): number | undefined {
    let ids = this.ended.get(accountId);
    if (ids === undefined) this.ended.set(accountId, (ids = []));
    if (ids.includes(subscriptionId)) return undefined;
    ids.splice(sortedIndex(ids, subscriptionId), 0, subscriptionId);
    return ids.length > ENDED_KEPT_PER_ACCOUNT ? ids.shift() : undefined;
  }

  /** Forgets an ended subscription: its record, its activity, its push terms and its place in the account's lists. */
  private prune(accountId: number, subscriptionId: number): void {
    // The turn that ends it may be the one that pruned it: its record must not be written back afterwards.
    this.prunedInTurn.add(subscriptionId);
    this.pending.delete(subscriptionId);
    this.pendingPush.delete(subscriptionId);
    // Activity put and not yet committed is not among getKeys' answer: removed by its key too (LMDB applies writes in order).
    for (const key of this.pendingActivity.keys()) {
      if (!key.startsWith(`${subscriptionId}/`)) continue;
      this.pendingActivity.delete(key);
      void this.activity.remove(key.split('/').map(Number) as ActivityKey);
    }
    void this.subs.remove(subscriptionId);
    void this.push.remove(subscriptionId);
    void this.byAccount.remove([accountId, subscriptionId]);
    void this.endedIndex.remove([accountId, subscriptionId]);
    for (const key of this.activity.getKeys({ start: [subscriptionId, 0, 0], end: [subscriptionId, Number.MAX_SAFE_INTEGER, 0] })) void this.activity.remove(key);
  }

  /** A copy to change (the stored object may be shared with a reader until the put commits). */
  private copyOf(subscriptionId: number): SubscriptionRecord | undefined {
    const r = this.get(subscriptionId);
    return r === undefined ? undefined : { ...r };
  }

  private putRecord(record: SubscriptionRecord): void {
    this.pending.set(record.subscriptionId, record);
    void this.subs.put(record.subscriptionId, record).then(() => {
      if (this.pending.get(record.subscriptionId) === record) this.pending.delete(record.subscriptionId);
    });
  }

  private putActivity(subscriptionId: number, seq: number, n: number, activity: SubscriptionActivity): void {
    const key = `${subscriptionId}/${seq}/${n}`;
    this.pendingActivity.set(key, activity);
    void this.activity.put([subscriptionId, seq, n], activity).then(() => this.pendingActivity.delete(key));
  }
}

/** Where `id` goes in ascending `ids`. */
function sortedIndex(ids: readonly number[], id: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function compareKeys(a: string, b: string): number {
  const x = a.split('/').map(Number);
  const y = b.split('/').map(Number);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}
