/**
 * The dashboards (src/dashboards/, docs/dashboards.md): the figures the read models derive from the
 * journal, each listing's trust sampled on a timer into its history (and once at start, so a first
 * look has a point), and the wallet-signed routes the gateway mounts. Opened once the catalog is.
 */
import type { Catalog } from '../../catalog/index.js';
import { dashboardRoutes, TRUST_SAMPLE_MS, TrustHistory, type DashboardFigures } from '../../dashboards/index.js';
import { SeriesStatus, type Engine } from '../../engine/index.js';
import type { MountedRoute } from '../../http-registry/index.js';
import type { Logger } from '../../runtime/log.js';
import type { Config } from '../config.js';

export interface Dashboards {
  readonly routes: readonly MountedRoute[];
  /** Samples every listing's trust now (the timer's step; tests call it). */
  sampleTrust(): Promise<unknown>;
  close(): Promise<void>;
}

export function openDashboards(d: { config: Config; log: Logger; engine: Engine; catalog: Catalog; figures: DashboardFigures; clock: () => number }): Dashboards {
  const { engine, catalog, clock } = d;
  const trust = TrustHistory.open(d.config.dataDir);
  // Published listings only (trust-history.ts): drafts, which any provider key may make, would add a record an hour each for ever.
  const sampleTrust = (): Promise<unknown> =>
    trust.record(
      catalog
        .all()
        .filter((l) => l.status === 'published')
        .map((l) => ({ listingId: l.id, score: catalog.score(l) })),
      clock(),
    );
  const failed = (error: unknown): void => d.log.warn({ err: error }, 'trust not sampled for the dashboards');
  void sampleTrust().catch(failed);
  const timer = setInterval(() => void sampleTrust().catch(failed), TRUST_SAMPLE_MS);
  timer.unref();
  return {
    routes: dashboardRoutes({ figures: d.figures, trust, catalog, roleOf: (id) => engine.account(id)?.role, rightsHeldOf: (id) => rightsHeldOf(engine, id), clock }),
    sampleTrust,
    async close() {
      clearInterval(timer);
      await trust.close();
    },
  };
}

/**
 * The rights an account holds and may still exercise: its free units of live spot series (a forward
 * becomes spot rights at its open; options and synthetics are contracts, not rights; an expired
 * series' rights are gone).
 */
export function rightsHeldOf(engine: Pick<Engine, 'account' | 'seriesById'>, accountId: number): number {
  let held = 0;
  for (const p of engine.account(accountId)?.positions.values() ?? []) {
    const series = engine.seriesById(p.seriesId);
    if (series === undefined || !series.isSpot || series.status === SeriesStatus.EXPIRED) continue;
    held += Math.max(0, p.available);
  }
  return held;
}
