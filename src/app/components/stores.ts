/**
 * The operator's own stores under the data dir: operators and their credentials, the catalog,
 * providers' identities, and the alarms' history. Opened before replication: a standby applies
 * the catalog stream to the first three while it waits to lead.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CatalogStore } from '../../catalog/index.js';
import { IdempotencyKeyStore } from '../../gateway/index.js';
import { Role, type Engine } from '../../engine/index.js';
import { AlarmBoard, AlarmHistory, ALARM_LIMITS, OperatorCredentials, weakTokenReason, WeakOperatorTokenError } from '../../operator/index.js';
import { IdentityStore } from '../../providers/index.js';
import type { Logger } from '../../runtime/log.js';
import type { Config } from '../config.js';

export interface Stores {
  /** Named operators and their credentials. */
  readonly credentials: OperatorCredentials;
  readonly catalogStore: CatalogStore;
  /** Providers' identities: the operator's private record; the engine holds only the verified flag (docs/providers.md). */
  readonly identities: IdentityStore;
  readonly alarmHistory: AlarmHistory;
  /** The alarms raised since start, kept in `alarmHistory`. */
  readonly alarms: AlarmBoard;
  /** Signed writes' idempotency keys, kept across a restart (the node's own: not replicated). */
  readonly idempotencyKeys: IdempotencyKeyStore;
  close(): Promise<void>;
}

export async function openStores(config: Config, engine: Engine, log: Logger): Promise<Stores> {
  const credentials = OperatorCredentials.open(config.dataDir, operatorToken(config, log), () => bootstrapOperatorAccount(engine));
  const catalogStore = CatalogStore.open(config.dataDir);
  let identities: IdentityStore | undefined;
  let alarmHistory: AlarmHistory | undefined;
  let idempotencyKeys: IdempotencyKeyStore;
  try {
    identities = IdentityStore.open(config.dataDir);
    // Alarms by the wall clock: when an operator saw them, not the engine's stamped time. The board and its
    // history are kept in <dataDir>/alarms across restarts (docs/alarms.md). Opened with the other stores,
    // so that it closes after every part that may raise an alarm.
    alarmHistory = AlarmHistory.open(config.dataDir);
    idempotencyKeys = IdempotencyKeyStore.open(config.dataDir);
  } catch (error) {
    await catalogStore.close();
    await identities?.close();
    await alarmHistory?.close();
    throw error;
  }
  const alarms = new AlarmBoard(Date.now, ALARM_LIMITS.maxAlarms, alarmHistory, log.child({ component: 'alarms' }));
  const opened = { identities, alarmHistory, idempotencyKeys };
  return {
    credentials,
    catalogStore,
    ...opened,
    alarms,
    async close() {
      await catalogStore.close();
      await opened.identities.close();
      await opened.alarmHistory.close();
      await opened.idempotencyKeys.close();
    },
  };
}

/** The operator account opened at first start: the bootstrap operator's. */
function bootstrapOperatorAccount(engine: Engine): number | undefined {
  return engine.accounts.find((a) => a?.role === Role.OPERATOR)?.id;
}

/**
 * The operator credential: from config (or PATX_OPERATOR_TOKEN), else the one
 * kept under the data directory, else a new random one written there (mode 600).
 */
function operatorToken(config: Config, log: Logger): string {
  if (config.gateway.operatorToken !== '') return strongToken(config.gateway.operatorToken, 'gateway.operatorToken (PATX_OPERATOR_TOKEN)');
  const file = path.join(config.dataDir, 'operator-token');
  if (existsSync(file)) return strongToken(readFileSync(file, 'utf8').trim(), file);
  const token = randomBytes(24).toString('base64url'); // 192 bits
  writeFileSync(file, token + '\n', { mode: 0o600 });
  log.info({ file }, 'generated an operator token');
  return token;
}

/** The token, unless it is under 128 bits (src/operator/token-strength.ts): then the start is refused. */
function strongToken(token: string, source: string): string {
  const weak = weakTokenReason(token);
  if (weak !== undefined) throw new WeakOperatorTokenError(source, weak);
  return token;
}
