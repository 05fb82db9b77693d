/**
 * The gateway's idempotency keys (src/gateway/idempotency-keys.ts), alone: what is remembered,
 * for how long, and the bounds that keep one signer, or everyone, from growing the table.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IdempotencyKeyStore } from '../../src/gateway/idempotency-key-store.js';
import { IdempotencyKeys } from '../../src/gateway/idempotency-keys.js';
import { removeDir } from '../support/exchange-fixture.js';

const ok = { status: 201, body: { id: 1 } };

describe('IdempotencyKeys', () => {
  it("remembers a route's answer, refusals included, until its time is up; not one that asks for a retry", () => {
    const keys = new IdempotencyKeys(1_000);
    const a = keys.begin('0xa', 'k', 'POST /x h', 0);
    expect(a.kind).toBe('new');
    if (a.kind === 'new') a.settle({ status: 404, body: { error: 'UNKNOWN_GRANT' } });
    expect(keys.begin('0xa', 'k', 'POST /x h', 999)).toMatchObject({ kind: 'replay', reply: { status: 404, headers: { 'idempotent-replayed': 'true' } } });
    expect(keys.begin('0xa', 'k', 'POST /x h', 1_000).kind).toBe('new'); // expired: runs again
    for (const status of [429, 500, 503]) {
      const b = keys.begin('0xa', `busy-${status}`, 'POST /x h', 0);
      if (b.kind === 'new') b.settle({ status, body: {} });
      expect(keys.begin('0xa', `busy-${status}`, 'POST /x h', 0).kind).toBe('new');
    }
  });

  it('tells a running request, and another request under the key, apart', () => {
    const keys = new IdempotencyKeys();
    const a = keys.begin('0xa', 'k', 'POST /x h1', 0);
    expect(keys.begin('0xa', 'k', 'POST /x h1', 0).kind).toBe('in-flight');
    expect(keys.begin('0xa', 'k', 'POST /x h2', 0).kind).toBe('conflict');
    if (a.kind === 'new') a.abandon();
    expect(keys.begin('0xa', 'k', 'POST /x h2', 0).kind).toBe('new'); // abandoned: free for any request
  });

  it("bounds a signer's keys (its oldest forgotten) and everyone's", () => {
    const keys = new IdempotencyKeys(60_000, 3, 5);
    for (let i = 0; i < 4; i++) {
      const k = keys.begin('0xa', `k${i}`, 'f', 0);
      if (k.kind === 'new') k.settle(ok);
    }
    expect(keys.size).toBe(3);
    expect(keys.begin('0xa', 'k0', 'f', 0).kind).toBe('new'); // forgotten: k0 was the oldest
    expect(keys.begin('0xa', 'k3', 'f', 0).kind).toBe('replay');
    for (let i = 0; i < 3; i++) keys.begin('0xb', `k${i}`, 'f', 0);
    expect(keys.size).toBe(5);
    expect(keys.begin('0xa', 'k2', 'f', 0).kind).toBe('new'); // the table's oldest went to make room
  });

  it("when every slot is taken, the signer holding the most gives one up: many accounts' keys never flush an honest wallet's", () => {
    const keys = new IdempotencyKeys(60_000, 100, 6);
    const honest = keys.begin('0xhonest', 'buy-1', 'POST /v1/purchases h', 0);
    if (honest.kind === 'new') honest.settle(ok);
    // Two wallets (an attacker's, say) use key after key: the table is full after five.
    for (let i = 0; i < 40; i++) {
      const k = keys.begin(i % 2 === 0 ? '0xa' : '0xb', `k${i}`, 'f', 0);
      if (k.kind === 'new') k.settle(ok);
      expect(keys.size).toBeLessThanOrEqual(6);
    }
    // The honest retry is answered, not run again (before: the table's oldest went, the honest one first).
    expect(keys.begin('0xhonest', 'buy-1', 'POST /v1/purchases h', 0).kind).toBe('replay');
    // Each of the two keeps its newest share, and a fresh signer still finds room (taken from the fullest).
    expect(keys.begin('0xa', 'k38', 'f', 0).kind).toBe('replay');
    expect(keys.begin('0xb', 'k39', 'f', 0).kind).toBe('replay');
    expect(keys.begin('0xc', 'one', 'f', 0).kind).toBe('new');
    expect(keys.begin('0xhonest', 'buy-1', 'POST /v1/purchases h', 0).kind).toBe('replay');
  });

  it('takes 1 to 255 visible ASCII characters as a key', () => {
    expect(IdempotencyKeys.validKey('3f0c8a1e-2b7d-4c55-9e0f-8d1b2a3c4d5e')).toBe(true);
    for (const bad of ['', 'a b', 'x'.repeat(256), 'é', 'tab\t']) expect(IdempotencyKeys.validKey(bad)).toBe(false);
  });
});

describe('IdempotencyKeys kept in a store (a real LMDB directory), read again at the next start', () => {
  /** The keys `write` made, read at a start at `nowMs` from the store it left; the store is closed after `read`. */
  async function reopened(dir: string, write: (keys: IdempotencyKeys) => Promise<void>, read: (keys: IdempotencyKeys) => void, nowMs = 0): Promise<void> {
    const first = IdempotencyKeyStore.open(dir);
    await write(new IdempotencyKeys(1_000, 1_000, 100_000, first, 0));
    await first.close(); // the writes before it are committed
    const second = IdempotencyKeyStore.open(dir);
    read(new IdempotencyKeys(1_000, 1_000, 100_000, second, nowMs));
    await second.close();
  }

  it("answers a key's first answer again; a key that was running at the stop is interrupted, never run again", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-keys-'));
    try {
      await reopened(dir, async (k) => {
        const answered = k.begin('0xa', 'answered', 'POST /x h', 0);
        if (answered.kind !== 'new') throw new Error(answered.kind);
        expect(await answered.recorded).toBe(true);
        answered.settle({ status: 201, body: { id: 7 }, headers: { location: '/x/7' }, compressed: new Map() });
        const running = k.begin('0xa', 'running', 'POST /x h', 0);
        if (running.kind !== 'new') throw new Error(running.kind);
        expect(await running.recorded).toBe(true); // the stop comes while its route runs
        const abandoned = k.begin('0xa', 'abandoned', 'POST /x h', 0);
        if (abandoned.kind === 'new') abandoned.abandon();
        const busy = k.begin('0xa', 'busy', 'POST /x h', 0);
        if (busy.kind === 'new') busy.settle({ status: 503, body: {} });
      }, (keys) => {
      expect(keys.begin('0xa', 'answered', 'POST /x h', 10)).toEqual({ kind: 'replay', reply: { status: 201, body: { id: 7 }, headers: { location: '/x/7', 'idempotent-replayed': 'true' } } });
      expect(keys.begin('0xa', 'answered', 'POST /x other', 10).kind).toBe('conflict');
      expect(keys.begin('0xa', 'running', 'POST /x h', 10).kind).toBe('interrupted');
      expect(keys.begin('0xa', 'abandoned', 'POST /x h', 10).kind).toBe('new');
      expect(keys.begin('0xa', 'busy', 'POST /x h', 10).kind).toBe('new');
      expect(keys.begin('0xb', 'answered', 'POST /x h', 10).kind).toBe('new'); // another signer's same key
      });
    } finally {
      removeDir(dir);
    }
  });

  it('forgets keys past their time at the start, and removes them from the store', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-keys-'));
    try {
      await reopened(
        dir,
        async (k) => {
          const a = k.begin('0xa', 'old', 'f', 0);
          if (a.kind === 'new') a.settle(ok);
        },
        (keys) => expect(keys.size).toBe(0),
        1_000,
      );
      const store = IdempotencyKeyStore.open(dir);
      expect(store.load(0)).toEqual([]);
      await store.close();
    } finally {
      removeDir(dir);
    }
  });
});

describe("IdempotencyKeys in a replicated group: the leader's store waits for the group, a standby's takes its writes", () => {
  // Two real LMDB directories; the group's bucket is stood in by a hook that holds each write until released and hands it, as JSON,
  // to the standby's store (the real bucket on real nats-servers: test/replication/catalog-failover.test.ts).
  it('runs a request only once the group holds its key, sends its answer once the group holds it, and the next leader answers alike', async () => {
    const dirs = [mkdtempSync(path.join(os.tmpdir(), 'patx-keys-leader-')), mkdtempSync(path.join(os.tmpdir(), 'patx-keys-standby-'))];
    const leader = IdempotencyKeyStore.open(dirs[0]!);
    const standby = IdempotencyKeyStore.open(dirs[1]!);
    try {
      const held: Array<{ release: () => void; refuse: () => void }> = [];
      leader.replicateTo({
        keyWritten: (write) =>
          new Promise<void>((resolve, reject) => {
            const sent: unknown = JSON.parse(JSON.stringify(write));
            held.push({ release: () => (standby.applyReplicated(sent), resolve()), refuse: () => reject(new Error('no quorum')) });
          }),
      });
      const keys = new IdempotencyKeys(60_000, 1_000, 100_000, leader, 0);
      const settledFlag = { recorded: false, answered: false };
      const a = keys.begin('0xa', 'answered', 'POST /x h', 0);
      if (a.kind !== 'new') throw new Error(a.kind);
      void a.recorded.then(() => (settledFlag.recorded = true));
      await new Promise((r) => setTimeout(r, 20));
      expect(settledFlag.recorded).toBe(false); // committed here, not yet the group's: the request waits
      held.shift()!.release();
      expect(await a.recorded).toBe(true);
      const answer = a.settle({ status: 201, body: { id: 7 } }).then(() => (settledFlag.answered = true));
      await new Promise((r) => setTimeout(r, 20));
      expect(settledFlag.answered).toBe(false); // the answer waits for the group too
      held.shift()!.release();
      await answer;
      const running = keys.begin('0xa', 'running', 'POST /x h', 0);
      if (running.kind !== 'new') throw new Error(running.kind);
      held.shift()!.release();
      expect(await running.recorded).toBe(true);
      const refused = keys.begin('0xa', 'refused', 'POST /x h', 0);
      if (refused.kind !== 'new') throw new Error(refused.kind);
      held.shift()!.refuse();
      expect(await refused.recorded).toBe(false); // the group could not hold it: the request is not run (503, nothing done)
      refused.abandon();
      held.shift()!.release(); // the key forgotten, on the standby too
      const abandoned = keys.begin('0xa', 'abandoned', 'POST /x h', 0);
      if (abandoned.kind !== 'new') throw new Error(abandoned.kind);
      held.shift()!.release();
      abandoned.abandon();
      held.shift()!.release();
      expect(held).toEqual([]);

      await standby.flushed();
      const next = new IdempotencyKeys(60_000, 1_000, 100_000, standby, 10);
      expect(next.begin('0xa', 'answered', 'POST /x h', 10)).toEqual({ kind: 'replay', reply: { status: 201, body: { id: 7 }, headers: { 'idempotent-replayed': 'true' } } });
      expect(next.begin('0xa', 'running', 'POST /x h', 10).kind).toBe('interrupted');
      expect(next.begin('0xa', 'abandoned', 'POST /x h', 10).kind).toBe('new');
      expect(next.begin('0xa', 'refused', 'POST /x h', 10).kind).toBe('new');
    } finally {
      await leader.close();
      await standby.close();
      for (const dir of dirs) removeDir(dir);
    }
  });

  it("refuses a malformed write from the group and keeps nothing of it", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-keys-standby-'));
    const standby = IdempotencyKeyStore.open(dir);
    try {
      const key = { signer: '0xa', fingerprint: 'POST /x h', expiresAtMs: 1_000 };
      for (const bad of [null, {}, { id: 'a', key: { ...key, expiresAtMs: -1 } }, { id: 'a', key: { ...key, reply: { status: 99, body: {} } } }, { id: 'a', key, extra: 1 }, { id: '', key }]) {
        expect(() => standby.applyReplicated(bad)).toThrow();
      }
      standby.applyReplicated({ id: '0xa k', key });
      await standby.flushed();
      expect(standby.load(0)).toEqual([['0xa k', key]]);
    } finally {
      await standby.close();
      removeDir(dir);
    }
  });
});
