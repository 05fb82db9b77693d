/**
 * What settlement is started with (startSettlement): its config slice and the parts of the
 * service it works on. Its own module so that the pieces start composes (the deployment, the
 * loops) name it without importing settlement.ts, which imports them.
 */
import type { Engine, Journal, Sequencer } from '../engine/index.js';
import type { AlarmSink } from '../runtime/health.js';
import type { Logger } from '../runtime/log.js';
import type { SettlementConfig } from './config.js';

export interface SettlementDeps {
  config: SettlementConfig;
  dataDir: string;
  engine: Engine;
  sequencer: Sequencer;
  journal: Journal;
  logger: Logger;
  clock?: () => number;
  /** Where PATX_SETTLER_KEY (and the crash-test hook) are read; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where settlement raises and clears its alarms (the operator's alarm board); default: the log lines only. */
  alarms?: AlarmSink;
  /** On a fresh local chain, PAT the broker deposits into the vault at once (see local-demo.ts). */
  brokerFloatPat?: number;
}
