/**
 * The single writer. Commands from every source (sessions, the quoter, the
 * chain watcher, the operator, timers) enter one queue. Each turn of the loop
 * takes up to `maxBatchCommands`, stamps them with consecutive sequence numbers
 * and one time, applies them to the engine, and appends them to the journal as
 * one record (group commit). The events a command produced are released (to
 * the command's sender and to event listeners) only after the record holding it
 * has committed, or been flushed, per the journal's durability mode.
 *
 * In 'commit' durability a turn's record is committed on this thread as it is
 * appended, and the turn is released right after. In 'flush' durability turns
 * are pipelined: while LMDB commits and fsyncs turn N on its own thread, turn
 * N+1 is applied in memory. Nothing of turn N+1 is released before turn N, and
 * the number of commands applied but not yet committed is bounded.
 */
import { CommandQueue } from './command-queue.js';
import { CommandKind, SYSTEM_ACTOR, type Command } from '../core/commands.js';
import type { Engine } from '../engine.js';
import { PREFETCH_GROUP, prefetchCommands } from './prefetch.js';
import type { EngineEvent } from '../core/events.js';
import type { Journal } from './journal.js';
import { encodeState, hashStateBytes, stateHash } from './state-codec.js';
import { unwritableCommand } from './command-codec.js';

/** What the sequencer needs of a journal: the LMDB Journal itself, or the replicated one around it (src/replication/). */
export type TurnJournal = Pick<Journal, 'lastSeq' | 'append' | 'appendCommitted' | 'commitsOnAppend' | 'saveSnapshot'>;

export interface SequencerOptions {
  /** Commands per turn (per journal record). */
  maxBatchCommands: number;
  /** Commands waiting in the queue before `submit` refuses with SequencerBusyError. */
  maxQueuedCommands: number;
  /** Commands applied but not yet journaled before the loop waits for the journal. */
  maxUncommittedCommands: number;
  /** Take a snapshot after this many commands since the last one (0 = never by count). */
  snapshotEveryCommands: number;
  /** Take a snapshot when this much time has passed since the last one and something changed (0 = never by time). */
  snapshotEveryMs: number;
}

export const DEFAULT_SEQUENCER_OPTIONS: SequencerOptions = {
  maxBatchCommands: 4096,
  maxQueuedCommands: 1_000_000,
  maxUncommittedCommands: 65_536,
  snapshotEveryCommands: 1_000_000,
  snapshotEveryMs: 60_000,
};

/** What a sender gets back once its command is journaled. */
export interface CommandResult {
  seq: number;
  timeMs: number;
  events: EngineEvent[];
}

/** A journaled turn, as event listeners see it. */
export interface ReleasedBatch {
  firstSeq: number;
  timeMs: number;
  commands: readonly Command[];
  /** All events of the turn, in order; each carries the seq of its command. */
  events: readonly EngineEvent[];
  /** performance.now() when the turn was applied: release time minus this is the journal commit latency. */
  appliedAtMonoMs: number;
}

export type Ack = (result: CommandResult) => void;

/**
 * Who hears about a queued command, for hot paths (`enqueueFrom`): one object per
 * command instead of an ack and a fail closure, and the command's events as a
 * range of the turn's list instead of a copied array in a CommandResult.
 */
export interface CommandSender {
  /** Journaled. The command's events are `events[from..to)`; the list is the turn's, valid only during this call. */
  acked(seq: number, timeMs: number, events: readonly EngineEvent[], from: number, to: number): void;
  /** Not queued or not journaled: SequencerBusyError, SequencerStoppedError, DiskLowError or UnwritableCommandError. Nothing of the command took effect. */
  refused(error: Error): void;
}

export class SequencerBusyError extends Error {
  override readonly name = 'SequencerBusyError';
  constructor(readonly queued: number) {
    super(`sequencer queue is full (${queued} commands waiting); retry later`);
  }
}

export class SequencerStoppedError extends Error {
  override readonly name = 'SequencerStoppedError';
  constructor(override readonly cause?: unknown) {
    super(cause === undefined ? 'sequencer is stopped' : `sequencer stopped after a failure: ${String(cause)}`);
  }
}

/** A command the journal could not write (`unwritableCommand`): refused before it is queued; nothing of it took effect. */
export class UnwritableCommandError extends Error {
  override readonly name = 'UnwritableCommandError';
  constructor(readonly reason: string) {
    super(`the command cannot be journaled: ${reason}`);
  }
}

/**
 * The disk under the journal is nearly full (the service watches it: src/app/data-dir-space.ts).
 * LMDB must never meet a full disk: lmdb-js can corrupt its process's heap after a write
 * fails with ENOSPC. So, reversibly, below the low mark only commands that take risk away
 * are queued (cancels, kill switches, pulled quotes, and the system's own: deposits,
 * settlements, the schedule); below the minimum, none. Snapshots wait meanwhile.
 */
export interface DiskRefusal {
  freeBytes: number;
  /** The mark the free space is under. */
  limitBytes: number;
  cancelsOnly: boolean;
}

/** How far the disk is under its mark, in words: "99 MiB free, under 100 MiB" (this error's and the service's messages). */
export function diskShortfall(freeBytes: number, limitBytes: number): string {
  const mib = (n: number): string => `${Math.floor(n / 2 ** 20)} MiB`;
  return `${mib(freeBytes)} free, under ${mib(limitBytes)}`;
}

export class DiskLowError extends Error {
  override readonly name = 'DiskLowError';
  constructor(readonly refusal: DiskRefusal) {
    super(`the disk under the journal has ${diskShortfall(refusal.freeBytes, refusal.limitBytes)}: ${refusal.cancelsOnly ? 'only cancels are taken' : 'no command is taken'}; nothing was done, retry once space is freed`);
  }
}

/** What is still queued while the disk is low (DiskRefusal.cancelsOnly) or order entry is busy (gateway.busyAtQueuedCommands): what takes risk away, and the system's own commands. */
export function takesRiskAway(cmd: Command): boolean {
  // Subscriptions' purchases are consumers' buys made by the system: refused as theirs would be.
  if (cmd.kind === CommandKind.RUN_SUBSCRIPTIONS) return false;
  if (cmd.actor === SYSTEM_ACTOR) return true;
  switch (cmd.kind) {
    case CommandKind.CANCEL_ORDER:
    case CommandKind.MASS_CANCEL:
    case CommandKind.SET_KILL_SWITCH:
    case CommandKind.CANCEL_SUBSCRIPTION:
    case CommandKind.CANCEL_TIER_SUBSCRIPTION:
    // Cancel-on-disconnect: arming it makes a session's orders come down with it, ending it takes them down.
    case CommandKind.ARM_CANCEL_ON_DISCONNECT:
    case CommandKind.END_CANCEL_ON_DISCONNECT:
      return true;
    case CommandKind.MASS_QUOTE:
      return cmd.bids.priceMicros.length === 0 && cmd.asks.priceMicros.length === 0; // a pull
    default:
      return false;
  }
}

/** `enqueue`'s callbacks as a sender: the result is copied out of the turn's events. */
class CallbackSender implements CommandSender {
  constructor(
    private readonly ack: Ack | undefined,
    private readonly fail: ((error: Error) => void) | undefined,
  ) {}

  acked(seq: number, timeMs: number, events: readonly EngineEvent[], from: number, to: number): void {
    this.ack?.({ seq, timeMs, events: events.slice(from, to) });
  }

  refused(error: Error): void {
    this.fail?.(error);
  }
}

/** `enqueue` without callbacks: nobody hears, so one sender serves every such command. */
const NOBODY: CommandSender = { acked: () => undefined, refused: () => undefined };

/**
 * The turn a read was answered in, as its delivery sees it (`readInTurn`): the events of the commands queued
 * before the read are `events[0..eventsBefore)`. Valid only during the delivery.
 */
export type ReadTurn = Pick<ReleasedBatch, 'firstSeq' | 'timeMs' | 'commands' | 'events'>;

/** A read (see `read`): captures state at its place in the queue; delivered with the turn's release. */
class PendingRead {
  deliver: ((turn: ReadTurn, eventsBefore: number) => void) | undefined = undefined;
  /** How many of its turn's events came before it (set at its capture). */
  eventsBefore = 0;
  constructor(
    readonly capture: (engine: Engine) => (turn: ReadTurn, eventsBefore: number) => void,
    private readonly fail: ((error: Error) => void) | undefined,
  ) {}

  refused(error: Error): void {
    this.fail?.(error);
  }
}

/** Who hears about a queue entry: a command's sender, or a read (the entry's command is then undefined); either can be refused. */
type Hearer = CommandSender | PendingRead;

interface Turn {
  firstSeq: number;
  timeMs: number;
  commands: Command[];
  /** The turn's entries in queue order: a command, or undefined for a read, and who hears about it. */
  entries: (Command | undefined)[];
  hearers: Hearer[];
  events: EngineEvent[];
  /** events[eventStart[i]] .. events[eventStart[i+1]] belong to commands[i]. */
  eventStart: number[];
  appliedAtMonoMs: number;
}

export class Sequencer {
  private readonly options: SequencerOptions;
  private readonly queue = new CommandQueue<Command, Hearer>();
  private scheduled = false;
  private uncommitted = 0;
  private lastRelease: Promise<void> = Promise.resolve();
  /** One per component that follows released turns, each added once at start (there is no per-session listener): a handful. */
  private readonly listeners: Array<(batch: ReleasedBatch) => void> = [];
  /** Called once a released turn's senders have all heard, before `listeners` (onSendersHeard). */
  private readonly heardListeners: Array<() => void> = [];
  /** Told how long each snapshot held this thread (onSnapshotPause). */
  private readonly pauseListeners: Array<(ms: number) => void> = [];
  private failure: unknown = undefined;
  /** A journal write failed: no later turn is released, even if its own record committed. */
  private journalBroken = false;
  private stopping = false;
  private commandsSinceSnapshot = 0;
  private lastSnapshotAtMs: number;
  /** The last snapshot's size: the next one's writer starts about that big. */
  private lastSnapshotBytes = 0;
  private snapshotInFlight: Promise<void> | undefined;
  private diskRefusal: DiskRefusal | undefined = undefined;

  constructor(
    readonly engine: Engine,
    private readonly journal: TurnJournal,
    private readonly clock: () => number,
    options: Partial<SequencerOptions> = {},
    /** Called once if the loop must stop (journal write failed, engine invariant broke). */
    private readonly onFatal: (error: unknown) => void = () => undefined,
  ) {
    this.options = { ...DEFAULT_SEQUENCER_OPTIONS, ...options };
    this.lastSnapshotAtMs = clock();
    if (journal.lastSeq() !== engine.lastSeq) {
      throw new Error(`engine is at seq ${engine.lastSeq} but the journal ends at ${journal.lastSeq()}: recover first`);
    }
  }

  /** Listens to every released turn, in order. */
  onRelease(listener: (batch: ReleasedBatch) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Called once per released turn, after every sender and read of the turn has heard and
   * before the turn's listeners run: the gateway writes its acks out here, so an order's ack
   * does not wait for what the listeners do with the turn (read models, market data).
   */
  onSendersHeard(listener: () => void): void {
    this.heardListeners.push(listener);
  }

  /**
   * Told, after each snapshot, how long it held the engine's thread (ms): the encoding, the hash and,
   * in 'commit' durability, the write. No command is applied meanwhile (/metrics: patx_snapshot_pause_seconds).
   */
  onSnapshotPause(listener: (ms: number) => void): void {
    this.pauseListeners.push(listener);
  }

  get queuedCommands(): number {
    return this.queue.size;
  }

  /** Queues a command; resolves with its events once it is journaled. */
  submit(cmd: Command): Promise<CommandResult> {
    return new Promise((resolve, reject) => this.enqueue(cmd, resolve, reject));
  }

  /**
   * Queues a command with callbacks instead of a promise (the order path uses enqueueFrom: one object, no result copy).
   * Throws SequencerBusyError, SequencerStoppedError, DiskLowError or UnwritableCommandError synchronously instead of queuing.
   */
  enqueue(cmd: Command, ack?: Ack, fail?: (error: Error) => void): void {
    const refusal = this.refusal(cmd);
    if (refusal !== undefined) {
      if (fail) return fail(refusal);
      throw refusal;
    }
    this.queue.push(cmd, ack === undefined && fail === undefined ? NOBODY : new CallbackSender(ack, fail));
    this.schedule();
  }

  /** Queues a command for a sender, which hears exactly once: acked, or refused (synchronously when the queue is full or the loop stopped). */
  enqueueFrom(cmd: Command, sender: CommandSender): void {
    const refusal = this.refusal(cmd);
    if (refusal !== undefined) return sender.refused(refusal);
    this.queue.push(cmd, sender);
    this.schedule();
  }

  /** Why a command cannot be queued now, if it cannot. */
  private refusal(cmd: Command): Error | undefined {
    if (this.failure !== undefined || this.stopping) return new SequencerStoppedError(this.failure);
    if (this.queuedCommands >= this.options.maxQueuedCommands) return new SequencerBusyError(this.queuedCommands);
    const disk = this.diskRefusal;
    if (disk !== undefined && !(disk.cancelsOnly && takesRiskAway(cmd))) return new DiskLowError(disk);
    const unwritable = unwritableCommand(cmd);
    if (unwritable !== undefined) return new UnwritableCommandError(unwritable);
    return undefined;
  }

  /** The disk under the journal is low (what to refuse), or no longer (undefined). Commands already queued are journaled. */
  setDiskRefusal(refusal: DiskRefusal | undefined): void {
    this.diskRefusal = refusal;
  }

  /**
   * Reads engine state consistently with the journal: `capture` runs at this
   * read's place in the queue (after every command queued before it, before any
   * queued after), and `deliver` runs only once all those commands are journaled
   * and released. So a reader never sees state that could still be lost, and a
   * client that sends an order and then a query sees the order. `capture` must
   * not change the engine; it returns what to deliver. A `capture` that throws
   * fails this read alone (`fail` hears its error when the turn is released): a
   * view's fault is not the engine's, which a capture leaves as it was. Without
   * `fail` it stops the sequencer, as a command that breaks an invariant does. A full queue
   * (`maxQueuedCommands`) refuses a read as it refuses a command: SequencerBusyError.
   */
  read<T>(capture: (engine: Engine) => T, deliver: (value: T) => void, fail?: (error: Error) => void): void {
    this.readInTurn(capture, deliver, fail);
  }

  /**
   * `read`, whose delivery also sees the turn it was answered in, and which of the turn's events came before it
   * (`ReadTurn`): a reader of a read model, which takes a turn only after its senders and reads have heard
   * (`onRelease`), finds there what the commands queued before it did in this turn (src/gateway/order-history.ts).
   */
  readInTurn<T>(capture: (engine: Engine) => T, deliver: (value: T, turn: ReadTurn, eventsBefore: number) => void, fail?: (error: Error) => void): void {
    // A read takes a place in the queue as a command does, so the queue's bound is its too: reads queued without one
    // grew the heap by gigabytes and held every command behind them (an attacker's review).
    const refused = this.failure !== undefined || this.stopping ? new SequencerStoppedError(this.failure) : this.queuedCommands >= this.options.maxQueuedCommands ? new SequencerBusyError(this.queuedCommands) : undefined;
    if (refused !== undefined) {
      if (fail) return fail(refused);
      throw refused;
    }
    const read = (engine: Engine): ((turn: ReadTurn, eventsBefore: number) => void) => {
      let value: T;
      try {
        value = capture(engine);
      } catch (error) {
        if (fail === undefined) throw error;
        const failure = error instanceof Error ? error : new Error(String(error));
        return () => fail(failure);
      }
      return (turn, eventsBefore) => deliver(value, turn, eventsBefore);
    };
    this.queue.push(undefined, new PendingRead(read, fail));
    this.schedule();
  }

  /**
   * `read` as a promise: what `capture` returned, once the commands queued before it are
   * journaled and released; rejected with SequencerStoppedError when the sequencer stops
   * first, SequencerBusyError when its queue is full, or with the capture's own error.
   */
  released<T>(capture: (engine: Engine) => T): Promise<T> {
    return new Promise((resolve, reject) => this.read(capture, resolve, reject));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.turn());
  }

  /** One loop turn: apply a batch, journal it, release it (now, or chained on the journal). */
  private turn(): void {
    this.scheduled = false;
    if (this.failure !== undefined) return;
    if (this.uncommitted >= this.options.maxUncommittedCommands) return; // the release of an earlier turn reschedules
    const count = Math.min(this.queuedCommands, this.options.maxBatchCommands);
    if (count === 0) return;
    const turn = this.applyBatch(count);
    if (turn === undefined) return;
    // 'commit' durability: every turn's record is committed as it is appended, so no turn
    // is ever left waiting and each can be released at once, with no promise per turn.
    const journaled = this.journal.commitsOnAppend ? this.commitAndRelease(turn) : this.chainRelease(turn);
    if (!journaled) return;
    this.maybeSnapshot(turn.commands.length);
    if (this.queuedCommands > 0) this.schedule();
  }

  /** 'commit' durability: the record is committed when appendCommitted returns. False if the journal refused or failed it, or the release threw. */
  private commitAndRelease(turn: Turn): boolean {
    try {
      if (turn.commands.length > 0) this.journal.appendCommitted({ firstSeq: turn.firstSeq, timeMs: turn.timeMs, commands: turn.commands });
    } catch (error) {
      this.fail(error);
      this.abandon(turn);
      return false;
    }
    this.uncommitted += turn.commands.length;
    try {
      this.release(turn);
    } catch (error) {
      this.fail(error); // a throwing ack or listener stops the loop, as on the chained path
      return false;
    }
    return true;
  }

  /** 'flush' durability: release once this turn's record and every earlier one are on disk. False if the journal refused it. */
  private chainRelease(turn: Turn): boolean {
    let appended: Promise<void>;
    try {
      // A turn of reads only has nothing to journal; it is released after the turns before it.
      appended =
        turn.commands.length === 0
          ? Promise.resolve()
          : this.journal.append({ firstSeq: turn.firstSeq, timeMs: turn.timeMs, commands: turn.commands });
    } catch (error) {
      this.fail(error);
      this.abandon(turn);
      return false;
    }
    this.uncommitted += turn.commands.length;
    // A failed write stops the loop at once; the turn itself is settled in turn order below.
    const committed = appended.then(
      () => true,
      (error: unknown) => {
        this.fail(error);
        return false;
      },
    );
    // Ack a turn only if its record and every earlier turn's record committed; otherwise its submitters
    // get SequencerStoppedError (none is left waiting). A throwing ack or listener stops the loop too.
    this.lastRelease = Promise.all([this.lastRelease, committed])
      .then(([, ok]) => {
        if (ok && !this.journalBroken) return this.release(turn);
        this.journalBroken = true;
        this.uncommitted -= turn.commands.length;
        this.abandon(turn);
      })
      .catch((error: unknown) => this.fail(error));
    return true;
  }

  /** What prefetchCommands read, kept so the reads are not optimised away; means nothing. */
  private prefetched = 0;

  private applyBatch(count: number): Turn | undefined {
    // The turn's arrays sized once (issue 79): grown push by push, each was copied several times a turn,
    // garbage for every young GC. commands and eventStart are cut to size after, when the turn had reads.
    const entries = new Array<Command | undefined>(count);
    const hearers = new Array<Hearer>(count);
    this.queue.takeInto(count, entries, hearers);
    // Time never runs backwards, whatever the wall clock does.
    const timeMs = Math.max(this.clock(), this.engine.lastTimeMs);
    const firstSeq = this.engine.lastSeq + 1;
    const commands = new Array<Command>(count);
    const events: EngineEvent[] = [];
    const eventStart = new Array<number>(count + 1);
    let applied = 0;
    try {
      for (let k = 0; k < count; k++) {
        // Read ahead what the next commands touch, so their cache misses overlap (prefetch.ts).
        if (k % PREFETCH_GROUP === 0) this.prefetched += prefetchCommands(this.engine, entries, k, Math.min(count, k + PREFETCH_GROUP));
        const cmd = entries[k];
        if (cmd === undefined) {
          const read = hearers[k] as PendingRead; // an entry without a command is a read
          read.eventsBefore = events.length;
          read.deliver = read.capture(this.engine);
          continue;
        }
        eventStart[applied] = events.length;
        this.engine.apply(cmd, firstSeq + applied, timeMs, events);
        commands[applied++] = cmd;
      }
    } catch (error) {
      // An invariant broke inside the engine (or a read threw): nothing of this turn is journaled or released.
      for (const hearer of hearers) hearer.refused(new SequencerStoppedError(error));
      this.fail(error);
      return undefined;
    }
    eventStart[applied] = events.length;
    if (applied < count) {
      commands.length = applied;
      eventStart.length = applied + 1;
    }
    return { firstSeq, timeMs, commands, entries, hearers, events, eventStart, appliedAtMonoMs: performance.now() };
  }

  private release(turn: Turn): void {
    this.uncommitted -= turn.commands.length;
    let i = 0; // index of the command among the turn's commands
    for (let k = 0; k < turn.entries.length; k++) {
      if (turn.entries[k] === undefined) {
        const read = turn.hearers[k] as PendingRead; // an entry without a command is a read
        read.deliver!(turn, read.eventsBefore);
        continue;
      }
      (turn.hearers[k] as CommandSender).acked(turn.firstSeq + i, turn.timeMs, turn.events, turn.eventStart[i]!, turn.eventStart[i + 1]!);
      i++;
    }
    for (const heard of this.heardListeners) heard();
    if (turn.commands.length > 0) {
      const batch: ReleasedBatch = { firstSeq: turn.firstSeq, timeMs: turn.timeMs, commands: turn.commands, events: turn.events, appliedAtMonoMs: turn.appliedAtMonoMs };
      for (const listener of this.listeners) listener(batch);
    }
    if (this.queuedCommands > 0) this.schedule();
  }

  /** Fails the submitters of a turn that was applied but not journaled (its record, or an earlier one, failed). */
  private abandon(turn: Turn): void {
    for (const hearer of turn.hearers) hearer.refused(new SequencerStoppedError(this.failure));
  }

  private maybeSnapshot(applied: number): void {
    this.commandsSinceSnapshot += applied;
    if (this.snapshotInFlight !== undefined) return;
    const { snapshotEveryCommands, snapshotEveryMs } = this.options;
    const byCount = snapshotEveryCommands > 0 && this.commandsSinceSnapshot >= snapshotEveryCommands;
    const byTime = snapshotEveryMs > 0 && this.clock() - this.lastSnapshotAtMs >= snapshotEveryMs;
    if (byCount || byTime) void this.snapshot();
  }

  /**
   * Writes a snapshot of the state as of the last applied command. Encoding is
   * synchronous and proportional to the state; so is the write in 'commit' mode
   * (in 'flush' mode it happens on LMDB's thread). Either way it lands after the
   * journal records it depends on. Skipped while the disk is low (setDiskRefusal).
   */
  snapshot(): Promise<void> {
    if (this.snapshotInFlight !== undefined) return this.snapshotInFlight;
    if (this.diskRefusal !== undefined) return Promise.resolve(); // the largest write waits for space: recovery replays the journal instead
    const startedMs = performance.now();
    const bytes = encodeState(this.engine, undefined, this.lastSnapshotBytes + (this.lastSnapshotBytes >>> 3));
    this.lastSnapshotBytes = bytes.length;
    const seq = this.engine.lastSeq;
    this.commandsSinceSnapshot = 0;
    this.lastSnapshotAtMs = this.clock();
    const hash = hashStateBytes(bytes);
    this.snapshotInFlight = this.journal
      .saveSnapshot({ seq, stateHash: hash, bytes })
      .catch((error: unknown) => this.fail(error))
      .finally(() => {
        this.snapshotInFlight = undefined;
      });
    const pauseMs = performance.now() - startedMs;
    for (const listener of this.pauseListeners) listener(pauseMs);
    return this.snapshotInFlight;
  }

  /**
   * Stops the loop from outside, as a journal failure would: queued commands are refused,
   * nothing more is applied or acknowledged (a replicated leader that lost its lease).
   */
  halt(reason: Error): void {
    this.fail(reason);
  }

  private fail(error: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = error ?? new Error('unknown failure');
    const hearers: Hearer[] = [];
    this.queue.take(this.queue.size, [], hearers);
    for (const hearer of hearers) hearer.refused(new SequencerStoppedError(error));
    this.onFatal(error);
  }

  /** Resolves when every command queued so far is journaled and released. */
  async drain(): Promise<void> {
    while (this.failure === undefined && (this.queuedCommands > 0 || this.uncommitted > 0)) {
      if (this.queuedCommands > 0) this.schedule();
      await this.lastRelease;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (this.failure !== undefined) throw new SequencerStoppedError(this.failure);
  }

  /** Stops taking commands, journals and releases what was queued, waits for a pending snapshot. */
  async stop(): Promise<void> {
    this.stopping = true;
    try {
      await this.drain();
    } finally {
      await this.snapshotInFlight;
    }
  }

  get stopped(): boolean {
    return this.stopping || this.failure !== undefined;
  }

  /** The state hash now (cost: one state encoding). */
  stateHash(): string {
    return stateHash(this.engine);
  }
}
