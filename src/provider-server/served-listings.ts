/**
 * A provider's own listings as its server knows them (`patx provider serve`, src/cli/provider-serve.ts; the demo's, src/demo/provider-servers.ts): read at
 * start, again every LISTINGS_REFRESH_MS, and when a request names a listing or version it does not know
 * (one read at a time, at most every LISTINGS_MIN_GAP_MS). Such a request waits NOT_READY until a read
 * begun after it has ended, and is refused only then: a gate started before its listing was published
 * would otherwise refuse (and report against its provider) the first requests for it. Warns once per
 * listing version that names another delivery endpoint than the one it serves.
 */
import type { DataSchema } from '../catalog/data-schema.js';
import type { GateUsageTerms } from '../gate/gate.js';
import type { ExchangeHttp } from '../client/http.js';
import type { OwnListing, OwnListingDetail } from '../client/provider.js';

/** How often it reads the provider's listings again (a new listing or version is also read at its first request). */
export const LISTINGS_REFRESH_MS = 60_000;
/** A read of the listings asked for by a request waits this long after the previous read began. */
const LISTINGS_MIN_GAP_MS = 2_000;
/** Listing statuses whose grants it serves: published, or unpublished by the provider (grants issued under it are owed: engine rules 9). */
const SERVED_STATUSES = new Set(['published', 'unpublished']);

/** One of the provider's listings as it serves it: its status, segment and versions (oldest first). */
export interface KnownListing {
  status: string;
  segment: string;
  versions: Array<{ deliveryEndpoint?: string; cadence?: string; schema?: Pick<DataSchema, 'columns'>; terms?: { usage?: GateUsageTerms } }>;
  /** Columns the current schema types as numbers: a CSV's cells there are served as numbers. */
  numeric: Set<string>;
}

export interface ServedListingsDeps {
  http: ExchangeHttp;
  listOwnListings(http: ExchangeHttp): Promise<OwnListing[]>;
  getOwnListing(http: ExchangeHttp, listingId: number): Promise<OwnListingDetail>;
  /** A delivery endpoint as the gate compares it (grants/gate-request.ts); throws on one that is no URL. */
  gateEndpoint(url: string): string;
  /** The gate's NOT_READY refusal (a request asked again later; nothing counted or reported). */
  notReady(message: string): Error;
  warn(line: string): void;
}

export class ServedListings {
  private readonly listings = new Map<number, KnownListing>();
  private readonly warned = new Set<string>();
  /** The endpoint it serves (set once the server is bound): listings naming another are warned of. */
  private endpoint = '';
  private reading: Promise<void> | undefined;
  private lastReadStartedAt = 0;
  private lastGoodReadStartedAt = 0;
  private failing = false;
  /** When a request first named a listing (or version) not known. */
  private readonly missedAt = new Map<string, number>();

  constructor(private readonly d: ServedListingsDeps) {}

  /** The first read: its failure is the caller's (the command stops with it). */
  async first(): Promise<void> {
    const startedAt = Date.now();
    await this.read();
    this.lastGoodReadStartedAt = startedAt;
  }

  /** Reads again now (one read at a time); a failure is warned of once, and what was known is served meanwhile. */
  readNow(): Promise<void> {
    if (this.reading !== undefined) return this.reading;
    const startedAt = Date.now();
    this.lastReadStartedAt = startedAt;
    this.reading = this.read()
      .then(
        () => {
          this.lastGoodReadStartedAt = startedAt;
          if (this.failing) this.d.warn('your listings are read again');
          this.failing = false;
        },
        (error: unknown) => {
          if (!this.failing) this.d.warn(`your listings could not be read (${(error as Error).message}): serving those it knew; it tries again`);
          this.failing = true;
        },
      )
      .finally(() => {
        this.reading = undefined;
      });
    return this.reading;
  }

  /** The read under way, if any (awaited at stop). */
  get pending(): Promise<void> | undefined {
    return this.reading;
  }

  /** Whether it serves this version of this listing; one not known yet is read first (throws NOT_READY meanwhile). */
  serves(listingId: number, version: number): boolean {
    const l = this.listingOf(listingId);
    if (l !== undefined && version >= 1 && version <= l.versions.length) return true;
    return listingId >= 1 && version >= 1 && this.notKnownYet(listingId, version);
  }

  /** A listing it serves (published, or unpublished by its provider). */
  listingOf(id: number): KnownListing | undefined {
    const l = this.listings.get(id);
    return l !== undefined && SERVED_STATUSES.has(l.status) ? l : undefined;
  }

  /** Binds the endpoint it serves at, warns of listings naming another, and returns those naming it. */
  servingAt(endpoint: string): Array<[number, KnownListing]> {
    this.endpoint = endpoint;
    for (const [id, l] of this.listings) this.checkEndpoint(id, l);
    return [...this.listings].filter(([, l]) => SERVED_STATUSES.has(l.status) && this.sameEndpoint(l.versions.at(-1)?.deliveryEndpoint ?? ''));
  }

  private async read(): Promise<void> {
    const mine = await this.d.listOwnListings(this.d.http);
    for (const s of mine) {
      const known = this.listings.get(s.id);
      if (!SERVED_STATUSES.has(s.status)) {
        this.listings.set(s.id, { status: s.status, segment: s.segment, versions: known?.versions ?? [], numeric: known?.numeric ?? new Set() });
        continue;
      }
      if (known !== undefined && known.status === s.status && known.versions.length === s.version) continue;
      const detail = await this.d.getOwnListing(this.d.http, s.id);
      const current = detail.versions.at(-1);
      const numeric = new Set((current?.schema.columns ?? []).filter((c) => c.type === 'number' || c.type === 'integer').map((c) => c.name));
      const l: KnownListing = { status: detail.status, segment: detail.segment, versions: detail.versions, numeric };
      this.listings.set(s.id, l);
      this.checkEndpoint(s.id, l);
    }
  }

  /** A request named a listing or version not known: NOT_READY until a read begun after it has ended, then false (refused). */
  private notKnownYet(listingId: number, version: number): boolean {
    const key = `${listingId}:${version}`;
    const since = this.missedAt.get(key) ?? Date.now();
    if (!this.missedAt.has(key)) {
      if (this.missedAt.size >= 10_000) this.missedAt.clear();
      this.missedAt.set(key, since);
    }
    if (this.reading === undefined && Date.now() - this.lastReadStartedAt >= LISTINGS_MIN_GAP_MS) void this.readNow();
    if (this.lastGoodReadStartedAt >= since) return false;
    throw this.d.notReady(`listing ${listingId} version ${version} is new to this gate: it is reading your listings again; ask again in a few seconds`);
  }

  private sameEndpoint(named: string): boolean {
    try {
      return this.d.gateEndpoint(named) === this.endpoint;
    } catch {
      return false;
    }
  }

  private checkEndpoint(id: number, l: KnownListing): void {
    const named = l.versions.at(-1)?.deliveryEndpoint;
    if (this.endpoint === '' || l.status !== 'published' || named === undefined) return;
    const key = `${id}:${l.versions.length}`;
    if (this.sameEndpoint(named) || this.warned.has(key)) return;
    this.warned.add(key);
    this.d.warn(`listing ${id} (${l.segment}, version ${l.versions.length}) names ${named} as its delivery endpoint, not ${this.endpoint}: its consumers are sent there, and requests signed for it are refused here (WRONG_ENDPOINT); serve at that endpoint (--port, --public-url), or update the listing`);
  }
}
