import type { HttpReply } from './mounted-route.js';

/**
 * The reply to a command or read the sequencer did not take, told by the error's name so that this
 * registry depends on nothing of the engine's (src/engine/durability/sequencer.ts): 503 once the
 * engine has stopped or while its queue is full, 507 while the disk is low, 400 for a command the
 * journal could not write (a string that is not text). Undefined for any other error: the caller's
 * 500. Nothing of such a command took effect.
 */
export function notTakenReply(error: unknown): HttpReply | undefined {
  if (!(error instanceof Error)) return undefined;
  switch (error.name) {
    case 'SequencerStoppedError':
      return { status: 503, body: { error: 'SERVICE_UNAVAILABLE', message: 'the engine is stopped' } };
    case 'SequencerBusyError':
      return { status: 503, body: { error: 'SERVER_BUSY', message: error.message }, headers: { 'retry-after': '1' } };
    case 'DiskLowError':
      return { status: 507, body: { error: 'DISK_LOW', message: error.message } };
    case 'UnwritableCommandError':
      return { status: 400, body: { error: 'INVALID_TEXT', message: error.message } };
    default:
      return undefined;
  }
}
