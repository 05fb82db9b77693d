/**
 * The embedded chain offered beyond loopback (PATX_CHAIN_HOST=0.0.0.0, as in the
 * container): anvil itself listens on 127.0.0.1 only, and the JSON-RPC filter in front
 * forwards what a depositor's wallet needs (eth_chainId, reads, eth_sendRawTransaction)
 * and refuses every cheat method, eth_sendTransaction (anvil signs it for its unlocked
 * accounts), raw transactions signed by the exchange's own accounts (their dev keys are
 * public), oversized bodies and batches, and connections that never finish their headers.
 * A real anvil; the filter is bound on 0.0.0.0 and dialled on 127.0.0.1 only.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { JsonRpcProvider, parseEther, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/runtime/log.js';
import { startPersistentChain } from '../../src/settlement/anvil-chain.js';
import { HARDHAT_KEYS, type LocalChain } from '../../src/settlement/local-chain.js';
import { startRpcFilter, type RpcFilter } from '../../src/settlement/rpc-filter.js';
import { removeDir } from '../support/exchange-fixture.js';

const SETTLER = new Wallet(HARDHAT_KEYS[0]!);
const DEPOSITOR = new Wallet(HARDHAT_KEYS[6]!);
const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-rpc-filter-'));
let chain: LocalChain;
let filterUrl: string;

beforeAll(async () => {
  chain = await startPersistentChain({ stateDir: path.join(dir, 'chain'), host: '0.0.0.0', port: 0, confirmations: 1, blockIntervalMs: 60_000, refusedSenders: [SETTLER.address] });
  filterUrl = chain.depositorRpcUrl!;
});
afterAll(async () => {
  await chain?.stop();
  removeDir(dir);
});

type Reply = { id?: unknown; result?: unknown; error?: { code: number; message: string } };

/** POSTs `body` (JSON or raw text) to `url`; the HTTP status and the parsed reply. */
function post(url: string, body: unknown): Promise<{ status: number; reply: Reply | Reply[] | undefined }> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    // A connection of its own (agent: false): Node's default agent keeps sockets alive, and the error listener below, added per request, piled up on a reused one.
    const req = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } }, (res) => {
      let data = '';
      res.on('data', (chunk: Buffer) => (data += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reply: data === '' ? undefined : (JSON.parse(data) as Reply | Reply[]) }));
    });
    req.on('error', reject);
    // A refused large body: the server answers and resets while this side still writes; the late write error is expected.
    req.on('socket', (socket) => socket.on('error', () => undefined));
    req.end(text);
  });
}

const call = (id: number, method: string, params: unknown[] = []): Record<string, unknown> => ({ jsonrpc: '2.0', id, method, params });

/** The local addresses (hex, /proc/net/tcp's form) listening on `port`. */
function listenersOn(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6']
    .flatMap((file) => readFileSync(file, 'utf8').split('\n').slice(1))
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length > 3 && f[3] === '0A' && f[1]!.endsWith(`:${hexPort}`))
    .map((f) => f[1]!.split(':')[0]!);
}

describe('the embedded chain beyond loopback', () => {
  it('runs anvil on 127.0.0.1 only, and the filter on the asked interface', () => {
    const anvilPort = Number(new URL(chain.rpcUrl).port);
    const filterPort = Number(new URL(filterUrl).port);
    expect(new URL(chain.rpcUrl).hostname).toBe('127.0.0.1');
    expect(filterPort).not.toBe(anvilPort);
    expect(listenersOn(anvilPort)).toEqual(['0100007F']); // 127.0.0.1, nothing else
    expect(listenersOn(filterPort)).toContain('00000000'); // 0.0.0.0
  });

  it('forwards eth_chainId and reads', async () => {
    expect(await post(filterUrl, call(1, 'eth_chainId'))).toEqual({ status: 200, reply: { jsonrpc: '2.0', id: 1, result: '0x7a69' } });
    const balance = (await post(filterUrl, call(2, 'eth_getBalance', [DEPOSITOR.address, 'latest']))).reply as Reply;
    expect(BigInt(balance.result as string)).toBeGreaterThan(0n);
  });

  it('refuses the cheat methods and eth_sendTransaction with a JSON-RPC error, and they change nothing', async () => {
    const victim = Wallet.createRandom().address;
    for (const [method, params] of [
      ['anvil_impersonateAccount', [SETTLER.address]],
      ['anvil_setBalance', [victim, '0x56bc75e2d63100000']],
      ['hardhat_setBalance', [victim, '0x56bc75e2d63100000']],
      ['evm_mine', []],
      ['evm_snapshot', []],
      ['debug_traceTransaction', ['0x00']],
      ['personal_sign', ['0x00', SETTLER.address]],
      ['eth_sign', [SETTLER.address, '0x00']],
      ['eth_sendTransaction', [{ from: SETTLER.address, to: victim, value: '0x1' }]],
    ] as const) {
      const { status, reply } = await post(filterUrl, call(7, method, [...params]));
      expect(status, method).toBe(200);
      expect(reply, method).toEqual({ jsonrpc: '2.0', id: 7, error: { code: -32601, message: `method ${method} is not available on this endpoint` } });
    }
    expect((await post(chain.rpcUrl, call(8, 'eth_getBalance', [victim, 'latest']))).reply).toMatchObject({ result: '0x0' });
  });

  it('answers a batch request by request, and refuses a batch that is too long or empty', async () => {
    const { reply } = await post(filterUrl, [call(1, 'eth_chainId'), call(2, 'anvil_setBalance', [DEPOSITOR.address, '0x1']), { jsonrpc: '2.0', method: 'evm_mine' }]);
    expect(reply).toHaveLength(2); // the notification (no id) gets no reply
    expect((reply as Reply[]).find((r) => r.id === 1)).toMatchObject({ result: '0x7a69' });
    expect((reply as Reply[]).find((r) => r.id === 2)).toMatchObject({ error: { code: -32601 } });
    expect((await post(filterUrl, Array.from({ length: 101 }, (_, i) => call(i, 'eth_chainId')))).reply).toMatchObject({ error: { code: -32600, message: 'a batch holds at most 100 requests' } });
    expect((await post(filterUrl, [])).reply).toMatchObject({ error: { code: -32600 } });
    expect((await post(filterUrl, '{"jsonrpc": "2.0", "method": ')).reply).toMatchObject({ error: { code: -32700 } });
  });

  it('refuses a 10 MB body with 413 before reading it', async () => {
    const huge = JSON.stringify(call(1, 'eth_call', [{ data: `0x${'00'.repeat(5 * 1024 * 1024)}` }, 'latest']));
    expect(huge.length).toBeGreaterThan(10 * 1024 * 1024);
    const { status, reply } = await post(filterUrl, huge);
    expect(status).toBe(413);
    expect(reply).toMatchObject({ error: { code: -32600, message: 'a request body is at most 1048576 bytes' } });
    expect((await post(filterUrl, call(2, 'eth_chainId'))).reply).toMatchObject({ result: '0x7a69' });
  });

  it('sends a depositor\'s own signed transaction, and refuses one signed by the settler', async () => {
    const provider = new JsonRpcProvider(filterUrl, 31_337, { staticNetwork: true });
    const to = Wallet.createRandom().address;
    const sent = await DEPOSITOR.connect(provider).sendTransaction({ to, value: parseEther('1') });
    expect((await sent.wait())?.status).toBe(1);
    expect(await provider.getBalance(to)).toBe(parseEther('1'));
    const settler = SETTLER.connect(provider);
    const raw = await settler.signTransaction(await settler.populateTransaction({ to, value: parseEther('1') }));
    expect((await post(filterUrl, call(3, 'eth_sendRawTransaction', [raw]))).reply).toMatchObject({ id: 3, error: { code: -32000, message: `transactions from ${SETTLER.address} are the exchange's own: not accepted on this endpoint` } });
    expect(await provider.getBalance(to)).toBe(parseEther('1'));
    provider.destroy();
  });

  it('keeps every method for the service on anvil\'s own loopback URL', async () => {
    expect((await post(chain.rpcUrl, call(1, 'evm_snapshot'))).reply).toMatchObject({ result: expect.any(String) });
  });
});

describe('the filter\'s timeouts', () => {
  let filter: RpcFilter;
  beforeAll(async () => {
    filter = await startRpcFilter({ host: '127.0.0.1', port: 0, upstreamUrl: chain.rpcUrl, headersTimeoutMs: 300, requestTimeoutMs: 600, log: createLogger('silent') });
  });
  afterAll(() => filter?.close());

  it('closes a connection that never finishes its headers', async () => {
    const socket = net.connect(filter.port, '127.0.0.1');
    socket.write('POST / HTTP/1.1\r\nhost: x\r\n'); // and never the blank line
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    await new Promise<void>((resolve) => socket.on('close', () => resolve()));
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });
});

describe('the embedded chain on loopback', () => {
  it('has no filter: anvil itself listens there', async () => {
    const local = await startPersistentChain({ stateDir: path.join(dir, 'local'), host: '127.0.0.1', port: 0, confirmations: 1, blockIntervalMs: 60_000 });
    try {
      expect(local.depositorRpcUrl).toBe(local.rpcUrl);
      expect(listenersOn(Number(new URL(local.rpcUrl).port))).toEqual(['0100007F']);
    } finally {
      await local.stop();
    }
  });
});
