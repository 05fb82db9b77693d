/**
 * A process that forks a demo provider server (src/demo/provider-process.ts) and then does
 * nothing: test/demo/provider-process.test.ts kills it to see that its child does not outlive it.
 * Its argument: the fork's start (JSON, without `type`); it prints `{"pid": <the child's>}` once
 * the child listens.
 */
import { forkProviderServer } from '../../src/demo/provider-process.js';
import type { ProviderChildStart } from '../../src/demo/provider-child-messages.js';
import { createLogger } from '../../src/runtime/log.js';

const start = JSON.parse(process.argv[2] ?? '{}') as Omit<ProviderChildStart, 'type'>;
const server = await forkProviderServer(start, createLogger('silent'));
process.stdout.write(`${JSON.stringify({ pid: server.pid })}\n`);
setInterval(() => undefined, 60_000);
