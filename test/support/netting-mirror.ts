/**
 * The netting tests' shared parts (test/settlement/*-netting.test.ts): hand-built fills, a
 * cut's balances, and a mirror of the vault and the registry fed by real engine runs.
 */
import { expect } from 'vitest';
import { EventType, Role, type Engine, type EngineEvent } from '../../src/engine/index.js';
import { accountLedgerWei, deliveryInTransit, forwardRulesOf, Netting } from '../../src/settlement/index.js';
import type { EngineFixture } from './engine-fixture.js';

/** An account's on-chain address in hand-built batches: its id, as 20 bytes. */
export const addr = (id: number): string => '0x' + id.toString(16).padStart(40, '0');
export const MICRO_WEI = 10n ** 12n;

/** A fill event in which `buyer` takes `qty` at `priceMicros` from `seller`, all of both orders. */
export function fill(seq: number, buyer: number, seller: number, priceMicros: number, qty: number, seriesId: number): EngineEvent {
  return {
    type: EventType.FILL, seq, seriesId, tradeId: seq, priceMicros, qty, takerSide: 1,
    makerOrderId: 1, makerAccountId: seller, makerClientOrderId: 0, makerOrderQty: qty, makerCumQty: qty, makerLeavesQty: 0,
    takerOrderId: 2, takerAccountId: buyer, takerClientOrderId: 0, takerOrderQty: qty, takerCumQty: qty, takerLeavesQty: 0,
  };
}

/** The cut's PAT deltas, account by account, in µPAT. */
export function balancesOf(n: Netting): Array<[number, bigint]> {
  const { cut } = n.cut(1, addr);
  return cut.balanceAccounts.map((id, i) => [id, cut.batch.balances[i]!.deltaWei / MICRO_WEI]);
}

/** Σ of the cut's PAT deltas, in wei. */
export function sumWei(n: Netting): bigint {
  return n.cut(1, addr).cut.batch.balances.reduce((s, b) => s + b.deltaWei, 0n);
}

/**
 * What reconciliation expects on-chain with nothing in flight: the ledger's PAT (margin held
 * and locked included), no cash-settled holdings, customers-only forward holdings, deliveries in transit.
 */
export function expectedOnChain(engine: Engine): { pat: Map<number, bigint>; rights: Map<string, bigint> } {
  const rules = forwardRulesOf(engine);
  const pat = new Map<number, bigint>();
  const rights = new Map<string, bigint>();
  const add = (key: string, x: number): void => {
    const next = (rights.get(key) ?? 0n) + BigInt(x);
    if (next === 0n) rights.delete(key);
    else rights.set(key, next);
  };
  for (let id = 1; id < engine.accounts.length; id++) {
    const wei = accountLedgerWei(engine, id);
    if (wei !== 0n) pat.set(id, wei);
    for (const p of engine.accounts[id]!.positions.values()) {
      if (rules.isCashSettled!(p.seriesId) || (rules.isForward(p.seriesId) && !rules.isCustomer(id))) continue;
      add(`${p.seriesId}:${id}`, p.available + p.held);
    }
  }
  for (const [key, qty] of deliveryInTransit(engine)) add(key, qty);
  return { pat, rights };
}

/**
 * The vault and the registry as the settlement would leave them, fed one command's netting
 * at a time: no balance or holding below zero, every batch balanced (Σ deltas + fee = 0, as
 * PATXVault checks), the fee recipient's balance the engine's fee account (docs/fees.md), rights
 * only in registered series (unless `registeredSeriesOnly` is false: series listed before the
 * mirror saw them), and after each command equal to the engine's ledger.
 */
export class ChainMirror {
  readonly pat = new Map<number, bigint>();
  readonly rights = new Map<string, bigint>();
  /** Every listing registered, by series id. */
  readonly listings = new Map<number, number>();
  /** The vault's fee recipient's balance: every batch's feeWei. */
  feeWei = 0n;

  constructor(
    private readonly fx: EngineFixture,
    private readonly opts: { registeredSeriesOnly?: boolean } = {},
  ) {
    const v = expectedOnChain(fx.engine);
    for (const [k, x] of v.pat) this.pat.set(k, x);
    for (const [k, x] of v.rights) this.rights.set(k, x);
    this.feeWei = BigInt(fx.engine.feeAccountMicros) * MICRO_WEI;
  }

  /** Nets the events, applies them as a batch, and checks the result against the engine. */
  apply(events: EngineEvent[]): EngineEvent[] {
    const engine = this.fx.engine;
    const n = new Netting(engine.lastSeq - 1, (id) => engine.accounts[id]?.role === Role.PROVIDER, () => [], forwardRulesOf(engine));
    n.add(events, engine.lastSeq);
    // A deposit reached the vault before the engine credited it: the netting leaves it alone.
    for (const e of events) if (e.type === EventType.DEPOSIT_CREDITED) this.pat.set(e.accountId, (this.pat.get(e.accountId) ?? 0n) + e.amountWei);
    const { batch } = n.cut(1, addr).cut;
    expect(batch.balances.reduce((s, b) => s + b.deltaWei, 0n) + batch.feeWei, 'batch balances (UnbalancedBatch)').toBe(0n);
    this.feeWei += batch.feeWei;
    for (const l of batch.listings) this.listings.set(l.seriesId, l.kind);
    for (const [id, wei] of n.balanceDeltasWei()) {
      const next = (this.pat.get(id) ?? 0n) + wei;
      expect(next, `vault balance of ${id} (NegativeBalance)`).toBeGreaterThanOrEqual(0n);
      if (next === 0n) this.pat.delete(id);
      else this.pat.set(id, next);
    }
    for (const [key, delta] of n.rightsDeltas()) {
      const seriesId = Number(key.split(':')[0]);
      if (this.opts.registeredSeriesOnly !== false) {
        expect(this.listings.has(seriesId) || seriesId === this.fx.seriesId, `rights in registered series ${key} (UnknownSeries)`).toBe(true);
      }
      const next = (this.rights.get(key) ?? 0n) + BigInt(delta);
      expect(next, `rights ${key} (InsufficientRights)`).toBeGreaterThanOrEqual(0n);
      if (next === 0n) this.rights.delete(key);
      else this.rights.set(key, next);
    }
    const expected = expectedOnChain(engine);
    expect(Object.fromEntries(this.rights)).toEqual(Object.fromEntries(expected.rights));
    expect(Object.fromEntries(this.pat)).toEqual(Object.fromEntries(expected.pat));
    expect(this.feeWei, "the fee recipient's balance").toBe(BigInt(engine.feeAccountMicros) * MICRO_WEI);
    return events;
  }

  /** Rights the mirror holds in a series. */
  rightsIn(seriesId: number): string[] {
    return [...this.rights.keys()].filter((k) => k.startsWith(`${seriesId}:`));
  }

  /** An account's vault balance, in µPAT. */
  micros(accountId: number): number {
    return Number((this.pat.get(accountId) ?? 0n) / MICRO_WEI);
  }
}
