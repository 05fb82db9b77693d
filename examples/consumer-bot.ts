/**
 * An example data consumer: it watches a contract's market data, buys access
 * rights from the broker's ask when the price is under its limit, and exercises
 * them (which is what a consumer buys rights for). Run it against `npm start`:
 *
 *   npm run example:bot                       # a fresh wallet, the flagship contract
 *   PATX_URL=ws://127.0.0.1:8480 PRIVATE_KEY=0x… CONTRACT='AUTO_INTENT|7D|0.70-0.85' \
 *     MAX_PRICE_PAT=3 QTY=5 npm run example:bot
 *
 * It needs PAT in its account: deposit PAT to the vault from the wallet (see
 * docs/settlement.md); the bot prints its balance and stops if there is none.
 */
import { Wallet } from 'ethers';
import { MarketDataClient, rejectName, TradingClient, wire } from '../src/client/index.js';

const URL = process.env.PATX_URL ?? 'ws://127.0.0.1:8480';
const CONTRACT = process.env.CONTRACT ?? 'AUTO_INTENT|7D|0.70-0.85';
const MAX_PRICE_MICROS = Math.round(Number(process.env.MAX_PRICE_PAT ?? '5') * 1_000_000);
const QTY = Number(process.env.QTY ?? '2');
const wallet = process.env.PRIVATE_KEY ? new Wallet(process.env.PRIVATE_KEY) : Wallet.createRandom();

const pat = (micros: number): string => (micros / 1_000_000).toFixed(3);

const trader = await TradingClient.connect(`${URL}/v1/trade`, { wallet, cancelOnDisconnect: true });
console.log(`logged in as ${wallet.address}: account ${trader.accountId}${trader.login.accountOpened ? ' (new)' : ''}`);
const market = await MarketDataClient.connect(`${URL}/v1/market`);
try {
  const series = (await trader.series()).find((s) => s.contract === CONTRACT && s.status === wire.SeriesStatus.TRADING);
  if (series === undefined) throw new Error(`no trading series of ${CONTRACT}`);
  const seriesId = Number(series.seriesId);
  console.log(`series ${seriesId}: ${CONTRACT}, window closes ${new Date(Number(series.closeAtMs)).toISOString()}`);

  const account = await trader.account();
  const balanceWei = BigInt(account.availableWei ?? '0');
  console.log(`available: ${Number(balanceWei / 10n ** 12n) / 1e6} PAT`);
  if (balanceWei === 0n) {
    console.log('no PAT to buy with: deposit PAT to the vault from this wallet first (docs/settlement.md)');
  } else {
    // The broker's best ask, from the quote stream (its snapshot arrives right after subscribing).
    const ask = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the broker is not quoting this series')), 10_000);
      market.on('quotes', (q) => {
        const best = Number(q.asks?.[0]?.priceMicros ?? 0);
        if (Number(q.seriesId) === seriesId && best > 0) {
          clearTimeout(timer);
          resolve(best);
        }
      });
      void market.subscribe(seriesId, [wire.Channel.QUOTES, wire.Channel.TRADES]);
    });
    console.log(`broker ask: ${pat(ask)} PAT; my limit ${pat(MAX_PRICE_MICROS)} PAT`);
    if (ask > MAX_PRICE_MICROS) {
      console.log('too expensive today; not buying');
    } else {
      const ack = await trader.newOrder({
        seriesId,
        clientOrderId: Date.now(), // unique per run; a retry with the same id would be refused, never doubled
        side: wire.Side.BUY,
        orderType: wire.OrderType.LIMIT,
        timeInForce: wire.TimeInForce.IOC,
        priceMicros: ask,
        qty: QTY,
      });
      const bought = (ack.reports ?? []).filter((r) => r.execType === wire.ExecType.EXEC_TRADE).reduce((n, r) => n + Number(r.lastQty), 0);
      console.log(`order: ${rejectName(ack)}; bought ${bought} right(s) at ${pat(ask)} PAT (journal seq ${ack.seq})`);
      if (bought > 0) {
        const exercised = await trader.exercise(seriesId, bought);
        console.log(`exercise ${exercised.exerciseId}: ${rejectName(exercised)}: the provider's endpoint will honour the signed grant`);
      }
    }
  }
} finally {
  await market.close();
  await trader.close();
}
