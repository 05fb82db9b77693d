/**
 * Operators' notes: an action an operator takes outside the engine (an operator added or revoked
 * in operators.json, an alarm cleared on the alarm board) journaled as NOTE_OPERATOR_ACTION, so the
 * audit trail derived from the journal holds it on every node, a standby's and one rebuilt included
 * (src/operator/audit-trail.ts). Nothing in the engine's state changes: the command is the record.
 * A new command kind: no journal written before it holds one, so no rules version is needed.
 *
 * A module of the engine's state machine, within `Engine.apply`.
 */
import { OperatorAction, type NoteOperatorAction } from './commands.js';
import type { EngineState } from './engine-state.js';
import { EventType } from './events.js';
import { RejectReason } from './reject-reason.js';

/** The longest operator name a note carries (the credentials' own bound is lower). */
export const MAX_OPERATOR_NOTE_BY = 64;
/** The longest detail a note carries, in UTF-16 units: a roles list or an alarm's summary, not a document. */
export const MAX_OPERATOR_NOTE_DETAIL = 2_048;

const ACTIONS: ReadonlySet<number> = new Set(Object.values(OperatorAction));

export type OperatorNoteEngine = Pick<EngineState, 'seq' | 'out' | 'isOperator' | 'rejectCommand'>;

export class OperatorNotes {
  constructor(private readonly e: OperatorNoteEngine) {}

  note(cmd: NoteOperatorAction): void {
    const reason = this.check(cmd);
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    this.e.out.push({ type: EventType.OPERATOR_ACTION_NOTED, seq: this.e.seq, actor: cmd.actor, action: cmd.action, by: cmd.by, detail: cmd.detail });
  }

  private check(cmd: NoteOperatorAction): RejectReason {
    if (!this.e.isOperator(cmd.actor)) return RejectReason.ROLE_NOT_ALLOWED;
    if (!ACTIONS.has(cmd.action)) return RejectReason.INVALID_OPERATOR_NOTE;
    if (typeof cmd.by !== 'string' || cmd.by.length === 0 || cmd.by.length > MAX_OPERATOR_NOTE_BY) return RejectReason.INVALID_OPERATOR_NOTE;
    if (typeof cmd.detail !== 'string' || cmd.detail.length > MAX_OPERATOR_NOTE_DETAIL) return RejectReason.INVALID_OPERATOR_NOTE;
    return RejectReason.NONE;
  }
}
