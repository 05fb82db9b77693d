/**
 * Webhooks cannot reach inside, at the moment a batch is sent (src/gate/webhook-post.ts,
 * pusher.ts; issue 74): the URL's name is resolved at each attempt and every address it
 * resolves to must be globally routable (or the exact address:port the gate allows); the
 * connection goes to the address checked; redirects are not followed; a registration kept
 * from before (a gate that allowed private hooks) is refused when resumed.
 *
 * The resolver is a stub (PusherOptions.lookup): real DNS cannot be made to rebind in a test,
 * and tests reach 127.0.0.1 only. The stub's "public" answer is the one address:port the gate
 * allows (a receiver on 127.0.0.1 stands in for the consumer's public host); its rebinding
 * answer is 127.0.0.2 on the same port, where a "victim" listens. Real Gate, LMDB, HTTP and
 * signatures.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Wallet } from 'ethers';
import { afterEach, describe, expect, it } from 'vitest';
import { Gate, postWebhook, Pusher, signPushAuthorisation, WebhookAllowance, type PushEndReason, type PushLog, type PushPayload, type WebhookLookup } from '../../src/gate/index.js';
import { GrantSigner, type AccessGrant, type GrantDomain } from '../../src/grants/index.js';

const domain: GrantDomain = { name: 'PATX', version: '1', chainId: 31337, verifyingContract: '0x' + '5f'.repeat(20) };
const exchange = Wallet.createRandom();
const provider = Wallet.createRandom();
const consumer = Wallet.createRandom();
const signer = new GrantSigner(exchange.privateKey, domain);
const NAME = 'hooks.consumer.example';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Receiver {
  port: number;
  received: { headers: IncomingHttpHeaders; path: string }[];
}

/** An HTTP receiver on `host` (`port` 0: any) answering each POST with `answer`'s status and headers. */
async function receiver(host: string, port = 0, answer: () => [number, Record<string, string>?] = () => [200]): Promise<Receiver> {
  const received: Receiver['received'] = [];
  const server: Server = createServer((req, res) => {
    received.push({ headers: req.headers, path: req.url ?? '' });
    req.resume();
    req.on('end', () => {
      const [status, headers] = answer();
      res.writeHead(status, headers).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  cleanups.push(() => server.closeAllConnections());
  return { port: (server.address() as AddressInfo).port, received };
}

/** A receiver on 127.0.0.1 and a victim on 127.0.0.2 at the same port. */
async function receiverAndVictim(): Promise<{ hook: Receiver; victim: Receiver }> {
  for (let tries = 0; ; tries++) {
    const hook = await receiver('127.0.0.1');
    try {
      return { hook, victim: await receiver('127.0.0.2', hook.port) };
    } catch (error) {
      if (tries >= 5) throw error;
    }
  }
}

function newDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'patx-webhook-send-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function grant(over: Partial<AccessGrant> = {}): AccessGrant {
  const now = Date.now();
  return { grantId: 7, consumer: consumer.address, provider: provider.address, listingId: 3, listingVersion: 1, seriesId: 1, windowOpenMs: now - 3_600_000, windowCloseMs: now + 3_600_000, quantity: 3, expiresAtMs: now + 86_400_000, nonce: 1, ...over };
}

/** The batch a right carries: its content is not what is tested here. */
const batch = (g: AccessGrant, seq: number, remaining: number): PushPayload => ({
  grantId: g.grantId,
  seq,
  remaining,
  records: [{ n: seq }],
  delivery: { grantId: g.grantId, use: 1, nonce: `push-${seq}`, records: 1, sha256: '00'.repeat(32) },
  deliverySignature: '0x' + '11'.repeat(65),
});

interface Run {
  gate: Gate;
  pusher: Pusher;
  ended: PushEndReason[];
  warnings: string[];
  lookups: string[];
}

/** A gate allowing `allow`, and its pusher resolving with `answers` (the next answer each lookup; the last one repeated). */
function open(dir: string, allow: string[], answers: string[][]): Run {
  const gate = new Gate({ domain, exchangeSigner: exchange.address, provider: provider.address, endpoint: 'https://data.provider.example/records', serves: () => true, dir, webhookAllow: allow });
  const lookups: string[] = [];
  const lookup: WebhookLookup = (hostname) => {
    lookups.push(hostname);
    const answer = answers[Math.min(lookups.length - 1, answers.length - 1)]!;
    return Promise.resolve(answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  };
  const ended: PushEndReason[] = [];
  const warnings: string[] = [];
  const log: PushLog = { info: () => undefined, warn: (fields) => void warnings.push(String((fields as { outcome?: string }).outcome)) };
  const pusher = new Pusher(gate, { batch, periodMs: () => 50, retry: { firstDelayMs: 20, maxDelayMs: 40, maxAttempts: 3 }, timeoutMs: 2_000, log, lookup, onEnded: (_r, reason) => void ended.push(reason) });
  cleanups.push(async () => {
    await pusher.close();
    await gate.close();
  });
  return { gate, pusher, ended, warnings, lookups };
}

async function registration(url: string, g = grant()) {
  const signed = signer.sign(g);
  const authorisation = await signPushAuthorisation(consumer, { domain, url, untilMs: Date.now() + 3_600_000, nonce: 'hook-1' });
  return { grant: signed.grant, signature: signed.signature, domain, authorisation };
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('a webhook batch, when it is sent', () => {
  it('is refused, never connecting, when the name now resolves to a private address (DNS rebinding); the answer checked is the address connected to', async () => {
    const { hook, victim } = await receiverAndVictim();
    // First the name answers the allowed receiver (standing in for a public address), then 127.0.0.2 (rebound).
    const run = open(newDir(), [`127.0.0.1:${hook.port}`], [['127.0.0.1'], ['127.0.0.2']]);
    await run.pusher.register(await registration(`http://${NAME}:${hook.port}/patx`));
    await until(() => run.ended.length > 0, 'the registration to end');
    // The first batch went to the address checked, under the name (Host); the rebound ones went nowhere.
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]!.headers.host).toBe(`${NAME}:${hook.port}`);
    expect(victim.received).toHaveLength(0);
    expect(run.ended).toEqual(['failed']); // every attempt of the second batch refused: a failed attempt each
    expect(run.lookups.length).toBe(4); // resolved again at every attempt: 1 sent, 3 refused
    expect(new Set(run.lookups)).toEqual(new Set([NAME]));
    expect(run.warnings).toHaveLength(3);
    for (const w of run.warnings) expect(w).toBe(`refused: ${NAME} resolves to 127.0.0.2 is loopback (127.0.0.0/8): webhooks go to globally routable addresses`);
  });

  it('is refused when any address the name resolves to is not global, though another is allowed', async () => {
    const { hook } = await receiverAndVictim();
    const run = open(newDir(), [`127.0.0.1:${hook.port}`], [['127.0.0.1', '169.254.169.254']]);
    await run.pusher.register(await registration(`http://${NAME}:${hook.port}/patx`));
    await until(() => run.ended.length > 0, 'the registration to end');
    expect(hook.received).toHaveLength(0);
    expect(run.warnings[0]).toContain('169.254.169.254 is link-local (169.254.0.0/16)');
  });

  it('does not follow a redirect: a 3xx is an attempt not taken, and the address it names is never reached', async () => {
    const target = await receiver('127.0.0.1');
    const hook = await receiver('127.0.0.1', 0, () => [307, { location: `http://127.0.0.1:${target.port}/inside` }]);
    // Both allowed: only not following keeps the batch from the second.
    const run = open(newDir(), [`127.0.0.1:${hook.port}`, `127.0.0.1:${target.port}`], [['127.0.0.1']]);
    await run.pusher.register(await registration(`http://127.0.0.1:${hook.port}/patx`));
    await until(() => run.ended.length > 0, 'the registration to end');
    expect(hook.received).toHaveLength(3); // every attempt, none taken
    expect(target.received).toHaveLength(0);
    expect(run.ended).toEqual(['failed']);
    expect(run.lookups).toEqual([]); // an address literal: nothing to resolve
  });

  it('is refused for a registration kept from a gate that allowed the address, once the gate no longer does', async () => {
    const hook = await receiver('127.0.0.1', 0, () => [503]); // not taken: the batch stays pending
    const dir = newDir();
    const first = open(dir, [`127.0.0.1:${hook.port}`], [[]]);
    await first.pusher.register(await registration(`http://127.0.0.1:${hook.port}/patx`));
    await until(() => hook.received.length > 0, 'the first attempt');
    await first.pusher.close();
    await first.gate.close();
    const attempted = hook.received.length;
    // The same LMDB, a gate told of no allowance (as every gate is now unless configured): resumed, refused.
    const second = open(dir, [], [[]]);
    second.pusher.start();
    await until(() => second.ended.length > 0, 'the resumed registration to end');
    expect(hook.received).toHaveLength(attempted);
    expect(second.warnings.at(-1)).toBe('refused: 127.0.0.1 is loopback (127.0.0.0/8): webhooks go to globally routable addresses');
  });
});

describe('postWebhook over IPv6', () => {
  it('connects to an allowed IPv6 literal, and to the IPv6 address a name resolved to under the name; refuses ::1 not allowed', async () => {
    const hosts: string[] = [];
    const server = createServer((req, res) => {
      hosts.push(String(req.headers.host));
      req.resume();
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '::1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const port = (server.address() as AddressInfo).port;
    const o = { allowance: new WebhookAllowance([`[::1]:${port}`]), headers: {}, signal: AbortSignal.timeout(5_000) };
    expect(await postWebhook(`http://[::1]:${port}/patx`, '{}', o)).toEqual({ status: 204 });
    expect(await postWebhook(`http://${NAME}:${port}/patx`, '{}', { ...o, lookup: () => Promise.resolve([{ address: '0:0:0:0:0:0:0:1', family: 6 }]) })).toEqual({ status: 204 });
    expect(hosts).toEqual([`[::1]:${port}`, `${NAME}:${port}`]);
    expect(await postWebhook(`http://[::1]:${port === 65_535 ? 1 : port + 1}/patx`, '{}', o)).toEqual({ refused: '::1 is loopback (::1): webhooks go to globally routable addresses' });
    expect(hosts).toHaveLength(2);
  });
});

describe('postWebhook over https', () => {
  it('keeps the name as the TLS server name and verifies the certificate against it, connecting to the address checked', async () => {
    const dir = newDir();
    execFileSync('/usr/bin/openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '1', '-subj', `/CN=${NAME}`, '-addext', `subjectAltName=DNS:${NAME}`], { stdio: 'ignore' });
    const names: string[] = [];
    let requests = 0;
    // Record the server name each ClientHello carries.
    const sni = createTlsServer({
      key: readFileSync(path.join(dir, 'key.pem')),
      cert: readFileSync(path.join(dir, 'cert.pem')),
      SNICallback: (servername, cb) => {
        names.push(servername);
        cb(null, undefined);
      },
    }, (_req, res) => {
      requests++;
      res.writeHead(200).end();
    });
    await new Promise<void>((resolve) => sni.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => sni.close(() => resolve())));
    cleanups.push(() => sni.closeAllConnections());
    const port = (sni.address() as AddressInfo).port;
    const lookups: string[] = [];
    const attempt = postWebhook(`https://${NAME}:${port}/patx`, '{}', {
      allowance: new WebhookAllowance([`127.0.0.1:${port}`]),
      headers: { 'content-type': 'application/json' },
      signal: AbortSignal.timeout(5_000),
      lookup: (hostname) => {
        lookups.push(hostname);
        return Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
      },
    });
    // The self-signed certificate is not trusted: verified, and refused (never sent without it).
    await expect(attempt).rejects.toThrow(/self-signed|self signed/);
    expect(names).toEqual([NAME]);
    expect(lookups).toEqual([NAME]);
    expect(requests).toBe(0);
  });
});
