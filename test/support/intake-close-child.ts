/**
 * A process of its own for test/intake/close-in-flight.test.ts: opens and closes the intake 20
 * times while its workers recover signatures (warm-ups included), and prints how the jobs
 * ended as JSON. A worker terminated inside a native call aborts the process, which is what
 * the test looks for; the pool's workers are unref'd, so a timer keeps this loop alive.
 */
import { Wallet } from 'ethers';
import { DEFAULT_INTAKE_LIMITS, IntakePool } from '../../src/intake/index.js';
import { IntakeError } from '../../src/intake/intake-error.js';
import { createLogger } from '../../src/runtime/log.js';

const wallet = new Wallet('0x' + '22'.repeat(32));
const signature = await wallet.signMessage('login');
const outcomes = { answered: 0, refused: 0, other: 0 };
const alive = setInterval(() => {}, 1_000);
for (let round = 0; round < 20; round++) {
  const pool = new IntakePool({ ...DEFAULT_INTAKE_LIMITS, workers: 2, maxJobsPerClient: 1_000, maxQueuedJobs: 1_000 }, createLogger('silent'));
  // Odd rounds close while the workers warm up; even ones after, with recoveries queued and running.
  if (round % 2 === 0) await pool.ready();
  else pool.start();
  const jobs = Array.from({ length: 200 }, () =>
    pool.run('recover', { text: 'login', signature }).then(
      (signer) => (signer === wallet.address.toLowerCase() ? outcomes.answered++ : outcomes.other++),
      (e: unknown) => (e instanceof IntakeError && (e.code === 'SERVER_BUSY' || e.code === 'TOO_COSTLY') ? outcomes.refused++ : outcomes.other++),
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, round % 4 < 2 ? 1 : 5));
  await pool.close();
  await Promise.all(jobs);
}
clearInterval(alive);
console.log(JSON.stringify(outcomes));
