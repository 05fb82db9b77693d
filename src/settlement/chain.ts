/**
 * The chain client: an ethers JSON-RPC provider pinned to the configured chain
 * id (no network auto-detection, which would retry forever in the background),
 * checked on connect, and the bound settlement contracts, checked to be what
 * their addresses claim.
 */
import { Contract, FetchRequest, JsonRpcProvider, type ContractRunner } from 'ethers';
import { contractAt, type Deployment } from './deploy.js';
import { BadContractAddressError, ChainUnreachableError, WrongChainError } from './errors.js';

export interface ChainContracts {
  token: Contract;
  governance: Contract;
  registry: Contract;
  vault: Contract;
}

/** Connects and checks the chain id; throws ChainUnreachableError or WrongChainError. */
export async function connectChain(rpcUrl: string, expectedChainId: number, pollingIntervalMs = 1000, timeoutMs = 30_000): Promise<JsonRpcProvider> {
  // Every call bounded (ethers waits 5 minutes): a chain that hangs rather than refusing failed no poll, so nothing
  // raised chain-unreachable while deposits and withdrawals stood still (an outside review stopped anvil with SIGSTOP).
  const request = new FetchRequest(rpcUrl);
  request.timeout = timeoutMs;
  // No response cache: a cached pending nonce would make the next batch reuse a spent one.
  const provider = new JsonRpcProvider(request, expectedChainId, { staticNetwork: true, cacheTimeout: -1 });
  provider.pollingInterval = pollingIntervalMs;
  let actual: number;
  try {
    actual = Number(BigInt((await provider.send('eth_chainId', [])) as string));
  } catch (error) {
    provider.destroy();
    throw new ChainUnreachableError(rpcUrl, error);
  }
  if (actual !== expectedChainId) {
    provider.destroy();
    throw new WrongChainError(rpcUrl, expectedChainId, actual);
  }
  return provider;
}

export function bindContracts(d: Deployment, runner: ContractRunner): ChainContracts {
  return {
    token: contractAt('PATToken', d.token, runner),
    governance: contractAt('PhaseGovernance', d.governance, runner),
    registry: contractAt('AccessRightsRegistry', d.registry, runner),
    vault: contractAt('PATXVault', d.vault, runner),
  };
}

/**
 * Checks that each address holds code and that the contracts point at each
 * other (vault -> token and registry, registry -> governance); throws
 * BadContractAddressError naming the first that does not.
 */
export async function verifyDeployment(provider: JsonRpcProvider, d: Deployment): Promise<ChainContracts> {
  const names: Array<[keyof Omit<Deployment, 'chainId' | 'deployBlock'>, string]> = [
    ['token', 'PAT token'],
    ['governance', 'PhaseGovernance'],
    ['registry', 'AccessRightsRegistry'],
    ['vault', 'PATXVault'],
  ];
  for (const [field, label] of names) {
    const code = await provider.getCode(d[field]);
    if (code === '0x') throw new BadContractAddressError(label, d[field], 'no contract code at this address on this chain');
  }
  const c = bindContracts(d, provider);
  const same = (a: unknown, b: string): boolean => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
  const ask = async (contract: Contract, fn: string, label: string, address: string): Promise<unknown> => {
    try {
      return await contract.getFunction(fn)();
    } catch {
      throw new BadContractAddressError(label, address, `does not answer ${fn}(): not the expected contract`);
    }
  };
  if (!same(await ask(c.vault, 'token', 'PATXVault', d.vault), d.token)) {
    throw new BadContractAddressError('PATXVault', d.vault, `its token is not ${d.token}`);
  }
  if (!same(await ask(c.vault, 'registry', 'PATXVault', d.vault), d.registry)) {
    throw new BadContractAddressError('PATXVault', d.vault, `its registry is not ${d.registry}`);
  }
  if (!same(await ask(c.registry, 'governance', 'AccessRightsRegistry', d.registry), d.governance)) {
    throw new BadContractAddressError('AccessRightsRegistry', d.registry, `its governance is not ${d.governance}`);
  }
  await ask(c.token, 'decimals', 'PAT token', d.token);
  try {
    await c.registry.getFunction('grantCount')(0);
  } catch {
    throw new BadContractAddressError('AccessRightsRegistry', d.registry, 'an earlier version of the contracts, without grant commitments: start from a fresh data directory, or deploy the current contracts and configure their addresses');
  }
  return c;
}
