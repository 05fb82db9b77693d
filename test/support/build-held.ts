/**
 * For the globalSetups that compile a bundle the test workers run (test/support/build-service.ts, build-cli.ts): builds
 * it when a source changed since (`<script> --if-stale`, in a process of its own) and holds the newest build for this
 * process's life (scripts/bundle.mjs, holdBuild), so that no build beside it — another vitest run at the same time, a
 * test that builds — prunes it while the run's workers load it. The hold checks, under the lock a prune takes, that
 * the build is still whole: one pruned between its build and the hold is built again.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** A bundle's build script's exports this needs (scripts/build-service.mjs, build-cli.mjs): its newest build and whether a build is fresh. */
export interface BundleBuilds {
  buildDir(): string | undefined;
  isFresh(dir?: string): boolean;
}

/** Times a build held is found pruned before it is given up (each a build of its own). */
const ATTEMPTS = 3;

/**
 * The directory of a build of the current sources, held by this process; undefined when there is none (the workers then
 * run the sources). `script` is relative to `root`; `--if-stale` fails the run when it cannot build.
 */
export async function heldFreshBuild(root: string, script: string, builds: BundleBuilds): Promise<string | undefined> {
  const bundle = (await import(pathToFileURL(path.join(root, 'scripts/bundle.mjs')).href)) as { holdBuild: (dir: string) => boolean };
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    execFileSync(process.execPath, [script, '--if-stale'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    const dir = builds.buildDir();
    if (dir === undefined) return undefined;
    // Only a build of these sources: a source edited since (or a stale build named) leaves the workers on the sources. A build
    // pruned since it was named is not fresh either, being gone: built again (it left the workers on the sources under load).
    if (!builds.isFresh(dir)) {
      if (existsSync(dir)) return undefined;
      continue;
    }
    if (bundle.holdBuild(dir)) return dir;
  }
  throw new Error(`${script}: the build was pruned before it could be held, ${ATTEMPTS} times`);
}
