/**
 * `patx grants` (`--org`: the wallet's organisation's): the wallet's access grants, newest first, as the exchange holds them
 * (GET /v1/grants/mine through src/client/grants.ts, as the console's Account page reads them):
 * each grant's series and listing, what it counts in (rights, or a usage grant's records or
 * requests), how many are used and left, and its escrow (held, released, refunded, with a
 * usage grant's refund of its unused units once its dispute window ended).
 *
 * Used and left are the exchange's counts: a one-time grant's rights served (receipted, or evidenced by the
 * provider's reports) and left (neither served nor withdrawn by a refund: leftToUse), a usage grant's
 * units the engine holds evidence of (RECORD_USAGE, from the gate's signed statements), so they
 * may trail what the gate metered by a moment (docs/delivery.md, "Usage grants").
 */
import { type Command, InvalidArgumentError } from 'commander';
import { table } from '../operator/cli-format.js';
import { patExact } from '../client/pat.js';
import { utc } from './trading-format.js';
import { CLAIM_REASONS, leftToUse, refundPaidMicros, servedRights, type ClaimReason, type GrantView } from '../client/grants.js';
import { PatxHttpError } from '../client/http.js';
import type { acting } from './command-output.js';
import { addWalletOptions, connectWallet, walletArgs, WalletCommandError, type WalletOptions } from './wallet-options.js';
import { wholeId } from './id-arg.js';

/** The most grants one page shows (the route's own limit). */
const MAX_LIMIT = 200;

function limitOf(text: string): number {
  if (!/^\d{1,3}$/.test(text) || Number(text) < 1 || Number(text) > MAX_LIMIT) throw new InvalidArgumentError(`expected 1 to ${MAX_LIMIT}`);
  return Number(text);
}

/** One grant's line: what it counts in, used and left by the exchange's count, and how its escrow stands. */
export interface GrantLine {
  grantId: number;
  seriesId: number;
  listing: string;
  /** 'rights' for one-time grants; a usage grant's 'records' or 'requests'. */
  unit: string;
  total: number;
  used: number;
  left: number;
  expiresAtMs: number;
  escrow: string;
  /**
   * µPAT refunded to you: a claim's refund as paid (from what the grant held, and the provider's PAT where an operator
   * decided so; what the consumer paid above what the provider was paid, the broker's spread, is the refund's shortfall, not paid); a usage grant's
   * refund by an operator's decision and its unused units' share at its settlement.
   */
  refundMicros: number | null;
}

/** The escrow's state, and while it is held, a claim waiting on the provider (refunded at its due time) or a dispute waiting on the operator. */
function escrowText(escrow: GrantView['escrow']): string {
  if (escrow === null || escrow === undefined) return 'none';
  if (escrow.state !== 'held') return escrow.state;
  if (escrow.dispute !== null && escrow.dispute.decision === undefined) return `held, disputed (${escrow.dispute.reason}): the operator decides`;
  if (escrow.claim !== null) return `held, claimed: refunded ${utc(escrow.claim.dueAtMs)} unless delivered`;
  return 'held';
}

export function grantLine(v: GrantView): GrantLine {
  const g = v.grant;
  const u = v.usage;
  const base = { grantId: g.grantId, seriesId: g.seriesId, listing: `${g.listingId} v${g.listingVersion}`, expiresAtMs: g.expiresAtMs, escrow: escrowText(v.escrow) };
  const refund = v.escrow?.refund;
  const refunded = refund === null || refund === undefined ? null : refundPaidMicros(refund);
  if (u === null || u === undefined) {
    const used = Math.min(servedRights(v), g.quantity);
    return { ...base, unit: 'rights', total: g.quantity, used, left: leftToUse(v), refundMicros: refunded };
  }
  // A usage grant is refunded by an operator's decision of its dispute, and its unused units at its settlement: both are the consumer's.
  const settled = u.settled?.refundMicros ?? null;
  const refundMicros = refunded === null && settled === null ? null : (refunded ?? 0) + (settled ?? 0);
  return { ...base, unit: u.unit, total: u.units, used: u.usedUnits, left: u.leftUnits, refundMicros };
}

/** What was asked: one exercise's grants, or the organisation's (an empty answer says which it was). */
export interface GrantsAsked {
  exercise?: number | undefined;
  org?: boolean | undefined;
}

/** The line when no grant answers: "no grants yet" only when every grant of the wallet was asked for. */
export function noGrantsText(asked: GrantsAsked = {}): string {
  if (asked.exercise !== undefined) return `no grants of exercise ${asked.exercise} among yours (an exercise of another account's, or none of that id): patx grants lists all of yours`;
  if (asked.org === true) return 'no grants yet for your organisation: an admin or trader makes one with patx exercise <series> <qty> --org';
  return 'no grants yet: patx exercise <series> <qty> makes one';
}

export function grantsText(lines: readonly GrantLine[], total: number, asked: GrantsAsked = {}): string {
  if (lines.length === 0) return noGrantsText(asked);
  const rows = lines.map((l) => ({
    GRANT: l.grantId,
    SERIES: l.seriesId,
    LISTING: l.listing,
    UNIT: l.unit,
    USED: l.used,
    LEFT: l.left,
    OF: l.total,
    EXPIRES: utc(l.expiresAtMs),
    ESCROW: l.escrow,
    'REFUND PAT': l.refundMicros === null ? '-' : patExact(l.refundMicros),
  }));
  return `${table(rows)}${total > lines.length ? `\n${lines.length} of ${total}: --limit shows more` : ''}`;
}

/** Adds `grants` to the program. */
export function addGrantsCommand(program: Command, act: ReturnType<typeof acting>): void {
  addWalletOptions(
    program
      .command('grants')
      .description("your access grants, newest first: rights or a usage grant's records/requests used and left (the exchange's count), escrow and a usage grant's refund")
      .option('--exercise <id>', "only this exercise's grants", wholeId)
      .option('--limit <n>', `grants to show, 1 to ${MAX_LIMIT} (default 50)`, limitOf)
      .option('--org', "your organisation's grants (any member, readers too; patx download ID --org downloads one)"),
  ).action((o: WalletOptions & { exercise?: number; limit?: number }) =>
    act(async () => {
      const [{ listMyGrants }, { listOrganisationGrants }, http] = await Promise.all([import('../client/grants.js'), import('../client/organisations.js'), connectWallet(o)]);
      const limit = o.limit ?? 50;
      if (o.org === true && o.exercise !== undefined) throw new WalletCommandError('USAGE', '--exercise lists your own exercise\'s grants: leave it out with --org');
      const page = o.org === true ? await listOrganisationGrants(http, { limit }) : await listMyGrants(http, { limit, ...(o.exercise === undefined ? {} : { exercise: o.exercise }) });
      const lines = page.grants.map(grantLine);
      return { value: { total: page.total, grants: lines }, text: () => grantsText(lines, page.total, { exercise: o.exercise, org: o.org }) };
    }),
  );
}

function claimReasonOf(text: string): ClaimReason {
  const reason = CLAIM_REASONS.find((r) => r === text);
  if (reason === undefined) throw new InvalidArgumentError(`expected one of ${CLAIM_REASONS.join(', ')}`);
  return reason;
}

/**
 * Adds `claim`: a consumer not served claims its grant (POST /v1/grants/{id}/claims through src/client/grants.ts, as
 * the console's "File claim" does; docs/delivery.md, "Escrow, claims and refunds"): refunded, for the rights nothing
 * evidences, unless the provider delivers within the grace; `--reason missing-records|nonconforming` disputes a
 * delivery the provider holds evidence of, which the operator decides.
 */
export function addClaimCommand(program: Command, act: ReturnType<typeof acting>): void {
  addWalletOptions(
    program
      .command('claim')
      .argument('<grant>', 'the grant not served (patx grants lists them)', wholeId)
      .description("claim a grant the provider did not serve: refunded for the rights nothing evidences unless it delivers within the grace; or dispute an evidenced delivery (--reason)")
      .option('--reason <reason>', `not-received (a claim), or missing-records or nonconforming (a dispute the operator decides)`, claimReasonOf, 'not-received'),
  ).action((grantId: number, o: WalletOptions & { reason: ClaimReason }) =>
    act(async () => {
      const [{ fileClaim, disputeDelivery }, http] = await Promise.all([import('../client/grants.js'), connectWallet(o)]);
      if (o.reason === 'not-received') {
        const claim = await fileClaim(http, grantId).catch((error: unknown) => {
          // The exchange names its API's body; here the command to run instead.
          if (error instanceof PatxHttpError && error.code === 'EVIDENCE_OF_DELIVERY') {
            throw new WalletCommandError(error.code, `the provider holds evidence of delivering every right not yet confirmed (your signed request or stream request and its signed statement of what it served, or a push your webhook took): if the records were missing or wrong, dispute it: patx claim ${grantId} --reason missing-records${walletArgs(o)} (or --reason nonconforming); the operator decides`);
          }
          throw error;
        });
        return { value: claim, text: () => `claim filed on grant ${grantId}: refunded at ${utc(claim.dueAtMs)} for the rights nothing evidences, unless the provider delivers by then (patx grants shows its escrow)` };
      }
      const dispute = await disputeDelivery(http, grantId, o.reason);
      return { value: dispute, text: () => `dispute filed on grant ${grantId} (${dispute.dispute.reason}; the provider evidences ${dispute.dispute.evidencedQty} delivered): the operator decides, nothing is refunded or released before` };
    }),
  );
}

