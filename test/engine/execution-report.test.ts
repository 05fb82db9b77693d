import { describe, expect, it } from 'vitest';
import { generateWorkload, WORKLOAD_START_MS } from '../../bench/workload.js';
import { EmbeddedEngine, executionReports, executionReportsInto, OrdStatus, type EngineEvent, type ExecutionReport } from '../../src/engine/index.js';

const DONE = new Set<string>([OrdStatus.FILLED, OrdStatus.CANCELED, OrdStatus.EXPIRED, OrdStatus.REJECTED]);

describe('execution reports', () => {
  const { setup, ops } = generateWorkload(20_000, 11);
  const engine = new EmbeddedEngine({}, WORKLOAD_START_MS);
  const events: EngineEvent[] = [];
  for (const cmd of [...setup, ...ops]) engine.submitInto(cmd, events);
  const reports: ExecutionReport[] = events.flatMap(executionReports);

  it('cover every order event, and a fill reports both sides', () => {
    const fills = events.filter((e) => e.type === 3).length;
    expect(fills).toBeGreaterThan(100);
    expect(reports.filter((r) => r.execType === 'Trade')).toHaveLength(2 * fills);
    for (const status of Object.values(OrdStatus)) {
      if (status === OrdStatus.EXPIRED) continue; // no GTD orders in this workload
      expect(reports.some((r) => r.ordStatus === status)).toBe(true);
    }
  });

  it('written into reused objects (executionReportsInto), they are the same reports', () => {
    const reused: ExecutionReport[] = [];
    const written: ExecutionReport[] = [];
    for (const e of events) {
      const n = executionReportsInto(e, reused);
      for (let i = 0; i < n; i++) written.push({ ...reused[i]! });
    }
    expect(written).toEqual(reports);
    expect(reused).toHaveLength(2); // a fill's two reports, reused ever after
  });

  it('OrderQty = CumQty + LeavesQty on every report', () => {
    for (const r of reports) expect(r.orderQty).toBe(r.cumQty + r.leavesQty);
  });

  it('each order starts New, its trades add up to CumQty, and nothing follows its final state', () => {
    const byOrder = new Map<number, ExecutionReport[]>();
    for (const r of reports) {
      if (r.orderId === 0) continue; // rejected before it had an id
      const list = byOrder.get(r.orderId) ?? [];
      list.push(r);
      byOrder.set(r.orderId, list);
    }
    let finished = 0;
    for (const [orderId, list] of byOrder) {
      expect(list[0]!.execType, `order ${orderId}`).toBe('New');
      let traded = 0;
      let cum = 0;
      list.forEach((r, i) => {
        traded += r.lastQty;
        expect(r.cumQty).toBe(traded);
        expect(r.cumQty).toBeGreaterThanOrEqual(cum);
        cum = r.cumQty;
        if (DONE.has(r.ordStatus)) expect(i, `order ${orderId} reported after ${r.ordStatus}`).toBe(list.length - 1);
      });
      const last = list[list.length - 1]!;
      if (DONE.has(last.ordStatus)) {
        finished++;
        expect(last.leavesQty).toBe(0);
      } else {
        expect(engine.engine.orders.get(orderId)?.leavesQty).toBe(last.leavesQty); // still resting, as reported
      }
    }
    expect(finished).toBeGreaterThan(1000);
  });
});
