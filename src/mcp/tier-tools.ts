/**
 * Tiers and bundles for an agent (docs/mcp.md; docs/subscriptions.md, "Tiers"; docs/catalog.md,
 * "Bundles"): read a listing's tiers and a bundle's quote (public, no key), subscribe to a tier,
 * cancel it, buy a bundle (the wallet's). A tier subscription's budget and a bundle's maximum
 * count against the session's spending limit before anything is sent, as a subscription's do.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { buyBundle, cancelTierSubscription, subscribeTier } from '../client/tiers.js';
import type { PublicReads } from './exchange-reads.js';
import { microsOfPat, patAmount, patOfMicros } from './pat.js';
import { asTool, okBody } from './refusal.js';
import { ACTING, id, SPENDING, type WalletTools } from './wallet-tool.js';

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;
const bundleName = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/).describe("the bundle's name (list_tiers shows a listing's bundles)");

/** list_tiers, quote_bundle: public reads, served with or without a wallet. */
export function registerTierReadTools(server: McpServer, reads: PublicReads): void {
  server.registerTool(
    'list_tiers',
    {
      title: "A listing's subscription tiers and bundles",
      description:
        "A published listing's subscription tiers (name, contracts, rights per window, cadence, seats and seats taken, the price rule relative to the broker's ask, and what one window costs at the asks now, µPAT) and its bundles (several of the provider's listings bought together). Subscribe with subscribe_tier; price a bundle with quote_bundle.",
      inputSchema: { listing_id: id('the listing id (search_listings returns it)') },
      annotations: { title: "A listing's tiers and bundles", ...READ_ONLY },
    },
    ({ listing_id }) => asTool(async () => okBody<Record<string, unknown>>(await reads(`/v1/listings/${listing_id}/tiers`))),
  );
  server.registerTool(
    'quote_bundle',
    {
      title: "A bundle's quote",
      description: "Each leg of a bundle at the broker's asks in its window open now, and the sum (null when a leg cannot fill: unfillableLeg names it). buy_bundle buys every leg at the asks or nothing.",
      inputSchema: { listing_id: id('the listing that defines the bundle'), name: bundleName },
      annotations: { title: "A bundle's quote", ...READ_ONLY },
    },
    ({ listing_id, name }) =>
      asTool(async () => {
        const q = okBody<{ costMicros: number | null } & Record<string, unknown>>(await reads(`/v1/listings/${listing_id}/bundles/${name}`));
        return { ...q, cost: q.costMicros === null ? null : patOfMicros(q.costMicros) };
      }),
  );
}

/** subscribe_tier, cancel_tier_subscription, buy_bundle: the wallet's. */
export function registerTierTools({ server, withWallet }: WalletTools): void {
  /** Tier subscriptions this session made, with the budget it committed for each. */
  const budgets = new Map<number, number>();

  server.registerTool(
    'subscribe_tier',
    {
      title: "Subscribe to a listing's tier",
      description:
        "Subscribe to a tier of a listing (list_tiers shows them): the exchange buys each of the tier's contracts at the broker's ask under the tier's price rule, every window (or every k-th), within the budget, and exercises them (grants in list_grants). It holds one of the tier's seats. The whole budget counts against the session's spending limit at once; cancelling gives back what it did not spend.",
      inputSchema: {
        listing_id: id('the listing'),
        tier: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/).describe("the tier's name, e.g. 'pro'"),
        budget: patAmount('the most to spend in all, shared by its contracts'),
        from_next_window: z.boolean().optional().describe('start with the next window, not the one open now (default false)'),
        organisation: z.boolean().optional().describe("for the wallet's organisation (an admin or trader there): its PAT pays, and it takes one seat per member (default false)"),
      },
      annotations: { title: "Subscribe to a listing's tier", ...SPENDING },
    },
    withWallet(async (s, a: { listing_id: number; tier: string; budget: string | number; from_next_window?: boolean; organisation?: boolean }) => {
      const budgetMicros = microsOfPat(a.budget, 'budget');
      await s.countRestingOrdersOnce();
      s.limit.commit(budgetMicros, `a tier subscription with a budget of ${patOfMicros(budgetMicros)} PAT`);
      try {
        const made = await subscribeTier(await s.http(), { listingId: a.listing_id, tier: a.tier, budgetMicros, includeCurrent: a.from_next_window !== true, ...(a.organisation === true ? { organisation: true } : {}) });
        budgets.set(made.tierSubscriptionId, budgetMicros);
        return { tierSubscription: made, spending: s.limit.status() };
      } catch (error) {
        throw s.limit.failedSpend(budgetMicros, error, '`patx tiers mine` (for the user)');
      }
    }),
  );

  server.registerTool(
    'cancel_tier_subscription',
    {
      title: 'Cancel a tier subscription',
      description: "Cancel a tier subscription: all its contracts' subscriptions together, its seat freed (rights bought stay the wallet's). One this session made gives its unspent budget back to the spending limit.",
      inputSchema: { tier_subscription_id: id('the tier subscription') },
      annotations: { title: 'Cancel a tier subscription', ...ACTING, destructiveHint: true, idempotentHint: true },
    },
    withWallet(async (s, a: { tier_subscription_id: number }) => {
      // What it spent comes with the cancel, final (read before it, a window bought in between was given back too).
      const cancelled = await cancelTierSubscription(await s.http(), a.tier_subscription_id);
      const budget = budgets.get(a.tier_subscription_id);
      if (budget !== undefined) {
        s.limit.giveBack(Math.max(0, budget - cancelled.spentMicros));
        budgets.delete(a.tier_subscription_id);
      }
      return { cancelled, spending: s.limit.status() };
    }),
  );

  server.registerTool(
    'buy_bundle',
    {
      title: 'Buy a bundle',
      description:
        "Buy every leg of a bundle at the broker's asks, or nothing (a refusal names the leg that could not fill in details.leg). max_cost is the most to pay in all (quote_bundle gives the sum now); it counts against the session's spending limit, and what the purchase did not cost is given back.",
      inputSchema: { listing_id: id('the listing that defines the bundle'), name: bundleName, max_cost: patAmount('the most to pay for every leg together') },
      annotations: { title: 'Buy a bundle', ...SPENDING },
    },
    withWallet(async (s, a: { listing_id: number; name: string; max_cost: string | number }) => {
      const maxMicros = microsOfPat(a.max_cost, 'max_cost');
      await s.countRestingOrdersOnce();
      s.limit.commit(maxMicros, `a bundle of up to ${patOfMicros(maxMicros)} PAT`);
      try {
        const bought = await buyBundle(await s.http(), a.listing_id, a.name, maxMicros);
        s.limit.giveBack(maxMicros - bought.costMicros);
        return { bought, cost: patOfMicros(bought.costMicros), spending: s.limit.status() };
      } catch (error) {
        throw s.limit.failedSpend(maxMicros, error, 'get_balances (its positions)');
      }
    }),
  );
}
