/** The PATXOPS1 stream's layout (bench/cpp/export-workload.ts writes it; book.cpp's Header and Record): its 32-byte header. */
export interface StreamHeader {
  /** Records applied before timing (the deep variant). */
  prefill: number;
  /** Timed records. */
  ops: number;
  bandBps: number;
  minTicks: number;
  maxTicks: number;
}

export const STREAM_HEADER_BYTES = 32;
export const STREAM_RECORD_BYTES = 16;
/** A record's kind, its first byte (book.cpp's KIND_*). */
export const KIND_LIMIT = 0;
export const KIND_MARKET = 1;
export const KIND_CANCEL = 2;

/** The header of `bytes`; throws if they are not a PATXOPS1 stream. */
export function readStreamHeader(bytes: Uint8Array): StreamHeader {
  if (bytes.length < STREAM_HEADER_BYTES || new TextDecoder('latin1').decode(bytes.subarray(0, 8)) !== 'PATXOPS1') throw new Error('not a PATXOPS1 stream');
  const view = new DataView(bytes.buffer, bytes.byteOffset, STREAM_HEADER_BYTES);
  return { prefill: view.getUint32(8, true), ops: view.getUint32(12, true), bandBps: view.getUint32(16, true), minTicks: view.getUint32(20, true), maxTicks: view.getUint32(24, true) };
}
