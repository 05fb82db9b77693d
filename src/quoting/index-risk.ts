/**
 * The broker's risk per settlement index (issue 22: "the broker's exposure view covering
 * every product"): its synthetics and options on one spot window settle on one index, so
 * their sensitivities add up. Summed from the quoter's views (its own model: Black-76 for
 * options, a synthetic unit moving one for one with the index), for the operator's
 * GET /operator/broker. Floats: a report, never a balance.
 */
import type { OptionView, SyntheticView } from './service.js';

export interface IndexRisk {
  /** The spot series whose window's index the products settle on, and its contract. */
  spotSeriesId: number;
  contract: string;
  /** The expected index the quoter prices them on (an option's F, else a synthetic's), µPAT. */
  forwardMicros: number;
  /** Σ synthetic position + Σ option position × delta: index units the broker is long (negative: short). */
  deltaUnits: number;
  /** deltaUnits × forward / 100: what a 1% rise of the index makes or loses, µPAT. */
  deltaMicrosPerPct: number;
  /** Σ option position × gamma (per µPAT), × vega (µPAT per 1.00 of σ), × theta (µPAT per year). */
  gamma: number;
  vega: number;
  theta: number;
  /** Σ option position × its Black-76 value: what the broker's options are worth at its model (negative when written), µPAT. */
  optionValueMicros: number;
  /** Σ synthetic position × expected index − cost, µPAT. */
  syntheticPnlMicros: number;
  /** Series with a position (non-zero), of each kind. */
  syntheticSeries: number;
  optionSeries: number;
}

/** The broker's risk per index, by spot series id; an index appears once the quoter prices a product on it. */
export function brokerIndexRisk(synthetics: readonly SyntheticView[], options: readonly OptionView[]): IndexRisk[] {
  const byIndex = new Map<number, IndexRisk>();
  const entry = (spotSeriesId: number, contract: string, forwardMicros: number): IndexRisk => {
    let r = byIndex.get(spotSeriesId);
    if (r === undefined) {
      r = { spotSeriesId, contract, forwardMicros, deltaUnits: 0, deltaMicrosPerPct: 0, gamma: 0, vega: 0, theta: 0, optionValueMicros: 0, syntheticPnlMicros: 0, syntheticSeries: 0, optionSeries: 0 };
      byIndex.set(spotSeriesId, r);
    }
    return r;
  };
  // Options first: their F is the expected index at the close, the synthetics' reference the same value rounded to the tick.
  for (const o of options) {
    const r = entry(o.spotSeriesId, o.contract, o.forwardMicros);
    if (o.position === 0) continue;
    r.optionSeries++;
    r.deltaUnits += o.position * o.delta;
    r.gamma += o.position * o.gamma;
    r.vega += o.position * o.vega;
    r.theta += o.position * o.theta;
    r.optionValueMicros += o.position * o.valueMicros;
  }
  for (const s of synthetics) {
    const r = entry(s.spotSeriesId, s.contract, s.expectedIndexMicros);
    if (s.position === 0) continue;
    r.syntheticSeries++;
    r.deltaUnits += s.position;
    r.syntheticPnlMicros += s.unrealizedPnlMicros;
  }
  const out = [...byIndex.values()].sort((a, b) => a.spotSeriesId - b.spotSeriesId);
  for (const r of out) r.deltaMicrosPerPct = (r.deltaUnits * r.forwardMicros) / 100;
  return out;
}
