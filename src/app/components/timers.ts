/**
 * The service's clockwork: what is submitted or swept as time passes (escrow, subscriptions and
 * their courier, the listing schedule, expiries, the synthetics' marks, the catalog's trust and
 * model feeds). Started once the gateway is open; cleared together.
 */
import { FEED_SWEEP_INTERVAL_MS, type Catalog } from '../../catalog/index.js';
import type { Engine, Sequencer } from '../../engine/index.js';
import { ESCROW_SWEEP_INTERVAL_MS, EscrowSweeper, type GrantLedger } from '../../grants/index.js';
import type { Logger } from '../../runtime/log.js';
import { COURIER_INTERVAL_MS, SubscriptionCourier, SUBSCRIPTION_RUN_INTERVAL_MS, SubscriptionRunner, type DeliveryRefusals, type SubscriptionLedger } from '../../subscriptions/index.js';
import { endpointAllowance, type Config } from '../config.js';
import type { ListingSchedule } from './listing-schedule.js';
import { expireDueOrders, MARK_CHECK_INTERVAL_MS, SyntheticMarking } from './synthetic-marking.js';

const CATALOG_TRUST_INTERVAL_MS = 600_000;

export interface Clockwork {
  /** Submits the escrow releases and claim resolutions due now. */
  sweepEscrow(): Promise<void>;
  /** Submits RUN_SUBSCRIPTIONS while subscriptions are due. */
  runSubscriptions(): Promise<void>;
  /** Hands webhook subscriptions' new grants to their providers' gates. */
  deliverSubscriptions(): Promise<void>;
  close(): void;
}

export interface ClockworkDeps {
  config: Config;
  log: Logger;
  engine: Engine;
  sequencer: Sequencer;
  clock: () => number;
  catalog: Catalog;
  schedule: ListingSchedule;
  subscriptions: SubscriptionLedger;
  grants: () => GrantLedger | undefined;
  /** Where the courier's ENDPOINT_NOT_ALLOWED refusals are kept for the listings' providers (the gateway's catalog routes read them). */
  deliveryRefusals: DeliveryRefusals;
}

export function startClockwork({ config, log, engine, sequencer, clock, catalog, schedule, subscriptions, grants, deliveryRefusals }: ClockworkDeps): Clockwork {
  const markSynthetics = new SyntheticMarking(log);
  const escrowSweeper = new EscrowSweeper(log.child({ part: 'escrow' }));
  const sweepEscrow = (): Promise<void> => escrowSweeper.due(engine, sequencer, clock());
  const subscriptionRunner = new SubscriptionRunner(engine, sequencer, clock, log.child({ part: 'subscriptions' }));
  const courier = new SubscriptionCourier({
    ledger: subscriptions,
    grants,
    endpointOf: (listingId, version) => catalog.find(listingId)?.versions.find((v) => v.version === version)?.deliveryEndpoint,
    clock,
    log: log.child({ part: 'subscription-courier' }),
    // A provider writes its endpoint: the courier POSTs only where the webhook rules and this allowance let it.
    endpointAllowance: endpointAllowance(config),
    // Each refusal shown to the listing's provider (its last one, on its listings: docs/delivery.md).
    refused: (refusal) => void deliveryRefusals.note(refusal).catch((error: unknown) => log.warn({ err: error, listingId: refusal.listingId }, 'a delivery refusal was not stored: its provider sees it until a restart')),
  });
  const timers = [
    // Escrow's time-based steps (rules 3): releases after the dispute window, refunds after a claim's grace.
    setInterval(() => void sweepEscrow(), ESCROW_SWEEP_INTERVAL_MS),
    // Subscriptions buy each new window within about a second of its listing or open (docs/subscriptions.md).
    setInterval(() => void subscriptionRunner.tick(), SUBSCRIPTION_RUN_INTERVAL_MS),
    // Webhook subscriptions: each exercise's grants handed to their providers' gates, which push the records.
    setInterval(() => void courier.sweep(), COURIER_INTERVAL_MS),
    setInterval(() => void schedule.run().catch((error: unknown) => log.error({ err: error }, 'listing schedule failed')), config.scheduleIntervalMs),
    setInterval(() => expireDueOrders(engine, sequencer, clock()), config.expiryIntervalMs),
    // Synthetics are marked once a minute, just after each sample instant (docs/synthetics.md).
    setInterval(() => markSynthetics.due(engine, sequencer, clock()), MARK_CHECK_INTERVAL_MS),
    // Reliability moves with time: the segments' trust is re-journaled when it moved.
    setInterval(() => void catalog.publishSegmentTrust().catch((error: unknown) => log.warn({ err: error }, 'segment trust not journaled')), CATALOG_TRUST_INTERVAL_MS),
    // Model feeds: signals past their deadline settled, old ones folded, performance and drift recomputed (docs/catalog.md, "Model feeds").
    setInterval(() => sweepModelFeeds(catalog, log), FEED_SWEEP_INTERVAL_MS),
  ];
  return {
    sweepEscrow,
    runSubscriptions: () => subscriptionRunner.tick(),
    deliverSubscriptions: () => courier.sweep(),
    close: () => {
      for (const t of timers) clearInterval(t);
    },
  };
}

export function sweepModelFeeds(catalog: Catalog, log: Logger): void {
  try {
    catalog.feeds.sweep();
  } catch (error) {
    log.warn({ err: error }, 'model feed sweep failed');
  }
}
