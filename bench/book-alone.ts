/**
 * The engine's order book alone over many series (issue 21): how much of what 1,000
 * series cost PATX per op comes from the book's own storage, and how much from the rest of
 * the engine. Prints figures; bench/RESULTS.md records them.
 *
 *   node --max-semi-space-size=64 --import tsx bench/book-alone.ts [--ops 1000000] [--runs 5] [--seed 42] [--series 1,1000]
 *
 * It replays bench:cpp's stream (bench/cpp/export-workload.ts) on PATX's own `OrderBook`
 * (every book on one `BookStore`, as in the engine), `RestingOrder` pool and `OrderIdIndex`
 * (src/engine), driven as book.cpp drives its book:
 * new orders dealt round-robin over N series, each with the BROKER rule's two books, a
 * market order's protection limit from the best opposite price, the broker kept from
 * crossing its own quotes, a cancel found by the record that created its order. An order's
 * owner and series come from a position per (broker or customer, series), as in the engine.
 * Nothing else of the engine runs: no checks, holds, accounts' lists, events or journal.
 * Beside it, the record book of bench/record-book.ts (orders, levels and book sides as
 * records in typed arrays) on the same replay, and book.cpp (`npm run bench:cpp`'s binary) on the same stream and N in a
 * fresh process; their fills must equal the book alone's, or the bench stops. Each figure is the
 * median and range over the runs; the N values and the books alternate within a round.
 * Needs g++ for the C++ side (skipped, and said, without it).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Account, BookStore, OrderBook, Position, Role, Side } from '../src/engine/index.js';
import { OrderPool, type RestingOrder } from '../src/engine/core/order.js';
import { OrderIdIndex } from '../src/engine/core/order-id-index.js';
import { MatchStop, type MatchListener } from '../src/engine/core/order-book.js';
import { compileBook, cppOpsPerSec, fillsText, runCpp, sameFills } from './cpp/book-binary.js';
import { addFill, buildStream, emptyFillSummary, HEADER_BYTES, RECORD_BYTES, type FillSummary } from './cpp/export-workload.js';
import { keepCompiledCode } from './support/compiled-code.js';
import { fmt, loadavg, median, reportFigure } from './support/figures.js';
import { RecordBooks } from './record-book.js';
import { KIND_CANCEL, KIND_LIMIT, KIND_MARKET, readStreamHeader, type StreamHeader } from './cpp/stream-header.js';

const { values } = parseArgs({
  options: {
    ops: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '5' },
    seed: { type: 'string', default: '42' },
    series: { type: 'string', default: '1,1000' },
  },
});
const OPS = Number(values.ops);
const RUNS = Number(values.runs);
const SEED = Number(values.seed);
const SERIES = values.series.split(',').map(Number);


interface BookRun extends FillSummary {
  ns: number;
  rejects: number;
  resting: number;
}

/**
 * What the replay needs of a set of books, two per series: book `s * 2` holds the broker's
 * asks and customers' bids, `s * 2 + 1` the broker's bids and customers' asks. Prices in
 * ticks; -1 for an empty side.
 */
interface ReplayBooks {
  bestBid(book: number): number;
  bestAsk(book: number): number;
  /** Matches a new order (its fills reported to the summary the books were made with), then rests the rest unless `immediate`. */
  enter(book: number, record: number, isBuy: boolean, priceTicks: number, qty: number, immediate: boolean): void;
  /** Cancels the live order `record` created; false when there is none. */
  cancel(record: number): boolean;
  readonly resting: number;
}

/** PATX's own book, order pool and order-id index (src/engine), driven as the engine drives them, nothing else. */
class EngineBooks implements ReplayBooks {
  private readonly books: OrderBook[] = [];
  /** A position per (customer or broker, series): an order's owner and series, as in the engine. */
  private readonly positions: Position[] = [];
  private readonly broker = new Account(1, Role.BROKER, '', 8);
  private readonly pool = new OrderPool(Number.MAX_SAFE_INTEGER);
  private readonly index = new OrderIdIndex();
  private readonly listener: MatchListener;

  constructor(seriesCount: number, minTicks: number, maxTicks: number, fills: FillSummary) {
    const customer = new Account(2, Role.CONSUMER, '', 8);
    const store = new BookStore(); // one for all books, as the engine has
    for (let s = 0; s < seriesCount; s++) {
      this.books.push(new OrderBook(1, minTicks, maxTicks, store), new OrderBook(1, minTicks, maxTicks, store));
      this.positions.push(new Position(s, customer), new Position(s, this.broker));
    }
    const { index, pool } = this;
    this.listener = {
      onTrade(maker: RestingOrder, taker: RestingOrder, qty: number): void {
        addFill(fills, maker.priceMicros, qty, maker.orderId, taker.orderId);
        if (maker.leavesQty === 0) {
          index.delete(maker.orderId);
          pool.release(maker);
        }
      },
      onSelfTradeCancel(): void {
        throw new Error('no self-trade in this stream: the broker and customers are on opposite sides of each book');
      },
      onSelfTradeDecrement(): void {
        throw new Error('no self-trade in this stream');
      },
    };
  }

  get resting(): number {
    return this.index.size;
  }

  bestBid(book: number): number {
    const b = this.books[book]!;
    return b.bids.best < 0 ? -1 : b.bestBidMicros();
  }

  bestAsk(book: number): number {
    const b = this.books[book]!;
    return b.asks.best < 0 ? -1 : b.bestAskMicros();
  }

  enter(book: number, record: number, isBuy: boolean, priceTicks: number, qty: number, immediate: boolean): void {
    const b = this.books[book]!;
    const side = isBuy ? Side.BUY : Side.SELL;
    const order = this.pool.acquire();
    order.orderId = record;
    order.resetBits(side);
    order.priceMicros = priceTicks;
    order.cumQty = 0;
    order.leavesQty = qty;
    // Who sends it follows from book and side: the broker's orders are the even book's asks and the odd book's bids.
    order.position = this.positions[(book & ~1) + ((book & 1) === (isBuy ? 1 : 0) ? 1 : 0)]!;
    const limitIndex = b.indexOf(priceTicks);
    if (b.crosses(side, limitIndex) && b.match(order, limitIndex, this.listener) !== MatchStop.DONE) throw new Error('unexpected self-trade stop');
    if (order.leavesQty === 0 || immediate) {
      this.pool.release(order);
      return;
    }
    b.rest(order);
    this.index.add(order);
  }

  cancel(record: number): boolean {
    const order = this.index.get(record);
    if (order === undefined) return false;
    this.index.delete(record);
    const isBroker = order.position.owner === this.broker;
    this.books[order.position.seriesId * 2 + ((order.side === Side.BUY) === isBroker ? 1 : 0)]!.remove(order);
    this.pool.release(order);
    return true;
  }
}

/**
 * One timed pass of the stream over `seriesCount` series, on fresh books: new orders dealt
 * round-robin, the broker kept from crossing its own quotes (in the series' other book), a
 * market order limited to the best opposite price moved by the band (nothing opposite: no
 * order), as book.cpp's driver does.
 */
function replay(bytes: Uint8Array, seriesCount: number, makeBooks: (h: StreamHeader, fills: FillSummary) => ReplayBooks): BookRun {
  const h = readStreamHeader(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const fills = emptyFillSummary();
  const books = makeBooks(h, fills);
  keepCompiledCode(books); // the warm-up's books live on, so the timed passes run compiled code
  let rejects = 0;
  let nextSeries = 0;
  const enter = (rec: number, s: number, isBuy: boolean, isBroker: boolean, limit: number, qty: number, immediate: boolean): void => {
    if (isBroker) {
      const ownAsk = books.bestAsk(s * 2);
      const ownBid = books.bestBid(s * 2 + 1);
      if (isBuy ? ownAsk >= 0 && limit >= ownAsk : ownBid >= 0 && limit <= ownBid) {
        rejects++;
        return;
      }
    }
    books.enter(s * 2 + (isBuy === isBroker ? 1 : 0), rec, isBuy, limit, qty, immediate);
  };
  const end = h.prefill + h.ops;
  const t0 = process.hrtime.bigint();
  for (let rec = h.prefill; rec < end; rec++) {
    const at = HEADER_BYTES + rec * RECORD_BYTES;
    const kind = bytes[at]!;
    if (kind === KIND_CANCEL) {
      if (!books.cancel(view.getUint32(at + 12, true))) rejects++;
      continue;
    }
    const isBuy = bytes[at + 1] === 0;
    const isBroker = bytes[at + 2] === 1;
    const qty = view.getUint32(at + 8, true);
    const s = nextSeries;
    if (++nextSeries === seriesCount) nextSeries = 0;
    if (kind === KIND_LIMIT) {
      enter(rec, s, isBuy, isBroker, view.getUint32(at + 4, true), qty, false);
      continue;
    }
    if (kind !== KIND_MARKET) throw new Error(`bad record kind ${kind}`);
    const book = s * 2 + (isBuy === isBroker ? 1 : 0);
    const a = isBuy ? books.bestAsk(book) : books.bestBid(book);
    if (a < 0) {
      rejects++;
      continue;
    }
    const band = Math.floor((a * h.bandBps) / 10_000);
    enter(rec, s, isBuy, isBroker, isBuy ? Math.min(a + band, h.maxTicks) : Math.max(a > band ? a - band : 0, h.minTicks), qty, true);
  }
  const ns = Number(process.hrtime.bigint() - t0);
  return { ...fills, ns, rejects, resting: books.resting };
}

function runBookAlone(bytes: Uint8Array, seriesCount: number): BookRun {
  return replay(bytes, seriesCount, (h, fills) => new EngineBooks(seriesCount, h.minTicks, h.maxTicks, fills));
}

function runRecordBook(bytes: Uint8Array, seriesCount: number): BookRun {
  return replay(bytes, seriesCount, (h, fills) => new RecordBooks(seriesCount, h.minTicks, h.maxTicks, h.prefill + h.ops, fills));
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${os.cpus().length} cores, load average at start ${loadavg()}; ops=${OPS} runs=${RUNS} seed=${SEED} series=${SERIES.join(',')}`);
  const stream = buildStream(OPS, SEED, 0);
  if (readStreamHeader(stream.bytes).prefill !== 0) throw new Error('the default stream has no prefill');
  let bin: string | undefined;
  try {
    bin = compileBook();
  } catch (error) {
    console.log(`C++ book: not run (${(error as Error).message.split('\n')[0]})`);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-book-alone-'));
  const file = path.join(dir, 'stream.bin');
  writeFileSync(file, stream.bytes);
  const js = new Map<number, number[]>(SERIES.map((n) => [n, []]));
  const records = new Map<number, number[]>(SERIES.map((n) => [n, []]));
  const cpp = new Map<number, number[]>(SERIES.map((n) => [n, []]));
  try {
    // Warm-up: the JIT, as book.cpp's untimed pass.
    runBookAlone(stream.bytes, SERIES[0]!);
    runRecordBook(stream.bytes, SERIES[0]!);
    for (let round = 0; round < RUNS; round++) {
      for (const n of SERIES) {
        const run = runBookAlone(stream.bytes, n);
        js.get(n)!.push((OPS / run.ns) * 1e9);
        const rec = runRecordBook(stream.bytes, n);
        if (!sameFills(run, rec) || run.rejects !== rec.rejects || run.resting !== rec.resting) {
          throw new Error(`N=${n}: the book alone (${fillsText(run)}, rejects ${run.rejects}, resting ${run.resting}) and the record book (${fillsText(rec)}, rejects ${rec.rejects}, resting ${rec.resting}) differ`);
        }
        records.get(n)!.push((OPS / rec.ns) * 1e9);
        if (bin === undefined) continue;
        const c = runCpp(bin, file, { warmup: 1, series: n });
        if (!sameFills(run, c) || run.rejects !== c.rejects || run.resting !== c.resting) {
          throw new Error(`N=${n}: the book alone (${fillsText(run)}, rejects ${run.rejects}, resting ${run.resting}) and the C++ book (${fillsText(c)}, rejects ${c.rejects}, resting ${c.resting}) differ`);
        }
        cpp.get(n)!.push(cppOpsPerSec(c));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`fills equal: the record book's${bin === undefined ? '' : ' and the C++ book\'s'} fills, rejects and resting orders equal the book alone's at every N on every run`);
  const first = SERIES[0]!;
  for (const n of SERIES) {
    const a = js.get(n)!;
    const ratio = a.map((x, i) => x / js.get(first)![i]!);
    const nsPerOp = 1e9 / median(a);
    console.log(`N=${String(n).padStart(5)}: the book alone ${fmt(median(a))} ops/s (${fmt(Math.min(...a))}–${fmt(Math.max(...a))}), ${nsPerOp.toFixed(0)} ns/op; ×${median(ratio).toFixed(2)} of N=${first} (per round ${ratio.map((r) => r.toFixed(2)).join(', ')})`);
    reportFigure(`book alone, mixed workload over ${n} series`, 'ops/s', a, 'higher');
    const r = records.get(n)!;
    const rRatio = r.map((x, i) => x / records.get(first)![i]!);
    console.log(`         the record book ${fmt(median(r))} ops/s (${fmt(Math.min(...r))}–${fmt(Math.max(...r))}), ${(1e9 / median(r)).toFixed(0)} ns/op; ×${median(rRatio).toFixed(2)} of N=${first} (per round ${rRatio.map((x) => x.toFixed(2)).join(', ')})`);
    reportFigure(`record book, mixed workload over ${n} series`, 'ops/s', r, 'higher');
    const c = cpp.get(n)!;
    if (c.length === 0) continue;
    const cRatio = c.map((x, i) => x / cpp.get(first)![i]!);
    console.log(`         C++ book ${fmt(median(c))} ops/s (${fmt(Math.min(...c))}–${fmt(Math.max(...c))}), ${(1e9 / median(c)).toFixed(0)} ns/op; ×${median(cRatio).toFixed(2)} of N=${first}`);
    reportFigure(`C++ book beside the book alone, ${n} series`, 'ops/s', c, 'higher');
  }
}

await main();
