/**
 * A takeover's catch-up of a catalog stream whose last message was deleted (an operator's purge of one, a JetStream
 * limit): the stream's last seq names a message no reader is ever given. The catch-up ends at the last message
 * stored (a gap before it is skipped too) and returns the stream's last seq, so the new leader's `leader` record,
 * published expecting that seq, is taken. Before 2026-12-06 the follower waited for the deleted seq until its
 * timeout, and a takeover (which follows the stream again while it holds the lease) waited for ever.
 *
 * Real parts: a three-node nats-server cluster on 127.0.0.1, a leader's CatalogShipper, a standby's CatalogFollower
 * over its own LMDB catalog store, credentials and identity store.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogStore } from '../../src/catalog/index.js';
import { OperatorCredentials } from '../../src/operator/index.js';
import { IdentityStore } from '../../src/providers/index.js';
import { CatalogFollower, type CatalogReplica } from '../../src/replication/catalog-follower.js';
import { CatalogShipper, takeTheCatalogPen } from '../../src/replication/catalog-shipper.js';
import { startLocalCluster, type LocalCluster } from '../../src/replication/local-cluster.js';
import { ensureStream, streamBounds } from '../../src/replication/stream.js';
import { removeDir } from '../support/exchange-fixture.js';

let cluster: LocalCluster;
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;
const dirs: string[] = [];
const names = { stream: 'PATX_CATALOG_DELETED_TAIL', subject: 'patx.test.catalog-deleted-tail' };

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

function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'patx-catalog-deleted-tail-'));
  dirs.push(d);
  return d;
}

describe('a catalog stream whose last message was deleted', () => {
  it("a takeover's catch-up ends at the last message stored, and the new leader's record is taken after the deleted seq", async () => {
    await takeTheCatalogPen(js, names, { node: 'a', epoch: 3, appliedStreamSeq: (await streamBounds(jsm, names.stream)).last });
    const shipper = new CatalogShipper(js, { names, jsm, epoch: 3, retryMs: 20 });
    shipper.start();
    const leader = OperatorCredentials.open(tempDir(), 'bootstrap-token', () => undefined);
    leader.replicateTo(shipper);
    const alice = leader.add('alice', 9, Date.now(), ['moderator']);
    leader.add('bob', 10, Date.now(), ['risk']);
    leader.add('carol', 11, Date.now(), ['risk']);
    await leader.replicated();
    await shipper.stop();

    // The leader record, then the three operator lists: the second (a gap) and the last are deleted.
    const { last } = await streamBounds(jsm, names.stream);
    expect(last).toBe(4);
    expect(await jsm.streams.deleteMessage(names.stream, 3)).toBe(true);
    expect(await jsm.streams.deleteMessage(names.stream, 4)).toBe(true);
    expect(await streamBounds(jsm, names.stream)).toEqual({ first: 1, last: 4, messages: 2 });

    const dir = tempDir();
    const standby: CatalogReplica = { store: CatalogStore.open(dir), credentials: OperatorCredentials.open(dir, 'bootstrap-token', () => undefined), identities: IdentityStore.open(dir) };
    const follower = new CatalogFollower(js, jsm, names, standby);
    await follower.start();
    // Bounded here: before the mend it waited for seq 4 until this ran out (a takeover follows again, for ever).
    const reached = await follower.catchUp(10_000);
    expect(reached).toBe(4);
    expect(standby.store.replicatedStreamSeq()).toBe(2);
    expect(standby.credentials.authenticate(alice)).toMatchObject({ name: 'alice' });
    expect(standby.credentials.list().map((o) => o.name)).toEqual(['admin', 'alice']);

    // The new leader writes after the deleted seq: the stream takes its record.
    await takeTheCatalogPen(js, names, { node: 'b', epoch: 5, appliedStreamSeq: reached });
    expect((await streamBounds(jsm, names.stream)).last).toBe(5);
    await standby.identities.close();
    await standby.store.close();
  }, 60_000);
});
