/**
 * On-chain settlement (src/settlement/), held before the gateway opens: its routes, metrics and
 * health look it up when asked, and it stops after the gateway has closed. It starts after the
 * gateway (it may wait for a chain); a failure to reach the chain is logged as an alarm and the
 * exchange keeps trading without it.
 */
import type { Engine, Journal, Sequencer } from '../../engine/index.js';
import type { AlarmBoard } from '../../operator/index.js';
import type { Logger } from '../../runtime/log.js';
import { startSettlement, type Settlement } from '../../settlement/index.js';
import type { Config } from '../config.js';
import { describeError } from './describe-error.js';

export interface SettlementHold {
  /** Undefined when disabled, not started yet, or when it could not start (see the log). */
  current(): Settlement | undefined;
  /** True while settlement is enabled and has not finished starting. */
  starting(): boolean;
  /** Why it did not start. */
  error(): unknown;
  /** When the start finished (or was skipped): the settler's backlog counts from there until its first batch. */
  startedAtMs(): number;
  start(d: SettlementStartDeps): Promise<void>;
  close(): Promise<void>;
}

export interface SettlementStartDeps {
  config: Config;
  logger: Logger;
  log: Logger;
  engine: Engine;
  sequencer: Sequencer;
  journal: Journal;
  alarms: AlarmBoard;
}

export function holdSettlement(config: Config): SettlementHold {
  let settlement: Settlement | undefined;
  let error: unknown;
  let starting = config.settlement.enabled;
  let startedAtMs = 0;
  return {
    current: () => settlement,
    starting: () => starting,
    error: () => error,
    startedAtMs: () => startedAtMs,
    async start(d) {
      if (d.config.settlement.enabled) {
        try {
          // Settlement times its batches and retries by the wall clock, not by the engine's stamped time.
          settlement = await startSettlement({ config: d.config.settlement, dataDir: d.config.dataDir, engine: d.engine, sequencer: d.sequencer, journal: d.journal, logger: d.logger, alarms: d.alarms, brokerFloatPat: d.config.quoting.brokerFloatPat });
        } catch (failure) {
          error = failure;
          d.log.error({ alarm: 'settlement-unavailable', err: failure }, 'settlement did not start; trading continues, deposits and batches wait');
          d.alarms.raise('settlement-unavailable', { summary: `settlement did not start: ${describeError(failure)}; trading continues, deposits and batches wait for a restart`, details: { error: failure } });
        }
        starting = false;
      }
      startedAtMs = Date.now();
    },
    close: async () => settlement?.stop(),
  };
}
