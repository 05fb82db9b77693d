/**
 * The grant ledger's seed: what a ledger keeps beside the journal (each grant's delivery, its receipts, the provider's
 * reports and their evidence, the operator's decision note, each listing's delivery counts), as the records the first
 * leader on an empty catalog stream ships before any write of its own (docs/replication.md, "The catalog stream"). A
 * group whose catalog stream is new (upgrading from a version before it, or the stream reset) keeps on every node
 * what its leader took before.
 *
 * Not the updates that made them (the gate requests a report carried are not kept): the state they left. A standby
 * fills with it only what it holds nothing of (a grant with no delivery here, or the very delivery the seed carries,
 * whose rows then come in further records; a listing with no counts here), or less of (each count no larger, one
 * smaller: a catalog stream that began before the seed carried some of a grant's receipts, not those before), and
 * never changes a row it holds, so a seed applied again, or after the writes that followed it, changes nothing. Read a
 * bounded page at a time, the event loop given back between pages.
 */
import type { Database, Key, RootDatabase, Transaction } from 'lmdb';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { DecisionNote, DeliveryEvidence, GrantRecord, ListingDelivery, StoredReceipt } from './grant-record.js';
import { GrantLedgerWriteError } from './ledger-replication.js';
import { current } from './provider-grants.js';
import { parseSeedEvidence, parseSeedReceipt } from './ledger-seed-rows.js';

/** A grant's delivery as the ledger keeps it: the fields of its record no journal event sets. */
export type GrantDelivery = Pick<
  GrantRecord,
  'delivered' | 'receipts' | 'reportedByProvider' | 'disputeEndsAtMs' | 'disputeEndedAtMs' | 'undisputed' | 'disputed' | 'counted' | 'lapsed' | 'refusals' | 'refusalReasons' | 'unreachable' | 'lastReport' | 'evidenced' | 'notCountedForListing'
>;

/** A row of `reported`: [kind ('delivered', 'refused', 'stream'), nonce or reason, its value]. */
export type ReportedRow = [string, string, number];

export type GrantLedgerSeed =
  /**
   * One grant's delivery, and a page of its rows (the first record of a grant carries its decision note). `journalSeq`:
   * its exercise's seq, which a standby's ledger reaches before the grant is there.
   */
  | { op: 'seed-grant'; grantId: number; journalSeq: number; delivery: GrantDelivery; note?: DecisionNote; receipts: Array<[string, StoredReceipt]>; evidence: Array<[string, DeliveryEvidence]>; reported: ReportedRow[] }
  /** A listing's delivery counts, as its grants' updates left them. */
  | { op: 'seed-listing'; listingId: number; counts: ListingDelivery };

export type GrantSeed = Extract<GrantLedgerSeed, { op: 'seed-grant' }>;

/** The ledger's tables a seed reads and fills. */
export interface SeedTables {
  env: RootDatabase;
  grants: Database<GrantRecord, number>;
  receipts: Database<StoredReceipt, [number, string]>;
  evidence: Database<DeliveryEvidence, [number, string]>;
  reported: Database<number, [number, string, string]>;
  decisionNotes: Database<DecisionNote, number>;
  due: Database<true, [number, number, 'lapse' | 'dispute']>;
  listingDelivery: Database<ListingDelivery, number>;
}

/** Grants (or listings) read at once; rows a record carries at most. */
export const SEED_PAGE = 256;

/** A record's delivery fields, always in this order (two deliveries are the same when their JSON is). */
export function deliveryOf(r: GrantDelivery): GrantDelivery {
  const d: GrantDelivery = { delivered: r.delivered, receipts: r.receipts, reportedByProvider: r.reportedByProvider, disputeEndsAtMs: r.disputeEndsAtMs, undisputed: r.undisputed, disputed: r.disputed, counted: r.counted, lapsed: r.lapsed, refusals: r.refusals, refusalReasons: [...r.refusalReasons] };
  if (r.disputeEndedAtMs !== undefined) d.disputeEndedAtMs = r.disputeEndedAtMs;
  if (r.unreachable !== undefined) d.unreachable = { atMs: r.unreachable.atMs, reason: r.unreachable.reason };
  if (r.lastReport !== undefined) d.lastReport = { atMs: r.lastReport.atMs, outcome: r.lastReport.outcome };
  if (r.evidenced !== undefined) d.evidenced = r.evidenced;
  if (r.notCountedForListing !== undefined) d.notCountedForListing = { reason: r.notCountedForListing.reason, why: r.notCountedForListing.why, atMs: r.notCountedForListing.atMs };
  return d;
}

const NOTHING = JSON.stringify(deliveryOf({ delivered: 0, receipts: 0, reportedByProvider: 0, disputeEndsAtMs: 0, undisputed: 0, disputed: false, counted: 0, lapsed: false, refusals: 0, refusalReasons: [] }));
const nothingDelivered = (d: GrantDelivery): boolean => JSON.stringify(d) === NOTHING;

/**
 * `db`'s rows from `start` to `end`, read SEED_PAGE at a time (no read stays open while the caller waits). A page after
 * the first starts at the last row taken, read again and left out: one more row is read for it, or a page would end a
 * row short and be taken for the last (rows past the second page were lost so before 2026-12-06).
 */
function* pagedRange<K extends Key, V>(db: Database<V, K>, start: NoInfer<K>, end: NoInfer<K>, transaction: Transaction): Generator<{ key: K; value: V }> {
  let from: K = start;
  let skip: string | undefined;
  for (;;) {
    const rows = [...db.getRange({ start: from, end, limit: SEED_PAGE + 1 + (skip === undefined ? 0 : 1), transaction })];
    const page = skip !== undefined && rows.length > 0 && JSON.stringify(rows[0]!.key) === skip ? rows.slice(1) : rows.slice(0, SEED_PAGE + 1);
    for (const row of page.slice(0, SEED_PAGE)) yield row;
    if (page.length <= SEED_PAGE) return;
    from = page[SEED_PAGE - 1]!.key;
    skip = JSON.stringify(from);
  }
}

/** A grant's rows, each as what adds it to a seed record: its receipts, then its evidence, then its reports. */
function* rowsOfGrant(t: SeedTables, grantId: number, txn: Transaction): Generator<(record: GrantSeed) => void> {
  for (const { key, value } of pagedRange(t.receipts, [grantId, ''], [grantId + 1, ''], txn)) yield (record) => record.receipts.push([key[1], value]);
  for (const { key, value } of pagedRange(t.evidence, [grantId, ''], [grantId + 1, ''], txn)) yield (record) => record.evidence.push([key[1], value]);
  for (const { key, value } of pagedRange(t.reported, [grantId, '', ''], [grantId + 1, '', ''], txn)) yield (record) => record.reported.push([key[1], key[2], value]);
}

/** One grant's seed records: its delivery with each page of SEED_PAGE rows (the first with its decision note). */
function* seedsOfGrant(t: SeedTables, r: GrantRecord, delivery: GrantDelivery, note: DecisionNote | undefined, txn: Transaction): Generator<GrantSeed> {
  const grantId = r.signed.grant.grantId;
  const record = (first: boolean): GrantSeed => ({ op: 'seed-grant', grantId, journalSeq: r.seq, delivery, ...(first && note !== undefined ? { note } : {}), receipts: [], evidence: [], reported: [] });
  let next = record(true);
  let rows = 0;
  let yielded = false;
  for (const add of rowsOfGrant(t, grantId, txn)) {
    add(next);
    if (++rows < SEED_PAGE) continue;
    yield next;
    yielded = true;
    next = record(false);
    rows = 0;
  }
  if (rows > 0 || !yielded) yield next;
}

/**
 * Every seed record of a ledger: each grant with a delivery or a decision note, then each listing's counts. Grants are
 * read SEED_PAGE at a time by id, the event loop given back after each page (a ledger of millions of grants is not
 * read in one go on the engine's thread); what waits between pages is the caller's (the shipper's queue). All of it from
 * one read transaction, the ledger as it was when the seed began: a leader seeds while it takes writes
 * (src/replication/grant-ledger-seeding.ts ships those after the seed), and a grant's delivery read before a write with
 * its rows or its listing's counts read after would add the write twice, or never, on a standby.
 */
export async function* grantLedgerSeeds(t: SeedTables): AsyncGenerator<GrantLedgerSeed> {
  t.env.resetReadTxn();
  const txn = t.env.useReadTransaction();
  try {
    let after = 0;
    for (;;) {
      const page = [...t.grants.getRange({ start: after + 1, limit: SEED_PAGE, transaction: txn })];
      if (page.length === 0) break;
      for (const { key, value } of page) {
        const delivery = deliveryOf(current(value));
        const note = t.decisionNotes.get(key, { transaction: txn });
        if (nothingDelivered(delivery) && note === undefined) continue;
        yield* seedsOfGrant(t, value, delivery, note, txn);
      }
      after = page[page.length - 1]!.key;
      await nextTurn();
    }
    let listing = -1;
    for (;;) {
      const page = [...t.listingDelivery.getRange({ start: listing + 1, limit: SEED_PAGE, transaction: txn })];
      if (page.length === 0) break;
      for (const { key, value } of page) yield { op: 'seed-listing', listingId: key, counts: { delivered: value.delivered, undelivered: value.undelivered, failed: value.failed } };
      listing = page[page.length - 1]!.key;
      await nextTurn();
    }
  } finally {
    txn.done();
  }
}

/** A delivery's counts that only ever grow (a grant's receipts, reports, refusals, what counted). */
const GROWING: ReadonlyArray<(d: GrantDelivery) => number> = [(d) => d.delivered, (d) => d.receipts, (d) => d.reportedByProvider, (d) => d.undisputed, (d) => d.counted, (d) => d.refusals, (d) => d.evidenced ?? 0];

/** Whether counts `more` hold all of `less` and more: every one at least as large, one larger. */
function goesPast<T>(more: T, less: T, counts: ReadonlyArray<(v: T) => number>): boolean {
  return counts.every((c) => c(more) >= c(less)) && counts.some((c) => c(more) > c(less));
}

/**
 * A grant's seed record on this node's ledger (`r`: the grant here): its delivery, when the grant has none here, has
 * this one (a later page of it), or has less of it (every growing count smaller or equal, one smaller: what this node
 * took of a catalog stream that began before the seed, while the leader took more before it), with a dispute time still
 * pending on the due index; its rows and its decision note where this node has none of them. A delivery here that is
 * the seed's and more (a seed applied again after the writes that followed it), or differs otherwise, is kept and the
 * record refused. In one transaction.
 */
export async function applyGrantSeed(t: SeedTables, seed: GrantSeed, r: GrantRecord): Promise<{ applied: boolean; reason?: string }> {
  const mine = deliveryOf(current(r));
  const here = JSON.stringify(mine);
  const seeded = JSON.stringify(seed.delivery);
  if (here !== seeded && here !== NOTHING && !goesPast(seed.delivery, mine, GROWING)) return { applied: false, reason: `grant ${seed.grantId} has a delivery on this node that the seed's does not go past: kept` };
  const id = seed.grantId;
  await t.env.transaction(() => {
    if (here !== seeded) {
      void t.grants.put(id, { ...current(r), ...seed.delivery });
      if (seed.delivery.disputeEndsAtMs > 0) void t.due.put([seed.delivery.disputeEndsAtMs, id, 'dispute'], true);
    }
    if (seed.note !== undefined && t.decisionNotes.get(id) === undefined) void t.decisionNotes.put(id, seed.note);
    for (const [nonce, receipt] of seed.receipts) if (t.receipts.get([id, nonce]) === undefined) void t.receipts.put([id, nonce], receipt);
    for (const [nonce, evidence] of seed.evidence) if (t.evidence.get([id, nonce]) === undefined) void t.evidence.put([id, nonce], evidence);
    for (const [kind, x, value] of seed.reported) if (t.reported.get([id, kind, x]) === undefined) void t.reported.put([id, kind, x], value);
  });
  return { applied: true };
}

const LISTING_COUNTS: ReadonlyArray<(c: ListingDelivery) => number> = [(c) => c.delivered, (c) => c.undelivered, (c) => c.failed];

/** A listing's seeded counts, where this node has none for it, or less (as a grant's delivery above). */
export async function applyListingSeed(t: SeedTables, seed: Extract<GrantLedgerSeed, { op: 'seed-listing' }>): Promise<{ applied: boolean; reason?: string }> {
  const here = t.listingDelivery.get(seed.listingId);
  if (here !== undefined && !goesPast(seed.counts, here, LISTING_COUNTS)) return { applied: false, reason: `listing ${seed.listingId} has delivery counts on this node that the seed's do not go past: kept` };
  await t.listingDelivery.put(seed.listingId, seed.counts);
  return { applied: true };
}

export const isSeedOp = (op: unknown): boolean => op === 'seed-grant' || op === 'seed-listing';

const count = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const id = (v: unknown): v is number => count(v) && v > 0;
const text = (v: unknown): v is string => typeof v === 'string';
const object = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseDelivery(v: unknown): GrantDelivery {
  if (!object(v)) throw new GrantLedgerWriteError('a grant ledger seed: delivery is not an object');
  const { delivered, receipts, reportedByProvider, disputeEndsAtMs, disputeEndedAtMs, undisputed, disputed, counted, lapsed, refusals, refusalReasons, unreachable, lastReport, evidenced, notCountedForListing } = v;
  const counts = [delivered, receipts, reportedByProvider, disputeEndsAtMs, undisputed, counted, refusals];
  if (!counts.every(count) || typeof disputed !== 'boolean' || typeof lapsed !== 'boolean' || !Array.isArray(refusalReasons) || !refusalReasons.every(text)) throw new GrantLedgerWriteError('a grant ledger seed: delivery counts');
  if ((disputeEndedAtMs !== undefined && !count(disputeEndedAtMs)) || (evidenced !== undefined && !count(evidenced))) throw new GrantLedgerWriteError('a grant ledger seed: delivery times');
  if (unreachable !== undefined && !(object(unreachable) && count(unreachable['atMs']) && text(unreachable['reason']))) throw new GrantLedgerWriteError('a grant ledger seed: delivery.unreachable');
  if (lastReport !== undefined && !(object(lastReport) && count(lastReport['atMs']) && text(lastReport['outcome']))) throw new GrantLedgerWriteError('a grant ledger seed: delivery.lastReport');
  if (notCountedForListing !== undefined && !(object(notCountedForListing) && text(notCountedForListing['reason']) && text(notCountedForListing['why']) && count(notCountedForListing['atMs']))) throw new GrantLedgerWriteError('a grant ledger seed: delivery.notCountedForListing');
  return deliveryOf(v as unknown as GrantDelivery);
}

function parseNote(v: unknown): DecisionNote | undefined {
  if (v === undefined) return undefined;
  if (!object(v) || !text(v['text']) || !text(v['operator']) || !count(v['atMs'])) throw new GrantLedgerWriteError('a grant ledger seed: note');
  return { text: v['text'], operator: v['operator'], atMs: v['atMs'] };
}

function rowsOf<T>(v: unknown, what: string, parse: (row: unknown[]) => T): T[] {
  if (!Array.isArray(v) || v.length > SEED_PAGE) throw new GrantLedgerWriteError(`a grant ledger seed: ${what}`);
  return v.map((row: unknown) => {
    if (!Array.isArray(row)) throw new GrantLedgerWriteError(`a grant ledger seed: a row of ${what}`);
    return parse(row);
  });
}

/** A seed record as it arrived on the stream, checked for its shape (the leader's ledger checked what it holds); else GrantLedgerWriteError. */
export function parseGrantLedgerSeed(w: Record<string, unknown>): GrantLedgerSeed {
  if (w['op'] === 'seed-listing') {
    const c = w['counts'];
    if (!id(w['listingId']) || !object(c) || !count(c['delivered']) || !count(c['undelivered']) || !count(c['failed'])) throw new GrantLedgerWriteError('a grant ledger seed: listingId and counts');
    return { op: 'seed-listing', listingId: w['listingId'], counts: { delivered: c['delivered'], undelivered: c['undelivered'], failed: c['failed'] } };
  }
  if (!id(w['grantId']) || !id(w['journalSeq'])) throw new GrantLedgerWriteError('a grant ledger seed: grantId and journalSeq');
  const note = parseNote(w['note']);
  return {
    op: 'seed-grant',
    grantId: w['grantId'],
    journalSeq: w['journalSeq'],
    delivery: parseDelivery(w['delivery']),
    ...(note === undefined ? {} : { note }),
    receipts: rowsOf(w['receipts'], 'receipts', ([nonce, receipt]) => {
      if (!text(nonce)) throw new GrantLedgerWriteError('a grant ledger seed: a receipt nonce');
      return [nonce, parseSeedReceipt(receipt)];
    }),
    evidence: rowsOf(w['evidence'], 'evidence', ([nonce, evidence]) => {
      if (!text(nonce)) throw new GrantLedgerWriteError('a grant ledger seed: an evidence nonce');
      return [nonce, parseSeedEvidence(evidence)];
    }),
    reported: rowsOf(w['reported'], 'reported', ([kind, x, value]) => {
      if (!text(kind) || !text(x) || !count(value)) throw new GrantLedgerWriteError('a grant ledger seed: a report row');
      return [kind, x, value];
    }),
  };
}
