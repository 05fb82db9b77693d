/**
 * The replicated journal's JetStream stream and what travels on it. One subject, one
 * message per journal record, in journal order; two small kinds of message between
 * records. Every message carries the last engine seq it covers, so a follower can find
 * where to start by a binary search over the stream, and the epoch of the leader that
 * wrote it (its lease revision, src/replication/lease.ts).
 *
 *   record      the journal record's bytes exactly as the primary stored them (header,
 *               commands, CRC): a standby stores the same bytes in its own journal
 *   checkpoint  {seq, stateHash} after the record ending at seq: the primary's state hash
 *               at a snapshot, which a standby compares with its own
 *   leader      {node, epoch, lastSeq}: a new leader took over after applying up to lastSeq;
 *               publishing it with the stream's expected last sequence fences the old one
 */
import { headers, type MsgHdrs } from '@nats-io/transport-node';
import { DiscardPolicy, type ConsumerMessages, type ConsumerNotification, type JetStreamManager, type StoredMsg } from '@nats-io/jetstream';
import { CatchUpTimeoutError } from './unavailable.js';
import { setTimeout as sleep } from 'node:timers/promises';

export const MessageKind = { RECORD: 'record', CHECKPOINT: 'checkpoint', LEADER: 'leader' } as const;
export type MessageKind = (typeof MessageKind)[keyof typeof MessageKind];

export const HEADER_KIND = 'Patx-Kind';
export const HEADER_LAST_SEQ = 'Patx-Last-Seq';
export const HEADER_EPOCH = 'Patx-Epoch';

/** JetStream's error code when a publish's expected last sequence is not the stream's: another writer got there first. */
export const WRONG_LAST_SEQUENCE = 10071;
/** JetStream's error code when a publish's expected last message id is not the stream's last (the fencing chain, shipper.ts). */
export const WRONG_LAST_MSG_ID = 10070;

export interface StreamNames {
  /** The stream, e.g. PATX_JOURNAL. */
  stream: string;
  /** Its one subject, e.g. patx.journal. */
  subject: string;
}

export interface StreamSettings extends StreamNames {
  replicas: number;
  /** Bytes the stream keeps before it drops its oldest messages; a standby further behind than this needs a fresh copy. */
  maxBytes: number;
  /** When full, refuse new messages instead of dropping the oldest (the catalog stream: every write matters). */
  refuseWhenFull?: boolean;
}

/** Creates the stream if it is missing; an existing one is left as it is (its replicas are the operator's to change). */
export async function ensureStream(jsm: JetStreamManager, s: StreamSettings): Promise<void> {
  try {
    await jsm.streams.info(s.stream);
    return;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  // A cluster just started may not count all its servers yet ("no suitable peers for placement"): wait for them a while.
  const deadline = performance.now() + PLACEMENT_WAIT_MS;
  for (;;) {
    try {
      await jsm.streams.add({
        name: s.stream,
        subjects: [s.subject],
        num_replicas: s.replicas,
        max_bytes: s.maxBytes,
        discard: s.refuseWhenFull === true ? DiscardPolicy.New : DiscardPolicy.Old,
        // Publishes retried with the same id within this window are stored once.
        duplicate_window: 120_000_000_000,
      });
      return;
    } catch (error) {
      if (!(error instanceof Error && error.message.includes('no suitable peers')) || performance.now() > deadline) throw error;
      await sleep(200);
    }
  }
}

const PLACEMENT_WAIT_MS = 15_000;

function isNotFound(error: unknown): boolean {
  const code = (error as { api_error?: { err_code?: number }; code?: unknown }).api_error?.err_code;
  return code === 10059 || /stream not found/i.test(String((error as Error).message));
}

export function messageHeaders(kind: MessageKind, lastSeq: number, epoch: number): MsgHdrs {
  const h = headers();
  h.set(HEADER_KIND, kind);
  h.set(HEADER_LAST_SEQ, String(lastSeq));
  h.set(HEADER_EPOCH, String(epoch));
  return h;
}

export interface MessageMeta {
  kind: MessageKind;
  lastSeq: number;
  epoch: number;
}

export class StreamMessageError extends Error {
  override readonly name = 'StreamMessageError';
  constructor(
    readonly streamSeq: number,
    reason: string,
  ) {
    super(`replicated journal message at stream seq ${streamSeq}: ${reason}`);
  }
}

/** The kind, last engine seq and epoch a stream message carries; StreamMessageError if they are missing or malformed. */
export function metaOf(h: MsgHdrs | undefined, streamSeq: number): MessageMeta {
  const kind = h?.get(HEADER_KIND);
  if (kind !== MessageKind.RECORD && kind !== MessageKind.CHECKPOINT && kind !== MessageKind.LEADER) {
    throw new StreamMessageError(streamSeq, `unknown kind ${JSON.stringify(kind)}`);
  }
  const lastSeq = Number(h!.get(HEADER_LAST_SEQ));
  const epoch = Number(h!.get(HEADER_EPOCH));
  if (!Number.isSafeInteger(lastSeq) || lastSeq < 0) throw new StreamMessageError(streamSeq, `bad ${HEADER_LAST_SEQ}`);
  if (!Number.isSafeInteger(epoch) || epoch < 0) throw new StreamMessageError(streamSeq, `bad ${HEADER_EPOCH}`);
  return { kind, lastSeq, epoch };
}

export interface Checkpoint {
  seq: number;
  stateHash: string;
}

export interface LeaderNotice {
  node: string;
  epoch: number;
  lastSeq: number;
  /** A leader that seeds an empty stream with its journal (journal-seed.ts): the last seq of the journal it seeds. */
  seedThroughSeq?: number;
}

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

export function encodeJson(value: Checkpoint | LeaderNotice): Uint8Array {
  return utf8.encode(JSON.stringify(value));
}

export function decodeCheckpoint(data: Uint8Array, streamSeq: number): Checkpoint {
  const v = parseJson(data, streamSeq) as Partial<Checkpoint>;
  if (!Number.isSafeInteger(v.seq) || typeof v.stateHash !== 'string') throw new StreamMessageError(streamSeq, 'malformed checkpoint');
  return { seq: v.seq!, stateHash: v.stateHash };
}

export function decodeLeaderNotice(data: Uint8Array, streamSeq: number): LeaderNotice {
  const v = parseJson(data, streamSeq) as Partial<LeaderNotice>;
  if (typeof v.node !== 'string' || !Number.isSafeInteger(v.epoch) || !Number.isSafeInteger(v.lastSeq)) throw new StreamMessageError(streamSeq, 'malformed leader notice');
  if (v.seedThroughSeq !== undefined && !(Number.isSafeInteger(v.seedThroughSeq) && v.seedThroughSeq > 0)) throw new StreamMessageError(streamSeq, 'malformed leader notice: seedThroughSeq');
  return { node: v.node, epoch: v.epoch!, lastSeq: v.lastSeq!, ...(v.seedThroughSeq === undefined ? {} : { seedThroughSeq: v.seedThroughSeq }) };
}

function parseJson(data: Uint8Array, streamSeq: number): unknown {
  try {
    return JSON.parse(utf8Strict.decode(data));
  } catch (error) {
    throw new StreamMessageError(streamSeq, `not JSON: ${(error as Error).message}`);
  }
}

/** The stream's first and last message seqs (0, 0 when empty). */
export async function streamBounds(jsm: JetStreamManager, stream: string): Promise<{ first: number; last: number; messages: number }> {
  const info = await jsm.streams.info(stream);
  return { first: info.state.first_seq, last: info.state.last_seq, messages: info.state.messages };
}

/**
 * How long a follower's pull request waits on the server (the client's default is 30 s). The
 * client notices a pull that stopped delivering (the server answered it 409, e.g. its consumer
 * was removed, and the client then waits for heartbeats) after two missed idle heartbeats of
 * half this each: 2 s here, 30 s by default, when a standby would sit that long behind the stream.
 */
export const FOLLOW_PULL_EXPIRES_MS = 2_000;

/** The client's notices that a follower's pull went wrong or was mended (not its heartbeats, nexts or expiries): for the logs. */
const PULL_TROUBLE = new Set<ConsumerNotification['type']>(['heartbeats_missed', 'consumer_not_found', 'stream_not_found', 'consumer_deleted', 'ordered_consumer_recreated', 'exceeded_limits', 'reset', 'no_responders']);

/** A follower's pull in trouble or mended: the client's notice, or a catch-up that followed a stalled reader anew. */
export type PullTrouble = ConsumerNotification | { type: 'catch_up_stalled'; streamSeq: number; last: number };

/** Tells `tell` of each notice of trouble on `messages`' pull until they close. */
export function watchPull(messages: ConsumerMessages, tell: ((trouble: PullTrouble) => void) | undefined): void {
  if (tell === undefined) return;
  void (async () => {
    for await (const notice of messages.status()) if (PULL_TROUBLE.has(notice.type)) tell(notice);
  })().catch(() => undefined);
}

/** What catchUpStream needs of a follower: how far it has taken the stream, whether it failed, how to stop it and follow again. */
export interface StreamReader {
  readonly lastStreamSeq: number;
  readonly failed: Error | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A reader that takes nothing for this long while behind the stream's end during a catch-up
 * is followed anew from where it is: a takeover does not wait for the client to notice a
 * stalled pull (FOLLOW_PULL_EXPIRES_MS), nor for its own timeout.
 */
const CATCH_UP_STALL_MS = 1_000;

/**
 * Waits until `reader` has taken every message up to the stream's end as it is now, then
 * stops it: what a new leader does before it writes. Returns the stream seq it ended at:
 * the stream's last seq, even when its last messages were deleted (an operator's purge of
 * one, a limit), which no reader is ever given: it has taken all there is once it has the
 * last message stored (gaps before it are skipped by the consumer). Before 2026-12-06 a
 * deleted last message held a takeover here for ever. A reader that stalls is started
 * again (CATCH_UP_STALL_MS); `tell` is told each time.
 */
export async function catchUpStream(jsm: JetStreamManager, names: StreamNames, reader: StreamReader, timeoutMs: number, tell?: (trouble: PullTrouble) => void): Promise<number> {
  const { last, messages } = await streamBounds(jsm, names.stream);
  const stored = messages === 0 ? 0 : await lastStoredSeq(jsm, names);
  const deadline = Date.now() + timeoutMs;
  let seen = reader.lastStreamSeq;
  let seenAtMs = Date.now();
  while (reader.lastStreamSeq < stored && reader.failed === undefined) {
    const now = Date.now();
    if (now > deadline) throw new CatchUpTimeoutError(`catch-up of ${names.stream} timed out at stream seq ${reader.lastStreamSeq} of ${stored}`);
    if (reader.lastStreamSeq !== seen) {
      seen = reader.lastStreamSeq;
      seenAtMs = now;
    } else if (now - seenAtMs >= CATCH_UP_STALL_MS) {
      tell?.({ type: 'catch_up_stalled', streamSeq: seen, last: stored });
      await reader.stop();
      if (reader.failed !== undefined) break;
      await reader.start();
      seenAtMs = Date.now();
      continue;
    }
    await sleep(5);
  }
  await reader.stop();
  if (reader.failed !== undefined) throw reader.failed;
  // Past the last message stored, only deleted ones up to `last`: the next write must follow `last` (its expected last sequence).
  return Math.max(reader.lastStreamSeq, last);
}

/** The seq of the stream's last message stored on its subject (0: none), below its last seq when the last were deleted. */
async function lastStoredSeq(jsm: JetStreamManager, names: StreamNames): Promise<number> {
  const m = await jsm.streams.getMessage(names.stream, { last_by_subj: names.subject });
  return m?.seq ?? 0;
}

/**
 * The stream seq of the first message covering engine seqs after `engineSeq` (the first
 * whose Patx-Last-Seq exceeds it), by binary search over the stored messages; `last + 1`
 * when none does. Last seqs never decrease along the stream, since only the leader
 * writes and each message continues from the one before.
 */
export async function findStartSeq(jsm: JetStreamManager, stream: string, engineSeq: number): Promise<number> {
  const { first, last, messages } = await streamBounds(jsm, stream);
  if (messages === 0) return last + 1;
  let lo = first;
  let hi = last + 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const m = await storedAt(jsm, stream, mid);
    if (m === null) throw new StreamMessageError(mid, 'missing inside the stream\'s bounds');
    if (metaOf(m.header, m.seq).lastSeq > engineSeq) hi = mid;
    else lo = m.seq + 1;
  }
  return lo;
}

/**
 * The stored message at `seq`; null if there is none (nothing deletes single messages from this stream: only the
 * limits purge its front). Any other failure is thrown, never read as "none": a read that timed out while the stream
 * elected its leader once made a restarting node stop with "missing inside the stream's bounds".
 */
async function storedAt(jsm: JetStreamManager, stream: string, seq: number): Promise<StoredMsg | null> {
  return await jsm.streams.getMessage(stream, { seq });
}
