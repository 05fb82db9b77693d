/**
 * What the account statement (src/gateway/account-statement.ts) costs on the release path: the engine bench's mixed
 * workload (every trade has the broker on one side, under a taker fee) applied to an engine in turns of 4,096 commands,
 * as the sequencer does, then each turn fed to the statement (its own engine applies the commands again, reads the
 * accounts they name, and writes its rows at a flush), against the engine's own time for the same turns.
 *
 *   npx tsx bench/statement-cost.ts [ops=200000] [--thread]
 *
 * `--thread`: as the statement's thread takes the turns (statement-follower.ts): their commands only, its engine making
 * the events that name the accounts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CommandKind, Engine, type Command, type EngineEvent } from '../src/engine/index.js';
import { AccountStatement } from '../src/gateway/account-statement.js';
import { generateWorkload, WORKLOAD_START_MS } from './workload.js';

const ops = Number(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 200_000);
const asThread = process.argv.includes('--thread');
const TURN = 4_096;
const w = generateWorkload(ops);
const fee: Command = { kind: CommandKind.SET_PARAM, actor: 1, name: 'fee.takerBps:SPOT', value: 20 };
const commands = [...w.setup, fee, ...w.ops];
const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-statement-bench-'));
try {
  const live = new Engine();
  const statement = AccountStatement.create(dir, () => new Engine(), { noSync: true }, asThread);
  let engineMs = 0;
  let statementMs = 0;
  let seq = 1;
  for (let at = 0; at < commands.length; at += TURN) {
    const batch = commands.slice(at, at + TURN);
    const events: EngineEvent[] = [];
    const firstSeq = seq;
    const t0 = performance.now();
    for (const cmd of batch) live.apply(cmd, seq++, WORKLOAD_START_MS + at, events);
    const t1 = performance.now();
    statement.model.take({ firstSeq, lastSeq: seq - 1, timeMs: WORKLOAD_START_MS + at, commands: batch, events: asThread ? [] : events });
    const t2 = performance.now();
    if (at >= w.setup.length) {
      engineMs += t1 - t0;
      statementMs += t2 - t1;
    }
  }
  const t3 = performance.now();
  await statement.close();
  const closeMs = performance.now() - t3;
  const perS = (ms: number): string => `${Math.round(ops / (ms / 1000)).toLocaleString('en')} commands/s`;
  console.log(`${ops.toLocaleString('en')} commands in turns of ${TURN}${asThread ? ', as its thread takes them' : ''}: engine ${engineMs.toFixed(0)} ms (${perS(engineMs)}), statement ${statementMs.toFixed(0)} ms (${perS(statementMs)}), ${(statementMs / engineMs).toFixed(2)}× the engine's time; last flush and close ${closeMs.toFixed(0)} ms; full scans ${statement.fullScans}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
