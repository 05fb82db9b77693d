/**
 * One setting finds the service for every tool (issue 82): against a real service on ports the
 * test did not choose (not 8480), `./patx` (bin/patx.js, as a user runs it) and `patx mcp` (over
 * stdio, with the SDK's client) are given PATX_URL alone, its HTTP base; the operator API is
 * found under it, order entry at the socket GET /v1/endpoints names. A service's own PATX_PORT
 * is enough beside it; the old PATX_GATEWAY_URL still works, with one line naming PATX_URL.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { TradingClient } from '../../src/client/index.js';
import { startService, type Service } from '../../src/app/service.js';
import { createLogger } from '../../src/runtime/log.js';
import { removeDir } from '../support/exchange-fixture.js';
import { OPERATOR_TOKEN } from '../support/gateway-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** A guard against a hung child, not a speed requirement (a first run compiles the CLI). */
const SLOW = 180_000;
let dir: string;
let service: Service;
const base = (): string => `http://127.0.0.1:${service.gateway.port}`;

/** `./patx ...args` in a child, with only these variables (and PATH, HOME): nothing else points it anywhere. */
function patx(args: readonly string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(ROOT, 'bin', 'patx.js'), ...args], { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, encoding: 'utf8', timeout: SLOW }, (error, stdout, stderr) => {
      if (error === null) return resolve({ status: 0, stdout, stderr });
      if (typeof error.code === 'number') return resolve({ status: error.code, stdout, stderr });
      reject(error);
    });
  });
}

/** The compiler's own line when the CLI's sources changed since its build (bin/patx.js), not the command's. */
const withoutBuild = (stderr: string): string => stderr.replace(/^patx: compiling the CLI.*\n/m, '');

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-service-url-'));
  service = await startService(
    loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0, operatorToken: OPERATOR_TOKEN }, scheduleIntervalMs: 3_600_000, settlement: { enabled: false }, quoting: { enabled: false, brokerFloatPat: 10_000, tickMs: 60_000, params: {} }, demo: { enabled: false } }),
    createLogger('silent'),
  );
  await service.runSchedule();
  expect(service.gateway.port).not.toBe(8480);
}, 120_000);

afterAll(async () => {
  await service?.stop();
  removeDir(dir);
});

describe('the CLI finds the service', () => {
  it('from PATX_URL alone: a public read at the gateway and an operator command under /operator, no notice', { timeout: SLOW }, async () => {
    const seriesId = service.engine.series.find((s) => s !== undefined)!.id;
    const book = await patx(['--json', 'book', String(seriesId)], { PATX_URL: base() });
    expect(book.status, book.stderr).toBe(0);
    expect(JSON.parse(book.stdout)).toMatchObject({ seriesId });
    expect(withoutBuild(book.stderr)).toBe('');

    const listed = await patx(['--json', 'series'], { PATX_URL: base(), PATX_OPERATOR_TOKEN: OPERATOR_TOKEN });
    expect(listed.status, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { seriesId: number }[]).map((s) => s.seriesId)).toContain(seriesId);
    expect(withoutBuild(listed.stderr)).toBe('');
  });

  it('beside the service: its PATX_PORT is enough', { timeout: SLOW }, async () => {
    const listed = await patx(['--json', 'series'], { PATX_PORT: String(service.gateway.port), PATX_OPERATOR_TOKEN: OPERATOR_TOKEN });
    expect(listed.status, listed.stderr).toBe(0);
    expect(withoutBuild(listed.stderr)).toBe('');
  });

  it('from the old PATX_GATEWAY_URL and PATX_OPERATOR_URL too, each with one line naming PATX_URL', { timeout: SLOW }, async () => {
    const seriesId = service.engine.series.find((s) => s !== undefined)!.id;
    const book = await patx(['--json', 'book', String(seriesId)], { PATX_GATEWAY_URL: base() });
    expect(book.status, book.stderr).toBe(0);
    expect(withoutBuild(book.stderr)).toBe(`patx: PATX_GATEWAY_URL is deprecated: set PATX_URL=${base()} (the service's HTTP base; order entry, market data and /operator are found from it)\n`);
    const listed = await patx(['--json', 'series'], { PATX_OPERATOR_URL: `${base()}/operator`, PATX_OPERATOR_TOKEN: OPERATOR_TOKEN });
    expect(listed.status, listed.stderr).toBe(0);
    expect(withoutBuild(listed.stderr)).toBe(`patx: PATX_OPERATOR_URL is deprecated: set PATX_URL=${base()} (the service's HTTP base; order entry, market data and /operator are found from it)\n`);
  });
});

describe('patx mcp finds the service', () => {
  /** The SDK's client over `patx mcp`'s stdio, and what the server wrote on stderr. */
  async function mcp(env: Record<string, string>): Promise<{ client: Client; stderr: () => string }> {
    const transport = new StdioClientTransport({ command: process.execPath, args: [path.join(ROOT, 'bin', 'patx.js'), 'mcp'], cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stderr: 'pipe' });
    let stderr = '';
    transport.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'patx-test', version: '1.0.0' });
    await client.connect(transport);
    return { client, stderr: () => stderr };
  }

  it('from PATX_URL alone: a read over HTTP, and a wallet logged in at the order-entry socket GET /v1/endpoints names', { timeout: SLOW }, async () => {
    const wallet = Wallet.createRandom();
    // Looking never opens an account (get_balances answers NO_ACCOUNT for a wallet with none): one sign-in opens it first.
    await (await TradingClient.connect(`ws://127.0.0.1:${service.gateway.port}/v1/trade`, { wallet })).close();
    const { client, stderr } = await mcp({ PATX_URL: base(), PATX_WALLET_KEY: wallet.privateKey });
    try {
      const listed = (await client.callTool({ name: 'list_series', arguments: {} })) as CallToolResult;
      expect(listed.isError, JSON.stringify(listed.content)).not.toBe(true);
      expect((listed.structuredContent as { series: unknown[] }).series.length).toBeGreaterThan(0);
      const balances = (await client.callTool({ name: 'get_balances', arguments: {} })) as CallToolResult;
      expect(balances.isError, JSON.stringify(balances.content)).not.toBe(true);
      expect((balances.structuredContent as { accountId: number }).accountId).toBeGreaterThan(0);
      expect(withoutBuild(stderr())).toMatch(new RegExp(`^patx mcp: serving ${base().replace(/\./g, '\\.')} over stdio`));
      expect(stderr()).not.toContain('deprecated');
    } finally {
      await client.close();
    }
  });

  it('from the old PATX_GATEWAY_URL too, with one line naming PATX_URL', { timeout: SLOW }, async () => {
    const { client, stderr } = await mcp({ PATX_GATEWAY_URL: base() });
    try {
      const listed = (await client.callTool({ name: 'list_series', arguments: {} })) as CallToolResult;
      expect(listed.isError, JSON.stringify(listed.content)).not.toBe(true);
      expect(withoutBuild(stderr()).split('\n')[0]).toBe(`patx: PATX_GATEWAY_URL is deprecated: set PATX_URL=${base()} (the service's HTTP base; order entry, market data and /operator are found from it)`);
    } finally {
      await client.close();
    }
  });
});
