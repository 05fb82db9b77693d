/**
 * Webhook subscriptions' exercises waiting for the subscription courier (src/subscriptions/courier.ts)
 * to hand their grants to providers' gates: a subscription ledger of their own in a temporary
 * directory (closed and removed by the `closers` the test runs after it), fed their SUBSCRIPTION_CREATED
 * and SUBSCRIPTION_EXERCISED events, and the grants each exercise issued, signed by the exchange's key,
 * as the grant ledger the courier reads them from.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventType, SubscriptionDelivery, SubscriptionTrigger, type EngineEvent } from '../../src/engine/index.js';
import { GrantSigner, type GrantLedger } from '../../src/grants/index.js';
import type { GrantRecord } from '../../src/grants/grant-record.js';
import { SubscriptionLedger } from '../../src/subscriptions/ledger.js';
import { removeDir } from './exchange-fixture.js';
import { accessGrant, GATE_DOMAIN, gateParties } from './gate-fixture.js';

/** The subscribers' push authorisation (its URL and an hour ahead): the courier hands it on unread. */
export function pushAuthorisation(): string {
  return JSON.stringify({ url: 'https://hooks.example/patx', untilMs: Date.now() + 3_600_000, nonce: 'n1', consumerSignature: '0x' + '11'.repeat(65) });
}

let seq = 0;

/**
 * `exercises[i]`: the listing ids of the grants subscription i + 1's exercise (1,000 + i + 1) issued, one grant each
 * (grant ids (i + 1) × 10 + k). Resolves once the ledger has committed them.
 */
export async function pendingHandoffs(exercises: readonly (readonly number[])[], closers: Array<() => Promise<void>>): Promise<{ ledger: SubscriptionLedger; grants: Pick<GrantLedger, 'grantsBefore'> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-courier-'));
  const ledger = SubscriptionLedger.create(dir);
  closers.push(async () => {
    await ledger.close();
    removeDir(dir);
  });
  const p = gateParties();
  const signer = new GrantSigner(p.exchange.privateKey, GATE_DOMAIN);
  const authorisation = pushAuthorisation();
  const records = new Map<number, GrantRecord[]>();
  const events: EngineEvent[] = [];
  exercises.forEach((listingIds, i) => {
    const id = i + 1;
    const exerciseId = 1_000 + id;
    events.push({
      type: EventType.SUBSCRIPTION_CREATED, seq: 0, subscriptionId: id, accountId: 7, contract: 'AUTO_INTENT|1D|0.70-0.85', qtyPerWindow: listingIds.length, capPriceMicros: 900_000, budgetMicros: 10_000_000,
      trigger: SubscriptionTrigger.ON_OPEN, autoExercise: true, maxSkips: 3, delivery: SubscriptionDelivery.WEBHOOK, webhookUrl: 'https://hooks.example/patx', pushAuthorisation: authorisation, afterOpenAtMs: 0,
    });
    events.push({ type: EventType.SUBSCRIPTION_EXERCISED, seq: 0, subscriptionId: id, accountId: 7, seriesId: 1, exerciseId, qty: listingIds.length });
    records.set(exerciseId, listingIds.map((listingId, k) => ({ signed: signer.sign(accessGrant(p, Date.now(), { grantId: id * 10 + k, listingId, listingVersion: 1 })), domain: GATE_DOMAIN, exerciseId, seq: 1 }) as GrantRecord));
  });
  seq += 1;
  ledger.model.take({ firstSeq: seq, lastSeq: seq, timeMs: Date.now(), commands: [], events: events.map((e) => ({ ...e, seq })) });
  await ledger.model.env.committed;
  // Each exercise's few grants as one page (test/subscriptions/courier-pages.test.ts pages a real grant ledger).
  const grants: Pick<GrantLedger, 'grantsBefore'> = {
    grantsBefore: async (_who, _accountId, _after, _limit, exerciseId) => ({ grants: records.get(exerciseId ?? -1) ?? [], next: undefined }),
  };
  return { ledger, grants };
}
