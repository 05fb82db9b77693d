/**
 * Throughput of the command codec and the LMDB journal.
 *
 *   npx tsx bench/journal.bench.ts [--runs 5]
 *
 * Workload: batches of NEW_ORDER / CANCEL_ORDER commands (3:1) with realistic
 * magnitudes (13-digit client order ids, 7-digit prices). Each journal goes to a
 * fresh directory under the OS temp dir, removed afterwards.
 *
 * The whole sequence of rows (codec, then each append shape, each commit journal read
 * and verified) runs --runs times after one warm-up append; each row is printed as it
 * is measured, then as a median (range) over the runs, and handed to the collector
 * (bench/measure-all.ts) as a `FIGURE` line with every run's value.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BinaryWriter } from '../src/engine/durability/binary.js';
import { decodeCommands, encodeCommands } from '../src/engine/durability/command-codec.js';
import { CommandKind, type Command } from '../src/engine/core/commands.js';
import { Journal, type Durability } from '../src/engine/durability/journal.js';
import { loadavg, reportFigure, stat } from './support/figures.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const RUNS = Number(values.runs);

/** commands/s of every run, by figure name, in the order first measured. */
const figures = new Map<string, number[]>();

function makeCommands(count: number, seed: number): Command[] {
  const cmds: Command[] = [];
  for (let i = 0; i < count; i++) {
    const n = seed + i;
    if (i % 4 === 3) {
      cmds.push({ kind: CommandKind.CANCEL_ORDER, actor: 1 + (n % 5000), orderId: 1_000_000 + n, clientOrderId: 0 });
      continue;
    }
    cmds.push({
      kind: CommandKind.NEW_ORDER,
      actor: 1 + (n % 5000),
      seriesId: 1 + (n % 300),
      clientOrderId: 1_700_000_000_000 + n,
      side: n % 2 === 0 ? 1 : 2,
      orderType: 1,
      tif: 1,
      priceMicros: 1_000_000 + (n % 1000) * 100,
      qty: 1 + (n % 50),
      expireAtMs: 0,
      postOnly: false,
      stp: 1,
    });
  }
  return cmds;
}

/** Prints one row and records its commands/s under `figure` (bench/RESULTS.md's name for the row). */
function report(label: string, figure: string, commands: number, elapsedMs: number, extra = ''): void {
  const perSecond = (commands / elapsedMs) * 1000;
  console.log(`${label.padEnd(44)} ${(perSecond / 1e6).toFixed(2).padStart(6)} M commands/s ${extra}`);
  figures.set(figure, [...(figures.get(figure) ?? []), perSecond]);
}

function benchCodec(): void {
  const cmds = makeCommands(4000, 0);
  const writer = new BinaryWriter();
  const rounds = 1000;
  for (let warm = 0; warm < 200; warm++) {
    writer.reset();
    encodeCommands(cmds, writer);
    decodeCommands(writer.view(), cmds.length);
  }
  let start = performance.now();
  for (let r = 0; r < rounds; r++) {
    writer.reset();
    encodeCommands(cmds, writer);
  }
  report('encode (reused writer)', 'encode (reused writer)', cmds.length * rounds, performance.now() - start, `${(writer.length / cmds.length).toFixed(1)} bytes/command`);
  const bytes = writer.toBytes();
  start = performance.now();
  for (let r = 0; r < rounds; r++) decodeCommands(bytes, cmds.length);
  report('decode', 'decode', cmds.length * rounds, performance.now() - start);
}

/** Appends `batches` records of `batchSize` commands, keeping up to `inFlight` appends outstanding. */
async function benchAppend(durability: Durability, batchSize: number, batches: number, inFlight: number, warmUp = false): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patx-journal-bench-'));
  const journal = Journal.open(dir, { durability });
  try {
    // Pre-built: the benchmark measures the journal, not command construction.
    const pool = [makeCommands(batchSize, 0), makeCommands(batchSize, batchSize)];
    const pending: Promise<void>[] = [];
    const start = performance.now();
    for (let b = 0; b < batches; b++) {
      pending.push(journal.append({ firstSeq: journal.lastSeq() + 1, timeMs: 1_700_000_000_000 + b, commands: pool[b % 2]! }));
      if (pending.length >= inFlight) await pending.shift();
    }
    await Promise.all(pending);
    const elapsedMs = performance.now() - start;
    if (warmUp) return;
    const shape = `${batchSize} per record${inFlight === 1 ? '' : `, ${inFlight} in flight`}`;
    report(`append ${durability}, ${batchSize}/batch, ${inFlight} in flight`, `${durability} append, ${shape}`, batchSize * batches, elapsedMs, `(${(elapsedMs / batches).toFixed(3)} ms/batch)`);
    if (durability === 'commit') benchRead(journal, shape);
  } finally {
    await journal.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function benchRead(journal: Journal, shape: string): void {
  let start = performance.now();
  let commands = 0;
  for (const batch of journal.read(1)) commands += batch.commands.length;
  report('  read (checksum + decode)', `read (checksum + decode), ${shape}`, commands, performance.now() - start);
  start = performance.now();
  const stats = journal.verify();
  report('  verify', `verify, ${shape}`, stats.commands, performance.now() - start);
}

async function main(): Promise<void> {
  const t0 = performance.now();
  console.log(`${new Date().toISOString()}; load average at start ${loadavg()}`);
  console.log(`node ${process.version}, ${os.cpus().length} cpus; runs=${RUNS}`);
  await benchAppend('commit', 1000, 500, 1, true); // warm-up: JIT and the lmdb-js write threads
  for (let r = 0; r < RUNS; r++) {
    console.log(`-- run ${r + 1} of ${RUNS}`);
    benchCodec();
    await benchAppend('commit', 20, 20_000, 1); // a gateway turn at 20k orders/s
    for (const batchSize of [1000, 4000]) {
      await benchAppend('commit', batchSize, 2000, 1);
      await benchAppend('commit', batchSize, 2000, 8);
    }
    await benchAppend('flush', 4000, 200, 1);
    await benchAppend('flush', 4000, 400, 8);
  }
  console.log(`-- commands/s over ${RUNS} runs: median (range)`);
  for (const [name, xs] of figures) console.log(`${name.padEnd(56)} ${stat(xs)}`);
  for (const [name, xs] of figures) reportFigure(name, 'commands/s', xs, 'higher');
  console.log(`(${((performance.now() - t0) / 1000).toFixed(0)} s; load average at the end ${loadavg()})`);
}

await main();
