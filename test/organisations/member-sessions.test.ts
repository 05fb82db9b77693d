/**
 * Sessions acting for an organisation (src/gateway/server.ts, organisation-sessions.ts) share its
 * account, so the per-account session limit must not let one member hold every slot: a member's
 * sessions for the organisation count against the limit as its own, and an admin still logs in
 * when a reader holds as many as it may. Real service, real WebSocket logins on 127.0.0.1.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, PatxRequestError, signedRequest, TradingClient } from '../../src/client/index.js';
import { CommandKind, SeriesKind, SeriesStatus, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { joinByInvitation } from '../support/organisation-fixture.js';
import { loadConfig } from '../../src/app/config.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService, type Service } from '../../src/app/service.js';
import { removeDir } from '../support/exchange-fixture.js';

const SESSIONS = 2;
let dir: string;
let service: Service;
const admin = Wallet.createRandom();
const reader = Wallet.createRandom();
const base = () => `http://127.0.0.1:${service.gateway.port}`;
const wsUrl = () => `ws://127.0.0.1:${service.gateway.port}/v1/trade`;
const open: TradingClient[] = [];

async function login(wallet: typeof admin, organisationId?: number): Promise<TradingClient> {
  const c = await TradingClient.connect(wsUrl(), { wallet, ...(organisationId === undefined ? {} : { organisationId }) });
  open.push(c);
  return c;
}

async function refused(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PatxRequestError) return e.code;
    throw e;
  }
  return 'accepted';
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-org-sessions-'));
  const config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0, maxSessionsPerAccount: SESSIONS }, scheduleIntervalMs: 60_000, settlement: { enabled: false }, quoting: { enabled: false } });
  service = await startService(config, createLogger('silent'));
  for (const w of [admin, reader]) await (await TradingClient.connect(wsUrl(), { wallet: w })).close();
}, 60_000);

afterAll(async () => {
  for (const c of open) await c.close().catch(() => undefined);
  await service?.stop();
  removeDir(dir);
});

describe("an organisation's sessions", () => {
  it("count per member: a reader holding its limit of them leaves the admin's login to the organisation, and its own next one is refused", async () => {
    const org = await createOrganisation({ url: base(), wallet: admin }, 'Session Co');
    await joinByInvitation({ url: base(), wallet: admin }, { url: base(), wallet: reader }, 'reader');
    for (let i = 0; i < SESSIONS; i++) expect((await login(reader, org.organisationId)).accountId).toBe(org.accountId);
    // The organisation's account already has SESSIONS sessions, all the reader's: the admin still logs in for it.
    const adminSession = await login(admin, org.organisationId);
    expect(adminSession.accountId).toBe(org.accountId);
    expect(Number((await adminSession.account()).accountId)).toBe(org.accountId);
    // The reader is at its own limit there.
    expect(await refused(login(reader, org.organisationId))).toBe('TOO_MANY_SESSIONS');
    // Its own wallet's sessions are counted apart, as ever.
    expect((await login(reader)).accountId).not.toBe(org.accountId);
  });

  it("a subscription a member's session makes for the organisation is listed to every member over HTTP; its admins and traders cancel it there, a reader may not, a stranger hears of no such id", async () => {
    const org = service.engine.organisations.byId.values().next().value!;
    await service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: org.accountId, amountWei: 10n ** 20n, ref: 'org-sessions-funds' });
    const contract = service.engine.series.find((x) => x?.spec.kind === SeriesKind.SPOT && x.status === SeriesStatus.TRADING)!.spec.contract;
    const session = await login(admin, org.id);
    const made = await session.subscribe({ contract, qtyPerWindow: 1, capPriceMicros: 1_000_000, budgetMicros: 5_000_000 });
    const id = Number(made.subscriptionId);
    expect(id).toBeGreaterThan(0);
    // Before: the organisation's subscription was nobody's over HTTP (404 to its own admin), and the CLI had no --org.
    const listed = await signedRequest<{ total: number; organisationSubscriptions?: { subscriptions: Array<{ subscriptionId: number }> } }>(base(), reader, 'GET', '/v1/subscriptions');
    expect(listed.body.total).toBe(0);
    expect(listed.body.organisationSubscriptions?.subscriptions.map((x) => x.subscriptionId)).toEqual([id]);
    expect((await signedRequest(base(), reader, 'GET', `/v1/subscriptions/${id}`)).status).toBe(200);
    expect((await signedRequest(base(), reader, 'POST', `/v1/subscriptions/${id}/cancel`)).body).toMatchObject({ error: 'ROLE_FORBIDDEN' });
    const stranger = Wallet.createRandom();
    await (await TradingClient.connect(wsUrl(), { wallet: stranger })).close();
    expect((await signedRequest(base(), stranger, 'POST', `/v1/subscriptions/${id}/cancel`)).body).toEqual({ error: 'UNKNOWN_SUBSCRIPTION', message: `no subscription ${id}` });
    const cancelled = await signedRequest<{ status: string }>(base(), admin, 'POST', `/v1/subscriptions/${id}/cancel`);
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);
    expect(service.engine.subscriptions.live.has(id)).toBe(false);
  });
});
