/** The gateway's public surface: WebSocket order entry and market data, HTTP. */
export { Gateway, type GatewayOptions } from './server.js';
export { IdempotencyKeyStore } from './idempotency-key-store.js';
export { closeCode } from './socket-endpoint.js';
export { MarketDataThread, type SpawnedMarketData, type MarketDataSource } from './market-data-thread.js';
export { gatewayConfigSchema, gatewayTransport, httpUrlSchema, DEFAULT_GATEWAY_CONFIG, type GatewayConfig } from './config.js';
export { MarketFeed, Channel, ALL_CHANNELS, feedSeed, type FeedSink } from './market-feed.js';
export { requestSignText, signRequestHeaders, contentSha256, newRequestNonce, type SignedRequestFields, type RequestSigner } from '../request-signing/index.js';
export { ListenError } from './listen.js';
export { nativeUwsBinding, loadUwsBinding, UwsNativeBindingError, UWS_BUILDS, type LoadedUws, type UwsRuntime, type UwsBuild, type UwsAttempt } from './uws.js';
export { ErrorCode, WireError } from './wire-commands.js';
export type { MountedRoute, HttpRequestInfo, HttpReply } from '../http-registry/index.js';
export { openApiDocument, TAGS as API_TAGS } from './openapi.js';
export type { OptionModelFields, OptionModelSource, OptionPricingLike } from './option-models.js';
export { PublishedIndexes, type PublishedIndex } from './published-indexes.js';
export { TradeHistory, MAX_TRADES_PER_READ, type TradeRecord } from './trade-history.js';
export { tradeRoutes, TRADE_OPERATIONS } from './trade-routes.js';
export { AccountFills, type AccountFillRecord, type CashSettlementRecord } from './account-fills.js';
export { accountFillRoutes, ACCOUNT_FILL_OPERATIONS } from './account-fill-routes.js';
