/**
 * Failover time (issue 24; target ≤ 2 s): two PATX nodes as `npm start` runs them
 * (`src/main.ts`, 'quorum' acks) on a three-node nats-server cluster on 127.0.0.1, a
 * provider placing resting orders through FailoverTradingClient (8 in flight), and the
 * leader killed with SIGKILL `--kills` times; the killed node comes back as the standby
 * before the next kill. The same group, load and timing as test/replication/failover.test.ts
 * (test/support/replicated-nodes.ts), which checks what this does not: every acknowledged
 * order on the new leader once, equal state hashes.
 *
 *   npm run bench:failover                 # --kills 5
 *   PATX_FAILOVER_TRACE=1 npm run bench:failover -- --kills 1   # the new leader's log lines, timed from the kill
 *
 * Figure: per kill, the time from the SIGKILL to the first order accepted by the new leader
 * (over a connection made after the kill); about 1 s of it is the lease's ttl (leaseTtlMs).
 * Everything (three nats-servers, two nodes, the client) shares the machine's 2 cores.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { follows, killLeader, leads, ReplicatedGroup, RestingOrderLoad, type ExchangeNode } from '../test/support/replicated-nodes.js';
import { loadavg, ms, reportFigure, stat } from './support/figures.js';
import { REPLICATION_DEFAULTS } from '../src/replication/index.js';

const { values } = parseArgs({ options: { kills: { type: 'string', default: '5' } } });
const KILLS = Number(values.kills);
/** Orders accepted between two kills: the load runs, and the restarted standby has caught up, before each. */
const ORDERS_BETWEEN_KILLS = 300;

console.log(`bench:failover ${new Date().toISOString()}; node ${process.version}; ${os.cpus().length} cores; load average at start ${loadavg()}; kills=${KILLS}`);
const group = await ReplicatedGroup.create(['a', 'b'], { leaseTtlMs: REPLICATION_DEFAULTS.leaseTtlMs }); // the production default, not the tests' 3 s
try {
  const [a, b] = group.nodes as [ExchangeNode, ExchangeNode];
  await group.start(a);
  await group.until(() => leads(a), 'a to lead');
  await group.start(b);
  await group.until(() => follows(b), 'b to follow');
  const load = await RestingOrderLoad.start(group, a.port);
  const failoverMs: number[] = [];
  let leader = a;
  let standby = b;
  for (let kill = 1; kill <= KILLS; kill++) {
    const target = load.accepted.size + ORDERS_BETWEEN_KILLS;
    await group.until(() => load.accepted.size >= target || load.failures.length > 0, `orders before kill ${kill}`);
    if (load.failures.length > 0) throw load.failures[0];
    const took = await killLeader(group, leader, standby, load);
    failoverMs.push(took);
    console.log(`kill ${kill}: ${leader.name} killed, ${standby.name} accepted its first order ${ms(took)} later`);
    await group.start(leader);
    await group.until(() => follows(leader), `${leader.name} to follow`);
    [leader, standby] = [standby, leader];
  }
  await load.stop();
  if (load.failures.length > 0) throw load.failures[0];
  await load.client.close();
  console.log(`${load.accepted.size} orders accepted, ${load.duplicates.size} resent after a drop; ${load.client.connections} connections`);
  console.log(`failover, SIGKILL of the leader to the first order accepted by the new leader: ${stat(failoverMs, ms)} over ${KILLS} kills; target ≤ 2 s`);
  reportFigure('failover: SIGKILL of the leader to the first order accepted by the new leader', 'ms', failoverMs, 'lower');
  await group.stopNodes();
} finally {
  await group.close();
  console.log(`load average at the end ${loadavg()}`);
}
