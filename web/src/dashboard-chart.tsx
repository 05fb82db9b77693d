/**
 * One dashboard chart (lightweight-charts, as the series page's candles) with its data as a table
 * beside it (below it on a phone), for a reader who cannot see the chart: every bucket in which
 * something moved, newest first, with the same figures in the same units. A figure may be drawn as
 * bars or a line, on the right scale or the left one (a second unit: mean stars beside a count).
 */
import { useEffect, useRef } from 'preact/hooks';
import { createChart, HistogramSeries, LineSeries, type IChartApi, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import { time } from './format.js';

export interface Figure {
  label: string;
  color: string;
  kind: 'bars' | 'line';
  /** The left price scale (a second unit); the right one otherwise. */
  left?: boolean;
  /** The figure as the table shows it. */
  format: (v: number) => string;
}

export interface ChartRow {
  startMs: number;
  /** One value per figure, in the figures' order (null: none in this bucket, e.g. trust before its first sample). */
  values: Array<number | null>;
}

/** A bucket's start as the table names it: the hour, or the day alone. */
function bucketLabel(startMs: number, bucketMs: number): string {
  const iso = new Date(startMs).toISOString();
  return bucketMs >= 86_400_000 ? iso.slice(0, 10) : `${iso.slice(5, 10)} ${time(startMs).slice(0, 5)}`;
}

export function FigureChart({ title, hint, testid, figures, rows, bucketMs }: { title: string; hint?: string; testid: string; figures: readonly Figure[]; rows: readonly ChartRow[]; bucketMs: number }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<{ chart: IChartApi; series: Array<ISeriesApi<'Histogram'> | ISeriesApi<'Line'>> } | undefined>(undefined);
  useEffect(() => {
    if (el.current === null) return;
    const c = createChart(el.current, {
      autoSize: true,
      height: 200,
      layout: { background: { color: 'transparent' }, textColor: '#475569', attributionLogo: false },
      grid: { vertLines: { color: '#eef2f7' }, horzLines: { color: '#eef2f7' } },
      timeScale: { timeVisible: bucketMs < 86_400_000, secondsVisible: false, rightOffset: 1 },
      leftPriceScale: { visible: figures.some((f) => f.left === true) },
      handleScroll: false,
      handleScale: false,
    });
    // The library lays the chart out in a <table>: phone-fit keeps it a table on a phone (styles.css).
    el.current.querySelector('table')?.classList.add('phone-fit');
    const series = figures.map((f) => {
      const common = { color: f.color, priceScaleId: f.left === true ? 'left' : 'right', title: f.label, lastValueVisible: false, priceLineVisible: false };
      return f.kind === 'bars' ? c.addSeries(HistogramSeries, common) : c.addSeries(LineSeries, { ...common, lineWidth: 2 });
    });
    chart.current = { chart: c, series };
    return () => {
      c.remove();
      chart.current = undefined;
    };
  }, [figures, bucketMs]);
  useEffect(() => {
    const c = chart.current;
    if (c === undefined) return;
    c.series.forEach((s, i) => {
      const points = rows.flatMap((r) => (r.values[i] === null ? [] : [{ time: (r.startMs / 1000) as UTCTimestamp, value: r.values[i]! }]));
      s.setData(points);
    });
    c.chart.timeScale().fitContent();
  }, [rows, figures]);
  const moved = rows.filter((r) => r.values.some((v) => v !== null && v !== 0)).reverse();
  return (
    <section class="panel dash-chart" data-testid={testid}>
      <h2>
        {title} {hint !== undefined && <span class="hint">{hint}</span>}
      </h2>
      <div class="dash-pair">
        <div class="chart dash-canvas" ref={el} role="img" aria-label={`${title}: chart of ${figures.map((f) => f.label).join(', ')}; the table beside it has the same figures`} data-testid={`${testid}-chart`} data-points={rows.length} />
        <div class="dash-table table-wrap">
          <table data-testid={`${testid}-table`}>
            <caption class="sr-only">{title}, by bucket</caption>
            <thead>
              <tr>
                <th>{bucketMs >= 86_400_000 ? 'Day (UTC)' : 'Hour (UTC)'}</th>
                {figures.map((f) => (
                  <th key={f.label} class="num">
                    <span class="dash-key" style={{ background: f.color }} />
                    {f.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {moved.map((r) => (
                <tr key={r.startMs} data-start-ms={r.startMs}>
                  <td data-label={bucketMs >= 86_400_000 ? 'Day (UTC)' : 'Hour (UTC)'}>{bucketLabel(r.startMs, bucketMs)}</td>
                  {figures.map((f, i) => (
                    <td key={f.label} class="num" data-label={f.label}>
                      {r.values[i] === null ? '—' : f.format(r.values[i]!)}
                    </td>
                  ))}
                </tr>
              ))}
              {moved.length === 0 && (
                <tr>
                  <td colSpan={figures.length + 1} class="muted">
                    Nothing in this window.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
