/**
 * The journal's bytes for the tier and bundle commands (kinds 100-103, and 150: a tier subscription by push; command-codec.ts's
 * field formats: compact numbers, u16-length strings, u16-counted lists). Apart from the
 * main codec so the commands of one product line read together.
 */
import { BinaryReadError, type BinaryReader, BinaryWriteError, type BinaryWriter } from './binary.js';
import {
  CommandKind,
  type BuyBundle,
  type CancelTierSubscription,
  type SetListingTiers,
  type SubscribeTier,
  type SubscribeTierPush,
  type SubscriptionTrigger,
  type TierPriceRule,
  type TierTerms,
} from '../core/commands.js';

type TierCommand = SetListingTiers | SubscribeTier | SubscribeTierPush | CancelTierSubscription | BuyBundle;

/** The longest list one of these commands carries (the engine's own limits are far below). */
const MAX_LIST = 0xffff;

function count(out: BinaryWriter, n: number, what: string): void {
  if (n > MAX_LIST) throw new BinaryWriteError(`${what}: ${n} entries, at most ${MAX_LIST}`);
  out.u16(n);
}

export function encodeTierCommand(cmd: TierCommand, out: BinaryWriter): void {
  out.u8(cmd.kind);
  out.number(cmd.actor);
  switch (cmd.kind) {
    case CommandKind.SET_LISTING_TIERS:
      out.number(cmd.listingId);
      out.string(cmd.segment);
      count(out, cmd.tiers.length, 'tiers');
      for (const t of cmd.tiers) encodeTier(t, out);
      return;
    case CommandKind.SUBSCRIBE_TIER:
    case CommandKind.SUBSCRIBE_TIER_PUSH:
      out.number(cmd.listingId);
      out.string(cmd.tier);
      out.number(cmd.budgetMicros);
      out.number(cmd.trigger);
      out.number(cmd.maxSkips);
      out.bool(cmd.includeCurrent);
      if (cmd.kind === CommandKind.SUBSCRIBE_TIER_PUSH) {
        out.string(cmd.webhookUrl);
        out.string(cmd.pushAuthorisation);
      }
      return;
    case CommandKind.CANCEL_TIER_SUBSCRIPTION:
      out.number(cmd.tierSubscriptionId);
      return;
    case CommandKind.BUY_BUNDLE:
      out.number(cmd.bundleId);
      count(out, cmd.legs.length, 'legs');
      for (const leg of cmd.legs) {
        out.number(leg.seriesId);
        out.number(leg.qty);
      }
      out.number(cmd.maxCostMicros);
      return;
  }
}

function encodeTier(t: TierTerms, out: BinaryWriter): void {
  out.string(t.name);
  count(out, t.contracts.length, 'contracts');
  for (const c of t.contracts) out.string(c);
  for (const n of [t.qtyPerContract, t.everyWindows, t.seats, t.priceRule, t.capBps, t.windowBudgetMicros]) out.number(n);
}

export function decodeTierCommand(kind: number, r: BinaryReader): TierCommand {
  const actor = r.number();
  switch (kind) {
    case CommandKind.SET_LISTING_TIERS: {
      const listingId = r.number();
      const segment = r.string();
      const n = r.u16();
      const tiers: TierTerms[] = [];
      for (let i = 0; i < n; i++) tiers.push(decodeTier(r));
      return { kind: CommandKind.SET_LISTING_TIERS, actor, listingId, segment, tiers };
    }
    case CommandKind.SUBSCRIBE_TIER:
      return {
        kind: CommandKind.SUBSCRIBE_TIER, actor, listingId: r.number(), tier: r.string(), budgetMicros: r.number(),
        trigger: r.number() as SubscriptionTrigger, maxSkips: r.number(), includeCurrent: r.bool(),
      };
    case CommandKind.SUBSCRIBE_TIER_PUSH:
      return {
        kind: CommandKind.SUBSCRIBE_TIER_PUSH, actor, listingId: r.number(), tier: r.string(), budgetMicros: r.number(),
        trigger: r.number() as SubscriptionTrigger, maxSkips: r.number(), includeCurrent: r.bool(), webhookUrl: r.string(), pushAuthorisation: r.string(),
      };
    case CommandKind.CANCEL_TIER_SUBSCRIPTION:
      return { kind: CommandKind.CANCEL_TIER_SUBSCRIPTION, actor, tierSubscriptionId: r.number() };
    case CommandKind.BUY_BUNDLE: {
      const bundleId = r.number();
      const n = r.u16();
      const legs = [];
      for (let i = 0; i < n; i++) legs.push({ seriesId: r.number(), qty: r.number() });
      return { kind: CommandKind.BUY_BUNDLE, actor, bundleId, legs, maxCostMicros: r.number() };
    }
    default:
      throw new BinaryReadError(`not a tier command kind ${kind}`, 0);
  }
}

function decodeTier(r: BinaryReader): TierTerms {
  const name = r.string();
  const n = r.u16();
  const contracts: string[] = [];
  for (let i = 0; i < n; i++) contracts.push(r.string());
  return {
    name, contracts, qtyPerContract: r.number(), everyWindows: r.number(), seats: r.number(),
    priceRule: r.number() as TierPriceRule, capBps: r.number(), windowBudgetMicros: r.number(),
  };
}
