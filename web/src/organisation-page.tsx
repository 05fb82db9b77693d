/**
 * The organisation (#/organisation; docs/organisations.md): for the wallet signed in on the
 * account page, its organisation's name, account and PAT, its members and their roles, its
 * purchases and its grants. Every role downloads a grant at the provider's gate with the
 * exchange's membership statement; only admins and traders see the ticket that buys for the
 * organisation (a session logged in for it: the reader's would be refused ROLE_FORBIDDEN, so the
 * page does not offer it). Its subscriptions (Cancel for admins and traders) and its fills: organisation-activity.tsx. Reads happen when the page opens and by its reload button, never on a
 * timer (a browser wallet asks its user to sign each one). Every refusal shows by name.
 * Membership is by invitation: a wallet in no organisation sees its pending invitations and
 * accepts or declines them here; an admin invites by address and revokes what is pending.
 */
import { useEffect, useState } from 'preact/hooks';
import {
  acceptOrganisationInvitation,
  declineOrganisationInvitation,
  createOrganisation,
  getMyOrganisation,
  inviteOrganisationMember,
  listMyOrganisationInvitations,
  listOrganisationInvitations,
  revokeOrganisationInvitation,
  getOrganisationMembership,
  listOrganisationGrants,
  listOrganisationPurchases,
  OrganisationError,
  type Organisation,
  type OrganisationGrant,
  type OrganisationInvitation,
  type OrganisationRoleName,
  type OrganisationsHttp,
} from '../../src/client/organisations.js';
import { downloadWithGrant } from '../../src/client/delivery.js';
import { socketUrls } from './endpoints.js';
import { TradingClient } from '../../src/client/trading-client.js';
import { wire } from '../../src/proto/index.js';
import type { AccountSession } from './account-session.js';
import type { Purchase } from '../../src/client/catalog.js';
import { ACCOUNT_SIGN_IN } from './account-slot.js';
import { AccountGate } from './account-gate.js';
import { date, pat, windowSpan } from './format.js';
import { market } from './market.js';
import { num, Table } from './session-ui.js';
import { useSeriesTerms } from './series-terms.js';
import { OrganisationFills, OrganisationSubscriptions } from './organisation-activity.js';

type View =
  | { state: 'loading' }
  | { state: 'none'; message: string; invitations: OrganisationInvitation[] }
  | { state: 'ok'; org: Organisation; grants: OrganisationGrant[]; purchases: Purchase[]; invitations: OrganisationInvitation[] }
  | { state: 'refused'; reason: string; message: string };

/** A row's series: its contract and id, EXPIRED once closed (its terms looked up when the session's list has it no more). */
function SeriesCell({ s, seriesId }: { s: AccountSession; seriesId: number }) {
  const t = useSeriesTerms(seriesId, s.seriesInfo(seriesId));
  return <a href={`#/series/${seriesId}`}>{t === undefined ? `#${seriesId}` : `${t.contract} #${seriesId}${t.status === 'EXPIRED' ? ' · EXPIRED' : ''}`}</a>;
}

function httpOf(s: AccountSession): OrganisationsHttp {
  return { url: location.origin, wallet: s.signer, chainId: s.chainId };
}

async function load(s: AccountSession): Promise<View> {
  const http = httpOf(s);
  try {
    const org = await getMyOrganisation(http);
    const [grants, purchases, invitations] = await Promise.all([
      listOrganisationGrants(http, { limit: 50 }),
      listOrganisationPurchases(http, { limit: 50 }),
      // Only admins may list what the organisation has sent.
      org.role === 'admin' ? listOrganisationInvitations(http) : Promise.resolve({ invitations: [] }),
    ]);
    return { state: 'ok', org, grants: grants.grants, purchases: purchases.purchases as Purchase[], invitations: invitations.invitations };
  } catch (e) {
    if (e instanceof OrganisationError && e.code === 'NOT_IN_ORGANISATION') {
      try {
        return { state: 'none', message: e.detail, invitations: (await listMyOrganisationInvitations(http)).invitations };
      } catch (inner) {
        return { state: 'refused', reason: inner instanceof OrganisationError ? inner.code : 'ERROR', message: inner instanceof Error ? inner.message : String(inner) };
      }
    }
    return { state: 'refused', reason: e instanceof OrganisationError ? e.code : 'ERROR', message: e instanceof Error ? e.message : String(e) };
  }
}

/** One grant's download with the member's statement: what came back, or the refusal by name. */
function GrantDownload({ s, g }: { s: AccountSession; g: OrganisationGrant }) {
  const [state, setState] = useState<string>('');
  const go = async (): Promise<void> => {
    setState('…');
    try {
      const membership = await getOrganisationMembership(httpOf(s));
      const d = await downloadWithGrant(location.origin, s.signer, { grant: g.grant, signature: g.signature }, 1, { chainId: s.chainId, membership });
      setState(d.outcome === 'received' ? `received ${d.records.length} record(s)` : d.outcome === 'refused' ? `refused: ${d.error}` : d.outcome);
    } catch (e) {
      setState(`refused: ${e instanceof OrganisationError ? e.code : String(e)}`);
    }
  };
  return (
    <span>
      <button type="button" data-testid="org-download" onClick={() => void go()}>
        Download 1 right
      </button>{' '}
      <span data-testid="org-download-state">{state}</span>
    </span>
  );
}

/** Buys for the organisation at the ask, IOC, over a session logged in for it (admins and traders only). */
function OrganisationTicket({ s, org }: { s: AccountSession; org: Organisation }) {
  const spot = s.series.filter((x) => x.status === wire.SeriesStatus.TRADING && x.kind === wire.SeriesKind.SPOT && Number(x.openAtMs) <= Date.now());
  const [seriesId, setSeriesId] = useState(Number(spot[0]?.seriesId ?? 0));
  const [state, setState] = useState('');
  const buy = async (): Promise<void> => {
    const ask = market.series.get(seriesId)?.askMicros ?? 0;
    if (ask <= 0) return setState('the broker asks nothing in this series now');
    setState('…');
    let client: TradingClient | undefined;
    try {
      client = await TradingClient.connect((await socketUrls()).trade, { wallet: s.signer, organisationId: org.organisationId });
      const ack = await client.newOrder({ seriesId, clientOrderId: Date.now(), side: wire.Side.BUY, orderType: wire.OrderType.LIMIT, timeInForce: wire.TimeInForce.IOC, priceMicros: ask, qty: 1 });
      const filled = (ack.reports ?? []).some((r) => r.execType === wire.ExecType.EXEC_TRADE);
      setState(filled ? `bought 1 at ${pat(ask)} PAT for ${org.name}` : `not filled (${wire.RejectReason[ack.rejectReason ?? 0] ?? ''})`);
    } catch (e) {
      setState(`refused: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      await client?.close();
    }
  };
  return (
    <div class="panel acct-form" data-testid="org-ticket">
      <h2>Buy for {org.name}</h2>
      <label>
        Series
        <select data-testid="org-ticket-series" value={seriesId} onChange={(e) => setSeriesId(Number((e.target as HTMLSelectElement).value))}>
          {spot.map((x) => (
            <option key={String(x.seriesId)} value={Number(x.seriesId)}>
              {x.contract} #{String(x.seriesId)} · {windowSpan(Number(x.openAtMs), Number(x.closeAtMs))}
            </option>
          ))}
        </select>
      </label>
      <button type="button" data-testid="org-ticket-buy" onClick={() => void buy()}>
        Buy 1 at the ask
      </button>{' '}
      <span data-testid="org-ticket-state">{state}</span>
    </div>
  );
}

/** Runs one signed call for a button: its outcome or the refusal by name, then the page reloads on success. */
function useSignedAction(reload: () => void): [string, (run: () => Promise<string>) => Promise<void>] {
  const [state, setState] = useState('');
  const act = async (run: () => Promise<string>): Promise<void> => {
    setState('…');
    try {
      setState(await run());
      reload();
    } catch (e) {
      setState(`refused: ${e instanceof OrganisationError ? `${e.code}: ${e.detail}` : String(e)}`);
    }
  };
  return [state, act];
}

/** A wallet in no organisation: the invitations addressed to it, each accepted or declined here. */
function MyInvitations({ s, invitations, reload }: { s: AccountSession; invitations: OrganisationInvitation[]; reload: () => void }) {
  const [state, act] = useSignedAction(reload);
  return (
    <div class="panel" data-testid="org-my-invitations">
      <h2>Invitations</h2>
      <Table testid="org-invitations-received" columns={['Organisation', 'Role', 'Invited by', 'Lapses', '']} empty="No invitations" rows={invitations.map((i) => (
        <tr key={i.invitationId} data-invitation-id={i.invitationId}>
          <td>{i.organisationName}</td>
          <td>{i.role}</td>
          <td class="sid">{i.invitedBy}</td>
          <td>{i.expired ? 'lapsed' : date(i.expiresAtMs)}</td>
          <td>
            <button type="button" data-testid="org-accept" disabled={i.expired} onClick={() => void act(async () => `joined ${(await acceptOrganisationInvitation(httpOf(s), i.invitationId)).name}`)}>
              Accept
            </button>{' '}
            <button type="button" data-testid="org-decline" onClick={() => void act(async () => (await declineOrganisationInvitation(httpOf(s), i.invitationId), 'declined'))}>
              Decline
            </button>
          </td>
        </tr>
      ))} />
      <span data-testid="org-invitation-state">{state}</span>
    </div>
  );
}

/** Founds an organisation (POST /v1/organisations): the wallet becomes its admin. The console could not; only the CLI did. */
function CreateOrganisation({ s, reload }: { s: AccountSession; reload: () => void }) {
  const [name, setName] = useState('');
  const [state, act] = useSignedAction(reload);
  return (
    <div class="panel acct-form" data-testid="org-create">
      <h2>Found an organisation</h2>
      <label>
        Name
        <input data-testid="org-create-name" value={name} maxLength={100} placeholder="Acme Analytics" onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      </label>
      <button type="button" data-testid="org-create-send" disabled={name.trim() === ''} onClick={() => void act(async () => `founded ${(await createOrganisation(httpOf(s), name.trim())).name}`)}>
        Create
      </button>{' '}
      <span data-testid="org-create-state">{state}</span>
    </div>
  );
}

/** An admin's: invite a wallet (it has logged in once) with a role; what is pending, each revocable. */
function InviteMembers({ s, invitations, reload }: { s: AccountSession; invitations: OrganisationInvitation[]; reload: () => void }) {
  const [address, setAddress] = useState('');
  const [role, setRole] = useState<OrganisationRoleName>('reader');
  const [state, act] = useSignedAction(reload);
  return (
    <div class="panel acct-form" data-testid="org-invite">
      <h2>Invite a member</h2>
      <label>
        Wallet address
        <input data-testid="org-invite-address" value={address} placeholder="0x…" onInput={(e) => setAddress((e.target as HTMLInputElement).value.trim())} />
      </label>
      <label>
        Role
        <select data-testid="org-invite-role" value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as OrganisationRoleName)}>
          <option value="reader">reader</option>
          <option value="trader">trader</option>
          <option value="admin">admin</option>
        </select>
      </label>
      <button type="button" data-testid="org-invite-send" onClick={() => void act(async () => `invited ${(await inviteOrganisationMember(httpOf(s), address, role)).address} as ${role}`)}>
        Invite
      </button>{' '}
      <span data-testid="org-invite-state">{state}</span>
      <Table testid="org-invitations-sent" columns={['Wallet', 'Role', 'Lapses', '']} empty="No invitations pending" rows={invitations.map((i) => (
        <tr key={i.invitationId} data-invitation-id={i.invitationId}>
          <td class="sid">{i.address}</td>
          <td>{i.role}</td>
          <td>{i.expired ? 'lapsed' : date(i.expiresAtMs)}</td>
          <td>
            <button type="button" data-testid="org-revoke" onClick={() => void act(async () => (await revokeOrganisationInvitation(httpOf(s), i.invitationId), 'revoked'))}>
              Revoke
            </button>
          </td>
        </tr>
      ))} />
    </div>
  );
}

function Signed({ s }: { s: AccountSession }) {
  const [view, setView] = useState<View>({ state: 'loading' });
  // Bumped by the page's Reload: the activity panels (organisation-activity.tsx) read again with it.
  const [reads, setReads] = useState(0);
  const reload = (): void => {
    setReads((n) => n + 1);
    void load(s).then(setView);
  };
  useEffect(reload, [s]);
  if (view.state === 'loading') return <div class="panel">Loading the organisation…</div>;
  if (view.state === 'none')
    return (
      <div>
        <div class="panel" data-testid="org-none">
          <h2>No organisation yet</h2>
          <p>This wallet belongs to no organisation. Found one (you become its admin, and invite the others), or accept an invitation below.</p>
        </div>
        <CreateOrganisation s={s} reload={reload} />
        <MyInvitations s={s} invitations={view.invitations} reload={reload} />
      </div>
    );
  if (view.state === 'refused') return <div class="banner" role="alert" data-testid="org-refused">{view.reason}: {view.message}</div>;
  const { org, grants, purchases, invitations } = view;
  const trades = org.role === 'admin' || org.role === 'trader';
  return (
    <div data-testid="org-page">
      <div class="panel">
        <h2 data-testid="org-name">{org.name}</h2>
        <p>
          You are <strong data-testid="org-role">{org.role}</strong>. Its account #{org.accountId} holds <span data-testid="org-balance">{pat(org.balance.availableMicros)}</span> PAT free.{' '}
          <button type="button" data-testid="org-reload" onClick={reload}>
            Reload
          </button>
        </p>
      </div>
      {trades ? <OrganisationTicket s={s} org={org} /> : <p class="panel" data-testid="org-no-ticket">Readers download the organisation's grants; they do not trade.</p>}
      <div class="panel">
        <h2>Members</h2>
        <Table testid="org-members" columns={['Wallet', 'Role']} empty="No members" rows={org.members.map((m) => (
          <tr key={m.accountId} data-role={m.role}>
            <td class="sid">{m.address}</td>
            <td>{m.role}</td>
          </tr>
        ))} />
      </div>
      {org.role === 'admin' ? <InviteMembers s={s} invitations={invitations} reload={reload} /> : null}
      <div class="panel">
        <h2>Grants</h2>
        <Table testid="org-grants" columns={['Grant', 'Series', num('Rights'), num('Delivered'), 'Expires', '']} empty="No grants yet" rows={grants.map((g) => (
          <tr key={g.grant.grantId} data-grant-id={g.grant.grantId}>
            <td>#{g.grant.grantId}</td>
            <td><SeriesCell s={s} seriesId={g.grant.seriesId} /></td>
            <td class="num">{g.grant.quantity}</td>
            <td class="num">{g.delivered}</td>
            <td>{date(g.grant.expiresAtMs)}</td>
            <td><GrantDownload s={s} g={g} /></td>
          </tr>
        ))} />
      </div>
      <OrganisationSubscriptions s={s} role={org.role} reads={reads} />
      <OrganisationFills s={s} reads={reads} />
      <div class="panel">
        <h2>Purchases</h2>
        <Table testid="org-purchases" columns={['Series', num('Rights'), num('Price (PAT)'), 'When']} empty="No purchases yet" rows={purchases.map((p) => (
          <tr key={p.tradeId}>
            <td><SeriesCell s={s} seriesId={p.seriesId} /></td>
            <td class="num">{p.qty}</td>
            <td class="num">{pat(p.priceMicros)}</td>
            <td>{date(p.atMs)}</td>
          </tr>
        ))} />
      </div>
    </div>
  );
}

export function OrganisationPage() {
  return <AccountGate text={{ ...ACCOUNT_SIGN_IN, title: 'Organisation' }} signed={(s) => <Signed s={s} />} />;
}
