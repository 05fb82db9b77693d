/**
 * Starts and stops the chain dump's thread (chain-dump-worker.ts): the embedded chain's whole dump kept
 * beside anvil's own state file (chain-state-file.ts), off the main thread.
 */
import { bootThread } from '../runtime/worker-thread.js';

export interface ChainDumpThreadData {
  /** The worker's source entry (src/gateway/worker-boot.mjs loads it, or its compiled file). */
  entry: string;
  rpcUrl: string;
  stateDir: string;
}

export interface ChainDumpThread {
  /** A last dump, then the thread ends (at most `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
}

export function startChainDumpThread(rpcUrl: string, stateDir: string): ChainDumpThread {
  const data: ChainDumpThreadData = { entry: new URL('./chain-dump-worker.ts', import.meta.url).href, rpcUrl, stateDir };
  const worker = bootThread('patx-chain-dump', data);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('error', () => undefined); // a failed dump thread leaves the last dump; anvil's own state file goes on
  return {
    async stop(timeoutMs = 30_000) {
      const stopped = new Promise<void>((resolve) => worker.once('message', () => resolve()));
      worker.postMessage('stop');
      await Promise.race([Promise.race([stopped, exited]), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
      await worker.terminate();
    },
  };
}
