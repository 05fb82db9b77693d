/**
 * Issue 52's hard case: while strangers send what they like over HTTP, does order entry
 * keep its latency? A trading session sends orders one after another (each awaited, 20 ms
 * apart) against a real service (in this process, as `npm start` runs it: uWS, LMDB, the
 * intake's workers); first on a quiet exchange, then while another process sends a 14 MB
 * nested JSON body from a key with no account and one from a provider, and three ~10 MiB
 * samples at once (test/support/http-attacker.ts). Prints the round trip's p50/p99/max
 * idle and under attack, and whether p99 stays within 50 ms of idle (the issue's target).
 *
 *   npm run bench:strangers [-- --rounds 3]
 */
import { parseArgs } from 'node:util';
import { wire } from '../src/client/index.js';
import { runAttacker } from '../test/support/http-attacker.js';
import { openProvider, PAT_MICROS, startGatewayFixture, testWallet } from '../test/support/gateway-fixture.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
const rounds = Number(values.rounds);
const GAP_MS = 20;
const IDLE_ORDERS = 300;

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function describe(ms: number[]): { n: number; p50: number; p99: number; max: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { n: s.length, p50: quantile(s, 0.5), p99: quantile(s, 0.99), max: s[s.length - 1]! };
}

const fx = await startGatewayFixture({ heartbeatIntervalMs: 1_000, heartbeatTimeoutMs: 5_000 }, { catalog: { providerDrafts: 1_000, providerListings: 1_000, providerSampleBytes: 10 * 1024 ** 3 } });
try {
  await fx.stockBroker(100_000, PAT_MICROS);
  await fx.quote(undefined, { priceMicros: 2 * PAT_MICROS, qty: 100_000 });
  const trader = await fx.connect(testWallet(30));
  await fx.fund(trader.accountId, 1_000_000);
  const provider = await openProvider(fx, 31);
  let clientOrderId = 1;
  const order = async (): Promise<number> => {
    const t0 = performance.now();
    const ack = await trader.newOrder({ seriesId: fx.seriesId, clientOrderId: clientOrderId++, side: wire.Side.BUY, priceMicros: 2 * PAT_MICROS, qty: 1 });
    if ((ack.rejectReason ?? 0) !== 0) throw new Error(`order refused: ${ack.rejectReason}`);
    return performance.now() - t0;
  };
  const pause = (): Promise<void> => new Promise((r) => setTimeout(r, GAP_MS));
  for (let i = 0; i < 50; i++) await order(); // warm-up
  const closedBefore = fx.service.gateway.metrics.sessionsClosed;
  console.log(`bench:strangers — order round trip (ms), an order every ${GAP_MS} ms; ${new Date().toISOString()}`);
  for (let r = 1; r <= rounds; r++) {
    const idle: number[] = [];
    for (let i = 0; i < IDLE_ORDERS; i++) {
      idle.push(await order());
      await pause();
    }
    const attacked: number[] = [];
    let running = true;
    const attack = runAttacker(fx.httpUrl, provider.privateKey).finally(() => (running = false));
    while (running) {
      attacked.push(await order());
      await pause();
    }
    const result = await attack;
    const a = describe(idle);
    const b = describe(attacked);
    const pass = b.p99 <= a.p99 + 50;
    console.log(
      `round ${r}: idle p50 ${a.p50.toFixed(2)} p99 ${a.p99.toFixed(2)} max ${a.max.toFixed(1)} (n ${a.n}) | under attack p50 ${b.p50.toFixed(2)} p99 ${b.p99.toFixed(2)} max ${b.max.toFixed(1)} (n ${b.n}, attack ${result.ms} ms: stranger ${result.stranger.join('/')}, nested ${result.nested}, samples ${result.samples.join('/')}) — p99 +${(b.p99 - a.p99).toFixed(1)} ms ${pass ? 'PASS' : 'FAIL'} (target ≤ +50 ms)`,
    );
  }
  console.log(`sessions closed during the run: ${fx.service.gateway.metrics.sessionsClosed - closedBefore}`);
  await trader.close();
} finally {
  await fx.stop();
}
