/**
 * A data directory an upgrade has put under newer engine rules, started again by older code (a rollback):
 * it must be refused, never replayed under the older rules. Two guards: the start that adopts the rules
 * snapshots at once (an older version refuses the snapshot's rules version, even one without the second
 * guard), and replaying a journal that adopts rules above this code's is refused.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { takeFirstTurns } from '../../src/app/components/first-turns.js';
import { createLogger } from '../../src/runtime/log.js';
import { CommandKind, CURRENT_RULES, decodeState, encodeState, Engine, Journal, recover, RecoveryError, Role, Sequencer, StateCodecError, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { T0 } from '../support/engine-fixture.js';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patx-newer-rules-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a journal under newer engine rules', () => {
  it('is refused at recovery when it adopts rules above this code, naming the version and the seq', async () => {
    const journal = Journal.open(dir, { durability: 'commit' });
    await journal.append({
      firstSeq: 1,
      timeMs: T0,
      commands: [
        { kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: CURRENT_RULES },
        { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: '' },
      ],
    });
    // The journal so far is this code's own: it recovers under the current rules.
    expect(recover(journal).engine.rulesVersion).toBe(CURRENT_RULES);
    // Then a newer version adopted its rules and went on: replaying that under these rules would fork silently.
    await journal.append({
      firstSeq: 3,
      timeMs: T0 + 1,
      commands: [
        { kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: CURRENT_RULES + 1 },
        { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: '' },
      ],
    });
    expect(() => recover(journal)).toThrow(RecoveryError);
    expect(() => recover(journal)).toThrow(`the journal adopts engine rules version ${CURRENT_RULES + 1} at seq 3; this code knows 0 to ${CURRENT_RULES}`);
    await journal.close();
  });

  it('is refused at its snapshot, saying a newer PATX wrote the data directory and what to do', () => {
    const engine = new Engine();
    engine.setRules(CURRENT_RULES);
    // In snapshot format 6 the rules version is the last number, one byte below 128 (test/engine/rules.test.ts).
    const forged = encodeState(engine, 6);
    expect(forged[forged.length - 1]).toBe(CURRENT_RULES);
    forged[forged.length - 1] = CURRENT_RULES + 1;
    expect(() => decodeState(forged)).toThrow(StateCodecError);
    expect(() => decodeState(forged)).toThrow(
      `the state is under rules version ${CURRENT_RULES + 1}; this code knows 0 to ${CURRENT_RULES}: a newer PATX wrote this data directory (run that version, or restore the backup taken before the upgrade)`,
    );
  });

  it('has a snapshot under the current rules as soon as a start adopted them, before any stop', async () => {
    const journal = Journal.open(dir, { durability: 'commit' });
    // No periodic snapshots: only the adoption's can be there.
    const sequencer = new Sequencer(new Engine(), journal, () => T0, { snapshotEveryMs: 0, snapshotEveryCommands: 0 });
    expect(journal.latestSnapshot()).toBeUndefined();
    await takeFirstTurns(sequencer, sequencer.engine, createLogger('silent'));
    // Killed here (no stop, no closing snapshot): what an older version would recover from.
    const snapshot = journal.latestSnapshot();
    expect(snapshot).toBeDefined();
    expect(decodeState(snapshot!.bytes).rulesVersion).toBe(CURRENT_RULES);
    const adoptedAt = [...journal.read(1)].flatMap((b) => b.commands.map((c, i) => ({ c, seq: b.firstSeq + i }))).find(({ c }) => c.kind === CommandKind.ADOPT_RULES)!.seq;
    expect(snapshot!.seq).toBeGreaterThanOrEqual(adoptedAt);
    await sequencer.stop();
    await journal.close();
  });
});
