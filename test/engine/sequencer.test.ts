/**
 * The sequencer against a real LMDB journal in a fresh temp dir: acks only after
 * commit, consecutive seqs and FIFO order, group commit, back-pressure,
 * snapshots, draining stop, both durability modes, and fatal failures.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateWorkload, WORKLOAD_START_MS } from '../../bench/workload.js';
import {
  CommandKind,
  DiskLowError,
  EmbeddedEngine,
  Journal,
  Sequencer,
  SequencerBusyError,
  SequencerStoppedError,
  UnwritableCommandError,
  SYSTEM_ACTOR,
  Role,
  recover,
  takesRiskAway,
  stateHash,
  type Command,
  type CommandResult,
  type Durability,
  type EngineEvent,
  type JournalBatch,
  type ReleasedBatch,
  type SequencerOptions,
} from '../../src/engine/index.js';
import { refuseCommitWrites } from '../support/journal-faults.js';

const WORKLOAD = generateWorkload(20_000, 3);
const ALL: readonly Command[] = [...WORKLOAD.setup, ...WORKLOAD.ops];

let dir: string;
const opened: Journal[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patx-'));
});

afterEach(async () => {
  for (const journal of opened.splice(0)) await journal.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function openJournal(durability: Durability = 'commit', readOnly = false): Journal {
  const journal = Journal.open(dir, { durability, readOnly });
  opened.push(journal);
  return journal;
}

/** A clock inside the workload series' trading window that moves a little on every call. */
function workloadClock(): () => number {
  let t = WORKLOAD_START_MS;
  return () => (t += 1);
}

function start(journal: Journal, options: Partial<SequencerOptions> = {}, onFatal?: (error: unknown) => void): Sequencer {
  const { engine } = recover(journal);
  return new Sequencer(engine, journal, workloadClock(), { snapshotEveryMs: 0, ...options }, onFatal);
}

/** Every command the journal holds, in seq order, with its record's time. */
function journaled(journal: Journal): Array<{ seq: number; timeMs: number; cmd: Command }> {
  const out: Array<{ seq: number; timeMs: number; cmd: Command }> = [];
  for (const batch of journal.read(1)) batch.commands.forEach((cmd, i) => out.push({ seq: batch.firstSeq + i, timeMs: batch.timeMs, cmd }));
  return out;
}

/** Senders (enqueueFrom) that heard more than once about one command: must stay empty. */
const heardTwice: Command[] = [];

/**
 * Submits through enqueueFrom, as the gateway does: the sender gets the command's events
 * as a range of the turn's list, copied out here while the call lasts.
 */
function submitFrom(sequencer: Sequencer, cmd: Command): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    let heard = false;
    const once = (): boolean => {
      if (heard) heardTwice.push(cmd);
      heard = true;
      return true;
    };
    sequencer.enqueueFrom(cmd, {
      acked: (seq, timeMs, events, from, to) => once() && resolve({ seq, timeMs, events: events.slice(from, to) }),
      refused: (error) => once() && reject(error),
    });
  });
}

/** The two ways in: submit (enqueue with callbacks) and enqueueFrom with a sender. */
const ROUTES = {
  submit: (sequencer: Sequencer, cmd: Command) => sequencer.submit(cmd),
  enqueueFrom: submitFrom,
} as const;
type Route = keyof typeof ROUTES;

function settleWithin<T>(promises: Array<Promise<T>>, ms: number): Promise<Array<PromiseSettledResult<T>>> {
  return Promise.race([
    Promise.allSettled(promises),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`submitters still pending after ${ms} ms`)), ms)),
  ]);
}

/**
 * Calls `committed(batch)` once each record is committed, seen from the journal's side:
 * 'commit' durability commits inside appendCommitted (the sequencer's path there),
 * 'flush' when append's promise resolves. Registered before the sequencer's own
 * reaction, so it runs first.
 */
function observeCommits(journal: Journal, appended: (batch: JournalBatch) => void, committed: (batch: JournalBatch) => void): void {
  if (journal.commitsOnAppend) {
    const appendCommitted = journal.appendCommitted.bind(journal);
    journal.appendCommitted = (batch: JournalBatch): void => {
      appended(batch);
      appendCommitted(batch);
      committed(batch);
    };
    return;
  }
  const append = journal.append.bind(journal);
  journal.append = (batch: JournalBatch): Promise<void> => {
    appended(batch);
    const promise = append(batch);
    promise.then(
      () => committed(batch),
      () => undefined,
    );
    return promise;
  };
}

describe('Sequencer with a real journal', () => {
  it.each(['commit', 'flush'] as const)('acks a command only after the journal record holding it has committed (%s)', async (durability) => {
    const journal = openJournal(durability);
    const sequencer = start(journal, { maxBatchCommands: 500 });
    const records: Array<{ firstSeq: number; count: number; committed: boolean }> = [];
    observeCommits(
      journal,
      (batch) => records.push({ firstSeq: batch.firstSeq, count: batch.commands.length, committed: false }),
      (batch) => (records.find((r) => r.firstSeq === batch.firstSeq)!.committed = true),
    );
    let visibleUpTo = 0;
    const violations: string[] = [];
    const acks: number[] = [];
    const submitted = ALL.slice(0, 5_000);
    // Checked inside the ack callback itself (enqueue), as the gateway's run: a promise's
    // reaction would only run after the turn, when the record is committed whatever the order.
    const acked = (cmd: Command, check: (result: CommandResult) => CommandResult): Promise<CommandResult> =>
      new Promise((resolve, reject) => sequencer.enqueue(cmd, (result) => resolve(check(result)), reject));
    const results = submitted.map((cmd) =>
      acked(cmd, (result) => {
        acks.push(result.seq);
        const record = records.find((r) => result.seq >= r.firstSeq && result.seq < r.firstSeq + r.count);
        if (record === undefined || !record.committed) violations.push(`seq ${result.seq} acked before its record committed`);
        // The record is readable from the store (reads see committed transactions only).
        if (result.seq > visibleUpTo) {
          const batch = journal.read(result.seq).next().value as JournalBatch | undefined;
          if (batch === undefined || batch.firstSeq > result.seq || batch.firstSeq + batch.commands.length <= result.seq) {
            violations.push(`seq ${result.seq} acked but not readable from the journal`);
          } else {
            visibleUpTo = batch.firstSeq + batch.commands.length - 1;
          }
        }
        return result;
      }),
    );
    await Promise.all(results);
    expect(violations).toEqual([]);
    expect(acks).toEqual(submitted.map((_, i) => i + 1));
    expect(records.length).toBeGreaterThan(1);
    expect(records.every((r) => r.committed)).toBe(true);
    await sequencer.stop();
    const liveHash = sequencer.stateHash();
    await journal.close();

    // A new, read-only journal on the same files holds exactly the acked commands.
    const reader = openJournal(durability, true);
    expect(reader.lastSeq()).toBe(submitted.length);
    expect(journaled(reader).map((j) => j.cmd)).toEqual(submitted);
    expect(recover(reader).stateHash).toBe(liveHash);
  });

  it.each(['commit', 'flush'] as const)('reads capture state at their place in the queue and are delivered only after the commands before them are journaled (%s)', async (durability) => {
    const journal = openJournal(durability);
    const sequencer = start(journal, { maxBatchCommands: 300 });
    // Appends' promises can settle out of order in 'flush' mode (see Journal.append), so what
    // counts is the prefix of records that have all committed.
    const records: Array<{ lastSeq: number; committed: boolean }> = [];
    observeCommits(
      journal,
      (batch) => records.push({ lastSeq: batch.firstSeq + batch.commands.length - 1, committed: false }),
      (batch) => (records.find((r) => r.lastSeq === batch.firstSeq + batch.commands.length - 1)!.committed = true),
    );
    const committedPrefix = (): number => {
      let upTo = 0;
      for (const r of records) {
        if (!r.committed) break;
        upTo = r.lastSeq;
      }
      return upTo;
    };
    const reads: Array<{ capturedSeq: number; queuedAfter: number; committedAtDelivery: number }> = [];
    const submitted: Array<Promise<unknown>> = [];
    for (let i = 0; i < 3_000; i++) {
      submitted.push(sequencer.submit(ALL[i]!));
      if (i % 250 === 0) {
        const queuedAfter = i + 1;
        sequencer.read(
          (engine) => engine.lastSeq,
          (capturedSeq) => reads.push({ capturedSeq, queuedAfter, committedAtDelivery: committedPrefix() }),
        );
      }
    }
    await Promise.all(submitted);
    await sequencer.drain();
    expect(reads).toHaveLength(12);
    for (const r of reads) {
      expect(r.capturedSeq).toBe(r.queuedAfter);
      expect(r.committedAtDelivery).toBeGreaterThanOrEqual(r.capturedSeq);
    }
    // A read on an idle sequencer is a turn of its own and journals nothing.
    const journaledBefore = journal.lastSeq();
    const idle = await new Promise<number>((resolve) => sequencer.read((engine) => engine.lastSeq, resolve));
    expect(idle).toBe(3_000);
    expect(journal.lastSeq()).toBe(journaledBefore);
    await sequencer.stop();
    expect(() => sequencer.read(() => 0, () => undefined)).toThrow(SequencerStoppedError);
  });

  it.each(['commit', 'flush'] as const)('a read in its turn sees the events of the commands queued before it, and none after (%s)', async (durability) => {
    const journal = openJournal(durability);
    const sequencer = start(journal, { maxBatchCommands: 300 });
    const seen: Array<{ capturedSeq: number; lastSeqBefore: number; firstSeq: number; eventsBefore: number; eventsOfTurn: number }> = [];
    const submitted: Array<Promise<unknown>> = [];
    for (let i = 0; i < 1_000; i++) {
      submitted.push(sequencer.submit(ALL[i]!));
      if (i % 97 === 0) {
        sequencer.readInTurn(
          (engine) => engine.lastSeq,
          (capturedSeq, turn, eventsBefore) => {
            const before = turn.events.slice(0, eventsBefore);
            expect(turn.events.slice(eventsBefore).every((e) => e.seq > capturedSeq)).toBe(true);
            seen.push({ capturedSeq, lastSeqBefore: before.at(-1)?.seq ?? turn.firstSeq - 1, firstSeq: turn.firstSeq, eventsBefore, eventsOfTurn: turn.events.length });
          },
        );
      }
    }
    await Promise.all(submitted);
    await sequencer.drain();
    expect(seen).toHaveLength(11);
    for (const s of seen) {
      // The events before the read are its turn's commands up to its place (a command may make none).
      expect(s.lastSeqBefore).toBeLessThanOrEqual(s.capturedSeq);
      expect(s.capturedSeq).toBeGreaterThanOrEqual(s.firstSeq - 1);
    }
    expect(seen.some((s) => s.eventsBefore > 0 && s.eventsBefore < s.eventsOfTurn)).toBe(true);
    await sequencer.stop();
  });

  it('stamps consecutive seqs in submission order across sources and releases turns in order', async () => {
    const journal = openJournal();
    const sequencer = start(journal, { maxBatchCommands: 300 });
    const released: ReleasedBatch[] = [];
    sequencer.onRelease((batch) => released.push(batch));

    // Four sources take the next command of one shared stream whenever they get to run,
    // so the order of submit calls is the stream's order; each must get seq = its index + 1.
    let nextIndex = 0;
    const results: Array<Promise<CommandResult> | undefined> = new Array(ALL.length);
    const source = async (id: number): Promise<void> => {
      let step = 0;
      while (nextIndex < ALL.length) {
        const burst = 1 + ((id * 7 + step++) % 13);
        for (let k = 0; k < burst && nextIndex < ALL.length; k++) {
          const index = nextIndex++;
          // Both ways in, interleaved: a sender's range must be its own command's events.
          results[index] = index % 3 === 0 ? submitFrom(sequencer, ALL[index]!) : sequencer.submit(ALL[index]!);
        }
        if (step % 3 === id % 3) await new Promise<void>((resolve) => setImmediate(resolve));
        else await Promise.resolve();
      }
    };
    await Promise.all([0, 1, 2, 3].map(source));
    const acked = await Promise.all(results as Array<Promise<CommandResult>>);

    // The reference: the same commands, seqs and times applied directly.
    const reference = new EmbeddedEngine();
    for (let i = 0; i < acked.length; i++) {
      const result = acked[i]!;
      expect(result.seq).toBe(i + 1);
      for (const event of result.events) expect(event.seq).toBe(result.seq);
      expect(reference.submit(ALL[i]!, result.timeMs)).toEqual(result.events);
    }
    expect(sequencer.stateHash()).toBe(stateHash(reference.engine));

    // Listeners saw every turn, in order, with no gap; a turn's events are its acks' events.
    expect(released.length).toBeGreaterThan(1);
    let expectedFirst = 1;
    for (const batch of released) {
      expect(batch.firstSeq).toBe(expectedFirst);
      const last = batch.firstSeq + batch.commands.length - 1;
      const ownEvents: EngineEvent[] = [];
      for (let seq = batch.firstSeq; seq <= last; seq++) {
        expect(acked[seq - 1]!.timeMs).toBe(batch.timeMs);
        expect(batch.commands[seq - batch.firstSeq]).toBe(ALL[seq - 1]);
        ownEvents.push(...acked[seq - 1]!.events);
      }
      expect(batch.events).toEqual(ownEvents);
      expectedFirst = last + 1;
    }
    expect(expectedFirst).toBe(ALL.length + 1);
    expect(heardTwice).toEqual([]);
    await sequencer.stop();
    expect(journal.verify()).toMatchObject({ commands: ALL.length, firstSeq: 1, lastSeq: ALL.length });
  });

  it.each(['commit', 'flush'] as const)("tells onSendersHeard once a turn's every sender has heard, before the turn's listeners (%s durability)", async (durability) => {
    const journal = openJournal(durability);
    const sequencer = start(journal, { maxBatchCommands: 50 });
    const heardOrder: string[] = [];
    sequencer.onRelease((batch) => heardOrder.push(`listener ${batch.firstSeq}-${batch.firstSeq + batch.commands.length - 1}`));
    sequencer.onSendersHeard(() => heardOrder.push('heard'));
    const acks: number[] = [];
    for (const cmd of ALL.slice(0, 120)) {
      sequencer.enqueueFrom(cmd, {
        acked: (seq) => {
          acks.push(seq);
          heardOrder.push(`ack ${seq}`);
        },
        refused: (error) => heardOrder.push(`refused ${error.message}`),
      });
    }
    await sequencer.stop();
    expect(acks).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    // Each turn: its acks, then 'heard' once, then the listener (registered first, yet after 'heard').
    const expected: string[] = [];
    for (let first = 1; first <= 120; first += 50) {
      const last = Math.min(first + 49, 120);
      for (let seq = first; seq <= last; seq++) expected.push(`ack ${seq}`);
      expected.push('heard', `listener ${first}-${last}`);
    }
    expect(heardOrder).toEqual(expected);
  });

  it('group-commits: 10,000 commands submitted at once make a handful of records', async () => {
    const journal = openJournal();
    const sequencer = start(journal);
    const commands = ALL.slice(0, 10_000);
    const results = await Promise.all(commands.map((cmd) => sequencer.submit(cmd)));
    expect(results.map((r) => r.seq)).toEqual(commands.map((_, i) => i + 1));
    await sequencer.stop();
    const stats = journal.verify();
    expect(stats).toMatchObject({ commands: 10_000, firstSeq: 1, lastSeq: 10_000 });
    expect(stats.records).toBeGreaterThanOrEqual(Math.ceil(10_000 / sequencer['options'].maxBatchCommands));
    expect(stats.records).toBeLessThanOrEqual(10_000 / 100);
  });

  it('refuses a command with SequencerBusyError when the queue is full, queuing nothing for it', async () => {
    const journal = openJournal();
    const sequencer = start(journal, { maxQueuedCommands: 5 });
    const accepted = ALL.slice(0, 5).map((cmd) => sequencer.submit(cmd));
    expect(sequencer.queuedCommands).toBe(5);

    await expect(sequencer.submit(ALL[5]!)).rejects.toBeInstanceOf(SequencerBusyError);
    expect(() => sequencer.enqueue(ALL[5]!)).toThrow(SequencerBusyError);
    let refusal: Error | undefined;
    let acked = false;
    sequencer.enqueue(
      ALL[5]!,
      () => (acked = true),
      (error) => (refusal = error),
    );
    expect(refusal).toBeInstanceOf(SequencerBusyError);
    expect((refusal as SequencerBusyError).queued).toBe(5);
    expect(sequencer.queuedCommands).toBe(5);
    // A sender hears the refusal synchronously, before enqueueFrom returns.
    let senderRefusal: Error | undefined;
    sequencer.enqueueFrom(ALL[5]!, { acked: () => (acked = true), refused: (error) => (senderRefusal = error) });
    expect(senderRefusal).toBeInstanceOf(SequencerBusyError);
    expect(sequencer.queuedCommands).toBe(5);

    expect((await Promise.all(accepted)).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    await sequencer.drain();
    expect(acked).toBe(false);
    expect(journal.lastSeq()).toBe(5);
    expect(journaled(journal).map((j) => j.cmd)).toEqual(ALL.slice(0, 5));

    // Once the queue has room again, the refused command goes through (as seq 6).
    expect((await sequencer.submit(ALL[5]!)).seq).toBe(6);
    await sequencer.stop();
  });

  it('refuses a read as it refuses a command when the queue is full: a read takes a place in it (an attacker queued 2 million)', async () => {
    const journal = openJournal();
    const sequencer = start(journal, { maxQueuedCommands: 3 });
    const accepted = ALL.slice(0, 2).map((cmd) => sequencer.submit(cmd));
    const first = sequencer.released((engine) => engine.lastSeq);
    expect(sequencer.queuedCommands).toBe(3);
    await expect(sequencer.released((engine) => engine.lastSeq)).rejects.toBeInstanceOf(SequencerBusyError);
    expect(() => sequencer.read(() => 0, () => undefined)).toThrow(SequencerBusyError);
    expect(sequencer.queuedCommands).toBe(3);
    await expect(first).resolves.toBe(2);
    await Promise.all(accepted);
    await expect(sequencer.released((engine) => engine.lastSeq)).resolves.toBe(2);
    await sequencer.stop();
  });

  it('while the disk is low takes only what takes risk away, and nothing below the minimum: a refused command is not journaled, snapshots wait, and all is taken again once space is back', async () => {
    const journal = openJournal();
    const sequencer = start(journal);
    await Promise.all(WORKLOAD.setup.map((cmd) => sequencer.submit(cmd)));
    const order = WORKLOAD.ops.find((c) => c.kind === CommandKind.NEW_ORDER)!;
    const cancel = WORKLOAD.ops.find((c) => c.kind === CommandKind.CANCEL_ORDER)!;
    const system: Command = { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: '' };
    const snapshots = journal.snapshotSeqs();

    sequencer.setDiskRefusal({ freeBytes: 100 * 2 ** 20, limitBytes: 256 * 2 ** 20, cancelsOnly: true });
    let seq = journal.lastSeq();
    const refused = await sequencer.submit(order).then(() => undefined, (error: unknown) => error);
    expect(refused).toBeInstanceOf(DiskLowError);
    expect((refused as Error).message).toBe('the disk under the journal has 100 MiB free, under 256 MiB: only cancels are taken; nothing was done, retry once space is freed');
    expect(journal.lastSeq()).toBe(seq);
    expect((await sequencer.submit(cancel)).seq).toBe(++seq);
    expect((await sequencer.submit(system)).seq).toBe(++seq);
    await sequencer.snapshot();
    expect(journal.snapshotSeqs()).toEqual(snapshots);

    sequencer.setDiskRefusal({ freeBytes: 10 * 2 ** 20, limitBytes: 64 * 2 ** 20, cancelsOnly: false });
    for (const cmd of [order, cancel, system]) await expect(sequencer.submit(cmd)).rejects.toThrow('no command is taken');
    expect(journal.lastSeq()).toBe(seq);

    sequencer.setDiskRefusal(undefined);
    expect((await sequencer.submit(order)).seq).toBe(seq + 1);
    await sequencer.snapshot();
    expect(journal.snapshotSeqs()).toEqual([...snapshots, seq + 1]);
    await sequencer.stop();
  });

  it('counts as taking risk away: cancels, mass cancels, kill switches, a mass quote with no levels (a pull), and every system command', () => {
    const empty = { priceMicros: [], qty: [] };
    const ladder = { priceMicros: [1_000_000], qty: [1] };
    const taken = (cmd: Command): boolean => takesRiskAway(cmd);
    expect(taken(WORKLOAD.ops.find((c) => c.kind === CommandKind.CANCEL_ORDER)!)).toBe(true);
    expect(taken({ kind: CommandKind.MASS_QUOTE, actor: 1, seriesId: 1, bids: empty, asks: empty, referencePriceMicros: 0 })).toBe(true);
    expect(taken({ kind: CommandKind.MASS_QUOTE, actor: 1, seriesId: 1, bids: ladder, asks: empty, referencePriceMicros: 0 })).toBe(false);
    expect(taken(WORKLOAD.ops.find((c) => c.kind === CommandKind.NEW_ORDER)!)).toBe(false);
    expect(taken({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: '' })).toBe(true);
  });

  it('snapshots by count; snapshot + tail recovers the same state as a replay from scratch and as the live engine', async () => {
    const journal = openJournal();
    const sequencer = start(journal, { maxBatchCommands: 256, snapshotEveryCommands: 1_000 });
    const saved: number[] = [];
    const saveSnapshot = journal.saveSnapshot.bind(journal);
    journal.saveSnapshot = (snapshot) => {
      saved.push(snapshot.seq);
      return saveSnapshot(snapshot);
    };
    // Each snapshot reports how long it held the thread (the gateway's patx_snapshot_pause_seconds).
    const pauses: number[] = [];
    sequencer.onSnapshotPause((ms) => pauses.push(ms));
    await Promise.all(ALL.slice(0, 12_000).map((cmd) => sequencer.submit(cmd)));
    await sequencer.drain();
    expect(pauses.length).toBe(saved.length);
    for (const ms of pauses) expect(ms).toBeGreaterThan(0);
    // By count only (snapshotEveryMs is 0): the first after the turn that reached 1,000 commands (4 full turns of 256),
    // then at least 1,000 apart (a count reached while one is being written waits for it).
    expect(saved[0]).toBe(1_024);
    for (let i = 1; i < saved.length; i++) expect(saved[i]! - saved[i - 1]!).toBeGreaterThanOrEqual(1_000);
    // Pin the last snapshot at seq 12,000 (the second call starts a new one once any in flight is done),
    // then leave a tail shorter than the interval, so recovery has commands to replay after it.
    await sequencer.snapshot();
    await sequencer.snapshot();
    await Promise.all(ALL.slice(12_000, 12_500).map((cmd) => sequencer.submit(cmd)));
    await sequencer.stop();
    const liveHash = sequencer.stateHash();

    const seqs = journal.snapshotSeqs();
    expect(seqs).toEqual([...new Set(saved)].slice(-3)); // pruned to snapshotsToKeep, oldest first
    const latest = journal.latestSnapshot()!;
    expect(latest.seq).toBe(12_000);

    const fromSnapshot = recover(journal);
    const fromScratch = recover(journal, {}, true);
    expect(fromSnapshot.snapshotSeq).toBe(latest.seq);
    expect(fromSnapshot.replayedCommands).toBe(12_500 - latest.seq);
    expect(fromScratch.snapshotSeq).toBe(0);
    expect(fromScratch.replayedCommands).toBe(12_500);
    expect(fromSnapshot.stateHash).toBe(fromScratch.stateHash);
    expect(fromSnapshot.stateHash).toBe(liveHash);

    // Every stored snapshot is the state of its seq: replaying to it from scratch gives its hash.
    for (const seq of seqs) {
      const snapshot = journal.readSnapshot(seq)!;
      const reference = new EmbeddedEngine();
      for (const j of journaled(journal)) {
        if (j.seq > seq) break;
        reference.submit(j.cmd, j.timeMs);
      }
      expect(stateHash(reference.engine), `snapshot at seq ${seq}`).toBe(snapshot.stateHash);
    }
  });

  it('stop() drains: every queued command is acked, and a reopened journal recovers to the same seq and hash', async () => {
    const journal = openJournal();
    const sequencer = start(journal, { maxBatchCommands: 700, maxUncommittedCommands: 1_500, snapshotEveryCommands: 2_500 });
    let acks = 0;
    const failures: Error[] = [];
    for (const cmd of ALL.slice(0, 8_000)) {
      sequencer.enqueue(
        cmd,
        () => acks++,
        (error) => failures.push(error),
      );
    }
    await sequencer.stop();
    expect(failures).toEqual([]);
    expect(acks).toBe(8_000);
    expect(sequencer.stopped).toBe(true);
    await expect(sequencer.submit(ALL[8_000]!)).rejects.toBeInstanceOf(SequencerStoppedError);
    const liveHash = sequencer.stateHash();
    expect(sequencer.engine.lastSeq).toBe(8_000);
    await journal.close();

    const reopened = openJournal();
    const recovered = recover(reopened);
    expect(recovered.engine.lastSeq).toBe(8_000);
    expect(recovered.snapshotSeq).toBeGreaterThan(0);
    expect(recovered.stateHash).toBe(liveHash);
    expect(recover(reopened, {}, true).stateHash).toBe(liveHash);

    // The service continues from there.
    const next = new Sequencer(recovered.engine, reopened, workloadClock(), { snapshotEveryMs: 0 });
    expect((await next.submit(ALL[8_000]!)).seq).toBe(8_001);
    await next.stop();
  });

  it("works end to end in 'flush' durability mode", async () => {
    const journal = openJournal('flush');
    const sequencer = start(journal, { maxBatchCommands: 1_000, snapshotEveryCommands: 3_000 });
    const commands = ALL.slice(0, 6_000);
    const results = await Promise.all(commands.map((cmd) => sequencer.submit(cmd)));
    expect(results.map((r) => r.seq)).toEqual(commands.map((_, i) => i + 1));
    await sequencer.stop();
    const liveHash = sequencer.stateHash();
    expect(journal.snapshotSeqs().length).toBeGreaterThan(0);
    await journal.close();

    const reopened = openJournal('flush');
    expect(reopened.verify()).toMatchObject({ commands: 6_000, lastSeq: 6_000 });
    expect(journaled(reopened).map((j) => j.cmd)).toEqual(commands);
    expect(recover(reopened).stateHash).toBe(liveHash);
    expect(recover(reopened, {}, true).stateHash).toBe(liveHash);
  });

  it.each(['submit', 'enqueueFrom'] as const)('stops on an engine invariant failure: the failing turn is not journaled and pending submitters get SequencerStoppedError (%s)', async (route: Route) => {
    const journal = openJournal();
    const fatal: unknown[] = [];
    const sequencer = start(journal, { maxBatchCommands: 10 }, (error) => fatal.push(error));
    const broken = new Error('invariant broke at seq 25');
    const engine = sequencer.engine;
    const apply = engine.apply.bind(engine);
    engine.apply = (cmd, seq, timeMs, out) => {
      if (seq === 25) {
        engine.apply = apply; // once
        throw broken;
      }
      apply(cmd, seq, timeMs, out);
    };

    const results = ALL.slice(0, 35).map((cmd) => ROUTES[route](sequencer, cmd));
    const settled = await settleWithin(results, 5_000);
    // Turns 1..10 and 11..20 were journaled before the failure: they are acked.
    for (let i = 0; i < 20; i++) expect(settled[i]).toMatchObject({ status: 'fulfilled', value: { seq: i + 1 } });
    // The failing turn (21..30) and everything queued behind it are refused.
    for (let i = 20; i < 35; i++) {
      const outcome = settled[i]!;
      expect(outcome.status).toBe('rejected');
      const reason = (outcome as PromiseRejectedResult).reason as SequencerStoppedError;
      expect(reason).toBeInstanceOf(SequencerStoppedError);
      expect(reason.cause).toBe(broken);
    }
    expect(fatal).toEqual([broken]);
    expect(sequencer.stopped).toBe(true);
    expect(heardTwice).toEqual([]);
    await expect(ROUTES[route](sequencer, ALL[35]!)).rejects.toBeInstanceOf(SequencerStoppedError);
    await expect(sequencer.drain()).rejects.toBeInstanceOf(SequencerStoppedError);

    expect(journal.lastSeq()).toBe(20);
    await journal.close();
    const reopened = openJournal('commit', true);
    expect(reopened.verify()).toMatchObject({ commands: 20, lastSeq: 20 });
    expect(journaled(reopened).map((j) => j.cmd)).toEqual(ALL.slice(0, 20));
  });

  it.each([
    ['commit', 'submit'],
    ['commit', 'enqueueFrom'],
    ['flush', 'submit'],
    ['flush', 'enqueueFrom'],
  ] as const)('stops on a journal write failure: no command of the failed record or after it is acked, none is left hanging (%s, %s)', async (durability, route: Route) => {
    const journal = openJournal(durability);
    const fatal: unknown[] = [];
    const sequencer = start(journal, { maxBatchCommands: 10 }, (error) => fatal.push(error));
    const diskFull = new Error('MDB_MAP_FULL (simulated)');
    if (durability === 'commit') {
      // LMDB refuses the second record's write (the path appendCommitted takes).
      refuseCommitWrites(journal, diskFull, (call) => call === 2);
    } else {
      let calls = 0;
      const append = journal.append.bind(journal);
      journal.append = (batch: JournalBatch): Promise<void> => {
        const appended = append(batch);
        if (++calls !== 2) return appended;
        return appended.then(() => Promise.reject(diskFull));
      };
    }

    const results = ALL.slice(0, 45).map((cmd) => ROUTES[route](sequencer, cmd));
    const settled = await settleWithin(results, 5_000);
    for (let i = 0; i < 10; i++) expect(settled[i]).toMatchObject({ status: 'fulfilled', value: { seq: i + 1 } });
    for (let i = 10; i < 45; i++) {
      const outcome = settled[i]!;
      expect(outcome.status, `command ${i + 1}`).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(SequencerStoppedError);
    }
    expect(fatal).toEqual([diskFull]);
    expect(sequencer.stopped).toBe(true);
    expect(heardTwice).toEqual([]);
    await expect(sequencer.drain()).rejects.toBeInstanceOf(SequencerStoppedError);
  });

  it('stops when the journal refuses a turn synchronously (a command it cannot encode), failing that turn and the queue', async () => {
    const journal = openJournal();
    const fatal: unknown[] = [];
    const sequencer = start(journal, { maxBatchCommands: 10 }, (error) => fatal.push(error));
    const commands = ALL.slice(0, 25);
    // A deposit ref with a lone surrogate cannot round-trip through UTF-8: the journal refuses to encode it. The
    // sequencer refuses such a command before queuing it (the test below), so this one is made unwritable once queued.
    const deposit: Command & { ref: string } = { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: 1, amountWei: 1n, ref: 'bad' };
    commands[14] = deposit;
    const submitted = commands.map((cmd) => sequencer.submit(cmd));
    deposit.ref = 'bad-\ud800';
    const settled = await settleWithin(submitted, 5_000);
    for (let i = 0; i < 10; i++) expect(settled[i]).toMatchObject({ status: 'fulfilled', value: { seq: i + 1 } });
    for (let i = 10; i < 25; i++) {
      expect(settled[i]!.status, `command ${i + 1}`).toBe('rejected');
      expect((settled[i] as PromiseRejectedResult).reason).toBeInstanceOf(SequencerStoppedError);
    }
    expect(fatal).toHaveLength(1);
    expect(journal.lastSeq()).toBe(10);
    expect(journal.verify()).toMatchObject({ commands: 10, lastSeq: 10 });
  });
  it('refuses a command the journal could not write before queuing it (a lone surrogate, an amount past 32 bytes): nothing of it is journaled and the commands around it are', async () => {
    const journal = openJournal();
    const fatal: unknown[] = [];
    const sequencer = start(journal, { maxBatchCommands: 10 }, (error) => fatal.push(error));
    const before = ALL.slice(0, 5).map((cmd) => sequencer.submit(cmd));
    const unwritable: Command[] = [
      { kind: CommandKind.CREATE_ORGANISATION, actor: 1, name: '\ud800' },
      { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: 1, amountWei: 2n ** 256n, ref: 'too-much' },
      { kind: CommandKind.SET_PARAM, actor: SYSTEM_ACTOR, name: 'x'.repeat(70_000), value: 1 },
      // A field of the wrong type (no client's shape, but the journal could not write it either).
      { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: 1, amountWei: 5 as unknown as bigint, ref: 'not-a-bigint' },
    ];
    for (const cmd of unwritable) await expect(sequencer.submit(cmd)).rejects.toBeInstanceOf(UnwritableCommandError);
    let heard: Error | undefined;
    sequencer.enqueueFrom(unwritable[0]!, { acked: () => undefined, refused: (error) => (heard = error) });
    expect(heard).toBeInstanceOf(UnwritableCommandError);
    expect(heard!.message).toContain('lone UTF-16 surrogate');
    // A name whose surrogates pair up is text, and is taken.
    const paired = sequencer.submit({ kind: CommandKind.CREATE_ORGANISATION, actor: 1, name: 'Acme \ud83d\ude00' });
    const after = ALL.slice(5, 10).map((cmd) => sequencer.submit(cmd));
    expect((await Promise.all([...before, paired, ...after])).map((r) => r.seq)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    expect(fatal).toEqual([]);
    expect(sequencer.stopped).toBe(false);
    expect(journal.lastSeq()).toBe(11);
    expect(journaled(journal).map((j) => j.cmd)).toEqual([...ALL.slice(0, 5), { kind: CommandKind.CREATE_ORGANISATION, actor: 1, name: 'Acme \ud83d\ude00' }, ...ALL.slice(5, 10)]);
  });

  it('fails only the read whose capture throws: the commands around it are journaled and the engine goes on', async () => {
    const journal = openJournal();
    const fatal: unknown[] = [];
    const sequencer = start(journal, { maxBatchCommands: 100 }, (error) => fatal.push(error));
    const before = ALL.slice(0, 10).map((cmd) => sequencer.submit(cmd));
    const broken = sequencer.released((): number => {
      throw new TypeError('a view read a field of nothing');
    });
    const after = ALL.slice(10, 20).map((cmd) => sequencer.submit(cmd));
    const seen = sequencer.released((engine) => engine.lastSeq);
    await expect(broken).rejects.toThrow('a view read a field of nothing');
    await expect(broken).rejects.not.toBeInstanceOf(SequencerStoppedError);
    expect((await Promise.all([...before, ...after])).map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await seen).toBe(20);
    expect(fatal).toEqual([]);
    expect(journal.lastSeq()).toBe(20);
  });
});
