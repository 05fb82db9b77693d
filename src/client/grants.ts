/**
 * A consumer's access grants from a program (docs/delivery.md): its grants with their
 * delivery and escrow, one grant, its receipts and its on-chain proof; the consumer's word on
 * a delivery (a receipt, a failure, conformance evidence; downloadWithGrant in delivery.ts
 * sends these itself after a download); and, when something went wrong, a claim (nothing
 * arrived: refunded automatically for rights nothing evidences) or a dispute (the provider
 * holds evidence of delivering, so the consumer says what was wrong and the operator
 * decides). Each function is one operation of the route registry (its operationId in the
 * comment); a refusal throws PatxHttpError (http.ts), whose `code` names it.
 *
 *   const http = { url: 'http://127.0.0.1:8480', wallet };
 *   const { grants } = await listMyGrants(http);
 *   try {
 *     await fileClaim(http, grants[0]!.grant.grantId);
 *   } catch (e) {
 *     if (e instanceof PatxHttpError && e.code === 'EVIDENCE_OF_DELIVERY') await disputeDelivery(http, grants[0]!.grant.grantId, 'missing-records');
 *   }
 */
import type { ConformanceVerdict } from '../catalog/conformance.js';
import type { AccessGrant, GrantDomain } from '../grants/grant.js';
import type { DeliveryFailure } from '../grants/bodies.js';
import type { GrantEscrowRecord, NotCounted } from '../grants/grant-record.js';
import type { StoredReceipt } from '../grants/ledger.js';
import { idText, PatxHttpError, publicGet, queryOf, signedCall, type ExchangeHttp } from './http.js';

export type { ConformanceVerdict, DeliveryFailure };

/** What a dispute says was wrong with an evidenced delivery. */
export type DisputeReason = 'missing-records' | 'nonconforming';

/** What a claim on a grant says (POST /v1/grants/{id}/claims): nothing arrived (a claim), or what was wrong with an evidenced delivery (a dispute). */
export const CLAIM_REASONS = ['not-received', 'missing-records', 'nonconforming'] as const satisfies ReadonlyArray<'not-received' | DisputeReason>;
export type ClaimReason = (typeof CLAIM_REASONS)[number];

/**
 * A grant's escrow (µPAT): the sale proceeds held behind it until it is delivered, its dispute
 * window passes, a claim refunds the consumer, or the operator decides a dispute.
 */
export interface GrantEscrow {
  state: GrantEscrowRecord['state'];
  escrowedMicros: number;
  heldMicros: number;
  releasedMicros: number;
  /** Rights confirmed delivered by the consumer's receipts. */
  confirmedQty: number;
  disputeEndsAtMs: number;
  claim: { filedAtMs: number; dueAtMs: number; undeliveredQty: number } | null;
  /** Rights the provider holds evidence of delivering (the consumer's signed request and its signed statement, or a push the consumer's webhook took). */
  evidencedQty: number;
  /** The consumer's dispute of evidenced delivery, and the operator's decision once made. */
  dispute: NonNullable<GrantEscrowRecord['dispute']> | null;
  /** The last refund: a claim's, or a dispute decision's. */
  refund: NonNullable<GrantEscrowRecord['refund']> | null;
  /** Rights refunded in all (a claim's and a decision's after it). */
  refundedQty: number;
  /** Of them, those never served: withdrawn from the grant, and no longer served by the provider's gate. */
  revokedQty: number;
}

/**
 * A usage grant's units: its unit and units per right, all of them, those the exchange holds
 * evidence of (used) and left, and, once its dispute window ended, how it settled: the unused
 * units' share of the held proceeds refunded to the consumer, the rest released to the provider.
 */
export interface GrantUsage {
  unit: 'records' | 'requests';
  perRight: number;
  units: number;
  usedUnits: number;
  leftUnits: number;
  settled: { atMs: number; usedUnits: number; refundMicros: number; releasedMicros: number } | null;
}

/** A grant as its consumer (or provider) sees it (src/grants/grant-view.ts's grantView). */
export interface GrantView {
  grant: AccessGrant;
  /** The exchange's EIP-712 signature of `grant`: with it, `{grant, signature}` is the SignedGrant a gate takes. */
  signature: string;
  domain: GrantDomain;
  exerciseId: number;
  seq: number;
  issuedAtMs: number;
  /** Rights the consumer receipted. */
  delivered: number;
  receipts: number;
  reportedByProvider: number;
  /** Rights counted toward the provider's reliability and payout. */
  counted: number;
  /**
   * When the dispute time of the provider's unreceipted reports ends (`disputeWindow` 'open') or ended ('ended'):
   * after it a report undisputed counts. Null when there was none, or it ended before the exchange kept the time.
   */
  disputeEndsAtMs: number | null;
  /** Whether that dispute time is pending or over (null: none yet). Absent from an exchange before 2026-12-02, where an ended one read `disputeEndsAtMs` null. */
  disputeWindow?: 'open' | 'ended' | null;
  disputed: boolean;
  dueAtMs: number | null;
  refusals: number;
  refusalReasons: string[];
  unreachable: { atMs: number; reason: string } | null;
  lastReport?: { atMs: number; outcome: string };
  /** Null for a grant issued before escrow. */
  escrow: GrantEscrow | null;
  /** A usage grant's units (issue 81; docs/delivery.md, "Usage grants"); null for one-time rights. */
  usage: GrantUsage | null;
  /** Its receipts count for nothing on the listing, and why (washing). */
  notCountedForListing: NotCounted | null;
}

/** A page of grants by offset (docs/delivery.md, "Listing grants"): with the count of all, and the next page's cursor. */
export interface GrantPage {
  /** Counted up to 10,000: with `totalCapped`, there are more. */
  total: number;
  totalCapped?: boolean;
  grants: GrantView[];
  /** The `before` of the next page (its last grant id), null on the last (undefined from an exchange before 2026-12-06). */
  next?: number | null;
}

/** A page of grants before a grant id: nothing counted. */
export interface GrantCursorPage {
  grants: GrantView[];
  /** The `before` of the next page (its last grant id), null on the last. */
  next: number | null;
}

/** What a list of grants is asked for: before a grant id (the previous page's `next`), or by offset (at most 10,000). */
export type GrantPaging = { offset?: number; limit?: number } | { before: number; limit?: number };

/** A receipt the exchange accepted. */
export type GrantReceipt = StoredReceipt;

/** A consumer's receipt of a download: the provider's signed delivery statement, as the gate answered it. */
export interface ReceiptInput {
  use: number;
  nonce: string;
  records: number;
  sha256: string;
  deliverySignature: string;
}

/** Once its batch settled: what proves the grant on-chain (registry.isGrantCommitted). */
export interface GrantProof {
  batchId: number;
  root: string;
  leaf: string;
  proof: string[];
  registry: string;
}

/** A claim filed: unless the provider delivers by `dueAtMs`, the consumer is refunded for the rights nothing evidences. */
export interface ClaimFiled {
  grantId: number;
  dueAtMs: number;
  message: string;
}

/** A dispute filed: the operator decides; nothing is refunded or released before. */
export interface DisputeFiled {
  grantId: number;
  dispute: { reason: DisputeReason; evidencedQty: number };
  message: string;
}

/** The grants' EIP-712 domain and the exchange's signer address: what a provider's gate trusts (getGrantSigner; public). */
export async function getGrantSigner(http: Pick<ExchangeHttp, 'url' | 'timeoutMs'>): Promise<{ domain: GrantDomain; signer: string }> {
  return publicGet(http, '/v1/grants/signer');
}

/**
 * The account's grants, newest first, with their delivery and escrow; `exercise` narrows to one exercise's (listMyGrants).
 * With `before` (the previous page's `next`) a page reads only itself and counts nothing; by offset it says the total.
 */
export function listMyGrants(http: ExchangeHttp, page: { exercise?: number; before: number; limit?: number }): Promise<GrantCursorPage>;
export function listMyGrants(http: ExchangeHttp, page?: { exercise?: number; offset?: number; limit?: number }): Promise<GrantPage>;
export async function listMyGrants(http: ExchangeHttp, page: { exercise?: number } & GrantPaging = {}): Promise<GrantPage | GrantCursorPage> {
  return signedCall<GrantPage>(http, 'GET', `/v1/grants/mine${queryOf({ exercise: page.exercise, ...grantPagingQuery(page) })}`);
}

/** A list's paging fields as its query names them. */
export function grantPagingQuery(page: GrantPaging): { before?: number; offset?: number; limit?: number } {
  return 'before' in page ? { before: page.before, limit: page.limit } : { offset: page.offset, limit: page.limit };
}

/**
 * What a grant has left to download: a one-time grant's rights less those served (receipted, or evidenced: the
 * provider reported them with the consumer's signed request) and those revoked (refunded and never served: the
 * provider's gate no longer serves them); a usage grant's units the exchange has not seen used (the gate's own count
 * may be ahead: it then refuses EXHAUSTED) less those an operator's refund withdrew, none once it settled (the unused refunded and withdrawn). `patx download` uses all of it by default (one request at a time by
 * requests), and so do the demo's consumer and the Python client.
 */
export function leftToUse(view: { grant: { quantity: number }; delivered: number; usage?: GrantUsage | null; escrow?: RefundedParts | null }): number {
  const u = view.usage;
  if (u !== null && u !== undefined) return u.settled !== null && u.settled !== undefined ? 0 : Math.max(0, u.units - Math.max(u.usedUnits, view.delivered) - (view.escrow?.revokedQty ?? 0));
  return Math.max(0, view.grant.quantity - servedRights(view) - revokedRights(view.escrow));
}

/** Rights of a one-time grant served: receipted by the consumer, or evidenced by the provider's reports (whichever is more). */
export function servedRights(view: { delivered: number; escrow?: RefundedParts | null }): number {
  return Math.max(view.delivered, view.escrow?.evidencedQty ?? 0);
}

/**
 * Why a grant has nothing left to download (undefined: it has some): GRANT_REFUNDED when refunded rights are part of
 * why (the consumer has its PAT back for them), else GRANT_USED. The CLI and the MCP tool refuse with it before asking the gate.
 */
export function nothingLeft(view: Parameters<typeof leftToUse>[0] & { grant: { grantId: number } }): { code: 'GRANT_USED' | 'GRANT_REFUNDED'; message: string } | undefined {
  if (leftToUse(view) > 0) return undefined;
  const g = view.grant;
  const u = view.usage;
  if (u !== null && u !== undefined && u.settled !== null && u.settled !== undefined && u.usedUnits < u.units) {
    return { code: 'GRANT_REFUNDED', message: `grant ${g.grantId}'s use has ended: ${u.usedUnits} of its ${u.units} ${u.unit} used, the rest refunded to you` };
  }
  if (u !== null && u !== undefined) return { code: 'GRANT_USED', message: `grant ${g.grantId}'s ${u.units} ${u.unit} are all used: exercise more rights for another grant` };
  const refunded = refundedRights(view.escrow);
  if (refunded === 0) return { code: 'GRANT_USED', message: `grant ${g.grantId}'s ${g.quantity} right(s) are all used: exercise more rights for another grant` };
  return { code: 'GRANT_REFUNDED', message: `grant ${g.grantId} has nothing left: of its ${g.quantity} right(s), ${servedRights(view)} served and ${refunded} refunded to you` };
}

/**
 * What a download takes by default: one request of a usage grant by requests, else all the grant has left and at
 * least 1 (the gate refuses EXHAUSTED a grant used up: a typed refusal rather than a request for nothing).
 */
export function defaultUse(view: Parameters<typeof leftToUse>[0]): number {
  return view.usage?.unit === 'requests' ? 1 : Math.max(1, leftToUse(view));
}

/** What a claim's refund paid the consumer: from what the grant held and the provider's PAT; the refund due less its shortfall (docs/delivery.md, "A refund"). */
export function refundPaidMicros(refund: { fromHeldMicros: number; fromProviderMicros: number }): number {
  return refund.fromHeldMicros + refund.fromProviderMicros;
}

/** The parts of a grant's escrow that say what was served and refunded (the console's view of an escrow has them too). */
type RefundedParts = { refundedQty?: number; revokedQty?: number; evidencedQty?: number; refund?: { undeliveredQty: number } | null };

/** Rights of a one-time grant refunded to its consumer in all: by its claim, and by the operator's decision of its dispute. */
export function refundedRights(escrow: RefundedParts | null | undefined): number {
  return escrow?.refundedQty ?? lastRefundOnly(escrow);
}

/** An exchange before 2026-11-30 shows only the last refund: its rights stand for both counts. */
function lastRefundOnly(escrow: RefundedParts | null | undefined): number {
  return escrow?.refund?.undeliveredQty ?? 0;
}

/**
 * Rights of a one-time grant withdrawn by its refunds: refunded and never served, which the provider's gate no longer
 * serves (`GET /v1/provider/revocations`). A decision refunding rights the consumer was served (their records were
 * wrong) withdraws none of those, so the rights not yet used stay usable.
 */
export function revokedRights(escrow: RefundedParts | null | undefined): number {
  return escrow?.revokedQty ?? lastRefundOnly(escrow);
}

/** One grant the account uses or serves (getMyGrant). UNKNOWN_GRANT while the grant ledger has not recorded it yet. */
export async function getMyGrant(http: ExchangeHttp, grantId: number): Promise<GrantView> {
  return signedCall<GrantView>(http, 'GET', `/v1/grants/mine/${idText('grant', grantId)}`);
}

/** The grant's Merkle proof in its settled batch (getGrantProof); NOT_SETTLED until the batch is. */
export async function getGrantProof(http: ExchangeHttp, grantId: number): Promise<GrantProof> {
  return signedCall<GrantProof>(http, 'GET', `/v1/grants/mine/${idText('grant', grantId)}/proof`);
}

/** One page of the receipts accepted on a grant, by nonce after `after` (listGrantReceipts); `next` is the next page's `after`, null at the end. */
export async function listGrantReceiptsPage(http: ExchangeHttp, grantId: number, after = '', limit?: number): Promise<{ receipts: GrantReceipt[]; next: string | null }> {
  const query = new URLSearchParams({ ...(after === '' ? {} : { after }), ...(limit === undefined ? {} : { limit: String(limit) }) }).toString();
  return signedCall(http, 'GET', `/v1/grants/mine/${idText('grant', grantId)}/receipts${query === '' ? '' : `?${query}`}`);
}

/** The receipts accepted on a grant, each with its conformance check, every page (listGrantReceipts). */
export async function listGrantReceipts(http: ExchangeHttp, grantId: number): Promise<GrantReceipt[]> {
  const all: GrantReceipt[] = [];
  for (let after = ''; ; ) {
    const page = await listGrantReceiptsPage(http, grantId, after);
    all.push(...page.receipts);
    if (page.next === null) return all;
    after = page.next;
  }
}

/** Receipts a download with the provider's signed statement (postGrantReceipt); downloadWithGrant does this itself. */
export async function postGrantReceipt(http: ExchangeHttp, grantId: number, receipt: ReceiptInput): Promise<{ receipt: GrantReceipt; grant: GrantView }> {
  return signedCall(http, 'POST', `/v1/grants/${idText('grant', grantId)}/receipts`, receipt);
}

/** Reports that the provider's endpoint could not be reached, timed out or answered 5xx, once per grant (reportDeliveryFailure). */
export async function reportDeliveryFailure(http: ExchangeHttp, grantId: number, reason: DeliveryFailure): Promise<GrantView> {
  return signedCall<GrantView>(http, 'POST', `/v1/grants/${idText('grant', grantId)}/delivery-failures`, { reason });
}

/**
 * Sends a receipted request's records to be measured against the listing version sold, once
 * per receipt (postConformanceEvidence): the verdict is evidence for a `nonconforming` dispute.
 */
export async function postConformanceEvidence(http: ExchangeHttp, grantId: number, evidence: { nonce: string; records: Record<string, unknown>[] }): Promise<ConformanceVerdict> {
  return signedCall<ConformanceVerdict>(http, 'POST', `/v1/grants/${idText('grant', grantId)}/conformance`, evidence);
}

/**
 * Claims that nothing arrived (fileGrantClaim, reason not-received): unless the provider
 * delivers by `dueAtMs`, the consumer is refunded, for the rights nothing evidences, what the
 * provider was paid for them. EVIDENCE_OF_DELIVERY (409) when the provider holds evidence of
 * delivering: dispute instead (disputeDelivery), saying what was wrong.
 */
export async function fileClaim(http: ExchangeHttp, grantId: number): Promise<ClaimFiled> {
  const answer = await signedCall<ClaimFiled | DisputeFiled>(http, 'POST', `/v1/grants/${idText('grant', grantId)}/claims`, { reason: 'not-received' });
  if (!('dueAtMs' in answer)) throw new PatxHttpError('BAD_REPLY', `a claim on grant ${grantId} was answered with a dispute: ${answer.message}`, 201);
  return answer;
}

/**
 * Disputes an evidenced delivery (fileGrantClaim with a reason): the records were missing, or
 * do not conform to the version sold. The operator decides (or the conformance result);
 * nothing is refunded or released before. NO_EVIDENCE (409) when nothing evidences delivery:
 * a claim (fileClaim) is refunded without a dispute.
 */
export async function disputeDelivery(http: ExchangeHttp, grantId: number, reason: DisputeReason): Promise<DisputeFiled> {
  const answer = await signedCall<ClaimFiled | DisputeFiled>(http, 'POST', `/v1/grants/${idText('grant', grantId)}/claims`, { reason });
  if (!('dispute' in answer)) throw new PatxHttpError('BAD_REPLY', `a dispute of grant ${grantId} was answered with a claim: ${answer.message}`, 201);
  return answer;
}
