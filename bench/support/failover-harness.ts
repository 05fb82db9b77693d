/**
 * The pieces of bench/failover.ts (issues 59 and 78): a supervisor for the group's processes
 * that keeps every node's log and every exit, a CPU hog, the resting pre-load (the book the
 * kills happen over), an order flow that records each acknowledgement with the node that sent
 * it, a watch on the stream's LEADER messages, a subscription held on an edge, and the audit at
 * the end (the stream, the journals, the acknowledgements).
 *
 * Everything is read from outside, as an operator would: the nodes' JSON log lines, their
 * /healthz answers, the stream on the nats-servers and, once they stopped, their data dirs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { id as keccakId, Wallet } from 'ethers';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages, type StoredMsg } from '@nats-io/jetstream';
import { isDeepStrictEqual } from 'node:util';
import { MarketDataClient, PatxConnectionClosedError, PatxRequestError, PatxTimeoutError, TradingClient, wire } from '../../src/client/index.js';
import { freePort } from '../../src/runtime/free-port.js';
import { CommandKind, Engine, EventType, Journal, parseJournalRecord, replayJournal, stateHash, type EngineEvent } from '../../src/engine/index.js';
import { decodeLeaderNotice, MessageKind, metaOf } from '../../src/replication/stream.js';
import { HARDHAT_KEYS } from '../../src/settlement/hardhat-keys.js';
import { OPERATOR_TOKEN, type ExchangeNode, type ReplicatedGroup } from '../../test/support/replicated-nodes.js';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A node's log line the bench reads (pino JSON: `time` is the node's Date.now(), the same clock as this process's). */
export interface NodeEvent {
  node: string;
  time: number;
  msg: string;
  alarm: string | undefined;
  epoch: number | undefined;
  reason: string | undefined;
}

/** Why a process ended: the bench's SIGKILL, its SIGSTOP (the paused leader then leaves by itself), the final stop, or none of these. */
export type ExitCause = 'killed' | 'stopped' | 'shutdown' | 'unplanned';

export interface NodeExit {
  node: string;
  time: number;
  code: number | null;
  signal: string | null;
  cause: ExitCause;
}

// The lines the bench decides on; the rest go to the node's log file only.
const INTERESTING = /leading the replicated group|gateway listening|quoting started|standby: port released|took the lease|following the replicated journal|no longer leads|deposed|PATX is running|market-data edge serving|dropped the journal's tail|stopped following|cannot start/;

/**
 * Runs the group's processes as a supervisor would (Docker's restart policy): a node that
 * exits by itself is started again after RESTART_DELAY_MS and the exit is counted; a node
 * the bench killed is started again by the bench, once it has measured the failover.
 */
export class Supervisor {
  readonly events: NodeEvent[] = [];
  readonly exits: NodeExit[] = [];
  private readonly causes = new WeakMap<ChildProcess, ExitCause>();
  /** Each edge's market-data port, kept across its restarts (a held subscription names it). */
  readonly edgePorts = new Map<string, number>();
  private closing = false;
  private restarts: NodeJS.Timeout[] = [];

  constructor(
    readonly group: ReplicatedGroup,
    private readonly edges: ReadonlySet<string>,
    private readonly logDir: string,
    /** Added to every node's environment (the bench's config file). */
    private readonly env: Record<string, string> = {},
  ) {}

  get exchangeNodes(): ExchangeNode[] {
    return this.group.nodes.filter((n) => !this.edges.has(n.name));
  }

  isEdge(n: ExchangeNode): boolean {
    return this.edges.has(n.name);
  }

  running(n: ExchangeNode): boolean {
    return n.child !== undefined && n.child.exitCode === null && n.child.signalCode === null;
  }

  async launch(n: ExchangeNode): Promise<void> {
    if (this.closing) return;
    if (this.isEdge(n) && !this.edgePorts.has(n.name)) this.edgePorts.set(n.name, await freePort());
    await this.group.start(n, this.isEdge(n) ? { ...this.env, PATX_ROLE: 'edge', PATX_MARKET_DATA_PORT: String(this.edgePorts.get(n.name)) } : this.env);
    const child = n.child!;
    const file = path.join(this.logDir, `${n.name}.log`);
    appendFileSync(file, `--- started ${new Date().toISOString()} pid ${child.pid}\n`);
    let partial = '';
    const onData = (chunk: Buffer): void => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop()!;
      if (lines.length === 0) return;
      appendFileSync(file, lines.join('\n') + '\n');
      for (const line of lines) this.parse(n.name, line);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      const cause = this.causes.get(child) ?? (this.closing ? 'shutdown' : 'unplanned');
      this.exits.push({ node: n.name, time: Date.now(), code, signal, cause });
      appendFileSync(file, `--- exited ${new Date().toISOString()} code ${code} signal ${signal} (${cause})\n`);
      // A supervisor restarts what left by itself (a deposed leader exits 3 for exactly this); the bench restarts what it killed.
      if (cause !== 'killed' && !this.closing) this.restarts.push(setTimeout(() => void this.launch(n), RESTART_DELAY_MS));
    });
  }

  private parse(node: string, line: string): void {
    if (!line.startsWith('{') || !INTERESTING.test(line)) return;
    try {
      const j = JSON.parse(line) as { time?: number; msg?: string; alarm?: string; epoch?: number; reason?: string };
      if (typeof j.time !== 'number' || typeof j.msg !== 'string') return;
      this.events.push({ node, time: j.time, msg: j.msg, alarm: j.alarm, epoch: j.epoch, reason: j.reason });
    } catch {
      // A line cut by the pipe: it is in the log file.
    }
  }

  /** Sends `signal`, remembering why, so the exit it causes is not counted as the node's own. */
  signal(n: ExchangeNode, signal: NodeJS.Signals, cause: ExitCause): void {
    const child = n.child!;
    this.causes.set(child, cause);
    child.kill(signal);
  }

  async exited(n: ExchangeNode, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.running(n)) {
      if (Date.now() > deadline) return false;
      await sleep(20);
    }
    return true;
  }

  /** The first event of `node` matching `test` at or after `since` (wall ms). */
  eventAfter(node: string, since: number, test: (e: NodeEvent) => boolean): NodeEvent | undefined {
    return this.events.find((e) => e.node === node && e.time >= since && test(e));
  }

  /** Stops every process: SIGINT to the standbys and edges first, then to the leader (so no standby takes its released lease). */
  async shutdown(leader: ExchangeNode | undefined): Promise<void> {
    this.closing = true;
    for (const t of this.restarts) clearTimeout(t);
    const others = this.group.nodes.filter((n) => n !== leader && this.running(n));
    for (const n of others) this.signal(n, 'SIGINT', 'shutdown');
    for (const n of others) if (!(await this.exited(n, 20_000))) this.signal(n, 'SIGKILL', 'shutdown');
    if (leader !== undefined && this.running(leader)) {
      this.signal(leader, 'SIGINT', 'shutdown');
      if (!(await this.exited(leader, 20_000))) this.signal(leader, 'SIGKILL', 'shutdown');
    }
    for (const n of this.group.nodes) await this.exited(n, 5_000);
  }
}

const RESTART_DELAY_MS = 500;

/** What a node's /healthz says (leader, standby or edge-less), or undefined when it does not answer in time. */
export interface Health {
  role: string;
  seq: number;
}

export async function health(n: ExchangeNode, timeoutMs = 2_000): Promise<Health | undefined> {
  try {
    const r = await fetch(`http://127.0.0.1:${n.port}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
    const j = (await r.json()) as { role?: string; seq?: number };
    return typeof j.role === 'string' && typeof j.seq === 'number' ? { role: j.role, seq: j.seq } : undefined;
  } catch {
    return undefined;
  }
}

/** The node whose /healthz says it leads, waiting up to `timeoutMs`. */
export async function findLeader(s: Supervisor, timeoutMs: number): Promise<{ node: ExchangeNode; seq: number } | undefined> {
  const deadline = Date.now() + timeoutMs;
  do {
    const answers = await Promise.all(s.exchangeNodes.map(async (n) => ({ n, h: s.running(n) ? await health(n) : undefined })));
    const leader = answers.find((a) => a.h?.role === 'leader');
    if (leader !== undefined) return { node: leader.n, seq: leader.h!.seq };
    await sleep(100);
  } while (Date.now() < deadline);
  return undefined;
}

/** `n` busy-looping node processes beside the group: the "host loaded" of the target. */
export function startHog(n: number): ChildProcess[] {
  const hogs = Array.from({ length: n }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  // A hog that outlives the bench would load the machine for nobody.
  process.once('exit', () => {
    for (const h of hogs) h.kill('SIGKILL');
  });
  return hogs;
}

/** One acknowledgement: which node's gateway sent it, and when it arrived here (wall ms, comparable with the nodes' log times). */
export interface Ack {
  node: string;
  at: number;
}

/** Which orders the flows place: the provider's account and a spot series where its asks at the top of the range rest. */
export interface Market {
  wallet: Wallet;
  /** The provider's account id: its orders are the ones audited. */
  accountId: number;
  seriesId: number;
  priceMicros: number;
}

/**
 * Prepares the market on the leader: minting without a catalog listing, no per-account order
 * throttle (the flows' rate is the bench's --rate; the pre-load goes flat out), capacity and
 * supply in the latest spot series.
 */
export async function prepareMarket(s: Supervisor): Promise<Market> {
  // The leader may change meanwhile (a leader deposing itself under load is what this bench looks for): try again on the next.
  for (let attempt = 1; ; attempt++) {
    const leader = await findLeader(s, 60_000);
    try {
      if (leader === undefined) throw new Error('no leader for 60 s');
      return await prepareMarketOn(leader.node);
    } catch (error) {
      if (attempt >= 5) throw error;
      console.log(`  market not prepared on ${leader?.node.name ?? 'no leader'} (${(error as Error).message.slice(0, 200)}); again`);
      await sleep(1_000);
    }
  }
}

async function prepareMarketOn(leader: ExchangeNode): Promise<Market> {
  const wallet = new Wallet(HARDHAT_KEYS[2]!);
  for (const [param, value] of [['risk.mintRequiresListing', 0], ['risk.throttleMessages', 0]] as const) {
    const r = await fetch(`http://127.0.0.1:${leader.port}/operator/params/${param}`, { method: 'PUT', headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ value }) });
    if (r.status !== 200) throw new Error(`${param} not set: ${r.status} ${await r.text()}`);
  }
  const client = await TradingClient.connect(`ws://127.0.0.1:${leader.port}/v1/trade`, { wallet, role: wire.Role.PROVIDER });
  try {
    const series = (await client.series()).filter((s) => s.kind === wire.SeriesKind.SPOT && s.status === wire.SeriesStatus.TRADING);
    const latest = series.sort((x, y) => Number(y.closeAtMs) - Number(x.closeAtMs))[0];
    if (latest === undefined) throw new Error('no spot series trading');
    const seriesId = Number(latest.seriesId);
    const capacity = Number((await client.declareCapacity(seriesId, 10_000_000)).rejectReason ?? 0);
    const minted = Number((await client.mint(seriesId, 1_000_000)).rejectReason ?? 0);
    if (capacity !== 0 || minted !== 0) throw new Error(`capacity ${wire.RejectReason[capacity]}, mint ${wire.RejectReason[minted]}`);
    console.log(`market: spot series ${seriesId}, closes ${new Date(Number(latest.closeAtMs)).toISOString()}; asks at ${Number(latest.maxPriceMicros)} micros rest`);
    return { wallet, accountId: client.accountId, seriesId, priceMicros: Number(latest.maxPriceMicros) };
  } finally {
    await client.close();
  }
}

/** What the resting pre-load left in the books. */
export interface RestingBook {
  accounts: number;
  series: Array<{ seriesId: number; closeAtMs: number; levels: number }>;
  /** Orders the engine accepted (or had accepted: DUPLICATE_CLIENT_ORDER_ID after a resend). */
  placed: number;
  refused: Map<string, number>;
}

/** Each resting account keeps at most this many open orders: a quarter of the engine's per-account limit (maxOpenOrdersPerAccount, 100,000). */
export const RESTING_PER_ACCOUNT = 25_000;
const RESTING_SERIES = 4;
const RESTING_LEVELS = 50;
const RESTING_IN_FLIGHT = 16;

/** The resting accounts' wallets: derived from their index, so a run's accounts are the same each time and none is a flow's. */
const restingWallet = (k: number): Wallet => new Wallet(keccakId(`patx-bench-failover-resting-${k}`));

/**
 * Leaves `total` asks resting in the books before the kills: ceil(total / 25,000) provider
 * accounts (under the engine's 100,000 open orders per account), each with capacity and supply
 * in the `RESTING_SERIES` spot series that close last, its asks spread over the series and over
 * the top price levels of each range (above the middle between the reference and the top, so
 * the broker's quotes never reach them and nothing trades). Orders go to whichever node leads;
 * one cut off by a leader's change is sent again with its client order id.
 */
export async function placeResting(s: Supervisor, total: number, progress: (placed: number) => void): Promise<RestingBook> {
  const book: RestingBook = { accounts: Math.ceil(total / RESTING_PER_ACCOUNT), series: [], placed: 0, refused: new Map() };
  if (total === 0) return book;
  const leader = await findLeader(s, 60_000);
  if (leader === undefined) throw new Error('no leader for the resting pre-load');
  const probe = await TradingClient.connect(`ws://127.0.0.1:${leader.node.port}/v1/trade`, { wallet: restingWallet(0), role: wire.Role.PROVIDER });
  try {
    const spot = (await probe.series()).filter((x) => x.kind === wire.SeriesKind.SPOT && x.status === wire.SeriesStatus.TRADING);
    for (const x of spot.sort((a, b) => Number(b.closeAtMs) - Number(a.closeAtMs)).slice(0, RESTING_SERIES)) {
      const top = Number(x.maxPriceMicros);
      const tick = Math.max(1, Number(x.tickMicros));
      const floor = Math.max(Number(x.referencePriceMicros), Number(x.minPriceMicros));
      book.series.push({ seriesId: Number(x.seriesId), closeAtMs: Number(x.closeAtMs), levels: Math.max(1, Math.min(RESTING_LEVELS, Math.floor((top - floor) / 2 / tick))) });
    }
    if (book.series.length === 0) throw new Error('no spot series trading for the resting orders');
    const prices = new Map(spot.map((x) => [Number(x.seriesId), { top: Number(x.maxPriceMicros), tick: Math.max(1, Number(x.tickMicros)) }]));
    const accounts = Array.from({ length: book.accounts }, (_, k) => Math.min(RESTING_PER_ACCOUNT, total - k * RESTING_PER_ACCOUNT));
    const refuse = (what: string): void => void book.refused.set(what, (book.refused.get(what) ?? 0) + 1);
    // A few accounts at a time: each pipelines its orders; together they keep the leader busy without starving the standbys.
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let k = next++; k < accounts.length; k = next++) {
        const orders = accounts[k]!;
        const wallet = restingWallet(k);
        let conn: TradingClient | undefined;
        const connected = async (): Promise<TradingClient> => {
          if (conn !== undefined && conn.socket.closed === undefined) return conn;
          const l = await findLeader(s, 60_000);
          if (l === undefined) throw new Error('no leader for 60 s during the resting pre-load');
          conn = await TradingClient.connect(`ws://127.0.0.1:${l.node.port}/v1/trade`, { wallet, role: wire.Role.PROVIDER });
          return conn;
        };
        const perSeries = Math.ceil(orders / book.series.length);
        for (const x of book.series) {
          const c = await connected();
          const capacity = Number((await c.declareCapacity(x.seriesId, perSeries * 2)).rejectReason ?? 0);
          const minted = Number((await c.mint(x.seriesId, perSeries + 100)).rejectReason ?? 0);
          if (capacity !== 0 || minted !== 0) throw new Error(`resting account ${k}, series ${x.seriesId}: capacity ${wire.RejectReason[capacity]}, mint ${wire.RejectReason[minted]}`);
        }
        let id = 1;
        const place = async (): Promise<void> => {
          for (let clientOrderId = id++; clientOrderId <= orders; clientOrderId = id++) {
            const x = book.series[clientOrderId % book.series.length]!;
            const p = prices.get(x.seriesId)!;
            const level = Math.floor(clientOrderId / book.series.length) % x.levels;
            for (;;) {
              try {
                const ack = await (await connected()).newOrder({ seriesId: x.seriesId, clientOrderId, side: wire.Side.SELL, timeInForce: wire.TimeInForce.GTC, priceMicros: p.top - level * p.tick, qty: 1 });
                const reason = Number(ack.rejectReason ?? 0) || Number(ack.reports?.[0]?.rejectReason ?? 0);
                if (reason === 0 || reason === wire.RejectReason.DUPLICATE_CLIENT_ORDER_ID) book.placed++;
                else refuse(wire.RejectReason[reason] ?? String(reason));
                break;
              } catch (error) {
                // A leader's change or a stopped engine: send it again (the engine never takes a client order id twice).
                if (error instanceof PatxConnectionClosedError || error instanceof PatxTimeoutError || (error instanceof PatxRequestError && error.code === 'SERVICE_UNAVAILABLE')) {
                  void conn?.close().catch(() => undefined);
                  conn = undefined;
                  await sleep(100);
                  continue;
                }
                // The session's message rate (gateway.maxMessagesPerSecond): nothing was done; again after a pause.
                if (error instanceof PatxRequestError && error.code === 'RATE_LIMITED') {
                  refuse('RATE_LIMITED (sent again)');
                  await sleep(200);
                  continue;
                }
                throw error;
              }
            }
          }
        };
        await Promise.all(Array.from({ length: RESTING_IN_FLIGHT }, () => place()));
        await conn?.close().catch(() => undefined);
      }
    };
    const ticker = setInterval(() => progress(book.placed), 10_000);
    try {
      await Promise.all(Array.from({ length: Math.min(4, accounts.length) }, () => worker()));
    } finally {
      clearInterval(ticker);
    }
    return book;
  } finally {
    await probe.close().catch(() => undefined);
  }
}

/** The orders resting in the books on `n` (its /operator/metrics patx_orders_resting: every account's, the broker's quotes too), or undefined. */
export async function restingOn(n: ExchangeNode): Promise<number | undefined> {
  try {
    const r = await fetch(`http://127.0.0.1:${n.port}/operator/metrics`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` }, signal: AbortSignal.timeout(5_000) });
    const m = /^patx_orders_resting (\d+)$/m.exec(await r.text());
    return m === null ? undefined : Number(m[1]);
  } catch {
    return undefined;
  }
}

interface Connection {
  client: TradingClient;
  node: string;
}

/** Set before a kill: the first order accepted by another node than the killed one, from `since` on. */
interface Watch {
  since: number;
  notNode: string;
  found: Ack | undefined;
}

/**
 * What a flow does with each order once acknowledged: leaves it resting (as real books do,
 * and the book grows), cancels it (the book stays as it is; the journal pre-load), or leaves
 * every other one (odd client order ids) resting.
 */
export type FlowMode = 'rest' | 'cancel' | 'mix';

/**
 * Places asks that rest and, by its mode, cancels them once acknowledged, `inFlight` at a time at most,
 * `rate` orders a second (Infinity: flat out), each with its own client order id from
 * `idBase` up. Like FailoverTradingClient it finds the leader by trying every gateway and
 * sends an order again with the same client order id after a drop or a timeout (the engine
 * never takes an id twice), but it knows which gateway each ack came from.
 */
export class OrderFlow {
  /** Acks that accepted the order, by client order id. */
  readonly accepted = new Map<number, Ack>();
  /** Acks DUPLICATE_CLIENT_ORDER_ID: a resend of an order an earlier send had journaled. */
  readonly duplicates = new Map<number, Ack>();
  /** Every other outcome of a new order or a cancel, by name, with its count. */
  readonly outcomes = new Map<string, number>();
  connections = 0;
  watch: Watch | undefined;
  /** Connection events (wall ms, what): for PATX_FAILOVER_TRACE, to tell the client's share of a failover from the nodes'. */
  readonly connectionLog: Array<{ at: number; what: string }> = [];
  private conn: Connection | undefined;
  private connecting: Promise<Connection> | undefined;
  private nextId: number;
  private inFlightNow = 0;
  private running = true;
  private ticker: NodeJS.Timeout | undefined;
  private tokens = 0;
  private readonly inFlightOrders = new Set<Promise<void>>();

  constructor(
    private readonly nodes: readonly ExchangeNode[],
    private readonly market: Market,
    idBase: number,
    private readonly rate: number,
    private readonly inFlight: number,
    private readonly mode: FlowMode = 'cancel',
  ) {
    this.nextId = idBase;
  }

  start(): void {
    const tickMs = 10;
    this.ticker = setInterval(() => {
      // Tokens cap at the in-flight window: after a stall the flow does not burst beyond it.
      this.tokens = Math.min(this.inFlight, this.tokens + (this.rate === Infinity ? this.inFlight : (this.rate * tickMs) / 1000));
      while (this.running && this.tokens >= 1 && this.inFlightNow < this.inFlight) {
        this.tokens--;
        this.inFlightNow++;
        const p = this.placeAndCancel(this.nextId++).finally(() => {
          this.inFlightNow--;
          this.inFlightOrders.delete(p);
        });
        this.inFlightOrders.add(p);
      }
    }, tickMs);
  }

  /** Stops placing; waits up to `waitMs` for the orders in flight (an order still unanswered then has an unknown outcome and is not audited). */
  async stop(waitMs = 30_000): Promise<number> {
    this.running = false;
    clearInterval(this.ticker);
    await Promise.race([Promise.all(this.inFlightOrders), sleep(waitMs)]);
    const unanswered = this.inFlightOrders.size;
    await this.conn?.client.close().catch(() => undefined);
    return unanswered;
  }

  private count(outcome: string): void {
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
  }

  private async placeAndCancel(clientOrderId: number): Promise<void> {
    for (;;) {
      let conn: Connection;
      try {
        conn = await this.usable();
      } catch {
        if (!this.running) return;
        continue;
      }
      let ack;
      try {
        ack = await conn.client.newOrder({ seriesId: this.market.seriesId, clientOrderId, side: wire.Side.SELL, timeInForce: wire.TimeInForce.GTC, priceMicros: this.market.priceMicros, qty: 1 });
      } catch (error) {
        if (error instanceof PatxConnectionClosedError || error instanceof PatxTimeoutError) {
          this.count(error instanceof PatxTimeoutError ? 'newOrder timed out (sent again)' : 'newOrder cut off (sent again)');
          // Outcome unknown: send it again, on the next leader if this connection is gone. Until the flow stops: then it stays unknown.
          if (!this.running && error instanceof PatxConnectionClosedError) return;
          continue;
        }
        if (error instanceof PatxRequestError && error.code === 'SERVICE_UNAVAILABLE') {
          // The node stopped its engine (deposed: its lease ran out while this order waited): outcome unknown, as at a drop.
          // Leave that node and send it again on the next leader (a journaled first send answers DUPLICATE_CLIENT_ORDER_ID).
          this.count('newOrder refused by a stopped engine (sent again)');
          if (this.conn === conn) this.conn = undefined;
          void conn.client.close().catch(() => undefined);
          if (!this.running) return;
          continue;
        }
        throw error;
      }
      const at = Date.now();
      const reason = Number(ack.rejectReason ?? 0) || Number(ack.reports?.[0]?.rejectReason ?? 0);
      if (reason === wire.RejectReason.DUPLICATE_CLIENT_ORDER_ID) {
        this.duplicates.set(clientOrderId, { node: conn.node, at });
        return;
      }
      if (reason !== 0) {
        this.count(`newOrder ${wire.RejectReason[reason] ?? reason}`);
        if (reason === wire.RejectReason.THROTTLED) await sleep(20);
        return;
      }
      this.accepted.set(clientOrderId, { node: conn.node, at });
      if (this.watch !== undefined && this.watch.found === undefined && conn.node !== this.watch.notNode && at >= this.watch.since) this.watch.found = { node: conn.node, at };
      if (this.mode === 'rest' || (this.mode === 'mix' && clientOrderId % 2 === 1)) return;
      // The cancel keeps the book as it is; its outcome is only counted (a drop leaves the order resting: harmless).
      try {
        const c = await conn.client.cancel({ clientOrderId });
        const r = Number(c.rejectReason ?? 0) || Number(c.reports?.[0]?.rejectReason ?? 0);
        if (r !== 0) this.count(`cancel ${wire.RejectReason[r] ?? r}`);
      } catch {
        this.count('cancel cut off');
      }
      return;
    }
  }

  private async usable(): Promise<Connection> {
    if (this.conn !== undefined && this.conn.client.socket.closed === undefined) return this.conn;
    this.connecting ??= this.connectAny().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /** Tries each gateway in turn (a standby refuses the upgrade with 503), round after round, while the flow runs. */
  private async connectAny(): Promise<Connection> {
    for (;;) {
      for (const n of this.nodes) {
        if (!this.running) throw new Error('the flow stopped');
        const tried = Date.now();
        const client = await connectWithin(`ws://127.0.0.1:${n.port}/v1/trade`, this.market.wallet, CONNECT_TIMEOUT_MS);
        if (typeof client === 'string') {
          if (this.connectionLog.length < 10_000) this.connectionLog.push({ at: tried, what: `${n.name} refused (${Date.now() - tried} ms): ${client}` });
          continue;
        }
        this.connections++;
        this.connectionLog.push({ at: Date.now(), what: `logged in to ${n.name} (${Date.now() - tried} ms)` });
        client.socket.onClose = (error) => this.connectionLog.push({ at: Date.now(), what: `${n.name} closed (${error.message})` });
        this.conn = { client, node: n.name };
        return this.conn;
      }
      await sleep(50);
    }
  }
}

/**
 * A login that does not answer in this long is given up: a SIGSTOPped node accepts the TCP
 * connection and says nothing. Generous on purpose: a new leader's first logins take over a
 * second under load, and giving up on them would add the client's retries to the failover.
 */
const CONNECT_TIMEOUT_MS = 10_000;

/** A logged-in client, or why not (a refused upgrade, a login refused, or no answer in time). */
async function connectWithin(url: string, wallet: Wallet, timeoutMs: number): Promise<TradingClient | string> {
  let late = false;
  const attempt = TradingClient.connect(url, { wallet, role: wire.Role.PROVIDER }).then(
    (client) => {
      if (late) void client.close(); // logged in after we gave up on it
      return client;
    },
    (error: unknown) => (error as Error).message.slice(0, 120),
  );
  const timeout = sleep(timeoutMs).then(() => {
    late = true;
    return `no login within ${timeoutMs} ms`;
  });
  return Promise.race([attempt, timeout]);
}

/** A LEADER message on the stream: who took over at which epoch, and when this process first saw it. */
export interface LeaderMessage {
  streamSeq: number;
  node: string;
  epoch: number;
  seenAt: number;
}

/**
 * Watches the stream for LEADER messages (an ordered consumer of headers only, from the start:
 * cheap even over a long journal); fetches each one's body for the node's name.
 */
export class LeaderWatch {
  readonly leaders: LeaderMessage[] = [];
  private messages: ConsumerMessages | undefined;
  private done: Promise<void> = Promise.resolve();
  private stopped = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly stream: string,
  ) {}

  static async start(servers: string[], stream = 'PATX_JOURNAL', subject = 'patx.journal'): Promise<LeaderWatch> {
    const nc = await connect({ servers, name: 'bench-failover-watch', maxReconnectAttempts: -1 });
    const w = new LeaderWatch(nc, stream);
    const jsm = await jetstreamManager(nc);
    let next = 1; // the stream seq to read from
    // Follows again from where it was when a nats-server's death ends its consumer (bench:failover --kill-nats):
    // a watch that stopped would miss the later LEADER messages and count every later ack as a deposed leader's.
    const follow = async (): Promise<void> => {
      const consumer = await jetstream(nc).consumers.get(stream, { filter_subjects: subject, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: next, headers_only: true });
      w.messages = await consumer.consume({ max_messages: 1024 });
      for await (const m of w.messages) {
        if (m.headers?.get('Patx-Kind') === MessageKind.LEADER) {
          const seenAt = Date.now();
          // A read that fails while a stream elects its leader is made again (20 s at most); null: no such message.
          let stored: StoredMsg | null | undefined;
          for (let tries = 0; stored === undefined && tries < 200; tries++) stored = await jsm.streams.getMessage(stream, { seq: m.seq }).catch(() => sleep(100).then(() => undefined));
          if (stored !== null && stored !== undefined) {
            const notice = decodeLeaderNotice(stored.data, m.seq);
            w.leaders.push({ streamSeq: m.seq, node: notice.node, epoch: notice.epoch, seenAt });
          }
        }
        next = m.seq + 1;
      }
    };
    w.done = (async () => {
      while (!w.stopped) {
        await follow().catch((error: unknown) => {
          if (!w.stopped) console.log(`leader watch: ${(error as Error).message}; following again from stream seq ${next}`);
        });
        if (!w.stopped) await sleep(250);
      }
    })();
    return w;
  }

  /** LEADER messages seen since `since` (wall ms). */
  since(since: number): LeaderMessage[] {
    return this.leaders.filter((l) => l.seenAt >= since);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.messages?.stop();
    await this.done;
    await this.nc.close();
  }

  get streamName(): string {
    return this.stream;
  }
}

/** One leadership term: its LEADER message and the bounds on when it was stored (wall ms). */
interface Term {
  node: string;
  epoch: number;
  streamSeq: number;
  /** No earlier than this: the node logged 'took the lease' before it wrote its LEADER message. */
  from: number;
  /** No later than this: when this process saw the message, or when the node logged 'leading the replicated group' after it was stored, whichever is first. */
  by: number;
}

/**
 * Leadership terms from the LEADER messages and the nodes' logs. How an ack counts as one from
 * a deposed leader: the ack's node N and arrival time t give N's term (its latest LEADER whose
 * `from` is at or before t); if another node's LEADER with a higher epoch had certainly been
 * stored before t (its `by` < t), N had been replaced when its ack arrived. `by` is an upper
 * bound on the store time, so an ack is never counted for arriving after a LEADER that may not
 * yet have been written; acks in the gap (a few ms to a second under load) are missed instead.
 */
export function termsOf(leaders: readonly LeaderMessage[], events: readonly { node: string; time: number; msg: string; epoch: number | undefined }[]): Term[] {
  return [...leaders]
    .sort((a, b) => a.epoch - b.epoch)
    .map((l) => {
      const mine = events.filter((e) => e.node === l.node && e.epoch === l.epoch);
      const leading = mine.find((e) => e.msg.includes('leading the replicated group'))?.time ?? Infinity;
      const took = mine.find((e) => e.msg.includes('took the lease'))?.time;
      const by = Math.min(l.seenAt, leading);
      return { node: l.node, epoch: l.epoch, streamSeq: l.streamSeq, from: Math.min(took ?? by, by), by };
    });
}

export interface DeposedAck {
  clientOrderId: number;
  node: string;
  at: number;
  term: number | undefined;
  replacedBy: Term | undefined;
}

/** Acks from a node that had been replaced by the time they arrived (see termsOf), and acks from a node with no term at all. */
export function deposedAcks(acks: ReadonlyMap<number, Ack>, terms: readonly Term[]): DeposedAck[] {
  const out: DeposedAck[] = [];
  for (const [clientOrderId, ack] of acks) {
    const own = terms.filter((t) => t.node === ack.node && t.from <= ack.at).at(-1);
    if (own === undefined) {
      out.push({ clientOrderId, node: ack.node, at: ack.at, term: undefined, replacedBy: undefined });
      continue;
    }
    const newer = terms.find((t) => t.epoch > own.epoch && t.node !== ack.node && t.by < ack.at);
    if (newer !== undefined) out.push({ clientOrderId, node: ack.node, at: ack.at, term: own.epoch, replacedBy: newer });
  }
  return out;
}

export interface StreamAudit {
  messages: number;
  records: number;
  leaders: number;
  /** Messages stored after a LEADER message of a higher epoch than their own: the fence did not hold. */
  afterNewerLeader: number;
  /** The bench account's NEW_ORDER client order ids in those messages. */
  ordersAfterNewerLeader: Set<number>;
  /** Client order ids of the bench account's NEW_ORDERs, with how many records carry them. */
  orders: Map<number, number>;
  /** The stream seq of the first record carrying each of those client order ids. */
  orderAt: Map<number, number>;
}

/** Reads the whole stream once (after the nodes stopped): the fence, record by record, and where each order of `accountId` is. */
export async function auditStream(servers: string[], accountId: number, stream = 'PATX_JOURNAL', subject = 'patx.journal'): Promise<StreamAudit> {
  const nc = await connect({ servers, name: 'bench-failover-audit' });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(stream);
    const last = info.state.last_seq;
    const a: StreamAudit = { messages: 0, records: 0, leaders: 0, afterNewerLeader: 0, ordersAfterNewerLeader: new Set(), orders: new Map(), orderAt: new Map() };
    if (info.state.messages === 0) return a;
    const consumer = await jetstream(nc).consumers.get(stream, { filter_subjects: subject, deliver_policy: DeliverPolicy.All });
    const messages = await consumer.consume({ max_messages: 1024 });
    let newestLeader = 0;
    for await (const m of messages) {
      a.messages++;
      const meta = metaOf(m.headers, m.seq);
      const breach = meta.epoch < newestLeader;
      if (breach) a.afterNewerLeader++;
      if (meta.kind === MessageKind.LEADER) {
        a.leaders++;
        newestLeader = Math.max(newestLeader, meta.epoch);
      } else if (meta.kind === MessageKind.RECORD) {
        a.records++;
        for (const cmd of parseJournalRecord(m.data).commands) {
          if (cmd.kind !== CommandKind.NEW_ORDER || cmd.actor !== accountId) continue;
          a.orders.set(cmd.clientOrderId, (a.orders.get(cmd.clientOrderId) ?? 0) + 1);
          if (!a.orderAt.has(cmd.clientOrderId)) a.orderAt.set(cmd.clientOrderId, m.seq);
          if (breach) a.ordersAfterNewerLeader.add(cmd.clientOrderId);
        }
      }
      if (m.seq >= last) break;
    }
    messages.stop();
    return a;
  } finally {
    await nc.close();
  }
}

export interface JournalAudit {
  node: string;
  lastSeq: number;
  stateHash: string;
  /** The hash at the seq every audited journal holds (equal journals agree on it whatever their length). */
  commonHash: string;
}

/** Each node's journal, replayed from its first command: the last seq, the state hash there and at `common`. */
export async function auditJournal(node: string, dataDir: string, common: number): Promise<JournalAudit> {
  const journal = Journal.open(dataDir, { durability: 'commit', readOnly: true });
  try {
    const engine = new Engine();
    replayJournal(engine, journal, common);
    const commonHash = stateHash(engine);
    replayJournal(engine, journal);
    return { node, lastSeq: journal.lastSeq(), stateHash: stateHash(engine), commonHash };
  } finally {
    await journal.close();
  }
}

export async function journalLastSeq(dataDir: string): Promise<number> {
  const journal = Journal.open(dataDir, { durability: 'commit', readOnly: true });
  try {
    return journal.lastSeq();
  } finally {
    await journal.close();
  }
}

/** How many times the engine accepted each client order id of `accountId`, replaying `dataDir`'s journal with events. */
export async function acceptedInJournal(dataDir: string, accountId: number): Promise<Map<number, number>> {
  const journal = Journal.open(dataDir, { durability: 'commit', readOnly: true });
  try {
    const engine = new Engine();
    const out: EngineEvent[] = [];
    const accepted = new Map<number, number>();
    for (const batch of journal.read(1)) {
      for (let i = 0; i < batch.commands.length; i++) {
        out.length = 0;
        engine.apply(batch.commands[i]!, batch.firstSeq + i, batch.timeMs, out);
        for (const e of out) if (e.type === EventType.ORDER_ACCEPTED && e.accountId === accountId) accepted.set(e.clientOrderId, (accepted.get(e.clientOrderId) ?? 0) + 1);
      }
    }
    return accepted;
  } finally {
    await journal.close();
  }
}

/** A series' book as a subscriber holds it: its seq (a journal seq) and its levels. */
interface HeldBook {
  seq: number;
  bids: unknown;
  asks: unknown;
}

const heldBook = (md: MarketDataClient, seriesId: number): HeldBook | undefined => {
  const b = md.book(seriesId);
  return b?.ready === true ? { seq: b.seq, bids: b.bids(), asks: b.asks() } : undefined;
};

/**
 * A client subscribed to one series on an edge for the whole run, as a market-data consumer
 * would hold it (issue 78, point 4): whether it was ever closed or had to resync, and at the
 * end whether its book equals the final leader's own market data's.
 */
export class HeldSubscription {
  readonly closed: Array<{ at: number; code: number; reason: string }> = [];
  readonly resyncs: Array<{ at: number; what: string }> = [];
  /** Set by close(): the close it makes itself (1000) is not one the edge made. */
  private closing = false;

  private constructor(
    readonly md: MarketDataClient,
    readonly seriesId: number,
  ) {
    md.on('closed', (code, reason) => {
      if (!this.closing) this.closed.push({ at: Date.now(), code, reason });
    });
    md.on('gap', (...g) => this.resyncs.push({ at: Date.now(), what: `gap ${JSON.stringify(g)}` }));
    md.on('resync', (...g) => this.resyncs.push({ at: Date.now(), what: `resync ${JSON.stringify(g)}` }));
  }

  /** Subscribes once the edge knows the series (it may still be catching up with the stream). */
  static async open(port: number, seriesId: number, timeoutMs = 120_000): Promise<HeldSubscription> {
    const md = await MarketDataClient.connect(`ws://127.0.0.1:${port}/v1/market`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ok = await md.subscribe(seriesId).then(
        () => true,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) {
        await md.close();
        throw new Error(`the edge did not know series ${seriesId} within ${timeoutMs} ms`);
      }
      await sleep(200);
    }
    return new HeldSubscription(md, seriesId);
  }

  /** Waits up to `timeoutMs` for this book to equal `leader`'s own market data's; both books as last seen. */
  async compareWith(leader: ExchangeNode, timeoutMs = 30_000): Promise<{ equal: boolean; mine: HeldBook | undefined; theirs: HeldBook | undefined }> {
    const endpoints = (await (await fetch(`http://127.0.0.1:${leader.port}/v1/endpoints`)).json()) as { marketData: { port: number } };
    const own = await MarketDataClient.connect(`ws://127.0.0.1:${endpoints.marketData.port}/v1/market`);
    try {
      await own.subscribe(this.seriesId);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const mine = heldBook(this.md, this.seriesId);
        const theirs = heldBook(own, this.seriesId);
        const equal = mine !== undefined && theirs !== undefined && isDeepStrictEqual(mine, theirs);
        if (equal || Date.now() > deadline) return { equal, mine, theirs };
        await sleep(100);
      }
    } finally {
      await own.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.md.close().catch(() => undefined);
  }
}
