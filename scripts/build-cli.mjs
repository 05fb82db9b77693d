#!/usr/bin/env node
/**
 * Compiles the `patx` CLI (src/cli/main.ts and the modules it imports) into dist/cli/
 * (scripts/bundle.mjs), so `./patx …` starts in node directly instead of compiling
 * TypeScript through tsx on every call. `npm run build:cli` runs it; so does `npm ci`
 * (the `prepare` script, with --if-possible) and bin/patx.js when a source changed since
 * the last build. src/cli/main.ts imports the engine, settlement or the operator client only
 * inside the command that needs it, so `--help` loads commander alone.
 */
import { bundle, isMainScript } from './bundle.mjs';

const cli = bundle({ name: 'cli', entries: { cli: 'src/cli/main.ts' }, script: import.meta.url });

export const CLI_DIST = cli.dist;
/** The newest build's compiled CLI. */
export const cliEntry = () => cli.entryFile('cli');
export const cliBuildIsFresh = cli.isFresh;
export const buildCli = cli.build;

if (isMainScript(import.meta.url)) cli.runAsScript('patx CLI');
