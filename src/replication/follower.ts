/**
 * A standby's side of the replicated journal: follows the stream from where its own
 * journal ends, stores each record byte for byte in its own LMDB journal, applies it to
 * its own engine, and compares its state hash with the leader's at every checkpoint.
 * On a takeover it finishes the stream (`catchUp`) and hands over the engine it built.
 *
 * A follower never writes to the stream. What it applies is exactly what the leader
 * journaled: the record's bytes pass their CRC, continue the follower's journal with no
 * gap, and the commands are applied with the seqs and time the leader stamped.
 */
import { DeliverPolicy, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { CURRENT_RULES, encodeState, hashStateBytes, newerRulesAdopted, parseJournalRecord, stateHash, type Command, type Engine, type EngineEvent, type Journal, type ReleasedBatch } from '../engine/index.js';
import { readJournalSeed } from './journal-seed.js';
import { catchUpStream, decodeCheckpoint, decodeLeaderNotice, findStartSeq, FOLLOW_PULL_EXPIRES_MS, MessageKind, metaOf, streamBounds, watchPull, type PullTrouble, type StreamNames } from './stream.js';

export class FollowerDivergedError extends Error {
  override readonly name = 'FollowerDivergedError';
  constructor(
    readonly seq: number,
    reason: string,
  ) {
    super(`this standby's state differs from the leader's at seq ${seq}: ${reason}`);
  }
}

export interface FollowerEvents {
  /** A record was applied: its commands and the events they produced (for market-data edges). */
  onApplied?: (batch: ReleasedBatch) => void;
  /** A checkpoint matched this standby's state hash. */
  onCheckpoint?: (seq: number) => void;
  /** The follower stopped on an error it cannot get past (divergence, a damaged record, a gap). */
  onFailed?: (error: Error) => void;
  /** Its pull went wrong or was mended (the client's notice; a catch-up following it anew): for the logs. */
  onPullTrouble?: (trouble: PullTrouble) => void;
  /** Snapshot the engine into its journal after this many applied commands (a restart replays less); default never. */
  snapshotEveryCommands?: number;
  /** A snapshot could not be saved (the follower goes on). */
  onSnapshotFailed?: (error: unknown) => void;
  /** A snapshot was taken: how long it held this thread, ms (its encoding and hash; the write goes on meanwhile). */
  onSnapshot?: (pauseMs: number) => void;
  /**
   * This node's name and whether its journal may seed an empty stream (replication.seedFromJournal, journal-seed.ts):
   * it then follows an empty stream under its journal, and a stream whose seed it began and that lacks the rest.
   */
  seeding?: { node: string; fromJournal: boolean };
}

export class JournalFollower {
  /** Stream seq of the last message taken. */
  private streamSeq = 0;
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private failure: Error | undefined;
  private readonly events: EngineEvent[] = [];
  private sinceSnapshot = 0;
  /** The last snapshot's size: the next one's writer starts about that big. */
  private lastSnapshotBytes = 0;
  checkpointsMatched = 0;
  leaderEpoch = 0;
  leaderNode = '';

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly names: StreamNames,
    readonly engine: Engine,
    readonly journal: Journal,
    private readonly on: FollowerEvents = {},
  ) {
    if (journal.lastSeq() !== engine.lastSeq) throw new Error(`engine at seq ${engine.lastSeq}, journal at ${journal.lastSeq()}: recover first`);
  }

  get lastStreamSeq(): number {
    return this.streamSeq;
  }

  get failed(): Error | undefined {
    return this.failure;
  }

  /** Starts following from the first message after the engine's last seq. */
  async start(): Promise<void> {
    const from = await findStartSeq(this.jsm, this.names.stream, this.engine.lastSeq);
    await this.checkContinues(from);
    this.streamSeq = from - 1;
    const consumer = await this.js.consumers.get(this.names.stream, { filter_subjects: this.names.subject, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: from });
    this.messages = await consumer.consume({ max_messages: 256, expires: FOLLOW_PULL_EXPIRES_MS });
    watchPull(this.messages, this.on.onPullTrouble);
    this.loop = this.run(this.messages);
  }

  /**
   * The stream must continue this standby's journal: the record of the stream that holds
   * the journal's last seq must be the same bytes (else this node journaled something the
   * cluster never received, e.g. an old leader's unshipped tail under 'local' acks), and
   * the stream's front must not have been purged past it (else it needs a fresh copy).
   */
  private async checkContinues(from: number): Promise<void> {
    const lastSeq = this.engine.lastSeq;
    if (lastSeq === 0) return;
    const { first, last, messages } = await streamBounds(this.jsm, this.names.stream);
    if (messages === 0) {
      // Whatever lands on it is checked against this journal as it comes (checkHeld): a seed from another node's journal is refused.
      if (this.on.seeding?.fromJournal === true) return;
      throw new FollowerDivergedError(lastSeq, "the stream is empty but this node has a journal: it belongs to another cluster, or the stream was reset (NATS wiped); to make this node's journal the group's, start it with replication.seedFromJournal (docs/replication.md, \"From one node to a group\")");
    }
    const seed = await readJournalSeed(this.jsm, this.names);
    if (seed !== undefined && !seed.complete && seed.node === this.on.seeding?.node) return; // the rest of its own seed: shipped once it leads
    const covering = await findStartSeq(this.jsm, this.names.stream, lastSeq - 1);
    if (covering > last) throw new FollowerDivergedError(lastSeq, `this node's journal runs past the stream's end: its last records were never replicated (lost at a failover under 'local' acks); move this data dir aside and copy a current node's`);
    if (covering < first || from < first) throw new FollowerDivergedError(lastSeq, 'the stream no longer holds the records after this journal (its limits dropped them); copy a current node\'s data dir');
    for (let seq = covering; seq <= last; seq++) {
      const m = await this.jsm.streams.getMessage(this.names.stream, { seq });
      if (m === null || metaOf(m.header, m.seq).kind !== MessageKind.RECORD) continue;
      const theirs = parseJournalRecord(m.data);
      if (theirs.firstSeq > lastSeq) break;
      const mine = [...this.journal.rawRecords(theirs.firstSeq, 1)][0];
      if (mine === undefined || mine.firstSeq !== theirs.firstSeq || !sameBytes(mine.bytes, theirs.bytes)) {
        throw new FollowerDivergedError(theirs.firstSeq, `the stream's record at seq ${theirs.firstSeq} differs from this node's: move this data dir aside and copy a current node's`);
      }
      return;
    }
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const m of messages) {
        this.take(m);
      }
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private take(m: JsMsg): void {
    if (this.failure !== undefined) return;
    const meta = metaOf(m.headers, m.seq);
    this.streamSeq = m.seq;
    if (meta.kind === MessageKind.RECORD) this.applyRecord(m.data);
    else if (meta.kind === MessageKind.CHECKPOINT) this.compare(decodeCheckpoint(m.data, m.seq));
    else {
      this.leaderEpoch = meta.epoch;
      this.leaderNode = decodeLeaderNotice(m.data, m.seq).node;
    }
  }

  private applyRecord(bytes: Uint8Array): void {
    const record = parseJournalRecord(bytes);
    const lastSeq = record.firstSeq + record.count - 1;
    if (lastSeq <= this.engine.lastSeq) return this.checkHeld(record); // already held: a resumed consumer can repeat; a seed comes again
    if (record.firstSeq !== this.engine.lastSeq + 1) {
      throw new FollowerDivergedError(this.engine.lastSeq + 1, `the stream's next record starts at seq ${record.firstSeq}`);
    }
    this.refuseNewerRules(record);
    // Journal first, as the leader did: a standby that dies here recovers the record from its own journal.
    this.journal.appendRecord(record);
    const events = this.events;
    events.length = 0;
    const onApplied = this.on.onApplied;
    if (onApplied === undefined) {
      // A standby: nothing reads the events, so the order path does not make them (as recovery's replay).
      this.engine.withoutEvents(() => this.applyCommands(record, events));
    } else {
      this.applyCommands(record, events);
      onApplied({ firstSeq: record.firstSeq, timeMs: record.timeMs, commands: record.commands, events: events.slice(), appliedAtMonoMs: performance.now() });
    }
    this.sinceSnapshot += record.count;
    if (this.sinceSnapshot >= (this.on.snapshotEveryCommands ?? Infinity)) this.snapshot();
  }

  /**
   * A record this journal holds already must be the same bytes: one that is not is another journal's (a node that
   * seeded the stream from a journal other than this one), never passed over.
   */
  private checkHeld(record: { firstSeq: number; bytes: Uint8Array }): void {
    const mine = [...this.journal.rawRecords(record.firstSeq, 1)][0];
    if (mine === undefined || mine.firstSeq !== record.firstSeq || !sameBytes(mine.bytes, record.bytes)) {
      throw new FollowerDivergedError(record.firstSeq, `the stream's record at seq ${record.firstSeq} differs from the one this node holds: the stream was seeded from another journal; move this data dir aside and copy a current node's`);
    }
  }

  /**
   * A leader on newer code adopts its rules at its start: applied here they would be refused (UNKNOWN_RULES) and every
   * command after them run under older rules than the leader's, a fork its next checkpoint would find only after this
   * node had journaled it. Stopped before the record is journaled instead (a group is upgraded together: docs/operations.md).
   */
  private refuseNewerRules(record: { firstSeq: number; commands: readonly Command[] }): void {
    for (let i = 0; i < record.commands.length; i++) {
      const version = newerRulesAdopted(record.commands[i]!);
      if (version === undefined) continue;
      throw new FollowerDivergedError(
        record.firstSeq + i,
        `the leader adopted engine rules version ${version}; this node's code knows 0 to ${CURRENT_RULES}: run the leader's PATX on this node (upgrade every node of a group together, docs/operations.md)`,
      );
    }
  }

  private applyCommands(record: { firstSeq: number; timeMs: number; commands: readonly Command[] }, events: EngineEvent[]): void {
    for (let i = 0; i < record.commands.length; i++) this.engine.apply(record.commands[i]!, record.firstSeq + i, record.timeMs, events);
  }

  private snapshot(): void {
    this.sinceSnapshot = 0;
    const startedMs = performance.now();
    const bytes = encodeState(this.engine, undefined, this.lastSnapshotBytes + (this.lastSnapshotBytes >>> 3));
    this.lastSnapshotBytes = bytes.length;
    const stateHash = hashStateBytes(bytes);
    this.on.onSnapshot?.(performance.now() - startedMs);
    void this.journal.saveSnapshot({ seq: this.engine.lastSeq, stateHash, bytes }).catch((error: unknown) => this.on.onSnapshotFailed?.(error));
  }

  private compare(c: { seq: number; stateHash: string }): void {
    if (c.seq !== this.engine.lastSeq) return; // placed after another record than the one we hold last: nothing to compare
    const mine = stateHash(this.engine);
    if (mine !== c.stateHash) throw new FollowerDivergedError(c.seq, `state hash ${mine}, the leader's ${c.stateHash}`);
    this.checkpointsMatched++;
    this.on.onCheckpoint?.(c.seq);
  }

  private fail(error: Error): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    void this.messages?.close();
    this.on.onFailed?.(error);
  }

  /**
   * Takes every message up to the stream's end as it is now, then stops following: what a
   * new leader does before it writes. Returns the stream seq it ended at.
   */
  catchUp(timeoutMs = 10_000): Promise<number> {
    return catchUpStream(this.jsm, this.names, this, timeoutMs, this.on.onPullTrouble);
  }

  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}
