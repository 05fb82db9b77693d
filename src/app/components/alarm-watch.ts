/** The alarms derived from released events and from state (halts, kill switches, MMP, health, lags). */
import type { Engine, Sequencer } from '../../engine/index.js';
import type { Gateway } from '../../gateway/index.js';
import { AlarmWatch, type AlarmBoard } from '../../operator/index.js';
import type { QuotingService } from '../../quoting/index.js';
import type { SettlementHold } from './settlement.js';

export function watchAlarms(board: AlarmBoard, engine: Engine, sequencer: Sequencer, gateway: Gateway, quoting: QuotingService | undefined, settlement: SettlementHold): { close(): void } {
  const alarmWatch = new AlarmWatch({
    board,
    engine,
    sequencer,
    clock: Date.now,
    probes: () => gateway.probes(), // what /readyz reports: the gateway's own probes and the service's
    quoter: quoting,
    settlementBacklog: () => {
      const s = settlement.current();
      if (s === undefined) return undefined;
      return { pendingFills: s.settler.pending.fills, lastCutAtMs: s.store.lastOutbox()?.cutAtMs ?? settlement.startedAtMs() };
    },
  });
  alarmWatch.start();
  return { close: () => alarmWatch.stop() };
}
