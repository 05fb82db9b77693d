/**
 * The account page's statement (GET /v1/statement, through the session: account-session.ts): every change of the PAT
 * the account owns, newest first, with what it owns after (free, held by resting orders, locked until a delivery, a
 * dispute window or a close), as a bank statement or Coinbase's account ledger shows it. Read only when asked, and on
 * "reload": a browser wallet signs each read. An exchange that keeps no statement (`statement.enabled` off, or auto on
 * a small host) answers STATEMENT_UNAVAILABLE, shown by name with its reason, as any refused read is.
 */
import type { JSX } from 'preact';
import type { StatementRow } from '../../src/client/statement.js';
import type { AccountSession } from './account-session.js';
import { HistoryPanel, Kind, Time } from './account-fills.js';
import { num } from './session-ui.js';
import { pat } from './format.js';
import { SignedPat } from './signed-amount.js';

function statementRow(r: StatementRow, fees: boolean): JSX.Element {
  return (
    <tr key={r.seq} data-seq={r.seq}>
      <Time ms={r.timeMs} />
      <td>
        <Kind kind={r.kind} />
      </td>
      <td data-testid="statement-ref">
        <span class="sid" title={r.commands > 1 ? `${r.commands} commands folded` : `seq ${r.seq}`}>
          {r.ref}
        </span>
      </td>
      <SignedPat micros={r.amountMicros} testid="statement-amount" />
      <td class="num" data-testid="statement-balance">
        {pat(r.balanceMicros)}
      </td>
      <td class="num" data-testid="statement-available">
        {pat(r.availableMicros)}
      </td>
      <td class="num">{pat(r.heldMicros)}</td>
      <td class="num" title={r.lockedChangeMicros === 0 ? undefined : `${r.lockedChangeMicros > 0 ? '+' : ''}${pat(r.lockedChangeMicros)} PAT locked by this row`}>
        {pat(r.lockedMicros)}
      </td>
      {fees && <td class="num">{pat(r.feeMicros)}</td>}
    </tr>
  );
}

export function Statement({ s }: { s: AccountSession }) {
  const heading = (
    <>
      Statement <span class="hint">every change of the PAT you own, newest first, and what you own after it: free, held by your resting orders, locked until a delivery, a dispute window or a close (PAT)</span>
    </>
  );
  if (!s.statementAsked) {
    return (
      <section data-testid="statement-panel">
        <h2>{heading}</h2>
        <p class="hint">
          <button type="button" data-testid="statement-read" onClick={() => s.readStatement()}>
            Read the statement
          </button>{' '}
          (your wallet signs the read)
        </p>
      </section>
    );
  }
  const fees = s.statementHistory.rows.some((r) => r.feeMicros !== 0);
  return (
    <HistoryPanel
      h={s.statementHistory}
      id="statement"
      heading={heading}
      what="your statement"
      columns={['Time (UTC)', 'Kind', 'Reference', num('Amount'), num('Balance'), num('Free'), num('Held'), num('Locked'), ...(fees ? [num('Fee')] : [])]}
      row={(r) => statementRow(r, fees)}
      empty="No movements yet: a deposit is the first"
    />
  );
}
