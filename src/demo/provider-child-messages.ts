/**
 * What the demo's provider server process (provider-child.ts) and the service that forked it
 * (provider-process.ts) say over the fork's IPC channel. Plain JSON: the channel serializes it.
 */
import type { DemoProviderServerOptions } from './provider-servers.js';

/** Which demo provider's server: the demo provider's listings, or the demo model feed's. */
export type DemoProviderKind = 'demo' | 'feed';

/** Everything the child starts its server with (DemoProviderServerOptions without the logger, which it makes, and the retry policy). */
export interface ProviderChildStart extends Omit<DemoProviderServerOptions, 'log' | 'retry'> {
  type: 'start';
  kind: DemoProviderKind;
  /** The service's log level: the child logs as it would. */
  logLevel: string;
  /** The feed's signal store (its directory and model config), for kind 'feed'. */
  feedStore?: { dir: string; modelConfigSha: string };
}

export type ToProviderChild = ProviderChildStart | { type: 'listings-changed' } | { type: 'stop' };

export type FromProviderChild =
  | { type: 'listening'; endpoint: string; port: number }
  | { type: 'failed'; message: string; code?: string }
  | { type: 'listings-read' };
