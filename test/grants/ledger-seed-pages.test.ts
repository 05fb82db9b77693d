/**
 * A grant ledger's seed (src/grants/ledger-seed.ts) past its page size, on real LMDB: a grant with more rows than a
 * seed record carries (SEED_PAGE, 256) and more grants and listings than one read takes, read from one ledger's
 * tables, sent as JSON (as the catalog stream carries it), checked and applied to another's: every row arrives. Applied
 * again, nothing changes; a row the standby holds already (here with a later conformance verdict) is kept as it is.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RootDatabase } from 'lmdb';
import { afterAll, describe, expect, it } from 'vitest';
import type { DecisionNote, DeliveryEvidence, GrantRecord, ListingDelivery, StoredReceipt } from '../../src/grants/grant-record.js';
import { applyGrantSeed, applyListingSeed, grantLedgerSeeds, parseGrantLedgerSeed, SEED_PAGE, type GrantLedgerSeed, type SeedTables } from '../../src/grants/ledger-seed.js';
import { openStore } from '../../src/runtime/lmdb-file.js';
import { removeDir } from '../support/exchange-fixture.js';

const dirs: string[] = [];
const envs: RootDatabase[] = [];
afterAll(async () => {
  for (const env of envs) await env.close();
  for (const d of dirs) removeDir(d);
});

function ledgerTables(): SeedTables {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-seed-pages-'));
  dirs.push(dir);
  const env = openStore({ path: dir, maxDbs: 12, noSync: true }); // a temp dir: no power cut to survive
  envs.push(env);
  return {
    env,
    grants: env.openDB<GrantRecord, number>({ name: 'grants' }),
    receipts: env.openDB<StoredReceipt, [number, string]>({ name: 'receipts' }),
    evidence: env.openDB<DeliveryEvidence, [number, string]>({ name: 'evidence' }),
    reported: env.openDB<number, [number, string, string]>({ name: 'reported' }),
    decisionNotes: env.openDB<DecisionNote, number>({ name: 'decision-notes' }),
    due: env.openDB<true, [number, number, 'lapse' | 'dispute']>({ name: 'due' }),
    listingDelivery: env.openDB<ListingDelivery, number>({ name: 'listing-reliability' }),
  };
}

/** A grant as the journal leaves it on every node: issued, nothing delivered. */
function issued(grantId: number): GrantRecord {
  const grant = { grantId, consumer: '0x' + '11'.repeat(20), provider: '0x' + '22'.repeat(20), listingId: 1 + (grantId % 300), listingVersion: 1, seriesId: 1, windowOpenMs: 0, windowCloseMs: 1, quantity: 1_000, expiresAtMs: 2, nonce: grantId };
  return {
    signed: { grant, signature: '0x' + '33'.repeat(65) },
    domain: { name: 'PATX', version: '1', chainId: 31337, verifyingContract: '0x' + '00'.repeat(20) },
    exerciseId: grantId,
    seq: grantId,
    issuedAtMs: 1,
    consumerAccountId: 2,
    providerAccountId: 3,
    delivered: 0,
    receipts: 0,
    reportedByProvider: 0,
    disputeEndsAtMs: 0,
    undisputed: 0,
    disputed: false,
    counted: 0,
    dueAtMs: 0,
    lapsed: false,
    refusals: 0,
    refusalReasons: [],
  };
}

const receipt = (nonce: string): StoredReceipt => ({ use: 1, nonce, records: 10, sha256: 'ab'.repeat(32), deliverySignature: '0x' + 'cd'.repeat(65), atMs: 5, conformance: 'checking' });
const evidence = (n: number): DeliveryEvidence => ({ kind: 'download', use: 1, records: 10, sha256: 'ef'.repeat(32), deliverySignature: '0x' + '44'.repeat(65), atMs: 6 + n });

const BIG_GRANT = 7;
const BIG_RECEIPTS = 2 * SEED_PAGE + 88;
const BIG_EVIDENCE = SEED_PAGE + 44;
const BIG_REPORTED = SEED_PAGE + 1;
const GRANTS = 2 * SEED_PAGE + 50;
const LISTINGS = SEED_PAGE + 30;

/** The leader's ledger: every grant delivered once, one with rows past two pages, listings past a page. */
async function leaderLedger(): Promise<SeedTables> {
  const t = ledgerTables();
  await t.env.transaction(() => {
    for (let id = 1; id <= GRANTS; id++) {
      const rows = id === BIG_GRANT ? BIG_RECEIPTS : 1;
      void t.grants.put(id, { ...issued(id), delivered: rows, receipts: rows, counted: rows, evidenced: id === BIG_GRANT ? BIG_EVIDENCE : 0 });
      for (let r = 0; r < rows; r++) void t.receipts.put([id, `n-${r}`], receipt(`n-${r}`));
    }
    for (let n = 0; n < BIG_EVIDENCE; n++) void t.evidence.put([BIG_GRANT, `e-${n}`], evidence(n));
    for (let n = 0; n < BIG_REPORTED; n++) void t.reported.put([BIG_GRANT, 'delivered', `r-${n}`], 1);
    void t.decisionNotes.put(BIG_GRANT, { text: 'upheld', operator: 'ops', atMs: 9 });
    for (let l = 1; l <= LISTINGS; l++) void t.listingDelivery.put(l, { delivered: l, undelivered: 0, failed: l % 3 });
  });
  return t;
}

/** A standby's ledger: the same grants from its journal, nothing beside it. */
async function standbyLedger(): Promise<SeedTables> {
  const t = ledgerTables();
  await t.env.transaction(() => {
    for (let id = 1; id <= GRANTS; id++) void t.grants.put(id, issued(id));
  });
  return t;
}

/** The seed as the catalog stream carries it: JSON, checked on arrival. */
async function seedOf(t: SeedTables): Promise<GrantLedgerSeed[]> {
  const out: GrantLedgerSeed[] = [];
  for await (const seed of grantLedgerSeeds(t)) out.push(parseGrantLedgerSeed(JSON.parse(JSON.stringify(seed)) as Record<string, unknown>));
  return out;
}

async function apply(t: SeedTables, seeds: readonly GrantLedgerSeed[]): Promise<string[]> {
  const refused: string[] = [];
  for (const seed of seeds) {
    const outcome = seed.op === 'seed-listing' ? await applyListingSeed(t, seed) : await applyGrantSeed(t, seed, t.grants.get(seed.grantId)!);
    if (!outcome.applied) refused.push(outcome.reason ?? '');
  }
  return refused;
}

/** Every table a seed fills, as plain rows. */
function contents(t: SeedTables): Record<string, unknown[]> {
  const rows = <V,>(db: { getRange(): Iterable<{ key: unknown; value: V }> }): unknown[] => [...db.getRange()].map(({ key, value }) => [key, value]);
  return { grants: rows(t.grants), receipts: rows(t.receipts), evidence: rows(t.evidence), reported: rows(t.reported), notes: rows(t.decisionNotes), due: rows(t.due), listings: rows(t.listingDelivery) };
}

describe("a grant ledger's seed past its page size", () => {
  it('carries every row of a grant with more than 256, every grant and every listing past a page, and applied again changes nothing', async () => {
    const leader = await leaderLedger();
    const seeds = await seedOf(leader);
    const big = seeds.filter((s) => s.op === 'seed-grant' && s.grantId === BIG_GRANT);
    const bigRows = BIG_RECEIPTS + BIG_EVIDENCE + BIG_REPORTED;
    expect(big.length).toBe(Math.ceil(bigRows / SEED_PAGE));
    for (const s of big) if (s.op === 'seed-grant') expect(s.receipts.length + s.evidence.length + s.reported.length).toBeLessThanOrEqual(SEED_PAGE);
    expect(seeds.filter((s) => s.op === 'seed-grant').length).toBe(GRANTS - 1 + big.length);
    expect(seeds.filter((s) => s.op === 'seed-listing').length).toBe(LISTINGS);

    const standby = await standbyLedger();
    expect(await apply(standby, seeds)).toEqual([]);
    const { grants: leaderGrants, ...leaderRows } = contents(leader);
    const { grants: standbyGrants, ...standbyRows } = contents(standby);
    expect(standbyRows).toEqual(leaderRows);
    expect(standbyGrants).toEqual(leaderGrants);

    // Applied again (a standby that resumes before the seed's end): refused or filling nothing, the tables as they were.
    const once = contents(standby);
    await apply(standby, seeds);
    expect(contents(standby)).toEqual(once);
  });

  it('gives a standby that holds less of a delivery (a catalog stream begun before the seed) the seed\'s, and keeps one that holds more', async () => {
    const leader = await leaderLedger();
    const seeds = await seedOf(leader);
    const standby = await standbyLedger();
    // The standby took one of the big grant's receipts and its listing's count from the stream (with its own verdict); not the rest.
    await standby.grants.put(BIG_GRANT, { ...issued(BIG_GRANT), delivered: 1, receipts: 1, counted: 1 });
    await standby.receipts.put([BIG_GRANT, 'n-5'], { ...receipt('n-5'), conformance: 'conforms' });
    const listingId = 1 + (BIG_GRANT % 300);
    await standby.listingDelivery.put(listingId, { delivered: 1, undelivered: 0, failed: 0 });
    expect(await apply(standby, seeds)).toEqual([]);
    expect(standby.grants.get(BIG_GRANT)).toEqual(leader.grants.get(BIG_GRANT));
    expect(standby.receipts.get([BIG_GRANT, 'n-5'])?.conformance).toBe('conforms');
    expect([...standby.receipts.getKeys({ start: [BIG_GRANT, ''], end: [BIG_GRANT + 1, ''] })]).toHaveLength(BIG_RECEIPTS);
    expect(standby.listingDelivery.get(listingId)).toEqual(leader.listingDelivery.get(listingId));

    // A delivery past the seed's (a receipt after it) and counts past it are kept: the seed's records are refused.
    const more = { ...leader.grants.get(BIG_GRANT)!, delivered: BIG_RECEIPTS + 1, receipts: BIG_RECEIPTS + 1, counted: BIG_RECEIPTS + 1 };
    await standby.grants.put(BIG_GRANT, more);
    await standby.listingDelivery.put(listingId, { delivered: 9_999, undelivered: 0, failed: 0 });
    const refused = await apply(standby, seeds.filter((s) => (s.op === 'seed-grant' && s.grantId === BIG_GRANT) || (s.op === 'seed-listing' && s.listingId === listingId)));
    expect(refused).toHaveLength(Math.ceil((BIG_RECEIPTS + BIG_EVIDENCE + BIG_REPORTED) / SEED_PAGE) + 1);
    expect(standby.grants.get(BIG_GRANT)).toEqual(more);
    expect(standby.listingDelivery.get(listingId)?.delivered).toBe(9_999);
  });

  it('keeps a row the standby holds already as it is', async () => {
    const leader = await leaderLedger();
    const seeds = await seedOf(leader);
    const standby = await standbyLedger();
    // The first page of the big grant arrived, then a verdict on one of its receipts (a write after the seed).
    const first = seeds.find((s) => s.op === 'seed-grant' && s.grantId === BIG_GRANT)!;
    expect(await apply(standby, [first])).toEqual([]);
    await standby.receipts.put([BIG_GRANT, 'n-0'], { ...receipt('n-0'), conformance: 'conforms' });
    expect(await apply(standby, seeds)).toEqual([]);
    expect(standby.receipts.get([BIG_GRANT, 'n-0'])?.conformance).toBe('conforms');
    expect(standby.receipts.get([BIG_GRANT, `n-${BIG_RECEIPTS - 1}`])).toEqual(receipt(`n-${BIG_RECEIPTS - 1}`));
  });
});
