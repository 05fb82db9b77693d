/**
 * PAT amounts. On-chain PAT has 18 decimals (wei). The engine's hot path works in
 * µPAT (10^12 wei) held in safe-integer Numbers, because bigint arithmetic costs
 * about ten times as much per operation and every order touches a balance.
 * Balances stay exact to the wei: each account keeps a sub-µPAT remainder in
 * bigint wei that only deposits and withdrawals touch (trading amounts are always
 * whole µPAT, since tick sizes are).
 */

export const WEI_PER_MICRO = 1_000_000_000_000n;
export const MICROS_PER_PAT = 1_000_000;

/**
 * µPAT as PAT with every digit it has ("0.8", "12", "0.000001"; trailing zeros trimmed): the words the service's refusals
 * say amounts in. The client keeps its own copy (src/client/pat.ts), which imports nothing of the engine.
 */
export function patOfMicros(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  const frac = String(abs % MICROS_PER_PAT).padStart(6, '0').replace(/0+$/, '');
  return `${sign}${Math.floor(abs / MICROS_PER_PAT)}${frac === '' ? '' : `.${frac}`}`;
}

/**
 * Upper bound on all PAT inside the exchange, in µPAT (about 9.007e9 PAT). Deposits
 * that would push the total past it are refused; since fills conserve PAT, no
 * balance or sum of balances can then leave the safe-integer range.
 */
export const MAX_TOTAL_MICROS = Number.MAX_SAFE_INTEGER;

/** Splits wei into whole µPAT and the sub-µPAT remainder. */
export function splitWei(amountWei: bigint): { micros: bigint; remainderWei: bigint } {
  return { micros: amountWei / WEI_PER_MICRO, remainderWei: amountWei % WEI_PER_MICRO };
}

export function microsToWei(micros: number): bigint {
  return BigInt(micros) * WEI_PER_MICRO;
}

/** Formats wei as a decimal PAT string, e.g. 1500000000000000000n -> "1.5". */
export function formatPat(amountWei: bigint): string {
  const negative = amountWei < 0n;
  const abs = negative ? -amountWei : amountWei;
  const whole = abs / 10n ** 18n;
  const frac = (abs % 10n ** 18n).toString().padStart(18, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac ? '.' + frac : ''}`;
}

/** Parses a decimal PAT string ("1.5") into wei; throws RangeError on malformed input. */
export function parsePat(text: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,18}))?$/.exec(text.trim());
  if (!m) throw new RangeError(`not a PAT amount: '${text}'`);
  const whole = BigInt(m[1]!);
  const frac = BigInt((m[2] ?? '').padEnd(18, '0'));
  return whole * 10n ** 18n + frac;
}
