/**
 * Fees on the wire (docs/fees.md): a fill that charged fees reaches each side as an
 * ExecutionReport with `fee_micros` (field 16, added: no field renumbered), in the command's
 * ack and as an unsolicited report, decoded by protobufjs from proto/patx.proto; a fill under
 * the default schedule encodes to the very bytes it did before the field existed.
 */
import { describe, expect, it } from 'vitest';
import { CommandKind, EventType, executionReports, TimeInForce, type EngineEvent } from '../../src/engine/index.js';
import { encodeCommandAckFrame, encodeExecutionReportFrame } from '../../src/gateway/ack-frames.js';
import { EXEC_TYPE, ORD_STATUS } from '../../src/gateway/reports.js';
import { feeMicros } from '../../src/risk/index.js';
import { wire } from '../../src/proto/index.js';
import { createFixture, type EngineFixture } from '../support/engine-fixture.js';

function fillOf(events: EngineEvent[]): Extract<EngineEvent, { type: typeof EventType.FILL }> {
  const f = events.find((e) => e.type === EventType.FILL);
  if (f === undefined || f.type !== EventType.FILL) throw new Error('no fill');
  return f;
}

/** The consumer takes 3 of the broker's ask at 1.001 PAT. */
function trade(fx: EngineFixture): EngineEvent[] {
  fx.sell(fx.broker, 1_001_000, 3);
  return fx.buy(fx.consumers[0]!, 1_001_000, 3, { tif: TimeInForce.IOC });
}

describe('fees in ExecutionReport frames', () => {
  it('each side\'s report carries the fee it paid, in the ack and unsolicited', () => {
    const fx = createFixture();
    fx.submit({ kind: CommandKind.SET_PARAM, actor: fx.operator, name: 'fee.takerBps:SPOT', value: 7 });
    const events = trade(fx);
    const f = fillOf(events);
    const fee = feeMicros(3 * 1_001_000, 7);
    expect(f.takerFeeMicros).toBe(fee);

    const consumer = fx.consumers[0]!;
    const ack = wire.ServerFrame.decode(encodeCommandAckFrame(5, { seq: 9, timeMs: 1_000, events, from: 0, to: events.length }, consumer));
    const report = ack.commandAck!.reports!.find((r) => Number(r.execType) === EXEC_TYPE.Trade)!;
    expect(Number(report.feeMicros)).toBe(fee);
    expect(Number(report.lastQty)).toBe(3);

    const [makerReport] = executionReports(f).filter((r) => r.accountId === fx.broker);
    expect(makerReport!.feeMicros).toBe(0); // the broker pays none
    const unsolicited = wire.ServerFrame.decode(encodeExecutionReportFrame(executionReports(f).find((r) => r.accountId === consumer)!, f, 1_000));
    expect(Number(unsolicited.executionReport!.feeMicros)).toBe(fee);
  });

  it('under the default schedule a report is the bytes protobufjs gives without the field', () => {
    const fx = createFixture();
    const events = trade(fx);
    const f = fillOf(events);
    const r = executionReports(f).find((x) => x.accountId === fx.consumers[0])!;
    expect(r.feeMicros).toBe(0);
    const bytes = encodeExecutionReportFrame(r, f, 1_000);
    const reference = wire.ServerFrame.encode({
      executionReport: {
        seq: r.seq, execType: EXEC_TYPE[r.execType], ordStatus: ORD_STATUS[r.ordStatus], orderId: r.orderId, clientOrderId: r.clientOrderId,
        seriesId: r.seriesId, orderQty: r.orderQty, cumQty: r.cumQty, leavesQty: r.leavesQty, lastQty: r.lastQty, lastPriceMicros: r.lastPriceMicros,
        tradeId: f.tradeId, timeMs: 1_000, side: r.side, priceMicros: r.priceMicros,
      },
    }).finish();
    expect(Buffer.from(bytes).equals(Buffer.from(reference))).toBe(true);
  });
});
