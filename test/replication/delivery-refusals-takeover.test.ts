/**
 * The courier's delivery refusals (src/subscriptions/delivery-refusals.ts: the last ENDPOINT_NOT_ALLOWED of each
 * listing, shown to its provider and the operator) travel on the catalog stream: the leader's refusal is in a standby's
 * own rows once its takeover's catch-up is done, so the new leader shows it; a ReplicationNode that leads hands its
 * refusals the shipper. Before 2026-12-06 they were kept on the node that noted them only, and a standby that took
 * over showed none.
 *
 * Real parts: a three-node nats-server cluster on 127.0.0.1, a leader's CatalogShipper and its DeliveryRefusals in a
 * real LMDB store, a standby's CatalogFollower over its own catalog store, credentials, identity store and refusals.
 */
import type { RootDatabase } from 'lmdb';
import { describe, expect, it } from 'vitest';
import { CatalogStore } from '../../src/catalog/index.js';
import { ENDPOINT_NOT_ALLOWED } from '../../src/gate/push-registration.js';
import { OperatorCredentials } from '../../src/operator/index.js';
import { IdentityStore } from '../../src/providers/index.js';
import { CatalogFollower } from '../../src/replication/catalog-follower.js';
import { CatalogShipper, takeTheCatalogPen } from '../../src/replication/catalog-shipper.js';
import { encodeCatalogRecord } from '../../src/replication/catalog-stream.js';
import { streamBounds } from '../../src/replication/stream.js';
import { openStore } from '../../src/runtime/lmdb-file.js';
import { createLogger } from '../../src/runtime/log.js';
import { Journal, recover } from '../../src/engine/index.js';
import { REPLICATION_DEFAULTS } from '../../src/replication/config.js';
import { ReplicationNode } from '../../src/replication/node.js';
import { DeliveryRefusals } from '../../src/subscriptions/delivery-refusals.js';
import type { HandoffRefusal } from '../../src/subscriptions/index.js';
import { natsTestCluster } from '../support/nats-test-cluster.js';

const names = { stream: 'PATX_CATALOG_REFUSALS', subject: 'patx.test.catalog-refusals' };
const nats = natsTestCluster({ tempPrefix: 'patx-refusals-takeover-', stream: names });

const refusal = (listingId: number, grantId: number, endpoint: string, message: string): HandoffRefusal => ({ reason: ENDPOINT_NOT_ALLOWED, subscriptionId: 1, exerciseId: 1000 + grantId, grantId, listingId, listingVersion: 2, endpoint, message, atMs: 1_765_000_000_000 + grantId });

describe("the courier's delivery refusals across a takeover", () => {
  it("a refusal the leader noted is in the standby's rows once it takes over; a malformed one is passed over", async () => {
    await takeTheCatalogPen(nats.js, names, { node: 'a', epoch: 3, appliedStreamSeq: (await streamBounds(nats.jsm, names.stream)).last });
    const shipper = new CatalogShipper(nats.js, { names, jsm: nats.jsm, epoch: 3, retryMs: 20 });
    shipper.start();
    const envs: RootDatabase[] = [];
    const leaderEnv = openStore({ path: nats.tempDir(), maxDbs: 2 });
    envs.push(leaderEnv);
    const leader = DeliveryRefusals.openIn(leaderEnv);
    leader.replicateTo(shipper);
    await leader.note(refusal(1, 10, 'http://127.0.0.1:9610/x', '127.0.0.1 is loopback: webhooks go to globally routable addresses'));
    await leader.note(refusal(1, 11, 'https://db.corp.example/x', 'db.corp.example resolves to 10.1.2.3 is private-use'));
    await leader.note(refusal(4, 12, 'http://127.0.0.1:9611/x', 'loopback'));
    // A record no leader of this version writes (its refusal malformed): passed over, not a stop.
    for (const chunk of encodeCatalogRecord({ kind: 'delivery-refusal', write: { listingId: 5, refusal: { code: 'NOPE' } } })) await nats.js.publish(names.subject, chunk.data, { headers: chunk.headers });
    await shipper.replicated();
    await shipper.stop();

    const dir = nats.tempDir();
    const standbyEnv = openStore({ path: dir, maxDbs: 2 });
    envs.push(standbyEnv);
    const refusals = DeliveryRefusals.openIn(standbyEnv);
    const store = CatalogStore.open(dir);
    const identities = IdentityStore.open(dir);
    const skipped: number[] = [];
    const follower = new CatalogFollower(nats.js, nats.jsm, names, { store, credentials: OperatorCredentials.open(dir, 'bootstrap-token', () => undefined), identities, refusals }, { onRefusalSkipped: (seq) => skipped.push(seq) });
    try {
      await follower.start();
      expect(await follower.catchUp(10_000)).toBe((await streamBounds(nats.jsm, names.stream)).last);
      expect(follower.failed).toBeUndefined();
      expect(skipped).toHaveLength(1);
      // The leader's rows, as the leader shows them (a name's resolved address still left out).
      expect(refusals.lastOf(1)).toEqual(leader.lastOf(1));
      expect(refusals.lastOf(1)).toMatchObject({ code: ENDPOINT_NOT_ALLOWED, grantId: 11, version: 2 });
      expect(refusals.lastOf(1)!.message).not.toContain('10.1.2.3');
      expect(refusals.lastOf(4)).toEqual(leader.lastOf(4));
      expect(refusals.lastOf(5)).toBeUndefined();
      expect(refusals.size).toBe(2);
    } finally {
      await follower.stop();
      await store.close();
      await identities.close();
      for (const env of envs) await env.close();
    }
  }, 60_000);

  it("a node that leads ships its courier's refusals: ReplicationNode hands its refusals the catalog stream's shipper", async () => {
    const dir = nats.tempDir();
    const c = { ...REPLICATION_DEFAULTS, enabled: true, servers: nats.cluster.servers, node: 'r', stream: 'J_refusals', subject: 'refusals.journal', catalogStream: 'C_refusals', catalogSubject: 'refusals.catalog', leaseBucket: 'lease_refusals', idempotencyKeyBucket: 'keys_refusals', maxStreamBytes: 16 * 2 ** 20, catalogMaxStreamBytes: 16 * 2 ** 20, leaseTtlMs: 3_000 };
    const journal = Journal.open(dir, { durability: 'commit' });
    const { engine } = recover(journal);
    const store = CatalogStore.open(dir);
    const identities = IdentityStore.open(dir);
    const env = openStore({ path: nats.tempDir(), maxDbs: 2 });
    const refusals = DeliveryRefusals.openIn(env);
    const node = await ReplicationNode.lead(c, engine, journal, createLogger('silent'), { catalog: { store, credentials: OperatorCredentials.open(dir, 'bootstrap-token', () => undefined), identities, refusals } });
    let stopped = false;
    try {
      await refusals.note(refusal(9, 30, 'http://127.0.0.1:9612/x', 'loopback'));
      // Stopping ships what waits (no client waits on a refusal) before it lets go of the lease: nothing writes after.
      await node.stop();
      stopped = true;
      const m = await nats.jsm.streams.getMessage(c.catalogStream, { last_by_subj: c.catalogSubject });
      expect(m?.header.get('Patx-Kind')).toBe('delivery-refusal');
      expect(JSON.parse(new TextDecoder().decode(m!.data))).toEqual({ listingId: 9, refusal: refusals.lastOf(9) });
    } finally {
      if (!stopped) await node.stop();
      await store.close();
      await identities.close();
      await env.close();
      journal.close();
    }
  }, 60_000);
});
