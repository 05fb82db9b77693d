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
 *   PATX_URL=http://127.0.0.1:8480 PRIVATE_KEY=0x… CONTRACT='AUTO_INTENT|7D|0.70-0.85' QTY=10 PROVIDER_PORT=8492 npm run example:provider
 *
 * It sells where the broker buys: of the segment's trading spot series (SEGMENT, default
 * AUTO_INTENT; or only CONTRACT's), one the broker bids in, the one closing last. It checks
 * the bid again just before minting and mints only what the broker bids for (at most QTY,
 * using unsold rights it already holds first). When it cannot go on (no series bid, the
 * listing refused, the service unreachable) it says so in one line, with what to do, and
 * exits 1.
 *
 * The first run creates and submits its listing, then waits for the operator to
 * publish it (`./patx listings publish <id>`); later runs find it published.
 *
 * By default it uses hardhat's dev account 2 (a publicly known key: never use it
 * on a real chain). A provider needs no PAT to sell; its earnings show in its
 * account and, once settled, in its payout statement.
 */
import path from 'node:path';
import { Wallet } from 'ethers';
import { MarketDataClient, ackOutcome, rejectName, TradingClient, wire, type SeriesInfo, patShown } from '../src/client/index.js';
import { createLogger } from '../src/runtime/log.js';
import { startProviderServer, type ProviderServer } from '../src/provider-server/server.js';
import { brokerQuotes, seriesQuoted } from './broker-quotes.js';
import { examplePlace, sockets } from './service.js';
import { runExample, stop } from './exit.js';
import { orderNearQuote } from './order-near-quote.js';
import { exampleRecord, publishedListing } from './provider-listing.js';

/** The service (PATX_URL, its HTTP base: examples/service.ts). */
const PLACE = examplePlace();
/** One contract only; absent: any spot series of SEGMENT the broker bids in. */
const CONTRACT = process.env.CONTRACT;
const SEGMENT = CONTRACT?.split('|')[0] ?? process.env.SEGMENT ?? 'AUTO_INTENT';
const QTY = Number(process.env.QTY ?? '10');
/** How far under the broker's bid it still sells: the bid can move between reading it and selling (others trade too). */
const SLIPPAGE_BPS = Number(process.env.SLIPPAGE_BPS ?? '300');
/** Hardhat's dev account 2. */
const DEV_KEY = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a';
const wallet = new Wallet(process.env.PRIVATE_KEY ?? DEV_KEY);
const pat = patShown; // PAT with 4 decimals, as everywhere
const HTTP_URL = PLACE.httpUrl;
/** Where it serves its records (its listing's delivery endpoint). */
const PROVIDER_PORT = Number(process.env.PROVIDER_PORT ?? '8492');
// Its gate's files (metering, the delivery reports waiting to be sent) go under ./data beside the exchange's: its
// owner's alone, as the exchange keeps its own (directories 700, files 600), so the next `npm start` tightens nothing.
process.umask(0o077);
const ENDPOINT = `http://127.0.0.1:${PROVIDER_PORT}/records`;

/** `count` of its records from position `first` (the sample's rows, continued), scored within the band of the contract the right was bought in. */
function ownRecords(_segment: string, first: number, count: number, atMs: number, band?: { loBps: number; hiBps: number }): Record<string, string | number>[] {
  return Array.from({ length: count }, (_, k) => exampleRecord(first + k, atMs, band));
}

/** Each series' confidence band (`AUTO_INTENT|7D|0.70-0.85`: 7,000 to 8,500 bps), read from the exchange's series list: a right's records are scored within its contract's band. */
const bands = new Map<number, { loBps: number; hiBps: number }>();

async function readBands(): Promise<void> {
  const res = await fetch(`${HTTP_URL}/v1/series?limit=1000`);
  if (res.status !== 200) return; // kept as they were: read again at the next refresh
  for (const s of ((await res.json()) as { series: Array<{ seriesId: number; contract: string }> }).series) {
    const m = /\|(\d(?:\.\d{1,4})?)-(\d(?:\.\d{1,4})?)$/.exec(s.contract);
    if (m !== null) bands.set(s.seriesId, { loBps: Math.round(Number(m[1]) * 10_000), hiBps: Math.round(Number(m[2]) * 10_000) });
  }
}

/** Its gate in front of its records: trusts the exchange's grant signer, serves its own listing, meters in PROVIDER_GATE_DIR (LMDB; default under ./data). */
async function serve(listingId: number, segment: string): Promise<ProviderServer> {
  await readBands();
  const res = await fetch(`${HTTP_URL}/v1/grants/signer`);
  if (res.status !== 200) stop(`the exchange issues no access grants (GET /v1/grants/signer: ${res.status}), so there is nothing to serve: the rights sold stay sold; start the service with settlement on to serve them`);
  const { domain, signer } = (await res.json()) as { domain: Parameters<typeof startProviderServer>[0]['domain']; signer: string };
  try {
    return await startProviderServer({
      providerKey: wallet.privateKey,
      domain,
      exchangeSigner: signer,
      serves: (id, version) => id === listingId && version >= 1,
      segmentOf: (id) => (id === listingId ? segment : undefined),
      records: ownRecords,
      bandOf: (seriesId) => bands.get(seriesId),
      dir: process.env.PROVIDER_GATE_DIR ?? path.join('data', `example-provider-${wallet.address.toLowerCase()}`),
      host: '127.0.0.1',
      port: PROVIDER_PORT,
      exchangeUrl: HTTP_URL,
      log: createLogger('warn'),
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE' || /listen|in use/i.test((error as Error).message)) stop(`port ${PROVIDER_PORT} is taken, so its records cannot be served at ${ENDPOINT}: stop what uses it, or run with PROVIDER_PORT set to the port its listing names`);
    throw error;
  }
}

/** The spot series it may sell in: CONTRACT's, else every one of SEGMENT, trading. */
function candidates(all: SeriesInfo[]): SeriesInfo[] {
  return all.filter((s) => s.kind === wire.SeriesKind.SPOT && s.status === wire.SeriesStatus.TRADING && (CONTRACT === undefined ? s.contract?.startsWith(`${SEGMENT}|`) : s.contract === CONTRACT));
}

await runExample(HTTP_URL, async () => {
  const { tradeUrl, marketDataUrl } = await sockets(PLACE);
  if (!Number.isSafeInteger(QTY) || QTY < 1) stop(`QTY must be a whole number of rights above 0, got '${process.env.QTY}'`);
  const provider = await TradingClient.connect(tradeUrl, { wallet, role: wire.Role.PROVIDER });
  console.log(`logged in as ${wallet.address}: account ${provider.accountId}, role ${wire.Role[provider.role]}`);
  if (provider.role !== wire.Role.PROVIDER) {
    await provider.close();
    stop(`account ${provider.accountId} is a ${wire.Role[provider.role]}, not a provider: only providers mint; use another PRIVATE_KEY`);
  }
  const market = await MarketDataClient.connect(marketDataUrl);
  let listingId = 0;
  const what = CONTRACT ?? `${SEGMENT} spot`;
  try {
    const open = candidates(await provider.series());
    if (open.length === 0) stop(`no ${what} series is trading on the exchange: see GET ${HTTP_URL}/v1/series for what is, and set CONTRACT (or SEGMENT) to one of them`);
    const picked = await seriesQuoted(market, open, 'bid');
    if (picked === undefined) {
      stop(`the broker bids in none of the ${open.length} ${what} series trading now (it buys up to its risk limits, and not near a window's close), so nothing was minted: try again in a few minutes, or set CONTRACT to another contract (GET ${HTTP_URL}/v1/series)`);
    }
    const series = picked.series;
    const seriesId = Number(series.seriesId);
    console.log(`series ${seriesId}: ${series.contract}, window closes ${new Date(Number(series.closeAtMs)).toISOString()}; the broker bids ${picked.quote.bidQty} at ${pat(picked.quote.bidMicros)} PAT`);

    listingId = await publishedListing(HTTP_URL, wallet, SEGMENT, ENDPOINT);

    // Checked again just before minting: the listing may have waited for the operator, and others sell too.
    const bid = (await brokerQuotes(market, [seriesId])).get(seriesId);
    if (bid === undefined || bid.bidQty === 0) stop(`the broker stopped bidding in series ${seriesId} (${series.contract}) before anything was minted: run the example again`);
    const position = (await provider.account()).positions?.find((p) => Number(p.seriesId) === seriesId);
    const unsold = Number(position?.available ?? 0);
    const qty = Math.min(QTY, bid.bidQty, Number(series.maxOrderQty ?? QTY) || QTY);
    const toMint = Math.max(0, qty - unsold);
    if (toMint > 0) {
      const capacity = Number(position?.capacity ?? 0);
      const minted = Number(position?.minted ?? 0);
      if (capacity < minted + toMint) {
        const declared = await provider.declareCapacity(seriesId, minted + toMint);
        console.log(`declare capacity ${minted + toMint}: ${ackOutcome(declared)}`);
        if ((declared.rejectReason ?? 0) !== 0) stop(`the exchange refused the capacity (${rejectName(declared)}): nothing was minted; see docs/providers.md, "Capacity, minting and selling", for what a provider may declare`);
      }
      const mint = await provider.mint(seriesId, toMint);
      console.log(`mint ${toMint}: ${ackOutcome(mint)}`);
      if ((mint.rejectReason ?? 0) !== 0) stop(`the exchange refused the mint (${rejectName(mint)}): nothing was minted; is listing ${listingId} still published (GET ${HTTP_URL}/v1/listings/${listingId})?`);
    } else {
      console.log(`${unsold} unsold right(s) already held: selling ${qty} of them, minting none`);
    }

    const tick = Number(series.tickMicros);
    const limitMicros = Math.max(tick, Math.floor((bid.bidMicros * (10_000 - SLIPPAGE_BPS)) / 10_000 / tick) * tick);
    console.log(`broker bid: ${bid.bidQty} at ${pat(bid.bidMicros)} PAT; selling ${qty} down to ${pat(limitMicros)} PAT`);
    const ack = await orderNearQuote(provider, { seriesId, clientOrderId: Date.now(), side: wire.Side.SELL, timeInForce: wire.TimeInForce.IOC, priceMicros: limitMicros, qty }, bid.bidMicros);
    const sold = (ack.reports ?? []).filter((r) => r.execType === wire.ExecType.EXEC_TRADE).reduce((n, r) => n + Number(r.lastQty), 0);
    console.log(`sell: ${ackOutcome(ack)}; sold ${sold} right(s) to the broker (journal seq ${ack.seq})`);
    if (sold === 0) stop(`nothing sold: the broker's bid moved below ${pat(limitMicros)} PAT (SLIPPAGE_BPS ${SLIPPAGE_BPS}) or went; the ${qty} right(s) stay in the account, and the next run sells them without minting more`);
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
    stop(`listing ${listingId} names ${listing.deliveryEndpoint} as its delivery endpoint, not ${ENDPOINT}: run with PROVIDER_PORT set to that port, or update the listing`);
  }
  const server = await serve(listingId, SEGMENT);
  // Series are listed as windows roll: their bands are read again every minute.
  const refresh = setInterval(() => void readBands().catch(() => undefined), 60_000);
  // Ctrl-C is heard before the line saying so goes out: a pipe's write is synchronous, and whoever reads it may signal at once.
  const interrupted = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log(`serving its records at ${ENDPOINT} (listing ${listingId}) until Ctrl-C`);
  await interrupted;
  clearInterval(refresh);
  await server.close();
  console.log('stopped serving');
});
