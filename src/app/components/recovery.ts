/** The engine recovered from the journal (its snapshot, then the commands after it). */
import path from 'node:path';
import { Journal, recover, type Engine } from '../../engine/index.js';
import type { AlarmBoard } from '../../operator/index.js';
import { ReplicationNode, type SetAsideTail } from '../../replication/index.js';
import type { Logger } from '../../runtime/log.js';
import type { Config } from '../config.js';

/**
 * Recovers the engine; a replicated node first drops (quorum acks) or sets aside (local acks)
 * the journal's tail the stream never received: `setAside` says what was set aside, for the alarm.
 */
export async function recoverEngine(config: Config, journal: Journal, logger: Logger, log: Logger): Promise<{ engine: Engine; setAside: SetAsideTail | undefined }> {
  const setAside = config.replication.enabled ? await ReplicationNode.dropUnreplicatedTail(config.replication, journal, logger.child({ module: 'replication' }), config.dataDir) : undefined;
  // A damaged snapshot is only a lost shortcut: the journal from seq 1 rebuilds the same state, so the start goes on.
  const recovered = recover(journal, {}, false, 'fall-back');
  const { engine } = recovered;
  for (const damaged of recovered.damagedSnapshots) {
    log.error(
      { dataDir: config.dataDir, snapshotSeq: damaged.seq, reason: damaged.reason },
      'snapshot damaged, not used: the state was rebuilt from an older snapshot (or none) and the journal, which holds every command; check the disk under the data directory',
    );
  }
  log.info(
    { dataDir: config.dataDir, seq: engine.lastSeq, snapshotSeq: recovered.snapshotSeq, replayed: recovered.replayedCommands, stateHash: recovered.stateHash },
    'recovered',
  );
  return { engine, setAside };
}

/** The alarm for a tail set aside at this start: kept active across restarts until an operator clears it (docs/alarms.md). */
export function raiseTailSetAside(alarms: AlarmBoard, tail: SetAsideTail | undefined): void {
  if (tail === undefined) return;
  const by = tail.takenOverBy === undefined ? '' : ` (${tail.takenOverBy.node} took over at epoch ${tail.takenOverBy.epoch})`;
  alarms.raise('replication-tail-set-aside', {
    subject: path.basename(tail.file),
    summary: `${tail.commands} commands at seqs ${tail.fromSeq}–${tail.toSeq} were acknowledged here and never replicated${by}: set aside in ${tail.file}, not in the exchange's state`,
    details: { fromSeq: tail.fromSeq, toSeq: tail.toSeq, commands: tail.commands, file: tail.file, takenOverBy: tail.takenOverBy?.node ?? null, takenOverAtEpoch: tail.takenOverBy?.epoch ?? null },
  });
}
