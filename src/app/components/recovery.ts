/** The engine recovered from the journal (its snapshot, then the commands after it). */
import { Journal, recover, type Engine } from '../../engine/index.js';
import { ReplicationNode } from '../../replication/index.js';
import type { Logger } from '../../runtime/log.js';
import type { Config } from '../config.js';

export async function recoverEngine(config: Config, journal: Journal, logger: Logger, log: Logger): Promise<Engine> {
  if (config.replication.enabled) await ReplicationNode.dropUnreplicatedTail(config.replication, journal, logger.child({ module: 'replication' }));
  const recovered = recover(journal);
  const { engine } = recovered;
  log.info(
    { dataDir: config.dataDir, seq: engine.lastSeq, snapshotSeq: recovered.snapshotSeq, replayed: recovered.replayedCommands, stateHash: recovered.stateHash },
    'recovered',
  );
  return engine;
}
