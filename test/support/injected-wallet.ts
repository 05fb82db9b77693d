/**
 * A browser wallet for the web tests. A real wallet extension (MetaMask and the like)
 * cannot run here: headless Chromium loads no extensions and no one could click its
 * pop-ups. So the test injects what such an extension injects, `window.ethereum`, a
 * minimal EIP-1193 provider, and forwards every JSON-RPC request it gets to the real
 * local chain (anvil, whose dev accounts are unlocked): `personal_sign` and
 * `eth_sendTransaction` are signed by the node itself, as a wallet would sign them. The
 * wallet exposes one account, as a wallet does once the user has connected it.
 *
 * The forwarding runs in Node (playwright's exposeFunction), so the page's own CSP and
 * the chain's CORS do not come into it, as with an extension's background page.
 */
import type { Page } from 'playwright-core';

/** What the page-side provider gets back from Node: a JSON-RPC result or error. */
type RpcAnswer = { result: unknown } | { error: { code: number; message: string; data?: unknown } };

/** Every JSON-RPC method the injected wallet forwarded, in order (for the test to check what the page asked). */
export interface InjectedWallet {
  calls: string[];
  /** The texts the page asked to personal_sign, decoded (UTF-8), in order. */
  signed: string[];
}

export async function injectWallet(page: Page, rpcUrl: string, address: string): Promise<InjectedWallet> {
  const wallet: InjectedWallet = { calls: [], signed: [] };
  let id = 0;
  await page.exposeFunction('patxTestWalletRpc', async (method: string, params: unknown[]): Promise<RpcAnswer> => {
    wallet.calls.push(method);
    if (method === 'personal_sign' && typeof params[0] === 'string') wallet.signed.push(Buffer.from(params[0].replace(/^0x/, ''), 'hex').toString('utf8'));
    const res = await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }) });
    const body = (await res.json()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
    return body.error !== undefined ? { error: body.error } : { result: body.result };
  });
  await page.addInitScript((account: string) => {
    // The page's side: runs before the console's scripts, as an extension's content script does.
    // Looked up at each request: the binding playwright exposes is there by the time the page asks.
    const rpc = (method: string, params: unknown[]): Promise<RpcAnswer> => (window as unknown as { patxTestWalletRpc: (m: string, p: unknown[]) => Promise<RpcAnswer> }).patxTestWalletRpc(method, params);
    const ethereum = {
      isPatxTestWallet: true,
      async request({ method, params }: { method: string; params?: unknown[] }): Promise<unknown> {
        // The connected account: what eth_requestAccounts answers once the user approves.
        if (method === 'eth_requestAccounts' || method === 'eth_accounts') return [account];
        const answer = await rpc(method, params ?? []);
        if ('error' in answer) throw Object.assign(new Error(answer.error.message), { code: answer.error.code, data: answer.error.data });
        return answer.result;
      },
      on(): void {},
      removeListener(): void {},
    };
    (window as unknown as { ethereum: typeof ethereum }).ethereum = ethereum;
  }, address);
  return wallet;
}
