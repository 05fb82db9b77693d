/**
 * Access-grant figures (issue 19). Prints them; bench/RESULTS.md records them.
 *
 *   npm run bench:grants [-- --grants 2000 --seconds 1 --rounds 5]
 *
 * Every figure is measured `--rounds` times (5 by default; a rate over `--seconds` a round,
 * the first-sight and whole-request figures over the N grants a round, each round with a
 * fresh gate) and printed as a median with its range; each goes to the collector as a
 * FIGURE line (support/figures.ts) with every round's value.
 *
 * 1. Signing: GrantSigner.sign (hand-encoded EIP-712 digest, native keccak, libsecp256k1).
 * 2. Grant verification at the gate, cold: Gate.verifyGrant on grants it has not seen
 *    (field checks, domain, provider, the exchange's signature checked, listing, window,
 *    expiry): the round's first grant's signature recovered (which shows the gate the
 *    exchange's key), every other one verified against that key (src/grants/signer-keys.ts).
 * 3. Grant verification, warm: the same grants again (their signature already held once:
 *    the digest is recomputed and compared, no curve arithmetic).
 * 4. Whole requests: Gate.admit (grant verified warm, the consumer's EIP-191 request
 *    signature verified against the key its first request showed, the use written to LMDB),
 *    N in flight, on fresh nonces; then the hard case, N requests each from a consumer the gate
 *    has not seen, on a grant it has not seen (the consumer's key recovered, the grant's checked).
 * 5. For scale: libsecp256k1's own recoveries and verifications per second on this machine, and ethers'
 *    verifyTypedData (what the gate would do without the hand-encoded digest).
 * All on one core (this process's main thread).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { Wallet, computeAddress, hexlify, verifyTypedData } from 'ethers';
import secp256k1 from 'secp256k1';
import { Gate, signGateRequest, type GateRequest } from '../src/gate/index.js';
import { GRANT_TYPES, GrantSigner, MessageKeySigner, type AccessGrant, type GrantDomain, type SignedGrant } from '../src/grants/index.js';
import { loadavg, reportFigure, stat } from './support/figures.js';

const { values } = parseArgs({ options: { grants: { type: 'string', default: '2000' }, seconds: { type: 'string', default: '1' }, rounds: { type: 'string', default: '5' } } });
const N = Number(values.grants);
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error('--rounds must be a positive integer');
const NOW = Date.UTC(2026, 10, 22, 12);
const domain: GrantDomain = { name: 'PATX', version: '1', chainId: 31337, verifyingContract: '0x' + '5f'.repeat(20) };
const exchange = Wallet.createRandom();
const provider = Wallet.createRandom();
const consumer = Wallet.createRandom();
const signer = new GrantSigner(exchange.privateKey, domain);

function grant(i: number): AccessGrant {
  return { grantId: i + 1, consumer: consumer.address, provider: provider.address, listingId: 3, listingVersion: 1, seriesId: 1 + (i % 7), windowOpenMs: NOW - 3_600_000, windowCloseMs: NOW + 3_600_000, quantity: 1_000_000, expiresAtMs: NOW + 86_400_000, nonce: 1_000 + i };
}

/** Runs `f` over `items` pass after pass for about `seconds` seconds; operations per second. */
function rate<T>(items: readonly T[], f: (item: T) => void, seconds = SECONDS): number {
  const t0 = performance.now();
  let n = 0;
  do {
    for (const item of items) f(item);
    n += items.length;
  } while (performance.now() - t0 < seconds * 1000);
  return n / ((performance.now() - t0) / 1000);
}

/** `rate` ROUNDS times: one value per round. */
function rates<T>(items: readonly T[], f: (item: T) => void, seconds = SECONDS): number[] {
  return Array.from({ length: ROUNDS }, () => rate(items, f, seconds));
}

/** Exact integers with separators (12,998), as bench/RESULTS.md quotes them. */
const int = (x: number): string => Math.round(x).toLocaleString('en-US');
/** Median (range lo–hi) over the rounds. */
const over = (xs: readonly number[]): string => stat(xs, int);

console.log(`bench:grants ${new Date().toISOString()}; node ${process.version}; load average at start ${loadavg()}; ${N.toLocaleString('en-US')} grants, ${ROUNDS} rounds, ${SECONDS} s a round for rates`);
const grants = Array.from({ length: N }, (_, i) => grant(i));
const signRates = rates(grants, (g) => signer.sign(g));
const signed: SignedGrant[] = grants.map((g) => signer.sign(g));
console.log(`signing: ${over(signRates)} grants/s`);
reportFigure('grant signing', 'grants/s', signRates, 'higher');

const ENDPOINT = 'http://127.0.0.1:8490/records';
const newGate = (dir: string): Gate => new Gate({ domain, exchangeSigner: exchange.address, provider: provider.address, endpoint: ENDPOINT, serves: () => true, dir, clock: () => NOW });
const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-gate-bench-'));
try {
  // Whole requests: fresh nonces, signed ahead of time (signing is the consumer's cost, not the gate's).
  // Each round admits them at a fresh gate, so the same nonces are fresh again.
  const requests: GateRequest[] = [];
  for (let i = 0; i < N; i++) requests.push(await signGateRequest(consumer, signed[i % signed.length]!, 1, { domain, endpoint: ENDPOINT, timeMs: NOW, nonce: `n${i}` }));

  // The hard case for the gate: each request from a consumer it has not seen, so each consumer's key is recovered, not verified.
  const strangers: GateRequest[] = [];
  for (let i = 0; i < N; i++) {
    const key = hexlify(randomBytes(32));
    const own = signer.sign({ ...grant(i), grantId: N + i + 1, consumer: computeAddress(key) });
    const wallet = new MessageKeySigner(key);
    strangers.push(await signGateRequest({ signMessage: async (text) => wallet.signMessage(text) }, own, 1, { domain, endpoint: ENDPOINT, timeMs: NOW, nonce: `s${i}` }));
  }

  const cold: number[] = [];
  const warm: number[] = [];
  const admit: number[] = [];
  const admitNew: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Cold: a fresh gate, so no grant's signature is remembered.
    const gate = newGate(path.join(dir, `round-${round}`));
    let t0 = performance.now();
    for (const s of signed) gate.verifyGrant(s);
    cold.push(N / ((performance.now() - t0) / 1000));
    // Warm: the same gate, every grant's signature held once.
    warm.push(rate(signed, (s) => gate.verifyGrant(s)));
    // As an HTTP server takes them: many in flight, each resolved once its use is on disk (LMDB shares the commits).
    t0 = performance.now();
    await Promise.all(requests.map((r) => gate.admit(r)));
    admit.push(N / ((performance.now() - t0) / 1000));
    t0 = performance.now();
    await Promise.all(strangers.map((r) => gate.admit(r)));
    admitNew.push(N / ((performance.now() - t0) / 1000));
    await gate.close();
  }
  console.log(`grant verification at the gate, cold (one signature check each: verified against the exchange's key once the round's first recovered it): ${over(cold)} grants/s (${ROUNDS} rounds of ${N.toLocaleString('en-US')}: ${cold.map(int).join(', ')})`);
  console.log(`grant verification at the gate, warm (signature already held once): ${over(warm)} grants/s`);
  console.log(`whole requests admitted (warm grant, consumer signature verified, use written to LMDB): ${over(admit)} requests/s`);
  reportFigure('grant verification at the gate, first sight', 'grants/s', cold, 'higher');
  reportFigure('grant verification at the gate, a grant in use', 'grants/s', warm, 'higher');
  console.log(`whole requests admitted, each from a consumer the gate has not seen (its grant and its key new: both signatures checked, the consumer's recovered): ${over(admitNew)} requests/s`);
  reportFigure(`gate whole requests admitted, ${N.toLocaleString('en-US')} in flight`, 'requests/s', admit, 'higher');
  reportFigure(`gate whole requests admitted, ${N.toLocaleString('en-US')} in flight, each from a new consumer`, 'requests/s', admitNew, 'higher');
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// Scale: the curve alone, and ethers' general path.
const digests = Array.from({ length: 500 }, () => randomBytes(32));
const key = randomBytes(32);
const sigs = digests.map((d) => secp256k1.ecdsaSign(d, key));
const recover = rates(
  sigs.map((s, i) => [s, digests[i]!] as const),
  ([s, d]) => secp256k1.ecdsaRecover(s.signature, s.recid, d, false),
  1,
);
const publicKey = secp256k1.publicKeyCreate(key, false);
const verify = rates(
  sigs.map((s, i) => [s, digests[i]!] as const),
  ([s, d]) => secp256k1.ecdsaVerify(s.signature, d, publicKey),
  1,
);
const ethersRate = rates(signed.slice(0, 50), (s) => verifyTypedData(domain, GRANT_TYPES, s.grant, s.signature), 1);
console.log(`for scale: libsecp256k1 recoveries ${over(recover)}/s, verifications ${over(verify)}/s; ethers verifyTypedData ${over(ethersRate)}/s`);
reportFigure('libsecp256k1 signature recoveries', 'recoveries/s', recover, 'higher');
reportFigure('libsecp256k1 signature verifications', 'verifications/s', verify, 'higher');
reportFigure('ethers verifyTypedData', 'verifications/s', ethersRate, 'higher');
