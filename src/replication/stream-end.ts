/**
 * Where the stream ends, read every half second: a follower's lag (a standby's, an edge's) is
 * that minus what it applied. Health answers and scrapes read the last value, never NATS.
 */
import type { JetStreamManager } from '@nats-io/jetstream';
import { metaOf, type StreamNames } from './stream.js';

/** How often a follower reads where the stream ends, for its lag. */
const STREAM_END_READ_MS = 500;

export class StreamEnd {
  /** The last engine seq the stream held when last read; undefined until read. */
  private seq: number | undefined;
  private reader: NodeJS.Timeout | undefined;

  get lastSeq(): number | undefined {
    return this.seq;
  }

  /** How far `appliedSeq` is behind the stream's end (at least 0); undefined until read. */
  lagOf(appliedSeq: number): number | undefined {
    return this.seq === undefined ? undefined : Math.max(0, this.seq - appliedSeq);
  }

  start(jsm: JetStreamManager, names: StreamNames): void {
    if (this.reader !== undefined) return;
    const read = (): void => {
      jsm.streams.getMessage(names.stream, { last_by_subj: names.subject }).then(
        (m) => {
          if (m === null) return;
          // A damaged last message (no kind, no seq) leaves the last value read: the follower reports the damage when it
          // reaches it. Thrown here it was an unhandled rejection, which ends the process (an edge test saw one).
          try {
            this.seq = metaOf(m.header, m.seq).lastSeq;
          } catch {
            return;
          }
        },
        () => undefined, // NATS away: the last value read stands (the follower reports the outage)
      );
    };
    read();
    this.reader = setInterval(read, STREAM_END_READ_MS);
    this.reader.unref();
  }

  stop(): void {
    if (this.reader !== undefined) clearInterval(this.reader);
    this.reader = undefined;
  }
}
