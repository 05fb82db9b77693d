/**
 * What a takeover does before its first order, step by step, by the size of the book (issue 78):
 * two replicated services in this process on a three-node nats-server cluster on 127.0.0.1
 * ('quorum' acks). The leader takes `--resting` resting orders (providers' asks at the top of a
 * spot series' range, consumers' bids at its bottom, from 20 accounts); the standby follows.
 * The leader stops (a clean stop deletes the lease, so the standby takes it at once: the lease's
 * ttl is not what this measures), and the standby's log says how long each step took, from
 * taking the lease to its gateway listening (src/app/components/start-steps.ts).
 *
 *   node --max-old-space-size=8192 --import tsx bench/takeover-steps.ts --resting 100000
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { loadConfig, type Config } from '../src/app/config.js';
import { startService, type Service } from '../src/app/service.js';
import { CommandKind, EventType, OrderType, rejectReasonName, Role, SelfTradePrevention, SeriesKind, SeriesStatus, Side, SYSTEM_ACTOR, TimeInForce, type Command } from '../src/engine/index.js';
import { startLocalCluster } from '../src/replication/index.js';
import { removeDir } from '../test/support/exchange-fixture.js';
import { loadavg } from './support/figures.js';

const { values } = parseArgs({ options: { resting: { type: 'string', default: '100000' }, accounts: { type: 'string', default: '20' } } });
const RESTING = Number(values.resting);
const ACCOUNTS = Number(values.accounts);
const OPERATOR_TOKEN = 'takeover-steps-operator-token-0123456789';

/** The standby's log lines, parsed, each with the time it was written. */
const standbyLines: Array<Record<string, unknown>> = [];
const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n')) if (line.length > 0) standbyLines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});

const cluster = await startLocalCluster();
const dirs: string[] = [];
function nodeConfig(node: string): Config {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `patx-takeover-steps-${node}-`));
  dirs.push(dataDir);
  return loadConfig({}, {
    dataDir,
    gateway: { port: 0, marketDataPort: 0, operatorToken: OPERATOR_TOKEN },
    sequencer: { maxBatchCommands: 256, maxQueuedCommands: 20_000, maxUncommittedCommands: 4096, snapshotEveryCommands: 0, snapshotEveryMs: 0 },
    settlement: { enabled: false },
    grants: { signerKey: '0x' + '42'.repeat(32) },
    replication: { enabled: true, servers: cluster.servers, node, ack: 'quorum', leaseTtlMs: 3_000, leaseRenewMs: 1_000 },
  });
}

async function submitAll(s: Service, cmds: readonly Command[]): Promise<Record<string, number>> {
  const refused: Record<string, number> = {};
  for (let i = 0; i < cmds.length; i += 1024) {
    for (const r of await Promise.all(cmds.slice(i, i + 1024).map((c) => s.sequencer.submit(c)))) {
      for (const e of r.events) {
        if (e.type === EventType.FILL) refused['FILLS'] = (refused['FILLS'] ?? 0) + 1;
        if (e.type === EventType.COMMAND_REJECTED || e.type === EventType.ORDER_REJECTED) refused[rejectReasonName(e.reason)] = (refused[rejectReasonName(e.reason)] ?? 0) + 1;
      }
    }
  }
  return refused;
}

console.log(`takeover-steps ${new Date().toISOString()}; node ${process.version}; ${os.cpus().length} cores; load average ${loadavg()}; resting=${RESTING} accounts=${ACCOUNTS}`);
const quiet = pino({ level: 'warn' });
const a = await startService(nodeConfig('a'), quiet);
const bStarting = startService(nodeConfig('b'), pino({ level: 'info' }, capture));
void bStarting.catch(() => undefined);
let b: Service | undefined;
try {
  const spot = a.engine.series.filter((x) => x !== undefined && x.spec.kind === SeriesKind.SPOT && x.status === SeriesStatus.TRADING).sort((x, y) => y!.spec.closeAtMs - x!.spec.closeAtMs)[0]!;
  const seriesId = spot.id;
  const operator = a.engine.accounts.find((x) => x?.role === Role.OPERATOR)!.id;
  const param = (name: string, value: number): Command => ({ kind: CommandKind.SET_PARAM, actor: operator, name, value });
  const setup: Command[] = [param('risk.mintRequiresListing', 0), param('risk.throttleMessages', 1_000_000_000), param('risk.priceBandBps', 10_000)];
  const firstId = a.engine.accounts.length;
  const providers = Array.from({ length: ACCOUNTS / 2 }, (_, i) => firstId + i);
  const consumers = Array.from({ length: ACCOUNTS / 2 }, (_, i) => firstId + ACCOUNTS / 2 + i);
  for (const _ of providers) setup.push({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '' });
  for (const _ of consumers) setup.push({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: '' });
  const perAccount = Math.ceil(RESTING / ACCOUNTS);
  for (const id of [...providers, ...consumers]) setup.push({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: id, amountWei: 10n ** 24n, ref: `takeover-steps:${id}` });
  for (const id of providers) setup.push({ kind: CommandKind.DECLARE_CAPACITY, actor: id, seriesId, capacity: perAccount * 2 }, { kind: CommandKind.MINT, actor: id, seriesId, qty: perAccount });
  const setupOutcome = await submitAll(a, setup);
  if (Object.keys(setupOutcome).length > 0) throw new Error(`setup refused: ${JSON.stringify(setupOutcome)}`);
  const { tickMicros, maxPriceMicros, minPriceMicros } = spot.spec;
  const orders: Command[] = [];
  for (let i = 0; i < RESTING; i++) {
    const sell = i % 2 === 0;
    const who = sell ? providers[(i >> 1) % providers.length]! : consumers[(i >> 1) % consumers.length]!;
    // 100 levels each side at the range's ends: far from the broker's quotes, so they rest.
    const priceMicros = sell ? maxPriceMicros - (i % 100) * tickMicros : minPriceMicros + (i % 100) * tickMicros;
    orders.push({ kind: CommandKind.NEW_ORDER, actor: who, seriesId, clientOrderId: i + 1, side: sell ? Side.SELL : Side.BUY, orderType: OrderType.LIMIT, tif: TimeInForce.GTC, priceMicros, qty: 1, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST });
  }
  const fillStartedMs = performance.now();
  const outcome = await submitAll(a, orders);
  if (Object.keys(outcome).length > 0) throw new Error(`orders refused or filled: ${JSON.stringify(outcome)}`);
  let resting = 0;
  for (const book of a.engine.series[seriesId]!.books()) for (const side of [Side.BUY, Side.SELL]) for (const _ of book.orders(side)) resting++;
  console.log(`leader: ${resting} orders resting in series ${seriesId}, journal at seq ${a.engine.lastSeq} (${Math.round(performance.now() - fillStartedMs)} ms to place)`);
  const standbyCaughtUp = (): boolean => standbyLines.some((l) => l['msg'] === 'following the replicated journal as a standby');
  while (!standbyCaughtUp()) await new Promise((resolve) => setTimeout(resolve, 100));
  const lastSeq = a.engine.lastSeq;
  a.quoting?.stop();
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  console.log(`leader stopping at seq ${a.engine.lastSeq} (was ${lastSeq} after the orders); rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`);
  const stopStartedMs = Date.now();
  await a.stop();
  const stoppedMs = Date.now();
  b = await bStarting;
  const at = (msg: string): Record<string, unknown> | undefined => standbyLines.find((l) => l['msg'] === msg);
  const time = (msg: string): number | undefined => at(msg)?.['time'] as number | undefined;
  const lease = time("took the lease; the stream is applied");
  const leading = time('leading the replicated group');
  const listening = at('gateway listening');
  const steps = standbyLines.find((l) => typeof l['msg'] === 'string' && (l['msg'] as string).startsWith('took over: the gateway accepts orders'));
  console.log(`leader stop took ${stoppedMs - stopStartedMs} ms; the standby, from taking the lease:`);
  const since = (t: number | undefined): string => (t === undefined || lease === undefined ? 'n/a' : `+${t - lease} ms`);
  console.log(`  leading the replicated group (LEADER written):  ${since(leading)}`);
  console.log(`  gateway listening (accepts orders):             ${since(listening?.['time'] as number | undefined)} (the market-data thread's start ${String(listening?.['marketDataMs'])} ms of it)`);
  console.log(`  steps since leading (ms): ${JSON.stringify(steps?.['stepsMs'])}, total ${String(steps?.['totalMs'])} ms`);
  const md = b.gateway.marketData;
  console.log(`  the new leader's market-data thread: ${md.seeds} seeds taken in all, carrying ${md.seededOrders} resting orders; ${md.resets} resets`);
  for (const l of standbyLines) if (typeof l['elapsedMs'] === 'number' || l['msg'] === 'quoting started') console.log(`  log: ${String(l['msg'])} ${JSON.stringify({ ...l, msg: undefined, time: undefined, pid: undefined, hostname: undefined, service: undefined, level: undefined })}`);
} finally {
  await b?.stop().catch(() => undefined);
  await a.stop().catch(() => undefined);
  await cluster.stop();
  for (const d of dirs) removeDir(d);
}
