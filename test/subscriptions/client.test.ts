/**
 * The TypeScript client's subscriptions (src/client/subscriptions.ts) against the running
 * service: subscribe, list, one with its activity, cancel and resume, each a wallet-signed
 * request; every refusal a SubscriptionError carrying the server's {error, message} and
 * status. Real LMDB, real HTTP, real signatures; the clock is the test's (the client signs
 * with it, as the exchange checks a signature's time against its own clock).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancelSubscription,
  getSubscription,
  listSubscriptions,
  patToMicros,
  resumeSubscription,
  subscribe,
  SubscriptionError,
  type Subscription,
  type SubscriptionActivity,
  type SubscriptionsHttp,
  type MessageSigner,
} from '../../src/client/index.js';
import type { Config } from '../../src/app/config.js';
import { freePort } from '../../src/runtime/free-port.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService, type Service } from '../../src/app/service.js';
import type { SubscriptionActivity as LedgerActivity, SubscriptionRecord } from '../../src/subscriptions/index.js';
import { removeDir } from '../support/exchange-fixture.js';
import { quietConfig, subscriptionWorld } from '../support/subscription-market.js';

// The client declares the wire shape itself (it imports nothing of the service): it must stay the ledger's, both ways.
const sameShape = (r: SubscriptionRecord, a: LedgerActivity, s: Subscription, b: SubscriptionActivity): [Subscription, SubscriptionActivity, SubscriptionRecord, LedgerActivity] => [r, a, s, b];
void sameShape;

const HOUR_MS = 3_600_000;
const PAT = 1_000_000;
const CONTRACT = 'AUTO_INTENT|1D|0.70-0.85';
let dir: string;
let config: Config;
let service: Service;
const DAY0 = Date.UTC(2027, 2, 1);
const nowMs = DAY0 + 12 * HOUR_MS;
const clock = (): number => nowMs;
const consumer = Wallet.createRandom();
const stranger = Wallet.createRandom();
const provider = Wallet.createRandom();
const ids = { consumer: 0, stranger: 0, provider: 0, current: 0 };
const base = (): string => `http://127.0.0.1:${service.gateway.port}`;
const as = (wallet: MessageSigner): SubscriptionsHttp => ({ url: base(), wallet, clock });

/** The refusal a call throws (it must throw a SubscriptionError). */
async function refusal(call: Promise<unknown>): Promise<SubscriptionError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SubscriptionError);
  return error as SubscriptionError;
}

const terms = { contract: CONTRACT, qtyPerWindow: 4, capPriceMicros: 900_000, budgetMicros: 20 * PAT };

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-subscriptions-client-'));
  config = quietConfig(dir);
  service = await startService(config, createLogger('silent'), clock);
  Object.assign(ids, await subscriptionWorld(service, { consumer: consumer.address, stranger: stranger.address, provider: provider.address }, CONTRACT, DAY0));
}, 60_000);

afterAll(async () => {
  await service?.stop();
  removeDir(dir);
});

describe('the client: subscriptions', () => {
  let id = 0;

  it('subscribes, and sees the window bought at the ask and exercised in the subscription and its activity', async () => {
    const made = await subscribe(as(consumer), terms);
    id = made.subscriptionId;
    expect(made).toMatchObject({ contract: CONTRACT, qtyPerWindow: 4, capPriceMicros: 900_000, budgetMicros: 20 * PAT, status: 'active', trigger: 'open', autoExercise: true, maxSkips: 3 });
    await service.runSubscriptions();
    const one = await getSubscription(as(consumer), id);
    expect(one.subscription).toMatchObject({ subscriptionId: id, windowsBought: 1, rightsBought: 4, spentMicros: 4 * 800_000, exercises: 1, windowsSkipped: 0 });
    expect(one.activity.map((a) => a.type)).toEqual(['exercised', 'filled', 'status']);
    expect(one.activity[1]).toMatchObject({ type: 'filled', seriesId: ids.current, qty: 4, costMicros: 4 * 800_000 });
    expect(one.subscription.last).toEqual(one.activity[0]);
    // Paged: a page never splits a turn (the purchase and its exercise were one turn: one seq), so a limit of 1 gives both,
    // and what came before that seq is the rest.
    const newest = await getSubscription(as(consumer), id, { limit: 1 });
    expect(newest.activity.map((a) => a.type)).toEqual(['exercised', 'filled']);
    const older = await getSubscription(as(consumer), id, { beforeSeq: newest.activity[0]!.seq });
    expect(older.activity.map((a) => a.type)).toEqual(['status']);
  });

  it('lists the account\'s subscriptions, newest first, and only its own', async () => {
    const second = await subscribe(as(consumer), { ...terms, qtyPerWindow: 1, includeCurrent: false, trigger: 'list' });
    const page = await listSubscriptions(as(consumer));
    expect(page.total).toBe(2);
    expect(page.subscriptions.map((s) => s.subscriptionId)).toEqual([second.subscriptionId, id]);
    expect(page.subscriptions[0]).toMatchObject({ trigger: 'list', qtyPerWindow: 1, windowsBought: 0 });
    expect((await listSubscriptions(as(consumer), { offset: 1, limit: 1 })).subscriptions.map((s) => s.subscriptionId)).toEqual([id]);
    expect(await listSubscriptions(as(stranger))).toEqual({ total: 0, subscriptions: [] });
    await cancelSubscription(as(consumer), second.subscriptionId);
  });

  it('a cap below the ask: the skip says why, the subscription pauses; resume makes it active, cancel ends it', async () => {
    const low = await subscribe(as(consumer), { ...terms, capPriceMicros: patToMicros('0.7')!, maxSkips: 1 });
    await service.runSubscriptions();
    const one = await getSubscription(as(consumer), low.subscriptionId);
    expect(one.subscription).toMatchObject({ status: 'paused', windowsSkipped: 1 });
    const skip = one.activity.find((a) => a.type === 'skipped');
    expect(skip).toMatchObject({ type: 'skipped', reason: 'CAP_BELOW_ASK', askMicros: 800_000, seriesId: ids.current });
    expect(skip?.type === 'skipped' && skip.message).toMatch(/above your cap/);
    const resumed = await resumeSubscription(as(consumer), low.subscriptionId);
    expect([resumed.status, resumed.skipsInRow]).toEqual(['active', 0]);
    // Resumed from the next window: the one it skipped is not bought again.
    await service.runSubscriptions();
    expect((await getSubscription(as(consumer), low.subscriptionId)).subscription).toMatchObject({ status: 'active', windowsBought: 0, windowsSkipped: 1 });
    // Not paused now: resume is refused by name.
    const notPaused = await refusal(resumeSubscription(as(consumer), low.subscriptionId));
    expect([notPaused.status, notPaused.code]).toEqual([409, 'NOT_PAUSED']);
    const cancelled = await cancelSubscription(as(consumer), low.subscriptionId);
    expect(cancelled.status).toBe('cancelled');
    expect(service.engine.subscriptions.live.has(low.subscriptionId)).toBe(false);
    const again = await refusal(cancelSubscription(as(consumer), low.subscriptionId));
    expect([again.status, again.code, again.detail]).toEqual([409, 'SUBSCRIPTION_CLOSED', `subscription ${low.subscriptionId} is cancelled`]);
  });

  it('every refusal is a SubscriptionError with the server\'s code, message and status, and changes nothing', async () => {
    const live = service.engine.subscriptions.live.size;
    const cases: Array<[() => Promise<unknown>, number, string]> = [
      [() => subscribe(as(consumer), { ...terms, contract: 'NOPE|1D|0.70-0.85' }), 404, 'UNKNOWN_CONTRACT'],
      [() => subscribe(as(consumer), { ...terms, qtyPerWindow: 0 }), 400, 'MALFORMED_SUBSCRIPTION'],
      [() => subscribe(as(consumer), { ...terms, capPriceMicros: 0.5 }), 400, 'MALFORMED_SUBSCRIPTION'],
      [() => subscribe(as(provider), terms), 403, 'ROLE_NOT_ALLOWED'],
      [() => subscribe(as(Wallet.createRandom()), terms), 404, 'UNKNOWN_ACCOUNT'],
      [() => getSubscription(as(consumer), 9_999), 404, 'UNKNOWN_SUBSCRIPTION'],
      [() => getSubscription(as(stranger), id), 404, 'UNKNOWN_SUBSCRIPTION'],
      [() => cancelSubscription(as(stranger), id), 404, 'UNKNOWN_SUBSCRIPTION'],
      [() => resumeSubscription(as(consumer), id), 409, 'NOT_PAUSED'],
    ];
    for (const [call, status, code] of cases) {
      const e = await refusal(call());
      expect([e.status, e.code]).toEqual([status, code]);
      expect(e.detail).not.toBe('');
      expect(e.message).toBe(`${code}: ${e.detail}`);
    }
    expect(service.engine.subscriptions.live.size).toBe(live);
    // A signature from another time than the exchange's clock: refused before anything is read.
    const stale = await refusal(listSubscriptions({ url: base(), wallet: consumer, clock: () => nowMs - HOUR_MS }));
    expect(stale.status).toBe(401);
    // Nothing listening, and a bad id: no request at all, typed all the same.
    const nowhere = await refusal(listSubscriptions({ url: `http://127.0.0.1:${await freePort()}`, wallet: consumer }));
    expect([nowhere.status, nowhere.code]).toEqual([0, 'UNREACHABLE']);
    expect(nowhere.detail).toMatch(/ECONNREFUSED/);
    expect((await refusal(getSubscription(as(consumer), 0))).code).toBe('INVALID_ID');
  });

  it('patToMicros: PAT as typed, in µPAT exactly, or undefined', () => {
    expect(patToMicros('0.9')).toBe(900_000);
    expect(patToMicros('12')).toBe(12_000_000);
    expect(patToMicros(' 0.000001 ')).toBe(1);
    expect(patToMicros('1.1234567')).toBeUndefined();
    expect(patToMicros('-1')).toBeUndefined();
    expect(patToMicros('1e3')).toBeUndefined();
    expect(patToMicros('')).toBeUndefined();
  });
});
