/**
 * Options (phase 4, docs/options.md): a consumer buys one call on the flagship contract's
 * settlement index, struck nearest the broker's forward F (else the spot window's reference price), and pays the premium
 * at the fill; it shows the broker's model of the call from market data (the OPTION channel:
 * forward, σ, Black-76 value, Greeks), the premium's parts (intrinsic at the forward F, the index
 * the broker expects at the close, plus time value: examples/premium-parts.ts), the position and
 * what the call would be worth at the latest mark, the index over the past hour.
 *
 *   npm start                    # in another terminal: the exchange and its local chain
 *   npm run example:option       # KIND=PUT: a put; WRITE=on: an institution writes it even if the broker quotes
 *
 * In a fresh `npm start` the governance phase is 2: this example votes phases 3 and 4 with
 * the local demo chain's council (hardhat accounts 1 and 2; examples/cash-settled.ts) and
 * waits for the schedule to list the options (a call and a put at each strike of a grid
 * around the window's reference price, once the quoter has priced the window).
 *
 * Buying needs no qualification; writing (selling options one does not hold) is for
 * institutions. The consumer (hardhat account 1, as `npm run example:bot`) buys at the
 * broker's ask when the broker quotes the option; otherwise an institution (hardhat account
 * 4, qualified through the operator API as `./patx institution grant ID`, margin
 * deposited from its wallet) writes one at the option's reference price (before the quoter
 * sets one, at intrinsic value plus PREMIUM_BPS of the spot's reference price), and the
 * consumer buys it (the broker's cheaper ask, if any, fills first). At the window's close (a week for the
 * flagship) the call is exercised for cash automatically; this example does not wait.
 * Publicly known keys: never use them on a real chain.
 */
import { Wallet } from 'ethers';
import { ackOutcome, MarketDataClient, TradingClient, wire, type patx } from '../src/client/index.js';
import { CONTRACT, ensureInstitution, ensurePat, ensurePhase, HTTP_URL, pat, PLACE, waitForSeries } from './cash-settled.js';
import { sockets } from './service.js';
import { runExample } from './exit.js';
import { optionPremiumLines, type OptionPricingParts } from './premium-parts.js';

const KIND = (process.env.KIND ?? 'CALL').toUpperCase() === 'PUT' ? wire.SeriesKind.PUT : wire.SeriesKind.CALL;
const PREMIUM_BPS = Number(process.env.PREMIUM_BPS ?? '500');
/** WRITE=on: the institution writes the option even when the broker offers it. */
const WRITE = (process.env.WRITE ?? 'off') === 'on';
const consumerWallet = new Wallet(process.env.CONSUMER_KEY ?? '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'); // hardhat account 1
const writerWallet = new Wallet(process.env.INSTITUTION_KEY ?? '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a'); // hardhat account 4
const kindName = wire.SeriesKind[KIND];

await runExample(HTTP_URL, async () => {
  const { tradeUrl, marketDataUrl } = await sockets(PLACE);
  await ensurePhase(4);
  const consumer = await TradingClient.connect(tradeUrl, { wallet: consumerWallet, cancelOnDisconnect: true });
  const market = await MarketDataClient.connect(marketDataUrl);
  let writer: TradingClient | undefined;
  try {
    // The options of the window trading now, and the strike nearest its spot's reference price.
    let reference = 0;
    let option = await waitForSeries(consumer, `a ${kindName} of ${CONTRACT}`, (all) => {
      const options = all.filter((s) => s.contract === CONTRACT && s.kind === KIND && s.status === wire.SeriesStatus.TRADING);
      if (options.length === 0) return undefined;
      const window = Math.min(...options.map((s) => Number(s.openAtMs)));
      const mine = options.filter((s) => Number(s.openAtMs) === window);
      const spot = all.find((s) => Number(s.seriesId) === Number(mine[0]!.spotSeriesId));
      reference = Number(spot?.referencePriceMicros || spot?.lastTradeMicros || mine[0]!.strikeMicros);
      return mine.sort((a, b) => Math.abs(Number(a.strikeMicros) - reference) - Math.abs(Number(b.strikeMicros) - reference))[0];
    });
    // At the money is judged against F, the index the broker expects at the close (GET /v1/options), once it prices the window.
    const priced = await fetch(`${HTTP_URL}/v1/options`).then((r) => (r.ok ? (r.json() as Promise<{ options: Array<{ seriesId: number; spotSeriesId: number; forwardMicros: number }> }>) : undefined), () => undefined);
    const forward = priced?.options.find((o) => o.spotSeriesId === Number(option.spotSeriesId) && o.forwardMicros > 0)?.forwardMicros;
    if (forward !== undefined) {
      const siblings = (await consumer.series()).filter((s) => s.kind === KIND && Number(s.spotSeriesId) === Number(option.spotSeriesId) && s.status === wire.SeriesStatus.TRADING);
      option = siblings.sort((a, b) => Math.abs(Number(a.strikeMicros) - forward) - Math.abs(Number(b.strikeMicros) - forward))[0] ?? option;
    }
    const seriesId = Number(option.seriesId);
    const strike = Number(option.strikeMicros);
    const tick = Number(option.tickMicros);
    console.log(`${kindName} ${seriesId}: ${CONTRACT}, strike ${pat(strike)} PAT (nearest ${forward !== undefined ? `F ${pat(forward)}` : "the spot's reference"}), cash-settled at the index of spot series ${option.spotSeriesId} at ${new Date(Number(option.closeAtMs)).toISOString()}; the spot's reference price now ${pat(reference)} PAT`);

    // The broker's model of the option (OPTION channel; the latest comes as the snapshot once the quoter has priced it).
    const model = await new Promise<patx.v1.OptionModel | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), 3_000);
      market.on('optionModel', (m) => {
        if (Number(m.seriesId) !== seriesId) return;
        clearTimeout(timer);
        resolve(wire.OptionModel.create(m));
      });
      void market.subscribe(seriesId, [wire.Channel.OPTION]);
    });
    let parts: OptionPricingParts | undefined;
    if (model === undefined) console.log('the broker has not priced it yet (no OPTION model)');
    else {
      console.log(`broker's model: F ${pat(Math.round(model.forwardMicros))} PAT, σ ${(model.sigmaAnnual * 100).toFixed(1)}%, T ${(model.timeYears * 365).toFixed(2)} days: value ${pat(Math.round(model.valueMicros))} PAT, ` +
        `delta ${model.delta.toFixed(3)}, vega ${Math.round(model.vega / 100)} µPAT per vol point, theta ${Math.round(model.theta / 365)} µPAT a day`);
      parts = { kind: KIND === wire.SeriesKind.CALL ? 'CALL' : 'PUT', strikeMicros: strike, forwardMicros: Math.round(model.forwardMicros), markMicros: Number(model.markMicros), valueMicros: model.valueMicros };
      for (const line of optionPremiumLines(parts)) console.log(line);
    }
    // What the option pays on: the broker's F when it priced it, else the spot's reference price.
    const basis = parts?.forwardMicros ?? reference;
    const intrinsic = Math.max(KIND === wire.SeriesKind.CALL ? basis - strike : strike - basis, 0);

    await ensurePat(consumer, consumerWallet, 'consumer', 10n);

    // The broker's ask, if it quotes the option (a few seconds to hear the QUOTES snapshot).
    const ask = WRITE ? 0 : await new Promise<number>((resolve) => {
      const timer = setTimeout(() => resolve(0), 3_000);
      market.on('quotes', (q) => {
        const best = q.asks?.[0];
        if (Number(q.seriesId) !== seriesId || best === undefined || Number(best.qty) === 0) return;
        clearTimeout(timer);
        resolve(Number(best.priceMicros));
      });
      void market.subscribe(seriesId, [wire.Channel.QUOTES]);
    });
    let priceMicros = ask;
    if (ask > 0) {
      console.log(`the broker offers the ${kindName} at ${pat(ask)} PAT`);
    } else {
      // Nobody offers it: an institution writes one (selling beyond what it holds), with margin.
      // Orders trade within the price band around the option's reference price (the quoter's
      // model price, once it prices the option): write at it; before one, at intrinsic + PREMIUM_BPS.
      const optionReference = Number((await consumer.series()).find((s) => Number(s.seriesId) === seriesId)?.referencePriceMicros ?? 0);
      priceMicros = optionReference > 0 ? optionReference : Math.max(tick, Math.ceil((intrinsic + (reference * PREMIUM_BPS) / 10_000) / tick) * tick);
      writer = await TradingClient.connect(tradeUrl, { wallet: writerWallet, cancelOnDisconnect: true });
      await ensureInstitution(writer);
      await ensurePat(writer, writerWallet, 'institution', 100n);
      const written = await writer.newOrder({ seriesId, clientOrderId: Date.now(), side: wire.Side.SELL, priceMicros, qty: 1, timeInForce: wire.TimeInForce.GTC });
      const why = optionReference > 0 ? "the option's reference price" : `intrinsic ${pat(intrinsic)} at ${parts !== undefined ? 'F' : "the spot's reference"} + ${PREMIUM_BPS / 100}% of the spot's reference`;
      console.log(`institution: writes 1 ${kindName} at ${pat(priceMicros)} PAT (${why}): ${ackOutcome(written)}`);
    }

    const freeBefore = BigInt((await consumer.account()).availableWei ?? '0');
    const bought = await consumer.newOrder({ seriesId, clientOrderId: Date.now(), side: wire.Side.BUY, priceMicros, qty: 1, timeInForce: wire.TimeInForce.IOC });
    const fill = (bought.reports ?? []).find((r) => r.execType === wire.ExecType.EXEC_TRADE);
    console.log(`consumer: buy 1 ${kindName} at ${pat(priceMicros)}: ${ackOutcome(bought)}; ${fill ? `bought at ${pat(fill.lastPriceMicros)} PAT` : 'nothing traded'}`);
    if (fill && parts !== undefined) console.log(optionPremiumLines(parts, Number(fill.lastPriceMicros)).at(-1));
    const account = await consumer.account();
    const held = account.positions?.find((p) => Number(p.seriesId) === seriesId);
    console.log(`consumer: premium paid ${pat((freeBefore - BigInt(account.availableWei ?? '0')) / 10n ** 12n)} PAT; holds ${held?.available ?? 0} ${kindName}(s)`);
    if (writer !== undefined) {
      const w = (await writer.account()).positions?.find((p) => Number(p.seriesId) === seriesId);
      console.log(`institution: position ${w?.available ?? 0} (written), writing margin locked ${pat(BigInt(w?.collateralWei || '0') / 10n ** 12n)} PAT`);
    }
    const view = (await (await fetch(`${HTTP_URL}/v1/series/${seriesId}/settlement`)).json()) as { mark: { markMicros: number; valueMicros: number } | null };
    if (view.mark === null) console.log('no mark yet (the first comes within a minute of the listing)');
    else console.log(`latest mark of the index ${pat(view.mark.markMicros)} PAT (the past hour's): the ${kindName} would be worth ${pat(view.mark.valueMicros)} PAT a unit if the index settled there; it pays on the index at the close${parts !== undefined ? `, which the broker expects at F ${pat(parts.forwardMicros)}` : ''}`);
    console.log(`at the close the ${kindName} pays max(${KIND === wire.SeriesKind.CALL ? 'index − strike' : 'strike − index'}, 0) per unit, no command needed: GET ${HTTP_URL}/v1/series/${seriesId}/settlement`);
  } finally {
    await market.close();
    await consumer.close();
    await writer?.close();
  }
});
