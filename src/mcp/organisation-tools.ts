/**
 * The wallet's organisation (show_organisation, download_organisation_records; docs/organisations.md):
 * what a member of any role may do from an agent. Trading for the organisation needs a session
 * logged in for it, which the other tools do not open: an agent acting for its team downloads
 * what the team bought, and an admin manages members with `patx org`. Invitations (docs/organisations.md,
 * "Invitations"): an agent sees those addressed to its wallet and answers them, and an admin's
 * agent invites and revokes; nobody joins without its own wallet accepting.
 */
import { z } from 'zod';
import { downloadWithGrant } from '../client/delivery.js';
import type { SignedGrant } from '../grants/grant.js';
import type { SignedMembership } from '../grants/membership.js';
import { discardRecordFile, openRecordFile, PREVIEW_RECORDS, writeRecords } from './record-files.js';
import { ToolRefusal } from './refusal.js';
import { ACTING, AT_A_PROVIDER, id, type WalletTools } from './wallet-tool.js';

export function registerOrganisationTools({ server, withWallet }: WalletTools): void {
  server.registerTool(
    'show_organisation',
    {
      title: "Show the wallet's organisation",
      description: "The organisation the wallet belongs to (NOT_IN_ORGANISATION if none): its account and PAT, its members and their roles (admin, trader, reader), the wallet's role, and its newest grants; download_organisation_records uses one.",
      inputSchema: { limit: z.number().int().min(1).max(200).optional().describe('grants at most, newest first (default 20)') },
      annotations: { title: "Show the wallet's organisation", readOnlyHint: true, openWorldHint: false },
    },
    withWallet(async (s, a: { limit?: number }) => {
      const org = await s.signed<Record<string, unknown>>('GET', '/v1/organisations/mine');
      const page = await s.signed<{ total: number; grants: Array<{ grant: SignedGrant['grant']; delivered: number }> }>('GET', `/v1/organisations/mine/grants?limit=${a.limit ?? 20}`);
      return { ...org, grants: page.grants.map((g) => ({ grantId: g.grant.grantId, quantity: g.grant.quantity, delivered: g.delivered, listingId: g.grant.listingId, seriesId: g.grant.seriesId, expiresAt: new Date(g.grant.expiresAtMs).toISOString() })), grantsTotal: page.total };
    }),
  );

  server.registerTool(
    'list_organisation_invitations',
    {
      title: 'List organisation invitations',
      description: "Invitations to join an organisation addressed to the wallet (invitation id, organisation, role, who invited, until when); with sent: true, the pending invitations of the wallet's organisation (admins). Nothing about an invitee changes until it accepts.",
      inputSchema: { sent: z.boolean().optional().describe("the wallet's organisation's pending invitations instead (admins)") },
      annotations: { title: 'List organisation invitations', readOnlyHint: true, openWorldHint: false },
    },
    withWallet(async (s, a: { sent?: boolean }) => s.signed<Record<string, unknown>>('GET', a.sent === true ? '/v1/organisations/mine/invitations' : '/v1/organisations/invitations')),
  );

  server.registerTool(
    'answer_organisation_invitation',
    {
      title: 'Accept or decline an organisation invitation',
      description: 'Accept (the wallet joins the organisation with the invited role; refused ALREADY_IN_ORGANISATION while it belongs to one, ORGANISATION_FULL, TIER_SEATS_FULL, INVITATION_EXPIRED) or decline an invitation addressed to the wallet. Answers the organisation joined, or the decline.',
      inputSchema: { invitation_id: id('the invitation (list_organisation_invitations lists them)'), accept: z.boolean().describe('true: join; false: decline') },
      annotations: { title: 'Accept or decline an organisation invitation', ...ACTING, destructiveHint: false },
    },
    withWallet(async (s, a: { invitation_id: number; accept: boolean }) => s.signed<Record<string, unknown>>('POST', `/v1/organisations/invitations/${a.invitation_id}/${a.accept ? 'accept' : 'decline'}`)),
  );

  server.registerTool(
    'invite_organisation_member',
    {
      title: 'Invite a wallet to the organisation',
      description: "Invite a wallet (it has logged in once) to the wallet's organisation with a role (admins): a pending invitation it may accept or decline; nothing about it changes until then. Refused ALREADY_INVITED, INVITATIONS_FULL (100 pending), ALREADY_IN_ORGANISATION (a member already).",
      inputSchema: {
        address: z.string().regex(/^0x[0-9a-fA-F]{40}$/).describe("the invitee's wallet"),
        role: z.enum(['admin', 'trader', 'reader']).describe('the role it takes if it accepts'),
      },
      annotations: { title: 'Invite a wallet to the organisation', ...ACTING, destructiveHint: false },
    },
    withWallet(async (s, a: { address: string; role: string }) => s.signed<Record<string, unknown>>('POST', '/v1/organisations/mine/invitations', { address: a.address, role: a.role })),
  );

  server.registerTool(
    'revoke_organisation_invitation',
    {
      title: 'Revoke an organisation invitation',
      description: "Withdraw a pending invitation of the wallet's organisation (admins).",
      inputSchema: { invitation_id: id('the invitation (list_organisation_invitations with sent lists them)') },
      annotations: { title: 'Revoke an organisation invitation', ...ACTING, destructiveHint: true },
    },
    withWallet(async (s, a: { invitation_id: number }) => s.signed<Record<string, unknown>>('DELETE', `/v1/organisations/mine/invitations/${a.invitation_id}`)),
  );

  server.registerTool(
    'download_organisation_records',
    {
      title: "Download records with the organisation's grant",
      description:
        "Receive the records of a grant the wallet's organisation holds, at the provider's gate, with the exchange's membership statement (any role, readers included) and a request signed by the wallet here. The receipt goes to the exchange as a holder's does (it checks the wallet is a member then), so the grant shows delivered. Every record received is written, one JSON object a line, to a new file on the user's machine (--download-dir); the answer gives its path, the record count, a preview of the first few and the receipt's state.",
      inputSchema: { grant_id: id('the grant (show_organisation lists them)'), rights: z.number().int().min(1).max(1_000_000).optional().describe('rights to use now (default 1)') },
      annotations: { title: "Download records with the organisation's grant", ...AT_A_PROVIDER },
    },
    withWallet(async (s, a: { grant_id: number; rights?: number }) => {
      const page = await s.signed<{ grants: Array<{ grant: SignedGrant['grant']; signature: string }> }>('GET', '/v1/organisations/mine/grants?limit=200');
      const g = page.grants.find((x) => x.grant.grantId === a.grant_id);
      if (g === undefined) throw new ToolRefusal('UNKNOWN_GRANT', `grant ${a.grant_id} is not among the organisation's 200 newest grants (show_organisation lists them)`);
      const membership = await s.signed<SignedMembership>('GET', '/v1/organisations/mine/membership');
      // The file first: a directory that cannot be written refuses before any right is used or receipted.
      const file = await openRecordFile(s.downloadDir, a.grant_id);
      const d = await downloadWithGrant(s.gatewayUrl, s.wallet, { grant: g.grant, signature: g.signature }, a.rights ?? 1, { chainId: await s.chainId(), membership }).catch(async (error: unknown) => {
        await discardRecordFile(file);
        throw error;
      });
      if (d.outcome !== 'received') await discardRecordFile(file);
      if (d.outcome === 'refused') throw new ToolRefusal(d.error, `the provider's gate at ${d.endpoint} refused: ${d.message}`, { status: d.status });
      if (d.outcome !== 'received') throw new ToolRefusal('NOT_DELIVERED', `the records did not arrive (${d.outcome})`);
      const bytes = await writeRecords(file, d.records);
      return { grantId: a.grant_id, endpoint: d.endpoint, remaining: d.remaining, receipt: d.receipt.state, recordCount: d.records.length, file: file.path, fileBytes: bytes, preview: d.records.slice(0, PREVIEW_RECORDS) };
    }),
  );
}
