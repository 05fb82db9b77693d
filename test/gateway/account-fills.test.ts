/**
 * GET /v1/fills and GET /v1/settlements on a real service (real LMDB journal and stores, uWS on
 * loopback, wallet-signed requests): each account reads its own side of every fill, buys and sales,
 * with the fee it paid and whether it made or took; pages by trade id, narrows to a series, refuses
 * bad queries by name, answers nobody else's fills, keeps no broker side, and says the same after a
 * restart and after its store is deleted (derived from the journal: src/gateway/account-fills.ts).
 * The settlements' loaded case is test/app/settlement-views-loaded.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { open } from 'lmdb';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { startService, type Service } from '../../src/app/service.js';
import { listFills, listSettlements, listTransfers, PatxHttpError, type AccountFill, type ExchangeHttp } from '../../src/client/index.js';
import { signedCall } from '../../src/client/http.js';
import { CommandKind, EventType, OrderType, Role, SelfTradePrevention, SeriesKind, SeriesStatus, Side, SYSTEM_ACTOR, TimeInForce, type Command, type EngineEvent, type Series } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { removeDir } from '../support/exchange-fixture.js';

const logger = createLogger('silent');
const OPERATOR = 2;

describe('GET /v1/fills and /v1/settlements', () => {
  let service: Service | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await service?.stop();
    service = undefined;
    if (dir !== undefined) removeDir(dir);
  });

  const start = async (): Promise<Service> => {
    const config = loadConfig({}, { dataDir: dir!, gateway: { port: 0, marketDataPort: 0 }, scheduleIntervalMs: 60_000, quoting: { enabled: false }, settlement: { enabled: false }, demo: { enabled: false } });
    service = await startService(config, logger);
    return service;
  };
  const send = async (cmd: Command): Promise<EngineEvent[]> => (await service!.sequencer.submit(cmd)).events;
  const openAccount = async (role: Role, wallet: Wallet): Promise<number> =>
    (await send({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role, address: wallet.address.toLowerCase() })).find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
  const order = (actor: number, seriesId: number, side: Side, priceMicros: number, qty: number, tif: TimeInForce, clientOrderId = 0): Command =>
    ({ kind: CommandKind.NEW_ORDER, actor, seriesId, clientOrderId, side, orderType: OrderType.LIMIT, tif, priceMicros, qty, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST });
  const as = (wallet: Wallet): ExchangeHttp => ({ url: `http://127.0.0.1:${service!.gateway.port}`, wallet });

  it("each account reads its own side of its fills, paged and by series, with its fee and liquidity; the same after a restart and from the journal alone", async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-fills-'));
    const s = await start();
    const spots = s.engine.series.filter((x): x is Series => x !== undefined && x.spec.kind === SeriesKind.SPOT && x.status === SeriesStatus.TRADING);
    const [spot, other] = spots as [Series, Series];
    expect(other).toBeDefined();
    const [providerWallet, consumerWallet, strangerWallet] = [0, 1, 2].map(() => new Wallet(Wallet.createRandom().privateKey)) as [Wallet, Wallet, Wallet];
    const provider = await openAccount(Role.PROVIDER, providerWallet);
    const consumer = await openAccount(Role.CONSUMER, consumerWallet);
    await openAccount(Role.CONSUMER, strangerWallet);
    for (const series of [spot, other]) {
      await send({ kind: CommandKind.SET_PROVIDER_LISTING, actor: SYSTEM_ACTOR, accountId: provider, segment: series.segment, listingId: 1, listingVersion: 1 });
      await send({ kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId: series.id, capacity: 100 });
      await send({ kind: CommandKind.MINT, actor: provider, seriesId: series.id, qty: 100 });
    }
    await send({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: consumer, amountWei: 10n ** 20n, ref: 'fills-test:consumer' });
    await send({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: s.engine.brokerId, amountWei: 10n ** 22n, ref: 'fills-test:broker' });
    expect((await send({ kind: CommandKind.SET_PARAM, actor: OPERATOR, name: 'fee.takerBps:SPOT', value: 20 })).some((e) => e.type === EventType.PARAM_CHANGED)).toBe(true);

    // The broker stands between: the provider's offers rest and the broker buys them; the broker's asks rest and the
    // consumer takes them (three fills in `spot`, one in `other`, each with its own client order id).
    const fills: EngineEvent[] = [];
    const bought: EngineEvent[] = [];
    for (const [series, priceMicros, qty] of [[spot, 500_000, 2], [spot, 510_000, 1], [other, 520_000, 3], [spot, 505_000, 4]] as const) {
      await send(order(provider, series.id, Side.SELL, priceMicros - 10_000, qty, TimeInForce.GTC, priceMicros));
      bought.push(...(await send(order(s.engine.brokerId, series.id, Side.BUY, priceMicros - 10_000, qty, TimeInForce.IOC))).filter((e) => e.type === EventType.FILL));
      await send(order(s.engine.brokerId, series.id, Side.SELL, priceMicros, qty, TimeInForce.GTC));
      fills.push(...(await send(order(consumer, series.id, Side.BUY, priceMicros, qty, TimeInForce.IOC, priceMicros))).filter((e) => e.type === EventType.FILL));
    }
    expect(fills).toHaveLength(4);
    expect(bought).toHaveLength(4);

    const expected = (
      [...fills].reverse().map((f) => {
        if (f.type !== EventType.FILL) throw new Error('a fill');
        return { tradeId: f.tradeId, seriesId: f.seriesId, side: 'BUY', priceMicros: f.priceMicros, qty: f.qty, notionalMicros: f.priceMicros * f.qty, feeMicros: f.takerFeeMicros, liquidity: 'TAKER', orderId: f.takerOrderId, clientOrderId: f.priceMicros, leavesQty: 0 };
      })
    );
    expect(expected.map((f) => f.feeMicros)).toEqual([4_040, 3_120, 1_020, 2_000]); // 20 bps rounded up, on price × qty
    const read = async (): Promise<{ consumer: AccountFill[]; provider: AccountFill[] }> => ({ consumer: (await listFills(as(consumerWallet))).fills, provider: (await listFills(as(providerWallet))).fills });
    const first = await read();
    expect(first.consumer).toMatchObject(expected);
    expect(first.consumer[0]).toMatchObject({ contract: spot.spec.contract, kind: 'SPOT' });
    // The provider's side: its resting sales to the broker, maker, no fee under this schedule (the broker's side is not kept).
    expect(first.provider.map((f) => [f.tradeId, f.side, f.liquidity, f.feeMicros, f.clientOrderId, f.priceMicros])).toEqual(
      [...bought].reverse().map((f) => [f.type === EventType.FILL ? f.tradeId : 0, 'SELL', 'MAKER', 0, f.type === EventType.FILL ? f.priceMicros + 10_000 : 0, f.type === EventType.FILL ? f.priceMicros : 0]),
    );
    expect((await listFills(as(strangerWallet))).fills).toEqual([]);

    // Paged by trade id, narrowed to a series.
    const page1 = await listFills(as(consumerWallet), { limit: 2 });
    expect(page1.fills.map((f) => f.tradeId)).toEqual(expected.slice(0, 2).map((f) => f.tradeId));
    expect(page1.next).toBe(expected[1]!.tradeId);
    const page2 = await listFills(as(consumerWallet), { limit: 2, before: page1.next! });
    expect(page2.fills.map((f) => f.tradeId)).toEqual(expected.slice(2).map((f) => f.tradeId));
    const inSpot = await listFills(as(consumerWallet), { seriesId: spot.id });
    expect(inSpot.fills.map((f) => f.seriesId)).toEqual([spot.id, spot.id, spot.id]);
    expect(inSpot.next).toBeNull();
    expect((await listSettlements(as(consumerWallet))).settlements).toEqual([]);
    // Its deposits and withdrawals (GET /v1/transfers): the credit as the engine took it, a withdrawal pending until a batch pays it.
    const asked = (await send({ kind: CommandKind.REQUEST_WITHDRAWAL, actor: consumer, amountWei: 10n ** 18n })).find((e) => e.type === EventType.WITHDRAWAL_REQUESTED)!;
    const transfers = await listTransfers(as(consumerWallet));
    expect(transfers.transfers.map((t) => [t.kind, t.amountWei, t.ref ?? t.state])).toEqual([['withdrawal', (10n ** 18n).toString(), 'pending'], ['deposit', (10n ** 20n).toString(), 'fills-test:consumer']]);
    expect(transfers.transfers[0]).toMatchObject({ withdrawalId: (asked as { withdrawalId: number }).withdrawalId });
    expect((await listTransfers(as(strangerWallet))).transfers).toEqual([]);

    // Bad queries, by name; a series never listed.
    for (const [query, status, code] of [['?limit=0', 400, 'INVALID_FIELD'], ['?limit=1001', 400, 'INVALID_FIELD'], ['?before=x', 400, 'INVALID_FIELD'], ['?seriesId=99999', 404, 'UNKNOWN_SERIES']] as const) {
      const refused = await signedCall(as(consumerWallet), 'GET', `/v1/fills${query}`).then(() => undefined, (error: unknown) => error);
      expect(refused, query).toBeInstanceOf(PatxHttpError);
      expect([(refused as PatxHttpError).status, (refused as PatxHttpError).code], query).toEqual([status, code]);
    }
    const unsigned = await fetch(`http://127.0.0.1:${s.gateway.port}/v1/fills`);
    expect(unsigned.status).toBe(401);
    // A wallet with no account is told so (and none is opened).
    const nobody = new Wallet(Wallet.createRandom().privateKey);
    const none = await listFills(as(nobody)).then(() => undefined, (error: unknown) => error);
    expect((none as PatxHttpError).code).toBe('UNKNOWN_ACCOUNT');
    expect(s.engine.accountIdByAddress.get(nobody.address.toLowerCase())).toBeUndefined();

    // After a restart, and with the store deleted (built again from the journal).
    await s.stop();
    service = undefined;
    // No broker side kept.
    const env = open({ path: path.join(dir, 'fills'), maxDbs: 3 });
    const stored = env.openDB<Buffer, [number, number]>({ name: 'fills', encoding: 'binary' });
    const accounts = new Set([...stored.getKeys()].map((k) => k[0]));
    await env.close();
    expect([...accounts].sort((a, b) => a - b)).toEqual([provider, consumer]);
    await start();
    expect(await read()).toEqual(first);
    await service!.stop();
    service = undefined;
    rmSync(path.join(dir, 'fills'), { recursive: true, force: true });
    await start();
    expect(await read()).toEqual(first);
    expect((await listTransfers(as(consumerWallet))).transfers).toEqual(transfers.transfers);
  });
});
