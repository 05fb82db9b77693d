/**
 * The hand-written ack and report encoder (src/gateway/ack-frames.ts) against
 * an obviously correct reference: the same frames built as message objects and
 * encoded by protobufjs from proto/patx.proto. Every command of a random
 * workload (orders, cancels, fills, rejects), plus withdrawals, exercises and
 * refused commands, must decode to the same ServerFrame both ways, for the
 * sender and for every other account its events concern.
 */
import { describe, expect, it } from 'vitest';
import { generateWorkload } from '../../bench/workload.js';
import {
  CommandKind,
  EmbeddedEngine,
  EventType,
  executionReports,
  RejectReason,
  Side,
  SubscriptionDelivery,
  SubscriptionTrigger,
  WEI_PER_MICRO,
  type Command,
  type CommandResult,
  type EngineEvent,
  type ExecutionReport,
} from '../../src/engine/index.js';
import { encodeCommandAckFrame, encodeExecutionReportFrame } from '../../src/gateway/ack-frames.js';
import { concerns, EXEC_TYPE, ORD_STATUS } from '../../src/gateway/reports.js';
import { wire, type patx } from '../../src/proto/index.js';

function referenceReport(r: ExecutionReport, e: EngineEvent, timeMs: number): patx.v1.IExecutionReport {
  return {
    seq: r.seq,
    execType: EXEC_TYPE[r.execType],
    ordStatus: ORD_STATUS[r.ordStatus],
    orderId: r.orderId,
    clientOrderId: r.clientOrderId,
    seriesId: r.seriesId,
    orderQty: r.orderQty,
    cumQty: r.cumQty,
    leavesQty: r.leavesQty,
    lastQty: r.lastQty,
    lastPriceMicros: r.lastPriceMicros,
    canceledQty: r.canceledQty,
    rejectReason: r.rejectReason,
    tradeId: e.type === EventType.FILL ? e.tradeId : 0,
    timeMs,
    side: r.side,
    priceMicros: r.priceMicros,
  };
}

function referenceAck(requestId: number, result: CommandResult, accountId: number): Uint8Array {
  const reports: patx.v1.IExecutionReport[] = [];
  const ack: patx.v1.ICommandAck = { seq: result.seq, timeMs: result.timeMs, reports };
  for (const e of result.events) {
    if (e.type === EventType.COMMAND_REJECTED || e.type === EventType.ORDER_REJECTED) ack.rejectReason = e.reason;
    else if (e.type === EventType.WITHDRAWAL_REQUESTED) ack.withdrawalId = e.withdrawalId;
    else if (e.type === EventType.RIGHTS_EXERCISED) ack.exerciseId = e.exerciseId;
    else if (e.type === EventType.SUBSCRIPTION_CREATED || e.type === EventType.SUBSCRIPTION_STATUS_CHANGED) ack.subscriptionId = e.subscriptionId;
    if (!concerns(e, accountId)) continue;
    for (const r of executionReports(e)) if (r.accountId === accountId) reports.push(referenceReport(r, e, result.timeMs));
  }
  return wire.ServerFrame.encode({ requestId, commandAck: ack }).finish();
}

const REPORT_FIELDS = ['seq', 'execType', 'ordStatus', 'orderId', 'clientOrderId', 'seriesId', 'orderQty', 'cumQty', 'leavesQty', 'lastQty', 'lastPriceMicros', 'canceledQty', 'rejectReason', 'tradeId', 'timeMs'] as const;
const ACK_FIELDS = ['seq', 'timeMs', 'rejectReason', 'withdrawalId', 'exerciseId', 'subscriptionId'] as const;

function pick(message: object, fields: readonly string[]): Record<string, unknown> {
  // A field left out decodes to its default (0), as one written as 0 does.
  return Object.fromEntries(fields.map((f) => [f, (message as Record<string, unknown>)[f] ?? 0]));
}

/** Every field of the frame, present or defaulted, so leaving out zeros and writing them compare equal. */
function decoded(bytes: Uint8Array): Record<string, unknown> {
  const frame = wire.ServerFrame.decode(bytes);
  const ack = frame.commandAck;
  return {
    requestId: frame.requestId ?? 0,
    body: frame.body,
    commandAck: ack == null ? null : { ...pick(ack, ACK_FIELDS), reports: (ack.reports ?? []).map((r) => pick(r, REPORT_FIELDS)) },
    executionReport: frame.executionReport == null ? null : pick(frame.executionReport, REPORT_FIELDS),
  };
}

/**
 * Runs commands on a fresh engine, checking every ack and unsolicited report frame they produce.
 * Like the sequencer, it hands the encoder each command's events as a range of one list that
 * runs on across commands (a turn's), so the encoder must keep to its range.
 */
function checkFrames(engine: EmbeddedEngine, commands: readonly Command[], firstRequestId: number): { acks: Array<Record<string, unknown>>; reports: number } {
  const acks: Array<Record<string, unknown>> = [];
  let reports = 0;
  const turnEvents: EngineEvent[] = [];
  commands.forEach((cmd, i) => {
    if (i % 7 === 0) turnEvents.length = 0;
    const from = turnEvents.length;
    engine.submitInto(cmd, turnEvents);
    const events = turnEvents.slice(from);
    const result: CommandResult = { seq: engine.engine.lastSeq, timeMs: engine.nowMs, events };
    // Request ids across the varint widths: 1, 2 and 3+ bytes.
    const requestId = (firstRequestId + i * 997) % 2 ** 32;
    const ack = decoded(encodeCommandAckFrame(requestId, { seq: result.seq, timeMs: result.timeMs, events: turnEvents, from, to: turnEvents.length }, cmd.actor));
    expect(ack, `ack of command ${i}`).toEqual(decoded(referenceAck(requestId, result, cmd.actor)));
    acks.push(ack.commandAck as Record<string, unknown>);
    for (const e of events) {
      for (const r of executionReports(e)) {
        const expected = wire.ServerFrame.encode({ executionReport: referenceReport(r, e, result.timeMs) }).finish();
        expect(decoded(encodeExecutionReportFrame(r, e, result.timeMs))).toEqual(decoded(expected));
        reports++;
      }
    }
  });
  return { acks, reports };
}

describe('hand-encoded ack and report frames', () => {
  it('decode exactly as protobufjs encodes the same frames, over a random workload', () => {
    const { setup, ops } = generateWorkload(3_000, 7);
    const engine = new EmbeddedEngine({}, Date.UTC(2026, 10, 16));
    const counts = checkFrames(engine, [...setup, ...ops], 1);
    expect(counts.acks).toHaveLength(setup.length + ops.length);
    expect(counts.reports).toBeGreaterThan(1_000);
  });

  it("name each order's side and limit: a fill's maker the opposite of the taker's side at the trade's price, its taker no limit", () => {
    const fill = { type: EventType.FILL, seq: 9, seriesId: 3, tradeId: 1, priceMicros: 870_000, qty: 2, takerSide: Side.BUY, makerOrderId: 5, makerAccountId: 7, makerClientOrderId: 0, makerOrderQty: 4, makerCumQty: 2, makerLeavesQty: 2, takerOrderId: 6, takerAccountId: 8, takerClientOrderId: 0, takerOrderQty: 2, takerCumQty: 2, takerLeavesQty: 0 } as EngineEvent;
    expect(executionReports(fill).map((r) => [r.accountId, r.side, r.priceMicros])).toEqual([
      [7, Side.SELL, 870_000],
      [8, Side.BUY, 0],
    ]);
  });

  it('carry withdrawal and exercise ids and the reason a command was refused', () => {
    const { setup } = generateWorkload(10, 3);
    const engine = new EmbeddedEngine({}, Date.UTC(2026, 10, 16));
    for (const cmd of setup) engine.submitInto(cmd, []);
    const consumer = 2;
    const commands: Command[] = [
      { kind: CommandKind.REQUEST_WITHDRAWAL, actor: consumer, amountWei: 5n * WEI_PER_MICRO },
      { kind: CommandKind.REQUEST_WITHDRAWAL, actor: consumer, amountWei: 10n ** 40n }, // more than the account has
      { kind: CommandKind.CANCEL_ORDER, actor: consumer, orderId: 123_456, clientOrderId: 0 }, // no such order
      { kind: CommandKind.EXERCISE, actor: consumer, seriesId: 1, qty: 1 }, // holds no rights
    ];
    const { acks } = checkFrames(engine, commands, 300_000);
    expect(acks.map((a) => [a.withdrawalId !== 0, a.rejectReason !== 0])).toEqual([
      [true, false],
      [false, true],
      [false, true],
      [false, true],
    ]);
  });

  it('carry the id of the subscription made, cancelled or resumed', () => {
    const { setup } = generateWorkload(10, 3);
    const engine = new EmbeddedEngine({}, Date.UTC(2026, 10, 16));
    for (const cmd of setup) engine.submitInto(cmd, []);
    const consumer = 2;
    const contract = engine.engine.series[1]!.spec.contract;
    const commands: Command[] = [
      {
        kind: CommandKind.SUBSCRIBE, actor: consumer, contract, qtyPerWindow: 2, capPriceMicros: 1_000_000, budgetMicros: 10_000_000, trigger: SubscriptionTrigger.ON_OPEN,
        autoExercise: true, maxSkips: 3, includeCurrent: false, delivery: SubscriptionDelivery.PULL, webhookUrl: '', pushAuthorisation: '',
      },
      { kind: CommandKind.RESUME_SUBSCRIPTION, actor: consumer, subscriptionId: 1 }, // not paused
      { kind: CommandKind.CANCEL_SUBSCRIPTION, actor: consumer, subscriptionId: 1 },
      { kind: CommandKind.CANCEL_SUBSCRIPTION, actor: consumer, subscriptionId: 1 }, // gone
    ];
    const { acks } = checkFrames(engine, commands, 400_000);
    expect(acks.map((a) => [a.subscriptionId, a.rejectReason])).toEqual([
      [1, 0],
      [0, RejectReason.NOT_PAUSED],
      [1, 0],
      [0, RejectReason.UNKNOWN_SUBSCRIPTION],
    ]);
  });

  it('writes lengths of 128 bytes and more (long acks) and 64-bit ids above 2^32', () => {
    const result: CommandResult = { seq: 2 ** 40, timeMs: 2 ** 45, events: [] };
    const fills: EngineEvent[] = [];
    for (let i = 0; i < 12; i++) {
      fills.push({
        type: EventType.FILL, seq: 2 ** 40, seriesId: 9, tradeId: 2 ** 50 + i, priceMicros: 1_999_000, qty: 3, takerSide: 0,
        makerOrderId: 2 ** 33 + i, makerAccountId: 5, makerClientOrderId: 2 ** 52, makerOrderQty: 100, makerCumQty: 3 * (i + 1), makerLeavesQty: 100 - 3 * (i + 1),
        takerOrderId: 2 ** 34, takerAccountId: 6, takerClientOrderId: 7, takerOrderQty: 36, takerCumQty: 3 * (i + 1), takerLeavesQty: 36 - 3 * (i + 1),
      } as unknown as EngineEvent);
    }
    const long = { ...result, events: fills };
    const bytes = encodeCommandAckFrame(2 ** 31, { seq: long.seq, timeMs: long.timeMs, events: fills, from: 0, to: fills.length }, 6);
    expect(bytes.length).toBeGreaterThan(300);
    expect(decoded(bytes)).toEqual(decoded(referenceAck(2 ** 31, long, 6)));
  });
});
