/**
 * Cancel-on-disconnect across a crash, from outside: `npm start` (bin/start.js) in a process of its
 * own on a real data dir, a provider's session logged in with cancel-on-disconnect rests an ask, and
 * the process is killed with SIGKILL (no clean shutdown, so no close handler ran). Started again on
 * the same data dir, the service cancels the order before it takes orders (CancelReason
 * CANCEL_ON_DISCONNECT, journaled by the system), and the provider logging in again finds nothing
 * open and its rights free; a session without the flag keeps its order through the crash. A clean
 * stop (SIGINT) cancels through the session's close instead, and the next start cancels nothing more.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Wallet } from 'ethers';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { rejectName, TradingClient, wire } from '../../src/client/index.js';
import { CancelReason, CommandKind, Engine, EventType, Journal, type EngineEvent } from '../../src/engine/index.js';
import { freePort } from '../../src/runtime/free-port.js';
import { removeDir, until } from '../support/exchange-fixture.js';
import { testWallet } from '../support/gateway-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OPERATOR_TOKEN = 'cod-restart-operator-token-0123456789';
const dirs: string[] = [];
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs) removeDir(dir);
});

interface Node {
  child: ChildProcess;
  output: () => string;
  exited: Promise<void>;
}

/** `npm start`'s entry on `dataDir` and `port`, without the demo, settlement or the provider server. */
async function start(dataDir: string, port: number): Promise<Node> {
  const child = spawn(process.execPath, ['bin/start.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PATX_DATA_DIR: dataDir,
      PATX_PORT: String(port),
      PATX_MARKET_DATA_PORT: String(await freePort()),
      PATX_DEMO: 'off',
      PATX_SETTLEMENT: 'off',
      PATX_PROVIDER_SERVER: 'off',
      PATX_OPERATOR_TOKEN: OPERATOR_TOKEN,
      PATX_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text = (text + chunk.toString()).slice(-200_000)));
  child.stderr!.on('data', (chunk: Buffer) => (text = (text + chunk.toString()).slice(-200_000)));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  onTestFailed(() => console.error(text.slice(-6000)));
  await until(() => text.includes('"PATX is running') || child.exitCode !== null, 'the service to start', 120_000);
  if (child.exitCode !== null) throw new Error(`the service exited ${child.exitCode}:\n${text.slice(-4000)}`);
  return { child, output: () => text, exited };
}

const url = (port: number): string => `ws://127.0.0.1:${port}/v1/trade`;

/** A provider with rights in the latest trading spot series, resting one ask at the top of its range; the series. */
async function restAsk(port: number, wallet: Wallet, cancelOnDisconnect: boolean): Promise<{ client: TradingClient; seriesId: number }> {
  const client = await TradingClient.connect(url(port), { wallet, role: wire.Role.PROVIDER, cancelOnDisconnect });
  expect(client.login.cancelOnDisconnect).toBe(cancelOnDisconnect);
  const spot = (await client.series()).filter((s) => s.kind === wire.SeriesKind.SPOT && s.status === wire.SeriesStatus.TRADING);
  const series = spot.sort((x, y) => Number(y.closeAtMs) - Number(x.closeAtMs))[0]!;
  const seriesId = Number(series.seriesId);
  expect(rejectName(await client.declareCapacity(seriesId, 100))).toBe('NONE');
  expect(rejectName(await client.mint(seriesId, 10))).toBe('NONE');
  const ack = await client.newOrder({ seriesId, clientOrderId: 1, side: wire.Side.SELL, timeInForce: wire.TimeInForce.GTC, priceMicros: Number(series.maxPriceMicros), qty: 4 });
  expect(rejectName(ack)).toBe('NONE');
  expect((await client.openOrders(seriesId)).length).toBe(1);
  return { client, seriesId };
}

/** Minting without a catalog listing: an operator's parameter, journaled like any. */
async function allowMintWithoutListing(port: number): Promise<void> {
  const set = await fetch(`http://127.0.0.1:${port}/operator/params/risk.mintRequiresListing`, { method: 'PUT', headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ value: 0 }) });
  expect(set.status).toBe(200);
}

/** Logs in again (no flag), reads what rests and the position, and leaves. */
async function lookAgain(port: number, wallet: Wallet, seriesId: number): Promise<{ open: number; available: number; held: number }> {
  const client = await TradingClient.connect(url(port), { wallet, role: wire.Role.PROVIDER, existingOnly: true });
  const open = (await client.openOrders(seriesId)).length;
  const position = (await client.account()).positions!.find((p) => Number(p.seriesId) === seriesId)!;
  await client.close();
  return { open, available: Number(position.available ?? 0), held: Number(position.held ?? 0) };
}

/** Every journaled command of the data dir with its seq and events (the service stopped). */
async function journaled(dataDir: string): Promise<Array<{ seq: number; kind: number; actor: number; accountId?: number; events: EngineEvent[] }>> {
  const journal = Journal.open(dataDir, { durability: 'commit', readOnly: true });
  const engine = new Engine();
  const out: Array<{ seq: number; kind: number; actor: number; accountId?: number; events: EngineEvent[] }> = [];
  for (const batch of journal.read(1)) {
    batch.commands.forEach((cmd, i) => {
      const events: EngineEvent[] = [];
      engine.apply(cmd, batch.firstSeq + i, batch.timeMs, events);
      out.push({ seq: batch.firstSeq + i, kind: cmd.kind, actor: cmd.actor, ...('accountId' in cmd ? { accountId: cmd.accountId } : {}), events });
    });
  }
  await journal.close();
  return out;
}

function newDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-cod-restart-'));
  dirs.push(dir);
  return dir;
}

describe('cancel-on-disconnect when the exchange stops', () => {
  it('kill -9, then a start on the same data dir: the session’s order is cancelled (CANCEL_ON_DISCONNECT) before orders are taken; a session without the flag keeps its order', async () => {
    const dir = newDir();
    const port = await freePort();
    const first = await start(dir, port);
    await allowMintWithoutListing(port);
    const codWallet = testWallet(9101);
    const keepWallet = testWallet(9102);
    const cod = await restAsk(port, codWallet, true);
    const keep = await restAsk(port, keepWallet, false);
    const codAccount = cod.client.accountId;

    first.child.kill('SIGKILL');
    await first.exited;
    cod.client.socket.terminate();
    keep.client.socket.terminate();

    const second = await start(dir, port);
    expect(await lookAgain(port, codWallet, cod.seriesId)).toEqual({ open: 0, available: 10, held: 0 });
    expect(second.output()).toContain('cancel-on-disconnect sessions lost with the last run ended');
    expect((await lookAgain(port, keepWallet, keep.seriesId)).open).toBe(1);
    second.child.kill('SIGINT');
    await second.exited;

    // The journal: the system ended the account's session and cancelled its ask with the reason, nothing of the other.
    const commands = await journaled(dir);
    const ends = commands.filter((c) => c.kind === CommandKind.END_CANCEL_ON_DISCONNECT);
    expect(ends.map((c) => [c.actor, c.accountId])).toEqual([[0, codAccount]]);
    const cancels = ends[0]!.events.filter((e) => e.type === EventType.ORDER_CANCELED);
    expect(cancels.map((e) => e.type === EventType.ORDER_CANCELED && [e.accountId, e.canceledQty, e.reason])).toEqual([[codAccount, 4, CancelReason.CANCEL_ON_DISCONNECT]]);
    const arms = commands.filter((c) => c.kind === CommandKind.ARM_CANCEL_ON_DISCONNECT);
    expect(arms.map((c) => c.accountId)).toEqual([codAccount]);
    // Armed before the session's first order.
    const firstOrder = commands.find((c) => c.kind === CommandKind.NEW_ORDER && c.actor === codAccount)!;
    expect(arms[0]!.seq).toBeLessThan(firstOrder.seq);
  }, 300_000);

  it('a clean stop (SIGINT) cancels through the session’s close, and the next start cancels nothing more', async () => {
    const dir = newDir();
    const port = await freePort();
    const first = await start(dir, port);
    await allowMintWithoutListing(port);
    const wallet = testWallet(9103);
    const cod = await restAsk(port, wallet, true);
    const account = cod.client.accountId;
    first.child.kill('SIGINT');
    await first.exited;
    expect(first.child.exitCode).toBe(0);

    const second = await start(dir, port);
    expect(second.output()).not.toContain('cancel-on-disconnect sessions lost');
    expect(await lookAgain(port, wallet, cod.seriesId)).toEqual({ open: 0, available: 10, held: 0 });
    second.child.kill('SIGINT');
    await second.exited;

    const ends = (await journaled(dir)).filter((c) => c.kind === CommandKind.END_CANCEL_ON_DISCONNECT);
    // One end, the session's own at its close: none by the system at the restart.
    expect(ends.map((c) => [c.actor, c.accountId, c.events.filter((e) => e.type === EventType.ORDER_CANCELED).length])).toEqual([[account, account, 1]]);
  }, 300_000);
});
