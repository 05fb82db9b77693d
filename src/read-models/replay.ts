/**
 * Re-derives engine events from the journal, for every reader of it that keeps its own
 * progress: the read models at open (journal-following.ts), the settler after a restart (the
 * events after the last batch it cut were released before the crash and live nowhere else).
 * The journal holds commands, so the events come from applying them again to a scratch engine
 * rebuilt as of a seq: the newest snapshot at or before it (or the empty state) plus the
 * journal up to it. Deterministic replay makes these exactly the events that were released.
 */
import { SettlementInputError } from './settlement-input-error.js';
import { decodeState, Engine, newestSoundSnapshot, replayJournal, type Command, type EngineEvent, type EngineLimits, type Journal, type Sequencer } from '../engine/index.js';

export interface ReplayedTurn {
  firstSeq: number;
  /** The last seq of the journal record. */
  lastSeq: number;
  /** The sequencer's time of the turn. */
  timeMs: number;
  commands: readonly Command[];
  events: EngineEvent[];
}

/**
 * An engine holding the state as of `seq` (which must be journaled). A damaged snapshot is
 * passed over for an older one, as the service's recovery does (it logs them): the journal
 * replayed from there gives the same state.
 */
export function engineAt(journal: Journal, seq: number, limits: Partial<EngineLimits> = {}): Engine {
  const { snapshot } = newestSoundSnapshot(journal, seq);
  const engine = snapshot === undefined ? new Engine(limits) : decodeState(snapshot.bytes, limits);
  replayJournal(engine, journal, seq);
  if (engine.lastSeq !== seq) throw new SettlementInputError(`the journal does not reach seq ${seq} (it stops at ${engine.lastSeq})`);
  return engine;
}

/**
 * Feeds `onTurn` every turn after `afterSeq`: first the journaled ones (replayed),
 * then each released turn as it comes. Synchronous from the replay to the
 * subscription, so no turn is missed between them; a turn both replayed and then
 * released (journaled but not yet released when the replay read it) comes twice,
 * so `onTurn` skips what it has seen by `lastSeq`.
 */
export function followTurns(journal: Journal, sequencer: Sequencer, afterSeq: number, limits: Partial<EngineLimits>, onTurn: (turn: ReplayedTurn) => void): void {
  if (journal.lastSeq() > afterSeq) for (const turn of replayEventsAfter(journal, afterSeq, limits)) onTurn(turn);
  sequencer.onRelease((b) => onTurn({ firstSeq: b.firstSeq, lastSeq: b.firstSeq + b.commands.length - 1, timeMs: b.timeMs, commands: b.commands, events: b.events as EngineEvent[] }));
}

/** The events of every journaled command after `afterSeq`, record by record. */
export function* replayEventsAfter(journal: Journal, afterSeq: number, limits: Partial<EngineLimits> = {}): IterableIterator<ReplayedTurn> {
  const engine = engineAt(journal, afterSeq, limits);
  for (const record of journal.read(afterSeq + 1)) {
    const events: EngineEvent[] = [];
    for (let i = 0; i < record.commands.length; i++) {
      const seq = record.firstSeq + i;
      if (seq <= engine.lastSeq) continue;
      engine.apply(record.commands[i]!, seq, record.timeMs, events);
    }
    yield { firstSeq: record.firstSeq, lastSeq: record.firstSeq + record.commands.length - 1, timeMs: record.timeMs, commands: record.commands, events };
  }
}
