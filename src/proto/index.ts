/** The wire schema (proto/patx.proto) as generated static code; see no-long.ts for 64-bit values and oneof-accessors.ts for oneofs. */
import './no-long.js';
import './oneof-accessors.js';

export { patx } from './patx.js';
import { patx } from './patx.js';

export const wire = patx.v1;
export { FrameWriter, frameWriter } from './frame-writer.js';
export { bookChecksum, CHECKSUM_LEVELS, type LevelLike } from './checksum.js';
