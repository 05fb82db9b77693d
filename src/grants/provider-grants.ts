/**
 * A provider's grants read offline from a data directory's grant ledger (`patx redemptions`),
 * and the upgrade of a stored grant to today's shape, which the ledger uses too. A module of its
 * own: the command loads LMDB and nothing of the engine, the gate or the signatures.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../runtime/lmdb-file.js';
import type { GrantRecord } from './grant-record.js';

export const NO_DELIVERY = { delivered: 0, receipts: 0, reportedByProvider: 0, disputeEndsAtMs: 0, undisputed: 0, disputed: false, counted: 0, lapsed: false, refusals: 0, refusalReasons: [] as string[] };

/**
 * A stored grant in today's shape. One stored before receipts has `delivered` as its provider
 * reported it: that is the provider's word (reportedByProvider), and it counts for nothing now.
 */
export function current(r: GrantRecord): GrantRecord {
  if (typeof (r as Partial<GrantRecord>).receipts === 'number') return r;
  return { ...r, ...NO_DELIVERY, reportedByProvider: r.delivered, refusals: r.refusals, refusalReasons: [], dueAtMs: 0 };
}

/** A provider's grants, newest first (read-only: the service may be running). */
export async function readProviderGrants(dataDir: string, providerAccountId: number, limit: number): Promise<GrantRecord[]> {
  const dir = join(dataDir, 'grants');
  if (!existsSync(dir)) return [];
  const env = openStore({ path: dir, maxDbs: 10, readOnly: true });
  try {
    const grants = env.openDB<GrantRecord, number>({ name: 'grants' });
    const byProvider = env.openDB<number, [number, number]>({ name: 'by-provider' });
    const out: GrantRecord[] = [];
    for (const { value: id } of byProvider.getRange({ start: [providerAccountId, Number.MAX_SAFE_INTEGER], end: [providerAccountId, -1], reverse: true })) {
      const r = grants.get(id);
      if (r !== undefined) out.push(current(r));
      if (out.length >= limit) break;
    }
    return out;
  } finally {
    await env.close();
  }
}
