/**
 * `patx purchases`: the wallet's purchase history, newest first (GET /v1/purchases, wallet-signed,
 * through src/client/catalog.ts's listPurchases): each buy's time, series and contract, rights,
 * price, fee and total, and the listing versions of its segment it was bought under
 * (docs/catalog.md, "What a right was bought under"). `--series` narrows to one series (an id, or a
 * contract: its current spot series), `--limit` and `--offset` page.
 */
import type { Command } from 'commander';
import { table } from '../operator/cli-format.js';
import type { Purchase, PurchasePage } from '../client/catalog.js';
import type { acting } from './command-output.js';
import { wholeIn } from './catalog.js';
import { resolveSeries, seriesRef, type SeriesRef } from './series-arg.js';
import { pat, utc } from './trading-format.js';
import { addWalletOptions, connectWallet, WalletCommandError, type WalletOptions } from './wallet-options.js';

/** The most purchases one page holds (the route's own limit). */
const MAX_LIMIT = 200;

/** What a purchase cost in all, µPAT: price × rights, and the fee on top. */
export const purchaseTotalMicros = (p: Purchase): number => p.priceMicros * p.qty + (p.feeMicros ?? 0);

export function purchasesText(page: PurchasePage, offset: number): string {
  if (page.purchases.length === 0) return page.total === 0 ? "no purchases yet (patx catalog shows what you can buy)" : `no purchase at offset ${offset} (${page.total} in all)`;
  const rows = page.purchases.map((p) => ({
    TIME: utc(p.atMs),
    TRADE: p.tradeId,
    SERIES: p.seriesId,
    CONTRACT: p.contract,
    QTY: p.qty,
    'PRICE PAT': pat(p.priceMicros),
    'FEE PAT': pat(p.feeMicros ?? 0),
    'TOTAL PAT': pat(purchaseTotalMicros(p)),
    LISTINGS: p.listings.length === 0 ? '(none published)' : p.listings.map((l) => `${l.listingId} v${l.version}`).join(' '),
  }));
  const shown = page.purchases.length;
  const more = offset + shown < page.total ? `; --offset ${offset + shown} for more` : '';
  return `${table(rows)}\n${shown} of ${page.total} purchase(s)${more}`;
}

interface PurchasesOptions extends WalletOptions {
  series?: SeriesRef;
  limit: number;
  offset: number;
}

export function addPurchasesCommand(program: Command, act: ReturnType<typeof acting>): void {
  addWalletOptions(
    program
      .command('purchases')
      .description('your purchase history, newest first (GET /v1/purchases): time, series, rights, price, fee, total, and the listing versions each was bought under')
      .option('--series <series>', "one series: an id, or a contract 'SEGMENT|WINDOW|LO-HI' (quoted; its current spot series)", seriesRef)
      .option('--limit <n>', `at most this many (1 to ${MAX_LIMIT})`, wholeIn(1, MAX_LIMIT), 50)
      .option('--offset <n>', 'purchases to skip', wholeIn(0, 1_000_000_000), 0),
  ).action((o: PurchasesOptions) =>
    act(async () => {
      const [{ listPurchases }, http] = await Promise.all([import('../client/catalog.js'), connectWallet(o)]);
      const series = o.series === undefined ? undefined : 'seriesId' in o.series ? o.series.seriesId : (await resolveSeries(http.url, o.series)).seriesId;
      let page: PurchasePage;
      try {
        page = await listPurchases(http, { series, limit: o.limit, offset: o.offset });
      } catch (error) {
        // The exchange's words ("sign in once…") point at the console; from here a deposit or a buy opens the account.
        if ((error as { code?: unknown }).code === 'UNKNOWN_ACCOUNT') throw new WalletCommandError('UNKNOWN_ACCOUNT', `the exchange has no account for ${http.wallet.address} yet, so no purchases (a deposit or a buy opens one: patx catalog shows what you can buy)`);
        throw error;
      }
      return { value: page, text: () => purchasesText(page, o.offset) };
    }),
  );
}
