/**
 * A standby's state for its health answers (standby-server.ts): ReplicationNode.lead keeps it up
 * to date while the node waits to lead.
 */
import type { JetStreamManager } from '@nats-io/jetstream';
import type { Engine } from '../engine/index.js';
import type { LeaseHolder } from './lease.js';
import { StandbyCounters, standbyMetricsText } from './standby-metrics.js';
import type { StreamNames } from './stream.js';
import { StreamEnd } from './stream-end.js';

/** What a standby knows of itself while it waits to lead; its health answers say it (standby-server.ts). */
export interface StandbyStatus {
  node: string;
  /** 'connecting': joining the stream; 'following': applying it, waiting for the lease; 'taking-over': holds the lease, finishing the stream. */
  phase: 'connecting' | 'following' | 'taking-over';
  /** Who holds the lease, as its key says; undefined until read, or while nobody holds it. */
  leader: LeaseHolder | undefined;
  /** Last engine seq applied here. */
  appliedSeq: number;
  /** Last engine seq the stream held when last read (stream-end.ts); undefined until read. */
  streamSeq: number | undefined;
  /** How far this standby is behind the stream, seqs (streamSeq − appliedSeq, at least 0); undefined until read. */
  lagSeqs: number | undefined;
  /** Why it stopped following (it is about to exit); undefined while it follows. */
  failure: string | undefined;
}

export class StandbyWatch {
  private phase: StandbyStatus['phase'] = 'connecting';
  private leader: LeaseHolder | undefined;
  private readonly streamEnd = new StreamEnd();
  private failure: string | undefined;
  /** Its snapshots' pauses and the checkpoints it matched (the follower tells them: ReplicationNode.lead). */
  readonly counters = new StandbyCounters();

  constructor(
    private readonly node: string,
    private readonly engine: Engine,
  ) {}

  status(): StandbyStatus {
    const appliedSeq = this.engine.lastSeq;
    return { node: this.node, phase: this.phase, leader: this.leader, appliedSeq, streamSeq: this.streamEnd.lastSeq, lagSeqs: this.streamEnd.lagOf(appliedSeq), failure: this.failure };
  }

  /** Its /metrics (standby-server.ts). */
  metricsText(): string {
    return standbyMetricsText(this.status(), this.counters);
  }

  following(jsm: JetStreamManager, names: StreamNames): void {
    this.phase = 'following';
    this.streamEnd.start(jsm, names);
  }

  leaderIs(holder: LeaseHolder): void {
    this.leader = holder;
  }

  takingOver(epoch: number): void {
    this.phase = 'taking-over';
    this.leader = { node: this.node, epoch };
  }

  failed(error: Error): void {
    this.failure = error.message;
  }

  stop(): void {
    this.streamEnd.stop();
  }
}
