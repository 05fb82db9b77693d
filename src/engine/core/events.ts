/**
 * Events: everything that happened. `Engine.apply` appends them to an output
 * array; the sequencer releases them only after the commands that produced them
 * are journaled. Every event carries the sequence number of its command.
 * Order events carry OrderQty, CumQty and LeavesQty so that FIX execution
 * reports (see execution-report.ts) follow from them directly.
 */
import type { RejectReason } from './reject-reason.js';
import type { SettlementIndex, SettlementIndexInputs, SettlementIndexMethod } from '../../settlement-index/index.js';
import type { KillScope, OperatorAction, OrganisationRole, Role, SeriesKind, SeriesStatus, Side, SubscriptionDelivery, SubscriptionTrigger } from './commands.js';

export const EventType = {
  ORDER_ACCEPTED: 1,
  ORDER_REJECTED: 2,
  FILL: 3,
  ORDER_CANCELED: 4,
  ORDER_EXPIRED: 5,
  ORDER_AMENDED: 6,
  COMMAND_REJECTED: 7,
  ACCOUNT_OPENED: 8,
  SERIES_LISTED: 9,
  SERIES_STATUS_CHANGED: 10,
  DEPOSIT_CREDITED: 11,
  WITHDRAWAL_REQUESTED: 12,
  WITHDRAWAL_COMPLETED: 13,
  CAPACITY_DECLARED: 14,
  RIGHTS_MINTED: 15,
  RIGHTS_EXERCISED: 16,
  QUOTES_REPLACED: 17,
  REFERENCE_PRICE_SET: 18,
  // 20–29: risk and operator parameters (issue 4)
  PARAM_CHANGED: 20,
  KILL_SWITCH_CHANGED: 21,
  MMP_TRIGGERED: 22,
  MMP_RESET: 23,
  RULES_ADOPTED: 24,
  OPERATOR_ACTION_NOTED: 25,
  // 30-39: settlement.
  GOVERNANCE_PHASE_SET: 30,
  SETTLEMENT_RECORDED: 31,
  // 40-49: the catalog.
  PROVIDER_LISTING_SET: 40,
  // 50-59: onboarding.
  INSTITUTION_SET: 50,
  PROVIDER_VERIFIED: 51,
  PAYOUTS_FROZEN: 52,
  // 60-69: forwards.
  FORWARD_DELIVERED: 60,
  FORWARD_DELIVERY_COMPLETED: 61,
  // 70-79: synthetics (phase 3).
  SYNTHETIC_MARKED: 70,
  SYNTHETIC_LIQUIDATED: 71,
  SETTLEMENT_INDEX_PUBLISHED: 72,
  SYNTHETIC_SETTLED: 73,
  SYNTHETIC_SETTLEMENT_COMPLETED: 74,
  MARGIN_TOPPED_UP: 75,
  // 80-89: rights by sale, escrow and claims (rules 3; src/engine/products/escrow.ts, docs/delivery.md).
  SALE_PROCEEDS_HELD: 80,
  GRANT_ESCROWED: 81,
  ESCROW_RELEASED: 82,
  RIGHTS_BURNED: 83,
  CLAIM_FILED: 84,
  CLAIM_RESOLVED: 85,
  // Rules 5: delivery evidence and disputes.
  DELIVERY_EVIDENCED: 86,
  DISPUTE_FILED: 87,
  DISPUTE_DECIDED: 88,
  // 90-99: subscriptions (src/engine/products/subscriptions.ts, docs/subscriptions.md).
  SUBSCRIPTION_CREATED: 90,
  SUBSCRIPTION_FILLED: 91,
  SUBSCRIPTION_SKIPPED: 92,
  SUBSCRIPTION_EXERCISED: 93,
  SUBSCRIPTION_STATUS_CHANGED: 94,
  SEGMENT_SEATS_SET: 95,
  // 100-109: subscription tiers and bundles (src/engine/products/tiers.ts, bundles.ts).
  LISTING_TIERS_SET: 100,
  TIER_SUBSCRIBED: 101,
  TIER_SUBSCRIPTION_CLOSED: 102,
  BUNDLE_BOUGHT: 103,
  BUNDLE_REFUSED: 104,
  // 130-139: organisations (src/engine/products/organisations.ts).
  ORGANISATION_CREATED: 130,
  ORGANISATION_MEMBER_SET: 131,
  ORGANISATION_MEMBER_REMOVED: 132,
  ORGANISATION_FUNDS_MOVED: 133,
  /** Rules 17: its sole member left (ORGANISATION_MEMBER_REMOVED just before). */
  ORGANISATION_DISSOLVED: 134,
  // 120-129: usage grants (issue 81; src/engine/products/escrow.ts).
  USAGE_LISTING_SET: 120,
  USAGE_GRANT_OPENED: 121,
  USAGE_RECORDED: 122,
  USAGE_SETTLED: 123,
  // 150-159: the take rate on forward sales (issue 81; src/engine/products/forwards.ts, docs/fees.md).
  FORWARD_TAKE_RATE_CHARGED: 150,
  // 170-174: organisation invitations (issue 81; src/engine/products/organisation-invitations.ts).
  ORGANISATION_MEMBER_INVITED: 170,
  ORGANISATION_INVITATION_ACCEPTED: 171,
  ORGANISATION_INVITATION_DECLINED: 172,
  ORGANISATION_INVITATION_REVOKED: 173,
  ORGANISATION_INVITATION_LAPSED: 174,
  // 190-199: the exchange's fee revenue (src/engine/core/fee-sweep.ts).
  FEES_SWEPT: 190,
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

/** Why an order left the book without filling. */
export const CancelReason = {
  USER: 1,
  IOC_REMAINDER: 2,
  MARKET_PROTECTION: 3,
  SELF_TRADE: 4,
  MASS_CANCEL: 5,
  QUOTE_REPLACED: 6,
  NO_LIQUIDITY: 7,
  KILL_SWITCH: 20,
  MARKET_MAKER_PROTECTION: 21,
  /** The broker's spot asks, cancelled at a forward delivery that needed the rights they held. */
  FORWARD_DELIVERY: 22,
  /** The owner's position in the series was liquidated (synthetics): its resting orders there go first. */
  LIQUIDATION: 23,
  /** The account's cancel-on-disconnect session ended (closed, or lost with the exchange in a crash or a failover): END_CANCEL_ON_DISCONNECT. */
  CANCEL_ON_DISCONNECT: 24,
} as const;
export type CancelReason = (typeof CancelReason)[keyof typeof CancelReason];

interface OrderRef {
  seq: number;
  orderId: number;
  accountId: number;
  clientOrderId: number;
  seriesId: number;
  side: Side;
  /** The order's limit price (a market order's protection limit). */
  priceMicros: number;
}

export interface OrderAccepted extends OrderRef {
  type: typeof EventType.ORDER_ACCEPTED;
  orderQty: number;
  isQuote: boolean;
}

export interface OrderRejected {
  type: typeof EventType.ORDER_REJECTED;
  seq: number;
  accountId: number;
  clientOrderId: number;
  seriesId: number;
  reason: RejectReason;
}

/** One trade: the maker's price, both sides' quantities after it. */
export interface Fill {
  type: typeof EventType.FILL;
  seq: number;
  seriesId: number;
  tradeId: number;
  priceMicros: number;
  qty: number;
  takerSide: Side;
  makerOrderId: number;
  makerAccountId: number;
  makerClientOrderId: number;
  makerOrderQty: number;
  makerCumQty: number;
  makerLeavesQty: number;
  takerOrderId: number;
  takerAccountId: number;
  takerClientOrderId: number;
  takerOrderQty: number;
  takerCumQty: number;
  takerLeavesQty: number;
  /**
   * The fees each side paid the exchange's fee account for this trade, in µPAT (docs/fees.md):
   * present only when the schedule charged one (so a fill under a zero schedule is what it was
   * before fees, byte for byte). A seller's includes the take rate on a provider's spot sale.
   */
  makerFeeMicros?: number;
  takerFeeMicros?: number;
}

export interface OrderCanceled extends OrderRef {
  type: typeof EventType.ORDER_CANCELED;
  orderQty: number;
  cumQty: number;
  canceledQty: number;
  reason: CancelReason;
}

export interface OrderExpired extends OrderRef {
  type: typeof EventType.ORDER_EXPIRED;
  orderQty: number;
  cumQty: number;
  expiredQty: number;
}

export interface OrderAmended extends OrderRef {
  type: typeof EventType.ORDER_AMENDED;
  orderQty: number;
  cumQty: number;
  leavesQty: number;
  priorityKept: boolean;
}

/** A command other than a new order was refused (FIX: OrderCancelReject or BusinessMessageReject). */
export interface CommandRejected {
  type: typeof EventType.COMMAND_REJECTED;
  seq: number;
  commandKind: number;
  actor: number;
  reason: RejectReason;
}

export interface AccountOpened {
  type: typeof EventType.ACCOUNT_OPENED;
  seq: number;
  accountId: number;
  role: Role;
  address: string;
}

export interface SeriesListed {
  type: typeof EventType.SERIES_LISTED;
  seq: number;
  seriesId: number;
  contract: string;
  seriesKind: SeriesKind;
  openAtMs: number;
  closeAtMs: number;
  /** CALL and PUT only: the strike, µPAT of the window's settlement index. */
  strikeMicros?: number;
}

export interface SeriesStatusChanged {
  type: typeof EventType.SERIES_STATUS_CHANGED;
  seq: number;
  seriesId: number;
  status: SeriesStatus;
}

export interface DepositCredited {
  type: typeof EventType.DEPOSIT_CREDITED;
  seq: number;
  accountId: number;
  amountWei: bigint;
  ref: string;
}

export interface WithdrawalRequested {
  type: typeof EventType.WITHDRAWAL_REQUESTED;
  seq: number;
  withdrawalId: number;
  accountId: number;
  amountWei: bigint;
}

export interface WithdrawalCompleted {
  type: typeof EventType.WITHDRAWAL_COMPLETED;
  seq: number;
  withdrawalId: number;
  accountId: number;
  amountWei: bigint;
}

export interface CapacityDeclared {
  type: typeof EventType.CAPACITY_DECLARED;
  seq: number;
  accountId: number;
  seriesId: number;
  capacity: number;
}

export interface RightsMinted {
  type: typeof EventType.RIGHTS_MINTED;
  seq: number;
  accountId: number;
  seriesId: number;
  qty: number;
}

/** A consumer burned rights; the delivery layer turns this into a signed access grant. */
export interface RightsExercised {
  type: typeof EventType.RIGHTS_EXERCISED;
  seq: number;
  exerciseId: number;
  accountId: number;
  seriesId: number;
  qty: number;
  /** Whose minted rights were redeemed (FIFO by mint, src/engine/core/supply.ts): one access grant each. */
  redemptions: Redemption[];
}

/** One provider's share of an exercise: it owes delivery of `qty` rights under this grant. */
export interface Redemption {
  grantId: number;
  providerAccountId: number;
  /** The provider's published listing for the segment when the rights were exercised (0: none). */
  listingId: number;
  listingVersion: number;
  qty: number;
}

export interface QuotesReplaced {
  type: typeof EventType.QUOTES_REPLACED;
  seq: number;
  seriesId: number;
  bidLevels: number;
  askLevels: number;
}

export interface ReferencePriceSet {
  type: typeof EventType.REFERENCE_PRICE_SET;
  seq: number;
  seriesId: number;
  priceMicros: number;
}

/** Audit record of an operator parameter change: who, when, old and new value. */
export interface ParamChanged {
  type: typeof EventType.PARAM_CHANGED;
  seq: number;
  timeMs: number;
  actor: number;
  name: string;
  oldValue: number;
  newValue: number;
}

export interface KillSwitchChanged {
  type: typeof EventType.KILL_SWITCH_CHANGED;
  seq: number;
  timeMs: number;
  actor: number;
  scope: KillScope;
  targetId: number;
  engaged: boolean;
}

/** The broker's quote fills in a series exceeded `risk.mmpQty` within the interval: its quotes there were pulled. */
export interface MmpTriggered {
  type: typeof EventType.MMP_TRIGGERED;
  seq: number;
  timeMs: number;
  seriesId: number;
  filledQty: number;
  /** Quotes are refused until then; Number.MAX_SAFE_INTEGER = until an operator reset. */
  frozenUntilMs: number;
}

export interface MmpReset {
  type: typeof EventType.MMP_RESET;
  seq: number;
  timeMs: number;
  actor: number;
  seriesId: number;
}

/** The engine applies `version` of its rules from this command on (src/engine/products/rules.ts). */
export interface RulesAdopted {
  type: typeof EventType.RULES_ADOPTED;
  seq: number;
  version: number;
}

export interface GovernancePhaseSet {
  type: typeof EventType.GOVERNANCE_PHASE_SET;
  seq: number;
  phase: number;
}

/** A batch settled on-chain; its withdrawals follow as WITHDRAWAL_COMPLETED events. */
export interface SettlementRecorded {
  type: typeof EventType.SETTLEMENT_RECORDED;
  seq: number;
  batchId: number;
  throughSeq: number;
  txHash: string;
  withdrawalIds: number[];
}

/** A provider's published listing for a segment changed (listingId 0: it has none now). */
export interface ProviderListingSet {
  type: typeof EventType.PROVIDER_LISTING_SET;
  seq: number;
  accountId: number;
  segment: string;
  listingId: number;
  listingVersion: number;
}

/** An account was qualified as an institution (or the qualification withdrawn), by `actor` at `timeMs`. */
export interface InstitutionSet {
  type: typeof EventType.INSTITUTION_SET;
  seq: number;
  timeMs: number;
  actor: number;
  accountId: number;
  qualified: boolean;
}

/** A provider's identity was verified (or the verification revoked), by `actor` at `timeMs`. */
export interface ProviderVerified {
  type: typeof EventType.PROVIDER_VERIFIED;
  seq: number;
  timeMs: number;
  actor: number;
  accountId: number;
  verified: boolean;
}

/** A provider's payouts frozen whole (or thawed), by `actor` at `timeMs` (rules 19). */
export interface PayoutsFrozen {
  type: typeof EventType.PAYOUTS_FROZEN;
  seq: number;
  timeMs: number;
  actor: number;
  accountId: number;
  frozen: boolean;
}

/**
 * One account's forward position delivered at the window's open (docs/forwards.md). Signed
 * PAT fields are from this account's view (+ received, − paid), all with the broker
 * (`counterpartyId`); the broker's own event sums its side (counterpartyId = itself).
 */
export interface ForwardDelivered {
  type: typeof EventType.FORWARD_DELIVERED;
  seq: number;
  /** The FORWARD series, and the spot series of its window that the rights were delivered into. */
  seriesId: number;
  spotSeriesId: number;
  accountId: number;
  counterpartyId: number;
  /** The position before delivery: + long (rights owed to it), − short (rights it owed). */
  positionQty: number;
  /** Rights delivered: a provider's minted into the spot series (to the broker), a buyer's received there. */
  deliveredQty: number;
  /** Rights not delivered (|positionQty| − deliveredQty for providers and buyers). */
  shortfallQty: number;
  /** A seller's escrowed sale proceeds paid out for what it delivered. */
  proceedsMicros: number;
  /** A seller's collateral returned for what it delivered. */
  collateralReturnedMicros: number;
  /** The forward price of undelivered rights: + refunded to the buyer, − repaid by the seller. */
  refundMicros: number;
  /** Collateral for undelivered rights: + received in compensation, − forfeited. */
  compensationMicros: number;
}

/**
 * After a provider's FORWARD_DELIVERED: the take rate (`fee.takeRateBps:FORWARD`, docs/fees.md)
 * charged on the proceeds it was paid for what it delivered, from them to the exchange's fee
 * account. The provider received (or holds in escrow, rules 3) `proceedsMicros − feeMicros`.
 * Emitted only when the fee is above 0: under a zero schedule a delivery's events are as before.
 */
export interface ForwardTakeRateCharged {
  type: typeof EventType.FORWARD_TAKE_RATE_CHARGED;
  seq: number;
  seriesId: number;
  spotSeriesId: number;
  accountId: number;
  /** The proceeds the fee was charged on (its FORWARD_DELIVERED's `proceedsMicros`). */
  proceedsMicros: number;
  /** The rate in force at delivery, bps. */
  takeRateBps: number;
  feeMicros: number;
}

/** A forward's delivery finished: every position of the series was delivered (or fell short). */
export interface ForwardDeliveryCompleted {
  type: typeof EventType.FORWARD_DELIVERY_COMPLETED;
  seq: number;
  seriesId: number;
  spotSeriesId: number;
  /** Rights providers delivered (minted into the spot series). */
  providerDeliveredQty: number;
  /** Rights buyers (consumers and institutions) held forward, what they received, and the shortfall. */
  buyerLongQty: number;
  buyerDeliveredQty: number;
  buyerShortfallQty: number;
  /** Positions delivered, over all the commands of the delivery. */
  positions: number;
}

/** A SYNTHETIC series marked at the settlement index over the hour ending at `markAtMs` (docs/synthetics.md). */
export interface SyntheticMarked {
  type: typeof EventType.SYNTHETIC_MARKED;
  seq: number;
  seriesId: number;
  markAtMs: number;
  markMicros: number;
  /** The index's rung (docs/settlement-index.md): MID_TRADE_BLEND, TRADE_VWAP, LAST_TRADE or REFERENCE_PRICE. */
  method: SettlementIndexMethod;
  /** Accounts with a position (open or awaiting settlement), and how many this mark liquidated. */
  holders: number;
  liquidations: number;
}

/** A position below maintenance taken over by the broker at the mark. */
export interface SyntheticLiquidated {
  type: typeof EventType.SYNTHETIC_LIQUIDATED;
  seq: number;
  seriesId: number;
  accountId: number;
  brokerId: number;
  /** The position taken over: + long, − short. */
  positionQty: number;
  markMicros: number;
  /** Paid to the broker: a synthetic's penalty (from the lock); an option writer's value of the position at the index plus the penalty. */
  penaltyMicros: number;
  /** A synthetic: the loss the account now owes at settlement, and what stays locked for it. An option: what the writer could not pay (the broker absorbs it), nothing locked. */
  owedMicros: number;
  lockedMicros: number;
}

/**
 * A mark moved the account's free PAT into a cash-settled position's lock (rules 12, MARGIN_TOP_UP_EVENT_RULES): a
 * synthetic's lock below maintenance topped up towards initial margin, or a written option's towards its writing margin,
 * as far as the free PAT went. A SYNTHETIC_LIQUIDATED for the same position may follow, when it was not enough.
 */
export interface MarginToppedUp {
  type: typeof EventType.MARGIN_TOPPED_UP;
  seq: number;
  seriesId: number;
  accountId: number;
  /** The position at the mark: + long, − short. */
  positionQty: number;
  markMicros: number;
  /** PAT moved from free to the lock. */
  topUpMicros: number;
  /** The position's lock after it. */
  lockedMicros: number;
}

/** The settlement index of a SYNTHETIC's window at its close, with everything it was computed from. */
export interface IndexPublished {
  type: typeof EventType.SETTLEMENT_INDEX_PUBLISHED;
  seq: number;
  /** The cash-settled series, and the spot series whose quotes and trades made the index. */
  seriesId: number;
  spotSeriesId: number;
  cutoffAtMs: number;
  indexMicros: number;
  method: SettlementIndexMethod;
  /** The full computation (parameters, counts, mid, band, VWAP, weights) and its inputs: anyone can redo it. */
  index: SettlementIndex;
  inputs: SettlementIndexInputs;
}

/**
 * One position paid at expiry, in a synthetic (net × index − cost) or an option (units × its
 * value at the index; the premium was paid at the fill), less the loss rule's haircut (or
 * less what a loser could not pay). The SYNTHETIC_* events serve every cash-settled series.
 */
export interface SyntheticSettled {
  type: typeof EventType.SYNTHETIC_SETTLED;
  seq: number;
  seriesId: number;
  accountId: number;
  positionQty: number;
  costMicros: number;
  indexMicros: number;
  /** What one unit is worth at the index: the index for a synthetic; max(index − strike, 0) for a call, max(strike − index, 0) for a put. */
  valueMicros: number;
  /** PAT moved: + received, − paid. */
  payoutMicros: number;
  /** A loser's loss it could not pay; a winner's share of the loss rule. */
  shortfallMicros: number;
  haircutMicros: number;
}

/** Every position of a SYNTHETIC paid; what losers could not pay, what the broker covered and what the winners gave up. */
export interface SyntheticSettlementCompleted {
  type: typeof EventType.SYNTHETIC_SETTLEMENT_COMPLETED;
  seq: number;
  seriesId: number;
  indexMicros: number;
  holders: number;
  shortfallMicros: number;
  brokerId: number;
  brokerCoverMicros: number;
  haircutMicros: number;
}

/** Why held sale proceeds went to the provider's free PAT. */
export const ReleaseReason = {
  /** The consumer's receipt confirmed delivery (CONFIRM_DELIVERY). */
  DELIVERED: 1,
  /** The dispute window passed with no claim (RELEASE_ESCROW). */
  DISPUTE_WINDOW_ENDED: 2,
  /** Sold rights nobody exercised by the window's close: nothing was owed on them. */
  UNEXERCISED_AT_CLOSE: 3,
} as const;
export type ReleaseReason = (typeof ReleaseReason)[keyof typeof ReleaseReason];

/**
 * A provider sold rights of its own stock (a fill, or a forward delivered at the open):
 * they join the series' supply and their proceeds are held in escrow, locked in its balance.
 */
export interface SaleProceedsHeld {
  type: typeof EventType.SALE_PROCEEDS_HELD;
  seq: number;
  accountId: number;
  seriesId: number;
  qty: number;
  heldMicros: number;
  /** The fill's trade id; 0 for a forward delivery. */
  tradeId: number;
}

/** An exercise redeemed a provider's sold rights: their held proceeds now stand behind this grant. */
export interface GrantEscrowed {
  type: typeof EventType.GRANT_ESCROWED;
  seq: number;
  grantId: number;
  seriesId: number;
  providerAccountId: number;
  consumerAccountId: number;
  qty: number;
  heldMicros: number;
  /** Until when the consumer may file a claim: the later of the window's close and the exercise, plus risk.disputeWindowMs. */
  disputeEndsAtMs: number;
}

/** Held proceeds released to the provider's free PAT. */
export interface EscrowReleased {
  type: typeof EventType.ESCROW_RELEASED;
  seq: number;
  /** 0 for sold rights never exercised (released at the close). */
  grantId: number;
  accountId: number;
  seriesId: number;
  qty: number;
  releasedMicros: number;
  reason: ReleaseReason;
}

/** A provider's rights never sold by the window's close: burned (no longer minted, outstanding or held). */
export interface RightsBurned {
  type: typeof EventType.RIGHTS_BURNED;
  seq: number;
  accountId: number;
  seriesId: number;
  qty: number;
}

/** A consumer says it was not served under a grant. */
export interface ClaimFiled {
  type: typeof EventType.CLAIM_FILED;
  seq: number;
  grantId: number;
  seriesId: number;
  consumerAccountId: number;
  providerAccountId: number;
  undeliveredQty: number;
  /** From when the claim may be resolved if the provider has not delivered: filed + risk.claimGraceMs. */
  dueAtMs: number;
}

/**
 * A claim resolved: the consumer refunded its average purchase price for what was not
 * delivered, from the grant's held proceeds first, then the provider's free PAT; what
 * neither covered is the shortfall. What the grant held beyond the refund goes to the provider.
 */
export interface ClaimResolved {
  type: typeof EventType.CLAIM_RESOLVED;
  seq: number;
  grantId: number;
  seriesId: number;
  consumerAccountId: number;
  providerAccountId: number;
  undeliveredQty: number;
  /** What the consumer is owed, and how it was paid. */
  refundMicros: number;
  fromHeldMicros: number;
  fromProviderMicros: number;
  shortfallMicros: number;
  /** The grant's held proceeds left over after the refund, released to the provider. */
  releasedMicros: number;
}

/** The exchange verified evidence of `qty` more rights of a grant delivered (rules 5): they are no longer refunded by a claim alone. */
export interface DeliveryEvidenced {
  type: typeof EventType.DELIVERY_EVIDENCED;
  seq: number;
  grantId: number;
  seriesId: number;
  providerAccountId: number;
  consumerAccountId: number;
  qty: number;
  /** Rights of the grant evidenced in all (never more than are undelivered). */
  evidencedQty: number;
}

/**
 * A consumer disputes a grant whose delivery the provider evidenced (rules 5), or a claim
 * became one when evidence arrived while it was open (`reason` 0: it said nothing arrived).
 * The operator decides it; nothing is refunded before.
 */
export interface DisputeFiled {
  type: typeof EventType.DISPUTE_FILED;
  seq: number;
  grantId: number;
  seriesId: number;
  consumerAccountId: number;
  providerAccountId: number;
  /** DisputeReason, or 0 for a claim turned dispute. */
  reason: number;
  undeliveredQty: number;
  evidencedQty: number;
}

/** The operator decided a dispute: `refundQty` rights refunded (CLAIM_RESOLVED follows with the money), `upheldQty` counted delivered. */
export interface DisputeDecided {
  type: typeof EventType.DISPUTE_DECIDED;
  seq: number;
  grantId: number;
  seriesId: number;
  consumerAccountId: number;
  providerAccountId: number;
  refundQty: number;
  upheldQty: number;
  chargeProviderMicros: number;
  decidedBy: number;
}

/** Why a subscription let a window pass without buying. */
export const SkipReason = {
  /** The broker's best ask was above the subscription's cap. */
  CAP_BELOW_ASK: 1,
  /** The subscriber's free PAT did not cover one lot at the ask. */
  INSUFFICIENT_FUNDS: 2,
  /** The broker did not ask in the window by its open plus the grace (docs/subscriptions.md). */
  NO_ASK: 3,
  /** The buy was refused by the exchange's checks (kill switch, throttle, limits): `rejectReason` says which. */
  ORDER_REJECTED: 4,
  /** Rules 10: the broker asked, but the tier's listing's provider had no sold rights in the window by its open plus the grace. */
  NO_PROVIDER_SUPPLY: 5,
} as const;
export type SkipReason = (typeof SkipReason)[keyof typeof SkipReason];

/** Where a subscription stands. Only ACTIVE and PAUSED are live (held by the engine, taking a seat). */
export const SubscriptionStatus = { ACTIVE: 1, PAUSED: 2, CANCELLED: 3, ENDED: 4 } as const;
export type SubscriptionStatus = (typeof SubscriptionStatus)[keyof typeof SubscriptionStatus];

/** Why a subscription's status changed. */
export const SubscriptionChange = {
  /** The subscriber cancelled it. */
  CANCELLED: 1,
  /** `maxSkips` windows in a row were skipped. */
  PAUSED_AFTER_SKIPS: 2,
  /** What is left of the budget does not buy one lot at the ask. */
  BUDGET_SPENT: 3,
  /** The subscriber resumed it. */
  RESUMED: 4,
  /** Rules 22: a webhook subscription's push authorisation ends before the window it would buy is exercised (subscriptions.ts, PUSH_AUTHORISATION_RULES). */
  PUSH_AUTHORISATION_EXPIRED: 5,
} as const;
export type SubscriptionChange = (typeof SubscriptionChange)[keyof typeof SubscriptionChange];

export interface SubscriptionCreated {
  type: typeof EventType.SUBSCRIPTION_CREATED;
  seq: number;
  subscriptionId: number;
  accountId: number;
  contract: string;
  qtyPerWindow: number;
  capPriceMicros: number;
  budgetMicros: number;
  trigger: SubscriptionTrigger;
  autoExercise: boolean;
  maxSkips: number;
  delivery: SubscriptionDelivery;
  /** WEBHOOK: where the records go, and the consumer's signed push authorisation the exchange hands to each provider's gate ('' for PULL). */
  webhookUrl: string;
  pushAuthorisation: string;
  /** Windows opening after this instant are bought (-1: the window open at subscription too). */
  afterOpenAtMs: number;
}

/** A subscription bought in a window: `qty` of the `requestedQty` it asks for (less when the broker's asks, the PAT or the budget ran short). */
export interface SubscriptionFilled {
  type: typeof EventType.SUBSCRIPTION_FILLED;
  seq: number;
  subscriptionId: number;
  accountId: number;
  seriesId: number;
  requestedQty: number;
  qty: number;
  costMicros: number;
  /** The subscription's spending so far, this purchase included. */
  spentMicros: number;
}

/** A subscription let a window pass; `skipsInRow` counts this one. */
export interface SubscriptionSkipped {
  type: typeof EventType.SUBSCRIPTION_SKIPPED;
  seq: number;
  subscriptionId: number;
  accountId: number;
  seriesId: number;
  reason: SkipReason;
  /** The broker's best ask then (0: none). */
  askMicros: number;
  /** ORDER_REJECTED: the exchange's reason; NONE otherwise. */
  rejectReason: RejectReason;
  skipsInRow: number;
}

/** A subscription exercised the rights it bought (the RIGHTS_EXERCISED event before it has the grants). */
export interface SubscriptionExercised {
  type: typeof EventType.SUBSCRIPTION_EXERCISED;
  seq: number;
  subscriptionId: number;
  accountId: number;
  seriesId: number;
  exerciseId: number;
  qty: number;
}

export interface SubscriptionStatusChanged {
  type: typeof EventType.SUBSCRIPTION_STATUS_CHANGED;
  seq: number;
  subscriptionId: number;
  accountId: number;
  status: SubscriptionStatus;
  change: SubscriptionChange;
}

export interface SegmentSeatsSet {
  type: typeof EventType.SEGMENT_SEATS_SET;
  seq: number;
  segment: string;
  /** 0: no limit. */
  seats: number;
}

/** A listing's tiers as the engine now holds them (SET_LISTING_TIERS): their names, in the order defined. */
export interface ListingTiersSet {
  type: typeof EventType.LISTING_TIERS_SET;
  seq: number;
  listingId: number;
  segment: string;
  tiers: string[];
}

/** A tier subscription made: one subscription per contract (their SUBSCRIPTION_CREATED events come before it), one seat taken. */
export interface TierSubscribed {
  type: typeof EventType.TIER_SUBSCRIBED;
  seq: number;
  tierSubscriptionId: number;
  accountId: number;
  listingId: number;
  tier: string;
  /** The contracts' subscriptions, in the tier's contract order. */
  subscriptionIds: number[];
  /** The cap per right each was given (derived from the price rule and the quote), in the same order. */
  capPriceMicros: number[];
  budgetMicros: number;
  /** The tier's seats taken, this one included, and offered. */
  seatsTaken: number;
  seats: number;
}

/** A tier subscription ended: all its contracts' subscriptions closed together, its seat freed. */
export interface TierSubscriptionClosed {
  type: typeof EventType.TIER_SUBSCRIPTION_CLOSED;
  seq: number;
  tierSubscriptionId: number;
  accountId: number;
  listingId: number;
  tier: string;
  /** CANCELLED (by its subscriber or the operator) or ENDED (a contract's budget spent). */
  status: SubscriptionStatus;
  /** The member subscription whose close closed the rest (0: the tier was cancelled as one). */
  causeSubscriptionId: number;
}

/** Every leg of a bundle filled at the broker's asks (the legs' FILL events come before it). */
export interface BundleBought {
  type: typeof EventType.BUNDLE_BOUGHT;
  seq: number;
  accountId: number;
  bundleId: number;
  /** Per leg, in the order given: series, rights, cost at the asks. */
  legs: Array<{ seriesId: number; qty: number; costMicros: number }>;
  costMicros: number;
}

/** A bundle not bought, and the first leg that could not fill (nothing was bought; COMMAND_REJECTED follows). */
export interface BundleRefused {
  type: typeof EventType.BUNDLE_REFUSED;
  seq: number;
  accountId: number;
  bundleId: number;
  /** The leg's index in the order given (-1: the bundle as a whole, e.g. its total above the maximum). */
  legIndex: number;
  seriesId: number;
  reason: RejectReason;
  /** The leg's best ask then (0: none). */
  askMicros: number;
}

export interface OrganisationCreated {
  type: typeof EventType.ORGANISATION_CREATED;
  seq: number;
  organisationId: number;
  /** The organisation's own account (opened in the same command: ACCOUNT_OPENED before this). */
  accountId: number;
  name: string;
  /** The founding wallet's account, its first admin. */
  adminAccountId: number;
}

export interface OrganisationMemberSet {
  type: typeof EventType.ORGANISATION_MEMBER_SET;
  seq: number;
  organisationId: number;
  memberAccountId: number;
  role: OrganisationRole;
  /** The role before; 0 when the account joined. */
  previousRole: number;
}

export interface OrganisationMemberRemoved {
  type: typeof EventType.ORGANISATION_MEMBER_REMOVED;
  seq: number;
  organisationId: number;
  memberAccountId: number;
  /** Who removed it (the member itself when it left). */
  byAccountId: number;
}

/** PAT moved between a member's account and its organisation's (netted like a fill's price). */
export interface OrganisationFundsMoved {
  type: typeof EventType.ORGANISATION_FUNDS_MOVED;
  seq: number;
  organisationId: number;
  fromAccountId: number;
  toAccountId: number;
  amountMicros: number;
}

/**
 * An operator swept fee revenue from the fee account to the treasury account (SWEEP_FEES): µPAT the
 * vault already holds at the fee recipient's address, so nothing moves on-chain (netting.ts).
 */
export interface FeesSwept {
  type: typeof EventType.FEES_SWEPT;
  seq: number;
  /** The operator who swept (its engine account). */
  actor: number;
  treasuryAccountId: number;
  feeRecipient: string;
  amountMicros: number;
  /** What the fee account holds after the sweep. */
  feeAccountMicros: number;
}

/** An operator's action outside the engine, journaled for the audit trail (NOTE_OPERATOR_ACTION). */
export interface OperatorActionNoted {
  type: typeof EventType.OPERATOR_ACTION_NOTED;
  seq: number;
  actor: number;
  action: OperatorAction;
  by: string;
  detail: string;
}

/** Rules 17: the organisation's sole member left it, which dissolved it (its account held nothing; its pending invitations were revoked). */
export interface OrganisationDissolved {
  type: typeof EventType.ORGANISATION_DISSOLVED;
  seq: number;
  organisationId: number;
  /** The organisation's own account, which nothing acts on again. */
  accountId: number;
  /** The member who left. */
  byAccountId: number;
}

/** A pending invitation (docs/organisations.md, "Invitations"): nothing about the invitee changed. */
export interface OrganisationMemberInvited {
  type: typeof EventType.ORGANISATION_MEMBER_INVITED;
  seq: number;
  invitationId: number;
  organisationId: number;
  inviteeAccountId: number;
  role: OrganisationRole;
  /** The admin who invited. */
  byAccountId: number;
  /** The command's sequenced time plus the invitation's lifetime: accepting later is refused. */
  expiresAtMs: number;
}

/** An invitation answered or withdrawn: it is no longer pending. ACCEPTED is followed by ORGANISATION_MEMBER_SET. */
export interface OrganisationInvitationClosed {
  type: typeof EventType.ORGANISATION_INVITATION_ACCEPTED | typeof EventType.ORGANISATION_INVITATION_DECLINED | typeof EventType.ORGANISATION_INVITATION_REVOKED;
  seq: number;
  invitationId: number;
  organisationId: number;
  inviteeAccountId: number;
  /** The invitee (accepted, declined) or the admin who revoked. */
  byAccountId: number;
}

/** Why a pending invitation lapsed with nobody answering it. */
export const InvitationLapse = {
  /** Its lifetime ended (dropped when its organisation or invitee is next invited). */
  EXPIRED: 1,
  /** The invitee had as many pending as it may: a newer invitation took the oldest's place. */
  DISPLACED: 2,
} as const;
export type InvitationLapse = (typeof InvitationLapse)[keyof typeof InvitationLapse];

export interface OrganisationInvitationLapsed {
  type: typeof EventType.ORGANISATION_INVITATION_LAPSED;
  seq: number;
  invitationId: number;
  organisationId: number;
  inviteeAccountId: number;
  reason: InvitationLapse;
}

export type EngineEvent =
  | OrderAccepted
  | OrderRejected
  | Fill
  | OrderCanceled
  | OrderExpired
  | OrderAmended
  | CommandRejected
  | AccountOpened
  | SeriesListed
  | SeriesStatusChanged
  | DepositCredited
  | WithdrawalRequested
  | WithdrawalCompleted
  | CapacityDeclared
  | RightsMinted
  | RightsExercised
  | QuotesReplaced
  | ReferencePriceSet
  | ParamChanged
  | KillSwitchChanged
  | MmpTriggered
  | MmpReset
  | RulesAdopted
  | GovernancePhaseSet
  | SettlementRecorded
  | ProviderListingSet
  | InstitutionSet
  | ProviderVerified
  | PayoutsFrozen
  | ForwardDelivered
  | ForwardDeliveryCompleted
  | SyntheticMarked
  | SyntheticLiquidated
  | MarginToppedUp
  | IndexPublished
  | SyntheticSettled
  | SyntheticSettlementCompleted
  | SaleProceedsHeld
  | GrantEscrowed
  | EscrowReleased
  | RightsBurned
  | ClaimFiled
  | ClaimResolved
  | DeliveryEvidenced
  | DisputeFiled
  | DisputeDecided
  | SubscriptionCreated
  | SubscriptionFilled
  | SubscriptionSkipped
  | SubscriptionExercised
  | SubscriptionStatusChanged
  | SegmentSeatsSet
  | ListingTiersSet
  | TierSubscribed
  | TierSubscriptionClosed
  | BundleBought
  | BundleRefused
  | OrganisationCreated
  | OrganisationMemberSet
  | OrganisationMemberRemoved
  | OrganisationFundsMoved
  | OrganisationDissolved
  | UsageListingSet
  | UsageGrantOpened
  | UsageRecorded
  | UsageSettled
  | ForwardTakeRateCharged
  | OrganisationMemberInvited
  | OrganisationInvitationClosed
  | OrganisationInvitationLapsed
  | FeesSwept
  | OperatorActionNoted;

/** After PROVIDER_LISTING_SET: the provider's listing for the segment sells usage (SET_USAGE_LISTING). */
export interface UsageListingSet {
  type: typeof EventType.USAGE_LISTING_SET;
  seq: number;
  accountId: number;
  segment: string;
  listingId: number;
  listingVersion: number;
  usageUnit: number;
  unitsPerRight: number;
}

/** After GRANT_ESCROWED: the grant is usage-based, `units` (its rights × unitsPerRight) of `usageUnit`. */
export interface UsageGrantOpened {
  type: typeof EventType.USAGE_GRANT_OPENED;
  seq: number;
  grantId: number;
  seriesId: number;
  providerAccountId: number;
  consumerAccountId: number;
  usageUnit: number;
  unitsPerRight: number;
  units: number;
}

/** A usage grant's units used grew (RECORD_USAGE): `units` more, `usedUnits` in all. */
export interface UsageRecorded {
  type: typeof EventType.USAGE_RECORDED;
  seq: number;
  grantId: number;
  seriesId: number;
  providerAccountId: number;
  consumerAccountId: number;
  units: number;
  usedUnits: number;
}

/**
 * A usage grant settled at its dispute window's end (RELEASE_ESCROW): of its held proceeds,
 * the unused units' share refunded to the consumer, the rest released to the provider (the
 * ESCROW_RELEASED before it). PAT from the provider to the consumer in the next batch.
 */
export interface UsageSettled {
  type: typeof EventType.USAGE_SETTLED;
  seq: number;
  grantId: number;
  seriesId: number;
  consumerAccountId: number;
  providerAccountId: number;
  units: number;
  usedUnits: number;
  refundMicros: number;
  releasedMicros: number;
}
