/**
 * A leader's grant ledger on the catalog stream: its writes, after its seed (src/grants/ledger-seed.ts) where the stream
 * holds none yet: an empty stream, or one begun before the seed existed (2026-12-06), so the receipts, reports and
 * evidence a node took before reach every node. A seed ends with a `grant-ledger-seeded` mark; each node notes where it
 * saw (or wrote) one in its catalog store, and a leader that finds the mark there on the stream does not seed again. A
 * seed cut short (its leader gone before the mark) is shipped again by the next leader: a standby fills from a seed only
 * what it holds nothing or less of, so what it applied before changes nothing.
 *
 * The seed runs in the background of a leader that takes orders (before 2026-12-06 the takeover waited for all of
 * it), from one read of the ledger as it was when it began. The ledger's own writes meanwhile are held here, in order,
 * and shipped after the mark: on the stream every write comes after a seed that either lacks it (the standby applies
 * it on top) or holds it (its update's own checks refuse it as applied: RECEIPT_REPLAYED, a report told already), so
 * a standby ends with the whole ledger either way. A write's route answers once the stream holds it, so the grant
 * routes (receipts, reports) wait for the seed; orders do not. The held writes are bounded by those requests in flight.
 */
import type { JetStreamManager } from '@nats-io/jetstream';
import type { CatalogStore } from '../catalog/index.js';
import type { GrantLedgerReplication, GrantLedgerWrite } from '../grants/index.js';
import type { Logger } from '../runtime/log.js';
import type { GrantLedgerReplica } from './catalog-follower.js';
import { CatalogShipperStoppedError, type CatalogShipper } from './catalog-shipper.js';
import { HEADER_KIND, type StreamNames } from './stream.js';

export interface GrantLedgerSeeding {
  shipper: CatalogShipper;
  jsm: JetStreamManager;
  names: StreamNames;
  /** Where this node notes the stream seq of the seed's mark it saw or wrote. */
  store: CatalogStore;
  node: string;
  log: Logger;
}

/** A leader's grant ledger's replication: its seed in the background unless the stream holds one, then its writes. */
export class GrantLedgerShipping implements GrantLedgerReplication {
  /** Writes made while the seed is shipped, in order; undefined once they go straight to the shipper. */
  private held: GrantLedgerWrite[] | undefined = [];
  private readonly waiting: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  private cancelled = false;
  /** Settles once the seed is shipped, or was not needed, or was cut short (logged): the held writes are passed on by then. */
  readonly seeded: Promise<void>;

  /** Starts at once: `ledger` tells this its writes from now on (before the service takes any). */
  constructor(
    private readonly s: GrantLedgerSeeding,
    ledger: GrantLedgerReplica,
    emptyStream: boolean,
  ) {
    ledger.replicateTo(this);
    this.seeded = this.seed(ledger, emptyStream).finally(() => this.release());
  }

  /** Whether the seed's records are still being shipped (the ledger's writes are held meanwhile). */
  get seeding(): boolean {
    return this.held !== undefined;
  }

  grantLedgerWrote(write: GrantLedgerWrite): void {
    if (this.held === undefined) this.s.shipper.grantLedgerWrote(write);
    else this.held.push(write);
  }

  replicated(): Promise<void> {
    if (this.held === undefined) return this.s.shipper.replicated();
    return new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject })).then(() => this.s.shipper.replicated());
  }

  /**
   * Cuts the seed short (the node stops or is deposed; the next leader ships it again): resolves once it ended, which a
   * seed waiting for the stream does once the shipper stopped.
   */
  stop(): Promise<void> {
    this.cancelled = true;
    return this.seeded;
  }

  private async seed(ledger: GrantLedgerReplica, emptyStream: boolean): Promise<void> {
    const { shipper, store, log } = this.s;
    try {
      if (!emptyStream && (await holdsSeedMark(this.s.jsm, this.s.names, store.grantLedgerSeededStreamSeq()))) return;
      const records = await shipper.seedGrantLedger(ledger.seeds(), () => this.cancelled);
      const markStreamSeq = await shipper.grantLedgerSeeded(this.s.node, records);
      store.markGrantLedgerSeeded(markStreamSeq);
      const why = emptyStream ? 'the catalog stream was empty' : 'the catalog stream held no grant ledger seed (it began before 2026-12-06)';
      log.info({ records, markStreamSeq }, `${why}: shipped this node's grant ledger (receipts, reports, evidence, notes, listing counts) to it`);
    } catch (error) {
      const level = error instanceof CatalogShipperStoppedError ? 'warn' : 'error';
      log[level]({ err: error }, "the grant ledger's seed was cut short: the next leader ships it again (a standby fills from it only what it lacks)");
    }
  }

  /** The seed is over: the held writes go to the shipper in their order, and their waiters wait for the stream. */
  private release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const write of held) this.s.shipper.grantLedgerWrote(write);
    const stopped = this.s.shipper.stoppedBy;
    for (const w of this.waiting.splice(0)) {
      if (stopped !== undefined) w.reject(stopped);
      else w.resolve();
    }
  }
}

/** Whether the catalog stream's message at `streamSeq` is a seed's mark (a stream made anew holds other messages there, or none). */
async function holdsSeedMark(jsm: JetStreamManager, names: StreamNames, streamSeq: number): Promise<boolean> {
  if (streamSeq === 0) return false;
  // A read that fails is taken for no mark: seeding again changes nothing on a standby, it only costs the time.
  const m = await jsm.streams.getMessage(names.stream, { seq: streamSeq }).catch(() => null);
  return m !== null && m.header?.get(HEADER_KIND) === 'grant-ledger-seeded';
}
