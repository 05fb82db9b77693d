/**
 * What an account statement's row says a movement of PAT was (account-statement.ts): named from the events the
 * command that moved it emitted about that account. Only the name and the reference come from here; the amount and
 * the balance after never do (they are read from a replaying engine), so a kind named wrongly can mislabel a row
 * but never unbalance the statement.
 */
import { EventType, Side, type EngineEvent } from '../engine/index.js';

/** Every kind a row may have, in the order a command's events are looked at for one (the first that names the account wins). */
export const STATEMENT_KINDS = [
  'deposit',
  'withdrawal',
  'organisation_funds_in',
  'organisation_funds_out',
  'forward_compensation',
  'forward_delivery',
  'forward_take_rate',
  'fee_sweep',
  'cash_settlement',
  'liquidation',
  'margin_top_up',
  'claim_refund',
  'claim_charge',
  'dispute_refund',
  'dispute_charge',
  'escrow_released',
  'usage_settlement',
  'subscription_payment',
  'tier_payment',
  'tier_closed',
  'bundle_payment',
  'trade_buy',
  'trade_sell',
  // After the trades: a sale whose proceeds are held in escrow (rules 3) is a sale, its lock in lockedChangeMicros.
  'escrow_held',
  'fee',
  'order_collateral',
  'other',
] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];

/** Each kind's place in STATEMENT_KINDS: the lower names a row that several kinds made. */
export const KIND_RANK: ReadonlyMap<StatementKind, number> = new Map(STATEMENT_KINDS.map((k, i) => [k, i]));

/** A row's kind and its reference (trade, grant, series, withdrawal…): what an auditor looks the movement up by. */
export interface Named {
  kind: StatementKind;
  ref: string;
}

/**
 * The kind of a change to `accountId`'s PAT made by one command, from that command's events (`events[from..to)`).
 * `feeAccount` names the fee account's own rows: its PAT moves only by fees and take rates in, sweeps to the treasury out.
 */
export function nameMovement(events: readonly EngineEvent[], from: number, to: number, accountId: number, feeAccount: boolean): Named {
  let best: Named | undefined;
  let rank: number = STATEMENT_KINDS.length;
  for (let i = from; i < to; i++) {
    const named = feeAccount ? feeNamed(events[i]!) : nameOne(events[i]!, accountId);
    if (named === undefined) continue;
    const r = KIND_RANK.get(named.kind)!;
    if (r < rank) {
      rank = r;
      best = named;
    }
  }
  return best ?? { kind: feeAccount ? 'fee' : 'other', ref: '' };
}

/** The trading fees `accountId` paid in a command's fills. */
export function feesPaid(events: readonly EngineEvent[], from: number, to: number, accountId: number): number {
  let micros = 0;
  for (let i = from; i < to; i++) {
    const e = events[i]!;
    if (e.type !== EventType.FILL) continue;
    if (e.makerAccountId === accountId) micros += e.makerFeeMicros ?? 0;
    if (e.takerAccountId === accountId) micros += e.takerFeeMicros ?? 0;
  }
  return micros;
}

function feeNamed(e: EngineEvent): Named | undefined {
  if (e.type === EventType.FORWARD_TAKE_RATE_CHARGED) return { kind: 'forward_take_rate', ref: `series ${e.seriesId}` };
  if (e.type === EventType.FEES_SWEPT) return { kind: 'fee_sweep', ref: `to account ${e.treasuryAccountId}` };
  if (e.type === EventType.FILL && ((e.makerFeeMicros ?? 0) > 0 || (e.takerFeeMicros ?? 0) > 0)) return { kind: 'fee', ref: `trade ${e.tradeId}` };
  return undefined;
}

/** What one event says of `accountId`'s PAT (undefined: nothing). */
function nameOne(e: EngineEvent, id: number): Named | undefined {
  switch (e.type) {
    case EventType.DEPOSIT_CREDITED:
      return e.accountId === id ? { kind: 'deposit', ref: e.ref } : undefined;
    case EventType.WITHDRAWAL_REQUESTED:
      return e.accountId === id ? { kind: 'withdrawal', ref: `withdrawal ${e.withdrawalId}` } : undefined;
    case EventType.ORGANISATION_FUNDS_MOVED:
      if (e.toAccountId === id) return { kind: 'organisation_funds_in', ref: `organisation ${e.organisationId} from account ${e.fromAccountId}` };
      return e.fromAccountId === id ? { kind: 'organisation_funds_out', ref: `organisation ${e.organisationId} to account ${e.toAccountId}` } : undefined;
    case EventType.FORWARD_DELIVERED:
      if (e.accountId !== id) return undefined;
      return { kind: e.shortfallQty > 0 ? 'forward_compensation' : 'forward_delivery', ref: `series ${e.seriesId}` };
    case EventType.FORWARD_TAKE_RATE_CHARGED:
      return e.accountId === id ? { kind: 'forward_take_rate', ref: `series ${e.seriesId}` } : undefined;
    case EventType.FEES_SWEPT:
      return e.treasuryAccountId === id ? { kind: 'fee_sweep', ref: `from the fee account, by account ${e.actor}` } : undefined;
    case EventType.SYNTHETIC_SETTLED:
      return e.accountId === id ? { kind: 'cash_settlement', ref: `series ${e.seriesId}` } : undefined;
    case EventType.SYNTHETIC_LIQUIDATED:
      return e.accountId === id ? { kind: 'liquidation', ref: `series ${e.seriesId}` } : e.brokerId === id ? { kind: 'liquidation', ref: `series ${e.seriesId} account ${e.accountId}` } : undefined;
    case EventType.MARGIN_TOPPED_UP:
      return e.accountId === id ? { kind: 'margin_top_up', ref: `series ${e.seriesId}` } : undefined;
    case EventType.CLAIM_RESOLVED:
      if (e.consumerAccountId === id) return { kind: 'claim_refund', ref: `grant ${e.grantId}` };
      return e.providerAccountId === id ? { kind: 'claim_charge', ref: `grant ${e.grantId}` } : undefined;
    case EventType.DISPUTE_DECIDED:
      if (e.consumerAccountId === id) return { kind: 'dispute_refund', ref: `grant ${e.grantId}` };
      return e.providerAccountId === id ? { kind: 'dispute_charge', ref: `grant ${e.grantId}` } : undefined;
    case EventType.ESCROW_RELEASED:
      return e.accountId === id ? { kind: 'escrow_released', ref: `grant ${e.grantId}` } : undefined;
    case EventType.SALE_PROCEEDS_HELD:
      return e.accountId === id ? { kind: 'escrow_held', ref: `trade ${e.tradeId}` } : undefined;
    case EventType.GRANT_ESCROWED:
      return e.providerAccountId === id ? { kind: 'escrow_held', ref: `grant ${e.grantId}` } : undefined;
    case EventType.USAGE_SETTLED:
      return e.consumerAccountId === id || e.providerAccountId === id ? { kind: 'usage_settlement', ref: `grant ${e.grantId}` } : undefined;
    case EventType.SUBSCRIPTION_FILLED:
      return e.accountId === id ? { kind: 'subscription_payment', ref: `subscription ${e.subscriptionId}` } : undefined;
    case EventType.TIER_SUBSCRIBED:
      return e.accountId === id ? { kind: 'tier_payment', ref: `tier subscription ${e.tierSubscriptionId}` } : undefined;
    case EventType.TIER_SUBSCRIPTION_CLOSED:
      return e.accountId === id ? { kind: 'tier_closed', ref: `tier subscription ${e.tierSubscriptionId}` } : undefined;
    case EventType.BUNDLE_BOUGHT:
      return e.accountId === id ? { kind: 'bundle_payment', ref: `bundle ${e.bundleId}` } : undefined;
    case EventType.FILL: {
      if (e.takerAccountId !== id && e.makerAccountId !== id) return undefined;
      const side = e.takerAccountId === id ? e.takerSide : e.takerSide === Side.BUY ? Side.SELL : Side.BUY;
      return { kind: side === Side.BUY ? 'trade_buy' : 'trade_sell', ref: `trade ${e.tradeId}` };
    }
    case EventType.ORDER_ACCEPTED:
    case EventType.ORDER_CANCELED:
    case EventType.ORDER_EXPIRED:
      // A forward sale's collateral is locked while its order rests, and comes back when it leaves the book.
      return e.accountId === id ? { kind: 'order_collateral', ref: `order ${e.orderId}` } : undefined;
    default:
      return undefined;
  }
}

/** The fields of an event that name an account whose PAT it may move. */
const ACCOUNT_FIELD = /^(accountId|[a-zA-Z]+AccountId|counterpartyId|brokerId)$/;

/**
 * Adds to `into` every account an event names: the accounts whose PAT the command may have moved (the statement
 * reads their balances after it). A fill, the hot path's event, by its two fields; any other by its account fields,
 * one level into arrays of objects (a redemption's provider).
 */
export function addNamedAccounts(e: EngineEvent, into: Set<number>): void {
  if (e.type === EventType.FILL) {
    into.add(e.makerAccountId);
    into.add(e.takerAccountId);
    return;
  }
  // The order path's other events move PAT only between an account's available and held (its own, or the broker's
  // quotes): no row. Any PAT they moved otherwise would show in the engine's total, and every account be compared.
  if (ORDER_PATH.has(e.type)) return;
  addFields(e, into);
}

const ORDER_PATH: ReadonlySet<number> = new Set([EventType.ORDER_ACCEPTED, EventType.ORDER_REJECTED, EventType.ORDER_CANCELED, EventType.ORDER_EXPIRED, EventType.ORDER_AMENDED, EventType.COMMAND_REJECTED, EventType.QUOTES_REPLACED]);

function addFields(o: object, into: Set<number>): void {
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'number') {
      if (ACCOUNT_FIELD.test(k)) into.add(v);
    } else if (Array.isArray(v)) {
      for (const item of v) if (typeof item === 'object' && item !== null) addFields(item as object, into);
    }
  }
}
