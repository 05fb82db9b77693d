/**
 * Held payouts on a real hardhat node (docs/providers.md): an unverified provider's sales
 * settle, but its withdrawal is refused PAYOUT_HELD_UNVERIFIED and nothing is paid; the
 * operator verifies it through the identity route (the real store, the engine's command);
 * its withdrawal is then paid on-chain in the next batch and the chain equals the ledger.
 * The payout statement sums it per UTC month: sales, net, withdrawals, and what settled
 * while its payouts were held.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandKind, EventType, RejectReason, Side, SYSTEM_ACTOR, TimeInForce } from '../../src/engine/index.js';
import { IdentityStore, providerIdentityRoute } from '../../src/providers/index.js';
import { payoutsHandler, utcMonth } from '../../src/settlement/index.js';
import { patxJson } from '../support/patx-cli.js';
import { limitOrder, PAT_MICROS, PAT_WEI, until } from '../support/exchange-fixture.js';
import { BROKER, openSettledExchange, type SettledExchange } from '../support/settled-exchange.js';

const CONSUMER = 4;
const PROVIDER = 5;
/** No claim here: the months' refunds (what the provider repaid, of it from free PAT, the shortfall) are zero. */
const NO_REFUNDS = { refundedMicros: 0, fromFreeMicros: 0, shortfallMicros: 0 };
let h: SettledExchange;
let store: IdentityStore;

beforeAll(async () => {
  h = await openSettledExchange({ consumer: CONSUMER, provider: PROVIDER });
  store = IdentityStore.open(h.x.dir);
  await h.x.submit({ kind: CommandKind.SET_PARAM, actor: SYSTEM_ACTOR, name: 'risk.payoutRequiresVerification', value: 1 });
  await h.startSettlement();
  await h.depositOnChain(BROKER, 1000n * PAT_WEI);
  await until(() => h.x.engine.accounts[h.cast.broker]!.availableMicros === 1000 * PAT_MICROS, 'broker deposit credited');
}, 120_000);

afterAll(async () => {
  await store?.close();
  await h?.stop();
});

async function sell(qty: number): Promise<void> {
  const { broker, provider, seriesId } = h.cast;
  await h.x.submit(limitOrder(provider, seriesId, Side.SELL, 2 * PAT_MICROS, qty));
  const bought = await h.x.submit(limitOrder(broker, seriesId, Side.BUY, 2 * PAT_MICROS, qty, TimeInForce.IOC));
  expect(bought.some((e) => e.type === EventType.FILL)).toBe(true);
}

function statement(query: Record<string, string> = {}) {
  return payoutsHandler(() => h.settlement, h.x.engine, { verifiedAt: (id) => store.verifiedAt(id) })({ accountId: String(h.cast.provider), ...query });
}

describe('payouts held until the provider is verified', () => {
  it('sells and settles unverified; its withdrawal is refused and nothing is paid', async () => {
    const { provider, seriesId } = h.cast;
    expect((await h.x.submit({ kind: CommandKind.DECLARE_CAPACITY, actor: provider, seriesId, capacity: 100 }))[0]?.type).toBe(EventType.CAPACITY_DECLARED);
    expect((await h.x.submit({ kind: CommandKind.MINT, actor: provider, seriesId, qty: 10 }))[0]?.type).toBe(EventType.RIGHTS_MINTED);
    await sell(5);
    await h.settle();
    expect(await h.balanceOf(PROVIDER)).toBe(10n * PAT_WEI);
    const refused = await h.x.submit({ kind: CommandKind.REQUEST_WITHDRAWAL, actor: provider, amountWei: 10n * PAT_WEI });
    expect(refused).toMatchObject([{ type: EventType.COMMAND_REJECTED, reason: RejectReason.PAYOUT_HELD_UNVERIFIED }]);
    expect(h.x.engine.withdrawals.size).toBe(0);
    const res = await statement();
    expect(res.body).toMatchObject({ payouts: { verifiedProvider: false, held: true, heldWei: (10n * PAT_WEI).toString() } });
    await h.expectReconciled();
  });

  it('verified through the identity route, its withdrawal settles on-chain; the statement sums the month', async () => {
    const { provider } = h.cast;
    const r = await providerIdentityRoute(
      { store, engine: h.x.engine, sequencer: h.x.sequencer, clock: Date.now },
      {
        method: 'POST',
        path: `/operator/providers/${provider}/verify`,
        body: { legalName: 'Provider Five Ltd', jurisdiction: 'GB', payoutAddress: h.fx.addresses[PROVIDER]!, kycReference: 'case-5', reason: 'KYC passed' },
        query: new URLSearchParams(),
        operator: 'admin',
        mayReadPrivate: true,
        actor: () => h.cast.operator,
      },
    );
    expect((await r)?.status).toBe(200);
    expect(h.x.engine.accounts[provider]!.verified).toBe(true);

    await sell(3);
    const [requested] = await h.x.submit({ kind: CommandKind.REQUEST_WITHDRAWAL, actor: provider, amountWei: 10n * PAT_WEI });
    expect(requested?.type).toBe(EventType.WITHDRAWAL_REQUESTED);
    const walletBefore = (await h.token.getFunction('balanceOf')(h.fx.addresses[PROVIDER])) as bigint;
    await h.settle();
    await until(() => h.x.engine.withdrawals.size === 0, 'withdrawal recorded');
    expect(await h.token.getFunction('balanceOf')(h.fx.addresses[PROVIDER])).toBe(walletBefore + 10n * PAT_WEI);
    expect(await h.balanceOf(PROVIDER)).toBe(6n * PAT_WEI);
    await h.expectReconciled();

    const res = await statement();
    expect(res.status).toBe(200);
    const body = res.body as { payouts: unknown; entries: Array<{ settledAtMs: number; netWei: string }>; months: Array<Record<string, unknown>> };
    expect(body.payouts).toEqual({ verifiedProvider: true, held: false, heldWei: '0' });
    expect(body.entries).toHaveLength(2);
    const [first, second] = [body.entries[0]!, body.entries[1]!];
    const month = utcMonth(second.settledAtMs);
    // Both batches fall in one month unless the test ran across a month's end: then each month holds its own.
    const expected =
      utcMonth(first.settledAtMs) === month
        ? [{ month, batches: 2, sales: { fills: 2, qty: 8, grossMicros: 16 * PAT_MICROS, forwardGrossMicros: 0 }, feesMicros: 0, refunds: NO_REFUNDS, netWei: (16n * PAT_WEI).toString(), redemptions: { count: 0, qty: 0 }, withdrawals: { count: 1, amountWei: (10n * PAT_WEI).toString() }, heldWei: (10n * PAT_WEI).toString() }]
        : [
            { month: utcMonth(first.settledAtMs), batches: 1, sales: { fills: 1, qty: 5, grossMicros: 10 * PAT_MICROS, forwardGrossMicros: 0 }, feesMicros: 0, refunds: NO_REFUNDS, netWei: (10n * PAT_WEI).toString(), redemptions: { count: 0, qty: 0 }, withdrawals: { count: 0, amountWei: '0' }, heldWei: (10n * PAT_WEI).toString() },
            { month, batches: 1, sales: { fills: 1, qty: 3, grossMicros: 6 * PAT_MICROS, forwardGrossMicros: 0 }, feesMicros: 0, refunds: NO_REFUNDS, netWei: (6n * PAT_WEI).toString(), redemptions: { count: 0, qty: 0 }, withdrawals: { count: 1, amountWei: (10n * PAT_WEI).toString() }, heldWei: '0' },
          ];
    expect(body.months).toEqual(expected);

    const one = await statement({ month });
    expect(one.body).toMatchObject({ month, monthTotals: expected.at(-1) });
    const none = await statement({ month: '1999-01' });
    expect(none.body).toMatchObject({ entries: [], totalNetWei: '0', monthTotals: { month: '1999-01', batches: 0, netWei: '0', heldWei: '0' } });
    expect((await statement({ month: '2026-13' })).status).toBe(400);
    expect((await statement({ month: 'november' })).status).toBe(400);

    // patx payouts offline: the batches of a month, and totals per month (its batches' sales and net).
    const id = String(h.cast.provider);
    const months = await patxJson(h.x.dir, 'payouts', '--account', id, '--months');
    expect(months.status, months.stderr).toBe(0);
    const lines = months.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.reduce((n, m) => n + (m['qty'] as number), 0)).toBe(8);
    expect(lines.at(-1)).toMatchObject({ month, netWei: expected.at(-1)!.netWei });
    const inMonth = await patxJson(h.x.dir, 'payouts', '--account', id, '--month', month);
    expect(inMonth.stdout.trim().split('\n')).toHaveLength(expected.at(-1)!.batches);
    expect((await patxJson(h.x.dir, 'payouts', '--account', id, '--month', '2026-13')).status).toBe(2);
  });
});
