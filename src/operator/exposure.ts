/**
 * The broker's book of risk for the operator (`patx exposure`): its PAT, and per
 * live series and per window group (segment × window length) the rights it holds,
 * its open bids, and the long that the engine's exposure checks count, against the
 * limits in force (risk.brokerMaxLongSeries, risk.brokerMaxLongWindow; 0 = off).
 * Read from the engine the same way the pre-trade check reads it (engine.ts
 * exposureReason), so what this shows is what the next order is checked against.
 */
import { enumName, formatPat, microsToWei, parseContractKey, SeriesStatus, type Engine } from '../engine/index.js';

export interface SeriesExposure {
  seriesId: number;
  series: string;
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
}

export interface WindowExposure {
  /** Segment and window length, e.g. AUTO_INTENT|7D. */
  group: string;
  series: number[];
  long: number;
  limit: number;
  usedPct: number | null;
}

export interface ExposureReport {
  brokerAccountId: number;
  pat: { available: string; held: string };
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
    const long = rights + openBuyQty;
    series.push({ seriesId: s.id, series: s.name, status: enumName(SeriesStatus, s.status), rights, openBuyQty, long, limit: brokerMaxLongSeries, usedPct: used(long, brokerMaxLongSeries) });
    const key = parseContractKey(s.spec.contract);
    const group = `${key.segment}|${key.window}`;
    const w = windows.get(group) ?? { group, series: [], long: 0, limit: brokerMaxLongWindow, usedPct: null };
    w.series.push(s.id);
    w.long += long;
    windows.set(group, w);
  }
  for (const w of windows.values()) w.usedPct = used(w.long, w.limit);
  return {
    brokerAccountId: engine.brokerId,
    pat: {
      available: formatPat(broker === undefined ? 0n : microsToWei(broker.availableMicros) + broker.remainderWei),
      held: formatPat(broker === undefined ? 0n : microsToWei(broker.heldMicros)),
    },
    series,
    windows: [...windows.values()],
  };
}
