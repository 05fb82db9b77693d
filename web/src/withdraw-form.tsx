/**
 * Withdraw PAT (the account page and the provider page): an amount of the free balance,
 * requested over the signed-in trading session (REQUEST_WITHDRAWAL); the engine holds it
 * as "pending withdrawal" at once, and the next settlement batch pays it on-chain from the
 * vault to the wallet's address (docs/settlement.md). The form follows it until paid and
 * reads the wallet's PAT again then. A refusal (INSUFFICIENT_BALANCE, PAYOUT_HELD_UNVERIFIED…)
 * shows by name in the page's outcome banner.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { parsePat, type AccountSession } from './account-session.js';
import { patOfWei } from './format.js';

const WEI_PER_MICRO = 10n ** 12n;

export function WithdrawForm({ s }: { s: AccountSession }) {
  const [amountText, setAmountText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [paid, setPaid] = useState<bigint | undefined>(undefined);
  const a = s.account;
  const freeWei = BigInt(a?.availableWei ?? '0');
  const pendingWei = BigInt(a?.pendingWithdrawalWei ?? '0');
  // Paid: the pending amount went down (the batch that paid it was recorded); the wallet's PAT is read again.
  const lastPending = useRef(pendingWei);
  useEffect(() => {
    if (pendingWei < lastPending.current) {
      setPaid(lastPending.current - pendingWei);
      void s.deposits.refreshWallet();
    }
    lastPending.current = pendingWei;
  }, [pendingWei]);
  const chain = s.deposits.chain;
  const submit = (e: Event): void => {
    e.preventDefault();
    const micros = parsePat(amountText);
    if (micros === undefined || micros <= 0) return setError('amount: a positive number of PAT, at most 6 decimals');
    const wei = BigInt(micros) * WEI_PER_MICRO;
    if (wei > freeWei) return setError(`amount: at most your available ${patOfWei(freeWei)} PAT (PAT held by open orders or in escrow cannot leave)`);
    setError(undefined);
    setPaid(undefined);
    void s.withdraw(wei);
  };
  return (
    <form class="panel acct-form" data-testid="withdraw-form" onSubmit={submit}>
      <h2>Withdraw PAT</h2>
      {chain.state === 'unavailable' ? (
        <p class="acct-error" data-testid="withdraw-unavailable">
          <b>{chain.reason}</b> This exchange runs without on-chain settlement: a withdrawal is paid by a settlement batch, and none is made here.
        </p>
      ) : (
        <p class="hint">
          From your available PAT to your wallet {s.address.slice(0, 10)}…: the exchange sets it aside at once and pays it on-chain, from the vault, with the next settlement batch.
        </p>
      )}
      <p class="hint">
        Available <b data-testid="withdraw-free">{patOfWei(freeWei)}</b> PAT · pending <b data-testid="withdraw-pending">{patOfWei(pendingWei)}</b> PAT · in your wallet <b data-testid="withdraw-wallet">{s.deposits.walletWei === undefined ? '—' : patOfWei(s.deposits.walletWei)}</b> PAT
      </p>
      <div class="acct-row">
        <input data-testid="withdraw-amount" inputMode="decimal" aria-label="amount to withdraw (PAT)" placeholder="amount (PAT)" value={amountText} onInput={(e) => setAmountText((e.target as HTMLInputElement).value)} />
        <button type="button" class="linkish" data-testid="withdraw-all" onClick={() => setAmountText(patOfWei(freeWei))}>
          all
        </button>
        <button type="submit" data-testid="withdraw-submit" disabled={chain.state !== 'ok' || freeWei === 0n}>
          Withdraw
        </button>
      </div>
      {error !== undefined && <div class="acct-error">{error}</div>}
      {pendingWei > 0n && (
        <p class="acct-pending" data-testid="withdraw-state">
          {patOfWei(pendingWei)} PAT on its way to your wallet: paid with the next settlement batch.
        </p>
      )}
      {pendingWei === 0n && paid !== undefined && (
        <p class="acct-ok" data-testid="withdraw-paid">
          {patOfWei(paid)} PAT paid to your wallet on-chain.
        </p>
      )}
    </form>
  );
}
