/**
 * A journaled exchange in-process for settlement tests: a real LMDB journal in
 * a temporary directory, the engine, the sequencer with a fixed clock, and the
 * accounts and series a settlement scenario needs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CommandKind,
  EventType,
  Journal,
  OrderType,
  recover,
  Role,
  SelfTradePrevention,
  Sequencer,
  SeriesKind,
  Side,
  SYSTEM_ACTOR,
  TimeInForce,
  type Command,
  type Engine,
  type EngineEvent,
} from '../../src/engine/index.js';

export const T0 = Date.UTC(2026, 10, 16);
export const NOW = T0 + 3_600_000;
export const CONTRACT = 'AUTO_INTENT|7D|0.70-0.85';
export const PAT_WEI = 10n ** 18n;
export const PAT_MICROS = 1_000_000;

export interface Exchange {
  dir: string;
  engine: Engine;
  sequencer: Sequencer;
  journal: Journal;
  submit(cmd: Command): Promise<EngineEvent[]>;
  /** Stops the sequencer and closes the journal (keeps the directory). */
  close(): Promise<void>;
}

export async function openExchange(dir = mkdtempSync(path.join(os.tmpdir(), 'patx-settle-'))): Promise<Exchange> {
  const journal = Journal.open(dir, { durability: 'commit' });
  const { engine } = recover(journal);
  const sequencer = new Sequencer(engine, journal, () => NOW, { snapshotEveryCommands: 0, snapshotEveryMs: 0 });
  return {
    dir,
    engine,
    sequencer,
    journal,
    async submit(cmd) {
      return (await sequencer.submit(cmd)).events;
    },
    async close() {
      await sequencer.stop();
      await journal.close();
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface Cast {
  broker: number;
  operator: number;
  consumer: number;
  provider: number;
  seriesId: number;
}

/** Broker (no address: settles under the settler's), operator, a consumer and a provider with addresses, one spot series. */
export async function openCast(x: Exchange, consumerAddress: string, providerAddress: string): Promise<Cast> {
  const open = async (role: Role, address: string): Promise<number> => {
    const [e] = await x.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role, address: address.toLowerCase() });
    if (e?.type !== EventType.ACCOUNT_OPENED) throw new Error(`open account failed: ${JSON.stringify(e)}`);
    return e.accountId;
  };
  const broker = await open(Role.BROKER, '');
  const operator = await open(Role.OPERATOR, '');
  const consumer = await open(Role.CONSUMER, consumerAddress);
  const provider = await open(Role.PROVIDER, providerAddress);
  const [listed] = await x.submit({
    kind: CommandKind.LIST_SERIES,
    actor: SYSTEM_ACTOR,
    contract: CONTRACT,
    seriesKind: SeriesKind.SPOT,
    openAtMs: T0,
    closeAtMs: T0 + 7 * 86_400_000,
    tickMicros: 1000,
    lotSize: 1,
    minPriceMicros: 1000,
    maxPriceMicros: 10_000_000,
    maxOrderQty: 100_000,
    bandBps: 500,
  });
  if (listed?.type !== EventType.SERIES_LISTED) throw new Error('listing failed');
  return { broker, operator, consumer, provider, seriesId: listed.seriesId };
}

let nextClientOrderId = 1;

export function limitOrder(actor: number, seriesId: number, side: Side, priceMicros: number, qty: number, tif: TimeInForce = TimeInForce.GTC): Command {
  return {
    kind: CommandKind.NEW_ORDER,
    actor,
    seriesId,
    clientOrderId: nextClientOrderId++,
    side,
    orderType: OrderType.LIMIT,
    tif,
    priceMicros,
    qty,
    expireAtMs: 0,
    postOnly: false,
    stp: SelfTradePrevention.CANCEL_NEWEST,
  };
}

/** Polls `check` every `pollMs` until it returns true; fails with `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000, pollMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
