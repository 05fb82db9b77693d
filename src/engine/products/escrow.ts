/**
 * Rights by sale, escrow and claims (rules 3; docs/delivery.md, "Whose rights an exercise
 * redeems" and "Escrow, claims and refunds").
 *
 * - A provider's minted rights are its own stock (`Position.ownUnsold`) until it sells them.
 *   When rights leave a provider in a spot fill they are counted as sold from its own stock
 *   first (min(qty, ownUnsold)); those join the series' supply as one lot with the sale's
 *   proceeds, which are HELD: locked in the provider's balance, neither spendable nor
 *   withdrawable. A forward delivered at the open is a sale too (its proceeds are held the same).
 *   An exercise redeems the supply FIFO by sale, so only rights a provider sold, and a
 *   provider's unsold stock is never redeemed by someone else's exercise.
 * - At the exercise each provider share's held proceeds move to its grant (`GrantEscrow`).
 *   They are released to the provider's free PAT when the consumer's receipt confirms
 *   delivery (CONFIRM_DELIVERY, the system), or once the grant's dispute window has passed
 *   with no claim (RELEASE_ESCROW, the system's sweeper).
 * - A consumer not served files a claim (FILE_CLAIM) while its grant is undelivered and the
 *   dispute window open, once. If the provider has not delivered within risk.claimGraceMs,
 *   RESOLVE_CLAIM (the system) refunds the consumer its average purchase price in the series
 *   for the undelivered rights, from the grant's held proceeds, then the provider's free PAT
 *   (its collateral); what neither covers is recorded as the shortfall.
 * - At the window's close (EXPIRE_SERIES) a provider's unsold stock is burned, and the held
 *   proceeds of sold rights nobody exercised are released (nothing was owed on them).
 *
 * Rules 5 (delivery evidence from both sides; docs/delivery.md, "Evidence, claims and disputes"):
 * - The system records rights the exchange holds evidence of delivering (RECORD_DELIVERY_EVIDENCE:
 *   a consumer-signed request with the provider's signed statement of what it served, a pushed
 *   batch the consumer's endpoint took, or the consumer's receipt). A claim that nothing arrived
 *   covers only rights without evidence: it is refused EVIDENCE_OF_DELIVERY when every
 *   undelivered right is evidenced, and refunds only the rest when it falls due.
 * - A consumer disputes evidenced rights with FILE_DISPUTE, saying what was wrong; a dispute is
 *   never resolved by the clock: the operator decides it (DECIDE_DISPUTE).
 * - A refund is paid from the grant's held proceeds for the refunded rights and never more (what
 *   the provider was paid for them); the provider's free PAT is taken only by an operator's
 *   decision, and never beyond the consumer's price for those rights.
 *
 * Usage grants (issue 81; docs/delivery.md, "Usage grants"): a grant under a listing version that
 * sells usage (SET_USAGE_LISTING) buys its rights × unitsPerRight units of records or requests.
 * The system records the units used as verified evidence shows them (RECORD_USAGE); nothing is
 * released by rights (CONFIRM_DELIVERY and FILE_CLAIM are refused USAGE_GRANT); at the dispute
 * window's end RELEASE_ESCROW settles it: the unused units' share of what is held is refunded to
 * the consumer, the rest released to the provider. A dispute weighs its evidence as usual.
 *
 * Under rules 0–2 none of this runs: mints enter the supply (FIFO by mint) and proceeds are
 * free at once; adopting rules 3 moves each provider's stock out of the supply (`adopt`).
 * A module of the engine's state machine, within `Engine.apply`.
 */
import type { Account, Position } from '../core/account.js';
import {
  DisputeReason,
  Role,
  SeriesStatus,
  SYSTEM_ACTOR,
  type ConfirmDelivery,
  type DecideDispute,
  type FileClaim,
  type FileDispute,
  type RecordDeliveryEvidence,
  type RecordUsage,
  type ReleaseEscrow,
  type ResolveClaim,
} from '../core/commands.js';
import type { EngineState } from '../core/engine-state.js';
import type { SpotEscrow } from '../core/order-entry.js';
import { EventType, ReleaseReason, type Redemption } from '../core/events.js';
import { isPositiveSafeInt } from '../core/integers.js';
import { RejectReason } from '../core/reject-reason.js';
import type { Series } from '../core/series.js';
import { mulDiv, type SupplyLot } from '../core/supply.js';

/** The rules version from which rights are redeemed by sale and their proceeds held (src/engine/products/rules.ts). */
export const SALE_SUPPLY_RULES = 3;
/** The rules version from which delivery evidence bounds claims and refunds (src/engine/products/rules.ts). */
export const EVIDENCED_DELIVERY_RULES = 5;
/**
 * The rules version from which a claim or dispute on another consumer's grant is refused as for a grant the escrow does
 * not hold (`missing`), so a stranger learns nothing of which ids are live (src/engine/products/rules.ts); before it, NOT_YOUR_GRANT.
 */
export const PRIVATE_GRANT_IDS_RULES = 17;
/**
 * The rules version from which CONFIRM_DELIVERY is refused while the grant has an open claim (CLAIM_OPEN) or a dispute
 * awaiting the operator (DISPUTE_AWAITS_DECISION): nothing is released behind a consumer's dispute but by the decision.
 * Under 0–19 the provider's unreceipted reports counted past their dispute time while a dispute was open, and paid it.
 */
export const DISPUTE_HOLDS_RULES = 20;

const DISPUTE_REASONS: ReadonlySet<number> = new Set(Object.values(DisputeReason));

/** The held proceeds behind one grant, and its claim, while anything is held or claimed. */
export class GrantEscrow {
  /** Rights not yet confirmed delivered. */
  undeliveredQty: number;
  /** Sale proceeds still held for the undelivered rights, µPAT. */
  heldMicros: number;
  /** When a claim (or a dispute) was filed (0: none), and from when a claim may be resolved. */
  claimedAtMs = 0;
  claimDueAtMs = 0;
  /** Rules 5: rights the exchange holds evidence of delivering, in all (receipted ones included). */
  evidencedQty = 0;
  /** Rules 5: the open claim is a dispute, which the operator decides; and what the consumer said was wrong. */
  disputed = false;
  disputeReason = 0;
  /** Rules 5: rights refunded by a claim while the grant's evidenced rights stayed held. */
  refundedQty = 0;
  /** A usage grant's unit (UsageUnit) and units per right; 0 for a grant of one-time rights. */
  usageUnit = 0;
  unitsPerRight = 0;
  /** A usage grant's units used, as verified evidence shows them (RECORD_USAGE). */
  usedUnits = 0;

  /** A usage grant's units in all: its rights × units per right. */
  get units(): number {
    return this.qty * this.unitsPerRight;
  }

  get isUsage(): boolean {
    return this.unitsPerRight > 0;
  }

  constructor(
    readonly grantId: number,
    readonly seriesId: number,
    readonly providerAccountId: number,
    readonly consumerAccountId: number,
    readonly qty: number,
    heldMicros: number,
    readonly redeemedAtMs: number,
    readonly disputeEndsAtMs: number,
  ) {
    this.undeliveredQty = qty;
    this.heldMicros = heldMicros;
  }
}

/** The engine as escrow sees it: the state it reads and writes. */
export type EscrowEngine = Pick<EngineState, 'accounts' | 'seq' | 'out' | 'nowMs' | 'rejectCommand' | 'rulesVersion' | 'series' | 'risk' | 'nextGrantId'>;

export class Escrow implements SpotEscrow {
  /** Open escrows by grant id, in grant order; a grant leaves once delivered, released or refunded. */
  readonly grants = new Map<number, GrantEscrow>();

  constructor(private readonly e: EscrowEngine) {}

  /** Whether the state is under rules 3 (rights by sale, held proceeds). */
  get bySale(): boolean {
    return this.e.rulesVersion >= SALE_SUPPLY_RULES;
  }

  // ---------------------------------------------------------------- sales

  /** A provider minted `qty` (rules 3): its own stock, out of the supply until sold. */
  mintOwn(series: Series, position: Position, qty: number): void {
    position.ownUnsold += qty;
    series.addMinter(position.owner.id);
  }

  /**
   * A spot fill took `qty` rights from `sell` at `priceMicros`: counts what came from its own
   * stock as sold (into the supply, proceeds held); returns that quantity (the caller credits
   * the seller's free PAT with the rest of the notional only).
   */
  sellOwn(series: Series, sell: Position, qty: number, priceMicros: number, feeMicros: number): number {
    const sold = qty < sell.ownUnsold ? qty : sell.ownUnsold;
    sell.ownUnsold -= sold;
    // Less the part of the seller's fee its free proceeds did not cover (order-entry.ts; 0 under a zero schedule).
    const held = priceMicros * sold - feeMicros;
    this.hold(sell.owner, held);
    series.supply.add(sell.owner.id, sold, held);
    return sold;
  }

  /** After the fill's own event: the hold, journaled with the trade it came from. */
  emitHeld(seriesId: number, accountId: number, qty: number, heldMicros: number, tradeId: number): void {
    this.e.out.push({ type: EventType.SALE_PROCEEDS_HELD, seq: this.e.seq, accountId, seriesId, qty, heldMicros, tradeId });
  }

  /** A provider delivered a forward at the open (rules 3): the rights, sold to the broker, join the supply with their proceeds held. */
  deliveredForward(spot: Series, provider: Account, qty: number, proceedsMicros: number): void {
    spot.supply.add(provider.id, qty, proceedsMicros);
    this.hold(provider, proceedsMicros);
    this.emitHeld(spot.id, provider.id, qty, proceedsMicros, 0);
  }

  private hold(account: Account, micros: number): void {
    account.lockedMicros += micros;
    account.proceedsHeldMicros += micros;
  }

  /** Held proceeds go to the account's free PAT. */
  private release(account: Account, micros: number): void {
    account.lockedMicros -= micros;
    account.proceedsHeldMicros -= micros;
    account.availableMicros += micros;
  }

  /** Held proceeds leave the account's lock (a refund pays them to the consumer). */
  private unhold(account: Account, micros: number): void {
    account.lockedMicros -= micros;
    account.proceedsHeldMicros -= micros;
  }

  // ------------------------------------------------------------- exercise

  /** An exercise redeemed `shares` (rules 3): each share's held proceeds stand behind its grant until delivery or the dispute window's end. */
  openGrants(series: Series, consumerAccountId: number, shares: readonly SupplyLot[], redemptions: readonly Redemption[]): void {
    const disputeEndsAtMs = Math.max(series.spec.closeAtMs, this.e.nowMs) + this.e.risk.disputeWindowMs;
    for (let i = 0; i < shares.length; i++) {
      const share = shares[i]!;
      const r = redemptions[i]!;
      const g = new GrantEscrow(r.grantId, series.id, share.providerAccountId, consumerAccountId, share.qty, share.heldMicros, this.e.nowMs, disputeEndsAtMs);
      this.grants.set(g.grantId, g);
      this.e.out.push({
        type: EventType.GRANT_ESCROWED,
        seq: this.e.seq,
        grantId: g.grantId,
        seriesId: series.id,
        providerAccountId: g.providerAccountId,
        consumerAccountId,
        qty: g.qty,
        heldMicros: g.heldMicros,
        disputeEndsAtMs,
      });
      this.openUsage(g, series, r);
    }
  }

  /** The grant is usage-based when the listing its redemption names sells usage (SET_USAGE_LISTING) at that version. */
  private openUsage(g: GrantEscrow, series: Series, r: Redemption): void {
    const listing = this.e.accounts[g.providerAccountId]!.grantListing(series.segment);
    const usage = listing?.usage;
    if (usage === undefined || listing!.listingId !== r.listingId || listing!.listingVersion !== r.listingVersion) return;
    g.usageUnit = usage.usageUnit;
    g.unitsPerRight = usage.unitsPerRight;
    this.e.out.push({
      type: EventType.USAGE_GRANT_OPENED,
      seq: this.e.seq,
      grantId: g.grantId,
      seriesId: g.seriesId,
      providerAccountId: g.providerAccountId,
      consumerAccountId: g.consumerAccountId,
      usageUnit: g.usageUnit,
      unitsPerRight: g.unitsPerRight,
      units: g.units,
    });
  }

  /** Why another account's claim on a live grant is refused: from rules 17 as if the escrow did not hold it (a stranger learns nothing of the id). */
  private notTheConsumer(grantId: number): RejectReason {
    return this.e.rulesVersion >= PRIVATE_GRANT_IDS_RULES ? this.missing(grantId) : RejectReason.NOT_YOUR_GRANT;
  }

  /** Why a grant has no open escrow: never issued, or settled already. */
  private missing(grantId: number): RejectReason {
    return isPositiveSafeInt(grantId) && grantId < this.e.nextGrantId ? RejectReason.ESCROW_CLOSED : RejectReason.UNKNOWN_GRANT;
  }

  confirmDelivery(cmd: ConfirmDelivery): void {
    const g = this.grants.get(cmd.grantId);
    let reason: RejectReason = RejectReason.NONE;
    if (cmd.actor !== SYSTEM_ACTOR) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (g === undefined) reason = this.missing(cmd.grantId);
    else if (g.isUsage) reason = RejectReason.USAGE_GRANT;
    else if (!isPositiveSafeInt(cmd.qty) || cmd.qty > g.undeliveredQty) reason = RejectReason.INVALID_QUANTITY;
    else if (g.claimedAtMs !== 0 && this.e.rulesVersion >= DISPUTE_HOLDS_RULES) reason = g.disputed ? RejectReason.DISPUTE_AWAITS_DECISION : RejectReason.CLAIM_OPEN;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const grant = g!;
    // The proceeds of what is still undelivered, pro rata; the last right takes what is left.
    const micros = cmd.qty === grant.undeliveredQty ? grant.heldMicros : mulDiv(grant.heldMicros, cmd.qty, grant.undeliveredQty);
    grant.undeliveredQty -= cmd.qty;
    grant.heldMicros -= micros;
    this.release(this.e.accounts[grant.providerAccountId]!, micros);
    this.emitReleased(grant.grantId, grant.providerAccountId, grant.seriesId, cmd.qty, micros, ReleaseReason.DELIVERED);
    // All delivered: nothing is held or claimable any more (an open claim is moot).
    if (grant.undeliveredQty === 0) this.grants.delete(grant.grantId);
  }

  /** Undelivered rights the exchange holds evidence of delivering (rules 5): evidence beyond what the consumer confirmed. */
  static evidencedUndelivered(g: GrantEscrow): number {
    // A usage grant confirms nothing by rights: a right with any unit used is evidenced.
    if (g.isUsage) return Math.min(g.undeliveredQty, Math.ceil(g.usedUnits / g.unitsPerRight));
    const confirmed = g.qty - g.undeliveredQty - g.refundedQty;
    return Math.max(0, Math.min(g.undeliveredQty, g.evidencedQty - confirmed));
  }

  recordEvidence(cmd: RecordDeliveryEvidence): void {
    const g = this.grants.get(cmd.grantId);
    let reason: RejectReason = RejectReason.NONE;
    if (cmd.actor !== SYSTEM_ACTOR) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (this.e.rulesVersion < EVIDENCED_DELIVERY_RULES) reason = RejectReason.RULES_TOO_OLD;
    else if (g === undefined) reason = this.missing(cmd.grantId);
    else if (g.isUsage) reason = RejectReason.USAGE_GRANT;
    else if (!isPositiveSafeInt(cmd.qty) || g.evidencedQty + cmd.qty > g.qty) reason = RejectReason.INVALID_QUANTITY;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const grant = g!;
    grant.evidencedQty += cmd.qty;
    this.e.out.push({
      type: EventType.DELIVERY_EVIDENCED,
      seq: this.e.seq,
      grantId: grant.grantId,
      seriesId: grant.seriesId,
      providerAccountId: grant.providerAccountId,
      consumerAccountId: grant.consumerAccountId,
      qty: cmd.qty,
      evidencedQty: grant.evidencedQty,
    });
  }

  releaseEscrow(cmd: ReleaseEscrow): void {
    const g = this.grants.get(cmd.grantId);
    let reason: RejectReason = RejectReason.NONE;
    if (cmd.actor !== SYSTEM_ACTOR) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (g === undefined) reason = this.missing(cmd.grantId);
    else if (g.claimedAtMs !== 0) reason = RejectReason.CLAIM_OPEN;
    else if (this.e.nowMs < g.disputeEndsAtMs) reason = RejectReason.ESCROW_NOT_DUE;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const grant = g!;
    if (grant.isUsage) return this.settleUsage(grant);
    this.release(this.e.accounts[grant.providerAccountId]!, grant.heldMicros);
    this.emitReleased(grant.grantId, grant.providerAccountId, grant.seriesId, grant.undeliveredQty, grant.heldMicros, ReleaseReason.DISPUTE_WINDOW_ENDED);
    this.grants.delete(grant.grantId);
  }

  recordUsage(cmd: RecordUsage): void {
    const g = this.grants.get(cmd.grantId);
    let reason: RejectReason = RejectReason.NONE;
    if (cmd.actor !== SYSTEM_ACTOR) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (g === undefined) reason = this.missing(cmd.grantId);
    else if (!g.isUsage) reason = RejectReason.NOT_USAGE_GRANT;
    else if (!isPositiveSafeInt(cmd.units) || g.usedUnits + cmd.units > g.units) reason = RejectReason.INVALID_QUANTITY;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const grant = g!;
    grant.usedUnits += cmd.units;
    this.e.out.push({
      type: EventType.USAGE_RECORDED,
      seq: this.e.seq,
      grantId: grant.grantId,
      seriesId: grant.seriesId,
      providerAccountId: grant.providerAccountId,
      consumerAccountId: grant.consumerAccountId,
      units: cmd.units,
      usedUnits: grant.usedUnits,
    });
  }

  /**
   * A usage grant's dispute window ended with no dispute open: of what is held, the unused units'
   * share (rounded down) goes back to the consumer, the rest (the used units' share) to the
   * provider. Only the provider's sale proceeds are refunded, never more: what the consumer paid
   * above them (the broker's spread) bought the access it had, as a refunded claim's shortfall.
   */
  private settleUsage(grant: GrantEscrow): void {
    const provider = this.e.accounts[grant.providerAccountId]!;
    const consumer = this.e.accounts[grant.consumerAccountId]!;
    const units = grant.units;
    const refund = mulDiv(grant.heldMicros, units - grant.usedUnits, units);
    const released = grant.heldMicros - refund;
    this.unhold(provider, grant.heldMicros);
    provider.availableMicros += released;
    consumer.availableMicros += refund;
    this.grants.delete(grant.grantId);
    this.emitReleased(grant.grantId, grant.providerAccountId, grant.seriesId, grant.undeliveredQty, released, ReleaseReason.DISPUTE_WINDOW_ENDED);
    this.e.out.push({
      type: EventType.USAGE_SETTLED,
      seq: this.e.seq,
      grantId: grant.grantId,
      seriesId: grant.seriesId,
      consumerAccountId: grant.consumerAccountId,
      providerAccountId: grant.providerAccountId,
      units,
      usedUnits: grant.usedUnits,
      refundMicros: refund,
      releasedMicros: released,
    });
  }

  fileClaim(cmd: FileClaim): void {
    const g = this.grants.get(cmd.grantId);
    let reason: RejectReason = RejectReason.NONE;
    const role = this.e.accounts[cmd.actor]?.role;
    if (role === undefined) reason = RejectReason.UNKNOWN_ACCOUNT;
    else if (role !== Role.CONSUMER && role !== Role.INSTITUTION) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (g === undefined) reason = this.missing(cmd.grantId);
    else if (g.consumerAccountId !== cmd.actor) reason = this.notTheConsumer(cmd.grantId);
    else if (g.isUsage) reason = RejectReason.USAGE_GRANT;
    else if (g.claimedAtMs !== 0) reason = RejectReason.CLAIM_EXISTS;
    else if (g.undeliveredQty === 0) reason = RejectReason.ALREADY_DELIVERED;
    else if (this.e.nowMs >= g.disputeEndsAtMs) reason = RejectReason.DISPUTE_WINDOW_CLOSED;
    // Rules 5: a claim says nothing arrived; rights the provider evidenced are disputed instead.
    else if (this.e.rulesVersion >= EVIDENCED_DELIVERY_RULES && Escrow.evidencedUndelivered(g) === g.undeliveredQty) reason = RejectReason.EVIDENCE_OF_DELIVERY;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const grant = g!;
    grant.claimedAtMs = this.e.nowMs;
    grant.claimDueAtMs = this.e.nowMs + this.e.risk.claimGraceMs;
    this.e.out.push({
      type: EventType.CLAIM_FILED,
      seq: this.e.seq,
      grantId: grant.grantId,
      seriesId: grant.seriesId,
      consumerAccountId: grant.consumerAccountId,
      providerAccountId: grant.providerAccountId,
      undeliveredQty: grant.undeliveredQty,
      dueAtMs: grant.claimDueAtMs,
    });
  }

  fileDispute(cmd: FileDispute): void {
    const g = this.grants.get(cmd.grantId);
    let reason: RejectReason = RejectReason.NONE;
    const role = this.e.accounts[cmd.actor]?.role;
    if (role === undefined) reason = RejectReason.UNKNOWN_ACCOUNT;
    else if (role !== Role.CONSUMER && role !== Role.INSTITUTION) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (this.e.rulesVersion < EVIDENCED_DELIVERY_RULES) reason = RejectReason.RULES_TOO_OLD;
    else if (!DISPUTE_REASONS.has(cmd.reason)) reason = RejectReason.INVALID_DISPUTE_REASON;
    else if (g === undefined) reason = this.missing(cmd.grantId);
    else if (g.consumerAccountId !== cmd.actor) reason = this.notTheConsumer(cmd.grantId);
    else if (g.claimedAtMs !== 0) reason = RejectReason.CLAIM_EXISTS;
    else if (g.undeliveredQty === 0) reason = RejectReason.ALREADY_DELIVERED;
    else if (this.e.nowMs >= g.disputeEndsAtMs) reason = RejectReason.DISPUTE_WINDOW_CLOSED;
    else if (Escrow.evidencedUndelivered(g) === 0) reason = RejectReason.NO_EVIDENCE;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const grant = g!;
    grant.claimedAtMs = this.e.nowMs;
    grant.disputed = true;
    grant.disputeReason = cmd.reason;
    this.e.out.push({
      type: EventType.DISPUTE_FILED,
      seq: this.e.seq,
      grantId: grant.grantId,
      seriesId: grant.seriesId,
      consumerAccountId: grant.consumerAccountId,
      providerAccountId: grant.providerAccountId,
      reason: cmd.reason,
      undeliveredQty: grant.undeliveredQty,
      evidencedQty: Escrow.evidencedUndelivered(grant),
    });
  }

  resolveClaim(cmd: ResolveClaim): void {
    const g = this.grants.get(cmd.grantId);
    let reason: RejectReason = RejectReason.NONE;
    if (cmd.actor !== SYSTEM_ACTOR) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (g === undefined) reason = this.missing(cmd.grantId);
    else if (g.claimedAtMs === 0) reason = RejectReason.NO_OPEN_CLAIM;
    else if (g.disputed) reason = RejectReason.DISPUTE_AWAITS_DECISION;
    else if (this.e.nowMs < g.claimDueAtMs) reason = RejectReason.ESCROW_NOT_DUE;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const grant = g!;
    if (this.e.rulesVersion >= EVIDENCED_DELIVERY_RULES) return this.refundUnevidenced(grant);
    const provider = this.e.accounts[grant.providerAccountId]!;
    const consumer = this.e.accounts[grant.consumerAccountId]!;
    const refund = this.priceOf(consumer, grant, grant.undeliveredQty);
    const fromHeld = Math.min(refund, grant.heldMicros);
    const fromProvider = Math.min(refund - fromHeld, provider.availableMicros);
    const released = grant.heldMicros - fromHeld;
    this.unhold(provider, grant.heldMicros);
    provider.availableMicros += released - fromProvider;
    consumer.availableMicros += fromHeld + fromProvider;
    this.grants.delete(grant.grantId);
    this.emitResolved(grant, grant.undeliveredQty, refund, fromHeld, fromProvider, released);
  }

  /**
   * The consumer's price for `qty` of a grant's rights: its average purchase price in the series × qty.
   * Rights it holds with no recorded price (bought before rules 3) cost what is held for them: at least
   * what the provider was paid.
   */
  private priceOf(consumer: Account, grant: GrantEscrow, qty: number): number {
    const p = consumer.positions.get(grant.seriesId);
    if (p === undefined || p.boughtQty === 0) return this.heldFor(grant, qty);
    return mulDiv(p.boughtMicros, qty, p.boughtQty);
  }

  /** The held proceeds of `qty` of a grant's undelivered rights, pro rata; all of them take what is left. */
  private heldFor(grant: GrantEscrow, qty: number): number {
    return qty === grant.undeliveredQty ? grant.heldMicros : mulDiv(grant.heldMicros, qty, grant.undeliveredQty);
  }

  /**
   * Rules 5: a claim fell due. The undelivered rights nothing evidences are refunded, at the
   * consumer's price but never beyond what is held for them (what the provider was paid): the
   * provider's free PAT is not touched, and what the held proceeds do not cover is the shortfall.
   * Evidenced rights stay held, to be released at the dispute window's end or disputed.
   */
  private refundUnevidenced(grant: GrantEscrow): void {
    const consumer = this.e.accounts[grant.consumerAccountId]!;
    const provider = this.e.accounts[grant.providerAccountId]!;
    const refundQty = grant.undeliveredQty - Escrow.evidencedUndelivered(grant);
    const owed = this.priceOf(consumer, grant, refundQty);
    const held = this.heldFor(grant, refundQty);
    const fromHeld = Math.min(owed, held);
    const leftOver = held - fromHeld;
    this.unhold(provider, held);
    provider.availableMicros += leftOver;
    consumer.availableMicros += fromHeld;
    grant.undeliveredQty -= refundQty;
    grant.refundedQty += refundQty;
    grant.heldMicros -= held;
    grant.claimedAtMs = 0;
    grant.claimDueAtMs = 0;
    if (grant.undeliveredQty === 0) this.grants.delete(grant.grantId);
    this.emitResolved(grant, refundQty, owed, fromHeld, 0, leftOver);
  }

  /**
   * Rules 5: the operator decides a dispute (or a claim turned one). `refundQty` rights are refunded
   * from what is held for them, plus `chargeProviderMicros` from the provider's free PAT, together
   * never beyond the consumer's price for them; the rest of what is held goes to the provider, its
   * rights upheld as delivered. The grant's escrow closes.
   */
  decideDispute(cmd: DecideDispute): void {
    const g = this.grants.get(cmd.grantId);
    const decision = this.checkDecision(cmd, g);
    if (typeof decision === 'number') return this.e.rejectCommand(cmd.kind, cmd.actor, decision);
    const grant = g!;
    const { owed, fromHeld } = decision;
    const consumer = this.e.accounts[grant.consumerAccountId]!;
    const provider = this.e.accounts[grant.providerAccountId]!;
    const charge = cmd.chargeProviderMicros;
    const released = grant.heldMicros - fromHeld;
    this.unhold(provider, grant.heldMicros);
    provider.availableMicros += released - charge;
    consumer.availableMicros += fromHeld + charge;
    this.grants.delete(grant.grantId);
    this.e.out.push({
      type: EventType.DISPUTE_DECIDED,
      seq: this.e.seq,
      grantId: grant.grantId,
      seriesId: grant.seriesId,
      consumerAccountId: grant.consumerAccountId,
      providerAccountId: grant.providerAccountId,
      refundQty: cmd.refundQty,
      upheldQty: grant.undeliveredQty - cmd.refundQty,
      chargeProviderMicros: charge,
      decidedBy: cmd.actor,
    });
    this.emitResolved(grant, cmd.refundQty, owed, fromHeld, charge, released);
  }

  /** A decision's refusal, or what it refunds: the consumer's price for the refunded rights and the part of it their held proceeds pay. A query. */
  private checkDecision(cmd: DecideDispute, g: GrantEscrow | undefined): RejectReason | { owed: number; fromHeld: number } {
    if (cmd.actor !== SYSTEM_ACTOR && this.e.accounts[cmd.actor]?.role !== Role.OPERATOR) return RejectReason.ROLE_NOT_ALLOWED;
    if (this.e.rulesVersion < EVIDENCED_DELIVERY_RULES) return RejectReason.RULES_TOO_OLD;
    if (g === undefined) return this.missing(cmd.grantId);
    if (!g.disputed) return RejectReason.NO_OPEN_DISPUTE;
    if (!Number.isSafeInteger(cmd.refundQty) || cmd.refundQty < 0 || cmd.refundQty > g.undeliveredQty) return RejectReason.INVALID_DECISION;
    if (!Number.isSafeInteger(cmd.chargeProviderMicros) || cmd.chargeProviderMicros < 0) return RejectReason.INVALID_DECISION;
    const owed = this.priceOf(this.e.accounts[g.consumerAccountId]!, g, cmd.refundQty);
    const fromHeld = Math.min(owed, this.heldFor(g, cmd.refundQty));
    // Never more than the consumer paid for the refunded rights, nor more than the provider has free.
    if (cmd.chargeProviderMicros > owed - fromHeld || cmd.chargeProviderMicros > this.e.accounts[g.providerAccountId]!.availableMicros) return RejectReason.INVALID_DECISION;
    return { owed, fromHeld };
  }

  private emitResolved(grant: GrantEscrow, refundQty: number, owed: number, fromHeld: number, fromProvider: number, released: number): void {
    this.e.out.push({
      type: EventType.CLAIM_RESOLVED,
      seq: this.e.seq,
      grantId: grant.grantId,
      seriesId: grant.seriesId,
      consumerAccountId: grant.consumerAccountId,
      providerAccountId: grant.providerAccountId,
      undeliveredQty: refundQty,
      refundMicros: owed,
      fromHeldMicros: fromHeld,
      fromProviderMicros: fromProvider,
      shortfallMicros: owed - fromHeld - fromProvider,
      releasedMicros: released,
    });
  }

  private emitReleased(grantId: number, accountId: number, seriesId: number, qty: number, releasedMicros: number, reason: ReleaseReason): void {
    this.e.out.push({ type: EventType.ESCROW_RELEASED, seq: this.e.seq, grantId, accountId, seriesId, qty, releasedMicros, reason });
  }

  // ---------------------------------------------------------------- close

  /**
   * A spot series expired (its resting orders expired first, so every provider holds its
   * stock as available): each provider's unsold stock is burned, in account order, and the
   * held proceeds of sold rights nobody exercised are released, one event per provider in
   * supply order. Nothing happens under rules 0–2 (no stock, nothing held).
   */
  closeSpot(series: Series): void {
    for (const id of series.takeMinters()) {
      const p = this.e.accounts[id]!.positions.get(series.id)!;
      const qty = p.ownUnsold;
      if (qty === 0) continue;
      p.ownUnsold = 0;
      p.available -= qty;
      // The burned rights no longer count as minted: the capacity they took is free again.
      p.minted -= qty;
      p.burned += qty;
      series.rightsOutstanding -= qty;
      this.e.out.push({ type: EventType.RIGHTS_BURNED, seq: this.e.seq, accountId: id, seriesId: series.id, qty });
    }
    const byProvider: SupplyLot[] = [];
    for (const lot of series.supply.takeHeld()) {
      const share = byProvider.find((s) => s.providerAccountId === lot.providerAccountId);
      if (share === undefined) byProvider.push(lot);
      else {
        share.qty += lot.qty;
        share.heldMicros += lot.heldMicros;
      }
    }
    for (const share of byProvider) {
      this.release(this.e.accounts[share.providerAccountId]!, share.heldMicros);
      this.emitReleased(0, share.providerAccountId, series.id, share.qty, share.heldMicros, ReleaseReason.UNEXERCISED_AT_CLOSE);
    }
  }

  // ------------------------------------------------------------- adoption

  /**
   * ADOPT_RULES 3: in every live spot series a provider's rights still held are its own
   * unsold stock (a provider only sells, and rights reach it only by its mints), and leave
   * the supply: its newest lots first, then, if the supply still exceeds the rights outstanding
   * outside the providers' stock (older exercises under FIFO by mint redeemed some of that
   * stock in place of rights sold), the newest lots of others. Nothing was held under 0–2.
   */
  adopt(): void {
    const unsoldBySeries = new Map<number, Array<[number, number]>>();
    for (const a of this.e.accounts) {
      if (a === undefined || a.role !== Role.PROVIDER) continue;
      for (const p of a.positions.values()) {
        const s = this.e.series[p.seriesId]!;
        if (!s.isSpot || s.status === SeriesStatus.EXPIRED) continue;
        const stock = p.available + p.held;
        if (stock <= 0) continue;
        p.ownUnsold = stock;
        s.addMinter(a.id);
        let list = unsoldBySeries.get(s.id);
        if (list === undefined) unsoldBySeries.set(s.id, (list = []));
        list.push([a.id, stock]);
      }
    }
    for (const [seriesId, list] of unsoldBySeries) {
      const s = this.e.series[seriesId]!;
      let unsold = 0;
      for (const [id, stock] of list) {
        s.supply.removeNewest(id, stock);
        unsold += stock;
      }
      s.supply.truncate(s.rightsOutstanding - unsold);
    }
  }
}
