/**
 * The gateway's idempotency keys on disk (<dataDir>/idempotency-keys), so that a write retried
 * across a restart of the service is answered as before instead of running twice
 * (src/gateway/idempotency-keys.ts; docs/http-api.md, "Retrying a write"). A key is written,
 * committed, before its request runs, and its answer after: a key found at the next start
 * without an answer is a request the stop interrupted, whose outcome nobody knows.
 *
 * In a replicated group the leader's store tells a hook of every write (`replicateTo`: the
 * keys' bucket, src/replication/idempotency-key-bucket.ts) and a key's write waits for it, so a
 * key is held by the group before its request runs; a standby's store takes them with
 * `applyReplicated`, so a retry sent to the next leader is answered as the first was.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RootDatabase } from 'lmdb';
import { openStore } from '../runtime/lmdb-file.js';
import { z } from 'zod';
import type { HttpReply } from '../http-registry/index.js';

/** What is kept of a key: whose it is, the request it names, its expiry and, once the route answered, the answer. */
export interface StoredKey {
  readonly signer: string;
  readonly fingerprint: string;
  readonly expiresAtMs: number;
  readonly reply?: HttpReply;
}

/** One write of the store, as it is replicated: the key as it now is, `null` once forgotten. */
export interface IdempotencyKeyWrite {
  readonly id: string;
  readonly key: StoredKey | null;
}

export interface IdempotencyKeyReplication {
  /** Told each write right after it is stored here, in order; resolves once the group holds it (rejects if it cannot). */
  keyWritten(write: IdempotencyKeyWrite): Promise<void>;
}

// What a standby accepts from the stream: the shapes above, nothing else (a malformed record is refused, not stored).
const ms = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const replySchema = z.strictObject({ status: z.number().int().min(100).max(599), body: z.unknown(), contentType: z.string().optional(), headers: z.record(z.string(), z.string()).optional() });
const writeSchema = z.strictObject({
  id: z.string().min(1).max(400),
  key: z.strictObject({ signer: z.string().min(1).max(64), fingerprint: z.string().max(65_536), expiresAtMs: ms, reply: replySchema.optional() }).nullable(),
});

export class IdempotencyKeyStore {
  private replication: IdempotencyKeyReplication | undefined;

  private constructor(private readonly db: RootDatabase<StoredKey, string>) {}

  static open(dataDir: string): IdempotencyKeyStore {
    const dir = join(dataDir, 'idempotency-keys');
    mkdirSync(dir, { recursive: true });
    // Committed with an fsync (lmdb's default): the key must outlast a power cut before its request runs.
    return new IdempotencyKeyStore(openStore<StoredKey, string>({ path: dir }));
  }

  /** Every key not expired at `nowMs`, the soonest to expire first; the expired are removed. */
  load(nowMs: number): [string, StoredKey][] {
    const live: [string, StoredKey][] = [];
    for (const { key, value } of this.db.getRange()) {
      if (value.expiresAtMs > nowMs) live.push([key, value]);
      else void this.db.remove(key).catch(() => undefined); // expired here as on every node: not replicated
    }
    return live.sort((a, b) => a[1].expiresAtMs - b[1].expiresAtMs);
  }

  /** Resolves once the key is committed here and, in a replicated group, held by the group. */
  async write(id: string, key: StoredKey): Promise<void> {
    await Promise.all([this.db.put(id, key), this.replication?.keyWritten({ id, key })]);
  }

  /**
   * A key's answer: committed here in the background (lost to a crash, the key reads as interrupted at the
   * next start); resolves once the group holds it, at once without a group (never rejects).
   */
  answered(id: string, key: StoredKey): Promise<void> {
    this.db.put(id, key).catch(() => undefined);
    return this.replication?.keyWritten({ id, key }).catch(() => undefined) ?? Promise.resolve();
  }

  remove(id: string): void {
    // Best effort: a key left behind expires at its time and is removed at a later start.
    this.db.remove(id).catch(() => undefined);
    this.replication?.keyWritten({ id, key: null }).catch(() => undefined);
  }

  /** From now on every write is told to `replication` (the leader's). */
  replicateTo(replication: IdempotencyKeyReplication): void {
    this.replication = replication;
  }

  /** Every key kept here not expired at `nowMs`, as writes (what a group's first leader gives an empty bucket). */
  *allWrites(nowMs: number): Iterable<IdempotencyKeyWrite> {
    for (const { key, value } of this.db.getRange()) if (value.expiresAtMs > nowMs) yield { id: key, key: value };
  }

  /** A write replicated from the leader (a standby's): validated, then stored as the leader stored it. */
  applyReplicated(write: unknown): void {
    const w = writeSchema.parse(write) as IdempotencyKeyWrite;
    if (w.key === null) void this.db.remove(w.id).catch(() => undefined);
    else void this.db.put(w.id, w.key).catch(() => undefined);
  }

  /** Resolves once every write applied so far is committed (a new leader's keys are read after it). */
  flushed(): Promise<void> {
    return this.db.flushed.then(() => undefined);
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
