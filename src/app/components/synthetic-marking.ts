/** The engine's timed commands that journal nothing while nothing is due: GTD expiries, and the synthetics' marks. */
import { CommandKind, EventType, rejectReasonName, SeriesStatus, SYSTEM_ACTOR, type Engine, type Sequencer } from '../../engine/index.js';
import type { Logger } from '../../runtime/log.js';
import { DEFAULT_SETTLEMENT_INDEX_PARAMS } from '../../settlement-index/index.js';

/** How often the service looks whether a mark of the synthetics is due (a minute's first second marks it). */
export const MARK_CHECK_INTERVAL_MS = 1_000;
/** The settlement index's sample spacing: the engine marks at the latest such instant. */
const INDEX_SAMPLE_EVERY_MS = DEFAULT_SETTLEMENT_INDEX_PARAMS.sampleEveryMs;

/** Issues an expiry command only when some GTD order is due, so idle time journals nothing. */
export function expireDueOrders(engine: Engine, sequencer: Sequencer, nowMs: number): void {
  if (engine.expiries.peekTime() > nowMs || sequencer.stopped) return;
  sequencer.enqueue({ kind: CommandKind.EXPIRE_ORDERS, actor: SYSTEM_ACTOR, cutoffMs: nowMs }, undefined, () => undefined);
}

/**
 * MARK_SYNTHETICS once a minute: when some live cash-settled series (synthetic, call, put) has not been marked at
 * the latest sample instant (the start of the current minute), one command marks them all.
 * Nothing is journaled while no synthetic is live, and at most one command is in flight.
 * The engine's own `markAtMs` says what was marked, so a restart does not mark a minute twice.
 */
export class SyntheticMarking {
  private inFlight = false;

  constructor(private readonly log: Logger) {}

  due(engine: Engine, sequencer: Sequencer, nowMs: number): void {
    if (this.inFlight || sequencer.stopped) return;
    const minuteMs = Math.floor(nowMs / INDEX_SAMPLE_EVERY_MS) * INDEX_SAMPLE_EVERY_MS;
    // After its close a series' mark stays at the close (the engine marks no later), so it is not due again.
    if (!engine.cashSettledSeries.some((s) => s.status !== SeriesStatus.EXPIRED && s.cashSettled!.markAtMs < Math.min(minuteMs, s.spec.closeAtMs))) return;
    this.inFlight = true;
    sequencer.enqueue(
      { kind: CommandKind.MARK_SYNTHETICS, actor: SYSTEM_ACTOR, seriesId: 0 },
      (result) => {
        this.inFlight = false;
        const refused = result.events.find((e) => e.type === EventType.COMMAND_REJECTED);
        if (refused !== undefined) this.log.warn({ reason: rejectReasonName(refused.reason) }, 'marking the synthetics refused');
        const liquidated = result.events.filter((e) => e.type === EventType.SYNTHETIC_LIQUIDATED).length;
        if (liquidated > 0) this.log.warn({ liquidated }, 'synthetic positions liquidated to the broker at the mark');
      },
      () => {
        this.inFlight = false;
      },
    );
  }
}
