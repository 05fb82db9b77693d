/**
 * One episode of bench/options-arb.ts: the last hours of a 7D spot window through the real
 * pieces (Sequencer + LMDB journal in a temp dir + engine under the current rules + the quoting
 * service, its timer replaced by one `tick()` a simulated minute on an injected clock), with a
 * synthetic and a CALL and a PUT at each strike of the grid listed on the window (phase 4), a
 * hidden fair value and uninformed spot flow. At the snapshot minutes it records the broker's
 * best bid and ask in every cash-settled series and what the quoter expected the index to be;
 * after the close it expires them and returns the index the engine published.
 *
 * Seeded: the same options give the same episode.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CommandKind,
  CURRENT_RULES,
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
  type Engine,
  type Series,
} from '../../src/engine/index.js';
import { elapsedShare, freshnessValue, startQuoting, strikeGrid } from '../../src/quoting/index.js';
import type { OptionQuote } from '../../src/quoting/options.js';
import { median } from './figures.js';
import { prng } from '../workload.js';
import { SHIPPED_PARAM_SEEDS } from '../../src/app/config.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** A Thursday, as weekly windows (epoch 0) open; the window closes a week later. */
const OPEN_MS = Date.UTC(2026, 10, 19);
const CLOSE_MS = OPEN_MS + 7 * DAY_MS;
const CONTRACT = 'AUTO_INTENT|7D|0.70-0.85';
const TICK_MICROS = 1_000;
/** The episode's hours before the close: history for the quoter's estimates, inventory to sell. */
export const EPISODE_HOURS = 6;
/** Rights the broker holds when the episode starts, bought from a provider at the fair value. */
const START_INVENTORY = 40;
/** Minutes before the close at which the broker's cash-settled quotes are read. */
export const SNAPSHOT_MINUTES = [60, 10, 1] as const;
/** The operator's limits, as the service ships them (src/app/config.ts), but minting open to any provider and no throttle or payout check a bench's own flow has no use for. */
const NOT_SEEDED = new Set(['risk.mintRequiresListing', 'risk.throttleMessages', 'risk.throttleWindowMs', 'risk.payoutRequiresVerification']);
const PARAMS: Array<[string, number]> = Object.entries(SHIPPED_PARAM_SEEDS).filter(([name]) => !NOT_SEEDED.has(name));

export type Regime = 'two-sided' | 'sellers' | 'thin' | 'jump' | 'jump-down';
/** The regimes a run takes by default (the four). */
export const REGIMES: readonly Regime[] = ['two-sided', 'sellers', 'thin', 'jump'];
/**
 * Every regime, `jump-down` too: the `jump` regime's −20% mirror, asked for by name. A jump nobody
 * announced that always goes up pays whoever buys calls beforehand by construction; over both signs
 * a strategy that does not know the sign is priced against the broker's spread alone.
 */
export const ALL_REGIMES: readonly Regime[] = [...REGIMES, 'jump-down'];

interface RegimeFlow {
  /** Consumer and provider arrivals a minute, each, given the minutes left to the close. */
  rates(minutesToClose: number): { buyers: number; sellers: number };
  /** A jump of the fair value's martingale: factor, at this many minutes before the close. */
  jump?: { factor: number; minutesToClose: number };
}

const BUSY = 4;
const THIN = 0.05;
const FLOW: Record<Regime, RegimeFlow> = {
  'two-sided': { rates: () => ({ buyers: BUSY, sellers: BUSY }) },
  // Two-sided until the last 3 hours, then providers only: the broker goes long, pulls its bids, clears.
  sellers: { rates: (m) => (m > 180 ? { buyers: BUSY, sellers: BUSY } : { buyers: 0, sellers: BUSY }) },
  thin: { rates: () => ({ buyers: THIN, sellers: THIN }) },
  jump: { rates: () => ({ buyers: BUSY, sellers: BUSY }), jump: { factor: 1.2, minutesToClose: 20 } },
  'jump-down': { rates: () => ({ buyers: BUSY, sellers: BUSY }), jump: { factor: 0.8, minutesToClose: 20 } },
};

export interface EpisodeOptions {
  regime: Regime;
  seed: number;
  /** σ of the fair value's martingale, bps per √hour. */
  sigmaBpsPerSqrtHour: number;
}

/** The broker's best quote in one series (0 = that side empty), µPAT. */
export interface Quoted {
  bidMicros: number;
  askMicros: number;
}

export interface OptionQuoted extends Quoted {
  strikeMicros: number;
}

export interface Snapshot {
  minutesToClose: number;
  /** The quoter's expected index (the synthetic's view), µPAT. */
  forecastMicros: number;
  /** The options' F (the first option view's forward), µPAT. */
  optionForwardMicros: number;
  synthetic: Quoted;
  syntheticHalfSpreadBps: number;
  calls: OptionQuoted[];
  puts: OptionQuoted[];
  /** The synthetic's half-spread in parts, bps of its reference: the widening's base, volatility, thin and index parts, and the model's (the rest); and its reasons. */
  syntheticParts: { base: number; volatility: number; thin: number; index: number; model: number; reasons: string[] };
  /** The options' half-spread and its jump gap, % of F: medians over the chain's quoted calls and puts. */
  optionHalfSpreadPct: number;
  optionJumpGapPct: number;
  /**
   * The spot's state: the broker's best quote, rights held, the quote's reasons, its reference; the trade rate, σ
   * and sale rate the quoter measures there (the forecast projects trades at the quoted side(s) at that trade rate).
   */
  spot: Quoted & { inventory: number; reasons: string[]; referenceMicros: number; tradesPerHour: number; sigmaBpsPerSqrtHour: number; saleRatePerHour: number };
  fairMicros: number;
}

export interface EpisodeResult {
  options: EpisodeOptions;
  snapshots: Snapshot[];
  indexMicros: number;
  method: string;
  /** The index hour: two-sided samples of the broker's spot quote, spot trades and their rights. */
  twoSidedSamples: number;
  tradeCount: number;
  tradeQty: number;
  /** The fair value's mean over the index hour's 60 sample instants (one a minute), µPAT. */
  fairHourMeanMicros: number;
  /** The broker's spot inventory at the close, and minutes of the index hour with its spot bid pulled. */
  closeInventory: number;
  hourMinutesWithoutBid: number;
  /** Minutes of the index hour whose spot quote carried each reason. */
  hourReasons: Record<string, number>;
}

const gaussianOf = (r: () => number) => (): number => Math.sqrt(-2 * Math.log(Math.max(r(), 1e-12))) * Math.cos(2 * Math.PI * r());

/** The episode's hidden fair value's martingale M, one entry a minute (M[0] = 1): a compensated log walk, then the regime's jump. */
function martingale(seed: number, minutes: number, sigmaBps: number, jump: RegimeFlow['jump']): number[] {
  const walk = gaussianOf(prng(seed * 7919 + 100));
  const step = sigmaBps / 10_000 / Math.sqrt(60);
  const out = [1];
  for (let m = 1; m <= minutes; m++) {
    let log = step * walk() - (step * step) / 2;
    if (jump !== undefined && minutes - m === jump.minutesToClose) log += Math.log(jump.factor);
    out.push(out[m - 1]! * Math.exp(log));
  }
  return out;
}

export async function runEpisode(options: EpisodeOptions): Promise<EpisodeResult> {
  const flow = FLOW[options.regime];
  const minutes = EPISODE_HOURS * 60;
  const startMs = CLOSE_MS - minutes * MINUTE_MS;
  const M = martingale(options.seed, minutes, options.sigmaBpsPerSqrtHour, flow.jump);
  const rand = prng(options.seed * 7919 + 1); // the flow: arrivals, valuations, sizes
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

  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-options-arb-'));
  const journal = Journal.open(dir, { durability: 'commit' });
  try {
    const { engine } = recover(journal);
    let now = startMs;
    const sequencer = new Sequencer(engine, journal, () => now, { snapshotEveryCommands: 0, snapshotEveryMs: 0 });
    const send = async (cmd: Command): Promise<EngineEvent[]> => (await sequencer.submit(cmd)).events;
    const sendOk = async (cmd: Command, what: string): Promise<EngineEvent[]> => {
      const ev = await send(cmd);
      const refused = ev.find((e) => e.type === EventType.COMMAND_REJECTED);
      if (refused !== undefined) throw new Error(`${what} refused: ${JSON.stringify(refused)}`);
      return ev;
    };
    const open = async (role: Role): Promise<number> => {
      const e = (await sendOk({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role, address: '' }, 'OPEN_ACCOUNT')).find((x) => x.type === EventType.ACCOUNT_OPENED);
      if (e === undefined) throw new Error('account not opened');
      return e.accountId;
    };
    // As a service's first turns do: the current rules (the index's definition 2), the broker and the operator.
    await sendOk({ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: CURRENT_RULES }, 'ADOPT_RULES');
    const broker = await open(Role.BROKER);
    const operator = await open(Role.OPERATOR);
    const consumers: number[] = [];
    const providers: number[] = [];
    for (let i = 0; i < 10; i++) consumers.push(await open(Role.CONSUMER));
    for (let i = 0; i < 5; i++) providers.push(await open(Role.PROVIDER));
    for (const [name, value] of PARAMS) await sendOk({ kind: CommandKind.SET_PARAM, actor: operator, name, value }, `SET_PARAM ${name}`);
    const spotSpec = {
      contract: CONTRACT, openAtMs: OPEN_MS, closeAtMs: CLOSE_MS, tickMicros: TICK_MICROS, lotSize: 1, minPriceMicros: TICK_MICROS,
      maxPriceMicros: 10_000_000, maxOrderQty: 100_000, bandBps: 500,
    };
    const list = async (seriesKind: SeriesKind, strikeMicros = 0): Promise<Series> => {
      const ev = await sendOk({ kind: CommandKind.LIST_SERIES, actor: SYSTEM_ACTOR, ...spotSpec, seriesKind, ...(strikeMicros > 0 ? { strikeMicros } : {}) }, `LIST_SERIES ${seriesKind}`);
      const listed = ev.find((e) => e.type === EventType.SERIES_LISTED);
      if (listed === undefined) throw new Error('series not listed');
      return engine.seriesById(listed.seriesId)!;
    };
    const spot = await list(SeriesKind.SPOT);
    for (const p of providers) await sendOk({ kind: CommandKind.DECLARE_CAPACITY, actor: p, seriesId: spot.id, capacity: 10_000_000 }, 'DECLARE_CAPACITY');
    await sendOk({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: broker, amountWei: 10_000n * 10n ** 18n, ref: 'broker' }, 'broker float');
    for (const c of consumers) await sendOk({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: c, amountWei: 1_000_000n * 10n ** 18n, ref: `c${c}` }, 'consumer deposit');
    await sendOk({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 4 }, 'phase 4');
    const synthetic = await list(SeriesKind.SYNTHETIC);

    const quoter = startQuoting({ engine, sequencer, clock: () => now, tickMs: 0, journal });
    const turn = async (): Promise<void> => {
      quoter.tick();
      await sequencer.drain();
    };
    await turn();
    // The strike grid around the index the quoter expects, as the listing schedule centres it (listed once, at the start).
    const expected = quoter.expectedIndexMicros(spot.id);
    if (expected === undefined) throw new Error('the quoter has not priced the window');
    const strikes = strikeGrid(expected, TICK_MICROS);
    const calls: Series[] = [];
    const puts: Series[] = [];
    for (const k of strikes) {
      calls.push(await list(SeriesKind.CALL, k));
      puts.push(await list(SeriesKind.PUT, k));
    }
    // The hidden fair value starts at the quoter's reference (its prior right), and decays with its freshness curve.
    const fair0 = engine.seriesById(spot.id)!.referencePriceMicros;
    const p = quoter.params();
    const freshAt = (t: number): number => freshnessValue(p, elapsedShare(OPEN_MS, CLOSE_MS, t));
    const fairAt = (m: number): number => (fair0 * freshAt(startMs + m * MINUTE_MS) * M[m]!) / freshAt(startMs);

    let clientOrderId = 1;
    const order = (actor: number, seriesId: number, side: Side, priceMicros: number, qty: number, tif: TimeInForce = TimeInForce.IOC): Command => ({
      kind: CommandKind.NEW_ORDER, actor, seriesId, clientOrderId: clientOrderId++, side, orderType: OrderType.LIMIT, tif,
      priceMicros, qty, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST,
    });
    // The starting inventory: a provider's block bought at the fair value, in lots of 5 (ordinary fills).
    const seller = providers[0]!;
    const purchase = Math.round(fair0 / TICK_MICROS) * TICK_MICROS;
    await sendOk({ kind: CommandKind.MINT, actor: seller, seriesId: spot.id, qty: START_INVENTORY }, 'MINT');
    await sendOk(order(seller, spot.id, Side.SELL, purchase, START_INVENTORY, TimeInForce.GTC), 'starting inventory ask');
    for (let left = START_INVENTORY; left > 0; left -= 5) await sendOk(order(broker, spot.id, Side.BUY, purchase, Math.min(5, left)), 'starting inventory');
    const inventory = (): number => {
      const pos = engine.account(broker)!.positions.get(spot.id);
      return pos === undefined ? 0 : pos.available + pos.held;
    };
    if (inventory() !== START_INVENTORY) throw new Error('starting inventory not bought');

    const snapshots: Snapshot[] = [];
    const hourReasons: Record<string, number> = {};
    let hourMinutesWithoutBid = 0;
    let fairHourSum = 0;
    for (let m = 0; m < minutes; m++) {
      now = startMs + m * MINUTE_MS;
      await turn();
      const toClose = minutes - m;
      const fair = fairAt(m);
      const bestBid = spot.brokerBuys.bestBidMicros();
      const bestAsk = spot.brokerSells.bestAskMicros();
      if (toClose < 60) {
        fairHourSum += fair; // the period is (close − 60 min, close]: its instants close − 59 min … close
        if (bestBid === 0) hourMinutesWithoutBid++;
        for (const r of quoter.view(spot.id)?.reasons ?? []) hourReasons[r] = (hourReasons[r] ?? 0) + 1;
      }
      if ((SNAPSHOT_MINUTES as readonly number[]).includes(toClose)) snapshots.push(snapshot(engine, quoter, { spot, synthetic, calls, puts }, toClose, fair, inventory()));
      const { buyers, sellers } = flow.rates(toClose);
      // Consumers buy at the broker's ask when it is below their value; providers mint and sell at its bid when it is above theirs.
      for (let i = poisson(buyers); i > 0; i--) {
        const value = fair * Math.exp(0.05 * gaussian());
        const who = rand();
        const size = rand();
        if (bestAsk === 0 || value < bestAsk) continue;
        await send(order(consumers[Math.floor(who * consumers.length)]!, spot.id, Side.BUY, bestAsk, 1 + Math.floor(size * 5)));
      }
      for (let i = poisson(sellers); i > 0; i--) {
        const reservation = fair * Math.exp(0.05 * gaussian());
        const who = rand();
        const size = rand();
        if (bestBid === 0 || reservation > bestBid) continue;
        const provider = providers[Math.floor(who * providers.length)]!;
        const qty = 1 + Math.floor(size * 8);
        await send({ kind: CommandKind.MINT, actor: provider, seriesId: spot.id, qty });
        await send(order(provider, spot.id, Side.SELL, bestBid, qty));
      }
    }
    // The close's own instant: the last minute's fair value (nothing moves after it).
    fairHourSum += fairAt(minutes - 1);
    const closeInventory = inventory();
    now = CLOSE_MS;
    await sequencer.drain();
    let published: Extract<EngineEvent, { type: typeof EventType.SETTLEMENT_INDEX_PUBLISHED }> | undefined;
    for (const s of [synthetic, ...calls, ...puts]) {
      const ev = await sendOk({ kind: CommandKind.EXPIRE_SERIES, actor: SYSTEM_ACTOR, seriesId: s.id, cutoffMs: CLOSE_MS }, 'EXPIRE_SERIES');
      const index = ev.find((e) => e.type === EventType.SETTLEMENT_INDEX_PUBLISHED);
      if (index?.type !== EventType.SETTLEMENT_INDEX_PUBLISHED) throw new Error(`no index published for series ${s.id}`);
      if (published === undefined) published = index;
      else if (index.indexMicros !== published.indexMicros) throw new Error(`series ${s.id} settled at ${index.indexMicros}, the synthetic at ${published.indexMicros}`);
    }
    quoter.stop();
    await sequencer.stop();
    const index = published!.index;
    return {
      options,
      snapshots,
      indexMicros: published!.indexMicros,
      method: published!.method,
      twoSidedSamples: index.samples.twoSided,
      tradeCount: index.tradeCount,
      tradeQty: index.tradeQty,
      fairHourMeanMicros: fairHourSum / 60,
      closeInventory,
      hourMinutesWithoutBid,
      hourReasons,
    };
  } finally {
    await journal.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The options' half-spread and jump gap as their last quotes priced them, % of F: medians over the series quoted. */
function optionSpreads(quoter: ReturnType<typeof startQuoting>, series: Series[]): { optionHalfSpreadPct: number; optionJumpGapPct: number } {
  const details = series.flatMap((s) => {
    const q = quoter.series(s.id)?.lastQuote;
    return q !== undefined && 'option' in q ? [(q as OptionQuote).option] : [];
  });
  const pct = (f: (d: OptionQuote['option']) => number) => median(details.map((d) => (100 * f(d)) / d.forwardMicros));
  return { optionHalfSpreadPct: pct((d) => d.halfSpreadMicros), optionJumpGapPct: pct((d) => d.jumpGapMicros) };
}

/** The broker's best bid and ask in a series, from its own orders in the engine's book. */
function quoted(engine: Engine, s: Series): Quoted {
  const price = (ids: number[]): number => (ids.length === 0 ? 0 : engine.orders.get(ids[0]!)?.priceMicros ?? 0);
  return { bidMicros: price(s.quoteBidIds), askMicros: price(s.quoteAskIds) };
}

function snapshot(
  engine: Engine,
  quoter: ReturnType<typeof startQuoting>,
  s: { spot: Series; synthetic: Series; calls: Series[]; puts: Series[] },
  minutesToClose: number,
  fairMicros: number,
  inventory: number,
): Snapshot {
  const sv = quoter.syntheticView(s.synthetic.id);
  const ov = quoter.optionView(s.calls[0]!.id);
  const spotView = quoter.view(s.spot.id);
  const sq = quoter.series(s.synthetic.id)?.lastQuote;
  const price = sq === undefined ? Number.NaN : sq.reference.priceMicros / 1e6;
  const w = sq?.widening;
  const bps = (x: number | undefined) => (x === undefined ? Number.NaN : x * 10_000);
  const fractions = w === undefined ? Number.NaN : w.baseFraction + w.volatilityFraction + w.thinFraction + (w.indexFraction ?? 0);
  return {
    minutesToClose,
    forecastMicros: sv?.expectedIndexMicros ?? Number.NaN,
    optionForwardMicros: ov?.forwardExactMicros ?? Number.NaN,
    synthetic: quoted(engine, s.synthetic),
    syntheticHalfSpreadBps: sv?.halfSpreadBps ?? Number.NaN,
    syntheticParts: {
      base: bps(w?.baseFraction),
      volatility: bps(w?.volatilityFraction),
      thin: bps(w?.thinFraction),
      index: bps(w?.indexFraction),
      model: sq === undefined ? Number.NaN : bps(sq.halfSpread / price - fractions),
      reasons: sq?.reasons ?? [],
    },
    ...optionSpreads(quoter, [...s.calls, ...s.puts]),
    calls: s.calls.map((c) => ({ strikeMicros: c.spec.strikeMicros, ...quoted(engine, c) })),
    puts: s.puts.map((c) => ({ strikeMicros: c.spec.strikeMicros, ...quoted(engine, c) })),
    spot: {
      bidMicros: s.spot.brokerBuys.bestBidMicros(),
      askMicros: s.spot.brokerSells.bestAskMicros(),
      inventory,
      reasons: spotView?.reasons ?? [],
      referenceMicros: s.spot.referencePriceMicros,
      tradesPerHour: spotView?.tradesPerHour ?? Number.NaN,
      sigmaBpsPerSqrtHour: spotView?.sigmaBpsPerSqrtHour ?? Number.NaN,
      saleRatePerHour: spotView?.saleRatePerHour ?? Number.NaN,
    },
    fairMicros,
  };
}
