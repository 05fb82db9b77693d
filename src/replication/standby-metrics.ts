/**
 * A standby's own Prometheus text (GET /metrics on its gateway's port, standby-server.ts). A
 * group's scrape lists every node, since the leader moves: a standby answers too, so it is not
 * read as down, and says what an operator asks of it before a failover (is it following, how far
 * behind, do its checkpoints match the leader's, do its snapshots stall it). The names are the
 * leader's where they mean the same (docs/metrics.md).
 */
import { LatencyHistogram, SNAPSHOT_PAUSE } from '../gateway/metrics.js';
import { metricLines } from '../runtime/prometheus-text.js';

/** What it reports of StandbyWatch's status (standby-watch.ts's StandbyStatus), named here so this module imports nothing of the node. */
export interface StandbyFigures {
  appliedSeq: number;
  streamSeq: number | undefined;
  lagSeqs: number | undefined;
  failure: string | undefined;
}

/** What the leader's /metrics says of its role too (node.ts): 1 there, 0 here, so `sum(patx_replication_leader)` counts leaders. */
export function leaderLines(leading: boolean): string[] {
  return metricLines('gauge', 'patx_replication_leader', '1 while this node leads the replicated group.', leading ? 1 : 0);
}

/** What a standby counts while it follows (StandbyWatch keeps it). */
export class StandbyCounters {
  /** Each snapshot of its own engine: the time it held the thread that applies the stream. */
  readonly snapshotPause = new LatencyHistogram();
  checkpointsMatched = 0;
}

export function standbyMetricsText(s: StandbyFigures, counters: StandbyCounters): string {
  const lines = leaderLines(false);
  const gauge = (name: string, help: string, value: number): number => lines.push(...metricLines('gauge', name, help, value));
  gauge('patx_engine_seq', 'Sequence number of the last command applied here (a standby: from the stream).', s.appliedSeq);
  gauge('patx_replication_standby_following', '1 while this standby follows the stream; 0 once it stopped (it is about to exit, /healthz says why).', s.failure === undefined ? 1 : 0);
  // Unknown until the standby first read where the stream ends: no sample rather than a made-up 0.
  if (s.streamSeq !== undefined) gauge('patx_replication_standby_stream_seq', 'The last engine seq the stream held when this standby last read its end (every 0.5 s).', s.streamSeq);
  if (s.lagSeqs !== undefined) gauge('patx_replication_standby_lag_seqs', 'Commands on the stream this standby has not applied yet (stream seq minus applied seq): what a takeover must apply first.', s.lagSeqs);
  const matched = "Leader checkpoints whose state hash this standby's equalled (a difference stops it: standby-diverged).";
  lines.push(...metricLines('counter', 'patx_replication_standby_checkpoints_matched_total', matched, counters.checkpointsMatched));
  lines.push(...counters.snapshotPause.render(...SNAPSHOT_PAUSE));
  return lines.join('\n') + '\n';
}
