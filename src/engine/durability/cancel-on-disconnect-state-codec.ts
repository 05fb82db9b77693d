/**
 * The snapshot's cancel-on-disconnect section (state-codec.ts; core/cancel-on-disconnect.ts): a
 * tagged section after the invitations, written only while some account has a session armed, so a
 * state without one keeps the bytes (and the hash) it had before the sessions were journaled (a
 * cleanly stopped exchange has none: its sessions' closes ended them).
 *
 * Written: the number of accounts, then each account id (ascending) with its armed sessions.
 */
import type { BinaryReader, BinaryWriter } from './binary.js';
import type { Engine } from '../engine.js';
import { MAX_CANCEL_ON_DISCONNECT_SESSIONS } from '../core/cancel-on-disconnect.js';

export const CANCEL_ON_DISCONNECT_TAG = 18;

export function writeCancelOnDisconnect(w: BinaryWriter, engine: Engine): void {
  const armed = engine.cancelOnDisconnect.armedAccounts();
  if (armed.length === 0) return;
  w.u8(CANCEL_ON_DISCONNECT_TAG);
  w.number(armed.length);
  for (const { accountId, sessions } of armed) {
    w.number(accountId);
    w.number(sessions);
  }
}

/** Reads the section (after the invitations'); `fail` throws the codec's error. */
export function readCancelOnDisconnect(r: BinaryReader, engine: Engine, fail: (message: string) => never): void {
  const armed = engine.cancelOnDisconnect.armed;
  const count = r.number();
  if (count < 1) fail('a cancel-on-disconnect section with no account');
  let last = 0;
  for (let n = 0; n < count; n++) {
    const [accountId, sessions] = [r.number(), r.number()];
    if (accountId <= last) fail(`cancel-on-disconnect account ${accountId} out of order`);
    last = accountId;
    if (engine.accounts[accountId] === undefined) fail(`cancel-on-disconnect sessions of account ${accountId}, which does not exist`);
    if (sessions < 1 || sessions > MAX_CANCEL_ON_DISCONNECT_SESSIONS) fail(`account ${accountId} has ${sessions} cancel-on-disconnect sessions`);
    armed.set(accountId, sessions);
  }
}
