/**
 * What the subscription tests set up on a running service, through its sequencer as the
 * system would: accounts, PAT, and a broker with rights to sell at a known ask (a provider
 * mints and sells to the broker's bid, the broker asks them on). One copy for the HTTP,
 * client, CLI and console tests.
 */
import { loadConfig, type Config } from '../../src/app/config.js';
import { CommandKind, EventType, Role as RoleValue, SeriesKind, Side, SYSTEM_ACTOR, TimeInForce, type Command, type EngineEvent, type Role, type Series } from '../../src/engine/index.js';
import { openSpots } from './spot-windows.js';
import type { Service } from '../../src/app/service.js';

/** Submits a command; throws on a refusal (setup must not half-happen). */
export async function send(service: Service, cmd: Command): Promise<EngineEvent[]> {
  const r = await service.sequencer.submit(cmd);
  const refused = r.events.find((e) => e.type === EventType.COMMAND_REJECTED || e.type === EventType.ORDER_REJECTED);
  if (refused !== undefined) throw new Error(`refused: ${JSON.stringify(refused)}`);
  return r.events;
}

export async function openAccount(service: Service, role: Role, address: string): Promise<number> {
  const ev = await send(service, { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role, address });
  return ev.find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
}

let refs = 0;
export async function credit(service: Service, accountId: number, wei: bigint): Promise<void> {
  await send(service, { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId, amountWei: wei, ref: `subscription-market-${process.pid}-${refs++}` });
}

export function order(actor: number, seriesId: number, side: Side, priceMicros: number, qty: number, tif: TimeInForce = TimeInForce.GTC): Command {
  return { kind: CommandKind.NEW_ORDER, actor, seriesId, clientOrderId: 0, side, orderType: 1, tif, priceMicros, qty, expireAtMs: 0, postOnly: false, stp: 1 };
}

/** The provider sells `qty` to the broker at 0.5 PAT, and the broker asks them at `askMicros` (0.8 PAT). */
export async function stockBroker(service: Service, providerId: number, seriesId: number, qty = 50, askMicros = 800_000): Promise<void> {
  const broker = service.engine.brokerId;
  await send(service, { kind: CommandKind.DECLARE_CAPACITY, actor: providerId, seriesId, capacity: 1_000 });
  await send(service, { kind: CommandKind.MINT, actor: providerId, seriesId, qty });
  await send(service, order(providerId, seriesId, Side.SELL, 500_000, qty));
  await send(service, order(broker, seriesId, Side.BUY, 500_000, qty, TimeInForce.IOC));
  await send(service, order(broker, seriesId, Side.SELL, askMicros, qty));
}

/** The spot series of `contract` the schedule listed opening at `openAtMs` (throws if none). */
export function scheduledSpot(service: Service, contract: string, openAtMs: number): number {
  const series = service.engine.series.find((x) => x !== undefined && x.spec.contract === contract && x.spec.kind === SeriesKind.SPOT && x.spec.openAtMs === openAtMs);
  if (series === undefined) throw new Error(`no ${contract} window opening at ${new Date(openAtMs).toISOString()}`);
  return series.id;
}

/** The trading spot window open at `nowMs` with the most time left (on the wall clock a window may be about to close). */
export function longestOpenSpot(service: Service, nowMs: number): Series {
  return openSpots(service.engine, nowMs)[0]!;
}

/** A service with nothing running by itself: settlement, the quoter and the demo off, the schedule run by the test, ports 0. */
export function quietConfig(dataDir: string, gateway: Record<string, unknown> = {}): Config {
  return loadConfig({}, { dataDir, gateway: { port: 0, marketDataPort: 0, ...gateway }, scheduleIntervalMs: 3_600_000, settlement: { enabled: false }, quoting: { enabled: false, brokerFloatPat: 10_000, tickMs: 60_000, params: {} }, demo: { enabled: false } });
}

/**
 * A subscriber, a stranger and a provider; the schedule run, so `contract`'s window opening at
 * `openAtMs` is listed; PAT for the broker and the subscriber; the broker asking 50 at 0.8 there.
 */
export async function subscriptionWorld(service: Service, wallets: { consumer: string; stranger: string; provider: string }, contract: string, openAtMs: number): Promise<{ consumer: number; stranger: number; provider: number; current: number }> {
  const consumer = await openAccount(service, RoleValue.CONSUMER, wallets.consumer.toLowerCase());
  const stranger = await openAccount(service, RoleValue.CONSUMER, wallets.stranger.toLowerCase());
  const provider = await openAccount(service, RoleValue.PROVIDER, wallets.provider.toLowerCase());
  await service.runSchedule();
  const current = scheduledSpot(service, contract, openAtMs);
  for (const accountId of [service.engine.brokerId, consumer]) await credit(service, accountId, 10n ** 21n);
  await stockBroker(service, provider, current);
  return { consumer, stranger, provider, current };
}
