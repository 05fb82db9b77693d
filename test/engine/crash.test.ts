/**
 * Crash recovery with real processes and real LMDB files: a child process
 * (test/support/crash-child.ts) runs the sequencer on a deterministic workload
 * and prints what it has acked; the test SIGKILLs it at a random moment after the
 * run's first snapshot (so that every round has one to check), then
 * recovers the journal here and checks that nothing acknowledged was lost,
 * nothing foreign or half-written was kept, and snapshot + tail, replay from
 * scratch and a direct re-application all reach the same state. The next
 * child continues the same command stream from where recovery left off.
 *
 * The kill delays come from a seeded PRNG; set PATX_CRASH_SEED to replay a
 * run's choices (the seed is in every failure message), PATX_CRASH_LOG=1 to
 * print what each round saw.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWorkload, prng } from '../../bench/workload.js';
import { EmbeddedEngine, Journal, recover, stateHash, type Command, type EngineEvent } from '../../src/engine/index.js';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHILD = path.join(PROJECT_ROOT, 'test/support/crash-child.ts');

const WORKLOAD_SEED = 11;
const OP_COUNT = 600_000;
const SNAPSHOT_EVERY = 3_000;
/** Paces the child so that five runs of at most 400 ms cannot exhaust the workload. */
const CHILD_RATE = 200_000;
const ROUNDS = 5;
const CRASH_SEED = Number(process.env.PATX_CRASH_SEED ?? Date.now() % 2 ** 31);

interface ChildRun {
  ready: { lastSeq: number; snapshotSeq: number };
  /** The highest seq the child reported acked before it died. */
  maxAcked: number;
  ackLines: number;
  exhausted: boolean;
}

const liveChildren = new Set<ChildProcess>();

/** Runs the child until `delayMs` after its first snapshot of the run, SIGKILLs it, and returns what it reported. Rejects if it died any other way. */
function runChildAndKill(dataDir: string, delayMs: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, dataDir, String(WORKLOAD_SEED), String(OP_COUNT), String(SNAPSHOT_EVERY), String(CHILD_RATE)],
      { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    liveChildren.add(child);
    let ready: ChildRun['ready'] | undefined;
    let maxAcked = -1;
    let ackLines = 0;
    let snapshots = 0;
    let exhausted = false;
    let killedByUs = false;
    let protocolError: string | undefined;
    let stdoutTail = '';
    let stderr = '';
    const kill = (): void => {
      killedByUs = child.kill('SIGKILL');
    };
    const watchdog = setTimeout(() => {
      protocolError ??= 'no snapshot within 20 s';
      kill();
    }, 20_000);

    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutTail += chunk.toString();
      const lines = stdoutTail.split('\n');
      stdoutTail = lines.pop()!;
      for (const line of lines) {
        const [word, a, b] = line.split(' ');
        if (word === 'ready' && ready === undefined) {
          ready = { lastSeq: Number(a), snapshotSeq: Number(b) };
          maxAcked = ready.lastSeq;
        } else if (word === 'ack' && ready !== undefined) {
          const seq = Number(a);
          if (!(seq > maxAcked)) protocolError ??= `ack ${seq} after ack ${maxAcked}`;
          maxAcked = seq;
          ackLines++;
        } else if (word === 'snapshot' && ready !== undefined) {
          if (snapshots++ === 0) setTimeout(kill, delayMs);
        } else if (word === 'done' && ready !== undefined) {
          exhausted = true;
        } else {
          protocolError ??= `unexpected line ${JSON.stringify(line)}`;
        }
      }
    });
    child.on('error', (error) => {
      clearTimeout(watchdog);
      reject(error);
    });
    // 'close' comes after stdout has been read to its end: every line written before the kill is counted.
    child.on('close', (code, signal) => {
      clearTimeout(watchdog);
      liveChildren.delete(child);
      const context = `(crash seed ${CRASH_SEED}); stderr:\n${stderr}`;
      if (!killedByUs || signal !== 'SIGKILL') reject(new Error(`child died on its own (code ${code}, signal ${signal}) ${context}`));
      else if (protocolError !== undefined) reject(new Error(`child protocol: ${protocolError} ${context}`));
      else if (ready === undefined || ackLines === 0) reject(new Error(`child was killed before reporting an ack ${context}`));
      else if (stderr.includes('crash-child:')) reject(new Error(`child reported an error ${context}`));
      else resolve({ ready, maxAcked, ackLines, exhausted });
    });
  });
}

describe('crash recovery (SIGKILL of a sequencer process)', () => {
  let dataDir: string;
  let all: Command[];

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'patx-'));
    const workload = generateWorkload(OP_COUNT, WORKLOAD_SEED);
    all = [...workload.setup, ...workload.ops];
  });

  afterAll(() => {
    for (const child of liveChildren) child.kill('SIGKILL'); // only if a round failed half-way
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(`loses nothing acked, keeps nothing half-written, and recovers the same state (${ROUNDS} kills)`, async () => {
    const rand = prng(CRASH_SEED);
    const at = (round: number): string => `round ${round}, crash seed ${CRASH_SEED}`;
    // The reference: the workload's commands applied directly, with the times the journal stamped.
    const reference = new EmbeddedEngine();
    const scratch: EngineEvent[] = [];
    let recoveredLastSeq = 0;
    let exhaustedRounds = 0;

    for (let round = 1; round <= ROUNDS; round++) {
      const delayMs = Math.round(50 + rand() * 350);
      const run = await runChildAndKill(dataDir, delayMs);
      if (run.exhausted) exhaustedRounds++;
      // The child recovered to where the previous round's recovery ended (the journal did not change in between).
      expect(run.ready.lastSeq, at(round)).toBe(recoveredLastSeq);

      const journal = Journal.open(dataDir, { durability: 'commit' });
      try {
        // (d) Every record checks out (checksum, decoding, continuity from seq 1).
        const stats = journal.verify();
        const lastSeq = journal.lastSeq();
        expect(stats.lastSeq, at(round)).toBe(lastSeq);
        expect(stats.commands, at(round)).toBe(lastSeq);

        // (a) Nothing acknowledged is lost; and the child made progress this round.
        expect(lastSeq, at(round)).toBeGreaterThanOrEqual(run.maxAcked);
        expect(run.maxAcked, at(round)).toBeGreaterThan(recoveredLastSeq);
        expect(lastSeq, at(round)).toBeLessThanOrEqual(all.length);

        // Snapshots taken this round (from applied, possibly not yet committed, state): each must be the state at its seq.
        const newSnapshots = new Map<number, string>();
        for (const seq of journal.snapshotSeqs()) {
          expect(seq, at(round)).toBeLessThanOrEqual(lastSeq);
          if (seq > reference.engine.lastSeq) newSnapshots.set(seq, journal.readSnapshot(seq)!.stateHash);
        }
        expect(newSnapshots.size, `${at(round)}: snapshots were taken mid-run`).toBeGreaterThan(0);

        // (b) Seq s holds exactly all[s - 1]: nothing foreign, nothing half-written, records all-or-nothing.
        let expectedSeq = 1;
        for (const batch of journal.read(1)) {
          expect(batch.firstSeq, at(round)).toBe(expectedSeq);
          // Time never runs backwards from one record to the next.
          if (batch.firstSeq > reference.engine.lastSeq) expect(batch.timeMs, at(round)).toBeGreaterThanOrEqual(reference.engine.lastTimeMs);
          for (let i = 0; i < batch.commands.length; i++) {
            const seq = batch.firstSeq + i;
            if (!isDeepStrictEqual(batch.commands[i], all[seq - 1])) {
              expect(batch.commands[i], `${at(round)}: journaled command at seq ${seq}`).toEqual(all[seq - 1]);
            }
            // (c) The reference applies the workload's command (not the journaled copy) at the journaled time.
            if (seq > reference.engine.lastSeq) {
              reference.submitInto(all[seq - 1]!, scratch, batch.timeMs);
              scratch.length = 0;
              const snapshotHash = newSnapshots.get(seq);
              if (snapshotHash !== undefined) expect(stateHash(reference.engine), `${at(round)}: snapshot at seq ${seq}`).toBe(snapshotHash);
            }
          }
          expectedSeq = batch.firstSeq + batch.commands.length;
        }
        expect(expectedSeq - 1, at(round)).toBe(lastSeq);

        // (c) Snapshot + tail == replay from scratch == direct application of the workload.
        const fromSnapshot = recover(journal);
        const fromScratch = recover(journal, {}, true);
        expect(fromSnapshot.engine.lastSeq, at(round)).toBe(lastSeq);
        expect(fromSnapshot.snapshotSeq, `${at(round)}: a snapshot was taken mid-run`).toBeGreaterThan(recoveredLastSeq);
        expect(fromSnapshot.snapshotSeq, at(round)).toBeLessThanOrEqual(lastSeq);
        expect(fromSnapshot.replayedCommands, at(round)).toBe(lastSeq - fromSnapshot.snapshotSeq);
        expect(fromScratch.replayedCommands, at(round)).toBe(lastSeq);
        expect(fromSnapshot.stateHash, at(round)).toBe(fromScratch.stateHash);
        expect(reference.engine.lastSeq, at(round)).toBe(lastSeq);
        expect(stateHash(reference.engine), at(round)).toBe(fromScratch.stateHash);

        if (process.env.PATX_CRASH_LOG) {
          const snapshots = [...newSnapshots.keys()];
          console.log(JSON.stringify({ round, delayMs, ...run, lastSeq, records: stats.records, recoveredFrom: fromSnapshot.snapshotSeq, snapshots }));
        }
        recoveredLastSeq = lastSeq;
      } finally {
        await journal.close();
      }
    }
    // The workload is sized so that the child is always killed mid-stream.
    expect(exhaustedRounds, `crash seed ${CRASH_SEED}`).toBe(0);
  }, 60_000);
});
