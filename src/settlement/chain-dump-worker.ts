/**
 * The chain dump's thread (chain-dump-thread.ts starts it): asks the embedded anvil for its state each
 * second a block was added and writes it whole (chain-state-file.ts). On a thread of its own because the
 * state grows with the chain (megabytes of hex a dump after days of batches): reading and decoding it
 * on the main thread would stall order entry.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ChainStateDumper, DUMP_INTERVAL_MS } from './chain-state-file.js';
import type { ChainDumpThreadData } from './chain-dump-thread.js';

const data = workerData as ChainDumpThreadData;
const port = parentPort!;

async function rpc(method: string, timeoutMs: number): Promise<unknown> {
  const res = await fetch(data.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: [] }), signal: AbortSignal.timeout(timeoutMs) });
  const answer = (await res.json()) as { result?: unknown; error?: { message?: string } };
  if (answer.error !== undefined) throw new Error(answer.error.message ?? JSON.stringify(answer.error));
  return answer.result;
}

const dumper = new ChainStateDumper(data.stateDir, {
  blockNumber: async () => BigInt((await rpc('eth_blockNumber', 2_000)) as string),
  dumpState: async () => (await rpc('anvil_dumpState', 30_000)) as string,
});
void dumper.tick();
const timer = setInterval(() => void dumper.tick(), DUMP_INTERVAL_MS);
port.on('message', (m: 'stop') => {
  if (m !== 'stop') return;
  clearInterval(timer);
  // The state as the chain stops, whole; then the thread ends.
  void dumper.idle().then(() => dumper.tick()).then(() => port.postMessage('stopped'));
});
