/**
 * What a consumer sends to a provider's gate, and the text it signs for one use of a
 * grant. A module of its own that imports no Node module (only types), so the web
 * console signs the very same text as src/client and the gate checks (src/gate/gate.ts).
 */
import type { AccessGrant, GrantDomain, SignedGrant } from '../grants/grant.js';

/** What a consumer sends: the grant as the exchange signed it, and its own signature over this use. */
export interface GateRequest {
  grant: AccessGrant;
  /** The exchange's EIP-712 signature. */
  signature: string;
  /** The domain the consumer believes the grant is under (optional; checked when given). */
  domain?: GrantDomain;
  /** Rights to use now (each one download). */
  use: number;
  /** The consumer's clock, ms since the epoch. */
  timeMs: number;
  /** Unique per request (up to 64 characters of [A-Za-z0-9_-]). */
  nonce: string;
  /** EIP-191 signature by the consumer's key of gateRequestText(...). */
  consumerSignature: string;
}

/** The text a consumer signs for one use of a grant. */
export function gateRequestText(grantId: number, use: number, timeMs: number, nonce: string): string {
  return `PATX gate request\ngrant: ${grantId}\nuse: ${use}\ntime: ${timeMs}\nnonce: ${nonce}`;
}

/** A consumer's request for `use` rights of a signed grant (anything that signs EIP-191 messages: an ethers Wallet, a browser wallet). */
export async function signGateRequest(wallet: { signMessage(message: string): Promise<string> }, signed: SignedGrant, use: number, domain?: GrantDomain, timeMs = Date.now(), nonce = `${timeMs.toString(36)}-${Math.random().toString(36).slice(2, 12)}`): Promise<GateRequest> {
  return {
    grant: signed.grant,
    signature: signed.signature,
    ...(domain === undefined ? {} : { domain }),
    use,
    timeMs,
    nonce,
    consumerSignature: await wallet.signMessage(gateRequestText(signed.grant.grantId, use, timeMs, nonce)),
  };
}
