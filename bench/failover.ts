/**
 * Failover in the hard case (issue 78, point 2; targets: ≤ 1 s median and ≤ 3 s worst over 20
 * kills with 100,000 (and 1,000,000) orders resting in the books and a journal of at least
 * 1,000,000 commands on a loaded host; 0 acknowledged orders lost, 0 acknowledgements from a
 * deposed leader, equal state hashes; no self-deposition in a 30-minute loaded run). Issue 59
 * set the earlier ones (≤ 2 s, ≤ 5 s, 100,000 commands) on a book its flow kept nearly empty.
 *
 * The group: three nats-servers (src/replication/local-cluster.ts), `--nodes` exchange nodes
 * (3 by default) run as `npm start` runs them (src/main.ts with npm start's node flags, quorum
 * acks, the lease ttl the code defaults to unless --ttl-ms), optionally a market-data edge
 * (--edge, PATX_ROLE=edge), and `--hog` busy-looping processes beside them for the whole run.
 * This process supervises them as a restart policy would: a node that exits by itself is
 * started again (and counted); a node it killed is started again once the failover is measured.
 *
 * The run: `--resting` (100,000) asks are left resting in the books first (support/failover-
 * harness.ts, placeResting: 25,000 per provider account, under the engine's 100,000 open
 * orders per account, spread over the 4 spot series that close last and the top 50 price
 * levels of each, none crossing anything); then the journal is grown to `--journal-commands`
 * (1,000,000) by a pre-load (8 sessions of one provider placing asks and cancelling each, flat
 * out: the journal grows, the book does not); then one flow of orders at `--rate` a second
 * (`--in-flight` at most) runs throughout, leaving them resting by `--flow` (mix: every other
 * one rests, the other is cancelled, so the book grows by rate/2 a second and the flow's account
 * stays under its open-order limit over 20 kills; rest: all; cancel: none, a soak's default), while the leader is SIGKILLed
 * `--kills` times (the killed node restarted as a standby before the next kill), and with
 * `--stop` once SIGSTOPped for `--stop-ms` (3 ttls) and continued; then, with `--kill-nats K`,
 * the nats-server leading the journal's stream is SIGKILLed K times (a machine of the NATS
 * cluster rebooting; started again and caught up before the next), each reported as the
 * longest the flow then went without an order accepted and whether the exchange's leader kept
 * leading (no target); `--with-leader` SIGKILLs the exchange's leader at the same moment (a machine
 * running both dies), and the standby that takes over must do so while the streams elect;
 * `--quorum-loss-ms MS` kills a second server too and starts both again after MS (no stream has a
 * quorum meanwhile: nothing is acknowledged, and a leader that cannot renew for the ttl deposes itself). `--soak-minutes N`: no
 * kills, the flow and the hog run N minutes. The provider's order throttle is off
 * (risk.throttleMessages 0): the flows' rate is the bench's.
 *
 * Every acknowledgement is recorded with its client order id and the node whose gateway sent
 * it. Per kill: the SIGKILL to the first order accepted by another node (one not accepted within
 * --kill-timeout-ms counts as that; a kill that finds no leader for 30 s is skipped, and three
 * skipped end the kills: the report says so). At the end the nodes
 * are stopped and audited: every acknowledged order accepted exactly once by the final
 * leader's journal (replayed), acks that arrived from a node already replaced by a newer
 * LEADER message (support/failover-harness.ts, termsOf, says how that is decided), stream
 * messages stored after a newer epoch's LEADER message (the fence), every node's journal
 * replayed to its state hash, and the exits nobody caused (a deposed leader's exit 3 without
 * a kill is a self-deposition). Everything is printed with PASS/FAIL against the targets.
 * The nodes' full logs stay in the directory printed at the start.
 *
 *   npm run bench:failover                                      # the target run: 20 kills, 100k resting, 1M journal, 1 hog, 3 nodes
 *   npm run bench:failover -- --resting 1000000                 # the same with a million resting orders
 *   npm run bench:failover -- --kills 3 --resting 20000 --journal-commands 50000 # a quick try (prints FAIL on the book and journal sizes)
 *   npm run bench:failover -- --kills 20 --stop --edge          # the SIGSTOP case and an edge too (a subscription held on it, its book compared at the end)
 *   npm run bench:failover -- --soak-minutes 30                 # self-depositions under load, no kills
 *   PATX_FAILOVER_TRACE=1 npm run bench:failover -- ...          # per kill: the nodes' key log lines and the client's logins, timed from it
 *   --ttl-ms 3000 (the tests' ttl), --nodes 2, --hog 0, --rate, --in-flight, --between-ms, --kill-timeout-ms: see parseArgs below
 *
 * Everything (nats-servers, nodes, edge, hog, this client) shares the machine: on the 2-core
 * VM the figures move with whatever else runs; the load average is printed at the start,
 * at each kill (or each minute of a soak) and at the end. The orders resting are read from the
 * leader (its /operator/metrics patx_orders_resting) before the first kill and at the end.
 * The process exits 1 when it prints RESULT: FAIL.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager, type ClusterInfo } from '@nats-io/jetstream';
import { REPLICATION_DEFAULTS } from '../src/replication/index.js';
import { ReplicatedGroup, streamReplicasCurrent, type ExchangeNode } from '../test/support/replicated-nodes.js';
import { loadavg, median, ms, reportFigure } from './support/figures.js';
import { serviceNodeFlags } from './support/load.js';
import {
  acceptedInJournal,
  auditJournal,
  auditStream,
  deposedAcks,
  findLeader,
  health,
  HeldSubscription,
  journalLastSeq,
  LeaderWatch,
  OrderFlow,
  placeResting,
  prepareMarket,
  restingOn,
  sleep,
  startHog,
  Supervisor,
  termsOf,
  type Ack,
  type FlowMode,
  type RestingBook,
  type JournalAudit,
  type Market,
} from './support/failover-harness.js';

const { values: o } = parseArgs({
  options: {
    kills: { type: 'string', default: '20' },
    'kill-nats': { type: 'string', default: '0' },
    'with-leader': { type: 'boolean', default: false },
    'quorum-loss-ms': { type: 'string', default: '0' },
    nodes: { type: 'string', default: '3' },
    edge: { type: 'boolean', default: false },
    'journal-commands': { type: 'string', default: '1000000' },
    resting: { type: 'string', default: '100000' },
    flow: { type: 'string' },
    hog: { type: 'string', default: '1' },
    'ttl-ms': { type: 'string' },
    stop: { type: 'boolean', default: false },
    'stop-ms': { type: 'string' },
    'soak-minutes': { type: 'string' },
    rate: { type: 'string', default: '200' },
    'in-flight': { type: 'string', default: '64' },
    'between-ms': { type: 'string', default: '5000' },
    'kill-timeout-ms': { type: 'string', default: '60000' },
  },
});
const int = (name: keyof typeof o, v: string | undefined, min: number): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: an integer ≥ ${min}, not ${v}`);
  return n;
};
const SOAK_MINUTES = o['soak-minutes'] === undefined ? undefined : Number(o['soak-minutes']);
const KILLS = SOAK_MINUTES === undefined ? int('kills', o.kills, 0) : 0;
const NATS_KILLS = SOAK_MINUTES === undefined ? int('kill-nats', o['kill-nats'], 0) : 0;
/** With --kill-nats: the exchange's leader is SIGKILLed with the nats-server, as when they share a machine that dies. */
const WITH_LEADER = o['with-leader'] === true;
/** With --kill-nats: a second nats-server killed too for this long (the streams without a quorum), then both started again. */
const QUORUM_LOSS_MS = int('quorum-loss-ms', o['quorum-loss-ms'], 0);
/** How long after a nats-server's kill (or a quorum's return) the flow's acceptances are watched. */
const NATS_WATCH_MS = 15_000;
const NODES = int('nodes', o.nodes, 2);
const JOURNAL_COMMANDS = int('journal-commands', o['journal-commands'], 0);
const RESTING = int('resting', o.resting, 0);
// A soak cancels by default: 30 minutes of mix would pass the flow account's 100,000 open orders.
const FLOW_GIVEN = o.flow ?? (SOAK_MINUTES === undefined ? 'mix' : 'cancel');
if (FLOW_GIVEN !== 'rest' && FLOW_GIVEN !== 'mix' && FLOW_GIVEN !== 'cancel') throw new Error(`--flow: rest, mix or cancel, not ${FLOW_GIVEN}`);
const FLOW: FlowMode = FLOW_GIVEN;
const HOGS = int('hog', o.hog, 0);
const TTL_MS = o['ttl-ms'] === undefined ? undefined : int('ttl-ms', o['ttl-ms'], 200);
/** The ttl the nodes run with: theirs by default (the bench sets none), so a change of the default is measured as it is. */
const EFFECTIVE_TTL_MS = TTL_MS ?? REPLICATION_DEFAULTS.leaseTtlMs;
const STOP = o.stop === true && SOAK_MINUTES === undefined;
const STOP_MS = o['stop-ms'] === undefined ? 3 * EFFECTIVE_TTL_MS : int('stop-ms', o['stop-ms'], 1);
const RATE = int('rate', o.rate, 1);
const IN_FLIGHT = int('in-flight', o['in-flight'], 1);
const BETWEEN_MS = int('between-ms', o['between-ms'], 0);
const KILL_TIMEOUT_MS = int('kill-timeout-ms', o['kill-timeout-ms'], 1_000);
const PRELOAD_SESSIONS = 8;
const PRELOAD_IN_FLIGHT = 32;
// Generous: a million commands take several minutes on the 2-core VM; a group that keeps losing its leader may never get there.
const PRELOAD_LIMIT_MS = Math.max(15 * 60_000, JOURNAL_COMMANDS * 2);
const TRACE = process.env['PATX_FAILOVER_TRACE'] !== undefined;
const TARGET_MEDIAN_MS = 1_000;
const TARGET_WORST_MS = 3_000;
const TARGET_JOURNAL = 1_000_000;
const TARGET_RESTING = 100_000;

const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
const waitFor = async (check: () => boolean, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
};

const loadStart = loadavg();
const logDir = mkdtempSync(path.join(os.tmpdir(), 'patx-failover-logs-'));
console.log(
  `bench:failover ${new Date().toISOString()}; node ${process.version}; ${os.cpus().length} cores; load average at start ${loadStart}\n` +
    `  ${SOAK_MINUTES === undefined ? `kills=${KILLS}${STOP ? `, one SIGSTOP of ${STOP_MS} ms` : ''}` : `soak ${SOAK_MINUTES} min, no kills`}; ${NODES} exchange nodes${o.edge === true ? ' + 1 edge' : ''}; 3 nats-servers; ` +
    `lease ttl ${TTL_MS === undefined ? `the nodes' default (${EFFECTIVE_TTL_MS} ms)` : `${TTL_MS} ms (--ttl-ms)`}; quorum acks; ${HOGS} CPU hog(s); ` +
    `${RESTING.toLocaleString('en-US')} orders left resting first; journal pre-load to ${JOURNAL_COMMANDS.toLocaleString('en-US')} commands; ` +
    `flow ${RATE} orders/s, ≤ ${IN_FLIGHT} in flight, ${FLOW === 'rest' ? 'every order left resting' : FLOW === 'mix' ? 'every other order left resting (the others cancelled)' : 'each order cancelled'}\n  nodes' logs: ${logDir}`,
);

const names = ['a', 'b', 'c', 'd', 'e'].slice(0, NODES);
const group = await ReplicatedGroup.create(o.edge === true ? [...names, 'edge'] : names, { leaseTtlMs: TTL_MS ?? 'node-default', nodeFlags: serviceNodeFlags() });
// Every client of the bench logs in from 127.0.0.1: the resting accounts (40 for a million orders) would pass the gateway's 10 new accounts per
// address an hour; and the journal pre-load's sessions send flat out, past a session's 2,000 messages a second on a quiet machine (RATE_LIMITED).
const nodeConfig = path.join(logDir, 'bench-node-config.json');
writeFileSync(nodeConfig, JSON.stringify({ gateway: { maxAccountsOpenedPerAddressPerHour: 10_000, maxMessagesPerSecond: 1_000_000 } }));
const sup = new Supervisor(group, new Set(o.edge === true ? ['edge'] : []), logDir, { PATX_CONFIG: nodeConfig });
const hogs = startHog(HOGS);
// An error nobody caught (a flow's refusal the bench did not expect) ends this process before its `finally`: it must not
// leave the group's nodes and the hogs running behind it (it did once, three nodes for an hour).
// Nor must Ctrl-C (the nats-servers are killed with this process: local-cluster.ts).
const killAll = (): void => {
  for (const n of group.nodes) n.child?.kill('SIGKILL');
  for (const h of hogs) h.kill('SIGKILL');
};
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.once(event, (error: unknown) => {
    killAll();
    console.error(error);
    process.exit(1);
  });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    console.error(`${signal}: the nodes and hogs are stopped; their logs stay in ${logDir}`);
    process.exit(130);
  });
}
const following = (n: ExchangeNode, since: number): boolean => sup.eventAfter(n.name, since, (e) => e.msg.includes('following the replicated journal')) !== undefined;
const exchange = sup.exchangeNodes;

// What the run saw; whatever phase stops early, the end still stops the nodes, audits and reports.
const problems: string[] = [];
const loadSamples: string[] = [];
const flows: OrderFlow[] = [];
const failoverMs: number[] = [];
const natsStallMs: number[] = [];
let timeouts = 0;
let noLeader = 0;
let stopResult = '';
let stopMade = false;
let journalBefore = NaN;
let restingBefore: number | undefined;
let restingBook: RestingBook | undefined;
let held: HeldSubscription | undefined;
let market: Market | undefined;
let watch: LeaderWatch | undefined;
let flow: OrderFlow | undefined;
let runStart = Date.now();
const preStart = performance.now();

const trace = (since: number, until: number): void => {
  for (const e of sup.events.filter((x) => x.time >= since - 50 && x.time <= until).sort((x, y) => x.time - y.time)) console.log(`    ${e.node} +${e.time - since} ms ${e.msg}${e.epoch !== undefined ? ` (epoch ${e.epoch})` : ''}${e.reason !== undefined ? `: ${e.reason}` : ''}`);
};

/** Starts the nodes one after another: the first leads; each other follows before the next starts; then the edge. */
async function startGroup(): Promise<void> {
  const first = exchange[0]!;
  let t = Date.now();
  await sup.launch(first);
  if (!(await waitFor(() => sup.eventAfter(first.name, t, (e) => e.msg.includes('PATX is running')) !== undefined, 180_000))) throw new Error(`${first.name} did not start leading within 3 min`);
  watch = await LeaderWatch.start(group.cluster.servers);
  for (const n of exchange.slice(1)) {
    t = Date.now();
    await sup.launch(n);
    if (!(await waitFor(() => following(n, t), 120_000))) throw new Error(`${n.name} did not follow within 2 min of its start`);
  }
  const edge = group.nodes.find((n) => sup.isEdge(n));
  if (edge !== undefined) {
    t = Date.now();
    await sup.launch(edge);
    if (!(await waitFor(() => sup.eventAfter(edge.name, t, (e) => e.msg.includes('market-data edge serving')) !== undefined, 120_000))) throw new Error('the edge did not start within 2 min');
  }
}

/** Real orders and cancels, flat out over several sessions, until the journal holds JOURNAL_COMMANDS commands. */
async function preload(m: Market): Promise<void> {
  let seq = (await findLeader(sup, 30_000))?.seq ?? 0;
  if (seq >= JOURNAL_COMMANDS) return;
  const pre = Array.from({ length: PRELOAD_SESSIONS }, (_, k) => new OrderFlow(exchange, m, (k + 1) * 10_000_000, Infinity, PRELOAD_IN_FLIGHT));
  flows.push(...pre);
  for (const f of pre) f.start();
  try {
    let lastPrint = performance.now();
    let progress = { at: performance.now(), seq };
    while (seq < JOURNAL_COMMANDS) {
      await sleep(1_000);
      const l = await findLeader(sup, 30_000);
      if (l !== undefined && l.seq > progress.seq) progress = { at: performance.now(), seq: l.seq };
      seq = Math.max(seq, l?.seq ?? 0);
      if (performance.now() - lastPrint > 10_000) {
        lastPrint = performance.now();
        console.log(`  pre-load: journal at ${seq.toLocaleString('en-US')} commands after ${((performance.now() - preStart) / 1000).toFixed(0)} s (leader ${l?.node.name ?? 'none'}); load average ${loadavg()}`);
      }
      if (performance.now() - progress.at > 180_000) throw new Error(`the pre-load made no progress for 3 min at seq ${seq.toLocaleString('en-US')}`);
      if (performance.now() - preStart > PRELOAD_LIMIT_MS) {
        // A group that keeps losing its leader may never get there: the kills run on what it holds, and the report says so.
        problems.push(`the pre-load stopped after ${PRELOAD_LIMIT_MS / 60_000} min at seq ${seq.toLocaleString('en-US')}`);
        break;
      }
    }
  } finally {
    const unanswered = (await Promise.all(pre.map((f) => f.stop()))).reduce((a, b) => a + b, 0);
    if (unanswered > 0) console.log(`  pre-load: ${unanswered} orders unanswered when it stopped (outcome unknown, not audited)`);
  }
}

async function kills(f: OrderFlow): Promise<void> {
  for (let kill = 1; kill <= KILLS; kill++) {
    await sleep(BETWEEN_MS);
    const found = await findLeader(sup, 30_000);
    if (found === undefined) {
      noLeader++;
      console.log(`kill ${kill}: no node said it leads for 30 s; kill skipped; load average ${loadavg()}`);
      if (noLeader >= 3) throw new Error('no leader before 3 kills: the kills stop here');
      continue;
    }
    const leader = found.node;
    const killedAt = Date.now();
    f.watch = { since: killedAt, notNode: leader.name, found: undefined };
    sup.signal(leader, 'SIGKILL', 'killed');
    await waitFor(() => f.watch?.found !== undefined, KILL_TIMEOUT_MS);
    const first = f.watch.found;
    const took = first === undefined ? KILL_TIMEOUT_MS : first.at - killedAt;
    if (first === undefined) timeouts++;
    failoverMs.push(took);
    const load = loadavg();
    loadSamples.push(load);
    const tookLease = first === undefined ? undefined : sup.eventAfter(first.node, killedAt, (e) => e.msg.includes('took the lease'));
    const leading = first === undefined ? undefined : sup.eventAfter(first.node, killedAt, (e) => e.msg.includes('leading the replicated group'));
    console.log(
      `kill ${kill}: ${leader.name} SIGKILLed at seq ${found.seq.toLocaleString('en-US')}; ` +
        (first !== undefined
          ? `${first.node} accepted its first order ${ms(took)} later (its 'took the lease' +${tookLease === undefined ? '?' : tookLease.time - killedAt} ms, 'leading' +${leading === undefined ? '?' : leading.time - killedAt} ms)`
          : `no other node accepted an order within ${KILL_TIMEOUT_MS} ms`) +
        `; ${sup.exits.filter((e) => e.cause === 'unplanned' && e.time >= killedAt).length} unplanned exits meanwhile; load average ${load}`,
    );
    if (TRACE) {
      trace(killedAt, first?.at ?? Date.now());
      // Refused attempts collapsed: the client tries every gateway each round, some 20 rounds a second.
      let refused = 0;
      for (const c of f.connectionLog.filter((x) => x.at >= killedAt - 50 && x.at <= (first?.at ?? Date.now()))) {
        // A standby's 503 and a closed port are the expected refusals; anything else is printed.
        if (c.what.includes('refused') && /: (Unexpected server response: 503|connect ECONNREFUSED)/.test(c.what)) refused++;
        else {
          if (refused > 0) console.log(`    client: ${refused} attempts refused`);
          refused = 0;
          console.log(`    client +${c.at - killedAt} ms ${c.what}`);
        }
      }
      if (refused > 0) console.log(`    client: ${refused} attempts refused`);
      if (first !== undefined) console.log(`    client +${first.at - killedAt} ms first order accepted by ${first.node}`);
    }
    await sup.exited(leader, 10_000);
    const restartAt = Date.now();
    await sup.launch(leader);
    if (!(await waitFor(() => following(leader, restartAt), 120_000))) console.log(`  ${leader.name} did not follow within 2 min of its restart`);
  }
}

/**
 * Kills the nats-server leading the journal's stream (SIGKILL, as a machine that reboots), `NATS_KILLS`
 * times, the flow running: the longest the client then went without an order accepted (the largest gap
 * between acceptances from a second before the kill to NATS_WATCH_MS after it), whether the exchange's
 * leader kept leading, and whether that server led the lease bucket's stream too; then starts it again
 * and waits until every replica of both streams is current before the next.
 */
async function natsKills(f: OrderFlow): Promise<void> {
  if (NATS_KILLS === 0) return;
  const nc = await connect({ servers: group.cluster.servers, name: 'bench-failover-nats-kills', maxReconnectAttempts: -1 });
  const jsm = await jetstreamManager(nc);
  const streams = [REPLICATION_DEFAULTS.stream, `KV_${REPLICATION_DEFAULTS.leaseBucket}`];
  const clusterOf = async (stream: string): Promise<ClusterInfo | undefined> => (await jsm.streams.info(stream).catch(() => undefined))?.cluster;
  try {
    for (let kill = 1; kill <= NATS_KILLS; kill++) {
      await sleep(BETWEEN_MS);
      const before = await findLeader(sup, 30_000);
      const [journal, lease] = await Promise.all(streams.map(clusterOf));
      const server = group.cluster.nodes.find((n) => n.name === journal?.leader);
      if (server === undefined || before === undefined) {
        console.log(`nats kill ${kill}: no journal stream leader (${String(journal?.leader)}) or no exchange leader; skipped`);
        continue;
      }
      const killedAt = Date.now();
      if (WITH_LEADER) sup.signal(before.node, 'SIGKILL', 'killed');
      await server.kill('SIGKILL');
      if (QUORUM_LOSS_MS > 0) {
        const second = group.cluster.nodes.find((n) => n !== server && n.running)!;
        await second.kill('SIGKILL');
        await sleep(QUORUM_LOSS_MS);
        await Promise.all([second.start(), server.start()]);
      }
      await sleep(NATS_WATCH_MS);
      const times = [...f.accepted.values()].map((a) => a.at).filter((at) => at >= killedAt - 1_000).sort((x, y) => x - y);
      let stall = 0;
      for (let i = 1; i < times.length; i++) stall = Math.max(stall, times[i]! - times[i - 1]!);
      const last = times.at(-1) ?? killedAt;
      stall = Math.max(stall, Date.now() - last); // still stalled at the end of the watch
      natsStallMs.push(stall);
      const load = loadavg();
      loadSamples.push(load);
      const leaderExited = sup.exits.some((e) => e.node === before.node.name && e.time >= killedAt);
      const after = await findLeader(sup, 30_000);
      console.log(
        `nats kill ${kill}: ${server.name} SIGKILLed${QUORUM_LOSS_MS > 0 ? ` with another, both for ${QUORUM_LOSS_MS} ms` : ''} (it led the journal's stream${lease?.leader === server.name ? " and the lease's" : `; the lease's was on ${String(lease?.leader)}`}) at seq ${before.seq.toLocaleString('en-US')}; ` +
          `longest without an order accepted ${ms(stall)}; ${times.filter((at) => at >= killedAt).length} orders accepted in the ${(QUORUM_LOSS_MS + NATS_WATCH_MS) / 1000} s after; ` +
          `the exchange's leader ${before.node.name} ${WITH_LEADER ? 'killed with it' : leaderExited ? 'exited' : 'kept running'}, the leader now ${after?.node.name ?? 'none'}; ` +
          `${sup.exits.filter((e) => e.cause === 'unplanned' && e.time >= killedAt).length} unplanned exits; load average ${load}`,
      );
      if (TRACE) trace(killedAt, Date.now());
      if (WITH_LEADER && (await sup.exited(before.node, 10_000))) {
        const restartAt = Date.now();
        await sup.launch(before.node);
        if (!(await waitFor(() => following(before.node, restartAt), 120_000))) console.log(`  ${before.node.name} did not follow within 2 min of its restart`);
      }
      if (!server.running) await server.start();
      const current = async (): Promise<boolean> => {
        for (const stream of streams) if (!(await streamReplicasCurrent(jsm, stream, group.cluster.nodes.length))) return false;
        return true;
      };
      const deadline = Date.now() + 120_000;
      while (!(await current())) {
        if (Date.now() > deadline) {
          console.log(`  ${server.name}: its replicas not current within 2 min of its start`);
          break;
        }
        await sleep(500);
      }
    }
  } finally {
    await nc.close();
  }
}

async function stopOnce(f: OrderFlow, w: LeaderWatch): Promise<void> {
  await sleep(BETWEEN_MS);
  const found = await findLeader(sup, 30_000);
  if (found === undefined) {
    stopResult = 'no leader to SIGSTOP for 30 s';
    return;
  }
  const leader = found.node;
  const stoppedAt = Date.now();
  f.watch = { since: stoppedAt, notNode: leader.name, found: undefined };
  sup.signal(leader, 'SIGSTOP', 'stopped');
  stopMade = true;
  await sleep(STOP_MS);
  leader.child?.kill('SIGCONT');
  const ok = await waitFor(() => f.watch?.found !== undefined, KILL_TIMEOUT_MS);
  const taken = w.since(stoppedAt).find((l) => l.node !== leader.name);
  const exited = await sup.exited(leader, 30_000);
  stopResult =
    `SIGSTOP of ${leader.name} (seq ${found.seq.toLocaleString('en-US')}) for ${STOP_MS} ms, then SIGCONT: ` +
    (taken === undefined ? 'no LEADER message from another node' : `${taken.node} wrote LEADER epoch ${taken.epoch}, seen +${taken.seenAt - stoppedAt} ms`) +
    `; ${ok ? `${f.watch.found!.node} accepted an order +${f.watch.found!.at - stoppedAt} ms` : `no other node accepted an order within ${KILL_TIMEOUT_MS} ms of the SIGCONT`}` +
    `; ${leader.name} ${exited ? `exited (${sup.exits.filter((e) => e.node === leader.name).at(-1)?.code})` : 'still runs 30 s after it'}; load average ${loadavg()}`;
  console.log(stopResult);
  if (TRACE) trace(stoppedAt, f.watch.found?.at ?? Date.now());
  const restartAt = Date.now();
  if (exited && (await waitFor(() => sup.running(leader), 5_000))) await waitFor(() => following(leader, restartAt), 120_000);
}

async function soak(f: OrderFlow, w: LeaderWatch, minutes: number): Promise<void> {
  const end = runStart + minutes * 60_000;
  while (Date.now() < end) {
    await sleep(Math.min(60_000, end - Date.now()));
    const l = await findLeader(sup, 5_000);
    const load = loadavg();
    loadSamples.push(load);
    const unplanned = sup.exits.filter((e) => e.cause === 'unplanned' && e.time >= runStart);
    console.log(
      `  soak +${((Date.now() - runStart) / 60_000).toFixed(1)} min: leader ${l?.node.name ?? 'none'} at seq ${l?.seq.toLocaleString('en-US') ?? '?'}; ${f.accepted.size.toLocaleString('en-US')} orders acknowledged; ` +
        `${w.since(runStart).length} LEADER messages (failovers); ${unplanned.length} unplanned exits (${unplanned.filter((e) => e.code === 3).length} with code 3); load average ${load}`,
    );
  }
}

try {
  try {
    await startGroup();
    market = await prepareMarket(sup);
    const edgePort = [...sup.edgePorts.values()][0];
    if (edgePort !== undefined) held = await HeldSubscription.open(edgePort, market.seriesId);
    const restStart = performance.now();
    restingBook = await placeResting(sup, RESTING, (placed) => console.log(`  resting pre-load: ${placed.toLocaleString('en-US')} of ${RESTING.toLocaleString('en-US')} orders placed after ${((performance.now() - restStart) / 1000).toFixed(0)} s; load average ${loadavg()}`));
    if (RESTING > 0) {
      const refused = [...restingBook.refused].map(([k, v]) => `${k} ${v}`).join(', ');
      console.log(
        `resting pre-load: ${restingBook.placed.toLocaleString('en-US')} asks accepted by ${restingBook.accounts} provider accounts in ${((performance.now() - restStart) / 1000).toFixed(0)} s over series ` +
          `${restingBook.series.map((x) => `${x.seriesId} (${x.levels} levels, closes ${new Date(x.closeAtMs).toISOString()})`).join(', ')}${refused === '' ? '' : `; refused: ${refused}`}`,
      );
    }
    await preload(market);
    const before = await findLeader(sup, 60_000);
    journalBefore = before?.seq ?? NaN;
    restingBefore = before === undefined ? undefined : await restingOn(before.node);
    console.log(
      `journal before the ${SOAK_MINUTES === undefined ? 'kills' : 'soak'}: ${Number.isNaN(journalBefore) ? '? (no leader answered)' : journalBefore.toLocaleString('en-US')} commands (start and pre-load ${((performance.now() - preStart) / 1000).toFixed(0)} s); ` +
        `${restingBefore?.toLocaleString('en-US') ?? '?'} orders resting on the leader; ${sup.exits.filter((e) => e.cause === 'unplanned').length} unplanned exits so far; load average ${loadavg()}`,
    );
    flow = new OrderFlow(exchange, market, 1, RATE, IN_FLIGHT, FLOW);
    flows.push(flow);
    flow.start();
    runStart = Date.now();
    if (SOAK_MINUTES !== undefined) await soak(flow, watch!, SOAK_MINUTES);
    else {
      await kills(flow);
      if (STOP) await stopOnce(flow, watch!);
      await natsKills(flow);
    }
  } catch (error) {
    problems.push((error as Error).message);
    console.log(`stopped early: ${(error as Error).message}`);
  }
  await finish();
} finally {
  for (const h of hogs) h.kill('SIGKILL');
  await group.close();
  console.log(`load average at the end ${loadavg()}`);
}

/** Stops the flows, lets the standbys catch up, stops every node, audits and reports. */
async function finish(): Promise<void> {
  let unanswered = 0;
  for (const f of flows) unanswered += await f.stop();
  const runEnd = Date.now();
  const loadEnd = loadavg();
  const final = await findLeader(sup, 60_000);
  let journalEnd = final?.seq ?? NaN;
  const restingEnd = final === undefined ? undefined : await restingOn(final.node);
  if (final !== undefined) {
    const standbys = sup.exchangeNodes.filter((n) => n !== final.node);
    const deadline = Date.now() + 60_000;
    let caughtUp = false;
    while (!caughtUp && Date.now() < deadline) {
      journalEnd = (await health(final.node))?.seq ?? journalEnd;
      const seqs = await Promise.all(standbys.map((n) => health(n)));
      caughtUp = seqs.every((h) => h !== undefined && h.seq >= journalEnd);
      if (!caughtUp) await sleep(200);
    }
    if (!caughtUp) problems.push('the standbys had not caught up with the leader 60 s after the flow stopped');
    await sleep(2_000); // the edge has no health answer: a moment to apply the last records
  } else problems.push('no leader at the end (60 s)');
  const heldResult = held === undefined || final === undefined ? undefined : await held.compareWith(final.node);
  await held?.close();
  await sup.shutdown(final?.node);
  await watch?.stop();

  // Every acknowledgement of every flow, pre-load included.
  const acks = new Map<number, Ack>();
  const duplicates = new Map<number, Ack>();
  const outcomes = new Map<string, number>();
  for (const f of flows) {
    for (const [id, a] of f.accepted) acks.set(id, a);
    for (const [id, a] of f.duplicates) duplicates.set(id, a);
    for (const [k, v] of f.outcomes) outcomes.set(k, (outcomes.get(k) ?? 0) + v);
  }
  const acknowledged = new Map<number, Ack>([...duplicates, ...acks]);
  const stream = await auditStream(group.cluster.servers, market?.accountId ?? -1);
  const lastSeqs = await Promise.all(group.nodes.map(async (n) => ({ n, last: await journalLastSeq(n.dataDir).catch(() => 0) })));
  const common = Math.min(...lastSeqs.map((x) => x.last));
  const journals: JournalAudit[] = [];
  for (const { n } of lastSeqs) journals.push(await auditJournal(n.name, n.dataDir, common));
  const auditNode = final?.node ?? lastSeqs.filter((x) => !sup.isEdge(x.n)).sort((a, b) => b.last - a.last)[0]!.n;
  const inJournal = market === undefined ? new Map<number, number>() : await acceptedInJournal(auditNode.dataDir, market.accountId);
  const lost = [...acknowledged.keys()].filter((id) => (inJournal.get(id) ?? 0) === 0);
  const twice = [...acknowledged.keys()].filter((id) => (inJournal.get(id) ?? 0) > 1);
  const notInStream = [...acknowledged.keys()].filter((id) => (stream.orders.get(id) ?? 0) === 0);
  const terms = termsOf(watch?.leaders ?? [], sup.events);
  const deposed = deposedAcks(acknowledged, terms);
  const deposedWithTerm = deposed.filter((d) => d.term !== undefined);
  // Whether the successor holds what a deposed leader acknowledged: its record is in the stream before the newer LEADER message.
  const deposedHeld = deposedWithTerm.filter((d) => (stream.orderAt.get(d.clientOrderId) ?? Infinity) < d.replacedBy!.streamSeq);
  const ackedAfterFence = [...acknowledged.keys()].filter((id) => stream.ordersAfterNewerLeader.has(id));
  const unplanned = sup.exits.filter((e) => e.cause === 'unplanned');
  const selfDeposed = unplanned.filter((e) => e.code === 3);
  const deposedLines = sup.events.filter((e) => e.alarm === 'deposed' || e.msg.includes('no longer leads'));
  const reasons = new Map<string, number>();
  for (const e of deposedLines) {
    const r = (e.reason ?? e.msg).replace(/\d+/g, 'N');
    reasons.set(r, (reasons.get(r) ?? 0) + 1);
  }
  // Equal state: every journal holds what the leader held once the flow stopped (journalEnd) and all agree at the seq they all hold.
  // Their lengths may differ by what the leader journaled after the standbys stopped (they stop first, so none takes the lease).
  const commonEqual = journals.every((j) => j.commonHash === journals[0]!.commonHash);
  // No leader at the end: then every journal must be as long as the longest.
  const reference = Number.isNaN(journalEnd) ? Math.max(...journals.map((j) => j.lastSeq)) : journalEnd;
  const allCaughtUp = journals.every((j) => j.lastSeq >= reference);
  const hashesEqual = commonEqual && allCaughtUp;
  const leadersDuringRun = (watch?.leaders ?? []).filter((l) => l.seenAt >= runStart);
  let failed = problems.length > 0;

  console.log('\n--- results');
  if (problems.length > 0) console.log(`problems: ${problems.join('; ')}`);
  console.log(`load: ${HOGS} CPU hog(s) beside ${NODES} nodes${o.edge === true ? ', an edge' : ''} and 3 nats-servers on ${os.cpus().length} cores; load average (1, 5, 15 min): start ${loadStart}; during ${loadSamples.join(' | ') || '-'}; end ${loadEnd}`);
  console.log(
    `book: ${restingBefore?.toLocaleString('en-US') ?? '? (no answer)'} orders resting on the leader before the ${SOAK_MINUTES === undefined ? 'first kill' : 'soak'} (target ≥ ${TARGET_RESTING.toLocaleString('en-US')}: ${verdict((restingBefore ?? 0) >= TARGET_RESTING)}), ` +
      `${restingEnd?.toLocaleString('en-US') ?? '?'} at the end (patx_orders_resting: every account's, the broker's quotes too; ${RESTING.toLocaleString('en-US')} placed for the run, the flow ${FLOW === 'cancel' ? 'cancelling each of its orders' : FLOW === 'mix' ? 'leaving every other order resting' : 'leaving its orders resting'})`,
  );
  console.log(
    `journal: ${Number.isNaN(journalBefore) ? '?' : journalBefore.toLocaleString('en-US')} commands before the ${SOAK_MINUTES === undefined ? 'first kill' : 'soak'} (target ≥ ${TARGET_JOURNAL.toLocaleString('en-US')}: ${verdict(journalBefore >= TARGET_JOURNAL)}), ` +
      `${Number.isNaN(journalEnd) ? '? (no leader at the end)' : journalEnd.toLocaleString('en-US')} at the end`,
  );
  console.log(
    `orders: ${acks.size.toLocaleString('en-US')} acknowledged accepted, ${duplicates.size} acknowledged DUPLICATE_CLIENT_ORDER_ID (resent after a drop), ${unanswered} unanswered at the end (not audited); ` +
      `connections ${flows.map((f) => f.connections).join('+') || '-'}; other outcomes: ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`,
  );
  if (KILLS > 0) {
    if (failoverMs.length === 0) {
      console.log(`failover: no kill made (target: FAIL)`);
      failed = true;
    } else {
      const worst = Math.max(...failoverMs);
      const med = median(failoverMs);
      console.log(
        `failover, SIGKILL of the leader to the first order accepted by another node, ${failoverMs.length} kills of ${KILLS}${noLeader > 0 ? ` (${noLeader} skipped: no leader)` : ''}${timeouts > 0 ? ` (${timeouts} timed out, counted as ${KILL_TIMEOUT_MS} ms)` : ''}: ` +
          `${failoverMs.map((x) => x.toFixed(0)).join(', ')} ms`,
      );
      const complete = failoverMs.length === KILLS;
      console.log(
        `  median ${ms(med)} (target ≤ ${TARGET_MEDIAN_MS / 1000} s: ${verdict(med <= TARGET_MEDIAN_MS && complete)}), worst ${ms(worst)} (target ≤ ${TARGET_WORST_MS / 1000} s over 20 kills: ${verdict(worst <= TARGET_WORST_MS && complete && KILLS >= 20)})`,
      );
      if (med > TARGET_MEDIAN_MS || worst > TARGET_WORST_MS || !complete || KILLS < 20) failed = true;
      reportFigure(
        `failover under load (${restingBefore?.toLocaleString('en-US') ?? '?'} resting, ${Number.isNaN(journalBefore) ? '?' : journalBefore.toLocaleString('en-US')}-command journal, ${HOGS} CPU hog(s), ${NODES} nodes): SIGKILL of the leader to the first order accepted by the new leader`,
        'ms',
        failoverMs,
        'lower',
        'samples',
      );
    }
  }
  if (stopResult !== '') console.log(`stop: ${stopResult}`);
  if (NATS_KILLS > 0) {
    console.log(`nats-server kills (the journal stream's leader${WITH_LEADER ? ', with the exchange\'s leader' : ''}): ${natsStallMs.length} of ${NATS_KILLS}; the longest the flow went without an order accepted after each: ${natsStallMs.map((x) => ms(x)).join(', ') || '-'} (no target)`);
  }
  console.log(
    `lost: ${lost.length} acknowledged orders not accepted in ${auditNode.name}'s journal (${final === undefined ? 'no final leader: the longest journal' : 'the final leader'}), ${twice.length} accepted twice, ${notInStream.length} not in the stream ` +
      `(target 0: ${verdict(lost.length === 0 && twice.length === 0)})${lost.length > 0 ? `; e.g. ${lost.slice(0, 5).map((id) => `${id} from ${acknowledged.get(id)!.node}`).join(', ')}` : ''}`,
  );
  console.log(
    `acks from a deposed leader: ${deposedWithTerm.length} arrived after another node's newer LEADER message had been stored (target 0: ${verdict(deposedWithTerm.length === 0)})` +
      `${deposedWithTerm.length > 0 ? `; e.g. ${deposedWithTerm.slice(0, 3).map((d) => `order ${d.clientOrderId} from ${d.node} (epoch ${d.term}) +${d.at - d.replacedBy!.by} ms after ${d.replacedBy!.node}'s epoch ${d.replacedBy!.epoch}`).join('; ')}` : ''}` +
      `${deposedWithTerm.length > 0 ? `; ${deposedHeld.length} of them for orders the stream stored before that LEADER message (the successor holds them), ${deposedWithTerm.length - deposedHeld.length} not` : ''}` +
      `; ${deposed.length - deposedWithTerm.length} from a node with no LEADER message seen before them`,
  );
  if (held !== undefined) {
    const ok = held.closed.length === 0 && heldResult?.equal === true;
    if (!ok) failed = true;
    const at = (t: number): string => `+${((t - runStart) / 1000).toFixed(1)} s after the pre-load`;
    console.log(
      `edge: a subscription to series ${held.seriesId} held from before the pre-load to the end: ${held.closed.length === 0 ? 'never closed' : `CLOSED ${held.closed.map((c) => `${c.code} ${c.reason} ${at(c.at)}`).join('; ')}`}; ` +
        `${held.resyncs.length} gaps or resyncs${held.resyncs.length > 0 ? ` (${held.resyncs.slice(0, 3).map((r) => `${r.what} ${at(r.at)}`).join('; ')})` : ''}; ` +
        (heldResult === undefined
          ? 'not compared (no leader at the end)'
          : `its book ${heldResult.equal ? 'equal to' : 'NOT equal to'} the final leader's own market data's at seq ${heldResult.theirs?.seq.toLocaleString('en-US') ?? '?'} (the edge's at ${heldResult.mine?.seq.toLocaleString('en-US') ?? '?'})`) +
        ` (target: ${verdict(ok)})`,
    );
  }
  console.log(`fence: ${stream.afterNewerLeader} of ${stream.messages.toLocaleString('en-US')} stream messages stored after a newer epoch's LEADER message (${stream.leaders} LEADER messages), carrying ${ackedAfterFence.length} acknowledged orders (target 0: ${verdict(stream.afterNewerLeader === 0)})`);
  console.log(
    `state hashes (each journal replayed from its first command): at seq ${common.toLocaleString('en-US')}, which all hold, ${commonEqual ? 'equal' : 'DIFFERENT'}; ` +
      `${allCaughtUp ? 'every journal' : 'NOT every journal'} reaches ${Number.isNaN(journalEnd) ? 'the longest one' : "the leader's seq when the flow stopped"} (${reference.toLocaleString('en-US')}) (target: ${verdict(hashesEqual)})`,
  );
  for (const j of journals) console.log(`  ${j.node}: at ${common.toLocaleString('en-US')} ${j.commonHash.slice(0, 16)}…; its last seq ${j.lastSeq.toLocaleString('en-US')} ${j.stateHash.slice(0, 16)}…`);
  const byNode = [...new Set(unplanned.map((e) => e.node))].map((n) => `${n}: ${unplanned.filter((e) => e.node === n).map((e) => e.code ?? e.signal).join(',')}`);
  console.log(`exits nobody caused: ${unplanned.length} (${byNode.join('; ') || 'none'}); self-depositions (exit 3, not killed or stopped): ${selfDeposed.length} (target 0: ${verdict(selfDeposed.length === 0)})`);
  console.log(`'deposed' log lines: ${deposedLines.length}${reasons.size > 0 ? ` (${[...reasons].map(([r, n]) => `${n}× ${r}`).join('; ')})` : ''}`);
  console.log(`leadership changes after the pre-load (LEADER messages): ${leadersDuringRun.length}${SOAK_MINUTES !== undefined ? ` (soak target 0: ${verdict(leadersDuringRun.length === 0)})` : ` (${failoverMs.length + (stopMade ? 1 : 0)} caused by the bench)`}; ${watch?.leaders.length ?? 0} in all`);
  console.log(`run ${((runEnd - runStart) / 60_000).toFixed(1)} min after the pre-load; nodes' logs: ${logDir}`);
  if (lost.length > 0 || twice.length > 0 || deposedWithTerm.length > 0 || stream.afterNewerLeader > 0 || !hashesEqual || selfDeposed.length > 0) failed = true;
  if (!(journalBefore >= TARGET_JOURNAL) || !((restingBefore ?? 0) >= TARGET_RESTING)) failed = true;
  if (SOAK_MINUTES !== undefined && leadersDuringRun.length > 0) failed = true;
  console.log(`RESULT: ${failed ? 'FAIL' : 'PASS'} against issue 78's targets`);
  // A script or CI step running the bench sees the verdict.
  if (failed) process.exitCode = 1;
}
