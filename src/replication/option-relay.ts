/**
 * The OPTION market-data channel across nodes. The broker's option models are the leader's
 * quoter's opinion, not journaled state, so they cannot reach an edge through the journal
 * stream; the leader sends them beside it on core NATS instead:
 *
 * - `<subject>.options`: each repricing's changed models, with the seqs the leader's
 *   market-data thread gave them (src/gateway/option-models.ts);
 * - `<subject>.options.board` (request, reply): every model the leader keeps.
 *
 * An edge asks for the board when it starts and again every BOARD_REFRESH_MS (a model lost
 * on core NATS, or a new leader's board after a failover, arrives that way), and applies
 * the changes as they come. Models keep the leader's seqs, so an edge serves each one with
 * the seq the leader's own market data gives it. The journal stream's subject is exact
 * (src/replication/stream.ts), so these subjects are not captured by it.
 */
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import type { Logger } from '../runtime/log.js';
import type { OptionModelFields } from '../gateway/index.js';
import type { ReplicationConfig } from './config.js';

/** How often an edge takes the leader's whole board again. */
export const BOARD_REFRESH_MS = 2_000;
/** How long an edge waits for the board's answer (no leader answers while a failover is under way). */
const BOARD_TIMEOUT_MS = 1_000;

const changesSubject = (subject: string): string => `${subject}.options`;
const boardSubject = (subject: string): string => `${subject}.options.board`;

/** What the leader's side needs: its market-data thread's numbered models. */
export interface OptionModelOrigin {
  onOptionModels(listener: (changed: readonly OptionModelFields[]) => void): void;
  optionModelsNow(): OptionModelFields[];
}

/** What the edge's side feeds: its market-data thread. */
export interface OptionModelSink {
  relayOptionModels(models: readonly OptionModelFields[], whole: boolean): void;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function encode(models: readonly OptionModelFields[]): Uint8Array {
  return encoder.encode(JSON.stringify(models));
}

function decode(data: Uint8Array): OptionModelFields[] {
  const value: unknown = JSON.parse(decoder.decode(data));
  if (!Array.isArray(value)) throw new Error('option models: not a list');
  return value.filter(isModel);
}

function isModel(v: unknown): v is OptionModelFields {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  return ['seriesId', 'seq', 'pricedAtMs', 'strikeMicros', 'forwardMicros', 'forwardExactMicros', 'markMicros', 'sigmaAnnual', 'sigmaMarketAnnual', 'timeYears', 'valueMicros', 'delta', 'gamma', 'vega', 'theta', 'bidMicros', 'askMicros'].every(
    (k) => typeof m[k] === 'number' && Number.isFinite(m[k]),
  );
}

/** The leader's side: publishes every numbered change and answers board requests until stopped. */
export function publishOptionModels(nc: NatsConnection, subject: string, origin: OptionModelOrigin, logger: Logger): { stop(): void } {
  const log = logger.child({ module: 'option-relay' });
  let stopped = false;
  origin.onOptionModels((changed) => {
    if (stopped || nc.isClosed()) return;
    try {
      nc.publish(changesSubject(subject), encode(changed));
    } catch (error) {
      log.warn({ err: error }, 'option models not sent to the edges');
    }
  });
  const board: Subscription = nc.subscribe(boardSubject(subject), {
    callback: (error, msg) => {
      if (error !== null || stopped) return;
      msg.respond(encode(origin.optionModelsNow()));
    },
  });
  return {
    stop() {
      stopped = true;
      board.unsubscribe();
    },
  };
}

/** The edge's side: the leader's board at start and every BOARD_REFRESH_MS, its changes as they come. */
export function followOptionModels(nc: NatsConnection, subject: string, sink: OptionModelSink, logger: Logger): { stop(): void } {
  const log = logger.child({ module: 'option-relay' });
  let stopped = false;
  const changes = nc.subscribe(changesSubject(subject), {
    callback: (error, msg) => {
      if (error !== null || stopped) return;
      try {
        sink.relayOptionModels(decode(msg.data), false);
      } catch (e) {
        log.warn({ err: e }, 'option models from the leader not read');
      }
    },
  });
  const takeBoard = (): void => {
    nc.request(boardSubject(subject), new Uint8Array(0), { timeout: BOARD_TIMEOUT_MS }).then(
      (msg) => {
        if (!stopped) sink.relayOptionModels(decode(msg.data), true);
      },
      // No leader answers (none yet, or a failover under way): the next refresh asks again.
      () => undefined,
    );
  };
  takeBoard();
  const timer = setInterval(takeBoard, BOARD_REFRESH_MS);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
      changes.unsubscribe();
    },
  };
}

/**
 * The leader's side as the service runs it: a NATS connection of its own (the replication
 * node's belongs to the lease and the shipper), opened in the background so the gateway's
 * start does not wait on it. Until it is open, edges have no OPTION models.
 */
export function startOptionModelRelay(replication: Pick<ReplicationConfig, 'servers' | 'subject' | 'node'>, origin: OptionModelOrigin, logger: Logger): { stop(): Promise<void> } {
  const log = logger.child({ module: 'option-relay' });
  let stopped = false;
  const running = connect({ servers: replication.servers, name: `patx-options-${replication.node}`, maxReconnectAttempts: -1 }).then(
    (nc) => {
      if (stopped) {
        void nc.close();
        return undefined;
      }
      return { nc, publisher: publishOptionModels(nc, replication.subject, origin, logger) };
    },
    (error: unknown) => {
      log.warn({ err: error }, 'option models not relayed to edges: no NATS connection');
      return undefined;
    },
  );
  return {
    async stop() {
      stopped = true;
      const r = await running;
      r?.publisher.stop();
      await r?.nc.close().catch(() => undefined);
    },
  };
}
