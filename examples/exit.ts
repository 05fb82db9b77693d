/**
 * How every example ends when it cannot go on: one line that says what happened and what
 * to do, exit status 1, never a stack trace. `stop` is the planned way (a condition the
 * example checked); `runExample` catches everything else (a refusal by the exchange, an
 * unreachable service, a bug) and says it in one line too. EXAMPLE_STACK=1 prints the
 * stack of an unexpected error, for whoever is debugging the example itself.
 */
import { PatxRequestError, PatxSignInError } from '../src/client/index.js';

/** A planned stop: the message is the whole story, with what to do. */
export class ExampleStop extends Error {
  override readonly name = 'ExampleStop';
}

/** Stops the example with one line (thrown: the example's `finally` blocks close what it opened). */
export function stop(message: string): never {
  throw new ExampleStop(message);
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT']);

/** The one line an error ends an example with. */
export function lastWord(error: unknown, serviceUrl: string): string {
  if (error instanceof ExampleStop) return error.message;
  if (error instanceof PatxRequestError) return `refused by the exchange: ${error.message}`;
  if (error instanceof PatxSignInError) return `sign-in refused by the exchange: ${error.message}`;
  const code = connectionCode(error);
  if (code !== undefined) return `cannot reach the PATX service at ${serviceUrl} (${code}): ${howToStart(serviceUrl)}, or set PATX_URL to where it runs (its HTTP base)`;
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `the example failed unexpectedly (${text.split('\n')[0]}); EXAMPLE_STACK=1 shows where`;
}

/** What to start for the URL an example dialled: the sandbox's ports (8580) are not `npm start`'s (8480). */
function howToStart(serviceUrl: string): string {
  const port = /:(\d+)(?:\/|$)/.exec(serviceUrl)?.[1];
  if (port === '8580') return 'this example defaults to the sandbox: start it with `npm run sandbox` (against `npm start`, set PATX_URL=http://127.0.0.1:8480)';
  return 'start it with `npm start`';
}

function connectionCode(error: unknown): string | undefined {
  // fetch's "fetch failed" carries the connection's code in its cause: look there before settling for 'unreachable'.
  let vague: string | undefined;
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return code;
    if (e instanceof AggregateError) for (const inner of e.errors) if (connectionCode(inner) !== undefined) return connectionCode(inner);
    if (e instanceof Error && /ECONNREFUSED|ENOTFOUND|fetch failed|socket hang up/.test(e.message)) {
      const named = /ECONN\w+|ENOTFOUND/.exec(e.message)?.[0];
      if (named !== undefined) return named;
      vague ??= 'unreachable';
    }
    e = (e as { cause?: unknown }).cause;
  }
  return vague;
}

/**
 * Runs an example's body: any error, thrown or in a callback, ends it with `lastWord` on
 * stderr and exit status 1. On success the status is what the body set (0 by default).
 */
export async function runExample(serviceUrl: string, main: () => Promise<void>): Promise<void> {
  const end = (error: unknown): void => {
    console.error(lastWord(error, serviceUrl));
    if (process.env.EXAMPLE_STACK === '1' && error instanceof Error && !(error instanceof ExampleStop)) console.error(error.stack);
    process.exit(1);
  };
  process.on('uncaughtException', end);
  process.on('unhandledRejection', end);
  try {
    await main();
  } catch (error) {
    end(error);
  }
}
