/**
 * Compact binary encoding of Command arrays: the write-ahead journal's payload.
 *
 * Each command is one kind byte (CommandKind) followed by its fields in the
 * order commands.ts declares them, with no field tags and no per-command length.
 * Field formats (see binary.ts for the exact bytes):
 *   - every number, including enum fields: compact number (1 byte for 0..239,
 *     up to 8 bytes for safe integers, a float64 escape for anything else, so
 *     every JS number round-trips exactly);
 *   - booleans: one byte, 0 or 1;
 *   - strings (address, contract, ref, parameter name): u16 byte length + UTF-8;
 *   - `amountWei`: length byte (0..32) + minimal big-endian bytes (0 .. 2^256-1);
 *   - QuoteLadder: u16 price count, u16 qty count, the prices, then the qtys
 *     (two counts so that a malformed ladder with unequal arrays, which the
 *     engine rejects, is still journaled exactly as it was sequenced);
 *   - `withdrawalIds` (RECORD_SETTLEMENT): u16 count, then the numbers.
 *
 * Encoding is on the sequencer's hot path: it writes into a caller-owned,
 * reusable BinaryWriter and allocates nothing per command.
 */

import { BinaryReadError, BinaryReader, BinaryWriteError, BinaryWriter } from './binary.js';
import {
  CommandKind,
  type Command,
  type CreditDeposit,
  type DisputeReason,
  type KillScope,
  type ListSeries,
  type MassQuote,
  type MassCancelScope,
  type NewOrder,
  type OperatorAction,
  type OrganisationRole,
  type OrderType,
  type QuoteLadder,
  type RecordSettlement,
  type Role,
  type SelfTradePrevention,
  SeriesKind,
  type SetSeriesStatus,
  type Side,
  type SubscriptionDelivery,
  type SubscriptionTrigger,
  type TimeInForce,
  type UsageUnit,
} from '../core/commands.js';
import { decodeTierCommand, encodeTierCommand } from './tier-command-codec.js';

/** `amountWei` is a uint256 on chain. */
export const AMOUNT_WEI_MAX_BYTES = 32;
export const LADDER_MAX_LEVELS = 0xffff;
/** Longest id list a command carries (RECORD_SETTLEMENT's withdrawals). */
export const MAX_LIST_LENGTH = 0xffff;

export class CommandCodecError extends Error {
  override readonly name = 'CommandCodecError';
  constructor(
    message: string,
    /** Byte offset in the payload where the failing command or field starts (encode: the writer's length). */
    readonly offset: number,
    /** Index of the failing command within the array. */
    readonly commandIndex: number,
    options?: { cause?: unknown },
  ) {
    super(`${message} (command #${commandIndex}, byte ${offset})`, options);
  }
}

/** Appends `cmds` to `out`. Throws CommandCodecError for a value the format cannot hold; `out` then holds a partial command. */
export function encodeCommands(cmds: readonly Command[], out: BinaryWriter): void {
  for (let i = 0; i < cmds.length; i++) {
    const start = out.length;
    try {
      encodeCommand(cmds[i]!, out);
    } catch (error) {
      if (error instanceof BinaryWriteError) throw new CommandCodecError(error.message, start, i, { cause: error });
      throw error;
    }
  }
}

/** Reused by `unwritableCommand`: what it writes is thrown away. */
const trial = new BinaryWriter(256);

/**
 * Why the journal could not write `cmd`, or undefined when it can: a string that is not well-formed
 * UTF-16 (a lone surrogate, which a JSON `\uD800` escape makes) or longer than 65,535 UTF-8 bytes, an
 * amount past 32 bytes. The sequencer asks before it queues a command (`Sequencer.enqueue`): the
 * journal writes a turn after the engine applied it, so a command it cannot write would stop the
 * sequencer with the turn's other commands applied and lost. The order path's commands (orders,
 * cancels, amends, ladders) hold only numbers, which always write, and are not tried: encoding them
 * twice would cost the order path.
 */
export function unwritableCommand(cmd: Command): string | undefined {
  switch (cmd.kind) {
    case CommandKind.NEW_ORDER:
    case CommandKind.CANCEL_ORDER:
    case CommandKind.AMEND_ORDER:
    case CommandKind.MASS_QUOTE:
    case CommandKind.MASS_CANCEL:
      return undefined;
  }
  trial.reset();
  try {
    encodeCommand(cmd, trial);
    return undefined;
  } catch (error) {
    // Whatever stops the encoding (a field of the wrong type too) would stop the journal's write of the turn.
    return error instanceof Error ? error.message : String(error);
  }
}

/** Convenience for cold paths and tests: encodes into a fresh buffer. */
export function encodeCommandsToBytes(cmds: readonly Command[]): Uint8Array {
  const out = new BinaryWriter(Math.max(256, cmds.length * 32));
  encodeCommands(cmds, out);
  return out.toBytes();
}

/**
 * Decodes exactly `count` commands that fill `bytes` completely. Throws
 * CommandCodecError for an unknown kind, a malformed field, a buffer that ends
 * early, or bytes left over; never returns a partial result.
 */
export function decodeCommands(bytes: Uint8Array, count: number): Command[] {
  if (!Number.isSafeInteger(count) || count < 0) throw new CommandCodecError(`bad command count ${count}`, 0, 0);
  // Every command takes at least one byte: refuse an impossible count before allocating for it.
  if (count > bytes.length) throw new CommandCodecError(`truncated: ${count} commands cannot fit in ${bytes.length} bytes`, bytes.length, 0);
  const reader = new BinaryReader(bytes);
  const cmds: Command[] = new Array<Command>(count);
  let start = 0;
  let index = 0;
  try {
    for (; index < count; index++) {
      start = reader.offset;
      cmds[index] = decodeCommand(reader);
    }
  } catch (error) {
    if (error instanceof BinaryReadError) throw new CommandCodecError(error.message, error.offset, index, { cause: error });
    if (error instanceof CommandCodecError) throw error;
    throw new CommandCodecError(`cannot decode: ${String(error)}`, start, index, { cause: error });
  }
  if (reader.remaining() !== 0) {
    throw new CommandCodecError(`${reader.remaining()} trailing bytes after ${count} commands`, reader.offset, count);
  }
  return cmds;
}

// ---------------------------------------------------------------- encode

function encodeCommand(cmd: Command, out: BinaryWriter): void {
  switch (cmd.kind) {
    case CommandKind.NEW_ORDER:
      return encodeNewOrder(cmd, out);
    case CommandKind.CANCEL_ORDER:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.orderId);
      out.number(cmd.clientOrderId);
      return;
    case CommandKind.AMEND_ORDER:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.orderId);
      out.number(cmd.newQty);
      out.number(cmd.newPriceMicros);
      return;
    case CommandKind.MASS_QUOTE:
      return encodeMassQuote(cmd, out);
    case CommandKind.MASS_CANCEL:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.scope);
      out.number(cmd.accountId);
      out.number(cmd.seriesId);
      return;
    case CommandKind.SET_REFERENCE_PRICE:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.seriesId);
      out.number(cmd.priceMicros);
      return;
    case CommandKind.OPEN_ACCOUNT:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.role);
      out.string(cmd.address);
      return;
    case CommandKind.LIST_SERIES:
      return encodeListSeries(cmd, out);
    case CommandKind.SET_SERIES_STATUS:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.seriesId);
      out.number(cmd.status);
      return;
    case CommandKind.EXPIRE_SERIES:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.seriesId);
      out.number(cmd.cutoffMs);
      return;
    case CommandKind.EXPIRE_ORDERS:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.cutoffMs);
      return;
    case CommandKind.CREDIT_DEPOSIT:
      return encodeCreditDeposit(cmd, out);
    case CommandKind.REQUEST_WITHDRAWAL:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.bigUint(cmd.amountWei, AMOUNT_WEI_MAX_BYTES);
      return;
    case CommandKind.COMPLETE_WITHDRAWAL:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.withdrawalId);
      return;
    case CommandKind.DECLARE_CAPACITY:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.seriesId);
      out.number(cmd.capacity);
      return;
    case CommandKind.SET_PARAM:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.string(cmd.name);
      out.number(cmd.value);
      return;
    case CommandKind.SET_KILL_SWITCH:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.scope);
      out.number(cmd.targetId);
      out.bool(cmd.engaged);
      return;
    case CommandKind.RESET_MMP:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.seriesId);
      return;
    case CommandKind.MINT:
    case CommandKind.EXERCISE:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.seriesId);
      out.number(cmd.qty);
      return;
    case CommandKind.EXERCISE_FROM_LISTING:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.seriesId);
      out.number(cmd.qty);
      out.number(cmd.listingId);
      return;
    case CommandKind.SET_GOVERNANCE_PHASE:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.phase);
      return;
    case CommandKind.ADOPT_RULES:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.version);
      return;
    case CommandKind.RECORD_SETTLEMENT:
      return encodeRecordSettlement(cmd, out);
    case CommandKind.SET_INSTITUTION:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.accountId);
      out.bool(cmd.qualified);
      return;
    case CommandKind.SET_PROVIDER_VERIFIED:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.accountId);
      out.bool(cmd.verified);
      return;
    case CommandKind.SET_PAYOUTS_FROZEN:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.accountId);
      out.bool(cmd.frozen);
      return;
    case CommandKind.SET_PROVIDER_LISTING:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.accountId);
      out.string(cmd.segment);
      out.number(cmd.listingId);
      out.number(cmd.listingVersion);
      return;
    case CommandKind.MARK_SYNTHETICS:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.seriesId);
      return;
    case CommandKind.DELIVER_FORWARDS:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.seriesId);
      out.number(cmd.cutoffMs);
      out.number(cmd.maxPositions);
      return;
    case CommandKind.CONFIRM_DELIVERY:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.grantId);
      out.number(cmd.qty);
      return;
    case CommandKind.RELEASE_ESCROW:
    case CommandKind.FILE_CLAIM:
    case CommandKind.RESOLVE_CLAIM:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.grantId);
      return;
    case CommandKind.RECORD_DELIVERY_EVIDENCE:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.grantId);
      out.number(cmd.qty);
      return;
    case CommandKind.FILE_DISPUTE:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.grantId);
      out.number(cmd.reason);
      return;
    case CommandKind.SET_USAGE_LISTING:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.accountId);
      out.string(cmd.segment);
      out.number(cmd.listingId);
      out.number(cmd.listingVersion);
      out.number(cmd.usageUnit);
      out.number(cmd.unitsPerRight);
      return;
    case CommandKind.RECORD_USAGE:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.grantId);
      out.number(cmd.units);
      return;
    case CommandKind.DECIDE_DISPUTE:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.grantId);
      out.number(cmd.refundQty);
      out.number(cmd.chargeProviderMicros);
      return;
    case CommandKind.SUBSCRIBE:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.string(cmd.contract);
      out.number(cmd.qtyPerWindow);
      out.number(cmd.capPriceMicros);
      out.number(cmd.budgetMicros);
      out.number(cmd.trigger);
      out.bool(cmd.autoExercise);
      out.number(cmd.maxSkips);
      out.bool(cmd.includeCurrent);
      out.number(cmd.delivery);
      out.string(cmd.webhookUrl);
      out.string(cmd.pushAuthorisation);
      return;
    case CommandKind.CANCEL_SUBSCRIPTION:
    case CommandKind.RESUME_SUBSCRIPTION:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.subscriptionId);
      return;
    case CommandKind.RUN_SUBSCRIPTIONS:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.maxActions);
      return;
    case CommandKind.SET_SEGMENT_SEATS:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.string(cmd.segment);
      out.number(cmd.seats);
      return;
    case CommandKind.SET_LISTING_TIERS:
    case CommandKind.SUBSCRIBE_TIER:
    case CommandKind.SUBSCRIBE_TIER_PUSH:
    case CommandKind.CANCEL_TIER_SUBSCRIPTION:
    case CommandKind.BUY_BUNDLE:
      return encodeTierCommand(cmd, out);
    case CommandKind.CREATE_ORGANISATION:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.string(cmd.name);
      return;
    case CommandKind.SET_ORGANISATION_MEMBER:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.organisationId);
      out.number(cmd.memberAccountId);
      out.number(cmd.role);
      return;
    case CommandKind.REMOVE_ORGANISATION_MEMBER:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.organisationId);
      out.number(cmd.memberAccountId);
      return;
    case CommandKind.MOVE_ORGANISATION_FUNDS:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.organisationId);
      out.bool(cmd.toOrganisation);
      out.number(cmd.amountMicros);
      return;
    case CommandKind.INVITE_ORGANISATION_MEMBER:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.organisationId);
      out.number(cmd.inviteeAccountId);
      out.number(cmd.role);
      return;
    case CommandKind.ACCEPT_ORGANISATION_INVITATION:
    case CommandKind.DECLINE_ORGANISATION_INVITATION:
    case CommandKind.REVOKE_ORGANISATION_INVITATION:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.invitationId);
      return;
    case CommandKind.ARM_CANCEL_ON_DISCONNECT:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.accountId);
      return;
    case CommandKind.END_CANCEL_ON_DISCONNECT:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.accountId);
      out.number(cmd.sessions);
      out.bool(cmd.massCancel);
      return;
    case CommandKind.SWEEP_FEES:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.number(cmd.treasuryAccountId);
      out.string(cmd.feeRecipient);
      out.number(cmd.amountMicros);
      return;
    case CommandKind.NOTE_OPERATOR_ACTION:
      out.u8(cmd.kind);
      out.number(cmd.actor);
      out.u8(cmd.action);
      out.string(cmd.by);
      out.string(cmd.detail);
      return;
    default:
      throw new BinaryWriteError(`unknown command kind ${String((cmd as { kind: unknown }).kind)}`);
  }
}

function encodeNewOrder(cmd: NewOrder, out: BinaryWriter): void {
  out.u8(cmd.kind);
  out.number(cmd.actor);
  out.number(cmd.seriesId);
  out.number(cmd.clientOrderId);
  out.number(cmd.side);
  out.number(cmd.orderType);
  out.number(cmd.tif);
  out.number(cmd.priceMicros);
  out.number(cmd.qty);
  out.number(cmd.expireAtMs);
  out.bool(cmd.postOnly);
  out.number(cmd.stp);
}

function encodeListSeries(cmd: ListSeries, out: BinaryWriter): void {
  out.u8(cmd.kind);
  out.number(cmd.actor);
  out.string(cmd.contract);
  out.number(cmd.seriesKind);
  out.number(cmd.openAtMs);
  out.number(cmd.closeAtMs);
  out.number(cmd.tickMicros);
  out.number(cmd.lotSize);
  out.number(cmd.minPriceMicros);
  out.number(cmd.maxPriceMicros);
  out.number(cmd.maxOrderQty);
  out.number(cmd.bandBps);
  // Only options carry a strike, so every other listing (and every journal written before options) keeps its bytes.
  if (cmd.seriesKind === SeriesKind.CALL || cmd.seriesKind === SeriesKind.PUT) out.number(cmd.strikeMicros ?? 0);
}

function encodeCreditDeposit(cmd: CreditDeposit, out: BinaryWriter): void {
  out.u8(cmd.kind);
  out.number(cmd.actor);
  out.number(cmd.accountId);
  out.bigUint(cmd.amountWei, AMOUNT_WEI_MAX_BYTES);
  out.string(cmd.ref);
}

function encodeRecordSettlement(cmd: RecordSettlement, out: BinaryWriter): void {
  const ids = cmd.withdrawalIds;
  if (ids.length > MAX_LIST_LENGTH) throw new BinaryWriteError(`settlement of ${ids.length} withdrawals exceeds ${MAX_LIST_LENGTH}`);
  out.u8(cmd.kind);
  out.number(cmd.actor);
  out.number(cmd.batchId);
  out.number(cmd.throughSeq);
  out.string(cmd.txHash);
  out.u16(ids.length);
  for (let i = 0; i < ids.length; i++) out.number(ids[i]!);
}

function encodeMassQuote(cmd: MassQuote, out: BinaryWriter): void {
  out.u8(cmd.kind);
  out.number(cmd.actor);
  out.number(cmd.seriesId);
  encodeLadder(cmd.bids, out);
  encodeLadder(cmd.asks, out);
  out.number(cmd.referencePriceMicros);
}

function encodeLadder(ladder: QuoteLadder, out: BinaryWriter): void {
  const prices = ladder.priceMicros;
  const qtys = ladder.qty;
  if (prices.length > LADDER_MAX_LEVELS || qtys.length > LADDER_MAX_LEVELS) {
    throw new BinaryWriteError(`quote ladder of ${Math.max(prices.length, qtys.length)} levels exceeds ${LADDER_MAX_LEVELS}`);
  }
  out.u16(prices.length);
  out.u16(qtys.length);
  for (let i = 0; i < prices.length; i++) out.number(prices[i]!);
  for (let i = 0; i < qtys.length; i++) out.number(qtys[i]!);
}

// ---------------------------------------------------------------- decode
// Enum fields are read back as the exact number that was encoded; the casts
// restore the declared type without validating it, as validation is the
// engine's job (a journaled command may be one the engine rejected).

function decodeCommand(r: BinaryReader): Command {
  const start = r.offset;
  const kind = r.u8();
  switch (kind) {
    case CommandKind.NEW_ORDER:
      return decodeNewOrder(r);
    case CommandKind.CANCEL_ORDER:
      return { kind: CommandKind.CANCEL_ORDER, actor: r.number(), orderId: r.number(), clientOrderId: r.number() };
    case CommandKind.AMEND_ORDER:
      return { kind: CommandKind.AMEND_ORDER, actor: r.number(), orderId: r.number(), newQty: r.number(), newPriceMicros: r.number() };
    case CommandKind.MASS_QUOTE:
      return decodeMassQuote(r);
    case CommandKind.MASS_CANCEL:
      return { kind: CommandKind.MASS_CANCEL, actor: r.number(), scope: r.number() as MassCancelScope, accountId: r.number(), seriesId: r.number() };
    case CommandKind.SET_REFERENCE_PRICE:
      return { kind: CommandKind.SET_REFERENCE_PRICE, actor: r.number(), seriesId: r.number(), priceMicros: r.number() };
    case CommandKind.OPEN_ACCOUNT:
      return { kind: CommandKind.OPEN_ACCOUNT, actor: r.number(), role: r.number() as Role, address: r.string() };
    case CommandKind.LIST_SERIES:
      return decodeListSeries(r);
    case CommandKind.SET_SERIES_STATUS:
      return { kind: CommandKind.SET_SERIES_STATUS, actor: r.number(), seriesId: r.number(), status: r.number() as SetSeriesStatus['status'] };
    case CommandKind.EXPIRE_SERIES:
      return { kind: CommandKind.EXPIRE_SERIES, actor: r.number(), seriesId: r.number(), cutoffMs: r.number() };
    case CommandKind.EXPIRE_ORDERS:
      return { kind: CommandKind.EXPIRE_ORDERS, actor: r.number(), cutoffMs: r.number() };
    case CommandKind.CREDIT_DEPOSIT:
      return {
        kind: CommandKind.CREDIT_DEPOSIT,
        actor: r.number(),
        accountId: r.number(),
        amountWei: r.bigUint(AMOUNT_WEI_MAX_BYTES),
        ref: r.string(),
      };
    case CommandKind.REQUEST_WITHDRAWAL:
      return { kind: CommandKind.REQUEST_WITHDRAWAL, actor: r.number(), amountWei: r.bigUint(AMOUNT_WEI_MAX_BYTES) };
    case CommandKind.COMPLETE_WITHDRAWAL:
      return { kind: CommandKind.COMPLETE_WITHDRAWAL, actor: r.number(), withdrawalId: r.number() };
    case CommandKind.DECLARE_CAPACITY:
      return { kind: CommandKind.DECLARE_CAPACITY, actor: r.number(), seriesId: r.number(), capacity: r.number() };
    case CommandKind.MINT:
      return { kind: CommandKind.MINT, actor: r.number(), seriesId: r.number(), qty: r.number() };
    case CommandKind.EXERCISE:
      return { kind: CommandKind.EXERCISE, actor: r.number(), seriesId: r.number(), qty: r.number() };
    case CommandKind.EXERCISE_FROM_LISTING:
      return { kind: CommandKind.EXERCISE_FROM_LISTING, actor: r.number(), seriesId: r.number(), qty: r.number(), listingId: r.number() };
    case CommandKind.SET_PARAM:
      return { kind: CommandKind.SET_PARAM, actor: r.number(), name: r.string(), value: r.number() };
    case CommandKind.SET_KILL_SWITCH:
      return { kind: CommandKind.SET_KILL_SWITCH, actor: r.number(), scope: r.number() as KillScope, targetId: r.number(), engaged: r.bool() };
    case CommandKind.RESET_MMP:
      return { kind: CommandKind.RESET_MMP, actor: r.number(), seriesId: r.number() };
    case CommandKind.SET_GOVERNANCE_PHASE:
      return { kind: CommandKind.SET_GOVERNANCE_PHASE, actor: r.number(), phase: r.number() };
    case CommandKind.ADOPT_RULES:
      return { kind: CommandKind.ADOPT_RULES, actor: r.number(), version: r.number() };
    case CommandKind.RECORD_SETTLEMENT:
      return decodeRecordSettlement(r);
    case CommandKind.SET_INSTITUTION:
      return { kind: CommandKind.SET_INSTITUTION, actor: r.number(), accountId: r.number(), qualified: r.bool() };
    case CommandKind.SET_PROVIDER_VERIFIED:
      return { kind: CommandKind.SET_PROVIDER_VERIFIED, actor: r.number(), accountId: r.number(), verified: r.bool() };
    case CommandKind.SET_PAYOUTS_FROZEN:
      return { kind: CommandKind.SET_PAYOUTS_FROZEN, actor: r.number(), accountId: r.number(), frozen: r.bool() };
    case CommandKind.SET_PROVIDER_LISTING:
      return { kind: CommandKind.SET_PROVIDER_LISTING, actor: r.number(), accountId: r.number(), segment: r.string(), listingId: r.number(), listingVersion: r.number() };
    case CommandKind.DELIVER_FORWARDS:
      return { kind: CommandKind.DELIVER_FORWARDS, actor: r.number(), seriesId: r.number(), cutoffMs: r.number(), maxPositions: r.number() };
    case CommandKind.MARK_SYNTHETICS:
      return { kind: CommandKind.MARK_SYNTHETICS, actor: r.number(), seriesId: r.number() };
    case CommandKind.CONFIRM_DELIVERY:
      return { kind: CommandKind.CONFIRM_DELIVERY, actor: r.number(), grantId: r.number(), qty: r.number() };
    case CommandKind.RELEASE_ESCROW:
      return { kind: CommandKind.RELEASE_ESCROW, actor: r.number(), grantId: r.number() };
    case CommandKind.FILE_CLAIM:
      return { kind: CommandKind.FILE_CLAIM, actor: r.number(), grantId: r.number() };
    case CommandKind.RESOLVE_CLAIM:
      return { kind: CommandKind.RESOLVE_CLAIM, actor: r.number(), grantId: r.number() };
    case CommandKind.RECORD_DELIVERY_EVIDENCE:
      return { kind: CommandKind.RECORD_DELIVERY_EVIDENCE, actor: r.number(), grantId: r.number(), qty: r.number() };
    case CommandKind.FILE_DISPUTE:
      return { kind: CommandKind.FILE_DISPUTE, actor: r.number(), grantId: r.number(), reason: r.number() as DisputeReason };
    case CommandKind.SET_USAGE_LISTING:
      return { kind: CommandKind.SET_USAGE_LISTING, actor: r.number(), accountId: r.number(), segment: r.string(), listingId: r.number(), listingVersion: r.number(), usageUnit: r.number() as UsageUnit, unitsPerRight: r.number() };
    case CommandKind.RECORD_USAGE:
      return { kind: CommandKind.RECORD_USAGE, actor: r.number(), grantId: r.number(), units: r.number() };
    case CommandKind.DECIDE_DISPUTE:
      return { kind: CommandKind.DECIDE_DISPUTE, actor: r.number(), grantId: r.number(), refundQty: r.number(), chargeProviderMicros: r.number() };
    case CommandKind.SUBSCRIBE:
      return {
        kind: CommandKind.SUBSCRIBE,
        actor: r.number(),
        contract: r.string(),
        qtyPerWindow: r.number(),
        capPriceMicros: r.number(),
        budgetMicros: r.number(),
        trigger: r.number() as SubscriptionTrigger,
        autoExercise: r.bool(),
        maxSkips: r.number(),
        includeCurrent: r.bool(),
        delivery: r.number() as SubscriptionDelivery,
        webhookUrl: r.string(),
        pushAuthorisation: r.string(),
      };
    case CommandKind.CANCEL_SUBSCRIPTION:
      return { kind: CommandKind.CANCEL_SUBSCRIPTION, actor: r.number(), subscriptionId: r.number() };
    case CommandKind.RESUME_SUBSCRIPTION:
      return { kind: CommandKind.RESUME_SUBSCRIPTION, actor: r.number(), subscriptionId: r.number() };
    case CommandKind.RUN_SUBSCRIPTIONS:
      return { kind: CommandKind.RUN_SUBSCRIPTIONS, actor: r.number(), maxActions: r.number() };
    case CommandKind.SET_SEGMENT_SEATS:
      return { kind: CommandKind.SET_SEGMENT_SEATS, actor: r.number(), segment: r.string(), seats: r.number() };
    case CommandKind.SET_LISTING_TIERS:
    case CommandKind.SUBSCRIBE_TIER:
    case CommandKind.SUBSCRIBE_TIER_PUSH:
    case CommandKind.CANCEL_TIER_SUBSCRIPTION:
    case CommandKind.BUY_BUNDLE:
      return decodeTierCommand(kind, r);
    case CommandKind.CREATE_ORGANISATION:
      return { kind: CommandKind.CREATE_ORGANISATION, actor: r.number(), name: r.string() };
    case CommandKind.SET_ORGANISATION_MEMBER:
      return { kind: CommandKind.SET_ORGANISATION_MEMBER, actor: r.number(), organisationId: r.number(), memberAccountId: r.number(), role: r.number() as OrganisationRole };
    case CommandKind.REMOVE_ORGANISATION_MEMBER:
      return { kind: CommandKind.REMOVE_ORGANISATION_MEMBER, actor: r.number(), organisationId: r.number(), memberAccountId: r.number() };
    case CommandKind.MOVE_ORGANISATION_FUNDS:
      return { kind: CommandKind.MOVE_ORGANISATION_FUNDS, actor: r.number(), organisationId: r.number(), toOrganisation: r.bool(), amountMicros: r.number() };
    case CommandKind.INVITE_ORGANISATION_MEMBER:
      return { kind: CommandKind.INVITE_ORGANISATION_MEMBER, actor: r.number(), organisationId: r.number(), inviteeAccountId: r.number(), role: r.number() as OrganisationRole };
    case CommandKind.ACCEPT_ORGANISATION_INVITATION:
    case CommandKind.DECLINE_ORGANISATION_INVITATION:
    case CommandKind.REVOKE_ORGANISATION_INVITATION:
      return { kind, actor: r.number(), invitationId: r.number() };
    case CommandKind.ARM_CANCEL_ON_DISCONNECT:
      return { kind: CommandKind.ARM_CANCEL_ON_DISCONNECT, actor: r.number(), accountId: r.number() };
    case CommandKind.END_CANCEL_ON_DISCONNECT:
      return { kind: CommandKind.END_CANCEL_ON_DISCONNECT, actor: r.number(), accountId: r.number(), sessions: r.number(), massCancel: r.bool() };
    case CommandKind.SWEEP_FEES:
      return { kind: CommandKind.SWEEP_FEES, actor: r.number(), treasuryAccountId: r.number(), feeRecipient: r.string(), amountMicros: r.number() };
    case CommandKind.NOTE_OPERATOR_ACTION:
      return { kind: CommandKind.NOTE_OPERATOR_ACTION, actor: r.number(), action: r.u8() as OperatorAction, by: r.string(), detail: r.string() };
    default:
      throw new BinaryReadError(`unknown command kind ${kind}`, start);
  }
}

function decodeNewOrder(r: BinaryReader): NewOrder {
  return {
    kind: CommandKind.NEW_ORDER,
    actor: r.number(),
    seriesId: r.number(),
    clientOrderId: r.number(),
    side: r.number() as Side,
    orderType: r.number() as OrderType,
    tif: r.number() as TimeInForce,
    priceMicros: r.number(),
    qty: r.number(),
    expireAtMs: r.number(),
    postOnly: r.bool(),
    stp: r.number() as SelfTradePrevention,
  };
}

function decodeListSeries(r: BinaryReader): ListSeries {
  const cmd: ListSeries = {
    kind: CommandKind.LIST_SERIES,
    actor: r.number(),
    contract: r.string(),
    seriesKind: r.number() as SeriesKind,
    openAtMs: r.number(),
    closeAtMs: r.number(),
    tickMicros: r.number(),
    lotSize: r.number(),
    minPriceMicros: r.number(),
    maxPriceMicros: r.number(),
    maxOrderQty: r.number(),
    bandBps: r.number(),
  };
  if (cmd.seriesKind === SeriesKind.CALL || cmd.seriesKind === SeriesKind.PUT) cmd.strikeMicros = r.number();
  return cmd;
}

function decodeRecordSettlement(r: BinaryReader): RecordSettlement {
  const actor = r.number();
  const batchId = r.number();
  const throughSeq = r.number();
  const txHash = r.string();
  const count = r.u16();
  const withdrawalIds = new Array<number>(count);
  for (let i = 0; i < count; i++) withdrawalIds[i] = r.number();
  return { kind: CommandKind.RECORD_SETTLEMENT, actor, batchId, throughSeq, txHash, withdrawalIds };
}

function decodeMassQuote(r: BinaryReader): MassQuote {
  return {
    kind: CommandKind.MASS_QUOTE,
    actor: r.number(),
    seriesId: r.number(),
    bids: decodeLadder(r),
    asks: decodeLadder(r),
    referencePriceMicros: r.number(),
  };
}

function decodeLadder(r: BinaryReader): QuoteLadder {
  const priceCount = r.u16();
  const qtyCount = r.u16();
  const priceMicros = new Array<number>(priceCount);
  for (let i = 0; i < priceCount; i++) priceMicros[i] = r.number();
  const qty = new Array<number>(qtyCount);
  for (let i = 0; i < qtyCount; i++) qty[i] = r.number();
  return { priceMicros, qty };
}
