/**
 * A signature a gate takes is one the exchange takes as evidence (docs/delivery.md, "Evidence, claims and disputes").
 *
 * A gate verifies a grant against the exchange's key and a request against its consumer's key once it knows them, and
 * then ignores v and takes a high-s signature as its low-s twin (src/grants/signer-keys.ts): four ways to write one
 * signature. The exchange judged the gate's report of the download by recovery, which takes two of them, and compared
 * the grant's signature byte for byte. So a consumer who flipped v (of its own signature, or of the exchange's on the
 * grant) was served every record, the provider's report of it was refused FORGED_REQUEST, nothing was evidenced, and
 * its claim that nothing arrived refunded it (an audit, 2026-12-05). Now the exchange takes what the gate took.
 *
 * Real service (LMDB, uWS, the grant ledger), the demo provider's server over real HTTP on 127.0.0.1, real signatures;
 * settlement off.
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadWithGrant, signedRequest, TradingClient, type SignedGrant } from '../../src/client/index.js';
import { signGateRequest } from '../../src/gate/index.js';
import { parseDeliveryReport } from '../../src/grants/bodies.js';
import { DEMO_PROVIDER_KEY } from '../../src/demo/index.js';
import { createLogger } from '../../src/runtime/log.js';
import type { ProviderServer } from '../../src/provider-server/server.js';
import type { Service } from '../../src/app/service.js';
import { grantAtAsk } from '../support/broker-rights.js';
import { fundedConsumer, startDemoGateService, type DemoGateService } from '../support/demo-gate.js';
import { until } from '../support/exchange-fixture.js';

const logger = createLogger('silent');
let x: DemoGateService;
let service: Service;
let server: ProviderServer;
let trader: TradingClient;
let seriesId: number;
let providerId: number;
const consumer = Wallet.createRandom();

/** secp256k1's order: s and n − s are one signature's two forms. */
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** The same (r, s) with the other recovery id: v 27 ↔ 28. */
function flipV(signature: string): string {
  const v = parseInt(signature.slice(130), 16);
  return signature.slice(0, 130) + (v === 27 ? '1c' : '1b');
}

/** The high-s twin: (r, n − s) with the other v, which recovers the same key. */
function highS(signature: string): string {
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  return signature.slice(0, 66) + (N - s).toString(16).padStart(64, '0') + flipV(signature).slice(130);
}

beforeAll(async () => {
  x = await startDemoGateService('malleated', { logger, stock: { mint: 20, sell: 10 } });
  ({ service, server, seriesId } = x);
  providerId = service.engine.accountIdByAddress.get(new Wallet(DEMO_PROVIDER_KEY).address.toLowerCase())!;
  trader = await fundedConsumer(service, x.wsUrl, consumer, 'malleated-test');
});

afterAll(async () => {
  await trader?.close().catch(() => undefined);
  await x?.close();
});

const newGrant = (qty: number): Promise<SignedGrant> => grantAtAsk(service, trader, seriesId, qty);

const claim = (grantId: number) => signedRequest<{ error?: string }>(x.base, consumer, 'POST', `/v1/grants/${grantId}/claims`, {});

/** A gate request posted as is to the provider's gate, as any HTTP client can. */
async function atGate(body: unknown): Promise<{ status: number; records: number }> {
  const res = await fetch(server.endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = (await res.json()) as { records?: unknown[] };
  return { status: res.status, records: answer.records?.length ?? 0 };
}

/** Every report the provider's server queued was answered by the exchange (taken or refused). */
const reportsAnswered = () => until(() => server.reports.queued === 0, 'the delivery reports answered');

const evidencedQty = (grantId: number) => service.engine.escrow.grants.get(grantId)?.evidencedQty;

describe('a download the gate served on a malleated signature', () => {
  it("is the provider's evidence all the same: the consumer's signature with v flipped", async () => {
    const domain = service.grants()!.signer.domain;
    const signed = await newGrant(2);
    const grantId = signed.grant.grantId;
    // One right as any client takes it (no receipt): the gate knows the consumer's key from then on.
    expect(await downloadWithGrant(x.base, consumer, signed, 1, { report: false })).toMatchObject({ outcome: 'received' });
    // The other with the consumer's signature's v flipped: the gate verifies against the key it knows and serves it.
    const request = await signGateRequest(consumer, signed, 1, { domain, endpoint: server.endpoint });
    expect(await atGate({ ...request, consumerSignature: flipV(request.consumerSignature) })).toEqual({ status: 200, records: 25 });
    await reportsAnswered();
    expect(evidencedQty(grantId)).toBe(2);
    expect((await claim(grantId)).body.error).toBe('EVIDENCE_OF_DELIVERY');
  });

  it("is the provider's evidence all the same: the exchange's grant signature with v flipped, the consumer's high-s", async () => {
    const domain = service.grants()!.signer.domain;
    const signed = await newGrant(1);
    const grantId = signed.grant.grantId;
    const request = await signGateRequest(consumer, signed, 1, { domain, endpoint: server.endpoint });
    // The gate knows the exchange's key from the grants it verified (and the consumer's from the test above).
    expect(await atGate({ ...request, signature: flipV(request.signature), consumerSignature: highS(request.consumerSignature) })).toEqual({ status: 200, records: 25 });
    await reportsAnswered();
    expect(evidencedQty(grantId)).toBe(1);
    expect((await claim(grantId)).body.error).toBe('EVIDENCE_OF_DELIVERY');
  });

  it('takes no more than a gate does: another wallet\'s request, or another grant signature, is still forged', async () => {
    const domain = service.grants()!.signer.domain;
    const signed = await newGrant(1);
    const report = async (request: unknown) => {
      const body = { grantId: signed.grant.grantId, rights: 1, outcome: 'delivered', request };
      try {
        await service.grants()!.reportDelivery(providerId, parseDeliveryReport(JSON.parse(JSON.stringify(body))));
        return 'accepted';
      } catch (error) {
        return (error as { code?: string }).code;
      }
    };
    const stranger = await signGateRequest(Wallet.createRandom(), signed, 1, { domain, endpoint: server.endpoint });
    expect(await report({ ...stranger, consumerSignature: flipV(stranger.consumerSignature) })).toBe('FORGED_REQUEST');
    const own = await signGateRequest(consumer, signed, 1, { domain, endpoint: server.endpoint });
    // Another r: not the exchange's signature in any form.
    const otherR = `0x${'11'.repeat(32)}${own.signature.slice(66)}`;
    expect(await report({ ...own, signature: otherR })).toBe('FORGED_REQUEST');
    expect(evidencedQty(signed.grant.grantId)).toBe(0);
  });
});
