/**
 * The series page of a series the market store does not hold (it holds the live ones): one that expired, one never
 * listed, or one listed since the store last read the list. A link from a purchase, a statement or a grant often
 * names an expired series; it said "No live series N.", as if there had never been one.
 */
import { date, pat } from './format.js';
import { market } from './market.js';
import { neverListed, useSeriesLookup, type SeriesTerms } from './series-terms.js';

/** What became of an expired series, by kind: what its holders can still do, and what it settled at when known. */
export function closedText(t: SeriesTerms): string {
  const closed = `Series #${t.seriesId} has expired: its window closed at ${date(t.closeAtMs)} UTC, and it no longer trades.`;
  if (t.kind === 'SPOT') return `${closed} Rights still held in it can no longer be exercised; access grants already issued keep their own expiry (Account, Grants).`;
  if (t.kind === 'FORWARD') return `${closed}${t.delivery !== undefined ? ` Delivery: ${t.delivery}.` : ''}`;
  if (t.settlement === undefined) return `${closed} It settles in cash on its window's index, which is not published yet.`;
  const published = t.settlement.publishedAtMs !== undefined ? ` (published ${date(t.settlement.publishedAtMs)} UTC)` : '';
  return `${closed} It settled in cash on its window's index at ${pat(t.settlement.indexMicros)} PAT${published}; positions were paid at expiry (Account, Settlements).`;
}

function Found({ t }: { t: SeriesTerms }) {
  return (
    <>
      <h1 class="series-title">
        {t.contract} <span class={`kind kind-${t.kind}`}>{t.kind}</span>
      </h1>
      <p class="hint">
        Series #{t.seriesId} · {t.status} · window {date(t.openAtMs)} → {date(t.closeAtMs)} UTC
      </p>
      <p data-testid="series-not-live" data-status={t.status}>
        {t.status === 'EXPIRED'
          ? closedText(t)
          : `Series #${t.seriesId} is ${t.status}: it was listed after this page read the market, and shows here at the next read (within 30 s).`}
      </p>
    </>
  );
}

export function SeriesNotLive({ seriesId }: { seriesId: number }) {
  // Until the market's list is read, the series may well be live: nothing is asked.
  const lookup = useSeriesLookup(market.series.size === 0 ? undefined : seriesId);
  let body;
  if (lookup === undefined || lookup.state === 'loading') body = <p class="hint">Loading…</p>;
  else if (lookup.state === 'found') body = <Found t={lookup.terms} />;
  else if (lookup.state === 'unknown') body = <p class="hint" data-testid="series-not-live" data-status="UNKNOWN">{neverListed(seriesId)}</p>;
  else body = <p class="hint" data-testid="series-not-live" data-status="FAILED">Could not read series {seriesId} ({lookup.reason}); it is read again in a few seconds.</p>;
  return (
    <section>
      <p><a href="#/">← Market</a></p>
      {body}
    </section>
  );
}
