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
 * layout version) starts without them. A replicated group's leader ships each refusal on the catalog
 * stream (`delivery-refusal`, src/replication/catalog-stream.ts) and a standby puts it in its own
 * rows, so one that takes over shows it (before 2026-12-06 it started without them). No one waits
 * for the stream to hold a refusal: one lost at a failover is noted again by the new leader's
 * courier, whose journal-derived handoff it still holds (docs/replication.md, "The courier's
 * refusals are not waited for").
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

/** A refusal as it travels to a group's standbys: the listing's row. */
export interface DeliveryRefusalWrite {
  listingId: number;
  refusal: DeliveryRefusal;
}

/** Where a leader's refusals are replicated (the catalog stream's shipper). */
export interface DeliveryRefusalReplication {
  deliveryRefused(write: DeliveryRefusalWrite): void;
}

export class DeliveryRefusals {
  /** Put and not yet committed (lmdb-js commits puts asynchronously): read from here until then, so a read right after a sweep sees it. */
  private readonly pending = new Map<number, DeliveryRefusal>();
  private replication: DeliveryRefusalReplication | undefined;

  private constructor(private readonly rows: Database<DeliveryRefusal, number>) {}

  /** The refusals kept in `env` (the subscriptions' store: SubscriptionLedger's `model.env`), by listing id. */
  static openIn(env: RootDatabase): DeliveryRefusals {
    return new DeliveryRefusals(env.openDB<DeliveryRefusal, number>({ name: DELIVERY_REFUSALS_DB }));
  }

  /** The courier gave up a grant ENDPOINT_NOT_ALLOWED (CourierOptions.refused): the listing's row is overwritten; resolves once it is committed. */
  async note(r: HandoffRefusal): Promise<void> {
    const refusal: DeliveryRefusal = { code: r.reason, message: providerMessage(r.endpoint, r.message), atMs: r.atMs, version: r.listingVersion, grantId: r.grantId };
    this.replication?.deliveryRefused({ listingId: r.listingId, refusal });
    await this.put(r.listingId, refusal);
  }

  /** A leader's: each refusal noted from now on is told to `replication` too (no client waits on it: the courier's sweep goes on). */
  replicateTo(replication: DeliveryRefusalReplication): void {
    this.replication = replication;
  }

  /** A standby's: a leader's refusal from the catalog stream, checked, put as the leader put it (applying it again changes nothing). */
  async applyReplicated(write: unknown): Promise<void> {
    const w = parseRefusalWrite(write);
    await this.put(w.listingId, w.refusal);
  }

  private async put(listingId: number, refusal: DeliveryRefusal): Promise<void> {
    this.pending.set(listingId, refusal);
    await this.rows.put(listingId, refusal);
    if (this.pending.get(listingId) === refusal) this.pending.delete(listingId);
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

export class DeliveryRefusalWriteError extends Error {
  override readonly name = 'DeliveryRefusalWriteError';
}

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/** A replicated refusal's shape, as note() makes it; DeliveryRefusalWriteError otherwise. */
function parseRefusalWrite(write: unknown): DeliveryRefusalWrite {
  const w = write as { listingId?: unknown; refusal?: Partial<Record<keyof DeliveryRefusal, unknown>> } | null;
  const r = w?.refusal;
  if (w === null || typeof w !== 'object' || !isId(w.listingId) || r === null || typeof r !== 'object') throw new DeliveryRefusalWriteError('malformed delivery refusal');
  if (r.code !== 'ENDPOINT_NOT_ALLOWED' || typeof r.message !== 'string' || r.message.length > 10_000 || !Number.isSafeInteger(r.atMs) || !isId(r.version) || !isId(r.grantId)) throw new DeliveryRefusalWriteError(`malformed delivery refusal of listing ${w.listingId}`);
  return { listingId: w.listingId, refusal: { code: r.code, message: r.message, atMs: r.atMs as number, version: r.version, grantId: r.grantId } };
}
