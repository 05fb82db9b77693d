/**
 * What `patx buy` and `patx sell` check before anything is sent: the price as people type it
 * (PAT, at most 6 decimals: whole µPAT, converted exactly), the quantity, the price an order with
 * no --limit is bounded by (its protection price, as the engine bounds a market order), and a
 * confirmation for an order whose notional (price × qty, the most a buy can cost) is above a
 * threshold. A bad price or quantity is a usage error (exit 2): nothing is sent.
 */
import { InvalidArgumentError } from 'commander';
import { patToMicros } from '../client/pat.js';
import { patFromMicros } from '../operator/cli-format.js';
import { WalletCommandError } from './wallet-options.js';

/** The confirmation threshold when neither --confirm-above nor PATX_CONFIRM_ABOVE says: 100 PAT. */
export const DEFAULT_CONFIRM_ABOVE_MICROS = 100_000_000;

/** A price in PAT ("0.85") as µPAT, exactly; refused unless a positive number with at most 6 decimals. */
export function parsePrice(text: string): number {
  const micros = patToMicros(text);
  if (micros === undefined) throw new InvalidArgumentError('expected a price in PAT such as 0.85 (digits, at most 6 decimals: prices are whole µPAT)');
  if (micros <= 0) throw new InvalidArgumentError('expected a positive price');
  return micros;
}

/** An amount of PAT, 0 or more (the confirmation threshold). */
export function parseThreshold(text: string): number {
  const micros = patToMicros(text);
  if (micros === undefined) throw new InvalidArgumentError('expected an amount of PAT such as 100 (at most 6 decimals)');
  return micros;
}

/** Rights: a whole number from 1 to 1,000,000. */
export function parseQty(text: string): number {
  if (!/^\d{1,7}$/.test(text) || Number(text) < 1 || Number(text) > 1_000_000) throw new InvalidArgumentError('expected a whole number of rights from 1 to 1000000');
  return Number(text);
}

/** The threshold: --confirm-above, else PATX_CONFIRM_ABOVE (a bad value there is a usage error too), else 100 PAT. */
export function confirmThreshold(flag: number | undefined): number {
  if (flag !== undefined) return flag;
  const env = process.env.PATX_CONFIRM_ABOVE;
  if (env === undefined || env === '') return DEFAULT_CONFIRM_ABOVE_MICROS;
  const micros = patToMicros(env);
  if (micros === undefined) throw new WalletCommandError('USAGE', `PATX_CONFIRM_ABOVE=${env}: expected an amount of PAT such as 100`);
  return micros;
}

/** A series' terms and top of book, as GET /v1/series/{id} gives them. */
export interface PricedSeries {
  referencePriceMicros: number;
  bandBps: number;
  tickMicros: number;
  minPriceMicros: number;
  maxPriceMicros: number;
  book: { bids: { priceMicros: number }[]; asks: { priceMicros: number }[] };
}

export { protectedLimitMicros as protectionPrice } from '../client/order-protection.js';

/**
 * Asks before an order whose notional is above the threshold: on a terminal, a y/N question on
 * stderr; with stdin not a terminal (a script, a pipe) it refuses at once rather than wait for an
 * answer nobody will type. `--yes` skips it. Throws WalletCommandError when not confirmed.
 */
export async function confirmOrder(what: string, notionalMicros: number, thresholdMicros: number, yes: boolean): Promise<void> {
  if (yes || notionalMicros <= thresholdMicros) return;
  const over = `${what}: ${patFromMicros(notionalMicros)} PAT, above the confirmation threshold of ${patFromMicros(thresholdMicros)} PAT`;
  if (process.stdin.isTTY !== true) throw new WalletCommandError('NOT_CONFIRMED', `${over}; not sent (no terminal to confirm on): pass --yes, or raise --confirm-above / PATX_CONFIRM_ABOVE`);
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${over}. Send it? [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new WalletCommandError('NOT_CONFIRMED', 'not sent');
  } finally {
    rl.close();
  }
}
