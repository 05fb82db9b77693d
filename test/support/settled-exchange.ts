/**
 * A journaled exchange settled on a real hardhat node, for the on-chain settlement tests
 * (test/settlement/*-chain.test.ts, forwards.test.ts, end-to-end.test.ts): the chain and its
 * deployment (the settler sends from wallet 9, the broker settles under wallet 8), the
 * contracts, the exchange of exchange-fixture.ts — on a fixed clock or one the test moves —
 * with its cast, and once started the settlement service batching only when the test asks.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Contract } from 'ethers';
import { expect } from 'vitest';
import { CommandKind, Journal, recover, Role, Sequencer, SYSTEM_ACTOR, type EngineEvent } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { AlarmBoard } from '../../src/operator/alarm-board.js';
import { accountLedgerWei, contractAt, HARDHAT_KEYS, settlementConfigSchema, startSettlement, type Deployment, type Settlement } from '../../src/settlement/index.js';
import { startChainFixture, type ChainFixture } from './chain-fixture.js';
import { openCast, openExchange, removeDir, until, type Cast, type Exchange } from './exchange-fixture.js';

/** The broker's on-chain address; the settler sends from its own (9), never shared with the test's transactions. */
export const BROKER = 8;
export const SETTLER = 9;
export const MICRO_WEI = 10n ** 12n;

const logger = createLogger(process.env.PATX_TEST_LOG ?? 'silent');

export interface SettledExchange {
  fx: ChainFixture;
  d: Deployment;
  x: Exchange;
  cast: Cast;
  vault: Contract;
  token: Contract;
  registry: Contract;
  governance: Contract;
  /** Set by `startSettlement`. */
  settlement: Settlement;
  /** The alarm board the settlement service raises its alarms on (one for the harness's life). */
  alarms: AlarmBoard;
  /** Opens an account with the wallet's address; returns its id. */
  openAccount(role: Role, walletIndex: number): Promise<number>;
  /** Wallet 0 sends the wallet the PAT (unless it is wallet 0), which approves the vault and deposits it. */
  depositOnChain(walletIndex: number, amountWei: bigint): Promise<void>;
  /**
   * Mines a block every 50 ms and starts the settlement service: 2 confirmations, fast polls and
   * retries, batches only when the test asks (settleNow), no periodic reconciliation — unless
   * `overrides` says otherwise (an override given as undefined takes the schema's default).
   * `node` stands for another node of a replicated group sharing this journal: its own data
   * dir (the exchange's by default) and the sequencer its settler submits to.
   */
  startSettlement(overrides?: Record<string, unknown>, node?: { dataDir?: string; sequencer?: Sequencer }): Promise<Settlement>;
  /** Cuts a batch of everything so far and waits until it is recorded. */
  settle(): Promise<void>;
  /** The wallet's balance in the vault. */
  balanceOf(walletIndex: number): Promise<bigint>;
  /** Two council members vote the phase on-chain; waits until the watcher reports it to the engine. */
  councilVotes(phase: number): Promise<void>;
  /** The operator sets the reference price of the cast's spot series. */
  setReference(priceMicros: number): Promise<EngineEvent[]>;
  /** Reconciliation (online) finds no mismatch and is ok. */
  expectReconciled(): Promise<void>;
  /**
   * For cash-settled series: each account's vault balance (at its wallet) equals its ledger PAT,
   * margin held and locked included; none holds rights in `seriesIds` and none exist; reconciliation clean.
   * `what` names the series in the messages.
   */
  expectCashSettledChainEqualsLedger(accounts: Array<[accountId: number, walletIndex: number]>, seriesIds: number[], what: string): Promise<void>;
  /** Stops the settlement (if started), the exchange (removing its directory) and the chain. */
  stop(): Promise<void>;
}

/** The exchange of exchange-fixture.ts, but on the given clock (expiry needs the close on the sequencer clock). */
export function openExchangeWithClock(clock: () => number, prefix = 'patx-settle-'): Exchange {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const journal = Journal.open(dir, { durability: 'commit' });
  const { engine } = recover(journal);
  const sequencer = new Sequencer(engine, journal, clock, { snapshotEveryCommands: 0, snapshotEveryMs: 0 });
  return {
    dir, engine, sequencer, journal,
    async submit(cmd) {
      return (await sequencer.submit(cmd)).events;
    },
    async close() {
      await sequencer.stop();
      await journal.close();
    },
  };
}

/**
 * Starts the chain, deploys, opens the exchange (on `clock` if given, else exchange-fixture's
 * fixed clock) and its cast, the consumer and provider at the given wallets' addresses.
 */
export async function openSettledExchange(opts: { consumer: number; provider: number; clock?: () => number; dirPrefix?: string }): Promise<SettledExchange> {
  const fx = await startChainFixture();
  let x: Exchange | undefined;
  try {
    const d = await fx.deploy({ settler: fx.addresses[SETTLER] });
    x = opts.clock === undefined ? await openExchange() : openExchangeWithClock(opts.clock, opts.dirPrefix);
    const cast = await openCast(x, fx.addresses[opts.consumer]!, fx.addresses[opts.provider]!);
    return settledExchange(fx, d, x, cast);
  } catch (error) {
    // Nothing half-started outlives a failed start.
    if (x !== undefined) {
      await x.close();
      removeDir(x.dir);
    }
    await fx.stop();
    throw error;
  }
}

function settledExchange(fx: ChainFixture, d: Deployment, x: Exchange, cast: Cast): SettledExchange {
  const vault = contractAt('PATXVault', d.vault, fx.provider);
  const token = contractAt('PATToken', d.token, fx.provider);
  const registry = contractAt('AccessRightsRegistry', d.registry, fx.provider);
  const governance = contractAt('PhaseGovernance', d.governance, fx.provider);
  let settlement: Settlement | undefined;
  const alarms = new AlarmBoard();
  const h: SettledExchange = {
    fx, d, x, cast, vault, token, registry, governance, alarms,
    get settlement(): Settlement {
      if (settlement === undefined) throw new Error('settlement not started');
      return settlement;
    },
    async openAccount(role, walletIndex) {
      const [opened] = await x.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role, address: fx.addresses[walletIndex]!.toLowerCase() });
      return (opened as { accountId: number }).accountId;
    },
    async depositOnChain(walletIndex, amountWei) {
      const w = fx.wallets[walletIndex]!;
      if (walletIndex !== 0) await (await (token.connect(fx.wallets[0]!) as Contract).getFunction('transfer')(fx.addresses[walletIndex], amountWei)).wait();
      await (await (token.connect(w) as Contract).getFunction('approve')(d.vault, amountWei)).wait();
      await (await (vault.connect(w) as Contract).getFunction('deposit')(amountWei)).wait();
    },
    async startSettlement(overrides = {}, node = {}) {
      await fx.intervalMining(50);
      const input: Record<string, unknown> = {
        rpcUrl: fx.chain.rpcUrl,
        contracts: { token: d.token, governance: d.governance, registry: d.registry, vault: d.vault, deployBlock: d.deployBlock },
        confirmations: 2,
        pollIntervalMs: 20,
        batchIntervalMs: 3_600_000, // batches only when the test asks (settleNow), so it knows where each cut falls
        retryBaseMs: 20,
        retryMaxMs: 200,
        reconcileIntervalMs: 0,
        brokerAddress: fx.addresses[BROKER],
        ...overrides,
      };
      const config = settlementConfigSchema.parse(input);
      settlement = await startSettlement({ config, dataDir: node.dataDir ?? x.dir, engine: x.engine, sequencer: node.sequencer ?? x.sequencer, journal: x.journal, logger, alarms, env: { PATX_SETTLER_KEY: HARDHAT_KEYS[SETTLER] } });
      return settlement;
    },
    async settle() {
      // Through what is released, not what is applied: a cut takes released turns (the settler hears them as they are
      // released), and under load the engine applies ahead of the journal, so engine.lastSeq may name a turn not yet in it.
      const through = await x.sequencer.released((engine) => engine.lastSeq);
      const r = await h.settlement.settleNow();
      expect(r.reason ?? r.state).toBe('recorded');
      await until(() => x.engine.settledThroughSeq >= through, 'batch recorded');
    },
    balanceOf(walletIndex) {
      return vault.getFunction('balanceOf')(fx.addresses[walletIndex]) as Promise<bigint>;
    },
    async councilVotes(phase) {
      for (const member of [1, 2]) await (await (governance.connect(fx.wallets[member]!) as Contract).getFunction('vote')(phase)).wait();
      await until(() => x.engine.governancePhase === phase, `phase ${phase} reported to the engine`);
    },
    setReference(priceMicros) {
      return x.submit({ kind: CommandKind.SET_REFERENCE_PRICE, actor: cast.operator, seriesId: cast.seriesId, priceMicros });
    },
    async expectReconciled() {
      const report = await h.settlement.reconcile();
      expect(report.mismatches).toEqual([]);
      expect(report.ok).toBe(true);
    },
    async expectCashSettledChainEqualsLedger(accounts, seriesIds, what) {
      for (const [id, walletIndex] of accounts) {
        const address = fx.addresses[walletIndex]!;
        expect(await vault.getFunction('balanceOf')(address), `PAT of account ${id}`).toBe(accountLedgerWei(x.engine, id));
        for (const seriesId of seriesIds) expect(await registry.getFunction('rightsOf')(seriesId, address), `${what} rights of account ${id}`).toBe(0n);
      }
      for (const seriesId of seriesIds) expect(await registry.getFunction('supplyOf')(seriesId)).toBe(0n);
      await h.expectReconciled();
    },
    async stop() {
      await settlement?.stop();
      await x.close();
      removeDir(x.dir);
      await fx.stop();
    },
  };
  return h;
}

/** Awaits the events and expects one of the type among them (all of them in the message); returns them. */
export async function ok(events: Promise<EngineEvent[]>, type: EngineEvent['type']): Promise<EngineEvent[]> {
  const ev = await events;
  expect(ev.map((e) => e.type), JSON.stringify(ev, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).toContain(type);
  return ev;
}

/**
 * The cast of the cash-settled tests on chain (options-chain, busy-close-chain): a writer's account
 * (a consumer an operator may qualify) at its wallet, settlement started, and the broker, the
 * consumer and the writer funded on chain with their deposits credited.
 */
export async function fundCashSettledCast(
  h: SettledExchange,
  wallets: { consumer: number; writer: number },
  deposits: { broker: bigint; consumer: bigint; writer: bigint },
): Promise<{ writer: number; settlement: Settlement }> {
  const writer = await h.openAccount(Role.CONSUMER, wallets.writer);
  const settlement = await h.startSettlement();
  await h.depositOnChain(BROKER, deposits.broker);
  await h.depositOnChain(wallets.consumer, deposits.consumer);
  await h.depositOnChain(wallets.writer, deposits.writer);
  await until(() => [h.cast.broker, h.cast.consumer, writer].every((id) => h.x.engine.accounts[id]!.availableMicros > 0), 'deposits credited');
  return { writer, settlement };
}
