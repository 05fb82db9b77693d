/** The TypeScript client for PATX: order entry, market data, and the wire schema. */
export { TradingClient, PatxSignInError, signInMessageFor, type SignInRefusal, rejectName, ackOutcome, grantsOfAck, type TradingClientOptions, type NewOrderParams, type MessageSigner, type ForwardDelivery, type SyntheticLiquidation, type MarginTopUp, type SyntheticSettlement, type SeriesInfo, type SubscribeParams, type SubscriptionUpdate } from './trading-client.js';
export { MarketDataClient, type MarketDataEvents, type ForwardCurve, type CurvePoint } from './market-data-client.js';
export { LocalBook, type BookLevel, type BookProblem } from './local-book.js';
export { FailoverTradingClient, NoLeaderError, type FailoverOptions } from './failover-client.js';
export { FrameSocket, PatxRequestError, PatxConnectionClosedError, PatxTimeoutError, type ClientTls } from './frame-socket.js';
export { wire, bookChecksum, type patx } from '../proto/index.js';
export { signedRequest, type SignedReply } from './signed-http.js';
export type { SignedGrant, AccessGrant, GrantDomain } from '../grants/grant.js';
export {
  downloadWithGrant,
  pushPayloadProblem,
  registerPush,
  signPushAuthorisation,
  statementProblem,
  streamRecords,
  StreamError,
  type Download,
  type DownloadOptions,
  type GateUsage,
  type PushRegistration,
  type StreamEvent,
  type StreamRecordsOptions,
  type Told,
} from './delivery.js';
export { checkRecordFile, downloadRecordFile, formatOfPath, type FileCheck, type FileDownload, type FileDownloadOptions, type FileStatement } from './delivery-file.js';
export type { PushAuthorisation, PushEndReason, PushPayload } from '../grants/push-request.js';
export { depositPat, isDepositCredited, sendDeposit } from './deposit.js';
export { getFees, getProviderDashboard, getConsumerDashboard, type DashboardWindow, type ProviderDashboard, type ConsumerDashboard } from './dashboards.js';
export { subscribe, listSubscriptions, getSubscription, cancelSubscription, resumeSubscription, patToMicros, SubscriptionError, type SubscriptionsHttp, type SubscriptionTerms, type Subscription, type SubscriptionActivity, type SubscriptionStatus, type SubscriptionPage, type SubscriptionWithActivity, type SubscriptionDelivery } from './subscriptions.js';
export { createOrganisation, getMyOrganisation, setOrganisationMember, removeOrganisationMember, moveOrganisationFunds, getOrganisationMembership, listOrganisationGrants, listOrganisationPurchases, inviteOrganisationMember, listOrganisationInvitations, revokeOrganisationInvitation, listMyOrganisationInvitations, acceptOrganisationInvitation, declineOrganisationInvitation, OrganisationError, type OrganisationInvitation, type Organisation, type OrganisationGrant, type OrganisationLeft, type OrganisationRoleName, type OrganisationsHttp } from './organisations.js';
export { patExact, patOfMicros, patShown } from './pat.js';
export { getAccountStatement, getStatement, getStatementCsv, type OperatorHttp, type StatementCsvPage, type StatementPage, type StatementQuery, type StatementRow } from './statement.js';
export { PatxHttpError, type ExchangeHttp, type SignedHttp, type WireJson } from './http.js';
export {
  searchListings,
  getListing,
  getListingDisclosures,
  getListingPerformance,
  listTrustScores,
  rateListing,
  listPurchases,
  QUALITY_METRICS,
  type ListingSearch,
  type ListingPage,
  type ListingSummary,
  type ListingDetail,
  type Disclosures,
  type Review,
  type Seats,
  type ListingScore,
  type Purchase,
  type PurchasePage,
  type PerformanceReport,
  type CapacityEstimate,
  type QualityMetric,
  type QualitySummary,
  type TrustScore,
  type ModelFeedDisclosures,
} from './catalog.js';
export {
  getGrantSigner,
  listMyGrants,
  getMyGrant,
  leftToUse,
  getGrantProof,
  listGrantReceipts,
  postGrantReceipt,
  reportDeliveryFailure,
  postConformanceEvidence,
  fileClaim,
  disputeDelivery,
  type GrantView,
  type GrantPage,
  type GrantEscrow,
  type GrantUsage,
  type GrantReceipt,
  type GrantProof,
  type ReceiptInput,
  type ClaimFiled,
  type DisputeFiled,
  type DisputeReason,
  type DeliveryFailure,
  type ConformanceVerdict,
} from './grants.js';
export {
  listOwnListings,
  getOwnListing,
  getOwnListingSample,
  createListing,
  updateListing,
  submitListing,
  unpublishListing,
  deleteDraftListing,
  getListingUsage,
  postModelFeedSignals,
  postModelFeedOutcomes,
  listOwedGrants,
  listRevocations,
  getPayoutStatement,
  type ListingInput,
  type OwnListing,
  type OwnListingDetail,
  type ListingUsage,
  type SignalInput,
  type PayoutStatement,
} from './provider.js';
export {
  getEndpoints,
  listSeries,
  getSeries,
  getSeriesSettlement,
  listTrades,
  listCandles,
  getChainContracts,
  listSeats,
  listOptionPricing,
  getOptionPricing,
  listSyntheticPricing,
  getSyntheticPricing,
  getAccount,
  listFills,
  listSettlements,
  listMarginEvents,
  listTransfers,
  listForwardDeliveries,
  type TransferPage,
  type TransferView,
  type ForwardDeliveryPage,
  type ForwardDeliveryView,
  type Endpoints,
  type SeriesTerms,
  type SeriesFilter,
  type SeriesPage,
  type SeriesWithBook,
  type SettlementView,
  type TradeView,
  type TradePage,
  type Candle,
  type CandleInterval,
  type ChainContractsView,
  type AccountJson,
  type AccountFill,
  type FillPage,
  type CashSettlement,
  type SettlementPage,
  type MarginEvent,
  type MarginEventPage,
  type AccountPageQuery,
} from './market.js';
export { getOrder, getOrderByClientId, listOrders, type OrderView, type OrderAnswer, type OrderPage, type OrderListQuery } from './orders.js';
// Where the service is, from the environment every PATX tool reads (PATX_URL, its HTTP base; docs/connecting.md).
export { servicePlace, socketUrls, ServiceUrlError, type ServicePlace, type SocketUrls } from '../runtime/service-url.js';
export {
  getListingTiers,
  getBundleQuote,
  buyBundle,
  subscribeTier,
  listTierSubscriptions,
  cancelTierSubscription,
  type TierPriceRule,
  type TierView,
  type ListingTiers,
  type LegQuote,
  type BundleQuote,
  type BundlePurchase,
  type TierSubscribeTerms,
  type TierSubscription,
} from './tiers.js';
