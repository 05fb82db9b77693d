/**
 * `patx fills` and `patx settlements`: the wallet's own trading history, newest first
 * (wallet-signed GET /v1/fills and GET /v1/settlements, through src/client/market.ts's listFills and
 * listSettlements). Fills: each buy and sale of every kind, its price, fee and whether the order
 * rested (maker) or arrived (taker). Settlements: the cash settlements of synthetics and options at
 * expiry, the index, what the account was paid or paid, and its P&L. `--series` narrows to one
 * series (an id, or a contract: its current spot series), `--limit` and `--before` page. `patx transfers`: the
 * deposits, withdrawals and organisation moves (GET /v1/transfers), a withdrawal pending or paid with its batch's transaction.
 * `patx forward-deliveries`: forward positions delivered at their window's open (GET /v1/forward-deliveries). `patx margin`:
 * the margin top-ups and liquidations of synthetics and written options at marks (GET /v1/margin-events). They only
 * look: a wallet the exchange has no account for is refused NO_ACCOUNT, none opened.
 */
import type { Command } from 'commander';
import { table } from '../operator/cli-format.js';
import type { AccountPageQuery, FillPage, ForwardDeliveryPage, MarginEventPage, SettlementPage, TransferPage } from '../client/market.js';
import { patText } from './withdraw.js';
import type { acting } from './command-output.js';
import { wholeIn } from './catalog.js';
import { resolveSeries, seriesRef, type SeriesRef } from './series-arg.js';
import { pat, utc } from './trading-format.js';
import { addOrgOption, addWalletOptions, connectWallet, WalletCommandError, type WalletOptions } from './wallet-options.js';

/** The most one page holds (the routes' own limit). */
const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 50;
/** The largest trade id or seq --before takes. */
const MAX_BEFORE = 9_999_999_999;

/** What was asked, for the words of an empty page. */
export interface PageAsked {
  seriesId?: number;
  before?: number;
}

/** "in series 7 before trade 90", or '' when nothing narrowed the page. */
function narrowed(asked: PageAsked, beforeWhat: string): string {
  const parts = [asked.seriesId === undefined ? '' : ` in series ${asked.seriesId}`, asked.before === undefined ? '' : ` before ${beforeWhat} ${asked.before}`];
  return parts.join('');
}

/** A page's footer: how many, and how to get the next. */
function footer(shown: number, what: string, next: number | null): string {
  return `${shown} ${what}(s)${next === null ? '' : `; --before ${next} for more`}`;
}

export function fillsText(page: FillPage, asked: PageAsked = {}): string {
  if (page.fills.length === 0) {
    const where = narrowed(asked, 'trade');
    return where === '' ? 'no fills yet' : `no fills${where}`;
  }
  const rows = page.fills.map((f) => ({
    TIME: utc(f.timeMs),
    TRADE: f.tradeId,
    SERIES: f.seriesId,
    CONTRACT: f.contract,
    KIND: f.kind,
    SIDE: f.side,
    QTY: f.qty,
    'PRICE PAT': pat(f.priceMicros),
    'FEE PAT': pat(f.feeMicros),
    LIQ: f.liquidity.toLowerCase(),
    ORDER: f.orderId,
  }));
  return `${table(rows)}\n${footer(page.fills.length, 'fill', page.next)}`;
}

export function settlementsText(page: SettlementPage, asked: PageAsked = {}): string {
  if (page.settlements.length === 0) {
    const where = narrowed(asked, 'seq');
    return where === '' ? "no settlements yet (cash-settled synthetics and options settle at their window's close)" : `no settlements${where}`;
  }
  // Shortfall and haircut (the loss rule: docs/synthetics.md) only when the page has any, and then only where not zero.
  const shortfall = page.settlements.some((s) => s.shortfallMicros !== 0);
  const haircut = page.settlements.some((s) => s.haircutMicros !== 0);
  const rows = page.settlements.map((s) => ({
    TIME: utc(s.timeMs),
    SERIES: s.seriesId,
    CONTRACT: s.contract,
    KIND: s.kind,
    POSITION: s.positionQty,
    // A synthetic's cost, or an option's premium net over its fills (negative: received): what the P&L is measured against.
    'COST PAT': pat(s.costMicros + s.premiumMicros),
    INDEX: pat(s.indexMicros),
    VALUE: pat(s.valueMicros),
    'PAYOUT PAT': pat(s.payoutMicros),
    'P&L PAT': pat(s.pnlMicros),
    ...(shortfall ? { 'SHORTFALL PAT': s.shortfallMicros === 0 ? '' : pat(s.shortfallMicros) } : {}),
    ...(haircut ? { 'HAIRCUT PAT': s.haircutMicros === 0 ? '' : pat(s.haircutMicros) } : {}),
  }));
  return `${table(rows)}\n${footer(page.settlements.length, 'settlement', page.next)}`;
}

export function marginEventsText(page: MarginEventPage, asked: PageAsked = {}): string {
  if (page.marginEvents.length === 0) {
    const where = narrowed(asked, 'seq');
    return where === '' ? 'no margin top-ups or liquidations (a mark tops up a synthetic or written option position under maintenance from free PAT, or the broker takes it over)' : `no margin events${where}`;
  }
  const liquidated = page.marginEvents.some((m) => m.event === 'LIQUIDATION');
  const rows = page.marginEvents.map((m) => ({
    TIME: utc(m.timeMs),
    SERIES: m.seriesId,
    CONTRACT: m.contract,
    KIND: m.kind,
    EVENT: m.event === 'TOP_UP' ? 'top-up' : 'liquidated',
    POSITION: m.positionQty,
    MARK: pat(m.markMicros),
    'TOP-UP PAT': m.event === 'TOP_UP' ? pat(m.topUpMicros) : '',
    ...(liquidated ? { 'PENALTY PAT': m.event === 'LIQUIDATION' ? pat(m.penaltyMicros) : '', 'OWED PAT': m.event === 'LIQUIDATION' ? pat(m.owedMicros) : '' } : {}),
    'LOCKED PAT': pat(m.lockedMicros),
  }));
  return `${table(rows)}\n${footer(page.marginEvents.length, 'margin event', page.next)}`;
}

export function forwardDeliveriesText(page: ForwardDeliveryPage, asked: PageAsked = {}): string {
  if (page.forwardDeliveries.length === 0) {
    const where = narrowed(asked, 'seq');
    return where === '' ? "no forward deliveries yet (a forward position is delivered at its window's open)" : `no forward deliveries${where}`;
  }
  const rows = page.forwardDeliveries.map((d) => ({
    TIME: utc(d.timeMs),
    SERIES: d.seriesId,
    CONTRACT: d.contract,
    POSITION: d.positionQty,
    DELIVERED: d.deliveredQty,
    SHORT: d.shortfallQty,
    'PROCEEDS PAT': pat(d.proceedsMicros),
    'COLLATERAL BACK PAT': pat(d.collateralReturnedMicros),
    'REFUND PAT': pat(d.refundMicros),
    'COMPENSATION PAT': pat(d.compensationMicros),
  }));
  return `${table(rows)}\n${footer(page.forwardDeliveries.length, 'forward delivery', page.next)}`;
}

interface PageOptions extends WalletOptions {
  series?: SeriesRef;
  limit: number;
  before?: number;
}

/**
 * The wallet, and the page asked for (a contract resolved to its current spot series). `cashSettled`: the rows are a
 * synthetic's or an option's, never a spot series', so a contract (which names its spot series) is refused with what to
 * name instead (it matched nothing, an outside review found).
 */
async function pageOf(o: PageOptions, cashSettled = false): Promise<{ http: Awaited<ReturnType<typeof connectWallet>>; query: AccountPageQuery }> {
  if (cashSettled && o.series !== undefined && !('seriesId' in o.series)) {
    throw new WalletCommandError('USAGE', `--series '${o.series.contract}' names that contract's spot series, which settles no cash: name the synthetic's or the option's series id (patx positions lists yours)`);
  }
  const http = await connectWallet(o);
  const seriesId = o.series === undefined ? undefined : 'seriesId' in o.series ? o.series.seriesId : (await resolveSeries(http.url, o.series)).seriesId;
  return { http, query: { seriesId, limit: o.limit, before: o.before, ...(o.org === true ? { organisation: true } : {}) } };
}

/** UNKNOWN_ACCOUNT from the route, in the words of the commands that only look (NO_ACCOUNT: none is opened). */
function noAccount(error: unknown, address: string, what: string): unknown {
  if ((error as { code?: unknown }).code !== 'UNKNOWN_ACCOUNT') return error;
  return new WalletCommandError('NO_ACCOUNT', `${address} has no account at this exchange yet, so no ${what}, and this command opens none: patx account open opens a consumer's (so does a first deposit, buy or subscription), patx provider open a data provider's (an account keeps the role it opened with)`);
}

function pageOptions(c: Command, beforeWhat: string): Command {
  return addOrgOption(addWalletOptions(
    c
      .option('--series <series>', "one series: an id, or a contract 'SEGMENT|WINDOW|LO-HI' (quoted; its current spot series)", seriesRef)
      .option('--limit <n>', `at most this many (1 to ${MAX_LIMIT})`, wholeIn(1, MAX_LIMIT), DEFAULT_LIMIT)
      .option('--before <id>', `older than this ${beforeWhat} (the footer's --before pages on)`, wholeIn(1, MAX_BEFORE)),
  ));
}

/** The deposits and withdrawals as a table: what moved, when, and a withdrawal's state and the transaction that paid it. */
function transferState(t: TransferPage['transfers'][number]): string {
  if (t.kind === 'deposit') return 'credited';
  if (t.kind === 'organisation-in') return 'moved in';
  if (t.kind === 'organisation-out') return 'moved out';
  if (t.kind === 'fee-sweep') return 'swept in from the fee account';
  return t.state === 'paid' ? `paid ${utc(t.paidAtMs ?? t.timeMs)} (batch ${t.batchId ?? '?'})` : 'pending: the next batch pays it';
}

export function transfersText(page: TransferPage): string {
  if (page.transfers.length === 0) return 'no deposits, withdrawals or organisation moves yet';
  const rows = page.transfers.map((t) => ({
    TIME: utc(t.timeMs),
    KIND: t.kind.toUpperCase(),
    'AMOUNT PAT': patText(BigInt(t.amountWei)),
    STATE: transferState(t),
    'TX / REF': t.kind === 'deposit' ? (t.ref ?? '') : t.kind === 'withdrawal' ? (t.txHash ?? `withdrawal ${t.withdrawalId}`) : t.kind === 'fee-sweep' ? 'fee account' : `account ${t.counterpartyAccountId ?? '?'}`,
  }));
  return `${table(rows)}
${footer(page.transfers.length, 'transfer', page.next)}`;
}

/** Adds `fills`, `settlements`, `forward-deliveries`, `margin` and `transfers`. */
export function addFillsCommands(program: Command, act: ReturnType<typeof acting>): void {
  pageOptions(program.command('fills').description('your fills, newest first (GET /v1/fills): buys and sales of every kind, price, fee, maker or taker, the order'), 'trade id').action((o: PageOptions) =>
    act(async () => {
      const [{ listFills }, { http, query }] = await Promise.all([import('../client/market.js'), pageOf(o)]);
      let page: FillPage;
      try {
        page = await listFills(http, query);
      } catch (error) {
        throw noAccount(error, http.wallet.address, 'fills');
      }
      return { value: page, text: () => fillsText(page, query) };
    }),
  );
  pageOptions(program.command('settlements').description("your cash settlements of synthetics and options at expiry, newest first (GET /v1/settlements): the index, what you were paid or paid, P&L"), 'seq').action((o: PageOptions) =>
    act(async () => {
      const [{ listSettlements }, { http, query }] = await Promise.all([import('../client/market.js'), pageOf(o, true)]);
      let page: SettlementPage;
      try {
        page = await listSettlements(http, query);
      } catch (error) {
        throw noAccount(error, http.wallet.address, 'settlements');
      }
      return { value: page, text: () => settlementsText(page, query) };
    }),
  );
  pageOptions(program.command('forward-deliveries').description("your forward positions delivered at their window's open, newest first (GET /v1/forward-deliveries): rights delivered and short, proceeds and collateral paid out, refund and compensation for a shortfall"), 'seq').action((o: PageOptions) =>
    act(async () => {
      const [{ listForwardDeliveries }, { http, query }] = await Promise.all([import('../client/market.js'), pageOf(o, true)]);
      let page: ForwardDeliveryPage;
      try {
        page = await listForwardDeliveries(http, query);
      } catch (error) {
        throw noAccount(error, http.wallet.address, 'forward deliveries');
      }
      return { value: page, text: () => forwardDeliveriesText(page, query) };
    }),
  );
  pageOptions(program.command('margin').description('your margin top-ups and liquidations at marks, newest first (GET /v1/margin-events): free PAT a mark locked for a synthetic or written option, or the position the broker took over'), 'seq').action((o: PageOptions) =>
    act(async () => {
      const [{ listMarginEvents }, { http, query }] = await Promise.all([import('../client/market.js'), pageOf(o, true)]);
      let page: MarginEventPage;
      try {
        page = await listMarginEvents(http, query);
      } catch (error) {
        throw noAccount(error, http.wallet.address, 'margin events');
      }
      return { value: page, text: () => marginEventsText(page, query) };
    }),
  );
  addOrgOption(addWalletOptions(
    program
      .command('transfers')
      .description('your deposits, withdrawals and organisation moves, newest first (GET /v1/transfers): a deposit\'s transaction, a withdrawal pending or paid with the batch transaction that paid it, PAT moved to or from your organisation')
      .option('--limit <n>', `at most this many (1 to ${MAX_LIMIT})`, wholeIn(1, MAX_LIMIT), DEFAULT_LIMIT)
      .option('--before <seq>', "older than this seq (the footer's --before pages on)", wholeIn(1, MAX_BEFORE)),
  )).action((o: WalletOptions & { limit: number; before?: number }) =>
    act(async () => {
      const [{ listTransfers }, http] = await Promise.all([import('../client/market.js'), connectWallet(o)]);
      let page: TransferPage;
      try {
        page = await listTransfers(http, { limit: o.limit, before: o.before, ...(o.org === true ? { organisation: true } : {}) });
      } catch (error) {
        throw noAccount(error, http.wallet.address, 'transfers');
      }
      return { value: page, text: () => transfersText(page) };
    }),
  );
}
