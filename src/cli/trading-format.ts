/**
 * The trading commands' output for people: PAT with exactly 4 decimals, enum names, times in UTC
 * to the minute. Pure: plain values in, text out (the commands build the values from the wire;
 * `--json` prints those values instead, µPAT and wei exact).
 */
import { patFromMicros, table } from '../operator/cli-format.js';
import type { BookLevelView, SeriesTerms } from '../client/market.js';

const WEI_PER_TEN_THOUSANDTH = 10n ** 14n;

/** PAT with 4 decimals. */
export const pat = (micros: number): string => patFromMicros(micros) ?? String(micros);

/** Wei (a decimal string) as PAT with exactly 4 decimals, rounded half away from zero. */
export function patFromWei(wei: string): string {
  const v = BigInt(wei === '' ? '0' : wei);
  const abs = v < 0n ? -v : v;
  const t = (abs + WEI_PER_TEN_THOUSANDTH / 2n) / WEI_PER_TEN_THOUSANDTH;
  const text = `${t / 10_000n}.${(t % 10_000n).toString().padStart(4, '0')}`;
  return v < 0n && t !== 0n ? `-${text}` : text;
}

/** A time in UTC to the minute. */
export const utc = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
/** To the second: a GTD order's lapse (`--until 30s` read 15:34 for 15:34:46). */
export const utcSeconds = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/** A series' terms and the top of its book, as `patx book` shows and prints them with --json (the client's own types, GET /v1/series/{id}). */
export type BookView = Pick<SeriesTerms, 'seriesId' | 'contract' | 'kind' | 'status' | 'openAtMs' | 'closeAtMs' | 'tickMicros' | 'referencePriceMicros' | 'lastTradeMicros' | 'strikeMicros'> & {
  bids: BookLevelView[];
  asks: BookLevelView[];
  /** A spot series' customers' resting orders, which only the broker takes (GET /v1/series/{id}'s `book.waiting`). */
  waiting?: { bids: BookLevelView[]; asks: BookLevelView[] };
};

/** The book as a ladder: bids (best, highest, first) beside asks (best, lowest, first). */
export function bookText(b: BookView): string {
  const head = [
    // An option's strike beside its kind: CALL alone did not say which one (found from outside).
    `series ${b.seriesId}  ${b.contract}  ${b.kind}${b.strikeMicros === undefined ? '' : ` ${pat(b.strikeMicros)}`}  ${b.status}  window ${utc(b.openAtMs)} → ${utc(b.closeAtMs)}`,
    `last trade ${b.lastTradeMicros > 0 ? `${pat(b.lastTradeMicros)} PAT` : 'none'} · reference ${b.referencePriceMicros > 0 ? `${pat(b.referencePriceMicros)} PAT` : 'none'} · tick ${pat(b.tickMicros)} PAT`,
    '',
  ];
  const depth = Math.max(b.bids.length, b.asks.length);
  if (depth === 0) return [...head, '(the book is empty)'].join('\n');
  const rows = Array.from({ length: depth }, (_, i) => ({
    'BID QTY': b.bids[i]?.qty ?? '',
    'BID PAT': b.bids[i] === undefined ? '' : pat(b.bids[i]!.priceMicros),
    'ASK PAT': b.asks[i] === undefined ? '' : pat(b.asks[i]!.priceMicros),
    'ASK QTY': b.asks[i]?.qty ?? '',
  }));
  return [...head, table(rows), ...waitingText(b)].join('\n');
}

/** A spot book's customers' resting orders, under the broker's: they trade only with the broker, so a buy never takes a provider's ask. */
function waitingText(b: BookView): string[] {
  const w = b.waiting;
  if (w === undefined || (w.bids.length === 0 && w.asks.length === 0)) return [];
  const side = (levels: BookLevelView[]): string => levels.map((l) => `${l.qty} @ ${pat(l.priceMicros)}`).join(', ') || 'none';
  return ['', "waiting for the broker (customers' orders; a trade always has the broker on one side, docs/architecture.md):", `  bids ${side(w.bids)}`, `  asks ${side(w.asks)}`];
}

/** What became of a new order, from its execution reports. */
export interface OrderOutcome {
  orderId: number;
  seriesId: number;
  contract: string;
  /** The series' kind: only a spot right is exercised; the others settle as their product does. */
  kind: 'SPOT' | 'FORWARD' | 'SYNTHETIC' | 'CALL' | 'PUT';
  side: 'BUY' | 'SELL';
  qty: number;
  limitMicros: number;
  timeInForce: 'GTC' | 'IOC' | 'FOK' | 'GTD';
  /** GTD: when what rests lapses, ms since the epoch. */
  expireAtMs?: number;
  /** GTD past the window's close: the close, when the order is cancelled first. */
  closesFirstAtMs?: number;
  /** --post-only: it could only rest (a price that would take was refused). */
  postOnly?: boolean;
  /** No --limit: an IOC limited at the protection price. */
  protectedMarket: boolean;
  status: string;
  fills: { qty: number; priceMicros: number; feeMicros: number }[];
  filledQty: number;
  /** After a sale in an option, synthetic or forward: the position when it went below zero (a short: written), and what the account locks in all. */
  short?: { qty: number; lockedWei: string };
  /** What the fills cost (a buy) or brought (a sell), µPAT, fees apart. */
  notionalMicros: number;
  /** The exchange's fees on the fills (docs/fees.md): a buy pays them on top, a sale out of its proceeds. */
  feeMicros: number;
  restingQty: number;
  /** A spot buy: its window and the time of the order, so the next step says when the rights can be exercised. */
  window?: { openAtMs: number; closeAtMs: number; atMs: number };
}

/** Within this of its window's close a spot buy's next step warns that unexercised rights expire. */
export const CLOSING_SOON_MS = 3_600_000;

/** The exercise to run next, said with its window: not before it opens, and warned when it closes soon. */
function exerciseNext(o: OrderOutcome, args: string): string {
  const command = `patx exercise ${o.seriesId} ${o.filledQty}${args}`;
  const w = o.window;
  if (w !== undefined && w.atMs < w.openAtMs) return `next: ${command} from ${utcSeconds(w.openAtMs)}, when the window opens (refused SERIES_NOT_OPEN_YET before)`;
  if (w !== undefined && w.closeAtMs - w.atMs <= CLOSING_SOON_MS) return `next: ${command} before ${utcSeconds(w.closeAtMs)}, when the window closes: rights not exercised by then expire unused`;
  return `next: ${command}`;
}

/** An order's outcome in words; `forOrganisation`: it was placed with --org, so its next commands carry --org too (the rights and the order are the organisation's). */
/** `args`: the wallet's flags as given (`walletArgs`: ` --org --dev-key 4`), repeated in the commands it suggests. */
export function orderText(o: OrderOutcome, args = ''): string {
  const price = o.protectedMarket ? `no limit (protected at ${pat(o.limitMicros)} PAT)` : `limit ${pat(o.limitMicros)} PAT`;
  const lapse = o.expireAtMs === undefined ? '' : ` until ${utcSeconds(o.expireAtMs)}${o.closesFirstAtMs === undefined ? '' : ` (the window closes first, at ${utcSeconds(o.closesFirstAtMs)}: it is cancelled then)`}`;
  const tif = `${o.timeInForce}${lapse}${o.postOnly === true ? ', post-only' : ''}`;
  // An IOC that filled part ends CANCELED (its remainder): said as what happened to the order.
  const status = o.status === 'CANCELED' && o.filledQty > 0 ? `PARTIALLY FILLED (${o.filledQty} of ${o.qty}), the rest cancelled` : o.status;
  const lines = [`order ${o.orderId}: ${o.side} ${o.qty} of series ${o.seriesId} (${o.contract}), ${price}, ${tif}: ${status}`];
  for (const f of o.fills) lines.push(`  filled ${f.qty} @ ${pat(f.priceMicros)} PAT`);
  if (o.filledQty > 0 && (o.kind === 'SPOT' || o.kind === 'CALL' || o.kind === 'PUT')) {
    // The fee is said apart and in the total: the account moved by price × qty ± fees (a buy paid 1.0800 plus a 0.0011 fee was shown as 1.0800).
    const fee = o.feeMicros === 0 ? '' : o.side === 'BUY' ? `, and a fee of ${pat(o.feeMicros)} PAT: ${pat(o.notionalMicros + o.feeMicros)} PAT in all` : `, less a fee of ${pat(o.feeMicros)} PAT: ${pat(o.notionalMicros - o.feeMicros)} PAT in all`;
    lines.push(`${o.side === 'BUY' ? 'paid' : 'received'} ${pat(o.notionalMicros)} PAT for ${o.filledQty} (average ${pat(Math.round(o.notionalMicros / o.filledQty))} PAT)${fee}`);
  } else if (o.filledQty > 0) {
    // A forward is paid at its delivery, a synthetic holds margin: nothing was paid at the price (a synthetic's buy said "paid 2.6940" with 0.7232 of margin locked).
    const how =
      o.kind !== 'FORWARD'
        ? 'margin held, settled in PAT at the window\'s index (docs/synthetics.md)'
        : o.side === 'BUY'
          ? 'paid now, as a spot buy is; the rights are delivered into the spot series at the window\'s open (docs/forwards.md)'
          : 'the proceeds held in escrow with your position until you deliver at the window\'s open (docs/forwards.md)';
    // The fee is said by name wherever one was paid (a synthetic's buy paid one the summary never named).
    const paidNow = o.side === 'BUY' && o.kind === 'FORWARD' ? ` (${pat(o.notionalMicros)} PAT${o.feeMicros === 0 ? '' : ` and a fee of ${pat(o.feeMicros)} PAT: ${pat(o.notionalMicros + o.feeMicros)} PAT`} in all)` : o.feeMicros === 0 ? '' : ` (a fee of ${pat(o.feeMicros)} PAT paid now)`;
    lines.push(`${o.side === 'BUY' ? 'bought' : 'sold'} ${o.filledQty} at an average of ${pat(Math.round(o.notionalMicros / o.filledQty))} PAT${paidNow}: ${how}; patx positions shows it`);
  }
  // A sale past what was held writes the product: said, with its margin, since `sell` reads as closing (it opened a short silently).
  if (o.short !== undefined) lines.push(`your position in series ${o.seriesId} is now -${o.short.qty}: a short (written), with ${patFromWei(o.short.lockedWei)} PAT locked in your account as margin or collateral (patx balance; docs/${o.kind === 'FORWARD' ? 'forwards' : o.kind === 'SYNTHETIC' ? 'synthetics' : 'options'}.md)`);
  if (o.restingQty > 0) lines.push(`resting ${o.restingQty} at ${pat(o.limitMicros)} PAT${o.expireAtMs === undefined ? '' : ` until ${utcSeconds(Math.min(o.expireAtMs, o.closesFirstAtMs ?? o.expireAtMs))}`} (patx amend ${o.orderId}${args} changes it, patx cancel ${o.orderId}${args} cancels it)`);
  else if (o.filledQty < o.qty) lines.push(`${o.qty - o.filledQty} not filled: cancelled (${o.timeInForce})`);
  // Only a spot right is exercised; a forward's rights arrive at the open, options and synthetics settle in PAT (NOT_EXERCISABLE before).
  if (o.filledQty > 0 && o.side === 'BUY' && o.kind === 'SPOT') lines.push(exerciseNext(o, args));
  return lines.join('\n');
}

/** What became of an amend: the order as it stands after it, whether it kept its place in the queue, and what it traded on re-entering. */
export interface AmendOutcome {
  orderId: number;
  seriesId: number;
  contract: string;
  kind: string;
  side: 'BUY' | 'SELL';
  priceMicros: number;
  /** The order's quantity, filled part included. */
  qty: number;
  filledQty: number;
  openQty: number;
  /** Only its size fell: it kept its time priority. Otherwise it re-entered the book as a new order would (and may have traded). */
  priorityKept: boolean;
  fills: { qty: number; priceMicros: number }[];
}

export function amendText(a: AmendOutcome, args = ''): string {
  const lines = [`amended order ${a.orderId}: ${a.side} ${a.qty} of series ${a.seriesId} at ${pat(a.priceMicros)} PAT, ${a.priorityKept ? 'its place in the queue kept (only its size fell)' : 'back in the book as a new order would be (its place in the queue lost)'}`];
  for (const f of a.fills) lines.push(`  filled ${f.qty} @ ${pat(f.priceMicros)} PAT`);
  lines.push(a.openQty > 0 ? `open ${a.openQty} (${a.filledQty} filled): patx orders${args} lists it` : `filled in full (${a.filledQty}): nothing rests`);
  return lines.join('\n');
}

export interface OpenOrderRow {
  orderId: number;
  seriesId: number;
  contract: string;
  side: string;
  priceMicros: number;
  qty: number;
  filledQty: number;
  leavesQty: number;
  /** GTC or GTD, with post-only when it is: what rests (an outside review could not tell a GTD post-only order from a plain one). */
  type: string;
  /** A GTD order's lapse (ms; 0: GTC, or an exchange that does not say). */
  untilMs: number;
}

export function ordersText(rows: readonly OpenOrderRow[]): string {
  if (rows.length === 0) return 'no open orders';
  return table(rows.map((r) => ({ ORDER: r.orderId, SERIES: r.seriesId, CONTRACT: r.contract, SIDE: r.side, TYPE: r.type, 'PRICE PAT': pat(r.priceMicros), QTY: r.qty, FILLED: r.filledQty, OPEN: r.leavesQty, UNTIL: r.untilMs > 0 ? utcSeconds(r.untilMs) : '-' })));
}

export interface BalanceView {
  accountId: number;
  address: string;
  role: string;
  availableWei: string;
  heldWei: string;
  pendingWithdrawalWei: string;
  lockedWei: string;
  openOrders: number;
  /** A provider the operator has not verified, where the exchange requires it: its withdrawals are refused PAYOUT_HELD_UNVERIFIED. */
  payoutsHeld: boolean;
  /** A provider's own deposits not yet withdrawn (rules 19): what it may withdraw while its payouts are held. */
  ownDepositsWei?: string;
}

export function balanceText(b: BalanceView): string {
  const lines = [
    `account ${b.accountId} (${b.role}) ${b.address}`,
    `available           ${patFromWei(b.availableWei).padStart(14)} PAT`,
    `held by orders      ${patFromWei(b.heldWei).padStart(14)} PAT`,
    `pending withdrawal  ${patFromWei(b.pendingWithdrawalWei).padStart(14)} PAT`,
  ];
  if (BigInt(b.lockedWei === '' ? '0' : b.lockedWei) !== 0n) {
    lines.push(`locked              ${patFromWei(b.lockedWei).padStart(14)} PAT`);
    // What locked PAT is, where it is itemised and when it frees: it read as a number alone (a provider's review).
    lines.push(
      b.role === 'PROVIDER'
        ? "  locked: sale proceeds held until the rights are delivered (a consumer's receipt, or the dispute window after the grant ends with no claim), and forward collateral; patx provider statement itemises them"
        : "  locked: margin and collateral of synthetics, options and forwards (patx positions shows each), freed at their settlement",
    );
  }
  lines.push(`open orders ${b.openOrders}`);
  if (b.payoutsHeld) {
    // The view's count is already capped at the available PAT (AccountView.own_deposits_wei).
    lines.push(`payouts held: withdrawals beyond your own deposits (${patFromWei(b.ownDepositsWei || '0')} PAT may leave) wait until the operator verifies your identity (docs/providers.md, "Held payouts")`);
  }
  return lines.join('\n');
}

export interface PositionRow {
  seriesId: number;
  contract: string;
  kind: string;
  closeAtMs: number;
  /** Rights free to sell or exercise (a forward: + long, - short). */
  qty: number;
  /** Rights held by sell orders. */
  held: number;
  exercised: number;
  /** Whether and when the rights can be exercised, or how the position ends. */
  state: string;
  /** A synthetic's or an option's money (absent for spot and forwards). */
  cash?: CashPositionView;
}

/**
 * A cash-settled position against the series' latest mark (the settlement index computed so far,
 * docs/synthetics.md, "Marking"): what is locked for it, and what it is worth there. P&L for a
 * synthetic only: an option's premium moved at its fills (patx fills --series N shows them; patx
 * settlements its P&L after the close).
 */
export interface CashPositionView {
  /** PAT locked for the position: a synthetic's margin and any loss it carries, an option writer's margin. */
  lockedMicros: number;
  /** A synthetic's signed cost (Σ signed qty × price); null for an option. */
  costMicros: number | null;
  /** The latest mark; null before the first. */
  markMicros: number | null;
  /** What the position is worth at the mark: qty × mark for a synthetic, qty × the option's value at the mark. */
  valueAtMarkMicros: number | null;
  /** A synthetic's value at the mark less its cost; null for an option or before a mark. */
  pnlAtMarkMicros: number | null;
}

/** A cash-settled position's view from the account view's wei strings (as µPAT) and the series' mark (GET /v1/series/{id}/settlement). */
export function cashView(kind: string, qty: number, lockedMicros: number, costMicros: number, mark: { markMicros: number; valueMicros?: unknown } | null): CashPositionView {
  const synthetic = kind === 'SYNTHETIC';
  const unit = mark === null ? null : synthetic ? mark.markMicros : typeof mark.valueMicros === 'number' ? mark.valueMicros : null;
  const valueAtMarkMicros = unit === null ? null : qty * unit + 0;
  return { lockedMicros, costMicros: synthetic ? costMicros : null, markMicros: mark?.markMicros ?? null, valueAtMarkMicros, pnlAtMarkMicros: synthetic && valueAtMarkMicros !== null ? valueAtMarkMicros - costMicros : null };
}

/**
 * Whether a position's rights may be exercised now, from its series' kind, status and window; `role` the account's
 * (its enum name). A provider's spot rights are the ones it minted and has not sold: it cannot exercise them
 * (ROLE_NOT_ALLOWED), and what it has not sold by the close is burned then.
 */
export function positionState(kind: string, status: string, openAtMs: number, closeAtMs: number, nowMs: number, role?: string): string {
  if (kind === 'FORWARD') return nowMs < openAtMs ? `delivered as spot rights at the window's open, ${utc(openAtMs)}` : "delivered at the window's open";
  if (kind !== 'SPOT') return 'cash-settled in PAT at expiry';
  if (status === 'EXPIRED' || nowMs >= closeAtMs) return 'expired';
  if (role === 'PROVIDER') return PROVIDER_UNSOLD;
  if (nowMs < openAtMs) return `exercisable from ${utc(openAtMs)}`;
  return 'exercisable now';
}

/** A provider's own minted rights in a spot series, not sold yet. */
export const PROVIDER_UNSOLD = "unsold: sell them (patx sell); burned at the window's close";

export function positionsText(rows: readonly PositionRow[]): string {
  if (rows.length === 0) return 'no positions';
  // The money columns only when a synthetic or an option is held, blank on the other rows.
  const cash = rows.some((r) => r.cash !== undefined);
  const opt = (micros: number | null | undefined): string => (micros === null || micros === undefined ? '' : pat(micros));
  return table(
    rows.map((r) => ({
      SERIES: r.seriesId,
      CONTRACT: r.contract,
      KIND: r.kind,
      'WINDOW CLOSES': r.closeAtMs > 0 ? utc(r.closeAtMs) : '',
      QTY: r.qty,
      'IN ORDERS': r.held,
      EXERCISED: r.exercised,
      ...(cash ? { 'LOCKED PAT': opt(r.cash?.lockedMicros), 'COST PAT': opt(r.cash?.costMicros), MARK: opt(r.cash?.markMicros), 'VALUE AT MARK PAT': opt(r.cash?.valueAtMarkMicros), 'P&L AT MARK PAT': opt(r.cash?.pnlAtMarkMicros) } : {}),
      STATE: r.state,
    })),
  );
}

export interface GrantRow {
  grantId: number;
  listingId: number;
  listingVersion: number;
  quantity: number;
  expiresAtMs: number;
  /** The provider's delivery endpoint (its listing's disclosures), when the exchange names it. */
  endpoint: string | null;
  /** The licence terms of the grant's listing version in words (docs/catalog.md, "Terms"), when the exchange names them. */
  terms: string | null;
}

export function exerciseText(exerciseId: number, seriesId: number, qty: number, grants: readonly GrantRow[], args = ''): string {
  const lines = [`exercise ${exerciseId}: ${qty} right(s) of series ${seriesId}, ${grants.length} signed access grant(s)`];
  if (grants.length === 0) return lines.join('\n');
  lines.push(
    table(grants.map((g) => ({ GRANT: g.grantId, LISTING: g.listingId === 0 ? 'none' : `${g.listingId} v${g.listingVersion}`, QTY: g.quantity, EXPIRES: utc(g.expiresAtMs), TERMS: g.terms ?? 'one-time', 'DELIVERY ENDPOINT': g.endpoint ?? '(no published listing)' }))),
    `next: patx download ${grants[0]!.grantId}${args} --out records.jsonl`,
  );
  return lines.join('\n');
}
