/**
 * The snapshot's tiers section (state-codec.ts): a tagged section after the state, written only
 * while the engine holds a tier or a tier subscription, so a state that never had one keeps
 * the bytes (and the hash) it had before tiers existed, and older snapshots read as none.
 *
 * Written: the next tier subscription id; each listing with tiers (id, segment, each tier's
 * terms) in the order first set; each live tier subscription in id order (its subscriptions'
 * ids, which the subscriptions section holds); then, per member subscription, its cadence step
 * (the subscriptions section predates tiers and does not carry it).
 */
import type { BinaryReader, BinaryWriter } from './binary.js';
import type { TierPriceRule, TierTerms } from '../core/commands.js';
import type { Engine } from '../engine.js';
import { TierSubscription } from '../products/tiers.js';

export const TIERS_TAG = 2;

export function writeTiers(w: BinaryWriter, engine: Engine): void {
  const tiers = engine.tiers;
  if (tiers.byListing.size === 0 && tiers.live.size === 0 && tiers.nextTierSubscriptionId === 1) return;
  w.u8(TIERS_TAG);
  w.number(tiers.nextTierSubscriptionId);
  w.number(tiers.byListing.size);
  for (const [listingId, listing] of tiers.byListing) {
    w.number(listingId);
    w.string(listing.segment);
    w.number(listing.tiers.size);
    for (const t of listing.tiers.values()) writeTerms(w, t);
  }
  w.number(tiers.live.size);
  for (const t of tiers.live.values()) {
    for (const n of [t.id, t.accountId, t.listingId]) w.number(n);
    w.string(t.tier);
    w.number(t.budgetMicros);
    w.number(t.subscriptionIds.length);
    for (const id of t.subscriptionIds) {
      w.number(id);
      w.number(engine.subscriptions.live.get(id)?.cadenceStepMs ?? 0);
    }
  }
}

function writeTerms(w: BinaryWriter, t: TierTerms): void {
  w.string(t.name);
  w.number(t.contracts.length);
  for (const c of t.contracts) w.string(c);
  for (const n of [t.qtyPerContract, t.everyWindows, t.seats, t.priceRule, t.capBps, t.windowBudgetMicros]) w.number(n);
}

function readTerms(r: BinaryReader): TierTerms {
  const name = r.string();
  const n = r.number();
  const contracts: string[] = [];
  for (let i = 0; i < n; i++) contracts.push(r.string());
  return { name, contracts, qtyPerContract: r.number(), everyWindows: r.number(), seats: r.number(), priceRule: r.number() as TierPriceRule, capBps: r.number(), windowBudgetMicros: r.number() };
}

export function readTiers(r: BinaryReader, engine: Engine, fail: (message: string) => never): void {
  const tiers = engine.tiers;
  tiers.nextTierSubscriptionId = r.number();
  const listings = r.number();
  for (let i = 0; i < listings; i++) {
    const listingId = r.number();
    const segment = r.string();
    const count = r.number();
    const byName = new Map<string, TierTerms>();
    for (let j = 0; j < count; j++) {
      const t = readTerms(r);
      byName.set(t.name, t);
    }
    tiers.byListing.set(listingId, { segment, tiers: byName });
  }
  const live = r.number();
  for (let i = 0; i < live; i++) {
    const [id, accountId, listingId] = [r.number(), r.number(), r.number()];
    const tier = r.string();
    const budgetMicros = r.number();
    const n = r.number();
    const ids: number[] = [];
    for (let j = 0; j < n; j++) {
      const subId = r.number();
      const cadenceStepMs = r.number();
      ids.push(subId);
      const sub = engine.subscriptions.live.get(subId);
      if (sub === undefined) continue; // closed with the tier: a tier subscription is live only while its subscriptions are
      sub.cadenceStepMs = cadenceStepMs;
      engine.subscriptions.joinTier(sub, id!, listingId!);
    }
    if (engine.accounts[accountId!] === undefined) fail(`tier subscription ${id} names account ${accountId}, which does not exist`);
    tiers.restore(new TierSubscription(id!, accountId!, listingId!, tier, budgetMicros, ids));
  }
}
