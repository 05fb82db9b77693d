/**
 * Conformance evidence read on an intake worker (docs/delivery.md, "Conformance evidence"):
 * `{nonce, records}` as a consumer sends it, up to MAX_EVIDENCE_RECORDS records in an 8 MiB
 * body. Hashing 16 such bodies on the engine's thread held a trader's round trip at 837 ms
 * (issue 74), and copying the parsed records there costs as much as parsing them: so the
 * worker checks the shape, hashes the records' canonical bytes and hands back only the nonce,
 * the count, the SHA-256 and those bytes (one buffer, moved), which the conformance check
 * parses again on a worker once the receipt says they are the records the provider signed.
 * No Node module but crypto's hash: it runs where the intake runs.
 */
import { createHash } from 'node:crypto';
import { MAX_EVIDENCE_RECORDS, type EvidenceDigest } from '../grants/evidence-digest.js';
import { IntakeError } from './intake-error.js';

export { MAX_EVIDENCE_RECORDS, type EvidenceDigest };
/** Values an evidence body may hold: 10,000 records of up to 100 fields each. Parsed on the worker; none cross. */
export const MAX_EVIDENCE_VALUES = 1_010_002;

const NONCE = /^[A-Za-z0-9_-]{1,64}$/;

/** A parsed evidence body as its digest, or MALFORMED_EVIDENCE naming the first field that is not as it must be. */
// The messages of the schema check this replaced on the route (the route row's schema, src/grants/bodies.ts evidenceBody, documents the body).
const WHOLE = 'a JSON body {nonce, records}: the receipted request and the records it delivered';
const RECORDS = `records: at most ${MAX_EVIDENCE_RECORDS} JSON objects, as the provider delivered them`;

export function evidenceOf(body: unknown): EvidenceDigest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw malformed(WHOLE);
  const { nonce, records } = body as { nonce?: unknown; records?: unknown };
  if (typeof nonce !== 'string' || !NONCE.test(nonce) || !Array.isArray(records)) throw malformed(WHOLE);
  if (records.length > MAX_EVIDENCE_RECORDS || records.some((r) => typeof r !== 'object' || r === null || Array.isArray(r))) throw malformed(RECORDS);
  const text = JSON.stringify(records);
  // Shared memory: it reaches the engine's thread and the conformance worker without a copy, and counts on no thread's
  // heap as external memory (an ArrayBuffer moved back forced collections there: src/gateway/body-blocks.ts).
  const recordsJson = new Uint8Array(new SharedArrayBuffer(Buffer.byteLength(text)));
  Buffer.from(recordsJson.buffer).write(text);
  return { nonce, count: records.length, sha256: createHash('sha256').update(recordsJson).digest('hex'), recordsJson };
}

function malformed(message: string): IntakeError {
  return new IntakeError('MALFORMED_EVIDENCE', message);
}
