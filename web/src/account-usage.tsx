/**
 * The account page's usage grants (issue 81; docs/delivery.md, "Usage grants"): every usage grant
 * of the account, whichever session exercised it (GET /v1/grants/mine), with its unit (records or
 * requests), the units used and left as the exchange counts them (the gate's signed statements,
 * recorded by the engine as RECORD_USAGE), and once its dispute window ended how it settled: the
 * unused units' share refunded. Also the one-line usage of a grant in the session's grants table.
 */
import type { GrantUsage } from '../../src/client/grants.js';
import type { AccountSession } from './account-session.js';
import { num, Table } from './session-ui.js';
import { date, pat } from './format.js';

/** "30 of 100 records used · 70 left" (the exchange's count). */
export function usageText(u: GrantUsage): string {
  return `${u.usedUnits} of ${u.units} ${u.unit} used · ${u.leftUnits} left`;
}

/** How a usage grant stands: settled with its refund, or open until its dispute window ends. */
function settledText(u: GrantUsage, disputeEndsAtMs: number | undefined): string {
  if (u.settled !== null) return u.settled.refundMicros > 0 ? `refunded ${pat(u.settled.refundMicros)} PAT for ${u.units - u.settled.usedUnits} unused` : 'settled: every unit used';
  return disputeEndsAtMs === undefined ? 'open' : `open; unused units refunded after ${date(disputeEndsAtMs)} UTC`;
}

export function UsageGrants({ s }: { s: AccountSession }) {
  const u = s.usageGrants;
  return (
    <>
      <h2>
        Usage grants <span class="hint">records or requests used and left, as the exchange counts them from the provider's signed statements; the unused part is refunded when the dispute window ends</span>{' '}
        <button type="button" class="linkish" data-testid="usage-reload" onClick={() => void s.loadGrants()}>
          reload
        </button>
      </h2>
      {u.state === 'loading' && <p class="muted">loading…</p>}
      {u.state === 'refused' && (
        <p class="acct-error" data-testid="usage-refused">
          <b>{u.reason}</b> {u.message}
        </p>
      )}
      {u.state === 'ok' && (
        <Table
          testid="usage-grants"
          columns={['Grant', 'Series', 'Listing', 'Unit', num('Used'), num('Left'), num('Of'), 'Used so far', 'Settlement']}
          rows={u.value.map(({ grant: g, usage, escrow }) => (
            <tr key={g.grantId} data-grant-id={g.grantId} data-unit={usage.unit}>
              <td>{g.grantId}</td>
              <td>
                <a href={`#/series/${g.seriesId}`}>#{g.seriesId}</a>
              </td>
              <td>
                <a href={`#/catalog/${g.listingId}`}>
                  {g.listingId} v{g.listingVersion}
                </a>
              </td>
              <td>{usage.unit}</td>
              <td class="num" data-testid="usage-used">
                {usage.usedUnits}
              </td>
              <td class="num" data-testid="usage-left">
                {usage.leftUnits}
              </td>
              <td class="num" data-testid="usage-units">
                {usage.units}
              </td>
              <td>
                <meter class="acct-usage-meter" min={0} max={usage.units} value={usage.usedUnits} title={usageText(usage)} />
              </td>
              <td class="acct-usage-settled" data-testid="usage-settled" data-state={usage.settled === null ? 'open' : 'settled'}>
                {settledText(usage, escrow?.disputeEndsAtMs)}
              </td>
            </tr>
          ))}
          empty="No usage grants: a listing that sells usage (its terms say records or requests a right) makes one when you exercise its rights."
        />
      )}
    </>
  );
}
