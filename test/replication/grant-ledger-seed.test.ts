/**
 * The first leader on an empty catalog stream seeds it with its grant ledger (docs/replication.md, "The catalog
 * stream"), as it does with its catalog: a group whose catalog stream is new (upgrading from a version before it, or
 * the stream reset) keeps on every node the receipts and reports its leader took before. Two replicated services in
 * this process on a real three-node nats-server cluster. The first node leads alone: a consumer of the demo
 * provider's listing receipts 2 of its 3 rights, the provider's gate reports serving the third with its evidence. It
 * stops; the catalog stream is deleted (what it carried is gone: the stream is new). It starts again on its data dir
 * and leads: the journal stream continues its journal, the catalog stream is empty, so it ships its catalog and its
 * grant ledger. A second node joins as a standby (a new data dir) and follows; the first stops, the second leads with
 * the grant as the first had it (its delivery, receipts, evidence, the listing's counts), refuses the same receipt as
 * replayed and takes a receipt of the reported right on top. Without the seed the new leader had none of it:
 * delivered 0, no receipt, no evidence, the listing's count 0, and it took the old receipt again.
 *
 * A catalog stream that holds messages but no seed (a group's stream from before 2026-12-06, made here by removing the
 * grant ledger's records from it) is seeded the same way by its next leader, once: the standby that takes over finds
 * the seed's mark and ships none again. Without it the standby had none of the receipts.
 */
import { Wallet } from 'ethers';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/app/config.js';
import { startService, type Service } from '../../src/app/service.js';
import { deliveryOf } from '../../src/grants/ledger-seed.js';
import { freePort } from '../../src/runtime/free-port.js';
import { createLogger } from '../../src/runtime/log.js';
import { until } from '../support/exchange-fixture.js';
import { demoGrant, grantSeenBy, receiptOf, receiptsSeenBy, reportServed, sendReceipt, type DemoGrant } from '../support/demo-grant.js';
import { takeoverNodes, type TakeoverNodeOptions } from '../support/takeover-nodes.js';
import { rejectName, TradingClient, wire } from '../../src/client/index.js';
import { standbyHealth } from '../support/standby-health.js';

const OPERATOR_TOKEN = 'grant-ledger-seed-operator-token-0123456789';
const logger = createLogger(process.env['PATX_TEST_LOG'] === undefined ? 'silent' : 'info');

const nodes = takeoverNodes('grant-seed', OPERATOR_TOKEN);

/** The group's streams and buckets: each test's its own, small, on the one cluster of the file. */
type Group = Partial<Config['replication']>;

function nodeConfig(group: Group, node: string, quoterTickMs: number, o: TakeoverNodeOptions = {}): Config {
  const c = nodes.config(node, { quoting: { tickMs: quoterTickMs, brokerFloatPat: 10_000 } }, o);
  return { ...c, replication: { ...c.replication, ...group } };
}

const groupNamed = (name: string): Group => ({
  stream: `J_${name}`,
  subject: `${name}.journal`,
  catalogStream: `C_${name}`,
  catalogSubject: `${name}.catalog`,
  leaseBucket: `lease_${name}`,
  idempotencyKeyBucket: `keys_${name}`,
  maxStreamBytes: 64 * 2 ** 20,
  catalogMaxStreamBytes: 64 * 2 ** 20,
  idempotencyKeyBucketMaxBytes: 16 * 2 ** 20,
});

/** What the grant ledger holds of `g` beside the journal, and its listing's counts, as `s` answers them. */
async function ledgerOf(s: Service, g: DemoGrant): Promise<Record<string, unknown>> {
  const ledger = s.grants()!;
  return {
    view: await grantSeenBy(s, g),
    receipts: await receiptsSeenBy(s, g),
    evidence: ledger.evidenceOf(g.grantId),
    delivery: deliveryOf((await ledger.get(g.grantId))!),
    listing: ledger.deliveryOf(g.listingId),
  };
}

/** The cluster's JetStream manager for `use`, its connection closed after. */
async function withStreams<T>(use: (jsm: Awaited<ReturnType<typeof jetstreamManager>>) => Promise<T>): Promise<T> {
  const nc = await connect({ servers: nodes.servers() });
  try {
    return await use(await jetstreamManager(nc));
  } finally {
    await nc.close();
  }
}

/** Deletes a stream on the cluster (the next node that needs it creates it anew, empty). */
const deleteStream = (stream: string): Promise<void> => withStreams(async (jsm) => void expect(await jsm.streams.delete(stream)).toBe(true));

/** The kinds of the messages a stream holds, in order. */
const kindsOf = (stream: string): Promise<Array<{ seq: number; kind: string }>> =>
  withStreams(async (jsm) => {
    const { state } = await jsm.streams.info(stream);
    const out: Array<{ seq: number; kind: string }> = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
      if (m !== null) out.push({ seq, kind: m.header.get('Patx-Kind') });
    }
    return out;
  });

/**
 * The catalog stream as a version before the grant ledger's records left it: every grant ledger record and seed mark
 * removed, the stream's last messages among them (its last seq then names a deleted message: a takeover's catch-up
 * ends at the last one stored, src/replication/stream.ts, catchUpStream).
 */
async function stripGrantLedger(stream: string): Promise<void> {
  const kinds = await kindsOf(stream);
  const gone = kinds.filter((m) => m.kind === 'grant-ledger' || m.kind === 'grant-ledger-seeded');
  expect(gone.length).toBeGreaterThan(0);
  expect(gone.at(-1)!.seq).toBe(kinds.at(-1)!.seq);
  await withStreams(async (jsm) => {
    for (const m of gone) await jsm.streams.deleteMessage(stream, m.seq);
  });
}

/**
 * a leads on the group's new streams and takes a receipt and a provider's report; it stops, and `unseed` leaves the
 * catalog stream without the grant ledger; a starts again and leads; b joins as a standby, follows, and takes over
 * when a stops: b's ledger must be a's, the receipt refused as replayed, the reported right's receipt counted on top.
 */
async function seedReachesTakeover(group: Group, unseed: () => Promise<void>, whileLeading?: (a: Service, g: DemoGrant) => Promise<((b: Service) => Promise<void>) | void>): Promise<Service> {
  const aConfig = nodeConfig(group, 'a', 50);
  const first = nodes.started(await startService(aConfig, logger));
  expect(first.replication?.status().role).toBe('leader');
  const g = await demoGrant(first, Wallet.createRandom(), 3, logger);
  const receipt = await receiptOf(first, g, 2, 'download-1');
  const accepted = await sendReceipt(first, g, receipt);
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  const reported = await reportServed(first, g, 1, 'download-2');
  expect(reported.status, JSON.stringify(reported.body)).toBe(200);
  const before = await ledgerOf(first, g);
  expect(before).toMatchObject({ view: { delivered: 2, receipts: 1, reportedByProvider: 1 }, evidence: [{ nonce: 'download-2' }], listing: { delivered: 2 } });
  first.quoting!.stop();
  nodes.stopped(first);
  await first.stop();

  await unseed();
  const a = nodes.started(await startService(nodeConfig(group, 'a', 50, { dataDir: aConfig.dataDir }), logger));
  expect(a.replication?.status().role).toBe('leader');
  expect(await ledgerOf(a, g)).toEqual(before);
  const onNextLeader = await whileLeading?.(a, g);
  // A standby joins with nothing of its own and follows.
  const bPort = await freePort();
  const bStarting = startService(nodeConfig(group, 'b', 60_000, { port: bPort }), logger);
  void bStarting.catch(() => undefined);
  const seq = a.engine.lastSeq;
  await until(async () => {
    const h = await standbyHealth(bPort);
    return h.role === 'standby' && (h.seq ?? 0) >= seq;
  }, 'b to follow the journal to where a was', 60_000, 250);

  // a stops; b takes over. (The listing's counts are a's as it stops: `whileLeading` may have added a grant's delivery.)
  const atStop = await ledgerOf(a, g);
  expect(atStop).toEqual(onNextLeader === undefined ? before : { ...before, listing: atStop['listing'] });
  a.quoting!.stop();
  nodes.stopped(a);
  await a.stop();
  const b = nodes.started(await bStarting);
  expect(b.replication?.status().role).toBe('leader');
  expect(await ledgerOf(b, g)).toEqual(atStop);
  await onNextLeader?.(b);

  // It goes on from there: the receipt is refused as replayed, the reported right's receipt counts on top.
  const again = await sendReceipt(b, g, receipt);
  expect([again.status, again.body['error']]).toEqual([409, 'RECEIPT_REPLAYED']);
  const third = await sendReceipt(b, g, await receiptOf(b, g, 1, 'download-2'));
  expect(third.status, JSON.stringify(third.body)).toBe(200);
  expect(await grantSeenBy(b, g)).toMatchObject({ delivered: 3, counted: 3, receipts: 2 });
  expect(b.grants()!.deliveryOf(g.listingId)).toMatchObject({ delivered: (atStop['listing'] as { delivered: number }).delivered + 1 });
  return b;
}

describe("a grant ledger's seed on the catalog stream", () => {
  it("the first leader on an empty catalog stream ships its grant ledger's receipts, reports with their evidence and listing counts: a standby that joins after has them, and keeps them when it takes over", async () => {
    const group = groupNamed('empty');
    // The catalog stream is new: the node starts again on its data dir and leads: it seeds the stream.
    await seedReachesTakeover(group, () => deleteStream(group.catalogStream!));
  }, 240_000);

  it('a leader on a catalog stream that holds no seed (begun before 2026-12-06) ships it, once', async () => {
    const group = groupNamed('older');
    await seedReachesTakeover(group, () => stripGrantLedger(group.catalogStream!));
    // b took over on a stream holding a's seed: it shipped none again.
    expect((await kindsOf(group.catalogStream!)).filter((m) => m.kind === 'grant-ledger-seeded')).toHaveLength(1);
  }, 240_000);

  it("a leader's seed runs in the background: on a catalog stream that holds no seed and takes none of it yet, the new leader leads and takes an order; the seed ends once the stream takes it, and the next leader has the whole ledger", async () => {
    const group = groupNamed('background');
    const stream = group.catalogStream!;
    const seedMarks = async () => (await kindsOf(stream)).filter((m) => m.kind === 'grant-ledger-seeded');
    await seedReachesTakeover(
      group,
      async () => {
        await stripGrantLedger(stream);
        // Room for the new leader's record only: the seed's first record is refused (discard new) until the limit goes.
        await withStreams(async (jsm) => {
          const { config, state } = await jsm.streams.info(stream);
          await jsm.streams.update(stream, { ...config, max_msgs: state.messages + 1 });
        });
      },
      async (a, g) => {
        // Before 2026-12-06 the takeover shipped the whole seed first: this node never led while the stream refused it.
        const shipping = a.replication!.grantLedgerShipping!;
        expect(shipping.seeding).toBe(true);
        const trader = await TradingClient.connect(`ws://127.0.0.1:${a.gateway.port}/v1/trade`, { wallet: g.consumer });
        try {
          const ack = await trader.newOrder({ seriesId: g.signed.grant.seriesId, clientOrderId: 900_001, side: wire.Side.BUY, priceMicros: 1_000, qty: 1, timeInForce: wire.TimeInForce.GTC });
          expect(rejectName(ack)).toBe('NONE');
        } finally {
          await trader.close();
        }
        expect(shipping.seeding).toBe(true);
        expect(await seedMarks()).toHaveLength(0);
        // A grant's receipt taken meanwhile: held behind the seed, answered once the seed and it are on the stream.
        const other = await demoGrant(a, Wallet.createRandom(), 1, logger);
        expect(shipping.seeding).toBe(true);
        const otherReceipt = await receiptOf(a, other, 1, 'during-the-seed');
        const answered = sendReceipt(a, other, otherReceipt);
        await withStreams(async (jsm) => {
          const { config } = await jsm.streams.info(stream);
          await jsm.streams.update(stream, { ...config, max_msgs: -1 });
        });
        await shipping.seeded;
        expect(shipping.seeding).toBe(false);
        expect(await seedMarks()).toHaveLength(1);
        const taken = await answered;
        expect(taken.status, JSON.stringify(taken.body)).toBe(200);
        const kinds = await kindsOf(stream);
        const mark = kinds.findIndex((m) => m.kind === 'grant-ledger-seeded');
        expect(kinds.slice(mark + 1).map((m) => m.kind)).toContain('grant-ledger');
        const otherBefore = await ledgerOf(a, other);
        expect(otherBefore).toMatchObject({ view: { delivered: 1, receipts: 1 } });
        // The next leader has the receipt taken during the seed, once, and refuses it again as replayed.
        return async (b) => {
          expect(await ledgerOf(b, other)).toEqual(otherBefore);
          const again = await sendReceipt(b, other, otherReceipt);
          expect([again.status, again.body['error']]).toEqual([409, 'RECEIPT_REPLAYED']);
        };
      },
    );
    expect(await seedMarks()).toHaveLength(1);
  }, 240_000);
});
