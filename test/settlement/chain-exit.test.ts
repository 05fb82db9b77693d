/**
 * The embedded chain dying under a running exchange is said at once (src/settlement/settlement-chain.ts): an
 * `embedded-chain-exited` alarm and a level-50 line. Before, a `kill -9` of anvil left only the watcher's and the
 * settler's level-40 ECONNREFUSED lines, each turn, and nothing said the chain was gone (an audit, 2026-12-05).
 * A real anvil, killed for real; its stop, asked for, raises nothing.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AlarmInput, AlarmName, AlarmSink } from '../../src/runtime/health.js';
import pino, { type Logger } from 'pino';
import { SETTLEMENT_DEFAULTS } from '../../src/settlement/config.js';
import { openChain } from '../../src/settlement/settlement-chain.js';
import { removeDir, until } from '../support/exchange-fixture.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-chain-exit-'));
afterAll(() => removeDir(dir));

function recordingAlarms(): AlarmSink & { raised: { name: AlarmName; alarm: AlarmInput }[] } {
  const raised: { name: AlarmName; alarm: AlarmInput }[] = [];
  return { raised, raise: (name, alarm) => void raised.push({ name, alarm }), clear: () => undefined };
}

function capturedLog(): { lines: string[]; log: Logger } {
  const lines: string[] = [];
  return { lines, log: pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }) };
}

const config = { ...SETTLEMENT_DEFAULTS, localChainPort: 0, localBlockIntervalMs: 60_000 };

describe('the embedded chain exiting while the exchange runs', () => {
  it('a kill -9 of anvil raises embedded-chain-exited (critical) and logs it at level 50, naming the signal', async () => {
    const alarms = recordingAlarms();
    const { lines, log } = capturedLog();
    const { localChain } = await openChain(config, path.join(dir, 'killed'), {}, log, alarms);
    try {
      expect(localChain).toBeDefined();
      process.kill(localChain!.pid, 'SIGKILL');
      await until(() => alarms.raised.length > 0, 'the alarm', 10_000);
      expect(alarms.raised.map((r) => r.name)).toEqual(['embedded-chain-exited']);
      expect(alarms.raised[0]!.alarm.summary).toContain('SIGKILL');
      const line = lines.map((l) => JSON.parse(l) as { level: number; alarm?: string; msg: string }).find((l) => l.alarm === 'embedded-chain-exited');
      expect(line?.level).toBe(50);
      expect(line?.msg).toContain('withdrawals wait until the exchange restarts');
    } finally {
      await localChain?.stop();
    }
  }, 90_000);

  it('its stop, asked for, raises nothing', async () => {
    const alarms = recordingAlarms();
    const { lines, log } = capturedLog();
    const { localChain } = await openChain(config, path.join(dir, 'stopped'), {}, log, alarms);
    await localChain!.stop();
    await new Promise((resolve) => setTimeout(resolve, 200)); // any exit handler has run
    expect(alarms.raised).toEqual([]);
    expect(lines.filter((l) => l.includes('embedded-chain-exited'))).toEqual([]);
  }, 90_000);
});
