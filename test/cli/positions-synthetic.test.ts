/**
 * `patx positions` with a synthetic on a running service (real LMDB journal, uWS on loopback, the
 * quoter on; the CLI in this process as an institution's wallet): a synthetic bought at the broker's
 * ask and sold back at its bid is flat and carries the spread as a loss, locked until the close. The
 * command listed "no positions" beside that lock; it now shows the row with what is locked, the
 * mark and the P&L there (src/cli/trading.ts, trading-format.ts `cashView`). A sale whose margin the
 * wallet's free PAT cannot cover is refused INSUFFICIENT_MARGIN with how that margin is counted.
 */
import { Wallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import { CommandKind, EventType, Role, SeriesKind, Side, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { OrderType, SelfTradePrevention, TimeInForce } from '../../src/engine/index.js';
import { iocOrder, listOnWindow, OPERATOR, openSpot, quoteTurn, send, useQuotingService } from '../support/quoting-service.js';
import { patxInProcess } from '../support/patx-cli.js';

const qs = useQuotingService('patx-cli-positions-synthetic-');

describe('patx positions: a flat synthetic that lost', () => {
  it('is listed with its locked loss and its P&L at the mark', async () => {
    qs.now = Date.now(); // the CLI signs on the wall clock
    const svc = await qs.start();
    try {
      const spot = openSpot(svc, qs.now);
      await quoteTurn(svc);
      await send(svc, { kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 3 });
      const synthetic = await listOnWindow(svc, spot, SeriesKind.SYNTHETIC);
      await send(svc, { kind: CommandKind.MARK_SYNTHETICS, actor: OPERATOR, seriesId: 0 });
      await quoteTurn(svc);
      const wallet = new Wallet(Wallet.createRandom().privateKey);
      const id = (await send(svc, { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: wallet.address.toLowerCase() })).find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
      await send(svc, { kind: CommandKind.SET_INSTITUTION, actor: OPERATOR, accountId: id, qualified: true });
      await send(svc, { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: id, amountWei: 10n ** 21n, ref: 'positions-synthetic' });
      const ask = svc.engine.orders.get(synthetic.quoteAskIds[0]!)!.priceMicros;
      const bid = svc.engine.orders.get(synthetic.quoteBidIds[0]!)!.priceMicros;
      expect(bid).toBeLessThan(ask);
      expect((await send(svc, iocOrder(id, synthetic.id, Side.BUY, ask, 4))).some((e) => e.type === EventType.FILL)).toBe(true);
      expect((await send(svc, iocOrder(id, synthetic.id, Side.SELL, bid, 4))).some((e) => e.type === EventType.FILL)).toBe(true);
      const position = svc.engine.accounts[id]!.positions.get(synthetic.id)!;
      expect(position.available).toBe(0);
      const loss = 4 * (ask - bid);
      expect(position.collateralMicros).toBe(loss);

      const env = { PATX_WALLET_KEY: wallet.privateKey, PATX_URL: `http://127.0.0.1:${svc.gateway.port}`, PATX_CONFIRM_ABOVE: undefined };
      const r = await patxInProcess(['--json', 'positions'], env);
      expect(r.err).toBe('');
      const rows = (JSON.parse(r.out) as { positions: Array<{ seriesId: number; kind: string; qty: number; cash?: Record<string, number | null> }> }).positions;
      const mark = svc.engine.series[synthetic.id]!.cashSettled!.markMicros;
      expect(rows).toEqual([expect.objectContaining({ seriesId: synthetic.id, kind: 'SYNTHETIC', qty: 0, cash: { lockedMicros: loss, costMicros: loss, markMicros: mark, valueAtMarkMicros: 0, pnlAtMarkMicros: -loss } })]);
      const text = await patxInProcess(['positions'], env);
      expect(text.out).not.toBe('no positions');
      expect(text.out.split('\n')[0]).toContain('P&L AT MARK PAT');

      // A wallet with 1 PAT selling 10 at the bid: the margin (at least 20% of the mark on 10) is more than it has.
      const poor = new Wallet(Wallet.createRandom().privateKey);
      const poorId = (await send(svc, { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: poor.address.toLowerCase() })).find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
      await send(svc, { kind: CommandKind.SET_INSTITUTION, actor: OPERATOR, accountId: poorId, qualified: true });
      await send(svc, { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: poorId, amountWei: 10n ** 18n, ref: 'positions-synthetic-poor' });
      const refused = await patxInProcess(['sell', String(synthetic.id), '10', '--limit', (bid / 1e6).toFixed(4)], { ...env, PATX_WALLET_KEY: poor.privateKey });
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('INSUFFICIENT_MARGIN');
      expect(refused.err).toContain('on the mark plus what the price loses against the mark');
    } finally {
      await svc.stop();
    }
  }, 60_000);

  it("an option's QTY is the position, its units in a resting sale included (a long of 3 with a sale of 4 reads 3, not -1)", async () => {
    qs.now = Date.now();
    const svc = await qs.start();
    try {
      const spot = openSpot(svc, qs.now);
      await quoteTurn(svc);
      await send(svc, { kind: CommandKind.SET_GOVERNANCE_PHASE, actor: SYSTEM_ACTOR, phase: 4 });
      await listOnWindow(svc, spot, SeriesKind.SYNTHETIC);
      const call = await listOnWindow(svc, spot, SeriesKind.CALL, { strikeMicros: 700_000 });
      await send(svc, { kind: CommandKind.MARK_SYNTHETICS, actor: OPERATOR, seriesId: 0 });
      await quoteTurn(svc);
      const wallet = new Wallet(Wallet.createRandom().privateKey);
      const id = (await send(svc, { kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: wallet.address.toLowerCase() })).find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
      await send(svc, { kind: CommandKind.SET_INSTITUTION, actor: OPERATOR, accountId: id, qualified: true });
      await send(svc, { kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: id, amountWei: 10n ** 21n, ref: 'positions-option' });
      const ask = svc.engine.orders.get(call.quoteAskIds[0]!)!.priceMicros;
      expect((await send(svc, iocOrder(id, call.id, Side.BUY, ask, 3))).filter((e) => e.type === EventType.FILL).reduce((n, e) => n + (e.type === EventType.FILL ? e.qty : 0), 0)).toBe(3);
      const sale = { kind: CommandKind.NEW_ORDER, actor: id, seriesId: call.id, clientOrderId: 0, side: Side.SELL, orderType: OrderType.LIMIT, tif: TimeInForce.GTC, priceMicros: call.spec.maxPriceMicros, qty: 4, expireAtMs: 0, postOnly: false, stp: SelfTradePrevention.CANCEL_NEWEST } as const;
      expect((await send(svc, sale)).some((e) => e.type === EventType.ORDER_ACCEPTED)).toBe(true);
      expect(svc.engine.accounts[id]!.positions.get(call.id)).toMatchObject({ available: -1, held: 4 });

      const env = { PATX_WALLET_KEY: wallet.privateKey, PATX_URL: `http://127.0.0.1:${svc.gateway.port}`, PATX_CONFIRM_ABOVE: undefined };
      const r = await patxInProcess(['--json', 'positions'], env);
      expect(r.err).toBe('');
      const rows = (JSON.parse(r.out) as { positions: Array<{ seriesId: number; kind: string; qty: number; held: number }> }).positions;
      expect(rows.find((row) => row.seriesId === call.id)).toMatchObject({ kind: 'CALL', qty: 3, held: 4 });
    } finally {
      await svc.stop();
    }
  }, 60_000);
});
