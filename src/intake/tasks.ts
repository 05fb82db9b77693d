/**
 * The work the intake does for the engine's thread: each task takes what a stranger sent
 * (bytes, a signature, a sample) and returns something small and validated, or a typed
 * refusal. Plain functions, so an intake worker (src/intake/worker.ts) and the in-thread
 * intake (tests, embedders) run the same code.
 */
// The catalog's worker-side module itself, not its index: the index loads the engine, LMDB and the routes, and a worker
// that needs none of them boots in a fraction of the time (a login waits for it when the workers start with it).
import type { AccuracyTask, ListingTask, PreviewTask, ReferenceTask } from '../catalog/prepare.js';
import type { ConformanceTask } from '../catalog/conformance.js';
import { contentSha256 } from '../request-signing/index.js';
import { messageSigner } from '../grants/grant.js';
import { IntakeError } from './intake-error.js';
import { DEFAULT_MAX_JSON_DEPTH, parseJsonBody } from './json-limits.js';
import { evidenceOf, MAX_EVIDENCE_VALUES } from './evidence.js';

export interface BodyTask {
  /** The body, or its blocks in order (a large body's, in shared memory the engine's thread keeps until this task is done). */
  bytes: Uint8Array | readonly Uint8Array[];
  /** The SHA-256 the client's signature covers (hex): checked before parsing. */
  contentSha256?: string;
  maxDepth?: number;
  /** The most values the body may hold (default DEFAULT_MAX_JSON_VALUES): what is copied back to the engine's thread. */
  maxValues?: number;
}

/** The body in memory of this thread's own (blocks copied out first: nothing read later depends on memory the engine's thread reuses), its signed hash checked. */
function checkedBody(t: BodyTask): Uint8Array {
  const bytes = t.bytes instanceof Uint8Array ? t.bytes : Buffer.concat(t.bytes);
  if (t.contentSha256 !== undefined && contentSha256(bytes) !== t.contentSha256) {
    throw new IntakeError('BODY_HASH_MISMATCH', 'the body is not the one signed: its SHA-256 differs from x-patx-content-sha256');
  }
  return bytes;
}

/**
 * The catalog's measuring code (its zod schemas, the CSV and Parquet readers), loaded by a worker's first
 * measurement rather than at its start: the service boots its workers at once, and signatures, the work every
 * signed request and login waits on, need none of it (about 0.15 s of CPU a worker).
 */
const preparing = () => import('../catalog/prepare.js');
const conforming = () => import('../catalog/conformance.js');

export const TASKS = {
  /** A JSON body, its signed hash checked, its depth bounded, parsed. */
  json: (t: BodyTask): unknown => parseJsonBody(checkedBody(t), t.maxDepth ?? DEFAULT_MAX_JSON_DEPTH, t.maxValues),

  /**
   * Conformance evidence ({nonce, records}): parsed, its shape checked and its records hashed here, so the
   * engine's thread gets the nonce, the count and the SHA-256 to compare with the receipt, and the records
   * as their canonical bytes (moved, not copied) for the conformance worker; never the parsed records.
   */
  evidence: (t: BodyTask) => evidenceOf(parseJsonBody(checkedBody(t), t.maxDepth ?? DEFAULT_MAX_JSON_DEPTH, MAX_EVIDENCE_VALUES)),

  /** The address (lower case) that signed an EIP-191 text; a refusal when the signature is not one. */
  // On libsecp256k1 (52 µs a signature here), not ethers' verifyMessage (its JavaScript curve, 1.3 ms): with two
  // workers that was the ceiling of every signed HTTP request and wallet login, about 1,500 a second. Both take only
  // the 65-byte form (signed-request.ts, login.ts), which is all messageSigner reads.
  recover: (t: { text: string; signature: string }): string => {
    const signer = messageSigner(t.text, t.signature);
    if (signer === undefined) throw new IntakeError('BAD_SIGNATURE', 'the signature is not a valid secp256k1 signature');
    return signer;
  },

  /** A listing's body (create or new version): parsed, validated, its sample decoded and measured. */
  listing: async (t: BodyTask & Omit<ListingTask, 'body'>) => {
    const body = parseJsonBody(checkedBody(t), t.maxDepth ?? DEFAULT_MAX_JSON_DEPTH, t.maxValues);
    return (await preparing()).prepareListingVersion({ ...t, body });
  },

  /** A listing's body already parsed (an embedder's call to the catalog): validated, its sample decoded and measured. */
  listingParsed: async (t: ListingTask) => (await preparing()).prepareListingVersion(t),

  /** A reference sample (operator): decoded, parsed, checked against the schema, and the accuracy of the current sample measured against it. */
  reference: async (t: ReferenceTask) => (await preparing()).prepareReference(t),

  /** A new version's accuracy against the reference already attached. */
  accuracy: async (t: AccuracyTask) => (await preparing()).accuracyOfVersion(t),

  /** Records a consumer received, measured against the listing version they were sold under. */
  conformance: async (t: ConformanceTask) => (await conforming()).conformanceOfTask(t),

  /** A stored sample's preview (first rows, column statistics). */
  preview: async (t: PreviewTask) => (await preparing()).previewOf(t),

  /**
   * Not a stranger's work: writes every page of shared memory once (the HTTP port's body blocks, body-blocks.ts), so
   * the engine's thread never takes those pages' first-write faults.
   */
  touch: (t: { memory: Uint8Array }): void => void t.memory.fill(0),
} as const;

export type Tasks = typeof TASKS;
export type TaskName = keyof Tasks;
export type TaskInput<K extends TaskName> = Parameters<Tasks[K]>[0];
export type TaskOutput<K extends TaskName> = Awaited<ReturnType<Tasks[K]>>;
