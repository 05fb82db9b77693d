/**
 * The market over HTTP from a program (docs/protocol.md, "HTTP"): where the WebSocket
 * endpoints listen and the chain id, the series with their terms, one series with its book, a
 * cash-settled series' mark and settlement index, trades and candles, the chain's contracts,
 * segments' seats, the broker's option pricing (public), and the account's view, fills and cash
 * settlements and margin events (wallet-signed).
 * Live data streams over MarketDataClient; these are the reads the console makes by HTTP.
 * Each function is one operation of the route registry (its operationId in the comment); a
 * refusal throws PatxHttpError (http.ts).
 *
 *   const http = { url: 'http://127.0.0.1:8480' };
 *   const { series } = await listSeries(http, { segment: 'AUTO_INTENT', status: 'TRADING' });
 *   const { candles } = await listCandles(http, series[0]!.seriesId, '1m', { limit: 60 });
 */
import { idText, publicGet, queryOf, signedCall, type ExchangeHttp } from './http.js';

type Public = Pick<ExchangeHttp, 'url' | 'timeoutMs'>;

/** GET /v1/endpoints: the WebSocket endpoints (paths and ports) and the chain id signed requests name. */
export interface Endpoints {
  trade: { path: string; port: number };
  marketData: { path: string; port: number };
  chainId: number;
}

/** A series: the terms of one contract for one window (src/gateway/gateway-operations.ts's schema). µPAT. */
export interface SeriesTerms {
  seriesId: number;
  contract: string;
  kind: 'SPOT' | 'FORWARD' | 'SYNTHETIC' | 'CALL' | 'PUT';
  status: 'TRADING' | 'HALTED' | 'EXPIRED';
  openAtMs: number;
  closeAtMs: number;
  tickMicros: number;
  lotSize: number;
  minPriceMicros: number;
  maxPriceMicros: number;
  maxOrderQty: number;
  referencePriceMicros: number;
  lastTradeMicros: number;
  /** A forward's delivery state. */
  delivery?: string;
  strikeMicros?: number;
  /** An option's strike in PAT. */
  strike?: string;
  /** A cash-settled series' spot series. */
  spotSeriesId?: number;
}

export interface SeriesFilter {
  /** One contract, 'SEGMENT|WINDOW|LO-HI'. */
  contract?: string;
  segment?: string;
  /** The series of a published listing's segment. */
  listing?: number;
  window?: string;
  kind?: SeriesTerms['kind'] | SeriesTerms['kind'][];
  status?: 'TRADING' | 'HALTED';
  spotSeriesId?: number;
  offset?: number;
  limit?: number;
}

export interface SeriesPage {
  total: number;
  series: SeriesTerms[];
  /** The offset of the following page; null on the last. */
  next: number | null;
}

export interface BookLevelView {
  priceMicros: number;
  qty: number;
}

/** GET /v1/series/{id}: one series (expired ones too) with its top levels a side. */
export interface SeriesWithBook extends SeriesTerms {
  /** A market order's protection: how far past the best opposite price (bps) it may trade (engine rules 6; src/risk/protection.ts). */
  bandBps: number;
  /** The risk band around the reference (risk.priceBandBps): a limit beyond it is refused PRICE_OUTSIDE_BAND; 0 = off. Absent from exchanges before 2026-12-01. */
  priceBandBps?: number;
  /** The risk band's floor either side of the reference, µPAT (engine rules 11). Absent from exchanges before 2026-12-01. */
  priceBandMinMicros?: number;
  /**
   * What an order on the other side can take, best first: in a spot series the broker's bids and asks (every trade has
   * the broker on one side), its customers' resting orders apart in `waiting` (consumers' bids waiting for its ask,
   * providers' asks for its bid). Before 2026-12-01 the two were merged.
   */
  book: { bids: BookLevelView[]; asks: BookLevelView[]; waiting?: { bids: BookLevelView[]; asks: BookLevelView[] } };
}

/** GET /v1/series/{id}/settlement: a cash-settled series' latest mark and, once expired, its settlement index (docs/settlement-index.md). */
export interface SettlementView {
  mark: { markMicros: number; markAtMs: number; [field: string]: unknown } | null;
  settlementIndex: { indexMicros: number; [field: string]: unknown } | null;
  [field: string]: unknown;
}

export interface TradeView {
  tradeId: number;
  /** The journal seq of the command that traded. */
  seq: number;
  timeMs: number;
  priceMicros: number;
  qty: number;
  takerSide: 'BUY' | 'SELL';
}

export interface TradePage {
  seriesId: number;
  trades: TradeView[];
  /** The `before` of the following page; null on the last. */
  next: number | null;
}

export type CandleInterval = '1m' | '5m' | '15m' | '1h' | '4h' | '1d';

export interface Candle {
  startMs: number;
  openMicros: number;
  highMicros: number;
  lowMicros: number;
  closeMicros: number;
  volume: number;
  trades: number;
}

/** GET /v1/chain/contracts: what a depositor needs. */
export interface ChainContractsView {
  chainId: number;
  token: string;
  vault: string;
  registry: string;
  governance: string;
  confirmations: number;
  /** The embedded chain's URL; absent for a chain the service does not embed. */
  rpcUrl?: string;
}

/** GET /v1/account: balances (wei as decimal strings, and PAT), open orders, positions. */
export interface AccountJson {
  accountId: number;
  role: string;
  address: string;
  availableWei: string;
  available: string;
  heldWei: string;
  held: string;
  pendingWithdrawalWei: string;
  lockedWei: string;
  locked: string;
  openOrders: number;
  positions: Record<string, unknown>[];
  asOfSeq: number;
  verifiedProvider?: boolean;
  payoutsHeld?: boolean;
}

/** One fill of the account's own side (GET /v1/fills): a buy or a sale, of any kind. Integers; µPAT for …Micros. */
export interface AccountFill {
  tradeId: number;
  /** The journal seq of the command that traded. */
  seq: number;
  timeMs: number;
  seriesId: number;
  /** 'SEGMENT|WINDOW|LO-HI'. */
  contract: string;
  kind: SeriesTerms['kind'];
  side: 'BUY' | 'SELL';
  priceMicros: number;
  qty: number;
  /** price × qty. */
  notionalMicros: number;
  /** The account's fee on this fill (docs/fees.md): a buy pays it on top, a sale out of its proceeds. */
  feeMicros: number;
  /** MAKER: the account's order rested in the book; TAKER: it arrived and traded. */
  liquidity: 'MAKER' | 'TAKER';
  orderId: number;
  clientOrderId: number;
  /** What the order had left open after this fill. */
  leavesQty: number;
}

export interface FillPage {
  /** Newest first. */
  fills: AccountFill[];
  /** The `before` (a trade id) of the following page; null on the last. */
  next: number | null;
}

/** One cash settlement of the account's position in a synthetic or an option at expiry (GET /v1/settlements). Integers; µPAT for …Micros. */
export interface CashSettlement {
  seq: number;
  timeMs: number;
  seriesId: number;
  contract: string;
  kind: SeriesTerms['kind'];
  /** The position settled: < 0 short (written). */
  positionQty: number;
  /** What a synthetic position cost (signed; 0 for an option, whose premium moved at its fills). */
  costMicros: number;
  /** An option's premium paid net over the account's fills in the series (+ paid, − received); 0 for a synthetic. */
  premiumMicros: number;
  /** The settlement index (docs/settlement-index.md). */
  indexMicros: number;
  /** What one unit is worth at the index. */
  valueMicros: number;
  /** PAT moved: + received, − paid. */
  payoutMicros: number;
  /** What the account owed and could not pay (the loss rule: docs/synthetics.md, "Settlement at expiry"). */
  shortfallMicros: number;
  /** What was taken from the account's winnings to cover others' shortfall. */
  haircutMicros: number;
  /** positionQty × valueMicros − costMicros − premiumMicros, before fees. */
  pnlMicros: number;
}

export interface SettlementPage {
  /** Newest first. */
  settlements: CashSettlement[];
  /** The `before` (a seq) of the following page; null on the last. */
  next: number | null;
}

/**
 * A mark's margin event for one of the account's synthetic or written option positions (GET /v1/margin-events).
 * Integers; µPAT for …Micros.
 */
export interface MarginEvent {
  /** TOP_UP: free PAT moved into the position's lock; LIQUIDATION: the position taken over by the broker at the mark. */
  event: 'TOP_UP' | 'LIQUIDATION';
  seq: number;
  timeMs: number;
  seriesId: number;
  contract: string;
  kind: SeriesTerms['kind'];
  /** The position at the mark (a liquidation: the one taken over): < 0 short. */
  positionQty: number;
  markMicros: number;
  /** A top-up: PAT moved from free to the lock (0 for a liquidation). */
  topUpMicros: number;
  /** A liquidation: paid to the broker (an option writer: the position's value at the index and the penalty). */
  penaltyMicros: number;
  /** A liquidation: the loss owed at settlement (an option writer: what it could not pay, absorbed by the broker). */
  owedMicros: number;
  /** The position's lock after it. */
  lockedMicros: number;
}

export interface MarginEventPage {
  /** Newest first. */
  marginEvents: MarginEvent[];
  /** The `before` (a seq) of the following page; null on the last. */
  next: number | null;
}

/** Which fills or settlements: one series, at most `limit` (1 to 1000, default 100), older than `before` (the previous page's `next`). */
export interface AccountPageQuery {
  seriesId?: number;
  limit?: number;
  before?: number;
  /** The signer's organisation's, not its own (any member). */
  organisation?: boolean;
}

/** Where the WebSocket endpoints listen and the chain id (getEndpoints). */
export async function getEndpoints(http: Public): Promise<Endpoints> {
  return publicGet<Endpoints>(http, '/v1/endpoints');
}

/** Live series (not expired), filtered and paged (listSeries). */
export async function listSeries(http: Public, filter: SeriesFilter = {}): Promise<SeriesPage> {
  const kind = Array.isArray(filter.kind) ? filter.kind.join(',') : filter.kind;
  return publicGet<SeriesPage>(http, `/v1/series${queryOf({ contract: filter.contract, segment: filter.segment, listing: filter.listing, window: filter.window, kind, status: filter.status, spotSeriesId: filter.spotSeriesId, offset: filter.offset, limit: filter.limit })}`);
}

/** One series, expired ones too, with its book's top levels (getSeries). */
export async function getSeries(http: Public, seriesId: number): Promise<SeriesWithBook> {
  return publicGet<SeriesWithBook>(http, `/v1/series/${idText('series', seriesId)}`);
}

/** A cash-settled series' latest mark and settlement index (getSeriesSettlement); NOT_A_SYNTHETIC for spot and forwards. */
export async function getSeriesSettlement(http: Public, seriesId: number): Promise<SettlementView> {
  return publicGet<SettlementView>(http, `/v1/series/${idText('series', seriesId)}/settlement`);
}

/** A series' trades, newest first; `before` (the previous page's `next`) pages back (listTrades). */
export async function listTrades(http: Public, seriesId: number, page: { limit?: number; before?: number } = {}): Promise<TradePage> {
  return publicGet<TradePage>(http, `/v1/trades${queryOf({ seriesId: idText('series', seriesId), limit: page.limit, before: page.before })}`);
}

/** A series' candles, oldest first: the newest `limit` intervals that began before `endMs` and traded (listCandles). */
export async function listCandles(http: Public, seriesId: number, interval: CandleInterval, page: { limit?: number; endMs?: number } = {}): Promise<{ seriesId: number; interval: CandleInterval; candles: Candle[] }> {
  return publicGet(http, `/v1/candles${queryOf({ seriesId: idText('series', seriesId), interval, limit: page.limit, endMs: page.endMs })}`);
}

/** The chain the exchange settles on and its contracts (getChainContracts); SETTLEMENT_UNAVAILABLE without settlement. */
export async function getChainContracts(http: Public): Promise<ChainContractsView> {
  return publicGet<ChainContractsView>(http, '/v1/chain/contracts');
}

/** Segments whose listings limit subscribers: seats offered and taken (listSeats). */
export async function listSeats(http: Public): Promise<{ seats: { segment: string; seats: number; taken: number }[] }> {
  return publicGet(http, '/v1/seats');
}

/** The broker's option pricing for every live option series (listOptionPricing). */
export async function listOptionPricing(http: Public): Promise<{ options: Record<string, unknown>[] }> {
  return publicGet(http, '/v1/options');
}

/** The broker's pricing of one option series (getOptionPricing). */
export async function getOptionPricing(http: Public, seriesId: number): Promise<Record<string, unknown>> {
  return publicGet(http, `/v1/options/${idText('series', seriesId)}`);
}

/** The broker's synthetic pricing for every live synthetic series: the forward it quotes around, the index mark, bid/ask (listSyntheticPricing). */
export async function listSyntheticPricing(http: Public): Promise<{ synthetics: Record<string, unknown>[] }> {
  return publicGet(http, '/v1/synthetics');
}

/** The broker's pricing of one synthetic series (getSyntheticPricing). */
export async function getSyntheticPricing(http: Public, seriesId: number): Promise<Record<string, unknown>> {
  return publicGet(http, `/v1/synthetics/${idText('series', seriesId)}`);
}

/** The account's balances, open orders and positions (getAccount; wallet-signed): what TradingClient.account() reads over the socket. */
export async function getAccount(http: ExchangeHttp): Promise<AccountJson> {
  return signedCall<AccountJson>(http, 'GET', '/v1/account');
}

/** The account's own fills, newest first: buys and sales, every kind (listFills; wallet-signed); UNKNOWN_ACCOUNT when the wallet has none. */
export async function listFills(http: ExchangeHttp, page: AccountPageQuery = {}): Promise<FillPage> {
  return signedCall<FillPage>(http, 'GET', `/v1/fills${accountPageQuery(page)}`);
}

/** The account's deposits, withdrawals and organisation moves, newest first, a withdrawal pending or paid with its batch's transaction (listTransfers; wallet-signed). */
export async function listTransfers(http: ExchangeHttp, page: Omit<AccountPageQuery, 'seriesId'> = {}): Promise<TransferPage> {
  return signedCall<TransferPage>(http, 'GET', `/v1/transfers${accountPageQuery(page)}`);
}

/** One deposit, withdrawal or organisation move of the account (GET /v1/transfers): amounts in wei, as strings. */
export interface TransferView {
  /** `organisation-in`/`-out`: PAT moved between an organisation's account and a member's; `fee-sweep`: fee revenue swept into the treasury account. */
  kind: 'deposit' | 'withdrawal' | 'organisation-in' | 'organisation-out' | 'fee-sweep';
  seq: number;
  timeMs: number;
  amountWei: string;
  ref?: string;
  withdrawalId?: number;
  state?: 'pending' | 'paid';
  batchId?: number;
  txHash?: string;
  paidAtMs?: number;
  /** An organisation move's other account (the organisation's, or the member's). */
  counterpartyAccountId?: number;
}

export interface TransferPage {
  transfers: TransferView[];
  next: number | null;
}

/** The account's cash settlements of synthetics and options at expiry, newest first (listSettlements; wallet-signed); UNKNOWN_ACCOUNT when the wallet has none. */
export async function listSettlements(http: ExchangeHttp, page: AccountPageQuery = {}): Promise<SettlementPage> {
  return signedCall<SettlementPage>(http, 'GET', `/v1/settlements${accountPageQuery(page)}`);
}

/** The account's forward positions delivered at their window's open, newest first (listForwardDeliveries; wallet-signed); UNKNOWN_ACCOUNT when the wallet has none. */
export async function listForwardDeliveries(http: ExchangeHttp, page: AccountPageQuery = {}): Promise<ForwardDeliveryPage> {
  return signedCall<ForwardDeliveryPage>(http, 'GET', `/v1/forward-deliveries${accountPageQuery(page)}`);
}

/**
 * One forward position delivered (GET /v1/forward-deliveries): PAT in µPAT, signed from the account's view (+ received,
 * − paid), all with the broker. `refundMicros` is the forward price of undelivered rights, `compensationMicros` the
 * seller's collateral for them.
 */
export interface ForwardDeliveryView {
  seq: number;
  timeMs: number;
  seriesId: number;
  contract: string;
  kind: string;
  spotSeriesId: number;
  counterpartyId: number;
  positionQty: number;
  deliveredQty: number;
  shortfallQty: number;
  proceedsMicros: number;
  collateralReturnedMicros: number;
  refundMicros: number;
  compensationMicros: number;
}

export interface ForwardDeliveryPage {
  forwardDeliveries: ForwardDeliveryView[];
  next: number | null;
}

/** The account's margin top-ups and liquidations at marks, newest first (listMarginEvents; wallet-signed); UNKNOWN_ACCOUNT when the wallet has none. */
export async function listMarginEvents(http: ExchangeHttp, page: AccountPageQuery = {}): Promise<MarginEventPage> {
  return signedCall<MarginEventPage>(http, 'GET', `/v1/margin-events${accountPageQuery(page)}`);
}

function accountPageQuery(page: AccountPageQuery): string {
  return queryOf({ seriesId: page.seriesId === undefined ? undefined : idText('series', page.seriesId), limit: page.limit, before: page.before, organisation: page.organisation === true ? 'true' : undefined });
}
