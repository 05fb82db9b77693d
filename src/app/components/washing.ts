/** Washing (issue 73, src/washing/) started on the grant ledger: a consumer related on-chain to a provider does not raise its trust. */
import type { Catalog } from '../../catalog/index.js';
import type { Engine } from '../../engine/index.js';
import type { GrantLedger } from '../../grants/index.js';
import type { AlarmBoard } from '../../operator/index.js';
import type { Logger } from '../../runtime/log.js';
import { Participants, readRuntime, type Settlement } from '../../settlement/index.js';
import { startWashing, type Washing } from '../../washing/index.js';
import type { Config } from '../config.js';

export interface WashingOnDeps {
  config: Config;
  engine: Engine;
  ledger: GrantLedger;
  catalog: Catalog;
  alarms: AlarmBoard;
  log: Logger;
  settlement: Settlement | undefined;
}

export function startWashingOn({ config, engine, ledger, catalog, alarms, log, settlement }: WashingOnDeps): Washing {
  const d = settlement?.deployment;
  return startWashing({
    dataDir: config.dataDir,
    accounts: new Participants(engine, readRuntime(config.dataDir)?.brokerAddress),
    ledger,
    catalog,
    alarms,
    clock: Date.now,
    log,
    commonAddresses: [d?.vault, d?.token, d?.registry, d?.governance, readRuntime(config.dataDir)?.brokerAddress, engine.accounts[engine.brokerId]?.address].filter((a): a is string => a !== undefined && a !== ''),
    ...(settlement === undefined || d === undefined
      ? {}
      : { chain: { provider: settlement.provider, token: settlement.contracts.token, startBlock: d.deployBlock, confirmations: config.settlement.confirmations, pollIntervalMs: config.settlement.pollIntervalMs, maxBlockRange: config.settlement.maxBlockRange } }),
  });
}
