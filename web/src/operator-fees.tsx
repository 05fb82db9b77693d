/**
 * The operator page's fee revenue (docs/fees.md, "Sweeping the fee account"): what the exchange's fee account holds
 * (GET /operator/fees) and a sweep of all of it, or an amount, to the treasury, the account at the vault's fee
 * recipient address (POST /operator/fees/sweep; the CLI's `patx fees sweep`). The sweep is refused by name when
 * settlement is not running (the fee recipient is read from the vault), no account is at that address, or the fee
 * account holds less; nothing changes then.
 */
import { useState } from 'preact/hooks';
import { parsePat, pat } from './format.js';
import { Failed, type Act, type Loaded } from './operator-ui.js';

/** The part of GET /operator/fees this panel reads. */
export interface FeeReport {
  feeAccountMicros: number;
}

export function FeesPanel({ fees, busy, act }: { fees: Loaded<FeeReport>; busy: boolean; act: Act }) {
  const [amount, setAmount] = useState('');
  const [problem, setProblem] = useState<string>();
  const sweep = (e: Event): void => {
    e.preventDefault();
    const text = amount.trim();
    const micros = text === '' ? undefined : parsePat(text);
    if (micros === undefined && text !== '') return setProblem('an amount in PAT (up to 6 decimals), or empty for all of it');
    if (micros === 0) return setProblem('more than 0 PAT, or empty for all of it');
    setProblem(undefined);
    void act(micros === undefined ? 'fee sweep (all)' : `fee sweep (${pat(micros)} PAT)`, 'POST', '/operator/fees/sweep', micros === undefined ? {} : { amountMicros: micros }).then((ok) => {
      if (ok) setAmount('');
    });
  };
  return (
    <div class="panel op-panel" id="op-fees">
      <h2>
        Fee revenue <span class="muted">trading fees and take rates collected in the exchange's fee account; a sweep moves them to the treasury account, which withdraws as any account</span>
      </h2>
      <Failed loaded={fees} />
      {fees?.ok === true && (
        <form class="op-inline" onSubmit={sweep}>
          <span>
            Fee account <b data-testid="fee-account">{pat(fees.value.feeAccountMicros)}</b> PAT
          </span>
          <input data-testid="fee-sweep-amount" placeholder="PAT (empty: all)" value={amount} onInput={(e) => setAmount((e.target as HTMLInputElement).value)} />
          <button type="submit" data-testid="fee-sweep" disabled={busy}>
            Sweep to the treasury
          </button>
          {problem !== undefined && (
            <span class="op-bad" data-testid="fee-sweep-problem">
              {problem}
            </span>
          )}
        </form>
      )}
    </div>
  );
}
