/**
 * The provider's signed-in session behind the provider page (#/provider): the account
 * page's AccountSession (the project's TradingClient, logged in with a browser wallet or a
 * dev key, here opening a PROVIDER account on a first login) plus what only a provider
 * has: DECLARE_CAPACITY, MINT and sells through the client (as examples/provider-bot.ts
 * does), its own listings (GET /v1/provider/listings), the grants it owes delivery on
 * (GET /v1/provider/grants) and its payout statement (GET /v1/payouts/statement), each a
 * wallet-signed request (AccountSession.signedRequest).
 */
import { AccountSession, type Fill, type GrantEscrow, type Loaded } from './account-session.js';
import { wire, type patx } from '../../src/proto/index.js';
import type { ListingSummary } from '../../src/catalog/catalog.js';
import type { ReviewState } from '../../src/catalog/listing.js';
import { DELIVERIES_PER_PAGE, GrantPages } from './paging.js';

/** A listing version as GET /v1/provider/listings/{id} gives it (the fields the form edits). */
export interface VersionText {
  title: string;
  description: string;
  schema: { columns: Array<{ name: string; type: string; nullable?: boolean; unit?: string; description?: string }>; timestampColumn?: string; keyColumns?: string[] };
  provenance: { source: string; collectionMethod: string; legalBasis: string; personalData: boolean; sensitiveCategories?: string[] };
  licence: { permittedUses: string[]; retentionDays: number; redistribution: boolean };
  cadence: string;
  deliveryEndpoint: string;
  // What the form does not edit, carried into a new version as it was (listing-editor.tsx, `carried`): the API's own shapes.
  seats?: number | null;
  terms?: unknown;
  kind?: string;
  modelFeed?: unknown;
}

/** A listing as GET /v1/provider/listings lists it (src/catalog/catalog.ts's ListingSummary), with a version awaiting review. */
export type OwnListing = ListingSummary & ReviewState;

/** A grant the provider owes delivery on (src/grants/routes.ts's grantView). */
export interface OwedGrant {
  grant: { grantId: number; consumer: string; listingId: number; listingVersion: number; seriesId: number; quantity: number; expiresAtMs: number };
  exerciseId: number;
  issuedAtMs: number;
  delivered: number;
  refusals: number;
  /** The sale proceeds held behind it (null: issued before escrow). */
  escrow: GrantEscrow | null;
}

/** One settled batch of the payout statement (src/settlement/store.ts's PayoutEntry, JSON). */
export interface PayoutEntry {
  batchId: number;
  txHash: string;
  fills: number;
  qty: number;
  grossMicros: number;
  netWei: string;
  settledAtMs: number;
  /** Fees paid on the batch's sales (docs/fees.md); absent when none. */
  feesMicros?: number;
  /**
   * Its sale proceeds the batch held in escrow, released to it, refunded to consumers (rules 3: docs/delivery.md); absent when none moved.
   * Of `refundedMicros` (what it repaid), `refundedFromFreeMicros` came from its free PAT beyond the held proceeds (absent before 2026-12-02);
   * `shortfallMicros` was due at the consumers' price and paid by nobody.
   */
  escrow?: { heldMicros: number; releasedMicros: number; refundedMicros: number; refundedFromFreeMicros?: number; shortfallMicros: number; burnedQty: number };
}

/** One UTC calendar month of the statement (src/settlement/handlers.ts's MonthTotals, JSON). */
export interface MonthTotals {
  month: string;
  batches: number;
  sales: { fills: number; qty: number; grossMicros: number; forwardGrossMicros: number };
  /** Fees and refunds of the month's batches (absent from an exchange before 2026-12-02). */
  feesMicros?: number;
  refunds?: { refundedMicros: number; fromFreeMicros: number; shortfallMicros: number };
  netWei: string;
  redemptions: { count: number; qty: number };
  withdrawals: { count: number; amountWei: string };
  heldWei: string;
}

export interface Statement {
  /** Whether the operator verified this provider, and whether its withdrawals are held (docs/providers.md). */
  payouts?: { verifiedProvider: boolean; held: boolean; heldWei: string };
  entries: PayoutEntry[];
  totalNetWei: string;
  redemptions: unknown[];
  months?: MonthTotals[];
  /** Its sale proceeds held in escrow now against its free PAT, µPAT (rules 3; docs/delivery.md, "For providers"). */
  escrow?: { heldNowMicros: number; freeNowMicros: number; inEntries: { heldMicros: number; releasedMicros: number; refundedMicros: number; refundedFromFreeMicros?: number; shortfallMicros: number } };
}

export type { Loaded };

export { DELIVERIES_PER_PAGE };

/** A page of the deliveries owed, newest first: `total` the grants owed as this page's read counted them (up to 10,000: `totalCapped` when more), `next` the `before` of the page below (null on the last). */
export interface OwedPage {
  total: number;
  totalCapped?: boolean;
  grants: OwedGrant[];
  next: number | null;
}

export class ProviderSession {
  listings: Loaded<OwnListing[]> = { state: 'loading' };
  grants: Loaded<OwedPage> = { state: 'loading' };
  statement: Loaded<Statement> = { state: 'loading' };
  /**
   * The page of deliveries shown, newest first (GET /v1/provider/grants?before=: the page above's last grant id; by
   * offset a provider past 10,000 grants was refused OFFSET_TOO_DEEP): the cursors of the pages above it, for Newer.
   */
  private readonly grantPages = new GrantPages(DELIVERIES_PER_PAGE);
  /** Order ids of this account's sells (from its acks and open orders): the fills on them are its sales. */
  private readonly sells = new Set<number>();
  private nextClientOrderId = Date.now();

  /**
   * Whether the account's PAT moved since the grants and statement were read (a consumer's receipt released held proceeds,
   * a sale held new ones, a batch settled): the page says so beside them. A dev key's session reads them again itself.
   */
  owedStale = false;
  /** The account's available and locked PAT when the grants and statement were last read. */
  private owedKey: string | undefined;
  private owedReading = false;
  private owedAgain = false;

  private constructor(readonly account: AccountSession) {
    account.subscribe(() => {
      for (const o of account.orders) if (o.side === wire.Side.SELL) this.sells.add(Number(o.orderId));
      this.onAccountView();
    });
    // A grant's issue moves neither available nor locked PAT (the proceeds pass from the sale to the grant): the gateway says so.
    account.onGrantIssued(() => this.owedMoved());
  }

  /**
   * The page left open showed "held X against Y free" beside an Available that had moved, and no delivery receipted since
   * it opened. A move of the account's available or locked PAT reads the grants and statement again with a dev key; a
   * browser wallet signs each read, so there the page only says they are out of date until its reload. A grant's issue
   * moves neither (the proceeds pass from the sale to the grant): the gateway's GrantIssued frame does the same for it.
   */
  private onAccountView(): void {
    const a = this.account.account;
    if (a === undefined) return;
    const key = `${a.availableWei ?? ''}|${a.lockedWei ?? ''}`;
    if (this.owedKey === undefined) this.owedKey = key;
    if (key === this.owedKey) return;
    this.owedKey = key;
    this.owedMoved();
  }

  /** The grants and statement are out of date: read again with a dev key; a browser wallet's page says so (it signs each read). */
  private owedMoved(): void {
    if (this.account.wallet.kind !== 'devKey') {
      if (!this.owedStale) (this.owedStale = true), this.notify();
      return;
    }
    void this.readOwed();
  }

  /** Grants and statement read again, one read at a time; a move during a read reads once more after it, a little later. */
  private async readOwed(): Promise<void> {
    if (this.owedReading) {
      this.owedAgain = true;
      return;
    }
    this.owedReading = true;
    try {
      do {
        this.owedAgain = false;
        await this.loadOwed();
        // The demo's provider sells every few seconds: at most a read every two seconds.
        if (this.owedAgain) await new Promise((r) => setTimeout(r, 2_000));
      } while (this.owedAgain && !this.account.closed);
    } finally {
      this.owedReading = false;
    }
  }

  /** The grants owed delivery on (the page shown) and the payout statement, read again. */
  private async loadOwed(): Promise<void> {
    const key = this.owedKey;
    const [grants, statement] = await Promise.all([
      this.grantsPage(),
      this.signedGet<Statement>('/v1/payouts/statement'),
    ]);
    this.grants = grants;
    this.statement = statement;
    if (key === this.owedKey) this.owedStale = false;
    this.notify();
  }

  static async signIn(how: { devKey: number } | { browser: true }): Promise<ProviderSession> {
    const session = new ProviderSession(await AccountSession.signIn(how, wire.Role.PROVIDER));
    await session.load();
    return session;
  }

  get isProvider(): boolean {
    return this.account.client.role === wire.Role.PROVIDER;
  }

  /** Fills where this account sold. */
  get sales(): Fill[] {
    return this.account.fills.filter((f) => this.sells.has(f.orderId));
  }

  /** Reads the wallet-signed routes again: listings, grants owed, payout statement. */
  async load(): Promise<void> {
    const [listings, grants, statement] = await Promise.all([
      this.signedGet<OwnListing[]>('/v1/provider/listings'),
      this.grantsPage(),
      this.signedGet<Statement>('/v1/payouts/statement'),
    ]);
    this.listings = listings;
    this.grants = grants;
    this.statement = statement;
    this.owedStale = false;
    this.owedKey = undefined; // the account view read next is the one these reads go with
    this.notify();
  }

  /** The first grant of the page of deliveries shown (0-based). */
  get grantsOffset(): number {
    return this.grantPages.from;
  }

  /** The page of the grants owed delivery on below the one shown (Older: before its last grant) or above it (Newer). */
  async loadGrants(step: 'older' | 'newer'): Promise<void> {
    const shown = this.grants;
    if (step === 'newer') this.grantPages.newer();
    else if (shown.state === 'ok' && shown.value.next !== null) this.grantPages.older(shown.value.next);
    else return;
    this.grants = await this.grantsPage();
    this.notify();
  }

  /**
   * The page of deliveries shown, read again: the first by offset 0, a later one before the page above's last grant
   * id; each counts the grants owed (up to 10,000) as it is read, so "of N" moves with a grant issued while a later
   * page is shown (it kept the count the first page last read).
   */
  private async grantsPage(): Promise<Loaded<OwedPage>> {
    const page = await this.signedGet<{ total: number; totalCapped?: boolean; grants: OwedGrant[]; next: number | null }>(`/v1/provider/grants?${this.grantPages.query()}`);
    if (page.state !== 'ok') return page;
    const { total, totalCapped, grants, next } = page.value;
    // A page never counts fewer than the rows above it and its own (past 10,000 the count stops there).
    const counted = Math.max(total, this.grantPages.from + grants.length);
    return { state: 'ok', value: { total: counted, ...(totalCapped === true ? { totalCapped } : {}), grants, next } };
  }

  /** One of its listings whole (every version's metadata), for the listing form's new version. */
  listing(id: number): Promise<Loaded<OwnListing & { versions: VersionText[]; pending?: { version: VersionText } }>> {
    return this.signedGet(`/v1/provider/listings/${id}`);
  }

  async declareCapacity(seriesId: number, capacity: number): Promise<void> {
    await this.account.act(`declare capacity ${capacity}`, async () => ({ ack: await this.account.client.declareCapacity(seriesId, capacity), text: `capacity ${capacity} declared` }));
  }

  async mint(seriesId: number, qty: number): Promise<void> {
    await this.account.act(`mint ${qty}`, async () => ({ ack: await this.account.client.mint(seriesId, qty), text: `${qty} right(s) minted` }));
  }

  async sell(seriesId: number, priceMicros: number, qty: number, timeInForce: patx.v1.TimeInForce): Promise<void> {
    await this.account.act(`sell ${qty}`, async () => {
      const ack = await this.account.client.newOrder({ seriesId, clientOrderId: this.nextClientOrderId++, side: wire.Side.SELL, orderType: wire.OrderType.LIMIT, timeInForce, priceMicros, qty });
      for (const r of ack.reports ?? []) if (Number(r.orderId ?? 0) > 0) this.sells.add(Number(r.orderId));
      this.account.noteReports(ack.reports ?? []);
      const sold = (ack.reports ?? []).filter((r) => r.execType === wire.ExecType.EXEC_TRADE).reduce((n, r) => n + Number(r.lastQty), 0);
      const last = (ack.reports ?? []).at(-1);
      const resting = last !== undefined && Number(last.leavesQty ?? 0) > 0 && (last.ordStatus === wire.OrdStatus.ORDER_NEW || last.ordStatus === wire.OrdStatus.ORDER_PARTIALLY_FILLED);
      return { ack, text: `sold ${sold} of ${qty}${resting ? '; the rest rests in the book' : ''}` };
    });
    void this.load();
  }

  subscribe(listener: () => void): () => void {
    return this.account.subscribe(listener);
  }

  async signOut(): Promise<void> {
    await this.account.signOut();
  }

  private notify(): void {
    // AccountSession notifies on refresh; a refresh re-renders the page with what was loaded.
    void this.account.refresh();
  }

  private signedGet<T>(pathAndQuery: string): Promise<Loaded<T>> {
    return this.account.signedRequest<T>('GET', pathAndQuery);
  }
}
