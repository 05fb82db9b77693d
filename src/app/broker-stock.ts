/**
 * A broker stocked and quoting on an exchange made to rehearse or measure order entry (the start's
 * rehearsal, the order-entry benches' server): a provider mints rights in each series and sells them
 * all to the broker, who quotes two levels a side; wallet accounts are funded as they open (the chain
 * watcher's job in production).
 */
import { CommandKind, EventType, OrderType, Role, SelfTradePrevention, Side, SYSTEM_ACTOR, TimeInForce, WEI_PER_MICRO, type Command, type Sequencer } from '../engine/index.js';
import { submitSetup } from './order-path-warm-up.js';

const PAT_WEI = 1_000_000n * WEI_PER_MICRO;
/** What each wallet account is credited as it opens. */
const WALLET_WEI = 1_000_000n * PAT_WEI;
/** What the broker is credited, to buy its stock. */
const BROKER_WEI = 1_000_000_000n * PAT_WEI;

/** The broker's stock in each series and the quotes it then shows. */
export interface BrokerStock {
  /** Rights minted and sold to the broker, per series. */
  stock: number;
  /** The price the provider sells them at and the broker buys them at. */
  tradeAtMicros: number;
  bids: { priceMicros: number[]; qty: number[] };
  asks: { priceMicros: number[]; qty: number[] };
  referencePriceMicros: number;
}

/** Credits every wallet account as it opens; the deposits' refs are `<refPrefix>:<n>`. */
export function fundWalletsAsTheyOpen(sequencer: Sequencer, refPrefix: string): void {
  let deposits = 0;
  sequencer.onRelease((batch) => {
    for (const e of batch.events) {
      if (e.type !== EventType.ACCOUNT_OPENED || e.address === '') continue;
      sequencer.enqueue({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: e.accountId, amountWei: WALLET_WEI, ref: `${refPrefix}:${++deposits}` });
    }
  });
}

/** Funds the broker (ref `<refPrefix>:broker`), opens a provider, and stocks and quotes each series; a refusal throws. */
export async function stockTheBroker(sequencer: Sequencer, seriesIds: readonly number[], stock: BrokerStock, refPrefix: string): Promise<void> {
  const broker = sequencer.engine.brokerId;
  const opened = await submitSetup(sequencer, { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '' });
  const provider = (opened.find((e) => e.type === EventType.ACCOUNT_OPENED) as { accountId: number }).accountId;
  await submitSetup(sequencer, { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: broker, amountWei: BROKER_WEI, ref: `${refPrefix}:broker` });
  for (const seriesId of seriesIds) {
    const order = (actor: number, side: Side, tif: TimeInForce): Command => ({
      kind: CommandKind.NEW_ORDER, actor, seriesId, clientOrderId: 0, side, orderType: OrderType.LIMIT, tif, priceMicros: stock.tradeAtMicros, qty: stock.stock, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST,
    });
    for (const cmd of [
      { kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId, capacity: stock.stock },
      { kind: CommandKind.MINT, actor: provider, seriesId, qty: stock.stock },
      order(provider, Side.SELL, TimeInForce.GTC),
      order(broker, Side.BUY, TimeInForce.IOC),
      { kind: CommandKind.MASS_QUOTE, actor: broker, seriesId, bids: stock.bids, asks: stock.asks, referencePriceMicros: stock.referencePriceMicros },
    ] satisfies Command[]) {
      await submitSetup(sequencer, cmd);
    }
  }
}
