/**
 * Trading from the command line (issue 77; docs/cli.md), as the console's Account page and the
 * MCP tools do it:
 *
 *   patx book 'AUTO_INTENT|1D|0.70-0.85'           the book, last trade, reference price (public)
 *   patx buy  <series> <qty> --limit 0.85 [--ioc | --fok | --until 2h] [--post-only] [--client-order-id N]
 *                                                   a limit order, GTC unless --ioc, --fok or --until (GTD)
 *   patx buy  <series> <qty> [--fok]                no limit: IOC (or FOK) at the market-order protection price
 *   patx sell <series> <qty> ...                    the same, selling rights held
 *   patx orders [series] [--history]                open orders (every order, open and ended: order-history.ts)
 *   patx order <orderId> | --client-order-id N       one order, open or ended (order-history.ts)
 *   patx amend <orderId> [--limit P] [--qty N]      a new price or size for an open order
 *   patx cancel <orderId> | --all [--series S]      cancel one, or all (of one series)
 *   patx balance                                    available, held, pending withdrawal
 *   patx positions                                  rights held per series, exercisable or not
 *   patx exercise <series> <qty>                    rights into signed access grants
 *   patx download <grant> | --series S              (download.ts) records with a grant
 *
 * `<series>` is a series id or a contract name (its current spot series: series-arg.ts). Orders,
 * cancels, the account and exercises go over the trading socket, logged in as the wallet
 * (wallet-options.ts); the book and series terms are public HTTP reads. A refusal is one line
 * with the reject reason by name, exit 1; a bad flag or value exit 2 (commander), nothing sent.
 * The client, ethers and the protobuf code load inside the actions: `patx --help` never pays.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { patx } from '../proto/index.js';
import type { TradingClient } from '../client/trading-client.js';
import { confirmOrder, confirmThreshold, parsePrice, parseQty, parseThreshold, parseUntil, protectionPrice } from './order-ticket.js';
import { resolveSeries, seriesRef, type SeriesRef } from './series-arg.js';
import {
  amendText,
  balanceText,
  bookText,
  exerciseText,
  orderText,
  ordersText,
  pat,
  positionState,
  cashView,
  positionsText,
  type AmendOutcome,
  type GrantRow,
  type OpenOrderRow,
  type OrderOutcome,
  type PositionRow,
} from './trading-format.js';
import { addGatewayOption, addOrgOption, addWalletOptions, connectTrading, gatewayUrl, walletArgs, WalletCommandError, type GatewayOptions, type WalletOptions } from './wallet-options.js';
import { addHistoryOptions, addOrderStatusCommand, orderHistory, type HistoryOptions } from './order-history.js';
import { addDownloadCommand } from './download.js';
import { addClaimCommand, addGrantsCommand } from './grants.js';
import { acting, type Printed } from './command-output.js';
import { wholeId } from './id-arg.js';
import type { ListingTerms } from '../catalog/terms.js';
import { protectionLimitMicros } from '../risk/protection.js';

type Run = (code: Promise<number> | number) => void;
type Act = ReturnType<typeof acting>;

type Wire = typeof import('../proto/index.js').wire;

/** withTrading for a command that needs an account the wallet has (its orders, balance, positions, rights): it opens none. */
function withAccount<T>(o: WalletOptions, work: (client: TradingClient, wire: Wire) => Promise<T>): Promise<T> {
  return withTrading(o, work, true);
}

/** Logs in, runs `work` with the client, and closes it; `readOnly`: a wallet with no account is refused NO_ACCOUNT, none opened. */
async function withTrading<T>(o: WalletOptions, work: (client: TradingClient, wire: Wire) => Promise<T>, readOnly = false): Promise<T> {
  const [{ wire }, { client }] = await Promise.all([import('../proto/index.js'), connectTrading(o, readOnly ? { opens: 'none' } : {})]);
  try {
    return await work(client, wire);
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** Who may take which side, by the series' kind (a forward's or an option's refusal spoke of spot resale). */
function roleRefusal(kind: string): string {
  if (kind === 'FORWARD') return "this account's role may not take that side: providers sell forwards against the capacity they pledge (docs/forwards.md), consumers and institutions buy them";
  if (kind === 'CALL' || kind === 'PUT') return "this account's role may not take that side of an option (docs/options.md: who may buy and who may write)";
  if (kind === 'SYNTHETIC') return "this account's role may not trade synthetics (institutions and the broker; docs/synthetics.md)";
  return "this account's role may not take that side (a consumer buys spot rights and exercises them, never resells them; a provider sells what it minted and never buys)";
}

/** The terms of a series an order's refusal is told in (GET /v1/series/{id}). */
export interface RefusedIn {
  kind: string;
  tickMicros: number;
  minPriceMicros: number;
  maxPriceMicros: number;
  referencePriceMicros: number;
  maxOrderQty?: number;
  priceBandBps?: number;
  priceBandMinMicros?: number;
}

/**
 * Where the risk band around the reference lets an order of `side` go now: ", so a buy is taken up to 0.3012 PAT now
 * (±20%)", or '' when no band is named. Where the band's floor is wider than the share (a price of a few ticks), it
 * says the floor: "(±5 ticks: 20% of the reference is less)" (an outside review read ±20% beside an edge 38% away).
 */
export function bandEdge(s: RefusedIn, side: 'BUY' | 'SELL'): string {
  const bps = s.priceBandBps ?? 0;
  if (bps <= 0 || s.referencePriceMicros <= 0) return '';
  const floor = s.priceBandMinMicros ?? 0;
  const edge = protectionLimitMicros(s.referencePriceMicros, side === 'BUY', bps, s.tickMicros, s.minPriceMicros, s.maxPriceMicros, floor);
  const floored = floor > Math.floor((s.referencePriceMicros * bps) / 10_000);
  const width = floored ? `±${Math.round(floor / s.tickMicros)} ticks: ${bps / 100}% of the reference is less` : `±${bps / 100}%`;
  return `, so a ${side === 'BUY' ? 'buy is taken up to' : 'sale down to'} ${pat(edge)} PAT now (${width})`;
}

/** A synthetic order's INSUFFICIENT_MARGIN (engine rules 14), for a new order and an amend alike. */
const MARGIN_WORDS = "not enough free PAT for the margin the order holds: initial margin on its price, or on the mark plus what the price loses against the mark, whichever is more (docs/synthetics.md, \"Orders and margin\"; patx balance shows free PAT)";

/** Why an order was refused, in words beside its reason's name; `org`: placed with --org (the organisation's PAT and rights). */
function orderRefusal(reason: string, s: RefusedIn, side: 'BUY' | 'SELL', org = false): string {
  const why: Record<string, string> = {
    INSUFFICIENT_BALANCE: org ? "not enough of the organisation's free PAT for price × qty (patx balance --org shows it; an admin adds PAT with patx org fund)" : 'not enough free PAT for price × qty (patx balance shows it)',
    INSUFFICIENT_MARGIN: MARGIN_WORDS,
    QUANTITY_TOO_LARGE: `more rights than one order may carry in this series${s.maxOrderQty === undefined ? '' : `: at most ${s.maxOrderQty}`}`,
    ORDER_SIZE_LIMIT: "more rights than the exchange's risk limit lets one order carry (risk.maxOrderQty, docs/risk.md): split it",
    INSUFFICIENT_RIGHTS: 'fewer rights free to sell than that (patx positions shows them; a provider mints them first: patx provider mint)',
    INVALID_TICK: `the price is not a multiple of the series' tick, ${pat(s.tickMicros)} PAT`,
    PRICE_OUT_OF_LIMITS: `the series trades from ${pat(s.minPriceMicros)} to ${pat(s.maxPriceMicros)} PAT`,
    PRICE_OUTSIDE_BAND: `too far from the reference price${s.referencePriceMicros > 0 ? `, ${pat(s.referencePriceMicros)} PAT` : ''}${bandEdge(s, side)}`,
    SERIES_HALTED: 'trading in the series is halted',
    SERIES_EXPIRED: "the series' window has closed",
    ROLE_NOT_ALLOWED: roleRefusal(s.kind),
    FOK_NOT_FILLABLE: 'fill or kill: the book does not hold the whole quantity at that price or better now, so nothing traded (patx book shows it)',
    POST_ONLY_WOULD_CROSS: 'post-only: at that price the order would take from the book instead of resting; nothing was entered',
    INVALID_EXPIRY: 'the --until time had passed when the order arrived',
    DUPLICATE_CLIENT_ORDER_ID: 'an order with this --client-order-id was entered before (a rerun of the same command): nothing was entered twice; patx orders and patx fills show the first',
  };
  return `the exchange refused the order: ${why[reason] ?? 'nothing was sent to the book'}`;
}

/** Why an order that had to fill now filled nothing, and what to do; `beyondBand` when the touch itself lies past the risk band around the reference. */
function notFilled(side: 'BUY' | 'SELL', limitMicros: number, orderId: number, beyondBand: boolean): string {
  const what = side === 'BUY' ? `nothing bought: no offer at ${pat(limitMicros)} PAT or less` : `nothing sold: no bid at ${pat(limitMicros)} PAT or more`;
  const why = beyondBand
    ? `the best ${side === 'BUY' ? 'offer is above' : 'bid is below'} the prices the exchange takes orders at now (the risk band around the reference price), until the reference follows`
    : "the broker's quote moved or was taken";
  return `${what} when the order arrived (${why}), so order ${orderId} was cancelled (IOC); patx book shows the book now: try again, or pass --limit PRICE to rest in the book`;
}

/** Whether the touch read lies past the risk band's edge (the bound with no limit then stops short of it). */
function beyondRiskBand(s: Parameters<typeof protectionPrice>[0], side: 'BUY' | 'SELL'): boolean {
  const touch = side === 'BUY' ? s.book.asks[0]?.priceMicros : s.book.bids[0]?.priceMicros;
  const bound = protectionPrice(s, side);
  return touch !== undefined && bound !== undefined && (side === 'BUY' ? bound < touch : bound > touch);
}

/** What the reports of one new order say (they carry its client order id). */
function outcomeOf(ack: patx.v1.ICommandAck, clientOrderId: number, wire: Wire): { orderId: number; status: string; fills: { qty: number; priceMicros: number; feeMicros: number }[]; resting: number; reason: string | undefined } {
  const mine = (ack.reports ?? []).filter((r) => Number(r.clientOrderId) === clientOrderId);
  const fills = mine.filter((r) => r.execType === wire.ExecType.EXEC_TRADE).map((r) => ({ qty: Number(r.lastQty), priceMicros: Number(r.lastPriceMicros), feeMicros: Number(r.feeMicros ?? 0) }));
  const last = mine[mine.length - 1];
  const rejected = mine.find((r) => r.execType === wire.ExecType.EXEC_REJECTED);
  const reasonCode = rejected?.rejectReason ?? ack.rejectReason ?? 0;
  const reason = reasonCode !== 0 || rejected !== undefined ? (wire.RejectReason[reasonCode] ?? String(reasonCode)) : undefined;
  const open = last !== undefined && (last.ordStatus === wire.OrdStatus.ORDER_NEW || last.ordStatus === wire.OrdStatus.ORDER_PARTIALLY_FILLED);
  const status = (wire.OrdStatus[last?.ordStatus ?? 0] ?? 'UNKNOWN').replace(/^ORDER_/, '');
  return { orderId: Number(last?.orderId ?? 0), status, fills, resting: rejected === undefined && open ? Number(last.leavesQty ?? 0) : 0, reason };
}

interface OrderOptions extends WalletOptions {
  limit?: number;
  ioc: boolean;
  fok: boolean;
  postOnly: boolean;
  /** --until: a GTD order's lapse, ms since the epoch. */
  until?: number;
  /** --client-order-id: the script's own id for the order, so that a rerun cannot enter it twice. */
  clientOrderId?: number;
  yes: boolean;
  confirmAbove?: number;
}

async function placeOrder(side: 'BUY' | 'SELL', ref: SeriesRef, qty: number, o: OrderOptions): Promise<Printed> {
  const { HARDHAT_KEYS } = await import('../settlement/hardhat-keys.js');
  (await import('./wallet-options.js')).walletKey(o, HARDHAT_KEYS); // no wallet: refused before anything else
  const threshold = confirmThreshold(o.confirmAbove);
  const s = await resolveSeries(gatewayUrl(o), ref);
  // Said as the engine would say it: with no book to read a price from, "nothing is offered" hid why.
  if (s.status !== 'TRADING') throw new WalletCommandError(`SERIES_${s.status}`, `series ${s.seriesId} is ${s.status.toLowerCase()}: it takes no orders${s.status === 'HALTED' ? ' until the operator resumes it' : ' (its window closed)'}`);
  const limitMicros = o.limit ?? protectionPrice(s, side);
  if (limitMicros === undefined) {
    const why = s.kind === 'SPOT' && side === 'BUY' ? 'the broker sells only what providers sold it' : s.kind === 'SPOT' ? 'the broker bids for what it can sell on' : 'the broker quotes it while its model prices it, within its limits';
    throw new WalletCommandError(side === 'BUY' ? 'NO_ASK' : 'NO_BID', `nothing is ${side === 'BUY' ? 'offered' : 'bid'} in series ${s.seriesId} now (${why}; patx book shows the book): try again shortly, or pass --limit PRICE to rest in the book`);
  }
  const timeInForce: OrderOutcome['timeInForce'] = o.fok ? 'FOK' : o.limit === undefined || o.ioc ? 'IOC' : o.until !== undefined ? 'GTD' : 'GTC';
  await confirmOrder(`${side === 'BUY' ? 'buy' : 'sell'} ${qty} of series ${s.seriesId} (${s.contract}) at ${o.limit === undefined ? 'up to ' : ''}${pat(limitMicros)} PAT`, limitMicros * qty, threshold, o.yes);
  return withTrading(o, async (client, wire) => {
    const send = async (priceMicros: number) => {
      // The script's own (a rerun is refused DUPLICATE_CLIENT_ORDER_ID, not entered twice), else unique per order of this
      // wallet across runs. A refused order takes no id, so the band's resend below may use the same.
      const clientOrderId = o.clientOrderId ?? Date.now() * 1000 + Math.floor(Math.random() * 1000);
      const ack = await client.newOrder({
        seriesId: s.seriesId, clientOrderId, side: side === 'BUY' ? wire.Side.BUY : wire.Side.SELL, orderType: wire.OrderType.LIMIT, timeInForce: wire.TimeInForce[timeInForce], priceMicros, qty,
        postOnly: o.postOnly, expireAtMs: o.until ?? 0,
      });
      return outcomeOf(ack, clientOrderId, wire);
    };
    let sentMicros = limitMicros;
    let r = await send(sentMicros);
    if (r.reason === 'PRICE_OUTSIDE_BAND' && o.limit === undefined) {
      // The reference moved between the book's read and the order's entry, taking the risk band's edge below the bound
      // (nothing was entered): read again and send once more, never past the bound confirmed above.
      const again = protectionPrice(await resolveSeries(gatewayUrl(o), { seriesId: s.seriesId }), side);
      const bounded = again === undefined ? undefined : side === 'BUY' ? Math.min(again, limitMicros) : Math.max(again, limitMicros);
      if (bounded !== undefined && bounded !== sentMicros) r = await send((sentMicros = bounded));
    }
    if (r.reason !== undefined) throw new WalletCommandError(r.reason, orderRefusal(r.reason, s, side, o.org === true));
    const filledQty = r.fills.reduce((n, f) => n + f.qty, 0);
    // Fill now or cancel, and nothing filled: what was asked for did not happen, so a script's `patx buy … && patx exercise …` stops here, not at the exercise.
    if (timeInForce === 'IOC' && filledQty === 0) throw new WalletCommandError('NOT_FILLED', notFilled(side, sentMicros, r.orderId, beyondRiskBand(s, side)));
    const outcome: OrderOutcome = {
      orderId: r.orderId, seriesId: s.seriesId, contract: s.contract, kind: s.kind, side, qty, limitMicros: sentMicros, timeInForce, protectedMarket: o.limit === undefined, status: r.status,
      ...(o.until === undefined ? {} : { expireAtMs: o.until, ...(o.until > s.closeAtMs ? { closesFirstAtMs: s.closeAtMs } : {}) }), ...(o.postOnly ? { postOnly: true } : {}),
      fills: r.fills, filledQty, notionalMicros: r.fills.reduce((n, f) => n + f.qty * f.priceMicros, 0), feeMicros: r.fills.reduce((n, f) => n + f.feeMicros, 0), restingQty: r.resting,
      ...(s.kind === 'SPOT' ? { window: { openAtMs: s.openAtMs, closeAtMs: s.closeAtMs, atMs: Date.now() } } : {}),
    };
    if (side === 'SELL' && filledQty > 0 && s.kind !== 'SPOT') {
      // Whether the sale took the position below zero (it wrote the product): the account as it stands after it.
      const view = await client.account();
      const position = (view.positions ?? []).find((p) => Number(p.seriesId) === s.seriesId);
      const net = Number(position?.available ?? 0);
      if (net < 0) outcome.short = { qty: -net, lockedWei: view.lockedWei ?? '0' };
    }
    return { value: outcome, text: () => orderText(outcome, walletArgs(o)) };
  });
}

/** The wallet's series by id (live from the socket, an expired one over HTTP): contract, kind, status, window. */
async function seriesNames(client: TradingClient, wire: Wire, url: string, ids: readonly number[]): Promise<Map<number, { contract: string; kind: string; status: string; openAtMs: number; closeAtMs: number }>> {
  const known = new Map<number, { contract: string; kind: string; status: string; openAtMs: number; closeAtMs: number }>();
  for (const s of await client.series()) {
    known.set(Number(s.seriesId), { contract: s.contract ?? '', kind: wire.SeriesKind[s.kind ?? 0] ?? 'UNKNOWN', status: wire.SeriesStatus[s.status ?? 0] ?? 'UNKNOWN', openAtMs: Number(s.openAtMs ?? 0), closeAtMs: Number(s.closeAtMs ?? 0) });
  }
  const missing = [...new Set(ids)].filter((id) => !known.has(id));
  if (missing.length > 0) {
    const { getSeries } = await import('../client/market.js');
    await Promise.all(missing.map(async (id) => {
      const s = await getSeries({ url }, id).catch(() => undefined);
      if (s !== undefined) known.set(id, { contract: s.contract, kind: s.kind, status: s.status, openAtMs: s.openAtMs, closeAtMs: s.closeAtMs });
    }));
  }
  return known;
}

/** The delivery endpoint and each version's licence terms of each listing named (its public disclosures); null and none when the exchange names none. */
async function deliveryEndpoints(url: string, listingIds: readonly number[]): Promise<Map<number, { endpoint: string | null; terms: Map<number, ListingTerms> }>> {
  const out = new Map<number, { endpoint: string | null; terms: Map<number, ListingTerms> }>();
  await Promise.all([...new Set(listingIds)].map(async (id) => {
    if (id === 0) return void out.set(id, { endpoint: null, terms: new Map() });
    const res = await fetch(`${url}/v1/listings/${id}/disclosures`).catch(() => undefined);
    const d = res?.ok === true ? ((await res.json()) as { deliveryEndpoint?: string; versions?: { version: number; terms?: ListingTerms }[] }) : {};
    out.set(id, { endpoint: d.deliveryEndpoint ?? null, terms: new Map((d.versions ?? []).flatMap((v) => (v.terms === undefined ? [] : [[v.version, v.terms] as const]))) });
  }));
  return out;
}

const orderIdArg = (text: string): number => {
  if (!/^\d{1,15}$/.test(text) || Number(text) < 1) throw new InvalidArgumentError('expected an order id (a whole number >= 1)');
  return Number(text);
};

/** Adds book, buy, sell, orders, order, amend, cancel, balance, positions, exercise, download, grants and claim; `run` receives the exit code, `json` says whether --json was given. */
export function addTradingCommands(program: Command, run: Run, json: () => boolean): void {
  const act = acting(run, json);
  addBookCommand(program, act);
  addOrderCommands(program, act);
  addOrdersCommand(program, act);
  addOrderStatusCommand(program, act);
  addAmendCommand(program, act);
  addCancelCommand(program, act);
  addBalanceCommand(program, act);
  addPositionsCommand(program, act);
  addExerciseCommand(program, act);
  addDownloadCommand(program, run, json);
  addGrantsCommand(program, act);
  addClaimCommand(program, act);
}

/** `patx book`: the order book of a series (public). */
function addBookCommand(program: Command, act: Act): void {
  addGatewayOption(
    program
      .command('book')
      .argument('<series>', "a series id, or a contract: 'SEGMENT|WINDOW|LO-HI' (quoted; its current spot series)", seriesRef)
      .description('the order book (best first), the last trade and the reference price of a series; public, no wallet')
      .addOption(new Option('--depth <n>', 'price levels a side (at most 10)').default(10).argParser((t) => {
        if (!/^\d{1,2}$/.test(t) || Number(t) < 1 || Number(t) > 10) throw new InvalidArgumentError('expected a whole number from 1 to 10');
        return Number(t);
      })),
  ).action((ref: SeriesRef, o: GatewayOptions & { depth: number }) =>
    act(async () => {
      const s = await resolveSeries(gatewayUrl(o), ref);
      const view = {
        seriesId: s.seriesId, contract: s.contract, kind: s.kind, status: s.status, openAtMs: s.openAtMs, closeAtMs: s.closeAtMs, tickMicros: s.tickMicros,
        ...(s.strikeMicros === undefined ? {} : { strikeMicros: s.strikeMicros }),
        referencePriceMicros: s.referencePriceMicros, lastTradeMicros: s.lastTradeMicros, bids: s.book.bids.slice(0, o.depth), asks: s.book.asks.slice(0, o.depth),
        ...(s.book.waiting === undefined ? {} : { waiting: { bids: s.book.waiting.bids.slice(0, o.depth), asks: s.book.waiting.asks.slice(0, o.depth) } }),
      };
      return { value: view, text: () => bookText(view) };
    }),
  );
}

/** `patx buy`, `patx sell`. */
function addOrderCommands(program: Command, act: Act): void {
  for (const side of ['BUY', 'SELL'] as const) {
    const verb = side === 'BUY' ? 'buy' : 'sell';
    addOrgOption(addWalletOptions(
      program
        .command(verb)
        .argument('<series>', "a series id, or a contract: 'SEGMENT|WINDOW|LO-HI' (quoted; its current spot series)", seriesRef)
        .argument('<qty>', 'rights, a whole number', parseQty)
        .description(
          side === 'BUY'
            ? 'buy rights: a limit order (GTC unless --ioc); with no --limit, immediate-or-cancel at the protection price (the best ask plus the series\' band, within the risk band around the reference)'
            : 'sell rights you hold: a limit order (GTC unless --ioc); with no --limit, immediate-or-cancel at the protection price',
        )
        .option('--limit <PAT>', `the ${side === 'BUY' ? 'most to pay' : 'least to take'} per right, in PAT, e.g. 0.85`, parsePrice)
        .option('--ioc', 'immediate or cancel: fill what the book allows now, cancel the rest', false)
        .option('--fok', 'fill or kill: the whole quantity now at the limit or better, or nothing (refused FOK_NOT_FILLABLE)', false)
        .option('--until <time>', 'good till a time (GTD), with --limit: a span from now (30m, 2h, 1d) or a time with its zone (2026-12-02T12:00Z); what rests lapses then', (t: string) => parseUntil(t))
        .option('--post-only', 'with --limit: only rest in the book, never take; refused POST_ONLY_WOULD_CROSS at a price that would trade now', false)
        .option('--client-order-id <N>', "your own id for the order (a positive whole number, unique per wallet): a script that reruns the command after a timeout gets DUPLICATE_CLIENT_ORDER_ID, never a second order", parseClientOrderId)
        .option('-y, --yes', 'no confirmation, whatever the notional', false)
        .option('--confirm-above <PAT>', 'ask before an order whose notional (price × qty) is above this (env PATX_CONFIRM_ABOVE; default 100)', parseThreshold),
    )).action((ref: SeriesRef, qty: number, o: OrderOptions, command: Command) => {
      const problem = orderFlagsProblem(o);
      if (problem !== undefined) command.error(`error: ${problem}`, { exitCode: 2, code: 'patx.usage' });
      act(() => placeOrder(side, ref, qty, o));
    });
  }
}

function parseClientOrderId(text: string): number {
  const id = Number(text);
  if (!/^[1-9][0-9]*$/.test(text) || !Number.isSafeInteger(id)) throw new InvalidArgumentError('a positive whole number (at most 2^53 - 1)');
  return id;
}

/** What is wrong with a buy's or sell's time-in-force flags together, or undefined. */
function orderFlagsProblem(o: OrderOptions): string | undefined {
  if ([o.ioc, o.fok, o.until !== undefined].filter(Boolean).length > 1) return 'one of --ioc, --fok and --until at most';
  if (o.until !== undefined && o.limit === undefined) return '--until needs --limit (with no limit the order is immediate or cancel: nothing rests to lapse)';
  if (o.postOnly && o.limit === undefined) return '--post-only needs --limit (with no limit the order takes at once)';
  if (o.postOnly && (o.ioc || o.fok)) return '--post-only rests in the book: not with --ioc or --fok';
  return undefined;
}

/** `patx amend`: a new limit or size for one of the wallet's open orders. */
function addAmendCommand(program: Command, act: Act): void {
  addOrgOption(addWalletOptions(
    program
      .command('amend')
      .argument('<orderId>', 'the open order to change (patx orders lists them)', orderIdArg)
      .description("change an open order's limit or size; only a smaller size keeps its place in the queue, anything else re-enters the book (and may trade)")
      .option('--limit <PAT>', 'its new limit per right, in PAT', parsePrice)
      .option('--qty <n>', "its new quantity, what it filled included (patx orders: QTY); below the filled part is refused", parseQty)
      .option('-y, --yes', 'no confirmation, whatever the notional', false)
      .option('--confirm-above <PAT>', 'ask before an amend whose new notional (limit × the quantity still open) is above this (env PATX_CONFIRM_ABOVE; default 100)', parseThreshold),
  )).action((orderId: number, o: WalletOptions & { limit?: number; qty?: number; yes: boolean; confirmAbove?: number }, command: Command) => {
    if (o.limit === undefined && o.qty === undefined) command.error('error: name what changes: --limit, --qty or both', { exitCode: 2, code: 'patx.usage' });
    act(async () => {
      const threshold = confirmThreshold(o.confirmAbove);
      return withAccount(o, async (client, wire) => {
        const order = (await client.openOrders()).find((x) => Number(x.orderId) === orderId);
        if (order === undefined) throw new WalletCommandError('UNKNOWN_ORDER', `order ${orderId} is not one of your open orders (filled, cancelled, or not yours): patx orders lists them`);
        const [oldPrice, oldQty] = [Number(order.priceMicros), Number(order.orderQty)];
        const priceMicros = o.limit ?? oldPrice;
        const qty = o.qty ?? oldQty;
        const seriesId = Number(order.seriesId);
        const named = (await seriesNames(client, wire, gatewayUrl(o), [seriesId])).get(seriesId);
        // As buy and sell: an amend may make the order larger or take at once, so a large one is confirmed the same way.
        const open = Math.max(0, qty - Number(order.cumQty));
        await confirmOrder(`amend order ${orderId} to ${qty} at ${pat(priceMicros)} PAT (series ${seriesId})`, priceMicros * open, threshold, o.yes);
        const ack = await client.amend(orderId, qty, priceMicros);
        const reports = (ack.reports ?? []).filter((r) => Number(r.orderId) === orderId);
        if ((ack.rejectReason ?? 0) !== 0 || reports.length === 0) {
          const reason = wire.RejectReason[ack.rejectReason ?? 0] ?? String(ack.rejectReason);
          throw new WalletCommandError(reason, amendRefusal(reason, orderId, Number(order.cumQty)));
        }
        const last = reports[reports.length - 1]!;
        const value: AmendOutcome = {
          orderId, seriesId, contract: named?.contract ?? '', kind: named?.kind ?? 'UNKNOWN', side: order.side === wire.Side.BUY ? 'BUY' : 'SELL', priceMicros, qty,
          filledQty: Number(last.cumQty ?? 0), openQty: last.ordStatus === wire.OrdStatus.ORDER_FILLED ? 0 : Number(last.leavesQty ?? 0),
          priorityKept: priceMicros === oldPrice && qty < oldQty,
          fills: reports.filter((r) => r.execType === wire.ExecType.EXEC_TRADE).map((r) => ({ qty: Number(r.lastQty), priceMicros: Number(r.lastPriceMicros) })),
        };
        return { value, text: () => amendText(value, walletArgs(o)) };
      });
    });
  });
}

/** Why an amend was refused, in words beside its reason's name. */
function amendRefusal(reason: string, orderId: number, filledQty: number): string {
  const why: Record<string, string> = {
    AMEND_NO_CHANGE: 'that is its limit and size already',
    INVALID_QUANTITY: `its size cannot fall to or below what it filled (${filledQty})`,
    QUANTITY_TOO_LARGE: 'more rights than one order may carry in this series',
    ORDER_SIZE_LIMIT: "more rights than the exchange's risk limit lets one order carry (risk.maxOrderQty, docs/risk.md)",
    INSUFFICIENT_BALANCE: 'not enough free PAT for the larger or dearer order (patx balance shows it)',
    INSUFFICIENT_MARGIN: MARGIN_WORDS,
    INSUFFICIENT_RIGHTS: 'fewer rights free to sell than that (patx positions shows them)',
    POST_ONLY_WOULD_CROSS: 'it is post-only, and at that price it would take from the book',
    PRICE_OUTSIDE_BAND: 'too far from the reference price',
    INVALID_TICK: "the price is not a multiple of the series' tick",
    UNKNOWN_ORDER: 'it is no longer open (filled or cancelled meanwhile)',
  };
  return `the exchange refused the amend of order ${orderId}: ${why[reason] ?? 'the order is as it was'}`;
}

/** `patx orders`: the wallet's open orders; with --history every order, open and ended (order-history.ts). */
function addOrdersCommand(program: Command, act: Act): void {
  addHistoryOptions(addOrgOption(addWalletOptions(
    program.command('orders').argument('[series]', 'only this series (an id or a contract)', seriesRef).description("your open orders: price, quantity, filled, still open; --history: every order, open and ended, and how it ended"),
  ))).action((ref: SeriesRef | undefined, o: HistoryOptions & { history: boolean }, command: Command) => {
    if (!o.history && (o.status !== undefined || o.limit !== undefined || o.before !== undefined)) command.error('error: --status, --limit and --before go with --history', { exitCode: 2, code: 'patx.usage' });
    if (o.history) return act(() => orderHistory(o, ref));
    act(async () => {
      const seriesId = ref === undefined ? 0 : (await resolveSeries(gatewayUrl(o), ref)).seriesId;
      return withAccount(o, async (client, wire) => {
        const orders = await client.openOrders(seriesId);
        const names = await seriesNames(client, wire, gatewayUrl(o), orders.map((x) => Number(x.seriesId)));
        const rows: OpenOrderRow[] = orders.map((x) => ({
          orderId: Number(x.orderId), seriesId: Number(x.seriesId), contract: names.get(Number(x.seriesId))?.contract ?? '', side: wire.Side[x.side ?? 0] ?? 'UNKNOWN',
          priceMicros: Number(x.priceMicros), qty: Number(x.orderQty), filledQty: Number(x.cumQty), leavesQty: Number(x.leavesQty),
          // What rests is GTC or GTD (an exchange before OrderView named it sends neither: GTC).
          type: `${x.timeInForce === wire.TimeInForce.GTD ? 'GTD' : 'GTC'}${x.postOnly === true ? ' post-only' : ''}`,
          untilMs: Number(x.expireAtMs ?? 0),
        }));
        return { value: { orders: rows }, text: () => ordersText(rows) };
      });
    });
  });
}

/** `patx cancel`: one order, or all (of a series). */
function addCancelCommand(program: Command, act: Act): void {
  addOrgOption(addWalletOptions(
    program
      .command('cancel')
      .argument('[orderId]', 'the order to cancel (patx orders lists them)', orderIdArg)
      .description('cancel one of your open orders, or all of them (--all), or all in one series (--all --series S)')
      .option('--all', 'every open order of yours (mass cancel)', false)
      .option('--series <series>', 'with --all: only this series (an id or a contract)', seriesRef),
  )).action((orderId: number | undefined, o: WalletOptions & { all: boolean; series?: SeriesRef }, command: Command) => {
    if ((orderId === undefined) === !o.all) command.error('error: name one order id, or --all', { exitCode: 2, code: 'patx.usage' });
    if (o.series !== undefined && !o.all) command.error('error: --series goes with --all', { exitCode: 2, code: 'patx.usage' });
    act(async () => {
      const seriesId = o.series === undefined ? 0 : (await resolveSeries(gatewayUrl(o), o.series)).seriesId;
      return withAccount(o, async (client, wire) => {
        if (orderId !== undefined) {
          const ack = await client.cancel({ orderId });
          const report = (ack.reports ?? []).find((r) => Number(r.orderId) === orderId && r.execType === wire.ExecType.EXEC_CANCELED);
          if (report === undefined) {
            const reason = (ack.rejectReason ?? 0) !== 0 ? (wire.RejectReason[ack.rejectReason!] ?? String(ack.rejectReason)) : 'UNKNOWN_ORDER';
            throw new WalletCommandError(reason, `order ${orderId} is not one of your open orders (filled, cancelled, or not yours): patx orders lists them`);
          }
          const value = { cancelled: [{ orderId, canceledQty: Number(report.canceledQty ?? 0), filledQty: Number(report.cumQty ?? 0) }] };
          return { value, text: () => `cancelled order ${orderId}: ${value.cancelled[0]!.canceledQty} not filled cancelled (${value.cancelled[0]!.filledQty} filled before)` };
        }
        const ack = await client.massCancel({ scope: wire.MassCancelScope.ACCOUNT, seriesId });
        if ((ack.rejectReason ?? 0) !== 0) throw new WalletCommandError(wire.RejectReason[ack.rejectReason!] ?? String(ack.rejectReason), 'the exchange refused the mass cancel');
        const cancelled = (ack.reports ?? []).filter((r) => r.execType === wire.ExecType.EXEC_CANCELED).map((r) => ({ orderId: Number(r.orderId), canceledQty: Number(r.canceledQty ?? 0), filledQty: Number(r.cumQty ?? 0) }));
        const where = seriesId === 0 ? '' : ` in series ${seriesId}`;
        return { value: { cancelled }, text: () => (cancelled.length === 0 ? `no open orders${where} to cancel` : `cancelled ${cancelled.length} order(s)${where}: ${cancelled.map((c) => c.orderId).join(', ')}`) };
      });
    });
  });
}

/** `patx balance`: the wallet's PAT. */
function addBalanceCommand(program: Command, act: Act): void {
  addOrgOption(addWalletOptions(program.command('balance').description('your PAT at the exchange: available, held by open orders, pending withdrawal (and locked, if any)'))).action((o: WalletOptions) =>
    act(() =>
      withAccount(o, async (client, wire) => {
        const v = await client.account();
        const value = {
          accountId: Number(v.accountId), address: v.address ?? '', role: wire.Role[v.role ?? 0] ?? 'UNKNOWN', availableWei: v.availableWei ?? '0', heldWei: v.heldWei ?? '0',
          pendingWithdrawalWei: v.pendingWithdrawalWei ?? '0', lockedWei: v.lockedWei ?? '0', openOrders: Number(v.openOrders ?? 0), payoutsHeld: v.payoutsHeld === true, ownDepositsWei: v.ownDepositsWei ?? '0',
        };
        return { value, text: () => balanceText(value) };
      }),
    ),
  );
}

const CASH_SETTLED_KINDS = new Set(['SYNTHETIC', 'CALL', 'PUT']);

/** µPAT of a wei amount as the account view gives it (a decimal string; empty or absent: 0). */
function microsOfWei(wei: string | null | undefined): number {
  return wei === undefined || wei === null || wei === '' ? 0 : Number(BigInt(wei) / 1_000_000_000_000n);
}

/** `patx positions`: the wallet's rights. */
function addPositionsCommand(program: Command, act: Act): void {
  addOrgOption(addWalletOptions(program.command('positions').description('your rights per series: contract, kind, window close, quantity, whether they can be exercised now'))).action((o: WalletOptions) =>
    act(() =>
      withAccount(o, async (client, wire) => {
        const v = await client.account();
        // A flat synthetic that lost keeps its loss locked until settlement: a position still, though it holds no units.
        const held = (v.positions ?? []).filter((p) => Number(p.available ?? 0) !== 0 || Number(p.held ?? 0) !== 0 || Number(p.exercised ?? 0) !== 0 || microsOfWei(p.collateralWei) !== 0 || microsOfWei(p.costWei) !== 0);
        const url = gatewayUrl(o);
        const names = await seriesNames(client, wire, url, held.map((p) => Number(p.seriesId)));
        const now = Date.now();
        // A provider's spot rights are its own unsold mints: it sells them, it cannot exercise them.
        const role = wire.Role[client.role];
        const rows: PositionRow[] = held.map((p) => {
          const s = names.get(Number(p.seriesId));
          const kind = wire.SeriesKind[p.kind ?? 0] ?? s?.kind ?? 'UNKNOWN';
          // A spot position's QTY is the rights free to sell or exercise; any other's is the position itself: an option's
          // or forward's sale holds its units apart (IN ORDERS), so `available` alone read long 3 with a sale of 4 as short 1.
          const qty = Number(p.available ?? 0) + (kind === 'SPOT' ? 0 : Number(p.held ?? 0));
          return {
            seriesId: Number(p.seriesId), contract: s?.contract ?? '', kind, closeAtMs: s?.closeAtMs ?? 0, qty, held: Number(p.held ?? 0), exercised: Number(p.exercised ?? 0),
            state: s === undefined ? '' : Number(p.available ?? 0) <= 0 && kind === 'SPOT' ? (role === 'PROVIDER' ? (Number(p.held ?? 0) > 0 ? 'in your sell orders' : 'none unsold') : 'none left to exercise') : positionState(kind, s.status, s.openAtMs, s.closeAtMs, now, role),
          };
        });
        const { getSeriesSettlement } = await import('../client/market.js');
        await Promise.all(rows.filter((r) => CASH_SETTLED_KINDS.has(r.kind)).map(async (r) => {
          const p = held.find((h) => Number(h.seriesId) === r.seriesId)!;
          const mark = (await getSeriesSettlement({ url }, r.seriesId).catch(() => undefined))?.mark ?? null;
          r.cash = cashView(r.kind, r.qty, microsOfWei(p.collateralWei), microsOfWei(p.costWei), mark);
        }));
        return { value: { positions: rows }, text: () => positionsText(rows) };
      }),
    ),
  );
}

/** `patx exercise`: rights into access grants. */
function addExerciseCommand(program: Command, act: Act): void {
  addOrgOption(addWalletOptions(
    program
      .command('exercise')
      .argument('<series>', 'a spot series id, or a contract (its current spot series)', seriesRef)
      .argument('<qty>', 'rights to exercise', parseQty)
      .option('--listing <id>', "only this listing's provider's rights (its data, e.g. a bundle's): refused when it has too few left in the window", wholeId)
      .description("exercise rights you hold (during the series' window): signed access grants, one per provider, to download the records with"),
  )).action((ref: SeriesRef, qty: number, o: WalletOptions & { listing?: number }) =>
    act(async () => {
      const url = gatewayUrl(o);
      const seriesId = 'seriesId' in ref ? ref.seriesId : (await resolveSeries(url, ref)).seriesId;
      return withAccount(o, async (client, wire) => {
        const ack = await client.exercise(seriesId, qty, o.listing);
        if ((ack.rejectReason ?? 0) !== 0) {
          const reason = wire.RejectReason[ack.rejectReason!] ?? String(ack.rejectReason);
          const why: Record<string, string> = {
            INSUFFICIENT_RIGHTS: 'you hold fewer rights than that free in the series (patx positions shows them)',
            SERIES_NOT_OPEN_YET: "the series' window has not opened yet",
            SERIES_EXPIRED: "the series' window has closed",
            NOT_EXERCISABLE: 'forwards are delivered at their open, synthetics and options settle in PAT: only spot rights are exercised',
            UNKNOWN_SERIES: `the exchange lists no series ${seriesId}`,
            LISTING_NOT_IN_SERIES: `listing ${o.listing} is no provider's listing of this series' segment (patx catalog lists them)`,
            LISTING_SUPPLY_SHORT: `listing ${o.listing}'s provider has fewer of its rights left in this window than that: exercise fewer, or without --listing (oldest sale first)`,
          };
          throw new WalletCommandError(reason, `the exchange refused the exercise: ${why[reason] ?? 'nothing was exercised'}`);
        }
        const { grantsOfAck } = await import('../client/trading-client.js');
        const { termsText } = await import('../catalog/terms.js'); // zod behind it: loaded by the command that needs it
        const grants = grantsOfAck(ack);
        const endpoints = await deliveryEndpoints(url, grants.map((g) => g.grant.listingId));
        const rows: GrantRow[] = grants.map((g) => {
          const listing = endpoints.get(g.grant.listingId);
          const terms = listing?.terms.get(g.grant.listingVersion);
          return { grantId: g.grant.grantId, listingId: g.grant.listingId, listingVersion: g.grant.listingVersion, quantity: g.grant.quantity, expiresAtMs: g.grant.expiresAtMs, endpoint: listing?.endpoint ?? null, terms: terms === undefined ? null : termsText(terms) };
        });
        const exerciseId = Number(ack.exerciseId ?? 0);
        return { value: { exerciseId, seriesId, qty, grants: rows }, text: () => exerciseText(exerciseId, seriesId, qty, rows, walletArgs(o)) };
      });
    }),
  );
}
