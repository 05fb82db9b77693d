/**
 * Replicated (config.replication): this node waits as a standby until it leads, then writes
 * through the replicated journal. Until then its gateway's port answers health and NOT_LEADER
 * (clients move on to the leader).
 */
import type { Engine, Journal, Sequencer } from '../../engine/index.js';
import { gatewayTransport, MarketDataThread, type Gateway, type GatewayConfig } from '../../gateway/index.js';
import type { GrantLedger } from '../../grants/index.js';
import type { DeliveryRefusals } from '../../subscriptions/index.js';
import type { IntakePool } from '../../intake/index.js';
import { FollowedFeed, ReplicationNode, StandbyServer, StandbyWatch, startOptionModelRelay } from '../../replication/index.js';
import type { JournalModels } from '../../read-models/journal-following.js';
import type { Logger } from '../../runtime/log.js';
import type { Config } from '../config.js';
import type { Stores } from './stores.js';

export interface Replication {
  /** This node of the group; undefined when replication is off. */
  readonly node: ReplicationNode | undefined;
  /**
   * The market-data thread the standby kept current takes the sequencer's turns from its first
   * (call before the first submit: the last record the standby applied and that turn continue each other).
   */
  followSequencer(sequencer: Sequencer): void;
  /** The standby lets go of the gateway's port: the gateway's config (the port it had) and the market-data thread it kept current, not yet listening. */
  handOver(): Promise<{ gatewayConfig: GatewayConfig; marketData: MarketDataThread | undefined }>;
  close(): Promise<void>;
}

export interface ReplicationDeps {
  config: Config;
  logger: Logger;
  log: Logger;
  engine: Engine;
  journal: Journal;
  intake: IntakePool;
  stores: Stores;
  readModels: JournalModels;
  /** The grant ledger, when it is open before this node leads (read-models.ts, grantsAhead). */
  grants: GrantLedger | undefined;
  /** The courier's delivery refusals: a standby keeps the leader's, a leader ships its own. */
  deliveryRefusals: DeliveryRefusals;
  /** Aborts the wait to lead: ReplicationAbortedError. */
  signal: AbortSignal | undefined;
}

export async function awaitLeading(d: ReplicationDeps): Promise<Replication> {
  const { config, logger, engine } = d;
  if (!config.replication.enabled) return { node: undefined, followSequencer: () => undefined, handOver: () => Promise.resolve({ gatewayConfig: config.gateway, marketData: undefined }), close: () => Promise.resolve() };
  let gatewayConfig = config.gateway;
  let standby: StandbyServer | undefined;
  let marketData: MarketDataThread | undefined;
  // Every record the standby applies, with its events: what its market-data thread's books follow.
  const applied = new FollowedFeed(engine);
  let node: ReplicationNode;
  const watch = new StandbyWatch(config.replication.node, engine);
  try {
    standby = await StandbyServer.start({
      host: config.gateway.host,
      port: config.gateway.port,
      security: gatewayTransport(config.gateway),
      status: () => watch.status(),
      metricsText: () => watch.metricsText(),
      // The operator credentials follow the catalog stream: a token the leader takes is known here.
      isOperator: (token) => d.stores.credentials.authenticate(token) !== undefined,
      log: logger.child({ module: 'replication' }),
    });
    // Port 0: the gateway takes the port the standby had, so the node keeps one address.
    if (gatewayConfig.port === 0) gatewayConfig = { ...gatewayConfig, port: standby.port };
    // The market-data thread and the intake's workers (every login's signature is checked there) load while
    // this node waits: a failover does not wait for them (booting the workers took 3.4 s of one under load).
    // The thread is seeded now, from the engine as recovered, and keeps its books current from every record
    // applied, listening on nothing: a takeover neither copies the book nor replays (about 0.7 s at 100,000 orders).
    marketData = MarketDataThread.prepare({ config: gatewayConfig, sequencer: applied, logger });
    void d.intake.ready();
    node = await ReplicationNode.lead(config.replication, engine, d.journal, logger.child({ module: 'replication' }), {
      signal: d.signal,
      watch,
      alarms: d.stores.alarms,
      // The grant ledger where it follows the journal while this node waits: a leader's receipts and reports reach it.
      catalog: { store: d.stores.catalogStore, credentials: d.stores.credentials, identities: d.stores.identities, grants: d.grants, refusals: d.deliveryRefusals },
      idempotencyKeys: d.stores.idempotencyKeys,
      // Every record applied, with its events, to the read models: current when this node leads.
      onApplied: (batch) => {
        d.readModels.take(batch);
        applied.applied(batch);
      },
    });
  } catch (error) {
    await standby?.close();
    await marketData?.close();
    throw error;
  }
  // What the read models would replay now: nothing, each having taken every record this standby applied.
  const behind = Object.fromEntries(Object.entries(d.readModels.seqs()).map(([name, seq]) => [name, Math.max(0, engine.lastSeq - seq)]));
  d.log.info({ node: config.replication.node, epoch: node.epoch, ack: config.replication.ack, seq: engine.lastSeq, readModelsBehind: behind }, 'leading the replicated group');
  const releasePort = async (): Promise<void> => {
    const open = standby;
    standby = undefined;
    await open?.close();
  };
  return {
    node,
    followSequencer(sequencer) {
      marketData?.follow(sequencer);
    },
    async handOver() {
      await releasePort();
      const thread = marketData;
      marketData = undefined; // the gateway's from now on: it closes it
      return { gatewayConfig, marketData: thread };
    },
    async close() {
      // A start that failed before the gateway took the port: the standby still holds it, and the market-data thread.
      await releasePort();
      await marketData?.close();
      // Ships what is left and hands the lease to a standby at once.
      await node.stop();
    },
  };
}

/** The OPTION channel's models go to the group's market-data edges beside the journal stream (they are not journaled). */
export function relayOptionModels(config: Config, gateway: Gateway, logger: Logger): { close(): Promise<void> } {
  const relay = config.replication.enabled ? startOptionModelRelay(config.replication, gateway.marketData, logger) : undefined;
  return { close: async () => relay?.stop() };
}
