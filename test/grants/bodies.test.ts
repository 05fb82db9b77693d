/**
 * The grants' request bodies are validated by the zod schemas their route rows declare
 * (src/grants/bodies.ts), so /openapi.json shows exactly what is accepted; a refusal keeps the
 * code and message each had when the ledger checked it by hand.
 */
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/gateway/openapi.js';
import { parseDeliveryReport, parseFailure, parseReceipt } from '../../src/grants/bodies.js';
import { evidenceOf } from '../../src/intake/evidence.js';
import { IntakeError } from '../../src/intake/index.js';
import { MAX_EVIDENCE_RECORDS } from '../../src/grants/evidence-digest.js';
import { GrantError } from '../../src/grants/grant-error.js';
import { GRANT_OPERATIONS } from '../../src/grants/operations.js';

/** The code and message `parse` refuses `body` with. */
function refusal(parse: (body: unknown) => unknown, body: unknown): [string, string] {
  try {
    parse(body);
  } catch (error) {
    if (error instanceof GrantError || error instanceof IntakeError) return [error.code, error.message];
    throw error;
  }
  throw new Error(`accepted: ${JSON.stringify(body)}`);
}

const receipt = { use: 2, nonce: 'n-1', records: 75, sha256: 'a'.repeat(64), deliverySignature: `0x${'b'.repeat(130)}` };
const request = { use: 1, timeMs: 1_700_000_000_000, nonce: 'n-1', endpoint: 'http://127.0.0.1:8490/records', consumerSignature: '0x00', grant: { grantId: 1 }, signature: '0x01' };
const report = { grantId: 3, rights: 1, outcome: 'delivered', request };

describe('grant bodies, checked by their schemas', () => {
  it('accept what the ledger accepted, and hand it on typed (a report keeps the signed request whole)', () => {
    expect(parseReceipt(receipt)).toEqual(receipt);
    expect(parseFailure({ reason: 'timeout' })).toBe('timeout');
    // Conformance evidence is read on the intake (src/intake/evidence.ts): its digest, with the messages of the schema check it replaced.
    expect(evidenceOf({ nonce: 'n-1', records: [{ a: 1 }] })).toMatchObject({ nonce: 'n-1', count: 1 });
    expect(parseDeliveryReport(report)).toEqual(report);
    expect(parseDeliveryReport({ ...report, rights: 0, outcome: 'EXPIRED' }).outcome).toBe('EXPIRED');
  });

  it('refuse with the codes and messages of the hand checks they replace', () => {
    const receiptCases: [unknown, string][] = [
      [null, 'a JSON body {use, nonce, records, sha256, deliverySignature}'],
      [[], 'a JSON body {use, nonce, records, sha256, deliverySignature}'],
      [{ ...receipt, use: 0 }, 'use: a positive integer (rights)'],
      [{ ...receipt, nonce: 'a b' }, 'nonce: 1 to 64 of A-Z a-z 0-9 _ -'],
      [{ ...receipt, records: -1 }, 'records: a non-negative integer'],
      [{ ...receipt, sha256: 'A'.repeat(64) }, 'sha256: 64 lower-case hex digits'],
      [{ ...receipt, deliverySignature: 'nope' }, "deliverySignature: the provider's 65-byte signature, 0x hex"],
    ];
    for (const [body, message] of receiptCases) expect(refusal(parseReceipt, body), JSON.stringify(body)).toEqual(['MALFORMED_RECEIPT', message]);
    for (const body of [undefined, {}, { reason: 'lazy' }, { reason: 3 }]) {
      expect(refusal(parseFailure, body)).toEqual(['MALFORMED_FAILURE', 'a JSON body {reason: unreachable | timeout | server-error}']);
    }
    const whole = 'a JSON body {nonce, records}: the receipted request and the records it delivered';
    expect(refusal(evidenceOf, undefined)).toEqual(['MALFORMED_EVIDENCE', whole]);
    expect(refusal(evidenceOf, { nonce: 'n-1', records: 'all' })).toEqual(['MALFORMED_EVIDENCE', whole]);
    expect(refusal(evidenceOf, { records: [] })).toEqual(['MALFORMED_EVIDENCE', whole]);
    const tooMany = `records: at most ${MAX_EVIDENCE_RECORDS} JSON objects, as the provider delivered them`;
    expect(refusal(evidenceOf, { nonce: 'n-1', records: [{}, 3] })).toEqual(['MALFORMED_EVIDENCE', tooMany]);
    expect(refusal(evidenceOf, { nonce: 'n-1', records: [{}, []] })).toEqual(['MALFORMED_EVIDENCE', tooMany]);
    expect(refusal(evidenceOf, { nonce: 'n-1', records: Array.from({ length: MAX_EVIDENCE_RECORDS + 1 }, () => ({})) })).toEqual(['MALFORMED_EVIDENCE', tooMany]);
    const reportCases: [unknown, string][] = [
      [undefined, 'a JSON body {grantId, rights, outcome, request}'],
      [{ ...report, grantId: '3' }, 'a JSON body {grantId, rights, outcome, request}'],
      [{ ...report, outcome: 7 }, 'a JSON body {grantId, rights, outcome, request}'],
      [{ ...report, rights: -1 }, 'rights: a non-negative integer'],
      [{ ...report, outcome: 'lost' }, expect.stringMatching(/^outcome: one of delivered, pushed, streamed, FORGED_GRANT, /)],
      [{ ...report, outcome: 'EXPIRED' }, 'a refusal delivers 0 rights'],
      [{ ...report, request: undefined }, 'request: the gate request the outcome answers, as the consumer signed it (a push carries push instead, a streamed batch stream)'],
      [{ ...report, delivery: { grantId: 3, use: 1, nonce: 'n-1', records: 25, sha256: 'a'.repeat(64) } }, 'delivery and deliverySignature: the signed statement of what was served, both or neither (a push or a streamed batch needs both)'],
      [{ grantId: 3, rights: 1, outcome: 'pushed', request }, 'request: the gate request the outcome answers, as the consumer signed it (a push carries push instead, a streamed batch stream)'],
      [{ grantId: 3, rights: 1, outcome: 'streamed', request }, 'request: the gate request the outcome answers, as the consumer signed it (a push carries push instead, a streamed batch stream)'],
      [{ grantId: 3, rights: 1, outcome: 'streamed', stream: { seq: 1, request: { ...request, rights: 2 } } }, 'delivery and deliverySignature: the signed statement of what was served, both or neither (a push or a streamed batch needs both)'],
      [{ ...report, stream: { seq: 1, request: { ...request, rights: 2 } } }, 'request: the gate request the outcome answers, as the consumer signed it (a push carries push instead, a streamed batch stream)'],
      [{ ...report, request: { ...request, use: 0 } }, 'request.use: a positive integer'],
      [{ ...report, request: { ...request, timeMs: 1.5 } }, 'request.timeMs: ms since the epoch'],
      [{ ...report, request: { ...request, nonce: '' } }, 'request.nonce: 1 to 64 of A-Z a-z 0-9 _ -'],
      [{ ...report, request: { ...request, endpoint: 5 } }, 'request: endpoint and consumerSignature'],
    ];
    for (const [body, message] of reportCases) expect(refusal(parseDeliveryReport, body), JSON.stringify(body)).toEqual(['MALFORMED_REPORT', message]);
  });

  it('are in the OpenAPI document as the schemas that validate them', () => {
    const doc = openApiDocument(Object.values(GRANT_OPERATIONS), { version: 'test' }) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { $ref?: string } }> } }>>;
      components: { schemas: Record<string, { properties?: Record<string, { type?: string }>; required?: string[] }> };
    };
    const bodyRef = (path: string): string | undefined => doc.paths[path]?.post?.requestBody?.content['application/json']?.schema.$ref;
    expect(bodyRef('/v1/grants/{id}/receipts')).toBe('#/components/schemas/DeliveryReceipt');
    expect(bodyRef('/v1/grants/{id}/delivery-failures')).toBe('#/components/schemas/DeliveryFailure');
    expect(bodyRef('/v1/grants/{id}/conformance')).toBe('#/components/schemas/ConformanceEvidence');
    expect(bodyRef('/v1/deliveries')).toBe('#/components/schemas/DeliveryReport');
    const receiptSchema = doc.components.schemas.DeliveryReceipt!;
    // The receipt names how many records were delivered (a count), as the provider's statement does.
    expect(receiptSchema.properties?.records?.type).toBe('integer');
    expect([...(receiptSchema.required ?? [])].sort()).toEqual(['deliverySignature', 'nonce', 'records', 'sha256', 'use']);
    expect([...(doc.components.schemas.DeliveryReport!.required ?? [])].sort()).toEqual(['grantId', 'outcome', 'rights']); // request: absent from a push's report, which carries push
  });
});
