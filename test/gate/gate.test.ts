/**
 * The provider's gate with real signatures (ethers wallets, libsecp256k1) and real
 * LMDB: it admits what the exchange granted to the consumer who signs, meters it
 * across a restart, and refuses everything else with its typed error; a fuzz of
 * malformed requests never gets anything but a GateError.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TypedDataEncoder, Wallet } from 'ethers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Gate, GateError, signGateRequest, type GateRefusal } from '../../src/gate/index.js';
import { GRANT_TYPES, GrantDigester, GrantSigner, type AccessGrant, type GrantDomain } from '../../src/grants/index.js';
import { prng } from '../support/engine-fixture.js';

const NOW = Date.UTC(2026, 10, 22, 12);
const domain: GrantDomain = { name: 'PATX', version: '1', chainId: 31337, verifyingContract: '0x' + '5f'.repeat(20) };
const exchange = Wallet.createRandom();
const provider = Wallet.createRandom();
const consumer = Wallet.createRandom();
const signer = new GrantSigner(exchange.privateKey, domain);

function grant(over: Partial<AccessGrant> = {}): AccessGrant {
  return { grantId: 7, consumer: consumer.address, provider: provider.address, listingId: 3, listingVersion: 2, seriesId: 1, windowOpenMs: NOW - 3_600_000, windowCloseMs: NOW + 3_600_000, quantity: 3, expiresAtMs: NOW + 86_400_000, nonce: 99, ...over };
}

let dir: string;
let gate: Gate;
let now = NOW;
const openGate = () => new Gate({ domain, exchangeSigner: exchange.address, provider: provider.address, serves: (id, v) => id === 3 && v >= 2, dir, clock: () => now });

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-gate-'));
  now = NOW;
  gate = openGate();
});
afterEach(async () => {
  await gate.close();
  rmSync(dir, { recursive: true, force: true });
});

async function refusal(run: () => unknown): Promise<GateRefusal | 'admitted'> {
  try {
    await run();
    return 'admitted';
  } catch (error) {
    if (error instanceof GateError) return error.code;
    throw error;
  }
}

describe('grant signatures', () => {
  it('are the bytes ethers makes and checks (EIP-712 digest by hand, libsecp256k1)', async () => {
    const rand = prng(5);
    const digester = new GrantDigester(domain);
    for (let i = 0; i < 20; i++) {
      const g = grant({ grantId: Math.floor(rand() * 2 ** 52), quantity: 1 + Math.floor(rand() * 1e6), nonce: Math.floor(rand() * 2 ** 40), listingVersion: Math.floor(rand() * 2 ** 32) });
      expect(Buffer.from(digester.digest(g)).toString('hex')).toBe(TypedDataEncoder.hash(domain, GRANT_TYPES, g).slice(2));
      expect(signer.sign(g).signature).toBe(await exchange.signTypedData(domain, GRANT_TYPES, g));
    }
  });
});

describe('the gate', () => {
  it('admits the consumer, meters each right on disk across a restart, and refuses the fourth of three; concurrent requests cannot both take the last right', async () => {
    const signed = signer.sign(grant());
    expect(await gate.admit(await signGateRequest(consumer, signed, 2, domain, now))).toMatchObject({ use: 2, remaining: 1 });
    await gate.close();
    gate = openGate();
    expect(gate.used(7)).toBe(2);
    const two = await signGateRequest(consumer, signed, 2, undefined, now);
    expect(await refusal(() => gate.admit(two))).toBe('EXHAUSTED');
    expect((await gate.admit(await signGateRequest(consumer, signed, 1, undefined, now))).remaining).toBe(0);
    const other = signer.sign(grant({ grantId: 8, quantity: 1 }));
    const racing = await Promise.all([1, 2, 3].map(async (i) => refusal(async () => gate.admit(await signGateRequest(consumer, other, 1, undefined, now, `race${i}`)))));
    expect(racing.filter((r) => r === 'admitted')).toHaveLength(1);
    expect(racing.filter((r) => r === 'EXHAUSTED')).toHaveLength(2);
  });

  it('refuses forged, replayed, expired, foreign, misdirected, unserved and unsigned requests with typed errors, counting nothing', async () => {
    const signed = signer.sign(grant());
    const ok = await signGateRequest(consumer, signed, 1, domain, now);
    const other = Wallet.createRandom();
    const cases: [GateRefusal, unknown][] = [
      ['FORGED_GRANT', { ...ok, grant: { ...ok.grant, quantity: 300 } }], // tampered after signing
      ['FORGED_GRANT', { ...(await signGateRequest(consumer, new GrantSigner(other.privateKey, domain).sign(grant()), 1, undefined, now)) }], // another key
      ['FORGED_GRANT', await signGateRequest(consumer, new GrantSigner(exchange.privateKey, { ...domain, chainId: 1 }).sign(grant()), 1, undefined, now)], // another chain, not said
      ['FOREIGN_DOMAIN', { ...ok, domain: { ...domain, verifyingContract: '0x' + '11'.repeat(20) } }],
      ['WRONG_PROVIDER', await signGateRequest(consumer, signer.sign(grant({ provider: other.address })), 1, undefined, now)],
      ['LISTING_NOT_SERVED', await signGateRequest(consumer, signer.sign(grant({ listingId: 4 })), 1, undefined, now)],
      ['LISTING_NOT_SERVED', await signGateRequest(consumer, signer.sign(grant({ listingVersion: 1 })), 1, undefined, now)],
      ['NOT_YET_OPEN', await signGateRequest(consumer, signer.sign(grant({ windowOpenMs: NOW + 1 })), 1, undefined, now)],
      ['EXPIRED', await signGateRequest(consumer, signer.sign(grant({ expiresAtMs: NOW - 1 })), 1, undefined, now)],
      ['NOT_CONSUMER', await signGateRequest(other, signed, 1, undefined, now)],
      ['NOT_CONSUMER', { ...ok, use: 2 }], // the consumer signed use 1
      ['REPLAYED', await signGateRequest(consumer, signed, 1, undefined, now - 61_000)],
      ['MALFORMED_REQUEST', { ...ok, use: 0 }],
      ['MALFORMED_REQUEST', { ...ok, nonce: 'a b' }],
      ['MALFORMED_REQUEST', { ...ok, grant: { ...ok.grant, grantId: -1 } }],
      ['MALFORMED_REQUEST', { ...ok, grant: { ...ok.grant, extra: 1 } }],
      ['MALFORMED_REQUEST', 'grant please'],
    ];
    for (const [code, body] of cases) expect(await refusal(() => gate.admit(body)), code).toBe(code);
    expect(gate.used(7)).toBe(0);
    await gate.admit(ok);
    expect(await refusal(() => gate.admit(ok))).toBe('REPLAYED'); // the same request again
    expect(gate.used(7)).toBe(1);
  });

  it('never throws anything but a GateError, and never serves more than granted, on 3,000 mutated requests (seeded)', async () => {
    const signed = signer.sign(grant({ quantity: 50 }));
    const base = await signGateRequest(consumer, signed, 1, domain, now);
    const rand = prng(20261122);
    const junk = [null, undefined, -1, 0, 1.5, 2 ** 64, Number.NaN, '', 'x'.repeat(5000), '0x', '0x' + 'ff'.repeat(65), [], {}, true, { a: 1 }, '__proto__'];
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    let admitted = 0;
    for (let i = 0; i < 3_000; i++) {
      const body = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
      const target = rand() < 0.5 ? (body.grant as Record<string, unknown>) : body;
      const keys = Object.keys(target);
      const k = rand() < 0.1 ? '__proto__' : pick(keys);
      if (rand() < 0.2) delete target[k];
      else target[k] = pick(junk);
      if (rand() < 0.3) body.nonce = `n${i}`;
      try {
        await gate.admit(body);
        admitted++;
      } catch (error) {
        expect(error).toBeInstanceOf(GateError);
      }
    }
    expect(gate.used(7)).toBe(admitted);
    expect(gate.used(7)).toBeLessThanOrEqual(50);
  });
});
