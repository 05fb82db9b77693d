/**
 * A JSON body is read as UTF-8, so one declared in another charset is refused, not misread. An audit found
 * `content-type: application/json; charset=latin1` accepted and its bytes decoded as UTF-8 (é sent as the byte
 * 0xE9 became U+FFFD). Here a real service on 127.0.0.1: the operator's parameter route (a JSON body, a change the
 * engine shows) is sent the same body under each content-type.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyMediaTypeRefusal } from '../../src/gateway/http-api.js';
import { OPERATOR_TOKEN, startGatewayFixture, type GatewayFixture } from '../support/gateway-fixture.js';

let fx: GatewayFixture;

beforeAll(async () => {
  fx = await startGatewayFixture();
}, 60_000);
afterAll(async () => {
  await fx?.stop();
});

async function putMaxOrderQty(contentType: string, value: number): Promise<{ status: number; error?: string; message?: string }> {
  const res = await fetch(`${fx.httpUrl}/operator/params/risk.maxOrderQty`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': contentType },
    body: JSON.stringify({ value }),
  });
  const body = (await res.json()) as { error?: string; message?: string };
  return { status: res.status, ...(body.error === undefined ? {} : { error: body.error, message: body.message }) };
}

describe('a JSON body in another charset', () => {
  it('is refused 415 UNSUPPORTED_MEDIA_TYPE, nothing changed', async () => {
    const before = fx.service.engine.risk.maxOrderQty;
    const refused = ['application/json; charset=latin1', 'application/json;charset=ISO-8859-1', 'application/json; charset="utf-16"', 'application/json; charset=windows-1252', 'application/json; CHARSET=us-ascii'];
    for (const type of refused) {
      const answer = await putMaxOrderQty(type, 77);
      expect([type, answer]).toEqual([type, { status: 415, error: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('JSON in UTF-8') }]);
    }
    expect(fx.service.engine.risk.maxOrderQty).toBe(before);
  });

  it('is read when it is UTF-8: no charset, or utf-8 in any case, quoted or not', async () => {
    const accepted = ['application/json', 'application/json; charset=utf-8', 'Application/JSON; Charset=UTF-8', 'application/json; charset="utf-8"', 'application/json;charset=utf8'];
    let value = 50;
    for (const type of accepted) {
      value++;
      expect([type, await putMaxOrderQty(type, value)]).toEqual([type, { status: 200 }]);
      expect(fx.service.engine.risk.maxOrderQty).toBe(value);
    }
  });

  it('names what it refuses: the charset, or a type that is not JSON', () => {
    expect(bodyMediaTypeRefusal('')).toBeUndefined();
    expect(bodyMediaTypeRefusal('application/merge-patch+json; charset=UTF-8')).toBeUndefined();
    expect(bodyMediaTypeRefusal('application/json; profile=x; charset=latin1')).toMatch(/charset=latin1 is not read/);
    expect(bodyMediaTypeRefusal('text/plain; charset=utf-8')).toMatch(/send content-type: application\/json/);
  });
});
