/** The broker's quoter (src/quoting/), taking over the estimates the read models kept current. */
import type { Engine, Journal, Sequencer } from '../../engine/index.js';
import { startQuotingService, type QuotingService } from '../../quoting/index.js';
import type { Logger } from '../../runtime/log.js';
import type { Config } from '../config.js';
import type { ReadModels } from './read-models.js';

export interface Quoter {
  /** Undefined when `quoting.enabled` is false. */
  readonly quoting: QuotingService | undefined;
  close(): Promise<void>;
}

export async function startQuoter(config: Config, engine: Engine, sequencer: Sequencer, journal: Journal, readModels: ReadModels, clock: () => number, logger: Logger): Promise<Quoter> {
  // With settlement on, the broker's float is a real deposit into the vault (made on a fresh local
  // chain, credited by the chain watcher), never an off-chain credit the vault would not match.
  const quotingConfig = config.settlement.enabled ? { ...config.quoting, brokerFloatPat: 0 } : config.quoting;
  const { estimates } = readModels;
  const quoting = await startQuotingService(quotingConfig, engine, sequencer, clock, logger.child({ module: 'quoting' }), {
    journal,
    dataDir: config.dataDir,
    ...(estimates === undefined ? {} : { estimates, replayedCommands: readModels.models.replayed.get('quoterEstimates') ?? 0 }),
  });
  return { quoting, close: async () => quoting?.close() };
}
