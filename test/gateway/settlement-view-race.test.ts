/**
 * A settlement view never reads ahead of what was released (issue 80, point 3): a read of
 * `GET /v1/series/{id}/settlement` that the sequencer takes in the same turn as the expiry
 * (the command and the read queued in one tick, as a busy service batches them) answers with
 * the published index and its computation (`detail: true`), not the engine's bare value
 * (`detail: false`, which docs/protocol.md keeps for expiries the journal no longer holds). A
 * read queued before the expiry shows no index. The real service (sequencer, LMDB journal,
 * engine), the gateway's SyntheticViews fed by released turns as the gateway feeds its own,
 * and the same route over HTTP after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandKind, SeriesKind, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { SyntheticViews } from '../../src/gateway/views.js';
import { PAT_MICROS, startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const openAtMs = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
const closeAtMs = openAtMs + HOUR_MS;

let fx: GatewayFixture;
let offsetMs = 0;

beforeAll(async () => {
  fx = await startGatewayFixture({}, {}, [], () => Date.now() + offsetMs);
  await fx.submitOk({ kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 3 });
}, 60_000);

afterAll(async () => {
  await fx?.stop();
});

describe('the settlement view', () => {
  it('read in the expiry\'s own turn shows the published index with its computation, and a read before it none', async () => {
    const contract = 'RACE|1h|0.70-0.85';
    const spot = await fx.listSeries({ contract, kind: SeriesKind.SPOT, openAtMs, closeAtMs, bandBps: 5_000 });
    const synth = await fx.listSeries({ contract, kind: SeriesKind.SYNTHETIC, openAtMs, closeAtMs, bandBps: 5_000 });
    await fx.fund(fx.service.engine.brokerId, 10_000); // the broker's quote holds its bid
    await fx.quoteReference(spot, PAT_MICROS);
    const views = new SyntheticViews();
    fx.service.sequencer.onRelease((batch) => {
      for (const e of batch.events) views.record(e, batch.timeMs);
    });

    offsetMs = closeAtMs + 1_000 - Date.now();
    // One tick: a read, the expiry, a read. The sequencer takes them in one turn, in this order.
    const before = views.read(fx.service.sequencer, synth);
    const expired = fx.submitOk({ kind: CommandKind.EXPIRE_SERIES, actor: SYSTEM_ACTOR, seriesId: synth, cutoffMs: closeAtMs });
    const after = views.read(fx.service.sequencer, synth);
    const [b, , a] = await Promise.all([before, expired, after]);

    expect(b.status).toBe(200);
    expect(b.status === 200 && b.body.settlementIndex).toBeNull();
    expect(a.status).toBe(200);
    const index = (a.status === 200 ? a.body.settlementIndex : null) as Record<string, unknown> | null;
    expect(index).toMatchObject({ detail: true, spotSeriesId: spot, cutoffAtMs: closeAtMs });
    expect(index!.method).toEqual(expect.any(String));
    expect(index!.computation).toBeDefined();
    expect(index!.inputs).toBeDefined();
    expect(a.status === 200 && a.body.status).toBe('EXPIRED');
    // Its seq is the expiry's, and the view is as of a seq at or after it.
    expect(index!.seq).toBeLessThanOrEqual(a.status === 200 ? (a.body.asOfSeq as number) : 0);

    // The gateway's own route says the same.
    const http = (await (await fetch(`${fx.httpUrl}/v1/series/${synth}/settlement`)).json()) as { settlementIndex: Record<string, unknown> };
    expect(http.settlementIndex).toMatchObject({ detail: true, seq: index!.seq, indexMicros: index!.indexMicros });
  });
});
