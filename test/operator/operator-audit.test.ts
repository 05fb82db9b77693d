/**
 * Operators' own actions that journal nothing are in the audit trail (an outside audit: creating
 * an operator, even an admin, and revoking one left no record of who did it, and an operator's
 * alarm clear was written as if its source had cleared it). `GET /operator/audit` shows
 * OPERATOR_ADDED and OPERATOR_REVOKED naming the acting operator, the target and its roles, and
 * ALARM_CLEARED naming the operator; the alarm history's clear says `byOperator`; operators.json
 * keeps `createdBy` and `revokedBy`. Reading on from the last seq + 1 misses none of them. They are
 * journaled (NOTE_OPERATOR_ACTION): a trail rebuilt from the journal alone, as a standby's or a
 * restored node's is, holds the same entries (they were this node's alone before).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../src/operator/audit-trail.js';
import { OPERATOR_TOKEN, startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;

beforeAll(async () => {
  fx = await startGatewayFixture();
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

async function operator(method: string, path: string, body?: unknown, token = OPERATOR_TOKEN): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${fx.httpUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: await res.json() };
}

interface Entry { seq: number; note?: number; event: string; detail: Record<string, unknown>; operator: string; actor: number }

async function auditFrom(from: number, limit: number): Promise<Entry[]> {
  return (await operator('GET', `/operator/audit?from=${from}&limit=${limit}`)).body as Entry[];
}

const NOTED = new Set(['OPERATOR_ADDED', 'OPERATOR_REVOKED', 'ALARM_CLEARED']);

/** The operators' entries of a trail derived from the service's journal alone, in a directory of its own (as a standby's or a restored node's). */
async function rebuiltFromJournal(): Promise<Omit<Entry, 'operator'>[]> {
  const dir = mkdtempSync(join(tmpdir(), 'patx-audit-rebuilt-'));
  const trail = AuditTrail.open(dir, fx.service.journal);
  try {
    return trail.page(1, 10_000).filter((e) => NOTED.has(e.event));
  } finally {
    await trail.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function withoutOperator(entries: Entry[]): Omit<Entry, 'operator'>[] {
  return entries.filter((e) => NOTED.has(e.event)).map(({ operator: _operator, ...e }) => e);
}

describe('operator management in the audit trail', () => {
  it('creating an admin operator and revoking it are audited with who did it, the target and its roles', async () => {
    const before = (await auditFrom(1, 1000)).length;
    expect((await operator('POST', '/operator/operators', { name: 'audit-new-admin', roles: ['admin'] })).status).toBe(201);
    const created = (await operator('POST', '/operator/operators', { name: 'audit-second', roles: ['viewer', 'risk'] })).body as { token: string };
    // An operator without the admin role cannot revoke: refused, nothing audited.
    expect((await operator('POST', '/operator/operators/audit-new-admin/revoke', {}, created.token)).status).toBe(403);
    // An admin created by another admin: the entry names who acted.
    const third = (await operator('POST', '/operator/operators', { name: 'audit-third', roles: ['admin'] })).body as { token: string };
    expect((await operator('POST', '/operator/operators/audit-new-admin/revoke', {}, third.token)).status).toBe(200);
    const audit = await auditFrom(1, 1000);
    expect(audit.length).toBe(before + 4);
    const mentions = audit.filter((e) => JSON.stringify(e.detail).includes('audit-new-admin'));
    expect(mentions.map((e) => [e.event, e.operator, e.detail.name, e.detail.roles, e.detail.by])).toEqual([
      ['OPERATOR_ADDED', 'admin', 'audit-new-admin', ['admin'], 'admin'],
      ['OPERATOR_REVOKED', 'audit-third', 'audit-new-admin', ['admin'], 'audit-third'],
    ]);
    expect(audit.find((e) => e.detail.name === 'audit-second')).toMatchObject({ event: 'OPERATOR_ADDED', detail: { roles: ['risk', 'viewer'], by: 'admin' } });
    expect(mentions[0]!.actor).toBeGreaterThan(0);
    // operators.json keeps who created and who revoked.
    const listed = (await operator('GET', '/operator/operators')).body as { name: string; createdBy?: string; revokedBy?: string }[];
    expect(listed.find((o) => o.name === 'audit-new-admin')).toMatchObject({ createdBy: 'admin', revokedBy: 'audit-third' });
    // Paged one entry at a time from seq + 1, as the console and the CLI read on: every entry is read once.
    const paged: Entry[] = [];
    for (let from = 1, guard = 0; guard < 2000; guard++) {
      const page = await auditFrom(from, 1);
      if (page.length === 0) break;
      paged.push(...page);
      from = page[page.length - 1]!.seq + 1;
    }
    expect(paged).toEqual(audit);
    // Journaled: a trail rebuilt from the journal alone holds the same entries.
    expect(await rebuiltFromJournal()).toEqual(withoutOperator(audit));
  }, 60_000);

  it('an operator\'s alarm clear names the operator in the audit trail and the alarm history', async () => {
    fx.service.alarms.raise('replication-tail-set-aside', { subject: 'set-aside-1.jsonl', summary: 'a tail set aside' });
    const cleared = await operator('POST', '/operator/alarms/clear', { name: 'replication-tail-set-aside', subject: 'set-aside-1.jsonl' });
    expect(cleared.status).toBe(200);
    const audit = await auditFrom(1, 1000);
    expect(audit.filter((e) => e.event === 'ALARM_CLEARED')).toEqual([
      expect.objectContaining({ operator: 'admin', detail: expect.objectContaining({ name: 'replication-tail-set-aside', subject: 'set-aside-1.jsonl', severity: 'critical', by: 'admin' }) }),
    ]);
    expect(fx.service.alarms.get('replication-tail-set-aside', 'set-aside-1.jsonl')).toMatchObject({ active: false, clearedByOperator: 'admin' });
    const history = (await operator('GET', '/operator/alarms/history?limit=10')).body as { events: { kind: string; name: string; byOperator?: string }[] };
    expect(history.events.find((e) => e.kind === 'cleared' && e.name === 'replication-tail-set-aside')).toMatchObject({ byOperator: 'admin' });
    const rebuilt = await rebuiltFromJournal();
    expect(rebuilt.filter((e) => e.event === 'ALARM_CLEARED')).toEqual(withoutOperator(audit).filter((e) => e.event === 'ALARM_CLEARED'));
    expect(rebuilt.filter((e) => e.event === 'ALARM_CLEARED')).toHaveLength(1);
  }, 60_000);
});
