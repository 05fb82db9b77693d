/**
 * A takeover replays nothing (issue 59, point 3): two replicated services in this process on
 * a real three-node nats-server cluster. The leader journals some thousand commands (providers'
 * asks, consumers' buys that trade against them, the quoter's mass quotes, operator parameter
 * changes); the standby, which never led, follows it. When the leader stops, the standby leads
 * with every read model derived from the journal (the audit trail, the purchase ledger, the
 * trade history, the published indexes, the grant ledger, the quoter's estimates) at its
 * engine's seq, having replayed nothing; what they say equals what the old leader's said.
 */
import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/app/config.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService, type Service } from '../../src/app/service.js';
import { CatalogStore } from '../../src/catalog/index.js';
import { CommandKind, EventType, rejectReasonName, OrderType, Role, SelfTradePrevention, SeriesKind, SeriesStatus, Side, SYSTEM_ACTOR, TimeInForce, type Command } from '../../src/engine/index.js';
import { catchUpFromJournal } from '../../src/quoting/index.js';
import { takeoverNodes } from '../support/takeover-nodes.js';

const ORDERS = 5_000; // a provider's sale and a consumer's purchase each (most trade with the broker): 10,000 commands and more
const CONSUMERS = 10;
const PROVIDERS = 10;
const OPERATOR_TOKEN = 'read-models-takeover-operator-token-0123456789';
const logger = createLogger(process.env['PATX_TEST_LOG'] === undefined ? 'silent' : 'info');

const nodes = takeoverNodes('readmodels', OPERATOR_TOKEN);

function nodeConfig(node: string, quoterTickMs: number): Config {
  return nodes.config(node, {
    sequencer: { maxBatchCommands: 64, maxQueuedCommands: 20_000, maxUncommittedCommands: 1024, snapshotEveryCommands: 0, snapshotEveryMs: 0 },
    quoting: { tickMs: quoterTickMs },
    // The account statement is kept only where the operator asks (off by default: its engine's cost).
    statement: { enabled: true },
  });
}

/** Submits in slices; returns how many were refused, by reason. */
async function submitAll(s: Service, cmds: readonly Command[]): Promise<Record<string, number>> {
  const refused: Record<string, number> = {};
  for (let i = 0; i < cmds.length; i += 256) {
    for (const r of await Promise.all(cmds.slice(i, i + 256).map((c) => s.sequencer.submit(c)))) {
      for (const e of r.events) if (e.type === EventType.FILL) refused['FILLS'] = (refused['FILLS'] ?? 0) + 1;
      for (const e of r.events) if (e.type === EventType.COMMAND_REJECTED || e.type === EventType.ORDER_REJECTED) refused[rejectReasonName(e.reason)] = (refused[rejectReasonName(e.reason)] ?? 0) + 1;
    }
  }
  return refused;
}

function order(actor: number, seriesId: number, side: Side, priceMicros: number, tif: TimeInForce, clientOrderId: number): Command {
  return { kind: CommandKind.NEW_ORDER, actor, seriesId, clientOrderId, side, orderType: OrderType.LIMIT, tif, priceMicros, qty: 1, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST };
}

async function get(s: Service, route: string): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${s.gateway.port}${route}`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
  return { status: res.status, body: (await res.json()) as unknown };
}

/** What the read models say, up to `throughSeq`, as the service answers it. */
async function views(s: Service, seriesIds: readonly number[], throughSeq: number): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const id of seriesIds) {
    const trades = (await get(s, `/v1/trades?seriesId=${id}&limit=1000`)) as { status: number; body: { trades?: Array<{ seq: number }> } };
    out[`trades ${id}`] = { status: trades.status, trades: trades.body.trades?.filter((t) => t.seq <= throughSeq) };
    out[`settlement ${id}`] = await get(s, `/v1/series/${id}/settlement`);
  }
  out['audit'] = s.operatorApi.audit(1, 100_000).filter((e) => e.seq <= throughSeq);
  // The broker's and the fee account's statements (each row a turn: a standby's applied records are the leader's turns).
  for (const account of [String(s.engine.brokerId), 'fee']) {
    const statement = (await get(s, `/v1/statement?account=${account}&limit=1000`)) as { status: number; body: { entries?: Array<{ seq: number }> } };
    out[`statement ${account}`] = { status: statement.status, entries: statement.body.entries?.filter((e) => e.seq <= throughSeq) };
  }
  return out;
}

describe('a takeover with the read models current', () => {
  it('a standby that never led feeds every read model while it follows: at takeover each is at the engine seq, none replays, and they equal the old leader\'s', async () => {
    const configA = nodeConfig('a', 50);
    const a = await startService(configA, logger);
    nodes.started(a);
    expect(a.replication?.status().role).toBe('leader');
    // b waits as the standby until a stops; its quoter does not quote during the test, so its estimates stay as taken over.
    const configB = nodeConfig('b', 60_000);
    const bStarting = startService(configB, logger);
    void bStarting.catch(() => undefined);

    // The workload: consumers and providers funded, the providers' supply, and orders that trade.
    const spot = a.engine.series.find((x) => x !== undefined && x.spec.kind === SeriesKind.SPOT && x.status === SeriesStatus.TRADING)!;
    const seriesId = spot.id;
    // The broker is on every trade (phase 1): providers sell into its bids, consumers buy from its asks,
    // each with an IOC priced through the quotes (within the band, widened below), once it quotes.
    const bestBid = (): number | undefined => spot.quoteBidIds.map((id) => a.engine.orders.get(id)?.priceMicros ?? 0).reduce((x, y) => Math.max(x, y), 0) || undefined;
    for (let i = 0; i < 200 && bestBid() === undefined; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    const onTick = (micros: number): number => Math.min(spot.spec.maxPriceMicros, Math.max(spot.spec.minPriceMicros, Math.round(micros / spot.spec.tickMicros) * spot.spec.tickMicros));
    const sellMicros = onTick(bestBid()! * 0.7);
    const buyMicros = onTick(bestBid()! * 1.6);
    const operator = a.engine.accounts.find((x) => x?.role === Role.OPERATOR)!.id;
    const param = (name: string, value: number): Command => ({ kind: CommandKind.SET_PARAM, actor: operator, name, value });
    // No catalog listing needed to mint, and the orders neither throttled nor out of band: every pair trades.
    const setup: Command[] = [param('risk.mintRequiresListing', 0), param('risk.throttleMessages', 1_000_000), param('risk.priceBandBps', 10_000)];
    const firstId = a.engine.accounts.length;
    for (let i = 0; i < CONSUMERS; i++) setup.push({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: '' });
    for (let i = 0; i < PROVIDERS; i++) setup.push({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '' });
    expect(await submitAll(a, setup)).toEqual({});
    const consumers = Array.from({ length: CONSUMERS }, (_, i) => firstId + i);
    const providers = Array.from({ length: PROVIDERS }, (_, i) => firstId + CONSUMERS + i);
    const funding: Command[] = [];
    for (const id of [...consumers, ...providers]) funding.push({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: id, amountWei: 10n ** 24n, ref: `read-models:${id}` });
    for (const id of providers) funding.push({ kind: CommandKind.DECLARE_CAPACITY, actor: id, seriesId, capacity: 1_000_000 }, { kind: CommandKind.MINT, actor: id, seriesId, qty: 100_000 });
    expect(await submitAll(a, funding)).toEqual({});
    const trading: Command[] = [];
    for (let i = 0; i < ORDERS; i++) {
      trading.push(order(providers[i % PROVIDERS]!, seriesId, Side.SELL, sellMicros, TimeInForce.IOC, i + 1));
      trading.push(order(consumers[i % CONSUMERS]!, seriesId, Side.BUY, buyMicros, TimeInForce.IOC, i + 1));
      // An operator's change now and then: the audit trail's.
      if (i % 500 === 0) trading.push(param('risk.mmpQty', 1_000 + i));
    }
    const outcome = await submitAll(a, trading);
    expect(Object.keys(outcome).filter((k) => k !== 'FILLS'), JSON.stringify(outcome)).toEqual([]);
    const traded = (await get(a, `/v1/trades?seriesId=${seriesId}&limit=1000`)) as { body: { trades: unknown[] } };
    expect(traded.body.trades?.length, JSON.stringify(traded).slice(0, 300)).toBeGreaterThan(200);
    expect(a.quoting!.stats.quotesSent).toBeGreaterThan(0);

    // Quiet: the quoter stops, so what a says is final; then b has applied all of it.
    a.quoting!.stop();
    const seriesIds = a.engine.series.filter((x) => x !== undefined).map((x) => x.id);
    let throughSeq = 0;
    let before: Record<string, unknown> = {};
    let estimates: unknown;
    for (;;) {
      throughSeq = a.engine.lastSeq;
      before = await views(a, seriesIds, throughSeq);
      // A stopped quoter ignores turns released after its stop (the schedule's, or one still being made
      // durable when it stopped): its estimates, caught up from a's journal as a restart would, are what a knew.
      catchUpFromJournal(a.quoting!.estimates, a.journal, a.engine.limits);
      estimates = a.quoting!.estimates.toData();
      if (a.engine.lastSeq === throughSeq && a.quoting!.estimates.lastSeq === throughSeq) break; // else something was journaled meanwhile: read again
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(throughSeq).toBeGreaterThan(5_000);

    // a stops (a clean stop hands the lease over at once); b takes over.
    nodes.stopped(a);
    await a.stop();
    const b = await bStarting;
    nodes.started(b);
    const takenOverAtSeq = b.engine.lastSeq;
    const takenOver = b.quoting!.estimates.toData();
    expect(b.replication?.status().role).toBe('leader');
    expect(takenOverAtSeq).toBeGreaterThanOrEqual(throughSeq);

    // Nothing replayed: the quoter's catch-up and every model's (b opened them on an empty journal, then fed them).
    expect(b.quoting!.stats.replayedCommands).toBe(0);
    // The statement is not among them: its thread follows the node's journal itself (statement-thread.ts), a standby's too.
    expect(Object.fromEntries(b.readModels.replayed)).toEqual({ audit: 0, purchases: 0, publishedIndexes: 0, trades: 0, accountFills: 0, orders: 0, marketHistory: 0, dashboards: 0, quoterEstimates: 0, grants: 0, subscriptions: 0 });
    for (const [name, seq] of Object.entries(b.readModels.seqs())) expect({ name, seq }).toEqual({ name, seq: b.engine.lastSeq });
    const metrics = await (await fetch(`http://127.0.0.1:${b.gateway.port}/metrics`)).text();
    expect(metrics).toContain('patx_read_model_replayed_commands{model="quoterEstimates"} 0');

    // What b says equals what a said, up to the seq a ended at.
    expect(await views(b, seriesIds, throughSeq)).toEqual(before);
    expect((before[`statement ${a.engine.brokerId}`] as { entries: unknown[] }).entries.length).toBeGreaterThan(10);
    // b's quoter may have journaled its first quote since it led (its estimates then a turn further): compared when not.
    expect(takenOver.lastSeq).toBeGreaterThanOrEqual(throughSeq);
    if (takenOver.lastSeq === throughSeq) expect(takenOver).toEqual(estimates);

    // The purchase ledgers, on disk once both stopped: the same purchases, with their listings.
    nodes.stopped(b);
    await b.stop();
    const purchasesOf = async (dataDir: string): Promise<unknown[]> => {
      const store = CatalogStore.open(dataDir);
      try {
        const all: unknown[] = [];
        for (const id of consumers) all.push(...store.purchasesOf(id, 0, 100_000).purchases.filter((p) => p.seq <= throughSeq));
        return all;
      } finally {
        await store.close();
      }
    };
    const [purchasesA, purchasesB] = [await purchasesOf(configA.dataDir), await purchasesOf(configB.dataDir)];
    expect(purchasesA.length).toBeGreaterThan(100);
    expect(purchasesB).toEqual(purchasesA);
    console.log(`read models at takeover: journal through seq ${throughSeq} (b at ${takenOverAtSeq}), ${(before[`trades ${seriesId}`] as { trades: unknown[] }).trades.length} trades listed, ${purchasesA.length} purchases, ${(before['audit'] as unknown[]).length} audit entries, ${a.quoting!.stats.quotesSent} mass quotes; replayed at takeover: ${JSON.stringify(Object.fromEntries(b.readModels.replayed))}, quoter ${b.quoting!.stats.replayedCommands}`);
  }, 300_000);
});
