/** The TypeScript client for PATX: order entry, market data, and the wire schema. */
export { TradingClient, PatxSignInError, signInMessageFor, type SignInRefusal, rejectName, ackOutcome, grantsOfAck, type TradingClientOptions, type NewOrderParams, type MessageSigner, type ForwardDelivery, type SyntheticLiquidation, type SyntheticSettlement, type SeriesInfo, type SubscribeParams, type SubscriptionUpdate } from './trading-client.js';
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
  type PushRegistration,
  type StreamEvent,
  type StreamRecordsOptions,
  type Told,
} from './delivery.js';
export type { PushAuthorisation, PushEndReason, PushPayload } from '../gate/push-request.js';
export { depositPat } from './deposit.js';
export { subscribe, listSubscriptions, getSubscription, cancelSubscription, resumeSubscription, patToMicros, SubscriptionError, type SubscriptionsHttp, type SubscriptionTerms, type Subscription, type SubscriptionActivity, type SubscriptionStatus, type SubscriptionPage, type SubscriptionWithActivity } from './subscriptions.js';
