/**
 * The replicated journal's cost (issue 24): the engine bench's workload through the
 * Sequencer into a real LMDB journal, as `npm run bench`'s journaled figure measures it,
 * without replication and with it under both acknowledgement settings, on a three-node
 * nats-server cluster on 127.0.0.1 (R3 stream) started by this script. The three variants
 * alternate within each round, so the machine's drift hits them alike; each replicated
 * run writes to a fresh stream.
 *
 *   npm run bench:replication            # --ops 300000 --runs 5
 *
 * Figures: commands/s from the first enqueue to the last acknowledgement for each
 * variant, and each replicated run ÷ the unreplicated run of its round. Everything
 * (engine, LMDB, the three nats-servers, the shipper) shares the machine's 2 cores.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Journal, recover, Sequencer, type Command, type TurnJournal } from '../src/engine/index.js';
import { ensureStream, startLocalCluster, takeThePen, type ReplicationAck } from '../src/replication/index.js';
import { removeDir } from '../test/support/exchange-fixture.js';
import { fmt, loadavg, median, reportFigure, stat } from './support/figures.js';
import { sequenceAll } from './support/sequence-all.js';
import { generateWorkload, WORKLOAD_START_MS } from './workload.js';

const { values } = parseArgs({ options: { ops: { type: 'string', default: '300000' }, runs: { type: 'string', default: '5' } } });
const OPS = Number(values.ops);
const RUNS = Number(values.runs);

console.log(`bench:replication ${new Date().toISOString()}; node ${process.version}; ${os.cpus().length} cores; load average at start ${loadavg()}; ops=${OPS} runs=${RUNS}`);
const workload = generateWorkload(OPS, 42);
const all: Command[] = [...workload.setup, ...workload.ops];
const cluster = await startLocalCluster();
const nc = await connect({ servers: cluster.servers });
const js = jetstream(nc);
const jsm = await jetstreamManager(nc);
let streams = 0;

type Variant = 'none' | ReplicationAck;

async function run(variant: Variant): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-bench-repl-'));
  const local = Journal.open(dir, { durability: 'commit' });
  const { engine } = recover(local);
  let journal: TurnJournal = local;
  let stopShipper = async (): Promise<void> => undefined;
  if (variant !== 'none') {
    streams++;
    const names = { stream: `PATX_BENCH_${streams}`, subject: `patx.bench${streams}.journal` };
    await ensureStream(jsm, { ...names, replicas: 3, maxBytes: 2 * 2 ** 30 });
    const leadership = await takeThePen({ js, jsm, names, journal: local, node: 'bench', epoch: 1, ack: variant, window: 64, retryMs: 50, onFenced: (e) => console.error(e.message) });
    journal = leadership.journal;
    stopShipper = async () => {
      await leadership.shipper.stop();
      await jsm.streams.delete(names.stream);
    };
  }
  const sequencer = new Sequencer(engine, journal, () => WORKLOAD_START_MS, { snapshotEveryCommands: 0, snapshotEveryMs: 0, maxQueuedCommands: all.length + 1 });
  const t0 = performance.now();
  await sequenceAll(sequencer, all);
  const ms = performance.now() - t0;
  await sequencer.stop();
  await stopShipper();
  await local.close();
  removeDir(dir);
  return (all.length / ms) * 1000;
}

const variants: Variant[] = ['none', 'local', 'quorum'];
const rates = new Map<Variant, number[]>(variants.map((v) => [v, []]));
await run('none'); // warm-up: JIT, page cache
for (let r = 0; r < RUNS; r++) {
  const order = variants.map((_, i) => variants[(i + r) % variants.length]!);
  for (const v of order) rates.get(v)!.push(await run(v));
}
const base = rates.get('none')!;
console.log(`journaled, no replication: ${stat(base, fmt)} commands/s`);
reportFigure('journaled throughput, no replication', 'commands/s', base, 'higher');
for (const v of ['local', 'quorum'] as const) {
  const xs = rates.get(v)!;
  const ratios = xs.map((x, i) => x / base[i]!);
  console.log(`journaled, replicated, '${v}' acks: ${stat(xs, fmt)} commands/s; ÷ none per round ${ratios.map((x) => x.toFixed(2)).join(', ')} (median ${median(ratios).toFixed(2)})`);
  reportFigure(`journaled throughput, replicated, '${v}' acks`, 'commands/s', xs, 'higher');
  reportFigure(`replicated '${v}' ÷ no replication, per round`, '×', ratios, 'higher');
}
await nc.close();
await cluster.stop();
console.log(`load average at the end ${loadavg()}`);
