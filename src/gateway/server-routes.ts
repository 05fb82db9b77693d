/**
 * A small server's routes as rows of the route registry, and what that gives it: its own
 * OpenAPI 3.1 document (the gateway's generator, src/gateway/openapi.ts, with the server's
 * title and tags), served at /openapi.json, and the 404 / 405-with-Allow answer for a request
 * its rows do not name. For the standby (src/replication/standby-operations.ts) and the
 * reference provider server (src/provider-server/operations.ts), which are node:http servers
 * of their own, not the gateway's dispatcher.
 */
import { openApiDocument, type DocumentInfo } from './openapi.js';
import { allowedMethods, RouteTable, type HttpMethod, type Operation } from '../http-registry/index.js';

/** The path every such server serves its document at. */
export const OPENAPI_PATH = '/openapi.json';

export class ServerRoutes {
  private readonly table = new RouteTable<true>();
  private text: string | undefined;

  constructor(
    readonly operations: readonly Operation[],
    private readonly info: Required<DocumentInfo>,
    /** HEAD served wherever GET is (the server's handlers answer it); false: HEAD is another method (405). */
    private readonly head = true,
  ) {
    for (const op of operations) this.table.add(op, true);
  }

  /** The OpenAPI document of these rows. */
  document(): unknown {
    return openApiDocument(this.operations, this.info);
  }

  /** The document as served (made once). */
  documentText(): string {
    this.text ??= JSON.stringify(this.document());
    return this.text;
  }

  /**
   * How a request stands against the rows: `served` with the row's path (a row names its method and path; HEAD
   * with GET unless `head` is off; OPTIONS on a named path is the server's), else the
   * refusal to send: 404 for a path no row names, 405 with `Allow` for another method.
   */
  check(method: string, path: string): { served: true; template: string } | { served: false; status: 404 | 405; allow?: string; body: { error: string; message: string } } {
    const match = this.table.match(path);
    if (match === undefined) return { served: false, status: 404, body: { error: 'NOT_FOUND', message: `no route ${method} ${path}` } };
    const named = method === 'HEAD' && this.head ? 'GET' : method;
    if (method === 'OPTIONS' || match.byMethod.has(named as HttpMethod)) return { served: true, template: match.template };
    const allow = this.head ? allowedMethods(match.byMethod) : allowedMethods(match.byMethod).replace('HEAD, ', '');
    return { served: false, status: 405, allow, body: { error: 'METHOD_NOT_ALLOWED', message: `${method} is not served on ${match.template}: ${allow}` } };
  }
}
