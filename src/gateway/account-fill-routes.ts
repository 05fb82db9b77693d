/**
 * An account's own fills and cash settlements over HTTP, wallet-signed (docs/protocol.md, "HTTP"):
 *
 *   GET /v1/fills[?seriesId=N][&limit=100][&before=TRADE_ID][&organisation=true]
 *   GET /v1/settlements[?seriesId=N][&limit=100][&before=SEQ][&organisation=true]
 *   GET /v1/margin-events[?seriesId=N][&limit=100][&before=SEQ][&organisation=true]
 *
 *   GET /v1/forward-deliveries[?seriesId=N][&limit=100][&before=SEQ][&organisation=true]
 *
 *   GET /v1/transfers[?limit=100][&before=SEQ][&organisation=true]
 *
 * `organisation=true`: the signer's organisation's (any member reads them, as its purchases and grants).
 *
 * 200 `{ fills: [...], next }`, `{ settlements: [...], next }` and `{ marginEvents: [...], next }`, newest first, `next` the `before`
 * of the following page (null on the last). Read from account-fills.ts, which a fill or a close
 * reaches when its turn is released (never ahead of the journal).
 */
import { z } from 'zod';
import { enumName, SeriesKind, Side } from '../engine/index.js';
import { field, pageReadCost, type HttpReply, type HttpRequestInfo, type MountedRoute, type Operation } from '../http-registry/index.js';
import { MAX_ACCOUNT_ROWS_PER_READ, MAX_FILLS_SCANNED, type AccountFills, type AccountFillRecord, type CashSettlementRecord, type MarginEventRecord } from './account-fills.js';

const DEFAULT_LIMIT = 100;

/** A series as these views name it: its contract and kind (undefined: never listed). */
export type SeriesNaming = (seriesId: number) => { contract: string; kind: SeriesKind } | undefined;

const page = (before: string) =>
  z.object({
    seriesId: field.id('one series only').optional(),
    limit: field.int(1, MAX_ACCOUNT_ROWS_PER_READ, 'at most this many', DEFAULT_LIMIT).optional(),
    before: field.id(before).optional(),
    organisation: field.oneOf(['true', 'false'], "true: the signer's organisation's, not its own (any member)").optional(),
  });

/** What a page of these rows takes of the account's read budget: by the rows it may hold, and the rows a series filter may look past. */
const rowsReadCost = pageReadCost(DEFAULT_LIMIT, ['seriesId'], MAX_FILLS_SCANNED);

export const ACCOUNT_FILL_OPERATIONS = {
  fills: {
    method: 'GET',
    path: '/v1/fills',
    operationId: 'listFills',
    summary: "The account's own fills, newest first, paged by trade id: buys and sales of every kind, with the fee it paid and whether its order made or took",
    description: 'Derived from the journal. `side` is the account\'s own; `liquidity` MAKER when its order rested and was taken; `leavesQty` what its order still had open after the fill. `next` is the `before` of the following page, null on the last; a read looks at no more than 20,000 of the account\'s fills, so with `seriesId` a page may hold fewer than `limit` with `next` set: read on.',
    tags: ['account'],
    security: 'wallet',
    readCost: rowsReadCost,
    query: page("fills before this trade id (the previous page's next)"),
    responses: { 200: { description: '{fills: [{tradeId, seq, timeMs, seriesId, contract, kind, side, priceMicros, qty, notionalMicros, feeMicros, liquidity, orderId, clientOrderId, leavesQty}], next}' } },
    errors: { 400: 'INVALID_FIELD', 404: 'UNKNOWN_SERIES: never listed; NOT_IN_ORGANISATION (organisation=true)' },
  },
  settlements: {
    method: 'GET',
    path: '/v1/settlements',
    operationId: 'listSettlements',
    summary: "The account's cash settlements of synthetics and options at their close, newest first, paged by seq",
    description: 'One row per position settled: the position and its cost (a synthetic\'s) or the premium it paid net over its fills (an option\'s), the index, what a unit was worth, the PAT moved, any shortfall or haircut, and pnlMicros = positionQty × valueMicros − costMicros − premiumMicros (before fees). A page ends at a whole close (a window\'s synthetic and options settle in one command), so it may hold a few more than `limit`.',
    tags: ['account'],
    security: 'wallet',
    readCost: rowsReadCost,
    query: page("settlements before this seq (the previous page's next)"),
    responses: { 200: { description: '{settlements: [{seq, timeMs, seriesId, contract, kind, positionQty, costMicros, premiumMicros, indexMicros, valueMicros, payoutMicros, shortfallMicros, haircutMicros, pnlMicros}], next}' } },
    errors: { 400: 'INVALID_FIELD', 404: 'UNKNOWN_SERIES: never listed; NOT_IN_ORGANISATION (organisation=true)' },
  },
  marginEvents: {
    method: 'GET',
    path: '/v1/margin-events',
    operationId: 'listMarginEvents',
    summary: "The account's margin top-ups and liquidations at marks, newest first, paged by seq",
    description: "One row per synthetic or written option position a mark touched: `TOP_UP`, free PAT moved into the position's lock (`topUpMicros`; engine rules 12); `LIQUIDATION`, the position taken over by the broker at the mark (`penaltyMicros` paid to the broker, `owedMicros` the loss owed at settlement, for an option writer what it could not pay). `lockedMicros` is the position's lock after it. A top-up comes before the liquidation of the same position in the same mark. A page ends at a whole mark, so it may hold a few more than `limit`.",
    tags: ['account'],
    security: 'wallet',
    readCost: rowsReadCost,
    query: page("margin events before this seq (the previous page's next)"),
    responses: { 200: { description: '{marginEvents: [{event, seq, timeMs, seriesId, contract, kind, positionQty, markMicros, topUpMicros, penaltyMicros, owedMicros, lockedMicros}], next}' } },
    errors: { 400: 'INVALID_FIELD', 404: 'UNKNOWN_SERIES: never listed; NOT_IN_ORGANISATION (organisation=true)' },
  },
  forwardDeliveries: {
    method: 'GET',
    path: '/v1/forward-deliveries',
    operationId: 'listForwardDeliveries',
    summary: "The account's forward positions delivered at their window's open, newest first, paged by seq: rights delivered, the shortfall, and the PAT each side got or gave for it",
    description: 'Derived from the journal (FORWARD_DELIVERED, docs/forwards.md), one row per forward position at its window\'s open: `positionQty` (+ rights owed to the account, − rights it owed), `deliveredQty`, `shortfallQty`; a seller\'s `proceedsMicros` paid out and `collateralReturnedMicros` for what it delivered; for what was not delivered, `refundMicros` (the forward price: + refunded to the buyer, − repaid by the seller) and `compensationMicros` (the seller\'s collateral: + received by the buyer, − forfeited). A page ends at a whole seq, so it may hold a few more than `limit`.',
    tags: ['account'],
    security: 'wallet',
    readCost: rowsReadCost,
    query: page("deliveries before this seq (the previous page's next)"),
    responses: { 200: { description: '{forwardDeliveries: [{seq, timeMs, seriesId, contract, kind, spotSeriesId, counterpartyId, positionQty, deliveredQty, shortfallQty, proceedsMicros, collateralReturnedMicros, refundMicros, compensationMicros}], next}' } },
    errors: { 400: 'INVALID_FIELD', 404: 'UNKNOWN_SERIES: never listed; NOT_IN_ORGANISATION (organisation=true)' },
  },
  transfers: {
    method: 'GET',
    path: '/v1/transfers',
    operationId: 'listTransfers',
    summary: "The account's deposits, withdrawals and organisation moves, newest first, paged by seq: each deposit's chain reference, each withdrawal pending or paid with its batch and transaction",
    description: 'Derived from the journal: a deposit as the exchange credited it (`ref`: `txHash:logIndex` of the vault\'s Deposited log, or an off-chain credit\'s name); a withdrawal from the moment it was asked (`pending`) to the batch that paid it (`paid`, `batchId`, `txHash`, `paidAtMs`); PAT moved between an organisation\'s account and a member\'s (`organisation-in`, `organisation-out`, on both accounts, `counterpartyAccountId` the other). Amounts in wei, as strings.',
    tags: ['account'],
    security: 'wallet',
    readCost: rowsReadCost,
    query: z.object({
      limit: field.int(1, MAX_ACCOUNT_ROWS_PER_READ, 'at most this many', DEFAULT_LIMIT).optional(),
      before: field.id("transfers before this seq (the previous page's next)").optional(),
      organisation: field.oneOf(['true', 'false'], "true: the signer's organisation's, not its own (any member)").optional(),
    }),
    responses: { 200: { description: '{transfers: [{kind, seq, timeMs, amountWei, ref?, withdrawalId?, state?, batchId?, txHash?, paidAtMs?, counterpartyAccountId?}], next}' } },
    errors: { 400: 'INVALID_FIELD', 404: 'NOT_IN_ORGANISATION (organisation=true)' },
  },
} as const satisfies Record<string, Operation>;

type Ledger = Pick<AccountFills, 'fillsOf' | 'settlementsOf' | 'marginEventsOf' | 'transfersOf' | 'forwardDeliveriesOf'>;

/** The account of the organisation a member's account belongs to (undefined: none). */
export type OrganisationAccountOf = (accountId: number) => number | undefined;

export function accountFillRoutes(ledger: () => Ledger, naming: SeriesNaming, organisationOf: OrganisationAccountOf): MountedRoute[] {
  const route = (operation: Operation, answer: (accountId: number, q: PageQuery) => HttpReply): MountedRoute => ({
    operations: [operation],
    handle: (req) => {
      const q = pageQuery(req);
      if (typeof q === 'string') return Promise.resolve(invalid(q));
      if (q.seriesId !== undefined && naming(q.seriesId) === undefined) return Promise.resolve({ status: 404, body: { error: 'UNKNOWN_SERIES', message: `no series ${q.seriesId}` } });
      const accountId = q.organisation ? organisationOf(req.accountId) : req.accountId;
      if (accountId === undefined) return Promise.resolve({ status: 404, body: { error: 'NOT_IN_ORGANISATION', message: 'this wallet belongs to no organisation' } });
      return Promise.resolve(answer(accountId, q));
    },
  });
  return [
    route(ACCOUNT_FILL_OPERATIONS.fills, (accountId, q) => {
      const page = ledger().fillsOf(accountId, q.limit, q.before, q.seriesId);
      return { status: 200, body: { fills: page.fills.map((f) => fillView(f, naming)), next: page.next } };
    }),
    route(ACCOUNT_FILL_OPERATIONS.transfers, (accountId, q) => {
      const page = ledger().transfersOf(accountId, q.limit, q.before);
      return { status: 200, body: { transfers: page.transfers, next: page.next } };
    }),
    route(ACCOUNT_FILL_OPERATIONS.settlements, (accountId, q) => {
      const page = ledger().settlementsOf(accountId, q.limit, q.before, q.seriesId);
      return { status: 200, body: { settlements: page.settlements.map((s) => settlementView(s, naming)), next: page.next } };
    }),
    route(ACCOUNT_FILL_OPERATIONS.forwardDeliveries, (accountId, q) => {
      const page = ledger().forwardDeliveriesOf(accountId, q.limit, q.before, q.seriesId);
      return { status: 200, body: { forwardDeliveries: page.forwardDeliveries.map((d) => ({ ...d, ...named(d.seriesId, naming) })), next: page.next } };
    }),
    route(ACCOUNT_FILL_OPERATIONS.marginEvents, (accountId, q) => {
      const page = ledger().marginEventsOf(accountId, q.limit, q.before, q.seriesId);
      return { status: 200, body: { marginEvents: page.marginEvents.map((m) => marginEventView(m, naming)), next: page.next } };
    }),
  ];
}

function fillView(f: AccountFillRecord, naming: SeriesNaming): object {
  return {
    tradeId: f.tradeId,
    seq: f.seq,
    timeMs: f.timeMs,
    seriesId: f.seriesId,
    ...named(f.seriesId, naming),
    side: f.side === Side.BUY ? 'BUY' : 'SELL',
    priceMicros: f.priceMicros,
    qty: f.qty,
    notionalMicros: f.priceMicros * f.qty,
    feeMicros: f.feeMicros,
    liquidity: f.maker ? 'MAKER' : 'TAKER',
    orderId: f.orderId,
    clientOrderId: f.clientOrderId,
    leavesQty: f.leavesQty,
  };
}

function settlementView(s: CashSettlementRecord, naming: SeriesNaming): object {
  return { ...s, ...named(s.seriesId, naming), pnlMicros: s.positionQty * s.valueMicros - s.costMicros - s.premiumMicros };
}

function marginEventView(m: MarginEventRecord, naming: SeriesNaming): object {
  return { ...m, ...named(m.seriesId, naming) };
}

function named(seriesId: number, naming: SeriesNaming): { contract: string; kind: string } {
  const n = naming(seriesId);
  return { contract: n?.contract ?? '', kind: n === undefined ? 'UNKNOWN' : enumName(SeriesKind, n.kind) };
}

interface PageQuery {
  seriesId: number | undefined;
  limit: number;
  before: number | undefined;
  organisation: boolean;
}

/** The query, or what is wrong with it (the registry checked it against the row's schema; this reads it). */
function pageQuery(req: HttpRequestInfo): PageQuery | string {
  const read = (name: string): number | undefined | null => {
    const text = req.query.get(name);
    if (text === null) return undefined;
    return /^\d{1,15}$/.test(text) && Number(text) > 0 ? Number(text) : null;
  };
  const seriesId = read('seriesId');
  const limit = read('limit');
  const before = read('before');
  if (seriesId === null) return 'seriesId: a positive integer, one series';
  if (limit === null || (limit !== undefined && limit > MAX_ACCOUNT_ROWS_PER_READ)) return `limit: an integer in [1, ${MAX_ACCOUNT_ROWS_PER_READ}]`;
  if (before === null) return "before: a positive integer (the previous page's next)";
  const organisation = req.query.get('organisation');
  if (organisation !== null && organisation !== 'true' && organisation !== 'false') return 'organisation: true or false';
  return { seriesId, limit: limit ?? DEFAULT_LIMIT, before, organisation: organisation === 'true' };
}

function invalid(message: string): HttpReply {
  return { status: 400, body: { error: 'INVALID_FIELD', message } };
}
