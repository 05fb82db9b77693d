/**
 * The discovery facts of a listing (docs/catalog.md, "Discovery filters"): capacity, risk band,
 * disclosure completeness and stability, each from what the exchange verified itself, never from
 * what a provider declares. Pure: the same listing, delivery record and kept performance give the
 * same facts. A fact the exchange has no evidence for is unknown (NaN, or the band 'unrated'),
 * and an unknown fact never passes a minimum.
 *
 *                    dataset                                   model feed
 *   capacityRights   rights delivered under the listing        the capacity estimate's rights (the
 *                    (receipted, or undisputed past the         exchange's own trades in the instruments
 *                    dispute time)                              the signals name; patx-series targets)
 *   riskBand         from the share of rights not delivered    from the live stdev of the net return per
 *                    and of conformance checks that diverged   signal, over exchange-checked outcomes
 *   disclosure       the share of disclosure checks passed (trust.ts, disclosureChecks), both kinds
 *   stability        cadence adherence: the share of cadence   the share of days with a positive mean
 *                    periods since first publication in which  net return (performance.ts), exchange-
 *                    the sample was refreshed (exchange-        checked outcomes only
 *                    stamped uploads)
 */
import type { Listing } from './listing.js';
import type { PerformanceReport } from './model-feeds.js';
import { lineageKey } from './model-feed.js';
import { cadenceRecord, disclosureComponent, type DeliveryRecord } from './trust.js';

export const RISK_BANDS = ['low', 'medium', 'high', 'unrated'] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

/** A dataset is rated once this many of its rights had an outcome (delivered, not delivered or failed). */
export const DATASET_RISK_MIN_RIGHTS = 20;
/** A dataset's risk (the share of rights or checks that went wrong) at or below these is low, medium; above, high. */
export const DATASET_RISK_BOUNDS = { low: 0.02, medium: 0.1 } as const;
/** A model feed is rated once this many exchange-checked outcomes of its live lineage count. */
export const FEED_RISK_MIN_OUTCOMES = 30;
/** A model feed's live stdev of net return per signal (bps) at or below these is low, medium; above, high. */
export const FEED_RISK_BOUNDS_BPS = { low: 50, medium: 150 } as const;

export interface DiscoveryFacts {
  /** Rights (NaN: no evidence). */
  capacityRights: number;
  riskBand: RiskBand;
  /** Share of disclosure checks passed, [0, 1]. */
  disclosure: number;
  /** [0, 1] (NaN: no evidence). */
  stability: number;
}

/** The facts as JSON shows them: unknown numbers as null. */
export interface DiscoveryView {
  capacityRights: number | null;
  riskBand: RiskBand;
  disclosure: number;
  stability: number | null;
}

export function discoveryView(f: DiscoveryFacts): DiscoveryView {
  const known = (x: number): number | null => (Number.isNaN(x) ? null : Math.round(x * 10_000) / 10_000);
  return { capacityRights: known(f.capacityRights), riskBand: f.riskBand, disclosure: known(f.disclosure) ?? 0, stability: known(f.stability) };
}

/** The band of a risk share, by the dataset bounds. */
function datasetBand(riskShare: number): RiskBand {
  if (riskShare <= DATASET_RISK_BOUNDS.low) return 'low';
  return riskShare <= DATASET_RISK_BOUNDS.medium ? 'medium' : 'high';
}

function feedBand(stdevBps: number): RiskBand {
  if (stdevBps <= FEED_RISK_BOUNDS_BPS.low) return 'low';
  return stdevBps <= FEED_RISK_BOUNDS_BPS.medium ? 'medium' : 'high';
}

/**
 * A model feed's kept performance report when it is of the live lineage and its outcomes are the
 * exchange's own (a patx-series target): an external target's outcomes are the provider's word.
 */
function verifiedPerformance(listing: Listing): PerformanceReport | undefined {
  const live = listing.versions[listing.versions.length - 1]!.modelFeed;
  const kept = listing.feed?.performance as PerformanceReport | undefined;
  if (live === undefined || kept === undefined || live.target.kind !== 'patx-series') return undefined;
  return kept.lineageKey === lineageKey(live.lineage) ? kept : undefined;
}

export function discoveryFacts(listing: Listing, nowMs: number, delivery: DeliveryRecord): DiscoveryFacts {
  const current = listing.versions[listing.versions.length - 1]!;
  const disclosure = disclosureComponent(current);
  if (current.kind === 'model-feed') {
    const p = verifiedPerformance(listing);
    const rated = p !== undefined && p.outcomes >= FEED_RISK_MIN_OUTCOMES;
    return {
      capacityRights: p?.capacityEstimate?.capacityRights ?? Number.NaN,
      riskBand: listing.feed?.status === 'downgraded' ? 'high' : rated ? feedBand(p.live.stdevNetBps) : 'unrated',
      disclosure,
      stability: rated ? p.stability : Number.NaN,
    };
  }
  const outcomes = delivery.delivered + delivery.undelivered + delivery.failed;
  const checks = listing.conformance?.checks ?? 0;
  const divergent = listing.conformance?.divergent ?? 0;
  // Either evidence alone may rate it: rights that went wrong, or delivered records that diverged from the sample.
  const missed = outcomes === 0 ? 0 : (delivery.undelivered + delivery.failed) / outcomes;
  const diverged = checks === 0 ? 0 : divergent / checks;
  const riskShare = 1 - (1 - missed) * (1 - diverged);
  return {
    capacityRights: delivery.delivered,
    riskBand: outcomes >= DATASET_RISK_MIN_RIGHTS || riskShare > DATASET_RISK_BOUNDS.medium ? datasetBand(riskShare) : 'unrated',
    disclosure,
    stability: cadenceAdherence(listing, nowMs),
  };
}

/** Cadence adherence without the prior: NaN before a whole cadence period has passed since the first version. */
function cadenceAdherence(listing: Listing, nowMs: number): number {
  const { refreshed, periods } = cadenceRecord(listing, nowMs);
  return periods === 0 ? Number.NaN : refreshed / periods;
}
