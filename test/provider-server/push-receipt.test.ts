/**
 * Pushed records are receipted as downloads are (docs/delivery.md, "Push delivery"): with the
 * running service and the demo provider's server (`npm start`'s wiring: its listings' cadence,
 * webhooks to the test receiver by its exact address:port), a consumer buys 3 rights, pulls one, streams one
 * and has one pushed to its webhook; the exchange takes the receipt of each pushed batch's
 * signed statement (nonce push-<seq>), and the grant counts 3 delivered. Real service (LMDB,
 * uWS, the grant ledger), real HTTP on 127.0.0.1, real signatures; settlement off.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadWithGrant, grantsOfAck, registerPush, signedRequest, signPushAuthorisation, streamRecords, TradingClient, wire, type PushPayload, type SignedGrant, type StreamEvent } from '../../src/client/index.js';
import { loadConfig, type Config } from '../../src/app/config.js';
import { DEMO_PROVIDER_KEY, publishDemoListings } from '../../src/demo/index.js';
import { CommandKind, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { freePort } from '../../src/runtime/free-port.js';
import { createLogger } from '../../src/runtime/log.js';
import { startDemoProviderServer } from '../../src/demo/provider-servers.js';
import type { ProviderServer } from '../../src/provider-server/server.js';
import { startService, type Service } from '../../src/app/service.js';
import { openAutoIntentSeries, providerSellsToBroker } from '../support/broker-rights.js';
import { removeDir } from '../support/exchange-fixture.js';

const logger = createLogger('silent');
let dir: string;
let service: Service;
let server: ProviderServer;
let trader: TradingClient;
let hook: Server;
const hookBodies: string[] = [];
const consumer = Wallet.createRandom();
const base = () => `http://127.0.0.1:${service.gateway.port}`;
let seriesId: number;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-push-receipt-'));
  const serverPort = await freePort();
  // The consumer's webhook first: the demo server reaches it by its exact address and port, nothing else inside.
  hook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hookBodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  const config: Config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 60_000, settlement: { enabled: false }, quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 60_000, params: {} } });
  service = await startService(config, logger);
  await publishDemoListings(service.catalog, service.engine, service.sequencer, Date.now, logger, `http://127.0.0.1:${serverPort}/records`);
  server = await startDemoProviderServer(service, { dataDir: dir, host: '127.0.0.1', port: serverPort, exchangeUrl: base(), log: logger, webhookAllow: [`127.0.0.1:${(hook.address() as AddressInfo).port}`] });
  const now = Date.now();
  seriesId = openAutoIntentSeries(service, now).id;
  await providerSellsToBroker(service, new Wallet(DEMO_PROVIDER_KEY).address, seriesId, { mint: 10, sell: 5 });
  trader = await TradingClient.connect(`ws://127.0.0.1:${service.gateway.port}/v1/trade`, { wallet: consumer });
  await service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: trader.accountId, amountWei: 10n ** 20n, ref: 'push-receipt-test' });
});

afterAll(async () => {
  await trader?.close().catch(() => undefined);
  await server?.close();
  await new Promise<void>((resolve) => hook?.close(() => resolve()));
  await service?.stop();
  removeDir(dir);
});

async function newGrant(qty: number): Promise<SignedGrant> {
  const ask = service.engine.seriesById(seriesId)!.brokerSells.bestAskMicros();
  await trader.newOrder({ seriesId, clientOrderId: 1, side: wire.Side.BUY, timeInForce: wire.TimeInForce.IOC, priceMicros: ask, qty });
  const grants = grantsOfAck(await trader.exercise(seriesId, qty));
  expect(grants).toHaveLength(1);
  await service.grants()!.get(grants[0]!.grant.grantId);
  return grants[0]!;
}

/** The consumer's receipt of a pushed batch, as of a download: the statement and the provider's signature. */
async function receipt(p: PushPayload): Promise<{ status: number; delivered: number | undefined }> {
  const d = p.delivery;
  const r = await signedRequest<{ grant?: { delivered: number } }>(base(), consumer, 'POST', `/v1/grants/${p.grantId}/receipts`, { use: d.use, nonce: d.nonce, records: d.records, sha256: d.sha256, deliverySignature: p.deliverySignature });
  return { status: r.status, delivered: r.body.grant?.delivered };
}

describe('pushed records', () => {
  it('are receipted by the exchange as downloads are: pull one, stream one, push one to a webhook; 3 delivered', async () => {
    const signed = await newGrant(3);
    const domain = service.grants()!.signer.domain;
    const pulled = await downloadWithGrant(base(), consumer, signed, 1, { checkConformance: false });
    expect(pulled).toMatchObject({ outcome: 'received', receipt: { state: 'accepted', delivered: 1 } });

    const events: StreamEvent[] = [];
    for await (const e of streamRecords(consumer, signed, { endpoint: server.endpoint, domain, rights: 1 })) events.push(e);
    expect(events.map((e) => e.type)).toEqual(['batch', 'end']);
    const streamed = (events[0] as { payload: PushPayload }).payload;
    expect(streamed).toMatchObject({ seq: 2, remaining: 1, delivery: { nonce: 'push-2', use: 1, records: 25 } });
    expect(events[1]).toMatchObject({ reason: 'complete', remaining: 1 });
    expect(await receipt(streamed)).toEqual({ status: 200, delivered: 2 });

    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/patx`;
    const authorisation = await signPushAuthorisation(consumer, { domain, url, untilMs: Date.now() + 3_600_000 });
    expect(await registerPush(server.endpoint, signed, authorisation, domain)).toMatchObject({ outcome: 'registered', created: true });
    while (hookBodies.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const pushed = JSON.parse(hookBodies[0]!) as PushPayload;
    expect(pushed).toMatchObject({ seq: 3, remaining: 0, delivery: { nonce: 'push-3' } });
    expect(await receipt(pushed)).toEqual({ status: 200, delivered: 3 });
    // The same batch again: receipted once.
    expect((await receipt(pushed)).status).toBe(409);
    while (server.pusher.registrations > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.gate.used(signed.grant.grantId)).toBe(3);
  });
});
