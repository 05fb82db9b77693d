/**
 * Market-data subscribers for the fan-out benchmark, in their own process:
 * `SUBSCRIBERS` connections to /v1/market, connection i subscribed to every
 * channel of series SERIES_IDS[i % n]. Counts frames and bytes; prints
 * {"ready":true} once all are subscribed, and a JSON line of counts on SIGUSR2
 * and at SIGTERM.
 */
import WebSocket from 'ws';
import { wire } from '../../src/proto/index.js';

const port = Number(process.env.PORT);
const count = Number(process.env.SUBSCRIBERS ?? 1000);
const seriesIds = (process.env.SERIES_IDS ?? '1').split(',').map(Number);
let frames = 0;
let bytes = 0;
let closed = 0;

const sockets: WebSocket[] = [];
for (let i = 0; i < count; i++) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/market`, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.on('message', (data: Buffer) => {
    frames++;
    bytes += data.length;
  });
  ws.on('close', () => closed++);
  ws.send(wire.ClientFrame.encode({ requestId: 1, subscribe: { seriesId: seriesIds[i % seriesIds.length]!, channels: [] } }).finish());
  sockets.push(ws);
}
// Heartbeats so the server keeps the idle ones.
setInterval(() => {
  for (const ws of sockets) if (ws.readyState === WebSocket.OPEN) ws.send(wire.ClientFrame.encode({ heartbeat: {} }).finish());
}, 2_000).unref();
await new Promise((r) => setTimeout(r, 500));
const report = (): void => void process.stdout.write(JSON.stringify({ frames, bytes, closed }) + '\n');
process.stdout.write(JSON.stringify({ ready: true }) + '\n');
process.on('SIGUSR2', report);
process.on('SIGTERM', () => {
  report();
  process.exit(0);
});
