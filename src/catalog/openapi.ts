/**
 * The OpenAPI 3.1 description of the catalog's HTTP routes, served at
 * /openapi.json. Kept beside the routes (src/catalog/routes.ts); a test checks
 * that every route it names answers and that the document is valid OpenAPI.
 */
import { CADENCES, COLUMN_TYPES, LEGAL_BASES, LISTING_STATUSES, MATERIAL_FIELDS, PERMITTED_USES, SAMPLE_FORMATS } from './listing.js';

const error = { $ref: '#/components/schemas/Error' } as const;
const errors = {
  '400': { description: 'malformed request (nothing stored)', content: { 'application/json': { schema: error } } },
  '404': { description: 'no such listing', content: { 'application/json': { schema: error } } },
  '507': { description: 'DISK_LOW: the disk under the exchange\'s data dir is low; nothing stored, retry later', content: { 'application/json': { schema: error } } },
} as const;
const walletHeaders = [
  { name: 'x-patx-address', in: 'header', required: true, schema: { type: 'string' }, description: 'the signing wallet (docs/protocol.md, "HTTP signatures")' },
  { name: 'x-patx-time', in: 'header', required: true, schema: { type: 'string' } },
  { name: 'x-patx-signature', in: 'header', required: true, schema: { type: 'string' } },
] as const;
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } } as const;
const listingBody = { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ListingInput' } } } } as const;
const listingReply = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ListingFull' } } } });
const reasonBody = { required: true, content: { 'application/json': { schema: { type: 'object', required: ['reason'], properties: { reason: { type: 'string', minLength: 1, maxLength: 2000 } } } } } } as const;

const quality = {
  type: 'object',
  properties: {
    completeness: { type: 'number', minimum: 0, maximum: 1 },
    validity: { type: 'number', minimum: 0, maximum: 1 },
    uniqueness: { type: 'number', minimum: 0, maximum: 1 },
    timeliness: { type: ['number', 'null'], minimum: 0, maximum: 1 },
    consistency: { type: 'number', minimum: 0, maximum: 1 },
    accuracy: { type: ['number', 'null'], description: 'null: unverified (no reference sample)' },
    rows: { type: 'integer' },
    columns: { type: 'integer' },
  },
} as const;

export const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'PATX catalog',
    version: '1',
    description: 'Listings of the data behind PATX contracts: metadata, samples, measured quality and trust scores. The exchange holds metadata and samples, never the raw data.',
  },
  servers: [{ url: '/' }],
  paths: {
    '/v1/listings': {
      get: {
        summary: 'Search published listings',
        parameters: [
          { name: 'q', in: 'query', schema: { type: 'string', maxLength: 200 }, description: 'text in the title, description or segment' },
          { name: 'segment', in: 'query', schema: { type: 'string' } },
          { name: 'window', in: 'query', schema: { type: 'string', pattern: '^[1-9][0-9]{0,3}[hDW]$' }, description: 'listings whose segment has a live contract of this window, e.g. 7D' },
          { name: 'band', in: 'query', schema: { type: 'string' }, description: 'listings whose segment has a live contract of this confidence band, e.g. 0.70-0.85' },
          { name: 'provider', in: 'query', schema: { type: 'integer' } },
          { name: 'use', in: 'query', schema: { type: 'string', enum: PERMITTED_USES }, description: 'a permitted use the licence must grant' },
          { name: 'min_trust', in: 'query', schema: { type: 'number', minimum: 0, maximum: 1 } },
          ...['completeness', 'validity', 'uniqueness', 'timeliness', 'consistency', 'accuracy'].map((m) => ({ name: `min_${m}`, in: 'query', schema: { type: 'number', minimum: 0, maximum: 1 } })),
          { name: 'sort', in: 'query', schema: { type: 'string', enum: ['trust', 'updated', 'title'], default: 'trust' } },
          { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
        ],
        responses: {
          '200': { description: 'a page of matches', content: { 'application/json': { schema: { type: 'object', properties: { total: { type: 'integer' }, listings: { type: 'array', items: { $ref: '#/components/schemas/ListingSummary' } } } } } } },
          '400': errors['400'],
        },
      },
    },
    '/v1/listings/{id}': {
      get: {
        summary: 'One published listing with its schema and sample preview (first rows, column stats)',
        parameters: [idParam],
        responses: { '200': { description: 'the listing', content: { 'application/json': { schema: { $ref: '#/components/schemas/ListingDetail' } } } }, '404': errors['404'] },
      },
    },
    '/v1/listings/{id}/disclosures': {
      get: {
        summary: 'Provenance, licence, lineage and version history',
        parameters: [idParam],
        responses: { '200': { description: 'the disclosures', content: { 'application/json': { schema: { type: 'object' } } } }, '404': errors['404'] },
      },
    },
    '/v1/scores': {
      get: {
        summary: 'Trust score of every published listing, with its components',
        responses: { '200': { description: 'scores', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/TrustScore' } } } } } },
      },
    },
    '/v1/provider/listings': {
      get: { summary: "The provider's own listings (any status)", parameters: walletHeaders, responses: { '200': { description: 'listings' } } },
      post: { summary: 'Create a listing (draft) with its first version and sample', parameters: walletHeaders, requestBody: listingBody, responses: { '201': listingReply('created'), '400': errors['400'], '413': { description: 'sample too large' }, '507': errors['507'] } },
    },
    '/v1/provider/listings/{id}': {
      get: { summary: 'One of the provider\'s listings, every version', parameters: [idParam, ...walletHeaders], responses: { '200': listingReply('the listing'), '403': { description: 'not the owner' }, '404': errors['404'] } },
      put: { summary: 'A new version (a published listing stays published; a change to its delivery endpoint, schema, licence or provenance awaits the operator as `pendingReview` while the live version stays)', parameters: [idParam, ...walletHeaders], requestBody: listingBody, responses: { '200': listingReply('updated'), '400': errors['400'], '403': { description: 'not the owner' }, '409': { description: 'taken down' }, '507': errors['507'] } },
    },
    '/v1/provider/listings/{id}/submit': {
      post: { summary: 'Submit for the operator\'s review', parameters: [idParam, ...walletHeaders], responses: { '200': listingReply('submitted'), '409': { description: 'not in draft, rejected or unpublished' } } },
    },
    '/v1/provider/listings/{id}/unpublish': {
      post: { summary: 'Withdraw a listing', parameters: [idParam, ...walletHeaders], responses: { '200': listingReply('unpublished'), '409': { description: 'not published or submitted' } } },
    },
    '/v1/ratings/{id}': {
      post: {
        summary: 'Rate a listing: consumers whose exercised rights were granted under it; one rating per listing (rating again replaces it), weighted by the rights received',
        parameters: [idParam, ...walletHeaders],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['stars'], properties: { stars: { type: 'integer', minimum: 1, maximum: 5 }, review: { type: 'string', maxLength: 2000 } } } } } },
        responses: { '201': { description: 'rated (or the rating replaced)' }, '403': { description: 'not a consumer, or received no data from this listing' }, '409': { description: 'not published, or the rating was hidden by the operator' } },
      },
    },
    '/v1/purchases': {
      get: {
        summary: "The consumer's purchases, newest first: each right bought, with the listing versions of its segment live at that moment",
        parameters: [
          { name: 'series', in: 'query', schema: { type: 'integer', minimum: 1 }, description: 'one series only' },
          { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
          ...walletHeaders,
        ],
        responses: {
          '200': { description: 'a page of purchases', content: { 'application/json': { schema: { type: 'object', properties: { total: { type: 'integer' }, purchases: { type: 'array', items: { $ref: '#/components/schemas/Purchase' } } } } } } },
          '400': errors['400'],
        },
      },
    },
    '/operator/listings': { get: { summary: 'Every listing, any status', security: [{ operator: [] }], responses: { '200': { description: 'listings' } } } },
    '/operator/listings/{id}/publish': { post: { summary: 'Approve a submitted listing', security: [{ operator: [] }], parameters: [idParam], responses: { '200': listingReply('published'), '409': { description: 'not submitted' } } } },
    '/operator/listings/{id}/reject': { post: { summary: 'Reject a submitted listing, with a reason', security: [{ operator: [] }], parameters: [idParam], requestBody: reasonBody, responses: { '200': listingReply('rejected') } } },
    '/operator/listings/{id}/approve-version': { post: { summary: "Make a published listing's pending version (a material change) live", security: [{ operator: [] }], parameters: [idParam], responses: { '200': listingReply('the version live'), '409': { description: 'no version awaits review' } } } },
    '/operator/listings/{id}/reject-version': { post: { summary: "Refuse a published listing's pending version, with a reason; the live version stays", security: [{ operator: [] }], parameters: [idParam], requestBody: reasonBody, responses: { '200': listingReply('the version refused'), '409': { description: 'no version awaits review' } } } },
    '/operator/listings/{id}/take-down': { post: { summary: 'Take a listing down, with a reason', security: [{ operator: [] }], parameters: [idParam], requestBody: reasonBody, responses: { '200': listingReply('taken down') } } },
    '/operator/listings/{id}/reference': {
      post: {
        summary: "Attach a reference sample (records known to be true, the listing's schema, matched by its key columns): accuracy is measured now and on every later version",
        security: [{ operator: [] }],
        parameters: [idParam],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['format', 'base64'], properties: { format: { type: 'string', enum: SAMPLE_FORMATS }, base64: { type: 'string' } } } } } },
        responses: { '200': listingReply('attached: the listing with `accuracy` {accuracy, coverage, matched, compared, referenceRows}'), '400': errors['400'], '413': { description: 'reference too large' } },
      },
    },
    '/operator/catalog/audit': {
      get: {
        summary: 'Who moved which listing where, and why',
        security: [{ operator: [] }],
        parameters: [
          { name: 'from', in: 'query', schema: { type: 'integer', minimum: 1 } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
          { name: 'listing', in: 'query', schema: { type: 'integer', minimum: 1 } },
        ],
        responses: { '200': { description: 'audit entries' } },
      },
    },
  },
  components: {
    securitySchemes: { operator: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Error: { type: 'object', required: ['error', 'message'], properties: { error: { type: 'string' }, message: { type: 'string' }, details: {} } },
      Quality: quality,
      ListingSummary: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          segment: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'string', enum: LISTING_STATUSES },
          providerAccountId: { type: 'integer' },
          version: { type: 'integer' },
          cadence: { type: 'string', enum: CADENCES },
          permittedUses: { type: 'array', items: { type: 'string', enum: PERMITTED_USES } },
          quality: { $ref: '#/components/schemas/Quality' },
          trust: { type: 'number' },
          updatedAtMs: { type: 'integer' },
          verifiedProvider: { type: 'boolean', description: 'the operator verified the provider\'s identity (KYC); nothing else of it is public' },
        },
      },
      ListingDetail: { allOf: [{ $ref: '#/components/schemas/ListingSummary' }, { type: 'object', properties: { description: { type: 'string' }, schema: { type: 'object' }, sample: { type: 'object' }, preview: { type: 'object' }, score: { $ref: '#/components/schemas/TrustScore' }, reviews: { type: 'array', description: 'visible ratings, newest first', items: { type: 'object', properties: { version: { type: 'integer' }, stars: { type: 'integer' }, review: { type: 'string' }, atMs: { type: 'integer' } } } } } }] },
      ListingFull: { allOf: [{ $ref: '#/components/schemas/ListingSummary' }, { type: 'object', properties: { reason: { type: 'string' }, versions: { type: 'array', items: { type: 'object' } }, ratings: { type: 'array', items: { type: 'object' } }, score: { $ref: '#/components/schemas/TrustScore' }, pendingReview: { type: 'object', description: 'a version awaiting the operator (a material change): its number, when it was submitted, the fields it changes', properties: { version: { type: 'integer' }, submittedAtMs: { type: 'integer' }, changes: { type: 'array', items: { type: 'string', enum: [...MATERIAL_FIELDS] } } } }, pending: { type: 'object', description: 'the pending version whole' }, rejectedVersion: { type: 'object', description: "the operator's last refusal of a pending version", properties: { version: { type: 'integer' }, reason: { type: 'string' }, atMs: { type: 'integer' } } } } }] },
      Purchase: {
        type: 'object',
        properties: {
          tradeId: { type: 'integer' },
          seq: { type: 'integer', description: 'journal seq of the fill' },
          atMs: { type: 'integer' },
          consumerAccountId: { type: 'integer' },
          seriesId: { type: 'integer' },
          contract: { type: 'string' },
          qty: { type: 'integer' },
          priceMicros: { type: 'integer' },
          listings: {
            type: 'array',
            items: { type: 'object', properties: { listingId: { type: 'integer' }, version: { type: 'integer' }, title: { type: 'string' }, licence: { type: 'object' }, cadence: { type: 'string' }, deliveryEndpoint: { type: 'string' }, lineage: { type: 'object' } } },
          },
        },
      },
      TrustScore: {
        type: 'object',
        properties: {
          listingId: { type: 'integer' },
          segment: { type: 'string' },
          trust: { type: 'number' },
          quality: { type: 'number' },
          rating: { type: 'number' },
          ratings: { type: 'integer' },
          reliability: { type: 'number' },
          disclosure: { type: 'number' },
        },
      },
      ListingInput: {
        type: 'object',
        required: ['segment', 'title', 'description', 'schema', 'provenance', 'licence', 'cadence', 'deliveryEndpoint', 'sample'],
        additionalProperties: false,
        properties: {
          segment: { type: 'string', pattern: '^[A-Z][A-Z0-9_]{0,47}$' },
          title: { type: 'string', minLength: 1, maxLength: 200 },
          description: { type: 'string', maxLength: 10000 },
          schema: {
            type: 'object',
            required: ['columns'],
            properties: {
              columns: { type: 'array', minItems: 1, maxItems: 1000, items: { type: 'object', required: ['name', 'type'], properties: { name: { type: 'string' }, type: { type: 'string', enum: COLUMN_TYPES }, nullable: { type: 'boolean' }, unit: { type: 'string' }, description: { type: 'string' } } } },
              timestampColumn: { type: 'string' },
              keyColumns: { type: 'array', items: { type: 'string' } },
            },
          },
          provenance: { type: 'object', required: ['source', 'collectionMethod', 'legalBasis', 'personalData'], properties: { source: { type: 'string' }, collectionMethod: { type: 'string' }, legalBasis: { type: 'string', enum: LEGAL_BASES }, personalData: { type: 'boolean' }, sensitiveCategories: { type: 'array', items: { type: 'string' } } } },
          licence: { type: 'object', required: ['permittedUses', 'retentionDays', 'redistribution'], properties: { permittedUses: { type: 'array', items: { type: 'string', enum: PERMITTED_USES } }, retentionDays: { type: 'integer', minimum: 0, maximum: 3650 }, redistribution: { type: 'boolean' } } },
          cadence: { type: 'string', enum: CADENCES },
          deliveryEndpoint: { type: 'string', format: 'uri', description: 'https (any host), or http only to localhost, 127.0.0.0/8 or [::1]; no userinfo' },
          changeLog: { type: 'string', maxLength: 2000 },
          sample: { type: 'object', required: ['format', 'base64'], properties: { format: { type: 'string', enum: SAMPLE_FORMATS }, base64: { type: 'string' } } },
        },
      },
    },
  },
} as const;
