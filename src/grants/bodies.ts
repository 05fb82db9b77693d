/**
 * The grants' request bodies: the zod schemas their route rows declare (operations.ts, so
 * /openapi.json shows them) and the handlers validate with, before the ledger hears of them.
 * A refusal keeps the code and message each body had when it was checked by hand: the first
 * problem (a missing or mistyped field before a bad value) says what was expected.
 */
import { z } from 'zod';
import { MAX_EVIDENCE_RECORDS } from './evidence-digest.js';
import { GrantError, type GrantErrorCode } from './grant-error.js';

/** Delivery outcomes a gate reports (src/gate/): 'delivered' (a pull), 'pushed' (a webhook took a batch), 'streamed' (a stream sent one), or the code it refused with. */
export const DELIVERY_OUTCOMES = ['delivered', 'pushed', 'streamed', 'FORGED_GRANT', 'FOREIGN_DOMAIN', 'WRONG_PROVIDER', 'LISTING_NOT_SERVED', 'NOT_YET_OPEN', 'EXPIRED', 'NOT_CONSUMER', 'REPLAYED', 'EXHAUSTED', 'REVOKED', 'MALFORMED_REQUEST', 'WRONG_ENDPOINT', 'OUTDATED_REQUEST'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** Why a consumer's client could not get its records: the endpoint did not answer, timed out, or answered 5xx. */
export const DELIVERY_FAILURES = ['unreachable', 'timeout', 'server-error'] as const;
export type DeliveryFailure = (typeof DELIVERY_FAILURES)[number];

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

/** A member's request or push authorisation for its organisation's grant carries the exchange's statement (checked by the ledger, src/grants/membership.ts). */
const membershipField = z
  .object({ statement: z.record(z.string(), z.unknown()), signature: z.string().max(132) })
  .optional()
  .meta({ description: "an organisation's grant used by a member: the exchange's membership statement {statement, signature} (docs/organisations.md)" });

/** The gate request a report forwards, as the consumer signed it (its grant and signature beside these: `loose`). */
export const gateRequestBody = z
  .object({ use: positive, timeMs: z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER), nonce, endpoint: z.string(), consumerSignature: z.string() })
  .loose()
  .meta({ description: 'the gate request the outcome answers, as the consumer signed it' });
export type GateRequestBody = z.infer<typeof gateRequestBody>;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const signature65 = z.string().regex(/^0x[0-9a-fA-F]{130}$/);

/** The provider's signed statement of what it served (src/grants/delivery-statement.ts): half of a delivery's evidence. */
export const deliveryStatementBody = z
  .object({ grantId: positive, use: positive, nonce, records: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), sha256: sha256Hex })
  .meta({ description: "the delivery statement the provider signed with what it served: {grantId, use, nonce, records, sha256}" });

/** A push the consumer's webhook took: the consumer's push authorisation for that URL and what answered. */
export const pushEvidenceBody = z
  .object({
    seq: positive.meta({ description: "the pushed right's number on the grant" }),
    authorisation: z
      .object({ url: z.string().max(2_048), untilMs: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), nonce, consumerSignature: signature65, membership: membershipField })
      .meta({ description: "the consumer's signed push authorisation the push was sent under" }),
    answer: z
      .object({ status: z.number().int().min(200).max(299), atMs: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), address: z.string().max(128).optional() })
      .meta({ description: 'what answered the POST: its 2xx status, when, and the address connected to' }),
  })
  .meta({ description: 'a pushed batch the webhook the consumer authorised took (2xx)' });

/** The stream request a streamed batch went out under, as the consumer signed it (its grant and signature beside these: `loose`). */
export const streamRequestBody = z
  .object({ rights: positive, timeMs: z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER), nonce, endpoint: z.string(), consumerSignature: z.string(), membership: membershipField })
  .loose()
  .meta({ description: 'the stream request the batch was sent under, as the consumer signed it' });

/** A batch a stream sent: its right's number on the grant and the consumer's signed stream request. */
export const streamEvidenceBody = z
  .object({ seq: positive.meta({ description: "the streamed right's number on the grant" }), request: streamRequestBody })
  .meta({ description: 'a batch sent on a stream the consumer opened with its signed stream request' });

/** The outcomes that deliver rights (the rest are refusals, of 0 rights). */
export const DELIVERED_OUTCOMES: ReadonlySet<DeliveryOutcome> = new Set(['delivered', 'pushed', 'streamed']);

export const deliveryReportBody = z
  .object({
    grantId: positive,
    rights: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    outcome: z.enum(DELIVERY_OUTCOMES),
    request: gateRequestBody.optional(),
    delivery: deliveryStatementBody.optional(),
    deliverySignature: signature65.optional().meta({ description: "the provider's signature of the delivery statement (EIP-191), 0x hex" }),
    push: pushEvidenceBody.optional(),
    stream: streamEvidenceBody.optional(),
  })
  .refine((b) => DELIVERED_OUTCOMES.has(b.outcome) || b.rights === 0, { message: 'a refusal delivers 0 rights' })
  .refine((b) => [b.request, b.push, b.stream].filter((x) => x !== undefined).length === 1 && (b.outcome === 'pushed' ? b.push !== undefined : b.outcome === 'streamed' ? b.stream !== undefined : b.request !== undefined), {
    message: 'request: the gate request the outcome answers, as the consumer signed it (a push carries push instead, a streamed batch stream)',
  })
  .refine((b) => (b.delivery === undefined) === (b.deliverySignature === undefined) && (b.request !== undefined || b.delivery !== undefined), { message: 'delivery and deliverySignature: the signed statement of what was served, both or neither (a push or a streamed batch needs both)' })
  .meta({ id: 'DeliveryReport', description: "A provider's gate's report of one request, or of a push its consumer's webhook took; with the signed statement of what it served, a delivery's evidence" });
export type DeliveryReportBody = z.infer<typeof deliveryReportBody>;

/** What to say about a problem at `path` (`mistyped`: the field is missing or of another type). */
type Explain = (path: readonly PropertyKey[], mistyped: boolean) => string;

/** The message of the first problem, a missing or mistyped field first (as the hand checks looked at types before values). */
function firstProblem(error: z.ZodError, explain: Explain, refined: string | undefined): string {
  const issues = error.issues;
  const mistyped = issues.find((i) => i.code === 'invalid_type');
  const issue = mistyped ?? issues[0]!;
  // A refinement's own message says what the combination of fields must be.
  if (issue.code === 'custom') return issue.message ?? refined ?? explain(issue.path, false);
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

/** What a claim says (POST /v1/grants/{id}/claims): nothing arrived, or, against evidenced delivery, what was wrong. */
export const CLAIM_REASONS = ['not-received', 'missing-records', 'nonconforming'] as const;
export type ClaimReason = (typeof CLAIM_REASONS)[number];
export const claimBody = z
  .object({ reason: z.enum(CLAIM_REASONS).default('not-received') })
  .meta({ id: 'GrantClaim', description: "not-received: nothing arrived (refunded automatically for rights nothing evidences); missing-records or nonconforming: a dispute of evidenced delivery, which the operator decides" });

/** A claim's body (an empty body is a claim that nothing arrived), or MALFORMED_CLAIM. */
export function parseClaim(body: unknown): ClaimReason {
  return parseWith(claimBody, body ?? {}, 'MALFORMED_CLAIM', () => `a JSON body {reason?: ${CLAIM_REASONS.join(' | ')}}`).reason;
}

export const decisionBody = z
  .object({
    refundQty: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).meta({ description: 'undelivered rights to refund (the rest are upheld as delivered)' }),
    chargeProviderMicros: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0).meta({ description: "µPAT more from the provider's free PAT, beyond the refunded rights' held proceeds (default 0)" }),
    note: z.string().max(1_000).optional().meta({ description: 'why, for the audit trail and both parties' }),
  })
  .meta({ id: 'DisputeDecision' });
export type DecisionBody = z.infer<typeof decisionBody>;

/** An operator's decision (POST /operator/disputes/{id}/decision), or MALFORMED_DECISION. */
export function parseDecision(body: unknown): DecisionBody {
  return parseWith(decisionBody, body, 'MALFORMED_DECISION', () => 'a JSON body {refundQty, chargeProviderMicros?, note?}: integers ≥ 0');
}
