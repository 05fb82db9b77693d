/**
 * The market-data client: connects to `/v1/market` (the market-data port, 8481 by default), subscribes to series
 * streams, keeps a LocalBook per series from the snapshot and updates, and
 * resubscribes for a fresh snapshot when a book update arrives out of sequence
 * or its checksum does not match. Other streams are checked for gaps too.
 *
 *   const md = await MarketDataClient.connect('ws://127.0.0.1:8481/v1/market');
 *   await md.subscribe(1);
 *   md.on('trade', (t) => console.log(t.priceMicros, t.qty));
 *   md.book(1)?.bids(5);
 *   await md.subscribeCurve('AUTO_INTENT|7D|0.70-0.85');
 *   md.on('curve', (c) => console.log(c.points?.map((p) => p.midMicros)));
 *   await md.subscribe(7, [wire.Channel.SETTLEMENT]);   // a SYNTHETIC, CALL or PUT: its marks, then its settlement index
 *   md.on('mark', (m) => console.log(m.markMicros, m.markAtMs));
 *   await md.subscribe(9, [wire.Channel.OPTION]);       // a CALL or PUT: the broker's model each time it reprices
 *   md.on('optionModel', (o) => console.log(o.valueMicros, o.delta, o.sigmaAnnual));
 */
import { EventEmitter } from 'node:events';
import { wire, type patx } from '../proto/index.js';
import { FrameSocket, PatxRequestError, type FrameSocketOptions, type ServerFrame } from './frame-socket.js';
import { LocalBook, type BookProblem } from './local-book.js';

const Channel = wire.Channel;

/** A contract's forward curve: the broker's mid per window, spot first (the wire's ForwardCurve; docs/protocol.md). */
export type ForwardCurve = patx.v1.IForwardCurve;
export type CurvePoint = patx.v1.ICurvePoint;

export interface MarketDataEvents {
  book: [book: LocalBook];
  trade: [trade: patx.v1.ITrade];
  quotes: [ladder: patx.v1.IQuoteLadder];
  reference: [price: patx.v1.IReferencePrice];
  status: [status: patx.v1.ISeriesStatusUpdate];
  /** SETTLEMENT channel: a cash-settled series' (SYNTHETIC, CALL, PUT) mark of its index (each minute; an option's is the index level, not its value). */
  mark: [mark: patx.v1.ISyntheticMark];
  /** SETTLEMENT channel: a cash-settled series' settlement index, published at expiry. */
  settlementIndex: [index: patx.v1.ISettlementIndex];
  /** OPTION channel: a CALL's or PUT's model as the broker's quoter priced it (forward, σ, T, Black-76 value, Greeks): the snapshot, then each repricing. */
  optionModel: [model: patx.v1.IOptionModel];
  /** A contract's whole forward curve: the snapshot on subscribe, then each change. */
  curve: [curve: ForwardCurve];
  /** A gap on a contract's FORWARD_CURVE stream (`expectedPrevSeq`: the last seq received; `gotPrevSeq`: the curve's prev_seq). Each curve is whole, so the latest is right; intermediate curves were missed. */
  curveGap: [contract: string, expectedPrevSeq: number, gotPrevSeq: number];
  /** A book went stale (gap or checksum) and is being resubscribed. */
  resync: [seriesId: number, problem: BookProblem];
  /** A gap on a stream other than the book (messages were missed): the last seq received, and the prev_seq of the message that came. */
  gap: [seriesId: number, channel: patx.v1.Channel, expectedPrevSeq: number, gotPrevSeq: number];
  closed: [code: number, reason: string];
}

/** How long a resync refused for the snapshot budget waits before it asks again (the budget refills within a second). */
const RESYNC_RETRY_MS = 1_000;

export class MarketDataClient extends EventEmitter<MarketDataEvents> {
  private readonly books = new Map<number, LocalBook>();
  /** Last seq seen per `${seriesId}/${channel}` (for streams other than the book). */
  private readonly lastSeq = new Map<string, number>();
  /** The latest forward curve and its seq, by contract as the server names it. */
  private readonly curves = new Map<string, { seq: number; curve: ForwardCurve | undefined }>();
  resyncs = 0;

  private constructor(readonly socket: FrameSocket) {
    super();
    socket.onUnsolicited = (frame) => this.receive(frame);
    socket.onClose = (e) => this.emit('closed', e.code, e.reason);
    // A 'book' handler attached after subscribe() resolved would miss a snapshot that already arrived:
    // hand it the books already in sync, once, right after it is attached (as a user expects).
    (this as EventEmitter).on('newListener', (event: string | symbol, listener: (book: LocalBook) => void) => {
      if (event !== 'book') return;
      const ready = [...this.books.values()].filter((b) => b.ready);
      if (ready.length > 0) queueMicrotask(() => { for (const b of ready) listener(b); });
    });
  }

  static async connect(url: string, options: FrameSocketOptions & { heartbeatIntervalMs?: number; heartbeatTimeoutMs?: number } = {}): Promise<MarketDataClient> {
    const socket = await FrameSocket.open(url, options);
    const client = new MarketDataClient(socket);
    socket.startHeartbeat(options.heartbeatIntervalMs ?? 2_000, options.heartbeatTimeoutMs ?? 15_000);
    return client;
  }

  /** Subscribes to channels of a series (all by default). Snapshots follow the returned Subscribed. */
  async subscribe(seriesId: number, channels: patx.v1.Channel[] = []): Promise<patx.v1.ISubscribed> {
    if (channels.length === 0 || channels.includes(Channel.BOOK)) this.books.set(seriesId, new LocalBook(seriesId));
    const reply = await this.socket.request({ subscribe: { seriesId, channels } });
    const subscribed = reply.subscribed!;
    for (const s of subscribed.streams ?? []) {
      if (s.channel === Channel.BOOK) continue;
      // The snapshot and updates after it may have been read with the Subscribed, before this runs: a stream's seqs
      // only grow on a connection, so a later seq already seen stays (setting the subscription's back made the next
      // update look like a gap).
      const key = `${seriesId}/${s.channel}`;
      const seq = Number(s.seq ?? 0);
      const seen = this.lastSeq.get(key);
      if (seen === undefined || seen < seq) this.lastSeq.set(key, seq);
    }
    return subscribed;
  }

  async unsubscribe(seriesId: number, channels: patx.v1.Channel[] = []): Promise<void> {
    await this.socket.request({ unsubscribe: { seriesId, channels } });
    if (channels.length === 0 || channels.includes(Channel.BOOK)) this.books.delete(seriesId);
  }

  /**
   * Subscribes to a contract's forward curve (any spelling of its key). Resolves with the
   * Subscribed, whose `contract` is the name the curve's messages carry; the current curve
   * follows as a 'curve' event. Rejects with PatxRequestError CONTRACT_NOT_FOUND for a
   * contract never listed, INVALID_FIELD for a malformed key.
   */
  async subscribeCurve(contract: string): Promise<patx.v1.ISubscribed> {
    const reply = await this.socket.request({ subscribe: { contract, channels: [Channel.FORWARD_CURVE] } });
    const subscribed = reply.subscribed!;
    const seq = Number(subscribed.streams?.[0]?.seq ?? 0);
    const name = subscribed.contract ?? contract;
    // The snapshot (seq as above) and curves after it may already have arrived: keep what they set (a curve's seqs
    // only grow on a connection; forgetting a later one lost the latest curve and made the next look like a gap).
    const seen = this.curves.get(name);
    if (seen === undefined || seen.seq < seq) this.curves.set(name, { seq, curve: undefined });
    return subscribed;
  }

  async unsubscribeCurve(contract: string): Promise<void> {
    const reply = await this.socket.request({ unsubscribe: { contract, channels: [Channel.FORWARD_CURVE] } });
    this.curves.delete(reply.unsubscribed?.contract ?? contract);
  }

  /** The latest forward curve received for a contract (named as the server names it: Subscribed.contract). */
  curve(contract: string): ForwardCurve | undefined {
    return this.curves.get(contract)?.curve;
  }

  async series(): Promise<patx.v1.ISeriesInfo[]> {
    return (await this.socket.request({ seriesQuery: {} })).seriesList!.series ?? [];
  }

  book(seriesId: number): LocalBook | undefined {
    return this.books.get(seriesId);
  }

  close(): Promise<void> {
    return this.socket.close();
  }

  private receive(frame: ServerFrame): void {
    switch (frame.body) {
      case 'bookSnapshot': {
        const s = frame.bookSnapshot!;
        const book = this.books.get(Number(s.seriesId));
        if (book === undefined) return;
        book.applySnapshot(s);
        if (book.problem !== undefined) return this.resync(book);
        this.emit('book', book);
        return;
      }
      case 'bookUpdate': {
        const u = frame.bookUpdate!;
        const book = this.books.get(Number(u.seriesId));
        if (book === undefined || book.seq < 0) return; // a resync is under way
        if (!book.applyUpdate(u)) return this.resync(book);
        this.emit('book', book);
        return;
      }
      case 'trades':
        // One frame per publication; each trade has its own seq and is an event of its own.
        for (const trade of frame.trades!.trades ?? []) {
          this.track(trade, Channel.TRADES);
          this.emit('trade', trade);
        }
        return;
      case 'quoteLadder':
        this.track(frame.quoteLadder!, Channel.QUOTES);
        this.emit('quotes', frame.quoteLadder!);
        return;
      case 'referencePrice':
        this.track(frame.referencePrice!, Channel.REFERENCE);
        this.emit('reference', frame.referencePrice!);
        return;
      case 'seriesStatus':
        this.track(frame.seriesStatus!, Channel.STATUS);
        this.emit('status', frame.seriesStatus!);
        return;
      case 'syntheticMark':
        this.track(frame.syntheticMark!, Channel.SETTLEMENT);
        this.emit('mark', frame.syntheticMark!);
        return;
      case 'settlementIndex':
        this.track(frame.settlementIndex!, Channel.SETTLEMENT);
        this.emit('settlementIndex', frame.settlementIndex!);
        return;
      case 'optionModel':
        this.track(frame.optionModel!, Channel.OPTION);
        this.emit('optionModel', frame.optionModel!);
        return;
      case 'forwardCurve': {
        const c = frame.forwardCurve!;
        const contract = c.contract ?? '';
        const seq = Number(c.seq ?? 0);
        const prevSeq = Number(c.prevSeq ?? 0);
        // As for other snapshot streams: the snapshot repeats the subscription's seq, then each update names the one before.
        const last = this.curves.get(contract)?.seq;
        if (last !== undefined && seq !== last && prevSeq !== last) this.emit('curveGap', contract, last, prevSeq);
        this.curves.set(contract, { seq, curve: c });
        this.emit('curve', c);
        return;
      }
      default:
        return;
    }
  }

  /**
   * Gap check for streams whose snapshot is their latest message (seq may repeat once, for the snapshot):
   * seqs skip (they are journal seqs), so each message names the one before it in prev_seq.
   */
  private track(m: { seriesId?: number | null; seq?: number | null; prevSeq?: number | null }, channel: patx.v1.Channel): void {
    const key = `${Number(m.seriesId)}/${channel}`;
    const seq = Number(m.seq ?? 0);
    const prevSeq = Number(m.prevSeq ?? 0);
    const last = this.lastSeq.get(key);
    if (last !== undefined && seq !== last && prevSeq !== last) this.emit('gap', Number(m.seriesId), channel, last, prevSeq);
    this.lastSeq.set(key, seq);
  }

  private resync(book: LocalBook): void {
    const problem = book.problem!;
    this.resyncs++;
    this.emit('resync', book.seriesId, problem);
    book.seq = -1;
    void this.socket
      .request({ unsubscribe: { seriesId: book.seriesId, channels: [Channel.BOOK] } })
      .then(() => this.resubscribeBook(book.seriesId))
      .catch(() => undefined); // the connection closed; 'closed' tells the owner
  }

  /** Subscribes a book again; a refusal for the connection's snapshot budget (RATE_LIMITED) is retried after the wait it names (else a second later). */
  private async resubscribeBook(seriesId: number): Promise<void> {
    for (;;) {
      try {
        await this.socket.request({ subscribe: { seriesId, channels: [Channel.BOOK] } });
        return;
      } catch (error) {
        if (!(error instanceof PatxRequestError) || error.code !== 'RATE_LIMITED') throw error;
        await new Promise((resolve) => setTimeout(resolve, error.retryWaitMs() ?? RESYNC_RETRY_MS));
      }
    }
  }
}
