/**
 * The reference model's own record of its signals (`<dataDir>/model-feed/signals.jsonl`),
 * append-only: what it meant to send (`intent`, written before the POST, so a restart sends
 * the very same content again and the exchange's idempotent retry answers), what the exchange
 * committed (`committed`: its receive time and seq) and how each outcome ended (`outcome`).
 * The reference provider server serves the committed signals as the feed's records (records
 * below), so what a consumer downloads is what the exchange stamped. The provider server runs in a
 * process of its own (provider-child.ts) and opens the same file: it reads what was appended since
 * (catchUp) before it serves, as the reference model writes it.
 */
import { appendFileSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import path from 'node:path';

export interface FeedSignal {
  signalId: string;
  /** The series id the position is on (decimal). */
  instrument: string;
  position: number;
  /** The exchange's receive time and sequence; absent until committed. */
  atMs?: number;
  seq?: number;
  /** How its outcome ended: posted (and agreed), or given up (the reason: too late, a mismatch). */
  outcome?: { outcomeBps: number } | { gaveUp: string };
}

type Entry =
  | { type: 'intent'; signalId: string; instrument: string; position: number }
  | { type: 'committed'; signalId: string; atMs: number; seq: number }
  | { type: 'outcome'; signalId: string; outcomeBps: number }
  | { type: 'gave-up'; signalId: string; reason: string };

/** A feed record as the listing's schema names its columns. */
export type FeedRecord = Record<string, string | number>;

export class FeedSignalStore {
  private readonly file: string;
  private readonly signals = new Map<string, FeedSignal>();
  /** Committed signals in the exchange's time order (its seq). */
  private committedList: FeedSignal[] = [];
  /** Bytes of the file read so far (whole lines). */
  private readBytes = 0;

  constructor(
    dir: string,
    /** Stamped on every record: the model config the signal came from (its lineage). */
    private readonly modelConfigSha: string,
  ) {
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, 'signals.jsonl');
    this.catchUp();
  }

  /** Reads the lines appended to the file since it last read it (another process's writes): whole lines only. */
  catchUp(): void {
    if (!existsSync(this.file)) return;
    const fd = openSync(this.file, 'r');
    let text: string;
    try {
      const size = fstatSync(fd).size;
      if (size <= this.readBytes) return;
      const bytes = Buffer.alloc(size - this.readBytes);
      const n = readSync(fd, bytes, 0, bytes.length, this.readBytes);
      // Up to the last newline: a line still being written is read next time.
      const end = bytes.lastIndexOf(0x0a, n - 1) + 1;
      if (end === 0) return;
      this.readBytes += end;
      text = bytes.subarray(0, end).toString('utf8');
    } finally {
      closeSync(fd);
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let entry: Entry;
      try {
        entry = JSON.parse(line) as Entry;
      } catch {
        continue; // a line cut short by a crash: its POST was never sent or will be sent again
      }
      this.apply(entry);
    }
    this.sortCommitted();
  }

  get(signalId: string): FeedSignal | undefined {
    return this.signals.get(signalId);
  }

  /** Signals meant but not yet committed: sent again after a restart. */
  uncommitted(): FeedSignal[] {
    return [...this.signals.values()].filter((s) => s.atMs === undefined);
  }

  /** Committed signals without an outcome yet (posted or given up). */
  pendingOutcomes(): FeedSignal[] {
    return this.committedList.filter((s) => s.outcome === undefined);
  }

  committed(): readonly FeedSignal[] {
    return this.committedList;
  }

  intend(s: { signalId: string; instrument: string; position: number }): FeedSignal {
    const existing = this.signals.get(s.signalId);
    if (existing !== undefined) return existing; // an id is meant once: never edited
    this.write({ type: 'intent', ...s });
    return this.signals.get(s.signalId)!;
  }

  commit(signalId: string, atMs: number, seq: number): void {
    const s = this.signals.get(signalId);
    if (s === undefined || s.atMs !== undefined) return;
    this.write({ type: 'committed', signalId, atMs, seq });
    this.sortCommitted();
  }

  outcomePosted(signalId: string, outcomeBps: number): void {
    if (this.signals.get(signalId)?.outcome === undefined) this.write({ type: 'outcome', signalId, outcomeBps });
  }

  gaveUp(signalId: string, reason: string): void {
    if (this.signals.get(signalId)?.outcome === undefined) this.write({ type: 'gave-up', signalId, reason });
  }

  /**
   * The records one right of a window delivers: the newest `count` signals the exchange
   * committed within [openMs, min(atMs, closeMs)), oldest first.
   */
  records(openMs: number, closeMs: number, count: number, atMs: number): FeedRecord[] {
    const until = Math.min(atMs, closeMs);
    const inWindow = this.committedList.filter((s) => s.atMs! >= openMs && s.atMs! < until);
    return inWindow.slice(Math.max(0, inWindow.length - count)).map((s) => ({
      signal_id: s.signalId,
      signal_time: new Date(s.atMs!).toISOString(),
      instrument: s.instrument,
      position: s.position,
      model_config_sha: this.modelConfigSha,
    }));
  }

  private write(entry: Entry): void {
    // Synchronous: on disk before the POST it precedes.
    const line = `${JSON.stringify(entry)}\n`;
    appendFileSync(this.file, line);
    this.readBytes += Buffer.byteLength(line);
    this.apply(entry);
  }

  private apply(e: Entry): void {
    const s = this.signals.get(e.signalId);
    switch (e.type) {
      case 'intent':
        if (s === undefined) this.signals.set(e.signalId, { signalId: e.signalId, instrument: e.instrument, position: e.position });
        return;
      case 'committed':
        if (s !== undefined && s.atMs === undefined) {
          s.atMs = e.atMs;
          s.seq = e.seq;
          this.committedList.push(s);
        }
        return;
      case 'outcome':
        if (s !== undefined) s.outcome = { outcomeBps: e.outcomeBps };
        return;
      case 'gave-up':
        if (s !== undefined) s.outcome = { gaveUp: e.reason };
        return;
    }
  }

  private sortCommitted(): void {
    this.committedList.sort((a, b) => a.seq! - b.seq!);
  }
}
