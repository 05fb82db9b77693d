/**
 * The service as `npm start` runs it, in-process on a real LMDB directory:
 * recovery on restart, the demo schedule, and refusal to start on a damaged journal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { open } from 'lmdb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/app/config.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService } from '../../src/app/service.js';
import { CommandKind, CURRENT_RULES, Engine, EventType, Journal, JournalCorruptError, MAX_POSITION_RIGHTS, Role, Sequencer, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { HOUR_MS, seriesSpec, T0 } from '../support/engine-fixture.js';

const NOW = Date.UTC(2026, 10, 21, 12);
let dir: string;
let config: Config;
const logger = createLogger('silent');

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-service-'));
  config = loadConfig({}, {
    dataDir: dir,
    gateway: { port: 0, marketDataPort: 0 },
    sequencer: { maxBatchCommands: 64, maxQueuedCommands: 10_000, maxUncommittedCommands: 1024, snapshotEveryCommands: 0, snapshotEveryMs: 0 },
    quoting: { enabled: false },
    settlement: { enabled: false }, // settlement has its own tests (test/settlement) with a real chain
  });
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('service', () => {
  it('lists the demo contracts, and a restart recovers the same state', async () => {
    const first = await startService(config, logger, () => NOW);
    const listed = first.engine.series.filter((s) => s !== undefined).map((s) => s.spec.contract);
    expect(new Set(listed)).toEqual(new Set(config.contracts.map((c) => c.contract)));
    expect(first.engine.brokerId).toBe(1);
    const res = await first.sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: '' });
    expect(res.events[0]).toMatchObject({ type: 8, role: Role.CONSUMER });
    const hash = first.sequencer.stateHash();
    const seq = first.engine.lastSeq;
    await first.stop();

    const second = await startService(config, logger, () => NOW);
    expect(second.engine.lastSeq).toBe(seq); // nothing re-listed, no second broker
    expect(second.sequencer.stateHash()).toBe(hash);
    await second.stop();
  });

  it('puts a journal written before engine rules under the current ones at start when its state keeps them, and leaves it under its own when not', async () => {
    /** A journal as an engine before rules wrote it: a provider declaring `capacity` in a spot series. */
    const writeOldJournal = async (capacity: number): Promise<void> => {
      const journal = Journal.open(dir, { durability: 'commit' });
      const sequencer = new Sequencer(new Engine(), journal, () => T0 + HOUR_MS, { snapshotEveryMs: 0 });
      for (const cmd of [
        { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '' },
        seriesSpec(),
        { kind: CommandKind.DECLARE_CAPACITY, actor: 1, seriesId: 1, capacity },
      ] as const) {
        const { events } = await sequencer.submit(cmd);
        expect(events.map((e) => e.type)).not.toContain(EventType.COMMAND_REJECTED);
      }
      await sequencer.stop();
      await journal.close();
    };
    await writeOldJournal(MAX_POSITION_RIGHTS + 1);
    const kept = await startService(config, logger, () => NOW);
    expect(kept.engine.rulesVersion).toBe(0);
    expect(kept.engine.brokerId).not.toBe(0); // and it went on starting
    const phase = await kept.operatorApi.handle({ method: 'GET', path: '/operator/phase', body: undefined, operator: 'admin' });
    expect(phase.body).toMatchObject({ rules: { version: 0, current: CURRENT_RULES, maxPositionRights: null } });
    await kept.stop();
    rmSync(dir, { recursive: true, force: true });

    await writeOldJournal(MAX_POSITION_RIGHTS);
    const adopted = await startService(config, logger, () => NOW);
    expect(adopted.engine.rulesVersion).toBe(CURRENT_RULES);
    expect(adopted.engine.maxPositionRights).toBe(MAX_POSITION_RIGHTS);
    const seq = adopted.engine.lastSeq;
    await adopted.stop();
    const again = await startService(config, logger, () => NOW);
    expect(again.engine.rulesVersion).toBe(CURRENT_RULES); // recovered from the journal, not adopted twice
    expect(again.engine.lastSeq).toBe(seq);
    await again.stop();
  });

  it('refuses to start on a damaged journal record and names it', async () => {
    const first = await startService(config, logger, () => NOW);
    const lastSeq = first.engine.lastSeq;
    await first.stop();
    // Flip one payload byte of the newest record through a raw LMDB handle.
    const env = open({ path: dir, maxDbs: 4 });
    const records = env.openDB<Uint8Array, Uint8Array>({ name: 'journal', encoding: 'binary', keyEncoding: 'binary' });
    const newest = [...records.getRange({ reverse: true, limit: 1 })][0]!;
    const damaged = new Uint8Array(newest.value);
    const last = damaged.length - 1;
    damaged[last] = damaged[last]! ^ 0xff;
    await records.put(newest.key, damaged);
    await env.close();

    const failure = await startService(config, logger, () => NOW).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(JournalCorruptError);
    expect((failure as JournalCorruptError).message).toMatch(/journal record at key \d+/);
    expect((failure as JournalCorruptError).key).toBeGreaterThan(0);
    expect((failure as JournalCorruptError).key).toBeLessThanOrEqual(lastSeq);
  });

  it('refuses a bad configuration with the reason', () => {
    expect(() => loadConfig({ PATX_DURABILITY: 'sometimes' })).toThrow(/PATX_DURABILITY="sometimes": expected one of commit\|flush/);
  });
});
