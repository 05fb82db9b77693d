/**
 * A gateway that answers nothing: a stopped process (the kernel still accepts its TCP
 * connections) or one cut off mid-connection. Before, a client waited for its WebSocket
 * handshake or login challenge for ever, so FailoverTradingClient hung on a stopped leader
 * listed first, and a new order left unanswered by a stalled leader rejected with
 * PatxTimeoutError instead of going to the next leader. Real sockets on 127.0.0.1: a TCP server
 * that accepts and says nothing, a `ws` server that never challenges, and the real gateway
 * behind a proxy whose client-to-server direction stalls.
 */
import net from 'node:net';
import { WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FailoverTradingClient, PatxTimeoutError, TradingClient, wire } from '../../src/client/index.js';
import { startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';
import { StallingProxy } from '../support/stalling-proxy.js';

let fx: GatewayFixture;
let silent: net.Server;
const held: net.Socket[] = [];

beforeAll(async () => {
  fx = await startGatewayFixture();
  silent = net.createServer((s) => void held.push(s)); // accepts, reads nothing, answers nothing
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
}, 60_000);

afterAll(async () => {
  for (const s of held) s.destroy();
  await new Promise((resolve) => silent.close(resolve));
  await fx?.stop();
});

const silentUrl = (): string => `ws://127.0.0.1:${(silent.address() as net.AddressInfo).port}/v1/trade`;

describe('a gateway that answers nothing', () => {
  it('a connection whose handshake never completes is given up after the request timeout', async () => {
    const t0 = performance.now();
    const error = await TradingClient.connect(silentUrl(), { wallet: testWallet(50), requestTimeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PatxTimeoutError);
    expect((error as Error).message).toMatch(/no WebSocket handshake in 300 ms/);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it('a WebSocket that opens and sends no login challenge is given up after the request timeout', async () => {
    const mute = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => mute.once('listening', resolve));
    try {
      const url = `ws://127.0.0.1:${(mute.address() as net.AddressInfo).port}/v1/trade`;
      const error = await TradingClient.connect(url, { wallet: testWallet(51), requestTimeoutMs: 300 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PatxTimeoutError);
      expect((error as Error).message).toMatch(/no login challenge in 300 ms/);
    } finally {
      for (const c of mute.clients) c.terminate();
      await new Promise((resolve) => mute.close(resolve));
    }
  });

  it('FailoverTradingClient passes over a stopped gateway listed first, and sends an order a stalled leader left unanswered to the next', async () => {
    const wallet = testWallet(52);
    const proxy = await StallingProxy.start({ host: '127.0.0.1', port: Number(new URL(fx.tradeUrl).port) });
    // The proxy stands for the leader that stalls; the gateway itself, behind the last URL, for the one that replaces it.
    const urls = [silentUrl(), fx.tradeUrl.replace(/:\d+\//, `:${proxy.port}/`), fx.tradeUrl];
    // The gateway's challenge names its own address, which the proxy's is not: the login names it (as behind any tunnel).
    // 1.5 s: long enough for a first login on a cold, shared machine (one that timed out through the proxy went on to the next URL).
    const connected: string[] = [];
    const client = await FailoverTradingClient.connect(urls, { wallet, requestTimeoutMs: 1_500, signInDomain: new URL(fx.tradeUrl).host, onConnected: (u) => connected.push(u) });
    try {
      await fx.fund(client.accountId, 1_000);
      const order = (clientOrderId: number) => client.newOrder({ seriesId: fx.seriesId, clientOrderId, side: wire.Side.BUY, priceMicros: 100_000, qty: 1 });
      expect(Number((await order(1)).rejectReason ?? 0)).toBe(0);
      expect(client.connections).toBe(1);
      expect(connected).toEqual([urls[1]]);
      proxy.stall();
      // Unanswered through the stalled proxy: dropped after 1.5 s, sent again on the next gateway that logs in (the silent one and the proxy time out).
      const ack = await order(2);
      expect(Number(ack.rejectReason ?? 0)).toBe(0);
      expect(client.connections).toBe(2);
      expect(connected).toEqual([urls[1], urls[2]]);
      const resting = (await client.with((c) => c.openOrders(fx.seriesId))).map((o) => Number(o.clientOrderId)).sort();
      expect(resting).toEqual([1, 2]); // each once
    } finally {
      await client.close();
      await proxy.close();
    }
  }, 30_000);
});
