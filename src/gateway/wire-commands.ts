/**
 * Decoded order-entry requests to engine commands. The gateway checks only the
 * shape (fields present, enums known, integers safe); the engine checks the
 * business rules (tick, band, balance, role...) and answers with a RejectReason.
 * A shape problem is a WireError: the request never reaches the sequencer.
 */
import {
  CommandKind,
  MassCancelScope,
  OrderType,
  SelfTradePrevention,
  Side,
  SubscriptionDelivery,
  SubscriptionTrigger,
  TimeInForce,
  type Command,
  type RequestWithdrawal,
  type Subscribe,
} from '../engine/index.js';
import { wire, type patx } from '../proto/index.js';

export const ErrorCode = wire.ErrorCode;
export type ErrorCode = patx.v1.ErrorCode;

/** A request the gateway refuses before it reaches the engine. */
export class WireError extends Error {
  override readonly name = 'WireError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field = '',
    /** The ms to wait before sending it again (Error.retry_after_ms), for a refusal that knows one; 0: none. */
    readonly retryAfterMs = 0,
  ) {
    super(message);
  }
}

/**
 * 2^63: a uint64 read at or above it had its sign bit set, a negative number in two's complement (a client's -1
 * in `qty` arrives as 2^64 - 1). The readers keep every value below 2^63 below it (no-long.ts).
 */
const SIGN_BIT = 2 ** 63;

/** Why a decoded 64-bit value is no safe integer: negative (either way it was sent), or too large. */
function outOfRange(v: number): string {
  if (v >= SIGN_BIT) return 'negative (its 64-bit value has the sign bit set)';
  if (v > 0) return 'above 2^53 - 1';
  if (v < 0) return 'negative, below -(2^53 - 1)';
  return 'not a whole number';
}

/** Proto3 omits zero values, so an absent field reads as undefined; it means 0. */
function int(value: number | null | undefined, field: string, min: number): number {
  const v = value ?? 0;
  if (!Number.isSafeInteger(v)) throw new WireError(ErrorCode.VALUE_OUT_OF_RANGE, `${field} is ${outOfRange(v)}`, field);
  if (v < min) throw new WireError(ErrorCode.INVALID_FIELD, `${field} must be at least ${min}`, field);
  return v;
}

function positive(value: number | null | undefined, field: string): number {
  return int(value, field, 1);
}

function enumValue<T extends number>(value: number | null | undefined, allowed: readonly T[], field: string, fallback?: T): T {
  const v = value ?? 0;
  if (v === 0 && fallback !== undefined) return fallback;
  if (!(allowed as readonly number[]).includes(v)) throw new WireError(ErrorCode.INVALID_FIELD, `${field} has no value ${v} here`, field);
  return v as T;
}

const SIDES = [Side.BUY, Side.SELL] as const;
const ORDER_TYPES = [OrderType.LIMIT, OrderType.MARKET] as const;
const TIFS = [TimeInForce.GTC, TimeInForce.GTD, TimeInForce.IOC, TimeInForce.FOK] as const;
const STPS = [SelfTradePrevention.CANCEL_NEWEST, SelfTradePrevention.CANCEL_OLDEST, SelfTradePrevention.CANCEL_BOTH, SelfTradePrevention.DECREMENT] as const;
const SCOPES = [MassCancelScope.ACCOUNT, MassCancelScope.SERIES, MassCancelScope.ALL] as const;

/** At most 10^30 wei (a trillion PAT), written in decimal without sign or leading zeros. */
const WEI_PATTERN = /^[1-9][0-9]{0,29}$/;

export function parseWei(value: string | null | undefined, field: string): bigint {
  if (value === null || value === undefined || !WEI_PATTERN.test(value)) {
    throw new WireError(ErrorCode.INVALID_FIELD, `${field} must be a positive whole number of wei in decimal, at most 10^30`, field);
  }
  return BigInt(value);
}

/**
 * A limit order's price, or a market order's 0. The engine sets a market order's limit itself (its
 * protection price), so a price sent with one would be silently dropped: a bot meaning it as a cap
 * would get none. Refused instead, as Binance refuses a price on a MARKET order.
 */
function orderPriceMicros(value: number | null | undefined, orderType: OrderType): number {
  if (orderType !== OrderType.MARKET) return positive(value, 'price_micros');
  if (int(value, 'price_micros', Number.MIN_SAFE_INTEGER) !== 0) {
    throw new WireError(ErrorCode.INVALID_FIELD, 'a market order carries no price (0): use a LIMIT IOC to cap the price', 'price_micros');
  }
  return 0;
}

export function newOrderCommand(m: patx.v1.INewOrder, actor: number): Command {
  const orderType = enumValue(m.orderType, ORDER_TYPES, 'order_type', OrderType.LIMIT);
  return {
    kind: CommandKind.NEW_ORDER,
    actor,
    seriesId: positive(m.seriesId, 'series_id'),
    clientOrderId: positive(m.clientOrderId, 'client_order_id'),
    side: enumValue(m.side, SIDES, 'side'),
    orderType,
    tif: enumValue(m.timeInForce, TIFS, 'time_in_force', TimeInForce.GTC),
    priceMicros: orderPriceMicros(m.priceMicros, orderType),
    qty: positive(m.qty, 'qty'),
    expireAtMs: int(m.expireAtMs, 'expire_at_ms', 0),
    postOnly: m.postOnly === true,
    stp: enumValue(m.selfTradePrevention, STPS, 'self_trade_prevention', SelfTradePrevention.CANCEL_NEWEST),
  };
}

export function cancelCommand(m: patx.v1.ICancelOrder, actor: number): Command {
  const orderId = int(m.orderId, 'order_id', 0);
  const clientOrderId = int(m.clientOrderId, 'client_order_id', 0);
  if (orderId === 0 && clientOrderId === 0) throw new WireError(ErrorCode.INVALID_FIELD, 'name the order by order_id or client_order_id', 'order_id');
  return { kind: CommandKind.CANCEL_ORDER, actor, orderId, clientOrderId };
}

export function amendCommand(m: patx.v1.IAmendOrder, actor: number): Command {
  return {
    kind: CommandKind.AMEND_ORDER,
    actor,
    orderId: positive(m.orderId, 'order_id'),
    newQty: positive(m.newQty, 'new_qty'),
    newPriceMicros: positive(m.newPriceMicros, 'new_price_micros'),
  };
}

export function massCancelCommand(m: patx.v1.IMassCancel, actor: number, isOperator: boolean): Command {
  const scope = enumValue(m.scope, SCOPES, 'scope', MassCancelScope.ACCOUNT);
  const accountId = int(m.accountId, 'account_id', 0);
  if (accountId !== 0 && accountId !== actor && !isOperator) {
    throw new WireError(ErrorCode.NOT_PERMITTED, 'a session cancels only its own account’s orders', 'account_id');
  }
  return { kind: CommandKind.MASS_CANCEL, actor, scope, accountId, seriesId: int(m.seriesId, 'series_id', 0) };
}

export function declareCapacityCommand(m: patx.v1.IDeclareCapacity, actor: number): Command {
  return { kind: CommandKind.DECLARE_CAPACITY, actor, seriesId: positive(m.seriesId, 'series_id'), capacity: int(m.capacity, 'capacity', 0) };
}

export function mintCommand(m: patx.v1.IMint, actor: number): Command {
  return { kind: CommandKind.MINT, actor, seriesId: positive(m.seriesId, 'series_id'), qty: positive(m.qty, 'qty') };
}

export function exerciseCommand(m: patx.v1.IExercise, actor: number): Command {
  const [seriesId, qty, listingId] = [positive(m.seriesId, 'series_id'), positive(m.qty, 'qty'), int(m.listingId, 'listing_id', 0)];
  // A listing named: only its provider's rights (a kind of its own, so a plain exercise journals the bytes it did).
  if (listingId > 0) return { kind: CommandKind.EXERCISE_FROM_LISTING, actor, seriesId, qty, listingId };
  return { kind: CommandKind.EXERCISE, actor, seriesId, qty };
}

export function withdrawalCommand(m: patx.v1.IRequestWithdrawal, actor: number): RequestWithdrawal {
  return { kind: CommandKind.REQUEST_WITHDRAWAL, actor, amountWei: parseWei(m.amountWei, 'amount_wei') };
}

/**
 * The terms POST /v1/subscriptions accepts (src/subscriptions' `subscribeBody`, a zod schema,
 * and the exchange's listed contracts), handed to the gateway by the service so that a
 * WebSocket subscription is held to the same bounds and defaults, not to a copy of them.
 * Typed by the little of zod's `safeParse` it uses.
 */
export interface SubscriptionRules {
  terms: { safeParse(input: unknown): SubscriptionTermsParse };
  /** Whether the exchange lists this spot contract (its schedule). */
  listsContract(contract: string): boolean;
  /** Why the account may not add this subscription now (its free PAT does not cover it with its live ones: docs/subscriptions.md, "Cover"), or undefined. */
  admit?(actor: number, terms: SubscriptionTerms): string | undefined;
  /** Why the account may not withdraw this much now (what it leaves free would not cover its live subscriptions' next window), or undefined. */
  admitWithdrawal?(actor: number, amountWei: bigint): string | undefined;
}

export type SubscriptionTermsParse =
  | { success: true; data: SubscriptionTerms }
  | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };

/** The terms as the schema gives them back, defaults filled in. */
export interface SubscriptionTerms {
  contract: string;
  qtyPerWindow: number;
  capPriceMicros: number;
  budgetMicros: number;
  trigger: 'list' | 'open';
  autoExercise: boolean;
  maxSkips: number;
  includeCurrent: boolean;
  delivery: { mode: string };
}

const TRIGGERS = [SubscriptionTrigger.ON_LIST, SubscriptionTrigger.ON_OPEN] as const;

/** `qtyPerWindow` -> `qty_per_window`: the wire's name of a schema field. */
function wireName(key: PropertyKey | undefined): string {
  return String(key ?? '').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * A CreateSubscription as the engine's SUBSCRIBE. Pull delivery only: a webhook subscription
 * carries the subscriber's signed push authorisation, which is made and checked over HTTP
 * (POST /v1/subscriptions).
 */
export function subscribeCommand(m: patx.v1.ICreateSubscription, actor: number, rules: SubscriptionRules | undefined): Subscribe {
  if (rules === undefined) throw new WireError(ErrorCode.NOT_PERMITTED, 'this gateway takes no subscriptions (POST /v1/subscriptions)');
  // The 64-bit fields first: a value past ±(2^53 - 1), or negative in an unsigned one, is VALUE_OUT_OF_RANGE, as in every other message.
  const qtyPerWindow = positive(m.qtyPerWindow, 'qty_per_window');
  const capPriceMicros = positive(m.capPriceMicros, 'cap_price_micros');
  const budgetMicros = positive(m.budgetMicros, 'budget_micros');
  const trigger = enumValue(m.trigger, TRIGGERS, 'trigger', SubscriptionTrigger.ON_OPEN);
  const maxSkips = int(m.maxSkips, 'max_skips', 0);
  // Absent (proto3 optional, or 0 for max_skips) takes the HTTP default.
  const parsed = rules.terms.safeParse({
    contract: m.contract ?? '',
    qtyPerWindow,
    capPriceMicros,
    budgetMicros,
    trigger: trigger === SubscriptionTrigger.ON_LIST ? 'list' : 'open',
    ...(m.autoExercise === null || m.autoExercise === undefined ? {} : { autoExercise: m.autoExercise }),
    ...(maxSkips === 0 ? {} : { maxSkips }),
    ...(m.includeCurrent === null || m.includeCurrent === undefined ? {} : { includeCurrent: m.includeCurrent }),
    delivery: { mode: 'pull' },
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = wireName(issue?.path[0]);
    throw new WireError(ErrorCode.INVALID_FIELD, `${field}: ${issue?.message ?? 'out of range'}`, field);
  }
  const t = parsed.data;
  if (!rules.listsContract(t.contract)) throw new WireError(ErrorCode.CONTRACT_NOT_FOUND, `the exchange lists no spot contract ${t.contract} (SeriesQuery)`, 'contract');
  const short = rules.admit?.(actor, t);
  if (short !== undefined) throw new WireError(ErrorCode.INSUFFICIENT_FREE_PAT, short, 'budget_micros');
  return {
    kind: CommandKind.SUBSCRIBE,
    actor,
    contract: t.contract,
    qtyPerWindow: t.qtyPerWindow,
    capPriceMicros: t.capPriceMicros,
    budgetMicros: t.budgetMicros,
    trigger: t.trigger === 'list' ? SubscriptionTrigger.ON_LIST : SubscriptionTrigger.ON_OPEN,
    autoExercise: t.autoExercise,
    maxSkips: t.maxSkips,
    includeCurrent: t.includeCurrent,
    delivery: SubscriptionDelivery.PULL,
    webhookUrl: '',
    pushAuthorisation: '',
  };
}

export function cancelSubscriptionCommand(m: patx.v1.ICancelSubscription, actor: number): Command {
  return { kind: CommandKind.CANCEL_SUBSCRIPTION, actor, subscriptionId: positive(m.subscriptionId, 'subscription_id') };
}

export function resumeSubscriptionCommand(m: patx.v1.IResumeSubscription, actor: number): Command {
  return { kind: CommandKind.RESUME_SUBSCRIPTION, actor, subscriptionId: positive(m.subscriptionId, 'subscription_id') };
}

export { int as wireInt };
