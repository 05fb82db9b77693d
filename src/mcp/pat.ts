/**
 * PAT amounts at the agent's edge: an agent writes PAT as a person does ("0.85", 12), the
 * exchange counts µPAT (integers). Converted exactly, never through a float's rounding.
 */
import { z } from 'zod';
import { patOfMicros, patToMicros } from '../client/pat.js';
import { WEI_PER_MICRO } from '../engine/public-values.js';
import { ToolRefusal } from './refusal.js';

/** An amount of PAT as a tool takes it: a decimal string or a number, at most 6 decimals. */
export const patAmount = (description: string) => z.union([z.string(), z.number()]).describe(`${description}, in PAT (e.g. "0.85"; at most 6 decimals)`);

/** PAT as given (a string or a number) in µPAT, exactly; refused unless positive with at most 6 decimals. */
export function microsOfPat(value: string | number, what: string): number {
  const micros = patToMicros(typeof value === 'number' ? String(value) : value);
  if (micros === undefined) throw new ToolRefusal('INVALID_AMOUNT', `${what} must be an amount of PAT such as "0.85" (at most 6 decimals, at most 999999999), not ${JSON.stringify(value)}`);
  if (micros <= 0) throw new ToolRefusal('INVALID_AMOUNT', `${what} must be more than 0 PAT`);
  return micros;
}

export { patOfMicros };

/** Wei (PAT's smallest unit, 18 decimals) as PAT, cut to µPAT toward zero. */
export function patOfWei(wei: string | bigint | undefined | null): string {
  const w = BigInt(wei ?? 0);
  return patOfMicros(Number(w / WEI_PER_MICRO));
}
