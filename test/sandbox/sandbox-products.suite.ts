/**
 * The sandbox end to end (issue 55, item 4), on a real local chain and the real wall clock: no
 * clock shim. The service runs in the sandbox profile with one-minute windows
 * (SANDBOX_TEST_CONTRACTS), the embedded chain's council votes phases 3 and 4, and the demo
 * traders trade every product through the gateway. Within a few windows the test sees a spot
 * window close, a forward delivered at its window's open, a synthetic and an option paid at
 * the index with the batch carrying that cash recorded by the vault, and reconciliation (in
 * the service and `patx reconcile` beside it) clean.
 *
 * Wall time: about 2–4 minutes (the windows' own minutes, plus the start on a loaded machine), run beside
 * usage-refund.suite.ts by test/sandbox/minute-windows.test.ts: both mostly wait for the clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventType, SeriesKind, type EngineEvent } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { startSandboxService, type Milestone, type MilestoneKind, type SandboxService } from '../../src/sandbox/index.js';
import { patxJson } from '../support/patx-cli.js';

/** Generous: the machine is shared, and each product needs its window to pass. */
const MILESTONES_WAIT_MS = 6 * 60_000;

let dataDir: string;
let sb: SandboxService;
const released: EngineEvent[] = [];

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} not seen within ${ms / 1000} s; reached: ${sb.milestones.reached.map((m) => m.kind).join(', ') || 'nothing'}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Registers the suite: its own sandbox, started and stopped by its hooks (test/sandbox/minute-windows.test.ts runs it). */
export function sandboxProductsSuite(): void {
  describe('the sandbox (npm run sandbox) on one-minute windows', () => {
    beforeAll(async () => {
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'patx-sandbox-'));
      sb = await startSandboxService({ dataDir, logger: createLogger(process.env.PATX_TEST_LOG ?? 'silent') });
      sb.service.sequencer.onRelease((batch) => released.push(...batch.events.filter((e) => e.type === EventType.FORWARD_DELIVERED || e.type === EventType.SYNTHETIC_SETTLED)));
    }, 180_000);

    afterAll(async () => {
      await sb?.stop();
      if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
    }, 120_000);

    it('closes a spot window, delivers a forward at its open, cash-settles a synthetic and an option on-chain, and reconciles clean', async () => {
      const kinds: MilestoneKind[] = ['spot-window-closed', 'forward-delivered', 'synthetic-settled-on-chain', 'option-settled-on-chain'];
      const [closed, forward, synthetic, option] = (await within(Promise.all(kinds.map((k) => sb.milestones.first(k))), MILESTONES_WAIT_MS, 'every milestone')) as [Milestone, Milestone, Milestone, Milestone];
      const { engine, settlement } = sb.service;

      // The phases were voted on-chain and reached the engine: the cash-settled products listed behind them.
      expect(engine.governancePhase).toBe(4);
      expect(engine.seriesById(closed.seriesId)!.spec.kind).toBe(SeriesKind.SPOT);
      expect(engine.seriesById(closed.seriesId)!.spec.closeAtMs).toBeLessThanOrEqual(Date.now());

      // A buyer other than the broker received spot rights at the forward's open.
      expect(engine.seriesById(forward.seriesId)!.spec.kind).toBe(SeriesKind.FORWARD);
      const received = released.filter((e) => e.type === EventType.FORWARD_DELIVERED && e.seriesId === forward.seriesId && e.accountId !== engine.brokerId && e.positionQty > 0);
      expect(received.reduce((n, e) => n + (e.type === EventType.FORWARD_DELIVERED ? e.deliveredQty : 0), 0)).toBe(forward.qty);
      expect(forward.qty).toBeGreaterThan(0);

      // A synthetic and an option (call or put) paid at the published index, the batch carrying the cash recorded on-chain.
      expect(engine.seriesById(synthetic.seriesId)!.spec.kind).toBe(SeriesKind.SYNTHETIC);
      expect([SeriesKind.CALL, SeriesKind.PUT]).toContain(engine.seriesById(option.seriesId)!.spec.kind);
      for (const m of [synthetic, option]) {
        const paid = released.filter((e) => e.type === EventType.SYNTHETIC_SETTLED && e.seriesId === m.seriesId && e.accountId !== engine.brokerId && e.positionQty !== 0);
        expect(paid.length).toBe(m.qty);
        for (const e of paid) if (e.type === EventType.SYNTHETIC_SETTLED) expect(e.indexMicros).toBe(m.indexMicros);
        const record = settlement!.store.outbox(m.batchId!)!;
        expect(record.state).toBe('recorded');
        expect(record.batch.throughSeq).toBeGreaterThanOrEqual(m.seq);
        const receipt = await settlement!.provider.getTransactionReceipt(m.txHash!);
        expect(receipt?.status).toBe(1);
      }

      // Reconciliation: the vault and the registry against the ledger, in the service and with the CLI beside it.
      // The demo stops first and a batch is cut of what it left, so no fill is in flight; a batch the schedule's
      // own expiries cut meanwhile can be, so a mismatch must go within a few attempts.
      await sb.demo.stop();
      let report = await settlement!.reconcile();
      for (let attempt = 0; attempt < 5 && !report.ok; attempt++) {
        await settlement!.settleNow();
        await new Promise((r) => setTimeout(r, 2_000));
        report = await settlement!.reconcile();
      }
      expect(report.mismatches).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.accounts).toBeGreaterThan(3);
      const cli = await patxJson(dataDir, 'reconcile');
      expect(cli.stderr).toBe('');
      expect(cli.status).toBe(0);
      expect(JSON.parse(cli.stdout)).toMatchObject({ ok: true, mismatches: [] });
    }, MILESTONES_WAIT_MS + 240_000);
  });
}
