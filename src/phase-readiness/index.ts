/**
 * Phase readiness (docs/risk.md, "Phase readiness"): the figures the council sees before it votes
 * the next phase (liquidity, spread stability, history, audited history per contract) against the
 * operator's `phase.*` thresholds, and the market history they are read from.
 */
export { MarketHistory, HOUR_MS, quotedSpreadBps, type HourFigures } from './market-history.js';
export { contractReadiness, phaseReadiness, spreadFigures, PHASE_RULE, THRESHOLD_PARAMS, type ContractInput, type ContractReadiness, type PhaseReadinessReport, type ReadinessThresholds, type Verdict } from './readiness.js';
export { ContractFigures, gatherContracts, phaseReadinessReporter, readinessThresholds, REPORT_TTL_MS, type ReadinessSources } from './report.js';
