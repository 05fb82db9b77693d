/**
 * A node's journal against the stream, before the node recovers its engine: under 'quorum'
 * acks a leader journals a record locally before the stream holds it, so a leader killed in
 * between comes back with a tail the cluster never received, and which no client was ever
 * told about (its acks waited for the stream). Meanwhile a new leader may have written other
 * records at the same seqs. That tail is dropped here, back to the last record the stream
 * holds byte for byte, so the node can follow the stream again.
 *
 * Under 'local' acks the same tail may have been acknowledged: it is never dropped silently,
 * but set aside for the operator first (tail-set-aside.ts; docs/replication.md).
 */
import type { JetStreamManager } from '@nats-io/jetstream';
import { parseJournalRecord, type Journal } from '../engine/index.js';
import { findStartSeq, MessageKind, metaOf, streamBounds, type StreamNames } from './stream.js';

/** Records walked back at most: a tail longer than this is not an unshipped window but something an operator must look at. */
const MAX_TAIL_RECORDS = 10_000;

/**
 * The last seq of this journal that ends a record the stream holds with the same bytes
 * (the journal's last seq when nothing diverged; 0 when nothing matches). Undefined when the
 * stream is empty or no longer holds the records needed to tell.
 */
export async function lastCommonSeq(jsm: JetStreamManager, names: StreamNames, journal: Journal): Promise<number | undefined> {
  const { first, messages } = await streamBounds(jsm, names.stream);
  if (messages === 0) return undefined;
  let seq = journal.lastSeq();
  for (let walked = 0; seq > 0 && walked < MAX_TAIL_RECORDS; walked++) {
    const mine = [...journal.rawRecords(seq, 1)][0];
    if (mine === undefined) return undefined;
    const at = await findStartSeq(jsm, names.stream, mine.firstSeq - 1);
    if (at < first) return undefined;
    // null: no message there; a failed read is thrown (the caller tries again), never taken for a record that differs.
    const m = await jsm.streams.getMessage(names.stream, { seq: at });
    if (m !== null && metaOf(m.header, m.seq).kind === MessageKind.RECORD) {
      const theirs = parseJournalRecord(m.data);
      if (theirs.firstSeq === mine.firstSeq && Buffer.compare(theirs.bytes, mine.bytes) === 0) return mine.firstSeq + mine.count - 1;
    }
    seq = mine.firstSeq - 1;
  }
  return seq === 0 ? 0 : undefined;
}

/** Drops a never-replicated tail (see above); returns the seqs dropped, if any. */
export async function dropUnreplicatedTail(jsm: JetStreamManager, names: StreamNames, journal: Journal): Promise<{ fromSeq: number; toSeq: number } | undefined> {
  const last = journal.lastSeq();
  const common = await lastCommonSeq(jsm, names, journal);
  if (common === undefined || common >= last) return undefined;
  journal.truncateAfter(common);
  return { fromSeq: common + 1, toSeq: last };
}
