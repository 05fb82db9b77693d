/**
 * Which address a POST may go to is one set of rules (src/gate/webhook-target.ts, webhook-post.ts), and what
 * differs between a consumer's webhook and a provider's gate is the allow list handed to them: both lists
 * take exact address:port pairs; only the gates' (`withLocalhost`, the subscription courier's) takes the name
 * `localhost` as its loopback addresses. Pure rules and the send-time resolution, the resolver a stub that
 * records what it is asked (`localhost` is never looked up).
 */
import { describe, expect, it } from 'vitest';
import { resolveWebhook, WebhookAllowance, webhookHostProblem, type WebhookLookup } from '../../src/gate/index.js';

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
