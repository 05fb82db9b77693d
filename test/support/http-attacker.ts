/**
 * The HTTP attack of issue 52, from a process of its own (so that building 14 MB bodies and
 * hashing them costs the attacker's thread, not the exchange's): a key with no account and a
 * provider each send a 14 MB nested JSON body, and the provider uploads three ~10 MiB
 * samples at once. Prints the statuses as JSON on its last line.
 *
 *   node --import tsx test/support/http-attacker.ts '{"url":"http://127.0.0.1:8480","providerKey":"0x…"}'
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Wallet } from 'ethers';
import { signRequestHeaders, type RequestSigner } from '../../src/gateway/index.js';
import { csv, listingInput } from './catalog-fixture.js';

export interface AttackResult {
  /** A key with no account: its listing with a 10 MiB sample, then its 14 MB nested body. */
  stranger: number[];
  /** The provider's 14 MB nested body. */
  nested: number;
  /** The provider's three 10 MiB samples, sent at once. */
  samples: number[];
  ms: number;
}

/** One POST of `body` (already built and signed). */
async function send(url: string, body: string, headers: Record<string, string>): Promise<number> {
  const res = await fetch(`${url}/v1/provider/listings`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  await res.arrayBuffer();
  return res.status;
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
  const [s1, s2, deep, ...samples] = await Promise.all(requests.map(([, body], i) => send(url, body, signed[i]!)));
  return { stranger: [s1!, s2!], nested: deep!, samples, ms: Date.now() - started };
}

/** Runs this module as its own process (so its work costs another thread than the caller's); its result. */
export function runAttacker(url: string, providerKey: string): Promise<AttackResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), JSON.stringify({ url, providerKey })], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as AttackResult) : reject(new Error(`the attacker exited with ${code}`))));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url, providerKey } = JSON.parse(process.argv[2]!) as { url: string; providerKey: string };
  console.log(JSON.stringify(await attack(url, providerKey)));
}
