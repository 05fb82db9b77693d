/**
 * The grants' request bodies: the zod schemas their route rows declare (operations.ts, so
 * /openapi.json shows them) and the handlers validate with, before the ledger hears of them.
 * A refusal keeps the code and message each body had when it was checked by hand: the first
 * problem (a missing or mistyped field before a bad value) says what was expected.
 */
import { z } from 'zod';
import { DELIVERY_FAILURES, DELIVERY_OUTCOMES, GrantError, MAX_EVIDENCE_RECORDS, type GrantErrorCode } from './ledger.js';

const NONCE = /^[A-Za-z0-9_-]{1,64}$/;
const positive = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const nonce = z.string().regex(NONCE).meta({ description: "the gate request's nonce: 1 to 64 of A-Z a-z 0-9 _ -" });
const evidenceRecords = z.array(z.record(z.string(), z.unknown())).max(MAX_EVIDENCE_RECORDS).meta({ description: `the records as the provider delivered them (at most ${MAX_EVIDENCE_RECORDS} JSON objects)` });

export const receiptBody = z
  .object({
    use: positive.meta({ description: 'rights the request used' }),
    nonce,
    records: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).meta({ description: 'how many records the provider delivered' }),
    sha256: z.string().regex(/^[0-9a-f]{64}$/).meta({ description: 'the SHA-256 of the records, 64 lower-case hex digits' }),
    deliverySignature: z.string().regex(/^0x[0-9a-fA-F]{130}$/).meta({ description: "the provider's 65-byte signature of the delivery statement, 0x hex" }),
  })
  .meta({ id: 'DeliveryReceipt', description: "A consumer's receipt of a download: the provider's signed delivery statement (docs/delivery.md)" });
export type ReceiptBody = z.infer<typeof receiptBody>;

export const failureBody = z.object({ reason: z.enum(DELIVERY_FAILURES) }).meta({ id: 'DeliveryFailure' });

export const evidenceBody = z.object({ nonce, records: evidenceRecords }).meta({ id: 'ConformanceEvidence', description: "A receipted request's records, to measure against the listing version sold" });
export type EvidenceBody = z.infer<typeof evidenceBody>;

/** The gate request a report forwards, as the consumer signed it (its grant and signature beside these: `loose`). */
export const gateRequestBody = z
  .object({ use: positive, timeMs: z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER), nonce, endpoint: z.string(), consumerSignature: z.string() })
  .loose()
  .meta({ description: 'the gate request the outcome answers, as the consumer signed it' });
export type GateRequestBody = z.infer<typeof gateRequestBody>;

export const deliveryReportBody = z
  .object({
    grantId: positive,
    rights: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    outcome: z.enum(DELIVERY_OUTCOMES),
    request: gateRequestBody,
  })
  .refine((b) => b.outcome === 'delivered' || b.rights === 0, { message: 'a refusal delivers 0 rights' })
  .meta({ id: 'DeliveryReport', description: "A provider's gate's report of one request" });
export type DeliveryReportBody = z.infer<typeof deliveryReportBody>;

/** What to say about a problem at `path` (`mistyped`: the field is missing or of another type). */
type Explain = (path: readonly PropertyKey[], mistyped: boolean) => string;

/** The message of the first problem, a missing or mistyped field first (as the hand checks looked at types before values). */
function firstProblem(error: z.ZodError, explain: Explain, refined: string | undefined): string {
  const issues = error.issues;
  const mistyped = issues.find((i) => i.code === 'invalid_type');
  const issue = mistyped ?? issues[0]!;
  if (issue.code === 'custom' && refined !== undefined) return refined;
  return explain(issue.path, issue.code === 'invalid_type');
}

function parseWith<T>(schema: z.ZodType<T>, body: unknown, code: GrantErrorCode, explain: Explain, refined?: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new GrantError(code, firstProblem(parsed.error, explain, refined));
  return parsed.data;
}

const RECEIPT_FIELDS: Record<string, string> = {
  use: 'use: a positive integer (rights)',
  nonce: 'nonce: 1 to 64 of A-Z a-z 0-9 _ -',
  records: 'records: a non-negative integer',
  sha256: 'sha256: 64 lower-case hex digits',
  deliverySignature: "deliverySignature: the provider's 65-byte signature, 0x hex",
};

/** A consumer's receipt (POST /v1/grants/{id}/receipts), or MALFORMED_RECEIPT. */
export function parseReceipt(body: unknown): ReceiptBody {
  return parseWith(receiptBody, body, 'MALFORMED_RECEIPT', (path) => RECEIPT_FIELDS[String(path[0])] ?? 'a JSON body {use, nonce, records, sha256, deliverySignature}');
}

/** A consumer's failure report (POST /v1/grants/{id}/delivery-failures), or MALFORMED_FAILURE. */
export function parseFailure(body: unknown): (typeof DELIVERY_FAILURES)[number] {
  return parseWith(failureBody, body, 'MALFORMED_FAILURE', () => `a JSON body {reason: ${DELIVERY_FAILURES.join(' | ')}}`).reason;
}

/** Conformance evidence (POST /v1/grants/{id}/conformance), or MALFORMED_EVIDENCE. */
export function parseEvidence(body: unknown): EvidenceBody {
  return parseWith(evidenceBody, body, 'MALFORMED_EVIDENCE', (path, mistyped) =>
    path[0] === 'records' && !(mistyped && path.length === 1)
      ? `records: at most ${MAX_EVIDENCE_RECORDS} JSON objects, as the provider delivered them`
      : 'a JSON body {nonce, records}: the receipted request and the records it delivered',
  );
}

const REQUEST_FIELDS: Record<string, string> = {
  use: 'request.use: a positive integer',
  timeMs: 'request.timeMs: ms since the epoch',
  nonce: 'request.nonce: 1 to 64 of A-Z a-z 0-9 _ -',
  endpoint: 'request: endpoint and consumerSignature',
  consumerSignature: 'request: endpoint and consumerSignature',
};

/** A provider gate's report (POST /v1/deliveries), or MALFORMED_REPORT. */
export function parseDeliveryReport(body: unknown): DeliveryReportBody {
  const whole = 'a JSON body {grantId, rights, outcome, request}';
  return parseWith(
    deliveryReportBody,
    body,
    'MALFORMED_REPORT',
    (path, mistyped) => {
      const [top, inner] = path;
      if (top === 'request') return inner === undefined ? 'request: the gate request the outcome answers, as the consumer signed it' : (REQUEST_FIELDS[String(inner)] ?? whole);
      if (mistyped || top === undefined || top === 'grantId') return whole;
      if (top === 'rights') return 'rights: a non-negative integer';
      // An enum's refusal is not a type error: an outcome that is not text at all is the whole body's problem.
      if (top === 'outcome') return typeof (body as { outcome?: unknown }).outcome === 'string' ? `outcome: one of ${DELIVERY_OUTCOMES.join(', ')}` : whole;
      return whole;
    },
    'a refusal delivers 0 rights',
  );
}
