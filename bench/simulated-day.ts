/**
 * A simulated trading day against a fair value the broker does not see, through
 * the real pieces: Sequencer + LMDB journal + engine (with risk limits) + the
 * quoting service (its timer replaced by one `tick()` per simulated minute on an
 * injected clock, its estimates caught up from the journal at start).
 *
 *   npm run bench:day [-- --seeds 10 | --seed 3] [--arms none,informed30,jumps] [--param quoting.gamma=0.1 ...]
 *
 * Arms: none (no informed flow, no jumps), informed30 (30% informed), jumps (30%
 * informed and jumps) by default; informed50 (50% informed and jumps) and nopremium
 * (30% informed, jumps, no premium: uninformed value = fair on average) on request.
 *
 * The market, per series and minute:
 * - **Fair value**: a hidden log random walk, σ = 150 bps/√h (a step of
 *   0.015/√60 a minute); in the `jumps` arm also Poisson jumps (3 a day, ±5–10%).
 *   It is a martingale: the broker's freshness curve is set flat for this bench
 *   (freshnessOpen = freshnessClose = 1) so the curve's own drift is not a model
 *   error that decides the result.
 * - **Uninformed consumers** arrive (Poisson) valuing a right at fair × e^(1% + 5%·N):
 *   a realistic willingness-to-pay premium and no edge for the broker beyond it;
 *   they buy at the broker's best ask (IOC, 1–5 rights) when it is below their value,
 *   and exercise (burn) 70% of what they buy.
 * - **Uninformed providers** arrive with a reservation of fair × e^(−1% + 5%·N); they
 *   mint and sell at the broker's best bid (IOC, 1–8 rights) when it is above it.
 * - **Informed traders** (a share of every arrival in the informed arms) know the fair
 *   value 30 minutes ahead: they buy when it is above the ask, sell when below the bid.
 * - The broker's base value for the segment starts ±10% off the fair value (a realistic
 *   mis-estimate it must learn from trades); it starts with 150 rights per series
 *   bought at the fair value.
 *
 * P&L is marked at the **fair value**: cash change + final inventory × final fair −
 * starting inventory × starting fair. Seeded, so every run prints the same report.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  CommandKind,
  EventType,
  Journal,
  OrderType,
  recover,
  Role,
  SelfTradePrevention,
  Sequencer,
  SeriesKind,
  Side,
  SYSTEM_ACTOR,
  TimeInForce,
  type Command,
  type EngineEvent,
} from '../src/engine/index.js';
import { QuoteReason, startQuoting } from '../src/quoting/index.js';
import { prng } from './workload.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const MINUTES = 24 * 60;
const OPEN_MS = Date.UTC(2026, 10, 16);
const START_MS = OPEN_MS + DAY_MS; // day 2 of a 7-day window
const LONG_LIMIT = 200;
const WINDOW_LIMIT = 350;

export interface DayOptions {
  seed: number;
  /** Share of arrivals that are informed. */
  informedShare: number;
  /** Poisson jumps in the fair value. */
  jumps: boolean;
  sigmaBpsPerSqrtHour: number;
  /** How far ahead the informed traders see the fair value, minutes. */
  leadMinutes: number;
  /** Uninformed consumers' willingness-to-pay premium over fair, and providers' discount (log). */
  premium: number;
  /** Parameter changes the operator makes before the day (`quoting.*`, `risk.*`). */
  params?: Array<[string, number]>;
}

export interface SeriesResult {
  trades: number;
  pnlAtFairMicros: number;
  pnlAtReferenceMicros: number;
  minInventory: number;
  maxInventory: number;
  twoSidedShare: number;
  medianHalfSpreadBps: number;
  /** Share of the two-sided minutes whose half-spread sat at the cap. */
  cappedShare: number;
  /** Median σ estimate over the last 12 hours, bps/√h, and the fair path's realized σ. */
  sigmaEstimateBps: number;
  sigmaTrueBps: number;
  boughtQty: number;
  soldQty: number;
  boughtAvgMicros: number;
  soldAvgMicros: number;
}

export interface DayResult {
  options: DayOptions;
  busy: SeriesResult;
  thin: SeriesResult;
  pnlAtFairMicros: number;
  mmpTrips: number;
  quotesSent: number;
  /** The busy series' quote at the end of the day (calibrated k, σ, reasons). */
  busyEnd: string;
}

interface SimSeries {
  contract: string;
  id: number;
  /** Arrivals per minute, each side. */
  rate: number;
  fair: number[];
  trades: number;
  minInv: number;
  maxInv: number;
  twoSided: number;
  noBid: number;
  noAsk: number;
  halfSpreads: number[];
  capped: number;
  sigmas: number[];
  bought: { qty: number; micros: number };
  sold: { qty: number; micros: number };
  startInventory: number;
  startCashShare: number;
}

function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** One simulated day; returns its figures. */
export async function runDay(options: DayOptions): Promise<DayResult> {
  const rand = prng(options.seed * 7919 + (options.jumps ? 1 : 0) + Math.round(options.informedShare * 100) * 13);
  const gaussian = (): number => Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand());
  const poisson = (mean: number): number => {
    let k = 0;
    let p = Math.exp(-mean);
    let s = p;
    const u = rand();
    while (u > s && k < 100) {
      k++;
      p *= mean / k;
      s += p;
    }
    return k;
  };
  /** A fair path of MINUTES + lead minutes (the informed see ahead). */
  const fairPath = (start: number): number[] => {
    const step = (options.sigmaBpsPerSqrtHour / 10_000) / Math.sqrt(60);
    const out = [start];
    for (let m = 1; m <= MINUTES + options.leadMinutes; m++) {
      let log = step * gaussian();
      if (options.jumps && rand() < 3 / MINUTES) log += (rand() < 0.5 ? -1 : 1) * (0.05 + 0.05 * rand());
      out.push(out[m - 1]! * Math.exp(log));
    }
    return out;
  };

  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-day-'));
  const journal = Journal.open(dir, { durability: 'commit' });
  try {
    const { engine } = recover(journal);
    let now = START_MS;
    const sequencer = new Sequencer(engine, journal, () => now, { snapshotEveryCommands: 0, snapshotEveryMs: 0 });
    const send = async (cmd: Command): Promise<EngineEvent[]> => (await sequencer.submit(cmd)).events;
    const open = async (role: Role): Promise<number> => {
      const e = (await send({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role, address: '' })).find((x) => x.type === EventType.ACCOUNT_OPENED);
      if (e === undefined) throw new Error('account');
      return e.accountId;
    };
    const broker = await open(Role.BROKER);
    const operator = await open(Role.OPERATOR);
    const consumers: number[] = [];
    const providers: number[] = [];
    for (let i = 0; i < 20; i++) consumers.push(await open(Role.CONSUMER));
    for (let i = 0; i < 10; i++) providers.push(await open(Role.PROVIDER));
    const busyFair = 1_000_000;
    // The thin series is the higher band: worth about what the band factor says.
    const series: SimSeries[] = [
      { contract: 'AUTO_INTENT|7D|0.70-0.85', rate: 8, start: busyFair },
      { contract: 'AUTO_INTENT|7D|0.85-1.00', rate: 0.05, start: busyFair * 1.3 },
    ].map((x) => ({
      contract: x.contract, id: 0, rate: x.rate, fair: fairPath(x.start), trades: 0, minInv: Infinity, maxInv: -Infinity, twoSided: 0, noBid: 0, noAsk: 0,
      halfSpreads: [], capped: 0, sigmas: [], bought: { qty: 0, micros: 0 }, sold: { qty: 0, micros: 0 }, startInventory: 0, startCashShare: 0,
    }));
    for (const s of series) {
      const e = (await send({
        kind: CommandKind.LIST_SERIES, actor: SYSTEM_ACTOR, contract: s.contract, seriesKind: SeriesKind.SPOT, openAtMs: OPEN_MS, closeAtMs: OPEN_MS + 7 * DAY_MS,
        tickMicros: 1_000, lotSize: 1, minPriceMicros: 1_000, maxPriceMicros: 10_000_000, maxOrderQty: 100_000, bandBps: 500,
      })).find((x) => x.type === EventType.SERIES_LISTED);
      if (e === undefined) throw new Error('series');
      s.id = e.seriesId;
      for (const p of providers) await send({ kind: CommandKind.DECLARE_CAPACITY, actor: p, seriesId: s.id, capacity: 10_000_000 });
    }
    await send({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: broker, amountWei: 10_000n * 10n ** 18n, ref: 'broker' });
    for (const c of consumers) await send({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: c, amountWei: 1_000_000n * 10n ** 18n, ref: `c${c}` });
    let clientOrderId = 1;
    const order = (actor: number, seriesId: number, side: Side, priceMicros: number, qty: number, tif: TimeInForce = TimeInForce.IOC): Command => ({
      kind: CommandKind.NEW_ORDER, actor, seriesId, clientOrderId: clientOrderId++, side, orderType: OrderType.LIMIT, tif,
      priceMicros, qty, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST,
    });
    const misEstimate = Math.exp(0.2 * (rand() - 0.5)); // ±10%
    const params: Array<[string, number]> = [
      ['risk.brokerMaxLongSeries', LONG_LIMIT],
      ['risk.brokerMaxLongWindow', WINDOW_LIMIT],
      ['risk.mmpQty', 200],
      ['risk.mmpIntervalMs', MINUTE_MS],
      ['risk.mmpFreezeMs', 5 * MINUTE_MS],
      ['risk.priceBandBps', 2_000],
      ['quoting.freshnessOpen', 1],
      ['quoting.freshnessClose', 1],
      ['quoting.defaultQuality', 1],
      ['quoting.baseValueMicros:AUTO_INTENT', Math.round(busyFair * misEstimate)],
      ...(options.params ?? []),
    ];
    for (const [name, value] of params) await send({ kind: CommandKind.SET_PARAM, actor: operator, name, value });
    // Starting inventory: 150 rights per series bought from a provider at the fair value.
    for (const s of series) {
      const p = providers[0]!;
      const price = Math.round(s.fair[0]! / 1_000) * 1_000;
      await send({ kind: CommandKind.MINT, actor: p, seriesId: s.id, qty: 150 });
      await send(order(p, s.id, Side.SELL, price, 150, TimeInForce.GTC));
      await send(order(broker, s.id, Side.BUY, price, 150));
      s.startInventory = 150;
    }
    const quoter = startQuoting({ engine, sequencer, clock: () => now, tickMs: 0, journal });
    const cashStart = engine.account(broker)!.availableMicros + engine.account(broker)!.heldMicros;
    let mmpTrips = 0;
    const byId = new Map(series.map((s) => [s.id, s]));
    sequencer.onRelease((batch) => {
      for (const e of batch.events) {
        if (e.type === EventType.FILL && (e.makerAccountId === broker || e.takerAccountId === broker)) {
          const s = byId.get(e.seriesId);
          if (s === undefined) continue;
          const brokerBuys = (e.takerSide === Side.BUY) === (e.takerAccountId === broker);
          const side = brokerBuys ? s.bought : s.sold;
          side.qty += e.qty;
          side.micros += e.qty * e.priceMicros;
        } else if (e.type === EventType.MMP_TRIGGERED) mmpTrips++;
      }
    });

    const informedShare = options.informedShare;
    for (let minute = 0; minute < MINUTES; minute++) {
      now = START_MS + minute * MINUTE_MS;
      quoter.tick();
      await sequencer.drain();
      for (const s of series) {
        const fair = s.fair[minute]!;
        const ahead = s.fair[minute + options.leadMinutes]!;
        const sr = engine.seriesById(s.id)!;
        const bestAsk = sr.brokerSells.bestAskMicros();
        const bestBid = sr.brokerBuys.bestBidMicros();
        const view = quoter.view(s.id);
        if (bestBid === 0) s.noBid++;
        if (bestAsk === 0) s.noAsk++;
        if (bestAsk > 0 && bestBid > 0) {
          s.twoSided++;
          if (view !== undefined) {
            s.halfSpreads.push(view.halfSpreadBps);
            if (view.reasons.includes(QuoteReason.SPREAD_CAPPED)) s.capped++;
          }
        }
        if (view !== undefined && minute >= MINUTES / 2) s.sigmas.push(view.sigmaBpsPerSqrtHour);
        for (let i = poisson(s.rate); i > 0; i--) {
          if (bestAsk === 0) break;
          const informed = rand() < informedShare;
          const value = informed ? ahead : fair * Math.exp(options.premium + 0.05 * gaussian());
          if (value < bestAsk) continue;
          const c = consumers[Math.floor(rand() * consumers.length)]!;
          const ev = await send(order(c, s.id, Side.BUY, bestAsk, 1 + Math.floor(rand() * 5)));
          let bought = 0;
          for (const e of ev) if (e.type === EventType.FILL) {
            bought += e.qty;
            s.trades++;
          }
          if (bought > 0 && rand() < 0.7) await send({ kind: CommandKind.EXERCISE, actor: c, seriesId: s.id, qty: bought });
        }
        for (let i = poisson(s.rate); i > 0; i--) {
          if (bestBid === 0) break;
          const informed = rand() < informedShare;
          const reservation = informed ? ahead : fair * Math.exp(-options.premium + 0.05 * gaussian());
          if (reservation > bestBid) continue;
          const p = providers[Math.floor(rand() * providers.length)]!;
          const qty = 1 + Math.floor(rand() * 8);
          await send({ kind: CommandKind.MINT, actor: p, seriesId: s.id, qty });
          const ev = await send(order(p, s.id, Side.SELL, bestBid, qty));
          for (const e of ev) if (e.type === EventType.FILL) s.trades++;
        }
        const pos = engine.account(broker)!.positions.get(s.id);
        const inv = pos === undefined ? 0 : pos.available + pos.held;
        s.minInv = Math.min(s.minInv, inv);
        s.maxInv = Math.max(s.maxInv, inv);
      }
    }
    await sequencer.drain();
    const b = engine.account(broker)!;
    const cashEnd = b.availableMicros + b.heldMicros;
    const results = series.map((s): SeriesResult => {
      const pos = b.positions.get(s.id);
      const inv = pos === undefined ? 0 : pos.available + pos.held;
      const fairEnd = s.fair[MINUTES - 1]!;
      const cash = s.sold.micros - s.bought.micros + 0;
      let sq = 0;
      for (let m = 1; m < MINUTES; m++) sq += Math.log(s.fair[m]! / s.fair[m - 1]!) ** 2;
      const reference = engine.seriesById(s.id)!.referencePriceMicros;
      return {
        trades: s.trades,
        pnlAtFairMicros: cash + inv * fairEnd - s.startInventory * s.fair[0]!,
        pnlAtReferenceMicros: cash + inv * reference - s.startInventory * s.fair[0]!,
        minInventory: s.minInv,
        maxInventory: s.maxInv,
        twoSidedShare: s.twoSided / MINUTES,
        medianHalfSpreadBps: median(s.halfSpreads),
        cappedShare: s.halfSpreads.length === 0 ? 0 : s.capped / s.halfSpreads.length,
        sigmaEstimateBps: median(s.sigmas),
        sigmaTrueBps: Math.sqrt(sq / 24) * 10_000,
        boughtQty: s.bought.qty,
        soldQty: s.sold.qty,
        boughtAvgMicros: s.bought.qty === 0 ? 0 : s.bought.micros / s.bought.qty,
        soldAvgMicros: s.sold.qty === 0 ? 0 : s.sold.micros / s.sold.qty,
      };
    });
    // The per-series cash legs add up to the broker's cash change (fills are its only cash flows here).
    const cashFromFills = series.reduce((n, s) => n + s.sold.micros - s.bought.micros, 0);
    if (Math.abs(cashFromFills - (cashEnd - cashStart)) > 1) throw new Error(`cash does not reconcile: ${cashFromFills} vs ${cashEnd - cashStart}`);
    const end = quoter.view(series[0]!.id);
    const busyEnd = end === undefined ? '-' : `no bid ${series[0]!.noBid} min, no ask ${series[0]!.noAsk} min; k ${end.k.toFixed(1)}, intensity ${end.arrivalPerHour.toFixed(0)}/h, σ ${end.sigmaBpsPerSqrtHour.toFixed(0)} bps/√h, half-spread ${end.halfSpreadBps.toFixed(0)} bps, inventory ${end.inventory}, reasons ${end.reasons.join(' ') || '-'}`;
    const out: DayResult = {
      busyEnd,
      options,
      busy: results[0]!,
      thin: results[1]!,
      pnlAtFairMicros: results[0]!.pnlAtFairMicros + results[1]!.pnlAtFairMicros,
      mmpTrips,
      quotesSent: quoter.stats.quotesSent,
    };
    quoter.stop();
    await sequencer.stop();
    return out;
  } finally {
    await journal.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const BASE = { sigmaBpsPerSqrtHour: 150, leadMinutes: 30, premium: 0.01 };
/** The three arms of the issue, and two harsher ones for robustness (run them with --arms). */
const ARMS: Record<string, Omit<DayOptions, 'seed'>> = {
  none: { ...BASE, informedShare: 0, jumps: false },
  informed30: { ...BASE, informedShare: 0.3, jumps: false },
  jumps: { ...BASE, informedShare: 0.3, jumps: true },
  informed50: { ...BASE, informedShare: 0.5, jumps: true },
  nopremium: { ...BASE, informedShare: 0.3, jumps: true, premium: 0 },
};

function meanStd(xs: number[]): [number, number] {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.length < 2 ? 0 : xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
  return [m, Math.sqrt(v)];
}

const pat = (micros: number, digits = 2): string => (micros / 1e6).toFixed(digits);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seeds: { type: 'string', default: '10' }, seed: { type: 'string' }, arms: { type: 'string', default: 'none,informed30,jumps' }, param: { type: 'string', multiple: true, default: [] } } });
  const params = values.param.map((p): [string, number] => {
    const [name, value] = p.split('=');
    if (name === undefined || value === undefined || !Number.isFinite(Number(value))) throw new Error(`--param NAME=VALUE, got '${p}'`);
    return [name, Number(value)];
  });
  const seeds = values.seed !== undefined ? [Number(values.seed)] : Array.from({ length: Number(values.seeds) }, (_, i) => i + 1);
  const arms = values.arms.split(',').map((a) => a.trim());
  for (const a of arms) if (ARMS[a] === undefined) throw new Error(`unknown arm '${a}' (${Object.keys(ARMS).join(', ')})`);
  const t0 = performance.now();
  console.log(`Simulated day: ${MINUTES} one-minute steps, seeds ${seeds.join(',')}; fair σ 150 bps/√h, informed see 30 min ahead; broker long limit ${LONG_LIMIT}/series, ${WINDOW_LIMIT}/window`);
  const byArm = new Map<string, DayResult[]>();
  for (const arm of arms) {
    const runs: DayResult[] = [];
    for (const seed of seeds) runs.push(await runDay({ seed, ...ARMS[arm]!, params }));
    byArm.set(arm, runs);
  }
  console.log('\n| arm | P&L at fair (PAT) mean ± std | seeds > 0 | busy: inventory range | busy: median half-spread (bps) | at cap | busy: σ est / true (bps/√h) | busy: two-sided | busy trades | thin: P&L at fair | thin: two-sided |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const [arm, runs] of byArm) {
    const [m, sd] = meanStd(runs.map((r) => r.pnlAtFairMicros / 1e6));
    const positive = runs.filter((r) => r.pnlAtFairMicros > 0).length;
    const inv = `${Math.min(...runs.map((r) => r.busy.minInventory))}..${Math.max(...runs.map((r) => r.busy.maxInventory))}`;
    const half = median(runs.map((r) => r.busy.medianHalfSpreadBps));
    const capped = median(runs.map((r) => r.busy.cappedShare));
    const est = median(runs.map((r) => r.busy.sigmaEstimateBps));
    const truth = median(runs.map((r) => r.busy.sigmaTrueBps));
    const two = median(runs.map((r) => r.busy.twoSidedShare));
    const trades = median(runs.map((r) => r.busy.trades));
    const [tm] = meanStd(runs.map((r) => r.thin.pnlAtFairMicros / 1e6));
    const thinTwo = median(runs.map((r) => r.thin.twoSidedShare));
    console.log(`| ${arm} | ${m.toFixed(2)} ± ${sd.toFixed(2)} | ${positive}/${runs.length} | ${inv} | ${half.toFixed(0)} | ${(capped * 100).toFixed(0)}% | ${est.toFixed(0)} / ${truth.toFixed(0)} | ${(two * 100).toFixed(1)}% | ${trades} | ${tm.toFixed(2)} | ${(thinTwo * 100).toFixed(1)}% |`);
  }
  console.log('\nPer seed (P&L at fair, busy + thin; at the broker\'s own reference in brackets):');
  for (const [arm, runs] of byArm) {
    console.log(`  ${arm}: ${runs.map((r) => `${pat(r.pnlAtFairMicros)} [${pat(r.busy.pnlAtReferenceMicros + r.thin.pnlAtReferenceMicros)}]`).join(', ')}`);
    const r = runs[0]!;
    console.log(`    seed ${r.options.seed} busy: bought ${r.busy.boughtQty} at ${pat(r.busy.boughtAvgMicros, 3)}, sold ${r.busy.soldQty} at ${pat(r.busy.soldAvgMicros, 3)}; MMP trips ${r.mmpTrips}; mass quotes ${r.quotesSent}; at the end: ${r.busyEnd}`);
  }
  const target = byArm.get('informed30');
  if (target !== undefined) {
    const positive = target.filter((r) => r.pnlAtFairMicros > 0).length;
    const need = Math.ceil(target.length * 0.9);
    const half = median(target.map((r) => r.busy.medianHalfSpreadBps));
    const capped = median(target.map((r) => r.busy.cappedShare));
    const ratios = target.map((r) => r.busy.sigmaEstimateBps / r.busy.sigmaTrueBps);
    const ratio = median(ratios);
    const two = Math.min(...target.map((r) => r.busy.twoSidedShare));
    const line = (ok: boolean, text: string) => console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${text}`);
    console.log('\nTargets (informed30):');
    line(positive >= need, `P&L at fair positive in ${positive} of ${target.length} seeds (target ≥ ${need})`);
    line(half <= 500 && capped < 0.5, `median half-spread ${half.toFixed(0)} bps (target ≤ 500), at the cap ${(capped * 100).toFixed(0)}% of the time`);
    line(Math.min(...ratios) >= 0.7 && Math.max(...ratios) <= 1.3, `σ estimate / true σ: median ${ratio.toFixed(2)}, range ${Math.min(...ratios).toFixed(2)}..${Math.max(...ratios).toFixed(2)} (target 0.7..1.3)`);
    line(two >= 0.9, `busy series two-sided ${(two * 100).toFixed(1)}% of the time at worst (target ≥ 90%)`);
  }
  console.log(`\n(${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(path.basename(process.argv[1]))) await main();
