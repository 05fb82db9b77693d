/** The replicated journal, failover and the lease (docs/replication.md). */
export { replicationConfigSchema, REPLICATION_DEFAULTS, REPLICATION_ENV_FIELDS, type ReplicationConfig } from './config.js';
export { ReplicationNode, ReplicationAbortedError, type ReplicationStatus } from './node.js';
export { StandbyWatch, type StandbyStatus } from './standby-watch.js';
export { StandbyServer, type StandbyServerOptions } from './standby-server.js';
export { setAsideUnreplicatedTail, SET_ASIDE_DIR, type SetAsideTail } from './tail-set-aside.js';
export { JournalFollower, FollowerDivergedError, type FollowerEvents } from './follower.js';
export { LeaderLease, type LeaseHolder, type LeaseOptions } from './lease.js';
export { takeThePen, TakeoverError, type Leadership } from './leader.js';
export { JournalShipper, ShipperFencedError, ShipperStoppedError } from './shipper.js';
export { ReplicatedJournal, type ReplicationAck } from './replicated-journal.js';
export { startLocalCluster, LocalClusterError, type LocalCluster, type ClusterNode } from './local-cluster.js';
export { ensureStream, findStartSeq, streamBounds, type StreamNames } from './stream.js';
export { startMarketDataEdge, type MarketDataEdge, type EdgeOptions } from './edge.js';
export { FollowedFeed } from './followed-feed.js';
export { followOptionModels, publishOptionModels, startOptionModelRelay, BOARD_REFRESH_MS, type OptionModelOrigin, type OptionModelSink } from './option-relay.js';
export { CatalogFollower, type CatalogReplica, type CatalogFollowerEvents } from './catalog-follower.js';
export { CatalogShipper, CatalogShipperStoppedError, type CatalogShipperOptions } from './catalog-shipper.js';
export { CatalogChunkJoiner, CatalogStreamError, encodeCatalogRecord, CHUNK_BYTES, type CatalogRecord } from './catalog-stream.js';
