/**
 * The wallet's access grants (exercise, list_grants, download_records, claim_grant): rights exercised
 * into signed grants, a grant's records received at the provider's gate, signed here, and a claim
 * when the provider does not serve it.
 */
import { z } from 'zod';
import { downloadWithGrant } from '../client/delivery.js';
import { grantsOfAck, rejectName } from '../client/trading-client.js';
import type { SignedGrant } from '../grants/grant.js';
import { CLAIM_REASONS, leftToUse, nothingLeft, type ClaimReason, type GrantEscrow, type GrantUsage } from '../client/grants.js';
import { discardRecordFile, openRecordFile, PREVIEW_RECORDS, writeRecords } from './record-files.js';
import { ToolRefusal } from './refusal.js';
import { ACTING, AT_A_PROVIDER, id, query, type WalletTools } from './wallet-tool.js';


export function registerGrantTools({ server, withWallet }: WalletTools): void {
  server.registerTool(
    'exercise',
    {
      title: 'Exercise rights',
      description:
        "Exercise access rights the wallet holds in a spot series (during its window): each right is one delivery of the segment's data. Returns the signed access grants, one per provider whose rights were redeemed; download_records with a grant id receives the records at the provider's gate. Costs no PAT.",
      inputSchema: {
        series_id: id('the spot series'),
        qty: z.number().int().min(1).max(1_000_000).describe('rights to exercise (get_balances shows what is held)'),
        listing_id: id("only this listing's provider's rights, so its data (refused LISTING_SUPPLY_SHORT when it has too few left in the window); without it, oldest sale first").optional(),
      },
      annotations: { title: 'Exercise rights', ...ACTING, destructiveHint: false },
    },
    withWallet(async (s, a: { series_id: number; qty: number; listing_id?: number }) => {
      const ack = await (await s.trader('existing')).exercise(a.series_id, a.qty, a.listing_id);
      if ((ack.rejectReason ?? 0) !== 0) {
        const reason = rejectName(ack);
        throw new ToolRefusal(reason, `the exchange refused the exercise (${reason}): get_balances shows the rights held per series`);
      }
      const grants = grantsOfAck(ack).map(grantSummary);
      return { exerciseId: Number(ack.exerciseId ?? 0), seriesId: a.series_id, qty: a.qty, grants, next: grants.length === 0 ? 'no grant was issued' : `download_records with grant_id ${grants[0]!.grantId}` };
    }),
  );

  server.registerTool(
    'list_grants',
    {
      title: 'List access grants',
      description: "The wallet's signed access grants, newest first (from exercises and subscriptions), each with its quantity, rights delivered so far, its escrow and, for a usage grant, its units (used, left, and how it settled). download_records uses one.",
      inputSchema: { exercise_id: id('only the grants of one exercise').optional(), offset: z.number().int().min(0).max(1_000_000_000).optional(), limit: z.number().int().min(1).max(200).optional() },
      annotations: { title: 'List access grants', readOnlyHint: true, openWorldHint: false },
    },
    withWallet(async (s, a: { exercise_id?: number; offset?: number; limit?: number }) => {
      const page = await s.signed<{ total: number; grants: Array<{ grant: SignedGrant['grant']; delivered: number; escrow?: unknown; usage?: GrantUsage | null }> }>('GET', `/v1/grants/mine${query({ exercise: a.exercise_id, offset: a.offset, limit: a.limit ?? 50 })}`);
      return { total: page.total, grants: page.grants.map((g) => ({ ...grantSummary({ grant: g.grant, signature: '' }), delivered: g.delivered, escrow: g.escrow ?? null, usage: g.usage ?? null })) };
    }),
  );

  server.registerTool(
    'download_records',
    {
      title: 'Download records with a grant',
      description:
        "Receive the records a grant entitles the wallet to, at the provider's delivery endpoint (its gate), with a request signed by the wallet here; the provider's signed delivery statement is checked and receipted to the exchange. By default uses every right of the grant not yet used. A usage grant (its listing's terms sell records or requests, not downloads) counts units: `rights` is then records (a grant by requests takes one request a call), and the answer says the units used and left; what is unused when its dispute window ends is refunded. Every record received is written, one JSON object a line, to a new file on the user's machine (the directory `patx mcp` was given: --download-dir); the answer gives its path, the record count and the first few records as a preview, never the records themselves.",
      inputSchema: { grant_id: id('the grant (exercise or list_grants returns it)'), rights: z.number().int().min(1).max(1_000_000).optional().describe('rights of the grant to use now, or a usage grant\'s records (default: all not yet used)') },
      annotations: { title: 'Download records with a grant', ...AT_A_PROVIDER },
    },
    withWallet(async (s, a: { grant_id: number; rights?: number }) => {
      const view = await s.signed<{ grant: SignedGrant['grant']; signature: string; delivered: number; usage?: GrantUsage | null; escrow?: GrantEscrow | null }>('GET', `/v1/grants/mine/${a.grant_id}`);
      const usage = view.usage ?? undefined;
      const left = leftToUse(view);
      const use = usage?.unit === 'requests' ? 1 : (a.rights ?? left);
      const none = nothingLeft(view);
      if (none !== undefined) throw new ToolRefusal(none.code, none.message);
      // The file first: a directory that cannot be written refuses before any right is used or receipted.
      const file = await openRecordFile(s.downloadDir, a.grant_id);
      const d = await downloadWithGrant(s.gatewayUrl, s.wallet, { grant: view.grant, signature: view.signature }, use, { chainId: await s.chainId() }).catch(async (error: unknown) => {
        await discardRecordFile(file);
        throw error;
      });
      if (d.outcome !== 'received') await discardRecordFile(file);
      if (d.outcome === 'no-listing') throw new ToolRefusal('UNKNOWN_LISTING', `listing ${view.grant.listingId} of grant ${a.grant_id} is not published (${d.status}): its delivery endpoint is unknown`);
      if (d.outcome === 'no-signer') throw new ToolRefusal('GRANTS_UNAVAILABLE', `the exchange names no grant signer (${d.status})`);
      if (d.outcome === 'refused') throw new ToolRefusal(d.error, `the provider's gate at ${d.endpoint} refused: ${d.message}`, { status: d.status });
      if (d.outcome === 'unreachable') throw new ToolRefusal('PROVIDER_UNREACHABLE', `the provider's endpoint ${d.endpoint} did not deliver (${d.reason}: ${d.message}); reported to the exchange (${d.report.state}), claim_grant with this grant_id claims it: refunded unless the provider delivers within the grace`);
      const bytes = await writeRecords(file, d.records);
      return {
        grantId: a.grant_id,
        endpoint: d.endpoint,
        rightsUsed: use,
        remaining: d.remaining,
        ...(d.usage === undefined ? {} : { usage: d.usage }),
        recordCount: d.records.length,
        file: file.path,
        fileBytes: bytes,
        preview: d.records.slice(0, PREVIEW_RECORDS),
        receipt: d.receipt.state,
        next: `every record is in ${file.path}, one JSON object a line`,
      };
    }),
  );

  server.registerTool(
    'claim_grant',
    {
      title: 'Claim an undelivered grant',
      description:
        "Claim a grant of the wallet's that the provider did not serve (download_records answered PROVIDER_UNREACHABLE, or nothing arrived): unless the provider delivers within the grace, the exchange refunds, for the rights nothing evidences, what was paid for them. A delivered grant is refused ALREADY_DELIVERED, a second claim CLAIM_EXISTS. reason missing-records or nonconforming disputes a delivery the provider holds evidence of instead (NO_EVIDENCE when nothing evidences one): the operator decides. Costs no PAT.",
      inputSchema: { grant_id: id('the grant (list_grants returns it)'), reason: z.enum(CLAIM_REASONS).optional().describe('not-received (default: a claim), or missing-records / nonconforming (a dispute)') },
      annotations: { title: 'Claim an undelivered grant', ...ACTING, destructiveHint: false },
    },
    withWallet(async (s, a: { grant_id: number; reason?: ClaimReason }) =>
      s.signed<{ grantId: number; dueAtMs?: number; dispute?: unknown; message: string }>('POST', `/v1/grants/${a.grant_id}/claims`, { reason: a.reason ?? 'not-received' }),
    ),
  );
}

function grantSummary(g: SignedGrant): { grantId: number; quantity: number; provider: string; listingId: number; listingVersion: number; seriesId: number; expiresAt: string } {
  return { grantId: g.grant.grantId, quantity: g.grant.quantity, provider: g.grant.provider, listingId: g.grant.listingId, listingVersion: g.grant.listingVersion, seriesId: g.grant.seriesId, expiresAt: new Date(g.grant.expiresAtMs).toISOString() };
}
