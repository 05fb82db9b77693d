import type { HttpReply } from './mounted-route.js';
import { notTakenReply } from './not-taken.js';

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
 * Why a released read could not be answered: 503 once the engine has stopped (not-taken.ts), 500
 * when the view itself failed (the sequencer fails that read alone).
 */
export function unreadReply(error: unknown): HttpReply {
  return notTakenReply(error) ?? { status: 500, body: { error: 'INTERNAL', message: 'internal error' } };
}
