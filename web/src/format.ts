/** Numbers for people: PAT by one precision rule (the wire's µPAT / 10^6, or wei / 10^18), enum names, times. */
import { wire } from '../../src/proto/index.js';

/**
 * The one PAT precision rule of the console: every PAT amount it shows has exactly
 * PAT_DECIMALS (4) decimals, so columns line up and a figure reads the same on every page.
 * 4 because the finest tick any series has is 0.0001 PAT (AUTO_INTENT|1h): every price and
 * strike shows exactly. An amount with finer digits (a balance in wei, a fee, a P&L) is cut
 * toward zero, never rounded up (a balance never shows more than is there); `exactPat` gives
 * every digit (µPAT, 6 decimals) for a title and a form's value.
 */
export const PAT_DECIMALS = 4;
const MICROS_PER_SHOWN = 10 ** (6 - PAT_DECIMALS);

/** µPAT as PAT with exactly PAT_DECIMALS decimals (integer arithmetic, cut toward zero). */
export function pat(micros: number | null | undefined): string {
  if (micros === null || micros === undefined || !Number.isFinite(micros)) return '—';
  const shown = Math.trunc(Math.trunc(micros) / MICROS_PER_SHOWN);
  const sign = shown < 0 ? '-' : '';
  const abs = Math.abs(shown);
  const unit = 10 ** PAT_DECIMALS;
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(PAT_DECIMALS, '0')}`;
}

/** µPAT as PAT with every digit it has (trailing zeros trimmed): what a form field starts from, or a title shows. */
export function exactPat(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(micros));
  const frac = String(abs % 1_000_000).padStart(6, '0').replace(/0+$/, '');
  return `${sign}${Math.floor(abs / 1_000_000)}${frac === '' ? '' : `.${frac}`}`;
}

/** A wei amount (decimal string) as PAT by the same rule (1 PAT = 10^18 wei; sub-µPAT wei never shows). */
export function patOfWei(wei: string | bigint | null | undefined): string {
  let v: bigint;
  try {
    v = BigInt(wei ?? '0');
  } catch {
    return '—';
  }
  const sign = v < 0n ? '-' : '';
  if (v < 0n) v = -v;
  const unit = 10n ** BigInt(18 - PAT_DECIMALS);
  const shown = v / unit;
  const whole = 10n ** BigInt(PAT_DECIMALS);
  const text = `${(shown / whole).toString()}.${(shown % whole).toString().padStart(PAT_DECIMALS, '0')}`;
  return shown === 0n ? text : `${sign}${text}`;
}

/**
 * A decimal PAT string (as the operator API writes amounts: "7618.661829", "-0.5", "12") by the
 * same rule: exactly PAT_DECIMALS decimals, cut toward zero; a dash for what is not a decimal.
 */
export function patOfDecimal(text: string | null | undefined): string {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec((text ?? '').trim());
  if (m === null || (m[2] === '' && (m[3] ?? '') === '')) return '—';
  const whole = (m[2] ?? '').replace(/^0+(?=\d)/, '') || '0';
  const frac = (m[3] ?? '').padEnd(PAT_DECIMALS, '0').slice(0, PAT_DECIMALS);
  const zero = /^0*$/.test(whole + frac);
  return `${m[1] === '-' && !zero ? '-' : ''}${whole}.${frac}`;
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

/**
 * A window by its bounds (UTC): days when it opens and closes at midnight ("2026-12-03 → 2026-12-10"), else to the
 * minute, the close's date left out on the open's day ("2026-12-06 01:00 → 02:00"): two hourly windows of a day read
 * apart, where by their dates alone they read the same.
 */
export function windowSpan(openMs: number, closeMs: number): string {
  const open = date(openMs);
  const close = date(closeMs);
  if (open.endsWith(' 00:00') && close.endsWith(' 00:00')) return `${open.slice(0, 10)} → ${close.slice(0, 10)}`;
  return `${open} → ${close.slice(0, 10) === open.slice(0, 10) ? close.slice(11) : close}`;
}

/** PAT typed by a person ("1.25") as µPAT, exactly; undefined when it is not a number with at most 6 decimals. */
export function parsePat(text: string): number | undefined {
  const m = /^\s*(\d+)(?:\.(\d{0,6}))?\s*$/.exec(text);
  if (m === null) return undefined;
  return Number(m[1]) * 1_000_000 + Number((m[2] ?? '').padEnd(6, '0'));
}
