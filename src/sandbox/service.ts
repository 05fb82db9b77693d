/**
 * The sandbox in-process, for tests: the service in the sandbox profile (its embedded chain,
 * phases 3 and 4 voted, the demo trading every product), on free ports and a data directory
 * of the caller's, with the milestones to wait for. Tests reach a product's expiry the way a
 * user of `npm run sandbox` does: by the wall clock, on windows of a minute.
 *
 * @example
 *   const sb = await startSandboxService({ dataDir: mkdtempSync(join(tmpdir(), 'patx-sandbox-')) });
 *   try {
 *     await sb.milestones.first('option-settled-on-chain');
 *     expect((await sb.service.settlement!.reconcile()).ok).toBe(true);
 *   } finally {
 *     await sb.stop();
 *   }
 */
import { loadConfig, type Config } from '../app/config.js';
import type { ContractSpec } from '../engine/index.js';
import { createLogger, type Logger } from '../runtime/log.js';
import { startDemo, type RunningDemo } from '../demo/run.js';
import { startService, type Service } from '../app/service.js';
import type { SandboxMilestones } from './milestones.js';
import { SANDBOX_TEST_CONTRACTS, sandboxProfile } from './profile.js';
import { SandboxConfigError, sandboxConfigProblems, startSandbox, type Sandbox } from './sandbox.js';

export interface SandboxServiceOptions {
  /** Its own data directory (journal, chain state, settlement outbox). */
  dataDir: string;
  /** Default SANDBOX_TEST_CONTRACTS: one contract of one-minute windows with every product. */
  contracts?: ContractSpec[];
  /** Default 1 s: the demo acts often enough to trade each product within a one-minute window. */
  demoIntervalMs?: number;
  /** Laid over the profile (as config fields), e.g. `{ settlement: { batchIntervalMs: 2000 } }`. */
  overrides?: Record<string, unknown>;
  logger?: Logger;
}

export interface SandboxService {
  readonly config: Config;
  readonly service: Service;
  readonly sandbox: Sandbox;
  readonly milestones: SandboxMilestones;
  readonly demo: RunningDemo;
  /** Stops the demo, the sandbox and the service (the data directory is the caller's to remove). */
  stop(): Promise<void>;
}

export async function startSandboxService(options: SandboxServiceOptions): Promise<SandboxService> {
  const profile = sandboxProfile({ contracts: options.contracts ?? SANDBOX_TEST_CONTRACTS, demoIntervalMs: options.demoIntervalMs ?? 1_000 });
  // Free ports and the caller's directory; the environment is not read, so a test's PATX_* settings cannot leak in.
  const config = loadConfig({}, { dataDir: options.dataDir, gateway: { port: 0, marketDataPort: 0 }, providerServer: { port: 0 }, settlement: { localChainPort: 0 }, ...(options.overrides ?? {}) }, profile);
  const problems = sandboxConfigProblems(config);
  if (problems.length > 0) throw new SandboxConfigError(`the sandbox cannot run so: ${problems.join('; ')}`);
  const logger = options.logger ?? createLogger('silent');
  const service = await startService(config, logger);
  let sandbox: Sandbox | undefined;
  let demo: RunningDemo | undefined;
  try {
    sandbox = await startSandbox(service, logger);
    demo = await startDemo(service, config, logger, { products: true });
  } catch (error) {
    await demo?.stop();
    sandbox?.stop();
    await service.stop();
    throw error;
  }
  const started = { sandbox, demo };
  return {
    config,
    service,
    sandbox,
    milestones: sandbox.milestones,
    demo,
    async stop() {
      await started.demo.stop();
      started.sandbox.stop();
      await service.stop();
    },
  };
}
