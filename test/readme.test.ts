/**
 * Every snippet in the README and in the pages of docs/ that the README's reference moved to
 * runs as written. TypeScript blocks run with tsx from the repository root against a real
 * service started here (its ports are 0, so the snippet's 127.0.0.1:8480/8481 are rewritten to
 * the ports it got; the embedded chain is real). Shell blocks: every `npm run X` names a
 * script, every `./patx …` command exists (its `--help` exits 0), every file named exists,
 * every PATX_ variable set is one the service knows, every curl to 127.0.0.1 gets a 200 here.
 * The README's tour is run whole, in order, as a new user types it (test/readme-tour.test.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { loadConfig, unknownEnvVars } from '../src/app/config.js';
import { createLogger } from '../src/runtime/log.js';
import { startService, type Service } from '../src/app/service.js';
import { removeDir } from './support/exchange-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '..');
/** The README and the reference pages it moved to docs/ (issue 77): their snippets are the ones users copy. */
const PAGES = ['README.md', ...['running', 'console', 'cli', 'connecting', 'configuration', 'overview', 'embedding', 'docker', 'replication'].map((p) => `docs/${p}.md`)];
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The pages whose TypeScript blocks are whole programs to run (docs/replication.md's name hosts of a deployment). */
const RUNNABLE_TS = new Set(['README.md', 'docs/connecting.md', 'docs/embedding.md']);

function blocks(lang: string): string[] {
  const found: string[] = [];
  const re = new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g');
  for (const page of PAGES) {
    if (lang === 'ts' && !RUNNABLE_TS.has(page)) continue;
    const text = readFileSync(path.join(ROOT, page), 'utf8');
    for (let m = re.exec(text); m !== null; m = re.exec(text)) found.push(m[1]!);
  }
  return found;
}

let service: Service;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-readme-'));
  const config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, settlement: { localChainPort: 0, pollIntervalMs: 100, localBlockIntervalMs: 100 } });
  service = await startService(config, createLogger('silent'));
});

afterAll(async () => {
  await service.stop();
  removeDir(dir);
});

function run(file: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: ROOT });
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

describe('README', () => {
  it('has balanced code fences, and links only to files that exist', () => {
    for (const page of PAGES) {
      const text = readFileSync(path.join(ROOT, page), 'utf8');
      expect(text.match(/^```/gm)!.length % 2, page).toBe(0);
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^https?:/.test(target!)) continue;
        expect(existsSync(path.resolve(ROOT, path.dirname(page), target!)), `${page} links to ${target}`).toBe(true);
      }
    }
  });

  it('fits the orientation on a few screens: the reference lives in docs/', () => {
    expect(README.split('\n').length).toBeLessThan(150);
  });

  it('every TypeScript snippet runs as written (against this service\'s ports)', async () => {
    const snippets = blocks('ts');
    expect(snippets.length).toBeGreaterThanOrEqual(2);
    for (const [i, code] of snippets.entries()) {
      const file = path.join(ROOT, `.readme-snippet-${process.pid}-${i}.mts`);
      const ported = code
        .replaceAll('127.0.0.1:8480', `127.0.0.1:${service.gateway.port}`)
        .replaceAll('127.0.0.1:8481', `127.0.0.1:${service.gateway.marketData.port}`);
      writeFileSync(file, ported);
      try {
        // Not spawnSync: the service runs in this process and must keep answering meanwhile.
        const r = await run(file);
        expect(r.status, `snippet ${i}:\n${code}\n--- output ---\n${r.stdout}${r.stderr}`).toBe(0);
        if (code.includes('newOrder')) expect(r.stdout).toMatch(/^accepted /m);
      } finally {
        rmSync(file, { force: true });
      }
    }
  }, 180_000);

  it('every shell line names a script, a patx command or a file that exists', async () => {
    const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const lines = blocks('sh').flatMap((b) => b.replace(/\\\n/g, ' ').split('\n')).map((l) => l.replace(/#.*$/, '').trim()).filter((l) => l !== '');
    let checked = 0;
    for (const whole of lines) {
      // Environment first (`export A=1 B=2`, or `A=1 B=2 npm start`): each variable one the service knows.
      const assignments = /^(?:export\s+)?((?:PATX_\w+=\S+\s*)+)/.exec(whole);
      const names = assignments === null ? [] : [...assignments[1]!.matchAll(/(PATX_\w+)=/g)].map((m) => m[1]!);
      expect(unknownEnvVars(Object.fromEntries(names.map((n) => [n, '1']))), whole).toEqual([]);
      const line = assignments === null ? whole : whole.slice(assignments[0].length).trim();
      if (line === '') {
        checked++;
        continue;
      }
      const curl = /^curl (?:-\w+ )*'?(?:http:\/\/)?127\.0\.0\.1:\d+(\/[^'\s]*)'?$/.exec(line);
      if (curl !== null) {
        // The path is one the service answers (here on this test's port).
        expect((await fetch(`http://127.0.0.1:${service.gateway.port}${curl[1]!}`)).status, whole).toBe(200);
        checked++;
        continue;
      }
      const npmRun = /^npm run ([\w:-]+)/.exec(line);
      const npm = /^npm (ci|start|test)\b/.exec(line);
      const patx = /^\.\/patx (.*)$/.exec(line);
      const tsx = /^npx tsx (\S+)/.exec(line);
      if (npmRun !== null) expect(scripts[npmRun[1]!], line).toBeDefined();
      else if (npm !== null) expect(npm[1] === 'ci' || scripts[npm[1]!] !== undefined, line).toBe(true);
      else if (tsx !== null) expect(existsSync(path.join(ROOT, tsx[1]!)), line).toBe(true);
      else if (patx !== null) {
        const words: string[] = [];
        for (const w of patx[1]!.split(/\s+/)) {
          if (/^[A-Z]+$/.test(w)) {
            if (words.at(-1)?.startsWith('--') === true) words.pop(); // a placeholder (ID, NAME) ends the command, with the flag it fills
            break;
          }
          if (w.startsWith('[') || w === '|' || w === '&&') break;
          words.push(w);
        }
        const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
        const code = await runCli([...words, '--help']).finally(() => quiet.mockRestore());
        expect(code, whole).toBe(0);
      } else if (/^kill -9 \d+$/.test(line) || /^for p in [\d ]+; do curl .*--cacert data-cluster\/tls\/ca\.pem .*\/readyz; done$/.test(line)) continue; // the cluster's failover and TLS /readyz: test/replication/cluster-command.test.ts does both
      else if (/^cp -a data backup-\S+$/.test(line)) continue; // a stopped data directory's copy (docs/running.md, "Backups"); a start from a copy: test/app/one-exchange.test.ts
      else if (/^docker /.test(line)) continue; // the image's run and stop: npm run test:image (test/deploy/image.test.ts) runs them, as CI does
      else if (/^bash (\S+)/.test(line)) expect(existsSync(path.join(ROOT, /^bash (\S+)/.exec(line)![1]!)), line).toBe(true); // run by CI (.ci/image.sh, npm run test:image)
      else throw new Error(`a README shell line this test does not know how to check: ${line}`);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });
});
