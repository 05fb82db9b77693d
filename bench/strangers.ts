/**
 * Issues 52 and 74's hard case: while strangers send what they like over HTTP, does order
 * entry keep its latency? A trading session sends orders one after another (each awaited,
 * 20 ms apart) against a real service (in this process, as `npm start` runs it: uWS, LMDB, the
 * intake's workers); first on a quiet exchange, then while another process attacks
 * (test/support/http-attacker.ts), each attack on its own and then all at once:
 *   - nested: a 14 MB nested JSON body from a key with no account and one from a provider,
 *     and three ~10 MiB samples at once (issue 52);
 *   - wide: a 14 MB object of 1.2 million keys, an 8 MB one, a 14 MB number array, an array
 *     of small objects, then four 3.5 MB key bodies from four addresses at once (issue 74);
 *   - evidence: 16 conformance-evidence bodies of 10,000 records (~7.8 MiB), four from each
 *     of four addresses at once (issue 74).
 * Prints the round trip's p50/p99/p99.9/max idle and under each attack, whether p99.9 stays
 * within 50 ms of idle (issue 74's target), and the sessions closed (none may be).
 *
 *   npm run bench:strangers [-- --rounds 3 --attacks nested,wide,evidence,all]
 */
import { parseArgs } from 'node:util';
import { wire } from '../src/client/index.js';
import { AttackerProcess } from '../test/support/http-attacker.js';
import { openProvider, PAT_MICROS, startGatewayFixture, testWallet } from '../test/support/gateway-fixture.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, attacks: { type: 'string', default: 'nested,wide,evidence,all' } } });
const rounds = Number(values.rounds);
const attacks = values.attacks.split(',').map((a) => a.trim()) as Array<'nested' | 'wide' | 'evidence' | 'all'>;
const GAP_MS = 20;
const IDLE_ORDERS = 500;
const TARGET_MS = 50;

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

interface Figures {
  n: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

function figures(ms: number[]): Figures {
  const s = [...ms].sort((a, b) => a - b);
  return { n: s.length, p50: quantile(s, 0.5), p99: quantile(s, 0.99), p999: quantile(s, 0.999), max: s[s.length - 1]! };
}

const show = (f: Figures): string => `p50 ${f.p50.toFixed(2)} p99 ${f.p99.toFixed(2)} p99.9 ${f.p999.toFixed(2)} max ${f.max.toFixed(1)} (n ${f.n})`;

// Started (its bodies built) before the exchange: a child spawned from this process once the exchange runs here would
// cost it the copy-on-write faults of its whole memory (test/support/http-attacker.ts, AttackerProcess).
const attacker = await AttackerProcess.start();
const fx = await startGatewayFixture({ heartbeatIntervalMs: 1_000, heartbeatTimeoutMs: 5_000 }, { catalog: { providerDrafts: 1_000, providerListings: 1_000, providerSampleBytes: 10 * 1024 ** 3, unverifiedProviderSampleBytes: 10 * 1024 ** 3, unverifiedSampleShare: 1 } });
try {
  await fx.stockBroker(100_000, PAT_MICROS);
  await fx.quote(undefined, { priceMicros: 2 * PAT_MICROS, qty: 100_000 });
  const trader = await fx.connect(testWallet(30));
  await fx.fund(trader.accountId, 1_000_000);
  const provider = await openProvider(fx, 31);
  const consumer = await fx.connect(testWallet(32)); // an account of its own: its evidence bodies are read
  let clientOrderId = 1;
  const order = async (): Promise<number> => {
    const t0 = performance.now();
    const ack = await trader.newOrder({ seriesId: fx.seriesId, clientOrderId: clientOrderId++, side: wire.Side.BUY, priceMicros: 2 * PAT_MICROS, qty: 1 });
    if ((ack.rejectReason ?? 0) !== 0) throw new Error(`order refused: ${ack.rejectReason}`);
    return performance.now() - t0;
  };
  const pause = (): Promise<void> => new Promise((r) => setTimeout(r, GAP_MS));
  /** Orders while `attack` runs; the round trips and what the attack was answered. */
  const during = async (attack: Promise<unknown>): Promise<{ ms: number[]; answered: unknown }> => {
    const ms: number[] = [];
    let running = true;
    const settled = attack.finally(() => (running = false));
    while (running) {
      ms.push(await order());
      await pause();
    }
    return { ms, answered: await settled };
  };
  const launch = (a: 'nested' | 'wide' | 'evidence'): Promise<unknown> =>
    a === 'nested' ? attacker.run(fx.httpUrl, provider.privateKey) : a === 'wide' ? attacker.run(fx.httpUrl, provider.privateKey, 'wide') : attacker.run(fx.httpUrl, testWallet(32).privateKey, 'evidence');
  for (let i = 0; i < 50; i++) await order(); // warm-up
  const closedBefore = fx.service.gateway.metrics.sessionsClosed;
  console.log(`bench:strangers — order round trip (ms), an order every ${GAP_MS} ms; ${new Date().toISOString()}`);
  for (let r = 1; r <= rounds; r++) {
    const idle: number[] = [];
    for (let i = 0; i < IDLE_ORDERS; i++) {
      idle.push(await order());
      await pause();
    }
    const a = figures(idle);
    console.log(`round ${r}: idle ${show(a)}`);
    for (const attack of attacks) {
      const run = attack === 'all' ? Promise.all((['nested', 'wide', 'evidence'] as const).map(launch)) : launch(attack);
      const { ms, answered } = await during(run);
      const b = figures(ms);
      const pass = b.p999 <= a.p999 + TARGET_MS;
      console.log(`  ${attack.padEnd(8)} ${show(b)} — p99.9 +${(b.p999 - a.p999).toFixed(1)} ms ${pass ? 'PASS' : 'FAIL'} (target ≤ +${TARGET_MS} ms); answered ${JSON.stringify(answered)}`);
    }
  }
  console.log(`sessions closed during the run: ${fx.service.gateway.metrics.sessionsClosed - closedBefore}`);
  await consumer.close();
  await trader.close();
} finally {
  await fx.stop();
  await attacker.close();
}
