/**
 * A simulated trading day on a thin series and a busy series, through the real
 * pieces: Sequencer + LMDB journal + engine (with risk limits) + the quoting
 * service (its timer replaced by one `tick()` per simulated minute on an
 * injected clock). Seeded, so every run prints the same report.
 *
 *   npm run bench:day [-- --seed 3]
 *
 * Per minute and series: consumers arrive (Poisson) with a valuation around a
 * slowly drifting fair value and take the broker's best ask when it is below
 * their valuation; providers arrive, mint and hit the broker's best bid when it
 * is above their reservation; consumers exercise (burn) most of what they bought.
 * The broker quotes both series all day under exposure limits and MMP. The
 * report: trades, quotes, inventory range against the limit, P&L (cash change
 * plus inventory marked at the final reference price).
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

const { values } = parseArgs({ options: { seed: { type: 'string', default: '3' } } });
const rand = prng(Number(values.seed));

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const OPEN_MS = Date.UTC(2026, 10, 16);
const START_MS = OPEN_MS + DAY_MS; // day 2 of a 7-day window
const LONG_LIMIT = 200;
const WINDOW_LIMIT = 350;

interface SimSeries {
  name: string;
  contract: string;
  id: number;
  /** Arrivals per minute. */
  buyRate: number;
  sellRate: number;
  fairMicros: number;
  trades: number;
  minInv: number;
  maxInv: number;
  quotesSeen: number;
  minutesQuotedBothSides: number;
}

function poisson(mean: number): number {
  let k = 0;
  let p = Math.exp(-mean);
  let s = p;
  const u = rand();
  while (u > s && k < 50) {
    k++;
    p *= mean / k;
    s += p;
  }
  return k;
}

function gaussian(): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-day-'));
  const journal = Journal.open(dir, { durability: 'commit' });
  try {
    const { engine } = recover(journal);
    let now = START_MS;
    const sequencer = new Sequencer(engine, journal, () => now, { snapshotEveryCommands: 0, snapshotEveryMs: 0 });
    const send = async (cmd: Command): Promise<EngineEvent[]> => (await sequencer.submit(cmd)).events;
    const open = async (role: Role): Promise<number> => {
      const ev = await send({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role, address: '' });
      const e = ev.find((x) => x.type === EventType.ACCOUNT_OPENED);
      if (e === undefined) throw new Error('account');
      return e.accountId;
    };
    const broker = await open(Role.BROKER);
    const operator = await open(Role.OPERATOR);
    const consumers: number[] = [];
    const providers: number[] = [];
    for (let i = 0; i < 20; i++) consumers.push(await open(Role.CONSUMER));
    for (let i = 0; i < 10; i++) providers.push(await open(Role.PROVIDER));
    const series: SimSeries[] = [
      { name: 'busy', contract: 'AUTO_INTENT|7D|0.70-0.85', id: 0, buyRate: 8, sellRate: 8, fairMicros: 950_000, trades: 0, minInv: Infinity, maxInv: -Infinity, quotesSeen: 0, minutesQuotedBothSides: 0 },
      { name: 'thin', contract: 'AUTO_INTENT|7D|0.85-1.00', id: 0, buyRate: 0.05, sellRate: 0.05, fairMicros: 1_000_000, trades: 0, minInv: Infinity, maxInv: -Infinity, quotesSeen: 0, minutesQuotedBothSides: 0 },
    ];
    for (const s of series) {
      const ev = await send({
        kind: CommandKind.LIST_SERIES, actor: SYSTEM_ACTOR, contract: s.contract, seriesKind: SeriesKind.SPOT, openAtMs: OPEN_MS, closeAtMs: OPEN_MS + 7 * DAY_MS,
        tickMicros: 1_000, lotSize: 1, minPriceMicros: 1_000, maxPriceMicros: 10_000_000, maxOrderQty: 100_000, bandBps: 500,
      });
      const e = ev.find((x) => x.type === EventType.SERIES_LISTED);
      if (e === undefined) throw new Error('series');
      s.id = e.seriesId;
      for (const p of providers) await send({ kind: CommandKind.DECLARE_CAPACITY, actor: p, seriesId: s.id, capacity: 1_000_000 });
    }
    await send({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: broker, amountWei: 10_000n * 10n ** 18n, ref: 'broker' });
    for (const c of consumers) await send({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: c, amountWei: 100_000n * 10n ** 18n, ref: `c${c}` });
    let clientOrderId = 1;
    const order = (actor: number, seriesId: number, side: Side, priceMicros: number, qty: number): Command => ({
      kind: CommandKind.NEW_ORDER, actor, seriesId, clientOrderId: clientOrderId++, side, orderType: OrderType.LIMIT, tif: TimeInForce.IOC,
      priceMicros, qty, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST,
    });
    const params: Array<[string, number]> = [
      ['risk.brokerMaxLongSeries', LONG_LIMIT],
      ['risk.brokerMaxLongWindow', WINDOW_LIMIT],
      ['risk.mmpQty', 200],
      ['risk.mmpIntervalMs', MINUTE_MS],
      ['risk.mmpFreezeMs', 5 * MINUTE_MS],
      ['risk.priceBandBps', 2_000],
      ['quoting.baseValueMicros:AUTO_INTENT', 1_150_000],
      ['quoting.levels', 3],
      ['quoting.levelQty', 5],
      ['quoting.velocityEpsilon', 30],
    ];
    for (const [name, value] of params) await send({ kind: CommandKind.SET_PARAM, actor: operator, name, value });
    // Starting inventory: the broker buys 150 rights per series from a provider at the fair value.
    for (const s of series) {
      const p = providers[0]!;
      await send({ kind: CommandKind.MINT, actor: p, seriesId: s.id, qty: 150 });
      await send({ kind: CommandKind.NEW_ORDER, actor: p, seriesId: s.id, clientOrderId: 0, side: Side.SELL, orderType: OrderType.LIMIT, tif: TimeInForce.GTC, priceMicros: s.fairMicros, qty: 150, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST });
      await send(order(broker, s.id, Side.BUY, s.fairMicros, 150));
    }
    const quoter = startQuoting({ engine, sequencer, clock: () => now, tickMs: 0 });
    const cashStart = engine.account(broker)!.availableMicros + engine.account(broker)!.heldMicros;
    const inventoryStart = series.map((s) => (engine.account(broker)!.positions.get(s.id)?.available ?? 0) * s.fairMicros);
    let mmpTrips = 0;
    const flow = { boughtQty: 0, boughtMicros: 0, soldQty: 0, soldMicros: 0 };
    sequencer.onRelease((batch) => {
      for (const e of batch.events) {
        if (e.type === EventType.FILL && (e.makerAccountId === broker || e.takerAccountId === broker)) {
          const brokerBuys = (e.takerSide === Side.BUY) === (e.takerAccountId === broker);
          if (brokerBuys) {
            flow.boughtQty += e.qty;
            flow.boughtMicros += e.qty * e.priceMicros;
          } else {
            flow.soldQty += e.qty;
            flow.soldMicros += e.qty * e.priceMicros;
          }
        }
        if (e.type === EventType.MMP_TRIGGERED) mmpTrips++;
        if (e.type === EventType.QUOTES_REPLACED) {
          const s = series.find((x) => x.id === e.seriesId);
          if (s !== undefined) s.quotesSeen++;
        }
      }
    });

    for (let minute = 0; minute < 24 * 60; minute++) {
      now = START_MS + minute * MINUTE_MS;
      quoter.tick();
      await sequencer.drain();
      for (const s of series) {
        s.fairMicros = Math.max(100_000, Math.round(s.fairMicros * (1 + 0.002 * gaussian())));
        const sr = engine.seriesById(s.id)!;
        const bestAsk = sr.brokerSells.bestAskMicros();
        const bestBid = sr.brokerBuys.bestBidMicros();
        if (bestAsk > 0 && bestBid > 0) s.minutesQuotedBothSides++;
        for (let i = poisson(s.buyRate); i > 0; i--) {
          const c = consumers[Math.floor(rand() * consumers.length)]!;
          const value = s.fairMicros * (1.04 + 0.06 * gaussian());
          if (bestAsk === 0 || value < bestAsk) continue;
          const ev = await send(order(c, s.id, Side.BUY, bestAsk, 1 + Math.floor(rand() * 5))); // takes the broker's ask
          const bought = ev.reduce((n, e) => n + (e.type === EventType.FILL ? e.qty : 0), 0);
          s.trades += ev.filter((e) => e.type === EventType.FILL).length;
          if (bought > 0 && rand() < 0.7) await send({ kind: CommandKind.EXERCISE, actor: c, seriesId: s.id, qty: bought });
        }
        for (let i = poisson(s.sellRate); i > 0; i--) {
          const p = providers[Math.floor(rand() * providers.length)]!;
          const reservation = s.fairMicros * (0.9 + 0.06 * gaussian());
          if (bestBid === 0 || reservation > bestBid) continue;
          const qty = 1 + Math.floor(rand() * 8);
          await send({ kind: CommandKind.MINT, actor: p, seriesId: s.id, qty });
          const ev = await send(order(p, s.id, Side.SELL, bestBid, qty)); // hits the broker's bid
          s.trades += ev.filter((e) => e.type === EventType.FILL).length;
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
    let inventoryValue = 0;
    console.log(`Simulated day (seed ${values.seed}): 1440 one-minute steps, long limit ${LONG_LIMIT} per series, ${WINDOW_LIMIT} per window`);
    console.log('| series | trades | mass quotes | minutes quoted both sides | inventory min..max | final inventory | final reference (PAT) | fair (PAT) |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const s of series) {
      const sr = engine.seriesById(s.id)!;
      const pos = b.positions.get(s.id);
      const inv = pos === undefined ? 0 : pos.available + pos.held;
      inventoryValue += inv * sr.referencePriceMicros;
      console.log(
        `| ${s.name} ${s.contract} | ${s.trades} | ${s.quotesSeen} | ${s.minutesQuotedBothSides} / 1440 | ${s.minInv}..${s.maxInv} | ${inv} | ${(sr.referencePriceMicros / 1e6).toFixed(3)} | ${(s.fairMicros / 1e6).toFixed(3)} |`,
      );
      if (s.maxInv > LONG_LIMIT) console.log(`!! ${s.name}: inventory ${s.maxInv} above the limit ${LONG_LIMIT}`);
    }
    const startValue = inventoryStart.reduce((a, b) => a + b, 0);
    const pnl = cashEnd - cashStart + inventoryValue - startValue;
    console.log(
      `broker P&L over the day: cash ${((cashEnd - cashStart) / 1e6).toFixed(2)} PAT + inventory at final reference ${(inventoryValue / 1e6).toFixed(2)} PAT − starting inventory at cost ${(startValue / 1e6).toFixed(2)} PAT = ${(pnl / 1e6).toFixed(2)} PAT`,
    );
    const avg = (m: number, q: number) => (q === 0 ? '-' : (m / q / 1e6).toFixed(3));
    console.log(`broker bought ${flow.boughtQty} at ${avg(flow.boughtMicros, flow.boughtQty)} PAT average, sold ${flow.soldQty} at ${avg(flow.soldMicros, flow.soldQty)}`);
    console.log(`quoter: ${quoter.stats.quotesSent} mass quotes sent, ${quoter.stats.quotesRejected} refused by the engine, ${quoter.stats.quotesSkippedUnchanged} unchanged and not resent; MMP trips ${mmpTrips}`);
    quoter.stop();
    await sequencer.stop();
  } finally {
    await journal.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
