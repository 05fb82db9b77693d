/**
 * The web console's built assets (web/dist, made by `npm run build:web` or by
 * `npm start` when missing or stale: src/app/web-build.ts), served on the gateway's
 * HTTP port: `GET /` (index.html), `/assets/*` (content-hashed bundles) and
 * `/favicon.svg`. The files are read into memory when first asked for and again
 * when index.html changes (a rebuild); a request's path is only ever a key into
 * that map, never joined to a filesystem path, so no traversal can reach
 * anything else. index.html is `no-cache` (it names the current bundles);
 * hashed assets are immutable for a year.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type uWS from 'uWebSockets.js';
import type { Responder } from './http-reply.js';

/** Where `npm run build:web` writes the console (the repository's web/dist). */
export const WEB_DIST = path.resolve(import.meta.dirname, '../../web/dist');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** The console's pages load scripts and styles from this origin, open WebSockets to the gateway's ports, and POST to providers' delivery endpoints (the account page's downloads, any origin). */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss: http: https:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

interface Asset {
  body: Buffer;
  contentType: string;
  cacheControl: string;
}

/** Tokens of the address's rate a file costs: one, and one more for each 200 KB, at most 10 (the bundle: 8). */
export function assetWeight(bytes: number): number {
  return Math.min(10, 1 + Math.floor(bytes / 200_000));
}

export class WebConsoleAssets {
  private assets = new Map<string, Asset>();
  private indexMtimeMs = -1;

  constructor(readonly root: string = WEB_DIST) {}

  /** The asset served at `urlPath` ('/' is index.html); undefined when there is none (or nothing is built). */
  get(urlPath: string): Asset | undefined {
    this.refresh();
    return this.assets.get(urlPath === '/' ? '/index.html' : urlPath);
  }

  get built(): boolean {
    this.refresh();
    return this.assets.has('/index.html');
  }

  /**
   * Serves the files at their paths. `admit` takes the request's share of its client address's rate
   * (`assetWeight` tokens; it answers the 429 itself and returns false): the files are public routes
   * like the others (an outside review pulled the 1.5 MB bundle 950 times a second from one address,
   * and honest order acks went from p99 5 ms to 30 ms). `responder` writes the answer as the API's
   * replies are written: as the client's socket takes it, its unread bytes counted against its address.
   */
  mount(
    app: uWS.TemplatedApp,
    notFound: (res: uWS.HttpResponse, req: uWS.HttpRequest) => void,
    admit: (res: uWS.HttpResponse, req: uWS.HttpRequest, weight: number) => boolean,
    responder: (res: uWS.HttpResponse, req: uWS.HttpRequest, head: boolean) => Responder,
  ): void {
    const serve = (res: uWS.HttpResponse, req: uWS.HttpRequest): void => {
      const url = req.getUrl();
      const head = req.getMethod() === 'head';
      const asset = this.get(url);
      if (!admit(res, req, assetWeight(asset?.body.length ?? 0))) return;
      if (asset === undefined) {
        if (url === '/' || url === '/index.html') {
          const body = Buffer.from(JSON.stringify({ error: 'CONSOLE_NOT_BUILT', message: `the web console is not built (${this.root}): run npm run build:web, or restart with npm start` }));
          return responder(res, req, head).sendBytes(503, { 'content-type': 'application/json', 'cache-control': 'no-store' }, body);
        }
        return notFound(res, req);
      }
      const headers: Record<string, string> = { 'content-type': asset.contentType, 'cache-control': asset.cacheControl, 'x-content-type-options': 'nosniff' };
      if (asset.contentType.startsWith('text/html')) Object.assign(headers, { 'content-security-policy': CSP, 'referrer-policy': 'no-referrer' });
      // HEAD: the GET's headers and length, no body (as the API's routes answer it; a monitor's probe of the console is often a HEAD).
      responder(res, req, head).sendBytes(200, headers, asset.body);
    };
    for (const path of ['/', '/index.html', '/favicon.svg', '/assets/*']) app.get(path, serve).head(path, serve);
  }

  /** Reads web/dist again when its index.html appeared or changed (a build); cheap otherwise (one stat). */
  private refresh(): void {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(path.join(this.root, 'index.html')).mtimeMs;
    } catch {
      if (this.indexMtimeMs !== -1) {
        this.assets = new Map();
        this.indexMtimeMs = -1;
      }
      return;
    }
    if (mtimeMs === this.indexMtimeMs) return;
    const assets = new Map<string, Asset>();
    const walk = (dir: string, prefix: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.name.startsWith('.')) continue;
        const file = path.join(dir, entry.name);
        const url = `${prefix}/${entry.name}`;
        if (entry.isDirectory()) walk(file, url);
        else if (entry.isFile()) {
          const contentType = CONTENT_TYPES[path.extname(entry.name).toLowerCase()] ?? 'application/octet-stream';
          const cacheControl = url.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
          assets.set(url, { body: readFileSync(file), contentType, cacheControl });
        }
      }
    };
    try {
      walk(this.root, '');
    } catch {
      return; // a build under way: keep what was there, look again on the next request
    }
    this.assets = assets;
    this.indexMtimeMs = mtimeMs;
  }
}
