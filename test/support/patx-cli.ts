/**
 * Runs `patx` (src/cli/main.ts) in a child node, as an operator would beside the running service.
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

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface PatxRun {
  /** The exit code; null when it was killed (the timeout). */
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `patx ...args` as typed, with `env` added to the test's own. */
export function patx(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<PatxRun> {
  return new Promise((resolve, reject) => {
    const options = { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' as const, timeout: 60_000, maxBuffer: 64 * 2 ** 20 };
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], options, (error, stdout, stderr) => {
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
