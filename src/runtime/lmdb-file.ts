/**
 * Every LMDB environment of the exchange is opened here, after a check that its data file is whole.
 *
 * LMDB maps `data.mdb` and reads its pages through the map. A file cut short (a copy that stopped, a
 * restore from a partial backup, a full disk under a tool that truncated it) still opens: its meta
 * pages are at the front. The first read of a page past the end then raises SIGBUS, and the process
 * dies with "Bus error" and no message (`patx verify`, and the service's start on a read-only map).
 * A writable map (the journal under 'commit') instead grows the file with zeros to the map's size
 * before LMDB refuses it, so the damage is written over. Read before either, the newest meta page
 * says how far its pages reach (`mm_last_pg`); a file shorter than that is refused with
 * `DataFileCutShortError`, and nothing is opened or written.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { open, type Key, type RootDatabase, type RootDatabaseOptionsWithPath } from 'lmdb';

/** LMDB's meta page magic (`MDB_MAGIC`). */
const MDB_MAGIC = 0xbeefc0de;
/**
 * Where the magic starts in a meta page: after the page header, 16 bytes in LMDB 0.9, 24 in the
 * format lmdb-js writes (the header also keeps the page's txnid). Both are tried.
 */
const MAGIC_OFFSETS = [24, 16] as const;
// The meta's fields from its magic (struct MDB_meta): magic 4, version 4, address 8, mapsize 8, then two
// MDB_db records of 48 bytes (the first's leading 4 bytes hold the page size), then the last page and the txnid.
const PAGE_SIZE_FROM_MAGIC = 24;
const LAST_PAGE_FROM_MAGIC = 24 + 2 * 48;
const TXNID_FROM_MAGIC = LAST_PAGE_FROM_MAGIC + 8;
/** Bytes read at the front of a meta page: enough for every field above from either offset. */
const META_READ = 24 + TXNID_FROM_MAGIC + 8;
/** The smallest page LMDB uses; the second meta page is read at the page size the first names. */
const MIN_PAGE_SIZE = 256;

export interface DataFileShortfall {
  /** The data file. */
  file: string;
  /** Its size, bytes. */
  size: number;
  /** The size its newest meta page says it has at least; undefined when not even the two meta pages are there. */
  needed: number | undefined;
  /** The newest meta page's transaction, when it could be read. */
  txnId: number | undefined;
}

/** A data file shorter than its own meta page says (see the module's comment); `shortfall` says by how much. */
export class DataFileCutShortError extends Error {
  override readonly name = 'DataFileCutShortError';
  readonly code = 'DATA_FILE_CUT_SHORT';

  constructor(readonly shortfall: DataFileShortfall) {
    const { file, size, needed, txnId } = shortfall;
    super(
      (needed === undefined
        ? `${file} is cut short: ${size} bytes, less than the two meta pages every LMDB file begins with`
        : `${file} is cut short: ${size} bytes, but its newest commit (transaction ${txnId}) uses pages up to ${needed} bytes`) +
        '; nothing was opened or written: restore the data directory from a backup or a replica (docs/journal.md, "Damage")',
    );
  }
}

interface Meta {
  pageSize: number;
  lastPage: number;
  txnId: number;
}

/** The meta page at `at`, or undefined if it is not one (LMDB itself then says what is wrong). */
function readMeta(fd: number, at: number): Meta | undefined {
  const bytes = Buffer.alloc(META_READ);
  if (readSync(fd, bytes, 0, META_READ, at) < META_READ) return undefined;
  for (const offset of MAGIC_OFFSETS) {
    if (bytes.readUInt32LE(offset) !== MDB_MAGIC) continue;
    const pageSize = bytes.readUInt32LE(offset + PAGE_SIZE_FROM_MAGIC);
    const lastPage = Number(bytes.readBigUInt64LE(offset + LAST_PAGE_FROM_MAGIC));
    const txnId = Number(bytes.readBigUInt64LE(offset + TXNID_FROM_MAGIC));
    if (pageSize < MIN_PAGE_SIZE || (pageSize & (pageSize - 1)) !== 0 || !Number.isSafeInteger(lastPage * pageSize)) return undefined;
    return { pageSize, lastPage, txnId };
  }
  return undefined;
}

/**
 * How far `dir`'s data.mdb falls short of what its newest meta page says, or undefined when it does not
 * (whole, absent, empty: LMDB starts an empty file afresh, or not LMDB's: LMDB refuses it with its own error).
 */
export function dataFileShortfall(dir: string): DataFileShortfall | undefined {
  const file = join(dir, 'data.mdb');
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return undefined;
  }
  if (size === 0) return undefined;
  const fd = openSync(file, 'r');
  try {
    const first = readMeta(fd, 0);
    if (first === undefined) return size < MIN_PAGE_SIZE * 2 ? { file, size, needed: undefined, txnId: undefined } : undefined;
    if (size < first.pageSize * 2) return { file, size, needed: undefined, txnId: undefined };
    const second = readMeta(fd, first.pageSize);
    // LMDB takes the meta with the higher txnid (mdb_env_pick_meta).
    const newest = second !== undefined && second.txnId > first.txnId ? second : first;
    const needed = (newest.lastPage + 1) * newest.pageSize;
    return size < needed ? { file, size, needed, txnId: newest.txnId } : undefined;
  } finally {
    closeSync(fd);
  }
}

/** Throws DataFileCutShortError when `dir`'s data file is cut short. */
export function assertDataFileWhole(dir: string): void {
  const shortfall = dataFileShortfall(dir);
  if (shortfall !== undefined) throw new DataFileCutShortError(shortfall);
}

/**
 * lmdb-js's `open` of the directory `options.path`, after `assertDataFileWhole`: every store opens through this
 * (test/runtime/lmdb-file.test.ts holds src/ to it). Always as a directory: lmdb-js takes a path whose last name has
 * an extension for a file (`noSubdir`), so a data directory named `/srv/patx.prod` or `./data.v2` failed to start
 * ("Is a directory: Attempting to open main database file"). The value type defaults to `any`, lmdb-js's own default
 * for an untyped root database, so callers read theirs as before.
 */
export function openStore<V = any, K extends Key = Key>(options: RootDatabaseOptionsWithPath & { path: string }): RootDatabase<V, K> {
  assertDataFileWhole(options.path);
  return open<V, K>({ ...options, noSubdir: false });
}
