/**
 * A node's journal against the stream under 'local' acks, before the node recovers its
 * engine. A leader acknowledges at its local commit and ships a little behind; cut from the
 * stream (a partition, a kill) it comes back with a tail the stream never received, which
 * clients were told about, while a newer leader has taken over where the stream ended and
 * written other records at those seqs. The node cannot follow with that tail, and the
 * group's state no longer holds it: it is set aside (written out for the operator, as JSON
 * lines of the commands with their seqs), the journal is cut back to the last record the
 * stream holds byte for byte, and the node follows the stream (docs/replication.md,
 * "What 'local' can lose").
 *
 * Only an unreplicated tail is set aside: the stream must either end at the common point
 * (nobody wrote those seqs) or carry a newer leader's LEADER message right after it (a
 * takeover at that point, so the stream's records after it were never this node's). A stream
 * whose next record follows the common point without a takeover is a real divergence (this
 * journal is not what that leader wrote, or belongs to another cluster): nothing is touched,
 * and the follower refuses to start as before.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { JetStreamManager } from '@nats-io/jetstream';
import { CommandKind, enumName, type Journal } from '../engine/index.js';
import { jsonSafe } from '../runtime/json-safe.js';
import { lastCommonSeq } from './divergence.js';
import { decodeLeaderNotice, findStartSeq, MessageKind, metaOf, streamBounds, type StreamNames } from './stream.js';

/** Where set-aside tails go, under the data dir. */
export const SET_ASIDE_DIR = 'replication';

/** Stream messages read past the common point looking for the takeover (checkpoints and LEADER messages sit between records). */
const MAX_MESSAGES_AFTER_COMMON = 64;

/** What was set aside: the seqs, how many commands, and the file that holds them. */
export interface SetAsideTail {
  fromSeq: number;
  toSeq: number;
  commands: number;
  /** The file, absolute: one JSON line per command, `{seq, timeMs, kind, command}`. */
  file: string;
  /** The leader that took over at the common point (absent: the stream simply ends there). */
  takenOverBy?: { node: string; epoch: number };
}

/** Why a tail was kept: the stream's records after the common point are not a newer leader's. */
export interface DivergedTail {
  diverged: true;
  commonSeq: number;
  reason: string;
}

/**
 * Sets aside this journal's tail that the stream never received (see above). Undefined when
 * the journal continues the stream (nothing to set aside) or the stream cannot tell (empty,
 * or purged past the journal): the follower then says why it cannot start.
 */
export async function setAsideUnreplicatedTail(jsm: JetStreamManager, names: StreamNames, journal: Journal, o: { node: string; dataDir: string; nowMs?: number }): Promise<SetAsideTail | DivergedTail | undefined> {
  const last = journal.lastSeq();
  const common = await lastCommonSeq(jsm, names, journal);
  if (common === undefined || common >= last) return undefined;
  const after = await whatFollows(jsm, names, common, o.node);
  if (after.kind === 'record') return { diverged: true, commonSeq: common, reason: `the stream's record after seq ${common} differs from this node's and no newer leader took over there` };
  // Written and fsynced before the journal is cut: the tail is never only in memory.
  const { file, commands } = writeTail(journal, common + 1, last, o.dataDir, o.nowMs ?? Date.now());
  journal.truncateAfter(common);
  return { fromSeq: common + 1, toSeq: last, commands, file, ...(after.kind === 'takeover' ? { takenOverBy: after.leader } : {}) };
}

/**
 * What follows the record ending at `common` in the stream, up to its next record: a newer
 * leader's LEADER message continuing from `common` (the latest one, another node's), another
 * record with no takeover before it, or the stream's end.
 */
async function whatFollows(jsm: JetStreamManager, names: StreamNames, common: number, node: string): Promise<{ kind: 'end' } | { kind: 'record' } | { kind: 'takeover'; leader: { node: string; epoch: number } }> {
  const { first, last } = await streamBounds(jsm, names.stream);
  // Right after the message holding the record that ends at `common` (the first covering seq `common`); the stream's front when common is 0.
  let at = common === 0 ? first : (await findStartSeq(jsm, names.stream, common - 1)) + 1;
  let takeover: { node: string; epoch: number } | undefined;
  for (let read = 0; at <= last; at++, read++) {
    // Only checkpoints and notices so far, past the bound: nothing proves a newer leader wrote those seqs, so the tail is kept.
    if (read >= MAX_MESSAGES_AFTER_COMMON) return { kind: 'record' };
    const m = await jsm.streams.getMessage(names.stream, { seq: at }); // null: no message there; a failed read is thrown
    if (m === null) continue;
    const meta = metaOf(m.header, m.seq);
    if (meta.kind === MessageKind.RECORD) return takeover === undefined ? { kind: 'record' } : { kind: 'takeover', leader: takeover };
    if (meta.kind === MessageKind.LEADER) {
      const notice = decodeLeaderNotice(m.data, m.seq);
      // This node's own notice is not a takeover from it (it led from there, and its journal should hold what it shipped next).
      if (notice.lastSeq === common && notice.node !== node) takeover = { node: notice.node, epoch: notice.epoch };
    }
  }
  return takeover === undefined ? { kind: 'end' } : { kind: 'takeover', leader: takeover };
}

/** Writes seqs fromSeq..toSeq as JSON lines to a new file under <dataDir>/replication, fsynced; returns its path and the count. */
function writeTail(journal: Journal, fromSeq: number, toSeq: number, dataDir: string, nowMs: number): { file: string; commands: number } {
  const dir = path.join(dataDir, SET_ASIDE_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stamp = new Date(nowMs).toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `set-aside-${fromSeq}-${toSeq}-${stamp}.jsonl`);
  // Written under a temporary name and renamed: a crash midway leaves no file that looks whole.
  const partial = `${file}.partial`;
  const fd = openSync(partial, 'w', 0o600);
  let commands = 0;
  try {
    for (const batch of journal.read(fromSeq)) {
      for (let i = 0; i < batch.commands.length; i++) {
        const seq = batch.firstSeq + i;
        if (seq < fromSeq || seq > toSeq) continue;
        const command = batch.commands[i]!;
        writeSync(fd, `${JSON.stringify({ seq, timeMs: batch.timeMs, kind: enumName(CommandKind, command.kind), command: jsonSafe(command) })}\n`);
        commands++;
      }
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, file);
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
  return { file, commands };
}
