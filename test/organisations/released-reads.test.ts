/**
 * The organisation routes read the engine at their place in the sequencer's queue, answered once
 * what came before is journaled: never ahead of the journal, and never behind a change queued
 * just before them. Above all the membership statement, which a provider's gate honours until
 * it expires: it is signed only for a journaled membership, so a removal queued before the
 * request means no statement (before, the route read the engine on the spot and signed for a
 * member whose removal was queued, and a crash before journaling could leave a statement for a
 * change that never happened).
 *
 * The real sequencer, LMDB journal and engine of the gateway fixture and a real grant signer; the
 * routes called as the gateway calls them. The grant ledger is a stand-in holding the signer (the
 * membership route uses nothing else of it; the real ledger with settlement's chain is in
 * test/organisations/organisations.test.ts).
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandKind, OrganisationRole, Role, SYSTEM_ACTOR, type EngineEvent } from '../../src/engine/index.js';
import { GrantSigner, type GrantLedger } from '../../src/grants/index.js';
import type { HttpReply, HttpRequestInfo, MountedRoute } from '../../src/http-registry/index.js';
import { organisationRoutes } from '../../src/organisations/routes.js';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;
let routes: MountedRoute[];
let admin: number;
let member: number;
let organisationId: number;

async function open(): Promise<number> {
  const events = await fx.submitOk({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: Wallet.createRandom().address.toLowerCase() });
  return (events[0] as EngineEvent & { accountId: number }).accountId;
}

beforeAll(async () => {
  fx = await startGatewayFixture();
  const signer = new GrantSigner(Wallet.createRandom().privateKey, { name: 'PATX', version: '1', chainId: 31337, verifyingContract: `0x${'5f'.repeat(20)}` });
  const ledger = { signer } as unknown as GrantLedger;
  routes = organisationRoutes({ engine: fx.service.engine, sequencer: fx.service.sequencer, grants: () => ledger, purchasesOf: () => Promise.resolve({ total: 0, purchases: [] }), clock: Date.now });
  admin = await open();
  member = await open();
  const created = await fx.submitOk({ kind: CommandKind.CREATE_ORGANISATION, actor: admin, name: 'Released Reads Ltd' });
  organisationId = (created.find((e) => e.type !== undefined && 'organisationId' in e) as EngineEvent & { organisationId: number }).organisationId;
  const invited = await fx.submitOk({ kind: CommandKind.INVITE_ORGANISATION_MEMBER, actor: admin, organisationId, inviteeAccountId: member, role: OrganisationRole.READER });
  const invitationId = (invited.find((e) => 'invitationId' in e) as EngineEvent & { invitationId: number }).invitationId;
  await fx.submitOk({ kind: CommandKind.ACCEPT_ORGANISATION_INVITATION, actor: member, invitationId });
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

/** A wallet-signed GET of `operationId` by `accountId`, as the gateway hands it to the route. */
function get(operationId: string, path: string, accountId: number): Promise<HttpReply> {
  const route = routes.find((r) => r.operations.some((o) => o.operationId === operationId))!;
  const req: HttpRequestInfo = { method: 'GET', path, query: new URLSearchParams(), body: undefined, principal: 'account', accountId, operationId, params: {} };
  return route.handle(req);
}

describe('the organisation routes', () => {
  it('sign a membership statement for a journaled member, and none once a removal queued before the request is', async () => {
    const statement = await get('organisationMembership', '/v1/organisations/mine/membership', member);
    expect(statement.status).toBe(200);
    expect((statement.body as { statement: { role: number } }).statement.role).toBe(OrganisationRole.READER);

    // One tick: the admin removes the member, then the member asks for a statement.
    const removed = fx.submitOk({ kind: CommandKind.REMOVE_ORGANISATION_MEMBER, actor: admin, organisationId, memberAccountId: member });
    const asked = get('organisationMembership', '/v1/organisations/mine/membership', member);
    const [, answer] = await Promise.all([removed, asked]);
    expect(answer).toMatchObject({ status: 404, body: { error: 'NOT_IN_ORGANISATION' } });
  });

  it('show the organisation as of the commands queued before the read', async () => {
    const funded = fx.submitOk({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: fx.service.engine.organisations.byId.get(organisationId)!.accountId, amountWei: 10n ** 18n, ref: 'released-reads:1' });
    const view = get('myOrganisation', '/v1/organisations/mine', admin);
    const [, mine] = await Promise.all([funded, view]);
    expect(mine.status).toBe(200);
    expect((mine.body as { balance: { availableMicros: number } }).balance.availableMicros).toBe(1_000_000);
  });
});
