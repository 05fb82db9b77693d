/**
 * Runs `patx` (src/cli.ts) in a child node, as an operator would beside the running service:
 * `--json` (the script-facing output) and the data directory it reads.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export function patxJson(dataDir: string, ...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--json', ...args, '--data', dataDir], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
}
