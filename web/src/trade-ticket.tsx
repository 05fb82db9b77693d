/**
 * The series page's trade ticket: buy or sell this series at a limit (GTC, resting in the book,
 * or IOC, filled now and the rest cancelled) with the account's own session (account-slot.ts:
 * signed in here or on the account page, it is the same). The price starts from the best
 * opposite price and follows a book level or the bid/ask clicked; the notional, the fee, the
 * account's available PAT and its rights in this series show beside it. Checked before
 * anything is sent (trade-ticket-logic.ts); an order above CONFIRM_ABOVE_MICROS asks "confirm"
 * first. Then what it came to (filled qty @ price, resting, or the reject reason in plain
 * words), and the account's open orders in this series, each with a cancel button.
 */
import { useEffect, useState } from 'preact/hooks';
import { wire, type patx } from '../../src/proto/index.js';
import { PatxConnectionClosedError, PatxRequestError, PatxTimeoutError } from '../../src/client/frame-socket.js';
import { inFlightText, rejectOf, type AccountSession } from './account-session.js';
import { ACCOUNT_SIGN_IN } from './account-slot.js';
import { ConnectionBanner, type SignInText } from './session-ui.js';
import { AccountGate } from './account-gate.js';
import type { SeriesRow } from './market.js';
import { getJson } from './catalog-api.js';
import type { FeeScheduleReport } from '../../src/risk/fees.js';
import { pat, patOfWei, price } from './format.js';
import { checkOrder, CONFIRM_ABOVE_MICROS, rulesOf, feeLine, outcomeOfAck, outcomeText, plainReason, wireSide, wireTif, type TicketFeeRates, type TicketOrder, type TicketSide, type TicketTif } from './trade-ticket-logic.js';
import './account.css';
import './trade-ticket.css';

const TICKET_SIGN_IN: SignInText = {
  ...ACCOUNT_SIGN_IN,
  title: 'Trade',
  intro: 'Sign in to trade this series: the same sign-in and the same session as the Account page.',
  walletHint: 'An EIP-1193 wallet (window.ethereum) signs the login challenge.',
  devHint: "Hardhat's dev accounts, for the demo and tests: their keys are public.",
};

/** A book level clicked on the series page: the ticket takes its price, and the side that trades against it. */
interface Pick {
  seriesId: number;
  level: 'bid' | 'ask';
  priceMicros: number;
}

const pickListeners = new Set<(p: Pick) => void>();

/** Called by the series page's book when a level's price is clicked. */
export function pickLevel(seriesId: number, level: 'bid' | 'ask', priceMicros: number): void {
  for (const l of pickListeners) l({ seriesId, level, priceMicros });
}

export function TradeTicket({ row }: { row: SeriesRow }) {
  // A closed window takes no orders (SERIES_EXPIRED): no ticket, and no sign-in to one.
  if (row.status === 'EXPIRED' || (row.closeAtMs > 0 && row.closeAtMs <= Date.now())) {
    return (
      <div class="panel ticket" data-testid="ticket-closed">
        <h2>Trade</h2>
        <p class="hint">This series' window has closed: it takes no orders. Its rights were exercisable until the close{row.kind === 'SPOT' ? '' : '; a cash-settled series settles at its index'}.</p>
      </div>
    );
  }
  return (
    <div class="panel ticket" data-testid="ticket">
      <AccountGate compact text={TICKET_SIGN_IN} signInTestId="ticket-signin" signed={(s, onSignOut) => <Ticket key={row.seriesId} s={s} row={row} onSignOut={onSignOut} />} />
    </div>
  );
}

/** The rates in force for a series kind (GET /v1/fees, public), read when the ticket opens; undefined until read. */
function useFeeRates(kind: string): TicketFeeRates | undefined {
  const [rates, setRates] = useState<TicketFeeRates | undefined>();
  useEffect(() => {
    let current = true;
    void getJson<FeeScheduleReport>('/v1/fees').then((r) => {
      if (current && r.ok) setRates(r.body.current.find((row) => row.kind === kind) ?? { makerBps: 0, takerBps: 0, issuanceBps: 0 });
    });
    return () => {
      current = false;
    };
  }, [kind]);
  return rates;
}

/** What the last order or cancel came to. */
interface Result {
  ok: boolean;
  text: string;
  reason?: string;
}

/** Why an order or cancel got no answer: not sent at all (not connected), refused by the gateway, or sent and its outcome unknown (the connection dropped meanwhile). */
function notSentText(e: unknown): string {
  if (!(e instanceof Error)) return `Not sent: ${String(e)}.`;
  if (e instanceof PatxConnectionClosedError || e instanceof PatxTimeoutError) return `No answer: ${inFlightText(e)}.`;
  if (e instanceof PatxRequestError) return `Refused: ${e.message}.`;
  return `Not sent: ${e.message}.`;
}

function Ticket({ s, row, onSignOut }: { s: AccountSession; row: SeriesRow; onSignOut: () => void }) {
  const a = s.account;
  // The engine's rule, shown before it refuses: spot rights are delivered to consumers, never resold.
  const buyOnly = row.kind === 'SPOT' && (s.client.role === wire.Role.CONSUMER || s.client.role === wire.Role.INSTITUTION);
  const [side, setSide] = useState<TicketSide>('buy');
  const [qtyText, setQtyText] = useState('1');
  const [priceText, setPriceText] = useState('');
  const [typed, setTyped] = useState(false);
  const [tif, setTif] = useState<TicketTif>('gtc');
  const [error, setError] = useState<{ field: 'qty' | 'price'; text: string } | undefined>();
  const [confirming, setConfirming] = useState<TicketOrder | undefined>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | undefined>();
  const rates = useFeeRates(row.kind);
  const best = (x: TicketSide): number => (x === 'buy' ? row.askMicros : row.bidMicros);

  // Until a price is typed or picked, it starts from the best opposite price, once there is one.
  const bestNow = best(side);
  useEffect(() => {
    if (!typed && bestNow > 0) setPriceText(pat(bestNow));
  }, [side, typed, bestNow]);

  /** Any change to the order takes back a confirmation asked for and the last error. */
  const edited = (): void => {
    setConfirming(undefined);
    setError(undefined);
  };
  const choose = (x: TicketSide): void => {
    setSide(x);
    if (!typed && best(x) > 0) setPriceText(pat(best(x)));
    edited();
  };
  const take = (level: 'bid' | 'ask', priceMicros: number): void => {
    // An ask is bought, a bid sold; an account that only buys joins the bid instead.
    setSide(level === 'ask' || buyOnly ? 'buy' : 'sell');
    setPriceText(pat(priceMicros));
    setTyped(true);
    edited();
  };
  useEffect(() => {
    const on = (p: Pick): void => {
      if (p.seriesId === row.seriesId) take(p.level, p.priceMicros);
    };
    pickListeners.add(on);
    return () => void pickListeners.delete(on);
  }, [row.seriesId, buyOnly]);

  const send = async (order: TicketOrder): Promise<void> => {
    setConfirming(undefined);
    setBusy(true);
    try {
      const ack = await s.placeOrder({ seriesId: row.seriesId, side: wireSide(order.side), orderType: wire.OrderType.LIMIT, timeInForce: wireTif(order.tif), priceMicros: order.priceMicros, qty: order.qty });
      const o = outcomeOfAck(ack);
      setResult(o.kind === 'refused' ? { ok: false, text: outcomeText(o, order), reason: o.reason } : { ok: true, text: outcomeText(o, order) });
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      setResult({ ok: false, text: notSentText(e), ...(typeof code === 'string' ? { reason: code } : {}) });
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: Event): void => {
    e.preventDefault();
    // The last order's outcome goes with a new attempt, refused here or sent: never beside another order's error.
    setResult(undefined);
    // No price typed and nothing to start from: say why (nobody on the other side now), not only what the field wants.
    if (priceText.trim() === '' && best(side) <= 0) return setError({ field: 'price', text: side === 'buy' ? 'Price: no one is selling right now (the broker sells only what providers sold it): type the most you would pay to rest a bid, or wait for an ask.' : 'Price: no one is buying right now: type the least you would take to rest an offer, or wait for a bid.' });
    const checked = checkOrder({ side, qtyText, priceText, tif }, rulesOf(s.seriesInfo(row.seriesId)));
    if (!checked.ok) return setError({ field: checked.field, text: checked.error });
    setError(undefined);
    if (checked.order.confirm) return setConfirming(checked.order);
    void send(checked.order);
  };
  const cancel = async (o: patx.v1.IOrderView): Promise<void> => {
    const orderId = Number(o.orderId);
    try {
      const reason = rejectOf(await s.connected().cancel({ orderId }));
      setResult(reason === undefined ? { ok: true, text: `Cancelled order ${orderId}: ${o.side === wire.Side.BUY ? 'buy' : 'sell'} ${String(o.leavesQty ?? 0)} @ ${pat(Number(o.priceMicros))} PAT.` } : { ok: false, text: `Cancel refused: ${plainReason(reason)}.`, reason });
    } catch (e) {
      setResult({ ok: false, text: `Cancel: ${notSentText(e)}` });
    }
    await s.refresh();
  };

  const preview = checkOrder({ side, qtyText, priceText, tif });
  const position = (a?.positions ?? []).find((p) => Number(p.seriesId) === row.seriesId);
  const orders = s.orders.filter((o) => Number(o.seriesId) === row.seriesId);
  const verb = side === 'buy' ? 'Buy' : 'Sell';
  const live = s.connection.state === 'live';
  return (
    <form class="acct acct-form" onSubmit={submit} data-testid="ticket-form" noValidate>
      <h2 class="ticket-head">
        Trade <span class="hint">{row.contract}</span>
      </h2>
      <p class="hint ticket-who">
        <span class="ticket-address" data-testid="account-address" title={s.address}>
          {s.address}
        </span>{' '}
        <span data-testid="account-id">#{String(a?.accountId ?? s.client.accountId)}</span> ·{' '}
        <button type="button" class="linkish" data-testid="signout" onClick={onSignOut}>
          sign out
        </button>
      </p>
      <ConnectionBanner s={s} />
      <div class="ticket-sides" role="group" aria-label="side">
        <button type="button" class={side === 'buy' ? 'on-buy' : 'off'} data-testid="ticket-buy" aria-pressed={side === 'buy'} onClick={() => choose('buy')}>
          Buy
        </button>
        <button type="button" class={side === 'sell' ? 'on-sell' : 'off'} data-testid="ticket-sell" aria-pressed={side === 'sell'} disabled={buyOnly} title={buyOnly ? 'Spot rights are delivered to you, never resold' : undefined} onClick={() => choose('sell')}>
          Sell
        </button>
      </div>
      {buyOnly && <p class="hint ticket-note">Spot rights are delivered to you, never resold: a consumer account buys them (providers sell on the Provider page).</p>}
      <p class="ticket-quote">
        <button type="button" class="quote bid" data-testid="ticket-bid" disabled={row.bidMicros <= 0} onClick={() => take('bid', row.bidMicros)} title={buyOnly ? 'Join the best bid' : 'Sell at the best bid'}>
          Bid {price(row.bidMicros)}
        </button>
        <button type="button" class="quote ask" data-testid="ticket-ask" disabled={row.askMicros <= 0} onClick={() => take('ask', row.askMicros)} title="Buy at the best ask">
          Ask {price(row.askMicros)}
        </button>
        <span class="hint">or click a price in the book</span>
      </p>
      <div class="ticket-fields">
        <label>
          Quantity
          <input data-testid="ticket-qty" inputMode="numeric" value={qtyText} aria-invalid={error?.field === 'qty'} onInput={(e) => { setQtyText((e.target as HTMLInputElement).value); edited(); }} />
        </label>
        <label>
          Limit price (PAT)
          <input data-testid="ticket-price" inputMode="decimal" placeholder="0.0000" value={priceText} aria-invalid={error?.field === 'price'} onInput={(e) => { setPriceText((e.target as HTMLInputElement).value); setTyped(true); edited(); }} />
        </label>
        <label class="ticket-wide">
          Order type
          <select data-testid="ticket-tif" value={tif} onChange={(e) => { setTif((e.target as HTMLSelectElement).value as TicketTif); edited(); }}>
            <option value="gtc">Limit GTC: rests in the book until filled or cancelled</option>
            <option value="ioc">IOC: fills what it can now, cancels the rest</option>
          </select>
        </label>
      </div>
      <dl class="ticket-sum">
        <dt>Notional</dt>
        <dd data-testid="ticket-notional">{preview.ok ? `${pat(preview.order.notionalMicros)} PAT` : '—'}</dd>
        <dt>Fee</dt>
        <dd data-testid="ticket-fee">{feeLine(rates, preview.ok ? { side, tif, notionalMicros: preview.order.notionalMicros } : undefined, row.kind === 'CALL' || row.kind === 'PUT' || row.kind === 'SYNTHETIC')}</dd>
        <dt>Available</dt>
        <dd data-testid="ticket-available">{patOfWei(a?.availableWei)} PAT</dd>
        <dt>{row.kind === 'SPOT' ? 'Rights held here' : 'Position here'}</dt>
        {/* An option's or forward's sale holds its units apart: the position is both (a spot row shows the rights free to sell). */}
        <dd data-testid="ticket-rights">{Number(position?.available ?? 0) + (row.kind === 'SPOT' ? 0 : Number(position?.held ?? 0))}</dd>
      </dl>
      {error !== undefined && (
        <p class="acct-error" role="alert" data-testid="ticket-error">
          {error.text} Nothing was sent.
        </p>
      )}
      {confirming === undefined ? (
        <button type="submit" class={`ticket-submit ${side}`} data-testid="ticket-submit" disabled={busy || !live} title={live ? undefined : 'Not connected to the exchange: nothing can be sent until it is back'}>
          {busy ? 'Sending…' : !live ? 'Not connected: nothing is sent' : preview.ok ? `${verb} ${preview.order.qty} @ ${pat(preview.order.priceMicros)} PAT` : verb}
        </button>
      ) : (
        <div class="ticket-confirm" role="alertdialog" data-testid="ticket-confirm">
          <p>
            {confirming.side === 'buy' ? 'Buy' : 'Sell'} {confirming.qty} @ {pat(confirming.priceMicros)} PAT ({confirming.tif === 'gtc' ? 'GTC' : 'IOC'}) for <b>{pat(confirming.notionalMicros)} PAT</b>: more than {pat(CONFIRM_ABOVE_MICROS)} PAT. Send it?
          </p>
          <button type="button" data-testid="ticket-confirm-yes" onClick={() => void send(confirming)}>
            Confirm {confirming.side}
          </button>{' '}
          <button type="button" class="linkish" data-testid="ticket-confirm-no" onClick={() => setConfirming(undefined)}>
            back
          </button>
        </div>
      )}
      {result !== undefined && (
        <p class={result.ok ? 'acct-ok' : 'banner'} role={result.ok ? 'status' : 'alert'} data-testid="ticket-outcome" data-ok={String(result.ok)}>
          {result.text}
          {result.reason !== undefined && (
            <>
              {' '}
              <span class="ticket-code" data-testid="ticket-reason">
                {result.reason}
              </span>
            </>
          )}
        </p>
      )}
      <h3 class="ticket-orders-head">Your open orders here</h3>
      {orders.length === 0 ? (
        <p class="hint" data-testid="ticket-no-orders">
          None.
        </p>
      ) : (
        <table class="phone-fit ticket-orders" data-testid="ticket-orders">
          <thead>
            <tr>
              <th>Side</th>
              <th class="num">Price</th>
              <th class="num">Open</th>
              <th class="num">Filled</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {orders.map((o) => (
              <tr key={String(o.orderId)} data-order-id={String(o.orderId)}>
                <td class={o.side === wire.Side.BUY ? 'bid' : 'ask'}>{o.side === wire.Side.BUY ? 'Buy' : 'Sell'}</td>
                <td class="num">{pat(Number(o.priceMicros))}</td>
                <td class="num">{String(o.leavesQty ?? 0)}</td>
                <td class="num">{String(o.cumQty ?? 0)}</td>
                <td class="num">
                  <button type="button" class="ticket-cancel" data-testid="ticket-cancel" onClick={() => void cancel(o)}>
                    Cancel
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </form>
  );
}
