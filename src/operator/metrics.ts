/**
 * Prometheus text for the gateway's /metrics: parameter values, kill switches,
 * market-maker protection, and risk rejects by reason (counted from released
 * events since start).
 */
import { EventType, RejectReason, rejectReasonName, SeriesStatus, type Engine, type EngineEvent } from '../engine/index.js';
import { QUOTING_PARAM_SPECS, RISK_PARAM_SPECS } from '../risk/index.js';

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

  render(engine: Engine): string {
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
    return lines.join('\n') + '\n';
  }
}
