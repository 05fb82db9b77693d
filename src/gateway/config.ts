import { isIP } from 'node:net';
import { z } from 'zod';
import { isProxyEntry } from './client-address.js';

/** RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens. */
const HOST_NAME = /^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

const positiveInt = z.number().int().positive();
const rateLimitSchema = z.object({ burst: positiveInt.max(1_000_000), perSecond: z.number().positive().max(1_000_000) }).strict();

/** An absolute http or https URL (a public URL a server is reached at). */
export const httpUrlSchema = z.string().refine(
  (u) => {
    try {
      return /^https?:$/.test(new URL(u).protocol);
    } catch {
      return false;
    }
  },
  { message: 'an absolute http or https URL' },
);

/** The gateway's part of the service configuration (`gateway` in patx.config.json). */
export const gatewayConfigSchema = z
  .object({
    /** Interface to listen on (loopback by default): an IP address (IPv4 or IPv6) or a host name of this machine; 0.0.0.0 listens on every interface. */
    host: z
      .string()
      .refine((h) => isIP(h) !== 0 || HOST_NAME.test(h), { message: 'an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1) or a host name (e.g. localhost)' })
      .default('127.0.0.1'),
    /** TCP port for order entry (`/v1/trade`) and HTTP; 0 picks a free one (tests). */
    port: z.number().int().min(0).max(65_535).default(8480),
    /** TCP port for public market data (`/v1/market`, served by its own thread); 0 picks a free one (tests). */
    marketDataPort: z.number().int().min(0).max(65_535).default(8481),
    /**
     * TLS for order entry, HTTP and market data (and the reference provider server):
     * PEM files of the certificate (with its chain) and the private key (PATX_TLS_CERT,
     * PATX_TLS_KEY). Both or neither; absent: plaintext.
     */
    tls: z
      .object({ certFile: z.string().min(1), keyFile: z.string().min(1) })
      .partial()
      .strict()
      .refine((t) => (t.certFile === undefined) === (t.keyFile === undefined), { message: 'set both the certificate and the key (PATX_TLS_CERT and PATX_TLS_KEY), or neither' })
      .optional(),
    /**
     * Plaintext on an address other than loopback (127.0.0.0/8, ::1, localhost) is refused
     * at start unless this is set (PATX_ALLOW_PLAINTEXT=1): for a TLS-terminating proxy in front.
     */
    allowPlaintext: z.boolean().default(false),
    /**
     * Released-turn events the engine's thread may be ahead of the market-data thread
     * (the feed ring, 80 bytes an event). A turn that does not fit replaces that thread:
     * its subscribers reconnect to a fresh one. The default, 262,144, is a quarter second
     * of the engine flat out.
     */
    marketDataRingRecords: positiveInt.min(1_024).max(1 << 24).default(1 << 18),
    /**
     * Scheduling priority (Linux nice, 0-19) of the market-data thread: above 0 the engine's
     * thread and order entry get the cores first when they are short (market data is paced
     * and buffered; the engine is not). 0 on a machine with a core to spare for it.
     */
    marketDataNice: z.number().int().min(0).max(19).default(5),
    /** Largest frame a client may send; a larger one closes the connection (1009). */
    maxFrameBytes: positiveInt.max(1 << 20).default(16 * 1024),
    /**
     * Commands waiting for the engine at which order entry refuses a session's command with
     * SERVER_BUSY, nothing done (cancels and pulls are still taken). 65,536 is about two thirds of a second of the engine flat out:
     * beyond it an order would be acknowledged seconds late, and the queue's objects, promoted to
     * the old generation, made the garbage collector pause for a hundred milliseconds and more long
     * after the burst. The sequencer's own bound (`sequencer.maxQueuedCommands`) stays for the
     * exchange's own commands (deposits, expiries, the quoter).
     */
    busyAtQueuedCommands: positiveInt.default(65_536),
    /** Order-entry messages a session may send per second (a token bucket of this size); more get THROTTLED. */
    maxMessagesPerSecond: positiveInt.max(1_000_000).default(2_000),
    /** The server sends a Heartbeat this often on every connection. */
    heartbeatIntervalMs: positiveInt.min(50).default(5_000),
    /** A connection that sends nothing for this long is closed (HEARTBEAT_TIMEOUT). */
    heartbeatTimeoutMs: positiveInt.min(100).default(15_000),
    /** How long a login challenge stays valid; a connection not logged in by then is closed. */
    challengeTtlMs: positiveInt.default(30_000),
    /** Failed logins before the connection is closed. */
    maxLoginAttempts: positiveInt.max(100).default(3),
    /**
     * Wallet logins one client address may have checked (a token bucket shared by its connections): each costs a
     * signature recovery on the intake. Over it the login is refused RATE_LIMITED, nothing checked and no failure
     * counted (an attacker's review: logins with random signatures from 40 addresses kept the intake full, and
     * every honest login and signed request was refused busy).
     */
    loginRateLimitPerAddress: rateLimitSchema.default({ burst: 100, perSecond: 20 }),
    /** Unsent bytes a connection may have queued before it is cut off (SLOW_CONSUMER). */
    maxBackpressureBytes: positiveInt.default(4 * 1024 * 1024),
    /** Open WebSocket connections per endpoint (order entry, market data); more are refused at the upgrade (HTTP 503). */
    maxConnections: positiveInt.default(20_000),
    /**
     * Open WebSocket connections per client address on each endpoint (an IPv4 address, or an
     * IPv6 /64: client-address.ts); more are refused at the upgrade (HTTP 429,
     * TOO_MANY_CONNECTIONS_PER_ADDRESS). Behind a reverse proxy, list it in `trustedProxies`,
     * or every client counts as the proxy's address.
     */
    maxConnectionsPerAddress: positiveInt.default(100),
    /**
     * Of those, order-entry connections not yet logged in (each lives at most a few challenges, 30 s each); more are
     * refused at the upgrade (HTTP 429, TOO_MANY_UNAUTHENTICATED_PER_ADDRESS). Without it 200 addresses' idle sockets,
     * each re-challenged, held every slot of the endpoint (an outside review, 2026-12-04).
     */
    maxUnauthenticatedPerAddress: positiveInt.default(10),
    /**
     * WebSocket upgrades one client address may attempt on each endpoint (a token bucket): each costs an upgrade and, on
     * order entry, a login challenge. Over it the upgrade is refused (HTTP 429, TOO_MANY_CONNECTION_ATTEMPTS, Retry-After).
     * The caps above bound how many are open at once, not how often they are opened: one address connecting and closing
     * in a loop got 2,752 challenges in 3 s (an audit, 2026-12-05).
     */
    connectRateLimitPerAddress: rateLimitSchema.default({ burst: 200, perSecond: 20 }),
    /**
     * Logged-in order-entry sessions per account (operators excepted); a login over it is
     * closed with TOO_MANY_SESSIONS (close code 4021), the account's other sessions untouched.
     */
    maxSessionsPerAccount: positiveInt.default(20),
    /**
     * The least a withdrawal may ask for, in wei (0.01 PAT), unless it is the account's whole free balance: each one is
     * an entry of a settlement batch and a transfer the exchange pays gas for, and 1-wei withdrawals by the thousand were
     * a way to make it pay (an outside review). Refused INVALID_FIELD.
     */
    minWithdrawalWei: z.string().regex(/^[0-9]{1,30}$/, 'a whole number of wei').default('10000000000000000'),
    /** Gone: the bound of an account's pending withdrawals is the engine's rule (rules 24), one number for every path. */
    maxPendingWithdrawalsPerAccount: z
      .never({ error: 'gone: an account\'s pending withdrawals are bounded by the engine\'s rules (rules 24: 20, MAX_PENDING_WITHDRAWALS; docs/settlement.md, "Withdrawing"), the same for every path; remove the key' })
      .optional(),
    /**
     * Accounts a wallet login may open per client address per hour (the first login of a
     * wallet opens its account); a login that would open one more is refused RATE_LIMITED,
     * nothing opened. Logins to accounts already open are not counted.
     */
    maxAccountsOpenedPerAddressPerHour: positiveInt.default(10),
    /**
     * The same for an IPv6 client's /48 as a whole (its /64s are its addresses above: a /48 holds 65,536 of them).
     */
    maxAccountsOpenedPerIpv6NetworkPerHour: positiveInt.default(100),
    /**
     * Accounts wallet logins may open per hour over every address together: the per-address limits bound one client,
     * this bounds a crowd of them (without it 1,000 addresses could open 10,000 accounts an hour, the engine's 1,000,000
     * in four days: an outside review, 2026-12-04). A wallet with a deposit waiting is not held to it.
     */
    maxAccountsOpenedPerHour: positiveInt.default(10_000),
    /**
     * The engine's last accounts (of its 1,000,000) a login opens only for a wallet whose deposit is waiting for an account
     * (seen on-chain, credited once the account opens): when every other slot is taken, a wallet that paid to come in
     * still can, whoever filled the rest. Others are refused ACCOUNTS_FULL, nothing opened.
     */
    accountsReservedForDepositors: positiveInt.default(10_000),
    /**
     * Proxies whose X-Forwarded-For is believed (addresses or CIDR blocks, e.g.
     * ["127.0.0.1", "10.0.0.0/8"]): a connection from one of them counts as the client the
     * header names. Empty (the default): the header is ignored, the socket's address counts.
     * Env: PATX_TRUSTED_PROXIES (comma-separated).
     */
    trustedProxies: z
      .array(z.string().refine(isProxyEntry, { message: 'an IP address or CIDR block (e.g. 127.0.0.1, 10.0.0.0/8, fd00::/8)' }))
      .max(1_000)
      .default([]),
    /**
     * Unsent bytes all the connections of one client address to an endpoint may have queued
     * together; over it, its most backed-up connections are cut (SLOW_CONSUMER) until it is
     * under. Each connection is also held to `maxBackpressureBytes`.
     */
    maxQueuedBytesPerAddress: positiveInt.default(32 * 1024 * 1024),
    /**
     * Least time between two market-data publications (ms). The first change after a
     * quiet interval goes out at once; changes within it wait and go out together (book
     * levels conflated, every trade kept). Each publication costs one socket write per
     * subscriber, so this bounds what fan-out costs the market-data thread. 0: every
     * released turn publishes (a raw feed).
     */
    marketDataIntervalMs: z.number().int().min(0).max(10_000).default(100),
    /** Streams one market-data connection may subscribe to. */
    maxSubscriptionsPerConnection: positiveInt.default(2_000),
    /**
     * Snapshot levels the market-data thread sends per second in total, shared fairly among
     * the client addresses subscribing (a book or quote snapshot costs its levels, any other
     * snapshot 1; snapshot-budget.ts). Every subscribe, a repeated one too, is answered
     * with a snapshot built on the market-data thread, so without a total, clients
     * re-subscribing to a deep book from many connections would keep the thread building
     * snapshots and slow every other subscriber. Each address active in the last second
     * gets an equal share (its connections share it; a quiet address's share goes to the
     * others); a subscribe over its address's share is refused with RATE_LIMITED and
     * changes nothing.
     */
    maxSnapshotLevelsPerSecond: positiveInt.max(100_000_000).default(200_000),
    /**
     * Market-data subscribes one client address may send, whatever their snapshots cost (a
     * token bucket: a burst, refilled at a rate per second, shared by the address's
     * connections; the TypeScript client's resyncs are subscribes too). The snapshot budget
     * prices snapshots by their levels, but every subscribe also costs the market-data
     * thread a publish, a topic subscription and its answer: 80 connections of one address
     * re-subscribing delayed another address's subscribe up to 9 s (issue 74). Over it the
     * subscribe is refused with RATE_LIMITED before anything is looked at, nothing done.
     */
    subscribeRateLimitPerAddress: rateLimitSchema.default({ burst: 500, perSecond: 100 }),
    /**
     * Series queries (`SeriesQuery`, either endpoint, no login needed) one client address may send: a token
     * bucket per endpoint. Each one reads the engine's list of series (shared by the queries waiting on it,
     * series-list-reads.ts); over it the query is refused RATE_LIMITED, nothing asked (an attacker's review: 100
     * connections of one address flooding them stalled the engine for minutes).
     */
    seriesQueryRateLimitPerAddress: rateLimitSchema.default({ burst: 100, perSecond: 20 }),
    /**
     * Order-entry commands one account may send over all its sessions together (each session also has
     * `maxMessagesPerSecond`); one over is refused RATE_LIMITED, not queued. Without it an account's 20 sessions
     * sent 40,000 a second, every one journaled, refused or not (an outside review, 2026-12-04).
     */
    orderRateLimitPerAccount: rateLimitSchema.default({ burst: 10_000, perSecond: 5_000 }),
    /**
     * Reads one account may have built on the engine's thread, over its sessions and its wallet-signed HTTP reads together,
     * in read units (src/gateway/read-budget.ts: about ten rows of an answer each, ~25 µs; an open-orders page of 1,000
     * orders is 102, an account view 2 and one per ten positions, an order status 1). One over is refused RATE_LIMITED
     * with when to retry, nothing read. Paid from the command budget above, 98 pages of 1,000 orders passed at once and held
     * the engine's thread ~250 ms (an audit, 2026-12-05); at this burst one account holds it ~5 ms at once (~10 at worst).
     */
    readRateLimitPerAccount: rateLimitSchema.default({ burst: 200, perSecond: 200 }),
    /**
     * The exchange's public URL (http or https), as participants reach it: its host[:port] is
     * the domain of the Sign-In with Ethereum message a wallet signs to log in, and the URL
     * its URI (docs/security.md, "Login"). Unset: http://<host>:<port> of this gateway (the
     * bound port). Set it when the gateway is behind a proxy or reached by a name.
     */
    publicUrl: httpUrlSchema.optional(),
    /** Chain id named in the text a wallet signs, so a signature for one network is no good on another. */
    chainId: positiveInt.default(31_337),
    /**
     * Operator credential for operator sessions and the HTTP operator API. Empty: a
     * random one is generated on first start and kept in <dataDir>/operator-token.
     */
    operatorToken: z.string().default(''),
    /** HTTP requests signed by a wallet are accepted this far from the server's clock. */
    httpSignatureMaxSkewMs: positiveInt.default(30_000),
    /**
     * Signed requests' nonces remembered at once (each for its signature's window, `httpSignatureMaxSkewMs`): past it a
     * signed request is refused 503 SERVER_BUSY until old ones expire; keys with no account take at most 3/4 of it
     * (src/gateway/request-nonces.ts).
     */
    maxLiveSignedNonces: positiveInt.max(10_000_000).default(500_000),
    /**
     * HTTP requests one client address may send (IPv6: one /64): a burst, refilled at a rate
     * per second. Over it: 429 RATE_LIMITED with Retry-After and the RateLimit fields.
     */
    httpRateLimitPerAddress: rateLimitSchema.default({ burst: 200, perSecond: 50 }),
    /** HTTP requests one account may send (its wallet-signed requests), as above. */
    httpRateLimitPerAccount: rateLimitSchema.default({ burst: 100, perSecond: 20 }),
    /**
     * Request-body bytes all HTTP requests together may hold in memory while they are read and handled (memory
     * follows the bytes received, not the Content-Length declared). A body that would pass it is refused 503
     * BODY_BUFFER_UNAVAILABLE with Retry-After, nothing done (an outside review, 2026-12-04: 200 connections of one
     * address each sending all but the last byte of an 8 MiB body held 1.6 GB for as long as they kept sending).
     */
    httpMaxBufferedBodyBytes: positiveInt.default(256 * 1024 * 1024),
    /**
     * The same for the requests of one client address (IPv6: one /64); over it 429
     * TOO_MANY_BODY_BYTES_PER_ADDRESS, nothing done. At least the largest body a route reads (a listing upload,
     * 15 MiB), or that route can never be used; 64 MiB lets a provider upload four at once.
     */
    httpMaxBufferedBodyBytesPerAddress: positiveInt.default(64 * 1024 * 1024),
    /**
     * Bytes of HTTP replies the connections of one client address may leave unread (replies are written as the
     * client's socket takes them, not copied into a buffer); a reply that would pass it closes its connection.
     * Without it a client that asked for the console's 1.5 MB bundle 25 times on one connection and never read held
     * 40 MB of the server's memory (an outside review, 2026-12-04).
     */
    httpMaxUnsentReplyBytesPerAddress: positiveInt.default(64 * 1024 * 1024),
    /**
     * Intake worker threads: HTTP bodies are parsed, signatures recovered and samples
     * measured there, never on the engine's thread (src/intake/). Each runs one request at a time.
     */
    intakeWorkers: positiveInt.max(16).default(2),
  })
  .strict();

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export const DEFAULT_GATEWAY_CONFIG: GatewayConfig = gatewayConfigSchema.parse({});
