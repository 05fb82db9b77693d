/**
 * The HTTP attack of issue 52, from a process of its own (so that building 14 MB bodies and
 * hashing them costs the attacker's thread, not the exchange's): a key with no account and a
 * provider each send a 14 MB nested JSON body, and the provider uploads three ~10 MiB
 * samples at once; the wide and evidence attacks of issue 74 beside it. Run as a process of its own
 * (AttackerProcess, runAttacker): each attack a line of JSON on its stdin, its result a line on its stdout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Wallet } from 'ethers';
import { signRequestHeaders, type RequestSigner } from '../../src/gateway/index.js';
import { csv, listingInput } from './catalog-fixture.js';

/** Issue 74's wide bodies: each the engine's thread once spent seconds copying from the worker that parsed it. */
export interface WideAttackResult {
  /** A 14 MB object of ~1.2 million small keys, an 8 MB one, a 14 MB flat number array, an array of small objects (statuses). */
  wide: number[];
  /** Four ~3.5 MB key bodies at once. */
  parallel: number[];
  /** Requests that failed before any answer (their status above is 0). */
  errors: string[];
  ms: number;
}

/** A JSON object of `bytes` of small keys ({"k0":0,"k1":0,…}). */
function wideObject(bytes: number): string {
  const parts: string[] = [];
  let size = 2;
  for (let i = 0; size < bytes; i++) {
    const part = `"k${i}":0`;
    parts.push(part);
    size += part.length + 1;
  }
  return `{${parts.join(',')}}`;
}

/** Requests that failed before any answer (their status is then 0): the error's code and when, from the attack's start. */
class RequestErrors {
  readonly list: string[] = [];
  private readonly started = Date.now();
  add(error: NodeJS.ErrnoException): void {
    this.list.push(`${error.code ?? error.message} after ${Date.now() - this.started} ms`);
  }
}

/**
 * One POST of `body` (already signed) from a loopback address of its own (127.0.0.0/8 is all
 * loopback on Linux: several "addresses" on one machine); its status. A server that answers before
 * reading the body (a stranger's 404, a 413) closes while the body is still being sent: the answer
 * counts, the write's EPIPE after it does not (fetch failed the whole request on it, under a loaded
 * suite). A request that fails before any answer is recorded in `errors` and counts as status 0, so
 * the caller's assertion names it (a throw here only ever said that the attacker's process exited 1).
 */
function post(url: string, path: string, body: string, headers: Record<string, string>, errors: RequestErrors, localAddress = '127.0.0.1'): Promise<number> {
  const target = new URL(url);
  return new Promise((resolve) => {
    let status = 0;
    const req = request({ host: target.hostname, port: target.port, path, method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      status = res.statusCode ?? 0;
      res.resume();
      res.on('end', () => resolve(status));
      res.on('error', () => resolve(status));
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (status === 0) errors.add(error);
      resolve(status);
    });
    req.end(body);
  });
}

/** `post`, signed by `wallet` just before it is sent. */
async function signedPost(url: string, wallet: RequestSigner, path: string, body: string, errors: RequestErrors, localAddress?: string): Promise<number> {
  const headers = await signRequestHeaders(wallet, { method: 'POST', host: new URL(url).host, pathAndQuery: path, chainId: 31_337, bodyText: body });
  return post(url, path, body, headers, errors, localAddress);
}

const MB = 1024 * 1024;

/** Each attack's bodies, built once per process (`prepare` builds them all before anything is timed). */
const bodies = {
  wide: once(() => [wideObject(14 * MB), wideObject(8 * MB), `[${Array.from({ length: Math.floor((14 * MB) / 2) }, () => '0').join(',')}]`, `[${Array.from({ length: Math.floor((14 * MB) / 8) }, () => '{"a":0}').join(',')}]`]),
  quarter: once(() => wideObject(3.5 * MB)),
  evidence: once(() => JSON.stringify({ nonce: 'evidence-attack', records: Array.from({ length: 10_000 }, (_, i) => ({ id: `r-${i}`, payload: 'x'.repeat(760) })) })),
  nested: once(() => '['.repeat(7 * MB) + ']'.repeat(7 * MB)),
  listings: once(() => {
    const sample = csv(250_000); // ~9.6 MiB, under the 10 MiB cap
    return [1, 2, 3].map((n) => JSON.stringify(listingInput({ title: `Large sample ${n}` }, sample)));
  }),
};

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/** Builds every attack's bodies now, so an attack's time is its sending, not its building. */
export function prepare(): void {
  for (const make of Object.values(bodies)) make();
}

/** One of each wide body, then four at once from four addresses, to a provider route that reads JSON (issue 74: POST /v1/provider/listings/999999/submit). */
export async function attackWide(url: string, providerKey: string): Promise<WideAttackResult> {
  const provider = new Wallet(providerKey);
  const path = '/v1/provider/listings/999999/submit';
  const quarter = bodies.quarter();
  const started = Date.now();
  const errors = new RequestErrors();
  const wide: number[] = [];
  for (const b of bodies.wide()) wide.push(await signedPost(url, provider, path, b, errors));
  const parallel = await Promise.all([2, 3, 4, 5].map((n) => signedPost(url, provider, path, quarter, errors, `127.0.0.${n}`)));
  return { wide, parallel, errors: errors.list, ms: Date.now() - started };
}

/** Issue 74's evidence bodies: 16 × ~7.8 MiB of 10,000 records each, four from each of four addresses at once. */
export interface EvidenceAttackResult {
  statuses: number[];
  /** Requests that failed before any answer (their status above is 0). */
  errors: string[];
  ms: number;
}

/** Conformance evidence a consumer may send (10,000 records, ~7.8 MiB) to a grant: hashed and measured only off the engine's thread. */
export async function attackEvidence(url: string, consumerKey: string, grantId = 999_999): Promise<EvidenceAttackResult> {
  const consumer = new Wallet(consumerKey);
  const body = bodies.evidence();
  const started = Date.now();
  const errors = new RequestErrors();
  const statuses = await Promise.all(Array.from({ length: 16 }, (_, i) => signedPost(url, consumer, `/v1/grants/${grantId}/conformance`, body, errors, `127.0.0.${2 + (i % 4)}`)));
  return { statuses, errors: errors.list, ms: Date.now() - started };
}

export interface AttackResult {
  /** A key with no account: its listing with a 10 MiB sample, then its 14 MB nested body. */
  stranger: number[];
  /** The provider's 14 MB nested body. */
  nested: number;
  /** The provider's three 10 MiB samples, sent at once. */
  samples: number[];
  /** Requests that failed before any answer (their status above is 0): the error's code and when. */
  errors: string[];
  ms: number;
}

export async function attack(url: string, providerKey: string): Promise<AttackResult> {
  const provider = new Wallet(providerKey);
  const stranger = Wallet.createRandom();
  const nested = bodies.nested();
  const listings = bodies.listings();
  // Every request signed, then all sent at once: signing all before sending any keeps each signature's time close to its sending.
  const requests: [RequestSigner, string][] = [[stranger, listings[0]!], [stranger, nested], [provider, nested], ...listings.map((b): [RequestSigner, string] => [provider, b])];
  const host = new URL(url).host;
  const signed = await Promise.all(requests.map(([wallet, body]) => signRequestHeaders(wallet, { method: 'POST', host, pathAndQuery: '/v1/provider/listings', chainId: 31_337, bodyText: body })));
  const started = Date.now();
  const errors = new RequestErrors();
  const [s1, s2, deep, ...samples] = await Promise.all(requests.map(([, body], i) => post(url, '/v1/provider/listings', body, signed[i]!, errors)));
  return { stranger: [s1!, s2!], nested: deep!, samples, errors: errors.list, ms: Date.now() - started };
}

type Mode = 'nested' | 'wide' | 'evidence';

function attackBy(mode: Mode, url: string, key: string): Promise<AttackResult | WideAttackResult | EvidenceAttackResult> {
  return mode === 'wide' ? attackWide(url, key) : mode === 'evidence' ? attackEvidence(url, key) : attack(url, key);
}

const CHILD_ARGS = ['--max-old-space-size=4096', '--import', 'tsx', fileURLToPath(import.meta.url)];

/** Runs this module as its own process (so its work costs another thread than the caller's) for one attack; its result. */
export function runAttacker(url: string, providerKey: string): Promise<AttackResult>;
export function runAttacker(url: string, providerKey: string, mode: 'wide'): Promise<WideAttackResult>;
export function runAttacker(url: string, consumerKey: string, mode: 'evidence'): Promise<EvidenceAttackResult>;
export async function runAttacker(url: string, key: string, mode: Mode = 'nested'): Promise<unknown> {
  const attacker = await AttackerProcess.start(false);
  try {
    return await attacker.run(url, key, mode);
  } finally {
    await attacker.close();
  }
}

/**
 * An attacker process started once, its bodies built, then told to attack as often as asked (a
 * line of JSON on its stdin for each attack, its result a line on its stdout). For a bench that
 * times the exchange under attack: a process spawned from the exchange's own while it is timed
 * costs the exchange what no remote attacker can make it pay. After a fork every page of the
 * parent's memory is copy-on-write until written again, and on this VM each such first write
 * faults for ~17 µs (256 MiB rewritten after a spawn: 550 ms against 9 ms; bench/RESULTS.md,
 * "Strangers over HTTP", 2026-12-04 10:20).
 */
export class AttackerProcess {
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private err = '';

  private constructor(private readonly child: ChildProcess) {
    child.stderr!.on('data', (d: Buffer) => (this.err = (this.err + d.toString()).slice(-4_000)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const { id, result, error } = JSON.parse(line) as { id: number; result?: unknown; error?: string };
      const w = this.waiting.get(id);
      this.waiting.delete(id);
      if (error === undefined) w?.resolve(result);
      else w?.reject(new Error(error));
    });
    child.on('exit', (code, signal) => {
      for (const w of this.waiting.values()) w.reject(new Error(`the attacker exited with ${code ?? signal}; its stderr ended:\n${this.err}`));
      this.waiting.clear();
    });
  }

  /** The process started and answering; with `build`, every attack's bodies built too (else each its own, when run). */
  static async start(build = true): Promise<AttackerProcess> {
    const attacker = new AttackerProcess(spawn(process.execPath, CHILD_ARGS, { stdio: ['pipe', 'pipe', 'pipe'] }));
    await attacker.ask({ mode: build ? 'prepare' : 'ready' });
    return attacker;
  }

  run(url: string, providerKey: string): Promise<AttackResult>;
  run(url: string, providerKey: string, mode: 'wide'): Promise<WideAttackResult>;
  run(url: string, consumerKey: string, mode: 'evidence'): Promise<EvidenceAttackResult>;
  run(url: string, key: string, mode: Mode): Promise<unknown>;
  run(url: string, key: string, mode: Mode = 'nested'): Promise<unknown> {
    return this.ask({ mode, url, key });
  }

  private ask(request: object): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.stdin!.write(`${JSON.stringify({ id, ...request })}\n`);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.stdin!.end();
    });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // Attacks run as they are asked, several at once; each answered by its id.
  createInterface({ input: process.stdin }).on('line', (line) => {
    const { id, mode, url, key } = JSON.parse(line) as { id: number; mode: Mode | 'prepare' | 'ready'; url: string; key: string };
    const answer = (reply: object): boolean => process.stdout.write(`${JSON.stringify({ id, ...reply })}\n`);
    if (mode === 'prepare') prepare();
    if (mode === 'prepare' || mode === 'ready') return void answer({ result: null });
    attackBy(mode, url, key).then((result) => answer({ result }), (e: Error) => answer({ error: e.stack ?? e.message }));
  });
}
