/**
 * Recovery: the latest snapshot, then the journal tail after it. The snapshot's
 * state hash is checked when it is loaded; a damaged journal stops recovery with an
 * error that says where, rather than guessing. A snapshot failing its own checks
 * (checksum, header) is refused too, unless the caller lets it be passed over
 * (`onDamagedSnapshot: 'fall-back'`): the journal holds every command from seq 1, so the
 * older snapshot (or the empty state) plus more of the journal is the same state.
 */
import { Engine, type EngineLimits } from '../engine.js';
import { EventLog } from '../core/event-log.js';
import { CommandKind, type Command } from '../core/commands.js';
import { CURRENT_RULES } from '../products/rules.js';
import { SnapshotCorruptError, type Journal, type StoredSnapshot } from './journal.js';
import { decodeState, hashStateBytes, snapshotFormatVersion, stateHash, stateHashAtFormat } from './state-codec.js';

export interface Recovered {
  engine: Engine;
  /** Seq of the snapshot recovery started from (0 = from an empty state). */
  snapshotSeq: number;
  replayedCommands: number;
  stateHash: string;
  /** Newer snapshots passed over because they failed their checks (only with `onDamagedSnapshot: 'fall-back'`), newest first. */
  damagedSnapshots: DamagedSnapshot[];
}

/** A stored snapshot that failed its checksum or header checks. */
export interface DamagedSnapshot {
  seq: number;
  reason: string;
}

/** What recovery does with a newest snapshot that fails its checks: stop (tools that report damage) or use an older one. */
export type DamagedSnapshotPolicy = 'refuse' | 'fall-back';

/**
 * The newest snapshot at or before `atOrBefore` that passes its checks, and the newer ones
 * that did not (newest first). Only damage the snapshot's own checks find is passed over: a
 * snapshot that checks out but decodes to another state hash is a fault of the code, not of
 * the disk, and recovery still stops on it.
 */
export function newestSoundSnapshot(journal: Journal, atOrBefore = Infinity): { snapshot: StoredSnapshot | undefined; damaged: DamagedSnapshot[] } {
  const damaged: DamagedSnapshot[] = [];
  const seqs = journal.snapshotSeqs().filter((seq) => seq <= atOrBefore);
  for (let i = seqs.length - 1; i >= 0; i--) {
    const seq = seqs[i]!;
    try {
      const snapshot = journal.readSnapshot(seq);
      if (snapshot !== undefined) return { snapshot, damaged };
    } catch (error) {
      if (!(error instanceof SnapshotCorruptError)) throw error;
      damaged.push({ seq, reason: error.reason });
    }
  }
  return { snapshot: undefined, damaged };
}

export class RecoveryError extends Error {
  override readonly name = 'RecoveryError';
}

/** The rules version `cmd` adopts when it is above this code's CURRENT_RULES (a newer PATX wrote it), else undefined. */
export function newerRulesAdopted(cmd: Command): number | undefined {
  return cmd.kind === CommandKind.ADOPT_RULES && cmd.version > CURRENT_RULES ? cmd.version : undefined;
}

/**
 * Only a start journals ADOPT_RULES, and always of its own code's CURRENT_RULES (src/app/components/first-turns.ts),
 * so one naming a version above this code's was written by a newer PATX. Replayed here it would be refused
 * (UNKNOWN_RULES) and every command after it run under older rules than it ran under: a silent fork. Refused instead.
 */
function refuseNewerRules(cmd: Command, seq: number): void {
  const version = newerRulesAdopted(cmd);
  if (version === undefined) return;
  throw new RecoveryError(
    `the journal adopts engine rules version ${version} at seq ${seq}; this code knows 0 to ${CURRENT_RULES}: a newer PATX wrote this data directory (run that version, or restore the backup taken before the upgrade)`,
  );
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
        refuseNewerRules(batch.commands[i]!, seq);
        engine.applyToLog(batch.commands[i]!, seq, batch.timeMs, scratch);
        if (scratch.count >= 1024) scratch.clear();
        applied++;
      }
    }
    return applied;
  });
}

/** Rebuilds the engine from `journal`: latest snapshot (unless `fromScratch`) plus the tail. */
export function recover(journal: Journal, limits: Partial<EngineLimits> = {}, fromScratch = false, onDamagedSnapshot: DamagedSnapshotPolicy = 'refuse'): Recovered {
  const { snapshot, damaged } = fromScratch ? { snapshot: undefined, damaged: [] } : onDamagedSnapshot === 'fall-back' ? newestSoundSnapshot(journal) : { snapshot: journal.latestSnapshot(), damaged: [] };
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
  return { engine, snapshotSeq: snapshot?.seq ?? 0, replayedCommands, stateHash: stateHash(engine), damagedSnapshots: damaged };
}
