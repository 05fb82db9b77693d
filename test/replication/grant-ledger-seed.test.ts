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
 * (A node that ran without replication cannot start replicated on its data dir: its journal follower refuses an
 * empty journal stream under a journal, docs/replication.md "Failover". Hence the stream deleted here.)
 */
import http from 'node:http';
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

const OPERATOR_TOKEN = 'grant-ledger-seed-operator-token-0123456789';
const logger = createLogger(process.env['PATX_TEST_LOG'] === undefined ? 'silent' : 'info');

const nodes = takeoverNodes('grant-seed', OPERATOR_TOKEN);

function nodeConfig(node: string, quoterTickMs: number, o: TakeoverNodeOptions = {}): Config {
  return nodes.config(node, { quoting: { tickMs: quoterTickMs, brokerFloatPat: 10_000 } }, o);
}

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

/**
 * A standby's /healthz on its gateway's port, on a connection of its own (closed after): the standby's server lets go
 * of the port at takeover, and a kept-alive connection to it would be the one the next request to that port took.
 */
function standbyHealth(port: number): Promise<{ role?: string; seq?: number }> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve(res.statusCode === 200 ? (JSON.parse(text) as { role?: string; seq?: number }) : {}));
      res.on('error', () => resolve({}));
    });
    req.on('error', () => resolve({}));
  });
}

/** Deletes a stream on the cluster (the next node that needs it creates it anew, empty). */
async function deleteStream(servers: string[], stream: string): Promise<void> {
  const nc = await connect({ servers });
  try {
    const jsm = await jetstreamManager(nc);
    expect(await jsm.streams.delete(stream)).toBe(true);
  } finally {
    await nc.close();
  }
}

describe('the first leader on an empty catalog stream', () => {
  it("ships its grant ledger's receipts, reports with their evidence and listing counts: a standby that joins after has them, and keeps them when it takes over", async () => {
    const aConfig = nodeConfig('a', 50);
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

    // The catalog stream is new; the node starts again on its data dir and leads: it seeds the stream.
    await deleteStream(nodes.servers(), aConfig.replication.catalogStream);
    const a = nodes.started(await startService(nodeConfig('a', 50, { dataDir: aConfig.dataDir }), logger));
    expect(a.replication?.status().role).toBe('leader');
    expect(await ledgerOf(a, g)).toEqual(before);
    // A standby joins with nothing of its own and follows.
    const bPort = await freePort();
    const bStarting = startService(nodeConfig('b', 60_000, { port: bPort }), logger);
    void bStarting.catch(() => undefined);
    const seq = a.engine.lastSeq;
    await until(async () => {
      const h = await standbyHealth(bPort);
      return h.role === 'standby' && (h.seq ?? 0) >= seq;
    }, 'b to follow the journal to where a was', 60_000, 250);

    // a stops; b takes over.
    a.quoting!.stop();
    nodes.stopped(a);
    await a.stop();
    const b = nodes.started(await bStarting);
    expect(b.replication?.status().role).toBe('leader');
    expect(await ledgerOf(b, g)).toEqual(before);

    // It goes on from there: the receipt is refused as replayed, the reported right's receipt counts on top.
    const again = await sendReceipt(b, g, receipt);
    expect([again.status, again.body['error']]).toEqual([409, 'RECEIPT_REPLAYED']);
    const third = await sendReceipt(b, g, await receiptOf(b, g, 1, 'download-2'));
    expect(third.status, JSON.stringify(third.body)).toBe(200);
    expect(await grantSeenBy(b, g)).toMatchObject({ delivered: 3, counted: 3, receipts: 2 });
    expect(b.grants()!.deliveryOf(g.listingId)).toMatchObject({ delivered: 3 });
  }, 240_000);
});
