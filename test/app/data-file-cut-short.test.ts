/**
 * The service's start with a data file cut short (src/runtime/lmdb-file.ts, docs/journal.md "Damage"). The service
 * (real LMDB journal and stores, the quoter on) trades and stops; then a wholly derived store's data file loses its
 * end: the start derives that store again from the journal and every trade is there. Then the journal's own file
 * loses its end, and then everything: the start is refused with DataFileCutShortError and the file is not written (an
 * empty one was taken for a new journal: the exchange started again from seq 1 and emptied its derived stores). Before, the derived
 * store's open either failed or, at a read past the file's end, killed the process with SIGBUS; the journal's
 * writable open under 'commit' grew the file with zeros first.
 */
import { statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommandKind } from '../../src/engine/index.js';
import { DataFileCutShortError, dataFileShortfall } from '../../src/runtime/lmdb-file.js';
import { OPERATOR, openSpot, providerSellsIntoBid, quoteTurn, send, tradeQtys, useQuotingService } from '../support/quoting-service.js';

const qs = useQuotingService('patx-data-file-cut-');

/** Cuts `dir`'s data file to one byte short of what its newest commit needs (checked to be short). */
function cutShort(dir: string): number {
  const file = join(dir, 'data.mdb');
  const whole = statSync(file).size;
  truncateSync(file, 2 * 4096 + 1); // past both meta pages, short of any store that holds a page of data
  const shortfall = dataFileShortfall(dir);
  expect(shortfall?.needed, `${file} (${whole} bytes) holds more than its meta pages`).toBeGreaterThan(2 * 4096 + 1);
  return shortfall!.size;
}

describe('a data file cut short at the start', () => {
  it('is derived again when the store is derived from the journal, and refuses the start when it is the journal', async () => {
    let svc = await qs.start();
    let spotId = 0;
    try {
      await send(svc, { kind: CommandKind.SET_PARAM, actor: OPERATOR, name: 'risk.mintRequiresListing', value: 0 });
      spotId = openSpot(svc, qs.now).id;
      await quoteTurn(svc);
      await providerSellsIntoBid(svc, spotId, 2);
      await quoteTurn(svc);
      await providerSellsIntoBid(svc, spotId, 3);
      await expect.poll(() => tradeQtys(svc, spotId), { timeout: 5_000 }).toEqual([3, 2]);
    } finally {
      await svc.stop();
    }
    const lastSeq = svc.engine.lastSeq;

    cutShort(join(qs.dir, 'trades'));
    svc = await qs.start();
    try {
      expect(svc.engine.lastSeq).toBe(lastSeq);
      await expect.poll(() => tradeQtys(svc, spotId), { timeout: 5_000 }).toEqual([3, 2]);
    } finally {
      await svc.stop();
    }

    const size = cutShort(qs.dir);
    await expect(qs.start()).rejects.toThrow(DataFileCutShortError);
    expect(statSync(join(qs.dir, 'data.mdb')).size).toBe(size);
    // Cut to nothing, beside stores that hold data: not taken for a new journal (LMDB would start one from it).
    truncateSync(join(qs.dir, 'data.mdb'), 0);
    await expect(qs.start()).rejects.toThrow(/data\.mdb is cut short: 0 bytes/);
    expect(statSync(join(qs.dir, 'data.mdb')).size).toBe(0);
  });
});
