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

export class ReplicatedJournal implements TurnJournal {
  constructor(
    private readonly local: Journal,
    private readonly shipper: JournalShipper,
    readonly ack: ReplicationAck,
  ) {}

  lastSeq(): number {
    return this.local.lastSeq();
  }

  get commitsOnAppend(): boolean {
    return this.ack === 'local' && this.local.commitsOnAppend;
  }

  appendCommitted(batch: JournalBatch): void {
    this.local.appendCommitted(batch);
  }

  append(batch: JournalBatch): Promise<void> {
    const local = this.local.append(batch);
    if (this.ack === 'local') return local;
    const lastSeq = batch.firstSeq + batch.commands.length - 1;
    return Promise.all([local, this.shipper.whenShipped(lastSeq)]).then(() => undefined);
  }

  /** Saves the snapshot locally and sends its state hash along the stream for the standbys to compare. */
  async saveSnapshot(s: StoredSnapshot): Promise<void> {
    await this.local.saveSnapshot(s);
    this.shipper.checkpoint({ seq: s.seq, stateHash: s.stateHash });
  }
}
