/** Command-line numbers: an id (a listing, grant, exercise), a whole number from a floor. */
import { InvalidArgumentError } from 'commander';

/** A positive whole number within 2^53 (no leading zero). */
export function wholeId(text: string): number {
  if (!/^[1-9]\d{0,15}$/.test(text) || !Number.isSafeInteger(Number(text))) throw new InvalidArgumentError('expected a positive whole number');
  return Number(text);
}

/** A whole number >= min, for commander's argument parsers ("abc" and "1.5" are refused, not read as 1). */
export function wholeNumber(min: number): (text: string) => number {
  return (text) => {
    if (!/^\d{1,15}$/.test(text) || Number(text) < min) throw new InvalidArgumentError(`expected a whole number >= ${min}`);
    return Number(text);
  };
}
