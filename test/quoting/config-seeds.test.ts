/**
 * `quoting.params` across restarts (src/quoting/config-seeds.ts), on a real service and LMDB journal: a value the
 * config changed between two starts is applied when the engine still holds what the config set last; one an
 * operator set since is kept, and the start warns. Before, the first start's own seed counted as an operator's and
 * every later change of the config file was silently ignored (an operator review, 2026-12-01).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/app/config.js';
import { startService } from '../../src/app/service.js';
import { CommandKind, EventType } from '../../src/engine/index.js';
import { pino } from 'pino';

const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-config-seeds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NOW = Date.UTC(2026, 11, 1, 12);

function configWith(params: Record<string, number>): Config {
  return loadConfig({}, {
    dataDir: dir,
    gateway: { port: 0, marketDataPort: 0 },
    sequencer: { snapshotEveryCommands: 0, snapshotEveryMs: 0 },
    demo: { enabled: false },
    providerServer: { enabled: false },
    quoting: { enabled: true, params },
    settlement: { enabled: false },
  });
}

async function startWith(params: Record<string, number>, lines: string[] = []): Promise<Awaited<ReturnType<typeof startService>>> {
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
  return startService(configWith(params), logger, () => NOW);
}

describe('config parameter seeds across restarts', () => {
  it("applies a changed config value the config set before, keeps an operator's, and says so", async () => {
    let svc = await startWith({ 'risk.maxOrderQty': 10_000 });
    expect(svc.engine.params.get('risk.maxOrderQty')).toBe(10_000);
    await svc.stop();

    svc = await startWith({ 'risk.maxOrderQty': 7_777 });
    expect(svc.engine.params.get('risk.maxOrderQty')).toBe(7_777);
    // An operator sets it.
    const operator = svc.engine.accounts.findIndex((a) => a !== undefined && a.role === 5);
    const set = await svc.sequencer.submit({ kind: CommandKind.SET_PARAM, actor: operator, name: 'risk.maxOrderQty', value: 4_321 });
    expect(set.events.some((e) => e.type === EventType.PARAM_CHANGED)).toBe(true);
    await svc.stop();

    const lines: string[] = [];
    svc = await startWith({ 'risk.maxOrderQty': 5_555 }, lines);
    expect(svc.engine.params.get('risk.maxOrderQty')).toBe(4_321);
    expect(lines.join('\n')).toContain('a parameter of the config is not applied');
    await svc.stop();
  }, 60_000);
});
