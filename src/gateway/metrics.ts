/**
 * The gateway's counters, rendered as Prometheus text (/metrics). Counters are
 * plain numbers bumped on the hot path; rendering happens only on a scrape.
 */
import { rejectReasonName } from '../engine/index.js';
import { labelledMetricLines, metricLines } from '../runtime/prometheus-text.js';
import { backgroundThreads } from '../runtime/background-threads.js';

/** Bounded histogram of latencies in milliseconds (Prometheus cumulative buckets). */
export class LatencyHistogram {
  static readonly BOUNDS_MS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250, 1000];
  readonly counts = new Array<number>(LatencyHistogram.BOUNDS_MS.length + 1).fill(0);
  sumMs = 0;
  count = 0;

  observe(ms: number): void {
    let i = 0;
    while (i < LatencyHistogram.BOUNDS_MS.length && ms > LatencyHistogram.BOUNDS_MS[i]!) i++;
    this.counts[i]!++;
    this.sumMs += ms;
    this.count++;
  }

  render(name: string, help: string): string[] {
    const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
    let cumulative = 0;
    LatencyHistogram.BOUNDS_MS.forEach((bound, i) => {
      cumulative += this.counts[i]!;
      lines.push(`${name}_bucket{le="${bound / 1000}"} ${cumulative}`);
    });
    lines.push(`${name}_bucket{le="+Inf"} ${this.count}`, `${name}_sum ${this.sumMs / 1000}`, `${name}_count ${this.count}`);
    return lines;
  }
}

/** The content type of the Prometheus text format every /metrics answers in. */
export const PROMETHEUS_TEXT = 'text/plain; version=0.0.4';

/** The snapshot pauses' family: the leader's sequencer and a standby's follower (src/replication/standby-metrics.ts) report it alike. */
export const SNAPSHOT_PAUSE = ['patx_snapshot_pause_seconds', "Time each state snapshot held the engine's thread (encoding, hash and, in commit durability, the write): no command is applied meanwhile."] as const;

/** What /metrics reads at a scrape besides these counters: gauges, and the market-data thread's counters. */
export interface GatewayGauges {
  tradingSessions: number;
  engineSeq: number;
  queuedCommands: number;
  marketData: {
    connections: number;
    subscriptions: number;
    series: number;
    busyMs: number;
    publications: number;
    framesIn: number;
    framesOut: number;
    slowConsumersCut: number;
    queuedBytes: number;
    appliedSeq: number;
    errors(): Map<string, number>;
  };
  marketDataResets: number;
}

export class GatewayMetrics {
  ordersReceived = 0;
  ordersAccepted = 0;
  fills = 0;
  commandsSubmitted = 0;
  /** Engine rejects by reason code. */
  readonly rejects = new Map<number, number>();
  /** Gateway errors by wire ErrorCode name. */
  readonly errors = new Map<string, number>();
  framesIn = 0;
  framesOut = 0;
  sessionsOpened = 0;
  sessionsClosed = 0;
  loginsFailed = 0;
  /** Logins answered busy: their signatures could not be checked now (the intake full), not counted as failed. */
  loginsBusy = 0;
  slowConsumersCut = 0;
  /** Bytes queued for order-entry connections, as of the endpoint's last backpressure check (SocketCounters). */
  queuedBytes = 0;
  /** Journal commit latency: from a turn being applied to its release. */
  readonly commitLatency = new LatencyHistogram();
  /** How long each snapshot held the engine's thread (Sequencer.onSnapshotPause). */
  readonly snapshotPause = new LatencyHistogram();
  /** Order-entry latency inside the server: frame received to CommandAck sent. */
  readonly ackLatency = new LatencyHistogram();

  reject(reason: number): void {
    this.rejects.set(reason, (this.rejects.get(reason) ?? 0) + 1);
  }

  error(name: string): void {
    this.errors.set(name, (this.errors.get(name) ?? 0) + 1);
  }

  render(gauges: GatewayGauges, extra: readonly string[] = []): string {
    const lines: string[] = [];
    const counter = (name: string, help: string, value: number): number => lines.push(...metricLines('counter', name, help, value));
    const gauge = (name: string, help: string, value: number): number => lines.push(...metricLines('gauge', name, help, value));
    counter('patx_orders_received_total', 'New orders received from sessions.', this.ordersReceived);
    counter('patx_orders_accepted_total', 'New orders the engine accepted.', this.ordersAccepted);
    counter('patx_fills_total', 'Fills (trades) released.', this.fills);
    counter('patx_commands_submitted_total', 'Commands sessions submitted to the sequencer.', this.commandsSubmitted);
    const rejects = [...this.rejects].sort((a, b) => a[0] - b[0]);
    lines.push(...labelledMetricLines('counter', 'patx_rejects_total', 'Commands the engine refused, by reason.', rejects.map(([reason, n]) => [`reason="${rejectReasonName(reason)}"`, n] as const)));
    const md = gauges.marketData;
    const errors = new Map(this.errors);
    for (const [name, n] of md.errors()) errors.set(name, (errors.get(name) ?? 0) + n);
    const byCode = [...errors].sort().map(([name, n]) => [`code="${name}"`, n] as const);
    lines.push(...labelledMetricLines('counter', 'patx_gateway_errors_total', 'Requests the gateway refused before the engine, by error code (both endpoints).', byCode));
    counter('patx_frames_in_total', 'WebSocket frames received (both endpoints).', this.framesIn + md.framesIn);
    counter('patx_frames_out_total', 'WebSocket frames sent to one connection (pub/sub publishes count once).', this.framesOut + md.framesOut);
    counter('patx_sessions_opened_total', 'Order-entry sessions that logged in.', this.sessionsOpened);
    counter('patx_sessions_closed_total', 'Order-entry sessions that ended after logging in.', this.sessionsClosed);
    counter('patx_logins_failed_total', 'Refused login attempts.', this.loginsFailed);
    counter('patx_logins_busy_total', 'Logins answered busy: their signatures could not be checked now (the intake full); not counted as failed.', this.loginsBusy);
    counter('patx_slow_consumers_cut_total', 'Connections closed for exceeding the backpressure limit.', this.slowConsumersCut + md.slowConsumersCut);
    counter('patx_market_data_publish_seconds_total', 'Market-data thread time spent applying released turns and building and publishing messages (not the sockets\' writes).', md.busyMs / 1000);
    counter('patx_market_data_publications_total', 'Market-data publications, one per series each time it publishes what changed since its last (see gateway.marketDataIntervalMs).', md.publications);
    counter('patx_market_data_resets_total', 'Times market data started over from a fresh seed, disconnecting its subscribers (it fell a feed ring behind, or failed).', gauges.marketDataResets);
    gauge('patx_sessions', 'Logged-in order-entry sessions.', gauges.tradingSessions);
    gauge('patx_market_data_connections', 'Open market-data connections.', md.connections);
    gauge('patx_subscriptions', 'Market-data stream subscriptions.', md.subscriptions);
    gauge('patx_engine_seq', 'Sequence number of the last released command.', gauges.engineSeq);
    gauge('patx_market_data_seq', 'Sequence number of the last released command market data has applied (patx_engine_seq minus this is its lag).', md.appliedSeq);
    gauge('patx_sequencer_queued_commands', 'Commands waiting in the sequencer queue.', gauges.queuedCommands);
    gauge('patx_websocket_queued_bytes', 'Bytes queued in the server for WebSocket connections whose sends are backed up, beyond the kernel\'s socket buffers (both endpoints; a connection over gateway.maxBackpressureBytes is cut).', this.queuedBytes + md.queuedBytes);
    gauge('patx_series', 'Series known to market data.', md.series);
    const background = backgroundThreads.counts();
    gauge('patx_background_threads', 'Side threads (market data, the order history\'s and purchase ledger\'s writers, the statement\'s) now under SCHED_IDLE (config backgroundThreads; 0 when off).', background.inBackground);
    lines.push(
      ...labelledMetricLines('counter', 'patx_background_returns_total', 'Side threads brought back from SCHED_IDLE to normal scheduling: their work piled up (behind) or they waited for a core most of 3 s (starved).', [
        ['reason="behind"', background.returnedBehind],
        ['reason="starved"', background.returnedStarved],
      ]),
    );
    lines.push(...this.commitLatency.render('patx_journal_commit_seconds', 'Time from a turn being applied to its journal commit and release.'));
    lines.push(...this.ackLatency.render('patx_order_ack_seconds', 'Time from an order-entry frame arriving to its CommandAck being sent.'));
    lines.push(...this.snapshotPause.render(...SNAPSHOT_PAUSE));
    lines.push(...extra);
    return lines.join('\n') + '\n';
  }
}
