#!/usr/bin/env node
// Entry for `npx patx ...`: runs the CLI compiled to JavaScript (dist/cli, scripts/build-cli.mjs).
// `npm ci` compiles it (the `prepare` script); when a source changed since, it is compiled
// again first (about a second, said on stderr). If it cannot be (no esbuild, a read-only
// checkout), or PATX_CLI_SOURCES=1, the TypeScript sources run through tsx (several seconds a call).
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const argv = process.argv.slice(2);

async function compiledEntry() {
  const { buildCli, cliBuildIsFresh, cliEntry } = await import('../scripts/build-cli.mjs');
  if (!cliBuildIsFresh()) {
    process.stderr.write('patx: compiling the CLI (its sources changed since the last build)…\n');
    await buildCli();
  }
  const entry = cliEntry();
  // Held while this process runs (`patx mcp` runs for hours and loads chunks lazily): no later build's prune removes it.
  try {
    const { holdBuild } = await import('../scripts/bundle.mjs');
    holdBuild(path.dirname(entry));
  } catch {
    // a build this process cannot write to (a read-only image) is never pruned either
  }
  return entry;
}

let entry;
if (process.env.PATX_CLI_SOURCES !== '1') {
  try {
    entry = await compiledEntry();
  } catch (error) {
    process.stderr.write(`patx: cannot compile the CLI (${error instanceof Error ? error.message : String(error)}); running its TypeScript sources through tsx, slower\n`);
  }
}
if (entry !== undefined) {
  // runCliProcess sets the exit code and lets the process exit as soon as the command is done (src/cli/prompt-exit.ts).
  const { runCliProcess } = await import(pathToFileURL(entry).href);
  await runCliProcess(argv);
} else {
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  const result = spawnSync(tsx, [path.join(root, 'src', 'cli', 'main.ts'), ...argv], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
