/**
 * A nats-server dies under the group: two PATX nodes (`src/main.ts` as `npm start` runs it, the
 * production lease ttl) on a three-node nats-server cluster on 127.0.0.1, quorum acks, a provider
 * placing resting orders throughout. Killing the server that leads the journal's stream (SIGKILL,
 * a machine rebooting) leaves the streams electing new leaders for seconds: the leader rides it
 * out (no failover, no exit), and orders are accepted again once the stream has a leader. Killing
 * that server and the exchange's leader together (one machine running both), the standby takes
 * over once the streams have leaders again, without exiting while they elect. Every acknowledged
 * order rests on the final leader once, and both journals replay to one state hash.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { REPLICATION_DEFAULTS } from '../../src/replication/index.js';
import type { ClusterNode } from '../../src/replication/local-cluster.js';
import { until } from '../support/exchange-fixture.js';
import { follows, journalsAtCommonSeq, leads, OPERATOR_TOKEN, ReplicatedGroup, RestingOrderLoad, streamReplicasCurrent, type ExchangeNode } from '../support/replicated-nodes.js';

let group: ReplicatedGroup;
let nc: NatsConnection;
let jsm: JetStreamManager;

beforeAll(async () => {
  group = await ReplicatedGroup.create(['a', 'b'], { leaseTtlMs: 'node-default' });
  nc = await connect({ servers: group.cluster.servers, maxReconnectAttempts: -1 });
  jsm = await jetstreamManager(nc, { timeout: 2_000 });
}, 60_000);

afterAll(async () => {
  await nc?.close();
  await group?.close();
});

/** The nats-server leading the journal's stream. */
async function journalStreamLeader(): Promise<ClusterNode> {
  const name = (await jsm.streams.info(REPLICATION_DEFAULTS.stream)).cluster?.leader;
  const server = group.cluster.nodes.find((n) => n.name === name);
  if (server === undefined) throw new Error(`the journal's stream has no leader among the servers (${String(name)})`);
  return server;
}

/** Until every replica of the journal's stream is current again (the restarted server caught up). */
async function streamWhole(): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (await streamReplicasCurrent(jsm, REPLICATION_DEFAULTS.stream, 3)) return;
    if (Date.now() > deadline) throw new Error(`the journal stream's replicas not all current after 60 s: ${JSON.stringify((await jsm.streams.info(REPLICATION_DEFAULTS.stream).catch(() => undefined))?.cluster)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Whether the node's alarm board holds an active 'replication-redundancy-lost' for the journal's stream (and its summary). */
async function redundancyAlarm(port: number): Promise<string | undefined> {
  const r = await fetch(`http://127.0.0.1:${port}/operator/alarms?active=true`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
  const body = (await r.json()) as { alarms: Array<{ name: string; subject: string; active: boolean; summary: string }> };
  return body.alarms.find((a) => a.name === 'replication-redundancy-lost' && a.subject === REPLICATION_DEFAULTS.stream && a.active)?.summary;
}

describe('a nats-server dies', () => {
  it('the leader rides out the stream electing its leader; killed with the server, the standby takes over once the stream has one; nothing acknowledged is lost', async () => {
    onTestFailed(() => console.error(group.outputs()));
    const [a, b] = group.nodes as [ExchangeNode, ExchangeNode];
    await group.start(a);
    await group.until(() => leads(a), 'a to lead');
    await group.start(b);
    await group.until(() => follows(b), 'b to follow');
    const load = await RestingOrderLoad.start(group, a.port);
    const { accepted, failures } = load;
    await group.until(() => accepted.size >= 200 || failures.length > 0, 'orders before the first kill');

    // 1. The journal stream's server alone. `until` fails at once if a node exits (a crash, or a deposition's exit 3).
    let server = await journalStreamLeader();
    await server.kill('SIGKILL');
    let before = accepted.size;
    await group.until(() => accepted.size >= before + 200 || failures.length > 0, 'orders accepted again after the stream elected its leader', 60_000);
    expect(failures).toEqual([]);
    expect(leads(a) && follows(b)).toBe(true); // no failover
    // The leader says the journal's stream runs on fewer copies (before, nothing did): while it elected, none current (critical),
    // then two, naming the server; and that it is whole once the server is back.
    let alarm: string | undefined;
    await until(async () => /keeps 2 of 3/.test((alarm = await redundancyAlarm(a.port)) ?? ''), 'the redundancy alarm on the leader naming the server', 30_000).catch((error: Error) => {
      throw new Error(`${error.message}; the alarm: ${alarm}`);
    });
    expect(alarm).toMatch(new RegExp(`\\(${server.name} (offline|not current)`));
    await server.start();
    await streamWhole();
    await until(async () => (await redundancyAlarm(a.port)) === undefined, 'the redundancy alarm cleared', 30_000);

    // 2. The journal stream's server and the exchange's leader together.
    server = await journalStreamLeader();
    load.markKill();
    a.child!.kill('SIGKILL');
    await server.kill('SIGKILL');
    await group.until(() => leads(b), 'b to take over', 90_000);
    await group.until(() => load.firstAckAfterKill > 0, 'the first order accepted by b', 60_000);
    before = accepted.size;
    await group.until(() => accepted.size >= before + 200 || failures.length > 0, 'orders on b', 60_000);
    expect(failures).toEqual([]);
    await server.start();
    await streamWhole();
    await group.start(a);
    await group.until(() => follows(a), 'a to follow');

    // The load stops first, so every acknowledgement is in before the open orders are read: read while it ran, an order
    // acknowledged after the read would count as lost (in one run of fifteen, 8 consecutive orders were counted missing, the
    // likely cause; failover.test.ts compares with a copy of the acknowledged taken before its read).
    await load.stop();
    const resting = await load.restingIds();
    expect(new Set(resting).size).toBe(resting.length);
    expect([...accepted].filter((id) => !resting.includes(id))).toEqual([]);
    await load.client.close();

    await group.stopNodes();
    const { common, hashes } = await journalsAtCommonSeq(group.nodes);
    expect(common).toBeGreaterThan(accepted.size);
    expect(hashes[0]).toBe(hashes[1]);
  }, 300_000);
});
