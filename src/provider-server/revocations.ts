/**
 * Refunded rights leave the provider's gate. A consumer refunded for rights nothing shows it was served
 * (a claim while the provider was unreachable, an operator's decision) has its PAT back for them, and the
 * provider was never paid for them: a gate that went on serving them would give the data away. The exchange
 * lists each provider's revocations (`GET /v1/provider/revocations?after=SEQ`, signed by the provider's
 * key: each grant's rights withdrawn in all as of a journal seq); the server reads them every `pollMs` and
 * at start, and withdraws them from its gate (Gate.revoke), which keeps the seq read through beside its
 * metering, so a restart reads on from there and misses none. The exchange away, or answering anything
 * but a well-formed page, changes nothing: it is logged and asked again at the next poll.
 *
 * What it cannot close: a right served between the refund and the next poll (at most `pollMs`), and one
 * served while the exchange was unreachable; each is a delivery whose report the provider sends, as any.
 */
import type { Wallet } from 'ethers';
import { signedRequest } from '../client/signed-http.js';
import type { Gate, Revocation } from '../gate/index.js';
import type { ProviderServerOptions } from './options.js';

/** Revocations one read asks for at most (the route's own bound is 1,000). */
export const REVOCATIONS_PAGE = 500;

export interface RevocationFollower {
  /** Reads every revocation the exchange has after the gate's seq, page by page, after any read under way; resolves when read (or the read failed and was logged). */
  readNow(): Promise<void>;
  /** Stops polling; resolves once a read in flight has ended. */
  close(): Promise<void>;
}

/** A page of the feed, checked: its revocations and where the next read starts. Undefined: not a page. */
export function revocationPage(body: unknown, after: number): { revocations: Revocation[]; next: number } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { revocations, next } = body as { revocations?: unknown; next?: unknown };
  if (!Array.isArray(revocations) || !Number.isSafeInteger(next) || (next as number) < after) return undefined;
  const out: Revocation[] = [];
  for (const r of revocations as unknown[]) {
    const { grantId, revokedQty, seq } = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
    if (!Number.isSafeInteger(grantId) || (grantId as number) < 1 || !Number.isSafeInteger(revokedQty) || (revokedQty as number) < 0) return undefined;
    if (!Number.isSafeInteger(seq) || (seq as number) <= after || (seq as number) > (next as number)) return undefined;
    out.push({ grantId: grantId as number, revokedQty: revokedQty as number });
  }
  return { revocations: out, next: next as number };
}

export function followRevocations(gate: Gate, o: Pick<ProviderServerOptions, 'exchangeUrl' | 'domain' | 'log'>, wallet: Wallet, pollMs: number): RevocationFollower {
  const url = o.exchangeUrl;
  // Reads one after another: a read asked for while one runs starts after it (and so sees what came meanwhile).
  let reads: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let failing = false;

  async function readPages(exchange: string): Promise<void> {
    for (;;) {
      const after = gate.revokedThrough();
      const answer = await signedRequest(exchange, wallet, 'GET', `/v1/provider/revocations?after=${after}&limit=${REVOCATIONS_PAGE}`, undefined, { chainId: Number(o.domain.chainId), timeoutMs: 10_000 });
      // A provider key with no account yet (a server started before its provider signed in) has sold nothing: nothing to withdraw.
      if (answer.status === 404 && (answer.body as { error?: unknown }).error === 'UNKNOWN_ACCOUNT') return;
      const page = answer.status === 200 ? revocationPage(answer.body, after) : undefined;
      if (page === undefined) throw new Error(`the exchange answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 200)}`);
      if (page.revocations.length > 0) o.log.info({ grants: page.revocations.length, first: page.revocations[0], throughSeq: page.next }, 'rights refunded to consumers withdrawn from the gate');
      await gate.revoke(page.revocations, page.next);
      if (page.revocations.length < REVOCATIONS_PAGE) return;
    }
  }

  async function read(): Promise<void> {
    if (url === undefined || closed) return;
    try {
      await readPages(url);
      if (failing) o.log.info({}, 'the exchange\'s revocations are read again');
      failing = false;
    } catch (error) {
      // Logged once per spell of failures: a provider whose exchange is away polls on quietly.
      if (!failing) o.log.warn({ err: error }, 'could not read the exchange\'s revocations: asked again at the next poll');
      failing = true;
    }
  }

  function readNow(): Promise<void> {
    reads = reads.then(read);
    return reads;
  }

  function schedule(): void {
    if (closed || url === undefined) return;
    timer = setTimeout(() => void readNow().then(schedule), pollMs);
    timer.unref();
  }

  void readNow().then(schedule);
  return {
    readNow,
    async close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      await reads;
    },
  };
}
