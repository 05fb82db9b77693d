/** One entry of the audit trail (src/operator/audit-trail.ts), apart so the notes' copy (audit-notes-copy.ts) names it without importing the trail. */
export interface AuditEntry {
  seq: number;
  /** The sequencer's time for the command (ms since the epoch). */
  timeMs: number;
  /** Engine account that acted (0: the system, e.g. the listing schedule or market-maker protection). */
  actor: number;
  event: string;
  detail: Record<string, unknown>;
  /** An action noted beside the journal by a store written before operators' notes were journaled: its number, from 1. Absent for the journal's. */
  note?: number;
}
