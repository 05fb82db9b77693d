/**
 * The order-entry client: connects to `/v1/trade`, logs in with a wallet (or the
 * operator credential), sends commands and resolves each with its CommandAck
 * (sent by the server only after the command is journaled), and streams
 * execution reports on the account's orders that other commands caused (fills
 * against resting orders, expiries, operator cancels).
 *
 *   const client = await TradingClient.connect('ws://127.0.0.1:8480/v1/trade', { wallet });
 *   const ack = await client.newOrder({ seriesId: 1, clientOrderId: 1, side: Side.BUY, priceMicros: 2_000_000, qty: 5 });
 *   client.onReport((r) => console.log(r.execType, r.lastQty));
 *   client.onForwardDelivery((d) => console.log(d.seriesId, d.deliveredQty, d.shortfallQty));
 *   const sub = await client.subscribe({ contract: 'AUTO_INTENT|1H|0.70-0.85', qtyPerWindow: 2, capPriceMicros: 3_000_000, budgetMicros: 100_000_000 });
 *   client.onSubscriptionUpdate((u) => console.log(u.subscriptionId, u.filled?.qty, grantsOfAck(u.exercised ?? {})));
 */
import { getBytes, hexlify } from 'ethers';
import { wire, type patx } from '../proto/index.js';
import type { SignedGrant } from '../grants/grant.js';
import { connectedHost, signInFieldsProblem, signInMessage, type SignInFields } from '../gateway/siwe.js';
import { FrameSocket, PatxRequestError, PatxTimeoutError, type FrameSocketOptions, type RequestBody, type ServerFrame } from './frame-socket.js';

/** The longest wait for the account's read budget `openOrders` sits out between pages before it gives up (RATE_LIMITED). */
const MAX_READ_WAIT_MS = 10_000;

/** Anything that signs EIP-191 messages for an address: an ethers Wallet or Signer. */
export interface MessageSigner {
  getAddress(): Promise<string>;
  signMessage(message: string): Promise<string>;
}

export interface TradingClientOptions extends FrameSocketOptions {
  wallet?: MessageSigner;
  /**
   * The domain (host[:port]) a login may name: by default the host of the URL connected
   * to. Give it only when the exchange's public name differs from the address dialled (a
   * tunnel, an internal address behind its proxy): a wallet refuses to sign for any other.
   */
  signInDomain?: string;
  /** Refuse to sign a login for another chain than this (default: any the challenge names). */
  chainId?: number;
  operatorToken?: string;
  /** Role of the account opened on first login (CONSUMER by default, or PROVIDER). */
  role?: patx.v1.Role;
  /**
   * Act for this organisation (docs/organisations.md): the session trades on the organisation's
   * account as far as the wallet's role there allows (a reader's orders are refused
   * ROLE_FORBIDDEN). `login.organisationRole` says the role.
   */
  organisationId?: number;
  cancelOnDisconnect?: boolean;
  /** Log in only to the account the wallet has: with none, refused NO_ACCOUNT and nothing opened (a reader: a first login fixes the role). */
  existingOnly?: boolean;
  /** Send heartbeats at the server's interval and close if it goes silent (default true). */
  heartbeat?: boolean;
}

export type NewOrderParams = patx.v1.INewOrder & { seriesId: number; clientOrderId: number; side: patx.v1.Side; qty: number };

/** One of the account's forward positions delivered at its window's open (the wire's ForwardDelivery; docs/protocol.md). */
export type ForwardDelivery = patx.v1.IForwardDelivery;
/** One of the account's SYNTHETIC positions, or written CALL/PUT positions, taken over by the broker at a mark (the wire's SyntheticLiquidation). */
export type SyntheticLiquidation = patx.v1.ISyntheticLiquidation;
/** Free PAT a mark moved into the lock of one of the account's SYNTHETIC or written CALL/PUT positions (the wire's MarginTopUp, engine rules 12). */
export type MarginTopUp = patx.v1.IMarginTopUp;
/** An exercise redeemed rights this provider sold: a grant now owes delivery on them (the wire's GrantIssued, once per command). */
export type GrantIssued = patx.v1.IGrantIssued;
/** One of the account's cash-settled positions (SYNTHETIC, CALL, PUT) paid at expiry (the wire's SyntheticSettlement; `valueMicros` is what one unit is worth at the index). */
export type SyntheticSettlement = patx.v1.ISyntheticSettlement;
/**
 * A subscription's terms (the wire's CreateSubscription; docs/protocol.md, "Subscriptions"):
 * each new window of `contract` bought at the broker's ask, `qtyPerWindow` rights, never above
 * `capPriceMicros` a right nor past `budgetMicros` in all. Left out, `trigger` is ON_OPEN,
 * `autoExercise` and `includeCurrent` true, `maxSkips` 3, as over HTTP.
 */
export type SubscribeParams = patx.v1.ICreateSubscription & { contract: string; qtyPerWindow: number; capPriceMicros: number; budgetMicros: number };
/** What one of the account's subscriptions did: made, a window bought, skipped or exercised (with its grants), its status changed (the wire's SubscriptionUpdate). */
export type SubscriptionUpdate = patx.v1.ISubscriptionUpdate;
/** A listed series as the exchange describes it (the wire's SeriesInfo): kind, window, limits; a CALL's or PUT's `strikeMicros`; a cash-settled series' `spotSeriesId`. */
export type SeriesInfo = patx.v1.ISeriesInfo;

/** Why the client refused to sign a login challenge (nothing was signed or sent). */
export type SignInRefusal = 'DOMAIN_MISMATCH' | 'CHAIN_MISMATCH' | 'MALFORMED_CHALLENGE';

export class PatxSignInError extends Error {
  override readonly name = 'PatxSignInError';
  constructor(
    readonly code: SignInRefusal,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/**
 * The EIP-4361 message a challenge asks this address to sign, once it is checked: its
 * domain must be `domain` (the host connected to), so a challenge relayed from another
 * site is refused; and its chain `chainId` when one is given. Throws PatxSignInError.
 */
export function signInMessageFor(challenge: patx.v1.IChallenge, address: string, domain: string, chainId?: number): string {
  const fields: SignInFields = {
    domain: challenge.domain ?? '',
    uri: challenge.uri ?? '',
    statement: challenge.statement ?? '',
    chainId: Number(challenge.chainId ?? 0),
    nonce: challenge.siweNonce ?? '',
    issuedAt: challenge.issuedAt ?? '',
    expirationTime: challenge.expirationTime ?? '',
  };
  const problem = signInFieldsProblem(fields);
  if (problem !== undefined) throw new PatxSignInError('MALFORMED_CHALLENGE', `the server's challenge is no sign-in message (${problem}): is it an older PATX?`);
  if (fields.domain.toLowerCase() !== domain.toLowerCase()) throw new PatxSignInError('DOMAIN_MISMATCH', `the challenge is for ${fields.domain}, not ${domain} (the host connected to): not signed`);
  if (chainId !== undefined && fields.chainId !== chainId) throw new PatxSignInError('CHAIN_MISMATCH', `the challenge is for chain ${fields.chainId}, not ${chainId}: not signed`);
  return signInMessage(fields, address);
}

export class TradingClient {
  readonly accountId: number;
  readonly role: patx.v1.Role;
  readonly login: patx.v1.ILoginAccepted;
  private reportListeners: Array<(r: patx.v1.IExecutionReport) => void> = [];
  private deliveryListeners: Array<(d: ForwardDelivery) => void> = [];
  private liquidationListeners: Array<(l: SyntheticLiquidation) => void> = [];
  private topUpListeners: Array<(t: MarginTopUp) => void> = [];
  private grantIssuedListeners: Array<(g: GrantIssued) => void> = [];
  private settlementListeners: Array<(s: SyntheticSettlement) => void> = [];
  private subscriptionListeners: Array<(u: SubscriptionUpdate) => void> = [];
  private frameListeners: Array<(f: ServerFrame) => void> = [];

  private constructor(
    readonly socket: FrameSocket,
    login: patx.v1.ILoginAccepted,
  ) {
    this.login = login;
    this.accountId = Number(login.accountId);
    this.role = login.role ?? 0;
    socket.onUnsolicited = (frame) => {
      if (frame.body === 'executionReport') for (const l of this.reportListeners) l(frame.executionReport!);
      else if (frame.body === 'forwardDelivery') for (const l of this.deliveryListeners) l(frame.forwardDelivery!);
      else if (frame.body === 'syntheticLiquidation') for (const l of this.liquidationListeners) l(frame.syntheticLiquidation!);
      else if (frame.body === 'marginTopUp') for (const l of this.topUpListeners) l(frame.marginTopUp!);
      else if (frame.body === 'grantIssued') for (const l of this.grantIssuedListeners) l(frame.grantIssued!);
      else if (frame.body === 'syntheticSettlement') for (const l of this.settlementListeners) l(frame.syntheticSettlement!);
      else if (frame.body === 'subscriptionUpdate') for (const l of this.subscriptionListeners) l(frame.subscriptionUpdate!);
      for (const l of this.frameListeners) l(frame);
    };
  }

  /** Connects and logs in; rejects with PatxRequestError if the login is refused, PatxSignInError if the challenge is not one to sign. */
  static async connect(url: string, options: TradingClientOptions): Promise<TradingClient> {
    let challenge: patx.v1.IChallenge | undefined;
    let challengeArrived: () => void = () => undefined;
    const challenged = new Promise<void>((resolve) => (challengeArrived = resolve));
    const socket = await FrameSocket.open(url, options, (frame) => {
      if (frame.body === 'challenge') {
        challenge = frame.challenge!;
        challengeArrived();
      }
    });
    try {
      // A server that opened the WebSocket and sends no challenge (stopped since) is given up like an unanswered request.
      await withinRequestTimeout(challenged, socket.requestTimeoutMs, `${url}: no login challenge`);
      const login: patx.v1.ILogin = { role: options.role ?? 0, cancelOnDisconnect: options.cancelOnDisconnect ?? false, organisationId: options.organisationId ?? 0, existingOnly: options.existingOnly ?? false };
      if (options.operatorToken !== undefined) {
        login.operatorToken = options.operatorToken;
      } else if (options.wallet !== undefined) {
        const address = await options.wallet.getAddress();
        const message = signInMessageFor(challenge!, address, options.signInDomain ?? connectedHost(url), options.chainId);
        login.address = address;
        login.signature = getBytes(await options.wallet.signMessage(message));
      } else {
        throw new Error('give a wallet or an operator token');
      }
      const reply = await socket.request({ login });
      const accepted = reply.loginAccepted!;
      const client = new TradingClient(socket, accepted);
      if (options.heartbeat !== false) socket.startHeartbeat(Math.max(50, Math.floor(accepted.heartbeatIntervalMs! / 2)), accepted.heartbeatTimeoutMs!);
      return client;
    } catch (error) {
      // A server that answers nothing would not answer close()'s handshake either.
      if (error instanceof PatxTimeoutError) await socket.terminate();
      else await socket.close();
      throw error;
    }
  }

  /** Execution reports not answering one of this client's requests (e.g. fills of resting orders). */
  onReport(listener: (r: patx.v1.IExecutionReport) => void): void {
    this.reportListeners.push(listener);
  }

  /**
   * The account's forward deliveries: one per forward position when its window opens
   * (rights delivered into the window's spot series, or refunded and compensated for a
   * shortfall). Sent to every session of the account; a session that is not connected
   * then does not get it (the account view shows the result).
   */
  onForwardDelivery(listener: (d: ForwardDelivery) => void): void {
    this.deliveryListeners.push(listener);
  }

  /**
   * The account's SYNTHETIC positions, and written CALL/PUT positions, liquidated at a mark
   * (taken over by the broker; the resting orders in the series were cancelled first). Every
   * session of the account gets it.
   */
  onSyntheticLiquidation(listener: (l: SyntheticLiquidation) => void): void {
    this.liquidationListeners.push(listener);
  }

  /**
   * Free PAT a mark moved into the lock of one of the account's SYNTHETIC or written CALL/PUT positions (a margin
   * top-up, before any liquidation of the same position). Every session of the account gets it.
   */
  onMarginTopUp(listener: (t: MarginTopUp) => void): void {
    this.topUpListeners.push(listener);
  }

  /**
   * A provider's: an exercise redeemed rights it sold, so a grant owes delivery on them (once per command, naming its
   * first grant; GET /v1/provider/grants lists them all). Its account view does not move with it. Every session of the
   * provider's account gets it.
   */
  onGrantIssued(listener: (g: GrantIssued) => void): void {
    this.grantIssuedListeners.push(listener);
  }

  /** The account's cash-settled positions (SYNTHETIC, CALL, PUT) paid at expiry, one per position. Every session of the account gets it. */
  onSyntheticSettlement(listener: (s: SyntheticSettlement) => void): void {
    this.settlementListeners.push(listener);
  }

  /**
   * What the account's subscriptions do: each made, each window bought (`filled`), skipped
   * (`skipped`, and why) or exercised (`exercised`, with the signed grants: `grantsOfAck(u.exercised)`),
   * each status change (`statusChanged`). Every session of the account gets them, made by
   * this session or another, over HTTP or here.
   */
  onSubscriptionUpdate(listener: (u: SubscriptionUpdate) => void): void {
    this.subscriptionListeners.push(listener);
  }

  /** Every unsolicited frame (reports, heartbeats, errors without a request). */
  onFrame(listener: (f: ServerFrame) => void): void {
    this.frameListeners.push(listener);
  }

  newOrder(order: NewOrderParams): Promise<patx.v1.ICommandAck> {
    return this.command({ newOrder: order });
  }

  cancel(ref: { orderId?: number; clientOrderId?: number }): Promise<patx.v1.ICommandAck> {
    return this.command({ cancelOrder: ref });
  }

  amend(orderId: number, newQty: number, newPriceMicros: number): Promise<patx.v1.ICommandAck> {
    return this.command({ amendOrder: { orderId, newQty, newPriceMicros } });
  }

  massCancel(m: patx.v1.IMassCancel = {}): Promise<patx.v1.ICommandAck> {
    return this.command({ massCancel: m });
  }

  declareCapacity(seriesId: number, capacity: number): Promise<patx.v1.ICommandAck> {
    return this.command({ declareCapacity: { seriesId, capacity } });
  }

  /**
   * A provider's pledge of capacity for a FORWARD series' window: it may sell forward up
   * to it (less what it has sold). It is DeclareCapacity on the forward series; the
   * engine refuses it on a series that has ended (SERIES_EXPIRED) or from a non-provider.
   */
  pledge(forwardSeriesId: number, capacity: number): Promise<patx.v1.ICommandAck> {
    return this.declareCapacity(forwardSeriesId, capacity);
  }

  mint(seriesId: number, qty: number): Promise<patx.v1.ICommandAck> {
    return this.command({ mint: { seriesId, qty } });
  }

  /** `listingId`: only that listing's provider's rights are redeemed (refused LISTING_SUPPLY_SHORT when it has too few); else oldest sale first. */
  exercise(seriesId: number, qty: number, listingId = 0): Promise<patx.v1.ICommandAck> {
    return this.command({ exercise: { seriesId, qty, listingId } });
  }

  requestWithdrawal(amountWei: bigint): Promise<patx.v1.ICommandAck> {
    return this.command({ requestWithdrawal: { amountWei: amountWei.toString() } });
  }

  /**
   * Subscribes (pull delivery; a webhook subscription is made over HTTP, POST /v1/subscriptions).
   * The ack's `subscriptionId` names it, or its `rejectReason` says why not (INVALID_SUBSCRIPTION,
   * SEATS_FULL, SUBSCRIPTION_LIMIT, ROLE_NOT_ALLOWED...); terms out of range or a contract the
   * exchange does not list reject with PatxRequestError (INVALID_FIELD, VALUE_OUT_OF_RANGE, CONTRACT_NOT_FOUND).
   */
  subscribe(terms: SubscribeParams): Promise<patx.v1.ICommandAck> {
    return this.command({ createSubscription: terms });
  }

  /** Cancels a subscription: no window is bought after this (rights bought stay the account's). */
  cancelSubscription(subscriptionId: number): Promise<patx.v1.ICommandAck> {
    return this.command({ cancelSubscription: { subscriptionId } });
  }

  /** Resumes a subscription paused after too many skips (NOT_PAUSED otherwise), from the next window. */
  resumeSubscription(subscriptionId: number): Promise<patx.v1.ICommandAck> {
    return this.command({ resumeSubscription: { subscriptionId } });
  }

  async account(): Promise<patx.v1.IAccountView> {
    return (await this.socket.request({ accountQuery: {} })).accountView!;
  }

  /**
   * Every open order of the account (of one series, or all with 0), ascending by order id, read page by page
   * (`openOrdersPage`): an order that rests or ends while the pages are read may or may not be in the list.
   */
  async openOrders(seriesId = 0): Promise<patx.v1.IOrderView[]> {
    return (await this.openOrderPages(seriesId)).flatMap((page) => page.orders ?? []);
  }

  /** `openOrders` as its pages, each with the journal seq it is as of (`asOfSeq`): a report of a later seq is not in it. */
  async openOrderPages(seriesId = 0): Promise<patx.v1.IOpenOrders[]> {
    const pages: patx.v1.IOpenOrders[] = [];
    for (let afterOrderId = 0; ; ) {
      const page = await this.pageWithinReadBudget({ seriesId, afterOrderId });
      pages.push(page);
      afterOrderId = Number(page.nextAfterOrderId ?? 0);
      if (afterOrderId === 0) return pages;
    }
  }

  /**
   * A page, asked again after the wait a RATE_LIMITED refusal names (up to MAX_READ_WAIT_MS): the account's read budget
   * pays about two full pages a second (gateway.readRateLimitPerAccount), so reading thousands of orders waits between pages.
   */
  private async pageWithinReadBudget(query: { seriesId: number; afterOrderId: number }): Promise<patx.v1.IOpenOrders> {
    for (;;) {
      try {
        return await this.openOrdersPage(query);
      } catch (error) {
        const waitMs = error instanceof PatxRequestError && error.code === 'RATE_LIMITED' ? (error.retryWaitMs() ?? NaN) : NaN;
        if (!(waitMs <= MAX_READ_WAIT_MS)) throw error;
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    }
  }

  /** One page of the account's open orders: at most `limit` (0: 1,000, the most), after `afterOrderId`; `nextAfterOrderId` 0 on the last. */
  async openOrdersPage(query: { seriesId?: number; limit?: number; afterOrderId?: number } = {}): Promise<patx.v1.IOpenOrders> {
    return (await this.socket.request({ openOrdersQuery: query })).openOrders!;
  }

  /**
   * What became of one of the account's orders, live or ended (OrderStatusQuery): by the engine's id, or the newest
   * sent with a client id; answered in order with this session's commands (a cancel then this says CANCELED). An order
   * the account does not have answers `ordStatus` unspecified and `rejectReason` UNKNOWN_ORDER (docs/protocol.md,
   * "Order status"). After a disconnect, ask by the client id of each order not acked before resending it.
   */
  async orderStatus(key: { orderId: number } | { clientOrderId: number }): Promise<patx.v1.IOrderStatus> {
    const query = 'orderId' in key ? { orderId: key.orderId } : { clientOrderId: key.clientOrderId };
    return (await this.socket.request({ orderStatusQuery: query })).orderStatus!;
  }

  async series(): Promise<patx.v1.ISeriesInfo[]> {
    return (await this.socket.request({ seriesQuery: {} })).seriesList!.series ?? [];
  }

  /** Sends a command; resolves with its CommandAck once it is journaled. */
  async command(body: RequestBody): Promise<patx.v1.ICommandAck> {
    const reply = await this.socket.request(body);
    if (reply.body !== 'commandAck') throw new PatxRequestError('UNEXPECTED_REPLY', `expected a CommandAck, got ${reply.body}`, '');
    return reply.commandAck!;
  }

  close(): Promise<void> {
    return this.socket.close();
  }
}

/**
 * The signed access grants in an exercise's ack (or a subscription's exercise update,
 * `update.exercised`), as a gate takes them (src/gate/): present each at its provider's
 * gate with a request signed by the consumer's key.
 */
export function grantsOfAck(ack: { grants?: patx.v1.IAccessGrant[] | null }): SignedGrant[] {
  return (ack.grants ?? []).map((g) => ({
    grant: {
      grantId: Number(g.grantId),
      consumer: g.consumer ?? '',
      provider: g.provider ?? '',
      listingId: Number(g.listingId ?? 0),
      listingVersion: Number(g.listingVersion ?? 0),
      seriesId: Number(g.seriesId),
      windowOpenMs: Number(g.windowOpenMs),
      windowCloseMs: Number(g.windowCloseMs),
      quantity: Number(g.quantity),
      expiresAtMs: Number(g.expiresAtMs),
      nonce: Number(g.nonce),
    },
    signature: hexlify(g.signature ?? new Uint8Array()), // not Buffer: the web console runs this in a browser
  }));
}

/** What became of a command, in words: 'accepted', or 'refused (REASON)'. */
export function ackOutcome(ack: patx.v1.ICommandAck): string {
  const reason = ack.rejectReason ?? 0;
  return reason === 0 ? 'accepted' : `refused (${rejectName(ack)})`;
}

/** The reject reason's name for an ack ('NONE' when accepted). */
export function rejectName(ack: patx.v1.ICommandAck): string {
  return wire.RejectReason[ack.rejectReason ?? 0] ?? String(ack.rejectReason);
}

/** `promise`, or PatxTimeoutError once `ms` have passed. */
function withinRequestTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new PatxTimeoutError(`${what} in ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
