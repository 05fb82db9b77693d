/**
 * Where the stream ends (src/replication/stream-end.ts), read for a follower's lag: a damaged last message on the stream
 * leaves the last good value and never escapes as an unhandled rejection (which ends a Node process: an edge test saw one
 * when its damaged message happened to be the last). NATS is stood in for by an object answering getMessage: what is
 * tested is the reader's handling of what it gets, and test/replication/edge.test.ts puts a real damaged message on a
 * real stream.
 */
import { headers } from '@nats-io/transport-node';
import type { JetStreamManager } from '@nats-io/jetstream';
import { afterEach, describe, expect, it } from 'vitest';
import { StreamEnd } from '../../src/replication/stream-end.js';
import { HEADER_EPOCH, HEADER_KIND, HEADER_LAST_SEQ, MessageKind } from '../../src/replication/stream.js';

const NAMES = { stream: 'S', subject: 's' };

function answering(messages: Array<{ header: ReturnType<typeof headers> | undefined; seq: number }>): JetStreamManager {
  let i = 0;
  return { streams: { getMessage: () => Promise.resolve(messages[Math.min(i++, messages.length - 1)]) } } as unknown as JetStreamManager;
}

describe('the stream end a follower reads for its lag', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): number => unhandled.push(reason);
  let end: StreamEnd | undefined;
  afterEach(() => {
    end?.stop();
    process.off('unhandledRejection', onUnhandled);
  });

  it('keeps the last good seq when the last message is damaged, and throws nothing into the process', async () => {
    process.on('unhandledRejection', onUnhandled);
    const good = headers();
    good.set(HEADER_KIND, MessageKind.RECORD);
    good.set(HEADER_LAST_SEQ, '41');
    good.set(HEADER_EPOCH, '1');
    end = new StreamEnd();
    end.start(answering([{ header: good, seq: 14 }, { header: undefined, seq: 15 }]), NAMES);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(end.lastSeq).toBe(41);
    expect(end.lagOf(40)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // two more reads, of the damaged message
    expect(end.lastSeq).toBe(41);
    expect(unhandled).toEqual([]);
  });
});
