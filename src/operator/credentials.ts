/**
 * Operators are named people, each with a credential of their own and an engine
 * account of their own (so the journal, and the audit trail derived from it, says
 * who acted). Kept in <dataDir>/operators.json (mode 600): the name, the account, the
 * SHA-256 of the token (the token itself is shown once, at creation), when it was
 * created and when revoked. Revoked operators stay listed: the audit trail still
 * names them. A revocation takes effect at the next request, without a restart.
 *
 * The bootstrap credential (PATX_OPERATOR_TOKEN, or <dataDir>/operator-token) is the
 * operator named "admin", on the operator account opened at first start.
 *
 * Each operator holds roles (docs/security.md, "Operator roles"): `admin` manages
 * operators, `moderator` the catalog, `risk` parameters, kill switches, MMP and halts;
 * `viewer` only reads (what every operator may). The bootstrap operator holds the first three. A record written before roles existed has
 * none stored and holds `moderator` and `risk` (what it could do before, except
 * managing operators, which was open to every operator and is now the admin's).
 * A revocation is told to listeners at once (the gateway closes the operator's sessions).
 *
 * In a replicated group the leader tells a hook every new list of records
 * (`replicateTo`); a standby takes them with `applyReplicated` (docs/replication.md).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const BOOTSTRAP_OPERATOR = 'admin';
export const OPERATORS_FILE = 'operators.json';

/**
 * What an operator may do: admin (operators), moderator (the catalog), risk (parameters, kill
 * switches, MMP, halts); viewer changes nothing (every operator reads: a metrics scraper's role).
 */
export const OPERATOR_ROLES = ['admin', 'moderator', 'risk', 'viewer'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];
export const operatorRoleSchema = z.enum(OPERATOR_ROLES);
/** The bootstrap operator's roles: every one that changes something. */
export const BOOTSTRAP_ROLES: readonly OperatorRole[] = ['admin', 'moderator', 'risk'];
/** The roles of an operator whose record predates roles. */
export const LEGACY_ROLES: readonly OperatorRole[] = ['moderator', 'risk'];

const operatorRecordSchema = z
  .object({
    name: z.string(),
    accountId: z.number().int().positive(),
    tokenSha256: z.string().regex(/^[0-9a-f]{64}$/),
    createdAtMs: z.number().int().nonnegative(),
    revokedAtMs: z.number().int().nonnegative().optional(),
    /** The operator who created it, who revoked it (absent in a file from before they were kept). */
    createdBy: z.string().optional(),
    revokedBy: z.string().optional(),
    /** Absent in a file from before roles: LEGACY_ROLES. */
    roles: z.array(operatorRoleSchema).min(1).optional(),
  })
  .strict();
export type OperatorRecord = z.infer<typeof operatorRecordSchema>;

/** Names: letters, digits, dot, dash, underscore; 1-64 characters. */
export const operatorNameSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'an operator name: 1-64 letters, digits, ".", "-" or "_"');

export class OperatorCredentialError extends Error {
  override readonly name = 'OperatorCredentialError';
  constructor(
    readonly code: 'OPERATOR_EXISTS' | 'UNKNOWN_OPERATOR' | 'ALREADY_REVOKED' | 'BOOTSTRAP_OPERATOR' | 'NO_ROLES',
    message: string,
  ) {
    super(message);
  }
}

export interface Operator {
  name: string;
  accountId: number;
  roles: readonly OperatorRole[];
}

function rolesOfRecord(r: OperatorRecord): readonly OperatorRole[] {
  return r.roles ?? LEGACY_ROLES;
}

function sha256(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Where a leader's credentials go (the catalog shipper), and when they are safely elsewhere. */
export interface OperatorReplication {
  /** Called right after every change is saved here, with the whole list (it is small). */
  changed(records: readonly OperatorRecord[]): void;
  /** Resolves once every change told so far is held by the replicated stream. */
  replicated(): Promise<void>;
}

export class OperatorCredentials {
  private records: OperatorRecord[];
  private replication: OperatorReplication | undefined;
  private readonly revokedListeners: Array<(operator: Operator) => void> = [];

  private constructor(
    private readonly file: string,
    private readonly bootstrapToken: string,
    /** The bootstrap operator's engine account (resolved when asked: it is opened at first start). */
    private readonly bootstrapAccount: () => number | undefined,
  ) {
    this.records = existsSync(file) ? z.array(operatorRecordSchema).parse(JSON.parse(readFileSync(file, 'utf8'))) : [];
  }

  static open(dataDir: string, bootstrapToken: string, bootstrapAccount: () => number | undefined): OperatorCredentials {
    return new OperatorCredentials(join(dataDir, OPERATORS_FILE), bootstrapToken, bootstrapAccount);
  }

  /** From now on every change is also told to `replication` (the leader of a replicated group). */
  replicateTo(replication: OperatorReplication): void {
    this.replication = replication;
  }

  /** Resolves once the changes made so far are replicated; at once without replication. */
  replicated(): Promise<void> {
    return this.replication?.replicated() ?? Promise.resolve();
  }

  /** Every named operator's record (token hashes included): what the first leader on an empty catalog stream ships. */
  allRecords(): readonly OperatorRecord[] {
    return this.records;
  }

  /** The leader's list of operators, taken from the stream (a standby): replaces this node's; operators revoked by it are told to listeners. */
  applyReplicated(records: unknown): void {
    const before = this.records;
    const next = z.array(operatorRecordSchema).parse(records);
    this.write(next);
    for (const r of next) {
      if (r.revokedAtMs !== undefined && before.some((b) => b.name === r.name && b.revokedAtMs === undefined)) this.tellRevoked(r);
    }
  }

  /** `listener` hears every operator revoked from now on, as soon as the revocation is stored. */
  onRevoked(listener: (operator: Operator) => void): void {
    this.revokedListeners.push(listener);
  }

  /** The roles of an operator by name: none for an unknown or revoked one. */
  rolesOf(name: string): readonly OperatorRole[] {
    if (name === BOOTSTRAP_OPERATOR) return this.bootstrapToken === '' ? [] : BOOTSTRAP_ROLES;
    const r = this.records.find((x) => x.name === name);
    return r === undefined || r.revokedAtMs !== undefined ? [] : rolesOfRecord(r);
  }

  /** The operator a bearer token belongs to, or undefined (unknown or revoked). Constant-time per comparison. */
  authenticate(token: string): Operator | undefined {
    const given = sha256(token);
    if (this.bootstrapToken !== '' && timingSafeEqual(given, sha256(this.bootstrapToken))) {
      const accountId = this.bootstrapAccount();
      return accountId === undefined ? undefined : { name: BOOTSTRAP_OPERATOR, accountId, roles: BOOTSTRAP_ROLES };
    }
    for (const r of this.records) {
      if (r.revokedAtMs === undefined && timingSafeEqual(given, Buffer.from(r.tokenSha256, 'hex'))) return { name: r.name, accountId: r.accountId, roles: rolesOfRecord(r) };
    }
    return undefined;
  }

  /** Adds an operator with its roles on its (already opened) engine account; returns the token, which is not stored. */
  add(name: string, accountId: number, nowMs: number, roles: readonly OperatorRole[], by?: string): string {
    operatorNameSchema.parse(name);
    if (roles.length === 0) throw new OperatorCredentialError('NO_ROLES', 'an operator holds at least one role: admin, moderator, risk or viewer');
    if (name === BOOTSTRAP_OPERATOR) throw new OperatorCredentialError('BOOTSTRAP_OPERATOR', `"${BOOTSTRAP_OPERATOR}" is the bootstrap operator (PATX_OPERATOR_TOKEN)`);
    if (this.records.some((r) => r.name === name)) throw new OperatorCredentialError('OPERATOR_EXISTS', `an operator named ${name} exists (names are never reused, so the audit trail stays unambiguous)`);
    // 192 random bits, 32 base64url characters: past the 128-bit floor (token-strength.ts).
    const token = randomBytes(24).toString('base64url');
    const unique = OPERATOR_ROLES.filter((r) => roles.includes(r));
    this.save([...this.records, { name, accountId, tokenSha256: sha256(token).toString('hex'), createdAtMs: nowMs, roles: unique, ...(by === undefined ? {} : { createdBy: by }) }]);
    return token;
  }

  revoke(name: string, nowMs: number, by?: string): void {
    if (name === BOOTSTRAP_OPERATOR) throw new OperatorCredentialError('BOOTSTRAP_OPERATOR', 'the bootstrap operator is revoked by changing PATX_OPERATOR_TOKEN or data/operator-token and restarting');
    const record = this.records.find((r) => r.name === name);
    if (record === undefined) throw new OperatorCredentialError('UNKNOWN_OPERATOR', `no operator named ${name}`);
    if (record.revokedAtMs !== undefined) throw new OperatorCredentialError('ALREADY_REVOKED', `${name} was revoked at ${new Date(record.revokedAtMs).toISOString()}`);
    this.save(this.records.map((r) => (r.name === name ? { ...r, revokedAtMs: nowMs, ...(by === undefined ? {} : { revokedBy: by }) } : r)));
    this.tellRevoked(record);
  }

  /** Every operator ever added (without token hashes) with its roles, the bootstrap one first. */
  list(): Array<{ name: string; accountId: number | undefined; roles: readonly OperatorRole[]; createdAtMs?: number; revokedAtMs?: number; createdBy?: string; revokedBy?: string }> {
    return [
      { name: BOOTSTRAP_OPERATOR, accountId: this.bootstrapAccount(), roles: BOOTSTRAP_ROLES },
      ...this.records.map((r) => {
        const { tokenSha256: _hash, ...rest } = r;
        return { ...rest, roles: rolesOfRecord(r) };
      }),
    ];
  }

  private tellRevoked(r: OperatorRecord): void {
    const operator: Operator = { name: r.name, accountId: r.accountId, roles: rolesOfRecord(r) };
    for (const listener of this.revokedListeners) listener(operator);
  }

  /** The operator name of an engine account, for the audit trail (revoked operators too). */
  nameOf(accountId: number): string | undefined {
    if (accountId !== 0 && accountId === this.bootstrapAccount()) return BOOTSTRAP_OPERATOR;
    return this.records.find((r) => r.accountId === accountId)?.name;
  }

  private save(records: OperatorRecord[]): void {
    this.write(records);
    this.replication?.changed(records);
  }

  /** Writes atomically (a crash leaves the old file or the new one, never half of one). */
  private write(records: OperatorRecord[]): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(records, null, 2) + '\n', { mode: 0o600 });
    renameSync(tmp, this.file);
    this.records = records;
  }
}
