/**
 * The operator page's alarms (GET /operator/alarms, src/operator/alarm-board.ts): the
 * active ones first, critical before warning, each with its severity, what it is about,
 * when it was first and last raised, how often, and its details; the cleared ones below
 * with when they cleared. The board keeps them since the service started.
 */
import { date } from './format.js';
import type { Alarm, AlarmReport } from './operator-api.js';
import { Failed, type Loaded } from './operator-ui.js';

const CLEARED_SHOWN_OPEN = 10;

export function AlarmsPanel({ alarms }: { alarms: Loaded<AlarmReport> }) {
  const report = alarms?.ok === true ? alarms.value : undefined;
  const active = report?.alarms.filter((a) => a.active) ?? [];
  const cleared = report?.alarms.filter((a) => !a.active) ?? [];
  return (
    <div class="panel op-panel" id="op-alarms" data-testid="alarms">
      <h2>
        Alarms{' '}
        {report !== undefined && (
          <span class="muted">
            {report.active} active{report.critical > 0 ? `, ${report.critical} critical` : ''} · {cleared.length} cleared since start
            {report.dropped > 0 ? ` · ${report.dropped} oldest dropped (the board keeps ${report.maxAlarms})` : ''}
          </span>
        )}
      </h2>
      <Failed loaded={alarms} />
      {report !== undefined && active.length === 0 && (
        <p class="op-ok op-quiet" data-testid="alarms-none">
          No active alarm{cleared.length > 0 ? ` (${cleared.length} cleared, below)` : ''}.
        </p>
      )}
      {active.length > 0 && <AlarmTable alarms={active} testid="alarms-active" />}
      {cleared.length > 0 && (
        // Open while short; a long history stays folded (the board keeps up to maxAlarms).
        <details class="op-cleared" data-testid="alarms-cleared-section" open={cleared.length <= CLEARED_SHOWN_OPEN}>
          <summary>Cleared ({cleared.length})</summary>
          <AlarmTable alarms={cleared} testid="alarms-cleared" />
        </details>
      )}
    </div>
  );
}

function AlarmTable({ alarms, testid }: { alarms: Alarm[]; testid: string }) {
  return (
    <div class="table-wrap">
      <table data-testid={testid}>
        <thead>
          <tr><th>Severity</th><th>Alarm</th><th>What</th><th>First</th><th>Last</th><th class="num">Count</th><th>State</th></tr>
        </thead>
        <tbody>
          {alarms.map((a) => (
            <tr key={`${a.name}\u0000${a.subject}`} data-alarm={a.name} data-subject={a.subject} class={a.active ? '' : 'op-alarm-cleared'}>
              <td><span class={`op-sev op-sev-${a.severity}`} data-testid="alarm-severity">{a.severity}</span></td>
              <td class="op-alarm-name">
                <b data-testid="alarm-name">{a.name}</b>
                {a.subject !== '' && <div class="muted" data-testid="alarm-subject">{a.subject}</div>}
              </td>
              <td class="op-wrap op-alarm-what">
                <div data-testid="alarm-summary">{a.summary}</div>
                <Details details={a.details} />
              </td>
              <td>{date(a.firstAtMs)}</td>
              <td>{date(a.lastAtMs)}</td>
              <td class="num" data-testid="alarm-count-cell">{a.count}</td>
              <td>{a.active ? <b class="op-bad">active</b> : <span class="muted">cleared {a.clearedAtMs === undefined ? '' : date(a.clearedAtMs)}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Details({ details }: { details: Alarm['details'] }) {
  const entries = Object.entries(details).filter(([, v]) => v !== null && v !== '');
  if (entries.length === 0) return null;
  return (
    <div class="op-alarm-details">
      {entries.map(([k, v]) => (
        <span key={k}>
          {k}: <code>{String(v)}</code>
        </span>
      ))}
    </div>
  );
}
