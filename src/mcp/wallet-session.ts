/**
 * The user's wallet in a `patx mcp` session: the key stays in this process and only signs
 * here (the login challenge of order entry, wallet-signed HTTP requests, a gate's download
 * request); it is never sent anywhere. One trading session (order entry over WebSocket,
 * src/client/) is opened at the first trading call and again after it drops. The session's
 * spending limit hears the account's fills and cancels on it.
 *
 * Looking never opens an account: a tool that only reads logs in `existing` (NO_ACCOUNT for a
 * wallet the exchange has none for, as the CLI's `balance`); only a tool that acts (place_order)
 * logs in `open-if-none`, which opens a consumer's account as the CLI's `buy` does.
 *
 * At its first login the session counts the wallet's orders already resting (an earlier session's,
 * another program's) against its limit at their worst: buys, and sales that hold PAT. An order whose
 * answer never came (a buy, a sale that holds PAT) stays counted at its worst until its outcome is
 * known: a late answer on the session it was sent on, or its status asked by its client order id
 * (settleUnansweredOrders: before each order, at each reconnect, in list_orders and get_balances).
 */
import type { Wallet } from 'ethers';
import { PatxRequestError } from '../client/frame-socket.js';
import { signedRequest } from '../client/signed-http.js';
import { TradingClient } from '../client/trading-client.js';
import type { SubscriptionsHttp } from '../client/subscriptions.js';
import { wire, type patx } from '../proto/index.js';
import { socketUrls, type SocketUrls } from '../runtime/service-url.js';
import { httpReads, unreachable, type PublicReads } from './exchange-reads.js';
import { buyFeeHoldBps, worstPerRightMicros } from './order-cost.js';
import { orderOutcome, settledMicros } from './order-outcome.js';
import { knownFromStatus } from './order-status-outcome.js';
import { defaultDownloadDir } from './record-files.js';
import { okBody, ToolRefusal } from './refusal.js';
import { countRestingSales } from './resting-sales.js';
import { NOTHING_DONE, type SpendingLimit } from './spending-limit.js';

export interface WalletSessionOptions {
  /** The gateway's HTTP base URL, e.g. http://127.0.0.1:8480 (order entry: the socket GET /v1/endpoints names). */
  gatewayUrl: string;
  wallet: Wallet;
  limit: SpendingLimit;
  /** Where downloads write their records (default: ~/patx-downloads). */
  downloadDir?: string;
  /** The exchange's public reads (series, the fee schedule: what a resting buy can cost); default: over HTTP at gatewayUrl. */
  reads?: PublicReads;
}

/** How a tool logs in: `existing` opens no account (it only looks, or acts on what exists); `open-if-none` opens a consumer's. */
export type AccountUse = 'existing' | 'open-if-none';

export class WalletSession {
  readonly gatewayUrl: string;
  readonly wallet: Wallet;
  readonly limit: SpendingLimit;
  readonly downloadDir: string;
  private readonly reads: PublicReads;
  private client: Promise<TradingClient> | undefined;
  private sockets: Promise<SocketUrls> | undefined;
  /** The wallet's resting orders were counted (or it had no account, so none). */
  private restingCounted = false;

  constructor(o: WalletSessionOptions) {
    this.gatewayUrl = o.gatewayUrl;
    this.wallet = o.wallet;
    this.limit = o.limit;
    this.reads = o.reads ?? httpReads(o.gatewayUrl);
    this.downloadDir = o.downloadDir ?? defaultDownloadDir();
  }

  get address(): string {
    return this.wallet.address;
  }

  /** Order entry's socket and the chain the exchange's signed requests name (GET /v1/endpoints), asked once. */
  private endpoints(): Promise<SocketUrls> {
    this.sockets ??= socketUrls({ httpUrl: this.gatewayUrl }).catch((error: unknown) => {
      this.sockets = undefined;
      throw unreachable(this.gatewayUrl, error);
    });
    return this.sockets;
  }

  /** The chain the exchange's signed requests name (GET /v1/endpoints), asked once. */
  async chainId(): Promise<number> {
    return (await this.endpoints()).chainId;
  }

  /**
   * The order-entry session, logged in with the wallet; opened again after it closed. `existing`:
   * a wallet without an account is refused NO_ACCOUNT and nothing is opened.
   */
  async trader(use: AccountUse): Promise<TradingClient> {
    try {
      return await this.session(use);
    } catch (error) {
      // A look in flight found no account; this call acts, so it logs in again and opens one.
      if (use === 'open-if-none' && error instanceof ToolRefusal && error.code === 'NO_ACCOUNT') return this.session(use);
      throw error;
    }
  }

  private session(use: AccountUse): Promise<TradingClient> {
    if (this.client === undefined) {
      const client = this.endpoints()
        .then(({ tradeUrl, chainId }) => TradingClient.connect(tradeUrl, { wallet: this.wallet, chainId, existingOnly: use === 'existing' }))
        .catch((error: unknown) => {
          if (error instanceof PatxRequestError && error.code === 'NO_ACCOUNT') throw noAccount(this.address);
          throw error;
        })
        .then(async (c) => {
          c.socket.onClose = () => {
            if (this.client === client) this.client = undefined;
          };
          c.onReport((r) => this.heard(r));
          c.onFrame((f) => {
            if (f.body === 'commandAck') this.heardLateAnswer(c, f.commandAck!);
          });
          try {
            await this.countRestingOrders(c);
          } catch (error) {
            await c.close();
            throw error;
          }
          // A new session (the first, or one after a drop): what became of the orders left unanswered is asked at once.
          await this.settleOn(c);
          return c;
        });
      this.client = client;
      client.catch(() => {
        if (this.client === client) this.client = undefined;
      });
    }
    return this.client;
  }

  /** Where and as whom for the client's wallet-signed HTTP calls (subscriptions). */
  async http(): Promise<SubscriptionsHttp> {
    return { url: this.gatewayUrl, wallet: this.wallet, chainId: await this.chainId() };
  }

  /** A wallet-signed GET of what the account holds: a wallet with no account is refused NO_ACCOUNT (looking opens none). */
  async look<T>(pathAndQuery: string): Promise<T> {
    try {
      return await this.signed<T>('GET', pathAndQuery);
    } catch (error) {
      if (error instanceof ToolRefusal && error.code === 'UNKNOWN_ACCOUNT') throw noAccount(this.address);
      throw error;
    }
  }

  /** A wallet-signed request's 2xx body, or the exchange's refusal thrown (ToolRefusal). */
  async signed<T>(method: 'GET' | 'POST' | 'DELETE', pathAndQuery: string, body?: unknown): Promise<T> {
    const chainId = await this.chainId();
    let reply: { status: number; body: unknown };
    try {
      reply = await signedRequest(this.gatewayUrl, this.wallet, method, pathAndQuery, body, { chainId });
    } catch (error) {
      throw unreachable(this.gatewayUrl, error);
    }
    return okBody<T>(reply);
  }

  /**
   * Before the session spends: the wallet's orders already resting are counted (once, at its first
   * login; a wallet with no account has none, and none is opened to find out).
   */
  async countRestingOrdersOnce(): Promise<void> {
    if (this.restingCounted) return;
    try {
      await this.trader('existing');
    } catch (error) {
      if (error instanceof ToolRefusal && error.code === 'NO_ACCOUNT') this.restingCounted = true;
      else throw error;
    }
  }

  /**
   * The account's resting orders at the session's first login, each counted at its worst: a buy its limit and
   * the fee held for it; a sale that holds PAT what it can hold or lose (resting-sales.ts).
   */
  private async countRestingOrders(c: TradingClient): Promise<void> {
    if (this.restingCounted) return;
    // Each order with the seq its page is as of: its fills heard while the fee rates are read are counted after it.
    const open = (await c.openOrderPages()).flatMap((page) => (page.orders ?? []).map((order) => ({ order, asOfSeq: Number(page.asOfSeq ?? 0) }))).filter(({ order }) => Number(order.leavesQty ?? 0) > 0);
    const bpsBySeries = new Map<number, number>();
    for (const { order: o, asOfSeq } of open.filter((v) => v.order.side === wire.Side.BUY)) {
      const seriesId = Number(o.seriesId);
      if (!bpsBySeries.has(seriesId)) bpsBySeries.set(seriesId, await this.feeHoldBpsOf(seriesId));
      this.limit.countRestingBuy(Number(o.orderId), Number(o.leavesQty), worstPerRightMicros(Number(o.priceMicros), bpsBySeries.get(seriesId)!), asOfSeq);
    }
    await countRestingSales(this.limit, this.reads, c, open.filter((v) => v.order.side === wire.Side.SELL));
    this.restingCounted = true;
  }

  /** The fee rate a buy in the series holds; a series no longer listed, the highest rate any kind holds now (its worst). */
  private async feeHoldBpsOf(seriesId: number): Promise<number> {
    const reply = await this.reads(`/v1/series/${seriesId}`);
    if (reply.status === 200) return buyFeeHoldBps(this.reads, (reply.body as { kind: string }).kind);
    const all = await Promise.all(['SPOT', 'FORWARD', 'SYNTHETIC', 'CALL', 'PUT'].map((kind) => buyFeeHoldBps(this.reads, kind)));
    return Math.max(...all);
  }

  /**
   * A report on a resting order (a fill, a cancel or expiry not asked for here): the limit counts it, or holds it
   * until the order is counted (an answer read in the same network chunk is handled after it: early-reports.ts).
   */
  private heard(r: patx.v1.IExecutionReport): void {
    const at = { orderId: Number(r.orderId ?? 0), seq: Number(r.seq ?? 0) };
    if (r.execType === wire.ExecType.EXEC_TRADE) this.limit.heard({ ...at, kind: 'fill', qty: Number(r.lastQty ?? 0), priceMicros: Number(r.lastPriceMicros ?? 0), feeMicros: Number(r.feeMicros ?? 0) });
    else if (r.execType === wire.ExecType.EXEC_CANCELED || r.execType === wire.ExecType.EXEC_EXPIRED) this.limit.heard({ ...at, kind: 'end', qty: Number(r.canceledQty ?? 0), priceMicros: 0, feeMicros: 0 });
  }

  /** The answer to a request given up on (TIMEOUT) arrived after all: it settles the orders it reports on. */
  private heardLateAnswer(c: TradingClient, ack: patx.v1.ICommandAck): void {
    for (const u of this.limit.unsettledOrders()) {
      if (u.sentOn !== c) continue;
      const o = orderOutcome(ack, u.clientOrderId);
      if (o.last === undefined) continue;
      if (o.reason !== undefined) this.limit.settleUnsettled(u.clientOrderId, NOTHING_DONE);
      else this.limit.settleUnsettled(u.clientOrderId, { orderId: o.orderId, filledQty: o.filledQty, paidMicros: settledMicros(o, true), leavesQty: o.resting, asOfSeq: Number(ack.seq ?? 0) });
    }
  }

  /**
   * Settles the orders whose answer never came, as far as the exchange knows them: each one's status is
   * asked by its client order id (OrderStatusQuery, docs/protocol.md "After a disconnect"). Placed (live or
   * ended) or refused, it counts what it committed and what still rests; UNKNOWN_ORDER settles it (never
   * placed) only when asked on the session it was sent on, which answers after it; asked on another, the
   * order may still be on its way, so it stays counted (a retry with its client_order_id settles it).
   */
  async settleUnansweredOrders(): Promise<void> {
    if (this.limit.unsettledOrders().length === 0) return;
    await this.settleOn(await this.trader('existing'));
  }

  /** Asks on `c`; a query that fails (RATE_LIMITED, a drop) leaves the rest counted, to be asked again at the next call. */
  private async settleOn(c: TradingClient): Promise<void> {
    for (const u of this.limit.unsettledOrders()) {
      let status: patx.v1.IOrderStatus;
      try {
        status = await c.orderStatus({ clientOrderId: u.clientOrderId });
      } catch {
        return;
      }
      const known = knownFromStatus(status, u, u.sentOn === c);
      if (known !== undefined) this.limit.settleUnsettled(u.clientOrderId, known);
    }
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) await client.then((c) => c.close()).catch(() => undefined);
  }
}

/** A wallet the exchange has no account for, in the words of the CLI's commands that only look. */
function noAccount(address: string): ToolRefusal {
  return new ToolRefusal(
    'NO_ACCOUNT',
    `${address} has no account at this exchange yet, so there is nothing to show, and this tool opens none (looking never opens an account). A buy (place_order) or the user's first deposit opens a consumer's account; a data provider opens its own first (patx provider open), since an account keeps the role it opened with.`,
  );
}
