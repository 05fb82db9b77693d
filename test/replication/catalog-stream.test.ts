/**
 * The catalog stream on a real three-node nats-server cluster (R3) on 127.0.0.1: a
 * leader's catalog (a real Catalog over its LMDB store, a real engine and sequencer) and
 * its named operators, written while a CatalogShipper ships them, arrive in a standby's
 * own CatalogStore and credentials byte for byte, a sample larger than NATS's 1 MiB
 * max_payload included (it travels in chunks); applying the whole stream again changes
 * nothing; a restarted standby resumes after the stream seq it applied last; and the first
 * leader on an empty stream ships the catalog it kept before (seed); providers' identity records
 * and their audit (payee, screening) arrive equal to the leader's, undos included; a model feed's signals,
 * their outcomes and their pruning travel too; and a write is
 * replicated only once the stream holds it (with two of three servers down it waits).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { getAddress } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog, CatalogStore, type CatalogAuditEntry, type Listing } from '../../src/catalog/index.js';
import { CommandKind, EventType, Journal, recover, Role, Sequencer, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { OperatorCredentials } from '../../src/operator/index.js';
import { IdentityStore, type IdentityAuditEntry, type ProviderIdentity } from '../../src/providers/index.js';
import { CatalogFollower, type CatalogReplica } from '../../src/replication/catalog-follower.js';
import { CatalogShipper, takeTheCatalogPen } from '../../src/replication/catalog-shipper.js';
import { CHUNK_BYTES } from '../../src/replication/catalog-stream.js';
import { startLocalCluster, type LocalCluster } from '../../src/replication/local-cluster.js';
import { ensureStream, streamBounds, type StreamNames } from '../../src/replication/stream.js';
import { csv, listingInput, modelFeedInput } from '../support/catalog-fixture.js';
import { removeDir } from '../support/exchange-fixture.js';

let cluster: LocalCluster;
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;
const dirs: string[] = [];
const names = { stream: 'PATX_CATALOG_TEST', subject: 'patx.test.catalog' };

beforeAll(async () => {
  cluster = await startLocalCluster();
  nc = await connect({ servers: cluster.servers });
  js = jetstream(nc);
  jsm = await jetstreamManager(nc);
  await ensureStream(jsm, { ...names, replicas: 3, maxBytes: 256 * 2 ** 20, refuseWhenFull: true });
}, 60_000);

afterAll(async () => {
  await nc?.close();
  await cluster?.stop();
  for (const d of dirs) removeDir(d);
});

/** A catalog leader of `epoch`: its leader record right after the stream's last message, then its shipper (whose chain starts at that record). */
async function catalogLeader(streamNames: StreamNames, epoch: number, retryMs: number): Promise<CatalogShipper> {
  await takeTheCatalogPen(js, streamNames, { node: `node-${epoch}`, epoch, appliedStreamSeq: (await streamBounds(jsm, streamNames.stream)).last });
  return new CatalogShipper(js, { names: streamNames, jsm, epoch, retryMs });
}

function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'patx-catalog-repl-'));
  dirs.push(d);
  return d;
}

/** Everything a catalog store holds that replicates, as read back from its LMDB. */
function contents(store: CatalogStore, shas: readonly string[]): { listings: Listing[]; audit: CatalogAuditEntry[]; samples: Record<string, string> } {
  return {
    listings: [...store.allListings()],
    audit: [...store.allAudit()],
    samples: Object.fromEntries(shas.map((sha) => [sha, store.sample(sha)?.toString('base64') ?? 'missing'])),
  };
}

describe('the catalog stream', () => {
  it("carries a leader's listings, samples (one over 1 MiB), audit, next listing id and named operators to a standby, byte for byte; applying again changes nothing", async () => {
    // The leader: its own journal, engine, sequencer, catalog store and credentials.
    const leaderDir = tempDir();
    const journal = Journal.open(leaderDir, { durability: 'commit' });
    const { engine } = recover(journal);
    const sequencer = new Sequencer(engine, journal, Date.now, { snapshotEveryMs: 0, snapshotEveryCommands: 0 });
    const store = CatalogStore.open(leaderDir);
    const credentials = OperatorCredentials.open(leaderDir, 'bootstrap-token', () => undefined);
    const shipper = await catalogLeader(names, 7, 20);
    shipper.start();
    store.replicateTo(shipper);
    credentials.replicateTo(shipper);

    // The standby follows from the start, as ReplicationNode.lead has it do while it waits.
    const standbyDir = tempDir();
    const standby: CatalogReplica = { store: CatalogStore.open(standbyDir), credentials: OperatorCredentials.open(standbyDir, 'bootstrap-token', () => undefined), identities: IdentityStore.open(standbyDir) };
    const follower = new CatalogFollower(js, jsm, names, standby);
    await follower.start();

    const opened = await sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '0x' + '11'.repeat(20) });
    const providerId = opened.events.find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
    const catalog = new Catalog({ store, engine, sequencer, clock: Date.now });
    const bigSample = csv(30_000);
    expect(Buffer.byteLength(bigSample)).toBeGreaterThan(2 ** 20);
    const big = await catalog.create(providerId, listingInput({ title: 'Large sample' }, bigSample));
    const small = await catalog.create(providerId, listingInput({ title: 'Small sample' }, csv(40)));
    catalog.submit(big.id, providerId);
    catalog.publish(big.id, 'admin');
    catalog.submit(small.id, providerId);
    catalog.reject(small.id, 'admin', 'the description says nothing of its source');
    await catalog.update(small.id, providerId, listingInput({ title: 'Small sample, v2', changeLog: 'v2' }, csv(45)));
    const token = credentials.add('alice', 9, Date.now(), ['moderator']);
    credentials.add('bob', 10, Date.now(), ['risk']);
    credentials.revoke('bob', Date.now());
    await catalog.replicated();
    await credentials.replicated();
    expect(shipper.lagMessages).toBe(0);

    // The large sample went in chunks of at most CHUNK_BYTES.
    const { last } = await streamBounds(jsm, names.stream);
    const bigSha = big.versions[0]!.sample.sha256;
    const bigBytes = store.sample(bigSha)!;
    expect(bigBytes.length).toBeGreaterThan(2 * CHUNK_BYTES);

    const reached = await follower.catchUp();
    expect(reached).toBe(last);
    expect(follower.droppedChunks).toBe(0);
    expect(standby.store.replicatedStreamSeq()).toBe(last);
    const shas = [...new Set([...store.allListings()].flatMap((l) => l.versions.map((v) => v.sample.sha256)))];
    expect(shas.length).toBe(3);
    const leaderContents = contents(store, shas);
    expect(leaderContents.audit.map((e) => e.action)).toEqual(['create', 'create', 'submit', 'publish', 'submit', 'reject', 'update']);
    expect(contents(standby.store, shas)).toEqual(leaderContents);
    expect(Buffer.compare(standby.store.sample(bigSha)!, bigBytes)).toBe(0);
    // The roles travel with the records: the standby knows alice as a moderator only.
    expect(standby.credentials.authenticate(token)).toEqual({ name: 'alice', accountId: 9, roles: ['moderator'] });
    expect(standby.credentials.rolesOf('alice')).toEqual(['moderator']);
    expect(standby.credentials.list()).toEqual(credentials.list());

    // Applying the whole stream again (a store that forgot where it was) changes nothing.
    standby.store.markReplicated(0);
    const again = new CatalogFollower(js, jsm, names, standby);
    await again.start();
    expect(await again.catchUp()).toBe(last);
    expect(again.applied).toBeGreaterThan(10);
    expect(contents(standby.store, shas)).toEqual(leaderContents);
    expect(standby.credentials.list()).toEqual(credentials.list());

    // A restarted standby resumes after the seq it applied: only what came since.
    await catalog.update(big.id, providerId, listingInput({ title: 'Large sample, v2', changeLog: 'v2' }, csv(60)));
    await catalog.replicated();
    const resumed = new CatalogFollower(js, jsm, names, standby);
    await resumed.start();
    await resumed.catchUp();
    expect(resumed.applied).toBe(3); // the new sample, the listing, its audit entry (and nothing before)
    expect(standby.store.sample(bigSha)).toBeDefined();
    expect([...standby.store.allListings()].find((l) => l.id === big.id)!.versions.length).toBe(2);

    // The next listing id and audit seq moved with the records: a standby that leads next hands out new ones.
    const standbyCatalog = new Catalog({ store: standby.store, engine, sequencer, clock: Date.now });
    const third = await standbyCatalog.create(providerId, listingInput({ title: 'On the next leader' }, csv(30)));
    expect(third.id).toBe(big.id + 2);
    expect([...standby.store.allAudit()].at(-1)!.seq).toBe(leaderContents.audit.length + 2);

    await shipper.stop();
    await sequencer.stop();
    await store.close();
    await standby.store.close();
    await journal.close();
  }, 120_000);

  it("a model feed's signals, their outcomes and their pruning reach a standby; applying again changes nothing", async () => {
    const feedNames = { stream: 'PATX_CATALOG_FEED_TEST', subject: 'patx.test.catalog-feed' };
    await ensureStream(jsm, { ...feedNames, replicas: 3, maxBytes: 64 * 2 ** 20, refuseWhenFull: true });
    const leaderDir = tempDir();
    const journal = Journal.open(leaderDir, { durability: 'commit' });
    const { engine } = recover(journal);
    const sequencer = new Sequencer(engine, journal, Date.now, { snapshotEveryMs: 0, snapshotEveryCommands: 0 });
    const store = CatalogStore.open(leaderDir);
    const shipper = await catalogLeader(feedNames, 1, 20);
    shipper.start();
    store.replicateTo(shipper);
    const standbyDir = tempDir();
    const standby: CatalogReplica = { store: CatalogStore.open(standbyDir), credentials: OperatorCredentials.open(standbyDir, 'bootstrap-token', () => undefined), identities: IdentityStore.open(standbyDir) };
    const follower = new CatalogFollower(js, jsm, feedNames, standby);
    await follower.start();

    const opened = await sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '0x' + '33'.repeat(20) });
    const providerId = opened.events.find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
    // A submitted feed takes signals from a verified provider only.
    await sequencer.submit({ kind: CommandKind.SET_PROVIDER_VERIFIED, actor: SYSTEM_ACTOR, accountId: providerId, verified: true });
    let now = Date.now();
    const catalog = new Catalog({ store, engine, sequencer, clock: () => now });
    const feed = await catalog.create(providerId, modelFeedInput());
    catalog.submit(feed.id, providerId);
    catalog.feeds.postSignals(feed.id, providerId, { signals: ['a', 'b', 'c'].map((signalId) => ({ signalId, instrument: 'AUTO_INTENT', position: 1 })) });
    now += 600_000;
    catalog.feeds.postOutcomes(feed.id, providerId, { outcomes: [{ signalId: 'a', outcomeBps: 12 }, { signalId: 'b', outcomeBps: -3 }] });
    await catalog.replicated();
    const signalsOf = (s: CatalogStore) => [...s.signalsOf(feed.id)];
    const listingOf = (s: CatalogStore) => [...s.allListings()].find((l) => l.id === feed.id);
    await follower.catchUp();
    expect(signalsOf(store).map((x) => x.outcome?.bps)).toEqual([12, -3, undefined]);
    expect(signalsOf(standby.store)).toEqual(signalsOf(store));
    expect(standby.store.signalById(feed.id, 'b')).toEqual(store.signalById(feed.id, 'b'));
    expect(listingOf(standby.store)).toEqual(listingOf(store));

    // 91 days on: c is missing, and all three are folded into a daily aggregate and pruned, on both.
    now += 91 * 86_400_000;
    catalog.feeds.sweep();
    await catalog.replicated();
    const resumed = new CatalogFollower(js, jsm, feedNames, standby); // a catch-up stops following: resume after it
    await resumed.start();
    await resumed.catchUp();
    expect(signalsOf(store)).toEqual([]);
    expect(signalsOf(standby.store)).toEqual([]);
    expect(standby.store.signalById(feed.id, 'a')).toBeUndefined();
    expect(listingOf(store)!.feed!.aggregates).toMatchObject([{ signals: 3, outcomes: 2, missing: 1, sumNetBps: 9 }]);
    expect(listingOf(standby.store)).toEqual(listingOf(store));

    // The whole stream applied again: the same.
    standby.store.markReplicated(0);
    const again = new CatalogFollower(js, jsm, feedNames, standby);
    await again.start();
    await again.catchUp();
    expect(signalsOf(standby.store)).toEqual([]);
    expect(listingOf(standby.store)).toEqual(listingOf(store));

    await shipper.stop();
    await sequencer.stop();
    await store.close();
    await standby.store.close();
    await journal.close();
  }, 120_000);

  it('the first leader on an empty catalog stream ships the catalog and operators it kept before (seed); a standby gets all of it', async () => {
    const seedNames = { stream: 'PATX_CATALOG_SEED_TEST', subject: 'patx.test.catalog-seed' };
    await ensureStream(jsm, { ...seedNames, replicas: 3, maxBytes: 256 * 2 ** 20, refuseWhenFull: true });
    // A catalog kept without replication.
    const leaderDir = tempDir();
    const journal = Journal.open(leaderDir, { durability: 'commit' });
    const { engine } = recover(journal);
    const sequencer = new Sequencer(engine, journal, Date.now, { snapshotEveryMs: 0, snapshotEveryCommands: 0 });
    const store = CatalogStore.open(leaderDir);
    const credentials = OperatorCredentials.open(leaderDir, 'bootstrap-token', () => undefined);
    const opened = await sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.PROVIDER, address: '0x' + '22'.repeat(20) });
    const providerId = opened.events.find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
    const catalog = new Catalog({ store, engine, sequencer, clock: Date.now });
    const listing = await catalog.create(providerId, listingInput({ title: 'Kept before replication' }, csv(20_000)));
    catalog.submit(listing.id, providerId);
    const token = credentials.add('dave', 4, Date.now(), ['risk']);

    const shipper = await catalogLeader(seedNames, 3, 20);
    shipper.start();
    // A listing, its sample, two audit entries, the next listing id, the operators.
    expect(await shipper.seed(store.allWrites(), credentials.allRecords())).toBe(6);

    const standbyDir = tempDir();
    const standby: CatalogReplica = { store: CatalogStore.open(standbyDir), credentials: OperatorCredentials.open(standbyDir, 'bootstrap-token', () => undefined), identities: IdentityStore.open(standbyDir) };
    const follower = new CatalogFollower(js, jsm, seedNames, standby);
    await follower.start();
    await follower.catchUp();
    const sha = listing.versions[0]!.sample.sha256;
    expect(contents(standby.store, [sha])).toEqual(contents(store, [sha]));
    expect(standby.credentials.authenticate(token)).toEqual({ name: 'dave', accountId: 4, roles: ['risk'] });
    expect(standby.store.nextListingId()).toBe(listing.id + 1);

    await shipper.stop();
    await sequencer.stop();
    await store.close();
    await standby.store.close();
    await journal.close();
  }, 120_000);

  it("providers' identity records (payee and screening included) and their audit reach a standby equal to the leader's, an undone write too; applying again changes nothing; the seed ships a store kept before", async () => {
    const idNames = { stream: 'PATX_CATALOG_IDENTITY_TEST', subject: 'patx.test.catalog-identity' };
    await ensureStream(jsm, { ...idNames, replicas: 3, maxBytes: 64 * 2 ** 20, refuseWhenFull: true });
    // A record verified before replication was on: the seed must carry it.
    const leaderDir = tempDir();
    const leader = IdentityStore.open(leaderDir);
    const t0 = Date.now();
    const record = (accountId: number, over: Partial<ProviderIdentity> = {}): ProviderIdentity => ({
      accountId,
      legalName: `Provider ${accountId} GmbH`,
      jurisdiction: 'DE',
      payoutAddress: getAddress('0x' + 'ab'.repeat(20)),
      kycReference: `case-${accountId}`,
      verified: true,
      verifiedAtMs: t0,
      verifiedBy: 'admin',
      updatedAtMs: t0,
      updatedBy: 'admin',
      payee: { name: `Provider ${accountId} GmbH`, type: 'business', taxResidence: 'DE', taxId: `DE${accountId}12345678`, address: 'Hauptstr. 1, 10115 Berlin' },
      screening: { status: 'pending', atMs: t0, by: 'admin', note: '' },
      ...over,
    });
    const row = (accountId: number, action: IdentityAuditEntry['action']): Omit<IdentityAuditEntry, 'id'> => ({ atMs: t0, operator: 'admin', accountId, action, reason: action, changes: [] });
    leader.write(record(5), row(5, 'verify'));

    const shipper = await catalogLeader(idNames, 21, 20);
    shipper.start();
    expect(await shipper.seed([], [], leader.allWrites())).toBe(2); // the record, its audit row
    leader.replicateTo(shipper);

    const standbyDir = tempDir();
    const standby: CatalogReplica = { store: CatalogStore.open(standbyDir), credentials: OperatorCredentials.open(standbyDir, 'bootstrap-token', () => undefined), identities: IdentityStore.open(standbyDir) };
    const follower = new CatalogFollower(js, jsm, idNames, standby);
    await follower.start();

    // Written after: a second provider verified, screened flagged, its payee changed; a third verified and undone (the engine refused).
    leader.write(record(6), row(6, 'verify'));
    leader.write(record(6, { screening: { status: 'flagged', atMs: t0 + 1, by: 'risk-anna', note: 'name match on a sanctions list', reference: 'screen-991' } }), { ...row(6, 'screen'), changes: [{ field: 'screening', from: 'pending', to: 'flagged' }] });
    const previous = leader.get(6);
    const withPayee = record(6, { screening: previous!.screening, payee: { ...previous!.payee!, taxId: 'DE999' } });
    leader.write(withPayee, { ...row(6, 'update'), changes: [{ field: 'payee.taxId', from: previous!.payee!.taxId, to: 'DE999' }] });
    const refused = leader.write(record(7), row(7, 'verify'));
    leader.undo(refused, undefined);
    await leader.replicated();
    await follower.catchUp();

    const copy = (s: IdentityStore) => ({ records: s.all(), audit: s.audit(1, 1_000) });
    const leaderCopy = copy(leader);
    expect(leaderCopy.records.map((r) => [r.accountId, r.screening.status])).toEqual([[5, 'pending'], [6, 'flagged']]);
    expect(leaderCopy.audit.map((r) => [r.accountId, r.action])).toEqual([[5, 'verify'], [6, 'verify'], [6, 'screen'], [6, 'update']]);
    expect(copy(standby.identities)).toEqual(leaderCopy);
    expect(standby.identities.get(7)).toBeUndefined();
    expect(standby.identities.get(6)).toEqual(withPayee);

    // Applying the whole stream again: the same.
    standby.store.markReplicated(0);
    const again = new CatalogFollower(js, jsm, idNames, standby);
    await again.start();
    await again.catchUp();
    expect(copy(standby.identities)).toEqual(leaderCopy);

    // On the standby as the next leader, audit ids go on after the leader's (the undone one's included): none is reused.
    const next = standby.identities.write(record(8), row(8, 'verify'));
    expect(next.id).toBe(refused.id + 1);

    // A malformed identity write stops a follower and changes nothing.
    expect(() => standby.identities.applyReplicated({ accountId: 6, record: { ...withPayee, screening: { status: 'cleared' } } })).toThrow();
    expect(() => standby.identities.applyReplicated({ accountId: 9, record: record(6) })).toThrow();
    expect(standby.identities.get(6)).toEqual(withPayee);

    await shipper.stop();
    await leader.close();
    await standby.identities.close();
    await standby.store.close();
  }, 120_000);

  it('a write counts as replicated only once the stream holds it: with two of the three nats-servers down it waits, and is stored once when they return', async () => {
    const ackNames = { stream: 'PATX_CATALOG_ACK_TEST', subject: 'patx.test.catalog-ack' };
    await ensureStream(jsm, { ...ackNames, replicas: 3, maxBytes: 64 * 2 ** 20, refuseWhenFull: true });
    const store = CatalogStore.open(tempDir());
    const shipper = await catalogLeader(ackNames, 11, 50);
    shipper.start();
    store.replicateTo(shipper);
    const [, second, third] = cluster.nodes;
    await second!.kill();
    await third!.kill();
    store.appendAudit({ atMs: Date.now(), listingId: 1, actor: 'operator:admin', action: 'take_down', fromStatus: 'published', toStatus: 'taken_down', version: 1, reason: 'no quorum' });
    let replicated = false;
    const acknowledged = store.replicated().then(() => (replicated = true));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(replicated).toBe(false);
    expect(shipper.lagMessages).toBe(1);
    await second!.start();
    await third!.start();
    await acknowledged;
    expect(shipper.lagMessages).toBe(0);
    // Retried with the same message id: stored once (after the leader record).
    expect((await streamBounds(jsm, ackNames.stream)).messages).toBe(2);
    await shipper.stop();
    await store.close();
  }, 120_000);
});
