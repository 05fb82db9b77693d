/** A command-line id (a listing, grant, exercise): a positive whole number within 2^53. */
import { InvalidArgumentError } from 'commander';

export function wholeId(text: string): number {
  if (!/^[1-9]\d{0,15}$/.test(text) || !Number.isSafeInteger(Number(text))) throw new InvalidArgumentError('expected a positive whole number');
  return Number(text);
}
