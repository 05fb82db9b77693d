/**
 * The data directory holds secrets (operator-token, operators.json, grant-signer.key,
 * the chain's state) and every participant's history (journal, catalog, grant stores):
 * only the service's own user may read it. So the directory and every directory under
 * it are 700 and every file 600.
 *
 * New files get that from the process umask (077), set before anything is opened:
 * lmdb-js, the embedded chain (a child process inherits the umask) and our own writes
 * create files with the umask applied. A data dir from before (755 and 644) is
 * tightened at start, and what was changed is returned so the service can log it.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';

/** Group and other may do nothing. */
export const DATA_DIR_UMASK = 0o077;
export const DATA_DIR_MODE = 0o700;
export const DATA_FILE_MODE = 0o600;

/** A path under the data dir whose mode cannot be narrowed (not the service user's): the start stops. */
export class DataDirModeError extends Error {
  override readonly name = 'DataDirModeError';
  readonly code = 'DATA_DIR_NOT_PRIVATE';
  constructor(
    readonly path: string,
    cause: Error,
  ) {
    super(`cannot make ${path} readable by its owner only (${cause.message}): run PATX as the user that owns its data directory, or give that user the directory`);
  }
}

export interface DataDirTightening {
  /** Paths (relative to the data dir; '.' is itself) whose mode was changed, each with its old and new mode (octal). */
  changed: { path: string; from: string; to: string }[];
  /** False in a worker thread, where the umask cannot be set (new files then rely on the walk alone). */
  umaskSet: boolean;
}

/**
 * Sets the process umask to 077, creates `dir` (700) if missing, and narrows every
 * directory under it (itself included) to owner-only and every file to 600. Symbolic
 * links are left alone (and not followed): what they point at is not the data dir's.
 */
export function secureDataDir(dir: string): DataDirTightening {
  let umaskSet = false;
  if (isMainThread) {
    process.umask(DATA_DIR_UMASK);
    umaskSet = true;
  }
  mkdirSync(dir, { recursive: true, mode: DATA_DIR_MODE });
  const changed: DataDirTightening['changed'] = [];
  const visit = (full: string): void => {
    const st = lstatSync(full);
    if (st.isSymbolicLink()) return;
    const mode = st.mode & 0o777;
    if (st.isDirectory()) {
      if (mode !== DATA_DIR_MODE) narrow(full, mode, DATA_DIR_MODE);
      for (const name of readdirSync(full)) visit(path.join(full, name));
    } else if (mode !== DATA_FILE_MODE) {
      // Owner read-write only; an execute bit goes too (nothing in a data dir is run).
      narrow(full, mode, DATA_FILE_MODE);
    }
  };
  const narrow = (full: string, from: number, to: number): void => {
    try {
      chmodSync(full, to);
    } catch (error) {
      throw new DataDirModeError(full, error as Error);
    }
    changed.push({ path: path.relative(dir, full) || '.', from: octal(from), to: octal(to) });
  };
  visit(dir);
  return { changed, umaskSet };
}

function octal(mode: number): string {
  return mode.toString(8).padStart(3, '0');
}
