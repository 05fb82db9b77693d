/**
 * Throughput of the command codec and the LMDB journal.
 *
 *   npx tsx bench/journal.bench.ts
 *
 * Workload: batches of NEW_ORDER / CANCEL_ORDER commands (3:1) with realistic
 * magnitudes (13-digit client order ids, 7-digit prices). The journal goes to a
 * fresh directory under the OS temp dir, removed afterwards.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BinaryWriter } from '../src/engine/binary.js';
import { decodeCommands, encodeCommands } from '../src/engine/command-codec.js';
import { CommandKind, type Command } from '../src/engine/commands.js';
import { Journal, type Durability } from '../src/engine/journal.js';

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

function report(label: string, commands: number, elapsedMs: number, extra = ''): void {
  const perSecond = (commands / elapsedMs) * 1000;
  console.log(`${label.padEnd(44)} ${(perSecond / 1e6).toFixed(2).padStart(6)} M commands/s ${extra}`);
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
  report('encode (reused writer)', cmds.length * rounds, performance.now() - start, `${(writer.length / cmds.length).toFixed(1)} bytes/command`);
  const bytes = writer.toBytes();
  start = performance.now();
  for (let r = 0; r < rounds; r++) decodeCommands(bytes, cmds.length);
  report('decode', cmds.length * rounds, performance.now() - start);
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
    report(`append ${durability}, ${batchSize}/batch, ${inFlight} in flight`, batchSize * batches, elapsedMs, `(${(elapsedMs / batches).toFixed(3)} ms/batch)`);
    if (durability === 'commit') benchRead(journal);
  } finally {
    await journal.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function benchRead(journal: Journal): void {
  let start = performance.now();
  let commands = 0;
  for (const batch of journal.read(1)) commands += batch.commands.length;
  report('  read (checksum + decode)', commands, performance.now() - start);
  start = performance.now();
  const stats = journal.verify();
  report('  verify', stats.commands, performance.now() - start);
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${os.cpus().length} cpus`);
  benchCodec();
  await benchAppend('commit', 1000, 500, 1, true); // warm-up: JIT and the lmdb-js write threads
  await benchAppend('commit', 20, 20_000, 1); // a gateway turn at 20k orders/s
  for (const batchSize of [1000, 4000]) {
    await benchAppend('commit', batchSize, 2000, 1);
    await benchAppend('commit', batchSize, 2000, 8);
  }
  await benchAppend('flush', 4000, 200, 1);
  await benchAppend('flush', 4000, 400, 8);
}

await main();
