/**
 * Delivery that cannot be denied (issue 73; docs/delivery.md "Evidence, claims and disputes"),
 * through the running service and the demo provider's server as `npm start` wires them:
 * - a consumer downloads everything, sends no receipt and files a claim: the provider's gate
 *   reported the download with the consumer's signed request and its own signed statement,
 *   so the claim is refused EVIDENCE_OF_DELIVERY; a dispute saying what was wrong waits for the
 *   operator, who decides it; the provider's free PAT moves only by that decision;
 * - a grant the consumer registered for push by itself is not evidenced by the provider's report of it (the
 *   authorisation names no grant); a batch sent on a stream the consumer opened is (its signed stream request
 *   evidences at most the rights it asked for);
 * - a grant never used is refunded at most what the provider was paid, its free PAT untouched.
 * Real service (LMDB, uWS, the grant ledger), real HTTP on 127.0.0.1, real signatures; settlement off;
 * the service's clock is the test's so the grace passes without waiting.
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadWithGrant, registerPush, signedRequest, signPushAuthorisation, streamRecords, TradingClient, type SignedGrant, type StreamEvent } from '../../src/client/index.js';
import { deliveryStatementText, pushNonce, signGateRequest, signStreamRequest } from '../../src/gate/index.js';
import { parseDeliveryReport } from '../../src/grants/bodies.js';
import { DEMO_PROVIDER_KEY } from '../../src/demo/index.js';
import { CommandKind, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import type { ProviderServer } from '../../src/provider-server/server.js';
import type { Service } from '../../src/app/service.js';
import { grantAtAsk, providerSellsToBroker } from '../support/broker-rights.js';
import { fundedConsumer, startDemoGateService, startWebhookReceiver, type DemoGateService, type WebhookReceiver } from '../support/demo-gate.js';
import { until } from '../support/exchange-fixture.js';

/**
 * The claim grace here (risk.claimGraceMs, an hour by default): the test moves the service's clock past it three times,
 * by minutes, not hours, so it stays within the demo series' window at any time of day (two hours a step crossed a
 * weekly window's close on its last evening, and the grants bought after could not be).
 */
const GRACE_MS = 60_000;
const OPERATOR_TOKEN = 'evidence-test-operator-token-0123456789';
const logger = createLogger('silent');
let x: DemoGateService;
let service: Service;
let server: ProviderServer;
let trader: TradingClient;
let hook: WebhookReceiver;
let hookCalls = 0;
let offsetMs = 0;
const clock = (): number => Date.now() + offsetMs;
const consumer = Wallet.createRandom();
const base = () => x.base;
let seriesId: number;
let providerId: number;

beforeAll(async () => {
  // The consumer's webhook first: the demo server reaches it by its exact address and port, nothing else inside.
  hook = await startWebhookReceiver(() => {
    hookCalls++;
    return 204;
  });
  x = await startDemoGateService('evidence', { logger, config: { gateway: { operatorToken: OPERATOR_TOKEN }, quoting: { params: { 'risk.claimGraceMs': GRACE_MS } } }, clock, webhookAllow: [hook.allow], stock: { mint: 30, sell: 20 } });
  ({ service, server, seriesId } = x);
  providerId = service.engine.accountIdByAddress.get(new Wallet(DEMO_PROVIDER_KEY).address.toLowerCase())!;
  // The provider's own free PAT: the finding took part of a refund from it.
  await service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: providerId, amountWei: 5n * 10n ** 18n, ref: 'evidence-provider-collateral' });
  trader = await fundedConsumer(service, x.wsUrl, consumer, 'evidence-test');
});

afterAll(async () => {
  await trader?.close().catch(() => undefined);
  await x?.close();
  await hook?.close();
});

const newGrant = (qty: number): Promise<SignedGrant> => grantAtAsk(service, trader, seriesId, qty);

const claim = (grantId: number, body: unknown = {}) => signedRequest<{ error?: string; message?: string; dueAtMs?: number; dispute?: { reason: string; evidencedQty: number } }>(base(), consumer, 'POST', `/v1/grants/${grantId}/claims`, body, { timeMs: clock() });

async function op<T>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base()}${route}`, { method, headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: (await res.json()) as T };
}

/** Until the engine holds the ledger's evidence for a grant (the provider's report travels in the background). */
const evidenced = (grantId: number, qty: number) => until(() => service.engine.escrow.grants.get(grantId)?.evidencedQty === qty, `grant ${grantId}: ${qty} right(s) evidenced`);

// Pushes first: the provider server signs its reports at the wall clock, and later tests move the service's clock on.
describe('pushed data', () => {
  it("the consumer's own registration of a grant it bought by hand is no evidence: its authorisation names no grant, so the provider's report of the push counts for nothing", async () => {
    const signed = await newGrant(1);
    const grantId = signed.grant.grantId;
    const domain = service.grants()!.signer.domain;
    const url = `http://127.0.0.1:${hook.port}/patx`;
    const authorisation = await signPushAuthorisation(consumer, { domain, url, untilMs: Date.now() + 3_600_000 });
    expect(await registerPush(server.endpoint, signed, authorisation, domain)).toMatchObject({ outcome: 'registered' });
    await until(() => hookCalls > 0, 'the webhook called');
    // The gate's report arrives and counts for nothing, not even as the provider's word (an outside review, 2026-12-04: a
    // provider holding the consumer's authorisation could report pushes of any of its grants and make evidence the consumer
    // never gave; an audit, 2026-12-05: as the provider's word, such reports released the escrow of grants never pushed).
    await until(async () => (await service.grants()!.get(grantId))?.lastReport?.outcome === 'pushed', 'the push reported');
    expect(await service.grants()!.get(grantId)).toMatchObject({ reportedByProvider: 0, disputeEndsAtMs: 0 });
    expect(service.grants()!.evidenceOf(grantId)).toEqual([]);
    expect(service.engine.escrow.grants.get(grantId)?.evidencedQty).toBe(0);
    // A push through a webhook subscription, which the exchange's courier hands, is evidence: test/subscriptions/webhook.test.ts.
  });

  it("a provider reporting pushes of a grant nobody registered, under an authorisation the consumer signed for another, is not paid on its word", async () => {
    // Two more rights for the broker to sell: the stock of beforeAll is the other tests' to the right.
    await providerSellsToBroker(service, new Wallet(DEMO_PROVIDER_KEY).address, seriesId, { mint: 2, sell: 2 });
    const signed = await newGrant(2);
    const grantId = signed.grant.grantId;
    const domain = service.grants()!.signer.domain;
    // An authorisation the consumer gave once, for some webhook: it names no grant and no provider.
    const authorisation = await signPushAuthorisation(consumer, { domain, url: 'https://hooks.consumer.example/patx', untilMs: Date.now() + 3_600_000, nonce: 'hook-elsewhere' });
    const provider = new Wallet(DEMO_PROVIDER_KEY);
    const ledger = service.grants()!;
    for (const seq of [1, 2]) {
      const delivery = { grantId, use: 1, nonce: pushNonce(seq), records: 25, sha256: 'ab'.repeat(32) };
      const body = { grantId, rights: 1, outcome: 'pushed', push: { seq, authorisation, answer: { status: 204, atMs: Date.now() } }, delivery, deliverySignature: await provider.signMessage(deliveryStatementText(domain, signed.grant, delivery)) };
      const answer = await signedRequest(base(), provider, 'POST', '/v1/deliveries', body);
      expect(answer.status).toBe(200);
    }
    // Past the dispute time of such reports, with no claim: nothing counts, nothing is confirmed, the escrow stays held.
    await ledger.sweep(Date.now() + service.engine.risk.disputeWindowMs + 1);
    expect(await ledger.get(grantId)).toMatchObject({ reportedByProvider: 0, counted: 0 });
    expect(service.engine.escrow.grants.get(grantId)).toMatchObject({ undeliveredQty: 2, evidencedQty: 0 });
    // So the consumer, which received nothing, may still claim within its dispute window.
    expect((await claim(grantId)).status).toBe(201);
  });
});

describe('an empty delivery', () => {
  it("a provider's signed statement of 0 records for the consumer's request is no evidence: the report is refused, and the consumer's claim stands", async () => {
    await providerSellsToBroker(service, new Wallet(DEMO_PROVIDER_KEY).address, seriesId, { mint: 1, sell: 1 });
    const signed = await newGrant(1);
    const grantId = signed.grant.grantId;
    const domain = service.grants()!.signer.domain;
    // The consumer asked (its signed request reached the provider), and the provider says it served nothing.
    const request = await signGateRequest(consumer, signed, 1, { domain, endpoint: server.endpoint });
    const provider = new Wallet(DEMO_PROVIDER_KEY);
    const delivery = { grantId, use: 1, nonce: request.nonce, records: 0, sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' };
    const body = { grantId, rights: 1, outcome: 'delivered', request, delivery, deliverySignature: await provider.signMessage(deliveryStatementText(domain, signed.grant, delivery)) };
    const refused = await service.grants()!.reportDelivery(providerId, parseDeliveryReport(JSON.parse(JSON.stringify(body)))).then(
      () => 'accepted',
      (error: { code?: string; message?: string }) => `${error.code}: ${error.message}`,
    );
    expect(refused).toMatch(/^MALFORMED_REPORT: delivery\.records: the statement says 0 records were delivered/);
    expect(service.grants()!.evidenceOf(grantId)).toEqual([]);
    expect(service.engine.escrow.grants.get(grantId)?.evidencedQty).toBe(0);
    // Before: the empty statement was evidence, and this claim was refused EVIDENCE_OF_DELIVERY.
    expect((await claim(grantId)).status).toBe(201);
  });
});

describe('streamed data', () => {
  it('counts as evidence with the consumer\'s signed stream request: a claim is refused; a request evidences at most its rights, and only its consumer\'s', async () => {
    const domain = service.grants()!.signer.domain;
    const endpoint = server.endpoint;
    const streamAll = async (signed: SignedGrant, o: { rights?: number; nonce?: string; timeMs?: number } = {}): Promise<StreamEvent[]> => {
      const events: StreamEvent[] = [];
      for await (const e of streamRecords(consumer, signed, { endpoint, domain, ...o })) events.push(e);
      return events;
    };
    // A one-right grant streamed whole (the first batch goes at once): the records arrived, and the claim is refused.
    const one = await newGrant(1);
    const streamed = await streamAll(one);
    expect(streamed.map((e) => e.type)).toEqual(['batch', 'end']);
    await evidenced(one.grant.grantId, 1);
    expect(service.grants()!.evidenceOf(one.grant.grantId)).toEqual([expect.objectContaining({ kind: 'stream', use: 1, records: 25, stream: { seq: 1, request: expect.any(String) } })]);
    expect((await claim(one.grant.grantId)).body.error).toBe('EVIDENCE_OF_DELIVERY');

    // A stream request for 1 right of a 2-right grant: one batch is evidenced under it, and no second one.
    const two = await newGrant(2);
    const timeMs = Date.now();
    expect((await streamAll(two, { rights: 1, nonce: 'stream-bound-1', timeMs })).map((e) => e.type)).toEqual(['batch', 'end']);
    await evidenced(two.grant.grantId, 1);
    const request = await signStreamRequest(consumer, two, 1, { domain, endpoint, nonce: 'stream-bound-1', timeMs }); // the same text, the same signature
    const provider = new Wallet(DEMO_PROVIDER_KEY);
    const batch = async (seq: number) => {
      const delivery = { grantId: two.grant.grantId, use: 1, nonce: pushNonce(seq), records: 25, sha256: 'a'.repeat(64) };
      return { grantId: two.grant.grantId, rights: 1, outcome: 'streamed' as const, delivery, deliverySignature: await provider.signMessage(deliveryStatementText(domain, two.grant, delivery)), stream: { seq, request } };
    };
    // Through the route's own parse, as `POST /v1/deliveries` takes it.
    const report = (body: unknown) => Promise.resolve().then(() => service.grants()!.reportDelivery(providerId, parseDeliveryReport(JSON.parse(JSON.stringify(body))))).then(() => 'accepted', (e: { code?: string }) => e.code);
    expect(await report(await batch(2))).toBe('MALFORMED_REPORT');
    // A stream request its consumer did not sign evidences nothing.
    const forged = { ...(await batch(2)), stream: { seq: 2, request: await signStreamRequest(Wallet.createRandom(), two, 2, { domain, endpoint, nonce: 'stream-forged' }) } };
    expect(await report(forged)).toBe('FORGED_REQUEST');
    expect(service.engine.escrow.grants.get(two.grant.grantId)?.evidencedQty).toBe(1);
    // The batch already evidenced, told again, changes nothing (and is not a second batch under the request).
    const first = service.grants()!.evidenceOf(two.grant.grantId)[0]!;
    expect(first).toMatchObject({ kind: 'stream', stream: { seq: 1, request: 'stream-bound-1' } });
  });
});

describe("a dispute outlasting the provider's report", () => {
  it("keeps the report from counting: nothing is paid behind the dispute, and the operator's decision refunds", async () => {
    // A short dispute window, so the ledger's sweep past this report's dispute time reaches no other grant's due time.
    const windowMs = service.engine.risk.disputeWindowMs;
    expect((await op('PUT', '/operator/params/risk.disputeWindowMs', { value: 60_000 })).status).toBe(200);
    const signed = await newGrant(1); // the broker holds 10 rights for this file's grants
    const grantId = signed.grant.grantId;
    expect(await downloadWithGrant(base(), consumer, signed, 1, { report: false })).toMatchObject({ outcome: 'received' });
    await evidenced(grantId, 1);
    const held = service.engine.escrow.grants.get(grantId)!.heldMicros;
    expect((await claim(grantId, { reason: 'nonconforming' })).status).toBe(201);
    // The report's own dispute time passes while the dispute waits (an outside review, 2026-12-04: the ledger counted
    // the report, the provider was paid, and the decision found the escrow closed).
    const ledger = service.grants()!;
    await until(async () => (await ledger.get(grantId))?.escrow?.dispute !== undefined, 'the dispute in the grant ledger');
    const reportDisputeEndsAtMs = (await ledger.get(grantId))!.disputeEndsAtMs;
    expect(reportDisputeEndsAtMs).toBeGreaterThan(0);
    expect(await ledger.sweep(reportDisputeEndsAtMs)).toBeGreaterThan(0);
    expect(await ledger.get(grantId)).toMatchObject({ disputed: true, undisputed: 0, counted: 0 });
    // The other grants' reports counted by the same sweep are confirmed (in the background) before anything is read.
    await until(async () => {
      for (const g of service.engine.escrow.grants.values()) {
        const r = await ledger.get(g.grantId);
        if (g.grantId !== grantId && r !== undefined && r.counted > g.qty - g.undeliveredQty) return false;
      }
      return true;
    }, 'the counted deliveries confirmed');
    expect(service.engine.escrow.grants.get(grantId)).toMatchObject({ heldMicros: held, undeliveredQty: 1 });
    // Rules 20: the engine refuses a confirmation behind the dispute whoever asks (a receipt's, or a count's).
    expect(await service.confirmDelivery(grantId, 1)).toEqual({ outcome: 'refused', reason: 'DISPUTE_AWAITS_DECISION' });
    const consumerId = service.engine.accountIdByAddress.get(consumer.address.toLowerCase())!;
    const before = service.engine.accounts[consumerId]!.availableMicros;
    const decided = await op<{ refundQty: number; fromHeldMicros: number }>('POST', `/operator/disputes/${grantId}/decision`, { refundQty: 1 });
    expect([decided.status, decided.body.refundQty, decided.body.fromHeldMicros]).toEqual([200, 1, held]);
    expect(service.engine.accounts[consumerId]!.availableMicros).toBe(before + held);
    expect((await op('PUT', '/operator/params/risk.disputeWindowMs', { value: windowMs })).status).toBe(200);
  });
});

describe('a consumer who downloaded everything', () => {
  it('cannot be refunded by a claim: the claim is refused, the dispute waits for the operator, who decides it', async () => {
    const signed = await newGrant(2);
    const grantId = signed.grant.grantId;
    const d = await downloadWithGrant(base(), consumer, signed, 2, { report: false });
    expect(d).toMatchObject({ outcome: 'received' });
    await evidenced(grantId, 2);
    const providerFree = service.engine.accounts[providerId]!.availableMicros;
    const held = service.engine.escrow.grants.get(grantId)!.heldMicros;

    const refused = await claim(grantId);
    expect([refused.status, refused.body.error]).toEqual([409, 'EVIDENCE_OF_DELIVERY']);
    expect(refused.body.message).toMatch(/missing-records/);
    expect((await claim(grantId, { reason: 'lost' })).body.error).toBe('MALFORMED_CLAIM');
    // The grace passes: nothing is refunded, nothing released.
    offsetMs += 2 * GRACE_MS;
    await service.sweepEscrow();
    expect(service.engine.escrow.grants.get(grantId)).toMatchObject({ heldMicros: held, claimedAtMs: 0 });

    const disputed = await claim(grantId, { reason: 'missing-records' });
    expect([disputed.status, disputed.body.dispute]).toEqual([201, { reason: 'missing-records', evidencedQty: 2 }]);
    offsetMs += 2 * GRACE_MS;
    await service.sweepEscrow();
    expect(service.engine.escrow.grants.get(grantId)?.heldMicros).toBe(held);

    // The operator sees the dispute with the evidence from both sides.
    const list = await op<{ disputes: Array<{ grant: { grantId: number }; evidence: Array<{ kind: string; use: number; records: number; sha256: string }>; escrow: { dispute: { reason: string } } }> }>('GET', '/operator/disputes');
    const shown = list.body.disputes.find((x) => x.grant.grantId === grantId)!;
    expect(shown.escrow.dispute.reason).toBe('missing-records');
    expect(shown.evidence).toEqual([expect.objectContaining({ kind: 'download', use: 2, records: 50, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
    // It upholds the delivery: the provider gets its held proceeds, the consumer nothing; its free PAT untouched.
    const bad = await op<{ error: string; message: string }>('POST', `/operator/disputes/${grantId}/decision`, { refundQty: 3 });
    expect([bad.status, bad.body.error]).toEqual([409, 'INVALID_DECISION']);
    // The refusal says what a decision may do (it names no figure): a charge with nothing refunded is one it may not.
    const charged = await op<{ error: string; message: string }>('POST', `/operator/disputes/${grantId}/decision`, { refundQty: 0, chargeProviderMicros: 50_000 });
    expect([charged.status, charged.body.error]).toEqual([409, 'INVALID_DECISION']);
    expect(charged.body.message).toContain('a charge to the provider at most what the consumer paid for the refunded rights above their held proceeds (so none when no right is refunded)');
    const decided = await op<{ refundQty: number; upheldQty: number; releasedMicros: number; fromProviderMicros: number }>('POST', `/operator/disputes/${grantId}/decision`, { refundQty: 0, note: 'the gate served 50 records; the statement matches' });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ refundQty: 0, upheldQty: 2, releasedMicros: held, fromProviderMicros: 0 });
    expect(service.engine.accounts[providerId]!.availableMicros).toBe(providerFree + held);
    const again = await op<{ error: string }>('POST', `/operator/disputes/${grantId}/decision`, { refundQty: 0 });
    expect([again.status, again.body.error]).toEqual([409, 'ESCROW_CLOSED']);
    // The dispute and the decision are in the audit trail, with who decided.
    await until(() => service.operatorApi.audit(1, 100_000).some((e) => e.event === 'DISPUTE_DECIDED'), 'the decision audited');
    const audited = service.operatorApi.audit(1, 100_000).filter((e) => (e.event === 'DISPUTE_FILED' || e.event === 'DISPUTE_DECIDED') && (e.detail as { grantId: number }).grantId === grantId);
    expect(audited.map((e) => e.event)).toEqual(['DISPUTE_FILED', 'DISPUTE_DECIDED']);
    expect(audited[1]!.detail).toMatchObject({ refundQty: 0, chargeProviderMicros: 0, refundMicros: 0, releasedMicros: held });
    expect(audited[1]!.actor).not.toBe(0); // the operator's account, not the system
    // Both sides see the decision on the grant.
    const view = await signedRequest<{ escrow: { dispute: { decision: { refundQty: number; upheldQty: number; note: { text: string } } } } }>(base(), consumer, 'GET', `/v1/grants/mine/${grantId}`, undefined, { timeMs: clock() });
    expect(view.body.escrow.dispute.decision).toMatchObject({ refundQty: 0, upheldQty: 2, note: { text: 'the gate served 50 records; the statement matches' } });
  });
});

describe('a grant never used', () => {
  it('is refunded at most what the provider was paid, never from its free PAT', async () => {
    const signed = await newGrant(2);
    const grantId = signed.grant.grantId;
    const held = service.engine.escrow.grants.get(grantId)!.heldMicros;
    const providerFree = service.engine.accounts[providerId]!.availableMicros;
    const consumerFree = service.engine.accounts[trader.accountId]!.availableMicros;
    const filed = await claim(grantId);
    expect(filed.status).toBe(201);
    offsetMs += 2 * GRACE_MS;
    await service.sweepEscrow();
    expect(service.engine.escrow.grants.has(grantId)).toBe(false);
    // The consumer paid the broker's ask; the provider was paid its bid, held: that is what comes back.
    expect(service.engine.accounts[trader.accountId]!.availableMicros - consumerFree).toBe(held);
    expect(service.engine.accounts[providerId]!.availableMicros).toBe(providerFree);
  });
});

describe('one dispute window', () => {
  it('the grant ledger reads the journaled risk.disputeWindowMs: an operator\'s change moves both the claim window and the ledger\'s clocks', async () => {
    const ledger = service.grants()!;
    expect(ledger.disputeMs).toBe(service.engine.risk.disputeWindowMs);
    const changed = await op<{ error?: string }>('PUT', '/operator/params/risk.disputeWindowMs', { value: 7 * 60_000 });
    expect(changed.status).toBe(200);
    expect([service.engine.risk.disputeWindowMs, ledger.disputeMs]).toEqual([7 * 60_000, 7 * 60_000]);
    const signed = await newGrant(1);
    const g = service.engine.escrow.grants.get(signed.grant.grantId)!;
    expect(g.disputeEndsAtMs).toBe(Math.max(service.engine.seriesById(seriesId)!.spec.closeAtMs, g.redeemedAtMs) + 7 * 60_000);
  });
});
