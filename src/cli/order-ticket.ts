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

/** How long each unit of a --until span is, ms. */
const SPAN_UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * --until: when a good-till-date order lapses, as ms since the epoch: a span from now (`90s`, `30m`, `2h`, `1d`) or a
 * time with its zone (`2026-12-02T12:00Z`, `2026-12-02T12:00:00+01:00`); refused unless it lies ahead (the exchange
 * refuses a past one INVALID_EXPIRY) and within a year.
 */
export function parseUntil(text: string, nowMs = Date.now()): number {
  const span = /^(\d{1,6})([smhd])$/.exec(text);
  const zoned = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text);
  const atMs = span !== null ? nowMs + Number(span[1]) * SPAN_UNITS[span[2]!]! : zoned && realDate(text) ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(atMs)) throw new InvalidArgumentError('expected a span from now (90s, 30m, 2h, 1d) or a real time with its zone (2026-12-02T12:00Z)');
  if (atMs <= nowMs) throw new InvalidArgumentError('that time has passed: an order good till then would lapse at once');
  if (atMs > nowMs + 366 * SPAN_UNITS.d!) throw new InvalidArgumentError('more than a year ahead: a window closes before that (a GTC order rests until its window closes)');
  return atMs;
}

/** Whether a zoned time's date is one the calendar has: Date.parse rolls 2027-02-30 over to March 2nd. */
function realDate(text: string): boolean {
  const [y, m, d] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
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
