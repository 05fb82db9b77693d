/**
 * Subscriptions through the running service (docs/subscriptions.md): POST /v1/subscriptions
 * (wallet-signed) with typed refusals; the runner buys the window at the broker's ask and
 * exercises it, the grants waiting in /v1/grants/mine; the subscription's activity says what
 * it did and why it skipped; a restart keeps it, and the next window is bought after it;
 * cancel stops it. Real LMDB, real HTTP, real signatures; the clock is the test's.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequestHeaders } from '../../src/request-signing/index.js';
import type { Config } from '../../src/app/config.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService, type Service } from '../../src/app/service.js';
import type { SubscriptionActivity, SubscriptionRecord } from '../../src/subscriptions/index.js';
import { removeDir } from '../support/exchange-fixture.js';
import { quietConfig, scheduledSpot, stockBroker, subscriptionWorld } from '../support/subscription-market.js';

const HOUR_MS = 3_600_000;
const PAT = 1_000_000;
const CONTRACT = 'AUTO_INTENT|1D|0.70-0.85';
let dir: string;
let config: Config;
let service: Service;
const DAY0 = Date.UTC(2027, 2, 1);
const start = DAY0 + 12 * HOUR_MS;
let nowMs = start;
const clock = (): number => nowMs;
const consumer = Wallet.createRandom();
const stranger = Wallet.createRandom();
const provider = Wallet.createRandom();
const ids = { consumer: 0, stranger: 0, provider: 0, current: 0, next: 0 };
const base = (): string => `http://127.0.0.1:${service.gateway.port}`;

async function signed<T>(wallet: Parameters<typeof signRequestHeaders>[0], method: string, pathAndQuery: string, body?: unknown): Promise<{ status: number; body: T }> {
  const bodyText = body === undefined ? undefined : JSON.stringify(body);
  const url = new URL(pathAndQuery, base());
  const headers = await signRequestHeaders(wallet, { method, host: url.host, pathAndQuery: url.pathname + url.search, chainId: 31_337, timeMs: nowMs, ...(bodyText === undefined ? {} : { bodyText }) });
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, ...(bodyText === undefined ? {} : { body: bodyText }) });
  return { status: res.status, body: (await res.json()) as T };
}

type Refusal = { error?: string; message?: string };
const terms = { contract: CONTRACT, qtyPerWindow: 4, capPriceMicros: 900_000, budgetMicros: 20 * PAT };

async function boot(): Promise<void> {
  service = await startService(config, createLogger('silent'), clock);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-subscriptions-'));
  config = quietConfig(dir);
  await boot();
  Object.assign(ids, await subscriptionWorld(service, { consumer: consumer.address, stranger: stranger.address, provider: provider.address }, CONTRACT, DAY0));
}, 60_000);

afterAll(async () => {
  await service?.stop();
  removeDir(dir);
});

describe('subscriptions over HTTP', () => {
  let id = 0;

  it('refuse malformed terms, an unlisted contract and a private webhook with typed errors, making nothing', async () => {
    const cases: Array<[unknown, number, string]> = [
      [{ ...terms, qtyPerWindow: 0 }, 400, 'MALFORMED_SUBSCRIPTION'],
      [{ ...terms, extra: 1 }, 400, 'MALFORMED_SUBSCRIPTION'],
      [{ ...terms, capPriceMicros: '0.9' }, 400, 'MALFORMED_SUBSCRIPTION'],
      [{ ...terms, contract: 'NOPE|1D|0.70-0.85' }, 404, 'UNKNOWN_CONTRACT'],
      [{ ...terms, delivery: { mode: 'webhook', url: 'http://127.0.0.1:9/hook', authorisation: { untilMs: nowMs + HOUR_MS, nonce: 'n1', consumerSignature: `0x${'11'.repeat(65)}` } } }, 400, 'BAD_WEBHOOK'],
      [{ ...terms, delivery: { mode: 'webhook', url: 'https://consumer.example/hook', authorisation: { untilMs: nowMs + HOUR_MS, nonce: 'n1', consumerSignature: `0x${'11'.repeat(65)}` } } }, 400, 'BAD_AUTHORISATION'],
      // Issue 74's finding: addresses inside that the check let through (on to the signature check), refused by where they point.
      ...['http://localhost./hook', 'http://[::127.0.0.1]/hook', 'http://[64:ff9b::7f00:1]/hook', 'http://[fec0::1]/hook', 'http://198.18.0.1/hook', 'http://224.0.0.1/hook', 'http://255.255.255.255/hook', 'http://[::ffff:a9fe:a9fe]/latest/meta-data/', 'http://metadata/computeMetadata/v1/'].map(
        (url): [unknown, number, string] => [{ ...terms, delivery: { mode: 'webhook', url, authorisation: { untilMs: nowMs + HOUR_MS, nonce: 'n1', consumerSignature: `0x${'11'.repeat(65)}` } } }, 400, 'BAD_WEBHOOK'],
      ),
    ];
    for (const [body, status, code] of cases) {
      const r = await signed<Refusal>(consumer, 'POST', '/v1/subscriptions', body);
      expect([r.status, r.body.error]).toEqual([status, code]);
    }
    // A provider may not subscribe: the engine's refusal, typed.
    const p = await signed<Refusal>(provider, 'POST', '/v1/subscriptions', terms);
    expect([p.status, p.body.error]).toEqual([403, 'ROLE_NOT_ALLOWED']);
    expect(service.engine.subscriptions.live.size).toBe(0);
  });

  it('subscribe: the window open now is bought at the ask and exercised; its grants wait in /v1/grants/mine', async () => {
    const made = await signed<SubscriptionRecord>(consumer, 'POST', '/v1/subscriptions', terms);
    expect(made.status).toBe(201);
    id = made.body.subscriptionId;
    expect(made.body).toMatchObject({ contract: CONTRACT, status: 'active', trigger: 'open', autoExercise: true, delivery: { mode: 'pull' } });
    await service.runSubscriptions();
    const one = await signed<{ subscription: SubscriptionRecord; activity: SubscriptionActivity[] }>(consumer, 'GET', `/v1/subscriptions/${id}`);
    expect(one.body.subscription).toMatchObject({ windowsBought: 1, rightsBought: 4, spentMicros: 4 * 800_000, exercises: 1 });
    expect(one.body.activity.map((a) => a.type)).toEqual(['exercised', 'filled', 'status']);
    const exerciseId = (one.body.activity[0] as { exerciseId: number }).exerciseId;
    const grants = await signed<{ total: number; grants: Array<{ grant: { quantity: number } }> }>(consumer, 'GET', `/v1/grants/mine?exercise=${exerciseId}`);
    expect(grants.body.grants.reduce((n, g) => n + g.grant.quantity, 0)).toBe(4);
    // Someone else's: refused, and not listed among theirs.
    // Another's id answers as an unknown one does (404, the same words): a stranger learns nothing of which exist.
    const asUnknown = { error: 'UNKNOWN_SUBSCRIPTION', message: `no subscription ${id}` };
    const read = await signed<Refusal>(stranger, 'GET', `/v1/subscriptions/${id}`);
    expect([read.status, read.body]).toEqual([404, asUnknown]);
    expect((await signed<Refusal>(stranger, 'GET', '/v1/subscriptions/999999')).body).toEqual({ error: 'UNKNOWN_SUBSCRIPTION', message: 'no subscription 999999' });
    expect((await signed<{ total: number }>(stranger, 'GET', '/v1/subscriptions')).body.total).toBe(0);
    expect((await signed<Refusal>(stranger, 'POST', `/v1/subscriptions/${id}/cancel`)).body).toEqual(asUnknown);
  });

  it('a cap below the ask skips the window and says why', async () => {
    const low = await signed<SubscriptionRecord>(consumer, 'POST', '/v1/subscriptions', { ...terms, capPriceMicros: 700_000, maxSkips: 1 });
    await service.runSubscriptions();
    const one = await signed<{ subscription: SubscriptionRecord; activity: SubscriptionActivity[] }>(consumer, 'GET', `/v1/subscriptions/${low.body.subscriptionId}`);
    expect(one.body.subscription.status).toBe('paused');
    expect(one.body.activity[1]).toMatchObject({ type: 'skipped', reason: 'CAP_BELOW_ASK', askMicros: 800_000 });
    expect((one.body.activity[1] as { message: string }).message).toMatch(/cap/);
  });

  it('survives a restart, buys the next window when it opens, and stops when cancelled', async () => {
    await service.stop();
    await boot();
    expect(service.engine.subscriptions.live.get(id)?.spentMicros).toBe(4 * 800_000);
    const listed = await signed<{ total: number; subscriptions: SubscriptionRecord[] }>(consumer, 'GET', '/v1/subscriptions');
    expect(listed.body.subscriptions.map((s) => s.subscriptionId)).toContain(id);
    nowMs = DAY0 + 22 * HOUR_MS;
    await service.runSchedule();
    ids.next = scheduledSpot(service, CONTRACT, DAY0 + 24 * HOUR_MS);
    await stockBroker(service, ids.provider, ids.next);
    // Listed, stocked, not open: an ON_OPEN subscription waits for the open.
    await service.runSubscriptions();
    expect(service.engine.accounts[ids.consumer]!.positions.get(ids.next)).toBeUndefined();
    nowMs = DAY0 + 24 * HOUR_MS;
    await service.runSubscriptions();
    const one = await signed<{ subscription: SubscriptionRecord }>(consumer, 'GET', `/v1/subscriptions/${id}`);
    expect(one.body.subscription).toMatchObject({ windowsBought: 2, rightsBought: 8, exercises: 2 });
    expect(service.engine.accounts[ids.consumer]!.positions.get(ids.next)?.exercised).toBe(4);
    const cancelled = await signed<SubscriptionRecord>(consumer, 'POST', `/v1/subscriptions/${id}/cancel`);
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);
    expect(service.engine.subscriptions.live.has(id)).toBe(false);
    const again = await signed<Refusal>(consumer, 'POST', `/v1/subscriptions/${id}/cancel`);
    expect([again.status, again.body.error]).toEqual([409, 'SUBSCRIPTION_CLOSED']);
  });
});
