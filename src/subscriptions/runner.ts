/**
 * The service's side of subscriptions (the engine's is src/engine/products/subscriptions.ts): the
 * engine acts on subscriptions only when told, at the time the sequencer stamps, so a timer
 * asks the engine whether anything is due (a purchase, a skip, an exercise) and, if so,
 * submits RUN_SUBSCRIPTIONS; while a run leaves more due (it takes at most `maxActions`),
 * the next follows at once. One run in flight; nothing is submitted when nothing is due, so
 * an idle exchange journals nothing.
 */
import { CommandKind, EventType, SYSTEM_ACTOR, type Engine, type Sequencer } from '../engine/index.js';
import type { Logger } from '../runtime/log.js';

/** How often the runner looks for due subscriptions: a new window is bought within about this long of its listing or open. */
export const SUBSCRIPTION_RUN_INTERVAL_MS = 1_000;
/** Actions one RUN_SUBSCRIPTIONS takes at most: a bounded turn, so order entry never waits long behind it. */
export const SUBSCRIPTION_RUN_ACTIONS = 100;
/** Runs in a row one tick may submit before it yields to the next tick. */
const MAX_RUNS_PER_TICK = 50;

export class SubscriptionRunner {
  private inFlight = false;

  constructor(
    private readonly engine: Engine,
    private readonly sequencer: Pick<Sequencer, 'submit' | 'stopped'>,
    private readonly clock: () => number,
    private readonly log: Logger,
    private readonly maxActions = SUBSCRIPTION_RUN_ACTIONS,
  ) {}

  /** Submits runs while something is due; resolves when they are journaled. */
  async tick(): Promise<void> {
    if (this.inFlight) return;
    this.inFlight = true;
    try {
      for (let runs = 0; runs < MAX_RUNS_PER_TICK && !this.sequencer.stopped && this.engine.subscriptions.anyDue(this.clock()); runs++) {
        const result = await this.sequencer.submit({ kind: CommandKind.RUN_SUBSCRIPTIONS, actor: SYSTEM_ACTOR, maxActions: this.maxActions });
        let filled = 0;
        let skipped = 0;
        let exercised = 0;
        for (const e of result.events) {
          if (e.type === EventType.SUBSCRIPTION_FILLED) filled++;
          else if (e.type === EventType.SUBSCRIPTION_SKIPPED) skipped++;
          else if (e.type === EventType.SUBSCRIPTION_EXERCISED) exercised++;
        }
        this.log.info({ seq: result.seq, filled, skipped, exercised }, 'subscriptions run');
        if (filled + skipped + exercised === 0) break; // due by the clock it asked at, not yet at the stamp: the next tick
      }
    } catch (error) {
      this.log.warn({ err: error }, 'subscription run failed');
    } finally {
      this.inFlight = false;
    }
  }
}
