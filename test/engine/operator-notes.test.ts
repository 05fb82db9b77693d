/**
 * Operators' notes (src/engine/core/operator-notes.ts): an operator's action outside the engine (an
 * operator added or revoked, an alarm cleared) journaled as NOTE_OPERATOR_ACTION, so every node's
 * audit trail, and one rebuilt from the journal, holds it. The engine takes it from an operator or the
 * system only, checks the action and the lengths, changes no state (the state hash is the same), and
 * refuses the rest typed and changing nothing. The codec's round trip is test/engine/command-codec.test.ts's.
 */
import { describe, expect, it } from 'vitest';
import { CommandKind, EventType, OperatorAction, RejectReason, stateHash, SYSTEM_ACTOR, type EngineEvent, type NoteOperatorAction } from '../../src/engine/index.js';
import { MAX_OPERATOR_NOTE_BY, MAX_OPERATOR_NOTE_DETAIL } from '../../src/engine/core/operator-notes.js';
import { expectReplaysAgree, journaledFixture } from '../support/journaled-engine.js';
import { expectRefused, type EngineFixture } from '../support/engine-fixture.js';

function note(fx: EngineFixture, o: Partial<NoteOperatorAction> = {}): EngineEvent[] {
  return fx.submit({ kind: CommandKind.NOTE_OPERATOR_ACTION, actor: fx.operator, action: OperatorAction.OPERATOR_ADDED, by: 'admin', detail: '{"name":"ops-2","roles":["risk"]}', ...o } as NoteOperatorAction);
}

describe('operators\' notes', () => {
  it('an operator\'s or the system\'s note is taken as given, and changes no state', () => {
    const { fx } = journaledFixture({ consumers: 1 });
    expect(note(fx)).toEqual([{ type: EventType.OPERATOR_ACTION_NOTED, seq: fx.engine.lastSeq, actor: fx.operator, action: OperatorAction.OPERATOR_ADDED, by: 'admin', detail: '{"name":"ops-2","roles":["risk"]}' }]);
    // The root credential has no engine account: the system acts, its name in `by`.
    expect(note(fx, { actor: SYSTEM_ACTOR, action: OperatorAction.ALARM_CLEARED, detail: '' })[0]).toMatchObject({ type: EventType.OPERATOR_ACTION_NOTED, actor: SYSTEM_ACTOR, action: OperatorAction.ALARM_CLEARED, detail: '' });
    expect(note(fx, { action: OperatorAction.OPERATOR_REVOKED, by: 'x'.repeat(MAX_OPERATOR_NOTE_BY), detail: 'y'.repeat(MAX_OPERATOR_NOTE_DETAIL) })[0]!.type).toBe(EventType.OPERATOR_ACTION_NOTED);
    // The same exchange given three refused commands instead (each takes a seq and changes nothing): the same state.
    const refusedOnly = journaledFixture({ consumers: 1 }).fx;
    for (let i = 0; i < 3; i++) expect(note(refusedOnly, { actor: refusedOnly.consumers[0]! })[0]!.type).toBe(EventType.COMMAND_REJECTED);
    expect(stateHash(fx.engine)).toBe(stateHash(refusedOnly.engine));
  });

  it('refuses, typed and changing nothing: a non-operator, an unknown action, an empty or long name, a long detail', () => {
    const { fx } = journaledFixture({ consumers: 1 });
    const c = fx.consumers[0]!;
    const refused = (reason: RejectReason, o: Partial<NoteOperatorAction>): void => {
      const [e] = expectRefused(fx, reason, () => note(fx, o));
      expect(e).toMatchObject({ type: EventType.COMMAND_REJECTED, commandKind: CommandKind.NOTE_OPERATOR_ACTION });
    };
    refused(RejectReason.ROLE_NOT_ALLOWED, { actor: c });
    refused(RejectReason.ROLE_NOT_ALLOWED, { actor: 999 });
    refused(RejectReason.INVALID_OPERATOR_NOTE, { action: 0 as OperatorAction });
    refused(RejectReason.INVALID_OPERATOR_NOTE, { action: 4 as OperatorAction });
    refused(RejectReason.INVALID_OPERATOR_NOTE, { by: '' });
    refused(RejectReason.INVALID_OPERATOR_NOTE, { by: 'x'.repeat(MAX_OPERATOR_NOTE_BY + 1) });
    refused(RejectReason.INVALID_OPERATOR_NOTE, { detail: 'y'.repeat(MAX_OPERATOR_NOTE_DETAIL + 1) });
    refused(RejectReason.INVALID_OPERATOR_NOTE, { detail: undefined as unknown as string });
  });

  it('a journal replayed (with and without events) and a snapshot decoded agree with the live engine', () => {
    const { fx, journal } = journaledFixture({ consumers: 1 });
    note(fx);
    note(fx, { action: OperatorAction.ALARM_CLEARED, actor: SYSTEM_ACTOR });
    const { snapshot } = expectReplaysAgree(fx, journal);
    const next: NoteOperatorAction = { kind: CommandKind.NOTE_OPERATOR_ACTION, actor: fx.operator, action: OperatorAction.OPERATOR_REVOKED, by: 'admin', detail: '{}' };
    const live = fx.submit(next);
    const continued: EngineEvent[] = [];
    snapshot.apply(next, snapshot.lastSeq + 1, fx.ee.nowMs, continued);
    expect(continued).toEqual(live);
    expect(stateHash(snapshot)).toBe(stateHash(fx.engine));
  });
});
