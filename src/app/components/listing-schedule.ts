/**
 * The contracts' listing schedule (config.contracts): new windows listed, forwards delivered at
 * their open, expiries; on a timer (`scheduleIntervalMs`) and on demand (`Service.runSchedule`).
 */
import { CommandKind, DeliveryPhase, EventType, rejectReasonName, scheduleCommands, SeriesKind, SeriesStatus, enumName, type DeliverForwards, type Engine, type ListedSeriesView, type Sequencer } from '../../engine/index.js';
import { windowStrikes, type QuotingService } from '../../quoting/index.js';
import type { Logger } from '../../runtime/log.js';
import type { Config } from '../config.js';
import { submitAll } from './first-turns.js';

export interface ListingSchedule {
  /** Brings listings, forward deliveries and expiries up to date now. */
  run(): Promise<void>;
  /** Strike grids centre on the index the quoter expects, from now on. */
  centreStrikesOn(quoting: QuotingService | undefined): void;
}

export function listingSchedule(config: Config, engine: Engine, sequencer: Sequencer, clock: () => number, log: Logger): ListingSchedule {
  let scheduling = false;
  // The quoter starts after the first schedule pass; until then no strike grid has a centre.
  let expectedIndex: (spotSeriesId: number) => number | undefined = () => undefined;
  return {
    async run() {
      if (scheduling) return; // a forward delivery can outlast the timer's period
      scheduling = true;
      try {
        const listed = listedSeries(engine);
        const cmds = scheduleCommands(config.contracts, listed, clock(), undefined, engine.governancePhase, (spot) => optionStrikes(engine, spot, expectedIndex(spot.seriesId), listed, config.maxStrikesPerExpiry));
        const deliveries = cmds.filter((c): c is DeliverForwards => c.kind === CommandKind.DELIVER_FORWARDS);
        await submitAll(sequencer, cmds.filter((c) => c.kind !== CommandKind.DELIVER_FORWARDS));
        for (const d of deliveries) await deliverForward(sequencer, d, log);
      } finally {
        scheduling = false;
      }
    },
    centreStrikesOn(quoting) {
      expectedIndex = (spotSeriesId) => quoting?.expectedIndexMicros(spotSeriesId);
    },
  };
}

/**
 * Strikes for a spot window's options (phase 4): the grid of docs/options.md around the
 * settlement index the quoter expects at the window's close (what the options settle at:
 * below today's spot price, as rights lose freshness), on the spot's tick, within the
 * window's cap of `maxStrikes` strikes listed in all; none before the quoter has priced the window.
 */
function optionStrikes(engine: Engine, spot: ListedSeriesView, expectedIndexMicros: number | undefined, listed: readonly ListedSeriesView[], maxStrikes: number): number[] {
  const s = engine.series[spot.seriesId];
  if (s === undefined) return [];
  return windowStrikes(spot, s.spec, expectedIndexMicros, listed, maxStrikes);
}

function listedSeries(engine: Engine): ListedSeriesView[] {
  const views: ListedSeriesView[] = [];
  for (const s of engine.series) {
    if (s === undefined) continue;
    const deliveryPending = s.forward !== undefined && s.forward.phase !== DeliveryPhase.DONE;
    views.push({ seriesId: s.id, contract: s.spec.contract, openAtMs: s.spec.openAtMs, closeAtMs: s.spec.closeAtMs, expired: s.status === SeriesStatus.EXPIRED, kind: s.spec.kind, deliveryPending, ...(s.spec.strikeMicros > 0 ? { strikeMicros: s.spec.strikeMicros } : {}) });
  }
  return views;
}

/**
 * Delivers one forward at its open: the same bounded command again, one turn at a time
 * (each waits for its journal commit, so order entry runs between them), until the
 * engine reports the delivery complete or refuses to go on.
 */
async function deliverForward(sequencer: Sequencer, cmd: DeliverForwards, log: Logger): Promise<void> {
  const startedMs = Date.now();
  let positions = 0;
  for (;;) {
    const result = await sequencer.submit(cmd);
    const refused = result.events.find((e) => e.type === EventType.COMMAND_REJECTED);
    if (refused !== undefined) {
      log.warn({ seriesId: cmd.seriesId, reason: rejectReasonName(refused.reason) }, 'forward delivery refused');
      return;
    }
    positions += result.events.filter((e) => e.type === EventType.FORWARD_DELIVERED).length;
    const done = result.events.find((e) => e.type === EventType.FORWARD_DELIVERY_COMPLETED);
    if (done !== undefined) {
      log.info({ ...done, positions, elapsedMs: Date.now() - startedMs }, 'forward delivered at its window open');
      return;
    }
  }
}

export function logSeries(engine: Engine, log: Logger): void {
  for (const s of engine.series) {
    if (s === undefined || s.status === SeriesStatus.EXPIRED) continue;
    log.info({ seriesId: s.id, series: s.name, kind: enumName(SeriesKind, s.spec.kind), closeAt: new Date(s.spec.closeAtMs).toISOString(), status: enumName(SeriesStatus, s.status) }, 'series listed');
  }
}
