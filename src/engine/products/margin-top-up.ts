/**
 * A mark's top-up of a cash-settled position's lock from its owner's free PAT, as an event (rules 12, rules.ts):
 * synthetics.ts tops a synthetic below maintenance up towards initial margin, options.ts a written option towards
 * its writing margin. A module of the engine's state machine, within `Engine.apply`.
 */
import type { Position } from '../core/account.js';
import type { EngineState } from '../core/engine-state.js';
import { EventType } from '../core/events.js';

/** Rules version 12: a mark's top-up of a position's lock from free PAT is an event, MARGIN_TOPPED_UP. */
export const MARGIN_TOP_UP_EVENT_RULES = 12;

/** MARGIN_TOPPED_UP for `topUpMicros` just moved into `p`'s lock at the mark (nothing under rules 0–11). */
export function emitTopUp(e: Pick<EngineState, 'rulesVersion' | 'out' | 'seq'>, seriesId: number, p: Position, positionQty: number, markMicros: number, topUpMicros: number): void {
  if (e.rulesVersion < MARGIN_TOP_UP_EVENT_RULES) return;
  e.out.push({
    type: EventType.MARGIN_TOPPED_UP,
    seq: e.seq,
    seriesId,
    accountId: p.owner.id,
    positionQty,
    markMicros,
    topUpMicros,
    lockedMicros: p.collateralMicros,
  });
}
