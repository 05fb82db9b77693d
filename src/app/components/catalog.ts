/** Listings, samples, quality and trust (src/catalog/), brought in line with the engine at start. */
import { Catalog, type CatalogStore, type PurchaseLedger, type SampleWork } from '../../catalog/index.js';
import type { Engine, Sequencer } from '../../engine/index.js';
import type { TradeHistory } from '../../gateway/index.js';
import { movableBuffer, type Intake } from '../../intake/index.js';
import type { Logger } from '../../runtime/log.js';
import { endpointAddressProblem } from '../../subscriptions/endpoint-address.js';
import { endpointAllowance, modelFeedBurnInMs, type Config } from '../config.js';
import type { DataDirSpace } from '../data-dir-space.js';
import { sweepModelFeeds } from './timers.js';

export interface CatalogDeps {
  config: Config;
  log: Logger;
  store: CatalogStore;
  engine: Engine;
  sequencer: Sequencer;
  clock: () => number;
  space: DataDirSpace;
  intake: Intake;
  trades: TradeHistory;
  purchases: PurchaseLedger;
}

export async function startCatalog({ config, log, store, engine, sequencer, clock, space, intake, trades, purchases }: CatalogDeps): Promise<Catalog> {
  const { endpointAllow: _allowed, ...quotas } = config.catalog;
  const allowance = endpointAllowance(config);
  const catalog = new Catalog({
    store,
    engine,
    sequencer,
    clock,
    diskLow: () => space.lowReason(),
    sampleWork: sampleWorkOn(intake),
    quotas,
    // The exchange POSTs to providers' gates: an endpoint written as an address inside a network is refused up front.
    endpointProblem: (endpoint) => endpointAddressProblem(endpoint, allowance),
    disk: { freeBytes: () => space.freeBytes(), lowFreeBytes: config.disk.lowFreeBytes },
    // Model feeds' outcomes and the price of a right come from the exchange's own trades.
    trades,
    modelFeedBurnInMs: modelFeedBurnInMs(config),
  });
  // A listing change stored just before a crash may not have reached the engine: repair it now.
  const repaired = await catalog.syncProviderListings();
  if (repaired > 0) log.info({ changes: repaired }, 'provider listings brought in line with the catalog');
  // Model feeds' signals whose deadline passed while the service was down are settled now, not at the first hourly sweep.
  sweepModelFeeds(catalog, log);
  // The purchases taken before the catalog existed (replayed, or a standby's) name their listings now.
  purchases.resolveListings((segment, atMs) => catalog.liveVersionsAt(segment, atMs));
  return catalog;
}

/** The catalog's sample work on the intake's workers. */
function sampleWorkOn(intake: Intake): SampleWork {
  return {
    listing: (t) => intake.run('listingParsed', t),
    // Records in an ArrayBuffer of their own move; in shared memory (evidence as the intake read it) they are shared.
    conformance: (t) => {
      const movable = t.records instanceof Uint8Array ? movableBuffer(t.records) : undefined;
      return intake.run('conformance', t, movable === undefined ? {} : { transfer: [movable] });
    },
    reference: (t) => intake.run('reference', t),
    accuracy: (t) => intake.run('accuracy', t),
    preview: (t) => intake.run('preview', t),
  };
}
