/**
 * One exchange per data directory. LMDB lets several processes open the same files,
 * so two services started on one data directory would both append to the journal
 * and each would recover a history the other wrote half of. The service takes this
 * lock before it opens the journal and gives it up after closing it.
 *
 * The lock is a file holding the owner's pid, created exclusively. A file left by a
 * process that is gone (killed, crashed, a container restarted; or exited and not yet
 * reaped) is stale and taken over; one whose pid is alive refuses the start. Node has
 * no flock, hence the pid.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { isZombie } from '../runtime/process-stat.js';

export const DATA_DIR_LOCK_FILE = 'patx.pid';

export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      `data directory ${dataDir} is in use by process ${ownerPid} (another PATX?); ` +
        `if no PATX runs on it, remove ${path.join(dataDir, DATA_DIR_LOCK_FILE)}`,
    );
  }
}

// Locks this process holds, by file: a lock file naming our own pid is ours only if it is
// here (after a container restart, a new process can get the pid its predecessor had).
const heldHere = new Set<string>();

export class DataDirLock {
  private released = false;

  private constructor(private readonly file: string) {}

  /** Takes the lock on `dataDir` (which must exist); throws DataDirInUseError if a live process holds it. */
  static take(dataDir: string): DataDirLock {
    const file = path.resolve(dataDir, DATA_DIR_LOCK_FILE);
    // Two tries: the second after removing a stale file (if another process removed it and
    // created its own meanwhile, the second try finds that one alive).
    for (let attempt = 0; attempt < 2; attempt++) {
      if (createExclusive(file)) {
        heldHere.add(file);
        return new DataDirLock(file);
      }
      const ownerPid = readPid(file);
      if (ownerPid !== undefined && isHeld(file, ownerPid)) throw new DataDirInUseError(dataDir, ownerPid);
      removeIfPresent(file);
    }
    throw new DataDirInUseError(dataDir, readPid(file) ?? 0);
  }

  /** Gives the lock up. Idempotent. */
  release(): void {
    if (this.released) return;
    this.released = true;
    heldHere.delete(this.file);
    removeIfPresent(this.file);
  }
}

/** Creates the file with our pid; false if it exists. */
function createExclusive(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The pid in the file; undefined if it is gone or holds no pid (a start that died mid-write). */
function readPid(file: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

function isHeld(file: string, pid: number): boolean {
  if (pid === process.pid) return heldHere.has(file);
  try {
    process.kill(pid, 0); // signal 0: only checks that the process exists
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by another user
  }
  // A `kill -9` of a service's process group leaves its node process unreaped until init gets to it:
  // a restart in that time was refused.
  return !isZombie(pid);
}

function removeIfPresent(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
