/**
 * Reconciliation's chain reads (reconcile.ts, `ChainView`) through the service's ethers
 * contracts: what the running settlement and the tests use.
 */
import { Contract as EthersContract, type Contract, type EventLog } from 'ethers';
import { readAtBlock, SettlementInputError } from './errors.js';
import type { ChainView, DepositLog } from './reconcile.js';

export function contractChainView(vault: Contract, registry: Contract, deployBlock: number): ChainView {
  const provider = vault.runner?.provider;
  if (provider === undefined || provider === null) throw new SettlementInputError('the vault contract has no provider');
  const at = (block: number): { blockTag: number } => ({ blockTag: block });
  return {
    deployBlock,
    registryAddress: String(registry.target),
    blockNumber: () => provider.getBlockNumber(),
    // Each read at a block: the node's "no state for that block" as BlockStateUnavailableError (ethers calls it "missing revert data").
    lastBatchId: (block) => readAtBlock(block, async () => Number(await vault.getFunction('lastBatchId')(at(block)))),
    deposits: async (fromBlock, toBlock) =>
      ((await vault.queryFilter(vault.getEvent('Deposited'), fromBlock, toBlock)) as EventLog[]).map(
        (log): DepositLog => ({ depositor: String(log.args[0]).toLowerCase(), amountWei: log.args[1] as bigint, txHash: log.transactionHash.toLowerCase(), logIndex: log.index }),
      ),
    grantsRoot: (batchId, block) => readAtBlock(block, async () => String(await registry.getFunction('grantsRoot')(batchId, at(block)))),
    grantCount: (batchId, block) => readAtBlock(block, async () => Number(await registry.getFunction('grantCount')(batchId, at(block)))),
    feeRecipient: (block) => readAtBlock(block, async () => String(await vault.getFunction('feeRecipient')(at(block))).toLowerCase()),
    balanceOf: (address, block) => readAtBlock(block, async () => (await vault.getFunction('balanceOf')(address, at(block))) as bigint),
    vaultHoldings: (block) =>
      readAtBlock(block, async () => {
        const token = new EthersContract(String(await vault.getFunction('token')(at(block))), ['function balanceOf(address) view returns (uint256)'], provider);
        return (await token.getFunction('balanceOf')(vault.target, at(block))) as bigint;
      }),
    rightsOf: (seriesId, address, block) => readAtBlock(block, async () => (await registry.getFunction('rightsOf')(seriesId, address, at(block))) as bigint),
  };
}
