/**
 * The embedded chain's public face: a JSON-RPC proxy in front of anvil for when the
 * chain must be reachable from other machines (PATX_CHAIN_HOST not loopback, e.g. a
 * container's published port), while anvil itself listens on 127.0.0.1 only.
 *
 * anvil answers anyone who reaches it with its cheat methods (anvil_impersonateAccount,
 * anvil_setBalance, evm_*, hardhat_*, debug_*, personal_*) and signs eth_sendTransaction
 * for its unlocked dev accounts: whoever reaches it could mint itself PAT or rewrite the
 * vault. This filter forwards only what a depositor's wallet needs to read the chain and
 * send transactions it signed itself (ALLOWED_METHODS), and refuses the rest with a
 * JSON-RPC error. It also refuses raw transactions signed by the service's own
 * privileged accounts (the settler, the local council): on the embedded chain their
 * keys are the well-known dev keys, and only the service may act as them.
 *
 * Bounded like everything a stranger reaches: the body's size, the batch's length,
 * the time to send headers and the whole request, and the connections open at once.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Transaction } from 'ethers';
import type { Logger } from '../runtime/log.js';

/** What a wallet (MetaMask, ethers' JsonRpcProvider) asks of a chain to show balances and send a signed transaction. */
export const ALLOWED_METHODS: ReadonlySet<string> = new Set([
  'eth_chainId',
  'eth_blockNumber',
  'eth_call',
  'eth_estimateGas',
  'eth_getBalance',
  'eth_getTransactionCount',
  'eth_getTransactionReceipt',
  'eth_getTransactionByHash',
  'eth_sendRawTransaction',
  'eth_gasPrice',
  'eth_maxPriorityFeePerGas',
  'eth_feeHistory',
  'eth_getBlockByNumber',
  'eth_getBlockByHash',
  'eth_getCode',
  'eth_getStorageAt',
  'eth_getLogs',
  'eth_syncing',
  'net_version',
  'net_listening',
  'web3_clientVersion',
]);

/** JSON-RPC 2.0 error codes (the spec's, and -32000 for a server's own refusals). */
export const RpcErrorCode = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_ALLOWED: -32601,
  INTERNAL: -32603,
  REFUSED: -32000,
} as const;

export interface RpcFilterOptions {
  /** Interface and port the filter listens on (port 0: any free one). */
  host: string;
  port: number;
  /** anvil's own URL, on loopback. */
  upstreamUrl: string;
  /** Senders whose raw transactions are refused (lower- or mixed-case addresses). */
  refusedSenders?: readonly string[];
  /** Largest request body; a larger one is refused (413) before it is parsed. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Most requests in one batch. Default 100. */
  maxBatch?: number;
  /** Time a client has to send its headers, and the whole request. Defaults 10 s and 30 s. */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Connections open at once; more are dropped. Default 1,000. */
  maxConnections?: number;
  log: Logger;
}

export interface RpcFilter {
  readonly port: number;
  close(): Promise<void>;
}

interface RpcRequest {
  jsonrpc: '2.0';
  id?: string | number | null;
  method: string;
  params?: unknown;
}

type RpcReply = { jsonrpc: '2.0'; id: string | number | null; result?: unknown; error?: { code: number; message: string } };

const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'POST, OPTIONS', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '600' };

/** What the filter lets through, and where to. */
interface FilterRules {
  upstreamUrl: string;
  maxBodyBytes: number;
  maxBatch: number;
  /** Lower-case senders whose raw transactions are refused. */
  refused: ReadonlySet<string>;
  log: Logger;
}

export async function startRpcFilter(o: RpcFilterOptions): Promise<RpcFilter> {
  const rules: FilterRules = {
    upstreamUrl: o.upstreamUrl,
    maxBodyBytes: o.maxBodyBytes ?? 1024 * 1024,
    maxBatch: o.maxBatch ?? 100,
    refused: new Set((o.refusedSenders ?? []).map((a) => a.toLowerCase())),
    log: o.log,
  };
  const headersTimeout = o.headersTimeoutMs ?? 10_000;
  // Node checks the timeouts every connectionsCheckingInterval (30 s by default): often enough that they hold.
  const timeouts = { headersTimeout, requestTimeout: o.requestTimeoutMs ?? 30_000, connectionsCheckingInterval: Math.min(1_000, headersTimeout), maxHeaderSize: 16 * 1024 };
  const server = createServer(timeouts, filterRequest(rules));
  server.maxConnections = o.maxConnections ?? 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** The HTTP side: CORS preflight, POST only, the body bounded and parsed, then the JSON-RPC answer. */
function filterRequest(rules: FilterRules): (req: IncomingMessage, res: ServerResponse) => void {
  const { maxBodyBytes, log } = rules;
  return (req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS);
      return void res.end();
    }
    if (req.method !== 'POST') return reply(res, 405, failure(null, RpcErrorCode.INVALID_REQUEST, 'POST a JSON-RPC request'));
    const tooLarge = (): void => {
      // Answered at once; the rest of the body is not read. The socket closes after a grace so that
      // the client, still writing, can read the answer (closing at once would reset it unread).
      res.setHeader('connection', 'close');
      reply(res, 413, failure(null, RpcErrorCode.INVALID_REQUEST, `a request body is at most ${maxBodyBytes} bytes`));
      req.pause();
      const timer = setTimeout(() => req.socket.destroy(), 2_000);
      req.socket.once('close', () => clearTimeout(timer));
    };
    if (Number(req.headers['content-length'] ?? 0) > maxBodyBytes) return tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (res.headersSent) return;
      size += chunk.length;
      if (size > maxBodyBytes) tooLarge();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return reply(res, 200, failure(null, RpcErrorCode.PARSE_ERROR, 'the body is not JSON'));
      }
      answer(parsed, rules).then(
        (out) => reply(res, out.status, out.body),
        (error: unknown) => {
          log.error({ err: error }, 'filtered RPC request failed');
          reply(res, 500, failure(null, RpcErrorCode.INTERNAL, 'internal error'));
        },
      );
    });
    req.on('error', () => undefined);
  };
}

/** One request or a batch: the refused ones answered here, the rest forwarded to anvil. */
async function answer(parsed: unknown, rules: FilterRules): Promise<{ status: number; body: unknown }> {
  const single = !Array.isArray(parsed);
  const batch: unknown[] = single ? [parsed] : (parsed as unknown[]);
  if (batch.length === 0) return { status: 200, body: failure(null, RpcErrorCode.INVALID_REQUEST, 'an empty batch') };
  if (batch.length > rules.maxBatch) return { status: 200, body: failure(null, RpcErrorCode.INVALID_REQUEST, `a batch holds at most ${rules.maxBatch} requests`) };
  const refusals = batch.map((r) => refusal(r, rules.refused));
  // Re-serialized from the checked fields only: nothing else of the client's text reaches anvil.
  const allowed = batch.flatMap((r, i) => (refusals[i] === undefined ? [pick(r as RpcRequest)] : []));
  let forwarded: RpcReply[] = [];
  if (allowed.length > 0) {
    try {
      forwarded = await forward(rules.upstreamUrl, allowed, single);
    } catch (error) {
      rules.log.warn({ err: error }, 'the embedded chain did not answer a filtered request');
      forwarded = allowed.filter((r) => r.id !== undefined).map((r) => failure(r.id ?? null, RpcErrorCode.INTERNAL, 'the chain did not answer'));
    }
  }
  // A notification (no id) gets no reply, refused or not (JSON-RPC 2.0).
  const replies = [...refusals.filter((r, i): r is RpcReply => r !== undefined && (batch[i] as Partial<RpcRequest> | null)?.id !== undefined), ...forwarded];
  if (single) return { status: 200, body: replies[0] ?? refusals[0] };
  return { status: 200, body: replies };
}

/** The refusal of one request, or undefined when it may go to anvil. */
function refusal(request: unknown, refused: ReadonlySet<string>): RpcReply | undefined {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return failure(null, RpcErrorCode.INVALID_REQUEST, 'not a JSON-RPC request object');
  const r = request as Partial<RpcRequest>;
  const id = typeof r.id === 'string' || typeof r.id === 'number' ? r.id : null;
  if (r.jsonrpc !== '2.0' || typeof r.method !== 'string') return failure(id, RpcErrorCode.INVALID_REQUEST, 'not a JSON-RPC 2.0 request (jsonrpc "2.0" and a method)');
  if (!ALLOWED_METHODS.has(r.method)) return failure(id, RpcErrorCode.METHOD_NOT_ALLOWED, `method ${r.method.slice(0, 64)} is not available on this endpoint`);
  if (r.method === 'eth_sendRawTransaction' && refused.size > 0) {
    const raw = Array.isArray(r.params) ? (r.params[0] as unknown) : undefined;
    let sender: string | undefined;
    try {
      sender = typeof raw === 'string' ? (Transaction.from(raw).from ?? undefined) : undefined;
    } catch {
      return failure(id, RpcErrorCode.INVALID_REQUEST, 'params[0] is not a signed raw transaction');
    }
    if (sender !== undefined && refused.has(sender.toLowerCase())) return failure(id, RpcErrorCode.REFUSED, `transactions from ${sender} are the exchange's own: not accepted on this endpoint`);
  }
  return undefined;
}

/** Sends the allowed requests to anvil as they came (one object, or a batch); the replies in order. */
async function forward(upstreamUrl: string, requests: readonly RpcRequest[], single: boolean): Promise<RpcReply[]> {
  const body = single ? requests[0] : requests;
  const response = await fetch(upstreamUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
  const got = (await response.json()) as RpcReply | RpcReply[];
  return Array.isArray(got) ? got : [got];
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { ...CORS, 'content-type': 'application/json' });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

function failure(id: RpcReply['id'], code: number, message: string): RpcReply {
  return { jsonrpc: '2.0', id, error: { code, message } };
}

function pick(r: RpcRequest): RpcRequest {
  return { jsonrpc: '2.0', method: r.method, ...(r.id !== undefined ? { id: r.id } : {}), ...(r.params !== undefined ? { params: r.params } : {}) };
}
