/**
 * A journal-derived store's version (src/read-models/journal-read-model.ts): the same version
 * keeps what it holds, another removes it (the store is then built again from the journal).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JournalReadModel } from '../../src/read-models/journal-read-model.js';
import { removeDir } from '../support/exchange-fixture.js';

describe('a journal read model', () => {
  it('keeps its store at the same version and starts it empty at another', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-read-model-'));
    try {
      const open = (version: number): { model: JournalReadModel; get: () => string | undefined; put: (v: string) => void } => {
        const model = new JournalReadModel(dir, 'model', 1, version);
        const db = model.env.openDB<string, string>({ name: 'records' });
        return { model, get: () => db.get('k'), put: (v) => db.putSync('k', v) };
      };
      const v1 = open(1);
      v1.put('written at version 1');
      await v1.model.close();
      const again = open(1);
      expect(again.get()).toBe('written at version 1');
      await again.model.close();
      const v2 = open(2);
      expect(v2.get()).toBeUndefined();
      v2.put('written at version 2');
      await v2.model.close();
      const v2again = open(2);
      expect(v2again.get()).toBe('written at version 2');
      await v2again.model.close();
    } finally {
      removeDir(dir);
    }
  });
});
