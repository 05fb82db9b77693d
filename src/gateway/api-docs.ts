/**
 * The reference page at /docs: the OpenAPI document rendered as one HTML page on the server
 * (no script, no external stylesheet or CDN): operations grouped by tag, each with its
 * method, path, who may call it, parameters, request body and responses, schemas shown as
 * JSON. Everything from the document is escaped.
 */

/** The page's Content-Security-Policy: its own inline style, nothing else. */
export const API_REFERENCE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

type Json = Record<string, unknown>;

const METHODS = ['get', 'head', 'post', 'put', 'delete'] as const;

function esc(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Inline code spans of the document's Markdown (`x`), nothing more. */
function text(t: unknown): string {
  return esc(t).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function schemaBlock(schema: unknown): string {
  return `<pre>${esc(JSON.stringify(schema, null, 2))}</pre>`;
}

function who(security: unknown): string {
  const reqs = Array.isArray(security) ? (security as Json[]) : [];
  if (reqs.length === 0) return 'public';
  return reqs.map((r) => ('operatorToken' in r ? 'operator token' : 'wallet signature')).join(' or ');
}

function operationHtml(path: string, method: string, op: Json): string {
  const params = (op.parameters as Json[] | undefined) ?? [];
  const body = op.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined;
  const responses = (op.responses as Record<string, Json>) ?? {};
  const rows = params.map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required === true ? 'yes' : ''}</td><td>${text(p.description ?? '')}</td><td><code>${esc(JSON.stringify(p.schema))}</code></td></tr>`).join('');
  const answers = Object.entries(responses)
    .map(([status, r]) => {
      const content = r.content as Record<string, { schema?: unknown }> | undefined;
      const [type, media] = Object.entries(content ?? {})[0] ?? [];
      const schema = media?.schema !== undefined && type === 'application/json' && !('$ref' in (media.schema as Json)) && Object.keys(media.schema as Json).length > 1 ? `<details><summary>schema</summary>${schemaBlock(media.schema)}</details>` : '';
      return `<li><b>${esc(status)}</b> ${text(r.description)}${type === undefined ? '' : ` <small>${esc(type)}</small>`}${schema}</li>`;
    })
    .join('');
  return `<section class="op" id="${esc(op.operationId)}">
<h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p>${text(op.summary)} <small>(<code>${esc(op.operationId)}</code>; ${esc(who(op.security))})</small></p>
${op.description === undefined ? '' : `<p>${text(op.description)}</p>`}
${rows === '' ? '' : `<table><tr><th>parameter</th><th>in</th><th>required</th><th>meaning</th><th>schema</th></tr>${rows}</table>`}
${body?.content === undefined ? '' : `<details><summary>request body</summary>${schemaBlock(Object.values(body.content)[0]?.schema)}</details>`}
<ul>${answers}</ul>
</section>`;
}

/** The page for an OpenAPI document (openapi.ts's shape). */
export function apiReferencePage(doc: Json): string {
  const info = doc.info as Json;
  const tags = (doc.tags as Array<{ name: string; description: string }>) ?? [];
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const byTag = new Map<string, string[]>(tags.map((t) => [t.name, []]));
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (op === undefined) continue;
      const tag = (op.tags as string[])[0]!;
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push(operationHtml(path, method, op));
    }
  }
  const toc = tags.map((t) => `<li><a href="#tag-${esc(t.name.replace(/ /g, '-'))}">${esc(t.name)}</a> (${byTag.get(t.name)?.length ?? 0})</li>`).join('');
  const sections = tags.map((t) => `<h2 id="tag-${esc(t.name.replace(/ /g, '-'))}">${esc(t.name)}</h2><p>${text(t.description)}</p>${(byTag.get(t.name) ?? []).join('\n')}`).join('\n');
  const schemes = Object.entries(((doc.components as Json).securitySchemes as Record<string, Json>) ?? {})
    .map(([name, s]) => `<li><code>${esc(name)}</code>: ${s.type === 'http' ? 'Authorization: Bearer' : `header <code>${esc(s.name)}</code>`}. ${text(s.description ?? '')}</li>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(info.title)} ${esc(info.version)}</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;max-width:70rem;margin:0 auto;padding:1rem;color:#1b1f24}
code,pre{font:13px ui-monospace,monospace}pre{background:#f4f5f7;padding:.5rem;overflow:auto;max-height:24rem}
.op{border-top:1px solid #d8dce1;padding:.4rem 0}.op h3{margin:.3rem 0;font-size:1rem;overflow-wrap:anywhere}
.m{display:inline-block;min-width:4.2rem;text-align:center;border-radius:3px;color:#fff;padding:0 .3rem}
.get{background:#2f6f3e}.post{background:#2a5d9f}.put{background:#8a5a00}.delete{background:#a23}
table{border-collapse:collapse;margin:.3rem 0;display:block;overflow-x:auto}td,th{border:1px solid #d8dce1;padding:.15rem .4rem;text-align:left;vertical-align:top}
small{color:#59636e}
</style></head><body>
<h1>${esc(info.title)} <small>${esc(info.version)}</small></h1>
<p>${text(info.description)}</p>
<p>The machine-readable document: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<h2>Security schemes</h2><ul>${schemes}</ul>
<h2>Operations</h2><ul>${toc}</ul>
${sections}
</body></html>
`;
}
