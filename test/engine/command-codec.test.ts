import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
// mulberry32 (the workload's PRNG), so a failing case replays from its seed.
import { prng } from '../../bench/workload.js';
import { BinaryReader, BinaryWriter } from '../../src/engine/durability/binary.js';
import { CommandCodecError, decodeCommands, encodeCommands, encodeCommandsToBytes } from '../../src/engine/durability/command-codec.js';
import { CommandKind, OperatorAction, type Command, type QuoteLadder } from '../../src/engine/core/commands.js';

// ---------------------------------------------------------------- seeded generators

class Gen {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  /** A safe integer >= 0, spread across every size class of the compact number format. */
  uint(): number {
    switch (this.int(8)) {
      case 0:
        return this.pick([0, 1, 239, 240, 255, 256, 65535, 65536, 2 ** 24 - 1, 2 ** 24, 2 ** 32 - 1, 2 ** 32, 2 ** 40, 2 ** 48, Number.MAX_SAFE_INTEGER]);
      case 1:
        return this.int(240);
      case 2:
        return this.int(2 ** 16);
      case 3:
        return this.int(2 ** 32);
      case 4:
        return this.int(2 ** 21) * 2 ** 32 + this.int(2 ** 32); // up to 2^53 - 1
      case 5:
        return 1_700_000_000_000 + this.int(10 ** 9); // timestamps, client order ids
      default:
        return this.int(10_000_000);
    }
  }
  small(): number {
    return 1 + this.int(5);
  }
  bigUint(): bigint {
    if (this.int(6) === 0) return this.pick([0n, 1n, 255n, 256n, 10n ** 18n, 2n ** 255n, 2n ** 256n - 1n]);
    let v = 0n;
    const bytes = this.int(33);
    for (let i = 0; i < bytes; i++) v = (v << 8n) | BigInt(this.int(256));
    return v;
  }
  string(): string {
    const alphabet = ['a', 'Z', '0', '|', '-', ' ', 'é', 'Ω', '€', '\u0000', '\ufeff', '😀', '𝄞', '中'];
    let s = '';
    const length = this.int(4) === 0 ? 0 : this.int(40);
    for (let i = 0; i < length; i++) s += this.pick(alphabet);
    return s;
  }
  ladder(): QuoteLadder {
    const levels = this.int(6);
    return { priceMicros: Array.from({ length: levels }, () => this.uint()), qty: Array.from({ length: levels }, () => this.uint()) };
  }
  command(): Command {
    const kinds = Object.values(CommandKind);
    const kind = kinds[this.int(kinds.length)]!;
    const actor = this.uint();
    switch (kind) {
      case CommandKind.OPEN_ACCOUNT:
        return { kind, actor, role: this.small() as 1, address: this.string() };
      case CommandKind.LIST_SERIES: {
        const cmd: Command = {
          kind,
          actor,
          contract: this.string(),
          seriesKind: this.small() as 1,
          openAtMs: this.uint(),
          closeAtMs: this.uint(),
          tickMicros: this.uint(),
          lotSize: this.uint(),
          minPriceMicros: this.uint(),
          maxPriceMicros: this.uint(),
          maxOrderQty: this.uint(),
          bandBps: this.uint(),
        };
        // Only options carry a strike on the wire.
        if (cmd.seriesKind === 4 || cmd.seriesKind === 5) cmd.strikeMicros = this.uint();
        return cmd;
      }
      case CommandKind.SET_SERIES_STATUS:
        return { kind, actor, seriesId: this.uint(), status: this.pick([1, 2] as const) };
      case CommandKind.EXPIRE_SERIES:
        return { kind, actor, seriesId: this.uint(), cutoffMs: this.uint() };
      case CommandKind.EXPIRE_ORDERS:
        return { kind, actor, cutoffMs: this.uint() };
      case CommandKind.CREDIT_DEPOSIT:
        return { kind, actor, accountId: this.uint(), amountWei: this.bigUint(), ref: this.string() };
      case CommandKind.REQUEST_WITHDRAWAL:
        return { kind, actor, amountWei: this.bigUint() };
      case CommandKind.COMPLETE_WITHDRAWAL:
        return { kind, actor, withdrawalId: this.uint() };
      case CommandKind.DECLARE_CAPACITY:
        return { kind, actor, seriesId: this.uint(), capacity: this.uint() };
      case CommandKind.MINT:
        return { kind, actor, seriesId: this.uint(), qty: this.uint() };
      case CommandKind.EXERCISE:
        return { kind, actor, seriesId: this.uint(), qty: this.uint() };
      case CommandKind.NEW_ORDER:
        return {
          kind,
          actor,
          seriesId: this.uint(),
          clientOrderId: this.uint(),
          side: this.pick([1, 2] as const),
          orderType: this.pick([1, 2] as const),
          tif: this.small() as 1,
          priceMicros: this.uint(),
          qty: this.uint(),
          expireAtMs: this.uint(),
          postOnly: this.int(2) === 1,
          stp: this.small() as 1,
        };
      case CommandKind.CANCEL_ORDER:
        return { kind, actor, orderId: this.uint(), clientOrderId: this.uint() };
      case CommandKind.AMEND_ORDER:
        return { kind, actor, orderId: this.uint(), newQty: this.uint(), newPriceMicros: this.uint() };
      case CommandKind.MASS_CANCEL:
        return { kind, actor, scope: this.pick([1, 2, 3] as const), accountId: this.uint(), seriesId: this.uint() };
      case CommandKind.MASS_QUOTE:
        return { kind, actor, seriesId: this.uint(), bids: this.ladder(), asks: this.ladder(), referencePriceMicros: this.uint() };
      case CommandKind.SET_REFERENCE_PRICE:
        return { kind, actor, seriesId: this.uint(), priceMicros: this.uint() };
      case CommandKind.SET_PARAM:
        return { kind, actor, name: this.string(), value: this.int(2) === 1 ? this.uint() : this.uint() / 7 };
      case CommandKind.SET_KILL_SWITCH:
        return { kind, actor, scope: this.pick([1, 2, 3] as const), targetId: this.uint(), engaged: this.int(2) === 1 };
      case CommandKind.RESET_MMP:
        return { kind, actor, seriesId: this.uint() };
      case CommandKind.SET_GOVERNANCE_PHASE:
        return { kind: CommandKind.SET_GOVERNANCE_PHASE, actor, phase: this.uint() };
      case CommandKind.ADOPT_RULES:
        return { kind: CommandKind.ADOPT_RULES, actor, version: this.uint() };
      case CommandKind.RECORD_SETTLEMENT:
        return {
          kind: CommandKind.RECORD_SETTLEMENT,
          actor,
          batchId: this.uint(),
          throughSeq: this.uint(),
          txHash: this.string(),
          withdrawalIds: Array.from({ length: this.int(5) }, () => this.uint()),
        };
      case CommandKind.SET_INSTITUTION:
        return { kind: CommandKind.SET_INSTITUTION, actor, accountId: this.uint(), qualified: this.int(2) === 1 };
      case CommandKind.SET_PROVIDER_VERIFIED:
        return { kind: CommandKind.SET_PROVIDER_VERIFIED, actor, accountId: this.uint(), verified: this.int(2) === 1 };
      case CommandKind.SET_PAYOUTS_FROZEN:
        return { kind: CommandKind.SET_PAYOUTS_FROZEN, actor, accountId: this.uint(), frozen: this.int(2) === 1 };
      case CommandKind.SET_PROVIDER_LISTING:
        return { kind: CommandKind.SET_PROVIDER_LISTING, actor, accountId: this.uint(), segment: this.string(), listingId: this.uint(), listingVersion: this.uint() };
      case CommandKind.MARK_SYNTHETICS:
        return { kind: CommandKind.MARK_SYNTHETICS, actor, seriesId: this.uint() };
      case CommandKind.DELIVER_FORWARDS:
        return { kind: CommandKind.DELIVER_FORWARDS, actor, seriesId: this.uint(), cutoffMs: this.uint(), maxPositions: this.uint() };
      case CommandKind.CONFIRM_DELIVERY:
        return { kind: CommandKind.CONFIRM_DELIVERY, actor, grantId: this.uint(), qty: this.uint() };
      case CommandKind.RECORD_DELIVERY_EVIDENCE:
        return { kind: CommandKind.RECORD_DELIVERY_EVIDENCE, actor, grantId: this.uint(), qty: this.uint() };
      case CommandKind.FILE_DISPUTE:
        return { kind: CommandKind.FILE_DISPUTE, actor, grantId: this.uint(), reason: this.uint() as 1 };
      case CommandKind.DECIDE_DISPUTE:
        return { kind: CommandKind.DECIDE_DISPUTE, actor, grantId: this.uint(), refundQty: this.uint(), chargeProviderMicros: this.uint() };
      case CommandKind.RELEASE_ESCROW:
      case CommandKind.FILE_CLAIM:
      case CommandKind.RESOLVE_CLAIM:
        return { kind, actor, grantId: this.uint() };
      case CommandKind.SUBSCRIBE:
        return {
          kind: CommandKind.SUBSCRIBE, actor, contract: this.string(), qtyPerWindow: this.uint(), capPriceMicros: this.uint(), budgetMicros: this.uint(),
          trigger: this.pick([1, 2] as const), autoExercise: this.int(2) === 1, maxSkips: this.uint(), includeCurrent: this.int(2) === 1,
          delivery: this.pick([1, 2] as const), webhookUrl: this.string(), pushAuthorisation: this.string(),
        };
      case CommandKind.CANCEL_SUBSCRIPTION:
      case CommandKind.RESUME_SUBSCRIPTION:
        return { kind, actor, subscriptionId: this.uint() };
      case CommandKind.RUN_SUBSCRIPTIONS:
        return { kind: CommandKind.RUN_SUBSCRIPTIONS, actor, maxActions: this.uint() };
      case CommandKind.SET_SEGMENT_SEATS:
        return { kind: CommandKind.SET_SEGMENT_SEATS, actor, segment: this.string(), seats: this.uint() };
      case CommandKind.SET_LISTING_TIERS:
        return {
          kind, actor, listingId: this.uint(), segment: this.string(),
          tiers: Array.from({ length: this.int(3) }, () => ({
            name: this.string(), contracts: Array.from({ length: this.int(3) }, () => this.string()), qtyPerContract: this.uint(), everyWindows: this.uint(),
            seats: this.uint(), priceRule: this.pick([1, 2, 3] as const), capBps: this.uint(), windowBudgetMicros: this.uint(),
          })),
        };
      case CommandKind.SUBSCRIBE_TIER:
        return { kind, actor, listingId: this.uint(), tier: this.string(), budgetMicros: this.uint(), trigger: this.pick([1, 2] as const), maxSkips: this.uint(), includeCurrent: this.int(2) === 1 };
      case CommandKind.SUBSCRIBE_TIER_PUSH:
        return { kind, actor, listingId: this.uint(), tier: this.string(), budgetMicros: this.uint(), trigger: this.pick([1, 2] as const), maxSkips: this.uint(), includeCurrent: this.int(2) === 1, webhookUrl: this.string(), pushAuthorisation: this.string() };
      case CommandKind.CANCEL_TIER_SUBSCRIPTION:
        return { kind, actor, tierSubscriptionId: this.uint() };
      case CommandKind.EXERCISE_FROM_LISTING:
        return { kind, actor, seriesId: this.uint(), qty: this.uint(), listingId: this.uint() };
      case CommandKind.BUY_BUNDLE:
        return { kind, actor, bundleId: this.uint(), legs: Array.from({ length: this.int(4) }, () => ({ seriesId: this.uint(), qty: this.uint() })), maxCostMicros: this.uint() };
      case CommandKind.CREATE_ORGANISATION:
        return { kind: CommandKind.CREATE_ORGANISATION, actor, name: this.string() };
      case CommandKind.SET_ORGANISATION_MEMBER:
        return { kind: CommandKind.SET_ORGANISATION_MEMBER, actor, organisationId: this.uint(), memberAccountId: this.uint(), role: this.pick([1, 2, 3] as const) };
      case CommandKind.REMOVE_ORGANISATION_MEMBER:
        return { kind: CommandKind.REMOVE_ORGANISATION_MEMBER, actor, organisationId: this.uint(), memberAccountId: this.uint() };
      case CommandKind.MOVE_ORGANISATION_FUNDS:
        return { kind: CommandKind.MOVE_ORGANISATION_FUNDS, actor, organisationId: this.uint(), toOrganisation: this.int(2) === 1, amountMicros: this.uint() };
      case CommandKind.SET_USAGE_LISTING:
        return { kind: CommandKind.SET_USAGE_LISTING, actor, accountId: this.uint(), segment: this.string(), listingId: this.uint(), listingVersion: this.uint(), usageUnit: this.pick([1, 2] as const), unitsPerRight: this.uint() };
      case CommandKind.RECORD_USAGE:
        return { kind: CommandKind.RECORD_USAGE, actor, grantId: this.uint(), units: this.uint() };
      case CommandKind.INVITE_ORGANISATION_MEMBER:
        return { kind, actor, organisationId: this.uint(), inviteeAccountId: this.uint(), role: this.pick([1, 2, 3] as const) };
      case CommandKind.ACCEPT_ORGANISATION_INVITATION:
      case CommandKind.DECLINE_ORGANISATION_INVITATION:
      case CommandKind.REVOKE_ORGANISATION_INVITATION:
        return { kind, actor, invitationId: this.uint() };
      case CommandKind.ARM_CANCEL_ON_DISCONNECT:
        return { kind, actor, accountId: this.uint() };
      case CommandKind.END_CANCEL_ON_DISCONNECT:
        return { kind, actor, accountId: this.uint(), sessions: this.uint(), massCancel: this.int(2) === 1 };
      case CommandKind.SWEEP_FEES:
        return { kind, actor, treasuryAccountId: this.uint(), feeRecipient: '0x' + this.uint().toString(16).padStart(40, '0').slice(-40), amountMicros: this.uint() };
      case CommandKind.NOTE_OPERATOR_ACTION:
        return { kind, actor, action: (1 + this.int(3)) as OperatorAction, by: this.string(), detail: this.string() };
      default:
        throw new Error(`generator has no case for kind ${kind}`);
    }
  }
}

/** One hand-written example of every kind. */
const EXAMPLES: Command[] = [
  { kind: CommandKind.OPEN_ACCOUNT, actor: 7, role: 2, address: '0x' + 'ab'.repeat(20) },
  {
    kind: CommandKind.LIST_SERIES,
    actor: 0,
    contract: 'WEATHER|2025-06|100-200',
    seriesKind: 4,
    openAtMs: 1_750_000_000_000,
    closeAtMs: 1_760_000_000_000,
    tickMicros: 100,
    lotSize: 1,
    minPriceMicros: 100,
    maxPriceMicros: 1_000_000_000_000,
    maxOrderQty: 1_000_000,
    bandBps: 500,
    strikeMicros: 150_000,
  },
  { kind: CommandKind.SET_SERIES_STATUS, actor: 0, seriesId: 3, status: 2 },
  { kind: CommandKind.EXPIRE_SERIES, actor: 0, seriesId: 3, cutoffMs: 1_760_000_000_001 },
  { kind: CommandKind.EXPIRE_ORDERS, actor: 0, cutoffMs: 1_760_000_000_002 },
  { kind: CommandKind.CREDIT_DEPOSIT, actor: 0, accountId: 7, amountWei: 2n ** 256n - 1n, ref: '0xdead:3' },
  { kind: CommandKind.REQUEST_WITHDRAWAL, actor: 7, amountWei: 10n ** 18n },
  { kind: CommandKind.COMPLETE_WITHDRAWAL, actor: 0, withdrawalId: 12 },
  { kind: CommandKind.DECLARE_CAPACITY, actor: 9, seriesId: 3, capacity: 5000 },
  { kind: CommandKind.MINT, actor: 9, seriesId: 3, qty: 100 },
  { kind: CommandKind.EXERCISE, actor: 7, seriesId: 3, qty: 1 },
  {
    kind: CommandKind.NEW_ORDER,
    actor: 7,
    seriesId: 3,
    clientOrderId: Number.MAX_SAFE_INTEGER,
    side: 1,
    orderType: 1,
    tif: 2,
    priceMicros: 2 ** 40 + 3,
    qty: 10,
    expireAtMs: 1_760_000_000_000,
    postOnly: true,
    stp: 4,
  },
  { kind: CommandKind.CANCEL_ORDER, actor: 7, orderId: 0, clientOrderId: 55 },
  { kind: CommandKind.AMEND_ORDER, actor: 7, orderId: 99, newQty: 5, newPriceMicros: 1_000_100 },
  { kind: CommandKind.MASS_CANCEL, actor: 5, scope: 1, accountId: 7, seriesId: 0 },
  {
    kind: CommandKind.MASS_QUOTE,
    actor: 5,
    seriesId: 3,
    bids: { priceMicros: [1_000_000, 999_900], qty: [10, 20] },
    asks: { priceMicros: [1_000_100], qty: [5] },
    referencePriceMicros: 1_000_050,
  },
  { kind: CommandKind.SET_REFERENCE_PRICE, actor: 0, seriesId: 3, priceMicros: 1_000_050 },
  { kind: CommandKind.SET_PARAM, actor: 2, name: 'quoting.quality:AUTO_INTENT', value: 0.875 },
  { kind: CommandKind.SET_KILL_SWITCH, actor: 2, scope: 2, targetId: 3, engaged: true },
  { kind: CommandKind.RESET_MMP, actor: 2, seriesId: 3 },
  { kind: CommandKind.SET_GOVERNANCE_PHASE, actor: 0, phase: 3 },
  { kind: CommandKind.ADOPT_RULES, actor: 0, version: 1 },
  { kind: CommandKind.RECORD_SETTLEMENT, actor: 0, batchId: 4, throughSeq: 1_234_567, txHash: '0x' + 'ab'.repeat(32), withdrawalIds: [1, 2, 2 ** 40] },
  { kind: CommandKind.SET_PROVIDER_LISTING, actor: 0, accountId: 12, segment: 'AUTO_INTENT', listingId: 7, listingVersion: 3 },
  { kind: CommandKind.SET_INSTITUTION, actor: 3, accountId: 12, qualified: true },
  { kind: CommandKind.SET_PROVIDER_VERIFIED, actor: 3, accountId: 13, verified: true },
  { kind: CommandKind.SET_PAYOUTS_FROZEN, actor: 3, accountId: 13, frozen: true },
  { kind: CommandKind.DELIVER_FORWARDS, actor: 0, seriesId: 9, cutoffMs: 1_800_000_000_000, maxPositions: 2_000 },
  { kind: CommandKind.MARK_SYNTHETICS, actor: 0, seriesId: 0 },
  { kind: CommandKind.CONFIRM_DELIVERY, actor: 0, grantId: 41, qty: 3 },
  { kind: CommandKind.RELEASE_ESCROW, actor: 0, grantId: 2 ** 40 },
  { kind: CommandKind.FILE_CLAIM, actor: 17, grantId: 41 },
  { kind: CommandKind.RESOLVE_CLAIM, actor: 0, grantId: 41 },
  { kind: CommandKind.RECORD_DELIVERY_EVIDENCE, actor: 0, grantId: 41, qty: 2 },
  { kind: CommandKind.FILE_DISPUTE, actor: 17, grantId: 41, reason: 2 },
  { kind: CommandKind.DECIDE_DISPUTE, actor: 2, grantId: 41, refundQty: 1, chargeProviderMicros: 2 ** 40 },
  {
    kind: CommandKind.SUBSCRIBE, actor: 17, contract: 'AUTO_INTENT|7D|0.70-0.85', qtyPerWindow: 5, capPriceMicros: 800_000, budgetMicros: 2 ** 45, trigger: 2,
    autoExercise: true, maxSkips: 3, includeCurrent: false, delivery: 2, webhookUrl: 'https://consumer.example/hook', pushAuthorisation: '{"untilMs":1,"nonce":"n","signature":"0x"}',
  },
  { kind: CommandKind.CANCEL_SUBSCRIPTION, actor: 17, subscriptionId: 3 },
  { kind: CommandKind.RESUME_SUBSCRIPTION, actor: 17, subscriptionId: 2 ** 40 },
  { kind: CommandKind.RUN_SUBSCRIPTIONS, actor: 0, maxActions: 100 },
  { kind: CommandKind.SET_SEGMENT_SEATS, actor: 0, segment: 'AUTO_INTENT', seats: 0 },
  {
    kind: CommandKind.SET_LISTING_TIERS, actor: 0, listingId: 7, segment: 'AUTO_INTENT',
    tiers: [{ name: 'pro', contracts: ['AUTO_INTENT|7D|0.70-0.85', 'AUTO_INTENT|1D|0.85-1.00'], qtyPerContract: 2, everyWindows: 1, seats: 10, priceRule: 2, capBps: 500, windowBudgetMicros: 0 }],
  },
  { kind: CommandKind.SUBSCRIBE_TIER, actor: 17, listingId: 7, tier: 'pro', budgetMicros: 2 ** 45, trigger: 2, maxSkips: 3, includeCurrent: true },
  { kind: CommandKind.SUBSCRIBE_TIER_PUSH, actor: 17, listingId: 7, tier: 'pro', budgetMicros: 2 ** 45, trigger: 2, maxSkips: 3, includeCurrent: false, webhookUrl: 'https://consumer.example/hook', pushAuthorisation: '{"url":"https://consumer.example/hook"}' },
  { kind: CommandKind.CANCEL_TIER_SUBSCRIPTION, actor: 17, tierSubscriptionId: 2 ** 40 },
  { kind: CommandKind.EXERCISE_FROM_LISTING, actor: 17, seriesId: 2 ** 33, qty: 3, listingId: 7 },
  { kind: CommandKind.BUY_BUNDLE, actor: 17, bundleId: 4, legs: [{ seriesId: 1, qty: 2 }, { seriesId: 2 ** 33, qty: 1 }], maxCostMicros: 2 ** 50 },
  { kind: CommandKind.CREATE_ORGANISATION, actor: 17, name: 'Acme Analytics' },
  { kind: CommandKind.SET_ORGANISATION_MEMBER, actor: 17, organisationId: 1, memberAccountId: 18, role: 3 },
  { kind: CommandKind.REMOVE_ORGANISATION_MEMBER, actor: 17, organisationId: 1, memberAccountId: 2 ** 40 },
  { kind: CommandKind.MOVE_ORGANISATION_FUNDS, actor: 17, organisationId: 1, toOrganisation: true, amountMicros: 2 ** 45 },
  { kind: CommandKind.SET_USAGE_LISTING, actor: 0, accountId: 4, segment: 'AUTO_INTENT', listingId: 7, listingVersion: 2, usageUnit: 1, unitsPerRight: 5_000 },
  { kind: CommandKind.RECORD_USAGE, actor: 0, grantId: 12, units: 2_500 },
  { kind: CommandKind.INVITE_ORGANISATION_MEMBER, actor: 17, organisationId: 1, inviteeAccountId: 2 ** 40, role: 2 },
  { kind: CommandKind.ACCEPT_ORGANISATION_INVITATION, actor: 18, invitationId: 1 },
  { kind: CommandKind.DECLINE_ORGANISATION_INVITATION, actor: 18, invitationId: 2 ** 45 },
  { kind: CommandKind.REVOKE_ORGANISATION_INVITATION, actor: 17, invitationId: 3 },
  { kind: CommandKind.ARM_CANCEL_ON_DISCONNECT, actor: 17, accountId: 17 },
  { kind: CommandKind.END_CANCEL_ON_DISCONNECT, actor: 0, accountId: 2 ** 40, sessions: 20, massCancel: true },
  { kind: CommandKind.SWEEP_FEES, actor: 17, treasuryAccountId: 2 ** 40, feeRecipient: '0x' + '9e'.repeat(20), amountMicros: Number.MAX_SAFE_INTEGER },
  { kind: CommandKind.NOTE_OPERATOR_ACTION, actor: 0, action: OperatorAction.ALARM_CLEARED, by: 'ops-é', detail: '{"name":"replication-tail-set-aside","summary":"…"}' },
];

function roundTrip(cmds: readonly Command[]): Command[] {
  return decodeCommands(encodeCommandsToBytes(cmds), cmds.length);
}

function catchError(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/** sha256 (first 16 hex digits) of each example's journal bytes, by kind, as the codec wrote them on 2026-12-06 (before its rows became a table). */
const PINNED_EXAMPLE_BYTES: Record<number, string> = {
  1: 'f3d8e4b8a24f83f1',
  2: 'ea886f76fb2afcad',
  3: 'a802ce23f48631cf',
  4: '008b37251a570759',
  5: 'bf2dd369f23988b9',
  6: 'bbb3b697bcae95cc',
  7: '7da9242a8fa58444',
  8: 'f8f9084866edddea',
  9: 'fbac0b6c26992577',
  10: '58beec19dd3a4b27',
  11: '46c96eea3de7f95b',
  12: '8cf650cfd96a7384',
  13: 'e392a05afe2aedfb',
  14: '92c2b5ff17474b75',
  15: 'a5d307a327165df7',
  16: '3779a43df3333616',
  17: '621540268f0b5105',
  20: '7a15ac688cdfadde',
  21: '2aabbc337c0bc11c',
  22: 'bc4693762cf32154',
  23: '4c8122c6aef9508e',
  24: '0c8120237a8b14d3',
  30: '98b400394635e8ff',
  31: '97cf7f841019bbc6',
  40: '413e403df29bde73',
  50: 'd55217fc37148286',
  51: 'c3f9c9f6d5a1c80c',
  52: '5bb686da8ec0aaaf',
  60: 'd553cfb532afb887',
  70: '7ad906f860686642',
  80: '30d13dabc6923135',
  81: 'c827868870b1d3ac',
  82: '40dd69e411a75d76',
  83: '31e708aa35acba2f',
  84: '907f1b8265363109',
  85: 'df1268e20a718d02',
  86: 'f27aaa64802a69cf',
  90: '2252f33f5d126057',
  91: 'e723b5db50411cd7',
  92: 'c9ba260d331af03b',
  93: '2f86ddd56a0405a4',
  94: '0512bedbe832aa4e',
  100: 'e2c7af4644146d1e',
  101: '31dc62d35ebfa0ce',
  102: '8b59bdd566622903',
  103: 'ddde340f6a4f6bef',
  104: '30f5c2657ab13afa',
  120: 'ec9f4445d0f5eed4',
  121: '3c2f5c98c42e131e',
  130: '346de1d7f17970cf',
  131: 'f20ec978542f9d61',
  132: '7603e708a4efcb58',
  133: '12eeeb8c00d15d62',
  150: '3ece134cd4539f70',
  170: '5de3a5cfd44fca35',
  171: '84a73194fe272a6a',
  172: 'b63c177f995c45d1',
  173: 'cc1d46861616dc26',
  180: '8a556438c6452d46',
  181: 'b5887d03aa5040d2',
  190: '615f8d7a288b2ed3',
};

// ---------------------------------------------------------------- tests

describe('command codec round trip', () => {
  it('covers every command kind', () => {
    const kinds = new Set(EXAMPLES.map((c) => c.kind));
    expect(kinds.size).toBe(Object.keys(CommandKind).length);
    expect(roundTrip(EXAMPLES)).toEqual(EXAMPLES);
    for (const cmd of EXAMPLES) expect(roundTrip([cmd])).toEqual([cmd]);
  });

  it("writes every kind's example in the journal's bytes, pinned (a journal already holds them: a field moved or reformatted would misread it)", () => {
    const digests = Object.fromEntries(EXAMPLES.map((cmd) => [cmd.kind, createHash('sha256').update(encodeCommandsToBytes([cmd])).digest('hex').slice(0, 16)]));
    expect(digests).toEqual(PINNED_EXAMPLE_BYTES);
  });

  it('is exact for random commands with big safe integers and huge bigints (seeded)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const gen = new Gen(seed);
      const cmds = Array.from({ length: 150 }, () => gen.command());
      expect(roundTrip(cmds), `seed ${seed}`).toEqual(cmds);
    }
  });

  it('keeps any JS number exact, not only safe integers', () => {
    const odd = [-1, -0, 0.5, -(2 ** 53), 2 ** 53, 2 ** 64, Number.MAX_VALUE, Number.MIN_VALUE, Infinity, -Infinity, NaN];
    for (const v of odd) {
      const cmd: Command = { kind: CommandKind.MINT, actor: v, seriesId: 1, qty: v };
      const [back] = roundTrip([cmd]);
      expect(Object.is((back as typeof cmd).actor, v), String(v)).toBe(true);
      expect(Object.is((back as typeof cmd).qty, v), String(v)).toBe(true);
    }
  });

  it('keeps unequal ladder arrays (an invalid quote the engine rejects) as they were', () => {
    const cmd: Command = {
      kind: CommandKind.MASS_QUOTE,
      actor: 5,
      seriesId: 1,
      bids: { priceMicros: [1, 2, 3], qty: [4] },
      asks: { priceMicros: [], qty: [9, 9] },
      referencePriceMicros: 0,
    };
    expect(roundTrip([cmd])).toEqual([cmd]);
  });

  it('appends to a writer that already holds bytes and grows from a tiny buffer', () => {
    const gen = new Gen(99);
    const cmds = Array.from({ length: 500 }, () => gen.command());
    const writer = new BinaryWriter(16);
    writer.u32(0xdeadbeef);
    encodeCommands(cmds.slice(0, 200), writer);
    encodeCommands(cmds.slice(200), writer);
    const bytes = writer.view();
    expect(new BinaryReader(bytes).u32()).toBe(0xdeadbeef);
    expect(decodeCommands(bytes.subarray(4), cmds.length)).toEqual(cmds);
  });

  it('encodes small orders compactly', () => {
    const order: Command = {
      kind: CommandKind.NEW_ORDER,
      actor: 1200,
      seriesId: 17,
      clientOrderId: 1_700_000_000_123,
      side: 1,
      orderType: 1,
      tif: 1,
      priceMicros: 1_250_000,
      qty: 10,
      expireAtMs: 0,
      postOnly: false,
      stp: 1,
    };
    // kind 1, actor 3, seriesId 1, clientOrderId 7, side/type/tif 3, price 4, qty 1, expire 1, postOnly 1, stp 1
    expect(encodeCommandsToBytes([order]).length).toBe(23);
  });
});

describe('command codec: number format bytes', () => {
  const cases: [number, number[]][] = [
    [0, [0x00]],
    [239, [0xef]],
    [240, [0xf1, 0xf0]],
    [65535, [0xf2, 0xff, 0xff]],
    [2 ** 32, [0xf5, 0, 0, 0, 0, 1]],
    [Number.MAX_SAFE_INTEGER, [0xf7, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f]],
  ];
  it.each(cases)('%d', (value, bytes) => {
    const w = new BinaryWriter();
    w.number(value);
    expect(Array.from(w.view())).toEqual(bytes);
    expect(new BinaryReader(w.view()).number()).toBe(value);
  });

  it('stores anything else as a float64 escape', () => {
    const w = new BinaryWriter();
    w.number(-1);
    expect(w.view()[0]).toBe(0xff);
    expect(w.length).toBe(9);
  });
});

describe('command codec: decode validation', () => {
  const bytes = encodeCommandsToBytes(EXAMPLES);

  it('rejects every truncation, never returning a partial result', () => {
    for (let cut = 0; cut < bytes.length; cut++) {
      const error = catchError(() => decodeCommands(bytes.subarray(0, cut), EXAMPLES.length));
      expect(error, `cut at ${cut}`).toBeInstanceOf(CommandCodecError);
    }
  });

  it('rejects trailing bytes', () => {
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    const error = catchError(() => decodeCommands(longer, EXAMPLES.length)) as CommandCodecError;
    expect(error).toBeInstanceOf(CommandCodecError);
    expect(error.offset).toBe(bytes.length);
    expect(error.message).toMatch(/trailing/);
    // Fewer commands than the bytes hold is the same error.
    expect(() => decodeCommands(bytes, EXAMPLES.length - 1)).toThrow(/trailing/);
  });

  it('rejects an unknown kind with its offset', () => {
    const first = encodeCommandsToBytes([EXAMPLES[0]!]);
    const bad = new Uint8Array([...first, 0, 1]);
    const error = catchError(() => decodeCommands(bad, 2)) as CommandCodecError;
    expect(error).toBeInstanceOf(CommandCodecError);
    expect(error.name).toBe('CommandCodecError');
    expect(error.offset).toBe(first.length);
    expect(error.commandIndex).toBe(1);
    expect(error.message).toMatch(/unknown command kind 0/);
    expect(() => decodeCommands(new Uint8Array([200]), 1)).toThrow(/unknown command kind 200/);
  });

  it('rejects malformed fields', () => {
    const mint = (tag: number[]): Uint8Array => new Uint8Array([CommandKind.MINT, 1, 1, ...tag]);
    expect(() => decodeCommands(mint([0xf0]), 1)).toThrow(/invalid number tag/);
    expect(() => decodeCommands(mint([0xf8]), 1)).toThrow(/invalid number tag/);
    expect(() => decodeCommands(mint([0xf7, 0, 0, 0, 0, 0, 0, 0x20]), 1)).toThrow(/MAX_SAFE_INTEGER/);
    const order = encodeCommandsToBytes([EXAMPLES[11]!]);
    const badBool = order.slice();
    badBool[order.length - 2] = 2; // postOnly
    expect(() => decodeCommands(badBool, 1)).toThrow(/boolean byte is 2/);
    const deposit = (amount: number[]): Uint8Array => new Uint8Array([CommandKind.REQUEST_WITHDRAWAL, 1, ...amount]);
    expect(() => decodeCommands(deposit([33, ...new Array<number>(33).fill(1)]), 1)).toThrow(/exceeds 32/);
    expect(() => decodeCommands(deposit([2, 0, 1]), 1)).toThrow(/leading zero/);
    const account = new Uint8Array([CommandKind.OPEN_ACCOUNT, 1, 1, 2, 0, 0xc3, 0x28]);
    expect(() => decodeCommands(account, 1)).toThrow(/not valid UTF-8/);
  });

  it('refuses an impossible count before allocating for it', () => {
    expect(() => decodeCommands(bytes, 2 ** 31)).toThrow(CommandCodecError);
    expect(() => decodeCommands(bytes, -1)).toThrow(CommandCodecError);
  });
});

describe('command codec: encode validation', () => {
  const expectEncodeError = (cmd: Command, pattern: RegExp): void => {
    const error = catchError(() => encodeCommandsToBytes([EXAMPLES[0]!, cmd])) as CommandCodecError;
    expect(error).toBeInstanceOf(CommandCodecError);
    expect(error.commandIndex).toBe(1);
    expect(error.message).toMatch(pattern);
  };

  it('rejects bigints outside 0 .. 2^256-1', () => {
    expectEncodeError({ kind: CommandKind.REQUEST_WITHDRAWAL, actor: 1, amountWei: -1n }, /non-negative bigint/);
    expectEncodeError({ kind: CommandKind.REQUEST_WITHDRAWAL, actor: 1, amountWei: 2n ** 256n }, /33 bytes/);
  });

  it('rejects strings that cannot round-trip or are too long', () => {
    expectEncodeError({ kind: CommandKind.OPEN_ACCOUNT, actor: 1, role: 1, address: 'a\ud800b' }, /lone UTF-16 surrogate/);
    expectEncodeError({ kind: CommandKind.OPEN_ACCOUNT, actor: 1, role: 1, address: '€'.repeat(30000) }, /exceeds 65535/);
  });

  it('rejects unknown kinds and oversized ladders', () => {
    expectEncodeError({ kind: 99, actor: 1 } as unknown as Command, /unknown command kind 99/);
    const big = { priceMicros: new Array<number>(70000).fill(1), qty: [] };
    expectEncodeError({ kind: CommandKind.MASS_QUOTE, actor: 1, seriesId: 1, bids: big, asks: big, referencePriceMicros: 0 }, /exceeds 65535/);
  });
});
