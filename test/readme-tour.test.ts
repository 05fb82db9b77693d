/**
 * The README's short tour, run as a new user types it (issue 77): every command of its shell
 * blocks, in order, against a whole service started here as `npm start` starts it (the demo
 * trading, the embedded chain, the reference provider server), through the `./patx` script of
 * the checkout in a process of its own. Only the ports differ: the service's are 0, so each
 * curl's 127.0.0.1:8480 becomes the port it got, and the CLI finds the service through
 * PATX_URL and PATX_DATA_DIR (what a user at the default ports
 * never sets). `npm ci`, `npm start` and `npm run sandbox` are what this test stands for; the
 * sandbox's CLI line is checked with --help (test/readme.test.ts).
 *
 * Before the tour the test waits, as the README tells a user, until the broker sells in the
 * flagship contract (the demo provider's sales stock its ask); each command must exit 0, and
 * the outcomes are checked: the buy filled, the positions show it, the download wrote records.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/app/config.js';
import { createLogger } from '../src/runtime/log.js';
import { startService, type Service } from '../src/app/service.js';
import { startDemo, type RunningDemo } from '../src/demo/run.js';
import { SeriesKind, SeriesStatus } from '../src/engine/index.js';
import { removeDir, until } from './support/exchange-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const TOKEN = 'readme-tour-operator-token-0123456789abcdef';

/** The tour's shell lines, comments and blank lines left out. */
function tourLines(): string[] {
  const start = README.indexOf('## A short tour');
  const end = README.indexOf('\n## ', start + 1);
  const section = README.slice(start, end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n')).map((l) => l.replace(/\s#.*$/, '').trim()).filter((l) => l !== '');
}

/** A command line's words as a POSIX shell splits them (single and double quotes; no expansions in the tour). */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

let service: Service;
let demo: RunningDemo | undefined;
let dir: string;
let cwd: string;

function patx(args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(ROOT, 'patx'), args, { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-tour-'));
  cwd = mkdtempSync(path.join(os.tmpdir(), 'patx-tour-cwd-'));
  const config = loadConfig(
    { PATX_OPERATOR_TOKEN: TOKEN },
    { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, providerServer: { port: 0 }, settlement: { localChainPort: 0, pollIntervalMs: 100, localBlockIntervalMs: 100 } },
  );
  const logger = createLogger('silent');
  service = await startService(config, logger);
  demo = await startDemo(service, config, logger); // as src/main.ts starts it after the service
}, 180_000);

afterAll(async () => {
  await demo?.stop();
  await service?.stop();
  removeDir(dir);
  removeDir(cwd);
});

describe("the README's tour", () => {
  it('runs as written, command after command, and each does what its comment says', { timeout: 600_000 }, async () => {
    const lines = tourLines();
    expect(lines.length).toBeGreaterThanOrEqual(17);
    const http = `http://127.0.0.1:${service.gateway.port}`;
    const env = { PATX_URL: http, PATX_OPERATOR_TOKEN: TOKEN, PATX_DATA_DIR: dir };
    // As a user reading "when its ask is empty, the demo provider's next sale fills it again": after a NO_ASK or NOT_FILLED, wait for the broker's ask.
    const liveSpot = (contract: string): number | undefined =>
      service.engine.series.find((s) => s !== undefined && s.spec.contract === contract && s.spec.kind === SeriesKind.SPOT && s.status === SeriesStatus.TRADING)?.id;
    const askOffered = async (contract: string): Promise<boolean> => {
      const id = liveSpot(contract);
      if (id === undefined) return false;
      const view = (await (await fetch(`${http}/v1/series/${id}`)).json()) as { book?: { asks?: unknown[] } };
      return (view.book?.asks?.length ?? 0) > 0;
    };
    const outputs = new Map<string, string>();
    for (const line of lines) {
      if (/^npm (ci|start|run sandbox)$/.test(line) || line.startsWith('PATX_PROFILE=sandbox ')) continue;
      const curl = /^curl -s '?(?:http:\/\/)?127\.0\.0\.1:8480(\/[^' ]*)'?$/.exec(line);
      if (curl !== null) {
        const res = await fetch(`${http}${curl[1]!}`);
        expect(res.status, line).toBe(200);
        continue;
      }
      const w = words(line);
      expect(w[0], `a tour line this test does not know how to run: ${line}`).toBe('./patx');
      let r = await patx(w.slice(1), env);
      // "run the buy again", as the README says when the ask was empty (NO_ASK) or taken or moved as the order arrived (NOT_FILLED).
      for (let tries = 0; w[1] === 'buy' && r.status === 1 && /patx: (NO_ASK|NOT_FILLED):/.test(r.stderr) && tries < 10; tries++) {
        await until(() => askOffered(w[2]!), `the broker sells in ${w[2]!}`, 120_000);
        r = await patx(w.slice(1), env);
      }
      expect(r.status, `${line}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`).toBe(0);
      // The first of each command is the Trade section's; the later ones (tiers, usage, organisation) are kept by their words too.
      if (!outputs.has(w[1]!)) outputs.set(w[1]!, r.stdout);
      outputs.set(w.slice(1, 3).join(' '), r.stdout);
    }
    // The outcomes the comments promise.
    expect(outputs.get('book')).toMatch(/ask/i);
    expect(outputs.get('buy')).toMatch(/: FILLED\n\s+filled 1 @ \d+\.\d{4} PAT/);
    expect(outputs.get('positions')).toContain('AUTO_INTENT|7D|0.70-0.85');
    const out = path.join(cwd, 'records.jsonl');
    expect(existsSync(out)).toBe(true);
    const records = readFileSync(out, 'utf8').trim().split('\n');
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) expect(() => JSON.parse(r) as unknown).not.toThrow();
    expect(outputs.get('balance')).toMatch(/available\s+\d+\.\d{4} PAT/);
    expect(outputs.get('fills')).toMatch(/AUTO_INTENT\|7D\|0\.70-0\.85\s+SPOT\s+BUY\s+1\s+\d+\.\d{4}\s+\d+\.\d{4}\s+taker/);
    // A tier, a usage grant and an organisation (issue 81): what the later lines' comments promise.
    expect(outputs.get('tiers 1')).toMatch(/retail/);
    expect(outputs.get('tiers 1')).toMatch(/pro/);
    expect(outputs.get('tiers subscribe')).toMatch(/retail/);
    expect(outputs.get('exercise HOME_INTENT|7D|0.75-0.90')).toMatch(/usage: 100 records a right/);
    const home = readFileSync(path.join(cwd, 'home.jsonl'), 'utf8').trim().split('\n');
    expect(home.length).toBeGreaterThan(0);
    expect(home.length).toBeLessThanOrEqual(100);
    expect(outputs.get('org create')).toMatch(/Acme Analytics/);
    expect(outputs.get('org show')).toMatch(/reader/);
  });
});
