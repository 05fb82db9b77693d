/**
 * Issue 82, point 2: `patx cluster up` brings up the replicated deployment on one machine
 * (three nats-servers, nodes a b c, an edge, TLS from a local CA) as background processes,
 * a failover happens in it, `up` again brings the killed node back as a standby, and
 * `patx cluster down` leaves nothing running. Run as a user
 * runs it: `node bin/patx.js cluster …` in its own data dir, on ports of its own (--base-port).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import https from 'node:https';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MarketDataClient } from '../../src/client/index.js';
import { removeDir, until } from '../support/exchange-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Up {
  leader: string;
  ca: string;
  nodes: Array<{ name: string; url: string; pid: number }>;
  edge: { url: string; marketDataUrl: string; pid: number };
}
interface Status {
  leader: string | null;
  processes: Array<{ name: string; kind: string; pid: number; running: boolean; role?: string }>;
}

let dir = '';
let basePort = 0;

function patx(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // The group shares 2 cores with other tests: a 3 s lease (as test/support/replicated-nodes.ts) so a node starved for 1 s is not deposed.
    execFile(process.execPath, ['bin/patx.js', ...args], { cwd: ROOT, env: { ...process.env, PATX_REPLICATION_LEASE_TTL_MS: '3000' }, timeout: 240_000 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr }),
    );
  });
}

async function free(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A base whose 53 ports are free, below the kernel's ephemeral range (where other tests' port-0 listeners land). */
async function freeBase(): Promise<number> {
  for (;;) {
    const base = 20_000 + 100 * Math.floor(Math.random() * 100);
    let ok = true;
    for (let p = base; p <= base + 52 && ok; p++) ok = await free(p);
    if (ok) return base;
  }
}

/** GET over TLS; `ca` undefined trusts only the system's CAs. */
function get(url: string, ca: Buffer | undefined): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ...(ca === undefined ? {} : { ca }), timeout: 3000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer')));
    req.on('error', reject);
  });
}

/** Running: in /proc and not a zombie (an exited process its new parent has not reaped yet has stopped all the same). */
const alive = (pid: number): boolean => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'patx-cluster-'));
  basePort = await freeBase();
});

afterAll(async () => {
  // A failed test leaves nothing behind: down, then SIGKILL whatever cluster.json still names.
  if (existsSync(path.join(dir, 'cluster.json'))) {
    const pids = (JSON.parse(readFileSync(path.join(dir, 'cluster.json'), 'utf8')) as Status).processes.map((p) => p.pid);
    await patx(['cluster', 'down', '--dir', dir]);
    for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  removeDir(dir);
}, 120_000);

describe('patx cluster', () => {
  it('comes up over TLS, fails over when the leader is killed, starts it again as a standby, and goes down leaving nothing running', async () => {
    const upRun = await patx(['--json', 'cluster', 'up', '--dir', dir, '--base-port', String(basePort)]);
    expect(upRun.code, upRun.stderr).toBe(0);
    const up = JSON.parse(upRun.stdout) as Up;
    const ca = readFileSync(up.ca);
    const leader = up.nodes.find((n) => n.name === up.leader)!;
    expect(leader.url).toBe(`https://127.0.0.1:${basePort}`);

    // The leader over TLS, trusting the generated CA; refused by a client that does not trust it.
    const health = await get(`${leader.url}/healthz`, ca);
    expect([health.status, health.body['role']]).toEqual([200, 'leader']);
    await expect(get(`${leader.url}/healthz`, undefined)).rejects.toThrow(/certificate/i);

    // The edge's status port over TLS, as a load balancer in front of edges reads it; its market data over wss, trusting the CA.
    expect(up.edge.url).toBe(`https://127.0.0.1:${basePort + 30}`);
    const edgeReady = await get(`${up.edge.url}/readyz`, ca);
    expect([edgeReady.status, edgeReady.body['role'], edgeReady.body['maxLagSeqs']]).toEqual([200, 'edge', 10_000]);
    // The broker's quotes keep journaling: the edge may be a few commands behind, never past its bound while ready.
    expect(edgeReady.body['lagSeqs']).toBeGreaterThanOrEqual(0);
    expect(edgeReady.body['lagSeqs']).toBeLessThanOrEqual(10_000);
    const market = await MarketDataClient.connect(up.edge.marketDataUrl, { tls: { ca } });
    try {
      expect((await market.series()).length).toBeGreaterThan(0);
    } finally {
      await market.close();
    }

    // A failover: kill -9 the leader; another node leads (its /readyz 200 over TLS), and status says so.
    process.kill(leader.pid, 'SIGKILL');
    const others = up.nodes.filter((n) => n !== leader);
    let successor = '';
    await until(async () => {
      for (const n of others) {
        const ready = await get(`${n.url}/readyz`, ca).catch(() => undefined);
        if (ready?.status === 200) successor = n.name;
      }
      return successor !== '';
    }, 'another node to lead', 60_000);
    const statusRun = await patx(['--json', 'cluster', 'status', '--dir', dir]);
    expect(statusRun.code, statusRun.stderr).toBe(0);
    const status = JSON.parse(statusRun.stdout) as Status;
    expect(status.leader).toBe(successor);
    expect(status.processes.find((p) => p.name === leader.name)).toMatchObject({ running: false, role: 'stopped' });
    // The edge stays ready through the failover: it follows the stream, whoever writes it.
    expect(status.processes.find((p) => p.name === 'edge')).toMatchObject({ running: true, role: 'ready' });
    expect(status.processes.filter((p) => p.running).map((p) => p.name).sort()).toEqual(['n1', 'n2', 'n3', ...others.map((n) => n.name), 'edge'].sort());

    // Up again starts only what stopped: the killed node, which follows the new leader as a standby.
    const againRun = await patx(['--json', 'cluster', 'up', '--dir', dir]);
    expect(againRun.code, againRun.stderr).toBe(0);
    const again = JSON.parse(againRun.stdout) as Up & { started: string[] };
    expect([again.started, again.leader]).toEqual([[leader.name], successor]);
    const back = again.nodes.find((n) => n.name === leader.name)!;
    expect(back.pid).not.toBe(leader.pid);
    expect((await get(`${back.url}/healthz`, ca)).body['role']).toBe('standby');

    // Down: every process it started has exited.
    const downRun = await patx(['cluster', 'down', '--dir', dir]);
    expect(downRun.code, downRun.stderr).toBe(0);
    expect([...status.processes.map((p) => p.pid), back.pid].filter(alive)).toEqual([]);
    expect(existsSync(path.join(dir, 'cluster.json'))).toBe(false);
  }, 300_000);
});
