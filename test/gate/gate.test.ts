/**
 * The provider's gate with real signatures (ethers wallets, libsecp256k1) and real
 * LMDB: it admits what the exchange granted to the consumer who signs, meters it
 * across a restart, and refuses everything else with its typed error; a fuzz of
 * malformed requests never gets anything but a GateError.
 */
import path from 'node:path';
import { createHash } from 'node:crypto';
import { getAddress, TypedDataEncoder, verifyMessage, Wallet } from 'ethers';
import { beforeEach, describe, expect, it } from 'vitest';
import { deliveryStatementText, Gate, GateError, gateRequestText, recordsSha256, signGateRequest, type GateRefusal, type GateRequestOptions } from '../../src/gate/index.js';
import { GRANT_TYPES, GrantDigester, GrantSigner, MessageKeySigner, type AccessGrant } from '../../src/grants/index.js';
import { prng } from '../support/engine-fixture.js';
import { accessGrant, GATE_ENDPOINT, gateForEachTest, gateParties, gateRefusal as refusal } from '../support/gate-fixture.js';

const NOW = Date.UTC(2026, 10, 22, 12);
const { domain, exchange, provider, consumer, signer } = gateParties();

const grant = (over: Partial<AccessGrant> = {}): AccessGrant => accessGrant({ provider, consumer }, NOW, over);

let now = NOW;
const ENDPOINT = GATE_ENDPOINT;
const at = (timeMs: number, nonce?: string): GateRequestOptions => ({ domain, endpoint: ENDPOINT, timeMs, ...(nonce === undefined ? {} : { nonce }) });
const openGate = (dir: string) => new Gate({ domain, exchangeSigner: exchange.address, provider: provider.address, endpoint: ENDPOINT, serves: (id, v) => id === 3 && v >= 2, dir, clock: () => now });
const t = gateForEachTest('patx-gate-', openGate);
beforeEach(() => {
  now = NOW;
});

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

describe('delivery statements', () => {
  it("are signed by the provider's key as wallet.signMessage signs them, over the records' canonical bytes", async () => {
    const records = [{ event_time: '2026-11-22T12:00:00Z', score: 0.1, n: 3, text: 'é "q" \u2028' }];
    // The canonical bytes: UTF-8 of JSON.stringify(records), as a consumer gets them back from the parsed answer.
    const sha = recordsSha256(JSON.parse(JSON.stringify({ records })).records as unknown[]);
    expect(sha).toBe(createHash('sha256').update(Buffer.from(JSON.stringify(records), 'utf8')).digest('hex'));
    const text = deliveryStatementText(domain, grant(), { grantId: 7, use: 1, nonce: 'n-1', records: 1, sha256: sha });
    expect(text.split('\n')).toEqual(['PATX delivery v1', 'exchange: PATX version 1', 'chain id: 31337', `registry: ${getAddress('0x' + '5f'.repeat(20))}`, `provider: ${provider.address}`, `consumer: ${consumer.address}`, 'grant: 7', 'use: 1', 'nonce: n-1', 'records: 1', `sha256: ${sha}`]);
    const signature = new MessageKeySigner(provider.privateKey).signMessage(text);
    expect(signature).toBe(await provider.signMessage(text));
    expect(verifyMessage(text, signature)).toBe(provider.address);
    expect(() => deliveryStatementText(domain, grant(), { grantId: 7, use: 0, nonce: 'n-1', records: 1, sha256: sha })).toThrow(/use/);
  });
});

describe('the gate', () => {
  it('admits the consumer, meters each right on disk across a restart, and refuses the fourth of three; concurrent requests cannot both take the last right', async () => {
    const signed = signer.sign(grant());
    expect(await t.gate.admit(await signGateRequest(consumer, signed, 2, at(now)))).toMatchObject({ use: 2, remaining: 1 });
    await t.reopen();
    expect(t.gate.used(7)).toBe(2);
    const two = await signGateRequest(consumer, signed, 2, at(now));
    expect(await refusal(() => t.gate.admit(two))).toBe('EXHAUSTED');
    expect((await t.gate.admit(await signGateRequest(consumer, signed, 1, at(now)))).remaining).toBe(0);
    const other = signer.sign(grant({ grantId: 8, quantity: 1 }));
    const racing = await Promise.all([1, 2, 3].map(async (i) => refusal(async () => t.gate.admit(await signGateRequest(consumer, other, 1, at(now, `race${i}`))))));
    expect(racing.filter((r) => r === 'admitted')).toHaveLength(1);
    expect(racing.filter((r) => r === 'EXHAUSTED')).toHaveLength(2);
  });

  it("withdraws the exchange's revocations (refunded rights) across a restart: REVOKED past them, EXHAUSTED past the quantity; a smaller or repeated count changes nothing", async () => {
    const signed = signer.sign(grant({ grantId: 11, quantity: 5 }));
    expect(await t.gate.admit(await signGateRequest(consumer, signed, 1, at(now)))).toMatchObject({ remaining: 4 });
    await t.gate.revoke([{ grantId: 11, revokedQty: 3 }, { grantId: 12, revokedQty: 1 }], 40);
    await t.gate.revoke([{ grantId: 11, revokedQty: 2 }], 30); // older: changes nothing
    await t.reopen();
    expect([t.gate.revokedThrough(), t.gate.rightsLeft(signed.grant)]).toEqual([40, 1]);
    const two = await signGateRequest(consumer, signed, 2, at(now));
    expect(await refusal(() => t.gate.admit(two))).toBe('REVOKED');
    const error = await t.gate.admit(two).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GateError);
    expect((error as GateError).message).toBe('grant 11: 3 of its 5 rights were refunded to its consumer and are no longer served; 1 left, asked for 2');
    const five = await signGateRequest(consumer, signed, 5, at(now));
    expect(await refusal(() => t.gate.admit(five))).toBe('EXHAUSTED');
    expect(await t.gate.admit(await signGateRequest(consumer, signed, 1, at(now)))).toMatchObject({ remaining: 0 });
    expect(() => t.gate.takeRight(signed.grant)).toThrow(expect.objectContaining({ code: 'REVOKED' }));
    expect(t.gate.used(11)).toBe(2);
  });

  it('refuses forged, replayed, expired, foreign, misdirected, unserved and unsigned requests with typed errors, counting nothing', async () => {
    const signed = signer.sign(grant());
    const ok = await signGateRequest(consumer, signed, 1, at(now));
    const other = Wallet.createRandom();
    const cases: [GateRefusal, unknown][] = [
      ['FORGED_GRANT', { ...ok, grant: { ...ok.grant, quantity: 300 } }], // tampered after signing
      ['FORGED_GRANT', { ...(await signGateRequest(consumer, new GrantSigner(other.privateKey, domain).sign(grant()), 1, at(now))) }], // another key
      ['FORGED_GRANT', await signGateRequest(consumer, new GrantSigner(exchange.privateKey, { ...domain, chainId: 1 }).sign(grant()), 1, at(now))], // another chain, not said
      ['FOREIGN_DOMAIN', { ...ok, domain: { ...domain, verifyingContract: '0x' + '11'.repeat(20) } }],
      ['WRONG_PROVIDER', await signGateRequest(consumer, signer.sign(grant({ provider: other.address })), 1, at(now))],
      ['LISTING_NOT_SERVED', await signGateRequest(consumer, signer.sign(grant({ listingId: 4 })), 1, at(now))],
      ['LISTING_NOT_SERVED', await signGateRequest(consumer, signer.sign(grant({ listingVersion: 1 })), 1, at(now))],
      ['NOT_YET_OPEN', await signGateRequest(consumer, signer.sign(grant({ windowOpenMs: NOW + 1 })), 1, at(now))],
      ['EXPIRED', await signGateRequest(consumer, signer.sign(grant({ expiresAtMs: NOW - 1 })), 1, at(now))],
      ['NOT_CONSUMER', await signGateRequest(other, signed, 1, at(now))],
      ['NOT_CONSUMER', { ...ok, use: 2 }], // the consumer signed use 1
      ['REPLAYED', await signGateRequest(consumer, signed, 1, at(now - 61_000))],
      ['MALFORMED_REQUEST', { ...ok, use: 0 }],
      ['MALFORMED_REQUEST', { ...ok, nonce: 'a b' }],
      ['MALFORMED_REQUEST', { ...ok, grant: { ...ok.grant, grantId: -1 } }],
      ['MALFORMED_REQUEST', { ...ok, grant: { ...ok.grant, extra: 1 } }],
      ['MALFORMED_REQUEST', 'grant please'],
    ];
    for (const [code, body] of cases) expect(await refusal(() => t.gate.admit(body)), code).toBe(code);
    expect(t.gate.used(7)).toBe(0);
    await t.gate.admit(ok);
    expect(await refusal(() => t.gate.admit(ok))).toBe('REPLAYED'); // the same request again
    // Again, now that the gate knows the exchange's and the consumer's keys (it verifies against them, no longer recovers: signer-keys.ts).
    for (const [code, body] of cases) expect(await refusal(() => t.gate.admit(body)), `${code}, keys known`).toBe(code);
    expect(t.gate.used(7)).toBe(1);
  });

  it("keeps a grant's nonces only while their requests' times could pass: many uses keep few, in memory and on disk; a replay past the horizon is refused by its time; usage written by older gates still refuses its nonces", async () => {
    const big = signer.sign(grant({ grantId: 9, quantity: 1_000 }));
    // 300 uses, one every 2 s: the nonces of the last two minutes (two skews) stay, not all 300.
    const first = await signGateRequest(consumer, big, 1, at(now, 'u0'));
    for (let i = 0; i < 300; i++) {
      await t.gate.admit(i === 0 ? first : await signGateRequest(consumer, big, 1, at(now, `u${i}`)));
      now += 2_000;
    }
    expect(t.gate.used(9)).toBe(300);
    expect(t.gate.noncesKept(9)).toBeLessThanOrEqual(61);
    expect(t.gate.noncesKept(9)).toBeGreaterThanOrEqual(60);
    // The first request again, its nonce long forgotten: refused by its time, counting nothing.
    expect(await refusal(() => t.gate.admit(first))).toBe('REPLAYED');
    // A request of the last minute again: refused by its nonce, also after a restart.
    const recent = await signGateRequest(consumer, big, 1, at(now, 'fresh'));
    await t.gate.admit(recent);
    await t.reopen();
    expect(await refusal(() => t.gate.admit(recent))).toBe('REPLAYED');
    expect(t.gate.used(9)).toBe(301);
    // On disk too, one entry a nonce kept (src/gate/metering.ts), not one a use.
    const kept = t.gate.noncesKept(9);
    expect(kept).toBeLessThanOrEqual(62);
    await t.gate.close();
    const { open } = await import('lmdb');
    const env = open({ path: t.dir, maxDbs: 4 });
    expect([...env.openDB<number, [number, string]>({ name: 'nonces' }).getKeys({ start: [9], end: [10] })].length).toBe(kept);
    // Usage written by gates before 2026-11-27 ({used, nonces}, every nonce): its nonces are refused for a horizon from when it is read, then dropped.
    await env.openDB({ name: 'usage' }).put(10, { used: 1, nonces: ['old'] });
    await env.close();
    t.gate = openGate(t.dir);
    const old = signer.sign(grant({ grantId: 10, quantity: 5 }));
    expect(await refusal(async () => t.gate.admit(await signGateRequest(consumer, old, 1, at(now, 'old'))))).toBe('REPLAYED');
    await t.gate.admit(await signGateRequest(consumer, old, 1, at(now, 'new')));
    expect(t.gate.noncesKept(10)).toBe(2);
    now += 121_000;
    await t.gate.admit(await signGateRequest(consumer, old, 1, at(now, 'newer')));
    expect(t.gate.noncesKept(10)).toBe(1);
    expect(t.gate.used(10)).toBe(3);
  });

  it("checks the consumer's signature before anything that is the provider's doing: a copy of a grant with a garbage signature never gets LISTING_NOT_SERVED", async () => {
    const unserved = signer.sign(grant({ listingId: 4 }));
    const stranger = Wallet.createRandom();
    for (const body of [
      await signGateRequest(stranger, unserved, 1, at(now)),
      { ...(await signGateRequest(consumer, unserved, 1, at(now))), consumerSignature: '0x' + '11'.repeat(65) },
      { ...(await signGateRequest(consumer, unserved, 1, at(now))), use: 2 },
    ]) {
      expect(await refusal(() => t.gate.admit(body))).toBe('NOT_CONSUMER');
    }
    // The same for a window not yet open and an expired grant: those say nothing until the consumer signed.
    expect(await refusal(async () => t.gate.admit(await signGateRequest(stranger, signer.sign(grant({ windowOpenMs: NOW + 1 })), 1, at(now))))).toBe('NOT_CONSUMER');
    expect(await refusal(async () => t.gate.admit(await signGateRequest(stranger, signer.sign(grant({ expiresAtMs: NOW - 1 })), 1, at(now))))).toBe('NOT_CONSUMER');
    // Signed by the consumer: refused for the provider's reason, with the request the consumer signed (what its report to the exchange carries).
    const signedByConsumer = await signGateRequest(consumer, unserved, 1, at(now, 'mine'));
    const error = await t.gate.admit(signedByConsumer).then(
      () => undefined,
      (e: unknown) => e as GateError,
    );
    expect(error?.code).toBe('LISTING_NOT_SERVED');
    expect(error?.consumerSigned).toBe(true);
    expect(error?.signedRequest).toEqual(signedByConsumer);
    // A refusal before the consumer's signature held carries no request.
    const early = await t.gate.admit(await signGateRequest(stranger, unserved, 1, at(now))).then(
      () => undefined,
      (e: unknown) => e as GateError,
    );
    expect(early?.consumerSigned).toBe(false);
  });

  it("binds the exchange, the provider and the endpoint: a request signed for another endpoint, provider or exchange is refused, and so is the old text", async () => {
    const signed = signer.sign(grant());
    const other = Wallet.createRandom();
    // A wrong delivery endpoint (a hostile or mistaken one, A) got the consumer's request and forwards it to the real gate (B).
    const forA = await signGateRequest(consumer, signed, 1, { domain, endpoint: 'https://collector.attacker.example/records', timeMs: now });
    expect(await refusal(() => t.gate.admit(forA))).toBe('WRONG_ENDPOINT');
    // ...with the endpoint field rewritten to B's: the consumer's signature is over A.
    expect(await refusal(() => t.gate.admit({ ...forA, endpoint: ENDPOINT }))).toBe('NOT_CONSUMER');
    // A look-alike of B's endpoint: another host, port, scheme or path is another endpoint.
    for (const look of ['https://data.provider.example.attacker.example/patx/records', 'https://data.provider.example:8443/patx/records', 'http://data.provider.example/patx/records', 'https://data.provider.example/records']) {
      expect(await refusal(async () => t.gate.admit(await signGateRequest(consumer, signed, 1, { domain, endpoint: look, timeMs: now }))), look).toBe('WRONG_ENDPOINT');
    }
    // Signed naming another provider (as the consumer would for that provider's gate): not this one's.
    const terms = { domain, endpoint: ENDPOINT, grantId: 7, use: 1, timeMs: now, nonce: 'other-provider' };
    const forOtherProvider = { ...(await signGateRequest(consumer, signed, 1, at(now, 'other-provider'))), consumerSignature: await consumer.signMessage(gateRequestText({ ...terms, provider: other.address })) };
    expect(await refusal(() => t.gate.admit(forOtherProvider))).toBe('NOT_CONSUMER');
    // Signed under another exchange's domain (another chain, another registry) while naming this one's.
    for (const foreign of [{ ...domain, chainId: 1 }, { ...domain, verifyingContract: '0x' + '11'.repeat(20) }, { ...domain, name: 'PATY' }]) {
      const body = { ...(await signGateRequest(consumer, signed, 1, at(now, 'foreign'))), consumerSignature: await consumer.signMessage(gateRequestText({ ...terms, nonce: 'foreign', provider: provider.address, domain: foreign })) };
      expect(await refusal(() => t.gate.admit(body)), JSON.stringify(foreign)).toBe('NOT_CONSUMER');
    }
    // The text before endpoints were bound: grant, use, time and nonce only; no endpoint or domain in the request.
    const oldText = `PATX gate request\ngrant: 7\nuse: 1\ntime: ${now}\nnonce: old1`;
    const old = { grant: signed.grant, signature: signed.signature, use: 1, timeMs: now, nonce: 'old1', consumerSignature: await consumer.signMessage(oldText) };
    expect(await refusal(() => t.gate.admit(old))).toBe('OUTDATED_REQUEST');
    expect(await refusal(() => t.gate.admit({ ...old, domain }))).toBe('OUTDATED_REQUEST');
    expect(await refusal(() => t.gate.admit({ ...old, domain, endpoint: ENDPOINT }))).toBe('NOT_CONSUMER'); // the old signature under new fields
    expect(t.gate.used(7)).toBe(0);
    // The same endpoint written otherwise (case, default port, a query) is the same endpoint.
    expect((await t.gate.admit(await signGateRequest(consumer, signed, 1, { domain, endpoint: 'HTTPS://Data.Provider.Example:443/patx/records?utm=x', timeMs: now }))).remaining).toBe(2);
    const twin = new Gate({ domain, exchangeSigner: exchange.address, provider: provider.address, endpoint: 'https://DATA.provider.example:443/patx/records#x', serves: () => true, dir: path.join(t.dir, 'twin') });
    expect(twin.endpoint).toBe(ENDPOINT);
    await twin.close();
  });

  it('never throws anything but a GateError, and never serves more than granted, on 3,000 mutated requests (seeded)', async () => {
    const signed = signer.sign(grant({ quantity: 50 }));
    const base = await signGateRequest(consumer, signed, 1, at(now));
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
        await t.gate.admit(body);
        admitted++;
      } catch (error) {
        expect(error).toBeInstanceOf(GateError);
      }
    }
    expect(t.gate.used(7)).toBe(admitted);
    expect(t.gate.used(7)).toBeLessThanOrEqual(50);
  });
});
