/**
 * An account's grants paged after a cursor read each key of its index about once (src/grants/grant-pages.ts). Until
 * 2026-12-06 every page counted all the account's keys and skipped its offset, so washing's take-back and rating
 * eligibility read a consumer's n grants at about n²/1,000 key visits on the engine's thread (an outside audit).
 *
 * Real parts: a GrantLedger on LMDB in the temp folder, over a recovered (empty) engine, its 3,000 grants written
 * through its own write (the one that keeps the account indexes); the real washing guard on real wallet links. The
 * keys read are counted on the consumer index itself: every range read of it (what it yields, what its offset
 * skips, what a count visits).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database, RangeOptions } from 'lmdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rightsReceived } from '../../src/catalog/rating-eligibility.js';
import { Journal, recover } from '../../src/engine/index.js';
import { GRANT_DOMAIN_NAME, GRANT_DOMAIN_VERSION, GrantSigner, ZERO_ADDRESS } from '../../src/grants/grant.js';
import { GrantError, type GrantRecord } from '../../src/grants/index.js';
import { MAX_GRANTS_COUNTED, MAX_GRANTS_OFFSET } from '../../src/grants/grant-pages.js';
import { GrantLedger } from '../../src/grants/ledger.js';
import { NO_DELIVERY } from '../../src/grants/provider-grants.js';
import { WalletLinks, WashGuard } from '../../src/washing/index.js';
import { removeDir } from '../support/exchange-fixture.js';

const N = 3_000;
const CONSUMER = 7;
const NEIGHBOURS = [6, 8]; // the accounts on either side in the index: their keys must never be read as the consumer's
const BUSY = 9;
const PROVIDER = 3;
const OTHER_PROVIDER = 4;
const LISTING = 11;
/** Grants per exercise: grant id g is of exercise ceil(g / 3). */
const PER_EXERCISE = 3;

let dir: string;
let journal: Journal;
let ledger: GrantLedger;
let links: WalletLinks;
/** Keys of the consumer index visited since the last reset. */
let keysRead = 0;

/** The consumer's grant ids, oldest first (every fourth grant id is a neighbour's). */
const mine: number[] = [];

function record(grantId: number, consumerAccountId: number): GrantRecord {
  const providerAccountId = grantId % 10 === 0 ? PROVIDER : OTHER_PROVIDER;
  const grant = { grantId, consumer: ZERO_ADDRESS, provider: ZERO_ADDRESS, listingId: LISTING, listingVersion: 1, seriesId: 1, windowOpenMs: 0, windowCloseMs: 1, quantity: 2, expiresAtMs: 2, nonce: grantId };
  return {
    signed: { grant, signature: '0x' },
    domain: ledger.signer.domain,
    exerciseId: Math.ceil(grantId / PER_EXERCISE),
    seq: grantId,
    issuedAtMs: 1_000,
    consumerAccountId,
    providerAccountId,
    ...NO_DELIVERY,
    counted: providerAccountId === PROVIDER ? 2 : 0,
    dueAtMs: 0,
  };
}

/** What lmdb's range has and its types do not declare: the function its iterator and its count call. */
interface Iterating {
  iterate(...args: unknown[]): unknown;
}

/** Counts every key a range read of `index` visits: those it yields, those its offset skips, those a count visits. */
function countKeysRead(index: Database<number, [number, number]>): void {
  const getRange = index.getRange.bind(index);
  index.getRange = (options?: RangeOptions) => {
    const range = getRange(options);
    keysRead += options?.offset ?? 0;
    const inner = range as unknown as Iterating;
    const iterate = inner.iterate.bind(range);
    // lmdb's count (getKeysCount) is this range's iterate answering a number; a read is an iterator of entries.
    inner.iterate = (...args: unknown[]) => {
      const out = iterate(...args);
      if (typeof out === 'number') {
        keysRead += out;
        return out;
      }
      const it = out as Iterator<unknown>;
      return {
        next: (...a: [] | [unknown]) => {
          const step = it.next(...a);
          if (step.done !== true) keysRead++;
          return step;
        },
        return: (value?: unknown) => it.return?.(value) ?? { done: true, value },
        throw: (e?: unknown) => it.throw?.(e) ?? { done: true, value: undefined },
        [Symbol.iterator]() {
          return this;
        },
      };
    };
    return range;
  };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-grant-pages-'));
  journal = Journal.open(dir, { durability: 'commit' });
  const { engine } = recover(journal);
  const signer = new GrantSigner('0x' + '42'.repeat(32), { name: GRANT_DOMAIN_NAME, version: GRANT_DOMAIN_VERSION, chainId: 31337, verifyingContract: ZERO_ADDRESS });
  ledger = GrantLedger.open({ dataDir: dir, engine, signer, clock: () => 1_000, disputeMs: 3_600_000 });
  const records: GrantRecord[] = [];
  for (let id = 1; id <= N + N / 3; id++) {
    const consumer = id % 4 === 0 ? NEIGHBOURS[id % 8 === 0 ? 0 : 1]! : CONSUMER;
    if (consumer === CONSUMER) mine.push(id);
    records.push(record(id, consumer));
  }
  expect(mine).toHaveLength(N);
  // A busy account past the count's cap: twice MAX_GRANTS_COUNTED grants, after everyone else's ids.
  for (let k = 1; k <= 2 * MAX_GRANTS_COUNTED; k++) records.push(record(N + N / 3 + k, BUSY));
  // The ledger's own write of a turn's grants (the only writer of its account indexes).
  (ledger as unknown as { save(records: GrantRecord[]): void }).save(records);
  countKeysRead((ledger as unknown as { byConsumer: Database<number, [number, number]> }).byConsumer);
  links = WalletLinks.open(path.join(dir, 'washing'));
});

afterAll(async () => {
  await links.close();
  await ledger.close();
  journal.close();
  removeDir(dir);
});

describe("an account's grants after a cursor", () => {
  it('pages through 3,000 grants: each once, newest first, about one key read a grant', async () => {
    keysRead = 0;
    const seen: number[] = [];
    let pages = 0;
    let after: number | undefined;
    do {
      const page = await ledger.grantsBefore('consumer', CONSUMER, after, 100);
      pages++;
      seen.push(...page.grants.map((r) => r.signed.grant.grantId));
      expect(page.grants.every((r) => r.consumerAccountId === CONSUMER)).toBe(true);
      after = page.next;
      if (after !== undefined) expect(after).toBe(seen.at(-1));
    } while (after !== undefined);
    expect(seen).toEqual([...mine].reverse());
    expect(pages).toBe(N / 100);
    // Each page reads its 100 keys and one more (whether a page follows). By offset with a count: 136,500.
    expect(keysRead).toBeGreaterThanOrEqual(N);
    expect(keysRead).toBeLessThanOrEqual(N + pages);
  });

  it("washing's take-back reads each of the consumer's grants once and takes back every counted one of the pair", async () => {
    const wallets = new Map<number, string>([[CONSUMER, '0x' + 'c1'.repeat(20)], [PROVIDER, '0x' + 'a1'.repeat(20)]]);
    const guard = new WashGuard(links, { addressOf: (id) => wallets.get(id), accountOf: (a) => [...wallets].find(([, w]) => w === a)?.[0] }, { commonAddresses: [], clock: () => 1_000 });
    guard.attach(ledger, { listingsOf: () => [], excludeRating: () => false });
    const consumer = wallets.get(CONSUMER)!;
    const provider = wallets.get(PROVIDER)!;
    await links.add([{ from: consumer, to: provider, ref: `0x${'01'.repeat(32)}:0`, blockNumber: 1 }]);
    keysRead = 0;
    const counted = mine.filter((id) => id % 10 === 0);
    expect(await guard.linksAdded([consumer, provider])).toEqual({ grants: counted.length, ratings: 0 });
    // 3 pages of 1,000 (each one key more): by offset with a count, 15,000 (n²/1,000 as n grows).
    expect(keysRead).toBeLessThanOrEqual(N + 3);
    for (const id of counted) expect((await ledger.get(id))?.notCountedForListing).toMatchObject({ reason: 'washing' });
    await guard.flushed();
  });

  it("rating eligibility sums the listing's rights over every grant, reading each key once", async () => {
    keysRead = 0;
    expect(await rightsReceived(ledger, CONSUMER, LISTING)).toBe(2 * N);
    expect(keysRead).toBeLessThanOrEqual(N + 3);
  });

  it("one exercise's grants: found without walking the newer ones, and paged after a cursor", async () => {
    keysRead = 0;
    const oldest = await ledger.grantsBefore('consumer', CONSUMER, undefined, 2, 1); // exercise 1: grants 1, 2, 3
    expect(oldest.grants.map((r) => r.signed.grant.grantId)).toEqual([3, 2]);
    expect(oldest.next).toBe(2);
    // A bisection over ids (a key and its grant a step), not a walk down the 2,999 newer: 1 + 2 × log2(4,000) at most.
    expect(keysRead).toBeLessThanOrEqual(30);
    const rest = await ledger.grantsBefore('consumer', CONSUMER, oldest.next, 2, 1);
    expect([rest.grants.map((r) => r.signed.grant.grantId), rest.next]).toEqual([[1], undefined]);
    const byOffset = await ledger.grantsOf('consumer', CONSUMER, 1, 10, 1);
    expect([byOffset.total, byOffset.grants.map((r) => r.signed.grant.grantId)]).toEqual([3, [2, 1]]);
    // Exercise 2 (grants 4, 5, 6): grant 4 is a neighbour's.
    expect((await ledger.grantsBefore('consumer', CONSUMER, undefined, 10, 2)).grants.map((r) => r.signed.grant.grantId)).toEqual([6, 5]);
    expect(await ledger.grantsBefore('consumer', CONSUMER, undefined, 10, N * 2)).toEqual({ grants: [], next: undefined });
  });

  it('by offset: the total (counted up to 10,000) and the next cursor, an offset past 10,000 refused with what to do instead', async () => {
    const page = await ledger.grantsOf('consumer', CONSUMER, 5, 3);
    expect([page.total, page.grants.map((r) => r.signed.grant.grantId), page.next]).toEqual([N, [...mine].reverse().slice(5, 8), [...mine].reverse()[7]]);
    expect(page).not.toHaveProperty('totalCapped');
    // Past the cap the count stops (a million keys counted held the engine's thread ~35 ms a page): "more than 10,000".
    keysRead = 0;
    const busy = await ledger.grantsOf('consumer', BUSY, 0, 3);
    expect([busy.total, busy.totalCapped, busy.grants.length]).toEqual([MAX_GRANTS_COUNTED, true, 3]);
    expect(keysRead).toBeLessThanOrEqual(MAX_GRANTS_COUNTED + 5); // counted in full: 20,004
    expect((await ledger.grantsOf('consumer', BUSY, MAX_GRANTS_OFFSET, 3)).grants).toHaveLength(3);
    const last = await ledger.grantsOf('consumer', CONSUMER, N - 2, 3);
    expect([last.grants.length, last.next]).toEqual([2, undefined]);
    expect((await ledger.grantsOf('consumer', CONSUMER, MAX_GRANTS_OFFSET, 3)).grants).toEqual([]);
    const refusal = await ledger.grantsOf('consumer', CONSUMER, MAX_GRANTS_OFFSET + 1, 3).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(GrantError);
    expect(refusal).toMatchObject({ code: 'OFFSET_TOO_DEEP', message: expect.stringContaining('before=') });
  });
});
