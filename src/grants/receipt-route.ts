/**
 * POST /v1/grants/{id}/receipts, /delivery-failures and /conformance: what a grant's consumer (or a member of its
 * organisation) says of a download; and the public GET /v1/grants/signer, the key a gate trusts.
 */
import type { HttpReply, HttpRequestInfo, MountedRoute } from '../http-registry/index.js';
import { parseFailure, parseReceipt } from './bodies.js';
import type { EvidenceDigest } from './evidence-digest.js';
import { grantIdOf, notFound, withLedger } from './grant-replies.js';
import { actsForHolder, type OrganisationOf } from './grant-parties.js';
import type { GrantRecord } from './grant-record.js';
import { grantView } from './grant-view.js';
import type { GrantLedger } from './ledger.js';
import { GRANT_OPERATIONS as OPS } from './operations.js';

/**
 * The catalog's verdict on delivered records (src/catalog/conformance.ts, ConformanceVerdict), as
 * far as the grants read it: whether they conform. The verdict is answered whole, as it came.
 */
export interface ConformanceAnswer {
  conforms: boolean;
}

/** Measures records delivered under a grant (their canonical bytes) against the listing version it names (the catalog's). */
export type ConformanceCheck = (grant: GrantRecord, records: Uint8Array) => Promise<ConformanceAnswer>;

/** The largest body the grant routes read: conformance evidence of one download. */
export const EVIDENCE_BODY_BYTES = 8 * 1024 * 1024;

type ActsFor = ((holder: number) => boolean) | undefined;

/** `checkConformance` absent: the conformance route is not served. */
export function receiptRoute(ledger: () => GrantLedger | undefined, checkConformance: ConformanceCheck | undefined, organisationOf: OrganisationOf | undefined): MountedRoute {
  return {
    // GET /signer is public; a POST (a consumer's receipt or failure) is wallet-signed. Conformance is served when it can be checked.
    operations: [OPS.signer, OPS.receipts, OPS.failures, ...(checkConformance === undefined ? [] : [OPS.conformance])],
    // Conformance evidence carries the records of one download (at most MAX_EVIDENCE_RECORDS); read only once the
    // wallet's signature and account are checked, and counted against the client's in-flight bytes on the intake.
    maxBodyBytes: EVIDENCE_BODY_BYTES,
    // Conformance evidence is read as evidence (hashed on the intake, its records kept as bytes); the rest as JSON.
    bodyReading: (method, path) => (method === 'POST' && path.endsWith('/conformance') ? { task: 'evidence' } : { task: 'json' }),
    handle: withLedger(ledger, async (l, req) => {
      const [id, more, extra] = req.path.slice('/v1/grants'.length).split('/').filter((p) => p !== '');
      const actsFor = actsForHolder(organisationOf, req.accountId);
      if (req.method === 'GET' && id === 'signer' && more === undefined) return { status: 200, body: { domain: l.signer.domain, signer: l.signer.address } };
      if (req.method === 'POST' && extra === undefined && more === 'conformance' && checkConformance !== undefined) return conformanceChecked(l, req, grantIdOf(id), checkConformance, actsFor);
      if (req.method === 'POST' && extra === undefined && (more === 'receipts' || more === 'delivery-failures')) {
        const grantId = grantIdOf(id);
        if (more === 'receipts') {
          const { record, receipt } = await l.receipt(req.accountId, grantId, parseReceipt(req.body), actsFor);
          return { status: 200, body: { receipt, grant: grantView(record) } };
        }
        return { status: 200, body: grantView(await l.deliveryFailure(req.accountId, grantId, parseFailure(req.body), actsFor)) };
      }
      if (req.method === 'GET') return { status: 404, body: { error: 'NOT_FOUND', message: 'wallet-signed grant routes are under /v1/grants/mine' } };
      return notFound(req);
    }),
  };
}

/** A receipted download's records measured against the listing; the ledger notes the check whether or not it answered. */
async function conformanceChecked(l: GrantLedger, req: HttpRequestInfo, grantId: number, checkConformance: ConformanceCheck, actsFor: ActsFor): Promise<HttpReply> {
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
}
