/**
 * A living market on first start (`npm start`): two demo participants trade with
 * the broker through the real gateway, as any client would, so the books are
 * two-sided and prices move.
 *
 * - A provider (dev wallet 5) mints rights in each demo dataset series (the demo model feed's
 *   provider mints in the feed's: reference-model.ts) and sells some to the
 *   broker's bid (at once, in any series where the broker has nothing to sell): the broker
 *   gets inventory, so it quotes asks as well as bids.
 * - A consumer (dev wallet 6) deposits PAT on-chain once, then now and then buys
 *   a few rights at the broker's ask (never its last few, which are left for a user trying
 *   the market), exercises them, and downloads the records with
 *   the grants the exercise returns (docs/delivery.md): demand moves the price, and
 *   deliveries reach the providers' statements.
 *
 * Paced (one action per participant per `intervalMs`), small, and logged in words.
 * Runs only against the embedded chain or without settlement: the dev wallets'
 * keys are public knowledge.
 */
import { patFromMicros } from '../operator/cli-format.js';
import { Wallet } from 'ethers';
import { MarketDataClient, ackOutcome, depositPat, grantsOfAck, TradingClient, wire } from '../client/index.js';
import { DemoDownloads } from './demo-downloads.js';
import { HARDHAT_KEYS } from '../settlement/index.js';
import type { Logger } from '../runtime/log.js';
import { everyTurn } from './turns.js';
import { FEED_SEGMENT } from './demo-model-feed.js';

export interface DemoMarketOptions {
  tradeUrl: string;
  /** The gateway's sign-in domain when it is not tradeUrl's host (a public URL configured: the demo dials the local address). */
  signInDomain?: string;
  marketUrl: string;
  httpUrl: string;
  /** Settlement runs: the consumer deposits PAT on-chain before buying. */
  settlement: boolean;
  intervalMs: number;
  log: Logger;
}

export interface DemoMarket {
  stop(): Promise<void>;
}

const PROVIDER_KEY = HARDHAT_KEYS[5]!;
const CONSUMER_KEY = HARDHAT_KEYS[6]!;
const DEPOSIT_WEI = 1_000n * 10n ** 18n;
const MINT_QTY = 20;
/**
 * What the demo consumer leaves in the broker's best ask: the broker sells only what providers
 * sold it, and a new user's first `buy` (the README's tour) should find rights there, not a
 * book the demo itself just emptied.
 */
export const CONSUMER_LEAVES = 3;
/** What the demo provider sells where the broker's ask is empty. */
const RESTOCK_QTY = 5;
/** PAT with exactly 4 decimals, as the console and the CLI show it. */
const pat = (micros: number): string => patFromMicros(micros) ?? String(micros);

export interface Best {
  bidMicros: number;
  bidQty: number;
  askMicros: number;
  askQty: number;
}

/**
 * The series the consumer buys in on a turn: round the series like the provider's sales,
 * half a round apart, so every series both gains and loses inventory (a consumer buying
 * in one series only empties it, and a user's consumer bot then finds nothing to buy there).
 */
export function consumerSeries(spot: readonly number[], turn: number): number {
  return spot[(turn + Math.floor(spot.length / 2)) % spot.length]!;
}

/**
 * The provider's sale on a turn: a few rights, and where the broker has nothing to sell (its ask empty) enough that its
 * ask shows more than the consumer leaves. Not its whole bid: restocked so in every series at once the broker was long
 * everywhere and stopped bidding (test/demo/demo-market.test.ts).
 */
export function providerSale(b: Best, turn: number): number {
  return Math.min(b.bidQty, b.askQty === 0 ? RESTOCK_QTY : 1 + (turn % 5));
}

/**
 * The series where the provider sells now besides its turn's: those whose broker has nothing to sell and bids, so that
 * a user's first buy in any demo series (the README's tour buys in two) finds an ask within seconds of the start, not
 * after the provider's rotation comes round to it.
 */
export function restockNow(spot: readonly number[], best: ReadonlyMap<number, Best>, turnSeries: number, restocked: ReadonlySet<number>): number[] {
  // Once each until the broker quotes it again: its quote after the sale comes a moment later, and a second sale on the
  // old one would pile the bid's whole size up again (the broker then stops bidding where it cannot sell so much).
  return spot.filter((id) => id !== turnSeries && !restocked.has(id) && best.get(id)?.askQty === 0 && (best.get(id)?.bidQty ?? 0) > 0);
}

/** The consumer's purchase on a turn: a few rights at the ask, never the last `CONSUMER_LEAVES` of it (0: none this turn). */
export function consumerPurchase(b: Best, turn: number): number {
  return Math.max(0, Math.min(b.askQty - CONSUMER_LEAVES, 1 + (turn % 3)));
}

export async function startDemoMarket(o: DemoMarketOptions): Promise<DemoMarket> {
  const provider = await TradingClient.connect(o.tradeUrl, { wallet: new Wallet(PROVIDER_KEY), role: wire.Role.PROVIDER, signInDomain: o.signInDomain });
  const consumerWallet = new Wallet(CONSUMER_KEY);
  const consumer = await TradingClient.connect(o.tradeUrl, { wallet: consumerWallet, cancelOnDisconnect: true, signInDomain: o.signInDomain });
  const market = await MarketDataClient.connect(o.marketUrl);
  const best = new Map<number, Best>();
  /** Series restocked (restockNow) whose broker has not quoted since: their `best` still shows the empty ask. */
  const restocked = new Set<number>();
  market.on('quotes', (q) => {
    restocked.delete(Number(q.seriesId));
    best.set(Number(q.seriesId), {
      bidMicros: Number(q.bids?.[0]?.priceMicros ?? 0),
      bidQty: Number(q.bids?.[0]?.qty ?? 0),
      askMicros: Number(q.asks?.[0]?.priceMicros ?? 0),
      askQty: Number(q.asks?.[0]?.qty ?? 0),
    });
  });
  let spot: number[] = [];
  /** The demo model feed's series: its own provider mints there (reference-model.ts), not this one; the consumer buys there too. */
  let feedSeries = new Set<number>();
  /**
   * The spot series trading now, read again at each round: windows close and new ones open
   * (every few minutes in the sandbox), and the demo trades in those that trade.
   */
  const refreshSpot = async (): Promise<void> => {
    const trading = (await provider.series()).filter((s) => s.status === wire.SeriesStatus.TRADING && s.kind === wire.SeriesKind.SPOT);
    const now = trading.map((s) => Number(s.seriesId));
    feedSeries = new Set(trading.filter((s) => s.contract?.startsWith(`${FEED_SEGMENT}|`) === true).map((s) => Number(s.seriesId)));
    for (const id of now) if (!spot.includes(id)) await market.subscribe(id, [wire.Channel.QUOTES]);
    for (const id of spot) {
      if (now.includes(id)) continue;
      best.delete(id);
      await market.unsubscribe(id, [wire.Channel.QUOTES]).catch(() => undefined); // expired: the server may have dropped it already
    }
    spot = now;
  };
  try {
    await refreshSpot();
  } catch (error) {
    // Nothing half-started stays connected: the caller may try again.
    await Promise.allSettled([provider.close(), consumer.close(), market.close()]);
    throw error;
  }
  o.log.info({ series: spot, provider: provider.accountId, consumer: consumer.accountId }, 'demo market: a provider and a consumer trade with the broker (PATX_DEMO=off to stop them)');

  const downloads = new DemoDownloads(o.httpUrl, consumerWallet, o.log);
  let stopped = false;
  let turn = 0;
  let funded = !o.settlement;
  let clientOrderId = Date.now();

  const providerTurn = async (seriesId: number): Promise<void> => {
    if (feedSeries.has(seriesId)) return;
    const position = (await provider.account()).positions?.find((p) => Number(p.seriesId) === seriesId);
    const minted = Number(position?.minted ?? 0);
    if (Number(position?.capacity ?? 0) < minted + MINT_QTY) await provider.declareCapacity(seriesId, minted + MINT_QTY * 10);
    if (Number(position?.available ?? 0) < MINT_QTY) await provider.mint(seriesId, MINT_QTY);
    const b = best.get(seriesId);
    if (b === undefined || b.bidQty === 0) return;
    const qty = providerSale(b, turn);
    const ack = await provider.newOrder({ seriesId, clientOrderId: clientOrderId++, side: wire.Side.SELL, timeInForce: wire.TimeInForce.IOC, priceMicros: b.bidMicros, qty });
    // What filled, not only what was accepted: an IOC sell the broker no longer bids for is accepted and sells nothing.
    const sold = (ack.reports ?? []).filter((r) => r.execType === wire.ExecType.EXEC_TRADE).reduce((n, r) => n + Number(r.lastQty), 0);
    o.log.info({ seriesId, qty, price: pat(b.bidMicros), outcome: ackOutcome(ack), sold }, sold > 0 ? 'demo provider sold rights to the broker' : 'demo provider offered rights to the broker: none sold');
  };

  const consumerTurn = async (seriesId: number): Promise<void> => {
    if (!funded) {
      if (BigInt((await consumer.account()).availableWei ?? '0') > 0n) {
        funded = true; // a restart: it deposited before
        return;
      }
      const tx = await depositPat(o.httpUrl, new Wallet(CONSUMER_KEY), DEPOSIT_WEI);
      funded = true;
      o.log.info({ tx }, 'demo consumer deposited 1000 PAT on-chain (credited after confirmations)');
      return;
    }
    const b = best.get(seriesId);
    if (b === undefined) return;
    const qty = consumerPurchase(b, turn);
    if (qty === 0) return;
    const ack = await consumer.newOrder({ seriesId, clientOrderId: clientOrderId++, side: wire.Side.BUY, timeInForce: wire.TimeInForce.IOC, priceMicros: b.askMicros, qty });
    const bought = (ack.reports ?? []).filter((r) => r.execType === wire.ExecType.EXEC_TRADE).reduce((n, r) => n + Number(r.lastQty), 0);
    o.log.info({ seriesId, qty, price: pat(b.askMicros), outcome: ackOutcome(ack), bought }, 'demo consumer bought rights from the broker');
    if (bought > 0) {
      const grants = grantsOfAck(await consumer.exercise(seriesId, bought));
      for (const g of grants) await downloads.use(g);
    }
  };

  const step = async (): Promise<void> => {
    if (stopped) return;
    try {
      await downloads.retryOldest();
      if (spot.length === 0 || turn % spot.length === 0) await refreshSpot();
      if (spot.length === 0) return;
      const seriesId = spot[turn % spot.length]!;
      turn++;
      await providerTurn(seriesId);
      for (const id of restockNow(spot, best, seriesId, restocked)) {
        restocked.add(id);
        await providerTurn(id);
      }
      await consumerTurn(consumerSeries(spot, turn));
    } catch (error) {
      if (!stopped) o.log.warn({ err: error }, 'demo market turn failed; it tries again next turn');
    }
  };
  const turns = everyTurn(step, o.intervalMs);
  return {
    async stop() {
      stopped = true;
      await turns.stop();
      await Promise.allSettled([provider.close(), consumer.close(), market.close()]);
    },
  };
}
