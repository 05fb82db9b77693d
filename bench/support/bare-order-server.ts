/**
 * The limit this machine allows for order entry over the wire (bench/wire-limit.ts): a
 * bare uWebSockets.js server doing only what an acknowledged order cannot do without.
 * Run as its own process, like the PATX bench server (bench-server.ts), and driven by
 * the same load generator (load.ts) with the same frames:
 *
 * - the same uWS binary as the gateway (src/gateway/uws.ts) on `/v1/trade`, a sign-in
 *   challenge and a checked wallet signature at login (setup only, never timed);
 * - every frame decoded with the gateway's protobuf decoder (`wire.ClientFrame.decode`);
 * - the frames of one event-loop turn appended as one record (the sequencer's group
 *   commit: a turn is scheduled with setImmediate at the first frame, at most 4,096
 *   commands a turn), with a CRC32, under an 8-byte seq key, by `putSync` in an LMDB
 *   environment opened as the journal opens it in its default 'commit' durability
 *   (src/engine/durability/journal.ts: `noSync` with a writable map, committed before acking, an fsync in
 *   the background every second);
 * - an ack only after that commit: ServerFrame{request_id, command_ack{seq, time_ms,
 *   one execution report}}, the frame PATX sends for these orders (ack-frames.ts),
 *   queued per connection and sent under one cork per connection per turn.
 *
 * No engine, no risk checks, no market data, no metrics: what is left is the socket, the
 * decoding, the journal's write and the ack. Its main thread takes the same real-time
 * scheduling as PATX's engine thread in the benches (bench-priority.ts).
 * Prints one JSON line {port, marketDataPort, seriesIds} when ready (seriesIds from
 * BENCH_SERIES_IDS, so both servers get identical frames); stops on SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { crc32 } from 'node:zlib';
import { hexlify, verifyMessage } from 'ethers';
import { open } from 'lmdb';
import type uWS from 'uWebSockets.js';
import { seqKey } from '../../src/engine/durability/journal.js';
import { signInMessage, type SignInFields } from '../../src/gateway/siwe.js';
import { uws } from '../../src/gateway/uws.js';
import { FrameWriter, wire } from '../../src/proto/index.js';
import { RealtimePriorityByLoad } from '../../src/runtime/realtime-priority.js';
import { benchRealtimePriority } from './bench-priority.js';
import { watchPauses } from './pause-diagnostics.js';

/** The sequencer's defaults (src/engine/durability/sequencer.ts): commands per turn, and the journal's background fsync. */
const MAX_BATCH_COMMANDS = 4_096;
const BACKGROUND_SYNC_MS = 1_000;
const RECORD_HEADER_BYTES = 36;
const RECORD_CRC_OFFSET = 32;

interface Session {
  ws: uWS.WebSocket<SocketData>;
  fields: SignInFields | undefined;
  loggedIn: boolean;
  closed: boolean;
  /** Ack frames waiting for this turn's flush. */
  outbox: Uint8Array[];
  flushQueued: boolean;
}
interface SocketData {
  session: Session | undefined;
}

/** One decoded order of the turn, waiting for the commit: who sent it and what its ack says. */
interface Pending {
  session: Session;
  requestId: number;
  execType: number;
  ordStatus: number;
  clientOrderId: number;
  seriesId: number;
  qty: number;
  priceMicros: number;
}

const seriesIds = (process.env.BENCH_SERIES_IDS ?? '1').split(',').map(Number);
/**
 * BARE_EXTRA_NS: work added to every order's turn, in ns of the main thread's (0 unless set): the bare server
 * made as costly an order as PATX's main thread, to see how much of the p99 gap is that cost alone (bench/RESULTS.md).
 */
const EXTRA_NS = Number(process.env.BARE_EXTRA_NS ?? 0);
/**
 * Work of a fixed amount, as a thread's real work is (not spinning until a time: a preempted spinner would do less):
 * `calibrate` counts the loop's steps a ns on this thread at its start, `work` runs that many steps.
 */
const SPIN_SOURCE = `{
  sink: 0,
  work(steps) { let x = this.sink; for (let i = 0; i < steps; i++) x = (x * 31 + i) | 0; this.sink = x; },
  calibrate() { this.work(1e6); const t = performance.now(); this.work(2e7); return 2e7 / ((performance.now() - t) * 1e6); },
}`;
const spin = new Function(`return ${SPIN_SOURCE}`)() as { work(steps: number): void; calibrate(): number };
const stepsPerNs = EXTRA_NS > 0 ? spin.calibrate() : 0;
/**
 * BARE_SIDE_NS: as much work on another thread, in bursts every BARE_SIDE_EVERY_MS (50), at nice BARE_SIDE_NICE (0): what
 * PATX's writer threads do beside its main thread (0 unless set). BARE_SIDE_SLICE_US: each burst cut into slices of that
 * many µs, the thread asleep BARE_SIDE_NAP_US (50) between them (0: one burst).
 */
const SIDE_NS = Number(process.env.BARE_SIDE_NS ?? 0);
const ordersSeen = new Int32Array(new SharedArrayBuffer(4));
if (SIDE_NS > 0) {
  const side = new Worker(
    `const { workerData: { seen, ns, every, nice, sliceUs, napUs, spinSource } } = require('node:worker_threads');
     const spin = new Function('return ' + spinSource)();
     const perNs = spin.calibrate();
     if (nice !== 0) require('node:os').setPriority(nice); // this thread's (Linux: a thread has its own nice)
     const nap = new Int32Array(new SharedArrayBuffer(4));
     let last = 0;
     setInterval(() => {
       const now = Atomics.load(seen, 0);
       let steps = (now - last) * ns * perNs;
       last = now;
       const perSlice = sliceUs > 0 ? sliceUs * 1000 * perNs : steps;
       while (steps > 0) {
         const s = Math.min(steps, perSlice);
         spin.work(s);
         steps -= s;
         if (steps > 0) Atomics.wait(nap, 0, 0, napUs / 1000);
       }
     }, every);`,
    {
      eval: true,
      workerData: {
        seen: ordersSeen,
        ns: SIDE_NS,
        every: Number(process.env.BARE_SIDE_EVERY_MS ?? 50),
        nice: Number(process.env.BARE_SIDE_NICE ?? 0),
        sliceUs: Number(process.env.BARE_SIDE_SLICE_US ?? 0),
        napUs: Number(process.env.BARE_SIDE_NAP_US ?? 50),
        spinSource: SPIN_SOURCE,
      },
    },
  );
  side.unref();
}
const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-bare-'));
// The journal's own open for 'commit' durability: journal.ts `syncFlags('commit')` is { noSync: true, useWritemap: true }.
const env = open({ path: dir, maxDbs: 4, noSync: true, useWritemap: true });
const records = env.openDB<Uint8Array, Uint8Array>({ name: 'journal', encoding: 'binary', keyEncoding: 'binary' });
const syncTimer = setInterval(() => {
  // lmdb-js has `sync(callback)` on the root database but leaves it out of its type declarations (as journal.ts says).
  (env as unknown as { sync(callback: (error: unknown) => void): void }).sync((error) => {
    if (error) throw error;
  });
}, BACKGROUND_SYNC_MS);
syncTimer.unref();

let nextSeq = 1;
let tradeId = 0;
/** The turn's orders and their frames' bytes, in arrival order. */
const pending: Pending[] = [];
let batchBytes = new Uint8Array(1 << 20);
let batchView = new DataView(batchBytes.buffer);
let batchLength = RECORD_HEADER_BYTES;
let turnScheduled = false;
const toFlush: Session[] = [];
const writer = new FrameWriter();

function onFrame(session: Session, message: ArrayBuffer): void {
  let frame: ReturnType<typeof wire.ClientFrame.decode>;
  try {
    frame = wire.ClientFrame.decode(new Uint8Array(message));
  } catch {
    session.ws.end(4002, 'not a ClientFrame');
    return;
  }
  if (!session.loggedIn) return login(session, frame);
  const requestId = frame.requestId ?? 0;
  const order = frame.newOrder;
  const cancel = frame.cancelOrder;
  let p: Pending;
  if (order != null) {
    const ioc = order.timeInForce === wire.TimeInForce.IOC;
    p = {
      session,
      requestId,
      execType: ioc ? wire.ExecType.EXEC_TRADE : wire.ExecType.EXEC_NEW,
      ordStatus: ioc ? wire.OrdStatus.ORDER_FILLED : wire.OrdStatus.ORDER_NEW,
      clientOrderId: Number(order.clientOrderId),
      seriesId: Number(order.seriesId),
      qty: Number(order.qty),
      priceMicros: Number(order.priceMicros),
    };
  } else if (cancel != null) {
    p = { session, requestId, execType: wire.ExecType.EXEC_CANCELED, ordStatus: wire.OrdStatus.ORDER_CANCELED, clientOrderId: Number(cancel.clientOrderId), seriesId: 0, qty: 0, priceMicros: 0 };
  } else {
    return; // heartbeats and the like: nothing to journal
  }
  // The frame as received is the journaled command: length-prefixed into the turn's record.
  const bytes = new Uint8Array(message);
  if (batchLength + 4 + bytes.length > batchBytes.length) {
    const bigger = new Uint8Array(batchBytes.length * 2);
    bigger.set(batchBytes.subarray(0, batchLength));
    batchBytes = bigger;
    batchView = new DataView(batchBytes.buffer);
  }
  batchView.setUint32(batchLength, bytes.length, true);
  batchBytes.set(bytes, batchLength + 4);
  batchLength += 4 + bytes.length;
  pending.push(p);
  if (!turnScheduled) {
    turnScheduled = true;
    setImmediate(turn);
  }
}

/** One turn: the record of (up to 4,096 of) the frames received, committed, then their acks. */
function turn(): void {
  turnScheduled = false;
  if (pending.length === 0) return;
  // Past the sequencer's cap the rest waits for the next turn, as there; rare at these rates, so
  // the record is cut by re-walking the length prefixes rather than tracking offsets per frame.
  const count = Math.min(pending.length, MAX_BATCH_COMMANDS);
  let end = RECORD_HEADER_BYTES;
  for (let i = 0; i < count; i++) end += 4 + batchView.getUint32(end, true);
  const firstSeq = nextSeq;
  const timeMs = Date.now();
  // In place, in the turn's buffer: putSync has committed (LMDB copied the value) when it returns.
  const record = batchBytes.subarray(0, end);
  const view = batchView;
  record.set([0x50, 0x54, 0x58, 0x4a], 0); // 'PTXJ'
  view.setUint16(4, 1, true);
  view.setBigUint64(8, BigInt(firstSeq), true);
  view.setUint32(16, count, true);
  view.setBigUint64(20, BigInt(timeMs), true);
  view.setUint32(28, end - RECORD_HEADER_BYTES, true);
  view.setUint32(RECORD_CRC_OFFSET, crc32(record.subarray(RECORD_CRC_OFFSET + 4), crc32(record.subarray(0, RECORD_CRC_OFFSET))), true);
  records.putSync(seqKey(firstSeq), record);
  nextSeq += count;
  Atomics.add(ordersSeen, 0, count);
  if (EXTRA_NS > 0) spin.work(count * EXTRA_NS * stepsPerNs);
  // Committed: acknowledge.
  for (let i = 0; i < count; i++) ack(pending[i]!, firstSeq + i, timeMs);
  const rest = batchLength - end;
  batchBytes.copyWithin(RECORD_HEADER_BYTES, end, batchLength);
  batchLength = RECORD_HEADER_BYTES + rest;
  pending.splice(0, count);
  flush();
  if (pending.length > 0) {
    turnScheduled = true;
    setImmediate(turn);
  }
}

/** ServerFrame{request_id, command_ack{seq, time_ms, reports: [the order's report]}}, laid out as ack-frames.ts writes it. */
function ack(p: Pending, seq: number, timeMs: number): void {
  const w = writer;
  w.reset();
  w.field(1, p.requestId);
  w.begin(20);
  w.field(1, seq);
  w.field(2, timeMs);
  w.begin(4);
  w.field(1, seq);
  w.field(2, p.execType);
  w.field(3, p.ordStatus);
  w.field(4, p.execType === wire.ExecType.EXEC_CANCELED ? 0 : seq); // the order's id
  w.field(5, p.clientOrderId);
  w.field(6, p.seriesId);
  w.field(7, p.qty);
  const filled = p.execType === wire.ExecType.EXEC_TRADE;
  w.field(8, filled ? p.qty : 0);
  w.field(9, p.execType === wire.ExecType.EXEC_NEW ? p.qty : 0);
  w.field(10, filled ? p.qty : 0);
  w.field(11, filled ? p.priceMicros : 0);
  w.field(14, filled ? ++tradeId : 0);
  w.field(15, timeMs);
  w.end();
  w.end();
  const s = p.session;
  if (s.closed) return;
  s.outbox.push(w.bytes());
  if (!s.flushQueued) {
    s.flushQueued = true;
    toFlush.push(s);
  }
}

let corked: Session | undefined;
const sendCorked = (): void => {
  for (const bytes of corked!.outbox) corked!.ws.send(bytes, true);
};

function flush(): void {
  for (const s of toFlush) {
    s.flushQueued = false;
    if (!s.closed) {
      corked = s;
      s.ws.cork(sendCorked);
    }
    s.outbox.length = 0;
  }
  toFlush.length = 0;
}

function send(session: Session, frame: Parameters<typeof wire.ServerFrame.encode>[0]): void {
  session.ws.send(wire.ServerFrame.encode(frame).finish(), true);
}

function login(session: Session, frame: ReturnType<typeof wire.ClientFrame.decode>): void {
  const address = frame.login?.address ?? '';
  const signature = frame.login?.signature;
  const fields = session.fields!;
  let signer = '';
  try {
    signer = verifyMessage(signInMessage(fields, address), hexlify(signature ?? new Uint8Array()));
  } catch {
    // refused below
  }
  if (signer.toLowerCase() !== address.toLowerCase()) {
    send(session, { requestId: frame.requestId ?? 0, error: { code: wire.ErrorCode.NOT_AUTHENTICATED, message: 'signature does not match' } });
    return;
  }
  session.loggedIn = true;
  send(session, { requestId: frame.requestId ?? 0, loginAccepted: { accountId: 1, address, heartbeatIntervalMs: 30_000, heartbeatTimeoutMs: 60_000, maxMessagesPerSecond: 1_000_000 } });
}

let port = 0;
const app = uws().App();
app.ws<SocketData>('/v1/trade', {
  compression: uws().DISABLED,
  maxPayloadLength: 64 * 1024,
  maxBackpressure: 64 * 1024 * 1024,
  idleTimeout: 0,
  upgrade: (res, req, context) => {
    res.upgrade<SocketData>({ session: undefined }, req.getHeader('sec-websocket-key'), req.getHeader('sec-websocket-protocol'), req.getHeader('sec-websocket-extensions'), context);
  },
  open: (ws) => {
    const session: Session = { ws, fields: undefined, loggedIn: false, closed: false, outbox: [], flushQueued: false };
    ws.getUserData().session = session;
    const now = Date.now();
    const nonce = randomBytes(16).toString('hex');
    session.fields = {
      domain: `127.0.0.1:${port}`,
      uri: `http://127.0.0.1:${port}`,
      statement: 'Sign in to the bare order server (bench).',
      chainId: 1,
      nonce,
      issuedAt: new Date(now).toISOString(),
      expirationTime: new Date(now + 60_000).toISOString(),
    };
    const f = session.fields;
    send(session, {
      challenge: { nonce: Buffer.from(nonce, 'hex'), expiresAtMs: now + 60_000, serverTimeMs: now, domain: f.domain, uri: f.uri, chainId: f.chainId, statement: f.statement, siweNonce: f.nonce, issuedAt: f.issuedAt, expirationTime: f.expirationTime },
    });
  },
  message: (ws, message) => onFrame(ws.getUserData().session!, message),
  close: (ws) => {
    const session = ws.getUserData().session;
    if (session !== undefined) session.closed = true;
  },
});

let listenSocket: uWS.us_listen_socket | false = false;
app.listen('127.0.0.1', 0, (socket) => {
  if (!socket) throw new Error('the bare order server could not listen');
  listenSocket = socket;
  port = uws().us_socket_local_port(socket as unknown as uWS.us_socket);
});

const priority = benchRealtimePriority();
if (priority > 0) {
  const outcome = new RealtimePriorityByLoad({ priority, onSwitch: () => undefined }).start();
  if (!outcome.ok) process.stderr.write(`bare order server left at normal priority: ${outcome.reason}\n`);
}

process.stdout.write(JSON.stringify({ port, marketDataPort: 0, seriesIds }) + '\n');

// The same diagnostics as bench-server.ts prints at exit, so the two servers' pauses can be compared.
const pauses = watchPauses('bare order server');

process.on('SIGTERM', () => {
  process.stderr.write(pauses());
  if (listenSocket) uws().us_listen_socket_close(listenSocket);
  clearInterval(syncTimer);
  void env.close().then(() => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
});
