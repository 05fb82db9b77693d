/**
 * Prometheus text for the gateway's /metrics: parameter values, kill switches,
 * market-maker protection, and risk rejects by reason (counted from released
 * events since start).
 */
import { EventType, RejectReason, rejectReasonName, SeriesStatus, type Engine, type EngineEvent } from '../engine/index.js';
import { QUOTING_PARAM_SPECS, RISK_PARAM_SPECS } from '../risk/index.js';
import type { QuotingService } from '../quoting/index.js';
import { ALARMS, type AlarmName } from '../runtime/health.js';
import { labelledMetricLines, labelValue, metricLines, type LabelledSample } from '../runtime/prometheus-text.js';
import type { AlarmBoard } from './alarm-board.js';

const BROKER_PNL_HELP =
  "The broker's P&L in µPAT: in rights, realized (sales less average cost, expired rights at cost) and unrealized (inventory at the reference less its cost); in calls, puts and synthetics, settled (what their closes moved) and open (at the model); and the total.";

/** Risk reject codes are 50..69 (see reject-reason.ts). */
function isRiskReason(reason: number): boolean {
  return reason >= RejectReason.KILL_SWITCH_ENGAGED && reason < 70;
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

  render(engine: Engine, quoter?: Pick<QuotingService, 'stats' | 'views' | 'pnl'>): string {
    const quoting = quoter?.stats;
    const params: LabelledSample[] = [...RISK_PARAM_SPECS, ...QUOTING_PARAM_SPECS].map((s) => [`name="${labelValue(s.name)}"`, engine.params.get(s.name) ?? s.defaultValue]);
    for (const [name, value] of engine.params) if (name.includes(':')) params.push([`name="${labelValue(name)}"`, value]);
    const rejects = [...this.rejects.entries()].sort((a, b) => a[0] - b[0]).map(([reason, n]) => [`reason="${rejectReasonName(reason)}"`, n] as const);
    const now = engine.lastTimeMs;
    const lines = [
      ...labelledMetricLines('gauge', 'patx_param', 'Current value of a pricing or risk parameter.', params),
      ...labelledMetricLines('counter', 'patx_risk_rejects_total', 'Orders and commands refused by a risk check, by reason, since start.', rejects),
      ...metricLines('gauge', 'patx_orders_resting', "Orders resting in the books now, every account's (the broker's quotes included).", engine.pool.liveCount),
      ...labelledMetricLines('gauge', 'patx_kill_switch_engaged', 'Kill switches engaged, by scope.', [
        ['scope="global"', engine.killAll ? 1 : 0],
        ['scope="account"', engine.accounts.filter((a) => a !== undefined && a.killed).length],
        ['scope="series"', engine.series.filter((s) => s !== undefined && s.killed).length],
      ]),
      ...metricLines('counter', 'patx_mmp_trips_total', 'Market-maker protection trips since start.', this.mmpTrips),
      ...metricLines('gauge', 'patx_mmp_frozen_series', 'Series whose quotes market-maker protection holds back now.', engine.series.filter((s) => s !== undefined && s.status !== SeriesStatus.EXPIRED && s.mmpFrozenUntilMs > now).length),
    ];
    if (quoting !== undefined) {
      lines.push(
        ...labelledMetricLines('counter', 'patx_quotes_total', 'Mass quotes by outcome since start.', [
          ['outcome="sent"', quoting.quotesSent],
          ['outcome="refused"', quoting.quotesRejected],
          ['outcome="unchanged"', quoting.quotesSkippedUnchanged],
        ]),
        ...metricLines('counter', 'patx_quoting_turns_skipped_total', 'Quoting turns skipped because order flow was queued.', quoting.turnsSkippedBusy),
        ...metricLines('gauge', 'patx_quoting_last_turn_ms', 'Duration of the last quoting turn.', quoting.lastRepriceMs.toFixed(3)),
        ...metricLines('counter', 'patx_quoting_busy_ms_total', 'Time spent in the quoter since start.', quoting.busyMs.toFixed(3)),
        ...metricLines('counter', 'patx_quoting_events_ms_total', "The part of the quoter's time spent on released events (its estimates); the rest is its timer turns.", quoting.eventsMs.toFixed(3)),
        ...metricLines('counter', 'patx_quoting_series_failed_total', 'Series quotes not computed (bad inputs), skipped, since start.', quoting.seriesFailed),
      );
    }
    if (quoter !== undefined) {
      const pnl = quoter.pnl();
      lines.push(
        ...labelledMetricLines('gauge', 'patx_broker_pnl_micros', BROKER_PNL_HELP, [
          ['kind="realized"', pnl.realizedMicros],
          ['kind="unrealized"', pnl.unrealizedMicros],
          ['kind="expired"', pnl.expiredMicros],
          ['kind="derivatives_settled"', pnl.derivativesSettledMicros],
          ['kind="derivatives_open"', pnl.derivativesOpenMicros],
          ['kind="total"', pnl.totalMicros],
        ]),
      );
      const views = quoter.views();
      const perSeries: [string, string, (v: (typeof views)[number]) => number][] = [
        ['patx_broker_inventory', 'Rights the broker owns, per series.', (v) => v.inventory],
        ['patx_broker_avg_cost_micros', 'Average cost of the broker\'s inventory, µPAT per right.', (v) => v.avgCostMicros],
        ['patx_broker_realized_pnl_micros', 'The broker\'s realized P&L per series, µPAT.', (v) => v.realizedPnlMicros],
        ['patx_broker_unrealized_pnl_micros', 'The broker\'s unrealized P&L per series at the reference, µPAT.', (v) => v.unrealizedPnlMicros],
        ['patx_quote_reference_micros', 'The quoter\'s reference (fair value) per series, µPAT.', (v) => v.referenceMicros],
        ['patx_quote_half_spread_bps', 'Quoted half-spread per series, bps of the reference.', (v) => Math.round(v.halfSpreadBps * 100) / 100],
        ['patx_quote_sigma_bps', 'σ the quote used per series, bps per √hour.', (v) => Math.round(v.sigmaBpsPerSqrtHour * 100) / 100],
      ];
      for (const [name, help, value] of perSeries) lines.push(...labelledMetricLines('gauge', name, help, views.map((v) => [`series="${labelValue(v.contract)}"`, value(v)] as const)));
    }
    return lines.join('\n') + '\n';
  }
}

/** The alarm board as Prometheus lines: active alarms per name and severity (every name, 0 too), raises since start, evictions. */
export function renderAlarmMetrics(board: AlarmBoard): string {
  const active = board.activeCounts();
  const activeSamples: LabelledSample[] = [];
  for (const name of Object.keys(ALARMS) as AlarmName[]) {
    for (const severity of ['critical', 'warning'] as const) {
      const n = active.get(`${name}\u0000${severity}`) ?? 0;
      // The name's own severity always appears (0 when quiet); the other only while it is raised so.
      if (n > 0 || ALARMS[name].severity === severity) activeSamples.push([`name="${labelValue(name)}",severity="${severity}"`, n]);
    }
  }
  const raised = (Object.keys(ALARMS) as AlarmName[]).map((name) => [`name="${labelValue(name)}"`, board.raisedCounts().get(name) ?? 0] as const);
  const lines = [
    ...labelledMetricLines('gauge', 'patx_alarms_active', 'Alarms active now, by name and severity (GET /operator/alarms).', activeSamples),
    ...labelledMetricLines('counter', 'patx_alarms_raised_total', 'Alarms raised since start, by name.', raised),
    ...metricLines('counter', 'patx_alarms_dropped_total', 'Alarms evicted from the full alarm board since start.', board.dropped),
  ];
  return lines.join('\n') + '\n';
}
