/**
 * Order entry against a replicated group (docs/replication.md): given every node's
 * gateway, it logs in to whichever accepts (only the leader listens), and when that
 * connection drops it finds the next leader by itself and logs in again.
 *
 *   const client = await FailoverTradingClient.connect(['ws://a:8480/v1/trade', 'ws://b:8480/v1/trade'], { wallet });
 *   const ack = await client.newOrder({ seriesId: 1, clientOrderId: 1, side: Side.BUY, priceMicros: 2_000_000, qty: 5 });
 *
 * What happens to a request in flight when the connection drops: a new order with a client
 * order id is sent again on the next connection. The engine never takes a client order id
 * twice, so it is applied at most once: the resend's ack is the order's, or
 * DUPLICATE_CLIENT_ORDER_ID when the first send had been journaled (look the order up by
 * its client order id). So is one left unanswered for the request timeout: that leader is
 * dropped (a stopped process, or one cut off from the group, is being replaced). Any other
 * request rejects with PatxConnectionClosedError (or PatxTimeoutError): its outcome is
 * unknown, as with any exchange's API, and the caller decides. A gateway that accepts the
 * connection and never completes the WebSocket handshake or sends no login challenge is
 * given up after the request timeout too, and the next tried.
 */
import type { patx } from '../proto/index.js';
import { PatxConnectionClosedError, PatxRequestError, PatxTimeoutError } from './frame-socket.js';
import { PatxSignInError, TradingClient, type NewOrderParams, type SubscriptionUpdate, type TradingClientOptions } from './trading-client.js';

export interface FailoverOptions extends TradingClientOptions {
  /** How long to keep looking for a leader after a drop before giving up (default 30 s). */
  reconnectWithinMs?: number;
  /** Pause between rounds over the URLs (default 50 ms). */
  retryDelayMs?: number;
  /** Told each time a connection is made (the first included). */
  onConnected?: (url: string) => void;
}

export class NoLeaderError extends Error {
  override readonly name = 'NoLeaderError';
  constructor(
    readonly urls: readonly string[],
    readonly lastError: unknown,
  ) {
    super(`no gateway of ${urls.join(', ')} accepted a login (last: ${String((lastError as Error | undefined)?.message ?? lastError)})`);
  }
}

export class FailoverTradingClient {
  private client: TradingClient;
  private reconnecting: Promise<TradingClient> | undefined;
  private closed = false;
  private readonly reportListeners: Array<(r: patx.v1.IExecutionReport) => void> = [];
  private readonly subscriptionListeners: Array<(u: SubscriptionUpdate) => void> = [];
  /** Connections made, the first included. */
  connections = 1;

  private constructor(
    private readonly urls: readonly string[],
    private readonly options: FailoverOptions,
    first: TradingClient,
  ) {
    this.client = first;
    this.watch(first);
  }

  static async connect(urls: readonly string[], options: FailoverOptions): Promise<FailoverTradingClient> {
    if (urls.length === 0) throw new Error('give at least one gateway URL');
    const first = await connectAny(urls, options, options.reconnectWithinMs ?? 30_000);
    return new FailoverTradingClient(urls, options, first);
  }

  /** The connection in use now. */
  get current(): TradingClient {
    return this.client;
  }

  get accountId(): number {
    return this.client.accountId;
  }

  /** Execution reports not answering a request, from every connection in turn. */
  onReport(listener: (r: patx.v1.IExecutionReport) => void): void {
    this.reportListeners.push(listener);
    this.client.onReport(listener);
  }

  /**
   * What the account's subscriptions do, from every connection in turn (an update released
   * while no connection was up is not sent again: GET /v1/subscriptions/{id} lists them).
   * Subscribe, cancel and resume with `with((c) => c.subscribe(terms))`: not resent after a drop.
   */
  onSubscriptionUpdate(listener: (u: SubscriptionUpdate) => void): void {
    this.subscriptionListeners.push(listener);
    this.client.onSubscriptionUpdate(listener);
  }

  /**
   * A new order, sent again after a drop when it has a client order id (see above). A leader that
   * leaves it unanswered for the request timeout (stopped, or cut off from the group: it is being
   * replaced) is dropped like a connection that closed, and the order sent again on the next.
   */
  async newOrder(order: NewOrderParams): Promise<patx.v1.ICommandAck> {
    for (;;) {
      const client = await this.usable();
      try {
        return await client.newOrder(order);
      } catch (error) {
        if (order.clientOrderId <= 0 || this.closed) throw error;
        if (error instanceof PatxTimeoutError) await client.socket.terminate();
        else if (!(error instanceof PatxConnectionClosedError)) throw error;
        // The connection dropped (or was dropped) before the ack: send it again on the next leader.
      }
    }
  }

  /** Any other request, on the current connection; a drop rejects it (outcome unknown). */
  async with<T>(request: (client: TradingClient) => Promise<T>): Promise<T> {
    return request(await this.usable());
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client.close();
  }

  private async usable(): Promise<TradingClient> {
    if (this.closed) throw new PatxConnectionClosedError(1000, 'closed by the client');
    if (this.client.socket.closed === undefined) return this.client;
    return this.reconnect();
  }

  private watch(client: TradingClient): void {
    const previous = client.socket.onClose;
    client.socket.onClose = (error) => {
      previous(error);
      if (!this.closed) void this.reconnect().catch(() => undefined);
    };
  }

  private reconnect(): Promise<TradingClient> {
    this.reconnecting ??= connectAny(this.urls, this.options, this.options.reconnectWithinMs ?? 30_000)
      .then((client) => {
        this.client = client;
        this.connections++;
        for (const l of this.reportListeners) client.onReport(l);
        for (const l of this.subscriptionListeners) client.onSubscriptionUpdate(l);
        this.watch(client);
        return client;
      })
      .finally(() => {
        this.reconnecting = undefined;
      });
    return this.reconnecting;
  }
}

/** Tries each URL in turn, round after round, until one accepts a login or `withinMs` has passed. */
async function connectAny(urls: readonly string[], options: FailoverOptions, withinMs: number): Promise<TradingClient> {
  const deadline = Date.now() + withinMs;
  let last: unknown;
  for (;;) {
    for (const url of urls) {
      try {
        const client = await TradingClient.connect(url, options);
        options.onConnected?.(url);
        return client;
      } catch (error) {
        // A refused login is an answer, not an absent leader: retrying elsewhere will not change it;
        // nor is a challenge this client refuses to sign (another site's domain: each node names its own).
        if (error instanceof PatxRequestError || error instanceof PatxSignInError) throw error;
        last = error;
      }
    }
    if (Date.now() > deadline) throw new NoLeaderError(urls, last);
    await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? 50));
  }
}
