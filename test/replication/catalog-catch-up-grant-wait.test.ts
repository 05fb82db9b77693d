/**
 * A takeover's catch-up of the catalog stream does not wait for grants its journal does not hold. A standby's
 * grant ledger applies a leader's write once its grant is there, waiting up to 5 s for it (its journal follower
 * may be a moment behind the catalog stream); at takeover the journal is applied to its end first, so a grant not
 * in the ledger then never will be, and the catch-up passes such a write over at once (src/replication/catalog-
 * follower.ts, `catchingUp`; src/grants/ledger.ts, applyReplicated's `keepWaiting`). Without that guard each such
 * write held the new leader's catch-up for seconds (past its bound here).
 *
 * Real parts: a three-node nats-server cluster on 127.0.0.1, a leader's CatalogShipper, a standby's CatalogFollower
 * over its own LMDB catalog store, credentials, identity store and a real GrantLedger on a recovered engine.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogStore } from '../../src/catalog/index.js';
import { Journal, recover } from '../../src/engine/index.js';
import { GRANT_DOMAIN_NAME, GRANT_DOMAIN_VERSION, GrantSigner, ZERO_ADDRESS } from '../../src/grants/grant.js';
import { GrantLedger } from '../../src/grants/ledger.js';
import { OperatorCredentials } from '../../src/operator/index.js';
import { IdentityStore } from '../../src/providers/index.js';
import { CatalogFollower } from '../../src/replication/catalog-follower.js';
import { CatalogShipper, takeTheCatalogPen } from '../../src/replication/catalog-shipper.js';
import { startLocalCluster, type LocalCluster } from '../../src/replication/local-cluster.js';
import { ensureStream, streamBounds } from '../../src/replication/stream.js';
import { removeDir } from '../support/exchange-fixture.js';

/** Writes about grants the standby's journal never issued. */
const UNKNOWN_GRANTS = [101, 102, 103, 104];

let cluster: LocalCluster;
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;
const dirs: string[] = [];
const names = { stream: 'PATX_CATALOG_GRANT_WAIT', subject: 'patx.test.catalog-grant-wait' };

beforeAll(async () => {
  cluster = await startLocalCluster();
  nc = await connect({ servers: cluster.servers });
  js = jetstream(nc);
  jsm = await jetstreamManager(nc);
  await ensureStream(jsm, { ...names, replicas: 3, maxBytes: 64 * 2 ** 20, refuseWhenFull: true });
}, 60_000);

afterAll(async () => {
  await nc?.close();
  await cluster?.stop();
  for (const d of dirs) removeDir(d);
});

describe("a takeover's catch-up of the catalog stream", () => {
  it('passes over at once a grant ledger write whose grant this node does not hold, where a standby following waits for it', async () => {
    // The leader ships washing's exclusions of grants only it knows of.
    await takeTheCatalogPen(js, names, { node: 'a', epoch: 3, appliedStreamSeq: (await streamBounds(jsm, names.stream)).last });
    const shipper = new CatalogShipper(js, { names, jsm, epoch: 3, retryMs: 20 });
    shipper.start();
    for (const grantId of UNKNOWN_GRANTS) shipper.grantLedgerWrote({ op: 'exclude', atMs: Date.now(), grantId, notCounted: { reason: 'washing', why: 'related on-chain', atMs: Date.now() } });
    await shipper.replicated();
    const { last } = await streamBounds(jsm, names.stream);

    // The standby: a grant ledger over its own (empty) journal.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-catalog-grant-wait-'));
    dirs.push(dir);
    const journal = Journal.open(dir, { durability: 'commit' });
    const { engine } = recover(journal);
    const signer = new GrantSigner('0x' + '42'.repeat(32), { name: GRANT_DOMAIN_NAME, version: GRANT_DOMAIN_VERSION, chainId: 31337, verifyingContract: ZERO_ADDRESS });
    const ledger = GrantLedger.open({ dataDir: dir, engine, signer, clock: Date.now, disputeMs: 3_600_000 });
    const store = CatalogStore.open(dir);
    const identities = IdentityStore.open(dir);
    const skipped: number[] = [];
    const follower = new CatalogFollower(js, jsm, names, { store, credentials: OperatorCredentials.open(dir, 'bootstrap-token', () => undefined), identities, grants: ledger }, { onGrantWriteSkipped: (seq) => skipped.push(seq) });
    try {
      await follower.start();
      // Following, it waits for the first write's grant (its journal follower may bring it).
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(skipped).toEqual([]);

      // Taking over: every write is passed over at once, within a bound the waits would overrun.
      const t0 = Date.now();
      expect(await follower.catchUp(3_000)).toBe(last);
      expect(Date.now() - t0).toBeLessThan(2_000);
      expect(skipped).toHaveLength(UNKNOWN_GRANTS.length);
      expect(store.replicatedStreamSeq()).toBe(last);
    } finally {
      await follower.stop();
      await shipper.stop();
      await ledger.close();
      await store.close();
      await identities.close();
      journal.close();
    }
  }, 60_000);
});
