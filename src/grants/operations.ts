/**
 * The access grants' HTTP operations: rows of the gateway's route registry
 * (src/gateway/operations.ts), served by routes.ts. Their bodies' schemas (bodies.ts) are
 * what the handlers validate with (MALFORMED_RECEIPT, ... on a refusal) and what the document
 * shows.
 */
import { z } from 'zod';
import { field, ONE_ROW_READ_COST, pageReadCost, type Operation } from '../http-registry/index.js';
import { GRANT_LIST_ANSWER, GRANT_LIST_QUERY, GRANT_LIST_REFUSALS } from './grant-list.js';
import { claimBody, decisionBody, deliveryReportBody, evidenceBody, failureBody, receiptBody } from './bodies.js';

export { deliveryReportBody, evidenceBody, failureBody, receiptBody };

const grantId = z.object({ id: field.id('a grant id') });
/** A list's refusals: its query (grant-list.ts), and before the ledger opens. */
const LIST_ERRORS = { 400: GRANT_LIST_REFUSALS, 503: 'GRANTS_UNAVAILABLE: the service is starting' } as const;
/** A grant the signer has no part in is answered as one that does not exist: no caller can tell which ids are live. */
const UNKNOWN = 'UNKNOWN_GRANT: no grant has this id, or the signer has no part in it (the two are answered alike)';
/** The consumer's steps: its grant's provider, which knows the grant, is told it is not its to take. */
const CONSUMER_ERRORS = { 403: "NOT_YOUR_GRANT (the grant's provider)", 404: UNKNOWN, 503: 'GRANTS_UNAVAILABLE: the service is starting' } as const;
/** The reads its consumer, its consumer's organisation's members and its provider make: anyone else is told it does not exist. */
/** A write the ledger keeps beside the journal (receipts, reports, failures, conformance, decision notes): a replicated group's leader answers it once the catalog stream holds it. */
const WRITE_UNAVAILABLE = 'GRANTS_UNAVAILABLE (the service is starting), NOT_REPLICATED (stored on this node, not on the catalog stream: it no longer leads; send it again to the new leader)';
const READ_ERRORS = { 404: UNKNOWN, 503: 'GRANTS_UNAVAILABLE: the service is starting' } as const;

/**
 * The longest a revocations long poll waits: under the 10 s after which uWS ends an HTTP request it has
 * not answered, with a margin for a loaded turn.
 */
export const MAX_REVOCATION_WAIT_MS = 8_000;

export const GRANT_OPERATIONS = {
  signer: {
    method: 'GET',
    path: '/v1/grants/signer',
    operationId: 'getGrantSigner',
    summary: "The access grants' EIP-712 domain and the exchange's signer address: what a provider's gate trusts",
    tags: ['grants'],
    security: 'public',
    responses: { 200: { description: '{domain, signer}' } },
    errors: { 503: 'GRANTS_UNAVAILABLE' },
  },
  receipts: {
    method: 'POST',
    path: '/v1/grants/{id}/receipts',
    operationId: 'postGrantReceipt',
    summary: "The grant's consumer's receipt of a download: the provider's signed delivery statement",
    tags: ['grants'],
    security: 'wallet',
    params: grantId,
    body: receiptBody,
    responses: { 200: { description: '{receipt, grant}' } },
    errors: { 400: 'MALFORMED_RECEIPT', 403: "NOT_YOUR_GRANT (the grant's provider), BAD_DELIVERY_SIGNATURE", 404: UNKNOWN, 409: 'RECEIPT_REPLAYED, OVER_QUANTITY', 503: WRITE_UNAVAILABLE },
  },
  failures: {
    method: 'POST',
    path: '/v1/grants/{id}/delivery-failures',
    operationId: 'reportDeliveryFailure',
    summary: "The grant's consumer could not get the records (once per grant)",
    tags: ['grants'],
    security: 'wallet',
    params: grantId,
    body: failureBody,
    responses: { 200: { description: 'the grant' } },
    errors: { 400: 'MALFORMED_FAILURE', ...CONSUMER_ERRORS, 409: 'ALREADY_REPORTED, NOTHING_OWED, EVIDENCE_OF_DELIVERY (the provider evidenced every right: its endpoint was reached)', 503: WRITE_UNAVAILABLE },
  },
  conformance: {
    method: 'POST',
    path: '/v1/grants/{id}/conformance',
    operationId: 'postConformanceEvidence',
    summary: "A receipted request's records, measured against the listing version sold (once per receipt)",
    tags: ['grants'],
    security: 'wallet',
    params: grantId,
    body: evidenceBody,
    responses: { 200: { description: 'the conformance verdict (docs/catalog.md, "Conformance")' } },
    errors: { 400: 'MALFORMED_EVIDENCE', ...CONSUMER_ERRORS, 409: 'NOT_RECEIPTED, CONFORMANCE_CHECKED, NO_LISTING', 422: 'RECORDS_NOT_AS_SIGNED', 503: WRITE_UNAVAILABLE },
  },
  claims: {
    method: 'POST',
    path: '/v1/grants/{id}/claims',
    operationId: 'fileGrantClaim',
    summary: "A claim that the grant was not served (refunded, for rights nothing evidences, what the provider was paid for them, unless it delivers within the grace), or a dispute of an evidenced delivery saying what was wrong (the operator decides); an organisation's grant is claimed by its admins and traders",
    tags: ['grants'],
    security: 'wallet',
    params: grantId,
    body: claimBody,
    responses: { 201: { description: '{grantId, dueAtMs, message} for a claim; {grantId, dispute: {reason, evidencedQty}, message} for a dispute' } },
    errors: { 400: 'MALFORMED_CLAIM', ...CONSUMER_ERRORS, 403: "NOT_YOUR_GRANT (the grant's provider), ROLE_FORBIDDEN (a reader, on its organisation's grant)", 409: 'ALREADY_DELIVERED, CLAIM_EXISTS, DISPUTE_WINDOW_CLOSED, NO_ESCROW, ESCROW_CLOSED, EVIDENCE_OF_DELIVERY, NO_EVIDENCE, USAGE_GRANT' },
  },
  mine: {
    method: 'GET',
    path: '/v1/grants/mine',
    operationId: 'listMyGrants',
    summary: "The consumer's signed grants, newest first, with their delivery and escrow: a page before a grant id (`before`, the previous page's `next`) or by offset (at most 10,000)",
    tags: ['grants'],
    security: 'wallet',
    readCost: pageReadCost(50),
    query: z.object({ exercise: field.id('the grants of one exercise').optional(), ...GRANT_LIST_QUERY }),
    responses: { 200: { description: GRANT_LIST_ANSWER } },
    errors: LIST_ERRORS,
  },
  one: {
    method: 'GET',
    path: '/v1/grants/mine/{id}',
    operationId: 'getMyGrant',
    readCost: ONE_ROW_READ_COST,
    summary: 'One grant its consumer uses or its provider serves',
    tags: ['grants'],
    security: 'wallet',
    params: grantId,
    responses: { 200: { description: 'the grant: the signed grant, its delivery (`delivered`, `reportedByProvider`, `counted`; `disputeWindow` open | ended | null with `disputeEndsAtMs`, when the dispute time of the provider\'s unreceipted reports ends or ended), its escrow, and for a usage grant `usage {unit, perRight, units, usedUnits, leftUnits, settled}` (docs/delivery.md, "Usage grants"; null for one-time rights)' } },
    errors: READ_ERRORS,
  },
  proof: {
    method: 'GET',
    path: '/v1/grants/mine/{id}/proof',
    operationId: 'getGrantProof',
    readCost: ONE_ROW_READ_COST, // and its batch's grants, hashed into the proof: their count is not the query's (see docs/http-api.md)
    summary: "Once its batch settled: the batch, the leaf and the Merkle proof to check on-chain (registry.isGrantCommitted)",
    tags: ['grants'],
    security: 'wallet',
    params: grantId,
    responses: { 200: { description: '{batchId, root, leaf, proof, registry}' } },
    errors: { ...READ_ERRORS, 409: 'NOT_SETTLED' },
  },
  grantReceipts: {
    method: 'GET',
    path: '/v1/grants/mine/{id}/receipts',
    operationId: 'listGrantReceipts',
    readCost: pageReadCost(200), // a page of the grant's receipts (one per gate request counted): DETAIL_PAGE by default
    summary: 'The receipts accepted on a grant, a page at a time: ?after=<the last nonce of the page before>&limit= (1–1000, default 200); `next` names the next page\'s `after`, null at the end',
    tags: ['grants'],
    security: 'wallet',
    params: grantId,
    query: z.object({
      after: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a nonce: 1 to 64 of A-Z a-z 0-9 _ -').meta({ description: "the last receipt's nonce of the page before" }).optional(),
      limit: field.int(1, 1_000, 'at most this many', 200).optional(),
    }),
    responses: { 200: { description: '{receipts, next}' } },
    errors: READ_ERRORS,
  },
  owed: {
    method: 'GET',
    path: '/v1/provider/grants',
    operationId: 'listOwedGrants',
    summary: 'The grants a provider owes delivery on, newest first: a page before a grant id (`before`, the previous page\'s `next`) or by offset (at most 10,000)',
    tags: ['provider'],
    security: 'wallet',
    readCost: pageReadCost(50),
    query: z.object(GRANT_LIST_QUERY),
    responses: { 200: { description: GRANT_LIST_ANSWER } },
    errors: { ...LIST_ERRORS, 403: 'NOT_A_PROVIDER' },
  },
  revocations: {
    method: 'GET',
    path: '/v1/provider/revocations',
    operationId: 'listRevocations',
    summary: "Rights refunded to consumers of the provider's grants, which its gate must no longer serve, after a journal seq",
    tags: ['provider'],
    security: 'wallet',
    query: z.object({
      after: field.int(0, Number.MAX_SAFE_INTEGER, 'the last seq read (0: from the start)', 0).optional(),
      limit: field.int(1, 1_000, 'at most this many', 500).optional(),
      waitMs: field.int(0, MAX_REVOCATION_WAIT_MS, 'while there are none, wait up to this long for the next (a long poll)', 0).optional(),
    }),
    responses: { 200: { description: '{revocations: [{seq, grantId, revokedQty}], next}: revokedQty is the grant\'s rights withdrawn in all as of seq; ask again with after=next' } },
    errors: { 503: 'GRANTS_UNAVAILABLE' },
  },
  disputes: {
    method: 'GET',
    path: '/operator/disputes',
    operationId: 'listDisputes',
    summary: 'Open disputes of evidenced deliveries (rules 5), oldest grant first: each grant with its escrow, the evidence from both sides, receipts and their conformance',
    tags: ['moderation'],
    security: 'operator',
    responses: { 200: { description: '{disputes}' } },
    errors: { 503: 'GRANTS_UNAVAILABLE' },
  },
  decideDispute: {
    method: 'POST',
    path: '/operator/disputes/{id}/decision',
    operationId: 'decideDispute',
    summary: "Decide a dispute: refund refundQty rights from their held proceeds (never more than the provider was paid for them), charge the provider's free PAT chargeProviderMicros more (never past the consumer's price), uphold the rest as delivered",
    tags: ['moderation'],
    security: 'operator',
    role: 'moderator',
    params: grantId,
    body: decisionBody,
    responses: { 200: { description: '{grantId, refundQty, upheldQty, refundMicros, fromHeldMicros, fromProviderMicros, shortfallMicros, releasedMicros}' } },
    errors: { 400: 'MALFORMED_DECISION', 404: 'UNKNOWN_GRANT', 409: 'NO_OPEN_DISPUTE, INVALID_DECISION, ESCROW_CLOSED', 503: 'NOT_REPLICATED (the decision is taken; its note is stored on this node, not on the catalog stream)' },
  },
  deliveries: {
    method: 'POST',
    path: '/v1/deliveries',
    operationId: 'reportDelivery',
    summary: "A provider's gate's delivery report: the gate request the grant's consumer signed (for a push, its push authorisation and what answered; for a streamed batch, its stream request), with the provider's signed statement of what it served: a delivery's evidence",
    tags: ['provider'],
    security: 'wallet',
    body: deliveryReportBody,
    responses: { 200: { description: 'the grant' } },
    errors: { 400: 'MALFORMED_REPORT', 403: "NOT_YOUR_GRANT (the grant's consumer), FORGED_REQUEST, FORGED_PUSH, BAD_DELIVERY_SIGNATURE", 404: "UNKNOWN_GRANT: no grant has this id, or it is neither the signer's to serve nor to use (the two are answered alike)", 503: WRITE_UNAVAILABLE },
  },
} as const satisfies Record<string, Operation>;
