/**
 * `patx download --check FILE` on a file that is not there (a typo, the wrong directory): a usage error in one
 * line that names the option and the file, exit 2, as `provider listing create --file` says it; it printed
 * `patx: Error: ENOENT: no such file or directory, open '…'` and exited 1, as if the check had failed.
 * Offline: no service.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { oneLine, patxInProcess } from '../support/patx-cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-download-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('patx download --check: a file that cannot be read', () => {
  it('a missing file is USAGE, exit 2, naming --check and the file', async () => {
    const missing = path.join(dir, 'grant-8.parquet');
    const r = await patxInProcess(['download', '--check', missing], {});
    expect(r.code).toBe(2);
    expect(oneLine(r)).toBe(`patx: USAGE: --check ${missing}: cannot read it (ENOENT)`);
  });

  it('--json: the same refusal as one JSON line', async () => {
    const missing = path.join(dir, 'records.csv');
    const r = await patxInProcess(['--json', 'download', '--check', missing], {});
    expect(r.code).toBe(2);
    expect(JSON.parse(oneLine(r))).toEqual({ error: 'USAGE', message: `--check ${missing}: cannot read it (ENOENT)` });
  });

  it('a directory is not a file to check either', async () => {
    const r = await patxInProcess(['download', '--check', dir], {});
    expect(r.code).toBe(2);
    expect(oneLine(r)).toMatch(/^patx: USAGE: --check .*: cannot read it \(EISDIR\)$/);
  });
});
