/**
 * Access grants over HTTP (docs/delivery.md):
 *
 *   public    GET  /v1/grants/signer             the domain and the signer's address (what a gate trusts)
 *   consumer  (wallet-signed) GET /v1/grants/mine?exercise=&offset=&limit=   its grants, newest first
 *             GET /v1/grants/mine/{id}           one grant (its consumer's or its provider's)
 *             GET /v1/grants/mine/{id}/proof     once its batch settled: the batch, the leaf and the
 *                                                Merkle proof to check on-chain (registry.isGrantCommitted)
 *             GET /v1/grants/mine/{id}/receipts  the receipts accepted on it
 *             POST /v1/grants/{id}/receipts {use, nonce, records, sha256, deliverySignature}
 *                                                its receipt for a download: the provider's signed delivery statement
 *             POST /v1/grants/{id}/delivery-failures {reason: unreachable | timeout | server-error}
 *                                                its client could not get the records (once per grant)
 *             POST /v1/grants/{id}/conformance {nonce, records}
 *                                                a receipted request's records, measured against the
 *                                                listing (docs/catalog.md, "Conformance"; once per receipt)
 *             POST /v1/grants/{id}/claims        it was not served: a claim against the grant's held
 *                                                proceeds (docs/delivery.md, "Escrow, claims and refunds")
 *   provider  (wallet-signed) GET /v1/provider/grants?offset=&limit=   the grants it owes delivery on
 *             POST /v1/deliveries {grantId, rights, outcome, request}  its gate's report, with the
 *                                                gate request the grant's consumer signed
 *
 * Errors are the house shape `{error: CODE, message}`; nothing changes on one. A grant id that is not the
 * signer's to see is answered exactly as one that names no grant (`unknownGrant`: UNKNOWN_GRANT, 404, the same
 * message), so a stranger cannot enumerate ids; NOT_YOUR_GRANT is left for the parties that know the grant exists
 * (its provider doing a consumer's step, its consumer reporting as a provider).
 */
import type { HttpReply, HttpRequestInfo, MountedRoute } from '../http-registry/index.js';
import { GrantTree } from './commitment.js';
import type { EvidenceDigest } from './evidence-digest.js';
import { parseClaim, parseDecision, parseDeliveryReport, parseFailure, parseReceipt, type ClaimReason } from './bodies.js';
import { GRANT_OPERATIONS as OPS, MAX_REVOCATION_WAIT_MS } from './operations.js';
import { GrantError, unknownGrant, type GrantErrorCode } from './grant-error.js';
import type { GrantRecord } from './grant-record.js';
import { DETAIL_PAGE, type GrantLedger } from './ledger.js';

const STATUS_OF: Record<GrantErrorCode, number> = {
  UNKNOWN_GRANT: 404,
  NOT_YOUR_GRANT: 403,
  MALFORMED_REPORT: 400,
  FORGED_REQUEST: 403,
  MALFORMED_RECEIPT: 400,
  BAD_DELIVERY_SIGNATURE: 403,
  RECEIPT_REPLAYED: 409,
  OVER_QUANTITY: 409,
  MALFORMED_FAILURE: 400,
  ALREADY_REPORTED: 409,
  NOTHING_OWED: 409,
  MALFORMED_EVIDENCE: 400,
  NOT_RECEIPTED: 409,
  RECORDS_NOT_AS_SIGNED: 422,
  CONFORMANCE_CHECKED: 409,
  NO_LISTING: 409,
  ALREADY_DELIVERED: 409,
  CLAIM_EXISTS: 409,
  DISPUTE_WINDOW_CLOSED: 409,
  NO_ESCROW: 409,
  ESCROW_CLOSED: 409,
  MALFORMED_CLAIM: 400,
  EVIDENCE_OF_DELIVERY: 409,
  NO_EVIDENCE: 409,
  FORGED_PUSH: 403,
  MALFORMED_DECISION: 400,
  NO_OPEN_DISPUTE: 409,
  INVALID_DECISION: 409,
  USAGE_GRANT: 409,
};

/** The engine's refusals of FILE_CLAIM, as the route's codes (the ledger's checks come first and name most of them). */
const CLAIM_REFUSALS: Record<string, string> = {
  UNKNOWN_GRANT: 'UNKNOWN_GRANT',
  NOT_YOUR_GRANT: 'NOT_YOUR_GRANT',
  ROLE_NOT_ALLOWED: 'NOT_YOUR_GRANT',
  ALREADY_DELIVERED: 'ALREADY_DELIVERED',
  CLAIM_EXISTS: 'CLAIM_EXISTS',
  DISPUTE_WINDOW_CLOSED: 'DISPUTE_WINDOW_CLOSED',
  ESCROW_CLOSED: 'ESCROW_CLOSED',
  EVIDENCE_OF_DELIVERY: 'EVIDENCE_OF_DELIVERY',
  NO_EVIDENCE: 'NO_EVIDENCE',
  USAGE_GRANT: 'USAGE_GRANT',
};

/**
 * Submits a consumer's claim through the sequencer: FILE_CLAIM when it says nothing arrived (the
 * claim's due time), FILE_DISPUTE when it says what was wrong with an evidenced delivery (a dispute
 * the operator decides), or the engine's refusal (its reason's name).
 */
export type FileClaim = (accountId: number, grantId: number, reason: ClaimReason) => Promise<{ dueAtMs: number } | { disputed: true; evidencedQty: number } | { refused: string }>;

/** What a refusal of a claim means for the consumer: what to do instead. */
const CLAIM_REFUSAL_TEXT: Record<string, string> = {
  EVIDENCE_OF_DELIVERY: 'the provider holds evidence of delivering every undelivered right (your signed request or stream request and its signed statement of what it served, or a push your webhook took): file a dispute saying what was wrong, {"reason": "missing-records"} or {"reason": "nonconforming"}',
  NO_EVIDENCE: 'nothing shows these rights were delivered: a claim that nothing arrived ({"reason": "not-received"}) is refunded without a dispute',
  USAGE_GRANT: "a usage grant's unused units are refunded when its dispute window ends, without a claim; what was delivered wrongly is disputed: {\"reason\": \"missing-records\"} or {\"reason\": \"nonconforming\"}",
};

/** The largest body the grant routes read: conformance evidence of one download. */
export const EVIDENCE_BODY_BYTES = 8 * 1024 * 1024;

class QueryError extends Error {}

function fail(error: unknown): HttpReply {
  if (error instanceof GrantError) return { status: STATUS_OF[error.code], body: { error: error.code, message: error.message } };
  if (error instanceof QueryError) return { status: 400, body: { error: 'MALFORMED_QUERY', message: error.message } };
  throw error;
}

function notFound(req: HttpRequestInfo): HttpReply {
  return { status: 404, body: { error: 'NOT_FOUND', message: `no route ${req.method} ${req.path}` } };
}

/** Receipts a page lists at most (GET /v1/grants/mine/{id}/receipts?after=&limit=; by default DETAIL_PAGE). */
const MAX_RECEIPTS_PAGE = 1_000;

function integer(q: URLSearchParams, name: string, min: number, max: number, fallback: number): number {
  const text = q.get(name);
  if (text === null) return fallback;
  const n = Number(text);
  if (!/^[0-9]{1,16}$/.test(text) || n < min || n > max) throw new QueryError(`query ${name}: an integer in [${min}, ${max}]`);
  return n;
}

/** Where the dispute time of a grant's unreceipted reports stands (docs/delivery.md, "What counts as delivered"). */
export type DisputeWindowState = 'open' | 'ended' | null;

/**
 * The dispute time of the provider's unreceipted reports as the view says it: while one is pending (the record's
 * `disputeEndsAtMs` > 0, which the ledger's sweep acts on) 'open' and when it ends; once the sweep acted, 'ended'
 * and when it ended (`disputeEndedAtMs`: the record's `disputeEndsAtMs` is 0 then, "none pending"). A record stored
 * before the sweep kept that time says 'ended' with the time null when its outcome shows the sweep acted (disputed,
 * or undisputed rights); a grant with no report never had one: null, null.
 */
export function disputeWindowOf(r: GrantRecord): { disputeEndsAtMs: number | null; disputeWindow: DisputeWindowState } {
  if (r.disputeEndsAtMs > 0) return { disputeEndsAtMs: r.disputeEndsAtMs, disputeWindow: 'open' };
  if (r.disputeEndedAtMs !== undefined) return { disputeEndsAtMs: r.disputeEndedAtMs, disputeWindow: 'ended' };
  return { disputeEndsAtMs: null, disputeWindow: r.disputed || r.undisputed > 0 ? 'ended' : null };
}

/**
 * A grant as its consumer or provider sees it: the signed grant (what the gate takes), the domain,
 * and its delivery: `delivered` is what the consumer receipted, `reportedByProvider` the provider's
 * word, `counted` what counts toward reliability and payout (receipted, or reported and undisputed
 * past `disputeEndsAtMs`; `disputeWindow` says whether that time is still open or has ended).
 */
export function grantView(r: GrantRecord): object {
  return {
    grant: r.signed.grant,
    signature: r.signed.signature,
    domain: r.domain,
    exerciseId: r.exerciseId,
    seq: r.seq,
    issuedAtMs: r.issuedAtMs,
    delivered: r.delivered,
    receipts: r.receipts,
    reportedByProvider: r.reportedByProvider,
    counted: r.counted,
    ...disputeWindowOf(r),
    disputed: r.disputed,
    dueAtMs: r.dueAtMs === 0 ? null : r.dueAtMs,
    refusals: r.refusals,
    refusalReasons: r.refusalReasons,
    unreachable: r.unreachable ?? null,
    lastReport: r.lastReport,
    escrow: escrowView(r),
    usage: usageView(r),
    // Its receipts are kept and shown, but count for nothing on the listing: why (washing, docs/delivery.md).
    notCountedForListing: r.notCountedForListing ?? null,
  };
}

/** A grant id in a path, or UNKNOWN_GRANT. */
function grantIdOf(text: string | undefined): number {
  if (text === undefined || !/^[1-9][0-9]{0,15}$/.test(text)) throw new GrantError('UNKNOWN_GRANT', `'${text ?? ''}' is not a grant id`);
  return Number(text);
}

/** A grant's escrow for people: held, released, the claim and its refund, in µPAT (null for a grant issued before escrow). */
export function escrowView(r: GrantRecord): object | null {
  const x = r.escrow;
  if (x === undefined) return null;
  return {
    state: x.state,
    escrowedMicros: x.escrowedMicros,
    heldMicros: x.heldMicros,
    releasedMicros: x.releasedMicros,
    confirmedQty: x.confirmedQty,
    disputeEndsAtMs: x.disputeEndsAtMs,
    claim: x.claim ?? null,
    evidencedQty: x.evidencedQty ?? 0,
    dispute: x.dispute ?? null,
    refund: x.refund ?? null,
    refundedQty: x.refundedQty ?? x.refund?.undeliveredQty ?? 0,
    revokedQty: x.revokedQty ?? 0,
  };
}

/**
 * A usage grant's units (issue 81; null for one-time rights): its unit, units per right and in all,
 * those used as the exchange holds evidence of them (the engine's, RECORD_USAGE) and left, and how
 * it settled at its end.
 */
export function usageView(r: GrantRecord): object | null {
  const u = r.escrow?.usage;
  if (u === undefined) return null;
  // Settled: the unused units went back to the consumer (and leave the provider's gate), so none is left.
  // Units refunded away (an operator's decision) are no longer there to use, as the gate's revocation says.
  return { unit: u.unit, perRight: u.perRight, units: u.units, usedUnits: u.usedUnits, leftUnits: u.settled === undefined ? Math.max(0, u.units - u.usedUnits - (r.escrow?.revokedQty ?? 0)) : 0, settled: u.settled ?? null };
}

/** Why the ledger already knows a claim on this grant would be refused (the engine decides the rest). */
function claimRefusal(r: GrantRecord, nowMs: number): GrantError | undefined {
  const x = r.escrow;
  if (x === undefined) return new GrantError('NO_ESCROW', `grant ${r.signed.grant.grantId} was issued before escrow: nothing is held to claim against`);
  if (x.claim !== undefined) return new GrantError('CLAIM_EXISTS', `a claim on grant ${r.signed.grant.grantId} was filed already (due ${new Date(x.claim.dueAtMs).toISOString()})`);
  if (x.dispute !== undefined && x.dispute.decision === undefined) return new GrantError('CLAIM_EXISTS', `a dispute of grant ${r.signed.grant.grantId} was filed already: the operator decides it`);
  if (x.state === 'delivered' || x.confirmedQty >= r.signed.grant.quantity) return new GrantError('ALREADY_DELIVERED', `every right of grant ${r.signed.grant.grantId} was delivered`);
  if (x.state !== 'held' || nowMs >= x.disputeEndsAtMs) return new GrantError('DISPUTE_WINDOW_CLOSED', `the dispute window of grant ${r.signed.grant.grantId} ended ${new Date(x.disputeEndsAtMs).toISOString()}`);
  return undefined;
}

/** The operator's side of disputes (rules 5): the grants with one open (the engine's), and the decision. */
export interface DisputeDesk {
  open(): number[];
  decide(actor: number, grantId: number, refundQty: number, chargeProviderMicros: number): Promise<{ refused: string } | { resolved: { undeliveredQty: number; refundMicros: number; fromHeldMicros: number; fromProviderMicros: number; shortfallMicros: number; releasedMicros: number }; upheldQty: number }>;
}

/** The most disputes one page lists. */
const DISPUTES_PAGE = 200;

/**
 * A dispute as the operator weighs it: the grant, its escrow, the evidence from both sides, and the consumer's receipts (with
 * their conformance), the first DETAIL_PAGE of each by nonce (a grant holds one a request; the grant's `receipts` counts them all).
 */
function disputeView(l: GrantLedger, r: GrantRecord): object {
  const grantId = r.signed.grant.grantId;
  return { ...grantView(r), consumerAccountId: r.consumerAccountId, providerAccountId: r.providerAccountId, evidence: l.evidenceOf(grantId), receiptsDetail: l.receiptsOf(grantId) };
}

/** The settled batch that covers a journal seq: its id and seq range; undefined while none does. */
export type BatchOfSeq = (seq: number) => { batchId: number; afterSeq: number; throughSeq: number } | undefined;

/**
 * The catalog's verdict on delivered records (src/catalog/conformance.ts, ConformanceVerdict), as
 * far as the grants read it: whether they conform. The verdict is answered whole, as it came.
 */
export interface ConformanceAnswer {
  conforms: boolean;
}

/** Measures records delivered under a grant (their canonical bytes) against the listing version it names (the catalog's). */
export type ConformanceCheck = (grant: GrantRecord, records: Uint8Array) => Promise<ConformanceAnswer>;

/**
 * The account of the organisation `accountId` is a member of now (undefined: none), read from the
 * engine's state (docs/organisations.md): a member receipts, reports failures of and sends conformance
 * evidence for the organisation's grants as their holder does.
 */
/** The organisation a member's account belongs to: its account, and whether the member is a reader (it downloads, but moves no money). */
export type OrganisationOf = (accountId: number) => { accountId: number; reader: boolean } | undefined;

/**
 * The routes; `ledger()` is undefined until grants are issued (the service starts them after settlement).
 * `fileClaim` submits a claim (absent: claims answer 503); `clock` is the service's; `checkConformance`
 * measures conformance evidence (absent: that route is not served); `organisationOf` lets members act
 * on their organisation's grants (absent: only a grant's consumer).
 */
/** An account's role by name, as its account view names it (PROVIDER, CONSUMER, ...): the owed grants are a provider's; another is NOT_A_PROVIDER. */
export type RoleOf = (accountId: number) => string | undefined;

/** How many settled batches' grant trees the proofs keep built (a batch's grants never change once it is settled). */
const TREES_KEPT = 8;

/**
 * The grant trees of the batches proved most recently: every grant of a batch asks for a proof over the same tree, and
 * building it reads and hashes every grant of the batch (about 25 µs a grant here) on the engine's thread.
 */
class RecentTrees {
  private readonly trees = new Map<number, GrantTree>();

  async of(batchId: number, build: () => Promise<GrantTree>): Promise<GrantTree> {
    let tree = this.trees.get(batchId);
    if (tree === undefined) {
      tree = await build();
      if (this.trees.size >= TREES_KEPT) this.trees.delete(this.trees.keys().next().value!);
    } else this.trees.delete(batchId); // moved to the newest end
    this.trees.set(batchId, tree);
    return tree;
  }
}

export function grantRoutes(ledger: () => GrantLedger | undefined, batchOf: BatchOfSeq = () => undefined, fileClaim?: FileClaim, clock: () => number = Date.now, checkConformance?: ConformanceCheck, organisationOf?: OrganisationOf, roleOf?: RoleOf): MountedRoute[] {
  const unavailable: HttpReply = { status: 503, body: { error: 'GRANTS_UNAVAILABLE', message: 'access grants are not issued yet (the service is starting)' } };
  const grants: MountedRoute = {
    // GET /signer is public; a POST (a consumer's receipt or failure) is wallet-signed. Conformance is served when it can be checked.
    operations: [OPS.signer, OPS.receipts, OPS.failures, ...(checkConformance === undefined ? [] : [OPS.conformance])],
    // Conformance evidence carries the records of one download (at most MAX_EVIDENCE_RECORDS); read only once the
    // wallet's signature and account are checked, and counted against the client's in-flight bytes on the intake.
    maxBodyBytes: EVIDENCE_BODY_BYTES,
    // Conformance evidence is read as evidence (hashed on the intake, its records kept as bytes); the rest as JSON.
    bodyReading: (method, path) => (method === 'POST' && path.endsWith('/conformance') ? { task: 'evidence' } : { task: 'json' }),
    async handle(req) {
      const l = ledger();
      if (l === undefined) return unavailable;
      const [id, more, extra] = req.path.slice('/v1/grants'.length).split('/').filter((p) => p !== '');
      // Membership is read when the ledger applies the update (in its order), not when the request arrived.
      const actsFor = organisationOf === undefined ? undefined : (holder: number) => organisationOf(req.accountId)?.accountId === holder;
      if (req.method === 'GET' && id === 'signer' && more === undefined) return { status: 200, body: { domain: l.signer.domain, signer: l.signer.address } };
      if (req.method === 'POST' && extra === undefined && more === 'conformance' && checkConformance !== undefined) {
        try {
          const grantId = grantIdOf(id);
          // Read on the intake (src/intake/evidence.ts): hashed there; the records stay bytes until a worker measures them.
          const digest = req.body as EvidenceDigest;
          const evidence = await l.conformanceEvidence(req.accountId, grantId, digest, actsFor);
          let verdict: ConformanceAnswer | undefined;
          try {
            verdict = await checkConformance(evidence.record, digest.recordsJson);
          } finally {
            await l.conformanceChecked(evidence.record.signed.grant.grantId, evidence.nonce, verdict?.conforms);
          }
          return { status: 200, body: verdict };
        } catch (error) {
          return fail(error);
        }
      }
      if (req.method === 'POST' && extra === undefined && (more === 'receipts' || more === 'delivery-failures')) {
        try {
          const grantId = grantIdOf(id);
          if (more === 'receipts') {
            const { record, receipt } = await l.receipt(req.accountId, grantId, parseReceipt(req.body), actsFor);
            return { status: 200, body: { receipt, grant: grantView(record) } };
          }
          return { status: 200, body: grantView(await l.deliveryFailure(req.accountId, grantId, parseFailure(req.body), actsFor)) };
        } catch (error) {
          return fail(error);
        }
      }
      if (req.method === 'GET') return { status: 404, body: { error: 'NOT_FOUND', message: 'wallet-signed grant routes are under /v1/grants/mine' } };
      return notFound(req);
    },
  };
  const batchTrees = new RecentTrees();
  const mine: MountedRoute = {
    operations: [OPS.mine, OPS.one, OPS.proof, OPS.grantReceipts],
    async handle(req) {
      const l = ledger();
      if (l === undefined) return unavailable;
      try {
        const [id, more, extra] = req.path.slice('/v1/grants/mine'.length).split('/').filter((p) => p !== '');
        if (req.method !== 'GET' || extra !== undefined || (more !== undefined && more !== 'proof' && more !== 'receipts')) return notFound(req);
        if (id === undefined) {
          const exercise = req.query.get('exercise') === null ? undefined : integer(req.query, 'exercise', 1, Number.MAX_SAFE_INTEGER, 0);
          const page = await l.grantsOf('consumer', req.accountId, integer(req.query, 'offset', 0, 1e9, 0), integer(req.query, 'limit', 1, 200, 50), exercise);
          return { status: 200, body: { total: page.total, grants: page.grants.map(grantView) } };
        }
        const grantId = grantIdOf(id);
        const r = await l.get(grantId);
        // Its consumer (or a member of the organisation that is), or its provider; to anyone else it is not there.
        const organisations = r !== undefined && organisationOf?.(req.accountId)?.accountId === r.consumerAccountId;
        if (r === undefined || (r.consumerAccountId !== req.accountId && r.providerAccountId !== req.accountId && !organisations)) throw unknownGrant(grantId);
        if (more === undefined) return { status: 200, body: grantView(r) };
        if (more === 'receipts') {
          const after = req.query.get('after') ?? ''; // a nonce: the route's query schema checked it
          const limit = integer(req.query, 'limit', 1, MAX_RECEIPTS_PAGE, DETAIL_PAGE);
          const receipts = l.receiptsOf(r.signed.grant.grantId, after, limit);
          return { status: 200, body: { receipts, next: receipts.length === limit ? receipts.at(-1)!.nonce : null } };
        }
        const batch = batchOf(r.seq);
        if (batch === undefined) return { status: 409, body: { error: 'NOT_SETTLED', message: `grant ${id} is not in a settled batch yet` } };
        const tree = await batchTrees.of(batch.batchId, async () => GrantTree.of((await l.grantsInSeqs(batch.afterSeq, batch.throughSeq)).map((g) => g.signed.grant)));
        const proof = tree.proof(r.signed.grant.grantId)!;
        return { status: 200, body: { batchId: batch.batchId, root: tree.root, leaf: proof.leaf, proof: proof.proof, registry: r.domain.verifyingContract } };
      } catch (error) {
        return fail(error);
      }
    },
  };
  const owed: MountedRoute = {
    operations: [OPS.owed],
    async handle(req) {
      const l = ledger();
      if (l === undefined) return unavailable;
      try {
        if (req.method !== 'GET' || req.path.slice('/v1/provider/grants'.length).replace(/\/$/, '') !== '') return notFound(req);
        // Answered for any wallet, a consumer read "no grants owed yet" as if it were a provider with none (an outside review).
        const role = roleOf?.(req.accountId);
        if (role !== undefined && role !== 'PROVIDER') {
          return { status: 403, body: { error: 'NOT_A_PROVIDER', message: `account ${req.accountId} is a ${role.toLowerCase()}'s: grants are owed by providers (the ones it bought: GET /v1/grants/mine)` } };
        }
        const page = await l.grantsOf('provider', req.accountId, integer(req.query, 'offset', 0, 1e9, 0), integer(req.query, 'limit', 1, 200, 50));
        return { status: 200, body: { total: page.total, grants: page.grants.map(grantView) } };
      } catch (error) {
        return fail(error);
      }
    },
  };
  const revocations: MountedRoute = {
    operations: [OPS.revocations],
    async handle(req) {
      const l = ledger();
      if (l === undefined) return unavailable;
      try {
        if (req.method !== 'GET' || req.path.slice('/v1/provider/revocations'.length).replace(/\/$/, '') !== '') return notFound(req);
        const after = integer(req.query, 'after', 0, Number.MAX_SAFE_INTEGER, 0);
        const list = await l.revocationsAwaited(req.accountId, after, integer(req.query, 'limit', 1, 1_000, 500), integer(req.query, 'waitMs', 0, MAX_REVOCATION_WAIT_MS, 0), req.gone);
        return { status: 200, body: { revocations: list, next: list.length === 0 ? after : list[list.length - 1]!.seq } };
      } catch (error) {
        return fail(error);
      }
    },
  };
  const deliveries: MountedRoute = {
    operations: [OPS.deliveries],
    async handle(req) {
      const l = ledger();
      if (l === undefined) return unavailable;
      try {
        if (req.method !== 'POST' || req.path.slice('/v1/deliveries'.length).replace(/\/$/, '') !== '') return notFound(req);
        return { status: 200, body: grantView(await l.reportDelivery(req.accountId, parseDeliveryReport(req.body))) };
      } catch (error) {
        return fail(error);
      }
    },
  };
  const claims: MountedRoute = {
    operations: [OPS.claims],
    async handle(req) {
      const l = ledger();
      if (l === undefined || fileClaim === undefined) return unavailable;
      try {
        const match = /^\/v1\/grants\/([^/]+)\/claims\/?$/.exec(req.path);
        if (req.method !== 'POST' || match === null) return notFound(req);
        const id = grantIdOf(match[1]);
        const r = await l.get(id);
        if (r === undefined) throw unknownGrant(id);
        // Only the consumer claims, or for an organisation's grant its admins and traders (a claim moves money: a
        // reader downloads, and reports a gate that fails it). Its provider knows the grant: NOT_YOUR_GRANT; to anyone
        // else it is not there.
        if (r.consumerAccountId !== req.accountId) {
          const org = organisationOf?.(req.accountId);
          if (org?.accountId !== r.consumerAccountId) throw r.providerAccountId === req.accountId ? new GrantError('NOT_YOUR_GRANT', `grant ${id} is yours to serve: its consumer claims on it`) : unknownGrant(id);
          if (org.reader) return { status: 403, body: { error: 'ROLE_FORBIDDEN', message: `grant ${id} is your organisation's: its admins and traders claim on it; a reader reports a failed download (POST /v1/grants/${id}/delivery-failures)` } };
        }
        const reason = parseClaim(req.body);
        const known = claimRefusal(r, clock());
        if (known !== undefined) throw known;
        // A usage grant's unused units come back at its end without a claim; what was delivered wrongly is still disputed.
        if (reason === 'not-received' && r.escrow?.usage !== undefined) throw new GrantError('USAGE_GRANT', `grant ${id} is usage-based: its unused units are refunded when its dispute window ends (${new Date(r.escrow.disputeEndsAtMs).toISOString()}), without a claim`);
        const result = await fileClaim(r.consumerAccountId, id, reason);
        if ('refused' in result) {
          const code = CLAIM_REFUSALS[result.refused] ?? result.refused;
          return { status: (STATUS_OF as Record<string, number>)[code] ?? 409, body: { error: code, message: `the claim on grant ${id} was refused: ${CLAIM_REFUSAL_TEXT[code] ?? result.refused}` } };
        }
        if ('disputed' in result) {
          return { status: 201, body: { grantId: id, dispute: { reason, evidencedQty: result.evidencedQty }, message: 'dispute filed: the provider holds evidence of delivering; the operator decides, and nothing is refunded or released before' } };
        }
        return { status: 201, body: { grantId: id, dueAtMs: result.dueAtMs, message: 'claim filed: unless the provider delivers by dueAtMs, you are refunded, for the rights nothing shows were delivered, what the provider was paid for them' } };
      } catch (error) {
        return fail(error);
      }
    },
  };
  return [mine, grants, owed, revocations, deliveries, claims];
}

/** The operator's dispute rows (GET /operator/disputes, POST /operator/disputes/{id}/decision), served through the operator API (its role table: moderator decides). */
export const DISPUTE_OPERATIONS = [OPS.disputes, OPS.decideDispute];

/**
 * The operator API's dispute routes (`/operator/disputes…`); undefined for paths that are not theirs.
 * `actor` is the deciding operator's engine account.
 */
export async function disputeOperatorRoute(ledger: GrantLedger | undefined, disputes: DisputeDesk, req: { method: string; path: string; body: unknown; actor: () => number; operator: string; nowMs: number }): Promise<HttpReply | undefined> {
  const match = /^\/operator\/disputes(?:\/([^/]+)\/decision)?\/?$/.exec(req.path);
  if (match === null) return undefined;
  if (ledger === undefined) return { status: 503, body: { error: 'GRANTS_UNAVAILABLE', message: 'access grants are not issued yet (the service is starting)' } };
  try {
    if (req.method === 'GET' && match[1] === undefined) {
      const ids = disputes.open().slice(0, DISPUTES_PAGE);
      const records = await Promise.all(ids.map((id) => ledger.get(id)));
      return { status: 200, body: { disputes: records.filter((r): r is GrantRecord => r !== undefined).map((r) => disputeView(ledger, r)) } };
    }
    if (req.method !== 'POST' || match[1] === undefined) return undefined;
    const id = grantIdOf(match[1]);
    const b = parseDecision(req.body);
    const result = await disputes.decide(req.actor(), id, b.refundQty, b.chargeProviderMicros);
    if ('refused' in result) {
      const code = DECISION_REFUSALS.has(result.refused) ? result.refused : 'INVALID_DECISION';
      const why = code === 'INVALID_DECISION' ? `: ${DECISION_BOUNDS}` : '';
      return { status: (STATUS_OF as Record<string, number>)[code] ?? 409, body: { error: code, message: `the decision on grant ${id} was refused: ${result.refused}${why}` } };
    }
    const r = result.resolved;
    // The reason, for both parties and the record: kept beside the journaled decision.
    if (b.note !== undefined && b.note.trim() !== '') await ledger.noteDecision(id, { text: b.note.trim(), operator: req.operator, atMs: req.nowMs });
    return { status: 200, body: { grantId: id, refundQty: r.undeliveredQty, upheldQty: result.upheldQty, refundMicros: r.refundMicros, fromHeldMicros: r.fromHeldMicros, fromProviderMicros: r.fromProviderMicros, shortfallMicros: r.shortfallMicros, releasedMicros: r.releasedMicros, note: b.note ?? null } };
  } catch (error) {
    return fail(error);
  }
}

const DECISION_REFUSALS: ReadonlySet<string> = new Set(['UNKNOWN_GRANT', 'ESCROW_CLOSED', 'NO_OPEN_DISPUTE', 'INVALID_DECISION']);

/** What a decision may do (src/engine/products/escrow.ts, checkDecision): said with its refusal, which names no figure. */
const DECISION_BOUNDS =
  "the rights refunded are at most the undelivered ones, and a charge to the provider at most what the consumer paid for the refunded rights above their held proceeds (so none when no right is refunded) and at most the provider's free PAT";
