/**
 * A three-node nats-server cluster on 127.0.0.1 for one test file, with a client on it and
 * temp dirs removed at the end: what the replication tests share. Call at the top level
 * of the file; the fields are set once its beforeAll has run.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll } from 'vitest';
import { startLocalCluster, type LocalCluster } from '../../src/replication/local-cluster.js';
import { removeDir } from './exchange-fixture.js';

export interface NatsTestbed {
  cluster: LocalCluster;
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** A fresh temp dir, removed after the file's tests. */
  tempDir(): string;
}

export function natsTestbed(dirPrefix: string): NatsTestbed {
  const dirs: string[] = [];
  const bed = {
    tempDir(): string {
      const d = mkdtempSync(path.join(os.tmpdir(), dirPrefix));
      dirs.push(d);
      return d;
    },
  } as NatsTestbed;
  beforeAll(async () => {
    bed.cluster = await startLocalCluster();
    bed.nc = await connect({ servers: bed.cluster.servers });
    bed.js = jetstream(bed.nc);
    bed.jsm = await jetstreamManager(bed.nc);
  }, 60_000);
  afterAll(async () => {
    await bed.nc?.close();
    await bed.cluster?.stop();
    for (const d of dirs) removeDir(d);
  });
  return bed;
}
