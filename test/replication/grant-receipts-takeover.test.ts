/**
 * What a consumer told the leader's grant ledger is on the next leader. Two replicated services
 * in this process on a real three-node nats-server cluster; a provider sells to the broker, a
 * consumer buys and exercises (a grant), then receipts a download on the leader (the provider's
 * signed delivery statement), and the provider's gate reports serving another right with its
 * evidence. The leader stops; the standby leads. The grant's view (delivered, receipts, the
 * provider's report), its receipts, its evidence and the replayed receipt's
 * refusal on the new leader are the old leader's. Before the grant ledger's writes travelled on
 * the catalog stream the new leader had none of them: delivered 0, no receipt, no evidence.
 */
import { Wallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/app/config.js';
import { startService, type Service } from '../../src/app/service.js';
import { grantsOfAck, signedRequest, TradingClient, wire } from '../../src/client/index.js';
import { CommandKind, Role, SYSTEM_ACTOR, type Command } from '../../src/engine/index.js';
import { deliveryStatementText, type DeliveryStatement } from '../../src/grants/delivery-statement.js';
import { signGateRequest } from '../../src/grants/gate-request.js';
import { createLogger } from '../../src/runtime/log.js';
import { openAutoIntentSeries, providerSellsToBroker } from '../support/broker-rights.js';
import { takeoverNodes } from '../support/takeover-nodes.js';

const OPERATOR_TOKEN = 'grant-receipts-takeover-operator-token-0123';
const logger = createLogger(process.env['PATX_TEST_LOG'] === undefined ? 'silent' : 'info');

const nodes = takeoverNodes('grant-receipts', OPERATOR_TOKEN);

function nodeConfig(node: string, quoterTickMs: number): Config {
  return nodes.config(node, {
    quoting: { tickMs: quoterTickMs, brokerFloatPat: 10_000 },
  });
}

const base = (s: Service): string => `http://127.0.0.1:${s.gateway.port}`;

describe("a grant's receipts across a takeover", () => {
  it('a receipt the leader accepted is on the next leader: the grant view, its receipts, and the same receipt refused as replayed', async () => {
    const a = await startService(nodeConfig('a', 50), logger);
    nodes.started(a);
    expect(a.replication?.status().role).toBe('leader');
    const bStarting = startService(nodeConfig('b', 60_000), logger);
    void bStarting.catch(() => undefined);

    const provider = Wallet.createRandom();
    const consumer = Wallet.createRandom();
    await (await TradingClient.connect(`ws://127.0.0.1:${a.gateway.port}/v1/trade`, { wallet: provider, role: wire.Role.PROVIDER })).close();
    const trader = await TradingClient.connect(`ws://127.0.0.1:${a.gateway.port}/v1/trade`, { wallet: consumer });
    const operator = a.engine.accounts.find((x) => x?.role === Role.OPERATOR)!.id;
    const setup: Command[] = [
      { kind: CommandKind.SET_PARAM, actor: operator, name: 'risk.mintRequiresListing', value: 0 },
      { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: trader.accountId, amountWei: 10n ** 21n, ref: 'grant-receipts-takeover' },
    ];
    for (const c of setup) await a.sequencer.submit(c);
    const seriesId = openAutoIntentSeries(a).id;
    await providerSellsToBroker(a, provider.address, seriesId, { mint: 20, sell: 10 });
    const ask = a.engine.seriesById(seriesId)!.brokerSells.bestAskMicros();
    const bought = await trader.newOrder({ seriesId, clientOrderId: 1, side: wire.Side.BUY, timeInForce: wire.TimeInForce.IOC, priceMicros: ask, qty: 3 });
    expect((bought.reports ?? []).some((r) => r.execType === wire.ExecType.EXEC_TRADE)).toBe(true);
    const [signed] = grantsOfAck(await trader.exercise(seriesId, 3));
    await trader.close();
    const grantId = signed!.grant.grantId;
    await a.grants()!.get(grantId);

    // The consumer receipts a download of 2 of its 3 rights: the provider's signed statement.
    const statement: DeliveryStatement = { grantId, use: 2, nonce: 'download-1', records: 50, sha256: 'ab'.repeat(32) };
    const receipt = { ...statement, deliverySignature: await provider.signMessage(deliveryStatementText(a.grants()!.signer.domain, signed!.grant, statement)) };
    const accepted = await signedRequest(base(a), consumer, 'POST', `/v1/grants/${grantId}/receipts`, receipt);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    // The provider's gate reports serving the third right (the consumer's signed request, its own signed statement): evidence, and a dispute time.
    const domain = a.grants()!.signer.domain;
    const request = await signGateRequest(consumer, signed!, 1, { domain, endpoint: 'http://127.0.0.1:9/records', nonce: 'download-2' });
    const served: DeliveryStatement = { grantId, use: 1, nonce: 'download-2', records: 25, sha256: 'cd'.repeat(32) };
    const report = { grantId, rights: 1, outcome: 'delivered', request, delivery: served, deliverySignature: await provider.signMessage(deliveryStatementText(domain, signed!.grant, served)) };
    const reported = await signedRequest(base(a), provider, 'POST', '/v1/deliveries', report);
    expect(reported.status, JSON.stringify(reported.body)).toBe(200);
    const viewOn = async (s: Service) => (await signedRequest(base(s), consumer, 'GET', `/v1/grants/mine/${grantId}`)).body;
    const receiptsOn = async (s: Service) => (await signedRequest(base(s), consumer, 'GET', `/v1/grants/mine/${grantId}/receipts`)).body;
    const before = { view: await viewOn(a), receipts: await receiptsOn(a) };
    expect(before.view).toMatchObject({ delivered: 2, receipts: 1, reportedByProvider: 1 });
    const evidenceBefore = a.grants()!.evidenceOf(grantId);
    expect(evidenceBefore).toHaveLength(1);

    // a stops; b takes over.
    a.quoting!.stop();
    nodes.stopped(a);
    await a.stop();
    const b = await bStarting;
    nodes.started(b);
    expect(b.replication?.status().role).toBe('leader');

    expect({ view: await viewOn(b), receipts: await receiptsOn(b) }).toEqual(before);
    expect(b.grants()!.evidenceOf(grantId)).toEqual(evidenceBefore);
    // The escrow behind the receipted rights is released on the new leader too (confirmed by a journaled command).
    expect(b.engine.escrow.grants.get(grantId)).toMatchObject({ undeliveredQty: 1 });
    const again = await signedRequest(base(b), consumer, 'POST', `/v1/grants/${grantId}/receipts`, receipt);
    expect([again.status, again.body.error]).toEqual([409, 'RECEIPT_REPLAYED']);
  }, 180_000);
});
