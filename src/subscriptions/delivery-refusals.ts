/**
 * What a provider is shown of the courier's refusals (docs/delivery.md, "Endpoints the exchange
 * connects to"): the last grant of each listing the courier gave up without sending anything,
 * ENDPOINT_NOT_ALLOWED (the listing version's delivery endpoint names, or resolved when sent to,
 * an address the exchange does not POST to). Its provider reads it on its own listings
 * (`lastDeliveryRefusal` in GET /v1/provider/listings and /v1/provider/listings/{id}); the
 * operator's log keeps every refusal in full.
 *
 * In memory, since the service started: a refusal is the courier's judgement at a moment (the
 * allowance, what a name resolved to), so a restart starts clean and the next refusal sets it
 * again. At most MAX_LISTINGS_KEPT listings, the least recently refused dropped first.
 *
 * What a name resolved to is the exchange's own network's answer: a provider who could read it
 * back would have a probe of the exchange's internal names (write `db.corp.example`, read its
 * address). So the provider is told the address only when the endpoint wrote it; a name's
 * refusal says it resolved to an address not allowed, not which.
 */
import type { ENDPOINT_NOT_ALLOWED } from '../gate/push-registration.js';
import { hostAddress, nameProblem } from '../gate/webhook-target.js';
import type { HandoffRefusal } from './courier.js';

/** Listings whose last refusal is kept (a listing is refused again at its next grant, so a dropped one comes back while it lasts). */
export const MAX_LISTINGS_KEPT = 10_000;

/** A listing's last refusal, as its provider sees it. */
export interface DeliveryRefusal {
  code: typeof ENDPOINT_NOT_ALLOWED;
  /** Why, in the provider's terms (an address only as the endpoint wrote it). */
  message: string;
  /** When the courier refused it. */
  atMs: number;
  /** The listing version whose endpoint was refused (a grant is delivered at its own version's endpoint). */
  version: number;
  /** The grant given up (it waits in its consumer's /v1/grants/mine). */
  grantId: number;
}

export class DeliveryRefusals {
  private readonly byListing = new Map<number, DeliveryRefusal>();

  /** The courier gave up a grant ENDPOINT_NOT_ALLOWED (CourierOptions.refused). */
  note(r: HandoffRefusal): void {
    this.byListing.delete(r.listingId);
    this.byListing.set(r.listingId, { code: r.reason, message: providerMessage(r.endpoint, r.message), atMs: r.atMs, version: r.listingVersion, grantId: r.grantId });
    if (this.byListing.size > MAX_LISTINGS_KEPT) this.byListing.delete(this.byListing.keys().next().value!);
  }

  /** The listing's last refusal since the service started, or undefined. */
  lastOf(listingId: number): DeliveryRefusal | undefined {
    return this.byListing.get(listingId);
  }
}

/** The refusal's words for the provider: as the courier logged them when they judge only what the endpoint wrote (an address, a name's form, `localhost`); else without the address its name resolved to. */
export function providerMessage(endpoint: string, message: string): string {
  let hostname: string;
  try {
    hostname = new URL(endpoint).hostname;
  } catch {
    return message;
  }
  if (hostAddress(hostname) !== undefined || hostname === 'localhost' || nameProblem(hostname) !== undefined) return message;
  return `${hostname} resolved, when the exchange sent the registration, to an address that is not globally routable and not allowed: the exchange POSTs to providers' gates at globally routable addresses (or an exact address:port its operator allows, catalog.endpointAllow)`;
}
