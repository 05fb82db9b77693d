/**
 * Builds the web console (web/ → web/dist) with Vite, when its inputs changed.
 * `npm start` calls ensureWebBuilt() before the service starts (a fresh clone's
 * first start builds it once, ~10 s; later starts only hash the inputs); `npm run
 * build:web` builds it now. The inputs are web/index.html, web/src, the client it
 * bundles (src/client, src/proto), this file and the lockfile; their hash is kept
 * in web/dist/.build-stamp. Nothing is downloaded: Vite, Preact and
 * lightweight-charts come from node_modules.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
export const WEB_DIR = path.join(ROOT, 'web');
export const WEB_DIST = path.join(WEB_DIR, 'dist');
const STAMP = '.build-stamp';
const INPUTS = ['web/index.html', 'web/public', 'web/src', 'src/client', 'src/proto', 'src/web-build.ts', 'package-lock.json'];

/** A hash of every input file's path and content. */
export function webInputsHash(): string {
  const hash = createHash('sha256');
  const add = (rel: string): void => {
    const abs = path.join(ROOT, rel);
    if (!existsSync(abs)) return;
    const entries = readdirSync(path.dirname(abs), { withFileTypes: true }).find((e) => e.name === path.basename(abs));
    if (entries?.isDirectory()) {
      for (const name of readdirSync(abs).sort()) add(path.join(rel, name));
    } else {
      hash.update(rel).update('\0').update(readFileSync(abs)).update('\0');
    }
  };
  for (const rel of INPUTS) add(rel);
  return hash.digest('hex');
}

/** True when web/dist holds a build of the current inputs. */
export function webBuildIsFresh(): boolean {
  const stamp = path.join(WEB_DIST, STAMP);
  return existsSync(path.join(WEB_DIST, 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === webInputsHash();
}

/** Builds web/dist (into a temporary directory, then renamed into place). */
export async function buildWeb(): Promise<void> {
  const { build } = await import('vite');
  const hash = webInputsHash();
  const out = path.join(WEB_DIR, `.dist-${process.pid}-${Date.now()}`);
  try {
    await build({
      root: WEB_DIR,
      configFile: false,
      logLevel: 'warn',
      base: '/',
      publicDir: path.join(WEB_DIR, 'public'),
      esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
      resolve: {
        // The client uses two Node built-ins; the browser gets small stand-ins (web/src/shims). `ws` resolves to its browser stub and is never called there.
        alias: [
          { find: /^node:events$/, replacement: path.join(WEB_DIR, 'src/shims/events.ts') },
          { find: /^node:zlib$/, replacement: path.join(WEB_DIR, 'src/shims/zlib.ts') },
        ],
      },
      build: { outDir: out, emptyOutDir: true, target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 1024, reportCompressedSize: false },
    });
    writeFileSync(path.join(out, STAMP), `${hash}\n`);
    rmSync(WEB_DIST, { recursive: true, force: true });
    try {
      renameSync(out, WEB_DIST);
    } catch (error) {
      // Another process (a second start, a parallel test) put its build there first: fine if it is of the same inputs.
      if (!webBuildIsFresh()) throw error;
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Builds web/dist unless it is fresh; resolves with whether it built. */
export async function ensureWebBuilt(): Promise<boolean> {
  if (webBuildIsFresh()) return false;
  await buildWeb();
  return true;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const started = performance.now();
  buildWeb().then(
    () => process.stdout.write(`web console built into ${path.relative(process.cwd(), WEB_DIST) || WEB_DIST} in ${Math.round(performance.now() - started)} ms\n`),
    (error: unknown) => {
      process.stderr.write(`build:web failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
