/**
 * The start's warm-ups: the rehearsal on a scratch exchange over loopback sockets
 * (src/app/rehearsal.ts) and the order path's last warm-up on a scratch engine
 * (src/app/order-path-warm-up.ts). Real LMDB files in a temporary directory, a real uWS
 * server on 127.0.0.1, real wallet logins; nothing of the exchange is touched.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/app/config.js';
import { warmOrderPath } from '../../src/app/order-path-warm-up.js';
import { rehearseOrderPath } from '../../src/app/rehearsal.js';
import { startService } from '../../src/app/service.js';
import { createLogger, type Logger } from '../../src/runtime/log.js';

const NOW = Date.UTC(2026, 10, 21, 12);
const logger = createLogger('silent');
const dirs: string[] = [];

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function serviceConfig(warmUpOrders: number, rehearsalOrders = 0): Config {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'patx-warm-up-test-'));
  dirs.push(dataDir);
  return loadConfig({}, {
    dataDir,
    warmUpOrders,
    rehearsalOrders,
    gateway: { port: 0, marketDataPort: 0 },
    sequencer: { snapshotEveryCommands: 0, snapshotEveryMs: 0 },
    quoting: { enabled: false },
    settlement: { enabled: false },
  });
}

/** The warm-ups' scratch directories left in the temporary directory `tmp`. */
const scratchDirs = (tmp: string): string[] => readdirSync(tmp).filter((name) => name.startsWith('patx-rehearsal-') || (name.startsWith('patx-warm-up-') && !name.startsWith('patx-warm-up-test-')));

/** Runs `body` with os.tmpdir() answering `tmp` (it reads TMPDIR at each call). */
async function withTmpdir<T>(tmp: string, body: () => Promise<T>): Promise<T> {
  const before = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  try {
    return await body();
  } finally {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  }
}

/** A logger that keeps what it writes, for the warn lines. */
function keptLogger(): { log: Logger; text: () => string } {
  const lines: string[] = [];
  return { log: pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) }), text: () => lines.join('') };
}

describe('the order path warm-up', () => {
  it('runs orders through a scratch engine and journal, trading, and leaves no scratch directory behind', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'patx-warm-up-test-'));
    dirs.push(tmp);
    const config = serviceConfig(3_000);
    const report = await withTmpdir(tmp, () => warmOrderPath(config, logger));
    expect(report).toMatchObject({ orders: 3_000 });
    // Crossing orders fill against the broker's resting ones: the matching path ran, not only order entry.
    expect(report!.fills).toBeGreaterThan(100);
    expect(scratchDirs(tmp)).toEqual([]);
  });

  it('rehearses orders on a scratch exchange over loopback sessions, filling, and leaves no scratch directory behind', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'patx-warm-up-test-'));
    dirs.push(tmp);
    const config = serviceConfig(0, 400);
    const report = await withTmpdir(tmp, () => rehearseOrderPath(config, logger));
    expect(report).toMatchObject({ orders: 400 });
    // A tenth are IOC buys at the broker's ask, each filled over the wire (plus the setup's one).
    expect(report!.fills).toBeGreaterThan(20);
    expect(scratchDirs(tmp)).toEqual([]);
  });

  it('does nothing when warmUpOrders and rehearsalOrders are 0', async () => {
    expect(await warmOrderPath(serviceConfig(0), logger)).toBeUndefined();
    expect(await rehearseOrderPath(serviceConfig(0), logger)).toBeUndefined();
  });

  it('that fails is logged and the start goes on without it', async () => {
    const config = serviceConfig(1_000, 1_000);
    const missing = path.join(os.tmpdir(), 'patx-warm-up-test-missing', 'nested');
    const warm = keptLogger();
    expect(await withTmpdir(missing, () => warmOrderPath(config, warm.log))).toBeUndefined();
    expect(warm.text()).toContain('order path warm-up failed; starting cold');
    const rehearsal = keptLogger();
    expect(await withTmpdir(missing, () => rehearseOrderPath(config, rehearsal.log))).toBeUndefined();
    expect(rehearsal.text()).toContain('order path rehearsal failed; starting without it');
  });

  it('a start after both warm-ups journals exactly what a start without them does (nothing of the exchange is touched)', async () => {
    const outcomes: Array<{ seq: number; hash: string }> = [];
    for (const warmUp of [true, false]) {
      const config = serviceConfig(2_000, 200);
      if (warmUp) await rehearseOrderPath(config, logger);
      const service = await startService(config, logger, () => NOW, { warmUp });
      outcomes.push({ seq: service.engine.lastSeq, hash: service.sequencer.stateHash() });
      await service.stop();
    }
    expect(outcomes[0]!.seq).toBeGreaterThan(0);
    expect(outcomes[0]).toEqual(outcomes[1]);
  });
});
