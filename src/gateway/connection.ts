/**
 * One WebSocket connection's state. Order-entry connections (`/v1/trade`) move
 * CHALLENGED -> LOGGING_IN -> ACTIVE (back to CHALLENGED after a failed login);
 * market-data connections (`/v1/market`, on the market-data thread) need no login. Frames for a
 * connection are queued and flushed once per event-loop turn under one cork, so
 * a burst of reports costs one syscall.
 */
import type { WebSocket } from 'uWebSockets.js';
import type { OrganisationRole, Role } from '../engine/index.js';
import type { LoginChallenge } from './login.js';
import { MessageThrottle } from './throttle.js';
import { ReusedList } from '../collections/index.js';

export const SessionState = { CHALLENGED: 1, LOGGING_IN: 2, ACTIVE: 3 } as const;
export type SessionState = (typeof SessionState)[keyof typeof SessionState];

export type Endpoint = 'trade' | 'market';

/**
 * Requests (heartbeats aside) an order-entry connection may send before it logs in; one more cuts it (RATE_LIMITED).
 * Frames the endpoint refuses itself (unreadable, text, empty, over the rate: socket-endpoint.ts) count as well as the
 * requests order entry reads (server.ts).
 */
export const MAX_REQUESTS_BEFORE_LOGIN = 50;

/**
 * Frames a connection may have refused for its message rate, in seconds of that rate (a bucket refilled at the rate):
 * a client that sends in bursts is told, frame by frame, when to retry; one that sends on regardless, at more than
 * twice its rate, spends this too and is cut. Each refusal is an answer built and sent on the endpoint's thread.
 */
export const RATE_REFUSALS_SECONDS = 4;

/** What uWS keeps per socket: a pointer to our connection object. */
export interface SocketData {
  connection: Connection | undefined;
  /** The client's address as the per-address limits count it (client-address.ts), found at the upgrade. */
  remoteAddress: string;
}

/** An account's order-entry budget over all its sessions, one per account with a session open. */
export interface AccountOrderBudget {
  readonly throttle: MessageThrottle;
  /** Sessions holding it: the budget is dropped with the last. */
  sessions: number;
}

export class Connection {
  closed = false;
  /** Encoded frames waiting for the next flush (IN_ARENA: the next range of `inArena`). */
  readonly outbox = new ReusedList<Uint8Array>();
  /** Start and end, in the endpoint's arena, of each frame queued by SocketEndpoint.sendWritten. */
  readonly inArena = new ReusedList<number>();
  /** Whether the connection is in the server's list to flush. */
  flushQueued = false;
  /**
   * Liveness, on the monotonic clock (`performance.now()`), not the service's clock: a
   * wall-clock step (NTP, an operator, a test moving time on) must not look like every
   * connection falling silent at once.
   */
  lastReceivedMonoMs: number;
  lastSentMonoMs: number;
  readonly throttle: MessageThrottle;
  /** The budget of its frames refused for the rate (RATE_REFUSALS_SECONDS), made at its first such refusal. */
  rateRefusals: MessageThrottle | undefined;

  // Order entry
  state: SessionState = SessionState.CHALLENGED;
  challenge: LoginChallenge | undefined;
  failedLogins = 0;
  /** Requests (heartbeats aside) it sent before it logged in: order entry cuts it past MAX_REQUESTS_BEFORE_LOGIN. */
  requestsBeforeLogin = 0;
  accountId = 0;
  /** The account's order-entry budget, shared by its sessions (server.ts, orderRateLimitPerAccount); set at login. */
  accountBudget: AccountOrderBudget | undefined;
  role: Role | 0 = 0;
  address = '';
  cancelOnDisconnect = false;
  /** Acting for an organisation (organisation-sessions.ts): its id, the wallet's role there and the wallet's own account; 0 when not. */
  organisationId = 0;
  organisationRole: OrganisationRole | 0 = 0;
  memberAccountId = 0;

  // Market data: topics subscribed (snapshots are paid from the address's share: snapshot-budget.ts)
  readonly topics = new Set<string>();

  constructor(
    readonly id: number,
    readonly endpoint: Endpoint,
    readonly ws: WebSocket<SocketData>,
    /** The client's address as the per-address limits count it (an IPv4 address or an IPv6 /64; client-address.ts). */
    readonly remoteAddress: string,
    nowMs: number,
    maxMessagesPerSecond: number,
  ) {
    this.lastReceivedMonoMs = performance.now();
    this.lastSentMonoMs = this.lastReceivedMonoMs;
    // On the service's clock (tests drive it); MessageThrottle copes with a step back.
    this.throttle = new MessageThrottle(maxMessagesPerSecond, nowMs);
  }

  get active(): boolean {
    return this.state === SessionState.ACTIVE && !this.closed;
  }
}
