/**
 * Recovery: the latest snapshot, then the journal tail after it. The snapshot's
 * state hash is checked when it is loaded; a damaged journal or snapshot stops
 * recovery with an error that says where, rather than guessing.
 */
import { Engine, type EngineLimits } from '../engine.js';
import { EventLog } from '../core/event-log.js';
import type { Journal } from './journal.js';
import { decodeState, hashStateBytes, snapshotFormatVersion, stateHash, stateHashAtFormat } from './state-codec.js';

export interface Recovered {
  engine: Engine;
  /** Seq of the snapshot recovery started from (0 = from an empty state). */
  snapshotSeq: number;
  replayedCommands: number;
  stateHash: string;
}

export class RecoveryError extends Error {
  override readonly name = 'RecoveryError';
}

/**
 * Replays the journal after `engine.lastSeq` into `engine`, its events dropped (nothing reads
 * them, so the order path does not make them: `Engine.withoutEvents`); returns the number of
 * commands applied.
 */
export function replayJournal(engine: Engine, journal: Journal, toSeq = Infinity): number {
  return engine.withoutEvents(() => {
    // The events still made (the rarer kinds, kept as objects in the log) are dropped ~1,024 at a time.
    const scratch = new EventLog();
    let applied = 0;
    for (const batch of journal.read(engine.lastSeq + 1)) {
      for (let i = 0; i < batch.commands.length; i++) {
        const seq = batch.firstSeq + i;
        if (seq <= engine.lastSeq) continue;
        if (seq > toSeq) return applied;
        engine.applyToLog(batch.commands[i]!, seq, batch.timeMs, scratch);
        if (scratch.count >= 1024) scratch.clear();
        applied++;
      }
    }
    return applied;
  });
}

/** Rebuilds the engine from `journal`: latest snapshot (unless `fromScratch`) plus the tail. */
export function recover(journal: Journal, limits: Partial<EngineLimits> = {}, fromScratch = false): Recovered {
  const snapshot = fromScratch ? undefined : journal.latestSnapshot();
  let engine: Engine;
  if (snapshot === undefined) {
    engine = new Engine(limits);
  } else {
    engine = decodeState(snapshot.bytes, limits);
    // A snapshot recorded the hash of its own format's encoding: the decoded state, encoded again in that format, must give it.
    const format = snapshotFormatVersion(snapshot.bytes);
    const hash = format === 1 ? hashStateBytes(snapshot.bytes) : stateHashAtFormat(engine, format);
    if (hash !== snapshot.stateHash) {
      throw new RecoveryError(`snapshot at seq ${snapshot.seq} decodes to state hash ${hash}, but it recorded ${snapshot.stateHash}`);
    }
    if (engine.lastSeq !== snapshot.seq) throw new RecoveryError(`snapshot at seq ${snapshot.seq} holds the state of seq ${engine.lastSeq}`);
  }
  const replayedCommands = replayJournal(engine, journal);
  if (engine.lastSeq !== journal.lastSeq()) {
    throw new RecoveryError(`journal ends at seq ${journal.lastSeq()} but replay stopped at ${engine.lastSeq}`);
  }
  return { engine, snapshotSeq: snapshot?.seq ?? 0, replayedCommands, stateHash: stateHash(engine) };
}
