/** The data dir's free space, watched: below its floor the sequencer refuses what would grow the journal. */
import type { Sequencer } from '../../engine/index.js';
import type { Logger } from '../../runtime/log.js';
import type { Config } from '../config.js';
import { DataDirSpace } from '../data-dir-space.js';

export function watchDiskSpace(config: Config, sequencer: Sequencer, logger: Logger): { space: DataDirSpace; close(): void } {
  const space = new DataDirSpace({ dir: config.dataDir, ...config.disk, onRefusal: (refusal) => sequencer.setDiskRefusal(refusal), log: logger.child({ module: 'disk' }) });
  space.start();
  return { space, close: () => space.stop() };
}
