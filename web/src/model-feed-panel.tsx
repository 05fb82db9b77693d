/**
 * A model feed's part of its listing page (#/catalog/ID): whether its outcomes are verified by
 * the exchange or reported by the provider, a "downgraded" badge on drift, live performance net
 * of the price paid against the posted backtest (figures and a chart of cumulative net return,
 * GET /v1/listings/{id}/performance), the model card, target and horizon, lineage hashes, the
 * backtest's figures, and the model's version history with its change log and lineage.
 */
import { LineSeries, createChart, type IChartApi, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { getJson, ratio } from './catalog-api.js';
import { date, patOfDecimal } from './format.js';
import { bps, chartLines, duration, type FeedFields, type ModelFeedBlock, type Performance } from './model-feed-api.js';

interface VersionWithFeed {
  version: number;
  createdAtMs: number;
  changeLog: string;
  modelFeed?: ModelFeedBlock;
}

/** The badges a model feed's row and page carry: its kind, how its outcomes are known, a downgrade. */
export function FeedBadges({ l, downgraded }: { l: FeedFields; downgraded?: boolean }) {
  if (l.kind !== 'model-feed') return null;
  const down = downgraded ?? l.modelFeed?.status === 'downgraded';
  const verified = l.modelFeed?.verifiedOutcomes === true;
  return (
    <span class="mf-badges">
      <span class="mf-badge mf-kind" data-testid="kind-model-feed">model feed</span>
      {l.modelFeed !== undefined &&
        (verified ? (
          <span class="mf-badge mf-verified" data-testid="outcomes-verified" title="the exchange computes each outcome from its own trades and refuses a provider's figure that differs">
            outcomes verified by the exchange
          </span>
        ) : (
          <span class="mf-badge mf-reported" data-testid="outcomes-reported" title="the target is outside the exchange: outcomes are the provider's word">
            provider-reported outcomes
          </span>
        ))}
      {down && (
        <span class="mf-badge mf-down" data-testid="downgraded" title="live performance drifted past the documented thresholds: queued for moderation">
          downgraded
        </span>
      )}
    </span>
  );
}

export function ModelFeedSection({ id, listing, versions, currentVersion }: { id: number; listing: FeedFields; versions: VersionWithFeed[]; currentVersion: number }) {
  const [perf, setPerf] = useState<{ ok: true; p: Performance } | { ok: false; reason: string } | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const load = (): void =>
      void getJson<Performance>(`/v1/listings/${id}/performance`).then((r) => {
        if (live) setPerf(r.ok ? { ok: true, p: r.body } : { ok: false, reason: r.reason });
      });
    load();
    const timer = setInterval(load, 60_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [id]);
  const current = versions.find((v) => v.version === currentVersion)?.modelFeed ?? [...versions].reverse().find((v) => v.modelFeed !== undefined)?.modelFeed;
  if (current === undefined) return <p class="hint">This model feed's disclosures are not available.</p>;
  const p = perf?.ok === true ? perf.p : undefined;
  const downgraded = p?.drift.status === 'downgraded' || listing.modelFeed?.status === 'downgraded';
  const card = current.modelCard;
  const bt = current.backtest;
  return (
    <div class="mf" data-testid="model-feed">
      <p>
        <FeedBadges l={listing} downgraded={downgraded} />
      </p>
      {downgraded && (
        <div class="banner mf-drift" role="status" data-testid="drift">
          Downgraded{p?.drift.atMs !== undefined ? ` ${date(p.drift.atMs)} UTC` : ''}: {p?.drift.reason ?? 'live performance drifted from the backtest'}. The listing is queued for moderation.
        </div>
      )}

      <h2>Live against backtest <span class="muted">(net, bps of notional per signal)</span></h2>
      {perf === undefined ? (
        <p class="hint">Loading performance…</p>
      ) : !perf.ok ? (
        <div class="banner" role="alert" data-testid="performance-error">Performance: {perf.reason}</div>
      ) : (
        <Performance p={perf.p} backtestToMs={bt.toMs} />
      )}

      <div class="grid">
        <div class="panel" data-testid="model-card">
          <h2>Model card <span class="muted">({card.modelId})</span></h2>
          <dl class="cat-dl">
            <dt>Summary</dt>
            <dd>{card.summary}</dd>
            <dt>Method</dt>
            <dd>{card.method}</dd>
            <dt>Inputs</dt>
            <dd>{card.inputs}</dd>
            <dt>Limitations</dt>
            <dd>{card.limitations}</dd>
            <dt>Risk</dt>
            <dd data-testid="risk-statement">{card.riskStatement}</dd>
          </dl>
        </div>
        <div class="panel" data-testid="feed-terms">
          <h2>Target and lineage</h2>
          <dl class="cat-dl">
            <dt>Target</dt>
            <dd data-testid="target">{current.target.kind === 'patx-series' ? 'PATX series (outcomes from the exchange\'s own trades)' : `external: ${current.target.description}`}</dd>
            <dt>Horizon</dt>
            <dd data-testid="horizon">{duration(current.horizonMs)}</dd>
            <dt>Outcome deadline</dt>
            <dd>horizon + {duration(current.outcomeGraceMs)}</dd>
            <dt>Notional a right</dt>
            <dd>{patOfDecimal(current.notionalPat)} PAT</dd>
            {(['packSha', 'indicatorSetSha', 'modelConfigSha', 'policySha'] as const).map((k) => (
              <Fragment key={k}>
                <dt>{LINEAGE_NAME[k]}</dt>
                <dd class="mf-hash" data-testid={`lineage-${k}`}>
                  <code>{current.lineage[k]}</code>
                </dd>
              </Fragment>
            ))}
          </dl>
        </div>
      </div>

      <h2>Backtest <span class="muted">(walk-forward, out of sample, net of {bt.feesBps} bps fees a signal)</span></h2>
      <div class="stats mf-stats" data-testid="backtest">
        <Stat label="Period (UTC)" value={`${date(bt.fromMs).slice(0, 10)} – ${date(bt.toMs).slice(0, 10)}`} />
        <Stat label="Signals" value={bt.signals.toLocaleString('en-US')} testid="backtest-signals" />
        <Stat label="Mean net" value={bps(bt.meanNetBps)} testid="backtest-mean" />
        <Stat label="Stdev" value={bps(bt.stdevNetBps)} />
        <Stat label="Hit rate" value={ratio(bt.hitRate)} />
        <Stat label="Max drawdown" value={bps(bt.maxDrawdownBps)} />
      </div>

      <h2>Model versions <span class="muted">({versions.length}; a change of model, config or policy changes its hash)</span></h2>
      <div class="table-wrap">
        <table data-testid="feed-history">
          <thead>
            <tr>
              <th>Version</th>
              <th>Created (UTC)</th>
              <th>Change log</th>
              <th>Model config</th>
              <th>Policy</th>
              <th class="num">Backtest mean</th>
            </tr>
          </thead>
          <tbody>
            {[...versions].reverse().map((v) => (
              <tr key={v.version} data-version={v.version}>
                <td>v{v.version}{v.version === currentVersion ? <span class="cat-mark">current</span> : null}</td>
                <td class="window">{date(v.createdAtMs)}</td>
                <td class="cat-text">{v.changeLog === '' ? <span class="muted">—</span> : v.changeLog}</td>
                <td><code title={v.modelFeed?.lineage.modelConfigSha}>{v.modelFeed?.lineage.modelConfigSha.slice(0, 12) ?? '—'}…</code></td>
                <td><code title={v.modelFeed?.lineage.policySha}>{v.modelFeed?.lineage.policySha.slice(0, 12) ?? '—'}…</code></td>
                <td class="num">{bps(v.modelFeed?.backtest.meanNetBps)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

const LINEAGE_NAME = { packSha: 'pack_sha', indicatorSetSha: 'indicator_set_sha', modelConfigSha: 'model_config_sha', policySha: 'policy_sha' } as const;

function Performance({ p, backtestToMs }: { p: Performance; backtestToMs: number }) {
  const z = p.simToLive?.z;
  return (
    <>
      <div class="stats mf-stats" data-testid="performance">
        <Stat label="Live mean net" value={bps(p.live?.meanNetBps)} testid="live-mean" />
        <Stat label="Backtest mean net" value={bps(p.backtest.meanNetBps)} />
        <Stat label="Sim→live Δ" value={p.simToLive === null ? '—' : `${bps(p.simToLive.deltaBps, true)}${z === null || z === undefined ? '' : ` (z ${z.toFixed(1)})`}`} testid="sim-to-live" />
        <Stat label="Hit rate live / backtest" value={`${ratio(p.live?.hitRate)} / ${ratio(p.backtest.hitRate)}`} />
        <Stat label="Cumulative live" value={bps(p.live?.cumulativeNetBps, true)} testid="live-cumulative" />
        <Stat label="Signals · outcomes" value={`${p.signals} · ${p.outcomes}`} testid="signal-counts" />
        <Stat label="Pending · missing" value={`${p.pending} · ${p.missing}`} />
        <Stat label="Price a signal" value={bps(p.costPerSignalBps)} />
        <Stat label="Stability" value={ratio(p.stability)} />
        <Stat label="Performance score" value={ratio(p.performanceScore, 3)} testid="performance-score" />
      </div>
      <FeedChart p={p} backtestToMs={backtestToMs} />
      <p class="hint">
        Grey: the backtest's cumulative net return over its period. Teal: live, net of the price paid, continuing from the backtest's total. Updated {date(p.updatedAtMs)} UTC
        {p.capacity !== null ? ` · capacity ${patOfDecimal(p.capacity.capacityPat)} PAT (${p.capacity.seats} seats × ${patOfDecimal(p.capacity.notionalPat)} PAT)` : ''}.
      </p>
    </>
  );
}

function FeedChart({ p, backtestToMs }: { p: Performance; backtestToMs: number }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<{ chart: IChartApi; backtest: ISeriesApi<'Line'>; live: ISeriesApi<'Line'> } | undefined>(undefined);
  const lines = chartLines(p, backtestToMs);
  useEffect(() => {
    if (el.current === null) return;
    const c = createChart(el.current, {
      autoSize: true,
      height: 240,
      layout: { background: { color: 'transparent' }, textColor: '#475569', attributionLogo: false },
      grid: { vertLines: { color: '#eef2f7' }, horzLines: { color: '#eef2f7' } },
      timeScale: { timeVisible: true, secondsVisible: false, rightOffset: 6 },
      localization: { priceFormatter: (v: number) => `${v.toFixed(0)} bps` },
    });
    const backtest = c.addSeries(LineSeries, { color: '#94a3b8', lineWidth: 2 });
    // Markers: a young feed's live line is a few points at the right of weeks of backtest.
    const live = c.addSeries(LineSeries, { color: '#0d9488', lineWidth: 3, pointMarkersVisible: true, pointMarkersRadius: 4 });
    chart.current = { chart: c, backtest, live };
    return () => {
      c.remove();
      chart.current = undefined;
    };
  }, []);
  useEffect(() => {
    const c = chart.current;
    if (c === undefined) return;
    c.backtest.setData(lines.backtest.map((x) => ({ time: x.time as UTCTimestamp, value: x.value })));
    c.live.setData(lines.live.map((x) => ({ time: x.time as UTCTimestamp, value: x.value })));
    c.chart.timeScale().fitContent();
    // With a live record: its days and the backtest's last three before them (scroll or zoom out for the whole backtest).
    const first = lines.live[0];
    const last = lines.live[lines.live.length - 1];
    if (first !== undefined && last !== undefined && lines.backtest.length > 0) c.chart.timeScale().setVisibleRange({ from: (first.time - 3 * 86_400) as UTCTimestamp, to: last.time as UTCTimestamp });
  }, [p]);
  return <div class="chart mf-chart" ref={el} data-testid="feed-chart" data-backtest-points={lines.backtest.length} data-live-points={lines.live.length} />;
}

function Stat({ label, value, testid }: { label: string; value: string; testid?: string }) {
  return (
    <div class="stat">
      <div class="label">{label}</div>
      <div class="value" data-testid={testid}>{value}</div>
    </div>
  );
}
