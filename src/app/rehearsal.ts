/**
 * The order path rehearsed on a scratch exchange before the real one starts (`npm start`;
 * config `rehearsalOrders`). V8 compiles a function only after many calls, so a fresh process
 * met its first flow with cold code everywhere an order goes: the socket's frame reading, the
 * session's dispatch, the sequencer, the engine, the journal, the acks and reports, and every
 * read model and listener a released turn feeds. At 50k orders/s the first second's ack p99
 * was 0.4–2 s, against ~20 ms a few seconds later (bench/RESULTS.md, "the first second after
 * a start"). exchange-core and LMAX warm up the same way before they take traffic.
 *
 * The scratch exchange is this code's own `startService` on a temporary data directory, on
 * 127.0.0.1 with ports the kernel picks, one scratch series, nothing on-chain, no quoter, no
 * replication, its log silent; a few wallet sessions over real loopback WebSockets send it
 * orders (resting, crossing, cancelled) as clients do. Then it stops and its directory is
 * removed: nothing of the real exchange's state, journal, ports or stores is touched. What
 * stays is what V8 learned: compiled code and type feedback belong to the functions, which the
 * real exchange shares. The real start then runs the order path's last warm-up
 * (order-path-warm-up.ts) right before its gateway opens, for the code that starting itself
 * deoptimises again.
 *
 * A rehearsal that fails or overruns is logged and the start goes on: it is an optimisation,
 * never a reason not to open.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { keccak256, toUtf8Bytes, Wallet } from 'ethers';
import { TradingClient, wire } from '../client/index.js';
import { EventType, type Sequencer } from '../engine/index.js';
import { createLogger, type Logger } from '../runtime/log.js';
import { loadConfig, type Config } from './config.js';
import { fundWalletsAsTheyOpen, stockTheBroker } from './broker-stock.js';
import { startService, type Service } from './service.js';

/** What a rehearsal did, for the log. */
export interface RehearsalReport {
  orders: number;
  /** Fills the scratch exchange journaled: the matching path ran, not only order entry. */
  fills: number;
  ms: number;
}

const CONTRACT = 'REHEARSAL_INTENT|7D|0.70-0.85';
const TICK_MICROS = 1_000;
const ASK_MICROS = 2_000_000;
const BID_MICROS = 1_800_000;
const STOCK = 1_000_000;
const SESSIONS = 4;
/** Orders each session keeps in flight: enough to fill the sequencer's turns as a busy gateway does. */
const IN_FLIGHT = 200;
/** A rehearsal still running after this long is given up (a stuck socket must not hold the start). */
const DEADLINE_MS = 30_000;

/** Rehearses `config.rehearsalOrders` orders on a scratch exchange; undefined (logged) if it did not. */
export async function rehearseOrderPath(config: Pick<Config, 'rehearsalOrders' | 'durability' | 'sequencer'>, log: Logger, signal?: AbortSignal): Promise<RehearsalReport | undefined> {
  if (config.rehearsalOrders === 0) return undefined;
  const started = performance.now();
  let dir: string | undefined;
  let service: Service | undefined;
  const sessions: TradingClient[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-rehearsal-'));
    service = await startService(scratchConfig(config, dir), createLogger('silent'));
    const scratch = service;
    const fills = countFills(scratch.sequencer);
    const perSession = Math.ceil(config.rehearsalOrders / SESSIONS);
    const rehearse = async (): Promise<void> => {
      const seriesId = await stockTheScratchBroker(scratch);
      const url = `ws://127.0.0.1:${scratch.gateway.port}/v1/trade`;
      for (let i = 0; i < SESSIONS; i++) {
        // Scratch keys, known to anyone who reads this file: they never hold anything outside the scratch exchange.
        sessions.push(await TradingClient.connect(url, { wallet: new Wallet(keccak256(toUtf8Bytes(`patx-rehearsal-session-${i}`))) }));
      }
      await Promise.all(sessions.map((session, i) => sendOrders(session, seriesId, perSession, i, signal)));
    };
    // From the moment the scratch gateway listens: whatever another local process does to it, the start goes on by then.
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`the rehearsal took longer than ${DEADLINE_MS} ms`)), DEADLINE_MS);
    });
    await Promise.race([rehearse(), deadline]);
    const report = { orders: perSession * SESSIONS, fills: fills.count, ms: Math.round(performance.now() - started) };
    log.info(report, 'order path rehearsed on a scratch exchange');
    return report;
  } catch (error) {
    log.warn({ err: error }, 'order path rehearsal failed; starting without it');
    return undefined;
  } finally {
    clearTimeout(timer);
    await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
    await service?.stop().catch((error: unknown) => log.warn({ err: error }, 'the scratch exchange of the rehearsal did not stop cleanly'));
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}

/** The scratch exchange: this node's durability and turns, one series, loopback only, nothing beside order entry. */
function scratchConfig(config: Pick<Config, 'durability' | 'sequencer'>, dataDir: string): Config {
  return loadConfig({}, {
    dataDir,
    durability: config.durability,
    sequencer: { ...config.sequencer, snapshotEveryCommands: 0, snapshotEveryMs: 0 },
    rehearsalOrders: 0,
    warmUpOrders: 0,
    contracts: [{ contract: CONTRACT, tickMicros: TICK_MICROS, lotSize: 1, minPriceMicros: TICK_MICROS, maxPriceMicros: 10_000_000, maxOrderQty: STOCK, bandBps: 500, listAheadMs: 86_400_000 }],
    gateway: {
      host: '127.0.0.1',
      port: 0,
      marketDataPort: 0,
      allowPlaintext: true,
      // The sessions are all on 127.0.0.1 and send as fast as they are answered.
      maxMessagesPerSecond: 1_000_000,
    },
    quoting: { enabled: false },
    settlement: { enabled: false },
  });
}

function countFills(sequencer: Sequencer): { count: number } {
  const fills = { count: 0 };
  sequencer.onRelease((batch) => {
    for (const e of batch.events) if (e.type === EventType.FILL) fills.count++;
  });
  return fills;
}

/** The scratch exchange's broker, stocked and quoting in its one series (the series' id). */
async function stockTheScratchBroker(service: Service): Promise<number> {
  fundWalletsAsTheyOpen(service.sequencer, 'rehearsal');
  const seriesId = service.engine.series.find((s) => s?.spec.contract === CONTRACT)?.id;
  if (seriesId === undefined) throw new Error(`the scratch exchange did not list ${CONTRACT}`);
  await stockTheBroker(service.sequencer, [seriesId], {
    stock: STOCK,
    tradeAtMicros: BID_MICROS,
    bids: { priceMicros: [BID_MICROS, BID_MICROS - TICK_MICROS], qty: [1_000, 1_000] },
    asks: { priceMicros: [ASK_MICROS, ASK_MICROS + TICK_MICROS], qty: [STOCK / 2, 1_000] },
    referencePriceMicros: (ASK_MICROS + BID_MICROS) / 2,
  }, 'rehearsal');
  return seriesId;
}

/**
 * One session's flow, as a consumer sends it: 60% limit buys resting a few ticks under the
 * broker's ask, 10% IOC buys at the ask (filled by the broker), 30% cancels of its own resting
 * orders; `IN_FLIGHT` requests outstanding. Refusals are part of the path and are not errors.
 */
async function sendOrders(session: TradingClient, seriesId: number, orders: number, sessionIndex: number, signal: AbortSignal | undefined): Promise<void> {
  const resting: number[] = [];
  let clientOrderId = 1;
  let inFlight: Array<Promise<unknown>> = [];
  for (let i = 0; i < orders && signal?.aborted !== true; i++) {
    const step = (i + sessionIndex) % 10;
    if (step < 3 && resting.length > 0) {
      inFlight.push(session.cancel({ clientOrderId: resting.shift()! }).catch(() => undefined));
    } else if (step === 3) {
      inFlight.push(session.newOrder({ seriesId, clientOrderId: clientOrderId++, side: wire.Side.BUY, timeInForce: wire.TimeInForce.IOC, priceMicros: ASK_MICROS, qty: 1 }).catch(() => undefined));
    } else {
      const ticksUnder = 1 + ((i * 7 + sessionIndex) % 40);
      resting.push(clientOrderId);
      inFlight.push(session.newOrder({ seriesId, clientOrderId: clientOrderId++, side: wire.Side.BUY, priceMicros: ASK_MICROS - ticksUnder * TICK_MICROS, qty: 1 }).catch(() => undefined));
    }
    if (inFlight.length >= IN_FLIGHT) {
      await Promise.all(inFlight);
      inFlight = [];
    }
  }
  await Promise.all(inFlight);
}
