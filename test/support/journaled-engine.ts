/**
 * An engine fixture whose every command is recorded with its time, as a journal holds it, and the
 * check replay and snapshot tests share: the journal replayed (with its events, and without them as
 * recovery does) and the state encoded and decoded all reach the live engine's state hash.
 */
import { expect } from 'vitest';
import { decodeState, encodeState, Engine, Role, stateHash, type Command, type EngineEvent } from '../../src/engine/index.js';
import { conservation, EngineFixture, HOUR_MS, PAT, T0 } from './engine-fixture.js';

export type RecordedJournal = Array<{ cmd: Command; timeMs: number }>;

/**
 * An operator, a broker with 1,000 PAT, `consumers` and `providers` accounts (opened in that order)
 * and the default series, one hour in; every command from here on recorded in `journal`.
 */
export function journaledFixture(o: { consumers?: number; providers?: number } = {}): { fx: EngineFixture; journal: RecordedJournal } {
  const fx = new EngineFixture({}, T0 + HOUR_MS);
  const journal: RecordedJournal = [];
  const submit = fx.ee.submit.bind(fx.ee);
  fx.ee.submit = (cmd: Command, timeMs = fx.ee.nowMs): EngineEvent[] => {
    journal.push({ cmd, timeMs });
    return submit(cmd, timeMs);
  };
  fx.operator = fx.newAccount(Role.OPERATOR);
  fx.broker = fx.newAccount(Role.BROKER);
  fx.consumers = Array.from({ length: o.consumers ?? 0 }, () => fx.newAccount(Role.CONSUMER));
  fx.providers = Array.from({ length: o.providers ?? 0 }, () => fx.newAccount(Role.PROVIDER));
  fx.seriesId = fx.newSeries();
  fx.deposit(fx.broker, 1_000 * PAT);
  return { fx, journal };
}

/**
 * Replays `journal` into a fresh engine with its events and into another without them (recovery's
 * path), and decodes the live engine's encoded state: each has the live state hash, and the snapshot
 * conserves funds and rights. Returns the engine replayed with events and the decoded snapshot.
 */
export function expectReplaysAgree(fx: EngineFixture, journal: RecordedJournal): { replayed: Engine; snapshot: Engine } {
  const hash = stateHash(fx.engine);
  const replayed = new Engine();
  for (const { cmd, timeMs } of journal) replayed.apply(cmd, replayed.lastSeq + 1, timeMs, []);
  expect(stateHash(replayed)).toBe(hash);
  const recovered = new Engine();
  recovered.withoutEvents(() => {
    for (const { cmd, timeMs } of journal) recovered.apply(cmd, recovered.lastSeq + 1, timeMs, []);
  });
  expect(stateHash(recovered)).toBe(hash);
  const snapshot = decodeState(encodeState(fx.engine));
  expect(stateHash(snapshot)).toBe(hash);
  conservation(snapshot);
  return { replayed, snapshot };
}
