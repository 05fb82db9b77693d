/**
 * A damaged snapshot does not keep the exchange from starting (src/engine/durability/recovery.ts,
 * docs/journal.md "Damage"). A snapshot is a shortcut through the journal, which holds every
 * command from seq 1: the service (real LMDB journal and stores, the quoter on) trades, snapshots,
 * trades on and stops (its stop snapshots again); the newest snapshot's bytes are then damaged on
 * disk, as a bad sector or a torn copy would. Before, the start stopped on the checksum
 * (`SnapshotCorruptError`) with the whole journal intact and no way on but editing LMDB by hand.
 * Now it starts from the older snapshot and the journal, at the same seq and state hash, with
 * every trade there, and trades on; the tools that report damage (`patx verify`) still refuse.
 */
import { open } from 'lmdb';
import { describe, expect, it } from 'vitest';
import { CommandKind, Journal, recover, SnapshotCorruptError, stateHash } from '../../src/engine/index.js';
import { seqKey } from '../../src/engine/durability/journal.js';
import { OPERATOR, openSpot, providerSellsIntoBid, quoteTurn, send, tradeQtys, useQuotingService } from '../support/quoting-service.js';

const qs = useQuotingService('patx-damaged-snapshot-');

/** Flips one byte of the state inside the snapshot stored at `seq`, through LMDB, as damage on disk would leave it. */
async function damageSnapshot(dir: string, seq: number): Promise<void> {
  const env = open({ path: dir, maxDbs: 4 });
  const snapshots = env.openDB<Uint8Array, Uint8Array>({ name: 'snapshots', encoding: 'binary', keyEncoding: 'binary' });
  const value = Uint8Array.from(snapshots.get(seqKey(seq))!);
  value[value.length - 10]! ^= 0x5a;
  snapshots.putSync(seqKey(seq), value);
  await env.close();
}

describe('a damaged snapshot', () => {
  it('is passed over at start: the exchange recovers from an older snapshot and the journal, loses nothing, and trades on', async () => {
    let svc = await qs.start();
    let spotId = 0;
    let olderSnapshot = 0;
    let lastSeq = 0;
    let hash = '';
    try {
      await send(svc, { kind: CommandKind.SET_PARAM, actor: OPERATOR, name: 'risk.mintRequiresListing', value: 0 });
      spotId = openSpot(svc, qs.now).id;
      await quoteTurn(svc);
      await providerSellsIntoBid(svc, spotId, 2);
      await svc.sequencer.snapshot();
      olderSnapshot = svc.engine.lastSeq;
      await quoteTurn(svc);
      await providerSellsIntoBid(svc, spotId, 3); // after the older snapshot: only the journal holds it once the newest is passed over
    } finally {
      await svc.stop();
      lastSeq = svc.engine.lastSeq;
      hash = stateHash(svc.engine);
    }

    const journal = Journal.open(qs.dir, { durability: 'commit', readOnly: true });
    const newest = journal.snapshotSeqs().at(-1)!;
    await journal.close();
    expect(newest).toBe(lastSeq);
    expect(olderSnapshot).toBeLessThan(lastSeq);
    await damageSnapshot(qs.dir, newest);

    // What reports damage still refuses it.
    const check = Journal.open(qs.dir, { durability: 'commit', readOnly: true });
    expect(() => recover(check)).toThrow(SnapshotCorruptError);
    const fallBack = recover(check, {}, false, 'fall-back');
    expect(fallBack.snapshotSeq).toBe(olderSnapshot);
    expect(fallBack.damagedSnapshots.map((d) => d.seq)).toEqual([newest]);
    expect(fallBack.damagedSnapshots[0]!.reason).toMatch(/checksum mismatch/);
    await check.close();

    svc = await qs.start();
    try {
      expect(svc.engine.lastSeq).toBe(lastSeq);
      expect(stateHash(svc.engine)).toBe(hash);
      await expect.poll(() => tradeQtys(svc, spotId), { timeout: 5_000 }).toEqual([3, 2]);
      await quoteTurn(svc);
      const sale = await providerSellsIntoBid(svc, spotId, 1);
      expect(sale).toBeGreaterThan(lastSeq);
    } finally {
      await svc.stop();
    }
  });
});
