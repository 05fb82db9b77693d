/**
 * The data directory, first of all: its permissions tightened, locked against a second
 * process, and its journal opened.
 */
import { Journal } from '../../engine/index.js';
import type { Logger } from '../../runtime/log.js';
import type { Config } from '../config.js';
import { DataDirLock } from '../data-dir-lock.js';
import { secureDataDir } from '../data-dir-mode.js';
import { refuseDevKeysOffLocalChain } from '../dev-keys.js';

export interface OpenDataDir {
  readonly journal: Journal;
  /** Closes the journal, then unlocks the directory. */
  close(): Promise<void>;
}

export function openDataDir(config: Config, log: Logger): OpenDataDir {
  // Before anything is opened: a refusal here changes nothing (docs/security.md, "Secrets and deployment").
  refuseDevKeysOffLocalChain(config);
  const modes = secureDataDir(config.dataDir);
  if (modes.changed.length > 0) log.warn({ dataDir: config.dataDir, changed: modes.changed.slice(0, 50), count: modes.changed.length }, 'data dir permissions tightened: directories 700, files 600');
  if (!modes.umaskSet) log.warn('not the main thread: the umask cannot be set, new files under the data dir may be readable by others');
  const lock = DataDirLock.take(config.dataDir);
  let journal: Journal;
  try {
    journal = Journal.open(config.dataDir, { durability: config.durability });
  } catch (error) {
    lock.release();
    throw error;
  }
  return {
    journal,
    async close() {
      await journal.close();
      lock.release();
    },
  };
}
