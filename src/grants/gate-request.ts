/**
 * What a consumer sends to a provider's gate, and the text it signs for one use of a
 * grant. A module of its own that imports no Node module, so the web console signs the
 * very same text as src/client and the gate checks (src/gate/gate.ts).
 *
 * The text binds everything the request authorises: the exchange (the grant's EIP-712
 * domain), the provider, the gate's endpoint (the URL the consumer sends it to), the
 * grant, how many rights, the time and a nonce. So an endpoint that is not the
 * provider's gate (a wrong or hostile delivery endpoint) cannot forward what it
 * received to the real gate: that gate's own endpoint is not the one signed for.
 */
import { getAddress } from 'ethers';
import type { AccessGrant, GrantDomain, SignedGrant } from './grant.js';
import type { SignedMembership } from './membership.js';

/** What a consumer sends: the grant as the exchange signed it, and its own signature over this use. */
export interface GateRequest {
  grant: AccessGrant;
  /** The exchange's EIP-712 signature. */
  signature: string;
  /** The grant's EIP-712 domain (GET /v1/grants/signer), as the consumer signed it. */
  domain: GrantDomain;
  /** The gate's endpoint the request is signed for (normalized: origin and path; see gateEndpoint). */
  endpoint: string;
  /** Rights to use now (each one download). */
  use: number;
  /** The consumer's clock, ms since the epoch. */
  timeMs: number;
  /** Unique per request (up to 64 characters of [A-Za-z0-9_-]). */
  nonce: string;
  /** EIP-191 signature by the consumer's key of gateRequestText(...). */
  consumerSignature: string;
  /**
   * For a grant an organisation holds: the exchange's signed statement that the signing wallet is
   * a member (GET /v1/organisations/mine/membership; src/grants/membership.ts). The request is then
   * signed by the member's key instead of the grant's consumer's.
   */
  membership?: SignedMembership;
}

/** Everything one gate request's text binds. */
export interface GateRequestTerms {
  domain: GrantDomain;
  /** The grant's provider (any case; the text has it checksummed). */
  provider: string;
  /** The gate's endpoint URL (normalized in the text). */
  endpoint: string;
  grantId: number;
  use: number;
  timeMs: number;
  nonce: string;
}

/**
 * A gate's endpoint as a request names it: scheme, host[:port] (lower case, default port
 * left out) and path; no query or fragment. Throws on anything but an http(s) URL.
 */
export function gateEndpoint(url: string): string {
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`${url}: an http or https URL`);
  return `${u.origin}${u.pathname}`;
}

/** The first line of the text: what tells it from the text before the provider, endpoint and domain were bound (refused, OUTDATED_REQUEST). */
export const GATE_REQUEST_HEADING = 'PATX gate request v2';

/** The text a consumer signs for one use of a grant (EIP-191); throws on a field that cannot be in it. */
export function gateRequestText(t: GateRequestTerms): string {
  return gateRequestBody(gatePreamble(t.domain, t.provider, t.endpoint), t.grantId, t.use, t.timeMs, t.nonce);
}

/**
 * The text's first lines: the exchange, the provider and the endpoint, the same for every
 * request a gate takes (a gate builds them once: checksumming costs two keccaks).
 */
export function gatePreamble(domain: GrantDomain, provider: string, endpoint: string): string {
  if (typeof domain.name !== 'string' || typeof domain.version !== 'string' || /[\r\n]/.test(domain.name + domain.version)) throw new Error('domain: name and version, one line each');
  return [
    GATE_REQUEST_HEADING,
    `exchange: ${domain.name} version ${domain.version}`,
    `chain id: ${Number(domain.chainId)}`,
    `registry: ${getAddress(String(domain.verifyingContract).toLowerCase())}`,
    `provider: ${getAddress(provider.toLowerCase())}`,
    `endpoint: ${gateEndpoint(endpoint)}`,
  ].join('\n');
}

/** The preamble and one request's own lines: the grant, the rights used, the time and the nonce. */
export function gateRequestBody(preamble: string, grantId: number, use: number, timeMs: number, nonce: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(nonce)) throw new Error('nonce: 1 to 64 of A-Z a-z 0-9 _ -');
  return `${preamble}\ngrant: ${grantId}\nuse: ${use}\ntime: ${timeMs}\nnonce: ${nonce}`;
}

export interface GateRequestOptions {
  /** The grant's EIP-712 domain (GET /v1/grants/signer). */
  domain: GrantDomain;
  /** The provider's delivery endpoint the request goes to (the listing's, GET /v1/listings/{id}/disclosures). */
  endpoint: string;
  timeMs?: number;
  nonce?: string;
  /** A member using its organisation's grant: the exchange's membership statement (GateRequest.membership). */
  membership?: SignedMembership;
}

/** A consumer's request for `use` rights of a signed grant at one endpoint (anything that signs EIP-191 messages: an ethers Wallet, a browser wallet). */
export async function signGateRequest(wallet: { signMessage(message: string): Promise<string> }, signed: SignedGrant, use: number, o: GateRequestOptions): Promise<GateRequest> {
  const timeMs = o.timeMs ?? Date.now();
  const nonce = o.nonce ?? `${timeMs.toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
  const endpoint = gateEndpoint(o.endpoint);
  const text = gateRequestText({ domain: o.domain, provider: signed.grant.provider, endpoint, grantId: signed.grant.grantId, use, timeMs, nonce });
  const request: GateRequest = { grant: signed.grant, signature: signed.signature, domain: o.domain, endpoint, use, timeMs, nonce, consumerSignature: await wallet.signMessage(text) };
  if (o.membership !== undefined) request.membership = o.membership;
  return request;
}
