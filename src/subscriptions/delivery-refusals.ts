/**
 * What a provider is shown of the courier's refusals (docs/delivery.md, "Endpoints the exchange
 * connects to"): the last grant of each listing the courier gave up without sending anything,
 * ENDPOINT_NOT_ALLOWED (the listing version's delivery endpoint names, or resolved when sent to,
 * an address the exchange does not POST to). Its provider reads it on its own listings
 * (`lastDeliveryRefusal` in GET /v1/provider/listings, /v1/provider/listings/{id} and the reply to
 * its writes of a listing), and the operator on every listing (/operator/listings…); the operator's
 * log keeps every refusal in full.
 *
 * Kept in the subscriptions' LMDB store (`<dataDir>/subscriptions`, a database of its own), so a
 * restart shows it again: one row per listing, overwritten by its next refusal, never cleared (a
 * delivery that goes through does not clear it: the version it names tells whether it is of the
 * endpoint written now). Its rows are at most the catalog's listings (a refusal is of a listing
 * whose grant the courier handled). Not journal-derived: a store rebuilt from the journal (a new
 * layout version) starts without them, as a standby taking over does.
 *
 * What a name resolved to is the exchange's own network's answer: a provider who could read it
 * back would have a probe of the exchange's internal names (write `db.corp.example`, read its
 * address). So the provider is told the address only when the endpoint wrote it; a name's
 * refusal says it resolved to an address not allowed, not which.
 */
import type { Database, RootDatabase } from 'lmdb';
import type { ENDPOINT_NOT_ALLOWED } from '../gate/push-registration.js';
import { hostAddress, nameProblem } from '../gate/webhook-target.js';
import type { HandoffRefusal } from './courier.js';

/** The database's name in the subscriptions' store (SubscriptionLedger.create leaves room for it). */
export const DELIVERY_REFUSALS_DB = 'delivery-refusals';

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
  /** Put and not yet committed (lmdb-js commits puts asynchronously): read from here until then, so a read right after a sweep sees it. */
  private readonly pending = new Map<number, DeliveryRefusal>();

  private constructor(private readonly rows: Database<DeliveryRefusal, number>) {}

  /** The refusals kept in `env` (the subscriptions' store: SubscriptionLedger's `model.env`), by listing id. */
  static openIn(env: RootDatabase): DeliveryRefusals {
    return new DeliveryRefusals(env.openDB<DeliveryRefusal, number>({ name: DELIVERY_REFUSALS_DB }));
  }

  /** The courier gave up a grant ENDPOINT_NOT_ALLOWED (CourierOptions.refused): the listing's row is overwritten; resolves once it is committed. */
  async note(r: HandoffRefusal): Promise<void> {
    const refusal: DeliveryRefusal = { code: r.reason, message: providerMessage(r.endpoint, r.message), atMs: r.atMs, version: r.listingVersion, grantId: r.grantId };
    this.pending.set(r.listingId, refusal);
    await this.rows.put(r.listingId, refusal);
    if (this.pending.get(r.listingId) === refusal) this.pending.delete(r.listingId);
  }

  /** The listing's last refusal, or undefined. */
  lastOf(listingId: number): DeliveryRefusal | undefined {
    return this.pending.get(listingId) ?? this.rows.get(listingId);
  }

  /** Listings with a refusal kept. */
  get size(): number {
    return this.rows.getKeysCount();
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
