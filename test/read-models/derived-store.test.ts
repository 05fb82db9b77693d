/**
 * How a derived store opens (src/read-models/derived-store.ts): one written in bulk on a thread of its own (the order
 * history), under `noSync`, through a writable map as the journal under 'commit', so its commit does not write every
 * dirty page in one call (issue 79); the rest without one (each fresh page of a map is a fault on the writing thread).
 * What a killed process committed through the map is there at the next open: the map is the file's page cache.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OrderHistory } from '../../src/gateway/order-history.js';
import { JournalReadModel } from '../../src/read-models/journal-read-model.js';
import { removeDir } from '../support/exchange-fixture.js';

/** The permissions of this process's mapping of `file` ("rw-s" for a writable shared map), or undefined when unmapped. */
function mappingOf(file: string): string | undefined {
  const line = readFileSync('/proc/self/maps', 'utf8')
    .split('\n')
    .find((l) => l.endsWith(` ${file}`));
  return line?.split(/\s+/)[1];
}

describe('a derived store', () => {
  it('maps its file writable only when written in bulk without fsyncs; otherwise keeps a read-only map', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-derived-store-'));
    try {
      const bulk = new JournalReadModel(dir, 'bulk', 1, 1, { noSync: true, writableMap: true });
      const unsynced = new JournalReadModel(dir, 'unsynced', 1, 1, { noSync: true });
      const synced = new JournalReadModel(dir, 'synced', 1, 1, { writableMap: true }); // fsyncs: lmdb-js's own map
      expect(mappingOf(path.join(dir, 'bulk', 'data.mdb'))).toBe('rw-s');
      expect(mappingOf(path.join(dir, 'unsynced', 'data.mdb'))).toBe('r--s');
      expect(mappingOf(path.join(dir, 'synced', 'data.mdb'))).toBe('r--s');
      await Promise.all([bulk.close(), unsynced.close(), synced.close()]);
      // The order history is the store written so, by its writer thread (the service's derived stores are noSync under 'commit').
      const orders = OrderHistory.create(dir, () => 0, undefined, { noSync: true });
      expect(mappingOf(path.join(dir, 'orders', 'data.mdb'))).toBe('rw-s');
      await orders.close();
    } finally {
      removeDir(dir);
    }
  });

  it('written through the map, keeps what a process killed right after its commits had committed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-derived-store-'));
    try {
      const model = new URL('../../src/read-models/journal-read-model.ts', import.meta.url).href;
      const writer = `
        const { JournalReadModel } = await import(${JSON.stringify(model)});
        const m = new JournalReadModel(${JSON.stringify(dir)}, 'model', 1, 1, { noSync: true, writableMap: true });
        const db = m.env.openDB({ name: 'records' });
        m.env.transactionSync(() => { for (let i = 0; i < 5000; i++) db.putSync(i, 'record ' + i); });
        db.putSync('last', 'committed alone');
        process.kill(process.pid, 'SIGKILL');`;
      const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', writer], { encoding: 'utf8' });
      expect(run.signal, run.stderr).toBe('SIGKILL');
      const reopened = new JournalReadModel(dir, 'model', 1, 1, { noSync: true, writableMap: true });
      const db = reopened.env.openDB<string, number | string>({ name: 'records' });
      expect(db.get('last')).toBe('committed alone');
      expect(db.get(4999)).toBe('record 4999');
      expect(db.getKeysCount()).toBe(5001);
      await reopened.close();
    } finally {
      removeDir(dir);
    }
  });
});
