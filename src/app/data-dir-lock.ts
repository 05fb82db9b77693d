/**
 * One exchange per data directory. LMDB lets several processes open the same files,
 * so two services started on one data directory would both append to the journal
 * and each would recover a history the other wrote half of. The service takes this
 * lock before it opens the journal and gives it up after closing it.
 *
 * The lock is a file holding the owner's pid and its pid namespace, created exclusively.
 * Node has no flock, hence the pid:
 *
 * - In our own pid namespace, a file left by a process that is gone (killed, crashed; or
 *   exited and not yet reaped) is stale and taken over; one whose pid is alive refuses the start.
 * - From another namespace (another container on the same volume) the pid says nothing: every
 *   container's node is pid 1, so a second container took the lock of a live first one for its
 *   own and both wrote the journal (the first died of SIGBUS: LMDB's reader table is keyed by
 *   pid). So the holder refreshes the file's time every HEARTBEAT_MS, and a start that finds a
 *   foreign lock waits: refreshed means held (refused), untouched for STALE_MS means its holder
 *   is gone (a killed container) and it is taken over.
 * - A live pid that is not node's (after a reboot on a persistent volume, another program's) does not hold it.
 * - A lock file this user may not read (another user's start under a umask of 077) refuses the start: who holds it
 *   cannot be told, and taking it would put two exchanges on one journal.
 * - The file also names the directory it locks, by device and inode: a lock found in a copy of a data directory
 *   (a backup restored beside the running service) names the original, whose live pid refused the copy's start.
 *   A copy is another inode; the same directory under another path (a bind mount) is not.
 */
import { closeSync, openSync, readFileSync, readlinkSync, realpathSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { isRunning } from '../runtime/process-stat.js';
import { sizeThreadHeaps } from '../runtime/worker-thread.js';

export const DATA_DIR_LOCK_FILE = 'patx.pid';
/** How often the holder refreshes the lock file's time. */
export const HEARTBEAT_MS = 1_000;
/** A foreign lock untouched this long is its holder's no longer. */
export const STALE_MS = 5_000;

export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
    /** Whether the holder runs in another pid namespace (another container on the same volume). */
    readonly elsewhere = false,
    /** Whether the lock file is there but this user may not read it (another user's start): who holds it cannot be told. */
    readonly unreadable = false,
  ) {
    super(
      unreadable
        ? `data directory ${dataDir} has a lock file (${DATA_DIR_LOCK_FILE}) this user may not read: another user's PATX may run on it; ` +
            'start as that user, or, if no PATX runs on it, remove the file'
        : elsewhere
        ? `data directory ${dataDir} is in use by a PATX in another container (its pid ${ownerPid} there, its lock refreshed within the last ${STALE_MS / 1000} s); ` +
            'stop that one first: one exchange per data directory'
        : `data directory ${dataDir} is in use by process ${ownerPid} (another PATX?); ` + `if no PATX runs on it, remove ${path.join(dataDir, DATA_DIR_LOCK_FILE)}`,
    );
  }
}

/** Who a lock file names: its pid and pid namespace ('' where there is no /proc, or a file from before namespaces were written). */
interface LockOwner {
  pid: number;
  namespace: string;
  /** The locked directory's `device:inode` ('' in a file from before it was written). */
  dir: string;
}

// Locks this process holds, by file: a lock file naming our own pid is ours only if it is
// here (after a container restart, a new process can get the pid its predecessor had).
const heldHere = new Set<string>();

export class DataDirLock {
  private released = false;
  private readonly heartbeat: Worker;

  private constructor(private readonly file: string) {
    // On a thread of its own: a long replay at start or a snapshot's pause must not let the lock look abandoned.
    sizeThreadHeaps(); // the process's first thread: not the engine's thread's young generation
    this.heartbeat = new Worker(HEARTBEAT_MODULE, { workerData: { file, everyMs: HEARTBEAT_MS } });
    // A heartbeat that could not run leaves the lock to look abandoned from another namespace after STALE_MS; it never stops the service.
    this.heartbeat.on('error', () => undefined);
    this.heartbeat.unref();
  }

  /**
   * Takes the lock on `dataDir` (which must exist); throws DataDirInUseError if a live process holds it. A lock from
   * another pid namespace is watched for up to STALE_MS first (synchronously: nothing else has started yet).
   */
  static take(dataDir: string, sleep: (ms: number) => void = sleepSync): DataDirLock {
    // By its real path: this process's own lock is known by its file (`heldHere`), whatever path named the directory.
    const file = path.join(realpathSync(dataDir), DATA_DIR_LOCK_FILE);
    // Two tries: the second after removing a stale file (if another process removed it and
    // created its own meanwhile, the second try finds that one alive).
    for (let attempt = 0; attempt < 2; attempt++) {
      if (createExclusive(file, dirIdentity(dataDir))) {
        heldHere.add(file);
        return new DataDirLock(file);
      }
      const owner = readOwner(file);
      // Another user's lock (a umask of 077): taking it would put two exchanges on one journal whenever that user's runs.
      if (owner === UNREADABLE) throw new DataDirInUseError(dataDir, 0, false, true);
      if (owner !== undefined) {
        if (owner.namespace !== ownNamespace()) {
          if (foreignHeld(file, sleep)) throw new DataDirInUseError(dataDir, owner.pid, true);
        } else if ((owner.dir === '' || owner.dir === dirIdentity(dataDir)) && isHeld(file, owner.pid)) {
          throw new DataDirInUseError(dataDir, owner.pid);
        }
      }
      removeIfPresent(file);
    }
    const last = readOwner(file);
    throw new DataDirInUseError(dataDir, typeof last === 'object' ? last.pid : 0, false, last === UNREADABLE);
  }

  /**
   * For a tool that reads the data directory beside a running service: throws DataDirInUseError when a PATX in
   * another pid namespace holds it (LMDB cannot be shared across namespaces: its readers are known by pid). Within
   * ours, reading beside the service is safe, and nothing is thrown. Does not wait: a foreign lock refreshed within
   * STALE_MS counts as held.
   */
  static refuseForeignHolder(dataDir: string): void {
    const file = path.resolve(dataDir, DATA_DIR_LOCK_FILE);
    const owner = readOwner(file);
    if (owner === undefined || owner === UNREADABLE || owner.namespace === ownNamespace()) return;
    const age = ageMs(file);
    if (age !== undefined && age < STALE_MS) throw new DataDirInUseError(dataDir, owner.pid, true);
  }

  /** Gives the lock up. Idempotent. */
  release(): void {
    if (this.released) return;
    this.released = true;
    void this.heartbeat.terminate();
    heldHere.delete(this.file);
    removeIfPresent(this.file);
  }
}

let namespace: string | undefined;

/** This process's pid namespace ('' without /proc). */
function ownNamespace(): string {
  if (namespace === undefined) {
    try {
      namespace = readlinkSync('/proc/self/ns/pid');
    } catch {
      namespace = '';
    }
  }
  return namespace;
}

/**
 * Whether a lock from another pid namespace is held: watched until its time moves (held: its holder refreshes it) or
 * it has been untouched for STALE_MS (its holder is gone). False if the file goes meanwhile.
 */
function foreignHeld(file: string, sleep: (ms: number) => void): boolean {
  const first = mtimeMs(file);
  if (first === undefined) return false;
  for (;;) {
    const now = mtimeMs(file);
    if (now === undefined) return false;
    if (now !== first) return true;
    const age = ageMs(file);
    if (age === undefined || age >= STALE_MS) return false;
    sleep(Math.min(HEARTBEAT_MS / 4, STALE_MS - age + 1));
  }
}

function mtimeMs(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

function ageMs(file: string): number | undefined {
  const m = mtimeMs(file);
  return m === undefined ? undefined : Date.now() - m;
}

/**
 * The heartbeat thread: the lock file's time set to now every `everyMs` (a file removed by hand meanwhile is left gone).
 * A data: URL is a module however the process was started (an eval'd worker follows --input-type), and needs no file.
 */
const HEARTBEAT_MODULE = new URL(
  `data:text/javascript,${encodeURIComponent(`
import { utimesSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
setInterval(() => {
  try {
    const now = new Date();
    utimesSync(workerData.file, now, now);
  } catch {}
}, workerData.everyMs);
`)}`,
);

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Creates the file with our pid and namespace; false if it exists. */
/** A directory's `device:inode`: the same under any path to it, another for a copy. */
function dirIdentity(dir: string): string {
  const s = statSync(dir, { bigint: true });
  return `${s.dev}:${s.ino}`;
}

function createExclusive(file: string, dir: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${process.pid}\n${ownNamespace()}\n${dir}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

const UNREADABLE = 'unreadable';

/**
 * Who the file names; undefined if it is gone or holds no pid (a start that died mid-write), UNREADABLE if it is there
 * and this user may not read it. A file of one line is ours: from before namespaces were written.
 */
function readOwner(file: string): LockOwner | typeof UNREADABLE | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') return UNREADABLE;
    return undefined;
  }
  const [pidLine, namespaceLine, dirLine] = text.split('\n');
  const pid = Number.parseInt((pidLine ?? '').trim(), 10);
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  return { pid, namespace: namespaceLine === undefined || namespaceLine.trim() === '' ? ownNamespace() : namespaceLine.trim(), dir: (dirLine ?? '').trim() };
}

function isHeld(file: string, pid: number): boolean {
  if (pid === process.pid) return heldHere.has(file);
  // Not running: gone, or a zombie (a `kill -9` of a service's process group leaves its node process unreaped
  // until init gets to it: a restart in that time was refused). Another user's process counts as running.
  // After a reboot on a persistent volume the pid may be another program's: a PATX is always node.
  return isRunning(pid) && isNode(pid);
}

/** Whether `pid` runs node (true where its command line cannot be read: held, to be safe). */
function isNode(pid: number): boolean {
  let program: string;
  try {
    program = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
  } catch {
    return true;
  }
  return path.basename(program).startsWith('node');
}

function removeIfPresent(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
