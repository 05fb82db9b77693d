/**
 * Refunded rights leave the provider's gate. A consumer refunded for rights nothing shows it was served
 * (a claim while the provider was unreachable, an operator's decision) has its PAT back for them, and the
 * provider was never paid for them: a gate that went on serving them would give the data away. The exchange
 * lists each provider's revocations (`GET /v1/provider/revocations?after=SEQ`, signed by the provider's
 * key: each grant's rights withdrawn in all as of a journal seq); the server withdraws them from its gate
 * (Gate.revoke), which keeps the seq read through beside its metering, so a restart reads on from there and
 * misses none.
 *
 * It reads at start and then by long poll: each request asks the exchange to wait up to `REVOCATION_WAIT_MS`
 * for the next refund (`waitMs`), so a refund reaches the gate within a round trip of its release, not at
 * the next poll. The exchange away, or answering anything but a well-formed page, changes nothing: it is
 * logged and asked again after `pollMs`; so is an exchange that answers at once without waiting (one that
 * predates the long poll), which is then read every `pollMs` as before.
 *
 * What it cannot close: a right served in the round trip between the refund's release and the gate's read
 * of it, and one served while the exchange was unreachable; each is a delivery whose report the provider
 * sends, as any.
 */
import type { Wallet } from 'ethers';
import { signedRequest } from '../client/signed-http.js';
import type { Gate, Revocation } from '../gate/index.js';
import type { ProviderServerOptions } from './options.js';

/** Revocations one read asks for at most (the route's own bound is 1,000). */
export const REVOCATIONS_PAGE = 500;
/** How long one read asks the exchange to wait for the next revocation (its own bound, MAX_REVOCATION_WAIT_MS, is 8 s). */
export const REVOCATION_WAIT_MS = 8_000;
/** Reads answered 503, or refused at the port, in a row said at info level before the spell is warned of (a restart's or a stop's few seconds). */
const UNAVAILABLE_QUIET_READS = 3;

export interface RevocationFollower {
  /** The first read at start has ended (read, failed and logged, or nothing to read from). */
  readonly started: Promise<void>;
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

export function followRevocations(gate: Gate, o: Pick<ProviderServerOptions, 'exchangeUrl' | 'domain' | 'log'>, wallet: Wallet, pollMs: number, waitMs = REVOCATION_WAIT_MS): RevocationFollower {
  const url = o.exchangeUrl;
  // Reads asked for now run one after another (each sees what came meanwhile); the long poll runs beside them.
  // Both only ever raise the gate's cursor and its cumulative counts (Gate.revoke), so their order does not matter.
  let reads: Promise<void> = Promise.resolve();
  let polling: Promise<void> = Promise.resolve();
  let pause: { timer: NodeJS.Timeout; resume: () => void } | undefined;
  let closed = false;
  let failing = false;
  /** Reads failed in a row: an exchange answering 503 (busy, or stopping with this server beside it) is said at info level until it has done so a few times. */
  let failures = 0;
  // Ends a long poll in flight at close, so a stopping server does not wait out its wait.
  const closing = new AbortController();

  /** Reads every page after the gate's seq, the first waiting up to `wait` ms for one; returns how many revocations came. */
  async function readPages(exchange: string, wait: number): Promise<number> {
    let came = 0;
    for (let page = 0; ; page++) {
      const after = gate.revokedThrough();
      const waiting = page === 0 && wait > 0 ? `&waitMs=${wait}` : '';
      const answer = await signedRequest(exchange, wallet, 'GET', `/v1/provider/revocations?after=${after}&limit=${REVOCATIONS_PAGE}${waiting}`, undefined, { chainId: Number(o.domain.chainId), timeoutMs: 10_000 + wait, signal: closing.signal });
      if (closed) return came; // the gate may be closing: nothing more is written to it
      // A provider key with no account yet (a server started before its provider signed in) has sold nothing: nothing to withdraw.
      if (answer.status === 404 && (answer.body as { error?: unknown }).error === 'UNKNOWN_ACCOUNT') return came;
      const revoked = answer.status === 200 ? revocationPage(answer.body, after) : undefined;
      if (revoked === undefined) throw Object.assign(new Error(`the exchange answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 200)}`), { status: answer.status });
      if (revoked.revocations.length > 0) o.log.info({ grants: revoked.revocations.length, first: revoked.revocations[0], throughSeq: revoked.next }, 'rights refunded to consumers withdrawn from the gate');
      await gate.revoke(revoked.revocations, revoked.next);
      came += revoked.revocations.length;
      if (revoked.revocations.length < REVOCATIONS_PAGE) return came;
    }
  }

  /** One read; undefined when it failed (logged once per spell of failures). */
  async function read(wait: number): Promise<number | undefined> {
    if (url === undefined || closed) return 0;
    try {
      const came = await readPages(url, wait);
      if (failing) o.log.info({}, 'the exchange\'s revocations are read again');
      failing = false;
      failures = 0;
      return came;
    } catch (error) {
      if (closed) return 0;
      failures++;
      const unavailable = (isBusy(error) || isRefused(error)) && failures < UNAVAILABLE_QUIET_READS;
      if (unavailable) o.log.info({ err: error }, 'the exchange is busy, stopping or restarting: its revocations are asked again shortly');
      // Warned once per spell of failures: a provider whose exchange is away asks again quietly.
      else if (!failing) o.log.warn({ err: error }, 'could not read the exchange\'s revocations: asked again shortly');
      failing ||= !unavailable;
      return undefined;
    }
  }

  function readNow(): Promise<void> {
    reads = reads.then(() => read(0)).then(() => undefined);
    return reads;
  }

  /** Waits `ms` unless closed meanwhile. */
  function rest(ms: number): Promise<void> {
    return new Promise((resume) => {
      const timer = setTimeout(() => {
        pause = undefined;
        resume();
      }, ms);
      timer.unref();
      pause = { timer, resume };
    });
  }

  async function follow(first: Promise<void>): Promise<void> {
    await first;
    while (!closed) {
      const started = Date.now();
      const came = await read(waitMs);
      if (closed) return;
      // A failure, or an answer with nothing that did not wait (an exchange before the long poll): ask again after pollMs.
      if (came === undefined || (came === 0 && Date.now() - started < waitMs / 2)) await rest(pollMs);
    }
  }

  const started = readNow();
  if (url !== undefined) polling = follow(started);
  return {
    started,
    readNow,
    async close() {
      closed = true;
      closing.abort();
      if (pause !== undefined) {
        clearTimeout(pause.timer);
        pause.resume();
      }
      await Promise.all([reads, polling]);
    },
  };
}

/** The exchange answered 503: busy or stopping. */
function isBusy(error: unknown): boolean {
  return (error as { status?: unknown }).status === 503;
}

/**
 * Its port refused or reset the connection (fetch's cause): an exchange stopping or restarting, as when Ctrl-C stops
 * the demo's exchange and its provider servers together; quiet for as long as a 503, then warned.
 */
function isRefused(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET';
}
