/**
 * A test run's compiled build (test/support/build-service.ts and build-cli.ts, vitest's globalSetup, through
 * test/support/build-held.ts) is held for the run: builds beside it (another vitest run at the same time, a test that
 * builds) prune older builds but never it. And a hold and a prune exclude each other (scripts/bundle.mjs, the builds'
 * lock): a build a prune removes while a run names it is found gone and built again, never held half removed. Real
 * processes and esbuild builds, of a bundle of their own name in dist/ (not the service's or the CLI's, which other test
 * files run meanwhile).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const temp: string[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const d of temp.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A bundle named `name` of one small module, its build script in a temporary directory (as scripts/build-<name>.mjs is). */
function probeBundle(tag: string): { name: string; dist: string; script: string; dir: string } {
  const name = `test-${tag}-${process.pid}`;
  const dist = path.join(ROOT, 'dist', name);
  const dir = mkdtempSync(path.join(os.tmpdir(), `patx-${tag}-`));
  temp.push(dist, dir);
  const script = path.join(dir, 'build.mjs');
  writeFileSync(
    script,
    `import { bundle, isMainScript } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'scripts/bundle.mjs')).href)};
const b = bundle({ name: ${JSON.stringify(name)}, entries: { probe: 'src/engine/core/integers.ts' }, script: import.meta.url });
export const buildDir = b.buildDir;
export const isFresh = b.isFresh;
if (isMainScript(import.meta.url)) b.runAsScript('probe');
`,
  );
  return { name, dist, script, dir };
}

/**
 * A process doing what the globalSetup does (heldFreshBuild) for the probe bundle, then staying alive as a vitest run
 * does: it says `named <dir>` when it reads the newest build, `held <dir>` once it holds one.
 */
function startHolder(probe: { script: string; dir: string }): { child: ChildProcess; lines: AsyncIterator<string> } {
  const holder = path.join(probe.dir, 'holder.mts');
  writeFileSync(
    holder,
    `import { heldFreshBuild } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'test/support/build-held.ts')).href)};
const builds = await import(${JSON.stringify(pathToFileURL(probe.script).href)});
const buildDir = () => {
  const dir = builds.buildDir();
  process.stdout.write('named ' + dir + '\\n');
  return dir;
};
const dir = await heldFreshBuild(${JSON.stringify(ROOT)}, ${JSON.stringify(probe.script)}, { buildDir, isFresh: builds.isFresh });
process.stdout.write('held ' + dir + '\\n');
setInterval(() => {}, 1000);
`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', holder], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return { child, lines: linesOf(child) };
}

async function* linesOfGen(child: ChildProcess): AsyncGenerator<string> {
  let tail = '';
  for await (const chunk of child.stdout!) {
    const parts = (tail + String(chunk)).split('\n');
    tail = parts.pop()!;
    yield* parts;
  }
}

function linesOf(child: ChildProcess): AsyncIterator<string> {
  return linesOfGen(child)[Symbol.asyncIterator]();
}

async function nextLine(lines: AsyncIterator<string>): Promise<string> {
  const r = await lines.next();
  if (r.done === true) throw new Error('the holder ended');
  return r.value;
}

/** `count` builds of the probe bundle by another process (another run's globalSetup, a test that builds). */
function buildBeside(script: string, count: number): void {
  for (let i = 0; i < count; i++) execFileSync(process.execPath, [script], { cwd: ROOT, stdio: 'ignore' });
}

function whole(dir: string): boolean {
  return existsSync(path.join(dir, 'inputs.json')) && existsSync(path.join(dir, 'probe.js'));
}

describe("a test run's build, held", () => {
  it('survives the builds and prunes of another run beside it, and is pruned once its run is gone', async () => {
    const probe = probeBundle('run-held');
    const { child, lines } = startHolder(probe);
    await nextLine(lines); // named
    const held = (await nextLine(lines)).replace(/^held /, '');
    expect(whole(held)).toBe(true);

    buildBeside(probe.script, 4); // three newest kept: the held build is the fifth newest now
    expect(whole(held), 'the held build after four builds beside it').toBe(true);

    child.kill('SIGKILL'); // its mark stays; the next prune finds its process gone
    await new Promise((resolve) => child.once('exit', resolve));
    buildBeside(probe.script, 1);
    expect(existsSync(held)).toBe(false);
  }, 120_000);

  it('named while a prune removes it (the prune holding the builds lock), is found gone and built again, never held half removed', async () => {
    const probe = probeBundle('prune-race');
    buildBeside(probe.script, 1);
    // A prune in progress: this process holds the builds' lock (scripts/bundle.mjs withBuildsLock: a file naming its pid).
    const lock = path.join(probe.dist, '.lock');
    writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
    let held: string;
    let first: string;
    try {
      const { lines } = startHolder(probe);
      first = (await nextLine(lines)).replace(/^named /, '');
      expect(whole(first)).toBe(true);
      // The prune removes the build the holder just named (whether or not its hold already waits for the lock) ...
      rmSync(first, { recursive: true, force: true });
      // ... and ends.
      rmSync(lock);
      let line = await nextLine(lines);
      while (line.startsWith('named ')) line = await nextLine(lines);
      held = line.replace(/^held /, '');
    } finally {
      rmSync(lock, { force: true });
    }
    expect(held).not.toBe(first);
    expect(whole(held), 'the build held').toBe(true);
    expect(existsSync(first)).toBe(false);
  }, 120_000);
});
