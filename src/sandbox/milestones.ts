/**
 * What the sandbox is there to show, said in the log as it happens and kept for tests: a
 * spot window closing, a forward delivered at its window's open, a synthetic and an option
 * cash-settled at the index, and the settlement batch carrying that cash cleared on-chain.
 *
 * Read from the journaled events as the sequencer releases them (the exchange's truth, the
 * same a replay gives) and from the settlement outbox (which batches the vault recorded);
 * it decides nothing and sends no command.
 */
import { EventType, SeriesKind, SeriesStatus, type Engine, type EngineEvent, type Sequencer } from '../engine/index.js';
import type { Logger } from '../runtime/log.js';
import type { Settlement } from '../settlement/index.js';
import { cashSettledText, forwardDeliveredText } from './milestone-text.js';

export type MilestoneKind = 'spot-window-closed' | 'forward-delivered' | 'synthetic-settled' | 'option-settled' | 'synthetic-settled-on-chain' | 'option-settled-on-chain';

export interface Milestone {
  kind: MilestoneKind;
  seriesId: number;
  contract: string;
  /** The engine seq of the event (for on-chain milestones, of the settlement the batch carried). */
  seq: number;
  /** Forwards: rights buyers received; cash-settled: customers' positions settled (paid or expired worthless), not the broker's. */
  qty: number;
  /** Cash-settled: the index the positions were paid at. */
  indexMicros?: number;
  /** On-chain milestones: the batch and its transaction. */
  batchId?: number;
  txHash?: string;
}

/** Cash settlements waiting for the batch that carries them to be recorded on-chain. */
interface AwaitingChain {
  milestone: Milestone;
}

const POLL_MS = 1_000;
/** A bound on the milestones kept: the sandbox runs for hours if left alone. */
const MAX_KEPT = 1_000;

export class SandboxMilestones {
  readonly reached: Milestone[] = [];
  private readonly awaiting: AwaitingChain[] = [];
  private readonly waiters: Array<{ kind: MilestoneKind; resolve: (m: Milestone) => void }> = [];
  /** Customers' (not the broker's) settled positions per cash-settled series, with a unit value above 0 or at 0, until its completion event. */
  private readonly settledPositions = new Map<number, { withValue: number; worthless: number }>();
  private timer: NodeJS.Timeout | undefined;
  /** Kinds already said at info for a window or a batch (insertion order: the oldest is dropped first). */
  private readonly logged = new Set<string>();
  private settlement: Settlement | undefined;

  constructor(
    private readonly engine: Engine,
    sequencer: Sequencer,
    private readonly log: Logger,
  ) {
    sequencer.onRelease((batch) => {
      // Indexed, not for-of: unoptimized, for-of allocates an iterator result per event (issue 79).
      for (let k = 0; k < batch.events.length; k++) this.take(batch.events[k]!);
    });
  }

  /** Follows the settlement outbox from now on, for the on-chain milestones. */
  watchChain(settlement: Settlement): void {
    this.settlement = settlement;
    this.timer ??= setInterval(() => this.checkChain(), POLL_MS);
  }

  /** The first milestone of `kind`: at once if reached, else when it is. */
  first(kind: MilestoneKind): Promise<Milestone> {
    const found = this.reached.find((m) => m.kind === kind);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ kind, resolve }));
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private take(e: EngineEvent): void {
    if (e.type === EventType.SERIES_STATUS_CHANGED && e.status === SeriesStatus.EXPIRED) {
      const s = this.engine.seriesById(e.seriesId);
      if (s === undefined || s.spec.kind !== SeriesKind.SPOT) return;
      this.note({ kind: 'spot-window-closed', seriesId: e.seriesId, contract: s.spec.contract, seq: e.seq, qty: 0 }, `sandbox: spot window closed: ${s.spec.contract} ${new Date(s.spec.openAtMs).toISOString()}–${new Date(s.spec.closeAtMs).toISOString()} (series ${e.seriesId})`);
    } else if (e.type === EventType.FORWARD_DELIVERY_COMPLETED) {
      const s = this.engine.seriesById(e.seriesId);
      if (s === undefined || e.buyerDeliveredQty === 0) return;
      this.note(
        { kind: 'forward-delivered', seriesId: e.seriesId, contract: s.spec.contract, seq: e.seq, qty: e.buyerDeliveredQty },
        forwardDeliveredText({ contract: s.spec.contract, seriesId: e.seriesId, spotSeriesId: e.spotSeriesId, providerDeliveredQty: e.providerDeliveredQty, buyerLongQty: e.buyerLongQty, buyerDeliveredQty: e.buyerDeliveredQty }),
      );
    } else if (e.type === EventType.SYNTHETIC_SETTLED) {
      if (e.accountId !== this.engine.brokerId && e.positionQty !== 0) {
        const n = this.settledPositions.get(e.seriesId) ?? { withValue: 0, worthless: 0 };
        if (e.valueMicros > 0) n.withValue++;
        else n.worthless++;
        this.settledPositions.set(e.seriesId, n);
      }
    } else if (e.type === EventType.SYNTHETIC_SETTLEMENT_COMPLETED) {
      const counted = this.settledPositions.get(e.seriesId) ?? { withValue: 0, worthless: 0 };
      const customers = counted.withValue + counted.worthless;
      this.settledPositions.delete(e.seriesId);
      const s = this.engine.seriesById(e.seriesId);
      if (s === undefined || customers === 0) return; // nobody but the broker held it: nothing to show
      const option = s.spec.kind === SeriesKind.CALL || s.spec.kind === SeriesKind.PUT;
      const kind = !option ? 'synthetic' : s.spec.kind === SeriesKind.CALL ? 'call' : 'put';
      const milestone: Milestone = { kind: option ? 'option-settled' : 'synthetic-settled', seriesId: e.seriesId, contract: s.spec.contract, seq: e.seq, qty: customers, indexMicros: e.indexMicros };
      this.note(milestone, cashSettledText({ kind, strikeMicros: s.spec.strikeMicros, indexMicros: e.indexMicros, contract: s.spec.contract, seriesId: e.seriesId, ...counted }));
      this.awaiting.push({ milestone });
    }
  }

  /** Cash settlements whose batch the vault has recorded. */
  private checkChain(): void {
    const store = this.settlement?.store;
    if (store === undefined || this.awaiting.length === 0) return;
    const last = store.lastOutbox();
    if (last === undefined) return;
    for (let i = 0; i < this.awaiting.length; ) {
      const { milestone } = this.awaiting[i]!;
      const batch = recordedBatchThrough(this.settlement!, milestone.seq, last.batchId);
      if (batch === undefined) {
        i++;
        continue;
      }
      this.awaiting.splice(i, 1);
      const kind: MilestoneKind = milestone.kind === 'option-settled' ? 'option-settled-on-chain' : 'synthetic-settled-on-chain';
      this.note(
        { ...milestone, kind, batchId: batch.batchId, ...(batch.txHash === undefined ? {} : { txHash: batch.txHash }) },
        `sandbox: the ${milestone.kind === 'option-settled' ? "options'" : "synthetic's"} cash settlement is on-chain: batch ${batch.batchId} recorded by the vault (tx ${batch.txHash ?? '?'}, series ${milestone.seriesId})`,
      );
    }
  }

  private note(m: Milestone, message: string): void {
    this.reached.push(m);
    if (this.reached.length > MAX_KEPT) this.reached.splice(0, this.reached.length - MAX_KEPT);
    // One line per kind and window (a window lists 18 options) or batch at info; the rest at debug.
    const closeAtMs = this.engine.seriesById(m.seriesId)?.spec.closeAtMs ?? 0;
    const key = `${m.kind}|${m.batchId ?? `${m.contract}|${closeAtMs}`}`;
    const first = !this.logged.has(key);
    if (first) {
      this.logged.add(key);
      if (this.logged.size > MAX_KEPT) this.logged.delete(this.logged.values().next().value!);
    }
    const fields = { milestone: m.kind, seriesId: m.seriesId, ...(m.batchId === undefined ? {} : { batchId: m.batchId, txHash: m.txHash }) };
    if (first) this.log.info(fields, message);
    else this.log.debug(fields, message);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i]!.kind !== m.kind) continue;
      this.waiters[i]!.resolve(m);
      this.waiters.splice(i, 1);
    }
  }
}

/** The first batch recorded on-chain whose range reaches `seq`, searching back from `lastBatchId`; undefined while none is. */
function recordedBatchThrough(settlement: Settlement, seq: number, lastBatchId: number): { batchId: number; txHash?: string } | undefined {
  let found: { batchId: number; txHash?: string } | undefined;
  for (let id = lastBatchId; id >= 1; id--) {
    const record = settlement.store.outbox(id);
    if (record === undefined || record.batch.throughSeq < seq) break;
    if (record.state === 'recorded') found = { batchId: record.batchId, ...(record.txHash === undefined ? {} : { txHash: record.txHash }) };
  }
  return found;
}
