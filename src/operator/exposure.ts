/**
 * The broker's book of risk for the operator (`patx exposure`): its PAT, and per
 * live series and per window group (segment × window length × kind) the rights it holds,
 * its open bids, and the long that the engine's exposure checks count, against the
 * limits in force (risk.brokerMaxLongSeries, risk.brokerMaxLongWindow; 0 = off). In a
 * forward it may also be short (sold forward beyond what it bought: rights it must
 * deliver at the open), against risk.brokerMaxForwardShort(Window), with the sale
 * proceeds in escrow and the collateral it posted (docs/forwards.md). In a synthetic
 * (phase 3) it holds a signed cash-settled position: its cost, the latest mark, its P&L
 * at the mark, the margin it locks and the maintenance it must keep (docs/synthetics.md).
 * Read from the engine the same way the pre-trade check reads it (src/engine/core/pre-trade-risk.ts,
 * checkAddedLong), so what this shows is what the next order is checked against.
 */
import { enumName, formatPat, microsToWei, parseContractKey, SeriesKind, SeriesStatus, type Engine } from '../engine/index.js';

export interface SeriesExposure {
  seriesId: number;
  series: string;
  /** SPOT, FORWARD, SYNTHETIC, CALL or PUT. */
  kind: string;
  status: string;
  /** Rights the broker holds (available + held by its asks). */
  rights: number;
  /** Rights its resting bids would add. */
  openBuyQty: number;
  /** rights + openBuyQty: what the series limit counts. */
  long: number;
  limit: number;
  /** long / limit in percent; null when the limit is off. */
  usedPct: number | null;
  /** Forwards only: rights sold forward beyond what it holds, its limit, and its escrowed proceeds and posted collateral (PAT). */
  forward?: { short: number; shortLimit: number; shortUsedPct: number | null; escrow: string; collateral: string };
  /** Synthetics only: the signed position (units), its cost, the latest mark (PAT; 0 before the first), P&L at the mark, margin locked and the maintenance at the mark. */
  synthetic?: { position: number; cost: string; mark: string; markAtMs: number; pnlAtMark: string; locked: string; maintenance: string };
  /** Calls and puts only: the strike, the signed position (− written), the latest index mark (PAT; 0 before the first), the position's value at it, and the writing margin locked. */
  option?: { right: 'CALL' | 'PUT'; strike: string; position: number; mark: string; markAtMs: number; valueAtMark: string; locked: string };
}

export interface WindowExposure {
  /** Segment and window length, e.g. AUTO_INTENT|7D; forwards' groups end in " forward". */
  group: string;
  series: number[];
  long: number;
  limit: number;
  usedPct: number | null;
  /** Forward groups: the short over the group against risk.brokerMaxForwardShortWindow. */
  short?: number;
  shortLimit?: number;
  shortUsedPct?: number | null;
}

export interface ExposureReport {
  brokerAccountId: number;
  /** held: by open orders (bids, forward sales' collateral, synthetic orders' margin); locked: in forward positions until delivery and as synthetic positions' margin. */
  pat: { available: string; held: string; locked: string };
  series: SeriesExposure[];
  windows: WindowExposure[];
}

function used(long: number, limit: number): number | null {
  return limit === 0 ? null : Math.round((long / limit) * 10_000) / 100;
}

export function exposureReport(engine: Engine): ExposureReport {
  const broker = engine.accounts[engine.brokerId];
  const { brokerMaxLongSeries, brokerMaxLongWindow } = engine.risk;
  const series: SeriesExposure[] = [];
  const windows = new Map<string, WindowExposure>();
  for (const s of engine.series) {
    if (s === undefined || s.status === SeriesStatus.EXPIRED) continue;
    const p = broker?.positions.get(s.id);
    const rights = p === undefined ? 0 : p.available + p.held;
    const openBuyQty = p?.openBuyQty ?? 0;
    // A forward short counts nothing toward the long (the engine checks it apart).
    const long = Math.max(0, rights) + openBuyQty;
    const row: SeriesExposure = { seriesId: s.id, series: s.name, kind: enumName(SeriesKind, s.spec.kind), status: enumName(SeriesStatus, s.status), rights, openBuyQty, long, limit: brokerMaxLongSeries, usedPct: used(long, brokerMaxLongSeries) };
    // After its resting asks fill, the broker's position is `available`: below zero it is short.
    const short = Math.max(0, -(p?.available ?? 0));
    if (s.forward !== undefined) {
      const limit = engine.risk.brokerMaxForwardShort;
      row.forward = { short, shortLimit: limit, shortUsedPct: used(short, limit), escrow: formatPat(microsToWei(p?.escrowMicros ?? 0)), collateral: formatPat(microsToWei(p?.collateralMicros ?? 0)) };
    }
    if (s.synthetic !== undefined) {
      const net = p?.available ?? 0;
      const cost = p?.costMicros ?? 0;
      const mark = s.synthetic.markMicros;
      row.synthetic = {
        position: net,
        cost: formatPat(microsToWei(cost)),
        mark: formatPat(microsToWei(mark)),
        markAtMs: s.synthetic.markAtMs,
        pnlAtMark: formatPat(mark === 0 ? 0n : microsToWei(net * mark - cost)),
        locked: formatPat(microsToWei(p?.collateralMicros ?? 0)),
        maintenance: formatPat(microsToWei(Math.ceil((Math.abs(net) * mark * engine.risk.syntheticMaintenanceMarginBps) / 10_000))),
      };
    }
    if (s.option !== undefined) {
      const units = p === undefined ? 0 : p.available + p.held;
      const mark = s.option.markMicros;
      row.option = {
        right: s.spec.kind === SeriesKind.CALL ? 'CALL' : 'PUT',
        strike: formatPat(microsToWei(s.spec.strikeMicros)),
        position: units,
        mark: formatPat(microsToWei(mark)),
        markAtMs: s.option.markAtMs,
        valueAtMark: formatPat(mark === 0 ? 0n : microsToWei(units * engine.options.intrinsicMicros(s, mark))),
        locked: formatPat(microsToWei(p?.collateralMicros ?? 0)),
      };
      row.rights = 0;
      row.long = Math.max(0, units);
    }
    if (s.cashSettled !== undefined) {
      // The long limits count rights: they do not apply to cash-settled series (docs/risk.md).
      row.limit = 0;
      row.usedPct = null;
    }
    series.push(row);
    const key = parseContractKey(s.spec.contract);
    const group = `${key.segment}|${key.window}${s.forward !== undefined ? ' forward' : s.synthetic !== undefined ? ' synthetic' : s.option !== undefined ? ' options' : ''}`;
    const w = windows.get(group) ?? { group, series: [], long: 0, limit: s.cashSettled === undefined ? brokerMaxLongWindow : 0, usedPct: null };
    if (s.forward !== undefined && w.short === undefined) {
      w.short = 0;
      w.shortLimit = engine.risk.brokerMaxForwardShortWindow;
    }
    w.series.push(s.id);
    w.long += long;
    if (w.short !== undefined) w.short += short;
    windows.set(group, w);
  }
  for (const w of windows.values()) {
    w.usedPct = used(w.long, w.limit);
    if (w.short !== undefined) w.shortUsedPct = used(w.short, w.shortLimit!);
  }
  return {
    brokerAccountId: engine.brokerId,
    pat: {
      available: formatPat(broker === undefined ? 0n : microsToWei(broker.availableMicros) + broker.remainderWei),
      held: formatPat(broker === undefined ? 0n : microsToWei(broker.heldMicros)),
      locked: formatPat(broker === undefined ? 0n : microsToWei(broker.lockedMicros)),
    },
    series,
    windows: [...windows.values()],
  };
}
