/**
 * A full garbage collection in another node process and its worker threads, over its inspector
 * (the process started with `--inspect=127.0.0.1:<port>`): the soak samples a service's memory
 * right after one, so a sample is what the service retains, not the garbage its old generations
 * hold until V8's next mark-compact (the service runs with --no-memory-reducer, so its heaps are
 * not compacted when quiet, and heap used climbs for minutes between mark-compacts with nothing
 * retained). The workers (the market-data thread, the intake's) are reached through the main
 * target's NodeWorker domain; their heaps are not in the main thread's `process.memoryUsage()`.
 */
import WebSocket from 'ws';

interface Reply {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
}

export interface WorkerHeap {
  /** The worker's title (its file's name, as node reports it). */
  title: string;
  usedBytes: number;
}

export class InspectorGc {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: Reply) => void>();
  /** Attached workers' inspector sessions, by session id. */
  private readonly workers = new Map<string, string>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.receive(JSON.parse(String(data)) as Reply));
  }

  private receive(reply: Reply): void {
    if (reply.method === 'NodeWorker.attachedToWorker') {
      const p = reply.params as { sessionId: string; workerInfo: { title: string; url: string } };
      this.workers.set(p.sessionId, p.workerInfo.title || p.workerInfo.url);
    } else if (reply.method === 'NodeWorker.detachedFromWorker') {
      this.workers.delete((reply.params as { sessionId: string }).sessionId);
    } else if (reply.method === 'NodeWorker.receivedMessageFromWorker') {
      this.receive(JSON.parse((reply.params as { message: string }).message) as Reply);
    } else if (reply.id !== undefined) {
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
    }
  }

  /** Connects to the inspector listening on `port` (retrying while the process starts). */
  static async connect(port: number, timeoutMs = 60_000): Promise<InspectorGc> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
        const url = targets[0]?.webSocketDebuggerUrl;
        if (url !== undefined) {
          const socket = new WebSocket(url);
          await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
          const gc = new InspectorGc(socket);
          await gc.call('NodeWorker.enable', { waitForDebuggerOnStart: false });
          return gc;
        }
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`no inspector on port ${port} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** A call on the main target, or (with `sessionId`) on a worker's. */
  private async call(method: string, params: object = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const reply = await new Promise<Reply>((resolve) => {
      this.pending.set(id, resolve);
      const message = JSON.stringify({ id, method, params });
      this.socket.send(sessionId === undefined ? message : JSON.stringify({ id: this.nextId++, method: 'NodeWorker.sendMessageToWorker', params: { sessionId, message } }));
    });
    if (reply.error !== undefined) throw new Error(`${method}: ${reply.error.message}`);
    return reply.result ?? {};
  }

  /** A full (mark-compact) collection of the main heap and every worker's; resolves when all are done. */
  async collectGarbage(): Promise<void> {
    await this.call('HeapProfiler.collectGarbage');
    for (const sessionId of [...this.workers.keys()]) await this.call('HeapProfiler.collectGarbage', {}, sessionId).catch(() => undefined); // a worker may end meanwhile
  }

  /** Each worker's heap used (after `collectGarbage`, what it retains). */
  async workerHeaps(): Promise<WorkerHeap[]> {
    const out: WorkerHeap[] = [];
    for (const [sessionId, title] of [...this.workers]) {
      const usage = await this.call('Runtime.getHeapUsage', {}, sessionId).catch(() => undefined);
      if (usage !== undefined) out.push({ title, usedBytes: Number(usage.usedSize) });
    }
    return out;
  }

  close(): void {
    this.socket.close();
  }
}
