/**
 * Named operators and the audit trail, from outside: two operators added over
 * HTTP, each change attributed to the right name with the sequencer's real time;
 * a restart (real journal, real LMDB) keeps the trail; a revoked operator is
 * refused at once over HTTP and WebSocket while the other works on; the broker's
 * exposure is served against its limits. Roles: a moderator cannot set risk
 * parameters or create operators, a risk operator cannot publish a listing (403
 * FORBIDDEN_ROLE, nothing changed); a revoked operator's open WebSocket session is
 * closed at once; an operators.json from before roles loads.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TradingClient, type PatxConnectionClosedError } from '../../src/client/index.js';
import { CommandKind, EventType, Role, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { csv, listingInput } from '../support/catalog-fixture.js';
import { loadConfig, type Config } from '../../src/app/config.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService, type Service } from '../../src/app/service.js';
import { removeDir } from '../support/exchange-fixture.js';

const ADMIN = 'admin-token-for-tests-0123456789';
const logger = createLogger('silent');
let service: Service | undefined;
const dirs: string[] = [];

afterEach(async () => {
  await service?.stop();
  service = undefined;
  for (const d of dirs.splice(0)) removeDir(d);
});

function configIn(dir: string): Config {
  return loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0, operatorToken: ADMIN }, scheduleIntervalMs: 60_000, quoting: { enabled: false }, settlement: { enabled: false } });
}

async function call(method: string, route: string, token: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> & { error?: string } }> {
  const res = await fetch(`http://127.0.0.1:${service!.gateway.port}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

interface Entry {
  seq: number;
  timeMs: number;
  actor: number;
  operator: string;
  event: string;
  detail: Record<string, unknown>;
}

describe('named operators and the audit trail', () => {
  it('attributes each change to its operator with real time; survives a restart; revocation takes effect at once', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-operators-'));
    dirs.push(dir);
    service = await startService(configIn(dir), logger);
    const alice = await call('POST', '/operator/operators', ADMIN, { name: 'alice', roles: ['risk'] });
    const bob = await call('POST', '/operator/operators', ADMIN, { name: 'bob', roles: ['risk', 'moderator'] });
    expect(alice.status).toBe(201);
    expect(bob.status).toBe(201);
    const aliceToken = alice.body.token as string;
    const bobToken = bob.body.token as string;
    expect(alice.body.accountId).not.toBe(bob.body.accountId);
    expect((await call('POST', '/operator/operators', ADMIN, { name: 'alice', roles: ['risk'] })).body.error).toBe('OPERATOR_EXISTS');
    expect((await call('POST', '/operator/operators', ADMIN, { name: 'no spaces', roles: ['risk'] })).status).toBe(400);
    // Creating an operator names its roles: none, or one that does not exist, is refused.
    expect((await call('POST', '/operator/operators', ADMIN, { name: 'carol' })).status).toBe(400);
    expect((await call('POST', '/operator/operators', ADMIN, { name: 'carol', roles: [] })).status).toBe(400);
    expect((await call('POST', '/operator/operators', ADMIN, { name: 'carol', roles: ['root'] })).status).toBe(400);

    const before = Date.now();
    expect((await call('PUT', '/operator/params/risk.maxOrderQty', aliceToken, { value: 500 })).status).toBe(200);
    expect((await call('POST', '/operator/series/1/halt', bobToken)).status).toBe(200);
    expect((await call('POST', '/operator/kill', aliceToken, { scope: 'series', targetId: 2, engaged: true })).status).toBe(200);
    const after = Date.now();

    const check = (entries: Entry[]): void => {
      const mine = entries.filter((e) => e.operator === 'alice' || e.operator === 'bob');
      expect(mine.map((e) => [e.operator, e.event])).toEqual([
        ['alice', 'PARAM_CHANGED'],
        ['bob', 'SERIES_STATUS_CHANGED'],
        ['alice', 'KILL_SWITCH_CHANGED'],
      ]);
      expect(mine[0]!.detail).toEqual({ name: 'risk.maxOrderQty', oldValue: 0, newValue: 500 });
      expect(mine[1]!.detail).toEqual({ seriesId: 1, status: 'HALTED' });
      expect(mine[2]!.detail).toEqual({ scope: 'SERIES', targetId: 2, engaged: true });
      for (const e of mine) {
        expect(e.timeMs).toBeGreaterThanOrEqual(before);
        expect(e.timeMs).toBeLessThanOrEqual(after);
        expect(e.actor).toBeGreaterThan(0);
      }
    };
    check((await call('GET', '/operator/audit', ADMIN)).body as unknown as Entry[]);

    // Revoked: refused at the next request, over HTTP and WebSocket; bob works on.
    expect((await call('POST', '/operator/operators/alice/revoke', ADMIN)).status).toBe(200);
    const refused = await call('GET', '/operator/params', aliceToken);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('AUTH_FAILED');
    const login = await TradingClient.connect(`ws://127.0.0.1:${service.gateway.port}/v1/trade`, { operatorToken: aliceToken }).then(
      async (c) => {
        await c.close();
        return 'accepted';
      },
      (e: unknown) => String(e),
    );
    expect(login).toMatch(/AUTH_FAILED|operator credential refused/);
    const bobSession = await TradingClient.connect(`ws://127.0.0.1:${service.gateway.port}/v1/trade`, { operatorToken: bobToken });
    expect(bobSession.accountId).toBe(bob.body.accountId);
    await bobSession.close();
    expect((await call('GET', '/operator/params', bobToken)).status).toBe(200);

    // A restart: the trail comes back from disk, names and times intact; the revocation holds.
    await service.stop();
    service = await startService(configIn(dir), logger);
    check((await call('GET', '/operator/audit?from=1&limit=1000', ADMIN)).body as unknown as Entry[]);
    expect((await call('GET', '/operator/params', aliceToken)).status).toBe(401);
    const list = (await call('GET', '/operator/operators', ADMIN)).body as unknown as Array<{ name: string; roles: string[]; revokedAtMs?: number }>;
    expect(list.map((o) => [o.name, o.roles, o.revokedAtMs !== undefined])).toEqual([
      ['admin', ['admin', 'moderator', 'risk'], false],
      ['alice', ['risk'], true],
      ['bob', ['moderator', 'risk'], false],
    ]);
    expect((await call('GET', '/operator/audit?limit=abc', ADMIN)).status).toBe(400);
  });

  it('serves the broker\'s exposure against its limits', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-exposure-'));
    dirs.push(dir);
    service = await startService(configIn(dir), logger);
    await call('PUT', '/operator/params/risk.brokerMaxLongSeries', ADMIN, { value: 200 });
    await call('PUT', '/operator/params/risk.brokerMaxForwardShort', ADMIN, { value: 300 });
    await call('PUT', '/operator/params/risk.brokerMaxForwardShortWindow', ADMIN, { value: 900 });
    const res = await call('GET', '/operator/exposure', ADMIN);
    expect(res.status).toBe(200);
    const report = res.body as unknown as { brokerAccountId: number; series: Array<{ seriesId: number; status: string; long: number; limit: number; usedPct: number | null }>; windows: Array<{ group: string; limit: number }> };
    expect(report.brokerAccountId).toBe(service.engine.brokerId);
    expect(report.series.length).toBeGreaterThan(0);
    expect(report.series[0]).toMatchObject({ status: 'TRADING', long: 0, limit: 200, usedPct: 0 });
    expect(report.windows.map((w) => w.group)).toContain('AUTO_INTENT|7D');
    expect(report.windows[0]!.limit).toBe(0);
    // Forwards: the broker's short against its shipped limits, escrow and collateral (docs/forwards.md).
    const forward = (report.series as Array<{ kind?: string; forward?: { short: number; shortLimit: number } }>).find((s) => s.kind === 'FORWARD');
    expect(forward?.forward).toMatchObject({ short: 0, shortLimit: 300 });
    expect(report.windows.find((w) => w.group === 'AUTO_INTENT|7D forward')).toMatchObject({ shortLimit: 900 });
  });

  it('a moderator cannot set risk parameters or create operators; a risk operator cannot publish a listing; nothing changes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-roles-'));
    dirs.push(dir);
    service = await startService(configIn(dir), logger);
    const mod = (await call('POST', '/operator/operators', ADMIN, { name: 'mona', roles: ['moderator'] })).body;
    const risk = (await call('POST', '/operator/operators', ADMIN, { name: 'rick', roles: ['risk'] })).body;
    expect(mod.roles).toEqual(['moderator']);
    expect(risk.roles).toEqual(['risk']);
    const modToken = mod.token as string;
    const riskToken = risk.token as string;
    const seqBefore = service.engine.lastSeq;

    // The moderator: no parameters, halts, kill switches or MMP resets; no operators (not even the list).
    const forbidden = async (method: string, route: string, token: string, body?: unknown): Promise<void> => {
      const r = await call(method, route, token, body);
      expect([route, r.status, r.body.error]).toEqual([route, 403, 'FORBIDDEN_ROLE']);
    };
    await forbidden('PUT', '/operator/params/risk.maxOrderQty', modToken, { value: 1 });
    await forbidden('POST', '/operator/params', modToken, { name: 'risk.maxOrderQty', value: 1 });
    await forbidden('POST', '/operator/series/1/halt', modToken);
    await forbidden('POST', '/operator/kill', modToken, { scope: 'global', engaged: true });
    await forbidden('POST', '/operator/mmp/1/reset', modToken);
    await forbidden('POST', '/operator/operators', modToken, { name: 'mallory', roles: ['admin'] });
    await forbidden('GET', '/operator/operators', modToken);
    await forbidden('POST', '/operator/operators/rick/revoke', modToken);
    // Nothing changed: no command reached the engine, no operator was added or revoked.
    expect(service.engine.lastSeq).toBe(seqBefore);
    expect(service.engine.risk.maxOrderQty).toBe(0);
    expect(service.engine.killAll).toBe(false);
    expect(service.credentials.list().map((o) => o.name)).toEqual(['admin', 'mona', 'rick']);
    expect(service.credentials.rolesOf('rick')).toEqual(['risk']);
    // Reads stay open to every operator.
    expect((await call('GET', '/operator/params', modToken)).status).toBe(200);

    // The risk operator: parameters yes, the catalog's moderation no.
    const opened = await service.sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '0x' + '6b'.repeat(20) });
    const provider = opened.events.find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
    const listing = await service.catalog.create(provider, listingInput({}, csv(20)));
    service.catalog.submit(listing.id, provider);
    await forbidden('POST', `/operator/listings/${listing.id}/publish`, riskToken);
    await forbidden('POST', `/operator/listings/${listing.id}/reject`, riskToken, { reason: 'no' });
    await forbidden('POST', `/operator/operators`, riskToken, { name: 'mallory', roles: ['admin'] });
    expect(service.catalog.get(listing.id).status).toBe('submitted');
    expect((await call('PUT', '/operator/params/risk.maxOrderQty', riskToken, { value: 9 })).status).toBe(200);
    expect(service.engine.risk.maxOrderQty).toBe(9);
    // The moderator publishes it.
    expect((await call('POST', `/operator/listings/${listing.id}/publish`, modToken)).status).toBe(200);
    expect(service.catalog.get(listing.id).status).toBe('published');

    // An order-entry session may mass-cancel any account: a moderator cannot open one.
    const modLogin = await TradingClient.connect(`ws://127.0.0.1:${service.gateway.port}/v1/trade`, { operatorToken: modToken }).then(
      async (c) => {
        await c.close();
        return 'accepted';
      },
      (e: unknown) => String(e),
    );
    expect(modLogin).toMatch(/NOT_PERMITTED|lacks the risk role/);
  });

  it("closes a revoked operator's open WebSocket session at once", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-revoke-'));
    dirs.push(dir);
    service = await startService(configIn(dir), logger);
    const rick = (await call('POST', '/operator/operators', ADMIN, { name: 'rick', roles: ['risk'] })).body;
    const session = await TradingClient.connect(`ws://127.0.0.1:${service.gateway.port}/v1/trade`, { operatorToken: rick.token as string });
    expect(session.accountId).toBe(rick.accountId);
    const closed = new Promise<PatxConnectionClosedError>((resolve) => (session.socket.onClose = resolve));
    // Still an operator session: it answers.
    expect(Number((await session.account()).accountId)).toBe(rick.accountId);
    expect((await call('POST', '/operator/operators/rick/revoke', ADMIN)).status).toBe(200);
    const reason = await closed;
    expect(reason.message).toMatch(/revoked/);
    expect(session.socket.closed).toBeDefined();
    await session.close();
  });

  it('loads an operators.json from before roles: those operators hold moderator and risk, not admin', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-legacy-ops-'));
    dirs.push(dir);
    service = await startService(configIn(dir), logger);
    const added = (await call('POST', '/operator/operators', ADMIN, { name: 'olga', roles: ['risk'] })).body;
    await service.stop();
    service = undefined;
    // The file as the service wrote it before roles: the same record without them.
    const { createHash } = await import('node:crypto');
    const record = { name: 'olga', accountId: added.accountId, tokenSha256: createHash('sha256').update(added.token as string).digest('hex'), createdAtMs: 1 };
    writeFileSync(path.join(dir, 'operators.json'), JSON.stringify([record]));
    service = await startService(configIn(dir), logger);
    expect(service.credentials.rolesOf('olga')).toEqual(['moderator', 'risk']);
    const token = added.token as string;
    expect((await call('PUT', '/operator/params/risk.maxOrderQty', token, { value: 3 })).status).toBe(200);
    expect((await call('POST', '/operator/operators', token, { name: 'x', roles: ['risk'] })).body.error).toBe('FORBIDDEN_ROLE');
  });
});
