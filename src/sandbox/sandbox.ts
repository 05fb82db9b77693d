/**
 * The sandbox around a started service: its milestones followed and phases 3 and 4 voted.
 */
import type { Config } from '../app/config.js';
import type { Logger } from '../runtime/log.js';
import type { Service } from '../app/service.js';
import { SandboxMilestones } from './milestones.js';
import { voteLocalPhases } from './phases.js';

/** The highest governance phase: the sandbox votes every phase up to it. */
const TOP_PHASE = 4;

/** A sandbox that cannot run as configured (no settlement, or a chain other than its own). */
export class SandboxConfigError extends Error {
  override readonly name = 'SandboxConfigError';
}

/** What the sandbox needs of a config, as problems (empty: fine): it votes on its embedded chain. */
export function sandboxConfigProblems(config: Config): string[] {
  const problems: string[] = [];
  if (!config.settlement.enabled) problems.push('settlement.enabled: the sandbox settles on its embedded chain (PATX_SETTLEMENT=on)');
  if (config.settlement.rpcUrl !== undefined) problems.push('settlement.rpcUrl: the sandbox runs its own embedded chain, whose council it votes with; unset PATX_RPC_URL');
  if (config.replication.enabled) problems.push('replication: the sandbox is one process; unset PATX_REPLICATION_SERVERS');
  return problems;
}

/** The banner: what the sandbox is, where it keeps its state, and that nothing in it is real. */
export function sandboxBanner(config: Config, gatewayPort: number): string {
  const windows = config.contracts.map((c) => c.contract).join(', ');
  return [
    '',
    '  ┌─ PATX SANDBOX ─────────────────────────────────────────────────────────────',
    '  │ Not a real market: dev keys, a local chain, windows of minutes.',
    `  │ Contracts: ${windows}`,
    '  │ Phases 3 (synthetics) and 4 (options) are voted at start; demo traders trade every product.',
    `  │ State: ${config.dataDir} (apart from npm start's ./data); console http://127.0.0.1:${gatewayPort}/`,
    `  │ Watch for "sandbox:" lines; ./patx reconcile --data ${config.dataDir} checks the chain against the ledger.`,
    '  └────────────────────────────────────────────────────────────────────────────',
    '',
  ].join('\n');
}

export interface Sandbox {
  readonly milestones: SandboxMilestones;
  stop(): void;
}

/**
 * Around a started service: follows its milestones and votes phases 3 and 4 with the
 * embedded chain's council (the chain watcher then reports the phase, and the schedule lists
 * synthetics and options). Throws SandboxConfigError without the embedded chain's settlement.
 */
export async function startSandbox(service: Service, logger: Logger): Promise<Sandbox> {
  const log = logger.child({ module: 'sandbox' });
  const settlement = service.settlement;
  if (settlement === undefined) throw new SandboxConfigError('settlement did not start: the sandbox votes its phases and settles on its embedded chain');
  const milestones = new SandboxMilestones(service.engine, service.sequencer, log);
  milestones.watchChain(settlement);
  if (service.engine.governancePhase < TOP_PHASE) {
    await voteLocalPhases({ rpcUrl: settlement.rpcUrl, chainId: settlement.deployment.chainId, governance: settlement.deployment.governance, target: TOP_PHASE, log });
  }
  return { milestones, stop: () => milestones.stop() };
}
