/**
 * Push delivery at the gate (src/gate/gate.ts, push-request.ts): a stream request is checked
 * as a gate request is, under its own text, and counts its first right with its nonce; a
 * webhook registration checks the grant and the consumer's push authorisation; every right
 * pushed is counted in the same LMDB metering as pull, across a restart. Real signatures,
 * real LMDB, the gate's clock injected.
 */
import { getAddress, Wallet } from 'ethers';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  Gate,
  pushAuthorisationText,
  retryDelayMs,
  signGateRequest,
  signPushAuthorisation,
  signStreamRequest,
  streamRequestText,
  WebhookAllowance,
  webhookHostProblem,
  webhookUrl,
  type GateRefusal,
  type StreamRequestOptions,
} from '../../src/gate/index.js';
import type { MessageSigner } from '../../src/client/index.js';
import type { AccessGrant, GrantDomain } from '../../src/grants/index.js';
import { accessGrant, GATE_ENDPOINT, gateForEachTest, gateParties, gateRefusal as refusal } from '../support/gate-fixture.js';

const NOW = Date.UTC(2026, 10, 22, 12);
const { domain, exchange, provider, consumer, signer } = gateParties();
const ENDPOINT = GATE_ENDPOINT;
const HOOK = 'https://hooks.consumer.example/patx';

const grant = (over: Partial<AccessGrant> = {}): AccessGrant => accessGrant({ provider, consumer }, NOW, over);

let now = NOW;
const openGate = (dir: string, o: { webhookAllow?: string[] } = {}) => new Gate({ domain, exchangeSigner: exchange.address, provider: provider.address, endpoint: ENDPOINT, serves: (id, v) => id === 3 && v >= 2, dir, clock: () => now, ...o });
const at = (timeMs: number, nonce?: string): StreamRequestOptions => ({ domain, endpoint: ENDPOINT, timeMs, ...(nonce === undefined ? {} : { nonce }) });

const t = gateForEachTest('patx-gate-push-', (dir) => openGate(dir));
beforeEach(() => {
  now = NOW;
});

describe('the texts', () => {
  it('are one field a line, binding the exchange, provider, endpoint, grant and rights (a stream); the exchange, consumer, URL and time (an authorisation)', () => {
    const stream = streamRequestText({ domain, provider: provider.address.toLowerCase(), endpoint: 'HTTPS://Data.Provider.Example:443/patx/records', grantId: 7, rights: 3, timeMs: NOW, nonce: 'n1' });
    expect(stream.split('\n')).toEqual(['PATX gate stream v1', 'exchange: PATX version 1', 'chain id: 31337', `registry: ${getAddress('0x' + '5f'.repeat(20))}`, `provider: ${provider.address}`, `endpoint: ${ENDPOINT}`, 'grant: 7', 'rights: 3', `time: ${NOW}`, 'nonce: n1']);
    const auth = pushAuthorisationText({ domain, consumer: consumer.address.toLowerCase(), url: HOOK, untilMs: NOW + 1, nonce: 'hook-1' });
    expect(auth.split('\n')).toEqual(['PATX push authorisation v1', 'exchange: PATX version 1', 'chain id: 31337', `registry: ${getAddress('0x' + '5f'.repeat(20))}`, `consumer: ${consumer.address}`, `url: ${HOOK}`, `until: ${NOW + 1}`, 'nonce: hook-1']);
    // Only a URL in its canonical form is signed: what the gate compares is what was signed.
    expect(() => pushAuthorisationText({ domain, consumer: consumer.address, url: 'HTTPS://hooks.consumer.example/patx', untilMs: 1, nonce: 'n' })).toThrow(/canonical/);
  });

  it('check webhook URLs: http(s), no credentials or fragment, at most 2,048 characters; private hosts named', () => {
    expect(webhookUrl('https://hooks.example/a?b=1')).toBe('https://hooks.example/a?b=1');
    expect(webhookUrl('HTTPS://Hooks.Example:443/a')).toBe('https://hooks.example/a');
    for (const bad of ['ftp://hooks.example/a', 'javascript:alert(1)', 'https://u:p@hooks.example/', 'https://hooks.example/#x', 'not a url', `https://hooks.example/${'a'.repeat(2048)}`, '', 42]) expect(typeof webhookUrl(bad), String(bad).slice(0, 40)).toBe('object');
    // Hosts that are not globally routable (test/gate/global-address.test.ts has the whole table).
    const none = new WebhookAllowance();
    for (const h of ['localhost', 'localhost.', 'a.localhost', '127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '100.64.0.1', '[::1]', '[fd00::1]', '[fe80::1]', '[::ffff:7f00:1]', '[2001:db8::1]']) expect(webhookHostProblem(`http://${h}/`, none), h).toBeDefined();
    for (const h of ['hooks.example', '8.8.8.8', '172.32.0.1', '[2606:4700:4700::1111]']) expect(webhookHostProblem(`http://${h}/`, none), h).toBeUndefined();
  });

  it('retry waits double from the first delay up to the longest', () => {
    const policy = { firstDelayMs: 500, maxDelayMs: 30_000, maxAttempts: 10 };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelayMs(policy, n))).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });
});

describe('a stream request', () => {
  it('counts its first right with its nonce, once; pull and push share the metering, across a restart', async () => {
    const signed = signer.sign(grant());
    const opened = await t.gate.openStream(await signStreamRequest(consumer, signed, 10, at(now, 's1')));
    expect(opened.first).toEqual({ seq: 1, remaining: 2 });
    expect(opened.request.rights).toBe(10);
    // The same request again: its nonce is used.
    expect(await refusal(async () => t.gate.openStream(await signStreamRequest(consumer, signed, 10, at(now, 's1'))))).toBe('REPLAYED');
    expect((await t.gate.admit(await signGateRequest(consumer, signed, 1, at(now)))).remaining).toBe(1);
    await t.reopen();
    const right = t.gate.takeRight(signed.grant);
    await right.written;
    expect(right).toMatchObject({ seq: 3, remaining: 0 });
    expect(await refusal(() => t.gate.takeRight(signed.grant))).toBe('EXHAUSTED');
    expect(await refusal(async () => t.gate.openStream(await signStreamRequest(consumer, signed, 1, at(now))))).toBe('EXHAUSTED');
    expect(await refusal(async () => t.gate.admit(await signGateRequest(consumer, signed, 1, at(now))))).toBe('EXHAUSTED');
    expect(t.gate.used(7)).toBe(3);
  });

  it('is refused with typed errors, counting nothing: forged, foreign, misdirected, unsigned, stale, closed window, not yet open, malformed', async () => {
    const signed = signer.sign(grant());
    const ok = await signStreamRequest(consumer, signed, 2, at(now));
    const other = Wallet.createRandom();
    const cases: [GateRefusal, unknown][] = [
      ['FORGED_GRANT', { ...ok, grant: { ...ok.grant, quantity: 300 } }],
      ['FOREIGN_DOMAIN', { ...ok, domain: { ...domain, chainId: 1 } }],
      ['WRONG_PROVIDER', await signStreamRequest(consumer, signer.sign(grant({ provider: other.address })), 1, at(now))],
      ['WRONG_ENDPOINT', await signStreamRequest(consumer, signed, 1, { domain, endpoint: 'https://collector.attacker.example/records', timeMs: now })],
      ['NOT_CONSUMER', await signStreamRequest(other, signed, 1, at(now))],
      ['NOT_CONSUMER', { ...ok, rights: 3 }], // the consumer signed 2
      ['NOT_CONSUMER', { ...ok, consumerSignature: (await signGateRequest(consumer, signed, 2, { ...at(now), nonce: ok.nonce })).consumerSignature }], // a gate request's text is not a stream's
      ['REPLAYED', await signStreamRequest(consumer, signed, 1, at(now - 61_000))],
      ['WINDOW_CLOSED', await signStreamRequest(consumer, signer.sign(grant({ windowCloseMs: NOW })), 1, at(now))],
      ['NOT_YET_OPEN', await signStreamRequest(consumer, signer.sign(grant({ windowOpenMs: NOW + 1 })), 1, at(now))],
      ['LISTING_NOT_SERVED', await signStreamRequest(consumer, signer.sign(grant({ listingId: 4 })), 1, at(now))],
      ['MALFORMED_REQUEST', { ...ok, rights: 0 }],
      ['MALFORMED_REQUEST', { ...ok, endpoint: undefined }],
      ['MALFORMED_REQUEST', [ok]],
    ];
    for (const [code, body] of cases) expect(await refusal(() => t.gate.openStream(body)), code).toBe(code);
    expect(t.gate.used(7)).toBe(0);
  });
});

describe('a webhook registration', () => {
  const untilMs = NOW + 3_600_000;
  async function registration(o: { wallet?: MessageSigner; url?: string; until?: number; d?: GrantDomain; g?: AccessGrant } = {}) {
    const signed = signer.sign(o.g ?? grant());
    const authorisation = await signPushAuthorisation(o.wallet ?? consumer, { domain: o.d ?? domain, url: o.url ?? HOOK, untilMs: o.until ?? untilMs, nonce: 'hook-1' });
    return { grant: signed.grant, signature: signed.signature, domain, authorisation };
  }

  it("takes the consumer's authorisation, whoever presents it, and refuses forged, foreign, expired and misdirected ones with typed errors", async () => {
    const ok = await registration();
    expect(t.gate.checkPushRegistration(ok)).toEqual(ok);
    const stranger = Wallet.createRandom();
    const cases: [GateRefusal, unknown][] = [
      ['NOT_CONSUMER', await registration({ wallet: stranger })], // a stranger signs for its own URL
      ['NOT_CONSUMER', { ...ok, authorisation: { ...ok.authorisation, url: 'https://collector.attacker.example/' } }], // the consumer's signature, another URL
      ['NOT_CONSUMER', { ...ok, authorisation: { ...ok.authorisation, untilMs: untilMs + 1 } }],
      ['NOT_CONSUMER', { ...(await registration({ d: { ...domain, chainId: 1 } })) }], // signed under another exchange's domain
      ['AUTHORISATION_EXPIRED', await registration({ until: NOW })],
      ['FORGED_GRANT', { ...ok, grant: { ...ok.grant, quantity: 30 } }],
      ['FOREIGN_DOMAIN', { ...ok, domain: { ...domain, verifyingContract: '0x' + '11'.repeat(20) } }],
      ['WRONG_PROVIDER', await registration({ g: grant({ provider: stranger.address }) })],
      ['BAD_WEBHOOK_URL', { ...ok, authorisation: { ...ok.authorisation, url: 'ftp://hooks.consumer.example/patx' } }],
      ['BAD_WEBHOOK_URL', { ...ok, authorisation: { ...ok.authorisation, url: 'HTTPS://hooks.consumer.example/patx' } }],
      ['BAD_WEBHOOK_URL', await registration({ url: 'http://127.0.0.1:9/hook' })], // a private address, this gate not told otherwise
      // Issue 74's finding: each was taken before.
      ...(await Promise.all(
        ['http://localhost./hook', 'http://[::7f00:1]/hook', 'http://[64:ff9b::7f00:1]/hook', 'http://[fec0::1]/hook', 'http://198.18.0.1/hook', 'http://224.0.0.1/hook', 'http://255.255.255.255/hook', 'http://intranet/hook', 'http://[2002:7f00:1::1]/hook'].map(
          async (url): Promise<[GateRefusal, unknown]> => ['BAD_WEBHOOK_URL', await registration({ url })],
        ),
      )),
      ['WINDOW_CLOSED', await registration({ g: grant({ windowCloseMs: NOW }) })],
      ['EXPIRED', await registration({ g: grant({ expiresAtMs: NOW - 1, windowCloseMs: NOW + 1 }) })],
      ['LISTING_NOT_SERVED', await registration({ g: grant({ listingId: 4 }) })],
      ['MALFORMED_REQUEST', { ...ok, domain: undefined }],
      ['MALFORMED_REQUEST', { ...ok, authorisation: { ...ok.authorisation, untilMs: '1' } }],
      ['MALFORMED_REQUEST', { ...ok, authorisation: null }],
    ];
    for (const [code, body] of cases) expect(await refusal(() => t.gate.checkPushRegistration(body)), code).toBe(code);
    // A window not yet open is fine: pushes start when it opens.
    expect(await refusal(async () => t.gate.checkPushRegistration(await registration({ g: grant({ windowOpenMs: NOW + 1 }) })))).toBe('admitted');
    expect(t.gate.used(7)).toBe(0);
    // A private address when the gate allows it, that exact address and port only (a demo's receiver on one machine).
    await t.reopen((dir) => openGate(dir, { webhookAllow: ['127.0.0.1:9'] }));
    expect(await refusal(async () => t.gate.checkPushRegistration(await registration({ url: 'http://127.0.0.1:9/hook' })))).toBe('admitted');
    expect(await refusal(async () => t.gate.checkPushRegistration(await registration({ url: 'http://127.0.0.1:10/hook' })))).toBe('BAD_WEBHOOK_URL');
    expect(await refusal(async () => t.gate.checkPushRegistration(await registration({ url: 'http://127.0.0.2:9/hook' })))).toBe('BAD_WEBHOOK_URL');
    expect(await refusal(async () => t.gate.checkPushRegistration(await registration({ url: 'http://localhost:9/hook' })))).toBe('BAD_WEBHOOK_URL');
    await t.gate.close();
    expect(() => openGate(t.dir, { webhookAllow: ['127.0.0.0/8'] })).toThrow(/exact address:port/);
    t.gate = openGate(t.dir);
  });
});
