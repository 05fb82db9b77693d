/**
 * The whole service on loopback for catalog tests: real LMDB in a temporary directory, the
 * gateway on a free port, a clock the test may move forward (`advance`), wallet-signed
 * requests stamped with that clock, and the operator API.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { signedRequest } from '../../src/client/index.js';
import { loadConfig, type Config } from '../../src/app/config.js';
import { CommandKind, EventType, SYSTEM_ACTOR, type Role } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { startService, type Service } from '../../src/app/service.js';

export interface Reply {
  status: number;
  body: Record<string, unknown>;
}

export interface CatalogWorld {
  svc: Service;
  dir: string;
  config: Config;
  now(): number;
  /** Moves the service's clock forward. */
  advance(ms: number): void;
  account(role: Role): Promise<{ wallet: Wallet; id: number }>;
  signed(wallet: Wallet, method: string, urlPath: string, body?: unknown): Promise<Reply>;
  get(urlPath: string): Promise<Reply>;
  operator(method: string, urlPath: string, body?: unknown): Promise<Reply>;
  /** Stops the service and starts it again on the same data directory (and clock). */
  restart(): Promise<void>;
  /** Stops the service and removes its directory. */
  close(): Promise<void>;
}

/** The catalog tests' service: `dir`, ports 0, settlement off, no periodic snapshots, the quoter on or off; `overrides` merged over. */
export function catalogConfig(dir: string, quoting: boolean, overrides: Record<string, unknown> = {}): Config {
  return loadConfig({}, overrides, {
    dataDir: dir,
    sequencer: { snapshotEveryCommands: 0, snapshotEveryMs: 0 },
    quoting: { enabled: quoting, brokerFloatPat: 10_000, tickMs: 60_000, params: {} },
    gateway: { port: 0, marketDataPort: 0 },
    settlement: { enabled: false },
  });
}

/** That service started in a fresh directory named by `prefix` (a test stops it and removes `dir`). */
export async function startCatalogService(prefix: string, quoting: boolean, overrides: Record<string, unknown> = {}): Promise<{ dir: string; config: Config; svc: Service }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `patx-${prefix}-`));
  const config = catalogConfig(dir, quoting, overrides);
  return { dir, config, svc: await startService(config, createLogger('silent')) };
}

/** A fresh wallet's account, opened by the system with `role` (throws if it is not opened). */
export async function openWalletAccount(svc: Service, role: Role): Promise<{ wallet: Wallet; id: number }> {
  const wallet = Wallet.createRandom() as unknown as Wallet;
  const result = await svc.sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role, address: wallet.address.toLowerCase() });
  const opened = result.events.find((e) => e.type === EventType.ACCOUNT_OPENED);
  if (opened === undefined) throw new Error('account not opened');
  return { wallet, id: opened.accountId };
}

/** A public GET of the gateway at `base`: its status and JSON body. */
export async function getJson(base: string, urlPath: string): Promise<Reply> {
  const res = await fetch(base + urlPath);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** `modelFeedBurnInDays`: a model feed's burn-in before publication (default 0, off: the tests that are not about it publish at once). */
export async function startCatalogWorld(opts: { quoting?: boolean; modelFeedBurnInDays?: number } = {}): Promise<CatalogWorld> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-catalog-world-'));
  const config = catalogConfig(dir, opts.quoting ?? false, { modelFeeds: { burnInDays: opts.modelFeedBurnInDays ?? 0 } });
  let offsetMs = 0;
  const now = (): number => Date.now() + offsetMs;
  const logger = createLogger('silent');
  let svc = await startService(config, logger, now);
  const base = (): string => `http://127.0.0.1:${svc.gateway.port}`;
  const world: CatalogWorld = {
    get svc() {
      return svc;
    },
    dir,
    config,
    now,
    advance(ms) {
      offsetMs += ms;
    },
    account(role) {
      return openWalletAccount(svc, role);
    },
    signed(wallet, method, urlPath, body) {
      return signedRequest(base(), wallet, method, urlPath, body, { timeMs: now() });
    },
    get(urlPath) {
      return getJson(base(), urlPath);
    },
    async operator(method, urlPath, body) {
      const r = await svc.operatorApi.handle({ method, path: urlPath.split('?')[0]!, body, query: new URLSearchParams(urlPath.split('?')[1] ?? ''), operator: 'admin' });
      return { status: r.status, body: r.body as Record<string, unknown> };
    },
    async restart() {
      await svc.stop();
      svc = await startService(config, logger, now);
    },
    async close() {
      await svc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}
