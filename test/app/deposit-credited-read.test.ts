/**
 * `GET /v1/chain/deposits/{ref}` never says "credited" ahead of the journal: its read takes its
 * place in the sequencer's queue, after every command queued before it, and answers only once
 * they are journaled and released (as the settlement view does, issue 80 point 3). Before, it
 * read the engine's set of credited refs on the spot, so it could say "credited" for a credit a
 * crash could still lose, and missed one queued in the same tick.
 *
 * The real sequencer, LMDB journal and engine of the gateway fixture; the route called as the
 * gateway calls it. Its settlement is a stand-in object: the route asks only whether settlement
 * runs (503 when not), and the real one, with its embedded chain and a real deposit's ref, is
 * tested in test/settlement/embedded.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandKind, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { settlementRoutes } from '../../src/app/components/settlement-routes.js';
import type { HttpReply, MountedRoute } from '../../src/gateway/index.js';
import type { Settlement } from '../../src/settlement/index.js';
import { SETTLEMENT_OPERATIONS } from '../../src/settlement/operations.js';
import { startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;
let depositRoute: MountedRoute;
let settlement: Settlement | undefined;

beforeAll(async () => {
  fx = await startGatewayFixture();
  const routes = settlementRoutes(() => settlement, fx.service.engine, fx.service.sequencer, undefined, 1, () => undefined, () => false, () => Object.assign(() => false, { changesAtMs: [] }));
  depositRoute = routes.find((r) => r.operations.some((o) => o.operationId === 'getDeposit'))!;
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

/** The route's answer for `ref`, as the gateway would call it. */
function askCredited(ref: string): Promise<HttpReply> {
  return depositRoute.handle({ method: 'GET', path: `/v1/chain/deposits/${ref}`, query: new URLSearchParams(), body: undefined, principal: 'public', accountId: 0, operationId: 'getDeposit', params: { ref } });
}

describe('whether a deposit was credited', () => {
  it('is read after the commands queued before it and answered once they are released', async () => {
    settlement = {} as Settlement; // running, as far as the route asks
    const ref = `0x${'5a'.repeat(32)}:3`;
    const released: number[] = [];
    fx.service.sequencer.onRelease((batch) => released.push(batch.firstSeq + batch.commands.length - 1));

    // One tick: a read, the credit, a read. The sequencer takes them in this order.
    const before = askCredited(ref);
    const credit = fx.service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: fx.service.engine.brokerId, amountWei: 10n ** 18n, ref });
    const after = askCredited(ref).then((answer) => ({ answer, releasedThrough: Math.max(0, ...released) }));
    const [b, c, a] = await Promise.all([before, credit, after]);

    expect(b).toEqual({ status: 200, body: { ref, credited: false } });
    expect(a.answer).toEqual({ status: 200, body: { ref, credited: true } });
    // Answered only once the credit's turn was released (journaled first).
    expect(a.releasedThrough).toBeGreaterThanOrEqual(c.seq);
  });

  it("takes a ref only as the watcher writes it: a log index with a leading zero names no deposit (it was answered 'not credited' for a credited one)", () => {
    const hash = `0x${'5a'.repeat(32)}`;
    const takes = (ref: string): boolean => SETTLEMENT_OPERATIONS.deposit.params.safeParse({ ref }).success;
    for (const ref of [`${hash}:0`, `${hash}:1`, `${hash}:10`, `${hash}:999999`]) expect(takes(ref), ref).toBe(true);
    for (const ref of [`${hash}:01`, `${hash}:000001`, `${hash}:00`, `${hash}:1000000`, `${hash.toUpperCase()}:1`, `${hash}:`, `${hash}:-1`]) expect(takes(ref), ref).toBe(false);
  });

  it('is 503 while settlement is not running, and 503 once the engine has stopped', async () => {
    settlement = undefined;
    expect((await askCredited(`0x${'5a'.repeat(32)}:4`)).status).toBe(503);
    settlement = {} as Settlement;
    await fx.stop();
    const stopped = await askCredited(`0x${'5a'.repeat(32)}:3`);
    expect(stopped).toMatchObject({ status: 503, body: { error: 'SERVICE_UNAVAILABLE' } });
  });
});
