/**
 * A status port's promise to its OpenAPI document, checked from outside (the standby's and an
 * edge's, src/replication/status-port.ts): every method on every documented path answers a status
 * its operation documents, and a method the path does not document 405 with Allow.
 */
import { expect } from 'vitest';

export type StatusPortDoc = { openapi: string; info: { title?: string; description: string }; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

export async function expectDocumentedOperations(base: string, doc: StatusPortDoc): Promise<void> {
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method === 'HEAD' ? 'get' : method.toLowerCase()];
      const r = await fetch(`${base}${p}`, { method });
      const what = `${method} ${p} -> ${r.status}`;
      if (op !== undefined) expect(Object.keys(op.responses), what).toContain(String(r.status));
      else expect([r.status, r.headers.get('allow')], what).toEqual([405, 'GET, HEAD, OPTIONS']);
    }
  }
}
