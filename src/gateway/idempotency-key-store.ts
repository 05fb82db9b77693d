/**
 * The gateway's idempotency keys on disk (<dataDir>/idempotency-keys), so that a write retried
 * across a restart of the service is answered as before instead of running twice
 * (src/gateway/idempotency-keys.ts; docs/http-api.md, "Retrying a write"). A key is written,
 * committed, before its request runs, and its answer after: a key found at the next start
 * without an answer is a request the stop interrupted, whose outcome nobody knows.
 *
 * The node's own: a standby has its own data directory, so a failover forgets the keys (as it
 * forgets the nonces of signed requests, which are refused across a restart anyway).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { open, type RootDatabase } from 'lmdb';
import type { HttpReply } from '../http-registry/index.js';

/** What is kept of a key: whose it is, the request it names, its expiry and, once the route answered, the answer. */
export interface StoredKey {
  readonly signer: string;
  readonly fingerprint: string;
  readonly expiresAtMs: number;
  readonly reply?: HttpReply;
}

export class IdempotencyKeyStore {
  private constructor(private readonly db: RootDatabase<StoredKey, string>) {}

  static open(dataDir: string): IdempotencyKeyStore {
    const dir = join(dataDir, 'idempotency-keys');
    mkdirSync(dir, { recursive: true });
    // Committed with an fsync (lmdb's default): the key must outlast a power cut before its request runs.
    return new IdempotencyKeyStore(open<StoredKey, string>({ path: dir }));
  }

  /** Every key not expired at `nowMs`, the soonest to expire first; the expired are removed. */
  load(nowMs: number): [string, StoredKey][] {
    const live: [string, StoredKey][] = [];
    for (const { key, value } of this.db.getRange()) {
      if (value.expiresAtMs > nowMs) live.push([key, value]);
      else this.remove(key);
    }
    return live.sort((a, b) => a[1].expiresAtMs - b[1].expiresAtMs);
  }

  /** Resolves once the key is committed. */
  async write(id: string, key: StoredKey): Promise<void> {
    await this.db.put(id, key);
  }

  remove(id: string): void {
    // Best effort: a key left behind expires at its time and is removed at a later start.
    this.db.remove(id).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
