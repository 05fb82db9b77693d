/**
 * Wallet-signed HTTP requests: the provider's and consumer's routes (the catalog,
 * ratings, purchases) take `x-patx-address`, `x-patx-time` and `x-patx-signature`,
 * an EIP-191 signature of `PATX <METHOD> <path>\ntime: <ms>` (docs/protocol.md).
 */
import { httpSignText } from '../gateway/login.js';
import type { MessageSigner } from './trading-client.js';

export interface SignedReply<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** Sends one signed request to `baseUrl` + `pathAndQuery` with a JSON body; the reply's JSON. */
export async function signedRequest<T = Record<string, unknown>>(baseUrl: string, wallet: MessageSigner, method: string, pathAndQuery: string, body?: unknown): Promise<SignedReply<T>> {
  const time = Date.now();
  const path = pathAndQuery.split('?')[0]!;
  const res = await fetch(baseUrl + pathAndQuery, {
    method,
    headers: {
      'content-type': 'application/json',
      'x-patx-address': await wallet.getAddress(),
      'x-patx-time': String(time),
      'x-patx-signature': await wallet.signMessage(httpSignText(method, path, time)),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}
