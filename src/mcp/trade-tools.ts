/**
 * The tools that act for the user's wallet (stdio only: `patx mcp` with a key): orders,
 * exercise, downloads at the provider's gate, subscriptions, balances, purchases. The key
 * signs in this process only (WalletSession). Buys and subscriptions count against the
 * session's spending limit before anything is sent (SpendingLimit). Without a key each of
 * these tools answers NO_WALLET, saying how to give one.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { downloadWithGrant } from '../client/delivery.js';
import { cancelSubscription, getSubscription, listSubscriptions, subscribe, type SubscriptionTerms } from '../client/subscriptions.js';
import { grantsOfAck, rejectName } from '../client/trading-client.js';
import type { SignedGrant } from '../grants/grant.js';
import { wire, type patx } from '../proto/index.js';
import type { PublicReads } from './exchange-reads.js';
import { microsOfPat, patAmount, patOfMicros, patOfWei } from './pat.js';
import { seriesView } from './read-tools.js';
import { asTool, toolError, ToolRefusal } from './refusal.js';
import type { WalletSession } from './wallet-session.js';

const id = (what: string) => z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).describe(what);
/** Records a download shows at most (the rest are counted, not shown). */
const MAX_RECORDS_SHOWN = 1_000;

export const NO_WALLET_MESSAGE =
  'this tool acts for a wallet, and `patx mcp` was started without one. The user gives it in the MCP client\'s configuration of `patx mcp`: the environment variable PATX_WALLET_KEY=0x… (or --key-file FILE), with --max-spend <PAT> (or PATX_MCP_MAX_SPEND) to let it buy. The key stays on the user\'s machine and only signs there. Read-only tools (search_listings, get_listing, list_series, get_quote, get_option_chain) need no key.';

/** Every tool here, with or without a wallet: the names docs/mcp.md lists. */
export const TRADING_TOOLS = ['place_order', 'cancel_order', 'exercise', 'list_grants', 'download_records', 'subscribe', 'list_subscriptions', 'cancel_subscription', 'get_balances', 'list_purchases'] as const;

export function registerTradeTools(server: McpServer, reads: PublicReads, session: WalletSession | undefined): void {
  /** The tool's work with the session, or NO_WALLET. */
  const withWallet =
    <A>(work: (s: WalletSession, args: A) => Promise<Record<string, unknown>>) =>
    (args: A): Promise<CallToolResult> =>
      session === undefined ? Promise.resolve(toolError('NO_WALLET', NO_WALLET_MESSAGE)) : asTool(() => work(session, args));
  const acting = { readOnlyHint: false, openWorldHint: false } as const;
  /** Subscriptions this session made, with the budget it committed for each. */
  const budgets = new Map<number, number>();
  let nextClientOrderId = Date.now();

  server.registerTool(
    'place_order',
    {
      title: 'Place an order',
      description:
        "Buy (or sell) access rights in a series. A buy counts its worst case against the session's spending limit before it is sent (limit price × qty; a market buy at its protection bound, the reference price plus the series' band) and is refused past it with what is committed and left. Time in force: ioc (default: fill now what the ask allows, cancel the rest), gtc (rest in the book until filled or cancelled; it stays counted at its limit until then), fok (all or nothing). A market order is sent as an ioc limited at its protection bound. Prices in PAT. Then exercise the rights bought to get access grants.",
      inputSchema: {
        series_id: id('the series (list_series, get_quote)'),
        side: z.enum(['buy', 'sell']),
        qty: z.number().int().min(1).max(1_000_000).describe('access rights (whole units)'),
        type: z.enum(['limit', 'market']).optional().describe('limit (default) or market'),
        limit_price: patAmount('the most to pay (buy) or least to take (sell) per right; required for a limit order').optional(),
        time_in_force: z.enum(['ioc', 'gtc', 'fok']).optional().describe('ioc (default), gtc or fok'),
      },
      annotations: { title: 'Place an order', ...acting, destructiveHint: false },
    },
    withWallet(async (s, a: { series_id: number; side: 'buy' | 'sell'; qty: number; type?: 'limit' | 'market'; limit_price?: string | number; time_in_force?: 'ioc' | 'gtc' | 'fok' }) => {
      const market = a.type === 'market';
      if (!market && a.limit_price === undefined) throw new ToolRefusal('INVALID_FIELD', 'a limit order needs limit_price (PAT per right); get_quote shows the ask');
      if (market && a.time_in_force === 'gtc') throw new ToolRefusal('INVALID_FIELD', 'a market order does not rest: time_in_force ioc or fok');
      const tif = { ioc: wire.TimeInForce.IOC, gtc: wire.TimeInForce.GTC, fok: wire.TimeInForce.FOK }[a.time_in_force ?? 'ioc'];
      // A market order goes out as a limit at its protection bound: its worst case is known before it is sent.
      const priceMicros = market ? protectionBound(await seriesView(reads, a.series_id), a.side) : microsOfPat(a.limit_price!, 'limit_price');
      const buy = a.side === 'buy';
      const worstMicros = buy ? priceMicros * a.qty : 0;
      if (buy) s.limit.commit(worstMicros, `buying ${a.qty} right(s) of series ${a.series_id} at up to ${patOfMicros(priceMicros)} PAT each`);
      const clientOrderId = nextClientOrderId++;
      let ack: patx.v1.ICommandAck;
      try {
        const trader = await s.trader();
        ack = await trader.newOrder({ seriesId: a.series_id, clientOrderId, side: buy ? wire.Side.BUY : wire.Side.SELL, orderType: wire.OrderType.LIMIT, timeInForce: tif, priceMicros, qty: a.qty });
      } catch (error) {
        if (buy) s.limit.giveBack(worstMicros);
        throw error;
      }
      const mine = (ack.reports ?? []).filter((r) => Number(r.clientOrderId) === clientOrderId);
      const fills = mine.filter((r) => r.execType === wire.ExecType.EXEC_TRADE);
      const filledQty = fills.reduce((n, r) => n + Number(r.lastQty), 0);
      const costMicros = fills.reduce((n, r) => n + Number(r.lastQty) * Number(r.lastPriceMicros), 0);
      const last = mine[mine.length - 1];
      const rejected = mine.find((r) => r.execType === wire.ExecType.EXEC_REJECTED);
      const orderId = Number(last?.orderId ?? 0);
      const resting = rejected === undefined && last !== undefined && (last.ordStatus === wire.OrdStatus.ORDER_NEW || last.ordStatus === wire.OrdStatus.ORDER_PARTIALLY_FILLED) ? Number(last.leavesQty ?? 0) : 0;
      if (buy) s.limit.settleBuy(worstMicros, costMicros, orderId, resting, priceMicros);
      const reason = rejected !== undefined ? (wire.RejectReason[rejected.rejectReason ?? 0] ?? String(rejected.rejectReason)) : (ack.rejectReason ?? 0) !== 0 ? rejectName(ack) : undefined;
      if (reason !== undefined) {
        throw new ToolRefusal(reason, `the exchange refused the order (${reason}); nothing was bought`, { seriesId: a.series_id, ...(buy ? { spending: s.limit.status() } : {}) });
      }
      return {
        orderId,
        seriesId: a.series_id,
        side: a.side,
        status: wire.OrdStatus[last?.ordStatus ?? 0] ?? 'UNKNOWN',
        filledQty,
        ...(filledQty > 0 ? { averagePrice: patOfMicros(Math.round(costMicros / filledQty)), [buy ? 'paid' : 'received']: patOfMicros(costMicros) } : {}),
        restingQty: resting,
        limitPrice: patOfMicros(priceMicros),
        ...(buy ? { spending: s.limit.status() } : {}),
        next: filledQty > 0 && buy ? `exercise series ${a.series_id} (qty ${filledQty}) to get access grants, then download_records` : resting > 0 ? `it rests in the book; cancel_order ${orderId} cancels it` : 'nothing filled: get_quote shows the ask',
      };
    }),
  );

  server.registerTool(
    'cancel_order',
    {
      title: 'Cancel an order',
      description: "Cancel one of the wallet's resting orders by its order id (place_order returned it). What was still resting of a buy is given back to the session's spending limit.",
      inputSchema: { order_id: id('the order id') },
      annotations: { title: 'Cancel an order', ...acting, destructiveHint: true, idempotentHint: true },
    },
    withWallet(async (s, a: { order_id: number }) => {
      const ack = await (await s.trader()).cancel({ orderId: a.order_id });
      const report = (ack.reports ?? []).find((r) => Number(r.orderId) === a.order_id && r.execType === wire.ExecType.EXEC_CANCELED);
      if (report === undefined) {
        const reason = (ack.rejectReason ?? 0) !== 0 ? rejectName(ack) : 'UNKNOWN_ORDER';
        throw new ToolRefusal(reason, `order ${a.order_id} was not cancelled (${reason}): it is not one of the wallet's resting orders (filled, cancelled, or another account's)`);
      }
      s.limit.restingEnded(a.order_id, Number(report.canceledQty ?? 0));
      return { orderId: a.order_id, canceledQty: Number(report.canceledQty ?? 0), filledQty: Number(report.cumQty ?? 0), spending: s.limit.status() };
    }),
  );

  server.registerTool(
    'exercise',
    {
      title: 'Exercise rights',
      description:
        "Exercise access rights the wallet holds in a spot series (during its window): each right is one delivery of the segment's data. Returns the signed access grants, one per provider whose rights were redeemed; download_records with a grant id receives the records at the provider's gate. Costs no PAT.",
      inputSchema: { series_id: id('the spot series'), qty: z.number().int().min(1).max(1_000_000).describe('rights to exercise (get_balances shows what is held)') },
      annotations: { title: 'Exercise rights', ...acting, destructiveHint: false },
    },
    withWallet(async (s, a: { series_id: number; qty: number }) => {
      const ack = await (await s.trader()).exercise(a.series_id, a.qty);
      if ((ack.rejectReason ?? 0) !== 0) {
        const reason = rejectName(ack);
        throw new ToolRefusal(reason, `the exchange refused the exercise (${reason}): get_balances shows the rights held per series`);
      }
      const grants = grantsOfAck(ack).map(grantSummary);
      return { exerciseId: Number(ack.exerciseId ?? 0), seriesId: a.series_id, qty: a.qty, grants, next: grants.length === 0 ? 'no grant was issued' : `download_records with grant_id ${grants[0]!.grantId}` };
    }),
  );

  server.registerTool(
    'list_grants',
    {
      title: 'List access grants',
      description: "The wallet's signed access grants, newest first (from exercises and subscriptions), each with its quantity, rights delivered so far and its escrow. download_records uses one.",
      inputSchema: { exercise_id: id('only the grants of one exercise').optional(), offset: z.number().int().min(0).max(1_000_000_000).optional(), limit: z.number().int().min(1).max(200).optional() },
      annotations: { title: 'List access grants', readOnlyHint: true, openWorldHint: false },
    },
    withWallet(async (s, a: { exercise_id?: number; offset?: number; limit?: number }) => {
      const page = await s.signed<{ total: number; grants: Array<{ grant: SignedGrant['grant']; delivered: number; escrow?: unknown }> }>('GET', `/v1/grants/mine${query({ exercise: a.exercise_id, offset: a.offset, limit: a.limit ?? 50 })}`);
      return { total: page.total, grants: page.grants.map((g) => ({ ...grantSummary({ grant: g.grant, signature: '' }), delivered: g.delivered, escrow: g.escrow ?? null })) };
    }),
  );

  server.registerTool(
    'download_records',
    {
      title: 'Download records with a grant',
      description:
        "Receive the records a grant entitles the wallet to, at the provider's delivery endpoint (its gate), with a request signed by the wallet here; the provider's signed delivery statement is checked and receipted to the exchange. By default uses every right of the grant not yet used. Returns the records.",
      inputSchema: { grant_id: id('the grant (exercise or list_grants returns it)'), rights: z.number().int().min(1).max(1_000_000).optional().describe('rights of the grant to use now (default: all not yet used)') },
      annotations: { title: 'Download records with a grant', ...acting, destructiveHint: false },
    },
    withWallet(async (s, a: { grant_id: number; rights?: number }) => {
      const view = await s.signed<{ grant: SignedGrant['grant']; signature: string; delivered: number }>('GET', `/v1/grants/mine/${a.grant_id}`);
      const use = a.rights ?? view.grant.quantity - view.delivered;
      if (use <= 0) throw new ToolRefusal('GRANT_USED', `grant ${a.grant_id}'s ${view.grant.quantity} right(s) are all used: exercise more rights for another grant`);
      const d = await downloadWithGrant(s.gatewayUrl, s.wallet, { grant: view.grant, signature: view.signature }, use, { chainId: await s.chainId() });
      if (d.outcome === 'no-listing') throw new ToolRefusal('UNKNOWN_LISTING', `listing ${view.grant.listingId} of grant ${a.grant_id} is not published (${d.status}): its delivery endpoint is unknown`);
      if (d.outcome === 'no-signer') throw new ToolRefusal('GRANTS_UNAVAILABLE', `the exchange names no grant signer (${d.status})`);
      if (d.outcome === 'refused') throw new ToolRefusal(d.error, `the provider's gate at ${d.endpoint} refused: ${d.message}`, { status: d.status });
      if (d.outcome === 'unreachable') throw new ToolRefusal('PROVIDER_UNREACHABLE', `the provider's endpoint ${d.endpoint} did not deliver (${d.reason}: ${d.message}); reported to the exchange (${d.report.state}), which refunds an undelivered grant after its claim`);
      return {
        grantId: a.grant_id,
        endpoint: d.endpoint,
        rightsUsed: use,
        remaining: d.remaining,
        recordCount: d.records.length,
        records: d.records.slice(0, MAX_RECORDS_SHOWN),
        ...(d.records.length > MAX_RECORDS_SHOWN ? { shown: `the first ${MAX_RECORDS_SHOWN} of ${d.records.length}` } : {}),
        receipt: d.receipt.state,
      };
    }),
  );

  server.registerTool(
    'subscribe',
    {
      title: 'Subscribe to a contract',
      description:
        "A standing instruction the exchange keeps: for each new window of a spot contract it buys qty_per_window rights at the broker's ask, never above cap_price a right nor past budget in all, and exercises them (the grants appear in list_grants). The whole budget counts against the session's spending limit at once; cancelling gives back what it did not spend.",
      inputSchema: {
        contract: z.string().max(200).describe("a spot contract the exchange lists, e.g. 'AUTO_INTENT|1D|0.70-0.85'"),
        qty_per_window: z.number().int().min(1).max(1_000_000).describe('rights to buy in each window'),
        cap_price: patAmount('the most to pay for one right'),
        budget: patAmount('the most to spend in all'),
        trigger: z.enum(['list', 'open']).optional().describe('buy each window when it is listed, or when it opens (default open)'),
        auto_exercise: z.boolean().optional().describe('exercise the rights once the window is open (default true)'),
        max_skips: z.number().int().min(1).max(100).optional().describe('windows skipped in a row before it pauses (default 3)'),
        from_next_window: z.boolean().optional().describe('start with the next window, not the one open now (default false)'),
      },
      annotations: { title: 'Subscribe to a contract', ...acting, destructiveHint: false },
    },
    withWallet(async (s, a: { contract: string; qty_per_window: number; cap_price: string | number; budget: string | number; trigger?: 'list' | 'open'; auto_exercise?: boolean; max_skips?: number; from_next_window?: boolean }) => {
      const budgetMicros = microsOfPat(a.budget, 'budget');
      const terms: SubscriptionTerms = {
        contract: a.contract,
        qtyPerWindow: a.qty_per_window,
        capPriceMicros: microsOfPat(a.cap_price, 'cap_price'),
        budgetMicros,
        ...(a.trigger === undefined ? {} : { trigger: a.trigger }),
        ...(a.auto_exercise === undefined ? {} : { autoExercise: a.auto_exercise }),
        ...(a.max_skips === undefined ? {} : { maxSkips: a.max_skips }),
        includeCurrent: a.from_next_window !== true,
      };
      s.limit.commit(budgetMicros, `a subscription with a budget of ${patOfMicros(budgetMicros)} PAT`);
      let made;
      try {
        made = await subscribe(await s.http(), terms);
      } catch (error) {
        s.limit.giveBack(budgetMicros);
        throw error;
      }
      budgets.set(made.subscriptionId, budgetMicros);
      return { subscription: subscriptionSummary(made), spending: s.limit.status() };
    }),
  );

  server.registerTool(
    'list_subscriptions',
    {
      title: 'List subscriptions',
      description: "The wallet's subscriptions, newest first, with their terms, PAT spent of the budget, status and windows bought and skipped; or one subscription with its activity (purchases, skips and why, exercises).",
      inputSchema: { subscription_id: id('one subscription, with its activity').optional(), limit: z.number().int().min(1).max(200).optional() },
      annotations: { title: 'List subscriptions', readOnlyHint: true, openWorldHint: false },
    },
    withWallet(async (s, a: { subscription_id?: number; limit?: number }) => {
      const http = await s.http();
      if (a.subscription_id !== undefined) {
        const one = await getSubscription(http, a.subscription_id, { limit: a.limit ?? 50 });
        return { subscription: subscriptionSummary(one.subscription), activity: one.activity };
      }
      const page = await listSubscriptions(http, { limit: a.limit ?? 50 });
      return { total: page.total, subscriptions: page.subscriptions.map(subscriptionSummary) };
    }),
  );

  server.registerTool(
    'cancel_subscription',
    {
      title: 'Cancel a subscription',
      description: "Cancel a subscription: no window is bought after this (rights bought stay the wallet's). A subscription this session made gives its unspent budget back to the spending limit.",
      inputSchema: { subscription_id: id('the subscription') },
      annotations: { title: 'Cancel a subscription', ...acting, destructiveHint: true, idempotentHint: true },
    },
    withWallet(async (s, a: { subscription_id: number }) => {
      const cancelled = await cancelSubscription(await s.http(), a.subscription_id);
      const budget = budgets.get(a.subscription_id);
      if (budget !== undefined) {
        s.limit.giveBack(Math.max(0, budget - cancelled.spentMicros));
        budgets.delete(a.subscription_id);
      }
      return { subscription: subscriptionSummary(cancelled), spending: s.limit.status() };
    }),
  );

  server.registerTool(
    'get_balances',
    {
      title: 'Balances and rights held',
      description: "The wallet's account: PAT available, held by open orders, locked and pending withdrawal; the rights held per series (available to exercise, exercised); open orders; and this session's spending limit (committed, left).",
      inputSchema: {},
      annotations: { title: 'Balances and rights held', readOnlyHint: true, openWorldHint: false },
    },
    withWallet(async (s) => {
      const v = await (await s.trader()).account();
      return {
        address: s.address,
        accountId: Number(v.accountId ?? 0),
        role: wire.Role[v.role ?? 0] ?? 'UNKNOWN',
        pat: { available: patOfWei(v.availableWei), heldByOrders: patOfWei(v.heldWei), locked: patOfWei(v.lockedWei), pendingWithdrawal: patOfWei(v.pendingWithdrawalWei) },
        openOrders: v.openOrders ?? 0,
        positions: (v.positions ?? []).map((p) => ({ seriesId: Number(p.seriesId), kind: wire.SeriesKind[p.kind ?? 0] ?? 'UNKNOWN', available: Number(p.available ?? 0), held: Number(p.held ?? 0), exercised: Number(p.exercised ?? 0) })),
        spending: s.limit.status(),
        ...(BigInt(v.availableWei ?? '0') === 0n ? { note: 'no PAT available: the user deposits PAT into the exchange vault from the wallet (the web console, or depositPat in src/client)' } : {}),
      };
    }),
  );

  server.registerTool(
    'list_purchases',
    {
      title: 'List purchases',
      description: "The wallet's purchases, newest first: series, quantity, price, and the listing versions of the segment live at that moment (what was bought under which disclosures).",
      inputSchema: { series_id: id('one series only').optional(), offset: z.number().int().min(0).max(1_000_000_000).optional(), limit: z.number().int().min(1).max(200).optional() },
      annotations: { title: 'List purchases', readOnlyHint: true, openWorldHint: false },
    },
    withWallet(async (s, a: { series_id?: number; offset?: number; limit?: number }) => s.signed<Record<string, unknown>>('GET', `/v1/purchases${query({ series: a.series_id, offset: a.offset, limit: a.limit ?? 50 })}`)),
  );
}

/**
 * A market order's protection price as the engine sets it (src/engine/core/order-entry.ts): the
 * reference (or, without one, the best opposite price) moved by the series' band, rounded
 * inward to a tick, clamped to the series' limits.
 */
export function protectionBound(s: { referencePriceMicros: number; bandBps: number; tickMicros: number; minPriceMicros: number; maxPriceMicros: number; book: { bids: { priceMicros: number }[]; asks: { priceMicros: number }[] } }, side: 'buy' | 'sell'): number {
  const anchor = s.referencePriceMicros > 0 ? s.referencePriceMicros : side === 'buy' ? (s.book.asks[0]?.priceMicros ?? 0) : (s.book.bids[0]?.priceMicros ?? 0);
  if (anchor === 0) throw new ToolRefusal('NO_LIQUIDITY', 'the series has no reference price and no opposite quote to bound a market order by: use a limit order (get_quote)');
  const band = Math.floor((anchor * s.bandBps) / 10_000);
  if (side === 'buy') return Math.min(Math.floor((anchor + band) / s.tickMicros) * s.tickMicros, s.maxPriceMicros);
  return Math.max(Math.ceil((anchor - band) / s.tickMicros) * s.tickMicros, s.minPriceMicros);
}

function grantSummary(g: SignedGrant): { grantId: number; quantity: number; provider: string; listingId: number; listingVersion: number; seriesId: number; expiresAt: string } {
  return { grantId: g.grant.grantId, quantity: g.grant.quantity, provider: g.grant.provider, listingId: g.grant.listingId, listingVersion: g.grant.listingVersion, seriesId: g.grant.seriesId, expiresAt: new Date(g.grant.expiresAtMs).toISOString() };
}

function subscriptionSummary(s: Awaited<ReturnType<typeof subscribe>>): Record<string, unknown> {
  return { ...s, capPrice: patOfMicros(s.capPriceMicros), budget: patOfMicros(s.budgetMicros), spent: patOfMicros(s.spentMicros) };
}

function query(params: Record<string, number | undefined>): string {
  const given = Object.entries(params).filter((e): e is [string, number] => e[1] !== undefined);
  return given.length === 0 ? '' : `?${given.map(([k, v]) => `${k}=${v}`).join('&')}`;
}
