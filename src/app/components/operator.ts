/**
 * The operator API (src/operator/), also mounted at /operator/ on the gateway: its own rows, the
 * catalog's moderation, the providers' identities, disputes and wash flags, behind one role table.
 */
import { catalogOperatorRoute, CATALOG_OPERATOR_OPERATIONS, UPLOAD_BODY_BYTES, type Catalog, type DeliveryRefusalOf } from '../../catalog/index.js';
import type { Engine, Sequencer } from '../../engine/index.js';
import type { Gateway, MountedRoute } from '../../gateway/index.js';
import { decideDispute, DISPUTE_OPERATIONS, disputeOperatorRoute, type DisputeDesk, type GrantLedger } from '../../grants/index.js';
import { createOperatorApi, OPERATOR_OPERATIONS, withRequiredRole, type AuditTrail, type OperatorApi, type OperatorCredentials, type TreasuryLookup } from '../../operator/index.js';
import { PROVIDER_IDENTITY_OPERATIONS, providerIdentityRoute } from '../../providers/index.js';
import type { QuotingService } from '../../quoting/index.js';
import type { Logger } from '../../runtime/log.js';
import { washFlagsRoute, WASHING_OPERATIONS, type Washing } from '../../washing/index.js';
import type { Stores } from './stores.js';
import { phaseReadinessReporter, type MarketHistory } from '../../phase-readiness/index.js';

export interface OperatorDeps {
  engine: Engine;
  sequencer: Sequencer;
  quoting: QuotingService | undefined;
  audit: AuditTrail;
  stores: Stores;
  clock: () => number;
  catalog: Catalog;
  grants: () => GrantLedger | undefined;
  washing: () => Washing | undefined;
  marketHistory: MarketHistory;
  /** The vault's fee recipient and the account at it (settlement's; undefined while it is not running): the fee sweep's. */
  treasury: () => Promise<TreasuryLookup | undefined>;
  /** The subscription courier's last refusal of each listing's endpoint, shown on the operator's listings (DeliveryRefusals). */
  deliveryRefusalOf: DeliveryRefusalOf;
}

export function startOperatorApi({ engine, sequencer, quoting, audit, stores, clock, catalog, grants, washing, marketHistory, treasury, deliveryRefusalOf }: OperatorDeps): { api: OperatorApi; route: MountedRoute } {
  // Disputes of evidenced deliveries (rules 5): the engine knows which are open; the operator decides them.
  const disputeDesk: DisputeDesk = {
    open: () => [...engine.escrow.grants.values()].filter((g) => g.disputed).map((g) => g.grantId),
    decide: async (actor, grantId, refundQty, charge) => {
      const r = await decideDispute(sequencer, actor, grantId, refundQty, charge);
      return 'refused' in r ? r : { resolved: r.resolved, upheldQty: r.decided.upheldQty };
    },
  };
  const api = createOperatorApi({
    engine,
    sequencer,
    quoting,
    audit,
    credentials: stores.credentials,
    clock,
    alarms: stores.alarms,
    alarmHistory: stores.alarmHistory,
    catalogRoute: (req) => catalogOperatorRoute(catalog, req, deliveryRefusalOf),
    providersRoute: (req) => providerIdentityRoute({ store: stores.identities, engine, sequencer, clock }, req),
    disputesRoute: (req) => disputeOperatorRoute(grants(), disputeDesk, req),
    washingRoute: (req) => washFlagsRoute(() => washing()?.guard, req),
    treasury,
    phaseReadiness: phaseReadinessReporter({
      engine,
      history: marketHistory,
      segmentDelivery: (segment) => catalog.segmentDelivery(segment),
      // Clean once settlement has settled a batch and no reconciliation since found a difference.
      reconciliationClean: () => engine.settledBatchId > 0 && stores.alarms.get('reconciliation-mismatch')?.active !== true,
      clock,
    }),
  });
  const route: MountedRoute = {
    // The operator API's rows, the catalog's moderation, the providers' identities, disputes and wash flags: one handler, one role table (requiredRole).
    operations: [...OPERATOR_OPERATIONS, ...CATALOG_OPERATOR_OPERATIONS, ...PROVIDER_IDENTITY_OPERATIONS, ...DISPUTE_OPERATIONS, ...WASHING_OPERATIONS].map(withRequiredRole),
    maxBodyBytes: UPLOAD_BODY_BYTES, // a reference sample (POST /operator/listings/{id}/reference) is as large as a sample
    handle: (req) => api.handle({ method: req.method, path: req.path, body: req.body, query: req.query, operator: req.principal, operatorAccountId: req.accountId }),
  };
  return { api, route };
}

/** A revoked operator keeps no open session: its order-entry sessions close at once. */
export function closeSessionsOnRevoke(credentials: OperatorCredentials, gateway: Gateway, log: Logger): void {
  credentials.onRevoked((op) => {
    const closed = gateway.closeSessionsOf(op.accountId, `operator '${op.name}' was revoked`);
    log.info({ operator: op.name, closedSessions: closed }, 'operator revoked');
  });
}
