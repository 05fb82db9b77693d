/**
 * What the example traders share: an IOC order at the broker's quote with a tolerance
 * (quotes move between reading and trading), and, if that limit falls outside the price
 * band around the reference price (PRICE_OUTSIDE_BAND: the broker quotes at most at the
 * band's edge), once more at the quoted price itself.
 */
import { rejectName, wire, type NewOrderParams, type patx, type TradingClient } from '../src/client/index.js';

export async function orderNearQuote(client: TradingClient, order: NewOrderParams, quotedMicros: number): Promise<patx.v1.ICommandAck> {
  const ack = await client.newOrder(order);
  if (rejectName(ack) !== 'PRICE_OUTSIDE_BAND' || order.priceMicros === quotedMicros) return ack;
  return client.newOrder({ ...order, clientOrderId: Number(order.clientOrderId) + 1, priceMicros: quotedMicros, timeInForce: order.timeInForce ?? wire.TimeInForce.IOC });
}
