/**
 * The schema is the contract. The committed generated code matches proto/; an
 * independent protobuf implementation (buf, built on Go's reference protobuf
 * library, installed from npm as a prebuilt binary) compiles the schema, reads
 * what PATX writes and writes what PATX reads, 64-bit values included, so
 * clients generated for Go, Python or Java interoperate; and the wire enums
 * carry the engine's codes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { wire } from '../../src/client/index.js';
import { OrderStatus } from '../../src/gateway/order-rows.js';
import { CancelReason, MassCancelScope, OrderType, RejectReason, Role, SelfTradePrevention, SeriesKind, SeriesStatus, Side, SkipReason, SubscriptionChange, SubscriptionDelivery, SubscriptionStatus, SubscriptionTrigger, TimeInForce } from '../../src/engine/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PROTO = path.join(ROOT, 'proto/patx.proto');
const BUF = path.join(ROOT, 'node_modules/.bin/buf');

/** Converts one message between binary protobuf and protojson with buf. */
function bufConvert(type: string, from: 'binpb' | 'json', to: 'binpb' | 'json', input: Uint8Array | string): Buffer {
  return execFileSync(BUF, ['convert', PROTO, '--type', type, '--from', `-#format=${from}`, '--to', `-#format=${to}`], { input, cwd: ROOT });
}

describe('wire schema', () => {
  it('has generated code in src/proto that is current with proto/patx.proto', () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'patx-proto-'));
    try {
      execFileSync('bash', [path.join(ROOT, 'scripts/gen-proto.sh'), out], { cwd: ROOT, stdio: 'pipe' });
      for (const file of ['patx.js', 'patx.d.ts']) {
        expect(readFileSync(path.join(out, file), 'utf8'), `src/proto/${file} is stale: run scripts/gen-proto.sh`).toBe(readFileSync(path.join(ROOT, 'src/proto', file), 'utf8'));
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);

  it('compiles with an independent protobuf compiler (enum values unique in the package, as protoc also requires)', () => {
    expect(() => execFileSync(BUF, ['build', PROTO, '-o', '-#format=json'], { cwd: ROOT, stdio: 'pipe' })).not.toThrow();
  });

  it('is read by another implementation exactly as PATX wrote it, 64-bit values included', () => {
    const bytes = wire.ClientFrame.encode({
      requestId: 4_294_967_295,
      newOrder: { seriesId: 9_007_199_254_740_991, clientOrderId: 2 ** 40 + 3, side: 2, priceMicros: -9_007_199_254_740_991, qty: 7, expireAtMs: 1_795_046_400_123 },
    }).finish();
    const json = JSON.parse(bufConvert('patx.v1.ClientFrame', 'binpb', 'json', bytes).toString()) as { requestId: number; newOrder: Record<string, unknown> };
    expect(json.requestId).toBe(4_294_967_295);
    // protojson writes 64-bit integers as decimal strings: exact.
    expect(json.newOrder).toEqual({
      seriesId: '9007199254740991',
      clientOrderId: String(2 ** 40 + 3),
      side: 'SELL',
      priceMicros: '-9007199254740991',
      qty: '7',
      expireAtMs: '1795046400123',
    });
  });

  it('reads what another implementation writes, and refuses 64-bit values PATX cannot hold exactly', () => {
    const ack = { requestId: 12, commandAck: { seq: '9007199254740991', timeMs: '1795046400123', withdrawalId: '3', reports: [{ execType: 'EXEC_TRADE', lastPriceMicros: '-5', cumQty: '4503599627370496' }] } };
    const frame = wire.ServerFrame.decode(bufConvert('patx.v1.ServerFrame', 'json', 'binpb', JSON.stringify(ack)));
    expect(frame.requestId).toBe(12);
    expect(frame.commandAck).toMatchObject({ seq: 9_007_199_254_740_991, timeMs: 1_795_046_400_123, withdrawalId: 3 });
    expect(frame.commandAck!.reports![0]).toMatchObject({ execType: wire.ExecType.EXEC_TRADE, lastPriceMicros: -5, cumQty: 4_503_599_627_370_496 });
    const tooBig = wire.ClientFrame.decode(bufConvert('patx.v1.ClientFrame', 'json', 'binpb', JSON.stringify({ newOrder: { seriesId: '18446744073709551615' } })));
    expect(Number.isSafeInteger(tooBig.newOrder!.seriesId)).toBe(false); // the gateway answers VALUE_OUT_OF_RANGE (fuzz.test.ts)
    const withdrawal = wire.ClientFrame.decode(bufConvert('patx.v1.ClientFrame', 'json', 'binpb', JSON.stringify({ requestWithdrawal: { amountWei: '123456789012345678901234567890' } })));
    expect(withdrawal.requestWithdrawal!.amountWei).toBe('123456789012345678901234567890');
  });

  it('carries the engine’s codes in its enums', () => {
    // Generated enums map both ways (name -> code and code -> name); the names are what matter.
    // `prefix`: the wire's name is prefixed where the bare name would clash in the package (SKIP_ORDER_REJECTED, not ORDER_REJECTED).
    const same = (engineEnum: Record<string, number>, wireEnum: object, prefix = ''): void => {
      for (const [name, code] of Object.entries(engineEnum)) expect((wireEnum as Record<string, unknown>)[prefix + name], prefix + name).toBe(code);
    };
    same(RejectReason, wire.RejectReason);
    same(Side, wire.Side);
    same(OrderType, wire.OrderType);
    same(TimeInForce, wire.TimeInForce);
    same(SelfTradePrevention, wire.SelfTradePrevention);
    same(Role, wire.Role);
    same(MassCancelScope, wire.MassCancelScope);
    same(SeriesKind, wire.SeriesKind);
    same(SeriesStatus, wire.SeriesStatus);
    same(SubscriptionTrigger, wire.SubscriptionTrigger);
    same(SubscriptionDelivery, wire.SubscriptionDelivery, 'DELIVERY_');
    same(SubscriptionStatus, wire.SubscriptionStatus, 'SUBSCRIPTION_');
    same(SubscriptionChange, wire.SubscriptionChange, 'CHANGE_');
    same(SkipReason, wire.SkipReason, 'SKIP_');
    same(CancelReason, wire.CancelReason);
    same(OrderStatus, wire.OrdStatus, 'ORDER_'); // the order history's statuses (src/gateway/order-rows.ts)
  });
});
