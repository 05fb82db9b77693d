/**
 * An example data provider: it lists the data behind a contract's segment in the
 * catalog (a provider mints only where it has a published listing), declares
 * access capacity, mints rights, and sells them to the broker at its bid. Run it
 * against `npm start`, then the consumer bot can buy what the broker now holds:
 *
 *   npm run example:provider     # then: npm run example:bot
 *   PATX_URL=ws://127.0.0.1:8480 PATX_MARKET_URL=ws://127.0.0.1:8481 PRIVATE_KEY=0x… CONTRACT='AUTO_INTENT|7D|0.70-0.85' QTY=50 npm run example:provider
 *
 * The first run creates and submits its listing, then waits for the operator to
 * publish it (`npx patx listings publish <id>`); later runs find it published.
 *
 * By default it uses hardhat's dev account 2 (a publicly known key: never use it
 * on a real chain). A provider needs no PAT to sell; its earnings show in its
 * account and, once settled, in its payout statement.
 */
import { Wallet } from 'ethers';
import { MarketDataClient, ackOutcome, TradingClient, wire } from '../src/client/index.js';
import { orderNearQuote } from './order-near-quote.js';
import { publishedListing } from './provider-listing.js';

const URL = process.env.PATX_URL ?? 'ws://127.0.0.1:8480';
const MARKET_URL = process.env.PATX_MARKET_URL ?? 'ws://127.0.0.1:8481';
const CONTRACT = process.env.CONTRACT ?? 'AUTO_INTENT|7D|0.70-0.85';
const QTY = Number(process.env.QTY ?? '50');
/** How far under the broker's bid it still sells: the bid can move between reading it and selling (others trade too). */
const SLIPPAGE_BPS = Number(process.env.SLIPPAGE_BPS ?? '300');
/** Hardhat's dev account 2. */
const DEV_KEY = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a';
const wallet = new Wallet(process.env.PRIVATE_KEY ?? DEV_KEY);
const pat = (micros: number): string => (micros / 1_000_000).toFixed(3);
const HTTP_URL = URL.replace(/^ws/, 'http');

const provider = await TradingClient.connect(`${URL}/v1/trade`, { wallet, role: wire.Role.PROVIDER });
console.log(`logged in as ${wallet.address}: account ${provider.accountId}, role ${wire.Role[provider.role]}`);
const market = await MarketDataClient.connect(`${MARKET_URL}/v1/market`);
try {
  const series = (await provider.series()).find((s) => s.contract === CONTRACT && s.status === wire.SeriesStatus.TRADING);
  if (series === undefined) throw new Error(`no trading series of ${CONTRACT}`);
  const seriesId = Number(series.seriesId);
  await publishedListing(HTTP_URL, wallet, CONTRACT.split('|')[0]!);
  const position = (await provider.account()).positions?.find((p) => Number(p.seriesId) === seriesId);
  const capacity = Number(position?.capacity ?? 0);
  const minted = Number(position?.minted ?? 0);
  if (capacity < minted + QTY) console.log(`declare capacity ${minted + QTY}: ${ackOutcome(await provider.declareCapacity(seriesId, minted + QTY))}`);
  console.log(`mint ${QTY}: ${ackOutcome(await provider.mint(seriesId, QTY))}`);

  const bid = await new Promise<{ priceMicros: number; qty: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the broker is not bidding in this series')), 10_000);
    market.on('quotes', (q) => {
      const best = q.bids?.[0];
      if (Number(q.seriesId) === seriesId && best !== undefined && Number(best.qty) > 0) {
        clearTimeout(timer);
        resolve({ priceMicros: Number(best.priceMicros), qty: Number(best.qty) });
      }
    });
    void market.subscribe(seriesId, [wire.Channel.QUOTES]);
  });
  const qty = Math.min(QTY, bid.qty);
  const tick = Number(series.tickMicros);
  const limitMicros = Math.max(tick, Math.floor((bid.priceMicros * (10_000 - SLIPPAGE_BPS)) / 10_000 / tick) * tick);
  console.log(`broker bid: ${qty} at ${pat(bid.priceMicros)} PAT; selling down to ${pat(limitMicros)} PAT`);
  const ack = await orderNearQuote(provider, { seriesId, clientOrderId: Date.now(), side: wire.Side.SELL, timeInForce: wire.TimeInForce.IOC, priceMicros: limitMicros, qty }, bid.priceMicros);
  const sold = (ack.reports ?? []).filter((r) => r.execType === wire.ExecType.EXEC_TRADE).reduce((n, r) => n + Number(r.lastQty), 0);
  console.log(`sell: ${ackOutcome(ack)}; sold ${sold} right(s) to the broker (journal seq ${ack.seq})`);
  console.log(`available now: ${Number(BigInt((await provider.account()).availableWei ?? '0') / 10n ** 12n) / 1e6} PAT`);
} finally {
  await market.close();
  await provider.close();
}
