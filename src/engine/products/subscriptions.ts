/**
 * Subscriptions (issue 56; docs/subscriptions.md): standing instructions the exchange keeps
 * and acts on. A consumer subscribes to a spot contract; for each new window of it the
 * system's RUN_SUBSCRIPTIONS buys `qtyPerWindow` rights at the broker's ask (never above the
 * cap, never past the budget or the free PAT), exercises them once the window is open, and
 * the grants go to the consumer's delivery. A window the subscription cannot buy is skipped
 * with its reason; `maxSkips` skips in a row pause it. Everything is a journaled command, so
 * replay, snapshots and the standby reproduce every purchase.
 *
 * The purchase is an ordinary IOC buy through order entry, so every pre-trade check, hold,
 * fill, execution report and escrow rule applies to it as to a buy the consumer sent; the
 * exercise is an ordinary EXERCISE. This module only decides when and how much.
 *
 * Seats: a segment's listings may offer a limited number of seats (SET_SEGMENT_SEATS, from the
 * catalog). A seat is a subscriber: an account with an ACTIVE subscription in the segment holds
 * one, however many subscriptions it has there; SUBSCRIBE (and RESUME) past the seats is refused
 * SEATS_FULL. A paused subscription gives its seat back (else a subscription skipping on purpose
 * would hold a seat for nothing), and subscribing asks for the free PAT one window costs at the
 * cap (INSUFFICIENT_BALANCE), so seats go to subscribers who can buy.
 *
 * A module of the engine's state machine, within `Engine.apply`.
 */
import type { TradeFees } from '../core/trade-fees.js';
import {
  CommandKind,
  OrderType,
  Role,
  SelfTradePrevention,
  SeriesKind,
  SeriesStatus,
  Side,
  SubscriptionDelivery,
  SubscriptionTrigger,
  SYSTEM_ACTOR,
  TimeInForce,
  type CancelSubscription,
  type NewOrder,
  type ResumeSubscription,
  type RunSubscriptions,
  type SetSegmentSeats,
  type Subscribe,
} from '../core/commands.js';
import { formatContractKey, isSegmentName, parseContractKey } from '../core/contract-key.js';
import type { EngineState } from '../core/engine-state.js';
import type { OrderEntry } from '../core/order-entry.js';
import type { RightsSupply } from './rights-supply.js';
import { EventType, SkipReason, SubscriptionChange, SubscriptionStatus } from '../core/events.js';
import { isPositiveSafeInt } from '../core/integers.js';
import { RejectReason } from '../core/reject-reason.js';
import type { Series } from '../core/series.js';
import { walkAsks } from './ask-walk.js';

/** Live subscriptions one account may hold. */
export const MAX_SUBSCRIPTIONS_PER_ACCOUNT = 64;
/** Live subscriptions the exchange holds in all. */
export const MAX_SUBSCRIPTIONS = 100_000;
/** Most actions one RUN_SUBSCRIPTIONS takes (the runner repeats it while more are due). */
export const MAX_RUN_ACTIONS = 1_000;
export const MAX_SKIPS_LIMIT = 100;
/** Bounds on the delivery strings the engine keeps (the gateway checks their content). */
export const MAX_WEBHOOK_URL_LENGTH = 512;
export const MAX_PUSH_AUTHORISATION_LENGTH = 1_024;

/** A WEBHOOK subscription's URL and push authorisation: present, and within the journal's bounds (the gateway checked what they say). */
export function pushTermsInBounds(webhookUrl: string, pushAuthorisation: string): boolean {
  return typeof webhookUrl === 'string' && typeof pushAuthorisation === 'string' && webhookUrl.length > 0 && webhookUrl.length <= MAX_WEBHOOK_URL_LENGTH && pushAuthorisation.length > 0 && pushAuthorisation.length <= MAX_PUSH_AUTHORISATION_LENGTH;
}
/** A segment's seats at most. */
export const MAX_SEGMENT_SEATS = 1_000_000;
/**
 * How long after a window opens a subscription waits for the broker to ask before it skips
 * the window NO_ASK: half the window. The broker sells only what providers sold it, so a thin
 * window may have no ask for a while; rights bought late in a window still deliver within it,
 * and waiting costs nothing (the runner asks the engine, journaling nothing, until an ask
 * appears). Past half the window the subscriber is told, and it counts as a skip.
 */
export function noAskGraceMs(series: Series): number {
  return Math.floor((series.spec.closeAtMs - series.spec.openAtMs) / 2);
}

/** One live subscription: its terms and where it stands. */
export class Subscription {
  status: SubscriptionStatus = SubscriptionStatus.ACTIVE;
  spentMicros = 0;
  skipsInRow = 0;
  /** The open time of the last window it bought or skipped; windows opening after it are next. */
  lastOpenAtMs: number;
  /** Rights bought in a window not open yet, to exercise once it opens (autoExercise): series and quantity; 0 = none. */
  pendingSeriesId = 0;
  pendingQty = 0;
  /** Where the index of active subscriptions holds it (Subscriptions.index), if it does. Derived. */
  indexedIn: WindowBucket | undefined = undefined;
  /** Its set in `indexedIn` (those that last acted on the same window). */
  indexedGroup: Set<Subscription> | undefined = undefined;
  indexedLastOpenAtMs = 0;
  indexedPendingSeriesId = 0;
  /** The tier subscription it is one contract of (src/engine/products/tiers.ts); 0: a subscription of its own. */
  tierSubscriptionId = 0;
  /** That tier's listing (0: none): from rules 10 its rights come from the listing's provider (TIER_PROVIDER_RULES). Set with `Subscriptions.joinTier`. */
  tierListingId = 0;
  /** After acting on a window, the windows opening within this many ms after it are passed over (a tier bought every k-th window: (k-1) windows' length). */
  cadenceStepMs = 0;
  /** Its WindowBucket's key: what decides its next window (made when made or joined to a tier; a run re-indexes a subscription each time it acts). */
  bucketKey: string;
  constructor(
    readonly id: number,
    readonly accountId: number,
    readonly contract: string,
    readonly segment: string,
    /** `SEGMENT|windowMs|SPOT`: the engine's window group its windows are listed in. */
    readonly groupKey: string,
    readonly qtyPerWindow: number,
    readonly capPriceMicros: number,
    readonly budgetMicros: number,
    readonly trigger: SubscriptionTrigger,
    readonly autoExercise: boolean,
    readonly maxSkips: number,
    readonly delivery: SubscriptionDelivery,
    readonly webhookUrl: string,
    readonly pushAuthorisation: string,
    /** Windows opening after this instant are bought (-1: also the window open at subscription). */
    readonly afterOpenAtMs: number,
  ) {
    this.lastOpenAtMs = afterOpenAtMs;
    this.bucketKey = bucketKeyOf(this);
  }
}

/** What decides a subscription's next window, as a key: its window group, contract, trigger and tier's listing. */
function bucketKeyOf(sub: Pick<Subscription, 'groupKey' | 'contract' | 'trigger' | 'tierListingId'>): string {
  return `${sub.groupKey}\n${sub.contract}\n${sub.trigger}\n${sub.tierListingId}`;
}

/**
 * Active subscriptions that share what decides their next window: the contract, its window
 * group, the trigger. Within one, whether a subscription is due depends only on the window it
 * last acted on (and, apart, on a purchase waiting to be exercised), so the subscriptions are
 * kept by that instant and each instant is asked once.
 */
class WindowBucket {
  readonly byLastOpenAtMs = new Map<number, Set<Subscription>>();
  constructor(
    readonly key: string,
    readonly groupKey: string,
    readonly contract: string,
    readonly trigger: SubscriptionTrigger,
    /** The tier's listing its subscriptions buy from (0: none; TIER_PROVIDER_RULES). */
    readonly tierListingId: number,
  ) {}
}

/** What a subscription would do now, if anything. */
type Due =
  | { kind: 'exercise'; series: Series }
  | { kind: 'drop-pending' }
  | { kind: 'buy'; series: Series }
  | { kind: 'skip-no-ask'; series: Series }
  | { kind: 'skip-no-provider-supply'; series: Series };

/**
 * Rules 7 (products/rules.ts; tiers.ts): a tier's seats go to subscribers who can buy. Subscribing needs every
 * contract quoted now, and each contract's share of the budget and its cap to buy one window at that quote; a
 * contract that skips `maxSkips` windows in a row ends the tier subscription and frees its seat (a pause held it,
 * and resuming reset the count: 2 µPAT held a seat for as long as the subscriber liked).
 */
export const TIER_SEAT_RULES = 7;

/**
 * Rules 10 (products/rules.ts; docs/subscriptions.md, "Tiers"): a tier delivers its listing's provider's data. Rights
 * are fungible in a series and redeemed oldest sale first, so under 0–9 a subscriber to one provider's tier could be
 * granted another provider's records. Now a tier's contract buys only while that provider has sold rights in the
 * window not yet redeemed (at most those), and exercises them from that provider first (supply.ts, `redeemFrom`); with
 * the broker asking and none of that provider's, it waits as for an ask, then skips NO_PROVIDER_SUPPLY.
 */
export const TIER_PROVIDER_RULES = 10;

/**
 * Rules 10 too: another account's subscription or tier subscription id is refused as an unknown one (UNKNOWN_SUBSCRIPTION,
 * UNKNOWN_TIER_SUBSCRIPTION), so a stranger cannot learn which ids are live; under 0–9 NOT_YOUR_SUBSCRIPTION told it.
 */
export const PRIVATE_SUBSCRIPTION_IDS_RULES = 10;

/**
 * Rules 22 (products/rules.ts; docs/subscriptions.md, "Delivery"): a webhook subscription ends, PUSH_AUTHORISATION_EXPIRED,
 * instead of buying a window whose rights would be exercised (at its open, or now if it is open) once its push
 * authorisation has ended (its `untilMs`): the gates could push none of them. Under 0–21 it bought on, and the grants
 * waited in /v1/grants/mine while the subscriber waited for pushes (an outside audit, 2026-12-06).
 */
export const PUSH_AUTHORISATION_RULES = 22;

/** The `untilMs` of a push authorisation as the journal keeps it (JSON, checked by the gateway), or undefined if it has none. */
export function pushAuthorisationUntilMs(pushAuthorisation: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(pushAuthorisation);
    const until = typeof parsed === 'object' && parsed !== null ? (parsed as { untilMs?: unknown }).untilMs : undefined;
    return typeof until === 'number' && Number.isSafeInteger(until) ? until : undefined;
  } catch {
    return undefined;
  }
}

/** The engine as subscriptions sees it: the state it reads and writes, and the other concerns it calls. */
export type SubscriptionsEngine = Pick<EngineState, 'seq' | 'rejectCommand' | 'out' | 'nowMs' | 'series' | 'accounts' | 'nextExerciseId' | 'windowGroups' | 'limits' | 'isOperator' | 'rulesVersion'> & {
  readonly rights: Pick<RightsSupply, 'exercise' | 'providerOfListing'>;
  readonly orderEntry: Pick<OrderEntry, 'newOrder' | 'checkNewOrder'>;
  readonly tradeFees: Pick<TradeFees, 'holdPerUnitMicros'>;
};

export class Subscriptions {
  /** Live subscriptions by id, in the order made. */
  readonly live = new Map<number, Subscription>();
  /** Seats per segment (absent: no limit). */
  readonly seats = new Map<string, number>();
  /** Seats taken per segment: the accounts with an active subscription there. Derived. */
  readonly seatsTaken = new Map<string, number>();
  /** Per segment, each seat holder's active subscriptions there. Derived. */
  private readonly seatHolders = new Map<string, Map<number, number>>();
  /** Live subscriptions per account (at most MAX_SUBSCRIPTIONS_PER_ACCOUNT each). Derived. */
  readonly byAccount = new Map<number, Set<Subscription>>();
  /**
   * Active subscriptions by what makes them due (WindowBucket), and those with a purchase
   * waiting to be exercised by its series. Derived. RUN_SUBSCRIPTIONS and the runner's
   * question (`anyDue`, every second) ask each bucket's instants and each waiting series
   * once, instead of walking every live subscription: at 100,000 subscriptions with nothing
   * due the walk took 3.9 ms of the engine's thread a second (18–20 ms on an earlier machine),
   * and as long a run (issue 58; bench:subscriptions).
   */
  private readonly buckets = new Map<string, WindowBucket>();
  private readonly byPendingSeries = new Map<number, Set<Subscription>>();
  nextSubscriptionId = 1;

  constructor(private readonly e: SubscriptionsEngine) {}

  // ------------------------------------------------------------------ commands

  subscribe(cmd: Subscribe): void {
    const reason = this.checkSubscribe(cmd);
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    const key = parseContractKey(cmd.contract);
    const afterOpenAtMs = cmd.includeCurrent ? -1 : this.e.nowMs;
    const sub = new Subscription(
      this.nextSubscriptionId++, cmd.actor, cmd.contract, key.segment, `${key.segment}|${key.windowMs}|${SeriesKind.SPOT}`,
      cmd.qtyPerWindow, cmd.capPriceMicros, cmd.budgetMicros, cmd.trigger, cmd.autoExercise, cmd.maxSkips,
      cmd.delivery, cmd.webhookUrl, cmd.pushAuthorisation, afterOpenAtMs,
    );
    this.open(sub);
  }

  /** @internal Makes a checked subscription live and says so (SUBSCRIBE, and each contract of a tier subscription: tiers.ts). */
  open(sub: Subscription): void {
    this.add(sub);
    this.e.out.push({
      type: EventType.SUBSCRIPTION_CREATED, seq: this.e.seq, subscriptionId: sub.id, accountId: sub.accountId, contract: sub.contract,
      qtyPerWindow: sub.qtyPerWindow, capPriceMicros: sub.capPriceMicros, budgetMicros: sub.budgetMicros, trigger: sub.trigger,
      autoExercise: sub.autoExercise, maxSkips: sub.maxSkips, delivery: sub.delivery, webhookUrl: sub.webhookUrl, pushAuthorisation: sub.pushAuthorisation, afterOpenAtMs: sub.afterOpenAtMs,
    });
  }

  private checkSubscribe(cmd: Subscribe): RejectReason {
    const account = this.e.accounts[cmd.actor];
    if (account === undefined) return RejectReason.UNKNOWN_ACCOUNT;
    if (account.role !== Role.CONSUMER && account.role !== Role.INSTITUTION) return RejectReason.ROLE_NOT_ALLOWED;
    let segment: string;
    try {
      const key = parseContractKey(cmd.contract);
      if (formatContractKey(key) !== cmd.contract) return RejectReason.INVALID_CONTRACT_KEY;
      segment = key.segment;
    } catch {
      return RejectReason.INVALID_CONTRACT_KEY;
    }
    if (!isPositiveSafeInt(cmd.qtyPerWindow) || !isPositiveSafeInt(cmd.capPriceMicros) || !isPositiveSafeInt(cmd.budgetMicros)) return RejectReason.INVALID_SUBSCRIPTION;
    if (!Number.isSafeInteger(cmd.capPriceMicros * cmd.qtyPerWindow)) return RejectReason.INVALID_SUBSCRIPTION;
    if (cmd.trigger !== SubscriptionTrigger.ON_LIST && cmd.trigger !== SubscriptionTrigger.ON_OPEN) return RejectReason.INVALID_SUBSCRIPTION;
    if (!Number.isInteger(cmd.maxSkips) || cmd.maxSkips < 1 || cmd.maxSkips > MAX_SKIPS_LIMIT) return RejectReason.INVALID_SUBSCRIPTION;
    if (typeof cmd.autoExercise !== 'boolean' || typeof cmd.includeCurrent !== 'boolean') return RejectReason.INVALID_SUBSCRIPTION;
    if (cmd.delivery === SubscriptionDelivery.PULL) {
      if (cmd.webhookUrl !== '' || cmd.pushAuthorisation !== '') return RejectReason.INVALID_SUBSCRIPTION;
    } else if (cmd.delivery === SubscriptionDelivery.WEBHOOK) {
      if (!pushTermsInBounds(cmd.webhookUrl, cmd.pushAuthorisation)) return RejectReason.INVALID_SUBSCRIPTION;
    } else {
      return RejectReason.INVALID_SUBSCRIPTION;
    }
    if (this.liveCountOf(cmd.actor) >= MAX_SUBSCRIPTIONS_PER_ACCOUNT || this.live.size >= MAX_SUBSCRIPTIONS) return RejectReason.SUBSCRIPTION_LIMIT;
    if (!this.seatFor(cmd.actor, segment)) return RejectReason.SEATS_FULL;
    if (account.availableMicros < Math.min(cmd.capPriceMicros * cmd.qtyPerWindow, cmd.budgetMicros)) return RejectReason.INSUFFICIENT_BALANCE;
    return RejectReason.NONE;
  }

  cancel(cmd: CancelSubscription): void {
    const reason = this.checkOwn(cmd.actor, cmd.subscriptionId);
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    this.close(this.live.get(cmd.subscriptionId)!, SubscriptionStatus.CANCELLED, SubscriptionChange.CANCELLED);
  }

  resume(cmd: ResumeSubscription): void {
    let reason = this.checkOwn(cmd.actor, cmd.subscriptionId);
    const sub = this.live.get(cmd.subscriptionId);
    if (reason === RejectReason.NONE && sub!.status !== SubscriptionStatus.PAUSED) reason = RejectReason.NOT_PAUSED;
    if (reason === RejectReason.NONE && !this.seatFor(sub!.accountId, sub!.segment)) reason = RejectReason.SEATS_FULL;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    sub!.status = SubscriptionStatus.ACTIVE;
    this.takeSeat(sub!);
    sub!.skipsInRow = 0;
    // From the next window: those that passed while paused are gone.
    sub!.lastOpenAtMs = Math.max(sub!.lastOpenAtMs, this.e.nowMs);
    this.index(sub!);
    this.statusChanged(sub!, SubscriptionChange.RESUMED);
  }

  private checkOwn(actor: number, subscriptionId: number): RejectReason {
    const sub = this.live.get(subscriptionId);
    if (sub === undefined) return RejectReason.UNKNOWN_SUBSCRIPTION;
    // The operator may cancel or resume anyone's (support, abuse); an account only its own.
    if (sub.accountId !== actor && !this.e.isOperator(actor)) return this.e.rulesVersion >= PRIVATE_SUBSCRIPTION_IDS_RULES ? RejectReason.UNKNOWN_SUBSCRIPTION : RejectReason.NOT_YOUR_SUBSCRIPTION;
    return RejectReason.NONE;
  }

  setSegmentSeats(cmd: SetSegmentSeats): void {
    let reason: RejectReason = RejectReason.NONE;
    if (cmd.actor !== SYSTEM_ACTOR) reason = RejectReason.ROLE_NOT_ALLOWED;
    else if (!isSegmentName(cmd.segment) || !Number.isSafeInteger(cmd.seats) || cmd.seats < 0 || cmd.seats > MAX_SEGMENT_SEATS) reason = RejectReason.INVALID_SEATS;
    if (reason !== RejectReason.NONE) return this.e.rejectCommand(cmd.kind, cmd.actor, reason);
    // Lowering seats below those taken keeps the subscriptions that hold them; it refuses new ones.
    if (cmd.seats === 0) this.seats.delete(cmd.segment);
    else this.seats.set(cmd.segment, cmd.seats);
    this.e.out.push({ type: EventType.SEGMENT_SEATS_SET, seq: this.e.seq, segment: cmd.segment, seats: cmd.seats });
  }

  run(cmd: RunSubscriptions): void {
    if (cmd.actor !== SYSTEM_ACTOR) return this.e.rejectCommand(cmd.kind, cmd.actor, RejectReason.ROLE_NOT_ALLOWED);
    if (!isPositiveSafeInt(cmd.maxActions) || cmd.maxActions > MAX_RUN_ACTIONS) return this.e.rejectCommand(cmd.kind, cmd.actor, RejectReason.INVALID_QUANTITY);
    let actions = 0;
    // The subscriptions due at the start, in id order (the order of `live`, which a walk of every
    // subscription took before the index: nothing one acts on makes another due within a run).
    for (const sub of this.dueCandidates(this.e.nowMs)) {
      // Each subscription acts until nothing is due (an exercise, then the next window's purchase), within the bound.
      for (let due = this.due(sub); due !== undefined && actions < cmd.maxActions; due = this.due(sub)) {
        this.act(sub, due);
        actions++;
      }
      if (actions >= cmd.maxActions) return;
    }
  }

  // ------------------------------------------------------------------- queries

  /** Whether a RUN_SUBSCRIPTIONS at `nowMs` would act on anything (the runner asks before it submits one). */
  anyDue(nowMs: number): boolean {
    // No set here is empty: deleteFrom drops a set with its last subscription.
    for (const seriesId of this.byPendingSeries.keys()) if (pendingDue(this.e.series[seriesId]!, nowMs)) return true;
    for (const bucket of this.buckets.values()) {
      for (const last of bucket.byLastOpenAtMs.keys()) if (this.windowDue(bucket.groupKey, bucket.contract, bucket.trigger, last, nowMs, bucket.tierListingId) !== undefined) return true;
    }
    return false;
  }

  /**
   * The active subscriptions `dueAt` may find something for at `nowMs` (a superset: each is
   * asked again as it comes), in id order, which is the order of `live` (made in id order; a
   * snapshot keeps it). A few: sorted. Many (a window opened for most subscribers): a pass over
   * `live` picking them out, which a run stops after its actions.
   */
  private dueCandidates(nowMs: number): Iterable<Subscription> {
    const pending = new Set<number>();
    const groups = new Set<Set<Subscription>>();
    let count = 0;
    for (const [seriesId, subs] of this.byPendingSeries) {
      if (!pendingDue(this.e.series[seriesId]!, nowMs)) continue;
      pending.add(seriesId);
      count += subs.size;
    }
    for (const bucket of this.buckets.values()) {
      for (const [last, subs] of bucket.byLastOpenAtMs) {
        if (this.windowDue(bucket.groupKey, bucket.contract, bucket.trigger, last, nowMs, bucket.tierListingId) === undefined) continue;
        groups.add(subs);
        count += subs.size;
      }
    }
    if (count === 0) return [];
    if (count * 8 < this.live.size) {
      const due = new Set<Subscription>();
      for (const seriesId of pending) for (const s of this.byPendingSeries.get(seriesId)!) due.add(s);
      for (const g of groups) for (const s of g) due.add(s);
      return [...due].sort((a, b) => a.id - b.id);
    }
    return this.liveIn(groups, pending);
  }

  /**
   * The live subscriptions in one of `groups` or waiting on one of the `pending` series, in the
   * order of `live`. One that acts moves to another group; those not reached yet stay in theirs.
   */
  private *liveIn(groups: ReadonlySet<Set<Subscription>>, pending: ReadonlySet<number>): Generator<Subscription> {
    for (const sub of this.live.values()) {
      if (sub.indexedGroup === undefined) continue;
      if (groups.has(sub.indexedGroup) || (sub.indexedPendingSeriesId !== 0 && pending.has(sub.indexedPendingSeriesId))) yield sub;
    }
  }

  // ------------------------------------------------------------------ internals

  private due(sub: Subscription): Due | undefined {
    return this.dueAt(sub, this.e.nowMs);
  }

  private dueAt(sub: Subscription, nowMs: number): Due | undefined {
    if (sub.status !== SubscriptionStatus.ACTIVE) return undefined;
    if (sub.pendingQty > 0) {
      const pending = this.e.series[sub.pendingSeriesId]!;
      if (pending.status === SeriesStatus.EXPIRED || nowMs >= pending.spec.closeAtMs) return { kind: 'drop-pending' };
      if (nowMs >= pending.spec.openAtMs) return { kind: 'exercise', series: pending };
    }
    return this.windowDue(sub.groupKey, sub.contract, sub.trigger, sub.lastOpenAtMs, nowMs, sub.tierListingId);
  }

  /** What is due for a subscription to `contract` that last acted on the window opening at `lastOpenAtMs`, apart from a purchase waiting to be exercised. */
  private windowDue(groupKey: string, contract: string, trigger: SubscriptionTrigger, lastOpenAtMs: number, nowMs: number, tierListingId: number): Due | undefined {
    const next = this.nextWindow(groupKey, contract, trigger, lastOpenAtMs, nowMs);
    if (next === undefined) return undefined;
    const pastGrace = nowMs >= next.spec.openAtMs + noAskGraceMs(next);
    if (!hasAsk(next)) return pastGrace ? { kind: 'skip-no-ask', series: next } : undefined;
    if (tierListingId === 0 || this.e.rulesVersion < TIER_PROVIDER_RULES || this.tierSupply(next, tierListingId) >= next.lotSize) return { kind: 'buy', series: next };
    // Rules 10: the broker asks, but none of the tier's provider's rights are in the window: waited for as an ask is.
    return pastGrace ? { kind: 'skip-no-provider-supply', series: next } : undefined;
  }

  /** Rights the provider of tier listing `tierListingId` sold in `series` and nobody has redeemed yet (0: no provider holds the listing now). */
  private tierSupply(series: Series, tierListingId: number): number {
    const provider = this.e.rights.providerOfListing(tierListingId);
    return provider === 0 ? 0 : series.supply.qtyOf(provider);
  }

  /** Rules 10: the provider a subscription's rights are redeemed from first (0: oldest sale first, as for any other). */
  private redeemFrom(sub: Subscription): number {
    if (sub.tierListingId === 0 || this.e.rulesVersion < TIER_PROVIDER_RULES) return 0;
    return this.e.rights.providerOfListing(sub.tierListingId);
  }

  /** The earliest live window of the contract opening after `lastOpenAtMs` whose trigger has come. */
  private nextWindow(groupKey: string, contract: string, trigger: SubscriptionTrigger, lastOpenAtMs: number, nowMs: number): Series | undefined {
    const group = this.e.windowGroups.get(groupKey);
    if (group === undefined) return undefined;
    let next: Series | undefined;
    for (const s of group) {
      if (s.spec.contract !== contract || s.spec.openAtMs <= lastOpenAtMs) continue;
      if (s.status !== SeriesStatus.TRADING || nowMs >= s.spec.closeAtMs) continue;
      if (trigger === SubscriptionTrigger.ON_OPEN && nowMs < s.spec.openAtMs) continue;
      if (next === undefined || s.spec.openAtMs < next.spec.openAtMs) next = s;
    }
    return next;
  }

  private act(sub: Subscription, due: Due): void {
    // What it does changes what makes it due (its last window, a waiting purchase, its status).
    this.unindex(sub);
    this.actOn(sub, due);
    this.index(sub);
  }

  private actOn(sub: Subscription, due: Due): void {
    switch (due.kind) {
      case 'exercise':
        return this.exercisePending(sub, due.series);
      case 'drop-pending':
        sub.pendingSeriesId = 0;
        sub.pendingQty = 0;
        return;
      case 'skip-no-ask':
        return this.skip(sub, due.series, SkipReason.NO_ASK, 0, RejectReason.NONE);
      case 'skip-no-provider-supply':
        return this.skip(sub, due.series, SkipReason.NO_PROVIDER_SUPPLY, due.series.brokerSells.bestAskMicros(), RejectReason.NONE);
      case 'buy':
        return this.buy(sub, due.series);
    }
  }

  private buy(sub: Subscription, series: Series): void {
    if (this.pushAuthorisationEnded(sub, series)) return this.close(sub, SubscriptionStatus.ENDED, SubscriptionChange.PUSH_AUTHORISATION_EXPIRED);
    const account = this.e.accounts[sub.accountId]!;
    const asks = series.brokerSells.depth(Side.SELL, this.e.limits.maxQuoteLevels);
    const bestAsk = asks[0]![0];
    if (bestAsk > sub.capPriceMicros) return this.skip(sub, series, SkipReason.CAP_BELOW_ASK, bestAsk, RejectReason.NONE);
    const lot = series.lotSize;
    let offered = 0;
    for (const [price, qty] of asks) if (price <= sub.capPriceMicros) offered += qty;
    // Rules 10: a tier's contract buys no more than its provider's rights in the window (due only while there are some).
    const fromProvider = this.redeemFrom(sub);
    const deliverable = fromProvider === 0 ? Number.MAX_SAFE_INTEGER : series.supply.qtyOf(fromProvider);
    const wantLots = Math.floor(Math.min(sub.qtyPerWindow, offered, series.maxOrderQty, deliverable) / lot);
    const budgetLeft = sub.budgetMicros - sub.spentMicros;
    // The most lots whose cost fits the budget and whose hold (the limit, the dearest level needed, × qty) fits the free PAT;
    // both with the fee the buy holds (docs/fees.md; 0 under the default schedule), its most, so the budget is never overspent.
    const fits = (lots: number): boolean => {
      const { costMicros: cost, limitMicros: limit } = walkAsks(asks, lots * lot);
      const fee = this.e.tradeFees.holdPerUnitMicros(account, series, Side.BUY, limit) * lots * lot;
      return cost + fee <= budgetLeft && (limit * lots * lot) + fee <= account.availableMicros;
    };
    let lo = 0;
    let hi = wantLots;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(mid)) lo = mid;
      else hi = mid - 1;
    }
    if (lo === 0) {
      if (budgetLeft < bestAsk * lot) return this.close(sub, SubscriptionStatus.ENDED, SubscriptionChange.BUDGET_SPENT);
      return this.skip(sub, series, SkipReason.INSUFFICIENT_FUNDS, bestAsk, RejectReason.NONE);
    }
    const qty = lo * lot;
    const order: NewOrder = {
      kind: CommandKind.NEW_ORDER, actor: sub.accountId, seriesId: series.id, clientOrderId: 0, side: Side.BUY, orderType: OrderType.LIMIT,
      tif: TimeInForce.IOC, priceMicros: walkAsks(asks, qty).limitMicros, qty, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST,
    };
    const refused = this.e.orderEntry.checkNewOrder(order, account, series);
    if (refused !== RejectReason.NONE) return this.skip(sub, series, SkipReason.ORDER_REJECTED, bestAsk, refused);
    const rightsBefore = account.positions.get(series.id)?.available ?? 0;
    const freeBefore = account.availableMicros;
    this.e.orderEntry.newOrder(order);
    const bought = (account.positions.get(series.id)?.available ?? 0) - rightsBefore;
    const cost = freeBefore - account.availableMicros;
    if (bought === 0) return this.skip(sub, series, SkipReason.NO_ASK, bestAsk, RejectReason.NONE);
    sub.spentMicros += cost;
    sub.skipsInRow = 0;
    sub.lastOpenAtMs = series.spec.openAtMs + sub.cadenceStepMs;
    this.e.out.push({
      type: EventType.SUBSCRIPTION_FILLED, seq: this.e.seq, subscriptionId: sub.id, accountId: sub.accountId, seriesId: series.id,
      requestedQty: sub.qtyPerWindow, qty: bought, costMicros: cost, spentMicros: sub.spentMicros,
    });
    if (!sub.autoExercise) return;
    sub.pendingSeriesId = series.id;
    sub.pendingQty = bought;
    if (this.e.nowMs >= series.spec.openAtMs) this.exercisePending(sub, series);
  }

  /** Rules 22: a webhook subscription's rights in `series` would be exercised at or after its push authorisation's end. */
  private pushAuthorisationEnded(sub: Subscription, series: Series): boolean {
    if (this.e.rulesVersion < PUSH_AUTHORISATION_RULES || sub.delivery !== SubscriptionDelivery.WEBHOOK) return false;
    const untilMs = pushAuthorisationUntilMs(sub.pushAuthorisation);
    return untilMs !== undefined && Math.max(this.e.nowMs, series.spec.openAtMs) >= untilMs;
  }

  private exercisePending(sub: Subscription, series: Series): void {
    // What the subscriber still holds (it may have exercised some itself meanwhile).
    const qty = Math.min(sub.pendingQty, this.e.accounts[sub.accountId]!.positions.get(series.id)?.available ?? 0);
    sub.pendingSeriesId = 0;
    sub.pendingQty = 0;
    if (qty === 0) return;
    const exerciseId = this.e.nextExerciseId;
    this.e.rights.exercise({ kind: CommandKind.EXERCISE, actor: sub.accountId, seriesId: series.id, qty }, this.redeemFrom(sub));
    if (this.e.nextExerciseId === exerciseId) return; // refused (its COMMAND_REJECTED says why); the rights stay the subscriber's
    this.e.out.push({ type: EventType.SUBSCRIPTION_EXERCISED, seq: this.e.seq, subscriptionId: sub.id, accountId: sub.accountId, seriesId: series.id, exerciseId, qty });
  }

  private skip(sub: Subscription, series: Series, reason: SkipReason, askMicros: number, rejectReason: RejectReason): void {
    sub.skipsInRow++;
    sub.lastOpenAtMs = series.spec.openAtMs + sub.cadenceStepMs;
    this.e.out.push({
      type: EventType.SUBSCRIPTION_SKIPPED, seq: this.e.seq, subscriptionId: sub.id, accountId: sub.accountId, seriesId: series.id,
      reason, askMicros, rejectReason, skipsInRow: sub.skipsInRow,
    });
    if (sub.skipsInRow >= sub.maxSkips) {
      // Rules 7: a tier's contract does not pause holding the tier's seat; the tier subscription ends (tiers.ts, TIER_SEAT_RULES).
      if (sub.tierSubscriptionId !== 0 && this.e.rulesVersion >= TIER_SEAT_RULES) return this.close(sub, SubscriptionStatus.ENDED, SubscriptionChange.PAUSED_AFTER_SKIPS);
      sub.status = SubscriptionStatus.PAUSED;
      this.freeSeat(sub);
      this.statusChanged(sub, SubscriptionChange.PAUSED_AFTER_SKIPS);
    }
  }

  /**
   * @internal Told when a subscription that is one contract of a tier subscription closes (tiers.ts closes the
   * others with it: a tier subscription ends and is cancelled as one).
   */
  onTierMemberClosed: ((sub: Subscription) => void) | undefined = undefined;

  /** @internal Cancelled or ended: it leaves the engine (its events are its record) and frees its seat. */
  close(sub: Subscription, status: SubscriptionStatus, change: SubscriptionChange): void {
    if (sub.status === SubscriptionStatus.ACTIVE) this.freeSeat(sub);
    sub.status = status;
    this.remove(sub);
    this.statusChanged(sub, change);
    if (sub.tierSubscriptionId !== 0) this.onTierMemberClosed?.(sub);
  }

  private statusChanged(sub: Subscription, change: SubscriptionChange): void {
    this.e.out.push({ type: EventType.SUBSCRIPTION_STATUS_CHANGED, seq: this.e.seq, subscriptionId: sub.id, accountId: sub.accountId, status: sub.status, change });
  }

  /** @internal Makes a live subscription one contract of tier subscription `tierSubscriptionId` of listing `listingId` (made, or decoded from a snapshot). */
  joinTier(sub: Subscription, tierSubscriptionId: number, listingId: number): void {
    this.unindex(sub);
    sub.tierSubscriptionId = tierSubscriptionId;
    sub.tierListingId = listingId;
    sub.bucketKey = bucketKeyOf(sub);
    this.index(sub);
  }

  /** How many live subscriptions the account holds. */
  liveCountOf(accountId: number): number {
    return this.byAccount.get(accountId)?.size ?? 0;
  }

  /** @internal Adds a live subscription (made, or decoded from a snapshot) and, while active, its seat. */
  add(sub: Subscription): void {
    this.live.set(sub.id, sub);
    const mine = this.byAccount.get(sub.accountId);
    if (mine === undefined) this.byAccount.set(sub.accountId, new Set([sub]));
    else mine.add(sub);
    if (sub.status === SubscriptionStatus.ACTIVE) this.takeSeat(sub);
    this.index(sub);
  }

  private remove(sub: Subscription): void {
    this.live.delete(sub.id);
    const mine = this.byAccount.get(sub.accountId);
    mine?.delete(sub);
    if (mine?.size === 0) this.byAccount.delete(sub.accountId);
    this.unindex(sub);
  }

  /** Puts a live, active subscription where `anyDue` and runs look for it (nothing for any other). */
  private index(sub: Subscription): void {
    if (sub.status !== SubscriptionStatus.ACTIVE || !this.live.has(sub.id)) return;
    const key = sub.bucketKey;
    let bucket = this.buckets.get(key);
    if (bucket === undefined) this.buckets.set(key, (bucket = new WindowBucket(key, sub.groupKey, sub.contract, sub.trigger, sub.tierListingId)));
    sub.indexedGroup = setIn(bucket.byLastOpenAtMs, sub.lastOpenAtMs).add(sub);
    sub.indexedIn = bucket;
    sub.indexedLastOpenAtMs = sub.lastOpenAtMs;
    sub.indexedPendingSeriesId = sub.pendingQty > 0 ? sub.pendingSeriesId : 0;
    if (sub.indexedPendingSeriesId !== 0) setIn(this.byPendingSeries, sub.indexedPendingSeriesId).add(sub);
  }

  private unindex(sub: Subscription): void {
    const bucket = sub.indexedIn;
    if (bucket === undefined) return;
    deleteFrom(bucket.byLastOpenAtMs, sub.indexedLastOpenAtMs, sub);
    if (bucket.byLastOpenAtMs.size === 0) this.buckets.delete(bucket.key);
    if (sub.indexedPendingSeriesId !== 0) deleteFrom(this.byPendingSeries, sub.indexedPendingSeriesId, sub);
    sub.indexedIn = undefined;
    sub.indexedGroup = undefined;
  }

  /** @internal Whether the account holds, or may take, a seat in the segment. */
  seatFor(accountId: number, segment: string): boolean {
    const seats = this.seats.get(segment);
    if (seats === undefined || this.seatHolders.get(segment)?.has(accountId) === true) return true;
    return (this.seatsTaken.get(segment) ?? 0) < seats;
  }

  private takeSeat(sub: Subscription): void {
    let holders = this.seatHolders.get(sub.segment);
    if (holders === undefined) this.seatHolders.set(sub.segment, (holders = new Map()));
    holders.set(sub.accountId, (holders.get(sub.accountId) ?? 0) + 1);
    this.seatsTaken.set(sub.segment, holders.size);
  }

  private freeSeat(sub: Subscription): void {
    const holders = this.seatHolders.get(sub.segment)!;
    decrement(holders, sub.accountId);
    if (holders.size === 0) {
      this.seatHolders.delete(sub.segment);
      this.seatsTaken.delete(sub.segment);
    } else {
      this.seatsTaken.set(sub.segment, holders.size);
    }
  }
}

function decrement<K>(map: Map<K, number>, key: K): void {
  const n = (map.get(key) ?? 0) - 1;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
}

function setIn<K>(map: Map<K, Set<Subscription>>, key: K): Set<Subscription> {
  let set = map.get(key);
  if (set === undefined) map.set(key, (set = new Set()));
  return set;
}

function deleteFrom<K>(map: Map<K, Set<Subscription>>, key: K, sub: Subscription): void {
  const set = map.get(key);
  if (set === undefined) return;
  set.delete(sub);
  if (set.size === 0) map.delete(key);
}

/** Whether a purchase waiting in `pending` is due (to exercise, or to drop), as `dueAt` decides. */
function pendingDue(pending: Series, nowMs: number): boolean {
  return pending.status === SeriesStatus.EXPIRED || nowMs >= pending.spec.closeAtMs || nowMs >= pending.spec.openAtMs;
}

function hasAsk(series: Series): boolean {
  return series.brokerSells.bestAskMicros() > 0;
}
