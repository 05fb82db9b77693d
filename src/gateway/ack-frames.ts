/**
 * The frames every order produces, encoded by hand (src/proto/frame-writer.ts says why):
 * ServerFrame{request_id, command_ack} for the sender and
 * ServerFrame{execution_report} for the other sessions of an account, written
 * from the engine's results with no message objects in between. The layout is
 * proto/patx.proto's; test/gateway/ack-frames.test.ts checks every frame
 * against protobufjs over a random workload.
 */
import { EventType, executionReportsInto, type EngineEvent, type ExecutionReport } from '../engine/index.js';
import { frameWriter, type FrameWriter } from '../proto/index.js';
import type { SignedGrant } from '../grants/grant.js';
import { EXEC_TYPE, ORD_STATUS, concerns } from './reports.js';

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
const ACK_GRANTS = 7;
const ACK_SUBSCRIPTION_ID = 8;

function writeGrant(w: FrameWriter, g: SignedGrant): void {
  const a = g.grant;
  w.field(1, a.grantId);
  w.stringField(2, a.consumer);
  w.stringField(3, a.provider);
  w.field(4, a.listingId);
  w.field(5, a.listingVersion);
  w.field(6, a.seriesId);
  w.field(7, a.windowOpenMs);
  w.field(8, a.windowCloseMs);
  w.field(9, a.quantity);
  w.field(10, a.expiresAtMs);
  w.field(11, a.nonce);
  w.bytesField(12, Buffer.from(g.signature.slice(2), 'hex'));
}

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
  w.field(16, r.feeMicros); // absent when 0 (proto3 default): a fee-free report keeps its bytes
  w.field(17, r.side);
  w.field(18, r.priceMicros);
}

/** Reused for every ack (executionReportsInto): no report objects per order. */
const reports: ExecutionReport[] = [];

function tradeIdOf(e: EngineEvent): number {
  return e.type === EventType.FILL ? e.tradeId : 0;
}

/** A journaled command as its sender hears of it: its events are `events[from..to)` (CommandSender.acked's arguments). */
export interface AckedCommand {
  seq: number;
  timeMs: number;
  events: readonly EngineEvent[];
  from: number;
  to: number;
}

/** Most acks carry no grants: one empty list for all of them, not one per order. */
export const NO_GRANTS: readonly SignedGrant[] = [];

/**
 * The sender's CommandAck: the command's seq and time, why it was refused, the reports on
 * the sender's own orders, for an exercise the signed access grants (`grants`), and for a
 * subscription's creation, cancel or resume the subscription's id.
 */
export function encodeCommandAckFrame(requestId: number, acked: AckedCommand, accountId: number, grants: readonly SignedGrant[] = NO_GRANTS): Uint8Array {
  return writeCommandAckFrame(requestId, acked, accountId, grants).bytes();
}

/** The same frame, left in the shared frameWriter (valid until its next reset): for SocketEndpoint.sendWritten, no copy of its own. */
export function writeCommandAckFrame(requestId: number, acked: AckedCommand, accountId: number, grants: readonly SignedGrant[]): FrameWriter {
  const { events, from, to } = acked;
  let rejectReason = 0;
  let withdrawalId = 0;
  let exerciseId = 0;
  let subscriptionId = 0;
  for (let k = from; k < to; k++) {
    const e = events[k]!;
    if (e.type === EventType.COMMAND_REJECTED || e.type === EventType.ORDER_REJECTED) rejectReason = e.reason;
    else if (e.type === EventType.WITHDRAWAL_REQUESTED) withdrawalId = e.withdrawalId;
    else if (e.type === EventType.RIGHTS_EXERCISED) exerciseId = e.exerciseId;
    else if (e.type === EventType.SUBSCRIPTION_CREATED || e.type === EventType.SUBSCRIPTION_STATUS_CHANGED) subscriptionId = e.subscriptionId;
  }
  const w = frameWriter;
  w.reset();
  w.field(FRAME_REQUEST_ID, requestId);
  w.begin(FRAME_COMMAND_ACK);
  w.field(ACK_SEQ, acked.seq);
  w.field(ACK_TIME_MS, acked.timeMs);
  w.field(ACK_REJECT_REASON, rejectReason);
  for (let k = from; k < to; k++) {
    const e = events[k]!;
    if (!concerns(e, accountId)) continue;
    const n = executionReportsInto(e, reports);
    for (let i = 0; i < n; i++) {
      const r = reports[i]!;
      if (r.accountId !== accountId) continue;
      w.begin(ACK_REPORTS);
      writeReport(w, r, tradeIdOf(e), acked.timeMs);
      w.end();
    }
  }
  w.field(ACK_WITHDRAWAL_ID, withdrawalId);
  w.field(ACK_EXERCISE_ID, exerciseId);
  for (const g of grants) {
    w.begin(ACK_GRANTS);
    writeGrant(w, g);
    w.end();
  }
  w.field(ACK_SUBSCRIPTION_ID, subscriptionId);
  w.end();
  return w;
}

/** An unsolicited ExecutionReport frame (request id 0). */
export function encodeExecutionReportFrame(r: ExecutionReport, e: EngineEvent, timeMs: number): Uint8Array {
  const w = frameWriter;
  w.reset();
  w.begin(FRAME_EXECUTION_REPORT);
  writeReport(w, r, tradeIdOf(e), timeMs);
  w.end();
  return w.bytes();
}
