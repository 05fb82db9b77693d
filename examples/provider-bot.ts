/**
 * An example data provider: it lists the data behind a contract's segment in the
 * catalog (a provider mints only where it has a published listing), declares
 * access capacity, mints rights, and sells them to the broker at its bid. Then it
 * serves its records at its own delivery endpoint (the gate of src/gate/, through the
 * reference provider server's code) until Ctrl-C: a consumer who exercises a right from
 * its supply gets a grant for this provider, which only this provider's endpoint honours.
 * Run it against `npm start`, and the consumer bot (in another terminal) can buy what the
 * broker now holds:
 *
 *   npm run example:provider     # leave it serving; then: npm run example:bot
 *   PATX_URL=ws://127.0.0.1:8480 PATX_MARKET_URL=ws://127.0.0.1:8481 PRIVATE_KEY=0x… CONTRACT='AUTO_INTENT|7D|0.70-0.85' QTY=50 PROVIDER_PORT=8491 npm run example:provider
 *
 * The first run creates and submits its listing, then waits for the operator to
 * publish it (`npx patx listings publish <id>`); later runs find it published.
 *
 * By default it uses hardhat's dev account 2 (a publicly known key: never use it
 * on a real chain). A provider needs no PAT to sell; its earnings show in its
 * account and, once settled, in its payout statement.
 */
import path from 'node:path';
import { Wallet } from 'ethers';
import { MarketDataClient, ackOutcome, TradingClient, wire } from '../src/client/index.js';
import { createLogger } from '../src/log.js';
import { startProviderServer, type ProviderServer } from '../src/provider-server/server.js';
import { orderNearQuote } from './order-near-quote.js';
import { exampleRecord, publishedListing } from './provider-listing.js';

const URL = process.env.PATX_URL ?? 'ws://127.0.0.1:8480';
const MARKET_URL = process.env.PATX_MARKET_URL ?? 'ws://127.0.0.1:8481';
const CONTRACT = process.env.CONTRACT ?? 'AUTO_INTENT|7D|0.70-0.85';
const SEGMENT = CONTRACT.split('|')[0]!;
const QTY = Number(process.env.QTY ?? '50');
/** How far under the broker's bid it still sells: the bid can move between reading it and selling (others trade too). */
const SLIPPAGE_BPS = Number(process.env.SLIPPAGE_BPS ?? '300');
/** Hardhat's dev account 2. */
const DEV_KEY = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a';
const wallet = new Wallet(process.env.PRIVATE_KEY ?? DEV_KEY);
const pat = (micros: number): string => (micros / 1_000_000).toFixed(3);
const HTTP_URL = URL.replace(/^ws/, 'http');
/** Where it serves its records (its listing's delivery endpoint). */
const PROVIDER_PORT = Number(process.env.PROVIDER_PORT ?? '8491');
const ENDPOINT = `http://127.0.0.1:${PROVIDER_PORT}/records`;

/** `count` of its records from position `first` (the sample's rows, continued). */
function ownRecords(_segment: string, first: number, count: number, atMs: number): Record<string, string | number>[] {
  return Array.from({ length: count }, (_, k) => exampleRecord(first + k, atMs));
}

/** Its gate in front of its records: trusts the exchange's grant signer, serves its own listing, meters in PROVIDER_GATE_DIR (LMDB; default under ./data). */
async function serve(listingId: number, segment: string): Promise<ProviderServer> {
  const res = await fetch(`${HTTP_URL}/v1/grants/signer`);
  if (res.status !== 200) throw new Error(`the exchange issues no access grants (GET /v1/grants/signer: ${res.status}): nothing to serve`);
  const { domain, signer } = (await res.json()) as { domain: Parameters<typeof startProviderServer>[0]['domain']; signer: string };
  return startProviderServer({
    providerKey: wallet.privateKey,
    domain,
    exchangeSigner: signer,
    serves: (id, version) => id === listingId && version >= 1,
    segmentOf: (id) => (id === listingId ? segment : undefined),
    records: ownRecords,
    dir: process.env.PROVIDER_GATE_DIR ?? path.join('data', `example-provider-${wallet.address.toLowerCase()}`),
    host: '127.0.0.1',
    port: PROVIDER_PORT,
    exchangeUrl: HTTP_URL,
    log: createLogger('warn'),
  });
}

const provider = await TradingClient.connect(`${URL}/v1/trade`, { wallet, role: wire.Role.PROVIDER });
console.log(`logged in as ${wallet.address}: account ${provider.accountId}, role ${wire.Role[provider.role]}`);
const market = await MarketDataClient.connect(`${MARKET_URL}/v1/market`);
let listingId = 0;
try {
  const series = (await provider.series()).find((s) => s.contract === CONTRACT && s.status === wire.SeriesStatus.TRADING);
  if (series === undefined) throw new Error(`no trading series of ${CONTRACT}`);
  const seriesId = Number(series.seriesId);
  listingId = await publishedListing(HTTP_URL, wallet, SEGMENT, ENDPOINT);
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
  const account = await provider.account();
  // Sale proceeds are held in escrow (locked) until the consumers are served or the dispute window passes (docs/delivery.md).
  console.log(`available now: ${Number(BigInt(account.availableWei ?? '0') / 10n ** 12n) / 1e6} PAT; locked (held until delivery): ${Number(BigInt(account.lockedWei ?? '0') / 10n ** 12n) / 1e6} PAT`);
} finally {
  await market.close();
  await provider.close();
}

const listing = (await (await fetch(`${HTTP_URL}/v1/listings/${listingId}/disclosures`)).json()) as { deliveryEndpoint?: string };
if (listing.deliveryEndpoint !== ENDPOINT) {
  // A listing made by an earlier run with another endpoint: consumers are sent there, not here.
  console.log(`listing ${listingId} names ${listing.deliveryEndpoint} as its delivery endpoint, not ${ENDPOINT}: serve there (PROVIDER_PORT) or update the listing`);
} else {
  const server = await serve(listingId, SEGMENT);
  console.log(`serving its records at ${ENDPOINT} (listing ${listingId}) until Ctrl-C`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  console.log('stopped serving');
}
