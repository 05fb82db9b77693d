/**
 * A real data directory's journal from an older PATX, carried forward by this code: b9cb287a
 * (2026-11-29, engine rules 6) ran `npm start` with its demo, then the README's tour (a deposit, buys,
 * exercises and downloads, resting bids, a tier subscription, an organisation with a reader, a
 * provider's published listing, mint and sale), and stopped with Ctrl-C: a snapshot at seq 2676 and
 * the state hash it logged. What an upgrade must keep (docs/operations.md): this code recovers the
 * same state, hash for hash, and its start puts it under the current rules with every balance kept.
 *
 * The fixture is that directory's data.mdb (journal and snapshots), gzipped (77 KB of 384 KB).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { takeFirstTurns } from '../../src/app/components/first-turns.js';
import { createLogger } from '../../src/runtime/log.js';
import { CURRENT_RULES, decodeState, Journal, OrganisationRole, recover, Role, Sequencer, type Engine } from '../../src/engine/index.js';

const FIXTURE = path.join(import.meta.dirname, '..', 'fixtures', 'upgrade', 'b9cb287a-journal.mdb.gz');
/** The old code's log at its stop: `{"seq":2676,"stateHash":"a946…","msg":"stopped"}`. */
const STOPPED_SEQ = 2676;
const STOPPED_HASH = 'a946367ec2bbf500c2b0961cc9455a87fe614be0fc91159147e4137fc7220cfa';
/** Accounts of the tour: dev wallet 4 (the consumer), the organisation's account, dev wallet 3 (its reader), dev wallet 8 (the provider). */
const CONSUMER = 7;
const ORG_ACCOUNT = 8;
const READER = 9;
const PROVIDER = 11;

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patx-upgrade-'));
  fs.writeFileSync(path.join(dir, 'data.mdb'), gunzipSync(fs.readFileSync(FIXTURE)));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** What the tour left, as the old code's CLI showed it before the stop. */
function expectTourState(engine: Engine): void {
  const consumer = engine.accounts[CONSUMER]!;
  expect(consumer.role).toBe(Role.CONSUMER);
  expect(consumer.address).toBe('0x15d34aaf54267db7d7c367839aaf71a00a2c6a65');
  expect(consumer.availableMicros).toBe(36_919_000); // patx balance: available 36.9190 PAT
  expect(consumer.heldMicros).toBe(1_400_000); // held by orders 1.4000 PAT: bids of 2 at 0.5 and 1 at 0.4
  expect(consumer.openOrders).toBe(2);
  expect(consumer.positions.get(1)).toMatchObject({ available: 1, exercised: 3 });
  expect(consumer.positions.get(15)).toMatchObject({ available: 3, exercised: 1 });
  expect(engine.accounts[READER]!.availableMicros).toBe(2_000_000);
  const org = engine.organisations.memberOf(READER)!;
  expect(org.accountId).toBe(ORG_ACCOUNT);
  expect(org.name).toBe('Acme Analytics');
  expect(engine.organisations.roleIn(org.id, CONSUMER)).toBe(OrganisationRole.ADMIN);
  expect(engine.organisations.roleIn(org.id, READER)).toBe(OrganisationRole.READER);
  const provider = engine.accounts[PROVIDER]!;
  expect(provider.role).toBe(Role.PROVIDER);
  expect(provider.lockedMicros).toBe(2_286_000); // its sale of 3 held until delivery
}

describe('a journal written by b9cb287a (rules 6)', () => {
  it('recovers to the state the old code stopped with, hash for hash', async () => {
    const journal = Journal.open(dir, { durability: 'commit', readOnly: true });
    const recovered = recover(journal);
    await journal.close();
    expect(recovered.snapshotSeq).toBe(STOPPED_SEQ);
    expect(recovered.engine.lastSeq).toBe(STOPPED_SEQ);
    expect(recovered.engine.rulesVersion).toBe(6);
    expect(recovered.stateHash).toBe(STOPPED_HASH);
    expectTourState(recovered.engine);
  });

  it("is put under this code's rules at the first start, every balance, position and member kept, and snapshotted so", async () => {
    const journal = Journal.open(dir, { durability: 'commit' });
    const { engine } = recover(journal);
    const sequencer = new Sequencer(engine, journal, () => Date.UTC(2026, 11, 6, 8), { snapshotEveryMs: 0, snapshotEveryCommands: 0 });
    await takeFirstTurns(sequencer, engine, createLogger('silent'));
    expect(engine.rulesVersion).toBe(CURRENT_RULES);
    expectTourState(engine);
    expect(decodeState(journal.latestSnapshot()!.bytes).rulesVersion).toBe(CURRENT_RULES);
    await sequencer.stop();
    // And once more from disk, as the next start reads it.
    const again = recover(journal);
    expect(again.engine.rulesVersion).toBe(CURRENT_RULES);
    expectTourState(again.engine);
    await journal.close();
  });
});
