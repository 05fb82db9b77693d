/**
 * Idempotency keys of wallet-signed writes (docs/http-api.md, "Retrying a write"): a client that
 * sends `Idempotency-Key: K` with a POST, PUT or DELETE and did not see the answer (a timeout, a
 * dropped connection) sends the same request again with the same key, signed anew or not, and
 * gets the first answer back (`idempotent-replayed: true`) instead of a second subscription,
 * withdrawal or purchase: Stripe's and the IETF draft's (draft-ietf-httpapi-idempotency-key-header)
 * contract. A key is the signer's own: keys of two wallets never meet.
 *
 * What a key remembers is the request it was first used with (method, path with query and the
 * signed body hash): the same key with another request is refused, not answered with the first's
 * result. Only answers the route gave are remembered; a refusal before the route ran (busy, rate
 * limited, the body unread) leaves the key free, so the retry runs the request.
 *
 * Bounded: `ttlMs` after its first use, at most `perSigner` keys a signer (its oldest forgotten
 * first) and `maxEntries` in all: when every slot is taken, the signer holding the most keys gives up
 * its oldest. (Before 2026-12-04 the oldest of anyone's went: a hundred fresh accounts using keys
 * flushed an honest wallet's, whose retry then ran its purchase twice; an outside review.) Looked up in memory; with a store
 * (idempotency-key-store.ts, the service's) each key is also on disk, committed before its request
 * runs, so a restart keeps them: a key the stop found running is answered as `interrupted` (its
 * outcome unknown), never run again. In a replicated group the store's writes are the group's
 * before the request runs, so a failover keeps them too (idempotency-key-store.ts).
 */
import type { HttpReply } from '../http-registry/index.js';
import type { IdempotencyKeyStore } from './idempotency-key-store.js';

/** How long a key is remembered from its first use. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

/** What a key may be: 1 to 255 visible ASCII characters (a UUID is the usual one). */
const KEY_FORM = /^[\x21-\x7e]{1,255}$/;

export type KeyedRequest =
  /**
   * Never seen (or forgotten): the request runs once `recorded` says the key is kept; `settle` records the
   * route's answer (resolved once a replicated group holds it: send the answer then), `abandon` frees the key
   * (refused before the route ran).
   */
  | { kind: 'new'; settle: (reply: HttpReply) => Promise<void>; abandon: () => void; recorded: Promise<boolean> }
  /** The same request answered before: its answer again. */
  | { kind: 'replay'; reply: HttpReply }
  /** The same request is still running. */
  | { kind: 'in-flight' }
  /** The key was used with another request. */
  | { kind: 'conflict' }
  /** The same request was running when the service stopped: whether it took effect is unknown. */
  | { kind: 'interrupted' };

interface Entry {
  readonly signer: string;
  readonly fingerprint: string;
  reply: HttpReply | undefined;
  readonly expiresAtMs: number;
  /** Read from the store without an answer: its request ran when the service stopped. */
  readonly interrupted?: boolean;
}

export class IdempotencyKeys {
  /** `signer key` → entry, oldest first. */
  private readonly entries = new Map<string, Entry>();
  /** Signer → its keys' ids, oldest first (its oldest is found without a scan of everyone's). */
  private readonly ofSigner = new Map<string, Set<string>>();
  /** Signers by how many keys each holds, and the most any holds: the fullest is found without a scan. */
  private readonly byHeld = new Map<number, Set<string>>();
  private mostHeld = 0;

  constructor(
    private readonly ttlMs = IDEMPOTENCY_KEY_TTL_MS,
    private readonly perSigner = 1_000,
    private readonly maxEntries = 100_000,
    private readonly store?: IdempotencyKeyStore,
    nowMs = 0,
  ) {
    // The newest `maxEntries` of the store's, in expiry order (which is the order of first use).
    for (const [id, k] of store?.load(nowMs).slice(-maxEntries) ?? []) {
      this.entries.set(id, { signer: k.signer, fingerprint: k.fingerprint, reply: k.reply, expiresAtMs: k.expiresAtMs, interrupted: k.reply === undefined });
      this.hold(k.signer, id);
    }
  }

  static validKey(key: string): boolean {
    return KEY_FORM.test(key);
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Looks the key up and, when it is new, holds it for this request (synchronously, so that a
   * second request with the key, arriving while this one runs, is told so).
   */
  begin(signer: string, key: string, fingerprint: string, nowMs: number): KeyedRequest {
    this.sweep(nowMs);
    const id = `${signer} ${key}`;
    const prior = this.entries.get(id);
    if (prior !== undefined) {
      if (prior.fingerprint !== fingerprint) return { kind: 'conflict' };
      if (prior.interrupted === true) return { kind: 'interrupted' };
      if (prior.reply === undefined) return { kind: 'in-flight' };
      return { kind: 'replay', reply: { ...prior.reply, headers: { ...prior.reply.headers, 'idempotent-replayed': 'true' } } };
    }
    const own = this.ofSigner.get(signer);
    if (own !== undefined && own.size >= this.perSigner) this.forget(own.values().next().value!);
    if (this.entries.size >= this.maxEntries) this.forget(this.oldestOfFullest());
    // Expiry counts from the first request, so the map's order is its expiry order (a request never runs for a day).
    const entry: Entry = { signer, fingerprint, reply: undefined, expiresAtMs: nowMs + this.ttlMs };
    this.entries.set(id, entry);
    this.hold(signer, id);
    // Once; and not if the key was forgotten meanwhile (the bounds) or taken again since.
    const mine = () => this.entries.get(id) === entry && entry.reply === undefined;
    const stored = { signer, fingerprint, expiresAtMs: entry.expiresAtMs };
    return {
      kind: 'new',
      settle: (reply) => {
        if (!mine()) return Promise.resolve();
        if (!remembered(reply)) {
          this.forget(id);
          return Promise.resolve();
        }
        entry.reply = reply;
        return this.store?.answered(id, { ...stored, reply: { status: reply.status, body: reply.body, ...(reply.contentType === undefined ? {} : { contentType: reply.contentType }), ...(reply.headers === undefined ? {} : { headers: reply.headers }) } }) ?? Promise.resolve();
      },
      abandon: () => {
        if (mine()) this.forget(id);
      },
      // Whether the key is on disk (never rejects: a request refused meanwhile does not wait for it).
      recorded: this.store === undefined ? Promise.resolve(true) : this.store.write(id, stored).then(() => true, () => false),
    };
  }

  /** The oldest key of a signer holding the most keys. */
  private oldestOfFullest(): string {
    const fullest = this.byHeld.get(this.mostHeld)!.values().next().value!;
    return this.ofSigner.get(fullest)!.values().next().value!;
  }

  private hold(signer: string, id: string): void {
    let keys = this.ofSigner.get(signer);
    if (keys === undefined) this.ofSigner.set(signer, (keys = new Set<string>()));
    keys.add(id);
    this.recount(signer, keys.size - 1, keys.size);
  }

  /** Moves `signer` from holding `from` keys to `to` in `byHeld` (a count moves by one, so `mostHeld` does too). */
  private recount(signer: string, from: number, to: number): void {
    const was = this.byHeld.get(from);
    was?.delete(signer);
    if (was?.size === 0) this.byHeld.delete(from);
    if (to > 0) {
      let now = this.byHeld.get(to);
      if (now === undefined) this.byHeld.set(to, (now = new Set<string>()));
      now.add(signer);
    }
    if (to > this.mostHeld) this.mostHeld = to;
    while (this.mostHeld > 0 && !this.byHeld.has(this.mostHeld)) this.mostHeld--;
  }

  private forget(id: string): void {
    const e = this.entries.get(id);
    if (e === undefined) return;
    this.entries.delete(id);
    this.store?.remove(id);
    const own = this.ofSigner.get(e.signer)!;
    own.delete(id);
    if (own.size === 0) this.ofSigner.delete(e.signer);
    this.recount(e.signer, own.size + 1, own.size);
  }

  /** Drops expired keys from the oldest end. */
  private sweep(nowMs: number): void {
    for (const [id, e] of this.entries) {
      if (e.expiresAtMs > nowMs) break;
      this.forget(id);
    }
  }
}

/**
 * Whether an answer is the request's outcome: the route's own answers, refusals included (a
 * retry would be refused the same way). Not the ones that ask for a retry (busy, rate limited,
 * unavailable, a failure of the gateway's): the key stays free for it.
 */
function remembered(reply: HttpReply): boolean {
  return reply.status < 500 && reply.status !== 429 && reply.status !== 408;
}
