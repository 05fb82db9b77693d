/**
 * The HTTP attack of issue 52, from a process of its own (so that building 14 MB bodies and
 * hashing them costs the attacker's thread, not the exchange's): a key with no account and a
 * provider each send a 14 MB nested JSON body, and the provider uploads three ~10 MiB
 * samples at once. Prints the statuses as JSON on its last line.
 *
 *   node --import tsx test/support/http-attacker.ts '{"url":"http://127.0.0.1:8480","providerKey":"0x…"}'
 */
import { spawn } from 'node:child_process';
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

/** One of each wide body, then four at once from four addresses, to a provider route that reads JSON (issue 74: POST /v1/provider/listings/999999/submit). */
export async function attackWide(url: string, providerKey: string): Promise<WideAttackResult> {
  const provider = new Wallet(providerKey);
  const path = '/v1/provider/listings/999999/submit';
  const MB = 1024 * 1024;
  const numbers = `[${Array.from({ length: Math.floor((14 * MB) / 2) }, () => '0').join(',')}]`;
  const objects = `[${Array.from({ length: Math.floor((14 * MB) / 8) }, () => '{"a":0}').join(',')}]`;
  const bodies = [wideObject(14 * MB), wideObject(8 * MB), numbers, objects];
  const quarter = wideObject(3.5 * MB);
  const started = Date.now();
  const errors = new RequestErrors();
  const wide: number[] = [];
  for (const b of bodies) wide.push(await signedPost(url, provider, path, b, errors));
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
  const records = Array.from({ length: 10_000 }, (_, i) => ({ id: `r-${i}`, payload: 'x'.repeat(760) }));
  const body = JSON.stringify({ nonce: 'evidence-attack', records });
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
  const sample = csv(250_000); // ~9.6 MiB, under the 10 MiB cap
  const half = 7 * 1024 * 1024;
  const nested = '['.repeat(half) + ']'.repeat(half);
  const listings = [1, 2, 3].map((n) => JSON.stringify(listingInput({ title: `Large sample ${n}` }, sample)));
  // Every request signed, then all sent at once: signing all before sending any keeps each signature's time close to its sending.
  const requests: [RequestSigner, string][] = [[stranger, listings[0]!], [stranger, nested], [provider, nested], ...listings.map((b): [RequestSigner, string] => [provider, b])];
  const host = new URL(url).host;
  const signed = await Promise.all(requests.map(([wallet, body]) => signRequestHeaders(wallet, { method: 'POST', host, pathAndQuery: '/v1/provider/listings', chainId: 31_337, bodyText: body })));
  const started = Date.now();
  const errors = new RequestErrors();
  const [s1, s2, deep, ...samples] = await Promise.all(requests.map(([, body], i) => post(url, '/v1/provider/listings', body, signed[i]!, errors)));
  return { stranger: [s1!, s2!], nested: deep!, samples, errors: errors.list, ms: Date.now() - started };
}

/** Runs this module as its own process (so its work costs another thread than the caller's); its result. */
export function runAttacker(url: string, providerKey: string): Promise<AttackResult>;
export function runAttacker(url: string, providerKey: string, mode: 'wide'): Promise<WideAttackResult>;
export function runAttacker(url: string, consumerKey: string, mode: 'evidence'): Promise<EvidenceAttackResult>;
export function runAttacker(url: string, providerKey: string, mode: 'nested' | 'wide' | 'evidence' = 'nested'): Promise<AttackResult | WideAttackResult | EvidenceAttackResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=4096', '--import', 'tsx', fileURLToPath(import.meta.url), JSON.stringify({ url, providerKey, mode })], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    // Its stderr, kept for the error: a failing run's own words, in the test's failure rather than somewhere in a suite's output.
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4_000)));
    child.on('exit', (code, signal) => {
      if (code === 0) return resolve(JSON.parse(out.trim().split('\n').pop()!) as AttackResult | WideAttackResult | EvidenceAttackResult);
      reject(new Error(`the attacker exited with ${code ?? signal}; its stderr ended:\n${err}`));
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url, providerKey, mode } = JSON.parse(process.argv[2]!) as { url: string; providerKey: string; mode?: 'nested' | 'wide' | 'evidence' };
  console.log(JSON.stringify(mode === 'wide' ? await attackWide(url, providerKey) : mode === 'evidence' ? await attackEvidence(url, providerKey) : await attack(url, providerKey)));
}
