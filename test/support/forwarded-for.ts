/**
 * Clients that come "from" another address. Either a test configures
 * `gateway.trustedProxies: ['127.0.0.1']` and has each client send the X-Forwarded-For a
 * proxy in front would add (`forwardedFor`), or a client's socket is bound to another
 * loopback address (`fromLocalAddress('127.0.0.2')`: all of 127.0.0.0/8 is loopback on
 * Linux), which the server sees as the socket's own address, no proxy configured.
 */
import WebSocket from 'ws';
import type { WireSocketFactory } from '../../src/client/frame-socket.js';

/** A `ws` WebSocket (as the client's Node default) whose upgrade request carries `X-Forwarded-For: address`. */
export function forwardedFor(address: string): WireSocketFactory {
  return wsFactory({ headers: { 'x-forwarded-for': address } });
}

/** A `ws` WebSocket whose socket is bound to `localAddress` (a loopback address other than 127.0.0.1). */
export function fromLocalAddress(localAddress: string): WireSocketFactory {
  return wsFactory({ localAddress });
}

function wsFactory(options: WebSocket.ClientOptions): WireSocketFactory {
  return (url, events) => {
    const ws = new WebSocket(url, { maxPayload: 64 * 1024 * 1024, perMessageDeflate: false, ...options });
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
export async function upgradeRefusal(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; retryAfter?: string } | 'upgraded'> {
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
      const retryAfter = res.headers['retry-after'];
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ...(retryAfter === undefined ? {} : { retryAfter }) }));
    });
    ws.on('error', (error) => reject(error));
  });
}
