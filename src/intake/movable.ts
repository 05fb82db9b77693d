/**
 * Which bytes go to or from an intake worker moved rather than copied: those that own their whole ArrayBuffer. A Buffer
 * cut from Node's pool shares one with others (copied); shared memory (a SharedArrayBuffer: large bodies' blocks,
 * evidence's records) is shared as it is, and cannot be moved.
 */
export function movableBuffer(bytes: Uint8Array): ArrayBuffer | undefined {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes.buffer : undefined;
}
