/**
 * Where a web test saves a page's screenshot: docs/ (shown in the README) only when asked,
 * `PATX_SCREENSHOTS=1 npx vitest run test/web`, so an ordinary `npm test` leaves the
 * working tree as it was; a temporary folder otherwise (the shot is still taken, so a
 * page that cannot render fails either way).
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export function screenshotPath(file: string): string {
  const dir = process.env.PATX_SCREENSHOTS === '1' ? path.join(ROOT, 'docs') : path.join(os.tmpdir(), 'patx-screenshots');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, file);
}
