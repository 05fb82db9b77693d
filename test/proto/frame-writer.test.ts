import { describe, expect, it } from 'vitest';
import { FrameWriter, wire } from '../../src/proto/index.js';

describe('FrameWriter', () => {
  it('writes nested length-delimited fields that protobufjs reads back, widening lengths past 127 bytes', () => {
    const w = new FrameWriter();
    for (const levels of [1, 40, 200]) {
      w.reset();
      w.field(1, 7); // request_id
      w.begin(51); // book_update
      w.field(1, 42); // series_id
      w.field(2, 2 ** 40 + 3); // seq
      for (let i = 0; i < levels; i++) {
        w.begin(3); // bids
        w.field(1, 1_000_000 + i); // price_micros
        w.field(2, i + 1); // qty
        w.end();
      }
      w.end();
      const frame = wire.ServerFrame.decode(w.view());
      expect(frame.requestId).toBe(7);
      expect(Number(frame.bookUpdate?.seriesId)).toBe(42);
      expect(Number(frame.bookUpdate?.seq)).toBe(2 ** 40 + 3);
      expect(frame.bookUpdate?.bids?.length).toBe(levels);
      expect(Number(frame.bookUpdate?.bids?.[levels - 1]?.qty)).toBe(levels);
      expect(w.length).toBe(w.view().length);
      expect([...w.buffer.subarray(0, w.length)]).toEqual([...w.view()]);
    }
  });

  it('refuses an end without a begin and nesting past its limit', () => {
    const w = new FrameWriter();
    expect(() => w.end()).toThrow(RangeError);
    for (let i = 0; i < 16; i++) w.begin(1);
    expect(() => w.begin(1)).toThrow(RangeError);
    w.reset();
    w.begin(1);
    w.end();
    expect([...w.view()]).toEqual([0x0a, 0x00]);
  });
});
