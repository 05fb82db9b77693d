/**
 * The operator's provider-identity routes, under the operator API (`/operator/providers…`;
 * docs/providers.md):
 *
 *   GET  /operator/providers                     every provider: account, wallet, verified, payouts held (any operator)
 *   GET  /operator/providers/audit?from=&limit=&account=
 *                                                the identity audit: who, when, what, why; the values
 *                                                changed only to the risk role, field names to the others
 *   GET  /operator/providers/{id}                the record and its history (risk)
 *   POST /operator/providers/{id}/verify {legalName, jurisdiction, payoutAddress, kycReference, payee?, reason?}   (risk)
 *   POST /operator/providers/{id}/update {reason, …fields to change, payee?}                                       (risk)
 *   POST /operator/providers/{id}/revoke {reason}                                                                  (risk)
 *   POST /operator/providers/{id}/screening {status, note, reference?}                                             (risk)
 *
 * The roles are checked by the operator API (`requiredRole`). The engine's flag is what
 * holds payouts, so it says `payable(record)`: verified, and no flagged or rejected
 * screening. A change that moves it (verify, revoke, a screening that holds or releases)
 * stores the record first, then journals SET_PROVIDER_VERIFIED as the operator's account; a
 * refusal by the engine undoes the store's write. A crash between the two leaves the store
 * ahead of the engine, and `syncVerification` at the next start sends what differs, so a
 * revocation or a hold is never lost (the engine then never pays a provider the store holds).
 * Under rules 19 a screening that holds also freezes the provider's payouts whole
 * (SET_PAYOUTS_FROZEN): an unverified provider may otherwise withdraw its own deposits.
 * Every change is answered once the catalog stream holds it (replicated groups), so a
 * failover keeps what an operator was told was stored.
 */
import { getAddress } from 'ethers';
import { z } from 'zod';
import { CommandKind, DiskLowError, EventType, OWN_DEPOSIT_RULES, payoutsHeld as heldByEngine, rejectReasonName, Role, SYSTEM_ACTOR, type Engine, type Sequencer } from '../engine/index.js';
import {
  IDENTITY_FIELDS,
  PAYEE_FIELDS,
  PAYEE_TYPES,
  frozen,
  payable,
  SCREENING_STATUSES,
  type IdentityAuditEntry,
  type IdentityFields,
  type IdentityStore,
  type Payee,
  type ProviderIdentity,
  type Screening,
} from './identity-store.js';

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
const COUNTRY = /^[A-Z]{2}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
// A TIN or VAT id as issued: letters, digits and the separators tax offices print.
const TAX_ID = /^[A-Za-z0-9][A-Za-z0-9 .\/-]*$/;
const LIMITS = { legalName: 200, jurisdiction: 6, payoutAddress: 42, kycReference: 128, reason: 500, 'payee.name': 200, 'payee.taxResidence': 8, 'payee.taxId': 64, 'payee.address': 300, note: 500, reference: 128 } as const;

const text = z.string();
export const payeeSchema = z
  .object({ name: text, type: z.enum(PAYEE_TYPES), taxResidence: text, taxId: text, address: text })
  .strict()
  .meta({ id: 'ProviderPayee', description: 'who the payouts are paid to and reported for: name (≤ 200), type (individual | business), taxResidence (ISO 3166-1 alpha-2), taxId (TIN or VAT id, ≤ 64), address (postal, ≤ 300)' });
export const verifySchema = z.object({ legalName: text, jurisdiction: text, payoutAddress: text, kycReference: text, payee: payeeSchema.optional(), reason: text.optional() }).strict().meta({ id: 'ProviderIdentity', description: 'legalName (≤ 200), jurisdiction (ISO 3166-1 alpha-2, optionally a subdivision), payoutAddress (the provider\'s own wallet; EIP-55 checked when mixed case), kycReference (≤ 128), payee (optional), reason (optional)' });
export const updateSchema = z.object({ legalName: text.optional(), jurisdiction: text.optional(), payoutAddress: text.optional(), kycReference: text.optional(), payee: payeeSchema.optional(), reason: text }).strict().meta({ id: 'ProviderIdentityChange' });
export const revokeSchema = z.object({ reason: text }).strict().meta({ id: 'ProviderRevocation' });
export const screeningSchema = z
  .object({ status: z.enum(SCREENING_STATUSES), note: text, reference: text.optional() })
  .strict()
  .meta({ id: 'ProviderScreening', description: 'status (pending | clear | flagged | rejected; flagged and rejected hold payouts), note (required, ≤ 500), reference (the screening vendor\'s case id, optional, ≤ 128)' });

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
    return ok({ accountId, verified: deps.engine.account(accountId)!.verified, payoutsHeld: payoutsHeld(deps.engine, accountId), identity: record ?? null, history: deps.store.audit(1, 1_000, accountId) });
  }
  if (method !== 'POST') throw new IdentityError(404, 'NOT_FOUND', `no route ${method} ${req.path}`);
  if (action === 'verify') return deps.store.exclusive(() => verify(deps, req, accountId));
  if (action === 'update') return deps.store.exclusive(() => update(deps, req, accountId));
  if (action === 'revoke') return deps.store.exclusive(() => revoke(deps, req, accountId));
  if (action === 'screening') return deps.store.exclusive(() => screen(deps, req, accountId));
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
  return a !== undefined && heldByEngine(a, engine.risk);
}

function auditPage(deps: ProviderIdentityDeps, req: ProviderIdentityRequest): object[] {
  const from = queryInt(req.query, 'from', 1);
  const limit = Math.min(queryInt(req.query, 'limit', 100), 1_000);
  const account = req.query.get('account');
  const rows = deps.store.audit(Math.max(from, 1), Math.max(limit, 1), account === null ? undefined : accountIdOf(account));
  // Other roles see that a field changed, not what it holds; nor a screening's note (it may name a list hit).
  return req.mayReadPrivate ? rows : rows.map((r) => ({ ...r, ...(r.action === 'screen' ? { reason: '' } : {}), changes: r.changes.map((c) => ({ field: c.field })) }));
}

async function verify(deps: ProviderIdentityDeps, req: ProviderIdentityRequest, accountId: number): Promise<ProviderIdentityResponse> {
  const body = parse(verifySchema, req.body);
  const account = provider(deps.engine, accountId);
  const fields = checkedFields(body, account.address);
  const payee = body.payee === undefined ? undefined : checkedPayee(body.payee);
  // A reason is optional on a verification (the KYC case says why); empty is none.
  const reason = body.reason === undefined || body.reason.trim() === '' ? '' : checkedText('reason', body.reason, 'REASON_REQUIRED');
  const previous = deps.store.get(accountId);
  if (previous?.verified === true && account.verified === payable(previous)) throw new IdentityError(409, 'ALREADY_VERIFIED', `provider ${accountId} is verified; change its record with POST /operator/providers/${accountId}/update`);
  const now = deps.clock();
  // A verification again (after a revocation) keeps the screening: a rejected provider stays held.
  const record: ProviderIdentity = {
    accountId,
    ...fields,
    verified: true,
    verifiedAtMs: now,
    verifiedBy: req.operator,
    updatedAtMs: now,
    updatedBy: req.operator,
    payee: payee ?? previous?.payee ?? null,
    screening: previous?.screening ?? { status: 'pending', atMs: now, by: req.operator, note: '' },
  };
  const row = deps.store.write(record, { atMs: now, operator: req.operator, accountId, action: 'verify', reason, changes: [...changesOf(previous, fields), ...payeeChanges(previous?.payee ?? null, record.payee)] });
  // Verified in the engine with no record on this node (a store from before replication): the record is all that is missing.
  if (account.verified !== payable(record)) await journal(deps, req.actor(), accountId, payable(record), row, previous);
  return replicatedOk(deps, { identity: record, audit: row });
}

async function update(deps: ProviderIdentityDeps, req: ProviderIdentityRequest, accountId: number): Promise<ProviderIdentityResponse> {
  const body = parse(updateSchema, req.body);
  const account = provider(deps.engine, accountId);
  const reason = checkedText('reason', body.reason, 'REASON_REQUIRED');
  const previous = deps.store.get(accountId);
  // The record, not the engine's flag: a provider held by its screening is still verified.
  if (previous === undefined || !previous.verified) throw new IdentityError(409, 'NOT_VERIFIED', `provider ${accountId} is not verified: verify it first`);
  const given: Partial<IdentityFields> = {};
  for (const f of IDENTITY_FIELDS) if (body[f] !== undefined) given[f] = body[f];
  const fields = checkedFields({ ...previous, ...given }, account.address);
  const payee = body.payee === undefined ? previous.payee : checkedPayee(body.payee);
  const changes = [...changesOf(previous, fields), ...payeeChanges(previous.payee, payee)];
  if (changes.length === 0) throw new IdentityError(400, 'NOTHING_TO_CHANGE', 'the update changes no field');
  const now = deps.clock();
  const record: ProviderIdentity = { ...previous, ...fields, payee, updatedAtMs: now, updatedBy: req.operator };
  // The flag does not change: nothing for the engine.
  const row = deps.store.write(record, { atMs: now, operator: req.operator, accountId, action: 'update', reason, changes });
  return replicatedOk(deps, { identity: record, audit: row });
}

async function revoke(deps: ProviderIdentityDeps, req: ProviderIdentityRequest, accountId: number): Promise<ProviderIdentityResponse> {
  const body = parse(revokeSchema, req.body);
  const account = provider(deps.engine, accountId);
  const reason = checkedText('reason', body.reason, 'REASON_REQUIRED');
  const previous = deps.store.get(accountId);
  if (previous === undefined || !previous.verified) throw new IdentityError(409, 'NOT_VERIFIED', `provider ${accountId} is not verified`);
  const now = deps.clock();
  // The fields stay (what was verified, for the file); the record says it no longer holds.
  const record: ProviderIdentity = { ...previous, verified: false, updatedAtMs: now, updatedBy: req.operator, revokedAtMs: now, revokedBy: req.operator, revokeReason: reason };
  const row = deps.store.write(record, { atMs: now, operator: req.operator, accountId, action: 'revoke', reason, changes: [] });
  // Held by its screening already, the engine's flag is off: nothing to journal.
  if (account.verified) await journal(deps, req.actor(), accountId, false, row, previous);
  return replicatedOk(deps, { identity: record, audit: row });
}

/**
 * The screening's status as the operator sets it, with a note. Flagged or rejected holds
 * payouts through the engine's flag, as an unverified provider's; clear or pending releases
 * them for a verified provider. Needs a record (screening is part of the file).
 */
async function screen(deps: ProviderIdentityDeps, req: ProviderIdentityRequest, accountId: number): Promise<ProviderIdentityResponse> {
  const body = parse(screeningSchema, req.body);
  const account = provider(deps.engine, accountId);
  const note = checkedText('note', body.note, 'NOTE_REQUIRED');
  const reference = body.reference === undefined || body.reference.trim() === '' ? undefined : checkedText('reference', body.reference);
  const previous = deps.store.get(accountId);
  if (previous === undefined) throw new IdentityError(409, 'NO_IDENTITY_RECORD', `provider ${accountId} has no identity record: verify it first`, { accountId });
  const now = deps.clock();
  const screening: Screening = { status: body.status, atMs: now, by: req.operator, note, ...(reference === undefined ? {} : { reference }) };
  const record: ProviderIdentity = { ...previous, screening, updatedAtMs: now, updatedBy: req.operator };
  // Always named, even unchanged (a periodic re-screening): the statement's held PAT reads the status from these rows.
  const row = deps.store.write(record, { atMs: now, operator: req.operator, accountId, action: 'screen', reason: note, changes: [{ field: 'screening', from: previous.screening.status, to: body.status }] });
  // A hold freezes first, so that no step of it leaves the provider's own deposits free to leave.
  if (freezeDiffers(deps.engine, record)) await journal(deps, req.actor(), accountId, { frozen: frozen(record) }, row, previous);
  if (account.verified !== payable(record)) await journal(deps, req.actor(), accountId, payable(record), row, previous);
  return replicatedOk(deps, { identity: record, audit: row, payoutsHeld: payoutsHeld(deps.engine, accountId) });
}

/** Answers once the write is held by the catalog stream (at once when not replicated). */
async function replicatedOk(deps: ProviderIdentityDeps, body: unknown): Promise<ProviderIdentityResponse> {
  try {
    await deps.store.replicated();
  } catch (error) {
    throw new IdentityError(503, 'NOT_REPLICATED', `stored on this node, not replicated (it no longer leads?): ${(error as Error).message}`);
  }
  return ok(body);
}

/**
 * Whether the record's screening freezes payouts whole, own deposits included (rules 19; a screening hit: docs/providers.md,
 * "Held payouts"), where the engine says otherwise. Under rules 0–18 the engine has no such freeze: nothing can differ.
 */
function freezeDiffers(engine: Engine, record: ProviderIdentity): boolean {
  const a = engine.account(record.accountId);
  return engine.rulesVersion >= OWN_DEPOSIT_RULES && a !== undefined && a.payoutsFrozen !== frozen(record);
}

/**
 * Journals the flag (`verified`, or `{frozen}`: SET_PAYOUTS_FROZEN) as the operator; a refusal (or a command not taken)
 * undoes the store's write.
 */
async function journal(deps: ProviderIdentityDeps, actor: number, accountId: number, flag: boolean | { frozen: boolean }, row: IdentityAuditEntry, previous: ProviderIdentity | undefined): Promise<void> {
  let result;
  try {
    result = await deps.sequencer.submit(
      typeof flag === 'boolean' ? { kind: CommandKind.SET_PROVIDER_VERIFIED, actor, accountId, verified: flag } : { kind: CommandKind.SET_PAYOUTS_FROZEN, actor, accountId, frozen: flag.frozen },
    );
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
 * At start: tells the engine what the store says of each recorded provider (`payable`), where
 * they differ (a verification, revocation or screening stored just before a crash). A provider verified in the engine
 * with no record here is only reported: this node's store may be new (a standby's), and
 * revoking on its word would hold a provider the operator verified. Returns the changes sent.
 */
export async function syncVerification(deps: Pick<ProviderIdentityDeps, 'store' | 'engine' | 'sequencer'>): Promise<{ sent: number; unrecorded: number[] }> {
  let sent = 0;
  for (const record of deps.store.all()) {
    const a = deps.engine.account(record.accountId);
    if (a === undefined || a.role !== Role.PROVIDER) continue;
    if (freezeDiffers(deps.engine, record)) {
      await deps.sequencer.submit({ kind: CommandKind.SET_PAYOUTS_FROZEN, actor: SYSTEM_ACTOR, accountId: record.accountId, frozen: frozen(record) });
      sent++;
    }
    if (a.verified === payable(record)) continue;
    await deps.sequencer.submit({ kind: CommandKind.SET_PROVIDER_VERIFIED, actor: SYSTEM_ACTOR, accountId: record.accountId, verified: payable(record) });
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
  const payoutAddress = checkedAddress(checkedText('payoutAddress', body.payoutAddress));
  // The vault pays a withdrawal from and to the account's own address (PATXVault.settleBatch): no other address can be paid.
  if (payoutAddress.toLowerCase() !== wallet.toLowerCase()) throw new IdentityError(409, 'PAYOUT_ADDRESS_NOT_WALLET', `payoutAddress must be the provider's own wallet ${wallet}: the vault pays withdrawals to the account's address only`, { field: 'payoutAddress', wallet });
  return { legalName, jurisdiction, payoutAddress, kycReference: checkedText('kycReference', body.kycReference) };
}

/** The EIP-55 form of an address; a mixed-case one must carry a valid checksum (a typo in it is caught, not paid). */
function checkedAddress(address: string): string {
  if (!ADDRESS.test(address)) throw new IdentityError(400, 'INVALID_PAYOUT_ADDRESS', `payoutAddress: 0x and 40 hex digits, got '${address}'`, { field: 'payoutAddress' });
  try {
    return getAddress(address);
  } catch {
    throw new IdentityError(400, 'PAYOUT_ADDRESS_CHECKSUM', `payoutAddress: mixed case that is not its EIP-55 checksum (${getAddress(address.toLowerCase())}): a mistyped character?`, { field: 'payoutAddress' });
  }
}

function checkedPayee(body: Payee): Payee {
  const taxResidence = checkedText('payee.taxResidence', body.taxResidence).toUpperCase();
  if (!COUNTRY.test(taxResidence)) throw new IdentityError(400, 'INVALID_TAX_RESIDENCE', `payee.taxResidence: an ISO 3166-1 alpha-2 country code ('DE'), got '${taxResidence}'`, { field: 'payee.taxResidence' });
  const taxId = checkedText('payee.taxId', body.taxId);
  if (!TAX_ID.test(taxId)) throw new IdentityError(400, 'INVALID_TAX_ID', 'payee.taxId: letters, digits, spaces and . / - only', { field: 'payee.taxId' });
  return { name: checkedText('payee.name', body.name), type: body.type, taxResidence, taxId, address: checkedText('payee.address', body.address) };
}

function checkedText(field: keyof typeof LIMITS, value: string, emptyCode = 'EMPTY_FIELD'): string {
  const v = value.trim();
  if (v === '') throw new IdentityError(400, emptyCode, `${field}: required, not empty`, { field });
  if (v.length > LIMITS[field]) throw new IdentityError(400, 'FIELD_TOO_LONG', `${field}: at most ${LIMITS[field]} characters`, { field, limit: LIMITS[field] });
  if (CONTROL.test(v)) throw new IdentityError(400, 'CONTROL_CHARACTER', `${field}: control characters are not allowed`, { field });
  return v;
}

function changesOf(previous: IdentityFields | undefined, next: IdentityFields): IdentityAuditEntry['changes'] {
  const out: IdentityAuditEntry['changes'] = [];
  for (const f of IDENTITY_FIELDS) if (previous?.[f] !== next[f]) out.push({ field: f, from: previous?.[f] ?? null, to: next[f] });
  return out;
}

function payeeChanges(previous: Payee | null, next: Payee | null): IdentityAuditEntry['changes'] {
  const out: IdentityAuditEntry['changes'] = [];
  if (next === null) return out; // a payee is replaced, never removed
  for (const f of PAYEE_FIELDS) if (previous?.[f] !== next[f]) out.push({ field: `payee.${f}`, from: previous?.[f] ?? null, to: next[f] });
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
