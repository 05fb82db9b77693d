/**
 * Market-data subscribers for the fan-out benchmark, in their own process:
 * `SUBSCRIBERS` connections to /v1/market, connection i subscribed to every
 * channel of series SERIES_IDS[i % n]. Counts frames and bytes; prints
 * {"ready":true} once all are subscribed, and a JSON line of counts on SIGUSR2
 * and at SIGTERM. The connections are raw-socket.ts sockets, not the `ws`
 * package: this process shares the machine's two cores with the server and
 * the order generator, and `ws` (a Buffer, an event and a stream chunk per
 * message) took most of a core at the feed's rate, which the figures would
 * have charged to the server.
 */
import { wire } from '../../src/proto/index.js';
import { RawFrameSocket } from './raw-socket.js';

const port = Number(process.env.PORT);
const count = Number(process.env.SUBSCRIBERS ?? 1000);
const seriesIds = (process.env.SERIES_IDS ?? '1').split(',').map(Number);
let frames = 0;
let bytes = 0;

const onFrame = (_data: Uint8Array, start: number, end: number): void => {
  frames++;
  bytes += end - start;
};
const sockets: RawFrameSocket[] = [];
for (let i = 0; i < count; i++) {
  const socket = await RawFrameSocket.connect(port, '/v1/market');
  socket.onFrame = onFrame;
  const subscribe = wire.ClientFrame.encode({ requestId: 1, subscribe: { seriesId: seriesIds[i % seriesIds.length]!, channels: [] } }).finish();
  socket.queue(subscribe);
  socket.flush();
  sockets.push(socket);
}
// Heartbeats so the server keeps the idle ones.
const heartbeat = wire.ClientFrame.encode({ heartbeat: {} }).finish();
setInterval(() => {
  for (const socket of sockets) {
    socket.queue(heartbeat);
    socket.flush();
  }
}, 2_000).unref();
await new Promise((r) => setTimeout(r, 500));
const report = (): void => void process.stdout.write(JSON.stringify({ frames, bytes, closed: sockets.filter((s) => s.closed).length }) + '\n');
process.stdout.write(JSON.stringify({ ready: true }) + '\n');
process.on('SIGUSR2', report);
process.on('SIGTERM', () => {
  report();
  process.exit(0);
});
