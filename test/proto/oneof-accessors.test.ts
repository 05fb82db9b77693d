import { describe, expect, it } from 'vitest';
import { wire } from '../../src/proto/index.js';


/** protobufjs's own getter: the last key set, in the message's key order. */
function referenceCase(message: object, members: readonly string[]): string | undefined {
  const record = message as Record<string, unknown>;
  const keys = Object.keys(message);
  for (let i = keys.length - 1; i >= 0; i--) if (members.includes(keys[i]!) && record[keys[i]!] != null) return keys[i];
  return undefined;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('oneof accessors (src/proto/oneof-accessors.ts)', () => {
  const members = ['newOrder', 'cancelOrder', 'heartbeat', 'login', 'accountQuery'] as const;
  const bodies: Record<(typeof members)[number], Uint8Array> = {
    newOrder: wire.ClientFrame.encode({ requestId: 3, newOrder: { seriesId: 1, clientOrderId: 9, qty: 2 } }).finish(),
    cancelOrder: wire.ClientFrame.encode({ requestId: 4, cancelOrder: { orderId: 5 } }).finish(),
    heartbeat: wire.ClientFrame.encode({ heartbeat: {} }).finish(),
    login: wire.ClientFrame.encode({ login: { address: '0x00' } }).finish(),
    accountQuery: wire.ClientFrame.encode({ accountQuery: {} }).finish(),
  };

  it('name the member a decoded frame carries, as protobufjs does, and none for an empty frame', () => {
    for (const m of members) {
      const frame = wire.ClientFrame.decode(bodies[m]);
      expect(frame.body).toBe(m);
      expect(frame.body).toBe(referenceCase(frame, members));
    }
    expect(wire.ClientFrame.decode(new Uint8Array(0)).body).toBeUndefined();
  });

  it('keep only the last member when a frame carries several (protobuf: the last one on the wire wins)', () => {
    for (const first of members) {
      for (const last of members) {
        const frame = wire.ClientFrame.decode(concat(bodies[first], bodies[last]));
        expect(frame.body).toBe(last);
        const set = members.filter((m) => Object.hasOwn(frame, m) && (frame as unknown as Record<string, unknown>)[m] != null);
        expect(set).toEqual([last]);
      }
    }
  });

  it('set the case on a message built by hand, leaving only that member', () => {
    const frame = wire.ClientFrame.create({ heartbeat: {} });
    expect(frame.body).toBe('heartbeat');
    frame.newOrder = wire.NewOrder.create({ seriesId: 1 });
    frame.body = 'newOrder';
    expect(frame.body).toBe('newOrder');
    expect(Object.hasOwn(frame, 'heartbeat')).toBe(false);
  });
});
