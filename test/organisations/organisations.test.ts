/**
 * Organisations end to end (issue 81 item 2; docs/organisations.md): a real service (LMDB, uWS on
 * 127.0.0.1, the grant ledger), the demo provider's real server and gate over HTTP, real wallets.
 * An admin founds an organisation and adds a trader and a reader; the trader buys and exercises for
 * the organisation over WebSocket; the reader's order is refused ROLE_FORBIDDEN, and so is anyone's
 * withdrawal from the organisation's account; the reader lists the organisation's grants and
 * downloads one through the gate with the exchange's membership statement; a stranger cannot (its
 * own statement, a forged one, a member's statement with its own signature); a removed member's
 * session is cut, it gets no new statement, and its last one stops at its expiry; the last admin
 * cannot leave; a restart keeps it all.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganisation,
  downloadWithGrant,
  getMyOrganisation,
  getOrganisationMembership,
  grantsOfAck,
  listOrganisationGrants,
  moveOrganisationFunds,
  PatxConnectionClosedError,
  rejectName,
  removeOrganisationMember,
  setOrganisationMember,
  TradingClient,
  wire,
  type OrganisationsHttp,
  type SignedGrant,
} from '../../src/client/index.js';
import type { Config } from '../../src/app/config.js';
import { CommandKind, EventType, MassCancelScope, organisationAddress, SubscriptionDelivery, SubscriptionTrigger, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { Gate, signGateRequest } from '../../src/gate/index.js';
import { GrantSigner, signMembership, type GrantDomain, type SignedMembership } from '../../src/grants/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { startDemoProviderServer } from '../../src/demo/provider-servers.js';
import type { ProviderServer } from '../../src/provider-server/server.js';
import { startService, type Service } from '../../src/app/service.js';
import { removeDir, until } from '../support/exchange-fixture.js';
import { joinByInvitation, openAccount, refusal, startGatedExchange } from '../support/organisation-fixture.js';

const logger = createLogger('silent');
let dir: string;
let service: Service;
let server: ProviderServer;
let serverPort: number;
let config: Config;
const admin = Wallet.createRandom();
const trader = Wallet.createRandom();
const reader = Wallet.createRandom();
const stranger = Wallet.createRandom();
const base = () => `http://127.0.0.1:${service.gateway.port}`;
const wsUrl = () => `ws://127.0.0.1:${service.gateway.port}/v1/trade`;
const http = (wallet: Wallet | ReturnType<typeof Wallet.createRandom>): OrganisationsHttp => ({ url: base(), wallet });
let seriesId: number;
let organisationId: number;
let grant: SignedGrant;

/** A session closed by the server: resolves with its close code. */
function closed(client: TradingClient): Promise<number> {
  return client.account().then(
    () => 0,
    (e: unknown) => (e instanceof PatxConnectionClosedError ? e.code : -1),
  );
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-orgs-'));
  ({ config, service, server, serverPort, seriesId } = await startGatedExchange(dir, { logger }));
  const adminAccount = await openAccount(wsUrl(), admin);
  for (const w of [trader, reader, stranger]) await openAccount(wsUrl(), w);
  await service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: adminAccount, amountWei: 10n ** 20n, ref: 'orgs-test' });
});

afterAll(async () => {
  await server.close();
  await service.stop();
  removeDir(dir);
});

describe('organisations', () => {
  it('an admin founds one and a trader and a reader join by invitation; a non-admin cannot manage it; the last admin cannot leave', async () => {
    const org = await createOrganisation(http(admin), 'Acme Analytics');
    organisationId = org.organisationId;
    expect(org).toMatchObject({ name: 'Acme Analytics', role: 'admin', address: organisationAddress(organisationId) });
    expect(await refusal(createOrganisation(http(admin), 'Second'))).toBe('ALREADY_IN_ORGANISATION');
    await joinByInvitation(http(admin), http(trader), 'trader');
    const view = await joinByInvitation(http(admin), http(reader), 'reader');
    expect(view.members.map((m) => m.role)).toEqual(['admin', 'trader', 'reader']);
    expect(await refusal(setOrganisationMember(http(trader), stranger.address, 'admin'))).toBe('NOT_ORGANISATION_ADMIN');
    expect(await refusal(setOrganisationMember(http(reader), reader.address, 'admin'))).toBe('NOT_ORGANISATION_ADMIN');
    expect(await refusal(setOrganisationMember(http(stranger), stranger.address, 'admin'))).toBe('NOT_IN_ORGANISATION');
    expect(await refusal(removeOrganisationMember(http(admin), admin.address))).toBe('LAST_ADMIN');
    expect(await refusal(setOrganisationMember(http(admin), admin.address, 'reader'))).toBe('LAST_ADMIN');
    expect(await refusal(removeOrganisationMember(http(trader), admin.address))).toBe('NOT_ORGANISATION_ADMIN');
    expect(await refusal(moveOrganisationFunds(http(trader), 'out', 1))).toBe('NOT_ORGANISATION_ADMIN');
    const moved = await moveOrganisationFunds(http(admin), 'in', 50_000_000);
    expect(moved.organisationBalanceMicros).toBe(50_000_000);
    expect((await getMyOrganisation(http(reader))).role).toBe('reader');
  });

  it("a move may not take a subscription's cover from the account it leaves, as a withdrawal may not (docs/subscriptions.md, \"Cover\")", async () => {
    const adminId = service.engine.accountIdByAddress.get(admin.address.toLowerCase())!;
    const free = (): number => service.engine.accounts[adminId]!.availableMicros;
    expect(free()).toBe(50_000_000);
    const contract = service.engine.series[seriesId]!.spec.contract;
    const subscribed = await service.sequencer.submit({ kind: CommandKind.SUBSCRIBE, actor: adminId, contract, qtyPerWindow: 1, capPriceMicros: 900_000, budgetMicros: 10_000_000, trigger: SubscriptionTrigger.ON_OPEN, autoExercise: false, maxSkips: 5, includeCurrent: false, delivery: SubscriptionDelivery.PULL, webhookUrl: '', pushAuthorisation: '' });
    const id = subscribed.events.find((e) => e.type === EventType.SUBSCRIPTION_CREATED);
    if (id?.type !== EventType.SUBSCRIPTION_CREATED) throw new Error('not subscribed');
    // Its next window asks 1 PAT (the minimum): 49.5 PAT into the organisation would leave 0.5.
    expect(await refusal(moveOrganisationFunds(http(admin), 'in', 49_500_000))).toBe('INSUFFICIENT_BALANCE');
    expect(free()).toBe(50_000_000);
    expect((await moveOrganisationFunds(http(admin), 'in', 49_000_000)).ownBalanceMicros).toBe(1_000_000);
    await service.sequencer.submit({ kind: CommandKind.CANCEL_SUBSCRIPTION, actor: adminId, subscriptionId: id.subscriptionId });
    expect((await moveOrganisationFunds(http(admin), 'out', 49_000_000)).ownBalanceMicros).toBe(50_000_000); // back, as before
  });

  it('the trader buys and exercises for the organisation; the reader may not trade; nobody withdraws from its account', async () => {
    const t = await TradingClient.connect(wsUrl(), { wallet: trader, organisationId });
    const r = await TradingClient.connect(wsUrl(), { wallet: reader, organisationId, cancelOnDisconnect: true });
    try {
      const orgAccount = service.engine.organisations.byId.get(organisationId)!.accountId;
      expect(t.accountId).toBe(orgAccount);
      expect(t.login.organisationRole).toBe(wire.OrganisationRole.ORG_TRADER);
      expect(r.login.organisationRole).toBe(wire.OrganisationRole.ORG_READER);
      // A reader's disconnect cancels nothing of the organisation's: that would be trading.
      expect(r.login.cancelOnDisconnect).toBe(false);
      const ask = service.engine.seriesById(seriesId)!.brokerSells.bestAskMicros();
      const order = { seriesId, clientOrderId: 1, side: wire.Side.BUY, timeInForce: wire.TimeInForce.IOC, priceMicros: ask, qty: 2 };
      expect(await refusal(r.newOrder(order))).toBe('ROLE_FORBIDDEN');
      expect(await refusal(r.exercise(seriesId, 1))).toBe('ROLE_FORBIDDEN');
      expect(await refusal(t.requestWithdrawal(1_000_000_000_000n))).toBe('ROLE_FORBIDDEN');
      // The reader reads the organisation's account.
      expect(Number((await r.account()).accountId)).toBe(orgAccount);
      const bought = await t.newOrder(order);
      expect((bought.reports ?? []).some((x) => x.execType === wire.ExecType.EXEC_TRADE)).toBe(true);
      const grants = grantsOfAck(await t.exercise(seriesId, 2));
      expect(grants).toHaveLength(1);
      grant = grants[0]!;
      // The grant names the organisation's account: no member's key signs for it alone.
      expect(grant.grant.consumer.toLowerCase()).toBe(organisationAddress(organisationId));
    } finally {
      await t.close();
      await r.close();
    }
  });

  it("a trader made a reader keeps its session without cancel-on-disconnect: the journaled arming ends, and its close cancels nothing of the organisation's", async () => {
    const orgAccount = service.engine.organisations.byId.get(organisationId)!.accountId;
    const armed = (): number => service.engine.cancelOnDisconnect.armed.get(orgAccount) ?? 0;
    const t = await TradingClient.connect(wsUrl(), { wallet: trader, organisationId, cancelOnDisconnect: true });
    expect(t.login.cancelOnDisconnect).toBe(true);
    await until(() => armed() === 1, 'the session to be armed'); // queued before the login's answer, journaled in its turn
    const bid = { seriesId, clientOrderId: 77, side: wire.Side.BUY, timeInForce: wire.TimeInForce.GTC, priceMicros: service.engine.seriesById(seriesId)!.spec.minPriceMicros, qty: 1 };
    expect(rejectName(await t.newOrder(bid))).toBe('NONE');
    await setOrganisationMember(http(admin), trader.address, 'reader');
    await until(() => armed() === 0, 'the demoted session to be disarmed');
    await t.close();
    await new Promise((resolve) => setTimeout(resolve, 200)); // a close handler that still cancelled would have queued by now
    expect(service.engine.accounts[orgAccount]!.openOrders).toBe(1);
    await setOrganisationMember(http(admin), trader.address, 'trader');
    await service.sequencer.submit({ kind: CommandKind.MASS_CANCEL, actor: orgAccount, scope: MassCancelScope.ACCOUNT, accountId: orgAccount, seriesId: 0 });
    expect(service.engine.accounts[orgAccount]!.openOrders).toBe(0);
  });

  it('the reader lists the grant and downloads it through the real gate with its membership statement', async () => {
    await service.grants()!.get(grant.grant.grantId); // recorded
    const listed = await listOrganisationGrants(http(reader));
    expect(listed.grants.map((g) => g.grant.grantId)).toContain(grant.grant.grantId);
    const membership = await getOrganisationMembership(http(reader));
    expect(membership.statement).toMatchObject({ organisation: expect.stringMatching(/^0x6[fF]72/), role: 3 });
    expect(membership.statement.member.toLowerCase()).toBe(reader.address.toLowerCase());
    // Without the statement, the reader's own signature is not the grant's consumer's.
    const bare = await downloadWithGrant(base(), reader, grant, 1, { report: false });
    expect(bare).toMatchObject({ outcome: 'refused', error: 'NOT_CONSUMER' });
    const d = await downloadWithGrant(base(), reader, grant, 1, { membership });
    expect(d.outcome).toBe('received');
    if (d.outcome === 'received') expect(d.records.length).toBeGreaterThan(0);
  });

  it('a stranger cannot: no statement for it, a forged one is refused, a member\'s statement needs the member\'s signature', async () => {
    expect(await refusal(getOrganisationMembership(http(stranger)))).toBe('NOT_IN_ORGANISATION');
    expect(await refusal(listOrganisationGrants(http(stranger)))).toBe('NOT_IN_ORGANISATION');
    const readerStatement = await getOrganisationMembership(http(reader));
    const lifted = await downloadWithGrant(base(), stranger, grant, 1, { membership: readerStatement });
    expect(lifted).toMatchObject({ outcome: 'refused', error: 'NOT_CONSUMER' });
    // A statement naming the stranger, signed by a key that is not the exchange's.
    const fakeSigner = new GrantSigner(Wallet.createRandom().privateKey, readerStatement.domain);
    const forged = signMembership(fakeSigner, { ...readerStatement.statement, member: stranger.address });
    expect(await downloadWithGrant(base(), stranger, grant, 1, { membership: forged })).toMatchObject({ outcome: 'refused', error: 'FORGED_MEMBERSHIP' });
    // The real statement with its fields changed to name the stranger: the exchange's signature no longer holds.
    const altered: SignedMembership = { ...readerStatement, statement: { ...readerStatement.statement, member: stranger.address } };
    expect(await downloadWithGrant(base(), stranger, grant, 1, { membership: altered })).toMatchObject({ outcome: 'refused', error: 'FORGED_MEMBERSHIP' });
  });

  it('a removed member: its session is cut, no new statement, and its last one stops at its expiry (a gate whose clock is past it)', async () => {
    const r = await TradingClient.connect(wsUrl(), { wallet: reader, organisationId });
    const last = await getOrganisationMembership(http(reader));
    await removeOrganisationMember(http(admin), reader.address);
    expect(await closed(r)).toBe(4000 + wire.ErrorCode.NOT_ORGANISATION_MEMBER);
    expect(await refusal(getOrganisationMembership(http(reader)))).toBe('NOT_IN_ORGANISATION');
    expect(await refusal(TradingClient.connect(wsUrl(), { wallet: reader, organisationId }))).toMatch(/NOT_ORGANISATION_MEMBER|AUTH/);
    // A real gate (its own LMDB) for the demo provider, its clock one ms past the statement's expiry.
    const signer = (await (await fetch(`${base()}/v1/grants/signer`)).json()) as { domain: GrantDomain; signer: string };
    const gate = new Gate({
      domain: signer.domain, exchangeSigner: signer.signer, provider: grant.grant.provider, endpoint: 'http://127.0.0.1:1/records',
      serves: () => true, dir: path.join(dir, 'expiry-gate'), clock: () => last.statement.expiresAtMs + 1,
    });
    try {
      const request = await signGateRequest(reader, grant, 1, { domain: signer.domain, endpoint: 'http://127.0.0.1:1/records', timeMs: last.statement.expiresAtMs + 1, membership: last });
      expect(await refusal(gate.admit(request))).toBe('MEMBERSHIP_EXPIRED');
      // The same request a moment before the expiry is served: the statement was the only thing that stopped it.
      const gateBefore = new Gate({
        domain: signer.domain, exchangeSigner: signer.signer, provider: grant.grant.provider, endpoint: 'http://127.0.0.1:1/records',
        serves: () => true, dir: path.join(dir, 'expiry-gate-before'), clock: () => last.statement.expiresAtMs - 1,
      });
      const early = await signGateRequest(reader, grant, 1, { domain: signer.domain, endpoint: 'http://127.0.0.1:1/records', timeMs: last.statement.expiresAtMs - 1, membership: last });
      expect((await gateBefore.admit(early)).use).toBe(1);
      await gateBefore.close();
    } finally {
      await gate.close();
    }
  });

  it('a removed trader: its session is cut and a new login for the organisation is refused', async () => {
    const t = await TradingClient.connect(wsUrl(), { wallet: trader, organisationId });
    await removeOrganisationMember(http(admin), trader.address);
    expect(await closed(t)).toBe(4000 + wire.ErrorCode.NOT_ORGANISATION_MEMBER);
    expect(await refusal(TradingClient.connect(wsUrl(), { wallet: trader, organisationId }))).toMatch(/NOT_ORGANISATION_MEMBER|AUTH/);
    // Its own account still logs in as ever.
    const own = await TradingClient.connect(wsUrl(), { wallet: trader });
    expect(own.login.organisationId ?? 0).toBe(0);
    await own.close();
  });

  it('a restart keeps the organisation, its members and its grants', async () => {
    await server.close();
    await service.stop();
    service = await startService(config, logger);
    server = await startDemoProviderServer({ dataDir: dir, host: '127.0.0.1', port: serverPort, exchangeUrl: base(), log: logger });
    const org = await getMyOrganisation(http(admin));
    expect(org.organisationId).toBe(organisationId);
    expect(org.members.map((m) => [m.address.toLowerCase(), m.role])).toEqual([[admin.address.toLowerCase(), 'admin']]);
    expect(org.balance.availableMicros).toBeLessThan(50_000_000); // it paid for the rights
    expect((await listOrganisationGrants(http(admin))).grants.map((g) => g.grant.grantId)).toContain(grant.grant.grantId);
    expect(await refusal(getMyOrganisation(http(reader)))).toBe('NOT_IN_ORGANISATION');
  });
});
