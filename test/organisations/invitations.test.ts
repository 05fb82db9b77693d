/**
 * Organisation invitations over a real service (docs/organisations.md, "Invitations"): real
 * wallet-signed HTTP on 127.0.0.1, a real LMDB journal. A stranger's invitation changes nothing
 * about the invitee until it accepts; the direct add is gone from the route; accept, decline,
 * revoke; someone else's invitation id refused; the organisation's bound; a restart (a snapshot
 * every two commands, the rest from the journal) keeps the pending invitations.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptOrganisationInvitation,
  createOrganisation,
  declineOrganisationInvitation,
  getMyOrganisation,
  inviteOrganisationMember,
  listMyOrganisationInvitations,
  listOrganisationInvitations,
  removeOrganisationMember,
  revokeOrganisationInvitation,
  setOrganisationMember,
  TradingClient,
  type OrganisationsHttp,
} from '../../src/client/index.js';
import { loadConfig, type Config } from '../../src/app/config.js';
import { startService, type Service } from '../../src/app/service.js';
import { createLogger } from '../../src/runtime/log.js';
import { CommandKind, Role, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { removeDir } from '../support/exchange-fixture.js';
import { refusal } from '../support/organisation-fixture.js';

let dir: string;
let config: Config;
let service: Service;
const admin = Wallet.createRandom();
const trader = Wallet.createRandom();
const victim = Wallet.createRandom();
const stranger = Wallet.createRandom();
const other = Wallet.createRandom();
const http = (wallet: Wallet | ReturnType<typeof Wallet.createRandom>): OrganisationsHttp => ({ url: `http://127.0.0.1:${service.gateway.port}`, wallet });
let pendingOfAdmin = 0;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-org-invitations-'));
  // 100 invitations from one admin in a row: past the account's request rate (burst 100, 20 a second) when the machine
  // is quick enough; the rate is the limits' tests' (test/gateway/strangers.test.ts), the bound of 100 pending is this one's.
  config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0, httpRateLimitPerAccount: { burst: 1_000, perSecond: 1_000 } }, sequencer: { snapshotEveryCommands: 2 }, scheduleIntervalMs: 60_000, settlement: { enabled: false }, quoting: { enabled: false } });
  service = await startService(config, createLogger('silent'));
  for (const w of [admin, trader, victim, stranger, other]) await (await TradingClient.connect(`ws://127.0.0.1:${service.gateway.port}/v1/trade`, { wallet: w })).close();
}, 60_000);

afterAll(async () => {
  await service?.stop();
  removeDir(dir);
});

describe('organisation invitations', () => {
  it("a stranger's invitation changes nothing about the invitee: it founds or joins its own team, and the direct add is gone", async () => {
    await createOrganisation(http(stranger), 'Stranger Ltd');
    // The old way in (POST members with a wallet that is not a member) no longer adds it.
    expect(await refusal(setOrganisationMember(http(stranger), victim.address, 'admin'))).toBe('NOT_A_MEMBER');
    const claim = await inviteOrganisationMember(http(stranger), victim.address, 'admin');
    expect(claim).toMatchObject({ organisationName: 'Stranger Ltd', address: victim.address.toLowerCase(), role: 'admin', invitedBy: stranger.address.toLowerCase(), expired: false });
    expect(await refusal(getMyOrganisation(http(victim)))).toBe('NOT_IN_ORGANISATION');
    expect((await getMyOrganisation(http(stranger))).members).toHaveLength(1);
    expect((await listMyOrganisationInvitations(http(victim))).invitations.map((i) => i.invitationId)).toEqual([claim.invitationId]);
    // The invitee's team forms as if the claim were not there.
    await createOrganisation(http(admin), 'Acme Analytics');
    const team = await inviteOrganisationMember(http(admin), victim.address, 'trader');
    const joined = await acceptOrganisationInvitation(http(victim), team.invitationId);
    expect(joined).toMatchObject({ name: 'Acme Analytics', role: 'trader' });
    // Accepting the stranger's now is refused (one organisation per wallet); declining it ends it.
    expect(await refusal(acceptOrganisationInvitation(http(victim), claim.invitationId))).toBe('ALREADY_IN_ORGANISATION');
    expect(await declineOrganisationInvitation(http(victim), claim.invitationId)).toEqual({ declined: true, invitationId: claim.invitationId });
    expect((await listMyOrganisationInvitations(http(victim))).invitations).toEqual([]);
    expect((await listOrganisationInvitations(http(stranger))).invitations).toEqual([]);
    // A role changes as before for a member.
    expect((await setOrganisationMember(http(admin), victim.address, 'reader')).members.find((m) => m.address === victim.address.toLowerCase())?.role).toBe('reader');
  });

  it("someone else's invitation id is refused to answer or revoke; a non-admin cannot invite or list; an admin revokes", async () => {
    const inv = await inviteOrganisationMember(http(admin), trader.address, 'trader');
    expect(await refusal(inviteOrganisationMember(http(admin), trader.address, 'admin'))).toBe('ALREADY_INVITED');
    expect(await refusal(inviteOrganisationMember(http(admin), victim.address, 'admin'))).toBe('ALREADY_IN_ORGANISATION');
    expect(await refusal(inviteOrganisationMember(http(admin), Wallet.createRandom().address, 'reader'))).toBe('UNKNOWN_WALLET');
    for (const w of [other, victim, admin, stranger]) {
      expect(await refusal(acceptOrganisationInvitation(http(w), inv.invitationId))).toBe('UNKNOWN_INVITATION');
      expect(await refusal(declineOrganisationInvitation(http(w), inv.invitationId))).toBe('UNKNOWN_INVITATION');
    }
    expect(await refusal(revokeOrganisationInvitation(http(stranger), inv.invitationId))).toBe('UNKNOWN_INVITATION');
    expect(await refusal(revokeOrganisationInvitation(http(victim), inv.invitationId))).toBe('NOT_ORGANISATION_ADMIN');
    expect(await refusal(revokeOrganisationInvitation(http(other), inv.invitationId))).toBe('NOT_IN_ORGANISATION');
    expect(await refusal(inviteOrganisationMember(http(victim), other.address, 'reader'))).toBe('NOT_ORGANISATION_ADMIN');
    expect(await refusal(listOrganisationInvitations(http(victim)))).toBe('NOT_ORGANISATION_ADMIN');
    expect(await refusal(acceptOrganisationInvitation(http(trader), 999_999))).toBe('UNKNOWN_INVITATION');
    expect((await listOrganisationInvitations(http(admin))).invitations.map((i) => i.invitationId)).toEqual([inv.invitationId]);
    expect(await revokeOrganisationInvitation(http(admin), inv.invitationId)).toEqual({ revoked: true, invitationId: inv.invitationId });
    expect(await refusal(acceptOrganisationInvitation(http(trader), inv.invitationId))).toBe('UNKNOWN_INVITATION');
    expect(await refusal(getMyOrganisation(http(trader)))).toBe('NOT_IN_ORGANISATION');
    // Malformed ids and bodies never reach the engine.
    expect(await refusal(acceptOrganisationInvitation(http(trader), 0))).toMatch(/^(MALFORMED|INVALID|BAD)/);
    expect(await refusal(inviteOrganisationMember(http(admin), trader.address, 'owner' as 'admin'))).toBe('MALFORMED_INVITATION');
  });

  it('a member who leaves accepts an invitation then; an organisation has at most 100 pending', async () => {
    const back = await inviteOrganisationMember(http(stranger), victim.address, 'reader');
    expect(await refusal(acceptOrganisationInvitation(http(victim), back.invitationId))).toBe('ALREADY_IN_ORGANISATION');
    await removeOrganisationMember(http(victim), victim.address);
    expect((await acceptOrganisationInvitation(http(victim), back.invitationId)).name).toBe('Stranger Ltd');
    // The bound: 100 fresh wallets invited (each with an account, opened here as a first login would), the 101st refused.
    const wallets = Array.from({ length: 101 }, () => Wallet.createRandom());
    for (const w of wallets) await service.sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: w.address.toLowerCase() });
    for (const w of wallets.slice(0, 100)) await inviteOrganisationMember(http(admin), w.address, 'reader');
    expect(await refusal(inviteOrganisationMember(http(admin), wallets[100]!.address, 'reader'))).toBe('INVITATIONS_FULL');
    expect((await listOrganisationInvitations(http(admin))).invitations).toHaveLength(100);
    // Revoking one makes room.
    await revokeOrganisationInvitation(http(admin), (await listOrganisationInvitations(http(admin))).invitations[0]!.invitationId);
    await inviteOrganisationMember(http(admin), wallets[100]!.address, 'reader');
    await inviteOrganisationMember(http(stranger), other.address, 'trader');
    pendingOfAdmin = (await listOrganisationInvitations(http(admin))).invitations.length;
  }, 120_000);

  it('a restart (a snapshot and the journal after it) keeps the pending invitations, and they are answered after it', async () => {
    const before = (await listOrganisationInvitations(http(admin))).invitations;
    const forOther = (await listMyOrganisationInvitations(http(other))).invitations;
    await service.stop();
    service = await startService(config, createLogger('silent'));
    expect((await listOrganisationInvitations(http(admin))).invitations).toEqual(before);
    expect(before).toHaveLength(pendingOfAdmin);
    expect((await listMyOrganisationInvitations(http(other))).invitations).toEqual(forOther);
    expect((await acceptOrganisationInvitation(http(other), forOther[0]!.invitationId)).name).toBe('Stranger Ltd');
  }, 60_000);
});
