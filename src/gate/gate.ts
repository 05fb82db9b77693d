/**
 * The provider's gate: what a provider runs in front of its data endpoint to serve
 * only what the exchange granted (docs/delivery.md). For each request it checks, in
 * order, and refuses with a typed error otherwise (nothing served, nothing counted):
 *
 *   MALFORMED_REQUEST   the request is not {grant, signature, domain, endpoint, use, timeMs, nonce, consumerSignature}
 *   FOREIGN_DOMAIN      the grant (or the request) names another exchange, chain or registry than this gate trusts
 *   WRONG_PROVIDER      the grant is for another provider's rights
 *   FORGED_GRANT        the exchange's EIP-712 signature does not hold
 *   OUTDATED_REQUEST    the request has no endpoint or domain: the text signed before they were bound,
 *                       which any endpoint that received it could forward here
 *   WRONG_ENDPOINT      the request was signed for another endpoint than this gate's public one
 *   REPLAYED            the request's time is not within ±maxSkewMs (a cheap filter before the curve)
 *   NOT_CONSUMER        the request is not signed by the grant's consumer over this exchange's
 *                       domain, this provider and this endpoint (gateRequestText)
 *   FORGED_MEMBERSHIP   the request carries a membership statement (an organisation's grant used
 *   NOT_MEMBER          by a member's wallet: src/grants/membership.ts) not signed by the exchange's
 *   MEMBERSHIP_EXPIRED  grant key; naming another organisation than the grant's consumer or another
 *                       member than the request's signer; or expired
 *   LISTING_NOT_SERVED  the grant's listing (and version) is not one this endpoint serves
 *   NOT_YET_OPEN        before the contract window opens
 *   EXPIRED             after the grant's expiry
 *   REPLAYED            the request's nonce was used on this grant (by a request whose time is still
 *                       within two skews of the clock: an older one is refused by its time)
 *   EXHAUSTED           more rights than the grant has left (a usage grant: more units than it has left)
 *   REVOKED             more rights than the grant has left once the exchange withdrew some (a refund to the
 *                       consumer of rights never served: revoke, fed by GET /v1/provider/revocations)
 *   NOT_READY           the right's window has no records yet (GateOptions.hasRecords): the last check
 *                       before counting, so nothing is counted; ask again later
 *
 * Usage grants (docs/delivery.md, "Usage grants"): a grant under a listing version that sells usage
 * (GateOptions.usageOf) holds its rights × perRight units, and a request's `use` is units: records
 * to serve (unit 'records'; what the provider could not serve it gives back, giveBack), or one
 * request (unit 'requests': `use` must be 1). They are counted as rights are, synchronously, so two
 * requests never take the last unit. Push delivery counts rights, so a usage grant is pull only
 * (USAGE_PULL_ONLY).
 *
 * Push delivery (docs/delivery.md, "Push delivery: streams and webhooks") takes the same
 * metering one right at a time (takeRight): a stream request (push-request.ts) is checked
 * as a gate request is, under its own text; a webhook registration checks the grant and
 * the consumer's push authorisation. A stream's opening is refused NOT_READY as a pull is; a
 * later period whose window still has no records counts nothing and sends nothing, and the
 * push waits for the next period (to the window's close). Their own refusals:
 *
 *   WINDOW_CLOSED          the grant's window has closed: pushes end with it (pull is served to the expiry)
 *   BAD_WEBHOOK_URL        the authorisation's URL is not an http(s) URL in canonical form, or is too long,
 *                          or its host is an address that is not globally routable (unless that exact
 *                          address:port is allowed: webhookAllow), a special-use or single-label name
 *   AUTHORISATION_EXPIRED  the push authorisation's untilMs has passed
 *   TOO_MANY_STREAMS       streams open on the grant, or in all, at their bound
 *   TOO_MANY_PUSHES        webhook registrations on the grant, or in all, at their bound
 *
 * The consumer's signature is checked before anything whose refusal is the provider's
 * doing (LISTING_NOT_SERVED): a refusal counts against a provider's reliability only when
 * the grant's consumer signed the request (docs/delivery.md), so whoever holds a copy of a
 * grant cannot make refusals with garbage signatures. A GateError says whether the
 * consumer's signature held (`consumerSigned`): only then is it worth reporting.
 *
 * Metering is counted in memory at once (two requests cannot both take the last right)
 * and written to LMDB (the provider's own directory) before `admit` resolves, so the
 * records are served only once their use is on disk and a restart never serves a right
 * twice; concurrent requests share LMDB's commits (metering.ts, which keeps a request's
 * nonce only while the request's time could still pass). A grant whose exchange signature
 * held once is remembered with its fields: a later use of the same grant compares
 * fields instead of hashing again; a grant not seen before has its signature verified
 * against the exchange's key once a grant has shown it (signer-keys.ts).
 */
import { mkdirSync } from 'node:fs';
import { getAddress } from 'ethers';
import type { Database, RootDatabase } from 'lmdb';
import { openStore } from '../runtime/lmdb-file.js';
import { checkGrantFields, GrantDigester, personalMessageDigest, type AccessGrant, type GrantDomain } from '../grants/grant.js';
import { SignerKeys } from '../grants/signer-keys.js';
import { GrantMeter, type Revocation } from './metering.js';
import { membershipProblem, membershipSigner, type SignedMembership } from '../grants/membership.js';
import { pushAuthorisationText, pushUntilMs, streamRequestText, webhookUrl, type PushAuthorisation, type PushRegistrationRequest, type StreamRequest } from '../grants/push-request.js';
import { GateError } from './gate-error.js';
import type { PushRecord } from './push-record.js';
import { GATE_REQUEST_HEADING, gateEndpoint, gatePreamble, gateRequestBody, type GateRequest } from '../grants/gate-request.js';
import { webhookHostProblem, WebhookAllowance } from './webhook-target.js';

// The request and its signing text live in request.ts (no Node imports: the web console takes them too).
export { gateEndpoint, gateRequestText, GATE_REQUEST_HEADING, signGateRequest, type GateRequest, type GateRequestOptions, type GateRequestTerms } from '../grants/gate-request.js';


export interface GateOptions {
  /** The exchange's grant domain (GET /v1/grants/signer): chain id and access-rights registry. */
  domain: GrantDomain;
  /** The address the exchange signs grants with (GET /v1/grants/signer). */
  exchangeSigner: string;
  /** This provider's address: grants for any other are refused. */
  provider: string;
  /**
   * This gate's public endpoint: the URL consumers send requests to (the listing's delivery
   * endpoint, as the world reaches it, e.g. through a proxy). A request signed for any other
   * is refused (WRONG_ENDPOINT).
   */
  endpoint: string;
  /** Whether this endpoint serves a listing at a version (the provider's published listings). */
  serves: (listingId: number, listingVersion: number) => boolean;
  /** Directory of the gate's LMDB (metering and used nonces). */
  dir: string;
  clock?: () => number;
  /** How far a request's time may be from the gate's clock (default 60 s). */
  maxSkewMs?: number;
  /**
   * Exact `address:port` pairs a webhook may reach though the address is not globally
   * routable (`127.0.0.1:8123`, `[::1]:8123`; at most 16): a demo's or a test's receiver on
   * this machine. Every other webhook goes to global addresses only, judged when registered
   * and again, resolved, when each batch is sent (webhook-target.ts, webhook-post.ts).
   */
  webhookAllow?: readonly string[];
  /**
   * Whether the grant's window has records to serve yet (a model feed before its first signal
   * there has none). Asked last before a right is counted, for pull and push alike: no records,
   * no right spent (NOT_READY; a push waits for its next period). Default: always.
   */
  hasRecords?: (grant: AccessGrant) => boolean;
  /**
   * The usage a listing version sells (its terms, docs/catalog.md "Terms"), or undefined for
   * one-time rights: a grant under it holds rights × perRight units of records or requests.
   * A listing version's terms never change (a change is a new version), so a grant's are fixed.
   */
  usageOf?: (listingId: number, listingVersion: number) => GateUsageTerms | undefined;
}

/** What one right of a usage grant buys: `perRight` records, or requests. */
export interface GateUsageTerms {
  unit: 'records' | 'requests';
  perRight: number;
}

/** A usage grant's units as the gate meters them. */
export interface UsageCount {
  unit: 'records' | 'requests';
  perRight: number;
  units: number;
  usedUnits: number;
  leftUnits: number;
}

/** One right counted for push (a stream's batch, a webhook's): its number on the grant, and what is left. */
export interface PushRight {
  seq: number;
  remaining: number;
  /** Settles once the count (and the record written with it) is on disk. */
  written: Promise<unknown>;
}

/** A stream request the gate admitted: its first right is counted already (on disk once openStream resolves). */
export interface StreamAdmission {
  grant: AccessGrant;
  request: StreamRequest;
  first: Omit<PushRight, 'written'>;
}

/** A gate request checked up to being served now, nothing counted yet. */
interface CheckedRequest {
  readonly grant: AccessGrant;
  readonly request: GateRequest;
}

export interface Admission {
  grant: AccessGrant;
  use: number;
  /** Rights left on the grant after this use (a usage grant: units). */
  remaining: number;
  /** A usage grant's units after this use. */
  usage?: UsageCount;
  /** The request's checked fields (without anything else the body carried): what the provider reports with the delivery. */
  request: GateRequest;
}

/** Nonces are kept while their request's time is within this many skews of the clock: the skew itself, and as much again for a clock that steps back. */
const NONCE_HORIZON_SKEWS = 2;

const NONCE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export class Gate {
  private readonly env: RootDatabase;
  /** Rights used per grant and the nonces that could still be replayed (metering.ts). */
  private readonly meter: GrantMeter;
  /** Webhook registrations (pusher.ts), by grant and URL: kept so a restart resumes them. */
  private readonly pushes: Database<PushRecord, [number, string]>;
  private readonly digester: GrantDigester;
  private readonly exchangeSigner: string;
  /** Lower case: compared with a grant's provider without hashing a checksum. */
  private readonly provider: string;
  /** This gate's endpoint, normalized (gateEndpoint). */
  readonly endpoint: string;
  /** The first lines of every request text this gate takes: its exchange, provider and endpoint. */
  private readonly preamble: string;
  private readonly clock: () => number;
  private readonly maxSkewMs: number;
  /** Grants whose exchange signature held, by signature: a later use with the same fields skips the hashing and the curve. */
  private readonly verified = new Map<string, AccessGrant>();
  /** The exchange's key once a grant has shown it, and the consumers' (signer-keys.ts: verified, not recovered, from then on). */
  private readonly exchangeKey = new SignerKeys(1);
  private readonly consumerKeys = new SignerKeys(MAX_CONSUMER_KEYS);
  /** Membership statements whose exchange signature held, by signature: the fields they were checked with. */
  private readonly verifiedMemberships = new Map<string, string>();

  /** Where webhooks may go besides global addresses (GateOptions.webhookAllow). */
  readonly webhookAllowance: WebhookAllowance;

  constructor(private readonly options: GateOptions) {
    this.webhookAllowance = new WebhookAllowance(options.webhookAllow);
    mkdirSync(options.dir, { recursive: true });
    this.env = openStore({ path: options.dir, maxDbs: 8 });
    this.pushes = this.env.openDB<PushRecord, [number, string]>({ name: 'pushes' });
    this.digester = new GrantDigester(options.domain);
    this.exchangeSigner = getAddress(options.exchangeSigner).toLowerCase();
    this.provider = getAddress(options.provider).toLowerCase();
    this.endpoint = gateEndpoint(options.endpoint);
    this.preamble = gatePreamble(options.domain, this.provider, this.endpoint);
    this.clock = options.clock ?? Date.now;
    this.maxSkewMs = options.maxSkewMs ?? 60_000;
    this.meter = new GrantMeter(this.env, this.clock, NONCE_HORIZON_SKEWS * this.maxSkewMs);
  }

  /**
   * Checks the grant alone (steps up to the window and expiry): what the exchange granted, to whom,
   * for which listing, when. Returns the grant; throws GateError.
   */
  verifyGrant(request: Pick<GateRequest, 'grant' | 'signature'> & { domain?: GrantDomain }): AccessGrant {
    const grant = this.exchangeSigned(request);
    this.checkServed(grant, undefined);
    return grant;
  }

  /** The grant's fields, domain, provider and the exchange's signature; throws GateError. */
  private exchangeSigned(request: Pick<GateRequest, 'grant' | 'signature'> & { domain?: GrantDomain }): AccessGrant {
    const problem = checkGrantFields(request.grant);
    if (problem !== undefined) throw new GateError('MALFORMED_REQUEST', `grant: ${problem}`);
    if (typeof request.signature !== 'string') throw new GateError('MALFORMED_REQUEST', 'signature: the exchange\'s 65-byte signature, 0x hex');
    const grant = request.grant;
    const d = request.domain;
    if (d !== undefined && !sameDomain(d, this.options.domain)) throw new GateError('FOREIGN_DOMAIN', `the grant is under ${JSON.stringify(d)}; this gate trusts ${JSON.stringify(this.options.domain)}`);
    if (grant.provider.toLowerCase() !== this.provider) throw new GateError('WRONG_PROVIDER', `grant ${grant.grantId} is for provider ${grant.provider}, not this one`);
    const known = this.verified.get(request.signature);
    if (known === undefined || !sameGrant(known, grant)) {
      if (!this.exchangeKey.signedBy(this.digester.digest(grant), request.signature, this.exchangeSigner)) throw new GateError('FORGED_GRANT', `grant ${grant.grantId} is not signed by the exchange (${this.exchangeSigner}) under this domain`);
      if (this.verified.size >= MAX_REMEMBERED) this.verified.clear(); // bounded: a flood of distinct grants costs recoveries, not memory
      this.verified.set(request.signature, { ...grant });
    }
    return grant;
  }

  /** Whether this endpoint serves the grant now: its listing, its window, its expiry. */
  private checkServed(grant: AccessGrant, consumerSigned: GateRequest | undefined): void {
    if (!this.options.serves(grant.listingId, grant.listingVersion)) throw new GateError('LISTING_NOT_SERVED', `listing ${grant.listingId} version ${grant.listingVersion} is not served here`, grant.grantId, consumerSigned);
    const now = this.clock();
    if (now < grant.windowOpenMs) throw new GateError('NOT_YET_OPEN', `the window opens at ${new Date(grant.windowOpenMs).toISOString()}`, grant.grantId, consumerSigned);
    if (now > grant.expiresAtMs) throw new GateError('EXPIRED', `grant ${grant.grantId} expired at ${new Date(grant.expiresAtMs).toISOString()}`, grant.grantId, consumerSigned);
  }

  /** Checks a whole request and, when it passes, counts its use; resolves once the use is on disk. */
  async admit(body: unknown): Promise<Admission> {
    const { admission, written } = this.count(this.servedRequest(body));
    await written;
    return admission;
  }

  /** The nonce, the rights left and the count (synchronous: no other request runs in between); `written` settles when it is on disk. */
  private count({ grant, request }: CheckedRequest): { admission: Admission; written: Promise<unknown> } {
    const { use, nonce } = request;
    const usage = this.usageTermsOf(grant);
    if (usage?.unit === 'requests' && use !== 1) throw new GateError('MALFORMED_REQUEST', `use: 1 (grant ${grant.grantId} is metered by requests: one a request)`, grant.grantId, request);
    if (this.meter.hasNonce(grant.grantId, nonce)) throw new GateError('REPLAYED', `nonce ${nonce} was already used on grant ${grant.grantId}`, grant.grantId, request);
    const used = this.meter.used(grant.grantId);
    const capacity = this.servable(grant, usage);
    this.checkLeft(grant, usage, used, use, request);
    this.checkReady(grant);
    const written = this.meter.count(grant.grantId, use, { nonce, timeMs: request.timeMs });
    const remaining = capacity - used - use;
    const admission: Admission = { grant, use, remaining, request };
    if (usage !== undefined) admission.usage = { unit: usage.unit, perRight: usage.perRight, units: grant.quantity * usage.perRight, usedUnits: used + use, leftUnits: remaining };
    return { admission, written };
  }

  /** The usage terms of the grant's listing version, checked (undefined: one-time rights). */
  private usageTermsOf(grant: AccessGrant): GateUsageTerms | undefined {
    const t = this.options.usageOf?.(grant.listingId, grant.listingVersion);
    if (t === undefined) return undefined;
    if ((t.unit !== 'records' && t.unit !== 'requests') || !Number.isSafeInteger(t.perRight) || t.perRight < 1 || !Number.isSafeInteger(t.perRight * grant.quantity)) {
      throw new Error(`usageOf(${grant.listingId}, ${grant.listingVersion}) answered terms out of range: ${JSON.stringify(t)}`);
    }
    return t;
  }

  /**
   * A usage grant by records: the provider served `served` of the `use` records an admission
   * counted (the window had fewer); the rest go back to the grant, so the consumer is metered for
   * what it received (its signed statement says as much). Settles once on disk.
   */
  giveBack(admission: Admission, served: number): Promise<unknown> {
    if (admission.usage?.unit !== 'records' || !Number.isSafeInteger(served) || served < 0 || served >= admission.use) return Promise.resolve();
    const back = admission.use - served;
    admission.usage.usedUnits -= back;
    admission.usage.leftUnits += back;
    admission.remaining += back;
    return this.meter.count(admission.grant.grantId, -back, undefined);
  }

  /** A usage grant's units now (undefined: the grant is not usage-based here). */
  usageCount(grant: AccessGrant): UsageCount | undefined {
    const usage = this.usageTermsOf(grant);
    if (usage === undefined) return undefined;
    const usedUnits = this.meter.used(grant.grantId);
    return { unit: usage.unit, perRight: usage.perRight, units: grant.quantity * usage.perRight, usedUnits, leftUnits: Math.max(0, this.servable(grant, usage) - usedUnits) };
  }

  /** Push counts rights one at a time: a usage grant is served by pull only. */
  private refusePushOfUsage(grant: AccessGrant): void {
    if (this.usageTermsOf(grant) !== undefined) throw new GateError('USAGE_PULL_ONLY', `grant ${grant.grantId} is usage-based: ask for records with POST /records (a stream or a webhook counts rights)`, grant.grantId);
  }

  /** A gate request checked up to whether it is served now (nothing counted), with its consumer-signed fields. */
  private servedRequest(body: unknown): CheckedRequest {
    const c = this.consumerSigned(body, 'use');
    const { grant } = c;
    // From here on the grant's consumer asked: a refusal may be the provider's doing, and is reportable with the request.
    const request: GateRequest = { grant, signature: c.signature, domain: c.domain, endpoint: c.endpoint, use: c.amount, timeMs: c.timeMs, nonce: c.nonce, consumerSignature: c.consumerSignature };
    // A member's request keeps its statement: the provider's report forwards it, and the exchange checks the member's signature by it.
    if (c.membership !== undefined) request.membership = c.membership;
    this.checkServed(grant, request);
    return { grant, request };
  }

  /**
   * What a gate request and a stream request share, up to and with the consumer's signature:
   * the shape, the grant, the endpoint, the time and the consumer's signature over the text of
   * its kind (a gate request's `use`, a stream request's `rights`) under this gate's domain,
   * provider and endpoint.
   */
  private consumerSigned(body: unknown, amountField: 'use' | 'rights'): { grant: AccessGrant; signature: string; domain: GrantDomain; endpoint: string; amount: number; timeMs: number; nonce: string; consumerSignature: string; membership?: SignedMembership } {
    const shape = amountField === 'use' ? '{grant, signature, domain, endpoint, use, timeMs, nonce, consumerSignature}' : '{grant, signature, domain, endpoint, rights, timeMs, nonce, consumerSignature}';
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new GateError('MALFORMED_REQUEST', `a JSON object ${shape}`);
    const req = body as Record<string, unknown>;
    const grant = this.exchangeSigned({ grant: req.grant as AccessGrant, signature: req.signature as string, ...(req.domain === undefined ? {} : { domain: req.domain as GrantDomain }) });
    if (req.endpoint === undefined || req.domain === undefined) {
      const missing = req.endpoint === undefined ? 'endpoint' : 'domain';
      // A gate request without them is the old text (OUTDATED_REQUEST); a stream request never had another.
      if (amountField === 'use') throw new GateError('OUTDATED_REQUEST', `the request names no ${missing}: sign the "${GATE_REQUEST_HEADING}" text, which binds the exchange, provider and endpoint (docs/delivery.md)`, grant.grantId);
      throw new GateError('MALFORMED_REQUEST', `the stream request names no ${missing}`, grant.grantId);
    }
    if (typeof req.endpoint !== 'string' || normalizedEndpoint(req.endpoint) !== this.endpoint) {
      throw new GateError('WRONG_ENDPOINT', `the request is signed for ${String(req.endpoint).slice(0, 200)}; this gate is ${this.endpoint}`, grant.grantId);
    }
    const amount = req[amountField];
    const { timeMs, nonce, consumerSignature } = req;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 1) throw new GateError('MALFORMED_REQUEST', `${amountField}: a positive integer (rights)`, grant.grantId);
    if (typeof timeMs !== 'number' || !Number.isSafeInteger(timeMs)) throw new GateError('MALFORMED_REQUEST', 'timeMs: ms since the epoch', grant.grantId);
    if (typeof nonce !== 'string' || !NONCE_PATTERN.test(nonce)) throw new GateError('MALFORMED_REQUEST', 'nonce: 1 to 64 of A-Z a-z 0-9 _ -', grant.grantId);
    if (typeof consumerSignature !== 'string') throw new GateError('MALFORMED_REQUEST', 'consumerSignature: 0x hex', grant.grantId);
    if (Math.abs(this.clock() - timeMs) > this.maxSkewMs) throw new GateError('REPLAYED', `the request's time is more than ${this.maxSkewMs} ms from the gate's clock`, grant.grantId);
    // The text as this gate knows it: its own domain, provider and endpoint (the request's must be the same to recover the consumer).
    const text =
      amountField === 'use'
        ? gateRequestBody(this.preamble, grant.grantId, amount, timeMs, nonce)
        : streamRequestText({ domain: this.options.domain, provider: this.provider, endpoint: this.endpoint, grantId: grant.grantId, rights: amount, timeMs, nonce });
    const user = req.membership === undefined ? grant.consumer.toLowerCase() : this.memberOf(grant, req.membership);
    if (!this.consumerKeys.signedBy(personalMessageDigest(text), consumerSignature, user)) {
      const who = req.membership === undefined ? `the grant's consumer ${grant.consumer}` : `the member ${user} the membership statement names`;
      throw new GateError('NOT_CONSUMER', `the request is not signed by ${who} for this exchange, provider and endpoint`, grant.grantId);
    }
    const checked = { grant, signature: req.signature as string, domain: req.domain as GrantDomain, endpoint: req.endpoint, amount, timeMs, nonce, consumerSignature };
    return req.membership === undefined ? checked : { ...checked, membership: req.membership as SignedMembership };
  }

  /**
   * The wallet that may sign for an organisation's grant: the member its membership statement
   * names, once the statement holds (src/grants/membership.ts): signed by the exchange's grant key
   * under this gate's domain, naming the grant's consumer as the organisation, not expired. A
   * statement whose signature held is remembered (bounded) so a member's later requests skip the curve.
   */
  private memberOf(grant: AccessGrant, membership: unknown): string {
    const problem = membershipProblem(membership);
    if (problem !== undefined) throw new GateError('MALFORMED_REQUEST', problem, grant.grantId);
    const m = membership as SignedMembership;
    if (this.verifiedMemberships.get(m.signature) !== membershipKey(m)) {
      if (membershipSigner(this.options.domain, m) !== this.exchangeSigner) throw new GateError('FORGED_MEMBERSHIP', 'the membership statement is not signed by the exchange under this domain', grant.grantId);
      if (this.verifiedMemberships.size >= MAX_REMEMBERED_MEMBERSHIPS) this.verifiedMemberships.clear();
      this.verifiedMemberships.set(m.signature, membershipKey(m));
    }
    if (m.statement.organisation.toLowerCase() !== grant.consumer.toLowerCase()) throw new GateError('NOT_MEMBER', `the membership statement is for ${m.statement.organisation}, not grant ${grant.grantId}'s holder ${grant.consumer}`, grant.grantId);
    if (this.clock() > m.statement.expiresAtMs) throw new GateError('MEMBERSHIP_EXPIRED', `the membership statement expired at ${new Date(m.statement.expiresAtMs).toISOString()}: ask the exchange for a new one (GET /v1/organisations/mine/membership)`, grant.grantId);
    return m.statement.member.toLowerCase();
  }

  /**
   * Checks a stream request (push-request.ts) and counts its first right with its nonce (a
   * stream request opens one stream, once); resolves once that count is on disk. Refusals as
   * for a gate request (NOT_READY included), and WINDOW_CLOSED once the grant's window has closed.
   */
  async openStream(body: unknown): Promise<StreamAdmission> {
    const c = this.consumerSigned(body, 'rights');
    const request: StreamRequest = { grant: c.grant, signature: c.signature, domain: c.domain, endpoint: c.endpoint, rights: c.amount, timeMs: c.timeMs, nonce: c.nonce, consumerSignature: c.consumerSignature };
    const { seq, remaining, written } = this.takeRight(c.grant, { request: { nonce: c.nonce, timeMs: c.timeMs } });
    await written;
    return { grant: c.grant, request, first: { seq, remaining } };
  }

  /**
   * Counts one right of a grant for push (a stream's batch, a webhook's) at once, so two
   * pushes (or a push and a pull) never take the same right; `written` settles once it is on
   * disk, with `record(seq)` (a webhook's pending batch) written in the same transaction. The
   * grant must have passed the exchange's signature here (openStream, checkPushRegistration).
   * Throws GateError: LISTING_NOT_SERVED, NOT_YET_OPEN, EXPIRED, WINDOW_CLOSED, REPLAYED (the
   * nonce), EXHAUSTED, NOT_READY (nothing in the window yet: a push waits for its next period).
   */
  takeRight(grant: AccessGrant, o: { request?: { nonce: string; timeMs: number }; record?: (seq: number, remaining: number) => PushRecord } = {}): PushRight {
    this.checkServed(grant, undefined);
    this.refusePushOfUsage(grant);
    if (this.clock() >= grant.windowCloseMs) throw new GateError('WINDOW_CLOSED', `grant ${grant.grantId}'s window closed at ${new Date(grant.windowCloseMs).toISOString()}: pushes end with it`, grant.grantId);
    if (o.request !== undefined && this.meter.hasNonce(grant.grantId, o.request.nonce)) throw new GateError('REPLAYED', `nonce ${o.request.nonce} was already used on grant ${grant.grantId}`, grant.grantId);
    const used = this.meter.used(grant.grantId);
    this.checkLeft(grant, undefined, used, 1, undefined);
    this.checkReady(grant);
    const seq = used + 1;
    const remaining = this.servable(grant, undefined) - seq;
    const record = o.record?.(seq, remaining);
    const written = this.meter.count(grant.grantId, 1, o.request, record === undefined ? undefined : () => void this.pushes.put([record.grantId, record.url], record));
    return { seq, remaining, written };
  }

  /** What this gate may serve of a grant in all: its rights (a usage grant: its units) less those the exchange withdrew. */
  private servable(grant: AccessGrant, usage: GateUsageTerms | undefined): number {
    const total = usage === undefined ? grant.quantity : grant.quantity * usage.perRight;
    return Math.max(0, total - this.meter.revoked(grant.grantId));
  }

  /** EXHAUSTED when `use` more rights (units) are beyond the grant's; REVOKED when only beyond what its refunds left. */
  private checkLeft(grant: AccessGrant, usage: GateUsageTerms | undefined, used: number, use: number, request: GateRequest | undefined): void {
    const servable = this.servable(grant, usage);
    if (used + use <= servable) return;
    const total = usage === undefined ? grant.quantity : grant.quantity * usage.perRight;
    const what = usage === undefined ? 'rights' : usage.unit;
    const left = Math.max(0, servable - used);
    if (used + use > total) throw new GateError('EXHAUSTED', `grant ${grant.grantId} has ${left} of ${total} ${what} left; asked for ${use}`, grant.grantId, request);
    throw new GateError('REVOKED', `grant ${grant.grantId}: ${total - servable} of its ${total} ${what} were refunded to its consumer and are no longer served; ${left} left, asked for ${use}`, grant.grantId, request);
  }

  /** A grant's rights (a usage grant's units) left to serve: all of them less those used and those the exchange withdrew. */
  rightsLeft(grant: AccessGrant): number {
    return Math.max(0, this.servable(grant, this.usageTermsOf(grant)) - this.meter.used(grant.grantId));
  }

  /**
   * Withdraws rights the exchange refunded to their consumers (`GET /v1/provider/revocations`: each grant's rights
   * withdrawn in all, read through journal seq `throughSeq`): no request counted after this call serves them, and a
   * stream or webhook ends REVOKED at its next right. Settles once they and the seq are on disk.
   */
  revoke(revocations: readonly Revocation[], throughSeq: number): Promise<unknown> {
    return this.meter.revoke(revocations, throughSeq);
  }

  /**
   * Raises grants' used counts to what the exchange holds of them (each grant's rights, a usage grant's units, used by
   * the provider's reports and the consumers' receipts): a gate started on a new store does not serve them again.
   */
  raiseUsed(floors: ReadonlyArray<{ grantId: number; used: number }>): Promise<unknown> {
    return this.meter.raiseUsed(floors);
  }

  /** The journal seq the exchange's revocations were read through: where the next read starts. */
  revokedThrough(): number {
    return this.meter.revokedThrough();
  }

  /**
   * The last check before a right is counted (pull and push): the grant's window has records
   * (GateOptions.hasRecords). Else NOT_READY, which carries no signed request: nothing failed,
   * nothing is reported, and no receipt can confirm an empty delivery.
   */
  private checkReady(grant: AccessGrant): void {
    if (this.options.hasRecords !== undefined && !this.options.hasRecords(grant)) {
      throw new GateError('NOT_READY', `no records in grant ${grant.grantId}'s window yet: nothing was counted; ask again later`, grant.grantId);
    }
  }

  /**
   * Checks a webhook registration (`{grant, signature, domain, authorisation}`): the grant
   * as the exchange signed it for this provider, the authorisation signed by the grant's
   * consumer under this exchange's domain for its URL, not expired, and the grant still
   * deliverable by push (served, window not closed, not expired, rights left; a window not
   * yet open is fine: pushes start when it opens). Throws GateError; counts nothing.
   */
  checkPushRegistration(body: unknown): PushRegistrationRequest {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new GateError('MALFORMED_REQUEST', 'a JSON object {grant, signature, domain, authorisation: {url, untilMs, nonce, consumerSignature}}');
    const req = body as Record<string, unknown>;
    if (req.domain === undefined) throw new GateError('MALFORMED_REQUEST', "domain: the grants' EIP-712 domain (GET /v1/grants/signer)");
    const grant = this.exchangeSigned({ grant: req.grant as AccessGrant, signature: req.signature as string, domain: req.domain as GrantDomain });
    const a = req.authorisation;
    if (typeof a !== 'object' || a === null || Array.isArray(a)) throw new GateError('MALFORMED_REQUEST', 'authorisation: {url, untilMs, nonce, consumerSignature}', grant.grantId);
    const { url, untilMs, nonce, consumerSignature } = a as Record<string, unknown>;
    if (typeof untilMs !== 'number' || !Number.isSafeInteger(untilMs) || untilMs < 0) throw new GateError('MALFORMED_REQUEST', 'authorisation.untilMs: ms since the epoch', grant.grantId);
    if (typeof nonce !== 'string' || !NONCE_PATTERN.test(nonce)) throw new GateError('MALFORMED_REQUEST', 'authorisation.nonce: 1 to 64 of A-Z a-z 0-9 _ -', grant.grantId);
    if (typeof consumerSignature !== 'string') throw new GateError('MALFORMED_REQUEST', 'authorisation.consumerSignature: 0x hex', grant.grantId);
    const canonical = webhookUrl(url);
    if (typeof canonical !== 'string') throw new GateError('BAD_WEBHOOK_URL', `authorisation.url: ${canonical.problem}`, grant.grantId);
    if (canonical !== url) throw new GateError('BAD_WEBHOOK_URL', `authorisation.url: sign it in its canonical form, ${canonical.slice(0, 200)}`, grant.grantId);
    const badHost = webhookHostProblem(canonical, this.webhookAllowance);
    if (badHost !== undefined) throw new GateError('BAD_WEBHOOK_URL', `authorisation.url: ${badHost}`, grant.grantId);
    // An organisation's grant: a member authorises with the exchange's statement (checked as for a pull), and pushes end with the statement.
    const { membership } = a as Record<string, unknown>;
    const user = membership === undefined ? grant.consumer.toLowerCase() : this.memberOf(grant, membership);
    const text = pushAuthorisationText({ domain: this.options.domain, consumer: user, url: canonical, untilMs, nonce });
    if (!this.consumerKeys.signedBy(personalMessageDigest(text), consumerSignature, user)) throw new GateError('NOT_CONSUMER', `the push authorisation is not signed by ${membership === undefined ? `grant ${grant.grantId}'s consumer ${grant.consumer}` : `the member ${user} the membership statement names`} for this exchange and URL`, grant.grantId);
    const authorisation: PushAuthorisation = { url: canonical, untilMs, nonce, consumerSignature };
    if (membership !== undefined) authorisation.membership = membership as SignedMembership;
    const now = this.clock();
    if (now >= pushUntilMs(authorisation)) throw new GateError('AUTHORISATION_EXPIRED', `the push authorisation ended at ${new Date(pushUntilMs(authorisation)).toISOString()}`, grant.grantId);
    if (!this.options.serves(grant.listingId, grant.listingVersion)) throw new GateError('LISTING_NOT_SERVED', `listing ${grant.listingId} version ${grant.listingVersion} is not served here`, grant.grantId);
    if (now > grant.expiresAtMs) throw new GateError('EXPIRED', `grant ${grant.grantId} expired at ${new Date(grant.expiresAtMs).toISOString()}`, grant.grantId);
    if (now >= grant.windowCloseMs) throw new GateError('WINDOW_CLOSED', `grant ${grant.grantId}'s window closed at ${new Date(grant.windowCloseMs).toISOString()}: pushes end with it`, grant.grantId);
    this.refusePushOfUsage(grant);
    this.checkLeft(grant, undefined, this.meter.used(grant.grantId), 1, undefined);
    return { grant, signature: req.signature as string, domain: req.domain as GrantDomain, authorisation };
  }

  /** Webhook registrations kept (pusher.ts reads them at start). */
  pushRecords(): PushRecord[] {
    return [...this.pushes.getRange({})].map(({ value }) => value);
  }

  /** Writes a webhook registration; settles once on disk. */
  putPushRecord(record: PushRecord): Promise<unknown> {
    return this.pushes.put([record.grantId, record.url], record);
  }

  /** Forgets a webhook registration; settles once on disk. */
  removePushRecord(grantId: number, url: string): Promise<unknown> {
    return this.pushes.remove([grantId, url]);
  }

  /** The clock the gate judges times by. */
  now(): number {
    return this.clock();
  }

  /** How many nonces the gate keeps for a grant (tests: bounded by the horizon's requests, not by the grant's uses). */
  noncesKept(grantId: number): number {
    return this.meter.noncesKept(grantId);
  }

  /** Rights used on a grant so far. */
  used(grantId: number): number {
    return this.meter.used(grantId);
  }

  async close(): Promise<void> {
    await this.env.close();
  }
}

/** How many verified membership statements the gate remembers at most. */
const MAX_REMEMBERED_MEMBERSHIPS = 10_000;

function membershipKey(m: SignedMembership): string {
  const s = m.statement;
  return `${s.organisation.toLowerCase()} ${s.member.toLowerCase()} ${s.role} ${s.issuedAtMs} ${s.expiresAtMs}`;
}

/** How many verified grants the gate remembers at most. */
const MAX_REMEMBERED = 100_000;
/** How many consumers' keys the gate remembers at most (65 bytes each, learned only from a signature by a grant's consumer). */
const MAX_CONSUMER_KEYS = 10_000;

function sameGrant(a: AccessGrant, b: AccessGrant): boolean {
  return (
    a.grantId === b.grantId && a.consumer === b.consumer && a.provider === b.provider && a.listingId === b.listingId && a.listingVersion === b.listingVersion &&
    a.seriesId === b.seriesId && a.windowOpenMs === b.windowOpenMs && a.windowCloseMs === b.windowCloseMs && a.quantity === b.quantity && a.expiresAtMs === b.expiresAtMs && a.nonce === b.nonce
  );
}

function sameDomain(a: GrantDomain, b: GrantDomain): boolean {
  return typeof a === 'object' && a !== null && a.name === b.name && a.version === b.version && Number(a.chainId) === Number(b.chainId) && safeAddress(a.verifyingContract) === safeAddress(b.verifyingContract);
}

/** The request's endpoint normalized, or undefined when it is no http(s) URL. */
function normalizedEndpoint(url: string): string | undefined {
  try {
    return gateEndpoint(url);
  } catch {
    return undefined;
  }
}

function safeAddress(text: unknown): string | undefined {
  if (typeof text !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(text)) return undefined;
  return getAddress(text.toLowerCase());
}
