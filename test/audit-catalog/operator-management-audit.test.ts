/**
 * Audit (outside review, helper C): operators' own actions are bounded by "roles and the audit
 * trail" (docs/security.md, "Threat model"). Creating an operator (even one with the admin
 * role) and revoking one are not in it: `POST /operator/operators` and
 * `POST /operator/operators/{name}/revoke` (src/operator/api.ts, addOperator and the revoke
 * route) write operators.json (createdAtMs / revokedAtMs, never by whom), journal only an
 * anonymous OPEN_ACCOUNT by the system actor, log nothing, and `GET /operator/audit` shows no
 * entry for either. On a running service, after three operators were created and one revoked
 * and a new admin created with the bootstrap token, /operator/audit held 29 entries, none about
 * them (RULES_ADOPTED, PARAM_CHANGED, USAGE_LISTING_SET, PROVIDER_VERIFIED,
 * SERIES_STATUS_CHANGED only).
 *
 * DEFECT: granting and revoking operator credentials leaves no audit record of who did it.
 * Marked it.fails until the audit trail names them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_TOKEN, startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;

beforeAll(async () => {
  fx = await startGatewayFixture();
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

async function operator(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${fx.httpUrl}${path}`, { method, headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: await res.json() };
}

describe('operator management in the audit trail (audit)', () => {
  // DEFECT: POST /operator/operators (an admin created) and its revocation leave no entry in GET /operator/audit.
  it.fails('creating an admin operator and revoking it are audited with who did it', async () => {
    expect((await operator('POST', '/operator/operators', { name: 'audit-new-admin', roles: ['admin'] })).status).toBe(201);
    expect((await operator('POST', '/operator/operators/audit-new-admin/revoke', {})).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const audit = (await operator('GET', '/operator/audit?limit=1000')).body as { event: string; detail: Record<string, unknown>; operator: string }[];
    const mentions = audit.filter((e) => JSON.stringify(e.detail).includes('audit-new-admin'));
    expect(mentions.length).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
