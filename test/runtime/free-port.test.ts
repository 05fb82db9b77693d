import { spawn } from 'node:child_process';
import { createServer, Socket } from 'node:net';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../src/runtime/free-port.js';

const ephemeralLow = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);

describe('freePort', () => {
  it('hands out distinct ports below the kernel ephemeral range that a server can then bind', async () => {
    const ports: number[] = [];
    for (let i = 0; i < 20; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) expect(port).toBeLessThan(ephemeralLow);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(ports[0], '127.0.0.1', resolve);
    });
    server.close();
  });

  it('an outgoing connection never takes the port as its source port (those come from the ephemeral range)', async () => {
    const port = await freePort();
    const target = createServer((s) => s.destroy());
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const address = target.address();
    const targetPort = typeof address === 'object' && address !== null ? address.port : 0;
    const sources: number[] = [];
    for (let i = 0; i < 20; i++) {
      const socket = new Socket();
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.connect(targetPort, '127.0.0.1', resolve);
      });
      sources.push(socket.localPort!);
      socket.destroy();
    }
    target.close();
    for (const source of sources) expect(source).toBeGreaterThanOrEqual(ephemeralLow);
    expect(sources).not.toContain(port);
  });

  it('a port another process handed out and still holds is not handed out here; its exit frees it', { timeout: 60_000 }, async () => {
    // 400 ports each among the ~22,000 below the range: without the notes about seven would be the same.
    const script = `import { freePort } from './src/runtime/free-port.ts';
      const ports = []; for (let i = 0; i < 400; i++) ports.push(await freePort());
      console.log(JSON.stringify(ports)); process.stdin.resume(); process.stdin.on('end', () => process.exit(0));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    while (!out.includes('\n')) {
      if (child.exitCode !== null) throw new Error('the child process exited before printing its ports');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const theirs = JSON.parse(out) as number[];
    const notes = join(tmpdir(), 'patx-ports');
    expect(readFileSync(join(notes, String(theirs[0])), 'utf8')).toBe(String(child.pid));
    const ours = new Set<number>();
    for (let i = 0; i < 400; i++) ours.add(await freePort());
    expect(theirs.filter((p) => ours.has(p))).toEqual([]);
    child.stdin.end();
    await once(child, 'exit');
    expect(theirs.filter((p) => existsSync(join(notes, String(p))))).toEqual([]);
  });
});
