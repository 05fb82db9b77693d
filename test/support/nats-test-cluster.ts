/**
 * A local nats-server cluster for one replication test file (src/replication/local-cluster.ts: real nats-server on
 * 127.0.0.1), with a connection, its JetStream client and manager, optionally a stream made at the start, and temporary
 * directories removed at the end. Registers the file's beforeAll and afterAll; read the fields inside tests.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll } from 'vitest';
import { startLocalCluster, type LocalCluster } from '../../src/replication/local-cluster.js';
import { ensureStream, type StreamNames } from '../../src/replication/stream.js';
import { removeDir } from './exchange-fixture.js';

export interface NatsTestCluster {
  readonly cluster: LocalCluster;
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  /** A directory under os.tmpdir(), removed after the file's tests. */
  tempDir(): string;
}

export function natsTestCluster(options: { nodes?: number; tempPrefix: string; stream?: StreamNames }): NatsTestCluster {
  const dirs: string[] = [];
  const t = {
    tempDir(): string {
      const d = mkdtempSync(path.join(os.tmpdir(), options.tempPrefix));
      dirs.push(d);
      return d;
    },
  } as { -readonly [K in keyof NatsTestCluster]: NatsTestCluster[K] };
  beforeAll(async () => {
    t.cluster = await startLocalCluster(options.nodes === undefined ? {} : { nodes: options.nodes });
    t.nc = await connect({ servers: t.cluster.servers });
    t.js = jetstream(t.nc);
    t.jsm = await jetstreamManager(t.nc);
    if (options.stream !== undefined) await ensureStream(t.jsm, { ...options.stream, replicas: options.nodes ?? 3, maxBytes: 64 * 2 ** 20, refuseWhenFull: true });
  }, 60_000);
  afterAll(async () => {
    await t.nc?.close();
    await t.cluster?.stop();
    for (const d of dirs) removeDir(d);
  });
  return t;
}
