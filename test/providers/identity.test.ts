/**
 * Provider identity and held payouts over the real service (real LMDB, real uWS on 127.0.0.1;
 * docs/providers.md): the operator verifies, updates and revokes a provider with typed errors
 * for bad input (nothing stored, nothing journaled); an unverified provider's withdrawal over
 * order entry is refused PAYOUT_HELD_UNVERIFIED and taken once verified; listings and the
 * account show only `verifiedProvider`; the identity audit shows values to the risk role only.
 * The record carries the payee (validated: tax residence, tax id, a checksummed payout
 * address) and a screening status only the risk role sets: flagged or rejected holds the
 * provider's payouts as an unverified provider's are, clear releases them (issue 73). Under rules 19 a
 * held provider's own deposits may leave, nothing beyond; a screening hit freezes them too.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wallet } from 'ethers';
import { rejectName, signedRequest, wire } from '../../src/client/index.js';
import { CommandKind, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { syncVerification } from '../../src/providers/index.js';
import { listingInput } from '../support/catalog-fixture.js';
import { OPERATOR_TOKEN, openProvider, startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';

const PAT_WEI = 10n ** 18n;
const LEGAL_NAME = 'Quietwater Data GmbH';
const KYC_REF = 'sumsub-case-7f3a91c2';
const TAX_ID = 'DE811907980';
const PAYEE = { name: LEGAL_NAME, type: 'business', taxResidence: 'de', taxId: TAX_ID, address: 'Kastanienallee 12, 10435 Berlin' };

let fx: GatewayFixture;
let providerWallet: Wallet;
let provider: number;
let consumer: number;
let viewerToken: string;
let moderatorToken: string;
let listingId: number;

type Reply = { status: number; body: Record<string, unknown> & { error?: string } };

async function op(method: string, route: string, body?: unknown, token = OPERATOR_TOKEN): Promise<Reply> {
  const res = await fetch(`${fx.httpUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Reply['body'] };
}

async function publicGet(route: string): Promise<{ status: number; text: string; body: Record<string, unknown> }> {
  const res = await fetch(`${fx.httpUrl}${route}`);
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Record<string, unknown> };
}

function identity(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { legalName: LEGAL_NAME, jurisdiction: 'de', payoutAddress: providerWallet.address, kycReference: KYC_REF, payee: PAYEE, reason: 'KYC passed', ...over };
}

/**
 * PAT the provider holds that are not its own deposits (rules 19: those may leave while its payouts are held): paid
 * into an organisation of its own and taken out again, as a payment from any other member would arrive.
 */
async function earn(accountId: number, pat: number): Promise<void> {
  const created = await fx.submitOk({ kind: CommandKind.CREATE_ORGANISATION, actor: accountId, name: `Org of ${accountId}` });
  const organisationId = fx.service.engine.organisations.ofMember.get(accountId)!.id;
  expect(created.length).toBeGreaterThan(0);
  for (const toOrganisation of [true, false]) await fx.submitOk({ kind: CommandKind.MOVE_ORGANISATION_FUNDS, actor: accountId, organisationId, toOrganisation, amountMicros: pat * 1_000_000 });
}

async function withdraw(pat: bigint, wallet = providerWallet): Promise<string> {
  const c = await fx.connect(wallet, { role: wire.Role.PROVIDER });
  try {
    return rejectName(await c.requestWithdrawal(pat * PAT_WEI));
  } finally {
    await c.close();
  }
}

/** What nobody outside the operator's risk role may see: the record's private values. */
function expectNoPrivate(text: string): void {
  expect(text).not.toContain(LEGAL_NAME);
  expect(text).not.toContain(KYC_REF);
  expect(text).not.toContain(TAX_ID);
  expect(text).not.toContain('Kastanienallee');
}

/** The same address with the case of its first letter digit flipped: a mistyped EIP-55 checksum. */
function badChecksum(address: string): string {
  const i = [...address].findIndex((ch, k) => k > 1 && /[a-fA-F]/.test(ch));
  const ch = address[i]!;
  return address.slice(0, i) + (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase()) + address.slice(i + 1);
}

beforeAll(async () => {
  fx = await startGatewayFixture();
  providerWallet = await openProvider(fx, 1);
  provider = fx.service.engine.accountIdByAddress.get(providerWallet.address.toLowerCase())!;
  const c = await fx.connect(testWallet(2), { role: wire.Role.CONSUMER });
  await c.close();
  consumer = fx.service.engine.accountIdByAddress.get(testWallet(2).address.toLowerCase())!;
  await fx.fund(provider, 50);
  await earn(provider, 50); // its 50 PAT are not its own deposits any more: all held while it is unverified
  // Shipped at 1 and seeded with the other shipped limits by the quoter, which this fixture does not run: the operator sets it.
  expect((await op('PUT', '/operator/params/risk.payoutRequiresVerification', { value: 1 })).status).toBe(200);
  viewerToken = (await op('POST', '/operator/operators', { name: 'scraper', roles: ['viewer'] })).body['token'] as string;
  moderatorToken = (await op('POST', '/operator/operators', { name: 'mod', roles: ['moderator'] })).body['token'] as string;
  // A published listing of the provider's.
  const created = await signedRequest(fx.httpUrl, providerWallet, 'POST', '/v1/provider/listings', listingInput());
  expect(created.status).toBe(201);
  listingId = created.body['id'] as number;
  expect((await signedRequest(fx.httpUrl, providerWallet, 'POST', `/v1/provider/listings/${listingId}/submit`)).status).toBe(200);
  expect((await op('POST', `/operator/listings/${listingId}/publish`)).status).toBe(200);
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

describe('provider identity', () => {
  it('an unverified provider is shown unverified with its payouts held; its withdrawal is refused PAYOUT_HELD_UNVERIFIED, and it still lists', async () => {
    expect(fx.service.engine.risk.payoutRequiresVerification).toBe(1);
    expect(fx.config.quoting.params['risk.payoutRequiresVerification']).toBe(1); // what a service with its quoter seeds
    const search = await publicGet('/v1/listings');
    expect((search.body['listings'] as Array<Record<string, unknown>>).find((l) => l['id'] === listingId)).toMatchObject({ verifiedProvider: false });
    expect((await publicGet(`/v1/listings/${listingId}`)).body).toMatchObject({ id: listingId, verifiedProvider: false });
    const account = await signedRequest(fx.httpUrl, providerWallet, 'GET', '/v1/account');
    expect(account.body).toMatchObject({ role: 'PROVIDER', verifiedProvider: false, payoutsHeld: true });
    const before = fx.service.engine.account(provider)!.freeWei(10n ** 12n);
    expect(await withdraw(1n)).toBe('PAYOUT_HELD_UNVERIFIED');
    expect(fx.service.engine.account(provider)!.freeWei(10n ** 12n)).toBe(before);
    expect(fx.service.engine.account(provider)!.pendingWithdrawalWei).toBe(0n);
    // A consumer's account says nothing of verification.
    expect(Object.keys((await signedRequest(fx.httpUrl, testWallet(2), 'GET', '/v1/account')).body)).not.toContain('verifiedProvider');
  });

  it('refuses bad input with typed errors, and a caller without the risk role; nothing stored, nothing journaled', async () => {
    const seq = fx.service.engine.lastSeq;
    const cases: Array<[string, unknown, number, string, string?]> = [
      [`/operator/providers/${provider}/verify`, identity({ payoutAddress: '0x1234' }), 400, 'INVALID_PAYOUT_ADDRESS'],
      [`/operator/providers/${provider}/verify`, identity({ payoutAddress: testWallet(9).address }), 409, 'PAYOUT_ADDRESS_NOT_WALLET'],
      [`/operator/providers/${provider}/verify`, identity({ payoutAddress: badChecksum(providerWallet.address) }), 400, 'PAYOUT_ADDRESS_CHECKSUM'],
      [`/operator/providers/${provider}/verify`, identity({ payee: { ...PAYEE, taxResidence: 'DEU' } }), 400, 'INVALID_TAX_RESIDENCE'],
      [`/operator/providers/${provider}/verify`, identity({ payee: { ...PAYEE, taxId: 'DE<script>' } }), 400, 'INVALID_TAX_ID'],
      [`/operator/providers/${provider}/verify`, identity({ payee: { ...PAYEE, taxId: 'x'.repeat(65) } }), 400, 'FIELD_TOO_LONG'],
      [`/operator/providers/${provider}/verify`, identity({ payee: { ...PAYEE, address: ' ' } }), 400, 'EMPTY_FIELD'],
      [`/operator/providers/${provider}/verify`, identity({ payee: { ...PAYEE, type: 'trust' } }), 400, 'INVALID_REQUEST'],
      [`/operator/providers/${provider}/verify`, identity({ payee: { name: LEGAL_NAME } }), 400, 'INVALID_REQUEST'],
      [`/operator/providers/${provider}/screening`, { status: 'clear', note: 'no hit' }, 409, 'NO_IDENTITY_RECORD'],
      [`/operator/providers/${provider}/screening`, { status: 'cleared', note: 'no hit' }, 400, 'INVALID_REQUEST'],
      [`/operator/providers/${provider}/screening`, { status: 'clear', note: '  ' }, 400, 'NOTE_REQUIRED'],
      [`/operator/providers/${provider}/screening`, { status: 'clear', note: 'no hit' }, 403, 'FORBIDDEN_ROLE', moderatorToken],
      [`/operator/providers/${provider}/verify`, identity({ legalName: '   ' }), 400, 'EMPTY_FIELD'],
      [`/operator/providers/${provider}/verify`, identity({ kycReference: '' }), 400, 'EMPTY_FIELD'],
      [`/operator/providers/${provider}/verify`, identity({ jurisdiction: 'DEU' }), 400, 'INVALID_JURISDICTION'],
      [`/operator/providers/${provider}/verify`, identity({ legalName: 'a\u0007b' }), 400, 'CONTROL_CHARACTER'],
      [`/operator/providers/${provider}/verify`, identity({ extra: 1 }), 400, 'INVALID_REQUEST'],
      [`/operator/providers/${provider}/verify`, { legalName: LEGAL_NAME }, 400, 'INVALID_REQUEST'],
      ['/operator/providers/99999/verify', identity(), 404, 'UNKNOWN_ACCOUNT'],
      [`/operator/providers/${consumer}/verify`, identity(), 409, 'NOT_A_PROVIDER'],
      [`/operator/providers/${provider}/update`, { legalName: 'X', reason: 'typo' }, 409, 'NOT_VERIFIED'],
      [`/operator/providers/${provider}/revoke`, { reason: 'x' }, 409, 'NOT_VERIFIED'],
      [`/operator/providers/${provider}/verify`, identity(), 403, 'FORBIDDEN_ROLE', moderatorToken],
      [`/operator/providers/${provider}/verify`, identity(), 403, 'FORBIDDEN_ROLE', viewerToken],
    ];
    for (const [route, body, status, code, token] of cases) {
      const r = await op('POST', route, body, token);
      expect([r.status, r.body.error], `${route} ${JSON.stringify(body)}`).toEqual([status, code]);
    }
    expect((await op('GET', `/operator/providers/${provider}`, undefined, viewerToken)).status).toBe(403);
    expect(fx.service.engine.lastSeq).toBe(seq);
    expect(fx.service.engine.account(provider)!.verified).toBe(false);
    expect((await op('GET', `/operator/providers/${provider}`)).body).toMatchObject({ verified: false, identity: null, history: [] });
    expect((await op('GET', '/operator/providers/audit')).body).toEqual([]);
  });

  it('verify: the record is kept and audited, the engine journals the flag; public views show only verifiedProvider; the withdrawal is taken', async () => {
    const r = await op('POST', `/operator/providers/${provider}/verify`, identity());
    expect(r.status).toBe(200);
    // The payout address kept in its EIP-55 form whatever case it was given in; a new record's screening is pending.
    expect(r.body['identity']).toMatchObject({ accountId: provider, legalName: LEGAL_NAME, jurisdiction: 'DE', payoutAddress: providerWallet.address, kycReference: KYC_REF, verified: true, verifiedBy: 'admin', payee: { ...PAYEE, taxResidence: 'DE' }, screening: { status: 'pending', by: 'admin' } });
    expect(fx.service.engine.account(provider)!.verified).toBe(true);
    expect(await op('POST', `/operator/providers/${provider}/verify`, identity())).toMatchObject({ status: 409, body: { error: 'ALREADY_VERIFIED' } });

    const search = await publicGet(`/v1/listings?provider=${provider}`);
    expect(search.body['listings']).toEqual([expect.objectContaining({ id: listingId, verifiedProvider: true })]);
    const view = await publicGet(`/v1/listings/${listingId}`);
    expect(view.body).toMatchObject({ verifiedProvider: true });
    for (const text of [search.text, view.text, (await publicGet(`/v1/listings/${listingId}/disclosures`)).text, (await publicGet('/v1/scores')).text]) expectNoPrivate(text);
    const account = await signedRequest(fx.httpUrl, providerWallet, 'GET', '/v1/account');
    expect(account.body).toMatchObject({ verifiedProvider: true, payoutsHeld: false });
    expectNoPrivate(JSON.stringify(account.body));
    const own = await signedRequest(fx.httpUrl, providerWallet, 'GET', '/v1/provider/listings');
    expectNoPrivate(JSON.stringify(own.body));

    expect(await withdraw(10n)).toBe('NONE');
    expect(fx.service.engine.account(provider)!.pendingWithdrawalWei).toBe(10n * PAT_WEI);
  });

  it('the engine audit carries the flag alone; the identity audit shows values to the risk role and field names to the others', async () => {
    const engineAudit = await op('GET', '/operator/audit?limit=1000', undefined, viewerToken);
    const rows = engineAudit.body as unknown as Array<Record<string, unknown>>;
    expect(rows.filter((e) => e['event'] === 'PROVIDER_VERIFIED')).toEqual([expect.objectContaining({ operator: 'admin', detail: { accountId: provider, verified: true } })]);
    expectNoPrivate(JSON.stringify(rows));

    const asViewer = (await op('GET', '/operator/providers/audit', undefined, viewerToken)).body as unknown as Array<Record<string, unknown>>;
    expect(asViewer).toEqual([
      expect.objectContaining({ accountId: provider, action: 'verify', operator: 'admin', reason: 'KYC passed', changes: [{ field: 'legalName' }, { field: 'jurisdiction' }, { field: 'payoutAddress' }, { field: 'kycReference' }, { field: 'payee.name' }, { field: 'payee.type' }, { field: 'payee.taxResidence' }, { field: 'payee.taxId' }, { field: 'payee.address' }] }),
    ]);
    expectNoPrivate(JSON.stringify(asViewer));
    const asRisk = (await op('GET', `/operator/providers/audit?account=${provider}`)).body as unknown as Array<Record<string, unknown>>;
    expect(asRisk[0]!['changes']).toContainEqual({ field: 'legalName', from: null, to: LEGAL_NAME });
    expect(asRisk[0]!['changes']).toContainEqual({ field: 'payee.taxId', from: null, to: TAX_ID });
    const list = await op('GET', '/operator/providers', undefined, viewerToken);
    expect(list.body).toContainEqual(expect.objectContaining({ accountId: provider, verified: true, payoutsHeld: false }));
    expectNoPrivate(JSON.stringify(list.body));
  });

  it('update needs a reason and changes the record only; revoke holds payouts again; the identity files are private (600)', async () => {
    expect(await op('POST', `/operator/providers/${provider}/update`, { legalName: 'Quietwater Data AG' })).toMatchObject({ status: 400, body: { error: 'INVALID_REQUEST' } });
    expect(await op('POST', `/operator/providers/${provider}/update`, { legalName: 'Quietwater Data AG', reason: '' })).toMatchObject({ status: 400, body: { error: 'REASON_REQUIRED' } });
    expect(await op('POST', `/operator/providers/${provider}/update`, { legalName: LEGAL_NAME, reason: 'same' })).toMatchObject({ status: 400, body: { error: 'NOTHING_TO_CHANGE' } });
    const seq = fx.service.engine.lastSeq;
    const updated = await op('POST', `/operator/providers/${provider}/update`, { legalName: 'Quietwater Data AG', reason: 'change of legal form' });
    expect(updated.status).toBe(200);
    expect(updated.body['audit']).toMatchObject({ action: 'update', changes: [{ field: 'legalName', from: LEGAL_NAME, to: 'Quietwater Data AG' }] });
    expect(fx.service.engine.lastSeq).toBe(seq); // the flag did not change: nothing journaled

    expect(await op('POST', `/operator/providers/${provider}/revoke`, {})).toMatchObject({ status: 400, body: { error: 'INVALID_REQUEST' } });
    const revoked = await op('POST', `/operator/providers/${provider}/revoke`, { reason: 'sanctions screening hit' });
    expect(revoked.body['identity']).toMatchObject({ verified: false, revokedBy: 'admin', revokeReason: 'sanctions screening hit' });
    expect(fx.service.engine.account(provider)!.verified).toBe(false);
    expect(await withdraw(1n)).toBe('PAYOUT_HELD_UNVERIFIED');
    expect((await publicGet(`/v1/listings/${listingId}`)).body).toMatchObject({ verifiedProvider: false });
    const record = await op('GET', `/operator/providers/${provider}`);
    expect((record.body['history'] as unknown[]).map((h) => (h as { action: string }).action)).toEqual(['verify', 'update', 'revoke']);

    const dir = path.join(fx.dir, 'providers');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(dir)) expect(statSync(path.join(dir, f)).mode & 0o777, f).toBe(0o600);
  });

  it('at start the engine is brought in line with the store: a verification stored just before a crash reaches the engine', async () => {
    expect((await op('POST', `/operator/providers/${provider}/verify`, identity())).status).toBe(200);
    // As if the process died after the store's write and before the engine's command: the engine says unverified.
    await fx.submitOk({ kind: CommandKind.SET_PROVIDER_VERIFIED, actor: SYSTEM_ACTOR, accountId: provider, verified: false });
    expect(fx.service.engine.account(provider)!.verified).toBe(false);
    expect(await syncVerification({ store: fx.service.identities, engine: fx.service.engine, sequencer: fx.service.sequencer })).toEqual({ sent: 1, unrecorded: [] });
    expect(fx.service.engine.account(provider)!.verified).toBe(true);
    expect(await syncVerification({ store: fx.service.identities, engine: fx.service.engine, sequencer: fx.service.sequencer })).toEqual({ sent: 0, unrecorded: [] });

    // The history the statement's held PAT is read from: verified, updated (still verified), revoked, verified again.
    const rows = fx.service.identities.audit(1, 100, provider);
    expect(rows.map((r) => r.action)).toEqual(['verify', 'update', 'revoke', 'verify']);
    const at = fx.service.identities.verifiedAt(provider);
    expect([rows[0]!.atMs - 1, rows[0]!.atMs, rows[1]!.atMs].map(at)).toEqual([false, true, true]);
    expect(at(rows[2]!.atMs)).toBe(rows[3]!.atMs === rows[2]!.atMs); // revoked, unless verified again in the same ms
    expect(at(rows[3]!.atMs)).toBe(true);
  });

  it('two verifications at once: one is taken, the other refused ALREADY_VERIFIED, and the record stands', async () => {
    const w = await openProvider(fx, 3);
    const id = fx.service.engine.accountIdByAddress.get(w.address.toLowerCase())!;
    const body = { legalName: 'Second Provider Ltd', jurisdiction: 'FR', payoutAddress: w.address, kycReference: 'case-2' };
    const replies = await Promise.all([op('POST', `/operator/providers/${id}/verify`, body), op('POST', `/operator/providers/${id}/verify`, body)]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(replies.map((r) => r.body.error).filter((e) => e !== undefined)).toEqual(['ALREADY_VERIFIED']);
    expect(fx.service.engine.account(id)!.verified).toBe(true);
    expect(fx.service.identities.get(id)).toMatchObject({ verified: true, legalName: 'Second Provider Ltd' });
  });

  it('a provider verified in the engine with no record on this node (a new standby\'s store): reported at start, and verify records it without journaling', async () => {
    const w = await openProvider(fx, 4);
    const id = fx.service.engine.accountIdByAddress.get(w.address.toLowerCase())!;
    await fx.submitOk({ kind: CommandKind.SET_PROVIDER_VERIFIED, actor: SYSTEM_ACTOR, accountId: id, verified: true });
    expect(await syncVerification({ store: fx.service.identities, engine: fx.service.engine, sequencer: fx.service.sequencer })).toEqual({ sent: 0, unrecorded: [id] });
    expect(fx.service.engine.account(id)!.verified).toBe(true); // never revoked on a missing record
    const seq = fx.service.engine.lastSeq;
    const r = await op('POST', `/operator/providers/${id}/verify`, { legalName: 'Third Provider BV', jurisdiction: 'NL', payoutAddress: w.address, kycReference: 'case-3' });
    expect(r.status).toBe(200);
    expect(fx.service.engine.lastSeq).toBe(seq);
    expect((await op('GET', `/operator/providers/${id}`)).body).toMatchObject({ verified: true, identity: { legalName: 'Third Provider BV' } });
  });

  it("a held provider's own deposits may leave and nothing beyond; a screening hit freezes them too, and clear thaws them", async () => {
    const w = await openProvider(fx, 7);
    const id = fx.service.engine.accountIdByAddress.get(w.address.toLowerCase())!;
    await fx.fund(id, 20);
    await earn(id, 5);
    expect((await signedRequest(fx.httpUrl, w, 'GET', '/v1/account')).body).toMatchObject({ payoutsHeld: true, ownDepositsWei: (15n * PAT_WEI).toString(), ownDeposits: '15' });
    expect(await withdraw(16n, w)).toBe('PAYOUT_HELD_UNVERIFIED');
    expect(await withdraw(15n, w)).toBe('NONE');
    expect(fx.service.engine.account(id)!.pendingWithdrawalWei).toBe(15n * PAT_WEI);

    // Verified, then a screening hit: frozen whole (journaled first, audited as PAYOUTS_FROZEN), own deposits too.
    const body = { legalName: 'Frozen Data Oy', jurisdiction: 'FI', payoutAddress: w.address, kycReference: 'case-7' };
    expect((await op('POST', `/operator/providers/${id}/verify`, body)).status).toBe(200);
    expect((await op('POST', `/operator/providers/${id}/screening`, { status: 'rejected', note: 'confirmed match' })).body).toMatchObject({ payoutsHeld: true });
    expect(fx.service.engine.account(id)!.payoutsFrozen).toBe(true);
    await fx.fund(id, 3);
    expect((await signedRequest(fx.httpUrl, w, 'GET', '/v1/account')).body).toMatchObject({ payoutsHeld: true, ownDepositsWei: '0' });
    expect(await withdraw(1n, w)).toBe('PAYOUT_HELD_UNVERIFIED');
    // A crash between the store's write and the engine's: the start's sync freezes it again.
    await fx.submitOk({ kind: CommandKind.SET_PAYOUTS_FROZEN, actor: SYSTEM_ACTOR, accountId: id, frozen: false });
    expect(await syncVerification({ store: fx.service.identities, engine: fx.service.engine, sequencer: fx.service.sequencer })).toMatchObject({ sent: 1 });
    expect(fx.service.engine.account(id)!.payoutsFrozen).toBe(true);
    // Clear: thawed and verified; revoked again, its own deposits may leave as before the screening.
    expect((await op('POST', `/operator/providers/${id}/screening`, { status: 'clear', note: 'other person' })).body).toMatchObject({ payoutsHeld: false });
    expect(fx.service.engine.account(id)!.payoutsFrozen).toBe(false);
    expect((await op('POST', `/operator/providers/${id}/revoke`, { reason: 'lapsed' })).status).toBe(200);
    expect(await withdraw(3n, w)).toBe('NONE');
    const audit = (await op('GET', '/operator/audit?limit=1000')).body as unknown as Array<Record<string, unknown>>;
    expect(audit.filter((e) => e['event'] === 'PAYOUTS_FROZEN').map((e) => e['detail'])).toEqual([
      { accountId: id, frozen: true },
      { accountId: id, frozen: false },
      { accountId: id, frozen: true },
      { accountId: id, frozen: false },
    ]);
  });

  it('screening: only the risk role sets it; flagged or rejected holds payouts as an unverified provider\'s, clear releases them; audited; viewers see neither status nor note', async () => {
    const w = await openProvider(fx, 5);
    const id = fx.service.engine.accountIdByAddress.get(w.address.toLowerCase())!;
    await fx.fund(id, 20);
    // Given in lower case: kept checksummed.
    const body = { legalName: 'Screened Data SARL', jurisdiction: 'FR', payoutAddress: w.address.toLowerCase(), kycReference: 'case-5', payee: { name: 'Screened Data SARL', type: 'business', taxResidence: 'FR', taxId: 'FR40303265045', address: '3 rue de la Paix, 75002 Paris' } };
    const verified = await op('POST', `/operator/providers/${id}/verify`, body);
    expect(verified.status).toBe(200);
    expect(verified.body['identity']).toMatchObject({ payoutAddress: w.address, screening: { status: 'pending' } });
    expect(await withdraw(1n, w)).toBe('NONE'); // pending holds nothing: payouts follow verification

    // Flagged: the engine's flag goes off (journaled, audited as PROVIDER_VERIFIED), the withdrawal is held.
    expect(await op('POST', `/operator/providers/${id}/screening`, { status: 'flagged', note: 'possible match' }, viewerToken)).toMatchObject({ status: 403, body: { error: 'FORBIDDEN_ROLE' } });
    const flagged = await op('POST', `/operator/providers/${id}/screening`, { status: 'flagged', note: 'name match on a sanctions list, checking', reference: 'screen-42' });
    expect(flagged.status).toBe(200);
    expect(flagged.body).toMatchObject({ payoutsHeld: true, identity: { verified: true, screening: { status: 'flagged', by: 'admin', note: 'name match on a sanctions list, checking', reference: 'screen-42' } }, audit: { action: 'screen', changes: [{ field: 'screening', from: 'pending', to: 'flagged' }] } });
    expect(fx.service.engine.account(id)!.verified).toBe(false);
    expect(await withdraw(1n, w)).toBe('PAYOUT_HELD_UNVERIFIED');
    expect((await signedRequest(fx.httpUrl, w, 'GET', '/v1/account')).body).toMatchObject({ payoutsHeld: true });
    // Still verified by its record: verify again is refused, update works and changes no flag.
    expect(await op('POST', `/operator/providers/${id}/verify`, body)).toMatchObject({ status: 409, body: { error: 'ALREADY_VERIFIED' } });
    const seq = fx.service.engine.lastSeq;
    const updated = await op('POST', `/operator/providers/${id}/update`, { payee: { ...body.payee, taxId: 'FR40303265046' }, reason: 'corrected TIN' });
    expect(updated.body['audit']).toMatchObject({ changes: [{ field: 'payee.taxId', from: 'FR40303265045', to: 'FR40303265046' }] });
    expect(fx.service.engine.lastSeq).toBe(seq);
    // A crash between the store's write and the engine's command: the start's sync holds it again.
    await fx.submitOk({ kind: CommandKind.SET_PROVIDER_VERIFIED, actor: SYSTEM_ACTOR, accountId: id, verified: true });
    expect(await syncVerification({ store: fx.service.identities, engine: fx.service.engine, sequencer: fx.service.sequencer })).toMatchObject({ sent: 1 });
    expect(fx.service.engine.account(id)!.verified).toBe(false);

    // Clear: released.
    const cleared = await op('POST', `/operator/providers/${id}/screening`, { status: 'clear', note: 'false positive: other date of birth' });
    expect(cleared.body).toMatchObject({ payoutsHeld: false, identity: { screening: { status: 'clear' } } });
    expect(fx.service.engine.account(id)!.verified).toBe(true);
    expect(await withdraw(1n, w)).toBe('NONE');

    // Rejected: held; a revocation then journals nothing (the flag is off already); verifying again keeps the rejection and its hold.
    expect((await op('POST', `/operator/providers/${id}/screening`, { status: 'rejected', note: 'confirmed match' })).body).toMatchObject({ payoutsHeld: true });
    const beforeRevoke = fx.service.engine.lastSeq;
    expect((await op('POST', `/operator/providers/${id}/revoke`, { reason: 'screening outcome' })).status).toBe(200);
    expect(fx.service.engine.lastSeq).toBe(beforeRevoke);
    const again = await op('POST', `/operator/providers/${id}/verify`, body);
    expect(again.body).toMatchObject({ identity: { verified: true, screening: { status: 'rejected' } } });
    expect(fx.service.engine.account(id)!.verified).toBe(false);
    expect(await withdraw(1n, w)).toBe('PAYOUT_HELD_UNVERIFIED');

    // The statement's held PAT reads the screening from the audit: paid while clear, held while flagged or rejected.
    const rows = fx.service.identities.audit(1, 100, id);
    expect(rows.map((r) => r.action)).toEqual(['verify', 'screen', 'update', 'screen', 'screen', 'revoke', 'verify']);
    const at = fx.service.identities.verifiedAt(id);
    expect(at(rows[0]!.atMs)).toBe(rows[1]!.atMs > rows[0]!.atMs); // verified, unless flagged in the same ms
    expect(at(rows[6]!.atMs)).toBe(false);

    // Operators without the risk role: the list and the audit's shape, never the status or note.
    const asViewer = (await op('GET', `/operator/providers/audit?account=${id}`, undefined, viewerToken)).body as unknown as Array<{ action: string; reason: string; changes: unknown[] }>;
    const screens = asViewer.filter((r) => r.action === 'screen');
    expect(screens.map((r) => [r.reason, r.changes])).toEqual([['', [{ field: 'screening' }]], ['', [{ field: 'screening' }]], ['', [{ field: 'screening' }]]]);
    const viewerText = JSON.stringify(asViewer) + JSON.stringify((await op('GET', '/operator/providers', undefined, viewerToken)).body);
    for (const secret of ['flagged', 'rejected', 'sanctions', 'confirmed match', 'FR40303265046']) expect(viewerText).not.toContain(secret);
    // Nor the provider itself, nor the public.
    const publicText = JSON.stringify((await signedRequest(fx.httpUrl, w, 'GET', '/v1/account')).body) + (await publicGet('/v1/listings')).text;
    for (const secret of ['rejected', 'confirmed match', 'FR40303265046', 'rue de la Paix']) expect(publicText).not.toContain(secret);
  });
});
