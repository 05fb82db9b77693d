/**
 * The intake's workers are ready only once warm (issue 75: the first login after a start
 * waited seconds for a worker that had loaded its modules but never recovered a signature,
 * long after /readyz said ready). Each worker's first task is a signature recovery
 * (WARM_UP_TASK), before any client's; the pool says 'starting' until every worker has
 * answered it, and asking does not start them.
 */
import { verifyMessage, Wallet } from 'ethers';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_INTAKE_LIMITS, IntakePool, WARM_UP_TASK } from '../../src/intake/index.js';
import { TASKS } from '../../src/intake/tasks.js';
import { createLogger } from '../../src/runtime/log.js';

let pool: IntakePool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('intake warm-up', () => {
  it('the warm-up signature is what it says: the fixed key signed the fixed text', () => {
    expect(verifyMessage(WARM_UP_TASK.text, WARM_UP_TASK.signature).toLowerCase()).toBe(WARM_UP_TASK.signer);
    expect(new Wallet('0x' + '11'.repeat(32)).address.toLowerCase()).toBe(WARM_UP_TASK.signer);
    expect(TASKS.recover({ text: WARM_UP_TASK.text, signature: WARM_UP_TASK.signature })).toBe(WARM_UP_TASK.signer);
  });

  it("is 'starting' until every worker has answered its warm-up task, then 'ok'; asking does not start the workers", async () => {
    pool = new IntakePool({ ...DEFAULT_INTAKE_LIMITS, workers: 2 }, createLogger('silent'));
    expect(pool.health()).toMatchObject({ state: 'starting', detail: expect.stringContaining('not started') });
    expect(pool.health().state).toBe('starting'); // still nothing started: health only reads
    expect(pool.counters.runningJobs).toBe(0);
    const ready = pool.ready();
    // Booting, then each worker's warm-up recovery running: 'starting' until `ready` resolves, which it does once every worker answered.
    const seen = new Set<string>();
    let done = false;
    void ready.then(() => (done = true));
    while (!done) {
      seen.add(pool.health().state);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect([...seen]).toEqual(['starting']);
    expect(pool.counters.runningJobs).toBe(0); // the warm-up jobs answered
    expect(pool.health()).toMatchObject({ state: 'ok', detail: '2 of 2 workers warm, 0 jobs queued' });
    // The warm-up jobs are done: a client's recovery goes straight to a worker and is answered.
    const wallet = Wallet.createRandom();
    const signature = await wallet.signMessage('login');
    expect(await pool.run('recover', { text: 'login', signature })).toBe(wallet.address.toLowerCase());
    expect(pool.counters).toMatchObject({ queuedJobs: 0, runningJobs: 0, jobsStopped: 0, busyRefusals: 0 });
  }, 60_000);

  it('closing twice is one close (the service and the gateway both close it; a second pass waited 5 s for workers already gone)', async () => {
    pool = new IntakePool({ ...DEFAULT_INTAKE_LIMITS, workers: 2 }, createLogger('silent'));
    await pool.ready();
    const first = pool.close();
    expect(pool.close()).toBe(first);
    await first;
    await expect(pool.run('recover', { text: WARM_UP_TASK.text, signature: WARM_UP_TASK.signature })).rejects.toMatchObject({ code: 'SERVER_BUSY' });
  }, 60_000);
});
