/**
 * A command on its way from a session through the sequencer (server.ts), and the
 * CommandSender that answers it. It also serves as the ack's view of the command's
 * events (AckedCommand), filled in just before the ack is written. Once it has been
 * heard (acked or refused: exactly once, the sequencer's contract) it holds nothing of
 * the session's and goes back to its pool for the next command.
 *
 * One class for every command that reaches `writeCommandAckFrame`, the start's warm-up
 * of the order path's included (src/app/order-path-warm-up.ts): the ack's reads of its
 * fields then see one object shape, as the warm-up compiled them.
 */
import type { CommandSender, EngineEvent } from '../engine/index.js';
import type { AckedCommand } from './ack-frames.js';
import type { Connection } from './connection.js';

const NO_EVENTS: readonly EngineEvent[] = [];

/** What a SessionCommand calls back into, made once per owner: an order costs one object, not two closures. */
export interface SessionReplies {
  /** The command is journaled; `command` holds its seq, time and events until this returns. */
  acked(command: SessionCommand): void;
  refused(command: SessionCommand, error: Error): void;
}

/**
 * Senders kept for reuse, at most this many (issue 79: one made per order was 113 of the ~1,100
 * bytes an order allocated at 50k orders/s, and with them the young GCs' rate).
 */
const MAX_POOLED_SENDERS = 4_096;

export class SessionCommand implements CommandSender, AckedCommand {
  seq = 0;
  timeMs = 0;
  events: readonly EngineEvent[] = NO_EVENTS;
  from = 0;
  to = 0;
  /** Whose session sent it; undefined while pooled (and for the warm-up's, which have none). */
  connection: Connection | undefined = undefined;
  /** The account it acts for: the ack's account. */
  accountId = 0;
  requestId = 0;
  receivedAtMonoMs = 0;

  constructor(
    private readonly replies: SessionReplies,
    private readonly pool: SessionCommand[],
  ) {}

  /** A pooled sender, or a new one. */
  static from(replies: SessionReplies, pool: SessionCommand[]): SessionCommand {
    return pool.pop() ?? new SessionCommand(replies, pool);
  }

  acked(seq: number, timeMs: number, events: readonly EngineEvent[], from: number, to: number): void {
    this.seq = seq;
    this.timeMs = timeMs;
    this.events = events;
    this.from = from;
    this.to = to;
    this.replies.acked(this);
    this.heard();
  }

  refused(error: Error): void {
    this.replies.refused(this, error);
    this.heard();
  }

  private heard(): void {
    this.events = NO_EVENTS; // the turn's list is not ours to keep
    this.connection = undefined;
    if (this.pool.length < MAX_POOLED_SENDERS) this.pool.push(this);
  }
}
