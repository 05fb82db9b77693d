/**
 * The engine's rules by version. A journal replays under the rules it was written
 * under: an engine starts at version 0 (the rules of every journal written before
 * versions existed) and moves up only by an ADOPT_RULES command, journaled like any
 * other, which the service submits at start when its engine is behind. So a rule added
 * here refuses commands from the moment it is adopted, and a journal that holds such
 * commands from before still recovers into the state it recorded.
 *
 * Version 1: no declaration or bid may take the rights in one spot or forward position
 * past MAX_POSITION_RIGHTS (POSITION_LIMIT): a capacity or pledge above it, a buy, an
 * amend that enlarges a bid or a broker's bid ladder that would bring rights held plus
 * open bids above it. A provider only sells, and holds at most what it minted within
 * its capacity. A forward's delivery can still carry a buyer's or the broker's spot
 * position past the bound (rights bought forward within it, added at the open); bids
 * there are then refused until it is back under. Positions thus hold numbers V8 keeps
 * as small integers inline (two of them sum below 2^31): one larger value anywhere in
 * the process makes that field a boxed double in every position (bench/HISTORY.md, Many
 * series).
 *
 * Version 2: every change that adds to an account's long in a spot or forward series
 * goes through one check (`PreTradeRisk.checkAddedLong`): an amend that enlarges a bid
 * is held to a customer's position limit and the broker's exposure limits, as a new buy
 * of the difference is (under 0 and 1 it met the bound above only), and a broker ladder
 * that bids for no more than the quote bids it replaces is never refused for exposure
 * (under 0 and 1 it was, whenever the broker's long stood above a limit). It asks
 * nothing more of the state than version 1.
 *
 * Version 3: rights are redeemed by sale (src/engine/products/escrow.ts, docs/delivery.md). A mint
 * is the provider's own stock; a sale from it joins the series' supply with its proceeds
 * held in escrow until delivery is confirmed, the dispute window passes or a claim is
 * refunded (CONFIRM_DELIVERY, RELEASE_ESCROW, FILE_CLAIM, RESOLVE_CLAIM); an exercise redeems
 * FIFO by sale; unsold stock is burned at the close. Adopting it moves each provider's
 * stock in live spot series out of the supply (`Escrow.adopt`). It asks nothing more of the
 * state than version 1. Under 0–2, mints enter the supply (FIFO by mint) and proceeds are free.
 *
 * Version 4: cash-settled series (issue 54). The settlement index and the marks are computed
 * under the index's definition 2 (docs/settlement-index.md): its fallback rungs are banded
 * around prices the market made, and the reference price enters as it stood at the period's
 * start (the index track samples it), so an operator's parameter changed during the period
 * moves no fixing. A written option's margin per unit is never below its maintenance at the
 * same index level (src/engine/products/options.ts), so a writer at any premium is not under
 * maintenance at the next mark. It asks nothing more of the state than version 1. Under 0–3,
 * definition 1 and the standard margin alone.
 *
 * Version 5: delivery evidence from both sides (issue 73; src/engine/products/escrow.ts, docs/delivery.md).
 * The system records rights the exchange verified as delivered (RECORD_DELIVERY_EVIDENCE); a
 * claim that nothing arrived refunds only rights without evidence and is refused when all are
 * evidenced; evidenced rights are disputed (FILE_DISPUTE, with what was wrong) and the operator
 * decides (DECIDE_DISPUTE). A claim's refund is paid from the refunded rights' held proceeds and
 * never more: the provider's free PAT moves only by an operator's decision. Under 3–4 a claim
 * refunds the consumer's price from the held proceeds, then the provider's free PAT. It asks
 * nothing more of the state than version 1.
 *
 * Version 6: a market order's protection is anchored at the best opposite price at entry, as
 * CME's market orders with protection and as the clients send an order with no limit
 * (src/client/order-protection.ts; one formula, src/risk/protection.ts): that price moved by the
 * series' band, rounded inward to a tick, within the series' limits, and never past the risk
 * band around the reference (`risk.priceBandBps`), where a limit order is refused. With nothing
 * on the other side it is anchored at the reference (the order is cancelled NO_LIQUIDITY), with
 * neither it is refused NO_REFERENCE_PRICE, as before (`OrderEntry.protectionPriceMicros`). Under
 * 0–5 it is anchored at the reference, or the best opposite price before there is one: the
 * broker quotes around its forecast, up to the risk band from the lagging reference, so its ask
 * sat beyond every market buy's reach (8% above the reference against a 5% band in the demo). It
 * asks nothing more of the state than version 1.
 *
 * Version 7: a tier's seats go to subscribers who can buy (src/engine/products/subscriptions.ts,
 * TIER_SEAT_RULES; docs/subscriptions.md, "Tiers"). Subscribing to a tier needs each of its contracts
 * quoted now (TIER_NOT_QUOTED), each contract's share of the budget and its cap to buy one window at
 * that quote (INVALID_SUBSCRIPTION), besides the free PAT for one window at the caps asked before; a
 * contract that skips `maxSkips` windows in a row ends the tier subscription (ENDED) and frees its seat.
 * Under 0–6 a budget of 2 µPAT held a seat (the `ask` rule's cap is the budget), and a contract paused
 * after skips kept it until resumed. Tier subscriptions made before
 * keep their seats. It asks nothing more of the state than version 1.
 *
 * Version 8: a synthetic or forward sale pays its fee on the price it filled at (src/engine/core/trade-fees.ts,
 * SALE_FEE_AT_FILL_RULES; docs/fees.md). Such a sale holds its fee at its limit; a taker sale meeting a
 * bid above its limit owes its held rate on the fill's price, and the part above the hold is taken from
 * its free PAT, as far as that goes (no balance goes below zero). Under 0–7 it paid the hold at most:
 * 20 bps on a fill 5% above the limit under-charged by about a twentieth. It asks nothing more of the
 * state than version 1.
 *
 * Version 9: a provider that unpublishes a listing still delivers the rights it sold under it
 * (src/engine/products/rights-supply.ts, RETIRED_LISTING_RULES; docs/catalog.md). Its last binding for the
 * segment is kept (`Account.retiredListings`) when the catalog tells the engine it has none: an exercise
 * that redeems its sold rights is granted under that listing and version, as before the unpublish, while
 * no new mint is allowed; publishing a listing for the segment again replaces it. Under 0–8 such a grant
 * named no listing (listing 0), its download was refused and the consumer's claim was refunded from the
 * provider's held proceeds. It asks nothing more of the state than version 1.
 *
 * Version 10: a subscription tier delivers its own listing's data (src/engine/products/subscriptions.ts,
 * TIER_PROVIDER_RULES; docs/subscriptions.md, "Tiers"). A tier's contract buys only while the listing's
 * provider has sold rights in the window that nobody has redeemed, at most those, and its exercise redeems
 * that provider's first; with the broker asking and none of them, it waits as for an ask and then skips
 * the window NO_PROVIDER_SUPPLY. Under 0–9 rights were redeemed oldest sale first, whoever sold them, so a
 * subscriber to one provider's tier could be granted another provider's records (and one exercise could mix
 * two schemas). Another account's subscription or tier subscription id is refused as an unknown one
 * (PRIVATE_SUBSCRIPTION_IDS_RULES): NOT_YOUR_SUBSCRIPTION told a stranger which ids are live. It asks nothing
 * more of the state than version 1.
 *
 * Version 11: a synthetic's position limit counts resting orders, as an option's does (src/engine/products/synthetics.ts,
 * SYNTHETIC_RESTING_LIMIT_RULES; docs/synthetics.md). An order or amend is refused POSITION_LIMIT when the position the
 * account would reach on its side if every resting order there filled (long: net + resting buys; short: −net + resting
 * sales) passes `risk.syntheticMaxPositionQty` and grows. Under 0–10 only the position was counted: bids of 2 and 2 under
 * a limit of 3 rested side by side and filled to a position of 4. And the risk band around the reference is at least
 * PRICE_BAND_MIN_TICKS (5) ticks either side (src/engine/core/order-entry.ts, PRICE_BAND_FLOOR_RULES): 20% of a price of
 * a few ticks is less than one, so a cheap option's band admitted its reference alone (a call referenced at 0.001 refused
 * a buy at 0.003 while 0.001 was offered). It asks nothing more of the state than version 1.
 *
 * Version 12: a mark that tops a position's lock up from the account's free PAT says so (src/engine/products/margin-top-up.ts,
 * MARGIN_TOP_UP_EVENT_RULES; docs/synthetics.md, "Marking and liquidation"): a MARGIN_TOPPED_UP event for each
 * synthetic or written option position whose lock took free PAT at a mark, with the amount and the lock after it, sent
 * to the account's sessions and kept in its margin history (GET /v1/margin-events). Under 0–11 the PAT moved with no
 * event, so the account's free balance fell with nothing to say why. The state is the same under both.
 *
 * Version 13: a synthetic order that never rests (IOC, FOK, market) and only reduces the account's position (a sale of at
 * most its long, a buy of at most its short) holds no margin (src/engine/core/order-entry.ts, REDUCING_IMMEDIATE_RULES;
 * docs/synthetics.md, "Orders and margin"): each unit it fills frees the position's margin. Under 0–12 it held initial
 * margin from free PAT like an opening order, so an account whose free PAT was all in its position's lock could not close
 * the position before settlement (INSUFFICIENT_MARGIN). A resting order still holds its margin. It asks nothing more of
 * the state than version 1.
 *
 * Version 14: a non-broker's synthetic margin counts the mark (src/engine/products/synthetics.ts, MARGIN_AT_MARK_RULES;
 * docs/synthetics.md, "Orders and margin"). An order holds per unit the larger of initial margin at its limit and
 * initial margin at the mark plus the loss the limit carries there (a sale below the mark, a buy above it), and a fill
 * locks the larger of the position's requirement at the fill price and at the mark. The level is the latest mark, else
 * the spot series' reference price or last trade. Under 0–13 the price alone counted: a short sold at 0.77 while the
 * mark stood at 1.17 locked 0.154 a unit, was under maintenance at the next mark and lost its account's free PAT and
 * then the position (a 20 PAT deposit in 22 s). The broker, never liquidated, holds initial margin at its prices as
 * before. It asks nothing more of the state than version 1.
 *
 * Version 15: an option buy that never rests (IOC, FOK, market) and buys back at most the account's written position
 * counts, beside its free PAT, the lock its fills free (src/engine/core/order-entry.ts, BUY_BACK_FROM_LOCK_RULES;
 * docs/options.md): a writer whose PAT is in its position's lock can buy back. Under 0–14 free PAT alone counted, so a
 * call written in the money (locking 0.556 PAT) could not be bought back at 0.118 (INSUFFICIENT_BALANCE) until expiry.
 * A resting buy still holds its premium from free PAT. And a market order's protection reaches at least 5 ticks
 * (PRICE_BAND_MIN_TICKS) past the touch (order-entry.ts, PROTECTION_FLOOR_RULES; docs/cli.md): 5% of a premium of a few
 * ticks rounded to the touch itself, so a market buy of a cheap option met NOT_FILLED whenever the ask moved a tick (an
 * outside review: 2 of 6 at an ask of 0.002). It asks nothing more of the state than version 1.
 *
 * Version 16: the settlement index's definition 3 (docs/settlement-index.md, "Definitions"; THIN_MID_RULES). A thin
 * mid (two-sided samples below the half of the hour the mid needs) anchors the band over the period's trades only from
 * ⌈minTwoSided / 5⌉ samples on (6 of 60); with fewer, the trades' own median anchors it. Under 4–15 any thin mid did: in
 * a sandbox 5-minute window one two-sided sample at its open (mid 0.99) held 46 of 53 trades (median 0.75) up into its
 * band, and the window settled at 0.93, where longs bought at the broker's ask made up to 0.13 PAT a unit. The
 * marks and the quoter's index forecast follow the same definition. It asks nothing more of the state than version 1.
 *
 * Version 17: grant ids are private and an organisation's sole member may dissolve it. A claim or dispute
 * (FILE_CLAIM, FILE_DISPUTE) on another consumer's grant is refused as for a grant the escrow does not hold
 * (src/engine/products/escrow.ts, PRIVATE_GRANT_IDS_RULES): UNKNOWN_GRANT for an id never issued, ESCROW_CLOSED for
 * one issued, where under 0–16 NOT_YOUR_GRANT told a stranger which ids were live and someone else's. And the last
 * admin of an organisation that has no other member may leave it (REMOVE_ORGANISATION_MEMBER naming itself), which
 * dissolves it (src/engine/products/organisations.ts, DISSOLVE_RULES; docs/organisations.md, "Leaving and
 * dissolving"): its pending invitations are revoked, ORGANISATION_DISSOLVED follows the member's removal and every
 * later command on it is UNKNOWN_ORGANISATION; refused ORGANISATION_NOT_EMPTY while its account holds anything
 * (PAT, rights, orders, positions, open escrows, subscriptions). Under 0–16 it was LAST_ADMIN: a wallet that founded
 * one could join no other. It asks nothing more of the state than version 1.
 *
 * Version 18: a buy of option or synthetic units the broker's sale wrote pays its trade fee and the issuance fee
 * rounded up once, ⌈(notional × trade bps + issued × issuance bps) / 10 000⌉ (src/engine/core/trade-fees.ts,
 * ONE_ROUNDING_BUY_FEE_RULES; docs/fees.md). Under 0–17 each was rounded up on its own and the order's hold, one rounding
 * of the summed rate at its limit, capped the sum: a buy filled at its own limit paid 1 µPAT under its two fees at times.
 * Now the fee at any price up to the limit fits the hold, and the cap never decides it. It asks nothing more of the state
 * than version 1.
 *
 * Version 19: a provider whose payouts are held (not verified while `risk.payoutRequiresVerification` is 1) may withdraw
 * its own deposits (src/engine/core/account-funds.ts, OWN_DEPOSIT_RULES; docs/providers.md, "Held payouts"): the
 * deposits credited to it since the adoption, less every withdrawal since (a withdrawal takes deposits first); what it
 * asks beyond them is refused PAYOUT_HELD_UNVERIFIED, as all was under 0–18. What it earned stays until it is verified.
 * Deposits from before the adoption are not counted (the state did not keep them). It asks nothing more of the state
 * than version 1.
 *
 * Version 20: nothing is released behind a consumer's claim or dispute but by its resolution (src/engine/products/escrow.ts,
 * DISPUTE_HOLDS_RULES; docs/delivery.md, "Evidence, claims and disputes"): CONFIRM_DELIVERY is refused CLAIM_OPEN while
 * a claim is open and DISPUTE_AWAITS_DECISION while a dispute awaits the operator. Under 0–19 the service's count of a
 * provider's unreceipted reports, past their dispute time, confirmed them during an open dispute (an outside review,
 * 2026-12-04): the provider was paid, and a decision that came after found the escrow closed. It asks nothing more of
 * the state than version 1.
 *
 * Version 21: an option writer's sales hold their margin whichever fills first. Once an account's resting sales in an
 * option exceed its long, every one of them holds writing margin (src/engine/products/options.ts,
 * WRITER_SALES_MARGIN_RULES; docs/options.md, "Selling"): a writing sale (placed, or amended) makes the account's resting
 * sales that hold none (placed to close the long) hold theirs, against the same free PAT (INSUFFICIENT_MARGIN). Under
 * 0–20 a sale's margin was decided by the long left unoffered when it was placed, and the units it wrote by the fill: a
 * closing sale resting beside a writing one that filled first wrote its units with no margin (an outside audit: short 5
 * calls, 0 locked, the free PAT withdrawable). The broker is outside it (its margin goes as far as its PAT). And a
 * bundle is refused whole when order entry's margin multiple would refuse a leg: BUY_BUNDLE checks each leg's collateral
 * (`risk.marginBps`, `risk.thinMarginBps` in a thin series) against the free PAT less what the legs before it hold, at
 * their limits and fee holds (src/engine/products/bundles.ts, BUNDLE_MARGIN_RULES; docs/catalog.md, "Bundles"), refused
 * INSUFFICIENT_COLLATERAL naming the leg. Under 0–20 a leg refused inside order entry after the legs before it were
 * bought threw BundleInvariantError and stopped the sequencer; such a command was never journaled, so under 0–20 the
 * same check refuses what would certainly have thrown (the legs before counted at their cost, what they spend at least).
 * It asks nothing more of the state than version 1 (positions written before the adoption keep the margin they locked).
 *
 * Version 22: a webhook subscription ends when its push authorisation does (src/engine/products/subscriptions.ts,
 * PUSH_AUTHORISATION_RULES; docs/subscriptions.md, "Delivery"): a window whose rights would be exercised (at its open,
 * or now if it is open) at or after the authorisation's `untilMs` is not bought; the subscription ends,
 * SUBSCRIPTION_STATUS_CHANGED ENDED PUSH_AUTHORISATION_EXPIRED (a tier's contract ends its tier subscription, as every
 * end does). Under 0–21 it bought on, and the grants waited in /v1/grants/mine while the subscriber paid for pushes no
 * gate could make (an outside audit, 2026-12-06). It asks nothing more of the state than version 1 (the authorisation
 * is the subscription's own, journaled with it).
 *
 * Version 23: a synthetic order that never rests and only reduces the position (rules 13: it held no margin) holds the loss
 * its limit carries at the mark beyond what the position holds per unit there (src/engine/products/synthetics.ts,
 * REDUCING_LOSS_RULES; docs/synthetics.md, "Closing needs no free PAT"): per unit, the loss at the mark (a sale below it, a
 * buy above it) less the position's equity at the mark over |net|, from free PAT (INSUFFICIENT_MARGIN otherwise). Under
 * 13–22 it held nothing: a long of 10 at 1.30 with its 2.6 PAT all in the lock sold IOC at 0.70 into an accomplice's bid,
 * fixed a loss of 6 PAT, paid 2.6 of it, and the broker covered 3.4 at settlement, which the accomplice collected (an
 * outside audit). A close at or near the mark still needs no free PAT. It asks nothing more of the state than version 1.
 *
 * Version 24: an account has at most MAX_PENDING_WITHDRAWALS (20) withdrawals waiting for a settlement batch
 * (src/engine/core/account-funds.ts, PENDING_WITHDRAWALS_RULES; docs/settlement.md, "Withdrawing"): one more is refused
 * TOO_MANY_PENDING_WITHDRAWALS, changing nothing, until a batch pays them. Each is a row the batch carries and a transfer
 * whose gas the exchange pays. Under 0–23 the engine took any number: only the gateway's order entry refused the 21st
 * (RATE_LIMITED), so a withdrawal from any other path (an operator tool, a replicated or replayed command, a future
 * route) was unbounded. The gateway still refuses it first, with the same number. An account already past the bound
 * at the adoption keeps its withdrawals (each is paid) and is refused more until it is under. It asks nothing more of
 * the state than version 1.
 *
 * A module of the engine's state machine, within `Engine.apply`.
 */
import { SYSTEM_ACTOR, type AdoptRules } from '../core/commands.js';
import type { EngineState } from '../core/engine-state.js';
import type { Escrow } from './escrow.js';
import { EventType } from '../core/events.js';
import { RejectReason } from '../core/reject-reason.js';
import { SALE_SUPPLY_RULES } from './escrow.js';

/** The rules this code applies to new journals. */
export const CURRENT_RULES = 24;
/** Rules version 4: the index's definition 2 and the option margin's maintenance floor. */
export const MARKET_INDEX_RULES = 4;
/** Rules version 16: the index's definition 3 (a thin mid anchors the band over trades only from a floor of samples). */
export const THIN_MID_RULES = 16;
/** Rules version 1's bound on the rights in one spot or forward position. */
export const MAX_POSITION_RIGHTS = 1_000_000_000;

/** The bound on a position's rights under `version` (no bound before version 1). */
export function maxPositionRightsUnder(version: number): number {
  return version >= 1 ? MAX_POSITION_RIGHTS : Number.POSITIVE_INFINITY;
}

/** The engine as the rules sees it: the state it reads and writes, and the other concerns it calls. */
export type RulesEngine = Pick<EngineState, 'rulesVersion' | 'setRules' | 'series' | 'seq' | 'rejectCommand' | 'out' | 'accounts'> & {
  readonly escrow: Pick<Escrow, 'adopt'>;
};

export class EngineRules {
  constructor(private readonly e: RulesEngine) {}

  adoptRules(cmd: AdoptRules): void {
    const reason = this.check(cmd);
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const from = this.e.rulesVersion;
    this.e.setRules(cmd.version);
    if (from < SALE_SUPPLY_RULES && cmd.version >= SALE_SUPPLY_RULES) this.e.escrow.adopt();
    this.e.out.push({ type: EventType.RULES_ADOPTED, seq: this.e.seq, version: cmd.version });
  }

  private check(cmd: AdoptRules): RejectReason {
    if (cmd.actor !== SYSTEM_ACTOR) return RejectReason.ROLE_NOT_ALLOWED;
    if (!Number.isSafeInteger(cmd.version) || cmd.version <= this.e.rulesVersion || cmd.version > CURRENT_RULES) return RejectReason.UNKNOWN_RULES;
    return this.keptBy(cmd.version) ? RejectReason.NONE : RejectReason.RULES_NOT_MET;
  }

  /** Whether the state already keeps `version`'s rules: no spot or forward position past its bound (cash-settled positions have limits of their own; versions 2 to 11 ask no more than 1). A query: it changes nothing. */
  keptBy(version: number): boolean {
    const bound = maxPositionRightsUnder(version);
    for (const account of this.e.accounts) {
      if (account === undefined) continue;
      for (const p of account.positions.values()) {
        if (this.e.series[p.seriesId]?.cashSettled !== undefined) continue;
        if (p.capacity > bound || p.rightsWithBids > bound) return false;
      }
    }
    return true;
  }
}
