/**
 * The operator page's providers panel (docs/providers.md): every provider with whether the
 * exchange verified it and whether its payouts are held; verify one (legal name,
 * jurisdiction, payout address — its own wallet —, the KYC vendor's case id, a reason) or
 * revoke a verification with a reason. The private record is not shown here: it is
 * GET /operator/providers/{id}, for the risk role. A refusal shows the API's reason.
 */
import { useState } from 'preact/hooks';
import { date } from './format.js';
import { Failed, type Act, type Loaded } from './operator-ui.js';

/** A row of GET /operator/providers (src/providers/routes.ts). */
export interface ProviderRow {
  accountId: number;
  address: string;
  verified: boolean;
  verifiedAtMs: number | null;
  payoutsHeld: boolean;
}

export function ProvidersPanel({ providers, busy, act }: { providers: Loaded<ProviderRow[]>; busy: boolean; act: Act }) {
  const [form, setForm] = useState({ accountId: '', legalName: '', jurisdiction: '', payoutAddress: '', kycReference: '', reason: '' });
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.target as HTMLInputElement).value });
  const pick = (row: ProviderRow): void => setForm({ ...form, accountId: String(row.accountId), payoutAddress: row.address });
  const verify = (e: Event): void => {
    e.preventDefault();
    const { accountId, ...fields } = form;
    void act(`verify provider #${accountId}`, 'POST', `/operator/providers/${encodeURIComponent(accountId.trim())}/verify`, fields).then((ok) => {
      if (ok) setForm({ accountId: '', legalName: '', jurisdiction: '', payoutAddress: '', kycReference: '', reason: '' });
    });
  };
  const revoke = (row: ProviderRow): void => {
    const reason = prompt(`Revoke the verification of provider #${row.accountId}? Its withdrawals are held again. Reason:`);
    if (reason !== null) void act(`revoke provider #${row.accountId}`, 'POST', `/operator/providers/${row.accountId}/revoke`, { reason });
  };
  return (
    <div class="panel op-panel" id="op-providers">
      <h2>Providers <span class="muted">identity verification; an unverified provider's withdrawals are held (docs/providers.md)</span></h2>
      <Failed loaded={providers} />
      {providers?.ok === true && (
        <div class="table-wrap">
          <table data-testid="providers-table">
            <thead>
              <tr><th>Account</th><th>Wallet</th><th>Verified</th><th>Payouts</th><th /></tr>
            </thead>
            <tbody>
              {providers.value.length === 0 && <tr><td colSpan={5} class="muted">No provider yet.</td></tr>}
              {providers.value.map((p) => (
                <tr key={p.accountId} data-account-id={p.accountId}>
                  <td>#{p.accountId}</td>
                  <td class="muted">{p.address}</td>
                  <td data-testid="provider-verified">{p.verified ? `yes${p.verifiedAtMs === null ? '' : `, ${date(p.verifiedAtMs)} UTC`}` : 'no'}</td>
                  <td>{p.payoutsHeld ? <b class="op-bad">held</b> : 'paid'}</td>
                  <td>
                    {p.verified ? (
                      <button disabled={busy} onClick={() => revoke(p)}>Revoke</button>
                    ) : (
                      <button disabled={busy} onClick={() => pick(p)}>Verify…</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form class="op-inline" data-testid="verify-form" onSubmit={verify}>
        <input placeholder="account id" inputMode="numeric" value={form.accountId} onInput={set('accountId')} data-testid="verify-account" />
        <input placeholder="legal name" value={form.legalName} onInput={set('legalName')} data-testid="verify-legal-name" />
        <input placeholder="jurisdiction (DE, US-DE)" value={form.jurisdiction} onInput={set('jurisdiction')} data-testid="verify-jurisdiction" />
        <input placeholder="payout address (its wallet)" value={form.payoutAddress} onInput={set('payoutAddress')} data-testid="verify-payout-address" />
        <input placeholder="KYC case id" value={form.kycReference} onInput={set('kycReference')} data-testid="verify-kyc" />
        <input placeholder="reason" value={form.reason} onInput={set('reason')} data-testid="verify-reason" />
        <button type="submit" disabled={busy} data-testid="verify-submit">Verify</button>
      </form>
    </div>
  );
}
