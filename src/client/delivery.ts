/**
 * What a consumer does with a signed access grant: find the delivery endpoint of the
 * listing it names (GET /v1/listings/{id}/disclosures) and use its rights there, with a
 * request signed by the consumer's key (src/gate/, docs/delivery.md).
 */
import { signGateRequest } from '../gate/gate.js';
import type { SignedGrant } from '../grants/grant.js';
import type { MessageSigner } from './trading-client.js';

export type Download =
  | { outcome: 'received'; endpoint: string; records: unknown[]; remaining: number }
  | { outcome: 'refused'; endpoint: string; status: number; error: string; message: string }
  | { outcome: 'unreachable'; endpoint: string; message: string }
  | { outcome: 'no-listing'; status: number };

/** Uses `use` rights of a grant (all of them by default) at its provider's endpoint. */
export async function downloadWithGrant(exchangeHttpUrl: string, wallet: MessageSigner, signed: SignedGrant, use = signed.grant.quantity): Promise<Download> {
  const disclosures = await fetch(`${exchangeHttpUrl}/v1/listings/${signed.grant.listingId}/disclosures`);
  if (!disclosures.ok) return { outcome: 'no-listing', status: disclosures.status };
  const endpoint = ((await disclosures.json()) as { deliveryEndpoint: string }).deliveryEndpoint;
  const body = JSON.stringify(await signGateRequest(wallet, signed, use));
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
