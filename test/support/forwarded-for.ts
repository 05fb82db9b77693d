/**
 * Clients that come "from" another address: tests connect only from 127.0.0.1, so a test
 * that needs two client addresses configures `gateway.trustedProxies: ['127.0.0.1']` and
 * has each client send the X-Forwarded-For a proxy in front would add.
 */
import WebSocket from 'ws';
import type { WireSocketFactory } from '../../src/client/frame-socket.js';

/** A `ws` WebSocket (as the client's Node default) whose upgrade request carries `X-Forwarded-For: address`. */
export function forwardedFor(address: string): WireSocketFactory {
  return (url, events) => {
    const ws = new WebSocket(url, { maxPayload: 64 * 1024 * 1024, perMessageDeflate: false, headers: { 'x-forwarded-for': address } });
    ws.binaryType = 'nodebuffer';
    ws.on('open', () => events.open());
    ws.on('message', (data: Buffer, isBinary: boolean) => events.message(data, isBinary));
    ws.on('close', (code: number, reason: Buffer) => events.close(code, reason.toString('utf8')));
    ws.on('error', (error: Error) => events.error(error));
    return {
      send: (data) => ws.send(data, { binary: typeof data !== 'string' }),
      close: (code, reason) => ws.close(code, reason),
      terminate: () => ws.terminate(),
    };
  };
}

/** The status line and body of a refused WebSocket upgrade (what a client sees instead of 101). */
export async function upgradeRefusal(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string } | 'upgraded'> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.terminate();
      resolve('upgraded');
    });
    ws.on('unexpected-response', (req, res) => {
      let body = '';
      res.on('close', () => req.destroy());
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('error', (error) => reject(error));
  });
}
