/**
 * An operator command with no token to send says where it looked (docs/cli.md, "Operator commands": "with no token
 * found it says so and where it looked"). It named ./data/operator-token whatever the data directory was: under
 * PATX_PROFILE=sandbox the CLI reads ./data-sandbox/operator-token, with PATX_DATA_DIR that directory's. Against a
 * stand-in operator API that answers 401 as the service does. `patx --help` named ./data/operator-token the same way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_TOKEN_HINT, noTokenHint } from '../../src/operator/cli-client.js';
import { patxInProcess } from '../support/patx-cli.js';

let server: Server;
let base = '';
const empty = mkdtempSync(path.join(os.tmpdir(), 'patx-token-hint-'));

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'AUTH_FAILED', message: 'this route needs Authorization: Bearer <operator token>; none was given' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(empty, { recursive: true, force: true });
});

describe('patx operator commands: no token found', () => {
  it('names the file looked in: the data directory PATX_DATA_DIR names', async () => {
    const r = await patxInProcess(['series'], { PATX_URL: base, PATX_DATA_DIR: empty, PATX_OPERATOR_TOKEN: undefined, PATX_PROFILE: undefined });
    expect(r.code).toBe(1);
    const lines = r.err.trim().split('\n');
    expect(lines[0]).toBe('refused (HTTP 401): AUTH_FAILED: this route needs Authorization: Bearer <operator token>; none was given');
    expect(lines[1]).toBe(noTokenHint(path.join(empty, 'operator-token')));
    expect(lines[1]).toContain(`none is in ${path.join(empty, 'operator-token')} (where the service writes it)`);
  });

  it('under PATX_PROFILE=sandbox: the sandbox\'s ./data-sandbox, not ./data', async () => {
    const cwd = process.cwd();
    process.chdir(empty); // nothing here: no ./data-sandbox/operator-token to send
    try {
      const r = await patxInProcess(['series'], { PATX_URL: base, PATX_PROFILE: 'sandbox', PATX_DATA_DIR: undefined, PATX_OPERATOR_TOKEN: undefined });
      expect(r.code).toBe(1);
      expect(r.err).toContain(`none is in ${path.join(empty, 'data-sandbox', 'operator-token')}`);
      expect(r.err).not.toContain('./data/operator-token');
    } finally {
      process.chdir(cwd);
    }
  });

  it('--help names the same file: ./data by default, the sandbox\'s ./data-sandbox, PATX_DATA_DIR\'s', async () => {
    const help = async (env: Record<string, string | undefined>): Promise<string> => {
      const r = await patxInProcess(['--help'], { PATX_OPERATOR_TOKEN: undefined, PATX_URL: undefined, PATX_PORT: undefined, ...env });
      expect(r.code).toBe(0);
      return r.out.replace(/\s+/g, ' ');
    };
    expect(await help({ PATX_PROFILE: undefined, PATX_DATA_DIR: undefined })).toContain("the operator's token: ./data/operator-token or PATX_OPERATOR_TOKEN");
    expect(await help({ PATX_PROFILE: 'sandbox', PATX_DATA_DIR: undefined })).toContain("the operator's token: ./data-sandbox/operator-token or PATX_OPERATOR_TOKEN");
    const withDir = await help({ PATX_PROFILE: undefined, PATX_DATA_DIR: empty });
    expect(withDir).toContain(`the operator's token: ${empty}/operator-token or PATX_OPERATOR_TOKEN`);
    expect(withDir).toContain(`operator credential (default: ${empty}/operator-token, what the service wrote)`);
  });

  it('a caller that names no file (the API used as a library) keeps the general hint', () => {
    expect(noTokenHint(undefined)).toBe(NO_TOKEN_HINT);
  });
});
