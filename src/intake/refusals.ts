/**
 * A task's refusal across the thread: the worker flattens the typed error a task threw
 * (refusalOf) and the pool rebuilds it (revive), so a route catches the very class it would
 * have caught in-thread. The error classes the tasks throw are named here alone: the pool and
 * the worker know none of them.
 */
import { CatalogError } from '../catalog/catalog-error.js'; // the class alone, not the catalog: the worker loads this
import { IntakeError } from './intake-error.js';
import type { IntakeRefusal } from './messages.js';

export function refusalOf(error: unknown): IntakeRefusal {
  if (error instanceof IntakeError) return { source: 'intake', code: error.code, message: error.message };
  if (error instanceof CatalogError) return { source: 'catalog', code: error.code, message: error.message, details: error.details };
  return { source: 'internal', code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

export function revive(r: IntakeRefusal): Error {
  if (r.source === 'intake') return new IntakeError(r.code as IntakeError['code'], r.message);
  if (r.source === 'catalog') return new CatalogError(r.code as CatalogError['code'], r.message, r.details);
  return new Error(`intake task failed: ${r.message}`);
}
