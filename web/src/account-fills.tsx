/**
 * The account page's fills, cash settlements and transfers (GET /v1/fills, GET /v1/settlements, GET
 * /v1/transfers; read through the session: account-history.ts): the account's own side of each trade, any
 * session's, what each synthetic and option position came to at its window's close, and each deposit
 * credited and withdrawal asked for (pending, then paid by a batch), newest first, "More" for older ones.
 * A refused read shows its reason by name, never the empty state. The organisation page (organisation-activity.tsx)
 * shows the organisation's fills in the same table, from its own history.
 */
import type { ComponentChildren, JSX } from 'preact';
import type { AccountFill, CashSettlement, MarginEvent, TransferView } from '../../src/client/market.js';
import type { AccountSession } from './account-session.js';
import type { AccountHistory } from './account-history.js';
import { ContractName } from './contract-name.js';
import { SignedCell, SignedPat } from './signed-amount.js';
import { num, Table, type Column } from './session-ui.js';
import { date, pat, patOfWei } from './format.js';

function ContractCell({ contract, seriesId, note }: { contract: string; seriesId: number; note?: string }) {
  return (
    <td class="acct-contract" data-testid="history-contract">
      <a href={`#/series/${seriesId}`}>
        <ContractName contract={contract} />
      </a>
      <span class="sid">
        #{seriesId}
        {note === undefined ? '' : ` · ${note}`}
      </span>
    </td>
  );
}

export const Kind = ({ kind }: { kind: string }) => <span class={`kind kind-${kind}`}>{kind}</span>;

/** The time a row happened, to the minute (UTC), every digit in its title. */
export const Time = ({ ms }: { ms: number }) => <td title={new Date(ms).toISOString()}>{date(ms)}</td>;

/** One history's table: loading, its refusal by name (the first read's, instead of the table), or its rows with "More" while there are older ones. */
function HistoryTable<T>({ h, testid, what, columns, row, empty }: { h: AccountHistory<T>; testid: string; what: string; columns: Column[]; row: (x: T) => JSX.Element; empty: ComponentChildren }) {
  const refusal =
    h.error === undefined ? null : (
      <p class="acct-error" data-testid={`${testid}-refused`}>
        could not read {what}: <b data-testid={`${testid}-reason`}>{h.error.reason}</b> {h.error.message}{' '}
        <button type="button" class="linkish" data-testid={`${testid}-retry`} onClick={() => void h.reload()}>
          try again
        </button>
      </p>
    );
  if (h.state === 'loading') return <p class="muted">loading…</p>;
  if (h.state === 'refused') return refusal;
  return (
    <Table
      testid={testid}
      columns={columns}
      rows={h.rows.map(row)}
      empty={empty}
      after={
        (refusal !== null || h.next !== null) && (
          <>
            {refusal}
            {h.next !== null && (
              <p class="hint acct-pager">
                <span data-testid={`${testid}-shown`}>the newest {h.rows.length}</span>{' '}
                <button type="button" data-testid={`${testid}-more`} disabled={h.loadingMore} onClick={() => void h.more()}>
                  {h.loadingMore ? 'Reading…' : 'More'}
                </button>
              </p>
            )}
          </>
        )
      }
    />
  );
}

/** A history's panel: its heading (a title and a hint) with a reload button, over its table; `id` names both. */
export function HistoryPanel<T>({ h, id, heading, what, columns, row, empty }: { h: AccountHistory<T>; id: string; heading: ComponentChildren; what: string; columns: Column[]; row: (x: T) => JSX.Element; empty: ComponentChildren }) {
  return (
    <section data-testid={`${id}-panel`}>
      <h2>
        {heading}{' '}
        <button type="button" class="linkish" data-testid={`${id}-reload`} onClick={() => void h.reload()}>
          reload
        </button>
      </h2>
      <HistoryTable h={h} testid={id} what={what} columns={columns} row={row} empty={empty} />
    </section>
  );
}

/** The fee column shows when a fill shown paid one; with every fee 0 (the default schedule) it is left out, as the purchases' is. */
function anyFee(fills: readonly AccountFill[]): boolean {
  return fills.some((f) => f.feeMicros !== 0);
}

function fillRow(f: AccountFill, fees: boolean): JSX.Element {
  return (
    <tr key={`${f.tradeId}:${f.side}`} data-trade-id={f.tradeId} data-side={f.side}>
      <Time ms={f.timeMs} />
      <ContractCell contract={f.contract} seriesId={f.seriesId} note={`order ${f.orderId}`} />
      <td>
        <Kind kind={f.kind} />
      </td>
      <td data-testid="fill-side">{f.side}</td>
      <td class="num" data-testid="fill-qty">
        {f.qty}
      </td>
      <td class="num" data-testid="fill-price">
        {pat(f.priceMicros)}
      </td>
      {fees && (
        <td class="num" data-testid="fill-fee">
          {pat(f.feeMicros)}
        </td>
      )}
      <td data-testid="fill-liquidity" title={f.liquidity === 'MAKER' ? 'your order rested in the book and was taken' : 'your order arrived and traded'}>
        {f.liquidity}
      </td>
    </tr>
  );
}

/**
 * Your side of every trade, any session's (the CLI's, a subscription's), newest first; or, given `organisation` (the
 * organisation page's history of GET /v1/fills?organisation=true), the organisation's side of them, any member's.
 */
export function Fills({ s, organisation }: { s: AccountSession; organisation?: AccountHistory<AccountFill> }) {
  const h = organisation ?? s.fillHistory;
  const id = organisation === undefined ? 'fills' : 'org-fills';
  const fees = anyFee(h.rows);
  return (
    <HistoryPanel
      h={h}
      id={id}
      heading={
        organisation === undefined ? (
          <>
            Your fills <span class="hint">your side of each trade, newest first: buys and sales of every kind, the fee you paid (PAT, when any), and whether your order made or took</span>
          </>
        ) : (
          <>
            Organisation fills <span class="hint">the organisation's side of each trade, newest first, whichever member's session or subscription sent the order: the fee it paid (PAT, when any), and whether the order made or took</span>
          </>
        )
      }
      what={organisation === undefined ? 'your fills' : "the organisation's fills"}
      columns={['Time (UTC)', 'Contract', 'Kind', 'Side', num('Qty'), num('Price'), ...(fees ? [num('Fee')] : []), 'Maker/Taker']}
      row={(f) => fillRow(f, fees)}
      empty="No fills yet"
    />
  );
}

function settlementRow(x: CashSettlement): JSX.Element {
  const notes = [x.shortfallMicros > 0 ? `${pat(x.shortfallMicros)} short` : '', x.haircutMicros > 0 ? `${pat(x.haircutMicros)} haircut` : ''].filter((t) => t !== '');
  return (
    <tr key={`${x.seq}:${x.seriesId}`} data-seq={x.seq} data-series-id={x.seriesId}>
      <Time ms={x.timeMs} />
      <ContractCell contract={x.contract} seriesId={x.seriesId} />
      <td>
        <Kind kind={x.kind} />
      </td>
      <td class="num" data-testid="settlement-position" title={x.positionQty < 0 ? 'short (written)' : 'long'}>
        {x.positionQty}
      </td>
      <td class="num" data-testid="settlement-cost" title={x.premiumMicros !== 0 ? "the option's premium, net over your fills" : 'what the position cost'}>
        {pat(x.costMicros + x.premiumMicros)}
      </td>
      <td class="num" data-testid="settlement-index" title={`a unit's worth at the index: ${pat(x.valueMicros)} PAT`}>
        {pat(x.indexMicros)}
      </td>
      <SignedPat micros={x.payoutMicros} testid="settlement-payout">
        {notes.length > 0 && <span class="sid">{notes.join(' · ')}</span>}
      </SignedPat>
      <SignedPat micros={x.pnlMicros} testid="settlement-pnl" />
    </tr>
  );
}

/** What the account's synthetic and option positions came to at their windows' close. */
export function Settlements({ s }: { s: AccountSession }) {
  return (
    <HistoryPanel
      h={s.settlementHistory}
      id="settlements"
      heading={
        <>
          Settlements <span class="hint">your synthetics and options settled in cash at their window's close: the index, the PAT paid (+ to you, − by you) and the P&amp;L before fees</span>
        </>
      }
      what="your settlements"
      columns={['Time (UTC)', 'Contract', 'Kind', num('Position'), num('Cost'), num('Index'), num('Payout'), num('P&L')]}
      row={settlementRow}
      empty="No settlements yet — synthetics and options settle at their window's close"
    />
  );
}

function marginRow(m: MarginEvent): JSX.Element {
  const liquidated = m.event === 'LIQUIDATION';
  return (
    <tr key={`${m.seq}:${m.seriesId}:${m.event}`} data-seq={m.seq} data-series-id={m.seriesId} data-event={m.event}>
      <Time ms={m.timeMs} />
      <ContractCell contract={m.contract} seriesId={m.seriesId} />
      <td>
        <Kind kind={m.kind} />
      </td>
      <td data-testid="margin-event" title={liquidated ? 'the broker took the position over at the mark' : 'free PAT moved into the position\'s lock'}>
        {liquidated ? 'liquidated' : 'top-up'}
      </td>
      <td class="num">{m.positionQty}</td>
      <td class="num">{pat(m.markMicros)}</td>
      <td class="num" data-testid="margin-amount" title={liquidated ? `penalty paid to the broker; ${pat(m.owedMicros)} PAT owed at settlement` : 'moved from free PAT to the lock'}>
        {liquidated ? `−${pat(m.penaltyMicros)}` : pat(m.topUpMicros)}
        {liquidated && m.owedMicros > 0 && <span class="sid">{pat(m.owedMicros)} owed</span>}
      </td>
      <td class="num">{pat(m.lockedMicros)}</td>
    </tr>
  );
}

/** What the marks did to the account's synthetics and written options: top-ups from free PAT and liquidations. Shown once there is one, or a read was refused (never read: not shown). */
export function MarginEvents({ s }: { s: AccountSession }) {
  if (s.marginHistory.state !== 'refused' && s.marginHistory.rows.length === 0 && s.marginHistory.error === undefined) return null;
  return (
    <HistoryPanel
      h={s.marginHistory}
      id="margin-events"
      heading={
        <>
          Margin <span class="hint">each minute's mark: free PAT moved into a position's lock when it fell under maintenance, or the position taken over by the broker when that was not enough</span>
        </>
      }
      what="your margin events"
      columns={['Time (UTC)', 'Contract', 'Kind', 'Event', num('Position'), num('Mark'), num('Top-up / penalty'), num('Locked after')]}
      row={marginRow}
      empty="No margin top-ups or liquidations"
    />
  );
}

/** What a transfer is, its state and its reference, in words (an organisation move names the other account). */
function transferWords(t: TransferView): { kind: string; state: string; reference: string | undefined; incoming: boolean } {
  if (t.kind === 'deposit') return { kind: 'deposit', state: 'credited', reference: t.ref, incoming: true };
  if (t.kind === 'organisation-in') return { kind: 'from the organisation', state: 'moved in', reference: `account ${t.counterpartyAccountId ?? '?'}`, incoming: true };
  if (t.kind === 'organisation-out') return { kind: 'to the organisation', state: 'moved out', reference: `account ${t.counterpartyAccountId ?? '?'}`, incoming: false };
  // Fee revenue an operator swept into the treasury account (docs/fees.md): the vault already holds it at this wallet.
  if (t.kind === 'fee-sweep') return { kind: 'fee sweep', state: 'swept in from the fee account', reference: undefined, incoming: true };
  const state = t.state === 'paid' ? `paid in batch ${t.batchId ?? '?'}${t.paidAtMs === undefined ? '' : ` at ${date(t.paidAtMs)}`}` : 'pending: waits for the next settlement batch';
  return { kind: `withdrawal #${t.withdrawalId ?? '?'}`, state, reference: t.txHash, incoming: false };
}

function transferRow(t: TransferView): JSX.Element {
  const { kind, state, reference, incoming } = transferWords(t);
  return (
    <tr key={`${t.kind}:${t.seq}`} data-seq={t.seq} data-kind={t.kind}>
      <Time ms={t.timeMs} />
      <td data-testid="transfer-kind">{kind}</td>
      <SignedCell sign={incoming ? 1 : -1} text={patOfWei(t.amountWei)} testid="transfer-amount" title={`${t.amountWei} wei`} />
      <td data-testid="transfer-state">{state}</td>
      <td data-testid="transfer-reference">
        {reference !== undefined && (
          <span class="sid" title={reference}>
            {reference.length > 20 ? `${reference.slice(0, 10)}…${reference.slice(-6)}` : reference}
          </span>
        )}
      </td>
    </tr>
  );
}

/** The account's deposits credited and withdrawals asked for, with each withdrawal's state (pending, or paid by a batch with its transaction). */
export function Transfers({ s }: { s: AccountSession }) {
  return (
    <HistoryPanel
      h={s.transferHistory}
      id="transfers"
      heading={
        <>
          Transfers <span class="hint">PAT deposited to the exchange's vault (credited once confirmed) and withdrawn to your wallet (paid by the next settlement batch)</span>
        </>
      }
      what="your transfers"
      columns={['Time (UTC)', 'Transfer', num('Amount (PAT)'), 'State', 'Reference']}
      row={transferRow}
      empty="No deposits or withdrawals yet"
    />
  );
}
