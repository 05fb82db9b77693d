import type { HttpReply } from './mounted-route.js';

/**
 * A route's reply made from engine state read at its place in the sequencer's queue
 * (`Sequencer.released`, src/engine/durability/sequencer.ts): what it shows is journaled, never
 * ahead of it; `unreadReply` when the read failed.
 */
export async function replyReleased(read: Promise<HttpReply>): Promise<HttpReply> {
  try {
    return await read;
  } catch (error) {
    return unreadReply(error);
  }
}

/**
 * Why a released read could not be answered: 503 once the engine has stopped, 500 when the view
 * itself failed (the sequencer fails that read alone). The sequencer's error is told by its name,
 * so that this registry keeps depending on nothing of the engine's.
 */
export function unreadReply(error: unknown): HttpReply {
  if (error instanceof Error && error.name === 'SequencerStoppedError') {
    return { status: 503, body: { error: 'SERVICE_UNAVAILABLE', message: 'the engine is stopped' } };
  }
  return { status: 500, body: { error: 'INTERNAL', message: 'internal error' } };
}
