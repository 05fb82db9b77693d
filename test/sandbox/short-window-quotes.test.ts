/**
 * The broker quotes both sides of the sandbox's windows of minutes (docs/sandbox.md, "The
 * broker's pace"; docs/pricing.md, "Expiring inventory"): with the sandbox profile's
 * parameters a fresh 3-minute window gets a bid from its open through its first half, so a
 * provider can sell into it and the broker has rights to ask for; with the defaults' pace (30
 * sales an hour, weighed as one quoted hour) the expiry rule lets it buy one right at most and
 * none from a third of the window on. And what subscribers are still to buy in a window of
 * minutes counts whole in its expected sales. The running service with the sandbox's contracts
 * and quoting parameters, its clock the test's (no wall-clock waiting).
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { CommandKind, EventType, Role, SeriesKind, SubscriptionDelivery, SubscriptionTrigger, SYSTEM_ACTOR, type Series } from '../../src/engine/index.js';
import { SANDBOX_CONTRACTS, sandboxProfile } from '../../src/sandbox/index.js';
import type { Service } from '../../src/app/service.js';
import { OPERATOR, quoteTurn, send, useQuotingService } from '../support/quoting-service.js';

const qs = useQuotingService('patx-sandbox-quotes-');
const SHORT = 'AUTO_INTENT|3m|0.85-1.00';
const SECOND_MS = 1_000;
const PAT = 1_000_000;
/** 11:00 UTC: a 3-, 5- and 10-minute window all open now. */
const OPEN = Date.UTC(2026, 10, 26, 11, 0, 0);

/** The sandbox's configuration (its contracts and quoting parameters) on this test's directory: off-chain, no demo, free ports. */
function useSandboxConfig(): void {
  qs.config = loadConfig(
    {},
    {
      dataDir: qs.dir,
      sequencer: { maxBatchCommands: 64, maxQueuedCommands: 10_000, maxUncommittedCommands: 1024, snapshotEveryCommands: 0, snapshotEveryMs: 0 },
      quoting: { enabled: true, brokerFloatPat: 10_000, tickMs: 60_000 },
      gateway: { port: 0, marketDataPort: 0 },
      providerServer: { enabled: false },
      settlement: { enabled: false },
      demo: { enabled: false },
    },
    sandboxProfile(),
  );
}

function spotOf(svc: Service, openAtMs: number): Series {
  const s = svc.engine.series.find((x) => x !== undefined && x.spec.contract === SHORT && x.spec.kind === SeriesKind.SPOT && x.spec.openAtMs === openAtMs);
  if (s === undefined) throw new Error(`no ${SHORT} window opening at ${new Date(openAtMs).toISOString()}`);
  return s;
}

const bidQty = (svc: Service, s: Series): number => svc.quoting!.series(s.id)!.lastQuote!.bids.qty.reduce((a, b) => a + b, 0);

/** A turn at `atMs` (past the requote interval since the last). */
async function turnAt(svc: Service, atMs: number): Promise<void> {
  qs.now = atMs;
  await quoteTurn(svc);
}

describe("the sandbox's windows of minutes", () => {
  it('a fresh 3-minute window gets a bid from its open through its first half with the sandbox parameters', async () => {
    useSandboxConfig();
    expect(qs.config.contracts.map((c) => c.contract)).toEqual(SANDBOX_CONTRACTS.map((c) => c.contract));
    qs.now = OPEN;
    const svc = await qs.start();
    try {
      const p = svc.quoting!.params();
      expect([p.windowExponent, p.saleRatePriorPerHour, p.ratePriorHours]).toEqual([0, 600, 0.05]);
      // The window open now: nothing traded anywhere yet (no history in the segment), 3 minutes to its close.
      await turnAt(svc, OPEN + SECOND_MS);
      const now = spotOf(svc, OPEN);
      const view = svc.quoting!.view(now.id)!;
      expect(view.saleRatePerHour).toBe(600);
      // E = 600/h × (179 s) ≈ 29.8 rights; the bids buy 0.8 × E of them.
      expect(view.expectedSales).toBe(30);
      expect(bidQty(svc, now)).toBe(Math.floor(0.8 * 600 * (179 / 3_600)));
      // Halfway through the window it still bids (for 0.8 × 600/h × 1.5 min = 12 rights at most).
      await turnAt(svc, OPEN + 90 * SECOND_MS);
      expect(bidQty(svc, now)).toBeGreaterThan(0);
    } finally {
      await svc.stop();
    }
  });

  it("with the defaults' pace a 3-minute window bids for one right at most, and none from a third of it on", async () => {
    useSandboxConfig();
    qs.now = OPEN;
    const svc = await qs.start();
    try {
      await send(svc, { kind: CommandKind.SET_PARAM, actor: OPERATOR, name: 'quoting.saleRatePriorPerHour', value: 30 });
      await send(svc, { kind: CommandKind.SET_PARAM, actor: OPERATOR, name: 'quoting.ratePriorHours', value: 1 });
      await turnAt(svc, OPEN + SECOND_MS);
      const now = spotOf(svc, OPEN);
      // E = 30/h × 0.05 h = 1.5 rights: 0.8 × E buys one.
      expect(bidQty(svc, now)).toBe(1);
      expect(svc.quoting!.view(now.id)!.reasons).toContain('BIDS_LIMITED_BY_EXPIRY');
      // 2 minutes left: E = 1, 0.8 × E buys nothing. The window has no bid, so no stock and no ask, for its last two thirds.
      await turnAt(svc, OPEN + 60 * SECOND_MS);
      expect(bidQty(svc, now)).toBe(0);
    } finally {
      await svc.stop();
    }
  });

  it('counts what subscribers are still to buy in a window of minutes whole in its expected sales', async () => {
    useSandboxConfig();
    qs.now = OPEN + 3 * 60 * SECOND_MS - 40 * SECOND_MS; // the next window is listed, 40 s to its open
    const svc = await qs.start();
    try {
      await send(svc, { kind: CommandKind.SET_PARAM, actor: OPERATOR, name: 'quoting.saleRatePriorPerHour', value: 30 });
      await send(svc, { kind: CommandKind.SET_PARAM, actor: OPERATOR, name: 'quoting.ratePriorHours', value: 1 });
      await turnAt(svc, qs.now + SECOND_MS);
      const next = spotOf(svc, OPEN + 3 * 60 * SECOND_MS);
      const hoursLeft = (next.spec.closeAtMs - qs.now) / 3_600_000;
      expect(svc.quoting!.view(next.id)!.expectedSales).toBe(Math.round(30 * hoursLeft)); // 2 rights, and bids for 1
      expect(bidQty(svc, next)).toBe(1);
      const opened = (await send(svc, { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: '' })).find((e) => e.type === EventType.ACCOUNT_OPENED)!;
      await send(svc, { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: opened.accountId, amountWei: 1_000n * 10n ** 18n, ref: 'subscriber' });
      const subscribed = await send(svc, {
        kind: CommandKind.SUBSCRIBE, actor: opened.accountId, contract: SHORT, qtyPerWindow: 10, capPriceMicros: 10 * PAT, budgetMicros: 500 * PAT,
        trigger: SubscriptionTrigger.ON_OPEN, autoExercise: true, maxSkips: 3, includeCurrent: false, delivery: SubscriptionDelivery.PULL, webhookUrl: '', pushAuthorisation: '',
      });
      expect(subscribed.some((e) => e.type === EventType.SUBSCRIPTION_CREATED)).toBe(true);
      await turnAt(svc, qs.now + SECOND_MS);
      const view = svc.quoting!.view(next.id)!;
      expect(view.subscribedQty).toBe(10);
      // All 10 rights in E (spread over an hour they counted 10 × 0.06 = 0.6), and the bids buy 0.8 × E for them.
      const left = (next.spec.closeAtMs - qs.now) / 3_600_000;
      expect(view.expectedSales).toBe(Math.round(30 * left + 10));
      expect(bidQty(svc, next)).toBe(Math.floor(0.8 * (30 * left + 10)));
    } finally {
      await svc.stop();
    }
  });
});
