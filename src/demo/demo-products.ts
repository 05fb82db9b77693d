/**
 * Demo traders of the later phases' products, beside the spot demo (demo-market.ts), so
 * each product has positions to deliver or settle when its window comes (the sandbox,
 * src/sandbox/): in turn, one action each `intervalMs`,
 *
 * - forwards (phase 2): the demo provider (dev wallet 5) pledges the next window and sells
 *   2 rights forward at the broker's bid; a buyer (a consumer, dev wallet 7) buys 2 forward at
 *   the broker's ask. At the window's open both are delivered (the buyer holds spot rights);
 * - synthetics (phase 3): an institution (dev wallet 8, qualified through `qualifyInstitution`,
 *   as `./patx institution grant ID` does) buys one at the broker's ask in the window
 *   closing soonest;
 * - options (phase 4): the buyer buys a call, then a put, at the strike nearest the spot's
 *   reference price, at the broker's ask.
 *
 * They trade through the real gateway as any client would, read the broker's prices from
 * `GET /v1/series/{id}` (the book's top levels), and log in words what they did and what
 * came back at the close (deliveries, settlements). Each deposits PAT on-chain from its wallet
 * once. Runs only where the demo runs (the embedded chain: the dev wallets' keys are public).
 */
import { patFromMicros } from '../operator/cli-format.js';
import { Wallet } from 'ethers';
import { ackOutcome, depositPat, TradingClient, wire, type patx, type SeriesInfo, type SyntheticSettlement } from '../client/index.js';
import { HARDHAT_KEYS } from '../settlement/index.js';
import type { Logger } from '../runtime/log.js';
import { everyTurn } from './turns.js';

export interface DemoProductsOptions {
  tradeUrl: string;
  signInDomain?: string;
  httpUrl: string;
  /** Settlement runs: each trader deposits PAT on-chain before trading. */
  settlement: boolean;
  intervalMs: number;
  /** Qualifies an account as an institution (the operator's act; phase 3 products need it). */
  qualifyInstitution: (accountId: number) => Promise<void>;
  log: Logger;
}

export interface DemoProducts {
  stop(): Promise<void>;
}

const PROVIDER_KEY = HARDHAT_KEYS[5]!;
const CONSUMER_KEY = HARDHAT_KEYS[7]!;
const INSTITUTION_KEY = HARDHAT_KEYS[8]!;
const FORWARD_QTY = 2;
const DEPOSIT_WEI = { provider: 500n * 10n ** 18n, consumer: 500n * 10n ** 18n, institution: 2_000n * 10n ** 18n } as const;
/** A product whose window closes sooner than this is left alone: the order could meet the close. */
const MIN_TIME_LEFT_MS = 5_000;
/** PAT with exactly 4 decimals, as the console and the CLI show it. */
const pat = (micros: number): string => patFromMicros(micros) ?? String(micros);

interface Top {
  bidMicros: number;
  bidQty: number;
  askMicros: number;
  askQty: number;
}

type Task = 'forward' | 'synthetic' | 'option';
const TASKS: readonly Task[] = ['forward', 'synthetic', 'option'];

/** The three traders, connected. */
interface Traders {
  provider: TradingClient;
  consumer: TradingClient;
  institution: TradingClient;
}

/** What every turn shares: the options, the traders, the next client order id, and who deposited or was credited. */
interface Desk {
  o: DemoProductsOptions;
  traders: Traders;
  nextClientOrderId: number;
  deposited: Set<TradingClient>;
  credited: Set<TradingClient>;
}

/** Connects the provider, the buyer and the institution (qualified as one); nothing stays connected if one fails (the caller may try again). */
async function connectTraders(o: DemoProductsOptions): Promise<Traders> {
  const connect = (key: string, role?: patx.v1.Role): Promise<TradingClient> =>
    TradingClient.connect(o.tradeUrl, { wallet: new Wallet(key), signInDomain: o.signInDomain, ...(role === undefined ? { cancelOnDisconnect: true } : { role }) });
  const clients: TradingClient[] = [];
  try {
    for (const [key, role] of [[PROVIDER_KEY, wire.Role.PROVIDER], [CONSUMER_KEY, undefined], [INSTITUTION_KEY, undefined]] as const) clients.push(await connect(key, role));
    if (clients[2]!.role !== wire.Role.INSTITUTION) await o.qualifyInstitution(clients[2]!.accountId);
  } catch (error) {
    await Promise.allSettled(clients.map((c) => c.close()));
    throw error;
  }
  const [provider, consumer, institution] = clients as [TradingClient, TradingClient, TradingClient];
  return { provider, consumer, institution };
}

/** Logs in words what comes back at the window's open (forward deliveries) and at the close (cash settlements). */
function logOutcomes({ provider, consumer, institution }: Traders, log: Logger): void {
  consumer.onForwardDelivery((d) => log.info({ seriesId: Number(d.seriesId), spotSeriesId: Number(d.spotSeriesId), delivered: Number(d.deliveredQty), shortfall: Number(d.shortfallQty) }, 'demo buyer: forward delivered at the open: it holds spot rights now'));
  provider.onForwardDelivery((d) => log.info({ seriesId: Number(d.seriesId), delivered: Number(d.deliveredQty), proceeds: pat(Number(d.proceedsMicros ?? 0)) }, 'demo provider: delivered its forward sale at the open, proceeds released'));
  const settled = (who: string) => (s: SyntheticSettlement) =>
    // A unit worth 0 at the index is an option that ended out of the money: it expired worthless, nothing was paid.
    log.info(
      { seriesId: Number(s.seriesId), position: Number(s.positionQty), index: pat(Number(s.indexMicros ?? 0)), value: pat(Number(s.valueMicros ?? 0)), payout: pat(Number(s.payoutMicros ?? 0)) },
      Number(s.valueMicros ?? 0) === 0 && Number(s.payoutMicros ?? 0) === 0 ? `demo ${who}: option expired worthless at the index (out of the money)` : `demo ${who}: position cash-settled at the index`,
    );
  consumer.onSyntheticSettlement(settled('buyer'));
  institution.onSyntheticSettlement(settled('institution'));
}

/** Whether the account has free PAT to trade with; deposits once per run when it has none (a restart finds its earlier deposit). */
async function fund(desk: Desk, client: TradingClient, key: string, amountWei: bigint, who: string): Promise<boolean> {
  if (!desk.o.settlement || desk.credited.has(client)) return true;
  if (BigInt((await client.account()).availableWei ?? '0') > 0n) {
    desk.credited.add(client);
    return true;
  }
  if (desk.deposited.has(client)) return false; // sent: waiting for its confirmations
  const tx = await depositPat(desk.o.httpUrl, new Wallet(key), amountWei);
  desk.deposited.add(client);
  desk.o.log.info({ tx }, `demo ${who} deposited ${amountWei / 10n ** 18n} PAT on-chain (credited after confirmations)`);
  return false;
}

/** The book's best bid and ask (`GET /v1/series/{id}`); undefined when the series cannot be read. */
async function topOfBook(httpUrl: string, seriesId: number): Promise<Top | undefined> {
  const res = await fetch(`${httpUrl}/v1/series/${seriesId}`);
  if (!res.ok) return undefined;
  const { book } = (await res.json()) as { book?: { bids: Array<{ priceMicros: number; qty: number }>; asks: Array<{ priceMicros: number; qty: number }> } };
  const bid = book?.bids[0];
  const ask = book?.asks[0];
  return { bidMicros: bid?.priceMicros ?? 0, bidQty: bid?.qty ?? 0, askMicros: ask?.priceMicros ?? 0, askQty: ask?.qty ?? 0 };
}

/** The quantity an order's acknowledgement says traded. */
const traded = (ack: Awaited<ReturnType<TradingClient['newOrder']>>): number =>
  (ack.reports ?? []).filter((r) => r.execType === wire.ExecType.EXEC_TRADE).reduce((n, r) => n + Number(r.lastQty), 0);

/** An immediate-or-cancel order with the desk's next client order id. */
function ioc(desk: Desk, client: TradingClient, seriesId: number, side: number, priceMicros: number, qty: number): ReturnType<TradingClient['newOrder']> {
  return client.newOrder({ seriesId, clientOrderId: desk.nextClientOrderId++, side, timeInForce: wire.TimeInForce.IOC, priceMicros, qty });
}

/** Trading series of `kinds`, the window closing soonest first, with time left before the close. */
function live(all: SeriesInfo[], kinds: readonly number[], now: number): SeriesInfo[] {
  return all
    .filter((s) => kinds.includes(s.kind ?? 0) && s.status === wire.SeriesStatus.TRADING && Number(s.closeAtMs) - now > MIN_TIME_LEFT_MS)
    .sort((a, b) => Number(a.openAtMs) - Number(b.openAtMs) || Number(a.seriesId) - Number(b.seriesId));
}

/** The provider sells the forward opening soonest at the broker's bid (pledging first); the buyer buys it at the ask. */
async function forwardTurn(desk: Desk, all: SeriesInfo[]): Promise<void> {
  const { provider, consumer } = desk.traders;
  if (!(await fund(desk, provider, PROVIDER_KEY, DEPOSIT_WEI.provider, 'provider')) || !(await fund(desk, consumer, CONSUMER_KEY, DEPOSIT_WEI.consumer, 'buyer'))) return;
  // Forwards trade until their window opens: the one opening soonest.
  const forward = all
    .filter((s) => s.kind === wire.SeriesKind.FORWARD && s.status === wire.SeriesStatus.TRADING && Number(s.openAtMs) - Date.now() > MIN_TIME_LEFT_MS)
    .sort((a, b) => Number(a.openAtMs) - Number(b.openAtMs))[0];
  if (forward === undefined) return;
  const seriesId = Number(forward.seriesId);
  const opensAt = new Date(Number(forward.openAtMs)).toISOString();
  const t = await topOfBook(desk.o.httpUrl, seriesId);
  if (t !== undefined && t.bidQty > 0) {
    const pledged = Number((await provider.account()).positions?.find((p) => Number(p.seriesId) === seriesId)?.capacity ?? 0);
    await provider.pledge(seriesId, pledged + FORWARD_QTY);
    const ack = await ioc(desk, provider, seriesId, wire.Side.SELL, t.bidMicros, Math.min(FORWARD_QTY, t.bidQty));
    desk.o.log.info({ seriesId, contract: forward.contract, opensAt, price: pat(t.bidMicros), outcome: ackOutcome(ack), sold: traded(ack) }, 'demo provider sold the next window forward to the broker');
  }
  const after = await topOfBook(desk.o.httpUrl, seriesId);
  if (after === undefined || after.askQty === 0) return;
  const ack = await ioc(desk, consumer, seriesId, wire.Side.BUY, after.askMicros, Math.min(FORWARD_QTY, after.askQty));
  desk.o.log.info({ seriesId, contract: forward.contract, opensAt, price: pat(after.askMicros), outcome: ackOutcome(ack), bought: traded(ack) }, 'demo buyer bought the next window forward from the broker');
}

/** The institution buys a synthetic at the broker's ask in the window closing soonest. */
async function syntheticTurn(desk: Desk, all: SeriesInfo[]): Promise<void> {
  const { institution } = desk.traders;
  if (!(await fund(desk, institution, INSTITUTION_KEY, DEPOSIT_WEI.institution, 'institution'))) return;
  const synthetic = live(all, [wire.SeriesKind.SYNTHETIC], Date.now())[0];
  if (synthetic === undefined) return;
  const seriesId = Number(synthetic.seriesId);
  const t = await topOfBook(desk.o.httpUrl, seriesId);
  if (t === undefined || t.askQty === 0) return;
  const ack = await ioc(desk, institution, seriesId, wire.Side.BUY, t.askMicros, 1);
  desk.o.log.info({ seriesId, contract: synthetic.contract, closesAt: new Date(Number(synthetic.closeAtMs)).toISOString(), price: pat(t.askMicros), outcome: ackOutcome(ack), bought: traded(ack) }, 'demo institution bought a synthetic from the broker (cash-settled at the close)');
}

/** The buyer buys a call (`turn`'s even rounds) or a put at the strike nearest the spot's reference price, at the broker's ask. */
async function optionTurn(desk: Desk, all: SeriesInfo[], turn: number): Promise<void> {
  const { consumer } = desk.traders;
  if (!(await fund(desk, consumer, CONSUMER_KEY, DEPOSIT_WEI.consumer, 'buyer'))) return;
  const kind = Math.floor(turn / TASKS.length) % 2 === 0 ? wire.SeriesKind.CALL : wire.SeriesKind.PUT;
  const options = live(all, [kind], Date.now());
  const first = options[0];
  if (first === undefined) return;
  const window = options.filter((s) => Number(s.openAtMs) === Number(first.openAtMs));
  const spot = all.find((s) => Number(s.seriesId) === Number(first.spotSeriesId));
  const reference = Number(spot?.referencePriceMicros || spot?.lastTradeMicros || 0);
  const option = window.sort((a, b) => Math.abs(Number(a.strikeMicros) - reference) - Math.abs(Number(b.strikeMicros) - reference))[0]!;
  const seriesId = Number(option.seriesId);
  const t = await topOfBook(desk.o.httpUrl, seriesId);
  if (t === undefined || t.askQty === 0) return;
  const ack = await ioc(desk, consumer, seriesId, wire.Side.BUY, t.askMicros, 1);
  const name = kind === wire.SeriesKind.CALL ? 'call' : 'put';
  desk.o.log.info({ seriesId, contract: option.contract, strike: pat(Number(option.strikeMicros)), closesAt: new Date(Number(option.closeAtMs)).toISOString(), premium: pat(t.askMicros), outcome: ackOutcome(ack), bought: traded(ack) }, `demo buyer bought a ${name} from the broker (cash-settled at the close)`);
}

/** Turn number `turn`'s task (forward, synthetic, option in turn) on the series the buyer reads now. */
async function takeTurn(desk: Desk, turn: number): Promise<void> {
  const task = TASKS[turn % TASKS.length]!;
  const all = await desk.traders.consumer.series();
  if (task === 'forward') await forwardTurn(desk, all);
  else if (task === 'synthetic') await syntheticTurn(desk, all);
  else await optionTurn(desk, all, turn + 1);
}

export async function startDemoProducts(o: DemoProductsOptions): Promise<DemoProducts> {
  const traders = await connectTraders(o);
  o.log.info({ provider: traders.provider.accountId, buyer: traders.consumer.accountId, institution: traders.institution.accountId }, 'demo products: forwards, synthetics and options traded with the broker each window');
  logOutcomes(traders, o.log);
  // Apart from demo-market.ts's ids, which start at Date.now() for the same provider wallet: the two counters met and the
  // exchange refused DUPLICATE_CLIENT_ORDER_ID. Ten times the time stays above every earlier run's and below 2^53.
  const desk: Desk = { o, traders, nextClientOrderId: Date.now() * 10, deposited: new Set(), credited: new Set() };
  let stopped = false;
  let turn = 0;
  const turns = everyTurn(async () => {
    if (stopped) return;
    const task = TASKS[turn % TASKS.length]!;
    try {
      await takeTurn(desk, turn++);
    } catch (error) {
      if (!stopped) o.log.warn({ err: error, task }, 'demo products turn failed; it tries again next turn');
    }
  }, o.intervalMs);
  return {
    async stop() {
      stopped = true;
      await turns.stop();
      await Promise.allSettled(Object.values(traders).map((c) => c.close()));
    },
  };
}
