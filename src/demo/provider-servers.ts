/**
 * The reference provider server as `npm start` runs it: the demo provider (dev
 * wallet 5) serving its published listings' records, trusting the exchange's grant
 * signer and domain, its gate's metering under `<dataDir>/provider-server`; and a second
 * one for the demo model feed's provider (dev wallet 10), serving the signals its reference
 * model committed (src/demo/reference-model.ts), under `<dataDir>/provider-server-feed`.
 */
import path from 'node:path';
import { Wallet } from 'ethers';
import { demoRecords, DEMO_PROVIDER_KEY } from './demo-listings.js';
import { FEED_PROVIDER_KEY } from './demo-model-feed.js';
import type { FeedSignalStore } from './feed-signals.js';
import type { Logger } from '../runtime/log.js';
import type { Service } from '../app/service.js';
import { usageOf } from '../catalog/index.js';
import { parseContractKey } from '../engine/index.js';
import type { TransportSecurity } from '../runtime/transport-security.js';
import { startProviderServer, type ProviderServer, type ProviderServerOptions } from '../provider-server/server.js';
import { PUSH_PERIOD_MS } from '../provider-server/options.js';
import type { RetryPolicy } from '../gate/index.js';

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

export async function startDemoProviderServer(service: Service, o: DemoProviderServerOptions): Promise<ProviderServer> {
  return startServerFor(service, DEMO_PROVIDER_KEY, 'provider-server', o);
}

/**
 * The demo model feed's provider server: a right delivers the newest signals its window carried
 * (the store's committed ones, RECORDS_PER_RIGHT a right used), so what a consumer downloads is
 * what the exchange stamped on receipt.
 */
export async function startFeedProviderServer(service: Service, store: FeedSignalStore, o: DemoProviderServerOptions): Promise<ProviderServer> {
  return startServerFor(service, FEED_PROVIDER_KEY, 'provider-server-feed', o, (grant, _first, count, atMs) => store.records(grant.windowOpenMs, grant.windowCloseMs, count, atMs));
}

async function startServerFor(service: Service, key: string, dirName: string, o: DemoProviderServerOptions, windowRecords?: ProviderServerOptions['windowRecords']): Promise<ProviderServer> {
  const grants = service.grants();
  if (grants === undefined) throw new Error('access grants are not issued: the provider server has no signer to trust');
  const provider = new Wallet(key).address.toLowerCase();
  const ownServed = (listingId: number) => {
    const listing = service.catalog.find(listingId);
    // One it unpublished too: the grants for the rights it sold under it are still its to deliver (engine rules 9).
    return listing !== undefined && (service.catalog.isPublic(listing) || service.catalog.deliversUnpublished(listing)) && listing.providerAddress === provider ? listing : undefined;
  };
  return startProviderServer({
    providerKey: key,
    domain: grants.signer.domain,
    exchangeSigner: grants.signer.address,
    // Any version of its own published listing: a right bought under version 1 is still served after version 2.
    serves: (listingId, version) => {
      const listing = ownServed(listingId);
      return listing !== undefined && version >= 1 && version <= listing.versions.length;
    },
    segmentOf: (listingId) => ownServed(listingId)?.segment,
    // A file's columns: the listing's current schema, as GET /v1/listings/{id} shows it to the consumer reading the file.
    schemaOf: (listingId) => ownServed(listingId)?.versions.at(-1)?.schema,
    // The usage a version sells (its terms, fixed per version): a grant under it is metered in records or requests.
    usageOf: (listingId, version) => usageOf(ownServed(listingId)?.versions[version - 1] ?? {}),
    records: demoRecords,
    // The band of the contract each right was bought in, from the series' contract (series never change): its records' scores lie in it.
    bandOf: (seriesId) => {
      const contract = service.engine.series[seriesId]?.spec.contract;
      if (contract === undefined) return undefined;
      const key = parseContractKey(contract);
      return { loBps: key.confidenceLoBps, hiBps: key.confidenceHiBps };
    },
    ...(windowRecords === undefined ? {} : { windowRecords }),
    dir: path.join(o.dataDir, dirName),
    host: o.host,
    port: o.port,
    ...(o.publicUrl === undefined ? {} : { publicUrl: o.publicUrl }),
    ...(o.security !== undefined ? { security: o.security } : {}),
    exchangeUrl: o.exchangeUrl,
    log: o.log,
    // Pushes at the listing's cadence; webhooks to global addresses, and to the exact address:port pairs allowed (none unless configured).
    push: { periodMs: (grant) => PUSH_PERIOD_MS[service.catalog.find(grant.listingId)?.versions[grant.listingVersion - 1]?.cadence ?? 'hourly'], ...(o.retry === undefined ? {} : { retry: o.retry }) },
    webhookAllow: o.webhookAllow ?? [],
  });
}
