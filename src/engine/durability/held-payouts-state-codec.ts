/**
 * The snapshot's held-payouts section (state-codec.ts; rules 19, core/account-funds.ts): a tagged
 * section after the cancel-on-disconnect sessions, written only while some provider has own deposits
 * not yet withdrawn or frozen payouts, so a state with neither (every state under rules 0–18) keeps
 * its bytes and hash.
 *
 * Written: the number of providers, then each account id (ascending) with its own deposits in wei and
 * whether its payouts are frozen.
 */
import type { BinaryReader, BinaryWriter } from './binary.js';
import type { Engine } from '../engine.js';
import type { Account } from '../core/account.js';
import { Role } from '../core/commands.js';

export const HELD_PAYOUTS_TAG = 19;
const WEI_MAX_BYTES = 32;

const kept = (a: Account): boolean => a.ownDepositWei !== 0n || a.payoutsFrozen;

export function writeHeldPayouts(w: BinaryWriter, engine: Engine): void {
  let count = 0;
  for (let id = 1; id < engine.accounts.length; id++) if (kept(engine.accounts[id]!)) count++;
  if (count === 0) return;
  w.u8(HELD_PAYOUTS_TAG);
  w.number(count);
  for (let id = 1; id < engine.accounts.length; id++) {
    const a = engine.accounts[id]!;
    if (!kept(a)) continue;
    w.number(id);
    w.bigUint(a.ownDepositWei, WEI_MAX_BYTES);
    w.bool(a.payoutsFrozen);
  }
}

/** Reads the section (after the cancel-on-disconnect sessions'); `fail` throws the codec's error. */
export function readHeldPayouts(r: BinaryReader, engine: Engine, fail: (message: string) => never): void {
  const count = r.number();
  if (count < 1) fail('a held-payouts section with no account');
  let last = 0;
  for (let n = 0; n < count; n++) {
    const accountId = r.number();
    if (accountId <= last) fail(`held payouts of account ${accountId} out of order`);
    last = accountId;
    const account = engine.accounts[accountId];
    if (account === undefined || account.role !== Role.PROVIDER) fail(`held payouts of account ${accountId}, which is not a provider`);
    account.ownDepositWei = r.bigUint(WEI_MAX_BYTES);
    account.payoutsFrozen = r.bool();
    if (!kept(account)) fail(`held payouts of account ${accountId} hold nothing`);
  }
}
