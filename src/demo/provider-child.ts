/**
 * A demo provider server in a process of its own (forked by provider-process.ts through
 * src/gateway/worker-boot.mjs): the service's thread runs the matching engine, and a stranger's
 * downloads (signature checks, file building, JSON) must not take it. It is told what to serve
 * by the first IPC message, answers with the endpoint it bound, and lives only as long as that
 * channel: when the service goes (stopped, crashed, killed) the channel closes and this process
 * closes its server and exits, so none is left behind.
 */
import path from 'node:path';
import { createLogger } from '../runtime/log.js';
import { FeedSignalStore } from './feed-signals.js';
import type { FromProviderChild, ProviderChildStart, ToProviderChild } from './provider-child-messages.js';
import { startDemoProviderServer, startFeedProviderServer, type DemoProviderServer } from './provider-servers.js';

/** How long closing may take before the process exits anyway. */
const CLOSE_WITHIN_MS = 5_000;

function send(message: FromProviderChild): void {
  if (process.connected) process.send?.(message);
}

async function start(m: ProviderChildStart): Promise<DemoProviderServer> {
  const log = createLogger(m.logLevel).child({ module: 'provider-server', ...(m.kind === 'feed' ? { feed: true } : {}) });
  const o = {
    dataDir: m.dataDir,
    host: m.host,
    port: m.port,
    ...(m.publicUrl === undefined ? {} : { publicUrl: m.publicUrl }),
    ...(m.security === undefined ? {} : { security: m.security }),
    exchangeUrl: m.exchangeUrl,
    webhookAllow: m.webhookAllow,
    log,
  };
  if (m.kind === 'demo') return startDemoProviderServer(o);
  if (m.feedStore === undefined) throw new Error('the feed provider server needs its signal store');
  return startFeedProviderServer(new FeedSignalStore(path.resolve(m.feedStore.dir), m.feedStore.modelConfigSha), o);
}

let server: DemoProviderServer | undefined;
let starting: Promise<DemoProviderServer> | undefined;
let closing = false;

/** Closes the server (once), then exits; exits anyway if closing hangs. */
function closeAndExit(code: number): void {
  if (closing) return;
  closing = true;
  setTimeout(() => process.exit(code === 0 ? 1 : code), CLOSE_WITHIN_MS).unref();
  void (starting ?? Promise.resolve(server))
    .catch(() => undefined)
    .then((s) => s?.close())
    .catch(() => undefined)
    .finally(() => process.exit(code));
}

if (process.send === undefined) {
  process.stderr.write('provider-child: runs only forked by the service (src/demo/provider-process.ts)\n');
  process.exit(2);
}

process.on('message', (message: ToProviderChild) => {
  if (message.type === 'start' && starting === undefined && !closing) {
    starting = start(message);
    starting.then(
      (s) => {
        server = s;
        send({ type: 'listening', endpoint: s.endpoint, port: s.port });
      },
      (error: unknown) => {
        const e = error as { message?: string; code?: unknown };
        send({ type: 'failed', message: e.message ?? String(error), ...(typeof e.code === 'string' ? { code: e.code } : {}) });
        closeAndExit(1);
      },
    );
  } else if (message.type === 'listings-changed') {
    void (server?.listingsChanged() ?? Promise.resolve()).finally(() => send({ type: 'listings-read' }));
  } else if (message.type === 'stop') {
    closeAndExit(0);
  }
});
// The service went (stopped, crashed or killed): nothing must outlive it.
process.on('disconnect', () => closeAndExit(0));
// Ctrl-C and a closed terminal reach the whole process group: the service stops this process itself, in its order.
process.on('SIGINT', () => undefined);
process.on('SIGHUP', () => undefined);
process.on('SIGTERM', () => closeAndExit(0));
