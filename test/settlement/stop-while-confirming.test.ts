/**
 * A stop while a batch waits for its confirmations (Ctrl-C of `npm start` at the wrong moment) is a stop, not a
 * settlement problem: no warning, no `settlement-waiting` alarm, no error kept; the outbox keeps the sent batch, and the
 * next start finishes it (test/settlement/restart.test.ts). Found from a fresh clone: `npm start`, a trade, Ctrl-C
 * logged "the settler is stopping" as a warning and raised the alarm. A real chain (anvil, interval mining) and a
 * real journaled exchange; confirmations set high so the batch is still waiting when the test stops the settler.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandKind, EventType, Side, TimeInForce } from '../../src/engine/index.js';
import { limitOrder, PAT_MICROS, PAT_WEI, until } from '../support/exchange-fixture.js';
import { BROKER, ok, openSettledExchange, type SettledExchange } from '../support/settled-exchange.js';

let h: SettledExchange;

beforeAll(async () => {
  h = await openSettledExchange({ consumer: 4, provider: 5, dirPrefix: 'patx-stop-confirming-' });
  await h.startSettlement();
  await h.depositOnChain(BROKER, 100n * PAT_WEI);
  await until(() => h.x.engine.accounts[h.cast.broker]!.availableMicros > 0, 'the deposit credited');
  await h.settlement.stop();
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

describe('the settler stopped while a batch waits for its confirmations', () => {
  it('says nothing is wrong: no settlement-waiting alarm, no error; the batch stays in the outbox, sent', async () => {
    const { x, cast } = h;
    const { provider, broker, seriesId } = cast;
    await ok(x.submit({ kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId, capacity: 10 }), EventType.CAPACITY_DECLARED);
    await ok(x.submit({ kind: CommandKind.MINT, actor: provider, seriesId, qty: 2 }), EventType.RIGHTS_MINTED);
    await ok(x.submit(limitOrder(provider, seriesId, Side.SELL, PAT_MICROS / 2, 2)), EventType.ORDER_ACCEPTED);
    await ok(x.submit(limitOrder(broker, seriesId, Side.BUY, PAT_MICROS / 2, 2, TimeInForce.IOC)), EventType.FILL);
    // 10,000 confirmations at a block each 50 ms: the batch waits far longer than the test.
    // A settlement store of its own: the first one's was closed with it.
    // Batches cut by the settler's own loop, as under npm start (its errors go to the loop's handler).
    const settlement = await h.startSettlement({ confirmations: 10_000, batchIntervalMs: 50 }, { dataDir: mkdtempSync(path.join(os.tmpdir(), 'patx-stop-confirming-node-')) });
    await until(() => settlement.store.lastOutbox()?.txHash !== undefined, 'the batch sent, waiting for its confirmations');
    const sent = settlement.store.lastOutbox();
    await settlement.stop();
    expect(settlement.settler.status).toBe('stopped');
    expect(settlement.settler.lastError).toBeUndefined();
    expect(h.alarms.get('settlement-waiting')?.active ?? false).toBe(false);
    expect(sent).toMatchObject({ state: 'sent', txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
  }, 120_000);
});
