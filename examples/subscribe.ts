/**
 * An example subscriber (docs/subscriptions.md): it subscribes to the exchange's
 * shortest-window spot contract, lets the exchange buy and exercise each new window for
 * it, downloads the records of two windows with the grants the exchange issued, and
 * cancels. Nothing is bought by the script itself: it only reads what the subscription did.
 * Run it against the sandbox (`npm run sandbox`, windows of minutes):
 *
 *   npm run example:subscribe
 *   PATX_URL=http://127.0.0.1:8480 CONTRACT='AUTO_INTENT|1h|0.85-1.00' npm run example:subscribe   # against npm start (hour windows)
 *
 * QTY rights a window (default 2), at most MAX_PRICE_PAT each (default 5), BUDGET_PAT in all
 * (default 50), WINDOWS windows (default 2). Dev account 3 by default (a publicly known key:
 * never use it on a real chain); short of PAT it deposits DEPOSIT_PAT from its wallet first.
 */
import { Wallet } from 'ethers';
import { downloadWithGrant, MarketDataClient, signedRequest, TradingClient, wire, type SeriesInfo, type SignedGrant, patShown } from '../src/client/index.js';
import { brokerQuotes } from './broker-quotes.js';
import { runExample, stop } from './exit.js';
import { ensureFreePat } from './funds.js';
import { examplePlace, sockets } from './service.js';

/** The service (PATX_URL, its HTTP base: examples/service.ts); by default the sandbox's. */
const PLACE = examplePlace('http://127.0.0.1:8580');
const HTTP_URL = PLACE.httpUrl;
const QTY = Number(process.env.QTY ?? '2');
const MAX_PRICE_MICROS = Math.round(Number(process.env.MAX_PRICE_PAT ?? '5') * 1_000_000);
const BUDGET_MICROS = Math.round(Number(process.env.BUDGET_PAT ?? '50') * 1_000_000);
const WINDOWS = Number(process.env.WINDOWS ?? '2');
const DEPOSIT_PAT = BigInt(process.env.DEPOSIT_PAT ?? '100');
/** Hardhat's dev account 3. */
const DEV_KEY = '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6';
const wallet = new Wallet(process.env.PRIVATE_KEY ?? DEV_KEY);

interface Activity {
  type: string;
  seq: number;
  seriesId?: number;
  qty?: number;
  costMicros?: number;
  exerciseId?: number;
  reason?: string;
  message?: string;
  status?: string;
}
interface Subscription {
  subscriptionId: number;
  contract: string;
  status: string;
  windowsBought: number;
}
type Reply<T> = T & { error?: string; message?: string };

const pat = patShown; // PAT with 4 decimals, as everywhere
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The spot contract with the shortest window the exchange trades (or CONTRACT), preferring
 * those whose window open now the broker has rights to sell in: a subscription buys at the
 * broker's ask, and a thin contract's windows would pass with nothing to buy.
 */
async function chooseContract(all: SeriesInfo[], marketDataUrl: string): Promise<{ contract: string; windowMs: number }> {
  const now = Date.now();
  const spot = all.filter((s) => s.kind === wire.SeriesKind.SPOT && s.status === wire.SeriesStatus.TRADING && typeof s.contract === 'string' && Number(s.openAtMs) <= now);
  const wanted = process.env.CONTRACT;
  const pool = wanted === undefined ? spot : spot.filter((s) => s.contract === wanted);
  if (pool.length === 0) stop(wanted === undefined ? 'the exchange trades no spot series: is it starting?' : `the exchange trades no ${wanted} series: see GET ${HTTP_URL}/v1/series`);
  const market = await MarketDataClient.connect(marketDataUrl);
  const quotes = await brokerQuotes(market, pool.map((s) => Number(s.seriesId))).finally(() => market.close());
  const asked = pool.filter((s) => (quotes.get(Number(s.seriesId))?.askQty ?? 0) > 0);
  const windowOf = (s: SeriesInfo): number => Number(s.closeAtMs) - Number(s.openAtMs);
  const from = asked.length > 0 ? asked : pool;
  if (asked.length === 0) console.log('the broker has nothing to sell in any of these windows now; subscribing anyway: the exchange buys once it has');
  const best = from.reduce((a, b) => (windowOf(b) < windowOf(a) ? b : a));
  return { contract: best.contract!, windowMs: windowOf(best) };
}

/** Downloads every right of an exercise's grants; the records received. */
async function download(exerciseId: number): Promise<number> {
  const page = await signedRequest<Reply<{ grants: SignedGrant[] }>>(HTTP_URL, wallet, 'GET', `/v1/grants/mine?exercise=${exerciseId}`);
  if (page.status !== 200) stop(`the grants of exercise ${exerciseId}: ${page.body.error}: ${page.body.message}`);
  let received = 0;
  for (const g of page.body.grants) {
    const d = await downloadWithGrant(HTTP_URL, wallet, { grant: g.grant, signature: g.signature });
    if (d.outcome === 'received') received += d.records.length;
    else console.log(`grant ${g.grant.grantId}: ${d.outcome}${'message' in d ? `: ${String(d.message)}` : ''}`);
  }
  return received;
}

await runExample(HTTP_URL, async () => {
  const { tradeUrl, marketDataUrl } = await sockets(PLACE);
  if (!Number.isSafeInteger(QTY) || QTY < 1) stop(`QTY must be a whole number of rights above 0, got '${process.env.QTY}'`);
  const trader = await TradingClient.connect(tradeUrl, { wallet, cancelOnDisconnect: false });
  console.log(`logged in as ${wallet.address}: account ${trader.accountId}`);
  const { contract, windowMs } = await chooseContract(await trader.series(), marketDataUrl);
  await ensureFreePat(HTTP_URL, trader, wallet, 'subscriber', BigInt(Math.min(BUDGET_MICROS, MAX_PRICE_MICROS * QTY * WINDOWS)) * 10n ** 12n, DEPOSIT_PAT);
  await trader.close();

  const made = await signedRequest<Reply<Subscription>>(HTTP_URL, wallet, 'POST', '/v1/subscriptions', {
    contract, qtyPerWindow: QTY, capPriceMicros: MAX_PRICE_MICROS, budgetMicros: BUDGET_MICROS, trigger: 'open', includeCurrent: true,
  });
  if (made.status !== 201) stop(`not subscribed: ${made.body.error}: ${made.body.message}`);
  const id = made.body.subscriptionId;
  const cancel = async (): Promise<void> => {
    const cancelled = await signedRequest<Reply<Subscription>>(HTTP_URL, wallet, 'POST', `/v1/subscriptions/${id}/cancel`);
    console.log(cancelled.status === 200 ? `subscription ${id} cancelled` : `cancel: ${cancelled.body.error}: ${cancelled.body.message}; if it is still live: ./patx unsubscribe ${id}`);
  };
  // Interrupted (Ctrl-C), the example cancels what it started: a subscription left live keeps buying every window.
  process.once('SIGINT', () => {
    console.log(`interrupted: cancelling subscription ${id}`);
    void cancel().then(
      () => process.exit(130),
      (error: unknown) => {
        console.error(`subscription ${id} could NOT be cancelled (${String(error)}): it keeps buying; cancel it with ./patx unsubscribe ${id}`);
        process.exit(130);
      },
    );
  });
  console.log(`subscription ${id}: ${QTY} right(s) of each ${contract} window (${windowMs / 60_000} min) at most ${pat(MAX_PRICE_MICROS)} PAT each, ${pat(BUDGET_MICROS)} PAT in all`);
  try {
    const seen = new Set<number>();
    const windows = new Set<number>();
    // Two windows' worth of time, and a margin for the broker's first quote.
    const deadline = Date.now() + (WINDOWS + 1) * windowMs + 60_000;
    while (windows.size < WINDOWS) {
      if (Date.now() > deadline) stop(`only ${windows.size} of ${WINDOWS} window(s) arrived in time; see GET ${HTTP_URL}/v1/subscriptions/${id} for what the subscription did`);
      const one = await signedRequest<Reply<{ subscription: Subscription; activity: Activity[] }>>(HTTP_URL, wallet, 'GET', `/v1/subscriptions/${id}`);
      if (one.status !== 200) stop(`subscription ${id}: ${one.body.error}: ${one.body.message}`);
      for (const a of [...one.body.activity].reverse()) {
        if (seen.has(a.seq * 10 + ['filled', 'skipped', 'exercised', 'status'].indexOf(a.type))) continue;
        seen.add(a.seq * 10 + ['filled', 'skipped', 'exercised', 'status'].indexOf(a.type));
        if (a.type === 'filled') console.log(`window of series ${a.seriesId}: the exchange bought ${a.qty} right(s) for ${pat(a.costMicros ?? 0)} PAT`);
        else if (a.type === 'skipped') console.log(`window of series ${a.seriesId} skipped: ${a.reason}: ${a.message}`);
        else if (a.type === 'exercised') {
          const records = await download(a.exerciseId!);
          windows.add(a.seriesId!);
          console.log(`window of series ${a.seriesId}: exercised (exercise ${a.exerciseId}), received ${records} record(s)`);
        } else if (a.status === 'paused' || a.status === 'ended') stop(`subscription ${id} is ${a.status}; see the skips above`);
      }
      if (windows.size < WINDOWS) await sleep(2_000);
    }
  } finally {
    await cancel();
  }
  console.log(`received ${WINDOWS} window(s) of records`);
});
