/**
 * Usage grants at the provider's gate (issue 81; src/gate/gate.ts, docs/delivery.md "Usage grants"),
 * with real signatures and real LMDB: a grant under a listing version that sells usage holds its
 * rights × perRight units, each request takes its units synchronously (concurrent requests never
 * take the last unit twice), an exhausted grant is refused by name, records not served go back,
 * push is refused, and a restart keeps the counts.
 */
import { describe, expect, it } from 'vitest';
import { Gate, signGateRequest, type GateRequestOptions, type GateUsageTerms } from '../../src/gate/index.js';
import type { AccessGrant } from '../../src/grants/index.js';
import { accessGrant, GATE_ENDPOINT, gateForEachTest, gateParties, gateRefusal as refusal } from '../support/gate-fixture.js';

const NOW = Date.UTC(2026, 10, 28, 12);
const { domain, exchange, provider, consumer, signer } = gateParties();
const ENDPOINT = GATE_ENDPOINT;
/** Listing 3 version 2 sells 100 records a right; version 3 sells 2 requests a right; listing 4 is one-time. */
const TERMS: Record<string, GateUsageTerms> = { '3/2': { unit: 'records', perRight: 100 }, '3/3': { unit: 'requests', perRight: 2 } };

const grant = (over: Partial<AccessGrant> = {}): AccessGrant => accessGrant({ provider, consumer }, NOW, over);

let n = 0;
const at = (): GateRequestOptions => ({ domain, endpoint: ENDPOINT, timeMs: NOW, nonce: `n${++n}` });
const t = gateForEachTest('patx-gate-usage-', (dir) => new Gate({ domain, exchangeSigner: exchange.address, provider: provider.address, endpoint: ENDPOINT, serves: (id) => id === 3 || id === 4, dir, clock: () => NOW, usageOf: (id, v) => TERMS[`${id}/${v}`] }));

describe('a usage grant by records', () => {
  it('holds rights × perRight records; each request takes its records; past them EXHAUSTED; a restart keeps the count', async () => {
    const signed = signer.sign(grant());
    const a = await t.gate.admit(await signGateRequest(consumer, signed, 120, at()));
    expect(a).toMatchObject({ use: 120, remaining: 180, usage: { unit: 'records', perRight: 100, units: 300, usedUnits: 120, leftUnits: 180 } });
    expect(await refusal(async () => t.gate.admit(await signGateRequest(consumer, signed, 181, at())))).toBe('EXHAUSTED');
    await t.reopen();
    expect(t.gate.used(7)).toBe(120);
    expect(t.gate.usageCount(signed.grant)).toEqual({ unit: 'records', perRight: 100, units: 300, usedUnits: 120, leftUnits: 180 });
    expect((await t.gate.admit(await signGateRequest(consumer, signed, 180, at()))).remaining).toBe(0);
    expect(await refusal(async () => t.gate.admit(await signGateRequest(consumer, signed, 1, at())))).toBe('EXHAUSTED');
  });

  it("the unused records the exchange refunded at the grant's settlement are withdrawn (revoke, in units): REVOKED past them", async () => {
    const signed = signer.sign(grant({ grantId: 9 }));
    expect(await t.gate.admit(await signGateRequest(consumer, signed, 30, at()))).toMatchObject({ remaining: 270 });
    // Settled with 30 used: the 270 unused were refunded.
    await t.gate.revoke([{ grantId: 9, revokedQty: 270 }], 5);
    expect(t.gate.rightsLeft(signed.grant)).toBe(0);
    expect(t.gate.usageCount(signed.grant)).toEqual({ unit: 'records', perRight: 100, units: 300, usedUnits: 30, leftUnits: 0 });
    expect(await refusal(async () => t.gate.admit(await signGateRequest(consumer, signed, 1, at())))).toBe('REVOKED');
    expect(await refusal(async () => t.gate.admit(await signGateRequest(consumer, signed, 271, at())))).toBe('EXHAUSTED');
    expect(t.gate.used(9)).toBe(30);
  });

  it('concurrent requests never take more than the grant holds: of 15 racing for 25 records each out of 300, exactly 12 are served and 3 EXHAUSTED', async () => {
    const signed = signer.sign(grant({ grantId: 8 }));
    const bodies = await Promise.all(Array.from({ length: 15 }, async () => signGateRequest(consumer, signed, 25, at())));
    // 15 requests at once: 300 / 25 = 12 admitted, 3 EXHAUSTED, whatever the order.
    const outcomes = await Promise.all(bodies.map((b) => refusal(() => t.gate.admit(b))));
    expect(outcomes.filter((o) => o === 'admitted')).toHaveLength(12);
    expect(outcomes.filter((o) => o === 'EXHAUSTED')).toHaveLength(3);
    expect(t.gate.used(8)).toBe(300);
    await t.reopen();
    expect(t.gate.used(8)).toBe(300);
  });

  it('gives back the records a window could not fill: the consumer is metered for what it received', async () => {
    const signed = signer.sign(grant({ grantId: 9 }));
    const a = await t.gate.admit(await signGateRequest(consumer, signed, 100, at()));
    await t.gate.giveBack(a, 40);
    expect(a).toMatchObject({ remaining: 260, usage: { usedUnits: 40, leftUnits: 260 } });
    expect(t.gate.used(9)).toBe(40);
    // Never more than the request took, never for a grant by requests or rights.
    await t.gate.giveBack(a, 500);
    await t.gate.giveBack(a, -1);
    expect(t.gate.used(9)).toBe(40);
    await t.reopen();
    expect(t.gate.used(9)).toBe(40);
  });

  it('push counts rights: a usage grant is refused a stream or a webhook by name, nothing counted', () => {
    const signed = signer.sign(grant({ grantId: 10 }));
    expect(() => t.gate.takeRight(signed.grant)).toThrow(expect.objectContaining({ code: 'USAGE_PULL_ONLY', status: 409 }));
    expect(t.gate.used(10)).toBe(0);
  });
});

describe('a usage grant by requests', () => {
  it('takes one request at a time: use other than 1 is refused; of 6 racing for 2 rights × 2 requests, 4 are served and 2 EXHAUSTED', async () => {
    const signed = signer.sign(grant({ grantId: 11, listingVersion: 3, quantity: 2 }));
    expect(await refusal(async () => t.gate.admit(await signGateRequest(consumer, signed, 2, at())))).toBe('MALFORMED_REQUEST');
    const outcomes = await Promise.all(Array.from({ length: 6 }, async () => refusal(async () => t.gate.admit(await signGateRequest(consumer, signed, 1, at())))));
    expect(outcomes.filter((o) => o === 'admitted')).toHaveLength(4);
    expect(outcomes.filter((o) => o === 'EXHAUSTED')).toHaveLength(2);
    expect(t.gate.usageCount(signed.grant)).toEqual({ unit: 'requests', perRight: 2, units: 4, usedUnits: 4, leftUnits: 0 });
  });
});

describe('a one-time grant beside them', () => {
  it('is metered by rights as before, without a usage count', async () => {
    const signed = signer.sign(grant({ grantId: 12, listingId: 4 }));
    const a = await t.gate.admit(await signGateRequest(consumer, signed, 2, at()));
    expect(a.usage).toBeUndefined();
    expect(a.remaining).toBe(1);
    expect(t.gate.usageCount(signed.grant)).toBeUndefined();
    expect(await refusal(async () => t.gate.admit(await signGateRequest(consumer, signed, 2, at())))).toBe('EXHAUSTED');
  });
});
