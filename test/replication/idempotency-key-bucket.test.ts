/**
 * Signed writes' idempotency keys through the group's key bucket (src/replication/idempotency-key-bucket.ts) on a
 * real three-node nats-server cluster (R3) on 127.0.0.1, with real LMDB key stores for a leader and a standby:
 * - the leader's request runs once the bucket holds its key, its answer is held before it is sent; the standby's
 *   watch takes every write, and after its takeover its keys answer as the leader's did (a replay, an interrupted
 *   request, a forgotten key free again);
 * - an empty bucket is seeded with a node's keys, many in flight at once;
 * - a deposed leader's key is refused (its request is not run);
 * - the bucket is bounded and drops its oldest writes, never refusing a new key.
 * (Through a real failover of two PATX processes: test/replication/catalog-failover.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { DiscardPolicy } from '@nats-io/jetstream';
import { IdempotencyKeyStore } from '../../src/gateway/idempotency-key-store.js';
import { IdempotencyKeys } from '../../src/gateway/idempotency-keys.js';
import { replicationConfigSchema } from '../../src/replication/config.js';
import { IdempotencyKeyFollower, IdempotencyKeyShipper, openIdempotencyKeyBucket, takeOverIdempotencyKeys } from '../../src/replication/idempotency-key-bucket.js';
import { createLogger } from '../../src/runtime/log.js';
import { natsTestbed } from '../support/nats-testbed.js';

const bed = natsTestbed('patx-key-bucket-');
const log = createLogger('silent');
const config = (bucket: string, maxBytes?: number) =>
  replicationConfigSchema.parse({ enabled: true, servers: bed.cluster.servers, idempotencyKeyBucket: bucket, ...(maxBytes === undefined ? {} : { idempotencyKeyBucketMaxBytes: maxBytes }) });

function begun(keys: IdempotencyKeys, key: string, nowMs = 0) {
  const k = keys.begin('0xa', key, 'POST /v1/organisations h', nowMs);
  if (k.kind !== 'new') throw new Error(`${key}: ${k.kind}`);
  return k;
}

describe('the idempotency key bucket', () => {
  it("a standby's store follows the leader's; after its takeover a retry is answered as the leader answered it", async () => {
    const c = config('keys_takeover');
    const leaderStore = IdempotencyKeyStore.open(bed.tempDir());
    const standbyStore = IdempotencyKeyStore.open(bed.tempDir());
    const kv = await openIdempotencyKeyBucket(bed.nc, bed.jsm, c);
    const follower = await IdempotencyKeyFollower.start(await openIdempotencyKeyBucket(bed.nc, bed.jsm, c), standbyStore, log);
    const shipper = new IdempotencyKeyShipper(kv);
    leaderStore.replicateTo(shipper);
    try {
      const leader = new IdempotencyKeys(60_000, 1_000, 100_000, leaderStore, 0);
      const answered = begun(leader, 'answered');
      expect(await answered.recorded).toBe(true);
      await answered.settle({ status: 201, body: { organisationId: 7 } });
      const running = begun(leader, 'running');
      expect(await running.recorded).toBe(true); // the leader dies while its route runs
      const refused = begun(leader, 'refused-before-the-route');
      expect(await refused.recorded).toBe(true);
      refused.abandon();
      const busy = begun(leader, 'busy');
      expect(await busy.recorded).toBe(true);
      await busy.settle({ status: 503, body: { error: 'SERVER_BUSY' } });

      const before = await bed.jsm.streams.info(`KV_${c.idempotencyKeyBucket}`);
      expect(before.config).toMatchObject({ discard: DiscardPolicy.Old, max_bytes: 2 ** 30, num_replicas: 3, max_msgs_per_subject: 1 });
      shipper.stop('deposed'); // the old leader is gone; the standby takes over
      await takeOverIdempotencyKeys(follower, standbyStore, log);
      const next = new IdempotencyKeys(60_000, 1_000, 100_000, standbyStore, 10);
      expect(next.begin('0xa', 'answered', 'POST /v1/organisations h', 10)).toEqual({ kind: 'replay', reply: { status: 201, body: { organisationId: 7 }, headers: { 'idempotent-replayed': 'true' } } });
      expect(next.begin('0xa', 'answered', 'POST /v1/organisations other', 10).kind).toBe('conflict');
      expect(next.begin('0xa', 'running', 'POST /v1/organisations h', 10).kind).toBe('interrupted');
      expect(next.begin('0xa', 'refused-before-the-route', 'POST /v1/organisations h', 10).kind).toBe('new');
      expect(next.begin('0xa', 'busy', 'POST /v1/organisations h', 10).kind).toBe('new');
      expect(follower.refused).toBe(0);
    } finally {
      await follower.stop();
      await leaderStore.close();
      await standbyStore.close();
    }
  }, 60_000);

  it("the group's first leader gives an empty bucket the keys it kept (replication just turned on), not the expired", async () => {
    const c = config('keys_seed');
    const first = IdempotencyKeyStore.open(bed.tempDir());
    const other = IdempotencyKeyStore.open(bed.tempDir());
    try {
      const before = new IdempotencyKeys(60_000, 1_000, 100_000, first, 0); // the node alone, before replication
      await begun(before, 'live', Date.now()).settle({ status: 201, body: { organisationId: 3 } });
      await first.write('0xa expired', { signer: '0xa', fingerprint: 'f', expiresAtMs: 1 });
      await first.flushed();
      await takeOverIdempotencyKeys(await IdempotencyKeyFollower.start(await openIdempotencyKeyBucket(bed.nc, bed.jsm, c), first, log), first, log);
      const follower = await IdempotencyKeyFollower.start(await openIdempotencyKeyBucket(bed.nc, bed.jsm, c), other, log);
      expect(await follower.catchUp()).toEqual({ whole: true, empty: false });
      expect(other.load(Date.now()).map(([id]) => id)).toEqual(['0xa live']);
      expect(other.load(0).map(([id]) => id)).toEqual(['0xa live']); // the expired one never went
    } finally {
      await first.close();
      await other.close();
    }
  }, 30_000);

  it('seeds many keys with puts in flight together, and a follower catches up with every one', async () => {
    const c = config('keys_seed_many');
    const other = IdempotencyKeyStore.open(bed.tempDir());
    try {
      const later = Date.now() + 3_600_000;
      const writes = Array.from({ length: 300 }, (_, i) => ({ id: `0xa k${i}`, key: { signer: '0xa', fingerprint: `f${i}`, expiresAtMs: later } }));
      expect(await new IdempotencyKeyShipper(await openIdempotencyKeyBucket(bed.nc, bed.jsm, c)).seed(writes)).toBe(300);
      const follower = await IdempotencyKeyFollower.start(await openIdempotencyKeyBucket(bed.nc, bed.jsm, c), other, log);
      expect(await follower.catchUp()).toEqual({ whole: true, empty: false });
      expect(other.load(Date.now()).length).toBe(300);
    } finally {
      await other.close();
    }
  }, 30_000);

  it("a deposed leader's key is refused: its request is not run", async () => {
    const store = IdempotencyKeyStore.open(bed.tempDir());
    const shipper = new IdempotencyKeyShipper(await openIdempotencyKeyBucket(bed.nc, bed.jsm, config('keys_deposed')));
    store.replicateTo(shipper);
    try {
      const keys = new IdempotencyKeys(60_000, 1_000, 100_000, store, 0);
      expect(await begun(keys, 'before').recorded).toBe(true);
      shipper.stop('lost the lease');
      expect(await begun(keys, 'after').recorded).toBe(false);
    } finally {
      await store.close();
    }
  }, 30_000);

  it('drops its oldest writes beyond its bytes, and never refuses a new key', async () => {
    const c = config('keys_bounded', 64 * 1024);
    const kv = await openIdempotencyKeyBucket(bed.nc, bed.jsm, c);
    const shipper = new IdempotencyKeyShipper(kv);
    const key = { signer: '0xa', fingerprint: `POST /v1/organisations ${'h'.repeat(200)}`, expiresAtMs: 1_000 };
    for (let i = 0; i < 1_000; i++) await shipper.keyWritten({ id: `0xa k${i}`, key }); // ~300 KB of writes into 64 KiB: none refused
    const { state } = await bed.jsm.streams.info(`KV_${c.idempotencyKeyBucket}`);
    expect(state.bytes).toBeLessThanOrEqual(64 * 1024);
    expect(state.messages).toBeLessThan(1_000);
    expect(state.last_seq).toBe(1_000);
  }, 60_000);
});
