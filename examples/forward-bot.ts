/**
 * Forwards (phase 2, docs/forwards.md), both sides at once: a provider pledges capacity
 * for the next window of a contract and sells it forward to the broker; a consumer buys
 * that window forward from the broker; both wait for the window's open and see the
 * delivery (the provider is paid, the consumer holds spot rights), then the consumer
 * exercises them and downloads the records with its access grants.
 *
 *   npm run example:forward                                  # the hourly contract: delivered at the next hour
 *   CONTRACT='AUTO_INTENT|7D|0.70-0.85' WAIT=off npm run example:forward   # trade a weekly forward, do not wait
 *
 * The provider is the demo provider (dev account 5): `npm start` publishes its listings
 * and serves its records behind its gate (the reference provider server, port 8490), so
 * the consumer's download at the end is served. With PROVIDER_KEY set to another provider
 * (e.g. dev account 2, as `npm run example:provider`), the first run creates its catalog
 * listing and waits for `./patx listings publish <id>`, and its records are served only
 * if it runs a gate of its own (docs/delivery.md). The consumer is dev account 1 (as
 * `npm run example:bot`). Both deposit PAT from the wallet when they have none (the
 * provider's forward sale posts collateral). Publicly known keys: never use them on a
 * real chain.
 */
import { Wallet } from 'ethers';
import { MarketDataClient, ackOutcome, downloadWithGrant, grantsOfAck, TradingClient, wire, type ForwardDelivery, type patx, patShown } from '../src/client/index.js';
import { ExampleStop, runExample, stop } from './exit.js';
import { examplePlace, sockets } from './service.js';
import { ensureFreePat } from './funds.js';
import { orderNearQuote } from './order-near-quote.js';
import { publishedListing } from './provider-listing.js';

/** The service (PATX_URL, its HTTP base: examples/service.ts). */
const PLACE = examplePlace();
const HTTP_URL = PLACE.httpUrl;
const CONTRACT = process.env.CONTRACT ?? 'AUTO_INTENT|1h|0.85-1.00';
const QTY = Number(process.env.QTY ?? '5');
const WAIT = (process.env.WAIT ?? 'on') !== 'off';
const DEPOSIT_PAT = BigInt(process.env.DEPOSIT_PAT ?? '100');
/** How far past the broker's price each side still trades: quotes move between reading and trading. */
const SLIPPAGE_BPS = Number(process.env.SLIPPAGE_BPS ?? '300');
const providerWallet = new Wallet(process.env.PROVIDER_KEY ?? '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba');
const consumerWallet = new Wallet(process.env.CONSUMER_KEY ?? '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const pat = patShown; // PAT with 4 decimals, as everywhere

/** Makes sure the account has free PAT: deposits DEPOSIT_PAT from the wallet (after checking it holds them) and waits for the credit when it has none. */
async function ensurePat(client: TradingClient, wallet: Wallet, who: string): Promise<void> {
  await ensureFreePat(HTTP_URL, client, wallet, who, 1n, DEPOSIT_PAT);
}

/** The broker's best price on one side of a series, from its quote stream. */
function brokerPrice(market: MarketDataClient, seriesId: number, side: 'bid' | 'ask'): Promise<{ priceMicros: number; qty: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const why = side === 'bid' ? 'it buys forward up to its short-side limits, and not once the window is about to open' : 'it sells forward only what providers sold it forward or its limits allow';
      reject(new ExampleStop(`the broker quotes no ${side} in forward series ${seriesId} (${why}), so nothing was ${side === 'bid' ? 'pledged or sold' : 'bought'}: try again in a few minutes, or set CONTRACT to another contract with forward windows`));
    }, 10_000);
    market.on('quotes', (q) => {
      const best = side === 'bid' ? q.bids?.[0] : q.asks?.[0];
      if (Number(q.seriesId) !== seriesId || best === undefined || Number(best.qty) === 0) return;
      clearTimeout(timer);
      resolve({ priceMicros: Number(best.priceMicros), qty: Number(best.qty) });
    });
    void market.subscribe(seriesId, [wire.Channel.QUOTES]);
  });
}

/** Rights an order traded, from the execution reports in its ack. */
function traded(ack: patx.v1.ICommandAck): number {
  return (ack.reports ?? []).filter((r) => r.execType === wire.ExecType.EXEC_TRADE).reduce((n, r) => n + Number(r.lastQty), 0);
}

function describe(who: string, d: ForwardDelivery): string {
  const money = `proceeds ${pat(d.proceedsMicros ?? 0)}, collateral back ${pat(d.collateralReturnedMicros ?? 0)}, refund ${pat(d.refundMicros ?? 0)}, compensation ${pat(d.compensationMicros ?? 0)} PAT`;
  return `${who}: position ${d.positionQty}: ${d.deliveredQty} delivered, ${d.shortfallQty} short; ${money}`;
}

await runExample(HTTP_URL, async () => {
  const { tradeUrl, marketDataUrl } = await sockets(PLACE);
  if (!Number.isSafeInteger(QTY) || QTY < 1) stop(`QTY must be a whole number of rights above 0, got '${process.env.QTY}'`);
  const provider = await TradingClient.connect(tradeUrl, { wallet: providerWallet, role: wire.Role.PROVIDER });
  const consumer = await TradingClient.connect(tradeUrl, { wallet: consumerWallet, cancelOnDisconnect: true });
  const market = await MarketDataClient.connect(marketDataUrl);
  try {
    // The nearest window listed forward, still trading (it trades until its window opens).
    const forward = (await consumer.series())
      .filter((s) => s.contract === CONTRACT && s.kind === wire.SeriesKind.FORWARD && s.status === wire.SeriesStatus.TRADING)
      .sort((a, b) => Number(a.openAtMs) - Number(b.openAtMs))[0];
    if (forward === undefined) stop(`no forward of ${CONTRACT} is trading: set CONTRACT to a contract with forward windows (GET ${HTTP_URL}/v1/series lists FORWARD series), or wait for the schedule to list the next window`);
    const seriesId = Number(forward.seriesId);
    const openAtMs = Number(forward.openAtMs);
    const tick = Number(forward.tickMicros);
    console.log(`forward ${seriesId}: ${CONTRACT}, the window opening ${new Date(openAtMs).toISOString()}`);

    await market.subscribeCurve(CONTRACT);
    const curve = await new Promise<NonNullable<ReturnType<MarketDataClient['curve']>>>((resolve) => {
      const now = market.curve(CONTRACT);
      if (now !== undefined) return resolve(now);
      market.once('curve', resolve);
    });
    for (const p of curve.points ?? []) {
      console.log(`  curve: ${wire.SeriesKind[p.kind ?? 0]} ${new Date(Number(p.openAtMs)).toISOString()} bid ${pat(p.bidMicros ?? 0)} ask ${pat(p.askMicros ?? 0)} mid ${pat(p.midMicros ?? 0)}`);
    }

    // Deliveries arrive unsolicited at the open; listen before anything can be delivered.
    const deliveries = new Map<string, ForwardDelivery>();
    const delivered = new Promise<void>((resolve) => {
      const note = (who: string) => (d: ForwardDelivery) => {
        if (Number(d.seriesId) !== seriesId) return;
        deliveries.set(who, d);
        console.log(describe(who, d));
        if (deliveries.size === 2) resolve();
      };
      provider.onForwardDelivery(note('provider'));
      consumer.onForwardDelivery(note('consumer'));
    });

    // The provider: a published listing to deliver under, PAT for collateral, a pledge, a forward sale.
    // The broker's bid first: nothing is pledged or deposited where it does not buy.
    const bid = await brokerPrice(market, seriesId, 'bid');
    await publishedListing(HTTP_URL, providerWallet, CONTRACT.split('|')[0]!);
    await ensurePat(provider, providerWallet, 'provider');
    const pledged = Number((await provider.account()).positions?.find((p) => Number(p.seriesId) === seriesId)?.capacity ?? 0);
    const pledge = await provider.pledge(seriesId, pledged + QTY);
    console.log(`provider: pledge ${pledged + QTY}: ${ackOutcome(pledge)}`);
    if ((pledge.rejectReason ?? 0) !== 0) stop(`the exchange refused the pledge (${ackOutcome(pledge)}): nothing was sold forward; see docs/forwards.md for pledges and collateral`);
    const sellAt = Math.max(tick, Math.floor((bid.priceMicros * (10_000 - SLIPPAGE_BPS)) / 10_000 / tick) * tick);
    const sale = await orderNearQuote(provider, { seriesId, clientOrderId: Date.now(), side: wire.Side.SELL, timeInForce: wire.TimeInForce.IOC, priceMicros: sellAt, qty: Math.min(QTY, bid.qty) }, bid.priceMicros);
    console.log(`provider: sell forward at the broker's bid ${pat(bid.priceMicros)}: ${ackOutcome(sale)}; sold ${traded(sale)}`);

    // The consumer: the broker's ask first, then PAT, then a forward purchase at it.
    const ask = await brokerPrice(market, seriesId, 'ask');
    await ensurePat(consumer, consumerWallet, 'consumer');
    const buyAt = Math.ceil((ask.priceMicros * (10_000 + SLIPPAGE_BPS)) / 10_000 / tick) * tick;
    const purchase = await orderNearQuote(consumer, { seriesId, clientOrderId: Date.now(), side: wire.Side.BUY, orderType: wire.OrderType.LIMIT, timeInForce: wire.TimeInForce.IOC, priceMicros: buyAt, qty: Math.min(QTY, ask.qty) }, ask.priceMicros);
    console.log(`consumer: buy forward at the broker's ask ${pat(ask.priceMicros)}: ${ackOutcome(purchase)}; bought ${traded(purchase)}`);
    const lockedWei = BigInt((await provider.account()).lockedWei ?? '0');
    console.log(`provider: ${pat(lockedWei / 10n ** 12n)} PAT locked until the open (escrowed proceeds and collateral)`);

    if (!WAIT) {
      console.log('not waiting for the open (WAIT=off); the delivery happens anyway, and both accounts will show it');
    } else {
      console.log(`waiting for the window to open at ${new Date(openAtMs).toISOString()} (${Math.max(0, Math.ceil((openAtMs - Date.now()) / 60_000))} min)...`);
      await delivered;
      const got = deliveries.get('consumer')!;
      const rights = Number(got.deliveredQty);
      if (rights > 0) {
        const exercised = await consumer.exercise(Number(got.spotSeriesId), rights);
        let records = 0;
        for (const g of grantsOfAck(exercised)) {
          const d = await downloadWithGrant(HTTP_URL, consumerWallet, g);
          if (d.outcome === 'received') records += d.records.length;
          else if (d.outcome === 'refused') console.log(`consumer: grant ${g.grant.grantId}: ${d.endpoint} refused: ${d.error}: ${d.message}`);
          else console.log(`consumer: grant ${g.grant.grantId}: ${d.outcome}`);
        }
        console.log(`consumer: exercised ${rights} delivered right(s): ${ackOutcome(exercised)}; received ${records} record(s)`);
      }
    }
  } finally {
    await market.close();
    await consumer.close();
    await provider.close();
  }
});
