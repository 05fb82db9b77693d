/**
 * HTTP-shaped handlers for the gateway to mount (no web framework here): each
 * takes the query parameters and resolves to a status and a JSON-able body
 * (bigints as decimal strings).
 */
import { z } from 'zod';
import { payoutsHeld, Role, WEI_PER_MICRO, type Engine } from '../engine/index.js';
import { ChainMovingError, LedgerMovingError } from './reconcile.js';
import type { Settlement } from './settlement.js';
import { jsonSafe } from '../runtime/json-safe.js';
import { utcMonth } from './payout-statement.js';

export type HttpQuery = Record<string, string | undefined>;
export interface HttpResult {
  status: number;
  body: unknown;
}
export type HttpHandler = (query: HttpQuery) => Promise<HttpResult>;

export { jsonSafe };

const unavailable = (error: unknown): HttpResult => ({
  status: 503,
  body: { error: 'SETTLEMENT_UNAVAILABLE', message: error instanceof Error ? `${error.name}: ${error.message}` : 'settlement is not running' },
});

/** GET /settlement/reconciliation: 200 with the report (`ok` false when mismatched), 503 when settlement cannot answer. */
export function reconciliationHandler(settlement: () => Settlement | undefined): HttpHandler {
  return async () => {
    const s = settlement();
    if (s === undefined) return unavailable(undefined);
    try {
      return { status: 200, body: jsonSafe(await s.reconcile()) };
    } catch (error) {
      if (error instanceof LedgerMovingError) return { status: 503, body: { error: 'LEDGER_MOVING', message: error.message } };
      if (error instanceof ChainMovingError) return { status: 503, body: { error: 'CHAIN_MOVING', message: error.message } };
      return unavailable(error);
    }
  };
}

export const payoutQuery = z
  .object({
    accountId: z.coerce.number().int().positive(),
    fromBatch: z.coerce.number().int().positive().default(1),
    limit: z.coerce.number().int().positive().max(1000).default(100),
    /** A UTC calendar month, `YYYY-MM`: the entries and redemptions of that month only, and its totals. */
    month: z
      .string()
      .regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, 'month: a UTC calendar month, YYYY-MM (e.g. 2026-11)')
      .optional(),
  })
  .strict();

/** A redemption as the statement reads it (the rest of its fields are passed through). */
export interface StatementRedemption {
  exercisedAtMs: number;
  qty: number;
  [field: string]: unknown;
}

/** A provider's redemptions in one UTC month: how many grants, and their rights. */
export interface RedemptionMonth {
  month: string;
  count: number;
  qty: number;
}

/**
 * Whether a provider was paid out at a time (verified, not screened to hold), and the times its state may have changed
 * (the identity audit's verify, revoke and screen rows): between two of them, and within a month with none, the answer
 * is the same, so the held PAT of a month is a few reads of the store's net index, not a walk of its entries.
 */
export type VerifiedAt = ((atMs: number) => boolean) & { readonly changesAtMs: readonly number[] };

/** What the payout statement needs besides the settlement store. */
export interface StatementSources {
  /** The provider's redemptions, newest first, at most `limit`; with `month`, that UTC month's only. */
  redemptionsOf?: (accountId: number, limit: number, month?: string) => Promise<StatementRedemption[]>;
  /** The provider's redemptions per UTC month, newest first, at most `limit` rows; with `month`, that month's row alone. */
  redemptionMonths?: (accountId: number, limit: number, month?: string) => Promise<RedemptionMonth[]>;
  /** Whether the provider was verified at a time (the identity audit; its history read once per statement): its payouts were held when not. */
  verifiedAt?: (accountId: number) => VerifiedAt;
}

/** One UTC calendar month of a provider's statement. */
export interface MonthTotals {
  month: string;
  /** Batches that settled something of the provider's (sales, purchases, deliveries) in the month. */
  batches: number;
  /** Spot sales settled: trades, rights, gross µPAT; forward sales' gross apart (escrowed until delivery). */
  sales: { fills: number; qty: number; grossMicros: number; forwardGrossMicros: number };
  /** Fees it paid on its sales in those batches (the entries' `feesMicros`). */
  feesMicros: number;
  /**
   * What it repaid to consumers on refunds in those batches (the entries' `escrow.refundedMicros`), of it
   * `fromFreeMicros` from its free PAT beyond the held proceeds (the broker's spread and the fees on the
   * refunded rights; unknown, so not counted, for entries written before 2026-12-02), and the shortfall
   * nobody paid. For a provider that only sells spot: sales.grossMicros − feesMicros − refundedMicros = netWei.
   */
  refunds: { refundedMicros: number; fromFreeMicros: number; shortfallMicros: number };
  /** The provider's net PAT change over those batches, in wei. */
  netWei: bigint;
  /** Rights exercised against its supply in the month. */
  redemptions: { count: number; qty: number };
  /** Its withdrawals paid on-chain in the month. */
  withdrawals: { count: number; amountWei: bigint };
  /** Of `netWei`, what settled while its payouts were held (not verified, and the exchange requires it). */
  heldWei: bigint;
}

/**
 * How many UTC months `months` lists, the newest: each a row of the settlement store's (the provider's entries, the
 * withdrawals paid to its address) and of the grant ledger's (its redemptions), read as kept, never summed from history.
 * Older months are left out (`olderMonths: true` says some are) and are read one by one with `month=`.
 */
export const STATEMENT_MONTHS = 120;

function monthOf(totals: Map<string, MonthTotals>, month: string): MonthTotals {
  let m = totals.get(month);
  if (m === undefined) {
    m = { month, batches: 0, sales: { fills: 0, qty: 0, grossMicros: 0, forwardGrossMicros: 0 }, feesMicros: 0, refunds: { refundedMicros: 0, fromFreeMicros: 0, shortfallMicros: 0 }, netWei: 0n, redemptions: { count: 0, qty: 0 }, withdrawals: { count: 0, amountWei: 0n }, heldWei: 0n };
    totals.set(month, m);
  }
  return m;
}

/** How many of a provider's newest redemptions the statement lists. */
export const STATEMENT_REDEMPTIONS = 200;

/**
 * GET /settlement/payouts?accountId=N[&fromBatch=B][&limit=L][&month=YYYY-MM]: a provider's
 * statement, batch by batch (each with its escrow: held, released, refunded), and `redemptions`:
 * the exercised rights traced to its sales, each with its grant, the batch that committed it,
 * what its gate reported delivered and the grant's escrow (src/grants/). `escrow`: its sale
 * proceeds held now against what is free. `months`: totals per UTC calendar month, the newest
 * STATEMENT_MONTHS (docs/providers.md); with `month`, the entries and redemptions are that month's and
 * `monthTotals` its totals. Whether the provider is verified and its payouts held, and what it
 * could withdraw were they not. Runs on the engine's thread: it reads its page, its listed
 * redemptions and its months' rows, none of it growing with the exchange's age.
 */
export function payoutsHandler(settlement: () => Settlement | undefined, engine: Engine, sources: StatementSources = {}): HttpHandler {
  const redemptionsOf = sources.redemptionsOf ?? (() => Promise.resolve([]));
  const redemptionMonths = sources.redemptionMonths ?? (() => Promise.resolve([]));
  return async (query) => {
    const parsed = payoutQuery.safeParse(query);
    if (!parsed.success) return { status: 400, body: { error: 'INVALID_FIELD', message: z.prettifyError(parsed.error) } };
    const { accountId, fromBatch, limit, month } = parsed.data;
    const account = engine.accounts[accountId];
    if (account === undefined) return { status: 404, body: { error: 'UNKNOWN_ACCOUNT', message: `no account ${accountId}`, details: { accountId } } };
    if (account.role !== Role.PROVIDER) return { status: 404, body: { error: 'NOT_A_PROVIDER', message: `account ${accountId} is not a provider`, details: { accountId } } };
    const s = settlement();
    if (s === undefined) return unavailable(undefined);
    const inMonth = (atMs: number): boolean => month === undefined || utcMonth(atMs) === month;
    let entries = s.payouts(accountId, fromBatch, limit);
    // The page's `next` is the store's, before the month narrows it.
    const next = entries.length === limit ? entries[entries.length - 1]!.batchId + 1 : null;
    entries = entries.filter((e) => inMonth(e.settledAtMs));
    const totalWei = entries.reduce((sum, e) => sum + e.netWei, 0n);
    const redemptions = await redemptionsOf(accountId, STATEMENT_REDEMPTIONS, month);
    const { months, olderMonths } = await statementMonths(s, engine, accountId, redemptionMonths, sources.verifiedAt);
    const held = payoutsHeld(account, engine.risk);
    // Held: the free balance but for its own deposits, which may leave (rules 19).
    const payouts = { verifiedProvider: account.verified, held, heldWei: held ? account.freeWei(WEI_PER_MICRO) - account.ownDepositsFreeWei(WEI_PER_MICRO) : 0n };
    // A month older than those listed is read by itself: its rows, as for any month.
    const monthTotals = month === undefined ? undefined : (months.find((m) => m.month === month) ?? (await statementMonths(s, engine, accountId, redemptionMonths, sources.verifiedAt, month)).months[0] ?? monthOf(new Map(), month));
    // Held vs released (rules 3): what is held now, in the engine; what the listed batches held, released and refunded.
    const sum = (f: (x: NonNullable<(typeof entries)[number]['escrow']>) => number): number => entries.reduce((n, e) => n + (e.escrow === undefined ? 0 : f(e.escrow)), 0);
    const escrow = {
      heldNowMicros: account.proceedsHeldMicros,
      freeNowMicros: account.availableMicros,
      inEntries: { heldMicros: sum((x) => x.heldMicros), releasedMicros: sum((x) => x.releasedMicros), refundedMicros: sum((x) => x.refundedMicros), refundedFromFreeMicros: sum((x) => x.refundedFromFreeMicros ?? 0), shortfallMicros: sum((x) => x.shortfallMicros) },
    };
    return { status: 200, body: jsonSafe({ accountId, payouts, entries, totalNetWei: totalWei, next, escrow, redemptions, months, olderMonths, ...(monthTotals === undefined ? {} : { month, monthTotals }) }) };
  };
}

const monthStartMs = (month: string): number => Date.parse(`${month}-01T00:00:00.000Z`);

function nextMonthStartMs(month: string): number {
  const d = new Date(monthStartMs(month));
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/**
 * Totals per UTC month, oldest first, the newest STATEMENT_MONTHS (or `only` that month): from the rows kept as batches
 * are recorded and grants written (the settlement store's month rows of the provider and paid months of its address,
 * the grant ledger's months of its grants). A month is the one its batch was recorded in (the entry's `settledAtMs`),
 * its exercise happened in; the withdrawals are those paid to the provider's address now, in the month their batch was
 * recorded. Each source is read for one row more than it lists, so `olderMonths` says exactly whether any were left out.
 *
 * `heldWei`: of the month's net, what settled while the provider was not paid out (the verification predicate at each
 * entry's `settledAtMs`), when the exchange requires verification. The predicate is the same between two of its change
 * times, so a month is cut at the changes inside it and each piece is held whole or not: its net is two reads of the
 * store's net index (its entries summed by time). A month without a change is one piece, its row's net. Exact, as the
 * walk of every entry was, and computed now, so a verification audited after a batch (the audit's own time) counts.
 */
async function statementMonths(
  s: Settlement,
  engine: Engine,
  accountId: number,
  redemptionMonths: NonNullable<StatementSources['redemptionMonths']>,
  verifiedAt: StatementSources['verifiedAt'],
  only?: string,
): Promise<{ months: MonthTotals[]; olderMonths: boolean }> {
  const address = engine.accounts[accountId]?.address.toLowerCase() ?? '';
  const read = STATEMENT_MONTHS + 1;
  const payoutRows = only === undefined ? s.store.payoutMonths(accountId, read) : [s.store.payoutMonth(accountId, only) ?? []].flat();
  const paidRows = only === undefined ? s.store.paidMonths(address, read) : [s.store.paidMonth(address, only) ?? []].flat();
  const redemptionRows = await redemptionMonths(accountId, read, only);
  const totals = new Map<string, MonthTotals>();
  for (const p of payoutRows) {
    const m = monthOf(totals, p.month);
    m.batches = p.batches;
    m.sales = { fills: p.fills, qty: p.qty, grossMicros: p.grossMicros, forwardGrossMicros: p.forwardGrossMicros };
    m.feesMicros = p.feesMicros;
    m.refunds = { refundedMicros: p.refundedMicros, fromFreeMicros: p.fromFreeMicros, shortfallMicros: p.shortfallMicros };
    m.netWei = p.netWei;
  }
  for (const r of redemptionRows) monthOf(totals, r.month).redemptions = { count: r.count, qty: r.qty };
  for (const w of paidRows) monthOf(totals, w.month).withdrawals = { count: w.count, amountWei: w.amountWei };
  const all = [...totals.values()].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  const months = all.slice(-STATEMENT_MONTHS);
  if (engine.risk.payoutRequiresVerification === 1) {
    const wasVerified = verifiedAt?.(accountId);
    const verifiedNow = engine.accounts[accountId]?.verified === true;
    for (const m of months) {
      if (m.netWei === 0n && m.batches === 0) continue;
      if (wasVerified === undefined) {
        if (!verifiedNow) m.heldWei = m.netWei;
        continue;
      }
      const start = monthStartMs(m.month);
      const end = nextMonthStartMs(m.month);
      const cuts = [...new Set(wasVerified.changesAtMs.filter((t) => t > start && t < end))].sort((a, b) => a - b);
      if (cuts.length === 0) {
        if (!wasVerified(start)) m.heldWei = m.netWei;
        continue;
      }
      const bounds = [start, ...cuts, end];
      for (let i = 0; i + 1 < bounds.length; i++) {
        if (wasVerified(bounds[i]!)) continue;
        m.heldWei += s.store.netBefore(accountId, bounds[i + 1]!) - s.store.netBefore(accountId, bounds[i]!);
      }
    }
  }
  return { months, olderMonths: all.length > STATEMENT_MONTHS };
}

/** GET /settlement/status: chain, deployment, settler and watcher state. */
export function statusHandler(settlement: () => Settlement | undefined): HttpHandler {
  return async () => {
    const s = settlement();
    if (s === undefined) return unavailable(undefined);
    return { status: 200, body: jsonSafe(s.status()) };
  };
}
