/**
 * A courier's refusal lost at a failover is noted again by the new leader's courier (docs/replication.md, the
 * `delivery-refusal` record): nobody waits for the stream to hold a refusal, so one noted just before the leader
 * goes is lost from the stream; but what the courier hands is journal-derived, and only a leader's courier gives a
 * handoff up, so the standby that takes over still holds the refused exercise's handoff. Its courier's first sweep
 * sends it to the same endpoint under the same rules, is refused again (ENDPOINT_NOT_ALLOWED, nothing sent), notes
 * it, and ships it: the provider and the operator see it on the new leader, and every standby after.
 *
 * Real parts: a one-node nats-server on 127.0.0.1 and a real catalog stream; each node's subscription ledger in its
 * own LMDB store fed the same exercise (as each derives it from the journal: test/support/courier-handoffs.ts), its
 * DeliveryRefusals in a real store, the real courier with its checked sender (a loopback endpoint the operator did
 * not allow: refused before any connection), the old leader's CatalogShipper, the standby's CatalogFollower.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { RootDatabase } from 'lmdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogStore } from '../../src/catalog/index.js';
import { ENDPOINT_NOT_ALLOWED } from '../../src/gate/push-registration.js';
import { WebhookAllowance } from '../../src/gate/webhook-target.js';
import { OperatorCredentials } from '../../src/operator/index.js';
import { IdentityStore } from '../../src/providers/index.js';
import { CatalogFollower } from '../../src/replication/catalog-follower.js';
import { CatalogShipper, takeTheCatalogPen } from '../../src/replication/catalog-shipper.js';
import { startLocalCluster, type LocalCluster } from '../../src/replication/local-cluster.js';
import { ensureStream, streamBounds } from '../../src/replication/stream.js';
import { openStore } from '../../src/runtime/lmdb-file.js';
import { createLogger } from '../../src/runtime/log.js';
import { SubscriptionCourier } from '../../src/subscriptions/courier.js';
import { DeliveryRefusals } from '../../src/subscriptions/delivery-refusals.js';
import type { GrantLedger } from '../../src/grants/index.js';
import type { SubscriptionLedger } from '../../src/subscriptions/ledger.js';
import { pendingHandoffs } from '../support/courier-handoffs.js';
import { removeDir } from '../support/exchange-fixture.js';

let cluster: LocalCluster;
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;
const dirs: string[] = [];
const envs: RootDatabase[] = [];
const closers: Array<() => Promise<void>> = [];
const names = { stream: 'PATX_CATALOG_REFUSED_AGAIN', subject: 'patx.test.catalog-refused-again' };
const LISTING = 3;
/** A gate on loopback that the operator did not allow (catalog.endpointAllow empty): the courier sends it nothing. */
const ENDPOINT = 'http://127.0.0.1:9613/gate';

beforeAll(async () => {
  cluster = await startLocalCluster({ nodes: 1 });
  nc = await connect({ servers: cluster.servers });
  js = jetstream(nc);
  jsm = await jetstreamManager(nc);
  await ensureStream(jsm, { ...names, replicas: 1, maxBytes: 16 * 2 ** 20, refuseWhenFull: true });
}, 60_000);

afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  for (const env of envs) await env.close();
  await nc?.close();
  await cluster?.stop();
  for (const d of dirs) removeDir(d);
});

function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'patx-refused-again-'));
  dirs.push(d);
  return d;
}

function refusalsStore(): DeliveryRefusals {
  const env = openStore({ path: tempDir(), maxDbs: 2 });
  envs.push(env);
  return DeliveryRefusals.openIn(env);
}

/** A node's courier as the service makes it (src/app/components/timers.ts): its refusals noted; the notes awaited by the test. */
function courierOf(ledger: SubscriptionLedger, grants: Pick<GrantLedger, 'grantsBefore'>, refusals: DeliveryRefusals, notes: Promise<void>[]): SubscriptionCourier {
  return new SubscriptionCourier({
    ledger,
    grants: () => grants,
    endpointOf: (listingId) => (listingId === LISTING ? ENDPOINT : undefined),
    clock: Date.now,
    log: createLogger('silent'),
    endpointAllowance: new WebhookAllowance([]).withLocalhost(),
    refused: (r) => notes.push(refusals.note(r)),
  });
}

describe("a courier's refusal lost at a failover", () => {
  it("is refused again by the new leader's courier at its first sweep, noted and shipped", async () => {
    // Each node's subscription ledger holds the exercise's handoff: journal-derived, the standby's as much as the leader's.
    const a = await pendingHandoffs([[LISTING]], closers);
    const b = await pendingHandoffs([[LISTING]], closers);

    // a leads; its refusal is noted as its shipper stops (deposed at that moment): a shows it, the stream never holds it.
    await takeTheCatalogPen(js, names, { node: 'a', epoch: 3, appliedStreamSeq: (await streamBounds(jsm, names.stream)).last });
    const aShipper = new CatalogShipper(js, { names, jsm, epoch: 3, retryMs: 20 });
    aShipper.start();
    const aRefusals = refusalsStore();
    aRefusals.replicateTo(aShipper);
    await aShipper.stop('deposed: lost the lease: test');
    const aNotes: Promise<void>[] = [];
    await courierOf(a.ledger, a.grants, aRefusals, aNotes).sweep();
    await Promise.all(aNotes);
    expect(aRefusals.lastOf(LISTING)).toMatchObject({ code: ENDPOINT_NOT_ALLOWED, grantId: 10, version: 1 });
    expect(a.ledger.pendingHandoffs(10)).toEqual([]); // a's courier gave the handoff up

    // b, the standby, applied the catalog stream to its end: the refusal is not there.
    const dir = tempDir();
    const store = CatalogStore.open(dir);
    const identities = IdentityStore.open(dir);
    closers.push(async () => {
      await store.close();
      await identities.close();
    });
    const bRefusals = refusalsStore();
    const follower = new CatalogFollower(js, jsm, names, { store, credentials: OperatorCredentials.open(dir, 'bootstrap-token', () => undefined), identities, refusals: bRefusals }, {});
    await follower.start();
    const appliedStreamSeq = await follower.catchUp(10_000);
    await follower.stop();
    expect(follower.failed).toBeUndefined();
    expect(bRefusals.lastOf(LISTING)).toBeUndefined();
    expect(b.ledger.pendingHandoffs(10).map((h) => [h.subscriptionId, h.exerciseId])).toEqual([[1, 1001]]);

    // b takes over (node.ts: its catalog pen, then its shipper, then the service's courier): its first sweep refuses again.
    await takeTheCatalogPen(js, names, { node: 'b', epoch: 4, appliedStreamSeq });
    const bShipper = new CatalogShipper(js, { names, jsm, epoch: 4, retryMs: 20 });
    bShipper.start();
    bRefusals.replicateTo(bShipper);
    const bNotes: Promise<void>[] = [];
    try {
      await courierOf(b.ledger, b.grants, bRefusals, bNotes).sweep();
      await Promise.all(bNotes);
      expect(bNotes).toHaveLength(1);
      const shown = bRefusals.lastOf(LISTING);
      expect(shown).toMatchObject({ code: ENDPOINT_NOT_ALLOWED, grantId: 10, version: 1, message: aRefusals.lastOf(LISTING)!.message });
      expect(b.ledger.pendingHandoffs(10)).toEqual([]);
      // Shipped: the stream's last message is b's refusal, which every standby after takes.
      await bShipper.replicated();
      const m = await jsm.streams.getMessage(names.stream, { last_by_subj: names.subject });
      expect(m?.header.get('Patx-Kind')).toBe('delivery-refusal');
      expect(JSON.parse(new TextDecoder().decode(m!.data))).toEqual({ listingId: LISTING, refusal: shown });
    } finally {
      await bShipper.stop();
    }
  }, 60_000);
});
