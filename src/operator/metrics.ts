/**
 * Prometheus text for the gateway's /metrics: parameter values, kill switches,
 * market-maker protection, and risk rejects by reason (counted from released
 * events since start).
 */
import { EventType, RejectReason, rejectReasonName, SeriesStatus, type Engine, type EngineEvent } from '../engine/index.js';
import { QUOTING_PARAM_SPECS, RISK_PARAM_SPECS } from '../risk/index.js';
import type { QuotingStats } from '../quoting/index.js';

/** Risk reject codes are 50..69 (see reject-reason.ts). */
function isRiskReason(reason: number): boolean {
  return reason >= RejectReason.KILL_SWITCH_ENGAGED && reason < 70;
}

function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export class RiskMetrics {
  private readonly rejects = new Map<number, number>();
  private mmpTrips = 0;

  observe(e: EngineEvent): void {
    if ((e.type === EventType.ORDER_REJECTED || e.type === EventType.COMMAND_REJECTED) && isRiskReason(e.reason)) {
      this.rejects.set(e.reason, (this.rejects.get(e.reason) ?? 0) + 1);
    } else if (e.type === EventType.MMP_TRIGGERED) {
      this.mmpTrips++;
    }
  }

  render(engine: Engine, quoting?: QuotingStats): string {
    const lines: string[] = [];
    lines.push('# HELP patx_param Current value of a pricing or risk parameter.', '# TYPE patx_param gauge');
    for (const s of [...RISK_PARAM_SPECS, ...QUOTING_PARAM_SPECS]) lines.push(`patx_param{name="${label(s.name)}"} ${engine.params.get(s.name) ?? s.defaultValue}`);
    for (const [name, value] of engine.params) if (name.includes(':')) lines.push(`patx_param{name="${label(name)}"} ${value}`);
    lines.push('# HELP patx_risk_rejects_total Orders and commands refused by a risk check, by reason, since start.', '# TYPE patx_risk_rejects_total counter');
    for (const [reason, n] of [...this.rejects.entries()].sort((a, b) => a[0] - b[0])) lines.push(`patx_risk_rejects_total{reason="${rejectReasonName(reason)}"} ${n}`);
    lines.push('# HELP patx_kill_switch_engaged Kill switches engaged, by scope.', '# TYPE patx_kill_switch_engaged gauge');
    lines.push(`patx_kill_switch_engaged{scope="global"} ${engine.killAll ? 1 : 0}`);
    lines.push(`patx_kill_switch_engaged{scope="account"} ${engine.accounts.filter((a) => a !== undefined && a.killed).length}`);
    lines.push(`patx_kill_switch_engaged{scope="series"} ${engine.series.filter((s) => s !== undefined && s.killed).length}`);
    lines.push('# HELP patx_mmp_trips_total Market-maker protection trips since start.', '# TYPE patx_mmp_trips_total counter');
    lines.push(`patx_mmp_trips_total ${this.mmpTrips}`);
    lines.push('# HELP patx_mmp_frozen_series Series whose quotes market-maker protection holds back now.', '# TYPE patx_mmp_frozen_series gauge');
    const now = engine.lastTimeMs;
    lines.push(`patx_mmp_frozen_series ${engine.series.filter((s) => s !== undefined && s.status !== SeriesStatus.EXPIRED && s.mmpFrozenUntilMs > now).length}`);
    if (quoting !== undefined) {
      lines.push('# HELP patx_quotes_total Mass quotes by outcome since start.', '# TYPE patx_quotes_total counter');
      lines.push(`patx_quotes_total{outcome="sent"} ${quoting.quotesSent}`);
      lines.push(`patx_quotes_total{outcome="refused"} ${quoting.quotesRejected}`);
      lines.push(`patx_quotes_total{outcome="unchanged"} ${quoting.quotesSkippedUnchanged}`);
      lines.push('# HELP patx_quoting_turns_skipped_total Quoting turns skipped because order flow was queued.', '# TYPE patx_quoting_turns_skipped_total counter');
      lines.push(`patx_quoting_turns_skipped_total ${quoting.turnsSkippedBusy}`);
      lines.push('# HELP patx_quoting_last_turn_ms Duration of the last quoting turn.', '# TYPE patx_quoting_last_turn_ms gauge');
      lines.push(`patx_quoting_last_turn_ms ${quoting.lastRepriceMs.toFixed(3)}`);
      lines.push('# HELP patx_quoting_busy_ms_total Time spent in the quoter since start.', '# TYPE patx_quoting_busy_ms_total counter');
      lines.push(`patx_quoting_busy_ms_total ${quoting.busyMs.toFixed(3)}`);
    }
    return lines.join('\n') + '\n';
  }
}
