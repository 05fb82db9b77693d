/**
 * Rights supply: a provider declares capacity in a series and mints rights within it
 * (where it has a published listing, while risk.mintRequiresListing is on); a consumer
 * exercises rights, redeeming the series' supply FIFO (by mint under rules 0–2, by sale
 * from rules 3: src/engine/products/escrow.ts), one numbered grant per provider share
 * (src/engine/core/supply.ts, docs/delivery.md); the catalog tells the engine
 * each provider's published listing per segment. A module of the engine's state machine:
 * it reads and writes the engine's state and emits through it, within `Engine.apply`.
 */
import { MAX_UNITS_PER_RIGHT, Role, SeriesStatus, SYSTEM_ACTOR, UsageUnit, type DeclareCapacity, type Exercise, type ExerciseFromListing, type Mint, type SetProviderListing, type SetUsageListing } from '../core/commands.js';
import { isSegmentName } from '../core/contract-key.js';
import type { EngineState } from '../core/engine-state.js';
import type { Escrow } from './escrow.js';
import type { Forwards } from './forwards.js';
import { isPositiveSafeInt } from '../core/integers.js';
import { EventType } from '../core/events.js';
import type { Account, Position } from '../core/account.js';
import { RejectReason } from '../core/reject-reason.js';

/** Rules version 9 (src/engine/products/rules.ts): a provider's unpublished listing still names the grants for the rights it sold. */
export const RETIRED_LISTING_RULES = 9;

/** The engine as the rights supply sees it: the state it reads and writes, and the other concerns it calls. */
export type RightsSupplyEngine = Pick<EngineState, 'accounts' | 'series' | 'seq' | 'rejectCommand' | 'out' | 'nowMs' | 'risk' | 'nextGrantId' | 'nextExerciseId' | 'maxPositionRights' | 'rulesVersion'> & {
  readonly escrow: Pick<Escrow, 'bySale' | 'openGrants' | 'mintOwn'>;
  readonly forwards: Pick<Forwards, 'pledge'>;
};

export class RightsSupply {
  /**
   * Which provider account holds each listing now, as published or retired (derived: built from the accounts when first
   * asked, then kept as the catalog binds listings, so it is the same after a replay and after a snapshot; no scan of
   * the accounts per binding).
   */
  private listingHolders: Map<number, number> | undefined = undefined;

  constructor(private readonly e: RightsSupplyEngine) {}

  /** The provider account whose published or retired listing `listingId` is (0: none holds it now). */
  providerOfListing(listingId: number): number {
    if (this.listingHolders === undefined) {
      const holders = new Map<number, number>();
      for (const account of this.e.accounts) {
        if (account === undefined || account.role !== Role.PROVIDER) continue;
        for (const l of account.retiredListings.values()) holders.set(l.listingId, account.id);
        for (const l of account.providerListings.values()) holders.set(l.listingId, account.id);
      }
      this.listingHolders = holders;
    }
    return this.listingHolders.get(listingId) ?? 0;
  }

  /** The listings an account has bound for a segment, published or retired. */
  private boundIds(account: Account, segment: string): number[] {
    const ids: number[] = [];
    for (const l of [account.providerListings.get(segment), account.retiredListings.get(segment)]) if (l !== undefined) ids.push(l.listingId);
    return ids;
  }

  /** The catalog bound `account`'s listing for `segment` anew: the holders (when built) follow, from the ids bound there `before`. */
  private rebound(account: Account, segment: string, before: readonly number[]): void {
    const holders = this.listingHolders;
    if (holders === undefined) return;
    const after = this.boundIds(account, segment);
    for (const id of before) if (!after.includes(id) && holders.get(id) === account.id) holders.delete(id);
    for (const id of after) holders.set(id, account.id);
  }

  private checkProviderSeries(actor: number, seriesId: number): RejectReason {
    const account = this.e.accounts[actor];
    if (account === undefined) return RejectReason.UNKNOWN_ACCOUNT;
    if (account.role !== Role.PROVIDER) return RejectReason.ROLE_NOT_ALLOWED;
    const series = this.e.series[seriesId];
    if (series === undefined) return RejectReason.UNKNOWN_SERIES;
    if (series.status === SeriesStatus.EXPIRED) return RejectReason.SERIES_EXPIRED;
    // Synthetics and options are cash-settled: their units are no access rights, so nothing is pledged or minted there.
    if (series.cashSettled !== undefined) return RejectReason.NOT_EXERCISABLE;
    return RejectReason.NONE;
  }

  declareCapacity(cmd: DeclareCapacity): void {
    let reason = this.checkProviderSeries(cmd.actor, cmd.seriesId);
    const series = this.e.series[cmd.seriesId];
    if (reason === RejectReason.NONE && series!.forward !== undefined) return this.e.forwards.pledge(cmd, series!);
    if (reason === RejectReason.NONE) {
      const minted = this.e.accounts[cmd.actor]!.positions.get(cmd.seriesId)?.minted ?? 0;
      if (!Number.isSafeInteger(cmd.capacity) || cmd.capacity < minted) reason = RejectReason.INVALID_QUANTITY;
      else if (cmd.capacity > this.e.maxPositionRights) reason = RejectReason.POSITION_LIMIT;
    }
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    this.e.accounts[cmd.actor]!.position(cmd.seriesId).capacity = cmd.capacity;
    this.e.out.push({ type: EventType.CAPACITY_DECLARED, seq: this.e.seq, accountId: cmd.actor, seriesId: cmd.seriesId, capacity: cmd.capacity });
  }

  mint(cmd: Mint): void {
    let reason = this.checkProviderSeries(cmd.actor, cmd.seriesId);
    if (reason === RejectReason.NONE) {
      const position: Position | undefined = this.e.accounts[cmd.actor]!.positions.get(cmd.seriesId);
      const series = this.e.series[cmd.seriesId]!;
      // A forward is sold against a pledge and delivered at its open, never minted.
      if (series.forward !== undefined) reason = RejectReason.NOT_EXERCISABLE;
      else if (!isPositiveSafeInt(cmd.qty)) reason = RejectReason.INVALID_QUANTITY;
      else if (position === undefined || position.minted + cmd.qty > position.capacity) reason = RejectReason.CAPACITY_EXCEEDED;
      else if (series.rightsOutstanding + cmd.qty > Number.MAX_SAFE_INTEGER) reason = RejectReason.CAPACITY_EXCEEDED;
      else if (this.e.risk.mintRequiresListing === 1 && !this.e.accounts[cmd.actor]!.providerListings.has(series.segment)) reason = RejectReason.NO_PUBLISHED_LISTING;
    }
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const position = this.e.accounts[cmd.actor]!.position(cmd.seriesId);
    position.minted += cmd.qty;
    position.available += cmd.qty;
    const series = this.e.series[cmd.seriesId]!;
    series.rightsOutstanding += cmd.qty;
    // Rules 3: the provider's own stock until it sells it; before, supply at once (FIFO by mint).
    if (this.e.escrow.bySale) this.e.escrow.mintOwn(series, position, cmd.qty);
    else series.supply.add(cmd.actor, cmd.qty);
    this.e.out.push({ type: EventType.RIGHTS_MINTED, seq: this.e.seq, accountId: cmd.actor, seriesId: cmd.seriesId, qty: cmd.qty });
  }

  private checkExercise(cmd: Pick<Exercise, 'actor' | 'seriesId' | 'qty'>): RejectReason {
    const account = this.e.accounts[cmd.actor];
    if (account === undefined) return RejectReason.UNKNOWN_ACCOUNT;
    if (account.role !== Role.CONSUMER && account.role !== Role.INSTITUTION) return RejectReason.ROLE_NOT_ALLOWED;
    const series = this.e.series[cmd.seriesId];
    if (series === undefined) return RejectReason.UNKNOWN_SERIES;
    // A forward is delivered at its open; synthetics and options pay cash at expiry (options exercise automatically).
    if (series.forward !== undefined || series.cashSettled !== undefined) return RejectReason.NOT_EXERCISABLE;
    // The window, not only the expiry command, decides: time is the sequencer's stamp, so replay agrees.
    if (series.status === SeriesStatus.EXPIRED || this.e.nowMs >= series.spec.closeAtMs) return RejectReason.SERIES_EXPIRED;
    if (this.e.nowMs < series.spec.openAtMs) return RejectReason.SERIES_NOT_OPEN_YET;
    if (!isPositiveSafeInt(cmd.qty)) return RejectReason.INVALID_QUANTITY;
    if ((account.positions.get(cmd.seriesId)?.available ?? 0) < cmd.qty) return RejectReason.INSUFFICIENT_RIGHTS;
    return RejectReason.NONE;
  }

  /**
   * `fromProvider` (rules 10, a tier subscription's exercise): that provider's sold rights are redeemed first, then the
   * rest oldest first as always (src/engine/core/supply.ts, `redeemFrom`); 0: oldest first.
   */
  exercise(cmd: Exercise, fromProvider = 0): void {
    const reason = this.checkExercise(cmd);
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    this.redeem(cmd, fromProvider);
  }

  /** An exercise that passed its checks: the rights redeemed, one grant per provider share (`exercise` says whose first). */
  private redeem(cmd: Pick<Exercise, 'actor' | 'seriesId' | 'qty'>, fromProvider: number): void {
    const position = this.e.accounts[cmd.actor]!.position(cmd.seriesId);
    position.available -= cmd.qty;
    position.exercised += cmd.qty;
    const series = this.e.series[cmd.seriesId]!;
    series.rightsOutstanding -= cmd.qty;
    // FIFO (by sale from rules 3, by mint before): each provider whose rights are redeemed owes delivery under one grant.
    const shares = fromProvider === 0 ? series.supply.redeem(cmd.qty) : series.supply.redeemFrom(fromProvider, cmd.qty);
    const redemptions = shares.map((share) => {
      // Rules 9: a provider that unpublished still delivers the rights it sold under its last listing (retiredListings holds one only from 9).
      const listing = this.e.accounts[share.providerAccountId]!.grantListing(series.segment);
      return { grantId: this.e.nextGrantId++, providerAccountId: share.providerAccountId, listingId: listing?.listingId ?? 0, listingVersion: listing?.listingVersion ?? 0, qty: share.qty };
    });
    this.e.out.push({
      type: EventType.RIGHTS_EXERCISED,
      seq: this.e.seq,
      exerciseId: this.e.nextExerciseId++,
      accountId: cmd.actor,
      seriesId: cmd.seriesId,
      qty: cmd.qty,
      redemptions,
    });
    if (this.e.escrow.bySale) this.e.escrow.openGrants(series, cmd.actor, shares, redemptions);
  }

  /**
   * An exercise whose rights all come from one listing's provider (EXERCISE_FROM_LISTING): the exercise's checks, then
   * the listing is a provider's published or unpublished listing of the series' segment (LISTING_NOT_IN_SERIES) and its
   * provider has sold at least `qty` rights in the series that nobody has redeemed (LISTING_SUPPLY_SHORT); nothing
   * changes on a refusal. Its grants are all that provider's, under that listing.
   */
  exerciseFromListing(cmd: ExerciseFromListing): void {
    let reason = this.checkExercise(cmd);
    const provider = isPositiveSafeInt(cmd.listingId) ? this.providerOfListing(cmd.listingId) : 0;
    if (reason === RejectReason.NONE) {
      const series = this.e.series[cmd.seriesId]!;
      if (provider === 0 || this.e.accounts[provider]!.grantListing(series.segment)?.listingId !== cmd.listingId) reason = RejectReason.LISTING_NOT_IN_SERIES;
      else if (series.supply.qtyOf(provider) < cmd.qty) reason = RejectReason.LISTING_SUPPLY_SHORT;
    }
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    this.redeem(cmd, provider);
  }

  /** From the catalog (the service itself): a provider's published listing for a segment, or none (listingId 0). */
  setProviderListing(cmd: SetProviderListing): void {
    const reason = this.providerListingRefusal(cmd);
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const account = this.e.accounts[cmd.accountId]!;
    const before = this.boundIds(account, cmd.segment);
    const listings = account.providerListings;
    const was = listings.get(cmd.segment);
    if (cmd.listingId === 0) {
      listings.delete(cmd.segment);
      // Rules 9: the rights it sold under it are still delivered under it (RETIRED_LISTING_RULES).
      if (was !== undefined && this.e.rulesVersion >= RETIRED_LISTING_RULES) account.retiredListings.set(cmd.segment, was);
    } else {
      listings.set(cmd.segment, { listingId: cmd.listingId, listingVersion: cmd.listingVersion });
      account.retiredListings.delete(cmd.segment);
    }
    this.rebound(account, cmd.segment, before);
    this.e.out.push({ type: EventType.PROVIDER_LISTING_SET, seq: this.e.seq, accountId: cmd.accountId, segment: cmd.segment, listingId: cmd.listingId, listingVersion: cmd.listingVersion });
  }

  /** From the catalog: a provider's published listing for a segment at a version that sells usage (issue 81): its grants are usage grants. */
  setUsageListing(cmd: SetUsageListing): void {
    let reason = this.providerListingRefusal(cmd);
    if (reason === RejectReason.NONE && cmd.listingId === 0) reason = RejectReason.INVALID_PROVIDER_LISTING;
    else if (reason === RejectReason.NONE && ((cmd.usageUnit !== UsageUnit.RECORDS && cmd.usageUnit !== UsageUnit.REQUESTS) || !Number.isSafeInteger(cmd.unitsPerRight) || cmd.unitsPerRight < 1 || cmd.unitsPerRight > MAX_UNITS_PER_RIGHT)) {
      reason = RejectReason.INVALID_USAGE_TERMS;
    }
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const usage = { usageUnit: cmd.usageUnit, unitsPerRight: cmd.unitsPerRight };
    const account = this.e.accounts[cmd.accountId]!;
    const before = this.boundIds(account, cmd.segment);
    account.providerListings.set(cmd.segment, { listingId: cmd.listingId, listingVersion: cmd.listingVersion, usage });
    account.retiredListings.delete(cmd.segment);
    this.rebound(account, cmd.segment, before);
    const { accountId, segment, listingId, listingVersion } = cmd;
    this.e.out.push({ type: EventType.PROVIDER_LISTING_SET, seq: this.e.seq, accountId, segment, listingId, listingVersion });
    this.e.out.push({ type: EventType.USAGE_LISTING_SET, seq: this.e.seq, accountId, segment, listingId, listingVersion, ...usage });
  }

  private providerListingRefusal(cmd: Pick<SetProviderListing, 'actor' | 'accountId' | 'segment' | 'listingId' | 'listingVersion'>): RejectReason {
    let reason: RejectReason = RejectReason.NONE;
    if (cmd.actor !== SYSTEM_ACTOR) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (
      this.e.accounts[cmd.accountId]?.role !== Role.PROVIDER ||
      !isSegmentName(cmd.segment) ||
      !Number.isSafeInteger(cmd.listingId) ||
      cmd.listingId < 0 ||
      !Number.isSafeInteger(cmd.listingVersion) ||
      (cmd.listingId === 0 ? cmd.listingVersion !== 0 : cmd.listingVersion < 1)
    ) {
      reason = RejectReason.INVALID_PROVIDER_LISTING;
    }
    return reason;
  }
}
