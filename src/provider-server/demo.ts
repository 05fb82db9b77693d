/**
 * The reference provider server as `npm start` runs it: the demo provider (dev
 * wallet 5) serving its published listings' records, trusting the exchange's grant
 * signer and domain, its gate's metering under `<dataDir>/provider-server`.
 */
import path from 'node:path';
import { Wallet } from 'ethers';
import { demoRecords, DEMO_PROVIDER_KEY } from '../demo/index.js';
import type { Logger } from '../log.js';
import type { Service } from '../service.js';
import type { Cadence } from '../catalog/listing.js';
import { isLoopbackHost, type TransportSecurity } from '../transport-security.js';
import { startProviderServer, type ProviderServer } from './server.js';
import type { RetryPolicy } from '../gate/index.js';

/**
 * Time between two pushed batches (streams, webhooks) of a listing with this cadence: one
 * right's records each period. `realtime` is a batch a second.
 */
export const PUSH_PERIOD_MS: Readonly<Record<Cadence, number>> = {
  realtime: 1_000,
  hourly: 3_600_000,
  daily: 86_400_000,
  weekly: 7 * 86_400_000,
  monthly: 30 * 86_400_000,
};

export async function startDemoProviderServer(service: Service, o: { dataDir: string; host: string; port: number; publicUrl?: string; security?: TransportSecurity; exchangeUrl: string; log: Logger; retry?: Partial<RetryPolicy> }): Promise<ProviderServer> {
  const grants = service.grants();
  if (grants === undefined) throw new Error('access grants are not issued: the provider server has no signer to trust');
  const provider = new Wallet(DEMO_PROVIDER_KEY).address.toLowerCase();
  const ownPublished = (listingId: number) => {
    const listing = service.catalog.find(listingId);
    return listing !== undefined && listing.status === 'published' && listing.providerAddress === provider ? listing : undefined;
  };
  return startProviderServer({
    providerKey: DEMO_PROVIDER_KEY,
    domain: grants.signer.domain,
    exchangeSigner: grants.signer.address,
    // Any version of its own published listing: a right bought under version 1 is still served after version 2.
    serves: (listingId, version) => {
      const listing = ownPublished(listingId);
      return listing !== undefined && version >= 1 && version <= listing.versions.length;
    },
    segmentOf: (listingId) => ownPublished(listingId)?.segment,
    records: demoRecords,
    dir: path.join(o.dataDir, 'provider-server'),
    host: o.host,
    port: o.port,
    ...(o.publicUrl === undefined ? {} : { publicUrl: o.publicUrl }),
    ...(o.security !== undefined ? { security: o.security } : {}),
    exchangeUrl: o.exchangeUrl,
    log: o.log,
    // Pushes at the listing's cadence; webhooks on this machine only while the server itself is (the demo's consumers).
    push: { periodMs: (grant) => PUSH_PERIOD_MS[service.catalog.find(grant.listingId)?.versions[grant.listingVersion - 1]?.cadence ?? 'hourly'], ...(o.retry === undefined ? {} : { retry: o.retry }) },
    allowPrivateWebhooks: isLoopbackHost(o.host),
  });
}
