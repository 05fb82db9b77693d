/**
 * The engine's whole state as canonical bytes: the snapshot format, and (hashed
 * with SHA-256) the state hash that proves replay and snapshot+tail agree. The
 * encoding is a pure function of the state: accounts, series and withdrawals in
 * id order, positions by series id, orders in book priority order, deposit refs
 * in the order they were credited. Derived structures (indexes, the expiry heap,
 * free lists) are rebuilt on decode and never encoded.
 */
import { INDEX_SLOTS, REFERENCE_SLOTS } from '../core/index-track.js';
import type { SupplyQueue } from '../core/supply.js';
import { createHash } from 'node:crypto';
import { BinaryReader, BinaryWriter } from './binary.js';
import { OrganisationRole, Role, SeriesKind, Side, type SelfTradePrevention, SeriesStatus, type SubscriptionDelivery, type SubscriptionTrigger, TimeInForce } from '../core/commands.js';
import type { SubscriptionStatus } from '../core/events.js';
import { Subscription } from '../products/subscriptions.js';
import { readTiers, TIERS_TAG, writeTiers } from './tier-state-codec.js';
import { Organisation } from '../products/organisations.js';
import { INVITATIONS_TAG, readInvitations, writeInvitations } from './invitation-state-codec.js';
import { CANCEL_ON_DISCONNECT_TAG, readCancelOnDisconnect, writeCancelOnDisconnect } from './cancel-on-disconnect-state-codec.js';
import { HELD_PAYOUTS_TAG, readHeldPayouts, writeHeldPayouts } from './held-payouts-state-codec.js';
import { Account, type Position } from '../core/account.js';
import { Engine, type EngineLimits } from '../engine.js';
import { CURRENT_RULES } from '../products/rules.js';
import { EVIDENCED_DELIVERY_RULES, GrantEscrow } from '../products/escrow.js';
import { parseContractKey } from '../core/contract-key.js';
import type { OrderBook } from '../core/order-book.js';
import type { ExpiryQueue } from '../core/expiry-queue.js';
import { MAX_FEE_HOLD_BPS, type RestingOrder } from '../core/order.js';
import { isOptionKind, Series, seriesWindowKey, type CounterpartyRule, type DeliveryPhase } from '../core/series.js';

const MAGIC = 0x50545845; // 'PTXE'
/**
 * 2: adds the settlement fields (governance phase, last settled batch) and the
 * risk section (parameters, kill switches, throttle windows, trade counts,
 * market-maker protection). Version 1 snapshots still decode, with both at their
 * defaults (what a version-1 engine had).
 * 3: adds the catalog section: the next grant id, each provider's published listing
 * per segment, institutions' qualifications (who, when), and each series' supply queue (minted, unexercised rights by provider
 * in mint order). Version 2 snapshots decode with no provider listings, grant ids
 * from 1, and supply rebuilt from the positions (providers in account order, less
 * what was exercised, oldest first): the FIFO order a version-2 engine could not know.
 * 4: adds the forwards section: each forward series' holders and delivery, the
 * forward money of positions (escrow, collateral, cost) and each resting forward
 * sale's collateral per right. Version 3 snapshots decode with none (no forward
 * could be listed before version 4).
 * 5: adds the synthetics section: each SYNTHETIC series' holders and mark, and each
 * index track (the spot series' sampled quotes and minute trade sums). Synthetic
 * positions' margin and cost, and synthetic orders' margin per unit, ride in the
 * forwards section's lists. Version 4 snapshots decode with none (no synthetic could
 * be listed before version 5).
 * 6: adds the version of the engine's rules the state is under (src/engine/products/rules.ts), last.
 * Version 5 snapshots decode under rules 0 (no journal adopted rules before version 6).
 * 7: adds two sections after the rules, in this order: the verified providers
 * (SET_PROVIDER_VERIFIED; writeVerified), then the escrow (rules 3: src/engine/products/escrow.ts):
 * positions' own unsold stock, burned rights and purchases, the supply lots' held proceeds
 * and the open grant escrows (writeEscrow). Version 6 snapshots decode with no provider
 * verified and no escrow: every state before it is under rules 0–2, where none exists
 * (adopting rules 3 derives the stock from the positions).
 * 8: adds the index references, last: per index track in spot series id order, the spot's
 * reference price at each of the last 61 sample instants (writeIndexReferences), which the
 * index's definition 2 (rules 4) reads at a period's start. Version 7 snapshots decode with
 * none held: a mark or settlement soon after falls back to the reference as it stands.
 * 9: adds the subscriptions, last (src/engine/products/subscriptions.ts; writeSubscriptions): the next
 * subscription id, each live subscription in id order with its terms and where it stands,
 * and the segments' seats by name. Version 8 snapshots decode with none (no subscription
 * could be made before version 9).
 * Under rules 5 (a state's rules are read before), version 9 carries one more section, last: the
 * open grant escrows with delivery evidence or a dispute (writeEvidence). A state under rules 0–4
 * has none and writes nothing, so its bytes and hash are what they were before rules 5 existed.
 */
const FORMAT_VERSION = 9;
const FORMAT_VERSION_WITHOUT_SUBSCRIPTIONS = 8;
const FORMAT_VERSION_WITHOUT_INDEX_REFERENCES = 7;
const FORMAT_VERSION_WITHOUT_VERIFIED_OR_ESCROW = 6;
const FORMAT_VERSION_WITHOUT_RULES = 5;
const FORMAT_VERSION_WITHOUT_SYNTHETICS = 4;
const FORMAT_VERSION_WITHOUT_FORWARDS = 3;
const FORMAT_VERSION_WITHOUT_CATALOG = 2;
const FORMAT_VERSION_WITHOUT_RISK = 1;
const WEI_MAX_BYTES = 32;

export class StateCodecError extends Error {
  override readonly name = 'StateCodecError';
}

/** The state writer's first size when no larger hint is given (a first snapshot's hint is 0). */
const MIN_WRITER_BYTES = 1 << 16;

/**
 * Canonical bytes of the engine's state. `formatVersion` 2 writes what a version-2
 * engine wrote (no catalog section): tests prove older snapshots still decode.
 */
export function encodeState(
  engine: Engine,
  formatVersion:
    | typeof FORMAT_VERSION
    | typeof FORMAT_VERSION_WITHOUT_SUBSCRIPTIONS
    | typeof FORMAT_VERSION_WITHOUT_INDEX_REFERENCES
    | typeof FORMAT_VERSION_WITHOUT_VERIFIED_OR_ESCROW
    | typeof FORMAT_VERSION_WITHOUT_RULES
    | typeof FORMAT_VERSION_WITHOUT_SYNTHETICS
    | typeof FORMAT_VERSION_WITHOUT_FORWARDS
    | typeof FORMAT_VERSION_WITHOUT_CATALOG = FORMAT_VERSION,
  /** Room to start with beyond the 64 KB floor: the last snapshot's size spares a large state's doublings, each a copy (the sequencer's). */
  capacityBytes = 0,
): Uint8Array {
  const w = new BinaryWriter(Math.max(capacityBytes, MIN_WRITER_BYTES));
  w.u32(MAGIC);
  w.u8(formatVersion);
  for (const n of [engine.lastSeq, engine.lastTimeMs, engine.brokerId, engine.nextOrderId, engine.nextTradeId]) w.number(n);
  for (const n of [engine.nextWithdrawalId, engine.nextExerciseId, engine.totalMicros]) w.number(n);
  for (const n of [engine.governancePhase, engine.settledBatchId, engine.settledThroughSeq]) w.number(n);
  w.number(engine.accounts.length - 1);
  for (let id = 1; id < engine.accounts.length; id++) writeAccount(w, engine.accounts[id]!);
  w.number(engine.series.length - 1);
  for (let id = 1; id < engine.series.length; id++) writeSeries(w, engine.series[id]!, engine.expiries);
  w.number(engine.depositRefs.size);
  for (const ref of engine.depositRefs) w.string(ref);
  const withdrawals = [...engine.withdrawals.entries()].sort((a, b) => a[0] - b[0]);
  w.number(withdrawals.length);
  for (const [id, { accountId, amountWei }] of withdrawals) {
    w.number(id);
    w.number(accountId);
    w.bigUint(amountWei, WEI_MAX_BYTES);
  }
  writeRisk(w, engine);
  if (formatVersion >= FORMAT_VERSION_WITHOUT_FORWARDS) writeCatalog(w, engine);
  if (formatVersion >= FORMAT_VERSION_WITHOUT_SYNTHETICS) writeForwards(w, engine);
  if (formatVersion >= FORMAT_VERSION_WITHOUT_RULES) writeSynthetics(w, engine);
  if (formatVersion >= FORMAT_VERSION_WITHOUT_VERIFIED_OR_ESCROW) w.number(engine.rulesVersion);
  if (formatVersion >= FORMAT_VERSION_WITHOUT_INDEX_REFERENCES) {
    writeVerified(w, engine);
    writeEscrow(w, engine);
  }
  if (formatVersion >= FORMAT_VERSION_WITHOUT_SUBSCRIPTIONS) writeIndexReferences(w, engine);
  if (formatVersion >= FORMAT_VERSION) writeSubscriptions(w, engine);
  if (formatVersion >= FORMAT_VERSION && engine.rulesVersion >= EVIDENCED_DELIVERY_RULES) writeEvidence(w, engine);
  if (formatVersion >= FORMAT_VERSION) writeFeeAccount(w, engine);
  if (formatVersion >= FORMAT_VERSION) writeTiers(w, engine);
  if (formatVersion >= FORMAT_VERSION) writeFeeHolds(w, engine);
  if (formatVersion >= FORMAT_VERSION) writeUsage(w, engine);
  if (formatVersion >= FORMAT_VERSION) writeRetiredListings(w, engine);
  if (formatVersion >= FORMAT_VERSION) writeOrganisations(w, engine);
  if (formatVersion >= FORMAT_VERSION) writeInvitations(w, engine);
  if (formatVersion >= FORMAT_VERSION) writeCancelOnDisconnect(w, engine);
  if (formatVersion >= FORMAT_VERSION) writeHeldPayouts(w, engine);
  // The writer is this call's own: its bytes are handed over as they are, not copied once more.
  return w.view();
}

/** Rules 5: in grant order, each open escrow with evidence, a refund or a dispute: its id, rights evidenced and refunded, and the dispute (the claim's times are in the escrow section). */
function writeEvidence(w: BinaryWriter, engine: Engine): void {
  const grants = [...engine.escrow.grants.values()].filter((g) => g.evidencedQty !== 0 || g.refundedQty !== 0 || g.disputed);
  w.number(grants.length);
  for (const g of grants) {
    w.number(g.grantId);
    w.number(g.evidencedQty);
    w.number(g.refundedQty);
    w.bool(g.disputed);
    w.number(g.disputeReason);
  }
}

function readEvidence(r: BinaryReader, engine: Engine): void {
  const n = r.number();
  for (let i = 0; i < n; i++) {
    const grantId = r.number();
    const g = engine.escrow.grants.get(grantId);
    if (g === undefined) throw new StateCodecError(`delivery evidence for grant ${grantId}, which has no open escrow`);
    g.evidencedQty = r.number();
    g.refundedQty = r.number();
    g.disputed = r.bool();
    g.disputeReason = r.number();
  }
}

/** Live subscriptions in id order (terms, then where each stands), then the segments' seats by name. */
function writeSubscriptions(w: BinaryWriter, engine: Engine): void {
  const subs = engine.subscriptions;
  w.number(subs.nextSubscriptionId);
  w.number(subs.live.size);
  for (const s of subs.live.values()) {
    for (const n of [s.id, s.accountId]) w.number(n);
    w.string(s.contract);
    for (const n of [s.qtyPerWindow, s.capPriceMicros, s.budgetMicros, s.trigger]) w.number(n);
    w.bool(s.autoExercise);
    for (const n of [s.maxSkips, s.delivery]) w.number(n);
    w.string(s.webhookUrl);
    w.string(s.pushAuthorisation);
    for (const n of [s.afterOpenAtMs, s.status, s.spentMicros, s.skipsInRow, s.lastOpenAtMs, s.pendingSeriesId, s.pendingQty]) w.number(n);
  }
  const seats = [...subs.seats.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  w.number(seats.length);
  for (const [segment, n] of seats) {
    w.string(segment);
    w.number(n);
  }
}

function readSubscriptions(r: BinaryReader, engine: Engine): void {
  const subs = engine.subscriptions;
  subs.nextSubscriptionId = r.number();
  const count = r.number();
  for (let i = 0; i < count; i++) {
    const [id, accountId] = [r.number(), r.number()];
    const contract = r.string();
    const [qtyPerWindow, capPriceMicros, budgetMicros, trigger] = [r.number(), r.number(), r.number(), r.number()];
    const autoExercise = r.bool();
    const [maxSkips, delivery] = [r.number(), r.number()];
    const webhookUrl = r.string();
    const pushAuthorisation = r.string();
    const afterOpenAtMs = r.number();
    if (engine.accounts[accountId!] === undefined) throw new StateCodecError(`subscription ${id} names account ${accountId}, which does not exist`);
    let key;
    try {
      key = parseContractKey(contract);
    } catch {
      throw new StateCodecError(`subscription ${id} names contract ${contract}, which does not parse`);
    }
    const sub = new Subscription(
      id!, accountId!, contract, key.segment, `${key.segment}|${key.windowMs}|${SeriesKind.SPOT}`, qtyPerWindow!, capPriceMicros!, budgetMicros!,
      trigger as SubscriptionTrigger, autoExercise, maxSkips!, delivery as SubscriptionDelivery, webhookUrl, pushAuthorisation, afterOpenAtMs,
    );
    sub.status = r.number() as SubscriptionStatus;
    sub.spentMicros = r.number();
    sub.skipsInRow = r.number();
    sub.lastOpenAtMs = r.number();
    sub.pendingSeriesId = r.number();
    sub.pendingQty = r.number();
    if (sub.pendingQty > 0 && engine.series[sub.pendingSeriesId] === undefined) throw new StateCodecError(`subscription ${id} waits to exercise in series ${sub.pendingSeriesId}, which does not exist`);
    subs.add(sub);
  }
  const seats = r.number();
  for (let i = 0; i < seats; i++) {
    const segment = r.string();
    subs.seats.set(segment, r.number());
  }
}

/** The index tracks' reference rings (slot by slot: instant, reference), tracks in spot series id order. */
function writeIndexReferences(w: BinaryWriter, engine: Engine): void {
  const tracks = [...engine.indexTracks].sort((a, b) => a.spot.id - b.spot.id);
  w.number(tracks.length);
  for (const t of tracks) {
    w.number(t.spot.id);
    for (let slot = 0; slot < REFERENCE_SLOTS; slot++) {
      w.number(t.referenceAtMs[slot]!);
      w.number(t.referenceMicros[slot]!);
    }
  }
}

function readIndexReferences(r: BinaryReader, engine: Engine): void {
  const tracks = r.number();
  if (tracks !== engine.indexTracks.length) throw new StateCodecError('index references do not match the index tracks');
  for (let i = 0; i < tracks; i++) {
    const t = engine.series[r.number()]?.indexTrack;
    if (t === undefined) throw new StateCodecError('index references for a series no live synthetic stands on');
    for (let slot = 0; slot < REFERENCE_SLOTS; slot++) {
      t.referenceAtMs[slot] = r.number();
      t.referenceMicros[slot] = r.number();
    }
  }
}

/** Verified providers: their account ids, ascending. */
function writeVerified(w: BinaryWriter, engine: Engine): void {
  const verified = engine.accounts.filter((a) => a !== undefined && a.verified) as Account[];
  w.number(verified.length);
  for (const a of verified) w.number(a.id);
}

function readVerified(r: BinaryReader, engine: Engine): void {
  const count = r.number();
  for (let i = 0; i < count; i++) {
    const account = engine.accounts[r.number()];
    if (account === undefined || account.role !== Role.PROVIDER) throw new StateCodecError('a verification for an account that is not a provider');
    account.verified = true;
  }
}

/**
 * Forwards: per forward series in id order, its holders and delivery state; per account
 * in id order, the positions with forward money (by series id); the resting orders that
 * hold a forward sale's collateral, by order id.
 */
function writeForwards(w: BinaryWriter, engine: Engine): void {
  const forwards = engine.series.filter((s) => s?.forward !== undefined) as Series[];
  w.number(forwards.length);
  for (const s of forwards) {
    const f = s.forward!;
    w.number(s.id);
    w.number(f.holders.length);
    for (const id of f.holders) w.number(id);
    w.u8(f.phase);
    w.bool(f.lapsed);
    w.bool(f.listingRequired);
    w.number(f.brokerReservedQty);
    for (const n of [f.spotSeriesId, f.cursor, f.positions, f.providerDeliveredQty, f.buyerLongQty, f.buyerDeliverableQty]) w.number(n);
    for (const n of [f.brokerCollateralMicros, f.brokerRefundMicros, f.brokerCompensationMicros, f.buyerLongSoFar, f.buyerShortfallSoFar, f.brokerPositionQty]) w.number(n);
  }
  // Loops, not spreads and filters: a snapshot stops the engine's thread, and these walk every account and resting order.
  const withMoney: Account[] = [];
  for (const a of engine.accounts) if (a !== undefined && someForwardMoney(a)) withMoney.push(a);
  w.number(withMoney.length);
  for (const a of withMoney) {
    const positions = [...a.positions.values()].filter(hasForwardMoney).sort((x, y) => x.seriesId - y.seriesId);
    w.number(a.id);
    w.number(positions.length);
    for (const p of positions) for (const n of [p.seriesId, p.escrowMicros, p.collateralMicros, p.costMicros]) w.number(n);
  }
  // Spot buys too: a buy's per-unit value is the fee it holds (trade-fees.ts), 0 under a zero schedule, so no spot order is listed then.
  const collateralOrders: RestingOrder[] = [];
  for (const s of engine.series) {
    if (s === undefined || (s.forward === undefined && s.cashSettled === undefined && !s.isSpot)) continue;
    for (const book of s.books()) {
      for (const o of book.orders(Side.BUY)) if (o.collateralPerUnitMicros !== 0) collateralOrders.push(o);
      for (const o of book.orders(Side.SELL)) if (o.collateralPerUnitMicros !== 0) collateralOrders.push(o);
    }
  }
  collateralOrders.sort((a, b) => a.orderId - b.orderId);
  w.number(collateralOrders.length);
  for (const o of collateralOrders) {
    w.number(o.orderId);
    w.number(o.collateralPerUnitMicros);
  }
}

/**
 * Synthetics: per SYNTHETIC series in id order, its holders and latest mark; per index
 * track in spot series id order, its ring of samples and minute trade sums (prices
 * ascending) and its traded minutes.
 */
function writeSynthetics(w: BinaryWriter, engine: Engine): void {
  w.number(engine.cashSettledSeries.length);
  for (const s of engine.cashSettledSeries) {
    const st = s.cashSettled!;
    w.number(s.id);
    w.number(st.holders.length);
    for (const p of st.holders) w.number(p.owner.id);
    for (const n of [st.markMicros, st.markAtMs, st.settledIndexMicros]) w.number(n);
  }
  const tracks = [...engine.indexTracks].sort((a, b) => a.spot.id - b.spot.id);
  w.number(tracks.length);
  for (const t of tracks) {
    w.number(t.spot.id);
    for (let slot = 0; slot < INDEX_SLOTS; slot++) {
      for (const n of [t.sampleAtMs[slot]!, t.bidMicros[slot]!, t.askMicros[slot]!, t.tradesAtMs[slot]!]) w.number(n);
      const byPrice = [...t.tradeQtyByPrice[slot]!].sort((a, b) => a[0] - b[0]);
      w.number(byPrice.length);
      for (const [price, qty] of byPrice) {
        w.number(price);
        w.number(qty);
      }
    }
    w.number(t.tradedMinutesAtMs.length);
    t.tradedMinutesAtMs.forEach((at, i) => {
      w.number(at);
      w.number(t.tradedMinutesLastMicros[i]!);
    });
  }
}

function readSynthetics(r: BinaryReader, engine: Engine): void {
  const count = r.number();
  for (let i = 0; i < count; i++) {
    const s = engine.series[r.number()];
    const st = s?.cashSettled;
    if (s === undefined || st === undefined) throw new StateCodecError('synthetic state for a series that is not a SYNTHETIC');
    const holders = r.number();
    for (let j = 0; j < holders; j++) {
      const p = engine.accounts[r.number()]?.positions.get(s.id);
      if (p === undefined) throw new StateCodecError(`a holder of synthetic ${s.id} without a position there`);
      st.holders.push(p);
    }
    st.markMicros = r.number();
    st.markAtMs = r.number();
    st.settledIndexMicros = r.number();
  }
  const tracks = r.number();
  for (let i = 0; i < tracks; i++) {
    const t = engine.series[r.number()]?.indexTrack;
    if (t === undefined) throw new StateCodecError('index samples for a series no live synthetic stands on');
    for (let slot = 0; slot < INDEX_SLOTS; slot++) {
      t.sampleAtMs[slot] = r.number();
      t.bidMicros[slot] = r.number();
      t.askMicros[slot] = r.number();
      t.tradesAtMs[slot] = r.number();
      const prices = r.number();
      for (let j = 0; j < prices; j++) t.tradeQtyByPrice[slot]!.set(r.number(), r.number());
    }
    const minutes = r.number();
    for (let j = 0; j < minutes; j++) {
      t.tradedMinutesAtMs.push(r.number());
      t.tradedMinutesLastMicros.push(r.number());
    }
  }
  if (tracks !== engine.indexTracks.length) throw new StateCodecError('index tracks do not match the live synthetics');
}

function someForwardMoney(a: Account): boolean {
  for (const p of a.positions.values()) if (hasForwardMoney(p)) return true;
  return false;
}

function hasForwardMoney(p: Position): boolean {
  return p.escrowMicros !== 0 || p.collateralMicros !== 0 || p.costMicros !== 0;
}

function readForwards(r: BinaryReader, engine: Engine): void {
  const count = r.number();
  for (let i = 0; i < count; i++) {
    const f = engine.series[r.number()]?.forward;
    if (f === undefined) throw new StateCodecError('forward state for a series that is not a forward');
    const holders = r.number();
    for (let j = 0; j < holders; j++) f.holders.push(r.number());
    f.phase = r.u8() as DeliveryPhase;
    f.lapsed = r.bool();
    f.listingRequired = r.bool();
    f.brokerReservedQty = r.number();
    f.spotSeriesId = r.number();
    f.cursor = r.number();
    f.positions = r.number();
    f.providerDeliveredQty = r.number();
    f.buyerLongQty = r.number();
    f.buyerDeliverableQty = r.number();
    f.brokerCollateralMicros = r.number();
    f.brokerRefundMicros = r.number();
    f.brokerCompensationMicros = r.number();
    f.buyerLongSoFar = r.number();
    f.buyerShortfallSoFar = r.number();
    f.brokerPositionQty = r.number();
  }
  const withMoney = r.number();
  for (let i = 0; i < withMoney; i++) {
    const account = engine.accounts[r.number()];
    if (account === undefined) throw new StateCodecError('forward money for an account that does not exist');
    const n = r.number();
    for (let j = 0; j < n; j++) {
      const p = account.positions.get(r.number());
      if (p === undefined) throw new StateCodecError(`forward money for a position account ${account.id} does not have`);
      p.escrowMicros = r.number();
      p.collateralMicros = r.number();
      p.costMicros = r.number();
      account.lockedMicros += p.escrowMicros + p.collateralMicros;
    }
  }
  const orders = r.number();
  for (let i = 0; i < orders; i++) {
    const order = engine.orders.get(r.number());
    if (order === undefined) throw new StateCodecError('forward collateral for an order that does not exist');
    order.collateralPerUnitMicros = r.number();
  }
}

/**
 * Catalog state: the next grant id; the accounts with published listings, in id order,
 * each with its segments sorted; the series with supply, in id order, each lot oldest first.
 */
function writeCatalog(w: BinaryWriter, engine: Engine): void {
  w.number(engine.nextGrantId);
  const providers = engine.accounts.filter((a) => a !== undefined && a.providerListings.size > 0);
  w.number(providers.length);
  for (const a of providers) {
    w.number(a!.id);
    const segments = [...a!.providerListings].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    w.number(segments.length);
    for (const [segment, l] of segments) {
      w.string(segment);
      w.number(l.listingId);
      w.number(l.listingVersion);
    }
  }
  const qualified = engine.accounts.filter((a) => a !== undefined && a.qualifiedBy !== 0);
  w.number(qualified.length);
  for (const a of qualified) for (const n of [a!.id, a!.qualifiedBy, a!.qualifiedAtMs]) w.number(n);
  const supplied = engine.series.filter((s) => s !== undefined && s.supply.lotCount > 0) as Series[];
  w.number(supplied.length);
  for (const s of supplied) {
    w.number(s.id);
    const lots = s.supply;
    w.number(lots.lotCount);
    for (let i = 0; i < lots.lotCount; i++) {
      w.number(lots.lotProvider(i));
      w.number(lots.lotQty(i));
    }
  }
}

function readCatalog(r: BinaryReader, engine: Engine): void {
  engine.nextGrantId = r.number();
  const count = r.number();
  for (let i = 0; i < count; i++) {
    const account = engine.accounts[r.number()];
    if (account === undefined) throw new StateCodecError('a provider listing for an account that does not exist');
    const n = r.number();
    for (let j = 0; j < n; j++) account.providerListings.set(r.string(), { listingId: r.number(), listingVersion: r.number() });
  }
  const qualified = r.number();
  for (let i = 0; i < qualified; i++) {
    const account = engine.accounts[r.number()];
    if (account === undefined) throw new StateCodecError('a qualification for an account that does not exist');
    account.qualifiedBy = r.number();
    account.qualifiedAtMs = r.number();
  }
  const supplied = r.number();
  for (let i = 0; i < supplied; i++) {
    const series = engine.series[r.number()];
    if (series === undefined) throw new StateCodecError('supply for a series that does not exist');
    const n = r.number();
    for (let j = 0; j < n; j++) series.supply.add(r.number(), r.number());
  }
}

/** Supply for a version-2 snapshot: each provider's minted rights in account order, less what was exercised, oldest first. */
function rebuildSupply(engine: Engine): void {
  for (const series of engine.series) {
    if (series === undefined) continue;
    let exercised = 0;
    for (const a of engine.accounts) {
      if (a === undefined) continue;
      const p = a.positions.get(series.id);
      if (p === undefined) continue;
      exercised += p.exercised;
      if (a.role === Role.PROVIDER && p.minted > 0) series.supply.add(a.id, p.minted);
    }
    if (exercised > 0) series.supply.redeem(Math.min(exercised, series.supply.total));
  }
}

function hasEscrowFields(p: Position): boolean {
  return p.ownUnsold !== 0 || p.burned !== 0 || p.boughtQty !== 0 || p.boughtMicros !== 0;
}

/**
 * Escrow (rules 3): per account in id order, the positions with stock, burned rights or
 * purchases (by series id); per series in id order with any, its supply lots' held proceeds
 * (one per lot, oldest first, as the catalog section lists the lots); the open grant
 * escrows in grant order.
 */
function writeEscrow(w: BinaryWriter, engine: Engine): void {
  const accounts = engine.accounts.filter((a) => a !== undefined && [...a.positions.values()].some(hasEscrowFields)) as Account[];
  w.number(accounts.length);
  for (const a of accounts) {
    const positions = [...a.positions.values()].filter(hasEscrowFields).sort((x, y) => x.seriesId - y.seriesId);
    w.number(a.id);
    w.number(positions.length);
    for (const p of positions) for (const n of [p.seriesId, p.ownUnsold, p.burned, p.boughtQty, p.boughtMicros]) w.number(n);
  }
  const held = engine.series.filter((s) => s !== undefined && holdsProceeds(s.supply)) as Series[];
  w.number(held.length);
  for (const s of held) {
    const lots = s.supply;
    w.number(s.id);
    w.number(lots.lotCount);
    for (let i = 0; i < lots.lotCount; i++) w.number(lots.lotHeldMicros(i));
  }
  w.number(engine.escrow.grants.size);
  for (const g of engine.escrow.grants.values()) {
    for (const n of [g.grantId, g.seriesId, g.providerAccountId, g.consumerAccountId, g.qty, g.undeliveredQty, g.heldMicros]) w.number(n);
    for (const n of [g.redeemedAtMs, g.disputeEndsAtMs, g.claimedAtMs, g.claimDueAtMs]) w.number(n);
  }
}

function holdsProceeds(lots: SupplyQueue): boolean {
  for (let i = 0; i < lots.lotCount; i++) if (lots.lotHeldMicros(i) !== 0) return true;
  return false;
}

/** Reads the escrow section; derives each provider's held proceeds (and lock) and the series' minters. */
function readEscrow(r: BinaryReader, engine: Engine): void {
  const accounts = r.number();
  for (let i = 0; i < accounts; i++) {
    const account = engine.accounts[r.number()];
    if (account === undefined) throw new StateCodecError('escrow fields for an account that does not exist');
    const n = r.number();
    for (let j = 0; j < n; j++) {
      const seriesId = r.number();
      const p = account.positions.get(seriesId);
      if (p === undefined) throw new StateCodecError(`escrow fields for a position account ${account.id} does not have`);
      p.ownUnsold = r.number();
      p.burned = r.number();
      p.boughtQty = r.number();
      p.boughtMicros = r.number();
      if (p.ownUnsold !== 0) engine.series[seriesId]!.addMinter(account.id);
    }
  }
  const held = r.number();
  for (let i = 0; i < held; i++) {
    const s = engine.series[r.number()];
    if (s === undefined) throw new StateCodecError('held proceeds for a series that does not exist');
    const n = r.number();
    const micros: number[] = [];
    for (let j = 0; j < n; j++) micros.push(r.number());
    if (!s.supply.restoreHeld(micros)) throw new StateCodecError(`held proceeds for ${n} lots; series ${s.id} has ${s.supply.live().length}`);
  }
  for (const s of engine.series) {
    if (s === undefined) continue;
    for (const lot of s.supply.live()) holdRestored(engine, lot.providerAccountId, lot.heldMicros);
  }
  const grants = r.number();
  for (let i = 0; i < grants; i++) {
    const [grantId, seriesId, provider, consumer, qty, undelivered, heldMicros] = [r.number(), r.number(), r.number(), r.number(), r.number(), r.number(), r.number()];
    const g = new GrantEscrow(grantId!, seriesId!, provider!, consumer!, qty!, heldMicros!, r.number(), r.number());
    g.undeliveredQty = undelivered!;
    g.claimedAtMs = r.number();
    g.claimDueAtMs = r.number();
    if (engine.accounts[g.providerAccountId] === undefined || engine.accounts[g.consumerAccountId] === undefined) throw new StateCodecError(`grant ${grantId} names an account that does not exist`);
    engine.escrow.grants.set(g.grantId, g);
    holdRestored(engine, g.providerAccountId, g.heldMicros);
  }
}

function holdRestored(engine: Engine, accountId: number, micros: number): void {
  if (micros === 0) return;
  const account = engine.accounts[accountId];
  if (account === undefined) throw new StateCodecError(`held proceeds for account ${accountId}, which does not exist`);
  account.proceedsHeldMicros += micros;
  account.lockedMicros += micros;
}

/**
 * Risk state: parameters by name (sorted, so the bytes do not depend on the
 * order they were set in), the global kill switch, then per account and per
 * series in id order. Derived risk state (open buy quantities, window groups,
 * the risk struct) is rebuilt on decode.
 */
function writeRisk(w: BinaryWriter, engine: Engine): void {
  const params = [...engine.params.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  w.number(params.length);
  for (const [name, value] of params) {
    w.string(name);
    w.number(value);
  }
  w.bool(engine.killAll);
  for (let id = 1; id < engine.accounts.length; id++) {
    const a = engine.accounts[id]!;
    w.bool(a.killed);
    w.number(a.throttleWindowStartMs);
    w.number(a.throttleCount);
  }
  for (let id = 1; id < engine.series.length; id++) {
    const s = engine.series[id]!;
    w.bool(s.killed);
    for (const n of [s.tradeCount, s.mmpWindowStartMs, s.mmpFilledQty, s.mmpFrozenUntilMs]) w.number(n);
  }
}

function readRisk(r: BinaryReader, engine: Engine): void {
  const count = r.number();
  for (let i = 0; i < count; i++) {
    const name = r.string();
    engine.params.set(name, r.number());
  }
  engine.rebuildRiskParams();
  engine.killAll = r.bool();
  for (let id = 1; id < engine.accounts.length; id++) {
    const a = engine.accounts[id]!;
    a.killed = r.bool();
    a.throttleWindowStartMs = r.number();
    a.throttleCount = r.number();
  }
  for (let id = 1; id < engine.series.length; id++) {
    const s = engine.series[id]!;
    s.killed = r.bool();
    s.tradeCount = r.number();
    s.mmpWindowStartMs = r.number();
    s.mmpFilledQty = r.number();
    s.mmpFrozenUntilMs = r.number();
  }
}

/**
 * Fees (docs/fees.md), in tagged sections after the state, each written only when it has something
 * to say: a state that never charged or held a fee keeps the bytes (and the hash) it had before
 * fees existed, so no format version was spent on them, and older snapshots read as no fees.
 * - FEE_ACCOUNT_TAG: the exchange's fee account, once it holds PAT.
 * - FEE_HOLDS_TAG: the resting synthetic orders and forward sales that hold a fee beside their
 *   margin or collateral, by order id: the rate each holds (`RestingOrder.feeHoldBps`; the µPAT are
 *   in its `collateralPerUnitMicros`, written with the forwards).
 */
const FEE_ACCOUNT_TAG = 1;
const FEE_HOLDS_TAG = 3;

function writeFeeAccount(w: BinaryWriter, engine: Engine): void {
  if (engine.feeAccountMicros === 0) return;
  w.u8(FEE_ACCOUNT_TAG);
  w.number(engine.feeAccountMicros);
}

function writeFeeHolds(w: BinaryWriter, engine: Engine): void {
  const holding = (engine.series.filter((s) => s !== undefined && (s.forward !== undefined || s.synthetic !== undefined)) as Series[])
    .flatMap((s) => engine.orderEntry.restingOrdersOf(s))
    .filter((o) => o.feeHoldBps !== 0)
    .sort((a, b) => a.orderId - b.orderId);
  if (holding.length === 0) return;
  w.u8(FEE_HOLDS_TAG);
  w.number(holding.length);
  for (const o of holding) {
    w.number(o.orderId);
    w.number(o.feeHoldBps);
  }
}

function readFeeHolds(r: BinaryReader, engine: Engine): void {
  const count = r.number();
  for (let i = 0; i < count; i++) {
    const order = engine.orders.get(r.number());
    const bps = r.number();
    if (order === undefined) throw new StateCodecError('a fee hold for an order that does not exist');
    if (!Number.isSafeInteger(bps) || bps <= 0 || bps > MAX_FEE_HOLD_BPS) throw new StateCodecError(`order ${order.orderId}: fee hold rate ${bps}`);
    order.feeHoldBps = bps;
  }
}

/**
 * Usage grants (issue 81), a tagged section after the fee holds', written only once a
 * provider's listing sells usage or a usage grant is open: a state without them keeps its bytes
 * and hash. The providers' usage listings (account order, segments sorted), then the open usage
 * grants in grant order: unit, units per right, units used.
 */
const USAGE_TAG = 4;

function writeUsage(w: BinaryWriter, engine: Engine): void {
  const listings: [number, string, number, number][] = [];
  for (const a of engine.accounts) {
    if (a === undefined) continue;
    const segments = [...a.providerListings].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    for (const [segment, l] of segments) if (l.usage !== undefined) listings.push([a.id, segment, l.usage.usageUnit, l.usage.unitsPerRight]);
  }
  const grants = [...engine.escrow.grants.values()].filter((g) => g.isUsage);
  if (listings.length === 0 && grants.length === 0) return;
  w.u8(USAGE_TAG);
  w.number(listings.length);
  for (const [accountId, segment, unit, perRight] of listings) {
    w.number(accountId);
    w.string(segment);
    w.number(unit);
    w.number(perRight);
  }
  w.number(grants.length);
  for (const g of grants) for (const n of [g.grantId, g.usageUnit, g.unitsPerRight, g.usedUnits]) w.number(n);
}

function readUsage(r: BinaryReader, engine: Engine): void {
  const listings = r.number();
  for (let i = 0; i < listings; i++) {
    const accountId = r.number();
    const segment = r.string();
    const l = engine.accounts[accountId]?.providerListings.get(segment);
    if (l === undefined) throw new StateCodecError(`usage terms for account ${accountId}'s listing of ${segment}, which it does not have`);
    l.usage = { usageUnit: r.number(), unitsPerRight: r.number() };
  }
  const grants = r.number();
  for (let i = 0; i < grants; i++) {
    const grantId = r.number();
    const g = engine.escrow.grants.get(grantId);
    if (g === undefined) throw new StateCodecError(`usage of grant ${grantId}, which has no open escrow`);
    g.usageUnit = r.number();
    g.unitsPerRight = r.number();
    g.usedUnits = r.number();
  }
}

/**
 * Rules 9: the providers' retired listings (a listing unpublished while rights it sold may still be
 * exercised: their grants name it), a tagged section written only when one exists, so a state without
 * any keeps its bytes and hash. Providers in id order, segments sorted: segment, listing, version, and
 * the usage its version sold (unit, units per right; 0, 0 for none).
 */
const RETIRED_LISTINGS_TAG = 5;

function writeRetiredListings(w: BinaryWriter, engine: Engine): void {
  const providers = engine.accounts.filter((a) => a !== undefined && a.retiredListings.size > 0) as Account[];
  if (providers.length === 0) return;
  w.u8(RETIRED_LISTINGS_TAG);
  w.number(providers.length);
  for (const a of providers) {
    w.number(a.id);
    const segments = [...a.retiredListings].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    w.number(segments.length);
    for (const [segment, l] of segments) {
      w.string(segment);
      for (const n of [l.listingId, l.listingVersion, l.usage?.usageUnit ?? 0, l.usage?.unitsPerRight ?? 0]) w.number(n);
    }
  }
}

function readRetiredListings(r: BinaryReader, engine: Engine): void {
  const count = r.number();
  for (let i = 0; i < count; i++) {
    const account = engine.accounts[r.number()];
    if (account === undefined) throw new StateCodecError('a retired listing for an account that does not exist');
    const n = r.number();
    for (let j = 0; j < n; j++) {
      const segment = r.string();
      const [listingId, listingVersion, usageUnit, unitsPerRight] = [r.number(), r.number(), r.number(), r.number()];
      account.retiredListings.set(segment, usageUnit === 0 ? { listingId, listingVersion } : { listingId, listingVersion, usage: { usageUnit, unitsPerRight } });
    }
  }
}

/**
 * The tagged sections after the state, each written only when it holds something, in
 * increasing tag order (so the bytes stay canonical): the fee account (1), the tiers (2), the
 * fee holds (3), the usage grants (4), the retired listings (5), the organisations (13), the organisation invitations (17), the cancel-on-disconnect sessions (18), the held payouts (19). A tag out of order or unknown is refused.
 */
function readTaggedSections(r: BinaryReader, engine: Engine): void {
  let last = 0;
  while (r.remaining() > 0) {
    const tag = r.u8();
    if (tag <= last) throw new StateCodecError(`state section tag ${tag} after tag ${last}: out of order`);
    last = tag;
    if (tag === FEE_ACCOUNT_TAG) engine.feeAccountMicros = r.number();
    else if (tag === TIERS_TAG) readTiers(r, engine, (message) => { throw new StateCodecError(message); });
    else if (tag === FEE_HOLDS_TAG) readFeeHolds(r, engine);
    else if (tag === USAGE_TAG) readUsage(r, engine);
    else if (tag === RETIRED_LISTINGS_TAG) readRetiredListings(r, engine);
    else if (tag === ORGANISATIONS_TAG) readOrganisations(r, engine);
    else if (tag === INVITATIONS_TAG) readInvitations(r, engine, (message) => { throw new StateCodecError(message); });
    else if (tag === CANCEL_ON_DISCONNECT_TAG) readCancelOnDisconnect(r, engine, (message) => { throw new StateCodecError(message); });
    else if (tag === HELD_PAYOUTS_TAG) readHeldPayouts(r, engine, (message) => { throw new StateCodecError(message); });
    else throw new StateCodecError(`unknown state section tag ${tag} after the state`);
  }
}

/**
 * The organisations (docs/organisations.md), a tagged section written only once one exists, so a
 * journal without organisations keeps its bytes and hash: the next id, then each organisation in
 * id order (id, its account, name, members in the order they joined with their roles).
 */
const ORGANISATIONS_TAG = 13;

function writeOrganisations(w: BinaryWriter, engine: Engine): void {
  const orgs = engine.organisations;
  if (orgs.nextOrganisationId === 1) return;
  w.u8(ORGANISATIONS_TAG);
  w.number(orgs.nextOrganisationId);
  w.number(orgs.byId.size);
  for (const org of orgs.byId.values()) {
    w.number(org.id);
    w.number(org.accountId);
    w.string(org.name);
    w.number(org.members.size);
    for (const [accountId, role] of org.members) {
      w.number(accountId);
      w.u8(role);
    }
  }
}

function readOrganisations(r: BinaryReader, engine: Engine): void {
  const orgs = engine.organisations;
  orgs.nextOrganisationId = r.number();
  const count = r.number();
  for (let i = 0; i < count; i++) {
    const [id, accountId] = [r.number(), r.number()];
    if (engine.accounts[accountId!] === undefined) throw new StateCodecError(`organisation ${id} names account ${accountId}, which does not exist`);
    const org = new Organisation(id!, accountId!, r.string());
    orgs.add(org);
    const members = r.number();
    for (let m = 0; m < members; m++) {
      const member = r.number();
      const role = r.u8();
      if (engine.accounts[member] === undefined || orgs.memberOf(member) !== undefined) throw new StateCodecError(`organisation ${id} names member ${member}, which does not exist or belongs to another`);
      if (role < OrganisationRole.ADMIN || role > OrganisationRole.READER) throw new StateCodecError(`organisation ${id} gives member ${member} role ${role}`);
      orgs.join(org, member, role as OrganisationRole);
    }
  }
}

/** The format version of snapshot bytes (0 if they are not a PATX snapshot). */
export function snapshotFormatVersion(bytes: Uint8Array): number {
  if (bytes.length < 5) return 0;
  const r = new BinaryReader(bytes);
  return r.u32() === MAGIC ? r.u8() : 0;
}

/** SHA-256 (hex) of the canonical state. */
export function stateHash(engine: Engine): string {
  return hashStateBytes(encodeState(engine));
}

/**
 * The state hash as a snapshot of format `formatVersion` (2 … current) recorded it: what a
 * snapshot written before the current format is checked against once decoded.
 */
export function stateHashAtFormat(engine: Engine, formatVersion: number): string {
  if (!Number.isSafeInteger(formatVersion) || formatVersion < FORMAT_VERSION_WITHOUT_CATALOG || formatVersion > FORMAT_VERSION) {
    throw new StateCodecError(`no state hash at snapshot format version ${formatVersion}`);
  }
  return hashStateBytes(encodeState(engine, formatVersion as NonNullable<Parameters<typeof encodeState>[1]>));
}

/** The state hash of bytes `encodeState` produced (saves encoding twice when both are needed). */
export function hashStateBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function writeAccount(w: BinaryWriter, a: Account): void {
  w.u8(a.role);
  w.string(a.address);
  w.number(a.availableMicros);
  w.number(a.heldMicros);
  w.bigUint(a.remainderWei, WEI_MAX_BYTES);
  w.bigUint(a.pendingWithdrawalWei, WEI_MAX_BYTES);
  const positions = [...a.positions.values()].sort((x, y) => x.seriesId - y.seriesId);
  w.number(positions.length);
  for (const p of positions) for (const n of [p.seriesId, p.available, p.held, p.capacity, p.minted, p.exercised]) w.number(n);
  w.number(a.recentClientIds.size);
  a.recentClientIds.forEach((id) => w.number(id));
  // The account's live orders in the order mass cancel walks them.
  w.number(a.openOrders);
  for (let o = a.firstOrder; o !== null; o = o.accountNext) w.number(o.orderId);
}

function writeSeries(w: BinaryWriter, s: Series, expiries: Pick<ExpiryQueue, 'expiryOf'>): void {
  const spec = s.spec;
  w.string(spec.contract);
  w.u8(spec.kind);
  for (const n of [spec.openAtMs, spec.closeAtMs, spec.tickMicros, spec.lotSize, spec.minPriceMicros]) w.number(n);
  for (const n of [spec.maxPriceMicros, spec.maxOrderQty, spec.bandBps]) w.number(n);
  if (isOptionKind(spec.kind)) w.number(spec.strikeMicros); // only options: other series keep their bytes
  w.u8(s.counterparty);
  w.u8(s.status);
  for (const n of [s.referencePriceMicros, s.lastTradeMicros, s.rightsOutstanding]) w.number(n);
  for (const ids of [s.quoteBidIds, s.quoteAskIds]) {
    w.number(ids.length);
    for (const id of ids) w.number(id);
  }
  for (const book of s.books()) {
    writeBookSide(w, book, Side.BUY, expiries);
    writeBookSide(w, book, Side.SELL, expiries);
  }
}

/** `expiries`: live GTD orders' expiries by order id (the engine's expiry queue holds them, not the orders). */
function writeBookSide(w: BinaryWriter, book: OrderBook, side: Side, expiries: Pick<ExpiryQueue, 'expiryOf'>): void {
  const orders = [...book.orders(side)];
  w.number(orders.length);
  for (const o of orders) {
    for (const n of [o.orderId, o.clientOrderId, o.owner.id]) w.number(n);
    w.u8(o.tif);
    w.u8(o.stp);
    w.bool(o.isQuote);
    w.bool(o.postOnly);
    // The price twice: the format kept a buy's hold price beside the limit, which it always equals.
    for (const n of [o.priceMicros, o.orderQty, o.cumQty, o.leavesQty, o.priceMicros, o.tif === TimeInForce.GTD ? expiries.expiryOf(o.orderId)! : 0]) w.number(n);
  }
}

/** Rebuilds an engine from `encodeState` bytes. Throws StateCodecError on anything malformed. */
export function decodeState(bytes: Uint8Array, limits: Partial<EngineLimits> = {}): Engine {
  const r = new BinaryReader(bytes);
  if (r.u32() !== MAGIC) throw new StateCodecError('not a PATX state snapshot (bad magic)');
  const version = r.u8();
  if (version < FORMAT_VERSION_WITHOUT_RISK || version > FORMAT_VERSION) throw new StateCodecError(`unsupported snapshot format version ${version}`);
  const engine = new Engine(limits);
  engine.lastSeq = r.number();
  engine.lastTimeMs = r.number();
  engine.brokerId = r.number();
  engine.nextOrderId = r.number();
  engine.nextTradeId = r.number();
  engine.nextWithdrawalId = r.number();
  engine.nextExerciseId = r.number();
  engine.totalMicros = r.number();
  if (version >= 2) {
    engine.governancePhase = r.number();
    engine.settledBatchId = r.number();
    engine.settledThroughSeq = r.number();
  }
  const accountOrderIds: number[][] = [];
  const accountCount = r.number();
  for (let id = 1; id <= accountCount; id++) accountOrderIds.push(readAccount(r, engine, id));
  const seriesCount = r.number();
  for (let id = 1; id <= seriesCount; id++) readSeries(r, engine, id);
  engine.expiries.settle(); // the GTD orders came in book order; their expiries by id are sorted once, here
  // Account order lists are restored after every order exists.
  for (let i = 0; i < accountOrderIds.length; i++) {
    const account = engine.accounts[i + 1]!;
    for (const orderId of accountOrderIds[i]!) {
      const order = engine.orders.get(orderId);
      if (order === undefined || order.owner !== account) throw new StateCodecError(`account ${account.id} lists unknown order ${orderId}`);
      account.linkOrder(order);
    }
  }
  const refCount = r.number();
  for (let i = 0; i < refCount; i++) engine.depositRefs.add(r.string());
  const withdrawalCount = r.number();
  for (let i = 0; i < withdrawalCount; i++) {
    const id = r.number();
    const w = { accountId: r.number(), amountWei: r.bigUint(WEI_MAX_BYTES) };
    engine.withdrawals.set(id, w);
    const owner = engine.accounts[w.accountId];
    if (owner !== undefined) owner.pendingWithdrawals++;
  }
  if (version >= FORMAT_VERSION_WITHOUT_CATALOG) readRisk(r, engine);
  if (version >= FORMAT_VERSION_WITHOUT_FORWARDS) readCatalog(r, engine);
  else rebuildSupply(engine);
  if (version >= FORMAT_VERSION_WITHOUT_SYNTHETICS) readForwards(r, engine);
  if (version >= FORMAT_VERSION_WITHOUT_RULES) readSynthetics(r, engine);
  if (version >= FORMAT_VERSION_WITHOUT_VERIFIED_OR_ESCROW) {
    const rules = r.number();
    // A state under rules this code does not know cannot be continued by it.
    if (!Number.isSafeInteger(rules) || rules < 0 || rules > CURRENT_RULES) {
      // Above this code's: what an operator meets rolling back after an upgrade, so it says what to do.
      const newer = Number.isSafeInteger(rules) && rules > CURRENT_RULES ? ': a newer PATX wrote this data directory (run that version, or restore the backup taken before the upgrade)' : '';
      throw new StateCodecError(`the state is under rules version ${rules}; this code knows 0 to ${CURRENT_RULES}${newer}`);
    }
    engine.setRules(rules);
  }
  if (version >= FORMAT_VERSION_WITHOUT_INDEX_REFERENCES) {
    readVerified(r, engine);
    readEscrow(r, engine);
  }
  if (version >= FORMAT_VERSION_WITHOUT_SUBSCRIPTIONS) readIndexReferences(r, engine);
  if (version >= FORMAT_VERSION) readSubscriptions(r, engine);
  if (version >= FORMAT_VERSION && engine.rulesVersion >= EVIDENCED_DELIVERY_RULES) readEvidence(r, engine);
  if (version >= FORMAT_VERSION) readTaggedSections(r, engine);
  // Seats are derived: an organisation's tier subscriptions take one per member, known only once the organisations are read.
  engine.tiers.reweighSeats();
  if (r.remaining() !== 0) throw new StateCodecError(`${r.remaining()} trailing bytes after the state`);
  return engine;
}

function readAccount(r: BinaryReader, engine: Engine, id: number): number[] {
  const role = r.u8() as Role;
  const address = r.string();
  const account = new Account(id, role, address, engine.limits.recentClientIdsPerAccount);
  account.availableMicros = r.number();
  account.heldMicros = r.number();
  account.remainderWei = r.bigUint(WEI_MAX_BYTES);
  account.pendingWithdrawalWei = r.bigUint(WEI_MAX_BYTES);
  const positionCount = r.number();
  for (let i = 0; i < positionCount; i++) {
    const p = account.position(r.number());
    p.available = r.number();
    p.held = r.number();
    p.capacity = r.number();
    p.minted = r.number();
    p.exercised = r.number();
  }
  const recentCount = r.number();
  for (let i = 0; i < recentCount; i++) account.recentClientIds.add(r.number());
  const orderIds: number[] = [];
  const openOrders = r.number();
  for (let i = 0; i < openOrders; i++) orderIds.push(r.number());
  engine.addAccount(account);
  return orderIds;
}

function readSeries(r: BinaryReader, engine: Engine, id: number): void {
  const contract = r.string();
  const kind = r.u8() as SeriesKind;
  const spec = {
    contract,
    kind,
    openAtMs: r.number(),
    closeAtMs: r.number(),
    tickMicros: r.number(),
    lotSize: r.number(),
    minPriceMicros: r.number(),
    maxPriceMicros: r.number(),
    maxOrderQty: r.number(),
    bandBps: r.number(),
    strikeMicros: 0,
  };
  if (isOptionKind(kind)) spec.strikeMicros = r.number();
  const series = new Series(id, spec, r.u8() as CounterpartyRule, engine.books);
  series.status = r.u8() as SeriesStatus;
  series.referencePriceMicros = r.number();
  series.lastTradeMicros = r.number();
  series.rightsOutstanding = r.number();
  series.quoteBidIds = readIds(r);
  series.quoteAskIds = readIds(r);
  engine.series.push(series);
  if (series.status !== SeriesStatus.EXPIRED) engine.liveSeries++;
  engine.seriesByWindow.set(seriesWindowKey(contract, spec.openAtMs, kind, spec.strikeMicros), id);
  engine.indexWindowGroup(series);
  engine.indexCashSettled(series);
  for (const book of series.books()) {
    readBookSide(r, engine, series, book, Side.BUY);
    readBookSide(r, engine, series, book, Side.SELL);
  }
}

function readIds(r: BinaryReader): number[] {
  const ids: number[] = [];
  const n = r.number();
  for (let i = 0; i < n; i++) ids.push(r.number());
  return ids;
}

function readBookSide(r: BinaryReader, engine: Engine, series: Series, book: OrderBook, side: Side): void {
  const count = r.number();
  for (let i = 0; i < count; i++) {
    const order = engine.pool.acquire();
    order.orderId = r.number();
    order.clientOrderId = r.number();
    const owner = engine.accounts[r.number()];
    if (owner === undefined) throw new StateCodecError(`order ${order.orderId} has an unknown owner`);
    order.resetBits(side);
    order.tif = r.u8() as TimeInForce;
    order.stp = r.u8() as SelfTradePrevention;
    order.isQuote = r.bool();
    order.postOnly = r.bool();
    order.priceMicros = r.number();
    const orderQty = r.number();
    order.cumQty = r.number();
    order.leavesQty = r.number();
    if (orderQty !== order.cumQty + order.leavesQty) throw new StateCodecError(`order ${order.orderId}: orderQty ${orderQty} is not cumQty + leavesQty`);
    if (r.number() !== order.priceMicros) throw new StateCodecError(`order ${order.orderId}: its hold price is not its price`);
    const expireAtMs = r.number();
    if (expireAtMs !== 0 !== (order.tif === TimeInForce.GTD) || (expireAtMs !== 0 && !Number.isSafeInteger(expireAtMs))) {
      throw new StateCodecError(`order ${order.orderId}: expiry ${expireAtMs} with time in force ${order.tif}`);
    }
    order.position = owner.position(series.id);
    order.cashSettled = series.synthetic !== undefined;
    if (order.cashSettled) {
      if (side === Side.BUY) order.position.restingBuyUnits += order.leavesQty;
      else order.position.restingSellUnits += order.leavesQty;
    } else if (side === Side.BUY) order.position.openBuyQty += order.leavesQty;
    engine.orderEntry.restoreRestingOrder(order, book, expireAtMs);
  }
}
