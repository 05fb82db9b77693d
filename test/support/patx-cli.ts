/**
 * Runs `patx` (src/cli/main.ts) in a child node, as an operator would beside the running service: the run's compiled
 * build (test/support/build-cli.ts names it; test/support/cli-runner.mjs runs it as bin/patx.js does), else the sources
 * through tsx.
 * Asynchronously: a test's own service keeps running meanwhile. A synchronous spawn froze the
 * test's event loop for the CLI's seconds (7.7 s for reconcile and payouts); the hardhat node
 * (a Node server: an idle connection closed after 5 s) closed the kept-alive connections of
 * the test's chain clients meanwhile (Node's agent, which drops an idle connection 1 s before
 * the server's hint, could not while frozen), and when the loop ran again a timer's request
 * could take one of them before the loop had seen it closed: "socket hang up" (seen twice in
 * CI; reproduced by a 6 s spawnSync beside polling providers, 2026-11-24).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { expect, vi } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface PatxRun {
  /** The exit code; null when it was killed (the timeout). */
  status: number | null;
  stdout: string;
  stderr: string;
}

/** node's arguments before the CLI's own: the run's compiled build (test/support/build-cli.ts), else the sources through tsx. */
export function patxNodeArgs(): string[] {
  const compiled = process.env.TEST_PATX_CLI_ENTRY;
  return compiled === undefined || compiled === '' ? ['--import', 'tsx', 'src/cli/main.ts'] : ['test/support/cli-runner.mjs', compiled];
}

/** `patx ...args` as typed, with `env` added to the test's own. */
export function patx(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<PatxRun> {
  return new Promise((resolve, reject) => {
    const options = { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' as const, timeout: 60_000, maxBuffer: 64 * 2 ** 20 };
    execFile(process.execPath, [...patxNodeArgs(), ...args], options, (error, stdout, stderr) => {
      if (error === null) return resolve({ status: 0, stdout, stderr });
      if (typeof error.code === 'number') return resolve({ status: error.code, stdout, stderr });
      if (error.killed) return resolve({ status: null, stdout, stderr });
      reject(error); // it could not be started at all
    });
  });
}

/** `--json` (the script-facing output) over the data directory it reads. */
export function patxJson(dataDir: string, ...args: string[]): Promise<PatxRun> {
  return patx(['--json', ...args, '--data', dataDir]);
}

/**
 * `patx ...args` in this process (runCli), with `env` set for the call only (a value undefined unsets the
 * variable) and what it printed captured: faster than a child, for the wallet commands' many cases.
 */
export async function patxInProcess(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; out: string; err: string }> {
  const { runCli } = await import('../../src/cli/main.js');
  const out: string[] = [];
  const err: string[] = [];
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const setEnv = (vars: Record<string, string | undefined>): void => {
    for (const [k, v] of Object.entries(vars)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  setEnv(env);
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  try {
    const code = await runCli(args);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    stdout.mockRestore();
    stderr.mockRestore();
    setEnv(saved);
  }
}

/** A refusal as the CLI prints it: one line on stderr, nothing on stdout, no stack. */
export function oneLine(r: { out: string; err: string }): string {
  expect(r.out).toBe('');
  const lines = r.err.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(r.err).not.toMatch(/\n\s+at /);
  return lines[0]!;
}
