/**
 * The subscription ledger's bound on history (src/subscriptions/ledger.ts): an account that
 * subscribes and cancels over and over keeps only its newest ENDED_KEPT_PER_ACCOUNT ended
 * subscriptions (live ones always), pages its list from the newest by key range, and a replay
 * of the same turns from an earlier point (a restart whose saved seq lagged) prunes to the
 * same set. Real LMDB; the turns are the engine's events as the journal replays them.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventType, SubscriptionChange, SubscriptionDelivery, SubscriptionStatus, SubscriptionTrigger, type EngineEvent } from '../../src/engine/index.js';
import type { ReplayedTurn } from '../../src/read-models/replay.js';
import { ENDED_KEPT_PER_ACCOUNT, SubscriptionLedger } from '../../src/subscriptions/ledger.js';
import { removeDir } from '../support/exchange-fixture.js';

const ACCOUNT = 7;
const OTHER = 8;
let dir: string | undefined;
let ledger: SubscriptionLedger | undefined;

afterEach(async () => {
  await ledger?.close();
  ledger = undefined;
  if (dir !== undefined) removeDir(dir);
});

let seq = 0;
function turn(events: EngineEvent[]): ReplayedTurn {
  const firstSeq = seq + 1;
  seq += 1;
  return { firstSeq, lastSeq: seq, timeMs: 1_000 * seq, commands: [], events: events.map((e) => ({ ...e, seq })) };
}

function created(subscriptionId: number, accountId: number): EngineEvent {
  return {
    type: EventType.SUBSCRIPTION_CREATED, seq: 0, subscriptionId, accountId, contract: 'AUTO_INTENT|1D|0.70-0.85', qtyPerWindow: 1, capPriceMicros: 900_000, budgetMicros: 1_000_000,
    trigger: SubscriptionTrigger.ON_OPEN, autoExercise: true, maxSkips: 3, delivery: SubscriptionDelivery.PULL, webhookUrl: '', pushAuthorisation: '', afterOpenAtMs: 0,
  };
}

function cancelled(subscriptionId: number, accountId: number): EngineEvent {
  return { type: EventType.SUBSCRIPTION_STATUS_CHANGED, seq: 0, subscriptionId, accountId, status: SubscriptionStatus.CANCELLED, change: SubscriptionChange.CANCELLED };
}

/** An account that made `n` subscriptions and cancelled each in the next turn, and one live subscription made first. */
function churn(n: number): ReplayedTurn[] {
  const turns = [turn([created(1, ACCOUNT)]), turn([created(2, OTHER), cancelled(2, OTHER)])];
  for (let id = 3; id < 3 + n; id++) turns.push(turn([created(id, ACCOUNT)]), turn([cancelled(id, ACCOUNT)]));
  return turns;
}

async function settled(l: SubscriptionLedger): Promise<void> {
  // lmdb-js batches asynchronous writes: every put and remove issued so far has committed with the current batch.
  await l.model.env.committed;
}

describe('the subscription ledger keeps a bounded history per account', () => {
  it('prunes the oldest ended subscriptions past the bound, keeps the live one, and pages from the newest', async () => {
    seq = 0;
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-sub-ledger-'));
    ledger = SubscriptionLedger.create(dir);
    const made = ENDED_KEPT_PER_ACCOUNT + 30;
    const turns = churn(made);
    for (const t of turns) ledger.model.take(t);
    await settled(ledger);

    const all = ledger.ofAccount(ACCOUNT, 0, 1_000);
    expect(all.total).toBe(ENDED_KEPT_PER_ACCOUNT + 1);
    const ids = all.subscriptions.map((r) => r.subscriptionId);
    // The newest ended ones, newest first, then the live one (id 1).
    const newest = Array.from({ length: ENDED_KEPT_PER_ACCOUNT }, (_, i) => 2 + made - i);
    expect(ids).toEqual([...newest, 1]);
    expect(ledger.get(1)?.status).toBe('active');
    expect(ledger.get(3)).toBeUndefined();
    expect(ledger.activityOf(3, 10)).toEqual([]);
    expect(ledger.activityOf(2 + made, 10).map((a) => a.type)).toEqual(['status', 'status']);
    // Another account's history is its own.
    expect(ledger.ofAccount(OTHER, 0, 10).subscriptions.map((r) => r.subscriptionId)).toEqual([2]);

    // A page: from the newest, by offset.
    const page = ledger.ofAccount(ACCOUNT, 10, 5);
    expect(page.total).toBe(all.total);
    expect(page.subscriptions.map((r) => r.subscriptionId)).toEqual(ids.slice(10, 15));
  });

  it('a replay of the same turns from an earlier seq (the saved progress lagged) ends with the same set', async () => {
    seq = 0;
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-sub-ledger-'));
    ledger = SubscriptionLedger.create(dir);
    const turns = churn(ENDED_KEPT_PER_ACCOUNT + 20);
    for (const t of turns) ledger.model.take(t);
    await settled(ledger);
    const before = ledger.ofAccount(ACCOUNT, 0, 1_000).subscriptions.map((r) => r.subscriptionId);
    await ledger.close();

    // Reopened with its progress forced back: the last 60 turns come again (a create of a pruned id among them).
    ledger = SubscriptionLedger.create(dir);
    const replayFrom = turns.length - 60;
    (ledger.model as unknown as { lastSeq: number }).lastSeq = turns[replayFrom]!.firstSeq - 1;
    for (const t of turns.slice(replayFrom)) ledger.model.take(t);
    await settled(ledger);
    const after = ledger.ofAccount(ACCOUNT, 0, 1_000);
    expect(after.subscriptions.map((r) => r.subscriptionId)).toEqual(before);
    expect(after.total).toBe(before.length);
  });
});
