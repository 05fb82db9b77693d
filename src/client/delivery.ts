/**
 * What a consumer does with a signed access grant: find the delivery endpoint of the
 * listing it names (GET /v1/listings/{id}/disclosures) and the grants' domain (GET
 * /v1/grants/signer), and use its rights at that endpoint, with a request signed by the
 * consumer's key for that exchange, provider and endpoint only (src/gate/, docs/delivery.md).
 */
import { signGateRequest } from '../gate/request.js';
import type { GrantDomain, SignedGrant } from '../grants/grant.js';
import type { MessageSigner } from './trading-client.js';

export type Download =
  | { outcome: 'received'; endpoint: string; records: unknown[]; remaining: number }
  | { outcome: 'refused'; endpoint: string; status: number; error: string; message: string }
  | { outcome: 'unreachable'; endpoint: string; message: string }
  | { outcome: 'no-listing'; status: number }
  | { outcome: 'no-signer'; status: number };

/** Uses `use` rights of a grant (all of them by default) at its provider's endpoint. */
export async function downloadWithGrant(exchangeHttpUrl: string, wallet: MessageSigner, signed: SignedGrant, use = signed.grant.quantity): Promise<Download> {
  const disclosures = await fetch(`${exchangeHttpUrl}/v1/listings/${signed.grant.listingId}/disclosures`);
  if (!disclosures.ok) return { outcome: 'no-listing', status: disclosures.status };
  const endpoint = ((await disclosures.json()) as { deliveryEndpoint: string }).deliveryEndpoint;
  const signer = await fetch(`${exchangeHttpUrl}/v1/grants/signer`);
  if (!signer.ok) return { outcome: 'no-signer', status: signer.status };
  const domain = ((await signer.json()) as { domain: GrantDomain }).domain;
  const body = JSON.stringify(await signGateRequest(wallet, signed, use, { domain, endpoint }));
  let res: Response;
  try {
    res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  } catch (error) {
    return { outcome: 'unreachable', endpoint, message: (error as Error).message };
  }
  const answer = (await res.json()) as { records?: unknown[]; remaining?: number; error?: string; message?: string };
  if (!res.ok) return { outcome: 'refused', endpoint, status: res.status, error: answer.error ?? 'UNKNOWN', message: answer.message ?? '' };
  return { outcome: 'received', endpoint, records: answer.records ?? [], remaining: answer.remaining ?? 0 };
}
