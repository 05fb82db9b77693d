/**
 * A request's fields go on the wire as given, or not at all. protobufjs wrote a quantity of 1.5 as 1,
 * a client order id of 1.5 as 1, a price given as the string '0.5' as 0, a side named 'BUY' as 0 and
 * an OpenOrdersQuery limit of 2^32 + 5 as 5, without a word: the exchange then took an order its
 * sender never wrote (1 right for 1.5; the client id a retry is matched by, another). Now each is
 * refused by the client, a PatxRequestError INVALID_FIELD naming the field, and nothing is sent:
 * the real gateway on 127.0.0.1 shows no order for them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatxRequestError, type TradingClient, wire } from '../../src/client/index.js';
import type { NewOrderParams } from '../../src/client/trading-client.js';
import { startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;
let client: TradingClient;

beforeAll(async () => {
  fx = await startGatewayFixture();
  client = await fx.connect(testWallet(71));
  await fx.fund(client.accountId, 100);
}, 60_000);

afterAll(async () => {
  await client?.close();
  await fx?.stop();
});

const buy = (fields: Record<string, unknown>): NewOrderParams =>
  // Deliberately off-type: what a caller's JSON or arithmetic hands the client.
  ({ seriesId: fx.seriesId, clientOrderId: 1, side: wire.Side.BUY, priceMicros: 500_000, qty: 1, ...fields }) as unknown as NewOrderParams;

async function refusal(sent: Promise<unknown>): Promise<PatxRequestError> {
  const error = await sent.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PatxRequestError);
  return error as PatxRequestError;
}

describe('request fields the wire would change', () => {
  it.each([
    ['qty', { qty: 1.5 }, 'qty', /1\.5 would be sent as 1\b/],
    ['a fractional client order id', { clientOrderId: 1.5 }, 'client_order_id', /1\.5 would be sent as 1\b/],
    ['a fractional price', { priceMicros: 500_000.7 }, 'price_micros', /would be sent as 500000\b/],
    ['a price as decimal text', { priceMicros: '0.5' }, 'price_micros', /"0\.5" would be sent as 0\b/],
    ['a NaN client order id', { clientOrderId: Number.NaN }, 'client_order_id', /NaN would be sent as 0/],
    ['a negative quantity', { qty: -1 }, 'qty', /-1 would be sent as 18446744073709552000/],
    ['a side by name', { side: 'BUY' }, 'side', /"BUY" would be sent as 0/],
  ])('%s is refused INVALID_FIELD and nothing is sent', async (_name, fields, field, said) => {
    const error = await refusal(client.newOrder(buy({ ...fields, clientOrderId: (fields as { clientOrderId?: unknown }).clientOrderId ?? 1 })));
    expect(error.code).toBe('INVALID_FIELD');
    expect(error.field).toBe(field);
    expect(error.message).toMatch(said);
    expect(error.message).toMatch(/nothing was sent/);
    expect(await client.openOrders()).toEqual([]);
    expect((await client.orderStatus({ clientOrderId: 1 })).rejectReason).toBe(wire.RejectReason.UNKNOWN_ORDER);
  });

  it('a page limit past its 32 bits is refused, not read as the remainder', async () => {
    const error = await refusal(client.openOrdersPage({ limit: 2 ** 32 + 5 }));
    expect([error.code, error.field]).toEqual(['INVALID_FIELD', 'limit']);
  });

  it('text that is not valid Unicode is refused by name, not sent as a frame the gateway cannot read', async () => {
    const error = await refusal(client.subscribe({ contract: 'AUTO_INTENT|1D|0.70-0.85\uD800', qtyPerWindow: 1, capPriceMicros: 900_000, budgetMicros: 5_000_000 }));
    expect([error.code, error.field]).toEqual(['INVALID_FIELD', 'contract']);
  });

  it('a market-data subscription to series 1.5 is refused, not made to series 1', async () => {
    const md = await fx.market();
    try {
      const error = await refusal(md.subscribe(fx.seriesId + 0.5));
      expect([error.code, error.field]).toEqual(['INVALID_FIELD', 'series_id']);
    } finally {
      await md.close();
    }
  });

  it('what the wire carries unchanged still goes: whole numbers, digits as text, the gateway judging the range', async () => {
    const ack = await client.newOrder(buy({ clientOrderId: 7, priceMicros: '500000' }));
    expect(ack.rejectReason ?? 0).toBe(0);
    expect((await client.openOrders()).map((o) => [Number(o.clientOrderId), Number(o.priceMicros), Number(o.orderQty)])).toEqual([[7, 500_000, 1]]);
    // Above 2^53 - 1 the wire still carries it exactly; the gateway refuses it by name.
    const big = await refusal(client.newOrder(buy({ clientOrderId: 8, priceMicros: 2 ** 53 + 2 })));
    expect([big.code, big.field]).toEqual(['VALUE_OUT_OF_RANGE', 'price_micros']);
    await client.massCancel();
  });
});
