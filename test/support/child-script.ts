/**
 * Runs an ES-module script in a child node (with tsx, so it can import the project's
 * sources) and returns the JSON value it printed last. For checks that need a process of
 * their own: V8 natives behind a flag, or memory readings no other test may move.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The absolute path of a project source file, for the script to import. */
export function sourcePath(relative: string): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..', relative);
}

export function childJson<T>(script: string, nodeFlags: readonly string[] = []): T {
  const out = execFileSync(process.execPath, [...nodeFlags, '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as T;
}
