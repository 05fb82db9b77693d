/**
 * A disk that refuses writes, for the journal's 'commit' path: LMDB's synchronous
 * put (the journal's private records database) throws `error` on the write calls
 * `refused` picks. The real LMDB environment underneath; only its answer is faked,
 * since a full disk or map cannot be arranged on demand here.
 */
import type { Journal } from '../../src/engine/index.js';

/** Returns the function that puts the real write back. */
export function refuseCommitWrites(journal: Journal, error: Error, refused: (call: number) => boolean = () => true): () => void {
  const records = (journal as unknown as { records: { putSync(...args: unknown[]): unknown } }).records;
  const putSync = records.putSync;
  let calls = 0;
  records.putSync = (...args: unknown[]): unknown => {
    if (refused(++calls)) throw error;
    return putSync.apply(records, args);
  };
  return () => {
    records.putSync = putSync;
  };
}
