/**
 * The journal's bytes for every command kind that is a flat row of fields (command-codec.ts's formats): the kind
 * byte, then each field in the order its layout names it. One table read by both directions, so an encoder and
 * its decoder cannot disagree on a field's place or format, and a new kind is one line here (and an example in
 * test/engine/command-codec.test.ts, which round-trips every kind). The order path's kinds (orders, cancels,
 * amends, ladders) and the kinds with lists or optional fields stay written out in command-codec.ts: the first
 * are on the sequencer's hot path, where a loop over a table would cost every order.
 *
 * The table's bytes are the journal's format: an entry's order of fields never changes once a journal holds it.
 */
import { BinaryWriteError, type BinaryReader, type BinaryWriter } from './binary.js';
import { CommandKind, type Command } from '../core/commands.js';

/** `amountWei` is a uint256 on chain. */
export const AMOUNT_WEI_MAX_BYTES = 32;

/** How a field of one format is written and read: each format's bytes described once, for both directions. */
interface FieldCodec {
  write(out: BinaryWriter, value: unknown): void;
  read(r: BinaryReader): unknown;
}

/**
 * A field's bytes: a compact number (enums too), one byte (an enum that never passes 255), 0/1, u16-length UTF-8, or a
 * uint256. The values are cast, not checked: the table, typed per kind below, gives each format only fields of its type.
 */
const FORMATS = {
  number: { write: (out, v) => out.number(v as number), read: (r) => r.number() },
  u8: { write: (out, v) => out.u8(v as number), read: (r) => r.u8() },
  bool: { write: (out, v) => out.bool(v as boolean), read: (r) => r.bool() },
  string: { write: (out, v) => out.string(v as string), read: (r) => r.string() },
  wei: { write: (out, v) => out.bigUint(v as bigint, AMOUNT_WEI_MAX_BYTES), read: (r) => r.bigUint(AMOUNT_WEI_MAX_BYTES) },
} as const satisfies Record<string, FieldCodec>;

type FieldFormat = keyof typeof FORMATS;

/** The formats a field of type T may be written in: the table cannot write a string field as a number. */
type FormatOf<T> = T extends bigint ? 'wei' : T extends boolean ? 'bool' : T extends string ? 'string' : T extends number ? 'number' | 'u8' : never;

/** The command of one kind (distributed over Command: some commands declare a union of kinds, as the invitations' three). */
type CommandOf<K extends CommandKind, C extends Command = Command> = C extends Command ? (K extends C['kind'] ? C : never) : never;

/** One field of command C and its format. */
type Field<C> = { [F in Exclude<keyof C, 'kind'>]-?: readonly [F, FormatOf<C[F]>] }[Exclude<keyof C, 'kind'>];

/** The kinds written by command-codec.ts itself: the order path's, and those with lists or optional fields. */
type WrittenOut =
  | typeof CommandKind.NEW_ORDER
  | typeof CommandKind.CANCEL_ORDER
  | typeof CommandKind.AMEND_ORDER
  | typeof CommandKind.MASS_QUOTE
  | typeof CommandKind.MASS_CANCEL
  | typeof CommandKind.LIST_SERIES
  | typeof CommandKind.RECORD_SETTLEMENT
  | typeof CommandKind.SET_LISTING_TIERS
  | typeof CommandKind.SUBSCRIBE_TIER
  | typeof CommandKind.SUBSCRIBE_TIER_PUSH
  | typeof CommandKind.CANCEL_TIER_SUBSCRIPTION
  | typeof CommandKind.BUY_BUNDLE;

export type RowKind = Exclude<CommandKind, WrittenOut>;

const N = 'number';
const S = 'string';
const B = 'bool';

const GRANT_ONLY: readonly Field<CommandOf<typeof CommandKind.RELEASE_ESCROW>>[] = [['actor', N], ['grantId', N]];
const GRANT_AND_QTY: readonly Field<CommandOf<typeof CommandKind.CONFIRM_DELIVERY>>[] = [['actor', N], ['grantId', N], ['qty', N]];
const SERIES_AND_QTY: readonly Field<CommandOf<typeof CommandKind.MINT>>[] = [['actor', N], ['seriesId', N], ['qty', N]];
const SUBSCRIPTION_ONLY: readonly Field<CommandOf<typeof CommandKind.CANCEL_SUBSCRIPTION>>[] = [['actor', N], ['subscriptionId', N]];
const INVITATION_ONLY: readonly Field<CommandOf<typeof CommandKind.ACCEPT_ORGANISATION_INVITATION>>[] = [['actor', N], ['invitationId', N]];

/** Every row kind's fields after the kind byte, in the journal's order (commands.ts declares them in the same order). */
const ROWS: { readonly [K in RowKind]: readonly Field<CommandOf<K>>[] } = {
  [CommandKind.OPEN_ACCOUNT]: [['actor', N], ['role', N], ['address', S]],
  [CommandKind.SET_SERIES_STATUS]: [['actor', N], ['seriesId', N], ['status', N]],
  [CommandKind.EXPIRE_SERIES]: [['actor', N], ['seriesId', N], ['cutoffMs', N]],
  [CommandKind.EXPIRE_ORDERS]: [['actor', N], ['cutoffMs', N]],
  [CommandKind.CREDIT_DEPOSIT]: [['actor', N], ['accountId', N], ['amountWei', 'wei'], ['ref', S]],
  [CommandKind.REQUEST_WITHDRAWAL]: [['actor', N], ['amountWei', 'wei']],
  [CommandKind.COMPLETE_WITHDRAWAL]: [['actor', N], ['withdrawalId', N]],
  [CommandKind.DECLARE_CAPACITY]: [['actor', N], ['seriesId', N], ['capacity', N]],
  [CommandKind.MINT]: SERIES_AND_QTY,
  [CommandKind.EXERCISE]: SERIES_AND_QTY,
  [CommandKind.SET_REFERENCE_PRICE]: [['actor', N], ['seriesId', N], ['priceMicros', N]],
  [CommandKind.SET_PARAM]: [['actor', N], ['name', S], ['value', N]],
  [CommandKind.SET_KILL_SWITCH]: [['actor', N], ['scope', N], ['targetId', N], ['engaged', B]],
  [CommandKind.RESET_MMP]: [['actor', N], ['seriesId', N]],
  [CommandKind.ADOPT_RULES]: [['actor', N], ['version', N]],
  [CommandKind.NOTE_OPERATOR_ACTION]: [['actor', N], ['action', 'u8'], ['by', S], ['detail', S]],
  [CommandKind.SET_GOVERNANCE_PHASE]: [['actor', N], ['phase', N]],
  [CommandKind.SET_PROVIDER_LISTING]: [['actor', N], ['accountId', N], ['segment', S], ['listingId', N], ['listingVersion', N]],
  [CommandKind.SET_INSTITUTION]: [['actor', N], ['accountId', N], ['qualified', B]],
  [CommandKind.SET_PROVIDER_VERIFIED]: [['actor', N], ['accountId', N], ['verified', B]],
  [CommandKind.SET_PAYOUTS_FROZEN]: [['actor', N], ['accountId', N], ['frozen', B]],
  [CommandKind.DELIVER_FORWARDS]: [['actor', N], ['seriesId', N], ['cutoffMs', N], ['maxPositions', N]],
  [CommandKind.MARK_SYNTHETICS]: [['actor', N], ['seriesId', N]],
  [CommandKind.CONFIRM_DELIVERY]: GRANT_AND_QTY,
  [CommandKind.RELEASE_ESCROW]: GRANT_ONLY,
  [CommandKind.FILE_CLAIM]: GRANT_ONLY,
  [CommandKind.RESOLVE_CLAIM]: GRANT_ONLY,
  [CommandKind.RECORD_DELIVERY_EVIDENCE]: GRANT_AND_QTY,
  [CommandKind.FILE_DISPUTE]: [['actor', N], ['grantId', N], ['reason', N]],
  [CommandKind.DECIDE_DISPUTE]: [['actor', N], ['grantId', N], ['refundQty', N], ['chargeProviderMicros', N]],
  [CommandKind.SUBSCRIBE]: [
    ['actor', N],
    ['contract', S],
    ['qtyPerWindow', N],
    ['capPriceMicros', N],
    ['budgetMicros', N],
    ['trigger', N],
    ['autoExercise', B],
    ['maxSkips', N],
    ['includeCurrent', B],
    ['delivery', N],
    ['webhookUrl', S],
    ['pushAuthorisation', S],
  ],
  [CommandKind.CANCEL_SUBSCRIPTION]: SUBSCRIPTION_ONLY,
  [CommandKind.RESUME_SUBSCRIPTION]: SUBSCRIPTION_ONLY,
  [CommandKind.RUN_SUBSCRIPTIONS]: [['actor', N], ['maxActions', N]],
  [CommandKind.SET_SEGMENT_SEATS]: [['actor', N], ['segment', S], ['seats', N]],
  [CommandKind.EXERCISE_FROM_LISTING]: [['actor', N], ['seriesId', N], ['qty', N], ['listingId', N]],
  [CommandKind.CREATE_ORGANISATION]: [['actor', N], ['name', S]],
  [CommandKind.SET_ORGANISATION_MEMBER]: [['actor', N], ['organisationId', N], ['memberAccountId', N], ['role', N]],
  [CommandKind.REMOVE_ORGANISATION_MEMBER]: [['actor', N], ['organisationId', N], ['memberAccountId', N]],
  [CommandKind.MOVE_ORGANISATION_FUNDS]: [['actor', N], ['organisationId', N], ['toOrganisation', B], ['amountMicros', N]],
  [CommandKind.SET_USAGE_LISTING]: [['actor', N], ['accountId', N], ['segment', S], ['listingId', N], ['listingVersion', N], ['usageUnit', N], ['unitsPerRight', N]],
  [CommandKind.RECORD_USAGE]: [['actor', N], ['grantId', N], ['units', N]],
  [CommandKind.INVITE_ORGANISATION_MEMBER]: [['actor', N], ['organisationId', N], ['inviteeAccountId', N], ['role', N]],
  [CommandKind.ACCEPT_ORGANISATION_INVITATION]: INVITATION_ONLY,
  [CommandKind.DECLINE_ORGANISATION_INVITATION]: INVITATION_ONLY,
  [CommandKind.REVOKE_ORGANISATION_INVITATION]: INVITATION_ONLY,
  [CommandKind.ARM_CANCEL_ON_DISCONNECT]: [['actor', N], ['accountId', N]],
  [CommandKind.END_CANCEL_ON_DISCONNECT]: [['actor', N], ['accountId', N], ['sessions', N], ['massCancel', B]],
  [CommandKind.SWEEP_FEES]: [['actor', N], ['treasuryAccountId', N], ['feeRecipient', S], ['amountMicros', N]],
};

/** A row's fields as the loops below read them: each name with its format's codec, without the per-kind typing. */
type LooseRow = readonly (readonly [string, FieldCodec])[];

/** By kind byte; undefined for a kind written out in command-codec.ts, or none at all. Formats resolved once, here. */
const ROW_BY_KIND: readonly (LooseRow | undefined)[] = (() => {
  const rows = new Array<LooseRow | undefined>(256);
  for (const [kind, fields] of Object.entries(ROWS) as [string, readonly (readonly [string, FieldFormat])[]][]) {
    rows[Number(kind)] = fields.map(([name, format]) => [name, FORMATS[format]] as const);
  }
  return rows;
})();

/** Whether `kind` is written by this table. */
export function isRowKind(kind: number): kind is RowKind {
  return ROW_BY_KIND[kind] !== undefined;
}

/** Appends a row kind's command: its kind byte, then its fields. */
export function encodeRow(cmd: CommandOf<RowKind>, out: BinaryWriter): void {
  const fields = ROW_BY_KIND[cmd.kind];
  if (fields === undefined) throw new BinaryWriteError(`unknown command kind ${String(cmd.kind)}`);
  // A command read as a record of its fields: the table, typed per kind above, names only fields the kind has.
  const values = cmd as unknown as Readonly<Record<string, unknown>>;
  out.u8(cmd.kind);
  for (const [name, codec] of fields) codec.write(out, values[name]);
}

/**
 * Reads a row kind's fields after its kind byte. Enum fields come back as the exact number written, unchecked, as
 * in command-codec.ts: validation is the engine's job (a journaled command may be one the engine rejected).
 */
export function decodeRow(kind: RowKind, r: BinaryReader): Command {
  const cmd: Record<string, unknown> = { kind };
  for (const [name, codec] of ROW_BY_KIND[kind]!) cmd[name] = codec.read(r);
  // The object holds exactly the fields the kind's typed row names, in its order.
  return cmd as unknown as Command;
}
