/**
 * The catalog stream: what the leader's catalog store and operator credentials write,
 * one record after another, for standbys to apply into their own (docs/replication.md).
 * It is a JetStream stream of its own beside the journal's: the catalog is not engine
 * state (nothing in it is replayed by the engine), and its samples are large.
 *
 *   listing          a listing as stored (JSON), by id
 *   sample           a sample's bytes, by their SHA-256 (Patx-Key)
 *   audit            a catalog audit entry (JSON), by its seq
 *   next-listing-id  the next listing id the store hands out (JSON)
 *   signals          a model feed's signals, new or with their outcome (JSON), by listing id
 *   signals-pruned   a model feed's signal records below a seq removed (JSON), by listing id
 *   operators        the named operators' records (JSON), the whole list
 *   identity         a provider identity store write (JSON: the record as it now is and an audit row)
 *   grant-ledger     a grant ledger write the journal does not hold (JSON: a receipt, a report, a failure, a verdict, a note; or a seed of what a ledger kept before)
 *   leader           a new leader's first message (its node and epoch)
 *   grant-ledger-seeded  the end of a grant ledger's seed (JSON: the node, its epoch, the seed's records): the stream holds one
 *   delivery-refusal     the courier's last refusal of a listing's endpoint (JSON: {listingId, refusal}), src/subscriptions/delivery-refusals.ts
 *
 * A record larger than CHUNK_BYTES (a sample: up to 10 MiB, while NATS's default
 * max_payload is 1 MiB) travels as consecutive messages, each with `Patx-Chunk: i/n`;
 * the leader publishes one record's chunks one after another, so a follower joins them
 * in stream order.
 */
import { createHash } from 'node:crypto';
import { headers, type MsgHdrs } from '@nats-io/transport-node';
import type { CatalogAuditEntry, CatalogWrite, Listing, SignalRecord } from '../catalog/index.js';
import { HEADER_KIND } from './stream.js';

/** Largest payload of one message: half of NATS's default max_payload, room for headers. */
export const CHUNK_BYTES = 512 * 1024;

export const HEADER_CATALOG_KEY = 'Patx-Key';
export const HEADER_CHUNK = 'Patx-Chunk';

/** A new leader's first message on the catalog stream: its shipper's chain of message ids starts here (catalog-shipper.ts). */
export interface CatalogLeaderRecord {
  kind: 'leader';
  node: string;
  epoch: number;
}

/**
 * The end of a grant ledger's seed (grant-ledger-seeding.ts): a leader that finds none on the stream ships its seed,
 * then this, so the next leader does not seed again.
 */
export interface CatalogGrantSeedMark {
  kind: 'grant-ledger-seeded';
  node: string;
  epoch: number;
  /** The seed's records before it. */
  records: number;
}

/**
 * A record of the catalog stream: a catalog store write, the named operators' list or a
 * provider identity write (both validated where they are applied), or a leader record.
 */
export type CatalogRecord =
  | CatalogWrite
  | { kind: 'operators'; records: unknown }
  | { kind: 'identity'; write: unknown }
  | { kind: 'grant-ledger'; write: unknown }
  | CatalogLeaderRecord
  | CatalogGrantSeedMark
  | { kind: 'delivery-refusal'; write: unknown };
export type CatalogRecordKind = CatalogRecord['kind'];

const KINDS: readonly CatalogRecordKind[] = ['listing', 'sample', 'audit', 'next-listing-id', 'listing-deleted', 'sample-deleted', 'signals', 'signals-pruned', 'operators', 'identity', 'grant-ledger', 'leader', 'grant-ledger-seeded', 'delivery-refusal'];

export class CatalogStreamError extends Error {
  override readonly name = 'CatalogStreamError';
  constructor(
    readonly streamSeq: number,
    reason: string,
  ) {
    super(`catalog stream message at stream seq ${streamSeq}: ${reason}`);
  }
}

/** One message of a record: its payload and headers. */
export interface CatalogChunk {
  data: Uint8Array;
  headers: MsgHdrs;
}

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** A record as the messages that carry it, in order (one unless it is larger than CHUNK_BYTES). */
export function encodeCatalogRecord(record: CatalogRecord): CatalogChunk[] {
  const { key, bytes } = payloadOf(record);
  const count = Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES));
  const chunks: CatalogChunk[] = [];
  for (let i = 0; i < count; i++) {
    const h = headers();
    h.set(HEADER_KIND, record.kind);
    h.set(HEADER_CATALOG_KEY, key);
    h.set(HEADER_CHUNK, `${i}/${count}`);
    chunks.push({ data: bytes.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES), headers: h });
  }
  return chunks;
}

function payloadOf(record: CatalogRecord): { key: string; bytes: Uint8Array } {
  switch (record.kind) {
    case 'listing':
      return { key: String(record.listing.id), bytes: utf8.encode(JSON.stringify(record.listing)) };
    case 'sample':
      return { key: record.sha256, bytes: record.bytes };
    case 'audit':
      return { key: String(record.entry.seq), bytes: utf8.encode(JSON.stringify(record.entry)) };
    case 'next-listing-id':
      return { key: String(record.nextListingId), bytes: utf8.encode(JSON.stringify({ nextListingId: record.nextListingId })) };
    case 'listing-deleted':
      return { key: String(record.id), bytes: new Uint8Array(0) };
    case 'sample-deleted':
      return { key: record.sha256, bytes: new Uint8Array(0) };
    case 'signals':
      return { key: String(record.listingId), bytes: utf8.encode(JSON.stringify(record.signals)) };
    case 'signals-pruned':
      return { key: String(record.listingId), bytes: utf8.encode(JSON.stringify({ beforeSeq: record.beforeSeq })) };
    case 'operators':
      return { key: 'operators', bytes: utf8.encode(JSON.stringify(record.records)) };
    case 'identity':
      return { key: 'identity', bytes: utf8.encode(JSON.stringify(record.write)) };
    case 'grant-ledger':
      return { key: 'grant-ledger', bytes: utf8.encode(JSON.stringify(record.write)) };
    case 'delivery-refusal':
      return { key: 'delivery-refusal', bytes: utf8.encode(JSON.stringify(record.write)) };
    case 'leader':
      return { key: record.node, bytes: utf8.encode(JSON.stringify({ node: record.node, epoch: record.epoch })) };
    case 'grant-ledger-seeded':
      return { key: record.node, bytes: utf8.encode(JSON.stringify({ node: record.node, epoch: record.epoch, records: record.records })) };
  }
}

interface PartialRecord {
  kind: CatalogRecordKind;
  key: string;
  count: number;
  parts: Uint8Array[];
}

/**
 * Joins a record's chunks as they come in stream order. A record whose chunks stop
 * short (its leader died halfway through a sample) is dropped when the next record
 * starts: the next leader publishes whole records only, and the client of that write
 * was never told it succeeded.
 */
export class CatalogChunkJoiner {
  private partial: PartialRecord | undefined;
  /** Chunks dropped because their record never completed. */
  droppedChunks = 0;

  /** The record this message completes, or undefined while it is incomplete. */
  take(h: MsgHdrs | undefined, data: Uint8Array, streamSeq: number): CatalogRecord | undefined {
    const kind = h?.get(HEADER_KIND) as CatalogRecordKind | undefined;
    if (kind === undefined || !KINDS.includes(kind)) throw new CatalogStreamError(streamSeq, `unknown catalog record kind ${JSON.stringify(kind)}`);
    const key = h!.get(HEADER_CATALOG_KEY);
    const chunk = /^(\d+)\/(\d+)$/.exec(h!.get(HEADER_CHUNK));
    if (chunk === null) throw new CatalogStreamError(streamSeq, `bad ${HEADER_CHUNK}`);
    const index = Number(chunk[1]);
    const count = Number(chunk[2]);
    if (count < 1 || index >= count) throw new CatalogStreamError(streamSeq, `bad ${HEADER_CHUNK} ${index}/${count}`);
    const p = this.partial;
    if (index === 0) {
      if (p !== undefined) this.droppedChunks += p.parts.length;
      this.partial = { kind, key, count, parts: [data] };
    } else if (p !== undefined && p.kind === kind && p.key === key && p.count === count && p.parts.length === index) {
      p.parts.push(data);
    } else {
      this.droppedChunks++; // the rest of a record whose start this follower never saw
      return undefined;
    }
    const done = this.partial!;
    if (done.parts.length < done.count) return undefined;
    this.partial = undefined;
    return decodeRecord(done.kind, done.key, done.parts.length === 1 ? done.parts[0]! : Buffer.concat(done.parts), streamSeq);
  }
}

function decodeRecord(kind: CatalogRecordKind, key: string, bytes: Uint8Array, streamSeq: number): CatalogRecord {
  if (kind === 'sample') {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== key) throw new CatalogStreamError(streamSeq, `sample ${key} arrived with SHA-256 ${sha256}`);
    return { kind, sha256, bytes };
  }
  if (kind === 'listing-deleted') {
    const id = Number(key);
    if (!/^[1-9][0-9]{0,15}$/.test(key) || !Number.isSafeInteger(id)) throw new CatalogStreamError(streamSeq, `malformed deleted listing id ${JSON.stringify(key)}`);
    return { kind, id };
  }
  if (kind === 'sample-deleted') {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new CatalogStreamError(streamSeq, `malformed deleted sample ${JSON.stringify(key)}`);
    return { kind, sha256: key };
  }
  const value = parseJson(bytes, streamSeq);
  if (kind === 'listing') {
    const listing = value as Partial<Listing> | null;
    if (listing === null || !Number.isSafeInteger(listing.id) || !Array.isArray(listing.versions)) throw new CatalogStreamError(streamSeq, 'malformed listing');
    return { kind, listing: listing as Listing };
  }
  if (kind === 'audit') {
    const entry = value as Partial<CatalogAuditEntry> | null;
    if (entry === null || !Number.isSafeInteger(entry.seq) || entry.seq! < 1 || !Number.isSafeInteger(entry.listingId)) throw new CatalogStreamError(streamSeq, 'malformed catalog audit entry');
    return { kind, entry: entry as CatalogAuditEntry };
  }
  if (kind === 'signals' || kind === 'signals-pruned') {
    const listingId = Number(key);
    if (!/^[1-9][0-9]{0,15}$/.test(key) || !Number.isSafeInteger(listingId)) throw new CatalogStreamError(streamSeq, `malformed model feed listing id ${JSON.stringify(key)}`);
    if (kind === 'signals') {
      if (!Array.isArray(value) || !value.every((s) => typeof s === 'object' && s !== null && Number.isSafeInteger((s as { seq?: unknown }).seq) && typeof (s as { signalId?: unknown }).signalId === 'string')) throw new CatalogStreamError(streamSeq, 'malformed signals');
      return { kind, listingId, signals: value as SignalRecord[] };
    }
    const beforeSeq = (value as { beforeSeq?: unknown } | null)?.beforeSeq;
    if (typeof beforeSeq !== 'number' || !Number.isSafeInteger(beforeSeq) || beforeSeq < 0) throw new CatalogStreamError(streamSeq, 'malformed signals-pruned');
    return { kind, listingId, beforeSeq };
  }
  if (kind === 'next-listing-id') {
    const next = (value as { nextListingId?: unknown } | null)?.nextListingId;
    if (typeof next !== 'number' || !Number.isSafeInteger(next) || next < 1) throw new CatalogStreamError(streamSeq, 'malformed next listing id');
    return { kind, nextListingId: next };
  }
  if (kind === 'leader') {
    const v = value as Partial<CatalogLeaderRecord> | null;
    if (v === null || typeof v.node !== 'string' || !Number.isSafeInteger(v.epoch)) throw new CatalogStreamError(streamSeq, 'malformed leader record');
    return { kind, node: v.node, epoch: v.epoch! };
  }
  if (kind === 'grant-ledger-seeded') {
    const v = value as Partial<CatalogGrantSeedMark> | null;
    if (v === null || typeof v.node !== 'string' || !Number.isSafeInteger(v.epoch) || !Number.isSafeInteger(v.records)) throw new CatalogStreamError(streamSeq, 'malformed grant ledger seed mark');
    return { kind, node: v.node, epoch: v.epoch!, records: v.records! };
  }
  if (kind === 'identity') return { kind, write: value };
  if (kind === 'grant-ledger') return { kind, write: value };
  if (kind === 'delivery-refusal') return { kind, write: value };
  return { kind, records: value };
}

function parseJson(bytes: Uint8Array, streamSeq: number): unknown {
  try {
    return JSON.parse(utf8Strict.decode(bytes));
  } catch (error) {
    throw new CatalogStreamError(streamSeq, `not JSON: ${(error as Error).message}`);
  }
}
