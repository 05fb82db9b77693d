/**
 * A `patx` command that fetched exits when it is done (src/cli/prompt-exit.ts): node drains the platform's
 * background tasks before it exits, and V8 had started compiling fetch's HTTP parser (llhttp, WebAssembly) with
 * TurboFan, so the process stayed 0.3-0.8 s after its last line. Checked on what V8 compiled, not by a clock:
 * the CLI, in a child, fetches from a stub of the service's HTTP API on 127.0.0.1 and prints its table, and V8's
 * trace shows no TurboFan compile of the parser.
 */
import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { patxNodeArgs } from '../support/patx-cli.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** llhttp's parsing function has a 29 KB body; the lexers node loads modules with tier up a few small ones (under 2 KB) before the CLI runs. */
const PARSER_BODY_BYTES = 10_000;

const listing = (id: number) => ({ id, segment: `SEGMENT_${id}`, title: `Listing ${id} with a title long enough to fill a row`, status: 'published', providerAccountId: 3, version: 1, cadence: 'daily', permittedUses: ['analytics'], quality: { completeness: 1, validity: 1, uniqueness: 1, timeliness: 0.99, consistency: 1, accuracy: null, rows: 200, columns: 5 }, trust: 0.9, updatedAtMs: 1_796_554_287_218, verifiedProvider: false, kind: 'dataset' });
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(req.url?.startsWith('/v1/listings') === true ? { total: 3, listings: [1, 2, 3].map(listing) } : { series: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('leaves no TurboFan compile of the HTTP parser to wait for after a command that fetched, and prints all it had to', async () => {
  const { status, stdout } = await new Promise<{ status: number | null; stdout: string }>((resolve, reject) => {
    execFile(process.execPath, ['--trace-wasm-compilation-times', ...patxNodeArgs(), 'catalog'], { cwd: ROOT, env: { ...process.env, PATX_URL: url }, encoding: 'utf8', timeout: 120_000 }, (error, out) => {
      if (error !== null && typeof error.code !== 'number') return reject(error);
      resolve({ status: error === null ? 0 : (error.code as number), stdout: out });
    });
  });
  expect(status).toBe(0);
  const table = stdout.split('\n').filter((line) => !line.startsWith('Compiled '));
  expect(table.filter((line) => /^\d+\s+SEGMENT_\d/.test(line))).toHaveLength(3);
  const turbofan = stdout.split('\n').filter((line) => line.includes('using TurboFan') && Number(/bodysize (\d+)/.exec(line)?.[1] ?? 0) > PARSER_BODY_BYTES);
  expect(turbofan).toEqual([]);
}, 180_000);
