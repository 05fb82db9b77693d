/**
 * Commands: everything that can change exchange state. The sequencer stamps each
 * with a sequence number and a time and hands it to `Engine.apply`; the journal
 * stores them; replay re-applies them. Units are in every field name:
 *   - `...Micros`: PAT in µPAT (1 µPAT = 10^12 wei), a safe integer;
 *   - `...Wei`: PAT's smallest unit (18 decimals), a bigint;
 *   - `qty`: access rights (whole units), a safe integer;
 *   - `...Ms`: milliseconds since the Unix epoch.
 * `actor` is the account that sent the command (0 = the system itself: the
 * schedule, the chain watcher, the settler).
 */

export const SYSTEM_ACTOR = 0;

export const CommandKind = {
  OPEN_ACCOUNT: 1,
  LIST_SERIES: 2,
  SET_SERIES_STATUS: 3,
  EXPIRE_SERIES: 4,
  EXPIRE_ORDERS: 5,
  CREDIT_DEPOSIT: 6,
  REQUEST_WITHDRAWAL: 7,
  COMPLETE_WITHDRAWAL: 8,
  DECLARE_CAPACITY: 9,
  MINT: 10,
  EXERCISE: 11,
  NEW_ORDER: 12,
  CANCEL_ORDER: 13,
  AMEND_ORDER: 14,
  MASS_CANCEL: 15,
  MASS_QUOTE: 16,
  SET_REFERENCE_PRICE: 17,
  // 20–29: risk and operator parameters (issue 4)
  SET_PARAM: 20,
  SET_KILL_SWITCH: 21,
  RESET_MMP: 22,
  ADOPT_RULES: 23,
  /** An operator's action outside the engine (an operator added or revoked, an alarm cleared), journaled for the audit trail (core/operator-notes.ts). */
  NOTE_OPERATOR_ACTION: 24,
  // 30-39: settlement (src/settlement submits them).
  SET_GOVERNANCE_PHASE: 30,
  RECORD_SETTLEMENT: 31,
  // 40-49: the catalog (src/catalog submits them).
  SET_PROVIDER_LISTING: 40,
  // 50-59: onboarding.
  SET_INSTITUTION: 50,
  SET_PROVIDER_VERIFIED: 51,
  SET_PAYOUTS_FROZEN: 52,
  // 60-69: forwards (phase 2).
  DELIVER_FORWARDS: 60,
  // 70-79: synthetics (phase 3).
  MARK_SYNTHETICS: 70,
  // 80-89: escrow and claims (rules 3; src/engine/products/escrow.ts, docs/delivery.md).
  CONFIRM_DELIVERY: 80,
  RELEASE_ESCROW: 81,
  FILE_CLAIM: 82,
  RESOLVE_CLAIM: 83,
  // Rules 5: delivery evidence from both sides, disputes the operator decides.
  RECORD_DELIVERY_EVIDENCE: 84,
  FILE_DISPUTE: 85,
  DECIDE_DISPUTE: 86,
  // 90-99: subscriptions (src/engine/products/subscriptions.ts, docs/subscriptions.md).
  SUBSCRIBE: 90,
  CANCEL_SUBSCRIPTION: 91,
  RESUME_SUBSCRIPTION: 92,
  RUN_SUBSCRIPTIONS: 93,
  SET_SEGMENT_SEATS: 94,
  // 100-109: subscription tiers and bundles (src/engine/products/tiers.ts, bundles.ts; docs/subscriptions.md, "Tiers").
  SET_LISTING_TIERS: 100,
  SUBSCRIBE_TIER: 101,
  CANCEL_TIER_SUBSCRIPTION: 102,
  BUY_BUNDLE: 103,
  /** An exercise that redeems one listing's provider's rights (docs/delivery.md, "Choosing the listing"). */
  EXERCISE_FROM_LISTING: 104,
  // 130-139: organisations (src/engine/products/organisations.ts, docs/organisations.md).
  CREATE_ORGANISATION: 130,
  SET_ORGANISATION_MEMBER: 131,
  REMOVE_ORGANISATION_MEMBER: 132,
  MOVE_ORGANISATION_FUNDS: 133,
  // 120-129: usage grants (issue 81; src/engine/products/escrow.ts, docs/delivery.md "Usage grants").
  SET_USAGE_LISTING: 120,
  RECORD_USAGE: 121,
  // 150-159: tier subscriptions delivered by push (issue 81; src/engine/products/tiers.ts, docs/subscriptions.md "Tiers").
  SUBSCRIBE_TIER_PUSH: 150,
  // 170-174: organisation invitations (issue 81; src/engine/products/organisation-invitations.ts, docs/organisations.md "Invitations").
  INVITE_ORGANISATION_MEMBER: 170,
  ACCEPT_ORGANISATION_INVITATION: 171,
  DECLINE_ORGANISATION_INVITATION: 172,
  REVOKE_ORGANISATION_INVITATION: 173,
  // 180-189: cancel-on-disconnect sessions, journaled so a crash or a failover cannot forget them (src/engine/core/cancel-on-disconnect.ts, docs/protocol.md).
  ARM_CANCEL_ON_DISCONNECT: 180,
  END_CANCEL_ON_DISCONNECT: 181,
  // 190-199: the exchange's fee revenue (src/engine/core/fee-sweep.ts, docs/fees.md "Sweeping the fee account").
  SWEEP_FEES: 190,
} as const;
export type CommandKind = (typeof CommandKind)[keyof typeof CommandKind];

export const Role = { CONSUMER: 1, PROVIDER: 2, BROKER: 3, INSTITUTION: 4, OPERATOR: 5 } as const;
export type Role = (typeof Role)[keyof typeof Role];

export const Side = { BUY: 1, SELL: 2 } as const;
export type Side = (typeof Side)[keyof typeof Side];

export const OrderType = { LIMIT: 1, MARKET: 2 } as const;
export type OrderType = (typeof OrderType)[keyof typeof OrderType];

export const TimeInForce = { GTC: 1, GTD: 2, IOC: 3, FOK: 4 } as const;
export type TimeInForce = (typeof TimeInForce)[keyof typeof TimeInForce];

/** What happens when an order would trade with another order of the same account. */
export const SelfTradePrevention = {
  CANCEL_NEWEST: 1,
  CANCEL_OLDEST: 2,
  CANCEL_BOTH: 3,
  DECREMENT: 4,
} as const;
export type SelfTradePrevention = (typeof SelfTradePrevention)[keyof typeof SelfTradePrevention];

export const SeriesKind = { SPOT: 1, FORWARD: 2, SYNTHETIC: 3, CALL: 4, PUT: 5 } as const;
export type SeriesKind = (typeof SeriesKind)[keyof typeof SeriesKind];

export const SeriesStatus = { TRADING: 1, HALTED: 2, EXPIRED: 3 } as const;
export type SeriesStatus = (typeof SeriesStatus)[keyof typeof SeriesStatus];

export const MassCancelScope = { ACCOUNT: 1, SERIES: 2, ALL: 3 } as const;

/** What a kill switch covers. */
export const KillScope = { ACCOUNT: 1, SERIES: 2, GLOBAL: 3 } as const;
export type KillScope = (typeof KillScope)[keyof typeof KillScope];
export type MassCancelScope = (typeof MassCancelScope)[keyof typeof MassCancelScope];

export interface OpenAccount {
  kind: typeof CommandKind.OPEN_ACCOUNT;
  actor: number;
  role: Role;
  /** Settlement address, `0x` + 40 hex digits, lower case; '' if none yet. */
  address: string;
}

export interface ListSeries {
  kind: typeof CommandKind.LIST_SERIES;
  actor: number;
  /** Contract key, `SEGMENT|WINDOW|LO-HI`. */
  contract: string;
  seriesKind: SeriesKind;
  openAtMs: number;
  closeAtMs: number;
  tickMicros: number;
  lotSize: number;
  minPriceMicros: number;
  maxPriceMicros: number;
  maxOrderQty: number;
  /** Market-order protection: how far from the reference price a market order may trade, in basis points. */
  bandBps: number;
  /** CALL and PUT only: the strike, in µPAT of the window's settlement index (absent or 0 for every other kind). */
  strikeMicros?: number;
}

export interface SetSeriesStatus {
  kind: typeof CommandKind.SET_SERIES_STATUS;
  actor: number;
  seriesId: number;
  status: typeof SeriesStatus.TRADING | typeof SeriesStatus.HALTED;
}

export interface ExpireSeries {
  kind: typeof CommandKind.EXPIRE_SERIES;
  actor: number;
  seriesId: number;
  /** The cutoff the sequencer read from its clock; the series expires only if its window closed by then. */
  cutoffMs: number;
}

export interface ExpireOrders {
  kind: typeof CommandKind.EXPIRE_ORDERS;
  actor: number;
  /** GTD orders whose expiry is at or before this time expire. */
  cutoffMs: number;
}

export interface CreditDeposit {
  kind: typeof CommandKind.CREDIT_DEPOSIT;
  actor: number;
  accountId: number;
  amountWei: bigint;
  /** External reference that makes the credit idempotent, e.g. `txHash:logIndex`. */
  ref: string;
}

export interface RequestWithdrawal {
  kind: typeof CommandKind.REQUEST_WITHDRAWAL;
  actor: number;
  amountWei: bigint;
}

export interface CompleteWithdrawal {
  kind: typeof CommandKind.COMPLETE_WITHDRAWAL;
  actor: number;
  withdrawalId: number;
}

export interface DeclareCapacity {
  kind: typeof CommandKind.DECLARE_CAPACITY;
  actor: number;
  seriesId: number;
  /**
   * Spot: total rights the provider may ever mint in this series (it can be raised, never
   * below what is minted). Forward: the provider's pledge for the future window, what it
   * may sell forward and deliver at the open (lowering it below what it sold announces a
   * shortfall: docs/forwards.md).
   */
  capacity: number;
}

export interface Mint {
  kind: typeof CommandKind.MINT;
  actor: number;
  seriesId: number;
  qty: number;
}

export interface Exercise {
  kind: typeof CommandKind.EXERCISE;
  actor: number;
  seriesId: number;
  qty: number;
}

/**
 * EXERCISE whose rights are redeemed from the provider of `listingId` (a listing of the series' segment, published or
 * unpublished), which must hold at least `qty` sold, unredeemed rights in the series: the consumer chooses whose data.
 * A kind of its own, so an EXERCISE's journal bytes are what they were.
 */
export interface ExerciseFromListing {
  kind: typeof CommandKind.EXERCISE_FROM_LISTING;
  actor: number;
  seriesId: number;
  qty: number;
  listingId: number;
}

export interface NewOrder {
  kind: typeof CommandKind.NEW_ORDER;
  actor: number;
  seriesId: number;
  /** Client's id, a positive safe integer, unique among the account's live and recent orders. */
  clientOrderId: number;
  side: Side;
  orderType: OrderType;
  tif: TimeInForce;
  /** Limit price; ignored (0) for market orders. */
  priceMicros: number;
  qty: number;
  /** For GTD only; 0 otherwise. */
  expireAtMs: number;
  postOnly: boolean;
  stp: SelfTradePrevention;
}

export interface CancelOrder {
  kind: typeof CommandKind.CANCEL_ORDER;
  actor: number;
  /** The engine's order id, or 0 to cancel by `clientOrderId`. */
  orderId: number;
  clientOrderId: number;
}

export interface AmendOrder {
  kind: typeof CommandKind.AMEND_ORDER;
  actor: number;
  orderId: number;
  /** New total order quantity (FIX OrderQty: includes what has already filled). */
  newQty: number;
  newPriceMicros: number;
}

export interface MassCancel {
  kind: typeof CommandKind.MASS_CANCEL;
  actor: number;
  scope: MassCancelScope;
  /** ACCOUNT scope: whose orders (an account may cancel only its own; the operator anyone's). */
  accountId: number;
  /** SERIES scope, or ACCOUNT scope narrowed to one series; 0 = every series. */
  seriesId: number;
}

/** One side of a broker's ladder: prices (best first) and quantities, as parallel arrays. */
export interface QuoteLadder {
  priceMicros: number[];
  qty: number[];
}

export interface MassQuote {
  kind: typeof CommandKind.MASS_QUOTE;
  actor: number;
  seriesId: number;
  bids: QuoteLadder;
  asks: QuoteLadder;
  /** Reference price the quoter computed; 0 leaves the series' reference unchanged. */
  referencePriceMicros: number;
}

export interface SetReferencePrice {
  kind: typeof CommandKind.SET_REFERENCE_PRICE;
  actor: number;
  seriesId: number;
  priceMicros: number;
}

/** Operator: sets one pricing or risk parameter (see src/risk/params.ts for names and bounds). */
export interface SetParam {
  kind: typeof CommandKind.SET_PARAM;
  actor: number;
  /** Flat parameter name, e.g. `risk.maxOrderQty` or `quoting.baseValueMicros:AUTO_INTENT`. */
  name: string;
  value: number;
}

/**
 * Operator: engages or releases a kill switch. Engaging cancels every resting
 * order in its scope and refuses new orders, amends and quotes there; cancels
 * stay allowed.
 */
export interface SetKillSwitch {
  kind: typeof CommandKind.SET_KILL_SWITCH;
  actor: number;
  scope: KillScope;
  /** Account id (ACCOUNT), series id (SERIES), 0 (GLOBAL). */
  targetId: number;
  engaged: boolean;
}

/** Operator: lets the broker quote again in a series whose market-maker protection tripped. */
export interface ResetMmp {
  kind: typeof CommandKind.RESET_MMP;
  actor: number;
  seriesId: number;
}

/** The service moves the engine to a newer version of its rules (src/engine/products/rules.ts); versions never go back. */
export interface AdoptRules {
  kind: typeof CommandKind.ADOPT_RULES;
  actor: number;
  version: number;
}

/** The chain watcher reports the phase the on-chain governance has enabled (phases never go back). */
export interface SetGovernancePhase {
  kind: typeof CommandKind.SET_GOVERNANCE_PHASE;
  actor: number;
  /** 1..4; 3 (synthetics) and 4 (options) need the council's vote on-chain. */
  phase: number;
}

/**
 * The batch settler reports a batch the vault applied on-chain (after its
 * confirmations): everything up to `throughSeq` is settled, and the listed
 * withdrawals were paid in that transaction.
 */
export interface RecordSettlement {
  kind: typeof CommandKind.RECORD_SETTLEMENT;
  actor: number;
  batchId: number;
  throughSeq: number;
  /** The settling transaction, `0x` + 64 hex digits, lower case. */
  txHash: string;
  withdrawalIds: number[];
}

/**
 * The catalog: a provider's published listing for a segment, at its live version
 * (listingId 0: none). While it has one the provider may mint in the segment's
 * series (enforced while `risk.mintRequiresListing` is 1), and the rights it
 * minted are delivered under it (the access grants name it). Only the service
 * itself sends it.
 */
export interface SetProviderListing {
  kind: typeof CommandKind.SET_PROVIDER_LISTING;
  actor: number;
  accountId: number;
  /** The segment, as in contract keys (e.g. AUTO_INTENT). */
  segment: string;
  /** The catalog's listing id; 0: the provider has no published listing for the segment now. */
  listingId: number;
  listingVersion: number;
}

/**
 * Operator: qualifies a consumer account as an INSTITUTION (phase 3 products need it;
 * until then institutions trade as consumers), or withdraws the qualification. Who
 * granted it and when are kept with the account and in the audit trail.
 */
export interface SetInstitution {
  kind: typeof CommandKind.SET_INSTITUTION;
  actor: number;
  accountId: number;
  qualified: boolean;
}

/**
 * Operator (or the system, when the service re-sends the identity store's state at start):
 * a provider's identity was verified (KYC/AML done, docs/providers.md), or the verification
 * revoked. The private record stays in the identity store; the engine keeps only the flag,
 * which holds the provider's withdrawals while `risk.payoutRequiresVerification` is 1.
 */
export interface SetProviderVerified {
  kind: typeof CommandKind.SET_PROVIDER_VERIFIED;
  actor: number;
  accountId: number;
  verified: boolean;
}

/**
 * Operator (or the system, re-sending the identity store's state at start), rules 19: a provider's payouts frozen
 * whole, its own deposits included (a screening hit, docs/providers.md), or thawed. An unverified provider that is not
 * frozen may withdraw its own deposits (OWN_DEPOSIT_RULES); a frozen one nothing.
 */
export interface SetPayoutsFrozen {
  kind: typeof CommandKind.SET_PAYOUTS_FROZEN;
  actor: number;
  accountId: number;
  frozen: boolean;
}

/**
 * The schedule, at a forward's window open: delivers its positions into the window's
 * spot series (docs/forwards.md). The first command of a series closes it to trading;
 * each command delivers up to `maxPositions` positions, so a large delivery is spread
 * over turns and never stalls order entry for long; the schedule repeats it until
 * FORWARD_DELIVERY_COMPLETED. Only the service itself sends it.
 */
export interface DeliverForwards {
  kind: typeof CommandKind.DELIVER_FORWARDS;
  actor: number;
  /** The FORWARD series. */
  seriesId: number;
  /** The sequencer's clock when sent; delivery starts only once the window has opened by then. */
  cutoffMs: number;
  /** Positions (accounts) this command may deliver: 1..MAX_DELIVERY_POSITIONS. */
  maxPositions: number;
}

/**
 * The system (the service's timer, every minute): marks live SYNTHETIC series at the
 * settlement index over the trailing hour and liquidates positions below maintenance.
 */
export interface MarkSynthetics {
  kind: typeof CommandKind.MARK_SYNTHETICS;
  actor: number;
  /** One SYNTHETIC series, or 0 for every live one. */
  seriesId: number;
}

/**
 * The system (the service, on the consumer's signed receipt): `qty` more rights of a grant
 * were delivered. Releases their share of the grant's held proceeds to the provider.
 */
export interface ConfirmDelivery {
  kind: typeof CommandKind.CONFIRM_DELIVERY;
  actor: number;
  grantId: number;
  qty: number;
}

/** The system (the service's sweeper): a grant's dispute window passed with no claim; its held proceeds go to the provider. */
export interface ReleaseEscrow {
  kind: typeof CommandKind.RELEASE_ESCROW;
  actor: number;
  grantId: number;
}

/** A consumer: it was not served under its grant (only while undelivered, before the dispute window ends, once). */
export interface FileClaim {
  kind: typeof CommandKind.FILE_CLAIM;
  actor: number;
  grantId: number;
}

/** The system (the service's sweeper): the claim's grace passed undelivered; refund the consumer. */
export interface ResolveClaim {
  kind: typeof CommandKind.RESOLVE_CLAIM;
  actor: number;
  grantId: number;
}

/**
 * The system (the service, rules 5): the exchange verified evidence that `qty` more rights of a
 * grant were delivered — for a download the consumer's signed request with the provider's signed
 * statement of what it served, for a push the provider-signed batch the consumer's registered
 * endpoint answered 2xx. Evidenced rights are never refunded without a dispute the operator decides.
 */
export interface RecordDeliveryEvidence {
  kind: typeof CommandKind.RECORD_DELIVERY_EVIDENCE;
  actor: number;
  grantId: number;
  qty: number;
}

/** What a consumer says was wrong with a delivery the provider holds evidence of. */
export const DisputeReason = {
  /** Fewer records arrived than the provider's signed statement names (or none at all). */
  MISSING_RECORDS: 1,
  /** The records do not conform to the listing version sold (the conformance check measures them). */
  NONCONFORMING: 2,
} as const;
export type DisputeReason = (typeof DisputeReason)[keyof typeof DisputeReason];

/** A consumer (rules 5): disputes a grant whose delivery the provider evidenced, saying what was wrong. */
export interface FileDispute {
  kind: typeof CommandKind.FILE_DISPUTE;
  actor: number;
  grantId: number;
  reason: DisputeReason;
}

/**
 * The operator (rules 5): decides a dispute. `refundQty` of the grant's undelivered rights are
 * refunded from their held proceeds, and `chargeProviderMicros` more from the provider's free PAT
 * (only ever by this decision); the rest of what is held goes to the provider.
 */
export interface DecideDispute {
  kind: typeof CommandKind.DECIDE_DISPUTE;
  actor: number;
  grantId: number;
  refundQty: number;
  chargeProviderMicros: number;
}

/** When a subscription buys a window: as soon as it is listed (and the broker asks), or once it opens. */
export const SubscriptionTrigger = { ON_LIST: 1, ON_OPEN: 2 } as const;
export type SubscriptionTrigger = (typeof SubscriptionTrigger)[keyof typeof SubscriptionTrigger];

/** Where a subscription's grants go: the consumer pulls them (and its client streams the records), or the exchange hands them with the consumer's push authorisation to each provider's gate, which POSTs the records to the consumer's webhook. */
export const SubscriptionDelivery = { PULL: 1, WEBHOOK: 2 } as const;
export type SubscriptionDelivery = (typeof SubscriptionDelivery)[keyof typeof SubscriptionDelivery];

/**
 * A consumer (or institution): a standing instruction to buy `qtyPerWindow` rights of each
 * new window of a spot contract at the broker's ask, never above `capPriceMicros` a right,
 * never spending more than `budgetMicros` in all, and (if `autoExercise`) to exercise them
 * once the window is open. The exchange keeps it and acts on it (RUN_SUBSCRIPTIONS).
 */
export interface Subscribe {
  kind: typeof CommandKind.SUBSCRIBE;
  actor: number;
  /** A spot contract key, canonical (`SEGMENT|WINDOW|LO-HI`). */
  contract: string;
  qtyPerWindow: number;
  capPriceMicros: number;
  budgetMicros: number;
  trigger: SubscriptionTrigger;
  autoExercise: boolean;
  /** Consecutive windows skipped (cap below the ask, too little PAT, no ask) before the subscription pauses: 1..100. */
  maxSkips: number;
  /** Also buy the window open now (else only windows opening after this command). */
  includeCurrent: boolean;
  delivery: SubscriptionDelivery;
  /** WEBHOOK: the consumer's URL ('' for PULL); checked by the gateway, bounded here. */
  webhookUrl: string;
  /** WEBHOOK: the consumer's signed push authorisation as JSON ('' for PULL); checked by the gateway, bounded here. */
  pushAuthorisation: string;
}

/** The subscriber: stop the subscription; it takes effect before the next window (rights already bought stay the subscriber's). */
export interface CancelSubscription {
  kind: typeof CommandKind.CANCEL_SUBSCRIPTION;
  actor: number;
  subscriptionId: number;
}

/** The subscriber: a paused subscription (too many skips in a row) acts again from the next window. */
export interface ResumeSubscription {
  kind: typeof CommandKind.RESUME_SUBSCRIPTION;
  actor: number;
  subscriptionId: number;
}

/** The system (the service's subscription runner): act on up to `maxActions` due subscriptions (a purchase, a skip or an exercise each). */
export interface RunSubscriptions {
  kind: typeof CommandKind.RUN_SUBSCRIPTIONS;
  actor: number;
  maxActions: number;
}

/** The system (the catalog): the seats a segment's published listings offer together; 0 = no limit. */
export interface SetSegmentSeats {
  kind: typeof CommandKind.SET_SEGMENT_SEATS;
  actor: number;
  segment: string;
  seats: number;
}

/**
 * How a tier's price follows the broker's quote (docs/subscriptions.md, "Tiers"): never a second
 * price of its own, always what the broker asks for what it contains.
 *   ASK: each right at the broker's ask (bounded by the subscriber's budget only);
 *   ASK_CAPPED: at the ask, never above the ask when subscribed + `capBps`;
 *   WINDOW_BUDGET: at the ask, never more than `windowBudgetMicros` a window for the whole tier
 *     (each right's cap: the window budget over the tier's rights in a window).
 */
export const TierPriceRule = { ASK: 1, ASK_CAPPED: 2, WINDOW_BUDGET: 3 } as const;
export type TierPriceRule = (typeof TierPriceRule)[keyof typeof TierPriceRule];

/** One tier of a listing version, as its provider defined it (the catalog checked it; the engine checks it again). */
export interface TierTerms {
  /** `retail`, `pro`: lower case letters, digits and '-', 1..32. */
  name: string;
  /** Spot contracts of the listing's segment, canonical keys, distinct, 1..MAX_TIER_CONTRACTS. */
  contracts: string[];
  /** Rights of each contract bought in each window it buys. */
  qtyPerContract: number;
  /** Buys every k-th window (1: every window). */
  everyWindows: number;
  /** Tier subscriptions it serves at once. */
  seats: number;
  priceRule: TierPriceRule;
  /** ASK_CAPPED: bps above the ask at subscription (0 otherwise). */
  capBps: number;
  /** WINDOW_BUDGET: µPAT a window for the whole tier (0 otherwise). */
  windowBudgetMicros: number;
}

/** The system (the catalog): a listing's tiers as its published version defines them (none: its tiers are withdrawn). */
export interface SetListingTiers {
  kind: typeof CommandKind.SET_LISTING_TIERS;
  actor: number;
  listingId: number;
  segment: string;
  tiers: TierTerms[];
}

/** A consumer (or institution): subscribe to a listing's tier: one subscription per contract, made at once, holding one of the tier's seats. */
export interface SubscribeTier {
  kind: typeof CommandKind.SUBSCRIBE_TIER;
  actor: number;
  listingId: number;
  tier: string;
  /** The most spent in all, µPAT, shared evenly by the tier's contracts. */
  budgetMicros: number;
  trigger: SubscriptionTrigger;
  maxSkips: number;
  includeCurrent: boolean;
}

/**
 * SUBSCRIBE_TIER delivered by push (WEBHOOK): every contract's subscription hands its grants to the
 * provider's gate with the subscriber's push authorisation, as a WEBHOOK subscription does. A kind
 * of its own so a pull tier subscription's journal bytes stay what they were.
 */
export interface SubscribeTierPush extends Omit<SubscribeTier, 'kind'> {
  kind: typeof CommandKind.SUBSCRIBE_TIER_PUSH;
  /** The consumer's URL; checked by the gateway, bounded here as SUBSCRIBE's. */
  webhookUrl: string;
  /** The consumer's signed push authorisation as JSON; checked by the gateway, bounded here. */
  pushAuthorisation: string;
}

/** The subscriber (or the operator): end a tier subscription, all its contracts' subscriptions together. */
export interface CancelTierSubscription {
  kind: typeof CommandKind.CANCEL_TIER_SUBSCRIPTION;
  actor: number;
  tierSubscriptionId: number;
}

/** One leg of a bundle purchase: rights of one spot series, in its window open now. */
export interface BundleLeg {
  seriesId: number;
  qty: number;
}

/** A consumer (or institution): buy every leg at the broker's asks, or nothing (all-or-none, immediate). */
export interface BuyBundle {
  kind: typeof CommandKind.BUY_BUNDLE;
  actor: number;
  /** The catalog's bundle (for the record; the legs are what is bought). */
  bundleId: number;
  legs: BundleLeg[];
  /** The most the legs may cost together at the asks, µPAT (the quote the buyer saw); above it: BUNDLE_PRICE_MOVED. */
  maxCostMicros: number;
}

/** What a member may do for its organisation (docs/organisations.md). */
export const OrganisationRole = { ADMIN: 1, TRADER: 2, READER: 3 } as const;
export type OrganisationRole = (typeof OrganisationRole)[keyof typeof OrganisationRole];

/** A wallet's account founds an organisation and is its first admin; the engine opens the organisation's own account. */
export interface CreateOrganisation {
  kind: typeof CommandKind.CREATE_ORGANISATION;
  actor: number;
  /** 1 to 64 printable characters. */
  name: string;
}

/** An admin adds an account to its organisation with a role, or changes a member's role. */
export interface SetOrganisationMember {
  kind: typeof CommandKind.SET_ORGANISATION_MEMBER;
  actor: number;
  organisationId: number;
  memberAccountId: number;
  role: OrganisationRole;
}

/** An admin removes a member, or a member leaves (actor = member). */
export interface RemoveOrganisationMember {
  kind: typeof CommandKind.REMOVE_ORGANISATION_MEMBER;
  actor: number;
  organisationId: number;
  memberAccountId: number;
}

/**
 * PAT between a member's own account and its organisation's: `toOrganisation` funds it (any
 * member), else an admin takes PAT out to its own account (then withdraws it as ever).
 */
export interface MoveOrganisationFunds {
  kind: typeof CommandKind.MOVE_ORGANISATION_FUNDS;
  actor: number;
  organisationId: number;
  toOrganisation: boolean;
  amountMicros: number;
}

/** What an operator did outside the engine that the audit trail keeps (NOTE_OPERATOR_ACTION). */
export const OperatorAction = { OPERATOR_ADDED: 1, OPERATOR_REVOKED: 2, ALARM_CLEARED: 3 } as const;
export type OperatorAction = (typeof OperatorAction)[keyof typeof OperatorAction];

/**
 * An operator's action that changes nothing in the engine (operators.json, the alarm board) but
 * belongs in the audit trail: journaled, so every node's trail, and one rebuilt from the journal,
 * holds it (core/operator-notes.ts). The engine checks who and how long, not what `detail` says.
 */
export interface NoteOperatorAction {
  kind: typeof CommandKind.NOTE_OPERATOR_ACTION;
  /** The acting operator's engine account, or SYSTEM_ACTOR for one without (the root credential). */
  actor: number;
  action: OperatorAction;
  /** The acting operator's name (operators.json), 1–64 characters. */
  by: string;
  /** What the action was about, as JSON text the operator API writes (at most MAX_OPERATOR_NOTE_DETAIL characters). */
  detail: string;
}

/**
 * An operator moves fee revenue from the engine's fee account to the treasury: the account that
 * owns the vault's fee recipient address, where every batch already credited the fees on-chain
 * (docs/fees.md, "Sweeping the fee account"). So nothing moves on-chain; the treasury can then
 * withdraw it as any account does. The operator route reads `feeRecipient` from the vault and
 * names the account that owns it; the journal keeps both, so an auditor sees where it went.
 */
export interface SweepFees {
  kind: typeof CommandKind.SWEEP_FEES;
  actor: number;
  treasuryAccountId: number;
  /** The vault's fee recipient as the route read it: `0x` + 40 hex digits, lower case. */
  feeRecipient: string;
  amountMicros: number;
}

/**
 * An admin invites an account to its organisation with a role: a pending invitation, nothing
 * about the invitee changes until it accepts (docs/organisations.md, "Invitations").
 */
export interface InviteOrganisationMember {
  kind: typeof CommandKind.INVITE_ORGANISATION_MEMBER;
  actor: number;
  organisationId: number;
  inviteeAccountId: number;
  role: OrganisationRole;
}

/** The invitee accepts (it joins with the invited role), or declines (the invitation goes). */
export interface AnswerOrganisationInvitation {
  kind: typeof CommandKind.ACCEPT_ORGANISATION_INVITATION | typeof CommandKind.DECLINE_ORGANISATION_INVITATION;
  actor: number;
  invitationId: number;
}

/** An admin of the inviting organisation withdraws a pending invitation. */
export interface RevokeOrganisationInvitation {
  kind: typeof CommandKind.REVOKE_ORGANISATION_INVITATION;
  actor: number;
  invitationId: number;
}

/**
 * An order-entry session with cancel-on-disconnect began for `accountId` (the gateway sends it
 * before the session's first order, so every order such a session places is journaled after it).
 * The account's count of live such sessions is engine state: it survives a crash and a failover.
 */
export interface ArmCancelOnDisconnect {
  kind: typeof CommandKind.ARM_CANCEL_ON_DISCONNECT;
  actor: number;
  accountId: number;
}

/**
 * `sessions` of the account's cancel-on-disconnect sessions ended (at most as many as are armed).
 * With `massCancel`, every resting order of the account is cancelled first (CancelReason
 * CANCEL_ON_DISCONNECT), in the same command: a session that closed (1), or after a crash or a
 * failover every session the account had (the service, at start). Without it the sessions only
 * stop counting (an organisation member demoted to reader keeps its session, not the flag).
 */
export interface EndCancelOnDisconnect {
  kind: typeof CommandKind.END_CANCEL_ON_DISCONNECT;
  actor: number;
  accountId: number;
  sessions: number;
  massCancel: boolean;
}

/** What a usage grant counts (SET_USAGE_LISTING.usageUnit; 0 on a grant that is not usage-based). */
export const UsageUnit = { RECORDS: 1, REQUESTS: 2 } as const;
export type UsageUnit = (typeof UsageUnit)[keyof typeof UsageUnit];

/** Units per right at most (a grant's units, rights × this, stay far inside a safe integer). */
export const MAX_UNITS_PER_RIGHT = 1_000_000;

/**
 * The catalog: as SET_PROVIDER_LISTING, for a published version whose terms sell usage
 * (docs/catalog.md, "Terms"): rights exercised under it are usage grants of `unitsPerRight`
 * units of `usageUnit` each right. A later SET_PROVIDER_LISTING (a version without usage)
 * ends it. Only the service itself sends it.
 */
export interface SetUsageListing {
  kind: typeof CommandKind.SET_USAGE_LISTING;
  actor: number;
  accountId: number;
  segment: string;
  listingId: number;
  listingVersion: number;
  usageUnit: UsageUnit;
  unitsPerRight: number;
}

/**
 * The system: `units` more of a usage grant's units used, as evidence the exchange verified
 * shows them (the consumer's signed gate request with the provider's signed statement of what
 * it served, or the consumer's receipt; src/grants/ledger.ts). What is unused when the
 * grant's dispute window ends is refunded (RELEASE_ESCROW).
 */
export interface RecordUsage {
  kind: typeof CommandKind.RECORD_USAGE;
  actor: number;
  grantId: number;
  units: number;
}

export type Command =
  | OpenAccount
  | ListSeries
  | SetSeriesStatus
  | ExpireSeries
  | ExpireOrders
  | CreditDeposit
  | RequestWithdrawal
  | CompleteWithdrawal
  | DeclareCapacity
  | Mint
  | Exercise
  | NewOrder
  | CancelOrder
  | AmendOrder
  | MassCancel
  | MassQuote
  | SetReferencePrice
  | SetParam
  | SetKillSwitch
  | ResetMmp
  | AdoptRules
  | SetGovernancePhase
  | RecordSettlement
  | SetProviderListing
  | SetInstitution
  | SetProviderVerified
  | SetPayoutsFrozen
  | DeliverForwards
  | MarkSynthetics
  | ConfirmDelivery
  | ReleaseEscrow
  | FileClaim
  | ResolveClaim
  | RecordDeliveryEvidence
  | FileDispute
  | DecideDispute
  | Subscribe
  | CancelSubscription
  | ResumeSubscription
  | RunSubscriptions
  | SetSegmentSeats
  | SetListingTiers
  | SubscribeTier
  | SubscribeTierPush
  | CancelTierSubscription
  | BuyBundle
  | ExerciseFromListing
  | CreateOrganisation
  | SetOrganisationMember
  | RemoveOrganisationMember
  | MoveOrganisationFunds
  | SetUsageListing
  | RecordUsage
  | InviteOrganisationMember
  | AnswerOrganisationInvitation
  | RevokeOrganisationInvitation
  | ArmCancelOnDisconnect
  | EndCancelOnDisconnect
  | SweepFees
  | NoteOperatorAction;

/** The name of an enum value (`enumName(SeriesStatus, 1)` is 'TRADING'), for JSON and logs; 'UNKNOWN_<n>' for a value not in it. */
export function enumName(values: Readonly<Record<string, number>>, value: number): string {
  for (const [name, v] of Object.entries(values)) if (v === value) return name;
  return `UNKNOWN_${value}`;
}
