/**
 * Whether a new leader ships its grant ledger's seed (src/grants/ledger-seed.ts) to the catalog stream: on an empty
 * stream, and on one that holds no seed yet (a group whose catalog stream began before the seed existed, 2026-12-06),
 * so the receipts, reports and evidence a node took before reach every node. A seed ends with a `grant-ledger-seeded`
 * mark; each node notes where it saw (or wrote) one in its catalog store, and a leader that finds the mark there on the
 * stream does not seed again. A seed cut short (its leader gone before the mark) is shipped again by the next leader:
 * a standby fills from a seed only what it holds nothing of, so what it applied before changes nothing.
 */
import type { JetStreamManager } from '@nats-io/jetstream';
import type { Logger } from '../runtime/log.js';
import type { CatalogReplica } from './catalog-follower.js';
import type { CatalogShipper } from './catalog-shipper.js';
import { HEADER_KIND, streamBounds, type StreamNames } from './stream.js';

export interface GrantLedgerSeeding {
  shipper: CatalogShipper;
  jsm: JetStreamManager;
  names: StreamNames;
  catalog: CatalogReplica;
  node: string;
  log: Logger;
}

/** Ships the grant ledger's seed and its mark unless the stream holds a mark already. Before the ledger's own writes. */
export async function seedGrantLedgerUnlessSeeded(s: GrantLedgerSeeding, emptyStream: boolean): Promise<void> {
  const grants = s.catalog.grants;
  if (grants === undefined) return;
  const seenAt = s.catalog.store.grantLedgerSeededStreamSeq();
  if (!emptyStream && (await holdsSeedMark(s.jsm, s.names, seenAt))) return;
  const records = await s.shipper.seedGrantLedger(grants.seeds());
  s.shipper.grantLedgerSeeded(s.node, records);
  await s.shipper.replicated();
  // Nothing but this seed is shipped yet (the ledgers' writes go to the shipper after it): the stream's last message is its mark.
  const { last } = await streamBounds(s.jsm, s.names.stream);
  s.catalog.store.markGrantLedgerSeeded(last);
  const why = emptyStream ? 'the catalog stream was empty' : 'the catalog stream held no grant ledger seed (it began before 2026-12-06)';
  s.log.info({ records, markStreamSeq: last }, `${why}: shipped this node's grant ledger (receipts, reports, evidence, notes, listing counts) to it`);
}

/** Whether the catalog stream's message at `streamSeq` is a seed's mark (a stream made anew holds other messages there, or none). */
async function holdsSeedMark(jsm: JetStreamManager, names: StreamNames, streamSeq: number): Promise<boolean> {
  if (streamSeq === 0) return false;
  // A read that fails is taken for no mark: seeding again changes nothing on a standby, it only costs the time.
  const m = await jsm.streams.getMessage(names.stream, { seq: streamSeq }).catch(() => null);
  return m !== null && m.header?.get(HEADER_KIND) === 'grant-ledger-seeded';
}
