/**
 * The journal the leader's sequencer writes to when replication is on: the local LMDB
 * journal, with the shipper sending each committed record to the stream. The setting
 * `ack` chooses what an acknowledgement waits for (docs/replication.md says what each
 * survives):
 *
 *   local   the local LMDB commit only, as without replication. The stream follows a
 *           little behind; a failover loses what the old leader acknowledged but had not
 *           shipped (its lag, reported as patx_replication_lag_seqs).
 *   quorum  the local commit and the stream's acknowledgement, which JetStream gives once
 *           a majority of its replicas has stored the record: a failover loses nothing
 *           acknowledged. Turns are pipelined while they wait (the sequencer's 'flush' path).
 */
import type { Journal, JournalBatch, StoredSnapshot, TurnJournal } from '../engine/index.js';
import type { JournalShipper } from './shipper.js';

export type ReplicationAck = 'local' | 'quorum';

/** What is checked before every write: the lease's validity (lease-thread.ts). */
export interface WriteFence {
  /** Whether this node may write now. */
  validNow(): boolean;
  /** Told when a write was refused for it (the node must stop leading). */
  expired(): void;
}

export class LeaseExpiredError extends Error {
  override readonly name = 'LeaseExpiredError';
  constructor() {
    super("this node's lease ran out before a write: it no longer leads, nothing more is journaled here");
  }
}

export class ReplicatedJournal implements TurnJournal {
  constructor(
    private readonly local: Journal,
    private readonly shipper: JournalShipper,
    readonly ack: ReplicationAck,
    private readonly fence?: WriteFence,
  ) {}

  /**
   * Before every turn's write (and, under 'quorum', before its acknowledgement), the lease:
   * a leader paused past its lease (a stopped process, a long stall) that resumes with
   * orders buffered writes none of them, and acknowledges nothing, even before its lease's
   * thread has said it lost (a successor may hold the key by then).
   */
  private checkLease(): void {
    if (this.fence === undefined || this.fence.validNow()) return;
    this.fence.expired();
    throw new LeaseExpiredError();
  }

  lastSeq(): number {
    return this.local.lastSeq();
  }

  get commitsOnAppend(): boolean {
    return this.ack === 'local' && this.local.commitsOnAppend;
  }

  appendCommitted(batch: JournalBatch): void {
    this.checkLease();
    this.local.appendCommitted(batch);
  }

  append(batch: JournalBatch): Promise<void> {
    this.checkLease();
    const local = this.local.append(batch);
    if (this.ack === 'local') return local;
    const lastSeq = batch.firstSeq + batch.commands.length - 1;
    // Checked again once the stream holds it: a leader stopped while this waited (SIGSTOP) acknowledges nothing when it
    // resumes past its lease. The record is safe on the stream; its submitters hear an unknown outcome, as at any failover.
    return Promise.all([local, this.shipper.whenShipped(lastSeq)]).then(() => this.checkLease());
  }

  /** Saves the snapshot locally and sends its state hash along the stream for the standbys to compare. */
  async saveSnapshot(s: StoredSnapshot): Promise<void> {
    await this.local.saveSnapshot(s);
    this.shipper.checkpoint({ seq: s.seq, stateHash: s.stateHash });
  }
}
