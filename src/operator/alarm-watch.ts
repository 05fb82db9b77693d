/**
 * The alarms derived from what the exchange already says, never from inside the engine:
 *
 * - from released events (what the engine decided, journaled): a series halted or
 *   trading again, kill switches engaged or released, market-maker protection tripped
 *   or reset;
 * - from state read every `checkEveryMs`: the freeze of a tripped series ending, the
 *   components' health probes (what /readyz shows), the quoter's counters standing
 *   still while series trade, the sequencer's queue, and how long fills wait for a batch.
 *
 * At start it reads the engine once, so a series halted before a restart is an alarm
 * again. Each check is a few map reads and one pass over the tripped series.
 */
import { EventType, KillScope, SeriesStatus, type Engine, type EngineEvent, type ReleasedBatch, type Sequencer } from '../engine/index.js';
import { COMPONENTS, type ComponentName, type HealthProbe } from '../runtime/health.js';
import type { QuotingService } from '../quoting/index.js';
import type { AlarmBoard } from './alarm-board.js';

export interface AlarmWatchLimits {
  /** How often state is read. */
  checkEveryMs: number;
  /** The quoter's counters standing this long while a series trades is 'quoter-stalled'. */
  quoterStallMs: number;
  /** Commands queued before the journal above this is 'journal-backlog'. */
  journalBacklogCommands: number;
  /** Fills waiting for a batch this long is 'settlement-lag'. */
  settlementLagMs: number;
}

export const ALARM_WATCH_DEFAULTS: AlarmWatchLimits = {
  checkEveryMs: 2_000,
  quoterStallMs: 60_000,
  journalBacklogCommands: 100_000,
  settlementLagMs: 300_000,
};

/** Components whose state becomes 'component-degraded': every one /readyz reports but the settler and the chain watcher, which have named alarms of their own. */
const WATCHED_COMPONENTS: readonly ComponentName[] = COMPONENTS.filter((name) => name !== 'settler' && name !== 'chainWatcher');

export interface AlarmWatchDeps {
  board: AlarmBoard;
  engine: Engine;
  sequencer: Sequencer;
  /** Wall clock (the MMP freeze ends by the engine's stamped time, read from the engine). */
  clock: () => number;
  /** The health probes, as the service builds them for /readyz. */
  probes?: () => Partial<Record<ComponentName, HealthProbe>>;
  quoter?: Pick<QuotingService, 'stats'> | undefined;
  /** Fills waiting for a batch and when the last batch was cut; undefined without settlement. */
  settlementBacklog?: () => { pendingFills: number; lastCutAtMs: number | undefined } | undefined;
  limits?: Partial<AlarmWatchLimits>;
}

export class AlarmWatch {
  private readonly limits: AlarmWatchLimits;
  private timer: NodeJS.Timeout | undefined;
  /** Series whose MMP freeze may still run: checked until it ends. */
  private readonly frozen = new Set<number>();
  private quoterActivity = -1;
  private quoterMovedAtMs: number;
  /** When the watch first saw fills waiting since none were (undefined: none waiting). */
  private fillsWaitingSinceMs: number | undefined;

  constructor(private readonly d: AlarmWatchDeps) {
    this.limits = { ...ALARM_WATCH_DEFAULTS, ...d.limits };
    this.quoterMovedAtMs = d.clock();
    this.readEngine();
    d.sequencer.onRelease((batch) => this.onRelease(batch));
  }

  start(): void {
    this.check();
    this.timer = setInterval(() => this.check(), this.limits.checkEveryMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Reads the state-derived alarms now (the timer does it every `checkEveryMs`). */
  check(): void {
    this.checkMmp();
    this.checkComponents();
    this.checkQuoter();
    this.checkJournal();
    this.checkSettlement();
  }

  private onRelease(batch: ReleasedBatch): void {
    // Indexed, not for-of: unoptimized, for-of allocates an iterator result per event (issue 79).
    for (let k = 0; k < batch.events.length; k++) this.onEvent(batch.events[k]!);
  }

  /** A switch over the few event types that matter; everything else passes untouched (this runs on every release). */
  private onEvent(e: EngineEvent): void {
    switch (e.type) {
      case EventType.SERIES_STATUS_CHANGED:
        if (e.status === SeriesStatus.HALTED) this.holdHalted(e.seriesId);
        else this.d.board.clear('series-halted', seriesSubject(e.seriesId));
        return;
      case EventType.KILL_SWITCH_CHANGED:
        if (e.engaged) this.holdKill(e.scope, e.targetId);
        else this.d.board.clear('kill-switch', killSubject(e.scope, e.targetId));
        return;
      case EventType.MMP_TRIGGERED: {
        this.frozen.add(e.seriesId);
        const series = this.d.engine.series[e.seriesId];
        const untilReset = e.frozenUntilMs === Number.MAX_SAFE_INTEGER;
        this.d.board.raise('mmp-tripped', {
          subject: seriesSubject(e.seriesId),
          summary: `${series?.name ?? `series #${e.seriesId}`}: ${e.filledQty} rights of the broker's quotes filled within the interval; quotes pulled ${untilReset ? 'until an operator resets' : `until ${new Date(e.frozenUntilMs).toISOString()}`}`,
          details: { seriesId: e.seriesId, filledQty: e.filledQty, frozenUntilMs: untilReset ? null : e.frozenUntilMs },
        });
        return;
      }
      case EventType.MMP_RESET:
        this.frozen.delete(e.seriesId);
        this.d.board.clear('mmp-tripped', seriesSubject(e.seriesId));
        return;
      default:
        return;
    }
  }

  /** The engine as recovered: halted series, engaged kill switches, running freezes. */
  private readEngine(): void {
    const { engine } = this.d;
    for (const s of engine.series) {
      if (s === undefined || s.status === SeriesStatus.EXPIRED) continue;
      if (s.status === SeriesStatus.HALTED) this.holdHalted(s.id);
      if (s.killed) this.holdKill(KillScope.SERIES, s.id);
      if (s.mmpFrozenUntilMs > engine.lastTimeMs) this.frozen.add(s.id);
    }
    if (engine.killAll) this.holdKill(KillScope.GLOBAL, 0);
    for (const a of engine.accounts) if (a !== undefined && a.killed) this.holdKill(KillScope.ACCOUNT, a.id);
  }

  private holdHalted(seriesId: number): void {
    const name = this.d.engine.series[seriesId]?.name ?? `series #${seriesId}`;
    this.d.board.hold('series-halted', { subject: seriesSubject(seriesId), summary: `${name} is halted: no order is accepted`, details: { seriesId, series: name } });
  }

  private holdKill(scope: KillScope, targetId: number): void {
    const what = scope === KillScope.GLOBAL ? 'global: every order and quote refused' : scope === KillScope.SERIES ? `series ${this.d.engine.series[targetId]?.name ?? `#${targetId}`}` : `account #${targetId}`;
    this.d.board.hold('kill-switch', {
      subject: killSubject(scope, targetId),
      severity: scope === KillScope.GLOBAL ? 'critical' : 'warning',
      summary: `kill switch engaged: ${what}`,
      details: { scope: scope === KillScope.GLOBAL ? 'global' : scope === KillScope.SERIES ? 'series' : 'account', targetId },
    });
  }

  /** A freeze ends by time (no event says so): cleared once the engine's clock passes it. */
  private checkMmp(): void {
    const { engine, board } = this.d;
    for (const id of this.frozen) {
      const s = engine.series[id];
      if (s === undefined || s.status === SeriesStatus.EXPIRED || s.mmpFrozenUntilMs <= engine.lastTimeMs) {
        this.frozen.delete(id);
        board.clear('mmp-tripped', seriesSubject(id));
      } else if (board.get('mmp-tripped', seriesSubject(id))?.active !== true) {
        // Frozen at start (recovered): an alarm without the trip's figures.
        board.hold('mmp-tripped', { subject: seriesSubject(id), summary: `${s.name}: market-maker protection holds the broker's quotes back`, details: { seriesId: id, frozenUntilMs: s.mmpFrozenUntilMs === Number.MAX_SAFE_INTEGER ? null : s.mmpFrozenUntilMs } });
      }
    }
  }

  private checkComponents(): void {
    const probes = this.d.probes?.();
    if (probes === undefined) return;
    for (const name of WATCHED_COMPONENTS) {
      const probe = probes[name];
      if (probe === undefined) continue;
      let state: string;
      let detail: string | undefined;
      try {
        ({ state, detail } = probe());
      } catch (error) {
        state = 'failed';
        detail = `its probe failed: ${(error as Error).message}`;
      }
      if (state === 'degraded' || state === 'failed') {
        this.d.board.hold('component-degraded', { subject: name, severity: state === 'failed' ? 'critical' : 'warning', summary: `${name} ${state}${detail === undefined ? '' : `: ${detail}`}`, details: { component: name, state } });
      } else {
        this.d.board.clear('component-degraded', name);
      }
    }
  }

  /** Sent, refused or unchanged quotes all mean the quoter turns; none of them moving while a series trades means it does not. */
  private checkQuoter(): void {
    const stats = this.d.quoter?.stats;
    if (stats === undefined) return;
    const now = this.d.clock();
    const activity = stats.quotesSent + stats.quotesRejected + stats.quotesSkippedUnchanged;
    if (activity !== this.quoterActivity) {
      this.quoterActivity = activity;
      this.quoterMovedAtMs = now;
      this.d.board.clear('quoter-stalled');
      return;
    }
    const { engine } = this.d;
    // A global kill switch pulls quotes on purpose: that alarm says so already.
    const stalledMs = now - this.quoterMovedAtMs;
    if (stalledMs < this.limits.quoterStallMs || engine.killAll || !engine.series.some((s) => s !== undefined && s.status === SeriesStatus.TRADING)) return;
    this.d.board.hold('quoter-stalled', {
      summary: `no quote sent or confirmed for ${Math.round(stalledMs / 1000)} s while series trade`,
      details: { stalledMs, quotesSent: stats.quotesSent, turnsSkippedBusy: stats.turnsSkippedBusy, seriesFailed: stats.seriesFailed },
    });
  }

  private checkJournal(): void {
    const queued = this.d.sequencer.queuedCommands;
    if (queued > this.limits.journalBacklogCommands) {
      this.d.board.hold('journal-backlog', { summary: `${queued} commands queued before the journal`, details: { queuedCommands: queued, limit: this.limits.journalBacklogCommands } });
    } else if (queued <= this.limits.journalBacklogCommands / 2) {
      // Cleared at half the limit, so a queue hovering at the limit is one alarm, not many.
      this.d.board.clear('journal-backlog');
    }
  }

  private checkSettlement(): void {
    const backlog = this.d.settlementBacklog?.();
    if (backlog === undefined) return;
    const now = this.d.clock();
    if (backlog.pendingFills === 0) this.fillsWaitingSinceMs = undefined;
    else this.fillsWaitingSinceMs ??= now;
    // Waiting since the later of the last cut and the first fill seen after an idle spell: an old cut alone is no lag.
    const waitedMs = this.fillsWaitingSinceMs === undefined ? 0 : now - Math.max(this.fillsWaitingSinceMs, backlog.lastCutAtMs ?? 0);
    if (backlog.pendingFills > 0 && waitedMs > this.limits.settlementLagMs) {
      this.d.board.hold('settlement-lag', { summary: `${backlog.pendingFills} fills have waited ${Math.round(waitedMs / 1000)} s for a batch`, details: { pendingFills: backlog.pendingFills, waitedMs } });
    } else {
      this.d.board.clear('settlement-lag');
    }
  }
}

function seriesSubject(seriesId: number): string {
  return `series #${seriesId}`;
}

function killSubject(scope: KillScope, targetId: number): string {
  return scope === KillScope.GLOBAL ? 'global' : scope === KillScope.SERIES ? seriesSubject(targetId) : `account #${targetId}`;
}
