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
import { describe, expect, it } from 'vitest';
import { CatalogStore } from '../../src/catalog/index.js';
import { OperatorCredentials } from '../../src/operator/index.js';
import { IdentityStore } from '../../src/providers/index.js';
import { CatalogFollower, type CatalogReplica } from '../../src/replication/catalog-follower.js';
import { CatalogShipper, takeTheCatalogPen } from '../../src/replication/catalog-shipper.js';
import { streamBounds } from '../../src/replication/stream.js';
import { natsTestCluster } from '../support/nats-test-cluster.js';

const names = { stream: 'PATX_CATALOG_DELETED_TAIL', subject: 'patx.test.catalog-deleted-tail' };
const nats = natsTestCluster({ tempPrefix: 'patx-catalog-deleted-tail-', stream: names });

describe('a catalog stream whose last message was deleted', () => {
  it("a takeover's catch-up ends at the last message stored, and the new leader's record is taken after the deleted seq", async () => {
    await takeTheCatalogPen(nats.js, names, { node: 'a', epoch: 3, appliedStreamSeq: (await streamBounds(nats.jsm, names.stream)).last });
    const shipper = new CatalogShipper(nats.js, { names, jsm: nats.jsm, epoch: 3, retryMs: 20 });
    shipper.start();
    const leader = OperatorCredentials.open(nats.tempDir(), 'bootstrap-token', () => undefined);
    leader.replicateTo(shipper);
    const alice = leader.add('alice', 9, Date.now(), ['moderator']);
    leader.add('bob', 10, Date.now(), ['risk']);
    leader.add('carol', 11, Date.now(), ['risk']);
    await leader.replicated();
    await shipper.stop();

    // The leader record, then the three operator lists: the second (a gap) and the last are deleted.
    const { last } = await streamBounds(nats.jsm, names.stream);
    expect(last).toBe(4);
    expect(await nats.jsm.streams.deleteMessage(names.stream, 3)).toBe(true);
    expect(await nats.jsm.streams.deleteMessage(names.stream, 4)).toBe(true);
    expect(await streamBounds(nats.jsm, names.stream)).toEqual({ first: 1, last: 4, messages: 2 });

    const dir = nats.tempDir();
    const standby: CatalogReplica = { store: CatalogStore.open(dir), credentials: OperatorCredentials.open(dir, 'bootstrap-token', () => undefined), identities: IdentityStore.open(dir) };
    const follower = new CatalogFollower(nats.js, nats.jsm, names, standby);
    await follower.start();
    // Bounded here: before the mend it waited for seq 4 until this ran out (a takeover follows again, for ever).
    const reached = await follower.catchUp(10_000);
    expect(reached).toBe(4);
    expect(standby.store.replicatedStreamSeq()).toBe(2);
    expect(standby.credentials.authenticate(alice)).toMatchObject({ name: 'alice' });
    expect(standby.credentials.list().map((o) => o.name)).toEqual(['admin', 'alice']);

    // The new leader writes after the deleted seq: the stream takes its record.
    await takeTheCatalogPen(nats.js, names, { node: 'b', epoch: 5, appliedStreamSeq: reached });
    expect((await streamBounds(nats.jsm, names.stream)).last).toBe(5);
    await standby.identities.close();
    await standby.store.close();
  }, 60_000);
});
