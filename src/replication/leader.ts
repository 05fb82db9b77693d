/**
 * Taking the pen: what a node does once it holds the lease and its engine has applied the
 * whole stream. It writes a LEADER message that continues the stream exactly where its
 * follower stopped (which fences any older leader: the shipper's chain of message ids
 * starts at this message, and the old leader's names another), then ships its journal
 * from there. If the stream moved on after the follower stopped (an old leader's last
 * publishes landing), the LEADER message is refused and `StreamMovedError` says to apply
 * the rest and try again. A node whose own
 * journal runs past the stream (it was the leader before and had not shipped its last
 * records, or crashed before it could) ships those records next: nobody else has written
 * those seqs, since every write continues the stream's last message.
 */
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { Journal } from '../engine/index.js';
import { isChainRefusal, JournalShipper, type ShipperFencedError } from './shipper.js';
import { ReplicatedJournal, type ReplicationAck, type WriteFence } from './replicated-journal.js';
import { encodeJson, MessageKind, messageHeaders, metaOf, streamBounds, type StreamNames } from './stream.js';
import { readJournalSeed, unfinishedSeedOfAnother } from './journal-seed.js';

export class TakeoverError extends Error {
  override readonly name: string = 'TakeoverError';
}

/** The stream has messages after the one this node applied last: apply them, then take the pen again. */
export class StreamMovedError extends TakeoverError {
  override readonly name = 'StreamMovedError';
  constructor(appliedStreamSeq: number, cause?: unknown) {
    super(`the stream moved on after stream seq ${appliedStreamSeq}, the last this node applied`, { cause });
  }
}

export interface LeaderStart {
  js: JetStreamClient;
  jsm: JetStreamManager;
  names: StreamNames;
  journal: Journal;
  node: string;
  epoch: number;
  ack: ReplicationAck;
  window: number;
  retryMs: number;
  onFenced: (error: ShipperFencedError) => void;
  onRetry?: (error: unknown) => void;
  /** The last stream seq this node applied (its follower's catch-up): the LEADER message must come right after it. Default: the stream's end now. */
  appliedStreamSeq?: number;
  /** Checked before every write (the lease's validity); none in tests that hold no lease. */
  fence?: WriteFence;
  /**
   * An empty stream under this node's journal: 'seed' ships the journal to it (journal-seed.ts; the default, as tests and
   * benches start a stream); 'refuse' throws TakeoverError (a service without replication.seedFromJournal).
   */
  emptyStream?: 'seed' | 'refuse';
}

export interface Leadership {
  journal: ReplicatedJournal;
  shipper: JournalShipper;
  /** The stream seq of this leader's LEADER message. */
  leaderStreamSeq: number;
  /** This node's journal is being shipped to a stream that began with its seed (journal-seed.ts): through this seq. */
  seedingThroughSeq?: number;
}

export async function takeThePen(s: LeaderStart): Promise<Leadership> {
  const { last, messages } = await streamBounds(s.jsm, s.names.stream);
  if (s.appliedStreamSeq !== undefined && s.appliedStreamSeq !== last) throw new StreamMovedError(s.appliedStreamSeq);
  let streamLastSeq = 0;
  if (messages > 0) {
    const m = await s.jsm.streams.getMessage(s.names.stream, { seq: last });
    if (m === null) throw new TakeoverError(`the stream's last message ${last} cannot be read`);
    streamLastSeq = metaOf(m.header, m.seq).lastSeq;
  }
  const localLast = s.journal.lastSeq();
  const seeding = await seedingOf(s, messages, localLast);
  if (streamLastSeq > localLast) {
    throw new TakeoverError(`the stream holds seqs up to ${streamLastSeq} but this node's journal ends at ${localLast}: follow the stream to its end first`);
  }
  if (streamLastSeq > 0 && !holdsSeq(s.journal, streamLastSeq)) {
    throw new TakeoverError(`this node's journal has no record ending at seq ${streamLastSeq}, where the stream ends: it diverged`);
  }
  let ack;
  try {
    // On an empty stream, expecting its last sequence 0: of two nodes seeding at once, one does.
    const notice = { node: s.node, epoch: s.epoch, lastSeq: streamLastSeq, ...(messages === 0 && seeding !== undefined ? { seedThroughSeq: seeding } : {}) };
    ack = await s.js.publish(s.names.subject, encodeJson(notice), {
      msgID: leaderMsgId(s.epoch),
      expect: { lastSequence: last },
      headers: messageHeaders(MessageKind.LEADER, streamLastSeq, s.epoch),
    });
  } catch (error) {
    if (isChainRefusal(error)) throw new StreamMovedError(last, error);
    throw new TakeoverError(`could not write the LEADER message after stream seq ${last}: ${(error as Error).message}`, { cause: error });
  }
  const shipper = new JournalShipper(
    s.js,
    s.journal,
    { names: s.names, jsm: s.jsm, epoch: s.epoch, window: s.window, retryMs: s.retryMs, onFenced: s.onFenced, onRetry: s.onRetry },
    { shippedSeq: streamLastSeq, streamSeq: ack.seq, msgId: leaderMsgId(s.epoch) },
  );
  shipper.start();
  return { journal: new ReplicatedJournal(s.journal, shipper, s.ack, s.fence), shipper, leaderStreamSeq: ack.seq, ...(seeding === undefined ? {} : { seedingThroughSeq: seeding }) };
}

/**
 * The seq through which this node's journal seeds the stream (journal-seed.ts): all of it on an empty stream (allowed
 * unless `emptyStream` is 'refuse'), or what the stream lacks of a seed this node began. Refuses to write after a seed
 * another node began and the stream does not hold whole (its records are on that node alone).
 */
async function seedingOf(s: LeaderStart, messages: number, localLast: number): Promise<number | undefined> {
  if (messages === 0) {
    if (localLast === 0) return undefined;
    if (s.emptyStream === 'refuse') throw new TakeoverError(`the stream is empty but this node's journal ends at seq ${localLast}: set replication.seedFromJournal to seed the stream with it`);
    return localLast;
  }
  const seed = await readJournalSeed(s.jsm, s.names);
  const refusal = unfinishedSeedOfAnother(seed, s.node);
  if (refusal !== undefined) throw new TakeoverError(refusal);
  return seed !== undefined && !seed.complete && seed.node === s.node ? seed.throughSeq : undefined;
}

/** Whether a record of the local journal ends exactly at `seq` (records are the unit both journals share). */
function holdsSeq(journal: Journal, seq: number): boolean {
  for (const r of journal.rawRecords(seq, 1)) return r.firstSeq + r.count - 1 === seq;
  return false;
}

/** The LEADER message's id: the first link of this leader's chain (shipper.ts). */
export function leaderMsgId(epoch: number): string {
  return `${epoch}-leader`;
}
