/**
 * A courier's refusal on the catalog stream reaches the operator's view of a node that takes over: two replicated
 * services in this process on a real three-node nats-server cluster; the leader publishes the demo listings, a
 * standby follows; a `delivery-refusal` record (as the leader's shipper writes one when its courier refuses a
 * listing's endpoint: test/replication/delivery-refusals-takeover.test.ts) lands on the catalog stream; the leader
 * stops, the standby takes over and GET /operator/listings/{id} shows the refusal as `lastDeliveryRefusal`. Before
 * 2026-12-06 no refusal travelled, and a standby's catalog follower stopped on such a record.
 */
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/app/config.js';
import { startService, type Service } from '../../src/app/service.js';
import { publishDemoListings } from '../../src/demo/index.js';
import { ENDPOINT_NOT_ALLOWED } from '../../src/gate/push-registration.js';
import { encodeCatalogRecord } from '../../src/replication/catalog-stream.js';
import { createLogger } from '../../src/runtime/log.js';
import { takeoverNodes } from '../support/takeover-nodes.js';

const OPERATOR_TOKEN = 'delivery-refusals-takeover-operator-token-01';
const logger = createLogger(process.env['PATX_TEST_LOG'] === undefined ? 'silent' : 'info');
const nodes = takeoverNodes('refusals', OPERATOR_TOKEN);

const nodeConfig = (node: string, quoterTickMs: number): Config => nodes.config(node, { quoting: { tickMs: quoterTickMs } });

async function operatorListing(s: Service, listingId: number): Promise<{ status: number; body: { lastDeliveryRefusal?: unknown } }> {
  const res = await fetch(`http://127.0.0.1:${s.gateway.port}/operator/listings/${listingId}`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
  return { status: res.status, body: (await res.json()) as { lastDeliveryRefusal?: unknown } };
}

describe("the courier's delivery refusals across a service's takeover", () => {
  it("a refusal on the catalog stream is on the new leader's operator view of the listing", async () => {
    const aConfig = nodeConfig('a', 50);
    const a = nodes.started(await startService(aConfig, logger));
    expect(a.replication?.status().role).toBe('leader');
    const bStarting = startService(nodeConfig('b', 60_000), logger);
    void bStarting.catch(() => undefined);
    await publishDemoListings(a.catalog, a.engine, a.sequencer, Date.now, logger);
    const listingId = a.catalog.all()[0]!.id;
    expect((await operatorListing(a, listingId)).body.lastDeliveryRefusal).toBeNull();

    // As a's shipper ships its courier's refusal (its message id under a's epoch: a's chain takes up from it).
    const refusal = { code: ENDPOINT_NOT_ALLOWED, message: '127.0.0.1 is loopback: webhooks go to globally routable addresses', atMs: 1_765_000_000_000, version: 1, grantId: 42 };
    const nc = await connect({ servers: nodes.servers() });
    try {
      const [chunk] = encodeCatalogRecord({ kind: 'delivery-refusal', write: { listingId, refusal } });
      await jetstream(nc).publish(aConfig.replication.catalogSubject, chunk!.data, { headers: chunk!.headers, msgID: `${a.replication!.epoch}-refusal-test` });
    } finally {
      await nc.close();
    }

    // a stops; b takes over.
    a.quoting!.stop();
    nodes.stopped(a);
    await a.stop();
    const b = nodes.started(await bStarting);
    expect(b.replication?.status().role).toBe('leader');
    const shown = await operatorListing(b, listingId);
    expect(shown.status).toBe(200);
    expect(shown.body.lastDeliveryRefusal).toEqual(refusal);
  }, 180_000);
});
