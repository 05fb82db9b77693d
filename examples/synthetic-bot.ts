/**
 * Synthetics (phase 3, docs/synthetics.md): an institution trades the flagship contract's
 * SYNTHETIC, a cash-settled contract on its window's settlement index, against the broker's
 * quotes, and shows its position, the margin it locked and the latest mark, beside the forward F
 * the broker quotes around (the settlement index it expects at the close, GET /v1/synthetics/{id})
 * and what a unit traded makes if the index settles at F (examples/premium-parts.ts).
 *
 *   npm start                      # in another terminal: the exchange and its local chain
 *   npm run example:synthetic      # SIDE=SELL QTY=2 CONTRACT=... to change the trade
 *
 * In a fresh `npm start` the governance phase is 2: this example then votes phase 3 with
 * the local demo chain's council (hardhat accounts 1 and 2; examples/cash-settled.ts) and
 * waits for the schedule to list the synthetic. Synthetics are for institutions: the trader
 * (hardhat account 4) is qualified through the operator API with the token `npm start`
 * wrote to data/operator-token (as `./patx institution grant ID`). It deposits PAT from
 * its wallet for margin. The position settles in PAT at the window's close (a week for the
 * flagship); this example does not wait for it. Publicly known keys: never use them on a
 * real chain.
 */
import { Wallet } from 'ethers';
import { ackOutcome, MarketDataClient, TradingClient, wire, type patx } from '../src/client/index.js';
import { CONTRACT, ensureInstitution, ensurePat, ensurePhase, HTTP_URL, pat, PLACE, waitForSeries } from './cash-settled.js';
import { sockets } from './service.js';
import { ExampleStop, runExample } from './exit.js';
import { orderNearQuote } from './order-near-quote.js';
import { syntheticLines } from './premium-parts.js';

const QTY = Number(process.env.QTY ?? '1');
const SIDE = (process.env.SIDE ?? 'BUY').toUpperCase() === 'SELL' ? wire.Side.SELL : wire.Side.BUY;
const DEPOSIT_PAT = BigInt(process.env.DEPOSIT_PAT ?? '100');
const SLIPPAGE_BPS = Number(process.env.SLIPPAGE_BPS ?? '300');
const wallet = new Wallet(process.env.INSTITUTION_KEY ?? '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a'); // hardhat account 4

await runExample(HTTP_URL, async () => {
  const { tradeUrl, marketDataUrl } = await sockets(PLACE);
  await ensurePhase(3);
  const trader = await TradingClient.connect(tradeUrl, { wallet, cancelOnDisconnect: true });
  const market = await MarketDataClient.connect(marketDataUrl);
  try {
    // The synthetic on the window trading now (the schedule lists one per live spot window of the contract).
    const synthetic = await waitForSeries(trader, `a SYNTHETIC of ${CONTRACT}`, (all) =>
      all.filter((s) => s.contract === CONTRACT && s.kind === wire.SeriesKind.SYNTHETIC && s.status === wire.SeriesStatus.TRADING).sort((a, b) => Number(a.openAtMs) - Number(b.openAtMs))[0],
    );
    const seriesId = Number(synthetic.seriesId);
    const tick = Number(synthetic.tickMicros);
    console.log(`synthetic ${seriesId}: ${CONTRACT}, the window ${new Date(Number(synthetic.openAtMs)).toISOString()} to ${new Date(Number(synthetic.closeAtMs)).toISOString()}, index from spot series ${synthetic.spotSeriesId}`);

    // The broker's quote on the side we trade against, and the latest mark (the SETTLEMENT channel's snapshot).
    const marks: patx.v1.ISyntheticMark[] = [];
    market.on('mark', (m) => Number(m.seriesId) === seriesId && marks.push(m));
    const quote = await new Promise<{ priceMicros: number; qty: number }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new ExampleStop(`the broker quotes no ${SIDE === wire.Side.BUY ? 'ask' : 'bid'} in synthetic ${seriesId} yet (the quoter prices it once the spot window has a reference price); try again in a minute, or SIDE=${SIDE === wire.Side.BUY ? 'SELL' : 'BUY'} for the other side`)), 20_000);
      market.on('quotes', (q) => {
        const best = SIDE === wire.Side.BUY ? q.asks?.[0] : q.bids?.[0];
        if (Number(q.seriesId) !== seriesId || best === undefined || Number(best.qty) === 0) return;
        clearTimeout(timer);
        resolve({ priceMicros: Number(best.priceMicros), qty: Number(best.qty) });
      });
      void market.subscribe(seriesId, [wire.Channel.QUOTES, wire.Channel.SETTLEMENT]);
    });
    // Checked before anything is spent: the broker quotes the side, so now the qualification and the margin.
    await ensureInstitution(trader);
    await ensurePat(trader, wallet, 'institution', DEPOSIT_PAT);
    const limit =
      SIDE === wire.Side.BUY
        ? Math.ceil((quote.priceMicros * (10_000 + SLIPPAGE_BPS)) / 10_000 / tick) * tick
        : Math.max(tick, Math.floor((quote.priceMicros * (10_000 - SLIPPAGE_BPS)) / 10_000 / tick) * tick);
    const ack = await orderNearQuote(trader, { seriesId, clientOrderId: Date.now(), side: SIDE, timeInForce: wire.TimeInForce.IOC, priceMicros: limit, qty: Math.min(QTY, quote.qty) }, quote.priceMicros);
    const fills = (ack.reports ?? []).filter((r) => r.execType === wire.ExecType.EXEC_TRADE);
    const qty = fills.reduce((n, r) => n + Number(r.lastQty), 0);
    // The broker's forward: what it quotes around (its pricing is public; absent when the quoter does not price the series).
    const pricing = await fetch(`${HTTP_URL}/v1/synthetics/${seriesId}`).then((r) => (r.ok ? (r.json() as Promise<{ forwardMicros: number; markMicros: number }>) : undefined), () => undefined);
    console.log(`institution: ${SIDE === wire.Side.BUY ? 'buy' : 'sell'} ${QTY} at the broker's ${SIDE === wire.Side.BUY ? 'ask' : 'bid'} ${pat(quote.priceMicros)}: ${ackOutcome(ack)}; traded ${qty}${fills.length > 0 ? ` at ${pat(fills[0]!.lastPriceMicros)}` : ''}`);

    if (pricing !== undefined && pricing.forwardMicros > 0) {
      for (const line of syntheticLines(pricing.forwardMicros, pricing.markMicros, SIDE === wire.Side.BUY, fills.length > 0 ? Number(fills[0]!.lastPriceMicros) : quote.priceMicros)) console.log(line);
    }
    const account = await trader.account();
    const position = account.positions?.find((p) => Number(p.seriesId) === seriesId);
    console.log(`institution: position ${position?.available ?? 0} (signed), cost ${pat(BigInt(position?.costWei || '0') / 10n ** 12n)} PAT, margin locked ${pat(BigInt(position?.collateralWei || '0') / 10n ** 12n)} PAT; free ${pat(BigInt(account.availableWei ?? '0') / 10n ** 12n)} PAT`);
    const view = (await (await fetch(`${HTTP_URL}/v1/series/${seriesId}/settlement`)).json()) as { mark: { markMicros: number; method?: string; markAtMs: number } | null };
    if (view.mark === null) console.log('no mark yet (the first comes within a minute of the listing)');
    else console.log(`latest mark ${pat(view.mark.markMicros)} PAT at ${new Date(view.mark.markAtMs).toISOString()}${view.mark.method ? ` (${view.mark.method})` : ''}; each minute's mark (the index over the past hour) tops up or liquidates a position below maintenance; it is not what the position is paid`);
    console.log(`at the close (${new Date(Number(synthetic.closeAtMs)).toISOString()}) the position is paid net × index − cost in PAT: GET ${HTTP_URL}/v1/series/${seriesId}/settlement shows the index and its inputs`);
  } finally {
    await market.close();
    await trader.close();
  }
});
