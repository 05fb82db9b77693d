/**
 * A leader whose grant ledger opens only after it took the lease (settlement on without `settlement.contracts`: the
 * ledger's domain comes with settlement's deployment, src/app/components/grants.ts) ships its seed once the ledger
 * opens (ReplicationNode.replicateGrantLedger), on a catalog stream that holds no seed. Before 2026-12-06 such a
 * ledger's writes went to the stream and its seed never did: what it kept before reached no standby.
 *
 * Real parts: a three-node nats-server cluster on 127.0.0.1, a ReplicationNode that leads over its own LMDB journal,
 * catalog store, credentials and identity store, and a GrantLedger opened after it leads, holding a listing's
 * delivery counts kept before (applied as a standby applies a seed).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogStore } from '../../src/catalog/index.js';
import { Journal, recover } from '../../src/engine/index.js';
import { GRANT_DOMAIN_NAME, GRANT_DOMAIN_VERSION, GrantSigner, ZERO_ADDRESS } from '../../src/grants/grant.js';
import { GrantLedger } from '../../src/grants/ledger.js';
import { OperatorCredentials } from '../../src/operator/index.js';
import { IdentityStore } from '../../src/providers/index.js';
import { REPLICATION_DEFAULTS, type ReplicationConfig } from '../../src/replication/config.js';
import { startLocalCluster, type LocalCluster } from '../../src/replication/local-cluster.js';
import { ReplicationNode } from '../../src/replication/node.js';
import { createLogger } from '../../src/runtime/log.js';
import { removeDir } from '../support/exchange-fixture.js';

let cluster: LocalCluster;
let nc: NatsConnection;
let jsm: JetStreamManager;
const dirs: string[] = [];
const logger = createLogger(process.env['PATX_TEST_LOG'] === undefined ? 'silent' : 'info');

beforeAll(async () => {
  cluster = await startLocalCluster();
  nc = await connect({ servers: cluster.servers });
  jsm = await jetstreamManager(nc);
}, 60_000);

afterAll(async () => {
  await nc?.close();
  await cluster?.stop();
  for (const d of dirs) removeDir(d);
});

/** The catalog stream's messages: their kinds and payloads, in order. */
async function catalogMessages(stream: string): Promise<Array<{ kind: string; body: string }>> {
  const { state } = await jsm.streams.info(stream);
  const out: Array<{ kind: string; body: string }> = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (m !== null) out.push({ kind: m.header.get('Patx-Kind'), body: new TextDecoder().decode(m.data) });
  }
  return out;
}

describe('a grant ledger that opens only once its node leads', () => {
  it('ships its seed when it opens, on a catalog stream that holds none', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-grant-late-seed-'));
    dirs.push(dir);
    const c: ReplicationConfig = {
      ...REPLICATION_DEFAULTS,
      enabled: true,
      servers: cluster.servers,
      node: 'late',
      stream: 'J_late',
      subject: 'late.journal',
      catalogStream: 'C_late',
      catalogSubject: 'late.catalog',
      leaseBucket: 'lease_late',
      idempotencyKeyBucket: 'keys_late',
      maxStreamBytes: 16 * 2 ** 20,
      catalogMaxStreamBytes: 16 * 2 ** 20,
      leaseTtlMs: 3_000,
    };
    const journal = Journal.open(dir, { durability: 'commit' });
    const { engine } = recover(journal);
    const store = CatalogStore.open(dir);
    const identities = IdentityStore.open(dir);
    // No grant ledger while it waits to lead: it opens only after.
    const node = await ReplicationNode.lead(c, engine, journal, logger, { catalog: { store, credentials: OperatorCredentials.open(dir, 'bootstrap-token', () => undefined), identities } });
    const signer = new GrantSigner('0x' + '42'.repeat(32), { name: GRANT_DOMAIN_NAME, version: GRANT_DOMAIN_VERSION, chainId: 31337, verifyingContract: ZERO_ADDRESS });
    const ledger = GrantLedger.open({ dataDir: dir, engine, signer, clock: Date.now, disputeMs: 3_600_000 });
    try {
      // What this ledger kept before the catalog stream carried it: a listing's delivery counts.
      const kept = { op: 'seed-listing', listingId: 7, counts: { delivered: 3, undelivered: 1, failed: 0 } };
      expect(await ledger.applyReplicated(kept, () => false)).toEqual({ applied: true });
      expect((await catalogMessages(c.catalogStream)).map((m) => m.kind)).not.toContain('grant-ledger-seeded');

      node.replicateGrantLedger(ledger);
      await node.grantLedgerShipping?.seeded;
      const shipped = await catalogMessages(c.catalogStream);
      const grantRecords = shipped.filter((m) => m.kind === 'grant-ledger' || m.kind === 'grant-ledger-seeded');
      expect(grantRecords.map((m) => m.kind)).toEqual(['grant-ledger', 'grant-ledger-seeded']);
      expect(JSON.parse(grantRecords[0]!.body)).toEqual(kept);
      expect(JSON.parse(grantRecords[1]!.body)).toMatchObject({ node: 'late', records: 1 });
      expect(node.grantLedgerShipping!.seeding).toBe(false);
    } finally {
      await node.stop();
      await ledger.close();
      await store.close();
      await identities.close();
      journal.close();
    }
  }, 60_000);
});
