/**
 * The delivery-endpoint rule (src/catalog/listing.ts, deliveryEndpointProblem): https to any
 * host, plain http only to this machine's loopback, decided on the parsed URL. The issue's
 * `http://127.0.0.1.attacker.example/...` and userinfo tricks are refused; loopback in any
 * spelling the URL parser normalizes is accepted. The same rule refuses them through the
 * provider's HTTP route (test/catalog/catalog.test.ts, "bad input").
 */
import { describe, expect, it } from 'vitest';
import { deliveryEndpointProblem, listingInputSchema } from '../../src/catalog/index.js';
import { listingInput } from '../support/catalog-fixture.js';

describe('delivery endpoints are parsed as URLs', () => {
  it('refuses hosts that only begin like loopback, userinfo, other schemes and plain http elsewhere', () => {
    const refused = [
      'http://127.0.0.1.attacker.example/records',
      'http://localhost.attacker.example/records',
      'http://127.0.0.1@evil.example/records',
      'http://localhost:8490@evil.example/',
      'https://127.0.0.1@evil.example/records', // userinfo is refused on https too
      'https://user:secret@provider.example/records',
      'http://provider.example/records',
      'http://10.0.0.1/records',
      'http://128.0.0.1/records',
      'http://[::2]/records',
      'ftp://127.0.0.1/records',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
      '',
    ];
    for (const u of refused) {
      expect([u, deliveryEndpointProblem(u) !== undefined]).toEqual([u, true]);
      expect([u, listingInputSchema.safeParse(listingInput({ deliveryEndpoint: u })).success]).toEqual([u, false]);
    }
    expect(deliveryEndpointProblem('http://127.0.0.1.attacker.example/records')).toMatch(/127\.0\.0\.1\.attacker\.example is not: use https/);
    expect(deliveryEndpointProblem('http://127.0.0.1@evil.example/records')).toMatch(/no user name or password/);
  });

  it('accepts https anywhere and http to loopback in any spelling the parser normalizes', () => {
    const accepted = [
      'https://provider.example/records',
      'https://203.0.113.7:8443/gate',
      'http://127.0.0.1:8490/records',
      'http://127.45.6.7/records',
      'http://127.1:8490/records', // normalized to 127.0.0.1
      'http://0x7f.0.0.1/records',
      'http://localhost:8490/records',
      'http://LOCALHOST/records',
      'http://[::1]:8490/records',
    ];
    for (const u of accepted) {
      expect([u, deliveryEndpointProblem(u)]).toEqual([u, undefined]);
      expect([u, listingInputSchema.safeParse(listingInput({ deliveryEndpoint: u })).success]).toEqual([u, true]);
    }
  });
});
