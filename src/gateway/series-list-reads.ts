/**
 * `SeriesQuery` answered without letting its askers reach the engine one by one (an outside attacker's review): a
 * series query needs no login, so any stranger may send it on either endpoint, and each one was a read in the
 * sequencer's queue that walked every series ever listed. 100 connections from one address, within every limit, queued
 * 2 million reads, stalled every order for minutes and grew the heap by gigabytes. Now:
 *
 * - the askers share reads: while one is on its way, a new asker waits for it (on the engine's thread one capture a
 *   turn, whatever the askers), at most `maxWaiting` of them (more are refused busy, nothing asked);
 * - its answer is encoded once for all who waited on it, so an asker costs its thread a copy (`framed`), not an encoding;
 * - the endpoints take a token per query from the asker's address (`seriesQueryRateLimitPerAddress`) before asking.
 *
 * Every answer is still the released state at or after the ask, as any read (sequencer.ts, `read`). The market-data
 * thread shares its askers' reads the same way, each one a message to the engine's thread (market-data-worker.ts).
 */
import { wire, type patx } from '../proto/index.js';
import type { RateLimit } from './request-limits.js';

/** The live series and their ServerFrame field, encoded once; or why the read failed. */
export type SeriesListAnswer = { readonly series: patx.v1.ISeriesInfo[]; readonly encoded: Uint8Array } | Error;

/** Askers that may wait on the one read on its way; more are refused busy. */
const MAX_WAITING = 10_000;

export class SeriesListReads {
  private waiting: Array<(answer: SeriesListAnswer) => void> = [];

  constructor(
    /** One read of the live series (a sequencer read; the engine's thread asked, from the market-data thread). */
    private readonly read: (deliver: (series: patx.v1.ISeriesInfo[]) => void, fail: (error: Error) => void) => void,
    private readonly maxWaiting = MAX_WAITING,
  ) {}

  /** `answer` hears the live series (or the read's failure) once; false, nothing asked, when too many wait already. */
  ask(answer: (answer: SeriesListAnswer) => void): boolean {
    if (this.waiting.length >= this.maxWaiting) return false;
    this.waiting.push(answer);
    if (this.waiting.length === 1) {
      this.read(
        (series) => this.answer({ series, encoded: wire.ServerFrame.encode({ seriesList: { series } }).finish() }),
        (error) => this.answer(error),
      );
    }
    return true;
  }

  private answer(result: SeriesListAnswer): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const w of waiting) w(result);
  }
}

/**
 * A ServerFrame {request_id, series_list} from the list's field encoded once: protobuf merges the fields of
 * concatenated messages, so the request id's few bytes and the shared bytes are one frame.
 */
export function framed(requestId: number, encoded: Uint8Array): Uint8Array {
  const head = wire.ServerFrame.encode({ requestId }).finish();
  const out = new Uint8Array(head.length + encoded.length);
  out.set(head, 0);
  out.set(encoded, head.length);
  return out;
}

/** What a series query over its address's bucket is refused with, before the seconds to wait. */
export function seriesQueryRefusal(config: { seriesQueryRateLimitPerAddress: RateLimit }): string {
  const l = config.seriesQueryRateLimitPerAddress;
  return `series queries from this address: at most ${l.burst} at once or ${l.perSecond} a second (the list changes as series are listed and expire: ask again then, or follow GET /v1/series); nothing was done; retry after `;
}
