/**
 * An account's grants a page at a time, newest first, from the ledger's account index (`by-consumer` or
 * `by-provider`: keys `[accountId, grantId]`, value the grant id). A page after a cursor (the last grant id of the
 * page before: the routes' `before=<grant id>`, as the API's other newest-first lists page) starts its range just below that id and reads
 * its own keys and one more (to tell whether a page follows): paging through n grants reads about n keys. Paging by
 * offset skips the offset's keys on every page and counts keys for its total, so it is kept for the routes' older
 * clients only, its offset and its count capped (MAX_GRANTS_OFFSET, MAX_GRANTS_COUNTED).
 *
 * Until 2026-12-06 every page counted all the account's keys and skipped its offset: washing's take-back read a
 * consumer's n grants at about n²/1,000 key visits on the engine's thread (an outside audit).
 */
import type { Database } from 'lmdb';
import { GrantError } from './grant-error.js';
import type { GrantRecord } from './grant-record.js';

/** The deepest offset a page by offset may start at: deeper, a page is asked for after a cursor (OFFSET_TOO_DEEP). */
export const MAX_GRANTS_OFFSET = 10_000;
/**
 * A page by offset counts the account's grants up to this many, then says `totalCapped`: a count of 1,000,000 keys
 * took ~35 ms of the engine's thread (lmdb's native count), paid as one page of the read budget, so an account with a
 * million grants could hold the thread a second each second; past the deepest offset the count helps no pager anyway.
 */
export const MAX_GRANTS_COUNTED = MAX_GRANTS_OFFSET;

/** One of the ledger's account indexes. */
export type GrantIndex = Database<number, [number, number]>;
/** A grant's record by id (undefined: none stored). */
export type GrantReader = (grantId: number) => GrantRecord | undefined;

/** A page, newest first; `next` is the cursor of the following page (the routes' `before`), undefined on the last. */
export interface GrantCursorPage {
  grants: GrantRecord[];
  next: number | undefined;
}

/**
 * A page by offset, with the count of all the grants it pages through (at most MAX_GRANTS_COUNTED: `totalCapped` when
 * there are more); `next` as a cursor page's (absent on the last).
 */
export interface GrantOffsetPage {
  total: number;
  totalCapped?: true;
  grants: GrantRecord[];
  next?: number | undefined;
}

/** Where a page's range starts: just below the cursor's grant, or at the newest. */
function startBelow(after: number | undefined): number {
  return after === undefined ? Number.MAX_SAFE_INTEGER : after - 1;
}

/** Up to `limit` grant ids from `start` down (`skip` keys skipped first), and the cursor of what follows. */
function idsDown(index: GrantIndex, accountId: number, start: number, limit: number, skip = 0): { ids: number[]; next: number | undefined } {
  const ids: number[] = [];
  for (const key of index.getKeys({ start: [accountId, start], end: [accountId, -1], reverse: true, offset: skip, limit: limit + 1 })) ids.push(key[1]);
  if (ids.length <= limit) return { ids, next: undefined };
  ids.pop();
  return { ids, next: ids.at(-1) };
}

function recordsOf(ids: readonly number[], read: GrantReader): GrantRecord[] {
  const out: GrantRecord[] = [];
  for (const id of ids) {
    const r = read(id);
    if (r !== undefined) out.push(r);
  }
  return out;
}

/** The account's grants below the cursor `after` (the last grant id of the page before; from the newest when undefined), newest first: at most `limit` + 1 keys read. */
export function grantsBefore(index: GrantIndex, read: GrantReader, accountId: number, after: number | undefined, limit: number): GrantCursorPage {
  const { ids, next } = idsDown(index, accountId, startBelow(after), limit);
  return { grants: recordsOf(ids, read), next };
}

/** The account's grants from the `offset`-th newest (at most MAX_GRANTS_OFFSET), with their count. */
export function grantsAtOffset(index: GrantIndex, read: GrantReader, accountId: number, offset: number, limit: number): GrantOffsetPage {
  checkOffset(offset);
  const { ids, next } = idsDown(index, accountId, Number.MAX_SAFE_INTEGER, limit, offset);
  return { ...countedUpTo(index, accountId, MAX_GRANTS_COUNTED), grants: recordsOf(ids, read), next };
}

/** The account's grants counted, up to `cap` keys visited (twice at most: the skip to the cap, then the count below it). */
function countedUpTo(index: GrantIndex, accountId: number, cap: number): { total: number; totalCapped?: true } {
  const range = { start: [accountId, Number.MAX_SAFE_INTEGER], end: [accountId, -1], reverse: true };
  for (const _ of index.getKeys({ ...range, offset: cap, limit: 1 })) return { total: cap, totalCapped: true };
  return { total: index.getKeysCount(range) };
}

export function checkOffset(offset: number): void {
  if (offset > MAX_GRANTS_OFFSET) {
    throw new GrantError('OFFSET_TOO_DEEP', `offset ${offset} is past ${MAX_GRANTS_OFFSET.toLocaleString('en-US')}: page on with before=<the previous page's next> (its last grant id), which reads only the page`);
  }
}

/** The account's newest grant id at or below `id`, or undefined. */
function newestAtOrBelow(index: GrantIndex, accountId: number, id: number): number | undefined {
  for (const key of index.getKeys({ start: [accountId, id], end: [accountId, -1], reverse: true, limit: 1 })) return key[1];
  return undefined;
}

/**
 * The id from which an exercise's grants are read down: no grant of the account between it and the exercise's newest.
 * Grant ids rise with exercise ids (an exercise's grants are issued together, in the journal's order), so a bisection
 * over ids finds it in at most ~53 one-key reads, where a walk from the newest read every newer grant (a subscriber's
 * webhook deliveries, a client's ?exercise= of an old exercise).
 */
function exerciseStart(index: GrantIndex, read: GrantReader, accountId: number, exerciseId: number, below: number): number {
  const newer = (id: number): boolean => (read(id)?.exerciseId ?? 0) > exerciseId;
  let hi = newestAtOrBelow(index, accountId, below);
  if (hi === undefined || !newer(hi)) return hi ?? 0;
  let lo = 0; // every grant at or below lo is of the exercise or older; the grant at hi is newer
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const id = newestAtOrBelow(index, accountId, mid);
    if (id !== undefined && newer(id)) hi = id;
    else lo = mid;
  }
  return lo;
}

/** One exercise's grants of the account, newest first, below `after` when given. */
function* exerciseGrants(index: GrantIndex, read: GrantReader, accountId: number, exerciseId: number, after: number | undefined): Generator<GrantRecord> {
  const start = exerciseStart(index, read, accountId, exerciseId, startBelow(after));
  for (const key of index.getKeys({ start: [accountId, start], end: [accountId, -1], reverse: true })) {
    const r = read(key[1]);
    if (r === undefined || r.exerciseId > exerciseId) continue;
    if (r.exerciseId < exerciseId) return;
    yield r;
  }
}

/** One exercise's grants after the cursor `after`: at most `limit` + 1 of them read, past the bisection. */
export function exerciseGrantsBefore(index: GrantIndex, read: GrantReader, accountId: number, exerciseId: number, after: number | undefined, limit: number): GrantCursorPage {
  const grants: GrantRecord[] = [];
  for (const r of exerciseGrants(index, read, accountId, exerciseId, after)) {
    if (grants.length === limit) return { grants, next: grants.at(-1)!.signed.grant.grantId };
    grants.push(r);
  }
  return { grants, next: undefined };
}

/** One exercise's grants from the `offset`-th, with their count (an exercise's grants: one per provider share of it). */
export function exerciseGrantsAtOffset(index: GrantIndex, read: GrantReader, accountId: number, exerciseId: number, offset: number, limit: number): GrantOffsetPage {
  checkOffset(offset);
  const grants: GrantRecord[] = [];
  let total = 0;
  for (const r of exerciseGrants(index, read, accountId, exerciseId, undefined)) {
    if (total >= offset && grants.length < limit) grants.push(r);
    total++;
  }
  const more = offset + grants.length < total && grants.length > 0;
  return { total, grants, next: more ? grants.at(-1)!.signed.grant.grantId : undefined };
}
