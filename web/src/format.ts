/** Numbers for people: PAT with decimals (the wire's µPAT / 10^6), enum names, times. */
import { wire } from '../../src/proto/index.js';

/** µPAT as PAT: at least `minDecimals` decimals, at most 6, trailing zeros trimmed; exact (integer arithmetic). */
export function pat(micros: number | null | undefined, minDecimals = 3): string {
  if (micros === null || micros === undefined || !Number.isFinite(micros)) return '—';
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(micros));
  let frac = String(abs % 1_000_000).padStart(6, '0');
  while (frac.length > minDecimals && frac.endsWith('0')) frac = frac.slice(0, -1);
  return `${sign}${Math.floor(abs / 1_000_000)}${frac.length > 0 ? `.${frac}` : ''}`;
}

/** A positive price, or a dash for none (the wire's 0 means "none yet"). */
export function price(micros: number | null | undefined): string {
  return micros === null || micros === undefined || micros <= 0 ? '—' : pat(micros);
}

/** last − reference, in PAT and percent; a dash when either is missing. */
export function change(lastMicros: number, referenceMicros: number): { text: string; direction: 'up' | 'down' | 'flat' | 'none' } {
  if (lastMicros <= 0 || referenceMicros <= 0) return { text: '—', direction: 'none' };
  const diff = lastMicros - referenceMicros;
  const pct = (diff / referenceMicros) * 100;
  const sign = diff > 0 ? '+' : '';
  return { text: `${sign}${pat(diff)} (${sign}${pct.toFixed(2)}%)`, direction: diff > 0 ? 'up' : diff < 0 ? 'down' : 'flat' };
}

export function enumName(values: Record<number, string>, code: number | null | undefined): string {
  return values[code ?? 0] ?? String(code);
}

export const statusName = (code: number | null | undefined): string => enumName(wire.SeriesStatus, code);
export const sideName = (code: number | null | undefined): string => enumName(wire.Side, code);

export function time(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

export function date(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}
