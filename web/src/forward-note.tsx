/**
 * Why a cash-settled price is where it is (issue 77, "prices explain themselves"): a SYNTHETIC,
 * CALL or PUT pays on its window's settlement index at the close, and the broker prices it on F,
 * the index it expects then (docs/pricing.md, "The index the products settle on"), not on the
 * index mark, which is the index over the past hour. The two part because the spot's quotes, of
 * which the index is made, decay with the data's freshness until the close (and the index falls to
 * the trades when the broker's spot quote is one-sided): a mark of 0.93 can sit beside an F of 0.60.
 *
 * `ForwardNote` shows F beside the mark on a series page, with the premium's parts for an option
 * (intrinsic at F, time value) and, for a synthetic, what a unit bought at the ask pays at F; the
 * chain page uses `forwardReason` and `useForward` for the same line. F is read from the broker's
 * public pricing (GET /v1/options/{id}, GET /v1/synthetics/{id}) every 10 s.
 */
import { useEffect, useState } from 'preact/hooks';
import type { SeriesRow } from './market.js';
import { pat, price, time } from './format.js';

/** The public pricing fields read here (GET /v1/options/{id}; a synthetic's has no strike or value). */
export interface Pricing {
  seriesId: number;
  spotSeriesId: number;
  forwardMicros: number;
  markMicros: number;
  strikeMicros?: number;
  valueMicros?: number;
  right?: number | string;
  bidMicros: number;
  askMicros: number;
}

const READ_MS = 10_000;

/** Reads `url` now and every 10 s (undefined until the first answer; null: the quoter does not price it). */
export function usePolled<T>(url: string | undefined): T | null | undefined {
  const [value, setValue] = useState<T | null | undefined>(undefined);
  useEffect(() => {
    setValue(undefined);
    if (url === undefined) return;
    let stopped = false;
    const read = async (): Promise<void> => {
      try {
        const r = await fetch(url);
        if (stopped) return;
        if (r.ok) setValue((await r.json()) as T);
        else if (r.status === 404 || r.status === 503) setValue(null);
      } catch {
        // Kept as it was; the next read tries again.
      }
    };
    void read();
    const timer = setInterval(() => void read(), READ_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [url]);
  return value;
}

/** The one line saying why F and the mark differ, and which one moneyness is judged on. */
export function forwardReason(forwardMicros: number, markMicros: number | undefined): string {
  const f = `The broker prices on F = ${pat(forwardMicros)}, the settlement index it expects at the close, which is what these pay on`;
  if (markMicros === undefined || markMicros <= 0) return `${f}; the index has no mark yet.`;
  const gap = markMicros - forwardMicros;
  const why =
    gap > 0
      ? 'the spot quotes the index is made of decay with the data\'s freshness until the close (and the index falls to the trades when the broker quotes one side)'
      : gap < 0
        ? 'the quotes and trades the index is made of are expected higher at the close than over the past hour'
        : 'no move is expected by the close';
  return `${f}; the mark ${pat(markMicros)} is the index over the past hour: they differ because ${why}.`;
}

/** A call's or put's payoff per unit at index level `indexMicros`. */
export function intrinsicMicros(isCall: boolean, strikeMicros: number, indexMicros: number): number {
  return Math.max(isCall ? indexMicros - strikeMicros : strikeMicros - indexMicros, 0);
}

interface SettlementMark {
  mark: { markMicros: number; markAtMs: number } | null;
}

/** On a SYNTHETIC, CALL or PUT series page: F beside the mark, the premium's parts, and why (nothing on other kinds). */
export function ForwardNote({ row }: { row: SeriesRow }) {
  const option = row.kind === 'CALL' || row.kind === 'PUT';
  const cashSettled = option || row.kind === 'SYNTHETIC';
  const pricing = usePolled<Pricing>(!cashSettled ? undefined : option ? `/v1/options/${row.seriesId}` : `/v1/synthetics/${row.seriesId}`);
  const settlement = usePolled<SettlementMark>(cashSettled ? `/v1/series/${row.seriesId}/settlement` : undefined);
  if (!cashSettled) return null;
  const mark = settlement?.mark ?? null;
  const markMicros = mark?.markMicros ?? (pricing?.markMicros || undefined);
  if (pricing === undefined) return <p class="hint" data-testid="forward-note">Reading the broker's forward…</p>;
  if (pricing === null || pricing.forwardMicros <= 0) {
    return (
      <p class="hint" data-testid="forward-note">
        The broker does not price this series now; it settles on the window's index at the close{markMicros !== undefined ? ` (marked ${pat(markMicros)} over the past hour)` : ''}.
      </p>
    );
  }
  const F = pricing.forwardMicros;
  const parts: Array<{ label: string; value: string; id: string }> = [
    { label: 'Forward F (index expected at the close)', value: pat(F), id: 'forward' },
    { label: `Index mark (past hour${mark !== null ? `, ${time(mark.markAtMs)} UTC` : ''})`, value: markMicros === undefined ? 'no mark yet' : pat(markMicros), id: 'mark' },
  ];
  let detail: string;
  if (option) {
    const isCall = row.kind === 'CALL';
    const strike = pricing.strikeMicros ?? row.strikeMicros;
    const intrinsic = intrinsicMicros(isCall, strike, F);
    const value = Math.round(pricing.valueMicros ?? intrinsic);
    parts.push({ label: 'Intrinsic at F', value: pat(intrinsic), id: 'intrinsic' }, { label: 'Time value', value: pat(value - intrinsic), id: 'time-value' });
    detail =
      `Its model value ${pat(value)} = intrinsic at F ${pat(intrinsic)} + time value ${pat(value - intrinsic)} (what the index may still move by the close); the broker quotes ${price(pricing.bidMicros)} / ${price(pricing.askMicros)} around it.` +
      (markMicros !== undefined ? ` At the mark it would be worth ${pat(intrinsicMicros(isCall, strike, markMicros))} now, but it pays on the index at the close.` : '');
  } else {
    const ask = row.askMicros > 0 ? row.askMicros : pricing.askMicros;
    const bid = row.bidMicros > 0 ? row.bidMicros : pricing.bidMicros;
    parts.push({ label: 'Ask − F', value: ask > 0 ? pat(ask - F) : '—', id: 'ask-minus-forward' });
    const atF = [ask > 0 ? `a buy at the ask ${pat(ask)} makes F − ask = ${pat(F - ask)} a unit` : '', bid > 0 ? `a sale at the bid ${pat(bid)} makes bid − F = ${pat(bid - F)}` : ''].filter((t) => t !== '');
    detail =
      `A unit pays index − its price at the close (net × index − cost), so the broker quotes around F` +
      (atF.length > 0 ? `: if the index settles at F, ${atF.join(' and ')} (the spread, widened for the index's uncertainty until the close)` : '') +
      '. The mark only sets the margin each minute.';
  }
  return (
    <div class="forward-note" data-testid="forward-note" data-forward-micros={F} data-mark-micros={markMicros ?? ''}>
      <div class="stats">
        {parts.map((p) => (
          <div class="stat" key={p.id}>
            <div class="label">{p.label}</div>
            <div class="value" data-testid={p.id}>{p.value}</div>
          </div>
        ))}
      </div>
      <p class="hint" data-testid="forward-reason">{forwardReason(F, markMicros)}</p>
      <p class="hint" data-testid="forward-detail">{detail}</p>
    </div>
  );
}
