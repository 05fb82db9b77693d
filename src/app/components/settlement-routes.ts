/**
 * Settlement over HTTP, and the grants' routes' view of settled batches. Each route looks
 * settlement up when asked: it starts after the gateway, and may not start at all.
 */
import type { Engine, Sequencer } from '../../engine/index.js';
import type { MountedRoute } from '../../gateway/index.js';
import { notTakenReply, replyReleased, type HttpReply } from '../../http-registry/index.js';
import { escrowView, type GrantLedger } from '../../grants/index.js';
import { payoutsHandler, reconciliationHandler, SETTLEMENT_OPERATIONS, statusHandler, type AggregatedCredit, type Settlement, type StatementRedemption, type VerifiedAt } from '../../settlement/index.js';

/**
 * Settlement over HTTP: the operator reads reconciliation, status and any
 * provider's payouts under /settlement/; anyone reads the chain and contract
 * addresses to deposit to (/v1/chain/contracts) and whether a deposit was credited
 * (/v1/chain/deposits/{ref}); a provider reads its own
 * payout statement at /v1/payouts/statement with a wallet-signed request.
 */
export function settlementRoutes(
  settlement: () => Settlement | undefined,
  engine: Engine,
  sequencer: Pick<Sequencer, 'released'>,
  publicRpcUrl: string | undefined,
  confirmations: number,
  grants: () => GrantLedger | undefined,
  mayRisk: (operator: string) => boolean,
  verifiedAt: (accountId: number) => VerifiedAt,
): MountedRoute[] {
  const reconciliation = reconciliationHandler(settlement);
  const status = statusHandler(settlement);
  const payouts = payoutsHandler(settlement, engine, {
    redemptionsOf: (accountId, limit, month) => redemptionsOf(accountId, settlement(), grants(), limit, month),
    redemptionMonths: async (accountId, limit, month) => (await grants()?.providerMonths(accountId, limit, month)) ?? [],
    verifiedAt,
  });
  const query = (q: URLSearchParams): Record<string, string> => Object.fromEntries(q.entries());
  return [
    {
      operations: [SETTLEMENT_OPERATIONS.reconciliation, SETTLEMENT_OPERATIONS.status, SETTLEMENT_OPERATIONS.payouts, SETTLEMENT_OPERATIONS.settle, SETTLEMENT_OPERATIONS.creditAggregated],
      handle: async (req) => {
        if (req.method === 'POST' && req.params.ref !== undefined) return creditAggregated(settlement(), req.params.ref, mayRisk(req.principal) ? undefined : req.principal);
        if (req.method === 'POST' && req.path === '/settlement/settle') {
          // Cutting a batch now is the risk role's (as the operator API's changes are; src/operator/api.ts).
          if (!mayRisk(req.principal)) return { status: 403, body: { error: 'FORBIDDEN_ROLE', message: `POST /settlement/settle needs the risk role; operator '${req.principal}' lacks it` } };
          const s = settlement();
          if (s === undefined) return { status: 503, body: { error: 'SETTLEMENT_UNAVAILABLE', message: 'settlement is not running' } };
          return { status: 200, body: await s.settleNow() };
        }
        if (req.method !== 'GET') return { status: 405, body: { error: 'METHOD_NOT_ALLOWED', message: 'settlement routes are read-only except POST /settlement/settle and /settlement/deposits/{ref}/credit' } };
        if (req.path === '/settlement/reconciliation') return reconciliation(query(req.query));
        if (req.path === '/settlement/status') return status(query(req.query));
        if (req.path === '/settlement/payouts') return payouts(query(req.query));
        return Promise.resolve({ status: 404, body: { error: 'NOT_FOUND', message: `no route ${req.path}` } });
      },
    },
    {
      // What a depositor needs: the chain, the PAT token and the vault (public information), and the
      // confirmations a deposit waits for before it is credited (so a wallet can show how far it is).
      operations: [SETTLEMENT_OPERATIONS.contracts],
      handle: (req) => {
        const s = settlement();
        if (req.method !== 'GET' || req.path !== '/v1/chain/contracts') return Promise.resolve({ status: 404, body: { error: 'NOT_FOUND', message: `no route ${req.method} ${req.path}` } });
        if (s === undefined) return Promise.resolve({ status: 503, body: { error: 'SETTLEMENT_UNAVAILABLE', message: 'settlement is not running' } });
        const { chainId, token, vault, registry, governance } = s.deployment;
        // The RPC URL: the one configured for depositors, else the embedded chain's own (on this machine; its RPC filter when it has one).
        const local = /^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(s.depositorRpcUrl);
        const rpcUrl = publicRpcUrl ?? (local ? s.depositorRpcUrl : undefined);
        return Promise.resolve({ status: 200, body: { chainId, token, vault, registry, governance, confirmations, ...(rpcUrl !== undefined ? { rpcUrl } : {}) } });
      },
    },
    {
      // Whether a deposit was credited, by its ref (public: the deposit is on-chain for anyone to see). Read at its place in
      // the sequencer's queue and answered once what came before is journaled: "credited" is never ahead of the journal, and
      // a balance read after it shows the credit (a Set's look-up on the thread).
      operations: [SETTLEMENT_OPERATIONS.deposit],
      handle: (req) => {
        if (settlement() === undefined) return Promise.resolve({ status: 503, body: { error: 'SETTLEMENT_UNAVAILABLE', message: 'settlement is not running' } });
        const ref = req.params.ref!;
        return replyReleased(sequencer.released((e) => ({ status: 200, body: { ref, credited: e.depositRefs.has(ref) } })));
      },
    },
    {
      operations: [SETTLEMENT_OPERATIONS.statement],
      handle: (req) => {
        if (req.method !== 'GET' || req.path !== '/v1/payouts/statement') return Promise.resolve({ status: 404, body: { error: 'NOT_FOUND', message: `no route ${req.method} ${req.path}` } });
        return payouts({ ...query(req.query), accountId: String(req.accountId) });
      },
    },
  ];
}

/** POST /settlement/deposits/{ref}/credit: an aggregated deposit credited to its address's account (the risk role's). */
async function creditAggregated(s: Settlement | undefined, ref: string, lacksRole: string | undefined): Promise<HttpReply> {
  if (lacksRole !== undefined) return { status: 403, body: { error: 'FORBIDDEN_ROLE', message: `crediting an aggregated deposit needs the risk role; operator '${lacksRole}' lacks it` } };
  if (s === undefined) return { status: 503, body: { error: 'SETTLEMENT_UNAVAILABLE', message: 'settlement is not running' } };
  let result: AggregatedCredit;
  try {
    result = await s.watcher.creditAggregated(ref);
  } catch (e) {
    if (notTakenReply(e) !== undefined) throw e; // a command the sequencer did not take: the gateway answers it
    return { status: 503, body: { error: 'CHAIN_UNAVAILABLE', message: `the chain did not answer: ${(e as Error).message.slice(0, 200)}; nothing was done` } };
  }
  if (result.credited) return { status: 200, body: { ref, credited: true, accountId: result.accountId, depositor: result.depositor, amountWei: result.amountWei.toString() } };
  return { status: result.code === 'UNKNOWN_DEPOSIT' ? 404 : 409, body: { error: result.code, message: `${result.message}; nothing was done` } };
}

/**
 * The settled batch whose seq range holds `seq`, from the settlement store: one read of its index of recorded batches by
 * throughSeq (store.ts recordedThrough), where it walked every batch ever recorded.
 */
export function settledBatchOf(settlement: Settlement | undefined, seq: number): { batchId: number; afterSeq: number; throughSeq: number } | undefined {
  if (settlement === undefined) return undefined;
  const r = settlement.store.recordedThrough(seq);
  return r === undefined ? undefined : { batchId: r.batchId, afterSeq: r.afterSeq, throughSeq: r.throughSeq };
}

/**
 * A provider's newest redemptions for its payout statement (at most `limit`; with `month`, that UTC month's): each
 * exercised right traced to its supply (FIFO by mint), under its grant, with the batch that committed the grant on-chain
 * (the first whose throughSeq reaches the exercise, one index read; null while unsettled) and what its gate reported.
 */
async function redemptionsOf(accountId: number, settlement: Settlement | undefined, grants: GrantLedger | undefined, limit: number, month: string | undefined): Promise<StatementRedemption[]> {
  if (grants === undefined) return [];
  const owed = await grants.providerGrants(accountId, limit, month);
  return owed.map((r) => {
    const g = r.signed.grant;
    return {
      grantId: g.grantId,
      exerciseId: r.exerciseId,
      seriesId: g.seriesId,
      listingId: g.listingId,
      listingVersion: g.listingVersion,
      consumer: g.consumer,
      qty: g.quantity,
      exercisedAtMs: r.issuedAtMs,
      settledInBatch: settlement?.store.recordedThrough(r.seq)?.batchId ?? null,
      delivered: r.delivered,
      reportedByProvider: r.reportedByProvider,
      counted: r.counted,
      refusals: r.refusals,
      // Rules 3: the sale proceeds behind the grant, held until delivered or the dispute window passes (null before escrow).
      escrow: escrowView(r),
    };
  });
}
