/**
 * The sequencer: the engine's single writer, journaling through the replicated journal when
 * this node leads a group. A node deposed (lease lost, fenced by a newer leader) halts it.
 */
import { Sequencer, type Engine, type Journal } from '../../engine/index.js';
import type { ReplicationNode } from '../../replication/index.js';
import type { JournalModels } from '../../read-models/journal-following.js';
import type { Logger } from '../../runtime/log.js';
import type { Config } from '../config.js';

export interface RunningSequencer {
  readonly sequencer: Sequencer;
  /** Why the sequencer stopped on its own (an append failed), once it has. */
  fatal(): unknown;
  /** Resolves with the reason once this node stops leading its group; never without replication. */
  readonly deposed: Promise<string>;
  deposedReason(): string | undefined;
  /** Journals what is queued and takes a snapshot (nothing when it stopped on its own). */
  close(): Promise<void>;
}

export interface SequencerDeps {
  config: Config;
  logger: Logger;
  log: Logger;
  engine: Engine;
  journal: Journal;
  replication: ReplicationNode | undefined;
  readModels: JournalModels;
  clock: () => number;
}

export function startSequencer({ config, logger, log, engine, journal, replication, readModels, clock }: SequencerDeps): RunningSequencer {
  let fatal: unknown;
  const sequencer = new Sequencer(engine, replication?.journal ?? journal, clock, config.sequencer, (error) => {
    fatal = error;
    log.fatal({ err: error }, 'sequencer stopped: the state is no longer journaled; restart to recover');
  });
  // Before the first submit: the read models hear every released turn from here (bootstrap included).
  readModels.follow(sequencer);
  let markDeposed: (reason: string) => void = () => undefined;
  let deposedReason: string | undefined;
  const deposed = new Promise<string>((resolve) => (markDeposed = resolve));
  replication?.onDeposed((reason) => {
    log.fatal({ alarm: 'deposed', reason }, 'this node no longer leads: no command is journaled or acknowledged here any more');
    sequencer.halt(new Error(`deposed: ${reason}`));
    deposedReason = reason;
    markDeposed(reason);
  });
  const seqLog = logger.child({ module: 'sequencer' });
  sequencer.onRelease((batch) => seqLog.debug({ firstSeq: batch.firstSeq, commands: batch.commands.length, events: batch.events.length }, 'released'));
  return {
    sequencer,
    fatal: () => fatal,
    deposed,
    deposedReason: () => deposedReason,
    async close() {
      if (fatal !== undefined) return;
      await sequencer.stop();
      await sequencer.snapshot();
    },
  };
}
