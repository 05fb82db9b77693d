/** The wallet's account (get_balances, list_purchases): PAT, rights held, open orders and the session's spending; what it bought. */
import { z } from 'zod';
import { wire } from '../proto/index.js';
import { patOfWei } from './pat.js';
import { id, query, type WalletTools } from './wallet-tool.js';

export function registerAccountTools({ server, withWallet }: WalletTools): void {
  server.registerTool(
    'get_balances',
    {
      title: 'Balances and rights held',
      description: "The wallet's account: PAT available, held by open orders, locked and pending withdrawal; the rights held per series (available to exercise, exercised); the number of open orders (list_orders lists them); and this session's spending limit (committed, left). A wallet the exchange has no account for is answered NO_ACCOUNT: looking opens none.",
      inputSchema: {},
      annotations: { title: 'Balances and rights held', readOnlyHint: true, openWorldHint: false },
    },
    withWallet(async (s) => {
      const v = await (await s.trader('existing')).account();
      // Orders left unanswered may be known by now: the spending shown counts what they really committed.
      await s.settleUnansweredOrders();
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
