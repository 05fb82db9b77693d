/**
 * The account's index of live orders by client order id is made at the first look-up by client
 * id and kept from then on (src/engine/core/account.ts, `byClientOrderId`): an account that names its
 * orders by order id never pays for it, and one that looks up late finds every live order,
 * whether it rested before or after the index was made.
 */
import { describe, expect, it } from 'vitest';
import { CommandKind, EmbeddedEngine, encodeState, EventType, RejectReason, Side, type Account } from '../../src/engine/index.js';
import { createFixture } from '../support/engine-fixture.js';

const BUY = Side.BUY;

/** Whether the account has made its client-id index yet (a private field: what the laziness is about). */
function hasIndex(account: Account): boolean {
  return (account as unknown as { clientIndex: unknown }).clientIndex !== undefined;
}

function canceledIds(events: ReadonlyArray<{ type: number; orderId?: number }>): number[] {
  return events.filter((e) => e.type === EventType.ORDER_CANCELED).map((e) => e.orderId!);
}

describe('client-id index made on demand', () => {
  it('is not made while orders are named by order id, and a late look-up finds every live order', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const byClient = new Map<number, number>();
    for (let k = 1; k <= 40; k++) byClient.set(k, fx.place(c, BUY, 500_000 + k * 1_000, 1, { clientOrderId: k }));
    // Retire some by order id, one by a fill: none of it makes the index.
    for (const k of [3, 7, 11]) {
      expect(canceledIds(fx.cancel(c, byClient.get(k)!))).toEqual([byClient.get(k)]);
      byClient.delete(k);
    }
    fx.sell(fx.broker, 540_000, 1, { tif: 3 }); // IOC: fills the best bid (client id 40)
    expect(fx.isLive(byClient.get(40)!)).toBe(false);
    byClient.delete(40);
    expect(hasIndex(fx.acct(c))).toBe(false);

    // The first look-up by client id makes it from the account's live orders.
    expect(canceledIds(fx.cancelByClientId(c, 20))).toEqual([byClient.get(20)]);
    byClient.delete(20);
    expect(hasIndex(fx.acct(c))).toBe(true);
    for (const gone of [3, 7, 11, 40, 20]) {
      const ev = fx.cancelByClientId(c, gone);
      expect(ev[0]).toMatchObject({ type: EventType.COMMAND_REJECTED, reason: RejectReason.UNKNOWN_ORDER });
    }
    // From then on it is kept: orders rested and retired after it was made.
    byClient.set(41, fx.place(c, BUY, 450_000, 1, { clientOrderId: 41 }));
    fx.cancel(c, byClient.get(41)!);
    byClient.delete(41);
    byClient.set(42, fx.place(c, BUY, 450_000, 1, { clientOrderId: 42 }));
    expect(fx.acct(c).byClientOrderId().size).toBe(byClient.size);
    for (const [k, orderId] of byClient) expect(canceledIds(fx.cancelByClientId(c, k))).toEqual([orderId]);
    expect(fx.acct(c).openOrders).toBe(0);
    expect(fx.acct(c).byClientOrderId().size).toBe(0);
  });

  it('refuses a duplicate of a live order the recent-id ring forgot, with no index made before', () => {
    const fx = createFixture({ limits: { recentClientIdsPerAccount: 4 } });
    const c = fx.consumers[0]!;
    fx.place(c, BUY, 500_000, 1, { clientOrderId: 5 });
    for (let k = 6; k <= 12; k++) fx.cancel(c, fx.place(c, BUY, 500_000, 1, { clientOrderId: k }));
    expect(hasIndex(fx.acct(c))).toBe(false);
    const ev = fx.buy(c, 510_000, 1, { clientOrderId: 5 });
    expect(ev[0]).toMatchObject({ type: EventType.ORDER_REJECTED, reason: RejectReason.DUPLICATE_CLIENT_ORDER_ID });
    // An id the ring forgot and no live order holds is free again.
    expect(fx.buy(c, 510_000, 1, { clientOrderId: 6 })[0]).toMatchObject({ type: EventType.ORDER_ACCEPTED });
  });

  it('after a snapshot, made from the restored orders at the first look-up', () => {
    const fx = createFixture();
    const c = fx.consumers[0]!;
    const ids = [1, 2, 3].map((k) => fx.place(c, BUY, 500_000 + k * 1_000, 1, { clientOrderId: k }));
    const restored = EmbeddedEngine.restore(encodeState(fx.engine), {}, fx.nowMs);
    expect(hasIndex(restored.engine.accounts[c]!)).toBe(false);
    for (const [i, orderId] of ids.entries()) {
      const ev = restored.submit({ kind: CommandKind.CANCEL_ORDER, actor: c, orderId: 0, clientOrderId: i + 1 });
      expect(canceledIds(ev)).toEqual([orderId]);
    }
  });
});
