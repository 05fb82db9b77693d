/**
 * HTTP-shaped handlers for the gateway to mount (no web framework here): each
 * takes the query parameters and resolves to a status and a JSON-able body
 * (bigints as decimal strings).
 */
import { z } from 'zod';
import { Role, type Engine } from '../engine/index.js';
import { LedgerMovingError } from './reconcile.js';
import type { Settlement } from './settlement.js';

export type HttpQuery = Record<string, string | undefined>;
export interface HttpResult {
  status: number;
  body: unknown;
}
export type HttpHandler = (query: HttpQuery) => Promise<HttpResult>;

/** Replaces bigints with decimal strings, so the body is plain JSON. */
export function jsonSafe(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as unknown;
}

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
      return unavailable(error);
    }
  };
}

const payoutQuery = z
  .object({
    accountId: z.coerce.number().int().positive(),
    fromBatch: z.coerce.number().int().positive().default(1),
    limit: z.coerce.number().int().positive().max(1000).default(100),
  })
  .strict();

/**
 * GET /settlement/payouts?accountId=N[&fromBatch=B][&limit=L]: a provider's statement, batch by
 * batch (each with its escrow: held, released, refunded), `escrow`: its sale proceeds held now
 * against what is free, and `redemptions`: the exercised rights traced to its sales, each with
 * its grant, the batch that committed it, what its gate reported delivered and the grant's escrow.
 */
export function payoutsHandler(settlement: () => Settlement | undefined, engine: Engine, redemptionsOf: (accountId: number) => Promise<unknown[]> = () => Promise.resolve([])): HttpHandler {
  return async (query) => {
    const parsed = payoutQuery.safeParse(query);
    if (!parsed.success) return { status: 400, body: { error: 'INVALID_FIELD', message: z.prettifyError(parsed.error) } };
    const { accountId, fromBatch, limit } = parsed.data;
    const account = engine.accounts[accountId];
    if (account === undefined) return { status: 404, body: { error: 'UNKNOWN_ACCOUNT', message: `no account ${accountId}`, details: { accountId } } };
    if (account.role !== Role.PROVIDER) return { status: 404, body: { error: 'NOT_A_PROVIDER', message: `account ${accountId} is not a provider`, details: { accountId } } };
    const s = settlement();
    if (s === undefined) return unavailable(undefined);
    const entries = s.payouts(accountId, fromBatch, limit);
    const totalWei = entries.reduce((sum, e) => sum + e.netWei, 0n);
    const redemptions = await redemptionsOf(accountId);
    // Held vs released (rules 3): what is held now, in the engine; what the listed batches held, released and refunded.
    const sum = (f: (x: NonNullable<(typeof entries)[number]['escrow']>) => number): number => entries.reduce((n, e) => n + (e.escrow === undefined ? 0 : f(e.escrow)), 0);
    const escrow = {
      heldNowMicros: account.proceedsHeldMicros,
      freeNowMicros: account.availableMicros,
      inEntries: { heldMicros: sum((x) => x.heldMicros), releasedMicros: sum((x) => x.releasedMicros), refundedMicros: sum((x) => x.refundedMicros), shortfallMicros: sum((x) => x.shortfallMicros) },
    };
    return { status: 200, body: jsonSafe({ accountId, entries, totalNetWei: totalWei, next: entries.length === limit ? entries[entries.length - 1]!.batchId + 1 : null, escrow, redemptions }) };
  };
}

/** GET /settlement/status: chain, deployment, settler and watcher state. */
export function statusHandler(settlement: () => Settlement | undefined): HttpHandler {
  return async () => {
    const s = settlement();
    if (s === undefined) return unavailable(undefined);
    return { status: 200, body: jsonSafe(s.status()) };
  };
}
