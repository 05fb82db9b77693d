/**
 * The web console's build (src/app/web-build.ts, esbuild) as `npm start` runs it before the
 * service starts: into a directory of its own here (web/dist is the other tests'). The page
 * names bundles that exist, the stamp records the inputs, and the start says when it
 * builds and when it is done, and says nothing when the build is fresh.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareWebConsole, webBuildIsFresh, webBuildNeeded, webInputsHash, type WebBuildLog } from '../../src/app/web-build.js';
import { removeDir } from '../support/exchange-fixture.js';

const parent = mkdtempSync(path.join(os.tmpdir(), 'patx-web-build-'));
const dist = path.join(parent, 'dist');

afterAll(() => removeDir(parent));

function recorder(): WebBuildLog & { lines: Array<{ level: string; fields: Record<string, unknown>; message: string }> } {
  const lines: Array<{ level: string; fields: Record<string, unknown>; message: string }> = [];
  return {
    lines,
    info: (fields, message) => lines.push({ level: 'info', fields: fields as Record<string, unknown>, message }),
    error: (fields, message) => lines.push({ level: 'error', fields: fields as Record<string, unknown>, message }),
  };
}

/** This process's children whose command is esbuild (from /proc). */
function esbuildChildren(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && /esbuild/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))) found.push(pid);
    } catch {
      // gone since the listing
    }
  }
  return found;
}

describe('the web console build at start', () => {
  it('builds a missing console, saying when it starts and when it is done', async () => {
    expect(webBuildNeeded(dist)).toBe('missing');
    const log = recorder();
    expect(await prepareWebConsole(log, dist)).toBe('built');
    expect(log.lines.map((l) => [l.level, l.message])).toEqual([
      ['info', 'building the web console (web/ into web/dist)'],
      ['info', 'web console built'],
    ]);
    expect(log.lines[0]!.fields.reason).toBe('not built yet');
    expect(log.lines[1]!.fields.ms).toEqual(expect.any(Number));
  });

  it('leaves no esbuild service process behind (it would stay in the service\'s process group)', async () => {
    // esbuild's stop() kills its service and resolves at once: on a loaded machine the child can still be exiting (or
    // not yet reaped) a moment later. One that stays is what this guards against: gone within 5 s, or the test fails.
    const deadline = Date.now() + 5_000;
    while (esbuildChildren().length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(esbuildChildren()).toEqual([]);
  });

  it('writes a page whose script and stylesheet are the built, content-hashed bundles', () => {
    const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
    expect(html).not.toContain('/src/main.tsx');
    const script = /<script type="module" src="(\/assets\/index-[A-Z0-9]+\.js)"><\/script>/.exec(html)?.[1];
    const style = /<link rel="stylesheet" href="(\/assets\/index-[A-Z0-9]+\.css)">/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(style).toBeDefined();
    // In the head, as the page's only script: the body keeps its mount point.
    expect(html.indexOf(script!)).toBeLessThan(html.indexOf('</head>'));
    expect(html).toContain('<div id="app"></div>');
    const js = readFileSync(path.join(dist, script!), 'utf8');
    expect(existsSync(path.join(dist, style!))).toBe(true);
    // A browser bundle: no Node module left to import (the client's node:events and node:zlib have stand-ins), Preact inside.
    expect(js).not.toMatch(/from\s*"node:|import\("node:|require\("/);
    expect(js.length).toBeGreaterThan(100_000);
    expect(existsSync(path.join(dist, 'favicon.svg'))).toBe(true);
    const [hash, ...read] = readFileSync(path.join(dist, '.build-stamp'), 'utf8').trim().split('\n');
    expect(hash).toBe(webInputsHash(read));
  });

  it('keeps, beside the hash, every other file of src/ the bundle read: an edit to one makes the build stale', () => {
    const [hash, ...read] = readFileSync(path.join(dist, '.build-stamp'), 'utf8').trim().split('\n');
    // What the console reaches beyond src/client and src/proto (a sample of them, each a different folder).
    expect(read).toEqual(expect.arrayContaining(['src/catalog/listing.ts', 'src/grants/gate-request.ts', 'src/engine/public-values.ts', 'src/request-signing/request-signature.ts']));
    expect(read.every((f) => f.startsWith('src/') && !f.startsWith('src/client/') && !f.startsWith('src/proto/'))).toBe(true);
    // The hash covers them: without them it is another hash, and a file gone since counts as a change.
    expect(webInputsHash([])).not.toBe(hash);
    expect(webInputsHash([...read, 'src/gone-since.ts'])).not.toBe(hash);
  });

  it('says nothing and builds nothing when the console is fresh', async () => {
    expect(webBuildIsFresh(dist)).toBe(true);
    const log = recorder();
    expect(await prepareWebConsole(log, dist)).toBe('fresh');
    expect(log.lines).toEqual([]);
  });

  it('builds again when its inputs changed since, and says why', async () => {
    writeFileSync(path.join(dist, '.build-stamp'), 'an older build\n');
    expect(webBuildNeeded(dist)).toBe('stale');
    const log = recorder();
    expect(await prepareWebConsole(log, dist)).toBe('built');
    expect(log.lines[0]!.fields.reason).toBe('its sources changed');
    expect(webBuildIsFresh(dist)).toBe(true);
  });
});
