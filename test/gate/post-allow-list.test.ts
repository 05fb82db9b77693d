/**
 * Which address a POST may go to is one set of rules (src/gate/webhook-target.ts, webhook-post.ts), and what
 * differs between a consumer's webhook and a provider's gate is the allow list handed to them: both lists
 * take exact address:port pairs; only the gates' (`withLocalhost`, the subscription courier's) takes the name
 * `localhost` as its loopback addresses. Pure rules and the send-time resolution, the resolver a stub that
 * records what it is asked (`localhost` is never looked up).
 */
import { describe, expect, it } from 'vitest';
import { resolveWebhook, WebhookAllowance, webhookHostProblem, type WebhookLookup } from '../../src/gate/index.js';
import { listedGateRefusal } from '../../src/gate/webhook-target.js';

describe("the allow list says whether `localhost` is a POST's loopback", () => {
  it("a webhook's refuses it as special-use; the gates' sends it to the allowed loopback address:port, never looked up", async () => {
    const looked: string[] = [];
    const lookup: WebhookLookup = async (hostname) => {
      looked.push(hostname);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const webhooks = new WebhookAllowance(['127.0.0.1:8123']);
    const gates = webhooks.withLocalhost();
    const url = new URL('http://localhost:8123/push');
    expect(webhookHostProblem(url.href, webhooks)).toContain('special-use');
    expect(await resolveWebhook(url, webhooks, lookup)).toEqual({ refused: expect.stringContaining('special-use') });
    expect(webhookHostProblem(url.href, gates)).toBeUndefined();
    expect(await resolveWebhook(url, gates, lookup)).toEqual({ address: '127.0.0.1', family: 4 });
    // Another port: refused, naming the pairs that would allow it.
    const other = new URL('http://localhost:8124/push');
    expect(webhookHostProblem(other.href, gates)).toMatch(/127\.0\.0\.1:8124 or \[::1\]:8124/);
    expect(await resolveWebhook(other, gates, lookup)).toEqual({ refused: expect.stringMatching(/127\.0\.0\.1:8124/) });
    // Only the exact name: a subdomain or a trailing dot stays special-use under either list.
    for (const name of ['a.localhost', 'localhost.']) expect(await resolveWebhook(new URL(`http://${name}:8123/push`), gates, lookup)).toEqual({ refused: expect.stringContaining('special-use') });
    expect(looked).toEqual([]);
    expect([webhooks.localhostIsLoopback, gates.localhostIsLoopback, gates.withLocalhost() === gates]).toEqual([false, true, true]);
  });
});

describe("a provider's gate judged when its listing is stored and when the courier sends", () => {
  it('one set of rules: an IP literal other than loopback as itself gets the same verdict at both; nothing refused at the listing is sent to', async () => {
    const lookup: WebhookLookup = async () => [{ address: '10.0.0.9', family: 4 }];
    const gates = new WebhookAllowance(['10.0.0.5:443', '127.0.0.1:9000', '[::1]:9000']).withLocalhost();
    const endpoints = [
      'https://10.0.0.5/x', // allowed pair
      'https://10.0.0.5:8443/x', // the address allowed at another port
      'https://169.254.169.254/latest',
      'https://0.0.0.0/x',
      'https://[::ffff:127.0.0.1]:9000/x', // a mapped form of an allowed loopback pair: not loopback as itself
      'https://[64:ff9b::7f00:1]:9000/x', // NAT64 of it
      'https://[::127.0.0.1]:9000/x', // IPv4-compatible
      'https://[fd00::1]/x',
      'https://8.8.8.8/x',
      'https://[2606:4700::1]/x',
    ];
    for (const e of endpoints) {
      const sent = await resolveWebhook(new URL(e), gates, lookup);
      const listed = listedGateRefusal(e, gates);
      expect([e, listed === undefined]).toEqual([e, !('refused' in sent)]);
      if (listed !== undefined && 'refused' in sent) expect(sent.refused).toContain(listed.reason);
    }
    // Left to the send: loopback as itself (allowed or not there), names (resolved then, or refused by their form then).
    const deferred: [string, boolean][] = [
      ['http://127.0.0.1:9000/x', true],
      ['http://127.0.0.1:9001/x', false],
      ['http://127.0.0.2:9000/x', false],
      ['http://[::1]:9000/x', true],
      ['http://localhost:9000/x', true],
      ['http://localhost:9001/x', false],
      ['https://gate.provider.example/x', false], // resolves to 10.0.0.9 now
      ['http://foo.localhost:9000/x', false],
      ['http://gate:9000/x', false],
    ];
    for (const [e, sends] of deferred) {
      expect([e, listedGateRefusal(e, gates)]).toEqual([e, undefined]);
      expect([e, !('refused' in (await resolveWebhook(new URL(e), gates, lookup)))]).toEqual([e, sends]);
    }
  });
});
