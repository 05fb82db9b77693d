/**
 * The demo's subscriber (issue 56; docs/subscriptions.md): a consumer (dev wallet 9) that
 * subscribes once to the shortest-window spot contract the exchange trades, then never
 * buys anything itself: each window the exchange buys and exercises for it, and this part
 * downloads the records with the grants of each exercise, as a subscriber's client would,
 * and logs what arrived. Its subscription shows on the console's account page for that
 * wallet. A restart finds its subscription and goes on; a paused one (too many windows the
 * broker had nothing to sell in) is resumed.
 */
import { Wallet } from 'ethers';
import { depositPat, downloadWithGrant, signedRequest, TradingClient, wire, type SignedGrant } from '../client/index.js';
import { HARDHAT_KEYS } from '../settlement/index.js';
import type { Logger } from '../runtime/log.js';
import { everyTurn } from './turns.js';

export interface DemoSubscriberOptions {
  tradeUrl: string;
  signInDomain?: string;
  httpUrl: string;
  settlement: boolean;
  intervalMs: number;
  log: Logger;
}

export interface DemoSubscriber {
  stop(): Promise<void>;
}

const SUBSCRIBER_KEY = HARDHAT_KEYS[9]!;
const DEPOSIT_WEI = 1_000n * 10n ** 18n;
const PAT = 1_000_000;

interface SubscriptionView {
  subscriptionId: number;
  contract: string;
  status: string;
}
interface Activity {
  type: string;
  seq: number;
  seriesId?: number;
  exerciseId?: number;
  qty?: number;
  costMicros?: number;
  reason?: string;
  message?: string;
}

export async function startDemoSubscriber(o: DemoSubscriberOptions): Promise<DemoSubscriber> {
  const wallet = new Wallet(SUBSCRIBER_KEY);
  // Logging in opens the account (a consumer); the session is not needed after.
  const session = await TradingClient.connect(o.tradeUrl, { wallet, cancelOnDisconnect: false, signInDomain: o.signInDomain });
  const series = await session.series();
  const account = await session.account();
  await session.close();
  if (o.settlement && BigInt(account.availableWei ?? '0') === 0n) {
    const tx = await depositPat(o.httpUrl, wallet, DEPOSIT_WEI);
    o.log.info({ tx }, 'demo subscriber deposited 1000 PAT on-chain (credited after confirmations)');
  }
  const spot = series.filter((s) => s.kind === wire.SeriesKind.SPOT && s.status === wire.SeriesStatus.TRADING && typeof s.contract === 'string');
  if (spot.length === 0) throw new Error('no spot series trading yet');
  const windowOf = (s: (typeof spot)[number]): number => Number(s.closeAtMs) - Number(s.openAtMs);
  const contract = spot.reduce((a, b) => (windowOf(b) < windowOf(a) ? b : a)).contract!;

  const request = <T>(method: string, path: string, body?: unknown) => signedRequest<T & { error?: string; message?: string }>(o.httpUrl, wallet, method, path, body);
  // What it has seen: activity up to this seq. After a restart, what happened before it is not news (nor downloaded again).
  let seenSeq = 0;
  let subscriptionId: number | undefined;
  let waitingSaid = false;
  let stopped = false;

  /** Its live subscription, found (a restart) or made; undefined while it cannot subscribe yet (its deposit not credited). */
  const ensureSubscription = async (): Promise<number | undefined> => {
    const mine = await request<{ subscriptions: SubscriptionView[] }>('GET', '/v1/subscriptions?limit=200');
    const live = mine.body.subscriptions?.find((s) => s.status === 'active' || s.status === 'paused');
    if (live !== undefined) {
      const before = await request<{ activity: Activity[] }>('GET', `/v1/subscriptions/${live.subscriptionId}?limit=1`);
      seenSeq = before.body.activity?.[0]?.seq ?? 0;
      o.log.info({ subscriptionId: live.subscriptionId, contract: live.contract, status: live.status }, 'demo subscriber goes on with its subscription');
      return live.subscriptionId;
    }
    const made = await request<SubscriptionView>('POST', '/v1/subscriptions', { contract, qtyPerWindow: 2, capPriceMicros: 10 * PAT, budgetMicros: 900 * PAT, trigger: 'open', maxSkips: 100 });
    if (made.status === 201) {
      o.log.info({ subscriptionId: made.body.subscriptionId, contract }, 'demo subscriber subscribed: 2 rights of each window, bought and exercised by the exchange');
      return made.body.subscriptionId;
    }
    // Its deposit is credited after the chain's confirmations: subscribing asks for one window's PAT first.
    if (made.body.error !== 'INSUFFICIENT_BALANCE') throw new Error(`subscribing was refused: ${made.body.error}: ${made.body.message}`);
    if (!waitingSaid) o.log.info('demo subscriber waits for its deposit to be credited before it subscribes');
    waitingSaid = true;
    return undefined;
  };

  const download = async (exerciseId: number): Promise<number> => {
    const page = await request<{ grants: SignedGrant[] }>('GET', `/v1/grants/mine?exercise=${exerciseId}`);
    let records = 0;
    for (const g of page.body.grants ?? []) {
      const d = await downloadWithGrant(o.httpUrl, wallet, { grant: g.grant, signature: g.signature });
      if (d.outcome === 'received') records += d.records.length;
    }
    return records;
  };

  const step = async (): Promise<void> => {
    if (stopped) return;
    try {
      subscriptionId ??= await ensureSubscription();
      if (subscriptionId === undefined) return;
      const one = await request<{ subscription: SubscriptionView; activity: Activity[] }>('GET', `/v1/subscriptions/${subscriptionId}?limit=20`);
      if (one.status !== 200) return;
      const fresh = one.body.activity.filter((a) => a.seq > seenSeq).reverse();
      for (const a of fresh) {
        seenSeq = Math.max(seenSeq, a.seq);
        if (a.type === 'filled') o.log.info({ subscriptionId, seriesId: a.seriesId, qty: a.qty, costPat: (a.costMicros ?? 0) / PAT }, 'demo subscriber: the exchange bought this window for it');
        else if (a.type === 'skipped') o.log.info({ subscriptionId, seriesId: a.seriesId, reason: a.reason }, `demo subscriber: window skipped: ${a.message}`);
        else if (a.type === 'exercised') o.log.info({ subscriptionId, seriesId: a.seriesId, exerciseId: a.exerciseId, records: await download(a.exerciseId!) }, "demo subscriber received this window's records");
      }
      if (one.body.subscription.status === 'paused') {
        const resumed = await request('POST', `/v1/subscriptions/${subscriptionId}/resume`);
        if (resumed.status === 200) o.log.info({ subscriptionId }, 'demo subscriber resumed its paused subscription');
      }
    } catch (error) {
      if (!stopped) o.log.warn({ err: error }, 'demo subscriber turn failed; it tries again next turn');
    }
  };
  const turns = everyTurn(step, o.intervalMs);
  return {
    async stop() {
      stopped = true;
      await turns.stop();
    },
  };
}
