/** Organisations, the service's side (docs/organisations.md; the engine's is src/engine/products/organisations.ts). */
export { organisationRoutes, type OrganisationRouteOptions } from './routes.js';
export { organisationView } from './organisation-view.js';
export { INVITATION_OPERATIONS, invitationBody } from './invitation-operations.js';
export { ORGANISATION_OPERATIONS, createOrganisationBody, memberBody, fundsBody } from './operations.js';
