/**
 * An example data consumer: it watches a contract's market data, buys access
 * rights from the broker's ask when the price is under its limit, exercises them,
 * and downloads the records with the signed access grants the exercise returns, at
 * each provider's delivery endpoint (its gate). Run it against `npm start`:
 *
 *   npm run example:bot                       # dev wallet 1, any AUTO_INTENT spot series the broker sells in
 *   PATX_URL=http://127.0.0.1:8480 PRIVATE_KEY=0x… CONTRACT='AUTO_INTENT|7D|0.70-0.85' \
 *     MAX_PRICE_PAT=3 QTY=5 npm run example:bot
 *
 * It buys where the broker sells: of the segment's trading spot series (SEGMENT, default
 * AUTO_INTENT; or only CONTRACT's), one the broker has an ask in, the one closing last (it
 * waits up to ASK_WAIT_S for one). It checks the price against MAX_PRICE_PAT and its free
 * PAT against the cost before ordering: short of PAT, it deposits DEPOSIT_PAT (100, or what
 * is missing) from its wallet into the vault on-chain, after checking the wallet holds it
 * (the service credits it after confirmations). When it cannot go on it says so in one
 * line, with what to do, and exits 1.
 * On `npm start`'s embedded chain, hardhat's dev accounts 1-9 hold PAT; by default
 * the bot uses dev account 1 (a publicly known key: never use it on a real chain).
 */
import { Wallet } from 'ethers';
import { MarketDataClient, ackOutcome, downloadWithGrant, grantsOfAck, TradingClient, wire, type SeriesInfo, type SignedGrant, patShown } from '../src/client/index.js';
import { seriesQuoted, type BrokerQuote } from './broker-quotes.js';
import { examplePlace, sockets } from './service.js';
import { runExample, stop } from './exit.js';
import { ensureFreePat } from './funds.js';
import { orderNearQuote } from './order-near-quote.js';

/** The service (PATX_URL, its HTTP base: examples/service.ts). */
const PLACE = examplePlace();
const HTTP_URL = PLACE.httpUrl;
/** One contract only; absent: any spot series of SEGMENT the broker sells in. */
const CONTRACT = process.env.CONTRACT;
const SEGMENT = CONTRACT?.split('|')[0] ?? process.env.SEGMENT ?? 'AUTO_INTENT';
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

const pat = patShown; // PAT with 4 decimals, as everywhere

/** The spot series it may buy in: CONTRACT's, else every one of SEGMENT, trading. */
function candidates(all: SeriesInfo[]): SeriesInfo[] {
  return all.filter((s) => s.kind === wire.SeriesKind.SPOT && s.status === wire.SeriesStatus.TRADING && (CONTRACT === undefined ? s.contract?.startsWith(`${SEGMENT}|`) : s.contract === CONTRACT));
}

/**
 * A series the broker sells in, and its ask: asked again every few seconds for up to
 * ASK_WAIT_MS. An empty inventory is normal: the broker sells only rights providers have
 * sold it, so it says so and waits for the next sale.
 */
async function seriesWithAsk(market: MarketDataClient, open: SeriesInfo[]): Promise<{ series: SeriesInfo; quote: BrokerQuote } | undefined> {
  const deadline = Date.now() + ASK_WAIT_MS;
  let said = false;
  for (;;) {
    const found = await seriesQuoted(market, open, 'ask');
    if (found !== undefined || Date.now() > deadline) return found;
    if (!said) console.log(`the broker has no rights to sell in any of the ${open.length} series right now (its inventory is empty); waiting up to ${ASK_WAIT_MS / 1000} s for a provider to sell it some...`);
    said = true;
    await new Promise((r) => setTimeout(r, 3_000));
  }
}

/** Buys `qty` at the broker's ask (up to `limitMicros`), exercises what it bought, downloads the records. */
async function buyAndDownload(trader: TradingClient, seriesId: number, qty: number, limitMicros: number, ask: number): Promise<void> {
  const ack = await orderNearQuote(trader, {
    seriesId,
    clientOrderId: Date.now(), // unique per run; a retry with the same id would be refused, never doubled
    side: wire.Side.BUY,
    orderType: wire.OrderType.LIMIT,
    timeInForce: wire.TimeInForce.IOC,
    priceMicros: limitMicros, // fills at the broker's ask (the resting price), up to this
    qty,
  }, ask);
  const bought = (ack.reports ?? []).filter((r) => r.execType === wire.ExecType.EXEC_TRADE).reduce((n, r) => n + Number(r.lastQty), 0);
  console.log(`order: ${ackOutcome(ack)}; bought ${bought} right(s) (journal seq ${ack.seq})`);
  if (bought === 0) stop(`nothing bought: the broker's ask moved above ${pat(limitMicros)} PAT or its rights went to another buyer; run the bot again`);
  const exercised = await trader.exercise(seriesId, bought);
  const grants = grantsOfAck(exercised);
  console.log(`exercise ${exercised.exerciseId}: ${ackOutcome(exercised)}; ${grants.length} signed access grant(s)`);
  let received = 0;
  for (const g of grants) received += await download(g);
  console.log(`received ${received} record(s)`);
}

await runExample(HTTP_URL, async () => {
  const { tradeUrl, marketDataUrl } = await sockets(PLACE);
  if (!Number.isSafeInteger(QTY) || QTY < 1) stop(`QTY must be a whole number of rights above 0, got '${process.env.QTY}'`);
  const trader = await TradingClient.connect(tradeUrl, { wallet, cancelOnDisconnect: true });
  console.log(`logged in as ${wallet.address}: account ${trader.accountId}${trader.login.accountOpened ? ' (new)' : ''}`);
  const market = await MarketDataClient.connect(marketDataUrl);
  try {
    const what = CONTRACT ?? `${SEGMENT} spot`;
    const open = candidates(await trader.series());
    if (open.length === 0) stop(`no ${what} series is trading on the exchange: see GET ${HTTP_URL}/v1/series for what is, and set CONTRACT (or SEGMENT) to one of them`);
    const found = await seriesWithAsk(market, open);
    if (found === undefined) {
      stop(
        `the broker had nothing to sell in any ${what} series for ${ASK_WAIT_MS / 1000} s: its inventory comes from providers selling to its bid ` +
          '(the demo provider does now and then; `npm run example:provider` sells 10); run the bot again later',
      );
    }
    const { series, quote } = found;
    const seriesId = Number(series.seriesId);
    const tick = Number(series.tickMicros);
    console.log(`series ${seriesId}: ${series.contract}, window closes ${new Date(Number(series.closeAtMs)).toISOString()}`);
    console.log(`broker ask: ${quote.askQty} at ${pat(quote.askMicros)} PAT; my limit ${pat(MAX_PRICE_MICROS)} PAT`);
    if (quote.askMicros > MAX_PRICE_MICROS) stop(`the broker's ask ${pat(quote.askMicros)} PAT is above MAX_PRICE_PAT ${pat(MAX_PRICE_MICROS)}: nothing bought; raise MAX_PRICE_PAT to buy at this price`);
    // Free PAT for the whole order at its limit, checked (and deposited) before ordering.
    const qty = Math.min(QTY, quote.askQty);
    const limitMicros = Math.min(MAX_PRICE_MICROS, Math.ceil((quote.askMicros * (10_000 + SLIPPAGE_BPS)) / 10_000 / tick) * tick);
    await ensureFreePat(HTTP_URL, trader, wallet, 'consumer', BigInt(limitMicros * qty) * 10n ** 12n, DEPOSIT_PAT);
    console.log(`available: ${Number(BigInt((await trader.account()).availableWei ?? '0') / 10n ** 12n) / 1e6} PAT`);
    await buyAndDownload(trader, seriesId, qty, limitMicros, quote.askMicros);
  } finally {
    await market.close();
    await trader.close();
  }
});
