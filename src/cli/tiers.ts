/**
 * Tiers and bundles from the command line (docs/cli.md, "Tiers and bundles"; docs/subscriptions.md,
 * "Tiers"), through the client's calls (src/client/tiers.ts):
 *
 *   patx tiers 7                                   a listing's tiers (price at the asks now, seats) and bundles
 *   patx tiers subscribe 7 pro --budget 20         subscribe to a tier (what `patx subscribe --tier` would be)
 *   patx tiers mine                                your live tier subscriptions
 *   patx tiers cancel 2                            cancel one: all its contracts together
 *   patx bundle quote 7 both                       each leg at the asks now, and the sum
 *   patx bundle buy 7 both [--max 2.5]             every leg or nothing (default maximum: the quote now)
 *
 * The wallet as for `patx subscribe`; the gateway from PATX_URL or --gateway. A refusal prints one
 * line with the server's code and message (a bundle's names the leg) and exits 1.
 */
import { type Command, Option } from 'commander';
import { table } from '../operator/cli-format.js';
import { patExact } from '../client/pat.js';
import type { BundleQuote, TierSubscription, TierView } from '../client/tiers.js';
import { parsePatMicros } from './subscriptions.js';
import { acting } from './command-output.js';
import { addGatewayOption, addWalletOptions, connectWallet, gatewayUrl, WalletCommandError, type GatewayOptions, type WalletOptions } from './wallet-options.js';
import { wholeId } from './id-arg.js';

const pat = (micros: number | null): string => (micros === null ? '-' : patExact(micros));


function priceText(t: TierView): string {
  switch (t.price.rule) {
    case 'ask':
      return 'the ask';
    case 'ask-capped':
      return `the ask, at most +${t.price.capBps} bps`;
    case 'window-budget':
      return `the ask, at most ${patExact(t.price.windowBudgetMicros)} PAT a window`;
  }
}

function tierRow(t: TierView): Record<string, string | number> {
  return {
    TIER: t.name,
    CONTRACTS: t.contracts.join(' '),
    'QTY EACH': t.qtyPerContract,
    EVERY: t.everyWindows === 1 ? 'window' : `${t.everyWindows} windows`,
    PRICE: priceText(t),
    'WINDOW NOW PAT': pat(t.windowCostMicros),
    SEATS: `${t.seatsTaken}/${t.seats}`,
  };
}

function quoteText(q: BundleQuote): string {
  const rows = q.legs.map((l, i) => ({ LEG: i, LISTING: l.listingId, CONTRACT: l.contract, QTY: l.qty, SERIES: l.seriesId ?? '-', 'ASK PAT': pat(l.askMicros), 'COST PAT': pat(l.costMicros) }));
  const total = q.costMicros === null ? `cannot be bought now: leg ${q.unfillableLeg} does not fill at the asks` : `total ${patExact(q.costMicros)} PAT (patx bundle buy ${q.listingId} ${q.name})`;
  return `${table(rows)}\n${total}`;
}

function tierSubscriptionRow(t: TierSubscription): Record<string, string | number> {
  return { ID: t.tierSubscriptionId, LISTING: t.listingId, TIER: t.tier, 'SPENT/BUDGET PAT': `${pat(t.spentMicros ?? 0)}/${patExact(t.budgetMicros)}`, 'ITS SUBSCRIPTION IDS': t.subscriptionIds.join(', ') };
}

/** Adds `tiers …` and `bundle quote|buy` to the program; `run` receives the exit code, `json` says whether --json was given. */
export function addTierCommands(program: Command, run: (code: Promise<number> | number) => void, json: () => boolean): void {
  const act = acting(run, json);
  const client = () => import('../client/tiers.js');

  const tiers = addGatewayOption(
    program.command('tiers').argument('[listing]', 'a published listing', wholeId).description("a listing's subscription tiers (price at the broker's asks now, seats taken) and bundles"),
  ).action((listingId: number | undefined, o: GatewayOptions) =>
    act(async () => {
      if (listingId === undefined) throw new WalletCommandError('NO_LISTING', 'name a listing: patx tiers 7 (patx tiers --help for subscribe, mine, cancel)');
      const t = await (await client()).getListingTiers({ url: gatewayUrl(o) }, listingId);
      return {
        value: t,
        text: () => {
          const lines = [`listing ${t.listingId} (${t.segment}), version ${t.version}`];
          lines.push(t.tiers.length === 0 ? 'no tiers' : table(t.tiers.map(tierRow)));
          for (const b of t.bundles) lines.push(`bundle ${b.name}: ${b.legs.map((l) => `${l.qty} × ${l.contract} (listing ${l.listingId})`).join(' + ')} (patx bundle quote ${t.listingId} ${b.name})`);
          return lines.join('\n');
        },
      };
    }),
  );
  addWalletOptions(
    tiers
      .command('subscribe')
      .argument('<listing>', 'a published listing', wholeId)
      .argument('<tier>', 'its tier, e.g. pro')
      .description("subscribe to a tier: each of its contracts bought at the broker's ask under the tier's price rule, within your budget")
      .requiredOption('--budget <PAT>', 'the most to spend in all, e.g. 20 (shared evenly by the contracts)', parsePatMicros)
      .addOption(new Option('--trigger <when>', 'buy each window when it is listed, or when it opens').choices(['list', 'open']).default('open'))
      .option('--from-next-window', 'not the window open now: from the next one', false)
      .option('--org', "for your organisation (admins and traders): its PAT pays, and it takes a seat for each member", false),
  ).action((listingId: number, tier: string, o: WalletOptions & { budget: number; trigger: 'list' | 'open'; fromNextWindow: boolean; org: boolean }) =>
    act(async () => {
      const [c, http] = await Promise.all([client(), connectWallet(o)]);
      const t = await c.subscribeTier(http, { listingId, tier, budgetMicros: o.budget, trigger: o.trigger, includeCurrent: !o.fromNextWindow, ...(o.org ? { organisation: true } : {}) });
      return {
        value: t,
        text: () => `subscribed: tier subscription ${t.tierSubscriptionId} to ${t.tier} of listing ${t.listingId}: its subscriptions (ids) ${t.subscriptionIds.join(', ')} at caps ${(t.capPriceMicros ?? []).map((m) => `${patExact(m)}`).join(', ')} PAT; ${o.org ? 'seats' : 'seat'} ${t.seatsTaken} of ${t.seats}${o.org ? ' taken (one per member)' : ''}`,
      };
    }),
  );
  addWalletOptions(tiers.command('mine').description('your live tier subscriptions')).action((o: WalletOptions) =>
    act(async () => {
      const [c, http] = await Promise.all([client(), connectWallet(o)]);
      const page = await c.listTierSubscriptions(http);
      const own = page.tierSubscriptions.length === 0 ? 'no live tier subscriptions (patx tiers subscribe --help)' : table(page.tierSubscriptions.map(tierSubscriptionRow));
      const org = page.organisationTierSubscriptions;
      return { value: page, text: () => (org === undefined || org.length === 0 ? own : `${own}\n\nyour organisation's:\n${table(org.map(tierSubscriptionRow))}`) };
    }),
  );
  addWalletOptions(tiers.command('cancel').argument('<id>', 'a tier subscription', wholeId).description('cancel a tier subscription: all its contracts together (rights bought stay yours)')).action(
    (id: number, o: WalletOptions) =>
      act(async () => {
        const [c, http] = await Promise.all([client(), connectWallet(o)]);
        const r = await c.cancelTierSubscription(http, id);
        return { value: r, text: () => `cancelled: tier subscription ${r.tierSubscriptionId} (its subscriptions, ids ${r.subscriptionIds.join(', ')}); ${patExact(r.spentMicros)} PAT spent` };
      }),
  );

  const bundle = program.command('bundle').description("a bundle of a provider's listings: quote it, buy it (every leg or nothing)");
  addGatewayOption(bundle.command('quote').argument('<listing>', 'the listing that defines it', wholeId).argument('<name>', "the bundle's name").description("each leg at the broker's asks now, and the sum")).action(
    (listingId: number, name: string, o: GatewayOptions) =>
      act(async () => {
        const q = await (await client()).getBundleQuote({ url: gatewayUrl(o) }, listingId, name);
        return { value: q, text: () => quoteText(q) };
      }),
  );
  addWalletOptions(
    bundle
      .command('buy')
      .argument('<listing>', 'the listing that defines it', wholeId)
      .argument('<name>', "the bundle's name")
      .description('buy every leg at the asks, or nothing')
      .option('--max <PAT>', 'the most to pay in all (default: the quote now)', parsePatMicros),
  ).action((listingId: number, name: string, o: WalletOptions & { max?: number }) =>
    act(async () => {
      const [c, http] = await Promise.all([client(), connectWallet(o)]);
      let max = o.max;
      if (max === undefined) {
        const q = await c.getBundleQuote(http, listingId, name);
        if (q.costMicros === null) throw new WalletCommandError('BUNDLE_LEG_UNFILLABLE', `leg ${q.unfillableLeg} does not fill at the asks now: nothing bought`);
        max = q.costMicros;
      }
      const b = await c.buyBundle(http, listingId, name, max);
      return { value: b, text: () => `bought bundle ${b.bundle.name} of listing ${b.bundle.listingId} for ${patExact(b.costMicros)} PAT: ${b.legs.map((l) => `${l.qty} × ${l.contract} (series ${l.seriesId})`).join(', ')}` };
    }),
  );
}
