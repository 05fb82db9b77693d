import { CommandKind, Role, SeriesStatus, SYSTEM_ACTOR, type Command } from './core/commands.js';
import { EventType, type EngineEvent } from './core/events.js';
import { EventObjects, type EventLog, type EventSink } from './core/event-log.js';
import { RejectReason } from './core/reject-reason.js';
import { Account } from './core/account.js';
import { OrderPool } from './core/order.js';
import { BookStore } from './core/order-book.js';
import { Series } from './core/series.js';
import { ExpiryQueue } from './core/expiry-queue.js';
import { OrderIdIndex } from './core/order-id-index.js';
import { parseContractKey } from './core/contract-key.js';
import { AccountFunds } from './core/account-funds.js';
import { BrokerQuotes } from './products/broker-quotes.js';
import { OrderEntry } from './core/order-entry.js';
import { RightsSupply } from './products/rights-supply.js';
import { Forwards } from './products/forwards.js';
import { Escrow } from './products/escrow.js';
import { Subscriptions } from './products/subscriptions.js';
import { Tiers } from './products/tiers.js';
import { Bundles } from './products/bundles.js';
import { Organisations } from './products/organisations.js';
import { OrganisationInvitations } from './products/organisation-invitations.js';
import { CancelOnDisconnect } from './core/cancel-on-disconnect.js';
import { FeeSweeps } from './core/fee-sweep.js';
import { OperatorNotes } from './core/operator-notes.js';
import { SeriesLifecycle } from './products/series-lifecycle.js';
import { SettlementRecords } from './core/settlement-records.js';
import { Synthetics } from './products/synthetics.js';
import { Options } from './products/options.js';
import { INDEX_SAMPLE_EVERY_MS, INDEX_SLOTS, type IndexTrack } from './core/index-track.js';
import { EngineRules, maxPositionRightsUnder } from './products/rules.js';
import { RiskControls } from './core/risk-controls.js';
import { PreTradeRisk } from './core/pre-trade-risk.js';
import { TradeFees } from './core/trade-fees.js';
import { defaultRiskParams, FeeSchedule, paramSpec, setRiskParam, type RiskParams } from '../risk/index.js';
import type { EngineLimits, EngineState } from './core/engine-state.js';

export type { EngineLimits } from './core/engine-state.js';

export const DEFAULT_LIMITS: EngineLimits = {
  maxAccounts: 1_000_000,
  maxSeries: 100_000,
  maxOrders: 4_000_000,
  maxOpenOrdersPerAccount: 100_000,
  recentClientIdsPerAccount: 1024,
  maxQuoteLevels: 32,
  maxPriceLevels: 1_000_000,
  maxRefLength: 200,
};

/** Phases 1 (spot) and 2 (forwards) need no vote; 3 and 4 are enabled by the on-chain council. */
export const UNGOVERNED_PHASE = 2;
export { MAX_PHASE, MAX_SETTLEMENT_WITHDRAWALS } from './core/settlement-records.js';

export { requiredPhase } from './products/series-lifecycle.js';

/** Thrown when an internal invariant breaks: the state can no longer be trusted, so the process must stop. */
export class EngineInvariantError extends Error {
  override readonly name = 'EngineInvariantError';
}



/**
 * The exchange state machine. `apply` is a pure function of the state and the
 * command (with the sequence number and time the sequencer stamped on it): no
 * clock, no randomness, no I/O. Every command is validated completely before
 * anything changes, so a rejected command leaves the state exactly as it was.
 *
 * This class holds the state and dispatches each command to the module of its
 * concern (order entry, rights supply, accounts and funds, series lifecycle, broker
 * quotes, settlement records, risk controls and pre-trade risk: docs/architecture.md).
 */
export class Engine implements EngineState {
  readonly limits: EngineLimits;
  /** Index = account id; 0 is the system and never an account. */
  readonly accounts: (Account | undefined)[] = [undefined];
  /** Settlement address to account (addresses are lower case; each belongs to one account). */
  readonly accountIdByAddress = new Map<string, number>();
  /** Index = series id; 0 unused. */
  readonly series: (Series | undefined)[] = [undefined];
  /** Series listed and not expired. Derived (counted at listing and expiry, and on decode). */
  liveSeries = 0;
  /** Live resting orders by order id. */
  readonly orders = new OrderIdIndex();
  readonly pool: OrderPool;
  /** The storage of every series' books: level records and each book side's bitset and window (order-book.ts). */
  readonly books = new BookStore();
  readonly expiries = new ExpiryQueue();
  /** Deposit references already credited (idempotency), in credit order. */
  readonly depositRefs = new Set<string>();
  /** Withdrawals requested and not yet paid, by id. */
  readonly withdrawals = new Map<number, { accountId: number; amountWei: bigint }>();
  /** Series by `contract@openAtMs/kind`, to refuse listing a window twice and to find a forward's spot series. */
  readonly seriesByWindow = new Map<string, number>();
  brokerId = 0;
  nextOrderId = 1;
  nextTradeId = 1;
  nextWithdrawalId = 1;
  nextExerciseId = 1;
  /** Access grants are numbered by the engine, one per provider share of an exercise. */
  nextGrantId = 1;
  /** PAT in all accounts' available, held and locked balances, in µPAT. */
  totalMicros = 0;
  /** The highest market phase the on-chain governance has enabled (reported by the chain watcher). */
  governancePhase = UNGOVERNED_PHASE;
  /** The version of the engine's rules this state is under (src/engine/products/rules.ts): 0 until ADOPT_RULES. */
  rulesVersion = 0;
  /** @internal Derived from `rulesVersion`: the most rights an order or declaration may take one position to. */
  maxPositionRights = maxPositionRightsUnder(0);
  /** The last batch settled on-chain and the seq it settled through (reported by the batch settler). */
  settledBatchId = 0;
  settledThroughSeq = 0;
  /** Sequence number and time of the last applied command. */
  lastSeq = 0;
  lastTimeMs = 0;
  /** Risk parameters the pre-trade checks read (mirrors the `risk.*` entries of `params`). */
  risk: RiskParams = defaultRiskParams();
  /** Every parameter an operator has set (risk and quoting), by name, in the order first set. */
  readonly params = new Map<string, number>();
  /** The fee schedule (mirrors the `fee.*` entries of `params`). Derived: rebuilt with the risk parameters. */
  readonly fees = new FeeSchedule();
  /** The exchange's fee account (µPAT charged as fees, part of totalMicros; docs/fees.md). */
  feeAccountMicros = 0;
  /** The global kill switch. */
  killAll = false;
  /** Live series grouped by segment, window length and kind (`SEGMENT|windowMs|kind`), for window exposure. Derived. */
  readonly windowGroups = new Map<string, Series[]>();
  /** Cash-settled series (SYNTHETIC, CALL, PUT) in id order, live and expired, for marking. Derived. */
  readonly cashSettledSeries: Series[] = [];
  /** Spot series whose index inputs are being sampled, in the order tracking began (each also on its series). */
  readonly indexTracks: IndexTrack[] = [];
  /** The next sample instant to take; +∞ while nothing is tracked. Derived: one instant past lastTimeMs. */
  nextSampleAtMs = Number.POSITIVE_INFINITY;

  // Per-command context, set by apply() and applyToLog() (begin): avoids threading it through every call. Read and
  // written by the engine's own modules (rights-supply.ts, settlement-records.ts, …), no one else.
  /** `apply`'s sink: every event an object, straight into the caller's array. */
  private readonly objects = new EventObjects([]);
  /** @internal Where the command being applied writes its events. */
  out: EventSink = this.objects;
  /**
   * @internal False within `withoutEvents`, while commands whose events nobody reads are applied: the hot
   * paths (order accepted, cancelled, filled, rejected) then skip making them, keeping only
   * their side effects (the trade id). The rarer events still go to the caller's sink (recovery: a log it clears).
   */
  emitsEvents = true;
  /** @internal */ seq = 0;
  /** @internal */ nowMs = 0;

  /** The engine's modules: each handles its commands over the state above. */
  readonly orderEntry: OrderEntry;
  readonly rights = new RightsSupply(this);
  readonly settlement = new SettlementRecords(this);
  readonly funds = new AccountFunds(this);
  readonly lifecycle = new SeriesLifecycle(this);
  readonly riskControls = new RiskControls(this);
  readonly rules = new EngineRules(this);
  readonly quotes = new BrokerQuotes(this);
  readonly preTrade = new PreTradeRisk(this);
  readonly tradeFees = new TradeFees(this);
  readonly forwards = new Forwards(this);
  readonly synthetics = new Synthetics(this);
  readonly options = new Options(this);
  readonly escrow = new Escrow(this);
  readonly subscriptions = new Subscriptions(this);
  /** Subscription tiers (after the subscriptions, whose closing it follows) and bundles. */
  readonly tiers = new Tiers(this);
  readonly bundles = new Bundles(this);
  readonly organisations: Organisations = new Organisations(this);
  readonly organisationInvitations: OrganisationInvitations = new OrganisationInvitations(this);
  /** The accounts' live cancel-on-disconnect sessions (core/cancel-on-disconnect.ts). */
  readonly cancelOnDisconnect: CancelOnDisconnect = new CancelOnDisconnect(this);
  /** The operator's fee sweeps from the fee account to the treasury (core/fee-sweep.ts). */
  readonly feeSweeps: FeeSweeps = new FeeSweeps(this);
  /** Operators' actions outside the engine, journaled for the audit trail (core/operator-notes.ts). */
  readonly operatorNotes: OperatorNotes = new OperatorNotes(this);

  constructor(limits: Partial<EngineLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.pool = new OrderPool(this.limits.maxOrders);
    this.orderEntry = new OrderEntry(this); // after the pool: it holds the engine's collections
  }

  /** Applies one command, appending what happened to `out` as objects. */
  apply(cmd: Command, seq: number, timeMs: number, out: EngineEvent[]): void {
    this.objects.pointAt(out);
    this.begin(seq, timeMs, this.objects);
    this.dispatch(cmd);
    this.end(seq, timeMs);
  }

  /**
   * Applies one command, writing what happened to `log` (after what it holds): the order
   * path's events as records, made into objects only by a reader that asks (event-log.ts).
   *
   * The same steps as `apply`, not a shared method that both call: one more call level on the
   * order path cost `apply` ~5% in alternating process pairs (2026-11-24), the compiler then
   * inlining less of it.
   */
  applyToLog(cmd: Command, seq: number, timeMs: number, log: EventLog): void {
    this.begin(seq, timeMs, log);
    this.dispatch(cmd);
    this.end(seq, timeMs);
  }

  private begin(seq: number, timeMs: number, sink: EventSink): void {
    if (seq !== this.lastSeq + 1) throw new EngineInvariantError(`sequence ${seq} does not follow ${this.lastSeq}`);
    this.out = sink;
    this.seq = seq;
    this.nowMs = timeMs;
    if (timeMs >= this.nextSampleAtMs) this.sampleThrough(timeMs);
  }

  private end(seq: number, timeMs: number): void {
    if (this.quotes.mmpTripped !== undefined) this.quotes.pullQuotesAfterMmp();
    this.lastSeq = seq;
    if (timeMs > this.lastTimeMs) this.lastTimeMs = timeMs;
  }

  /**
   * Runs `replay`, which applies journaled commands whose events nobody reads (recovery, an
   * engine rebuilt to a seq), with the order path's events not made: the same state, and a
   * replay 1.17–1.32× as fast without the event objects (4 alternating process pairs of the
   * engine bench, 2026-11-24; bench/HISTORY.md). The flag is set once around the whole replay:
   * a first cut that set and reset it around every command showed no clear gain.
   */
  withoutEvents<T>(replay: () => T): T {
    const emitted = this.emitsEvents; // restored as it was: a nested call leaves the outer one quiet
    this.emitsEvents = false;
    try {
      return replay();
    } finally {
      this.emitsEvents = emitted;
    }
  }

  /**
   * One switch over every kind, long as it is. Split (2026-12-06: the order path's kinds here, the rest through one
   * small switch per command family) the engine ran 7–16% slower on the order path (bench:ab, 16 alternated pairs,
   * head ÷ base 0.928, by CPU 0.843; reverted, 1.014): the small switches are inlined where this one is not, and
   * spend the inlining budget the order path's handlers had.
   */
  private dispatch(cmd: Command): void {
    switch (cmd.kind) {
      case CommandKind.NEW_ORDER:
        return this.orderEntry.newOrder(cmd);
      case CommandKind.CANCEL_ORDER:
        return this.orderEntry.cancelOrder(cmd);
      case CommandKind.AMEND_ORDER:
        return this.orderEntry.amendOrder(cmd);
      case CommandKind.MASS_QUOTE:
        return this.quotes.massQuote(cmd);
      case CommandKind.MASS_CANCEL:
        return this.orderEntry.massCancel(cmd);
      case CommandKind.OPEN_ACCOUNT:
        return this.funds.openAccount(cmd);
      case CommandKind.LIST_SERIES:
        return this.lifecycle.listSeries(cmd);
      case CommandKind.SET_SERIES_STATUS:
        return this.lifecycle.setSeriesStatus(cmd);
      case CommandKind.EXPIRE_SERIES:
        return this.lifecycle.expireSeries(cmd);
      case CommandKind.EXPIRE_ORDERS:
        return this.orderEntry.expireOrders(cmd);
      case CommandKind.CREDIT_DEPOSIT:
        return this.funds.creditDeposit(cmd);
      case CommandKind.REQUEST_WITHDRAWAL:
        return this.funds.requestWithdrawal(cmd);
      case CommandKind.COMPLETE_WITHDRAWAL:
        return this.funds.completeWithdrawal(cmd);
      case CommandKind.DECLARE_CAPACITY:
        return this.rights.declareCapacity(cmd);
      case CommandKind.MINT:
        return this.rights.mint(cmd);
      case CommandKind.EXERCISE:
        return this.rights.exercise(cmd);
      case CommandKind.EXERCISE_FROM_LISTING:
        return this.rights.exerciseFromListing(cmd);
      case CommandKind.SET_REFERENCE_PRICE:
        return this.orderEntry.setReferencePrice(cmd);
      case CommandKind.SET_PARAM:
        return this.riskControls.setParam(cmd);
      case CommandKind.SET_KILL_SWITCH:
        return this.riskControls.setKillSwitch(cmd);
      case CommandKind.RESET_MMP:
        return this.riskControls.resetMmp(cmd);
      case CommandKind.ADOPT_RULES:
        return this.rules.adoptRules(cmd);
      case CommandKind.SET_GOVERNANCE_PHASE:
        return this.settlement.setGovernancePhase(cmd);
      case CommandKind.RECORD_SETTLEMENT:
        return this.settlement.recordSettlement(cmd);
      case CommandKind.SET_INSTITUTION:
        return this.funds.setInstitution(cmd);
      case CommandKind.SET_PROVIDER_VERIFIED:
        return this.funds.setProviderVerified(cmd);
      case CommandKind.SET_PAYOUTS_FROZEN:
        return this.funds.setPayoutsFrozen(cmd);
      case CommandKind.SET_PROVIDER_LISTING:
        return this.rights.setProviderListing(cmd);
      case CommandKind.DELIVER_FORWARDS:
        return this.forwards.deliverForwards(cmd);
      case CommandKind.MARK_SYNTHETICS:
        return this.synthetics.markSynthetics(cmd);
      case CommandKind.CONFIRM_DELIVERY:
        return this.escrow.confirmDelivery(cmd);
      case CommandKind.RELEASE_ESCROW:
        return this.escrow.releaseEscrow(cmd);
      case CommandKind.FILE_CLAIM:
        return this.escrow.fileClaim(cmd);
      case CommandKind.RESOLVE_CLAIM:
        return this.escrow.resolveClaim(cmd);
      case CommandKind.RECORD_DELIVERY_EVIDENCE:
        return this.escrow.recordEvidence(cmd);
      case CommandKind.FILE_DISPUTE:
        return this.escrow.fileDispute(cmd);
      case CommandKind.DECIDE_DISPUTE:
        return this.escrow.decideDispute(cmd);
      case CommandKind.SET_USAGE_LISTING:
        return this.rights.setUsageListing(cmd);
      case CommandKind.RECORD_USAGE:
        return this.escrow.recordUsage(cmd);
      case CommandKind.SUBSCRIBE:
        return this.subscriptions.subscribe(cmd);
      case CommandKind.CANCEL_SUBSCRIPTION:
        return this.subscriptions.cancel(cmd);
      case CommandKind.RESUME_SUBSCRIPTION:
        return this.subscriptions.resume(cmd);
      case CommandKind.RUN_SUBSCRIPTIONS:
        return this.subscriptions.run(cmd);
      case CommandKind.SET_SEGMENT_SEATS:
        return this.subscriptions.setSegmentSeats(cmd);
      case CommandKind.SET_LISTING_TIERS:
        return this.tiers.setListingTiers(cmd);
      case CommandKind.SUBSCRIBE_TIER:
      case CommandKind.SUBSCRIBE_TIER_PUSH:
        return this.tiers.subscribeTier(cmd);
      case CommandKind.CANCEL_TIER_SUBSCRIPTION:
        return this.tiers.cancelTierSubscription(cmd);
      case CommandKind.BUY_BUNDLE:
        return this.bundles.buyBundle(cmd);
      case CommandKind.CREATE_ORGANISATION:
        return this.organisations.create(cmd);
      case CommandKind.SET_ORGANISATION_MEMBER:
        return this.organisations.setMember(cmd);
      case CommandKind.REMOVE_ORGANISATION_MEMBER:
        return this.organisations.removeMember(cmd);
      case CommandKind.MOVE_ORGANISATION_FUNDS:
        return this.organisations.moveFunds(cmd);
      case CommandKind.INVITE_ORGANISATION_MEMBER:
        return this.organisationInvitations.invite(cmd);
      case CommandKind.ACCEPT_ORGANISATION_INVITATION:
      case CommandKind.DECLINE_ORGANISATION_INVITATION:
        return this.organisationInvitations.answer(cmd);
      case CommandKind.REVOKE_ORGANISATION_INVITATION:
        return this.organisationInvitations.revoke(cmd);
      case CommandKind.ARM_CANCEL_ON_DISCONNECT:
        return this.cancelOnDisconnect.arm(cmd);
      case CommandKind.END_CANCEL_ON_DISCONNECT:
        return this.cancelOnDisconnect.end(cmd);
      case CommandKind.SWEEP_FEES:
        return this.feeSweeps.sweep(cmd);
      case CommandKind.NOTE_OPERATOR_ACTION:
        return this.operatorNotes.note(cmd);
      default:
        // Decoders only produce known kinds; an in-process caller may not.
        return this.rejectCommand((cmd as { kind: number }).kind, (cmd as { actor: number }).actor, RejectReason.INVALID_ORDER_TYPE);
    }
  }

  // ---------------------------------------------------------------- queries

  account(id: number): Account | undefined {
    return this.accounts[id];
  }

  /** Accounts the engine will still open (a deposit's or a login's): `limits.maxAccounts` less those open. */
  accountsLeft(): number {
    return this.limits.maxAccounts - (this.accounts.length - 1);
  }

  seriesById(id: number): Series | undefined {
    return this.series[id];
  }

  // ------------------------------------------------------------ validation

  /** @internal The system, or an account with the OPERATOR role. */
  isOperator(actor: number): boolean {
    return actor === SYSTEM_ACTOR || this.accounts[actor]?.role === Role.OPERATOR;
  }

  /** @internal Refuses a command: one COMMAND_REJECTED event, nothing else changes. */
  rejectCommand(commandKind: number, actor: number, reason: RejectReason): void {
    this.out.push({ type: EventType.COMMAND_REJECTED, seq: this.seq, commandKind, actor, reason });
  }

  // ------------------------------------------------------------ order entry

  // ------------------------------------------------------ match listener

  // ------------------------------------------------------ cancel and amend

  // ------------------------------------------------- risk administration

  /** @internal Puts the state under `version` of the rules (ADOPT_RULES, and a decoded snapshot). */
  setRules(version: number): void {
    this.rulesVersion = version;
    this.maxPositionRights = maxPositionRightsUnder(version);
  }

  /** A parameter's value now: what an operator set, else the registry default (NaN for an unknown name). */
  paramValue(name: string): number {
    return this.params.get(name) ?? paramSpec(name)?.defaultValue ?? Number.NaN;
  }

  /** Re-derives the risk struct from `params` (after a snapshot is decoded). */
  rebuildRiskParams(): void {
    this.risk = defaultRiskParams();
    for (const [name, value] of this.params) setRiskParam(this.risk, name, value);
    this.fees.rebuild(this.params);
  }

  /** @internal Drops quote ids whose orders are gone. */
  forgetQuotes(series: Series): void {
    series.quoteBidIds = series.quoteBidIds.filter((id) => this.orders.get(id) !== undefined);
    series.quoteAskIds = series.quoteAskIds.filter((id) => this.orders.get(id) !== undefined);
  }

  /** Adds a listed (or decoded) series to its segment's window group (forwards form groups of their own). */
  indexWindowGroup(series: Series): void {
    const key = parseContractKey(series.spec.contract);
    const groupKey = `${key.segment}|${key.windowMs}|${series.spec.kind}`;
    let group = this.windowGroups.get(groupKey);
    if (group === undefined) {
      group = [];
      this.windowGroups.set(groupKey, group);
    }
    if (series.status !== SeriesStatus.EXPIRED) group.push(series);
    series.windowGroup = group;
  }

  // -------------------------------------------------------------- expiry

  /** A listed (or decoded) cash-settled series joins the marking list and, while live, samples its spot series. */
  indexCashSettled(series: Series): void {
    if (series.cashSettled === undefined) return;
    this.cashSettledSeries.push(series);
    this.synthetics.attach(series);
  }

  // ------------------------------------------------------ index sampling

  /**
   * Takes every sample instant from the next one through `timeMs` (at most a period's
   * worth: older ones would be overwritten anyway) with the books as they stand, which is
   * how they stood at each of those instants: nothing was applied in between.
   */
  private sampleThrough(timeMs: number): void {
    const last = Math.floor(timeMs / INDEX_SAMPLE_EVERY_MS) * INDEX_SAMPLE_EVERY_MS;
    const firstSample = last - (INDEX_SLOTS - 1) * INDEX_SAMPLE_EVERY_MS;
    // One instant further back than the samples' ring reaches: the reference at the start of the period ending at `last`.
    const first = Math.max(this.nextSampleAtMs, firstSample - INDEX_SAMPLE_EVERY_MS);
    for (let at = first; at <= last; at += INDEX_SAMPLE_EVERY_MS) {
      for (const track of this.indexTracks) {
        if (at < firstSample) track.sampleReference(at);
        else track.sample(at);
      }
    }
    this.nextSampleAtMs = last + INDEX_SAMPLE_EVERY_MS;
  }

  /** Starts sampling a spot series (a synthetic was listed on its window). */
  addIndexTrack(track: IndexTrack): void {
    track.spot.indexTrack = track;
    this.indexTracks.push(track);
    const seenMs = Math.max(this.nowMs, this.lastTimeMs);
    this.nextSampleAtMs = Math.floor(seenMs / INDEX_SAMPLE_EVERY_MS) * INDEX_SAMPLE_EVERY_MS + INDEX_SAMPLE_EVERY_MS;
  }

  /** Stops sampling a spot series (its last synthetic settled). */
  removeIndexTrack(spot: Series): void {
    this.indexTracks.splice(this.indexTracks.indexOf(spot.indexTrack!), 1);
    spot.indexTrack = undefined;
    if (this.indexTracks.length === 0) this.nextSampleAtMs = Number.POSITIVE_INFINITY;
  }

  // -------------------------------------------------------------- accounts

  /** Appends an account (opened, or restored from a snapshot) and indexes its address. */
  addAccount(account: Account): void {
    this.accounts.push(account);
    if (account.address !== '') this.accountIdByAddress.set(account.address, account.id);
  }
}
