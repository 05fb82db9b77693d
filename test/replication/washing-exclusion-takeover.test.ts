/**
 * Washing's exclusion of a grant travels on the catalog stream (docs/replication.md, "The catalog stream": the
 * `grant-ledger` record's `exclude`). Two replicated services in this process on a real three-node nats-server
 * cluster: a consumer of the demo provider's listing receipts its 3 rights on the leader (they count toward the
 * listing's delivery), then sends PAT on to the provider's wallet, which washing reads as a relation found later: the
 * grant is taken out of its listing's delivery (marked, the listing's count taken back). The leader stops; the
 * standby, which followed the stream while it waited, leads with the same exclusion: the grant marked alike, the
 * listing's counts the old leader's. Without the exclusion's write on the stream the new leader still counted the
 * grant's 3 rights for the listing, unmarked.
 */
import { Wallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/app/config.js';
import { startService } from '../../src/app/service.js';
import { deliveryOf } from '../../src/grants/ledger-seed.js';
import { createLogger } from '../../src/runtime/log.js';
import { demoGrant, grantSeenBy, receiptOf, sendReceipt } from '../support/demo-grant.js';
import { takeoverNodes } from '../support/takeover-nodes.js';

const OPERATOR_TOKEN = 'washing-exclusion-takeover-operator-token-0123';
const logger = createLogger(process.env['PATX_TEST_LOG'] === undefined ? 'silent' : 'info');

const nodes = takeoverNodes('washing-exclusion', OPERATOR_TOKEN);

function nodeConfig(node: string, quoterTickMs: number): Config {
  return nodes.config(node, { quoting: { tickMs: quoterTickMs, brokerFloatPat: 10_000 } });
}

describe("washing's exclusions across a takeover", () => {
  it("a grant washing took out of its listing's delivery on the leader is out of it on the next leader, marked alike, the listing's counts the same", async () => {
    const a = nodes.started(await startService(nodeConfig('a', 50), logger));
    expect(a.replication?.status().role).toBe('leader');
    const bStarting = startService(nodeConfig('b', 60_000), logger);
    void bStarting.catch(() => undefined);

    const g = await demoGrant(a, Wallet.createRandom(), 3, logger);
    const accepted = await sendReceipt(a, g, await receiptOf(a, g, 3, 'download-1'));
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const counted = a.grants()!.deliveryOf(g.listingId)!;
    expect(counted.delivered).toBeGreaterThanOrEqual(3);

    // The consumer sends PAT on to the provider's wallet: related, its counted rights are taken back.
    const taken = await a.washing()!.recordTransfers([{ from: g.consumer.address, to: g.provider.address, ref: `0x${'7'.repeat(64)}:0`, blockNumber: 1 }]);
    expect(taken.grants).toBe(1);
    const excluded = await a.grants()!.get(g.grantId);
    expect(excluded!.notCountedForListing).toMatchObject({ reason: 'washing' });
    expect(a.grants()!.deliveryOf(g.listingId)).toEqual({ ...counted, delivered: counted.delivered - 3 });
    const before = { view: await grantSeenBy(a, g), delivery: deliveryOf(excluded!), listing: a.grants()!.deliveryOf(g.listingId) };
    expect(before.view).toMatchObject({ counted: 3, notCountedForListing: { reason: 'washing' } });

    // a stops; b, which followed the catalog stream as a standby, takes over.
    a.quoting!.stop();
    nodes.stopped(a);
    await a.stop();
    const b = nodes.started(await bStarting);
    expect(b.replication?.status().role).toBe('leader');

    const after = await b.grants()!.get(g.grantId);
    expect({ notCountedForListing: (await grantSeenBy(b, g))['notCountedForListing'], delivery: deliveryOf(after!), listing: b.grants()!.deliveryOf(g.listingId) }).toEqual({
      notCountedForListing: before.view['notCountedForListing'],
      delivery: before.delivery,
      listing: before.listing,
    });
  }, 180_000);
});
