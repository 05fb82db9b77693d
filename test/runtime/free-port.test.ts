import { createServer, Socket } from 'node:net';
import { readFileSync } from 'node:fs';
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
});
