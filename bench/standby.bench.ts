/**
 * A standby's apply rate (issue 59): the engine bench's workload journaled once into a stream
 * on a three-node nats-server cluster on 127.0.0.1 (R3), then followed from its start by a
 * fresh standby, until it holds the last seq:
 *
 * - bare: the follower alone, applying within Engine.withoutEvents (no event objects), as a
 *   standby did before it fed the read models;
 * - read models: the follower applying with events and feeding each record to the service's
 *   read models (src/read-models/journal-following.ts: the audit trail, the purchase and grant ledgers,
 *   the published indexes, the trade history, the quoter's estimates), as a standby does now.
 *
 * The two alternate within each round.   npm run bench:standby   # --ops 200000 --runs 3
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Journal, recover, Sequencer, type Command, type ReleasedBatch } from '../src/engine/index.js';
import { ensureStream, JournalFollower, startLocalCluster, takeThePen } from '../src/replication/index.js';
import { AuditTrail } from '../src/operator/index.js';
import { CatalogStore, PurchaseLedger } from '../src/catalog/index.js';
import { PublishedIndexes, TradeHistory } from '../src/gateway/index.js';
import { QuoterEstimatesModel } from '../src/quoting/index.js';
import { DEFAULT_QUOTING_PARAMS } from '../src/quoting/params.js';
import { GrantLedger, GrantSigner, GRANT_DOMAIN_NAME, GRANT_DOMAIN_VERSION, ZERO_ADDRESS } from '../src/grants/index.js';
import { JournalModels } from '../src/read-models/journal-following.js';
import { removeDir } from '../test/support/exchange-fixture.js';
import { fmt, loadavg, median, reportFigure, stat } from './support/figures.js';
import { sequenceAll } from './support/sequence-all.js';
import { generateWorkload, WORKLOAD_START_MS } from './workload.js';

const { values } = parseArgs({ options: { ops: { type: 'string', default: '200000' }, runs: { type: 'string', default: '3' } } });
const OPS = Number(values.ops);
const RUNS = Number(values.runs);

console.log(`bench:standby ${new Date().toISOString()}; node ${process.version}; ${os.cpus().length} cores; load average at start ${loadavg()}; ops=${OPS} runs=${RUNS}`);
const workload = generateWorkload(OPS, 42);
const all: Command[] = [...workload.setup, ...workload.ops];
const cluster = await startLocalCluster();
const nc = await connect({ servers: cluster.servers });
const js = jetstream(nc);
const jsm = await jetstreamManager(nc);
const names = { stream: 'PATX_BENCH_STANDBY', subject: 'patx.benchstandby.journal' };
await ensureStream(jsm, { ...names, replicas: 3, maxBytes: 2 * 2 ** 30 });

// The leader: the workload journaled and shipped once.
const leaderDir = mkdtempSync(path.join(os.tmpdir(), 'patx-bench-standby-leader-'));
const leaderJournal = Journal.open(leaderDir, { durability: 'commit' });
const leadership = await takeThePen({ js, jsm, names, journal: leaderJournal, node: 'bench', epoch: 1, ack: 'quorum', window: 64, retryMs: 50, onFenced: (e) => console.error(e.message) });
const sequencer = new Sequencer(recover(leaderJournal).engine, leadership.journal, () => WORKLOAD_START_MS, { snapshotEveryCommands: 0, snapshotEveryMs: 0, maxQueuedCommands: all.length + 1 });
await sequenceAll(sequencer, all);
await sequencer.stop();
const lastSeq = leaderJournal.lastSeq();
await leadership.shipper.stop();
await leaderJournal.close();
removeDir(leaderDir);
console.log(`stream: ${lastSeq} commands`);

type Variant = 'bare' | 'read models';

/** Follows the stream from its start into a fresh data dir; commands applied per second. */
async function run(variant: Variant): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-bench-standby-'));
  const journal = Journal.open(dir, { durability: 'commit' });
  const { engine } = recover(journal);
  let onApplied: ((batch: ReleasedBatch) => void) | undefined;
  const closers: Array<() => Promise<unknown>> = [];
  if (variant === 'read models') {
    const store = CatalogStore.open(dir);
    const audit = AuditTrail.create(dir);
    const indexes = PublishedIndexes.create(dir);
    const trades = TradeHistory.create(dir);
    const purchases = new PurchaseLedger({ store, engine });
    const estimates = QuoterEstimatesModel.open(dir, journal, DEFAULT_QUOTING_PARAMS, engine.brokerId, { warn: () => undefined });
    const signer = new GrantSigner('0x' + '42'.repeat(32), { name: GRANT_DOMAIN_NAME, version: GRANT_DOMAIN_VERSION, chainId: 31337, verifyingContract: ZERO_ADDRESS });
    const grants = GrantLedger.open({ dataDir: dir, engine, signer, clock: () => WORKLOAD_START_MS });
    const models = new JournalModels(journal, engine.limits);
    models.open({ audit, purchases, publishedIndexes: indexes.model, trades: trades.model, quoterEstimates: estimates, grants });
    onApplied = (batch) => models.take(batch);
    closers.push(() => purchases.saveProgress(), () => indexes.close(), () => trades.close(), () => estimates.close(), () => grants.close(), () => audit.close(), () => store.close());
  }
  const follower = new JournalFollower(js, jsm, names, engine, journal, { onApplied });
  const t0 = performance.now();
  await follower.start();
  while (engine.lastSeq < lastSeq) {
    if (follower.failed !== undefined) throw follower.failed;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const ms = performance.now() - t0;
  await follower.stop();
  for (const close of closers) await close();
  await journal.close();
  removeDir(dir);
  return (lastSeq / ms) * 1000;
}

const variants: Variant[] = ['bare', 'read models'];
const rates = new Map<Variant, number[]>(variants.map((v) => [v, []]));
await run('bare'); // warm-up: JIT, page cache
for (let r = 0; r < RUNS; r++) {
  const order = r % 2 === 0 ? variants : [...variants].reverse();
  for (const v of order) rates.get(v)!.push(await run(v));
}
const bare = rates.get('bare')!;
const fed = rates.get('read models')!;
const ratios = fed.map((x, i) => x / bare[i]!);
console.log(`standby apply, bare (no events): ${stat(bare, fmt)} commands/s`);
console.log(`standby apply, feeding the read models: ${stat(fed, fmt)} commands/s; ÷ bare per round ${ratios.map((x) => x.toFixed(2)).join(', ')} (median ${median(ratios).toFixed(2)})`);
reportFigure('standby apply rate, bare', 'commands/s', bare, 'higher');
reportFigure('standby apply rate, feeding the read models', 'commands/s', fed, 'higher');
await jsm.streams.delete(names.stream);
await nc.close();
await cluster.stop();
console.log(`load average at the end ${loadavg()}`);
