/**
 * Writes the protocol conformance cases (test/conformance/cases.json) from the TypeScript code
 * that speaks the protocol: fixed keys, times and nonces in, the exact texts, signatures, frame
 * bytes and checksums out. Both clients must reproduce every one (test/conformance/conformance.test.ts
 * for src/client, clients/python/tests/test_conformance.py for the Python client). Run it only
 * when the protocol changes on purpose:
 *
 *   node --import tsx test/conformance/make-cases.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Wallet } from 'ethers';
import { signInMessageFor } from '../../src/client/trading-client.js';
import { wire } from '../../src/proto/index.js';
import { bookChecksum } from '../../src/proto/checksum.js';
import { signRequestHeaders, requestSignText, contentSha256 } from '../../src/request-signing/index.js';
import { signGateRequest, gateRequestText } from '../../src/grants/gate-request.js';
import { deliveryStatementText, recordsSha256 } from '../../src/grants/delivery-statement.js';
import { defaultUse, leftToUse } from '../../src/client/grants.js';
import type { AccessGrant, GrantDomain } from '../../src/grants/grant.js';

/** Hardhat's dev keys 3 (a consumer) and 5 (a provider): public, for tests only. */
const CONSUMER_KEY = '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6';
const PROVIDER_KEY = '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba';

export async function makeCases(): Promise<unknown> {
  const consumer = new Wallet(CONSUMER_KEY);
  const provider = new Wallet(PROVIDER_KEY);

  const requests = [];
  for (const r of [
    { method: 'POST', host: '127.0.0.1:8480', pathAndQuery: '/v1/subscriptions', chainId: 31337, timeMs: 1795046400123, nonce: 'AAECAwQFBgcICQoL', body: '{"contract":"AUTO_INTENT|1D|0.70-0.85","qtyPerWindow":2,"capPriceMicros":900000,"budgetMicros":20000000}' },
    { method: 'GET', host: 'exchange.example:443', pathAndQuery: '/v1/grants/mine?offset=0&limit=20', chainId: 8453, timeMs: 1795046401000, nonce: 'zzzzzzzzzzzzzzzz-_', body: undefined },
    { method: 'post', host: '[::1]:8480', pathAndQuery: '/v1/grants/7/receipts', chainId: 31337, timeMs: 1795046402000, nonce: 'nonce_with-dash_0', body: '{"note":"é€ ünïcode"}' },
  ]) {
    const headers = await signRequestHeaders(consumer, { ...r, ...(r.body === undefined ? {} : { bodyText: r.body }) });
    const text = requestSignText({ method: r.method, host: r.host, pathAndQuery: r.pathAndQuery, chainId: r.chainId, timeMs: r.timeMs, nonce: r.nonce, contentSha256: contentSha256(r.body) });
    requests.push({ ...r, body: r.body ?? null, text, headers });
  }

  const challenge = {
    domain: '127.0.0.1:8480',
    uri: 'http://127.0.0.1:8480',
    chainId: 31337,
    statement: 'Sign in to the PATX exchange. This signature opens a trading session for this address; it moves no funds.',
    siweNonce: '3f9c2a7be0d14c5e8a6b9d0f1e2c3b4a5d6e7f8091a2b3c4d5e6f708192a3b4c',
    issuedAt: '2026-11-25T23:00:00.000Z',
    expirationTime: '2026-11-25T23:00:30.000Z',
  };
  const loginText = signInMessageFor(challenge, consumer.address.toLowerCase(), '127.0.0.1:8480');
  const login = {
    challenge,
    address: consumer.address,
    text: loginText,
    signature: await consumer.signMessage(loginText),
    refused: [
      { connectedTo: 'evil.example:8480', code: 'DOMAIN_MISMATCH' },
    ],
  };

  const order = { seriesId: 12, clientOrderId: 77, side: wire.Side.BUY, orderType: wire.OrderType.LIMIT, tif: wire.TimeInForce.IOC, priceMicros: 800_000, qty: 3, expireAtMs: 0, postOnly: false, stp: wire.SelfTradePrevention.CANCEL_NEWEST };
  const frame = wire.ClientFrame.encode({ requestId: 7, newOrder: { seriesId: order.seriesId, clientOrderId: order.clientOrderId, side: order.side, orderType: order.orderType, timeInForce: order.tif, priceMicros: order.priceMicros, qty: order.qty, selfTradePrevention: order.stp } }).finish();
  const orderFrame = { requestId: 7, order, hex: Buffer.from(frame).toString('hex') };

  // A book's messages as the server sends them (ServerFrame bytes), each with what a subscriber's copy must make of it.
  const bid = (p: number, q: number) => ({ priceMicros: p, qty: q });
  type L = { priceMicros: number; qty: number };
  let bids: L[] = [bid(750_000, 4), bid(740_000, 10)];
  let asks: L[] = [bid(800_000, 5), bid(810_000, 2)];
  const sorted = () => ({ b: [...bids].sort((x, y) => y.priceMicros - x.priceMicros), a: [...asks].sort((x, y) => x.priceMicros - y.priceMicros) });
  const apply = (side: L[], changes: L[]) => {
    for (const c of changes) {
      const rest = side.filter((l) => l.priceMicros !== c.priceMicros);
      side.splice(0, side.length, ...rest, ...(c.qty === 0 ? [] : [c]));
    }
  };
  const steps = [];
  const snap = sorted();
  steps.push({ hex: hexOf({ bookSnapshot: { seriesId: 12, seq: 9120, bids: snap.b, asks: snap.a, checksum: bookChecksum(snap.b, snap.a) } }), outcome: 'in-sync', seq: 9120, bids: snap.b, asks: snap.a });
  apply(bids, [bid(760_000, 1)]);
  apply(asks, [bid(800_000, 0)]);
  let s = sorted();
  steps.push({ hex: hexOf({ bookUpdate: { seriesId: 12, seq: 9125, prevSeq: 9120, bids: [bid(760_000, 1)], asks: [bid(800_000, 0)], checksum: bookChecksum(s.b, s.a), engineSeq: 9127 } }), outcome: 'in-sync', seq: 9125, bids: s.b, asks: s.a });
  // Twelve bid levels: the checksum covers the top ten only.
  const deep = Array.from({ length: 12 }, (_, i) => bid(700_000 - i * 10_000, i + 1));
  apply(bids, deep);
  s = sorted();
  steps.push({ hex: hexOf({ bookUpdate: { seriesId: 12, seq: 9133, prevSeq: 9125, bids: deep, asks: [], checksum: bookChecksum(s.b, s.a), engineSeq: 9133 } }), outcome: 'in-sync', seq: 9133, bids: s.b, asks: s.a });
  const bookSequences = [
    { name: 'a snapshot, then updates that chain and whose checksums match', steps },
    {
      name: 'an update whose prev_seq is not the last seq: a gap',
      steps: [steps[0], { hex: hexOf({ bookUpdate: { seriesId: 12, seq: 9133, prevSeq: 9125, bids: [bid(760_000, 1)], asks: [], checksum: 1, engineSeq: 9133 } }), outcome: 'gap', expected: 9120, got: 9125 }],
    },
    {
      name: 'an update whose checksum does not match the book it leaves',
      steps: [steps[0], { hex: hexOf({ bookUpdate: { seriesId: 12, seq: 9125, prevSeq: 9120, bids: [bid(760_000, 1)], asks: [], checksum: 12345, engineSeq: 9125 } }), outcome: 'checksum', expected: 12345 }],
    },
  ];
  const checksums = [
    { bids: [], asks: [], checksum: bookChecksum([], []) },
    { bids: [bid(1_900_000, 4)], asks: [], checksum: bookChecksum([bid(1_900_000, 4)], []) },
    { bids: [bid(1, 1), bid(0, 2)], asks: [bid(2, 3)], checksum: bookChecksum([bid(1, 1), bid(0, 2)], [bid(2, 3)]) },
  ];

  const domain: GrantDomain = { name: 'PATX', version: '1', chainId: 31337, verifyingContract: '0x5fbdb2315678afecb367f032d93f642f64180aa3' };
  const grant: AccessGrant = { grantId: 12, consumer: consumer.address, provider: provider.address.toLowerCase(), listingId: 3, listingVersion: 1, seriesId: 12, windowOpenMs: 1794960000000, windowCloseMs: 1795564800000, quantity: 3, expiresAtMs: 1796169600000, nonce: 9140 };
  const endpoint = 'HTTP://Provider.Example:80/records';
  const gate = await signGateRequest(consumer, { grant, signature: '0x' + '00'.repeat(65) }, 2, { domain, endpoint, timeMs: 1795046403000, nonce: 'mif3k2s0-8d1xk2q9zq' });
  const records = [{ id: 'r1', score: 0.1, weight: 1e-7, big: 1e21, whole: 2, n: null, ok: true, nested: { '10': 'ten', '2': 'two', b: [1.5, -0] } }, { text: 'line\nbreak "quoted" é' }];
  const sha = recordsSha256(records);
  const statement = { grantId: 12, use: 2, nonce: gate.nonce, records: records.length, sha256: sha };
  const statementText = deliveryStatementText(domain, grant, statement);
  const delivery = {
    domain,
    grant,
    endpoint,
    use: 2,
    timeMs: gate.timeMs,
    nonce: gate.nonce,
    gateEndpoint: gate.endpoint,
    gateText: gateRequestText({ domain, provider: grant.provider, endpoint, grantId: grant.grantId, use: 2, timeMs: gate.timeMs, nonce: gate.nonce }),
    consumerSignature: gate.consumerSignature,
    recordsJson: JSON.stringify(records),
    recordsSha256: sha,
    statement,
    statementText,
    deliverySignature: await provider.signMessage(statementText),
    provider: provider.address,
  };

  return { note: 'Generated by test/conformance/make-cases.ts; both clients reproduce every case.', keys: { consumer: { privateKey: CONSUMER_KEY, address: consumer.address }, provider: { privateKey: PROVIDER_KEY, address: provider.address } }, signedRequests: requests, login, orderFrame, bookSequences, checksums, delivery, grantsLeft: grantsLeft() };
}

/**
 * What a grant view has left (leftToUse) and what a download takes by default (`defaultUse`: one request by requests,
 * else what is left and at least 1, which the gate refuses EXHAUSTED): rights receipted or evidenced, withdrawn by a
 * claim's refund and by a dispute's decision, and usage grants.
 */
function grantsLeft(): Array<{ view: Parameters<typeof leftToUse>[0]; left: number; defaultUse: number }> {
  const views: Array<Parameters<typeof leftToUse>[0]> = [
    { grant: { quantity: 4 }, delivered: 1, usage: null, escrow: null },
    // An exchange before 2026-11-30: the claim's refund alone says what was withdrawn.
    { grant: { quantity: 4 }, delivered: 0, usage: null, escrow: { refund: { undeliveredQty: 4 } } },
    // A claim refunded 2 never served; a decision refunded 1 served (evidenced) right, withdrawing none.
    { grant: { quantity: 5 }, delivered: 1, usage: null, escrow: { evidencedQty: 2, refundedQty: 3, revokedQty: 2, refund: { undeliveredQty: 1 } } },
    { grant: { quantity: 3 }, delivered: 3, usage: null, escrow: { evidencedQty: 3, refundedQty: 0, revokedQty: 0, refund: null } },
    // A decision refunded the 3 rights served with wrong records: the 7 never used are still the consumer's.
    { grant: { quantity: 10 }, delivered: 0, usage: null, escrow: { evidencedQty: 3, refundedQty: 3, revokedQty: 0, refund: { undeliveredQty: 3 } } },
    // Served 3 (evidenced, not receipted): 7 left.
    { grant: { quantity: 10 }, delivered: 0, usage: null, escrow: { evidencedQty: 3, refundedQty: 0, revokedQty: 0, refund: null } },
    { grant: { quantity: 2 }, delivered: 0, usage: { unit: 'records', perRight: 100, units: 200, usedUnits: 30, leftUnits: 170, settled: null } },
    { grant: { quantity: 2 }, delivered: 0, usage: { unit: 'requests', perRight: 10, units: 20, usedUnits: 20, leftUnits: 0, settled: null } },
    // An operator refunded 2 of 3 rights of 10 records, 17 used: 13 withdrawn (revokedQty in units), nothing left; 5 used: 5 left.
    { grant: { quantity: 3 }, delivered: 0, usage: { unit: 'records', perRight: 10, units: 30, usedUnits: 17, leftUnits: 0, settled: null }, escrow: { evidencedQty: 0, refundedQty: 2, revokedQty: 13, refund: { undeliveredQty: 2 } } },
    { grant: { quantity: 3 }, delivered: 0, usage: { unit: 'records', perRight: 10, units: 30, usedUnits: 5, leftUnits: 5, settled: null }, escrow: { evidencedQty: 0, refundedQty: 2, revokedQty: 20, refund: { undeliveredQty: 2 } } },
    // Settled with 30 of 200 records used: the rest refunded, nothing left.
    { grant: { quantity: 2 }, delivered: 0, usage: { unit: 'records', perRight: 100, units: 200, usedUnits: 30, leftUnits: 0, settled: { atMs: 1, usedUnits: 30, refundMicros: 1_190_000, releasedMicros: 210_000 } } },
  ];
  return views.map((view) => ({ view, left: leftToUse(view), defaultUse: defaultUse(view) }));
}

function hexOf(body: Omit<import('../../src/proto/index.js').patx.v1.IServerFrame, 'requestId'>): string {
  return Buffer.from(wire.ServerFrame.encode({ requestId: 0, ...body }).finish()).toString('hex');
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const file = path.join(import.meta.dirname, 'cases.json');
  writeFileSync(file, `${JSON.stringify(await makeCases(), null, 2)}\n`);
  console.log(`wrote ${file}`);
}
