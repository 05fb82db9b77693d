/**
 * The settlement contracts on a real hardhat node: every revert path of the
 * vault, the registry and the governance, batch replay, unbalanced batches,
 * unauthorized callers, pause, permit deposits and governance votes.
 */
import { NO_GRANTS_ROOT } from '../../src/grants/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Contract, ContractFactory, Signature, ZeroAddress, type InterfaceAbi } from 'ethers';
import { startChainFixture, expectRevert, type ChainFixture } from '../support/chain-fixture.js';
import { contractAt, type Deployment } from '../../src/settlement/deploy.js';
import { batchContentHash, batchTuple, type SettlementBatch } from '../../src/settlement/batch.js';
import { loadArtifacts, artifact } from '../../src/settlement/contracts/artifacts.js';
import { compileContracts, hashSources, readSources } from '../../src/settlement/contracts/compile.js';

const PAT = 10n ** 18n;

let fx: ChainFixture;
let d: Deployment;
let vault: Contract;
let token: Contract;
let registry: Contract;
let governance: Contract;
let nextBatchId = 1;
let lastThroughSeq = 0;

/** Account i's view of a contract. */
function as(c: Contract, i: number): Contract {
  return c.connect(fx.wallets[i]!) as Contract;
}

function batch(overrides: Partial<SettlementBatch> = {}): SettlementBatch {
  return { batchId: nextBatchId, throughSeq: lastThroughSeq + 1, balances: [], feeWei: 0n, withdrawals: [], listings: [], rights: [], grantsRoot: NO_GRANTS_ROOT, grantCount: 0, ...overrides };
}

async function settle(b: SettlementBatch, from = 0): Promise<void> {
  const tx = await as(vault, from).getFunction('settleBatch')(batchTuple(b));
  await tx.wait();
  nextBatchId = b.batchId + 1;
  lastThroughSeq = b.throughSeq;
}

async function fundAndDeposit(i: number, amountWei: bigint): Promise<void> {
  await (await as(token, 0).getFunction('transfer')(fx.addresses[i], amountWei)).wait();
  await (await as(token, i).getFunction('approve')(d.vault, amountWei)).wait();
  await (await as(vault, i).getFunction('deposit')(amountWei)).wait();
}

async function vaultBalance(i: number): Promise<bigint> {
  return (await vault.getFunction('balanceOf')(fx.addresses[i])) as bigint;
}

beforeAll(async () => {
  fx = await startChainFixture();
  d = await fx.deploy();
  vault = contractAt('PATXVault', d.vault, fx.provider);
  token = contractAt('PATToken', d.token, fx.provider);
  registry = contractAt('AccessRightsRegistry', d.registry, fx.provider);
  governance = contractAt('PhaseGovernance', d.governance, fx.provider);
});

afterAll(async () => {
  await fx?.stop();
});

describe('artifacts', () => {
  it('are built from the current sources with the current compiler', () => {
    const artifacts = loadArtifacts();
    expect(artifacts.sourcesHash).toBe(hashSources(readSources()));
    const fresh = compileContracts();
    for (const name of Object.keys(fresh.contracts) as Array<keyof typeof fresh.contracts>) {
      expect(artifacts.contracts[name].bytecode, name).toBe(fresh.contracts[name].bytecode);
    }
  });
});

describe('deposits', () => {
  it('credits the depositor and emits Deposited', async () => {
    await fundAndDeposit(4, 100n * PAT);
    expect(await vaultBalance(4)).toBe(100n * PAT);
    expect(await token.getFunction('balanceOf')(d.vault)).toBe(100n * PAT);
    const logs = await vault.queryFilter(vault.getEvent('Deposited'), d.deployBlock);
    expect(logs.length).toBe(1);
  });

  it('refuses zero, missing allowance and insufficient funds', async () => {
    await expectRevert(as(vault, 5).getFunction('deposit')(0n), 'ZeroAmount');
    await expectRevert(as(vault, 5).getFunction('deposit')(PAT), 'ERC20InsufficientAllowance');
    await (await as(token, 5).getFunction('approve')(d.vault, PAT)).wait();
    await expectRevert(as(vault, 5).getFunction('deposit')(PAT), 'ERC20InsufficientBalance');
  });

  it('accepts an EIP-2612 permit instead of an approve', async () => {
    await (await as(token, 0).getFunction('transfer')(fx.addresses[6], 5n * PAT)).wait();
    const owner = fx.wallets[6]!;
    const nonce = (await token.getFunction('nonces')(fx.addresses[6])) as bigint;
    const deadline = 2n ** 40n;
    const sig = Signature.from(
      await owner.signTypedData(
        { name: 'PAT', version: '1', chainId: d.chainId, verifyingContract: d.token },
        { Permit: [
          { name: 'owner', type: 'address' }, { name: 'spender', type: 'address' }, { name: 'value', type: 'uint256' },
          { name: 'nonce', type: 'uint256' }, { name: 'deadline', type: 'uint256' }] },
        { owner: fx.addresses[6], spender: d.vault, value: 5n * PAT, nonce, deadline },
      ),
    );
    // Someone else cannot use the signature; an expired permit is refused.
    await expectRevert(as(vault, 7).getFunction('depositWithPermit')(5n * PAT, deadline, sig.v, sig.r, sig.s), 'ERC2612InvalidSigner');
    await expectRevert(as(vault, 6).getFunction('depositWithPermit')(5n * PAT, 1n, sig.v, sig.r, sig.s), 'ERC2612ExpiredSignature');
    await (await as(vault, 6).getFunction('depositWithPermit')(5n * PAT, deadline, sig.v, sig.r, sig.s)).wait();
    expect(await vaultBalance(6)).toBe(5n * PAT);
    // A permit is good once.
    await expectRevert(as(vault, 6).getFunction('depositWithPermit')(5n * PAT, deadline, sig.v, sig.r, sig.s), 'ERC2612InvalidSigner');
  });
});

describe('batches', () => {
  it('applies balance changes, fee, rights and withdrawals in one call, recording the content hash', async () => {
    // 4 has 100 PAT; 6 has 5 PAT. 4 buys 3 rights from 6 for 30 PAT, pays a 1 PAT fee, withdraws 10 PAT.
    const b = batch({
      balances: [
        { participant: fx.addresses[4]!, deltaWei: -31n * PAT },
        { participant: fx.addresses[6]!, deltaWei: 30n * PAT },
      ],
      feeWei: 1n * PAT,
      withdrawals: [{ withdrawalId: 7, to: fx.addresses[4]!, amountWei: 10n * PAT }],
      listings: [{ seriesId: 1, kind: 1, contractKey: 'AUTO_INTENT|7D|0.70-0.85@2026-11-19' }],
      rights: [
        { seriesId: 1, holder: fx.addresses[6]!, delta: 2n }, // minted 5, sold 3
        { seriesId: 1, holder: fx.addresses[4]!, delta: 3n },
      ],
    });
    const before = (await token.getFunction('balanceOf')(fx.addresses[4])) as bigint;
    await settle(b);
    expect(await vaultBalance(4)).toBe(59n * PAT);
    expect(await vaultBalance(6)).toBe(35n * PAT);
    expect(await vaultBalance(0)).toBe(1n * PAT);
    expect(await token.getFunction('balanceOf')(fx.addresses[4])).toBe(before + 10n * PAT);
    expect(await registry.getFunction('rightsOf')(1, fx.addresses[4])).toBe(3n);
    expect(await registry.getFunction('rightsOf')(1, fx.addresses[6])).toBe(2n);
    expect(await registry.getFunction('supplyOf')(1)).toBe(5n);
    expect(await vault.getFunction('lastBatchId')()).toBe(BigInt(b.batchId));
    expect(await vault.getFunction('batchHash')(b.batchId)).toBe(batchContentHash(b));
    const [settled] = await vault.queryFilter(vault.getEvent('BatchSettled'), d.deployBlock);
    expect((settled as unknown as { args: unknown[] }).args[1]).toBe(batchContentHash(b));
    const paid = await vault.queryFilter(vault.getEvent('WithdrawalPaid'), d.deployBlock);
    expect(paid.length).toBe(1);
  });

  it('refuses a replayed batch and any id but the next one', async () => {
    const replay = batch({ batchId: nextBatchId - 1 });
    expect(await expectRevert(as(vault, 0).getFunction('settleBatch')(batchTuple(replay)), 'BatchIdNotNext')).toEqual([
      BigInt(nextBatchId - 1),
      BigInt(nextBatchId),
    ]);
    await expectRevert(as(vault, 0).getFunction('settleBatch')(batchTuple(batch({ batchId: nextBatchId + 1 }))), 'BatchIdNotNext');
    await expectRevert(as(vault, 0).getFunction('settleBatch')(batchTuple(batch({ batchId: 0 }))), 'BatchIdNotNext');
  });

  it('refuses a throughSeq below the last one', async () => {
    await expectRevert(as(vault, 0).getFunction('settleBatch')(batchTuple(batch({ throughSeq: lastThroughSeq - 1 }))), 'ThroughSeqNotIncreasing');
  });

  it('refuses sums that do not balance after the fee', async () => {
    const unbalanced = batch({ balances: [{ participant: fx.addresses[4]!, deltaWei: -1n }, { participant: fx.addresses[6]!, deltaWei: 2n }] });
    await expectRevert(as(vault, 0).getFunction('settleBatch')(batchTuple(unbalanced)), 'UnbalancedBatch');
    const feeMismatch = batch({ balances: [{ participant: fx.addresses[4]!, deltaWei: -2n }, { participant: fx.addresses[6]!, deltaWei: 1n }], feeWei: 2n });
    await expectRevert(as(vault, 0).getFunction('settleBatch')(batchTuple(feeMismatch)), 'UnbalancedBatch');
    const hugeFee = batch({ feeWei: 2n ** 255n });
    await expectRevert(as(vault, 0).getFunction('settleBatch')(batchTuple(hugeFee)), 'UnbalancedBatch');
  });

  it('refuses a balance that would go negative', async () => {
    const b = batch({ balances: [{ participant: fx.addresses[7]!, deltaWei: -1n }, { participant: fx.addresses[4]!, deltaWei: 1n }] });
    await expectRevert(as(vault, 0).getFunction('settleBatch')(batchTuple(b)), 'NegativeBalance');
  });

  it('refuses withdrawals above the balance, of zero, or to the zero address', async () => {
    const tooMuch = batch({ withdrawals: [{ withdrawalId: 8, to: fx.addresses[6]!, amountWei: 36n * PAT }] });
    await expectRevert(as(vault, 0).getFunction('settleBatch')(batchTuple(tooMuch)), 'WithdrawalExceedsBalance');
    const zero = batch({ withdrawals: [{ withdrawalId: 8, to: fx.addresses[6]!, amountWei: 0n }] });
    await expectRevert(as(vault, 0).getFunction('settleBatch')(batchTuple(zero)), 'ZeroAmount');
    const nobody = batch({ withdrawals: [{ withdrawalId: 8, to: ZeroAddress, amountWei: 1n }] });
    await expectRevert(as(vault, 0).getFunction('settleBatch')(batchTuple(nobody)), 'ZeroAddress');
  });

  it('refuses rights changes for unknown series, to the zero address, or below zero', async () => {
    const unknown = batch({ rights: [{ seriesId: 99, holder: fx.addresses[4]!, delta: 1n }] });
    await expectRevert(as(vault, 0).getFunction('settleBatch')(batchTuple(unknown)), 'UnknownSeries');
    const zero = batch({ rights: [{ seriesId: 1, holder: ZeroAddress, delta: 1n }] });
    await expectRevert(as(vault, 0).getFunction('settleBatch')(batchTuple(zero)), 'ZeroAddress');
    const overdrawn = batch({ rights: [{ seriesId: 1, holder: fx.addresses[4]!, delta: -4n }] });
    await expectRevert(as(vault, 0).getFunction('settleBatch')(batchTuple(overdrawn)), 'InsufficientRights');
  });

  it('refuses a series listed twice or of an unknown kind', async () => {
    const twice = batch({ listings: [{ seriesId: 1, kind: 1, contractKey: 'X' }] });
    await expectRevert(as(vault, 0).getFunction('settleBatch')(batchTuple(twice)), 'SeriesAlreadyRegistered');
    const badKind = batch({ listings: [{ seriesId: 2, kind: 9, contractKey: 'X' }] });
    await expectRevert(as(vault, 0).getFunction('settleBatch')(batchTuple(badKind)), 'InvalidSeriesKind');
    const noKind = batch({ listings: [{ seriesId: 2, kind: 0, contractKey: 'X' }] });
    await expectRevert(as(vault, 0).getFunction('settleBatch')(batchTuple(noKind)), 'InvalidSeriesKind');
  });

  it('refuses callers without the settler role, and direct registry updates', async () => {
    await expectRevert(as(vault, 4).getFunction('settleBatch')(batchTuple(batch())), 'AccessControlUnauthorizedAccount');
    await expectRevert(as(registry, 0).getFunction('applyChanges')([], []), 'AccessControlUnauthorizedAccount');
  });

  it('a failed batch changes nothing and the next id still applies', async () => {
    const lastId = (await vault.getFunction('lastBatchId')()) as bigint;
    expect(lastId).toBe(BigInt(nextBatchId - 1));
    await settle(batch());
    expect(await vault.getFunction('lastBatchId')()).toBe(lastId + 1n);
  });
});

describe('pause', () => {
  it('only the admin pauses; a paused vault refuses deposits and batches; unpause resumes', async () => {
    await expectRevert(as(vault, 4).getFunction('pause')(), 'AccessControlUnauthorizedAccount');
    await (await as(vault, 0).getFunction('pause')()).wait();
    await expectRevert(as(vault, 4).getFunction('deposit')(1n), 'EnforcedPause');
    await expectRevert(as(vault, 0).getFunction('settleBatch')(batchTuple(batch())), 'EnforcedPause');
    await expectRevert(as(vault, 4).getFunction('unpause')(), 'AccessControlUnauthorizedAccount');
    await (await as(vault, 0).getFunction('unpause')()).wait();
    await expectRevert(as(vault, 0).getFunction('unpause')(), 'ExpectedPause');
    await settle(batch());
  });

  it('only the admin changes the fee recipient, never to zero; fees go to the new one', async () => {
    await expectRevert(as(vault, 4).getFunction('setFeeRecipient')(fx.addresses[4]), 'AccessControlUnauthorizedAccount');
    await expectRevert(as(vault, 0).getFunction('setFeeRecipient')(ZeroAddress), 'ZeroAddress');
    await (await as(vault, 0).getFunction('setFeeRecipient')(fx.addresses[8])).wait();
    await settle(batch({ balances: [{ participant: fx.addresses[4]!, deltaWei: -3n }], feeWei: 3n }));
    expect(await vaultBalance(8)).toBe(3n);
  });
});

describe('phase governance', () => {
  it('gates synthetics behind phase 3 and options behind phase 4, each enabled by M of N votes', async () => {
    const council = fx.addresses.slice(1, 4); // threshold 2
    expect(await governance.getFunction('phase')()).toBe(2n);
    expect(await governance.getFunction('councilMembers')()).toEqual(council);
    const synthetic = batch({ listings: [{ seriesId: 3, kind: 3, contractKey: 'S' }] });
    await expectRevert(as(vault, 0).getFunction('settleBatch')(batchTuple(synthetic)), 'PhaseNotEnabled');

    await expectRevert(as(governance, 5).getFunction('vote')(3), 'NotCouncilMember');
    await expectRevert(as(governance, 1).getFunction('vote')(4), 'PhaseNotNext');
    await expectRevert(as(governance, 1).getFunction('vote')(2), 'PhaseNotNext');
    await (await as(governance, 1).getFunction('vote')(3)).wait();
    await expectRevert(as(governance, 1).getFunction('vote')(3), 'AlreadyVoted');
    expect(await governance.getFunction('phase')()).toBe(2n); // one vote of two
    await (await as(governance, 2).getFunction('vote')(3)).wait();
    expect(await governance.getFunction('phase')()).toBe(3n);
    expect(await governance.getFunction('isPhaseEnabled')(3)).toBe(true);
    expect(await governance.getFunction('isPhaseEnabled')(4)).toBe(false);
    await expectRevert(as(governance, 3).getFunction('vote')(3), 'PhaseNotNext');

    await settle(synthetic);
    const call = batch({ listings: [{ seriesId: 4, kind: 4, contractKey: 'C' }] });
    await expectRevert(as(vault, 0).getFunction('settleBatch')(batchTuple(call)), 'PhaseNotEnabled');
    await (await as(governance, 2).getFunction('vote')(4)).wait();
    await (await as(governance, 3).getFunction('vote')(4)).wait();
    expect(await governance.getFunction('phase')()).toBe(4n);
    await settle(call);
    expect(await registry.getFunction('seriesKind')(4)).toBe(4n);
    await expectRevert(as(governance, 1).getFunction('vote')(5), 'PhaseNotNext');
  });

  it('refuses an empty council, a bad threshold, duplicate or zero members', async () => {
    const a = artifact('PhaseGovernance');
    const factory = new ContractFactory(a.abi as InterfaceAbi, a.bytecode, fx.wallets[0]!);
    await expectRevert(() => factory.deploy([], 1), 'EmptyCouncil');
    await expectRevert(() => factory.deploy([fx.addresses[1]], 0), 'InvalidThreshold');
    await expectRevert(() => factory.deploy([fx.addresses[1]], 2), 'InvalidThreshold');
    await expectRevert(() => factory.deploy([fx.addresses[1], fx.addresses[1]], 1), 'InvalidCouncilMember');
    await expectRevert(() => factory.deploy([ZeroAddress], 1), 'InvalidCouncilMember');
  });

  it('the vault and registry refuse zero addresses at deployment', async () => {
    const v = artifact('PATXVault');
    const vf = new ContractFactory(v.abi as InterfaceAbi, v.bytecode, fx.wallets[0]!);
    await expectRevert(() => vf.deploy(d.token, d.registry, fx.addresses[0], ZeroAddress, fx.addresses[0]), 'ZeroAddress');
    const r = artifact('AccessRightsRegistry');
    const rf = new ContractFactory(r.abi as InterfaceAbi, r.bytecode, fx.wallets[0]!);
    await expectRevert(() => rf.deploy(fx.addresses[0], ZeroAddress), 'ZeroAddress');
  });
});
