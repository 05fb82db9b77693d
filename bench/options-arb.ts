/**
 * Options and synthetics against the broker's own end-of-window rules (issue 80, point 1):
 * do simple strategies make money trading the broker's cash-settled quotes in the last hour?
 *
 *   npm run bench:options-arb [-- --episodes 10] [--regimes two-sided,sellers,thin,jump] [--seed 1] [--dump DIR]
 *
 * `--dump DIR` writes each episode's result (its snapshots' quotes per strike, the index) to DIR/<regime>-<episode>.json,
 * for reading the episodes behind a cell's mean.
 *
 * Each episode (bench/support/options-arb-episode.ts) runs the last 6 hours of a 7D spot window
 * through the real pieces (engine + sequencer + LMDB journal in a temp dir + the quoting service on
 * an injected clock, one quoting turn a simulated minute) with a synthetic and a CALL and a PUT at
 * each strike of the grid around the index the quoter expects at the start (phase 4; listed once, as
 * the schedule would at the start, not re-centred as the index moves). A hidden fair
 * value (the quoter's freshness curve × a compensated log walk of 150 bps/√h) drives uninformed spot
 * flow: consumers buy at the broker's ask when it is below their value (fair × e^(5%·N)), providers
 * mint and sell at its bid when it is above theirs. The broker starts with 40 rights bought at the
 * fair value. Regimes:
 *
 * - `two-sided`: 4 consumer and 4 provider arrivals a minute;
 * - `sellers`: the same until 3 hours before the close, then providers only (the broker long, its
 *   bids pulled by the expiry rule, its ask cleared);
 * - `thin`: 0.05 arrivals a minute each side;
 * - `jump`: two-sided, and the fair value jumps +20% 20 minutes before the close;
 * - `jump-down` (only when named in --regimes): the same jump of −20%, its mirror.
 *
 * At 60, 10 and 1 minutes before the close the bench reads the broker's best bid and ask in every
 * option and the synthetic (its own orders in the engine's book), the quoter's expected index F (the
 * synthetic's view) and the synthetic's half-spread. After the close it expires the cash-settled
 * series and reads the index the engine published (SETTLEMENT_INDEX_PUBLISHED: value and method).
 *
 * A strategy's P&L per contract (µPAT), traded at the snapshot's quote and held to settlement: buy at
 * the ask = payoff(I) − ask, sell into the bid = bid − payoff(I) (call max(I − K, 0), put max(K − I, 0),
 * synthetic I). Per episode it is the mean over the strikes quoted on that side (a strike without a
 * bid or an ask is left out), then over episodes: mean ± 1.96·sd/√n (n: episodes with a quote on
 * that side). The target: every cell's mean < 0 (the strategies lose on average) and the synthetic's
 * median half-spread narrower at −1 min than at −60 min in every regime. Prints `RESULT: PASS` or
 * `RESULT: FAIL` (exit 1). Seeded: a run prints the same figures (the episode of seed s and index e is
 * seed s·1000 + e in every regime, so regimes share their fair paths and arrival streams).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadavg, median } from './support/figures.js';
import { ALL_REGIMES, REGIMES, runEpisode, SNAPSHOT_MINUTES, type EpisodeResult, type Quoted, type Regime, type Snapshot } from './support/options-arb-episode.js';

const SIGMA_BPS = 150;

type Strategy = 'buy calls' | 'sell calls' | 'buy puts' | 'sell puts' | 'buy synthetic' | 'sell synthetic';
const STRATEGIES: readonly Strategy[] = ['buy calls', 'sell calls', 'buy puts', 'sell puts', 'buy synthetic', 'sell synthetic'];

/** One strategy's P&L per contract at one snapshot, µPAT (mean over the strikes quoted on its side); undefined when none is. */
function strategyPnl(s: Snapshot, strategy: Strategy, index: number): number | undefined {
  const call = (k: number) => Math.max(index - k, 0);
  const put = (k: number) => Math.max(k - index, 0);
  const buy = (qs: Array<Quoted & { strikeMicros?: number }>, payoff: (k: number) => number) => qs.filter((q) => q.askMicros > 0).map((q) => payoff(q.strikeMicros ?? 0) - q.askMicros);
  const sell = (qs: Array<Quoted & { strikeMicros?: number }>, payoff: (k: number) => number) => qs.filter((q) => q.bidMicros > 0).map((q) => q.bidMicros - payoff(q.strikeMicros ?? 0));
  const xs =
    strategy === 'buy calls' ? buy(s.calls, call)
    : strategy === 'sell calls' ? sell(s.calls, call)
    : strategy === 'buy puts' ? buy(s.puts, put)
    : strategy === 'sell puts' ? sell(s.puts, put)
    : strategy === 'buy synthetic' ? buy([s.synthetic], () => index)
    : sell([s.synthetic], () => index);
  return xs.length === 0 ? undefined : mean(xs);
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function sd(xs: readonly number[]): number {
  if (xs.length < 2) return Number.NaN;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}

/** mean, and the 95% interval's half-width (1.96·sd/√n). */
function interval(xs: readonly number[]): { mean: number; half: number; n: number } {
  return { mean: mean(xs), half: (1.96 * sd(xs)) / Math.sqrt(xs.length), n: xs.length };
}

const int = (x: number): string => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '-');
const signed = (x: number, digits = 2): string => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(digits)}` : '-');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      episodes: { type: 'string', default: '10' },
      regimes: { type: 'string', default: REGIMES.join(',') },
      seed: { type: 'string', default: '1' },
      dump: { type: 'string' },
    },
  });
  const episodes = Number(values.episodes);
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(episodes) || episodes < 1) throw new Error(`--episodes: a positive integer, not '${values.episodes}'`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`--seed: a non-negative integer, not '${values.seed}'`);
  const regimes = values.regimes.split(',').map((r) => r.trim());
  for (const r of regimes) if (!(ALL_REGIMES as readonly string[]).includes(r)) throw new Error(`unknown regime '${r}' (${ALL_REGIMES.join(', ')})`);

  console.log(`Options against the broker's own rules (issue 80): ${episodes} episodes a regime (seed ${seed}), regimes ${regimes.join(', ')}; fair σ ${SIGMA_BPS} bps/√h; load ${loadavg()}`);
  const t0 = performance.now();
  const byRegime = new Map<Regime, EpisodeResult[]>();
  for (const regime of regimes as Regime[]) {
    const runs: EpisodeResult[] = [];
    for (let e = 0; e < episodes; e++) {
      runs.push(await runEpisode({ regime, seed: seed * 1000 + e, sigmaBpsPerSqrtHour: SIGMA_BPS }));
      if (values.dump !== undefined) {
        mkdirSync(values.dump, { recursive: true });
        writeFileSync(path.join(values.dump, `${regime}-${e}.json`), JSON.stringify(runs.at(-1)));
      }
    }
    byRegime.set(regime, runs);
    console.log(`  ${regime}: ${runs.length} episodes done (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  const wall = (performance.now() - t0) / 1000;

  console.log('\nStrategy P&L per contract, µPAT (held to settlement at the published index): mean [95% interval] (n episodes). Options: each episode\'s mean over the strikes quoted on that side.\n');
  console.log(`| regime | min to close | ${STRATEGIES.join(' | ')} |`);
  console.log(`|---|---|${STRATEGIES.map(() => '---').join('|')}|`);
  let cellsLosing = true;
  const winners: string[] = [];
  /** One table row per snapshot minute; `judged`: a cell not losing fails the verdict. */
  const printRows = (label: string, runs: readonly EpisodeResult[], judged: boolean): void => {
    for (const minutes of SNAPSHOT_MINUTES) {
      const cells = STRATEGIES.map((strategy) => {
        const xs: number[] = [];
        for (const r of runs) {
          const snap = r.snapshots.find((s) => s.minutesToClose === minutes);
          const pnl = snap === undefined ? undefined : strategyPnl(snap, strategy, r.indexMicros);
          if (pnl !== undefined) xs.push(pnl);
        }
        if (xs.length === 0) return '- (0)';
        const c = interval(xs);
        if (judged && !(c.mean < 0)) {
          cellsLosing = false;
          winners.push(`${label} −${minutes} ${strategy} ${int(c.mean)}`);
        }
        return `${int(c.mean)} [${int(c.mean - c.half)}, ${int(c.mean + c.half)}] (${c.n})`;
      });
      console.log(`| ${label} | −${minutes} | ${cells.join(' | ')} |`);
    }
  };
  for (const [regime, runs] of byRegime) printRows(regime, runs, true);
  // Both signs of the jump run: their episodes pooled, beside the verdict (a strategy that does not know the sign).
  const up = byRegime.get('jump');
  const down = byRegime.get('jump-down');
  if (up !== undefined && down !== undefined) printRows('jump ± (pooled, not judged)', [...up, ...down], false);

  console.log('\nThe forecast against the index: F = the quoter\'s expected index (the synthetic\'s view) at the snapshot, error (F − I)/I in % (mean, sd over episodes); the fair value\'s mean over the index hour, and the broker\'s spot ask and reference at the snapshot, against I (episodes with an ask); the index\'s methods; the synthetic\'s median half-spread (bps); the broker\'s spot inventory and its spot quote\'s reasons at the snapshot (episodes with the reason).\n');
  console.log('| regime | min to close | F − I: mean % | sd % | fair − I (hour mean) % | spot ask − I % | spot reference − I % | methods | synthetic half-spread (bps) | spot inventory (median) | BIDS_LIMITED_BY_EXPIRY / EXPIRY_CLEARANCE | spot bid pulled |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  let forwardGap = 0;
  let narrowing = true;
  const spreads: string[] = [];
  for (const [regime, runs] of byRegime) {
    const methods = new Map<string, number>();
    for (const r of runs) methods.set(r.method, (methods.get(r.method) ?? 0) + 1);
    const methodText = [...methods].map(([m, n]) => `${m} ${((100 * n) / runs.length).toFixed(0)}%`).join(', ');
    const halfAt = new Map<number, number>();
    for (const minutes of SNAPSHOT_MINUTES) {
      const snaps = runs.map((r) => ({ r, s: r.snapshots.find((x) => x.minutesToClose === minutes)! }));
      const errors = snaps.map(({ r, s }) => (100 * (s.forecastMicros - r.indexMicros)) / r.indexMicros);
      const fairErr = runs.map((r) => (100 * (r.fairHourMeanMicros - r.indexMicros)) / r.indexMicros);
      const vsIndex = (f: (s: Snapshot) => number) => mean(snaps.filter(({ s }) => f(s) > 0).map(({ r, s }) => (100 * (f(s) - r.indexMicros)) / r.indexMicros));
      for (const { s } of snaps) forwardGap = Math.max(forwardGap, Math.abs(s.optionForwardMicros - s.forecastMicros) / s.forecastMicros);
      const half = median(snaps.map(({ s }) => s.syntheticHalfSpreadBps).filter((x) => Number.isFinite(x)));
      halfAt.set(minutes, half);
      const withReason = (reason: string) => snaps.filter(({ s }) => s.spot.reasons.includes(reason)).length;
      const pulled = snaps.filter(({ s }) => s.spot.bidMicros === 0).length;
      console.log(
        `| ${regime} | −${minutes} | ${signed(mean(errors))} | ${sd(errors).toFixed(2)} | ${signed(mean(fairErr))} | ${signed(vsIndex((x) => x.spot.askMicros))} | ${signed(vsIndex((x) => x.spot.referenceMicros))} | ${methodText} | ${half.toFixed(0)} | ` +
          `${median(snaps.map(({ s }) => s.spot.inventory)).toFixed(0)} | ${withReason('BIDS_LIMITED_BY_EXPIRY')} / ${withReason('EXPIRY_CLEARANCE')} of ${runs.length} | ${pulled} of ${runs.length} |`,
      );
    }
    const first = halfAt.get(SNAPSHOT_MINUTES[0])!;
    const last = halfAt.get(SNAPSHOT_MINUTES[SNAPSHOT_MINUTES.length - 1]!)!;
    if (!(last < first)) narrowing = false;
    spreads.push(`${regime} ${first.toFixed(0)} → ${last.toFixed(0)} bps`);
  }

  console.log(`\n(The options' F, their views' forward, is the synthetic's expected index within ${(100 * forwardGap).toFixed(3)}% at every snapshot.)`);

  console.log('\nThe index hour, per regime (means over episodes): two-sided samples of the broker\'s spot quote (of 60), minutes of its last 59 with the spot bid pulled at the turn, spot trades and rights, the broker\'s spot inventory at the close; minutes of the hour whose spot quote carried each reason.\n');
  console.log('| regime | two-sided samples | bid pulled (min) | trades | rights traded | inventory at close | reasons (minutes of the hour, mean) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [regime, runs] of byRegime) {
    const reasons = new Map<string, number>();
    for (const r of runs) for (const [k, v] of Object.entries(r.hourReasons)) reasons.set(k, (reasons.get(k) ?? 0) + v / runs.length);
    console.log(
      `| ${regime} | ${mean(runs.map((r) => r.twoSidedSamples)).toFixed(1)} | ${mean(runs.map((r) => r.hourMinutesWithoutBid)).toFixed(1)} | ${mean(runs.map((r) => r.tradeCount)).toFixed(1)} | ` +
        `${mean(runs.map((r) => r.tradeQty)).toFixed(1)} | ${mean(runs.map((r) => r.closeInventory)).toFixed(1)} | ${[...reasons].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ') || '-'} |`,
    );
  }

  console.log('\nWhat F and the synthetic\'s spread stand on, at the snapshot (medians over episodes): the trade rate the quoter measures in the spot (the forecast projects trades at the side(s) quoted at this rate) against the spot trades the index hour then had; the spot\'s σ and sale rate as measured; the synthetic\'s half-spread in parts (bps of its reference: the widening\'s base, volatility, thin and index parts, the model\'s the rest) and the episodes whose synthetic quote hit the cap (SPREAD_CAPPED).\n');
  console.log('| regime | min to close | spot trades/h measured | spot trades in the index hour | spot σ (bps/√h) | spot sale rate (rights/h) | synthetic half-spread = base + volatility + thin + index + model (bps) | capped |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const [regime, runs] of byRegime) {
    for (const minutes of SNAPSHOT_MINUTES) {
      const snaps = runs.map((r) => r.snapshots.find((x) => x.minutesToClose === minutes)!);
      const med = (f: (s: Snapshot) => number, digits = 0) => median(snaps.map(f).filter((x) => Number.isFinite(x))).toFixed(digits);
      const capped = snaps.filter((s) => s.syntheticParts.reasons.includes('SPREAD_CAPPED')).length;
      console.log(
        `| ${regime} | −${minutes} | ${med((s) => s.spot.tradesPerHour, 1)} | ${median(runs.map((r) => r.tradeCount)).toFixed(0)} | ${med((s) => s.spot.sigmaBpsPerSqrtHour)} | ${med((s) => s.spot.saleRatePerHour, 1)} | ` +
          `${med((s) => s.syntheticHalfSpreadBps)} = ${med((s) => s.syntheticParts.base)} + ${med((s) => s.syntheticParts.volatility)} + ${med((s) => s.syntheticParts.thin)} + ${med((s) => s.syntheticParts.index)} + ${med((s) => s.syntheticParts.model)} | ${capped} of ${runs.length} |`,
      );
    }
  }

  console.log('\nThe options\' half-spread and its jump gap (|delta| × F × P(a jump within the hour, or before the close) × its size, from the spot\'s jump estimate), % of F: medians over the chain\'s quoted strikes, then over episodes.\n');
  console.log('| regime | min to close | options\' half-spread % of F | of which the jump gap |');
  console.log('|---|---|---|---|');
  for (const [regime, runs] of byRegime) {
    for (const minutes of SNAPSHOT_MINUTES) {
      const snaps = runs.map((r) => r.snapshots.find((x) => x.minutesToClose === minutes)!);
      const med = (f: (s: Snapshot) => number) => median(snaps.map(f).filter((x) => Number.isFinite(x))).toFixed(3);
      console.log(`| ${regime} | −${minutes} | ${med((s) => s.optionHalfSpreadPct)} | ${med((s) => s.optionJumpGapPct)} |`);
    }
  }

  console.log('\nTargets:');
  console.log(`  ${cellsLosing ? 'PASS' : 'FAIL'}  every strategy loses on average (mean < 0) in every regime and snapshot${winners.length === 0 ? '' : `; not: ${winners.join('; ')}`}`);
  console.log(`  ${narrowing ? 'PASS' : 'FAIL'}  the synthetic's median half-spread narrows from −60 to −1 min: ${spreads.join(', ')}`);
  console.log(`\n(${wall.toFixed(0)} s wall, ${(wall / (episodes * regimes.length)).toFixed(1)} s an episode; load ${loadavg()})`);
  const pass = cellsLosing && narrowing;
  console.log(`RESULT: ${pass ? 'PASS' : 'FAIL'}`);
  if (!pass) process.exitCode = 1;
}

await main();
