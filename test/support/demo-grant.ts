/**
 * A grant of the demo provider's listing on a started service, and what its consumer and provider tell the grant
 * ledger of its delivery: the demo listings published (so the grant names a listing, whose delivery counts move),
 * the provider selling to the broker, a consumer buying at the broker's ask and exercising; a receipt (the provider's
 * signed delivery statement) and a provider's report with its evidence (the consumer's signed gate request and the
 * provider's statement). Real signatures, through the service's own routes.
 */
import { Wallet, type HDNodeWallet } from 'ethers';
import { expect } from 'vitest';
import type { Service } from '../../src/app/service.js';
import { signedRequest, TradingClient, type SignedGrant } from '../../src/client/index.js';
import { DEMO_PROVIDER_KEY, publishDemoListings } from '../../src/demo/index.js';
import { CommandKind, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { deliveryStatementText, type DeliveryStatement } from '../../src/grants/delivery-statement.js';
import { signGateRequest } from '../../src/grants/gate-request.js';
import type { Logger } from '../../src/runtime/log.js';
import { grantAtAsk, openAutoIntentSeries, providerSellsToBroker } from './broker-rights.js';

export interface DemoGrant {
  signed: SignedGrant;
  grantId: number;
  /** The demo provider's listing the grant names (never 0). */
  listingId: number;
  provider: Wallet;
  consumer: HDNodeWallet;
}

const base = (s: Service): string => `http://127.0.0.1:${s.gateway.port}`;

/** A grant of `qty` rights of the demo provider's AUTO_INTENT listing to `consumer`, once the ledger holds it. */
export async function demoGrant(s: Service, consumer: HDNodeWallet, qty: number, log: Logger): Promise<DemoGrant> {
  await publishDemoListings(s.catalog, s.engine, s.sequencer, Date.now, log);
  const provider = new Wallet(DEMO_PROVIDER_KEY);
  const trader = await TradingClient.connect(`ws://127.0.0.1:${s.gateway.port}/v1/trade`, { wallet: consumer });
  try {
    await s.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: trader.accountId, amountWei: 10n ** 21n, ref: `demo-grant:${consumer.address}` });
    const seriesId = openAutoIntentSeries(s).id;
    await providerSellsToBroker(s, provider.address, seriesId, { mint: 20, sell: 10 });
    const signed = await grantAtAsk(s, trader, seriesId, qty);
    expect(signed.grant.listingId).toBeGreaterThan(0);
    return { signed, grantId: signed.grant.grantId, listingId: signed.grant.listingId, provider, consumer };
  } finally {
    await trader.close();
  }
}

/** The consumer's receipt of a download of `use` rights (request `nonce`), signed as the provider signs what it served. */
export async function receiptOf(s: Service, g: DemoGrant, use: number, nonce: string): Promise<DeliveryStatement & { deliverySignature: string }> {
  const statement: DeliveryStatement = { grantId: g.grantId, use, nonce, records: 50, sha256: 'ab'.repeat(32) };
  return { ...statement, deliverySignature: await g.provider.signMessage(deliveryStatementText(s.grants()!.signer.domain, g.signed.grant, statement)) };
}

/** POSTs the consumer's receipt; its status and body. */
export function sendReceipt(s: Service, g: DemoGrant, receipt: DeliveryStatement & { deliverySignature: string }): Promise<{ status: number; body: Record<string, unknown> }> {
  return signedRequest<Record<string, unknown>>(base(s), g.consumer, 'POST', `/v1/grants/${g.grantId}/receipts`, receipt);
}

/** The provider's gate reports serving `use` rights on the consumer's signed request `nonce`, with its signed statement: evidence. */
export async function reportServed(s: Service, g: DemoGrant, use: number, nonce: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const domain = s.grants()!.signer.domain;
  const request = await signGateRequest(g.consumer, g.signed, use, { domain, endpoint: 'http://127.0.0.1:9/records', nonce });
  const served: DeliveryStatement = { grantId: g.grantId, use, nonce, records: 25, sha256: 'cd'.repeat(32) };
  const report = { grantId: g.grantId, rights: use, outcome: 'delivered', request, delivery: served, deliverySignature: await g.provider.signMessage(deliveryStatementText(domain, g.signed.grant, served)) };
  return signedRequest<Record<string, unknown>>(base(s), g.provider, 'POST', '/v1/deliveries', report);
}

/** The grant as its consumer sees it (GET /v1/grants/mine/{id}). */
export async function grantSeenBy(s: Service, g: DemoGrant): Promise<Record<string, unknown>> {
  return (await signedRequest<Record<string, unknown>>(base(s), g.consumer, 'GET', `/v1/grants/mine/${g.grantId}`)).body;
}

/** Its receipts as its consumer sees them (GET /v1/grants/mine/{id}/receipts). */
export async function receiptsSeenBy(s: Service, g: DemoGrant): Promise<unknown> {
  return (await signedRequest(base(s), g.consumer, 'GET', `/v1/grants/mine/${g.grantId}/receipts`)).body;
}
