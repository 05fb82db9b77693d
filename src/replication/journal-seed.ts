/**
 * A single node becoming a replicated group (docs/replication.md, "From one node to a group"): a node whose journal ran
 * without replication, started with `replication.seedFromJournal` on an empty journal stream, takes the pen with a
 * LEADER message expecting the stream's last sequence 0 (so of two nodes racing only one seeds) that names the last seq
 * of its journal (`seedThroughSeq`), and its shipper then publishes every record of its journal, in order, with the
 * seqs and bytes a leader would have. The stream's first message says so while the stream lasts.
 *
 * Until the stream holds the seed whole, its records exist only on the seeding node, and were acknowledged there: no
 * other node may write past them (takeThePen refuses), and the seeding node, started again, keeps its journal as it is
 * (its tail is no unreplicated tail to drop or set aside) and ships the rest. A node whose journal does not start as the
 * seeded stream does (another exchange's) is never cut to follow it: it is left for its follower to refuse.
 */
import type { JetStreamManager } from '@nats-io/jetstream';
import { parseJournalRecord, type Journal } from '../engine/index.js';
import { decodeLeaderNotice, MessageKind, metaOf, streamBounds, type StreamNames } from './stream.js';

/** The seed a stream began with: who seeded it, through which seq, and whether the stream holds all of it yet. */
export interface JournalSeed {
  node: string;
  throughSeq: number;
  /** The last engine seq the stream holds now. */
  streamLastSeq: number;
  complete: boolean;
  /** The stream seq of the seed's LEADER message (its first message). */
  noticeStreamSeq: number;
}

/** The seed the stream began with, if it began with one and still holds its first message. */
export async function readJournalSeed(jsm: JetStreamManager, names: StreamNames): Promise<JournalSeed | undefined> {
  const { first, last, messages } = await streamBounds(jsm, names.stream);
  if (messages === 0) return undefined;
  const m = await jsm.streams.getMessage(names.stream, { seq: first });
  if (m === null || metaOf(m.header, m.seq).kind !== MessageKind.LEADER) return undefined;
  const notice = decodeLeaderNotice(m.data, m.seq);
  if (notice.seedThroughSeq === undefined) return undefined;
  const end = last === first ? m : await jsm.streams.getMessage(names.stream, { seq: last });
  const streamLastSeq = end === null ? 0 : metaOf(end.header, end.seq).lastSeq;
  return { node: notice.node, throughSeq: notice.seedThroughSeq, streamLastSeq, complete: streamLastSeq >= notice.seedThroughSeq, noticeStreamSeq: first };
}

/** Whether `journal`'s first record is the seeded stream's first record, byte for byte (false when the stream has none yet). */
export async function startsLikeSeed(jsm: JetStreamManager, names: StreamNames, journal: Journal, seed: JournalSeed): Promise<boolean> {
  const m = await jsm.streams.getMessage(names.stream, { seq: seed.noticeStreamSeq + 1 });
  if (m === null || metaOf(m.header, m.seq).kind !== MessageKind.RECORD) return false;
  const theirs = parseJournalRecord(m.data);
  const mine = [...journal.rawRecords(1, 1)][0];
  return mine !== undefined && mine.firstSeq === theirs.firstSeq && Buffer.compare(mine.bytes, theirs.bytes) === 0;
}

/**
 * Why this node's journal must be kept as it is before it follows a seeded stream (undefined: the usual checks apply):
 * it is the seed's source and the stream does not hold all of it yet, or it does not start as the seeded stream does.
 */
export async function journalKeptForSeed(jsm: JetStreamManager, names: StreamNames, journal: Journal, node: string): Promise<string | undefined> {
  const seed = await readJournalSeed(jsm, names);
  if (seed === undefined || journal.lastSeq() === 0) return undefined;
  if (!seed.complete && seed.node === node) return `this node began seeding the stream with its journal through seq ${seed.throughSeq}; the stream holds ${seed.streamLastSeq}: the rest is shipped once it leads`;
  if (!(await startsLikeSeed(jsm, names, journal, seed))) return `the stream was seeded by node ${seed.node} and this node's journal does not start as it does: it is another exchange's`;
  return undefined;
}

/** A seed another node began and the stream does not hold whole: no node but its source may write after it. */
export function unfinishedSeedOfAnother(seed: JournalSeed | undefined, node: string): string | undefined {
  if (seed === undefined || seed.complete || seed.node === node) return undefined;
  return `node ${seed.node} began seeding the stream with its journal through seq ${seed.throughSeq} and the stream holds only ${seed.streamLastSeq}: those records are on that node alone; start it again to finish the seed`;
}
