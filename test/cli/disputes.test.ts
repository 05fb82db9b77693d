/**
 * `patx disputes` and `patx disputes decide` against a running service (real LMDB, HTTP and
 * signatures; settlement off), as the operator meets a dispute: the demo provider's server
 * behind its gate, a consumer who downloaded both rights of a grant without receipting them
 * and then disputed the delivery (records missing). The list shows the grant, what the consumer
 * said, the provider's evidence (a download of 50 records) and no receipts; --json the API's
 * answer; a decision beyond the undelivered rights is refused INVALID_DECISION (one line, exit 1),
 * a bad number is a usage error (exit 2), a decision refunds one right and upholds the other,
 * the list is empty after, and a second decision is refused ESCROW_CLOSED.
 */
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadWithGrant, signedRequest } from '../../src/client/index.js';
import { CommandKind, EventType, Role, SYSTEM_ACTOR } from '../../src/engine/index.js';
import { createLogger } from '../../src/runtime/log.js';
import { RECORDS_PER_RIGHT } from '../../src/provider-server/server.js';
import type { Service } from '../../src/app/service.js';
import { consumerBuysFromBroker } from '../support/broker-rights.js';
import { until } from '../support/exchange-fixture.js';
import { oneLine, patxInProcess } from '../support/patx-cli.js';
import { startDemoGateService, type DemoGateService } from '../support/demo-gate.js';

const TOKEN = 'cli-disputes-test-token-0123456789';
const logger = createLogger('silent');
let x: DemoGateService;
let service: Service;
let url: string;
let grantId: number;
const consumer = Wallet.createRandom();
const base = (): string => `http://127.0.0.1:${service.gateway.port}`;

/** Runs the CLI in this process as the operator; its exit code and what it printed. */
const cli = (...args: string[]): Promise<{ code: number; out: string; err: string }> => patxInProcess(['--url', url, '--token', TOKEN, ...args], {});

beforeAll(async () => {
  x = await startDemoGateService('cli-disputes', { logger, config: { gateway: { operatorToken: TOKEN } }, stock: { mint: 10, sell: 10 } });
  ({ service } = x);
  const { seriesId } = x;
  url = `${base()}/operator`;
  const opened = await service.sequencer.submit({ kind: CommandKind.OPEN_ACCOUNT, actor: SYSTEM_ACTOR, role: Role.CONSUMER, address: consumer.address.toLowerCase() });
  const consumerId = opened.events.find((e) => e.type === EventType.ACCOUNT_OPENED)!.accountId;
  await service.sequencer.submit({ kind: CommandKind.CREDIT_DEPOSIT, actor: SYSTEM_ACTOR, accountId: consumerId, amountWei: 10n ** 20n, ref: 'cli-disputes' });
  // One right at a time at the broker's ask, which it quotes again after each (its levels are small).
  for (let i = 0; i < 2; i++) {
    await consumerBuysFromBroker(service, consumerId, seriesId, 1);
    service.quoting!.tick();
    await service.sequencer.drain();
  }
  const exercised = await service.sequencer.submit({ kind: CommandKind.EXERCISE, actor: consumerId, seriesId, qty: 2 });
  const e = exercised.events.find((x) => x.type === EventType.RIGHTS_EXERCISED);
  if (e?.type !== EventType.RIGHTS_EXERCISED) throw new Error(`no exercise: ${JSON.stringify(exercised.events)}`);
  grantId = e.redemptions[0]!.grantId;
  await until(async () => (await service.grants()!.get(grantId)) !== undefined, 'the grant ledger records the grant');
  const signed = (await service.grants()!.get(grantId))!.signed;
  // Downloaded, not receipted: the gate reports the delivery with its signed statement (evidence), the consumer says nothing.
  expect(await downloadWithGrant(base(), consumer, signed, 2, { report: false })).toMatchObject({ outcome: 'received' });
  await until(() => service.engine.escrow.grants.get(grantId)?.evidencedQty === 2, 'both rights evidenced');
  const disputed = await signedRequest<{ dispute?: unknown }>(base(), consumer, 'POST', `/v1/grants/${grantId}/claims`, { reason: 'missing-records' });
  expect([disputed.status, disputed.body.dispute]).toEqual([201, { reason: 'missing-records', evidencedQty: 2 }]);
}, 120_000);

afterAll(async () => {
  await x?.close();
});

describe('patx disputes', () => {
  it('lists the open dispute with the evidence, refuses bad decisions by name, decides it', async () => {
    const list = await cli('disputes');
    expect(list.code).toBe(0);
    const lines = list.out.split('\n');
    expect(lines[0]).toMatch(/^GRANT ID\s+CONSUMER\s+PROVIDER\s+LISTING\s+REASON\s+QTY\s+EVIDENCED\s+RECEIPTED\s+UNDELIVERED\s+HELD \(PAT\)\s+FILED AT$/);
    expect(lines[1]).toMatch(new RegExp(`^${grantId}\\s+\\d+\\s+\\d+\\s+\\d+ v\\d+\\s+missing-records\\s+2\\s+2\\s+0\\s+2\\s+\\d+\\.\\d{4}\\s+\\d{4}-`));
    expect(list.out).toContain("evidence (the provider's):");
    expect(list.out).toMatch(new RegExp(`\\n${grantId}\\s+download\\s+2\\s+${2 * RECORDS_PER_RIGHT}\\s+[0-9a-f]{12}…`));
    expect(list.out).toMatch(/receipts \(the consumer's\):\n\(none\)/);
    // The default subcommand is the list; --json is the API's answer.
    expect((await cli('disputes', 'list')).out).toBe(list.out);
    const json = JSON.parse((await cli('--json', 'disputes')).out) as { disputes: Array<{ grant: { grantId: number }; evidence: unknown[] }> };
    expect(json.disputes.map((d) => [d.grant.grantId, d.evidence.length])).toEqual([[grantId, 1]]);

    // More rights than are undelivered: the engine's refusal, one line, exit 1; a bad number: usage, exit 2.
    const tooMany = await cli('disputes', 'decide', String(grantId), '3');
    expect(tooMany.code).toBe(1);
    expect(oneLine(tooMany)).toMatch(/^refused \(HTTP 409\): INVALID_DECISION: /);
    const bad = await cli('disputes', 'decide', String(grantId), 'one');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/value 'one' is invalid for argument 'refundQty'/);
    const badCharge = await cli('disputes', 'decide', String(grantId), '1', '--charge', '0.5');
    expect(badCharge.code).toBe(2);
    expect(badCharge.err).toMatch(/argument '0\.5' is invalid/);
    expect(service.engine.escrow.grants.get(grantId)?.disputed).toBe(true);

    // One right refunded, the other upheld as delivered.
    const held = service.engine.escrow.grants.get(grantId)!.heldMicros;
    const decided = await cli('disputes', 'decide', String(grantId), '1', '--note', 'one download came back short');
    expect(decided.code, decided.err).toBe(0);
    // Each number named for what it is: due, paid (from the held proceeds, from the provider's PAT), the shortfall.
    expect(decided.out).toMatch(new RegExp(`^decided grant ${grantId}: 1 right\\(s\\) refunded, 1 upheld as delivered\\nrefund due \\(the consumer's price for them\\):\\s+\\d+\\.\\d{4} PAT`));
    expect(decided.out).toMatch(/\n {2}paid from the provider's free PAT \(--charge\):\s+0\.0000 PAT\n/);
    expect(decided.out).toContain('note: one download came back short');
    const answer = Object.fromEntries(decided.out.split('\n').slice(1, -1).map((l) => /^\s*(.+):\s+(\d+\.\d{4}) PAT$/.exec(l)!.slice(1, 3)));
    // In PAT with 4 decimals: within 100 µPAT of what was held.
    expect(Math.abs((Number(answer['paid from the proceeds held for them']) + Number(answer['released to the provider'])) * 1_000_000 - held)).toBeLessThanOrEqual(100);
    expect(service.engine.escrow.grants.has(grantId)).toBe(false);

    expect((await cli('disputes')).out).toBe('(no open dispute)');
    const again = await cli('disputes', 'decide', String(grantId), '0');
    expect(again.code).toBe(1);
    expect(oneLine(again)).toMatch(/^refused \(HTTP 409\): ESCROW_CLOSED/);
  });
});
