/**
 * The sandbox's two walks on one-minute windows, side by side: sandbox-products.suite.ts (every
 * product's life: a spot close, a forward delivered, a synthetic and an option settled on-chain) and
 * usage-refund.suite.ts (a usage grant's unused records refunded after its window and dispute
 * window). Each runs its own sandbox (data directory, ports, chain) and most of each is waiting for
 * the wall clock (a minute's window to close, a dispute window to pass): run one after the other they
 * were 79 s and 94 s of the suite on 31 s of CPU each, a core idle for most of it, so the two suites
 * run concurrently and the suite waits for both at once. Neither reads the environment to start
 * (startSandboxService), and each stops what it started.
 */
import { describe } from 'vitest';
import { sandboxProductsSuite } from './sandbox-products.suite.js';
import { usageRefundSuite } from './usage-refund.suite.js';

describe.concurrent('the sandbox on one-minute windows (two sandboxes at once)', () => {
  sandboxProductsSuite();
  usageRefundSuite();
});
