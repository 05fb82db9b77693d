/**
 * The operator's page (#/operator): sign in with the operator token (kept in sessionStorage),
 * then, from the operator API (docs/risk.md "Operator API"), the broker's PAT and exposure
 * against limits per series and window group, its P&L, the live series with halt/resume and
 * kill switches, the parameters with an edit form and their history from the audit trail,
 * settlement status and reconciliation, the fee account and its sweep to the treasury (operator-fees.tsx), component health, the alarms (operator-alarms.tsx)
 * the listing moderation queue (operator-moderation.tsx), the providers' verification
 * (operator-providers.tsx) and the open disputes of evidenced deliveries with a decision form
 * (operator-disputes.tsx). Every failed action shows
 * the API's reason.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { date, exactPat, pat, patOfDecimal, price, time } from './format.js';
import {
  call,
  savedToken,
  saveToken,
  type AlarmReport,
  type AuditEntry,
  type BrokerReport,
  type ExposureReport,
  type HealthReport,
  type KillSwitches,
  type OperatorListingRow,
  type OperatorSeries,
  type ParamRow,
} from './operator-api.js';
import { AlarmsPanel } from './operator-alarms.js';
import { DisputesPanel, type DisputeRow } from './operator-disputes.js';
import { FeesPanel, type FeeReport } from './operator-fees.js';
import { ModerationPanel } from './operator-moderation.js';
import { ProvidersPanel, type ProviderRow } from './operator-providers.js';
import { Failed, type Act, type Loaded } from './operator-ui.js';
import { ReadinessPanel, type PhaseReadinessReport } from './operator-readiness.js';
import './operator-page.css';

const REFRESH_MS = 5_000;
const AUDIT_PAGE = 1_000;
const AUDIT_KEEP = 500;

type Notice = { ok: boolean; text: string } | undefined;

export function OperatorPage() {
  const [token, setToken] = useState<string | undefined>(savedToken());
  if (token === undefined) return <SignIn onSignedIn={(t) => { saveToken(t); setToken(t); }} />;
  return <Console token={token} onSignOut={() => { saveToken(undefined); setToken(undefined); }} />;
}

function SignIn({ onSignedIn }: { onSignedIn: (token: string) => void }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const token = value.trim();
    if (token === '') return setError('enter the operator token');
    setBusy(true);
    const r = await call<unknown>(token, 'GET', '/operator/kill');
    setBusy(false);
    if (r.ok) onSignedIn(token);
    else setError(r.reason);
  };
  return (
    <section class="op-signin">
      <h1>Operator</h1>
      <form class="panel" onSubmit={(e) => void submit(e)}>
        <label for="op-token">Operator token</label>
        <p class="hint">PATX_OPERATOR_TOKEN, the token in &lt;dataDir&gt;/operator-token, or one from <code>patx operators add</code>. Kept in this tab only (sessionStorage).</p>
        <input id="op-token" type="password" autocomplete="current-password" data-testid="operator-token" value={value} onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
        <button type="submit" disabled={busy} data-testid="operator-signin">{busy ? 'Checking…' : 'Sign in'}</button>
        {error !== undefined && <div class="banner" role="alert" data-testid="signin-error">{error}</div>}
      </form>
    </section>
  );
}

function Console({ token, onSignOut }: { token: string; onSignOut: () => void }) {
  const [params, setParams] = useState<Loaded<ParamRow[]>>();
  const [series, setSeries] = useState<Loaded<OperatorSeries[]>>();
  const [kill, setKill] = useState<Loaded<KillSwitches>>();
  const [exposure, setExposure] = useState<Loaded<ExposureReport>>();
  const [broker, setBroker] = useState<Loaded<BrokerReport>>();
  const [settlement, setSettlement] = useState<Loaded<Record<string, unknown>>>();
  const [fees, setFees] = useState<Loaded<FeeReport>>();
  const [health, setHealth] = useState<Loaded<HealthReport>>();
  const [phase, setPhase] = useState<Loaded<PhaseReport>>();
  const [readiness, setReadiness] = useState<Loaded<PhaseReadinessReport>>();
  const [alarms, setAlarms] = useState<Loaded<AlarmReport>>();
  const [listings, setListings] = useState<Loaded<OperatorListingRow[]>>();
  const [providers, setProviders] = useState<Loaded<ProviderRow[]>>();
  const [disputes, setDisputes] = useState<Loaded<{ disputes: DisputeRow[] }>>();
  const [audit, setAudit] = useState<{ entries: AuditEntry[]; error?: string }>({ entries: [] });
  const auditFrom = useRef(1);
  const [notice, setNotice] = useState<Notice>();
  const [busy, setBusy] = useState(false);
  const [signedOutReason, setSignedOutReason] = useState<string | undefined>();

  const load = useCallback(
    async <T,>(path: string, set: (v: Loaded<T>) => void): Promise<void> => {
      const r = await call<T>(token, 'GET', path);
      if (!r.ok && r.status === 401) setSignedOutReason(r.reason);
      // Health answers 503 with its report when a component is down: still a report.
      if (!r.ok && typeof r.body === 'object' && r.body !== null && 'components' in r.body) return set({ ok: true, value: r.body as T });
      set(r.ok ? { ok: true, value: r.body } : { ok: false, reason: r.reason });
    },
    [token],
  );

  const loadAudit = useCallback(async (): Promise<void> => {
    let from = auditFrom.current;
    const fresh: AuditEntry[] = [];
    for (let page = 0; page < 100; page++) {
      const r = await call<AuditEntry[]>(token, 'GET', `/operator/audit?from=${from}&limit=${AUDIT_PAGE}`);
      if (!r.ok) return setAudit((a) => ({ ...a, error: r.reason }));
      if (r.body.length > 0) auditFrom.current = Math.max(auditFrom.current, r.body[r.body.length - 1]!.seq + 1);
      fresh.push(...r.body);
      if (r.body.length > 0) from = r.body[r.body.length - 1]!.seq + 1;
      if (r.body.length < AUDIT_PAGE) break;
    }
    setAudit((a) => {
      const seen = new Set(a.entries.map((e) => `${e.seq}:${e.note ?? 0}`));
      const entries = [...a.entries, ...fresh.filter((e) => !seen.has(`${e.seq}:${e.note ?? 0}`))].slice(-AUDIT_KEEP);
      return { entries };
    });
  }, [token]);

  const refresh = useCallback(async (): Promise<void> => {
    await Promise.all([
      load('/operator/params', setParams),
      load('/operator/series', setSeries),
      load('/operator/kill', setKill),
      load('/operator/exposure', setExposure),
      load('/operator/broker', setBroker),
      load('/settlement/status', setSettlement),
      load('/operator/fees', setFees),
      load('/readyz', setHealth),
      load('/operator/phase', setPhase),
      load('/operator/phase/readiness', setReadiness),
      load('/operator/alarms', setAlarms),
      load('/operator/listings', setListings),
      load('/operator/providers', setProviders),
      load('/operator/disputes', setDisputes),
      loadAudit(),
    ]);
  }, [load, loadAudit]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  /** A change: the API's answer, then everything read again; a refusal shows its reason. */
  const act = async (what: string, method: string, path: string, body?: unknown): Promise<boolean> => {
    setBusy(true);
    const r = await call<{ seq?: number }>(token, method, path, body);
    setBusy(false);
    setNotice(r.ok ? { ok: true, text: `${what}: done${r.body?.seq !== undefined ? ` (seq ${r.body.seq})` : ''}` } : { ok: false, text: `${what}: refused — ${r.reason}` });
    await refresh();
    return r.ok;
  };

  if (signedOutReason !== undefined) {
    return (
      <section>
        <h1>Operator</h1>
        <div class="banner" role="alert">{signedOutReason}</div>
        <button onClick={onSignOut}>Sign in again</button>
      </section>
    );
  }

  return (
    <section class="op">
      <div class="op-head">
        <h1>Operator</h1>
        {alarms?.ok === true && alarms.value.active > 0 && (
          <a href="#/operator" class={`op-alarm-count ${alarms.value.critical > 0 ? 'op-alarm-critical' : 'op-alarm-warning'}`} data-testid="alarm-count" onClick={(e) => jump(e, 'op-alarms')}>
            {alarms.value.active} active alarm{alarms.value.active === 1 ? '' : 's'}{alarms.value.critical > 0 ? ` (${alarms.value.critical} critical)` : ''}
          </a>
        )}
        <span class="muted">auto-refresh every {REFRESH_MS / 1000} s</span>
        <button onClick={() => void refresh()}>Refresh</button>
        <button onClick={onSignOut} data-testid="operator-signout">Sign out</button>
      </div>
      {notice !== undefined && (
        <div class={notice.ok ? 'op-ok' : 'banner'} role={notice.ok ? 'status' : 'alert'} data-testid="action-result">
          {notice.text}
          <button class="op-x" onClick={() => setNotice(undefined)} aria-label="dismiss">×</button>
        </div>
      )}
      <nav class="op-toc">
        <a href="#/operator" onClick={(e) => jump(e, 'op-alarms')}>Alarms</a>
        <a href="#/operator" onClick={(e) => jump(e, 'op-health')}>Health</a>
        <a href="#/operator" onClick={(e) => jump(e, 'op-exposure')}>Exposure</a>
        <a href="#/operator" onClick={(e) => jump(e, 'op-series')}>Series</a>
        <a href="#/operator" onClick={(e) => jump(e, 'op-kill')}>Kill switches</a>
        <a href="#/operator" onClick={(e) => jump(e, 'op-params')}>Parameters</a>
        <a href="#/operator" onClick={(e) => jump(e, 'op-history')}>History</a>
        <a href="#/operator" onClick={(e) => jump(e, 'op-settlement')}>Settlement</a>
        <a href="#/operator" onClick={(e) => jump(e, 'op-fees')}>Fees</a>
        <a href="#/operator" onClick={(e) => jump(e, 'op-moderation')}>Moderation</a>
        <a href="#/operator" onClick={(e) => jump(e, 'op-providers')}>Providers</a>
        <a href="#/operator" onClick={(e) => jump(e, 'op-disputes')}>Disputes</a>
      </nav>
      <AlarmsPanel alarms={alarms} />
      <HealthPanel health={health} settlement={settlement} phase={phase} />
      <ReadinessPanel readiness={readiness} />
      <ExposurePanel exposure={exposure} broker={broker} />
      <SeriesPanel series={series} busy={busy} act={act} />
      <KillPanel kill={kill} busy={busy} act={act} />
      <ParamsPanel params={params} audit={audit.entries} busy={busy} act={act} />
      <HistoryPanel audit={audit} params={params} series={series} />
      <SettlementPanel token={token} settlement={settlement} busy={busy} act={act} />
      <FeesPanel fees={fees} busy={busy} act={act} />
      <ModerationPanel token={token} listings={listings} refresh={refresh} />
      <ProvidersPanel providers={providers} busy={busy} act={act} />
      <DisputesPanel token={token} disputes={disputes} refresh={refresh} />
    </section>
  );
}

function jump(e: Event, id: string): void {
  e.preventDefault();
  document.getElementById(id)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
}

/** A decimal PAT string from the API, by the console's one rule (4 decimals, format.ts). */
const patText = patOfDecimal;

function pct(p: number | null | undefined): string {
  return p === null || p === undefined ? '—' : `${p.toFixed(2)}%`;
}

function Usage({ used, pctUsed, limit }: { used: number; pctUsed: number | null | undefined; limit: number | undefined }) {
  if (limit === undefined || limit === 0) return <span class="muted" title="limit off (0)">{used} / off</span>;
  const p = pctUsed ?? 0;
  return (
    <span class={`op-usage ${p >= 100 ? 'op-over' : p >= 80 ? 'op-warn' : ''}`}>
      <meter min={0} max={100} low={80} high={99} optimum={0} value={Math.min(p, 100)} />
      {used} / {limit} ({pct(pctUsed)})
    </span>
  );
}

/** GET /operator/phase. */
interface PhaseReport {
  phase: number;
  products: Record<string, string>;
  ungovernedPhase: number;
  settledBatchId: number;
  settledThroughSeq: number;
}

function HealthPanel({ health, settlement, phase }: { health: Loaded<HealthReport>; settlement: Loaded<Record<string, unknown>>; phase: Loaded<PhaseReport> }) {
  const deployment = settlement?.ok === true ? (settlement.value['deployment'] as Record<string, unknown> | undefined) : undefined;
  return (
    <div class="panel op-panel" id="op-health">
      <h2>Health and governance</h2>
      <Failed loaded={health} />
      {health?.ok === true && (
        <>
          <p>
            Readiness: <b class={`op-state op-state-${health.value.status}`} data-testid="health-status">{health.value.status}</b>
            {health.value.seq !== undefined && <span class="muted"> · journal seq {health.value.seq}</span>}
          </p>
          <div class="table-wrap">
            <table data-testid="health-table">
              <thead><tr><th>Component</th><th>State</th><th>Detail</th></tr></thead>
              <tbody>
                {Object.entries(health.value.components).map(([name, c]) => (
                  <tr key={name}>
                    <td>{name}</td>
                    <td><span class={`op-state op-state-${c.state}`}>{c.state}</span></td>
                    <td class="op-wrap">{c.detail ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <p class="op-gov" data-testid="governance">
        Governance phase:{' '}
        {phase?.ok === true ? (
          <>
            <b data-testid="governance-phase">{phase.value.phase}</b>{' '}
            <span class="muted">
              (open: {Object.entries(phase.value.products).filter(([p]) => Number(p) <= phase.value.phase).map(([, kinds]) => kinds).join(', ')}; phases above {phase.value.ungovernedPhase} need the council's vote on chain)
            </span>
          </>
        ) : (
          <span class="muted">{phase?.ok === false ? phase.reason : 'loading…'}</span>
        )}
        {deployment !== undefined && typeof deployment['governance'] === 'string' && <> Contract <code>{deployment['governance']}</code>.</>}
      </p>
    </div>
  );
}

function ExposurePanel({ exposure, broker }: { exposure: Loaded<ExposureReport>; broker: Loaded<BrokerReport> }) {
  return (
    <div class="panel op-panel" id="op-exposure">
      <h2>Broker: PAT, P&amp;L and exposure</h2>
      <Failed loaded={exposure} />
      {exposure?.ok === true && (
        <>
          <div class="stats op-stats" data-testid="broker-pat">
            <Stat label={`PAT available (account #${exposure.value.brokerAccountId})`} value={patText(exposure.value.pat.available)} />
            <Stat label="PAT held by orders" value={patText(exposure.value.pat.held)} />
            <Stat label="PAT locked (forwards, margin)" value={patText(exposure.value.pat.locked)} />
            {broker?.ok === true && (
              <>
                <Stat label="P&L in all (PAT)" value={pat(broker.value.totalMicros)} />
                <Stat label="Rights: realized / unrealized (PAT)" value={`${pat(broker.value.realizedMicros)} / ${pat(broker.value.unrealizedMicros)}`} />
                <Stat label="Options and synthetics: settled / open (PAT)" value={`${pat(broker.value.derivativesSettledMicros)} / ${pat(broker.value.derivativesOpenMicros)}`} />
                <Stat label="Inventory cost / value (PAT)" value={`${pat(broker.value.inventoryCostMicros)} / ${pat(broker.value.inventoryValueMicros)}`} />
              </>
            )}
          </div>
          {broker?.ok === false && <p class="muted">P&amp;L: {broker.reason}</p>}
          <h3>Per window group</h3>
          <div class="table-wrap">
            <table data-testid="exposure-windows">
              <thead><tr><th>Group</th><th class="num">Series</th><th>Long / limit</th><th>Short / limit</th></tr></thead>
              <tbody>
                {exposure.value.windows.map((w) => (
                  <tr key={w.group}>
                    <td>{w.group}</td>
                    <td class="num">{w.series.length}</td>
                    <td><Usage used={w.long} pctUsed={w.usedPct} limit={w.limit} /></td>
                    <td>{w.short === undefined ? '—' : <Usage used={w.short} pctUsed={w.shortUsedPct} limit={w.shortLimit} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>Per series</h3>
          <div class="table-wrap op-scroll">
            <table data-testid="exposure-series">
              <thead><tr><th>Series</th><th>Kind</th><th>Status</th><th class="num">Rights</th><th class="num">Open bids</th><th>Long / limit</th><th>Details</th></tr></thead>
              <tbody>
                {exposure.value.series.map((s) => (
                  <tr key={s.seriesId} data-series-id={s.seriesId}>
                    <td class="op-name">#{s.seriesId} {s.series}</td>
                    <td><span class={`kind kind-${s.kind}`}>{s.kind}</span></td>
                    <td>{s.status}</td>
                    <td class="num">{s.rights}</td>
                    <td class="num">{s.openBuyQty}</td>
                    <td><Usage used={s.long} pctUsed={s.usedPct} limit={s.limit} /></td>
                    <td class="op-detail">
                      {s.forward !== undefined && <>short <Usage used={s.forward.short} pctUsed={s.forward.shortUsedPct} limit={s.forward.shortLimit} /> · escrow {patText(s.forward.escrow)} PAT · collateral {patText(s.forward.collateral)} PAT</>}
                      {s.synthetic !== undefined && <>position {s.synthetic.position} · cost {patText(s.synthetic.cost)} PAT · mark {patText(s.synthetic.mark)} PAT · P&amp;L {patText(s.synthetic.pnlAtMark)} PAT · margin {patText(s.synthetic.locked)} PAT (maint. {patText(s.synthetic.maintenance)} PAT)</>}
                      {s.option !== undefined && <>{s.option.right} strike {patText(s.option.strike)} PAT · position {s.option.position} · mark {patText(s.option.mark)} PAT · value {patText(s.option.valueAtMark)} PAT · margin {patText(s.option.locked)} PAT</>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div class="stat">
      <div class="label">{label}</div>
      <div class="value">{value}</div>
    </div>
  );
}

function SeriesPanel({ series, busy, act }: { series: Loaded<OperatorSeries[]>; busy: boolean; act: Act }) {
  return (
    <div class="panel op-panel" id="op-series">
      <h2>Series: halt, resume, kill</h2>
      <Failed loaded={series} />
      {series?.ok === true && (
        <div class="table-wrap op-scroll">
          <table data-testid="operator-series">
            <thead><tr><th>Series</th><th>Kind</th><th>Status</th><th>Kill switch</th><th>MMP</th><th class="num">Reference (PAT)</th><th class="num">Trades</th><th class="num">Quote levels</th><th>Actions</th></tr></thead>
            <tbody>
              {series.value.map((s) => {
                const frozen = s.mmpFrozenUntilMs > Date.now();
                return (
                  <tr key={s.seriesId} data-series-id={s.seriesId}>
                    <td class="op-name">#{s.seriesId} {s.series}</td>
                    <td><span class={`kind kind-${s.kind}`}>{s.kind}</span></td>
                    <td data-testid="series-status"><span class={`op-status op-status-${s.status}`}>{s.status}</span></td>
                    <td>{s.killedBy === 'series' ? <b class="op-bad">engaged</b> : s.killedBy === 'global' ? <b class="op-bad">global</b> : 'off'}</td>
                    <td>{frozen ? <span class="op-bad">frozen{s.mmpFrozenUntilMs < 8.64e15 ? ` to ${time(s.mmpFrozenUntilMs)}` : ''}</span> : '—'}</td>
                    <td class="num">{price(s.referencePriceMicros)}</td>
                    <td class="num">{s.trades}</td>
                    <td class="num">{s.quoteLevels.bids} / {s.quoteLevels.asks}</td>
                    <td class="op-actions">
                      {s.status === 'HALTED' ? (
                        <button disabled={busy} data-testid="resume" onClick={() => void act(`resume series #${s.seriesId}`, 'POST', `/operator/series/${s.seriesId}/resume`)}>Resume</button>
                      ) : (
                        <button disabled={busy} data-testid="halt" onClick={() => void act(`halt series #${s.seriesId}`, 'POST', `/operator/series/${s.seriesId}/halt`)}>Halt</button>
                      )}
                      <button disabled={busy} data-testid="kill-series" onClick={() => void act(`${s.killedBy === 'series' ? 'release' : 'engage'} the kill switch of series #${s.seriesId}`, 'POST', '/operator/kill', { scope: 'series', targetId: s.seriesId, engaged: s.killedBy !== 'series' })}>
                        {s.killedBy === 'series' ? 'Release kill' : 'Kill'}
                      </button>
                      {s.mmpFrozenUntilMs > 0 && (
                        <button disabled={busy} onClick={() => void act(`reset MMP of series #${s.seriesId}`, 'POST', `/operator/mmp/${s.seriesId}/reset`)}>Reset MMP</button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function KillPanel({ kill, busy, act }: { kill: Loaded<KillSwitches>; busy: boolean; act: Act }) {
  const [account, setAccount] = useState('');
  const accountId = (): unknown => (/^\d+$/.test(account.trim()) ? Number(account.trim()) : account);
  return (
    <div class="panel op-panel" id="op-kill">
      <h2>Kill switches</h2>
      <Failed loaded={kill} />
      {kill?.ok === true && (
        <>
          <p data-testid="kill-global">
            Global: {kill.value.global ? <b class="op-bad">ENGAGED — every order refused</b> : 'off'}{' '}
            <button
              disabled={busy}
              onClick={() => {
                if (kill.value.global || confirm('Engage the global kill switch? Every new order is refused until it is released.'))
                  void act(`${kill.value.global ? 'release' : 'engage'} the global kill switch`, 'POST', '/operator/kill', { scope: 'global', targetId: 0, engaged: !kill.value.global });
              }}
            >
              {kill.value.global ? 'Release global kill' : 'Engage global kill'}
            </button>
          </p>
          <p>
            Series engaged: {kill.value.series.length === 0 ? 'none' : kill.value.series.map((id) => `#${id}`).join(', ')} · Accounts engaged:{' '}
            {kill.value.accounts.length === 0
              ? 'none'
              : kill.value.accounts.map((id) => (
                  <button key={id} class="op-chip" disabled={busy} title="release" onClick={() => void act(`release the kill switch of account #${id}`, 'POST', '/operator/kill', { scope: 'account', targetId: id, engaged: false })}>
                    #{id} ×
                  </button>
                ))}
          </p>
          <form class="op-inline" onSubmit={(e) => { e.preventDefault(); void act(`engage the kill switch of account ${account}`, 'POST', '/operator/kill', { scope: 'account', targetId: accountId(), engaged: true }); }}>
            <label for="op-kill-account">Account id</label>
            <input id="op-kill-account" inputMode="numeric" value={account} onInput={(e) => setAccount((e.target as HTMLInputElement).value)} />
            <button type="submit" disabled={busy}>Kill account</button>
          </form>
        </>
      )}
    </div>
  );
}

/** "0 = exponential, 1 = piecewise-linear" → names by value. */
function enumChoices(doc: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const m of doc.matchAll(/(\d+)\s*=\s*([^,;]+)/g)) out.set(Number(m[1]), m[2]!.trim());
  return out;
}

/** A parameter's value for people: µPAT as PAT, enums and flags by name, others with their unit. */
export function paramValue(p: Pick<ParamRow, 'unit' | 'doc'>, value: number | unknown): string {
  if (typeof value !== 'number') return String(value);
  if (p.unit === 'µPAT') return `${pat(value)} PAT`;
  if (p.unit === 'enum') return enumChoices(p.doc).get(value) ?? String(value);
  if (p.unit === 'flag') return value === 1 ? 'on (1)' : value === 0 ? 'off (0)' : String(value);
  return p.unit === '' ? String(value) : `${value} ${p.unit}`;
}

/** What the form sends: PAT typed for a µPAT parameter becomes µPAT (exactly); anything not a number is sent as typed, for the API to refuse with its reason. */
function valueToSend(p: ParamRow | undefined, text: string): unknown {
  const t = text.trim();
  if (!/^-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(t)) return t;
  if (p?.unit === 'µPAT' && /^-?\d*(\.\d{0,6})?$/.test(t)) {
    const negative = t.startsWith('-');
    const [whole = '0', frac = ''] = t.replace('-', '').split('.');
    const micros = Number(whole === '' ? '0' : whole) * 1_000_000 + Number(frac.padEnd(6, '0'));
    return negative ? -micros : micros;
  }
  return p?.unit === 'µPAT' ? Number(t) * 1_000_000 : Number(t);
}

function ParamsPanel({ params, audit, busy, act }: { params: Loaded<ParamRow[]>; audit: AuditEntry[]; busy: boolean; act: Act }) {
  const [filter, setFilter] = useState('');
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const rows = params?.ok === true ? params.value : [];
  const selected = rows.find((p) => p.name === name);
  const lastChange = new Map<string, AuditEntry>();
  for (const e of audit) if (e.event === 'PARAM_CHANGED') lastChange.set(String(e.detail['name']), e);
  const shown = rows.filter((p) => filter === '' || p.name.toLowerCase().includes(filter.toLowerCase()) || p.doc.toLowerCase().includes(filter.toLowerCase()));
  const edit = (p: ParamRow): void => {
    setName(p.name);
    setValue(p.unit === 'µPAT' ? exactPat(p.value) : String(p.value));
    document.getElementById('op-param-form')?.scrollIntoView({ block: 'nearest' });
  };
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (name === '') return;
    await act(`set ${name}`, 'PUT', `/operator/params/${encodeURIComponent(name)}`, { value: valueToSend(selected, value) });
  };
  return (
    <div class="panel op-panel" id="op-params">
      <h2>Risk and quoting parameters</h2>
      <Failed loaded={params} />
      <form id="op-param-form" class="op-form" onSubmit={(e) => void submit(e)} data-testid="param-form">
        <label>
          Parameter
          <select data-testid="param-name" value={name} onChange={(e) => { const n = (e.target as HTMLSelectElement).value; const p = rows.find((r) => r.name === n); if (p !== undefined) edit(p); else setName(n); }}>
            <option value="">choose…</option>
            {rows.map((p) => <option key={p.name} value={p.name}>{p.name}</option>)}
          </select>
        </label>
        <label>
          New value{selected?.unit === 'µPAT' ? ' (PAT)' : selected !== undefined && selected.unit !== '' ? ` (${selected.unit})` : ''}
          <input data-testid="param-value" inputMode="decimal" value={value} onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit" disabled={busy || name === ''} data-testid="param-set">Set</button>
        {selected !== undefined && (
          <p class="hint op-wrap">
            {selected.doc}. Now {paramValue(selected, selected.value)}; default {paramValue(selected, selected.defaultValue)}; bounds {paramValue(selected, selected.min)} … {paramValue(selected, selected.max)}
            {selected.integer ? ', whole numbers' : ''}.
            {selected.unit === 'enum' && ` Choices: ${[...enumChoices(selected.doc)].map(([k, v]) => `${k} = ${v}`).join(', ')}.`}
          </p>
        )}
      </form>
      <input class="op-filter" type="search" placeholder="filter parameters (name or description)" value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
      {params?.ok === true && (
        <div class="table-wrap op-scroll">
          <table data-testid="params-table">
            <thead><tr><th>Parameter</th><th class="num">Value</th><th class="num">Default</th><th>Last change</th><th>Description</th><th></th></tr></thead>
            <tbody>
              {shown.map((p) => {
                const last = lastChange.get(p.name);
                return (
                  <tr key={p.name} data-param={p.name} class={p.setByOperator ? 'op-set' : ''}>
                    <td class="op-name">{p.name}</td>
                    <td class="num" data-testid="param-current">{paramValue(p, p.value)}</td>
                    <td class="num muted">{paramValue(p, p.defaultValue)}</td>
                    <td class="muted">{last === undefined ? (p.setByOperator ? 'set' : '—') : `${date(last.timeMs)} by ${last.operator ?? `#${last.actor}`}`}</td>
                    <td class="op-doc">{p.doc}</td>
                    <td><button type="button" onClick={() => edit(p)}>Edit</button></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

const EVENT_FILTERS: Record<string, (e: AuditEntry) => boolean> = {
  all: () => true,
  parameters: (e) => e.event === 'PARAM_CHANGED',
  series: (e) => e.event === 'SERIES_STATUS_CHANGED',
  'kill switches': (e) => e.event === 'KILL_SWITCH_CHANGED',
  MMP: (e) => e.event.startsWith('MMP_'),
  institutions: (e) => e.event === 'INSTITUTION_SET',
  providers: (e) => e.event === 'PROVIDER_VERIFIED' || e.event === 'PAYOUTS_FROZEN',
};

function HistoryPanel({ audit, params, series }: { audit: { entries: AuditEntry[]; error?: string }; params: Loaded<ParamRow[]>; series: Loaded<OperatorSeries[]> }) {
  const [kind, setKind] = useState('all');
  const [operatorOnly, setOperatorOnly] = useState(false);
  const specs = new Map((params?.ok === true ? params.value : []).map((p) => [p.name, p]));
  const names = new Map((series?.ok === true ? series.value : []).map((s) => [s.seriesId, s.series]));
  const seriesText = (id: unknown): string => `series #${String(id)}${names.has(Number(id)) ? ` ${names.get(Number(id))}` : ''}`;
  const describe = (e: AuditEntry): string => {
    const d = e.detail;
    switch (e.event) {
      case 'PARAM_CHANGED': {
        const spec = specs.get(String(d['name']));
        const v = (x: unknown): string => (spec === undefined ? String(x) : paramValue(spec, x));
        return `${String(d['name'])}: ${v(d['oldValue'])} → ${v(d['newValue'])}`;
      }
      case 'SERIES_STATUS_CHANGED':
        return `${seriesText(d['seriesId'])} → ${String(d['status'])}`;
      case 'KILL_SWITCH_CHANGED':
        return `${String(d['scope'])}${d['scope'] === 'GLOBAL' ? '' : ` #${String(d['targetId'])}`} ${d['engaged'] === true ? 'engaged' : 'released'}`;
      case 'MMP_TRIGGERED':
        return `${seriesText(d['seriesId'])}: ${String(d['filledQty'])} filled, quotes pulled`;
      case 'MMP_RESET':
        return `${seriesText(d['seriesId'])}: reset`;
      case 'RULES_ADOPTED':
        return `engine rules version ${String(d['version'])}`;
      case 'INSTITUTION_SET':
        return `account #${String(d['accountId'])} ${d['qualified'] === true ? 'qualified' : 'withdrawn'}`;
      case 'PROVIDER_VERIFIED':
        // The flag only: the identity record is at GET /operator/providers/{id} (risk role).
        return `provider #${String(d['accountId'])} ${d['verified'] === true ? 'verified' : 'verification revoked'}`;
      case 'PAYOUTS_FROZEN':
        return `provider #${String(d['accountId'])} payouts ${d['frozen'] === true ? 'frozen, own deposits too' : 'thawed'}`;
      default:
        return JSON.stringify(d);
    }
  };
  const shown = audit.entries.filter((e) => EVENT_FILTERS[kind]!(e) && (!operatorOnly || e.actor !== 0)).slice().reverse().slice(0, 200);
  return (
    <div class="panel op-panel" id="op-history">
      <h2>History (audit trail)</h2>
      {audit.error !== undefined && <div class="banner" role="alert">{audit.error}</div>}
      <div class="op-inline">
        <label>
          Show{' '}
          <select value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value)}>
            {Object.keys(EVENT_FILTERS).map((k) => <option key={k} value={k}>{k}</option>)}
          </select>
        </label>
        <label><input type="checkbox" checked={operatorOnly} onChange={(e) => setOperatorOnly((e.target as HTMLInputElement).checked)} /> operators only (not the system)</label>
        <span class="muted">newest first; {audit.entries.length} entries loaded</span>
      </div>
      <div class="table-wrap op-scroll">
        <table data-testid="audit-table">
          <thead><tr><th>When (UTC)</th><th class="num">Seq</th><th>Who</th><th>Event</th><th>Change</th></tr></thead>
          <tbody>
            {shown.map((e) => (
              <tr key={`${e.seq}:${e.note ?? 0}`} data-seq={e.seq}>
                <td>{date(e.timeMs)}:{new Date(e.timeMs).toISOString().slice(17, 19)}</td>
                <td class="num">{e.seq}</td>
                <td>{e.operator ?? `account #${e.actor}`}</td>
                <td>{e.event}</td>
                <td class="op-wrap">{describe(e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function SettlementPanel({ token, settlement, busy, act }: { token: string; settlement: Loaded<Record<string, unknown>>; busy: boolean; act: Act }) {
  const [recon, setRecon] = useState<Loaded<Record<string, unknown>>>();
  const [checking, setChecking] = useState(false);
  const reconcile = async (): Promise<void> => {
    setChecking(true);
    const r = await call<Record<string, unknown>>(token, 'GET', '/settlement/reconciliation');
    setChecking(false);
    setRecon(r.ok ? { ok: true, value: r.body } : { ok: false, reason: r.reason });
  };
  const s = settlement?.ok === true ? settlement.value : undefined;
  const settler = s?.['settler'] as Record<string, unknown> | undefined;
  const last = s?.['lastBatch'] as { batchId: number; state: string; txHash?: string } | undefined;
  const mismatches = recon?.ok === true ? (recon.value['mismatches'] as unknown[] | undefined) ?? [] : [];
  return (
    <div class="panel op-panel" id="op-settlement">
      <h2>Settlement</h2>
      <div data-testid="settlement-status">
        <Failed loaded={settlement} />
        {s !== undefined && (
          <dl class="op-dl">
            <dt>Chain</dt><dd>{String(s['chainId'])}</dd>
            <dt>Settler</dt><dd>{String(settler?.['status'] ?? '—')}{settler?.['waitingFor'] !== undefined ? ` (waiting for ${String(settler['waitingFor'])})` : ''}</dd>
            {settler?.['error'] !== undefined && <><dt>Settler error</dt><dd class="op-bad op-wrap">{String(settler['error'])}</dd></>}
            <dt>Pending fills</dt><dd>{String(settler?.['pendingFills'] ?? 0)}</dd>
            <dt>Settled batch (engine)</dt><dd>{String(s['engineSettledBatchId'])}</dd>
            <dt>Last batch</dt><dd class="op-wrap">{last === undefined ? 'none yet' : `#${last.batchId} ${last.state}${last.txHash !== undefined ? ` · ${last.txHash}` : ''}`}</dd>
          </dl>
        )}
      </div>
      <p class="op-inline">
        <button disabled={checking} onClick={() => void reconcile()} data-testid="reconcile">{checking ? 'Reconciling…' : 'Reconcile with the chain'}</button>
        <button disabled={busy || s === undefined} onClick={() => void act('settle now', 'POST', '/settlement/settle')}>Settle now</button>
      </p>
      <div data-testid="reconciliation">
        {recon !== undefined && !recon.ok && <div class="banner" role="alert">{recon.reason}</div>}
        {recon?.ok === true && (
          <>
            <p>
              <b class={recon.value['ok'] === true ? 'op-good' : 'op-bad'}>{recon.value['ok'] === true ? 'Reconciled: the ledger matches the chain' : 'MISMATCH'}</b>{' '}
              <span class="muted">at block {String(recon.value['block'])}, vault batch {String(recon.value['vaultBatchId'])}, engine seq {String(recon.value['engineSeq'])}, {String(recon.value['accounts'])} accounts, {String(recon.value['rightsChecked'])} rights checked, {String(recon.value['uncreditedDeposits'])} deposits not yet credited</span>
            </p>
            {mismatches.length > 0 && (
              <ul class="op-wrap">{mismatches.map((m, i) => <li key={i}><code>{JSON.stringify(m)}</code></li>)}</ul>
            )}
          </>
        )}
      </div>
    </div>
  );
}
