/**
 * A data provider's commands (docs/providers.md). `patx provider open`: its account, opened by the wallet's
 * first login with the PROVIDER role. An account keeps the role its first login gave it, and every other
 * wallet command's first login opens a consumer's: so a provider runs this first. On a wallet that has an
 * account already it says which role that is (a consumer's cannot become a provider's: another wallet must).
 * `patx provider statement`: its payout statement, wallet-signed, from anywhere, with a line for the claims and
 * disputes open against its grants. `patx provider grants`: the grants it owes delivery on (GET /v1/provider/grants),
 * each with what was delivered and receipted, its escrow, and the claims, disputes and unreachable reports against
 * it with their due times. Its listings, capacity and mints: provider-supply.ts.
 */
import { type Command, InvalidArgumentError } from 'commander';
import type { acting } from './command-output.js';
import { table } from '../operator/cli-format.js';
import type { GrantView } from '../client/grants.js';
import type { ExchangeHttp } from '../client/http.js';
import { GATE_FAULT_OUTCOMES } from '../grants/gate-faults.js';
import { pat, patFromWei, utc } from './trading-format.js';
import { addWalletOptions, connectTrading, connectWallet, WalletCommandError, type WalletOptions } from './wallet-options.js';
import { addProviderSupplyCommands, asProvider } from './provider-supply.js';

/** One settled batch of the statement, as GET /v1/payouts/statement gives it (src/settlement/store.ts's PayoutEntry, JSON). */
interface StatementBatch {
  batchId: number;
  settledAtMs: number;
  fills: number;
  qty: number;
  grossMicros: number;
  netWei: string;
  feesMicros?: number;
  /** `refundedFromFreeMicros` and `shortfallMicros`: absent from an exchange before 2026-12-02 (the first) and before escrow (both). */
  escrow?: { heldMicros: number; releasedMicros: number; refundedMicros: number; refundedFromFreeMicros?: number; shortfallMicros?: number };
}

/** One UTC month of the statement (src/settlement/handlers.ts's MonthTotals); `sales`, `feesMicros` and `refunds` absent from an exchange before 2026-12-02. */
interface StatementMonth {
  month: string;
  batches: number;
  sales?: { grossMicros: number; forwardGrossMicros: number };
  feesMicros?: number;
  refunds?: { refundedMicros: number; fromFreeMicros: number; shortfallMicros: number };
  netWei: string;
  withdrawals: { count: number; amountWei: string };
  heldWei: string;
}

export interface Statement {
  entries: StatementBatch[];
  payouts?: { verifiedProvider: boolean; held: boolean; heldWei: string };
  months?: StatementMonth[];
}

/**
 * The statement as a table of batches, then the months' totals and whether payouts are held; `open`: the claims and
 * disputes open against the provider's grants (its newest grants, patx provider grants), when there are any.
 * µPAT and wei both shown rounded to 4 decimals (half away from zero), as `patx sell` shows its fee: the same fill's fee
 * read 0.0390 there and 0.0389 here (cut toward zero) before.
 */
export function statementText(s: Statement, open?: OpenAgainstGrants): string {
  const openLine = open === undefined || open.claims + open.disputes === 0 ? '' : `\n\n${openText(open)}`;
  if (s.entries.length === 0) return `no settled batch with your sales yet${openLine}`;
  // The refunds' split only once a batch refunded anything: GROSS − FEES − REFUNDED = NET for spot sales, and of
  // REFUNDED what came from free PAT beyond the held proceeds (the spread and fees on those rights); the shortfall nobody paid apart.
  const refunds = s.entries.some((e) => (e.escrow?.refundedMicros ?? 0) > 0 || (e.escrow?.shortfallMicros ?? 0) > 0);
  const known = (micros: number | undefined): string => (micros === undefined ? '-' : pat(micros));
  const rows = s.entries.map((e) => ({
    BATCH: e.batchId,
    SETTLED: utc(e.settledAtMs),
    FILLS: e.fills,
    RIGHTS: e.qty,
    'GROSS PAT': pat(e.grossMicros),
    'FEES PAT': pat(e.feesMicros ?? 0),
    'HELD PAT': pat(e.escrow?.heldMicros ?? 0),
    'RELEASED PAT': pat(e.escrow?.releasedMicros ?? 0),
    'REFUNDED PAT': pat(e.escrow?.refundedMicros ?? 0),
    ...(refunds ? { 'OF IT FROM FREE PAT': e.escrow === undefined ? pat(0) : known(e.escrow.refundedFromFreeMicros), 'SHORTFALL UNPAID PAT': pat(e.escrow?.shortfallMicros ?? 0) } : {}),
    'NET PAT': patFromWei(e.netWei),
  }));
  const months = (s.months ?? []).map((m) => ({
    MONTH: m.month,
    BATCHES: m.batches,
    // From an exchange that sums them (2026-12-02 on): the month ties as the batches do.
    ...(m.sales === undefined || m.refunds === undefined
      ? {}
      : { 'GROSS PAT': pat(m.sales.grossMicros + m.sales.forwardGrossMicros), 'FEES PAT': pat(m.feesMicros ?? 0), 'REFUNDED PAT': pat(m.refunds.refundedMicros), 'OF IT FROM FREE PAT': pat(m.refunds.fromFreeMicros) }),
    'NET PAT': patFromWei(m.netWei),
    WITHDRAWALS: m.withdrawals.count,
    'WITHDRAWN PAT': patFromWei(m.withdrawals.amountWei),
    'SETTLED WHILE HELD PAT': patFromWei(m.heldWei),
  }));
  const held = s.payouts?.held === true ? `\n${PAYOUTS_HELD}` : '';
  return `${table(rows)}${months.length === 0 ? '' : `\n\n${table(months)}`}${held}${openLine}`;
}

/** Why a provider's withdrawals wait, and how that ends: the operator verifies it (there is no request to send). */
export const PAYOUTS_HELD =
  'payouts held: your sales\' proceeds wait until the operator verifies your identity (only your own deposits may leave meanwhile); your sales still settle into your balance. Ask the exchange\'s operator to verify you (it records your legal name, jurisdiction, KYC case and this wallet as the payout address: patx providers verify, docs/providers.md "Held payouts")';

/** Claims and disputes open against the provider's grants (of the newest `scanned` of `total`). */
export interface OpenAgainstGrants {
  claims: number;
  disputes: number;
  scanned: number;
  total: number;
}

function openText(o: OpenAgainstGrants): string {
  const of = o.scanned < o.total ? ` in your newest ${o.scanned} grants of ${o.total}` : '';
  return `open claims/disputes: ${o.claims + o.disputes} (${o.claims} claim(s), ${o.disputes} dispute(s))${of}: patx provider grants --open`;
}

/** A claim the consumer filed that has not been resolved (its escrow still held: a resolved claim leaves it, or ends it). */
const claimOpen = (v: GrantView): boolean => v.escrow?.state === 'held' && v.escrow.claim !== null && v.escrow.claim !== undefined;
/** A dispute the operator has not decided. */
const disputeOpen = (v: GrantView): boolean => v.escrow?.state === 'held' && v.escrow.dispute !== null && v.escrow.dispute !== undefined && v.escrow.dispute.decision === undefined;
/** A consumer's report that the gate did not answer, while the grant's proceeds are still held. */
const unreachableOpen = (v: GrantView): boolean => v.escrow?.state === 'held' && v.unreachable !== null && v.unreachable !== undefined;

/** Whether something is open against a grant: a claim, a dispute, or an unreachable report while its proceeds are held. */
export function somethingOpen(v: GrantView): boolean {
  return claimOpen(v) || disputeOpen(v) || unreachableOpen(v);
}

export function openAgainst(grants: readonly GrantView[], total: number): OpenAgainstGrants {
  return { claims: grants.filter(claimOpen).length, disputes: grants.filter(disputeOpen).length, scanned: grants.length, total };
}

/** One grant the provider owes delivery on, as `patx provider grants` shows it (`--json`: these lines). */
export interface OwedGrantLine {
  grantId: number;
  seriesId: number;
  listing: string;
  /** The consumer's wallet address. */
  consumer: string;
  rights: number;
  /** Rights served: receipted by the consumer, or evidenced by your gate's reports. */
  served: number;
  /** Rights the consumer receipted (a usage grant's: the rights its receipted units reach into). */
  receipted: number;
  /** A usage grant's units used of all, with its unit ("150/200 records"); null for one-time rights. */
  units: string | null;
  /** µPAT of your sale proceeds still held behind the grant (null: a grant issued before escrow). */
  heldMicros: number | null;
  escrow: string;
  disputeEndsAtMs: number | null;
  /** What is against the grant, in words with its due time: a claim, a dispute, an unreachable report, a refund, the gate's own faults. */
  against: string[];
  /** The codes your gate refused the consumer's requests with that the consumer got wrong (used up, replayed, expired): not against you; null: none. */
  refused: string | null;
  /** A claim, a dispute or an unreachable report is open on it. */
  open: boolean;
}

export function owedGrantLine(v: GrantView): OwedGrantLine {
  const g = v.grant;
  const x = v.escrow;
  const against: string[] = [];
  if (claimOpen(v)) against.push(`CLAIM on ${x!.claim!.undeliveredQty} right(s): refunded ${utc(x!.claim!.dueAtMs)} for those nothing evidences, unless the consumer downloads them by then`);
  const dispute = x?.dispute;
  if (dispute !== null && dispute !== undefined) {
    against.push(
      dispute.decision === undefined
        ? `DISPUTE (${dispute.reason}, filed ${utc(dispute.filedAtMs)}; your gate evidences ${dispute.evidencedQty} delivered): the operator decides`
        : `dispute decided ${utc(dispute.decision.atMs)}: ${dispute.decision.refundQty} refunded, ${dispute.decision.upheldQty} upheld`,
    );
  }
  if (v.unreachable !== null && v.unreachable !== undefined) against.push(`${x?.state === 'held' ? 'UNREACHABLE' : 'unreachable'}: the consumer reported your gate ${v.unreachable.reason} at ${utc(v.unreachable.atMs)}`);
  const refund = x?.refund;
  if (refund !== null && refund !== undefined) against.push(`refunded ${x?.refundedQty ?? refund.undeliveredQty} right(s) to the consumer, ${pat(refund.fromHeldMicros + refund.fromProviderMicros)} PAT paid (${utc(refund.atMs)})`);
  // Only the gate's own faults are against the grant; a request the consumer got wrong (used up, replayed) is only told.
  const reasons = [...new Set(v.refusalReasons)];
  const faults = reasons.filter((r) => GATE_FAULT_OUTCOMES.has(r));
  if (faults.length > 0) against.push(`your gate refused requests it should have served (${faults.join(', ')})`);
  const consumers = reasons.filter((r) => !GATE_FAULT_OUTCOMES.has(r));
  const escrow = x === null || x === undefined ? 'none' : x.state === 'held' ? `held until ${utc(x.disputeEndsAtMs)}` : x.state;
  return {
    grantId: g.grantId,
    seriesId: g.seriesId,
    listing: g.listingId === 0 ? 'none' : `${g.listingId} v${g.listingVersion}`,
    consumer: g.consumer,
    rights: g.quantity,
    // A usage grant's `delivered` counts units, not rights: a right with any unit used is served (docs/delivery.md).
    served: Math.min(g.quantity, Math.max(rightsOf(v, v.delivered), x?.evidencedQty ?? 0)),
    receipted: rightsOf(v, v.delivered),
    units: v.usage === null || v.usage === undefined ? null : `${v.usage.usedUnits}/${v.usage.units} ${v.usage.unit}`,
    heldMicros: x === null || x === undefined ? null : x.heldMicros,
    escrow,
    disputeEndsAtMs: x === null || x === undefined ? null : x.disputeEndsAtMs,
    against,
    refused: consumers.length === 0 ? null : consumers.join(', '),
    open: somethingOpen(v),
  };
}

/** Rights that `units` (a usage grant's) reach into, or `units` as rights for a one-time grant. */
function rightsOf(v: GrantView, units: number): number {
  return v.usage === null || v.usage === undefined ? units : Math.min(v.grant.quantity, Math.ceil(units / v.usage.perRight));
}

const shortAddress = (a: string): string => (a.length > 14 ? `${a.slice(0, 6)}…${a.slice(-4)}` : a);

/** The owed grants as a table, then what is open against them and what the provider can do about it. */
/**
 * `total` is undefined for a page before a grant id (`--before`: nothing counted); `next` is the page's `next`, the
 * `--before` of the following page (a deep `--offset` is refused past 10,000).
 */
export function owedGrantsText(lines: readonly OwedGrantLine[], total: number | undefined, o: { onlyOpen: boolean; offset: number; scanned?: number; next?: number | null }): string {
  if (total === undefined) {
    if (lines.length === 0) return 'no grants older than that one';
  } else if (lines.length === 0 && o.onlyOpen) return `nothing open against your ${o.scanned !== undefined && o.scanned < total ? `newest ${o.scanned} of ${total}` : total} grant(s): no claim, dispute or unreachable report`;
  else if (lines.length === 0) return total > 0 ? `no grants from ${o.offset + 1} on: you owe ${total}` : 'no grants on your rights yet: a consumer who buys and exercises your rights gets one';
  const rows = lines.map((l) => ({
    GRANT: l.grantId,
    SERIES: l.seriesId,
    LISTING: l.listing,
    CONSUMER: shortAddress(l.consumer),
    RIGHTS: l.rights,
    SERVED: l.served,
    RECEIPTED: l.receipted,
    ...(lines.some((x) => x.units !== null) ? { 'UNITS USED': l.units ?? '-' } : {}),
    'HELD PAT': l.heldMicros === null ? '-' : pat(l.heldMicros),
    ESCROW: l.escrow,
    ...(lines.some((x) => x.refused !== null) ? { 'REFUSED (NOT AGAINST YOU)': l.refused ?? '-' } : {}),
    'AGAINST IT': l.against.length === 0 ? '-' : l.against.join('; '),
  }));
  const out = [table(rows)];
  if (!o.onlyOpen && o.next !== undefined && o.next !== null) out.push(`${total === undefined ? '' : `${o.offset + 1}–${o.offset + lines.length} of ${total}: `}--before ${o.next} shows more (--open: only those with something open)`);
  else if (!o.onlyOpen && total !== undefined && o.offset + lines.length < total) out.push(`${o.offset + 1}–${o.offset + lines.length} of ${total}: --offset ${o.offset + lines.length} shows more (--open: only those with something open)`);
  const claims = lines.filter((l) => l.against.some((a) => a.startsWith('CLAIM'))).length;
  const disputes = lines.filter((l) => l.against.some((a) => a.startsWith('DISPUTE'))).length;
  const unreachable = lines.filter((l) => l.against.some((a) => a.startsWith('UNREACHABLE'))).length;
  if (claims + disputes + unreachable > 0) {
    out.push(
      '',
      `open: ${claims} claim(s), ${disputes} dispute(s), ${unreachable} unreachable report(s).`,
      'A claim is refunded from your held proceeds at its due time for the rights nothing evidences: keep your gate serving at your listing\'s endpoint; the consumer\'s next download delivers them (your gate\'s report is the evidence).',
      'A dispute waits for the operator\'s decision, made on your gate\'s evidence and the consumer\'s receipts (docs/delivery.md, "Evidence, claims and disputes"); you cannot answer it from here.',
    );
  }
  return out.join('\n');
}

/** Pages of the owed grants (200 a page), newest first, each after the one before, at most `maxPages`: every one of them when they fit. */
async function owedGrants(http: ExchangeHttp, maxPages: number): Promise<{ grants: GrantView[]; total: number }> {
  const { listOwedGrants } = await import('../client/provider.js');
  const first = await listOwedGrants(http, { limit: OWED_PAGE });
  const grants: GrantView[] = [...first.grants];
  let before = first.next ?? undefined;
  for (let page = 1; page < maxPages && before !== undefined; page++) {
    const p = await listOwedGrants(http, { before, limit: OWED_PAGE });
    grants.push(...p.grants);
    before = p.next ?? undefined;
  }
  return { grants, total: first.total };
}

/** The route's largest page. */
const OWED_PAGE = 200;
/** `--open` and the statement look through this many pages of grants (the newest 2,000). */
const OPEN_SCAN_PAGES = 10;

const pageNumber = (min: number, max: number) => (text: string): number => {
  if (!/^\d{1,9}$/.test(text) || Number(text) < min || Number(text) > max) throw new InvalidArgumentError(`expected ${min} to ${max}`);
  return Number(text);
};

export function addProviderCommands(program: Command, act: ReturnType<typeof acting>): void {
  const provider = program.command('provider').description("a data provider's account, listings, capacity, mints, the grants it owes and its statement (docs/providers.md)");
  addProviderSupplyCommands(provider, act);
  addWalletOptions(
    provider
      .command('statement')
      .description('your payout statement from the exchange (GET /v1/payouts/statement): each settled batch with its sales, fees, proceeds held, released and refunded (of it from your free PAT, and the shortfall nobody paid), and net PAT; totals per UTC month')
      .option('--month <YYYY-MM>', 'that UTC calendar month only'),
  ).action((o: WalletOptions & { month?: string }) =>
    act(async () => {
      if (o.month !== undefined && !/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(o.month)) throw new WalletCommandError('USAGE', '--month: a UTC calendar month, YYYY-MM (e.g. 2026-11)');
      const [{ getPayoutStatement }, http] = await Promise.all([import('../client/provider.js'), connectWallet(o)]);
      // The client's call (a refusal throws PatxHttpError, which `act` prints in one line by its code).
      const statement = await getPayoutStatement(http, o.month === undefined ? {} : { month: o.month });
      // What is open against its grants, for a line below the tables (the statement itself has batches only); a failure here loses only that line.
      const open = await owedGrants(http, OPEN_SCAN_PAGES).then(({ grants, total }) => openAgainst(grants, total), () => undefined);
      return { value: statement, text: () => statementText(statement, open) };
    }),
  );
  addWalletOptions(
    provider
      .command('grants')
      .description('the grants you owe delivery on (GET /v1/provider/grants), newest first: listing, consumer, rights served and receipted, proceeds held, and the claims, disputes and unreachable reports against each with their due times')
      .option('--open', 'only grants with a claim, a dispute or an unreachable report open (looks through your newest 2,000)')
      .option('--limit <n>', `grants to show, 1 to ${OWED_PAGE} (default 50)`, pageNumber(1, OWED_PAGE))
      .option('--before <grant id>', "older than this grant id (the footer's --before pages on)", pageNumber(1, 999_999_999))
      .option('--offset <n>', 'skip this many of the newest (at most 10,000: then --before)', pageNumber(0, 1e9)),
  ).action((o: WalletOptions & { open?: boolean; limit?: number; offset?: number; before?: number }) =>
    act(async () => {
      const onlyOpen = o.open === true;
      const offset = onlyOpen ? 0 : (o.offset ?? 0);
      const asked = o.before !== undefined && !onlyOpen ? { before: o.before, limit: o.limit ?? 50 } : { offset, limit: o.limit ?? 50 };
      const page: { grants: GrantView[]; total?: number; next?: number | null } = await asProvider(o, async (c, http) => (onlyOpen ? owedGrants(http, OPEN_SCAN_PAGES) : 'before' in asked ? c.listOwedGrants(http, asked) : c.listOwedGrants(http, asked)));
      const views = onlyOpen ? page.grants.filter(somethingOpen).slice(0, o.limit ?? OWED_PAGE) : page.grants;
      const lines = views.map(owedGrantLine);
      const next = onlyOpen ? undefined : (page.next ?? null);
      return { value: { total: page.total, grants: lines, next }, text: () => owedGrantsText(lines, page.total, { onlyOpen, offset, scanned: page.grants.length, next }) };
    }),
  );
  addWalletOptions(provider.command('open').description("open the wallet's account as a data provider's (its first login; an account keeps its role)")).action((o: WalletOptions) =>
    act(async () => {
      const [{ wire }, { client, wallet }] = await Promise.all([import('../proto/index.js'), connectTrading(o, { opens: 'provider' })]);
      try {
        const role = wire.Role[client.role] ?? 'UNKNOWN';
        const opened = client.login.accountOpened === true;
        if (client.role !== wire.Role.PROVIDER) {
          throw new WalletCommandError('NOT_A_PROVIDER', `${wallet.address} has account ${client.accountId} already, as a ${role.toLowerCase()}: an account keeps the role of its first login, so a data provider uses another wallet (patx provider open with it, before anything else)`);
        }
        const value = { accountId: client.accountId, address: wallet.address, role, opened };
        return {
          value,
          text: () =>
            `${opened ? 'opened' : 'already open:'} account ${client.accountId} (PROVIDER) for ${wallet.address}; next: a listing of your data (patx provider listing template SEGMENT > listing.json; docs/catalog.md), then patx provider capacity, mint and patx sell`,
        };
      } finally {
        await client.close().catch(() => undefined);
      }
    }),
  );
}
