/**
 * The order path's last warm-up, on scratch copies, right before the gateway listens
 * (`startService` when asked by `ServiceExtras.warmUp`, as `npm start` does; config
 * `warmUpOrders`). The rehearsal on a scratch exchange (rehearsal.ts) ran everything an order
 * touches before the start; starting itself then deoptimises part of that code again (47 of the
 * engine's and the ack path's optimised functions, by `--trace-deopt`: objects of the same
 * classes made in new ways), and this pass compiles it once more where it counts most: the
 * sequencer, the engine, the journal and the ack frames (bench/RESULTS.md, "the first second
 * after a start").
 *
 * Everything here is scratch: its own engine, sequencer and journal (a real LMDB file in a
 * temporary directory, under the exchange's durability), one series and its own accounts.
 * Nothing of the exchange's state, journal or sockets is touched, so the warm-up changes no
 * state hash and leaves nothing behind; V8 keeps what it learned, because the compiled code
 * and type feedback belong to the functions, which the real engine shares. Orders take the
 * gateway's road from bytes on: a ClientFrame is read as the socket reads it
 * (readOrderFrameInPlace), made a command (wire-commands.ts), sequenced, applied, journaled,
 * and acknowledged into an ack frame (ack-frames.ts).
 *
 * A warm-up that fails is logged and the start goes on: it is an optimisation, never a
 * reason not to open.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CommandKind,
  CURRENT_RULES,
  Engine,
  EventType,
  Journal,
  MAX_POSITION_RIGHTS,
  OrderType,
  Role,
  SelfTradePrevention,
  Sequencer,
  SeriesKind,
  Side,
  SYSTEM_ACTOR,
  TimeInForce,
  type Command,
  type EngineEvent,
} from '../engine/index.js';
import { NO_GRANTS, writeCommandAckFrame } from '../gateway/ack-frames.js';
import { SessionCommand, type SessionReplies } from '../gateway/session-command.js';
import { readOrderFrameInPlace } from '../gateway/order-frames-in-place.js';
import { cancelCommand, newOrderCommand } from '../gateway/wire-commands.js';
import { wire } from '../proto/index.js';
import { mulberry32 } from '../quoting/mulberry32.js';
import type { Logger } from '../runtime/log.js';
import type { Config } from './config.js';

/** What a warm-up did, for the log. */
export interface WarmUpReport {
  orders: number;
  fills: number;
  ms: number;
}

const TICK_MICROS = 1_000;
const MID_TICKS = 5_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The scratch clock: any fixed time inside the scratch series' window (nothing here expires). */
const START_MS = Date.UTC(2026, 0, 5);
const CONSUMERS = 20;
const PROVIDERS = 20;
const FIRST_CONSUMER = 2; // account 1 is the broker
const FIRST_PROVIDER = FIRST_CONSUMER + CONSUMERS;
/** Orders queued per event-loop turn: sequencer turns of the size a busy gateway hands it. */
const ORDERS_PER_TURN = 500;
/** Snapshots of the scratch state encoded and saved after the orders, so the first real one runs compiled. */
const SNAPSHOT_PASSES = 8;
/** Cancels name one of the last orders sent (many of them resting): at most this many remembered. */
const RECENT_ORDERS = 4_096;

/** Runs `orders` orders through scratch copies of the order path; undefined (logged) if it could not. */
export async function warmOrderPath(config: Pick<Config, 'warmUpOrders' | 'durability' | 'sequencer'>, log: Logger): Promise<WarmUpReport | undefined> {
  if (config.warmUpOrders === 0) return undefined;
  const started = performance.now();
  let dir: string | undefined;
  let journal: Journal | undefined;
  let sequencer: Sequencer | undefined;
  try {
    dir = mkdtempSync(path.join(os.tmpdir(), 'patx-warm-up-'));
    journal = Journal.open(dir, { durability: config.durability });
    sequencer = new Sequencer(new Engine(), journal, () => START_MS, { ...config.sequencer, snapshotEveryCommands: 0, snapshotEveryMs: 0 }, () => undefined);
    for (const cmd of setupCommands()) await submitSetup(sequencer, cmd);
    const fills = await sendOrders(sequencer, config.warmUpOrders);
    // The sequencer's periodic snapshot stops the engine's thread while it encodes: cold, the bench server's
    // first took 11-45 ms of a state that takes 1-2 ms compiled (bench/RESULTS.md, "The snapshot's pause").
    for (let i = 0; i < SNAPSHOT_PASSES; i++) await sequencer.snapshot();
    const report = { orders: config.warmUpOrders, fills, ms: Math.round(performance.now() - started) };
    log.info(report, 'order path warmed (scratch engine and journal)');
    return report;
  } catch (error) {
    log.warn({ err: error }, 'order path warm-up failed; starting cold');
    return undefined;
  } finally {
    // The scratch sequencer journals what it queued before its journal closes.
    await sequencer?.stop().catch(() => undefined);
    await journal?.close().catch(() => undefined);
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}

/** A setup command (a warm-up's, the broker's stock), its events; a refusal throws (what follows would not be the order path). */
export async function submitSetup(sequencer: Sequencer, cmd: Command): Promise<EngineEvent[]> {
  const { events } = await sequencer.submit(cmd);
  const refused = events.find((e) => e.type === EventType.COMMAND_REJECTED || e.type === EventType.ORDER_REJECTED);
  if (refused !== undefined) throw new Error(`a setup command was refused (command ${cmd.kind}, reason ${refused.reason})`);
  return events;
}

/** The broker, consumers and providers, funded; one spot series; providers' rights minted and bought by the broker. */
function setupCommands(): Command[] {
  const cmds: Command[] = [{ kind: CommandKind.ADOPT_RULES, actor: SYSTEM_ACTOR, version: CURRENT_RULES }];
  const roles = [Role.BROKER, ...Array<Role>(CONSUMERS).fill(Role.CONSUMER), ...Array<Role>(PROVIDERS).fill(Role.PROVIDER)];
  for (const role of roles) cmds.push({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role, address: '' });
  cmds.push({
    kind: CommandKind.LIST_SERIES,
    actor: SYSTEM_ACTOR,
    contract: 'WARMUP_INTENT|7D|0.70-0.85',
    seriesKind: SeriesKind.SPOT,
    openAtMs: START_MS - HOUR_MS,
    closeAtMs: START_MS - HOUR_MS + 7 * DAY_MS,
    tickMicros: TICK_MICROS,
    lotSize: 1,
    minPriceMicros: TICK_MICROS,
    maxPriceMicros: 10_000 * TICK_MICROS,
    maxOrderQty: 100_000,
    bandBps: 500,
  });
  for (let id = 1; id < FIRST_PROVIDER + PROVIDERS; id++) {
    cmds.push({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: id, amountWei: 10n ** 25n, ref: `warm-up:${id}` });
  }
  for (let id = FIRST_PROVIDER; id < FIRST_PROVIDER + PROVIDERS; id++) {
    cmds.push({ kind: CommandKind.DECLARE_CAPACITY, actor: id, seriesId: 1, capacity: MAX_POSITION_RIGHTS });
    cmds.push({ kind: CommandKind.MINT, actor: id, seriesId: 1, qty: MAX_POSITION_RIGHTS });
  }
  // The broker's stock: each provider sells it 10,000 rights at the mid.
  for (let id = FIRST_PROVIDER; id < FIRST_PROVIDER + PROVIDERS; id++) {
    cmds.push(setupOrder(id, Side.SELL, TimeInForce.GTC));
    cmds.push(setupOrder(1, Side.BUY, TimeInForce.IOC));
  }
  return cmds;
}

function setupOrder(actor: number, side: Side, tif: TimeInForce): Command {
  return {
    kind: CommandKind.NEW_ORDER, actor, seriesId: 1, clientOrderId: 0, side, orderType: OrderType.LIMIT, tif,
    priceMicros: MID_TICKS * TICK_MICROS, qty: 10_000, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST,
  };
}

/**
 * The broker-shaped flow (bench/workload.ts's mix): 60% limit orders a few ticks around the mid,
 * a quarter of them priced through it; 30% cancels of a recent order; 10% IOC orders that cross.
 * Every trade has the broker on one side (the phase-1 rule): the broker quotes both sides,
 * consumers buy and providers sell. Deterministic (a fixed seed). Returns the fills.
 */
async function sendOrders(sequencer: Sequencer, orders: number): Promise<number> {
  const rand = mulberry32(79);
  const recent: Array<{ actor: number; clientOrderId: number }> = [];
  const senders = new WarmUpReplies();
  let nextClientOrderId = 1;
  for (let i = 0; i < orders; i++) {
    const r = rand();
    let bytes: Uint8Array;
    let actor: number;
    if (r < 0.3 && recent.length > 0) {
      const k = Math.floor(rand() * recent.length);
      const named = recent[k]!;
      recent[k] = recent[recent.length - 1]!;
      recent.pop();
      actor = named.actor;
      bytes = wire.ClientFrame.encode({ requestId: i + 1, cancelOrder: { clientOrderId: named.clientOrderId } }).finish();
    } else {
      const who = rand();
      actor = who < 0.5 ? 1 : who < 0.75 ? FIRST_CONSUMER + Math.floor(rand() * CONSUMERS) : FIRST_PROVIDER + Math.floor(rand() * PROVIDERS);
      const side = actor === 1 ? (rand() < 0.5 ? Side.BUY : Side.SELL) : actor < FIRST_PROVIDER ? Side.BUY : Side.SELL;
      const ioc = r >= 0.9;
      const through = ioc || rand() < 0.25;
      const ticks = 1 + Math.floor(rand() * 20);
      const towardsMid = (side === Side.BUY) === through ? ticks : -ticks;
      const clientOrderId = nextClientOrderId++;
      bytes = wire.ClientFrame.encode({
        requestId: i + 1,
        newOrder: {
          seriesId: 1,
          clientOrderId,
          side: side === Side.BUY ? wire.Side.BUY : wire.Side.SELL,
          timeInForce: ioc ? wire.TimeInForce.IOC : wire.TimeInForce.GTC,
          priceMicros: (MID_TICKS + towardsMid) * TICK_MICROS,
          qty: 1 + Math.floor(rand() * 50),
        },
      }).finish();
      if (!ioc) {
        if (recent.length === RECENT_ORDERS) recent.shift();
        recent.push({ actor, clientOrderId });
      }
    }
    // As the socket hands a frame over: a Uint8Array of its own (socket-endpoint.ts), not the encoder's Buffer. A Buffer here
    // trained the reader's code on another map, and the first real frame deoptimised it.
    const frame = readOrderFrameInPlace(new Uint8Array(bytes));
    if (frame === undefined) throw new Error('a warm-up frame is not in the plain shape the gateway reads in place');
    const cmd = frame.body === 'newOrder' ? newOrderCommand(frame.newOrder!, actor) : cancelCommand(frame.cancelOrder!, actor);
    sequencer.enqueueFrom(cmd, senders.next(frame.requestId, actor));
    if ((i + 1) % ORDERS_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return senders.settled(orders);
}

/**
 * The warm-up's replies to its senders: each writes its command's ack frame, as the gateway's do. The senders
 * are the gateway's own class (SessionCommand, pooled as there), so the ack's reads see one shape.
 */
class WarmUpReplies implements SessionReplies {
  private heard = 0;
  fills = 0;
  private wanted = Infinity;
  private resolve: (fills: number) => void = () => undefined;
  private failure: Error | undefined;
  private readonly pool: SessionCommand[] = [];

  next(requestId: number, accountId: number): SessionCommand {
    const sender = SessionCommand.from(this, this.pool);
    sender.requestId = requestId;
    sender.accountId = accountId;
    return sender;
  }

  acked(command: SessionCommand): void {
    writeCommandAckFrame(command.requestId, command, command.accountId, NO_GRANTS);
    for (let k = command.from; k < command.to; k++) if (command.events[k]!.type === EventType.FILL) this.fills++;
    this.count();
  }

  refused(_command: SessionCommand, error: Error): void {
    this.failure ??= error;
    this.count();
  }

  /** Resolves with the fills once `orders` commands are heard; rejects if the sequencer refused any. */
  settled(orders: number): Promise<number> {
    this.wanted = orders;
    return new Promise<number>((resolve, reject) => {
      this.resolve = (fills) => (this.failure === undefined ? resolve(fills) : reject(this.failure));
      if (this.heard >= this.wanted) this.resolve(this.fills);
    });
  }

  private count(): void {
    if (++this.heard >= this.wanted) this.resolve(this.fills);
  }
}
