/**
 * The crash test's mixed workload (bench/workload.ts, generateWorkload) in a file under os.tmpdir(): generated once by
 * test/engine/crash.test.ts and read by each sequencer process it starts and kills (test/support/crash-child.ts), where
 * each of them generated it again: 600k operations run through an engine, about 1.4 s of CPU a process.
 *
 * The commands are in the journal's encoding (src/engine/durability/command-codec.ts, which the test's checks already
 * compare against the generated commands), in chunks a reader decodes only when it reaches them: a process killed
 * within 400 ms feeds a small part of the stream. The header names the seed and operation count the file was
 * generated from, so a reader given other ones refuses it.
 *
 *   "PATXWKL1", seed, opCount, commands, chunkCommands, chunks (u32 LE each), chunks + 1 byte offsets (u32 LE), bytes
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from '../../src/engine/index.js';
import { decodeCommands, encodeCommandsToBytes } from '../../src/engine/durability/command-codec.js';

const MAGIC = 'PATXWKL1';
const CHUNK_COMMANDS = 10_000;
/** The header's u32 fields after the magic: seed, opCount, commands, chunkCommands, chunks. */
const FIELDS = 5;

/** Writes `commands` (generateWorkload(opCount, seed)'s setup then ops) to `file`. */
export function writeWorkloadFile(file: string, seed: number, opCount: number, commands: readonly Command[]): void {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < commands.length; i += CHUNK_COMMANDS) chunks.push(encodeCommandsToBytes(commands.slice(i, i + CHUNK_COMMANDS)));
  const head = Buffer.alloc(MAGIC.length + 4 * (FIELDS + chunks.length + 1));
  head.write(MAGIC, 0, 'latin1');
  let at = MAGIC.length;
  for (const n of [seed, opCount, commands.length, CHUNK_COMMANDS, chunks.length]) at = head.writeUInt32LE(n, at);
  let offset = 0;
  at = head.writeUInt32LE(offset, at);
  for (const c of chunks) at = head.writeUInt32LE((offset += c.length), at);
  writeFileSync(file, Buffer.concat([head, ...chunks]));
}

/** The commands of a workload file, decoded a chunk at a time as they are read (in order, as a feeder reads them). */
export class WorkloadFile {
  readonly length: number;
  private readonly bytes: Buffer;
  private readonly chunkCommands: number;
  private readonly offsets: number[] = [];
  private readonly dataStart: number;
  private chunkIndex = -1;
  private chunk: Command[] = [];

  /** Reads `file`; throws unless it holds generateWorkload(opCount, seed). */
  constructor(file: string, seed: number, opCount: number) {
    this.bytes = readFileSync(file);
    if (this.bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error(`${file} is not a workload file`);
    const field = (i: number): number => this.bytes.readUInt32LE(MAGIC.length + 4 * i);
    if (field(0) !== seed || field(1) !== opCount) throw new Error(`${file} holds the workload of seed ${field(0)}, ${field(1)} operations, not seed ${seed}, ${opCount}`);
    this.length = field(2);
    this.chunkCommands = field(3);
    const chunks = field(4);
    for (let i = 0; i <= chunks; i++) this.offsets.push(field(FIELDS + i));
    this.dataStart = MAGIC.length + 4 * (FIELDS + chunks + 1);
  }

  /** Command `index` (seq index + 1), or undefined past the end. */
  at(index: number): Command | undefined {
    if (index < 0 || index >= this.length) return undefined;
    const c = Math.floor(index / this.chunkCommands);
    if (c !== this.chunkIndex) {
      const start = this.dataStart + this.offsets[c]!;
      const count = Math.min(this.chunkCommands, this.length - c * this.chunkCommands);
      this.chunk = decodeCommands(this.bytes.subarray(start, this.dataStart + this.offsets[c + 1]!), count);
      this.chunkIndex = c;
    }
    return this.chunk[index - c * this.chunkCommands];
  }
}
