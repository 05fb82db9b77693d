/**
 * How many copies the group's streams keep: the leader reads each stream's replicas every
 * few seconds (the journal's, the catalog's, the lease bucket's) and says when one is not
 * current (its nats-server gone, or behind). A group of three servers that lost one goes on
 * writing, but one more loss stops every acknowledgement: an operator must know before
 * that, not after (alarm 'replication-redundancy-lost', docs/alarms.md).
 */
import type { JetStreamManager } from '@nats-io/jetstream';
import { labelledMetricLines, labelValue } from '../runtime/prometheus-text.js';

/** How often the streams' replicas are read. */
export const REDUNDANCY_READ_MS = 2_000;

export interface StreamCopies {
  stream: string;
  /** Copies the stream is configured to keep. */
  expected: number;
  /** Copies current now: its leader and every replica that is current and online (0 when the stream has no leader or could not be read). */
  current: number;
  /** The servers whose copy is not current, each with why (offline; not current, how far behind and when last heard: how nats-server 2.9 shows a server killed a moment ago; no leader). */
  missing: string[];
}

/** What to do when a stream's copies change: raise or clear the alarm. */
export interface RedundancyEvents {
  lost(copies: StreamCopies): void;
  whole(stream: string): void;
}

/** A stream's copies from its info (JetStream's cluster section). */
export function copiesOf(stream: string, expected: number, cluster: { leader?: string; replicas?: Array<{ name: string; current: boolean; offline?: boolean; lag?: number; active?: number }> } | undefined): StreamCopies {
  if (expected <= 1) return { stream, expected, current: cluster?.leader === undefined ? 0 : 1, missing: [] };
  if (cluster?.leader === undefined) return { stream, expected, current: 0, missing: ['no leader'] };
  const missing: string[] = [];
  let current = 1;
  for (const r of cluster.replicas ?? []) {
    if (r.current && r.offline !== true) current++;
    else if (r.offline === true) missing.push(`${r.name} offline`);
    else {
      const why = [r.lag === undefined ? '' : `${r.lag} operations behind`, r.active === undefined ? '' : `last heard ${Math.round(r.active / 1e9)} s ago`];
      missing.push(`${r.name} not current (${why.filter((x) => x !== '').join(', ')})`);
    }
  }
  // A replica the leader does not list at all (a server the cluster forgot) is missing too.
  for (let i = current + missing.length; i < expected; i++) missing.push('a replica not listed');
  return { stream, expected, current, missing };
}

export class StreamRedundancy {
  private readonly copies = new Map<string, StreamCopies>();
  private timer: NodeJS.Timeout | undefined;
  private reading = false;
  /** Streams whose loss was told, with what was told (told again when it changes). */
  private readonly told = new Map<string, string>();

  constructor(
    private readonly jsm: JetStreamManager,
    /** The streams to watch and the copies each should keep. */
    private readonly streams: ReadonlyArray<{ stream: string; expected: number }>,
    private readonly on: RedundancyEvents,
  ) {}

  start(readEveryMs = REDUNDANCY_READ_MS): void {
    if (this.timer !== undefined) return;
    void this.read();
    this.timer = setInterval(() => void this.read(), readEveryMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Each watched stream's copies as last read (none until the first read answers). */
  status(): StreamCopies[] {
    return [...this.copies.values()];
  }

  metricLines(): string[] {
    const read = this.status();
    return [
      ...labelledMetricLines('gauge', 'patx_replication_stream_copies', "Copies of each of the group's streams that are current (its leader and current replicas), read every 2 s by the leader.", read.map((c) => [`stream="${labelValue(c.stream)}"`, c.current])),
      ...labelledMetricLines('gauge', 'patx_replication_stream_copies_expected', 'Copies each stream is configured to keep.', read.map((c) => [`stream="${labelValue(c.stream)}"`, c.expected])),
    ];
  }

  /** Reads every stream once (one read at a time: a slow one is not stacked); a loss is told once it is seen at two reads in a row. */
  async read(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      for (const { stream, expected } of this.streams) {
        let copies: StreamCopies;
        try {
          copies = copiesOf(stream, expected, (await this.jsm.streams.info(stream)).cluster);
        } catch (error) {
          copies = { stream, expected, current: 0, missing: [`not read: ${(error as Error).message}`] };
        }
        const before = this.copies.get(stream);
        this.copies.set(stream, copies);
        if (copies.current >= expected) {
          if (this.told.delete(stream)) this.on.whole(stream);
          continue;
        }
        // Short of copies at two reads in a row: a replica that is briefly behind under load is not an alarm.
        if (before === undefined || before.current >= expected) continue;
        const said = `${copies.current} ${copies.missing.map((m) => m.split(' ')[0]).join()}`; // not the lag, which moves at every read
        if (this.told.get(stream) === said) continue;
        this.told.set(stream, said);
        this.on.lost(copies);
      }
    } finally {
      this.reading = false;
    }
  }
}
