/**
 * A standby's gateway port (src/replication/standby-server.ts): two PATX nodes as
 * `npm start` runs them on a three-node nats-server cluster. While b waits as the standby
 * its port answers /healthz 200 (role standby, the leader, its seq and lag), /readyz 503
 * NOT_LEADER, and refuses WebSocket upgrades with a 503, so FailoverTradingClient given b
 * first logs in to a. When a stops, b takes over and the same port answers /readyz 200 as
 * the leader; a client polling b over one keep-alive connection meanwhile never waits
 * without an answer (its connection to the standby server is closed, not left hanging).
 * A scrape of every node reads the standby as up: its /metrics says it follows, its lag and
 * its own snapshots' pauses, and the group's `patx_replication_leader` sums to 1; its
 * /operator/metrics takes the group's operator token (the credentials follow the catalog stream).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FailoverTradingClient, wire } from '../../src/client/index.js';
import { HARDHAT_KEYS } from '../../src/settlement/hardhat-keys.js';
import { follows, leads, OPERATOR_TOKEN, ReplicatedGroup, type ExchangeNode } from '../support/replicated-nodes.js';
import { removeDir, until } from '../support/exchange-fixture.js';

interface Probe {
  status: number;
  body: { status?: string; role?: string; error?: string; message?: string; leader?: { node: string; epoch: number } | null; seq?: number; lagSeqs?: number | null; components?: Record<string, { state: string }> };
}

let group: ReplicatedGroup;
/** b's config file: it snapshots its engine after every command it applies, so its /metrics has pauses to show. */
const configDir = mkdtempSync(path.join(os.tmpdir(), 'patx-standby-config-'));
const snapshotEveryCommand = path.join(configDir, 'patx.config.json');
writeFileSync(snapshotEveryCommand, JSON.stringify({ replication: { standbySnapshotEveryCommands: 1 } }));

beforeAll(async () => {
  group = await ReplicatedGroup.create(['a', 'b']);
}, 60_000);

afterAll(async () => {
  await group?.close();
  removeDir(configDir);
});

/** A node's Prometheus text: its status and body (`token`: the operator's scrape). */
async function scrape(port: number, token?: string): Promise<{ status: number; text: string }> {
  const r = await fetch(`http://127.0.0.1:${port}/${token === undefined ? 'metrics' : 'operator/metrics'}`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
  return { status: r.status, text: await r.text() };
}

/** A sample's value in Prometheus text (undefined: not there). */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

/** One GET over `agent`; rejects on an error, and on no answer within `timeoutMs` (a hanging connection). */
function get(port: number, path: string, agent?: http.Agent, timeoutMs = 3_000): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Probe['body'] }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/** A WebSocket upgrade the server refuses: its HTTP status and body. */
function refusedUpgrade(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('open', () => {
      ws.terminate();
      reject(new Error(`${url} accepted the upgrade`));
    });
    ws.on('error', () => undefined); // the refusal above is the answer
  });
}

describe('a standby on its gateway port', () => {
  it('answers /healthz 200 role standby and /readyz 503 NOT_LEADER, refuses upgrades; after the leader stops it leads and /readyz turns 200 on the same port', async () => {
    const [a, b] = group.nodes as [ExchangeNode, ExchangeNode];
    await group.start(a);
    await group.until(() => leads(a), 'a to lead');
    await group.start(b, { PATX_CONFIG: snapshotEveryCommand });
    await group.until(() => follows(b), 'b to follow');

    // The leader says what it is too.
    const leaderHealth = await get(a.port, '/healthz');
    expect(leaderHealth).toMatchObject({ status: 200, body: { status: 'ok', role: 'leader' } });
    expect((await get(a.port, '/readyz')).body.role).toBe('leader');

    // The standby: alive, following a, not ready. Its lag is known once it has read where the stream ends.
    let health = await get(b.port, '/healthz');
    for (let i = 0; i < 50 && (health.body.lagSeqs === null || health.body.leader === null); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      health = await get(b.port, '/healthz');
    }
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', role: 'standby', leader: { node: 'a' } });
    expect(health.body.seq).toBeGreaterThan(0);
    expect(health.body.lagSeqs).toBeGreaterThanOrEqual(0);
    expect(health.body.components).toMatchObject({ journal: { state: 'ok' }, sequencer: { state: 'disabled' }, gateway: { state: 'starting' } });
    const ready = await get(b.port, '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ role: 'standby', error: 'NOT_LEADER', leader: { node: 'a' } });
    expect(ready.body.message).toContain('the leader is node a');
    expect(await get(b.port, '/v1/series')).toMatchObject({ status: 503, body: { error: 'NOT_LEADER' } });
    for (const path of ['/v1/trade', '/v1/market']) {
      const refused = await refusedUpgrade(`ws://127.0.0.1:${b.port}${path}`);
      expect(refused.status).toBe(503);
      expect(JSON.parse(refused.body)).toMatchObject({ error: 'NOT_LEADER' });
    }

    // Scraped as every node of the group is: the standby answers, following, with its lag and its own snapshots' pauses.
    let standbyMetrics = await scrape(b.port);
    for (let i = 0; i < 50 && (sample(standbyMetrics.text, 'patx_replication_standby_lag_seqs') === undefined || !(sample(standbyMetrics.text, 'patx_snapshot_pause_seconds_count')! > 0)); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      standbyMetrics = await scrape(b.port);
    }
    expect(standbyMetrics.status).toBe(200);
    expect(sample(standbyMetrics.text, 'patx_replication_leader')).toBe(0);
    expect(sample(standbyMetrics.text, 'patx_replication_standby_following')).toBe(1);
    expect(sample(standbyMetrics.text, 'patx_engine_seq')).toBeGreaterThan(0);
    expect(sample(standbyMetrics.text, 'patx_replication_standby_lag_seqs')).toBeGreaterThanOrEqual(0);
    expect(sample(standbyMetrics.text, 'patx_replication_standby_checkpoints_matched_total')).toBeGreaterThanOrEqual(0);
    expect(sample(standbyMetrics.text, 'patx_snapshot_pause_seconds_count')).toBeGreaterThan(0);
    expect(sample(standbyMetrics.text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    // One leader in the group, as PatxReplicationLeaders sums it over every node.
    expect(sample((await scrape(a.port)).text, 'patx_replication_leader')).toBe(1);
    // The operator's scrape: the group's token is known here (it came with the catalog stream), a wrong one is not.
    expect((await scrape(b.port, OPERATOR_TOKEN)).status).toBe(200);
    expect((await scrape(b.port, 'not-the-operator-token')).status).toBe(401);

    // A client given the standby first moves on to the leader.
    const connectedTo: string[] = [];
    const urls = [b, a].map((n) => `ws://127.0.0.1:${n.port}/v1/trade`);
    const client = await FailoverTradingClient.connect(urls, { wallet: new Wallet(HARDHAT_KEYS[3]!), reconnectWithinMs: 60_000, onConnected: (url) => connectedTo.push(url) });
    expect(connectedTo).toEqual([urls[1]]);

    // One keep-alive connection polling b's /readyz through the takeover: every request answered or refused at once.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const answers: number[] = [];
    const errors: string[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        try {
          answers.push((await get(b.port, '/readyz', agent)).status);
        } catch (error) {
          errors.push((error as Error).message);
          if ((error as Error).message.startsWith('no answer')) return;
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();

    // A clean stop hands the lease over at once.
    a.child!.kill('SIGTERM');
    await group.until(() => leads(b), 'b to take over');
    // Leading is not yet ready: /readyz waits for its intake's workers to be warm (issue 75), which a loaded machine takes a while to do.
    await until(async () => (await get(b.port, '/readyz')).status === 200, 'b ready as the leader', 30_000);
    const leaderReady = await get(b.port, '/readyz');
    expect(leaderReady).toMatchObject({ status: 200, body: { status: 'ok', role: 'leader' } });
    await group.until(() => answers.at(-1) === 200, 'the poller to see b ready');
    polling = false;
    await poller;
    agent.destroy();
    expect(errors.filter((e) => e.startsWith('no answer'))).toEqual([]);
    expect(answers[0]).toBe(503);
    expect(answers.at(-1)).toBe(200);
    // Once b answered as the leader it never answered as the standby again.
    expect(answers.slice(answers.indexOf(200)).every((s) => s === 200)).toBe(true);
    expect(b.output).not.toContain('EADDRINUSE');

    // The client followed: its next request goes to b.
    const series = await client.with((c) => c.series());
    expect(series.some((s) => s.kind === wire.SeriesKind.SPOT)).toBe(true);
    expect(connectedTo).toEqual([urls[1], urls[0]]);
    await client.close();
    console.log(`standby → leader on port ${b.port}: ${answers.length} polls (${answers.filter((s) => s === 503).length} × 503, then 200), ${errors.length} refused or reset: ${[...new Set(errors)].join('; ')}`);
  }, 180_000);
});
