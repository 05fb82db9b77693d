/**
 * The protocol conformance cases (cases.json, shared with the Python client's
 * clients/python/tests/test_conformance.py) against the TypeScript client: each signed request's
 * text and headers, the login text and signature (and the refusal of another domain's
 * challenge), an order's frame bytes, a book kept from a sequence of frames (in sync, a gap, a
 * checksum mismatch), and a download's gate request and delivery statement. And the cases are
 * still what the code makes (make-cases.ts): a protocol change shows up here first.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Wallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import { LocalBook, PatxSignInError, signInMessageFor, statementProblem, wire, bookChecksum } from '../../src/client/index.js';
import { leftToUse } from '../../src/client/grants.js';
import { signRequestHeaders } from '../../src/request-signing/index.js';
import { signGateRequest } from '../../src/grants/gate-request.js';
import { recordsSha256 } from '../../src/grants/delivery-statement.js';
import { makeCases } from './make-cases.js';

// any: the cases are data read back from JSON; each test names the fields it reads
type Json = any;
const cases: Json = JSON.parse(readFileSync(path.join(import.meta.dirname, 'cases.json'), 'utf8'));
const consumer = new Wallet(cases.keys.consumer.privateKey);

describe('protocol conformance cases (test/conformance/cases.json)', () => {
  it('are what the protocol code makes today', async () => {
    expect(JSON.parse(JSON.stringify(await makeCases()))).toEqual(cases);
  });

  it('signed HTTP requests: the same headers, signature included', async () => {
    expect(cases.signedRequests.length).toBeGreaterThan(0);
    for (const r of cases.signedRequests) {
      const headers = await signRequestHeaders(consumer, { method: r.method, host: r.host, pathAndQuery: r.pathAndQuery, chainId: r.chainId, timeMs: r.timeMs, nonce: r.nonce, ...(r.body === null ? {} : { bodyText: r.body }) });
      expect(headers).toEqual(r.headers);
    }
  });

  it('login: the sign-in text and its signature; a challenge for another domain is refused', async () => {
    const l = cases.login;
    const text = signInMessageFor(l.challenge, l.address, l.challenge.domain);
    expect(text).toBe(l.text);
    expect(await consumer.signMessage(text)).toBe(l.signature);
    for (const r of l.refused) {
      expect(() => signInMessageFor(l.challenge, l.address, r.connectedTo)).toThrow(PatxSignInError);
      try {
        signInMessageFor(l.challenge, l.address, r.connectedTo);
      } catch (e) {
        expect((e as PatxSignInError).code).toBe(r.code);
      }
    }
  });

  it("an order's ClientFrame bytes", () => {
    const o = cases.orderFrame.order;
    const bytes = wire.ClientFrame.encode({ requestId: cases.orderFrame.requestId, newOrder: { seriesId: o.seriesId, clientOrderId: o.clientOrderId, side: o.side, orderType: o.orderType, timeInForce: o.tif, priceMicros: o.priceMicros, qty: o.qty, selfTradePrevention: o.stp } }).finish();
    expect(Buffer.from(bytes).toString('hex')).toBe(cases.orderFrame.hex);
  });

  it('book checksums, and a book kept from frames: in sync, a gap, a checksum mismatch', () => {
    for (const c of cases.checksums) expect(bookChecksum(c.bids, c.asks)).toBe(c.checksum);
    for (const sequence of cases.bookSequences) {
      const book = new LocalBook(12);
      for (const step of sequence.steps) {
        const frame = wire.ServerFrame.decode(Buffer.from(step.hex, 'hex'));
        const ok = frame.bookSnapshot ? (book.applySnapshot(frame.bookSnapshot), book.problem === undefined) : book.applyUpdate(frame.bookUpdate!);
        if (step.outcome === 'in-sync') {
          expect(ok, sequence.name).toBe(true);
          expect(book.seq).toBe(step.seq);
          expect(book.bids()).toEqual(step.bids);
          expect(book.asks()).toEqual(step.asks);
        } else {
          expect(ok, sequence.name).toBe(false);
          expect(book.problem?.kind).toBe(step.outcome);
          if (step.outcome === 'gap') expect(book.problem).toMatchObject({ expectedSeq: step.expected, gotSeq: step.got });
          else expect(book.problem).toMatchObject({ expected: step.expected });
        }
      }
    }
  });

  it("a download: the gate request's text and signature; the delivery statement's records hash and signer", async () => {
    const d = cases.delivery;
    const gate = await signGateRequest(consumer, { grant: d.grant, signature: '0x' }, d.use, { domain: d.domain, endpoint: d.endpoint, timeMs: d.timeMs, nonce: d.nonce });
    expect(gate.endpoint).toBe(d.gateEndpoint);
    expect(gate.consumerSignature).toBe(d.consumerSignature);
    const records = JSON.parse(d.recordsJson) as unknown[];
    expect(recordsSha256(records)).toBe(d.recordsSha256);
    expect(statementProblem(d.statement, d.deliverySignature, d.domain, { grant: d.grant, signature: '0x' }, d.use, d.nonce, records)).toBeUndefined();
    expect(statementProblem({ ...d.statement, records: 1 }, d.deliverySignature, d.domain, { grant: d.grant, signature: '0x' }, d.use, d.nonce, records)).toBeDefined();
  });

  it("what a grant has left: rights served (receipted or evidenced) or withdrawn by a refund (a claim's, a dispute decision's beyond the served) are not downloaded again", () => {
    expect(cases.grantsLeft.map((c: Json) => c.left)).toEqual([3, 0, 1, 0, 7, 7, 170, 0, 0, 5, 0]);
    for (const c of cases.grantsLeft) expect(leftToUse(c.view)).toBe(c.left);
  });
});
