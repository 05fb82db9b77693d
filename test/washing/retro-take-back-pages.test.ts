/**
 * A relation found later takes back every grant of the pair that counted, not only those among the
 * consumer's newest 1,000 (an outside audit, 2026-12-06). The guard read one page of the consumer's
 * grants (RETRO_GRANTS_READ, newest first) and stopped: a washer whose receipted grant was followed
 * by 1,000 others (one-right exercises, or a subscription's webhook deliveries, a grant each) kept
 * it counting for the listing after it sent its PAT on to the provider's wallet.
 *
 * Real wallet links (LMDB in the temp folder) and the real guard; the ledger is the guard's
 * WashLedger over records in memory, paged as GrantLedger.grantsBefore pages (newest first, after the cursor: the last
 * grant id of the page before; the next page's cursor when a grant follows).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GrantRecord, NotCounted } from '../../src/grants/index.js';
import { WalletLinks, WashGuard, type WashLedger } from '../../src/washing/index.js';
import { removeDir } from '../support/exchange-fixture.js';

const CONSUMER = 7;
const PROVIDER = 3;
const OTHER_PROVIDER = 4;
const wallets = new Map<number, string>([
  [CONSUMER, '0x' + 'c1'.repeat(20)],
  [PROVIDER, '0x' + 'a1'.repeat(20)],
  [OTHER_PROVIDER, '0x' + 'b1'.repeat(20)],
]);

interface Row {
  grantId: number;
  providerAccountId: number;
  listingId: number;
  counted: number;
  notCountedForListing?: NotCounted;
}

/** A grant record as the guard reads it (the fields it looks at). */
function record(r: Row): GrantRecord {
  const shape = { consumerAccountId: CONSUMER, providerAccountId: r.providerAccountId, counted: r.counted, notCountedForListing: r.notCountedForListing, signed: { grant: { grantId: r.grantId, listingId: r.listingId } } };
  return shape as unknown as GrantRecord;
}

class PagedLedger implements WashLedger {
  /** Oldest first. */
  readonly rows: Row[] = [];
  async grantsBefore(_who: 'consumer', accountId: number, after: number | undefined, limit: number): Promise<{ grants: GrantRecord[]; next: number | undefined }> {
    const mine = this.rows.filter((r) => accountId === CONSUMER && (after === undefined || r.grantId < after)).reverse();
    const page = mine.slice(0, limit);
    return { grants: page.map(record), next: mine.length > limit ? page.at(-1)!.grantId : undefined };
  }
  async excludeFromListing(grantId: number, notCounted: NotCounted): Promise<GrantRecord | undefined> {
    const r = this.rows.find((x) => x.grantId === grantId);
    if (r === undefined || r.notCountedForListing !== undefined) return undefined;
    r.notCountedForListing = notCounted;
    return record(r);
  }
}

let dir: string;
let links: WalletLinks;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-washing-pages-'));
  links = WalletLinks.open(dir);
});

afterAll(async () => {
  await links.close();
  removeDir(dir);
});

describe('a relation found later', () => {
  it("takes back the pair's receipted grant behind 1,500 newer grants of the consumer's", async () => {
    const ledger = new PagedLedger();
    ledger.rows.push({ grantId: 1, providerAccountId: PROVIDER, listingId: 1, counted: 2 });
    for (let id = 2; id <= 1_501; id++) ledger.rows.push({ grantId: id, providerAccountId: OTHER_PROVIDER, listingId: 2, counted: 0 });
    const accounts = { addressOf: (id: number) => wallets.get(id), accountOf: (a: string) => [...wallets].find(([, w]) => w === a)?.[0] };
    const guard = new WashGuard(links, accounts, { commonAddresses: [], clock: () => 1_000 });
    guard.attach(ledger, { listingsOf: () => [], excludeRating: () => false });

    const consumer = wallets.get(CONSUMER)!;
    const provider = wallets.get(PROVIDER)!;
    await links.add([{ from: consumer, to: provider, ref: `0x${'01'.repeat(32)}:0`, blockNumber: 1 }]);
    expect(await guard.linksAdded([consumer, provider])).toEqual({ grants: 1, ratings: 0 });
    expect(ledger.rows[0]!.notCountedForListing).toMatchObject({ reason: 'washing' });
    // Again: nothing more to take back.
    expect(await guard.linksAdded([consumer, provider])).toEqual({ grants: 0, ratings: 0 });
    await guard.flushed();
  });
});
