/** The journal, the disk, the quoter, the chain watcher and the settler, as /healthz and /readyz report them (src/runtime/health.ts). */
import type { Journal } from '../../engine/index.js';
import type { QuotingService } from '../../quoting/index.js';
import type { ComponentHealth, ComponentName, HealthProbe } from '../../runtime/health.js';
import type { DataDirSpace } from '../data-dir-space.js';
import { describeError } from './describe-error.js';
import type { SettlementHold } from './settlement.js';

export interface ServiceHealthSources {
  fatal: () => unknown;
  journal: Journal;
  space: DataDirSpace;
  durability: string;
  quoting: QuotingService | undefined;
  settlementEnabled: boolean;
  settlement: SettlementHold;
}

export function serviceHealthProbes(h: ServiceHealthSources): Partial<Record<ComponentName, HealthProbe>> {
  const unavailable = (): ComponentHealth | undefined => {
    if (!h.settlementEnabled) return { state: 'disabled', detail: 'settlement.enabled is false' };
    // Still starting (the chain may take a while), distinct from any error.
    if (h.settlement.starting()) return { state: 'starting', detail: 'connecting to the chain' };
    if (h.settlement.current() === undefined) return { state: 'failed', detail: `settlement did not start: ${describeError(h.settlement.error())}` };
    return undefined;
  };
  return {
    journal: () => {
      const fatal = h.fatal();
      if (fatal !== undefined) return { state: 'failed', detail: `the last append failed: ${describeError(fatal)}` };
      return { state: 'ok', detail: `seq ${h.journal.lastSeq()}, durability ${h.durability}` };
    },
    disk: () => h.space.health(),
    ...(h.quoting === undefined ? {} : { quoter: () => h.quoting!.health() }),
    chainWatcher: () => {
      const off = unavailable();
      if (off !== undefined) return off;
      const { watcher } = h.settlement.current()!.status();
      if (watcher.lastError !== undefined && watcher.failures > 0) return { state: 'degraded', detail: `${watcher.failures} failed polls; last: ${watcher.lastError}` };
      return { state: 'ok' };
    },
    settler: () => {
      const off = unavailable();
      if (off !== undefined) return off;
      const { settler, lastBatch } = h.settlement.current()!.status();
      const last = lastBatch === undefined ? 'no batch yet' : `last batch ${lastBatch.batchId} ${lastBatch.state}`;
      if (settler.status === 'running') return { state: 'ok', detail: `${last}, ${settler.pendingFills} fills pending` };
      if (settler.status === 'waiting') return { state: 'degraded', detail: `waiting: ${settler.waitingFor ?? 'unknown'} (${last})` };
      return { state: 'failed', detail: `${settler.status}: ${settler.error ?? 'unknown'} (${last})` };
    },
  };
}
