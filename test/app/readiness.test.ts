/**
 * Ready means ready (issue 75): /readyz answers 200 only once a wallet login would be served
 * without waiting for a worker to boot. Every login's signature is recovered on the intake's
 * workers; /readyz is 503 with `intake` 'starting' until each has booted and answered its
 * warm-up recovery, and a login right after the first 200 is served. What is checked is the
 * order (503 while starting, then 200, then a login), not how long any step takes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../support/exchange-fixture.js';
import { startGatewayFixture, testWallet, type GatewayFixture } from '../support/gateway-fixture.js';

interface Report {
  status: string;
  components: Record<string, { state: string; detail?: string }>;
}

let fx: GatewayFixture;
beforeAll(async () => {
  fx = await startGatewayFixture();
}, 60_000);
afterAll(() => fx.stop());

async function readiness(): Promise<{ status: number; body: Report }> {
  const res = await fetch(`${fx.httpUrl}/readyz`);
  return { status: res.status, body: (await res.json()) as Report };
}

describe('/readyz and the login path', () => {
  it("is 503 with the intake 'starting' until its workers are warm, then 200, and a login right after is served", async () => {
    // A service nothing has sent a request yet: its intake's workers not started.
    expect(fx.service.intake.health().state).toBe('starting');
    const first = await readiness();
    expect(first.status).toBe(503);
    expect(first.body.components.intake!.state).toBe('starting');
    // Every other component is ok (or turned off): the intake is what is not ready.
    const others = Object.entries(first.body.components).filter(([name]) => name !== 'intake');
    expect(others.filter(([, c]) => c.state !== 'ok' && c.state !== 'disabled')).toEqual([]);
    // That request started the workers; poll until ready, every answer before it 503 for the intake alone.
    let ready: { status: number; body: Report } | undefined;
    await until(async () => {
      const r = await readiness();
      if (r.status === 200) ready = r;
      else expect(r.body.components.intake!.state).toBe('starting');
      return r.status === 200;
    }, '/readyz to answer 200', 60_000);
    expect(ready!.body.components.intake).toEqual({ state: 'ok', detail: '2 of 2 workers warm, 0 jobs queued' });
    // Warm: the login's recovery goes straight to a worker, none booting.
    const client = await fx.connect(testWallet(75));
    expect(client.accountId).toBeGreaterThan(0);
    expect(fx.service.intake.counters).toMatchObject({ jobsStopped: 0, busyRefusals: 0 });
    await client.close();
    expect((await readiness()).status).toBe(200);
  }, 120_000);
});
