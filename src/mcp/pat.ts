/**
 * PAT amounts at the agent's edge: an agent writes PAT as a person does ("0.85", 12), the
 * exchange counts µPAT (integers). Converted exactly, never through a float's rounding.
 */
import { z } from 'zod';
import { ToolRefusal } from './refusal.js';

export const MICROS_PER_PAT = 1_000_000;
const WEI_PER_MICRO = 10n ** 12n;

/** An amount of PAT as a tool takes it: a decimal string or a number, at most 6 decimals. */
export const patAmount = (description: string) => z.union([z.string(), z.number()]).describe(`${description}, in PAT (e.g. "0.85"; at most 6 decimals)`);

/** PAT as given (a string or a number) in µPAT, exactly; refused unless positive with at most 6 decimals. */
export function microsOfPat(value: string | number, what: string): number {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const m = /^(\d{1,9})(?:\.(\d{1,6}))?$/.exec(text);
  if (m === null) throw new ToolRefusal('INVALID_AMOUNT', `${what} must be an amount of PAT such as "0.85" (at most 6 decimals, at most 999999999), not ${JSON.stringify(value)}`);
  const micros = Number(m[1]) * MICROS_PER_PAT + Number((m[2] ?? '').padEnd(6, '0'));
  if (micros <= 0) throw new ToolRefusal('INVALID_AMOUNT', `${what} must be more than 0 PAT`);
  return micros;
}

/** µPAT as PAT with every digit it has ("0.8", "12", "0.000001"). */
export function patOfMicros(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  const frac = String(abs % MICROS_PER_PAT).padStart(6, '0').replace(/0+$/, '');
  return `${sign}${Math.floor(abs / MICROS_PER_PAT)}${frac === '' ? '' : `.${frac}`}`;
}

/** Wei (PAT's smallest unit, 18 decimals) as PAT, cut to µPAT toward zero. */
export function patOfWei(wei: string | bigint | undefined | null): string {
  const w = BigInt(wei ?? 0);
  return patOfMicros(Number(w / WEI_PER_MICRO));
}
