/**
 * A market-data client over a raw TCP socket: the WebSocket handshake, then frames written
 * by hand, so that a test can really stop reading (`socket.pause()`), which the `ws`
 * client cannot be made to do. For the slow-consumer and shutdown tests.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** A WebSocket client over a raw socket: the handshake, then frames written by hand. */
export async function rawMarketClient(url: string): Promise<Socket> {
  const { hostname, port, pathname } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.write(`GET ${pathname} HTTP/1.1\r\nHost: ${hostname}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
  await new Promise<void>((resolve) => {
    let head = '';
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      if (head.includes('\r\n\r\n')) {
        socket.off('data', onData);
        resolve();
      }
    };
    socket.on('data', onData);
  });
  socket.on('error', () => undefined); // the server cuts it: expected
  return socket;
}

/** A masked binary WebSocket frame (client to server). */
export function wsFrame(payload: Uint8Array): Buffer {
  const mask = randomBytes(4);
  const head = payload.length < 126 ? Buffer.from([0x82, 0x80 | payload.length]) : Buffer.from([0x82, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i]! ^= mask[i % 4]!;
  return Buffer.concat([head, mask, body]);
}

/** The complete frames in what a server sent (unmasked, as servers send them); a partial frame at the end is left out. */
export function serverFrames(bytes: Buffer): Array<{ opcode: number; payload: Buffer }> {
  const frames: Array<{ opcode: number; payload: Buffer }> = [];
  let at = 0;
  while (at + 2 <= bytes.length) {
    const opcode = bytes[at]! & 0x0f;
    let length = bytes[at + 1]! & 0x7f;
    let head = 2;
    if (length === 126) {
      if (at + 4 > bytes.length) break;
      length = bytes.readUInt16BE(at + 2);
      head = 4;
    } else if (length === 127) {
      if (at + 10 > bytes.length) break;
      length = Number(bytes.readBigUInt64BE(at + 2));
      head = 10;
    }
    if (at + head + length > bytes.length) break;
    frames.push({ opcode, payload: bytes.subarray(at + head, at + head + length) });
    at += head + length;
  }
  return frames;
}

/** A raw subscriber that reads a chunk now and then (trickleReader, chunkReader), and what it read. */
export interface TrickleReader {
  /** Every chunk read, in order. */
  data: Buffer[];
  /** The socket closed. */
  ended: Promise<void>;
  /** From now on, reads everything as it comes. */
  readAll(): void;
}

/** A TrickleReader whose reads its caller paces: one chunk (at most 64 KiB) per `readOne()`. */
export interface ChunkReader extends TrickleReader {
  /** Reads the next chunk, if any has come or when it comes (not more than one however often it is called before). */
  readOne(): void;
}

/** Leaves `socket` unread but for one chunk per `readOne()`, until `readAll()`. */
export function chunkReader(socket: Socket): ChunkReader {
  const data: Buffer[] = [];
  let trickling = true;
  socket.pause();
  socket.on('data', (chunk: Buffer) => {
    data.push(chunk);
    if (trickling) socket.pause();
  });
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    data,
    ended,
    readOne() {
      socket.resume();
    },
    readAll() {
      trickling = false;
      socket.resume();
    },
  };
}

/**
 * Reads `socket` one chunk every `everyMs` until `readAll()`: a subscriber that falls behind but
 * still reads, so its socket is never idle long enough for uWS to close it at its 4-second
 * tick (which drops a close frame still queued behind the backlog).
 */
export function trickleReader(socket: Socket, everyMs: number): TrickleReader {
  const reader = chunkReader(socket);
  const timer = setInterval(() => reader.readOne(), everyMs);
  return {
    data: reader.data,
    ended: reader.ended,
    readAll() {
      clearInterval(timer);
      reader.readAll();
    },
  };
}
