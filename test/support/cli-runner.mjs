// Runs a compiled `patx` CLI as bin/patx.js runs it: `node test/support/cli-runner.mjs <entry> ...args`
// (test/support/patx-cli.ts, with the build test/support/build-cli.ts named). No staleness check: the build is the run's.
import { pathToFileURL } from 'node:url';

const [entry, ...argv] = process.argv.slice(2);
if (entry === undefined) throw new Error('cli-runner.mjs: no entry');
const { runCliProcess } = await import(pathToFileURL(entry).href);
await runCliProcess(argv);
