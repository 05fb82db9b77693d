/**
 * A reference provider server that serves no listing, on 127.0.0.1 (port 0 unless said) in a fresh directory, with a
 * random key and exchange signer unless said: what the tests of its routes, its limits and its reading of the
 * exchange's revocations start. `close()` stops it and removes the directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { startProviderServer, type ProviderServer, type ProviderServerOptions } from '../../src/provider-server/server.js';

export const BARE_DOMAIN = { name: 'PATX', version: '1', chainId: 31337, verifyingContract: '0x0000000000000000000000000000000000000000' };

export async function startBareProviderServer(o: Pick<ProviderServerOptions, 'log'> & Partial<ProviderServerOptions>): Promise<ProviderServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-provider-server-'));
  const server = await startProviderServer({
    providerKey: Wallet.createRandom().privateKey,
    domain: BARE_DOMAIN,
    exchangeSigner: Wallet.createRandom().address,
    serves: () => false,
    segmentOf: () => undefined,
    records: () => undefined,
    dir,
    host: '127.0.0.1',
    port: 0,
    ...o,
  }).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    ...server,
    // The getters of the server (its reports' counts) are read through it, not copied.
    get reports() {
      return server.reports;
    },
    get connectionsRefusedPerAddress() {
      return server.connectionsRefusedPerAddress;
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
