/**
 * Deploys the settlement contracts: PAT (local chains only; elsewhere the
 * existing token's address is given), phase governance, the access-rights
 * registry and the vault, and wires the vault as the registry's updater.
 */
import { Contract, ContractFactory, type ContractRunner, type Signer, type InterfaceAbi } from 'ethers';
import { artifact } from './contracts/artifacts.js';
import type { ContractName } from './contracts/compile.js';
import { SettlementInputError } from './errors.js';

export interface Deployment {
  chainId: number;
  token: string;
  governance: string;
  registry: string;
  vault: string;
  /** Block of the vault's deployment: the chain watcher starts scanning there. */
  deployBlock: number;
}

export interface DeployOptions {
  /** Existing PAT token; when absent a PATToken is deployed holding `tokenSupplyWei` for `tokenHolder`. */
  tokenAddress?: string;
  tokenSupplyWei?: bigint;
  tokenHolder?: string;
  council: string[];
  threshold: number;
  settler: string;
  feeRecipient: string;
}

/** A Contract bound to one of our artifacts' ABI. */
export function contractAt(name: ContractName, address: string, runner: ContractRunner): Contract {
  return new Contract(address, artifact(name).abi as InterfaceAbi, runner);
}

async function deployOne(name: ContractName, signer: Signer, args: unknown[]): Promise<Contract> {
  const a = artifact(name);
  const factory = new ContractFactory(a.abi as InterfaceAbi, a.bytecode, signer);
  const contract = await factory.deploy(...args);
  await contract.waitForDeployment();
  return contract as Contract;
}

export async function deployContracts(signer: Signer, options: DeployOptions): Promise<Deployment> {
  const provider = signer.provider;
  if (provider === null) throw new SettlementInputError('the deploying signer has no provider');
  const admin = await signer.getAddress();
  const chainId = Number((await provider.getNetwork()).chainId);
  let token = options.tokenAddress;
  if (token === undefined) {
    const pat = await deployOne('PATToken', signer, [options.tokenHolder ?? admin, options.tokenSupplyWei ?? 10n ** 27n]);
    token = await pat.getAddress();
  }
  const governance = await deployOne('PhaseGovernance', signer, [options.council, options.threshold]);
  const registry = await deployOne('AccessRightsRegistry', signer, [admin, await governance.getAddress()]);
  const vault = await deployOne('PATXVault', signer, [token, await registry.getAddress(), admin, options.settler, options.feeRecipient]);
  const vaultAddress = await vault.getAddress();
  const updaterRole = (await registry.getFunction('UPDATER_ROLE')()) as string;
  const grant = await registry.getFunction('grantRole')(updaterRole, vaultAddress);
  await grant.wait();
  const receipt = await vault.deploymentTransaction()?.wait();
  return {
    chainId,
    token,
    governance: await governance.getAddress(),
    registry: await registry.getAddress(),
    vault: vaultAddress,
    deployBlock: receipt?.blockNumber ?? 0,
  };
}
