/**
 * Cancel-on-disconnect across a failover, from outside: two PATX nodes (`npm start`, each its own data
 * dir) replicate through a three-node nats-server cluster. A provider's session with
 * cancel-on-disconnect rests an ask on the leader, which is then killed with SIGKILL: the standby,
 * which applied the session's journaled arming from the stream, cancels the order as it takes over,
 * before its gateway takes orders, and the provider logging in to it finds nothing open.
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { rejectName, TradingClient, wire } from '../../src/client/index.js';
import { HARDHAT_KEYS } from '../../src/settlement/hardhat-keys.js';
import { follows, leads, OPERATOR_TOKEN, ReplicatedGroup, type ExchangeNode } from '../support/replicated-nodes.js';

let group: ReplicatedGroup;

beforeAll(async () => {
  group = await ReplicatedGroup.create(['a', 'b']);
}, 60_000);

afterAll(async () => {
  await group?.close();
});

describe('cancel-on-disconnect across a failover', () => {
  it('the leader killed with SIGKILL: the new leader cancels the session’s resting order before it takes orders', async () => {
    onTestFailed(() => console.error(group.outputs()));
    const [a, b] = group.nodes as [ExchangeNode, ExchangeNode];
    await group.start(a);
    await group.until(() => leads(a), 'a to lead');
    await group.start(b);
    await group.until(() => follows(b), 'b to follow');

    const wallet = new Wallet(HARDHAT_KEYS[3]!);
    const set = await fetch(`http://127.0.0.1:${a.port}/operator/params/risk.mintRequiresListing`, { method: 'PUT', headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ value: 0 }) });
    expect(set.status).toBe(200);
    const client = await TradingClient.connect(`ws://127.0.0.1:${a.port}/v1/trade`, { wallet, role: wire.Role.PROVIDER, cancelOnDisconnect: true });
    const series = (await client.series()).filter((s) => s.kind === wire.SeriesKind.SPOT && s.status === wire.SeriesStatus.TRADING).sort((x, y) => Number(y.closeAtMs) - Number(x.closeAtMs))[0]!;
    const seriesId = Number(series.seriesId);
    expect(rejectName(await client.declareCapacity(seriesId, 100))).toBe('NONE');
    expect(rejectName(await client.mint(seriesId, 10))).toBe('NONE');
    expect(rejectName(await client.newOrder({ seriesId, clientOrderId: 1, side: wire.Side.SELL, timeInForce: wire.TimeInForce.GTC, priceMicros: Number(series.maxPriceMicros), qty: 4 }))).toBe('NONE');

    a.child!.kill('SIGKILL');
    client.socket.terminate();
    await group.until(() => leads(b), 'b to take over');

    const again = await TradingClient.connect(`ws://127.0.0.1:${b.port}/v1/trade`, { wallet, role: wire.Role.PROVIDER, existingOnly: true });
    expect(await again.openOrders(seriesId)).toEqual([]);
    const position = (await again.account()).positions!.find((p) => Number(p.seriesId) === seriesId)!;
    expect([Number(position.available ?? 0), Number(position.held ?? 0)]).toEqual([10, 0]);
    await again.close();
    expect(b.output).toContain('cancel-on-disconnect sessions lost with the last run ended');
    await group.stopNodes();
  }, 300_000);
});
