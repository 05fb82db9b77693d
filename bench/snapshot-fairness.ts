/**
 * An honest market-data subscriber's query under 80 amplifiers (issue 52, item 3): 80
 * connections from one address re-subscribe to a deep book (1,500 levels) and never read,
 * reconnecting when cut; one honest client from another address subscribes to the book,
 * waits for its snapshot, unsubscribes, and again. The figure is the time from its subscribe
 * to the whole snapshot in hand, idle and with the amplifiers; the issue's target is under
 * 250 ms with 80 amplifiers on a quiet machine (before the shared budget: 9–27 s).
 *
 *   npx tsx bench/snapshot-fairness.ts      # AMPLIFIERS=80 LEVELS=1500 SAMPLES=30 WARMUP_MS=2000, the default gateway limits
 *
 * The service is the tests' (test/support/gateway-fixture.ts) with the shipped gateway
 * limits, except that 127.0.0.1 is a trusted proxy so the honest client can be another
 * address (X-Forwarded-For); the amplifiers connect as 127.0.0.1 itself.
 */
import type { Socket } from 'node:net';
import { MarketDataClient, PatxRequestError, wire } from '../src/client/index.js';
import { DEFAULT_GATEWAY_CONFIG } from '../src/gateway/config.js';
import { forwardedFor } from '../test/support/forwarded-for.js';
import { restDeepBook, startGatewayFixture } from '../test/support/gateway-fixture.js';
import { rawMarketClient, wsFrame } from '../test/support/raw-market-client.js';
import { loadavg, reportFigure } from './support/figures.js';

const AMPLIFIERS = Number(process.env.AMPLIFIERS ?? 80);
const LEVELS = Number(process.env.LEVELS ?? 1_500);
const SAMPLES = Number(process.env.SAMPLES ?? 30);
/** How long the amplifiers run before the honest client's loaded samples. */
const WARMUP_MS = Number(process.env.WARMUP_MS ?? 2_000);
/** Each amplifier writes this many subscribes every 50 ms (400 a second, within the 2,000-message limit). */
const BURST = 20;

console.log(`bench:snapshot-fairness ${new Date().toISOString()}; node ${process.version}; load average at start ${loadavg()}; ${AMPLIFIERS} amplifiers, a book of ${LEVELS} levels, ${SAMPLES} samples each`);
const fx = await startGatewayFixture({
  // The shipped limits (the fixture's own are for tests), and the honest client's address from the header.
  heartbeatIntervalMs: DEFAULT_GATEWAY_CONFIG.heartbeatIntervalMs,
  heartbeatTimeoutMs: DEFAULT_GATEWAY_CONFIG.heartbeatTimeoutMs,
  marketDataIntervalMs: DEFAULT_GATEWAY_CONFIG.marketDataIntervalMs,
  maxConnectionsPerAddress: Math.max(DEFAULT_GATEWAY_CONFIG.maxConnectionsPerAddress, AMPLIFIERS + 10),
  trustedProxies: ['127.0.0.1'],
});
await restDeepBook(fx, LEVELS);
const counters = fx.service.gateway.marketData.counters;
console.log(`budget ${fx.config.gateway.maxSnapshotLevelsPerSecond.toLocaleString('en-US')} snapshot levels a second; per connection ${fx.config.gateway.maxBackpressureBytes / 1024 / 1024} MiB, per address ${fx.config.gateway.maxQueuedBytesPerAddress / 1024 / 1024} MiB queued`);

const honest = await MarketDataClient.connect(fx.marketUrl, { socketFactory: forwardedFor('203.0.113.50') });
let honestClosed: string | undefined;
honest.on('closed', (code: number, reason: string) => (honestClosed = `${code} ${reason}`));

/** Subscribe to the whole snapshot in hand (ms), retrying a refusal; then unsubscribes. */
async function query(): Promise<{ ms: number; refused: number }> {
  let refused = 0;
  const started = performance.now();
  const snapshot = new Promise<void>((resolve) => {
    const onBook = (b: { ready: boolean; bids(): unknown[] }): void => {
      if (b.ready && b.bids().length === LEVELS) {
        honest.off('book', onBook);
        resolve();
      }
    };
    honest.on('book', onBook);
  });
  for (;;) {
    try {
      await honest.subscribe(fx.seriesId, [wire.Channel.BOOK]);
      break;
    } catch (error) {
      if (!(error instanceof PatxRequestError) || error.code !== 'RATE_LIMITED') throw error;
      refused++;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  await snapshot;
  const ms = performance.now() - started;
  await honest.unsubscribe(fx.seriesId, [wire.Channel.BOOK]);
  return { ms, refused };
}

async function measure(label: string): Promise<number[]> {
  const times: number[] = [];
  let refused = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const r = await query();
    times.push(r.ms);
    refused += r.refused;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  console.log(`${label}: samples in order (ms) ${times.map((t) => t.toFixed(0)).join(' ')}`);
  console.log(`${label}: subscribe to snapshot median ${median.toFixed(1)} ms, range ${sorted[0]!.toFixed(1)}–${sorted.at(-1)!.toFixed(1)} ms over ${SAMPLES}; the honest client refused ${refused} times`);
  return times;
}

const idle = await measure('idle');

// The amplifiers: re-subscribe in bursts, never read, come back when cut.
const subscribe = wsFrame(wire.ClientFrame.encode({ requestId: 1, subscribe: { seriesId: fx.seriesId, channels: [wire.Channel.BOOK] } }).finish());
const burst = Buffer.concat(Array.from({ length: BURST }, () => subscribe));
let running = true;
let reconnects = 0;
const amplifiers: Socket[] = [];
async function amplifier(): Promise<void> {
  while (running) {
    let socket: Socket;
    try {
      socket = await rawMarketClient(fx.marketUrl);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    amplifiers.push(socket);
    socket.pause();
    while (running && !socket.destroyed && socket.writable) {
      socket.write(burst);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    socket.destroy();
    if (running) reconnects++;
  }
}
const limitedBefore = counters.errors().get('RATE_LIMITED') ?? 0;
const cutBefore = counters.slowConsumersCut;
const flood = Array.from({ length: AMPLIFIERS }, () => amplifier());
await new Promise((resolve) => setTimeout(resolve, WARMUP_MS)); // let them reach their steady state
const loaded = await measure(`with ${AMPLIFIERS} amplifiers`);
running = false;
for (const socket of amplifiers) socket.destroy();
await Promise.all(flood);
console.log(`amplifiers: ${((counters.errors().get('RATE_LIMITED') ?? 0) - limitedBefore).toLocaleString('en-US')} subscribes refused RATE_LIMITED, ${counters.slowConsumersCut - cutBefore} connections cut SLOW_CONSUMER, ${reconnects} reconnects; the honest client ${honestClosed === undefined ? 'was never closed' : `was closed: ${honestClosed}`}`);
reportFigure('honest subscribe to snapshot, idle', 'ms', idle, 'lower', 'samples');
reportFigure(`honest subscribe to snapshot, ${AMPLIFIERS} amplifiers`, 'ms', loaded, 'lower', 'samples');
await honest.close();
await fx.stop();
process.exit(0);
