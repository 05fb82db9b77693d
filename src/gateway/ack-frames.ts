/**
 * The frames every order produces, encoded by hand: ServerFrame{request_id,
 * command_ack} for the sender and ServerFrame{execution_report} for the other
 * sessions of an account. protobufjs's encoder needs a message object tree
 * and allocates an op per field (and a LongBits per 64-bit field), which made
 * the acks the gateway's largest source of garbage; this writes varints from
 * the engine's results straight into a reused buffer and allocates only the
 * frame's bytes. The layout is proto/patx.proto's; fields at their default
 * value (0) are left out, as proto3 allows. test/gateway/ack-frames.test.ts
 * checks every frame against protobufjs over a random workload.
 */
import { EventType, executionReports, type CommandResult, type EngineEvent, type ExecutionReport } from '../engine/index.js';
import { EXEC_TYPE, ORD_STATUS, concerns } from './reports.js';

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;
/** ServerFrame fields. */
const FRAME_REQUEST_ID = 1;
const FRAME_COMMAND_ACK = 20;
const FRAME_EXECUTION_REPORT = 21;
/** CommandAck fields. */
const ACK_SEQ = 1;
const ACK_TIME_MS = 2;
const ACK_REJECT_REASON = 3;
const ACK_REPORTS = 4;
const ACK_WITHDRAWAL_ID = 5;
const ACK_EXERCISE_ID = 6;

/** Varints into a growable buffer, with length-delimited fields whose length is patched in after the body. */
class FrameWriter {
  private buf = new Uint8Array(4_096);
  private pos = 0;
  /** Start positions of the bodies of open length-delimited fields. */
  private readonly open: number[] = [];

  reset(): void {
    this.pos = 0;
    this.open.length = 0;
  }

  /** A copy of the frame written (from Node's buffer pool when small: no external memory per frame). */
  bytes(): Uint8Array {
    const out = Buffer.allocUnsafe(this.pos);
    out.set(this.buf.subarray(0, this.pos));
    return out;
  }

  /** A non-negative safe integer (every PATX id, quantity, price and time), or a negative one as two's complement int64. */
  private varint(value: number): void {
    if (this.pos + 10 > this.buf.length) this.grow();
    if (value < 0) return this.negativeVarint(value);
    while (value >= 0x80) {
      this.buf[this.pos++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.buf[this.pos++] = value;
  }

  private negativeVarint(value: number): void {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
  }

  /** A varint field; 0 is the default and is not written. */
  field(fieldNumber: number, value: number): void {
    if (value === 0) return;
    this.varint((fieldNumber << 3) | WIRE_VARINT);
    this.varint(value);
  }

  /** Opens a length-delimited field; its length is written by the matching `end`. */
  begin(fieldNumber: number): void {
    this.varint((fieldNumber << 3) | WIRE_LENGTH_DELIMITED);
    this.varint(0); // one byte, room for a length < 128; `end` widens it if needed
    this.open.push(this.pos);
  }

  end(): void {
    const start = this.open.pop()!;
    const length = this.pos - start;
    if (length < 0x80) {
      this.buf[start - 1] = length;
      return;
    }
    let extra = 0;
    for (let v = length; v >= 0x80; v = Math.floor(v / 0x80)) extra++;
    if (this.pos + extra > this.buf.length) this.grow();
    this.buf.copyWithin(start + extra, start, this.pos);
    this.pos = start - 1;
    this.varint(length);
    this.pos = start + extra + length;
  }

  private grow(): void {
    const bigger = new Uint8Array(this.buf.length * 2);
    bigger.set(this.buf.subarray(0, this.pos));
    this.buf = bigger;
  }
}

/** One writer for the process: the engine thread encodes one frame at a time, start to finish. */
const writer = new FrameWriter();

function writeReport(w: FrameWriter, r: ExecutionReport, tradeId: number, timeMs: number): void {
  w.field(1, r.seq);
  w.field(2, EXEC_TYPE[r.execType]);
  w.field(3, ORD_STATUS[r.ordStatus]);
  w.field(4, r.orderId);
  w.field(5, r.clientOrderId);
  w.field(6, r.seriesId);
  w.field(7, r.orderQty);
  w.field(8, r.cumQty);
  w.field(9, r.leavesQty);
  w.field(10, r.lastQty);
  w.field(11, r.lastPriceMicros);
  w.field(12, r.canceledQty);
  w.field(13, r.rejectReason);
  w.field(14, tradeId);
  w.field(15, timeMs);
}

function tradeIdOf(e: EngineEvent): number {
  return e.type === EventType.FILL ? e.tradeId : 0;
}

/** The sender's CommandAck: the command's seq and time, why it was refused, and the reports on the sender's own orders. */
export function encodeCommandAckFrame(requestId: number, result: CommandResult, accountId: number): Uint8Array {
  let rejectReason = 0;
  let withdrawalId = 0;
  let exerciseId = 0;
  for (const e of result.events) {
    if (e.type === EventType.COMMAND_REJECTED || e.type === EventType.ORDER_REJECTED) rejectReason = e.reason;
    else if (e.type === EventType.WITHDRAWAL_REQUESTED) withdrawalId = e.withdrawalId;
    else if (e.type === EventType.RIGHTS_EXERCISED) exerciseId = e.exerciseId;
  }
  const w = writer;
  w.reset();
  w.field(FRAME_REQUEST_ID, requestId);
  w.begin(FRAME_COMMAND_ACK);
  w.field(ACK_SEQ, result.seq);
  w.field(ACK_TIME_MS, result.timeMs);
  w.field(ACK_REJECT_REASON, rejectReason);
  for (const e of result.events) {
    if (!concerns(e, accountId)) continue;
    for (const r of executionReports(e)) {
      if (r.accountId !== accountId) continue;
      w.begin(ACK_REPORTS);
      writeReport(w, r, tradeIdOf(e), result.timeMs);
      w.end();
    }
  }
  w.field(ACK_WITHDRAWAL_ID, withdrawalId);
  w.field(ACK_EXERCISE_ID, exerciseId);
  w.end();
  return w.bytes();
}

/** An unsolicited ExecutionReport frame (request id 0). */
export function encodeExecutionReportFrame(r: ExecutionReport, e: EngineEvent, timeMs: number): Uint8Array {
  const w = writer;
  w.reset();
  w.begin(FRAME_EXECUTION_REPORT);
  writeReport(w, r, tradeIdOf(e), timeMs);
  w.end();
  return w.bytes();
}
