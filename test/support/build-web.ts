/** vitest globalSetup: builds the web console (web/dist) once before any test when its inputs changed, so tests that start `npm start`'s main or open the console never build it concurrently. */
import { ensureWebBuilt } from '../../src/app/web-build.js';

export default async function setup(): Promise<void> {
  await ensureWebBuilt();
}
