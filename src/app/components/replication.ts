/**
 * Replicated (config.replication): this node waits as a standby until it leads, then writes
 * through the replicated journal. Until then its gateway's port answers health and NOT_LEADER
 * (clients move on to the leader).
 */
import type { Engine, Journal } from '../../engine/index.js';
import { gatewayTransport, MarketDataThread, type Gateway, type GatewayConfig, type SpawnedMarketData } from '../../gateway/index.js';
import type { IntakePool } from '../../intake/index.js';
import { ReplicationNode, StandbyServer, StandbyWatch, startOptionModelRelay } from '../../replication/index.js';
import type { JournalModels } from '../../read-models/journal-following.js';
import type { Logger } from '../../runtime/log.js';
import type { Config } from '../config.js';
import type { Stores } from './stores.js';

export interface Replication {
  /** This node of the group; undefined when replication is off. */
  readonly node: ReplicationNode | undefined;
  /** The standby lets go of the gateway's port: the gateway's config (the port it had) and the market-data thread it loaded. */
  handOver(): Promise<{ gatewayConfig: GatewayConfig; marketDataSpawned: SpawnedMarketData | undefined }>;
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
  /** Aborts the wait to lead: ReplicationAbortedError. */
  signal: AbortSignal | undefined;
}

export async function awaitLeading(d: ReplicationDeps): Promise<Replication> {
  const { config, logger, engine } = d;
  if (!config.replication.enabled) return { node: undefined, handOver: () => Promise.resolve({ gatewayConfig: config.gateway, marketDataSpawned: undefined }), close: () => Promise.resolve() };
  let gatewayConfig = config.gateway;
  let standby: StandbyServer | undefined;
  let marketDataSpawned: SpawnedMarketData | undefined;
  let node: ReplicationNode;
  const watch = new StandbyWatch(config.replication.node, engine);
  try {
    standby = await StandbyServer.start({ host: config.gateway.host, port: config.gateway.port, security: gatewayTransport(config.gateway), status: () => watch.status(), log: logger.child({ module: 'replication' }) });
    // Port 0: the gateway takes the port the standby had, so the node keeps one address.
    if (gatewayConfig.port === 0) gatewayConfig = { ...gatewayConfig, port: standby.port };
    // The market-data thread and the intake's workers (every login's signature is checked there) load while
    // this node waits: a failover does not wait for them (booting the workers took 3.4 s of one under load).
    marketDataSpawned = MarketDataThread.spawn(gatewayConfig, logger);
    void d.intake.ready();
    node = await ReplicationNode.lead(config.replication, engine, d.journal, logger.child({ module: 'replication' }), {
      signal: d.signal,
      watch,
      catalog: { store: d.stores.catalogStore, credentials: d.stores.credentials, identities: d.stores.identities },
      // Every record applied, with its events, to the read models: current when this node leads.
      onApplied: (batch) => d.readModels.take(batch),
    });
  } catch (error) {
    await standby?.close();
    await marketDataSpawned?.discard();
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
    async handOver() {
      await releasePort();
      return { gatewayConfig, marketDataSpawned };
    },
    async close() {
      // A start that failed before the gateway took the port: the standby still holds it.
      await releasePort();
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
