/**
 * Failover from outside: two PATX nodes (`src/main.ts` as `npm start` runs it, each with
 * its own data dir) replicate through a three-node nats-server cluster on 127.0.0.1 with
 * 'quorum' acks. A provider, through FailoverTradingClient given both gateways, keeps
 * placing resting orders while the leader is killed with SIGKILL, three times (the killed
 * node comes back as the standby each time). After every failover every order the client
 * saw acknowledged is resting on the new leader, none twice, and at the end the two
 * nodes' journals replay to the same state hash.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { follows, journalsAtCommonSeq, killLeader, leads, ReplicatedGroup, RestingOrderLoad, type ExchangeNode } from '../support/replicated-nodes.js';

const FAILOVERS = 3;

let group: ReplicatedGroup;

beforeAll(async () => {
  group = await ReplicatedGroup.create(['a', 'b']);
}, 60_000);

afterAll(async () => {
  await group?.close();
});

describe('failover', () => {
  it(`kills the leader with SIGKILL under load ${FAILOVERS} times: the standby takes over, every acknowledged order is on the new leader once, the client carries on`, async () => {
    onTestFailed(() => console.error(group.outputs())); // a failure's cause is often in what the nodes printed
    const nodes = group.nodes;
    const [a, b] = nodes as [ExchangeNode, ExchangeNode];
    await group.start(a);
    await group.until(() => leads(a), 'a to lead');
    await group.start(b);
    await group.until(() => follows(b), 'b to follow');

    // The load: asks at the top of the range (they rest), 8 in flight, each with its own client order id.
    const load = await RestingOrderLoad.start(group, a.port);
    const { client, accepted, duplicates, failures } = load;

    const failoverMs: number[] = [];
    let leader = a;
    let standby = b;
    for (let round = 0; round < FAILOVERS; round++) {
      await group.until(() => accepted.size >= (round + 1) * 300 || failures.length > 0, `orders before failover ${round + 1}`);
      expect(failures).toEqual([]);
      failoverMs.push(await killLeader(group, leader, standby, load));
      // The killed node comes back, as the standby.
      await group.start(leader);
      await group.until(() => follows(leader), `${leader.name} to follow`);
      [leader, standby] = [standby, leader];
      // Every order acknowledged so far rests on the new leader, once.
      const snapshot = new Set(accepted);
      const resting = await load.restingIds();
      expect(new Set(resting).size).toBe(resting.length);
      const missing = [...snapshot].filter((id) => !resting.includes(id));
      expect(missing).toEqual([]);
      for (const id of duplicates) expect(resting).toContain(id);
    }
    await load.stop();
    expect(failures).toEqual([]);
    console.log(`failover: kill to the first order accepted by the new leader ${failoverMs.map((x) => x.toFixed(0)).join(', ')} ms; ${accepted.size} orders, ${duplicates.size} resent after a drop; ${client.connections} connections`);
    expect(client.connections).toBe(1 + FAILOVERS);
    await client.close();

    // Both journals replay to the same state up to the seq both hold.
    await group.stopNodes();
    const { common, hashes } = await journalsAtCommonSeq(nodes);
    expect(common).toBeGreaterThan(accepted.size);
    expect(hashes[0]).toBe(hashes[1]);
  }, 300_000);
});
