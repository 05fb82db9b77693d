/**
 * The gateway (src/gateway/): order entry, market data and every HTTP route, on the port a
 * standby held until this node led. Opens once the read models have caught up and every part
 * its routes reach has started; settlement and the grants are looked up when asked.
 */
import { catalogRoutes, type Catalog, type PurchaseLedger } from '../../catalog/index.js';
import { OrganisationRole, WEI_PER_MICRO, type Engine, type Sequencer, type SeriesKind } from '../../engine/index.js';
import { wire } from '../../proto/index.js';
import { WebhookAllowance } from '../../gate/index.js';
import { accountFillRoutes, DEPOSIT_TO_OPEN_MIN_WEI, Gateway, orderHistoryRoutes, statementRoutes, tradeRoutes, type AccountFills, type FollowedStatement, type MountedRoute, type OrderHistory, type PublishedIndexes, type TradeHistory } from '../../gateway/index.js';
import { claimFiler, grantRoutes, type GrantLedger } from '../../grants/index.js';
import type { IntakePool } from '../../intake/index.js';
import { mcpRoute, queryText } from '../../mcp/index.js';
import { optionRoutes, syntheticRoutes, type QuotingService } from '../../quoting/index.js';
import type { JournalModels } from '../../read-models/journal-following.js';
import type { ReplicationNode } from '../../replication/index.js';
import type { HttpReply } from '../../http-registry/index.js';
import type { ComponentName, HealthProbe } from '../../runtime/health.js';
import type { Logger } from '../../runtime/log.js';
import { settlementMetricsText } from '../../settlement/index.js';
import { checkPushAuthorisation, coverRefusal, isShort, subscribeBody, SubscriptionCover, subscriptionRoutes, tierRoutes, type CoverHeld, type CoverShort, type DeliveryRefusals, type PushChecks, type SubscriptionLedger } from '../../subscriptions/index.js';
import { organisationRoutes } from '../../organisations/index.js';
import type { Config } from '../config.js';
import type { DataDirSpace } from '../data-dir-space.js';
import type { Replication } from './replication.js';
import { settledBatchOf, settlementRoutes } from './settlement-routes.js';
import type { SettlementHold } from './settlement.js';
import type { Stores } from './stores.js';

export interface GatewayDeps {
  config: Config;
  logger: Logger;
  clock: () => number;
  engine: Engine;
  sequencer: Sequencer;
  intake: IntakePool;
  stores: Stores;
  replication: Replication;
  readModels: JournalModels;
  space: DataDirSpace;
  quoting: QuotingService | undefined;
  catalog: Catalog;
  purchases: PurchaseLedger;
  trades: TradeHistory;
  accountFills: AccountFills;
  orders: OrderHistory;
  /** Absent when it is not kept (`statement.enabled`: statementOn). */
  statement: FollowedStatement | undefined;
  publishedIndexes: PublishedIndexes;
  subscriptions: SubscriptionLedger;
  /** The courier's last ENDPOINT_NOT_ALLOWED refusal of each listing, shown to its provider. */
  deliveryRefusals: DeliveryRefusals;
  grants: () => GrantLedger | undefined;
  settlement: SettlementHold;
  operatorRoute: MountedRoute;
  healthProbes: Partial<Record<ComponentName, HealthProbe>>;
  /** Routes other modules mount (ServiceExtras.routes). */
  extraRoutes: readonly MountedRoute[];
}

/** A WebSocket admission's words when short; else held until its command is applied (a read queued behind it: the frame's command is queued synchronously after this check). */
function heldUntilApplied(sequencer: Sequencer, admitted: CoverHeld | CoverShort): string | undefined {
  if (isShort(admitted)) return admitted.message;
  queueMicrotask(() => void sequencer.released(() => undefined).finally(() => admitted.release()).catch(() => undefined));
  return undefined;
}

/** An HTTP route's admission: the hold, or the 409 to answer. */
function orCoverRefusal(admitted: CoverHeld | CoverShort): CoverHeld | HttpReply {
  return isShort(admitted) ? coverRefusal(admitted) : admitted;
}

export async function openGateway(d: GatewayDeps): Promise<Gateway> {
  const { config, engine, sequencer, catalog, stores, clock } = d;
  const node: ReplicationNode | undefined = d.replication.node;
  /** Whether the exchange lists this spot contract: a subscription to any other is refused (HTTP and WebSocket). */
  const listsContract = (contract: string): boolean => config.contracts.some((c) => c.contract === contract);
  // One rule for a webhook and its push authorisation, a contract's subscription's and a tier's.
  const pushChecks: PushChecks = {
    checkAuthorisation: (accountId, url, delivery) => checkPushAuthorisation(engine, d.grants()?.signer.domain, accountId, url, delivery.authorisation, clock()),
    webhookAllowance: new WebhookAllowance(config.subscriptions.webhookAllow),
  };
  // One cover for HTTP and WebSocket subscribes: the free PAT backs every live subscription's next window (docs/subscriptions.md, "Cover").
  const cover = new SubscriptionCover(engine, config.subscriptions.minCoverPerSubscriptionMicros);
  // The standby's server lets go of the port (and of every connection) just before the gateway binds it.
  const { gatewayConfig, marketData } = await d.replication.handOver();
  const settlement = (): ReturnType<SettlementHold['current']> => d.settlement.current();
  const seriesNaming = (id: number): { contract: string; kind: SeriesKind } | undefined => {
    const s = engine.seriesById(id);
    return s === undefined ? undefined : { contract: s.spec.contract, kind: s.spec.kind };
  };
  const organisationOf = (accountId: number): number | undefined => engine.organisations.memberOf(accountId)?.accountId;
  const gateway: Gateway = await Gateway.start({
    config: gatewayConfig,
    intake: d.intake,
    operatorAuth: (token) => stores.credentials.authenticate(token),
    idempotencyKeyStore: stores.idempotencyKeys,
    depositWaiting: (address) => (settlement()?.store.unmatchedWeiFrom(address) ?? 0n) >= DEPOSIT_TO_OPEN_MIN_WEI,
    sequencer,
    logger: d.logger,
    clock,
    listingSegment: (id) => {
      const listing = catalog.find(id);
      return listing !== undefined && catalog.isPublic(listing) ? listing.segment : undefined;
    },
    routes: [
      d.operatorRoute,
      optionRoutes(() => d.quoting),
      syntheticRoutes(() => d.quoting),
      ...tradeRoutes(d.trades, (id) => engine.seriesById(id) !== undefined),
      ...accountFillRoutes(() => d.accountFills, seriesNaming, organisationOf),
      ...orderHistoryRoutes(() => d.orders, seriesNaming, organisationOf),
      ...statementRoutes({ statement: () => d.statement, engineSeq: () => engine.lastSeq, organisationOf, accountExists: (id) => engine.account(id) !== undefined }),
      ...catalogRoutes(catalog, d.purchases, (listingId) => d.deliveryRefusals.lastOf(listingId)),
      ...grantRoutes(d.grants, (seq) => settledBatchOf(settlement(), seq), claimFiler(sequencer), clock, (grant, records) => catalog.checkConformance(grant.signed.grant.listingId, grant.signed.grant.listingVersion, records, grant.signed.grant.grantId, { openMs: grant.signed.grant.windowOpenMs, closeMs: grant.signed.grant.windowCloseMs }), (accountId) => {
        const org = engine.organisations.memberOf(accountId);
        return org === undefined ? undefined : { accountId: org.accountId, reader: org.members.get(accountId) === OrganisationRole.READER };
      }, (accountId) => {
        const role = engine.account(accountId)?.role;
        return role === undefined ? undefined : wire.Role[role];
      }),
      ...subscriptionRoutes({ engine, sequencer, ledger: () => d.subscriptions, listsContract, cover, ...pushChecks }),
      ...settlementRoutes(settlement, engine, sequencer, config.settlement.publicRpcUrl, config.settlement.confirmations, d.grants, (name) => stores.credentials.rolesOf(name).includes('risk'), (accountId) => stores.identities.verifiedAt(accountId)),
      ...organisationRoutes({
        engine, sequencer, grants: d.grants, purchasesOf: (accountId, offset, limit) => d.purchases.purchasesOf(accountId, offset, limit), clock, accountsReservedForDepositors: gatewayConfig.accountsReservedForDepositors,
        admitOutflow: (accountId, amountMicros) => orCoverRefusal(cover.admitOutflow(accountId, amountMicros)),
      }),
      mcpRoute((client) => (path, query) => gateway.http.publicGet(path, new URLSearchParams(queryText(query).slice(1)), client)),
      ...d.extraRoutes,
      ...tierRoutes({
        engine,
        sequencer,
        ledger: () => d.subscriptions,
        publishedListing: (id) => {
          const listing = catalog.find(id);
          return listing !== undefined && catalog.isPublic(listing) ? listing : undefined;
        },
        clock,
        cover,
        ...pushChecks,
      }),
    ],
    grantsOf: () => {
      const grants = d.grants();
      return grants === undefined ? undefined : (e, timeMs) => grants.signedGrantsOf(e, timeMs);
    },
    // CreateSubscription over WebSocket is held to POST /v1/subscriptions' terms and cover; RequestWithdrawal leaves the cover free.
    subscriptions: {
      terms: subscribeBody,
      listsContract,
      admit: (actor, terms) => heldUntilApplied(sequencer, cover.admit(actor, cover.windowCover(terms), 1)),
      admitWithdrawal: (actor, amountWei) => heldUntilApplied(sequencer, cover.admitOutflow(actor, Number((amountWei + WEI_PER_MICRO - 1n) / WEI_PER_MICRO))),
    },
    // Public: market figures and the service's health. The broker's book, its risk limits and the alarms are the operator's (GET /operator/metrics).
    metricsLines: () => [catalog.metrics(), d.readModels.metricsText(), d.orders.metricsText(), d.space.metricsText(), d.intake.metricsText(), gateway.http.metricsText(), settlementMetricsText({ enabled: config.settlement.enabled, starting: d.settlement.starting(), settlement: settlement(), engine }), node?.metricsText() ?? ''],
    healthProbes: () => d.healthProbes,
    role: () => node?.status().role ?? 'standalone',
    marketData,
    optionModels: d.quoting, // the OPTION market-data channel: the quoter's option models
    publishedIndexes: d.publishedIndexes,
    orderHistory: d.orders,
  });
  return gateway;
}
