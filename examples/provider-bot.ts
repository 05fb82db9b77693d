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
import { MarketDataClient, ackOutcome, signedRequest, TradingClient, wire } from '../src/client/index.js';

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

interface OwnListing {
  id: number;
  segment: string;
  status: string;
}

/** A small CSV sample of what the listing delivers (a real provider uploads an extract of its data). */
function sampleCsv(): string {
  const now = Date.now();
  const rows = Array.from({ length: 50 }, (_, i) => `u${1000 + i},${(0.7 + (i % 15) / 100).toFixed(2)},${new Date(now - i * 60_000).toISOString()}`);
  return ['user_id,score,event_time', ...rows].join('\n') + '\n';
}

/** Its published listing for `segment`: created and submitted if it has none, then waited for until the operator publishes it. */
async function publishedListing(segment: string): Promise<number> {
  const own = await signedRequest<OwnListing[]>(HTTP_URL, wallet, 'GET', '/v1/provider/listings');
  if (own.status !== 200) throw new Error(`listing the provider's listings failed (${own.status}): ${JSON.stringify(own.body)}`);
  let listing: OwnListing | undefined = own.body.find((l) => l.segment === segment && l.status === 'published') ?? own.body.find((l) => l.segment === segment && l.status !== 'taken_down');
  if (listing === undefined) {
    const created = await signedRequest<OwnListing>(HTTP_URL, wallet, 'POST', '/v1/provider/listings', {
      segment,
      title: `${segment} signals from an example provider`,
      description: 'Scored intent events, one row per user and event, refreshed daily.',
      schema: {
        columns: [
          { name: 'user_id', type: 'string', nullable: false, description: 'pseudonymous user id' },
          { name: 'score', type: 'number', nullable: false, description: 'intent confidence', unit: 'probability' },
          { name: 'event_time', type: 'timestamp', nullable: false, description: 'when the signal was observed' },
        ],
        timestampColumn: 'event_time',
        keyColumns: ['user_id', 'event_time'],
      },
      provenance: { source: 'first-party app events', collectionMethod: 'SDK events, scored hourly', legalBasis: 'consent', personalData: true, sensitiveCategories: ['none'] },
      licence: { permittedUses: ['analytics', 'advertising'], retentionDays: 30, redistribution: false },
      cadence: 'daily',
      deliveryEndpoint: 'http://127.0.0.1:8490/records',
      changeLog: 'first version',
      sample: { format: 'csv', base64: Buffer.from(sampleCsv()).toString('base64') },
    });
    if (created.status !== 201) throw new Error(`creating the listing failed (${created.status}): ${JSON.stringify(created.body)}`);
    listing = created.body;
    console.log(`listing ${listing.id} created for ${segment}`);
  }
  if (listing.status === 'draft' || listing.status === 'rejected' || listing.status === 'unpublished') {
    const submitted = await signedRequest<OwnListing>(HTTP_URL, wallet, 'POST', `/v1/provider/listings/${listing.id}/submit`);
    if (submitted.status !== 200) throw new Error(`submitting listing ${listing.id} failed (${submitted.status}): ${JSON.stringify(submitted.body)}`);
    listing = submitted.body;
  }
  let current: OwnListing = listing;
  if (current.status !== 'published') console.log(`listing ${listing.id} is waiting for the operator to publish it: npx patx listings publish ${listing.id}`);
  while (current.status !== 'published') {
    await new Promise((r) => setTimeout(r, 500));
    current = (await signedRequest<OwnListing>(HTTP_URL, wallet, 'GET', `/v1/provider/listings/${current.id}`)).body;
    if (current.status === 'rejected' || current.status === 'taken_down') throw new Error(`the operator ${current.status === 'rejected' ? 'rejected' : 'took down'} listing ${current.id}: see its reason with GET /v1/provider/listings/${current.id}`);
  }
  console.log(`listing ${current.id} for ${segment} is published: this account may mint in its series`);
  return current.id;
}

const provider = await TradingClient.connect(`${URL}/v1/trade`, { wallet, role: wire.Role.PROVIDER });
console.log(`logged in as ${wallet.address}: account ${provider.accountId}, role ${wire.Role[provider.role]}`);
const market = await MarketDataClient.connect(`${MARKET_URL}/v1/market`);
try {
  const series = (await provider.series()).find((s) => s.contract === CONTRACT && s.status === wire.SeriesStatus.TRADING);
  if (series === undefined) throw new Error(`no trading series of ${CONTRACT}`);
  const seriesId = Number(series.seriesId);
  await publishedListing(CONTRACT.split('|')[0]!);
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
  const ack = await provider.newOrder({
    seriesId,
    clientOrderId: Date.now(),
    side: wire.Side.SELL,
    timeInForce: wire.TimeInForce.IOC,
    priceMicros: limitMicros,
    qty,
  });
  const sold = (ack.reports ?? []).filter((r) => r.execType === wire.ExecType.EXEC_TRADE).reduce((n, r) => n + Number(r.lastQty), 0);
  console.log(`sell: ${ackOutcome(ack)}; sold ${sold} right(s) to the broker (journal seq ${ack.seq})`);
  console.log(`available now: ${Number(BigInt((await provider.account()).availableWei ?? '0') / 10n ** 12n) / 1e6} PAT`);
} finally {
  await market.close();
  await provider.close();
}
