/**
 * How the console arranges series: by contract, then by kind (spot first, then forwards,
 * synthetics, options), then by window; a window's CALLs and PUTs are one line, its option
 * chain (#/chain/SPOT_ID: strikes × calls and puts), not one row per strike. The market
 * page and a listing's market panel both list through here, so they agree.
 */
import type { SeriesRow } from './market.js';

/** The kinds in the order a reader looks for them: what the segment is (spot) before what is derived from it. */
export const KIND_ORDER = ['SPOT', 'FORWARD', 'SYNTHETIC', 'CALL', 'PUT'] as const;

const rank = (kind: string): number => {
  const i = (KIND_ORDER as readonly string[]).indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
};

export const isOption = (r: SeriesRow): boolean => r.kind === 'CALL' || r.kind === 'PUT';

/** One window's options: the chain a line of the series list opens. */
export interface ChainLine {
  line: 'chain';
  contract: string;
  /** The spot series (the window) whose settlement index the options pay on. */
  spotSeriesId: number;
  expiryMs: number;
  calls: SeriesRow[];
  puts: SeriesRow[];
  /** Distinct strikes, µPAT, ascending. */
  strikesMicros: number[];
}

export type ListLine = { line: 'series'; row: SeriesRow } | ChainLine;

export interface ContractGroup {
  contract: string;
  lines: ListLine[];
  /** Series in the group (each option counted). */
  seriesCount: number;
}

/** Spot, forward, synthetic by window; a window's options as one chain line where its first option would be. */
export function listLines(rows: readonly SeriesRow[]): ListLine[] {
  const sorted = [...rows].sort((a, b) => rank(a.kind) - rank(b.kind) || a.openAtMs - b.openAtMs || a.strikeMicros - b.strikeMicros || a.seriesId - b.seriesId);
  const lines: ListLine[] = [];
  const chains = new Map<number, ChainLine>();
  for (const row of sorted) {
    if (!isOption(row)) {
      lines.push({ line: 'series', row });
      continue;
    }
    let chain = chains.get(row.spotSeriesId);
    if (chain === undefined) {
      chain = { line: 'chain', contract: row.contract, spotSeriesId: row.spotSeriesId, expiryMs: row.closeAtMs, calls: [], puts: [], strikesMicros: [] };
      chains.set(row.spotSeriesId, chain);
      lines.push(chain);
    }
    (row.kind === 'CALL' ? chain.calls : chain.puts).push(row);
    if (!chain.strikesMicros.includes(row.strikeMicros)) chain.strikesMicros.push(row.strikeMicros);
  }
  for (const c of chains.values()) c.strikesMicros.sort((a, b) => a - b);
  // Chains by expiry among themselves (the sort above ordered CALLs before PUTs).
  const firstChain = lines.findIndex((l) => l.line === 'chain');
  if (firstChain >= 0) {
    const tail = lines.slice(firstChain).sort((a, b) => (a.line === 'chain' && b.line === 'chain' ? a.expiryMs - b.expiryMs : 0));
    lines.splice(firstChain, tail.length, ...tail);
  }
  return lines;
}

/** Series by contract (alphabetical), each listed by listLines. */
export function groupByContract(rows: Iterable<SeriesRow>): ContractGroup[] {
  const byContract = new Map<string, SeriesRow[]>();
  for (const r of rows) {
    const list = byContract.get(r.contract) ?? [];
    list.push(r);
    byContract.set(r.contract, list);
  }
  return [...byContract.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([contract, list]) => ({ contract, lines: listLines(list), seriesCount: list.length }));
}

/** The options of one window, by strike: a CALL and a PUT per row (either may be missing). */
export interface ChainRow {
  strikeMicros: number;
  call: SeriesRow | undefined;
  put: SeriesRow | undefined;
}

export function chainRows(options: readonly SeriesRow[]): ChainRow[] {
  const byStrike = new Map<number, ChainRow>();
  for (const o of options) {
    if (!isOption(o)) continue;
    const row = byStrike.get(o.strikeMicros) ?? { strikeMicros: o.strikeMicros, call: undefined, put: undefined };
    if (o.kind === 'CALL') row.call = o;
    else row.put = o;
    byStrike.set(o.strikeMicros, row);
  }
  return [...byStrike.values()].sort((a, b) => a.strikeMicros - b.strikeMicros);
}

/** The live options whose settlement index is spot series `spotSeriesId`'s. */
export function optionsOn(rows: Iterable<SeriesRow>, spotSeriesId: number): SeriesRow[] {
  return [...rows].filter((r) => isOption(r) && r.spotSeriesId === spotSeriesId && r.status !== 'EXPIRED');
}

/** The windows of a contract that have options (spot series id and expiry), soonest first: the chain page's expiry tabs. */
export function expiriesOf(rows: Iterable<SeriesRow>, contract: string): Array<{ spotSeriesId: number; expiryMs: number }> {
  const seen = new Map<number, number>();
  for (const r of rows) if (isOption(r) && r.contract === contract && r.status !== 'EXPIRED' && !seen.has(r.spotSeriesId)) seen.set(r.spotSeriesId, r.closeAtMs);
  return [...seen.entries()].map(([spotSeriesId, expiryMs]) => ({ spotSeriesId, expiryMs })).sort((a, b) => a.expiryMs - b.expiryMs);
}
