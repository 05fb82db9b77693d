/**
 * A short-lived command's HTTP request (the operator CLI's; the settlement tools' JSON-RPC,
 * src/settlement/rpc-chain-view.ts), over node:http and node:https rather than the global
 * fetch: a `patx` call makes one request and exits, and loading fetch's implementation
 * (undici) cost it more CPU than everything else it does (0.3–0.4 s against 0.1 s under
 * load, bench/cli-latency.ts). Same trust as fetch: the system's CAs and NODE_EXTRA_CA_CERTS.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface CliRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export interface CliResponse {
  ok: boolean;
  status: number;
  text(): Promise<string>;
}

/** What runOperatorCli sends its request with (`fetch` fits too, as tests pass it). */
export type CliFetch = (url: string, init: CliRequest) => Promise<CliResponse>;

export const cliFetch: CliFetch = (url, init) =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const request = target.protocol === 'https:' ? httpsRequest : target.protocol === 'http:' ? httpRequest : undefined;
    if (request === undefined) return reject(new Error(`not an http or https URL: ${url}`));
    // agent: false, one connection closed after the answer: nothing kept alive holds the process open.
    const req = request(target, { method: init.method, headers: init.body === undefined ? init.headers : { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ ok: status >= 200 && status < 300, status, text: () => Promise.resolve(body) });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
