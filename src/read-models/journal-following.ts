/**
 * The read models the service derives from the journal (the audit trail, the purchase and
 * grant ledgers, the published settlement indexes, the trade history, the quoter's
 * estimates), fed as one set: one replay at open from the lowest progress among them, then
 * every turn as it comes, from the leader's sequencer (`onRelease`) or from a standby's
 * follower (each record it applies, with its events). A standby that keeps them fed while it
 * follows holds them at its engine's seq when it takes the lease, so leading replays nothing
 * (docs/replication.md, "Failover").
 *
 * Each model keeps its own progress (the last seq it took) and saves it as it does on a
 * leader; a turn at or before that seq is skipped by the model itself, so a turn offered
 * twice (replayed, then released) is taken once.
 */
import type { EngineEvent, EngineLimits, Journal, ReleasedBatch, Sequencer } from '../engine/index.js';
import { replayEventsAfter, type ReplayedTurn } from './replay.js';
import { labelledMetricLines } from '../runtime/prometheus-text.js';

/** A read model derived from the journal: it takes every turn, in order, once. */
export interface JournalFollowing {
  /** The last journal seq it has taken. */
  readonly seq: number;
  /** One turn with its events; a turn ending at or before `seq` is skipped. */
  take(turn: ReplayedTurn): void;
  /** Saves its progress now (after a catch-up; otherwise its own timer does). */
  saveNow?(): void;
}

/** A released batch (sequencer) or applied record (follower) as a turn. */
export function turnOf(batch: Pick<ReleasedBatch, 'firstSeq' | 'timeMs' | 'commands' | 'events'>): ReplayedTurn {
  return { firstSeq: batch.firstSeq, lastSeq: batch.firstSeq + batch.commands.length - 1, timeMs: batch.timeMs, commands: batch.commands, events: batch.events as EngineEvent[] };
}

export class JournalModels {
  private readonly models = new Map<string, JournalFollowing>();
  /** Commands each model replayed from the journal in this process (at open, or when added late). */
  readonly replayed = new Map<string, number>();

  constructor(
    private readonly journal: Journal,
    private readonly limits: Partial<EngineLimits>,
  ) {}

  /**
   * Adds models and brings them up to the journal's end in one replay from the lowest of
   * their seqs: each takes only the turns past its own (a first start after an upgrade
   * replays once, not once per model). Returns the commands replayed for each.
   */
  open(models: Record<string, JournalFollowing>): Record<string, number> {
    const added = Object.entries(models);
    for (const [name, model] of added) this.models.set(name, model);
    const end = this.journal.lastSeq();
    const counts: Record<string, number> = {};
    for (const [name, model] of added) counts[name] = Math.max(0, end - model.seq);
    const behind = added.filter(([, m]) => m.seq < end).map(([, m]) => m);
    if (behind.length > 0) {
      const from = Math.min(...behind.map((m) => m.seq));
      for (const turn of replayEventsAfter(this.journal, from, this.limits)) {
        for (const m of behind) if (turn.lastSeq > m.seq) m.take(turn);
      }
      for (const m of behind) m.saveNow?.();
    }
    for (const [name, n] of Object.entries(counts)) this.replayed.set(name, (this.replayed.get(name) ?? 0) + n);
    return counts;
  }

  /** One turn to every model: a standby's applied record, or a leader's released batch. */
  take(batch: Pick<ReleasedBatch, 'firstSeq' | 'timeMs' | 'commands' | 'events'>): void {
    const turn = turnOf(batch);
    for (const m of this.models.values()) m.take(turn);
  }

  /** From now on every turn the sequencer releases (subscribe before its first submit: a turn released before is missed). */
  follow(sequencer: Sequencer): void {
    sequencer.onRelease((batch) => this.take(batch));
  }

  /** Each model's seq, by name. */
  seqs(): Record<string, number> {
    return Object.fromEntries([...this.models].map(([name, m]) => [name, m.seq]));
  }

  /** Prometheus lines: each model's seq and what it replayed in this process. */
  metricsText(): string {
    const seqs = [...this.models].map(([name, m]) => [`model="${name}"`, m.seq] as const);
    const replayed = [...this.replayed].map(([name, n]) => [`model="${name}"`, n] as const);
    const lines = [
      ...labelledMetricLines('gauge', 'patx_read_model_seq', 'The last journal seq each read model derived from the journal has taken.', seqs),
      ...labelledMetricLines(
        'counter',
        'patx_read_model_replayed_commands',
        'Commands each read model replayed from the journal in this process (at start, or when opened late); a standby that fed them while it followed replays none at takeover.',
        replayed,
      ),
    ];
    return lines.join('\n') + '\n';
  }
}
