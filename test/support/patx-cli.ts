/**
 * Runs `patx` (src/cli.ts) in a child node, as an operator would beside the running service.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** `patx ...args` as typed, with `env` added to the test's own. */
export function patx(args: readonly string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
}

/** `--json` (the script-facing output) over the data directory it reads. */
export function patxJson(dataDir: string, ...args: string[]): SpawnSyncReturns<string> {
  return patx(['--json', ...args, '--data', dataDir]);
}
