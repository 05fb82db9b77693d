/**
 * What became of the wallet's orders, live or ended (wallet-signed GET /v1/orders, through src/client/orders.ts):
 *
 *   patx order <orderId> | --client-order-id N [--org]      one order: its state now or its final state, and why it ended
 *   patx orders --history [series] [--status open|closed] [--limit N] [--before ID] [--org]
 *
 * `patx orders` without --history lists the open orders over the trading socket (trading.ts). These only look: a
 * wallet the exchange has no account for is refused NO_ACCOUNT, none opened; an order the account does not have
 * (never made, another's, or ended longer ago than the exchange keeps) is UNKNOWN_ORDER.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { table } from '../operator/cli-format.js';
import type { OrderPage, OrderView } from '../client/orders.js';
import type { acting } from './command-output.js';
import { wholeIn } from './catalog.js';
import { resolveSeries, type SeriesRef } from './series-arg.js';
import { pat, utcSeconds } from './trading-format.js';
import { addOrgOption, addWalletOptions, connectWallet, WalletCommandError, type WalletOptions } from './wallet-options.js';

type Act = ReturnType<typeof acting>;

export const HISTORY_MAX_LIMIT = 1000;
const HISTORY_DEFAULT_LIMIT = 50;

const idArg = (what: string) => (text: string): number => {
  // Up to 2^53 - 1, as the API's ids: the client order ids `patx buy` makes (ms × 1000 + a random part) have 16 digits.
  if (!/^[1-9]\d{0,15}$/.test(text) || !Number.isSafeInteger(Number(text))) throw new InvalidArgumentError(`expected ${what} (a whole number from 1 to 2^53 - 1)`);
  return Number(text);
};

/** What the order's state says, in words: "cancelled (CANCEL_ON_DISCONNECT)", "filled", "open, 3 of 10 filled". */
export function orderState(o: OrderView): string {
  switch (o.status) {
    case 'NEW':
      return 'open';
    case 'PARTIALLY_FILLED':
      return `open, ${o.cumQty} of ${o.orderQty} filled`;
    case 'FILLED':
      return 'filled';
    case 'CANCELED':
      return `cancelled (${o.cancelReason ?? '?'})${o.cumQty > 0 ? `, ${o.cumQty} of ${o.orderQty} filled before` : ''}`;
    case 'EXPIRED':
      return `expired${o.cumQty > 0 ? `, ${o.cumQty} of ${o.orderQty} filled before` : ''}`;
    case 'REJECTED':
      return `refused (${o.rejectReason ?? '?'})`;
  }
}

/** One order, field by field. */
export function orderViewText(o: OrderView): string {
  const lines: Array<[string, string]> = [
    ['order', o.orderId === 0 ? '- (refused: the exchange made no order)' : String(o.orderId)],
    ['client order id', String(o.clientOrderId)],
    ['series', `${o.seriesId} ${o.contract} ${o.kind}`],
    ['side', o.side],
    ['type', `${o.orderType} ${o.timeInForce}${o.postOnly ? ' post-only' : ''}${o.expireAtMs > 0 ? ` until ${utcSeconds(o.expireAtMs)}` : ''}`],
    ['limit', `${pat(o.priceMicros)} PAT`],
    ['state', orderState(o)],
    ['quantity', `${o.orderQty} (filled ${o.cumQty}, open ${o.leavesQty})`],
    ...(o.cumQty > 0 ? ([['filled at', `${pat(Math.round(o.avgPriceMicros ?? 0))} PAT on average, ${pat(o.filledNotionalMicros)} PAT in all, fees ${pat(o.feeMicros)} PAT`]] as Array<[string, string]>) : []),
    ['entered', `${utcSeconds(o.createdAtMs)} (seq ${o.createdSeq})`],
    ['last change', `${utcSeconds(o.updatedAtMs)} (seq ${o.updatedSeq})`],
  ];
  return lines.map(([k, v]) => `${k.padEnd(16)}${v}`).join('\n');
}

export function orderHistoryText(page: OrderPage): string {
  if (page.orders.length === 0) return 'no orders';
  const rows = page.orders.map((o) => ({
    ORDER: o.orderId,
    CLIENT: o.clientOrderId,
    SERIES: o.seriesId,
    CONTRACT: o.contract,
    SIDE: o.side,
    TYPE: `${o.orderType} ${o.timeInForce}`,
    'PRICE PAT': pat(o.priceMicros),
    QTY: o.orderQty,
    FILLED: o.cumQty,
    'AVG PAT': o.avgPriceMicros === null ? '-' : pat(Math.round(o.avgPriceMicros)),
    STATE: orderState(o),
    CHANGED: utcSeconds(o.updatedAtMs),
  }));
  return `${table(rows)}\n${page.orders.length} order(s)${page.next === null ? '' : `; --before ${page.next} for more`}`;
}

/** UNKNOWN_ACCOUNT from the route, in the words of the commands that only look. */
function noAccount(error: unknown, address: string): unknown {
  if ((error as { code?: unknown }).code !== 'UNKNOWN_ACCOUNT') return error;
  return new WalletCommandError('NO_ACCOUNT', `${address} has no account at this exchange yet, so no orders, and this command opens none`);
}

/** `patx order`: one order by id or client order id. */
export function addOrderStatusCommand(program: Command, act: Act): void {
  addOrgOption(addWalletOptions(
    program
      .command('order')
      .argument('[orderId]', "the exchange's order id (a buy's or sell's output names it)", idArg('an order id'))
      .option('--client-order-id <n>', 'instead: your newest order sent with this client order id (or its refusal)', idArg('a client order id'))
      .description('one of your orders, open or ended: filled, cancelled and why (CANCEL_ON_DISCONNECT, SELF_TRADE, ...), expired, refused'),
  )).action((orderId: number | undefined, o: WalletOptions & { clientOrderId?: number }, command: Command) => {
    if ((orderId === undefined) === (o.clientOrderId === undefined)) command.error('error: name the order: an order id, or --client-order-id N', { exitCode: 2, code: 'patx.usage' });
    act(async () => {
      const [{ getOrder, getOrderByClientId }, http] = await Promise.all([import('../client/orders.js'), connectWallet(o)]);
      const organisation = o.org === true;
      try {
        const { order } = orderId !== undefined ? await getOrder(http, orderId, { organisation }) : await getOrderByClientId(http, o.clientOrderId!, { organisation });
        return { value: order, text: () => orderViewText(order) };
      } catch (error) {
        if ((error as { code?: unknown }).code === 'UNKNOWN_ORDER') {
          const named = orderId !== undefined ? `order ${orderId}` : `an order with client order id ${o.clientOrderId}`;
          throw new WalletCommandError('UNKNOWN_ORDER', `${named} is not one of yours (never entered, another account's, or ended longer ago than the exchange keeps: 30 days, your newest 10,000 by default)`);
        }
        throw noAccount(error, http.wallet.address);
      }
    });
  });
}

export interface HistoryOptions extends WalletOptions {
  status?: 'open' | 'closed';
  limit?: number;
  before?: number;
}

/** `patx orders --history`'s options (they need --history). */
export function addHistoryOptions(c: Command): Command {
  return c
    .option('--history', 'every order of yours, open and ended, newest first (GET /v1/orders), not only the open ones', false)
    .option('--status <state>', 'with --history: open or closed only', (t: string) => {
      if (t !== 'open' && t !== 'closed') throw new InvalidArgumentError('expected open or closed');
      return t;
    })
    .option('--limit <n>', `with --history: at most this many (1 to ${HISTORY_MAX_LIMIT}; default ${HISTORY_DEFAULT_LIMIT})`, wholeIn(1, HISTORY_MAX_LIMIT))
    .option('--before <orderId>', "with --history: older than this order id (the footer's --before pages on)", idArg('an order id'));
}

/** The history page `patx orders --history` prints. */
export async function orderHistory(o: HistoryOptions, ref: SeriesRef | undefined): Promise<{ value: OrderPage; text: () => string }> {
  const [{ listOrders }, http] = await Promise.all([import('../client/orders.js'), connectWallet(o)]);
  const seriesId = ref === undefined ? undefined : 'seriesId' in ref ? ref.seriesId : (await resolveSeries(http.url, ref)).seriesId;
  try {
    const page = await listOrders(http, { seriesId, status: o.status, limit: o.limit ?? HISTORY_DEFAULT_LIMIT, before: o.before, organisation: o.org === true });
    return { value: page, text: () => orderHistoryText(page) };
  } catch (error) {
    throw noAccount(error, http.wallet.address);
  }
}
