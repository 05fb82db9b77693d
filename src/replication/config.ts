/**
 * Replication settings (docs/replication.md). Off by default: the embedded service is one
 * process with its LMDB journal. On, every node of a group runs the same service with the
 * same stream and bucket and a name of its own; the one that holds the lease leads.
 */
import { hostname } from 'node:os';
import { z } from 'zod';
import { envEnum, envInt, envSwitch, envText, mapParse, type EnvField } from '../runtime/config-env.js';

const positiveInt = z.number().int().positive();

/** The lease's default ttl by `ack` (leaseTtlMs below). */
export const QUORUM_LEASE_TTL_MS = 15_000;
export const LOCAL_LEASE_TTL_MS = 1_000;

export const replicationConfigSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** The NATS servers (nats://host:port), any of the cluster's nodes. */
    servers: z.array(z.string().regex(/^(nats|tls):\/\/[^\s]+$/, 'a nats:// or tls:// URL')).default([]),
    /** This node's name, unique in the group: in the lease and in the log. */
    node: z.string().min(1).max(64).default(hostname()),
    /** 'quorum': acknowledge once the stream's majority holds the record (survives losing this machine); 'local': at the local commit (faster; a failover loses the unshipped tail). */
    ack: z.enum(['local', 'quorum']).default('quorum'),
    stream: z.string().regex(/^[A-Za-z0-9_-]+$/).default('PATX_JOURNAL'),
    subject: z.string().regex(/^[A-Za-z0-9_.-]+$/).default('patx.journal'),
    /** Replicas of the stream and the lease bucket when this node creates them. */
    replicas: z.number().int().min(1).max(5).default(3),
    /** Bytes the stream keeps; a standby further behind needs a copy of a current node's data dir. */
    maxStreamBytes: positiveInt.default(2 * 2 ** 30),
    /** The catalog's own stream (listings, samples, its audit log, named operators): docs/replication.md. */
    catalogStream: z.string().regex(/^[A-Za-z0-9_-]+$/).default('PATX_CATALOG'),
    catalogSubject: z.string().regex(/^[A-Za-z0-9_.-]+$/).default('patx.catalog'),
    /** Bytes the catalog stream keeps; when full it refuses new writes rather than drop the oldest (a catalog must stay whole). */
    catalogMaxStreamBytes: positiveInt.default(2 * 2 ** 30),
    leaseBucket: z.string().regex(/^[A-Za-z0-9_-]+$/).default('patx_leader'),
    /** Signed writes' idempotency keys, so a retry to the next leader is answered as the first was (docs/http-api.md). */
    idempotencyKeyBucket: z.string().regex(/^[A-Za-z0-9_-]+$/).default('patx_idempotency_keys'),
    /** Bytes the key bucket keeps; beyond them it drops its oldest writes (as the leader forgets its oldest keys). */
    idempotencyKeyBucketMaxBytes: positiveInt.default(2 ** 30),
    /**
     * A leader that has not renewed for this long is replaced; it stops by itself at the same point.
     * Default 15 s under quorum acks (where a dead leader is replaced at once, so the ttl decides only
     * a stopped one), longer than the lease bucket's own election when a nats-server dies (4.5–8 s
     * here, up to nats-server's 9 s timeout): a leader rides that out instead of failing over. 1 s
     * under local acks, where the ttl also decides a dead leader. docs/replication.md, "When a nats-server dies".
     */
    leaseTtlMs: positiveInt.min(200).max(60_000).optional(),
    leaseRenewMs: positiveInt.min(20).max(20_000).default(200),
    /** Records in flight to the stream before the shipper waits for their acknowledgements. */
    shipWindow: positiveInt.max(4096).default(64),
    /** A standby snapshots its own engine after this many applied commands (its restart replays less). */
    standbySnapshotEveryCommands: positiveInt.default(1_000_000),
    /**
     * A node whose journal ran without replication, meeting an empty journal stream, seeds the stream with its journal
     * and leads (a single node becoming a group: docs/replication.md, "From one node to a group"). Off: it refuses, as
     * an empty stream under a journal may be a wiped NATS or another group's, which only the operator can tell.
     */
    seedFromJournal: z.boolean().default(false),
    /** A market-data edge further behind the stream's end than this answers /readyz 503, so a load balancer sends subscribers to another (docs/replication.md). */
    edgeReadyMaxLagSeqs: positiveInt.default(10_000),
  })
  .strict()
  .transform((r) => ({ ...r, leaseTtlMs: r.leaseTtlMs ?? (r.ack === 'quorum' ? QUORUM_LEASE_TTL_MS : LOCAL_LEASE_TTL_MS) }))
  .refine((r) => !r.enabled || r.servers.length > 0, { message: 'replication.enabled needs replication.servers' })
  .refine((r) => r.leaseRenewMs * 3 <= r.leaseTtlMs, { message: 'replication.leaseRenewMs must be at most a third of leaseTtlMs' })
  .refine((r) => r.catalogStream !== r.stream && r.catalogSubject !== r.subject, { message: 'replication.catalogStream and catalogSubject must differ from the journal\'s stream and subject' })
  .refine((r) => r.idempotencyKeyBucket !== r.leaseBucket, { message: 'replication.idempotencyKeyBucket must differ from leaseBucket' });

export type ReplicationConfig = z.infer<typeof replicationConfigSchema>;

export const REPLICATION_DEFAULTS: ReplicationConfig = replicationConfigSchema.parse({});

/** PATX_REPLICATION_SERVERS (comma-separated) turns replication on. */
export const REPLICATION_ENV_FIELDS: Record<string, EnvField> = {
  PATX_REPLICATION_SERVERS: envText((v) => ({ enabled: true, servers: v.split(',').map((s) => s.trim()).filter((s) => s !== '') })),
  PATX_REPLICATION_NODE: envText((node) => ({ node })),
  PATX_REPLICATION_ACK: (v, name) => mapParse(envEnum(v, name, ['local', 'quorum'] as const), (ack) => ({ ack })),
  PATX_REPLICATION_SEED_FROM_JOURNAL: (v, name) => mapParse(envSwitch(v, name), (seedFromJournal) => ({ seedFromJournal })),
  PATX_REPLICATION_LEASE_TTL_MS: (v, name) => mapParse(envInt(v, name, 200, 60_000), (leaseTtlMs) => ({ leaseTtlMs })),
};
