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
 *
 * The kinds that are a flat row of fields are written from one table (command-layouts.ts) that
 * both directions read; this file writes out the order path's kinds (on the hot path), and those
 * with lists or an optional field.
 */

import { BinaryReadError, BinaryReader, BinaryWriteError, BinaryWriter } from './binary.js';
import {
  CommandKind,
  type Command,
  type ListSeries,
  type MassQuote,
  type MassCancelScope,
  type NewOrder,
  type OrderType,
  type QuoteLadder,
  type RecordSettlement,
  type SelfTradePrevention,
  SeriesKind,
  type Side,
  type TimeInForce,
} from '../core/commands.js';
import { decodeRow, encodeRow, isRowKind } from './command-layouts.js';
import { decodeTierCommand, encodeTierCommand } from './tier-command-codec.js';

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
    case CommandKind.LIST_SERIES:
      return encodeListSeries(cmd, out);
    case CommandKind.RECORD_SETTLEMENT:
      return encodeRecordSettlement(cmd, out);
    case CommandKind.SET_LISTING_TIERS:
    case CommandKind.SUBSCRIBE_TIER:
    case CommandKind.SUBSCRIBE_TIER_PUSH:
    case CommandKind.CANCEL_TIER_SUBSCRIPTION:
    case CommandKind.BUY_BUNDLE:
      return encodeTierCommand(cmd, out);
    default:
      return encodeRow(cmd, out);
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
    case CommandKind.LIST_SERIES:
      return decodeListSeries(r);
    case CommandKind.RECORD_SETTLEMENT:
      return decodeRecordSettlement(r);
    case CommandKind.SET_LISTING_TIERS:
    case CommandKind.SUBSCRIBE_TIER:
    case CommandKind.SUBSCRIBE_TIER_PUSH:
    case CommandKind.CANCEL_TIER_SUBSCRIPTION:
    case CommandKind.BUY_BUNDLE:
      return decodeTierCommand(kind, r);
    default:
      if (isRowKind(kind)) return decodeRow(kind, r);
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
