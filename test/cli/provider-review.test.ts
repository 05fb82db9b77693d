/**
 * What a first provider's review found missing from the CLI, against a running service (real LMDB, HTTP,
 * signatures, the trading socket, the demo provider's gate; settlement off):
 *
 * - `patx provider grants` (the demo provider's wallet): a disputed grant, a claimed grant with the consumer's
 *   unreachable report, each with its due time, without --json; `--open`; then the operator decides the dispute
 *   and the decision says which number is due, which paid and which the shortfall;
 * - a new provider's draft deleted, a listing published by the operator in one line, `listing update` with no
 *   sample (exit 2, naming the sample the exchange has), its unsold mints in `patx positions` ("unsold: sell
 *   them", not "exercisable now"), and `listing unpublish` warning before and after;
 * - `patx withdraw` held PAYOUT_HELD_UNVERIFIED saying how verification happens, `patx providers verify`
 *   (the payout address the provider's wallet) and the withdrawal taken, `patx providers revoke`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadWithGrant, signedRequest } from '../../src/client/index.js';
import { DEMO_PROVIDER_KEY } from '../../src/demo/index.js';
import { CommandKind, EventType, Role, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import type { Service } from '../../src/app/service.js';
import { consumerBuysFromBroker } from '../support/broker-rights.js';
import { removeDir, until } from '../support/exchange-fixture.js';
import { oneLine, patxInProcess } from '../support/patx-cli.js';
import { startDemoGateService, type DemoGateService } from '../support/demo-gate.js';

const TOKEN = 'cli-provider-review-token-0123456789';
let x: DemoGateService;
let service: Service;
let seriesId: number;
let disputedId: number;
let claimedId: number;
let dir: string;
const consumer = Wallet.createRandom();
const provider = Wallet.createRandom();

/** The CLI in this process: as a wallet (PATX_WALLET_KEY) at the gateway, or as the operator (--url, --token). */
const as = (key: string, args: string[]) => patxInProcess(args, { PATX_WALLET_KEY: key, PATX_URL: x.base });
const operator = (...args: string[]) => patxInProcess(['--url', `${x.base}/operator`, '--token', TOKEN, ...args], {});

async function exercise(consumerId: number, qty: number): Promise<number> {
  for (let i = 0; i < qty; i++) {
    await consumerBuysFromBroker(service, consumerId, seriesId, 1);
    service.quoting!.tick();
    await service.sequencer.drain();
  }
  const done = await service.sequencer.submit({ kind: CommandKind.EXERCISE, actor: consumerId, seriesId, qty });
  const e = done.events.find((v) => v.type === EventType.RIGHTS_EXERCISED);
  if (e?.type !== EventType.RIGHTS_EXERCISED) throw new Error(`no exercise: ${JSON.stringify(done.events)}`);
  const grantId = e.redemptions[0]!.grantId;
  await until(async () => (await service.grants()!.get(grantId)) !== undefined, 'the grant ledger records the grant');
  return grantId;
}

beforeAll(async () => {
  x = await startDemoGateService('cli-provider-review', { logger: createLogger('silent'), config: { gateway: { operatorToken: TOKEN } }, stock: { mint: 10, sell: 10 } });
  ({ service, seriesId } = x);
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-cli-provider-review-files-'));
  const opened = await service.sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: consumer.address.toLowerCase() });
  const consumerId = opened.events.find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
  await service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: consumerId, amountWei: 10n ** 20n, ref: 'cli-provider-review' });
  // A grant downloaded without a receipt (the gate's report evidences it), then disputed.
  disputedId = await exercise(consumerId, 2);
  const signed = (await service.grants()!.get(disputedId))!.signed;
  expect(await downloadWithGrant(x.base, consumer, signed, 2, { report: false })).toMatchObject({ outcome: 'received' });
  await until(() => service.engine.escrow.grants.get(disputedId)?.evidencedQty === 2, 'both rights evidenced');
  expect((await signedRequest(x.base, consumer, 'POST', `/v1/grants/${disputedId}/claims`, { reason: 'missing-records' })).status).toBe(201);
  // A grant never downloaded: the consumer's client reported the gate unreachable, then claimed it.
  claimedId = await exercise(consumerId, 1);
  expect((await signedRequest(x.base, consumer, 'POST', `/v1/grants/${claimedId}/delivery-failures`, { reason: 'unreachable' })).status).toBe(200);
  expect((await signedRequest(x.base, consumer, 'POST', `/v1/grants/${claimedId}/claims`, {})).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await x?.close();
  if (dir !== undefined) removeDir(dir);
});

describe('a provider sees what is owed and open against it; the operator decides', () => {
  it('provider grants: the claim with its due time, the dispute, the unreachable report; --open; --json', async () => {
    const listed = await as(DEMO_PROVIDER_KEY, ['provider', 'grants']);
    expect(listed.code, listed.err).toBe(0);
    const lines = listed.out.split('\n');
    expect(lines[0]).toMatch(/^GRANT\s+SERIES\s+LISTING\s+CONSUMER\s+RIGHTS\s+SERVED\s+RECEIPTED\s+HELD PAT\s+ESCROW\s+AGAINST IT$/);
    const row = (id: number) => lines.find((l) => l.startsWith(`${id} `))!;
    const short = `${consumer.address.slice(0, 6)}…${consumer.address.slice(-4)}`;
    expect(row(disputedId)).toMatch(new RegExp(`^${disputedId}\\s+${seriesId}\\s+\\d+ v\\d+\\s+${short}\\s+2\\s+2\\s+0\\s+\\d+\\.\\d{4}\\s+held until \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\s+DISPUTE \\(missing-records, filed .* UTC; your gate evidences 2 delivered\\): the operator decides$`));
    const due = (await service.grants()!.get(claimedId))!.escrow!.claim!.dueAtMs;
    const dueText = `${new Date(due).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    expect(row(claimedId)).toContain(`CLAIM on 1 right(s): refunded ${dueText} for those nothing evidences, unless the consumer downloads them by then`);
    expect(row(claimedId)).toMatch(/; UNREACHABLE: the consumer reported your gate unreachable at \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(listed.out).toContain('\nopen: 1 claim(s), 1 dispute(s), 1 unreachable report(s).\n');

    const open = await as(DEMO_PROVIDER_KEY, ['provider', 'grants', '--open']);
    expect(open.out.split('\n').filter((l) => /^\d+ /.test(l)).map((l) => Number(l.split(' ')[0])).sort((a, b) => a - b)).toEqual([disputedId, claimedId].sort((a, b) => a - b));
    const json = JSON.parse((await as(DEMO_PROVIDER_KEY, ['--json', 'provider', 'grants', '--limit', '5'])).out) as { total: number; grants: Array<{ grantId: number; open: boolean; consumer: string; heldMicros: number }> };
    expect(json.grants.find((g) => g.grantId === claimedId)).toMatchObject({ open: true, consumer: consumer.address });
    // A consumer's wallet owes nothing.
    // A consumer's wallet owes none: it is told it is no provider, not "no grants on your rights yet" (an outside review).
    const notProvider = await as(consumer.privateKey, ['provider', 'grants']);
    expect([notProvider.code, notProvider.err]).toEqual([1, expect.stringMatching(/^patx: NOT_A_PROVIDER: account \d+ is a consumer's: grants are owed by providers/)]);
  });

  it('disputes decide says what is due, what was paid and from where, and the shortfall', async () => {
    const decided = await operator('disputes', 'decide', String(disputedId), '1', '--note', 'one download came back short');
    expect(decided.code, decided.err).toBe(0);
    const lines = decided.out.split('\n');
    expect(lines[0]).toBe(`decided grant ${disputedId}: 1 right(s) refunded, 1 upheld as delivered`);
    const amount = (label: string): number => Number(/ (\d+\.\d{4}) PAT$/.exec(lines.find((l) => l.startsWith(label))!)![1]);
    const due = amount("refund due (the consumer's price for them):");
    const fromHeld = amount('  paid from the proceeds held for them:');
    const fromProvider = amount("  paid from the provider's free PAT (--charge):");
    const paid = amount('refunded to the consumer in all:');
    const shortfall = amount('shortfall (due, not paid: beyond the held proceeds and the charge):');
    expect(fromProvider).toBe(0);
    expect(paid).toBeCloseTo(fromHeld + fromProvider, 4);
    expect(due).toBeCloseTo(paid + shortfall, 3);
    expect(lines.at(-1)).toBe('note: one download came back short');
    // What the consumer's own grants say it got back is the "in all" line, not the due.
    const refund = (await service.grants()!.get(disputedId))!.escrow!.refund!;
    expect(Math.abs(paid * 1e6 - (refund.fromHeldMicros + refund.fromProviderMicros))).toBeLessThanOrEqual(50);
  });
});

describe("a new provider's listing from the CLI: delete, publish, update, positions, unpublish", () => {
  let draftId = 0;
  let listingId = 0;
  const sample = (): string => path.join(dir, 'rows.csv');

  it('the template names no sensitive category as ["none"] and says on stderr what to change; a draft is deleted', async () => {
    expect((await as(provider.privateKey, ['provider', 'open'])).code).toBe(0);
    const template = await as(provider.privateKey, ['provider', 'listing', 'template', 'AUTO_INTENT']);
    expect(template.code).toBe(0);
    const listing = JSON.parse(template.out) as { provenance: { sensitiveCategories: string[] } };
    expect(listing.provenance.sensitiveCategories).toEqual(['none']);
    expect(template.err).toContain('provenance.sensitiveCategories: ["none"]');
    expect(template.err).toContain('deliveryEndpoint: the URL where your gate serves the records to consumers (patx provider serve');
    writeFileSync(path.join(dir, 'listing.json'), JSON.stringify({ ...listing, title: 'Review provider', deliveryEndpoint: 'http://127.0.0.1:9/records' }));
    const now = Date.now();
    writeFileSync(sample(), ['user_id,score,event_time', ...Array.from({ length: 30 }, (_, i) => `u${i},0.${70 + (i % 15)},${new Date(now - i * 60_000).toISOString()}`)].join('\n') + '\n');

    const draft = await as(provider.privateKey, ['provider', 'listing', 'create', '--file', path.join(dir, 'listing.json'), '--sample', sample()]);
    expect(draft.code, draft.err).toBe(0);
    draftId = Number(/^created listing (\d+)/.exec(draft.out)![1]);
    const deleted = await as(provider.privateKey, ['provider', 'listing', 'delete', String(draftId)]);
    expect(deleted.code, deleted.err).toBe(0);
    expect(deleted.out).toMatch(new RegExp(`^deleted draft listing ${draftId}; you store 0 of \\d+ sample bytes, 0 of \\d+ drafts, 0 of \\d+ listings$`));
    expect(oneLine(await as(provider.privateKey, ['provider', 'listing', 'delete', String(draftId)]))).toMatch(/^patx: UNKNOWN_LISTING: /);
  });

  it('the operator publishes in one line; update with no sample resends the one the exchange has (GET /v1/provider/listings/{id}/sample)', async () => {
    const created = await as(provider.privateKey, ['provider', 'listing', 'create', '--file', path.join(dir, 'listing.json'), '--sample', sample(), '--submit']);
    expect(created.code, created.err).toBe(0);
    listingId = Number(/^created listing (\d+)/.exec(created.out)![1]);
    const published = await operator('listings', 'publish', String(listingId));
    expect(published.code, published.err).toBe(0);
    expect(published.out).toMatch(new RegExp(`^published listing ${listingId} v1 \\(AUTO_INTENT, provider account \\d+\\): published$`));
    expect(JSON.parse((await operator('--json', 'listings', 'show', String(listingId))).out)).toMatchObject({ id: listingId, status: 'published' });

    // A text-only change without --sample: version 2 carries version 1's very sample (it exited 2 before, naming it).
    const sha = service.catalog.get(listingId).versions[0]!.sample.sha256;
    const listing = JSON.parse(readFileSync(path.join(dir, 'listing.json'), 'utf8')) as { title: string };
    writeFileSync(path.join(dir, 'retitled.json'), JSON.stringify({ ...listing, title: `${listing.title} (retitled)` }));
    const noSample = await as(provider.privateKey, ['provider', 'listing', 'update', String(listingId), '--file', path.join(dir, 'retitled.json')]);
    expect(noSample.code, noSample.err).toBe(0);
    const versions = service.catalog.get(listingId).versions;
    expect(versions.map((v) => [v.version, v.sample.sha256])).toEqual([[1, sha], [2, sha]]);
    expect(versions[1]!.title).toMatch(/\(retitled\)$/);
    // Another provider's listing's sample is not theirs to read.
    const stranger = Wallet.createRandom();
    expect((await signedRequest(`http://127.0.0.1:${service.gateway.port}`, stranger, 'GET', `/v1/provider/listings/${listingId}/sample`)).status).toBeGreaterThanOrEqual(403);
    const updated = await as(provider.privateKey, ['provider', 'listing', 'update', String(listingId), '--file', path.join(dir, 'listing.json'), '--sample', sample()]);
    expect(updated.code, updated.err).toBe(0);
  });

  it("its minted rights it has not sold read \"unsold: sell them\" in positions, not \"exercisable now\"", async () => {
    const accountId = service.engine.accountIdByAddress.get(provider.address.toLowerCase())!;
    await until(() => service.engine.accounts[accountId]!.providerListings.has('AUTO_INTENT'), 'the published listing in the engine', 10_000);
    expect((await as(provider.privateKey, ['provider', 'capacity', String(seriesId), '5'])).code).toBe(0);
    const minted = await as(provider.privateKey, ['provider', 'mint', String(seriesId), '3']);
    expect(minted.code, minted.err).toBe(0);
    const positions = await as(provider.privateKey, ['positions']);
    expect(positions.code, positions.err).toBe(0);
    const row = positions.out.split('\n').find((l) => l.startsWith(`${seriesId} `))!;
    expect(row.split(/\s{2,}/).at(-1)).toBe("unsold: sell them (patx sell); burned at the window's close");
  });

  it('unpublish warns in its answer that sold rights stay the provider\'s to deliver; a refused one warns nobody', async () => {
    const warning = "rights you already sold stay yours to deliver: keep your gate serving until they are delivered or the window's dispute period ends";
    const unpublished = await as(provider.privateKey, ['provider', 'listing', 'unpublish', String(listingId)]);
    expect(unpublished.code, unpublished.err).toBe(0);
    expect(unpublished.err).toBe('');
    expect(unpublished.out).toMatch(new RegExp(`^unpublished listing ${listingId} \\(AUTO_INTENT, version 3\\): unpublished; no new mints under it \\(rights you minted before are still yours to sell, and delivered under it\\)\\nwarning: ${warning.replace(/[()]/g, '\\$&')}`));
    expect(service.catalog.get(listingId).status).toBe('unpublished');
    const again = await as(provider.privateKey, ['provider', 'listing', 'unpublish', String(listingId)]);
    expect(again.code).toBe(1);
    expect(again.err.trim().split('\n')).toEqual([expect.stringMatching(/^patx: BAD_TRANSITION: /)]);
  });
});

describe('held payouts: the refusal says how verification happens; the operator verifies and revokes from the CLI', () => {
  it('withdraw PAYOUT_HELD_UNVERIFIED, providers verify (payout address: the wallet), the withdrawal taken, providers revoke', async () => {
    const accountId = service.engine.accountIdByAddress.get(provider.address.toLowerCase())!;
    await service.sequencer.submit({ kind: CommandKind.SET_PARAM, actor: SYSTEM_ACTOR, name: 'risk.payoutRequiresVerification', value: 1 });
    await service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId, amountWei: 5n * 10n ** 18n, ref: 'cli-provider-review-payout' });
    // Its own deposits may leave (rules 19): 2 of the 5 PAT paid into an organisation of its own and back are not.
    await service.sequencer.submit({ kind: CommandKind.CREATE_ORGANISATION, actor: accountId, name: 'Review Data pass-through' });
    const organisationId = service.engine.organisations.ofMember.get(accountId)!.id;
    for (const toOrganisation of [true, false]) await service.sequencer.submit({ kind: CommandKind.MOVE_ORGANISATION_FUNDS, actor: accountId, organisationId, toOrganisation, amountMicros: 2_000_000 });
    const ownLeaves = await as(provider.privateKey, ['withdraw', '3']);
    expect(ownLeaves.code, ownLeaves.err).toBe(0);
    const held = await as(provider.privateKey, ['withdraw', '1']);
    expect(held.code).toBe(1);
    expect(oneLine(held)).toBe(
      `patx: PAYOUT_HELD_UNVERIFIED: the exchange refused the withdrawal: this provider's payouts are held until the exchange's operator verifies its identity, and only its own deposits may leave meanwhile (0.0000 PAT not yet withdrawn): there is no request to send; ask the operator, who records your legal name, jurisdiction, KYC case and this wallet as the payout address (the operator's patx providers verify ${accountId}; docs/providers.md, "Held payouts"). Your sales keep settling into your balance meanwhile`,
    );

    const missing = await operator('providers', 'verify', String(accountId), '--legal-name', 'Review Data Ltd');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/required option '--jurisdiction <cc>' not specified/);
    const verified = await operator('providers', 'verify', String(accountId), '--legal-name', 'Review Data Ltd', '--jurisdiction', 'GB', '--kyc-reference', 'KYC-42');
    expect(verified.code, verified.err).toBe(0);
    expect(verified.out).toBe(`verified provider ${accountId} (Review Data Ltd, GB; KYC KYC-42; payout address ${provider.address}): its withdrawals are taken from now on, paid with the next settlement batch`);
    expect(service.engine.account(accountId)!.verified).toBe(true);
    const taken = await as(provider.privateKey, ['withdraw', '1']);
    expect(taken.code, taken.err).toBe(0);
    // Below the minimum the gateway refuses it: a refusal, not an unknown outcome (an outside review read OUTCOME_UNKNOWN).
    const pendingBefore = service.engine.account(accountId)!.pendingWithdrawalWei;
    const tooSmall = await as(provider.privateKey, ['withdraw', '0.005']);
    expect(tooSmall.code).toBe(1);
    expect(oneLine(tooSmall)).toMatch(/^patx: INVALID_FIELD: the exchange refused the withdrawal: amount_wei: a withdrawal is at least .*; nothing was taken$/);
    expect(service.engine.account(accountId)!.pendingWithdrawalWei).toBe(pendingBefore);

    expect((await operator('providers', 'verify', '999999', '--legal-name', 'X', '--jurisdiction', 'GB', '--kyc-reference', 'K')).err).toMatch(/^no provider account 999999/);
    const revoked = await operator('providers', 'unverify', String(accountId), 'the KYC case was closed');
    expect(revoked.code, revoked.err).toBe(0);
    expect(revoked.out).toBe(`revoked provider ${accountId}'s verification (the KYC case was closed): its withdrawals are held again (refused PAYOUT_HELD_UNVERIFIED)`);
    expect(service.engine.account(accountId)!.verified).toBe(false);
  });
});
