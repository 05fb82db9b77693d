/**
 * Settlement in Prometheus text, for /metrics: what `GET /settlement/status` and the
 * settlement alarms say, in numbers a scrape can keep and alert on (how far settlement
 * trails the engine, whether the settler runs, waits or stopped, how long since a cut).
 */
import { WEI_PER_MICRO, type Engine } from '../engine/index.js';
import type { Settlement } from './settlement.js';
import { labelledMetricLines, metricLines } from '../runtime/prometheus-text.js';

/** The settler's states as `patx_settlement_settler_state{state}`, and settlement starting or not started ('unavailable'). */
const SETTLER_STATES = ['starting', 'running', 'waiting', 'failed', 'stopped', 'unavailable'] as const;

export interface SettlementMetricsSource {
  /** settlement.enabled: with it off nothing is reported. */
  enabled: boolean;
  /** Settlement is being started (the chain, the deployment). */
  starting: boolean;
  /** Undefined once started: it did not start (the settlement-unavailable alarm). */
  settlement: Settlement | undefined;
  engine: Engine;
}

export function settlementMetricsText({ enabled, starting, settlement, engine }: SettlementMetricsSource): string {
  if (!enabled) return '';
  const state = settlement?.settler.status ?? (starting ? 'starting' : 'unavailable');
  const states = SETTLER_STATES.map((s) => [`state="${s}"`, s === state ? 1 : 0] as const);
  const lines = [
    ...labelledMetricLines('gauge', 'patx_settlement_settler_state', "The batch settler's state: 1 for the one it is in (starting; unavailable: settlement did not start).", states),
    ...metricLines('gauge', 'patx_settlement_settled_batch_id', 'The last batch recorded as settled on-chain.', engine.settledBatchId),
    ...metricLines('gauge', 'patx_settlement_settled_through_seq', 'The engine seq the last settled batch covers (patx_engine_seq minus this is what waits for settlement).', engine.settledThroughSeq),
  ];
  if (settlement === undefined) return `${lines.join('\n')}\n`;
  const lastCut = settlement.store.lastOutbox();
  lines.push(
    ...metricLines('gauge', 'patx_settlement_pending_fills', 'Fills released and not yet in any batch.', settlement.settler.pending.fills),
    ...metricLines('gauge', 'patx_settlement_last_cut_timestamp_seconds', 'When the last batch was cut, Unix seconds (0: none yet).', lastCut === undefined ? 0 : lastCut.cutAtMs / 1000),
    ...metricLines('gauge', 'patx_chain_watcher_failed_polls', 'Chain watcher polls failed in a row (0: its last poll read the chain).', settlement.watcher.failures),
    ...unmatchedLines(settlement),
    ...metricLines('counter', 'patx_reconciliation_mismatches_total', 'Differences between the chain and the ledger found by reconciliations since start.', settlement.mismatchCount),
  );
  return `${lines.join('\n')}\n`;
}

/** Deposits from addresses no account has, kept one by one or aggregated (docs/settlement.md, "Unmatched deposits"). */
function unmatchedLines(settlement: Settlement): string[] {
  const kept = settlement.store.keptUnmatched();
  const aggregated = settlement.store.aggregatedDeposits();
  const micros = (wei: bigint): number => Number(wei / WEI_PER_MICRO);
  return [
    ...labelledMetricLines('gauge', 'patx_settlement_unmatched_deposits', 'Deposits from addresses no account has, not credited: kept one by one (credited when the account opens) or aggregated (credited by the operator, by ref).', [
      ['held="kept"', kept.deposits],
      ['held="aggregated"', aggregated.deposits],
    ]),
    ...labelledMetricLines('gauge', 'patx_settlement_unmatched_micros', 'Their PAT, µPAT (whole; the wei are in GET /settlement/status).', [
      ['held="kept"', micros(kept.amountWei)],
      ['held="aggregated"', micros(aggregated.amountWei)],
    ]),
  ];
}
