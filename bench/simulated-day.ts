/**
 * A simulated trading day against a fair value the broker does not see, through
 * the real pieces: Sequencer + LMDB journal + engine (with risk limits) + the
 * quoting service (its timer replaced by one `tick()` per simulated minute on an
 * injected clock, its estimates caught up from the journal at start).
 *
 *   npm run bench:day [-- --seeds 10 | --seed 3] [--arms none,informed30,jumps]
 *                     [--lead 30] [--sigma 150] [--premium 0.01] [--param quoting.gamma=0.1 ...]
 *
 * Arms: none (no informed flow, no jumps), informed30 (30% informed), jumps (30%
 * informed and jumps) by default; informed50 (50% informed and jumps) and nopremium
 * (30% informed, jumps, no premium: uninformed value = fair on average) on request.
 * Every arm of one seed sees the same diffusion path, the same jump times and sizes
 * (applied only where the arm has jumps) and the same mis-estimate, so the arms differ
 * by their flow and not by luck.
 *
 * The market, per series and minute:
 * - **Fair value**: a hidden log random walk, σ = 150 bps/√h (a step of
 *   0.015/√60 a minute); in the `jumps` arm also Poisson jumps (3 a day, sizes
 *   lognormal around ±7%, mostly 5–10%). It is a martingale: the broker's freshness
 *   curve is set flat for this bench (freshnessOpen = freshnessClose = 1) so the
 *   curve's own drift (~7% a day early in a 7D window) is not a model error that
 *   decides the result.
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
 * The σ compared is the fair path's realized σ over the day (in the `jumps` arm it
 * counts the jumps; the diffusion alone is the configured σ).
 *
 * P&L is marked at the **fair value**: cash change + final inventory × final fair −
 * starting inventory × starting fair. It splits exactly into the edge of each fill
 * against the fair value at that minute (by counterparty: uninformed or informed)
 * and the inventory's mark-to-fair (what the fair value's moves did to the position).
 * Seeded, so every run prints the same report.
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
import { startQuoting } from '../src/quoting/index.js';
import { prng } from './workload.js';
import { reportFigure } from './support/figures.js';

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
  /** The broker's edge on its fills against the fair value of that minute, by counterparty, µPAT. */
  edgeUninformedMicros: number;
  edgeInformedMicros: number;
  /** What the fair value's moves did to the inventory held (P&L at fair − both edges), µPAT. */
  inventoryPnlMicros: number;
  /** Rights the broker traded with informed counterparties (either side). */
  informedQty: number;
  /**
   * The same edges marked at the fair value `leadMinutes` after each fill (a markout):
   * what the informed take shows here, not in the at-fill edge, whose fair they see coming.
   */
  markoutUninformedMicros: number;
  markoutInformedMicros: number;
}

export interface DayResult {
  options: DayOptions;
  busy: SeriesResult;
  thin: SeriesResult;
  pnlAtFairMicros: number;
  pnlAtReferenceMicros: number;
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
  edgeUninformed: number;
  edgeInformed: number;
  informedQty: number;
  markoutUninformed: number;
  markoutInformed: number;
  /** Σ inventory held over each minute × the fair value's move in it (checks the P&L split). */
  holding: number;
}

function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** One simulated day; returns its figures. */
export async function runDay(options: DayOptions): Promise<DayResult> {
  // Separate streams, seeded by the seed alone: every arm of a seed sees the same fair
  // path (jumps drawn always, applied only with options.jumps), the same mis-estimate
  // and the same arrival stream, so arms are compared on common random numbers.
  const stream = (n: number): (() => number) => prng(options.seed * 7919 + n);
  const rand = stream(1); // the flow: arrivals, valuations, sizes
  const gaussianOf = (r: () => number) => (): number => Math.sqrt(-2 * Math.log(Math.max(r(), 1e-12))) * Math.cos(2 * Math.PI * r());
  const gaussian = gaussianOf(rand);
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
  /** One arrival's randoms: informed or not, valuation noise, which account, size, exercise. */
  const draw = (): { informed: boolean; noise: number; who: number; size: number; exercise: number } => ({
    informed: rand() < options.informedShare,
    noise: gaussian(),
    who: rand(),
    size: rand(),
    exercise: rand(),
  });
  /** The fair path of series `i`: MINUTES + lead minutes (the informed see ahead). */
  const fairPath = (i: number, start: number): number[] => {
    const walk = stream(100 + 2 * i);
    const jumpRand = stream(101 + 2 * i);
    const walkN = gaussianOf(walk);
    const jumpN = gaussianOf(jumpRand);
    const step = (options.sigmaBpsPerSqrtHour / 10_000) / Math.sqrt(60);
    const out = [start];
    for (let m = 1; m <= MINUTES + options.leadMinutes; m++) {
      let log = step * walkN();
      // Poisson jumps, 3 a day; |size| lognormal around 7% (5–10% within ±1.8 sd).
      const jump = jumpRand() < 3 / MINUTES;
      const size = (jumpRand() < 0.5 ? -1 : 1) * 0.07 * Math.exp(0.2 * jumpN());
      if (jump && options.jumps) log += size;
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
    ].map((x, i) => ({
      contract: x.contract, id: 0, rate: x.rate, fair: fairPath(i, x.start), trades: 0, minInv: Infinity, maxInv: -Infinity, twoSided: 0, noBid: 0, noAsk: 0,
      halfSpreads: [], capped: 0, sigmas: [], bought: { qty: 0, micros: 0 }, sold: { qty: 0, micros: 0 }, startInventory: 0,
      edgeUninformed: 0, edgeInformed: 0, informedQty: 0, markoutUninformed: 0, markoutInformed: 0, holding: 0,
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
    const misEstimate = Math.exp(0.2 * (stream(2)() - 0.5)); // ±10%, the same in every arm of a seed
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
    const cashStart = engine.account(broker)!.availableMicros + engine.account(broker)!.heldMicros + engine.account(broker)!.lockedMicros;
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

    const capBps = quoter.params().maxHalfSpreadBps;
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
            // At the cap: the half-spread equals s·maxHalfSpreadBps (the view rounds to 0.1 bps).
            if (view.halfSpreadBps >= capBps - 0.5) s.capped++;
          }
        }
        if (view !== undefined && minute >= MINUTES / 2) s.sigmas.push(view.sigmaBpsPerSqrtHour);
        // Every arrival draws the same randoms whether or not it trades (and whatever the
        // arm), so the arms of a seed share one arrival stream.
        for (let i = poisson(s.rate); i > 0; i--) {
          const a = draw();
          if (bestAsk === 0) continue;
          const value = a.informed ? ahead : fair * Math.exp(options.premium + 0.05 * a.noise);
          if (value < bestAsk) continue;
          const c = consumers[Math.floor(a.who * consumers.length)]!;
          const ev = await send(order(c, s.id, Side.BUY, bestAsk, 1 + Math.floor(a.size * 5)));
          let bought = 0;
          for (const e of ev) if (e.type === EventType.FILL) {
            bought += e.qty;
            s.trades++;
            // The broker sold: its edge is the price over the fair value of this minute.
            const edge = e.qty * (e.priceMicros - fair);
            const markout = e.qty * (e.priceMicros - ahead);
            if (a.informed) {
              s.edgeInformed += edge;
              s.markoutInformed += markout;
              s.informedQty += e.qty;
            } else {
              s.edgeUninformed += edge;
              s.markoutUninformed += markout;
            }
          }
          if (bought > 0 && a.exercise < 0.7) await send({ kind: CommandKind.EXERCISE, actor: c, seriesId: s.id, qty: bought });
        }
        for (let i = poisson(s.rate); i > 0; i--) {
          const a = draw();
          if (bestBid === 0) continue;
          const reservation = a.informed ? ahead : fair * Math.exp(-options.premium + 0.05 * a.noise);
          if (reservation > bestBid) continue;
          const p = providers[Math.floor(a.who * providers.length)]!;
          const qty = 1 + Math.floor(a.size * 8);
          await send({ kind: CommandKind.MINT, actor: p, seriesId: s.id, qty });
          const ev = await send(order(p, s.id, Side.SELL, bestBid, qty));
          for (const e of ev) if (e.type === EventType.FILL) {
            s.trades++;
            const edge = e.qty * (fair - e.priceMicros); // the broker bought
            const markout = e.qty * (ahead - e.priceMicros);
            if (a.informed) {
              s.edgeInformed += edge;
              s.markoutInformed += markout;
              s.informedQty += e.qty;
            } else {
              s.edgeUninformed += edge;
              s.markoutUninformed += markout;
            }
          }
        }
        const pos = engine.account(broker)!.positions.get(s.id);
        const inv = pos === undefined ? 0 : pos.available + pos.held;
        s.minInv = Math.min(s.minInv, inv);
        s.maxInv = Math.max(s.maxInv, inv);
        if (minute < MINUTES - 1) s.holding += inv * (s.fair[minute + 1]! - fair);
      }
    }
    await sequencer.drain();
    const b = engine.account(broker)!;
    // Locked PAT (forward escrow and collateral) is the broker's too.
    const cashEnd = b.availableMicros + b.heldMicros + b.lockedMicros;
    const results = series.map((s): SeriesResult => {
      // The split must be exact: every broker fill was counted in an edge (else the bench lost one).
      const split = s.edgeUninformed + s.edgeInformed + s.holding;
      const pos = b.positions.get(s.id);
      const inv = pos === undefined ? 0 : pos.available + pos.held;
      const fairEnd = s.fair[MINUTES - 1]!;
      const cash = s.sold.micros - s.bought.micros;
      let sq = 0;
      for (let m = 1; m < MINUTES; m++) sq += Math.log(s.fair[m]! / s.fair[m - 1]!) ** 2;
      const reference = engine.seriesById(s.id)!.referencePriceMicros;
      const pnlAtFair = cash + inv * fairEnd - s.startInventory * s.fair[0]!;
      if (Math.abs(split - pnlAtFair) > 1_000) throw new Error(`P&L split does not reconcile in ${s.contract}: ${split} vs ${pnlAtFair}`);
      return {
        trades: s.trades,
        pnlAtFairMicros: pnlAtFair,
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
        edgeUninformedMicros: s.edgeUninformed,
        edgeInformedMicros: s.edgeInformed,
        inventoryPnlMicros: pnlAtFair - s.edgeUninformed - s.edgeInformed,
        informedQty: s.informedQty,
        markoutUninformedMicros: s.markoutUninformed,
        markoutInformedMicros: s.markoutInformed,
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
      pnlAtReferenceMicros: results[0]!.pnlAtReferenceMicros + results[1]!.pnlAtReferenceMicros,
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

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/** Parses a finite number option, or explains what it wanted. */
function numberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${name} wants a number, got '${value}'`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: '10' },
      seed: { type: 'string' },
      arms: { type: 'string', default: 'none,informed30,jumps' },
      lead: { type: 'string' },
      sigma: { type: 'string' },
      premium: { type: 'string' },
      param: { type: 'string', multiple: true, default: [] },
    },
  });
  const params = values.param.map((p): [string, number] => {
    const [name, value] = p.split('=');
    if (name === undefined || value === undefined || !Number.isFinite(Number(value))) throw new Error(`--param NAME=VALUE, got '${p}'`);
    return [name, Number(value)];
  });
  // Overrides apply to every arm run (nopremium included, if --premium is given).
  const overrides: Partial<DayOptions> = {};
  const lead = numberOption('lead', values.lead);
  const sigma = numberOption('sigma', values.sigma);
  const premium = numberOption('premium', values.premium);
  if (lead !== undefined) overrides.leadMinutes = Math.max(0, Math.round(lead));
  if (sigma !== undefined) overrides.sigmaBpsPerSqrtHour = sigma;
  if (premium !== undefined) overrides.premium = premium;
  const seedCount = numberOption('seeds', values.seeds) ?? 10;
  if (!Number.isInteger(seedCount) || seedCount < 1) throw new Error(`--seeds wants a whole number ≥ 1, got '${values.seeds}'`);
  const seeds = values.seed !== undefined ? [numberOption('seed', values.seed)!] : Array.from({ length: seedCount }, (_, i) => i + 1);
  const arms = values.arms.split(',').map((a) => a.trim());
  for (const a of arms) if (ARMS[a] === undefined) throw new Error(`unknown arm '${a}' (${Object.keys(ARMS).join(', ')})`);
  const shown = { ...BASE, ...overrides };
  const t0 = performance.now();
  console.log(
    `Simulated day: ${MINUTES} one-minute steps, seeds ${seeds.join(',')}; fair σ ${shown.sigmaBpsPerSqrtHour} bps/√h, informed see ${shown.leadMinutes} min ahead, ` +
      `uninformed premium ${(shown.premium * 100).toFixed(1)}%; broker long limit ${LONG_LIMIT}/series, ${WINDOW_LIMIT}/window${params.length > 0 ? `; params ${params.map(([n, v]) => `${n}=${v}`).join(' ')}` : ''}`,
  );
  const byArm = new Map<string, DayResult[]>();
  for (const arm of arms) {
    const runs: DayResult[] = [];
    for (const seed of seeds) runs.push(await runDay({ seed, ...ARMS[arm]!, ...overrides, params }));
    byArm.set(arm, runs);
  }
  const wall = (performance.now() - t0) / 1000;

  console.log('\nP&L (PAT, busy + thin; mean over seeds). At fair = edge vs uninformed + edge vs informed + inventory (the fair value\'s moves on the position held).\n');
  console.log(`| arm | P&L at fair mean ± std | seeds > 0 | P&L at own reference | edge vs uninformed | edge vs informed | inventory | markout +${shown.leadMinutes} min: uninformed / informed | informed share of broker volume |`);
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const [arm, runs] of byArm) {
    const [m, sd] = meanStd(runs.map((r) => r.pnlAtFairMicros / 1e6));
    const positive = runs.filter((r) => r.pnlAtFairMicros > 0).length;
    const both = (f: (x: SeriesResult) => number) => mean(runs.map((r) => (f(r.busy) + f(r.thin)) / 1e6));
    const volume = sum(runs.map((r) => r.busy.boughtQty + r.busy.soldQty + r.thin.boughtQty + r.thin.soldQty));
    const informedQty = sum(runs.map((r) => r.busy.informedQty + r.thin.informedQty));
    console.log(
      `| ${arm} | ${m.toFixed(2)} ± ${sd.toFixed(2)} | ${positive}/${runs.length} | ${mean(runs.map((r) => r.pnlAtReferenceMicros / 1e6)).toFixed(2)} | ` +
        `${both((x) => x.edgeUninformedMicros).toFixed(2)} | ${both((x) => x.edgeInformedMicros).toFixed(2)} | ${both((x) => x.inventoryPnlMicros).toFixed(2)} | ` +
        `${both((x) => x.markoutUninformedMicros).toFixed(2)} / ${both((x) => x.markoutInformedMicros).toFixed(2)} | ${volume === 0 ? '-' : `${((informedQty / volume) * 100).toFixed(1)}%`} |`,
    );
  }

  console.log('\nBusy series (AUTO_INTENT|7D|0.70-0.85): medians over seeds; inventory range over all seeds; half-spread sampled each two-sided minute, σ over the last 12 h.\n');
  console.log('| arm | inventory range | median half-spread (bps) | at cap | σ est / true (bps/√h) | σ ratio range | two-sided (worst seed) | trades | broker bought @ avg | broker sold @ avg |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const [arm, runs] of byArm) {
    const b = runs.map((r) => r.busy);
    const inv = `${Math.min(...b.map((x) => x.minInventory))}..${Math.max(...b.map((x) => x.maxInventory))}`;
    const ratios = b.map((x) => x.sigmaEstimateBps / x.sigmaTrueBps);
    const bought = sum(b.map((x) => x.boughtQty));
    const sold = sum(b.map((x) => x.soldQty));
    const boughtAvg = bought === 0 ? 0 : sum(b.map((x) => x.boughtAvgMicros * x.boughtQty)) / bought;
    const soldAvg = sold === 0 ? 0 : sum(b.map((x) => x.soldAvgMicros * x.soldQty)) / sold;
    console.log(
      `| ${arm} | ${inv} | ${median(b.map((x) => x.medianHalfSpreadBps)).toFixed(0)} | ${(median(b.map((x) => x.cappedShare)) * 100).toFixed(0)}% | ` +
        `${median(b.map((x) => x.sigmaEstimateBps)).toFixed(0)} / ${median(b.map((x) => x.sigmaTrueBps)).toFixed(0)} | ${Math.min(...ratios).toFixed(2)}..${Math.max(...ratios).toFixed(2)} | ` +
        `${(median(b.map((x) => x.twoSidedShare)) * 100).toFixed(1)}% (${(Math.min(...b.map((x) => x.twoSidedShare)) * 100).toFixed(1)}%) | ${median(b.map((x) => x.trades))} | ` +
        `${(bought / runs.length).toFixed(0)} @ ${pat(boughtAvg, 3)} | ${(sold / runs.length).toFixed(0)} @ ${pat(soldAvg, 3)} |`,
    );
  }

  console.log('\nThin series (AUTO_INTENT|7D|0.85-1.00): means over seeds.\n');
  console.log('| arm | P&L at fair | inventory range | median half-spread (bps) | two-sided | trades |');
  console.log('|---|---|---|---|---|---|');
  for (const [arm, runs] of byArm) {
    const t = runs.map((r) => r.thin);
    const half = t.map((x) => x.medianHalfSpreadBps).filter((x) => Number.isFinite(x));
    console.log(
      `| ${arm} | ${mean(t.map((x) => x.pnlAtFairMicros / 1e6)).toFixed(2)} | ${Math.min(...t.map((x) => x.minInventory))}..${Math.max(...t.map((x) => x.maxInventory))} | ` +
        `${half.length === 0 ? '-' : median(half).toFixed(0)} | ${(mean(t.map((x) => x.twoSidedShare)) * 100).toFixed(1)}% | ${mean(t.map((x) => x.trades)).toFixed(1)} |`,
    );
  }

  // For bench/measure-all.ts: one value per seed (each seed a day of its own).
  for (const [arm, runs] of byArm) reportFigure(`broker P&L at fair a day, ${arm}`, 'PAT', runs.map((r) => r.pnlAtFairMicros / 1e6), 'higher');
  const informed = byArm.get('informed30');
  if (informed !== undefined) {
    reportFigure('busy series median half-spread, informed30', 'bps', informed.map((r) => r.busy.medianHalfSpreadBps), 'lower');
    reportFigure('busy series σ estimate ÷ true σ, informed30', '×', informed.map((r) => r.busy.sigmaEstimateBps / r.busy.sigmaTrueBps), 'higher');
    reportFigure('busy series two-sided share of minutes, informed30', '%', informed.map((r) => r.busy.twoSidedShare * 100), 'higher');
  }

  console.log('\nPer seed (P&L at fair, busy + thin; at the broker\'s own reference in brackets):');
  for (const [arm, runs] of byArm) {
    console.log(`  ${arm}: ${runs.map((r) => `${pat(r.pnlAtFairMicros)} [${pat(r.pnlAtReferenceMicros)}]`).join(', ')}`);
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
    line(positive >= need, `P&L at fair positive in ${positive} of ${target.length} seeds (target ≥ ${need}, i.e. 9 of 10)`);
    line(half <= 500 && capped < 0.5, `median half-spread ${half.toFixed(0)} bps (target ≤ 500), at the cap ${(capped * 100).toFixed(0)}% of the two-sided minutes (target: not pinned, < 50%)`);
    line(Math.min(...ratios) >= 0.7 && Math.max(...ratios) <= 1.3, `σ estimate / true σ: median ${ratio.toFixed(2)}, every seed in ${Math.min(...ratios).toFixed(2)}..${Math.max(...ratios).toFixed(2)} (target 0.7..1.3)`);
    line(two >= 0.9, `busy series two-sided ${(two * 100).toFixed(1)}% of the minutes in its worst seed (target ≥ 90%)`);
  } else console.log('\nTargets: judged on the informed30 arm, which was not run.');
  console.log(`\n(${wall.toFixed(1)} s wall, ${(wall / (seeds.length * arms.length)).toFixed(2)} s a day)`);
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(path.basename(process.argv[1]))) await main();
