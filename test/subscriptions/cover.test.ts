/**
 * The cover (docs/subscriptions.md, "Cover"; an outside review): the engine checks a new subscription's
 * window against the free PAT alone and holds nothing, so one account with dust held 64 subscriptions with
 * 1 µPAT budgets and ~1,600 fresh keys filled the exchange's 100,000. The service now asks the free PAT to
 * cover the next window of every live subscription of the account and the new one together, each at least
 * `subscriptions.minCoverPerSubscriptionMicros` (1 PAT). Real LMDB, real HTTP, real signatures.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet, type HDNodeWallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequestHeaders } from '../../src/request-signing/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService, type Service } from '../../src/app/service.js';
import { Role } from '../../src/engine/index.js';
import { isShort, SubscriptionCover } from '../../src/subscriptions/index.js';
import { removeDir } from '../support/exchange-fixture.js';
import { credit, openAccount, quietConfig, subscriptionWorld } from '../support/subscription-market.js';

const HOUR_MS = 3_600_000;
const PAT = 1_000_000;
const WEI_PER_MICRO = 10n ** 12n;
const CONTRACT = 'AUTO_INTENT|1D|0.70-0.85';
const DAY0 = Date.UTC(2027, 2, 1);
const nowMs = DAY0 + 12 * HOUR_MS;
let dir: string;
let service: Service;
const wallets = { consumer: Wallet.createRandom(), stranger: Wallet.createRandom(), provider: Wallet.createRandom() };

type Reply = { error?: string; message?: string; details?: { neededMicros: number; freeMicros: number; subscriptions: number }; subscriptionId?: number };

async function subscribe(wallet: HDNodeWallet, body: unknown): Promise<{ status: number; body: Reply }> {
  const bodyText = JSON.stringify(body);
  const url = new URL('/v1/subscriptions', `http://127.0.0.1:${service.gateway.port}`);
  const headers = await signRequestHeaders(wallet, { method: 'POST', host: url.host, pathAndQuery: url.pathname, chainId: 31_337, timeMs: nowMs, bodyText });
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: bodyText });
  return { status: res.status, body: (await res.json()) as Reply };
}

/** A consumer holding `micros` of free PAT. */
async function consumerWith(micros: number): Promise<{ wallet: HDNodeWallet; id: number }> {
  const wallet = Wallet.createRandom();
  const id = await openAccount(service, Role.CONSUMER, wallet.address.toLowerCase());
  await credit(service, id, BigInt(micros) * WEI_PER_MICRO);
  return { wallet, id };
}

const liveOf = (accountId: number): number => service.engine.subscriptions.liveCountOf(accountId);
/** The dust attack's terms: a window of 1 µPAT, the least the engine takes. */
const dust = { contract: CONTRACT, qtyPerWindow: 1, capPriceMicros: 1, budgetMicros: 1 };

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-cover-'));
  service = await startService(quietConfig(dir), createLogger('silent'), () => nowMs);
  await subscriptionWorld(service, { consumer: wallets.consumer.address, stranger: wallets.stranger.address, provider: wallets.provider.address }, CONTRACT, DAY0);
}, 60_000);

afterAll(async () => {
  await service?.stop();
  removeDir(dir);
});

describe('the cover a new subscription needs', () => {
  it('dust cannot hold subscriptions: each live one counts at least 1 PAT', async () => {
    const { wallet, id } = await consumerWith(3.5 * PAT);
    for (let i = 0; i < 3; i++) expect((await subscribe(wallet, dust)).status).toBe(201);
    const refused = await subscribe(wallet, dust);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'INSUFFICIENT_BALANCE', details: { neededMicros: 4 * PAT, freeMicros: 3.5 * PAT, subscriptions: 3 } });
    expect(refused.body.message).toContain('deposit PAT');
    // Said in PAT, as people count it (the details keep µPAT for programs).
    expect(refused.body.message).toContain("the account's free PAT (3.5 PAT) does not cover the next window of its 3 live subscription(s) and the new one(s) together (4 PAT; each counts at least 1 PAT");
    expect(liveOf(id)).toBe(3);
  });

  it("the free PAT covers the next window of all the account's live subscriptions together, not the new one's alone", async () => {
    const { wallet, id } = await consumerWith(10 * PAT);
    // One window: 4 rights at a cap of 0.9 PAT = 3.6 PAT; the engine alone takes each against the 10 PAT.
    const terms = { contract: CONTRACT, qtyPerWindow: 4, capPriceMicros: 900_000, budgetMicros: 20 * PAT, includeCurrent: false };
    expect((await subscribe(wallet, terms)).status).toBe(201);
    expect((await subscribe(wallet, terms)).status).toBe(201);
    const third = await subscribe(wallet, terms);
    expect([third.status, third.body.error]).toEqual([409, 'INSUFFICIENT_BALANCE']);
    expect(third.body.details).toEqual({ neededMicros: 3 * 3_600_000, freeMicros: 10 * PAT, subscriptions: 2 });
    expect(liveOf(id)).toBe(2);
  });

  it('subscribes sent at once cannot all pass on the same PAT', async () => {
    const { wallet, id } = await consumerWith(2.5 * PAT);
    const replies = await Promise.all(Array.from({ length: 6 }, () => subscribe(wallet, dust)));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(2);
    expect(replies.filter((r) => r.body.error === 'INSUFFICIENT_BALANCE')).toHaveLength(4);
    expect(liveOf(id)).toBe(2);
  });

  it('PAT leaving the account keeps the cover, and what is held in flight comes back exactly, an absurd amount beside a small one included', async () => {
    const { wallet, id } = await consumerWith(5 * PAT);
    expect((await subscribe(wallet, dust)).status).toBe(201); // its next window counts 1 PAT
    const cover = new SubscriptionCover(service.engine);
    expect(isShort(cover.admitOutflow(id, 4 * PAT + 1))).toBe(true);
    const huge = cover.admitOutflow(id, 10 ** 28); // no live cover would pass it; here it is refused too
    expect(isShort(huge)).toBe(true);
    const small = cover.admitOutflow(id, 1_500_000);
    if (isShort(small)) throw new Error(small.message);
    expect(isShort(cover.admitOutflow(id, 2_500_001))).toBe(true); // the 1.5 in flight counted
    small.release();
    small.release(); // once
    expect(isShort(cover.admitOutflow(id, 4 * PAT + 1))).toBe(true);
    const most = cover.admitOutflow(id, 4 * PAT);
    if (isShort(most)) throw new Error(most.message);
    most.release();
    // Without a live subscription an absurd amount is the engine's to refuse: held as all the account has, released exactly.
    const bare = await consumerWith(3 * PAT);
    const absurd = cover.admitOutflow(bare.id, 10 ** 28);
    const one = cover.admitOutflow(bare.id, 1);
    if (isShort(absurd) || isShort(one)) throw new Error('refused');
    absurd.release();
    one.release();
    // Nothing left held: with a live subscription (1 PAT), exactly 2 PAT may go.
    expect((await subscribe(bare.wallet, dust)).status).toBe(201);
    expect(isShort(cover.admitOutflow(bare.id, 2 * PAT + 1))).toBe(true);
    expect(isShort(cover.admitOutflow(bare.id, 2 * PAT))).toBe(false);
  });
});
