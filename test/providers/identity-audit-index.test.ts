/**
 * One provider's identity history is read by its own index (src/providers/identity-store.ts): the provider's page and
 * every payout statement (its held payouts, `verifiedAt`) read it, and it was found by reading every provider's audit
 * rows. Real LMDB; a store written before the index gets it at open.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/runtime/lmdb-file.js';
import { IdentityStore, type IdentityAuditEntry, type ProviderIdentity } from '../../src/providers/identity-store.js';

let dataDir = '';
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'patx-identity-index-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const PROVIDERS = 40;

/** Three rows a provider, the providers' rows interleaved (as operators verify, screen and revoke over time). */
function writeHistory(store: IdentityStore): void {
  for (const action of ['verify', 'screen', 'revoke'] as const) {
    for (let accountId = 1; accountId <= PROVIDERS; accountId++) {
      // Only the audit rows are read here: the record is the least the store keeps of one.
      const record = { accountId, verified: action !== 'revoke' } as ProviderIdentity;
      store.write(record, { atMs: 1_000 * accountId, operator: 'ops', accountId, action, reason: action, changes: [] });
    }
  }
}

/** Counts the audit rows the store reads (getRange entries and gets) while `read` runs. */
function rowsRead(store: IdentityStore, read: () => IdentityAuditEntry[]): { rows: IdentityAuditEntry[]; read: number } {
  const db = (store as unknown as { auditRows: { getRange: (o: object) => Iterable<unknown>; get: (k: number) => unknown } }).auditRows;
  const { getRange, get } = db;
  let count = 0;
  db.getRange = function (this: unknown, o: object) {
    const range = getRange.call(this, o) as unknown as { map: (f: (e: unknown) => unknown) => Iterable<unknown> };
    return range.map((e) => (count++, e));
  };
  db.get = function (this: unknown, k: number) {
    count++;
    return get.call(this, k);
  };
  try {
    return { rows: read(), read: count };
  } finally {
    db.getRange = getRange;
    db.get = get;
  }
}

describe("a provider's identity history", () => {
  it('is read by its own index: its rows, in order, and no other provider\'s', async () => {
    const store = IdentityStore.open(dataDir);
    writeHistory(store);
    const { rows, read } = rowsRead(store, () => store.audit(1, 1_000, 7));
    expect(rows.map((r) => [r.accountId, r.action])).toEqual([[7, 'verify'], [7, 'screen'], [7, 'revoke']]);
    expect(read).toBe(3);
    expect(store.audit(rows[1]!.id, 1, 7).map((r) => r.action)).toEqual(['screen']); // from an id, at most `limit`
    expect(store.audit(1, 5, undefined).map((r) => r.accountId)).toEqual([1, 2, 3, 4, 5]);
    expect(store.verifiedAt(7)(7_000)).toBe(false); // revoked at its time: the rows verifiedAt reads are its own
    await (store as unknown as { env: { close(): Promise<void> } }).env.close();
  });

  it('is built at open for a store written before the index', async () => {
    const store = IdentityStore.open(dataDir);
    writeHistory(store);
    await (store as unknown as { env: { close(): Promise<void> } }).env.close();
    // As a store written before the index was: no index rows, no version.
    const env = openStore({ path: join(dataDir, 'providers'), maxDbs: 3 });
    const index = env.openDB({ name: 'audit-by-account' });
    await index.clearAsync();
    await env.close();

    const reopened = IdentityStore.open(dataDir);
    expect(reopened.audit(1, 1_000, 40).map((r) => [r.accountId, r.action])).toEqual([[40, 'verify'], [40, 'screen'], [40, 'revoke']]);
    await (reopened as unknown as { env: { close(): Promise<void> } }).env.close();
  });
});
