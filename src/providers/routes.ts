/**
 * The operator's provider-identity routes, under the operator API (`/operator/providers…`;
 * docs/providers.md):
 *
 *   GET  /operator/providers                     every provider: account, wallet, verified, payouts held (any operator)
 *   GET  /operator/providers/audit?from=&limit=&account=
 *                                                the identity audit: who, when, what, why; the values
 *                                                changed only to the risk role, field names to the others
 *   GET  /operator/providers/{id}                the record and its history (risk)
 *   POST /operator/providers/{id}/verify {legalName, jurisdiction, payoutAddress, kycReference, reason?}   (risk)
 *   POST /operator/providers/{id}/update {reason, …fields to change}                                        (risk)
 *   POST /operator/providers/{id}/revoke {reason}                                                          (risk)
 *
 * The roles are checked by the operator API (`requiredRole`). Verify and revoke store the
 * record first, then journal SET_PROVIDER_VERIFIED as the operator's account; a refusal by
 * the engine undoes the store's write. A crash between the two leaves the store ahead of the
 * engine, and `syncVerification` at the next start sends what differs, so a revocation is
 * never lost (the engine then never pays a provider the store says is revoked).
 */
import { z } from 'zod';
import { CommandKind, DiskLowError, EventType, rejectReasonName, Role, SYSTEM_ACTOR, type Engine, type Sequencer } from '../engine/index.js';
import { IDENTITY_FIELDS, type IdentityAuditEntry, type IdentityFields, type IdentityStore, type ProviderIdentity } from './identity-store.js';

export interface ProviderIdentityDeps {
  store: IdentityStore;
  engine: Engine;
  sequencer: Sequencer;
  /** Wall clock for the record's times (the engine's event carries the sequencer's). */
  clock: () => number;
}

export interface ProviderIdentityRequest {
  method: string;
  path: string;
  body: unknown;
  query: URLSearchParams;
  operator: string;
  /** Whether the caller may read the private fields (the risk role). */
  mayReadPrivate: boolean;
  /** The operator's engine account (throws the operator API's error when it has none). */
  actor: () => number;
}

export interface ProviderIdentityResponse {
  status: number;
  body: unknown;
}

class IdentityError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

// Printable text: no control characters (they would reach logs and the console as they are).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const JURISDICTION = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const LIMITS = { legalName: 200, jurisdiction: 6, payoutAddress: 42, kycReference: 128, reason: 500 } as const;

const text = z.string();
export const verifySchema = z.object({ legalName: text, jurisdiction: text, payoutAddress: text, kycReference: text, reason: text.optional() }).strict().meta({ id: 'ProviderIdentity', description: 'legalName (≤ 200), jurisdiction (ISO 3166-1 alpha-2, optionally a subdivision), payoutAddress (the provider\'s own wallet), kycReference (≤ 128), reason (optional)' });
export const updateSchema = z.object({ legalName: text.optional(), jurisdiction: text.optional(), payoutAddress: text.optional(), kycReference: text.optional(), reason: text }).strict().meta({ id: 'ProviderIdentityChange' });
export const revokeSchema = z.object({ reason: text }).strict().meta({ id: 'ProviderRevocation' });

/** Routes `/operator/providers…`; undefined for any other path. */
export function providerIdentityRoute(deps: ProviderIdentityDeps, req: ProviderIdentityRequest): Promise<ProviderIdentityResponse> | undefined {
  const parts = req.path.split('/').filter((p) => p !== '');
  if (parts[0] === 'operator') parts.shift();
  if (parts[0] !== 'providers') return undefined;
  return handle(deps, req, parts.slice(1)).catch((error: unknown) => {
    if (error instanceof IdentityError) return { status: error.status, body: { error: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } };
    if (error instanceof DiskLowError) return { status: 507, body: { error: 'DISK_LOW', message: error.message } };
    throw error;
  });
}

async function handle(deps: ProviderIdentityDeps, req: ProviderIdentityRequest, [id, action, ...rest]: string[]): Promise<ProviderIdentityResponse> {
  const method = req.method.toUpperCase();
  if (rest.length > 0) throw new IdentityError(404, 'NOT_FOUND', `no route ${method} ${req.path}`);
  if (method === 'GET' && id === undefined) return ok(providerList(deps));
  if (method === 'GET' && id === 'audit' && action === undefined) return ok(auditPage(deps, req));
  if (id === undefined) throw new IdentityError(404, 'NOT_FOUND', `no route ${method} ${req.path}`);
  const accountId = accountIdOf(id);
  if (method === 'GET' && action === undefined) {
    provider(deps.engine, accountId);
    const record = deps.store.get(accountId);
    return ok({ accountId, verified: deps.engine.account(accountId)!.verified, identity: record ?? null, history: deps.store.audit(1, 1_000, accountId) });
  }
  if (method !== 'POST') throw new IdentityError(404, 'NOT_FOUND', `no route ${method} ${req.path}`);
  if (action === 'verify') return deps.store.exclusive(() => verify(deps, req, accountId));
  if (action === 'update') return deps.store.exclusive(() => update(deps, req, accountId));
  if (action === 'revoke') return deps.store.exclusive(() => revoke(deps, req, accountId));
  throw new IdentityError(404, 'NOT_FOUND', `no route ${method} ${req.path}`);
}

function providerList(deps: ProviderIdentityDeps): object[] {
  const out: object[] = [];
  for (const a of deps.engine.accounts) {
    if (a === undefined || a.role !== Role.PROVIDER) continue;
    const record = deps.store.get(a.id);
    out.push({
      accountId: a.id,
      address: a.address,
      verified: a.verified,
      verifiedAtMs: a.verified ? (record?.verifiedAtMs ?? null) : null,
      payoutsHeld: payoutsHeld(deps.engine, a.id),
    });
  }
  return out;
}

/** Whether the engine holds this provider's withdrawals now. */
export function payoutsHeld(engine: Engine, accountId: number): boolean {
  const a = engine.account(accountId);
  return a !== undefined && a.role === Role.PROVIDER && !a.verified && engine.risk.payoutRequiresVerification === 1;
}

function auditPage(deps: ProviderIdentityDeps, req: ProviderIdentityRequest): object[] {
  const from = queryInt(req.query, 'from', 1);
  const limit = Math.min(queryInt(req.query, 'limit', 100), 1_000);
  const account = req.query.get('account');
  const rows = deps.store.audit(Math.max(from, 1), Math.max(limit, 1), account === null ? undefined : accountIdOf(account));
  // Other roles see that a field changed, not what it holds.
  return req.mayReadPrivate ? rows : rows.map((r) => ({ ...r, changes: r.changes.map((c) => ({ field: c.field })) }));
}

async function verify(deps: ProviderIdentityDeps, req: ProviderIdentityRequest, accountId: number): Promise<ProviderIdentityResponse> {
  const body = parse(verifySchema, req.body);
  const account = provider(deps.engine, accountId);
  const fields = checkedFields(body, account.address);
  // A reason is optional on a verification (the KYC case says why); empty is none.
  const reason = body.reason === undefined || body.reason.trim() === '' ? '' : checkedText('reason', body.reason, true);
  const previous = deps.store.get(accountId);
  if (account.verified && previous?.verified === true) throw new IdentityError(409, 'ALREADY_VERIFIED', `provider ${accountId} is verified; change its record with POST /operator/providers/${accountId}/update`);
  const now = deps.clock();
  const record: ProviderIdentity = { accountId, ...fields, verified: true, verifiedAtMs: now, verifiedBy: req.operator, updatedAtMs: now, updatedBy: req.operator };
  const row = deps.store.write(record, { atMs: now, operator: req.operator, accountId, action: 'verify', reason, changes: changesOf(previous, fields) });
  // Verified in the engine with no record on this node (a standby's new store): the record is all that is missing.
  if (!account.verified) await journal(deps, req.actor(), accountId, true, row, previous);
  return ok({ identity: record, audit: row });
}

async function update(deps: ProviderIdentityDeps, req: ProviderIdentityRequest, accountId: number): Promise<ProviderIdentityResponse> {
  const body = parse(updateSchema, req.body);
  const account = provider(deps.engine, accountId);
  const reason = checkedText('reason', body.reason, true);
  const previous = deps.store.get(accountId);
  if (!account.verified || previous === undefined || !previous.verified) throw new IdentityError(409, 'NOT_VERIFIED', `provider ${accountId} is not verified: verify it first`);
  const given: Partial<IdentityFields> = {};
  for (const f of IDENTITY_FIELDS) if (body[f] !== undefined) given[f] = body[f];
  const fields = checkedFields({ ...previous, ...given }, account.address);
  const changes = changesOf(previous, fields);
  if (changes.length === 0) throw new IdentityError(400, 'NOTHING_TO_CHANGE', 'the update changes no field');
  const now = deps.clock();
  const record: ProviderIdentity = { ...previous, ...fields, updatedAtMs: now, updatedBy: req.operator };
  // The flag does not change: nothing for the engine.
  const row = deps.store.write(record, { atMs: now, operator: req.operator, accountId, action: 'update', reason, changes });
  return ok({ identity: record, audit: row });
}

async function revoke(deps: ProviderIdentityDeps, req: ProviderIdentityRequest, accountId: number): Promise<ProviderIdentityResponse> {
  const body = parse(revokeSchema, req.body);
  const account = provider(deps.engine, accountId);
  const reason = checkedText('reason', body.reason, true);
  const previous = deps.store.get(accountId);
  if (!account.verified || previous === undefined) throw new IdentityError(409, 'NOT_VERIFIED', `provider ${accountId} is not verified`);
  const now = deps.clock();
  // The fields stay (what was verified, for the file); the record says it no longer holds.
  const record: ProviderIdentity = { ...previous, verified: false, updatedAtMs: now, updatedBy: req.operator, revokedAtMs: now, revokedBy: req.operator, revokeReason: reason };
  const row = deps.store.write(record, { atMs: now, operator: req.operator, accountId, action: 'revoke', reason, changes: [] });
  await journal(deps, req.actor(), accountId, false, row, previous);
  return ok({ identity: record, audit: row });
}

/** Journals the flag as the operator; a refusal (or a command not taken) undoes the store's write. */
async function journal(deps: ProviderIdentityDeps, actor: number, accountId: number, verified: boolean, row: IdentityAuditEntry, previous: ProviderIdentity | undefined): Promise<void> {
  let result;
  try {
    result = await deps.sequencer.submit({ kind: CommandKind.SET_PROVIDER_VERIFIED, actor, accountId, verified });
  } catch (error) {
    deps.store.undo(row, previous);
    if (error instanceof DiskLowError) throw error;
    throw new IdentityError(503, 'SEQUENCER_UNAVAILABLE', (error as Error).message);
  }
  const refused = result.events.find((e) => e.type === EventType.COMMAND_REJECTED);
  if (refused !== undefined) {
    deps.store.undo(row, previous);
    const reason = rejectReasonName(refused.reason);
    throw new IdentityError(409, reason, `refused by the engine: ${reason}`);
  }
}

/**
 * At start: tells the engine what the store says of each recorded provider, where they differ
 * (a verification or revocation stored just before a crash). A provider verified in the engine
 * with no record here is only reported: this node's store may be new (a standby's), and
 * revoking on its word would hold a provider the operator verified. Returns the changes sent.
 */
export async function syncVerification(deps: Pick<ProviderIdentityDeps, 'store' | 'engine' | 'sequencer'>): Promise<{ sent: number; unrecorded: number[] }> {
  let sent = 0;
  for (const record of deps.store.all()) {
    const a = deps.engine.account(record.accountId);
    if (a === undefined || a.role !== Role.PROVIDER || a.verified === record.verified) continue;
    await deps.sequencer.submit({ kind: CommandKind.SET_PROVIDER_VERIFIED, actor: SYSTEM_ACTOR, accountId: record.accountId, verified: record.verified });
    sent++;
  }
  const unrecorded = deps.engine.accounts.filter((a) => a?.verified === true && deps.store.get(a.id) === undefined).map((a) => a!.id);
  return { sent, unrecorded };
}

function provider(engine: Engine, accountId: number) {
  const account = engine.account(accountId);
  if (account === undefined) throw new IdentityError(404, 'UNKNOWN_ACCOUNT', `no account ${accountId}`, { accountId });
  if (account.role !== Role.PROVIDER) throw new IdentityError(409, 'NOT_A_PROVIDER', `account ${accountId} is not a provider`, { accountId });
  return account;
}

function checkedFields(body: IdentityFields, wallet: string): IdentityFields {
  const legalName = checkedText('legalName', body.legalName);
  const jurisdiction = checkedText('jurisdiction', body.jurisdiction).toUpperCase();
  if (!JURISDICTION.test(jurisdiction)) throw new IdentityError(400, 'INVALID_JURISDICTION', `jurisdiction: an ISO 3166-1 alpha-2 code, optionally with a subdivision ('DE', 'US-DE'), got '${jurisdiction}'`, { field: 'jurisdiction' });
  const address = checkedText('payoutAddress', body.payoutAddress);
  if (!ADDRESS.test(address)) throw new IdentityError(400, 'INVALID_PAYOUT_ADDRESS', `payoutAddress: 0x and 40 hex digits, got '${address}'`, { field: 'payoutAddress' });
  const payoutAddress = address.toLowerCase();
  // The vault pays a withdrawal from and to the account's own address (PATXVault.settleBatch): no other address can be paid.
  if (payoutAddress !== wallet) throw new IdentityError(409, 'PAYOUT_ADDRESS_NOT_WALLET', `payoutAddress must be the provider's own wallet ${wallet}: the vault pays withdrawals to the account's address only`, { field: 'payoutAddress', wallet });
  return { legalName, jurisdiction, payoutAddress, kycReference: checkedText('kycReference', body.kycReference) };
}

function checkedText(field: keyof typeof LIMITS, value: string, reason = false): string {
  const v = value.trim();
  if (v === '') throw new IdentityError(400, reason ? 'REASON_REQUIRED' : 'EMPTY_FIELD', `${field}: required, not empty`, { field });
  if (v.length > LIMITS[field]) throw new IdentityError(400, 'FIELD_TOO_LONG', `${field}: at most ${LIMITS[field]} characters`, { field, limit: LIMITS[field] });
  if (CONTROL.test(v)) throw new IdentityError(400, 'CONTROL_CHARACTER', `${field}: control characters are not allowed`, { field });
  return v;
}

function changesOf(previous: IdentityFields | undefined, next: IdentityFields): IdentityAuditEntry['changes'] {
  const out: IdentityAuditEntry['changes'] = [];
  for (const f of IDENTITY_FIELDS) if (previous?.[f] !== next[f]) out.push({ field: f, from: previous?.[f] ?? null, to: next[f] });
  return out;
}

function accountIdOf(text: string): number {
  const n = Number(text);
  if (!/^[0-9]{1,15}$/.test(text) || n <= 0) throw new IdentityError(400, 'INVALID_REQUEST', `account id must be a positive integer, got '${text}'`);
  return n;
}

function queryInt(query: URLSearchParams, name: string, fallback: number): number {
  const t = query.get(name);
  if (t === null) return fallback;
  if (!/^[0-9]{1,15}$/.test(t)) throw new IdentityError(400, 'INVALID_REQUEST', `${name} must be a whole number, got '${t}'`);
  return Number(t);
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success) throw new IdentityError(400, 'INVALID_REQUEST', z.prettifyError(r.error), { issues: r.error.issues });
  return r.data;
}

function ok(body: unknown): ProviderIdentityResponse {
  return { status: 200, body };
}
