/**
 * A market-data edge: a process that serves the public market-data WebSocket
 * (`/v1/market`, the same protocol: snapshots, per-stream sequence numbers, book
 * checksums) from the replicated journal instead of from the exchange. It follows the
 * stream into its own journal and engine exactly as a standby does, but never leads, and
 * feeds the gateway's market-data thread from the records it applies. Subscribers scale by
 * adding edges; the leader's work per order does not depend on how many there are.
 *
 * What an edge publishes is what the leader journaled, in the same order, so its books
 * are the ones the leader's own market data gives, and its sequence numbers too: they are
 * journal seqs (src/gateway/market-feed.ts), not counts of what this process published.
 * The OPTION channel (the leader's quoter's models, not journaled) comes from the leader
 * over core NATS with the leader's seqs (option-relay.ts). It lags the leader by the
 * stream's delivery (and, under 'quorum' acks, never shows a command the leader has not
 * acknowledged).
 *
 * An edge whose follower stops (its journal differs from the stream, a damaged message) does
 * not serve a frozen book: it closes its subscribers (1001: they reconnect to another edge) and
 * says so through `failed` (the process exits, src/main.ts).
 *
 * On its status port (the gateway's port setting, which it does not otherwise use) it answers
 * health, readiness (following, serving, and not too far behind the stream) and metrics
 * (edge-server.ts), for the load balancer in front of the edges and for Prometheus.
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Journal, recover, type Engine } from '../engine/index.js';
import { gatewayTransport, MarketDataThread } from '../gateway/index.js';
import { GatewayMetrics } from '../gateway/metrics.js';
import type { GatewayConfig } from '../gateway/index.js';
import type { Logger } from '../runtime/log.js';
import type { ReplicationConfig } from './config.js';
import { FollowedFeed } from './followed-feed.js';
import { JournalFollower } from './follower.js';
import { followOptionModels } from './option-relay.js';
import { edgeMetricsLines, EdgeServer, type EdgeStatus } from './edge-server.js';
import { StreamEnd } from './stream-end.js';

export interface MarketDataEdge {
  /** The market-data port: subscribers connect here (/v1/market). */
  readonly port: number;
  /** The status port: /healthz, /readyz, /metrics (edge-server.ts). */
  readonly statusPort: number;
  readonly engine: Engine;
  readonly follower: JournalFollower;
  /** Settles with the follower's error once it stopped following and the edge has stopped (its subscribers closed). */
  readonly failed: Promise<Error>;
  stop(): Promise<void>;
}

export interface EdgeOptions {
  replication: ReplicationConfig;
  gateway: GatewayConfig;
  dataDir: string;
  logger: Logger;
}

export async function startMarketDataEdge(o: EdgeOptions): Promise<MarketDataEdge> {
  const log = o.logger.child({ module: 'edge' });
  const journal = Journal.open(o.dataDir, { durability: 'commit' });
  let nc: NatsConnection | undefined;
  let thread: MarketDataThread | undefined;
  let follower: JournalFollower | undefined;
  let status: EdgeServer | undefined;
  const streamEnd = new StreamEnd();
  // Its /metrics: the gateway's families, order entry's at 0 (an edge takes none), the snapshots' pauses its follower's.
  const metrics = new GatewayMetrics();
  // Set once the edge serves (below).
  let stopOnFailure: ((error: Error) => void) | undefined;
  try {
    const { engine } = recover(journal);
    nc = await connect({ servers: o.replication.servers, name: `patx-edge-${o.replication.node}`, maxReconnectAttempts: -1 });
    const feed = new FollowedFeed(engine);
    const jsm = await jetstreamManager(nc);
    const names = { stream: o.replication.stream, subject: o.replication.subject };
    follower = new JournalFollower(jetstream(nc), jsm, names, engine, journal, {
      onApplied: (batch) => feed.applied(batch),
      onSnapshot: (pauseMs) => metrics.snapshotPause.observe(pauseMs),
      snapshotEveryCommands: o.replication.standbySnapshotEveryCommands,
      onSnapshotFailed: (error) => log.warn({ err: error }, 'edge snapshot not saved'),
      onFailed: (error) => {
        log.fatal({ err: error, alarm: 'edge-diverged' }, 'the edge stopped following the stream: closing its subscribers rather than serve a frozen book');
        stopOnFailure?.(error);
      },
      onPullTrouble: (trouble) => log.warn({ trouble }, 'following the journal stream: the pull was in trouble or mended'),
    });
    await follower.start();
    streamEnd.start(jsm, names);
    thread = await MarketDataThread.start({ config: o.gateway, sequencer: feed, logger: o.logger });
    const running = { thread, follower, nc };
    const edgeStatus = (): EdgeStatus => ({
      node: o.replication.node,
      appliedSeq: engine.lastSeq,
      streamSeq: streamEnd.lastSeq,
      lagSeqs: streamEnd.lagOf(engine.lastSeq),
      maxLagSeqs: o.replication.edgeReadyMaxLagSeqs,
      failure: running.follower.failed?.message,
      marketData: running.thread.health(),
      marketDataPort: running.thread.port,
    });
    status = await EdgeServer.start({
      host: o.gateway.host,
      port: o.gateway.port,
      security: gatewayTransport(o.gateway),
      status: edgeStatus,
      metricsText: () => metrics.render({ tradingSessions: 0, engineSeq: engine.lastSeq, queuedCommands: 0, marketData: running.thread.counters, marketDataResets: running.thread.resets }, edgeMetricsLines(edgeStatus())),
      log,
    });
    const statusPort = status;
    const options = followOptionModels(nc, o.replication.subject, thread, o.logger);
    log.info({ port: thread.port, statusPort: statusPort.port, seq: engine.lastSeq }, 'market-data edge serving the replicated journal');
    const stop = async (): Promise<void> => {
      options.stop();
      streamEnd.stop();
      // Subscribers first (each gets 1001 going away, and the thread ends), then what feeds them; the status port last, so a probe meanwhile reads the edge as going.
      await running.thread.close();
      await running.follower.stop().catch((error: unknown) => log.warn({ err: error }, 'the follower did not stop cleanly'));
      await running.nc.close().catch(() => undefined);
      await journal.close();
      await statusPort.close();
      log.info({ seq: engine.lastSeq }, 'market-data edge stopped');
    };
    // Once: a signal, a supervisor's stop and the follower's failure may each ask.
    let stopped: Promise<void> | undefined;
    const stopEdge = (): Promise<void> => (stopped ??= stop());
    const failed = new Promise<Error>((resolve) => {
      stopOnFailure = (error) => {
        const done = (): void => resolve(error);
        void stopEdge().then(done, done);
      };
    });
    // It may have failed while the thread started.
    if (follower.failed !== undefined) stopOnFailure!(follower.failed);
    return {
      port: thread.port,
      statusPort: statusPort.port,
      engine,
      follower,
      failed,
      stop: stopEdge,
    };
  } catch (error) {
    streamEnd.stop();
    await status?.close();
    await thread?.close();
    await follower?.stop().catch(() => undefined);
    await nc?.close().catch(() => undefined);
    await journal.close();
    throw error;
  }
}
