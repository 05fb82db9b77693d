/**
 * Bad settlement configuration and unreachable chains: each is a clear typed
 * error, nothing is deployed or credited, and the exchange keeps trading.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChainFixture, type ChainFixture } from '../support/chain-fixture.js';
import { removeDir } from '../support/exchange-fixture.js';
import { pino } from 'pino';
import { loadConfig } from '../../src/app/config.js';
import { startService } from '../../src/app/service.js';
import {
  BadContractAddressError,
  ChainUnreachableError,
  connectChain,
  HARDHAT_KEYS,
  SettlementConfigError,
  verifyDeployment,
  WrongChainError,
  type Deployment,
} from '../../src/settlement/index.js';
import { CommandKind, EventType, Role, SYSTEM_ACTOR } from '../../src/engine/index.js';

/** Port 1: nothing listens there, and no other test can take it meanwhile (a free port found earlier could be). */
const UNREACHABLE_RPC = 'http://127.0.0.1:1';

let fx: ChainFixture;
let d: Deployment;

beforeAll(async () => {
  fx = await startChainFixture();
  d = await fx.deploy();
});

afterAll(async () => {
  await fx?.stop();
});

describe('connecting', () => {
  it('refuses a chain with another chain id', async () => {
    const error = await connectChain(fx.chain.rpcUrl, 324).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongChainError);
    expect(error).toMatchObject({ expectedChainId: 324, actualChainId: 31337 });
  });

  it('names an unreachable RPC endpoint', async () => {
    const url = UNREACHABLE_RPC;
    const error = await connectChain(url, 31337).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChainUnreachableError);
    expect(error).toMatchObject({ rpcUrl: url });
  });
});

describe('contract addresses', () => {
  it('refuses an address without code, and a contract that is not the one named', async () => {
    const provider = await connectChain(fx.chain.rpcUrl, 31337);
    try {
      const empty = await verifyDeployment(provider, { ...d, vault: fx.addresses[7]! }).catch((e: unknown) => e);
      expect(empty).toBeInstanceOf(BadContractAddressError);
      expect(empty).toMatchObject({ contract: 'PATXVault', address: fx.addresses[7] });
      const wrong = await verifyDeployment(provider, { ...d, vault: d.token }).catch((e: unknown) => e);
      expect(wrong).toBeInstanceOf(BadContractAddressError);
      const swapped = await verifyDeployment(provider, { ...d, registry: d.governance }).catch((e: unknown) => e);
      expect(swapped).toBeInstanceOf(BadContractAddressError);
      await expect(verifyDeployment(provider, d)).resolves.toBeDefined();
    } finally {
      provider.destroy();
    }
  });
});

describe('the service without a working chain', () => {
  const cases: Array<[string, () => Promise<Record<string, unknown>>, string]> = [
    ['an unreachable RPC', async () => ({ rpcUrl: UNREACHABLE_RPC }), 'ChainUnreachableError'],
    ['the wrong chain id', async () => ({ rpcUrl: fx.chain.rpcUrl, chainId: 1 }), 'WrongChainError'],
    ['a bad vault address', async () => {
      process.env.PATX_SETTLER_KEY = HARDHAT_KEYS[0];
      return { rpcUrl: fx.chain.rpcUrl, contracts: { ...contractsOf(d), vault: fx.addresses[7] } };
    }, 'BadContractAddressError'],
    ['no settler key', async () => ({ rpcUrl: fx.chain.rpcUrl, contracts: contractsOf(d) }), 'SettlementConfigError'],
  ];
  it.each(cases)('starts and trades with %s, settlement reported unavailable', async (_name, settlementConfig, errorName) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-bad-'));
    const lines: string[] = [];
    const logged = pino({ level: 'error' }, { write: (s: string) => lines.push(s) });
    try {
      const config = loadConfig({}, { dataDir: dir, gateway: { port: 0, marketDataPort: 0 }, settlement: await settlementConfig(), scheduleIntervalMs: 60_000 });
      const service = await startService(config, logged, () => Date.UTC(2026, 10, 21, 12));
      try {
        expect(service.settlement).toBeUndefined();
        expect(lines.join('\n')).toContain(errorName);
        expect(lines.join('\n')).toContain('settlement-unavailable');
        const res = await service.sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: '' });
        expect(res.events[0]?.type).toBe(EventType.ACCOUNT_OPENED);
      } finally {
        await service.stop();
      }
    } finally {
      delete process.env.PATX_SETTLER_KEY;
      removeDir(dir);
    }
  });

  it('refuses a settlement config that does not parse, listing the problem', () => {
    expect(() => loadConfig({}, { settlement: { confirmations: 0 } })).toThrow(/confirmations/);
    expect(() => loadConfig({}, { settlement: { rpcUrl: 'not a url' } })).toThrow(/rpcUrl/);
    expect(() => loadConfig({}, { settlement: { council: ['0x12'] } })).toThrow(/council/);
    expect(() => loadConfig({ PATX_SETTLEMENT: 'off' }).settlement.enabled).not.toThrow();
    expect(loadConfig({ PATX_SETTLEMENT: 'off' }).settlement.enabled).toBe(false);
    expect(SettlementConfigError.name).toBe('SettlementConfigError');
  });
});

function contractsOf(x: Deployment): Record<string, unknown> {
  return { token: x.token, governance: x.governance, registry: x.registry, vault: x.vault, deployBlock: x.deployBlock };
}
