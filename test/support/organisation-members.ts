/**
 * An organisation with members, as the member tests and the console's Organisation page set one up
 * over the real HTTP routes: the admin founds it, invites its members (each accepts), and moves PAT into its account;
 * a trader of it buys at the broker's ask and exercises, so the organisation holds a grant.
 */
import type { Wallet } from 'ethers';
import { createOrganisation, grantsOfAck, moveOrganisationFunds, TradingClient, wire, type MessageSigner, type OrganisationRoleName, type SignedGrant } from '../../src/client/index.js';
import type { Service } from '../../src/app/service.js';
import { joinByInvitation } from './organisation-fixture.js';

type MemberWallet = MessageSigner & Pick<Wallet, 'address'>;

/** Founded by `admin` (whose account has the PAT) at the gateway `url`, `members` added in order, `fundsMicros` moved in: the organisation's id. */
export async function organisationWithMembers(url: string, admin: MessageSigner, name: string, members: ReadonlyArray<readonly [MemberWallet, OrganisationRoleName]>, fundsMicros: number): Promise<number> {
  const http = { url, wallet: admin };
  const { organisationId } = await createOrganisation(http, name);
  // Each joins with its consent: the admin invites, the member accepts (docs/organisations.md, "Invitations").
  for (const [member, role] of members) await joinByInvitation(http, { url, wallet: member }, role);
  await moveOrganisationFunds(http, 'in', fundsMicros);
  return organisationId;
}

/** A trader (or admin) of the organisation buys `qty` at the broker's best ask (IOC) for it and exercises them: the one grant made. */
export async function organisationGrant(service: Service, wsUrl: string, trader: MessageSigner, organisationId: number, seriesId: number, qty: number): Promise<SignedGrant> {
  const t = await TradingClient.connect(wsUrl, { wallet: trader, organisationId });
  try {
    const ask = service.engine.seriesById(seriesId)!.brokerSells.bestAskMicros();
    await t.newOrder({ seriesId, clientOrderId: 1, side: wire.Side.BUY, timeInForce: wire.TimeInForce.IOC, priceMicros: ask, qty });
    return grantsOfAck(await t.exercise(seriesId, qty))[0]!;
  } finally {
    await t.close();
  }
}
