/**
 * A wallet's organisation from the command line (issue 81; docs/organisations.md), through the
 * client's wallet-signed /v1/organisations calls (src/client/organisations.ts):
 *
 *   patx org create 'Acme Analytics'        found one: the wallet is its first admin
 *   patx org show                           its account, balance, members and roles (the default)
 *   patx org invite 0xABC… --role reader    invite a wallet (admins; it has logged in once): it joins when it accepts
 *   patx org invitations [--sent]           invitations to you (--sent: your organisation's pending ones, admins)
 *   patx org accept 7 | patx org decline 7  answer an invitation addressed to you
 *   patx org revoke 7                       withdraw one of your organisation's (admins)
 *   patx org role 0xABC… trader             change a member's role (admins; the last admin stays)
 *   patx org remove 0xABC…                  remove a member (admins), or leave (your own address; the only member's leave dissolves it)
 *   patx org fund 10 | patx org fund 5 --out   PAT into the organisation (members) or out to you (admins)
 *
 * The wallet as for `patx withdraw`: PATX_WALLET_KEY, --key-file or --dev-key; the gateway from
 * PATX_URL or --gateway. A refusal prints one line with the server's code and message and exits
 * 1; a bad argument exits 2 (commander). The client loads inside the action, so `patx --help`
 * never pays for it.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { table } from '../operator/cli-format.js';
import { patExact } from '../client/pat.js';
import { utc } from './trading-format.js';
import type { Organisation, OrganisationInvitation, OrganisationRoleName, OrganisationsHttp } from '../client/organisations.js';
import { refusalWords } from './command-output.js';
import { parsePatMicros } from './subscriptions.js';
import { addWalletOptions, connectWallet, WalletCommandError, type WalletOptions } from './wallet-options.js';

const ROLES = ['admin', 'trader', 'reader'] as const;

function address(text: string): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) throw new InvalidArgumentError('expected a wallet address, 0x and 40 hex digits');
  return text;
}

function role(text: string): OrganisationRoleName {
  if (!(ROLES as readonly string[]).includes(text)) throw new InvalidArgumentError(`expected one of ${ROLES.join(', ')}`);
  return text as OrganisationRoleName;
}

/** The organisation as a few lines and a table of its members. */
export function describeOrganisation(org: Organisation): string {
  const b = org.balance;
  return [
    `organisation ${org.organisationId}: ${org.name} (you are ${org.role ?? 'not a member'})`,
    `its account ${org.accountId} (${org.address}): ${patExact(b.availableMicros)} PAT free, ${patExact(b.heldMicros)} held, ${patExact(b.lockedMicros)} locked`,
    '',
    table(org.members.map((m) => ({ ACCOUNT: m.accountId, WALLET: m.address, ROLE: m.role }))),
  ].join('\n');
}

/** The invitations as a table. */
export function describeInvitations(invitations: OrganisationInvitation[], none: string): string {
  if (invitations.length === 0) return none;
  return table(invitations.map((i) => ({ ID: i.invitationId, ORGANISATION: `${i.organisationId} ${i.organisationName}`, WALLET: i.address, ROLE: i.role, 'INVITED BY': i.invitedBy, UNTIL: `${utc(i.expiresAtMs)}${i.expired ? ' (lapsed)' : ''}` })));
}

function invitationId(text: string): number {
  if (!/^[1-9][0-9]{0,15}$/.test(text) || !Number.isSafeInteger(Number(text))) throw new InvalidArgumentError('expected an invitation id, a positive integer (patx org invitations lists them)');
  return Number(text);
}

/** Adds `org create|show|invite|invitations|accept|decline|revoke|role|remove|fund` to the program; `run` receives the exit code, `json` says whether --json was given. */
export function addOrganisationCommands(program: Command, run: (code: Promise<number> | number) => void, json: () => boolean): void {
  const act = (o: WalletOptions, work: (client: typeof import('../client/organisations.js'), http: OrganisationsHttp) => Promise<{ value: unknown; text: string }>): void => {
    const done = (async () => {
      const [client, http] = await Promise.all([import('../client/organisations.js'), connectWallet(o)]);
      return work(client, http);
    })();
    run(
      done.then(
        (r) => {
          console.log(json() ? JSON.stringify(r.value) : r.text);
          return 0;
        },
        (error: unknown) => {
          const e = error as { name?: unknown; code?: unknown; detail?: unknown; message?: unknown };
          if (!(error instanceof WalletCommandError) && e.name !== 'OrganisationError') throw error; // not a refusal: runCli prints it in one line too
          const code = String(e.code);
          const message = refusalWords(code, e.detail, String(e.message));
          console.error(json() ? JSON.stringify({ error: code, message }) : `patx: ${code}: ${message}`);
          return 1;
        },
      ),
    );
  };
  const org = program.command('org').description("your organisation: members with roles (admin, trader, reader) trading through its own account (docs/organisations.md)");

  addWalletOptions(org.command('create').argument('<name>', "the organisation's name, 1 to 64 characters").description('found an organisation: you are its first admin')).action((name: string, o: WalletOptions) =>
    act(o, async (client, http) => {
      const made = await client.createOrganisation(http, name);
      return { value: made, text: `created: organisation ${made.organisationId} (${made.name}), its account ${made.accountId}; you are its admin (patx org invite ADDRESS --role reader)` };
    }),
  );
  addWalletOptions(org.command('show', { isDefault: true }).description('your organisation: its account, balance, members and roles')).action((o: WalletOptions) =>
    act(o, async (client, http) => {
      const mine = await client.getMyOrganisation(http);
      return { value: mine, text: describeOrganisation(mine) };
    }),
  );
  addWalletOptions(
    org.command('invite').argument('<address>', 'the wallet to invite (it has logged in once)', address).description('invite a wallet with a role (admins): it joins when it accepts')
      .addOption(new Option('--role <role>', 'admin, trader or reader').choices([...ROLES]).default('reader')),
  ).action((who: string, o: WalletOptions & { role: OrganisationRoleName }) =>
    act(o, async (client, http) => {
      const made = await client.inviteOrganisationMember(http, who, o.role);
      return { value: made, text: `invited ${who} as ${o.role}: invitation ${made.invitationId}, until ${utc(made.expiresAtMs)}; it joins when it accepts (patx org accept ${made.invitationId})` };
    }),
  );
  addWalletOptions(org.command('invitations').description('invitations addressed to you; with --sent, your organisation\'s pending ones (admins)').option('--sent', "your organisation's pending invitations (admins)", false)).action((o: WalletOptions & { sent: boolean }) =>
    act(o, async (client, http) => {
      const r = o.sent ? await client.listOrganisationInvitations(http) : await client.listMyOrganisationInvitations(http);
      return { value: r, text: describeInvitations(r.invitations, o.sent ? 'your organisation has no pending invitations' : 'no invitations for you') };
    }),
  );
  addWalletOptions(org.command('accept').argument('<id>', 'an invitation addressed to you', invitationId).description('accept an invitation: you join the organisation with its role')).action((id: number, o: WalletOptions) =>
    act(o, async (client, http) => {
      const joined = await client.acceptOrganisationInvitation(http, id);
      return { value: joined, text: `joined organisation ${joined.organisationId} (${joined.name}) as ${joined.role ?? '?'}\n\n${describeOrganisation(joined)}` };
    }),
  );
  addWalletOptions(org.command('decline').argument('<id>', 'an invitation addressed to you', invitationId).description('decline an invitation')).action((id: number, o: WalletOptions) =>
    act(o, async (client, http) => ({ value: await client.declineOrganisationInvitation(http, id), text: `declined invitation ${id}` })),
  );
  addWalletOptions(org.command('revoke').argument('<id>', "one of your organisation's pending invitations", invitationId).description('withdraw an invitation (admins)')).action((id: number, o: WalletOptions) =>
    act(o, async (client, http) => ({ value: await client.revokeOrganisationInvitation(http, id), text: `revoked invitation ${id}` })),
  );
  addWalletOptions(org.command('role').argument('<address>', 'a member', address).argument('<role>', 'admin, trader or reader', role).description("change a member's role (admins; the last admin stays)")).action(
    (who: string, newRole: OrganisationRoleName, o: WalletOptions) =>
      act(o, async (client, http) => {
        const after = await client.setOrganisationMember(http, who, newRole);
        return { value: after, text: `${who} is now ${newRole}\n\n${describeOrganisation(after)}` };
      }),
  );
  addWalletOptions(org.command('remove').argument('<address>', 'a member (your own: you leave)', address).description("remove a member (admins), or leave (the last admin stays while others are members; the only member's leave dissolves the organisation)")).action((who: string, o: WalletOptions) =>
    act(o, async (client, http) => {
      const after = await client.removeOrganisationMember(http, who);
      if ('left' in after) return { value: after, text: after.dissolved ? `you left organisation ${after.organisationId}, its only member: it is dissolved (you may found or join another)` : `you left organisation ${after.organisationId}` };
      return { value: after, text: `removed ${who}: its sessions for the organisation are cut, and its membership statements stop within 10 minutes\n\n${describeOrganisation(after)}` };
    }),
  );
  addWalletOptions(org.command('fund').argument('<PAT>', 'an amount, e.g. 10', parsePatMicros).description("move PAT from your account into the organisation's (members), or with --out back to yours (admins)").option('--out', "from the organisation's account to yours (admins)", false)).action(
    (micros: number, o: WalletOptions & { out: boolean }) =>
      act(o, async (client, http) => {
        const r = await client.moveOrganisationFunds(http, o.out ? 'out' : 'in', micros);
        return { value: r, text: `moved ${patExact(micros)} PAT ${o.out ? 'out to your account' : 'into the organisation'}: it has ${patExact(r.organisationBalanceMicros)} PAT free, you ${patExact(r.ownBalanceMicros)}` };
      }),
  );
}
