/**
 * An example data consumer: it watches a contract's market data, buys access
 * rights from the broker's ask when the price is under its limit, exercises them,
 * and downloads the records with the signed access grants the exercise returns, at
 * each provider's delivery endpoint (its gate). Run it against `npm start`:
 *
 *   npm run example:bot                       # a fresh wallet, the flagship contract
 *   PATX_URL=ws://127.0.0.1:8480 PATX_MARKET_URL=ws://127.0.0.1:8481 PRIVATE_KEY=0x… CONTRACT='AUTO_INTENT|7D|0.70-0.85' \
 *     MAX_PRICE_PAT=3 QTY=5 npm run example:bot
 *
 * It needs PAT in its account. With no PAT yet, it deposits DEPOSIT_PAT (100) from
 * its wallet into the vault on-chain (the service credits it after confirmations).
 * On `npm start`'s embedded chain, hardhat's dev accounts 1-9 hold PAT; by default
 * the bot uses dev account 1 (a publicly known key: never use it on a real chain).
 */
import { Wallet } from 'ethers';
import { MarketDataClient, ackOutcome, depositPat, downloadWithGrant, grantsOfAck, TradingClient, wire, type SignedGrant } from '../src/client/index.js';
import { orderNearQuote } from './order-near-quote.js';
import { reportRefusal } from './refusal.js';

const URL = process.env.PATX_URL ?? 'ws://127.0.0.1:8480';
const MARKET_URL = process.env.PATX_MARKET_URL ?? 'ws://127.0.0.1:8481';
const HTTP_URL = URL.replace(/^ws/, 'http');
const CONTRACT = process.env.CONTRACT ?? 'AUTO_INTENT|7D|0.70-0.85';
const MAX_PRICE_MICROS = Math.round(Number(process.env.MAX_PRICE_PAT ?? '5') * 1_000_000);
const QTY = Number(process.env.QTY ?? '2');
/** How far over the broker's ask it still buys (never over MAX_PRICE_PAT): the ask can move between reading it and buying. */
const SLIPPAGE_BPS = Number(process.env.SLIPPAGE_BPS ?? '300');
const DEPOSIT_PAT = BigInt(process.env.DEPOSIT_PAT ?? '100');
/** How long it waits for the broker to have rights to sell (an ask) before giving up. */
const ASK_WAIT_MS = Number(process.env.ASK_WAIT_S ?? '120') * 1000;
/** Hardhat's dev account 1. */
const DEV_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
const wallet = new Wallet(process.env.PRIVATE_KEY ?? DEV_KEY);

/** Uses every right of a grant at once at its provider's gate; returns the records received. */
async function download(signed: SignedGrant): Promise<number> {
  const g = signed.grant;
  const d = await downloadWithGrant(HTTP_URL, wallet, signed);
  if (d.outcome === 'no-listing') console.log(`grant ${g.grantId}: listing ${g.listingId} is not published (${d.status}): nothing to download`);
  else if (d.outcome === 'no-signer') console.log(`grant ${g.grantId}: the exchange names no grant signer (${d.status}): nothing to download`);
  else if (d.outcome === 'unreachable') console.log(`grant ${g.grantId}: ${d.endpoint} ${d.reason}: ${d.message} (reported to the exchange: ${d.report.state})`);
  else if (d.outcome === 'refused') console.log(`grant ${g.grantId}: ${d.endpoint} refused: ${d.error}: ${d.message}`);
  else console.log(`grant ${g.grantId}: ${d.records.length} record(s) of listing ${g.listingId} v${g.listingVersion} from ${d.endpoint}; receipt ${d.receipt.state === 'refused' ? `refused: ${d.receipt.error}` : d.receipt.state}`);
  return d.outcome === 'received' ? d.records.length : 0;
}

/** Deposits PAT into the vault from the wallet, on the chain the service names (RPC_URL overrides its URL). */
async function deposit(amountWei: bigint): Promise<void> {
  const tx = await depositPat(HTTP_URL, wallet, amountWei, process.env.RPC_URL);
  console.log(`deposited ${amountWei / 10n ** 18n} PAT to the vault (tx ${tx}); waiting for the confirmations...`);
}

const pat = (micros: number): string => (micros / 1_000_000).toFixed(3);

/**
 * The broker's best ask in the series, from the quote stream (its snapshot arrives right after
 * subscribing); 0 if it has none within ASK_WAIT_MS. An empty inventory is normal: the broker
 * sells only rights providers have sold it, so it says so and waits for the next sale.
 */
function brokerAsk(seriesId: number): Promise<number> {
  return new Promise<number>((resolve) => {
    const notice = setTimeout(() => {
      console.log(`the broker has no rights to sell in series ${seriesId} right now (its inventory is empty); waiting up to ${ASK_WAIT_MS / 1000} s for a provider to sell it some...`);
    }, 3_000);
    const timer = setTimeout(() => {
      clearTimeout(notice);
      resolve(0);
    }, ASK_WAIT_MS);
    market.on('quotes', (q) => {
      const best = Number(q.asks?.[0]?.priceMicros ?? 0);
      if (Number(q.seriesId) === seriesId && best > 0) {
        clearTimeout(notice);
        clearTimeout(timer);
        resolve(best);
      }
    });
    void market.subscribe(seriesId, [wire.Channel.QUOTES, wire.Channel.TRADES]);
  });
}

/** Buys QTY at the broker's ask (with SLIPPAGE_BPS of room), exercises what it bought, downloads the records. */
async function buyAndDownload(seriesId: number, tick: number, ask: number): Promise<void> {
  const limitMicros = Math.min(MAX_PRICE_MICROS, Math.ceil((ask * (10_000 + SLIPPAGE_BPS)) / 10_000 / tick) * tick);
  const ack = await orderNearQuote(trader, {
    seriesId,
    clientOrderId: Date.now(), // unique per run; a retry with the same id would be refused, never doubled
    side: wire.Side.BUY,
    orderType: wire.OrderType.LIMIT,
    timeInForce: wire.TimeInForce.IOC,
    priceMicros: limitMicros, // fills at the broker's ask (the resting price), up to this
    qty: QTY,
  }, ask);
  const bought = (ack.reports ?? []).filter((r) => r.execType === wire.ExecType.EXEC_TRADE).reduce((n, r) => n + Number(r.lastQty), 0);
  console.log(`order: ${ackOutcome(ack)}; bought ${bought} right(s) (journal seq ${ack.seq})`);
  if (bought === 0) return;
  const exercised = await trader.exercise(seriesId, bought);
  const grants = grantsOfAck(exercised);
  console.log(`exercise ${exercised.exerciseId}: ${ackOutcome(exercised)}; ${grants.length} signed access grant(s)`);
  let received = 0;
  for (const g of grants) received += await download(g);
  console.log(`received ${received} record(s)`);
}

const trader = await TradingClient.connect(`${URL}/v1/trade`, { wallet, cancelOnDisconnect: true });
console.log(`logged in as ${wallet.address}: account ${trader.accountId}${trader.login.accountOpened ? ' (new)' : ''}`);
const market = await MarketDataClient.connect(`${MARKET_URL}/v1/market`);
try {
  const series = (await trader.series()).find((s) => s.contract === CONTRACT && s.status === wire.SeriesStatus.TRADING);
  if (series === undefined) throw new Error(`no trading series of ${CONTRACT}`);
  const seriesId = Number(series.seriesId);
  console.log(`series ${seriesId}: ${CONTRACT}, window closes ${new Date(Number(series.closeAtMs)).toISOString()}`);

  let balanceWei = BigInt((await trader.account()).availableWei ?? '0');
  if (balanceWei === 0n) {
    await deposit(DEPOSIT_PAT * 10n ** 18n);
    const deadline = Date.now() + 120_000;
    while (balanceWei === 0n && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      balanceWei = BigInt((await trader.account()).availableWei ?? '0');
    }
  }
  console.log(`available: ${Number(balanceWei / 10n ** 12n) / 1e6} PAT`);
  if (balanceWei === 0n) {
    console.log('no PAT to buy with: the deposit was not credited in time');
  } else {
    const ask = await brokerAsk(seriesId);
    if (ask === 0) {
      console.log(
        `the broker had nothing to sell in series ${seriesId} for ${ASK_WAIT_MS / 1000} s: its inventory comes from providers selling to its bid ` +
          '(the demo provider does now and then; `npm run example:provider` sells 10); run the bot again later',
      );
      process.exitCode = 1;
    } else {
      console.log(`broker ask: ${pat(ask)} PAT; my limit ${pat(MAX_PRICE_MICROS)} PAT`);
      if (ask > MAX_PRICE_MICROS) console.log('too expensive today; not buying');
      else await buyAndDownload(seriesId, Number(series.tickMicros), ask);
    }
  }
} catch (error) {
  reportRefusal(error);
} finally {
  await market.close();
  await trader.close();
}
