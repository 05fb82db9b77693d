/**
 * Escrow and claims through the running service (rules 3, adopted at start; docs/delivery.md
 * "Escrow, claims and refunds"): a provider's sale is held; the consumer's grant view shows
 * its escrow; POST /v1/grants/{id}/claims (wallet-signed) files a claim, refused with typed
 * errors for someone else's grant, twice, after delivery, after the dispute window; the
 * service's sweeper resolves the claim once its grace passed (refund) and releases escrow
 * after the dispute window; a receipt's confirmation releases to the provider. Real LMDB, real HTTP, real signatures; the clock is
 * the test's, so the windows pass without waiting.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequestHeaders } from '../../src/request-signing/index.js';
import { loadConfig } from '../../src/app/config.js';
import { CommandKind, CURRENT_RULES, EventType, Role, SeriesKind, Side, SYSTEM_ACTOR, TimeInForce, type Command, type EngineEvent } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService, type Service } from '../../src/app/service.js';
import { removeDir } from '../support/exchange-fixture.js';

const HOUR_MS = 3_600_000;
const PAT = 1_000_000;
let dir: string;
let service: Service;
let nowMs = Date.UTC(2027, 2, 1, 12);
const clock = (): number => nowMs;
const consumer = Wallet.createRandom();
const stranger = Wallet.createRandom();
const provider = Wallet.createRandom();
const ids = { consumer: 0, stranger: 0, provider: 0, series: 0 };
const base = (): string => `http://127.0.0.1:${service.gateway.port}`;

async function send(cmd: Command): Promise<EngineEvent[]> {
  const r = await service.sequencer.submit(cmd);
  const refused = r.events.find((e) => e.type === EventType.COMMAND_REJECTED || e.type === EventType.ORDER_REJECTED);
  if (refused !== undefined) throw new Error(`refused: ${JSON.stringify(refused)} for ${JSON.stringify(cmd, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}` : v))}`);
  return r.events;
}

async function open(role: Role, address: string): Promise<number> {
  const ev = await send({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role, address });
  return ev.find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
}

function order(actor: number, side: Side, priceMicros: number, qty: number, tif: TimeInForce = TimeInForce.GTC): Command {
  return { kind: CommandKind.NEW_ORDER, actor, seriesId: ids.series, clientOrderId: 0, side, orderType: 1, tif, priceMicros, qty, expireAtMs: 0, postOnly: false, stp: 1 };
}

/** The provider sells `qty` to the broker at 0.5 PAT; the consumer buys them at 1 PAT and exercises: its grant ids. */
async function exercised(qty: number): Promise<number[]> {
  const broker = service.engine.brokerId;
  await send(order(ids.provider, Side.SELL, 500_000, qty));
  await send(order(broker, Side.BUY, 500_000, qty, TimeInForce.IOC));
  await send(order(broker, Side.SELL, PAT, qty));
  await send(order(ids.consumer, Side.BUY, PAT, qty, TimeInForce.IOC));
  const ev = await send({ kind: CommandKind.EXERCISE, actor: ids.consumer, seriesId: ids.series, qty });
  const e = ev.find((x) => x.type === EventType.RIGHTS_EXERCISED);
  return e?.type === EventType.RIGHTS_EXERCISED ? e.redemptions.map((r) => r.grantId) : [];
}

/** A wallet-signed request, signed at the service's (the test's) clock. */
async function signedRequest<T>(baseUrl: string, wallet: Wallet | ReturnType<typeof Wallet.createRandom>, method: string, pathAndQuery: string, body?: unknown): Promise<{ status: number; body: T }> {
  const bodyText = body === undefined ? undefined : JSON.stringify(body);
  const url = new URL(pathAndQuery, baseUrl);
  const headers = await signRequestHeaders(wallet, { method, host: url.host, pathAndQuery: url.pathname + url.search, chainId: 31_337, timeMs: nowMs, ...(bodyText === undefined ? {} : { bodyText }) });
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, ...(bodyText === undefined ? {} : { body: bodyText }) });
  return { status: res.status, body: (await res.json()) as T };
}

/** A grant as its consumer sees it, once the ledger has every released turn. */
async function view(grantId: number, who = consumer): Promise<{ status: number; body: { escrow?: Record<string, unknown> | null; error?: string } }> {
  return signedRequest(base(), who, 'GET', `/v1/grants/mine/${grantId}`);
}

const fileClaim = (grantId: number | string, who = consumer) => signedRequest<{ error?: string; dueAtMs?: number }>(base(), who, 'POST', `/v1/grants/${grantId}/claims`, {});

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-claims-'));
  const config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 3_600_000, settlement: { enabled: false }, quoting: { enabled: false, brokerFloatPat: 10_000, tickMs: 60_000, params: {} }, demo: { enabled: false } });
  service = await startService(config, createLogger('silent'), clock);
  ids.consumer = await open(Role.CONSUMER, consumer.address.toLowerCase());
  ids.stranger = await open(Role.CONSUMER, stranger.address.toLowerCase());
  ids.provider = await open(Role.PROVIDER, provider.address.toLowerCase());
  const listed = await send({
    kind: CommandKind.LIST_SERIES, actor: SYSTEM_ACTOR, contract: 'AUTO_INTENT|1D|0.70-0.85', seriesKind: SeriesKind.SPOT, openAtMs: nowMs - HOUR_MS, closeAtMs: nowMs - HOUR_MS + 24 * HOUR_MS,
    tickMicros: 1_000, lotSize: 1, minPriceMicros: 1_000, maxPriceMicros: 10 * PAT, maxOrderQty: 1_000, bandBps: 5_000,
  });
  ids.series = listed.find((e) => e.type === EventType.SERIES_LISTED)!.seriesId;
  let ref = 0;
  for (const accountId of [service.engine.brokerId, ids.consumer, ids.stranger]) await send({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId, amountWei: 10n ** 22n, ref: `claims-${ref++}` });
  await send({ kind: CommandKind.DECLARE_CAPACITY, actor: ids.provider, seriesId: ids.series, capacity: 1_000 });
  await send({ kind: CommandKind.MINT, actor: ids.provider, seriesId: ids.series, qty: 100 });
}, 60_000);

afterAll(async () => {
  await service?.stop();
  removeDir(dir);
});

describe('escrow and claims over HTTP', () => {
  it('the service runs under rules 3: a provider\'s sale is held, and the grant view shows the escrow', async () => {
    expect(service.engine.rulesVersion).toBe(CURRENT_RULES);
    const [grantId] = await exercised(4);
    expect(service.engine.accounts[ids.provider]!.proceedsHeldMicros).toBe(2 * PAT);
    const v = await view(grantId!);
    expect(v.status).toBe(200);
    expect(v.body.escrow).toMatchObject({ state: 'held', escrowedMicros: 2 * PAT, heldMicros: 2 * PAT, releasedMicros: 0, confirmedQty: 0, claim: null, refund: null });
  });

  it('a claim: refused for someone else\'s grant and an unknown one; filed once; resolved by the sweeper after the grace with a refund', async () => {
    const [grantId] = await exercised(6);
    // Someone else's grant is answered as an unknown one (test below: byte for byte); its provider knows it: NOT_YOUR_GRANT.
    expect((await fileClaim(grantId!, stranger)).body.error).toBe('UNKNOWN_GRANT');
    expect((await fileClaim(grantId!, stranger)).status).toBe(404);
    expect((await fileClaim(grantId!, provider)).body.error).toBe('NOT_YOUR_GRANT');
    expect((await fileClaim(999_999)).body.error).toBe('UNKNOWN_GRANT');
    expect((await fileClaim('x1')).status).toBe(400); // a malformed id: 400 INVALID_FIELD (a well-formed unknown one is 404 above)
    const heldBefore = service.engine.accounts[ids.provider]!.proceedsHeldMicros;
    const filed = await fileClaim(grantId!);
    expect(filed.status).toBe(201);
    expect(filed.body.dueAtMs).toBe(nowMs + HOUR_MS);
    const twice = await fileClaim(grantId!);
    expect([twice.status, twice.body.error]).toEqual([409, 'CLAIM_EXISTS']);
    // Nothing changed by the refusals; the sweeper waits for the grace.
    expect(service.engine.accounts[ids.provider]!.proceedsHeldMicros).toBe(heldBefore);
    await service.sweepEscrow();
    expect(service.engine.escrow.grants.get(grantId!)?.claimedAtMs).toBe(nowMs);
    const before = service.engine.accounts[ids.consumer]!.availableMicros;
    nowMs += HOUR_MS;
    await service.sweepEscrow();
    expect(service.engine.escrow.grants.has(grantId!)).toBe(false);
    // 6 undelivered at the consumer's 1 PAT average: 3 PAT held, 3 from the provider's free PAT (it has none): 3 short.
    expect(service.engine.accounts[ids.consumer]!.availableMicros - before).toBe(3 * PAT);
    const v = await view(grantId!);
    expect(v.body.escrow).toMatchObject({ state: 'refunded', heldMicros: 0, claim: { dueAtMs: nowMs, undeliveredQty: 6 }, refund: { refundMicros: 6 * PAT, fromHeldMicros: 3 * PAT, fromProviderMicros: 0, shortfallMicros: 3 * PAT } });
    expect((await fileClaim(grantId!)).body.error).toBe('CLAIM_EXISTS');
  });

  it("every grant route answers a stranger about someone else's grant byte for byte as about an id that names none", async () => {
    const [grantId] = await exercised(2);
    const unknown = 987_654; // as many digits as nothing: the answers are compared with each id written ID
    expect(await service.grants()!.get(unknown)).toBeUndefined();
    const raw = async (wallet: typeof stranger, method: string, pathOf: (id: number) => string, id: number, body?: unknown): Promise<string> => {
      const bodyText = body === undefined ? undefined : JSON.stringify(typeof body === 'function' ? (body as (id: number) => unknown)(id) : body);
      const url = new URL(pathOf(id), base());
      const headers = await signRequestHeaders(wallet, { method, host: url.host, pathAndQuery: url.pathname, chainId: 31_337, timeMs: nowMs, ...(bodyText === undefined ? {} : { bodyText }) });
      const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, ...(bodyText === undefined ? {} : { body: bodyText }) });
      return `${res.status} ${(await res.text()).replaceAll(String(id), 'ID')}`;
    };
    const receipt = { use: 1, nonce: 'n1', records: 1, sha256: '0'.repeat(64), deliverySignature: `0x${'1'.repeat(130)}` };
    const request = { use: 1, timeMs: nowMs, nonce: 'n1', endpoint: 'https://example.invalid/records', consumerSignature: '0x' };
    const routes: [string, (id: number) => string, unknown?][] = [
      ['GET', (id) => `/v1/grants/mine/${id}`],
      ['GET', (id) => `/v1/grants/mine/${id}/receipts`],
      ['GET', (id) => `/v1/grants/mine/${id}/proof`],
      ['POST', (id) => `/v1/grants/${id}/claims`, {}],
      ['POST', (id) => `/v1/grants/${id}/claims`, { reason: 'missing-records' }],
      ['POST', (id) => `/v1/grants/${id}/receipts`, receipt],
      ['POST', (id) => `/v1/grants/${id}/delivery-failures`, { reason: 'unreachable' }],
      ['POST', (id) => `/v1/grants/${id}/conformance`, { nonce: 'n1', records: [{ a: 1 }] }],
      // Another provider reporting on it (the stranger opened as a consumer: a provider's report is refused the same way).
      ['POST', () => '/v1/deliveries', (id: number) => ({ grantId: id, rights: 1, outcome: 'delivered', request })],
    ];
    const otherProvider = Wallet.createRandom();
    await open(Role.PROVIDER, otherProvider.address.toLowerCase());
    for (const wallet of [stranger, otherProvider]) {
      for (const [method, pathOf, body] of routes) {
        const existing = await raw(wallet, method, pathOf, grantId!, body);
        expect(existing, `${method} ${pathOf(grantId!)}`).toMatch(/^404 \{"error":"UNKNOWN_GRANT"/);
        expect(existing, `${method} ${pathOf(grantId!)}`).toBe(await raw(wallet, method, pathOf, unknown, body));
      }
    }
    // The parties that know the grant keep their distinct answer: its provider claiming, its consumer reporting as a provider.
    expect(await raw(provider, 'POST', (id) => `/v1/grants/${id}/claims`, grantId!, {})).toMatch(/^403 \{"error":"NOT_YOUR_GRANT"/);
    expect(await raw(consumer, 'POST', () => '/v1/deliveries', grantId!, (id: number) => ({ grantId: id, rights: 1, outcome: 'delivered', request }))).toMatch(/^403 \{"error":"NOT_YOUR_GRANT"/);
  });

  it('the claim and its refund are in the audit trail', async () => {
    const { until } = await import('../support/exchange-fixture.js');
    await until(() => service.operatorApi.audit(1, 10_000).some((e) => e.event === 'CLAIM_RESOLVED'), 'the refund audited');
    const audit = service.operatorApi.audit(1, 10_000).filter((e) => e.event === 'CLAIM_FILED' || e.event === 'CLAIM_RESOLVED');
    expect(audit.map((e) => [e.event, e.actor])).toEqual([
      ['CLAIM_FILED', ids.consumer],
      ['CLAIM_RESOLVED', 0],
    ]);
    expect(audit[1]!.detail).toMatchObject({ consumerAccountId: ids.consumer, providerAccountId: ids.provider, refundMicros: 6 * PAT, shortfallMicros: 3 * PAT });
  });

  it('a receipt\'s confirmation releases to the provider (cumulative: a repeated receipt confirms nothing more); a delivered grant cannot be claimed', async () => {
    const [grantId] = await exercised(2);
    const free = service.engine.accounts[ids.provider]!.availableMicros;
    expect(await service.confirmDelivery(grantId!, 1)).toEqual({ outcome: 'confirmed', qty: 1, releasedMicros: 500_000 });
    expect(await service.confirmDelivery(grantId!, 1)).toEqual({ outcome: 'nothing-to-confirm' });
    expect(await service.confirmDelivery(grantId!, 2)).toEqual({ outcome: 'confirmed', qty: 1, releasedMicros: 500_000 });
    expect(service.engine.accounts[ids.provider]!.availableMicros - free).toBe(PAT);
    const claimed = await fileClaim(grantId!);
    expect([claimed.status, claimed.body.error]).toEqual([409, 'ALREADY_DELIVERED']);
    expect((await view(grantId!)).body.escrow).toMatchObject({ state: 'delivered', confirmedQty: 2, releasedMicros: PAT, heldMicros: 0 });
  });

  it('after the dispute window the sweeper releases the rest, and a claim is refused DISPUTE_WINDOW_CLOSED', async () => {
    const [grantId] = await exercised(2);
    const g = service.engine.escrow.grants.get(grantId!)!;
    nowMs = g.disputeEndsAtMs;
    const closed = await fileClaim(grantId!);
    expect([closed.status, closed.body.error]).toEqual([409, 'DISPUTE_WINDOW_CLOSED']);
    await service.sweepEscrow();
    expect(service.engine.escrow.grants.size).toBe(0);
    expect(service.engine.accounts[ids.provider]!.proceedsHeldMicros).toBe(0);
    expect((await view(grantId!)).body.escrow).toMatchObject({ state: 'released', heldMicros: 0, releasedMicros: PAT });
  });
});
