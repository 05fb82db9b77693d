/**
 * Every reason the engine can refuse a command, as one enum used everywhere
 * (engine events, journal, gateway error frames). Values are stable wire codes:
 * append new ones, never renumber.
 */
export const RejectReason = {
  NONE: 0,
  UNKNOWN_ACCOUNT: 1,
  UNKNOWN_SERIES: 2,
  UNKNOWN_ORDER: 3,
  INVALID_QUANTITY: 4,
  INVALID_LOT: 5,
  INVALID_PRICE: 6,
  INVALID_TICK: 7,
  PRICE_OUT_OF_LIMITS: 8,
  QUANTITY_TOO_LARGE: 9,
  INSUFFICIENT_BALANCE: 10,
  INSUFFICIENT_RIGHTS: 11,
  ROLE_NOT_ALLOWED: 12,
  SERIES_HALTED: 13,
  SERIES_EXPIRED: 14,
  SERIES_NOT_OPEN_YET: 15,
  DUPLICATE_CLIENT_ORDER_ID: 16,
  POST_ONLY_WOULD_CROSS: 17,
  FOK_NOT_FILLABLE: 18,
  NO_REFERENCE_PRICE: 19,
  INVALID_EXPIRY: 20,
  INVALID_ORDER_TYPE: 21,
  /** No longer produced: every series kind can be listed once its phase is voted (kept so the code keeps its meaning on the wire). */
  KIND_NOT_OPEN: 22,
  BROKER_ALREADY_EXISTS: 23,
  DUPLICATE_DEPOSIT: 24,
  CAPACITY_EXCEEDED: 25,
  INVALID_AMOUNT: 26,
  BALANCE_LIMIT: 27,
  SERIES_ALREADY_LISTED: 28,
  INVALID_SERIES_SPEC: 29,
  EXPIRY_TOO_EARLY: 30,
  INVALID_STATUS_CHANGE: 31,
  NOT_ORDER_OWNER: 32,
  AMEND_NO_CHANGE: 33,
  QUOTE_CROSSED: 34,
  TOO_MANY_QUOTE_LEVELS: 35,
  WOULD_CROSS_OWN_QUOTES: 36,
  TOO_MANY_OPEN_ORDERS: 37,
  UNKNOWN_WITHDRAWAL: 38,
  INVALID_ADDRESS: 39,
  INVALID_CONTRACT_KEY: 40,
  /** Exercise, capacity or mint in a series whose units are no deliverable rights: a forward (delivered at its open), a synthetic or an option (cash-settled). */
  NOT_EXERCISABLE: 41,
  BOOK_FULL: 42,
  /** The settlement address already belongs to another account. */
  ADDRESS_IN_USE: 90,
  // 50–69: risk (issue 4)
  KILL_SWITCH_ENGAGED: 50,
  THROTTLED: 51,
  PRICE_OUTSIDE_BAND: 52,
  ORDER_SIZE_LIMIT: 53,
  POSITION_LIMIT: 54,
  INSUFFICIENT_COLLATERAL: 55,
  EXPOSURE_LIMIT_SERIES: 56,
  EXPOSURE_LIMIT_WINDOW: 57,
  MMP_TRIGGERED: 58,
  UNKNOWN_PARAM: 59,
  PARAM_OUT_OF_RANGE: 60,
  KILL_SWITCH_UNCHANGED: 61,
  MMP_NOT_TRIGGERED: 62,
  /** ADOPT_RULES of a version this code does not know, or not newer than the engine's. */
  UNKNOWN_RULES: 63,
  /** ADOPT_RULES refused: the state already breaks the newer rules (a position past their bound). */
  RULES_NOT_MET: 64,
  // 70-89: settlement.
  /** The series kind needs a phase the on-chain governance has not enabled. */
  PHASE_NOT_ENABLED: 70,
  /** A phase outside 1..4, or below the one already enabled. */
  INVALID_PHASE: 71,
  /** A settlement whose throughSeq is not after the last recorded one, or not yet sequenced. */
  SETTLEMENT_OUT_OF_ORDER: 72,
  /** A settlement with a malformed batch id, transaction hash or withdrawal list. */
  INVALID_SETTLEMENT: 73,
  /** Rules 24: the account has as many withdrawals waiting for a settlement batch as it may (MAX_PENDING_WITHDRAWALS); one more once a batch pays them. */
  TOO_MANY_PENDING_WITHDRAWALS: 74,
  // 100-109: the catalog.
  /** The provider has no published listing for the series' segment (while risk.mintRequiresListing is 1). */
  NO_PUBLISHED_LISTING: 100,
  /** A provider-listing change for an account that is not a provider, a malformed segment or listing. */
  INVALID_PROVIDER_LISTING: 101,
  // 110-119: onboarding.
  /** Institution qualification for an account that is not a consumer (or institution), or that changes nothing. */
  INVALID_QUALIFICATION: 110,
  /** A provider's verification for an account that is not a provider, or that changes nothing. */
  INVALID_VERIFICATION: 111,
  /** A withdrawal by a provider whose identity is not verified (while risk.payoutRequiresVerification is 1): its payouts are held. */
  PAYOUT_HELD_UNVERIFIED: 112,
  // 120-129: forwards.
  /** DELIVER_FORWARDS names a series that is not a FORWARD. */
  NOT_A_FORWARD: 120,
  /** A forward's window has no live spot series to deliver into (the schedule lists it ahead). */
  SPOT_SERIES_NOT_LISTED: 121,
  /** A forward ends by delivery at its window's open, never by expiry. */
  DELIVERY_REQUIRED: 122,
  // 130-139: synthetics (phase 3).
  /** Only qualified institutions (and the broker) trade SYNTHETIC series; retail stays utility-bound. */
  INSTITUTION_REQUIRED: 130,
  /** A SYNTHETIC's window has no live spot series to take its settlement index from. */
  UNDERLYING_NOT_LISTED: 131,
  /** MARK_SYNTHETICS names a series that is not a SYNTHETIC. */
  NOT_A_SYNTHETIC: 132,
  /** The account's free PAT does not cover the order's initial margin. */
  INSUFFICIENT_MARGIN: 133,
  // 140-149: escrow and claims (rules 3).
  /** No grant has this id. */
  UNKNOWN_GRANT: 140,
  /** A claim on a grant that is another consumer's. */
  NOT_YOUR_GRANT: 141,
  /** A claim on a grant whose rights were all delivered. */
  ALREADY_DELIVERED: 142,
  /** A second claim on a grant. */
  CLAIM_EXISTS: 143,
  /** A claim after the grant's dispute window ended. */
  DISPUTE_WINDOW_CLOSED: 144,
  /** A release before the dispute window ended, or a claim resolved before its grace passed. */
  ESCROW_NOT_DUE: 145,
  /** RESOLVE_CLAIM on a grant with no claim filed. */
  NO_OPEN_CLAIM: 146,
  /** RELEASE_ESCROW while a claim is open: the claim is resolved first. */
  CLAIM_OPEN: 147,
  /** The grant's escrow is settled (delivered, released or refunded): nothing is held for it any more. */
  ESCROW_CLOSED: 148,
  // 150-159: subscriptions (src/engine/products/subscriptions.ts).
  /** No live subscription has this id (never made, or cancelled or ended). */
  UNKNOWN_SUBSCRIPTION: 150,
  /** Another account's subscription. */
  NOT_YOUR_SUBSCRIPTION: 151,
  /** A subscription's terms out of range (quantity, cap, budget, skips, trigger, delivery, URL). */
  INVALID_SUBSCRIPTION: 152,
  /** The account (or the exchange) has as many live subscriptions as it may. */
  SUBSCRIPTION_LIMIT: 153,
  /** Every seat the segment's listings offer is taken. */
  SEATS_FULL: 154,
  /** RESUME_SUBSCRIPTION on a subscription that is not paused. */
  NOT_PAUSED: 155,
  /** SET_SEGMENT_SEATS with a segment name or seat count out of range. */
  INVALID_SEATS: 156,
  // 160-169: delivery evidence and disputes (rules 5; src/engine/products/escrow.ts).
  /** A claim that nothing arrived, on a grant whose delivery the provider evidenced: a dispute says what was wrong. */
  EVIDENCE_OF_DELIVERY: 160,
  /** A dispute on a grant nothing evidences delivered: a claim is refunded without one. */
  NO_EVIDENCE: 161,
  /** RESOLVE_CLAIM on a dispute: the operator decides it (DECIDE_DISPUTE). */
  DISPUTE_AWAITS_DECISION: 162,
  /** DECIDE_DISPUTE on a grant with no open dispute. */
  NO_OPEN_DISPUTE: 163,
  /** DECIDE_DISPUTE refunding more rights than are undelivered, or charging the provider more than its free PAT or than the refunded rights cost. */
  INVALID_DECISION: 164,
  /** FILE_DISPUTE with a reason that is not a DisputeReason. */
  INVALID_DISPUTE_REASON: 165,
  /** A rules-5 command (evidence, disputes) on a state under older rules. */
  RULES_TOO_OLD: 166,
  // 200-209: subscription tiers and bundles (src/engine/products/tiers.ts, bundles.ts).
  /** No tier of that name on the listing (or the listing has none). */
  UNKNOWN_TIER: 200,
  /** A tier's terms out of range (name, contracts outside the segment, seats, cadence, price rule). */
  INVALID_TIER: 201,
  /** Every seat of the tier is taken. */
  TIER_SEATS_FULL: 202,
  /** An ASK_CAPPED tier's contract has neither an ask nor a reference price now: its cap cannot be derived. */
  TIER_NOT_QUOTED: 203,
  /** The account already holds a live subscription to this tier. */
  ALREADY_IN_TIER: 204,
  /** No live tier subscription has this id. */
  UNKNOWN_TIER_SUBSCRIPTION: 205,
  /** A bundle's legs out of range (none, too many, a series twice, not a spot window open now, a quantity off the lot). */
  INVALID_BUNDLE: 206,
  /** A leg the broker's asks do not fill (no ask, or too few rights): BUNDLE_REFUSED names it. */
  BUNDLE_LEG_UNFILLABLE: 207,
  /** The legs cost more at the asks than the buyer's maximum (the quote it saw moved). */
  BUNDLE_PRICE_MOVED: 208,
  // 210-219: exercising a listing's rights (EXERCISE_FROM_LISTING; docs/delivery.md, "Choosing the listing").
  /** The listing is no provider's published or unpublished listing of the series' segment. */
  LISTING_NOT_IN_SERIES: 210,
  /** The listing's provider has fewer sold rights in the series that nobody has redeemed than the exercise asks. */
  LISTING_SUPPLY_SHORT: 211,
  // 190-199: organisations (src/engine/products/organisations.ts, docs/organisations.md).
  /** No organisation has this id. */
  UNKNOWN_ORGANISATION: 190,
  /** The actor is not an admin of the organisation (or, moving funds in, not a member). */
  NOT_ORGANISATION_ADMIN: 191,
  /** The account belongs to an organisation already (a wallet belongs to at most one). */
  ALREADY_IN_ORGANISATION: 192,
  /** The organisation has as many members (or the exchange as many organisations) as it may. */
  ORGANISATION_FULL: 193,
  /** The change would leave the organisation without an admin. */
  LAST_ADMIN: 194,
  /** The account is not a member of this organisation. */
  NOT_A_MEMBER: 195,
  /** A name, role or member out of range (an organisation's own account, the broker, an operator). */
  INVALID_ORGANISATION: 196,
  /** Rules 17: the sole member leaving would dissolve the organisation while its account holds something (PAT, rights, orders, positions, open escrows, subscriptions). */
  ORGANISATION_NOT_EMPTY: 197,
  // 170-179: usage grants (issue 81; src/engine/products/escrow.ts, docs/delivery.md "Usage grants").
  /** A rights-counted step on a usage grant (a delivery confirmed by rights, a claim): its unused units are refunded at its end without one. */
  USAGE_GRANT: 170,
  /** RECORD_USAGE on a grant that is not usage-based. */
  NOT_USAGE_GRANT: 171,
  /** SET_USAGE_LISTING with a unit or units per right out of range. */
  INVALID_USAGE_TERMS: 172,
  // 240-244: organisation invitations (issue 81; src/engine/products/organisation-invitations.ts, docs/organisations.md "Invitations").
  /** No pending invitation with this id that the actor may answer (its invitee) or revoke (an admin of its organisation). */
  UNKNOWN_INVITATION: 240,
  /** The organisation has as many pending invitations as it may (MAX_PENDING_PER_ORGANISATION). */
  INVITATIONS_FULL: 241,
  /** The organisation has a pending invitation for this account already (revoke it to change the role). */
  ALREADY_INVITED: 242,
  /** The invitation's lifetime ended before it was accepted. */
  INVITATION_EXPIRED: 243,
  // 250: cancel-on-disconnect sessions (src/engine/core/cancel-on-disconnect.ts).
  /** The account has as many cancel-on-disconnect sessions armed as it may (MAX_CANCEL_ON_DISCONNECT_SESSIONS). */
  CANCEL_ON_DISCONNECT_SESSIONS_FULL: 250,
  // 260-269: fee sweeps (src/engine/core/fee-sweep.ts, docs/fees.md "Sweeping the fee account").
  /** The treasury account has an address of its own and it is not the fee recipient named (or that is no address). */
  NOT_FEE_RECIPIENT: 260,
  /** A sweep of more than the fee account holds. */
  FEE_ACCOUNT_SHORT: 261,
  // 270: operators' notes (src/engine/core/operator-notes.ts).
  /** A note with an unknown action, or a name or detail empty or too long. */
  INVALID_OPERATOR_NOTE: 270,
} as const;

export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason];

const names: string[] = [];
for (const [name, code] of Object.entries(RejectReason)) names[code] = name;

/** The enum member's name for a code, e.g. `INSUFFICIENT_BALANCE`. */
export function rejectReasonName(code: number): string {
  return names[code] ?? `UNKNOWN_REASON_${code}`;
}
