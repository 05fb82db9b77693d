/**
 * The user's wallet in a `patx mcp` session: the key stays in this process and only signs
 * here (the login challenge of order entry, wallet-signed HTTP requests, a gate's download
 * request); it is never sent anywhere. One trading session (order entry over WebSocket,
 * src/client/) is opened at the first trading call and again after it drops. The session's
 * spending limit hears the account's fills and cancels on it.
 */
import type { Wallet } from 'ethers';
import { signedRequest } from '../client/signed-http.js';
import { TradingClient } from '../client/trading-client.js';
import type { SubscriptionsHttp } from '../client/subscriptions.js';
import { wire, type patx } from '../proto/index.js';
import { socketUrls, type SocketUrls } from '../runtime/service-url.js';
import { unreachable } from './exchange-reads.js';
import { okBody } from './refusal.js';
import type { SpendingLimit } from './spending-limit.js';

export interface WalletSessionOptions {
  /** The gateway's HTTP base URL, e.g. http://127.0.0.1:8480 (order entry: the socket GET /v1/endpoints names). */
  gatewayUrl: string;
  wallet: Wallet;
  limit: SpendingLimit;
}

export class WalletSession {
  readonly gatewayUrl: string;
  readonly wallet: Wallet;
  readonly limit: SpendingLimit;
  private client: Promise<TradingClient> | undefined;
  private sockets: Promise<SocketUrls> | undefined;

  constructor(o: WalletSessionOptions) {
    this.gatewayUrl = o.gatewayUrl;
    this.wallet = o.wallet;
    this.limit = o.limit;
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

  /** The order-entry session, logged in with the wallet; opened again after it closed. */
  trader(): Promise<TradingClient> {
    if (this.client === undefined) {
      this.client = this.endpoints()
        .then(({ tradeUrl, chainId }) => TradingClient.connect(tradeUrl, { wallet: this.wallet, chainId }))
        .then((client) => {
          client.socket.onClose = () => (this.client = undefined);
          client.onReport((r) => this.heard(r));
          return client;
        });
      this.client.catch(() => (this.client = undefined));
    }
    return this.client;
  }

  /** Where and as whom for the client's wallet-signed HTTP calls (subscriptions). */
  async http(): Promise<SubscriptionsHttp> {
    return { url: this.gatewayUrl, wallet: this.wallet, chainId: await this.chainId() };
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

  /** A report on a resting order (a fill, a cancel or expiry not asked for here): the limit counts it. */
  private heard(r: patx.v1.IExecutionReport): void {
    const orderId = Number(r.orderId ?? 0);
    if (r.execType === wire.ExecType.EXEC_TRADE) this.limit.restingFilled(orderId, Number(r.lastQty ?? 0), Number(r.lastPriceMicros ?? 0));
    else if (r.execType === wire.ExecType.EXEC_CANCELED || r.execType === wire.ExecType.EXEC_EXPIRED) this.limit.restingEnded(orderId, Number(r.canceledQty ?? 0));
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) await client.then((c) => c.close()).catch(() => undefined);
  }
}
