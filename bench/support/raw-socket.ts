/**
 * A lean WebSocket client for the load generator: a TCP socket, the RFC 6455
 * handshake, and frames written and parsed by hand. Tests, examples and users
 * have the full client (src/client/, on the `ws` package); the generator does
 * not use it for order flow because `ws` allocates a few kB per message
 * (a masked copy, stream chunks, events), and the generator shares the
 * machine's two cores with the server: its own CPU time and GC pauses would
 * show up in the latency it measures.
 *
 * - Client frames must be masked; the key here is zero, which RFC 6455 allows
 *   as framing (it asks for unpredictable keys to protect proxies, and loopback
 *   has none) and which leaves the payload as it is, so nothing is copied to mask.
 * - Frames of a burst are queued into one buffer and written with one `write`;
 *   what frame handlers queue goes out after the chunk they came in.
 * - Reads land in one reused buffer per socket (net's `onread`), bypassing the
 *   stream machinery: no Buffer, event or stream state per read. Frame handlers
 *   get that buffer with the frame's bounds, valid only during the call.
 * - Only what the PATX server sends is handled: unfragmented binary frames,
 *   ping, pong and close.
 */
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OUT_BYTES = 4_096;
const READ_BYTES = 64 * 1_024;
/** Payloads up to this length fit the 7-bit length of a frame header. */
const MAX_SHORT_PAYLOAD = 125;

export class RawFrameSocket {
  /** Each binary frame: its payload is `data[start, end)`, valid only during the call. */
  onFrame: (data: Uint8Array, start: number, end: number) => void = () => undefined;
  closed = false;
  private readonly out = Buffer.allocUnsafe(OUT_BYTES);
  private outBytes = 0;
  /** Bytes of a frame cut by a read, copied out of the read buffer (rare: frames are small). */
  private partial: Buffer | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.on('close', () => {
      this.closed = true;
    });
    socket.on('error', () => {
      this.closed = true;
    });
  }

  /** Opens ws://127.0.0.1:port + path; resolves once the server has switched protocols. */
  static connect(port: number, path: string): Promise<RawFrameSocket> {
    return new Promise((resolve, reject) => {
      const key = randomBytes(16).toString('base64');
      const accept = createHash('sha1').update(key + WS_GUID).digest('base64');
      let head = Buffer.alloc(0);
      let ws: RawFrameSocket | undefined;
      const onRead = (length: number, buffer: Buffer): boolean => {
        if (ws !== undefined) {
          ws.onRead(buffer, length);
          return true;
        }
        head = Buffer.concat([head, buffer.subarray(0, length)]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return true;
        const lines = head.subarray(0, end).toString('latin1').split('\r\n');
        if (!lines[0]!.startsWith('HTTP/1.1 101') || !lines.some((l) => l.toLowerCase() === `sec-websocket-accept: ${accept.toLowerCase()}`)) {
          socket.destroy();
          reject(new Error(`WebSocket handshake refused: ${lines[0]}`));
          return false;
        }
        ws = new RawFrameSocket(socket);
        resolve(ws);
        // Frames that came with the handshake's reply (the login challenge) are read once the caller listens.
        const rest = head.subarray(end + 4);
        if (rest.length > 0) setImmediate(() => ws!.onRead(rest, rest.length));
        return true;
      };
      const socket = net.connect({ host: '127.0.0.1', port, noDelay: true, onread: { buffer: Buffer.allocUnsafe(READ_BYTES), callback: onRead } });
      socket.once('error', reject);
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    });
  }

  /** Queues a binary frame: the first `length` bytes of `payload`, copied now; `flush` writes the queued burst. */
  queue(payload: Uint8Array, length = payload.length, opcode = 0x2): void {
    if (length > MAX_SHORT_PAYLOAD) throw new RangeError(`frames of the load generator are at most ${MAX_SHORT_PAYLOAD} bytes, not ${length}`);
    if (this.outBytes + 6 + length > this.out.length) this.flush();
    const out = this.out;
    let i = this.outBytes;
    out[i++] = 0x80 | opcode; // FIN
    out[i++] = 0x80 | length; // masked, short length
    out.writeUInt32BE(0, i); // masking key 0: the payload goes as it is
    i += 4;
    for (let k = 0; k < length; k++) out[i + k] = payload[k]!; // a loop, not set(subarray()): no view per frame
    this.outBytes = i + length;
  }

  /** Writes the queued frames in one TCP write. */
  flush(): void {
    if (this.closed) this.outBytes = 0; // a closed socket's frames go nowhere (kept, the next queue() overran the buffer)
    if (this.outBytes === 0) return;
    // The socket may hold what it is given until the kernel takes it, so it gets a copy: a
    // small one comes from Node's shared buffer pool (a fresh 4 kB buffer per write would
    // be external memory, and V8 answers that with full GCs).
    const bytes = Buffer.allocUnsafe(this.outBytes);
    this.out.copy(bytes, 0, 0, this.outBytes);
    this.socket.write(bytes);
    this.outBytes = 0;
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.queue(new Uint8Array([0x03, 0xe8]), 2, 0x8); // close 1000
      this.flush();
      this.socket.end();
    });
  }

  /** Parses the frames in `chunk[0, length)` (the reused read buffer, or the handshake's leftover). */
  private onRead(chunk: Buffer, length: number): void {
    let data = chunk;
    let size = length;
    if (this.partial !== undefined) {
      data = Buffer.concat([this.partial, chunk.subarray(0, length)]);
      size = data.length;
      this.partial = undefined;
    }
    let i = 0;
    while (size - i >= 2) {
      const b0 = data[i]!;
      const b1 = data[i + 1]!;
      if ((b1 & 0x80) !== 0 || (b0 & 0x80) === 0) throw new Error('the server sent a masked or fragmented frame');
      let payloadLength = b1 & 0x7f;
      let header = 2;
      if (payloadLength === 126) {
        if (size - i < 4) break;
        payloadLength = data.readUInt16BE(i + 2);
        header = 4;
      } else if (payloadLength === 127) {
        if (size - i < 10) break;
        payloadLength = Number(data.readBigUInt64BE(i + 2));
        header = 10;
      }
      if (size - i < header + payloadLength) break;
      const start = i + header;
      i = start + payloadLength;
      switch (b0 & 0x0f) {
        case 0x2:
          this.onFrame(data, start, i);
          break;
        case 0x9: // ping: answer with the same payload
          this.queue(data.subarray(start, i), payloadLength, 0xa);
          this.flush();
          break;
        case 0x8:
          this.closed = true;
          this.socket.end();
          return;
        default: // pong, text: nothing the generator uses
          break;
      }
    }
    if (i < size) this.partial = Buffer.from(data.subarray(i, size));
    this.flush(); // what the frame handlers queued (answers to acks, in a closed loop) leaves in one write
  }
}
