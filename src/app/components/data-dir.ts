/**
 * The data directory, first of all: its permissions tightened, locked against a second
 * process, and its journal opened.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Journal } from '../../engine/index.js';
import { DataFileCutShortError } from '../../runtime/lmdb-file.js';
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
    refuseEmptiedJournal(config.dataDir);
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

/** The size of `file`, or undefined when there is none. */
function sizeOf(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch {
    return undefined;
  }
}

/**
 * An empty journal file is what LMDB starts a new journal from (src/runtime/lmdb-file.ts). Beside stores that hold data
 * it is one that lost everything: the stores are opened after the journal, and LMDB writes a new file's meta pages as it
 * opens it. Taken for a new journal, the exchange would start again from seq 1 and empty every derived store.
 */
function refuseEmptiedJournal(dataDir: string): void {
  const file = join(dataDir, 'data.mdb');
  if (sizeOf(file) !== 0) return;
  const stores = readdirSync(dataDir, { withFileTypes: true }).filter((e) => e.isDirectory() && (sizeOf(join(dataDir, e.name, 'data.mdb')) ?? 0) > 0);
  if (stores.length > 0) throw new DataFileCutShortError({ file, size: 0, needed: undefined, txnId: undefined });
}
