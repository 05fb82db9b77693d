/** Organisations, the service's side (docs/organisations.md; the engine's is src/engine/products/organisations.ts). */
export { organisationRoutes, organisationView, type OrganisationRouteOptions } from './routes.js';
export { ORGANISATION_OPERATIONS, createOrganisationBody, memberBody, fundsBody } from './operations.js';
