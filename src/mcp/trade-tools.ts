/**
 * The tools that act for the user's wallet (stdio only: `patx mcp` with a key): orders,
 * exercise, downloads at the provider's gate, subscriptions, balances, purchases. The key
 * signs in this process only (WalletSession). Buys and subscriptions count against the
 * session's spending limit before anything is sent (SpendingLimit). Without a key each of
 * these tools answers NO_WALLET, saying how to give one.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerAccountTools } from './account-tools.js';
import type { PublicReads } from './exchange-reads.js';
import { registerGrantTools } from './grant-tools.js';
import { registerOrderTools } from './order-tools.js';
import { registerSubscriptionTools } from './subscription-tools.js';
import { registerTierTools } from './tier-tools.js';
import { registerOrganisationTools } from './organisation-tools.js';
import type { WalletSession } from './wallet-session.js';
import { walletTools } from './wallet-tool.js';

export { NO_WALLET_MESSAGE } from './wallet-tool.js';
export { protectionBound } from './order-tools.js';

/** Every tool here, with or without a wallet: the names docs/mcp.md lists. */
export const TRADING_TOOLS = ['place_order', 'cancel_order', 'list_orders', 'get_order', 'cancel_all_orders', 'exercise', 'list_grants', 'download_records', 'claim_grant', 'subscribe', 'list_subscriptions', 'cancel_subscription', 'get_balances', 'list_purchases', 'subscribe_tier', 'cancel_tier_subscription', 'buy_bundle', 'show_organisation', 'download_organisation_records'] as const;

/** Registers them in the order TRADING_TOOLS lists them (a client's tool list shows that order). */
export function registerTradeTools(server: McpServer, reads: PublicReads, session: WalletSession | undefined): void {
  const tools = walletTools(server, reads, session);
  registerOrderTools(tools); // place_order, cancel_order, list_orders, get_order, cancel_all_orders
  registerGrantTools(tools); // exercise, list_grants, download_records, claim_grant
  registerSubscriptionTools(tools); // subscribe, list_subscriptions, cancel_subscription
  registerAccountTools(tools); // get_balances, list_purchases
  registerTierTools(tools); // subscribe_tier, cancel_tier_subscription, buy_bundle
  registerOrganisationTools(tools); // show_organisation, download_organisation_records
}
