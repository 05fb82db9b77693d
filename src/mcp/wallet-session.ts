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
 * At its first login the session counts the wallet's buys already resting (an earlier session's,
 * another program's) against its limit at their worst, and a buy whose answer never came stays
 * counted until its outcome is known (a late answer, the open orders, the account's fills).
 */
import type { Wallet } from 'ethers';
import { PatxRequestError } from '../client/frame-socket.js';
import { signedRequest } from '../client/signed-http.js';
import { TradingClient } from '../client/trading-client.js';
import type { SubscriptionsHttp } from '../client/subscriptions.js';
import type { AccountFill, FillPage } from '../client/market.js';
import { wire, type patx } from '../proto/index.js';
import { socketUrls, type SocketUrls } from '../runtime/service-url.js';
import { httpReads, unreachable, type PublicReads } from './exchange-reads.js';
import { buyFeeHoldBps, worstPerRightMicros } from './order-cost.js';
import { orderOutcome, settledMicros } from './order-outcome.js';
import { defaultDownloadDir } from './record-files.js';
import { okBody, ToolRefusal } from './refusal.js';
import type { SpendingLimit, UnsettledBuy } from './spending-limit.js';

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

/** Fills read to learn what an unanswered buy cost (the newest of its series). */
const FILLS_READ = 200;

export class WalletSession {
  readonly gatewayUrl: string;
  readonly wallet: Wallet;
  readonly limit: SpendingLimit;
  readonly downloadDir: string;
  private readonly reads: PublicReads;
  private client: Promise<TradingClient> | undefined;
  private sockets: Promise<SocketUrls> | undefined;
  /** The wallet's resting buys were counted (or it had no account, so none). */
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
            await this.countRestingBuys(c);
          } catch (error) {
            await c.close();
            throw error;
          }
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
   * Before the session spends: the wallet's buys already resting are counted (once, at its first
   * login; a wallet with no account has none, and none is opened to find out).
   */
  async countRestingBuysOnce(): Promise<void> {
    if (this.restingCounted) return;
    try {
      await this.trader('existing');
    } catch (error) {
      if (error instanceof ToolRefusal && error.code === 'NO_ACCOUNT') this.restingCounted = true;
      else throw error;
    }
  }

  /** The account's resting buys, each counted at its worst (its limit and the fee held for it), at the session's first login. */
  private async countRestingBuys(c: TradingClient): Promise<void> {
    if (this.restingCounted) return;
    const buys = (await c.openOrders()).filter((o) => o.side === wire.Side.BUY && Number(o.leavesQty ?? 0) > 0);
    const bpsBySeries = new Map<number, number>();
    for (const o of buys) {
      const seriesId = Number(o.seriesId);
      if (!bpsBySeries.has(seriesId)) bpsBySeries.set(seriesId, await this.feeHoldBpsOf(seriesId));
      this.limit.countRestingBuy(Number(o.orderId), Number(o.leavesQty), worstPerRightMicros(Number(o.priceMicros), bpsBySeries.get(seriesId)!));
    }
    this.restingCounted = true;
  }

  /** The fee rate a buy in the series holds; a series no longer listed, the highest rate any kind holds now (its worst). */
  private async feeHoldBpsOf(seriesId: number): Promise<number> {
    const reply = await this.reads(`/v1/series/${seriesId}`);
    if (reply.status === 200) return buyFeeHoldBps(this.reads, (reply.body as { kind: string }).kind);
    const all = await Promise.all(['SPOT', 'FORWARD', 'SYNTHETIC', 'CALL', 'PUT'].map((kind) => buyFeeHoldBps(this.reads, kind)));
    return Math.max(...all);
  }

  /** A report on a resting order (a fill, a cancel or expiry not asked for here): the limit counts it. */
  private heard(r: patx.v1.IExecutionReport): void {
    const orderId = Number(r.orderId ?? 0);
    if (r.execType === wire.ExecType.EXEC_TRADE) this.limit.restingFilled(orderId, Number(r.lastQty ?? 0), Number(r.lastPriceMicros ?? 0), Number(r.feeMicros ?? 0));
    else if (r.execType === wire.ExecType.EXEC_CANCELED || r.execType === wire.ExecType.EXEC_EXPIRED) this.limit.restingEnded(orderId, Number(r.canceledQty ?? 0));
  }

  /** The answer to a request given up on (TIMEOUT) arrived after all: it settles the buys it reports on. */
  private heardLateAnswer(c: TradingClient, ack: patx.v1.ICommandAck): void {
    for (const u of this.limit.unsettledBuys()) {
      if (u.sentOn !== c) continue;
      const o = orderOutcome(ack, u.clientOrderId);
      if (o.last === undefined) continue;
      if (o.reason !== undefined) this.limit.settleUnsettled(u.clientOrderId, 0, 0, 0);
      else this.limit.settleUnsettled(u.clientOrderId, settledMicros(o, true), o.orderId, o.resting);
    }
  }

  /**
   * Settles the buys whose answer never came, as far as the exchange shows them: one resting
   * is an open buy (what it paid so far from its fills); one not resting paid what its fills say;
   * one with no fill and not resting ended unfilled or was never placed, which is known only when
   * the order-entry session it was sent on still lives (a query there is answered after it) or a
   * retry showed it placed. Otherwise it stays counted (a retry with its client_order_id settles it).
   */
  async settleUnansweredBuys(): Promise<void> {
    if (this.limit.unsettledBuys().length === 0) return;
    const c = await this.trader('existing');
    const open = await c.openOrders();
    for (const u of this.limit.unsettledBuys()) {
      const view = open.find((o) => Number(o.clientOrderId) === u.clientOrderId && o.side === wire.Side.BUY);
      const { fills, complete } = await this.fillsOf(u);
      const filledQty = fills.reduce((n, f) => n + f.qty, 0);
      const paid = fills.reduce((n, f) => n + f.notionalMicros + f.feeMicros, 0);
      if (view !== undefined) {
        const cumQty = Number(view.cumQty ?? 0);
        // Fills older than the page read are counted at their worst.
        this.limit.settleUnsettled(u.clientOrderId, filledQty === cumQty ? paid : cumQty * u.perUnitMicros, Number(view.orderId), Number(view.leavesQty ?? 0));
      } else if (fills.length > 0) {
        this.limit.settleUnsettled(u.clientOrderId, complete ? paid : u.worstMicros, fills[0]!.orderId, 0);
      } else if (u.sentOn === c || u.placed === true) {
        this.limit.settleUnsettled(u.clientOrderId, 0, 0, 0);
      }
    }
  }

  /** The account's fills of the buy sent with `u`'s client order id (among the newest of its series). */
  private async fillsOf(u: UnsettledBuy): Promise<{ fills: AccountFill[]; complete: boolean }> {
    const page = await this.signed<FillPage>('GET', `/v1/fills?seriesId=${u.seriesId}&limit=${FILLS_READ}`);
    return { fills: page.fills.filter((f) => f.clientOrderId === u.clientOrderId && f.side === 'BUY'), complete: page.next === null };
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
