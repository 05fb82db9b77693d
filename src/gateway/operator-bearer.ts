/**
 * An operator's credential as HTTP carries it (`Authorization: Bearer <token>`), and the 401
 * refusal's body when it is missing or not an operator's: the gateway's HTTP API and a
 * replicated standby's port (src/replication/standby-server.ts) read and refuse it alike.
 */

/** The token of `Authorization: Bearer <token>`; undefined for any other header, or none. */
export function bearerToken(authorization: string): string | undefined {
  return /^Bearer (.+)$/.exec(authorization)?.[1];
}

/** The 401 body for a request that needed an operator's token and did not carry one that is known. */
export function operatorTokenRefused(authorization: string): { error: 'AUTH_FAILED'; message: string } {
  const why = authorization === '' ? 'none was given' : 'the one given is unknown or revoked';
  return { error: 'AUTH_FAILED', message: `this route needs Authorization: Bearer <operator token>; ${why}` };
}
