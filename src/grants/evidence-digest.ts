/**
 * What the grants route gets of a conformance-evidence body once an intake worker read it
 * (src/intake/evidence.ts): never the parsed records. A module of its own, with no imports, so
 * the intake's workers load it without the ledger (LMDB, the engine) and the grants import
 * nothing of the intake.
 */

/** Records one evidence body carries at most: one download's. */
export const MAX_EVIDENCE_RECORDS = 10_000;

export interface EvidenceDigest {
  nonce: string;
  count: number;
  /** Lower-case hex SHA-256 of `recordsJson`: what the provider's delivery statement signs (recordsSha256). */
  sha256: string;
  /** UTF-8 of JSON.stringify(records): the records' canonical bytes. */
  recordsJson: Uint8Array;
}
