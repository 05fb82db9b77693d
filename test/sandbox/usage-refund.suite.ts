/**
 * A usage grant in the sandbox as a user walks it (issue 81, item 7; docs/sandbox.md, "Tiers, usage
 * and organisations in minutes"), on the real wall clock, a real local chain and the CLI: the demo's
 * HOME_INTENT listing sells usage (100 records a right) on one-minute windows; a wallet deposits PAT
 * on-chain (`patx deposit`), buys a right, exercises it, downloads 30 of its 100 records at the
 * demo provider's gate, and when the window has closed and the dispute window has passed the
 * sweeper refunds the unused 70's share: `patx grants` shows 30 used, 70 left and the refund, and
 * the account's free PAT grew by it. The operator first sets the dispute window to 20 s
 * (`patx params set`, journaled as any change): the sandbox's own 2 minutes are a user's wait,
 * not what this test checks (test/sandbox/profile.test.ts checks the sandbox seeds them).
 *
 * Wall time: about 1.5 minutes (the start, a window, the dispute window), run beside
 * sandbox-products.suite.ts by test/sandbox/minute-windows.test.ts: both mostly wait for the clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadWithGrant, getMyGrant } from '../../src/client/index.js';
import { HARDHAT_KEYS } from '../../src/settlement/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { SANDBOX_TEST_CONTRACTS, startSandboxService, type SandboxService } from '../../src/sandbox/index.js';
import { patxInProcess } from '../support/patx-cli.js';

const HOME = 'HOME_INTENT|1m|0.75-0.90';
/** The demo's dev wallet 4 (not one of the demo's traders). */
const KEY = ['--dev-key', '4'];
const TOKEN = 'usage-refund-operator-token-0123456789';
/** The dispute window the operator sets: fixed per grant at its exercise. */
const DISPUTE_MS = 20_000;

let dataDir: string;
let dir: string;
let sb: SandboxService;
let env: Record<string, string | undefined>;

const cli = (args: string[]) => patxInProcess(args, env);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Line {
  grantId: number;
  unit: string;
  used: number;
  left: number;
  total: number;
  escrow: string;
  refundMicros: number | null;
}

async function grantLine(grantId: number): Promise<Line | undefined> {
  const r = await cli(['--json', 'grants', ...KEY]);
  expect(r.code, r.err).toBe(0);
  return (JSON.parse(r.out) as { grants: Line[] }).grants.find((g) => g.grantId === grantId);
}

/** Registers the suite: its own sandbox, started and stopped by its hooks (test/sandbox/minute-windows.test.ts runs it). */
export function usageRefundSuite(): void {
  describe('the sandbox: a usage grant refunded at its end (minute windows, from the CLI)', () => {
    beforeAll(async () => {
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'patx-sandbox-usage-'));
      dir = mkdtempSync(path.join(os.tmpdir(), 'patx-sandbox-usage-out-'));
      // The test contract of one-minute windows, and a HOME_INTENT one of spot only: the demo offers usage on HOME_INTENT's listing.
      const contracts = [...SANDBOX_TEST_CONTRACTS, { ...SANDBOX_TEST_CONTRACTS[0]!, contract: HOME, forwardWindows: 0, synthetics: false, options: false }];
      sb = await startSandboxService({ dataDir, contracts, logger: createLogger(process.env.PATX_TEST_LOG ?? 'silent'), overrides: { gateway: { port: 0, marketDataPort: 0, operatorToken: TOKEN } } });
      env = { PATX_URL: `http://127.0.0.1:${sb.service.gateway.port}`, PATX_PROFILE: undefined };
    }, 180_000);

    afterAll(async () => {
      await sb?.stop();
      for (const d of [dataDir, dir]) if (d !== undefined) rmSync(d, { recursive: true, force: true });
    }, 120_000);

    it('buys, exercises, downloads part of the records; the unused part is refunded when the dispute window ends', { timeout: 9 * 60_000 }, async () => {
      const set = await cli(['--token', TOKEN, 'params', 'set', 'risk.disputeWindowMs', String(DISPUTE_MS)]);
      expect(set.code, set.err).toBe(0);
      const deposit = await cli(['deposit', '20', ...KEY]);
      expect(deposit.code, deposit.err).toBe(0);

      // A right of the usage listing at the broker's ask (the demo provider sells into each window; the broker asks once it holds some).
      let grantId = 0;
      for (let tries = 0; tries < 40 && grantId === 0; tries++) {
        const buy = await cli(['buy', HOME, '1', '--yes', ...KEY]);
        if (buy.code === 0 && /filled 1 @/.test(buy.out)) {
          const ex = await cli(['exercise', HOME, '1', ...KEY]);
          if (ex.code === 0) grantId = Number(/^next: patx download (\d+)/m.exec(ex.out)?.[1] ?? 0);
          expect(ex.out).toContain('usage: 100 records a right');
        } else await sleep(3_000);
      }
      expect(grantId, 'a usage grant').toBeGreaterThan(0);

      const out = path.join(dir, 'part.jsonl');
      const d = await cli(['download', String(grantId), '--qty', '30', '--out', out, ...KEY]);
      expect(d.code, d.err).toBe(0);
      expect(d.err).toMatch(/30 record\(s\).*70 records left \(usage: 30 of 100 records used\)/);

      // The exchange's count follows the gate's signed statement.
      let line: Line | undefined;
      for (let i = 0; i < 30 && line?.used !== 30; i++, await sleep(1_000)) line = await grantLine(grantId);
      expect(line).toMatchObject({ unit: 'records', used: 30, left: 70, total: 100, escrow: 'held', refundMicros: null });

      // The window closes within a minute, the dispute window 20 s after: the sweeper settles the grant.
      const escrow = sb.service.engine.escrow.grants.get(grantId)!;
      const held = escrow.heldMicros;
      expect(escrow.disputeEndsAtMs - Date.now()).toBeLessThan(60_000 + DISPUTE_MS);
      // Read every second (up to 450 times: the 7.5 minutes the test allowed before at 5 s), so the refund is seen within a second of it.
      for (let i = 0; i < 450 && (line?.refundMicros ?? null) === null; i++, await sleep(1_000)) line = await grantLine(grantId);
      expect(line).toMatchObject({ used: 30, left: 0, escrow: 'refunded' });
      expect(line!.refundMicros).toBe(Math.floor((held * 70) / 100));

      // The 70 refunded records are no longer the consumer's: the CLI says so, and the provider's gate, once it read the
      // exchange's revocations (every 5 s), refuses them REVOKED (the grant outlives its 20 s dispute window by a day).
      const again = await cli(['download', String(grantId), '--qty', '1', ...KEY]);
      expect(again.code).toBe(1);
      expect(again.err.trim()).toBe(`patx: GRANT_REFUNDED: grant ${grantId}'s use has ended: 30 of its 100 records used, the rest refunded to you`);
      const wallet = new Wallet(HARDHAT_KEYS[4]!);
      const view = await getMyGrant({ url: env.PATX_URL!, wallet }, grantId);
      let asked: Awaited<ReturnType<typeof downloadWithGrant>> | undefined;
      for (let i = 0; i < 20 && (asked === undefined || asked.outcome !== 'refused'); i++, await sleep(1_000)) {
        // Served until the server's next read of the feed (at most its 5 s poll after the refund), then refused.
        asked = await downloadWithGrant(env.PATX_URL!, wallet, { grant: view.grant, signature: view.signature }, 1, { report: false });
      }
      expect(asked).toMatchObject({ outcome: 'refused', status: 410, error: 'REVOKED' });
    });
  });
}
