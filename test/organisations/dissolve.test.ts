/**
 * The sole member leaving its organisation over a real service (engine rules 17; docs/organisations.md, "Leaving and
 * dissolving"): real wallet-signed HTTP on 127.0.0.1, a real LMDB journal. `DELETE /v1/organisations/mine/members/{own
 * address}` by the only member dissolves the organisation ({left, dissolved: true}), revokes its pending invitations
 * and frees its name; the wallet then joins another. The last admin among other members is still LAST_ADMIN; an
 * organisation whose account holds PAT is ORGANISATION_NOT_EMPTY until it is moved out. A restart keeps it dissolved.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptOrganisationInvitation,
  createOrganisation,
  getMyOrganisation,
  inviteOrganisationMember,
  listMyOrganisationInvitations,
  moveOrganisationFunds,
  removeOrganisationMember,
  TradingClient,
  type OrganisationsHttp,
} from '../../src/client/index.js';
import { loadConfig, type Config } from '../../src/app/config.js';
import { startService, type Service } from '../../src/app/service.js';
import { createLogger } from '../../src/runtime/log.js';
import { CommandKind, CURRENT_RULES, DISSOLVE_RULES, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { removeDir } from '../support/exchange-fixture.js';
import { refusal } from '../support/organisation-fixture.js';

const PAT = 1_000_000;
let dir: string;
let config: Config;
let service: Service;
const founder = Wallet.createRandom();
const invitee = Wallet.createRandom();
const team = Wallet.createRandom();
const late = Wallet.createRandom();
const http = (wallet: Wallet | ReturnType<typeof Wallet.createRandom>): OrganisationsHttp => ({ url: `http://127.0.0.1:${service.gateway.port}`, wallet });

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-org-dissolve-'));
  config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, sequencer: { snapshotEveryCommands: 3 }, scheduleIntervalMs: 60_000, settlement: { enabled: false }, quoting: { enabled: false } });
  service = await startService(config, createLogger('silent'));
  for (const w of [founder, invitee, team, late]) await (await TradingClient.connect(`ws://127.0.0.1:${service.gateway.port}/v1/trade`, { wallet: w })).close();
  const founderId = service.engine.accountIdByAddress.get(founder.address.toLowerCase())!;
  await service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: founderId, amountWei: 10n ** 20n, ref: 'dissolve-founder' });
}, 60_000);

afterAll(async () => {
  await service?.stop();
  removeDir(dir);
});

describe('the sole member leaving its organisation', () => {
  it('the service runs under the rules that let it', () => {
    expect(service.engine.rulesVersion).toBe(CURRENT_RULES);
    expect(CURRENT_RULES).toBeGreaterThanOrEqual(DISSOLVE_RULES);
  });

  it('is refused ORGANISATION_NOT_EMPTY while its account holds PAT, then dissolves it: invitations revoked, the name free, the wallet free to join another', async () => {
    const trial = await createOrganisation(http(founder), 'Trial Co');
    await inviteOrganisationMember(http(founder), invitee.address, 'reader');
    await moveOrganisationFunds(http(founder), 'in', 3 * PAT);
    expect(await refusal(removeOrganisationMember(http(founder), founder.address))).toBe('ORGANISATION_NOT_EMPTY');
    expect((await getMyOrganisation(http(founder))).members).toHaveLength(1); // nothing changed
    await moveOrganisationFunds(http(founder), 'out', 3 * PAT);
    expect(await removeOrganisationMember(http(founder), founder.address)).toEqual({ left: true, organisationId: trial.organisationId, dissolved: true });
    expect(await refusal(getMyOrganisation(http(founder)))).toBe('NOT_IN_ORGANISATION');
    // Its invitation went with it: the invitee has nothing to accept into an organisation with nobody to manage it.
    expect((await listMyOrganisationInvitations(http(invitee))).invitations).toEqual([]);
    // The name is free again: another wallet founds 'Trial Co' (a live organisation's name is still refused).
    const again = await createOrganisation(http(late), 'Trial Co');
    expect(again.organisationId).not.toBe(trial.organisationId);
    expect(await refusal(createOrganisation(http(invitee), 'trial  co'))).toBe('ORGANISATION_NAME_TAKEN');
    // The founder joins a team by invitation now.
    const acme = await createOrganisation(http(team), 'Acme Analytics');
    const invitation = await inviteOrganisationMember(http(team), founder.address, 'trader');
    expect(await acceptOrganisationInvitation(http(founder), invitation.invitationId)).toMatchObject({ organisationId: acme.organisationId, role: 'trader' });
  });

  it('the last admin among other members is still LAST_ADMIN; a member leaving never dissolves it', async () => {
    expect(await refusal(removeOrganisationMember(http(team), team.address))).toBe('LAST_ADMIN');
    expect(await removeOrganisationMember(http(founder), founder.address)).toEqual({ left: true, organisationId: (await getMyOrganisation(http(team))).organisationId, dissolved: false });
    expect((await getMyOrganisation(http(team))).members).toHaveLength(1);
  });

  it('a restart keeps the dissolved organisation dissolved and its name free', async () => {
    const id = service.engine.organisations.memberOf(service.engine.accountIdByAddress.get(late.address.toLowerCase())!)!.id;
    expect(await removeOrganisationMember(http(late), late.address)).toMatchObject({ left: true, dissolved: true });
    await service.stop();
    service = await startService(config, createLogger('silent'));
    expect(service.engine.organisations.byId.get(id)?.dissolved).toBe(true);
    expect(service.engine.organisations.live(id)).toBeUndefined();
    expect((await createOrganisation(http(invitee), 'Trial Co')).name).toBe('Trial Co');
  });
});
