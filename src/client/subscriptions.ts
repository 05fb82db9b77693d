/**
 * Subscriptions from the client (issue 56; docs/subscriptions.md): standing instructions
 * the exchange keeps for a consumer. Each call is one wallet-signed request to the gateway's
 * /v1/subscriptions routes (signed-http.ts); a refusal throws SubscriptionError with the
 * server's `{error, message}` and HTTP status, so a caller branches on `error.code`
 * (`UNKNOWN_CONTRACT`, `SEATS_FULL`, `NOT_PAUSED`, `SUBSCRIPTION_CLOSED`, ...).
 *
 *   const http = { url: 'http://127.0.0.1:8480', wallet };
 *   const sub = await subscribe(http, { contract: 'AUTO_INTENT|1D|0.70-0.85', qtyPerWindow: 2, capPriceMicros: 900_000, budgetMicros: 20_000_000 });
 *   const { subscription, activity } = await getSubscription(http, sub.subscriptionId);
 *   await cancelSubscription(http, sub.subscriptionId);
 *
 * Prices and money are µPAT (integers), as everywhere on the wire; `patToMicros` converts
 * what a person types ("0.9") exactly. No Node imports: the web console uses it too.
 */
export { patToMicros } from './pat.js';
import { PatxHttpError, signedCall } from './http.js';
import type { MessageSigner } from './trading-client.js';

/** Where and as whom: the gateway's HTTP base URL and the subscriber's wallet. */
export interface SubscriptionsHttp {
  /** The gateway's HTTP base, e.g. http://127.0.0.1:8480 (in a browser: location.origin). */
  url: string;
  wallet: MessageSigner;
  /** The chain the exchange settles on; default: what GET /v1/endpoints says (read once per URL). */
  chainId?: number;
  /** The time each request's signature states (default: now). Only a test running the exchange on its own clock sets it. */
  clock?: () => number;
  /** How long to wait for an answer, ms (default 30 s): past it, the call throws TIMEOUT. */
  timeoutMs?: number;
}

/** What to subscribe to (POST /v1/subscriptions). Omitted fields take the exchange's defaults. */
export interface SubscriptionTerms {
  /** A spot contract the exchange lists, SEGMENT|WINDOW|LO-HI. */
  contract: string;
  /** Rights to buy in each window. */
  qtyPerWindow: number;
  /** The most to pay for one right, µPAT: a window whose ask is above it is skipped (CAP_BELOW_ASK). */
  capPriceMicros: number;
  /** The most to spend in all, µPAT: the subscription ends when it cannot buy one more right. */
  budgetMicros: number;
  /** Buy each window when it is listed, or when it opens (default 'open'). */
  trigger?: 'list' | 'open';
  /** Exercise the rights once the window is open, so the grants are issued (default true). */
  autoExercise?: boolean;
  /** Windows skipped in a row before it pauses (default 3, at most 100). */
  maxSkips?: number;
  /** Also buy the window open now (default true); false: from the next window. */
  includeCurrent?: boolean;
  /** pull (default): the grants wait in /v1/grants/mine; webhook: docs/delivery.md. */
  delivery?: SubscriptionDelivery;
}

/**
 * How a subscription's grants reach the subscriber: pulled (they wait in /v1/grants/mine), or pushed
 * to a webhook with the subscriber's push authorisation (signPushAuthorisation's untilMs, nonce and
 * consumerSignature, for this URL; docs/delivery.md, "Push delivery").
 */
export type SubscriptionDelivery = { mode: 'pull' } | { mode: 'webhook'; url: string; authorisation: { untilMs: number; nonce: string; consumerSignature: string } };

export type SubscriptionStatus = 'active' | 'paused' | 'cancelled' | 'ended';

/** One thing a subscription did: bought a window, skipped one (and why), exercised, changed status. */
export type SubscriptionActivity =
  | { type: 'filled'; seq: number; atMs: number; seriesId: number; requestedQty: number; qty: number; costMicros: number }
  | { type: 'skipped'; seq: number; atMs: number; seriesId: number; reason: string; askMicros: number; rejectReason: string | null; skipsInRow: number; message: string }
  | { type: 'exercised'; seq: number; atMs: number; seriesId: number; exerciseId: number; qty: number }
  | { type: 'status'; seq: number; atMs: number; status: SubscriptionStatus; change: string };

/** A subscription as the exchange shows it to its subscriber (src/subscriptions/ledger.ts's record). µPAT. */
export interface Subscription {
  subscriptionId: number;
  accountId: number;
  contract: string;
  qtyPerWindow: number;
  capPriceMicros: number;
  budgetMicros: number;
  spentMicros: number;
  trigger: 'list' | 'open';
  autoExercise: boolean;
  maxSkips: number;
  delivery: { mode: 'pull' } | { mode: 'webhook'; url: string };
  status: SubscriptionStatus;
  createdAtMs: number;
  updatedAtMs: number;
  windowsBought: number;
  rightsBought: number;
  windowsSkipped: number;
  skipsInRow: number;
  exercises: number;
  /** The newest activity entry. */
  last: SubscriptionActivity | null;
}

export interface SubscriptionPage {
  total: number;
  subscriptions: Subscription[];
  /** For a member: its organisation's subscriptions (the same page), made by any of its traders. */
  organisationSubscriptions?: { total: number; subscriptions: Subscription[] };
}

export interface SubscriptionWithActivity {
  subscription: Subscription;
  /** Newest first. */
  activity: SubscriptionActivity[];
}

/**
 * A refusal by the exchange (its `{error, message}` and HTTP status), or a request that got
 * no answer (`UNREACHABLE`, status 0) or one that was not the API's JSON (`BAD_REPLY`). A
 * PatxHttpError, as every HTTP call of the client throws: one `catch` branches on `code`.
 */
export class SubscriptionError extends PatxHttpError {
  override readonly name = 'SubscriptionError';
  constructor(
    /** The server's error code, e.g. UNKNOWN_CONTRACT, SEATS_FULL, NOT_PAUSED. */
    code: string,
    /** The server's explanation. */
    detail: string,
    /** The HTTP status (0: no answer). */
    status: number,
    details?: Record<string, unknown>,
    retryAfterMs?: number,
  ) {
    super(code, detail, status, details, retryAfterMs);
  }
}

/** Subscribes: the exchange buys each new window of `terms.contract` at the broker's ask up to the cap, within the budget. */
export async function subscribe(http: SubscriptionsHttp, terms: SubscriptionTerms): Promise<Subscription> {
  return call<Subscription>(http, 'POST', '/v1/subscriptions', terms);
}

/** The account's subscriptions, newest first, cancelled and ended ones included. */
export async function listSubscriptions(http: SubscriptionsHttp, page: { offset?: number; limit?: number } = {}): Promise<SubscriptionPage> {
  return call<SubscriptionPage>(http, 'GET', `/v1/subscriptions${query({ offset: page.offset, limit: page.limit })}`);
}

/** One subscription with what it did, newest first (`limit` entries, before `beforeSeq` to page back). */
export async function getSubscription(http: SubscriptionsHttp, subscriptionId: number, page: { limit?: number; beforeSeq?: number } = {}): Promise<SubscriptionWithActivity> {
  return call<SubscriptionWithActivity>(http, 'GET', `/v1/subscriptions/${idText(subscriptionId)}${query({ limit: page.limit, beforeSeq: page.beforeSeq })}`);
}

/** Cancels: no window is bought after this; rights bought stay the subscriber's. */
export async function cancelSubscription(http: SubscriptionsHttp, subscriptionId: number): Promise<Subscription> {
  return call<Subscription>(http, 'POST', `/v1/subscriptions/${idText(subscriptionId)}/cancel`);
}

/** Resumes a subscription paused after too many skips, from the next window (NOT_PAUSED otherwise). */
export async function resumeSubscription(http: SubscriptionsHttp, subscriptionId: number): Promise<Subscription> {
  return call<Subscription>(http, 'POST', `/v1/subscriptions/${idText(subscriptionId)}/resume`);
}

function idText(subscriptionId: number): string {
  if (!Number.isSafeInteger(subscriptionId) || subscriptionId < 1) throw new SubscriptionError('INVALID_ID', `not a subscription id: ${String(subscriptionId)}`, 0);
  return String(subscriptionId);
}

function query(params: Record<string, number | undefined>): string {
  const given = Object.entries(params).filter((e): e is [string, number] => e[1] !== undefined);
  return given.length === 0 ? '' : `?${given.map(([k, v]) => `${k}=${v}`).join('&')}`;
}

/**
 * A signed call as every other HTTP call of the client makes it (http.ts, signedCall: the chain from GET /v1/endpoints
 * unless given, the timeout, a write's Idempotency-Key), its refusal as a SubscriptionError with the server's code, details and wait.
 */
async function call<T>(http: SubscriptionsHttp, method: 'GET' | 'POST', pathAndQuery: string, body?: unknown): Promise<T> {
  try {
    return await signedCall<T>(http, method, pathAndQuery, body);
  } catch (error) {
    if (!(error instanceof PatxHttpError)) throw error;
    throw new SubscriptionError(error.code, error.detail, error.status, error.details, error.retryAfterMs);
  }
}
