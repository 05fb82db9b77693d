/**
 * A settlement batch as the vault takes it, its ABI encoding and its content
 * hash. The hash is keccak-256 of the ABI-encoded argument (the call data after
 * the 4-byte selector): exactly what `PATXVault.settleBatch` stores in
 * `batchHash[batchId]` and emits in `BatchSettled`.
 */
import { Interface, keccak256, type InterfaceAbi } from 'ethers';
import { artifact } from './contracts/artifacts.js';

export interface BalanceChange {
  participant: string;
  deltaWei: bigint;
}

export interface BatchWithdrawal {
  withdrawalId: number;
  to: string;
  amountWei: bigint;
}

export interface SeriesListing {
  seriesId: number;
  kind: number;
  contractKey: string;
}

export interface RightsChange {
  seriesId: number;
  holder: string;
  delta: bigint;
}

export interface SettlementBatch {
  batchId: number;
  /** The last engine seq whose effects the batch includes. */
  throughSeq: number;
  balances: BalanceChange[];
  feeWei: bigint;
  withdrawals: BatchWithdrawal[];
  listings: SeriesListing[];
  rights: RightsChange[];
  /** The access grants the batch's exercises issued (src/grants/commitment.ts): root and number. */
  grantsRoot: string;
  grantCount: number;
}

let vaultInterface: Interface | undefined;

export function vaultAbi(): Interface {
  vaultInterface ??= new Interface(artifact('PATXVault').abi as InterfaceAbi);
  return vaultInterface;
}

/** The tuple ethers encodes for `settleBatch(Batch)`. */
export function batchTuple(b: SettlementBatch): unknown[] {
  return [
    b.batchId,
    b.throughSeq,
    b.balances.map((c) => [c.participant, c.deltaWei]),
    b.feeWei,
    b.withdrawals.map((w) => [w.withdrawalId, w.to, w.amountWei]),
    b.listings.map((l) => [l.seriesId, l.kind, l.contractKey]),
    b.rights.map((r) => [r.seriesId, r.holder, r.delta]),
    b.grantsRoot,
    b.grantCount,
  ];
}

/** Call data of `settleBatch(batch)`. */
export function encodeSettleCall(b: SettlementBatch): string {
  return vaultAbi().encodeFunctionData('settleBatch', [batchTuple(b)]);
}

/** keccak-256 of the ABI-encoded batch: what the vault records for it. */
export function batchContentHash(b: SettlementBatch): string {
  return keccak256('0x' + encodeSettleCall(b).slice(10));
}
