/**
 * The reference provider server as `npm start` runs it: the demo provider (dev wallet 5) serving
 * its published listings' records, its gate's metering under `<dataDir>/provider-server`; and a
 * second one for the demo model feed's provider (dev wallet 10), serving the signals its reference
 * model committed (src/demo/reference-model.ts), under `<dataDir>/provider-server-feed`.
 *
 * It knows the exchange only as any provider does, over its HTTP API (as `patx provider serve`):
 * the grant signer and domain (GET /v1/grants/signer), its own listings, wallet-signed
 * (served-listings.ts), each series' band (series-bands.ts). So it can run in a process of its
 * own (provider-process.ts forks provider-child.ts): a stranger's downloads then cost the
 * matching engine's thread nothing.
 */
import path from 'node:path';
import { Wallet } from 'ethers';
import type { ExchangeHttp } from '../client/http.js';
import { getOwnListing, listOwnListings } from '../client/provider.js';
import { gateEndpoint } from '../grants/gate-request.js';
import { GateError, type RetryPolicy } from '../gate/index.js';
import { parseContractKey } from '../engine/index.js';
import type { GrantDomain } from '../grants/grant.js';
import type { Logger } from '../runtime/log.js';
import type { TransportSecurity } from '../runtime/transport-security.js';
import { startProviderServer, type ProviderServer, type ProviderServerOptions } from '../provider-server/server.js';
import { PUSH_PERIOD_MS } from '../provider-server/options.js';
import { LISTINGS_REFRESH_MS, ServedListings } from '../provider-server/served-listings.js';
import { PENDING_BAND, SeriesBands } from '../provider-server/series-bands.js';
import type { Cadence } from '../catalog/listing.js';
import { demoRecords, DEMO_PROVIDER_KEY } from './demo-listings.js';
import { FEED_PROVIDER_KEY } from './demo-model-feed.js';
import type { FeedSignalStore } from './feed-signals.js';

export interface DemoProviderServerOptions {
  dataDir: string;
  host: string;
  port: number;
  publicUrl?: string;
  security?: TransportSecurity;
  exchangeUrl: string;
  log: Logger;
  retry?: Partial<RetryPolicy>;
  /**
   * Exact `address:port` pairs its webhooks may reach though not globally routable (under
   * `npm start`, `subscriptions.webhookAllow`: a receiver of the operator's on this machine).
   * Nothing else private is reached, whatever host the server binds.
   */
  webhookAllow?: readonly string[];
}

/** A demo provider server: the reference server, and a way to tell it its listings changed. */
export interface DemoProviderServer extends ProviderServer {
  /** Reads the provider's listings again now (the demo just published them); resolves when read (a failure is logged). */
  listingsChanged(): Promise<void>;
}

export async function startDemoProviderServer(o: DemoProviderServerOptions): Promise<DemoProviderServer> {
  return startServerFor(DEMO_PROVIDER_KEY, 'provider-server', o);
}

/**
 * The demo model feed's provider server: a right delivers the newest signals its window carried
 * (the store's committed ones, RECORDS_PER_RIGHT a right used), so what a consumer downloads is
 * what the exchange stamped on receipt. The store is the reference model's file, read again as it grows.
 */
export async function startFeedProviderServer(store: FeedSignalStore, o: DemoProviderServerOptions): Promise<DemoProviderServer> {
  return startServerFor(FEED_PROVIDER_KEY, 'provider-server-feed', o, (grant, _first, count, atMs) => {
    store.catchUp();
    return store.records(grant.windowOpenMs, grant.windowCloseMs, count, atMs);
  });
}

/** The exchange's grant signer and domain: the signatures its gate trusts. */
async function grantSigner(exchangeUrl: string): Promise<{ domain: GrantDomain; signer: string }> {
  const res = await fetch(`${exchangeUrl}/v1/grants/signer`);
  if (res.status !== 200) throw new Error(`access grants are not issued (GET /v1/grants/signer: ${res.status}): the provider server has no signer to trust`);
  return (await res.json()) as { domain: GrantDomain; signer: string };
}

async function startServerFor(key: string, dirName: string, o: DemoProviderServerOptions, windowRecords?: ProviderServerOptions['windowRecords']): Promise<DemoProviderServer> {
  const { domain, signer } = await grantSigner(o.exchangeUrl);
  const http: ExchangeHttp = { url: o.exchangeUrl, wallet: new Wallet(key) };
  const warn = (line: string): void => o.log.warn(line);
  const listings = new ServedListings({ http, listOwnListings, getOwnListing, gateEndpoint, notReady: (message) => new GateError('NOT_READY', message), warn });
  // On a fresh data dir the provider has no account until the demo publishes its listings (after this server is up):
  // its requests wait NOT_READY until a read succeeds (listingsChanged, a request, or the refresh).
  await listings.first().catch((error: unknown) => o.log.info({ reason: (error as Error).message }, "the provider's listings are not readable yet (before the demo publishes them): read again when told, or at a request"));
  const bands = new SeriesBands(o.exchangeUrl, (contract) => {
    const k = parseContractKey(contract);
    return { loBps: k.confidenceLoBps, hiBps: k.confidenceHiBps };
  }, warn);
  await bands.readAll();
  const server = await startProviderServer({
    providerKey: key,
    domain,
    exchangeSigner: signer,
    // Any version of its own published (or unpublished, grants still owed: engine rules 9) listing; one not read yet waits NOT_READY.
    serves: (listingId, version) => listings.serves(listingId, version),
    segmentOf: (listingId) => listings.listingOf(listingId)?.segment,
    // A file's columns: the listing's current schema, as GET /v1/listings/{id} shows it to the consumer reading the file.
    schemaOf: (listingId) => listings.listingOf(listingId)?.versions.at(-1)?.schema,
    // The usage a version sells (its terms, fixed per version): a grant under it is metered in records or requests.
    usageOf: (listingId, version) => listings.listingOf(listingId)?.versions[version - 1]?.terms?.usage,
    // A right's records lie in the band of the contract it was bought in; a series not read yet waits NOT_READY.
    records: (segment, first, count, atMs, band) => (band === PENDING_BAND ? undefined : demoRecords(segment, first, count, atMs, band)),
    bandOf: (seriesId) => bands.bandOf(seriesId),
    ...(windowRecords === undefined ? {} : { windowRecords }),
    dir: path.join(o.dataDir, dirName),
    host: o.host,
    port: o.port,
    ...(o.publicUrl === undefined ? {} : { publicUrl: o.publicUrl }),
    ...(o.security !== undefined ? { security: o.security } : {}),
    exchangeUrl: o.exchangeUrl,
    log: o.log,
    // Pushes at the listing version's cadence; webhooks to global addresses, and to the exact address:port pairs allowed (none unless configured).
    push: { periodMs: (grant) => PUSH_PERIOD_MS[(listings.listingOf(grant.listingId)?.versions[grant.listingVersion - 1]?.cadence ?? 'hourly') as Cadence] ?? PUSH_PERIOD_MS.hourly, ...(o.retry === undefined ? {} : { retry: o.retry }) },
    webhookAllow: o.webhookAllow ?? [],
  });
  listings.servingAt(server.endpoint);
  const refresh = setInterval(() => void listings.readNow(), LISTINGS_REFRESH_MS);
  refresh.unref();
  const closeServer = server.close;
  return Object.assign(server, {
    listingsChanged: () => listings.readNow(),
    async close() {
      clearInterval(refresh);
      await closeServer();
      await listings.pending;
    },
  });
}
