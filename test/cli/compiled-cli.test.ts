/**
 * `./patx` runs the CLI compiled to JavaScript (dist/cli, scripts/build-cli.mjs), not its
 * TypeScript through tsx: built as `npm ci`'s `prepare` builds it, run as `npx` runs
 * bin/patx.js, in child processes. Its start loads commander and nothing heavy (the engine,
 * LMDB, ethers, the config come in when a command needs them): checked on the bundle's static
 * imports, not by a clock. A source changed since the build is compiled again before it runs.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The newest build of the CLI (dist/cli/current names it). */
const dist = (): string => path.join(ROOT, 'dist', 'cli', readFileSync(path.join(ROOT, 'dist', 'cli', 'current'), 'utf8').trim());
/** A guard against a hung child, not a speed requirement: on a loaded machine a tsx start alone has taken over a minute. */
const SLOW = 240_000;

function run(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: SLOW }, (error, stdout, stderr) => {
      if (error === null) return resolve({ status: 0, stdout, stderr });
      if (typeof error.code === 'number') return resolve({ status: error.code, stdout, stderr });
      reject(error);
    });
  });
}

/** The modules a file of the bundle imports statically (`import … from "x"`), not those it imports when a command runs (`import("x")`). */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s*"([^"]+)";?$|^import\s*"([^"]+)";?$/gms)].map((m) => (m[1] ?? m[2])!);
}

/** The packages (not node:) a bundle file reaches through static imports, its own and its chunks'. */
function packagesFrom(entry: string): string[] {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith('./')) visit(path.join(dist(), spec));
      else packages.add(spec);
    }
  };
  visit(entry);
  return [...packages].filter((p) => !p.startsWith('node:')).sort();
}

/** The bundle file that defines `definition` (one lazily imported part). */
function chunkDefining(definition: string): string {
  const files = readdirSync(dist()).filter((f) => f.endsWith('.js') && readFileSync(path.join(dist(), f), 'utf8').includes(definition));
  expect(files, definition).toHaveLength(1);
  return path.join(dist(), files[0]!);
}

beforeAll(async () => {
  const built = await run(['scripts/build-cli.mjs']);
  expect(built.status, built.stderr).toBe(0);
  expect(built.stdout).toMatch(/^patx CLI compiled into dist\/cli in \d+ ms$/m);
}, SLOW);

describe('the compiled patx CLI', () => {
  it('answers --help from dist/cli without compiling anything', async () => {
    const r = await run(['bin/patx.js', '--help']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(''); // no "compiling" notice, no fall-back to tsx
    expect(r.stdout).toMatch(/^Usage: patx \[options\] \[command\]/);
    for (const command of ['verify', 'journal', 'reconcile', 'payouts', 'redemptions', 'series', 'params', 'listings', 'operators', 'withdraw', 'subscribe', 'subscriptions', 'unsubscribe', 'book', 'buy', 'sell', 'orders', 'cancel', 'balance', 'positions', 'exercise', 'download', 'grants']) expect(r.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  }, SLOW);

  it('refuses a usage error in one line with exit 2, as from the sources', async () => {
    const r = await run(['bin/patx.js', 'journal', '--from', 'abc']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('expected a whole number >= 1');
  }, SLOW);

  it('starts on commander alone: the engine, LMDB, ethers and the config load only inside the commands that need them', () => {
    expect(packagesFrom(path.join(dist(), 'cli.js'))).toEqual(['commander']);
    // …and they are in the bundle, behind import().
    const all = readFileSync(path.join(dist(), 'cli.js'), 'utf8');
    expect(all).toMatch(/import\("\.\/chunk-[A-Z0-9]+\.js"\)/);
  });

  it('reconcile, payouts and redemptions do not load ethers (0.3–0.4 s of CPU to import): the chain is read over plain JSON-RPC, the statements from their stores', () => {
    for (const definition of ['function reconcileDataDir(', 'function payoutStatement(', 'function readProviderGrants(']) {
      const packages = packagesFrom(chunkDefining(definition));
      expect(packages, definition).not.toContain('ethers');
      expect(packages, definition).toContain('lmdb'); // the check reaches what the command loads
    }
  });

  it('compiles again, and says so, when a source changed since the build', async () => {
    const inputsFile = path.join(dist(), 'inputs.json');
    const inputs = JSON.parse(readFileSync(inputsFile, 'utf8')) as { inputs: Record<string, { size: number; mtimeMs: number }> };
    // As if src/cli/main.ts had been edited after the build (its recorded size no longer matches).
    inputs.inputs['src/cli/main.ts']!.size += 1;
    writeFileSync(inputsFile, JSON.stringify(inputs));
    const r = await run(['bin/patx.js', '--help']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('patx: compiling the CLI (its sources changed since the last build)…\n');
    expect(r.stdout).toMatch(/^Usage: patx/);
    const again = await run(['bin/patx.js', '--help']);
    expect(again.stderr).toBe('');
  }, SLOW);

  it('runs the TypeScript sources through tsx when asked (PATX_CLI_SOURCES=1), with the same help', async () => {
    const [compiled, sources] = await Promise.all([run(['bin/patx.js', '--help']), run(['bin/patx.js', '--help'], { PATX_CLI_SOURCES: '1' })]);
    expect(sources.status).toBe(0);
    expect(sources.stdout).toBe(compiled.stdout);
  }, SLOW);
});
