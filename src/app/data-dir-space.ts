/**
 * The free space under the data dir, watched so that LMDB never meets a full disk.
 *
 * Found from outside: a service whose disk filled under an order flood logged the journal's
 * ENOSPC and then aborted ("corrupted size vs. prev_size"): after a write fails with ENOSPC,
 * lmdb-js (3.5.6) can corrupt its process's heap, whatever is done next. Nothing acknowledged
 * was lost (recovery replayed to the last committed turn), but a fail-stop must not depend on
 * a corrupted heap. So the service stops writing before the disk is full, reversibly, the way
 * Elasticsearch's disk watermarks do:
 *
 * - under `lowFreeBytes`: only cancels (and the system's own commands) are taken, snapshots
 *   wait, /readyz says `disk` degraded;
 * - under `minFreeBytes`: no command is taken, /readyz says `disk` failed;
 * - each lifts once the free space is back above its mark by a margin (so that a disk
 *   hovering at a mark does not flap), without a restart.
 *
 * The sequencer only hears what to refuse (Sequencer.setDiskRefusal): it does no I/O of its own.
 */
import { statfsSync } from 'node:fs';
import type { ComponentHealth } from '../runtime/health.js';
import { diskShortfall, type DiskRefusal } from '../engine/index.js';
import { metricLines } from '../runtime/prometheus-text.js';

export interface DiskMarks {
  /** Under this much free space only cancels are taken (0: never). */
  lowFreeBytes: number;
  /** Under this much, no command (0: never). */
  minFreeBytes: number;
}

export type DiskLevel = 'ok' | 'cancels-only' | 'closed';

/** How far above a mark the free space must come back before the mark lifts: a sixteenth of it, at least 4 MiB. */
export function liftMargin(markBytes: number): number {
  return Math.max(4 * 2 ** 20, Math.ceil(markBytes / 16));
}

/** The level for `freeBytes`, given the level before (a mark lifts only above it plus its margin). */
export function diskLevel(before: DiskLevel, freeBytes: number, marks: DiskMarks): DiskLevel {
  const under = (mark: number, held: boolean): boolean => mark > 0 && freeBytes < (held ? mark + liftMargin(mark) : mark);
  if (under(marks.minFreeBytes, before === 'closed')) return 'closed';
  if (under(marks.lowFreeBytes, before !== 'ok')) return 'cancels-only';
  return 'ok';
}

/** Bytes an unprivileged writer may still use on the file system holding `dir`. */
export function freeBytesUnder(dir: string): number {
  const fs = statfsSync(dir);
  return fs.bavail * fs.bsize;
}

const mib = (n: number): string => `${Math.floor(n / 2 ** 20)} MiB`;

export interface DataDirSpaceOptions extends DiskMarks {
  dir: string;
  checkIntervalMs: number;
  /** Told the refusal on every change of level (the sequencer's setDiskRefusal). */
  onRefusal: (refusal: DiskRefusal | undefined) => void;
  log: { info(o: object, msg: string): void; warn(o: object, msg: string): void; error(o: object, msg: string): void };
  /** The free bytes now; statfs of `dir` unless a test gives numbers. */
  freeBytes?: () => number;
}

export class DataDirSpace {
  private level: DiskLevel = 'ok';
  private free = Number.NaN;
  private lastError: unknown = undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly readFree: () => number;

  constructor(private readonly o: DataDirSpaceOptions) {
    this.readFree = o.freeBytes ?? (() => freeBytesUnder(o.dir));
  }

  /** Checks now (so the first command already meets the right level), then every checkIntervalMs. */
  start(): void {
    this.check();
    this.timer = setInterval(() => this.check(), this.o.checkIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One look at the free space; changes the level (and tells the sequencer) if it moved. */
  check(): void {
    try {
      this.free = this.readFree();
      this.lastError = undefined;
    } catch (error) {
      // A statfs that fails says nothing about the space: keep the level, say so in the health.
      this.lastError = error;
      return;
    }
    const level = diskLevel(this.level, this.free, this.o);
    if (level === this.level) return;
    this.level = level;
    const fields = { dir: this.o.dir, freeBytes: this.free, lowFreeBytes: this.o.lowFreeBytes, minFreeBytes: this.o.minFreeBytes };
    if (level === 'ok') {
      this.o.onRefusal(undefined);
      this.o.log.info(fields, 'disk space is back: every command is taken again');
      return;
    }
    const cancelsOnly = level === 'cancels-only';
    this.o.onRefusal({ freeBytes: this.free, limitBytes: this.mark(), cancelsOnly });
    if (cancelsOnly) this.o.log.warn(fields, 'the disk under the data dir is low: only cancels are taken, snapshots wait');
    else this.o.log.error(fields, 'the disk under the data dir is nearly full: no command is taken');
  }

  /** Free bytes at the last look (NaN before the first). */
  freeBytes(): number {
    return this.free;
  }

  /**
   * While a mark is crossed, in words ("the disk under the data directory has N MiB free, under M MiB"); else
   * undefined. Said to clients (a refused command or upload) and shown on the public /readyz: the directory is not
   * named, a host's file layout being no stranger's business; the log's line names it (`dir`).
   */
  lowReason(): string | undefined {
    if (this.level === 'ok') return undefined;
    return `the disk under the data directory has ${diskShortfall(this.free, this.mark())}`;
  }

  /** The mark the free space is under (the low one while only cancels are taken, else the minimum). */
  private mark(): number {
    return this.level === 'cancels-only' ? this.o.lowFreeBytes : this.o.minFreeBytes;
  }

  /** Prometheus text: the free bytes and the level (0 ok, 1 cancels only, 2 closed). */
  metricsText(): string {
    return [
      ...metricLines('gauge', 'patx_data_dir_free_bytes', 'Free bytes under the data dir, as last read.', Number.isFinite(this.free) ? this.free : 0),
      ...metricLines('gauge', 'patx_disk_refusal_level', '0: every command taken; 1: only cancels (disk low); 2: none (disk nearly full).', this.level === 'ok' ? 0 : this.level === 'cancels-only' ? 1 : 2),
      '',
    ].join('\n');
  }

  health(): ComponentHealth {
    const where = `${mib(this.free)} free under the data directory`; // not its path: /healthz and /readyz are public (lowReason)
    const unread = this.lastError === undefined ? '' : `; the last look failed: ${(this.lastError as Error).message}`;
    if (this.level === 'closed') return { state: 'failed', detail: `${where}, under the minimum ${mib(this.o.minFreeBytes)}: no command is taken${unread}` };
    if (this.level === 'cancels-only') return { state: 'degraded', detail: `${where}, under ${mib(this.o.lowFreeBytes)}: only cancels are taken${unread}` };
    if (this.lastError !== undefined) return { state: 'degraded', detail: `the free space could not be read: ${(this.lastError as Error).message}` };
    return { state: 'ok', detail: where };
  }
}
