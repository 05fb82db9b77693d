/**
 * Subscription tiers (issue 81; docs/subscriptions.md, "Tiers"). A provider defines, per listing
 * version, tiers such as `retail` and `pro`: a set of spot contracts of the listing's segment, a
 * window cadence (every window, or every k-th), a seat count and a price rule relative to the
 * broker's quote. The catalog journals a published version's tiers (SET_LISTING_TIERS).
 *
 * A consumer subscribes to a tier (SUBSCRIBE_TIER, or SUBSCRIBE_TIER_PUSH to have every grant
 * pushed to its webhook): the engine makes, in one command, one ordinary subscription per
 * contract (subscriptions.ts buys, skips, exercises them as any other, PULL or WEBHOOK),
 * holding one of the tier's seats. They close together: cancelling the tier
 * subscription, or any of its contracts' subscriptions being cancelled or ending, closes all
 * of them and frees the seat.
 *
 * The tier has no price of its own: every right is bought at the broker's ask; the rule only
 * derives each contract's cap from the quote (ASK: the budget; ASK_CAPPED: the ask (or the
 * reference price) at subscription + bps; WINDOW_BUDGET: the window's budget over its rights).
 * So the broker hedges a tier exactly as it hedges the subscriptions it is made of.
 *
 * A module of the engine's state machine, within `Engine.apply`.
 */
import {
  CommandKind,
  Role,
  SeriesKind,
  SeriesStatus,
  SubscriptionDelivery,
  SubscriptionTrigger,
  SYSTEM_ACTOR,
  TierPriceRule,
  type CancelTierSubscription,
  type SetListingTiers,
  type SubscribeTier,
  type SubscribeTierPush,
  type TierTerms,
} from '../core/commands.js';
import { formatContractKey, isSegmentName, parseContractKey } from '../core/contract-key.js';
import type { EngineState } from '../core/engine-state.js';
import { EventType, SubscriptionChange, SubscriptionStatus } from '../core/events.js';
import { isPositiveSafeInt } from '../core/integers.js';
import { RejectReason } from '../core/reject-reason.js';
import type { Series } from '../core/series.js';
import { MAX_SEGMENT_SEATS, MAX_SKIPS_LIMIT, MAX_SUBSCRIPTIONS, MAX_SUBSCRIPTIONS_PER_ACCOUNT, PRIVATE_SUBSCRIPTION_IDS_RULES, pushTermsInBounds, Subscription, TIER_SEAT_RULES, type Subscriptions } from './subscriptions.js';
import { TierSeats } from './tier-seats.js';

/** Tiers one listing version may define. */
export const MAX_TIERS_PER_LISTING = 8;
/** Contracts one tier may hold. */
export const MAX_TIER_CONTRACTS = 16;
/** The sparsest cadence: every 366th window. */
export const MAX_TIER_EVERY_WINDOWS = 366;
/** ASK_CAPPED: at most 1,000% above the ask. */
export const MAX_TIER_CAP_BPS = 100_000;
/** Rights of one contract a tier buys in a window, at most. */
export const MAX_TIER_QTY = 1_000_000;
/** Listings with tiers the engine holds, at most. */
export const MAX_TIERED_LISTINGS = 100_000;
export const TIER_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** A listing's tiers as the engine holds them. */
export interface ListingTiers {
  segment: string;
  /** By name, in the order defined. */
  tiers: Map<string, TierTerms>;
}

/** A live tier subscription: its contracts' subscriptions and the seat it holds. */
export class TierSubscription {
  constructor(
    readonly id: number,
    readonly accountId: number,
    readonly listingId: number,
    readonly tier: string,
    readonly budgetMicros: number,
    /** Its contracts' subscriptions, in the tier's contract order (ids in `Subscriptions.live` while live). */
    readonly subscriptionIds: number[],
  ) {}

  get tierKey(): string {
    return tierKey(this.listingId, this.tier);
  }
}

export function tierKey(listingId: number, name: string): string {
  return `${listingId}/${name}`;
}

/** The engine as tiers sees it. */
export type TiersEngine = Pick<EngineState, 'seq' | 'rejectCommand' | 'out' | 'nowMs' | 'series' | 'accounts' | 'windowGroups' | 'isOperator' | 'rulesVersion'> & {
  readonly subscriptions: Subscriptions;
};

export class Tiers {
  /** Listings with tiers, by listing id, in the order first set. */
  readonly byListing = new Map<number, ListingTiers>();
  /** Live tier subscriptions by id, in the order made. */
  readonly live = new Map<number, TierSubscription>();
  /** Live tier subscriptions by account (derived from `live`, never serialized): an account's list is read without a scan of all. */
  private readonly liveByAccount = new Map<number, Set<TierSubscription>>();
  readonly seats = new TierSeats();
  nextTierSubscriptionId = 1;
  /** Set while a tier subscription closes its contracts, so their closing does not close it again. */
  private closing = false;
  /**
   * The seats an account's tier subscription takes: 1, or an organisation's member count (set by
   * the organisations, docs/organisations.md "Seats"; they change it through `membersChanged`).
   */
  seatWeightOf: (accountId: number) => number = () => 1;

  constructor(private readonly e: TiersEngine) {
    e.subscriptions.onTierMemberClosed = (sub) => this.memberClosed(sub);
  }

  // ------------------------------------------------------------------ commands

  setListingTiers(cmd: SetListingTiers): void {
    const reason = this.checkListingTiers(cmd);
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    // Live tier subscriptions keep the terms they were made with; seats lowered below those taken refuse new ones.
    if (cmd.tiers.length === 0) this.byListing.delete(cmd.listingId);
    else this.byListing.set(cmd.listingId, { segment: cmd.segment, tiers: new Map(cmd.tiers.map((t) => [t.name, copyTerms(t)])) });
    this.e.out.push({ type: EventType.LISTING_TIERS_SET, seq: this.e.seq, listingId: cmd.listingId, segment: cmd.segment, tiers: cmd.tiers.map((t) => t.name) });
  }

  private checkListingTiers(cmd: SetListingTiers): RejectReason {
    if (cmd.actor !== SYSTEM_ACTOR) return RejectReason.ROLE_NOT_ALLOWED;
    if (!isPositiveSafeInt(cmd.listingId) || !isSegmentName(cmd.segment) || !Array.isArray(cmd.tiers)) return RejectReason.INVALID_TIER;
    if (cmd.tiers.length > MAX_TIERS_PER_LISTING) return RejectReason.INVALID_TIER;
    if (cmd.tiers.length > 0 && !this.byListing.has(cmd.listingId) && this.byListing.size >= MAX_TIERED_LISTINGS) return RejectReason.INVALID_TIER;
    const names = new Set<string>();
    for (const t of cmd.tiers) {
      if (tierProblem(t, cmd.segment) !== undefined || names.has(t.name)) return RejectReason.INVALID_TIER;
      names.add(t.name);
    }
    return RejectReason.NONE;
  }

  subscribeTier(cmd: SubscribeTier | SubscribeTierPush): void {
    const checked = this.checkSubscribeTier(cmd);
    if (typeof checked === 'number') return this.e.rejectCommand(cmd.kind, cmd.actor, checked);
    const { terms, caps, memberBudgetMicros } = checked;
    const subs = this.e.subscriptions;
    const id = this.nextTierSubscriptionId++;
    const ids: number[] = [];
    const afterOpenAtMs = cmd.includeCurrent ? -1 : this.e.nowMs;
    // By push: each contract's subscription hands its grants to the provider's gate, as a WEBHOOK subscription does.
    const push = cmd.kind === CommandKind.SUBSCRIBE_TIER_PUSH ? cmd : undefined;
    terms.contracts.forEach((contract, i) => {
      const key = parseContractKey(contract);
      const sub = new Subscription(
        subs.nextSubscriptionId++, cmd.actor, contract, key.segment, `${key.segment}|${key.windowMs}|${SeriesKind.SPOT}`, terms.qtyPerContract,
        caps[i]!, memberBudgetMicros, cmd.trigger, true, cmd.maxSkips, push === undefined ? SubscriptionDelivery.PULL : SubscriptionDelivery.WEBHOOK,
        push?.webhookUrl ?? '', push?.pushAuthorisation ?? '', afterOpenAtMs,
      );
      sub.cadenceStepMs = (terms.everyWindows - 1) * key.windowMs;
      subs.open(sub);
      subs.joinTier(sub, id, cmd.listingId);
      ids.push(sub.id);
    });
    const tierSub = new TierSubscription(id, cmd.actor, cmd.listingId, terms.name, cmd.budgetMicros, ids);
    this.add(tierSub);
    this.seats.take(tierSub.tierKey, this.seats.holderOf(cmd.actor), id, this.seatWeightOf(cmd.actor));
    this.e.out.push({
      type: EventType.TIER_SUBSCRIBED, seq: this.e.seq, tierSubscriptionId: id, accountId: cmd.actor, listingId: cmd.listingId, tier: terms.name,
      subscriptionIds: ids, capPriceMicros: caps, budgetMicros: cmd.budgetMicros, seatsTaken: this.seats.taken(tierSub.tierKey), seats: terms.seats,
    });
  }

  private checkSubscribeTier(cmd: SubscribeTier | SubscribeTierPush): RejectReason | { terms: TierTerms; caps: number[]; memberBudgetMicros: number } {
    const account = this.e.accounts[cmd.actor];
    if (account === undefined) return RejectReason.UNKNOWN_ACCOUNT;
    if (account.role !== Role.CONSUMER && account.role !== Role.INSTITUTION) return RejectReason.ROLE_NOT_ALLOWED;
    const listing = this.byListing.get(cmd.listingId);
    const terms = typeof cmd.tier === 'string' ? listing?.tiers.get(cmd.tier) : undefined;
    if (listing === undefined || terms === undefined) return RejectReason.UNKNOWN_TIER;
    if (!isPositiveSafeInt(cmd.budgetMicros)) return RejectReason.INVALID_SUBSCRIPTION;
    if (cmd.trigger !== SubscriptionTrigger.ON_LIST && cmd.trigger !== SubscriptionTrigger.ON_OPEN) return RejectReason.INVALID_SUBSCRIPTION;
    if (!Number.isInteger(cmd.maxSkips) || cmd.maxSkips < 1 || cmd.maxSkips > MAX_SKIPS_LIMIT || typeof cmd.includeCurrent !== 'boolean') return RejectReason.INVALID_SUBSCRIPTION;
    if (cmd.kind === CommandKind.SUBSCRIBE_TIER_PUSH && !pushTermsInBounds(cmd.webhookUrl, cmd.pushAuthorisation)) return RejectReason.INVALID_SUBSCRIPTION;
    const n = terms.contracts.length;
    const memberBudgetMicros = Math.floor(cmd.budgetMicros / n);
    if (memberBudgetMicros < 1) return RejectReason.INVALID_SUBSCRIPTION;
    const key = tierKey(cmd.listingId, terms.name);
    if (this.seats.heldBy(key, this.seats.holderOf(cmd.actor)) !== undefined) return RejectReason.ALREADY_IN_TIER;
    // An organisation takes a seat for each member (seatWeightOf): all of them must be free.
    if (this.seats.taken(key) + this.seatWeightOf(cmd.actor) > terms.seats) return RejectReason.TIER_SEATS_FULL;
    const subs = this.e.subscriptions;
    if (subs.liveCountOf(cmd.actor) + n > MAX_SUBSCRIPTIONS_PER_ACCOUNT || subs.live.size + n > MAX_SUBSCRIPTIONS) return RejectReason.SUBSCRIPTION_LIMIT;
    if (!subs.seatFor(cmd.actor, listing.segment)) return RejectReason.SEATS_FULL;
    const caps: number[] = [];
    for (const contract of terms.contracts) {
      const cap = this.capFor(terms, contract, memberBudgetMicros);
      if (cap === undefined) return RejectReason.TIER_NOT_QUOTED;
      caps.push(cap);
    }
    // As SUBSCRIBE asks: the free PAT one window costs at the caps (within each contract's budget), so seats go to subscribers who can buy.
    let oneWindow = 0;
    for (const cap of caps) oneWindow += Math.min(cap * terms.qtyPerContract, memberBudgetMicros);
    if (account.availableMicros < oneWindow) return RejectReason.INSUFFICIENT_BALANCE;
    if (this.e.rulesVersion >= TIER_SEAT_RULES) {
      const short = this.shortOfOneWindow(terms, caps, memberBudgetMicros);
      if (short !== RejectReason.NONE) return short;
    }
    return { terms, caps, memberBudgetMicros };
  }

  /**
   * Rules 7: why the tier would hold a seat it cannot buy with, or NONE: a contract not quoted now (TIER_NOT_QUOTED), a
   * contract's share of the budget or its cap below one window at its quote (INVALID_SUBSCRIPTION). With both met, the
   * free PAT the caller asked for (one window at the caps, within each share) is at least one window at the quotes.
   */
  private shortOfOneWindow(terms: TierTerms, caps: readonly number[], memberBudgetMicros: number): RejectReason {
    for (let i = 0; i < terms.contracts.length; i++) {
      const quote = this.quoteOf(terms.contracts[i]!);
      if (quote === 0) return RejectReason.TIER_NOT_QUOTED;
      if (caps[i]! < quote || memberBudgetMicros < quote * terms.qtyPerContract) return RejectReason.INVALID_SUBSCRIPTION;
    }
    return RejectReason.NONE;
  }

  /** The cap per right a contract of the tier is bought under: derived from the price rule and the broker's quote (undefined: no quote to derive it from). */
  private capFor(terms: TierTerms, contract: string, memberBudgetMicros: number): number | undefined {
    const most = Math.floor(Number.MAX_SAFE_INTEGER / terms.qtyPerContract);
    switch (terms.priceRule) {
      case TierPriceRule.ASK:
        return Math.min(memberBudgetMicros, most);
      case TierPriceRule.WINDOW_BUDGET:
        return Math.min(Math.floor(terms.windowBudgetMicros / (terms.contracts.length * terms.qtyPerContract)), most);
      case TierPriceRule.ASK_CAPPED: {
        const basis = this.quoteOf(contract);
        if (basis === 0) return undefined;
        return Math.min(Math.floor((basis * (10_000 + terms.capBps)) / 10_000), most);
      }
      default:
        return undefined;
    }
  }

  /** The broker's quote for a contract now: the best ask of its earliest live window that has one, else that window's reference price; 0: none. */
  quoteOf(contract: string): number {
    for (const s of this.liveWindows(contract)) {
      const ask = s.brokerSells.bestAskMicros();
      if (ask > 0) return ask;
      if (s.referencePriceMicros > 0) return s.referencePriceMicros;
    }
    return 0;
  }

  /** The contract's trading spot series not closed yet, earliest open first. */
  private liveWindows(contract: string): Series[] {
    const key = parseContractKey(contract);
    const group = this.e.windowGroups.get(`${key.segment}|${key.windowMs}|${SeriesKind.SPOT}`) ?? [];
    return group
      .filter((s) => s.spec.contract === contract && s.status === SeriesStatus.TRADING && this.e.nowMs < s.spec.closeAtMs)
      .sort((a, b) => a.spec.openAtMs - b.spec.openAtMs || a.id - b.id);
  }

  cancelTierSubscription(cmd: CancelTierSubscription): void {
    const tierSub = this.live.get(cmd.tierSubscriptionId);
    if (tierSub === undefined) return this.e.rejectCommand(cmd.kind, cmd.actor, RejectReason.UNKNOWN_TIER_SUBSCRIPTION);
    // The operator may cancel anyone's (support, abuse); an account only its own.
    if (tierSub.accountId !== cmd.actor && !this.e.isOperator(cmd.actor)) {
      // Rules 10: as an unknown id, so a stranger learns nothing of which are live (PRIVATE_SUBSCRIPTION_IDS_RULES).
      const reason = this.e.rulesVersion >= PRIVATE_SUBSCRIPTION_IDS_RULES ? RejectReason.UNKNOWN_TIER_SUBSCRIPTION : RejectReason.NOT_YOUR_SUBSCRIPTION;
      return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    }
    this.close(tierSub, SubscriptionStatus.CANCELLED, 0);
  }

  // ------------------------------------------------------------------ internals

  /** One of a tier subscription's contracts closed (cancelled on its own, or its budget spent): the rest close with it. */
  private memberClosed(sub: Subscription): void {
    if (this.closing) return;
    const tierSub = this.live.get(sub.tierSubscriptionId);
    if (tierSub === undefined) return;
    this.close(tierSub, sub.status, sub.id);
  }

  private close(tierSub: TierSubscription, status: SubscriptionStatus, causeSubscriptionId: number): void {
    this.closing = true;
    try {
      for (const id of tierSub.subscriptionIds) {
        const member = this.e.subscriptions.live.get(id);
        if (member !== undefined) this.e.subscriptions.close(member, SubscriptionStatus.CANCELLED, SubscriptionChange.CANCELLED);
      }
    } finally {
      this.closing = false;
    }
    this.live.delete(tierSub.id);
    const own = this.liveByAccount.get(tierSub.accountId);
    own?.delete(tierSub);
    if (own?.size === 0) this.liveByAccount.delete(tierSub.accountId);
    this.seats.free(tierSub.tierKey, this.seats.holderOf(tierSub.accountId));
    this.e.out.push({
      type: EventType.TIER_SUBSCRIPTION_CLOSED, seq: this.e.seq, tierSubscriptionId: tierSub.id, accountId: tierSub.accountId,
      listingId: tierSub.listingId, tier: tierSub.tier, status, causeSubscriptionId,
    });
  }

  /** An account's live tier subscriptions, in the order made (at most its subscription limit). */
  liveOf(accountId: number): readonly TierSubscription[] {
    return [...(this.liveByAccount.get(accountId) ?? [])];
  }

  private add(tierSub: TierSubscription): void {
    this.live.set(tierSub.id, tierSub);
    const own = this.liveByAccount.get(tierSub.accountId);
    if (own === undefined) this.liveByAccount.set(tierSub.accountId, new Set([tierSub]));
    else own.add(tierSub);
  }

  /** @internal A live tier subscription decoded from a snapshot: its seat is taken again. */
  restore(tierSub: TierSubscription): void {
    this.add(tierSub);
    this.seats.take(tierSub.tierKey, this.seats.holderOf(tierSub.accountId), tierSub.id, this.seatWeightOf(tierSub.accountId));
  }

  /**
   * Whether one more member of organisation account `accountId` finds a free seat in each tier it
   * subscribes to (NONE), or TIER_SEATS_FULL. A tier no longer offered (its listing's terms
   * changed) has no seats to count against.
   */
  seatForOneMore(accountId: number): RejectReason {
    for (const tierSub of this.liveByAccount.get(accountId) ?? []) {
      const terms = this.byListing.get(tierSub.listingId)?.tiers.get(tierSub.tier);
      if (terms !== undefined && this.seats.taken(tierSub.tierKey) + 1 > terms.seats) return RejectReason.TIER_SEATS_FULL;
    }
    return RejectReason.NONE;
  }

  /** Account `accountId`'s tier subscriptions take the seats `seatWeightOf` says now (its organisation's members changed). */
  membersChanged(accountId: number): void {
    for (const tierSub of this.liveByAccount.get(accountId) ?? []) this.seats.reweigh(tierSub.tierKey, this.seats.holderOf(accountId), this.seatWeightOf(accountId));
  }

  /** @internal After a snapshot is decoded (the organisations after the tiers): every live tier subscription's seats weighed again. */
  reweighSeats(): void {
    for (const accountId of this.liveByAccount.keys()) this.membersChanged(accountId);
  }
}

function copyTerms(t: TierTerms): TierTerms {
  return { ...t, contracts: [...t.contracts] };
}

/**
 * What is wrong with a tier's terms for a listing of `segment` (undefined: nothing). The catalog
 * asks the same before it stores a version, so a provider hears it at once, by field.
 */
export function tierProblem(t: TierTerms, segment: string): string | undefined {
  if (typeof t.name !== 'string' || !TIER_NAME.test(t.name)) return 'a tier name is 1 to 32 lower case letters, digits and -, starting with a letter';
  if (!Array.isArray(t.contracts) || t.contracts.length < 1 || t.contracts.length > MAX_TIER_CONTRACTS) return `a tier holds 1 to ${MAX_TIER_CONTRACTS} contracts`;
  const seen = new Set<string>();
  for (const c of t.contracts) {
    let key;
    try {
      key = parseContractKey(c);
    } catch {
      return `${String(c)} is not a contract key (SEGMENT|WINDOW|LO-HI)`;
    }
    if (formatContractKey(key) !== c) return `${c} is not canonical: ${formatContractKey(key)}`;
    if (key.segment !== segment) return `${c} is not a contract of the listing's segment ${segment}`;
    if (seen.has(c)) return `${c} is named twice`;
    seen.add(c);
  }
  if (!Number.isSafeInteger(t.qtyPerContract) || t.qtyPerContract < 1 || t.qtyPerContract > MAX_TIER_QTY) return `qtyPerContract is 1 to ${MAX_TIER_QTY}`;
  if (!Number.isSafeInteger(t.everyWindows) || t.everyWindows < 1 || t.everyWindows > MAX_TIER_EVERY_WINDOWS) return `everyWindows is 1 to ${MAX_TIER_EVERY_WINDOWS}`;
  if (!Number.isSafeInteger(t.seats) || t.seats < 1 || t.seats > MAX_SEGMENT_SEATS) return `seats is 1 to ${MAX_SEGMENT_SEATS}`;
  if (!Number.isSafeInteger(t.capBps) || t.capBps < 0 || !Number.isSafeInteger(t.windowBudgetMicros) || t.windowBudgetMicros < 0) return 'capBps and windowBudgetMicros are whole numbers, 0 or more';
  switch (t.priceRule) {
    case TierPriceRule.ASK:
      return t.capBps === 0 && t.windowBudgetMicros === 0 ? undefined : 'the ask rule takes no capBps or windowBudgetMicros';
    case TierPriceRule.ASK_CAPPED:
      if (t.windowBudgetMicros !== 0) return 'the ask-capped rule takes no windowBudgetMicros';
      return t.capBps <= MAX_TIER_CAP_BPS ? undefined : `capBps is 0 to ${MAX_TIER_CAP_BPS}`;
    case TierPriceRule.WINDOW_BUDGET:
      if (t.capBps !== 0) return 'the window-budget rule takes no capBps';
      return t.windowBudgetMicros >= t.contracts.length * t.qtyPerContract ? undefined : 'windowBudgetMicros buys at least 1 µPAT a right (contracts × qtyPerContract)';
    default:
      return 'priceRule is ask, ask-capped or window-budget';
  }
}
