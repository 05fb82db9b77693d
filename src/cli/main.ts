/**
 * `./patx <command>` (or `npm run patx -- <command>`), on commander: `--help` on
 * every command; a usage error (unknown command or flag, a bad number) prints one
 * line and exits 2; a refusal or failure prints one line and exits 1; never a stack.
 * Output is for people by default (tables, enum names); `--json` prints JSON for scripts.
 *
 * In --help's groups, in this order:
 * A wallet's own commands, at the gateway (the wallet and gateway options: src/cli/wallet-options.ts):
 *   book, buy, sell, orders, cancel, balance, positions, exercise, download, grants, claim (src/cli/trading.ts; docs/cli.md);
 *   deposit (src/cli/deposit.ts); withdraw (src/cli/withdraw.ts); subscribe, subscriptions, unsubscribe
 *   (src/cli/subscriptions.ts); tiers, bundle (src/cli/tiers.ts); org create|show|add|role|remove|fund
 *   (src/cli/organisations.ts); account open (src/cli/account.ts); provider open|statement|grants|listing|listings|capacity|mint
 *   (src/cli/provider.ts, provider-supply.ts); provider serve (a serve-only gate for a records file: src/cli/provider-serve.ts); catalog, listing (public; src/cli/catalog.ts),
 *   purchases (src/cli/purchases.ts); fills, settlements (src/cli/fills.ts); wallet new|address (offline; src/cli/wallet.ts)
 * Offline tools read a data directory (the service may be running):
 *   verify, journal, hash, reconcile, payouts, redemptions
 * Operator commands (src/cli/operator-commands.ts) talk HTTP to the running service (src/operator/cli-client.ts):
 *   params, series, halt, resume, kill, release, mmp, audit, exposure, broker, settle, operators,
 *   institution, listings, disputes
 * A trial of replication on one machine: cluster up|status|down (the whole replicated deployment over TLS, in
 *   the background: src/cli/cluster-command.ts), nats (three local nats-servers until Ctrl-C); an AI agent's
 *   MCP server over stdio: mcp (src/mcp/cli-command.ts; docs/mcp.md)
 * PATX_URL (the service's HTTP base) points every command that dials the service at it; PATX_PROFILE=sandbox
 * points the defaults at the sandbox (src/cli/places.ts).
 *
 * `./patx` runs this file compiled (bin/patx.js, scripts/build-cli.mjs). Only commander
 * and the small modules below load at start; a command imports what it needs (the engine
 * and LMDB, settlement and ethers, the config) when it runs, so `--help` and the operator
 * commands never load them.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { Journal } from '../engine/index.js';
import type { PayoutEntry } from '../settlement/index.js';
import { jsonSafe } from '../runtime/json-safe.js';
import { DataDirInUseError, DataDirLock } from '../app/data-dir-lock.js';
import { formatValue, table } from '../operator/cli-format.js';
import { addWithdrawCommand } from './withdraw.js';
import { addSubscriptionCommands } from './subscriptions.js';
import { addTierCommands } from './tiers.js';
import { addOrganisationCommands } from './organisations.js';
import { addTradingCommands } from './trading.js';
import { addMcpCommand } from '../mcp/cli-command.js';
import { cliPlaces, noticeOldSettings, PlacesError, type CliPlaces } from './places.js';
import { addDepositCommand } from './deposit.js';
import { addProviderCommands } from './provider.js';
import { addProviderServeCommand } from './provider-serve.js';
import { addCatalogCommands } from './catalog.js';
import { addPurchasesCommand } from './purchases.js';
import { addRateCommand } from './rating.js';
import { addFillsCommands } from './fills.js';
import { addStatementCommand } from './statement.js';
import { addWalletCommands } from './wallet.js';
import { addAccountCommands } from './account.js';
import { acting } from './command-output.js';
import { addClusterCommand } from './cluster-command.js';
import { wholeNumber } from './id-arg.js';
import { addOperatorCommands } from './operator-commands.js';
import { keepWasmInFirstTier } from './prompt-exit.js';

type Run = (code: Promise<number> | number) => void;

const EXIT_USAGE = 2;
const EXIT_FAILED = 1;

/** `count` comma-separated TCP ports. */
function portList(count: number): (text: string) => number[] {
  return (text) => {
    const ports = text.split(',').map((p) => p.trim());
    if (ports.length !== count || ports.some((p) => !/^\d{1,5}$/.test(p) || Number(p) < 1 || Number(p) > 65_535)) throw new InvalidArgumentError(`expected ${count} comma-separated ports`);
    return ports.map(Number);
  };
}

/** A usage problem found after parsing (e.g. a data directory that does not exist). */
class UsageError extends Error {
  override readonly name = 'UsageError';
}

interface GlobalOptions {
  json: boolean;
  url: string;
  token: string | undefined;
}

function print(json: boolean, value: unknown, human: () => string = () => formatValue(value)): void {
  console.log(json ? JSON.stringify(jsonSafe(value)) : human());
}

/** The data directory, which must exist: an offline tool never creates one. */
function dataDir(dir: string): string {
  if (!existsSync(dir)) throw new UsageError(`no data directory at ${dir} (pass --data DIR, or run the service once)`);
  // A service in another container on this volume: LMDB cannot be read across pid namespaces (its readers are known by pid).
  try {
    DataDirLock.refuseForeignHolder(dir);
  } catch (error) {
    if (error instanceof DataDirInUseError) throw new UsageError(`${error.message}; or run this command inside that container (docker exec NAME ./patx ...)`);
    throw error;
  }
  return dir;
}

async function openJournal(dir: string): Promise<Journal> {
  const checked = dataDir(dir);
  const { Journal } = await import('../engine/index.js');
  return Journal.open(checked, { durability: 'commit', readOnly: true });
}

async function verify(dir: string, json: boolean): Promise<number> {
  const { recover } = await import('../engine/index.js');
  const journal = await openJournal(dir);
  try {
    const stats = journal.verify();
    const full = recover(journal, {}, true);
    const fromSnapshot = recover(journal);
    const ok = full.stateHash === fromSnapshot.stateHash;
    const report = {
      journal: { ok: true, ...stats },
      replay: { ok, seq: full.engine.lastSeq, fullReplayHash: full.stateHash, snapshotSeq: fromSnapshot.snapshotSeq, snapshotPlusTailHash: fromSnapshot.stateHash },
    };
    print(json, report, () =>
      [
        `journal: every record checks out (${JSON.stringify(stats)})`,
        ok
          ? `replay: snapshot ${fromSnapshot.snapshotSeq} + tail and a full replay agree at seq ${full.engine.lastSeq}: ${full.stateHash}`
          : `replay: MISMATCH at seq ${full.engine.lastSeq}: full replay ${full.stateHash}, snapshot + tail ${fromSnapshot.stateHash}`,
      ].join('\n'),
    );
    return ok ? 0 : EXIT_FAILED;
  } finally {
    void journal.close();
  }
}

async function printJournal(dir: string, fromSeq: number, limit: number, json: boolean): Promise<number> {
  const { CommandKind, enumName } = await import('../engine/index.js');
  const journal = await openJournal(dir);
  try {
    const rows: Array<{ seq: number; timeMs: number; command: Record<string, unknown> }> = [];
    for (const batch of journal.read(fromSeq)) {
      for (let i = 0; i < batch.commands.length && rows.length < limit; i++) {
        const seq = batch.firstSeq + i;
        if (seq >= fromSeq) rows.push({ seq, timeMs: batch.timeMs, command: { ...batch.commands[i]! } });
      }
      if (rows.length >= limit) break;
    }
    if (json) {
      for (const r of rows) console.log(JSON.stringify(jsonSafe(r)));
    } else {
      console.log(
        table(
          rows.map(({ seq, timeMs, command: { kind, actor, ...rest } }) => ({
            seq,
            time: new Date(timeMs).toISOString(),
            command: enumName(CommandKind, kind as number),
            actor,
            fields: JSON.stringify(jsonSafe(rest)),
          })),
        ),
      );
    }
    return 0;
  } finally {
    void journal.close();
  }
}

async function hash(dir: string, json: boolean): Promise<number> {
  const { recover } = await import('../engine/index.js');
  const journal = await openJournal(dir);
  try {
    const r = recover(journal);
    print(json, { seq: r.engine.lastSeq, stateHash: r.stateHash }, () => `seq ${r.engine.lastSeq}: ${r.stateHash}`);
    return 0;
  } finally {
    void journal.close();
  }
}

async function reconcileCommand(dir: string, rpcUrl: string | undefined, json: boolean): Promise<number> {
  const [{ reconcileDataDir }, { loadConfig }] = await Promise.all([import('../settlement/offline.js'), import('../app/config.js')]);
  const report = await reconcileDataDir({
    dataDir: dataDir(dir),
    config: loadConfig(process.env, { dataDir: dir }).settlement,
    rpcUrl,
    onWaitForState: (block, head, waitMs) =>
      process.stderr.write(`patx: the node has no state for block ${block} yet (its head is ${head}; a chain just restored has none until its next block): waiting up to ${waitMs / 1000} s\n`),
  });
  const surplus = report.unaccountedWei === null || report.unaccountedWei === '0' ? '' : `\nnote: the vault holds ${report.unaccountedWei} wei of PAT beyond every balance it keeps: sent to it with a plain transfer, not deposit, so credited to nobody (a running service raises the alarm vault-surplus at its next reconciliation; this command raises none)`;
  print(json, report, () =>
    (report.ok ? `reconciled: the chain equals the ledger (block ${report.block})` : `MISMATCH: ${report.mismatches.length} difference(s)\n${formatValue(report.mismatches)}`) + surplus,
  );
  return report.ok ? 0 : EXIT_FAILED;
}

async function payoutsCommand(dir: string, accountId: number, fromBatchId: number, limit: number, json: boolean, month: string | undefined, byMonth: boolean): Promise<number> {
  const [statement, { loadConfig }] = await Promise.all([import('../settlement/payout-statement.js'), import('../app/config.js')]);
  const { payoutStatement, utcMonth } = statement;
  const all = await payoutStatement({ dataDir: dataDir(dir), config: loadConfig(process.env, { dataDir: dir }).settlement, accountId, fromBatchId, limit });
  const entries = month === undefined ? all : all.filter((e) => utcMonth(e.settledAtMs) === month);
  // Offline the statement has its batches only: the service's GET /v1/payouts/statement adds redemptions, withdrawals and held PAT per month.
  const rows: unknown[] = byMonth ? monthsOfEntries(entries, statement) : entries;
  if (json) for (const r of rows) console.log(JSON.stringify(jsonSafe(r)));
  else console.log(formatValue(jsonSafe(rows)));
  return 0;
}

/**
 * Per UTC month, oldest first: the batches, spot sales (forward gross apart), fees, refunds repaid (of them from free PAT)
 * and net PAT of these entries, summed as the store sums its month rows (`addEntry`), so gross − fees − refunded = net
 * for spot sales as in the statement's batches.
 */
function monthsOfEntries(entries: readonly PayoutEntry[], s: Pick<typeof import('../settlement/payout-statement.js'), 'addEntry' | 'emptyPayoutMonth' | 'utcMonth'>): object[] {
  const months = new Map<string, ReturnType<typeof s.emptyPayoutMonth>>();
  for (const e of entries) {
    const month = s.utcMonth(e.settledAtMs);
    let m = months.get(month);
    if (m === undefined) months.set(month, (m = s.emptyPayoutMonth(month, e.batchId)));
    s.addEntry(m, e);
  }
  return [...months.values()]
    .sort((a, b) => (a.month < b.month ? -1 : 1))
    .map((m) => ({ month: m.month, batches: m.batches, fills: m.fills, qty: m.qty, grossMicros: m.grossMicros, forwardGrossMicros: m.forwardGrossMicros, feesMicros: m.feesMicros, refundedMicros: m.refundedMicros, refundedFromFreeMicros: m.fromFreeMicros, netWei: m.netWei }));
}

function monthArg(value: string): string {
  if (!/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(value)) throw new InvalidArgumentError('a UTC calendar month, YYYY-MM (e.g. 2026-11)');
  return value;
}

async function redemptionsCommand(dir: string, accountId: number, limit: number, json: boolean): Promise<number> {
  const { readProviderGrants } = await import('../grants/provider-grants.js');
  const rows = (await readProviderGrants(dataDir(dir), accountId, limit)).map((r) => ({
    grantId: r.signed.grant.grantId,
    exerciseId: r.exerciseId,
    seriesId: r.signed.grant.seriesId,
    listing: `${r.signed.grant.listingId} v${r.signed.grant.listingVersion}`,
    consumer: r.signed.grant.consumer,
    qty: r.signed.grant.quantity,
    delivered: r.delivered,
    reportedByProvider: r.reportedByProvider,
    counted: r.counted,
    refusals: r.refusals,
    exercisedAt: new Date(r.issuedAtMs).toISOString(),
    // Rules 3: the sale proceeds behind the grant ('-' for a grant issued before escrow).
    escrow: r.escrow?.state ?? '-',
    heldMicros: r.escrow?.heldMicros ?? 0,
    releasedMicros: r.escrow?.releasedMicros ?? 0,
    // What was paid back from the provider's proceeds (or free PAT); the due at the consumer's price beside it.
    refundMicros: r.escrow?.refund === undefined ? 0 : r.escrow.refund.fromHeldMicros + r.escrow.refund.fromProviderMicros,
    refundDueMicros: r.escrow?.refund?.refundMicros ?? 0,
  }));
  if (json) for (const row of rows) console.log(JSON.stringify(row));
  else console.log(formatValue(rows));
  return 0;
}

/** Three nats-servers on 127.0.0.1 until Ctrl-C: what `PATX_REPLICATION_SERVERS` names in a trial on one machine. */
async function natsCommand(dir: string, ports: readonly number[], json: boolean): Promise<number> {
  const { startLocalCluster } = await import('../replication/local-cluster.js');
  const cluster = await startLocalCluster({ dir, clientPorts: ports });
  print(json, { servers: cluster.servers }, () => `three nats-servers with JetStream (stores under ${dir}); Ctrl-C stops them\nPATX_REPLICATION_SERVERS=${cluster.servers.join(',')}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await cluster.stop();
  return 0;
}

/** Where `npm start` writes its operator token: under the data directory (PATX_DATA_DIR, the profile's, ./data). */
function operatorTokenFile(): string {
  return path.resolve(cliPlaces().dataDir, 'operator-token');
}

/** The token `npm start` generated under the data directory, when PATX_OPERATOR_TOKEN is not set. */
function savedOperatorToken(): string | undefined {
  const file = operatorTokenFile();
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

/** What each group of commands takes from the program being built. */
interface ProgramParts {
  /** Ends the CLI with a command's exit code. */
  readonly run: Run;
  readonly places: CliPlaces;
  /** The global options, read when a command runs (after parsing). */
  readonly globals: () => GlobalOptions;
  readonly json: () => boolean;
}

export function buildProgram(run: Run): Command {
  const places = cliPlaces();
  /** The operator token's file as the help names it (relative as the data directory is given). */
  const tokenFileShown = `${places.dataDir.replace(/\/+$/, '')}/operator-token`;
  const program = new Command('patx')
    .description('PATX from the command line: trade as a wallet, operate the running service, check a data directory')
    .option('--json', 'print JSON (for scripts) instead of tables', false)
    .addOption(new Option('--url <url>', 'operator API of the running service (default: PATX_URL/operator)').default(places.operatorUrl))
    .addOption(new Option('--token <token>', `operator credential (default: ${tokenFileShown}, what the service wrote)`).env('PATX_OPERATOR_TOKEN'))
    .exitOverride();
  const globals = (): GlobalOptions => {
    const o = program.opts<{ json: boolean; url: string; token?: string }>();
    return { json: o.json, url: o.url, token: o.token ?? savedOperatorToken() };
  };
  const parts: ProgramParts = { run, places, globals, json: () => globals().json };

  // Help lists the groups in this order: what a newcomer does first (trade) first.
  program.commandsGroup("Trade as a wallet (docs/cli.md; the wallet: --dev-key N, --key-file FILE or PATX_WALLET_KEY):");
  addWalletGroup(program, parts);
  program.commandsGroup('Check a data directory (offline; the service may be running):');
  addOfflineGroup(program, parts);
  program.commandsGroup(`Operate the running service (the operator's token: ${tokenFileShown} or PATX_OPERATOR_TOKEN):`);
  addOperatorCommands(program, operatorRunner(parts));
  program.commandsGroup('Beyond one machine, and AI agents:');
  addBeyondOneMachineGroup(program, parts);
  return program;
}

/** A wallet's own commands at the gateway (their modules: this file's header). */
function addWalletGroup(program: Command, { run, json, globals }: ProgramParts): void {
  addTradingCommands(program, run, json);
  addDepositCommand(program, run, json);
  addWithdrawCommand(program, run, json);
  addSubscriptionCommands(program, run, json);
  addTierCommands(program, run, json);
  addOrganisationCommands(program, run, json);
  const act = acting(run, json);
  addProviderCommands(program, act);
  addProviderServeCommand(program, act);
  addCatalogCommands(program, act);
  addPurchasesCommand(program, act);
  addRateCommand(program, act);
  addFillsCommands(program, act);
  addStatementCommand(program, act, () => ({ url: globals().url, token: globals().token }));
  addWalletCommands(program, act);
  addAccountCommands(program, act);
}

/** The offline tools: each reads a data directory (`--data`), never the running service. */
function addOfflineGroup(program: Command, { run, json, places }: ProgramParts): void {
  const dataOption = (): Option => new Option('--data <dir>', 'data directory').env('PATX_DATA_DIR').default(places.dataDir);
  program.command('verify').description('check every journal record; prove snapshot + tail equals a full replay').addOption(dataOption())
    .action((o: { data: string }) => run(verify(o.data, json())));
  program.command('journal').description('the journaled commands, from a seq').addOption(dataOption())
    .option('--from <seq>', 'first seq', wholeNumber(1), 1)
    .option('--limit <n>', 'at most this many', wholeNumber(1), 1000)
    .action((o: { data: string; from: number; limit: number }) => run(printJournal(o.data, o.from, o.limit, json())));
  program.command('hash').description('the recovered state hash').addOption(dataOption())
    .action((o: { data: string }) => run(hash(o.data, json())));
  program.command('reconcile').description('on-chain vault balances and rights against the ledger (exit 1 on a mismatch)').addOption(dataOption())
    .option('--rpc <url>', 'the chain (default: the running service\'s)')
    .action((o: { data: string; rpc?: string }) => run(reconcileCommand(o.data, o.rpc, json())));
  program.command('redemptions').description("a provider's exercised rights: each grant, its consumer, what its gate reported delivered, and its escrow (held, released, refunded)").addOption(dataOption())
    .requiredOption('--account <id>', 'the provider account', wholeNumber(1))
    .option('--limit <n>', 'newest first, at most', wholeNumber(1), 100)
    .action((o: { data: string; account: number; limit: number }) => run(redemptionsCommand(o.data, o.account, o.limit, json())));
  program.command('payouts').description("a provider's payout statement, batch by batch").addOption(dataOption())
    .requiredOption('--account <id>', 'the provider\'s account id', wholeNumber(1))
    .option('--from <batch>', 'first batch id', wholeNumber(1), 1)
    .option('--limit <n>', 'at most this many', wholeNumber(1), 1000)
    .option('--month <YYYY-MM>', 'only the batches settled in this UTC calendar month', monthArg)
    .option('--months', 'totals per UTC calendar month instead of the batches')
    .action((o: { data: string; account: number; from: number; limit: number; month?: string; months?: boolean }) => run(payoutsCommand(o.data, o.account, o.from, o.limit, json(), o.month, o.months === true)));
}

/** Runs an operator command with the operator's HTTP client (loaded only then), at the global --url and --token. */
function operatorRunner({ run, globals }: ProgramParts): (args: string[]) => void {
  return (args) => {
    const g = globals();
    noticeOldSettings();
    run(import('../operator/cli-client.js').then(({ runOperatorCli }) => runOperatorCli(args, { url: g.url, token: g.token, json: g.json, tokenFile: operatorTokenFile() })));
  };
}

/** A trial of replication on one machine (nats, cluster), and the MCP server for AI agents. */
function addBeyondOneMachineGroup(program: Command, { run, json, places }: ProgramParts): void {
  program.command('nats').description('three nats-servers with JetStream on 127.0.0.1, to try replication on one machine (Ctrl-C stops them)')
    .option('--dir <dir>', 'where they keep their stores', './data-nats')
    .option('--ports <ports>', 'their three client ports', portList(3), [4222, 4223, 4224])
    .action((o: { dir: string; ports: number[] }) => run(natsCommand(o.dir, o.ports, json())));
  addClusterCommand(program, run, json);
  addMcpCommand(program, run, places.gatewayUrl, noticeOldSettings);
}

/** Runs the CLI on `argv` (without node and script); resolves with the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  let pending: Promise<number> | number = 0;
  const program = buildProgram((code) => (pending = code));
  program.configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return await pending;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    if (error instanceof UsageError || error instanceof PlacesError) {
      console.error(`patx: ${error.message}`);
      return EXIT_USAGE;
    }
    const e = error as Error;
    console.error(`patx: ${e.name}: ${e.message}`);
    return EXIT_FAILED;
  }
}

/** Runs the CLI as the whole process (bin/patx.js, a test's child): sets its exit code, and exits as soon as it is done (prompt-exit.ts). */
export async function runCliProcess(argv: readonly string[]): Promise<void> {
  keepWasmInFirstTier();
  process.exitCode = await runCli(argv);
}

// The compiled entry is dist/cli/<build>/cli.js; the sources run as src/cli/main.ts.
if (process.argv[1] !== undefined && /(?:cli|[\\/]cli[\\/]main)\.[jt]s$/.test(process.argv[1])) void runCliProcess(process.argv.slice(2));
