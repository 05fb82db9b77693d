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

/** What the payout statement needs besides the settlement store. */
export interface StatementSources {
  /** The provider's redemptions, newest first, at most `limit`. */
  redemptionsOf?: (accountId: number, limit: number) => Promise<StatementRedemption[]>;
  /** Whether the provider was verified at a time (the identity audit; its history read once per statement): its payouts were held when not. */
  verifiedAt?: (accountId: number) => (atMs: number) => boolean;
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

/** How many redemptions the monthly totals count (newest first): beyond it the oldest months undercount. */
export const STATEMENT_MONTH_REDEMPTIONS = 100_000;

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
 * proceeds held now against what is free. `months`: totals per UTC calendar month
 * (docs/providers.md); with `month`, the entries and redemptions are that month's and
 * `monthTotals` its totals. Whether the provider is verified and its payouts held, and what it
 * could withdraw were they not.
 */
export function payoutsHandler(settlement: () => Settlement | undefined, engine: Engine, sources: StatementSources = {}): HttpHandler {
  const redemptionsOf = sources.redemptionsOf ?? (() => Promise.resolve([]));
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
    const allRedemptions = await redemptionsOf(accountId, STATEMENT_MONTH_REDEMPTIONS);
    const redemptions = allRedemptions.filter((r) => inMonth(r.exercisedAtMs)).slice(0, STATEMENT_REDEMPTIONS);
    const months = monthlyTotals(s, engine, accountId, allRedemptions, sources.verifiedAt);
    const held = payoutsHeld(account, engine.risk);
    // Held: the free balance but for its own deposits, which may leave (rules 19).
    const payouts = { verifiedProvider: account.verified, held, heldWei: held ? account.freeWei(WEI_PER_MICRO) - account.ownDepositsFreeWei(WEI_PER_MICRO) : 0n };
    const monthTotals = month === undefined ? undefined : (months.find((m) => m.month === month) ?? monthOf(new Map(), month));
    // Held vs released (rules 3): what is held now, in the engine; what the listed batches held, released and refunded.
    const sum = (f: (x: NonNullable<(typeof entries)[number]['escrow']>) => number): number => entries.reduce((n, e) => n + (e.escrow === undefined ? 0 : f(e.escrow)), 0);
    const escrow = {
      heldNowMicros: account.proceedsHeldMicros,
      freeNowMicros: account.availableMicros,
      inEntries: { heldMicros: sum((x) => x.heldMicros), releasedMicros: sum((x) => x.releasedMicros), refundedMicros: sum((x) => x.refundedMicros), refundedFromFreeMicros: sum((x) => x.refundedFromFreeMicros ?? 0), shortfallMicros: sum((x) => x.shortfallMicros) },
    };
    return { status: 200, body: jsonSafe({ accountId, payouts, entries, totalNetWei: totalWei, next, escrow, redemptions, months, ...(monthTotals === undefined ? {} : { month, monthTotals }) }) };
  };
}

/**
 * Totals per UTC month, oldest first: every payout entry of the provider (sales, net, held),
 * its redemptions, and the withdrawals paid to its address in recorded batches. A month is
 * the one its batch was recorded in (the entry's `settledAtMs`), its exercise happened in.
 */
export function monthlyTotals(s: Settlement, engine: Engine, accountId: number, redemptions: readonly StatementRedemption[], verifiedAt?: (accountId: number) => (atMs: number) => boolean): MonthTotals[] {
  const totals = new Map<string, MonthTotals>();
  const holds = engine.risk.payoutRequiresVerification === 1;
  const wasVerified = verifiedAt?.(accountId);
  for (let from = 1; ; ) {
    const page = s.payouts(accountId, from, 1_000);
    for (const e of page) {
      const m = monthOf(totals, utcMonth(e.settledAtMs));
      m.batches++;
      m.sales.fills += e.fills;
      m.sales.qty += e.qty;
      m.sales.grossMicros += e.grossMicros;
      m.sales.forwardGrossMicros += e.forward?.grossMicros ?? 0;
      m.feesMicros += e.feesMicros ?? 0;
      m.refunds.refundedMicros += e.escrow?.refundedMicros ?? 0;
      m.refunds.fromFreeMicros += e.escrow?.refundedFromFreeMicros ?? 0;
      m.refunds.shortfallMicros += e.escrow?.shortfallMicros ?? 0;
      m.netWei += e.netWei;
      const verified = wasVerified?.(e.settledAtMs) ?? engine.accounts[accountId]?.verified === true;
      if (holds && !verified) m.heldWei += e.netWei;
    }
    if (page.length < 1_000) break;
    from = page[page.length - 1]!.batchId + 1;
  }
  for (const r of redemptions) {
    const m = monthOf(totals, utcMonth(r.exercisedAtMs));
    m.redemptions.count++;
    m.redemptions.qty += r.qty;
  }
  const address = engine.accounts[accountId]?.address.toLowerCase() ?? '';
  for (const r of s.store.outboxFrom(1)) {
    if (r.state !== 'recorded' || address === '') continue;
    for (const w of r.batch.withdrawals) {
      if (w.to.toLowerCase() !== address) continue;
      const m = monthOf(totals, utcMonth(r.recordedAtMs ?? r.confirmedAtMs ?? r.cutAtMs));
      m.withdrawals.count++;
      m.withdrawals.amountWei += w.amountWei;
    }
  }
  return [...totals.values()].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
}

/** GET /settlement/status: chain, deployment, settler and watcher state. */
export function statusHandler(settlement: () => Settlement | undefined): HttpHandler {
  return async () => {
    const s = settlement();
    if (s === undefined) return unavailable(undefined);
    return { status: 200, body: jsonSafe(s.status()) };
  };
}
