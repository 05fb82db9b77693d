/**
 * The gateway's idempotency keys (src/gateway/idempotency-keys.ts), alone: what is remembered,
 * for how long, and the bounds that keep one signer, or everyone, from growing the table.
 */
import { describe, expect, it } from 'vitest';
import { IdempotencyKeys } from '../../src/gateway/idempotency-keys.js';

const ok = { status: 201, body: { id: 1 } };

describe('IdempotencyKeys', () => {
  it("remembers a route's answer, refusals included, until its time is up; not one that asks for a retry", () => {
    const keys = new IdempotencyKeys(1_000);
    const a = keys.begin('0xa', 'k', 'POST /x h', 0);
    expect(a.kind).toBe('new');
    if (a.kind === 'new') a.settle({ status: 404, body: { error: 'UNKNOWN_GRANT' } });
    expect(keys.begin('0xa', 'k', 'POST /x h', 999)).toMatchObject({ kind: 'replay', reply: { status: 404, headers: { 'idempotent-replayed': 'true' } } });
    expect(keys.begin('0xa', 'k', 'POST /x h', 1_000).kind).toBe('new'); // expired: runs again
    for (const status of [429, 500, 503]) {
      const b = keys.begin('0xa', `busy-${status}`, 'POST /x h', 0);
      if (b.kind === 'new') b.settle({ status, body: {} });
      expect(keys.begin('0xa', `busy-${status}`, 'POST /x h', 0).kind).toBe('new');
    }
  });

  it('tells a running request, and another request under the key, apart', () => {
    const keys = new IdempotencyKeys();
    const a = keys.begin('0xa', 'k', 'POST /x h1', 0);
    expect(keys.begin('0xa', 'k', 'POST /x h1', 0).kind).toBe('in-flight');
    expect(keys.begin('0xa', 'k', 'POST /x h2', 0).kind).toBe('conflict');
    if (a.kind === 'new') a.abandon();
    expect(keys.begin('0xa', 'k', 'POST /x h2', 0).kind).toBe('new'); // abandoned: free for any request
  });

  it("bounds a signer's keys (its oldest forgotten) and everyone's", () => {
    const keys = new IdempotencyKeys(60_000, 3, 5);
    for (let i = 0; i < 4; i++) {
      const k = keys.begin('0xa', `k${i}`, 'f', 0);
      if (k.kind === 'new') k.settle(ok);
    }
    expect(keys.size).toBe(3);
    expect(keys.begin('0xa', 'k0', 'f', 0).kind).toBe('new'); // forgotten: k0 was the oldest
    expect(keys.begin('0xa', 'k3', 'f', 0).kind).toBe('replay');
    for (let i = 0; i < 3; i++) keys.begin('0xb', `k${i}`, 'f', 0);
    expect(keys.size).toBe(5);
    expect(keys.begin('0xa', 'k2', 'f', 0).kind).toBe('new'); // the table's oldest went to make room
  });

  it('takes 1 to 255 visible ASCII characters as a key', () => {
    expect(IdempotencyKeys.validKey('3f0c8a1e-2b7d-4c55-9e0f-8d1b2a3c4d5e')).toBe(true);
    for (const bad of ['', 'a b', 'x'.repeat(256), 'é', 'tab\t']) expect(IdempotencyKeys.validKey(bad)).toBe(false);
  });
});
