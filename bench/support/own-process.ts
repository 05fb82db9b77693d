/**
 * A bench running part of itself in a process of its own (a timed run that must not meet what
 * the parent process ran before it: bench/RESULTS.md, Many series, "Issue 58, 2026-11-27"). The
 * child prints its result as one line, `<marker> <JSON>`; the parent takes it from there.
 */
import { spawnSync } from 'node:child_process';

/** In the child: the result, on the line the parent looks for. */
export function reportToParent(marker: string, result: unknown): void {
  console.log(`${marker} ${JSON.stringify(result)}`);
}

/**
 * This script's arguments without the options `names` (`--name value` or `--name=value`): what a
 * child is run on before the parent adds its own values for them.
 */
export function argsWithout(names: readonly string[]): string[] {
  const out: string[] = [];
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (names.includes(arg)) i++; // and its value
    else if (!names.some((name) => arg.startsWith(`${name}=`))) out.push(arg);
  }
  return out;
}

/**
 * Runs this script again, with the same Node flags, on `args`; returns the JSON the child
 * reported under `marker` (`reportToParent`). `echo`: print the child's other output lines
 * here (its stderr always goes to this process's). Throws, with the child's exit status, if it
 * failed or reported nothing.
 */
export function runInOwnProcess<T>(args: readonly string[], marker: string, echo: boolean): T {
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', echo ? 'inherit' : 'pipe'],
    maxBuffer: 64 * 2 ** 20,
  });
  const prefix = `${marker} `;
  const lines = child.stdout.split('\n');
  if (echo) for (const line of lines) if (line !== '' && !line.startsWith(prefix)) console.log(line);
  const line = lines.find((l) => l.startsWith(prefix));
  if (child.status !== 0 || line === undefined) {
    throw new Error(`${args.join(' ')}: the child process failed (exit ${child.status})${echo ? '' : `: ${(child.stderr ?? '').slice(-2000)}`}`);
  }
  return JSON.parse(line.slice(prefix.length)) as T;
}
