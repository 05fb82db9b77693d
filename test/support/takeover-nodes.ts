/**
 * Two or more replicated services in one test process on a real three-node nats-server cluster
 * (src/replication's startLocalCluster), as the takeover tests run them: the cluster started
 * before the file's tests and stopped after, each service stopped and each data dir removed.
 * `config` gives a node the settings every takeover test shares (ports chosen by the OS, no
 * settlement, a fixed grant signer, quorum acks, a lease of 3 s: two services and three
 * nats-servers share the test machine's 2 cores), with the test's own sections on top; a node
 * may start again on the data dir it had.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig, type Config } from '../../src/app/config.js';
import type { Service } from '../../src/app/service.js';
import { startLocalCluster, type LocalCluster } from '../../src/replication/index.js';
import { removeDir } from './exchange-fixture.js';

/** The sections a takeover test sets itself, as loadConfig's overrides (each whole: `quoting` replaces the default's). */
export interface TakeoverSections {
  sequencer?: Record<string, unknown>;
  quoting?: Record<string, unknown>;
  statement?: Record<string, unknown>;
}

/** Where a node keeps its data, and its gateway's port. */
export interface TakeoverNodeOptions {
  /** Another start of a node that ran before: its data dir. Default: a new one named for `prefix` and `node`. */
  dataDir?: string;
  /** Its gateway's port (a free one, src/runtime/free-port.ts): a standby's answers /healthz there. Default: one the OS chooses at start. */
  port?: number;
}

export interface TakeoverNodes {
  /** A node's config: a new data dir named for `prefix` and `node` (or `o.dataDir`). */
  config(node: string, sections: TakeoverSections, o?: TakeoverNodeOptions): Config;
  /** Keeps a started service to stop after the file's tests. */
  started(service: Service): Service;
  /** A service the test stopped itself: not stopped again. */
  stopped(service: Service): void;
  /** The cluster's nats URLs (127.0.0.1): for a test that reads or resets a stream itself. */
  servers(): string[];
}

/** Registers the cluster's and the services' lifetimes with the file's beforeAll and afterAll. */
export function takeoverNodes(prefix: string, operatorToken: string): TakeoverNodes {
  let cluster: LocalCluster | undefined;
  const dirs: string[] = [];
  const running: Service[] = [];
  beforeAll(async () => {
    cluster = await startLocalCluster();
  }, 60_000);
  afterAll(async () => {
    for (const s of running) await s.stop().catch(() => undefined);
    await cluster?.stop();
    for (const d of dirs) removeDir(d);
  });
  return {
    config(node, sections, o = {}) {
      if (cluster === undefined) throw new Error('the nats-server cluster is not started (config is for the tests, not the file body)');
      let dataDir = o.dataDir;
      if (dataDir === undefined) {
        dataDir = mkdtempSync(path.join(os.tmpdir(), `patx-${prefix}-${node}-`));
        dirs.push(dataDir);
      }
      return loadConfig({}, {
        dataDir,
        gateway: { port: o.port ?? 0, marketDataPort: 0, operatorToken },
        settlement: { enabled: false },
        grants: { signerKey: '0x' + '42'.repeat(32) },
        replication: { enabled: true, servers: cluster.servers, node, ack: 'quorum', leaseTtlMs: 3_000, leaseRenewMs: 1_000 },
        ...sections,
      });
    },
    started(service) {
      running.push(service);
      return service;
    },
    stopped(service) {
      const i = running.indexOf(service);
      if (i >= 0) running.splice(i, 1);
    },
    servers() {
      if (cluster === undefined) throw new Error('the nats-server cluster is not started');
      return cluster.servers;
    },
  };
}
