/**
 * Settlement's HTTP rows of the gateway's route registry (src/gateway/operations.ts), served
 * by the service's settlement routes (src/app/service.ts) with handlers.ts's handlers; the
 * payout queries are handlers.ts's schema.
 */
import { z } from 'zod';
import { ROWS_PER_READ_UNIT, type Operation } from '../http-registry/index.js';
import { payoutQuery, STATEMENT_MONTHS, STATEMENT_REDEMPTIONS } from './handlers.js';

const UNAVAILABLE = 'SETTLEMENT_UNAVAILABLE: settlement is not running (or cannot answer now)';

/** A deposit's ref as the chain watcher credits it: the transaction hash and the vault's Deposited log index (watcher.ts). */
export const DEPOSIT_REF = /^0x[0-9a-f]{64}:(0|[1-9][0-9]{0,5})$/;

/**
 * GET /v1/payouts/statement's `readCost` (the provider's read budget): one unit, one per ROWS_PER_READ_UNIT of the
 * page's batches (`limit`, default 100), of the redemptions it lists (200) and of their batches' look-ups (one index
 * read each), and of the month rows its `months` read (three sources, STATEMENT_MONTHS + 1 rows each: the provider's
 * entries, the withdrawals paid to its address, its redemptions): 88 by default, 178 at limit=1000. Nothing it reads
 * grows with the exchange's age: its months are rows kept as batches are recorded and grants written (store.ts,
 * src/grants/ledger.ts), no longer sums over every entry, batch and the newest 100,000 grants (131 paid for those).
 * Not counted: two reads of the net index per verification change inside a listed month (operator actions), and the
 * identity audit's rows the held PAT's predicate reads (src/providers/identity-store.ts verifiedAt).
 */
export function payoutStatementReadCost(query: URLSearchParams): number {
  const limit = query.has('limit') ? Number(query.get('limit')) : 100;
  return 1 + Math.ceil(limit / ROWS_PER_READ_UNIT) + Math.ceil((2 * STATEMENT_REDEMPTIONS) / ROWS_PER_READ_UNIT) + Math.ceil((3 * (STATEMENT_MONTHS + 1)) / ROWS_PER_READ_UNIT);
}

export const SETTLEMENT_OPERATIONS = {
  reconciliation: {
    method: 'GET',
    path: '/settlement/reconciliation',
    operationId: 'getReconciliation',
    summary: 'Reconciliation: the journal, the settlement outbox and the chain agree (ok false with the mismatches otherwise)',
    tags: ['settlement'],
    security: 'operator',
    responses: { 200: { description: 'the reconciliation report' } },
    errors: { 503: `${UNAVAILABLE}; LEDGER_MOVING, CHAIN_MOVING: retry` },
  },
  status: {
    method: 'GET',
    path: '/settlement/status',
    operationId: 'getSettlementStatus',
    summary: 'The batch settler and the chain watcher: last batch, outbox, confirmations',
    tags: ['settlement'],
    security: 'operator',
    responses: { 200: { description: 'the settlement status' } },
    errors: { 503: UNAVAILABLE },
  },
  payouts: {
    method: 'GET',
    path: '/settlement/payouts',
    operationId: 'getProviderPayouts',
    summary: "Any provider's payout statement, batch by batch (as GET /v1/payouts/statement shows the provider its own)",
    tags: ['settlement'],
    security: 'operator',
    query: payoutQuery,
    responses: { 200: { description: 'the payout statement (docs/providers.md)' } },
    errors: { 404: 'UNKNOWN_ACCOUNT, NOT_A_PROVIDER', 503: UNAVAILABLE },
  },
  settle: {
    method: 'POST',
    path: '/settlement/settle',
    operationId: 'settleNow',
    summary: 'Cut and settle a batch now',
    tags: ['settlement'],
    security: 'operator',
    role: 'risk',
    responses: { 200: { description: '{batchId, fills, state, reason?}' } },
    errors: { 503: UNAVAILABLE },
  },
  creditAggregated: {
    method: 'POST',
    path: '/settlement/deposits/{ref}/credit',
    operationId: 'creditAggregatedDeposit',
    summary: "Credit an aggregated unmatched deposit (below the least kept one by one, or pushed out past the most kept), by its ref, to the account its address has now",
    description:
      'A deposit from an address no account has is kept and credited by itself once the account opens, unless it was aggregated (docs/settlement.md, "Unmatched deposits"): then its PAT waits in the vault under its address, counted in `GET /settlement/status` `unmatchedDeposits.aggregated`, until this credits it. The deposit is read from the chain (the vault\'s Deposited log at that ref) and credited with that ref, so never twice.',
    tags: ['settlement'],
    security: 'operator',
    role: 'risk',
    params: z.object({ ref: z.string().regex(DEPOSIT_REF).meta({ description: "the deposit's transaction hash and the vault's Deposited log index, `0x<64 hex>:<index>`" }) }),
    responses: { 200: { description: '{ref, credited: true, accountId, depositor, amountWei}' } },
    errors: {
      403: 'FORBIDDEN_ROLE: the risk role is needed',
      404: 'UNKNOWN_DEPOSIT: no Deposited log of the vault at that ref',
      409: 'NOT_AGGREGATED (kept one by one, or not read yet), ALREADY_CREDITED, NO_ACCOUNT (its address has none yet: it opens one by signing in), DEPOSIT_REFUSED (the engine refused it); nothing was done',
      503: `${UNAVAILABLE}; CHAIN_UNAVAILABLE: the chain did not answer`,
    },
  },
  contracts: {
    method: 'GET',
    path: '/v1/chain/contracts',
    operationId: 'getChainContracts',
    summary: 'The settlement chain id, the PAT token, vault, registry and governance addresses, the confirmations a deposit waits for: what a depositor needs',
    tags: ['account'],
    security: 'public',
    responses: { 200: { description: '{chainId, token, vault, registry, governance, confirmations, rpcUrl?}' } },
    errors: { 503: UNAVAILABLE },
  },
  deposit: {
    method: 'GET',
    path: '/v1/chain/deposits/{ref}',
    operationId: 'getDeposit',
    summary: "Whether the exchange credited a deposit, by its ref: what a depositor waits on (the balance cannot say while the account trades)",
    tags: ['account'],
    security: 'public',
    params: z.object({ ref: z.string().regex(DEPOSIT_REF).meta({ description: "the deposit's transaction hash and the vault's Deposited log index, `0x<64 hex>:<index>` (sendDeposit returns it)" }) }),
    responses: { 200: { description: '{ref, credited}: credited only once the credit is journaled' } },
    errors: { 503: `${UNAVAILABLE}; SERVICE_UNAVAILABLE: the engine is stopped` },
  },
  statement: {
    method: 'GET',
    path: '/v1/payouts/statement',
    operationId: 'getPayoutStatement',
    summary: "A provider's own payout statement: batch by batch, its escrow, redemptions, totals per month, whether its payouts are held",
    tags: ['provider'],
    security: 'wallet',
    query: payoutQuery.omit({ accountId: true }),
    readCost: payoutStatementReadCost,
    responses: { 200: { description: "the payout statement (docs/providers.md): `entries` per batch with `grossMicros`, `feesMicros`, `escrow {heldMicros, releasedMicros, refundedMicros, refundedFromFreeMicros, shortfallMicros, burnedQty}` (refundedMicros: what the provider repaid on refunds; of it refundedFromFreeMicros from its free PAT beyond the held proceeds; shortfallMicros due and paid by nobody) and `netWei`; `months` (the newest 120 UTC months; `olderMonths` true when some are left out, each readable with `month=`) with `feesMicros` and `refunds {refundedMicros, fromFreeMicros, shortfallMicros}`" } },
    errors: { 404: 'UNKNOWN_ACCOUNT, NOT_A_PROVIDER', 503: UNAVAILABLE },
  },
} as const satisfies Record<string, Operation>;
