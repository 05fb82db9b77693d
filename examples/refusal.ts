import { PatxRequestError } from '../src/client/index.js';

/**
 * An example's last word on an error: a refusal by the exchange (SERVER_BUSY while its disk
 * is low, INSUFFICIENT_BALANCE, ...) prints one line and exits 1, as the CLI does; anything
 * else is a bug in the example and keeps its stack.
 */
export function reportRefusal(error: unknown): void {
  if (!(error instanceof PatxRequestError)) throw error;
  console.log(`refused by the exchange: ${error.message}`);
  process.exitCode = 1;
}
