/**
 * The wallet's subscriptions (subscribe, list_subscriptions, cancel_subscription): standing
 * instructions the exchange keeps. A subscription's whole budget counts against the session's
 * spending limit when it is made; cancelling one this session made gives back what it did not spend.
 */
import { z } from 'zod';
import { cancelSubscription, getSubscription, listSubscriptions, subscribe, type SubscriptionTerms } from '../client/subscriptions.js';
import { microsOfPat, patAmount, patOfMicros } from './pat.js';
import type { WalletSession } from './wallet-session.js';
import { ACTING, id, SPENDING, type WalletTools } from './wallet-tool.js';

interface SubscribeArgs {
  contract: string;
  qty_per_window: number;
  cap_price: string | number;
  budget: string | number;
  trigger?: 'list' | 'open';
  auto_exercise?: boolean;
  max_skips?: number;
  from_next_window?: boolean;
}

export function registerSubscriptionTools({ server, withWallet }: WalletTools): void {
  /** Subscriptions this session made, with the budget it committed for each. */
  const budgets = new Map<number, number>();

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
      annotations: { title: 'Subscribe to a contract', ...SPENDING },
    },
    withWallet((s, a: SubscribeArgs) => makeSubscription(s, a, budgets)),
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
      annotations: { title: 'Cancel a subscription', ...ACTING, destructiveHint: true, idempotentHint: true },
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
}

/** A subscription made at the exchange, its whole budget committed against the session's limit first (given back if it is not made). */
async function makeSubscription(s: WalletSession, a: SubscribeArgs, budgets: Map<number, number>): Promise<Record<string, unknown>> {
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
  await s.countRestingOrdersOnce();
  s.limit.commit(budgetMicros, `a subscription with a budget of ${patOfMicros(budgetMicros)} PAT`);
  let made;
  try {
    made = await subscribe(await s.http(), terms);
  } catch (error) {
    throw s.limit.failedSpend(budgetMicros, error, 'list_subscriptions');
  }
  budgets.set(made.subscriptionId, budgetMicros);
  return { subscription: subscriptionSummary(made), spending: s.limit.status() };
}

function subscriptionSummary(s: Awaited<ReturnType<typeof subscribe>>): Record<string, unknown> {
  return { ...s, capPrice: patOfMicros(s.capPriceMicros), budget: patOfMicros(s.budgetMicros), spent: patOfMicros(s.spentMicros) };
}
