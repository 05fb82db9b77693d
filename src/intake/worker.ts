/**
 * An intake worker thread: runs one task at a time (src/intake/tasks.ts) and answers with
 * its result or its typed refusal. Bytes in a result go back transferred, not copied, when
 * they own their whole buffer.
 */
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { movableBuffer } from './movable.js';
import { refusalOf } from './refusals.js';
import { TASKS, type TaskName } from './tasks.js';
import type { FromIntake, IntakeClose, ToIntake } from './messages.js';

const port = parentPort!;
// Below the engine's thread and market data: a stranger's parse waits for the cores, never the other way round.
const nice = (workerData as { nice?: number } | undefined)?.nice ?? 10;
try {
  os.setPriority(nice); // this thread only (Linux: pid 0 is the calling thread)
} catch {
  // not permitted here: the thread runs at the process's priority
}

port.on('message', (m: ToIntake | IntakeClose) => {
  // Between jobs, so at no native call (a terminate() that lands inside the keccak or secp256k1 add-on aborts the process).
  if ('close' in m) process.exit(0);
  void run(m).then((reply) => port.postMessage(reply, transferables(reply)));
});

async function run(m: ToIntake): Promise<FromIntake> {
  try {
    const task = TASKS[m.task as TaskName] as (input: unknown) => unknown;
    return { id: m.id, ok: true, result: await task(m.input) };
  } catch (error) {
    return { id: m.id, ok: false, refusal: refusalOf(error) };
  }
}

/** The ArrayBuffers of a result's byte fields that own their whole buffer (a Buffer from Node's pool shares one: it is copied). */
function transferables(reply: FromIntake): ArrayBuffer[] {
  if (!reply.ok || typeof reply.result !== 'object' || reply.result === null) return [];
  const out: ArrayBuffer[] = [];
  for (const v of Object.values(reply.result)) {
    const movable = v instanceof Uint8Array ? movableBuffer(v) : undefined;
    if (movable !== undefined) out.push(movable);
  }
  return out;
}

port.postMessage({ ready: true });
