/**
 * A TCP proxy on 127.0.0.1 whose client-to-server direction can be stalled and resumed:
 * what a paused process looks like to the server (its writes sit in a socket buffer, then
 * arrive all at once), made on demand for one client among several. Real sockets both
 * ways; nothing is parsed.
 */
import net from 'node:net';

export class StallingProxy {
  private stalled = false;
  private readonly held: Array<{ upstream: net.Socket; chunk: Buffer }> = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  /** Listens on a free port of 127.0.0.1 and forwards every connection to `target` (host:port). */
  static async start(target: { host: string; port: number }): Promise<StallingProxy> {
    let proxy: StallingProxy | undefined;
    const server = net.createServer((client) => proxy!.forward(client, target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new StallingProxy(server, (server.address() as net.AddressInfo).port);
    return proxy;
  }

  private forward(client: net.Socket, target: { host: string; port: number }): void {
    const upstream = net.connect(target.port, target.host);
    this.sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      if (this.stalled) this.held.push({ upstream, chunk });
      else upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const close = (): void => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  }

  /** From now on the client's bytes wait here. */
  stall(): void {
    this.stalled = true;
  }

  /** Sends what waited, in order, and forwards again. */
  resume(): void {
    this.stalled = false;
    this.release();
  }

  /** Sends what waited, in order, and stays stalled: what comes next waits. */
  release(): void {
    for (const { upstream, chunk } of this.held.splice(0)) upstream.write(chunk);
  }

  /** Bytes held while stalled. */
  get heldBytes(): number {
    return this.held.reduce((sum, h) => sum + h.chunk.length, 0);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
