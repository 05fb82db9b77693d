/**
 * Netting: folds released engine events into what one batch must change
 * on-chain. Per participant the net PAT (fills move `price × qty` from buyer to
 * seller), per (series, holder) the net rights (mints add, fills move, exercises
 * burn), the withdrawals requested (paid out by the batch) and the series listed
 * (registered by the batch), and the access grants its exercises issued (committed
 * by the batch as a Merkle root). Payout statements per provider ride along.
 *
 * Forwards (docs/settlement.md, "Forwards"): a forward fill moves its price like a
 * spot fill (the engine's escrow is a lock inside the seller's own balance), but
 * the registry holds only what customers (consumers, institutions) are owed: a
 * seller's forward position is negative, an obligation, and the registry's
 * balances are unsigned. FORWARD_DELIVERED carries the delivery: rights minted for
 * the broker, passed on to buyers, and the PAT of shortfalls.
 *
 * Synthetics (docs/settlement.md, "Synthetics"): cash-settled, not access rights. A
 * synthetic fill moves no PAT between accounts (both sides' margin moves from free to
 * held or locked inside their own balances) and no rights; PAT moves between accounts
 * only at a liquidation (the penalty, to the broker) and at expiry (each holder's signed
 * payout, the broker's cover of what losers could not pay). The listing is registered
 * (kind 3): the registry refuses it unless the governance enabled phase 3.
 *
 * Options (docs/settlement.md, "Options"): cash-settled too, so no rights ever, but a CALL
 * or PUT fill moves its premium (price × qty) from buyer to seller as a spot fill moves its
 * price; a writer's margin is locked inside its own balance. Liquidation (the writer pays
 * the broker the option's value at the index and the penalty) and expiry (each holder's
 * signed payout, the broker's cover) are the synthetics' events. The listing is registered
 * as kind 4 or 5, which the registry refuses unless the governance enabled phase 4.
 *
 * Escrow (rules 3, docs/delivery.md "Escrow, claims and refunds"): a provider's spot sale moves
 * its price at the fill like any other; the engine holds the proceeds as a lock inside the
 * provider's own balance, so holding and releasing them moves nothing on-chain (the payout
 * statement shows them: `escrow`). A refund (CLAIM_RESOLVED) is PAT from the provider to the
 * consumer, netted like a fill; rights burned at the close (RIGHTS_BURNED) leave the
 * provider's registry balance as an exercise's do.
 *
 * Organisations (docs/organisations.md): PAT a member moves into its organisation's account, or an
 * admin out to its own (ORGANISATION_FUNDS_MOVED), is netted as a fill's price is: from one
 * address to the other.
 *
 * Fees (docs/fees.md): a FILL that charged fees carries each side's; the payers' balances go
 * down by them and the batch's `feeWei` carries their sum, which the vault credits to its fee
 * recipient (the balances then sum to −feeWei: PATXVault checks it). A provider's statement
 * shows the fees it paid (`feesMicros`: its trade fees and the take rate, a forward sale's at
 * delivery: FORWARD_TAKE_RATE_CHARGED, also in its forward statement's `takeRateMicros`).
 *
 * Fee sweeps (docs/fees.md, "Sweeping the fee account"): FEES_SWEPT moves PAT from the engine's fee
 * account to the treasury account, the one at the vault's fee recipient address, where the batches'
 * feeWei already put those fees. So it changes no vault balance and the batch carries nothing for it.
 */
import {
  EventType,
  Role,
  SeriesKind,
  WEI_PER_MICRO,
  type Engine,
  type EngineEvent,
  type ClaimResolved,
  type UsageSettled,
  type ForwardTakeRateCharged,
  type ForwardDelivered,
  type RightsExercised,
  type SyntheticLiquidated,
  type SyntheticSettled,
  type SyntheticSettlementCompleted,
} from '../engine/index.js';
import { grantsCommitment } from '../grants/commitment.js';
import type { AccessGrant } from '../grants/grant.js';
import type { BalanceChange, BatchWithdrawal, RightsChange, SeriesListing, SettlementBatch } from './batch.js';

/** The grants an exercise issued (src/grants/issue.ts), given its turn's time. */
export type GrantsOfExercise = (e: RightsExercised, timeMs: number) => AccessGrant[];

/**
 * What the netting must know about series kinds, from the engine: which series are
 * FORWARD, which are cash-settled (SYNTHETIC, CALL, PUT: no rights) and of those which
 * pay a premium at the fill (CALL, PUT: PAT moves; a SYNTHETIC fill moves none), and
 * which accounts are customers (the only holders whose forward positions are registered
 * on-chain). All are fixed for the life of a series or an account (CONSUMER and
 * INSTITUTION turn into each other, both customers), so the current engine answers for
 * events replayed from the past too.
 */
export interface ForwardRules {
  isForward(seriesId: number): boolean;
  isCustomer(accountId: number): boolean;
  /**
   * A cash-settled series (SYNTHETIC, CALL, PUT): its positions are signed exposures, not
   * access rights, so its fills move **no rights** and the registry holds none of it.
   * Absent: none is (rules written before synthetics).
   */
  isCashSettled?(seriesId: number): boolean;
  /**
   * A cash-settled series whose fill still **moves PAT**: the premium, price × qty from
   * buyer to seller (CALL, PUT). A SYNTHETIC fill moves none (both sides' margin stays in
   * their own balances). Asked only of cash-settled series (every other fill moves its
   * price). Absent: no cash-settled fill moves PAT (rules written before options).
   */
  paysPremium?(seriesId: number): boolean;
}

/** For nettings of exchanges without forwards or cash-settled series (benchmarks, old tests): every series is spot. */
export const NO_FORWARDS: ForwardRules = { isForward: () => false, isCustomer: () => false, isCashSettled: () => false, paysPremium: () => false };

/** The engine's answers: its series' kinds, its accounts' roles. */
export function forwardRulesOf(engine: Engine): ForwardRules {
  const kind = (seriesId: number): SeriesKind | undefined => engine.series[seriesId]?.spec.kind;
  const isOption = (seriesId: number): boolean => {
    const k = kind(seriesId);
    return k === SeriesKind.CALL || k === SeriesKind.PUT;
  };
  return {
    isForward: (seriesId) => kind(seriesId) === SeriesKind.FORWARD,
    isCashSettled: (seriesId) => kind(seriesId) === SeriesKind.SYNTHETIC || isOption(seriesId),
    paysPremium: isOption,
    isCustomer: (accountId) => {
      const role = engine.accounts[accountId]?.role;
      return role === Role.CONSUMER || role === Role.INSTITUTION;
    },
  };
}

/**
 * A provider's forward business within one batch. A forward sale's price reaches the
 * provider's vault balance at the fill (netWei shows it), but the engine escrows it until
 * delivery: it is earned (`proceedsMicros`) only for what was delivered, and what was not
 * is paid back (`repaidMicros`: the price and the forfeited collateral, to the broker).
 */
export interface ForwardStatement {
  /** Forward sales filled in this batch: trades, rights promised, their price (escrowed). */
  fills: number;
  qty: number;
  grossMicros: number;
  /** Deliveries in this batch: rights minted for the broker, rights not delivered. */
  deliveredQty: number;
  shortfallQty: number;
  /** Escrowed proceeds released for what was delivered (internal: the PAT moved at the fill). */
  proceedsMicros: number;
  /** Collateral returned for what was delivered (internal: it never left the provider). */
  collateralReturnedMicros: number;
  /** Paid to the broker for what was not delivered: the forward price back and the collateral forfeited (≥ 0). */
  repaidMicros: number;
  /** The take rate charged on `proceedsMicros` at delivery (docs/fees.md; also in the statement's `feesMicros`); present only when charged. */
  takeRateMicros?: number;
}

/**
 * A provider's escrow within one batch (rules 3): sale proceeds held, released to its free PAT
 * (delivered, dispute window over, or unexercised at the close), and refunded to consumers
 * for claims (from what was held and from its free PAT), with what it could not cover.
 * Every field from the journaled events (CLAIM_RESOLVED, USAGE_SETTLED, …), never a client's word.
 */
export interface EscrowStatement {
  heldMicros: number;
  releasedMicros: number;
  /** What it repaid to consumers: refunds as paid (CLAIM_RESOLVED's fromHeldMicros + fromProviderMicros, a usage grant's unused share). Its net PAT went down by it. */
  refundedMicros: number;
  /**
   * Of `refundedMicros`, what it repaid from its free PAT beyond the proceeds held for the refunded rights
   * (CLAIM_RESOLVED's fromProviderMicros): the part of the consumer's price above what the provider was
   * paid, i.e. the broker's spread and the fees, which is the refund's shortfall unless the provider covers
   * it (a claim under rules 3–4; an operator's charge under rules 5). The rest came from held proceeds.
   * Absent on entries written before 2026-12-02.
   */
  refundedFromFreeMicros?: number;
  /** Due to consumers at their price and paid by nobody (the shortfall left over): not in its net PAT. */
  shortfallMicros: number;
  /** Rights it never sold, burned at the close. */
  burnedQty: number;
}

/** What one provider sold within one batch: spot sales at the top, forward business (if any) apart. */
export interface ProviderStatement {
  accountId: number;
  /** Spot sales: trades, rights, price (moved to its vault balance at once; held in escrow under rules 3, see `escrow`). */
  fills: number;
  qty: number;
  grossMicros: number;
  /** Present only when the provider sold forward or delivered in the batch. */
  forward?: ForwardStatement;
  /** Present only when the batch held, released or refunded any of its proceeds, or burned its rights. */
  escrow?: EscrowStatement;
  /** Fees it paid on its sales in the batch (trade fees and the take rate, docs/fees.md); present only when it paid any. */
  feesMicros?: number;
}

/** A cut batch with the engine-side details the chain does not need. */
export interface CutBatch {
  batch: SettlementBatch;
  /** accountId per balance change (same order as batch.balances). */
  balanceAccounts: number[];
  statements: ProviderStatement[];
  fills: number;
}

/** How an engine account appears on-chain. */
export type AddressOf = (accountId: number) => string | undefined;

export class Netting {
  /** The last seq whose events were folded in. */
  lastSeq: number;
  fills = 0;
  private readonly deltaMicros = new Map<number, number>();
  /** Fees charged in the events folded so far (the batch's feeWei, in µPAT). */
  private feeMicros = 0;
  /** `${seriesId}:${accountId}` -> net rights. */
  private readonly rights = new Map<string, { seriesId: number; accountId: number; delta: number }>();
  private readonly withdrawals: Array<{ withdrawalId: number; accountId: number; amountWei: bigint }> = [];
  private readonly listings: Array<{ seriesId: number; kind: number; contractKey: string }> = [];
  private readonly statements = new Map<number, ProviderStatement>();
  private readonly grants: AccessGrant[] = [];

  constructor(
    /** The seq after which its events start (the previous batch's throughSeq). */
    readonly fromSeq: number,
    /** Which accounts are providers (their sales go to the payout ledger). */
    private readonly isProvider: (accountId: number) => boolean,
    private readonly grantsOf: GrantsOfExercise = () => [],
    /** Which series are forwards and who are customers; the service passes forwardRulesOf(engine). */
    private readonly forwards: ForwardRules = NO_FORWARDS,
  ) {
    this.lastSeq = fromSeq;
  }

  /** Balance, rights, withdrawal and listing entries the batch would carry: what its gas grows with. */
  get entries(): number {
    return this.deltaMicros.size + this.rights.size + this.withdrawals.length + this.listings.length;
  }

  get isEmpty(): boolean {
    return this.deltaMicros.size === 0 && this.rights.size === 0 && this.withdrawals.length === 0 && this.listings.length === 0 && this.grants.length === 0 && this.feeMicros === 0;
  }

  /** Folds the events of seqs up to `throughSeq` (all of them > lastSeq), of a turn at `timeMs`. */
  add(events: readonly EngineEvent[], throughSeq: number, timeMs = 0): void {
    this.addRange(events, 0, events.length, throughSeq, timeMs);
  }

  /** `add` of `events[start..end)`, without a slice of them. */
  addRange(events: readonly EngineEvent[], start: number, end: number, throughSeq: number, timeMs: number): void {
    for (let i = start; i < end; i++) {
      const e = events[i]!;
      if (e.seq > this.lastSeq) this.fold(e, timeMs);
    }
    if (throughSeq > this.lastSeq) this.lastSeq = throughSeq;
  }

  private fold(e: EngineEvent, timeMs: number): void {
    switch (e.type) {
      case EventType.FILL: {
        const buyer = e.takerSide === 1 ? e.takerAccountId : e.makerAccountId;
        const seller = e.takerSide === 1 ? e.makerAccountId : e.takerAccountId;
        const notional = e.priceMicros * e.qty;
        if (e.makerFeeMicros !== undefined || e.takerFeeMicros !== undefined) this.foldFees(e.makerAccountId, e.makerFeeMicros ?? 0, e.takerAccountId, e.takerFeeMicros ?? 0, seller);
        if (this.forwards.isCashSettled?.(e.seriesId) === true) {
          // Cash-settled: no rights either way. A synthetic fill moves margin inside each side's own balance
          // (nothing on-chain); an option fill moves its premium to the seller (the writer's margin is a lock in
          // its own balance). Neither is a sale of rights: no provider statement.
          if (this.forwards.paysPremium?.(e.seriesId) !== true) return;
          this.addMicros(buyer, -notional);
          this.addMicros(seller, notional);
          this.fills++;
          return;
        }
        // PAT moves at once in both kinds: a forward seller's escrow is a lock the engine keeps inside its own balance.
        this.addMicros(buyer, -notional);
        this.addMicros(seller, notional);
        this.fills++;
        const forward = this.forwards.isForward(e.seriesId);
        if (forward) {
          // Only customers' forward holdings are registered: a seller's (provider's, the broker's) position is
          // negative — an obligation the engine keeps and collateralizes — and the registry cannot go below zero.
          if (this.forwards.isCustomer(buyer)) this.addRights(e.seriesId, buyer, e.qty);
          if (this.forwards.isCustomer(seller)) this.addRights(e.seriesId, seller, -e.qty);
        } else {
          this.addRights(e.seriesId, buyer, e.qty);
          this.addRights(e.seriesId, seller, -e.qty);
        }
        if (this.isProvider(seller)) {
          const s = this.statement(seller);
          if (forward) {
            const f = this.forwardStatement(s);
            f.fills++;
            f.qty += e.qty;
            f.grossMicros += notional;
          } else {
            s.fills++;
            s.qty += e.qty;
            s.grossMicros += notional;
          }
        }
        return;
      }
      case EventType.FORWARD_DELIVERED:
        return this.foldDelivery(e);
      case EventType.FORWARD_TAKE_RATE_CHARGED:
        return this.foldForwardTakeRate(e);
      case EventType.SYNTHETIC_LIQUIDATED:
        return this.foldLiquidation(e);
      case EventType.SYNTHETIC_SETTLED:
        return this.foldSyntheticSettled(e);
      case EventType.SYNTHETIC_SETTLEMENT_COMPLETED:
        return this.foldSyntheticCompleted(e);
      case EventType.RIGHTS_MINTED:
        return this.addRights(e.seriesId, e.accountId, e.qty);
      case EventType.RIGHTS_BURNED:
        if (this.isProvider(e.accountId)) this.escrowStatement(e.accountId).burnedQty += e.qty;
        return this.addRights(e.seriesId, e.accountId, -e.qty);
      case EventType.SALE_PROCEEDS_HELD:
        if (this.isProvider(e.accountId)) this.escrowStatement(e.accountId).heldMicros += e.heldMicros;
        return;
      case EventType.ESCROW_RELEASED:
        if (this.isProvider(e.accountId)) this.escrowStatement(e.accountId).releasedMicros += e.releasedMicros;
        return;
      case EventType.CLAIM_RESOLVED:
        return this.foldRefund(e);
      case EventType.ORGANISATION_FUNDS_MOVED:
        // PAT between a member's account and its organisation's (docs/organisations.md): moved like a fill's price.
        this.addMicros(e.fromAccountId, -e.amountMicros);
        return this.addMicros(e.toAccountId, e.amountMicros);
      case EventType.USAGE_SETTLED:
        return this.foldUsageRefund(e);
      case EventType.FEES_SWEPT:
        // Fee account to the treasury, both the fee recipient's vault balance: nothing to move on-chain.
        return;
      case EventType.RIGHTS_EXERCISED:
        for (const g of this.grantsOf(e, timeMs)) this.grants.push(g);
        return this.addRights(e.seriesId, e.accountId, -e.qty);
      case EventType.WITHDRAWAL_REQUESTED:
        this.withdrawals.push({ withdrawalId: e.withdrawalId, accountId: e.accountId, amountWei: e.amountWei });
        return;
      case EventType.SERIES_LISTED:
        this.listings.push({ seriesId: e.seriesId, kind: e.seriesKind, contractKey: `${e.contract}@${new Date(e.openAtMs).toISOString()}` });
        return;
      default:
        return;
    }
  }

  /** A fill's fees: from each payer to the batch's fee; a provider's statement shows what it paid as the seller. */
  private foldFees(maker: number, makerFeeMicros: number, taker: number, takerFeeMicros: number, seller: number): void {
    this.addMicros(maker, -makerFeeMicros);
    this.addMicros(taker, -takerFeeMicros);
    this.feeMicros += makerFeeMicros + takerFeeMicros;
    if (!this.isProvider(seller)) return;
    const paid = seller === maker ? makerFeeMicros : takerFeeMicros;
    if (paid === 0) return;
    const s = this.statement(seller);
    s.feesMicros = (s.feesMicros ?? 0) + paid;
  }

  /**
   * One account's forward delivery. The broker's own event (counterpartyId = itself) only
   * sums its side of the others' events, so it moves nothing. Escrow and collateral
   * released are engine-internal (the PAT is already in the account's vault balance);
   * refunds and compensation are PAT between the account and the broker. A provider's
   * delivered rights are minted into the spot series for the broker; a buyer's are
   * passed on by the broker, and its forward holding (the only one registered) ends.
   */
  private foldDelivery(e: ForwardDelivered): void {
    if (e.accountId === e.counterpartyId) return;
    const paid = e.refundMicros + e.compensationMicros;
    this.addMicros(e.accountId, paid);
    this.addMicros(e.counterpartyId, -paid);
    if (this.forwards.isCustomer(e.accountId)) {
      this.addRights(e.spotSeriesId, e.accountId, e.deliveredQty);
      this.addRights(e.spotSeriesId, e.counterpartyId, -e.deliveredQty);
      this.addRights(e.seriesId, e.accountId, -e.positionQty);
      return;
    }
    this.addRights(e.spotSeriesId, e.counterpartyId, e.deliveredQty);
    if (this.isProvider(e.accountId)) {
      const f = this.forwardStatement(this.statement(e.accountId));
      f.deliveredQty += e.deliveredQty;
      f.shortfallQty += e.shortfallQty;
      f.proceedsMicros += e.proceedsMicros;
      f.collateralReturnedMicros += e.collateralReturnedMicros;
      f.repaidMicros -= paid;
    }
  }

  /** The take rate on a provider's forward proceeds at delivery: from its balance to the batch's fee, as a spot fill's fees. */
  private foldForwardTakeRate(e: ForwardTakeRateCharged): void {
    this.addMicros(e.accountId, -e.feeMicros);
    this.feeMicros += e.feeMicros;
    if (!this.isProvider(e.accountId)) return;
    const s = this.statement(e.accountId);
    s.feesMicros = (s.feesMicros ?? 0) + e.feeMicros;
    const f = this.forwardStatement(s);
    f.takeRateMicros = (f.takeRateMicros ?? 0) + e.feeMicros;
  }

  /**
   * The broker takes a cash-settled position over. A synthetic's `penaltyMicros` is the
   * penalty from the liquidated account's lock; an option writer's is what it paid: the
   * option's value at the index and the penalty (from its lock, then free PAT). Either way
   * PAT from the account to the broker; what a writer could not pay (`owedMicros`) the
   * broker absorbs, and nothing moves for it.
   */
  private foldLiquidation(e: SyntheticLiquidated): void {
    this.addMicros(e.accountId, -e.penaltyMicros);
    this.addMicros(e.brokerId, e.penaltyMicros);
  }

  /**
   * One cash-settled position (synthetic or option) paid at expiry: `payoutMicros` (+ received, − paid) to the
   * holder. Losers' payments, the broker's cover (the completion event) and winners'
   * payouts sum to zero over the series' events, so the batch stays balanced.
   */
  private foldSyntheticSettled(e: SyntheticSettled): void {
    this.addMicros(e.accountId, e.payoutMicros);
  }

  /** What the broker paid from its free PAT for losers who could not pay. */
  private foldSyntheticCompleted(e: SyntheticSettlementCompleted): void {
    if (e.brokerCoverMicros !== 0) this.addMicros(e.brokerId, -e.brokerCoverMicros);
  }

  /** A refund: PAT from the provider (held proceeds and free PAT alike sit in its vault balance) to the consumer. */
  private foldRefund(e: ClaimResolved): void {
    const paid = e.fromHeldMicros + e.fromProviderMicros;
    this.addMicros(e.providerAccountId, -paid);
    this.addMicros(e.consumerAccountId, paid);
    if (!this.isProvider(e.providerAccountId)) return;
    const s = this.escrowStatement(e.providerAccountId);
    s.refundedMicros += paid;
    s.refundedFromFreeMicros = (s.refundedFromFreeMicros ?? 0) + e.fromProviderMicros;
    s.shortfallMicros += e.shortfallMicros;
    s.releasedMicros += e.releasedMicros;
  }

  /** A usage grant settled (issue 81): its unused units' share is PAT from the provider to the consumer, as a refund; the used share was its ESCROW_RELEASED. */
  private foldUsageRefund(e: UsageSettled): void {
    this.addMicros(e.providerAccountId, -e.refundMicros);
    this.addMicros(e.consumerAccountId, e.refundMicros);
    if (this.isProvider(e.providerAccountId)) this.escrowStatement(e.providerAccountId).refundedMicros += e.refundMicros;
  }

  private escrowStatement(accountId: number): EscrowStatement {
    const s = this.statement(accountId);
    s.escrow ??= { heldMicros: 0, releasedMicros: 0, refundedMicros: 0, refundedFromFreeMicros: 0, shortfallMicros: 0, burnedQty: 0 };
    return s.escrow;
  }

  private statement(accountId: number): ProviderStatement {
    let s = this.statements.get(accountId);
    if (s === undefined) {
      s = { accountId, fills: 0, qty: 0, grossMicros: 0 };
      this.statements.set(accountId, s);
    }
    return s;
  }

  private forwardStatement(s: ProviderStatement): ForwardStatement {
    s.forward ??= { fills: 0, qty: 0, grossMicros: 0, deliveredQty: 0, shortfallQty: 0, proceedsMicros: 0, collateralReturnedMicros: 0, repaidMicros: 0 };
    return s.forward;
  }

  private addMicros(accountId: number, micros: number): void {
    const next = (this.deltaMicros.get(accountId) ?? 0) + micros;
    if (next === 0) this.deltaMicros.delete(accountId);
    else this.deltaMicros.set(accountId, next);
  }

  private addRights(seriesId: number, accountId: number, delta: number): void {
    if (delta === 0) return; // e.g. a delivery that fell short entirely: no entry, not a zero one
    const key = `${seriesId}:${accountId}`;
    const r = this.rights.get(key);
    if (r === undefined) this.rights.set(key, { seriesId, accountId, delta });
    else if (r.delta + delta === 0) this.rights.delete(key);
    else r.delta += delta;
  }

  /** The net PAT change per account so far, in wei (for reconciliation). */
  balanceDeltasWei(): Map<number, bigint> {
    const out = new Map<number, bigint>();
    for (const [id, micros] of this.deltaMicros) out.set(id, BigInt(micros) * WEI_PER_MICRO);
    return out;
  }

  /** The fees netted so far and not yet cut, in wei (what the fee recipient's vault balance will gain; for reconciliation). */
  feeWei(): bigint {
    return BigInt(this.feeMicros) * WEI_PER_MICRO;
  }

  /** The net rights change per `${seriesId}:${accountId}` so far (for reconciliation). */
  rightsDeltas(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [key, r] of this.rights) out.set(key, r.delta);
    return out;
  }

  /**
   * The batch, in a canonical order (accounts, then series and holders, by id),
   * so the same events always give the same bytes and hash. Withdrawals of
   * accounts with no on-chain address cannot be paid: they are returned apart.
   */
  cut(batchId: number, addressOf: AddressOf): { cut: CutBatch; unpayable: Array<{ withdrawalId: number; accountId: number }> } {
    const balanceAccounts = [...this.deltaMicros.keys()].sort((a, b) => a - b);
    const balances: BalanceChange[] = balanceAccounts.map((id) => ({
      participant: addressOf(id) ?? ledgerAddress(id),
      deltaWei: BigInt(this.deltaMicros.get(id)!) * WEI_PER_MICRO,
    }));
    const rights: RightsChange[] = [...this.rights.values()]
      .sort((a, b) => a.seriesId - b.seriesId || a.accountId - b.accountId)
      .map((r) => ({ seriesId: r.seriesId, holder: addressOf(r.accountId) ?? ledgerAddress(r.accountId), delta: BigInt(r.delta) }));
    const withdrawals: BatchWithdrawal[] = [];
    const unpayable: Array<{ withdrawalId: number; accountId: number }> = [];
    for (const w of this.withdrawals) {
      const to = addressOf(w.accountId);
      if (to === undefined) unpayable.push({ withdrawalId: w.withdrawalId, accountId: w.accountId });
      else withdrawals.push({ withdrawalId: w.withdrawalId, to, amountWei: w.amountWei });
    }
    const listings: SeriesListing[] = [...this.listings].sort((a, b) => a.seriesId - b.seriesId);
    const commitment = grantsCommitment(this.grants);
    const batch: SettlementBatch = { batchId, throughSeq: this.lastSeq, balances, feeWei: BigInt(this.feeMicros) * WEI_PER_MICRO, withdrawals, listings, rights, grantsRoot: commitment.root, grantCount: commitment.count };
    const statements = [...this.statements.values()].sort((a, b) => a.accountId - b.accountId);
    return { cut: { batch, balanceAccounts, statements, fills: this.fills }, unpayable };
  }
}

/**
 * The on-chain ledger entry of an engine account that has no address of its
 * own: 20 bytes derived from the account id. Nobody holds its key, so nothing
 * can be withdrawn to it; it only keeps the vault's ledger complete.
 */
export function ledgerAddress(accountId: number): string {
  return '0x' + 'fa7c'.padEnd(24, '0') + accountId.toString(16).padStart(16, '0');
}
