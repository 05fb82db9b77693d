/**
 * Push delivery's texts and payloads (docs/delivery.md, "Push delivery: streams and
 * webhooks"): what a consumer signs to open a stream of records at a provider's gate, what
 * it signs once so that anyone (the exchange's courier, or itself) may register its webhook
 * for its grants, and the signed batch each push carries. No Node imports: the web console
 * and the client take them as the gate does.
 *
 * A stream request binds, like a gate request (gate-request.ts), the exchange, the provider,
 * the gate's endpoint, the grant, how many rights at most to stream, the time and a nonce:
 * an endpoint that is not the provider's gate cannot open the stream at the real one, and
 * a request seen on the way cannot be replayed (its nonce is used once).
 *
 * A push authorisation binds the exchange, the consumer, the webhook URL, until when and a
 * nonce; no grant and no provider. A gate takes it with a grant whose consumer signed it:
 * whoever presents it, the gate only ever sends that consumer's own records to the URL that
 * consumer named.
 */
import { getAddress } from 'ethers';
import type { DeliveryStatement } from './delivery-statement.js';
import { gateEndpoint } from './gate-request.js';
import type { AccessGrant, GrantDomain, SignedGrant } from './grant.js';
import type { SignedMembership } from './membership.js';

/** The first line of a stream request's text. */
export const STREAM_REQUEST_HEADING = 'PATX gate stream v1';
/** The first line of a push authorisation's text. */
export const PUSH_AUTHORISATION_HEADING = 'PATX push authorisation v1';
/** A webhook URL is at most this long. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

const NONCE = /^[A-Za-z0-9_-]{1,64}$/;

/** What a consumer sends to open a stream: the grant as the exchange signed it, and its own signature over the stream's terms. */
export interface StreamRequest {
  grant: AccessGrant;
  /** The exchange's EIP-712 signature of the grant. */
  signature: string;
  /** The grants' EIP-712 domain (GET /v1/grants/signer). */
  domain: GrantDomain;
  /** The gate's endpoint (the listing's delivery endpoint, normalized: gateEndpoint). */
  endpoint: string;
  /** Rights to stream at most (one batch each); the stream ends sooner when the grant is used up or its window closes. */
  rights: number;
  timeMs: number;
  /** Unique per request on the grant (1 to 64 of [A-Za-z0-9_-]); a stream request is used once. */
  nonce: string;
  /** EIP-191 signature by the grant's consumer of streamRequestText(...) (or by the member `membership` names). */
  consumerSignature: string;
  /** An organisation's grant streamed by a member: the exchange's membership statement (src/grants/membership.ts), as for a gate request. */
  membership?: SignedMembership;
}

export interface StreamRequestTerms {
  domain: GrantDomain;
  provider: string;
  endpoint: string;
  grantId: number;
  rights: number;
  timeMs: number;
  nonce: string;
}

function domainLines(domain: GrantDomain): string[] {
  if (typeof domain.name !== 'string' || typeof domain.version !== 'string' || /[\r\n]/.test(domain.name + domain.version)) throw new Error('domain: name and version, one line each');
  return [`exchange: ${domain.name} version ${domain.version}`, `chain id: ${Number(domain.chainId)}`, `registry: ${getAddress(String(domain.verifyingContract).toLowerCase())}`];
}

/**
 * The text a consumer signs to open a stream (EIP-191), one field a line:
 *
 *   PATX gate stream v1
 *   exchange: PATX version 1
 *   chain id: 31337
 *   registry: 0x0000000000000000000000000000000000000000
 *   provider: 0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc
 *   endpoint: http://127.0.0.1:8490/records
 *   grant: 12
 *   rights: 3
 *   time: 1764115200000
 *   nonce: mif3k2s0-8d1xk2q9zq
 */
export function streamRequestText(t: StreamRequestTerms): string {
  if (!NONCE.test(t.nonce)) throw new Error('nonce: 1 to 64 of A-Z a-z 0-9 _ -');
  return [
    STREAM_REQUEST_HEADING,
    ...domainLines(t.domain),
    `provider: ${getAddress(t.provider.toLowerCase())}`,
    `endpoint: ${gateEndpoint(t.endpoint)}`,
    `grant: ${t.grantId}`,
    `rights: ${t.rights}`,
    `time: ${t.timeMs}`,
    `nonce: ${t.nonce}`,
  ].join('\n');
}

export interface StreamRequestOptions {
  domain: GrantDomain;
  /** The listing's delivery endpoint (the gate's): the stream is opened at `<endpoint>/stream`. */
  endpoint: string;
  timeMs?: number;
  nonce?: string;
  /** An organisation's grant, streamed by a member: the exchange's membership statement. */
  membership?: SignedMembership;
}

function freshNonce(timeMs: number): string {
  return `${timeMs.toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** A consumer's stream request for at most `rights` rights of a signed grant (anything that signs EIP-191 messages). */
export async function signStreamRequest(wallet: { signMessage(message: string): Promise<string> }, signed: SignedGrant, rights: number, o: StreamRequestOptions): Promise<StreamRequest> {
  const timeMs = o.timeMs ?? Date.now();
  const nonce = o.nonce ?? freshNonce(timeMs);
  const endpoint = gateEndpoint(o.endpoint);
  const text = streamRequestText({ domain: o.domain, provider: signed.grant.provider, endpoint, grantId: signed.grant.grantId, rights, timeMs, nonce });
  const request: StreamRequest = { grant: signed.grant, signature: signed.signature, domain: o.domain, endpoint, rights, timeMs, nonce, consumerSignature: await wallet.signMessage(text) };
  if (o.membership !== undefined) request.membership = o.membership;
  return request;
}

/** A consumer's standing permission to push its grants' records to one URL until a time: signed once, presented by anyone. */
export interface PushAuthorisation {
  /** The webhook URL, as checked by webhookUrl (its canonical form: what `new URL(url).href` gives). */
  url: string;
  /** Pushes are scheduled until then (ms since the epoch). */
  untilMs: number;
  /** Tells one authorisation from another (1 to 64 of [A-Za-z0-9_-]); not used up: one authorisation serves every grant of the consumer. */
  nonce: string;
  /** EIP-191 signature by the consumer of pushAuthorisationText(...): for an organisation's grants, by a member (`membership`). */
  consumerSignature: string;
  /**
   * A member's authorisation for its organisation's grants (docs/organisations.md, "Push for members"):
   * the exchange's membership statement naming the signer. Pushes under it end when the statement
   * expires (pushUntilMs), as a removed member's downloads do; registering again with a fresh one extends them.
   */
  membership?: SignedMembership;
}

/** When pushes under an authorisation end: its untilMs, or its membership statement's expiry when sooner. */
export function pushUntilMs(a: PushAuthorisation): number {
  return a.membership === undefined ? a.untilMs : Math.min(a.untilMs, a.membership.statement.expiresAtMs);
}

export interface PushAuthorisationTerms {
  domain: GrantDomain;
  /** The consumer's address (any case; the text has it checksummed). */
  consumer: string;
  url: string;
  untilMs: number;
  nonce: string;
}

/**
 * The text a consumer signs to let its grants' records be pushed to a URL (EIP-191):
 *
 *   PATX push authorisation v1
 *   exchange: PATX version 1
 *   chain id: 31337
 *   registry: 0x0000000000000000000000000000000000000000
 *   consumer: 0x976EA74026E726554dB657fA54763abd0C3a0aa9
 *   url: https://hooks.consumer.example/patx
 *   until: 1764201600000
 *   nonce: hook-1
 */
export function pushAuthorisationText(t: PushAuthorisationTerms): string {
  if (!NONCE.test(t.nonce)) throw new Error('nonce: 1 to 64 of A-Z a-z 0-9 _ -');
  const url = webhookUrl(t.url);
  if (typeof url !== 'string' || url !== t.url) throw new Error(`url: ${typeof url === 'string' ? `not in its canonical form (${url})` : url.problem}`);
  return [PUSH_AUTHORISATION_HEADING, ...domainLines(t.domain), `consumer: ${getAddress(t.consumer.toLowerCase())}`, `url: ${t.url}`, `until: ${t.untilMs}`, `nonce: ${t.nonce}`].join('\n');
}

/**
 * A webhook URL in its canonical form, or why it cannot be one: http or https only, at most
 * MAX_WEBHOOK_URL_LENGTH characters, no user name or password, no fragment.
 */
export function webhookUrl(url: unknown): string | { problem: string } {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_WEBHOOK_URL_LENGTH) return { problem: `a URL of at most ${MAX_WEBHOOK_URL_LENGTH} characters` };
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { problem: 'not a URL' };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { problem: 'http or https only' };
  if (u.username !== '' || u.password !== '') return { problem: 'no user name or password in the URL' };
  if (u.hash !== '') return { problem: 'no fragment' };
  if (u.href.length > MAX_WEBHOOK_URL_LENGTH) return { problem: `a URL of at most ${MAX_WEBHOOK_URL_LENGTH} characters` };
  return u.href;
}

export interface PushAuthorisationOptions {
  domain: GrantDomain;
  /** The webhook URL (signed in its canonical form). */
  url: string;
  untilMs: number;
  nonce?: string;
  /** A member authorising pushes of its organisation's grants: the exchange's membership statement (it travels with the authorisation). */
  membership?: SignedMembership;
}

/** Signs a push authorisation with the consumer's wallet (an ethers Wallet, a browser wallet): the URL in its canonical form. */
export async function signPushAuthorisation(wallet: { getAddress(): Promise<string>; signMessage(message: string): Promise<string> }, o: PushAuthorisationOptions): Promise<PushAuthorisation> {
  const url = webhookUrl(o.url);
  if (typeof url !== 'string') throw new Error(`webhook url: ${url.problem}`);
  if (!Number.isSafeInteger(o.untilMs) || o.untilMs < 0) throw new Error('untilMs: ms since the epoch');
  const nonce = o.nonce ?? freshNonce(Date.now());
  const text = pushAuthorisationText({ domain: o.domain, consumer: await wallet.getAddress(), url, untilMs: o.untilMs, nonce });
  const authorisation: PushAuthorisation = { url, untilMs: o.untilMs, nonce, consumerSignature: await wallet.signMessage(text) };
  if (o.membership !== undefined) authorisation.membership = o.membership;
  return authorisation;
}

/** What a consumer (or the exchange's courier) POSTs to `<endpoint>/push`. */
export interface PushRegistrationRequest {
  grant: AccessGrant;
  signature: string;
  domain: GrantDomain;
  authorisation: PushAuthorisation;
}

/**
 * One pushed batch: one right's records (an SSE `batch` event's data, a webhook's body),
 * with the provider's signed delivery statement for it (use 1, nonce pushNonce(seq)), which
 * the consumer may receipt to the exchange as it does a download's.
 */
export interface PushPayload {
  grantId: number;
  /** The right's number on the grant (1 to quantity), across pull and push: each is sent under one seq only. */
  seq: number;
  /** Rights left on the grant after this one. */
  remaining: number;
  records: unknown[];
  delivery: DeliveryStatement;
  /** The provider's EIP-191 signature of deliveryStatementText(domain, grant, delivery). */
  deliverySignature: string;
}

/** The delivery statement's nonce for a pushed right: `push-<seq>`. */
export function pushNonce(seq: number): string {
  return `push-${seq}`;
}

/** Why a stream or push ended (the last SSE event's `reason`; a webhook registration's). */
export type PushEndReason =
  /** The grant's rights are all used (pull and push together). */
  | 'exhausted'
  /** The rights left were refunded to the consumer (the exchange's revocations): no longer served. */
  | 'revoked'
  /** The stream delivered the rights its request asked for. */
  | 'complete'
  /** The grant's window closed: the entitlement to pushes ends with it. */
  | 'window-closed'
  /** The grant expired. */
  | 'expired'
  /** The provider no longer serves the grant's listing. */
  | 'not-served'
  /** The push authorisation's untilMs passed. */
  | 'authorisation-expired'
  /** The webhook failed every attempt of a batch. */
  | 'failed'
  /** The provider server is shutting down (a stream; webhooks resume after a restart). */
  | 'shutdown';
