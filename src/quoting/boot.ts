/**
 * Starts the quoter inside the service: seeds parameters from the config (as
 * journaled SET_PARAM commands: a name never set, or one whose config value changed
 * while the engine still holds what the config set last, config-seeds.ts; an
 * operator's change is never undone by a restart), funds the broker's demo float once
 * (an idempotent deposit reference), then starts quoting with its estimates
 * loaded from `<dataDir>/quoter` and caught up from the journal.
 */
import { CommandKind, SYSTEM_ACTOR, WEI_PER_MICRO, type Command, type Engine, type Journal, type Sequencer } from '../engine/index.js';
import { startQuoting, type QuotingLogger, type QuotingService } from './service.js';
import { QuoterStore, type QuoterEstimatesModel } from './state-store.js';
import { ConfigSeeds } from './config-seeds.js';

export interface QuotingConfig {
  enabled: boolean;
  /** PAT credited to the broker once (deposit ref `demo:broker-float`) so the demo quotes bids; 0 = none. */
  brokerFloatPat: number;
  /** Parameter values (`risk.*`, `quoting.*`) set at start unless an operator set them since the config last did (config-seeds.ts). */
  params: Record<string, number>;
  /** Timer tick, ms. */
  tickMs: number;
}

export const BROKER_FLOAT_REF = 'demo:broker-float';

export async function startQuotingService(
  config: QuotingConfig,
  engine: Engine,
  sequencer: Sequencer,
  clock: () => number,
  logger: QuotingLogger,
  /**
   * The journal and data directory: the estimates are saved under it and caught up from the
   * journal at start; or, with `estimates`, the model that kept them current until now (the
   * service's read models: src/read-models/journal-following.ts), which the quoter takes over.
   */
  persistence?: { journal: Journal; dataDir: string; estimates?: QuoterEstimatesModel; replayedCommands?: number },
): Promise<QuotingService | undefined> {
  if (!config.enabled) return undefined;
  const cmds: Command[] = [];
  const seeds = ConfigSeeds.open(persistence?.dataDir);
  for (const [name, value] of Object.entries(config.params)) {
    const current = engine.params.get(name);
    const decision = seeds.decide(name, value, current);
    if (decision === 'set') cmds.push({ kind: CommandKind.SET_PARAM, actor: SYSTEM_ACTOR, name, value });
    else if (decision === 'kept-operator') {
      logger.warn({ param: name, config: value, current }, 'a parameter of the config is not applied: an operator set it since the config last did (patx params set to change it)');
    }
  }
  if (config.brokerFloatPat > 0 && engine.brokerId !== 0 && !engine.depositRefs.has(BROKER_FLOAT_REF)) {
    const amountWei = BigInt(config.brokerFloatPat) * 1_000_000n * WEI_PER_MICRO;
    cmds.push({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: engine.brokerId, amountWei, ref: BROKER_FLOAT_REF });
  }
  await Promise.all(cmds.map((cmd) => sequencer.submit(cmd)));
  seeds.save();
  const kept = persistence?.estimates?.handOver();
  const store = kept?.store ?? (persistence === undefined ? undefined : QuoterStore.open(persistence.dataDir));
  const service = startQuoting({ engine, sequencer, clock, logger, tickMs: config.tickMs, journal: persistence?.journal, store, estimates: kept?.estimates, replayedCommands: persistence?.replayedCommands });
  logger.info({ series: engine.series.length - 1, seeded: cmds.length, replayedCommands: service.stats.replayedCommands }, 'quoting started');
  return service;
}
