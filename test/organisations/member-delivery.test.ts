/**
 * What a member's use of its organisation's grants leaves at the exchange (issue 81 item 2;
 * docs/organisations.md, "Receipts by members", "Push for members", "Seats"): a real service (LMDB,
 * uWS on 127.0.0.1, the grant ledger), the demo provider's real server and gate, real wallets, a real
 * webhook receiver on loopback.
 *
 * - A reader's download is receipted like a holder's: the grant shows it delivered, the receipt names
 *   the member, and the provider's report of the member-signed request counts as the provider's
 *   evidence. A stranger cannot receipt it; a member removed before its receipt arrives cannot either.
 * - A member streams the grant and registers a webhook with its statement; the webhook's registration
 *   ends with the statement, and the provider's report of the push (under the member's authorisation)
 *   counts. Without the statement, or with another wallet's signature, the gate refuses.
 * - A tier subscription the organisation makes takes a seat per member; a reader may not make one;
 *   adding a member into a full tier is refused until the organisation's tier subscription is cancelled.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptOrganisationInvitation,
  cancelTierSubscription,
  downloadWithGrant,
  inviteOrganisationMember,
  getListingTiers,
  getOrganisationMembership,
  listOrganisationGrants,
  listTierSubscriptions,
  registerPush,
  removeOrganisationMember,
  signedRequest,
  signPushAuthorisation,
  streamRecords,
  subscribeTier,
  type OrganisationsHttp,
  type SignedGrant,
} from '../../src/client/index.js';
import { setDemoListingTerms } from '../../src/demo/index.js';
import { CommandKind, SYSTEM_ACTOR } from '../../src/engine/index.js';
import type { GrantDomain } from '../../src/grants/index.js';
import { createLogger } from '../../src/runtime/log.js';
import type { ProviderServer } from '../../src/provider-server/server.js';
import type { Service } from '../../src/app/service.js';
import { removeDir } from '../support/exchange-fixture.js';
import { openAccount, refusal, startGatedExchange } from '../support/organisation-fixture.js';
import { organisationGrant, organisationWithMembers } from '../support/organisation-members.js';
import { patxInProcess } from '../support/patx-cli.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/demo-gate.js';

const logger = createLogger('silent');
let dir: string;
let service: Service;
let server: ProviderServer;
let hooks: WebhookReceiver;
const hooked: Array<{ grantId: number; seq: number }> = [];
let endpoint: string;
let domain: GrantDomain;
let tieredListing: number;
const admin = Wallet.createRandom();
const trader = Wallet.createRandom();
const reader = Wallet.createRandom();
const colleague = Wallet.createRandom();
const stranger = Wallet.createRandom();
const latecomer = Wallet.createRandom();
const base = () => `http://127.0.0.1:${service.gateway.port}`;
const wsUrl = () => `ws://127.0.0.1:${service.gateway.port}/v1/trade`;
const http = (wallet: Wallet | ReturnType<typeof Wallet.createRandom>): OrganisationsHttp => ({ url: base(), wallet });
let organisationId: number;
let grant: SignedGrant;

/** Polls `read` until `ok` holds (the provider's reports reach the exchange in the background). */
async function eventually<T>(read: () => Promise<T> | T, ok: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never: ${what}`);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-org-delivery-'));
  hooks = await startWebhookReceiver((text) => {
    const body = JSON.parse(text) as { grantId: number; seq: number };
    hooked.push({ grantId: body.grantId, seq: body.seq });
    return 200;
  });
  const started = await startGatedExchange(dir, {
    logger,
    webhookAllow: [hooks.allow],
    // A tier of 4 seats, set before any grant so the grants name the version the gate serves.
    beforeGate: async (svc, cfg) => {
      const auto = cfg.contracts.map((c) => c.contract).filter((c) => c.startsWith('AUTO_INTENT|'));
      tieredListing = await setDemoListingTerms(svc.catalog, 'AUTO_INTENT', { tiers: [{ name: 'team', contracts: [auto[0]!], seats: 4, price: { rule: 'ask' } }] }, Date.now);
    },
  });
  ({ service, server, endpoint } = started);
  const { seriesId } = started;
  const accounts = new Map<Wallet | ReturnType<typeof Wallet.createRandom>, number>();
  for (const w of [admin, trader, reader, colleague, stranger, latecomer]) accounts.set(w, await openAccount(wsUrl(), w));
  for (const w of [admin, stranger]) await service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: accounts.get(w)!, amountWei: 10n ** 20n, ref: `org-delivery-${accounts.get(w)}` });
  organisationId = await organisationWithMembers(base(), admin, 'Acme Analytics', [[trader, 'trader'], [reader, 'reader'], [colleague, 'reader']], 50_000_000);
  // The trader buys 6 rights for the organisation and exercises them: one grant the organisation holds.
  grant = await organisationGrant(service, wsUrl(), trader, organisationId, seriesId, 6);
  domain = ((await (await fetch(`${base()}/v1/grants/signer`)).json()) as { domain: GrantDomain }).domain;
  await eventually(() => service.grants()!.get(grant.grant.grantId), (r) => r !== undefined, 'the grant is recorded');
});

afterAll(async () => {
  await server.close();
  await service.stop();
  await hooks.close();
  removeDir(dir);
});

describe("a member's delivery", () => {
  it("a reader's download is receipted: the grant shows it delivered, the receipt names the member, the provider's report counts as evidence", async () => {
    const membership = await getOrganisationMembership(http(reader));
    const d = await downloadWithGrant(base(), reader, grant, 1, { membership });
    expect(d.outcome).toBe('received');
    if (d.outcome !== 'received') return;
    expect(d.receipt).toMatchObject({ state: 'accepted', delivered: 1, counted: 1 });
    const listed = (await listOrganisationGrants(http(admin))).grants.find((g) => g.grant.grantId === grant.grant.grantId)!;
    expect(listed.delivered).toBe(1);
    const receipts = service.grants()!.receiptsOf(grant.grant.grantId);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.byMemberAccountId).toBe(service.engine.accountIdByAddress.get(reader.address.toLowerCase()));
    // The provider's report carries the member-signed request and its statement: the exchange takes it.
    const r = await eventually(() => service.grants()!.get(grant.grant.grantId), (x) => (x?.reportedByProvider ?? 0) >= 1, 'the provider reported the delivery');
    expect(r!.reportedByProvider).toBe(1);
    // A stranger cannot receipt the organisation's grant, with the very statement the provider signed.
    const body = { use: d.delivery!.use, nonce: d.delivery!.nonce, records: d.delivery!.records, sha256: d.delivery!.sha256, deliverySignature: d.deliverySignature };
    const byStranger = await signedRequest<{ error: string }>(base(), stranger, 'POST', `/v1/grants/${grant.grant.grantId}/receipts`, body);
    expect([byStranger.status, byStranger.body.error]).toEqual([404, 'UNKNOWN_GRANT']); // as an id that names no grant
    // Another member sending it again: the request is receipted already.
    const again = await signedRequest<{ error: string }>(base(), colleague, 'POST', `/v1/grants/${grant.grant.grantId}/receipts`, body);
    expect([again.status, again.body.error]).toEqual([409, 'RECEIPT_REPLAYED']);
  });

  it('a member removed between its download and its receipt cannot receipt: membership is read when the receipt arrives', async () => {
    const membership = await getOrganisationMembership(http(colleague));
    const d = await downloadWithGrant(base(), colleague, grant, 1, { membership, report: false });
    expect(d.outcome).toBe('received');
    if (d.outcome !== 'received') return;
    await removeOrganisationMember(http(admin), colleague.address);
    const body = { use: d.delivery!.use, nonce: d.delivery!.nonce, records: d.delivery!.records, sha256: d.delivery!.sha256, deliverySignature: d.deliverySignature };
    const late = await signedRequest<{ error: string }>(base(), colleague, 'POST', `/v1/grants/${grant.grant.grantId}/receipts`, body);
    expect([late.status, late.body.error]).toEqual([404, 'UNKNOWN_GRANT']); // no longer a party to it: as a stranger
    expect(service.grants()!.receiptsOf(grant.grant.grantId)).toHaveLength(1);
    // A member still in the organisation may receipt the same download (the exchange vouches by its own state).
    const byAdmin = await signedRequest<{ grant: { delivered: number } }>(base(), admin, 'POST', `/v1/grants/${grant.grant.grantId}/receipts`, body);
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.grant.delivered).toBe(2);
  });

  it('a member streams the grant with its statement; without it, or with another wallet signing, the gate refuses', async () => {
    const membership = await getOrganisationMembership(http(reader));
    expect(await refusal((async () => { for await (const _ of streamRecords(reader, grant, { endpoint, domain, rights: 1 })) void _; })())).toBe('NOT_CONSUMER');
    expect(await refusal((async () => { for await (const _ of streamRecords(stranger, grant, { endpoint, domain, rights: 1, membership })) void _; })())).toBe('NOT_CONSUMER');
    const events = [];
    for await (const e of streamRecords(reader, grant, { endpoint, domain, rights: 1, membership })) events.push(e);
    expect(events.map((e) => e.type)).toEqual(['batch', 'end']);
    expect(events[1]).toMatchObject({ type: 'end', reason: 'complete', delivered: 1 });
  });

  it("a member registers a webhook with its statement: it ends with the statement, the push arrives, and the provider reports it", async () => {
    const membership = await getOrganisationMembership(http(reader));
    const url = `http://127.0.0.1:${hooks.port}/patx`;
    const untilMs = Date.now() + 3_600_000;
    const bare = await signPushAuthorisation(reader, { domain, url, untilMs });
    expect(await registerPush(endpoint, grant, bare, domain)).toMatchObject({ outcome: 'refused', error: 'NOT_CONSUMER' });
    const lifted = await signPushAuthorisation(stranger, { domain, url, untilMs, membership });
    expect(await registerPush(endpoint, grant, lifted, domain)).toMatchObject({ outcome: 'refused', error: 'NOT_CONSUMER' });
    const authorisation = await signPushAuthorisation(reader, { domain, url, untilMs, membership });
    const registered = await registerPush(endpoint, grant, authorisation, domain);
    expect(registered.outcome).toBe('registered');
    if (registered.outcome !== 'registered') return;
    // The authorisation says an hour; the statement, 10 minutes: pushes end with the statement.
    expect(registered.registration.untilMs).toBe(membership.statement.expiresAtMs);
    await eventually(() => hooked, (h) => h.some((x) => x.grantId === grant.grant.grantId), 'the webhook took a batch');
    // Reported, and taken as the push it is; it counts for nothing on the grant: a push registered at the gate, not handed by
    // the exchange's courier, names no grant in what the consumer signed (docs/delivery.md, "Evidence, claims and disputes").
    await eventually(() => service.grants()!.get(grant.grant.grantId), (x) => x?.lastReport?.outcome === 'pushed', 'the provider reported the push');
  });
});

describe('patx download for a member', () => {
  it("downloads a grant id that is its organisation's (not its own) with its statement, and the receipt is accepted", async () => {
    const delivered = (await service.grants()!.get(grant.grant.grantId))!.delivered;
    const run = await patxInProcess(['download', String(grant.grant.grantId), '--qty', '1', '--out', path.join(dir, 'member.jsonl')], { PATX_WALLET_KEY: reader.privateKey, PATX_URL: base() });
    expect(run.code, run.err).toBe(0);
    expect(run.err).toMatch(new RegExp(`^grant ${grant.grant.grantId}: \\d+ record\\(s\\) .*receipt accepted`));
    expect((await service.grants()!.get(grant.grant.grantId))!.delivered).toBe(delivered + 1);
    // A stranger's wallet: neither its grant nor its organisation's.
    const refused = await patxInProcess(['download', String(grant.grant.grantId)], { PATX_WALLET_KEY: stranger.privateKey, PATX_URL: base() });
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^patx: UNKNOWN_GRANT: /);
  });
});

describe('tier seats count members', () => {
  it("the organisation's tier subscription takes a seat per member; a reader may not subscribe; a new member needs a free seat", async () => {
    const orgHttp = { url: base(), wallet: trader };
    expect(await refusal(subscribeTier({ url: base(), wallet: reader }, { listingId: tieredListing, tier: 'team', budgetMicros: 2_000_000, organisation: true }))).toBe('ROLE_FORBIDDEN');
    expect(await refusal(subscribeTier({ url: base(), wallet: colleague }, { listingId: tieredListing, tier: 'team', budgetMicros: 2_000_000, organisation: true }))).toBe('NOT_IN_ORGANISATION');
    // Admin, trader and reader: three seats of four.
    const made = await subscribeTier(orgHttp, { listingId: tieredListing, tier: 'team', budgetMicros: 2_000_000, organisation: true });
    expect(made).toMatchObject({ seatsTaken: 3, seats: 4, accountId: service.engine.organisations.byId.get(organisationId)!.accountId });
    const team = () => getListingTiers({ url: base() }, tieredListing).then((l) => l.tiers.find((t) => t.name === 'team')!);
    expect((await team()).seatsTaken).toBe(3);
    // Every member sees it; a wallet's own list is apart.
    expect((await listTierSubscriptions({ url: base(), wallet: reader })).organisationTierSubscriptions?.map((t) => t.tierSubscriptionId)).toEqual([made.tierSubscriptionId]);
    // A stranger takes the last seat for itself; then the organisation cannot add a member.
    await subscribeTier({ url: base(), wallet: stranger }, { listingId: tieredListing, tier: 'team', budgetMicros: 2_000_000 });
    expect((await team()).seatsTaken).toBe(4);
    // The seat is checked when the latecomer accepts its invitation: refused, the invitation stays pending.
    const invitation = await inviteOrganisationMember(http(admin), latecomer.address, 'reader');
    expect(await refusal(acceptOrganisationInvitation(http(latecomer), invitation.invitationId))).toBe('TIER_SEATS_FULL');
    // A reader may not cancel it; the trader does, freeing the organisation's three seats; the latecomer joins.
    expect(await refusal(cancelTierSubscription({ url: base(), wallet: reader }, made.tierSubscriptionId))).toBe('ROLE_FORBIDDEN');
    await cancelTierSubscription(orgHttp, made.tierSubscriptionId);
    expect((await team()).seatsTaken).toBe(1);
    expect((await acceptOrganisationInvitation(http(latecomer), invitation.invitationId)).role).toBe('reader');
  });

  it("every member reads the organisation's fills (GET /v1/fills?organisation=true, patx fills --org); a wallet in none is told so", async () => {
    type Fills = { fills: Array<{ side: string; qty: number; seriesId: number }> };
    const own = await signedRequest<Fills>(base(), reader, 'GET', '/v1/fills');
    expect(own.body.fills).toEqual([]);
    const org = await signedRequest<Fills>(base(), reader, 'GET', '/v1/fills?organisation=true');
    expect(org.status).toBe(200);
    // Every right the organisation bought in the series (the trader's 6, and any its tier subscription bought): its position.
    const orgAccount = service.engine.organisations.byId.get(organisationId)!.accountId;
    const p = service.engine.accounts[orgAccount]!.positions.get(grant.grant.seriesId)!;
    const bought = org.body.fills.filter((f) => f.seriesId === grant.grant.seriesId && f.side === 'BUY').reduce((n, f) => n + f.qty, 0);
    expect(bought).toBeGreaterThanOrEqual(6);
    expect(bought).toBe(p.available + p.held + p.exercised);
    expect((await signedRequest(base(), stranger, 'GET', '/v1/fills?organisation=true')).body).toMatchObject({ error: 'NOT_IN_ORGANISATION' });
    expect((await signedRequest(base(), reader, 'GET', '/v1/settlements?organisation=true')).status).toBe(200);
    const cli = await patxInProcess(['fills', '--org', '--json'], { PATX_WALLET_KEY: reader.privateKey, PATX_URL: base() });
    expect(cli.code, cli.err).toBe(0);
    expect((JSON.parse(cli.out) as Fills).fills.length).toBe(org.body.fills.length);
  });

  it("its admins and traders claim on the organisation's grant (a claim moves money); a reader is refused ROLE_FORBIDDEN, a stranger UNKNOWN_GRANT", async () => {
    const claim = (wallet: Wallet | ReturnType<typeof Wallet.createRandom>) =>
      signedRequest(base(), wallet, 'POST', `/v1/grants/${grant.grant.grantId}/claims`, { reason: 'not-received' });
    expect((await claim(reader)).body).toMatchObject({ error: 'ROLE_FORBIDDEN' });
    expect((await claim(stranger)).body).toMatchObject({ error: 'UNKNOWN_GRANT' });
    const orgAccount = service.engine.organisations.byId.get(organisationId)!.accountId;
    expect(grant.grant.consumer.toLowerCase()).toBe(service.engine.account(orgAccount)!.address.toLowerCase());
    // The trader's claim is the organisation's: the engine takes it from the grant's consumer (before: NOT_YOUR_GRANT, so
    // nobody could claim on what an organisation bought).
    const filed = await claim(trader);
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(filed.body).toMatchObject({ grantId: grant.grant.grantId });
    expect((await claim(admin)).body).toMatchObject({ error: 'CLAIM_EXISTS' });
  });
});
