/**
 * A deposed leader never answers a write as replicated: once its catalog shipper stopped (node.ts stops it when the
 * lease is lost or another leader fenced it) a write told to it is never shipped, and replicated() after it refuses
 * (CatalogShipperStoppedError, which the write routes answer 503 NOT_REPLICATED). Before 2026-12-06 replicated()
 * resolved whenever the writes before the stop were all acknowledged, so such a write was answered as replicated.
 *
 * Real parts: a one-node nats-server on 127.0.0.1, a CatalogShipper on a real catalog stream, the operator
 * credentials and the catalog store in real files under os.tmpdir().
 */
import { describe, expect, it } from 'vitest';
import { CatalogStore } from '../../src/catalog/index.js';
import { Journal, recover } from '../../src/engine/index.js';
import { GRANT_DOMAIN_NAME, GRANT_DOMAIN_VERSION, GrantSigner, ZERO_ADDRESS } from '../../src/grants/grant.js';
import { GrantError } from '../../src/grants/grant-error.js';
import { fail } from '../../src/grants/grant-replies.js';
import { GrantLedger } from '../../src/grants/ledger.js';
import { OperatorCredentials } from '../../src/operator/index.js';
import { CatalogShipper, CatalogShipperStoppedError, takeTheCatalogPen } from '../../src/replication/catalog-shipper.js';
import { ensureStream, streamBounds } from '../../src/replication/stream.js';
import { natsTestCluster } from '../support/nats-test-cluster.js';

const nats = natsTestCluster({ nodes: 1, tempPrefix: 'patx-shipper-stopped-' });

/** A leader's shipper on a stream of its own, its LEADER record written under `epoch`. */
async function leadingShipper(stream: string, epoch: number): Promise<{ shipper: CatalogShipper; names: { stream: string; subject: string } }> {
  const names = { stream, subject: `patx.test.${stream.toLowerCase()}` };
  await ensureStream(nats.jsm, { ...names, replicas: 1, maxBytes: 16 * 2 ** 20, refuseWhenFull: true });
  await takeTheCatalogPen(nats.js, names, { node: 'a', epoch, appliedStreamSeq: (await streamBounds(nats.jsm, names.stream)).last });
  const shipper = new CatalogShipper(nats.js, { names, jsm: nats.jsm, epoch, retryMs: 20 });
  shipper.start();
  return { shipper, names };
}

describe('a write on a leader whose catalog shipper stopped', () => {
  it('is never answered as replicated: replicated() refuses, and the stream holds nothing of it', async () => {
    const { shipper, names } = await leadingShipper('PATX_SHIPPER_STOPPED', 5);
    const dir = nats.tempDir();
    const credentials = OperatorCredentials.open(dir, 'bootstrap-token', () => undefined);
    const store = CatalogStore.open(dir);
    credentials.replicateTo(shipper);
    store.replicateTo(shipper);
    try {
      credentials.add('alice', 7, 1_765_000_000_000, ['viewer']);
      await credentials.replicated();
      const before = (await streamBounds(nats.jsm, names.stream)).last;

      // Deposed (node.ts: the lease lost): everything told before was acknowledged.
      await shipper.stop('deposed: lost the lease: test');
      credentials.add('bob', 7, 1_765_000_000_001, ['viewer']);
      const answer = await credentials.replicated().then(
        () => 'replicated',
        (error: unknown) => error,
      );
      expect(answer).toBeInstanceOf(CatalogShipperStoppedError);
      expect((answer as Error).message).toContain('deposed: lost the lease');
      // Any store the shipper serves: a listing id handed out after the stop is no more replicated than the operator.
      store.nextListingId();
      await expect(store.replicated()).rejects.toBeInstanceOf(CatalogShipperStoppedError);
      expect((await streamBounds(nats.jsm, names.stream)).last).toBe(before);
    } finally {
      await store.close();
    }
  }, 60_000);

  it("the grant ledger's writes answer 503 NOT_REPLICATED, as the catalog's do (they were a 500 INTERNAL)", async () => {
    const { shipper } = await leadingShipper('PATX_SHIPPER_STOPPED_GRANTS', 7);
    const dir = nats.tempDir();
    const journal = Journal.open(dir, { durability: 'commit' });
    const { engine } = recover(journal);
    const signer = new GrantSigner('0x' + '42'.repeat(32), { name: GRANT_DOMAIN_NAME, version: GRANT_DOMAIN_VERSION, chainId: 31337, verifyingContract: ZERO_ADDRESS });
    const ledger = GrantLedger.open({ dataDir: dir, engine, signer, clock: () => 1_765_000_000_000, disputeMs: 3_600_000 });
    ledger.replicateTo(shipper);
    try {
      await ledger.noteDecision(1, { text: 'before the stop', operator: 'alice', atMs: 1 });
      await shipper.stop('deposed: lost the lease: test');
      const refused = await ledger.noteDecision(1, { text: 'after the stop', operator: 'alice', atMs: 2 }).then(
        () => 'replicated',
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(GrantError);
      expect(fail(refused)).toMatchObject({ status: 503, body: { error: 'NOT_REPLICATED' } });
    } finally {
      await ledger.close();
      journal.close();
    }
  }, 60_000);

  it('a write acknowledged before the stop, with none after it, is still answered as replicated', async () => {
    const { shipper } = await leadingShipper('PATX_SHIPPER_STOPPED_ACKED', 6);
    shipper.deliveryRefused({ listingId: 1, refusal: { code: 'ENDPOINT_NOT_ALLOWED', message: 'loopback', atMs: 1, version: 1, grantId: 1 } });
    await shipper.replicated();
    await shipper.stop();
    await expect(shipper.replicated()).resolves.toBeUndefined();
  }, 60_000);
});
