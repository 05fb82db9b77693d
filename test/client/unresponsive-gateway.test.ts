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
import type { Wallet } from 'ethers';
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

/** The most the last test's request timeout is made (its time grows by four of them). */
const MAX_REQUEST_TIMEOUT_MS = 15_000;

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
    const signInDomain = new URL(fx.tradeUrl).host;
    // One timeout serves both: the silent server and the stalled leader are given up after it, and every answer of the
    // live gateway must come within it. With a fixed 1.5 s, the first login through the proxy, the process's first,
    // timed out on a loaded host and went on to the next URL (CI; here 4.4 s, niced under two busy loops): it boots
    // the intake's workers, which check every login's signature. So one login goes first, on an account of its own;
    // then the timeout is a multiple of what a login (which opens an account) and an order through the proxy take,
    // never below the 1.5 s of a quiet machine.
    await slowestRoundTripMs(urls[1]!, testWallet(53), signInDomain);
    const requestTimeoutMs = Math.min(MAX_REQUEST_TIMEOUT_MS, Math.max(1_500, Math.ceil(4 * (await slowestRoundTripMs(urls[1]!, testWallet(54), signInDomain)))));
    const connected: string[] = [];
    const client = await FailoverTradingClient.connect(urls, { wallet, requestTimeoutMs, signInDomain, onConnected: (u) => connected.push(u) });
    try {
      await fx.fund(client.accountId, 1_000);
      const order = (clientOrderId: number) => client.newOrder({ seriesId: fx.seriesId, clientOrderId, side: wire.Side.BUY, priceMicros: 100_000, qty: 1 });
      expect(Number((await order(1)).rejectReason ?? 0)).toBe(0);
      expect(client.connections).toBe(1);
      expect(connected).toEqual([urls[1]]);
      proxy.stall();
      // Unanswered through the stalled proxy: dropped after the request timeout, sent again on the next gateway that logs in (the silent one and the proxy time out).
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
  }, 5 * MAX_REQUEST_TIMEOUT_MS + 30_000); // the silent server twice, the stalled order and the stalled proxy: four timeouts
});

/** The slower of a first login (which opens the account) and an order through `url`, on a client made for it, in ms. */
async function slowestRoundTripMs(url: string, wallet: Wallet, signInDomain: string): Promise<number> {
  const t0 = performance.now();
  const client = await TradingClient.connect(url, { wallet, signInDomain, requestTimeoutMs: 60_000 });
  try {
    const loginMs = performance.now() - t0;
    await fx.fund(client.accountId, 1_000);
    const t1 = performance.now();
    const ack = await client.newOrder({ seriesId: fx.seriesId, clientOrderId: 1, side: wire.Side.BUY, priceMicros: 100_000, qty: 1 });
    expect(Number(ack.rejectReason ?? 0)).toBe(0);
    return Math.max(loginMs, performance.now() - t1);
  } finally {
    await client.close();
  }
}
