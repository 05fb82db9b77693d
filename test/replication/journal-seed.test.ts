/**
 * A single node becoming a replicated group (docs/replication.md, "From one node to a group"). Services in this process
 * on a real three-node nats-server cluster. Node a runs without replication: the broker quotes, the demo provider sells
 * to it, a consumer buys and exercises, receipts two rights; a stops. Started replicated on its data dir it is refused
 * by default (an empty stream under a journal may be a wiped NATS); with replication.seedFromJournal it seeds the
 * journal stream with its journal (a LEADER message naming the seed, then every record with its seq and bytes) and the
 * catalog stream with its grant ledger, and leads. Node b joins with an empty data dir, follows, and takes over when a
 * stops: its journal is a's record for record, its engine a's state hash, the grant's receipts a's, the receipt replayed
 * refused. Node c, another exchange's journal with the same setting, is refused by the seeded stream and keeps its
 * journal whole.
 */
import { Wallet } from 'ethers';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/app/config.js';
import { startService, type Service } from '../../src/app/service.js';
import { stateHash, type Journal } from '../../src/engine/index.js';
import { deliveryOf } from '../../src/grants/ledger-seed.js';
import { readJournalSeed } from '../../src/replication/journal-seed.js';
import { freePort } from '../../src/runtime/free-port.js';
import { createLogger } from '../../src/runtime/log.js';
import { until } from '../support/exchange-fixture.js';
import { demoGrant, grantSeenBy, receiptOf, receiptsSeenBy, sendReceipt, type DemoGrant } from '../support/demo-grant.js';
import { takeoverNodes, type TakeoverNodeOptions } from '../support/takeover-nodes.js';
import { standbyHealth } from '../support/standby-health.js';

const OPERATOR_TOKEN = 'journal-seed-operator-token-0123456789abcdef';
const logger = createLogger(process.env['PATX_TEST_LOG'] === undefined ? 'silent' : 'info');

const nodes = takeoverNodes('journal-seed', OPERATOR_TOKEN);

/** A node's config: replicated (seeding when `seed`), or without replication when `standalone`. */
function nodeConfig(node: string, quoterTickMs: number, o: TakeoverNodeOptions & { seed?: boolean; standalone?: boolean } = {}): Config {
  const c = nodes.config(node, { quoting: { tickMs: quoterTickMs, brokerFloatPat: 10_000 } }, o);
  return { ...c, replication: { ...c.replication, enabled: o.standalone !== true, seedFromJournal: o.seed === true } };
}

async function ledgerOf(s: Service, g: DemoGrant): Promise<Record<string, unknown>> {
  const ledger = s.grants()!;
  return { view: await grantSeenBy(s, g), receipts: await receiptsSeenBy(s, g), delivery: deliveryOf((await ledger.get(g.grantId))!), listing: ledger.deliveryOf(g.listingId) };
}

const recordsOf = (journal: Journal): string[] => [...journal.rawRecords(1)].map((r) => `${r.firstSeq}:${Buffer.from(r.bytes).toString('base64')}`);

async function stopped(s: Service): Promise<{ hash: string; lastSeq: number }> {
  s.quoting?.stop();
  nodes.stopped(s);
  await s.stop();
  return { hash: stateHash(s.engine), lastSeq: s.engine.lastSeq };
}

describe('a node whose journal ran without replication', () => {
  it('seeds an empty journal stream with its journal when told to; a standby catches up, takes over, and nothing is lost', async () => {
    const standalone = nodeConfig('a', 50, { standalone: true });
    const alone = nodes.started(await startService(standalone, logger));
    expect(alone.replication).toBeUndefined();
    const g = await demoGrant(alone, Wallet.createRandom(), 3, logger);
    const receipt = await receiptOf(alone, g, 2, 'download-1');
    expect((await sendReceipt(alone, g, receipt)).status).toBe(200);
    const before = await ledgerOf(alone, g);
    expect(before).toMatchObject({ view: { delivered: 2, receipts: 1 }, listing: { delivered: 2 } });
    const records = recordsOf(alone.journal);
    const ran = await stopped(alone);

    // By default an empty stream under a journal is refused: it may be a wiped NATS, or another group's.
    await expect(startService(nodeConfig('a', 60_000, { dataDir: standalone.dataDir }), logger)).rejects.toThrow(/seedFromJournal/);

    const a = nodes.started(await startService(nodeConfig('a', 60_000, { dataDir: standalone.dataDir, seed: true }), logger));
    expect(a.replication?.status().role).toBe('leader');
    expect(stateHash(a.engine)).toBe(ran.hash);
    expect(await ledgerOf(a, g)).toEqual(before);
    const nc = await connect({ servers: nodes.servers() });
    try {
      const jsm = await jetstreamManager(nc);
      const seed = await readJournalSeed(jsm, { stream: standalone.replication.stream, subject: standalone.replication.subject });
      expect(seed).toMatchObject({ node: 'a', throughSeq: ran.lastSeq, complete: true });
    } finally {
      await nc.close();
    }

    // A standby with nothing of its own follows the seeded streams.
    const bPort = await freePort();
    const bStarting = startService(nodeConfig('b', 60_000, { port: bPort }), logger);
    void bStarting.catch(() => undefined);
    await until(async () => ((await standbyHealth(bPort)).seq ?? 0) >= a.engine.lastSeq, 'b to follow the seeded journal', 60_000, 250);

    // Another exchange's journal meets the seeded stream: refused, and kept whole.
    const cStandalone = nodeConfig('c', 50, { standalone: true });
    const c = nodes.started(await startService(cStandalone, logger));
    await until(() => c.engine.lastSeq > 3, 'c to journal its own quotes', 30_000, 50);
    const cRan = await stopped(c);
    await expect(startService(nodeConfig('c', 60_000, { dataDir: cStandalone.dataDir, seed: true }), logger)).rejects.toThrow(/differs|runs past/);
    const cAgain = nodes.started(await startService({ ...cStandalone, quoting: { ...cStandalone.quoting, tickMs: 60_000 } }, logger));
    expect([cAgain.engine.lastSeq, stateHash(cAgain.engine)]).toEqual([cRan.lastSeq, cRan.hash]);
    await stopped(cAgain);

    // a stops; b takes over with a's exchange.
    const aLast = a.engine.lastSeq;
    const led = await stopped(a);
    const b = nodes.started(await bStarting);
    expect(b.replication?.status().role).toBe('leader');
    expect(recordsOf(b.journal).slice(0, records.length)).toEqual(records);
    expect(b.engine.lastSeq).toBe(aLast);
    expect(stateHash(b.engine)).toBe(led.hash);
    expect(await ledgerOf(b, g)).toEqual(before);
    const again = await sendReceipt(b, g, receipt);
    expect([again.status, again.body['error']]).toEqual([409, 'RECEIPT_REPLAYED']);
    await stopped(b);
  }, 300_000);
});
