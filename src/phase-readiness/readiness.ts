/**
 * The phase-readiness verdict (docs/risk.md, "Phase readiness"): pure, the same figures and
 * thresholds give the same report. The marketplace guide opens phase 3 "only after deep
 * liquidity, stable pricing and audited performance history"; each of the three is one or more
 * checks of a contract's figures against a threshold the operator sets (the `phase.*`
 * parameters, journaled), each with its verdict:
 *
 *   deep liquidity    touchDepthRights = min(rights at the best bid, rights at the best ask) over
 *                     the contract's live spot series   ≥ phase.minTouchDepthRights
 *                     volumeRights over the lookback    ≥ phase.minVolumeRights
 *   stable pricing    quotedHours (hours the broker quoted both sides)  ≥ phase.minQuotedHours
 *                     spreadDispersionBps = the sample standard deviation of the hourly mean
 *                     spreads over those hours          ≤ phase.maxSpreadDispersionBps
 *                     (shown beside it, not judged: quoteDispersionBps, the sample standard
 *                     deviation of every two-sided quote's spread, from the hours' sums of
 *                     squares: how much the spread moves within hours as well as between them)
 *   history           historyMs since the first trade   ≥ phase.minHistoryMs
 *   audited history   settledHistoryMs (first trade to the last trade settled on chain)
 *                                                       ≥ phase.minSettledHistoryMs
 *                     deliveredRights of the segment (evidence from both sides)
 *                                                       ≥ phase.minDeliveredRights
 *                     deliveryRate = delivered / (delivered + undelivered + failed)
 *                                                       ≥ phase.minDeliveryRate
 *
 * A contract is ready when every check passes; the market when at least phase.minReadyContracts
 * contracts are and the last reconciliation of the chain against the ledger found no difference.
 * A figure that cannot be computed (no trade yet, none settled yet, fewer than two quoted hours, no
 * delivery outcome yet) fails its check, and its verdict says which (`why`).
 */
import type { HourFigures } from './market-history.js';

export const PHASE_RULE = 'Phase 3 opens only after deep liquidity, stable pricing and audited performance history, and only by the council\'s vote (the marketplace guide, "Liquidity Phases & Speculation")';

export interface ReadinessThresholds {
  lookbackMs: number;
  minTouchDepthRights: number;
  minVolumeRights: number;
  maxSpreadDispersionBps: number;
  minQuotedHours: number;
  minHistoryMs: number;
  minSettledHistoryMs: number;
  minDeliveredRights: number;
  minDeliveryRate: number;
  minReadyContracts: number;
}

/** Each threshold's parameter name (the operator sets it with `patx params set NAME VALUE`). */
export const THRESHOLD_PARAMS: Readonly<Record<keyof ReadinessThresholds, string>> = {
  lookbackMs: 'phase.lookbackMs',
  minTouchDepthRights: 'phase.minTouchDepthRights',
  minVolumeRights: 'phase.minVolumeRights',
  maxSpreadDispersionBps: 'phase.maxSpreadDispersionBps',
  minQuotedHours: 'phase.minQuotedHours',
  minHistoryMs: 'phase.minHistoryMs',
  minSettledHistoryMs: 'phase.minSettledHistoryMs',
  minDeliveredRights: 'phase.minDeliveredRights',
  minDeliveryRate: 'phase.minDeliveryRate',
  minReadyContracts: 'phase.minReadyContracts',
};

/** What the report is computed from, per contract (report.ts gathers it). */
export interface ContractInput {
  contract: string;
  segment: string;
  /** Rights at the best bid and best ask, summed over the contract's live spot series. */
  bidTouchRights: number;
  askTouchRights: number;
  /** The contract's spot series' hours within the lookback (any order; hours of several series may share a start). */
  hours: readonly HourFigures[];
  firstTradeAtMs: number | undefined;
  lastSettledTradeAtMs: number | undefined;
  delivery: { delivered: number; undelivered: number; failed: number };
}

export type Requirement = 'deep liquidity' | 'stable pricing' | 'history' | 'audited history';

export interface Verdict {
  requirement: Requirement;
  check: string;
  /** The parameter holding the threshold. */
  param: string;
  /** null: no figure (it fails). */
  value: number | null;
  op: '≥' | '≤';
  threshold: number;
  pass: boolean;
  /** With no figure: why there is none, in words (a bare "no figure" read as a fault of the report). */
  why?: string;
}

export interface ContractReadiness {
  contract: string;
  segment: string;
  liquidity: { touchDepthRights: number; bidTouchRights: number; askTouchRights: number; volumeRights: number; trades: number };
  spread: { quotedHours: number; quotes: number; oneSidedQuotes: number; meanSpreadBps: number | null; dispersionBps: number | null; quoteDispersionBps: number | null };
  history: { firstTradeAtMs: number | null; historyMs: number | null };
  audited: { lastSettledTradeAtMs: number | null; settledHistoryMs: number | null; deliveredRights: number; deliveryRate: number | null };
  verdicts: Verdict[];
  ready: boolean;
}

export interface PhaseReadinessReport {
  rule: string;
  atMs: number;
  governancePhase: number;
  /** The phase a vote would open next (null at phase 4). */
  nextPhase: number | null;
  thresholds: ReadinessThresholds & { params: typeof THRESHOLD_PARAMS };
  contracts: ContractReadiness[];
  overall: { contracts: number; readyContracts: number; reconciliationClean: boolean; verdicts: Verdict[]; ready: boolean };
}

function verdict(requirement: Requirement, check: string, key: keyof ReadinessThresholds, value: number | null, op: '≥' | '≤', t: ReadinessThresholds, why = ''): Verdict {
  const threshold = t[key];
  const pass = value !== null && (op === '≥' ? value >= threshold : value <= threshold);
  return { requirement, check, param: THRESHOLD_PARAMS[key], value, op, threshold, pass, ...(value === null ? { why } : {}) };
}

/** Why each figure that can be missing is: what it needs and what the contract has. */
function missing(c: ContractInput, quotedHours: number): { dispersion: string; history: string; settled: string; rate: string } {
  const noTrade = 'no trade in this contract yet';
  return {
    dispersion: `the broker quoted both sides in ${quotedHours === 0 ? 'no hour' : 'one hour only'} of the lookback: a dispersion needs two such hours`,
    history: noTrade,
    settled: c.firstTradeAtMs === undefined ? noTrade : 'none of its trades is settled on chain yet (no settlement batch has covered its first trade)',
    rate: `no right of the ${c.segment} segment delivered, not delivered or failed yet: a rate needs one outcome`,
  };
}

/** The hourly mean spreads (hours of several series merged) and their sample standard deviation; and that of every quote's spread. */
export function spreadFigures(hours: readonly HourFigures[]): ContractReadiness['spread'] {
  const byHour = new Map<number, { quotes: number; sum: number }>();
  let quotes = 0;
  let oneSided = 0;
  let sum = 0;
  let sumSq = 0;
  for (const h of hours) {
    oneSided += h.oneSided;
    if (h.quotes === 0) continue;
    quotes += h.quotes;
    sum += h.spreadSumBps;
    sumSq += h.spreadSumSqBps;
    const at = byHour.get(h.hourStartMs) ?? { quotes: 0, sum: 0 };
    at.quotes += h.quotes;
    at.sum += h.spreadSumBps;
    byHour.set(h.hourStartMs, at);
  }
  const means = [...byHour.values()].map((x) => x.sum / x.quotes);
  const n = means.length;
  let dispersion: number | null = null;
  if (n >= 2) {
    const mean = means.reduce((a, b) => a + b, 0) / n;
    dispersion = Math.sqrt(means.reduce((a, m) => a + (m - mean) ** 2, 0) / (n - 1));
  }
  // Σx² − (Σx)²/n can come out a hair below 0 in floating point when every spread is the same.
  const quoteDispersionBps = quotes < 2 ? null : Math.sqrt(Math.max(0, sumSq - (sum * sum) / quotes) / (quotes - 1));
  return { quotedHours: n, quotes, oneSidedQuotes: oneSided, meanSpreadBps: quotes === 0 ? null : sum / quotes, dispersionBps: dispersion, quoteDispersionBps };
}

export function contractReadiness(c: ContractInput, t: ReadinessThresholds, nowMs: number): ContractReadiness {
  let volumeRights = 0;
  let trades = 0;
  for (const h of c.hours) {
    volumeRights += h.volume;
    trades += h.trades;
  }
  const touchDepthRights = Math.min(c.bidTouchRights, c.askTouchRights);
  const spread = spreadFigures(c.hours);
  const historyMs = c.firstTradeAtMs === undefined ? null : nowMs - c.firstTradeAtMs;
  const settledHistoryMs = c.firstTradeAtMs === undefined || c.lastSettledTradeAtMs === undefined ? null : c.lastSettledTradeAtMs - c.firstTradeAtMs;
  const d = c.delivery;
  const outcomes = d.delivered + d.undelivered + d.failed;
  const deliveryRate = outcomes === 0 ? null : d.delivered / outcomes;
  const why = missing(c, spread.quotedHours);
  const verdicts = [
    verdict('deep liquidity', 'rights at the touch (the thinner side)', 'minTouchDepthRights', touchDepthRights, '≥', t),
    verdict('deep liquidity', 'rights traded over the lookback', 'minVolumeRights', volumeRights, '≥', t),
    verdict('stable pricing', 'hours the broker quoted both sides', 'minQuotedHours', spread.quotedHours, '≥', t),
    verdict('stable pricing', "dispersion of the broker's hourly mean spread (bps)", 'maxSpreadDispersionBps', spread.dispersionBps, '≤', t, why.dispersion),
    verdict('history', 'time since the first trade (ms)', 'minHistoryMs', historyMs, '≥', t, why.history),
    verdict('audited history', 'first trade to the last trade settled on chain (ms)', 'minSettledHistoryMs', settledHistoryMs, '≥', t, why.settled),
    verdict('audited history', 'rights delivered with evidence from both sides', 'minDeliveredRights', d.delivered, '≥', t),
    verdict('audited history', 'delivery rate', 'minDeliveryRate', deliveryRate, '≥', t, why.rate),
  ];
  return {
    contract: c.contract,
    segment: c.segment,
    liquidity: { touchDepthRights, bidTouchRights: c.bidTouchRights, askTouchRights: c.askTouchRights, volumeRights, trades },
    spread,
    history: { firstTradeAtMs: c.firstTradeAtMs ?? null, historyMs },
    audited: { lastSettledTradeAtMs: c.lastSettledTradeAtMs ?? null, settledHistoryMs, deliveredRights: d.delivered, deliveryRate },
    verdicts,
    ready: verdicts.every((v) => v.pass),
  };
}

export function phaseReadiness(input: { contracts: readonly ContractInput[]; governancePhase: number; reconciliationClean: boolean }, t: ReadinessThresholds, nowMs: number): PhaseReadinessReport {
  const contracts = input.contracts.map((c) => contractReadiness(c, t, nowMs));
  const readyContracts = contracts.filter((c) => c.ready).length;
  const verdicts: Verdict[] = [
    { requirement: 'deep liquidity', check: 'contracts ready', param: THRESHOLD_PARAMS.minReadyContracts, value: readyContracts, op: '≥', threshold: t.minReadyContracts, pass: readyContracts >= t.minReadyContracts },
    { requirement: 'audited history', check: 'the last reconciliation of the chain against the ledger found no difference (1 = clean)', param: 'settlement reconciliation', value: input.reconciliationClean ? 1 : 0, op: '≥', threshold: 1, pass: input.reconciliationClean },
  ];
  return {
    rule: PHASE_RULE,
    atMs: nowMs,
    governancePhase: input.governancePhase,
    nextPhase: input.governancePhase >= 4 ? null : Math.max(3, input.governancePhase + 1),
    thresholds: { ...t, params: THRESHOLD_PARAMS },
    contracts,
    overall: { contracts: contracts.length, readyContracts, reconciliationClean: input.reconciliationClean, verdicts, ready: verdicts.every((v) => v.pass) },
  };
}
