/**
 * A chain that hangs is seen as one that fails (src/settlement/chain.ts): every JSON-RPC call the settlement makes is
 * bounded by `rpcTimeoutMs`, so the watcher's poll fails and chain-unreachable is raised. Before, ethers waited five
 * minutes a call: an outside review stopped the embedded chain (SIGSTOP) and /healthz, the alarms and the failed-poll
 * count said nothing for minutes while deposits and withdrawals stood still. Here a real HTTP server on loopback
 * answers the chain id and then, like a stopped node, accepts every request and never answers.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectChain } from '../../src/settlement/chain.js';

let server: http.Server;
let url = '';
const hanging: http.ServerResponse[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const calls = JSON.parse(body) as { id: number; method: string } | Array<{ id: number; method: string }>;
      const one = Array.isArray(calls) ? calls[0]! : calls;
      if (one.method === 'eth_chainId') {
        const reply = { jsonrpc: '2.0', id: one.id, result: '0x7a69' };
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(Array.isArray(calls) ? [reply] : reply));
        return;
      }
      hanging.push(res); // a stopped node: the connection stays open, nothing comes back
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the settlement chain client', () => {
  it('fails a call the chain never answers within its timeout, rather than waiting minutes', async () => {
    const provider = await connectChain(url, 31_337, 1000, 400);
    try {
      const started = Date.now();
      await expect(provider.getBlockNumber()).rejects.toThrow(/timeout/i);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      provider.destroy();
    }
  });
});
