/**
 * The consumer's signed-in session behind the account page (#/account): the project's
 * TradingClient over the browser's WebSocket, logged in with a wallet (a browser wallet
 * through EIP-1193 `personal_sign`, or one of the local chain's public dev keys), the
 * account view, open orders, fills, rights, exercises and the access grants they return,
 * and each grant's download at its provider's gate with its receipt to the exchange
 * (src/client/delivery.ts, which imports nothing from Node), its escrow and a usage grant's units
 * used and left (GET /v1/grants/mine/{id}), a claim on it (POST /v1/grants/{id}/claims), and the
 * account's usage grants from any session (GET /v1/grants/mine).
 * Beyond the trading session: wallet-signed HTTP requests (`signedRequest`) for every
 * purchase (GET /v1/purchases, paged) and ratings (POST /v1/ratings/{id}), the account's own fills
 * and cash settlements (GET /v1/fills, GET /v1/settlements), its deposits and withdrawals (GET /v1/transfers: account-history.ts, read again when the
 * account view changes), and the on-chain deposit (account-deposit.ts).
 * How the session signed in is remembered for a reload (account-remember.ts, account-gate.tsx), never the key.
 */
import { hexlify, toUtf8Bytes, Wallet } from 'ethers';
import { grantsOfAck, PatxSignInError, TradingClient, type MessageSigner, type NewOrderParams, type SeriesInfo } from '../../src/client/trading-client.js';
import { PatxConnectionClosedError, PatxRequestError, PatxTimeoutError } from '../../src/client/frame-socket.js';
import { downloadWithGrant, type GateUsage, type Told } from '../../src/client/delivery.js';
import type { PurchasePage } from '../../src/client/catalog.js';
import { listFills, listMarginEvents, listSettlements, listTransfers, type AccountFill, type CashSettlement, type MarginEvent, type TransferView } from '../../src/client/market.js';
import { getStatement, type StatementRow } from '../../src/client/statement.js';
import { leftToUse, refundedRights, servedRights, type GrantUsage } from '../../src/client/grants.js';
import { signRequestHeaders } from '../../src/request-signing/index.js';
import type { SignedGrant } from '../../src/grants/grant.js';
import { wire, type patx } from '../../src/proto/index.js';
import { DepositDesk } from './account-deposit.js';
import { AccountHistory, HISTORY_PER_PAGE } from './account-history.js';
import type { Eip1193, SessionWallet } from './session-wallet.js';
import { socketUrls } from './endpoints.js';
import { date, parsePat, patOfWei } from './format.js';

/** Hardhat's default dev keys (public knowledge; a local chain only). Account 0 is the operator's deployer, 5 and 6 the demo's participants. */
import { HARDHAT_KEYS } from '../../src/settlement/hardhat-keys.js';

export const DEV_KEYS = HARDHAT_KEYS;

/** How long after a buy the purchase history is read again (the ledger records a fill once its turn is released). */
const PURCHASE_LEDGER_LAG_MS = 400;


/** A wallet-signed route's answer: its body, or the API's refusal by name with its message (and `details`, where the route names fields). */
export type Loaded<T> = { state: 'loading' } | { state: 'ok'; value: T } | { state: 'refused'; reason: string; message: string; details?: unknown };


export function browserWallet(): Eip1193 | undefined {
  return (window as unknown as { ethereum?: Eip1193 }).ethereum;
}

/** A browser wallet as a MessageSigner: EIP-191 `personal_sign` of the UTF-8 text; `want` (a remembered address) must be one of its accounts. */
async function eip1193Signer(eth: Eip1193, want?: string): Promise<MessageSigner> {
  const accounts = (await eth.request({ method: 'eth_requestAccounts' })) as string[];
  const address = want === undefined ? accounts[0] : accounts.find((a) => a.toLowerCase() === want.toLowerCase());
  if (address === undefined) throw new Error(want === undefined ? 'the wallet gave no account' : `the wallet no longer offers ${want}`);
  return {
    getAddress: () => Promise.resolve(address),
    signMessage: async (message) => String(await eth.request({ method: 'personal_sign', params: [hexlify(toUtf8Bytes(message)), address] })),
  };
}

/** How many purchases one page of the history shows. */
export const PURCHASES_PER_PAGE = 10;

export interface Fill {
  tradeId: number;
  seriesId: number;
  orderId: number;
  qty: number;
  priceMicros: number;
  timeMs: number;
  /** What this fill's side paid in fees, µPAT (docs/fees.md; 0 under the default schedule). */
  feeMicros: number;
}

export type DownloadState =
  | { state: 'idle' }
  | { state: 'busy' }
  | { state: 'received'; endpoint: string; records: unknown[]; remaining: number; url: string; receipt: Told; usage?: GateUsage; saved?: boolean }
  | { state: 'failed'; reason: string; message: string; report?: Told };

/**
 * A grant's escrow as its view carries it (src/grants/routes.ts's escrowView, µPAT): the sale
 * proceeds held behind it until it is delivered, its dispute window passes, or a claim refunds
 * the consumer (docs/delivery.md, "Escrow, claims and refunds"). Null for a grant issued before escrow.
 */
export interface GrantEscrow {
  state: 'held' | 'delivered' | 'released' | 'refunded';
  escrowedMicros: number;
  heldMicros: number;
  releasedMicros: number;
  confirmedQty: number;
  disputeEndsAtMs: number;
  claim: { filedAtMs: number; dueAtMs: number; undeliveredQty: number } | null;
  /** Rights the provider holds evidence of delivering (rules 5: its signed statement with your signed request or stream request, a push your webhook took, or your receipt). */
  evidencedQty: number;
  /** Your dispute of an evidenced delivery, and the operator's decision once made (docs/delivery.md, "Evidence, claims and disputes"). */
  dispute: GrantDispute | null;
  /** The last refund: a claim's, or a dispute decision's. */
  refund: { atMs: number; undeliveredQty: number; refundMicros: number; fromHeldMicros: number; fromProviderMicros: number; shortfallMicros: number } | null;
  /** Rights refunded in all, and of them those never served (withdrawn: the provider's gate no longer serves them). Absent from an exchange before 2026-11-30. */
  refundedQty?: number;
  revokedQty?: number;
}

/** What a consumer says was wrong with a delivery the provider evidenced (POST /v1/grants/{id}/claims {reason}). */
export type DisputeReason = 'missing-records' | 'nonconforming';
export const DISPUTE_REASON_TEXT: Record<string, string> = { 'missing-records': 'records missing', nonconforming: 'records do not conform', 'not-received': 'nothing received' };

/** A dispute of an evidenced delivery as the grant view carries it (src/grants/ledger.ts, µPAT). */
export interface GrantDispute {
  filedAtMs: number;
  reason: DisputeReason | 'not-received';
  undeliveredQty: number;
  evidencedQty: number;
  decision?: { atMs: number; refundQty: number; upheldQty: number; chargeProviderMicros: number; decidedBy: number; note?: { text: string; operator: string; atMs: number } };
}

/**
 * What became of this session's claim on a grant (POST /v1/grants/{id}/claims): filed with its due
 * time, a dispute filed (the provider holds evidence of delivering: the operator decides), or refused by name.
 */
export type ClaimState =
  | { state: 'idle' }
  | { state: 'busy' }
  | { state: 'filed'; dueAtMs: number }
  | { state: 'disputed'; reason: DisputeReason; evidencedQty: number }
  | { state: 'refused'; reason: string; message: string };

/** A grant of this account's with a dispute, as GET /v1/grants/mine lists it. */
export interface DisputedGrant {
  grant: SignedGrant['grant'];
  escrow: GrantEscrow & { dispute: GrantDispute };
}

/** How many of its newest grants the account page reads for its disputes (the route's page limit). */
export const DISPUTES_SCAN = 200;

export interface GrantRow {
  signed: SignedGrant;
  exerciseId: number;
  download: DownloadState;
  /** The grant's escrow, read from its view (GET /v1/grants/mine/{id}) after the exercise, a download and a claim. */
  escrow: Loaded<GrantEscrow | null>;
  /** A usage grant's units as the exchange counts them (read with the escrow); null for one-time rights or before the first read. */
  usage: GrantUsage | null;
  /** Rights the exchange counts delivered (receipted), read with the escrow: a one-time grant with every right delivered has nothing left to download. */
  delivered: number;
  claim: ClaimState;
}

/** A usage grant of this account's, any session (GET /v1/grants/mine): its units used and left, and how it settled. */
export interface UsageGrantRow {
  grant: SignedGrant['grant'];
  usage: GrantUsage;
  escrow: GrantEscrow | null;
}

/** How many of its newest grants the account page reads for its usage grants (the route's page limit). */
export const USAGE_SCAN = 200;

/** A grant of this account's as GET /v1/grants/mine lists it (the fields the account page reads). */
interface ListedGrant {
  grant: SignedGrant['grant'];
  signature: string;
  exerciseId: number;
  delivered: number;
  escrow: GrantEscrow | null;
  usage?: GrantUsage | null;
}

/** How many grants from other sessions the access grants show at most, newest first (`patx grants` lists every one). */
export const EARLIER_GRANTS_SHOWN = 50;

/** How long to wait before each read again of a grant's escrow that has not caught up yet (the grant ledger follows the journal's released turns). */
const ESCROW_RETRY_MS = [300, 800, 1_500, 3_000];

/**
 * The trading session's connection: live; lost and logging in again by itself with the wallet it
 * holds (a service restart, a dropped network); or given up, the login refused by name (sign in again).
 */
export type Connection = { state: 'live' } | { state: 'reconnecting'; why: string; attempts: number; last?: string } | { state: 'lost'; why: string };

/** Pauses between attempts to log in again after the connection dropped: quick at first, then every 5 s while the service is away. */
const RECONNECT_DELAYS_MS = [500, 1_000, 2_000, 3_000, 5_000];

/** Login refusals that are the gateway's "not now" (retried), unlike AUTH_FAILED and the like (an answer: retrying would not change it). */
const RETRYABLE_LOGIN = new Set(['SERVER_BUSY', 'TOO_MANY_IN_FLIGHT', 'RATE_LIMITED', 'CHALLENGE_EXPIRED']);

/** Thrown instead of sending a request while the trading session is not connected: nothing left the page. */
export class NotConnectedError extends Error {
  override readonly name = 'NotConnectedError';
  readonly code = 'DISCONNECTED';
  constructor(connection: Connection) {
    super(connection.state === 'lost' ? `not connected to the exchange (${connection.why}): sign out and sign in again; nothing was sent` : 'not connected to the exchange: reconnecting…; nothing was sent, try again once it is back');
  }
}

/** What an action came to, for the page: the reason by name when refused. */
export interface Outcome {
  ok: boolean;
  action: string;
  reason?: string;
  text: string;
}

/** The first reject reason of an ack: the command's own, else its reports' (an order's reject is a report). */
export function rejectOf(ack: patx.v1.ICommandAck): string | undefined {
  if ((ack.rejectReason ?? 0) !== 0) return wire.RejectReason[ack.rejectReason!] ?? String(ack.rejectReason);
  const r = (ack.reports ?? []).find((x) => (x.rejectReason ?? 0) !== 0);
  return r === undefined ? undefined : (wire.RejectReason[r.rejectReason!] ?? String(r.rejectReason));
}


/** Refusals about the account's free PAT: a move of its available PAT (a deposit credited, a sale) makes them old news. */
const BALANCE_REFUSALS: ReadonlySet<string> = new Set(['INSUFFICIENT_BALANCE', 'INSUFFICIENT_FREE_PAT', 'INSUFFICIENT_COLLATERAL', 'INSUFFICIENT_MARGIN']);

export class AccountSession {
  account: patx.v1.IAccountView | undefined;
  orders: patx.v1.IOrderView[] = [];
  series: SeriesInfo[] = [];
  readonly fills: Fill[] = [];
  readonly grants: GrantRow[] = [];
  /** One page of every right this account bought (not only this session's), newest first. */
  purchases: Loaded<PurchasePage> = { state: 'loading' };
  purchasesOffset = 0;
  /** This account's usage grants, any session (from its newest grants): units used and left by the exchange's count. */
  usageGrants: Loaded<UsageGrantRow[]> = { state: 'loading' };
  /** This account's disputes of evidenced deliveries, any session (from its newest grants), once asked for. */
  disputes: Loaded<DisputedGrant[]> | undefined;
  /** What became of this session's ratings, by listing: the stars given, or the refusal by name. */
  readonly ratings = new Map<number, { state: 'rated'; stars: number } | { state: 'refused'; reason: string; message: string }>();
  readonly deposits: DepositDesk;
  /** The account's own fills, any session, newest first (GET /v1/fills): read at sign-in and when the account view changes. */
  readonly fillHistory: AccountHistory<AccountFill>;
  /** The account's cash settlements of synthetics and options at their windows' close (GET /v1/settlements), as the fills are read. */
  readonly settlementHistory: AccountHistory<CashSettlement>;
  /** The account's margin top-ups and liquidations at marks (GET /v1/margin-events), read at sign-in and when a MarginTopUp or SyntheticLiquidation frame says one happened. */
  readonly marginHistory: AccountHistory<MarginEvent>;
  /** The account's deposits and withdrawals, newest first (GET /v1/transfers), read as the fills are when its balance moves without a fill of this session, or a withdrawal's state moves. */
  readonly transferHistory: AccountHistory<TransferView>;
  /** The account's statement, newest first (GET /v1/statement): read only when asked (`readStatement`; a browser wallet signs each read). */
  readonly statementHistory: AccountHistory<StatementRow>;
  /** Whether the statement was asked for (the panel offers to read it until then). */
  statementAsked = false;
  outcome: Outcome | undefined;
  /** A refusal about the balance on screen and the available PAT when it was first read after it: a move clears it. */
  private balanceRefusal: { outcome: Outcome; availableWei: string } | undefined;
  /** The trading session's connection (shown on every signed-in page; orders are refused while it is not live). */
  connection: Connection = { state: 'live' };
  /** Why the last read of the account view failed while connected (it never replaces an action's outcome). */
  readProblem: string | undefined;
  closed = false;
  private readonly listeners = new Set<() => void>();
  /** Listeners to the GrantIssued frames of every connection this session holds (the provider page's deliveries). */
  private readonly grantIssuedListeners = new Set<() => void>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private nextClientOrderId = Date.now();
  /** Whether this session shows the account's fills and settlements (the account page's; not a provider's). */
  private readsHistory = false;
  /** Whether it shows the account's fills alone (the provider page's: its sales of any session, a bot's or the CLI's). */
  private readsFills = false;
  /** The account view's balance and positions as last read: a change reads the fills and settlements again. */
  private historyKey: string | undefined;
  /** This session's newest fill when the account view was last compared: a balance that moved without a new one reads the transfers. */
  private transferFillsNoted = 0;

  /** The connection in use: replaced when the session logs in again after a drop. */
  private current: TradingClient;

  private constructor(
    client: TradingClient,
    readonly signer: MessageSigner,
    readonly address: string,
    readonly wallet: SessionWallet,
    /** The chain the exchange settles on (GET /v1/endpoints): signed HTTP requests name it. */
    readonly chainId: number,
    /** The role a first login opens an account with (the provider page's PROVIDER), asked again by a login after a drop. */
    private readonly loginRole: patx.v1.Role | undefined,
  ) {
    this.current = client;
    this.deposits = new DepositDesk(wallet, address, () => this.notify());
    const http = { url: location.origin, wallet: signer, chainId };
    const page = (before: number | undefined) => ({ limit: HISTORY_PER_PAGE, ...(before === undefined ? {} : { before }) });
    // Each history: its page read (rows and `next`), a row's identity, and its place in the paging.
    const history = <T,>(read: (before: number | undefined) => Promise<{ rows: T[]; next: number | null }>, keyOf: (row: T) => string, orderOf: (row: T) => number): AccountHistory<T> =>
      new AccountHistory(read, keyOf, orderOf, () => this.notify());
    this.fillHistory = history(
      async (before) => {
        const p = await listFills(http, page(before));
        return { rows: p.fills, next: p.next };
      },
      (f) => `${f.tradeId}:${f.side}`,
      (f) => f.tradeId,
    );
    this.settlementHistory = history(
      async (before) => {
        const p = await listSettlements(http, page(before));
        return { rows: p.settlements, next: p.next };
      },
      (x) => `${x.seq}:${x.seriesId}`,
      (x) => x.seq,
    );
    this.marginHistory = history(
      async (before) => {
        const p = await listMarginEvents(http, page(before));
        return { rows: p.marginEvents, next: p.next };
      },
      (m) => `${m.seq}:${m.seriesId}:${m.event}`,
      (m) => m.seq,
    );
    this.transferHistory = history(
      async (before) => {
        const p = await listTransfers(http, page(before));
        return { rows: p.transfers, next: p.next };
      },
      (t) => `${t.kind}:${t.seq}`,
      (t) => t.seq,
    );
    this.statementHistory = history(
      async (before) => {
        const p = await getStatement(http, page(before));
        return { rows: p.entries, next: p.next };
      },
      (r) => String(r.seq),
      (r) => r.seq,
    );
    this.attach(client);
    this.timer = setInterval(() => void this.refresh(), 3_000);
  }

  /** The trading connection in use now (after a drop, the one logged in again). */
  get client(): TradingClient {
    return this.current;
  }

  /** Listens to a connection's pushed frames, and to its close: a drop the session did not ask for logs in again. */
  private attach(client: TradingClient): void {
    // A mark's top-up or liquidation is pushed when its turn is released; the history reads it back until it has that seq.
    const marked = (seq: number): void => {
      if (this.readsHistory) void this.marginHistory.reload((newest) => newest >= seq);
    };
    client.onMarginTopUp((t) => marked(Number(t.seq)));
    client.onSyntheticLiquidation((l) => marked(Number(l.seq)));
    client.onGrantIssued(() => {
      for (const l of this.grantIssuedListeners) l();
    });
    client.onReport((r) => {
      this.noteReports([r]);
      void this.refresh();
    });
    const previous = client.socket.onClose;
    client.socket.onClose = (error) => {
      previous(error);
      if (client === this.current) this.lost(error.message);
    };
  }

  /** The connection dropped: say so at once, and log in again until the service answers. */
  private lost(why: string): void {
    if (this.closed || this.connection.state !== 'live') return;
    this.connection = { state: 'reconnecting', why, attempts: 0 };
    this.notify();
    void this.reconnect();
  }

  /**
   * Logs in again with the wallet this session holds (a dev key signs at once; a browser wallet asks its
   * user for one signature once the service answers), every few seconds until it is accepted; then reads
   * the series and the account again. A login refused by name (not a busy answer), a challenge this
   * client will not sign or a signature the wallet's user declined gives up: the page says to sign in again.
   */
  private async reconnect(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      await new Promise((r) => setTimeout(r, RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)]));
      if (this.closed || this.connection.state !== 'reconnecting') return;
      const why = this.connection.why;
      try {
        const client = await TradingClient.connect((await socketUrls()).trade, { wallet: this.signer, cancelOnDisconnect: false, ...(this.loginRole !== undefined ? { role: this.loginRole } : {}) });
        if (this.closed) {
          void client.close().catch(() => undefined);
          return;
        }
        this.current = client;
        this.attach(client);
        this.connection = { state: 'live' };
        this.series = await client.series().catch(() => this.series);
        await this.refresh();
        return;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        const final = (error instanceof PatxRequestError && !RETRYABLE_LOGIN.has(error.code)) || error instanceof PatxSignInError || code === 4001; // 4001: EIP-1193's "user rejected"
        const text = error instanceof Error ? error.message : String(error);
        this.connection = final ? { state: 'lost', why: text } : { state: 'reconnecting', why, attempts: attempt + 1, last: text };
        this.notify();
        if (final) return;
      }
    }
  }

  /** The connection to send on; throws NotConnectedError while it is down (the page says so; nothing leaves it). */
  connected(): TradingClient {
    if (this.connection.state !== 'live' || this.current.socket.closed !== undefined) throw new NotConnectedError(this.connection);
    return this.current;
  }

  /**
   * Logs in at the gateway's /v1/trade (port from GET /v1/endpoints) with a dev key's index or the browser wallet.
   * `role` is the role of an account opened by this first login (CONSUMER by default; the provider page asks PROVIDER).
   */
  static async signIn(how: { devKey: number } | { browser: true; address?: string }, role?: patx.v1.Role): Promise<AccountSession> {
    if ('devKey' in how && DEV_KEYS[how.devKey] === undefined) throw new Error(`no dev key ${how.devKey}`);
    const wallet: SessionWallet = 'devKey' in how ? { kind: 'devKey', index: how.devKey, key: DEV_KEYS[how.devKey]! } : { kind: 'browser', eth: browserWallet() ?? missingWallet() };
    const signer: MessageSigner = wallet.kind === 'devKey' ? new Wallet(wallet.key) : await eip1193Signer(wallet.eth, 'address' in how ? how.address : undefined);
    const endpoints = (await (await fetch('/v1/endpoints')).json()) as { chainId: number };
    const client = await TradingClient.connect((await socketUrls()).trade, { wallet: signer, cancelOnDisconnect: false, ...(role !== undefined ? { role } : {}) });
    const session = new AccountSession(client, signer, await signer.getAddress(), wallet, endpoints.chainId, role);
    session.series = await client.series();
    await session.refresh();
    // The chain and the wallet's PAT: the deposit form (account page) and the withdrawal form (both pages).
    void session.deposits.load();
    // What only the account page shows (the provider page has no purchase history).
    if (role !== wire.Role.PROVIDER) {
      void session.loadPurchases(0);
      void session.loadGrants();
      session.readsHistory = true;
      void session.fillHistory.reload();
      void session.settlementHistory.reload();
      // Read only for an account with a synthetic or option position: a browser wallet signs every read, and the
      // frames of a top-up or liquidation read it for any other.
      if (session.holdsCashSettled()) void session.marginHistory.reload();
      void session.transferHistory.reload();
    } else {
      // A provider's sales of any session (a bot's, the CLI's, an earlier page's), settled or not: one signed read
      // at sign-in, again when its balance or positions move (a sale), as the account page's fills.
      session.readsFills = true;
      void session.fillHistory.reload();
    }
    return session;
  }

  /** Whether the account view lists a synthetic, call or put position (its margin history may hold rows). */
  holdsCashSettled(): boolean {
    return (this.account?.positions ?? []).some((p) => p.kind === wire.SeriesKind.SYNTHETIC || p.kind === wire.SeriesKind.CALL || p.kind === wire.SeriesKind.PUT);
  }

  /** How the page names the wallet: 'browser wallet' or 'dev key 7'. */
  get via(): string {
    return this.wallet.kind === 'browser' ? 'browser wallet' : `dev key ${this.wallet.index}`;
  }

  /** Called when an exercise redeemed rights this (provider's) account sold: a grant it owes, which moves no figure of its account view. */
  onGrantIssued(listener: () => void): () => void {
    this.grantIssuedListeners.add(listener);
    return () => this.grantIssuedListeners.delete(listener);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  seriesInfo(seriesId: number): SeriesInfo | undefined {
    return this.series.find((s) => Number(s.seriesId) === seriesId);
  }

  /**
   * Reads the account view and open orders again. A read that fails never replaces the last action's outcome (an
   * order taken, then a failed read, must not look refused: the user might buy twice): a dropped connection shows
   * as the connection's state, any other failure as `readProblem`. Nothing is read while reconnecting.
   */
  async refresh(): Promise<void> {
    if (this.closed || this.connection.state !== 'live') return;
    try {
      const client = this.current;
      const [account, orders] = await Promise.all([client.account(), client.openOrders()]);
      const before = this.account;
      this.account = account;
      this.orders = orders;
      this.readProblem = undefined;
      this.historyOnChange(before, account);
      this.clearSettledRefusal(account);
    } catch (error) {
      if (!(error instanceof PatxConnectionClosedError)) this.readProblem = error instanceof Error ? error.message : String(error);
    }
    this.notify();
  }

  /**
   * "INSUFFICIENT_BALANCE: deposit PAT first" stayed on screen after the deposit was credited: a refusal about the
   * balance goes once the available PAT moves from what it was when the refusal was first read back.
   */
  private clearSettledRefusal(account: patx.v1.IAccountView): void {
    const o = this.outcome;
    const available = account.availableWei ?? '';
    if (o === undefined || o.ok || !BALANCE_REFUSALS.has(o.reason ?? '')) {
      this.balanceRefusal = undefined;
      return;
    }
    if (this.balanceRefusal?.outcome !== o) this.balanceRefusal = { outcome: o, availableWei: available };
    else if (this.balanceRefusal.availableWei !== available) {
      this.outcome = undefined;
      this.balanceRefusal = undefined;
    }
  }

  async buy(seriesId: number, priceMicros: number, qty: number, timeInForce: patx.v1.TimeInForce): Promise<void> {
    await this.act(`buy ${qty}`, async () => {
      const ack = await this.client.newOrder({ seriesId, clientOrderId: this.nextClientOrderId++, side: wire.Side.BUY, orderType: wire.OrderType.LIMIT, timeInForce, priceMicros, qty });
      this.noteReports(ack.reports ?? []);
      const bought = (ack.reports ?? []).filter((r) => r.execType === wire.ExecType.EXEC_TRADE).reduce((n, r) => n + Number(r.lastQty), 0);
      const last = (ack.reports ?? []).at(-1);
      const resting = last !== undefined && Number(last.leavesQty ?? 0) > 0 && (last.ordStatus === wire.OrdStatus.ORDER_NEW || last.ordStatus === wire.OrdStatus.ORDER_PARTIALLY_FILLED);
      return { ack, text: `bought ${bought} of ${qty}${resting ? '; the rest rests in the book' : ''}` };
    });
    // The purchase ledger follows the journal's released turns: read the page shown again a moment
    // later, and once more if it had not caught up yet (the page the reader is on, not the first).
    const before = this.purchases.state === 'ok' ? this.purchases.value.total : -1;
    setTimeout(() => {
      void this.loadPurchases().then(() => {
        if (this.purchases.state === 'ok' && this.purchases.value.total === before) setTimeout(() => void this.loadPurchases(), 4 * PURCHASE_LEDGER_LAG_MS);
      });
    }, PURCHASE_LEDGER_LAG_MS);
  }

  /**
   * Sends one order with this session's next client order id (the series page's trade ticket):
   * its fills are noted and the account read again; its ack is the caller's to read. Throws what
   * the client throws (a lost connection, a request the gateway refused by name).
   */
  async placeOrder(order: Omit<NewOrderParams, 'clientOrderId'>): Promise<patx.v1.ICommandAck> {
    const client = this.connected();
    try {
      const ack = await client.newOrder({ ...order, clientOrderId: this.nextClientOrderId++ });
      this.noteReports(ack.reports ?? []);
      return ack;
    } finally {
      await this.refresh();
    }
  }

  /**
   * The fills and settlements read again when the account view changed, never on the timer alone (a browser
   * wallet asks its user to sign every read). The fills when its balance or positions changed (a fill of any
   * session's order, a deposit), again until they hold this session's newest trade; the settlements when a
   * synthetic or option position went (a window's close settles it; a trade may close it too), again until
   * they hold a new one if that position's window has closed; the transfers as said below.
   */
  private historyOnChange(before: patx.v1.IAccountView | undefined, after: patx.v1.IAccountView): void {
    // A provider's sale to the broker may leave its available PAT and rights as they were (the proceeds held in escrow,
    // the rights sold as many as it minted since the last read): its locked PAT and minted rights move.
    const key = `${after.availableWei ?? ''}|${after.lockedWei ?? ''}|${(after.positions ?? []).map((p) => `${String(p.seriesId)}:${String(p.available ?? 0)}:${String(p.held ?? 0)}:${String(p.minted ?? 0)}`).join(',')}`;
    const first = this.historyKey === undefined;
    const same = key === this.historyKey;
    this.historyKey = key;
    const newestNoted = this.fills.reduce((max, f) => Math.max(max, f.tradeId), 0);
    // Transfers: a withdrawal's pending amount moved (asked for, or paid by a batch), or the balance moved with no new fill of
    // this session (a deposit credited). Not at every trade of this session: a browser wallet signs each read.
    const pendingMoved = before !== undefined && after.pendingWithdrawalWei !== before.pendingWithdrawalWei;
    const movedWithoutFill = before !== undefined && after.availableWei !== before.availableWei && newestNoted === this.transferFillsNoted;
    this.transferFillsNoted = newestNoted;
    if (!first && this.readsHistory && (pendingMoved || movedWithoutFill)) void this.transferHistory.reload();
    if (first || same) return;
    if (this.readsHistory || this.readsFills) void this.fillHistory.reload((newest) => newest >= newestNoted);
    if (!this.readsHistory) return;
    const held = new Set((after.positions ?? []).filter((p) => Number(p.available ?? 0) !== 0).map((p) => Number(p.seriesId)));
    const gone = (before?.positions ?? []).filter((p) => {
      const kind = p.kind ?? wire.SeriesKind.SPOT;
      const cash = kind === wire.SeriesKind.SYNTHETIC || kind === wire.SeriesKind.CALL || kind === wire.SeriesKind.PUT;
      return cash && Number(p.available ?? 0) !== 0 && !held.has(Number(p.seriesId));
    });
    if (gone.length === 0) return;
    const now = Date.now();
    const closed = gone.some((p) => {
      const info = this.seriesInfo(Number(p.seriesId)); // a series listed after sign-in is not in the session's list
      return info === undefined || Number(info.closeAtMs ?? 0) <= now;
    });
    const newestSettled = this.settlementHistory.newestOrder();
    void this.settlementHistory.reload(closed ? (newest) => newest > newestSettled : undefined);
  }

  /** Reads the account's statement's newest page, and again at each call (the panel's "reload"). */
  readStatement(): void {
    this.statementAsked = true;
    void this.statementHistory.reload();
  }

  /** Reads one page of the purchase history (GET /v1/purchases, wallet-signed). */
  async loadPurchases(offset = this.purchasesOffset): Promise<void> {
    this.purchasesOffset = offset;
    const page = await this.signedRequest<PurchasePage>('GET', `/v1/purchases?offset=${offset}&limit=${PURCHASES_PER_PAGE}`);
    // A page read for another offset meanwhile (the reader paged on) wins.
    if (offset === this.purchasesOffset) this.purchases = page;
    this.notify();
  }

  /** Rates a listing (POST /v1/ratings/{id}): 1-5 stars and a review; a second rating replaces the first; a refusal (NOT_ELIGIBLE_TO_RATE) by name. */
  async rate(listingId: number, stars: number, review: string): Promise<void> {
    const action = `rate listing ${listingId}`;
    const answer = await this.signedRequest<unknown>('POST', `/v1/ratings/${listingId}`, { stars, review });
    if (answer.state === 'ok') {
      this.ratings.set(listingId, { state: 'rated', stars });
      this.outcome = { ok: true, action, text: `${stars} star(s) given; the review shows on the listing's page` };
    } else if (answer.state === 'refused') {
      this.ratings.set(listingId, answer);
      this.outcome = { ok: false, action, reason: answer.reason, text: answer.message };
    }
    this.notify();
  }

  /**
   * Asks to withdraw PAT (REQUEST_WITHDRAWAL over the trading session, the login's wallet
   * signature): the engine takes it from the free balance at once (refused by name when it
   * is more than that, or the provider's payouts are held), and the next settlement batch
   * pays it on-chain from the vault to this wallet's address (docs/settlement.md).
   */
  async withdraw(amountWei: bigint): Promise<void> {
    await this.act(`withdraw ${patOfWei(amountWei)} PAT`, async () => ({ ack: await this.client.requestWithdrawal(amountWei), text: 'requested: paid to your wallet with the next settlement batch' }));
  }

  async cancel(orderId: number): Promise<void> {
    await this.act(`cancel order ${orderId}`, async () => ({ ack: await this.client.cancel({ orderId }), text: 'cancelled' }));
  }

  async amend(orderId: number, qty: number, priceMicros: number): Promise<void> {
    await this.act(`amend order ${orderId}`, async () => {
      const ack = await this.client.amend(orderId, qty, priceMicros);
      this.noteReports(ack.reports ?? []);
      return { ack, text: 'amended' };
    });
  }

  /** `listingId`: only that listing's provider's rights (account-exercise.ts); absent, the oldest sale first. */
  async exercise(seriesId: number, qty: number, listingId?: number): Promise<void> {
    const from = listingId === undefined ? '' : ` from listing ${listingId}`;
    await this.act(`exercise of ${qty} right(s)${from}`, async () => {
      const ack = await this.client.exercise(seriesId, qty, listingId);
      const grants = grantsOfAck(ack);
      const rows: GrantRow[] = grants.map((signed) => ({ signed, exerciseId: Number(ack.exerciseId ?? 0), download: { state: 'idle' }, escrow: { state: 'loading' }, usage: null, delivered: 0, claim: { state: 'idle' } }));
      for (const row of rows) this.grants.unshift(row);
      // Once the grant ledger has them: their escrow, and (a usage grant) the usage list with the new one.
      void Promise.all(rows.map((row) => this.loadEscrow(row))).then(() => {
        if (rows.some((r) => r.usage !== null)) void this.loadGrants();
      });
      return { ack, text: `done (exercise #${String(ack.exerciseId ?? 0)}), ${grants.length} access grant(s)${listingId === undefined ? '' : ` from listing ${listingId}'s provider`}` };
    });
  }

  /**
   * Uses a grant at its provider's delivery endpoint (from the listing's disclosures): every right, or `use` of a
   * usage grant's units (useOf: the records left by default), with a request signed by this wallet, and tells the exchange what came of it (src/client/delivery.ts): the
   * receipt for what the provider's signed statement says it delivered, or the endpoint's failure.
   */
  async download(row: GrantRow, use = useOf(row)): Promise<void> {
    row.download = { state: 'busy' };
    this.notify();
    const g = row.signed.grant;
    try {
      const d = await downloadWithGrant(location.origin, this.signer, row.signed, use, { chainId: this.chainId });
      if (d.outcome === 'no-listing') row.download = { state: 'failed', reason: 'NO_LISTING', message: `listing ${g.listingId} is not published (${d.status})` };
      else if (d.outcome === 'no-signer') row.download = { state: 'failed', reason: 'NO_SIGNER', message: `the exchange names no grant signer (${d.status})` };
      else if (d.outcome === 'unreachable') row.download = { state: 'failed', reason: d.reason.toUpperCase().replace('-', '_'), message: `${d.endpoint}: ${d.message}`, report: d.report };
      else if (d.outcome === 'refused') row.download = { state: 'failed', reason: d.error, message: d.message };
      else {
        const url = URL.createObjectURL(new Blob([JSON.stringify(d.records, null, 2)], { type: 'application/json' }));
        row.download = { state: 'received', endpoint: d.endpoint, records: d.records, remaining: d.remaining, url, receipt: d.receipt, ...(d.usage === undefined ? {} : { usage: d.usage }) };
        // A receipt that counts confirms the delivery in the escrow, releasing the provider's proceeds (a moment later).
        const counted = d.receipt.state === 'accepted' ? d.receipt.counted : 0;
        if (d.usage !== undefined) {
          // A usage grant: the gate's signed statement is the evidence the engine records (RECORD_USAGE); read its count once it has.
          const metered = d.usage.usedUnits;
          void this.loadEscrow(row, (_e, u) => u === null || u.usedUnits >= metered).then(() => this.loadGrants());
        } else if (counted > 0) void this.loadEscrow(row, (e) => e === null || e.state !== 'held' || e.confirmedQty >= counted);
      }
    } catch (error) {
      row.download = { state: 'failed', reason: 'ERROR', message: error instanceof Error ? error.message : String(error) };
    } finally {
      this.notify();
    }
  }

  /**
   * Reads a grant's escrow from its view (GET /v1/grants/mine/{id}, wallet-signed), again a few
   * times while the grant ledger has not recorded the grant yet or `caughtUp` says it has not
   * caught up with what this session did (a receipt, a claim).
   */
  async loadEscrow(row: GrantRow, caughtUp: (e: GrantEscrow | null, u: GrantUsage | null) => boolean = () => true): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const view = await this.signedRequest<{ escrow?: GrantEscrow | null; usage?: GrantUsage | null; delivered?: number }>('GET', `/v1/grants/mine/${row.signed.grant.grantId}`);
      if (this.closed) return;
      const escrow: Loaded<GrantEscrow | null> = view.state === 'ok' ? { state: 'ok', value: view.value.escrow ?? null } : view;
      const usage = view.state === 'ok' ? (view.value.usage ?? null) : null;
      const behind = escrow.state === 'ok' ? !caughtUp(escrow.value, usage) : escrow.state === 'refused' && escrow.reason === 'UNKNOWN_GRANT';
      // A read still behind keeps what was shown, unless nothing was.
      if (!behind || row.escrow.state !== 'ok' || attempt >= ESCROW_RETRY_MS.length) {
        row.escrow = escrow;
        if (view.state === 'ok') {
          row.usage = usage;
          row.delivered = view.value.delivered ?? row.delivered;
        }
      }
      this.notify();
      if (!behind || attempt >= ESCROW_RETRY_MS.length) return;
      await new Promise((r) => setTimeout(r, ESCROW_RETRY_MS[attempt]));
    }
  }

  /**
   * Files a claim on a grant not delivered (POST /v1/grants/{id}/claims, wallet-signed): unless the provider
   * delivers by its due time, the exchange refunds this account, for the rights nothing shows were delivered,
   * what the provider was paid for them. With a `reason`, a dispute of a delivery the provider holds evidence
   * of (a claim is refused EVIDENCE_OF_DELIVERY then): nothing moves until the operator decides.
   * The answer shows by name; the grant's escrow is read again either way.
   */
  async fileClaim(row: GrantRow, reason?: DisputeReason): Promise<void> {
    const grantId = row.signed.grant.grantId;
    const action = reason === undefined ? `claim on grant ${grantId}` : `dispute of grant ${grantId}`;
    row.claim = { state: 'busy' };
    this.notify();
    const answer = await this.signedRequest<{ grantId: number; dueAtMs?: number; dispute?: { reason: DisputeReason; evidencedQty: number } }>('POST', `/v1/grants/${grantId}/claims`, reason === undefined ? {} : { reason });
    if (answer.state === 'ok' && answer.value.dispute !== undefined) {
      const d = answer.value.dispute;
      row.claim = { state: 'disputed', reason: d.reason, evidencedQty: d.evidencedQty };
      this.outcome = { ok: true, action, text: `dispute filed (${DISPUTE_REASON_TEXT[d.reason]}): the provider holds evidence of delivering ${d.evidencedQty} right(s); the operator decides` };
    } else if (answer.state === 'ok') {
      const dueAtMs = answer.value.dueAtMs ?? 0;
      row.claim = { state: 'filed', dueAtMs };
      this.outcome = { ok: true, action, text: `claim filed: refund due ${date(dueAtMs)} UTC unless delivered` };
    } else if (answer.state === 'refused') {
      row.claim = answer;
      this.outcome = { ok: false, action, reason: answer.reason, text: answer.message };
    }
    this.notify();
    const caughtUp = reason === undefined ? (e: GrantEscrow | null) => e === null || e.claim !== null || e.state !== 'held' : (e: GrantEscrow | null) => e === null || e.dispute !== null;
    await this.loadEscrow(row, answer.state === 'ok' ? caughtUp : undefined);
  }

  /**
   * Reads this account's newest grants (GET /v1/grants/mine, wallet-signed, at most USAGE_SCAN): the usage grants,
   * their units used and left as the exchange counts them, and (keepEarlierGrants) the grants other sessions exercised.
   */
  async loadGrants(): Promise<void> {
    const page = await this.signedRequest<{ total: number; grants: ListedGrant[] }>('GET', `/v1/grants/mine?limit=${USAGE_SCAN}`);
    if (this.closed) return;
    // A failed read again keeps the rows shown.
    if (page.state === 'ok') {
      this.usageGrants = { state: 'ok', value: page.value.grants.flatMap((g) => (g.usage === null || g.usage === undefined ? [] : [{ grant: g.grant, usage: g.usage, escrow: g.escrow }])) };
      this.keepEarlierGrants(page.value.grants);
    } else if (this.usageGrants.state !== 'ok') this.usageGrants = page;
    this.notify();
  }

  /**
   * The account's grants from other sessions (an exercise yesterday, the CLI's, a subscription's) join this session's
   * in the access grants, newest first after them, the newest EARLIER_GRANTS_SHOWN: downloaded, claimed and their escrow
   * seen (held, refunded, released) as this session's are. A grant already shown takes the escrow just read.
   */
  private keepEarlierGrants(listed: readonly ListedGrant[]): void {
    let added = 0;
    for (const g of listed) {
      const shown = this.grants.find((row) => row.signed.grant.grantId === g.grant.grantId);
      if (shown !== undefined) {
        if (shown.escrow.state !== 'loading') {
          shown.escrow = { state: 'ok', value: g.escrow };
          shown.delivered = g.delivered;
        }
        continue;
      }
      if (added++ >= EARLIER_GRANTS_SHOWN) continue;
      this.grants.push({ signed: { grant: g.grant, signature: g.signature }, exerciseId: g.exerciseId, download: { state: 'idle' }, escrow: { state: 'ok', value: g.escrow }, usage: g.usage ?? null, delivered: g.delivered, claim: { state: 'idle' } });
    }
  }

  /**
   * Reads this account's newest grants (GET /v1/grants/mine, wallet-signed, at most DISPUTES_SCAN) and
   * keeps those with a dispute: open ones and the operator's decisions, whichever session filed them.
   */
  async loadDisputes(): Promise<void> {
    this.disputes = { state: 'loading' };
    this.notify();
    const page = await this.signedRequest<{ total: number; grants: Array<{ grant: SignedGrant['grant']; escrow: GrantEscrow | null }> }>('GET', `/v1/grants/mine?limit=${DISPUTES_SCAN}`);
    this.disputes = page.state === 'ok' ? { state: 'ok', value: page.value.grants.filter((g): g is DisputedGrant => g.escrow !== null && g.escrow.dispute !== null) } : page;
    this.notify();
  }

  async signOut(): Promise<void> {
    this.closed = true;
    this.deposits.stop();
    if (this.timer !== undefined) clearInterval(this.timer);
    for (const g of this.grants) if (g.download.state === 'received') URL.revokeObjectURL(g.download.url);
    await this.client.close().catch(() => undefined);
  }

  /** Runs one action and records its outcome (the reject reason by name); then refreshes. The provider page runs its own through it. */
  async act(action: string, run: () => Promise<{ ack: patx.v1.ICommandAck; text: string }>): Promise<void> {
    try {
      this.connected();
      const { ack, text } = await run();
      const reason = rejectOf(ack);
      this.outcome = reason === undefined ? { ok: true, action, text } : { ok: false, action, reason, text: `refused: ${reason}` };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      this.outcome = { ok: false, action, reason: typeof code === 'string' ? code : 'ERROR', text: error instanceof Error ? inFlightText(error) : String(error) };
    }
    await this.refresh();
  }

  /**
   * One wallet-signed HTTP request (x-patx-* headers, as src/client/signed-http.ts sends): the
   * body, or the route's refusal by name. A browser wallet is asked to sign each one.
   */
  async signedRequest<T>(method: 'GET' | 'POST' | 'PUT', pathAndQuery: string, body?: unknown): Promise<Loaded<T>> {
    try {
      const bodyText = body === undefined ? undefined : JSON.stringify(body);
      const signed = await signRequestHeaders(this.signer, { method, host: location.host, pathAndQuery, chainId: this.chainId, ...(bodyText === undefined ? {} : { bodyText }) });
      const res = await fetch(pathAndQuery, { method, headers: { 'content-type': 'application/json', ...signed }, ...(bodyText === undefined ? {} : { body: bodyText }) });
      const answer = (await res.json()) as T & { error?: string; message?: string; details?: unknown };
      if (!res.ok) return { state: 'refused', reason: answer.error ?? `HTTP_${res.status}`, message: answer.message ?? '', ...(answer.details === undefined ? {} : { details: answer.details }) };
      return { state: 'ok', value: answer };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return { state: 'refused', reason: typeof code === 'string' ? code : 'UNREACHABLE', message: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Notifies the page that something it shows changed (the deposit desk, the history, a rating). */
  changed(): void {
    this.notify();
  }

  /** Records the trades among execution reports as fills (once each). */
  noteReports(reports: patx.v1.IExecutionReport[]): void {
    for (const r of reports) {
      if (r.execType !== wire.ExecType.EXEC_TRADE) continue;
      const tradeId = Number(r.tradeId);
      if (this.fills.some((f) => f.tradeId === tradeId && f.orderId === Number(r.orderId))) continue;
      this.fills.unshift({ tradeId, seriesId: Number(r.seriesId), orderId: Number(r.orderId), qty: Number(r.lastQty), priceMicros: Number(r.lastPriceMicros), timeMs: Number(r.timeMs), feeMicros: Number(r.feeMicros ?? 0) });
    }
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}

/** A one-time grant's rights neither served nor withdrawn by a refund (leftToUse, as patx download counts them). */
export function rightsLeft(row: GrantRow): number {
  return leftToUse({ grant: row.signed.grant, delivered: row.delivered, usage: null, escrow: escrowOf(row) });
}

/** Why a one-time grant has nothing left: all delivered, or what was served and what was refunded. */
export function nothingLeftText(row: GrantRow): string {
  const q = row.signed.grant.quantity;
  if (row.delivered >= q) return `all ${q} right(s) delivered`;
  const escrow = escrowOf(row);
  return `nothing left: ${servedRights({ delivered: row.delivered, escrow })} served, ${refundedRights(escrow)} refunded`;
}

function escrowOf(row: GrantRow): GrantEscrow | null {
  return row.escrow.state === 'ok' ? row.escrow.value : null;
}

/**
 * What one Download asks the gate for: a one-time grant's rights neither delivered (an earlier session or the CLI
 * may have used some) nor refunded; a usage grant by records, the records left by the exchange's count (the gate serves at most
 * what it has left); by requests, one.
 */
export function useOf(row: GrantRow): number {
  const u = row.usage;
  if (u === null) return Math.max(1, rightsLeft(row));
  return u.unit === 'requests' ? 1 : Math.max(1, u.leftUnits);
}

/**
 * An error as an action's outcome: a connection that closed while a request was in flight leaves its outcome
 * unknown (the exchange may have taken it), which "connection closed" alone did not say.
 */
export function inFlightText(error: Error): string {
  if (error instanceof PatxConnectionClosedError || error instanceof PatxTimeoutError) return `${error.message}: the connection dropped before the exchange answered, so whether it was done is unknown; check your orders and fills once reconnected`;
  return error.message;
}

function missingWallet(): never {
  throw new Error('no browser wallet (window.ethereum) on this page');
}

/** Kept here for the pages that import them from the session: the rules are format.ts's. */
export { parsePat, patOfWei };
