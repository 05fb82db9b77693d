/**
 * The gate and its push delivery, opened once the port is bound (the gate's endpoint names it):
 * the gate at `<base>/records`, the stream hub (POST /records/stream) and the webhook pusher
 * (POST /records/push), whose every batch sent (a stream's) or taken (a webhook's) is reported as a delivery's evidence.
 */
import { Gate, Pusher, StreamHub, type AccessGrant } from '../gate/index.js';
import type { Deliveries } from './deliveries.js';
import type { ProviderPushOptions, ProviderServerOptions } from './options.js';
import type { DeliveryReport } from './report-queue.js';
import type { OpenGate } from './routes.js';

/**
 * Opens the gate, then the streams and the pusher (not started). The server sets them where the routes
 * read them (`OpenGate`) and starts the pusher once the gate has read the exchange's revocations.
 */
export function openGate(o: ProviderServerOptions, provider: string, base: string, deliveries: Deliveries, push: ProviderPushOptions, report: (r: DeliveryReport) => void): Required<OpenGate> {
  const periodOf = push.periodMs;
  const periodMs = typeof periodOf === 'number' ? () => periodOf : periodOf;
  const batch = deliveries.batch;
  // A right is counted only once its window has a record (a model feed before its first signal there has none): pull, stream and webhook alike.
  const hasRecords = (grant: AccessGrant): boolean => deliveries.recordsOf(grant, 0, 1).length > 0;
  const gate = new Gate({ ...o, provider, endpoint: `${base}/records`, hasRecords });
  const streams = new StreamHub(gate, {
    batch,
    periodMs,
    maxStreams: push.maxStreams,
    maxStreamsPerGrant: push.maxStreamsPerGrant,
    heartbeatMs: push.heartbeatMs,
    log: o.log,
    onBatch: (p, request) => {
      o.log.info({ grantId: p.grantId, seq: p.seq, remaining: p.remaining }, 'records streamed');
      // The evidence of a streamed batch: the consumer's signed stream request and the signed batch sent on it.
      report({ grantId: p.grantId, rights: 1, outcome: 'streamed', delivery: p.delivery, deliverySignature: p.deliverySignature, stream: { seq: p.seq, request } });
    },
  });
  const pusher = new Pusher(gate, {
    batch,
    periodMs,
    retry: push.retry,
    timeoutMs: push.webhookTimeoutMs,
    maxPerGrant: push.maxPushesPerGrant,
    maxTotal: push.maxPushes,
    log: o.log,
    onDelivered: (r, p, answer) => {
      o.log.info({ grantId: r.grantId, seq: p.seq, remaining: p.remaining, status: answer.status }, 'records pushed to webhook');
      // The evidence of a push: the consumer's authorisation of this URL, the signed batch it took, and what answered.
      report({ grantId: r.grantId, rights: 1, outcome: 'pushed', delivery: p.delivery, deliverySignature: p.deliverySignature, push: { seq: p.seq, authorisation: r.authorisation, answer } });
    },
  });
  return { gate, streams, pusher };
}
